/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "dc-collection-store-private.h"
#include "dc-error.h"
#include "dc-sync-engine.h"
#include "dc-sync-test.h"
#include "dc-test-harness.h"

/* The sync engine against the real server: each test is one user with one or more
 * devices (each its own local database), and asserts what the user would see on each. */

static DcTestServer *server;
static char *tmp_dir;

typedef struct
{
  char              *path;
  DcCollectionStore *store;
  DcApiClient       *api;
  DcSyncEngine      *engine;
  GPtrArray         *conflicts;   /* char*: "card name|message" */
  GPtrArray         *rejections;
  guint              signed_out;
  guint              synced;
} Device;

static void
notice_cb (DcSyncEngine *engine,
           guint         entity,
           const char   *id,
           const char   *card_name,
           const char   *message,
           GPtrArray    *into)
{
  g_ptr_array_add (into, g_strdup_printf ("%s|%s", card_name ? card_name : "?", message));
}

static void
signed_out_cb (DcSyncEngine *engine,
               Device       *device)
{
  device->signed_out++;
}

static void
synced_cb (DcSyncEngine *engine,
           Device       *device)
{
  device->synced++;
}

static void
device_attach (Device     *device,
               const char *token)
{
  device->store = dc_sync_test_open_store (device->path);
  device->api = dc_api_client_new (server->base_url);
  dc_api_client_set_token (device->api, token);
  device->engine = dc_sync_engine_new (device->store, device->api);
  g_signal_connect (device->engine, "conflict", G_CALLBACK (notice_cb), device->conflicts);
  g_signal_connect (device->engine, "rejected", G_CALLBACK (notice_cb), device->rejections);
  g_signal_connect (device->engine, "signed-out", G_CALLBACK (signed_out_cb), device);
  g_signal_connect (device->engine, "synced", G_CALLBACK (synced_cb), device);
}

/* Drops everything of the device but its database file, as quitting the app does. */
static void
device_detach (Device *device)
{
  dc_sync_test_drain ();
  if (device->engine != NULL)
    g_signal_handlers_disconnect_by_data (device->engine, device->conflicts);
  g_clear_object (&device->engine);
  g_clear_object (&device->api);
  g_clear_object (&device->store);
}

static Device *
device_new (const char *name,
            const char *token)
{
  Device *device = g_new0 (Device, 1);

  device->path = dc_sync_test_make_db (tmp_dir, name);
  device->conflicts = g_ptr_array_new_with_free_func (g_free);
  device->rejections = g_ptr_array_new_with_free_func (g_free);
  device_attach (device, token);
  return device;
}

static void
device_free (Device *device)
{
  device_detach (device);
  g_ptr_array_unref (device->conflicts);
  g_ptr_array_unref (device->rejections);
  g_free (device->path);
  g_free (device);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Device, device_free)

static gboolean
device_sync (Device  *device,
             GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dc_sync_engine_sync_async (device->engine, NULL, dc_sync_test_result_cb, &result);
  dc_sync_test_wait_result (&result);
  if (!dc_sync_engine_sync_finish (device->engine, result, error))
    return FALSE;
  dc_sync_test_drain ();
  return TRUE;
}

static void
device_sync_ok (Device *device)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = device_sync (device, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (dc_sync_engine_get_state (device->engine), ==, DC_SYNC_STATE_SYNCED);
  g_assert_cmpuint (dc_sync_engine_get_pending_count (device->engine), ==, 0);
}

static DcInventoryRow *
device_row (Device     *device,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  DcInventoryRow *row = dc_collection_store_get_inventory_item (device->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}

static guint
device_count (Device       *device,
              DcSyncEntity  entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) rows = NULL;

  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      rows = dc_collection_store_list_inventory (device->store, &error);
      break;
    case DC_SYNC_ENTITY_HAVE_ITEM:
      rows = dc_collection_store_list_have (device->store, &error);
      break;
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      rows = dc_collection_store_list_want (device->store, &error);
      break;
    }
  g_assert_no_error (error);
  return g_list_model_get_n_items (rows);
}

static JsonObject *
fields_of (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The server's own view, through its REST API; NULL when it has no such live item. */
static JsonObject *
server_inventory (const char *token,
                  const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/inventory/%s", id);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", path, token, NULL, NULL);

  if (r->status == 404)
    return NULL;
  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (dc_test_response_object (r));
}

static gint64
server_quantity (const char *token,
                 const char *id)
{
  g_autoptr(JsonObject) item = server_inventory (token, id);

  g_assert_nonnull (item);
  return json_object_get_int_member (item, "quantity");
}

static char last_user[64];

static char *
new_user (const char *prefix)
{
  static guint n;

  g_snprintf (last_user, sizeof last_user, "%s%u", prefix, n++);
  return dc_test_register_user (server, last_user);
}

/* The server comes back where it was, as a restarted server does. */
static void
restart_server_same_port (void)
{
  g_autoptr(GUri) uri = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  g_autofree char *before = g_strdup (server->base_url);

  server->env = g_environ_setenv (server->env, "DUALCASTER_LISTEN", listen, TRUE);
  dc_test_server_start (server);
  g_assert_cmpstr (server->base_url, ==, before);
}

static void
test_two_devices_converge (void)
{
  g_autofree char *token = new_user ("converge");
  g_autoptr(Device) laptop = device_new ("converge-laptop", token);
  g_autoptr(Device) desktop = device_new ("converge-desktop", token);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) laptop_edit = fields_of ("{\"condition\":\"LP\",\"notes\":\"laptop\"}");
  g_autoptr(JsonObject) desktop_edit = fields_of ("{\"notes\":\"desktop\",\"language\":\"de\"}");
  g_autoptr(JsonObject) on_server = NULL;
  g_autofree char *id = NULL;

  /* Added on the laptop, synced: the desktop sees it after its own sync. */
  id = dc_collection_store_add_card (laptop->store, BOLT_FCA, "nonfoil", "NM", "en", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dc_sync_engine_get_pending_count (laptop->engine), ==, 1);
  device_sync_ok (laptop);
  g_assert_cmpint (server_quantity (token, id), ==, 1);
  device_sync_ok (desktop);
  {
    g_autoptr(DcInventoryRow) row = device_row (desktop, id);

    g_assert_cmpstr (dc_inventory_row_get_name (row), ==, "Lightning Bolt");
    g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 1);
    g_assert_false (dc_inventory_row_get_pending (row));
  }

  /* Both add a copy before syncing: two "+1"s are "+2" everywhere. */
  g_assert_true (dc_collection_store_adjust_quantity (laptop->store, id, 1, &error));
  g_assert_true (dc_collection_store_adjust_quantity (desktop->store, id, 1, &error));
  g_assert_no_error (error);
  device_sync_ok (laptop);
  device_sync_ok (desktop);
  device_sync_ok (laptop);
  g_assert_cmpint (server_quantity (token, id), ==, 3);
  {
    g_autoptr(DcInventoryRow) a = device_row (laptop, id);
    g_autoptr(DcInventoryRow) b = device_row (desktop, id);

    g_assert_cmpint (dc_inventory_row_get_quantity (a), ==, 3);
    g_assert_cmpint (dc_inventory_row_get_quantity (b), ==, 3);
  }

  /* Field edits: each field takes its last writer's value, untouched fields survive. */
  g_assert_true (dc_collection_store_update (laptop->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id,
                                             laptop_edit, &error));
  g_assert_true (dc_collection_store_update (desktop->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id,
                                             desktop_edit, &error));
  g_assert_no_error (error);
  device_sync_ok (laptop);
  device_sync_ok (desktop);
  device_sync_ok (laptop);
  on_server = server_inventory (token, id);
  g_assert_cmpstr (json_object_get_string_member (on_server, "condition"), ==, "LP");
  g_assert_cmpstr (json_object_get_string_member (on_server, "language"), ==, "de");
  g_assert_cmpstr (json_object_get_string_member (on_server, "notes"), ==, "desktop");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DcInventoryRow) row = device_row (i == 0 ? laptop : desktop, id);

      g_assert_cmpstr (dc_inventory_row_get_condition (row), ==, "LP");
      g_assert_cmpstr (dc_inventory_row_get_language (row), ==, "de");
      g_assert_cmpstr (dc_inventory_row_get_notes (row), ==, "desktop");
      g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 3);
    }

  /* Have and want lists travel the same way. */
  {
    g_autofree char *have = dc_collection_store_mark_for_trade (desktop->store, id, 2, &error);
    g_autoptr(JsonObject) want = fields_of ("{\"card_id\":\"" COUNTER_FCA "\",\"quantity\":2,"
                                            "\"target_price\":\"3.00\"}");
    g_autofree char *want_id = dc_collection_store_create (desktop->store,
                                                           DC_SYNC_ENTITY_WANT_ITEM, want,
                                                           &error);
    g_autoptr(GListModel) wants = NULL;
    g_autoptr(DcWantRow) want_row = NULL;

    g_assert_no_error (error);
    device_sync_ok (desktop);
    device_sync_ok (laptop);
    g_assert_cmpuint (device_count (laptop, DC_SYNC_ENTITY_HAVE_ITEM), ==, 1);
    wants = dc_collection_store_list_want (laptop->store, &error);
    want_row = dc_sync_test_find_row (wants, want_id);
    g_assert_nonnull (want_row);
    g_assert_cmpstr (dc_want_row_get_name (want_row), ==, "Counterspell");
    g_assert_cmpint (dc_want_row_get_target_price (want_row), ==, 300);
    {
      g_autoptr(DcInventoryRow) row = device_row (laptop, id);

      g_assert_cmpstr (dc_inventory_row_get_have_id (row), ==, have);
      g_assert_cmpint (dc_inventory_row_get_have_quantity (row), ==, 2);
    }
  }
}

static void
test_offline_edits_arrive_later (void)
{
  g_autofree char *token = new_user ("offline");
  g_autoptr(Device) laptop = device_new ("offline-laptop", token);
  g_autoptr(Device) desktop = device_new ("offline-desktop", token);
  g_autoptr(JsonObject) note = fields_of ("{\"notes\":\"written on the train\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *bolt = NULL;
  g_autofree char *ring = NULL;

  bolt = dc_collection_store_add_card (laptop->store, BOLT_FCA, NULL, NULL, NULL, 1, &error);
  device_sync_ok (laptop);

  /* The server goes away; the user keeps working. */
  dc_test_server_stop (server);
  ring = dc_collection_store_add_card (laptop->store, SOL_RING, "foil", NULL, NULL, 1, &error);
  g_assert_true (dc_collection_store_adjust_quantity (laptop->store, bolt, 2, &error));
  g_assert_true (dc_collection_store_update (laptop->store, DC_SYNC_ENTITY_INVENTORY_ITEM, bolt,
                                             note, &error));
  g_assert_no_error (error);

  g_assert_false (device_sync (laptop, &error));
  g_assert_true (dc_api_client_error_is_offline (error));
  g_clear_error (&error);
  g_assert_cmpint (dc_sync_engine_get_state (laptop->engine), ==, DC_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (dc_sync_engine_get_pending_count (laptop->engine), ==, 3);
  /* Everything is there to see meanwhile. */
  g_assert_cmpuint (device_count (laptop, DC_SYNC_ENTITY_INVENTORY_ITEM), ==, 2);
  {
    g_autoptr(DcInventoryRow) row = device_row (laptop, bolt);

    g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 3);
    g_assert_true (dc_inventory_row_get_pending (row));
  }

  /* It comes back (same database, same address): the next sync delivers everything. */
  restart_server_same_port ();
  device_sync_ok (laptop);
  g_assert_cmpint (server_quantity (token, bolt), ==, 3);
  g_assert_cmpint (server_quantity (token, ring), ==, 1);
  {
    g_autoptr(JsonObject) item = server_inventory (token, bolt);

    g_assert_cmpstr (json_object_get_string_member (item, "notes"), ==, "written on the train");
  }
  device_sync_ok (desktop);
  g_assert_cmpuint (device_count (desktop, DC_SYNC_ENTITY_INVENTORY_ITEM), ==, 2);
  {
    g_autoptr(DcInventoryRow) row = device_row (desktop, ring);

    g_assert_cmpstr (dc_inventory_row_get_name (row), ==, "Sol Ring");
    g_assert_cmpstr (dc_inventory_row_get_finish (row), ==, "foil");
  }
}

/* The child half of the crash test: edit, then die without a goodbye. */
static void
crash_after_edits (const char *path)
{
  g_autoptr(DcCollectionStore) store = dc_sync_test_open_store (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = dc_collection_store_add_card (store, COUNTER_FCA, NULL, "LP", NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_true (dc_collection_store_adjust_quantity (store, id, 1, &error));
  g_assert_no_error (error);
  kill (getpid (), SIGKILL);
}

static void
test_killed_before_sync_loses_nothing (void)
{
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Device) device = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(DcInventoryRow) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (g_test_subprocess ())
    {
      crash_after_edits (g_getenv ("DC_TEST_CRASH_DB"));
      return;
    }

  token = new_user ("crash");
  path = dc_sync_test_make_db (tmp_dir, "crash");
  g_setenv ("DC_TEST_CRASH_DB", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_assert_false (g_test_trap_has_passed ());   /* it was killed */

  /* The app starts again: the edits are there, waiting. */
  device = g_new0 (Device, 1);
  device->path = g_strdup (path);
  device->conflicts = g_ptr_array_new_with_free_func (g_free);
  device->rejections = g_ptr_array_new_with_free_func (g_free);
  device_attach (device, token);
  g_assert_cmpuint (dc_sync_engine_get_pending_count (device->engine), ==, 2);
  rows = dc_collection_store_list_inventory (device->store, &error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  row = g_list_model_get_item (rows, 0);
  id = g_strdup (dc_inventory_row_get_id (row));
  g_assert_cmpstr (dc_inventory_row_get_name (row), ==, "Counterspell");
  g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 3);

  device_sync_ok (device);
  g_assert_cmpint (server_quantity (token, id), ==, 3);

  /* Killed again, this time after the request went out but before the answer was
   * applied: the op is still in the outbox, and sending it again counts it once. */
  g_assert_true (dc_collection_store_adjust_quantity (device->store, id, 1, &error));
  {
    g_autoptr(DcSyncRequest) batch = _dc_collection_store_take_batch (device->store, 500,
                                                                       &error);
    g_autoptr(JsonNode) body = dc_sync_request_to_json (batch);
    g_autofree char *text = json_to_string (body, FALSE);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/sync", token, text,
                                                   NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpint (server_quantity (token, id), ==, 4);
  device_detach (device);

  device_attach (device, token);
  g_assert_cmpuint (dc_sync_engine_get_pending_count (device->engine), ==, 1);
  device_sync_ok (device);
  g_assert_cmpint (server_quantity (token, id), ==, 4);
  g_clear_object (&row);
  row = device_row (device, id);
  g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 4);
  g_assert_false (dc_inventory_row_get_pending (row));
}

static void
test_rejected_edit_is_reported_and_undone (void)
{
  g_autofree char *token = new_user ("rejected");
  g_autoptr(Device) laptop = device_new ("rejected-laptop", token);
  g_autoptr(Device) desktop = device_new ("rejected-desktop", token);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *have = NULL;

  id = dc_collection_store_add_card (laptop->store, BOLT_FCA, NULL, NULL, NULL, 3, &error);
  device_sync_ok (laptop);
  device_sync_ok (desktop);

  /* The desktop, offline, offers all three copies for trade; meanwhile the laptop sold two. */
  have = dc_collection_store_mark_for_trade (desktop->store, id, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (device_count (desktop, DC_SYNC_ENTITY_HAVE_ITEM), ==, 1);
  g_assert_true (dc_collection_store_adjust_quantity (laptop->store, id, -2, &error));
  device_sync_ok (laptop);

  /* The desktop syncs: the server refuses the offer, the user hears about which card, and
   * the desktop shows what the server has. */
  device_sync_ok (desktop);
  g_assert_cmpuint (desktop->rejections->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (desktop->rejections, 0),
                                   "Lightning Bolt|"));
  g_assert_nonnull (strstr (g_ptr_array_index (desktop->rejections, 0), "at most"));
  g_assert_cmpuint (device_count (desktop, DC_SYNC_ENTITY_HAVE_ITEM), ==, 0);
  {
    g_autoptr(DcInventoryRow) row = device_row (desktop, id);

    g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 1);
    g_assert_null (dc_inventory_row_get_have_id (row));
  }
  g_assert_cmpuint (desktop->conflicts->len, ==, 0);

  /* An edit of a row the server has goes back to the server's version. */
  {
    g_autoptr(JsonObject) bad = fields_of ("{\"notes\":\"ok\",\"card_id\":\""
                                           "00000000-0000-4000-8000-000000000000\"}");
    g_autoptr(DcInventoryRow) row = NULL;

    g_assert_true (dc_collection_store_update (desktop->store, DC_SYNC_ENTITY_INVENTORY_ITEM,
                                               id, bad, &error));
    g_assert_no_error (error);
    device_sync_ok (desktop);
    g_assert_cmpuint (desktop->rejections->len, ==, 2);
    row = device_row (desktop, id);
    g_assert_cmpstr (dc_inventory_row_get_card_id (row), ==, BOLT_FCA);
    g_assert_cmpstr (dc_inventory_row_get_notes (row), ==, NULL);
    g_assert_cmpstr (dc_inventory_row_get_name (row), ==, "Lightning Bolt");
  }
}

static void
test_conflict_with_delete_elsewhere (void)
{
  g_autofree char *token = new_user ("conflict");
  g_autoptr(Device) laptop = device_new ("conflict-laptop", token);
  g_autoptr(Device) desktop = device_new ("conflict-desktop", token);
  g_autoptr(JsonObject) note = fields_of ("{\"notes\":\"keep this one\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = dc_collection_store_add_card (laptop->store, SOL_RING, NULL, NULL, NULL, 1, &error);
  device_sync_ok (laptop);
  device_sync_ok (desktop);

  g_assert_true (dc_collection_store_delete (laptop->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id,
                                             &error));
  g_assert_cmpuint (device_count (laptop, DC_SYNC_ENTITY_INVENTORY_ITEM), ==, 0);
  device_sync_ok (laptop);
  g_assert_null (server_inventory (token, id));

  g_assert_true (dc_collection_store_update (desktop->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id,
                                             note, &error));
  g_assert_true (dc_collection_store_adjust_quantity (desktop->store, id, 1, &error));
  g_assert_no_error (error);
  device_sync_ok (desktop);

  /* Told once, about the right card; the row is gone, nothing is pending. */
  g_assert_cmpuint (desktop->conflicts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (desktop->conflicts, 0), "Sol Ring|"));
  g_assert_cmpuint (desktop->rejections->len, ==, 0);
  g_assert_cmpuint (device_count (desktop, DC_SYNC_ENTITY_INVENTORY_ITEM), ==, 0);
  g_assert_null (dc_collection_store_get_inventory_item (desktop->store, id, &error));
  g_assert_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_NOT_FOUND);
}

static gboolean
has_item (Device     *device,
          const char *id)
{
  g_autoptr(DcInventoryRow) row = dc_collection_store_get_inventory_item (device->store, id,
                                                                          NULL);

  return row != NULL;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
notify_flag_cb (GObject    *object,
                GParamSpec *pspec,
                gboolean   *flag)
{
  *flag = TRUE;
}

static void
items_changed_flag_cb (DcCollectionStore *store,
                       guint              entity,
                       gboolean          *flag)
{
  *flag = TRUE;
}

static void
test_websocket_poke (void)
{
  g_autofree char *token = new_user ("poke");
  g_autoptr(Device) laptop = device_new ("poke-laptop", token);
  g_autoptr(Device) desktop = device_new ("poke-desktop", token);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gboolean connected = FALSE;
  gboolean changed = FALSE;
  guint synced_before;
  guint pokes = 0;
  GListModel *model;

  /* The desktop runs as the app does: started, with its event socket. */
  g_signal_connect (dc_sync_engine_get_ws_client (desktop->engine), "notify::connected",
                    G_CALLBACK (notify_flag_cb), &connected);
  g_signal_connect_swapped (dc_sync_engine_get_ws_client (desktop->engine), "sync-requested",
                            G_CALLBACK (count_cb), &pokes);
  dc_sync_engine_start (desktop->engine);
  dc_sync_test_wait_flag (&connected, 10000, "the desktop's event socket");
  g_assert_true (dc_ws_client_get_connected (dc_sync_engine_get_ws_client (desktop->engine)));
  while (desktop->synced == 0)
    g_main_context_iteration (NULL, TRUE);
  /* Let the start-up syncs (start, socket ready) settle: from now on only a poke can. */
  dc_sync_test_sleep (500);
  g_assert_cmpint (dc_sync_engine_get_state (desktop->engine), ==, DC_SYNC_STATE_SYNCED);
  synced_before = desktop->synced;

  /* The laptop adds a card and syncs; the desktop, untouched, shows it by itself. */
  model = dc_collection_store_get_inventory_model (desktop->store);
  g_signal_connect (desktop->store, "items-changed", G_CALLBACK (items_changed_flag_cb),
                    &changed);
  id = dc_collection_store_add_card (laptop->store, COUNTER_FCA, NULL, NULL, NULL, 4, &error);
  device_sync_ok (laptop);
  dc_sync_test_wait_flag (&changed, 10000, "the desktop to sync after the poke");
  while (!has_item (desktop, id) || desktop->synced == synced_before ||
         g_list_model_get_n_items (model) == 0 ||
         dc_sync_engine_get_state (desktop->engine) != DC_SYNC_STATE_SYNCED)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(DcInventoryRow) shown = g_list_model_get_item (model, 0);

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
    g_assert_cmpstr (dc_inventory_row_get_id (shown), ==, id);
    g_assert_cmpstr (dc_inventory_row_get_name (shown), ==, "Counterspell");
  }
  g_assert_cmpuint (pokes, ==, 1);
  {
    g_autoptr(DcInventoryRow) row = device_row (desktop, id);

    g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 4);
  }

  /* An edit on the desktop goes out by itself, a moment later. */
  changed = FALSE;
  g_assert_true (dc_collection_store_adjust_quantity (desktop->store, id, -1, &error));
  while (dc_sync_engine_get_pending_count (desktop->engine) > 0 ||
         dc_sync_engine_get_state (desktop->engine) != DC_SYNC_STATE_SYNCED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (server_quantity (token, id), ==, 3);
  dc_sync_engine_stop (desktop->engine);
}

static void
test_paging_and_batches (void)
{
  g_autofree char *token = new_user ("pager");
  g_autoptr(Device) laptop = device_new ("pager-laptop", token);
  g_autoptr(Device) desktop = device_new ("pager-desktop", token);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (
    (GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *cards[] = { BOLT_FCA, SOL_RING, COUNTER_FCA };
  DcCollectionTotals laptop_totals, desktop_totals;

  /* An import of 1,234 rows: three batches up, two pages down. */
  for (guint i = 0; i < 1234; i++)
    {
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "card_id", cards[i % 3]);
      json_object_set_int_member (object, "quantity", 1 + i % 4);
      g_ptr_array_add (fields, object);
    }
  ids = dc_collection_store_create_many (laptop->store, DC_SYNC_ENTITY_INVENTORY_ITEM, fields,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1234);
  g_assert_cmpuint (dc_sync_engine_get_pending_count (laptop->engine), ==, 1234);
  device_sync_ok (laptop);
  device_sync_ok (desktop);
  g_assert_cmpuint (device_count (desktop, DC_SYNC_ENTITY_INVENTORY_ITEM), ==, 1234);
  g_assert_true (dc_collection_store_compute_totals (laptop->store, &laptop_totals, &error));
  g_assert_true (dc_collection_store_compute_totals (desktop->store, &desktop_totals, &error));
  g_assert_cmpint (desktop_totals.cards, ==, laptop_totals.cards);
  g_assert_cmpint (desktop_totals.value, ==, laptop_totals.value);
  g_assert_cmpint (server_quantity (token, g_ptr_array_index (ids, 1233)), ==, 1 + 1233 % 4);
}

static void
test_signed_out (void)
{
  g_autofree char *token = new_user ("revoked");
  g_autoptr(Device) device = device_new ("revoked", token);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = dc_collection_store_add_card (device->store, BOLT_FCA, NULL, NULL, NULL, 1, &error);
  device_sync_ok (device);

  /* Signed out elsewhere (the session revoked): edits stay, the engine says why. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/auth/logout", token,
                                                   NULL, NULL);
    g_assert_cmpuint (r->status / 100, ==, 2);
  }
  g_assert_true (dc_collection_store_adjust_quantity (device->store, id, 1, &error));
  g_assert_false (device_sync (device, &error));
  g_assert_error (error, DC_API_ERROR, DC_API_ERROR_UNAUTHORIZED);
  g_assert_cmpint (dc_sync_engine_get_state (device->engine), ==, DC_SYNC_STATE_ERROR);
  g_assert_nonnull (dc_sync_engine_get_error_message (device->engine));
  g_assert_cmpuint (device->signed_out, ==, 1);
  g_assert_cmpuint (dc_sync_engine_get_pending_count (device->engine), ==, 1);

  /* Signed in again: the edit goes out. */
  {
    g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":"
                                             "\"correct horse battery\","
                                             "\"device_name\":\"test\"}", last_user);
    g_autoptr(DcTestResponse) login = dc_test_request (server, "POST", "/api/auth/login",
                                                       NULL, body, NULL);

    g_assert_cmpuint (login->status, ==, 200);
    g_clear_error (&error);
    dc_api_client_set_token (device->api,
                             json_object_get_string_member (dc_test_response_object (login),
                                                            "token"));
  }
  device_sync_ok (device);
  g_assert_cmpint (server_quantity (dc_api_client_get_token (device->api), id), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (!g_test_subprocess ())
    {
      g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");

      tmp_dir = g_dir_make_tmp ("dc-sync-engine-XXXXXX", &error);
      g_assert_no_error (error);
      server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_AUTH_RATE_LIMIT=1000",
                                                           "DUALCASTER_ACCESS_LOG=0", NULL });
      g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards,
                                                   NULL), ==, 0);
      dc_test_server_start (server);
    }

  g_test_add_func ("/Dc/SyncEngine/two-devices-converge", test_two_devices_converge);
  g_test_add_func ("/Dc/SyncEngine/offline-edits-arrive-later", test_offline_edits_arrive_later);
  g_test_add_func ("/Dc/SyncEngine/killed-before-sync-loses-nothing",
                   test_killed_before_sync_loses_nothing);
  g_test_add_func ("/Dc/SyncEngine/rejected-edit-is-reported-and-undone",
                   test_rejected_edit_is_reported_and_undone);
  g_test_add_func ("/Dc/SyncEngine/conflict-with-delete-elsewhere",
                   test_conflict_with_delete_elsewhere);
  g_test_add_func ("/Dc/SyncEngine/websocket-poke", test_websocket_poke);
  g_test_add_func ("/Dc/SyncEngine/paging-and-batches", test_paging_and_batches);
  g_test_add_func ("/Dc/SyncEngine/signed-out", test_signed_out);

  ret = g_test_run ();
  g_clear_pointer (&server, dc_test_server_free);
  if (!g_test_subprocess ())
    {
      g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (tmp_dir, name, NULL);
          g_unlink (child);
        }
      g_rmdir (tmp_dir);
    }
  g_free (tmp_dir);
  return ret;
}
