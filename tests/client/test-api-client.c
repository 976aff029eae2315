/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-api-client.h"
#include "dc-client-test.h"
#include "dc-error.h"
#include "dc-test-harness.h"

/* DcApiClient against the real server. */

static DcTestServer *server;

static void
test_normalize_url (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "http://127.0.0.1:8000", "http://127.0.0.1:8000" },
    { "127.0.0.1:8000", "http://127.0.0.1:8000" },
    { "  HTTPS://Example.COM/  ", "https://example.com" },
    { "http://example.com:8443/api/", "http://example.com:8443" },
    { "localhost", "http://localhost" },
  };
  static const char *bad[] = { "", "   ", "ftp://example.com", "http://", "://x" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = dc_api_client_normalize_url (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = dc_api_client_normalize_url (bad[i], &error);

      g_assert_null (url);
      g_assert_error (error, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_URL);
    }
}

static JsonObject *
request_object (DcApiClient  *client,
                const char   *method,
                const char   *path,
                JsonNode     *body,
                GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dc_api_client_request_async (client, method, path, body, NULL, dc_client_test_result_cb,
                               &result);
  dc_client_test_wait_result (&result);
  return dc_api_client_request_finish_object (client, result, error);
}

static JsonObject *
register_user (DcApiClient *client,
               const char  *username,
               const char  *password,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *email = g_strdup_printf ("%s@example.com", username);

  dc_api_client_register_async (client, email, username, password, "test device", NULL,
                                dc_client_test_result_cb, &result);
  dc_client_test_wait_result (&result);
  return dc_api_client_request_finish_object (client, result, error);
}

static JsonObject *
login (DcApiClient *client,
       const char  *login_name,
       const char  *password,
       const char  *device,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dc_api_client_login_async (client, login_name, password, device, NULL,
                             dc_client_test_result_cb, &result);
  dc_client_test_wait_result (&result);
  return dc_api_client_request_finish_object (client, result, error);
}

static void
test_account_round_trip (void)
{
  g_autoptr(DcApiClient) client = dc_api_client_new (server->base_url);
  g_autoptr(DcApiClient) other = dc_api_client_new (server->base_url);
  g_autoptr(JsonObject) registered = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(JsonObject) sessions = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) revoked = NULL;
  g_autofree char *path = NULL;
  JsonArray *list;
  JsonObject *user;
  const char *other_session = NULL;
  gboolean saw_current = FALSE;

  registered = register_user (client, "carol", "correct horse battery", &error);
  g_assert_no_error (error);
  user = json_object_get_object_member (registered, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "carol");
  dc_api_client_set_token (client, json_object_get_string_member (registered, "token"));

  me = request_object (client, "GET", "/api/auth/me", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (me, "email"), ==, "carol@example.com");

  /* a second device signs in with the email */
  second = login (other, "carol@example.com", "correct horse battery", "laptop", &error);
  g_assert_no_error (error);
  dc_api_client_set_token (other, json_object_get_string_member (second, "token"));
  other_session = json_object_get_string_member (second, "session_id");

  sessions = request_object (client, "GET", "/api/auth/sessions", NULL, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (sessions, "sessions");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *session = json_array_get_object_element (list, i);

      if (json_object_get_boolean_member (session, "current"))
        {
          saw_current = TRUE;
          g_assert_cmpstr (json_object_get_string_member (session, "device_name"), ==,
                           "test device");
        }
    }
  g_assert_true (saw_current);

  /* revoking the other device signs it out */
  path = g_strdup_printf ("/api/auth/sessions/%s", other_session);
  dc_api_client_request_async (client, "DELETE", path, NULL, NULL, dc_client_test_result_cb,
                               &result);
  dc_client_test_wait_result (&result);
  revoked = dc_api_client_request_finish (client, result, &error);
  g_assert_no_error (error);

  after = request_object (other, "GET", "/api/auth/me", NULL, &error);
  g_assert_null (after);
  g_assert_error (error, DC_API_ERROR, DC_API_ERROR_UNAUTHORIZED);
  g_assert_false (dc_api_client_error_is_offline (error));
}

static void
test_error_envelope (void)
{
  g_autoptr(DcApiClient) client = dc_api_client_new (server->base_url);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) taken = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcTestResponse) raw = NULL;
  JsonObject *envelope;

  first = register_user (client, "dave", "correct horse battery", &error);
  g_assert_no_error (error);

  /* the message the user sees is the server's own */
  raw = dc_test_request (server, "POST", "/api/auth/login", NULL,
                         "{\"login\":\"dave\",\"password\":\"wrong password\"}", NULL);
  envelope = json_object_get_object_member (dc_test_response_object (raw), "error");

  answer = login (client, "dave", "wrong password", "test", &error);
  g_assert_null (answer);
  g_assert_error (error, DC_API_ERROR, DC_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, json_object_get_string_member (envelope, "message"));
  g_assert_cmpstr (dc_api_error_get_code (error), ==,
                   json_object_get_string_member (envelope, "code"));
  g_clear_error (&error);

  /* a validation error names its field in the details */
  taken = register_user (client, "dave", "short", &error);
  g_assert_null (taken);
  g_assert_error (error, DC_API_ERROR, DC_API_ERROR_VALIDATION);
  g_assert_nonnull (dc_api_error_get_details (error));
  g_assert_cmpstr (json_object_get_string_member (dc_api_error_get_details (error), "field"), ==,
                   "password");
}

static void
test_offline (void)
{
  g_autoptr(DcTestServer) gone = dc_test_server_new (NULL);
  g_autofree char *url = g_strdup (gone->base_url);
  g_autoptr(DcApiClient) client = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  /* nothing listens on the port of a stopped server: connection refused */
  dc_test_server_stop (gone);
  client = dc_api_client_new (url);
  answer = request_object (client, "GET", "/api/health", NULL, &error);
  g_assert_null (answer);
  g_assert_true (dc_api_client_error_is_offline (error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, url));
}

static void
test_not_json (void)
{
  g_autoptr(DcTestCatalog) catalog = dc_test_catalog_load (3, NULL);
  g_autoptr(DcTestShim) shim = dc_test_shim_new (catalog, NULL);
  g_autoptr(DcApiClient) client = dc_api_client_new (shim->base_url);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  /* the catalog is gzip, not JSON: a request that expects JSON says so */
  answer = request_object (client, "GET", "/api/cards/catalog", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_RESPONSE);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dc_client_test_init_dirs ();
  g_test_init (&argc, &argv, NULL);
  server = dc_test_server_new (NULL);

  g_test_add_func ("/Dc/ApiClient/normalize-url", test_normalize_url);
  g_test_add_func ("/Dc/ApiClient/account-round-trip", test_account_round_trip);
  g_test_add_func ("/Dc/ApiClient/error-envelope", test_error_envelope);
  g_test_add_func ("/Dc/ApiClient/offline", test_offline);
  g_test_add_func ("/Dc/ApiClient/not-json", test_not_json);

  status = g_test_run ();
  dc_test_server_free (server);
  return status;
}
