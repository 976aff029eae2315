/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _DcStore DcStore;

#define DC_STORE_ERROR (dc_store_error_quark ())
GQuark dc_store_error_quark (void);

typedef enum
{
  DC_STORE_ERROR_OPEN,
  DC_STORE_ERROR_SQL,
  DC_STORE_ERROR_CONSTRAINT,
  DC_STORE_ERROR_BUSY,
  DC_STORE_ERROR_MIGRATION,
} DcStoreError;

typedef sqlite3_stmt DcStmtReset;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
/* Statements from dc_store_prepare() are cached: hold them in g_autoptr(DcStmtReset) so
 * they are reset (not finalized) when the scope ends. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcStmtReset, sqlite3_reset)

DcStore      *dc_store_open           (const char   *path,
                                       GError      **error);
void          dc_store_close          (DcStore      *store);
gboolean      dc_store_migrate        (DcStore      *store,
                                       GError      **error);
sqlite3      *dc_store_get_db         (DcStore      *store);
const char   *dc_store_get_path       (DcStore      *store);
sqlite3_stmt *dc_store_prepare        (DcStore      *store,
                                       const char   *sql,
                                       GError      **error);
gboolean      dc_store_exec           (DcStore      *store,
                                       const char   *sql,
                                       GError      **error);
gboolean      dc_store_begin          (DcStore      *store,
                                       GError      **error);
gboolean      dc_store_commit         (DcStore      *store,
                                       GError      **error);
void          dc_store_rollback       (DcStore      *store);
gboolean      dc_store_set_error      (DcStore      *store,
                                       int           rc,
                                       GError      **error);
/* Steps a statement that returns no row (or ignores rows). */
gboolean      dc_store_step_done      (DcStore      *store,
                                       sqlite3_stmt *stmt,
                                       GError      **error);
gint64        dc_store_changes_count  (DcStore      *store);
gint64        dc_store_last_insert_rowid (DcStore   *store);

/* Helpers for binding nullable text and reading columns. */
void          dc_stmt_bind_text       (sqlite3_stmt *stmt,
                                       int           index,
                                       const char   *text);
const char   *dc_stmt_column_text     (sqlite3_stmt *stmt,
                                       int           column);

gint64        dc_now_ms               (void);
char         *dc_time_ms_to_iso8601   (gint64        ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcStore, dc_store_close)

G_END_DECLS
