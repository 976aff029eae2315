/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-import"

#include "config.h"

#include <string.h>

#include "dc-collection-import-private.h"

/* Matching rows to printings through the caller's DcCardResolver, and merging rows that
 * make the same inventory item. */

static char *
resolve_by_names (const DcCardResolver *resolver,
                  const DcImportRow    *row,
                  const char           *name,
                  gboolean             *out_guessed)
{
  char *id = NULL;

  if (resolver->by_set_name && (row->set_code || row->set_name))
    id = resolver->by_set_name (resolver->user_data, row->set_code, row->set_name, name);
  if (id == NULL && resolver->by_name)
    {
      id = resolver->by_name (resolver->user_data, name);
      *out_guessed = id != NULL;
    }
  return id;
}

static char *
resolve_row (const DcCardResolver *resolver,
             const DcImportRow    *row,
             gboolean             *out_guessed)
{
  char *id = NULL;

  *out_guessed = FALSE;
  if (row->scryfall_id && resolver->by_scryfall_id)
    id = resolver->by_scryfall_id (resolver->user_data, row->scryfall_id);
  if (id == NULL && row->set_code && row->collector_number && resolver->by_set_number)
    id = resolver->by_set_number (resolver->user_data, row->set_code, row->collector_number);
  if (id == NULL && row->tcgplayer_id > 0 && resolver->by_tcgplayer_id)
    id = resolver->by_tcgplayer_id (resolver->user_data, row->tcgplayer_id);
  if (id == NULL && row->cardmarket_id > 0 && resolver->by_cardmarket_id)
    id = resolver->by_cardmarket_id (resolver->user_data, row->cardmarket_id);
  if (id == NULL && row->name)
    {
      id = resolve_by_names (resolver, row, row->name, out_guessed);
      /* Dragon Shield names tokens "Clue Token". */
      if (id == NULL && g_str_has_suffix (row->name, " Token"))
        {
          g_autofree char *bare = g_strndup (row->name, strlen (row->name) - strlen (" Token"));

          id = resolve_by_names (resolver, row, bare, out_guessed);
        }
    }
  return id;
}

static char *
describe_row (const DcImportRow *row)
{
  GString *text = g_string_new (row->name ? row->name : "A card");

  if (row->set_code || row->set_name)
    g_string_append_printf (text, " (%s)", row->set_code ? row->set_code : row->set_name);
  if (row->collector_number)
    g_string_append_printf (text, " %s", row->collector_number);
  if (row->scryfall_id)
    g_string_append_printf (text, " [Scryfall %s]", row->scryfall_id);
  if (row->tcgplayer_id)
    g_string_append_printf (text, " [TCGplayer %" G_GINT64_FORMAT "]", row->tcgplayer_id);
  if (row->cardmarket_id)
    g_string_append_printf (text, " [Cardmarket %" G_GINT64_FORMAT "]", row->cardmarket_id);
  return g_string_free (text, FALSE);
}

static char *
row_item_notes (const DcImportRow *row)
{
  g_autoptr(GString) notes = g_string_new (NULL);

  _dc_import_append_note (notes, row->finish_note);
  _dc_import_append_note (notes, row->notes);
  return notes->len ? g_string_free (g_steal_pointer (&notes), FALSE) : NULL;
}

static int
compare_problem_lines (gconstpointer a,
                       gconstpointer b)
{
  const DcImportProblem *pa = *(DcImportProblem * const *) a;
  const DcImportProblem *pb = *(DcImportProblem * const *) b;

  return pa->line < pb->line ? -1 : pa->line > pb->line;
}

/**
 * dc_collection_import_resolve:
 * @parse: rows from dc_collection_import_parse()
 * @resolver: how to find printings
 * @out_result: (out) (transfer full): the items to add and the accounting
 *
 * Matches each row to a printing (see #DcCardResolver for the order) and merges rows for
 * the same printing, condition, finish, language, price and notes into one item. The
 * accounting always adds up: quantity_total = quantity_imported + the quantities of
 * unresolved rows.
 */
void
dc_collection_import_resolve (const DcImportParse   *parse,
                              const DcCardResolver  *resolver,
                              DcImportResult       **out_result)
{
  g_autoptr(DcImportResult) result = NULL;
  g_autoptr(GHashTable) by_key = NULL;

  g_return_if_fail (parse != NULL);
  g_return_if_fail (resolver != NULL);
  g_return_if_fail (out_result != NULL);

  result = g_new0 (DcImportResult, 1);
  result->format = g_strdup (parse->format);
  result->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_import_item_free);
  result->unresolved = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_import_problem_free);
  by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  result->rows = parse->rows->len + parse->problems->len;
  for (guint i = 0; i < parse->problems->len; i++)
    {
      const DcImportProblem *problem = g_ptr_array_index (parse->problems, i);

      g_ptr_array_add (result->unresolved, dc_import_problem_copy (problem));
      result->quantity_total += problem->quantity;
    }

  for (guint i = 0; i < parse->rows->len; i++)
    {
      const DcImportRow *row = g_ptr_array_index (parse->rows, i);
      g_autofree char *card_id = NULL;
      g_autofree char *notes = NULL;
      g_autofree char *key = NULL;
      gboolean guessed;
      DcImportItem *item;

      result->quantity_total += row->quantity;
      card_id = resolve_row (resolver, row, &guessed);
      if (card_id == NULL)
        {
          g_autofree char *what = describe_row (row);
          DcImportProblem problem = {
            row->line, row->text, (char *) "not_found", NULL, row->quantity
          };

          problem.message = g_strdup_printf ("No printing found for %s", what);
          g_ptr_array_add (result->unresolved, dc_import_problem_copy (&problem));
          g_free (problem.message);
          continue;
        }

      result->imported++;
      result->guessed += guessed;
      result->quantity_imported += row->quantity;
      notes = row_item_notes (row);
      key = g_strdup_printf ("%s|%d|%d|%s|%d|%" G_GINT64_FORMAT "|%s|%s", card_id,
                             row->condition, row->finish, row->language, row->has_price,
                             row->has_price ? row->price.amount : 0,
                             row->has_price ? row->price.currency : "", notes ? notes : "");

      item = g_hash_table_lookup (by_key, key);
      if (item != NULL)
        {
          result->merged++;
          item->quantity += row->quantity;
          item->guessed |= guessed;
          /* Keep the earliest date: when the first of these copies was acquired. */
          if (row->acquired_on &&
              (item->acquired_on == NULL || strcmp (row->acquired_on, item->acquired_on) < 0))
            {
              g_free (item->acquired_on);
              item->acquired_on = g_strdup (row->acquired_on);
            }
          continue;
        }

      item = g_new0 (DcImportItem, 1);
      item->card_id = g_steal_pointer (&card_id);
      item->quantity = row->quantity;
      item->condition = row->condition;
      item->finish = row->finish;
      item->language = row->language;
      item->has_price = row->has_price;
      item->price = row->price;
      item->acquired_on = g_strdup (row->acquired_on);
      item->notes = g_steal_pointer (&notes);
      item->guessed = guessed;
      item->line = row->line;
      g_ptr_array_add (result->items, item);
      g_hash_table_insert (by_key, g_steal_pointer (&key), item);
    }

  /* Unresolved rows in file order, whether unreadable or unmatched. */
  g_ptr_array_sort (result->unresolved, compare_problem_lines);
  *out_result = g_steal_pointer (&result);
}
