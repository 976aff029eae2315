/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-test-harness.h"

#define BOLT_FCA "e89794ab-6070-4916-936f-2b42fe41d31b"
#define SOL_RING "14dbce79-1fcc-4cc9-bf38-7729e44a411e"

static DcTestServer *server;

static JsonObject *
object_of (DcTestResponse *r)
{
  return dc_test_response_object (r);
}

static const char *
error_field (DcTestResponse *r)
{
  JsonObject *error = json_object_get_object_member (object_of (r), "error");

  return json_object_get_string_member_with_default (
    json_object_get_object_member (error, "details"), "field", NULL);
}

static const char *
cache_state (DcTestResponse *r)
{
  return soup_message_headers_get_one (r->headers, "X-Dc-Cache");
}

static DcTestResponse *
patch_me (const char *token,
          const char *body)
{
  return dc_test_request (server, "PATCH", "/api/users/me", token, body, NULL);
}

static void
test_me_and_validation (void)
{
  g_autofree char *token = dc_test_register_user (server, "profiler");
  g_autoptr(DcTestResponse) me = dc_test_request (server, "GET", "/api/users/me", token, NULL,
                                                  NULL);
  g_autoptr(DcTestResponse) ok = NULL;
  g_autoptr(GString) bio = g_string_new ("{\"bio\":\"");
  JsonObject *privacy;
  struct { const char *body; const char *field; } cases[] = {
    { "{\"trade_radius\":0}", "trade_radius" },
    { "{\"trade_radius\":501}", "trade_radius" },
    { "{\"trade_radius\":\"50\"}", "trade_radius" },
    { "{\"username\":\"No Spaces\"}", "username" },
    { "{\"username\":\"ab\"}", "username" },
    { "{\"is_public\":\"yes\"}", "is_public" },
    { "{\"allow_messages_from\":\"friends\"}", "allow_messages_from" },
    { "{\"display_name\":\"   \"}", "display_name" },
  };

  g_assert_cmpuint (me->status, ==, 200);
  privacy = json_object_get_object_member (object_of (me), "privacy");
  /* The defaults of DESIGN §5. */
  g_assert_true (json_object_get_boolean_member (privacy, "is_public"));
  g_assert_false (json_object_get_boolean_member (privacy, "show_inventory_value"));
  g_assert_true (json_object_get_boolean_member (privacy, "show_want_list"));
  g_assert_true (json_object_get_boolean_member (privacy, "show_have_list"));
  g_assert_false (json_object_get_boolean_member (privacy, "show_trade_history"));
  g_assert_cmpint (json_object_get_int_member (object_of (me), "trade_radius"), ==, 50);

  for (int i = 0; i < 501; i++)
    g_string_append (bio, "é");
  g_string_append (bio, "\"}");
  {
    g_autoptr(DcTestResponse) r = patch_me (token, bio->str);
    dc_test_assert_envelope (r, 422);
    g_assert_cmpstr (error_field (r), ==, "bio");
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DcTestResponse) r = patch_me (token, cases[i].body);
      dc_test_assert_envelope (r, 422);
      g_assert_cmpstr (error_field (r), ==, cases[i].field);
    }

  ok = patch_me (token, "{\"bio\":\"Trades in Portland.\",\"display_name\":\"Pro Filer\","
                        "\"trade_radius\":25,\"show_inventory_value\":true}");
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (ok), "bio"), ==,
                   "Trades in Portland.");
  g_assert_cmpint (json_object_get_int_member (object_of (ok), "trade_radius"), ==, 25);
  /* Nothing else moved. */
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (object_of (ok), "privacy"), "show_have_list"));
}

static void
test_username_taken (void)
{
  g_autofree char *a = dc_test_register_user (server, "firstname");
  g_autofree char *b = dc_test_register_user (server, "secondname");
  g_autoptr(DcTestResponse) r = patch_me (b, "{\"username\":\"firstname\"}");

  g_assert_cmpstr (dc_test_assert_envelope (r, 409), ==, "auth.username_taken");
}

static void
test_location (void)
{
  g_autofree char *token = dc_test_register_user (server, "locator");
  g_autoptr(DcTestResponse) set = NULL;
  g_autoptr(DcTestResponse) bad = NULL;
  g_autoptr(DcTestResponse) half = NULL;
  g_autoptr(DcTestResponse) clear = NULL;
  JsonObject *location;

  set = dc_test_request (server, "PUT", "/api/users/me/location", token,
                         "{\"display\":\"Portland, Oregon\",\"latitude\":45.5152,"
                         "\"longitude\":-122.6784}", NULL);
  g_assert_cmpuint (set->status, ==, 200);
  location = json_object_get_object_member (object_of (set), "location");
  g_assert_cmpstr (json_object_get_string_member (location, "display"), ==, "Portland, Oregon");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (location, "latitude"), 45.5152,
                                  1e-9);

  bad = dc_test_request (server, "PUT", "/api/users/me/location", token,
                         "{\"display\":\"Nowhere\",\"latitude\":95,\"longitude\":0}", NULL);
  dc_test_assert_envelope (bad, 422);
  g_assert_cmpstr (error_field (bad), ==, "latitude");
  half = dc_test_request (server, "PUT", "/api/users/me/location", token,
                          "{\"display\":\"Nowhere\",\"latitude\":45}", NULL);
  dc_test_assert_envelope (half, 422);

  clear = dc_test_request (server, "PUT", "/api/users/me/location", token,
                           "{\"display\":null,\"latitude\":null,\"longitude\":null}", NULL);
  g_assert_cmpuint (clear->status, ==, 200);
  location = json_object_get_object_member (object_of (clear), "location");
  g_assert_true (json_object_get_null_member (location, "latitude"));
}

static void
test_avatar (void)
{
  g_autofree char *token = dc_test_register_user (server, "avatarist");
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  };
  g_autoptr(GBytes) image = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) gif = g_bytes_new_static ("GIF89a....", 10);
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(DcTestResponse) up = NULL;
  g_autoptr(DcTestResponse) down = NULL;
  g_autoptr(DcTestResponse) wrong = NULL;
  g_autoptr(DcTestResponse) big = NULL;
  g_autoptr(DcTestResponse) public_avatar = NULL;
  guint8 *large = g_malloc0 (512 * 1024 + 1);

  memcpy (large, png, sizeof png);
  huge = g_bytes_new_take (large, 512 * 1024 + 1);

  wrong = dc_test_request_bytes (server, "PUT", "/api/users/me/avatar", token, "image/png", gif,
                                 NULL);
  g_assert_cmpstr (dc_test_assert_envelope (wrong, 415), ==, "avatar.not_an_image");
  big = dc_test_request_bytes (server, "PUT", "/api/users/me/avatar", token, "image/png", huge,
                               NULL);
  dc_test_assert_envelope (big, 413);

  up = dc_test_request_bytes (server, "PUT", "/api/users/me/avatar", token, "image/png", image,
                              NULL);
  g_assert_cmpuint (up->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (up), "avatar_url"), ==,
                   "/api/users/avatarist/avatar");

  down = dc_test_request (server, "GET", "/api/users/me/avatar", token, NULL, NULL);
  g_assert_cmpuint (down->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (down->headers, NULL), ==, "image/png");
  g_assert_true (g_bytes_equal (down->body, image));
  public_avatar = dc_test_request (server, "GET", "/api/users/avatarist/avatar", NULL, NULL,
                                   NULL);
  g_assert_true (g_bytes_equal (public_avatar->body, image));
}

static void
test_private_profile_and_views (void)
{
  g_autofree char *owner = dc_test_register_user (server, "hermit");
  g_autofree char *visitor = dc_test_register_user (server, "visitor");
  g_autoptr(DcTestResponse) anon = NULL;
  g_autoptr(DcTestResponse) seen = NULL;
  g_autoptr(DcTestResponse) own_view = NULL;
  g_autoptr(DcTestResponse) me = NULL;
  g_autoptr(DcTestResponse) hide = NULL;
  g_autoptr(DcTestResponse) blocked = NULL;
  g_autoptr(DcTestResponse) owner_sees = NULL;
  g_autoptr(DcTestResponse) lists = NULL;

  anon = dc_test_request (server, "GET", "/api/users/hermit", NULL, NULL, NULL);
  g_assert_cmpuint (anon->status, ==, 200);
  g_assert_false (json_object_has_member (object_of (anon), "email"));
  g_assert_false (json_object_has_member (object_of (anon), "profile_views"));
  seen = dc_test_request (server, "GET", "/api/users/hermit", visitor, NULL, NULL);
  g_assert_cmpuint (seen->status, ==, 200);
  own_view = dc_test_request (server, "GET", "/api/users/hermit", owner, NULL, NULL);

  /* Only the signed-in stranger counted. */
  me = dc_test_request (server, "GET", "/api/users/me", owner, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (me), "profile_views"), ==, 1);

  hide = patch_me (owner, "{\"is_public\":false}");
  g_assert_cmpuint (hide->status, ==, 200);
  blocked = dc_test_request (server, "GET", "/api/users/hermit", visitor, NULL, NULL);
  g_assert_cmpstr (dc_test_assert_envelope (blocked, 403), ==, "user.profile_private");
  lists = dc_test_request (server, "GET", "/api/users/hermit/have-list", NULL, NULL, NULL);
  g_assert_cmpstr (dc_test_assert_envelope (lists, 403), ==, "user.profile_private");
  owner_sees = dc_test_request (server, "GET", "/api/users/hermit", owner, NULL, NULL);
  g_assert_cmpuint (owner_sees->status, ==, 200);

  {
    g_autoptr(DcTestResponse) search = dc_test_request (server, "GET",
                                                        "/api/users/search?q=herm", NULL, NULL,
                                                        NULL);
    g_assert_cmpint (json_object_get_int_member (object_of (search), "total"), ==, 0);
  }
  {
    g_autoptr(DcTestResponse) missing = dc_test_request (server, "GET", "/api/users/nobody-here",
                                                         NULL, NULL, NULL);
    dc_test_assert_envelope (missing, 404);
  }
}

static void
test_public_lists (void)
{
  g_autofree char *token = dc_test_register_user (server, "lister");
  g_autoptr(DcTestResponse) inv = NULL;
  g_autofree char *have_body = NULL;
  g_autoptr(DcTestResponse) have = NULL;
  g_autoptr(DcTestResponse) w1 = NULL;
  g_autoptr(DcTestResponse) w2 = NULL;
  g_autoptr(DcTestResponse) haves = NULL;
  g_autoptr(DcTestResponse) wants = NULL;
  g_autoptr(DcTestResponse) hide = NULL;
  g_autoptr(DcTestResponse) hidden = NULL;
  g_autoptr(DcTestResponse) owner_view = NULL;
  JsonObject *item;

  inv = dc_test_request (server, "POST", "/api/inventory", token,
                         "{\"card_id\":\"" BOLT_FCA "\",\"quantity\":4}", NULL);
  have_body = g_strdup_printf ("{\"inventory_item_id\":\"%s\",\"quantity\":2,"
                               "\"min_trade_value\":\"4.00\"}",
                               json_object_get_string_member (object_of (inv), "id"));
  have = dc_test_request (server, "POST", "/api/have-list", token, have_body, NULL);
  g_assert_cmpuint (have->status, ==, 201);
  w1 = dc_test_request (server, "POST", "/api/want-list", token,
                        "{\"card_id\":\"" SOL_RING "\",\"target_price\":\"1.00\","
                        "\"notes\":\"for my cube\"}", NULL);
  w2 = dc_test_request (server, "POST", "/api/want-list", token,
                        "{\"card_id\":\"" BOLT_FCA "\",\"is_public\":false}", NULL);

  haves = dc_test_request (server, "GET", "/api/users/lister/have-list", NULL, NULL, NULL);
  g_assert_cmpuint (haves->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (haves), "total"), ==, 1);
  item = json_array_get_object_element (json_object_get_array_member (object_of (haves),
                                                                      "items"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "quantity"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "card"),
                                                  "name"), ==, "Lightning Bolt");

  /* Only public wants, without private notes and target prices. */
  wants = dc_test_request (server, "GET", "/api/users/lister/want-list", NULL, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (object_of (wants), "total"), ==, 1);
  item = json_array_get_object_element (json_object_get_array_member (object_of (wants),
                                                                      "items"), 0);
  g_assert_false (json_object_has_member (item, "notes"));
  g_assert_false (json_object_has_member (item, "target_price"));

  hide = patch_me (token, "{\"show_have_list\":false,\"show_want_list\":false}");
  hidden = dc_test_request (server, "GET", "/api/users/lister/have-list", NULL, NULL, NULL);
  g_assert_cmpstr (dc_test_assert_envelope (hidden, 403), ==, "user.have_list_hidden");
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/users/lister/want-list",
                                                   NULL, NULL, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 403), ==, "user.want_list_hidden");
  }
  owner_view = dc_test_request (server, "GET", "/api/users/lister/have-list", token, NULL, NULL);
  g_assert_cmpuint (owner_view->status, ==, 200);
  (void) w1;
  (void) w2;
}

static void
test_search (void)
{
  g_autofree char *a = dc_test_register_user (server, "searchable_sam");
  g_autofree char *b = dc_test_register_user (server, "samwise");
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/users/search?q=sam", NULL,
                                                 NULL, NULL);
  g_autoptr(DcTestResponse) short_q = dc_test_request (server, "GET", "/api/users/search?q=s",
                                                       NULL, NULL, NULL);
  g_autoptr(DcTestResponse) wild = dc_test_request (server, "GET", "/api/users/search?q=%25%25",
                                                    NULL, NULL, NULL);
  JsonArray *results = json_object_get_array_member (object_of (r), "results");

  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  /* Username prefix matches first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                  "username"), ==, "samwise");
  g_assert_false (json_object_has_member (json_array_get_object_element (results, 0), "email"));
  dc_test_assert_envelope (short_q, 422);
  g_assert_cmpint (json_object_get_int_member (object_of (wild), "total"), ==, 0);
}

/* user:profile:{username} — each rule that makes it stale drops it. */
static void
test_profile_cache_invalidation (void)
{
  g_autofree char *token = dc_test_register_user (server, "cached");
  g_autoptr(DcTestResponse) first = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                     NULL, NULL);
  g_autoptr(DcTestResponse) second = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                      NULL, NULL);

  g_assert_cmpstr (cache_state (first), ==, "miss");
  g_assert_cmpstr (cache_state (second), ==, "hit");

  /* Profile update. */
  {
    g_autoptr(DcTestResponse) p = patch_me (token, "{\"bio\":\"fresh bio\"}");
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                   NULL, NULL);
    g_assert_cmpstr (cache_state (r), ==, "miss");
    g_assert_cmpstr (json_object_get_string_member (object_of (r), "bio"), ==, "fresh bio");
  }
  /* Location. */
  {
    g_autoptr(DcTestResponse) p = dc_test_request (server, "PUT", "/api/users/me/location",
                                                   token, "{\"display\":\"Lyon\",\"latitude\":"
                                                   "45.76,\"longitude\":4.84}", NULL);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                   NULL, NULL);
    g_assert_cmpstr (json_object_get_string_member (object_of (r), "location"), ==, "Lyon");
  }
  /* The collection (the stats on the profile). */
  {
    g_autoptr(DcTestResponse) warm = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                      NULL, NULL);
    g_autoptr(DcTestResponse) add = dc_test_request (server, "POST", "/api/inventory", token,
                                                     "{\"card_id\":\"" SOL_RING "\","
                                                     "\"quantity\":3}", NULL);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                   NULL, NULL);
    g_assert_cmpstr (cache_state (warm), ==, "hit");
    g_assert_cmpuint (add->status, ==, 201);
    g_assert_cmpstr (cache_state (r), ==, "miss");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object_of (r),
                                                                                "stats"),
                                                 "cards"), ==, 3);
  }
  /* Privacy: going private is immediate. */
  {
    g_autoptr(DcTestResponse) p = patch_me (token, "{\"is_public\":false}");
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                   NULL, NULL);
    dc_test_assert_envelope (r, 403);
  }
  /* Renaming: the old name is gone at once. */
  {
    g_autoptr(DcTestResponse) pub = patch_me (token, "{\"is_public\":true}");
    g_autoptr(DcTestResponse) warm = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                      NULL, NULL);
    g_autoptr(DcTestResponse) p = patch_me (token, "{\"username\":\"renamed\"}");
    g_autoptr(DcTestResponse) old = dc_test_request (server, "GET", "/api/users/cached", NULL,
                                                     NULL, NULL);
    g_autoptr(DcTestResponse) fresh = dc_test_request (server, "GET", "/api/users/renamed", NULL,
                                                       NULL, NULL);
    dc_test_assert_envelope (old, 404);
    g_assert_cmpuint (fresh->status, ==, 200);
  }
}

/* session:{id} — a revoked session is refused on its very next request. */
static void
test_session_cache_invalidation (void)
{
  g_autofree char *token = dc_test_register_user (server, "sessioned");
  g_autoptr(DcTestResponse) warm1 = dc_test_request (server, "GET", "/api/auth/me", token, NULL,
                                                     NULL);
  g_autoptr(DcTestResponse) warm2 = dc_test_request (server, "GET", "/api/auth/me", token, NULL,
                                                     NULL);
  g_autoptr(DcTestResponse) out = dc_test_request (server, "POST", "/api/auth/logout", token,
                                                   NULL, NULL);
  g_autoptr(DcTestResponse) after = dc_test_request (server, "GET", "/api/auth/me", token, NULL,
                                                     NULL);
  g_autofree char *forged = g_strconcat (token, "x", NULL);

  g_assert_cmpuint (warm2->status, ==, 200);
  g_assert_cmpuint (out->status, ==, 204);
  dc_test_assert_envelope (after, 401);

  /* A token that shares the cached session's id but not its secret is refused. */
  {
    g_autofree char *other = dc_test_register_user (server, "sessioned2");
    g_autoptr(DcTestResponse) ok = dc_test_request (server, "GET", "/api/auth/me", other, NULL,
                                                    NULL);
    g_autofree char *tampered = g_strconcat (other, "A", NULL);
    g_autoptr(DcTestResponse) bad = dc_test_request (server, "GET", "/api/auth/me", tampered,
                                                     NULL, NULL);
    g_assert_cmpuint (ok->status, ==, 200);
    dc_test_assert_envelope (bad, 401);
  }
  (void) forged;
}

static void
test_notification_preferences (void)
{
  g_autofree char *token = dc_test_register_user (server, "notified");
  g_autoptr(DcTestResponse) defaults = dc_test_request (server, "GET",
                                                        "/api/settings/notifications", token,
                                                        NULL, NULL);
  g_autoptr(DcTestResponse) put = NULL;
  g_autoptr(DcTestResponse) again = NULL;
  JsonObject *o, *quiet;
  struct { const char *body; const char *field; } bad[] = {
    { "{\"email_enabled\":1}", "email_enabled" },
    { "{\"quiet_hours\":{\"start\":\"25:00\"}}", "quiet_hours.start" },
    { "{\"quiet_hours\":{\"timezone\":\"Mars/Olympus\"}}", "quiet_hours.timezone" },
    { "{\"max_emails_per_day\":-1}", "max_emails_per_day" },
  };

  o = object_of (defaults);
  g_assert_true (json_object_get_boolean_member (o, "email_price_alerts"));
  g_assert_true (json_object_get_boolean_member (o, "discord_trade_proposals"));
  g_assert_cmpint (json_object_get_int_member (o, "max_emails_per_day"), ==, 10);
  quiet = json_object_get_object_member (o, "quiet_hours");
  g_assert_false (json_object_get_boolean_member (quiet, "enabled"));
  g_assert_cmpstr (json_object_get_string_member (quiet, "timezone"), ==, "UTC");

  put = dc_test_request (server, "PUT", "/api/settings/notifications", token,
                         "{\"email_messages\":false,\"max_emails_per_day\":3,"
                         "\"quiet_hours\":{\"enabled\":true,\"start\":\"23:30\","
                         "\"end\":\"07:00\",\"timezone\":\"Europe/Berlin\"}}", NULL);
  g_assert_cmpuint (put->status, ==, 200);
  again = dc_test_request (server, "GET", "/api/settings/notifications", token, NULL, NULL);
  o = object_of (again);
  g_assert_false (json_object_get_boolean_member (o, "email_messages"));
  g_assert_true (json_object_get_boolean_member (o, "email_price_alerts"));
  g_assert_cmpint (json_object_get_int_member (o, "max_emails_per_day"), ==, 3);
  quiet = json_object_get_object_member (o, "quiet_hours");
  g_assert_true (json_object_get_boolean_member (quiet, "enabled"));
  g_assert_cmpstr (json_object_get_string_member (quiet, "start"), ==, "23:30");
  g_assert_cmpstr (json_object_get_string_member (quiet, "timezone"), ==, "Europe/Berlin");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(DcTestResponse) r = dc_test_request (server, "PUT",
                                                     "/api/settings/notifications", token,
                                                     bad[i].body, NULL);
      dc_test_assert_envelope (r, 422);
      g_assert_cmpstr (error_field (r), ==, bad[i].field);
    }
  {
    g_autoptr(DcTestResponse) anon = dc_test_request (server, "GET",
                                                      "/api/settings/notifications", NULL, NULL,
                                                      NULL);
    dc_test_assert_envelope (anon, 401);
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

  g_test_add_func ("/Dc/Profile/me-and-validation", test_me_and_validation);
  g_test_add_func ("/Dc/Profile/username-taken", test_username_taken);
  g_test_add_func ("/Dc/Profile/location", test_location);
  g_test_add_func ("/Dc/Profile/avatar", test_avatar);
  g_test_add_func ("/Dc/Profile/private-and-views", test_private_profile_and_views);
  g_test_add_func ("/Dc/Profile/public-lists", test_public_lists);
  g_test_add_func ("/Dc/Profile/search", test_search);
  g_test_add_func ("/Dc/Profile/cache-profile", test_profile_cache_invalidation);
  g_test_add_func ("/Dc/Profile/cache-session", test_session_cache_invalidation);
  g_test_add_func ("/Dc/Profile/notification-preferences", test_notification_preferences);

  ret = g_test_run ();
  dc_test_server_free (server);
  return ret;
}
