/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-test-harness.h"

#define PASSWORD "correct horse battery"

static DcTestServer *server;

static DcTestResponse *
login (const char *login_name,
       const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}",
                                           login_name, password);

  return dc_test_request (server, "POST", "/api/auth/login", NULL, body, NULL);
}

static void
test_register_login_me_logout (void)
{
  g_autoptr(DcTestResponse) reg = NULL;
  g_autoptr(DcTestResponse) by_email = NULL;
  g_autoptr(DcTestResponse) by_name = NULL;
  g_autoptr(DcTestResponse) me = NULL;
  g_autoptr(DcTestResponse) logout = NULL;
  g_autoptr(DcTestResponse) after = NULL;
  JsonObject *user;
  const char *token;

  reg = dc_test_request (server, "POST", "/api/auth/register", NULL,
                         "{\"email\":\"Ada@Example.COM\",\"username\":\"ada\","
                         "\"password\":\"" PASSWORD "\"}", NULL);
  g_assert_cmpuint (reg->status, ==, 201);
  user = json_object_get_object_member (dc_test_response_object (reg), "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "ada");
  /* Emails are case-folded so the same person cannot register twice. */
  g_assert_cmpstr (json_object_get_string_member (user, "email"), ==, "ada@example.com");
  g_assert_false (json_object_has_member (user, "password_hash"));
  g_assert_cmpuint (strlen (json_object_get_string_member (dc_test_response_object (reg),
                                                           "token")), >=, 40);

  by_email = login ("ADA@example.com", PASSWORD);
  g_assert_cmpuint (by_email->status, ==, 200);
  by_name = login ("ada", PASSWORD);
  g_assert_cmpuint (by_name->status, ==, 200);
  token = json_object_get_string_member (dc_test_response_object (by_name), "token");

  me = dc_test_request (server, "GET", "/api/auth/me", token, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (dc_test_response_object (me), "username"), ==,
                   "ada");

  logout = dc_test_request (server, "POST", "/api/auth/logout", token, NULL, NULL);
  g_assert_cmpuint (logout->status, ==, 204);
  after = dc_test_request (server, "GET", "/api/auth/me", token, NULL, NULL);
  g_assert_cmpstr (dc_test_assert_envelope (after, 401), ==, "auth.invalid_token");
}

static void
test_register_validation (void)
{
  struct { const char *body; guint status; const char *field; } cases[] = {
    { "{\"email\":\"nope\",\"username\":\"val1\",\"password\":\"" PASSWORD "\"}", 422, "email" },
    { "{\"email\":\"v@example.com\",\"username\":\"ab\",\"password\":\"" PASSWORD "\"}", 422,
      "username" },
    { "{\"email\":\"v@example.com\",\"username\":\"bad name!\",\"password\":\"" PASSWORD "\"}",
      422, "username" },
    { "{\"email\":\"v@example.com\",\"username\":\"val2\",\"password\":\"short\"}", 422,
      "password" },
    { "{\"email\":\"v@example.com\",\"username\":\"val3\"}", 422, "password" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/auth/register", NULL,
                                                     cases[i].body, NULL);
      JsonObject *details;

      dc_test_assert_envelope (r, cases[i].status);
      details = json_object_get_object_member (
        json_object_get_object_member (dc_test_response_object (r), "error"), "details");
      g_assert_cmpstr (json_object_get_string_member (details, "field"), ==, cases[i].field);
    }
}

static void
test_register_duplicate (void)
{
  g_autofree char *token = dc_test_register_user (server, "dupe");
  g_autoptr(DcTestResponse) same_email = NULL;
  g_autoptr(DcTestResponse) same_name = NULL;

  same_email = dc_test_request (server, "POST", "/api/auth/register", NULL,
                                "{\"email\":\"DUPE@example.com\",\"username\":\"other\","
                                "\"password\":\"" PASSWORD "\"}", NULL);
  g_assert_cmpstr (dc_test_assert_envelope (same_email, 409), ==, "auth.email_taken");
  same_name = dc_test_request (server, "POST", "/api/auth/register", NULL,
                               "{\"email\":\"fresh@example.com\",\"username\":\"dupe\","
                               "\"password\":\"" PASSWORD "\"}", NULL);
  g_assert_cmpstr (dc_test_assert_envelope (same_name, 409), ==, "auth.username_taken");
}

static void
test_wrong_password_and_unknown_user (void)
{
  g_autofree char *token = dc_test_register_user (server, "wrongpw");
  g_autoptr(DcTestResponse) bad = login ("wrongpw", "not the password");
  g_autoptr(DcTestResponse) unknown = login ("nobody_here", PASSWORD);

  /* Same answer either way: no telling which accounts exist. */
  g_assert_cmpstr (dc_test_assert_envelope (bad, 401), ==, "auth.invalid_credentials");
  g_assert_cmpstr (dc_test_assert_envelope (unknown, 401), ==, "auth.invalid_credentials");
}

static void
test_lockout_after_five_failures (void)
{
  g_autofree char *token = dc_test_register_user (server, "locky");
  g_autoptr(DcTestResponse) locked = NULL;
  JsonObject *details;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(DcTestResponse) r = login ("locky", "guess-guess");
      g_assert_cmpstr (dc_test_assert_envelope (r, 401), ==, "auth.invalid_credentials");
    }

  /* Even the right password is refused while the lock holds. */
  locked = login ("locky", PASSWORD);
  g_assert_cmpstr (dc_test_assert_envelope (locked, 423), ==, "auth.account_locked");
  details = json_object_get_object_member (
    json_object_get_object_member (dc_test_response_object (locked), "error"), "details");
  g_assert_cmpint (json_object_get_int_member (details, "retry_after"), >, 14 * 60);
  g_assert_cmpint (json_object_get_int_member (details, "retry_after"), <=, 15 * 60);

  /* The session that existed before keeps working. */
  {
    g_autoptr(DcTestResponse) me = dc_test_request (server, "GET", "/api/auth/me", token, NULL,
                                                    NULL);
    g_assert_cmpuint (me->status, ==, 200);
  }
}

static void
test_revoked_token_gets_401 (void)
{
  g_autofree char *first = dc_test_register_user (server, "revoker");
  g_autoptr(DcTestResponse) second_login = login ("revoker", PASSWORD);
  const char *second = json_object_get_string_member (dc_test_response_object (second_login),
                                                      "token");
  g_autoptr(DcTestResponse) list = NULL;
  g_autoptr(DcTestResponse) revoke = NULL;
  g_autoptr(DcTestResponse) after = NULL;
  g_autoptr(DcTestResponse) still = NULL;
  g_autofree char *path = NULL;
  JsonArray *sessions;
  const char *other_id = NULL;

  list = dc_test_request (server, "GET", "/api/auth/sessions", first, NULL, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  sessions = json_object_get_array_member (dc_test_response_object (list), "sessions");
  g_assert_cmpuint (json_array_get_length (sessions), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *s = json_array_get_object_element (sessions, i);
      if (!json_object_get_boolean_member (s, "current"))
        other_id = json_object_get_string_member (s, "id");
    }
  g_assert_nonnull (other_id);

  path = g_strdup_printf ("/api/auth/sessions/%s", other_id);
  revoke = dc_test_request (server, "DELETE", path, first, NULL, NULL);
  g_assert_cmpuint (revoke->status, ==, 204);

  after = dc_test_request (server, "GET", "/api/auth/me", second, NULL, NULL);
  g_assert_cmpstr (dc_test_assert_envelope (after, 401), ==, "auth.invalid_token");
  still = dc_test_request (server, "GET", "/api/auth/me", first, NULL, NULL);
  g_assert_cmpuint (still->status, ==, 200);
}

static void
test_cannot_revoke_someone_elses_session (void)
{
  g_autoptr(DcTestResponse) reg = NULL;
  g_autofree char *mallory = dc_test_register_user (server, "mallory");
  g_autoptr(DcTestResponse) attempt = NULL;
  g_autoptr(DcTestResponse) victim_me = NULL;
  g_autofree char *path = NULL;
  const char *victim_token, *victim_session;

  reg = dc_test_request (server, "POST", "/api/auth/register", NULL,
                         "{\"email\":\"victim@example.com\",\"username\":\"victim\","
                         "\"password\":\"" PASSWORD "\"}", NULL);
  victim_token = json_object_get_string_member (dc_test_response_object (reg), "token");
  victim_session = json_object_get_string_member (dc_test_response_object (reg), "session_id");

  path = g_strdup_printf ("/api/auth/sessions/%s", victim_session);
  attempt = dc_test_request (server, "DELETE", path, mallory, NULL, NULL);
  dc_test_assert_envelope (attempt, 404);
  victim_me = dc_test_request (server, "GET", "/api/auth/me", victim_token, NULL, NULL);
  g_assert_cmpuint (victim_me->status, ==, 200);
}

static void
test_change_password_revokes_other_sessions (void)
{
  g_autofree char *here = dc_test_register_user (server, "changer");
  g_autoptr(DcTestResponse) elsewhere_login = login ("changer", PASSWORD);
  const char *elsewhere = json_object_get_string_member (
    dc_test_response_object (elsewhere_login), "token");
  g_autoptr(DcTestResponse) wrong = NULL;
  g_autoptr(DcTestResponse) weak = NULL;
  g_autoptr(DcTestResponse) change = NULL;
  g_autoptr(DcTestResponse) here_me = NULL;
  g_autoptr(DcTestResponse) elsewhere_me = NULL;
  g_autoptr(DcTestResponse) old_pw = NULL;
  g_autoptr(DcTestResponse) new_pw = NULL;

  wrong = dc_test_request (server, "POST", "/api/auth/change-password", here,
                           "{\"current_password\":\"nope nope\","
                           "\"new_password\":\"a whole new secret\"}", NULL);
  g_assert_cmpstr (dc_test_assert_envelope (wrong, 403), ==, "auth.wrong_password");
  weak = dc_test_request (server, "POST", "/api/auth/change-password", here,
                          "{\"current_password\":\"" PASSWORD "\",\"new_password\":\"short\"}",
                          NULL);
  dc_test_assert_envelope (weak, 422);

  change = dc_test_request (server, "POST", "/api/auth/change-password", here,
                            "{\"current_password\":\"" PASSWORD "\","
                            "\"new_password\":\"a whole new secret\"}", NULL);
  g_assert_cmpuint (change->status, ==, 204);

  here_me = dc_test_request (server, "GET", "/api/auth/me", here, NULL, NULL);
  g_assert_cmpuint (here_me->status, ==, 200);
  elsewhere_me = dc_test_request (server, "GET", "/api/auth/me", elsewhere, NULL, NULL);
  dc_test_assert_envelope (elsewhere_me, 401);

  old_pw = login ("changer", PASSWORD);
  dc_test_assert_envelope (old_pw, 401);
  new_pw = login ("changer", "a whole new secret");
  g_assert_cmpuint (new_pw->status, ==, 200);
}

static void
test_rate_limit (void)
{
  const char *env[] = { "DUALCASTER_AUTH_RATE_LIMIT=3", NULL };
  g_autoptr(DcTestServer) limited = dc_test_server_new (env);
  g_autoptr(DcTestResponse) over = NULL;
  gint64 retry_after;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(DcTestResponse) r = dc_test_request (limited, "POST", "/api/auth/login", NULL,
                                                     "{\"login\":\"x\",\"password\":\"y\"}",
                                                     NULL);
      g_assert_cmpuint (r->status, ==, 401);
    }
  over = dc_test_request (limited, "POST", "/api/auth/login", NULL,
                          "{\"login\":\"x\",\"password\":\"y\"}", NULL);
  g_assert_cmpstr (dc_test_assert_envelope (over, 429), ==, "auth.rate_limited");
  retry_after = g_ascii_strtoll (soup_message_headers_get_one (over->headers, "Retry-After"),
                                 NULL, 10);
  g_assert_cmpint (retry_after, >=, 1);
  g_assert_cmpint (retry_after, <=, 60);

  /* Only auth routes are limited. */
  {
    g_autoptr(DcTestResponse) health = dc_test_request (limited, "GET", "/api/health", NULL,
                                                        NULL, NULL);
    g_assert_cmpuint (health->status, ==, 200);
  }
}

static void
test_access_log_has_no_secrets (void)
{
  g_autofree char *token = dc_test_register_user (server, "logcheck");
  g_autoptr(DcTestResponse) me = NULL;
  g_autoptr(DcTestResponse) bad = NULL;
  g_autofree char *log = NULL;

  me = dc_test_request (server, "GET", "/api/auth/me?token=leak-me-not", token, NULL, NULL);
  bad = login ("logcheck", "Secret-Password-9");
  log = dc_test_server_read_log (server);
  g_assert_nonnull (strstr (log, "/api/auth/me"));
  g_assert_null (strstr (log, token));
  g_assert_null (strstr (log, "leak-me-not"));
  g_assert_null (strstr (log, "Secret-Password-9"));
  g_assert_null (strstr (log, "battery"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  {
    const char *env[] = { "DUALCASTER_AUTH_RATE_LIMIT=1000", NULL };
    server = dc_test_server_new (env);
  }

  g_test_add_func ("/Dc/Auth/register-login-me-logout", test_register_login_me_logout);
  g_test_add_func ("/Dc/Auth/register-validation", test_register_validation);
  g_test_add_func ("/Dc/Auth/register-duplicate", test_register_duplicate);
  g_test_add_func ("/Dc/Auth/wrong-password", test_wrong_password_and_unknown_user);
  g_test_add_func ("/Dc/Auth/lockout", test_lockout_after_five_failures);
  g_test_add_func ("/Dc/Auth/revoked-token", test_revoked_token_gets_401);
  g_test_add_func ("/Dc/Auth/revoke-other-users-session",
                   test_cannot_revoke_someone_elses_session);
  g_test_add_func ("/Dc/Auth/change-password", test_change_password_revokes_other_sessions);
  g_test_add_func ("/Dc/Auth/rate-limit", test_rate_limit);
  g_test_add_func ("/Dc/Auth/access-log-no-secrets", test_access_log_has_no_secrets);

  ret = g_test_run ();
  dc_test_server_free (server);
  return ret;
}
