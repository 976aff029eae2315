/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-import-routes"

#include "config.h"

#include <string.h>

#include "dc-collection-export.h"
#include "dc-collection-import.h"
#include "dc-collection-service.h"
#include "dc-error.h"
#include "dc-money.h"
#include "dc-routes.h"
#include "dc-search-text.h"
#include "dc-server.h"

/* --- resolving rows against the catalog ---------------------------------------------- */

static char *
first_id (DcStore      *store,
          const char   *sql,
          const char   *text1,
          const char   *text2,
          const char   *text3,
          gint64        number)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, sql, NULL);
  int n;

  if (stmt == NULL)
    return NULL;
  n = sqlite3_bind_parameter_count (stmt);
  if (n >= 1)
    {
      if (text1 != NULL)
        dc_stmt_bind_text (stmt, 1, text1);
      else
        sqlite3_bind_int64 (stmt, 1, number);
    }
  if (n >= 2)
    dc_stmt_bind_text (stmt, 2, text2);
  if (n >= 3)
    dc_stmt_bind_text (stmt, 3, text3);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup (dc_stmt_column_text (stmt, 0));
}

static char *
by_scryfall_id (gpointer    user_data,
                const char *scryfall_id)
{
  g_autofree char *lower = g_ascii_strdown (scryfall_id, -1);

  return first_id (user_data, "SELECT scryfall_id FROM cards WHERE scryfall_id = ?", lower, NULL,
                   NULL, 0);
}

/* English first when a set and number name several language printings. */
static char *
by_set_number (gpointer    user_data,
               const char *set_code,
               const char *collector_number)
{
  g_autofree char *set = g_ascii_strdown (set_code, -1);

  return first_id (user_data,
                   "SELECT scryfall_id FROM cards WHERE set_code = ?1 AND collector_number = ?2"
                   " ORDER BY lang = 'en' DESC, scryfall_id LIMIT 1", set, collector_number, NULL,
                   0);
}

static char *
by_tcgplayer_id (gpointer user_data,
                 gint64   product_id)
{
  return first_id (user_data,
                   "SELECT scryfall_id FROM cards WHERE tcgplayer_id = ?1"
                   " ORDER BY lang = 'en' DESC, scryfall_id LIMIT 1", NULL, NULL, NULL,
                   product_id);
}

static char *
by_cardmarket_id (gpointer user_data,
                  gint64   product_id)
{
  return first_id (user_data,
                   "SELECT scryfall_id FROM cards WHERE cardmarket_id = ?1"
                   " ORDER BY lang = 'en' DESC, scryfall_id LIMIT 1", NULL, NULL, NULL,
                   product_id);
}

/* Names are compared folded (case, diacritics, punctuation), through the catalog's name
 * keys, which also hold each face's name: "Delver of Secrets" finds the double-faced card. */
static char *
by_set_name (gpointer    user_data,
             const char *set_code,
             const char *set_name,
             const char *name)
{
  g_autofree char *key = dc_search_fold_key (name);
  g_autofree char *set = set_code ? g_ascii_strdown (set_code, -1) : NULL;

  return first_id (user_data,
                   "SELECT c.scryfall_id FROM card_name_keys k JOIN cards c ON c.id = k.card"
                   " WHERE k.key = ?1 AND (c.set_code = ?2 OR c.set_name = ?3 COLLATE NOCASE)"
                   " ORDER BY c.lang = 'en' DESC, length (c.collector_number),"
                   " c.collector_number LIMIT 1", key, set, set_name, 0);
}

static char *
by_name (gpointer    user_data,
         const char *name)
{
  g_autofree char *key = dc_search_fold_key (name);

  return first_id (user_data,
                   "SELECT c.scryfall_id FROM card_name_keys k JOIN cards c ON c.id = k.card"
                   " WHERE k.key = ?1 ORDER BY c.lang = 'en' DESC, c.released_at DESC,"
                   " c.scryfall_id LIMIT 1", key, NULL, NULL, 0);
}

/* --- import -------------------------------------------------------------------------- */

static JsonObject *
item_fields (DcImportItem *item,
             const char   *format)
{
  JsonObject *fields = json_object_new ();
  g_autofree char *source = g_strconcat ("import:", format, NULL);

  json_object_set_string_member (fields, "card_id", item->card_id);
  json_object_set_int_member (fields, "quantity", item->quantity);
  json_object_set_string_member (fields, "condition", dc_condition_to_string (item->condition));
  json_object_set_string_member (fields, "finish", dc_finish_to_string (item->finish));
  json_object_set_string_member (fields, "language", item->language);
  if (item->has_price)
    {
      g_autofree char *amount = dc_money_format_decimal (item->price.amount);

      json_object_set_string_member (fields, "acquisition_price", amount);
      json_object_set_string_member (fields, "acquisition_currency", item->price.currency);
    }
  if (item->acquired_on)
    json_object_set_string_member (fields, "acquired_on", item->acquired_on);
  if (item->notes)
    json_object_set_string_member (fields, "notes", item->notes);
  json_object_set_string_member (fields, "source", source);
  return fields;
}

static gboolean
write_items (DcStore        *store,
             gint64          user_id,
             DcImportResult *result,
             GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!dc_store_begin (store, &local_error))
    {
      dc_api_error_set (error, DC_API_ERROR_UNAVAILABLE, NULL, NULL,
                        "The database is busy; try again");
      return FALSE;
    }
  for (guint i = 0; i < result->items->len; i++)
    {
      DcImportItem *item = g_ptr_array_index (result->items, i);
      g_autoptr(JsonObject) fields = item_fields (item, result->format);
      g_autofree char *id = g_uuid_string_random ();
      g_autoptr(DcInventoryItem) created = NULL;

      created = dc_collection_upsert_inventory_locked (store, user_id, id, fields,
                                                       DC_WRITE_CREATE_ONLY, NULL, error);
      if (created == NULL)
        {
          /* All or nothing: a half-imported file would be worse than none. */
          dc_store_rollback (store);
          g_prefix_error (error, "Line %u: ", item->line);
          return FALSE;
        }
    }
  if (!dc_store_commit (store, NULL))
    {
      dc_store_rollback (store);
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
      return FALSE;
    }
  dc_collection_notify_changed (user_id, NULL);
  return TRUE;
}

static gboolean
known_format (const char *const *formats,
              const char        *name)
{
  for (guint i = 0; formats[i]; i++)
    if (g_str_equal (formats[i], name))
      return TRUE;
  return FALSE;
}

static JsonNode *
import_cb (DcRequest  *request,
           GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  const char *format = dc_request_get_query (request, "format");
  DcCardResolver resolver = {
    by_scryfall_id, by_set_number, by_tcgplayer_id, by_cardmarket_id, by_set_name, by_name,
    store,
  };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(DcImportResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *answer;
  gboolean dry_run;
  gsize len;
  const char *data;

  if (!dc_request_require_user (request, error) ||
      !dc_request_get_query_bool (request, "dry_run", FALSE, &dry_run, error))
    return NULL;
  if (format == NULL || *format == '\0')
    format = "auto";
  if (!g_str_equal (format, "auto") && !known_format (dc_collection_import_formats (), format))
    {
      dc_api_error_set_field (error, "format", "Unknown format “%s”", format);
      return NULL;
    }

  body = dc_request_get_body (request);
  data = g_bytes_get_data (body, &len);
  if (len == 0)
    {
      dc_api_error_set_field (error, "file", "The file is empty");
      return NULL;
    }
  if (!dc_collection_import_parse (data, len, format, &parse, &local_error))
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "field", "file");
      dc_api_error_set (error, DC_API_ERROR_VALIDATION, "import.unreadable", details, "%s",
                        local_error->message);
      return NULL;
    }
  dc_collection_import_resolve (parse, &resolver, &result);

  if (!dry_run && result->items->len > 0 &&
      !write_items (store, dc_request_get_user_id (request), result, error))
    return NULL;

  answer = dc_import_result_to_json (result, FALSE);
  json_object_set_boolean_member (json_node_get_object (answer), "dry_run", dry_run);
  json_object_set_int_member (json_node_get_object (answer), "items",
                              dry_run ? 0 : result->items->len);
  return answer;
}

/* --- export -------------------------------------------------------------------------- */

typedef struct
{
  char *name, *set_code, *set_name, *collector_number, *rarity, *language, *acquired_on, *notes;
} ExportStrings;

static JsonNode *
export_cb (DcRequest  *request,
           GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  const char *format = dc_request_get_query (request, "format");
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (DcExportItem));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *disposition = NULL;
  gboolean csv;

  if (!dc_request_require_user (request, error))
    return NULL;
  if (format == NULL || *format == '\0')
    format = "dualcaster";
  if (!known_format (dc_collection_export_formats (), format))
    {
      dc_api_error_set_field (error, "format", "Unknown format “%s”", format);
      return NULL;
    }

  stmt = dc_store_prepare (store,
                           "SELECT c.name, c.set_code, c.set_name, c.collector_number,"
                           " c.scryfall_id, c.rarity, c.tcgplayer_id, c.cardmarket_id,"
                           " i.quantity, i.condition, i.finish, i.language,"
                           " i.acquisition_price, i.acquisition_currency, i.acquired_on, i.notes"
                           " FROM inventory_items i JOIN cards c ON c.scryfall_id = i.card_id"
                           " WHERE i.user_id = ? AND i.deleted = 0"
                           /* By content, so the same collection exports the same file. */
                           " ORDER BY c.name COLLATE NOCASE, c.set_code,"
                           " length (c.collector_number), c.collector_number, i.finish,"
                           " i.condition, i.language, i.acquisition_price, i.acquired_on,"
                           " i.notes, i.quantity, i.id",
                           NULL);
  if (stmt == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, dc_request_get_user_id (request));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      DcExportItem item = { 0 };

#define KEEP(col) (g_ptr_array_add (strings, g_strdup (dc_stmt_column_text (stmt, col))), \
                   (const char *) g_ptr_array_index (strings, strings->len - 1))
      item.name = KEEP (0);
      item.set_code = KEEP (1);
      item.set_name = KEEP (2);
      item.collector_number = KEEP (3);
      item.scryfall_id = KEEP (4);
      item.rarity = KEEP (5);
      item.tcgplayer_id = sqlite3_column_int64 (stmt, 6);
      item.cardmarket_id = sqlite3_column_int64 (stmt, 7);
      item.quantity = sqlite3_column_int (stmt, 8);
      item.condition = dc_condition_from_string (dc_stmt_column_text (stmt, 9));
      item.finish = dc_finish_from_string (dc_stmt_column_text (stmt, 10));
      item.language = KEEP (11);
      item.has_price = sqlite3_column_type (stmt, 12) != SQLITE_NULL;
      item.price.amount = sqlite3_column_int64 (stmt, 12);
      g_strlcpy (item.price.currency, dc_stmt_column_text (stmt, 13), sizeof item.price.currency);
      item.acquired_on = KEEP (14);
      item.notes = KEEP (15);
#undef KEEP
      g_array_append_val (items, item);
    }

  if (!dc_collection_export ((const DcExportItem *) items->data, items->len, format, out, NULL,
                             error))
    return NULL;

  csv = !g_str_equal (format, "text");
  bytes = g_string_free_to_bytes (g_steal_pointer (&out));
  disposition = g_strdup_printf ("attachment; filename=\"collection-%s.%s\"", format,
                                 csv ? "csv" : "txt");
  dc_request_set_header (request, "Content-Disposition", disposition);
  dc_request_set_raw_body (request, csv ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8",
                           bytes);
  return NULL;
}

void
dc_import_routes_register (DcRouter *router)
{
  dc_router_add (router, "POST", "/api/inventory/import", DC_ROUTE_LARGE_BODY, import_cb);
  dc_router_add (router, "GET", "/api/inventory/export", DC_ROUTE_PUBLIC, export_cb);
}
