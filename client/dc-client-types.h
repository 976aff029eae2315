/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _DcAccount        DcAccount;
typedef struct _DcApiClient      DcApiClient;
typedef struct _DcApplication    DcApplication;
typedef struct _DcCardItem       DcCardItem;
typedef struct _DcCatalog        DcCatalog;
typedef struct _DcCatalogSync    DcCatalogSync;
typedef struct _DcImageCache     DcImageCache;
typedef struct _DcLocalStore     DcLocalStore;
typedef struct _DcWindow         DcWindow;

/**
 * DcSyncState:
 * @DC_SYNC_STATE_SYNCED: everything local is on the server and the other way round
 * @DC_SYNC_STATE_SYNCING: a download or a sync round trip is running
 * @DC_SYNC_STATE_OFFLINE: the server cannot be reached; edits wait in the outbox
 * @DC_SYNC_STATE_ERROR: the server refused to sync (signed out, or it failed); edits wait
 *   in the outbox and DcSyncEngine:error-message says why
 *
 * What the header-bar indicator shows.
 */
typedef enum
{
  DC_SYNC_STATE_SYNCED,
  DC_SYNC_STATE_SYNCING,
  DC_SYNC_STATE_OFFLINE,
  DC_SYNC_STATE_ERROR,
} DcSyncState;

/**
 * DcConnection:
 * @DC_CONNECTION_UNKNOWN: nothing was asked of the server yet
 * @DC_CONNECTION_ONLINE: the last request reached the server
 * @DC_CONNECTION_OFFLINE: the last request could not reach it
 */
typedef enum
{
  DC_CONNECTION_UNKNOWN,
  DC_CONNECTION_ONLINE,
  DC_CONNECTION_OFFLINE,
} DcConnection;

G_END_DECLS
