/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sync benchmark (DESIGN §15): first sync of a 10,000-item collection (< 2 s) and an
 * incremental sync of 10 edits (< 50 ms), against the real server over HTTP. */
#include "config.h"

#include "dc-test-harness.h"

#define ITEMS 10000
#define CARD "e89794ab-6070-4916-936f-2b42fe41d31b"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static JsonObject *
do_sync (DcTestServer *server,
      const char   *token,
      const char   *device,
      gint64        cursor,
      const char   *ops)
{
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"%s\",\"cursor\":%" G_GINT64_FORMAT
                                           ",\"ops\":[%s]}", device, cursor, ops ? ops : "");
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/sync", token, body, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (dc_test_response_object (r));
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
  g_autoptr(DcTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) incremental = g_array_new (FALSE, FALSE, sizeof (double));
  double start, first_ms;
  gint64 cursor = 0;
  guint rows = 0, pages = 0;
  gboolean has_more = TRUE;

  server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_ACCESS_LOG=0", NULL });
  g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL), ==, 0);
  dc_test_server_start (server);
  token = dc_test_register_user (server, "bencher");

  for (int batch = 0; batch < ITEMS / 500; batch++)
    {
      g_autoptr(GString) ops = g_string_new (NULL);
      g_autoptr(JsonObject) r = NULL;

      for (int i = 0; i < 500; i++)
        {
          char *id = g_uuid_string_random ();

          g_string_append_printf (ops, "%s{\"op_id\":\"u%d-%d\",\"type\":\"upsert\","
                                  "\"entity\":\"inventory_item\",\"id\":\"%s\",\"fields\":"
                                  "{\"card_id\":\"" CARD "\",\"quantity\":%d,\"condition\":\"NM\","
                                  "\"notes\":\"binder page %d\"}}",
                                  i ? "," : "", batch, i, id, 1 + i % 4, i / 9);
          g_ptr_array_add (ids, id);
        }
      r = do_sync (server, token, "uploader", G_MAXINT64 / 2, ops->str);
    }

  /* A new device pulls the whole collection. */
  start = now_ms ();
  while (has_more)
    {
      g_autoptr(JsonObject) r = do_sync (server, token, "new-device", cursor, NULL);

      rows += json_array_get_length (json_object_get_array_member (r, "changes"));
      cursor = json_object_get_int_member (r, "cursor");
      has_more = json_object_get_boolean_member (r, "has_more");
      pages++;
    }
  first_ms = now_ms () - start;
  g_assert_cmpuint (rows, ==, ITEMS);

  /* Then edits 10 rows at a time and syncs, 50 times. */
  for (int round = 0; round < 50; round++)
    {
      g_autoptr(GString) ops = g_string_new (NULL);
      g_autoptr(JsonObject) r = NULL;
      double t0;

      for (int i = 0; i < 10; i++)
        g_string_append_printf (ops, "%s{\"op_id\":\"e%d-%d\",\"type\":\"adjust\","
                                "\"entity\":\"inventory_item\",\"id\":\"%s\","
                                "\"quantity_delta\":1}", i ? "," : "", round, i,
                                (char *) g_ptr_array_index (ids, (round * 10 + i) % ITEMS));
      t0 = now_ms ();
      r = do_sync (server, token, "new-device", cursor, ops->str);
      g_array_append_vals (incremental, (double[]) { now_ms () - t0 }, 1);
      cursor = json_object_get_int_member (r, "cursor");
    }
  g_array_sort (incremental, compare_double);

  g_print ("sync: first sync of %d items: %.0f ms in %u pages (target < 2000 ms) %s\n", ITEMS,
           first_ms, pages, first_ms < 2000 ? "OK" : "MISSED");
  g_print ("sync: incremental sync of 10 edits: p50 %.1f ms, p99 %.1f ms, max %.1f ms "
           "(target < 50 ms) %s\n",
           g_array_index (incremental, double, 24), g_array_index (incremental, double, 49),
           g_array_index (incremental, double, 49),
           g_array_index (incremental, double, 49) < 50 ? "OK" : "MISSED");
  return 0;
}
