/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-test-harness.h"

static DcTestServer *server;

static JsonObject *
object_of (DcTestResponse *r)
{
  return dc_test_response_object (r);
}

static DcTestResponse *
post_file (const char *token,
           const char *query,
           GBytes     *data)
{
  g_autofree char *path = g_strconcat ("/api/inventory/import", query, NULL);

  return dc_test_request_bytes (server, "POST", path, token, "text/csv", data, NULL);
}

static GBytes *
read_sample (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static gint64
inventory_total (const char *token,
                 gint64     *out_quantity)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/inventory?per_page=1",
                                                 token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  if (out_quantity)
    *out_quantity = json_object_get_int_member (object_of (r), "total_quantity");
  return json_object_get_int_member (object_of (r), "total");
}

static void
assert_accounting (JsonObject *result)
{
  JsonArray *unresolved = json_object_get_array_member (result, "unresolved");
  gint64 unresolved_quantity = 0;

  for (guint i = 0; i < json_array_get_length (unresolved); i++)
    {
      JsonObject *u = json_array_get_object_element (unresolved, i);

      g_assert_cmpint (json_object_get_int_member (u, "line"), >, 0);
      g_assert_nonnull (json_object_get_string_member (u, "reason"));
      g_assert_nonnull (json_object_get_string_member (u, "text"));
      unresolved_quantity += json_object_get_int_member_with_default (u, "quantity", 0);
    }
  /* Every row is imported or reported; every copy is accounted for. */
  g_assert_cmpint (json_object_get_int_member (result, "rows"), ==,
                   json_object_get_int_member (result, "imported") +
                   json_array_get_length (unresolved));
  g_assert_cmpint (json_object_get_int_member (result, "quantity_total"), ==,
                   json_object_get_int_member (result, "quantity_imported") + unresolved_quantity);
}

/* Every real sample, as a new user would send it: detected, accounted for, nothing written. */
static void
test_every_sample_dry_run (void)
{
  g_autofree char *token = dc_test_register_user (server, "dryrunner");
  g_autofree char *dir_path = dc_test_data_path ("csv-samples");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint files = 0;
  gint64 imported = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GBytes) data = read_sample (path);
      g_autoptr(DcTestResponse) r = post_file (token, "?dry_run=true", data);
      g_auto(GStrv) parts = g_strsplit (name, "-", 2);
      const char *format;

      g_assert_cmpuint (r->status, ==, 200);
      format = json_object_get_string_member (object_of (r), "format");
      /* Sample files are named after the app that wrote them. */
      if (!g_str_has_prefix (name, "marketplace"))
        g_assert_cmpstr (format, ==, parts[0]);
      assert_accounting (object_of (r));
      imported += json_object_get_int_member (object_of (r), "imported");
      files++;
    }
  g_assert_cmpuint (files, >=, 20);
  g_assert_cmpint (imported, >, 5000);
  g_assert_cmpint (inventory_total (token, NULL), ==, 0);
}

static void
test_import_writes_items (void)
{
  g_autofree char *token = dc_test_register_user (server, "importer");
  g_autofree char *path = dc_test_data_path ("csv-samples/manabox-list-export-stepkie.csv");
  g_autoptr(GBytes) data = read_sample (path);
  g_autoptr(DcTestResponse) r = post_file (token, "", data);
  gint64 quantity = 0;

  g_assert_cmpuint (r->status, ==, 200);
  assert_accounting (object_of (r));
  g_assert_cmpint (inventory_total (token, &quantity), ==,
                   json_object_get_int_member (object_of (r), "items"));
  g_assert_cmpint (quantity, ==, json_object_get_int_member (object_of (r), "quantity_imported"));
}

static void
test_text_list (void)
{
  g_autofree char *token = dc_test_register_user (server, "texter");
  g_autoptr(GBytes) data = g_bytes_new_static ("4x Lightning Bolt (FCA) 40 NM foil\n"
                                               "2 Sol Ring (TMC) 59\n"
                                               "1 Not A Real Card Name At All\n", 86);
  g_autoptr(DcTestResponse) r = post_file (token, "?format=auto", data);
  g_autoptr(DcTestResponse) list = NULL;
  JsonArray *unresolved;
  JsonArray *items;
  gboolean saw_bolt = FALSE;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (r), "format"), ==, "text");
  g_assert_cmpint (json_object_get_int_member (object_of (r), "imported"), ==, 2);
  unresolved = json_object_get_array_member (object_of (r), "unresolved");
  g_assert_cmpuint (json_array_get_length (unresolved), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (unresolved, 0),
                                               "line"), ==, 3);
  assert_accounting (object_of (r));

  list = dc_test_request (server, "GET", "/api/inventory", token, NULL, NULL);
  items = json_object_get_array_member (object_of (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "card_id"),
                     "e89794ab-6070-4916-936f-2b42fe41d31b") == 0)
        {
          saw_bolt = TRUE;
          g_assert_cmpint (json_object_get_int_member (item, "quantity"), ==, 4);
          g_assert_cmpstr (json_object_get_string_member (item, "finish"), ==, "foil");
          g_assert_cmpstr (json_object_get_string_member (item, "source"), ==, "import:text");
        }
    }
  g_assert_true (saw_bolt);
}

/* Our own export, imported by someone else, is the same collection. */
static void
test_export_round_trip (void)
{
  g_autofree char *a = dc_test_register_user (server, "exporter");
  g_autofree char *b = dc_test_register_user (server, "reimporter");
  g_autofree char *path = dc_test_data_path ("csv-samples/moxfield-real-export-stepkie.csv");
  g_autoptr(GBytes) data = read_sample (path);
  g_autoptr(DcTestResponse) first = post_file (a, "", data);
  g_autoptr(DcTestResponse) exported = NULL;
  g_autoptr(DcTestResponse) second = NULL;
  g_autoptr(DcTestResponse) exported_again = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  exported = dc_test_request (server, "GET", "/api/inventory/export?format=dualcaster", a, NULL,
                              NULL);
  g_assert_cmpuint (exported->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (exported->headers,
                                                                          NULL), "text/csv"));
  second = post_file (b, "?format=dualcaster", exported->body);
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (object_of (second),
                                                                        "unresolved")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object_of (second), "guessed"), ==, 0);
  exported_again = dc_test_request (server, "GET", "/api/inventory/export?format=dualcaster", b,
                                    NULL, NULL);
  g_assert_true (g_bytes_equal (exported->body, exported_again->body));
}

static void
test_every_export_format (void)
{
  g_autofree char *token = dc_test_register_user (server, "formats");
  const char *formats[] = { "dualcaster", "manabox", "moxfield", "deckbox", "tcgplayer",
                            "dragonshield", "archidekt", "topdecked", "mtggoldfish",
                            "cardmarket", "delverlens", "text" };
  g_autoptr(DcTestResponse) add = dc_test_request (server, "POST", "/api/inventory", token,
                                                   "{\"card_id\":\"e89794ab-6070-4916-936f-"
                                                   "2b42fe41d31b\",\"quantity\":3}", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_strconcat ("/api/inventory/export?format=", formats[i], NULL);
      g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", path, token, NULL, NULL);
      g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL),
                                         g_bytes_get_size (r->body));

      g_assert_cmpuint (r->status, ==, 200);
      if (!g_str_equal (formats[i], "cardmarket"))
        g_assert_nonnull (strstr (text, "Lightning Bolt"));
    }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET",
                                                   "/api/inventory/export?format=excel", token,
                                                   NULL, NULL);
    dc_test_assert_envelope (r, 422);
  }
}

static void
test_bad_input (void)
{
  g_autofree char *token = dc_test_register_user (server, "badinput");
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) some = g_bytes_new_static ("1 Sol Ring\n", 11);
  g_autoptr(DcTestResponse) r1 = post_file (token, "", empty);
  g_autoptr(DcTestResponse) r2 = post_file (token, "?format=lotus-notes", some);
  g_autoptr(DcTestResponse) r3 = post_file (NULL, "", some);
  g_autoptr(DcTestResponse) r4 = post_file (token, "?dry_run=perhaps", some);

  dc_test_assert_envelope (r1, 422);
  dc_test_assert_envelope (r2, 422);
  dc_test_assert_envelope (r3, 401);
  dc_test_assert_envelope (r4, 422);
  g_assert_cmpint (inventory_total (token, NULL), ==, 0);

  /* Imports may be up to 16 MiB; beyond, 413 — and nothing written. */
  {
    gsize size = 16 * 1024 * 1024 + 16;
    char *big = g_malloc (size);
    g_autoptr(GBytes) huge = NULL;
    g_autoptr(DcTestResponse) r = NULL;

    for (gsize i = 0; i < size; i += 11)
      memcpy (big + i, "1 Sol Ring\n", MIN (11, size - i));
    huge = g_bytes_new_take (big, size);
    r = post_file (token, "", huge);
    dc_test_assert_envelope (r, 413);
    g_assert_cmpint (inventory_total (token, NULL), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");

    server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_AUTH_RATE_LIMIT=1000",
                                                         "DUALCASTER_ACCESS_LOG=0", NULL });
    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
    dc_test_server_start (server);
  }

  g_test_add_func ("/Dc/Import/every-sample-dry-run", test_every_sample_dry_run);
  g_test_add_func ("/Dc/Import/writes-items", test_import_writes_items);
  g_test_add_func ("/Dc/Import/text-list", test_text_list);
  g_test_add_func ("/Dc/Import/export-round-trip", test_export_round_trip);
  g_test_add_func ("/Dc/Import/every-export-format", test_every_export_format);
  g_test_add_func ("/Dc/Import/bad-input", test_bad_input);

  ret = g_test_run ();
  dc_test_server_free (server);
  return ret;
}
