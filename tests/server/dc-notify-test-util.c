/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "dc-notify-test-util.h"

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
dc_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
dc_test_wait_until (gboolean (*cond) (gpointer user_data),
                    gpointer   user_data,
                    guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (user_data))
    {
      if (g_get_monotonic_time () >= deadline)
        return cond (user_data);
      dc_test_spin (20);
    }
  return TRUE;
}

/* --- WebSocket ------------------------------------------------------------------------ */

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  DcTestSocket *socket = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                  g_bytes_get_size (message), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_ptr_array_add (socket->messages,
                     json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  ((DcTestSocket *) user_data)->closed = TRUE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  DcTestSocket *socket = user_data;

  socket->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                              &socket->error);
  if (socket->connection)
    {
      g_signal_connect (socket->connection, "message", G_CALLBACK (message_cb), socket);
      g_signal_connect (socket->connection, "closed", G_CALLBACK (closed_cb), socket);
    }
  socket->done = TRUE;
}

static gboolean
done_cb (gpointer user_data)
{
  return ((DcTestSocket *) user_data)->done;
}

DcTestSocket *
dc_test_socket_connect (const char *base_url,
                        const char *token)
{
  static SoupSession *session;
  DcTestSocket *socket = g_new0 (DcTestSocket, 1);
  g_autofree char *url = g_strconcat ("ws", base_url + strlen ("http"), "/api/ws", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

  if (session == NULL)
    session = soup_session_new ();
  socket->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        connected_cb, socket);
  g_assert_true (dc_test_wait_until (done_cb, socket, 5000));
  g_assert_no_error (socket->error);
  /* The hub says "ready" once the connection is registered for events. */
  g_assert_nonnull (dc_test_socket_wait_event (socket, "ready", 5000));
  return socket;
}

typedef struct
{
  DcTestSocket *socket;
  const char   *type;
  JsonObject   *found;
} Wait;

static gboolean
find_event_cb (gpointer user_data)
{
  Wait *wait = user_data;
  DcTestSocket *socket = wait->socket;

  for (guint i = socket->seen; i < socket->messages->len; i++)
    {
      JsonObject *event = g_ptr_array_index (socket->messages, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "type", NULL),
                     wait->type) == 0)
        {
          socket->seen = i + 1;
          wait->found = event;
          return TRUE;
        }
    }
  return socket->closed;
}

JsonObject *
dc_test_socket_wait_event (DcTestSocket *socket,
                           const char   *type,
                           guint         timeout_ms)
{
  Wait wait = { socket, type, NULL };

  dc_test_wait_until (find_event_cb, &wait, timeout_ms);
  return wait.found;
}

void
dc_test_socket_free (DcTestSocket *socket)
{
  if (socket->connection)
    {
      g_signal_handlers_disconnect_by_data (socket->connection, socket);
      if (soup_websocket_connection_get_state (socket->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (socket->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (socket->connection);
    }
  g_ptr_array_unref (socket->messages);
  g_clear_error (&socket->error);
  g_free (socket);
}

/* --- fakes ---------------------------------------------------------------------------- */

DcTestFake *
dc_test_fake_start (const char *program,
                    const char *first_arg,
                    ...)
{
  DcTestFake *fake = g_new0 (DcTestFake, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *build = g_getenv ("DC_BUILD_DIR");
  guint64 port;
  va_list args;

  g_assert_nonnull (build);
  fake->record_dir = g_dir_make_tmp ("dc-fake-XXXXXX", &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, g_build_filename (build, "tests", "fakes", program, NULL));
  g_ptr_array_add (argv, g_strconcat ("--record-dir=", fake->record_dir, NULL));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  fake->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on ") ||
      !g_ascii_string_to_unsigned (line + strlen ("listening on "), 10, 1, 65535, &port, NULL))
    g_error ("%s did not start: %s", program, line ? line : "(eof)");
  fake->port = (guint16) port;
  fake->base_url = g_strdup_printf ("http://127.0.0.1:%u", fake->port);
  return fake;
}

static int
compare_numbered (gconstpointer a,
                  gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;
  gint64 nx = g_ascii_strtoll (strrchr (x, '-') + 1, NULL, 10);
  gint64 ny = g_ascii_strtoll (strrchr (y, '-') + 1, NULL, 10);

  return nx < ny ? -1 : nx > ny;
}

GPtrArray *
dc_test_fake_records (DcTestFake *fake,
                      const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (fake->record_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *start = g_strconcat (prefix, "-", NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, start) && g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_numbered);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (fake->record_dir,
                                                g_ptr_array_index (names, i), NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      g_ptr_array_add (records,
                       json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return records;
}

typedef struct
{
  DcTestFake *fake;
  const char *prefix;
  guint       count;
  guint       found;
} RecordWait;

static gboolean
records_cb (gpointer user_data)
{
  RecordWait *wait = user_data;
  g_autoptr(GPtrArray) records = dc_test_fake_records (wait->fake, wait->prefix);

  wait->found = records->len;
  return records->len >= wait->count;
}

guint
dc_test_fake_wait_records (DcTestFake *fake,
                           const char *prefix,
                           guint       count,
                           guint       timeout_ms)
{
  RecordWait wait = { fake, prefix, count, 0 };

  dc_test_wait_until (records_cb, &wait, timeout_ms);
  return wait.found;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
dc_test_fake_free (DcTestFake *fake)
{
  if (fake->process != NULL)
    {
      g_subprocess_send_signal (fake->process, SIGTERM);
      g_subprocess_wait (fake->process, NULL, NULL);
      g_object_unref (fake->process);
    }
  remove_tree (fake->record_dir);
  g_free (fake->record_dir);
  g_free (fake->base_url);
  g_free (fake);
}

/* --- the database --------------------------------------------------------------------- */

static sqlite3_stmt *
query (DcTestServer  *server,
       sqlite3      **out_db,
       const char    *sql,
       const char    *arg)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (server->db_path, out_db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (*out_db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (*out_db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    for (int i = 1; i <= sqlite3_bind_parameter_count (stmt); i++)
      sqlite3_bind_text (stmt, i, arg, -1, SQLITE_TRANSIENT);
  return stmt;
}

gint64
dc_test_db_int (DcTestServer *server,
                const char   *sql,
                const char   *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = query (server, &db, sql, arg);
  gint64 value = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
dc_test_db_text (DcTestServer *server,
                 const char   *sql,
                 const char   *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = query (server, &db, sql, arg);
  char *value = sqlite3_step (stmt) == SQLITE_ROW
                ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

gboolean
dc_test_make_certificate (const char  *dir,
                          char       **out_cert,
                          char       **out_key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (openssl == NULL)
    return FALSE;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                              "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  *out_cert = g_steal_pointer (&cert);
  *out_key = g_steal_pointer (&key);
  return TRUE;
}
