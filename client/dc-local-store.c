/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-local-store"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "dc-local-store.h"

/* DcLocalStore: the account's SQLite database. One read connection, used from GTask
 * worker threads under a mutex; the catalog download writes through its own connection
 * (DcCatalogWriter). WAL lets both run at once. */

#define MIGRATIONS_PATH "/com/dualcasterdeals/Deals/migrations"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _DcLocalStore
{
  GObject  parent_instance;

  char    *path;
  GMutex   mutex;
  sqlite3 *db;
  int      schema_version;
};

G_DEFINE_FINAL_TYPE (DcLocalStore, dc_local_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (dc-local-store-error-quark, dc_local_store_error)

static gboolean
set_db_error (GError     **error,
              sqlite3     *db,
              const char  *what)
{
  g_set_error (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_DATABASE,
               "%s: %s", what, db ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_DATABASE, "%s",
                   message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (error, db, "prepare");
      return NULL;
    }
  return stmt;
}

static sqlite3 *
open_db (const char  *path,
         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      set_db_error (error, db, path);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  /* Edits will live here before they reach the server (phase 2): an acknowledged write
   * must survive a crash or a power cut. */
  if (!exec_sql (db, "PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = FULL;"
                     "PRAGMA foreign_keys = ON;", error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
migrate (sqlite3  *db,
         int      *out_version,
         GError  **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(sqlite3_stmt) query = NULL;
  int current = 0;

  if (!exec_sql (db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " version INTEGER PRIMARY KEY,"
                     " applied_at INTEGER NOT NULL)", error))
    return FALSE;

  if ((query = prepare (db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                        error)) == NULL)
    return FALSE;
  if (sqlite3_step (query) == SQLITE_ROW)
    current = sqlite3_column_int (query, 0);

  names = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *resource = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(sqlite3_stmt) record = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *sql = NULL;
      int version = atoi (names[i]);

      if (version <= 0 || !g_str_has_suffix (names[i], ".sql"))
        continue;
      if (version <= current)
        continue;

      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (db, sql, &local_error) ||
          (record = prepare (db, "INSERT INTO schema_migrations (version, applied_at)"
                                 " VALUES (?, ?)", &local_error)) == NULL)
        {
          exec_sql (db, "ROLLBACK", NULL);
          g_set_error (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_MIGRATION,
                       "migration %s: %s", names[i], local_error->message);
          return FALSE;
        }
      sqlite3_bind_int (record, 1, version);
      sqlite3_bind_int64 (record, 2, g_get_real_time () / 1000);
      if (sqlite3_step (record) != SQLITE_DONE)
        {
          set_db_error (error, db, names[i]);
          exec_sql (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec_sql (db, "COMMIT", error))
        return FALSE;
      current = version;
    }

  *out_version = current;
  return TRUE;
}

static void
dc_local_store_finalize (GObject *object)
{
  DcLocalStore *self = (DcLocalStore *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (dc_local_store_parent_class)->finalize (object);
}

static void
dc_local_store_class_init (DcLocalStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_local_store_finalize;
}

static void
dc_local_store_init (DcLocalStore *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * dc_local_store_server_dir_name:
 * @server_url: a normalized base URL
 *
 * Returns: (transfer full): "127.0.0.1-8000" for http://127.0.0.1:8000
 */
char *
dc_local_store_server_dir_name (const char *server_url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *name = NULL;
  int port;

  g_return_val_if_fail (server_url != NULL, NULL);

  uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_compute_checksum_for_string (G_CHECKSUM_SHA256, server_url, -1);

  port = g_uri_get_port (uri);
  if (port <= 0)
    port = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
  name = g_strdup_printf ("%s-%d", g_uri_get_host (uri), port);
  return g_strcanon (g_steal_pointer (&name),
                     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", '_');
}

/**
 * dc_local_store_dir_for_account:
 *
 * Returns: (transfer full): $XDG_DATA_HOME/dualcaster/<server-host-port>/<username>
 */
char *
dc_local_store_dir_for_account (const char *server_url,
                                const char *username)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (username != NULL && *username != '\0', NULL);

  server = dc_local_store_server_dir_name (server_url);
  user = g_strcanon (g_strdup (username),
                     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", '_');
  if (user[0] == '.')
    user[0] = '_';
  return g_build_filename (g_get_user_data_dir (), "dualcaster", server, user, NULL);
}

/**
 * dc_local_store_open:
 * @path: the database file; its folder is created
 * @error: return location for an error
 *
 * Opens (or creates) the database and applies the migrations it lacks, each in one
 * transaction. Blocking: call it from a worker thread or a test.
 *
 * Returns: (transfer full) (nullable): the store
 */
DcLocalStore *
dc_local_store_open (const char  *path,
                     GError     **error)
{
  g_autoptr(DcLocalStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DC_TYPE_LOCAL_STORE, NULL);
  self->path = g_strdup (path);
  if ((self->db = open_db (path, error)) == NULL)
    return NULL;
  if (!migrate (self->db, &self->schema_version, error))
    {
      g_prefix_error (error, _("Cannot prepare the local database %s: "), path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  DcLocalStore *store = dc_local_store_open (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
dc_local_store_open_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_local_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

DcLocalStore *
dc_local_store_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
dc_local_store_get_path (DcLocalStore *self)
{
  g_return_val_if_fail (DC_IS_LOCAL_STORE (self), NULL);

  return self->path;
}

int
dc_local_store_get_schema_version (DcLocalStore *self)
{
  g_return_val_if_fail (DC_IS_LOCAL_STORE (self), 0);

  return self->schema_version;
}

/**
 * dc_local_store_close:
 *
 * Closes the read connection (before the account's files are deleted). Later calls fail.
 */
void
dc_local_store_close (DcLocalStore *self)
{
  g_return_if_fail (DC_IS_LOCAL_STORE (self));

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_unlock (&self->mutex);
}

static gboolean
check_open (DcLocalStore  *self,
            GError       **error)
{
  if (self->db != NULL)
    return TRUE;
  g_set_error_literal (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_DATABASE,
                       "the local database is closed");
  return FALSE;
}

char *
dc_local_store_get_meta (DcLocalStore  *self,
                         const char    *key,
                         GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DC_IS_LOCAL_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!check_open (self, error))
    return NULL;
  if ((stmt = prepare (self->db, "SELECT value FROM meta WHERE key = ?", error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return NULL;
}

gint64
dc_local_store_count_cards (DcLocalStore  *self,
                            GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DC_IS_LOCAL_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!check_open (self, error))
    return -1;
  if ((stmt = prepare (self->db, "SELECT COUNT(*) FROM cards", error)) == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (error, self->db, "count");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * dc_local_store_fts_query:
 * @text: what the user typed
 *
 * An FTS5 query matching rows that contain every word of @text as a word prefix:
 * "lim dul" → `"lim"* "dul"*`. Words are quoted, so user input never reaches FTS5's
 * query syntax. Words split where the unicode61 tokenizer splits them.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @text has no words
 */
char *
dc_local_store_fts_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  for (p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

static GArray *
read_prices (sqlite3       *db,
             sqlite3_stmt  *stmt,
             gint64         num,
             GError       **error)
{
  g_autoptr(GArray) prices = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, num);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "finish",
                                     (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (object, "currency",
                                     (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (object, "source",
                                     (const char *) sqlite3_column_text (stmt, 2));
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        json_object_set_string_member (object, "day", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_int_member (object, "amount_minor", sqlite3_column_int64 (stmt, 4));
      json_array_add_object_element (array, object);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, db, "prices");
      return NULL;
    }
  dc_item_prices_parse (array, &prices);
  return g_steal_pointer (&prices);
}

static DcCardItem *
item_from_row (sqlite3       *db,
               sqlite3_stmt  *row,
               sqlite3_stmt  *prices_stmt,
               GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DcCardItem) item = NULL;
  g_autoptr(GArray) prices = NULL;
  const char *json = (const char *) sqlite3_column_text (row, 1);
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_INVALID,
                           "a stored card is not a JSON object");
      return NULL;
    }
  if ((item = dc_card_item_new_from_json (json_node_get_object (root), error)) == NULL)
    return NULL;
  if ((prices = read_prices (db, prices_stmt, sqlite3_column_int64 (row, 0), error)) == NULL)
    return NULL;
  dc_card_item_set_prices (item, prices);
  return g_steal_pointer (&item);
}

#define PRICES_SQL \
  "SELECT finish, currency, source, day, amount_minor FROM current_prices WHERE card = ?" \
  " ORDER BY CASE finish WHEN 'nonfoil' THEN 0 WHEN 'foil' THEN 1 ELSE 2 END," \
  " CASE currency WHEN 'USD' THEN 0 WHEN 'EUR' THEN 1 ELSE 2 END, source"

/**
 * dc_local_store_search_cards:
 * @self: a store
 * @text: what the user typed
 * @limit: at most this many printings
 * @error: return location for an error
 *
 * Printings whose names contain every word of @text as a prefix, diacritics ignored.
 * Exact names come first, then names that start with @text, then the best FTS rank,
 * newest printing first among equals.
 *
 * Returns: (transfer full): a list model of #DcCardItem (empty for no words)
 */
GListModel *
dc_local_store_search_cards (DcLocalStore  *self,
                             const char    *text,
                             guint          limit,
                             GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GListStore) results = g_list_store_new (DC_TYPE_CARD_ITEM);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) prices = NULL;
  g_autofree char *query = NULL;
  g_autofree char *trimmed = NULL;
  int rc;

  g_return_val_if_fail (DC_IS_LOCAL_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if ((query = dc_local_store_fts_query (text)) == NULL)
    return G_LIST_MODEL (g_steal_pointer (&results));
  trimmed = g_strstrip (g_strdup (text));

  locker = g_mutex_locker_new (&self->mutex);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self->db,
                  "SELECT c.num, c.card_json FROM cards_fts f JOIN cards c ON c.num = f.rowid"
                  " WHERE cards_fts MATCH ?1"
                  " ORDER BY c.name = ?2 COLLATE NOCASE DESC,"
                  "  substr(c.name, 1, length(?2)) = ?2 COLLATE NOCASE DESC,"
                  "  bm25(cards_fts), c.released_at DESC, c.set_code, c.collector_number"
                  " LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  if ((prices = prepare (self->db, PRICES_SQL, error)) == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, (int) MIN (limit, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DcCardItem) item = NULL;
      g_autoptr(GError) row_error = NULL;

      item = item_from_row (self->db, stmt, prices, &row_error);
      if (item == NULL)
        {
          g_warning ("Skipping a broken catalog row: %s", row_error->message);
          continue;
        }
      g_list_store_append (results, item);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->db, "search");
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&results));
}

DcCardItem *
dc_local_store_lookup_card (DcLocalStore  *self,
                            const char    *id,
                            GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) prices = NULL;

  g_return_val_if_fail (DC_IS_LOCAL_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!check_open (self, error))
    return NULL;
  if ((stmt = prepare (self->db, "SELECT num, card_json FROM cards WHERE id = ?", error)) == NULL)
    return NULL;
  if ((prices = prepare (self->db, PRICES_SQL, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_NOT_FOUND,
                   _("The card %s is not in the local catalog"), id);
      return NULL;
    }
  return item_from_row (self->db, stmt, prices, error);
}

typedef struct
{
  char  *text;
  guint  limit;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->text);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  GError *error = NULL;
  GListModel *model;

  if (g_task_return_error_if_cancelled (task))
    return;
  model = dc_local_store_search_cards (source_object, data->text, data->limit, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
dc_local_store_search_cards_async (DcLocalStore        *self,
                                   const char          *text,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  g_return_if_fail (DC_IS_LOCAL_STORE (self));
  g_return_if_fail (text != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_local_store_search_cards_async);
  data = g_new0 (SearchData, 1);
  data->text = g_strdup (text);
  data->limit = limit;
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

GListModel *
dc_local_store_search_cards_finish (DcLocalStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  DcCardItem *item = dc_local_store_lookup_card (source_object, task_data, &error);

  if (item == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, item, g_object_unref);
}

void
dc_local_store_lookup_card_async (DcLocalStore        *self,
                                  const char          *id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DC_IS_LOCAL_STORE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_local_store_lookup_card_async);
  g_task_set_task_data (task, g_strdup (id), g_free);
  g_task_run_in_thread (task, lookup_thread);
}

DcCardItem *
dc_local_store_lookup_card_finish (DcLocalStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  gint64 count = dc_local_store_count_cards (source_object, &error);

  if (count < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, count);
}

void
dc_local_store_count_cards_async (DcLocalStore        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DC_IS_LOCAL_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_local_store_count_cards_async);
  g_task_run_in_thread (task, count_thread);
}

/* Returns -1 with @error set on failure. */
gint64
dc_local_store_count_cards_finish (DcLocalStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- DcCatalogWriter ---------------------------------------------------------------- */

struct _DcCatalogWriter
{
  sqlite3      *db;
  sqlite3_stmt *upsert;
  sqlite3_stmt *fts_delete;
  sqlite3_stmt *fts_insert;
  sqlite3_stmt *prices_delete;
  sqlite3_stmt *price_insert;
  JsonParser   *parser;
  gboolean      in_transaction;
};

void
dc_catalog_writer_free (DcCatalogWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->in_transaction)
    dc_catalog_writer_rollback (writer);
  g_clear_pointer (&writer->upsert, sqlite3_finalize);
  g_clear_pointer (&writer->fts_delete, sqlite3_finalize);
  g_clear_pointer (&writer->fts_insert, sqlite3_finalize);
  g_clear_pointer (&writer->prices_delete, sqlite3_finalize);
  g_clear_pointer (&writer->price_insert, sqlite3_finalize);
  g_clear_pointer (&writer->db, sqlite3_close);
  g_clear_object (&writer->parser);
  g_free (writer);
}

/**
 * dc_catalog_writer_new:
 * @path: a database that dc_local_store_open() has migrated
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): a writer, to be used from one thread
 */
DcCatalogWriter *
dc_catalog_writer_new (const char  *path,
                       GError     **error)
{
  g_autoptr(DcCatalogWriter) writer = g_new0 (DcCatalogWriter, 1);

  if ((writer->db = open_db (path, error)) == NULL)
    return NULL;
  writer->upsert = prepare (writer->db,
    "INSERT INTO cards (id, oracle_id, name, printed_name, lang, set_code, set_name,"
    " collector_number, rarity, released_at, card_json, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    " ON CONFLICT (id) DO UPDATE SET oracle_id = ?2, name = ?3, printed_name = ?4, lang = ?5,"
    " set_code = ?6, set_name = ?7, collector_number = ?8, rarity = ?9, released_at = ?10,"
    " card_json = ?11, updated_at = ?12"
    " RETURNING num", error);
  if (writer->upsert == NULL)
    return NULL;
  if ((writer->fts_delete = prepare (writer->db, "DELETE FROM cards_fts WHERE rowid = ?",
                                     error)) == NULL ||
      (writer->fts_insert = prepare (writer->db, "INSERT INTO cards_fts (rowid, name,"
                                     " printed_name, face_names) VALUES (?, ?, ?, ?)",
                                     error)) == NULL ||
      (writer->prices_delete = prepare (writer->db, "DELETE FROM current_prices WHERE card = ?",
                                        error)) == NULL ||
      (writer->price_insert = prepare (writer->db, "INSERT OR REPLACE INTO current_prices"
                                       " (card, finish, currency, source, day, amount_minor)"
                                       " VALUES (?, ?, ?, ?, ?, ?)", error)) == NULL)
    return NULL;
  writer->parser = json_parser_new_immutable ();
  return g_steal_pointer (&writer);
}

char *
dc_catalog_writer_get_meta (DcCatalogWriter *writer,
                            const char      *key)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (writer->db, "SELECT value FROM meta WHERE key = ?",
                                          NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return NULL;
}

gboolean
dc_catalog_writer_set_meta (DcCatalogWriter  *writer,
                            const char       *key,
                            const char       *value,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (value == NULL)
    stmt = prepare (writer->db, "DELETE FROM meta WHERE key = ?1", error);
  else
    stmt = prepare (writer->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_db_error (error, writer->db, "meta");
  return TRUE;
}

gboolean
dc_catalog_writer_begin (DcCatalogWriter  *writer,
                         GError          **error)
{
  g_assert (!writer->in_transaction);

  if (!exec_sql (writer->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  writer->in_transaction = TRUE;
  return TRUE;
}

gboolean
dc_catalog_writer_commit (DcCatalogWriter  *writer,
                          GError          **error)
{
  g_assert (writer->in_transaction);

  if (!exec_sql (writer->db, "COMMIT", error))
    {
      dc_catalog_writer_rollback (writer);
      return FALSE;
    }
  writer->in_transaction = FALSE;
  return TRUE;
}

void
dc_catalog_writer_rollback (DcCatalogWriter *writer)
{
  if (!writer->in_transaction)
    return;
  exec_sql (writer->db, "ROLLBACK", NULL);
  writer->in_transaction = FALSE;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
face_names (JsonObject *card)
{
  g_autoptr(GString) names = g_string_new (NULL);
  JsonNode *node = json_object_get_member (card, "card_faces");
  JsonArray *faces;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  faces = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (faces); i++)
    {
      JsonNode *face = json_array_get_element (faces, i);
      const char *name, *printed;

      if (!JSON_NODE_HOLDS_OBJECT (face))
        continue;
      name = string_member (json_node_get_object (face), "name");
      printed = string_member (json_node_get_object (face), "printed_name");
      if (name != NULL)
        g_string_append_printf (names, "%s%s", names->len ? " " : "", name);
      if (printed != NULL)
        g_string_append_printf (names, "%s%s", names->len ? " " : "", printed);
    }
  if (names->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
put_prices (DcCatalogWriter  *writer,
            gint64            num,
            JsonObject       *card,
            GError          **error)
{
  g_autoptr(GArray) prices = NULL;
  JsonNode *node = json_object_get_member (card, "prices");

  sqlite3_reset (writer->prices_delete);
  sqlite3_bind_int64 (writer->prices_delete, 1, num);
  if (sqlite3_step (writer->prices_delete) != SQLITE_DONE)
    return set_db_error (error, writer->db, "prices");

  dc_item_prices_parse (node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL,
                        &prices);
  for (guint i = 0; i < prices->len; i++)
    {
      const DcItemPrice *price = &g_array_index (prices, DcItemPrice, i);

      if (price->amount_minor < 0)
        continue;
      sqlite3_reset (writer->price_insert);
      sqlite3_bind_int64 (writer->price_insert, 1, num);
      bind_text (writer->price_insert, 2, dc_finish_to_string (price->finish));
      bind_text (writer->price_insert, 3, price->currency);
      bind_text (writer->price_insert, 4, price->source ? price->source : "");
      bind_text (writer->price_insert, 5, price->day);
      sqlite3_bind_int64 (writer->price_insert, 6, price->amount_minor);
      if (sqlite3_step (writer->price_insert) != SQLITE_DONE)
        return set_db_error (error, writer->db, "prices");
    }
  return TRUE;
}

/**
 * dc_catalog_writer_put_line:
 * @writer: a writer inside a transaction
 * @line: one catalog line: our API's card object
 * @length: its length in bytes
 * @error: return location for an error
 *
 * Inserts or replaces the card, its search names and its current prices.
 * A line that is not a card object fails with %DC_LOCAL_STORE_ERROR_INVALID.
 */
gboolean
dc_catalog_writer_put_line (DcCatalogWriter  *writer,
                            const char       *line,
                            gsize             length,
                            GError          **error)
{
  g_autofree char *faces = NULL;
  JsonObject *card;
  JsonNode *root;
  gint64 num;

  g_assert (writer->in_transaction);

  if (!json_parser_load_from_data (writer->parser, line, length, error))
    return FALSE;
  root = json_parser_get_root (writer->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      string_member (json_node_get_object (root), "id") == NULL ||
      string_member (json_node_get_object (root), "name") == NULL)
    {
      g_set_error_literal (error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_INVALID,
                           "a catalog line is not a card object");
      return FALSE;
    }
  card = json_node_get_object (root);

  sqlite3_reset (writer->upsert);
  bind_text (writer->upsert, 1, string_member (card, "id"));
  bind_text (writer->upsert, 2, string_member (card, "oracle_id"));
  bind_text (writer->upsert, 3, string_member (card, "name"));
  bind_text (writer->upsert, 4, string_member (card, "printed_name"));
  bind_text (writer->upsert, 5, string_member (card, "lang"));
  bind_text (writer->upsert, 6, string_member (card, "set"));
  bind_text (writer->upsert, 7, string_member (card, "set_name"));
  bind_text (writer->upsert, 8, string_member (card, "collector_number"));
  bind_text (writer->upsert, 9, string_member (card, "rarity"));
  bind_text (writer->upsert, 10, string_member (card, "released_at"));
  sqlite3_bind_text (writer->upsert, 11, line, (int) length, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (writer->upsert, 12, g_get_real_time () / 1000);
  if (sqlite3_step (writer->upsert) != SQLITE_ROW)
    return set_db_error (error, writer->db, "card");
  num = sqlite3_column_int64 (writer->upsert, 0);
  sqlite3_reset (writer->upsert);

  sqlite3_reset (writer->fts_delete);
  sqlite3_bind_int64 (writer->fts_delete, 1, num);
  if (sqlite3_step (writer->fts_delete) != SQLITE_DONE)
    return set_db_error (error, writer->db, "search index");

  faces = face_names (card);
  sqlite3_reset (writer->fts_insert);
  sqlite3_bind_int64 (writer->fts_insert, 1, num);
  bind_text (writer->fts_insert, 2, string_member (card, "name"));
  bind_text (writer->fts_insert, 3, string_member (card, "printed_name"));
  bind_text (writer->fts_insert, 4, faces);
  if (sqlite3_step (writer->fts_insert) != SQLITE_DONE)
    return set_db_error (error, writer->db, "search index");

  return put_prices (writer, num, card, error);
}
