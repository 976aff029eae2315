/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-api-client.h"
#include "dc-client-types.h"
#include "dc-collection-store.h"
#include "dc-ws-client.h"

G_BEGIN_DECLS

/**
 * DcSyncEngine:
 *
 * Keeps an account's DcCollectionStore and the server in step (DESIGN §6). Once started it
 * syncs at once, 1 s after the last edit, every minute, when the server pokes it over the
 * event socket (which it owns, see dc_sync_engine_get_ws_client()) and when that socket
 * comes back; offline it retries with backoff.
 *
 * Properties: state (DcSyncState), pending-count (edits in the outbox), error-message
 * (why the state is error, else %NULL), last-sync-at (Unix ms of the last success).
 *
 * Signals for the window's toasts, "what happened to which card":
 * ::conflict (entity, id, card name, message): an edit of a row deleted elsewhere was
 * dropped, and the row is gone; ::rejected (same arguments): the server refused an edit
 * and the row is back to the server's version (or gone, if the server never had it).
 * ::signed-out: the server no longer accepts the token; syncing stops until the API
 * client gets a new token. ::synced: a sync finished without error.
 */
#define DC_TYPE_SYNC_ENGINE (dc_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (DcSyncEngine, dc_sync_engine, DC, SYNC_ENGINE, GObject)

DcSyncEngine *dc_sync_engine_new               (DcCollectionStore   *store,
                                                DcApiClient         *api);
void          dc_sync_engine_start             (DcSyncEngine        *self);
void          dc_sync_engine_stop              (DcSyncEngine        *self);
/* Asks for a sync soon (now, or right after the one running). */
void          dc_sync_engine_sync_now          (DcSyncEngine        *self);
/* One sync that starts after this call, followed to its end (all pages, all batches). */
void          dc_sync_engine_sync_async        (DcSyncEngine        *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      dc_sync_engine_sync_finish       (DcSyncEngine        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

DcSyncState   dc_sync_engine_get_state         (DcSyncEngine        *self);
guint         dc_sync_engine_get_pending_count (DcSyncEngine        *self);
const char   *dc_sync_engine_get_error_message (DcSyncEngine        *self);
gint64        dc_sync_engine_get_last_sync_at  (DcSyncEngine        *self);
DcCollectionStore *dc_sync_engine_get_store    (DcSyncEngine        *self);
DcWsClient   *dc_sync_engine_get_ws_client     (DcSyncEngine        *self);

G_END_DECLS
