/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dc-catalog-test-data.h"
#include "dc-test-harness.h"

#define BOLT_FCA   "e89794ab-6070-4916-936f-2b42fe41d31b" /* Lightning Bolt, fca 40 */
#define TEFERI_WAR "5cb76266-ae50-4bbc-8f96-d98f309b02d3" /* in the MTGJSON sample */
#define SUBSET     40

/* The first SUBSET lines of the real demo catalog plus Lightning Bolt (FCA). */
static GPtrArray *
subset_lines (void)
{
  g_autofree char *path = dc_test_demo_path ("cards.jsonl.gz");
  g_autoptr(GPtrArray) all = dc_catalog_test_read_lines (path);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  gboolean bolt = FALSE;

  for (guint i = 0; i < all->len; i++)
    {
      const char *line = g_ptr_array_index (all, i);

      if (strstr (line, "\"id\":\"" BOLT_FCA "\"") != NULL)
        {
          g_ptr_array_add (lines, g_strdup (line));
          bolt = TRUE;
        }
      else if (lines->len < SUBSET)
        g_ptr_array_add (lines, g_strdup (line));
    }
  g_assert_true (bolt);
  g_assert_cmpuint (lines->len, ==, SUBSET + 1);
  return lines;
}

/* The layout of Scryfall's bulk files: "[", one card per line with a trailing comma, "]";
 * with CRLF line ends when @crlf. */
static GPtrArray *
as_json_array (GPtrArray *lines,
               gboolean   crlf)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  const char *end = crlf ? "\r" : "";

  g_ptr_array_add (array, g_strconcat ("[", end, NULL));
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (array, g_strconcat (g_ptr_array_index (lines, i),
                                         i + 1 < lines->len ? "," : "", end, NULL));
  g_ptr_array_add (array, g_strconcat ("]", end, NULL));
  return array;
}

static int
run (DcTestServer  *server,
     char         **out_output,
     const char    *command,
     const char    *arg1,
     const char    *arg2)
{
  return dc_test_server_run_command (server, out_output, command, arg1, arg2, NULL);
}

static JsonObject *
get_object (DcTestServer    *server,
            const char      *path,
            DcTestResponse **out_response)
{
  DcTestResponse *response = dc_test_request (server, "GET", path, NULL, NULL, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  *out_response = response;
  return dc_test_response_object (response);
}

static JsonObject *
find_point (JsonArray  *points,
            const char *day,
            const char *finish,
            const char *currency)
{
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);

      if (g_str_equal (json_object_get_string_member (point, "day"), day) &&
          g_str_equal (json_object_get_string_member (point, "finish"), finish) &&
          g_str_equal (json_object_get_string_member (point, "currency"), currency))
        return point;
    }
  return NULL;
}

static void
test_input_formats (void)
{
  g_autoptr(GPtrArray) lines = subset_lines ();
  g_autoptr(GPtrArray) array = as_json_array (lines, FALSE);
  g_autoptr(GPtrArray) array_crlf = as_json_array (lines, TRUE);
  g_autofree char *dir = g_dir_make_tmp ("dc-import-XXXXXX", NULL);
  struct { const char *name; GPtrArray *lines; gboolean gzip; } files[] = {
    { "cards.jsonl", lines, FALSE },
    { "cards.jsonl.gz", lines, TRUE },
    { "cards-array.json", array, FALSE },
    { "cards-array-crlf.json", array_crlf, FALSE },
    /* The name says nothing: gzip is found by its magic bytes. */
    { "cards-array.json.data", array, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = dc_catalog_test_write_file (dir, files[i].name, files[i].lines,
                                                          files[i].gzip);
      g_autoptr(DcTestServer) server = dc_test_server_prepare (NULL);
      g_autofree char *output = NULL;
      g_autoptr(DcTestResponse) response = NULL;
      JsonArray *results;

      g_test_message ("importing %s", files[i].name);
      g_assert_cmpint (run (server, &output, "import-scryfall", path, "--day=2026-01-01"), ==, 0);
      g_assert_nonnull (strstr (output, "41 cards (41 new or changed)"));
      g_assert_null (strstr (output, "skipped"));
      g_unlink (path);

      dc_test_server_start (server);
      results = json_object_get_array_member (
        get_object (server, "/api/cards/search?q=lightning+bolt", &response), "results");
      g_assert_cmpuint (json_array_get_length (results), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                      "id"), ==, BOLT_FCA);
    }
  g_rmdir (dir);
}

static char *
catalog_etag (DcTestServer *server,
              gint64       *out_version)
{
  g_autoptr(DcTestResponse) response = dc_test_request (server, "GET", "/api/cards/catalog",
                                                        NULL, NULL, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  *out_version = g_ascii_strtoll (soup_message_headers_get_one (response->headers,
                                                                "X-Catalog-Version"),
                                  NULL, 10);
  return g_strdup (soup_message_headers_get_one (response->headers, "ETag"));
}

static guint
catalog_lines_since (DcTestServer *server,
                     gint64        version)
{
  g_autofree char *path = g_strdup_printf ("/api/cards/catalog?since=%" G_GINT64_FORMAT,
                                           version);
  g_autoptr(DcTestResponse) response = dc_test_request (server, "GET", path, NULL, NULL, NULL);
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  char *line;
  guint n = 0;

  g_assert_cmpuint (response->status, ==, 200);
  raw = g_memory_input_stream_new_from_bytes (response->body);
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  in = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  data = g_data_input_stream_new (in);
  while ((line = g_data_input_stream_read_line (data, NULL, NULL, NULL)) != NULL)
    {
      n++;
      g_free (line);
    }
  return n;
}

static JsonArray *
bolt_history (DcTestServer    *server,
              DcTestResponse **out_response)
{
  return json_object_get_array_member (
    get_object (server, "/api/cards/" BOLT_FCA "/history?days=3650", out_response), "points");
}

/* The nonfoil USD price of Lightning Bolt (FCA) as search answers it. */
static char *
bolt_search_price (DcTestServer *server)
{
  g_autoptr(DcTestResponse) response = NULL;
  JsonArray *results = json_object_get_array_member (
    get_object (server, "/api/cards/search?q=lightning+bolt&set=fca", &response), "results");
  JsonObject *point;

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  point = find_point (json_object_get_array_member (json_array_get_object_element (results, 0),
                                                    "prices"), "2026-01-02", "nonfoil", "USD");
  g_assert_nonnull (point);
  return g_strdup (json_object_get_string_member (point, "amount"));
}

/* Re-importing the same file changes nothing; a new day adds that day's prices; a changed
 * line changes that card only. The server keeps running all along. */
static void
test_reimport (void)
{
  g_autoptr(GPtrArray) lines = subset_lines ();
  g_autofree char *dir = g_dir_make_tmp ("dc-import-XXXXXX", NULL);
  g_autofree char *path = dc_catalog_test_write_file (dir, "cards.jsonl.gz", lines, TRUE);
  g_autofree char *changed_path = NULL;
  g_autoptr(DcTestServer) server = dc_test_server_prepare (NULL);
  g_autoptr(DcTestResponse) h1 = NULL;
  g_autoptr(DcTestResponse) h2 = NULL;
  g_autoptr(DcTestResponse) h3 = NULL;
  g_autoptr(DcTestResponse) h4 = NULL;
  g_autoptr(DcTestResponse) card = NULL;
  g_autofree char *etag1 = NULL;
  g_autofree char *etag2 = NULL;
  g_autofree char *etag3 = NULL;
  g_autofree char *output = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *renumbered = NULL;
  g_autoptr(DcTestResponse) search = NULL;
  JsonArray *results;
  gint64 v1, v2, v3, v4;
  guint n1;
  JsonObject *point;

  g_assert_cmpint (run (server, NULL, "import-scryfall", path, "--day=2026-01-01"), ==, 0);
  dc_test_server_start (server);
  etag1 = catalog_etag (server, &v1);
  n1 = json_array_get_length (bolt_history (server, &h1));
  g_assert_cmpuint (n1, ==, 4); /* usd, usd_foil, eur, eur_foil */

  /* Same file, same day: nothing changes, not even the catalog's ETag. */
  g_assert_cmpint (run (server, &output, "import-scryfall", path, "--day=2026-01-01"), ==, 0);
  g_assert_nonnull (strstr (output, "41 cards (0 new or changed)"));
  etag2 = catalog_etag (server, &v2);
  g_assert_cmpstr (etag2, ==, etag1);
  g_assert_cmpint (v2, ==, v1);
  g_assert_cmpuint (json_array_get_length (bolt_history (server, &h2)), ==, n1);
  g_assert_cmpuint (catalog_lines_since (server, v1), ==, 0);

  /* A new day: the same prices again, as that day's points, and they are now current. */
  g_assert_cmpint (run (server, NULL, "import-scryfall", path, "--day=2026-01-02"), ==, 0);
  g_assert_cmpuint (json_array_get_length (bolt_history (server, &h3)), ==, 2 * n1);
  point = find_point (json_object_get_array_member (dc_test_response_object (h3), "points"),
                      "2026-01-02", "foil", "EUR");
  g_assert_nonnull (point);
  g_assert_cmpstr (json_object_get_string_member (point, "amount"), ==, "14.99");
  etag3 = catalog_etag (server, &v3);
  g_assert_cmpstr (etag3, !=, etag1);
  g_assert_cmpint (v3, ==, v1 + 1);
  g_assert_cmpuint (catalog_lines_since (server, v1), ==, SUBSET + 1);
  before = bolt_search_price (server);
  g_assert_cmpstr (before, ==, "3.76");
  g_free (bolt_search_price (server)); /* now answered from the cache */

  /* One changed price: that card alone is in the next delta, with the new price. */
  for (guint i = 0; i < lines->len; i++)
    {
      char **line = (char **) &g_ptr_array_index (lines, i);
      char *found = strstr (*line, "\"usd\":\"3.76\"");

      if (strstr (*line, BOLT_FCA) != NULL && found != NULL)
        memcpy (found, "\"usd\":\"3.99\"", strlen ("\"usd\":\"3.99\""));
    }
  changed_path = dc_catalog_test_write_file (dir, "cards-changed.jsonl", lines, FALSE);
  g_assert_cmpint (run (server, NULL, "import-scryfall", changed_path, "--day=2026-01-02"), ==,
                   0);
  g_free (catalog_etag (server, &v4));
  g_assert_cmpint (v4, ==, v3 + 1);
  g_assert_cmpuint (catalog_lines_since (server, v3), ==, 1);
  point = find_point (json_object_get_array_member (
                        get_object (server, "/api/cards/" BOLT_FCA, &card), "prices"),
                      "2026-01-02", "nonfoil", "USD");
  g_assert_nonnull (point);
  g_assert_cmpstr (json_object_get_string_member (point, "amount"), ==, "3.99");
  g_assert_cmpuint (json_array_get_length (bolt_history (server, &h4)), ==, 2 * n1);
  /* Search does not answer from a cache of the older catalog. */
  after = bolt_search_price (server);
  g_assert_cmpstr (after, ==, "3.99");

  /* A changed card: the new row replaces the old one, in search too (once). */
  for (guint i = 0; i < lines->len; i++)
    {
      char **line = (char **) &g_ptr_array_index (lines, i);

      if (strstr (*line, BOLT_FCA) != NULL)
        {
          g_autofree char *old = *line;
          g_auto(GStrv) parts = g_strsplit (old, "\"collector_number\":\"40\"", 2);

          g_assert_nonnull (parts[1]);
          *line = g_strjoinv ("\"collector_number\":\"40a\"", parts);
        }
    }
  g_unlink (changed_path);
  g_free (changed_path);
  changed_path = dc_catalog_test_write_file (dir, "cards-changed.jsonl", lines, FALSE);
  g_assert_cmpint (run (server, &renumbered, "import-scryfall", changed_path,
                        "--day=2026-01-02"), ==, 0);
  g_assert_nonnull (strstr (renumbered, "41 cards (1 new or changed)"));
  results = json_object_get_array_member (
    get_object (server, "/api/cards/search?q=lightning+bolt", &search), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                  "collector_number"), ==, "40a");

  g_unlink (path);
  g_unlink (changed_path);
  g_rmdir (dir);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_demo_idempotent (void)
{
  g_autoptr(DcTestServer) server = dc_test_server_prepare (NULL);
  g_autofree char *dir = dc_test_demo_path ("");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *etag1 = NULL;
  g_autofree char *etag2 = NULL;
  g_autoptr(DcTestResponse) h1 = NULL;
  g_autoptr(DcTestResponse) h2 = NULL;
  gint64 v1, v2;
  guint n1;

  g_assert_cmpint (run (server, &first, "import-demo", dir, NULL), ==, 0);
  g_assert_cmpuint (count_occurrences (first, "already imported"), ==, 0);
  dc_test_server_start (server);
  etag1 = catalog_etag (server, &v1);
  n1 = json_array_get_length (json_object_get_array_member (
         get_object (server, "/api/cards/" TEFERI_WAR "/history?days=3650", &h1), "points"));
  g_assert_cmpuint (n1, >, 26);

  g_assert_cmpint (run (server, &second, "import-demo", dir, NULL), ==, 0);
  g_assert_cmpuint (count_occurrences (second, "already imported"), ==, 3);
  etag2 = catalog_etag (server, &v2);
  g_assert_cmpstr (etag2, ==, etag1);
  g_assert_cmpint (v2, ==, v1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      get_object (server, "/api/cards/" TEFERI_WAR "/history?days=3650", &h2),
                      "points")), ==, n1);
}

/* The AllPrices layout names cards by MTGJSON (v4) uuid: it needs the identifiers CSV, and
 * then gives the same 2019 points as the source file. */
static void
test_allprices_with_identifiers (void)
{
  g_autoptr(DcTestServer) server = dc_test_server_prepare (NULL);
  g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
  g_autofree char *allprices = dc_test_demo_path ("allprices-shaped-from-mtgjson-v4.json.gz");
  g_autofree char *identifiers = dc_test_demo_path ("mtgjson-v5-identifiers-subset.csv.gz");
  g_autofree char *v4_lines = dc_test_demo_path ("mtgjson-v4-card-prices.jsonl.gz");
  g_autofree char *identifiers_option = g_strconcat ("--identifiers=", identifiers, NULL);
  g_autofree char *output = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(JsonObject) v4 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) text = NULL;
  g_autoptr(DcTestResponse) history = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *series;
  JsonArray *points;
  JsonObjectIter iter;
  const char *day;
  JsonNode *value;
  guint compared = 0;

  g_assert_cmpint (run (server, NULL, "import-scryfall", cards, NULL), ==, 0);
  g_assert_cmpint (run (server, &refused, "import-mtgjson-prices", allprices, NULL), !=, 0);
  g_assert_nonnull (strstr (refused, "--identifiers"));
  g_assert_cmpint (run (server, &output, "import-mtgjson-prices", allprices,
                        identifiers_option), ==, 0);
  g_assert_nonnull (strstr (output, "unknown printings"));
  dc_test_server_start (server);

  /* Teferi's v4 uuid, then its series in the AllPrices document itself. */
  v4 = dc_catalog_test_find_json_line (v4_lines, "scryfallId", TEFERI_WAR);
  g_assert_nonnull (v4);
  text = dc_catalog_test_read_lines (allprices);
  g_assert_cmpuint (text->len, ==, 1);
  g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (text, 0), -1, &error));
  g_assert_no_error (error);
  series = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "data");
  series = json_object_get_object_member (series, json_object_get_string_member (v4, "uuid"));
  series = json_object_get_object_member (json_object_get_object_member (
    json_object_get_object_member (json_object_get_object_member (series, "paper"),
                                   "tcgplayer"), "retail"), "normal");

  points = json_object_get_array_member (
    get_object (server, "/api/cards/" TEFERI_WAR "/history?days=3650", &history), "points");
  json_object_iter_init (&iter, series);
  while (json_object_iter_next (&iter, &day, &value))
    {
      g_autofree char *expected = g_strdup_printf ("%.2f", json_node_get_double (value));
      JsonObject *point = find_point (points, day, "nonfoil", "USD");

      g_assert_nonnull (point);
      g_assert_cmpstr (json_object_get_string_member (point, "source"), ==, "tcgplayer");
      g_assert_cmpstr (json_object_get_string_member (point, "amount"), ==, expected);
      compared++;
    }
  g_assert_cmpuint (compared, ==, 13);
}

static void
test_bad_input (void)
{
  g_autoptr(GPtrArray) lines = subset_lines ();
  g_autoptr(GPtrArray) mixed = g_ptr_array_new ();
  g_autoptr(GPtrArray) garbage = g_ptr_array_new ();
  g_autofree char *dir = g_dir_make_tmp ("dc-import-XXXXXX", NULL);
  g_autofree char *mixed_path = NULL;
  g_autofree char *garbage_path = NULL;
  g_autofree char *missing = g_build_filename (dir, "missing.jsonl", NULL);
  g_autoptr(DcTestServer) server = dc_test_server_prepare (NULL);
  g_autofree char *output = NULL;
  g_autofree char *o2 = NULL;
  g_autofree char *o3 = NULL;
  g_autofree char *o4 = NULL;

  g_ptr_array_add (mixed, g_ptr_array_index (lines, 0));
  g_ptr_array_add (mixed, "this is not JSON");
  g_ptr_array_add (mixed, g_ptr_array_index (lines, 1));
  g_ptr_array_add (mixed, "{\"object\":\"list\",\"data\":[]}");
  g_ptr_array_add (mixed, g_ptr_array_index (lines, 2));
  mixed_path = dc_catalog_test_write_file (dir, "mixed.jsonl", mixed, FALSE);
  g_ptr_array_add (garbage, "<html>not a card file</html>");
  garbage_path = dc_catalog_test_write_file (dir, "garbage.jsonl", garbage, FALSE);

  /* Bad lines are counted and reported; the good ones are imported. */
  g_assert_cmpint (run (server, &output, "import-scryfall", mixed_path, NULL), ==, 0);
  g_assert_nonnull (strstr (output, "3 cards"));
  g_assert_nonnull (strstr (output, "2 skipped"));

  g_assert_cmpint (run (server, &o2, "import-scryfall", garbage_path, NULL), !=, 0);
  g_assert_nonnull (strstr (o2, "no Scryfall card"));
  g_assert_cmpint (run (server, &o3, "import-scryfall", missing, NULL), !=, 0);
  g_assert_cmpint (run (server, &o4, "import-scryfall", mixed_path, "--day=2026-13-01"), !=, 0);
  g_assert_nonnull (strstr (o4, "YYYY-MM-DD"));

  g_unlink (mixed_path);
  g_unlink (garbage_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/CatalogImport/input-formats", test_input_formats);
  g_test_add_func ("/Dc/CatalogImport/reimport", test_reimport);
  g_test_add_func ("/Dc/CatalogImport/demo-idempotent", test_demo_idempotent);
  g_test_add_func ("/Dc/CatalogImport/allprices-with-identifiers",
                   test_allprices_with_identifiers);
  g_test_add_func ("/Dc/CatalogImport/bad-input", test_bad_input);
  return g_test_run ();
}
