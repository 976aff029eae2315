/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-list-items.h"
#include "dc-store.h"
#include "dc-sync.h"

G_BEGIN_DECLS

/*
 * The rules of a user's collection, have list and want list (DESIGN §5, §6), shared by
 * the REST routes, sync, the bot and trades: every write bumps the row's rev from the one
 * counter, deletes leave tombstones, and another user's rows are invisible (not found).
 *
 * The *_locked functions expect an open transaction; the others open their own.
 */

typedef enum
{
  DC_WRITE_CREATE_OR_UPDATE,
  DC_WRITE_CREATE_ONLY,   /* REST POST: an existing id is a conflict */
  DC_WRITE_UPDATE_ONLY,   /* REST PATCH: a missing id is not found */
} DcWriteMode;

/* Called after a transaction that changed @user_id's rows commits (sync pokes). */
typedef void (*DcCollectionChangedFunc) (gint64      user_id,
                                         const char *origin_device_id,
                                         gpointer    user_data);
void             dc_collection_set_changed_func   (DcCollectionChangedFunc func,
                                                   gpointer                user_data);
void             dc_collection_notify_changed     (gint64                  user_id,
                                                   const char             *origin_device_id);

gint64           dc_collection_next_rev           (DcStore         *store,
                                                   GError         **error);

DcInventoryItem *dc_collection_get_inventory      (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   GError         **error);
DcInventoryItem *dc_collection_upsert_inventory   (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   JsonObject      *fields,
                                                   DcWriteMode      mode,
                                                   GError         **error);
DcInventoryItem *dc_collection_adjust_inventory   (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   gint64           delta,
                                                   GError         **error);
gboolean         dc_collection_delete_inventory   (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   GError         **error);

DcHaveItem      *dc_collection_get_have           (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   GError         **error);
DcHaveItem      *dc_collection_upsert_have        (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   JsonObject      *fields,
                                                   DcWriteMode      mode,
                                                   GError         **error);
gboolean         dc_collection_delete_have        (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   GError         **error);

DcWantItem      *dc_collection_get_want           (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   GError         **error);
DcWantItem      *dc_collection_upsert_want        (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   JsonObject      *fields,
                                                   DcWriteMode      mode,
                                                   GError         **error);
gboolean         dc_collection_delete_want        (DcStore         *store,
                                                   gint64           user_id,
                                                   const char      *id,
                                                   GError         **error);

/* Locked variants, for callers that group several writes in one transaction. */
DcInventoryItem *dc_collection_upsert_inventory_locked (DcStore     *store,
                                                        gint64       user_id,
                                                        const char  *id,
                                                        JsonObject  *fields,
                                                        DcWriteMode  mode,
                                                        gboolean    *out_was_deleted,
                                                        GError     **error);
DcInventoryItem *dc_collection_load_inventory_locked   (DcStore     *store,
                                                        gint64       user_id,
                                                        const char  *id,
                                                        gboolean     include_deleted,
                                                        GError     **error);

DcSyncResponse  *dc_collection_sync               (DcStore         *store,
                                                   gint64           user_id,
                                                   DcSyncRequest   *request,
                                                   GError         **error);

G_END_DECLS
