/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-ws-client"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "dc-ws-client.h"

/* The server sends WebSocket pings every 30 s, but libsoup 3.2 cannot tell us when a peer
 * stops answering ours. So we also ping at the application level and treat a socket that
 * has said nothing for a while as dead. */
#define PING_INTERVAL_S   30
#define SILENCE_LIMIT_US  (75 * G_USEC_PER_SEC)
#define BACKOFF_FIRST_MS  1000
#define BACKOFF_CAP_MS    60000

struct _DcWsClient
{
  GObject                  parent_instance;

  DcApiClient             *api;
  char                    *device_id;
  gboolean                 running;
  gboolean                 connected;

  GCancellable            *connecting;
  SoupWebsocketConnection *connection;
  gint64                   last_heard;
  guint                    ping_id;
  guint                    retry_id;
  guint                    failures;
  guint                    retry_delay;
};

G_DEFINE_FINAL_TYPE (DcWsClient, dc_ws_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_DEVICE_ID,
  N_PROPS
};

enum {
  EVENT,
  SYNC_REQUESTED,
  AUTH_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (DcWsClient *self);

static void
set_connected (DcWsClient *self,
               gboolean    connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
drop_connection (DcWsClient *self)
{
  g_clear_handle_id (&self->ping_id, g_source_remove);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->connection);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  DcWsClient *self = user_data;

  self->retry_id = 0;
  self->retry_delay = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* Exponential backoff with "equal jitter": half the step is fixed, half random, so many
 * clients dropped by one server restart do not all come back in the same instant. */
static void
schedule_retry (DcWsClient *self)
{
  guint step;

  if (!self->running || self->retry_id != 0)
    return;
  step = BACKOFF_FIRST_MS << MIN (self->failures, 6);
  step = MIN (step, BACKOFF_CAP_MS);
  self->failures++;
  self->retry_delay = step / 2 + (guint) g_random_int_range (0, (gint32) (step / 2) + 1);
  g_debug ("Event socket: retrying in %u ms", self->retry_delay);
  self->retry_id = g_timeout_add (self->retry_delay, retry_cb, self);
}

static void
send_json (DcWsClient *self,
           const char *type)
{
  g_autofree char *text = g_strdup_printf ("{\"type\":\"%s\"}", type);

  if (self->connection != NULL &&
      soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->connection, text);
}

static gboolean
ping_cb (gpointer user_data)
{
  DcWsClient *self = user_data;

  if (g_get_monotonic_time () - self->last_heard > SILENCE_LIMIT_US)
    {
      g_debug ("Event socket: the server went silent; reconnecting");
      self->ping_id = 0;
      drop_connection (self);
      set_connected (self, FALSE);
      schedule_retry (self);
      return G_SOURCE_REMOVE;
    }
  send_json (self, "ping");
  return G_SOURCE_CONTINUE;
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  DcWsClient *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  const char *kind;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  self->last_heard = g_get_monotonic_time ();
  if (type != SOUP_WEBSOCKET_DATA_TEXT ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  kind = json_object_get_string_member_with_default (object, "type", "");

  if (g_str_equal (kind, "ready"))
    {
      self->failures = 0;
      set_connected (self, TRUE);
    }
  else if (g_str_equal (kind, "pong"))
    return;

  g_signal_emit (self, signals[EVENT], g_quark_try_string (kind), kind, object);
  if (g_str_equal (kind, "sync"))
    g_signal_emit (self, signals[SYNC_REQUESTED], 0);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  DcWsClient *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (connection);

  g_debug ("Event socket closed (%u)", code);
  drop_connection (self);
  set_connected (self, FALSE);
  if (code == DC_WS_CLOSE_AUTH_FAILED)
    {
      /* Retrying with the same token cannot help. */
      self->running = FALSE;
      g_signal_emit (self, signals[AUTH_FAILED], 0);
      return;
    }
  schedule_retry (self);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DcWsClient) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->connecting);
  if (connection == NULL)
    {
      g_debug ("Event socket: %s", error->message);
      schedule_retry (self);
      return;
    }
  if (!self->running)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (connection);
      return;
    }

  self->connection = connection;
  self->last_heard = g_get_monotonic_time ();
  soup_websocket_connection_set_keepalive_interval (connection, PING_INTERVAL_S);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  self->ping_id = g_timeout_add_seconds (PING_INTERVAL_S, ping_cb, self);
}

static char *
socket_url (DcWsClient *self)
{
  const char *base = dc_api_client_get_base_url (self->api);
  g_autofree char *escaped = g_uri_escape_string (self->device_id, NULL, FALSE);
  const char *rest;
  const char *scheme;

  if (g_str_has_prefix (base, "https://"))
    scheme = "wss://", rest = base + strlen ("https://");
  else if (g_str_has_prefix (base, "http://"))
    scheme = "ws://", rest = base + strlen ("http://");
  else
    scheme = "", rest = base;
  return g_strconcat (scheme, rest, "/api/ws?device_id=", escaped, NULL);
}

static void
connect_now (DcWsClient *self)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;
  const char *token = dc_api_client_get_token (self->api);

  if (!self->running || self->connection != NULL || self->connecting != NULL)
    return;
  if (token == NULL)
    {
      schedule_retry (self);
      return;
    }

  url = socket_url (self);
  message = soup_message_new ("GET", url);
  if (message == NULL)
    {
      g_warning ("Cannot make an event socket address from %s", url);
      return;
    }
  {
    g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  authorization);
  }

  self->connecting = g_cancellable_new ();
  soup_session_websocket_connect_async (dc_api_client_get_session (self->api), message, NULL,
                                        NULL, G_PRIORITY_DEFAULT, self->connecting,
                                        connected_cb, g_object_ref (self));
}

static void
dc_ws_client_dispose (GObject *object)
{
  DcWsClient *self = (DcWsClient *) object;

  self->running = FALSE;
  g_cancellable_cancel (self->connecting);
  g_clear_object (&self->connecting);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_connection (self);
  g_clear_object (&self->api);

  G_OBJECT_CLASS (dc_ws_client_parent_class)->dispose (object);
}

static void
dc_ws_client_finalize (GObject *object)
{
  DcWsClient *self = (DcWsClient *) object;

  g_free (self->device_id);

  G_OBJECT_CLASS (dc_ws_client_parent_class)->finalize (object);
}

static void
dc_ws_client_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DcWsClient *self = DC_WS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_ws_client_class_init (DcWsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dc_ws_client_dispose;
  object_class->finalize = dc_ws_client_finalize;
  object_class->get_property = dc_ws_client_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DcWsClient::event:
   * @type: the event's "type" ("ready", "sync", "message.new" …); also the signal detail
   * @event: the whole event object
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);

  /**
   * DcWsClient::sync-requested:
   *
   * The user's data changed on the server from another device.
   */
  signals[SYNC_REQUESTED] =
    g_signal_new ("sync-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * DcWsClient::auth-failed:
   *
   * The server refused the token (close code 4001); the client stopped.
   */
  signals[AUTH_FAILED] =
    g_signal_new ("auth-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dc_ws_client_init (DcWsClient *self)
{
}

/**
 * dc_ws_client_new:
 * @api: the API client whose server, session and token to use
 * @device_id: this device's id (see dc_collection_store_get_device_id())
 */
DcWsClient *
dc_ws_client_new (DcApiClient *api,
                  const char  *device_id)
{
  DcWsClient *self;

  g_return_val_if_fail (DC_IS_API_CLIENT (api), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  self = g_object_new (DC_TYPE_WS_CLIENT, NULL);
  self->api = g_object_ref (api);
  self->device_id = g_strdup (device_id);
  return self;
}

void
dc_ws_client_start (DcWsClient *self)
{
  g_return_if_fail (DC_IS_WS_CLIENT (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->failures = 0;
  connect_now (self);
}

void
dc_ws_client_stop (DcWsClient *self)
{
  g_return_if_fail (DC_IS_WS_CLIENT (self));

  self->running = FALSE;
  g_cancellable_cancel (self->connecting);
  g_clear_object (&self->connecting);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_delay = 0;
  drop_connection (self);
  set_connected (self, FALSE);
}

void
dc_ws_client_reconnect_now (DcWsClient *self)
{
  g_return_if_fail (DC_IS_WS_CLIENT (self));

  if (!self->running || self->connection != NULL || self->connecting != NULL)
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_delay = 0;
  self->failures = 0;
  connect_now (self);
}

gboolean
dc_ws_client_get_connected (DcWsClient *self)
{
  g_return_val_if_fail (DC_IS_WS_CLIENT (self), FALSE);

  return self->connected;
}

gboolean
dc_ws_client_get_running (DcWsClient *self)
{
  g_return_val_if_fail (DC_IS_WS_CLIENT (self), FALSE);

  return self->running;
}

const char *
dc_ws_client_get_device_id (DcWsClient *self)
{
  g_return_val_if_fail (DC_IS_WS_CLIENT (self), NULL);

  return self->device_id;
}

guint
dc_ws_client_get_retry_delay (DcWsClient *self)
{
  g_return_val_if_fail (DC_IS_WS_CLIENT (self), 0);

  return self->retry_id != 0 ? self->retry_delay : 0;
}
