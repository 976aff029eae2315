/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-server"

#include "config.h"

#include <string.h>

#include "dc-collection-service.h"
#include "dc-error.h"
#include "dc-notification-service.h"
#include "dc-routes.h"
#include "dc-server.h"

struct _DcServer
{
  GObject        parent_instance;

  DcConfig      *config;
  DcStore       *store;
  DcRouter      *router;
  SoupServer    *soup_server;
  DcRateLimiter *auth_limiter;
  DcCache       *cache;
  DcWsHub       *ws_hub;
  DcNotificationService *notifications;
  char          *base_url;
};

G_DEFINE_FINAL_TYPE (DcServer, dc_server, G_TYPE_OBJECT)

#define DC_SERVER_LISTEN_BACKLOG 1024

enum {
  USER_DATA_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A user's collection changed (REST, sync, bot, trades): drop what was derived from it. */
static void
collection_changed_cb (gint64      user_id,
                       const char *origin_device_id,
                       gpointer    user_data)
{
  g_autoptr(JsonObject) event = json_object_new ();
  DcServer *self = user_data;
  g_autofree char *username = dc_server_lookup_username (self, user_id);

  if (username != NULL)
    {
      g_autofree char *key = g_strconcat ("user:profile:", username, NULL);
      dc_cache_remove (self->cache, key);
    }
  /* The device that made the change already has it; the others sync now. */
  json_object_set_string_member (event, "type", "sync");
  dc_ws_hub_send_to_user (self->ws_hub, user_id, event, origin_device_id);
  g_signal_emit (self, signals[USER_DATA_CHANGED], 0, user_id);
}

static void
dc_server_finalize (GObject *object)
{
  DcServer *self = DC_SERVER (object);

  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
  /* Notifications first: it stops the email worker and pushes through the hub. */
  g_clear_pointer (&self->notifications, dc_notification_service_free);
  g_clear_pointer (&self->ws_hub, dc_ws_hub_free);
  g_clear_object (&self->soup_server);
  g_clear_pointer (&self->router, dc_router_free);
  g_clear_pointer (&self->auth_limiter, dc_rate_limiter_free);
  dc_collection_set_changed_func (NULL, NULL);
  g_clear_pointer (&self->cache, dc_cache_free);
  g_clear_pointer (&self->store, dc_store_close);
  g_clear_pointer (&self->config, dc_config_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (dc_server_parent_class)->finalize (object);
}

static void
dc_server_class_init (DcServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dc_server_finalize;

  /**
   * DcServer::user-data-changed:
   * @user_id: whose collection, have list or want list changed
   *
   * Emitted after the change is committed; the WebSocket hub pokes that user's devices.
   */
  signals[USER_DATA_CHANGED] =
    g_signal_new ("user-data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
dc_server_init (DcServer *self)
{
}

/**
 * dc_server_new:
 * @config: settings (a reference is taken)
 * @store: (transfer full): a migrated store
 */
DcServer *
dc_server_new (DcConfig *config,
               DcStore  *store)
{
  DcServer *self = g_object_new (DC_TYPE_SERVER, NULL);

  self->config = dc_config_ref (config);
  self->store = store;
  self->router = dc_router_new ();
  self->auth_limiter =
    dc_rate_limiter_new ((guint) dc_config_get_int (config, "DUALCASTER_AUTH_RATE_LIMIT", 30),
                         (guint) dc_config_get_int (config, "DUALCASTER_AUTH_RATE_WINDOW", 60));
  self->cache = dc_cache_new ();
  dc_collection_set_changed_func (collection_changed_cb, self);
  self->soup_server = soup_server_new ("server-header", "dualcaster-server/" PACKAGE_VERSION,
                                       NULL);

  self->ws_hub = dc_ws_hub_new (self);
  self->notifications = dc_notification_service_new (self);

  dc_routes_register_all (self->router);
  dc_router_attach (self->router, self, self->soup_server);
  dc_ws_hub_attach (self->ws_hub, self->soup_server);

  return self;
}

DcConfig *
dc_server_get_config (DcServer *self)
{
  return self->config;
}

DcStore *
dc_server_get_store (DcServer *self)
{
  return self->store;
}

DcRouter *
dc_server_get_router (DcServer *self)
{
  return self->router;
}

SoupServer *
dc_server_get_soup_server (DcServer *self)
{
  return self->soup_server;
}

DcWsHub *
dc_server_get_ws_hub (DcServer *self)
{
  return self->ws_hub;
}

DcNotificationService *
dc_server_get_notification_service (DcServer *self)
{
  return self->notifications;
}

DcCache *
dc_server_get_cache (DcServer *self)
{
  return self->cache;
}

char *
dc_server_lookup_username (DcServer *self,
                           gint64    user_id)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (self->store,
                                                  "SELECT username FROM users WHERE id = ?",
                                                  NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup (dc_stmt_column_text (stmt, 0));
}

DcRateLimiter *
dc_server_get_auth_rate_limiter (DcServer *self)
{
  return self->auth_limiter;
}

const char *
dc_server_get_base_url (DcServer *self)
{
  return self->base_url;
}

static gboolean
setup_tls (DcServer  *self,
           gboolean  *out_tls,
           GError   **error)
{
  const char *cert = dc_config_get (self->config, "DUALCASTER_TLS_CERT");
  const char *key = dc_config_get (self->config, "DUALCASTER_TLS_KEY");
  g_autoptr(GTlsCertificate) certificate = NULL;

  *out_tls = FALSE;
  if ((cert == NULL || *cert == '\0') && (key == NULL || *key == '\0'))
    return TRUE;
  if (cert == NULL || key == NULL || *cert == '\0' || *key == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "DUALCASTER_TLS_CERT and DUALCASTER_TLS_KEY must be set together");
      return FALSE;
    }
  certificate = g_tls_certificate_new_from_files (cert, key, error);
  if (certificate == NULL)
    return FALSE;
  soup_server_set_tls_certificate (self->soup_server, certificate);
  *out_tls = TRUE;
  return TRUE;
}

gboolean
dc_server_listen (DcServer    *self,
                  const char  *address,
                  GError     **error)
{
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  SoupServerListenOptions options = 0;
  gboolean tls;
  guint64 port;
  GSList *uris;

  g_return_val_if_fail (DC_IS_SERVER (self), FALSE);

  colon = strrchr (address, ':');
  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "DUALCASTER_LISTEN must be HOST:PORT, not “%s”", address);
      return FALSE;
    }
  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", host);
      return FALSE;
    }

  if (!setup_tls (self, &tls, error))
    return FALSE;
  if (tls)
    options |= SOUP_SERVER_LISTEN_HTTPS;

  sockaddr = g_inet_socket_address_new (inet, (guint16) port);
  /* Our own socket rather than soup_server_listen(): GLib's default listen backlog of 10
   * overflows when many clients connect at once (a burst of WebSocket reconnects, a load
   * test), and the kernel then drops their handshakes for a second or more. */
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, DC_SERVER_LISTEN_BACKLOG);
  if (!g_socket_bind (socket, sockaddr, TRUE, error) || !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->soup_server, socket, options, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup_server);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      g_autofree char *ip = g_inet_address_to_string (inet);
      gboolean v6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;

      g_free (self->base_url);
      self->base_url = g_strdup_printf ("%s://%s%s%s:%d", tls ? "https" : "http",
                                        v6 ? "[" : "", ip, v6 ? "]" : "",
                                        g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}
