/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "dc-client-test.h"
#include "dc-local-store.h"

/* The account database: migrations, the catalog tables, offline search. */

static DcTestCatalog *catalog;

static char *
fresh_db_path (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "store-tests", name, NULL);

  dc_client_test_remove_tree (dir);
  return g_build_filename (dir, "local.db", NULL);
}

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
test_account_dir (void)
{
  g_autofree char *dir = dc_local_store_dir_for_account ("http://127.0.0.1:8000", "alice");
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "dualcaster",
                                                "127.0.0.1-8000", "alice", NULL);
  g_autofree char *https = dc_local_store_dir_for_account ("https://deals.example.com", "bob");
  g_autofree char *expected_https = g_build_filename (g_get_user_data_dir (), "dualcaster",
                                                      "deals.example.com-443", "bob", NULL);
  g_autofree char *odd = dc_local_store_dir_for_account ("http://[::1]:8000", "../x");

  g_assert_cmpstr (dir, ==, expected);
  g_assert_cmpstr (https, ==, expected_https);
  /* nothing in a name can leave the dualcaster folder */
  g_assert_null (strstr (odd + strlen (g_get_user_data_dir ()), ".."));
}

static void
test_migrations (void)
{
  g_autofree char *path = fresh_db_path ("migrations");
  g_autoptr(DcLocalStore) store = NULL;
  g_autoptr(DcLocalStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) migrations = NULL;

  migrations = g_resources_enumerate_children ("/com/dualcasterdeals/Deals/migrations",
                                               G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);

  store = dc_local_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dc_local_store_get_schema_version (store), ==, g_strv_length (migrations));
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM schema_migrations"), ==,
                   g_strv_length (migrations));
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN"
                                     " ('cards', 'current_prices', 'cards_fts', 'meta')"), ==, 4);
  /* the collection and its outbox (DcCollectionStore) live in the same database */
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
                                     " AND name IN ('inventory_items', 'have_items',"
                                     " 'want_items', 'outbox', 'sync_state')"), ==, 5);
  g_assert_cmpint (dc_local_store_count_cards (store, &error), ==, 0);
  g_clear_object (&store);

  /* opening again applies nothing twice */
  again = dc_local_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM schema_migrations"), ==,
                   g_strv_length (migrations));
}

static DcLocalStore *
store_with_catalog (const char *name)
{
  g_autofree char *path = fresh_db_path (name);
  g_autoptr(DcCatalogWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  DcLocalStore *store;

  store = dc_local_store_open (path, &error);
  g_assert_no_error (error);
  writer = dc_catalog_writer_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (dc_catalog_writer_begin (writer, &error));
  for (guint i = 0; i < catalog->lines->len; i++)
    {
      const char *line = g_ptr_array_index (catalog->lines, i);

      dc_catalog_writer_put_line (writer, line, strlen (line), &error);
      g_assert_no_error (error);
    }
  g_assert_true (dc_catalog_writer_commit (writer, &error));
  return store;
}

static void
test_search (void)
{
  g_autoptr(DcLocalStore) store = store_with_catalog ("search");
  g_autoptr(GListModel) bolt = NULL;
  g_autoptr(GListModel) lim = NULL;
  g_autoptr(GListModel) none = NULL;
  g_autoptr(GListModel) hostile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcCardItem) first = NULL;
  g_autoptr(DcCardItem) paladin = NULL;

  g_assert_cmpint (dc_local_store_count_cards (store, &error), ==, catalog->lines->len);

  /* a prefix finds the card, and the exact name ranks first */
  bolt = dc_local_store_search_cards (store, "lightning bolt", 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bolt), >=, 2);
  first = g_list_model_get_item (bolt, 0);
  g_assert_cmpstr (dc_card_item_get_name (first), ==, "Lightning Bolt");
  g_clear_object (&first);
  g_clear_object (&bolt);

  bolt = dc_local_store_search_cards (store, "lightn", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bolt), >=, 2);

  /* diacritics and punctuation do not matter */
  lim = dc_local_store_search_cards (store, "lim dul", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (lim), >=, 1);
  paladin = g_list_model_get_item (lim, 0);
  g_assert_cmpstr (dc_card_item_get_name (paladin), ==, "Lim-Dûl's Paladin");

  none = dc_local_store_search_cards (store, "zzqx", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);

  /* FTS5 syntax typed by a user is only text */
  hostile = dc_local_store_search_cards (store, "bolt\" OR NEAR(x) *", 10, &error);
  g_assert_no_error (error);
}

static void
test_fts_query (void)
{
  g_autofree char *a = dc_local_store_fts_query ("Lim-Dûl's");
  g_autofree char *b = dc_local_store_fts_query ("  \" * ( ");
  g_autofree char *c = dc_local_store_fts_query ("AND or");

  g_assert_cmpstr (a, ==, "\"Lim\"* \"Dûl\"* \"s\"*");
  g_assert_null (b);
  g_assert_cmpstr (c, ==, "\"AND\"* \"or\"*");
}

static void
test_lookup_and_prices (void)
{
  g_autoptr(DcLocalStore) store = store_with_catalog ("lookup");
  const char *id = dc_test_catalog_find_id (catalog, "Lightning Bolt");
  g_autoptr(DcCardItem) item = NULL;
  g_autoptr(DcCardItem) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *expected = NULL;
  GArray *prices;

  g_assert_nonnull (id);
  item = dc_local_store_lookup_card (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dc_card_item_get_id (item), ==, id);
  g_assert_cmpstr (dc_card_item_get_name (item), ==, "Lightning Bolt");
  g_assert_nonnull (dc_card_item_get_type_line (item));

  /* the current prices are the catalog line's, to the cent */
  for (guint i = 0; i < catalog->ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (catalog->ids, i), id) == 0)
      {
        JsonObject *line;

        g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (catalog->lines, i),
                                                   -1, NULL));
        line = json_node_get_object (json_parser_get_root (parser));
        expected = json_object_get_array_member (line, "prices");
      }
  g_assert_nonnull (expected);
  prices = dc_card_item_get_prices (item);
  g_assert_cmpuint (prices->len, ==, json_array_get_length (expected));
  g_assert_cmpuint (prices->len, >, 0);
  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      JsonObject *want = json_array_get_object_element (expected, i);
      const DcItemPrice *got;

      DcFinish finish = dc_finish_from_string (json_object_get_string_member (want, "finish"));

      got = dc_card_item_find_price (item, finish,
                                     json_object_get_string_member (want, "currency"));
      g_assert_nonnull (got);
      g_assert_cmpint (got->amount_minor, ==, json_object_get_int_member (want, "amount_minor"));
      g_assert_cmpstr (got->day, ==, json_object_get_string_member (want, "day"));
    }

  missing = dc_local_store_lookup_card (store, "00000000-0000-0000-0000-000000000000", &error);
  g_assert_null (missing);
  g_assert_error (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_NOT_FOUND);
}

static void
test_rewrite_line (void)
{
  g_autoptr(DcLocalStore) store = store_with_catalog ("rewrite");
  const char *path = dc_local_store_get_path (store);
  const char *line = g_ptr_array_index (catalog->lines, 0);
  g_autoptr(DcCatalogWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;
  int fts_before = count_rows (path, "SELECT COUNT(*) FROM cards_fts");

  writer = dc_catalog_writer_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (dc_catalog_writer_begin (writer, &error));
  /* the same card again (a later download) replaces, never duplicates */
  g_assert_true (dc_catalog_writer_put_line (writer, line, strlen (line), &error));
  /* a JSON line that is no card is refused as such */
  g_assert_false (dc_catalog_writer_put_line (writer, "{\"object\":\"list\"}", 17, &error));
  g_assert_error (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_INVALID);
  g_assert_true (dc_catalog_writer_commit (writer, NULL));

  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM cards"), ==, catalog->lines->len);
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM cards_fts"), ==, fts_before);
}

static void
test_search_async (void)
{
  g_autoptr(DcLocalStore) store = store_with_catalog ("async");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;

  dc_local_store_search_cards_async (store, "counterspell", 10, NULL, dc_client_test_result_cb,
                                     &result);
  dc_client_test_wait_result (&result);
  model = dc_local_store_search_cards_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dc_client_test_init_dirs ();
  g_test_init (&argc, &argv, NULL);
  catalog = dc_test_catalog_load (0, NULL);

  g_test_add_func ("/Dc/LocalStore/account-dir", test_account_dir);
  g_test_add_func ("/Dc/LocalStore/migrations", test_migrations);
  g_test_add_func ("/Dc/LocalStore/fts-query", test_fts_query);
  g_test_add_func ("/Dc/LocalStore/search", test_search);
  g_test_add_func ("/Dc/LocalStore/search-async", test_search_async);
  g_test_add_func ("/Dc/LocalStore/lookup-and-prices", test_lookup_and_prices);
  g_test_add_func ("/Dc/LocalStore/rewrite-line", test_rewrite_line);

  status = g_test_run ();
  dc_test_catalog_free (catalog);
  return status;
}
