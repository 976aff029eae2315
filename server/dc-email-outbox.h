/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-config.h"
#include "dc-store.h"

G_BEGIN_DECLS

/*
 * The email outbox (DESIGN §7.9). Anyone — the server, or a command such as a price import
 * running in another process — queues mail with dc_email_outbox_enqueue() in its own
 * transaction; the server's worker thread, on its own SQLite connection, drains the table
 * so sending never blocks the main loop:
 *
 * - the user's preferences are checked again when the message is due (mail they turned off
 *   meanwhile is `cancelled`);
 * - during the user's quiet hours mail is `held` until they end, and beyond
 *   max_emails_per_day (counted in the user's local day) until the next day — never dropped;
 *   a change of preferences re-examines held mail at once;
 * - a failed attempt is retried after each delay of DUALCASTER_EMAIL_RETRY_DELAYS (seconds,
 *   default "0,300,900"), then the row is `failed` with its last error.
 *
 * The worker wakes every DUALCASTER_NOTIFY_POLL_MS (default 5000) and whenever
 * dc_email_outbox_wake() is called.
 */
typedef struct _DcEmailOutbox DcEmailOutbox;

#define DC_EMAIL_RETRY_DELAYS_DEFAULT "0,300,900"

/* Queues one message; @notification_id and @html may be NULL. */
gboolean       dc_email_outbox_enqueue  (DcStore       *store,
                                         gint64         user_id,
                                         const char    *notification_id,
                                         const char    *kind,
                                         const char    *to_address,
                                         const char    *subject,
                                         const char    *text,
                                         const char    *html,
                                         GError       **error);

/* Starts the worker on the database at @db_path. Returns NULL (and says why in the log)
 * when email is not configured correctly or the database is in memory. */
DcEmailOutbox *dc_email_outbox_start    (DcConfig      *config,
                                         const char    *db_path);
void           dc_email_outbox_wake     (DcEmailOutbox *outbox);
/* Stops the worker (an SMTP or HTTP exchange under way is cancelled) and frees it. */
void           dc_email_outbox_stop     (DcEmailOutbox *outbox);

/* "0,300,900" → delays in seconds; NULL on a malformed list. */
GArray        *dc_email_parse_retry_delays (const char *text);

G_END_DECLS
