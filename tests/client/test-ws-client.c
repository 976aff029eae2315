/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dc-sync-test.h"
#include "dc-test-harness.h"
#include "dc-ws-client.h"

/* The event socket against the real server: it connects and says so, hears the server's
 * "sync" pokes (and not about its own device's changes), comes back by itself after the
 * server restarts, and gives up on a token the server refuses. */

static DcTestServer *server;

typedef struct
{
  DcApiClient *api;
  DcWsClient  *ws;
  GPtrArray   *events;      /* char*: the types, in order */
  guint        syncs;
  guint        auth_failures;
  guint        connects;
} Socket;

static void
event_cb (DcWsClient *ws,
          const char *type,
          JsonObject *event,
          Socket     *socket)
{
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, type);
  g_ptr_array_add (socket->events, g_strdup (type));
}

static void
sync_requested_cb (DcWsClient *ws,
                   Socket     *socket)
{
  socket->syncs++;
}

static void
auth_failed_cb (DcWsClient *ws,
                Socket     *socket)
{
  socket->auth_failures++;
}

static void
connected_cb (DcWsClient *ws,
              GParamSpec *pspec,
              Socket     *socket)
{
  if (dc_ws_client_get_connected (ws))
    socket->connects++;
}

static Socket *
socket_new (const char *token,
            const char *device_id)
{
  Socket *socket = g_new0 (Socket, 1);

  socket->api = dc_api_client_new (server->base_url);
  dc_api_client_set_token (socket->api, token);
  socket->ws = dc_ws_client_new (socket->api, device_id);
  socket->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (socket->ws, "event", G_CALLBACK (event_cb), socket);
  g_signal_connect (socket->ws, "sync-requested", G_CALLBACK (sync_requested_cb), socket);
  g_signal_connect (socket->ws, "auth-failed", G_CALLBACK (auth_failed_cb), socket);
  g_signal_connect (socket->ws, "notify::connected", G_CALLBACK (connected_cb), socket);
  dc_ws_client_start (socket->ws);
  return socket;
}

static void
socket_free (Socket *socket)
{
  g_signal_handlers_disconnect_by_data (socket->ws, socket);
  dc_ws_client_stop (socket->ws);
  g_object_unref (socket->ws);
  g_object_unref (socket->api);
  g_ptr_array_unref (socket->events);
  g_free (socket);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Socket, socket_free)

static void
wait_until (gboolean  (*condition) (Socket *),
            Socket     *socket,
            guint       timeout_ms,
            const char *what)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!condition (socket))
    {
      if (g_get_monotonic_time () > end)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_connected (Socket *socket)
{
  return dc_ws_client_get_connected (socket->ws);
}

static gboolean
is_disconnected (Socket *socket)
{
  return !dc_ws_client_get_connected (socket->ws);
}

static gboolean
got_sync (Socket *socket)
{
  return socket->syncs > 0;
}

static gboolean
auth_failed (Socket *socket)
{
  return socket->auth_failures > 0;
}

static char *
new_user (const char *prefix)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("%s%u", prefix, n++);

  return dc_test_register_user (server, name);
}

/* A change to the user's data through the sync route, from @device. */
static void
change_from (const char *token,
             const char *device)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf (
    "{\"device_id\":\"%s\",\"cursor\":0,\"ops\":[{\"op_id\":\"%s\",\"type\":\"upsert\","
    "\"entity\":\"inventory_item\",\"id\":\"%s\",\"fields\":{\"card_id\":\"" SOL_RING "\"}}]}",
    device, op_id, id);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/sync", token, body, NULL);

  g_assert_cmpuint (r->status, ==, 200);
}

static void
test_pokes_other_devices_only (void)
{
  g_autofree char *token = new_user ("poked");
  g_autoptr(Socket) desktop = socket_new (token, "desktop-device");
  g_autoptr(Socket) laptop = socket_new (token, "laptop-device");

  wait_until (is_connected, desktop, 5000, "the desktop to connect");
  wait_until (is_connected, laptop, 5000, "the laptop to connect");
  g_assert_cmpstr (g_ptr_array_index (desktop->events, 0), ==, "ready");
  g_assert_cmpstr (dc_ws_client_get_device_id (desktop->ws), ==, "desktop-device");

  /* The laptop changes something: the desktop is told, the laptop is not. */
  change_from (token, "laptop-device");
  wait_until (got_sync, desktop, 5000, "the desktop's poke");
  dc_sync_test_sleep (300);
  g_assert_cmpuint (desktop->syncs, ==, 1);
  g_assert_cmpuint (laptop->syncs, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (desktop->events, desktop->events->len - 1), ==, "sync");
}

static void
test_reconnects_after_restart (void)
{
  g_autofree char *token = new_user ("restarted");
  g_autoptr(Socket) desktop = socket_new (token, "desktop-device");
  g_autoptr(GUri) uri = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  guint delay;

  wait_until (is_connected, desktop, 5000, "the first connection");
  g_assert_cmpuint (desktop->connects, ==, 1);

  dc_test_server_stop (server);
  wait_until (is_disconnected, desktop, 5000, "the drop");
  dc_sync_test_sleep (2500);
  /* Still trying, after a pause that grows but stays within the cap. The delay reads 0
   * while an attempt is in flight, so look between attempts. */
  g_assert_true (dc_ws_client_get_running (desktop->ws));
  delay = dc_ws_client_get_retry_delay (desktop->ws);
  for (int i = 0; i < 50 && delay == 0; i++)
    {
      dc_sync_test_sleep (100);
      delay = dc_ws_client_get_retry_delay (desktop->ws);
    }
  g_assert_cmpuint (delay, >, 0);
  g_assert_cmpuint (delay, <=, 60000);

  server->env = g_environ_setenv (server->env, "DUALCASTER_LISTEN", listen, TRUE);
  dc_test_server_start (server);
  /* By itself, at the end of the current pause. */
  wait_until (is_connected, desktop, 20000, "the reconnection");
  g_assert_cmpuint (desktop->connects, ==, 2);

  /* And it works as before. */
  change_from (token, "another-device");
  wait_until (got_sync, desktop, 5000, "a poke after the restart");
}

static void
test_refused_token_stops (void)
{
  g_autoptr(Socket) stranger = socket_new ("not-a-token", "some-device");

  wait_until (auth_failed, stranger, 5000, "the refusal");
  g_assert_false (dc_ws_client_get_connected (stranger->ws));
  g_assert_false (dc_ws_client_get_running (stranger->ws));
  g_assert_cmpuint (dc_ws_client_get_retry_delay (stranger->ws), ==, 0);
  dc_sync_test_sleep (1500);
  g_assert_cmpuint (stranger->auth_failures, ==, 1);
  g_assert_cmpuint (stranger->connects, ==, 0);
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
                                                         "DUALCASTER_ACCESS_LOG=0", NULL });
    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
    dc_test_server_start (server);
  }

  g_test_add_func ("/Dc/WsClient/pokes-other-devices-only", test_pokes_other_devices_only);
  g_test_add_func ("/Dc/WsClient/reconnects-after-restart", test_reconnects_after_restart);
  g_test_add_func ("/Dc/WsClient/refused-token-stops", test_refused_token_stops);

  ret = g_test_run ();
  dc_test_server_free (server);
  return ret;
}
