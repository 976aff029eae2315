/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dc-types.h"

G_BEGIN_DECLS

/*
 * GET /api/ws (DESIGN §8): authenticated by the Authorization header or a first
 * {"type":"auth","token":…} frame (close 4001 when that fails), pinged every 30 s, and used
 * to push events ({"type":"sync"}, later message.new, trade.updated, …) to every connection
 * of a user — a user may hold several, one per device.
 */
typedef struct _DcWsHub DcWsHub;

#define DC_WS_CLOSE_AUTH_FAILED 4001

DcWsHub *dc_ws_hub_new            (DcServer    *server);
void     dc_ws_hub_free           (DcWsHub     *hub);
void     dc_ws_hub_attach         (DcWsHub     *hub,
                                   SoupServer  *soup_server);
/* Sends @event to each open connection of @user_id, except the one that announced
 * @except_device_id (the device that made the change). Returns how many got it. */
guint    dc_ws_hub_send_to_user   (DcWsHub     *hub,
                                   gint64       user_id,
                                   JsonObject  *event,
                                   const char  *except_device_id);
guint    dc_ws_hub_count          (DcWsHub     *hub,
                                   gint64       user_id);

G_END_DECLS
