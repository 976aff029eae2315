/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>

#include "dc-test-harness.h"

#define BOLT_FCA    "e89794ab-6070-4916-936f-2b42fe41d31b"
#define SOL_RING    "14dbce79-1fcc-4cc9-bf38-7729e44a411e"
#define COUNTER_FCA "e1e48b21-1a4f-4708-a4b4-e2e296df924c"

static DcTestServer *server;

static JsonObject *
object_of (DcTestResponse *r)
{
  return dc_test_response_object (r);
}

static DcTestResponse *
sync_raw (const char *token,
          const char *device,
          gint64      cursor,
          const char *ops_json)
{
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"%s\",\"cursor\":%" G_GINT64_FORMAT
                                           ",\"ops\":[%s]}", device, cursor,
                                           ops_json ? ops_json : "");

  return dc_test_request (server, "POST", "/api/sync", token, body, NULL);
}

static DcTestResponse *
sync_ok (const char *token,
         const char *device,
         gint64      cursor,
         const char *ops_json)
{
  DcTestResponse *r = sync_raw (token, device, cursor, ops_json);

  g_assert_cmpuint (r->status, ==, 200);
  return r;
}

static const char *
status_at (DcTestResponse *r,
           guint           i)
{
  JsonArray *results = json_object_get_array_member (object_of (r), "results");

  return json_object_get_string_member (json_array_get_object_element (results, i), "status");
}

static JsonObject *
row_at (DcTestResponse *r,
        guint           i)
{
  JsonArray *results = json_object_get_array_member (object_of (r), "results");

  return json_object_get_object_member (json_array_get_object_element (results, i), "row");
}

static char *
upsert_op (const char *op_id,
           const char *entity,
           const char *id,
           const char *fields)
{
  return g_strdup_printf ("{\"op_id\":\"%s\",\"type\":\"upsert\",\"entity\":\"%s\",\"id\":\"%s\","
                          "\"fields\":%s,\"base_rev\":0}", op_id, entity, id, fields);
}

static char *
adjust_op (const char *op_id,
           const char *id,
           int         delta)
{
  return g_strdup_printf ("{\"op_id\":\"%s\",\"type\":\"adjust\",\"entity\":\"inventory_item\","
                          "\"id\":\"%s\",\"quantity_delta\":%d}", op_id, id, delta);
}

static JsonObject *
fetch_inventory (const char *token,
                 const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/inventory/%s", id);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (object_of (r));
}

static void
test_two_devices_converge (void)
{
  g_autofree char *token = dc_test_register_user (server, "converge");
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *create = upsert_op ("c-1", "inventory_item", id,
                                       "{\"card_id\":\"" BOLT_FCA "\",\"quantity\":1}");
  g_autoptr(DcTestResponse) first = sync_ok (token, "laptop", 0, create);
  g_autofree char *a_ops = NULL;
  g_autofree char *b_ops = NULL;
  g_autofree char *a1 = adjust_op ("a-1", id, 1);
  g_autofree char *b1 = adjust_op ("b-1", id, 1);
  g_autofree char *a2 = upsert_op ("a-2", "inventory_item", id,
                                   "{\"condition\":\"LP\",\"notes\":\"laptop note\"}");
  g_autofree char *b2 = upsert_op ("b-2", "inventory_item", id,
                                   "{\"notes\":\"desktop note\",\"language\":\"de\"}");
  g_autoptr(DcTestResponse) from_a = NULL;
  g_autoptr(DcTestResponse) from_b = NULL;
  g_autoptr(DcTestResponse) a_again = NULL;
  g_autoptr(JsonObject) final = NULL;
  JsonArray *changes;

  g_assert_cmpstr (status_at (first, 0), ==, "ok");

  /* Both devices were offline: each added a copy and edited fields. */
  a_ops = g_strjoin (",", a1, a2, NULL);
  b_ops = g_strjoin (",", b1, b2, NULL);
  from_a = sync_ok (token, "laptop", 0, a_ops);
  from_b = sync_ok (token, "desktop", 0, b_ops);
  g_assert_cmpstr (status_at (from_a, 0), ==, "ok");
  g_assert_cmpstr (status_at (from_b, 1), ==, "ok");

  final = fetch_inventory (token, id);
  /* Two "+1"s make "+2"… */
  g_assert_cmpint (json_object_get_int_member (final, "quantity"), ==, 3);
  /* …fields edited on one side only keep that side's value… */
  g_assert_cmpstr (json_object_get_string_member (final, "condition"), ==, "LP");
  g_assert_cmpstr (json_object_get_string_member (final, "language"), ==, "de");
  /* …and a field both edited takes the last writer's value. */
  g_assert_cmpstr (json_object_get_string_member (final, "notes"), ==, "desktop note");

  /* The laptop's next sync brings it the same final row. */
  a_again = sync_ok (token, "laptop", json_object_get_int_member (object_of (from_a), "cursor"),
                     NULL);
  changes = json_object_get_array_member (object_of (a_again), "changes");
  g_assert_cmpuint (json_array_get_length (changes), >=, 1);
  {
    JsonObject *last = json_array_get_object_element (changes, json_array_get_length (changes) - 1);
    JsonObject *fields = json_object_get_object_member (last, "fields");

    g_assert_cmpstr (json_object_get_string_member (last, "entity"), ==, "inventory_item");
    g_assert_cmpint (json_object_get_int_member (fields, "quantity"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (fields, "notes"), ==, "desktop note");
  }
}

static void
test_replay_changes_nothing (void)
{
  g_autofree char *token = dc_test_register_user (server, "replayer");
  g_autofree char *inv = g_uuid_string_random ();
  g_autofree char *want = g_uuid_string_random ();
  g_autofree char *ops = NULL;
  g_autofree char *o1 = upsert_op ("r-1", "inventory_item", inv,
                                   "{\"card_id\":\"" SOL_RING "\",\"quantity\":2}");
  g_autofree char *o2 = adjust_op ("r-2", inv, 5);
  g_autofree char *o3 = upsert_op ("r-3", "want_item", want,
                                   "{\"card_id\":\"" COUNTER_FCA "\",\"quantity\":2}");
  g_autofree char *o4 = adjust_op ("r-4", inv, -100);
  g_autoptr(DcTestResponse) first = NULL;
  g_autoptr(DcTestResponse) replay = NULL;
  g_autoptr(JsonObject) item = NULL;
  gint64 cursor;

  ops = g_strjoin (",", o1, o2, o3, o4, NULL);
  first = sync_ok (token, "phone", 0, ops);
  g_assert_cmpstr (status_at (first, 0), ==, "ok");
  g_assert_cmpstr (status_at (first, 1), ==, "ok");
  g_assert_cmpstr (status_at (first, 2), ==, "ok");
  g_assert_cmpstr (status_at (first, 3), ==, "rejected");
  cursor = json_object_get_int_member (object_of (first), "cursor");

  /* The answer got lost; the device sends the whole batch again. */
  replay = sync_ok (token, "phone", cursor, ops);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (status_at (replay, i), ==, status_at (first, i));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (replay),
                                                                         "changes")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object_of (replay), "cursor"), ==, cursor);

  item = fetch_inventory (token, inv);
  g_assert_cmpint (json_object_get_int_member (item, "quantity"), ==, 7);
}

static void
test_conflict_and_rejection (void)
{
  g_autofree char *token = dc_test_register_user (server, "conflicted");
  g_autofree char *inv = g_uuid_string_random ();
  g_autofree char *create = upsert_op ("k-1", "inventory_item", inv,
                                       "{\"card_id\":\"" BOLT_FCA "\",\"quantity\":2}");
  g_autofree char *del = g_strdup_printf ("{\"op_id\":\"k-2\",\"type\":\"delete\","
                                          "\"entity\":\"inventory_item\",\"id\":\"%s\"}", inv);
  g_autofree char *edit = upsert_op ("k-3", "inventory_item", inv, "{\"notes\":\"late edit\"}");
  g_autofree char *bump = adjust_op ("k-4", inv, 1);
  g_autofree char *have = g_uuid_string_random ();
  g_autofree char *have_op = NULL;
  g_autofree char *bad_fields = upsert_op ("k-6", "want_item", have,
                                           "{\"card_id\":\"" SOL_RING "\",\"quantity\":0}");
  g_autofree char *ops = NULL;
  g_autoptr(DcTestResponse) r1 = NULL;
  g_autoptr(DcTestResponse) r2 = NULL;
  g_autoptr(DcTestResponse) r3 = NULL;
  JsonObject *row;
  JsonArray *results;

  r1 = sync_ok (token, "a", 0, create);
  r2 = sync_ok (token, "b", 0, del);
  g_assert_cmpstr (status_at (r2, 0), ==, "ok");

  /* Device A edits the item B deleted meanwhile. */
  have_op = upsert_op ("k-5", "have_item", have,
                       "{\"inventory_item_id\":\"00000000-0000-4000-8000-00000000dead\"}");
  ops = g_strjoin (",", edit, bump, have_op, bad_fields, NULL);
  r3 = sync_ok (token, "a", 0, ops);
  g_assert_cmpstr (status_at (r3, 0), ==, "conflict");
  g_assert_cmpstr (status_at (r3, 1), ==, "conflict");
  row = row_at (r3, 0);
  g_assert_true (json_object_get_boolean_member (row, "deleted"));
  g_assert_null (json_object_get_string_member_with_default (row, "notes", NULL));

  /* Ops that break a rule are rejected with the error envelope's code and message. */
  results = json_object_get_array_member (object_of (r3), "results");
  g_assert_cmpstr (status_at (r3, 2), ==, "rejected");
  {
    JsonObject *error = json_object_get_object_member (json_array_get_object_element (results, 2),
                                                       "error");
    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==,
                     "have.inventory_not_found");
    g_assert_nonnull (json_object_get_string_member (error, "message"));
  }
  g_assert_cmpstr (status_at (r3, 3), ==, "rejected");
  {
    JsonObject *error = json_object_get_object_member (json_array_get_object_element (results, 3),
                                                       "error");
    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (error, "details"), "field"), ==,
                     "quantity");
  }

  /* The tombstone reaches every device. */
  {
    g_autoptr(DcTestResponse) pull = sync_ok (token, "c", 0, NULL);
    JsonArray *changes = json_object_get_array_member (object_of (pull), "changes");
    gboolean seen = FALSE;

    for (guint i = 0; i < json_array_get_length (changes); i++)
      {
        JsonObject *c = json_array_get_object_element (changes, i);
        if (g_strcmp0 (json_object_get_string_member (c, "id"), inv) == 0)
          {
            g_assert_true (json_object_get_boolean_member (c, "deleted"));
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }
  (void) r1;
}

static void
test_rest_writes_reach_sync (void)
{
  g_autofree char *token = dc_test_register_user (server, "rester");
  g_autoptr(DcTestResponse) start = sync_ok (token, "d", 0, NULL);
  gint64 cursor = json_object_get_int_member (object_of (start), "cursor");
  g_autoptr(DcTestResponse) created = NULL;
  g_autoptr(DcTestResponse) pulled = NULL;
  JsonArray *changes;

  created = dc_test_request (server, "POST", "/api/want-list", token,
                             "{\"card_id\":\"" SOL_RING "\",\"quantity\":3}", NULL);
  g_assert_cmpuint (created->status, ==, 201);
  pulled = sync_ok (token, "d", cursor, NULL);
  changes = json_object_get_array_member (object_of (pulled), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0),
                                                  "entity"), ==, "want_item");
  g_assert_cmpint (json_object_get_int_member (object_of (pulled), "cursor"), >, cursor);
}

static void
test_malformed_requests (void)
{
  g_autofree char *token = dc_test_register_user (server, "malformed");
  struct { const char *body; const char *field; } cases[] = {
    { "{\"cursor\":0,\"ops\":[]}", "device_id" },
    { "{\"device_id\":\"x\",\"cursor\":-1}", "cursor" },
    { "{\"device_id\":\"x\",\"ops\":{}}", "ops" },
    { "{\"device_id\":\"x\",\"ops\":[{\"op_id\":\"1\",\"type\":\"merge\","
      "\"entity\":\"inventory_item\",\"id\":\"" BOLT_FCA "\"}]}", "ops[0].type" },
    { "{\"device_id\":\"x\",\"ops\":[{\"op_id\":\"1\",\"type\":\"delete\","
      "\"entity\":\"deck\",\"id\":\"" BOLT_FCA "\"}]}", "ops[0].entity" },
    { "{\"device_id\":\"x\",\"ops\":[{\"op_id\":\"1\",\"type\":\"adjust\","
      "\"entity\":\"want_item\",\"id\":\"" BOLT_FCA "\",\"quantity_delta\":1}]}",
      "ops[0].entity" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/sync", token,
                                                     cases[i].body, NULL);
      JsonObject *details;

      dc_test_assert_envelope (r, 422);
      details = json_object_get_object_member (
        json_object_get_object_member (object_of (r), "error"), "details");
      g_assert_cmpstr (json_object_get_string_member (details, "field"), ==, cases[i].field);
    }
}

/* 10,000 rows come back page by page, every one exactly once. */
static void
test_paging_large_change_set (void)
{
  g_autofree char *token = dc_test_register_user (server, "pager");
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *cards[] = { BOLT_FCA, SOL_RING, COUNTER_FCA };
  gint64 cursor = 0;
  gboolean has_more = TRUE;
  guint pages = 0;

  for (int batch = 0; batch < 20; batch++)
    {
      g_autoptr(GString) ops = g_string_new (NULL);
      g_autoptr(DcTestResponse) r = NULL;

      for (int i = 0; i < 500; i++)
        {
          g_autofree char *id = g_uuid_string_random ();
          g_autofree char *op_id = g_strdup_printf ("p-%d-%d", batch, i);
          g_autofree char *fields = g_strdup_printf ("{\"card_id\":\"%s\",\"quantity\":%d}",
                                                     cards[i % 3], 1 + i % 4);
          g_autofree char *op = upsert_op (op_id, "inventory_item", id, fields);

          if (ops->len)
            g_string_append_c (ops, ',');
          g_string_append (ops, op);
          g_hash_table_add (sent, g_steal_pointer (&id));
        }
      /* Cursor beyond everything: only the upload matters here. */
      r = sync_ok (token, "bulk", G_MAXINT64 / 2, ops->str);
      g_assert_cmpstr (status_at (r, 499), ==, "ok");
    }
  g_assert_cmpuint (g_hash_table_size (sent), ==, 10000);

  while (has_more)
    {
      g_autoptr(DcTestResponse) r = sync_ok (token, "fresh-device", cursor, NULL);
      JsonArray *changes = json_object_get_array_member (object_of (r), "changes");
      gint64 previous = cursor;

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          const char *id = json_object_get_string_member (c, "id");

          g_assert_true (g_hash_table_contains (sent, id));
          g_assert_false (g_hash_table_contains (seen, id));
          g_assert_cmpint (json_object_get_int_member (c, "rev"), >, previous);
          previous = json_object_get_int_member (c, "rev");
          g_hash_table_add (seen, g_strdup (id));
        }
      cursor = json_object_get_int_member (object_of (r), "cursor");
      has_more = json_object_get_boolean_member (object_of (r), "has_more");
      g_assert_cmpuint (++pages, <=, 11);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 10000);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               NULL);
  gboolean *done = user_data;

  *done = TRUE;
}

/* The server dies mid-request; the device retries the same batch and ends where a clean run
 * would have, with no duplicate rows and no adjust applied twice. */
static void
test_interrupted_batch_retry (void)
{
  g_autoptr(DcTestServer) own = NULL;
  g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
  g_autofree char *token = NULL;
  g_autofree char *inv = g_uuid_string_random ();
  g_autoptr(GString) ops = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DcTestResponse) retry = NULL;
  g_autoptr(DcTestResponse) list = NULL;
  g_autofree char *path = NULL;
  gboolean done = FALSE;

  own = dc_test_server_prepare (NULL);
  g_assert_cmpint (dc_test_server_run_command (own, NULL, "import-scryfall", cards, NULL), ==, 0);
  dc_test_server_start (own);
  token = dc_test_register_user (own, "crashy");

  {
    g_autofree char *create = upsert_op ("z-0", "inventory_item", inv,
                                         "{\"card_id\":\"" BOLT_FCA "\",\"quantity\":1}");
    g_string_append (ops, create);
  }
  for (int i = 1; i < 500; i++)
    {
      g_autofree char *op_id = g_strdup_printf ("z-%d", i);
      g_autofree char *op = NULL;

      if (i % 2)
        op = adjust_op (op_id, inv, 1);
      else
        {
          g_autofree char *id = g_uuid_string_random ();
          op = upsert_op (op_id, "want_item", id, "{\"card_id\":\"" SOL_RING "\"}");
        }
      g_string_append_c (ops, ',');
      g_string_append (ops, op);
    }
  body = g_strdup_printf ("{\"device_id\":\"crash\",\"cursor\":0,\"ops\":[%s]}", ops->str);

  url = g_strconcat (own->base_url, "/api/sync", NULL);
  msg = soup_message_new ("POST", url);
  {
    g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  }
  bytes = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &done);
  /* Let the request reach the server, then kill it without warning. */
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (20 * 1000);
  dc_test_server_kill (own);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  dc_test_server_start (own);
  {
    g_autoptr(GBytes) again = g_bytes_new (body, strlen (body));
    g_autoptr(DcTestResponse) first_retry =
      dc_test_request_bytes (own, "POST", "/api/sync", token, "application/json", again, NULL);
    g_assert_cmpuint (first_retry->status, ==, 200);
  }
  /* And once more, as a device that never saw the answer would. */
  retry = dc_test_request (own, "POST", "/api/sync", token, body, NULL);
  g_assert_cmpuint (retry->status, ==, 200);

  path = g_strdup_printf ("/api/inventory/%s", inv);
  {
    g_autoptr(DcTestResponse) item = dc_test_request (own, "GET", path, token, NULL, NULL);
    /* 1 + 250 adjusts of +1, each exactly once. */
    g_assert_cmpint (json_object_get_int_member (object_of (item), "quantity"), ==, 251);
  }
  list = dc_test_request (own, "GET", "/api/want-list", token, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (list), "total"), ==, 249);
  {
    g_autoptr(DcTestResponse) inv_list = dc_test_request (own, "GET", "/api/inventory", token,
                                                          NULL, NULL);
    g_assert_cmpint (json_object_get_int_member (object_of (inv_list), "total"), ==, 1);
  }
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

  g_test_add_func ("/Dc/Sync/two-devices-converge", test_two_devices_converge);
  g_test_add_func ("/Dc/Sync/replay-changes-nothing", test_replay_changes_nothing);
  g_test_add_func ("/Dc/Sync/conflict-and-rejection", test_conflict_and_rejection);
  g_test_add_func ("/Dc/Sync/rest-writes-reach-sync", test_rest_writes_reach_sync);
  g_test_add_func ("/Dc/Sync/malformed-requests", test_malformed_requests);
  g_test_add_func ("/Dc/Sync/paging-10000", test_paging_large_change_set);
  g_test_add_func ("/Dc/Sync/interrupted-batch-retry", test_interrupted_batch_retry);

  ret = g_test_run ();
  dc_test_server_free (server);
  return ret;
}
