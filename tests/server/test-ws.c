/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-test-harness.h"

#define SOL_RING "14dbce79-1fcc-4cc9-bf38-7729e44a411e"

static DcTestServer *server;

typedef struct
{
  SoupWebsocketConnection *connection;
  GPtrArray               *messages; /* char* */
  gboolean                 closed;
  gushort                  close_code;
  GError                  *error;
  gboolean                 done;
} Socket;

static void
socket_free (Socket *socket)
{
  if (socket->connection)
    {
      if (soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (socket->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_signal_handlers_disconnect_by_data (socket->connection, socket);
      g_object_unref (socket->connection);
    }
  g_ptr_array_unref (socket->messages);
  g_clear_error (&socket->error);
  g_free (socket);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Socket, socket_free)

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Socket *socket = user_data;

  g_ptr_array_add (socket->messages, g_strndup (g_bytes_get_data (message, NULL),
                                                g_bytes_get_size (message)));
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  Socket *socket = user_data;

  socket->closed = TRUE;
  socket->close_code = soup_websocket_connection_get_close_code (connection);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Socket *socket = user_data;

  socket->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                              &socket->error);
  if (socket->connection)
    {
      g_signal_connect (socket->connection, "message", G_CALLBACK (message_cb), socket);
      g_signal_connect (socket->connection, "closed", G_CALLBACK (closed_cb), socket);
    }
  socket->done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until @flag turns TRUE or 5 s pass. */
static gboolean
wait_for (gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

static Socket *
ws_connect (const char *header_token,
            const char *device_id)
{
  static SoupSession *session;
  Socket *socket = g_new0 (Socket, 1);
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (session == NULL)
    session = soup_session_new ();
  socket->messages = g_ptr_array_new_with_free_func (g_free);
  url = g_strdup_printf ("%s/api/ws%s%s", server->base_url, device_id ? "?device_id=" : "",
                         device_id ? device_id : "");
  url[0] = 'w', url[1] = 's', memmove (url + 2, url + 4, strlen (url + 4) + 1);
  msg = soup_message_new ("GET", url);
  if (header_token)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", header_token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
    }
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        connected_cb, socket);
  g_assert_true (wait_for (&socket->done));
  g_assert_no_error (socket->error);
  return socket;
}

static gboolean
has_message_of_type (Socket     *socket,
                     const char *type)
{
  g_autofree char *needle = g_strdup_printf ("\"type\":\"%s\"", type);

  for (guint i = 0; i < socket->messages->len; i++)
    if (strstr (g_ptr_array_index (socket->messages, i), needle))
      return TRUE;
  return FALSE;
}

static void
wait_message (Socket     *socket,
              const char *type)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (!has_message_of_type (socket, type) && !timed_out && !socket->closed)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_true (has_message_of_type (socket, type));
}

/* Lets 300 ms of events arrive, to show that one did not. */
static void
settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (300, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_header_auth (void)
{
  g_autofree char *token = dc_test_register_user (server, "wsheader");
  g_autoptr(Socket) socket = ws_connect (token, NULL);

  wait_message (socket, "ready");
  soup_websocket_connection_send_text (socket->connection, "{\"type\":\"ping\"}");
  wait_message (socket, "pong");
}

static void
test_frame_auth (void)
{
  g_autofree char *token = dc_test_register_user (server, "wsframe");
  g_autoptr(Socket) socket = ws_connect (NULL, NULL);
  g_autofree char *frame = g_strdup_printf ("{\"type\":\"auth\",\"token\":\"%s\"}", token);

  soup_websocket_connection_send_text (socket->connection, frame);
  wait_message (socket, "ready");
}

static void
test_bad_auth_closes_4001 (void)
{
  g_autoptr(Socket) bad_header = ws_connect ("not-a-token", NULL);
  g_autoptr(Socket) bad_frame = ws_connect (NULL, NULL);
  g_autoptr(Socket) no_auth = ws_connect (NULL, NULL);

  g_assert_true (wait_for (&bad_header->closed));
  g_assert_cmpuint (bad_header->close_code, ==, 4001);

  soup_websocket_connection_send_text (bad_frame->connection,
                                       "{\"type\":\"auth\",\"token\":\"forged\"}");
  g_assert_true (wait_for (&bad_frame->closed));
  g_assert_cmpuint (bad_frame->close_code, ==, 4001);

  soup_websocket_connection_send_text (no_auth->connection, "{\"type\":\"ping\"}");
  g_assert_true (wait_for (&no_auth->closed));
  g_assert_cmpuint (no_auth->close_code, ==, 4001);
}

static void
test_sync_poke (void)
{
  g_autofree char *token = dc_test_register_user (server, "wspoked");
  g_autofree char *stranger = dc_test_register_user (server, "wsstranger");
  g_autoptr(Socket) laptop = ws_connect (token, "laptop");
  g_autoptr(Socket) desktop = ws_connect (token, "desktop");
  g_autoptr(Socket) other = ws_connect (stranger, "elsewhere");
  g_autoptr(DcTestResponse) sync = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body = NULL;

  wait_message (laptop, "ready");
  wait_message (desktop, "ready");
  wait_message (other, "ready");

  /* The laptop syncs an edit: the desktop is told, the laptop (which made it) is not. */
  body = g_strdup_printf ("{\"device_id\":\"laptop\",\"cursor\":0,\"ops\":[{\"op_id\":\"w1\","
                          "\"type\":\"upsert\",\"entity\":\"want_item\",\"id\":\"%s\","
                          "\"fields\":{\"card_id\":\"" SOL_RING "\"}}]}", id);
  sync = dc_test_request (server, "POST", "/api/sync", token, body, NULL);
  g_assert_cmpuint (sync->status, ==, 200);
  wait_message (desktop, "sync");
  settle ();
  g_assert_false (has_message_of_type (laptop, "sync"));
  g_assert_false (has_message_of_type (other, "sync"));

  /* A REST write (another client, the bot) tells every device. */
  {
    g_autoptr(DcTestResponse) rest = dc_test_request (server, "POST", "/api/want-list", token,
                                                      "{\"card_id\":\"" SOL_RING "\"}", NULL);
    g_assert_cmpuint (rest->status, ==, 201);
    wait_message (laptop, "sync");
  }
}

static void
test_plain_get_is_refused (void)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/ws", NULL, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 400);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");

    server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_AUTH_RATE_LIMIT=1000",
                                                         NULL });
    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
    dc_test_server_start (server);
  }

  g_test_add_func ("/Dc/WebSocket/header-auth", test_header_auth);
  g_test_add_func ("/Dc/WebSocket/frame-auth", test_frame_auth);
  g_test_add_func ("/Dc/WebSocket/bad-auth-4001", test_bad_auth_closes_4001);
  g_test_add_func ("/Dc/WebSocket/sync-poke", test_sync_poke);
  g_test_add_func ("/Dc/WebSocket/plain-get", test_plain_get_is_refused);

  ret = g_test_run ();
  dc_test_server_free (server);
  return ret;
}
