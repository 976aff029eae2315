/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-catalog-resolver"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "dc-catalog-resolver.h"
#include "dc-collection-export.h"
#include "dc-collection-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct
{
  sqlite3          *db;
  GHashTable       *tcgplayer;   /* product id → card id, built on first use */
  GHashTable       *cardmarket;
  GCancellable     *cancellable;
  DcImportProgress  progress;
  gpointer          progress_data;
  guint             calls;
  guint             total;
  gint64            last_report;
} Resolver;

static sqlite3 *
open_db (const char  *path,
         GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK)
    {
      g_set_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_DATABASE,
                   _("Could not open the card catalog: %s"), sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
tick (Resolver *self)
{
  gint64 now;

  self->calls++;
  if (self->progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (now - self->last_report < 50000)
    return;
  self->last_report = now;
  self->progress (MIN (self->calls, self->total), self->total, self->progress_data);
}

static char *
first_id (Resolver   *self,
          const char *sql,
          const char *text1,
          const char *text2,
          const char *text3)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  tick (self);
  if (g_cancellable_is_cancelled (self->cancellable))
    return NULL;
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("Resolving against the catalog failed: %s", sqlite3_errmsg (self->db));
      return NULL;
    }
  if (text1 != NULL)
    sqlite3_bind_text (stmt, 1, text1, -1, SQLITE_TRANSIENT);
  if (text2 != NULL)
    sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_TRANSIENT);
  if (text3 != NULL)
    sqlite3_bind_text (stmt, 3, text3, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static char *
by_scryfall_id (gpointer    user_data,
                const char *scryfall_id)
{
  g_autofree char *lower = g_ascii_strdown (scryfall_id, -1);

  return first_id (user_data, "SELECT id FROM cards WHERE id = ?1", lower, NULL, NULL);
}

static char *
by_set_number (gpointer    user_data,
               const char *set_code,
               const char *collector_number)
{
  g_autofree char *set = g_ascii_strdown (set_code, -1);

  return first_id (user_data,
                   "SELECT id FROM cards WHERE set_code = ?1 AND collector_number = ?2"
                   " ORDER BY lang = 'en' DESC, id LIMIT 1", set, collector_number, NULL);
}

/* The vendors' ids live in the card objects only: one pass builds both maps. */
static void
load_product_ids (Resolver *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  self->tcgplayer = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->cardmarket = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, json_extract (card_json, '$.tcgplayer_id'),"
                          " json_extract (card_json, '$.cardmarket_id') FROM cards"
                          " ORDER BY lang = 'en'", -1, &stmt, NULL) != SQLITE_OK)
    return;
  /* English last, so it wins a shared id */
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      for (int column = 1; column <= 2; column++)
        if (sqlite3_column_type (stmt, column) == SQLITE_INTEGER)
          g_hash_table_insert (column == 1 ? self->tcgplayer : self->cardmarket,
                               g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, column) },
                                          sizeof (gint64)),
                               g_strdup (id));
    }
}

static char *
by_product_id (Resolver *self,
               gboolean  tcgplayer,
               gint64    product_id)
{
  tick (self);
  if (self->tcgplayer == NULL)
    load_product_ids (self);
  return g_strdup (g_hash_table_lookup (tcgplayer ? self->tcgplayer : self->cardmarket,
                                        &product_id));
}

static char *
by_tcgplayer_id (gpointer user_data,
                 gint64   product_id)
{
  return by_product_id (user_data, TRUE, product_id);
}

static char *
by_cardmarket_id (gpointer user_data,
                  gint64   product_id)
{
  return by_product_id (user_data, FALSE, product_id);
}

/* A name is the card's, or the front face of a double-faced card ("Delver of Secrets"). */
#define NAME_MATCHES " (name = ?1 COLLATE NOCASE OR name LIKE ?1 || ' // %')"

static char *
by_set_name (gpointer    user_data,
             const char *set_code,
             const char *set_name,
             const char *name)
{
  g_autofree char *set = set_code ? g_ascii_strdown (set_code, -1) : NULL;

  return first_id (user_data,
                   "SELECT id FROM cards WHERE" NAME_MATCHES
                   " AND (set_code = ?2 OR set_name = ?3 COLLATE NOCASE)"
                   " ORDER BY lang = 'en' DESC, length (collector_number), collector_number"
                   " LIMIT 1", name, set, set_name);
}

static char *
by_name (gpointer    user_data,
         const char *name)
{
  return first_id (user_data,
                   "SELECT id FROM cards WHERE" NAME_MATCHES
                   " ORDER BY lang = 'en' DESC, released_at DESC, id LIMIT 1", name, NULL, NULL);
}

DcImportResult *
dc_catalog_import_prepare (const char        *db_path,
                           GBytes            *data,
                           const char        *format,
                           GCancellable      *cancellable,
                           DcImportProgress   progress,
                           gpointer           progress_data,
                           gboolean          *out_detected,
                           GError           **error)
{
  g_autoptr(DcImportParse) parse = NULL;
  DcImportResult *result = NULL;
  Resolver self = { 0 };
  DcCardResolver resolver = {
    by_scryfall_id, by_set_number, by_tcgplayer_id, by_cardmarket_id, by_set_name, by_name,
    &self,
  };
  gsize length;
  const char *bytes = g_bytes_get_data (data, &length);

  if (!dc_collection_import_parse (bytes, length, format, &parse, error))
    return NULL;
  if (out_detected != NULL)
    *out_detected = parse->format_detected;
  if ((self.db = open_db (db_path, error)) == NULL)
    return NULL;
  self.cancellable = cancellable;
  self.progress = progress;
  self.progress_data = progress_data;
  self.total = MAX (1, parse->rows->len);
  dc_collection_import_resolve (parse, &resolver, &result);
  sqlite3_close (self.db);
  g_clear_pointer (&self.tcgplayer, g_hash_table_unref);
  g_clear_pointer (&self.cardmarket, g_hash_table_unref);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      dc_import_result_free (result);
      return NULL;
    }
  if (progress != NULL)
    progress (self.total, self.total, progress_data);
  return result;
}

GPtrArray *
dc_catalog_describe_guesses (const char           *db_path,
                             const DcImportResult *result)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = open_db (db_path, NULL);

  if (db == NULL)
    return labels;
  if (sqlite3_prepare_v2 (db, "SELECT name, set_name, set_code, collector_number FROM cards"
                          " WHERE id = ?1", -1, &stmt, NULL) == SQLITE_OK)
    for (guint i = 0; i < result->items->len; i++)
      {
        const DcImportItem *item = g_ptr_array_index (result->items, i);
        g_autofree char *set = NULL;

        if (!item->guessed)
          continue;
        sqlite3_reset (stmt);
        sqlite3_bind_text (stmt, 1, item->card_id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step (stmt) != SQLITE_ROW)
          {
            g_ptr_array_add (labels, g_strdup (item->card_id));
            continue;
          }
        set = g_ascii_strup ((const char *) sqlite3_column_text (stmt, 2), -1);
        /* Translators: a guessed printing: card name · set name (SET) #collector number */
        g_ptr_array_add (labels, g_strdup_printf (_("%s · %s (%s) #%s"),
                                                  sqlite3_column_text (stmt, 0),
                                                  sqlite3_column_text (stmt, 1), set,
                                                  sqlite3_column_text (stmt, 3)));
      }
  sqlite3_close (db);
  return labels;
}

GPtrArray *
dc_catalog_import_fields (const DcImportResult *result)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *source = g_strconcat ("import:", result->format, NULL);

  for (guint i = 0; i < result->items->len; i++)
    {
      const DcImportItem *item = g_ptr_array_index (result->items, i);
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "card_id", item->card_id);
      json_object_set_int_member (fields, "quantity", item->quantity);
      json_object_set_string_member (fields, "condition",
                                     dc_condition_to_string (item->condition));
      json_object_set_string_member (fields, "finish", dc_finish_to_string (item->finish));
      json_object_set_string_member (fields, "language", item->language);
      if (item->has_price)
        {
          g_autofree char *amount = dc_money_format_decimal (item->price.amount);

          json_object_set_string_member (fields, "acquisition_price", amount);
          json_object_set_string_member (fields, "acquisition_currency", item->price.currency);
        }
      if (item->acquired_on != NULL)
        json_object_set_string_member (fields, "acquired_on", item->acquired_on);
      if (item->notes != NULL)
        json_object_set_string_member (fields, "notes", item->notes);
      json_object_set_string_member (fields, "source", source);
      g_ptr_array_add (list, fields);
    }
  return list;
}

GBytes *
dc_catalog_export (const char  *db_path,
                   const char  *format,
                   guint       *out_items,
                   GError     **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (DcExportItem));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean ok;
  guint skipped = 0;

  if ((db = open_db (db_path, error)) == NULL)
    return NULL;
  if (sqlite3_prepare_v2 (db,
                          "SELECT c.name, c.set_code, c.set_name, c.collector_number, c.id,"
                          " c.rarity, json_extract (c.card_json, '$.tcgplayer_id'),"
                          " json_extract (c.card_json, '$.cardmarket_id'), i.quantity,"
                          " i.condition, i.finish, i.language, i.acquisition_price,"
                          " i.acquisition_currency, i.acquired_on, i.notes"
                          " FROM inventory_items i JOIN cards c ON c.id = i.card_id"
                          " WHERE NOT i.deleted ORDER BY c.name, c.set_code, i.rowid",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_DATABASE,
                   _("Could not read the collection: %s"), sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      DcExportItem item = { 0 };
      const char *texts[16];

      for (int c = 0; c < 16; c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          texts[c] = text ? g_string_chunk_insert (strings, text) : NULL;
        }
      item.name = texts[0] ? texts[0] : "";
      item.set_code = texts[1] ? texts[1] : "";
      item.set_name = texts[2] ? texts[2] : "";
      item.collector_number = texts[3] ? texts[3] : "";
      item.scryfall_id = texts[4];
      item.rarity = texts[5];
      item.tcgplayer_id = sqlite3_column_int64 (stmt, 6);
      item.cardmarket_id = sqlite3_column_int64 (stmt, 7);
      item.quantity = sqlite3_column_int (stmt, 8);
      item.condition = dc_condition_from_string (texts[9]);
      item.finish = dc_finish_from_string (texts[10]);
      item.language = texts[11] ? texts[11] : "en";
      if (sqlite3_column_type (stmt, 12) == SQLITE_INTEGER)
        {
          item.has_price = TRUE;
          item.price.amount = sqlite3_column_int64 (stmt, 12);
          g_strlcpy (item.price.currency, texts[13] ? texts[13] : "USD",
                     sizeof item.price.currency);
        }
      item.acquired_on = texts[14];
      item.notes = texts[15];
      g_array_append_val (items, item);
    }
  sqlite3_close (db);
  ok = dc_collection_export ((DcExportItem *) (void *) items->data, items->len, format, out,
                             &skipped, error);
  if (!ok)
    return NULL;
  if (out_items != NULL)
    *out_items = items->len - skipped;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}
