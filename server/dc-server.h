/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

#include "dc-cache.h"
#include "dc-config.h"
#include "dc-rate-limiter.h"
#include "dc-router.h"
#include "dc-store.h"
#include "dc-types.h"
#include "dc-ws-hub.h"
#include "dc-notification-service.h"

G_BEGIN_DECLS

#define DC_TYPE_SERVER (dc_server_get_type ())
G_DECLARE_FINAL_TYPE (DcServer, dc_server, DC, SERVER, GObject)

DcServer      *dc_server_new                   (DcConfig     *config,
                                                DcStore      *store);
DcConfig      *dc_server_get_config            (DcServer     *self);
DcStore       *dc_server_get_store             (DcServer     *self);
DcRouter      *dc_server_get_router            (DcServer     *self);
SoupServer    *dc_server_get_soup_server       (DcServer     *self);
DcRateLimiter *dc_server_get_auth_rate_limiter (DcServer     *self);
DcCache       *dc_server_get_cache             (DcServer     *self);
DcWsHub       *dc_server_get_ws_hub            (DcServer     *self);
/* In-app notifications, their WebSocket push and the email worker (DESIGN §7.9). */
DcNotificationService *dc_server_get_notification_service (DcServer *self);
char          *dc_server_lookup_username       (DcServer     *self,
                                                gint64        user_id);
gboolean       dc_server_listen                (DcServer     *self,
                                                const char   *address,
                                                GError      **error);
/* The base URL it listens on, e.g. "http://127.0.0.1:8000". */
const char    *dc_server_get_base_url          (DcServer     *self);

/* Implemented by the auth service: resolves a bearer token to its user and session, or
 * sets a 401 error. */
gboolean       dc_server_authenticate          (DcServer     *self,
                                                const char   *token,
                                                gint64       *out_user_id,
                                                char        **out_session_id,
                                                GError      **error);

G_END_DECLS
