/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-collection-import.h"

G_BEGIN_DECLS

/* Reading and writing collection files against the account's local database, for worker
 * threads: each call opens its own read-only SQLite connection. */

typedef void (*DcImportProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

/* Parses @data (@format NULL: detect it) and resolves its rows against the local catalog
 * at @db_path. @progress (nullable) is called from the calling thread as rows are
 * resolved. Cancelling returns G_IO_ERROR_CANCELLED. Writes nothing. */
DcImportResult *dc_catalog_import_prepare (const char        *db_path,
                                           GBytes            *data,
                                           const char        *format,
                                           GCancellable      *cancellable,
                                           DcImportProgress   progress,
                                           gpointer           progress_data,
                                           gboolean          *out_detected,
                                           GError           **error);

/* For each item of @result guessed from a name, in order: "Name · Set (SET) #number" of
 * the printing chosen, so the user can check it. (element-type utf8) */
GPtrArray      *dc_catalog_describe_guesses (const char          *db_path,
                                             const DcImportResult *result);

/* The inventory fields (wire names) of each item of @result, for
 * dc_collection_store_create_many(). (element-type JsonObject) */
GPtrArray      *dc_catalog_import_fields  (const DcImportResult *result);

/* The local inventory joined with the catalog, written as @format; @out_items: the items
 * written (a format that cannot name a card leaves it out). */
GBytes         *dc_catalog_export         (const char        *db_path,
                                           const char        *format,
                                           guint             *out_items,
                                           GError           **error);

G_END_DECLS
