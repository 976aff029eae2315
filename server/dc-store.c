/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-store"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "dc-store.h"

struct _DcStore
{
  sqlite3    *db;
  char       *path;
  GHashTable *statements; /* SQL text (interned) → sqlite3_stmt* */
};

G_DEFINE_QUARK (dc-store-error-quark, dc_store_error)

gint64
dc_now_ms (void)
{
  return g_get_real_time () / 1000;
}

char *
dc_time_ms_to_iso8601 (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
dc_store_set_error (DcStore  *store,
                    int       rc,
                    GError  **error)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = DC_STORE_ERROR_CONSTRAINT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = DC_STORE_ERROR_BUSY;
      break;
    default:
      code = DC_STORE_ERROR_SQL;
      break;
    }
  g_set_error (error, DC_STORE_ERROR, code, "SQLite error %d: %s", rc,
               store && store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc));
  return FALSE;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

DcStore *
dc_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(DcStore) store = g_new0 (DcStore, 1);
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  store->path = g_strdup (path);
  store->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             finalize_statement);

  if (strcmp (path, ":memory:") != 0)
    {
      dir = g_path_get_dirname (path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          g_set_error (error, DC_STORE_ERROR, DC_STORE_ERROR_OPEN,
                       "Cannot create the directory for the database %s", path);
          return NULL;
        }
    }

  rc = sqlite3_open_v2 (path, &store->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DC_STORE_ERROR, DC_STORE_ERROR_OPEN, "Cannot open database %s: %s",
                   path, store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (store->db, 10000);
  sqlite3_extended_result_codes (store->db, 1);
  if (!dc_store_exec (store,
                      "PRAGMA journal_mode=WAL;"
                      "PRAGMA foreign_keys=ON;"
                      "PRAGMA synchronous=FULL;"
                      "PRAGMA temp_store=MEMORY;",
                      error))
    return NULL;

  return g_steal_pointer (&store);
}

void
dc_store_close (DcStore *store)
{
  if (store == NULL)
    return;
  g_clear_pointer (&store->statements, g_hash_table_unref);
  if (store->db != NULL)
    sqlite3_close (store->db);
  g_free (store->path);
  g_free (store);
}

sqlite3 *
dc_store_get_db (DcStore *store)
{
  return store->db;
}

const char *
dc_store_get_path (DcStore *store)
{
  return store->path;
}

sqlite3_stmt *
dc_store_prepare (DcStore     *store,
                  const char  *sql,
                  GError     **error)
{
  const char *key = g_intern_string (sql);
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (store->statements, key);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      dc_store_set_error (store, rc, error);
      g_prefix_error (error, "Preparing statement: ");
      return NULL;
    }
  g_hash_table_insert (store->statements, (gpointer) key, stmt);
  return stmt;
}

gboolean
dc_store_exec (DcStore     *store,
               const char  *sql,
               GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, DC_STORE_ERROR, DC_STORE_ERROR_SQL, "SQLite error %d: %s", rc,
                   message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
dc_store_begin (DcStore  *store,
                GError  **error)
{
  return dc_store_exec (store, "BEGIN IMMEDIATE", error);
}

gboolean
dc_store_commit (DcStore  *store,
                 GError  **error)
{
  return dc_store_exec (store, "COMMIT", error);
}

void
dc_store_rollback (DcStore *store)
{
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
dc_store_step_done (DcStore       *store,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  return TRUE;
}

gint64
dc_store_changes_count (DcStore *store)
{
  return sqlite3_changes64 (store->db);
}

gint64
dc_store_last_insert_rowid (DcStore *store)
{
  return sqlite3_last_insert_rowid (store->db);
}

void
dc_stmt_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
dc_stmt_column_text (sqlite3_stmt *stmt,
                     int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Migrations are numbered SQL files in the GResource (/com/dualcasterdeals/server/migrations/
 * NNNN-name.sql). All pending ones are applied in one transaction and recorded. */
gboolean
dc_store_migrate (DcStore  *store,
                  GError  **error)
{
  static const char *dir = "/com/dualcasterdeals/server/migrations";
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  names = g_resources_enumerate_children (dir, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; names[i]; i++)
    if (g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (sorted, names[i]);
  g_ptr_array_sort (sorted, compare_names);

  if (!dc_store_exec (store,
                      "CREATE TABLE IF NOT EXISTS schema_migrations ("
                      " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                      " applied_at INTEGER NOT NULL)",
                      error))
    return FALSE;
  if (!dc_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *name = g_ptr_array_index (sorted, i);
      g_autofree char *path = g_build_path ("/", dir, name, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;
      gint64 version = g_ascii_strtoll (name, NULL, 10);
      sqlite3_stmt *stmt;
      gboolean applied;

      stmt = dc_store_prepare (store, "SELECT 1 FROM schema_migrations WHERE version = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, version);
      applied = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (applied)
        continue;

      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        goto fail;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (!dc_store_exec (store, sql, error))
        {
          g_prefix_error (error, "Migration %s: ", name);
          goto fail;
        }
      stmt = dc_store_prepare (store,
                               "INSERT INTO schema_migrations (version, name, applied_at)"
                               " VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, version);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, dc_now_ms ());
      if (!dc_store_step_done (store, stmt, error))
        goto fail;
      g_debug ("Applied migration %s", name);
    }

  return dc_store_commit (store, error);

fail:
  dc_store_rollback (store);
  return FALSE;
}
