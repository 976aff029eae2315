/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Two-way trade matches (DESIGN §7.2) against the real server with the demo catalog:
 * scores worked by hand, who is left out, the filters, and that no answer is ever stale. */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "dc-test-harness.h"

/* Real printings from data/demo/cards.jsonl.gz with the USD prices that file states.
 * Each test uses cards of its own, so the members of one test never match another's. */
#define BOLT_FCA       "e89794ab-6070-4916-936f-2b42fe41d31b" /* Lightning Bolt FCA, foil $7.68 */
#define BOLT_ORACLE    "4457ed35-7c10-48c8-9776-456485fdf070"
#define COUNTER_FCA    "e1e48b21-1a4f-4708-a4b4-e2e296df924c" /* Counterspell FCA, $2.80 */
#define COUNTER_ORACLE "cc187110-1148-4090-bbb8-e205694a39f5"
#define SOL_RING       "14dbce79-1fcc-4cc9-bf38-7729e44a411e" /* Sol Ring TMC, $1.38 */
#define RITUAL_A25     "95f27eeb-6f14-4db3-adb9-9be5ed76b34b" /* Dark Ritual A25, $6.60 */
#define BRAINSTORM_FCA "c14f8bce-d5b3-4d01-8346-8a4923ec03d9" /* Brainstorm FCA, $3.49 */
#define BIRDS_RVR      "3d69a3e0-6a2e-475a-964e-0affed1c017d" /* Birds of Paradise RVR, $14.38 */
#define ELVES_FDN      "6a0b230b-d391-4998-a3f7-7b158a0ec2cd" /* Llanowar Elves FDN, $0.28 */
#define SWORDS_SOC     "68ec2aed-7662-48ae-ab25-04f74ece1e41" /* Swords to Plowshares SOC, $1.00 */
#define SEIZE_OTP      "5e85d5db-ced3-406d-90d2-e506a9332468" /* Thoughtseize OTP, $7.72 */
#define PATH_OTP       "aa112736-7596-448a-be2f-0798acb3b2ee" /* Path to Exile OTP, $0.72 */
#define PUSH_FCA       "2430f223-edb2-402b-a85b-5d328323992d" /* Fatal Push FCA, $4.57 */
#define RIFT_RVR       "dfb7c4b9-f2f4-4d4e-baf2-86551c8150fe" /* Cyclonic Rift RVR, $40.10 */
#define TITHE_WOT      "f6c69c2f-729b-49ed-909d-57190a728e11" /* Smothering Tithe WOT, $16.82 */
#define MIND_STONE_SOC "ad881aa0-decc-447b-8c8a-983546a9a55a" /* Mind Stone SOC, $0.33 */

static DcTestServer *server;

/* --- helpers ------------------------------------------------------------------------- */

static const char *
str (JsonObject *o,
     const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

static void
db_exec (const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
db_count (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static JsonObject *
request_ok (const char *method,
            const char *path,
            const char *token,
            const char *body,
            guint       status)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, method, path, token, body, NULL);

  if (r->status != status)
    g_error ("%s %s: %u %.*s", method, path, r->status,
             (int) g_bytes_get_size (r->body), (const char *) g_bytes_get_data (r->body, NULL));
  return r->json && JSON_NODE_HOLDS_OBJECT (r->json) ? json_object_ref (dc_test_response_object (r))
                                                     : NULL;
}

/* Lists @quantity copies of @card_id (inventory @inventory_extra) and offers @offered of
 * them (have @have_extra); returns the have item's id. */
static char *
add_have (const char *token,
          const char *card_id,
          int         quantity,
          int         offered,
          const char *inventory_extra,
          const char *have_extra)
{
  g_autofree char *inv_body = g_strdup_printf ("{\"card_id\":\"%s\",\"quantity\":%d%s%s}",
                                               card_id, quantity, inventory_extra ? "," : "",
                                               inventory_extra ? inventory_extra : "");
  g_autoptr(JsonObject) inv = request_ok ("POST", "/api/inventory", token, inv_body, 201);
  g_autofree char *have_body = g_strdup_printf ("{\"inventory_item_id\":\"%s\","
                                                "\"quantity\":%d%s%s}", str (inv, "id"),
                                                offered, have_extra ? "," : "",
                                                have_extra ? have_extra : "");
  g_autoptr(JsonObject) have = request_ok ("POST", "/api/have-list", token, have_body, 201);

  return g_strdup (str (have, "id"));
}

static char *
add_want (const char *token,
          const char *body)
{
  g_autoptr(JsonObject) want = request_ok ("POST", "/api/want-list", token, body, 201);

  return g_strdup (str (want, "id"));
}

/* GET /api/matches@query; @out_hit tells whether the cache answered. */
static JsonObject *
matches (const char *token,
         const char *query,
         gboolean   *out_hit)
{
  g_autofree char *path = g_strconcat ("/api/matches", query ? query : "", NULL);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", path, token, NULL, NULL);
  const char *cache;

  g_assert_cmpuint (r->status, ==, 200);
  cache = soup_message_headers_get_one (r->headers, "X-Cache");
  g_assert_nonnull (cache);
  if (out_hit != NULL)
    *out_hit = g_str_equal (cache, "HIT");
  return json_object_ref (dc_test_response_object (r));
}

static JsonObject *
partner_in (JsonObject *answer,
            const char *username)
{
  JsonArray *list = json_object_get_array_member (answer, "matches");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *m = json_array_get_object_element (list, i);

      if (g_str_equal (str (json_object_get_object_member (m, "user"), "username"), username))
        return m;
    }
  return NULL;
}

static gboolean
sees (const char *token,
      const char *username)
{
  g_autoptr(JsonObject) answer = matches (token, NULL, NULL);

  return partner_in (answer, username) != NULL;
}

static JsonObject *
entry_for (JsonObject *match,
           const char *list,
           const char *card_id)
{
  JsonArray *entries = json_object_get_array_member (match, list);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);

      if (g_str_equal (str (e, "card_id"), card_id))
        return e;
    }
  return NULL;
}

static gint64
breakdown (JsonObject *match,
           const char *term)
{
  return json_object_get_int_member (json_object_get_object_member (match, "breakdown"), term);
}

static gint64
quality (JsonObject *match)
{
  return json_object_get_int_member (match, "quality");
}

static void
set_location (const char *token,
              double      latitude,
              double      longitude)
{
  g_autofree char *body = g_strdup_printf ("{\"display\":\"Somewhere\",\"latitude\":%.4f,"
                                           "\"longitude\":%.4f}", latitude, longitude);
  g_autoptr(JsonObject) answer = request_ok ("PUT", "/api/users/me/location", token, body, 200);
}

static void
patch_me (const char *token,
          const char *body)
{
  g_autoptr(JsonObject) answer = request_ok ("PATCH", "/api/users/me", token, body, 200);
}

/* --- alice and bob, worked by hand --------------------------------------------------- */

static char *alice, *bob;
static char *bob_counter_have;

/*
 * bob offers Counterspell FCA NM ×2, and Sol Ring TMC LP ×1 at min_trade_value $2.00;
 * alice wants Counterspell in any printing ×2 (LP or better) and that Sol Ring (NM or
 * better). alice offers 3 of her 4 foil Lightning Bolts FCA, MP; bob wants 4 foil Bolts in
 * any printing, LP or better. bob has reputation 350 (silver), alice none (new). alice is in
 * Seattle (47.6062, −122.3321), bob in Tacoma (47.2529, −122.4443): haversine with
 * R = 3959 gives 24.97 miles, inside both default 50-mile radii.
 *
 * alice's view — cards_for_me:
 *   Counterspell: min(2, 2) = 2 × $2.80 = $5.60, gap NM 5 − LP 4 = +1
 *   Sol Ring: min(1, 1) = 1 × max($1.38, $2.00) = $2.00, gap LP 4 − NM 5 = −1
 *   my_value = $7.60
 * cards_for_them: Bolt foil min(4, 3) = 3 × $7.68 = $23.04, gap MP 3 − LP 4 = −1
 *   their_value = $23.04
 *   value_balance   int(7.60 / 23.04 × 40) = int(13.19) = 13
 *   total_value     $30.64 < $50 → int(30.64 / 5) = 6
 *   card_variety    min(15, 2 × (2 + 1)) = 6
 *   condition_match max(−10, min(10, 10 − 5 − 5)) = 0
 *   trust_bonus     bob silver → 2 × 2 = 4
 *   locality_bonus  24.97 ≤ 50 → 5
 *   quality         13 + 6 + 6 + 0 + 4 + 5 = 34
 * bob's view: the same entries the other way round, my_value $23.04, their_value $7.60;
 *   balance 13, total 6, variety 6, condition 0, trust alice new → 0, locality 5 → 30.
 */
static void
setup_alice_and_bob (void)
{
  g_autofree char *a1 = NULL, *b2 = NULL, *w1 = NULL, *w2 = NULL, *w3 = NULL;

  alice = dc_test_register_user (server, "alice");
  bob = dc_test_register_user (server, "bob");
  bob_counter_have = add_have (bob, COUNTER_FCA, 2, 2, "\"condition\":\"NM\"", NULL);
  b2 = add_have (bob, SOL_RING, 1, 1, "\"condition\":\"LP\"", "\"min_trade_value\":\"2.00\"");
  w1 = add_want (alice, "{\"oracle_id\":\"" COUNTER_ORACLE "\",\"quantity\":2,"
                        "\"condition_min\":\"LP\"}");
  w2 = add_want (alice, "{\"card_id\":\"" SOL_RING "\",\"quantity\":1,\"condition_min\":\"NM\"}");
  a1 = add_have (alice, BOLT_FCA, 4, 3, "\"condition\":\"MP\",\"finish\":\"foil\"", NULL);
  w3 = add_want (bob, "{\"oracle_id\":\"" BOLT_ORACLE "\",\"quantity\":4,\"finish\":\"foil\","
                      "\"condition_min\":\"LP\"}");
  set_location (alice, 47.6062, -122.3321);
  set_location (bob, 47.2529, -122.4443);
  db_exec ("INSERT INTO user_reputation (user_id, score, tier, completed_trades, review_count,"
           " average_rating, updated_at) SELECT id, 350, 'silver', 15, 12, 4.5, 0 FROM users"
           " WHERE username = 'bob'");
}

static void
test_two_way (void)
{
  g_autoptr(JsonObject) for_alice = matches (alice, NULL, NULL);
  g_autoptr(JsonObject) for_bob = matches (bob, NULL, NULL);
  JsonObject *m, *e, *user;

  m = partner_in (for_alice, "bob");
  g_assert_nonnull (m);
  g_assert_true (json_object_get_boolean_member (m, "is_match"));
  user = json_object_get_object_member (m, "user");
  g_assert_cmpstr (str (user, "display_name"), ==, "bob");
  g_assert_cmpstr (str (user, "tier"), ==, "silver");
  g_assert_cmpstr (str (user, "location"), ==, "Somewhere");
  g_assert_true (json_object_get_null_member (user, "avatar_url"));
  g_assert_cmpint (breakdown (m, "value_balance"), ==, 13);
  g_assert_cmpint (breakdown (m, "total_value"), ==, 6);
  g_assert_cmpint (breakdown (m, "card_variety"), ==, 6);
  g_assert_cmpint (breakdown (m, "condition_match"), ==, 0);
  g_assert_cmpint (breakdown (m, "trust_bonus"), ==, 4);
  g_assert_cmpint (breakdown (m, "locality_bonus"), ==, 5);
  g_assert_cmpint (quality (m), ==, 34);
  g_assert_cmpstr (str (m, "my_value"), ==, "7.60");
  g_assert_cmpstr (str (m, "their_value"), ==, "23.04");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (m, "distance_miles"), 25.0, 0.001);
  g_assert_true (json_object_get_boolean_member (m, "is_local"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "shared_servers")),
                    ==, 0);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "cards_for_me")),
                    ==, 2);
  e = entry_for (m, "cards_for_me", COUNTER_FCA);
  g_assert_nonnull (e);
  g_assert_cmpint (json_object_get_int_member (e, "copies"), ==, 2);
  g_assert_cmpstr (str (e, "unit_value"), ==, "2.80");
  g_assert_cmpstr (str (e, "value"), ==, "5.60");
  g_assert_cmpstr (str (e, "condition"), ==, "NM");
  g_assert_cmpstr (str (e, "finish"), ==, "nonfoil");
  g_assert_cmpstr (str (e, "language"), ==, "en");
  g_assert_cmpstr (str (e, "have_id"), ==, bob_counter_have);
  g_assert_nonnull (str (e, "want_id"));
  g_assert_cmpstr (str (json_object_get_object_member (e, "card"), "name"), ==, "Counterspell");
  e = entry_for (m, "cards_for_me", SOL_RING);
  g_assert_nonnull (e);
  g_assert_cmpstr (str (e, "unit_value"), ==, "2.00");   /* raised to min_trade_value */
  g_assert_cmpint (json_object_get_int_member (e, "condition_gap"), ==, -1);
  e = entry_for (m, "cards_for_them", BOLT_FCA);
  g_assert_nonnull (e);
  g_assert_cmpint (json_object_get_int_member (e, "copies"), ==, 3);
  g_assert_cmpstr (str (e, "unit_value"), ==, "7.68");
  g_assert_cmpstr (str (e, "value"), ==, "23.04");
  g_assert_cmpstr (str (e, "finish"), ==, "foil");

  m = partner_in (for_bob, "alice");
  g_assert_nonnull (m);
  g_assert_cmpstr (str (json_object_get_object_member (m, "user"), "tier"), ==, "new");
  g_assert_cmpint (breakdown (m, "value_balance"), ==, 13);
  g_assert_cmpint (breakdown (m, "total_value"), ==, 6);
  g_assert_cmpint (breakdown (m, "card_variety"), ==, 6);
  g_assert_cmpint (breakdown (m, "condition_match"), ==, 0);
  g_assert_cmpint (breakdown (m, "trust_bonus"), ==, 0);
  g_assert_cmpint (breakdown (m, "locality_bonus"), ==, 5);
  g_assert_cmpint (quality (m), ==, 30);
  g_assert_cmpstr (str (m, "my_value"), ==, "23.04");
  g_assert_cmpstr (str (m, "their_value"), ==, "7.60");
  g_assert_nonnull (entry_for (m, "cards_for_me", BOLT_FCA));
  g_assert_nonnull (entry_for (m, "cards_for_them", COUNTER_FCA));

  /* Nobody else matches these cards. */
  g_assert_cmpint (json_object_get_int_member (for_alice, "total"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (for_bob, "total"), ==, 1);
}

/* /api/matches/with/{username} says the same as the list. */
static void
test_match_with (void)
{
  g_autoptr(JsonObject) with = request_ok ("GET", "/api/matches/with/bob", alice, NULL, 200);
  g_autoptr(JsonObject) upper = request_ok ("GET", "/api/matches/with/BOB", alice, NULL, 200);
  g_autoptr(JsonObject) list = matches (alice, NULL, NULL);
  JsonObject *m = partner_in (list, "bob");
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;

  g_assert_true (json_object_get_boolean_member (with, "is_match"));
  g_assert_cmpint (quality (with), ==, 34);
  a = json_node_init_object (json_node_alloc (), with);
  b = json_node_init_object (json_node_alloc (), m);
  g_assert_true (json_node_equal (a, b));
  g_assert_cmpint (quality (upper), ==, 34);

  {
    g_autoptr(DcTestResponse) self = dc_test_request (server, "GET", "/api/matches/with/alice",
                                                      alice, NULL, NULL);
    g_autoptr(DcTestResponse) nobody = dc_test_request (server, "GET",
                                                        "/api/matches/with/nobody", alice,
                                                        NULL, NULL);
    g_autoptr(DcTestResponse) anonymous = dc_test_request (server, "GET", "/api/matches", NULL,
                                                           NULL, NULL);

    g_assert_cmpstr (dc_test_assert_envelope (self, 422), ==, "match.self");
    g_assert_cmpstr (dc_test_assert_envelope (nobody, 404), ==, "user.not_found");
    dc_test_assert_envelope (anonymous, 401);
  }
}

static void
test_min_quality (void)
{
  g_autoptr(JsonObject) at = matches (alice, "?min_quality=34", NULL);
  g_autoptr(JsonObject) above = matches (alice, "?min_quality=35", NULL);
  g_autoptr(JsonObject) ui_default = matches (alice, "?min_quality=50", NULL);
  g_autoptr(DcTestResponse) bad = dc_test_request (server, "GET", "/api/matches?min_quality=101",
                                                   alice, NULL, NULL);
  g_autoptr(DcTestResponse) bad_limit = dc_test_request (server, "GET", "/api/matches?limit=0",
                                                         alice, NULL, NULL);

  g_assert_nonnull (partner_in (at, "bob"));
  g_assert_null (partner_in (above, "bob"));
  g_assert_cmpint (json_object_get_int_member (above, "total"), ==, 0);
  g_assert_null (partner_in (ui_default, "bob"));
  dc_test_assert_envelope (bad, 422);
  dc_test_assert_envelope (bad_limit, 422);
}

/* local_only needs my location; the radius is mine. */
static void
test_local_only (void)
{
  g_autofree char *nomad = dc_test_register_user (server, "nomad");
  g_autoptr(DcTestResponse) refused = dc_test_request (server, "GET",
                                                       "/api/matches?local_only=true", nomad,
                                                       NULL, NULL);
  JsonObject *error;
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(JsonObject) narrow = NULL;
  g_autoptr(JsonObject) all = NULL;
  JsonObject *m;

  g_assert_cmpstr (dc_test_assert_envelope (refused, 422), ==, "match.location_required");
  error = json_object_get_object_member (dc_test_response_object (refused), "error");
  g_assert_nonnull (strstr (str (error, "message"), "location"));
  g_assert_cmpstr (str (json_object_get_object_member (error, "details"), "field"), ==,
                   "local_only");

  local = matches (alice, "?local_only=true", NULL);
  g_assert_nonnull (partner_in (local, "bob"));

  /* 24.97 miles is beyond a 20-mile radius: no longer local, and 5 points less. */
  patch_me (alice, "{\"trade_radius\":20}");
  narrow = matches (alice, "?local_only=1", NULL);
  g_assert_null (partner_in (narrow, "bob"));
  all = matches (alice, NULL, NULL);
  m = partner_in (all, "bob");
  g_assert_false (json_object_get_boolean_member (m, "is_local"));
  g_assert_cmpint (breakdown (m, "locality_bonus"), ==, 0);
  g_assert_cmpint (quality (m), ==, 29);
  patch_me (alice, "{\"trade_radius\":50}");
  {
    g_autoptr(JsonObject) back = matches (alice, "?local_only=true", NULL);
    g_assert_cmpint (quality (partner_in (back, "bob")), ==, 34);
  }
}

/* Reputation moves the trust bonus: bob gold (650) → 2 × 3 = 6, quality 34 − 4 + 6 = 36. */
static void
test_reputation (void)
{
  gboolean hit;
  g_autoptr(JsonObject) before = matches (alice, NULL, &hit);
  g_autoptr(JsonObject) again = matches (alice, NULL, &hit);
  g_autoptr(JsonObject) after = NULL;

  g_assert_true (hit);
  g_assert_cmpint (quality (partner_in (again, "bob")), ==, 34);
  db_exec ("UPDATE user_reputation SET score = 650, tier = 'gold'"
           " WHERE user_id = (SELECT id FROM users WHERE username = 'bob')");
  after = matches (alice, NULL, &hit);
  g_assert_false (hit);
  g_assert_cmpint (breakdown (partner_in (after, "bob"), "trust_bonus"), ==, 6);
  g_assert_cmpint (quality (partner_in (after, "bob")), ==, 36);
  db_exec ("UPDATE user_reputation SET score = 350, tier = 'silver'"
           " WHERE user_id = (SELECT id FROM users WHERE username = 'bob')");
  {
    g_autoptr(JsonObject) restored = matches (alice, NULL, NULL);
    g_assert_cmpint (quality (partner_in (restored, "bob")), ==, 34);
  }
}

/* A list edit on the other side drops my cached list, and so does one on mine. */
static void
test_cache_list_edits (void)
{
  gboolean hit;
  g_autofree char *path = g_strconcat ("/api/have-list/", bob_counter_have, NULL);
  g_autoptr(JsonObject) first = matches (alice, NULL, &hit);
  g_autoptr(JsonObject) second = matches (alice, NULL, &hit);
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonObject) changed = request_ok ("PATCH", path, bob, "{\"quantity\":1}", 200);
  JsonObject *m;

  g_assert_true (hit);
  /* bob now offers one Counterspell: 1 × $2.80 + $2.00 = $4.80 for me;
   * balance int(4.80 / 23.04 × 40) = int(8.33) = 8, total int(27.84 / 5) = 5:
   * 8 + 5 + 6 + 0 + 4 + 5 = 28 */
  edited = matches (alice, NULL, &hit);
  g_assert_false (hit);
  m = partner_in (edited, "bob");
  g_assert_cmpint (json_object_get_int_member (entry_for (m, "cards_for_me", COUNTER_FCA),
                                               "copies"), ==, 1);
  g_assert_cmpstr (str (m, "my_value"), ==, "4.80");
  g_assert_cmpint (quality (m), ==, 28);
  /* bob's own list changed too (his values moved). */
  {
    g_autoptr(JsonObject) bobs = matches (bob, NULL, &hit);
    g_assert_false (hit);
    g_assert_cmpstr (str (partner_in (bobs, "alice"), "their_value"), ==, "4.80");
  }

  /* alice gives up on the Sol Ring: Counterspell alone, $2.80 for me;
   * balance int(2.80 / 23.04 × 40) = int(4.86) = 4, total int(25.84 / 5) = 5,
   * variety 2 × (1 + 1) = 4, condition 10 − 5 = 5 (the Bolt's −1 only): 4+5+4+5+4+5 = 27 */
  {
    g_autoptr(JsonObject) wants = request_ok ("GET", "/api/want-list", alice, NULL, 200);
    JsonArray *items = json_object_get_array_member (wants, "items");

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *w = json_array_get_object_element (items, i);

        if (g_strcmp0 (str (w, "card_id"), SOL_RING) == 0)
          {
            g_autofree char *want_path = g_strconcat ("/api/want-list/", str (w, "id"), NULL);
            g_autoptr(JsonObject) off = request_ok ("PATCH", want_path, alice,
                                                    "{\"is_active\":false}", 200);
          }
      }
  }
  {
    g_autoptr(JsonObject) mine = matches (alice, NULL, &hit);

    g_assert_false (hit);
    m = partner_in (mine, "bob");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "cards_for_me")),
                      ==, 1);
    g_assert_cmpint (breakdown (m, "condition_match"), ==, 5);
    g_assert_cmpint (quality (m), ==, 27);
  }

  /* bob takes the Counterspell back: no two-way match is left for either. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "DELETE", path, bob, NULL, NULL);
    g_assert_cmpuint (r->status, ==, 204);
  }
  g_assert_false (sees (alice, "bob"));
  g_assert_false (sees (bob, "alice"));
}

/*
 * A new pairing: ivan wants Fatal Push and offers a Cyclonic Rift; jack wants the Rift but
 * offers nothing ivan wants, so ivan's (cached) list is empty. When jack lists a Fatal Push,
 * ivan's cached list must be dropped although jack was never in it.
 */
static void
test_cache_new_pairing (void)
{
  g_autofree char *ivan = dc_test_register_user (server, "ivan");
  g_autofree char *jack = dc_test_register_user (server, "jack");
  g_autofree char *w1 = add_want (ivan, "{\"card_id\":\"" PUSH_FCA "\"}");
  g_autofree char *h1 = add_have (ivan, RIFT_RVR, 1, 1, NULL, NULL);
  g_autofree char *w2 = add_want (jack, "{\"card_id\":\"" RIFT_RVR "\"}");
  g_autofree char *h2 = NULL;
  g_autofree char *path = NULL;
  gboolean hit;

  {
    g_autoptr(JsonObject) a = matches (ivan, NULL, &hit);
    g_autoptr(JsonObject) b = matches (ivan, NULL, &hit);

    g_assert_true (hit);
    g_assert_cmpint (json_object_get_int_member (b, "total"), ==, 0);
  }
  h2 = add_have (jack, PUSH_FCA, 1, 1, NULL, NULL);
  {
    g_autoptr(JsonObject) c = matches (ivan, NULL, &hit);

    g_assert_false (hit);
    g_assert_nonnull (partner_in (c, "jack"));
  }
  /* And through sync, which notifies the same way: jack deactivates the have. */
  path = g_strdup_printf ("{\"device_id\":\"jacks-laptop\",\"cursor\":0,\"ops\":[{\"op_id\":"
                          "\"op-1\",\"type\":\"upsert\",\"entity\":\"have_item\",\"id\":\"%s\","
                          "\"fields\":{\"is_active\":false}}]}", h2);
  {
    g_autoptr(JsonObject) synced = request_ok ("POST", "/api/sync", jack, path, 200);
    g_autoptr(JsonObject) d = matches (ivan, NULL, &hit);

    g_assert_false (hit);
    g_assert_null (partner_in (d, "jack"));
  }
}

/* They have what I want, but want nothing I have: no match either way. */
static void
test_one_way (void)
{
  g_autofree char *carol = dc_test_register_user (server, "carol");
  g_autofree char *dave = dc_test_register_user (server, "dave");
  g_autofree char *h1 = add_have (carol, RITUAL_A25, 2, 2, NULL, NULL);
  g_autofree char *w1 = add_want (dave, "{\"card_id\":\"" RITUAL_A25 "\",\"quantity\":4}");
  g_autofree char *h2 = add_have (dave, BRAINSTORM_FCA, 1, 1, NULL, NULL);
  g_autofree char *w2 = add_want (carol, "{\"card_id\":\"" BIRDS_RVR "\"}");
  g_autoptr(JsonObject) with = NULL;

  g_assert_false (sees (carol, "dave"));
  g_assert_false (sees (dave, "carol"));

  /* Asked about directly: 200, not a match, quality 0, and the one-way overlap shown
   * (2 of the 4 wanted, 2 × $6.60 = $13.20). */
  with = request_ok ("GET", "/api/matches/with/carol", dave, NULL, 200);
  g_assert_false (json_object_get_boolean_member (with, "is_match"));
  g_assert_cmpint (quality (with), ==, 0);
  g_assert_cmpint (breakdown (with, "value_balance"), ==, 0);
  g_assert_cmpint (breakdown (with, "card_variety"), ==, 0);
  g_assert_cmpint (breakdown (with, "condition_match"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (entry_for (with, "cards_for_me", RITUAL_A25),
                                               "copies"), ==, 2);
  g_assert_cmpstr (str (with, "my_value"), ==, "13.20");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (with, "cards_for_them")),
                    ==, 0);
  g_assert_cmpstr (str (with, "their_value"), ==, "0.00");
  g_assert_true (json_object_get_null_member (with, "distance_miles"));
}

static char *erin, *frank;

/* erin wants frank's Llanowar Elves, frank wants erin's Swords to Plowshares. */
static void
setup_erin_and_frank (void)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  erin = dc_test_register_user (server, "erin");
  frank = dc_test_register_user (server, "frank");
  a = add_have (frank, ELVES_FDN, 1, 1, NULL, NULL);
  b = add_want (erin, "{\"card_id\":\"" ELVES_FDN "\"}");
  c = add_have (erin, SWORDS_SOC, 1, 1, NULL, NULL);
  d = add_want (frank, "{\"card_id\":\"" SWORDS_SOC "\"}");
}

/* A private member disappears from everyone's matches (cached or not) and comes back. */
static void
test_private_excluded (void)
{
  gboolean hit;

  g_assert_true (sees (erin, "frank"));
  g_assert_true (sees (erin, "frank"));   /* now cached */
  patch_me (frank, "{\"is_public\":false}");
  {
    g_autoptr(JsonObject) after = matches (erin, NULL, &hit);
    g_autoptr(DcTestResponse) with = dc_test_request (server, "GET", "/api/matches/with/frank",
                                                      erin, NULL, NULL);

    g_assert_false (hit);
    g_assert_null (partner_in (after, "frank"));
    g_assert_cmpstr (dc_test_assert_envelope (with, 404), ==, "user.not_found");
  }
  patch_me (frank, "{\"is_public\":true}");
  g_assert_true (sees (erin, "frank"));

  /* A private want is no want for matching. */
  {
    g_autoptr(JsonObject) wants = request_ok ("GET", "/api/want-list", frank, NULL, 200);
    JsonObject *w = json_array_get_object_element (json_object_get_array_member (wants, "items"),
                                                   0);
    g_autofree char *path = g_strconcat ("/api/want-list/", str (w, "id"), NULL);
    g_autoptr(JsonObject) off = request_ok ("PATCH", path, frank, "{\"is_public\":false}", 200);

    g_assert_false (sees (erin, "frank"));
    g_assert_false (sees (frank, "erin"));
    g_clear_pointer (&off, json_object_unref);
    off = request_ok ("PATCH", path, frank, "{\"is_public\":true}", 200);
    g_assert_true (sees (erin, "frank"));
  }
}

/* Discord servers: server= keeps partners seen there; a shared one earns 5 points.
 * erin and frank have no location: quality without = int(0.28 / 1.00 × 40) = 11,
 * total int(1.28 / 5) = 0, variety 4, condition 10 (LP wants, NM haves), trust 0 → 25;
 * with the shared server 30. */
static void
test_guilds (void)
{
  gboolean hit;
  g_autoptr(JsonObject) before = matches (erin, NULL, &hit);
  JsonObject *m;

  m = partner_in (before, "frank");
  g_assert_cmpint (quality (m), ==, 25);
  g_assert_cmpint (breakdown (m, "locality_bonus"), ==, 0);
  g_assert_true (json_object_get_null_member (m, "distance_miles"));
  db_exec ("INSERT INTO user_guilds (user_id, guild_id, guild_name, seen_at)"
           " SELECT id, '1100', 'Friday Night Magic', 0 FROM users"
           " WHERE username IN ('erin', 'frank');"
           "INSERT INTO user_guilds (user_id, guild_id, guild_name, seen_at)"
           " SELECT id, '2200', 'Elsewhere', 0 FROM users WHERE username = 'frank'");
  {
    g_autoptr(JsonObject) after = matches (erin, NULL, &hit);
    g_autoptr(JsonObject) in_guild = matches (erin, "?server=1100", NULL);
    g_autoptr(JsonObject) in_other = matches (erin, "?server=2200", NULL);
    g_autoptr(JsonObject) not_there = matches (erin, "?server=3300", NULL);
    JsonArray *shared;

    g_assert_false (hit);
    m = partner_in (after, "frank");
    g_assert_cmpint (breakdown (m, "locality_bonus"), ==, 5);
    g_assert_cmpint (quality (m), ==, 30);
    shared = json_object_get_array_member (m, "shared_servers");
    g_assert_cmpuint (json_array_get_length (shared), ==, 1);
    g_assert_cmpstr (str (json_array_get_object_element (shared, 0), "id"), ==, "1100");
    g_assert_cmpstr (str (json_array_get_object_element (shared, 0), "name"), ==,
                     "Friday Night Magic");
    g_assert_nonnull (partner_in (in_guild, "frank"));
    /* Seen there, even though erin was not. */
    g_assert_nonnull (partner_in (in_other, "frank"));
    g_assert_null (partner_in (not_there, "frank"));
  }
}

/* Blocking hides both ways, through the block route, and unblocking restores. */
static void
test_blocked_excluded (void)
{
  g_autofree char *gina = dc_test_register_user (server, "gina");
  g_autofree char *hank = dc_test_register_user (server, "hank");
  g_autofree char *a = add_have (hank, SEIZE_OTP, 1, 1, NULL, NULL);
  g_autofree char *b = add_want (gina, "{\"card_id\":\"" SEIZE_OTP "\"}");
  g_autofree char *c = add_have (gina, PATH_OTP, 1, 1, NULL, NULL);
  g_autofree char *d = add_want (hank, "{\"card_id\":\"" PATH_OTP "\"}");
  g_autoptr(JsonObject) blocked = NULL;
  g_autoptr(JsonObject) list = NULL;

  g_assert_true (sees (gina, "hank"));
  g_assert_true (sees (hank, "gina"));   /* both cached now */

  blocked = request_ok ("POST", "/api/users/hank/block", gina, NULL, 200);
  g_assert_cmpstr (str (blocked, "username"), ==, "hank");
  g_assert_false (sees (gina, "hank"));
  g_assert_false (sees (hank, "gina"));
  {
    g_autoptr(DcTestResponse) r1 = dc_test_request (server, "GET", "/api/matches/with/hank",
                                                    gina, NULL, NULL);
    g_autoptr(DcTestResponse) r2 = dc_test_request (server, "GET", "/api/matches/with/gina",
                                                    hank, NULL, NULL);
    g_autoptr(DcTestResponse) self = dc_test_request (server, "POST", "/api/users/gina/block",
                                                      gina, NULL, NULL);
    g_autoptr(DcTestResponse) twice = dc_test_request (server, "POST", "/api/users/hank/block",
                                                       gina, NULL, NULL);

    dc_test_assert_envelope (r1, 404);
    dc_test_assert_envelope (r2, 404);
    g_assert_cmpstr (dc_test_assert_envelope (self, 422), ==, "block.self");
    g_assert_cmpuint (twice->status, ==, 200);
  }
  list = request_ok ("GET", "/api/users/me/blocks", gina, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (list, "total"), ==, 1);

  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "DELETE", "/api/users/hank/block",
                                                   gina, NULL, NULL);
    g_autoptr(DcTestResponse) again = dc_test_request (server, "DELETE", "/api/users/hank/block",
                                                       gina, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpstr (dc_test_assert_envelope (again, 404), ==, "block.not_found");
  }
  g_assert_true (sees (gina, "hank"));
  g_assert_true (sees (hank, "gina"));
}

/* A deactivated partner, and a price change from a catalog import, are never answered
 * from the cache. */
static void
test_cache_prices (void)
{
  gboolean hit;
  g_autoptr(JsonObject) before = matches (erin, NULL, &hit);
  g_autoptr(JsonObject) cached = matches (erin, NULL, &hit);

  g_assert_true (hit);
  g_assert_cmpstr (str (partner_in (cached, "frank"), "my_value"), ==, "0.28");
  /* Prices change as an import changes them: the catalog version moves with them. */
  db_exec ("UPDATE current_prices SET amount = 100 WHERE currency = 'USD'"
           " AND source = 'tcgplayer' AND finish = 'nonfoil'"
           " AND card = (SELECT id FROM cards WHERE scryfall_id = '" ELVES_FDN "');"
           "UPDATE catalog_meta SET version = version + 1");
  {
    g_autoptr(JsonObject) after = matches (erin, NULL, &hit);

    g_assert_false (hit);
    g_assert_cmpstr (str (partner_in (after, "frank"), "my_value"), ==, "1.00");
  }
}

/*
 * A list keeps details for its first partners only (this server: 1). kim wants 2 Smothering
 * Tithes and offers 2 Mind Stones; leo and max each offer one Tithe and want one Stone.
 * leo lives next door to kim, max has no location but is gold (650).
 *   both: for_me 1 × $16.82, for_them 1 × $0.33: balance int(0.33 / 16.82 × 40) = 0,
 *   total int(17.15 / 5) = 3, variety 2 × (1 + 1) = 4, condition NM over LP → 10
 *   max: trust 6, locality 0 → 23;   leo: trust 0, locality 5 → 22
 * so max comes first (detailed) and leo second (score only): local_only reaches leo.
 */
static char *kim, *leo;
static char *leo_tithe_inventory;

static void
test_trimmed_partners (void)
{
  g_autofree char *max = dc_test_register_user (server, "max");
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;
  g_autoptr(JsonObject) all = NULL;
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(JsonObject) with = NULL;
  g_autoptr(JsonNode) x = NULL;
  g_autoptr(JsonNode) y = NULL;
  g_autoptr(JsonNode) z = NULL;
  g_autoptr(JsonObject) inv = NULL;
  JsonArray *list;

  kim = dc_test_register_user (server, "kim");
  leo = dc_test_register_user (server, "leo");
  a = add_want (kim, "{\"card_id\":\"" TITHE_WOT "\",\"quantity\":2}");
  b = add_have (kim, MIND_STONE_SOC, 2, 2, NULL, NULL);
  c = add_have (leo, TITHE_WOT, 1, 1, NULL, NULL);
  d = add_want (leo, "{\"card_id\":\"" MIND_STONE_SOC "\"}");
  e = add_have (max, TITHE_WOT, 1, 1, NULL, NULL);
  f = add_want (max, "{\"card_id\":\"" MIND_STONE_SOC "\"}");
  set_location (kim, 40.0, -100.0);
  set_location (leo, 40.01, -100.0);
  db_exec ("INSERT INTO user_reputation (user_id, score, tier, updated_at)"
           " SELECT id, 650, 'gold', 0 FROM users WHERE username = 'max'");
  inv = request_ok ("GET", "/api/inventory", leo, NULL, 200);
  leo_tithe_inventory = g_strdup (str (json_array_get_object_element (
                                         json_object_get_array_member (inv, "items"), 0), "id"));

  all = matches (kim, NULL, NULL);
  list = json_object_get_array_member (all, "matches");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (str (json_object_get_object_member (json_array_get_object_element (list, 0),
                                                       "user"), "username"), ==, "max");
  g_assert_cmpint (quality (json_array_get_object_element (list, 0)), ==, 23);
  g_assert_cmpint (quality (json_array_get_object_element (list, 1)), ==, 22);

  local = matches (kim, "?local_only=true", NULL);
  g_assert_cmpint (json_object_get_int_member (local, "total"), ==, 1);
  g_assert_nonnull (partner_in (local, "leo"));
  g_assert_cmpint (breakdown (partner_in (local, "leo"), "locality_bonus"), ==, 5);
  with = request_ok ("GET", "/api/matches/with/leo", kim, NULL, 200);
  x = json_node_init_object (json_node_alloc (), with);
  y = json_node_init_object (json_node_alloc (), partner_in (local, "leo"));
  g_assert_true (json_node_equal (x, y));
  /* Both answers agree with the full list too. */
  z = json_node_init_object (json_node_alloc (), partner_in (all, "leo"));
  g_assert_true (json_node_equal (x, z));
}

/* Inventory edits reach the have side (condition, then the copy itself). leo's Tithe turns
 * out to be damaged: gap DMG 1 − LP 4 = −3, condition 10 − 15 = −5: 22 − 15 = 7. */
static void
test_inventory_edits (void)
{
  g_autofree char *path = g_strconcat ("/api/inventory/", leo_tithe_inventory, NULL);
  g_autoptr(JsonObject) patched = request_ok ("PATCH", path, leo, "{\"condition\":\"DMG\"}",
                                              200);
  gboolean hit;
  JsonObject *m;

  {
    g_autoptr(JsonObject) after = matches (kim, NULL, &hit);

    g_assert_false (hit);
    m = partner_in (after, "leo");
    g_assert_cmpstr (str (entry_for (m, "cards_for_me", TITHE_WOT), "condition"), ==, "DMG");
    g_assert_cmpint (breakdown (m, "condition_match"), ==, -5);
    g_assert_cmpint (quality (m), ==, 7);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "DELETE", path, leo, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 204);
  }
  g_assert_false (sees (kim, "leo"));
  g_assert_true (sees (kim, "max"));
}

/* match_haves is exactly the live active haves joined to their live inventory rows, after
 * everything the tests above did through the API. */
static void
test_match_haves_consistent (void)
{
  static const char *join =
    "SELECT i.card_id, h.id, h.user_id, h.quantity, h.min_trade_value, i.finish, i.language,"
    " i.condition FROM have_items h JOIN inventory_items i ON i.id = h.inventory_item_id"
    " WHERE h.deleted = 0 AND h.is_active = 1 AND i.deleted = 0";
  static const char *table =
    "SELECT card_id, have_id, user_id, quantity, min_trade_value, finish, language, condition"
    " FROM match_haves";
  g_autofree char *missing = g_strdup_printf ("SELECT count(*) FROM (%s EXCEPT %s)", join, table);
  g_autofree char *extra = g_strdup_printf ("SELECT count(*) FROM (%s EXCEPT %s)", table, join);

  g_assert_cmpint (db_count ("SELECT count(*) FROM match_haves"), >, 5);
  g_assert_cmpint (db_count (missing), ==, 0);
  g_assert_cmpint (db_count (extra), ==, 0);
  /* Tombstoned and inactive haves exist, and are not there. */
  g_assert_cmpint (db_count ("SELECT count(*) FROM have_items WHERE deleted = 1 OR is_active = 0"),
                   >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");

    /* Details for the first partner only, so filters reach trimmed ones. */
    server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_AUTH_RATE_LIMIT=1000",
                                                         "DUALCASTER_MATCH_DETAILED_PARTNERS=1",
                                                         NULL });
    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
    dc_test_server_start (server);
  }
  setup_alice_and_bob ();
  setup_erin_and_frank ();

  g_test_add_func ("/Dc/Matching/two-way", test_two_way);
  g_test_add_func ("/Dc/Matching/match-with", test_match_with);
  g_test_add_func ("/Dc/Matching/min-quality", test_min_quality);
  g_test_add_func ("/Dc/Matching/local-only", test_local_only);
  g_test_add_func ("/Dc/Matching/reputation", test_reputation);
  g_test_add_func ("/Dc/Matching/cache-list-edits", test_cache_list_edits);
  g_test_add_func ("/Dc/Matching/cache-new-pairing", test_cache_new_pairing);
  g_test_add_func ("/Dc/Matching/one-way", test_one_way);
  g_test_add_func ("/Dc/Matching/private-excluded", test_private_excluded);
  g_test_add_func ("/Dc/Matching/guilds", test_guilds);
  g_test_add_func ("/Dc/Matching/blocked-excluded", test_blocked_excluded);
  g_test_add_func ("/Dc/Matching/cache-prices", test_cache_prices);
  g_test_add_func ("/Dc/Matching/trimmed-partners", test_trimmed_partners);
  g_test_add_func ("/Dc/Matching/inventory-edits", test_inventory_edits);
  g_test_add_func ("/Dc/Matching/match-haves-consistent", test_match_haves_consistent);
  ret = g_test_run ();

  g_free (alice);
  g_free (bob);
  g_free (bob_counter_have);
  g_free (erin);
  g_free (frank);
  g_free (kim);
  g_free (leo);
  g_free (leo_tithe_inventory);
  dc_test_server_free (server);
  return ret;
}
