/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "dc-collection-store-private.h"
#include "dc-condition.h"
#include "dc-error.h"
#include "dc-finish.h"
#include "dc-list-items.h"
#include "dc-list-row-private.h"

/*
 * DcCollectionStore: the local model of the account's inventory, have list and want list.
 *
 * Two connections to the account's database: a writer, owned by one worker thread that
 * runs every edit and every sync step in the order they were asked for (so an edit can
 * never slip between reading the outbox and applying the server's answer), and a reader
 * for the lists, used from GTask threads. Both sit behind mutexes so the blocking forms
 * work from any thread.
 *
 * A list row shows the server's last row (server_json) with the row's pending outbox ops
 * replayed on top; see refresh_row(). Replaying rather than patching makes every path
 * (an edit, a server change under a pending edit, a rejected op) end in the same state.
 */

#define PRICE_JOIN(alias, card, finish)                                                    \
  " LEFT JOIN current_prices " alias " ON " alias ".card = " card " AND " alias ".finish = " \
  finish " AND " alias ".currency = 'USD' AND " alias ".source = 'tcgplayer'"

typedef struct
{
  sqlite3    *db;
  GMutex      mutex;
  GHashTable *statements;  /* SQL text → sqlite3_stmt* */
} Connection;

typedef struct
{
  GListStore *store;
  GHashTable *by_id;      /* id → row in @store (unowned) */
  gboolean    busy;       /* a reload is under way */
  gboolean    want_all;   /* then reload everything */
  GHashTable *want_ids;   /* or then reload these rows (id → NULL) */
} LiveModel;

struct _DcCollectionStore
{
  GObject             parent_instance;

  char               *path;
  char               *device_id;
  GMainContext       *context;
  Connection          writer;
  Connection          reader;
  GThreadPool        *writer_pool;
  gint                pending_count;  /* atomic */

  LiveModel           models[3];      /* by DcSyncEntity */
  DcCollectionTotals  totals;
};

G_DEFINE_FINAL_TYPE (DcCollectionStore, dc_collection_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (dc-collection-store-error-quark, dc_collection_store_error)
G_DEFINE_BOXED_TYPE (DcCollectionTotals, dc_collection_totals, dc_collection_totals_copy,
                     dc_collection_totals_free)

enum {
  PROP_0,
  PROP_PENDING_COUNT,
  N_PROPS
};

enum {
  ITEMS_CHANGED,
  TOTALS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define ENTITY_BIT(entity) (1u << (entity))
#define ALL_ENTITIES (ENTITY_BIT (DC_SYNC_ENTITY_INVENTORY_ITEM) | \
                      ENTITY_BIT (DC_SYNC_ENTITY_HAVE_ITEM) |      \
                      ENTITY_BIT (DC_SYNC_ENTITY_WANT_ITEM))

/* Which rows an edit or a sync changed, so the live models reload only those. Past a few
 * hundred rows of one list, the whole list is reloaded instead. */
#define CHANGES_MAX_IDS 500

typedef struct
{
  guint       mask;      /* ENTITY_BIT()s */
  GHashTable *ids[3];    /* by DcSyncEntity: id → NULL; NULL once there are too many */
  gboolean    all[3];
} Changes;

static Changes *
changes_new (void)
{
  return g_new0 (Changes, 1);
}

static void
changes_free (Changes *changes)
{
  for (guint i = 0; i < G_N_ELEMENTS (changes->ids); i++)
    g_clear_pointer (&changes->ids[i], g_hash_table_unref);
  g_free (changes);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Changes, changes_free)

static void
changes_add (Changes      *changes,
             DcSyncEntity  entity,
             const char   *id)
{
  changes->mask |= ENTITY_BIT (entity);
  if (changes->all[entity])
    return;
  if (changes->ids[entity] == NULL)
    changes->ids[entity] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_size (changes->ids[entity]) >= CHANGES_MAX_IDS)
    {
      changes->all[entity] = TRUE;
      g_clear_pointer (&changes->ids[entity], g_hash_table_unref);
      return;
    }
  g_hash_table_add (changes->ids[entity], g_strdup (id));
}

static void model_request (DcCollectionStore *self,
                           DcSyncEntity       entity,
                           GHashTable        *ids);

/* --- SQLite helpers ------------------------------------------------------------------ */

static gboolean
db_error (GError     **error,
          sqlite3     *db,
          const char  *what)
{
  g_set_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_DATABASE,
               "%s: %s", what, db ? sqlite3_errmsg (db) : "the local database is closed");
  return FALSE;
}

static gboolean
exec_sql (Connection  *conn,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (conn->db == NULL)
    return db_error (error, NULL, sql);
  if (sqlite3_exec (conn->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_DATABASE,
                   "%s: %s", sql, message ? message : sqlite3_errmsg (conn->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* A cached statement, reset and unbound when the caller's autoptr goes out of scope. */
typedef sqlite3_stmt StmtReset;

static void
stmt_reset (StmtReset *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmtReset, stmt_reset)

static StmtReset *
prepare (Connection  *conn,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt;

  if (conn->db == NULL)
    {
      db_error (error, NULL, "prepare");
      return NULL;
    }
  stmt = g_hash_table_lookup (conn->statements, sql);
  if (stmt != NULL)
    return stmt;
  if (sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) !=
      SQLITE_OK)
    {
      db_error (error, conn->db, "prepare");
      return NULL;
    }
  g_hash_table_insert (conn->statements, g_strdup (sql), stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_money (sqlite3_stmt *stmt,
            int           index,
            gboolean      has,
            gint64        value)
{
  if (has)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
step_done (Connection    *conn,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (error, conn->db, "write");
  return TRUE;
}

/* dc_condition_permille(code): the valuation multiplier of DESIGN §7.7, from the one
 * definition in common/. */
static void
condition_permille_func (sqlite3_context  *context,
                         int               argc,
                         sqlite3_value   **argv)
{
  const char *code = (const char *) sqlite3_value_text (argv[0]);
  DcCondition condition = dc_condition_from_string (code);

  sqlite3_result_int (context, condition == DC_CONDITION_UNKNOWN
                                 ? 1000 : dc_condition_multiplier_permille (condition));
}

static gboolean
connection_open (Connection  *conn,
                 const char  *path,
                 GError     **error)
{
  if (sqlite3_open_v2 (path, &conn->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      db_error (error, conn->db, path);
      g_clear_pointer (&conn->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_busy_timeout (conn->db, 10000);
  sqlite3_create_function (conn->db, "dc_condition_permille", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, condition_permille_func,
                           NULL, NULL);
  /* An acknowledged edit must survive a crash or a power cut: the outbox is the only copy
   * until the server answers. */
  return exec_sql (conn, "PRAGMA journal_mode = WAL;"
                         "PRAGMA synchronous = FULL;"
                         "PRAGMA foreign_keys = ON;", error);
}

static void
connection_close (Connection *conn)
{
  g_mutex_lock (&conn->mutex);
  g_hash_table_remove_all (conn->statements);
  g_clear_pointer (&conn->db, sqlite3_close);
  g_mutex_unlock (&conn->mutex);
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
connection_init (Connection *conn)
{
  g_mutex_init (&conn->mutex);
  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);
}

static void
connection_clear (Connection *conn)
{
  connection_close (conn);
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  g_mutex_clear (&conn->mutex);
}

static gboolean
begin (Connection  *conn,
       GError     **error)
{
  return exec_sql (conn, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (Connection  *conn,
        GError     **error)
{
  if (exec_sql (conn, "COMMIT", error))
    return TRUE;
  exec_sql (conn, "ROLLBACK", NULL);
  return FALSE;
}

static void
rollback (Connection *conn)
{
  if (conn->db != NULL && !sqlite3_get_autocommit (conn->db))
    exec_sql (conn, "ROLLBACK", NULL);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;

  if (text == NULL)
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* --- the three entities, behind one set of functions --------------------------------- */

static gpointer
item_new (DcSyncEntity entity)
{
  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      return dc_inventory_item_new ();
    case DC_SYNC_ENTITY_HAVE_ITEM:
      return dc_have_item_new ();
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      return dc_want_item_new ();
    }
}

static void
item_free (DcSyncEntity entity,
           gpointer     item)
{
  if (item == NULL)
    return;
  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      dc_inventory_item_free (item);
      break;
    case DC_SYNC_ENTITY_HAVE_ITEM:
      dc_have_item_free (item);
      break;
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      dc_want_item_free (item);
      break;
    }
}

static gpointer
item_copy (DcSyncEntity  entity,
           gconstpointer item)
{
  if (item == NULL)
    return NULL;
  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      return dc_inventory_item_copy (item);
    case DC_SYNC_ENTITY_HAVE_ITEM:
      return dc_have_item_copy (item);
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      return dc_want_item_copy (item);
    }
}

static gboolean
item_apply_json (DcSyncEntity  entity,
                 gpointer      item,
                 JsonObject   *fields,
                 GError      **error)
{
  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      return dc_inventory_item_apply_json (item, fields, error);
    case DC_SYNC_ENTITY_HAVE_ITEM:
      return dc_have_item_apply_json (item, fields, error);
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      return dc_want_item_apply_json (item, fields, error);
    }
}

static gboolean
item_validate (DcSyncEntity   entity,
               gconstpointer  item,
               GError       **error)
{
  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      return dc_inventory_item_validate (item, error);
    case DC_SYNC_ENTITY_HAVE_ITEM:
      return dc_have_item_validate (item, error);
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      return dc_want_item_validate (item, error);
    }
}

static gpointer
item_from_json (DcSyncEntity   entity,
                JsonObject    *object,
                GError       **error)
{
  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      return dc_inventory_item_from_json (object, error);
    case DC_SYNC_ENTITY_HAVE_ITEM:
      return dc_have_item_from_json (object, error);
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      return dc_want_item_from_json (object, error);
    }
}

/* The members every entity shares, by entity. */
#define ITEM_MEMBER(entity, item, member)                                     \
  (*((entity) == DC_SYNC_ENTITY_INVENTORY_ITEM ? &((DcInventoryItem *) (item))->member : \
     (entity) == DC_SYNC_ENTITY_HAVE_ITEM ? &((DcHaveItem *) (item))->member :           \
     &((DcWantItem *) (item))->member))

/* Members a client may never set: the server owns them. */
static JsonObject *
editable_fields (JsonObject *fields)
{
  static const char *server_owned[] = { "id", "rev", "deleted", "created_at", "updated_at",
                                        "card" };
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (fields == NULL)
    return copy;
  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    {
      gboolean owned = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (server_owned); i++)
        owned |= g_str_equal (name, server_owned[i]);
      if (!owned)
        json_object_set_member (copy, name, json_node_copy (node));
    }
  return copy;
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_INVALID,
                       message);
  return FALSE;
}

/* The codecs speak DC_API_ERROR (422 naming the field); the UI wants our domain. */
static gboolean
rule_error (GError **error,
            GError  *api_error)
{
  g_set_error_literal (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_INVALID,
                       api_error->message);
  g_error_free (api_error);
  return FALSE;
}

static gboolean
not_found (GError     **error,
           DcSyncEntity entity)
{
  static const char *what[] = { N_("This card is no longer in your collection"),
                                N_("This card is no longer in your have list"),
                                N_("This card is no longer in your want list") };

  g_set_error_literal (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_NOT_FOUND,
                       _(what[entity]));
  return FALSE;
}

/* --- writing the rows ---------------------------------------------------------------- */

static gboolean
write_inventory (Connection      *conn,
                 DcInventoryItem *item,
                 gboolean         hidden,
                 gint64           rev,
                 const char      *server_json,
                 GError         **error)
{
  g_autoptr(StmtReset) stmt = NULL;

  stmt = prepare (conn,
                  "INSERT INTO inventory_items (id, card_id, quantity, condition, finish,"
                  " language, acquisition_price, acquisition_currency, acquired_on, source,"
                  " notes, created_at, updated_at, deleted, rev, server_json)"
                  " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)"
                  " ON CONFLICT (id) DO UPDATE SET card_id = ?2, quantity = ?3, condition = ?4,"
                  " finish = ?5, language = ?6, acquisition_price = ?7,"
                  " acquisition_currency = ?8, acquired_on = ?9, source = ?10, notes = ?11,"
                  " created_at = ?12, updated_at = ?13, deleted = ?14, rev = ?15,"
                  " server_json = ?16", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item->id);
  bind_text (stmt, 2, item->card_id);
  sqlite3_bind_int (stmt, 3, item->quantity);
  bind_text (stmt, 4, dc_condition_to_string (item->condition));
  bind_text (stmt, 5, dc_finish_to_string (item->finish));
  bind_text (stmt, 6, item->language);
  bind_money (stmt, 7, item->has_acquisition_price, item->acquisition_price);
  bind_text (stmt, 8, item->acquisition_currency);
  bind_text (stmt, 9, item->acquired_on);
  bind_text (stmt, 10, item->source);
  bind_text (stmt, 11, item->notes);
  sqlite3_bind_int64 (stmt, 12, item->created_at);
  sqlite3_bind_int64 (stmt, 13, item->updated_at);
  sqlite3_bind_int (stmt, 14, hidden);
  sqlite3_bind_int64 (stmt, 15, rev);
  bind_text (stmt, 16, server_json);
  return step_done (conn, stmt, error);
}

static gboolean
write_have (Connection  *conn,
            DcHaveItem  *item,
            gboolean     hidden,
            gint64       rev,
            const char  *server_json,
            GError     **error)
{
  g_autoptr(StmtReset) stmt = NULL;

  stmt = prepare (conn,
                  "INSERT INTO have_items (id, inventory_item_id, quantity, min_trade_value,"
                  " trade_for_wants_only, notes, is_active, created_at, updated_at, deleted,"
                  " rev, server_json)"
                  " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"
                  " ON CONFLICT (id) DO UPDATE SET inventory_item_id = ?2, quantity = ?3,"
                  " min_trade_value = ?4, trade_for_wants_only = ?5, notes = ?6,"
                  " is_active = ?7, created_at = ?8, updated_at = ?9, deleted = ?10,"
                  " rev = ?11, server_json = ?12", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item->id);
  bind_text (stmt, 2, item->inventory_item_id);
  sqlite3_bind_int (stmt, 3, item->quantity);
  bind_money (stmt, 4, item->has_min_trade_value, item->min_trade_value);
  sqlite3_bind_int (stmt, 5, item->trade_for_wants_only);
  bind_text (stmt, 6, item->notes);
  sqlite3_bind_int (stmt, 7, item->is_active);
  sqlite3_bind_int64 (stmt, 8, item->created_at);
  sqlite3_bind_int64 (stmt, 9, item->updated_at);
  sqlite3_bind_int (stmt, 10, hidden);
  sqlite3_bind_int64 (stmt, 11, rev);
  bind_text (stmt, 12, server_json);
  return step_done (conn, stmt, error);
}

static gboolean
write_want (Connection  *conn,
            DcWantItem  *item,
            gboolean     hidden,
            gint64       rev,
            const char  *server_json,
            GError     **error)
{
  g_autoptr(StmtReset) stmt = NULL;

  stmt = prepare (conn,
                  "INSERT INTO want_items (id, card_id, oracle_id, quantity, condition_min,"
                  " finish, language, target_price, max_trade_value, priority, alert_enabled,"
                  " is_public, is_active, notes, created_at, updated_at, deleted, rev,"
                  " server_json)"
                  " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"
                  " ON CONFLICT (id) DO UPDATE SET card_id = ?2, oracle_id = ?3, quantity = ?4,"
                  " condition_min = ?5, finish = ?6, language = ?7, target_price = ?8,"
                  " max_trade_value = ?9, priority = ?10, alert_enabled = ?11, is_public = ?12,"
                  " is_active = ?13, notes = ?14, created_at = ?15, updated_at = ?16,"
                  " deleted = ?17, rev = ?18, server_json = ?19", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item->id);
  bind_text (stmt, 2, item->card_id);
  bind_text (stmt, 3, item->oracle_id);
  sqlite3_bind_int (stmt, 4, item->quantity);
  bind_text (stmt, 5, dc_condition_to_string (item->condition_min));
  bind_text (stmt, 6, item->finish == DC_FINISH_UNKNOWN ? "any"
                                                       : dc_finish_to_string (item->finish));
  bind_text (stmt, 7, item->language);
  bind_money (stmt, 8, item->has_target_price, item->target_price);
  bind_money (stmt, 9, item->has_max_trade_value, item->max_trade_value);
  bind_text (stmt, 10, dc_want_priority_to_string (item->priority));
  sqlite3_bind_int (stmt, 11, item->alert_enabled);
  sqlite3_bind_int (stmt, 12, item->is_public);
  sqlite3_bind_int (stmt, 13, item->is_active);
  bind_text (stmt, 14, item->notes);
  sqlite3_bind_int64 (stmt, 15, item->created_at);
  sqlite3_bind_int64 (stmt, 16, item->updated_at);
  sqlite3_bind_int (stmt, 17, hidden);
  sqlite3_bind_int64 (stmt, 18, rev);
  bind_text (stmt, 19, server_json);
  return step_done (conn, stmt, error);
}

static gboolean
delete_row (Connection    *conn,
            DcSyncEntity   entity,
            const char    *id,
            GError       **error)
{
  static const char *sql[] = { "DELETE FROM inventory_items WHERE id = ?",
                               "DELETE FROM have_items WHERE id = ?",
                               "DELETE FROM want_items WHERE id = ?" };
  g_autoptr(StmtReset) stmt = prepare (conn, sql[entity], error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  return step_done (conn, stmt, error);
}

/* --- replaying pending ops over the server's row ------------------------------------- */

typedef struct
{
  DcSyncEntity  entity;
  char         *id;
  gint64        rev;        /* of @server */
  JsonObject   *server;     /* the server's row (perhaps a tombstone), NULL if none */
  gpointer      item;       /* what the user sees, NULL if nothing */
  gboolean      hidden;     /* a have item whose inventory item is gone (here) */
  guint         n_ops;
} Replay;

static void
replay_clear (Replay *replay)
{
  g_clear_pointer (&replay->id, g_free);
  g_clear_pointer (&replay->server, json_object_unref);
  item_free (replay->entity, g_steal_pointer (&replay->item));
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Replay, replay_clear)

static gboolean
server_is_live (Replay *replay)
{
  return replay->server != NULL &&
         !json_object_get_boolean_member_with_default (replay->server, "deleted", FALSE);
}

/* Applies one pending op to @replay->item, as the server will when it gets it. An op the
 * server will refuse (an edit of a row it deleted) changes nothing here either. */
static void
replay_op (Replay      *replay,
           const char  *type,
           JsonObject  *fields,
           gint64       quantity_delta,
           gint64       created_at)
{
  DcSyncEntity entity = replay->entity;

  if (g_str_equal (type, "upsert"))
    {
      g_autoptr(GError) error = NULL;
      gpointer copy;

      if (replay->item == NULL)
        {
          replay->item = item_new (entity);
          ITEM_MEMBER (entity, replay->item, id) = g_strdup (replay->id);
          ITEM_MEMBER (entity, replay->item, created_at) = created_at;
          ITEM_MEMBER (entity, replay->item, updated_at) = created_at;
        }
      if (ITEM_MEMBER (entity, replay->item, deleted) || fields == NULL)
        return;
      copy = item_copy (entity, replay->item);
      if (item_apply_json (entity, copy, fields, &error))
        {
          item_free (entity, replay->item);
          replay->item = copy;
        }
      else
        {
          g_debug ("A pending edit of %s no longer applies: %s", replay->id, error->message);
          item_free (entity, copy);
        }
    }
  else if (g_str_equal (type, "adjust"))
    {
      DcInventoryItem *item = replay->item;

      if (item == NULL || item->deleted || entity != DC_SYNC_ENTITY_INVENTORY_ITEM)
        return;
      item->quantity = (int) CLAMP (item->quantity + quantity_delta, 1, 1000000);
    }
  else if (replay->item != NULL)
    ITEM_MEMBER (entity, replay->item, deleted) = TRUE;
}

/* The inventory item a have item offers, as the user sees it: its quantity, or 0 when it
 * is gone or hidden. */
static gboolean
visible_inventory_quantity (Connection  *conn,
                            const char  *inventory_item_id,
                            int         *out_quantity,
                            GError     **error)
{
  g_autoptr(StmtReset) stmt = NULL;
  int rc;

  *out_quantity = 0;
  stmt = prepare (conn, "SELECT quantity FROM inventory_items WHERE id = ? AND deleted = 0",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, inventory_item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_quantity = sqlite3_column_int (stmt, 0);
  else if (rc != SQLITE_DONE)
    return db_error (error, conn->db, "read");
  return TRUE;
}

/* Computes what the user sees of one row: the server's row (or @incoming, when it is
 * newer) with the outbox ops of the row replayed in order. */
static gboolean
replay_load (Connection    *conn,
             DcSyncEntity   entity,
             const char    *id,
             JsonObject    *incoming,
             Replay        *out,
             GError       **error)
{
  static const char *select_sql[] = {
    "SELECT rev, server_json FROM inventory_items WHERE id = ?",
    "SELECT rev, server_json FROM have_items WHERE id = ?",
    "SELECT rev, server_json FROM want_items WHERE id = ?",
  };
  g_autoptr(StmtReset) row = NULL;
  g_autoptr(StmtReset) ops = NULL;
  int rc;

  memset (out, 0, sizeof *out);
  out->entity = entity;
  out->id = g_strdup (id);

  if ((row = prepare (conn, select_sql[entity], error)) == NULL)
    return FALSE;
  bind_text (row, 1, id);
  rc = sqlite3_step (row);
  if (rc == SQLITE_ROW)
    {
      out->rev = sqlite3_column_int64 (row, 0);
      out->server = parse_object (column_text (row, 1));
    }
  else if (rc != SQLITE_DONE)
    return db_error (error, conn->db, "read");

  if (incoming != NULL)
    {
      gint64 rev = json_object_get_int_member_with_default (incoming, "rev", 0);

      if (out->server == NULL || rev > out->rev)
        {
          g_clear_pointer (&out->server, json_object_unref);
          out->server = json_object_ref (incoming);
          out->rev = rev;
        }
    }

  if (out->server != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      out->item = item_from_json (entity, out->server, &local_error);
      if (out->item == NULL)
        g_warning ("The server's row %s cannot be read: %s", id, local_error->message);
    }

  if ((ops = prepare (conn, "SELECT type, fields, quantity_delta, created_at FROM outbox"
                            " WHERE entity = ? AND id = ? ORDER BY seq", error)) == NULL)
    return FALSE;
  bind_text (ops, 1, dc_sync_entity_to_string (entity));
  bind_text (ops, 2, id);
  while ((rc = sqlite3_step (ops)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) fields = parse_object (column_text (ops, 1));

      replay_op (out, column_text (ops, 0), fields, sqlite3_column_int64 (ops, 2),
                 sqlite3_column_int64 (ops, 3));
      out->n_ops++;
    }
  if (rc != SQLITE_DONE)
    return db_error (error, conn->db, "read outbox");
  g_clear_pointer (&ops, stmt_reset);

  /* What the server does on its own when an inventory item shrinks or goes (its have item
   * shrinks or goes too) shows at once here. */
  if (entity == DC_SYNC_ENTITY_HAVE_ITEM && out->item != NULL &&
      !((DcHaveItem *) out->item)->deleted)
    {
      DcHaveItem *have = out->item;
      int available;

      if (!visible_inventory_quantity (conn, have->inventory_item_id, &available, error))
        return FALSE;
      if (available == 0)
        out->hidden = TRUE;
      else
        have->quantity = MIN (have->quantity, available);
    }
  return TRUE;
}

/* Writes what replay_load() computed. A row is kept while the server has it or an op on it
 * is pending; otherwise it is gone. */
static gboolean
replay_store (Connection  *conn,
              Replay      *replay,
              GError     **error)
{
  g_autofree char *server_json = NULL;
  gboolean hidden;

  if (replay->item == NULL || (!server_is_live (replay) && replay->n_ops == 0))
    return delete_row (conn, replay->entity, replay->id, error);

  hidden = ITEM_MEMBER (replay->entity, replay->item, deleted) || replay->hidden;

  if (replay->server != NULL)
    server_json = object_to_string (replay->server);
  switch (replay->entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      return write_inventory (conn, replay->item, hidden, replay->rev, server_json, error);
    case DC_SYNC_ENTITY_HAVE_ITEM:
      return write_have (conn, replay->item, hidden, replay->rev, server_json, error);
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      return write_want (conn, replay->item, hidden, replay->rev, server_json, error);
    }
}

static gboolean
refresh_row (Connection    *conn,
             DcSyncEntity   entity,
             const char    *id,
             JsonObject    *incoming,
             Changes       *changes,
             GError       **error)
{
  g_auto(Replay) replay = { 0 };

  if (!replay_load (conn, entity, id, incoming, &replay, error) ||
      !replay_store (conn, &replay, error))
    return FALSE;
  changes_add (changes, entity, id);
  /* A collection row shows how many copies its have item offers. */
  if (entity == DC_SYNC_ENTITY_HAVE_ITEM && replay.item != NULL)
    changes_add (changes, DC_SYNC_ENTITY_INVENTORY_ITEM,
                 ((DcHaveItem *) replay.item)->inventory_item_id);

  /* A have item shows its inventory item's fate. */
  if (entity == DC_SYNC_ENTITY_INVENTORY_ITEM)
    {
      g_autoptr(GPtrArray) haves = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(StmtReset) stmt = NULL;
      int rc;

      stmt = prepare (conn, "SELECT id FROM have_items WHERE inventory_item_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (haves, g_strdup (column_text (stmt, 0)));
      if (rc != SQLITE_DONE)
        return db_error (error, conn->db, "read");
      g_clear_pointer (&stmt, stmt_reset);
      for (guint i = 0; i < haves->len; i++)
        if (!refresh_row (conn, DC_SYNC_ENTITY_HAVE_ITEM, g_ptr_array_index (haves, i), NULL,
                          changes, error))
          return FALSE;
    }
  return TRUE;
}

/* --- the outbox ---------------------------------------------------------------------- */

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* Appends an op, or folds it into the newest op when that one was never sent and edits
 * the same row the same way: two field edits become one (the later value wins, as it would
 * on the server) and two quantity changes one sum (still a commutative adjust). Only the
 * newest op qualifies, so no edit ever moves ahead of another. */
static gboolean
append_op (Connection    *conn,
           DcSyncOpType   type,
           DcSyncEntity   entity,
           const char    *id,
           JsonObject    *fields,
           gint64         base_rev,
           gint64         quantity_delta,
           GError       **error)
{
  g_autoptr(StmtReset) tail = NULL;
  g_autoptr(StmtReset) insert = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *fields_text = NULL;
  int rc;

  if (type != DC_SYNC_OP_DELETE)
    {
      tail = prepare (conn, "SELECT seq, fields, quantity_delta FROM outbox"
                            " WHERE seq = (SELECT max(seq) FROM outbox) AND attempts = 0"
                            " AND type = ? AND entity = ? AND id = ?", error);
      if (tail == NULL)
        return FALSE;
      bind_text (tail, 1, dc_sync_op_type_to_string (type));
      bind_text (tail, 2, dc_sync_entity_to_string (entity));
      bind_text (tail, 3, id);
      rc = sqlite3_step (tail);
      if (rc == SQLITE_ROW)
        {
          gint64 seq = sqlite3_column_int64 (tail, 0);
          gint64 sum = sqlite3_column_int64 (tail, 2) + quantity_delta;
          g_autoptr(JsonObject) merged = parse_object (column_text (tail, 1));
          g_autoptr(StmtReset) update = NULL;

          g_clear_pointer (&tail, stmt_reset);
          if (type == DC_SYNC_OP_UPSERT)
            {
              JsonObjectIter iter;
              const char *name;
              JsonNode *node;

              if (merged == NULL)
                merged = json_object_new ();
              json_object_iter_init (&iter, fields);
              while (json_object_iter_next (&iter, &name, &node))
                json_object_set_member (merged, name, json_node_copy (node));
              fields_text = object_to_string (merged);
              update = prepare (conn, "UPDATE outbox SET fields = ?1 WHERE seq = ?2", error);
              if (update == NULL)
                return FALSE;
              bind_text (update, 1, fields_text);
            }
          else
            {
              update = prepare (conn, sum == 0 ? "DELETE FROM outbox WHERE seq = ?2"
                                               : "UPDATE outbox SET quantity_delta = ?1"
                                                 " WHERE seq = ?2", error);
              if (update == NULL)
                return FALSE;
              if (sum != 0)
                sqlite3_bind_int64 (update, 1, sum);
            }
          sqlite3_bind_int64 (update, 2, seq);
          return step_done (conn, update, error);
        }
      if (rc != SQLITE_DONE)
        return db_error (error, conn->db, "read outbox");
    }

  insert = prepare (conn, "INSERT INTO outbox (op_id, type, entity, id, fields, base_rev,"
                          " quantity_delta, created_at) VALUES (?,?,?,?,?,?,?,?)", error);
  if (insert == NULL)
    return FALSE;
  op_id = g_uuid_string_random ();
  if (fields != NULL)
    fields_text = object_to_string (fields);
  bind_text (insert, 1, op_id);
  bind_text (insert, 2, dc_sync_op_type_to_string (type));
  bind_text (insert, 3, dc_sync_entity_to_string (entity));
  bind_text (insert, 4, id);
  bind_text (insert, 5, fields_text);
  sqlite3_bind_int64 (insert, 6, base_rev);
  sqlite3_bind_int64 (insert, 7, quantity_delta);
  sqlite3_bind_int64 (insert, 8, now_ms ());
  return step_done (conn, insert, error);
}

static int
count_outbox (Connection *conn)
{
  g_autoptr(StmtReset) stmt = prepare (conn, "SELECT count(*) FROM outbox", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

/* --- telling the main thread --------------------------------------------------------- */

typedef struct
{
  DcCollectionStore *self;
  Changes           *changes;
  int                pending;
} ChangedData;

static void
changed_data_free (gpointer data)
{
  ChangedData *changed = data;

  g_object_unref (changed->self);
  g_clear_pointer (&changed->changes, changes_free);
  g_free (changed);
}

static gboolean
emit_changed_cb (gpointer user_data)
{
  ChangedData *data = user_data;
  DcCollectionStore *self = data->self;
  Changes *changes = data->changes;

  for (DcSyncEntity entity = DC_SYNC_ENTITY_INVENTORY_ITEM;
       entity <= DC_SYNC_ENTITY_WANT_ITEM; entity++)
    if (changes != NULL && (changes->mask & ENTITY_BIT (entity)))
      {
        model_request (self, entity, changes->all[entity] ? NULL : changes->ids[entity]);
        g_signal_emit (self, signals[ITEMS_CHANGED], 0, (guint) entity);
      }
  if (data->pending >= 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
  return G_SOURCE_REMOVE;
}

/* After a commit, on any thread: signals go out on the store's main context, later. */
static void
announce (DcCollectionStore *self,
          Changes           *changes,
          Connection        *conn)
{
  g_autoptr(Changes) owned = changes;
  g_autoptr(GSource) source = NULL;
  ChangedData *data;
  int pending = count_outbox (conn);
  int old = g_atomic_int_get (&self->pending_count);

  g_atomic_int_set (&self->pending_count, pending);
  if ((owned == NULL || owned->mask == 0) && pending == old)
    return;
  data = g_new0 (ChangedData, 1);
  data->self = g_object_ref (self);
  data->changes = g_steal_pointer (&owned);
  data->pending = pending != old ? pending : -1;

  /* Never from inside the edit: a handler may well edit again. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_changed_cb, data, changed_data_free);
  g_source_set_static_name (source, "[dc] collection changed");
  g_source_attach (source, self->context);
}

/* --- edits --------------------------------------------------------------------------- */

typedef enum
{
  EDIT_CREATE,
  EDIT_UPDATE,
  EDIT_ADJUST,
  EDIT_DELETE,
  EDIT_MARK_FOR_TRADE,
} EditKind;

typedef struct
{
  EditKind      kind;
  DcSyncEntity  entity;
  char         *id;
  JsonObject   *fields;
  int           delta;      /* adjust; the quantity for mark-for-trade */
} Edit;

static void
edit_free (Edit *edit)
{
  g_free (edit->id);
  g_clear_pointer (&edit->fields, json_object_unref);
  g_free (edit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Edit, edit_free)

static Edit *
edit_new (EditKind      kind,
          DcSyncEntity  entity,
          const char   *id,
          JsonObject   *fields,
          int           delta)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = kind;
  edit->entity = entity;
  edit->id = g_strdup (id);
  edit->fields = fields ? json_object_ref (fields) : NULL;
  edit->delta = delta;
  return edit;
}

/* The rules the server applies across rows (DESIGN §5), so that an edit the server would
 * refuse is refused here, at once, offline or not. */
static gboolean
check_rules (Connection    *conn,
             DcSyncEntity   entity,
             gpointer       item,
             GError       **error)
{
  GError *api_error = NULL;

  if (!item_validate (entity, item, &api_error))
    return rule_error (error, api_error);

  if (entity == DC_SYNC_ENTITY_HAVE_ITEM)
    {
      DcHaveItem *have = item;
      g_autoptr(StmtReset) taken = NULL;
      int available;
      int rc;

      if (!visible_inventory_quantity (conn, have->inventory_item_id, &available, error))
        return FALSE;
      if (available == 0)
        return invalid (error, _("This card is no longer in your collection"));
      if (have->quantity > available)
        return invalid (error, g_dngettext (GETTEXT_PACKAGE,
                                            "You can offer at most the %d copy you have",
                                            "You can offer at most the %d copies you have",
                                            available), available);

      taken = prepare (conn, "SELECT 1 FROM have_items WHERE inventory_item_id = ?"
                             " AND deleted = 0 AND id <> ?", error);
      if (taken == NULL)
        return FALSE;
      bind_text (taken, 1, have->inventory_item_id);
      bind_text (taken, 2, have->id);
      rc = sqlite3_step (taken);
      if (rc == SQLITE_ROW)
        return invalid (error, _("This card is already in your have list"));
      if (rc != SQLITE_DONE)
        return db_error (error, conn->db, "read");
    }
  return TRUE;
}

static gboolean
find_have_of (Connection  *conn,
              const char  *inventory_item_id,
              char       **out_id,
              GError     **error)
{
  g_autoptr(StmtReset) stmt = NULL;
  int rc;

  *out_id = NULL;
  stmt = prepare (conn, "SELECT id FROM have_items WHERE inventory_item_id = ? AND deleted = 0"
                        " LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, inventory_item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = g_strdup (column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return db_error (error, conn->db, "read");
  return TRUE;
}

/* One edit inside the caller's transaction: check it against what the user sees, append
 * the op, write the row. Returns the id of the row. */
static char *
apply_edit_locked (Connection  *conn,
                   Edit        *edit,
                   Changes     *changes,
                   GError     **error)
{
  g_auto(Replay) before = { 0 };
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *id = NULL;
  GError *api_error = NULL;
  DcSyncEntity entity = edit->entity;
  DcSyncOpType type;
  gpointer after = NULL;
  gint64 delta = 0;
  gboolean creating = FALSE;
  gboolean ok;

  switch (edit->kind)
    {
    case EDIT_MARK_FOR_TRADE:
      entity = DC_SYNC_ENTITY_HAVE_ITEM;
      fields = json_object_new ();
      json_object_set_int_member (fields, "quantity", edit->delta);
      if (!find_have_of (conn, edit->id, &id, error))
        return NULL;
      if (id != NULL)
        {
          json_object_set_boolean_member (fields, "is_active", TRUE);
          type = DC_SYNC_OP_UPSERT;
          break;
        }
      json_object_set_string_member (fields, "inventory_item_id", edit->id);
      id = g_uuid_string_random ();
      type = DC_SYNC_OP_UPSERT;
      creating = TRUE;
      break;
    case EDIT_CREATE:
      id = g_uuid_string_random ();
      creating = TRUE;
      fields = editable_fields (edit->fields);
      type = DC_SYNC_OP_UPSERT;
      break;
    case EDIT_UPDATE:
      id = g_ascii_strdown (edit->id, -1);
      fields = editable_fields (edit->fields);
      type = DC_SYNC_OP_UPSERT;
      break;
    case EDIT_ADJUST:
      id = g_ascii_strdown (edit->id, -1);
      delta = edit->delta;
      type = DC_SYNC_OP_ADJUST;
      break;
    case EDIT_DELETE:
    default:
      id = g_ascii_strdown (edit->id, -1);
      type = DC_SYNC_OP_DELETE;
      break;
    }

  if (!replay_load (conn, entity, id, NULL, &before, error))
    return NULL;
  if (!creating &&
      (before.item == NULL || ITEM_MEMBER (entity, before.item, deleted) || before.hidden))
    return not_found (error, entity), NULL;

  /* What the row will look like, checked before anything is written. */
  after = before.item ? item_copy (entity, before.item) : NULL;
  if (after == NULL)
    {
      after = item_new (entity);
      ITEM_MEMBER (entity, after, id) = g_strdup (id);
    }
  switch (type)
    {
    case DC_SYNC_OP_UPSERT:
      ok = item_apply_json (entity, after, fields, &api_error);
      if (!ok)
        rule_error (error, api_error);
      else
        ok = check_rules (conn, entity, after, error);
      break;
    case DC_SYNC_OP_ADJUST:
      {
        DcInventoryItem *item = after;
        gint64 quantity = (gint64) item->quantity + delta;

        if (entity != DC_SYNC_ENTITY_INVENTORY_ITEM)
          ok = invalid (error, "Only an inventory item has a quantity to adjust");
        else if (quantity < 1)
          ok = invalid (error, _("The quantity cannot fall below 1; delete the card instead"));
        else if (quantity > 1000000)
          ok = invalid (error, _("The quantity would be too large"));
        else
          ok = TRUE;
      }
      break;
    case DC_SYNC_OP_DELETE:
    default:
      ok = TRUE;
      break;
    }
  item_free (entity, after);
  if (!ok)
    return NULL;

  if (type == DC_SYNC_OP_ADJUST && delta == 0)
    return g_steal_pointer (&id);
  if (!append_op (conn, type, entity, id, fields, before.rev, delta, error) ||
      !refresh_row (conn, entity, id, NULL, changes, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* Edits in one transaction: all of them or none. Returns the ids, in order. */
static GPtrArray *
run_edits_locked (Connection  *conn,
                  GPtrArray   *edits,
                  Changes     *changes,
                  GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_full (edits->len, g_free);

  if (conn->db == NULL)
    return db_error (error, NULL, "edit"), NULL;
  if (!begin (conn, error))
    return NULL;
  for (guint i = 0; i < edits->len; i++)
    {
      char *id = apply_edit_locked (conn, g_ptr_array_index (edits, i), changes, error);

      if (id == NULL)
        {
          if (edits->len > 1)
            /* Translators: the position of a row in a list being added, from 1 */
            g_prefix_error (error, _("Row %u: "), i + 1);
          rollback (conn);
          return NULL;
        }
      g_ptr_array_add (ids, id);
    }
  if (!commit (conn, error))
    return NULL;
  return g_steal_pointer (&ids);
}

static GPtrArray *
run_edits (DcCollectionStore  *self,
           GPtrArray          *edits,
           GError            **error)
{
  g_autoptr(Changes) changes = changes_new ();
  GPtrArray *ids;

  g_mutex_lock (&self->writer.mutex);
  ids = run_edits_locked (&self->writer, edits, changes, error);
  if (ids != NULL)
    announce (self, g_steal_pointer (&changes), &self->writer);
  g_mutex_unlock (&self->writer.mutex);
  return ids;
}

static char *
run_edit (DcCollectionStore  *self,
          Edit               *edit,
          GError            **error)
{
  g_autoptr(GPtrArray) edits = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = NULL;

  g_ptr_array_add (edits, edit);
  ids = run_edits (self, edits, error);
  if (ids == NULL)
    return NULL;
  return g_strdup (g_ptr_array_index (ids, 0));
}

/* The writer thread: edits and sync steps, one at a time, in order. */
typedef void (*WriterFunc) (DcCollectionStore *self,
                            GTask             *task);

static void
writer_thread_func (gpointer data,
                    gpointer user_data)
{
  g_autoptr(GTask) task = data;
  WriterFunc func = g_object_get_data (G_OBJECT (task), "dc-writer-func");

  if (g_task_return_error_if_cancelled (task))
    return;
  func (g_task_get_source_object (task), task);
}

static void
push_to_writer (DcCollectionStore *self,
                GTask             *task,
                WriterFunc         func)
{
  g_object_set_data (G_OBJECT (task), "dc-writer-func", func);
  g_thread_pool_push (self->writer_pool, g_object_ref (task), NULL);
}

static void
edit_in_writer (DcCollectionStore *self,
                GTask             *task)
{
  GError *error = NULL;
  char *id = run_edit (self, g_task_get_task_data (task), &error);

  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

static void
edits_in_writer (DcCollectionStore *self,
                 GTask             *task)
{
  GError *error = NULL;
  GPtrArray *ids = run_edits (self, g_task_get_task_data (task), &error);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
create_edits (DcSyncEntity  entity,
              GPtrArray    *fields_list)
{
  GPtrArray *edits = g_ptr_array_new_full (fields_list->len, (GDestroyNotify) edit_free);

  for (guint i = 0; i < fields_list->len; i++)
    g_ptr_array_add (edits, edit_new (EDIT_CREATE, entity, NULL,
                                      g_ptr_array_index (fields_list, i), 0));
  return edits;
}

static void
edit_async (DcCollectionStore   *self,
            Edit                *edit,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, edit, (GDestroyNotify) edit_free);
  push_to_writer (self, task, edit_in_writer);
}

/* --- reading the lists --------------------------------------------------------------- */

#define INVENTORY_SELECT                                                                   \
  "SELECT i.rowid, i.id, i.card_id, c.name, c.set_code, c.set_name, c.collector_number,"   \
  " c.rarity, i.finish, i.condition, i.language, i.quantity, p.amount_minor,"             \
  " (p.amount_minor * i.quantity * dc_condition_permille (i.condition) + 500) / 1000,"    \
  " i.acquisition_price, i.acquisition_currency, i.acquired_on, i.source, i.notes,"       \
  " (SELECT h.id FROM have_items h WHERE h.inventory_item_id = i.id AND h.deleted = 0"    \
  "  LIMIT 1),"                                                                           \
  " COALESCE ((SELECT h.quantity FROM have_items h WHERE h.inventory_item_id = i.id"      \
  "  AND h.deleted = 0 LIMIT 1), 0),"                                                     \
  " EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'inventory_item' AND o.id = i.id),"    \
  " i.created_at, i.updated_at"                                                           \
  " FROM inventory_items i LEFT JOIN cards c ON c.id = i.card_id"                         \
  PRICE_JOIN ("p", "c.num", "i.finish")                                                   \
  " WHERE i.deleted = 0"

#define HAVE_SELECT                                                                        \
  "SELECT h.rowid, h.id, h.inventory_item_id, i.card_id, c.name, c.set_code, c.set_name,"  \
  " c.collector_number, i.finish, i.condition, i.language, h.quantity, i.quantity,"       \
  " h.min_trade_value, h.trade_for_wants_only, h.notes, h.is_active, p.amount_minor,"     \
  " EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'have_item' AND o.id = h.id)"          \
  " FROM have_items h JOIN inventory_items i ON i.id = h.inventory_item_id"               \
  " LEFT JOIN cards c ON c.id = i.card_id"                                                \
  PRICE_JOIN ("p", "c.num", "i.finish")                                                   \
  " WHERE h.deleted = 0 AND i.deleted = 0"

#define WANT_SELECT                                                                        \
  "SELECT w.rowid, w.id, w.card_id, w.oracle_id, w.card_id IS NULL,"                       \
  " COALESCE (c.name, (SELECT o.name FROM cards o WHERE o.oracle_id = w.oracle_id"        \
  "  ORDER BY o.lang = 'en' DESC LIMIT 1)),"                                              \
  " c.set_code, c.set_name, c.collector_number, w.quantity, w.condition_min, w.finish,"   \
  " w.language, w.target_price, w.max_trade_value, w.priority, w.alert_enabled,"         \
  " w.is_public, w.is_active, w.notes,"                                                   \
  " CASE WHEN w.card_id IS NOT NULL THEN"                                                 \
  "  (SELECT min (p.amount_minor) FROM current_prices p WHERE p.card = c.num"             \
  "   AND p.currency = 'USD' AND p.source = 'tcgplayer'"                                  \
  "   AND (w.finish = 'any' OR p.finish = w.finish))"                                     \
  " ELSE"                                                                                 \
  "  (SELECT min (p.amount_minor) FROM cards pc JOIN current_prices p ON p.card = pc.num"  \
  "   WHERE pc.oracle_id = w.oracle_id AND p.currency = 'USD' AND p.source = 'tcgplayer'" \
  "   AND (w.finish = 'any' OR p.finish = w.finish)) END,"                                \
  " EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'want_item' AND o.id = w.id)"          \
  " FROM want_items w LEFT JOIN cards c ON c.id = w.card_id"                              \
  " WHERE w.deleted = 0"

static const char *list_sql[] = {
  INVENTORY_SELECT " ORDER BY i.rowid",
  HAVE_SELECT " ORDER BY h.rowid",
  WANT_SELECT " ORDER BY w.rowid",
};

static const char *get_sql[] = {
  INVENTORY_SELECT " AND i.id = ?1",
  HAVE_SELECT " AND h.id = ?1",
  WANT_SELECT " AND w.id = ?1",
};

static GType
row_type (DcSyncEntity entity)
{
  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      return DC_TYPE_INVENTORY_ROW;
    case DC_SYNC_ENTITY_HAVE_ITEM:
      return DC_TYPE_HAVE_ROW;
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      return DC_TYPE_WANT_ROW;
    }
}

static GListModel *
list_rows (DcCollectionStore  *self,
           DcSyncEntity        entity,
           GError            **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reader.mutex);
  g_autoptr(GListStore) rows = g_list_store_new (row_type (entity));
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(StmtReset) stmt = prepare (&self->reader, list_sql[entity], error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (batch, _dc_list_row_new_from_stmt (row_type (entity), stmt));
  if (rc != SQLITE_DONE)
    {
      db_error (error, self->reader.db, "list");
      return NULL;
    }
  g_list_store_splice (rows, 0, 0, batch->pdata, batch->len);
  return G_LIST_MODEL (g_steal_pointer (&rows));
}

static gpointer
get_row (DcCollectionStore  *self,
         DcSyncEntity        entity,
         const char         *id,
         GError            **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reader.mutex);
  g_autoptr(StmtReset) stmt = prepare (&self->reader, get_sql[entity], error);
  g_autofree char *lower = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  lower = g_ascii_strdown (id, -1);
  bind_text (stmt, 1, lower);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _dc_list_row_new_from_stmt (row_type (entity), stmt);
  if (rc != SQLITE_DONE)
    db_error (error, self->reader.db, "read");
  else
    not_found (error, entity);
  return NULL;
}

static void
totals_from_rows (GListModel         *rows,
                  DcCollectionTotals *totals)
{
  guint n = g_list_model_get_n_items (rows);

  memset (totals, 0, sizeof *totals);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DcInventoryRow) row = g_list_model_get_item (rows, i);
      int quantity = dc_inventory_row_get_quantity (row);
      gint64 value = dc_inventory_row_get_value (row);
      gint64 price = dc_inventory_row_get_acquisition_price (row);
      const char *currency = dc_inventory_row_get_acquisition_currency (row);
      gint64 cost = -1;

      totals->items++;
      totals->cards += quantity;
      if (price >= 0 && g_strcmp0 (currency, "USD") == 0)
        {
          cost = price * quantity;
          totals->cost_basis += cost;
        }
      if (value >= 0)
        {
          totals->value += value;
          totals->priced_items++;
          if (cost >= 0)
            totals->profit += value - cost;
        }
    }
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *rows = list_rows (source_object, GPOINTER_TO_UINT (task_data), &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, g_object_unref);
}

/* --- live models --------------------------------------------------------------------- */

/* Brings @model to @rows with as few splices as the stable order allows: a row still there
 * is updated in place, so the views keep it. */
static void
merge_rows (GListStore *model,
            GListModel *rows)
{
  guint n_new = g_list_model_get_n_items (rows);
  guint i = 0;
  guint j = 0;

  while (j < n_new || i < g_list_model_get_n_items (G_LIST_MODEL (model)))
    {
      guint n_old = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_autoptr(GObject) old = i < n_old ? g_list_model_get_item (G_LIST_MODEL (model), i)
                                         : NULL;
      g_autoptr(GObject) newer = j < n_new ? g_list_model_get_item (rows, j) : NULL;
      gint64 old_pos = old ? _dc_list_row_get_position (old) : G_MAXINT64;
      gint64 new_pos = newer ? _dc_list_row_get_position (newer) : G_MAXINT64;

      if (old != NULL && newer != NULL && old_pos == new_pos &&
          g_strcmp0 (_dc_list_row_get_id (old), _dc_list_row_get_id (newer)) == 0)
        {
          _dc_list_row_update_from (old, newer);
          i++, j++;
        }
      else if (old != NULL && old_pos <= new_pos)
        {
          /* Gone: remove the whole run of old rows before the next new one. */
          guint run = 1;

          while (i + run < n_old)
            {
              g_autoptr(GObject) next = g_list_model_get_item (G_LIST_MODEL (model), i + run);

              if (_dc_list_row_get_position (next) >= new_pos)
                break;
              run++;
            }
          g_list_store_splice (model, i, run, NULL, 0);
        }
      else
        {
          /* New: insert the whole run of new rows before the next old one. */
          g_autoptr(GPtrArray) run = g_ptr_array_new_with_free_func (g_object_unref);

          while (j < n_new)
            {
              GObject *next = g_list_model_get_item (rows, j);

              if (_dc_list_row_get_position (next) >= old_pos)
                {
                  g_object_unref (next);
                  break;
                }
              g_ptr_array_add (run, next);
              j++;
            }
          g_list_store_splice (model, i, 0, run->pdata, run->len);
          i += run->len;
        }
    }
}

/* The index of the row at @position in @model (sorted by position), or where it would go. */
static guint
model_lower_bound (GListModel *model,
                   gint64      position)
{
  guint low = 0;
  guint high = g_list_model_get_n_items (model);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(GObject) row = g_list_model_get_item (model, middle);

      if (_dc_list_row_get_position (row) < position)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

static void
model_index_rows (LiveModel *live)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (live->store));

  g_hash_table_remove_all (live->by_id);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (G_LIST_MODEL (live->store), i);

      g_hash_table_insert (live->by_id, g_strdup (_dc_list_row_get_id (row)), row);
    }
}

static void model_kick (DcCollectionStore *self,
                        DcSyncEntity       entity);

static void
model_done (DcCollectionStore *self,
            DcSyncEntity       entity)
{
  LiveModel *live = &self->models[entity];

  live->busy = FALSE;
  if (entity == DC_SYNC_ENTITY_INVENTORY_ITEM)
    {
      totals_from_rows (G_LIST_MODEL (live->store), &self->totals);
      g_signal_emit (self, signals[TOTALS_CHANGED], 0);
    }
  model_kick (self, entity);
}

static void
model_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DcCollectionStore *self = DC_COLLECTION_STORE (object);
  DcSyncEntity entity = GPOINTER_TO_UINT (user_data);
  LiveModel *live = &self->models[entity];
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) rows = dc_collection_store_list_finish (self, result, &error);

  if (rows == NULL)
    g_warning ("Cannot read the local lists: %s", error->message);
  else
    {
      merge_rows (live->store, rows);
      model_index_rows (live);
    }
  model_done (self, entity);
}

typedef struct
{
  DcSyncEntity  entity;
  GPtrArray    *ids;    /* char* */
  GPtrArray    *rows;   /* the rows, NULL where an id is no longer shown */
} RowsJob;

static void
rows_job_free (RowsJob *job)
{
  g_ptr_array_unref (job->ids);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job);
}

static void
maybe_unref (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
rows_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  RowsJob *job = task_data;

  job->rows = g_ptr_array_new_full (job->ids->len, maybe_unref);
  for (guint i = 0; i < job->ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gpointer row = get_row (source_object, job->entity, g_ptr_array_index (job->ids, i),
                              &error);

      if (row == NULL && !g_error_matches (error, DC_COLLECTION_STORE_ERROR,
                                           DC_COLLECTION_STORE_ERROR_NOT_FOUND))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (job->rows, row);
    }
  g_task_return_boolean (task, TRUE);
}

/* Brings the rows an edit or a sync touched up to date, leaving the others alone. */
static void
model_rows_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DcCollectionStore *self = DC_COLLECTION_STORE (object);
  RowsJob *job = g_task_get_task_data (G_TASK (result));
  LiveModel *live = &self->models[job->entity];
  GListModel *model = G_LIST_MODEL (live->store);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Cannot read the local lists: %s", error->message);
      live->want_all = TRUE;
      model_done (self, job->entity);
      return;
    }

  for (guint i = 0; i < job->ids->len; i++)
    {
      const char *id = g_ptr_array_index (job->ids, i);
      GObject *row = g_ptr_array_index (job->rows, i);
      GObject *old = g_hash_table_lookup (live->by_id, id);

      if (old != NULL)
        {
          guint index = model_lower_bound (model, _dc_list_row_get_position (old));

          if (row != NULL && _dc_list_row_get_position (row) == _dc_list_row_get_position (old))
            {
              _dc_list_row_update_from (old, row);
              continue;
            }
          g_hash_table_remove (live->by_id, id);
          g_list_store_remove (live->store, index);
        }
      if (row != NULL)
        {
          g_list_store_insert (live->store,
                               model_lower_bound (model, _dc_list_row_get_position (row)), row);
          g_hash_table_insert (live->by_id, g_strdup (id), row);
        }
    }
  model_done (self, job->entity);
}

/* Runs the next reload a live model asked for, one at a time. */
static void
model_kick (DcCollectionStore *self,
            DcSyncEntity       entity)
{
  LiveModel *live = &self->models[entity];

  if (live->store == NULL || live->busy)
    return;
  if (live->want_all)
    {
      live->want_all = FALSE;
      g_hash_table_remove_all (live->want_ids);
      live->busy = TRUE;
      dc_collection_store_list_async (self, entity, NULL, model_listed_cb,
                                      GUINT_TO_POINTER (entity));
    }
  else if (g_hash_table_size (live->want_ids) > 0)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, model_rows_cb, NULL);
      RowsJob *job = g_new0 (RowsJob, 1);
      GHashTableIter iter;
      gpointer id;

      job->entity = entity;
      job->ids = g_ptr_array_new_full (g_hash_table_size (live->want_ids), g_free);
      g_hash_table_iter_init (&iter, live->want_ids);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        {
          g_ptr_array_add (job->ids, id);
          g_hash_table_iter_steal (&iter);
        }
      live->busy = TRUE;
      g_task_set_source_tag (task, model_kick);
      g_task_set_task_data (task, job, (GDestroyNotify) rows_job_free);
      g_task_run_in_thread (task, rows_thread);
    }
}

/* @ids: (nullable): the rows that changed; %NULL for all of them */
static void
model_request (DcCollectionStore *self,
               DcSyncEntity       entity,
               GHashTable        *ids)
{
  LiveModel *live = &self->models[entity];
  GHashTableIter iter;
  gpointer id;

  if (live->store == NULL)
    return;
  if (ids == NULL)
    live->want_all = TRUE;
  else if (!live->want_all)
    {
      g_hash_table_iter_init (&iter, ids);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_hash_table_add (live->want_ids, g_strdup (id));
      if (g_hash_table_size (live->want_ids) > CHANGES_MAX_IDS)
        live->want_all = TRUE;
    }
  model_kick (self, entity);
}

/**
 * dc_collection_store_reload:
 *
 * Re-reads every live model, for when what the rows join changed underneath them: a
 * catalog download brings the names, sets and prices of cards the rows already held.
 */
void
dc_collection_store_reload (DcCollectionStore *self)
{
  g_return_if_fail (DC_IS_COLLECTION_STORE (self));

  for (DcSyncEntity entity = DC_SYNC_ENTITY_INVENTORY_ITEM;
       entity <= DC_SYNC_ENTITY_WANT_ITEM; entity++)
    {
      model_request (self, entity, NULL);
      g_signal_emit (self, signals[ITEMS_CHANGED], 0, (guint) entity);
    }
}

static GListModel *
get_model (DcCollectionStore *self,
           DcSyncEntity       entity)
{
  LiveModel *live = &self->models[entity];

  if (live->store == NULL)
    {
      live->store = g_list_store_new (row_type (entity));
      live->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      live->want_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      model_request (self, entity, NULL);
    }
  return G_LIST_MODEL (live->store);
}

/* --- GObject ------------------------------------------------------------------------- */

static void
dc_collection_store_finalize (GObject *object)
{
  DcCollectionStore *self = (DcCollectionStore *) object;

  /* The pool may be finishing the task that dropped the last reference: do not wait. */
  if (self->writer_pool != NULL)
    g_thread_pool_free (self->writer_pool, FALSE, FALSE);
  connection_clear (&self->writer);
  connection_clear (&self->reader);
  for (guint i = 0; i < G_N_ELEMENTS (self->models); i++)
    {
      g_clear_object (&self->models[i].store);
      g_clear_pointer (&self->models[i].by_id, g_hash_table_unref);
      g_clear_pointer (&self->models[i].want_ids, g_hash_table_unref);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);

  G_OBJECT_CLASS (dc_collection_store_parent_class)->finalize (object);
}

static void
dc_collection_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DcCollectionStore *self = DC_COLLECTION_STORE (object);

  switch (prop_id)
    {
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, dc_collection_store_get_pending_count (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_collection_store_class_init (DcCollectionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_collection_store_finalize;
  object_class->get_property = dc_collection_store_get_property;

  /**
   * DcCollectionStore:pending-count:
   *
   * Edits waiting in the outbox for the server.
   */
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DcCollectionStore::items-changed:
   * @entity: the DcSyncEntity whose rows changed
   *
   * Rows of @entity changed: a local edit, or a sync. The live models refresh by
   * themselves; a page holding its own list reloads it.
   */
  signals[ITEMS_CHANGED] =
    g_signal_new ("items-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * DcCollectionStore::totals-changed:
   *
   * dc_collection_store_get_totals() has new figures.
   */
  signals[TOTALS_CHANGED] =
    g_signal_new ("totals-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dc_collection_store_init (DcCollectionStore *self)
{
  connection_init (&self->writer);
  connection_init (&self->reader);
}

/* --- public API ---------------------------------------------------------------------- */

DcCollectionTotals *
dc_collection_totals_copy (const DcCollectionTotals *totals)
{
  return g_memdup2 (totals, sizeof *totals);
}

void
dc_collection_totals_free (DcCollectionTotals *totals)
{
  g_free (totals);
}

static gboolean
load_device_id (DcCollectionStore  *self,
                GError            **error)
{
  g_autoptr(StmtReset) read = NULL;
  g_autoptr(StmtReset) write = NULL;
  g_autofree char *fresh = NULL;

  read = prepare (&self->writer, "SELECT device_id FROM sync_state WHERE singleton = 1", error);
  if (read == NULL)
    return FALSE;
  if (sqlite3_step (read) != SQLITE_ROW)
    return db_error (error, self->writer.db, "sync_state");
  if (sqlite3_column_type (read, 0) != SQLITE_NULL)
    {
      self->device_id = g_strdup (column_text (read, 0));
      return TRUE;
    }
  g_clear_pointer (&read, stmt_reset);

  /* First use of this database: this is a new device as far as the server knows. */
  fresh = g_uuid_string_random ();
  write = prepare (&self->writer, "UPDATE sync_state SET device_id = ? WHERE singleton = 1",
                   error);
  if (write == NULL)
    return FALSE;
  bind_text (write, 1, fresh);
  if (!step_done (&self->writer, write, error))
    return FALSE;
  self->device_id = g_steal_pointer (&fresh);
  return TRUE;
}

static DcCollectionStore *
open_store (const char    *path,
            GMainContext  *context,
            GError       **error)
{
  g_autoptr(DcCollectionStore) self = g_object_new (DC_TYPE_COLLECTION_STORE, NULL);

  self->path = g_strdup (path);
  self->context = g_main_context_ref (context);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_DATABASE,
                   _("The local database %s does not exist"), path);
      return NULL;
    }
  if (!connection_open (&self->writer, path, error) ||
      !connection_open (&self->reader, path, error))
    return NULL;
  if (!load_device_id (self, error))
    {
      g_prefix_error (error, _("The local database %s has no collection tables: "), path);
      return NULL;
    }
  self->pending_count = count_outbox (&self->writer);
  self->writer_pool = g_thread_pool_new (writer_thread_func, self, 1, FALSE, error);
  if (self->writer_pool == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * dc_collection_store_open:
 * @path: the account's database, already migrated (see DcLocalStore)
 * @error: return location for an error
 *
 * Blocking. Signals are emitted on the thread-default main context of the caller.
 *
 * Returns: (transfer full) (nullable): the store
 */
DcCollectionStore *
dc_collection_store_open (const char  *path,
                          GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_store (path, context, error);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  DcCollectionStore *store = open_store (task_data, g_task_get_context (task), &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
dc_collection_store_open_async (const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_collection_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

DcCollectionStore *
dc_collection_store_open_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dc_collection_store_close:
 *
 * Closes both connections (before the account's files are deleted). Later calls fail.
 */
void
dc_collection_store_close (DcCollectionStore *self)
{
  g_return_if_fail (DC_IS_COLLECTION_STORE (self));

  connection_close (&self->writer);
  connection_close (&self->reader);
}

const char *
dc_collection_store_get_path (DcCollectionStore *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return self->path;
}

/**
 * dc_collection_store_get_device_id:
 *
 * This database's device id (a UUID made on first use), sent with every sync so the
 * server does not poke this device about its own edits.
 */
const char *
dc_collection_store_get_device_id (DcCollectionStore *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return self->device_id;
}

guint
dc_collection_store_get_pending_count (DcCollectionStore *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), 0);

  return (guint) g_atomic_int_get (&self->pending_count);
}

/**
 * dc_collection_store_create:
 * @self: a store
 * @entity: which list
 * @fields: the new row's fields (wire names); the rest take the server's defaults
 * @error: return location for an error
 *
 * Adds a row with a new id. Blocking: see the _async form.
 *
 * Returns: (transfer full) (nullable): the new row's id
 */
char *
dc_collection_store_create (DcCollectionStore  *self,
                            DcSyncEntity        entity,
                            JsonObject         *fields,
                            GError            **error)
{
  g_autoptr(Edit) edit = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  edit = edit_new (EDIT_CREATE, entity, NULL, fields, 0);
  return run_edit (self, edit, error);
}

/**
 * dc_collection_store_create_many:
 * @fields_list: (element-type JsonObject): one fields object per new row
 *
 * Adds many rows in one transaction (an import): all of them, or none and an error that
 * names the first row refused ("Row 12: …"). Blocking: see the _async form.
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the new ids, in order
 */
GPtrArray *
dc_collection_store_create_many (DcCollectionStore  *self,
                                 DcSyncEntity        entity,
                                 GPtrArray          *fields_list,
                                 GError            **error)
{
  g_autoptr(GPtrArray) edits = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (fields_list != NULL, NULL);

  edits = create_edits (entity, fields_list);
  return run_edits (self, edits, error);
}

void
dc_collection_store_create_many_async (DcCollectionStore   *self,
                                       DcSyncEntity         entity,
                                       GPtrArray           *fields_list,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DC_IS_COLLECTION_STORE (self));
  g_return_if_fail (fields_list != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_collection_store_create_many_async);
  g_task_set_task_data (task, create_edits (entity, fields_list),
                        (GDestroyNotify) g_ptr_array_unref);
  push_to_writer (self, task, edits_in_writer);
}

/**
 * dc_collection_store_create_many_finish:
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the new ids, in order
 */
GPtrArray *
dc_collection_store_create_many_finish (DcCollectionStore  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonObject *
card_fields (const char *card_id,
             const char *finish,
             const char *condition,
             const char *language,
             int         quantity)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "card_id", card_id);
  json_object_set_int_member (fields, "quantity", quantity);
  if (finish != NULL)
    json_object_set_string_member (fields, "finish", finish);
  if (condition != NULL)
    json_object_set_string_member (fields, "condition", condition);
  if (language != NULL)
    json_object_set_string_member (fields, "language", language);
  return fields;
}

/**
 * dc_collection_store_add_card:
 * @finish: (nullable): "nonfoil" (the default), "foil" or "etched"
 * @condition: (nullable): "NM" (the default) …
 * @language: (nullable): "en" (the default) …
 *
 * Adds @quantity copies of the printing @card_id as a new inventory item.
 *
 * Returns: (transfer full) (nullable): the inventory item's id
 */
char *
dc_collection_store_add_card (DcCollectionStore  *self,
                              const char         *card_id,
                              const char         *finish,
                              const char         *condition,
                              const char         *language,
                              int                 quantity,
                              GError            **error)
{
  g_autoptr(JsonObject) fields = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (card_id != NULL, NULL);

  fields = card_fields (card_id, finish, condition, language, quantity);
  return dc_collection_store_create (self, DC_SYNC_ENTITY_INVENTORY_ITEM, fields, error);
}

/**
 * dc_collection_store_update:
 * @fields: the fields to set; fields not named keep their value (last writer wins per
 *   field once the server has it)
 */
gboolean
dc_collection_store_update (DcCollectionStore  *self,
                            DcSyncEntity        entity,
                            const char         *id,
                            JsonObject         *fields,
                            GError            **error)
{
  g_autoptr(Edit) edit = NULL;
  g_autofree char *done = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  edit = edit_new (EDIT_UPDATE, entity, id, fields, 0);
  done = run_edit (self, edit, error);
  return done != NULL;
}

/**
 * dc_collection_store_adjust_quantity:
 * @delta: copies added (or removed, when negative)
 *
 * Changes an inventory item's quantity by @delta. Unlike setting "quantity" with an
 * update, adjustments made on two devices add up (two offline "+1"s make "+2").
 */
gboolean
dc_collection_store_adjust_quantity (DcCollectionStore  *self,
                                     const char         *inventory_item_id,
                                     int                 delta,
                                     GError            **error)
{
  g_autoptr(Edit) edit = NULL;
  g_autofree char *done = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), FALSE);
  g_return_val_if_fail (inventory_item_id != NULL, FALSE);

  edit = edit_new (EDIT_ADJUST, DC_SYNC_ENTITY_INVENTORY_ITEM, inventory_item_id, NULL, delta);
  done = run_edit (self, edit, error);
  return done != NULL;
}

/**
 * dc_collection_store_delete:
 *
 * Deletes a row. Deleting an inventory item takes its have item with it.
 */
gboolean
dc_collection_store_delete (DcCollectionStore  *self,
                            DcSyncEntity        entity,
                            const char         *id,
                            GError            **error)
{
  g_autoptr(Edit) edit = NULL;
  g_autofree char *done = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  edit = edit_new (EDIT_DELETE, entity, id, NULL, 0);
  done = run_edit (self, edit, error);
  return done != NULL;
}

/**
 * dc_collection_store_mark_for_trade:
 * @quantity: how many copies to offer (at most the inventory item's quantity)
 *
 * Puts an inventory item on the have list, or changes how many copies it offers (and
 * makes it active again) when it is there already.
 *
 * Returns: (transfer full) (nullable): the have item's id
 */
char *
dc_collection_store_mark_for_trade (DcCollectionStore  *self,
                                    const char         *inventory_item_id,
                                    int                 quantity,
                                    GError            **error)
{
  g_autoptr(Edit) edit = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (inventory_item_id != NULL, NULL);

  edit = edit_new (EDIT_MARK_FOR_TRADE, DC_SYNC_ENTITY_HAVE_ITEM, inventory_item_id, NULL,
                   quantity);
  return run_edit (self, edit, error);
}

void
dc_collection_store_create_async (DcCollectionStore   *self,
                                  DcSyncEntity         entity,
                                  JsonObject          *fields,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DC_IS_COLLECTION_STORE (self));
  g_return_if_fail (fields != NULL);

  edit_async (self, edit_new (EDIT_CREATE, entity, NULL, fields, 0),
              dc_collection_store_create_async, cancellable, callback, user_data);
}

char *
dc_collection_store_create_finish (DcCollectionStore  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dc_collection_store_update_async (DcCollectionStore   *self,
                                  DcSyncEntity         entity,
                                  const char          *id,
                                  JsonObject          *fields,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DC_IS_COLLECTION_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (fields != NULL);

  edit_async (self, edit_new (EDIT_UPDATE, entity, id, fields, 0),
              dc_collection_store_update_async, cancellable, callback, user_data);
}

void
dc_collection_store_adjust_quantity_async (DcCollectionStore   *self,
                                           const char          *inventory_item_id,
                                           int                  delta,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (DC_IS_COLLECTION_STORE (self));
  g_return_if_fail (inventory_item_id != NULL);

  edit_async (self, edit_new (EDIT_ADJUST, DC_SYNC_ENTITY_INVENTORY_ITEM, inventory_item_id,
                              NULL, delta),
              dc_collection_store_adjust_quantity_async, cancellable, callback, user_data);
}

void
dc_collection_store_delete_async (DcCollectionStore   *self,
                                  DcSyncEntity         entity,
                                  const char          *id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DC_IS_COLLECTION_STORE (self));
  g_return_if_fail (id != NULL);

  edit_async (self, edit_new (EDIT_DELETE, entity, id, NULL, 0),
              dc_collection_store_delete_async, cancellable, callback, user_data);
}

gboolean
dc_collection_store_edit_finish (DcCollectionStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  id = g_task_propagate_pointer (G_TASK (result), error);
  return id != NULL;
}

void
dc_collection_store_mark_for_trade_async (DcCollectionStore   *self,
                                          const char          *inventory_item_id,
                                          int                  quantity,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (DC_IS_COLLECTION_STORE (self));
  g_return_if_fail (inventory_item_id != NULL);

  edit_async (self, edit_new (EDIT_MARK_FOR_TRADE, DC_SYNC_ENTITY_HAVE_ITEM, inventory_item_id,
                              NULL, quantity),
              dc_collection_store_mark_for_trade_async, cancellable, callback, user_data);
}

char *
dc_collection_store_mark_for_trade_finish (DcCollectionStore  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GListModel *
dc_collection_store_list_inventory (DcCollectionStore  *self,
                                    GError            **error)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return list_rows (self, DC_SYNC_ENTITY_INVENTORY_ITEM, error);
}

GListModel *
dc_collection_store_list_have (DcCollectionStore  *self,
                               GError            **error)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return list_rows (self, DC_SYNC_ENTITY_HAVE_ITEM, error);
}

GListModel *
dc_collection_store_list_want (DcCollectionStore  *self,
                               GError            **error)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return list_rows (self, DC_SYNC_ENTITY_WANT_ITEM, error);
}

/**
 * dc_collection_store_get_inventory_item:
 *
 * Returns: (transfer full) (nullable): the row, or %NULL with
 *   %DC_COLLECTION_STORE_ERROR_NOT_FOUND when there is no such (visible) item
 */
DcInventoryRow *
dc_collection_store_get_inventory_item (DcCollectionStore  *self,
                                        const char         *id,
                                        GError            **error)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_row (self, DC_SYNC_ENTITY_INVENTORY_ITEM, id, error);
}

DcHaveRow *
dc_collection_store_get_have_item (DcCollectionStore  *self,
                                   const char         *id,
                                   GError            **error)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_row (self, DC_SYNC_ENTITY_HAVE_ITEM, id, error);
}

DcWantRow *
dc_collection_store_get_want_item (DcCollectionStore  *self,
                                   const char         *id,
                                   GError            **error)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_row (self, DC_SYNC_ENTITY_WANT_ITEM, id, error);
}

/**
 * dc_collection_store_compute_totals:
 *
 * The collection's totals, computed now (blocking). The live inventory model keeps
 * dc_collection_store_get_totals() current without blocking.
 */
gboolean
dc_collection_store_compute_totals (DcCollectionStore   *self,
                                    DcCollectionTotals  *out_totals,
                                    GError             **error)
{
  g_autoptr(GListModel) rows = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), FALSE);
  g_return_val_if_fail (out_totals != NULL, FALSE);

  rows = list_rows (self, DC_SYNC_ENTITY_INVENTORY_ITEM, error);
  if (rows == NULL)
    return FALSE;
  totals_from_rows (rows, out_totals);
  return TRUE;
}

void
dc_collection_store_list_async (DcCollectionStore   *self,
                                DcSyncEntity         entity,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DC_IS_COLLECTION_STORE (self));
  g_return_if_fail (entity <= DC_SYNC_ENTITY_WANT_ITEM);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_collection_store_list_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (entity), NULL);
  g_task_run_in_thread (task, list_thread);
}

/**
 * dc_collection_store_list_finish:
 *
 * Returns: (transfer full) (nullable): a GListModel of the entity's row type
 */
GListModel *
dc_collection_store_list_finish (DcCollectionStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dc_collection_store_get_inventory_model:
 *
 * Returns: (transfer none): the live list of DcInventoryRow
 */
GListModel *
dc_collection_store_get_inventory_model (DcCollectionStore *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return get_model (self, DC_SYNC_ENTITY_INVENTORY_ITEM);
}

/**
 * dc_collection_store_get_have_model:
 *
 * Returns: (transfer none): the live list of DcHaveRow
 */
GListModel *
dc_collection_store_get_have_model (DcCollectionStore *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return get_model (self, DC_SYNC_ENTITY_HAVE_ITEM);
}

/**
 * dc_collection_store_get_want_model:
 *
 * Returns: (transfer none): the live list of DcWantRow
 */
GListModel *
dc_collection_store_get_want_model (DcCollectionStore *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return get_model (self, DC_SYNC_ENTITY_WANT_ITEM);
}

/**
 * dc_collection_store_get_totals:
 *
 * The totals as of the live inventory model's last refresh (zeros until it has loaded).
 */
const DcCollectionTotals *
dc_collection_store_get_totals (DcCollectionStore *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  return &self->totals;
}

/* --- for the sync engine ------------------------------------------------------------- */

void
_dc_sync_notice_free (DcSyncNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->id);
  g_free (notice->card_name);
  g_free (notice->message);
  g_free (notice);
}

static DcSyncRequest *
take_batch_locked (Connection  *conn,
                   const char  *device_id,
                   guint        max_ops,
                   GError     **error)
{
  g_autoptr(DcSyncRequest) request = dc_sync_request_new ();
  g_autoptr(StmtReset) cursor = NULL;
  g_autoptr(StmtReset) ops = NULL;
  g_autoptr(StmtReset) sent = NULL;
  gint64 last_seq = 0;
  int rc;

  request->device_id = g_strdup (device_id);
  if (!begin (conn, error))
    return NULL;

  if ((cursor = prepare (conn, "SELECT cursor FROM sync_state WHERE singleton = 1",
                         error)) == NULL)
    goto fail;
  if (sqlite3_step (cursor) == SQLITE_ROW)
    request->cursor = sqlite3_column_int64 (cursor, 0);

  if ((ops = prepare (conn, "SELECT seq, op_id, type, entity, id, fields, base_rev,"
                            " quantity_delta FROM outbox ORDER BY seq LIMIT ?", error)) == NULL)
    goto fail;
  sqlite3_bind_int (ops, 1, (int) max_ops);
  while ((rc = sqlite3_step (ops)) == SQLITE_ROW)
    {
      DcSyncOp *op = g_new0 (DcSyncOp, 1);

      last_seq = sqlite3_column_int64 (ops, 0);
      op->op_id = g_strdup (column_text (ops, 1));
      dc_sync_op_type_from_string (column_text (ops, 2), &op->type);
      dc_sync_entity_from_string (column_text (ops, 3), &op->entity);
      op->id = g_strdup (column_text (ops, 4));
      op->fields = parse_object (column_text (ops, 5));
      op->base_rev = sqlite3_column_int64 (ops, 6);
      op->quantity_delta = sqlite3_column_int64 (ops, 7);
      g_ptr_array_add (request->ops, op);
    }
  if (rc != SQLITE_DONE)
    {
      db_error (error, conn->db, "read outbox");
      goto fail;
    }

  /* From now on these ops may have reached the server: never merge into them again. */
  if (last_seq > 0)
    {
      if ((sent = prepare (conn, "UPDATE outbox SET attempts = attempts + 1 WHERE seq <= ?",
                           error)) == NULL)
        goto fail;
      sqlite3_bind_int64 (sent, 1, last_seq);
      if (!step_done (conn, sent, error))
        goto fail;
    }
  if (!commit (conn, error))
    return NULL;
  return g_steal_pointer (&request);

fail:
  rollback (conn);
  return NULL;
}

DcSyncRequest *
_dc_collection_store_take_batch (DcCollectionStore  *self,
                                 guint               max_ops,
                                 GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->writer.mutex);
  return take_batch_locked (&self->writer, self->device_id, max_ops, error);
}

static void
take_batch_in_writer (DcCollectionStore *self,
                      GTask             *task)
{
  GError *error = NULL;
  DcSyncRequest *request = _dc_collection_store_take_batch (self,
                                                            GPOINTER_TO_UINT (
                                                              g_task_get_task_data (task)),
                                                            &error);

  if (request == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, request, (GDestroyNotify) dc_sync_request_free);
}

void
_dc_collection_store_take_batch_async (DcCollectionStore   *self,
                                       guint                max_ops,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _dc_collection_store_take_batch_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (max_ops), NULL);
  push_to_writer (self, task, take_batch_in_writer);
}

DcSyncRequest *
_dc_collection_store_take_batch_finish (DcCollectionStore  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The name of the card a row is about, for "what happened to which card". */
static char *
card_name_of (Connection    *conn,
              DcSyncEntity   entity,
              const char    *id,
              JsonObject    *server_row)
{
  static const char *local_sql[] = {
    "SELECT card_id, NULL FROM inventory_items WHERE id = ?",
    "SELECT i.card_id, h.inventory_item_id FROM have_items h"
    " LEFT JOIN inventory_items i ON i.id = h.inventory_item_id WHERE h.id = ?",
    "SELECT card_id, oracle_id FROM want_items WHERE id = ?",
  };
  g_autoptr(StmtReset) local = prepare (conn, local_sql[entity], NULL);
  g_autoptr(StmtReset) name = NULL;
  g_autofree char *card_id = NULL;
  g_autofree char *other = NULL;

  if (local == NULL)
    return NULL;
  bind_text (local, 1, id);
  if (sqlite3_step (local) == SQLITE_ROW)
    {
      card_id = g_strdup (column_text (local, 0));
      other = g_strdup (column_text (local, 1));
    }
  g_clear_pointer (&local, stmt_reset);

  if (card_id == NULL && server_row != NULL)
    {
      card_id = g_strdup (json_object_get_string_member_with_default (server_row, "card_id",
                                                                      NULL));
      if (other == NULL)
        other = g_strdup (json_object_get_string_member_with_default (
          server_row, entity == DC_SYNC_ENTITY_HAVE_ITEM ? "inventory_item_id" : "oracle_id",
          NULL));
    }
  if (card_id == NULL && entity == DC_SYNC_ENTITY_HAVE_ITEM && other != NULL)
    {
      g_autoptr(StmtReset) inventory = prepare (conn, "SELECT card_id FROM inventory_items"
                                                      " WHERE id = ?", NULL);
      if (inventory != NULL)
        {
          bind_text (inventory, 1, other);
          if (sqlite3_step (inventory) == SQLITE_ROW)
            card_id = g_strdup (column_text (inventory, 0));
        }
    }

  if (card_id != NULL)
    name = prepare (conn, "SELECT name FROM cards WHERE id = ?", NULL);
  else if (entity == DC_SYNC_ENTITY_WANT_ITEM && other != NULL)
    name = prepare (conn, "SELECT name FROM cards WHERE oracle_id = ?"
                          " ORDER BY lang = 'en' DESC LIMIT 1", NULL);
  if (name == NULL)
    return NULL;
  bind_text (name, 1, card_id ? card_id : other);
  if (sqlite3_step (name) != SQLITE_ROW)
    return NULL;
  return g_strdup (column_text (name, 0));
}

static char *
touched_key (DcSyncEntity  entity,
             const char   *id)
{
  return g_strdup_printf ("%d:%s", entity, id);
}

typedef struct
{
  DcSyncEntity  entity;
  char         *id;
  JsonObject   *row;    /* the newest server row seen in this answer, nullable */
} Touched;

static void
touched_free (Touched *touched)
{
  g_free (touched->id);
  g_clear_pointer (&touched->row, json_object_unref);
  g_free (touched);
}

static void
note_touched (GHashTable    *touched,
              DcSyncEntity   entity,
              const char    *id,
              JsonObject    *row)
{
  g_autofree char *key = touched_key (entity, id);
  Touched *entry = g_hash_table_lookup (touched, key);

  if (entry == NULL)
    {
      entry = g_new0 (Touched, 1);
      entry->entity = entity;
      entry->id = g_strdup (id);
      g_hash_table_insert (touched, g_steal_pointer (&key), entry);
    }
  if (row != NULL &&
      (entry->row == NULL ||
       json_object_get_int_member_with_default (row, "rev", 0) >
       json_object_get_int_member_with_default (entry->row, "rev", 0)))
    {
      g_clear_pointer (&entry->row, json_object_unref);
      entry->row = json_object_ref (row);
    }
}

static gboolean
refresh_touched (Connection  *conn,
                 GHashTable  *touched,
                 Changes     *changes,
                 GError     **error)
{
  /* Inventory first: a have row's visibility depends on its inventory row. */
  for (DcSyncEntity entity = DC_SYNC_ENTITY_INVENTORY_ITEM;
       entity <= DC_SYNC_ENTITY_WANT_ITEM; entity++)
    {
      GHashTableIter iter;
      Touched *entry;

      g_hash_table_iter_init (&iter, touched);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        if (entry->entity == entity &&
            !refresh_row (conn, entity, entry->id, entry->row, changes, error))
          return FALSE;
    }
  return TRUE;
}

static GPtrArray *
apply_response_locked (Connection      *conn,
                       DcSyncRequest   *request,
                       DcSyncResponse  *response,
                       Changes         *changes,
                       GError         **error)
{
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func (
    (GDestroyNotify) _dc_sync_notice_free);
  g_autoptr(GHashTable) ops = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) touched_free);
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          NULL);
  g_autoptr(StmtReset) cursor = NULL;

  for (guint i = 0; i < request->ops->len; i++)
    {
      DcSyncOp *op = g_ptr_array_index (request->ops, i);

      g_hash_table_insert (ops, op->op_id, op);
    }

  if (!begin (conn, error))
    return NULL;

  for (guint i = 0; i < response->results->len; i++)
    {
      DcSyncResult *result = g_ptr_array_index (response->results, i);
      DcSyncOp *op = g_hash_table_lookup (ops, result->op_id);
      g_autoptr(StmtReset) drop = NULL;

      if (op == NULL)
        continue;
      if ((drop = prepare (conn, "DELETE FROM outbox WHERE op_id = ?", error)) == NULL)
        goto fail;
      bind_text (drop, 1, op->op_id);
      if (!step_done (conn, drop, error))
        goto fail;
      note_touched (touched, op->entity, op->id, result->row);

      /* The row is gone for good: any later edit of it would only conflict again. */
      if (result->status == DC_SYNC_STATUS_CONFLICT)
        {
          g_autoptr(StmtReset) rest = prepare (conn, "DELETE FROM outbox WHERE entity = ?"
                                                     " AND id = ?", error);

          if (rest == NULL)
            goto fail;
          bind_text (rest, 1, dc_sync_entity_to_string (op->entity));
          bind_text (rest, 2, op->id);
          if (!step_done (conn, rest, error))
            goto fail;
        }

      if (result->status != DC_SYNC_STATUS_OK)
        {
          g_autofree char *key = g_strdup_printf ("%d:%d:%s", result->status, op->entity,
                                                  op->id);
          DcSyncNotice *notice;

          /* One notice per row and outcome, however many of its ops it took. */
          if (!g_hash_table_add (reported, g_steal_pointer (&key)))
            continue;
          notice = g_new0 (DcSyncNotice, 1);
          notice->status = result->status;
          notice->entity = op->entity;
          notice->id = g_strdup (op->id);
          notice->card_name = card_name_of (conn, op->entity, op->id, result->row);
          notice->message = g_strdup (result->error
                                        ? json_object_get_string_member_with_default (
                                            result->error, "message", NULL)
                                        : NULL);
          g_ptr_array_add (notices, notice);
        }
    }

  for (guint i = 0; i < response->changes->len; i++)
    {
      DcSyncChange *change = g_ptr_array_index (response->changes, i);

      if (change->fields != NULL)
        note_touched (touched, change->entity, change->id, change->fields);
    }

  if (!refresh_touched (conn, touched, changes, error))
    goto fail;

  if ((cursor = prepare (conn, "UPDATE sync_state SET cursor = max (cursor, ?),"
                               " last_sync_at = ?, last_error = NULL WHERE singleton = 1",
                         error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (cursor, 1, response->cursor);
  sqlite3_bind_int64 (cursor, 2, now_ms ());
  if (!step_done (conn, cursor, error) || !commit (conn, error))
    goto fail;
  return g_steal_pointer (&notices);

fail:
  rollback (conn);
  return NULL;
}

GPtrArray *
_dc_collection_store_apply_response (DcCollectionStore  *self,
                                     DcSyncRequest      *request,
                                     DcSyncResponse     *response,
                                     GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(Changes) changes = changes_new ();
  GPtrArray *notices;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (response != NULL, NULL);

  locker = g_mutex_locker_new (&self->writer.mutex);
  if (self->writer.db == NULL)
    return db_error (error, NULL, "sync"), NULL;
  notices = apply_response_locked (&self->writer, request, response, changes, error);
  if (notices != NULL)
    announce (self, g_steal_pointer (&changes), &self->writer);
  return notices;
}

typedef struct
{
  DcSyncRequest  *request;
  DcSyncResponse *response;
} ApplyData;

static void
apply_in_writer (DcCollectionStore *self,
                 GTask             *task)
{
  ApplyData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GPtrArray *notices = _dc_collection_store_apply_response (self, data->request,
                                                            data->response, &error);

  if (notices == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, notices, (GDestroyNotify) g_ptr_array_unref);
}

/* @request and @response must stay alive until @callback runs. */
void
_dc_collection_store_apply_response_async (DcCollectionStore   *self,
                                           DcSyncRequest       *request,
                                           DcSyncResponse      *response,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ApplyData *data = g_new0 (ApplyData, 1);

  data->request = request;
  data->response = response;
  g_task_set_source_tag (task, _dc_collection_store_apply_response_async);
  g_task_set_task_data (task, data, g_free);
  push_to_writer (self, task, apply_in_writer);
}

GPtrArray *
_dc_collection_store_apply_response_finish (DcCollectionStore  *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DcSyncNotice *
_dc_collection_store_drop_op (DcCollectionStore  *self,
                              const char         *op_id,
                              const char         *message,
                              GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(StmtReset) find = NULL;
  g_autoptr(StmtReset) drop = NULL;
  g_autoptr(DcSyncNotice) notice = g_new0 (DcSyncNotice, 1);
  g_autoptr(Changes) changes = changes_new ();
  Connection *conn = &self->writer;
  int rc;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (self), NULL);
  g_return_val_if_fail (op_id != NULL, NULL);

  locker = g_mutex_locker_new (&conn->mutex);
  if (!begin (conn, error))
    return NULL;
  if ((find = prepare (conn, "SELECT entity, id FROM outbox WHERE op_id = ?", error)) == NULL)
    goto fail;
  bind_text (find, 1, op_id);
  rc = sqlite3_step (find);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_NOT_FOUND,
                     "No op %s in the outbox", op_id);
      else
        db_error (error, conn->db, "read outbox");
      goto fail;
    }
  notice->status = DC_SYNC_STATUS_REJECTED;
  dc_sync_entity_from_string (column_text (find, 0), &notice->entity);
  notice->id = g_strdup (column_text (find, 1));
  notice->message = g_strdup (message);
  g_clear_pointer (&find, stmt_reset);
  notice->card_name = card_name_of (conn, notice->entity, notice->id, NULL);

  if ((drop = prepare (conn, "DELETE FROM outbox WHERE op_id = ?", error)) == NULL)
    goto fail;
  bind_text (drop, 1, op_id);
  if (!step_done (conn, drop, error) ||
      !refresh_row (conn, notice->entity, notice->id, NULL, changes, error) ||
      !commit (conn, error))
    goto fail;
  announce (self, g_steal_pointer (&changes), conn);
  return g_steal_pointer (&notice);

fail:
  rollback (conn);
  return NULL;
}

typedef struct
{
  char *op_id;
  char *message;
} DropData;

static void
drop_data_free (DropData *data)
{
  g_free (data->op_id);
  g_free (data->message);
  g_free (data);
}

static void
drop_in_writer (DcCollectionStore *self,
                GTask             *task)
{
  DropData *data = g_task_get_task_data (task);
  GError *error = NULL;
  DcSyncNotice *notice = _dc_collection_store_drop_op (self, data->op_id, data->message,
                                                       &error);

  if (notice == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, notice, (GDestroyNotify) _dc_sync_notice_free);
}

void
_dc_collection_store_drop_op_async (DcCollectionStore   *self,
                                    const char          *op_id,
                                    const char          *message,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  DropData *data = g_new0 (DropData, 1);

  data->op_id = g_strdup (op_id);
  data->message = g_strdup (message);
  g_task_set_source_tag (task, _dc_collection_store_drop_op_async);
  g_task_set_task_data (task, data, (GDestroyNotify) drop_data_free);
  push_to_writer (self, task, drop_in_writer);
}

DcSyncNotice *
_dc_collection_store_drop_op_finish (DcCollectionStore  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
record_error_in_writer (DcCollectionStore *self,
                        GTask             *task)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->writer.mutex);
  g_autoptr(StmtReset) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = prepare (&self->writer, "UPDATE sync_state SET last_error = ? WHERE singleton = 1",
                  &error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, g_task_get_task_data (task));
      step_done (&self->writer, stmt, &error);
    }
  if (error != NULL)
    g_debug ("Cannot record the sync error: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
_dc_collection_store_record_error (DcCollectionStore *self,
                                   const char        *message)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DC_IS_COLLECTION_STORE (self));

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, _dc_collection_store_record_error);
  g_task_set_task_data (task, g_strdup (message), g_free);
  push_to_writer (self, task, record_error_in_writer);
}
