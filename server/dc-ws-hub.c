/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-ws-hub"

#include "config.h"

#include <string.h>

#include "dc-error.h"
#include "dc-server.h"
#include "dc-ws-hub.h"

#define HEARTBEAT_S 30
#define AUTH_TIMEOUT_S 10

typedef struct
{
  DcWsHub                 *hub;
  SoupWebsocketConnection *connection;
  gint64                   user_id;   /* 0 until authenticated */
  char                    *device_id;
  guint                    auth_timeout_id;
} Client;

struct _DcWsHub
{
  DcServer   *server;   /* unowned: the server owns the hub */
  GHashTable *by_user;  /* gint64* user id → GPtrArray of Client* (unowned) */
  GPtrArray  *clients;  /* Client*, owned */
};

static void
client_free (gpointer data)
{
  Client *client = data;

  g_clear_handle_id (&client->auth_timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (client->connection, client);
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_object_unref (client->connection);
  g_free (client->device_id);
  g_free (client);
}

DcWsHub *
dc_ws_hub_new (DcServer *server)
{
  DcWsHub *hub = g_new0 (DcWsHub, 1);

  hub->server = server;
  hub->by_user = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  hub->clients = g_ptr_array_new_with_free_func (client_free);
  return hub;
}

void
dc_ws_hub_free (DcWsHub *hub)
{
  if (hub == NULL)
    return;
  g_hash_table_unref (hub->by_user);
  g_ptr_array_unref (hub->clients);
  g_free (hub);
}

static void
send_json (SoupWebsocketConnection *connection,
           JsonObject              *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (connection, text);
}

static void
register_client (Client *client,
                 gint64  user_id)
{
  GPtrArray *list;

  client->user_id = user_id;
  g_clear_handle_id (&client->auth_timeout_id, g_source_remove);
  list = g_hash_table_lookup (client->hub->by_user, &user_id);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (client->hub->by_user, g_memdup2 (&user_id, sizeof user_id), list);
    }
  g_ptr_array_add (list, client);
}

static gboolean
authenticate (Client     *client,
              const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *session_id = NULL;
  gint64 user_id = 0;
  JsonObject *ready;

  if (token == NULL ||
      !dc_server_authenticate (client->hub->server, token, &user_id, &session_id, &error))
    {
      soup_websocket_connection_close (client->connection, DC_WS_CLOSE_AUTH_FAILED,
                                       "authentication failed");
      return FALSE;
    }
  register_client (client, user_id);

  ready = json_object_new ();
  json_object_set_string_member (ready, "type", "ready");
  json_object_set_int_member (ready, "heartbeat_interval", HEARTBEAT_S);
  send_json (client->connection, ready);
  json_object_unref (ready);
  return TRUE;
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Client *client = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *kind;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (type != SOUP_WEBSOCKET_DATA_TEXT || len > 64 * 1024 ||
      !json_parser_load_from_data (parser, data, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  kind = json_object_get_string_member_with_default (object, "type", "");

  if (client->user_id == 0)
    {
      /* Nothing but authentication before authentication. */
      if (!g_str_equal (kind, "auth"))
        {
          soup_websocket_connection_close (connection, DC_WS_CLOSE_AUTH_FAILED,
                                           "authenticate first");
          return;
        }
      if (client->device_id == NULL)
        client->device_id = g_strdup (json_object_get_string_member_with_default (object,
                                                                                  "device_id",
                                                                                  NULL));
      authenticate (client, json_object_get_string_member_with_default (object, "token", NULL));
      return;
    }

  if (g_str_equal (kind, "ping"))
    {
      JsonObject *pong = json_object_new ();

      json_object_set_string_member (pong, "type", "pong");
      send_json (connection, pong);
      json_object_unref (pong);
    }
}

static void
remove_client (DcWsHub *hub,
               Client  *client)
{
  if (client->user_id != 0)
    {
      GPtrArray *list = g_hash_table_lookup (hub->by_user, &client->user_id);

      if (list != NULL)
        {
          g_ptr_array_remove (list, client);
          if (list->len == 0)
            g_hash_table_remove (hub->by_user, &client->user_id);
        }
    }
  g_ptr_array_remove (hub->clients, client);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  Client *client = user_data;

  remove_client (client->hub, client);
}

static gboolean
auth_timeout_cb (gpointer user_data)
{
  Client *client = user_data;

  client->auth_timeout_id = 0;
  soup_websocket_connection_close (client->connection, DC_WS_CLOSE_AUTH_FAILED,
                                   "authentication timed out");
  return G_SOURCE_REMOVE;
}

static void
websocket_cb (SoupServer              *soup_server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  DcWsHub *hub = user_data;
  Client *client = g_new0 (Client, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);

  client->hub = hub;
  client->connection = g_object_ref (connection);
  soup_websocket_connection_set_keepalive_interval (connection, HEARTBEAT_S);
  g_ptr_array_add (hub->clients, client);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), client);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), client);

  if (query != NULL)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      const char *device = params ? g_hash_table_lookup (params, "device_id") : NULL;

      if (device != NULL && strlen (device) <= 100)
        client->device_id = g_strdup (device);
    }

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    authenticate (client, authorization + 7);
  else
    client->auth_timeout_id = g_timeout_add_seconds (AUTH_TIMEOUT_S, auth_timeout_cb, client);
}

void
dc_ws_hub_attach (DcWsHub    *hub,
                  SoupServer *soup_server)
{
  soup_server_add_websocket_handler (soup_server, "/api/ws", NULL, NULL, websocket_cb, hub,
                                     NULL);
}

guint
dc_ws_hub_send_to_user (DcWsHub    *hub,
                        gint64      user_id,
                        JsonObject *event,
                        const char *except_device_id)
{
  GPtrArray *list = g_hash_table_lookup (hub->by_user, &user_id);
  guint sent = 0;

  for (guint i = 0; list && i < list->len; i++)
    {
      Client *client = g_ptr_array_index (list, i);

      if (except_device_id != NULL && g_strcmp0 (client->device_id, except_device_id) == 0)
        continue;
      send_json (client->connection, event);
      sent++;
    }
  return sent;
}

guint
dc_ws_hub_count (DcWsHub *hub,
                 gint64   user_id)
{
  GPtrArray *list = g_hash_table_lookup (hub->by_user, &user_id);

  return list ? list->len : 0;
}
