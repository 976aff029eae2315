/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-service"

#include "config.h"

#include <string.h>

#include "dc-collection-service.h"
#include "dc-error.h"

typedef enum
{
  ROW_ABSENT,
  ROW_OTHER_USER,
  ROW_DELETED,
  ROW_LIVE,
} RowState;

static DcCollectionChangedFunc changed_func;
static gpointer changed_data;

void
dc_collection_set_changed_func (DcCollectionChangedFunc func,
                                gpointer                user_data)
{
  changed_func = func;
  changed_data = user_data;
}

void
dc_collection_notify_changed (gint64      user_id,
                              const char *origin_device_id)
{
  if (changed_func != NULL)
    changed_func (user_id, origin_device_id, changed_data);
}

static gboolean
sql_failed (DcStore  *store,
            GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  dc_store_set_error (store, sqlite3_errcode (dc_store_get_db (store)), &local_error);
  g_warning ("%s", local_error->message);
  dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
  return FALSE;
}

static gboolean
is_internal (const GError *error)
{
  return error->domain != DC_API_ERROR || error->code == DC_API_ERROR_INTERNAL;
}

static gboolean
run_in_transaction_begin (DcStore  *store,
                          GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!dc_store_begin (store, &local_error))
    {
      g_warning ("%s", local_error->message);
      dc_api_error_set (error, DC_API_ERROR_UNAVAILABLE, NULL, NULL,
                        "The database is busy; try again");
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_in_transaction_end (DcStore  *store,
                        gboolean  ok,
                        GError  **error)
{
  if (!ok)
    {
      dc_store_rollback (store);
      return FALSE;
    }
  if (!dc_store_commit (store, NULL))
    {
      dc_store_rollback (store);
      return sql_failed (store, error);
    }
  return TRUE;
}

gint64
dc_collection_next_rev (DcStore  *store,
                        GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store, "UPDATE rev_counter SET value = value + 1 WHERE id = 1"
                                  " RETURNING value", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return sql_failed (store, error), 0;
  return sqlite3_column_int64 (stmt, 0);
}

static void
not_found (GError    **error,
           const char *what)
{
  dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "not_found", NULL, "No %s with this id", what);
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

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup (dc_stmt_column_text (stmt, column));
}

/* --- inventory ----------------------------------------------------------------------- */

static RowState
load_inventory (DcStore          *store,
                gint64            user_id,
                const char       *id,
                DcInventoryItem **out_item,
                GError          **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(DcInventoryItem) item = NULL;
  int rc;

  *out_item = NULL;
  stmt = dc_store_prepare (store,
                           "SELECT user_id, card_id, quantity, condition, finish, language,"
                           " acquisition_price, acquisition_currency, acquired_on, source, notes,"
                           " rev, deleted, created_at, updated_at"
                           " FROM inventory_items WHERE id = ?", NULL);
  if (stmt == NULL)
    return sql_failed (store, error), ROW_ABSENT;
  dc_stmt_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return ROW_ABSENT;
  if (rc != SQLITE_ROW)
    return sql_failed (store, error), ROW_ABSENT;
  if (sqlite3_column_int64 (stmt, 0) != user_id)
    return ROW_OTHER_USER;

  item = dc_inventory_item_new ();
  item->id = g_strdup (id);
  item->card_id = column_dup (stmt, 1);
  item->quantity = sqlite3_column_int (stmt, 2);
  item->condition = dc_condition_from_string (dc_stmt_column_text (stmt, 3));
  item->finish = dc_finish_from_string (dc_stmt_column_text (stmt, 4));
  g_free (item->language);
  item->language = column_dup (stmt, 5);
  item->has_acquisition_price = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
  item->acquisition_price = sqlite3_column_int64 (stmt, 6);
  g_strlcpy (item->acquisition_currency, dc_stmt_column_text (stmt, 7),
             sizeof item->acquisition_currency);
  item->acquired_on = column_dup (stmt, 8);
  item->source = column_dup (stmt, 9);
  item->notes = column_dup (stmt, 10);
  item->rev = sqlite3_column_int64 (stmt, 11);
  item->deleted = sqlite3_column_int (stmt, 12);
  item->created_at = sqlite3_column_int64 (stmt, 13);
  item->updated_at = sqlite3_column_int64 (stmt, 14);
  *out_item = g_steal_pointer (&item);
  return (*out_item)->deleted ? ROW_DELETED : ROW_LIVE;
}

static gboolean
save_inventory (DcStore         *store,
                gint64           user_id,
                DcInventoryItem *item,
                GError         **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  item->rev = dc_collection_next_rev (store, error);
  if (item->rev == 0)
    return FALSE;
  item->updated_at = dc_now_ms ();
  if (item->created_at == 0)
    item->created_at = item->updated_at;

  stmt = dc_store_prepare (store,
                           "INSERT INTO inventory_items (id, user_id, card_id, quantity, condition,"
                           " finish, language, acquisition_price, acquisition_currency,"
                           " acquired_on, source, notes, rev, deleted, created_at, updated_at)"
                           " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)"
                           " ON CONFLICT (id) DO UPDATE SET card_id = ?3, quantity = ?4,"
                           " condition = ?5, finish = ?6, language = ?7, acquisition_price = ?8,"
                           " acquisition_currency = ?9, acquired_on = ?10, source = ?11,"
                           " notes = ?12, rev = ?13, deleted = ?14, updated_at = ?16", NULL);
  if (stmt == NULL)
    return sql_failed (store, error);
  dc_stmt_bind_text (stmt, 1, item->id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  dc_stmt_bind_text (stmt, 3, item->card_id);
  sqlite3_bind_int (stmt, 4, item->quantity);
  dc_stmt_bind_text (stmt, 5, dc_condition_to_string (item->condition));
  dc_stmt_bind_text (stmt, 6, dc_finish_to_string (item->finish));
  dc_stmt_bind_text (stmt, 7, item->language);
  bind_money (stmt, 8, item->has_acquisition_price, item->acquisition_price);
  dc_stmt_bind_text (stmt, 9, item->acquisition_currency);
  dc_stmt_bind_text (stmt, 10, item->acquired_on);
  dc_stmt_bind_text (stmt, 11, item->source);
  dc_stmt_bind_text (stmt, 12, item->notes);
  sqlite3_bind_int64 (stmt, 13, item->rev);
  sqlite3_bind_int (stmt, 14, item->deleted);
  sqlite3_bind_int64 (stmt, 15, item->created_at);
  sqlite3_bind_int64 (stmt, 16, item->updated_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
}

static gboolean
card_exists (DcStore    *store,
             const char *column,
             const char *value,
             gboolean   *out_exists,
             GError    **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store, g_str_equal (column, "oracle_id")
                                    ? "SELECT 1 FROM cards WHERE oracle_id = ? LIMIT 1"
                                    : "SELECT 1 FROM cards WHERE scryfall_id = ?", NULL);
  if (stmt == NULL)
    return sql_failed (store, error);
  dc_stmt_bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_failed (store, error);
  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
check_card (DcStore    *store,
            const char *field,
            const char *value,
            GError    **error)
{
  gboolean exists = FALSE;

  if (value == NULL)
    return TRUE;
  if (!card_exists (store, field, value, &exists, error))
    return FALSE;
  if (!exists)
    {
      dc_api_error_set_field (error, field, "No card in the catalog has this %s", field);
      return FALSE;
    }
  return TRUE;
}

/* A have item never offers more copies than its inventory item holds. */
static gboolean
clamp_have_quantity (DcStore     *store,
                     const char  *inventory_item_id,
                     int          quantity,
                     GError     **error)
{
  g_autoptr(DcStmtReset) find = NULL;
  g_autoptr(DcStmtReset) update = NULL;
  g_autofree char *have_id = NULL;
  int rc;
  gint64 rev;

  find = dc_store_prepare (store, "SELECT id FROM have_items WHERE inventory_item_id = ?"
                                  " AND deleted = 0 AND quantity > ?", NULL);
  if (find == NULL)
    return sql_failed (store, error);
  dc_stmt_bind_text (find, 1, inventory_item_id);
  sqlite3_bind_int (find, 2, quantity);
  rc = sqlite3_step (find);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return sql_failed (store, error);
  have_id = column_dup (find, 0);
  sqlite3_reset (find);

  if ((rev = dc_collection_next_rev (store, error)) == 0)
    return FALSE;
  update = dc_store_prepare (store, "UPDATE have_items SET quantity = ?, rev = ?, updated_at = ?"
                                    " WHERE id = ?", NULL);
  if (update == NULL)
    return sql_failed (store, error);
  sqlite3_bind_int (update, 1, quantity);
  sqlite3_bind_int64 (update, 2, rev);
  sqlite3_bind_int64 (update, 3, dc_now_ms ());
  dc_stmt_bind_text (update, 4, have_id);
  if (sqlite3_step (update) != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
}

DcInventoryItem *
dc_collection_load_inventory_locked (DcStore     *store,
                                     gint64       user_id,
                                     const char  *id,
                                     gboolean     include_deleted,
                                     GError     **error)
{
  g_autoptr(DcInventoryItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  RowState state = load_inventory (store, user_id, id, &item, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (state == ROW_LIVE || (state == ROW_DELETED && include_deleted))
    return g_steal_pointer (&item);
  not_found (error, "inventory item");
  return NULL;
}

DcInventoryItem *
dc_collection_upsert_inventory_locked (DcStore     *store,
                                       gint64       user_id,
                                       const char  *id,
                                       JsonObject  *fields,
                                       DcWriteMode  mode,
                                       gboolean    *out_was_deleted,
                                       GError     **error)
{
  g_autoptr(DcInventoryItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  RowState state;
  int old_quantity;

  if (out_was_deleted)
    *out_was_deleted = FALSE;
  state = load_inventory (store, user_id, id, &item, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;

  switch (state)
    {
    case ROW_OTHER_USER:
      not_found (error, "inventory item");
      return NULL;
    case ROW_DELETED:
      if (out_was_deleted)
        *out_was_deleted = TRUE;
      if (mode == DC_WRITE_CREATE_ONLY)
        goto exists;
      not_found (error, "inventory item");
      return NULL;
    case ROW_LIVE:
      if (mode == DC_WRITE_CREATE_ONLY)
        goto exists;
      break;
    case ROW_ABSENT:
    default:
      if (mode == DC_WRITE_UPDATE_ONLY)
        {
          not_found (error, "inventory item");
          return NULL;
        }
      item = dc_inventory_item_new ();
      item->id = g_ascii_strdown (id, -1);
      break;
    }

  old_quantity = state == ROW_LIVE ? item->quantity : G_MAXINT;
  if (!dc_inventory_item_apply_json (item, fields, error) ||
      !dc_inventory_item_validate (item, error) ||
      !check_card (store, "card_id", item->card_id, error) ||
      !save_inventory (store, user_id, item, error))
    return NULL;
  if (item->quantity < old_quantity &&
      !clamp_have_quantity (store, item->id, item->quantity, error))
    return NULL;
  return g_steal_pointer (&item);

exists:
  dc_api_error_set (error, DC_API_ERROR_CONFLICT, "conflict.exists", NULL,
                    "An inventory item with this id already exists");
  return NULL;
}

static DcInventoryItem *
adjust_inventory_locked (DcStore     *store,
                         gint64       user_id,
                         const char  *id,
                         gint64       delta,
                         gboolean    *out_was_deleted,
                         GError     **error)
{
  g_autoptr(DcInventoryItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  RowState state = load_inventory (store, user_id, id, &item, &local_error);
  gint64 quantity;

  *out_was_deleted = state == ROW_DELETED;
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (state != ROW_LIVE)
    {
      not_found (error, "inventory item");
      return NULL;
    }
  quantity = item->quantity + delta;
  if (quantity < 1)
    {
      dc_api_error_set_field (error, "quantity",
                              "The quantity would fall to %" G_GINT64_FORMAT
                              "; delete the item instead", quantity);
      return NULL;
    }
  if (quantity > 1000000)
    {
      dc_api_error_set_field (error, "quantity", "The quantity would be too large");
      return NULL;
    }
  item->quantity = (int) quantity;
  if (!save_inventory (store, user_id, item, error))
    return NULL;
  if (delta < 0 && !clamp_have_quantity (store, item->id, item->quantity, error))
    return NULL;
  return g_steal_pointer (&item);
}

/* Marks the live have item of an inventory item deleted (it has nothing left to offer). */
static gboolean
delete_have_of_inventory (DcStore     *store,
                          const char  *inventory_item_id,
                          GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  gint64 rev = 0;
  int rc;

  stmt = dc_store_prepare (store, "SELECT 1 FROM have_items WHERE inventory_item_id = ?"
                                  " AND deleted = 0", NULL);
  if (stmt == NULL)
    return sql_failed (store, error);
  dc_stmt_bind_text (stmt, 1, inventory_item_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return sql_failed (store, error);

  if ((rev = dc_collection_next_rev (store, error)) == 0)
    return FALSE;
  stmt = dc_store_prepare (store, "UPDATE have_items SET deleted = 1, rev = ?, updated_at = ?"
                                  " WHERE inventory_item_id = ? AND deleted = 0", NULL);
  if (stmt == NULL)
    return sql_failed (store, error);
  sqlite3_bind_int64 (stmt, 1, rev);
  sqlite3_bind_int64 (stmt, 2, dc_now_ms ());
  dc_stmt_bind_text (stmt, 3, inventory_item_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
}

static gboolean
delete_inventory_locked (DcStore     *store,
                         gint64       user_id,
                         const char  *id,
                         gboolean     missing_ok,
                         GError     **error)
{
  g_autoptr(DcInventoryItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  RowState state = load_inventory (store, user_id, id, &item, &local_error);

  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;
  if (state == ROW_OTHER_USER || (!missing_ok && state != ROW_LIVE))
    {
      not_found (error, "inventory item");
      return FALSE;
    }
  if (state != ROW_LIVE)
    return TRUE;
  item->deleted = TRUE;
  return save_inventory (store, user_id, item, error) &&
         delete_have_of_inventory (store, id, error);
}

/* --- have items ---------------------------------------------------------------------- */

static RowState
load_have (DcStore     *store,
           gint64       user_id,
           const char  *id,
           DcHaveItem **out_item,
           GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(DcHaveItem) item = NULL;
  int rc;

  *out_item = NULL;
  stmt = dc_store_prepare (store,
                           "SELECT user_id, inventory_item_id, quantity, min_trade_value,"
                           " trade_for_wants_only, notes, is_active, rev, deleted, created_at,"
                           " updated_at FROM have_items WHERE id = ?", NULL);
  if (stmt == NULL)
    return sql_failed (store, error), ROW_ABSENT;
  dc_stmt_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return ROW_ABSENT;
  if (rc != SQLITE_ROW)
    return sql_failed (store, error), ROW_ABSENT;
  if (sqlite3_column_int64 (stmt, 0) != user_id)
    return ROW_OTHER_USER;

  item = dc_have_item_new ();
  item->id = g_strdup (id);
  item->inventory_item_id = column_dup (stmt, 1);
  item->quantity = sqlite3_column_int (stmt, 2);
  item->has_min_trade_value = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
  item->min_trade_value = sqlite3_column_int64 (stmt, 3);
  item->trade_for_wants_only = sqlite3_column_int (stmt, 4);
  item->notes = column_dup (stmt, 5);
  item->is_active = sqlite3_column_int (stmt, 6);
  item->rev = sqlite3_column_int64 (stmt, 7);
  item->deleted = sqlite3_column_int (stmt, 8);
  item->created_at = sqlite3_column_int64 (stmt, 9);
  item->updated_at = sqlite3_column_int64 (stmt, 10);
  *out_item = g_steal_pointer (&item);
  return (*out_item)->deleted ? ROW_DELETED : ROW_LIVE;
}

static gboolean
save_have (DcStore     *store,
           gint64       user_id,
           DcHaveItem  *item,
           GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  item->rev = dc_collection_next_rev (store, error);
  if (item->rev == 0)
    return FALSE;
  item->updated_at = dc_now_ms ();
  if (item->created_at == 0)
    item->created_at = item->updated_at;

  stmt = dc_store_prepare (store,
                           "INSERT INTO have_items (id, user_id, inventory_item_id, quantity,"
                           " min_trade_value, trade_for_wants_only, notes, is_active, rev,"
                           " deleted, created_at, updated_at)"
                           " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"
                           " ON CONFLICT (id) DO UPDATE SET inventory_item_id = ?3,"
                           " quantity = ?4, min_trade_value = ?5, trade_for_wants_only = ?6,"
                           " notes = ?7, is_active = ?8, rev = ?9, deleted = ?10,"
                           " updated_at = ?12", NULL);
  if (stmt == NULL)
    return sql_failed (store, error);
  dc_stmt_bind_text (stmt, 1, item->id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  dc_stmt_bind_text (stmt, 3, item->inventory_item_id);
  sqlite3_bind_int (stmt, 4, item->quantity);
  bind_money (stmt, 5, item->has_min_trade_value, item->min_trade_value);
  sqlite3_bind_int (stmt, 6, item->trade_for_wants_only);
  dc_stmt_bind_text (stmt, 7, item->notes);
  sqlite3_bind_int (stmt, 8, item->is_active);
  sqlite3_bind_int64 (stmt, 9, item->rev);
  sqlite3_bind_int (stmt, 10, item->deleted);
  sqlite3_bind_int64 (stmt, 11, item->created_at);
  sqlite3_bind_int64 (stmt, 12, item->updated_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
}

static DcHaveItem *
upsert_have_locked (DcStore     *store,
                    gint64       user_id,
                    const char  *id,
                    JsonObject  *fields,
                    DcWriteMode  mode,
                    gboolean    *out_was_deleted,
                    GError     **error)
{
  g_autoptr(DcHaveItem) item = NULL;
  g_autoptr(DcInventoryItem) inventory = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DcStmtReset) taken = NULL;
  RowState state = load_have (store, user_id, id, &item, &local_error);
  int rc;

  *out_was_deleted = state == ROW_DELETED;
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (state == ROW_OTHER_USER || state == ROW_DELETED ||
      (state == ROW_ABSENT && mode == DC_WRITE_UPDATE_ONLY))
    {
      if (state == ROW_DELETED && mode == DC_WRITE_CREATE_ONLY)
        goto exists;
      not_found (error, "have item");
      return NULL;
    }
  if (state == ROW_LIVE && mode == DC_WRITE_CREATE_ONLY)
    goto exists;
  if (state == ROW_ABSENT)
    {
      item = dc_have_item_new ();
      item->id = g_ascii_strdown (id, -1);
    }

  if (!dc_have_item_apply_json (item, fields, error) || !dc_have_item_validate (item, error))
    return NULL;

  inventory = dc_collection_load_inventory_locked (store, user_id, item->inventory_item_id,
                                                   FALSE, &local_error);
  if (inventory == NULL)
    {
      JsonObject *details;

      if (is_internal (local_error))
        return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
      details = json_object_new ();
      json_object_set_string_member (details, "field", "inventory_item_id");
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "have.inventory_not_found", details,
                        "The inventory item of this have item does not exist");
      return NULL;
    }

  taken = dc_store_prepare (store, "SELECT 1 FROM have_items WHERE inventory_item_id = ?"
                                   " AND deleted = 0 AND id <> ?", NULL);
  if (taken == NULL)
    return sql_failed (store, error), NULL;
  dc_stmt_bind_text (taken, 1, item->inventory_item_id);
  dc_stmt_bind_text (taken, 2, item->id);
  rc = sqlite3_step (taken);
  if (rc == SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_CONFLICT, "have.already_listed", NULL,
                        "This card is already in your have list");
      return NULL;
    }
  if (rc != SQLITE_DONE)
    return sql_failed (store, error), NULL;

  if (item->quantity > inventory->quantity)
    {
      dc_api_error_set_field (error, "quantity",
                              "You can offer at most the %d copies you have", inventory->quantity);
      return NULL;
    }

  if (!save_have (store, user_id, item, error))
    return NULL;
  return g_steal_pointer (&item);

exists:
  dc_api_error_set (error, DC_API_ERROR_CONFLICT, "conflict.exists", NULL,
                    "A have item with this id already exists");
  return NULL;
}

static gboolean
delete_have_locked (DcStore     *store,
                    gint64       user_id,
                    const char  *id,
                    gboolean     missing_ok,
                    GError     **error)
{
  g_autoptr(DcHaveItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  RowState state = load_have (store, user_id, id, &item, &local_error);

  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;
  if (state == ROW_OTHER_USER || (!missing_ok && state != ROW_LIVE))
    {
      not_found (error, "have item");
      return FALSE;
    }
  if (state != ROW_LIVE)
    return TRUE;
  item->deleted = TRUE;
  return save_have (store, user_id, item, error);
}

/* --- want items ---------------------------------------------------------------------- */

static RowState
load_want (DcStore     *store,
           gint64       user_id,
           const char  *id,
           DcWantItem **out_item,
           GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(DcWantItem) item = NULL;
  const char *finish;
  int rc;

  *out_item = NULL;
  stmt = dc_store_prepare (store,
                           "SELECT user_id, card_id, oracle_id, quantity, condition_min, finish,"
                           " language, target_price, max_trade_value, priority, alert_enabled,"
                           " is_public, is_active, notes, rev, deleted, created_at, updated_at"
                           " FROM want_items WHERE id = ?", NULL);
  if (stmt == NULL)
    return sql_failed (store, error), ROW_ABSENT;
  dc_stmt_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return ROW_ABSENT;
  if (rc != SQLITE_ROW)
    return sql_failed (store, error), ROW_ABSENT;
  if (sqlite3_column_int64 (stmt, 0) != user_id)
    return ROW_OTHER_USER;

  item = dc_want_item_new ();
  item->id = g_strdup (id);
  item->card_id = column_dup (stmt, 1);
  item->oracle_id = column_dup (stmt, 2);
  item->quantity = sqlite3_column_int (stmt, 3);
  item->condition_min = dc_condition_from_string (dc_stmt_column_text (stmt, 4));
  finish = dc_stmt_column_text (stmt, 5);
  item->finish = g_strcmp0 (finish, "any") == 0 ? DC_FINISH_UNKNOWN
                                                : dc_finish_from_string (finish);
  g_free (item->language);
  item->language = column_dup (stmt, 6);
  item->has_target_price = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
  item->target_price = sqlite3_column_int64 (stmt, 7);
  item->has_max_trade_value = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
  item->max_trade_value = sqlite3_column_int64 (stmt, 8);
  dc_want_priority_from_string (dc_stmt_column_text (stmt, 9), &item->priority);
  item->alert_enabled = sqlite3_column_int (stmt, 10);
  item->is_public = sqlite3_column_int (stmt, 11);
  item->is_active = sqlite3_column_int (stmt, 12);
  item->notes = column_dup (stmt, 13);
  item->rev = sqlite3_column_int64 (stmt, 14);
  item->deleted = sqlite3_column_int (stmt, 15);
  item->created_at = sqlite3_column_int64 (stmt, 16);
  item->updated_at = sqlite3_column_int64 (stmt, 17);
  *out_item = g_steal_pointer (&item);
  return (*out_item)->deleted ? ROW_DELETED : ROW_LIVE;
}

static gboolean
save_want (DcStore     *store,
           gint64       user_id,
           DcWantItem  *item,
           GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  item->rev = dc_collection_next_rev (store, error);
  if (item->rev == 0)
    return FALSE;
  item->updated_at = dc_now_ms ();
  if (item->created_at == 0)
    item->created_at = item->updated_at;

  stmt = dc_store_prepare (store,
                           "INSERT INTO want_items (id, user_id, card_id, oracle_id, quantity,"
                           " condition_min, finish, language, target_price, max_trade_value,"
                           " priority, alert_enabled, is_public, is_active, notes, rev, deleted,"
                           " created_at, updated_at)"
                           " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,"
                           " ?18,?19)"
                           " ON CONFLICT (id) DO UPDATE SET card_id = ?3, oracle_id = ?4,"
                           " quantity = ?5, condition_min = ?6, finish = ?7, language = ?8,"
                           " target_price = ?9, max_trade_value = ?10, priority = ?11,"
                           " alert_enabled = ?12, is_public = ?13, is_active = ?14, notes = ?15,"
                           " rev = ?16, deleted = ?17, updated_at = ?19", NULL);
  if (stmt == NULL)
    return sql_failed (store, error);
  dc_stmt_bind_text (stmt, 1, item->id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  dc_stmt_bind_text (stmt, 3, item->card_id);
  dc_stmt_bind_text (stmt, 4, item->oracle_id);
  sqlite3_bind_int (stmt, 5, item->quantity);
  dc_stmt_bind_text (stmt, 6, dc_condition_to_string (item->condition_min));
  dc_stmt_bind_text (stmt, 7, item->finish == DC_FINISH_UNKNOWN
                                ? "any" : dc_finish_to_string (item->finish));
  dc_stmt_bind_text (stmt, 8, item->language);
  bind_money (stmt, 9, item->has_target_price, item->target_price);
  bind_money (stmt, 10, item->has_max_trade_value, item->max_trade_value);
  dc_stmt_bind_text (stmt, 11, dc_want_priority_to_string (item->priority));
  sqlite3_bind_int (stmt, 12, item->alert_enabled);
  sqlite3_bind_int (stmt, 13, item->is_public);
  sqlite3_bind_int (stmt, 14, item->is_active);
  dc_stmt_bind_text (stmt, 15, item->notes);
  sqlite3_bind_int64 (stmt, 16, item->rev);
  sqlite3_bind_int (stmt, 17, item->deleted);
  sqlite3_bind_int64 (stmt, 18, item->created_at);
  sqlite3_bind_int64 (stmt, 19, item->updated_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
}

static DcWantItem *
upsert_want_locked (DcStore     *store,
                    gint64       user_id,
                    const char  *id,
                    JsonObject  *fields,
                    DcWriteMode  mode,
                    gboolean    *out_was_deleted,
                    GError     **error)
{
  g_autoptr(DcWantItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  RowState state = load_want (store, user_id, id, &item, &local_error);

  *out_was_deleted = state == ROW_DELETED;
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if ((state == ROW_LIVE || state == ROW_DELETED) && mode == DC_WRITE_CREATE_ONLY)
    {
      dc_api_error_set (error, DC_API_ERROR_CONFLICT, "conflict.exists", NULL,
                        "A want item with this id already exists");
      return NULL;
    }
  if (state == ROW_OTHER_USER || state == ROW_DELETED ||
      (state == ROW_ABSENT && mode == DC_WRITE_UPDATE_ONLY))
    {
      not_found (error, "want item");
      return NULL;
    }
  if (state == ROW_ABSENT)
    {
      item = dc_want_item_new ();
      item->id = g_ascii_strdown (id, -1);
    }

  if (!dc_want_item_apply_json (item, fields, error) ||
      !dc_want_item_validate (item, error) ||
      !check_card (store, "card_id", item->card_id, error) ||
      !check_card (store, "oracle_id", item->oracle_id, error) ||
      !save_want (store, user_id, item, error))
    return NULL;
  return g_steal_pointer (&item);
}

static gboolean
delete_want_locked (DcStore     *store,
                    gint64       user_id,
                    const char  *id,
                    gboolean     missing_ok,
                    GError     **error)
{
  g_autoptr(DcWantItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  RowState state = load_want (store, user_id, id, &item, &local_error);

  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;
  if (state == ROW_OTHER_USER || (!missing_ok && state != ROW_LIVE))
    {
      not_found (error, "want item");
      return FALSE;
    }
  if (state != ROW_LIVE)
    return TRUE;
  item->deleted = TRUE;
  return save_want (store, user_id, item, error);
}

/* --- public, self-contained entry points --------------------------------------------- */

#define WRITE_TRANSACTION(store, user_id, expr, result, error)                 \
  G_STMT_START {                                                               \
    if (!run_in_transaction_begin ((store), (error)))                          \
      return 0;                                                                \
    result = (expr);                                                           \
    if (!run_in_transaction_end ((store), (result) != 0, (error)))             \
      return 0;                                                                \
    dc_collection_notify_changed (user_id, NULL);                              \
  } G_STMT_END

DcInventoryItem *
dc_collection_get_inventory (DcStore     *store,
                             gint64       user_id,
                             const char  *id,
                             GError     **error)
{
  return dc_collection_load_inventory_locked (store, user_id, id, FALSE, error);
}

DcInventoryItem *
dc_collection_upsert_inventory (DcStore     *store,
                                gint64       user_id,
                                const char  *id,
                                JsonObject  *fields,
                                DcWriteMode  mode,
                                GError     **error)
{
  DcInventoryItem *item;

  WRITE_TRANSACTION (store, user_id,
                     dc_collection_upsert_inventory_locked (store, user_id, id, fields, mode,
                                                            NULL, error),
                     item, error);
  return item;
}

DcInventoryItem *
dc_collection_adjust_inventory (DcStore     *store,
                                gint64       user_id,
                                const char  *id,
                                gint64       delta,
                                GError     **error)
{
  DcInventoryItem *item;
  gboolean was_deleted;

  WRITE_TRANSACTION (store, user_id,
                     adjust_inventory_locked (store, user_id, id, delta, &was_deleted, error),
                     item, error);
  return item;
}

gboolean
dc_collection_delete_inventory (DcStore     *store,
                                gint64       user_id,
                                const char  *id,
                                GError     **error)
{
  gboolean ok;

  WRITE_TRANSACTION (store, user_id, delete_inventory_locked (store, user_id, id, FALSE, error),
                     ok, error);
  return ok;
}

DcHaveItem *
dc_collection_get_have (DcStore     *store,
                        gint64       user_id,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(DcHaveItem) item = NULL;
  g_autoptr(GError) local_error = NULL;

  if (load_have (store, user_id, id, &item, &local_error) == ROW_LIVE)
    return g_steal_pointer (&item);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    not_found (error, "have item");
  return NULL;
}

DcHaveItem *
dc_collection_upsert_have (DcStore     *store,
                           gint64       user_id,
                           const char  *id,
                           JsonObject  *fields,
                           DcWriteMode  mode,
                           GError     **error)
{
  DcHaveItem *item;
  gboolean was_deleted;

  WRITE_TRANSACTION (store, user_id,
                     upsert_have_locked (store, user_id, id, fields, mode, &was_deleted, error),
                     item, error);
  return item;
}

gboolean
dc_collection_delete_have (DcStore     *store,
                           gint64       user_id,
                           const char  *id,
                           GError     **error)
{
  gboolean ok;

  WRITE_TRANSACTION (store, user_id, delete_have_locked (store, user_id, id, FALSE, error),
                     ok, error);
  return ok;
}

DcWantItem *
dc_collection_get_want (DcStore     *store,
                        gint64       user_id,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(DcWantItem) item = NULL;
  g_autoptr(GError) local_error = NULL;

  if (load_want (store, user_id, id, &item, &local_error) == ROW_LIVE)
    return g_steal_pointer (&item);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    not_found (error, "want item");
  return NULL;
}

DcWantItem *
dc_collection_upsert_want (DcStore     *store,
                           gint64       user_id,
                           const char  *id,
                           JsonObject  *fields,
                           DcWriteMode  mode,
                           GError     **error)
{
  DcWantItem *item;
  gboolean was_deleted;

  WRITE_TRANSACTION (store, user_id,
                     upsert_want_locked (store, user_id, id, fields, mode, &was_deleted, error),
                     item, error);
  return item;
}

gboolean
dc_collection_delete_want (DcStore     *store,
                           gint64       user_id,
                           const char  *id,
                           GError     **error)
{
  gboolean ok;

  WRITE_TRANSACTION (store, user_id, delete_want_locked (store, user_id, id, FALSE, error),
                     ok, error);
  return ok;
}

/* --- sync ---------------------------------------------------------------------------- */

static JsonObject *
row_json (DcStore      *store,
          gint64        user_id,
          DcSyncEntity  entity,
          const char   *id,
          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = NULL;

  switch (entity)
    {
    case DC_SYNC_ENTITY_INVENTORY_ITEM:
      {
        g_autoptr(DcInventoryItem) item = NULL;
        if (load_inventory (store, user_id, id, &item, &local_error) >= ROW_DELETED)
          object = dc_inventory_item_to_json (item);
      }
      break;
    case DC_SYNC_ENTITY_HAVE_ITEM:
      {
        g_autoptr(DcHaveItem) item = NULL;
        if (load_have (store, user_id, id, &item, &local_error) >= ROW_DELETED)
          object = dc_have_item_to_json (item);
      }
      break;
    case DC_SYNC_ENTITY_WANT_ITEM:
    default:
      {
        g_autoptr(DcWantItem) item = NULL;
        if (load_want (store, user_id, id, &item, &local_error) >= ROW_DELETED)
          object = dc_want_item_to_json (item);
      }
      break;
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return object;
}

/* Applies one op; the result says what the client should do. An internal failure (the
 * database) fails the whole request instead, so nothing is half-applied. */
static DcSyncResult *
apply_op (DcStore   *store,
          gint64     user_id,
          DcSyncOp  *op,
          gboolean  *out_changed,
          GError   **error)
{
  g_autoptr(DcSyncResult) result = dc_sync_result_new (op->op_id, DC_SYNC_STATUS_OK);
  g_autoptr(GError) op_error = NULL;
  gboolean was_deleted = FALSE;
  gboolean ok = FALSE;

  *out_changed = FALSE;
  switch (op->type)
    {
    case DC_SYNC_OP_UPSERT:
      switch (op->entity)
        {
        case DC_SYNC_ENTITY_INVENTORY_ITEM:
          {
            g_autoptr(DcInventoryItem) item = dc_collection_upsert_inventory_locked (
              store, user_id, op->id, op->fields, DC_WRITE_CREATE_OR_UPDATE, &was_deleted,
              &op_error);
            ok = item != NULL;
          }
          break;
        case DC_SYNC_ENTITY_HAVE_ITEM:
          {
            g_autoptr(DcHaveItem) item = upsert_have_locked (store, user_id, op->id, op->fields,
                                                             DC_WRITE_CREATE_OR_UPDATE,
                                                             &was_deleted, &op_error);
            ok = item != NULL;
          }
          break;
        case DC_SYNC_ENTITY_WANT_ITEM:
        default:
          {
            g_autoptr(DcWantItem) item = upsert_want_locked (store, user_id, op->id, op->fields,
                                                             DC_WRITE_CREATE_OR_UPDATE,
                                                             &was_deleted, &op_error);
            ok = item != NULL;
          }
          break;
        }
      break;

    case DC_SYNC_OP_ADJUST:
      {
        g_autoptr(DcInventoryItem) item = adjust_inventory_locked (store, user_id, op->id,
                                                                   op->quantity_delta,
                                                                   &was_deleted, &op_error);
        ok = item != NULL;
      }
      break;

    case DC_SYNC_OP_DELETE:
    default:
      switch (op->entity)
        {
        case DC_SYNC_ENTITY_INVENTORY_ITEM:
          ok = delete_inventory_locked (store, user_id, op->id, TRUE, &op_error);
          break;
        case DC_SYNC_ENTITY_HAVE_ITEM:
          ok = delete_have_locked (store, user_id, op->id, TRUE, &op_error);
          break;
        case DC_SYNC_ENTITY_WANT_ITEM:
        default:
          ok = delete_want_locked (store, user_id, op->id, TRUE, &op_error);
          break;
        }
      break;
    }

  if (!ok && is_internal (op_error))
    {
      g_propagate_error (error, g_steal_pointer (&op_error));
      return NULL;
    }

  if (ok)
    *out_changed = TRUE;
  else if (was_deleted)
    {
      /* Edited here, deleted there: the deletion wins and the client is told. */
      g_autoptr(GError) conflict = NULL;

      result->status = DC_SYNC_STATUS_CONFLICT;
      dc_api_error_set (&conflict, DC_API_ERROR_CONFLICT, "sync.deleted_on_server", NULL,
                        "This item was deleted on another device");
      dc_sync_result_set_error (result, conflict);
    }
  else
    {
      result->status = DC_SYNC_STATUS_REJECTED;
      dc_sync_result_set_error (result, op_error);
    }

  result->row = row_json (store, user_id, op->entity, op->id, error);
  if (error && *error)
    return NULL;
  return g_steal_pointer (&result);
}

static JsonObject *
result_to_json (DcSyncResult *result)
{
  g_autoptr(DcSyncResponse) wrapper = dc_sync_response_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *results;

  g_ptr_array_add (wrapper->results, result);
  node = dc_sync_response_to_json (wrapper);
  g_ptr_array_steal_index (wrapper->results, 0);
  results = json_object_get_array_member (json_node_get_object (node), "results");
  return json_object_ref (json_array_get_object_element (results, 0));
}

static DcSyncResult *
replayed_result (DcStore    *store,
                 gint64      user_id,
                 const char *op_id,
                 GError    **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) wrapper = NULL;
  g_autoptr(DcSyncResponse) response = NULL;
  g_autofree char *text = NULL;
  int rc;

  stmt = dc_store_prepare (store, "SELECT result FROM sync_ops WHERE user_id = ? AND op_id = ?",
                           NULL);
  if (stmt == NULL)
    return sql_failed (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  dc_stmt_bind_text (stmt, 2, op_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    return sql_failed (store, error), NULL;

  text = g_strdup_printf ("{\"results\":[%s],\"changes\":[]}", dc_stmt_column_text (stmt, 0));
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return sql_failed (store, error), NULL;
  response = dc_sync_response_from_json (json_parser_get_root (parser), error);
  if (response == NULL || response->results->len != 1)
    return NULL;
  return g_ptr_array_steal_index (response->results, 0);
}

static gboolean
remember_result (DcStore      *store,
                 gint64        user_id,
                 DcSyncResult *result,
                 GError      **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(JsonObject) object = result_to_json (result);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  stmt = dc_store_prepare (store, "INSERT INTO sync_ops (user_id, op_id, result, created_at)"
                                  " VALUES (?, ?, ?, ?)", NULL);
  if (stmt == NULL)
    return sql_failed (store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  dc_stmt_bind_text (stmt, 2, result->op_id);
  dc_stmt_bind_text (stmt, 3, text);
  sqlite3_bind_int64 (stmt, 4, dc_now_ms ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
}

static gboolean
collect_changes (DcStore        *store,
                 gint64          user_id,
                 gint64          cursor,
                 DcSyncResponse *response,
                 GError        **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT 0, id, rev FROM inventory_items WHERE user_id = ?1 AND rev > ?2"
                           " UNION ALL"
                           " SELECT 1, id, rev FROM have_items WHERE user_id = ?1 AND rev > ?2"
                           " UNION ALL"
                           " SELECT 2, id, rev FROM want_items WHERE user_id = ?1 AND rev > ?2"
                           " ORDER BY 3 LIMIT ?3", NULL);
  if (stmt == NULL)
    return sql_failed (store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, cursor);
  sqlite3_bind_int (stmt, 3, DC_SYNC_MAX_CHANGES + 1);

  response->cursor = cursor;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DcSyncEntity entity = (DcSyncEntity) sqlite3_column_int (stmt, 0);
      g_autofree char *id = column_dup (stmt, 1);
      gint64 rev = sqlite3_column_int64 (stmt, 2);
      g_autoptr(JsonObject) fields = NULL;

      if (response->changes->len == DC_SYNC_MAX_CHANGES)
        {
          response->has_more = TRUE;
          break;
        }
      fields = row_json (store, user_id, entity, id, error);
      if (fields == NULL)
        return error && *error ? FALSE : sql_failed (store, error);
      g_ptr_array_add (response->changes,
                       dc_sync_change_new (entity, id, rev,
                                           json_object_get_boolean_member_with_default (
                                             fields, "deleted", FALSE),
                                           fields));
      response->cursor = rev;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
}

DcSyncResponse *
dc_collection_sync (DcStore        *store,
                    gint64          user_id,
                    DcSyncRequest  *request,
                    GError        **error)
{
  g_autoptr(DcSyncResponse) response = dc_sync_response_new ();
  gboolean changed = FALSE;

  if (!run_in_transaction_begin (store, error))
    return NULL;

  for (guint i = 0; i < request->ops->len; i++)
    {
      DcSyncOp *op = g_ptr_array_index (request->ops, i);
      g_autoptr(GError) local_error = NULL;
      DcSyncResult *result;
      gboolean op_changed;

      result = replayed_result (store, user_id, op->op_id, &local_error);
      if (local_error != NULL)
        goto fail;
      if (result != NULL)
        {
          g_ptr_array_add (response->results, result);
          continue;
        }

      /* A rejected op must leave nothing behind, even writes it made before failing. */
      if (!dc_store_exec (store, "SAVEPOINT op", NULL))
        {
          sql_failed (store, &local_error);
          goto fail;
        }
      result = apply_op (store, user_id, op, &op_changed, &local_error);
      if (result == NULL)
        goto fail;
      if (result->status != DC_SYNC_STATUS_OK)
        dc_store_exec (store, "ROLLBACK TO op", NULL);
      dc_store_exec (store, "RELEASE op", NULL);
      g_ptr_array_add (response->results, result);
      changed |= op_changed;
      if (!remember_result (store, user_id, result, &local_error))
        goto fail;
      continue;

    fail:
      g_propagate_error (error, g_steal_pointer (&local_error));
      dc_store_rollback (store);
      return NULL;
    }

  if (!collect_changes (store, user_id, request->cursor, response, error) ||
      !run_in_transaction_end (store, TRUE, error))
    {
      dc_store_rollback (store);
      return NULL;
    }

  if (changed)
    dc_collection_notify_changed (user_id, request->device_id);
  return g_steal_pointer (&response);
}
