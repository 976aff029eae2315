/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-catalog-sync.h"
#include "dc-client-test.h"
#include "dc-local-store.h"

/* The catalog download: gzip'd JSON lines with an ETag into the local database, then
 * search offline. Served by a local SoupServer from the real demo cards until the
 * server's catalog route is on main. */

static DcTestCatalog *catalog;

typedef struct
{
  DcLocalStore  *store;
  DcApiClient   *client;
  DcCatalogSync *sync;
  guint          progress_notifications;
  guint          running_changes;
} Fixture;

static void
progress_cb (Fixture *fixture)
{
  fixture->progress_notifications++;
}

static void
running_cb (Fixture *fixture)
{
  fixture->running_changes++;
}

static void
fixture_set_up (Fixture    *fixture,
                const char *base_url,
                const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "sync-tests", name, NULL);
  g_autofree char *path = g_build_filename (dir, "local.db", NULL);
  g_autoptr(GError) error = NULL;

  dc_client_test_remove_tree (dir);
  fixture->store = dc_local_store_open (path, &error);
  g_assert_no_error (error);
  fixture->client = dc_api_client_new (base_url);
  fixture->sync = dc_catalog_sync_new (fixture->client, path);
  g_signal_connect_swapped (fixture->sync, "notify::cards-received", G_CALLBACK (progress_cb),
                            fixture);
  g_signal_connect_swapped (fixture->sync, "notify::running", G_CALLBACK (running_cb), fixture);
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
}

static gboolean
run (Fixture   *fixture,
     gboolean  *changed,
     guint     *cards,
     GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dc_catalog_sync_run_async (fixture->sync, NULL, dc_client_test_result_cb, &result);
  g_assert_true (dc_catalog_sync_get_running (fixture->sync));
  dc_client_test_wait_result (&result);
  g_assert_false (dc_catalog_sync_get_running (fixture->sync));
  return dc_catalog_sync_run_finish (fixture->sync, result, changed, cards, error);
}

static void
test_download_then_not_modified (void)
{
  g_autoptr(DcTestShim) shim = dc_test_shim_new (catalog, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autofree char *etag = NULL;
  Fixture fixture = { 0 };
  gboolean changed = FALSE;
  guint cards = 0;

  fixture_set_up (&fixture, shim->base_url, "download");

  g_assert_true (run (&fixture, &changed, &cards, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpuint (cards, ==, catalog->lines->len);
  g_assert_cmpint (dc_local_store_count_cards (fixture.store, NULL), ==, catalog->lines->len);
  g_assert_null (shim->last_if_none_match);
  /* progress reached the main loop, and the final count is the whole catalog */
  g_assert_cmpuint (fixture.progress_notifications, >, 0);
  g_assert_cmpuint (dc_catalog_sync_get_cards_received (fixture.sync), ==, catalog->lines->len);
  g_assert_cmpfloat (dc_catalog_sync_get_fraction (fixture.sync), ==, 1.0);
  g_assert_cmpuint (fixture.running_changes, ==, 2);

  etag = dc_local_store_get_meta (fixture.store, DC_META_CATALOG_ETAG, NULL);
  g_assert_cmpstr (etag, ==, catalog->etag);

  /* search works from the local copy, with nothing listening any more */
  g_clear_pointer (&shim, dc_test_shim_free);
  found = dc_local_store_search_cards (fixture.store, "lightning bolt", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), >, 0);

  /* the next download asks only for what changed since the version it has, sending the
   * ETag it has: an empty delta, nothing changed */
  shim = dc_test_shim_new (catalog, NULL);
  g_clear_object (&fixture.sync);
  g_clear_object (&fixture.client);
  fixture.client = dc_api_client_new (shim->base_url);
  fixture.sync = dc_catalog_sync_new (fixture.client, dc_local_store_get_path (fixture.store));
  g_assert_true (run (&fixture, &changed, &cards, &error));
  g_assert_no_error (error);
  g_assert_false (changed);
  g_assert_cmpuint (cards, ==, 0);
  g_assert_cmpint (shim->last_since, ==, 1);
  g_assert_cmpstr (shim->last_if_none_match, ==, catalog->etag);
  g_assert_cmpint (dc_local_store_count_cards (fixture.store, NULL), ==, catalog->lines->len);

  /* and after that, the same question with that answer's ETag is a 304 */
  g_assert_true (run (&fixture, &changed, &cards, &error));
  g_assert_no_error (error);
  g_assert_false (changed);
  g_assert_cmpuint (shim->catalog_not_modified, ==, 1);
  g_assert_cmpstr (shim->last_if_none_match, ==, "\"delta-1-1\"");
  g_assert_cmpint (dc_local_store_count_cards (fixture.store, NULL), ==, catalog->lines->len);

  fixture_tear_down (&fixture);
}

static void
test_offline (void)
{
  g_autoptr(DcTestShim) shim = dc_test_shim_new (catalog, NULL);
  g_autofree char *url = g_strdup (shim->base_url);
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };

  g_clear_pointer (&shim, dc_test_shim_free);
  fixture_set_up (&fixture, url, "offline");
  g_assert_false (run (&fixture, NULL, NULL, &error));
  g_assert_true (dc_api_client_error_is_offline (error));
  g_assert_cmpint (dc_local_store_count_cards (fixture.store, NULL), ==, 0);
  fixture_tear_down (&fixture);
}

static void
test_broken_download (void)
{
  g_autoptr(DcTestShim) shim = dc_test_shim_new (catalog, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  Fixture fixture = { 0 };
  gboolean changed = FALSE;
  guint cards = 0;

  fixture_set_up (&fixture, shim->base_url, "broken");
  shim->truncate_catalog = TRUE;
  g_assert_false (run (&fixture, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* no ETag was kept for a half download: the next one is a full one, not a 304 */
  etag = dc_local_store_get_meta (fixture.store, DC_META_CATALOG_ETAG, NULL);
  g_assert_null (etag);
  shim->truncate_catalog = FALSE;
  g_assert_true (run (&fixture, &changed, &cards, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_null (shim->last_if_none_match);
  g_assert_cmpint (dc_local_store_count_cards (fixture.store, NULL), ==, catalog->lines->len);
  fixture_tear_down (&fixture);
}

static void
test_unknown_version (void)
{
  g_autoptr(DcTestShim) shim = dc_test_shim_new (catalog, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  Fixture fixture = { 0 };
  gboolean changed = FALSE;
  guint cards = 0;

  fixture_set_up (&fixture, shim->base_url, "reset");
  g_assert_true (run (&fixture, &changed, &cards, &error));
  version = dc_local_store_get_meta (fixture.store, DC_META_CATALOG_VERSION, NULL);
  g_assert_cmpstr (version, ==, "1");

  /* the server's catalog started over (a new database): our version is unknown to it,
   * it answers 422, and the whole catalog comes again */
  shim->catalog_version = 0;
  g_assert_true (run (&fixture, &changed, &cards, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpuint (cards, ==, catalog->lines->len);
  g_assert_cmpint (shim->last_since, ==, 0);
  g_assert_null (shim->last_if_none_match);
  g_assert_cmpuint (shim->catalog_requests, ==, 3);
  g_clear_pointer (&version, g_free);
  version = dc_local_store_get_meta (fixture.store, DC_META_CATALOG_VERSION, NULL);
  g_assert_cmpstr (version, ==, "0");
  fixture_tear_down (&fixture);
}

static void
test_one_at_a_time (void)
{
  g_autoptr(DcTestShim) shim = dc_test_shim_new (catalog, NULL);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, shim->base_url, "twice");
  dc_catalog_sync_run_async (fixture.sync, NULL, dc_client_test_result_cb, &first);
  dc_catalog_sync_run_async (fixture.sync, NULL, dc_client_test_result_cb, &second);
  dc_client_test_wait_result (&second);
  g_assert_false (dc_catalog_sync_run_finish (fixture.sync, second, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  dc_client_test_wait_result (&first);
  g_assert_true (dc_catalog_sync_run_finish (fixture.sync, first, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (shim->catalog_requests, ==, 1);
  fixture_tear_down (&fixture);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dc_client_test_init_dirs ();
  g_test_init (&argc, &argv, NULL);
  catalog = dc_test_catalog_load (0, NULL);

  g_test_add_func ("/Dc/CatalogSync/download-then-not-modified", test_download_then_not_modified);
  g_test_add_func ("/Dc/CatalogSync/offline", test_offline);
  g_test_add_func ("/Dc/CatalogSync/broken-download", test_broken_download);
  g_test_add_func ("/Dc/CatalogSync/unknown-version", test_unknown_version);
  g_test_add_func ("/Dc/CatalogSync/one-at-a-time", test_one_at_a_time);

  status = g_test_run ();
  dc_test_catalog_free (catalog);
  return status;
}
