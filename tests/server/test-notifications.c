/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-notify-test-util.h"

/* In-app notifications through the real server: the REST list and read markers, ownership,
 * and the notification.new WebSocket event for notifications that another process (the
 * `notify` command, like a price import) wrote. */

static DcTestServer *server;
static char *alice;
static char *bob;

static char *
notify (const char *username,
        const char *title,
        const char *body)
{
  g_autofree char *output = NULL;
  int status = dc_test_server_run_command (server, &output, "notify", username, title, body,
                                           NULL);
  const char *id;

  g_assert_cmpint (status, ==, 0);
  id = strstr (output, "notification ");
  g_assert_nonnull (id);
  return g_strndup (id + strlen ("notification "), 36);
}

static JsonObject *
list (const char *token,
      const char *query)
{
  g_autofree char *path = g_strconcat ("/api/notifications", query, NULL);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (dc_test_response_object (r));
}

static JsonArray *
items (JsonObject *answer)
{
  return json_object_get_array_member (answer, "notifications");
}

static const char *
item_id (JsonObject *answer,
         guint       index)
{
  return json_object_get_string_member (json_array_get_object_element (items (answer), index),
                                        "id");
}

static void
test_list_and_read (void)
{
  g_autofree char *token = dc_test_register_user (server, "carol");
  g_autofree char *first = notify ("carol", "Welcome to the tables", "Mind the stack.");
  g_autofree char *second = notify ("carol", "Second notice", "Line one\nline two");
  g_autoptr(JsonObject) all = list (token, "");
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) unread = NULL;
  g_autoptr(DcTestResponse) read = NULL;
  g_autoptr(DcTestResponse) again = NULL;
  g_autofree char *path = g_strdup_printf ("/api/notifications/%s/read", first);
  JsonObject *newest;
  const char *read_at;

  g_assert_cmpuint (json_array_get_length (items (all)), ==, 2);
  g_assert_cmpint (json_object_get_int_member (all, "unread_count"), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (all, "next_before")));
  /* Newest first, with the whole wire shape. */
  newest = json_array_get_object_element (items (all), 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "id"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (newest, "kind"), ==, "system");
  g_assert_cmpstr (json_object_get_string_member (newest, "title"), ==, "Second notice");
  g_assert_cmpstr (json_object_get_string_member (newest, "body"), ==, "Line one\nline two");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (newest, "data")));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (newest, "created_at"), "Z"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (newest, "read_at")));
  g_assert_cmpstr (item_id (all, 1), ==, first);

  read = dc_test_request (server, "POST", path, token, NULL, NULL);
  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (dc_test_response_object (read), "id"), ==,
                   first);
  read_at = json_object_get_string_member (dc_test_response_object (read), "read_at");
  g_assert_nonnull (read_at);

  /* Reading twice keeps the first time. */
  dc_test_spin (1100);
  again = dc_test_request (server, "POST", path, token, NULL, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (dc_test_response_object (again), "read_at"),
                   ==, read_at);

  after = list (token, "");
  g_assert_cmpint (json_object_get_int_member (after, "unread_count"), ==, 1);
  unread = list (token, "?unread=true");
  g_assert_cmpuint (json_array_get_length (items (unread)), ==, 1);
  g_assert_cmpstr (item_id (unread, 0), ==, second);
}

static void
test_paging (void)
{
  g_autofree char *token = dc_test_register_user (server, "dave");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *title = g_strdup_printf ("Notice %d", i);
      g_ptr_array_add (ids, notify ("dave", title, ""));
    }
  do
    {
      g_autofree char *query = cursor ? g_strdup_printf ("?limit=2&before=%s", cursor)
                                      : g_strdup ("?limit=2");
      g_autoptr(JsonObject) page = list (token, query);
      JsonNode *next = json_object_get_member (page, "next_before");

      pages++;
      g_assert_cmpuint (json_array_get_length (items (page)), <=, 2);
      for (guint i = 0; i < json_array_get_length (items (page)); i++)
        g_ptr_array_add (seen, g_strdup (item_id (page, i)));
      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, g_ptr_array_index (ids, 4 - i));

  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET",
                                                   "/api/notifications?limit=0", token, NULL,
                                                   NULL);
    dc_test_assert_envelope (r, 422);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET",
                                                   "/api/notifications?before=abc", token, NULL,
                                                   NULL);
    dc_test_assert_envelope (r, 422);
  }
}

static void
test_read_all (void)
{
  g_autofree char *token = dc_test_register_user (server, "erin");
  g_autofree char *a = notify ("erin", "One", "");
  g_autofree char *b = notify ("erin", "Two", "");
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/notifications/read-all",
                                                 token, NULL, NULL);
  g_autoptr(JsonObject) after = NULL;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (dc_test_response_object (r), "marked"), ==, 2);
  after = list (token, "?unread=true");
  g_assert_cmpuint (json_array_get_length (items (after)), ==, 0);
  g_assert_cmpint (json_object_get_int_member (after, "unread_count"), ==, 0);
}

/* User B can neither see nor mark user A's notifications; without a token nothing works. */
static void
test_ownership (void)
{
  g_autofree char *id = notify ("alice", "For Alice only", "A private notice.");
  g_autofree char *path = g_strdup_printf ("/api/notifications/%s/read", id);
  g_autoptr(JsonObject) bobs = list (bob, "");
  g_autoptr(JsonObject) alices = NULL;

  for (guint i = 0; i < json_array_get_length (items (bobs)); i++)
    g_assert_cmpstr (item_id (bobs, i), !=, id);

  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", path, bob, NULL, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 404), ==, "not_found");
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/notifications/read-all",
                                                   bob, NULL, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  /* Still unread for Alice after both of Bob's attempts. */
  alices = list (alice, "?unread=true");
  g_assert_cmpstr (item_id (alices, 0), ==, id);

  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST",
                                                   "/api/notifications/not-a-uuid/read", alice,
                                                   NULL, NULL);
    dc_test_assert_envelope (r, 404);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST",
                                                   "/api/notifications/"
                                                   "00000000-0000-4000-8000-000000000000/read",
                                                   alice, NULL, NULL);
    dc_test_assert_envelope (r, 404);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/notifications", NULL,
                                                   NULL, NULL);
    dc_test_assert_envelope (r, 401);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", path, NULL, NULL, NULL);
    dc_test_assert_envelope (r, 401);
  }
}

/* The notification.new event about @id (earlier pushes may arrive first). */
static JsonObject *
wait_notification (DcTestSocket *socket,
                   const char   *id,
                   guint         timeout_ms)
{
  JsonObject *event;

  while ((event = dc_test_socket_wait_event (socket, "notification.new", timeout_ms)) != NULL)
    {
      JsonObject *notification = json_object_get_object_member (event, "notification");

      if (g_strcmp0 (json_object_get_string_member (notification, "id"), id) == 0)
        return event;
    }
  return NULL;
}

/* A notification written by another process reaches every open connection of its user
 * (and only theirs) as notification.new, through the server's poll. */
static void
test_websocket_push (void)
{
  g_autoptr(DcTestSocket) laptop = dc_test_socket_connect (server->base_url, alice);
  g_autoptr(DcTestSocket) desktop = dc_test_socket_connect (server->base_url, alice);
  g_autoptr(DcTestSocket) other = dc_test_socket_connect (server->base_url, bob);
  g_autofree char *id = notify ("alice", "Your binder is ready", "Come and see.");
  JsonObject *event = wait_notification (laptop, id, 5000);
  JsonObject *notification;

  g_assert_nonnull (event);
  notification = json_object_get_object_member (event, "notification");
  g_assert_cmpstr (json_object_get_string_member (notification, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (notification, "title"), ==,
                   "Your binder is ready");
  g_assert_cmpstr (json_object_get_string_member (notification, "kind"), ==, "system");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (notification, "read_at")));
  g_assert_cmpint (json_object_get_int_member (event, "unread_count"), >=, 1);

  g_assert_nonnull (wait_notification (desktop, id, 5000));

  /* Pushed once: a later poll does not repeat it, and Bob never hears of it. */
  dc_test_spin (500);
  g_assert_null (wait_notification (laptop, id, 0));
  laptop->seen = 0;
  other->seen = 0;
  for (JsonObject *e; (e = dc_test_socket_wait_event (other, "notification.new", 0)) != NULL;)
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (e,
                                                                                  "notification"),
                                                    "id"), !=, id);
  {
    guint times = 0;

    for (JsonObject *e; (e = dc_test_socket_wait_event (laptop, "notification.new", 0)) != NULL;)
      if (g_strcmp0 (json_object_get_string_member (json_object_get_object_member (e,
                                                                                  "notification"),
                                                    "id"), id) == 0)
        times++;
    g_assert_cmpuint (times, ==, 1);
  }
}

static void
test_notify_command_kinds (void)
{
  g_autofree char *output = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *item, *data;

  g_assert_cmpint (dc_test_server_run_command (server, &output, "notify", "--kind=trade_proposal",
                                               "--data={\"trade\":\"3f9a1c\"}", "bob",
                                               "Trade #3f9a1c", "alice sent you a proposal",
                                               NULL), ==, 0);
  answer = list (bob, "?limit=1");
  item = json_array_get_object_element (items (answer), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "trade_proposal");
  data = json_object_get_object_member (item, "data");
  g_assert_cmpstr (json_object_get_string_member (data, "trade"), ==, "3f9a1c");

  g_clear_pointer (&output, g_free);
  g_assert_cmpint (dc_test_server_run_command (server, &output, "notify", "--kind=gossip",
                                               "bob", "x", NULL), ==, 2);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (dc_test_server_run_command (server, &output, "notify", "nobody-here", "x",
                                               NULL), ==, 1);
}

/* Real printings of data/demo/cards.jsonl.gz for the matching test. */
#define BOLT_FCA    "e89794ab-6070-4916-936f-2b42fe41d31b"
#define COUNTER_FCA "e1e48b21-1a4f-4708-a4b4-e2e296df924c"
#define SOL_RING    "14dbce79-1fcc-4cc9-bf38-7729e44a411e"
#define BOLT_MSC    "7673784e-db4b-43a1-8d55-1bb9fc1e284f"

static void
offer (const char *token,
       const char *card_id)
{
  g_autofree char *inv_body = g_strdup_printf ("{\"card_id\":\"%s\",\"quantity\":1}", card_id);
  g_autoptr(DcTestResponse) inv = dc_test_request (server, "POST", "/api/inventory", token,
                                                   inv_body, NULL);
  g_autofree char *have_body = NULL;
  g_autoptr(DcTestResponse) have = NULL;

  g_assert_cmpuint (inv->status, ==, 201);
  /* A minimum trade value of $60 makes each entry worth $60 to the score. */
  have_body = g_strdup_printf ("{\"inventory_item_id\":\"%s\",\"quantity\":1,"
                               "\"min_trade_value\":\"60.00\"}",
                               json_object_get_string_member (dc_test_response_object (inv), "id"));
  have = dc_test_request (server, "POST", "/api/have-list", token, have_body, NULL);
  g_assert_cmpuint (have->status, ==, 201);
}

static void
want (const char *token,
      const char *card_id)
{
  g_autofree char *body = g_strdup_printf ("{\"card_id\":\"%s\"}", card_id);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/want-list", token, body,
                                                 NULL);

  g_assert_cmpuint (r->status, ==, 201);
}

static guint
count_kind (const char *token,
            const char *kind)
{
  g_autoptr(JsonObject) answer = list (token, "?limit=100");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items (answer)); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items (answer),
                                                                                  i), "kind"),
                     kind))
      n++;
  return n;
}

/* Two balanced entries each way worth $240 in all: 40 + 15 + 8 + 10 = 73 > 70. Both users
 * hear of it when the match is first computed, by WebSocket and in the list; never twice. */
static void
test_match_over_70 (void)
{
  g_autofree char *gina = dc_test_register_user (server, "gina");
  g_autofree char *hank = dc_test_register_user (server, "hank");
  g_autoptr(DcTestSocket) hank_socket = dc_test_socket_connect (server->base_url, hank);
  JsonObject *event;

  offer (gina, BOLT_FCA);
  offer (gina, COUNTER_FCA);
  offer (hank, SOL_RING);
  offer (hank, BOLT_MSC);
  want (gina, SOL_RING);
  want (gina, BOLT_MSC);
  want (hank, BOLT_FCA);
  want (hank, COUNTER_FCA);

  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/matches", gina, NULL,
                                                   NULL);
    JsonObject *first;

    g_assert_cmpuint (r->status, ==, 200);
    first = json_array_get_object_element (json_object_get_array_member (
                                             dc_test_response_object (r), "matches"), 0);
    g_assert_cmpint (json_object_get_int_member (first, "quality"), ==, 73);
  }
  g_assert_cmpuint (count_kind (gina, "trade_match"), ==, 1);
  g_assert_cmpuint (count_kind (hank, "trade_match"), ==, 1);
  event = dc_test_socket_wait_event (hank_socket, "notification.new", 5000);
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (event,
                                                                                  "notification"),
                                                    "data"), "partner"), ==, "gina");

  /* Hank looks too, and a change forces a recompute: nobody is told twice. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/matches", hank, NULL,
                                                   NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  want (gina, BOLT_FCA);
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/matches", gina, NULL,
                                                   NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpuint (count_kind (gina, "trade_match"), ==, 1);
  g_assert_cmpuint (count_kind (hank, "trade_match"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_AUTH_RATE_LIMIT=1000",
                                                      "DUALCASTER_NOTIFY_POLL_MS=100", NULL });
  {
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");

    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
  }
  dc_test_server_start (server);
  alice = dc_test_register_user (server, "alice");
  bob = dc_test_register_user (server, "bob");

  g_test_add_func ("/Dc/Notifications/list-and-read", test_list_and_read);
  g_test_add_func ("/Dc/Notifications/paging", test_paging);
  g_test_add_func ("/Dc/Notifications/read-all", test_read_all);
  g_test_add_func ("/Dc/Notifications/ownership", test_ownership);
  g_test_add_func ("/Dc/Notifications/websocket-push", test_websocket_push);
  g_test_add_func ("/Dc/Notifications/notify-command", test_notify_command_kinds);
  g_test_add_func ("/Dc/Notifications/match-over-70", test_match_over_70);

  ret = g_test_run ();
  dc_test_server_free (server);
  g_free (alice);
  g_free (bob);
  return ret;
}
