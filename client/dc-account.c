/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-account"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dc-account.h"
#include "dc-client-enums.h"
#include "dc-error.h"
#include "dc-price-history.h"
#include "dc-token-store.h"

/* DcAccount: one signed-in account on one server, and the model the pages talk to. It
 * owns the API client, the local database, the catalog download and the image cache, and
 * knows whether the server is reachable: a request that cannot reach it turns the account
 * offline and a retry runs every 30 seconds (and when the network changes) until one
 * succeeds. */

#define RETRY_SECONDS       30
#define LOGOUT_TIMEOUT_SECS 5

struct _DcAccount
{
  GObject        parent_instance;

  char          *server_url;
  char          *username;
  char          *data_dir;
  JsonObject    *user;

  DcApiClient   *client;
  DcLocalStore  *store;
  DcCollectionStore *collection_store;
  DcCatalogSync *catalog_sync;
  DcImageCache  *image_cache;

  DcConnection   connection;
  gboolean       refreshing;
  gboolean       refresh_again;
  gint64         catalog_cards;
  guint          retry_source;
  gulong         network_changed_id;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (DcAccount, dc_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_USERNAME,
  PROP_CONNECTION,
  PROP_SYNC_STATE,
  PROP_PENDING_CHANGES,
  PROP_CATALOG_CARDS,
  N_PROPS
};

enum {
  SESSION_EXPIRED,
  CATALOG_UPDATED,
  CATALOG_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void refresh_me_cb (GObject *object, GAsyncResult *result, gpointer user_data);

char *
dc_account_default_device_name (void)
{
  /* Translators: the name under which this computer appears in the list of signed-in
   * devices; %s is the computer's host name */
  return g_strdup_printf (_("Dualcaster Deals on %s"), g_get_host_name ());
}

static void
notify_sync_state (DcAccount *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_STATE]);
}

static gboolean
retry_cb (gpointer user_data)
{
  DcAccount *self = user_data;

  self->retry_source = 0;
  dc_account_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
set_connection (DcAccount    *self,
                DcConnection  connection)
{
  if (connection == DC_CONNECTION_OFFLINE && self->retry_source == 0 && !self->refreshing)
    self->retry_source = g_timeout_add_seconds (RETRY_SECONDS, retry_cb, self);
  if (connection == DC_CONNECTION_ONLINE)
    g_clear_handle_id (&self->retry_source, g_source_remove);

  if (self->connection == connection)
    return;
  self->connection = connection;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  notify_sync_state (self);
}

/**
 * dc_account_note_result:
 * @self: an account
 * @error: (nullable): how a request to the server ended
 *
 * Keeps the connection state up to date from any request's outcome.
 */
void
dc_account_note_result (DcAccount    *self,
                        const GError *error)
{
  g_return_if_fail (DC_IS_ACCOUNT (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (dc_api_client_error_is_offline (error))
    set_connection (self, DC_CONNECTION_OFFLINE);
  else
    set_connection (self, DC_CONNECTION_ONLINE);

  if (g_error_matches (error, DC_API_ERROR, DC_API_ERROR_UNAUTHORIZED))
    g_signal_emit (self, signals[SESSION_EXPIRED], 0);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    DcAccount       *self)
{
  if (available && self->connection == DC_CONNECTION_OFFLINE)
    dc_account_refresh (self);
}

static void
dc_account_dispose (GObject *object)
{
  DcAccount *self = (DcAccount *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, g_network_monitor_get_default ());
  g_clear_object (&self->catalog_sync);
  g_clear_object (&self->image_cache);
  if (self->collection_store != NULL)
    dc_collection_store_close (self->collection_store);
  g_clear_object (&self->collection_store);
  g_clear_object (&self->store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (dc_account_parent_class)->dispose (object);
}

static void
dc_account_finalize (GObject *object)
{
  DcAccount *self = (DcAccount *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->user, json_object_unref);

  G_OBJECT_CLASS (dc_account_parent_class)->finalize (object);
}

static void
dc_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DcAccount *self = DC_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_CONNECTION:
      g_value_set_enum (value, self->connection);
      break;
    case PROP_SYNC_STATE:
      g_value_set_enum (value, dc_account_get_sync_state (self));
      break;
    case PROP_PENDING_CHANGES:
      g_value_set_uint (value, dc_account_get_pending_changes (self));
      break;
    case PROP_CATALOG_CARDS:
      g_value_set_int64 (value, self->catalog_cards);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_account_class_init (DcAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dc_account_dispose;
  object_class->finalize = dc_account_finalize;
  object_class->get_property = dc_account_get_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_enum ("connection", NULL, NULL, DC_TYPE_CONNECTION, DC_CONNECTION_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_STATE] =
    g_param_spec_enum ("sync-state", NULL, NULL, DC_TYPE_SYNC_STATE, DC_SYNC_STATE_SYNCING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_CHANGES] =
    g_param_spec_uint ("pending-changes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG_CARDS] =
    g_param_spec_int64 ("catalog-cards", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server no longer accepts the token (revoked from another device, expired). */
  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A catalog download wrote new cards. */
  signals[CATALOG_UPDATED] =
    g_signal_new ("catalog-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The server answered the catalog download with an error (not: it was unreachable);
   * the argument is the message to show. */
  signals[CATALOG_FAILED] =
    g_signal_new ("catalog-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dc_account_init (DcAccount *self)
{
  self->cancellable = g_cancellable_new ();
  self->catalog_cards = -1;
}

/**
 * dc_account_new:
 * @server_url: a normalized base URL
 * @username: the account's user name
 * @token: (nullable): its bearer token
 */
DcAccount *
dc_account_new (const char *server_url,
                const char *username,
                const char *token)
{
  DcAccount *self;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  self = g_object_new (DC_TYPE_ACCOUNT, NULL);
  self->server_url = g_strdup (server_url);
  self->username = g_strdup (username);
  self->data_dir = dc_local_store_dir_for_account (server_url, username);
  self->client = dc_api_client_new (server_url);
  dc_api_client_set_token (self->client, token);
  self->image_cache = dc_image_cache_new (self->client, NULL);
  return self;
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DcAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 count;

  count = dc_local_store_count_cards_finish (DC_LOCAL_STORE (object), result, &error);
  if (count < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot count the local catalog: %s", error->message);
      return;
    }
  if (self->catalog_cards != count)
    {
      self->catalog_cards = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG_CARDS]);
    }
}

static void
update_catalog_count (DcAccount *self)
{
  if (self->store != NULL)
    dc_local_store_count_cards_async (self->store, self->cancellable, count_cb,
                                      g_object_ref (self));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcAccount *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->store = dc_local_store_open_finish (result, &error);
  if (self->store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->catalog_sync = dc_catalog_sync_new (self->client, dc_local_store_get_path (self->store));
  g_signal_connect_swapped (self->catalog_sync, "notify::running",
                            G_CALLBACK (notify_sync_state), self);
  update_catalog_count (self);
  g_task_return_boolean (task, TRUE);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) answer = NULL;
  DcApiClient *client = DC_API_CLIENT (object);
  DcAccount *self;
  JsonObject *user = NULL;
  JsonNode *node;
  const char *token = NULL;
  const char *username = NULL;
  GError *error = NULL;

  answer = dc_api_client_request_finish_object (client, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  node = json_object_get_member (answer, "user");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      user = json_node_get_object (node);
      username = json_object_get_string_member_with_default (user, "username", NULL);
    }
  token = json_object_get_string_member_with_default (answer, "token", NULL);
  if (username == NULL || token == NULL)
    {
      g_task_return_new_error (task, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The server sent an unexpected answer"));
      return;
    }

  self = dc_account_new (dc_api_client_get_base_url (client), username, token);
  dc_account_set_user (self, user);
  self->connection = DC_CONNECTION_ONLINE;
  g_task_return_pointer (task, self, g_object_unref);
}

/**
 * dc_account_sign_in_async:
 * @server_url: a normalized base URL
 * @login: a user name or an email address
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * POST /api/auth/login. Finish with dc_account_sign_in_finish(); a refusal is a
 * %DC_API_ERROR whose message is the server's, ready to show.
 */
void
dc_account_sign_in_async (const char          *server_url,
                          const char          *login,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(DcApiClient) client = NULL;
  g_autofree char *device = dc_account_default_device_name ();
  GTask *task;

  g_return_if_fail (server_url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_account_sign_in_async);
  client = dc_api_client_new (server_url);
  dc_api_client_login_async (client, login ? login : "", password ? password : "", device,
                             cancellable, signed_in_cb, task);
}

/**
 * dc_account_create_async:
 *
 * POST /api/auth/register; finish with dc_account_sign_in_finish().
 */
void
dc_account_create_async (const char          *server_url,
                         const char          *email,
                         const char          *username,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(DcApiClient) client = NULL;
  g_autofree char *device = dc_account_default_device_name ();
  GTask *task;

  g_return_if_fail (server_url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_account_create_async);
  client = dc_api_client_new (server_url);
  dc_api_client_register_async (client, email ? email : "", username ? username : "",
                                password ? password : "", device, cancellable, signed_in_cb,
                                task);
}

/**
 * dc_account_sign_in_finish:
 *
 * Returns: (transfer full) (nullable): the signed-in account, not loaded yet
 */
DcAccount *
dc_account_sign_in_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dc_account_load_async:
 *
 * Opens (and migrates) the account's local database. Nothing touches the network.
 */
void
dc_account_load_async (DcAccount           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DC_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_account_load_async);
  path = g_build_filename (self->data_dir, "local.db", NULL);
  dc_local_store_open_async (path, cancellable, load_cb, g_steal_pointer (&task));

  if (self->network_changed_id == 0)
    self->network_changed_id = g_signal_connect (g_network_monitor_get_default (),
                                                 "network-changed",
                                                 G_CALLBACK (network_changed_cb), self);
}

gboolean
dc_account_load_finish (DcAccount     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
dc_account_get_server_url (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);
  return self->server_url;
}

const char *
dc_account_get_username (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);
  return self->username;
}

const char *
dc_account_get_data_dir (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);
  return self->data_dir;
}

/**
 * dc_account_get_user:
 *
 * Returns: (transfer none) (nullable): the account as GET /api/auth/me last described it
 */
JsonObject *
dc_account_get_user (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);
  return self->user;
}

void
dc_account_set_user (DcAccount  *self,
                     JsonObject *user)
{
  g_return_if_fail (DC_IS_ACCOUNT (self));

  if (user != NULL)
    json_object_ref (user);
  g_clear_pointer (&self->user, json_object_unref);
  self->user = user;
}

DcApiClient *
dc_account_get_api_client (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);
  return self->client;
}

DcLocalStore *
dc_account_get_local_store (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);
  return self->store;
}

/**
 * dc_account_get_collection_store:
 *
 * The account's inventory, have list and want list, in the same local database as the
 * catalog. Opened on first use, once the account is loaded.
 *
 * Returns: (transfer none) (nullable): the store, or %NULL before the account is loaded
 */
DcCollectionStore *
dc_account_get_collection_store (DcAccount *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);

  if (self->collection_store == NULL && self->store != NULL)
    {
      self->collection_store = dc_collection_store_open (dc_local_store_get_path (self->store),
                                                         &error);
      if (self->collection_store == NULL)
        g_warning ("Could not open the collection: %s", error->message);
    }
  return self->collection_store;
}

DcCatalogSync *
dc_account_get_catalog_sync (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);
  return self->catalog_sync;
}

DcImageCache *
dc_account_get_image_cache (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);
  return self->image_cache;
}

DcConnection
dc_account_get_connection (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), DC_CONNECTION_UNKNOWN);
  return self->connection;
}

DcSyncState
dc_account_get_sync_state (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), DC_SYNC_STATE_OFFLINE);

  if (self->connection == DC_CONNECTION_OFFLINE && !self->refreshing)
    return DC_SYNC_STATE_OFFLINE;
  if (self->refreshing || self->connection == DC_CONNECTION_UNKNOWN ||
      (self->catalog_sync != NULL && dc_catalog_sync_get_running (self->catalog_sync)))
    return DC_SYNC_STATE_SYNCING;
  return DC_SYNC_STATE_SYNCED;
}

/**
 * dc_account_get_pending_changes:
 *
 * Local edits not yet on the server. The outbox arrives with the sync engine; until
 * then nothing is ever pending.
 */
guint
dc_account_get_pending_changes (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), 0);
  return 0;
}

/**
 * dc_account_get_catalog_cards:
 *
 * Returns: the number of printings in the local catalog, -1 until counted
 */
gint64
dc_account_get_catalog_cards (DcAccount *self)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), -1);
  return self->catalog_cards;
}

static gboolean
refresh_again_cb (gpointer user_data)
{
  g_autoptr(DcAccount) self = user_data;

  if (self->client != NULL)
    dc_account_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
set_refreshing (DcAccount *self,
                gboolean   refreshing)
{
  if (self->refreshing == refreshing)
    return;
  self->refreshing = refreshing;
  notify_sync_state (self);

  /* a refresh asked for while one ran: what it would have seen may be newer */
  if (!refreshing && self->refresh_again)
    {
      self->refresh_again = FALSE;
      g_idle_add (refresh_again_cb, g_object_ref (self));
    }
}

static void
catalog_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DcAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;
  guint cards = 0;

  if (self->client == NULL)
    return; /* disposed */

  set_refreshing (self, FALSE);
  if (!dc_catalog_sync_run_finish (DC_CATALOG_SYNC (object), result, &changed, &cards, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
        return;
      g_message ("Catalog download failed: %s", error->message);
      dc_account_note_result (self, error);
      update_catalog_count (self);
      if (!dc_api_client_error_is_offline (error))
        g_signal_emit (self, signals[CATALOG_FAILED], 0, error->message);
      return;
    }

  dc_account_note_result (self, NULL);
  if (changed)
    {
      g_debug ("Catalog updated: %u cards", cards);
      update_catalog_count (self);
      g_signal_emit (self, signals[CATALOG_UPDATED], 0);
    }
}

static void
refresh_me_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DcAccount) self = user_data;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GError) error = NULL;

  user = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (self->client == NULL)
    return;
  if (user == NULL)
    {
      set_refreshing (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Cannot reach the account: %s", error->message);
      dc_account_note_result (self, error);
      return;
    }

  dc_account_set_user (self, user);
  dc_account_note_result (self, NULL);

  if (self->catalog_sync == NULL)
    {
      set_refreshing (self, FALSE);
      return;
    }
  dc_catalog_sync_run_async (self->catalog_sync, self->cancellable, catalog_cb,
                             g_object_ref (self));
}

/**
 * dc_account_refresh:
 *
 * Checks the session (GET /api/auth/me) and brings the local catalog up to date. Runs in
 * the background; the connection and sync-state properties follow it.
 */
void
dc_account_refresh (DcAccount *self)
{
  g_return_if_fail (DC_IS_ACCOUNT (self));

  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_refreshing (self, TRUE);
  dc_api_client_request_async (self->client, "GET", "/api/auth/me", NULL, self->cancellable,
                               refresh_me_cb, g_object_ref (self));
}

void
dc_account_search_cards_async (DcAccount           *self,
                               const char          *text,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (DC_IS_ACCOUNT (self));
  g_return_if_fail (self->store != NULL);

  dc_local_store_search_cards_async (self->store, text, limit, cancellable, callback, user_data);
}

/**
 * dc_account_search_cards_finish:
 *
 * Returns: (transfer full): a list model of #DcCardItem
 */
GListModel *
dc_account_search_cards_finish (DcAccount     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);

  return dc_local_store_search_cards_finish (self->store, result, error);
}

void
dc_account_lookup_card_async (DcAccount           *self,
                              const char          *card_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DC_IS_ACCOUNT (self));
  g_return_if_fail (self->store != NULL);

  dc_local_store_lookup_card_async (self->store, card_id, cancellable, callback, user_data);
}

DcCardItem *
dc_account_lookup_card_finish (DcAccount     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);

  return dc_local_store_lookup_card_finish (self->store, result, error);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcAccount *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *series;
  GError *error = NULL;

  root = dc_api_client_request_finish (DC_API_CLIENT (object), result, &error);
  dc_account_note_result (self, error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  series = dc_price_history_parse (root, &error);
  if (series == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, series, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * dc_account_load_price_history_async:
 *
 * GET /api/cards/{id}/history?days=@days. Needs the server; offline it fails with an
 * error for which dc_api_client_error_is_offline() is %TRUE.
 */
void
dc_account_load_price_history_async (DcAccount           *self,
                                     const char          *card_id,
                                     guint                days,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DC_IS_ACCOUNT (self));
  g_return_if_fail (card_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_account_load_price_history_async);
  escaped = g_uri_escape_string (card_id, NULL, FALSE);
  path = g_strdup_printf ("/api/cards/%s/history?days=%u", escaped, days);
  dc_api_client_request_async (self->client, "GET", path, NULL, cancellable, history_cb,
                               g_steal_pointer (&task));
}

/**
 * dc_account_load_price_history_finish:
 *
 * Returns: (transfer full) (element-type DcPriceSeries): the series
 */
GPtrArray *
dc_account_load_price_history_finish (DcAccount     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dc_account_load_image_async (DcAccount           *self,
                             const char          *uri,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DC_IS_ACCOUNT (self));

  dc_image_cache_load_async (self->image_cache, uri, cancellable, callback, user_data);
}

GdkTexture *
dc_account_load_image_finish (DcAccount     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (DC_IS_ACCOUNT (self), NULL);

  return dc_image_cache_load_finish (self->image_cache, result, error);
}

static void
sessions_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcAccount *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;
  JsonNode *sessions;

  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  dc_account_note_result (self, error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sessions = json_object_get_member (answer, "sessions");
  if (sessions == NULL || !JSON_NODE_HOLDS_ARRAY (sessions))
    {
      g_task_return_new_error (task, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The server sent an unexpected answer"));
      return;
    }
  g_task_return_pointer (task, json_array_ref (json_node_get_array (sessions)),
                         (GDestroyNotify) json_array_unref);
}

void
dc_account_list_sessions_async (DcAccount           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DC_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_account_list_sessions_async);
  dc_api_client_request_async (self->client, "GET", "/api/auth/sessions", NULL, cancellable,
                               sessions_cb, g_steal_pointer (&task));
}

/**
 * dc_account_list_sessions_finish:
 *
 * Returns: (transfer full): the `sessions` array of GET /api/auth/sessions
 */
JsonArray *
dc_account_list_sessions_finish (DcAccount     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
revoke_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcAccount *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = dc_api_client_request_finish (DC_API_CLIENT (object), result, &error);
  dc_account_note_result (self, error);
  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
dc_account_revoke_session_async (DcAccount           *self,
                                 const char          *session_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DC_IS_ACCOUNT (self));
  g_return_if_fail (session_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_account_revoke_session_async);
  escaped = g_uri_escape_string (session_id, NULL, FALSE);
  path = g_strconcat ("/api/auth/sessions/", escaped, NULL);
  dc_api_client_request_async (self->client, "DELETE", path, NULL, cancellable, revoke_cb,
                               g_steal_pointer (&task));
}

gboolean
dc_account_revoke_session_finish (DcAccount     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- sign out ---------------------------------------------------------------------- */

static gboolean
delete_tree (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable,
                                        &local_error);
  if (children == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else
    {
      for (;;)
        {
          GFileInfo *info;
          GFile *child;

          if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
            return FALSE;
          if (info == NULL)
            break;
          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            {
              if (!delete_tree (child, cancellable, error))
                return FALSE;
            }
          else if (!g_file_delete (child, cancellable, error))
            return FALSE;
        }
    }
  return g_file_delete (file, cancellable, error);
}

static void
delete_data_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr(GFile) dir = g_file_new_for_path (task_data);
  g_autoptr(GFile) parent = g_file_get_parent (dir);
  GError *error = NULL;

  if (!delete_tree (dir, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* the server's folder goes too once its last account is gone */
  g_file_delete (parent, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
token_deleted_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!dc_token_store_delete_finish (result, &error))
    {
      /* keep the data: the user can try again, and nothing is half-removed */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_cancellable_cancel (self->cancellable);
  if (self->collection_store != NULL)
    dc_collection_store_close (self->collection_store);
  if (self->store != NULL)
    dc_local_store_close (self->store);
  g_task_set_task_data (task, g_strdup (self->data_dir), g_free);
  g_task_run_in_thread (task, delete_data_thread);
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcAccount *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* best effort: offline, the session simply expires on the server */
  node = dc_api_client_request_finish (DC_API_CLIENT (object), result, &error);
  if (node == NULL)
    g_message ("Could not revoke the session on the server: %s", error->message);

  dc_token_store_delete_async (self->server_url, self->username, NULL, token_deleted_cb,
                               g_steal_pointer (&task));
}

static gboolean
cancel_logout_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/**
 * dc_account_sign_out_async:
 *
 * Revokes the session on the server (best effort, a few seconds at most), deletes the
 * token from the keyring and this account's local data. The account is unusable after.
 */
void
dc_account_sign_out_async (DcAccount           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) logout_cancellable = g_cancellable_new ();

  g_return_if_fail (DC_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_account_sign_out_async);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, LOGOUT_TIMEOUT_SECS, cancel_logout_cb,
                              g_object_ref (logout_cancellable), g_object_unref);
  dc_api_client_request_async (self->client, "POST", "/api/auth/logout", NULL,
                               logout_cancellable, logout_cb, g_steal_pointer (&task));
}

gboolean
dc_account_sign_out_finish (DcAccount     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
