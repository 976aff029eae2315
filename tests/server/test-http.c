/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-test-harness.h"

static DcTestServer *server;

static void
test_health_and_version (void)
{
  g_autoptr(DcTestResponse) health = dc_test_request (server, "GET", "/api/health", NULL, NULL,
                                                      NULL);
  g_autoptr(DcTestResponse) version = dc_test_request (server, "GET", "/api/version", NULL,
                                                       NULL, NULL);

  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (dc_test_response_object (health), "status"),
                   ==, "ok");
  g_assert_cmpuint (version->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (dc_test_response_object (version), "version"),
                   ==, PACKAGE_VERSION);
}

static void
test_unknown_route (void)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/no-such-thing", NULL, NULL,
                                                 NULL);

  g_assert_cmpstr (dc_test_assert_envelope (r, 404), ==, "route.not_found");
}

static void
test_wrong_method (void)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "DELETE", "/api/health", NULL, NULL,
                                                 NULL);

  g_assert_cmpstr (dc_test_assert_envelope (r, 405), ==, "request.method_not_allowed");
}

static void
test_malformed_json (void)
{
  const char *bodies[] = { "{\"login\":", "not json", "", "[1,2", "{\"a\":1}}" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/auth/login", NULL,
                                                     bodies[i], NULL);
      g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "request.malformed_json");
    }
}

static void
test_json_not_an_object (void)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/auth/login", NULL,
                                                 "[\"alice\",\"pw\"]", NULL);

  dc_test_assert_envelope (r, 422);
}

static void
test_too_deep (void)
{
  g_autoptr(GString) body = g_string_new ("{\"a\":");

  for (int i = 0; i < 5000; i++)
    g_string_append_c (body, '[');
  for (int i = 0; i < 5000; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/auth/login", NULL,
                                                   body->str, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "request.too_deep");
  }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/auth/login", NULL,
                                                 "{\"login\":\"\xff\xfe\",\"password\":\"x\"}",
                                                 NULL);

  g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "request.invalid_utf8");
}

static void
test_body_too_large (void)
{
  gsize size = 1024 * 1024 + 1;
  char *data = g_malloc (size);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(DcTestResponse) r = NULL;
  g_autoptr(DcTestResponse) after = NULL;

  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  body = g_bytes_new_take (data, size);
  r = dc_test_request_bytes (server, "POST", "/api/auth/login", NULL, "application/json", body,
                             NULL);
  g_assert_cmpstr (dc_test_assert_envelope (r, 413), ==, "request.too_large");

  /* The server is still there for the next request. */
  after = dc_test_request (server, "GET", "/api/health", NULL, NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_auth_required (void)
{
  g_autoptr(DcTestResponse) none = dc_test_request (server, "GET", "/api/auth/me", NULL, NULL,
                                                    NULL);
  g_autoptr(DcTestResponse) bogus = dc_test_request (server, "GET", "/api/auth/me", "bogus",
                                                     NULL, NULL);

  g_assert_cmpstr (dc_test_assert_envelope (none, 401), ==, "auth.required");
  g_assert_cmpstr (dc_test_assert_envelope (bogus, 401), ==, "auth.invalid_token");
}

static void
test_openapi_served (void)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/openapi.json", NULL, NULL,
                                                 NULL);
  JsonObject *doc;

  g_assert_cmpuint (r->status, ==, 200);
  doc = dc_test_response_object (r);
  g_assert_cmpstr (json_object_get_string_member (doc, "openapi"), ==, "3.1.0");
  g_assert_true (json_object_has_member (json_object_get_object_member (doc, "paths"),
                                         "/api/health"));
}

static void
test_clean_shutdown (void)
{
  g_autoptr(DcTestServer) other = dc_test_server_new (NULL);
  g_autofree char *log = NULL;

  g_subprocess_send_signal (other->process, SIGINT);
  g_subprocess_wait (other->process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (other->process));
  g_assert_cmpint (g_subprocess_get_exit_status (other->process), ==, 0);
  g_clear_object (&other->process);
  log = dc_test_server_read_log (other);
  g_assert_nonnull (strstr (log, "shutting down"));
}

static void
test_listen_error (void)
{
  g_autoptr(DcTestServer) other = dc_test_server_prepare (
    (const char *[]) { "DUALCASTER_LISTEN=not-an-address", NULL });
  g_autofree char *output = NULL;
  int status = dc_test_server_run_command (other, &output, "serve", NULL);

  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (output, "DUALCASTER_LISTEN"));
}

static void
test_dotenv_file (void)
{
  g_autoptr(DcTestServer) other = dc_test_server_prepare (NULL);
  g_autofree char *env_path = g_build_filename (other->dir, "test.env", NULL);
  g_autofree char *contents = g_strdup_printf ("# comment\nDUALCASTER_LISTEN=\"127.0.0.1:0\"\n"
                                               "DUALCASTER_DB=%s/from-dotenv.db\n", other->dir);
  g_autofree char *db = g_build_filename (other->dir, "from-dotenv.db", NULL);
  g_autofree char *output = NULL;

  g_assert_true (g_file_set_contents (env_path, contents, -1, NULL));
  other->env = g_environ_setenv (other->env, "DUALCASTER_ENV_FILE", env_path, TRUE);
  other->env = g_environ_unsetenv (other->env, "DUALCASTER_DB");
  g_assert_cmpint (dc_test_server_run_command (other, &output, "migrate", NULL), ==, 0);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  server = dc_test_server_new (NULL);

  g_test_add_func ("/Dc/Http/health-and-version", test_health_and_version);
  g_test_add_func ("/Dc/Http/unknown-route", test_unknown_route);
  g_test_add_func ("/Dc/Http/wrong-method", test_wrong_method);
  g_test_add_func ("/Dc/Http/malformed-json", test_malformed_json);
  g_test_add_func ("/Dc/Http/json-not-object", test_json_not_an_object);
  g_test_add_func ("/Dc/Http/too-deep", test_too_deep);
  g_test_add_func ("/Dc/Http/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/Dc/Http/body-too-large", test_body_too_large);
  g_test_add_func ("/Dc/Http/auth-required", test_auth_required);
  g_test_add_func ("/Dc/Http/openapi-served", test_openapi_served);
  g_test_add_func ("/Dc/Http/clean-shutdown", test_clean_shutdown);
  g_test_add_func ("/Dc/Http/listen-error", test_listen_error);
  g_test_add_func ("/Dc/Http/dotenv", test_dotenv_file);

  ret = g_test_run ();
  dc_test_server_free (server);
  return ret;
}
