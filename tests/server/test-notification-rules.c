/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dc-auth-service.h"
#include "dc-email-outbox.h"
#include "dc-email.h"
#include "dc-notification-prefs.h"
#include "dc-notification-service.h"
#include "dc-notify-test-util.h"
#include "dc-server.h"

/*
 * In-process: the time rules (quiet hours and the daily cap in the user's zone, across DST),
 * the channel switches per kind, the retry schedule, the MIME message, the Discord channel
 * hook and the matching hook with its WebSocket push.
 */

static gint64
ms (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000;
}

static void
prefs_with_quiet (DcNotificationPrefs *prefs,
                  const char          *zone,
                  const char          *start,
                  const char          *end)
{
  dc_notification_prefs_init (prefs);
  prefs->quiet_hours_enabled = TRUE;
  prefs->quiet_start = dc_notification_prefs_parse_clock (start);
  prefs->quiet_end = dc_notification_prefs_parse_clock (end);
  g_free (prefs->timezone);
  prefs->timezone = g_strdup (zone);
}

static void
test_quiet_hours (void)
{
  g_auto(DcNotificationPrefs) berlin = { 0 };
  g_auto(DcNotificationPrefs) day = { 0 };
  g_auto(DcNotificationPrefs) empty = { 0 };
  g_auto(DcNotificationPrefs) dst = { 0 };

  /* 22:00–08:00 in Berlin (UTC+2 in July). */
  prefs_with_quiet (&berlin, "Europe/Berlin", "22:00", "08:00");
  g_assert_cmpint (dc_notification_prefs_quiet_until (&berlin, ms ("2026-07-04T21:30:00Z")), ==,
                   ms ("2026-07-05T06:00:00Z"));                       /* 23:30 local */
  g_assert_cmpint (dc_notification_prefs_quiet_until (&berlin, ms ("2026-07-05T05:59:59Z")), ==,
                   ms ("2026-07-05T06:00:00Z"));                       /* 07:59 local */
  g_assert_cmpint (dc_notification_prefs_quiet_until (&berlin, ms ("2026-07-04T20:00:00Z")), ==,
                   ms ("2026-07-05T06:00:00Z"));                       /* 22:00 sharp */
  g_assert_cmpint (dc_notification_prefs_quiet_until (&berlin, ms ("2026-07-04T19:59:00Z")), ==,
                   0);                                                 /* 21:59 */
  g_assert_cmpint (dc_notification_prefs_quiet_until (&berlin, ms ("2026-07-05T06:00:00Z")), ==,
                   0);                                                 /* 08:00: over */
  /* Winter: UTC+1. */
  g_assert_cmpint (dc_notification_prefs_quiet_until (&berlin, ms ("2026-01-10T22:00:00Z")), ==,
                   ms ("2026-01-11T07:00:00Z"));
  berlin.quiet_hours_enabled = FALSE;
  g_assert_cmpint (dc_notification_prefs_quiet_until (&berlin, ms ("2026-07-04T21:30:00Z")), ==,
                   0);

  /* A window within one day. */
  prefs_with_quiet (&day, "UTC", "13:00", "14:30");
  g_assert_cmpint (dc_notification_prefs_quiet_until (&day, ms ("2026-07-04T13:10:00Z")), ==,
                   ms ("2026-07-04T14:30:00Z"));
  g_assert_cmpint (dc_notification_prefs_quiet_until (&day, ms ("2026-07-04T12:59:00Z")), ==, 0);
  g_assert_cmpint (dc_notification_prefs_quiet_until (&day, ms ("2026-07-04T14:30:00Z")), ==, 0);

  /* Start equal to end is no quiet time at all. */
  prefs_with_quiet (&empty, "UTC", "09:00", "09:00");
  g_assert_cmpint (dc_notification_prefs_quiet_until (&empty, ms ("2026-07-04T09:00:00Z")), ==, 0);

  /* New York springs forward at 02:00 on 2026-03-08: 01:30 EST is 06:30Z, 03:00 EDT 07:00Z. */
  prefs_with_quiet (&dst, "America/New_York", "01:00", "03:00");
  g_assert_cmpint (dc_notification_prefs_quiet_until (&dst, ms ("2026-03-08T06:30:00Z")), ==,
                   ms ("2026-03-08T07:00:00Z"));
}

static void
test_day_bounds (void)
{
  g_auto(DcNotificationPrefs) tokyo = { 0 };
  g_auto(DcNotificationPrefs) ny = { 0 };
  gint64 start, end;

  prefs_with_quiet (&tokyo, "Asia/Tokyo", "22:00", "08:00");
  /* 01:00 on 5 July in Tokyo. */
  dc_notification_prefs_day_bounds (&tokyo, ms ("2026-07-04T16:00:00Z"), &start, &end);
  g_assert_cmpint (start, ==, ms ("2026-07-04T15:00:00Z"));
  g_assert_cmpint (end, ==, ms ("2026-07-05T15:00:00Z"));

  /* 1 November 2026 in New York has 25 hours. */
  prefs_with_quiet (&ny, "America/New_York", "22:00", "08:00");
  dc_notification_prefs_day_bounds (&ny, ms ("2026-11-01T12:00:00Z"), &start, &end);
  g_assert_cmpint (start, ==, ms ("2026-11-01T04:00:00Z"));
  g_assert_cmpint (end, ==, ms ("2026-11-02T05:00:00Z"));
}

static void
test_channel_switches (void)
{
  g_auto(DcNotificationPrefs) prefs = { 0 };

  dc_notification_prefs_init (&prefs);
  g_assert_true (dc_notification_prefs_allows_email (&prefs, "price_alert"));
  g_assert_true (dc_notification_prefs_allows_discord (&prefs, "trade_match"));
  /* Messages have no Discord switch and stay off Discord. */
  g_assert_false (dc_notification_prefs_allows_discord (&prefs, "message"));

  prefs.email_price_alerts = FALSE;
  g_assert_false (dc_notification_prefs_allows_email (&prefs, "price_alert"));
  g_assert_false (dc_notification_prefs_allows_email (&prefs, "price_spike"));
  g_assert_true (dc_notification_prefs_allows_email (&prefs, "trade_match"));
  prefs.email_trade_proposals = FALSE;
  g_assert_false (dc_notification_prefs_allows_email (&prefs, "trade_proposal"));
  prefs.email_messages = FALSE;
  g_assert_false (dc_notification_prefs_allows_email (&prefs, "message"));
  g_assert_true (dc_notification_prefs_allows_email (&prefs, "system"));
  prefs.max_emails_per_day = 0;
  g_assert_false (dc_notification_prefs_allows_email (&prefs, "system"));
  prefs.max_emails_per_day = 10;
  prefs.email_enabled = FALSE;
  g_assert_false (dc_notification_prefs_allows_email (&prefs, "system"));

  prefs.discord_trade_matches = FALSE;
  g_assert_false (dc_notification_prefs_allows_discord (&prefs, "trade_match"));
  g_assert_true (dc_notification_prefs_allows_discord (&prefs, "price_alert"));
  prefs.discord_enabled = FALSE;
  g_assert_false (dc_notification_prefs_allows_discord (&prefs, "price_alert"));

  g_assert_cmpint (dc_notification_prefs_parse_clock ("07:05"), ==, 425);
  g_assert_cmpint (dc_notification_prefs_parse_clock ("24:00"), ==, -1);
  g_assert_cmpint (dc_notification_prefs_parse_clock ("7:05"), ==, -1);
}

static void
test_retry_delays (void)
{
  g_autoptr(GArray) standard = dc_email_parse_retry_delays (DC_EMAIL_RETRY_DELAYS_DEFAULT);
  g_autoptr(GArray) spaced = dc_email_parse_retry_delays (" 1 , 2 ");
  g_autoptr(GArray) none = dc_email_parse_retry_delays ("");
  g_autoptr(GArray) bad = dc_email_parse_retry_delays ("0,five");
  g_autoptr(GArray) negative = dc_email_parse_retry_delays ("-1");

  g_assert_cmpuint (standard->len, ==, 3);
  g_assert_cmpint (g_array_index (standard, gint64, 0), ==, 0);
  g_assert_cmpint (g_array_index (standard, gint64, 1), ==, 300);
  g_assert_cmpint (g_array_index (standard, gint64, 2), ==, 900);
  g_assert_cmpuint (spaced->len, ==, 2);
  g_assert_cmpint (g_array_index (spaced, gint64, 1), ==, 2);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (bad);
  g_assert_null (negative);
}

static void
test_mime (void)
{
  const char *subject = "Lim-Dûl’s Vault is at your target price — only $2.50 for the "
                        "cheapest printing this week";
  DcEmailMessage injected = { "to@example.com", "Hello\r\nBcc: evil@example.com", "x\n.y",
                              NULL, NULL };
  DcEmailMessage message = { "to@example.com", subject, "Body", "<p>Body</p>", NULL };
  g_autofree char *plain = dc_email_build_mime ("Dualcaster, Inc.", "alerts@dualcaster.test",
                                                &injected, ms ("2026-07-04T12:30:00Z"));
  g_autofree char *mime = dc_email_build_mime ("Dualcaster Deals", "alerts@dualcaster.test",
                                               &message, ms ("2026-07-04T12:30:00Z"));
  g_auto(GStrv) lines = g_strsplit (mime, "\r\n", -1);
  g_autoptr(GString) decoded = g_string_new (NULL);
  gboolean in_subject = FALSE;

  /* A user's text never adds a header. */
  g_assert_null (strstr (plain, "\r\nBcc:"));
  g_assert_nonnull (strstr (plain, "\r\nSubject: Hello  Bcc: evil@example.com\r\n"));
  g_assert_nonnull (strstr (plain, "\r\nFrom: \"Dualcaster, Inc.\" <alerts@dualcaster.test>\r\n"));
  g_assert_true (g_str_has_prefix (plain, "Date: Sat, 04 Jul 2026 12:30:00 +0000\r\n"));
  g_assert_nonnull (strstr (plain, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));

  g_assert_nonnull (strstr (mime, "Content-Type: multipart/alternative;\r\n boundary="));
  for (guint i = 0; lines[i]; i++)
    {
      /* RFC 5322: lines stay under 78 characters. */
      g_assert_cmpuint (strlen (lines[i]), <=, 78);
      if (g_str_has_prefix (lines[i], "Subject: "))
        in_subject = TRUE;
      else if (in_subject && lines[i][0] != ' ')
        in_subject = FALSE;
      if (in_subject)
        {
          const char *word = strstr (lines[i], "=?UTF-8?B?");
          g_autofree char *b64 = NULL;
          g_autofree guchar *raw = NULL;
          gsize length;

          g_assert_nonnull (word);
          b64 = g_strndup (word + 10, strstr (word, "?=") - word - 10);
          raw = g_base64_decode (b64, &length);
          g_string_append_len (decoded, (const char *) raw, length);
        }
    }
  g_assert_cmpstr (decoded->str, ==, subject);
}

static void
test_addresses (void)
{
  g_assert_true (dc_email_address_is_valid ("alice@example.com"));
  g_assert_true (dc_email_address_is_valid ("a.b+tag@sub.example.org"));
  g_assert_false (dc_email_address_is_valid ("alice@localhost"));
  g_assert_false (dc_email_address_is_valid ("alice example@example.com"));
  g_assert_false (dc_email_address_is_valid ("<alice@example.com>"));
  g_assert_false (dc_email_address_is_valid ("alice@example.com\r\nRCPT TO:<x@y.z>"));
  g_assert_false (dc_email_address_is_valid ("@example.com"));
  g_assert_false (dc_email_address_is_valid (NULL));
}

static void
test_sender_config (void)
{
  static const struct { const char *env[6]; const char *message; } bad[] = {
    { { "EMAIL_PROVIDER", "smtp", "EMAIL_FROM_ADDRESS", "a@b.example", NULL }, "SMTP_HOST" },
    { { "EMAIL_PROVIDER", "resend", NULL }, "EMAIL_FROM_ADDRESS" },
    { { "EMAIL_PROVIDER", "resend", "EMAIL_FROM_ADDRESS", "nope", NULL }, "EMAIL_FROM_ADDRESS" },
    { { "EMAIL_PROVIDER", "sendgrid", "EMAIL_FROM_ADDRESS", "a@b.example", NULL },
      "SENDGRID_API_KEY" },
    { { "EMAIL_PROVIDER", "pigeon", NULL }, "pigeon" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(DcConfig) config = dc_config_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(DcEmailSender) sender = NULL;

      dc_config_set (config, "EMAIL_PROVIDER", "");
      dc_config_set (config, "EMAIL_FROM_ADDRESS", "");
      dc_config_set (config, "SMTP_HOST", "");
      dc_config_set (config, "RESEND_API_KEY", "");
      dc_config_set (config, "SENDGRID_API_KEY", "");
      for (guint j = 0; bad[i].env[j]; j += 2)
        dc_config_set (config, bad[i].env[j], bad[i].env[j + 1]);
      sender = dc_email_sender_new (config, &error);
      g_assert_null (sender);
      g_assert_error (error, DC_EMAIL_ERROR, DC_EMAIL_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, bad[i].message));
    }

  {
    g_autoptr(DcConfig) config = dc_config_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(DcEmailSender) sender = NULL;

    dc_config_set (config, "EMAIL_PROVIDER", "smtp");
    dc_config_set (config, "EMAIL_FROM_ADDRESS", "alerts@dualcaster.test");
    dc_config_set (config, "SMTP_HOST", "mail.example.com");
    dc_config_set (config, "SMTP_PORT", "");
    dc_config_set (config, "SMTP_USE_TLS", "");
    dc_config_set (config, "SMTP_USER", "");
    sender = dc_email_sender_new (config, &error);
    g_assert_no_error (error);
    /* Port 587 and STARTTLS unless told otherwise. */
    g_assert_cmpstr (dc_email_sender_describe (sender), ==,
                     "smtp to mail.example.com:587 with STARTTLS");
  }
}

/* --- against a store ------------------------------------------------------------------ */

typedef struct
{
  char    *dir;
  DcStore *store;
  gint64   alice;
  gint64   bob;
  char    *alice_token;
  char    *bob_token;
} Fixture;

static gint64
register_user (DcStore     *store,
               const char  *name,
               char       **out_token)
{
  g_auto(DcAuthGrant) grant = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strconcat (name, "@example.com", NULL);

  g_assert_true (dc_auth_register (store, email, name, "correct horse battery", "test", &grant,
                                   &error));
  g_assert_no_error (error);
  if (out_token)
    *out_token = g_strdup (grant.token);
  return grant.user_id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("dc-notify-rules-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "server.db", NULL);
  fixture->store = dc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (dc_store_migrate (fixture->store, &error));
  fixture->alice = register_user (fixture->store, "alice", &fixture->alice_token);
  fixture->bob = register_user (fixture->store, "bob", &fixture->bob_token);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "server.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_pointer (&fixture->store, dc_store_close);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->alice_token);
  g_free (fixture->bob_token);
  dc_notification_set_discord_func (NULL, NULL);
}

static gint64
count (DcStore    *store,
       const char *sql,
       gint64      arg)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
exec (DcStore    *store,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dc_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

typedef struct
{
  guint  calls;
  gint64 user_id;
  gint64 not_before;
  char  *kind;
  gboolean fail;
} DiscordCalls;

static gboolean
discord_cb (DcStore               *store,
            gint64                 user_id,
            const DcNotification  *notification,
            gint64                 not_before_ms,
            gpointer               user_data,
            GError               **error)
{
  DiscordCalls *calls = user_data;

  calls->calls++;
  calls->user_id = user_id;
  calls->not_before = not_before_ms;
  g_free (calls->kind);
  calls->kind = g_strdup (dc_notification_kind_to_string (notification->kind));
  if (calls->fail)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the DM queue is full");
      return FALSE;
    }
  return TRUE;
}

static DcNotification *
create (Fixture            *fixture,
        gint64              user_id,
        DcNotificationKind  kind,
        GError            **error)
{
  return dc_notification_create (fixture->store, user_id, kind, "Title", "Body", NULL, FALSE,
                                 error);
}

static void
test_discord_channel (Fixture       *fixture,
                      gconstpointer  data)
{
  DiscordCalls calls = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DcNotification) n = NULL;
  gint64 before = count (fixture->store, "SELECT count(*) FROM notifications", 0);

  dc_notification_set_discord_func (discord_cb, &calls);

  n = create (fixture, fixture->alice, DC_NOTIFICATION_PRICE_ALERT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls.calls, ==, 1);
  g_assert_cmpint (calls.user_id, ==, fixture->alice);
  g_assert_cmpint (calls.not_before, ==, 0);
  g_assert_cmpstr (calls.kind, ==, "price_alert");
  g_clear_pointer (&n, dc_notification_free);

  /* Messages stay off Discord. */
  n = create (fixture, fixture->alice, DC_NOTIFICATION_MESSAGE, &error);
  g_assert_cmpuint (calls.calls, ==, 1);
  g_clear_pointer (&n, dc_notification_free);

  /* The per-kind switch. */
  exec (fixture->store, "INSERT INTO notification_preferences (user_id, discord_price_alerts)"
                        " SELECT id, 0 FROM users WHERE username = 'alice'");
  n = create (fixture, fixture->alice, DC_NOTIFICATION_PRICE_SPIKE, &error);
  g_assert_cmpuint (calls.calls, ==, 1);
  g_clear_pointer (&n, dc_notification_free);
  n = create (fixture, fixture->alice, DC_NOTIFICATION_TRADE_MATCH, &error);
  g_assert_cmpuint (calls.calls, ==, 2);
  g_clear_pointer (&n, dc_notification_free);

  /* Quiet hours all day long: queued, to be delivered when they end. */
  exec (fixture->store, "UPDATE notification_preferences SET quiet_hours_enabled = 1,"
                        " quiet_hours_start = '00:00', quiet_hours_end = '23:59'");
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (g_date_time_get_hour (now) == 23 && g_date_time_get_minute (now) == 59)
      {
        g_test_skip ("the one minute outside the quiet window");
        return;
      }
  }
  n = create (fixture, fixture->alice, DC_NOTIFICATION_TRADE_MATCH, &error);
  g_assert_cmpuint (calls.calls, ==, 3);
  g_assert_cmpint (calls.not_before, >, dc_now_ms ());
  g_clear_pointer (&n, dc_notification_free);

  /* A queue that fails undoes the whole notification. */
  calls.fail = TRUE;
  g_assert_null (create (fixture, fixture->bob, DC_NOTIFICATION_TRADE_MATCH, &error));
  g_assert_nonnull (strstr (error->message, "the DM queue is full"));
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM notifications", 0), ==,
                   before + 5);
  g_free (calls.kind);
}

/* The default channel: the bot's DM queue, for users with a linked Discord account. */
static void
test_discord_queue (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcNotification) linked = NULL;
  g_autoptr(DcNotification) unlinked = NULL;
  g_autoptr(DcNotification) spike = NULL;
  g_autoptr(DcNotification) held = NULL;

  exec (fixture->store, "INSERT INTO connected_accounts (user_id, provider, provider_user_id,"
                        " provider_username, connected_at) SELECT id, 'discord', '80351110224678912',"
                        " 'alice#0001', 0 FROM users WHERE username = 'alice'");
  linked = create (fixture, fixture->alice, DC_NOTIFICATION_TRADE_MATCH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM pending_dm_alerts"
                                          " WHERE user_id = ? AND kind = 'trade_match'"
                                          " AND discord_user_id = '80351110224678912'"
                                          " AND json_extract (payload, '$.title') = 'Title'",
                          fixture->alice), ==, 1);
  /* Bob has no Discord account: no DM, and no error either. */
  unlinked = create (fixture, fixture->bob, DC_NOTIFICATION_TRADE_MATCH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (unlinked);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM pending_dm_alerts"
                          " WHERE user_id = ?", fixture->bob), ==, 0);
  /* A spike belongs to the price alert preference. */
  spike = create (fixture, fixture->alice, DC_NOTIFICATION_PRICE_SPIKE, &error);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM pending_dm_alerts"
                          " WHERE user_id = ? AND kind = 'price_alert'", fixture->alice), ==, 1);
  /* Quiet hours: due when they end. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (g_date_time_get_hour (now) == 23 && g_date_time_get_minute (now) == 59)
      {
        g_test_skip ("the one minute outside the quiet window");
        return;
      }
  }
  exec (fixture->store, "INSERT INTO notification_preferences (user_id, quiet_hours_enabled,"
                        " quiet_hours_start, quiet_hours_end) SELECT id, 1, '00:00', '23:59'"
                        " FROM users WHERE username = 'alice'");
  held = create (fixture, fixture->alice, DC_NOTIFICATION_TRADE_PROPOSAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM pending_dm_alerts"
                          " WHERE user_id = ? AND kind = 'trade_proposal'"
                          " AND next_attempt_at > strftime ('%s', 'now') * 1000",
                          fixture->alice), ==, 1);
}

static void
test_email_queued_per_preferences (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcNotification) a = create (fixture, fixture->bob, DC_NOTIFICATION_MESSAGE, &error);
  g_autoptr(DcNotification) b = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM email_outbox WHERE user_id = ?",
                          fixture->bob), ==, 1);
  exec (fixture->store, "INSERT INTO notification_preferences (user_id, email_messages)"
                        " SELECT id, 0 FROM users WHERE username = 'bob'");
  b = create (fixture, fixture->bob, DC_NOTIFICATION_MESSAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM email_outbox WHERE user_id = ?",
                          fixture->bob), ==, 1);
  /* The in-app row is there either way. */
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM notifications WHERE user_id = ?",
                          fixture->bob), ==, 2);
}

static void
test_match_hook (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GArray) users = NULL;

  /* 70 is not "over 70". */
  g_assert_true (dc_notification_match_found (fixture->store, fixture->alice, fixture->bob, 70,
                                              FALSE, &created, &users, &error));
  g_assert_cmpuint (created->len, ==, 0);
  g_clear_pointer (&created, g_ptr_array_unref);
  g_clear_pointer (&users, g_array_unref);

  g_assert_true (dc_notification_match_found (fixture->store, fixture->alice, fixture->bob, 82,
                                              FALSE, &created, &users, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      DcNotification *n = g_ptr_array_index (created, i);
      gint64 user = g_array_index (users, gint64, i);
      const char *partner = user == fixture->alice ? "bob" : "alice";

      g_assert_cmpint (n->kind, ==, DC_NOTIFICATION_TRADE_MATCH);
      g_assert_cmpstr (json_object_get_string_member (n->data, "partner"), ==, partner);
      g_assert_cmpint (json_object_get_int_member (n->data, "quality"), ==, 82);
      g_assert_nonnull (strstr (n->title, partner));
    }
  g_assert_cmpint (g_array_index (users, gint64, 0), !=, g_array_index (users, gint64, 1));
  g_clear_pointer (&created, g_ptr_array_unref);
  g_clear_pointer (&users, g_array_unref);

  /* Once per pair, whichever side finds it again and however good it gets. */
  g_assert_true (dc_notification_match_found (fixture->store, fixture->bob, fixture->alice, 95,
                                              FALSE, &created, NULL, &error));
  g_assert_cmpuint (created->len, ==, 0);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM notifications"
                                          " WHERE kind = 'trade_match'", 0), ==, 2);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM matches_notified", 0), ==, 1);
  g_assert_cmpint (count (fixture->store, "SELECT count(*) FROM email_outbox"
                                          " WHERE kind = 'trade_match'", 0), ==, 2);
}

/* The server's own path: a match found in the server is pushed to both users at once. */
static void
test_service_push (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dc-notify-push-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "server.db", NULL);
  g_autoptr(DcConfig) config = dc_config_new ();
  g_autoptr(DcServer) server = NULL;
  g_autoptr(DcTestSocket) alice_socket = NULL;
  g_autoptr(DcTestSocket) bob_socket = NULL;
  g_autofree char *alice_token = NULL;
  g_autofree char *bob_token = NULL;
  DcStore *store = dc_store_open (path, &error);
  gint64 alice, bob;
  JsonObject *event;

  g_assert_no_error (error);
  g_assert_true (dc_store_migrate (store, &error));
  alice = register_user (store, "alice", &alice_token);
  bob = register_user (store, "bob", &bob_token);
  dc_config_set (config, "EMAIL_PROVIDER", "");
  dc_config_set (config, "DUALCASTER_NOTIFY_POLL_MS", "100");
  server = dc_server_new (config, store);
  g_assert_true (dc_server_listen (server, "127.0.0.1:0", &error));
  g_assert_no_error (error);

  alice_socket = dc_test_socket_connect (dc_server_get_base_url (server), alice_token);
  bob_socket = dc_test_socket_connect (dc_server_get_base_url (server), bob_token);
  g_assert_true (dc_notification_service_match_found (dc_server_get_notification_service (server),
                                                      alice, bob, 88, &error));
  g_assert_no_error (error);

  event = dc_test_socket_wait_event (alice_socket, "notification.new", 5000);
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event,
                                                                                "notification"),
                                                  "kind"), ==, "trade_match");
  g_assert_cmpint (json_object_get_int_member (event, "unread_count"), ==, 1);
  event = dc_test_socket_wait_event (bob_socket, "notification.new", 5000);
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (event,
                                                                                  "notification"),
                                                    "data"), "partner"), ==, "alice");

  /* Pushed when made: the poll finds nothing more to push. */
  dc_test_spin (400);
  g_assert_null (dc_test_socket_wait_event (alice_socket, "notification.new", 0));
  g_assert_cmpuint (dc_notification_service_push_pending (
                      dc_server_get_notification_service (server)), ==, 0);

  g_clear_pointer (&alice_socket, dc_test_socket_free);
  g_clear_pointer (&bob_socket, dc_test_socket_free);
  g_clear_object (&server);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/NotificationRules/quiet-hours", test_quiet_hours);
  g_test_add_func ("/Dc/NotificationRules/day-bounds", test_day_bounds);
  g_test_add_func ("/Dc/NotificationRules/channel-switches", test_channel_switches);
  g_test_add_func ("/Dc/NotificationRules/retry-delays", test_retry_delays);
  g_test_add_func ("/Dc/NotificationRules/mime", test_mime);
  g_test_add_func ("/Dc/NotificationRules/addresses", test_addresses);
  g_test_add_func ("/Dc/NotificationRules/sender-config", test_sender_config);
  g_test_add ("/Dc/NotificationRules/discord-channel", Fixture, NULL, fixture_set_up,
              test_discord_channel, fixture_tear_down);
  g_test_add ("/Dc/NotificationRules/discord-queue", Fixture, NULL, fixture_set_up,
              test_discord_queue, fixture_tear_down);
  g_test_add ("/Dc/NotificationRules/email-per-preferences", Fixture, NULL, fixture_set_up,
              test_email_queued_per_preferences, fixture_tear_down);
  g_test_add ("/Dc/NotificationRules/match-hook", Fixture, NULL, fixture_set_up,
              test_match_hook, fixture_tear_down);
  g_test_add_func ("/Dc/NotificationRules/service-push", test_service_push);
  return g_test_run ();
}
