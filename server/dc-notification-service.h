/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-notification.h"
#include "dc-store.h"
#include "dc-types.h"

G_BEGIN_DECLS

/*
 * In-app notifications and their fan-out (DESIGN §7.9, §8).
 *
 * dc_notification_create() works on any DcStore, in the server or in a command running in
 * another process (a price import): in one transaction it stores the notification, queues
 * its email when the user's preferences allow that kind (the outbox applies quiet hours and
 * the daily cap when it sends), and hands it to the Discord channel when one is registered
 * and the user's discord_* preferences allow it.
 *
 * In the server, DcNotificationService pushes each new notification to the user's WebSocket
 * connections as {"type":"notification.new","notification":{…},"unread_count":n}. Rows
 * written by another process (pushed_at NULL) are pushed by a poll every
 * DUALCASTER_NOTIFY_POLL_MS (5000). It also runs the email outbox worker.
 */

/*
 * The Discord DM channel. By default a notification goes to the bot's DM queue
 * (pending_dm_alerts, dc_discord_enqueue_alert()); tests may put another function in its
 * place (NULL restores the queue). It is called inside the creating transaction, only when
 * the user's preferences allow a Discord DM for this kind; @not_before_ms is when the user's
 * quiet hours end (0: deliver now). It returns TRUE without queuing anything when the user
 * has no linked Discord account.
 */
typedef gboolean (*DcDiscordAlertFunc) (DcStore               *store,
                                        gint64                 user_id,
                                        const DcNotification  *notification,
                                        gint64                 not_before_ms,
                                        gpointer               user_data,
                                        GError               **error);

void            dc_notification_set_discord_func (DcDiscordAlertFunc   func,
                                                  gpointer             user_data);

/* @data may be NULL. @pushed says the caller delivers it to the WebSocket itself (the
 * server); FALSE leaves it to the server's poll. */
DcNotification *dc_notification_create         (DcStore             *store,
                                                gint64               user_id,
                                                DcNotificationKind   kind,
                                                const char          *title,
                                                const char          *body,
                                                JsonObject          *data,
                                                gboolean             pushed,
                                                GError             **error);

/* Newest first, @limit at most, only rows with seq < @before (G_MAXINT64: from the newest).
 * @out_next_before is 0 when there is nothing older. */
GPtrArray      *dc_notification_list           (DcStore             *store,
                                                gint64               user_id,
                                                gboolean             unread_only,
                                                gint64               before,
                                                guint                limit,
                                                gint64              *out_next_before,
                                                GError             **error);
gboolean        dc_notification_unread_count   (DcStore             *store,
                                                gint64               user_id,
                                                gint64              *out_count,
                                                GError             **error);
/* A 404 DC_API_ERROR for an id that is not @user_id's. Marking twice keeps the first time. */
DcNotification *dc_notification_mark_read      (DcStore             *store,
                                                gint64               user_id,
                                                const char          *id,
                                                GError             **error);
gboolean        dc_notification_mark_all_read  (DcStore             *store,
                                                gint64               user_id,
                                                gint64              *out_marked,
                                                GError             **error);

#define DC_MATCH_NOTIFY_QUALITY 70

/*
 * The matching hook (DESIGN §7.2: "a new match with quality > 70 notifies both users"):
 * call it for each match computed; the first time a pair is seen above 70 both users get a
 * trade_match notification, and never again for that pair (matches_notified). Returns the
 * notifications created (two, or none) through @out_created when not NULL, paired with
 * their users in @out_users.
 */
gboolean        dc_notification_match_found    (DcStore             *store,
                                                gint64               user_id,
                                                gint64               partner_id,
                                                int                  quality,
                                                gboolean             pushed,
                                                GPtrArray          **out_created,
                                                GArray             **out_users,
                                                GError             **error);

/* --- the server's side ---------------------------------------------------------------- */

typedef struct _DcNotificationService DcNotificationService;

DcNotificationService *dc_notification_service_new   (DcServer              *server);
void            dc_notification_service_free         (DcNotificationService *self);
/* Creates, pushes to the user's connections and wakes the email worker. */
DcNotification *dc_notification_service_notify       (DcNotificationService *self,
                                                      gint64                 user_id,
                                                      DcNotificationKind     kind,
                                                      const char            *title,
                                                      const char            *body,
                                                      JsonObject            *data,
                                                      GError               **error);
/* dc_notification_match_found() on the server's store, pushing what it creates. */
gboolean        dc_notification_service_match_found  (DcNotificationService *self,
                                                      gint64                 user_id,
                                                      gint64                 partner_id,
                                                      int                    quality,
                                                      GError               **error);
/* Pushes notifications other processes wrote; returns how many. The poll calls it. */
guint           dc_notification_service_push_pending (DcNotificationService *self);

G_END_DECLS
