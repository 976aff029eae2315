/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dc-card-item.h"
#include "dc-client-types.h"

G_BEGIN_DECLS

#define DC_TYPE_LOCAL_STORE (dc_local_store_get_type ())
G_DECLARE_FINAL_TYPE (DcLocalStore, dc_local_store, DC, LOCAL_STORE, GObject)

#define DC_LOCAL_STORE_ERROR (dc_local_store_error_quark ())
GQuark dc_local_store_error_quark (void);

typedef enum
{
  DC_LOCAL_STORE_ERROR_DATABASE,  /* SQLite failed (disk full, corrupt file…) */
  DC_LOCAL_STORE_ERROR_MIGRATION, /* a migration could not be applied */
  DC_LOCAL_STORE_ERROR_NOT_FOUND, /* no such card in the local catalog */
  DC_LOCAL_STORE_ERROR_INVALID,   /* a catalog line that is not a card object */
} DcLocalStoreError;

/* Meta keys */
#define DC_META_CATALOG_ETAG       "catalog.etag"
#define DC_META_CATALOG_UPDATED_AT "catalog.updated_at"
#define DC_META_CATALOG_VERSION    "catalog.version"

char         *dc_local_store_dir_for_account    (const char          *server_url,
                                                 const char          *username);
char         *dc_local_store_server_dir_name    (const char          *server_url);

DcLocalStore *dc_local_store_open               (const char          *path,
                                                 GError             **error);
void          dc_local_store_open_async         (const char          *path,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
DcLocalStore *dc_local_store_open_finish        (GAsyncResult        *result,
                                                 GError             **error);
const char   *dc_local_store_get_path           (DcLocalStore        *self);
int           dc_local_store_get_schema_version (DcLocalStore        *self);
void          dc_local_store_close              (DcLocalStore        *self);

/* Blocking calls: for worker threads and tests. Each holds the store's read connection. */
char         *dc_local_store_get_meta           (DcLocalStore        *self,
                                                 const char          *key,
                                                 GError             **error);
gint64        dc_local_store_count_cards        (DcLocalStore        *self,
                                                 GError             **error);
GListModel   *dc_local_store_search_cards       (DcLocalStore        *self,
                                                 const char          *text,
                                                 guint                limit,
                                                 GError             **error);
DcCardItem   *dc_local_store_lookup_card        (DcLocalStore        *self,
                                                 const char          *id,
                                                 GError             **error);

/* The same, off the main thread. */
void          dc_local_store_count_cards_async  (DcLocalStore        *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gint64        dc_local_store_count_cards_finish (DcLocalStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void          dc_local_store_search_cards_async (DcLocalStore        *self,
                                                 const char          *text,
                                                 guint                limit,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GListModel   *dc_local_store_search_cards_finish (DcLocalStore       *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
void          dc_local_store_lookup_card_async  (DcLocalStore        *self,
                                                 const char          *id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
DcCardItem   *dc_local_store_lookup_card_finish (DcLocalStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

char         *dc_local_store_fts_query          (const char          *text);

/**
 * DcCatalogWriter:
 *
 * A second connection to the same database that writes catalog lines, for the catalog
 * download's worker thread. Batches are transactions; readers keep working (WAL).
 */
typedef struct _DcCatalogWriter DcCatalogWriter;

DcCatalogWriter *dc_catalog_writer_new       (const char       *path,
                                              GError          **error);
void             dc_catalog_writer_free      (DcCatalogWriter  *writer);
char            *dc_catalog_writer_get_meta  (DcCatalogWriter  *writer,
                                              const char       *key);
gboolean         dc_catalog_writer_set_meta  (DcCatalogWriter  *writer,
                                              const char       *key,
                                              const char       *value,
                                              GError          **error);
gboolean         dc_catalog_writer_begin     (DcCatalogWriter  *writer,
                                              GError          **error);
gboolean         dc_catalog_writer_put_line  (DcCatalogWriter  *writer,
                                              const char       *line,
                                              gsize             length,
                                              GError          **error);
gboolean         dc_catalog_writer_commit    (DcCatalogWriter  *writer,
                                              GError          **error);
void             dc_catalog_writer_rollback  (DcCatalogWriter  *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcCatalogWriter, dc_catalog_writer_free)

G_END_DECLS
