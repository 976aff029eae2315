/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-test-harness.h"

/* Real printings from data/demo/cards.jsonl.gz, with the prices that file states. */
#define BOLT_FCA   "e89794ab-6070-4916-936f-2b42fe41d31b" /* Lightning Bolt, FCA 40: $3.76 / foil $7.68 */
#define BOLT_MSC   "7673784e-db4b-43a1-8d55-1bb9fc1e284f" /* Lightning Bolt, MSC 806: $0.82 */
#define BOLT_ORACLE "4457ed35-7c10-48c8-9776-456485fdf070"
#define COUNTER_FCA "e1e48b21-1a4f-4708-a4b4-e2e296df924c" /* Counterspell, FCA 4: $2.80 */
#define SOL_RING   "14dbce79-1fcc-4cc9-bf38-7729e44a411e" /* Sol Ring, TMC 59: $1.38 */

static DcTestServer *server;
static char *alice;
static char *bob;

static JsonObject *
object_of (DcTestResponse *r)
{
  return dc_test_response_object (r);
}

static const char *
str (JsonObject *o,
     const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

static const char *
error_field (DcTestResponse *r)
{
  JsonObject *error = json_object_get_object_member (object_of (r), "error");
  JsonObject *details = json_object_get_object_member (error, "details");

  return json_object_get_string_member_with_default (details, "field", NULL);
}

static char *
add_inventory (const char *token,
               const char *card_id,
               int         quantity,
               const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"card_id\":\"%s\",\"quantity\":%d%s%s}", card_id,
                                           quantity, extra ? "," : "", extra ? extra : "");
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/inventory", token, body,
                                                 NULL);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (str (object_of (r), "id"));
}

static DcTestResponse *
sync_ops (const char *token,
          const char *device,
          gint64      cursor,
          const char *ops_json)
{
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"%s\",\"cursor\":%" G_GINT64_FORMAT
                                           ",\"ops\":[%s]}", device, cursor, ops_json);
  DcTestResponse *r = dc_test_request (server, "POST", "/api/sync", token, body, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return r;
}

static JsonObject *
result_at (DcTestResponse *r,
           guint           index)
{
  return json_array_get_object_element (json_object_get_array_member (object_of (r), "results"),
                                        index);
}

static JsonObject *
get_item (const char *token,
          const char *path_fmt,
          const char *id,
          guint       expect_status)
{
  g_autofree char *path = g_strconcat (path_fmt, id, NULL);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, expect_status);
  return expect_status == 200 ? json_object_ref (object_of (r)) : NULL;
}

static void
test_inventory_crud (void)
{
  g_autofree char *id = NULL;
  g_autoptr(DcTestResponse) created = NULL;
  g_autoptr(DcTestResponse) patched = NULL;
  g_autoptr(DcTestResponse) deleted = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autofree char *path = NULL;
  JsonObject *o, *card;

  created = dc_test_request (server, "POST", "/api/inventory", alice,
                             "{\"card_id\":\"" BOLT_FCA "\",\"quantity\":4,\"condition\":\"NM\","
                             "\"acquisition_price\":\"5.00\",\"notes\":\"from the binder\"}",
                             NULL);
  g_assert_cmpuint (created->status, ==, 201);
  o = object_of (created);
  id = g_strdup (str (o, "id"));
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpstr (str (o, "finish"), ==, "nonfoil");
  g_assert_cmpstr (str (o, "language"), ==, "en");
  g_assert_cmpstr (str (o, "acquisition_price"), ==, "5.00");
  g_assert_cmpstr (str (o, "unit_price"), ==, "3.76");
  g_assert_cmpstr (str (o, "value"), ==, "15.04");
  g_assert_cmpint (json_object_get_int_member (o, "rev"), >, 0);
  card = json_object_get_object_member (o, "card");
  g_assert_cmpstr (str (card, "name"), ==, "Lightning Bolt");
  g_assert_cmpstr (str (card, "set"), ==, "fca");

  path = g_strconcat ("/api/inventory/", id, NULL);
  patched = dc_test_request (server, "PATCH", path, alice,
                             "{\"quantity\":3,\"condition\":\"LP\",\"finish\":\"foil\"}", NULL);
  g_assert_cmpuint (patched->status, ==, 200);
  o = object_of (patched);
  g_assert_cmpint (json_object_get_int_member (o, "quantity"), ==, 3);
  /* Foil $7.68 × 3 × LP 0.85 = $19.584 → $19.58. */
  g_assert_cmpstr (str (o, "unit_price"), ==, "7.68");
  g_assert_cmpstr (str (o, "value"), ==, "19.58");
  /* Fields not named stay as they were. */
  g_assert_cmpstr (str (o, "notes"), ==, "from the binder");

  item = get_item (alice, "/api/inventory/", id, 200);
  g_assert_cmpstr (str (item, "condition"), ==, "LP");

  deleted = dc_test_request (server, "DELETE", path, alice, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  get_item (alice, "/api/inventory/", id, 404);
  {
    g_autoptr(DcTestResponse) again = dc_test_request (server, "DELETE", path, alice, NULL, NULL);
    dc_test_assert_envelope (again, 404);
  }
}

static void
test_inventory_validation (void)
{
  struct { const char *body; const char *field; } cases[] = {
    { "{\"card_id\":\"" BOLT_FCA "\",\"quantity\":0}", "quantity" },
    { "{\"card_id\":\"" BOLT_FCA "\",\"quantity\":\"4\"}", "quantity" },
    { "{\"card_id\":\"" BOLT_FCA "\",\"condition\":\"Pristine\"}", "condition" },
    { "{\"card_id\":\"" BOLT_FCA "\",\"finish\":\"gold\"}", "finish" },
    { "{\"card_id\":\"" BOLT_FCA "\",\"language\":\"klingon\"}", "language" },
    { "{\"card_id\":\"" BOLT_FCA "\",\"acquisition_price\":5}", "acquisition_price" },
    { "{\"card_id\":\"" BOLT_FCA "\",\"acquisition_price\":\"1e3\"}", "acquisition_price" },
    { "{\"card_id\":\"" BOLT_FCA "\",\"acquired_on\":\"2024-02-31\"}", "acquired_on" },
    { "{\"card_id\":\"00000000-0000-4000-8000-000000000000\"}", "card_id" },
    { "{\"card_id\":\"not-a-uuid\"}", "card_id" },
    { "{\"quantity\":1}", "card_id" },
    { "{\"card_id\":\"" BOLT_FCA "\",\"id\":\"nope\"}", "id" },
  };
  g_autoptr(GString) long_notes = g_string_new ("{\"card_id\":\"" BOLT_FCA "\",\"notes\":\"");
  g_autoptr(DcTestResponse) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/inventory", bob,
                                                     cases[i].body, NULL);
      dc_test_assert_envelope (r, 422);
      g_assert_cmpstr (error_field (r), ==, cases[i].field);
    }

  for (int i = 0; i < 501; i++)
    g_string_append_c (long_notes, 'x');
  g_string_append (long_notes, "\"}");
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/inventory", bob,
                                                   long_notes->str, NULL);
    dc_test_assert_envelope (r, 422);
    g_assert_cmpstr (error_field (r), ==, "notes");
  }

  /* None of the refused rows exist. */
  list = dc_test_request (server, "GET", "/api/inventory", bob, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (list), "total"), ==, 0);
}

static void
test_inventory_list_filters (void)
{
  g_autofree char *token = dc_test_register_user (server, "lister");
  g_autofree char *a = add_inventory (token, BOLT_FCA, 2, "\"finish\":\"foil\"");
  g_autofree char *b = add_inventory (token, BOLT_MSC, 1, NULL);
  g_autofree char *c = add_inventory (token, SOL_RING, 7, NULL);
  g_autofree char *d = add_inventory (token, COUNTER_FCA, 1, NULL);
  struct { const char *query; guint total; const char *first; } cases[] = {
    { "", 4, NULL },
    { "?set=fca", 2, NULL },
    { "?set=FCA&finish=foil", 1, a },
    { "?name=bolt", 2, NULL },
    { "?name=sol%20ring", 1, c },
    { "?sort=quantity&order=desc", 4, c },
    { "?sort=value&order=desc", 4, c },   /* 7 × $1.38 = $9.66 beats 2 × $7.68 = $15.36? no */
    { "?per_page=1&page=2&sort=name", 4, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/inventory", cases[i].query, NULL);
      g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", path, token, NULL, NULL);
      JsonArray *items;

      g_assert_cmpuint (r->status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (object_of (r), "total"), ==, cases[i].total);
      items = json_object_get_array_member (object_of (r), "items");
      if (cases[i].first != NULL && g_strcmp0 (cases[i].query, "?sort=value&order=desc") != 0)
        g_assert_cmpstr (str (json_array_get_object_element (items, 0), "id"), ==,
                         cases[i].first);
    }

  {
    /* By value: 2 foil Bolts at $7.68 = $15.36 first, then 7 Sol Rings at $1.38 = $9.66. */
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET",
                                                   "/api/inventory?sort=value&order=desc",
                                                   token, NULL, NULL);
    JsonArray *items = json_object_get_array_member (object_of (r), "items");

    g_assert_cmpstr (str (json_array_get_object_element (items, 0), "id"), ==, a);
    g_assert_cmpstr (str (json_array_get_object_element (items, 1), "id"), ==, c);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/inventory?sort=colour",
                                                   token, NULL, NULL);
    dc_test_assert_envelope (r, 422);
    g_assert_cmpstr (error_field (r), ==, "sort");
  }
  (void) b;
  (void) d;
}

static void
test_analytics (void)
{
  g_autofree char *token = dc_test_register_user (server, "analyst");
  g_autofree char *a = add_inventory (token, BOLT_FCA, 4,
                                      "\"condition\":\"NM\",\"acquisition_price\":\"5.00\"");
  g_autofree char *b = add_inventory (token, SOL_RING, 2,
                                      "\"condition\":\"MP\",\"acquisition_price\":\"0.50\"");
  g_autofree char *c = add_inventory (token, COUNTER_FCA, 1, "\"condition\":\"HP\"");
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/inventory/analytics",
                                                 token, NULL, NULL);
  JsonObject *o = object_of (r);
  JsonArray *gainers, *losers;

  g_assert_cmpuint (r->status, ==, 200);
  /* Bolt 4 × 3.76 × 1.00 = 15.04; Sol Ring 2 × 1.38 × 0.70 = 1.932 → 1.93;
   * Counterspell 1 × 2.80 × 0.55 = 1.54. */
  g_assert_cmpstr (str (o, "total_value"), ==, "18.51");
  g_assert_cmpstr (str (o, "cost_basis"), ==, "21.00");
  /* Over the items with a known cost: 15.04 + 1.93 − 21.00. */
  g_assert_cmpstr (str (o, "profit_loss"), ==, "-4.03");
  g_assert_cmpint (json_object_get_int_member (o, "cards"), ==, 7);
  gainers = json_object_get_array_member (o, "top_gainers");
  losers = json_object_get_array_member (o, "top_losers");
  g_assert_cmpuint (json_array_get_length (gainers), ==, 1);
  g_assert_cmpstr (str (json_array_get_object_element (gainers, 0), "name"), ==, "Sol Ring");
  g_assert_cmpstr (str (json_array_get_object_element (gainers, 0), "profit_loss"), ==, "0.93");
  g_assert_cmpuint (json_array_get_length (losers), ==, 1);
  g_assert_cmpstr (str (json_array_get_object_element (losers, 0), "profit_loss"), ==, "-4.96");
}

static void
test_have_list_rules (void)
{
  g_autofree char *token = dc_test_register_user (server, "haver");
  g_autofree char *inv = add_inventory (token, BOLT_FCA, 4, NULL);
  g_autofree char *body = NULL;
  g_autofree char *have_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DcTestResponse) created = NULL;
  g_autoptr(DcTestResponse) dup = NULL;
  g_autoptr(DcTestResponse) too_many = NULL;
  g_autoptr(DcTestResponse) missing = NULL;
  g_autoptr(DcTestResponse) list = NULL;
  JsonObject *have;

  body = g_strdup_printf ("{\"inventory_item_id\":\"%s\",\"quantity\":3,"
                          "\"min_trade_value\":\"10.00\",\"notes\":\"playset minus one\"}", inv);
  created = dc_test_request (server, "POST", "/api/have-list", token, body, NULL);
  g_assert_cmpuint (created->status, ==, 201);
  have_id = g_strdup (str (object_of (created), "id"));
  g_assert_cmpstr (str (object_of (created), "min_trade_value"), ==, "10.00");

  dup = dc_test_request (server, "POST", "/api/have-list", token, body, NULL);
  g_assert_cmpstr (dc_test_assert_envelope (dup, 409), ==, "have.already_listed");

  g_free (body);
  body = g_strdup_printf ("{\"quantity\":5}");
  g_free (path);
  path = g_strconcat ("/api/have-list/", have_id, NULL);
  too_many = dc_test_request (server, "PATCH", path, token, body, NULL);
  dc_test_assert_envelope (too_many, 422);
  g_assert_cmpstr (error_field (too_many), ==, "quantity");

  missing = dc_test_request (server, "POST", "/api/have-list", token,
                             "{\"inventory_item_id\":\"00000000-0000-4000-8000-000000000001\"}",
                             NULL);
  dc_test_assert_envelope (missing, 404);

  /* Selling copies lowers what the have item can offer. */
  {
    g_autofree char *inv_path = g_strconcat ("/api/inventory/", inv, NULL);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "PATCH", inv_path, token,
                                                   "{\"quantity\":2}", NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  list = dc_test_request (server, "GET", "/api/have-list", token, NULL, NULL);
  have = json_array_get_object_element (json_object_get_array_member (object_of (list), "items"),
                                        0);
  g_assert_cmpint (json_object_get_int_member (have, "quantity"), ==, 2);
  g_assert_cmpstr (str (json_object_get_object_member (
                          json_object_get_object_member (have, "inventory_item"), "card"),
                        "name"), ==, "Lightning Bolt");

  /* Deleting the inventory item removes its have item. */
  {
    g_autofree char *inv_path = g_strconcat ("/api/inventory/", inv, NULL);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "DELETE", inv_path, token, NULL,
                                                   NULL);
    g_autoptr(DcTestResponse) after = dc_test_request (server, "GET", "/api/have-list", token,
                                                       NULL, NULL);
    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpint (json_object_get_int_member (object_of (after), "total"), ==, 0);
  }
}

static void
test_want_list (void)
{
  g_autofree char *token = dc_test_register_user (server, "wanter");
  g_autoptr(DcTestResponse) printing = NULL;
  g_autoptr(DcTestResponse) any = NULL;
  g_autoptr(DcTestResponse) both = NULL;
  g_autoptr(DcTestResponse) neither = NULL;
  g_autoptr(DcTestResponse) list = NULL;
  g_autoptr(DcTestResponse) switched = NULL;
  g_autofree char *path = NULL;
  JsonObject *o;

  printing = dc_test_request (server, "POST", "/api/want-list", token,
                              "{\"card_id\":\"" COUNTER_FCA "\",\"quantity\":2,"
                              "\"condition_min\":\"LP\",\"target_price\":\"3.00\","
                              "\"priority\":\"high\",\"is_public\":true}", NULL);
  g_assert_cmpuint (printing->status, ==, 201);
  o = object_of (printing);
  g_assert_cmpstr (str (o, "target_price"), ==, "3.00");
  g_assert_cmpstr (str (o, "priority"), ==, "high");
  g_assert_cmpstr (str (o, "finish"), ==, "any");
  g_assert_cmpstr (str (o, "language"), ==, "any");
  g_assert_cmpstr (str (o, "current_price"), ==, "2.80");
  g_assert_cmpstr (str (json_object_get_object_member (o, "card"), "name"), ==, "Counterspell");

  any = dc_test_request (server, "POST", "/api/want-list", token,
                         "{\"oracle_id\":\"" BOLT_ORACLE "\",\"finish\":\"foil\","
                         "\"language\":\"EN\",\"max_trade_value\":\"8.00\","
                         "\"priority\":\"low\"}", NULL);
  g_assert_cmpuint (any->status, ==, 201);
  g_assert_true (json_object_get_null_member (object_of (any), "card_id"));
  g_assert_cmpstr (str (object_of (any), "language"), ==, "en");
  g_assert_cmpstr (str (json_object_get_object_member (object_of (any), "card"), "name"), ==,
                   "Lightning Bolt");

  both = dc_test_request (server, "POST", "/api/want-list", token,
                          "{\"card_id\":\"" BOLT_FCA "\",\"oracle_id\":\"" BOLT_ORACLE "\"}",
                          NULL);
  dc_test_assert_envelope (both, 422);
  neither = dc_test_request (server, "POST", "/api/want-list", token, "{\"quantity\":1}", NULL);
  dc_test_assert_envelope (neither, 422);
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/want-list", token,
                                                   "{\"card_id\":\"" BOLT_FCA "\","
                                                   "\"quantity\":100}", NULL);
    dc_test_assert_envelope (r, 422);
    g_assert_cmpstr (error_field (r), ==, "quantity");
  }

  /* A printing want can become an any-printing want. */
  path = g_strconcat ("/api/want-list/", str (object_of (printing), "id"), NULL);
  switched = dc_test_request (server, "PATCH", path, token,
                              "{\"oracle_id\":\"cc187110-1148-4090-bbb8-e205694a39f5\"}", NULL);
  g_assert_cmpuint (switched->status, ==, 200);
  g_assert_true (json_object_get_null_member (object_of (switched), "card_id"));

  list = dc_test_request (server, "GET", "/api/want-list", token, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (list), "total"), ==, 2);
  /* High priority first. */
  g_assert_cmpstr (str (json_array_get_object_element (
                          json_object_get_array_member (object_of (list), "items"), 0),
                        "priority"), ==, "high");
}

/* User B can neither read nor change user A's rows, through any route. */
static void
test_other_users_rows (void)
{
  g_autofree char *inv = add_inventory (alice, BOLT_FCA, 4, "\"notes\":\"alice's\"");
  g_autofree char *have_body = g_strdup_printf ("{\"inventory_item_id\":\"%s\"}", inv);
  g_autoptr(DcTestResponse) have = dc_test_request (server, "POST", "/api/have-list", alice,
                                                    have_body, NULL);
  g_autoptr(DcTestResponse) want = dc_test_request (server, "POST", "/api/want-list", alice,
                                                    "{\"card_id\":\"" SOL_RING "\"}", NULL);
  const char *have_id = str (object_of (have), "id");
  const char *want_id = str (object_of (want), "id");
  struct { const char *method; const char *fmt; const char *id; const char *body; } attempts[] = {
    { "GET", "/api/inventory/", inv, NULL },
    { "PATCH", "/api/inventory/", inv, "{\"quantity\":1}" },
    { "DELETE", "/api/inventory/", inv, NULL },
    { "PATCH", "/api/have-list/", have_id, "{\"quantity\":1}" },
    { "DELETE", "/api/have-list/", have_id, NULL },
    { "PATCH", "/api/want-list/", want_id, "{\"quantity\":5}" },
    { "DELETE", "/api/want-list/", want_id, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autofree char *path = g_strconcat (attempts[i].fmt, attempts[i].id, NULL);
      g_autoptr(DcTestResponse) r = dc_test_request (server, attempts[i].method, path, bob,
                                                     attempts[i].body, NULL);
      dc_test_assert_envelope (r, 404);
    }

  /* Offering someone else's card, or reusing their ids, fails too. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/have-list", bob,
                                                   have_body, NULL);
    dc_test_assert_envelope (r, 404);
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"card_id\":\"" SOL_RING "\"}",
                                             inv);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/inventory", bob, body,
                                                   NULL);
    g_assert_cmpuint (r->status, >=, 400);
  }
  /* And through sync. */
  {
    g_autofree char *ops = g_strdup_printf (
      "{\"op_id\":\"x1\",\"type\":\"upsert\",\"entity\":\"inventory_item\",\"id\":\"%s\","
      "\"fields\":{\"quantity\":99}},"
      "{\"op_id\":\"x2\",\"type\":\"adjust\",\"entity\":\"inventory_item\",\"id\":\"%s\","
      "\"quantity_delta\":-3},"
      "{\"op_id\":\"x3\",\"type\":\"delete\",\"entity\":\"want_item\",\"id\":\"%s\"}",
      inv, inv, want_id);
    g_autoptr(DcTestResponse) r = sync_ops (bob, "bob-laptop", 0, ops);

    for (guint i = 0; i < 3; i++)
      {
        g_assert_cmpstr (str (result_at (r, i), "status"), ==, "rejected");
        g_assert_true (json_object_get_null_member (result_at (r, i), "row"));
      }
  }

  /* Bob's lists show nothing of Alice's; Alice's rows are untouched. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/have-list", bob, NULL,
                                                   NULL);
    g_autoptr(JsonObject) item = get_item (alice, "/api/inventory/", inv, 200);
    g_autoptr(JsonObject) w = NULL;
    g_autoptr(DcTestResponse) wants = dc_test_request (server, "GET", "/api/want-list", alice,
                                                       NULL, NULL);

    g_assert_cmpint (json_object_get_int_member (object_of (r), "total"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (item, "quantity"), ==, 4);
    g_assert_cmpstr (str (item, "notes"), ==, "alice's");
    g_assert_cmpint (json_object_get_int_member (object_of (wants), "total"), >=, 1);
    (void) w;
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/inventory/analytics",
                                                   bob, NULL, NULL);
    g_assert_cmpint (json_object_get_int_member (object_of (r), "items"), ==, 0);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/inventory", NULL, NULL,
                                                   NULL);
    dc_test_assert_envelope (r, 401);
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
                                                         NULL });
    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
    dc_test_server_start (server);
  }
  alice = dc_test_register_user (server, "alice");
  bob = dc_test_register_user (server, "bob");

  g_test_add_func ("/Dc/Collection/inventory-crud", test_inventory_crud);
  g_test_add_func ("/Dc/Collection/inventory-validation", test_inventory_validation);
  g_test_add_func ("/Dc/Collection/inventory-list-filters", test_inventory_list_filters);
  g_test_add_func ("/Dc/Collection/analytics", test_analytics);
  g_test_add_func ("/Dc/Collection/have-list-rules", test_have_list_rules);
  g_test_add_func ("/Dc/Collection/want-list", test_want_list);
  g_test_add_func ("/Dc/Collection/other-users-rows", test_other_users_rows);

  ret = g_test_run ();
  dc_test_server_free (server);
  g_free (alice);
  g_free (bob);
  return ret;
}
