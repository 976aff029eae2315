/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-routes"

#include "config.h"

#include <string.h>

#include "dc-collection-service.h"
#include "dc-condition.h"
#include "dc-error.h"
#include "dc-money.h"
#include "dc-routes.h"
#include "dc-server.h"

#define PER_PAGE_DEFAULT 50
#define PER_PAGE_MAX 500

static DcStore *
store_of (DcRequest *request)
{
  return dc_server_get_store (dc_request_get_server (request));
}

static gboolean
internal (DcStore  *store,
          GError  **error)
{
  g_warning ("SQLite: %s", sqlite3_errmsg (dc_store_get_db (store)));
  dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
  return FALSE;
}

static void
set_money (JsonObject *object,
           const char *name,
           gboolean    has,
           gint64      minor)
{
  if (has)
    {
      g_autofree char *text = dc_money_format_decimal (minor);
      json_object_set_string_member (object, name, text);
    }
  else
    json_object_set_null_member (object, name);
}

/* The card summary and the current USD (TCGplayer) price of @card_id in @finish. */
static gboolean
card_info (DcStore     *store,
           const char  *card_id,
           const char  *finish,
           JsonObject **out_summary,
           gboolean    *out_has_price,
           gint64      *out_price)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  *out_summary = NULL;
  *out_has_price = FALSE;
  *out_price = 0;
  stmt = dc_store_prepare (store,
                           "SELECT c.summary_json, p.amount FROM cards c"
                           " LEFT JOIN current_prices p ON p.card = c.id AND p.finish = ?2"
                           " AND p.currency = 'USD' AND p.source = 'tcgplayer'"
                           " WHERE c.scryfall_id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, card_id);
  dc_stmt_bind_text (stmt, 2, finish);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  if (json_parser_load_from_data (parser, dc_stmt_column_text (stmt, 0), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    *out_summary = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      *out_has_price = TRUE;
      *out_price = sqlite3_column_int64 (stmt, 1);
    }
  return TRUE;
}

/* quantity × price × condition multiplier, rounded half up to the cent (DESIGN §7.7). */
static gint64
valuation (gint64      unit_price,
           int         quantity,
           DcCondition condition)
{
  gint64 permille = dc_condition_multiplier_permille (condition);

  return (unit_price * quantity * permille + 500) / 1000;
}

static JsonObject *
inventory_answer (DcStore         *store,
                  DcInventoryItem *item)
{
  JsonObject *object = dc_inventory_item_to_json (item);
  g_autoptr(JsonObject) summary = NULL;
  gboolean has_price;
  gint64 price;

  card_info (store, item->card_id, dc_finish_to_string (item->finish), &summary, &has_price,
             &price);
  if (summary)
    json_object_set_object_member (object, "card", g_steal_pointer (&summary));
  set_money (object, "unit_price", has_price, price);
  set_money (object, "value", has_price, has_price ? valuation (price, item->quantity,
                                                                item->condition) : 0);
  return object;
}

static JsonObject *
want_answer (DcStore    *store,
             DcWantItem *item)
{
  JsonObject *object = dc_want_item_to_json (item);

  if (item->card_id != NULL)
    {
      g_autoptr(JsonObject) summary = NULL;
      gboolean has_price;
      gint64 price;

      card_info (store, item->card_id,
                 item->finish == DC_FINISH_FOIL ? "foil"
                 : item->finish == DC_FINISH_ETCHED ? "etched" : "nonfoil",
                 &summary, &has_price, &price);
      if (summary)
        json_object_set_object_member (object, "card", g_steal_pointer (&summary));
      set_money (object, "current_price", has_price, price);
    }
  else
    {
      g_autoptr(DcStmtReset) stmt = NULL;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      /* Any printing: show the newest printing as the face of the want. */
      stmt = dc_store_prepare (store, "SELECT summary_json FROM cards WHERE oracle_id = ?"
                                      " ORDER BY released_at DESC LIMIT 1", NULL);
      if (stmt != NULL)
        {
          dc_stmt_bind_text (stmt, 1, item->oracle_id);
          if (sqlite3_step (stmt) == SQLITE_ROW &&
              json_parser_load_from_data (parser, dc_stmt_column_text (stmt, 0), -1, NULL) &&
              JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            json_object_set_object_member (
              object, "card", json_object_ref (json_node_get_object (json_parser_get_root (parser))));
        }
    }
  return object;
}

static JsonObject *
have_answer (DcStore    *store,
             gint64      user_id,
             DcHaveItem *item)
{
  JsonObject *object = dc_have_item_to_json (item);
  g_autoptr(DcInventoryItem) inventory = NULL;

  inventory = dc_collection_load_inventory_locked (store, user_id, item->inventory_item_id,
                                                   TRUE, NULL);
  if (inventory != NULL)
    json_object_set_object_member (object, "inventory_item", inventory_answer (store, inventory));
  return object;
}

static JsonObject *
body_with_id (DcRequest  *request,
              char      **out_id,
              GError    **error)
{
  g_autoptr(JsonObject) body = dc_request_get_json_object (request, error);
  const char *id;

  if (body == NULL)
    return NULL;
  id = json_object_get_string_member_with_default (body, "id", NULL);
  if (id != NULL && !dc_is_uuid (id))
    {
      dc_api_error_set_field (error, "id", "id must be a UUID");
      return NULL;
    }
  *out_id = id ? g_ascii_strdown (id, -1) : g_uuid_string_random ();
  return g_steal_pointer (&body);
}

static gboolean
require_param_uuid (DcRequest   *request,
                    const char **out_id,
                    const char  *what,
                    GError     **error)
{
  const char *id = dc_request_get_param (request, "id");

  /* A malformed id can name nothing: the same 404 as someone else's row. */
  if (!dc_is_uuid (id))
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "not_found", NULL, "No %s with this id",
                        what);
      return FALSE;
    }
  *out_id = id;
  return TRUE;
}

/* --- inventory ----------------------------------------------------------------------- */

static const char *
inventory_order_by (const char *sort,
                    gboolean    descending)
{
  static const struct { const char *name; const char *asc; const char *desc; } orders[] = {
    { "name", " ORDER BY c.name COLLATE NOCASE, c.set_code, i.id",
      " ORDER BY c.name COLLATE NOCASE DESC, c.set_code, i.id" },
    { "set", " ORDER BY c.set_code, length(c.collector_number), c.collector_number, i.id",
      " ORDER BY c.set_code DESC, length(c.collector_number) DESC, c.collector_number DESC, i.id" },
    { "quantity", " ORDER BY i.quantity, i.id", " ORDER BY i.quantity DESC, i.id" },
    { "value", " ORDER BY coalesce(p.amount, 0) * i.quantity, i.id",
      " ORDER BY coalesce(p.amount, 0) * i.quantity DESC, i.id" },
    { "updated", " ORDER BY i.updated_at, i.id", " ORDER BY i.updated_at DESC, i.id" },
    { "created", " ORDER BY i.created_at, i.id", " ORDER BY i.created_at DESC, i.id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    if (g_strcmp0 (sort, orders[i].name) == 0)
      return descending ? orders[i].desc : orders[i].asc;
  return NULL;
}

static JsonNode *
inventory_list_cb (DcRequest  *request,
                   GError    **error)
{
  DcStore *store = store_of (request);
  const char *sort = dc_request_get_query (request, "sort");
  const char *order = dc_request_get_query (request, "order");
  const char *finish = dc_request_get_query (request, "finish");
  const char *set = dc_request_get_query (request, "set");
  const char *name = dc_request_get_query (request, "name");
  const char *order_by;
  g_autofree char *sql = NULL;
  g_autofree char *count_sql = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(DcStmtReset) count = NULL;
  JsonArray *items;
  JsonObject *answer;
  gint64 page, per_page;
  gint64 user_id;
  const char *from =
    " FROM inventory_items i JOIN cards c ON c.scryfall_id = i.card_id"
    " LEFT JOIN current_prices p ON p.card = c.id AND p.finish = i.finish"
    " AND p.currency = 'USD' AND p.source = 'tcgplayer'"
    " WHERE i.user_id = ?1 AND i.deleted = 0"
    " AND (?2 IS NULL OR c.set_code = lower(?2))"
    " AND (?3 IS NULL OR i.finish = ?3)"
    " AND (?4 IS NULL OR c.name LIKE '%' || ?4 || '%' OR c.printed_name LIKE '%' || ?4 || '%')";

  if (!dc_request_require_user (request, error) ||
      !dc_request_get_query_int (request, "page", 1, 1000000, 1, &page, error) ||
      !dc_request_get_query_int (request, "per_page", 1, PER_PAGE_MAX, PER_PAGE_DEFAULT,
                                 &per_page, error))
    return NULL;
  user_id = dc_request_get_user_id (request);

  if (order != NULL && !g_str_equal (order, "asc") && !g_str_equal (order, "desc"))
    {
      dc_api_error_set_field (error, "order", "order must be asc or desc");
      return NULL;
    }
  order_by = inventory_order_by (sort ? sort : "name", g_strcmp0 (order, "desc") == 0);
  if (order_by == NULL)
    {
      dc_api_error_set_field (error, "sort",
                              "sort must be name, set, quantity, value, updated or created");
      return NULL;
    }
  if (finish != NULL && *finish && dc_finish_from_string (finish) == DC_FINISH_UNKNOWN)
    {
      dc_api_error_set_field (error, "finish", "finish must be nonfoil, foil or etched");
      return NULL;
    }

  /* The SQL varies only between fixed fragments; every value is bound. */
  sql = g_strconcat ("SELECT i.id", from, order_by, " LIMIT ?5 OFFSET ?6", NULL);
  count_sql = g_strconcat ("SELECT count(*), coalesce(sum(i.quantity), 0)", from, NULL);

  count = dc_store_prepare (store, count_sql, NULL);
  stmt = dc_store_prepare (store, sql, NULL);
  if (count == NULL || stmt == NULL)
    return internal (store, error), NULL;
  for (int s = 0; s < 2; s++)
    {
      sqlite3_stmt *st = s == 0 ? count : stmt;

      sqlite3_bind_int64 (st, 1, user_id);
      dc_stmt_bind_text (st, 2, set && *set ? set : NULL);
      dc_stmt_bind_text (st, 3, finish && *finish ? finish : NULL);
      dc_stmt_bind_text (st, 4, name && *name ? name : NULL);
    }
  sqlite3_bind_int64 (stmt, 5, per_page);
  sqlite3_bind_int64 (stmt, 6, (page - 1) * per_page);

  if (sqlite3_step (count) != SQLITE_ROW)
    return internal (store, error), NULL;

  items = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(DcInventoryItem) item =
        dc_collection_load_inventory_locked (store, user_id, dc_stmt_column_text (stmt, 0),
                                             FALSE, NULL);
      if (item != NULL)
        json_array_add_object_element (items, inventory_answer (store, item));
    }

  answer = json_object_new ();
  json_object_set_array_member (answer, "items", items);
  json_object_set_int_member (answer, "total", sqlite3_column_int64 (count, 0));
  json_object_set_int_member (answer, "total_quantity", sqlite3_column_int64 (count, 1));
  json_object_set_int_member (answer, "page", page);
  json_object_set_int_member (answer, "per_page", per_page);
  return dc_json_node_new_object (answer);
}

static JsonNode *
inventory_create_cb (DcRequest  *request,
                     GError    **error)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(DcInventoryItem) item = NULL;

  if (!dc_request_require_user (request, error) ||
      (body = body_with_id (request, &id, error)) == NULL)
    return NULL;
  if (!json_object_has_member (body, "card_id"))
    {
      dc_api_error_set_field (error, "card_id", "card_id is required");
      return NULL;
    }
  item = dc_collection_upsert_inventory (store_of (request), dc_request_get_user_id (request), id,
                                         body, DC_WRITE_CREATE_ONLY, error);
  if (item == NULL)
    return NULL;
  dc_request_set_status (request, 201);
  return dc_json_node_new_object (inventory_answer (store_of (request), item));
}

static JsonNode *
inventory_get_cb (DcRequest  *request,
                  GError    **error)
{
  g_autoptr(DcInventoryItem) item = NULL;
  const char *id;

  if (!dc_request_require_user (request, error) ||
      !require_param_uuid (request, &id, "inventory item", error))
    return NULL;
  item = dc_collection_get_inventory (store_of (request), dc_request_get_user_id (request), id,
                                      error);
  return item ? dc_json_node_new_object (inventory_answer (store_of (request), item)) : NULL;
}

static JsonNode *
inventory_patch_cb (DcRequest  *request,
                    GError    **error)
{
  g_autoptr(DcInventoryItem) item = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *id;

  if (!dc_request_require_user (request, error) ||
      !require_param_uuid (request, &id, "inventory item", error) ||
      (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;
  item = dc_collection_upsert_inventory (store_of (request), dc_request_get_user_id (request), id,
                                         body, DC_WRITE_UPDATE_ONLY, error);
  return item ? dc_json_node_new_object (inventory_answer (store_of (request), item)) : NULL;
}

static JsonNode *
inventory_delete_cb (DcRequest  *request,
                     GError    **error)
{
  const char *id;

  if (!dc_request_require_user (request, error) ||
      !require_param_uuid (request, &id, "inventory item", error) ||
      !dc_collection_delete_inventory (store_of (request), dc_request_get_user_id (request), id,
                                       error))
    return NULL;
  dc_request_set_status (request, 204);
  return NULL;
}

typedef struct
{
  char   *name;
  char   *set_code;
  char   *card_id;
  gint64  value;
  gint64  cost;
} Mover;

static void
mover_free (gpointer data)
{
  Mover *mover = data;

  g_free (mover->name);
  g_free (mover->set_code);
  g_free (mover->card_id);
  g_free (mover);
}

static int
compare_gain_desc (gconstpointer a,
                   gconstpointer b)
{
  const Mover *ma = *(Mover * const *) a, *mb = *(Mover * const *) b;
  gint64 ga = ma->value - ma->cost, gb = mb->value - mb->cost;

  return ga < gb ? 1 : ga > gb ? -1 : g_strcmp0 (ma->card_id, mb->card_id);
}

static JsonArray *
movers_json (GPtrArray *movers,
             gboolean   gainers)
{
  JsonArray *array = json_array_new ();

  for (guint n = 0; n < movers->len && json_array_get_length (array) < 5; n++)
    {
      Mover *mover = g_ptr_array_index (movers, gainers ? n : movers->len - 1 - n);
      gint64 gain = mover->value - mover->cost;
      JsonObject *object;

      if ((gainers && gain <= 0) || (!gainers && gain >= 0))
        break;
      object = json_object_new ();
      json_object_set_string_member (object, "card_id", mover->card_id);
      json_object_set_string_member (object, "name", mover->name);
      json_object_set_string_member (object, "set", mover->set_code);
      set_money (object, "value", TRUE, mover->value);
      set_money (object, "cost", TRUE, mover->cost);
      set_money (object, "profit_loss", TRUE, gain);
      json_array_add_object_element (array, object);
    }
  return array;
}

static JsonNode *
inventory_analytics_cb (DcRequest  *request,
                        GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GPtrArray) movers = g_ptr_array_new_with_free_func (mover_free);
  gint64 total_value = 0, cost_basis = 0, value_with_cost = 0;
  gint64 items = 0, cards = 0, unpriced = 0, other_currency = 0;
  JsonObject *answer;

  if (!dc_request_require_user (request, error))
    return NULL;

  stmt = dc_store_prepare (store,
                           "SELECT i.card_id, c.name, c.set_code, i.quantity, i.condition,"
                           " p.amount, i.acquisition_price, i.acquisition_currency"
                           " FROM inventory_items i JOIN cards c ON c.scryfall_id = i.card_id"
                           " LEFT JOIN current_prices p ON p.card = c.id AND p.finish = i.finish"
                           " AND p.currency = 'USD' AND p.source = 'tcgplayer'"
                           " WHERE i.user_id = ? AND i.deleted = 0", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, dc_request_get_user_id (request));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int quantity = sqlite3_column_int (stmt, 3);
      DcCondition condition = dc_condition_from_string (dc_stmt_column_text (stmt, 4));
      gboolean priced = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
      gint64 value = priced ? valuation (sqlite3_column_int64 (stmt, 5), quantity, condition) : 0;
      gboolean has_cost = sqlite3_column_type (stmt, 6) != SQLITE_NULL;

      items++;
      cards += quantity;
      total_value += value;
      if (!priced)
        unpriced++;
      if (!has_cost)
        continue;
      /* Cost basis is in USD; a purchase in another currency cannot be compared exactly. */
      if (g_strcmp0 (dc_stmt_column_text (stmt, 7), "USD") != 0)
        {
          other_currency++;
          continue;
        }
      {
        Mover *mover = g_new0 (Mover, 1);

        mover->card_id = g_strdup (dc_stmt_column_text (stmt, 0));
        mover->name = g_strdup (dc_stmt_column_text (stmt, 1));
        mover->set_code = g_strdup (dc_stmt_column_text (stmt, 2));
        mover->value = value;
        mover->cost = sqlite3_column_int64 (stmt, 6) * quantity;
        cost_basis += mover->cost;
        value_with_cost += value;
        g_ptr_array_add (movers, mover);
      }
    }
  g_ptr_array_sort (movers, compare_gain_desc);

  answer = json_object_new ();
  json_object_set_string_member (answer, "currency", "USD");
  json_object_set_int_member (answer, "items", items);
  json_object_set_int_member (answer, "cards", cards);
  json_object_set_int_member (answer, "unpriced_items", unpriced);
  json_object_set_int_member (answer, "other_currency_items", other_currency);
  set_money (answer, "total_value", TRUE, total_value);
  set_money (answer, "cost_basis", TRUE, cost_basis);
  /* Profit or loss over the items whose cost is known. */
  set_money (answer, "profit_loss", TRUE, value_with_cost - cost_basis);
  json_object_set_array_member (answer, "top_gainers", movers_json (movers, TRUE));
  json_object_set_array_member (answer, "top_losers", movers_json (movers, FALSE));
  return dc_json_node_new_object (answer);
}

/* --- have list ----------------------------------------------------------------------- */

static JsonNode *
have_list_cb (DcRequest  *request,
              GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(DcStmtReset) stmt = NULL;
  JsonArray *items;
  JsonObject *answer;
  gint64 user_id;

  if (!dc_request_require_user (request, error))
    return NULL;
  user_id = dc_request_get_user_id (request);
  stmt = dc_store_prepare (store, "SELECT h.id FROM have_items h"
                                  " JOIN inventory_items i ON i.id = h.inventory_item_id"
                                  " JOIN cards c ON c.scryfall_id = i.card_id"
                                  " WHERE h.user_id = ? AND h.deleted = 0"
                                  " ORDER BY c.name COLLATE NOCASE, h.id", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  items = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(DcHaveItem) item = dc_collection_get_have (store, user_id,
                                                           dc_stmt_column_text (stmt, 0), NULL);
      if (item != NULL)
        json_array_add_object_element (items, have_answer (store, user_id, item));
    }
  answer = json_object_new ();
  json_object_set_int_member (answer, "total", json_array_get_length (items));
  json_object_set_array_member (answer, "items", items);
  return dc_json_node_new_object (answer);
}

static JsonNode *
have_create_cb (DcRequest  *request,
                GError    **error)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(DcHaveItem) item = NULL;

  if (!dc_request_require_user (request, error) ||
      (body = body_with_id (request, &id, error)) == NULL)
    return NULL;
  if (!json_object_has_member (body, "inventory_item_id"))
    {
      dc_api_error_set_field (error, "inventory_item_id", "inventory_item_id is required");
      return NULL;
    }
  item = dc_collection_upsert_have (store_of (request), dc_request_get_user_id (request), id,
                                    body, DC_WRITE_CREATE_ONLY, error);
  if (item == NULL)
    return NULL;
  dc_request_set_status (request, 201);
  return dc_json_node_new_object (have_answer (store_of (request),
                                               dc_request_get_user_id (request), item));
}

static JsonNode *
have_patch_cb (DcRequest  *request,
               GError    **error)
{
  g_autoptr(DcHaveItem) item = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *id;

  if (!dc_request_require_user (request, error) ||
      !require_param_uuid (request, &id, "have item", error) ||
      (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;
  item = dc_collection_upsert_have (store_of (request), dc_request_get_user_id (request), id,
                                    body, DC_WRITE_UPDATE_ONLY, error);
  return item ? dc_json_node_new_object (have_answer (store_of (request),
                                                      dc_request_get_user_id (request), item))
              : NULL;
}

static JsonNode *
have_delete_cb (DcRequest  *request,
                GError    **error)
{
  const char *id;

  if (!dc_request_require_user (request, error) ||
      !require_param_uuid (request, &id, "have item", error) ||
      !dc_collection_delete_have (store_of (request), dc_request_get_user_id (request), id,
                                  error))
    return NULL;
  dc_request_set_status (request, 204);
  return NULL;
}

/* --- want list ----------------------------------------------------------------------- */

static JsonNode *
want_list_cb (DcRequest  *request,
              GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(DcStmtReset) stmt = NULL;
  JsonArray *items;
  JsonObject *answer;
  gint64 user_id;

  if (!dc_request_require_user (request, error))
    return NULL;
  user_id = dc_request_get_user_id (request);
  stmt = dc_store_prepare (store,
                           "SELECT id FROM want_items WHERE user_id = ? AND deleted = 0"
                           " ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1"
                           " ELSE 2 END, created_at, id", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  items = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(DcWantItem) item = dc_collection_get_want (store, user_id,
                                                           dc_stmt_column_text (stmt, 0), NULL);
      if (item != NULL)
        json_array_add_object_element (items, want_answer (store, item));
    }
  answer = json_object_new ();
  json_object_set_int_member (answer, "total", json_array_get_length (items));
  json_object_set_array_member (answer, "items", items);
  return dc_json_node_new_object (answer);
}

static JsonNode *
want_create_cb (DcRequest  *request,
                GError    **error)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(DcWantItem) item = NULL;

  if (!dc_request_require_user (request, error) ||
      (body = body_with_id (request, &id, error)) == NULL)
    return NULL;
  item = dc_collection_upsert_want (store_of (request), dc_request_get_user_id (request), id,
                                    body, DC_WRITE_CREATE_ONLY, error);
  if (item == NULL)
    return NULL;
  dc_request_set_status (request, 201);
  return dc_json_node_new_object (want_answer (store_of (request), item));
}

static JsonNode *
want_patch_cb (DcRequest  *request,
               GError    **error)
{
  g_autoptr(DcWantItem) item = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *id;

  if (!dc_request_require_user (request, error) ||
      !require_param_uuid (request, &id, "want item", error) ||
      (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;
  item = dc_collection_upsert_want (store_of (request), dc_request_get_user_id (request), id,
                                    body, DC_WRITE_UPDATE_ONLY, error);
  return item ? dc_json_node_new_object (want_answer (store_of (request), item)) : NULL;
}

static JsonNode *
want_delete_cb (DcRequest  *request,
                GError    **error)
{
  const char *id;

  if (!dc_request_require_user (request, error) ||
      !require_param_uuid (request, &id, "want item", error) ||
      !dc_collection_delete_want (store_of (request), dc_request_get_user_id (request), id,
                                  error))
    return NULL;
  dc_request_set_status (request, 204);
  return NULL;
}

/* --- sync ---------------------------------------------------------------------------- */

static JsonNode *
sync_cb (DcRequest  *request,
         GError    **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(DcSyncRequest) sync_request = NULL;
  g_autoptr(DcSyncResponse) response = NULL;

  if (!dc_request_require_user (request, error) ||
      (body = dc_request_get_json_object (request, error)) == NULL ||
      (sync_request = dc_sync_request_from_json (body, error)) == NULL)
    return NULL;
  response = dc_collection_sync (store_of (request), dc_request_get_user_id (request),
                                 sync_request, error);
  return response ? dc_sync_response_to_json (response) : NULL;
}

void
dc_collection_routes_register (DcRouter *router)
{
  dc_router_add (router, "GET", "/api/inventory", DC_ROUTE_PUBLIC, inventory_list_cb);
  dc_router_add (router, "POST", "/api/inventory", DC_ROUTE_PUBLIC, inventory_create_cb);
  dc_router_add (router, "GET", "/api/inventory/analytics", DC_ROUTE_PUBLIC,
                 inventory_analytics_cb);
  dc_router_add (router, "GET", "/api/inventory/{id}", DC_ROUTE_PUBLIC, inventory_get_cb);
  dc_router_add (router, "PATCH", "/api/inventory/{id}", DC_ROUTE_PUBLIC, inventory_patch_cb);
  dc_router_add (router, "DELETE", "/api/inventory/{id}", DC_ROUTE_PUBLIC, inventory_delete_cb);
  dc_router_add (router, "GET", "/api/have-list", DC_ROUTE_PUBLIC, have_list_cb);
  dc_router_add (router, "POST", "/api/have-list", DC_ROUTE_PUBLIC, have_create_cb);
  dc_router_add (router, "PATCH", "/api/have-list/{id}", DC_ROUTE_PUBLIC, have_patch_cb);
  dc_router_add (router, "DELETE", "/api/have-list/{id}", DC_ROUTE_PUBLIC, have_delete_cb);
  dc_router_add (router, "GET", "/api/want-list", DC_ROUTE_PUBLIC, want_list_cb);
  dc_router_add (router, "POST", "/api/want-list", DC_ROUTE_PUBLIC, want_create_cb);
  dc_router_add (router, "PATCH", "/api/want-list/{id}", DC_ROUTE_PUBLIC, want_patch_cb);
  dc_router_add (router, "DELETE", "/api/want-list/{id}", DC_ROUTE_PUBLIC, want_delete_cb);
  dc_router_add (router, "POST", "/api/sync", DC_ROUTE_PUBLIC, sync_cb);
}
