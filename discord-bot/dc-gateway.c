/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-gateway"

#include "config.h"

#include <string.h>

#include "dc-gateway.h"

#define MAX_PAYLOAD_BYTES (16 * 1024 * 1024)
#define MAX_BACKOFF_MS 60000
/* A close code other than 1000/1001 keeps the session resumable (Discord's rule). */
#define CLOSE_KEEP_SESSION 4000

struct _DcGateway
{
  GObject                  parent_instance;

  SoupSession             *session;
  char                    *token;
  guint                    intents;
  guint                    backoff_ms;

  char                    *gateway_url;   /* for new sessions */
  char                    *resume_url;    /* READY's resume_gateway_url */
  char                    *session_id;
  gint64                   seq;           /* -1 before the first dispatch */

  SoupWebsocketConnection *ws;
  GCancellable            *connect_cancellable;
  guint                    heartbeat_id;
  guint                    heartbeat_interval;
  gboolean                 awaiting_ack;
  guint                    reconnect_id;
  guint                    attempts;
  gboolean                 ready;
  gboolean                 stopped;
};

G_DEFINE_FINAL_TYPE (DcGateway, dc_gateway, G_TYPE_OBJECT)

enum {
  READY,
  RESUMED,
  DISPATCH,
  FATAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connect_now (DcGateway *self);

static void
send_payload (DcGateway  *self,
              int         op,
              JsonNode   *d /* transfer full, nullable */)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (self->ws == NULL ||
      soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_clear_pointer (&d, json_node_unref);
      return;
    }
  json_object_set_int_member (payload, "op", op);
  if (d != NULL)
    json_object_set_member (payload, "d", d);
  else
    json_object_set_null_member (payload, "d");
  node = json_node_init_object (json_node_alloc (), payload);
  text = json_to_string (node, FALSE);
  soup_websocket_connection_send_text (self->ws, text);
}

static void
stop_heartbeat (DcGateway *self)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  self->awaiting_ack = FALSE;
}

static void
forget_session (DcGateway *self)
{
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->resume_url, g_free);
  self->seq = -1;
}

/* Lets go of the socket at once (a zombie connection may never finish a close handshake). */
static void
drop_connection (DcGateway *self,
                 gushort    code)
{
  stop_heartbeat (self);
  self->ready = FALSE;
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  if (self->ws == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->ws, self);
  if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, code, NULL);
  g_clear_object (&self->ws);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  DcGateway *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (DcGateway *self,
                    guint      delay_ms)
{
  if (self->stopped)
    return;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, reconnect_cb,
                                           g_object_ref (self), g_object_unref);
}

/* The first retry is immediate; later ones back off exponentially, with jitter, to a minute. */
static guint
next_backoff (DcGateway *self)
{
  guint attempt = self->attempts++;
  guint64 delay;

  if (attempt == 0)
    return 0;
  delay = (guint64) self->backoff_ms << MIN (attempt - 1, 16);
  delay = MIN (delay, MAX_BACKOFF_MS);
  return (guint) (delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1));
}

static void
reconnect (DcGateway  *self,
           gboolean    resume,
           const char *why)
{
  g_message ("Gateway: %s; %s", why, resume && self->session_id ? "resuming" : "new session");
  if (!resume)
    forget_session (self);
  drop_connection (self, resume ? CLOSE_KEEP_SESSION : SOUP_WEBSOCKET_CLOSE_NORMAL);
  schedule_reconnect (self, next_backoff (self));
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  DcGateway *self = user_data;

  if (self->awaiting_ack)
    {
      /* No ACK since the last beat: the connection is a zombie. */
      self->heartbeat_id = 0;
      reconnect (self, TRUE, "heartbeat not acknowledged");
      return G_SOURCE_REMOVE;
    }
  send_payload (self, DC_GATEWAY_OP_HEARTBEAT,
                self->seq >= 0 ? json_node_init_int (json_node_alloc (), self->seq)
                               : json_node_init_null (json_node_alloc ()));
  self->awaiting_ack = TRUE;
  return G_SOURCE_CONTINUE;
}

static gboolean
first_heartbeat_cb (gpointer user_data)
{
  DcGateway *self = user_data;

  /* From now on at the interval Discord asked for. */
  self->heartbeat_id = g_timeout_add (self->heartbeat_interval, heartbeat_cb, self);
  heartbeat_cb (self);
  return G_SOURCE_REMOVE;
}

static void
identify (DcGateway *self)
{
  JsonObject *d = json_object_new ();
  JsonObject *properties = json_object_new ();

  json_object_set_string_member (d, "token", self->token);
  json_object_set_int_member (d, "intents", self->intents);
  json_object_set_string_member (properties, "os", "linux");
  json_object_set_string_member (properties, "browser", "dualcaster-deals");
  json_object_set_string_member (properties, "device", "dualcaster-deals");
  json_object_set_object_member (d, "properties", properties);
  send_payload (self, DC_GATEWAY_OP_IDENTIFY, json_node_init_object (json_node_alloc (), d));
  json_object_unref (d);
}

static void
resume (DcGateway *self)
{
  JsonObject *d = json_object_new ();

  json_object_set_string_member (d, "token", self->token);
  json_object_set_string_member (d, "session_id", self->session_id);
  json_object_set_int_member (d, "seq", MAX (self->seq, 0));
  send_payload (self, DC_GATEWAY_OP_RESUME, json_node_init_object (json_node_alloc (), d));
  json_object_unref (d);
}

static void
handle_hello (DcGateway  *self,
              JsonObject *d)
{
  gint64 interval = d ? json_object_get_int_member_with_default (d, "heartbeat_interval", 0) : 0;

  if (interval <= 0)
    {
      reconnect (self, TRUE, "HELLO without a heartbeat interval");
      return;
    }
  self->heartbeat_interval = (guint) interval;
  stop_heartbeat (self);
  /* The first beat after interval × jitter, so many clients do not beat in step. */
  self->heartbeat_id = g_timeout_add ((guint) (interval * g_random_double ()), first_heartbeat_cb,
                                      self);
  if (self->session_id != NULL)
    resume (self);
  else
    identify (self);
}

static gboolean
invalid_session_cb (gpointer user_data)
{
  DcGateway *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
handle_dispatch (DcGateway  *self,
                 const char *type,
                 JsonNode   *d)
{
  if (type == NULL)
    return;
  if (g_str_equal (type, "READY") && d != NULL && JSON_NODE_HOLDS_OBJECT (d))
    {
      JsonObject *ready = json_node_get_object (d);

      g_free (self->session_id);
      self->session_id = g_strdup (json_object_get_string_member_with_default (ready,
                                                                               "session_id",
                                                                               NULL));
      g_free (self->resume_url);
      self->resume_url = g_strdup (json_object_get_string_member_with_default (
        ready, "resume_gateway_url", NULL));
      self->ready = TRUE;
      self->attempts = 0;
      g_message ("Gateway: ready (session %s)", self->session_id ? self->session_id : "?");
      g_signal_emit (self, signals[READY], 0, ready);
      return;
    }
  if (g_str_equal (type, "RESUMED"))
    {
      self->ready = TRUE;
      self->attempts = 0;
      g_message ("Gateway: resumed at %" G_GINT64_FORMAT, self->seq);
      g_signal_emit (self, signals[RESUMED], 0);
      return;
    }
  g_signal_emit (self, signals[DISPATCH], g_quark_from_string (type), type, d);
}

static void
message_cb (SoupWebsocketConnection *ws,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  DcGateway *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DcGateway) hold = g_object_ref (self);
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  JsonObject *payload;
  JsonNode *d, *s;
  gint64 op;

  if (type != SOUP_WEBSOCKET_DATA_TEXT ||
      !json_parser_load_from_data (parser, data, len, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_warning ("Gateway: a payload that is not a JSON object: %s",
                 error ? error->message : "binary frame");
      return;
    }
  payload = json_node_get_object (json_parser_get_root (parser));
  op = json_object_get_int_member_with_default (payload, "op", -1);
  d = json_object_get_member (payload, "d");
  s = json_object_get_member (payload, "s");
  if (s != NULL && JSON_NODE_TYPE (s) == JSON_NODE_VALUE)
    self->seq = json_node_get_int (s);

  switch (op)
    {
    case DC_GATEWAY_OP_HELLO:
      handle_hello (self, d && JSON_NODE_HOLDS_OBJECT (d) ? json_node_get_object (d) : NULL);
      break;
    case DC_GATEWAY_OP_HEARTBEAT_ACK:
      self->awaiting_ack = FALSE;
      break;
    case DC_GATEWAY_OP_HEARTBEAT:
      /* Discord wants a beat now; it does not replace the schedule. */
      send_payload (self, DC_GATEWAY_OP_HEARTBEAT,
                    self->seq >= 0 ? json_node_init_int (json_node_alloc (), self->seq)
                                   : json_node_init_null (json_node_alloc ()));
      break;
    case DC_GATEWAY_OP_RECONNECT:
      self->attempts = 0;
      reconnect (self, TRUE, "Discord asked to reconnect (op 7)");
      break;
    case DC_GATEWAY_OP_INVALID_SESSION:
      if (d != NULL && JSON_NODE_TYPE (d) == JSON_NODE_VALUE && json_node_get_boolean (d))
        reconnect (self, TRUE, "session invalidated (resumable)");
      else
        {
          guint delay = self->backoff_ms + (guint) g_random_int_range (0, 4 * self->backoff_ms + 1);

          g_message ("Gateway: session invalidated; identifying again in %u ms", delay);
          forget_session (self);
          drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
          g_clear_handle_id (&self->reconnect_id, g_source_remove);
          if (!self->stopped)
            self->reconnect_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay, invalid_session_cb,
                                                     g_object_ref (self), g_object_unref);
        }
      break;
    case DC_GATEWAY_OP_DISPATCH:
      handle_dispatch (self, json_object_get_string_member_with_default (payload, "t", NULL), d);
      break;
    default:
      g_debug ("Gateway: ignoring op %" G_GINT64_FORMAT, op);
      break;
    }
}

static void
closed_cb (SoupWebsocketConnection *ws,
           gpointer                 user_data)
{
  DcGateway *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (ws);
  const char *reason = soup_websocket_connection_get_close_data (ws);
  g_autofree char *why = NULL;

  why = g_strdup_printf ("connection closed (%u%s%s)", code, reason && *reason ? ": " : "",
                         reason ? reason : "");
  switch (code)
    {
    case 4004: /* authentication failed */
    case 4010: /* invalid shard */
    case 4011: /* sharding required */
    case 4012: /* invalid API version */
    case 4013: /* invalid intents */
    case 4014: /* disallowed intents */
      drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
      g_warning ("Gateway: %s; not reconnecting", why);
      g_signal_emit (self, signals[FATAL], 0, why);
      return;
    case 4007: /* invalid seq */
    case 4009: /* session timed out */
      reconnect (self, FALSE, why);
      return;
    default:
      reconnect (self, TRUE, why);
      return;
    }
}

static void
error_cb (SoupWebsocketConnection *ws,
          GError                  *error,
          gpointer                 user_data)
{
  g_debug ("Gateway: %s", error->message);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DcGateway) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws = soup_session_websocket_connect_finish (SOUP_SESSION (source),
                                                                       result, &error);

  if (ws == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stopped)
        return;
      g_message ("Gateway: cannot connect: %s", error->message);
      schedule_reconnect (self, MAX (next_backoff (self), self->backoff_ms));
      return;
    }
  g_clear_object (&self->connect_cancellable);
  self->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, MAX_PAYLOAD_BYTES);
  g_signal_connect (ws, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (ws, "error", G_CALLBACK (error_cb), self);
}

/* wss://gateway.discord.gg → wss://gateway.discord.gg/?v=10&encoding=json */
static char *
with_query (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) full = NULL;

  if (uri == NULL || g_uri_get_query (uri) != NULL)
    return g_strdup (url);
  full = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                      g_uri_get_host (uri), g_uri_get_port (uri),
                      *g_uri_get_path (uri) ? g_uri_get_path (uri) : "/",
                      "v=10&encoding=json", NULL);
  return g_uri_to_string (full);
}

static void
connect_now (DcGateway *self)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (self->stopped)
    return;
  drop_connection (self, CLOSE_KEEP_SESSION);
  url = with_query (self->session_id && self->resume_url ? self->resume_url : self->gateway_url);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_autofree char *why = g_strdup_printf ("the gateway URL %s is not valid", url);

      g_signal_emit (self, signals[FATAL], 0, why);
      return;
    }
  g_debug ("Gateway: connecting to %s", url);
  self->connect_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->connect_cancellable, connected_cb,
                                        g_object_ref (self));
}

static void
dc_gateway_dispose (GObject *object)
{
  DcGateway *self = DC_GATEWAY (object);

  self->stopped = TRUE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dc_gateway_parent_class)->dispose (object);
}

static void
dc_gateway_finalize (GObject *object)
{
  DcGateway *self = DC_GATEWAY (object);

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->gateway_url);
  g_free (self->resume_url);
  g_free (self->session_id);
  G_OBJECT_CLASS (dc_gateway_parent_class)->finalize (object);
}

static void
dc_gateway_class_init (DcGatewayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dc_gateway_dispose;
  object_class->finalize = dc_gateway_finalize;

  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  signals[RESUMED] = g_signal_new ("resumed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DISPATCH] = g_signal_new ("dispatch", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_NODE);
  signals[FATAL] = g_signal_new ("fatal", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dc_gateway_init (DcGateway *self)
{
  self->seq = -1;
}

DcGateway *
dc_gateway_new (SoupSession *session,
                const char  *token,
                guint        intents,
                guint        backoff_ms)
{
  DcGateway *self = g_object_new (DC_TYPE_GATEWAY, NULL);

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self->session = g_object_ref (session);
  self->token = g_strdup (token);
  self->intents = intents;
  self->backoff_ms = MAX (backoff_ms, 1);
  return self;
}

void
dc_gateway_start (DcGateway  *self,
                  const char *url)
{
  g_return_if_fail (DC_IS_GATEWAY (self));
  g_return_if_fail (url != NULL);

  g_free (self->gateway_url);
  self->gateway_url = g_strdup (url);
  self->stopped = FALSE;
  connect_now (self);
}

void
dc_gateway_stop (DcGateway *self)
{
  g_return_if_fail (DC_IS_GATEWAY (self));

  self->stopped = TRUE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
}

gboolean
dc_gateway_is_ready (DcGateway *self)
{
  return self->ready;
}

const char *
dc_gateway_get_session_id (DcGateway *self)
{
  return self->session_id;
}
