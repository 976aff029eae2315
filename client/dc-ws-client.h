/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dc-api-client.h"

G_BEGIN_DECLS

/**
 * DcWsClient:
 *
 * The client end of the server's event socket (GET /api/ws, DESIGN §8). It authenticates
 * with the API client's bearer token, names this device (so the server does not poke it
 * about its own edits) and stays connected: after a drop it reconnects with exponential
 * backoff and jitter (capped at a minute). A server that closes with 4001 refused the token;
 * the client then stops and says so with ::auth-failed until started again.
 *
 * Signals: ::event (type, JsonObject) for every event, ::sync-requested for "sync", and
 * ::auth-failed. Property: connected (the server said "ready" on a live socket).
 */
#define DC_TYPE_WS_CLIENT (dc_ws_client_get_type ())
G_DECLARE_FINAL_TYPE (DcWsClient, dc_ws_client, DC, WS_CLIENT, GObject)

#define DC_WS_CLOSE_AUTH_FAILED 4001

DcWsClient *dc_ws_client_new            (DcApiClient *api,
                                         const char  *device_id);
void        dc_ws_client_start          (DcWsClient  *self);
void        dc_ws_client_stop           (DcWsClient  *self);
/* Tries at once (and forgets the backoff) when not connected: the network came back. */
void        dc_ws_client_reconnect_now  (DcWsClient  *self);
gboolean    dc_ws_client_get_connected  (DcWsClient  *self);
gboolean    dc_ws_client_get_running    (DcWsClient  *self);
const char *dc_ws_client_get_device_id  (DcWsClient  *self);
/* The delay before the next attempt, in ms (0 when connected or stopped); for tests. */
guint       dc_ws_client_get_retry_delay (DcWsClient *self);

G_END_DECLS
