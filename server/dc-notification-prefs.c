/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-notification-prefs"

#include "config.h"

#include <string.h>

#include "dc-notification-prefs.h"

void
dc_notification_prefs_init (DcNotificationPrefs *prefs)
{
  /* The column defaults of migration 0004. */
  memset (prefs, 0, sizeof *prefs);
  prefs->email_enabled = TRUE;
  prefs->email_price_alerts = TRUE;
  prefs->email_trade_matches = TRUE;
  prefs->email_trade_proposals = TRUE;
  prefs->email_messages = TRUE;
  prefs->discord_enabled = TRUE;
  prefs->discord_price_alerts = TRUE;
  prefs->discord_trade_matches = TRUE;
  prefs->discord_trade_proposals = TRUE;
  prefs->quiet_hours_enabled = FALSE;
  prefs->quiet_start = 22 * 60;
  prefs->quiet_end = 8 * 60;
  prefs->timezone = g_strdup ("UTC");
  prefs->max_emails_per_day = 10;
  prefs->price_spike_threshold = 20;
}

void
dc_notification_prefs_clear (DcNotificationPrefs *prefs)
{
  g_clear_pointer (&prefs->timezone, g_free);
}

int
dc_notification_prefs_parse_clock (const char *text)
{
  if (text == NULL || strlen (text) != 5 || text[2] != ':' || !g_ascii_isdigit (text[0]) ||
      !g_ascii_isdigit (text[1]) || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return -1;
  {
    int h = (text[0] - '0') * 10 + (text[1] - '0');
    int m = (text[3] - '0') * 10 + (text[4] - '0');

    if (h > 23 || m > 59)
      return -1;
    return h * 60 + m;
  }
}

gboolean
dc_notification_prefs_load (DcStore              *store,
                            gint64                user_id,
                            DcNotificationPrefs  *prefs,
                            GError              **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);

  dc_notification_prefs_clear (prefs);
  dc_notification_prefs_init (prefs);
  stmt = dc_store_prepare (store,
                           "SELECT email_enabled, email_price_alerts, email_trade_matches,"
                           " email_trade_proposals, email_messages, discord_enabled,"
                           " discord_price_alerts, discord_trade_matches,"
                           " discord_trade_proposals, quiet_hours_enabled, quiet_hours_start,"
                           " quiet_hours_end, quiet_hours_timezone, max_emails_per_day,"
                           " price_spike_threshold, updated_at"
                           " FROM notification_preferences WHERE user_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return dc_store_set_error (store, rc, error);

  prefs->email_enabled = sqlite3_column_int (stmt, 0);
  prefs->email_price_alerts = sqlite3_column_int (stmt, 1);
  prefs->email_trade_matches = sqlite3_column_int (stmt, 2);
  prefs->email_trade_proposals = sqlite3_column_int (stmt, 3);
  prefs->email_messages = sqlite3_column_int (stmt, 4);
  prefs->discord_enabled = sqlite3_column_int (stmt, 5);
  prefs->discord_price_alerts = sqlite3_column_int (stmt, 6);
  prefs->discord_trade_matches = sqlite3_column_int (stmt, 7);
  prefs->discord_trade_proposals = sqlite3_column_int (stmt, 8);
  prefs->quiet_hours_enabled = sqlite3_column_int (stmt, 9);
  prefs->quiet_start = dc_notification_prefs_parse_clock (dc_stmt_column_text (stmt, 10));
  prefs->quiet_end = dc_notification_prefs_parse_clock (dc_stmt_column_text (stmt, 11));
  if (prefs->quiet_start < 0 || prefs->quiet_end < 0)
    prefs->quiet_hours_enabled = FALSE;
  g_free (prefs->timezone);
  prefs->timezone = g_strdup (dc_stmt_column_text (stmt, 12));
  prefs->max_emails_per_day = sqlite3_column_int (stmt, 13);
  prefs->price_spike_threshold = sqlite3_column_int (stmt, 14);
  prefs->updated_at = sqlite3_column_int64 (stmt, 15);
  return TRUE;
}

gboolean
dc_notification_prefs_allows_email (const DcNotificationPrefs *prefs,
                                    const char                *kind)
{
  DcNotificationKind k;

  if (!prefs->email_enabled || prefs->max_emails_per_day <= 0)
    return FALSE;
  if (!dc_notification_kind_from_string (kind, &k))
    return TRUE;
  switch (k)
    {
    case DC_NOTIFICATION_PRICE_ALERT:
    case DC_NOTIFICATION_PRICE_SPIKE:
      return prefs->email_price_alerts;
    case DC_NOTIFICATION_TRADE_MATCH:
      return prefs->email_trade_matches;
    case DC_NOTIFICATION_TRADE_PROPOSAL:
      return prefs->email_trade_proposals;
    case DC_NOTIFICATION_MESSAGE:
      return prefs->email_messages;
    case DC_NOTIFICATION_SYSTEM:
    case DC_NOTIFICATION_N_KINDS:
    default:
      return TRUE;
    }
}

gboolean
dc_notification_prefs_allows_discord (const DcNotificationPrefs *prefs,
                                      const char                *kind)
{
  DcNotificationKind k;

  if (!prefs->discord_enabled || !dc_notification_kind_from_string (kind, &k))
    return FALSE;
  switch (k)
    {
    case DC_NOTIFICATION_PRICE_ALERT:
    case DC_NOTIFICATION_PRICE_SPIKE:
      return prefs->discord_price_alerts;
    case DC_NOTIFICATION_TRADE_MATCH:
      return prefs->discord_trade_matches;
    case DC_NOTIFICATION_TRADE_PROPOSAL:
      return prefs->discord_trade_proposals;
    case DC_NOTIFICATION_SYSTEM:
      return TRUE;
    case DC_NOTIFICATION_MESSAGE:
      /* Messages have no Discord switch: they stay in the app (and email). */
    case DC_NOTIFICATION_N_KINDS:
    default:
      return FALSE;
    }
}

static GDateTime *
local_now (const DcNotificationPrefs *prefs,
           gint64                     now_ms)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_ms / 1000);

  if (prefs->timezone != NULL)
    tz = g_time_zone_new_identifier (prefs->timezone);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  return g_date_time_to_timezone (utc, tz);
}

/* The local time @minutes after midnight on @day's date (in @day's zone). */
static gint64
at_minutes_ms (GDateTime *day,
               int        minutes)
{
  g_autoptr(GDateTime) dt = g_date_time_new (g_date_time_get_timezone (day),
                                             g_date_time_get_year (day),
                                             g_date_time_get_month (day),
                                             g_date_time_get_day_of_month (day),
                                             minutes / 60, minutes % 60, 0);

  return g_date_time_to_unix (dt) * 1000;
}

gint64
dc_notification_prefs_quiet_until (const DcNotificationPrefs *prefs,
                                   gint64                     now_ms)
{
  g_autoptr(GDateTime) now = NULL;
  int minute, start = prefs->quiet_start, end = prefs->quiet_end;
  gboolean quiet;
  gint64 until;

  if (!prefs->quiet_hours_enabled || start < 0 || end < 0 || start == end)
    return 0;
  now = local_now (prefs, now_ms);
  minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
  if (start < end)
    quiet = minute >= start && minute < end;
  else
    quiet = minute >= start || minute < end;
  if (!quiet)
    return 0;

  until = at_minutes_ms (now, end);
  if (until <= now_ms)
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

      until = at_minutes_ms (tomorrow, end);
    }
  return until;
}

void
dc_notification_prefs_day_bounds (const DcNotificationPrefs *prefs,
                                  gint64                     now_ms,
                                  gint64                    *out_start,
                                  gint64                    *out_end)
{
  g_autoptr(GDateTime) now = local_now (prefs, now_ms);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  *out_start = at_minutes_ms (now, 0);
  *out_end = at_minutes_ms (tomorrow, 0);
}
