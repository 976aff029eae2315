/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-catalog-store"

#include "config.h"

#include <string.h>

#include "dc-catalog-store.h"
#include "dc-search-text.h"

/* Display order of a card's prices: nonfoil, foil, etched; USD, EUR, then the rest. */
#define PRICE_ORDER \
  " CASE finish WHEN 'nonfoil' THEN 0 WHEN 'foil' THEN 1 ELSE 2 END," \
  " CASE currency WHEN 'USD' THEN 0 WHEN 'EUR' THEN 1 ELSE 2 END, currency, source"

static void
add_name_key (GPtrArray  *keys,
              const char *name)
{
  g_autofree char *key = NULL;

  if (name == NULL)
    return;
  key = dc_search_fold_key (name);
  if (*key == '\0')
    return;
  for (guint i = 0; i < keys->len; i++)
    if (g_str_equal (g_ptr_array_index (keys, i), key))
      return;
  g_ptr_array_add (keys, g_steal_pointer (&key));
}

/* Serializes into a buffer sized for a typical card, sparing the generator's string the
 * reallocations of growing from nothing. */
static char *
node_to_string (JsonNode *node,
                gsize     size_hint)
{
  g_autoptr(JsonNode) owned = node;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GString *text = g_string_sized_new (size_hint);

  json_generator_set_root (generator, owned);
  json_generator_to_gstring (generator, text);
  return g_string_free (text, FALSE);
}

/**
 * dc_catalog_entry_new:
 * @card: a parsed card
 *
 * Derives what the store writes. Touches no database, so parser threads call it.
 */
DcCatalogEntry *
dc_catalog_entry_new (const DcCard *card)
{
  DcCatalogEntry *entry = g_new0 (DcCatalogEntry, 1);
  g_autoptr(GString) faces = g_string_new (NULL);
  g_autoptr(GString) finishes = g_string_new (NULL);
  static const DcFinish finish_order[] = { DC_FINISH_NONFOIL, DC_FINISH_FOIL, DC_FINISH_ETCHED };

  g_return_val_if_fail (card != NULL, NULL);

  entry->scryfall_id = g_strdup (card->id);
  entry->oracle_id = g_strdup (card->oracle_id);
  entry->name = g_strdup (card->name);
  entry->printed_name = g_strdup (card->printed_name);
  /* Scryfall objects always carry lang; one without is taken as English, not refused. */
  entry->lang = g_strdup (card->lang ? card->lang : "en");
  entry->set_code = g_strdup (card->set_code);
  entry->set_name = g_strdup (card->set_name ? card->set_name : "");
  entry->collector_number = g_strdup (card->collector_number ? card->collector_number : "");
  entry->rarity = g_strdup (card->rarity);
  entry->layout = g_strdup (card->layout);
  entry->mana_cost = g_strdup (card->mana_cost);
  entry->type_line = g_strdup (card->type_line);
  entry->oracle_text = g_strdup (card->oracle_text);
  entry->released_at = g_strdup (card->released_at);
  entry->image_small = g_strdup (card->image_small);
  entry->image_normal = g_strdup (card->image_normal);
  entry->image_large = g_strdup (card->image_large);
  entry->tcgplayer_id = card->tcgplayer_id;
  entry->cardmarket_id = card->cardmarket_id;
  entry->card_json = node_to_string (dc_card_to_json (card), 4096);
  entry->summary_json = node_to_string (dc_card_summary_to_json (card), 512);
  entry->colors = card->colors ? g_strjoinv ("", card->colors) : NULL;
  entry->name_keys = g_ptr_array_new_with_free_func (g_free);

  add_name_key (entry->name_keys, card->name);
  add_name_key (entry->name_keys, card->printed_name);
  for (guint i = 0; card->faces != NULL && i < card->faces->len; i++)
    {
      DcCardFace *face = g_ptr_array_index (card->faces, i);

      add_name_key (entry->name_keys, face->name);
      add_name_key (entry->name_keys, face->printed_name);
      if (face->name != NULL)
        g_string_append_printf (faces, "%s%s", faces->len ? "\n" : "", face->name);
      if (face->printed_name != NULL)
        g_string_append_printf (faces, "%s%s", faces->len ? "\n" : "", face->printed_name);
    }
  entry->face_names = faces->len ? g_strdup (faces->str) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (finish_order); i++)
    if (dc_card_has_finish (card, finish_order[i]))
      g_string_append_printf (finishes, "%s%s", finishes->len ? "," : "",
                              dc_finish_to_string (finish_order[i]));
  entry->finishes = g_strdup (finishes->str);

  return entry;
}

void
dc_catalog_entry_free (DcCatalogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->scryfall_id);
  g_free (entry->oracle_id);
  g_free (entry->name);
  g_free (entry->printed_name);
  g_free (entry->lang);
  g_free (entry->set_code);
  g_free (entry->set_name);
  g_free (entry->collector_number);
  g_free (entry->rarity);
  g_free (entry->layout);
  g_free (entry->mana_cost);
  g_free (entry->type_line);
  g_free (entry->oracle_text);
  g_free (entry->released_at);
  g_free (entry->image_small);
  g_free (entry->image_normal);
  g_free (entry->image_large);
  g_free (entry->card_json);
  g_free (entry->summary_json);
  g_free (entry->face_names);
  g_free (entry->colors);
  g_free (entry->finishes);
  g_free (entry->prices_json);
  g_clear_pointer (&entry->prices, g_array_unref);
  g_clear_pointer (&entry->name_keys, g_ptr_array_unref);
  g_free (entry);
}

static int
finish_rank (DcFinish finish)
{
  return finish == DC_FINISH_NONFOIL ? 0 : finish == DC_FINISH_FOIL ? 1 : 2;
}

static int
currency_rank (const char *currency)
{
  return g_str_equal (currency, "USD") ? 0 : g_str_equal (currency, "EUR") ? 1 : 2;
}

/* The display order of PRICE_ORDER. */
int
dc_price_point_compare (gconstpointer a,
                        gconstpointer b)
{
  const DcPricePoint *x = a;
  const DcPricePoint *y = b;
  int c;

  if ((c = finish_rank (x->finish) - finish_rank (y->finish)) != 0)
    return c;
  if ((c = currency_rank (x->currency) - currency_rank (y->currency)) != 0)
    return c;
  if ((c = strcmp (x->currency, y->currency)) != 0)
    return c;
  return strcmp (x->source, y->source);
}

gboolean
dc_price_point_set_series (DcPricePoint *point,
                           DcFinish      finish,
                           const char   *currency,
                           const char   *source)
{
  if (finish == DC_FINISH_UNKNOWN || strlen (currency) != 3 ||
      strlen (source) >= sizeof point->source)
    return FALSE;
  point->finish = finish;
  g_strlcpy (point->currency, currency, sizeof point->currency);
  g_strlcpy (point->source, source, sizeof point->source);
  return TRUE;
}

static gboolean
read_price_point (sqlite3_stmt *stmt,
                  int           first_column,
                  DcPricePoint *point)
{
  const char *finish = dc_stmt_column_text (stmt, first_column);
  const char *currency = dc_stmt_column_text (stmt, first_column + 1);
  const char *source = dc_stmt_column_text (stmt, first_column + 2);
  const char *day = dc_stmt_column_text (stmt, first_column + 3);

  memset (point, 0, sizeof *point);
  if (finish == NULL || currency == NULL || source == NULL || day == NULL)
    return FALSE;
  if (!dc_price_point_set_series (point, dc_finish_from_string (finish), currency, source))
    return FALSE;
  g_strlcpy (point->day, day, sizeof point->day);
  point->amount_minor = sqlite3_column_int64 (stmt, first_column + 4);
  return TRUE;
}

gint64
dc_catalog_store_data_version (DcStore  *store,
                               GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store, "PRAGMA data_version", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dc_store_set_error (store, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gint64
dc_catalog_store_get_version (DcStore  *store,
                              GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store, "SELECT version FROM catalog_meta WHERE id = 1", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_store_set_error (store, sqlite3_errcode (dc_store_get_db (store)), error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

DcCatalogNames *
dc_catalog_names_take_from_entry (DcCatalogEntry *entry,
                                  gint64          card_id,
                                  gboolean        existed)
{
  DcCatalogNames *names = g_new0 (DcCatalogNames, 1);

  names->card_id = card_id;
  names->existed = existed;
  names->name = g_steal_pointer (&entry->name);
  names->printed_name = g_steal_pointer (&entry->printed_name);
  names->face_names = g_steal_pointer (&entry->face_names);
  names->keys = g_steal_pointer (&entry->name_keys);
  return names;
}

void
dc_catalog_names_free (DcCatalogNames *names)
{
  if (names == NULL)
    return;
  g_free (names->name);
  g_free (names->printed_name);
  g_free (names->face_names);
  g_clear_pointer (&names->keys, g_ptr_array_unref);
  g_free (names);
}

gboolean
dc_catalog_store_put_names (DcStore               *store,
                            const DcCatalogNames  *names,
                            GError               **error)
{
  g_autoptr(DcStmtReset) ins_fts = NULL;

  if (names->existed)
    {
      g_autoptr(DcStmtReset) del_fts = NULL;
      g_autoptr(DcStmtReset) del_keys = NULL;

      del_fts = dc_store_prepare (store, "DELETE FROM cards_fts WHERE rowid = ?", error);
      if (del_fts == NULL)
        return FALSE;
      sqlite3_bind_int64 (del_fts, 1, names->card_id);
      if (!dc_store_step_done (store, del_fts, error))
        return FALSE;

      del_keys = dc_store_prepare (store, "DELETE FROM card_name_keys WHERE card = ?", error);
      if (del_keys == NULL)
        return FALSE;
      sqlite3_bind_int64 (del_keys, 1, names->card_id);
      if (!dc_store_step_done (store, del_keys, error))
        return FALSE;
    }

  ins_fts = dc_store_prepare (store,
                              "INSERT INTO cards_fts (rowid, name, printed_name, face_names)"
                              " VALUES (?, ?, ?, ?)", error);
  if (ins_fts == NULL)
    return FALSE;
  sqlite3_bind_int64 (ins_fts, 1, names->card_id);
  dc_stmt_bind_text (ins_fts, 2, names->name);
  dc_stmt_bind_text (ins_fts, 3, names->printed_name);
  dc_stmt_bind_text (ins_fts, 4, names->face_names);
  if (!dc_store_step_done (store, ins_fts, error))
    return FALSE;

  for (guint i = 0; names->keys != NULL && i < names->keys->len; i++)
    {
      g_autoptr(DcStmtReset) ins_key = NULL;

      ins_key = dc_store_prepare (store,
                                  "INSERT OR IGNORE INTO card_name_keys (key, card) VALUES (?, ?)",
                                  error);
      if (ins_key == NULL)
        return FALSE;
      dc_stmt_bind_text (ins_key, 1, g_ptr_array_index (names->keys, i));
      sqlite3_bind_int64 (ins_key, 2, names->card_id);
      if (!dc_store_step_done (store, ins_key, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_nonzero (sqlite3_stmt *stmt,
              int           index,
              gint64        value)
{
  if (value != 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_card_columns (sqlite3_stmt         *stmt,
                   const DcCatalogEntry *entry,
                   gint64                version)
{
  dc_stmt_bind_text (stmt, 1, entry->scryfall_id);
  dc_stmt_bind_text (stmt, 2, entry->oracle_id);
  dc_stmt_bind_text (stmt, 3, entry->name);
  dc_stmt_bind_text (stmt, 4, entry->printed_name);
  dc_stmt_bind_text (stmt, 5, entry->lang);
  dc_stmt_bind_text (stmt, 6, entry->set_code);
  dc_stmt_bind_text (stmt, 7, entry->set_name);
  dc_stmt_bind_text (stmt, 8, entry->collector_number);
  dc_stmt_bind_text (stmt, 9, entry->rarity);
  dc_stmt_bind_text (stmt, 10, entry->layout);
  dc_stmt_bind_text (stmt, 11, entry->mana_cost);
  dc_stmt_bind_text (stmt, 12, entry->type_line);
  dc_stmt_bind_text (stmt, 13, entry->oracle_text);
  dc_stmt_bind_text (stmt, 14, entry->colors);
  dc_stmt_bind_text (stmt, 15, entry->finishes);
  dc_stmt_bind_text (stmt, 16, entry->image_small);
  dc_stmt_bind_text (stmt, 17, entry->image_normal);
  dc_stmt_bind_text (stmt, 18, entry->image_large);
  dc_stmt_bind_text (stmt, 19, entry->released_at);
  bind_nonzero (stmt, 20, entry->tcgplayer_id);
  bind_nonzero (stmt, 21, entry->cardmarket_id);
  sqlite3_bind_text (stmt, 22, entry->card_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 23, entry->summary_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 24, version);
  sqlite3_bind_int64 (stmt, 25, dc_now_ms ());
}

/* A card whose stored JSON is the same is left alone, so re-importing a file changes
 * nothing and the catalog version stays. */
gboolean
dc_catalog_store_upsert_card (DcStore               *store,
                              const DcCatalogEntry  *entry,
                              gint64                 version,
                              gint64                *out_card_id,
                              gboolean              *out_changed,
                              gboolean              *out_existed,
                              GError               **error)
{
  g_autoptr(DcStmtReset) lookup = NULL;
  g_autoptr(DcStmtReset) write = NULL;
  gboolean exists = FALSE;
  int rc;

  *out_card_id = 0;
  *out_changed = FALSE;
  *out_existed = FALSE;

  lookup = dc_store_prepare (store,
                             "SELECT id, card_json = ?2 AND summary_json = ?3 FROM cards"
                             " WHERE scryfall_id = ?1", error);
  if (lookup == NULL)
    return FALSE;
  dc_stmt_bind_text (lookup, 1, entry->scryfall_id);
  sqlite3_bind_text (lookup, 2, entry->card_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (lookup, 3, entry->summary_json, -1, SQLITE_STATIC);
  rc = sqlite3_step (lookup);
  if (rc == SQLITE_ROW)
    {
      exists = TRUE;
      *out_existed = TRUE;
      *out_card_id = sqlite3_column_int64 (lookup, 0);
      if (sqlite3_column_int (lookup, 1))
        return TRUE;
    }
  else if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);

  if (!exists)
    write = dc_store_prepare (store,
      "INSERT INTO cards (scryfall_id, oracle_id, name, printed_name, lang, set_code, set_name,"
      " collector_number, rarity, layout, mana_cost, type_line, oracle_text, colors, finishes,"
      " image_small, image_normal, image_large, released_at, tcgplayer_id, cardmarket_id,"
      " card_json, summary_json, updated_version, updated_at, prices_json, prices_version)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
      " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)", error);
  else
    write = dc_store_prepare (store,
      "UPDATE cards SET oracle_id = ?2, name = ?3, printed_name = ?4, lang = ?5,"
      " set_code = ?6, set_name = ?7, collector_number = ?8, rarity = ?9, layout = ?10,"
      " mana_cost = ?11, type_line = ?12, oracle_text = ?13, colors = ?14, finishes = ?15,"
      " image_small = ?16, image_normal = ?17, image_large = ?18, released_at = ?19,"
      " tcgplayer_id = ?20, cardmarket_id = ?21, card_json = ?22, summary_json = ?23,"
      " updated_version = ?24, updated_at = ?25 WHERE scryfall_id = ?1", error);
  if (write == NULL)
    return FALSE;
  bind_card_columns (write, entry, version);
  if (!exists)
    {
      /* A new card has no prices but the entry's: its price list is known already. */
      dc_stmt_bind_text (write, 26, entry->prices_json ? entry->prices_json : "[]");
      sqlite3_bind_int64 (write, 27, entry->prices_json ? version : 0);
    }
  if (!dc_store_step_done (store, write, error))
    return FALSE;
  if (!exists)
    *out_card_id = dc_store_last_insert_rowid (store);
  *out_changed = TRUE;
  return TRUE;
}

#define MAX_ROWS_PER_STATEMENT 8

/* "INSERT … VALUES (?, ?, ?, ?, ?, ?), … ON CONFLICT …" for 1 to MAX_ROWS_PER_STATEMENT
 * rows: one statement per card and table instead of one per price. Built once, used from
 * the writing thread. */
static const char *
price_insert_sql (gboolean current,
                  guint    rows)
{
  static const char *cache[2][MAX_ROWS_PER_STATEMENT + 1];
  g_autoptr(GString) sql = NULL;

  g_assert (rows >= 1 && rows <= MAX_ROWS_PER_STATEMENT);
  if (cache[current][rows] != NULL)
    return cache[current][rows];

  sql = g_string_new (current
                      ? "INSERT INTO current_prices (card, finish, currency, source, day, amount)"
                      : "INSERT INTO prices (card, finish, currency, source, day, amount)");
  g_string_append (sql, " VALUES ");
  for (guint i = 0; i < rows; i++)
    g_string_append (sql, i ? ", (?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?)");
  if (current)
    /* A price for an older day than the current one is history only. */
    g_string_append (sql,
                     " ON CONFLICT (card, finish, currency, source) DO UPDATE SET"
                     " day = excluded.day, amount = excluded.amount"
                     " WHERE excluded.day > current_prices.day"
                     "  OR (excluded.day = current_prices.day"
                     "      AND excluded.amount <> current_prices.amount)");
  else
    g_string_append (sql,
                     " ON CONFLICT (card, finish, currency, source, day) DO UPDATE SET"
                     " amount = excluded.amount WHERE prices.amount <> excluded.amount");
  cache[current][rows] = g_intern_string (sql->str);
  return cache[current][rows];
}

static gboolean
insert_price_rows (DcStore             *store,
                   gboolean             current,
                   gint64               card_id,
                   const DcPricePoint  *points,
                   guint                n_points,
                   gint64              *out_changes,
                   GError             **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store, price_insert_sql (current, n_points), error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_points; i++)
    {
      const DcPricePoint *point = &points[i];
      int base = 6 * i;

      sqlite3_bind_int64 (stmt, base + 1, card_id);
      sqlite3_bind_text (stmt, base + 2, dc_finish_to_string (point->finish), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, base + 3, point->currency, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, base + 4, point->source, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, base + 5, point->day, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, base + 6, point->amount_minor);
    }
  if (!dc_store_step_done (store, stmt, error))
    return FALSE;
  *out_changes += dc_store_changes_count (store);
  return TRUE;
}

gboolean
dc_catalog_store_put_prices (DcStore             *store,
                             gint64               card_id,
                             const DcPricePoint  *points,
                             guint                n_points,
                             gint64               version,
                             gboolean             prices_json_fresh,
                             GError             **error)
{
  g_autoptr(DcStmtReset) stamp = NULL;
  gint64 current_changes = 0;
  gint64 history_changes = 0;

  for (guint i = 0; i < n_points; i++)
    g_return_val_if_fail (points[i].amount_minor >= 0 &&
                          points[i].finish != DC_FINISH_UNKNOWN, FALSE);

  for (guint done = 0; done < n_points; done += MAX_ROWS_PER_STATEMENT)
    {
      guint rows = MIN (MAX_ROWS_PER_STATEMENT, n_points - done);

      if (!insert_price_rows (store, FALSE, card_id, points + done, rows, &history_changes,
                              error) ||
          !insert_price_rows (store, TRUE, card_id, points + done, rows, &current_changes,
                              error))
        return FALSE;
    }
  if (current_changes == 0 || prices_json_fresh)
    return TRUE;

  /* The current prices are part of the card's answers and catalog line: the card changed
   * in this version, and its prices_json is to be refreshed. */
  stamp = dc_store_prepare (store,
                            "UPDATE cards SET updated_version = ?1, prices_version = 0"
                            " WHERE id = ?2", error);
  if (stamp == NULL)
    return FALSE;
  sqlite3_bind_int64 (stamp, 1, version);
  sqlite3_bind_int64 (stamp, 2, card_id);
  return dc_store_step_done (store, stamp, error);
}

gboolean
dc_catalog_store_finish_version (DcStore   *store,
                                 gint64     version,
                                 gboolean  *out_bumped,
                                 GError   **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  *out_bumped = FALSE;
  stmt = dc_store_prepare (store,
                           "UPDATE catalog_meta SET version = ?1, updated_at = ?2"
                           " WHERE id = 1 AND version < ?1"
                           " AND EXISTS (SELECT 1 FROM cards WHERE updated_version >= ?1)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_int64 (stmt, 2, dc_now_ms ());
  if (!dc_store_step_done (store, stmt, error))
    return FALSE;
  *out_bumped = dc_store_changes_count (store) > 0;
  return TRUE;
}

gboolean
dc_catalog_store_was_imported (DcStore     *store,
                               const char  *kind,
                               const char  *file_sha256,
                               gboolean    *out_imported,
                               GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT 1 FROM catalog_imports WHERE file_sha256 = ? AND kind = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, file_sha256);
  dc_stmt_bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  *out_imported = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
dc_catalog_store_record_import (DcStore     *store,
                                const char  *kind,
                                const char  *file_name,
                                const char  *file_sha256,
                                const char  *day,
                                gint64       cards,
                                gint64       prices,
                                gint64       unknown,
                                gint64       started_at,
                                GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "INSERT INTO catalog_imports (kind, file_name, file_sha256, day, cards,"
                           " prices, unknown, started_at, finished_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, kind);
  dc_stmt_bind_text (stmt, 2, file_name);
  dc_stmt_bind_text (stmt, 3, file_sha256);
  dc_stmt_bind_text (stmt, 4, day);
  sqlite3_bind_int64 (stmt, 5, cards);
  sqlite3_bind_int64 (stmt, 6, prices);
  sqlite3_bind_int64 (stmt, 7, unknown);
  sqlite3_bind_int64 (stmt, 8, started_at);
  sqlite3_bind_int64 (stmt, 9, dc_now_ms ());
  return dc_store_step_done (store, stmt, error);
}

gboolean
dc_catalog_store_lookup_card (DcStore     *store,
                              const char  *scryfall_id,
                              gint64      *out_card_id,
                              GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  *out_card_id = 0;
  stmt = dc_store_prepare (store, "SELECT id FROM cards WHERE scryfall_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, scryfall_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_card_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
dc_catalog_store_get_card_json (DcStore     *store,
                                const char  *scryfall_id,
                                gint64      *out_card_id,
                                char       **out_card_json,
                                char       **out_prices_json,
                                GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  *out_card_id = 0;
  *out_card_json = NULL;
  *out_prices_json = NULL;
  stmt = dc_store_prepare (store,
                           "SELECT id, card_json, prices_json FROM cards WHERE scryfall_id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, scryfall_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_card_id = sqlite3_column_int64 (stmt, 0);
      *out_card_json = g_strdup (dc_stmt_column_text (stmt, 1));
      *out_prices_json = g_strdup (dc_stmt_column_text (stmt, 2));
    }
  else if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  return TRUE;
}

static GArray *
collect_points (DcStore       *store,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DcPricePoint));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DcPricePoint point;

      if (read_price_point (stmt, 0, &point))
        g_array_append_val (points, point);
    }
  if (rc != SQLITE_DONE)
    {
      dc_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&points);
}

GArray *
dc_catalog_store_history (DcStore     *store,
                          gint64       card_id,
                          const char  *first_day,
                          GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "SELECT finish, currency, source, day, amount FROM prices"
                           " WHERE card = ? AND day >= ? ORDER BY day," PRICE_ORDER, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, card_id);
  dc_stmt_bind_text (stmt, 2, first_day);
  return collect_points (store, stmt, error);
}

char *
dc_catalog_store_newest_price_day (DcStore  *store,
                                   gint64    card_id,
                                   GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store, "SELECT max(day) FROM current_prices WHERE card = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, card_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dc_store_set_error (store, rc, error);
      return NULL;
    }
  return g_strdup (dc_stmt_column_text (stmt, 0));
}

gboolean
dc_catalog_store_search (DcStore     *store,
                         const char  *fts_query,
                         const char  *exact_key,
                         const char  *set_code,
                         const char  *lang,
                         guint        limit,
                         void       (*func) (const DcCatalogHit *hit,
                                             gpointer            user_data),
                         gpointer     user_data,
                         gint64      *out_total,
                         GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  gint64 total = 0;
  int rc;

  *out_total = 0;
  stmt = dc_store_prepare (store,
    "SELECT c.id, c.summary_json, c.prices_json,"
    " EXISTS (SELECT 1 FROM card_name_keys k WHERE k.key = ?2 AND k.card = c.id) AS exact"
    " FROM cards_fts JOIN cards c ON c.id = cards_fts.rowid"
    " WHERE cards_fts MATCH ?1"
    " AND (?3 IS NULL OR c.set_code = ?3)"
    " AND (?4 IS NULL OR c.lang = ?4)"
    " ORDER BY exact DESC, c.released_at DESC, c.name, c.set_code, c.collector_number, c.id",
    error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, fts_query);
  dc_stmt_bind_text (stmt, 2, exact_key);
  dc_stmt_bind_text (stmt, 3, set_code);
  dc_stmt_bind_text (stmt, 4, lang);

  /* The sort needs every match anyway; stepping through the rest counts them. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (total < limit)
        {
          DcCatalogHit hit = {
            .card_id = sqlite3_column_int64 (stmt, 0),
            .summary_json = dc_stmt_column_text (stmt, 1),
            .prices_json = dc_stmt_column_text (stmt, 2),
          };
          func (&hit, user_data);
        }
      total++;
    }
  if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  *out_total = total;
  return TRUE;
}

gboolean
dc_catalog_store_foreach_card (DcStore     *store,
                               gint64       since_version,
                               void       (*func) (const char *card_json,
                                                   const char *prices_json,
                                                   gpointer    user_data),
                               gpointer     user_data,
                               GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT card_json, prices_json FROM cards WHERE updated_version > ?"
                           " ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since_version);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (dc_stmt_column_text (stmt, 0), dc_stmt_column_text (stmt, 1), user_data);
  if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
dc_catalog_store_foreach_stamped (DcStore     *store,
                                  gint64       version,
                                  gboolean   (*func) (gint64        card_id,
                                                      const GArray *prices,
                                                      gpointer      user_data,
                                                      GError      **error),
                                  gpointer     user_data,
                                  GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GArray) prices = g_array_new (FALSE, FALSE, sizeof (DcPricePoint));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gint64 card_id = 0;
  int rc;

  stmt = dc_store_prepare (store,
    "SELECT c.id, p.finish, p.currency, p.source, p.day, p.amount"
    " FROM cards c LEFT JOIN current_prices p ON p.card = c.id"
    " WHERE c.updated_version = ?1 AND c.prices_version < ?1"
    " ORDER BY c.id,"
    " CASE p.finish WHEN 'nonfoil' THEN 0 WHEN 'foil' THEN 1 ELSE 2 END,"
    " CASE p.currency WHEN 'USD' THEN 0 WHEN 'EUR' THEN 1 ELSE 2 END, p.currency, p.source",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);

  /* Read everything first: @func writes to the same tables. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      DcPricePoint point;

      if (id != card_id)
        {
          card_id = id;
          g_array_append_val (ids, id);
          g_ptr_array_add (lists, g_array_new (FALSE, FALSE, sizeof (DcPricePoint)));
        }
      if (read_price_point (stmt, 1, &point))
        g_array_append_val (g_ptr_array_index (lists, lists->len - 1), point);
    }
  if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    if (!func (g_array_index (ids, gint64, i), g_ptr_array_index (lists, i), user_data, error))
      return FALSE;
  return TRUE;
}

gboolean
dc_catalog_store_set_prices_json (DcStore     *store,
                                  gint64       card_id,
                                  const char  *prices_json,
                                  gint64       version,
                                  GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "UPDATE cards SET prices_json = ?, prices_version = ? WHERE id = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, prices_json);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_int64 (stmt, 3, card_id);
  return dc_store_step_done (store, stmt, error);
}

gboolean
dc_catalog_store_put_file (DcStore     *store,
                           gint64       version,
                           const char  *etag,
                           gint64       cards,
                           GBytes      *gz,
                           GError     **error)
{
  g_autoptr(DcStmtReset) insert = NULL;
  g_autoptr(DcStmtReset) prune = NULL;
  gsize size;
  const void *data = g_bytes_get_data (gz, &size);

  insert = dc_store_prepare (store,
                             "INSERT OR REPLACE INTO catalog_files (version, etag, cards, gz,"
                             " created_at) VALUES (?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, version);
  dc_stmt_bind_text (insert, 2, etag);
  sqlite3_bind_int64 (insert, 3, cards);
  sqlite3_bind_blob64 (insert, 4, data, size, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, dc_now_ms ());
  if (!dc_store_step_done (store, insert, error))
    return FALSE;

  prune = dc_store_prepare (store, "DELETE FROM catalog_files WHERE version < ?", error);
  if (prune == NULL)
    return FALSE;
  sqlite3_bind_int64 (prune, 1, version);
  return dc_store_step_done (store, prune, error);
}

gboolean
dc_catalog_store_get_file (DcStore  *store,
                           gint64    version,
                           char    **out_etag,
                           gint64   *out_cards,
                           GBytes  **out_gz,
                           GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  *out_etag = NULL;
  *out_cards = 0;
  *out_gz = NULL;
  stmt = dc_store_prepare (store, "SELECT etag, cards, gz FROM catalog_files WHERE version = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_etag = g_strdup (dc_stmt_column_text (stmt, 0));
      *out_cards = sqlite3_column_int64 (stmt, 1);
      *out_gz = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
    }
  else if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  return TRUE;
}
