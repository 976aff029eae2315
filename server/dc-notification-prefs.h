/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-notification.h"
#include "dc-store.h"

G_BEGIN_DECLS

/*
 * A user's notification preferences (DESIGN §5, the notification_preferences row, or its
 * defaults when the user never saved any) and the time rules built on them: quiet hours and
 * the daily email cap, both in the user's time zone.
 */
typedef struct
{
  gboolean  email_enabled;
  gboolean  email_price_alerts;
  gboolean  email_trade_matches;
  gboolean  email_trade_proposals;
  gboolean  email_messages;
  gboolean  discord_enabled;
  gboolean  discord_price_alerts;
  gboolean  discord_trade_matches;
  gboolean  discord_trade_proposals;
  gboolean  quiet_hours_enabled;
  int       quiet_start;          /* minutes after local midnight */
  int       quiet_end;
  char     *timezone;             /* an IANA identifier; "UTC" by default */
  int       max_emails_per_day;
  int       price_spike_threshold; /* percent */
  gint64    updated_at;
} DcNotificationPrefs;

void     dc_notification_prefs_init          (DcNotificationPrefs       *prefs);
void     dc_notification_prefs_clear         (DcNotificationPrefs       *prefs);
gboolean dc_notification_prefs_load          (DcStore                   *store,
                                              gint64                     user_id,
                                              DcNotificationPrefs       *prefs,
                                              GError                   **error);
/* "HH:MM" → minutes after midnight, or -1. */
int      dc_notification_prefs_parse_clock   (const char                *text);

/* Whether this kind of notification may go out by email / Discord at all. */
gboolean dc_notification_prefs_allows_email  (const DcNotificationPrefs *prefs,
                                              const char                *kind);
gboolean dc_notification_prefs_allows_discord (const DcNotificationPrefs *prefs,
                                               const char                *kind);

/* When quiet hours are on at @now_ms, the instant (ms) they end; 0 when they are not.
 * A window whose start equals its end is empty. */
gint64   dc_notification_prefs_quiet_until   (const DcNotificationPrefs *prefs,
                                              gint64                     now_ms);
/* The user's local day holding @now_ms, as [start, end) in ms. */
void     dc_notification_prefs_day_bounds    (const DcNotificationPrefs *prefs,
                                              gint64                     now_ms,
                                              gint64                    *out_start,
                                              gint64                    *out_end);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcNotificationPrefs, dc_notification_prefs_clear)

G_END_DECLS
