/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A local SMTP sink for tests (DESIGN §14): enough of RFC 5321 for a real client — EHLO,
 * STARTTLS (RFC 3207, through GTlsServerConnection), AUTH PLAIN and LOGIN (RFC 4954), MAIL,
 * RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT — recording every accepted message as
 * message-N.json in --record-dir, with the conversation (credentials masked) and whether
 * TLS was up when AUTH happened.
 *
 *   fake-smtp --record-dir DIR [--cert PEM --key PEM] [--require-tls]
 *             [--user NAME --password SECRET]
 *
 * Prints "listening on PORT" on stdout, then serves 127.0.0.1:PORT until SIGTERM.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

static char *record_dir;
static char *cert_file;
static char *key_file;
static char *user;
static char *password;
static gboolean require_tls;
static GTlsCertificate *certificate;
static gint message_counter;

typedef struct
{
  GIOStream        *stream;   /* the socket, later the TLS connection over it */
  GDataInputStream *in;
  GOutputStream    *out;
  gboolean          tls;
  gboolean          authenticated;
  char             *auth_user;
  char             *auth_mechanism;
  gboolean          auth_after_starttls;
  gboolean          starttls_used;
  char             *ehlo;
  char             *mail_from;
  GPtrArray        *rcpt_to;
  GPtrArray        *commands;
} Session;

static gboolean
reply (Session    *session,
       const char *text)
{
  g_autofree char *line = g_strconcat (text, "\r\n", NULL);

  return g_output_stream_write_all (session->out, line, strlen (line), NULL, NULL, NULL);
}

static char *
read_line (Session *session)
{
  g_autoptr(GError) error = NULL;
  gsize length;

  return g_data_input_stream_read_line (session->in, &length, NULL, &error);
}

static void
set_streams (Session   *session,
             GIOStream *stream)
{
  g_clear_object (&session->in);
  session->stream = stream;
  session->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_data_input_stream_set_newline_type (session->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (session->in), FALSE);
  session->out = g_io_stream_get_output_stream (stream);
}

static void
reset_envelope (Session *session)
{
  g_clear_pointer (&session->mail_from, g_free);
  g_ptr_array_set_size (session->rcpt_to, 0);
}

/* "<a@b> SIZE=10" → "a@b". */
static char *
path_argument (const char *text)
{
  const char *open = strchr (text, '<');
  const char *close = open ? strchr (open, '>') : NULL;

  if (open == NULL || close == NULL)
    return NULL;
  return g_strndup (open + 1, close - open - 1);
}

static gboolean
check_credentials (Session    *session,
                   const char *name,
                   const char *secret,
                   const char *mechanism)
{
  gboolean ok = user != NULL && g_strcmp0 (name, user) == 0 && g_strcmp0 (secret, password) == 0;

  if (ok)
    {
      session->authenticated = TRUE;
      g_free (session->auth_user);
      session->auth_user = g_strdup (name);
      g_free (session->auth_mechanism);
      session->auth_mechanism = g_strdup (mechanism);
      session->auth_after_starttls = session->tls && session->starttls_used;
      reply (session, "235 2.7.0 Authentication successful");
    }
  else
    reply (session, "535 5.7.8 Authentication credentials invalid");
  return ok;
}

static char *
decode_b64_text (const char *text)
{
  gsize length = 0;
  g_autofree guchar *raw = g_base64_decode (text, &length);

  return g_strndup ((const char *) raw, length);
}

static void
auth_plain (Session    *session,
            const char *initial)
{
  g_autofree char *line = NULL;
  g_autofree guchar *raw = NULL;
  gsize length = 0;
  const char *authcid, *passwd;

  if (initial == NULL)
    {
      reply (session, "334 ");
      initial = line = read_line (session);
      if (initial == NULL)
        return;
    }
  raw = g_base64_decode (initial, &length);
  /* authzid NUL authcid NUL passwd */
  authcid = memchr (raw, '\0', length);
  if (authcid == NULL)
    {
      reply (session, "501 5.5.2 Cannot decode the response");
      return;
    }
  authcid++;
  passwd = memchr (authcid, '\0', length - ((const guchar *) authcid - raw));
  if (passwd == NULL)
    {
      reply (session, "501 5.5.2 Cannot decode the response");
      return;
    }
  {
    g_autofree char *name = g_strndup (authcid, passwd - authcid);
    g_autofree char *secret = g_strndup (passwd + 1, length - ((const guchar *) passwd + 1 - raw));

    check_credentials (session, name, secret, "PLAIN");
  }
}

static void
auth_login (Session    *session,
            const char *initial)
{
  g_autofree char *user_line = NULL;
  g_autofree char *pass_line = NULL;
  g_autofree char *name = NULL;
  g_autofree char *secret = NULL;

  if (initial == NULL)
    {
      reply (session, "334 VXNlcm5hbWU6"); /* "Username:" */
      initial = user_line = read_line (session);
      if (initial == NULL)
        return;
    }
  name = decode_b64_text (initial);
  reply (session, "334 UGFzc3dvcmQ6");     /* "Password:" */
  pass_line = read_line (session);
  if (pass_line == NULL)
    return;
  secret = decode_b64_text (pass_line);
  check_credentials (session, name, secret, "LOGIN");
}

static gboolean
start_tls (Session *session)
{
  g_autoptr(GError) error = NULL;
  GIOStream *base = session->stream;
  GIOStream *tls;

  reply (session, "220 2.0.0 Ready to start TLS");
  tls = g_tls_server_connection_new (session->stream, certificate, &error);
  if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error))
    {
      g_printerr ("fake-smtp: TLS handshake failed: %s\n", error->message);
      g_clear_object (&tls);
      return FALSE;
    }
  set_streams (session, tls);
  /* The TLS connection holds the socket now. */
  g_object_unref (base);
  session->tls = TRUE;
  session->starttls_used = TRUE;
  /* RFC 3207: everything learnt before the upgrade is forgotten. */
  session->authenticated = FALSE;
  g_clear_pointer (&session->ehlo, g_free);
  reset_envelope (session);
  return TRUE;
}

static void
save_message (Session    *session,
              const char *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  int n = g_atomic_int_add (&message_counter, 1) + 1;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ehlo");
  json_builder_add_string_value (builder, session->ehlo);
  json_builder_set_member_name (builder, "tls");
  json_builder_add_boolean_value (builder, session->tls);
  json_builder_set_member_name (builder, "auth_user");
  json_builder_add_string_value (builder, session->auth_user);
  json_builder_set_member_name (builder, "auth_mechanism");
  json_builder_add_string_value (builder, session->auth_mechanism);
  json_builder_set_member_name (builder, "auth_after_starttls");
  json_builder_add_boolean_value (builder, session->auth_after_starttls);
  json_builder_set_member_name (builder, "mail_from");
  json_builder_add_string_value (builder, session->mail_from);
  json_builder_set_member_name (builder, "rcpt_to");
  json_builder_begin_array (builder);
  for (guint i = 0; i < session->rcpt_to->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (session->rcpt_to, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "commands");
  json_builder_begin_array (builder);
  for (guint i = 0; i < session->commands->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (session->commands, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_add_string_value (builder, data);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  name = g_strdup_printf ("message-%d.json", n);
  path = g_build_filename (record_dir, name, NULL);
  /* Written under another name and renamed, so a reader never sees half a file. */
  tmp = g_strconcat (path, ".tmp", NULL);
  if (!g_file_set_contents (tmp, text, -1, NULL) || g_rename (tmp, path) != 0)
    g_printerr ("fake-smtp: cannot write %s\n", path);
}

static void
read_data (Session *session)
{
  g_autoptr(GString) data = g_string_new (NULL);
  char *line;

  reply (session, "354 End data with <CR><LF>.<CR><LF>");
  while ((line = read_line (session)) != NULL)
    {
      if (g_str_equal (line, "."))
        {
          g_free (line);
          save_message (session, data->str);
          reply (session, "250 2.0.0 OK queued");
          reset_envelope (session);
          return;
        }
      /* RFC 5321 §4.5.2: a leading dot was doubled by the client. */
      g_string_append (data, line[0] == '.' ? line + 1 : line);
      g_string_append (data, "\r\n");
      g_free (line);
    }
}

static void
log_command (Session    *session,
             const char *line)
{
  /* Credentials never reach the record. */
  if (g_ascii_strncasecmp (line, "AUTH ", 5) == 0)
    {
      g_auto(GStrv) words = g_strsplit (line, " ", 3);

      g_ptr_array_add (session->commands, g_strdup_printf ("AUTH %s%s", words[1],
                                                           words[2] ? " ****" : ""));
    }
  else
    g_ptr_array_add (session->commands, g_strdup (line));
}

static void
ehlo (Session    *session,
      const char *argument)
{
  g_autoptr(GString) answer = g_string_new (NULL);

  g_free (session->ehlo);
  session->ehlo = g_strdup (argument);
  reset_envelope (session);
  g_string_append_printf (answer, "250-fake-smtp greets %s\r\n", argument);
  if (!session->tls && certificate != NULL)
    g_string_append (answer, "250-STARTTLS\r\n");
  if (user != NULL && (session->tls || !require_tls))
    g_string_append (answer, "250-AUTH PLAIN LOGIN\r\n");
  g_string_append (answer, "250 8BITMIME");
  reply (session, answer->str);
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  Session session = { 0 };
  char *line;

  session.rcpt_to = g_ptr_array_new_with_free_func (g_free);
  session.commands = g_ptr_array_new_with_free_func (g_free);
  set_streams (&session, G_IO_STREAM (g_object_ref (connection)));
  reply (&session, "220 fake-smtp ESMTP ready");

  while ((line = read_line (&session)) != NULL)
    {
      g_autofree char *owned = line;
      g_autofree char *upper = g_ascii_strup (line, -1);
      const char *space = strchr (line, ' ');
      const char *argument = space ? space + 1 : "";

      log_command (&session, line);
      if (g_str_has_prefix (upper, "EHLO") || g_str_has_prefix (upper, "HELO"))
        ehlo (&session, argument);
      else if (g_str_equal (upper, "STARTTLS"))
        {
          if (session.tls || certificate == NULL)
            reply (&session, "454 4.7.0 TLS not available");
          else if (!start_tls (&session))
            break;
        }
      else if (g_str_has_prefix (upper, "AUTH "))
        {
          g_auto(GStrv) words = g_strsplit (argument, " ", 2);
          g_autofree char *mechanism = g_ascii_strup (words[0] ? words[0] : "", -1);

          if (require_tls && !session.tls)
            reply (&session, "530 5.7.0 Must issue a STARTTLS command first");
          else if (user == NULL)
            reply (&session, "503 5.5.1 AUTH not advertised");
          else if (g_str_equal (mechanism, "PLAIN"))
            auth_plain (&session, words[0] ? words[1] : NULL);
          else if (g_str_equal (mechanism, "LOGIN"))
            auth_login (&session, words[0] ? words[1] : NULL);
          else
            reply (&session, "504 5.5.4 Unrecognized authentication type");
        }
      else if (g_str_has_prefix (upper, "MAIL FROM:"))
        {
          if (require_tls && !session.tls)
            reply (&session, "530 5.7.0 Must issue a STARTTLS command first");
          else if (user != NULL && !session.authenticated)
            reply (&session, "530 5.7.0 Authentication required");
          else if ((session.mail_from = path_argument (line + 10)) == NULL)
            reply (&session, "501 5.5.4 Syntax: MAIL FROM:<address>");
          else
            reply (&session, "250 2.1.0 OK");
        }
      else if (g_str_has_prefix (upper, "RCPT TO:"))
        {
          char *path = path_argument (line + 8);

          if (session.mail_from == NULL)
            {
              g_free (path);
              reply (&session, "503 5.5.1 MAIL first");
            }
          else if (path == NULL)
            reply (&session, "501 5.5.4 Syntax: RCPT TO:<address>");
          else
            {
              g_ptr_array_add (session.rcpt_to, path);
              reply (&session, "250 2.1.5 OK");
            }
        }
      else if (g_str_equal (upper, "DATA"))
        {
          if (session.rcpt_to->len == 0)
            reply (&session, "503 5.5.1 RCPT first");
          else
            read_data (&session);
        }
      else if (g_str_equal (upper, "RSET"))
        {
          reset_envelope (&session);
          reply (&session, "250 2.0.0 OK");
        }
      else if (g_str_equal (upper, "NOOP"))
        reply (&session, "250 2.0.0 OK");
      else if (g_str_equal (upper, "QUIT"))
        {
          reply (&session, "221 2.0.0 Bye");
          break;
        }
      else
        reply (&session, "502 5.5.2 Command not implemented");
    }

  g_io_stream_close (session.stream, NULL, NULL);
  g_clear_object (&session.in);
  g_object_unref (session.stream);
  g_ptr_array_unref (session.rcpt_to);
  g_ptr_array_unref (session.commands);
  g_free (session.auth_user);
  g_free (session.auth_mechanism);
  g_free (session.ehlo);
  g_free (session.mail_from);
  return TRUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- a local SMTP sink for tests");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GOptionEntry entries[] = {
    { "record-dir", 0, 0, G_OPTION_ARG_FILENAME, &record_dir, "Where messages go", "DIR" },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_file, "PEM certificate (enables STARTTLS)",
      "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, "PEM private key", "FILE" },
    { "require-tls", 0, 0, G_OPTION_ARG_NONE, &require_tls, "Refuse AUTH and MAIL before TLS",
      NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "Require AUTH as this user", "NAME" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, "… with this password", "SECRET" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || record_dir == NULL)
    {
      g_printerr ("fake-smtp: %s\n", error ? error->message : "--record-dir is required");
      return 2;
    }
  if (cert_file != NULL)
    {
      certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
      if (certificate == NULL)
        {
          g_printerr ("fake-smtp: %s\n", error->message);
          return 1;
        }
    }

  service = g_threaded_socket_service_new (8);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, &error))
    {
      g_printerr ("fake-smtp: %s\n", error->message);
      return 1;
    }
  g_signal_connect (service, "run", G_CALLBACK (run_cb), NULL);
  g_socket_service_start (service);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  printf ("listening on %u\n",
          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  fflush (stdout);
  g_main_loop_run (loop);
  g_socket_service_stop (service);
  return 0;
}
