/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test-harness"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "dc-test-harness.h"

static SoupSession *
shared_session (void)
{
  static SoupSession *session;

  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 16, NULL);
  return session;
}

char *
dc_test_data_path (const char *name)
{
  const char *dir = g_getenv ("DC_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

char *
dc_test_demo_path (const char *name)
{
  const char *dir = g_getenv ("DC_DEMO_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static const char *
server_binary (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *build = g_getenv ("DC_BUILD_DIR");

      g_assert_nonnull (build);
      path = g_build_filename (build, "server", "dualcaster-server", NULL);
    }
  return path;
}

DcTestServer *
dc_test_server_prepare (const char * const *extra_env)
{
  DcTestServer *server = g_new0 (DcTestServer, 1);
  g_autoptr(GError) error = NULL;
  char **env = g_get_environ ();

  server->dir = g_dir_make_tmp ("dc-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  server->db_path = g_build_filename (server->dir, "server.db", NULL);

  env = g_environ_setenv (env, "DUALCASTER_DB", server->db_path, TRUE);
  env = g_environ_setenv (env, "DUALCASTER_LISTEN", "127.0.0.1:0", TRUE);
  /* No .env from the developer's checkout may leak into a test. */
  env = g_environ_setenv (env, "DUALCASTER_ENV_FILE", "/dev/null", TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", server->dir, TRUE);
  for (guint i = 0; extra_env && extra_env[i]; i++)
    {
      const char *eq = strchr (extra_env[i], '=');
      g_autofree char *key = NULL;

      g_assert_nonnull (eq);
      key = g_strndup (extra_env[i], eq - extra_env[i]);
      env = g_environ_setenv (env, key, eq + 1, TRUE);
    }
  server->env = env;
  server->log_path = g_build_filename (server->dir, "server.log", NULL);
  return server;
}

int
dc_test_server_run_command (DcTestServer  *server,
                            char         **out_output,
                            const char    *first_arg,
                            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) server_binary ());
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_environ (launcher, server->env);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (out_output)
    *out_output = g_steal_pointer (&output);
  else if (g_subprocess_get_exit_status (process) != 0)
    g_printerr ("%s", output);
  return g_subprocess_get_exit_status (process);
}

void
dc_test_server_start (DcTestServer *server)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { server_binary (), "serve", NULL };

  g_assert_null (server->process);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_environ (launcher, server->env);
  /* A file, not a pipe: nothing has to drain it while a test blocks on HTTP. */
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  server->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    {
      g_autofree char *err = NULL;
      g_subprocess_communicate_utf8 (server->process, NULL, NULL, NULL, &err, NULL);
      g_error ("server did not start: %s / %s", line ? line : "(eof)", err ? err : "");
    }
  g_free (server->base_url);
  server->base_url = g_strdup (line + strlen ("listening on "));
}

char *
dc_test_server_read_log (DcTestServer *server)
{
  char *contents = NULL;

  g_file_get_contents (server->log_path, &contents, NULL, NULL);
  return contents ? contents : g_strdup ("");
}

DcTestServer *
dc_test_server_new (const char * const *extra_env)
{
  DcTestServer *server = dc_test_server_prepare (extra_env);

  dc_test_server_start (server);
  return server;
}

static void
wait_process (DcTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

void
dc_test_server_stop (DcTestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  wait_process (server);
}

void
dc_test_server_kill (DcTestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_force_exit (server->process);
  wait_process (server);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
dc_test_server_free (DcTestServer *server)
{
  if (server == NULL)
    return;
  dc_test_server_stop (server);
  remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->db_path);
  g_free (server->base_url);
  g_strfreev (server->env);
  g_free (server->log_path);
  g_free (server);
}

void
dc_test_response_free (DcTestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

DcTestResponse *
dc_test_request_bytes (DcTestServer       *server,
                       const char         *method,
                       const char         *path,
                       const char         *token,
                       const char         *content_type,
                       GBytes             *body,
                       const char * const *headers)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  DcTestResponse *response = g_new0 (DcTestResponse, 1);
  SoupMessageHeaders *request_headers;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (request_headers, "Authorization", value);
    }
  for (guint i = 0; headers && headers[i] && headers[i + 1]; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  response->body = soup_session_send_and_read (shared_session (), msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  if (g_bytes_get_size (response->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *data = g_bytes_get_data (response->body, &len);

      if (json_parser_load_from_data (parser, data, len, NULL))
        response->json = json_node_copy (json_parser_get_root (parser));
    }
  return response;
}

DcTestResponse *
dc_test_request (DcTestServer *server,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *body,
                 ...)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  const char *arg;
  va_list args;

  va_start (args, body);
  for (arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (headers, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (headers, NULL);

  return dc_test_request_bytes (server, method, path, token, "application/json", bytes,
                                (const char * const *) headers->pdata);
}

JsonObject *
dc_test_response_object (DcTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

const char *
dc_test_assert_envelope (DcTestResponse *response,
                         guint           status)
{
  JsonObject *root, *error;

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
  root = dc_test_response_object (response);
  g_assert_true (json_object_has_member (root, "error"));
  error = json_object_get_object_member (root, "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member_with_default (error, "message", NULL));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (error, "details")));
  return json_object_get_string_member (error, "code");
}

char *
dc_test_register_user (DcTestServer *server,
                       const char   *username)
{
  g_autofree char *body =
    g_strdup_printf ("{\"email\":\"%s@example.com\",\"username\":\"%s\","
                     "\"password\":\"correct horse battery\"}", username, username);
  g_autoptr(DcTestResponse) response = dc_test_request (server, "POST", "/api/auth/register",
                                                        NULL, body, NULL);

  g_assert_cmpuint (response->status, ==, 201);
  return g_strdup (json_object_get_string_member (dc_test_response_object (response), "token"));
}
