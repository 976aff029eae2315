/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-config.h"
#include "dc-store.h"

G_BEGIN_DECLS

/*
 * Price alerts (DESIGN §7.7): run after every price import and by `check-alerts`.
 *
 * - Target price: a want with alert_enabled and a target_price fires a price_alert when the
 *   current USD TCGplayer price of its printing and finish (for an any-printing want, the
 *   cheapest printing matching its finish and language) is at or under the target — once per
 *   crossing: alert_state remembers the side, and the alert re-arms when the price goes back
 *   above the target.
 * - 24 h spike: a price_spike when a card on the user's want list (alert_enabled) or in
 *   their collection rose by at least the user's price_spike_threshold percent from the
 *   previous day to the current day — once per user, printing, finish and day (spike_state).
 *   Days older than two days ago are old news and never spike.
 *
 * Notifications are created with dc_notification_create() (pushed by the server's poll, the
 * email queued per the preferences), all in one transaction.
 */

typedef struct
{
  guint wants_checked;
  guint price_alerts;
  guint spikes;
} DcAlertStats;

gboolean dc_alert_check               (DcStore       *store,
                                       DcAlertStats  *stats,
                                       GError       **error);
/* For the import commands: runs the check on their store after a successful import and
 * prints one line; a failure is reported and never fails the import (the prices are in). */
void     dc_alert_check_after_import  (DcStore       *store);

G_END_DECLS
