/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dc-have-row.h"
#include "dc-inventory-row.h"
#include "dc-sync.h"
#include "dc-want-row.h"

G_BEGIN_DECLS

#define DC_TYPE_COLLECTION_STORE (dc_collection_store_get_type ())
G_DECLARE_FINAL_TYPE (DcCollectionStore, dc_collection_store, DC, COLLECTION_STORE, GObject)

#define DC_COLLECTION_STORE_ERROR (dc_collection_store_error_quark ())
GQuark dc_collection_store_error_quark (void);

typedef enum
{
  DC_COLLECTION_STORE_ERROR_DATABASE,  /* SQLite failed, or the store is closed */
  DC_COLLECTION_STORE_ERROR_NOT_FOUND, /* no such item (or it was deleted) */
  DC_COLLECTION_STORE_ERROR_INVALID,   /* the edit breaks a rule; the message says which */
} DcCollectionStoreError;

/**
 * DcCollectionTotals:
 * @items: inventory rows
 * @cards: copies (the sum of the quantities)
 * @value: Σ quantity × current USD price × condition multiplier (DESIGN §7.7), in cents,
 *   over the rows that have a price
 * @priced_items: rows that have a price (@value covers these)
 * @cost_basis: Σ quantity × acquisition price, in cents, over rows bought in USD
 * @profit: Σ (value − cost) over the rows that have both a price and a USD acquisition
 *   price, so a row without one does not skew it
 */
typedef struct
{
  guint  items;
  gint64 cards;
  gint64 value;
  guint  priced_items;
  gint64 cost_basis;
  gint64 profit;
} DcCollectionTotals;

#define DC_TYPE_COLLECTION_TOTALS (dc_collection_totals_get_type ())
GType               dc_collection_totals_get_type (void) G_GNUC_CONST;
DcCollectionTotals *dc_collection_totals_copy     (const DcCollectionTotals *totals);
void                dc_collection_totals_free     (DcCollectionTotals       *totals);

/* Opening: the database must already carry the collection migration (DcLocalStore applies
 * every migration when it opens the same file). Blocking. */
DcCollectionStore  *dc_collection_store_open            (const char          *path,
                                                         GError             **error);
void                dc_collection_store_open_async      (const char          *path,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
DcCollectionStore  *dc_collection_store_open_finish     (GAsyncResult        *result,
                                                         GError             **error);
void                dc_collection_store_close           (DcCollectionStore   *self);
const char         *dc_collection_store_get_path        (DcCollectionStore   *self);
const char         *dc_collection_store_get_device_id   (DcCollectionStore   *self);
guint               dc_collection_store_get_pending_count (DcCollectionStore *self);

/*
 * Edits. Each one checks the rules the server applies, writes the row and appends its
 * outbox op in one transaction, then emits ::items-changed. @fields use the wire names of
 * DESIGN §5 (money as decimal strings, "10.00").
 *
 * The blocking forms are for worker threads and tests; the UI uses the _async forms,
 * which run one after another in the order they were called.
 */
char               *dc_collection_store_create          (DcCollectionStore   *self,
                                                         DcSyncEntity         entity,
                                                         JsonObject          *fields,
                                                         GError             **error);
GPtrArray          *dc_collection_store_create_many     (DcCollectionStore   *self,
                                                         DcSyncEntity         entity,
                                                         GPtrArray           *fields_list,
                                                         GError             **error);
char               *dc_collection_store_add_card        (DcCollectionStore   *self,
                                                         const char          *card_id,
                                                         const char          *finish,
                                                         const char          *condition,
                                                         const char          *language,
                                                         int                  quantity,
                                                         GError             **error);
gboolean            dc_collection_store_update          (DcCollectionStore   *self,
                                                         DcSyncEntity         entity,
                                                         const char          *id,
                                                         JsonObject          *fields,
                                                         GError             **error);
gboolean            dc_collection_store_adjust_quantity (DcCollectionStore   *self,
                                                         const char          *inventory_item_id,
                                                         int                  delta,
                                                         GError             **error);
gboolean            dc_collection_store_delete          (DcCollectionStore   *self,
                                                         DcSyncEntity         entity,
                                                         const char          *id,
                                                         GError             **error);
char               *dc_collection_store_mark_for_trade  (DcCollectionStore   *self,
                                                         const char          *inventory_item_id,
                                                         int                  quantity,
                                                         GError             **error);

void                dc_collection_store_create_async    (DcCollectionStore   *self,
                                                         DcSyncEntity         entity,
                                                         JsonObject          *fields,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char               *dc_collection_store_create_finish   (DcCollectionStore   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                dc_collection_store_create_many_async (DcCollectionStore *self,
                                                           DcSyncEntity       entity,
                                                           GPtrArray         *fields_list,
                                                           GCancellable      *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer           user_data);
GPtrArray          *dc_collection_store_create_many_finish (DcCollectionStore *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);
void                dc_collection_store_update_async    (DcCollectionStore   *self,
                                                         DcSyncEntity         entity,
                                                         const char          *id,
                                                         JsonObject          *fields,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
void                dc_collection_store_adjust_quantity_async (DcCollectionStore *self,
                                                               const char        *inventory_item_id,
                                                               int                delta,
                                                               GCancellable      *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer           user_data);
void                dc_collection_store_delete_async    (DcCollectionStore   *self,
                                                         DcSyncEntity         entity,
                                                         const char          *id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* Finishes update, adjust_quantity and delete. */
gboolean            dc_collection_store_edit_finish     (DcCollectionStore   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                dc_collection_store_mark_for_trade_async (DcCollectionStore *self,
                                                              const char        *inventory_item_id,
                                                              int                quantity,
                                                              GCancellable      *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer           user_data);
/* Returns the have item's id. */
char               *dc_collection_store_mark_for_trade_finish (DcCollectionStore *self,
                                                               GAsyncResult      *result,
                                                               GError           **error);

/*
 * Reads. A list is a GListModel of DcInventoryRow / DcHaveRow / DcWantRow in a stable
 * order (the order rows reached this device), joined with the local catalog for names
 * and current prices. The blocking forms are for worker threads and tests.
 */
GListModel         *dc_collection_store_list_inventory  (DcCollectionStore   *self,
                                                         GError             **error);
GListModel         *dc_collection_store_list_have       (DcCollectionStore   *self,
                                                         GError             **error);
GListModel         *dc_collection_store_list_want       (DcCollectionStore   *self,
                                                         GError             **error);
DcInventoryRow     *dc_collection_store_get_inventory_item (DcCollectionStore *self,
                                                            const char        *id,
                                                            GError           **error);
DcHaveRow          *dc_collection_store_get_have_item   (DcCollectionStore   *self,
                                                         const char          *id,
                                                         GError             **error);
DcWantRow          *dc_collection_store_get_want_item   (DcCollectionStore   *self,
                                                         const char          *id,
                                                         GError             **error);
gboolean            dc_collection_store_compute_totals  (DcCollectionStore   *self,
                                                         DcCollectionTotals  *out_totals,
                                                         GError             **error);

void                dc_collection_store_list_async      (DcCollectionStore   *self,
                                                         DcSyncEntity         entity,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GListModel         *dc_collection_store_list_finish     (DcCollectionStore   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/*
 * Live models for the pages: a GListStore the store keeps up to date after every local
 * edit and every sync (rows that changed are updated in place and notify their
 * properties; added and removed rows are spliced). The first call starts loading it.
 * ::totals-changed follows each refresh of the inventory model.
 */
GListModel         *dc_collection_store_get_inventory_model (DcCollectionStore *self);
GListModel         *dc_collection_store_get_have_model  (DcCollectionStore   *self);
GListModel         *dc_collection_store_get_want_model  (DcCollectionStore   *self);
const DcCollectionTotals *dc_collection_store_get_totals (DcCollectionStore  *self);
void                dc_collection_store_reload          (DcCollectionStore   *self);

G_END_DECLS
