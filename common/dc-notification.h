/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * An in-app notification (DESIGN §7.9), the one wire shape used by
 * `GET /api/notifications`, the `notification.new` WebSocket event, the client and the bot:
 *
 *   {"id": UUID, "kind": "price_alert", "title": "…", "body": "…", "data": {…},
 *    "created_at": RFC 3339, "read_at": RFC 3339 | null}
 *
 * `data` depends on the kind (card ids, prices as decimal strings, the partner's username);
 * it is always an object. Times are Unix milliseconds here.
 */

typedef enum
{
  DC_NOTIFICATION_PRICE_ALERT,    /* a want's target price was reached */
  DC_NOTIFICATION_PRICE_SPIKE,    /* a card on the want list or in the collection jumped */
  DC_NOTIFICATION_TRADE_MATCH,    /* a new two-way match above quality 70 */
  DC_NOTIFICATION_TRADE_PROPOSAL, /* a proposal arrived or changed */
  DC_NOTIFICATION_MESSAGE,        /* a message from another user */
  DC_NOTIFICATION_SYSTEM,         /* a notice from the operators */
  DC_NOTIFICATION_N_KINDS
} DcNotificationKind;

typedef struct
{
  char               *id;
  DcNotificationKind  kind;
  char               *title;
  char               *body;
  JsonObject         *data;       /* never NULL */
  gint64              created_at;
  gint64              read_at;    /* 0 while unread */
} DcNotification;

#define DC_NOTIFICATION_TITLE_MAX_CHARS 200
#define DC_NOTIFICATION_BODY_MAX_CHARS  2000

const char     *dc_notification_kind_to_string   (DcNotificationKind     kind);
gboolean        dc_notification_kind_from_string (const char            *text,
                                                  DcNotificationKind    *out_kind);

DcNotification *dc_notification_new              (void);
void            dc_notification_free             (DcNotification        *notification);
JsonObject     *dc_notification_to_json          (const DcNotification  *notification);
/* Fails with a 422 DC_API_ERROR naming the member that is missing or wrong. */
DcNotification *dc_notification_from_json        (JsonObject            *object,
                                                  GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcNotification, dc_notification_free)

G_END_DECLS
