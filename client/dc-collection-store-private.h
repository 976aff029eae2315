/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-collection-store.h"

G_BEGIN_DECLS

/*
 * What the sync engine needs of the store. Each call runs on the store's writer thread
 * (the _async forms) or under its writer lock (the blocking forms), so it is ordered with
 * the user's edits.
 */

/**
 * DcSyncNotice:
 *
 * Something the server did to one of the user's rows that the user must hear about: a
 * conflict (edited here, deleted elsewhere) or a rejection (the edit broke a rule).
 */
typedef struct
{
  DcSyncStatus  status;
  DcSyncEntity  entity;
  char         *id;
  char         *card_name;   /* nullable: the card is not in the local catalog */
  char         *message;     /* the server's message */
} DcSyncNotice;

void            _dc_sync_notice_free                 (DcSyncNotice      *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSyncNotice, _dc_sync_notice_free)

/* The oldest @max_ops outbox ops (counted as sent once more), the cursor and device id. */
DcSyncRequest  *_dc_collection_store_take_batch      (DcCollectionStore *self,
                                                      guint              max_ops,
                                                      GError           **error);
void            _dc_collection_store_take_batch_async (DcCollectionStore *self,
                                                       guint              max_ops,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
DcSyncRequest  *_dc_collection_store_take_batch_finish (DcCollectionStore *self,
                                                        GAsyncResult      *result,
                                                        GError           **error);

/* Applies one answer in one transaction: drops the answered ops, stores the server's
 * rows, replays what is still pending on top, moves the cursor. Returns DcSyncNotice*. */
GPtrArray      *_dc_collection_store_apply_response  (DcCollectionStore *self,
                                                      DcSyncRequest     *request,
                                                      DcSyncResponse    *response,
                                                      GError           **error);
void            _dc_collection_store_apply_response_async (DcCollectionStore *self,
                                                           DcSyncRequest     *request,
                                                           DcSyncResponse    *response,
                                                           GCancellable      *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer           user_data);
GPtrArray      *_dc_collection_store_apply_response_finish (DcCollectionStore *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

/* Drops an op the server refused to even read (a malformed request names it), restores
 * its row and returns the rejection to report. */
DcSyncNotice   *_dc_collection_store_drop_op         (DcCollectionStore *self,
                                                      const char        *op_id,
                                                      const char        *message,
                                                      GError           **error);
void            _dc_collection_store_drop_op_async   (DcCollectionStore *self,
                                                      const char        *op_id,
                                                      const char        *message,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
DcSyncNotice   *_dc_collection_store_drop_op_finish  (DcCollectionStore *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);

/* Remembers why the last sync failed (NULL: it succeeded) in sync_state. */
void            _dc_collection_store_record_error    (DcCollectionStore *self,
                                                      const char        *message);

G_END_DECLS
