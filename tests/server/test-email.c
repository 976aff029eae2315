/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dc-notify-test-util.h"

/*
 * Email through each EMAIL_PROVIDER against local stand-ins (tests/fakes/): the console,
 * SMTP with STARTTLS and AUTH against the SMTP sink, Resend and SendGrid against fakes of
 * their HTTP APIs; retries after failures (DUALCASTER_EMAIL_RETRY_DELAYS=0,1,2 seconds
 * instead of 0,300,900), quiet hours, the daily cap and the preferences. Notifications are
 * made with the `notify` command in its own process, as a price import would; the running
 * server's outbox worker sends them.
 */

#define FROM_ADDRESS "alerts@dualcaster.test"
#define RESEND_KEY "re_test_5b1f2c"
#define SENDGRID_KEY "SG.test.4d9e7a"
#define SMTP_USER "mailer"
#define SMTP_PASSWORD "s3cret-smtp-pass"

static DcTestServer *
start_server (const char * const *extra)
{
  g_autoptr(GPtrArray) env = g_ptr_array_new ();

  g_ptr_array_add (env, (gpointer) "DUALCASTER_AUTH_RATE_LIMIT=1000");
  g_ptr_array_add (env, (gpointer) "DUALCASTER_NOTIFY_POLL_MS=100");
  g_ptr_array_add (env, (gpointer) "DUALCASTER_EMAIL_RETRY_DELAYS=0,1,2");
  g_ptr_array_add (env, (gpointer) "EMAIL_FROM_ADDRESS=" FROM_ADDRESS);
  g_ptr_array_add (env, (gpointer) "EMAIL_FROM_NAME=Dualcaster Deals");
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (env, (gpointer) extra[i]);
  g_ptr_array_add (env, NULL);
  return dc_test_server_new ((const char * const *) env->pdata);
}

static char *
notify (DcTestServer *server,
        const char   *kind,
        const char   *username,
        const char   *title,
        const char   *body)
{
  g_autofree char *output = NULL;
  g_autofree char *kind_arg = g_strconcat ("--kind=", kind, NULL);
  const char *id;

  g_assert_cmpint (dc_test_server_run_command (server, &output, "notify", kind_arg, username,
                                               title, body, NULL), ==, 0);
  id = strstr (output, "notification ");
  g_assert_nonnull (id);
  return g_strndup (id + strlen ("notification "), 36);
}

static void
put_preferences (DcTestServer *server,
                 const char   *token,
                 const char   *json)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "PUT", "/api/settings/notifications",
                                                 token, json, NULL);

  g_assert_cmpuint (r->status, ==, 200);
}

typedef struct
{
  DcTestServer *server;
  const char   *notification_id;
  const char   *status;
} OutboxWait;

static gboolean
outbox_status_cb (gpointer user_data)
{
  OutboxWait *wait = user_data;
  g_autofree char *status = dc_test_db_text (wait->server,
                                             "SELECT status FROM email_outbox"
                                             " WHERE notification_id = ?",
                                             wait->notification_id);

  return g_strcmp0 (status, wait->status) == 0;
}

/* Waits for the outbox row of @notification_id to reach @status. */
static void
assert_outbox_status (DcTestServer *server,
                      const char   *notification_id,
                      const char   *status,
                      guint         timeout_ms)
{
  OutboxWait wait = { server, notification_id, status };

  if (!dc_test_wait_until (outbox_status_cb, &wait, timeout_ms))
    {
      g_autofree char *actual = dc_test_db_text (server,
                                                 "SELECT status FROM email_outbox"
                                                 " WHERE notification_id = ?", notification_id);
      g_error ("email for %s is %s, not %s", notification_id, actual ? actual : "(no row)",
               status);
    }
}

static gint64
outbox_int (DcTestServer *server,
            const char   *column_sql,
            const char   *notification_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM email_outbox WHERE notification_id = ?",
                                          column_sql);

  return dc_test_db_int (server, sql, notification_id);
}

static char *
outbox_text (DcTestServer *server,
             const char   *column_sql,
             const char   *notification_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM email_outbox WHERE notification_id = ?",
                                          column_sql);

  return dc_test_db_text (server, sql, notification_id);
}

/* --- the console ---------------------------------------------------------------------- */

typedef struct
{
  DcTestServer *server;
  const char   *needle;
} LogWait;

static gboolean
log_has_cb (gpointer user_data)
{
  LogWait *wait = user_data;
  g_autofree char *log = dc_test_server_read_log (wait->server);

  return strstr (log, wait->needle) != NULL;
}

static void
test_console (void)
{
  g_autoptr(DcTestServer) server = start_server (NULL);
  g_autofree char *token = dc_test_register_user (server, "consuela");
  g_autofree char *id = notify (server, "system", "consuela", "Console check",
                                "This stays on the machine.");
  g_autofree char *log = NULL;
  LogWait wait = { server,
                   "email (console) to <consuela@example.com>, subject “Console check”" };

  g_assert_true (dc_test_wait_until (log_has_cb, &wait, 5000));
  assert_outbox_status (server, id, "sent", 5000);
  log = dc_test_server_read_log (server);
  g_assert_nonnull (strstr (log, "This stays on the machine."));
  g_assert_nonnull (strstr (log, "email goes through the console"));
  /* Never a secret: neither the password nor the bearer token. */
  g_assert_null (strstr (log, "correct horse battery"));
  g_assert_null (strstr (log, token));
}

/* A provider that cannot work says so once, clearly; the server runs on and the mail waits. */
static void
test_misconfigured (void)
{
  static const struct { const char *env[3]; const char *line; } cases[] = {
    { { "EMAIL_PROVIDER=smtp", NULL }, "email is disabled: EMAIL_PROVIDER=smtp needs SMTP_HOST" },
    { { "EMAIL_PROVIDER=resend", NULL }, "email is disabled: EMAIL_PROVIDER=resend needs "
                                         "RESEND_API_KEY" },
    { { "EMAIL_PROVIDER=sendgrid", "SENDGRID_API_KEY=SG.x", NULL },
      NULL /* complete: from the start line below */ },
    { { "EMAIL_PROVIDER=mailgun", NULL },
      "email is disabled: EMAIL_PROVIDER “mailgun” is not one of smtp, resend, sendgrid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DcTestServer) server = start_server (cases[i].env);
      g_autofree char *token = dc_test_register_user (server, "misconf");
      g_autofree char *id = notify (server, "system", "misconf", "Still here", "");
      g_autofree char *log = NULL;
      g_autoptr(DcTestResponse) r = NULL;

      dc_test_spin (300);
      log = dc_test_server_read_log (server);
      if (cases[i].line == NULL)
        {
          /* EMAIL_FROM_ADDRESS is set by start_server: SendGrid is complete here. */
          g_assert_nonnull (strstr (log,
                                    "email goes through sendgrid at https://api.sendgrid.com"));
          continue;
        }
      g_assert_nonnull (strstr (log, cases[i].line));
      /* The notification itself is there, and its mail waits for a working provider. */
      r = dc_test_request (server, "GET", "/api/notifications", token, NULL, NULL);
      g_assert_cmpuint (r->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                          dc_test_response_object (r), "notifications")), ==, 1);
      assert_outbox_status (server, id, "pending", 1000);
    }
}

/* --- SMTP ----------------------------------------------------------------------------- */

static char *
header_value (const char *message,
              const char *name)
{
  g_autofree char *needle = g_strdup_printf ("\r\n%s: ", name);
  g_autofree char *head = g_strconcat ("\r\n", message, NULL);
  const char *start = strstr (head, needle);
  const char *end;
  GString *value = g_string_new (NULL);

  g_assert_nonnull (start);
  start += strlen (needle);
  /* Unfold: a CRLF followed by a space continues the header. */
  while ((end = strstr (start, "\r\n")) != NULL)
    {
      g_string_append_len (value, start, end - start);
      if (end[2] != ' ' && end[2] != '\t')
        break;
      start = end + 3;
    }
  return g_string_free (value, FALSE);
}

/* "=?UTF-8?B?…?==?UTF-8?B?…?=" → UTF-8 text (RFC 2047, as the server writes it). */
static char *
decode_words (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;

  if (strstr (value, "=?") == NULL)
    return g_strdup (value);
  while ((p = strstr (p, "=?UTF-8?B?")) != NULL)
    {
      const char *end = strstr (p + 10, "?=");
      g_autofree char *b64 = g_strndup (p + 10, end - p - 10);
      gsize length;
      g_autofree guchar *raw = g_base64_decode (b64, &length);

      g_string_append_len (out, (const char *) raw, length);
      p = end + 2;
    }
  return g_string_free (out, FALSE);
}

/* The decoded body of the part of type @type. */
static char *
part_body (const char *message,
           const char *type)
{
  g_autofree char *needle = g_strdup_printf ("Content-Type: %s; charset=utf-8\r\n"
                                             "Content-Transfer-Encoding: base64\r\n\r\n", type);
  const char *start = strstr (message, needle);
  const char *end;
  g_autofree char *b64 = NULL;
  g_autofree guchar *raw = NULL;
  gsize length;

  g_assert_nonnull (start);
  start += strlen (needle);
  end = strstr (start, "\r\n--");
  b64 = end ? g_strndup (start, end - start) : g_strdup (start);
  raw = g_base64_decode (b64, &length);
  return g_strndup ((const char *) raw, length);
}

static void
test_smtp_starttls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dc-cert-XXXXXX", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(DcTestFake) sink = NULL;
  g_autoptr(DcTestServer) server = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *port = NULL;
  g_autofree char *port_env = NULL;
  g_autofree char *ca_env = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *log = NULL;
  g_autofree char *cert_arg = NULL;
  g_autofree char *key_arg = NULL;
  const char *title = "Ça coûte 2,50 € — Lim-Dûl’s Vault is at your target price";
  JsonObject *message;
  JsonArray *commands;
  const char *data;
  int starttls = -1, auth = -1, mail = -1;

  if (!dc_test_make_certificate (dir, &cert, &key))
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  cert_arg = g_strconcat ("--cert=", cert, NULL);
  key_arg = g_strconcat ("--key=", key, NULL);
  sink = dc_test_fake_start ("fake-smtp", cert_arg, key_arg, "--require-tls",
                             "--user=" SMTP_USER, "--password=" SMTP_PASSWORD, NULL);
  port_env = g_strdup_printf ("SMTP_PORT=%u", sink->port);
  ca_env = g_strconcat ("SMTP_CA_FILE=", cert, NULL);
  server = start_server ((const char *[]) { "EMAIL_PROVIDER=smtp", "SMTP_HOST=127.0.0.1",
                                            port_env, "SMTP_USER=" SMTP_USER,
                                            "SMTP_PASSWORD=" SMTP_PASSWORD, "SMTP_USE_TLS=true",
                                            ca_env, NULL });
  token = dc_test_register_user (server, "smitty");
  /* A line that starts with a dot must survive SMTP's dot-stuffing. */
  id = notify (server, "price_alert", "smitty", title,
               "The cheapest printing is $2.50.\n.dotted line\nEnd.");

  g_assert_cmpuint (dc_test_fake_wait_records (sink, "message", 1, 10000), ==, 1);
  assert_outbox_status (server, id, "sent", 5000);
  messages = dc_test_fake_records (sink, "message");
  message = g_ptr_array_index (messages, 0);

  /* The envelope, and TLS up before AUTH. */
  g_assert_cmpstr (json_object_get_string_member (message, "mail_from"), ==, FROM_ADDRESS);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (message, "rcpt_to")),
                    ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (message,
                                                                                "rcpt_to"), 0),
                   ==, "smitty@example.com");
  g_assert_true (json_object_get_boolean_member (message, "tls"));
  g_assert_cmpstr (json_object_get_string_member (message, "auth_user"), ==, SMTP_USER);
  g_assert_true (json_object_get_boolean_member (message, "auth_after_starttls"));
  commands = json_object_get_array_member (message, "commands");
  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      const char *command = json_array_get_string_element (commands, i);

      if (g_ascii_strcasecmp (command, "STARTTLS") == 0 && starttls < 0)
        starttls = i;
      else if (g_ascii_strncasecmp (command, "AUTH ", 5) == 0 && auth < 0)
        auth = i;
      else if (g_ascii_strncasecmp (command, "MAIL FROM:", 10) == 0 && mail < 0)
        mail = i;
    }
  g_assert_cmpint (starttls, >=, 0);
  g_assert_cmpint (auth, >, starttls);
  g_assert_cmpint (mail, >, auth);

  /* The message itself. */
  data = json_object_get_string_member (message, "data");
  from = header_value (data, "From");
  to = header_value (data, "To");
  subject = decode_words (header_value (data, "Subject"));
  g_assert_cmpstr (from, ==, "Dualcaster Deals <" FROM_ADDRESS ">");
  g_assert_cmpstr (to, ==, "<smitty@example.com>");
  g_assert_cmpstr (subject, ==, title);
  g_assert_nonnull (strstr (data, "\r\nMessage-ID: <"));
  text = part_body (data, "text/plain");
  g_assert_nonnull (strstr (text, "Hi smitty,"));
  g_assert_nonnull (strstr (text, "The cheapest printing is $2.50.\n.dotted line\nEnd."));
  html = part_body (data, "text/html");
  g_assert_nonnull (strstr (html, "Lim-Dûl’s Vault"));
  g_assert_nonnull (strstr (html, ".dotted line"));
  {
    g_autofree char *provider_id = outbox_text (server, "provider_id", id);
    g_assert_nonnull (provider_id);
    g_assert_nonnull (strstr (data, provider_id));
  }

  /* Neither the SMTP password nor the AUTH exchange reach the logs. */
  log = dc_test_server_read_log (server);
  g_assert_nonnull (strstr (log, "email goes through smtp to 127.0.0.1"));
  g_assert_null (strstr (log, SMTP_PASSWORD));
  g_assert_null (strstr (json_object_get_string_member (message, "data"), SMTP_PASSWORD));
}

/* A wrong password: attempts are retried per the schedule, then the row says why. */
static void
test_smtp_auth_failure (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dc-cert-XXXXXX", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(DcTestFake) sink = NULL;
  g_autoptr(DcTestServer) server = NULL;
  g_autofree char *port_env = NULL;
  g_autofree char *ca_env = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *last_error = NULL;
  g_autofree char *cert_arg = NULL;
  g_autofree char *key_arg = NULL;

  if (!dc_test_make_certificate (dir, &cert, &key))
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  cert_arg = g_strconcat ("--cert=", cert, NULL);
  key_arg = g_strconcat ("--key=", key, NULL);
  sink = dc_test_fake_start ("fake-smtp", cert_arg, key_arg, "--require-tls",
                             "--user=" SMTP_USER, "--password=" SMTP_PASSWORD, NULL);
  port_env = g_strdup_printf ("SMTP_PORT=%u", sink->port);
  ca_env = g_strconcat ("SMTP_CA_FILE=", cert, NULL);
  server = start_server ((const char *[]) { "EMAIL_PROVIDER=smtp", "SMTP_HOST=127.0.0.1",
                                            port_env, "SMTP_USER=" SMTP_USER,
                                            "SMTP_PASSWORD=not-the-password", ca_env, NULL });
  token = dc_test_register_user (server, "wrongpass");
  id = notify (server, "system", "wrongpass", "Will not arrive", "");
  assert_outbox_status (server, id, "failed", 15000);
  g_assert_cmpint (outbox_int (server, "attempts", id), ==, 4);
  last_error = outbox_text (server, "last_error", id);
  g_assert_nonnull (strstr (last_error, "SMTP"));
  g_assert_cmpuint (dc_test_fake_wait_records (sink, "message", 1, 0), ==, 0);
}

/* --- Resend --------------------------------------------------------------------------- */

static DcTestFake *resend;
static DcTestServer *resend_server;

static void
fake_fail (DcTestFake *fake,
           int         count)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/_fake/fail?count=%d&status=500", fake->base_url,
                                          count);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static guint
record_count (DcTestFake *fake)
{
  g_autoptr(GPtrArray) records = dc_test_fake_records (fake, "request");

  return records->len;
}

static JsonObject *
record_at (DcTestFake *fake,
           guint       index)
{
  g_autoptr(GPtrArray) records = dc_test_fake_records (fake, "request");

  g_assert_cmpuint (index, <, records->len);
  return json_object_ref (g_ptr_array_index (records, index));
}

static void
test_resend (void)
{
  g_autofree char *token = dc_test_register_user (resend_server, "rosa");
  guint before = record_count (resend);
  g_autofree char *id = notify (resend_server, "trade_match", "rosa",
                                "New trade match with @bob (82%)",
                                "You and @bob each have cards the other wants.");
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *provider_id = NULL;
  JsonObject *body;
  JsonArray *to;

  g_assert_cmpuint (dc_test_fake_wait_records (resend, "request", before + 1, 5000), ==,
                    before + 1);
  assert_outbox_status (resend_server, id, "sent", 5000);
  request = record_at (resend, before);
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, "/emails");
  g_assert_cmpstr (json_object_get_string_member (request, "authorization"), ==,
                   "Bearer " RESEND_KEY);
  g_assert_cmpstr (json_object_get_string_member (request, "content_type"), ==,
                   "application/json");
  g_assert_cmpint (json_object_get_int_member (request, "status"), ==, 200);
  body = json_object_get_object_member (request, "body");
  g_assert_cmpstr (json_object_get_string_member (body, "from"), ==,
                   "Dualcaster Deals <" FROM_ADDRESS ">");
  to = json_object_get_array_member (body, "to");
  g_assert_cmpuint (json_array_get_length (to), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (to, 0), ==, "rosa@example.com");
  g_assert_cmpstr (json_object_get_string_member (body, "subject"), ==,
                   "New trade match with @bob (82%)");
  g_assert_nonnull (strstr (json_object_get_string_member (body, "text"),
                            "You and @bob each have cards the other wants."));
  g_assert_nonnull (strstr (json_object_get_string_member (body, "html"),
                            "<h2>New trade match with @bob (82%)</h2>"));
  g_assert_nonnull (json_object_get_string_member (request, "idempotency_key"));
  /* The id Resend gave is kept with the row. */
  provider_id = outbox_text (resend_server, "provider_id", id);
  g_assert_true (g_uuid_string_is_valid (provider_id));
}

static void
test_retry_then_success (void)
{
  g_autofree char *token = dc_test_register_user (resend_server, "retry");
  guint before = record_count (resend);
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  fake_fail (resend, 1);
  id = notify (resend_server, "system", "retry", "Second time lucky", "");
  g_assert_cmpuint (dc_test_fake_wait_records (resend, "request", before + 2, 5000), ==,
                    before + 2);
  assert_outbox_status (resend_server, id, "sent", 5000);
  first = record_at (resend, before);
  second = record_at (resend, before + 1);
  g_assert_cmpint (json_object_get_int_member (first, "status"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (second, "status"), ==, 200);
  /* Both attempts are the same message under the same idempotency key. */
  g_assert_cmpstr (json_object_get_string_member (first, "idempotency_key"), ==,
                   json_object_get_string_member (second, "idempotency_key"));
  g_assert_cmpint (outbox_int (resend_server, "attempts", id), ==, 2);
}

static void
test_retry_schedule_then_failed (void)
{
  g_autofree char *token = dc_test_register_user (resend_server, "doomed");
  guint before = record_count (resend);
  g_autofree char *id = NULL;
  g_autofree char *last_error = NULL;
  gint64 started = g_get_monotonic_time ();
  double seconds;

  fake_fail (resend, -1);
  id = notify (resend_server, "system", "doomed", "Never delivered", "");
  /* Attempt 1, then retries after 0, 1 and 2 seconds: four in all, then failed. */
  assert_outbox_status (resend_server, id, "failed", 15000);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_assert_cmpfloat (seconds, >=, 3.0);
  g_assert_cmpint (outbox_int (resend_server, "attempts", id), ==, 4);
  last_error = outbox_text (resend_server, "last_error", id);
  g_assert_nonnull (strstr (last_error, "Resend answered HTTP 500"));
  dc_test_spin (1500);
  g_assert_cmpuint (record_count (resend), ==, before + 4);
  fake_fail (resend, 0);
}

/* Quiet hours (in the user's zone) hold the mail, not drop it; it goes when they end — here,
 * when the user turns them off. */
static void
test_quiet_hours (void)
{
  g_autofree char *token = dc_test_register_user (resend_server, "owl");
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) hour = g_date_time_new (tz, g_date_time_get_year (now),
                                               g_date_time_get_month (now),
                                               g_date_time_get_day_of_month (now),
                                               g_date_time_get_hour (now), 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_hours (hour, 1);
  g_autofree char *prefs = g_strdup_printf ("{\"quiet_hours\":{\"enabled\":true,"
                                            "\"start\":\"%02d:00\",\"end\":\"%02d:00\","
                                            "\"timezone\":\"Asia/Tokyo\"}}",
                                            (g_date_time_get_hour (now) + 23) % 24,
                                            g_date_time_get_hour (end));
  guint before = record_count (resend);
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;

  put_preferences (resend_server, token, prefs);
  id = notify (resend_server, "price_alert", "owl", "Quiet please", "Shh.");
  assert_outbox_status (resend_server, id, "held", 5000);
  reason = outbox_text (resend_server, "held_reason", id);
  g_assert_cmpstr (reason, ==, "quiet_hours");
  /* Held until the end of the quiet hours in Tokyo. */
  g_assert_cmpint (outbox_int (resend_server, "next_attempt_at", id), ==,
                   g_date_time_to_unix (end) * 1000);
  dc_test_spin (500);
  g_assert_cmpuint (record_count (resend), ==, before);
  /* The in-app notification is there at once. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (resend_server, "GET", "/api/notifications",
                                                   token, NULL, NULL);
    g_assert_cmpint (json_object_get_int_member (dc_test_response_object (r), "unread_count"),
                     ==, 1);
  }

  put_preferences (resend_server, token, "{\"quiet_hours\":{\"enabled\":false}}");
  assert_outbox_status (resend_server, id, "sent", 5000);
  g_assert_cmpuint (record_count (resend), ==, before + 1);
}

/* The daily cap counts the user's local day; the rest waits for the next one. */
static void
test_daily_cap (void)
{
  g_autofree char *token = dc_test_register_user (resend_server, "capped");
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (tomorrow),
                                                   g_date_time_get_month (tomorrow),
                                                   g_date_time_get_day_of_month (tomorrow),
                                                   0, 0, 0);
  guint before = record_count (resend);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *reason = NULL;

  put_preferences (resend_server, token,
                   "{\"max_emails_per_day\":2,\"quiet_hours\":{\"enabled\":false,"
                   "\"timezone\":\"America/New_York\"}}");
  a = notify (resend_server, "system", "capped", "One", "");
  assert_outbox_status (resend_server, a, "sent", 5000);
  b = notify (resend_server, "system", "capped", "Two", "");
  assert_outbox_status (resend_server, b, "sent", 5000);
  c = notify (resend_server, "system", "capped", "Three", "");
  assert_outbox_status (resend_server, c, "held", 5000);
  reason = outbox_text (resend_server, "held_reason", c);
  g_assert_cmpstr (reason, ==, "daily_cap");
  g_assert_cmpint (outbox_int (resend_server, "next_attempt_at", c), ==,
                   g_date_time_to_unix (midnight) * 1000);
  dc_test_spin (500);
  g_assert_cmpuint (record_count (resend), ==, before + 2);

  put_preferences (resend_server, token, "{\"max_emails_per_day\":3}");
  assert_outbox_status (resend_server, c, "sent", 5000);
  g_assert_cmpuint (record_count (resend), ==, before + 3);
}

/* Preferences decide: email off, or this kind off, means no mail; mail waiting in the outbox
 * when the user turns email off is cancelled, not sent. */
static void
test_preferences (void)
{
  g_autofree char *token = dc_test_register_user (resend_server, "picky");
  guint before = record_count (resend);
  g_autofree char *off = NULL;
  g_autofree char *alerts_off = NULL;
  g_autofree char *proposal = NULL;
  g_autofree char *held = NULL;

  put_preferences (resend_server, token, "{\"email_enabled\":false}");
  off = notify (resend_server, "system", "picky", "Not by mail", "");
  put_preferences (resend_server, token, "{\"email_enabled\":true,\"email_price_alerts\":false}");
  alerts_off = notify (resend_server, "price_alert", "picky", "No price mail", "");
  proposal = notify (resend_server, "trade_proposal", "picky", "Proposals still mail", "");
  assert_outbox_status (resend_server, proposal, "sent", 5000);
  g_assert_cmpint (dc_test_db_int (resend_server,
                                   "SELECT count(*) FROM email_outbox WHERE notification_id = ?",
                                   off), ==, 0);
  g_assert_cmpint (dc_test_db_int (resend_server,
                                   "SELECT count(*) FROM email_outbox WHERE notification_id = ?",
                                   alerts_off), ==, 0);
  g_assert_cmpuint (record_count (resend), ==, before + 1);

  /* Held by quiet hours, then email turned off: cancelled, never sent. */
  put_preferences (resend_server, token,
                   "{\"quiet_hours\":{\"enabled\":true,\"start\":\"00:00\",\"end\":\"23:59\","
                   "\"timezone\":\"UTC\"}}");
  held = notify (resend_server, "trade_proposal", "picky", "Held then cancelled", "");
  {
    /* 23:59–00:00 UTC is outside this window; then the mail simply goes. */
    g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
    if (g_date_time_get_hour (utc) == 23 && g_date_time_get_minute (utc) == 59)
      {
        g_test_skip ("the minute outside the quiet window");
        return;
      }
  }
  assert_outbox_status (resend_server, held, "held", 5000);
  put_preferences (resend_server, token, "{\"email_enabled\":false}");
  assert_outbox_status (resend_server, held, "cancelled", 5000);
  dc_test_spin (300);
  g_assert_cmpuint (record_count (resend), ==, before + 1);
}

/* --- SendGrid ------------------------------------------------------------------------- */

static void
test_sendgrid (void)
{
  g_autoptr(DcTestFake) fake = dc_test_fake_start ("fake-email-api", "--provider=sendgrid",
                                                   "--api-key=" SENDGRID_KEY, NULL);
  g_autofree char *base = g_strconcat ("SENDGRID_API_BASE=", fake->base_url, NULL);
  g_autoptr(DcTestServer) server = start_server ((const char *[]) {
    "EMAIL_PROVIDER=sendgrid", "SENDGRID_API_KEY=" SENDGRID_KEY, base, NULL });
  g_autofree char *token = dc_test_register_user (server, "sally");
  g_autofree char *id = notify (server, "price_spike", "sally",
                                "Sol Ring is up 25% since yesterday",
                                "Sol Ring (TMC 59, nonfoil) went from $1.10 to $1.38.");
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *provider_id = NULL;
  JsonObject *request, *body, *personalization, *from, *plain, *html;
  JsonArray *content;

  g_assert_cmpuint (dc_test_fake_wait_records (fake, "request", 1, 5000), ==, 1);
  assert_outbox_status (server, id, "sent", 5000);
  records = dc_test_fake_records (fake, "request");
  request = g_ptr_array_index (records, 0);
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, "/v3/mail/send");
  g_assert_cmpstr (json_object_get_string_member (request, "authorization"), ==,
                   "Bearer " SENDGRID_KEY);
  g_assert_cmpint (json_object_get_int_member (request, "status"), ==, 202);
  body = json_object_get_object_member (request, "body");
  personalization = json_array_get_object_element (
    json_object_get_array_member (body, "personalizations"), 0);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (personalization, "to"), 0), "email"),
                   ==, "sally@example.com");
  from = json_object_get_object_member (body, "from");
  g_assert_cmpstr (json_object_get_string_member (from, "email"), ==, FROM_ADDRESS);
  g_assert_cmpstr (json_object_get_string_member (from, "name"), ==, "Dualcaster Deals");
  g_assert_cmpstr (json_object_get_string_member (body, "subject"), ==,
                   "Sol Ring is up 25% since yesterday");
  content = json_object_get_array_member (body, "content");
  g_assert_cmpuint (json_array_get_length (content), ==, 2);
  plain = json_array_get_object_element (content, 0);
  html = json_array_get_object_element (content, 1);
  g_assert_cmpstr (json_object_get_string_member (plain, "type"), ==, "text/plain");
  g_assert_nonnull (strstr (json_object_get_string_member (plain, "value"),
                            "went from $1.10 to $1.38."));
  g_assert_cmpstr (json_object_get_string_member (html, "type"), ==, "text/html");
  /* SendGrid's X-Message-Id is kept with the row. */
  provider_id = outbox_text (server, "provider_id", id);
  g_assert_true (g_uuid_string_is_valid (provider_id));
}

/* A wrong key is refused by the fake (401) and recorded as the failure it is. */
static void
test_sendgrid_wrong_key (void)
{
  g_autoptr(DcTestFake) fake = dc_test_fake_start ("fake-email-api", "--provider=sendgrid",
                                                   "--api-key=" SENDGRID_KEY, NULL);
  g_autofree char *base = g_strconcat ("SENDGRID_API_BASE=", fake->base_url, NULL);
  g_autoptr(DcTestServer) server = start_server ((const char *[]) {
    "EMAIL_PROVIDER=sendgrid", "SENDGRID_API_KEY=SG.wrong", base, NULL });
  g_autofree char *token = dc_test_register_user (server, "wrongkey");
  g_autofree char *id = notify (server, "system", "wrongkey", "Refused", "");
  g_autofree char *last_error = NULL;
  g_autofree char *log = NULL;

  assert_outbox_status (server, id, "failed", 15000);
  last_error = outbox_text (server, "last_error", id);
  g_assert_nonnull (strstr (last_error, "SendGrid answered HTTP 401"));
  log = dc_test_server_read_log (server);
  g_assert_null (strstr (log, "SG.wrong"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  resend = dc_test_fake_start ("fake-email-api", "--provider=resend", "--api-key=" RESEND_KEY,
                               NULL);
  {
    g_autofree char *base = g_strconcat ("RESEND_API_BASE=", resend->base_url, NULL);

    resend_server = start_server ((const char *[]) { "EMAIL_PROVIDER=resend",
                                                     "RESEND_API_KEY=" RESEND_KEY, base, NULL });
  }

  g_test_add_func ("/Dc/Email/console", test_console);
  g_test_add_func ("/Dc/Email/misconfigured", test_misconfigured);
  g_test_add_func ("/Dc/Email/smtp-starttls", test_smtp_starttls);
  g_test_add_func ("/Dc/Email/smtp-auth-failure", test_smtp_auth_failure);
  g_test_add_func ("/Dc/Email/resend", test_resend);
  g_test_add_func ("/Dc/Email/retry-then-success", test_retry_then_success);
  g_test_add_func ("/Dc/Email/retry-schedule-then-failed", test_retry_schedule_then_failed);
  g_test_add_func ("/Dc/Email/quiet-hours", test_quiet_hours);
  g_test_add_func ("/Dc/Email/daily-cap", test_daily_cap);
  g_test_add_func ("/Dc/Email/preferences", test_preferences);
  g_test_add_func ("/Dc/Email/sendgrid", test_sendgrid);
  g_test_add_func ("/Dc/Email/sendgrid-wrong-key", test_sendgrid_wrong_key);

  ret = g_test_run ();
  dc_test_server_free (resend_server);
  dc_test_fake_free (resend);
  return ret;
}
