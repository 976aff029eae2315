/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-import"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dc-collection-import-private.h"
#include "dc-label-private.h"
#include "dc-language.h"

/*
 * CSV records into import rows: the header says which column holds what (through
 * dc-collection-formats.c), the detected format adds its dialect and currency.
 */

#define MAX_QUANTITY 1000000

/* Values */

static gboolean
is_uuid (const char *text)
{
  if (strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_truthy (const char *text)
{
  static const char *const yes[] = { "true", "1", "yes", "y", "x" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Set codes are short and either all one case or hold a digit ("M19", "war", "2X2");
 * "Mirage", "Prophecy" and "War of the Spark" are names. */
static gboolean
looks_like_set_code (const char *text)
{
  gsize len = strlen (text);
  gboolean has_upper = FALSE, has_lower = FALSE;

  if (len < 2 || len > 6)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (text[i]))
        return FALSE;
      has_upper |= g_ascii_isupper (text[i]);
      has_lower |= g_ascii_islower (text[i]);
    }
  return !(has_upper && has_lower);
}

/* A date as YYYY-MM-DD from "2026-07-03T17:07:59.306Z", "2025-06-27 06:59:41.710000",
 * "2022/11/06" or "06.11.2022"; NULL for anything else (US and European slashed dates
 * cannot be told apart). */
static char *
normalize_date (const char *text)
{
  gsize len = strlen (text);
  guint y, m, d;

  if (len >= 10 && (text[4] == '-' || text[4] == '/') && text[7] == text[4] &&
      (len == 10 || text[10] == 'T' || text[10] == ' '))
    {
      if (sscanf (text, "%4u", &y) != 1 || sscanf (text + 5, "%2u", &m) != 1 ||
          sscanf (text + 8, "%2u", &d) != 1)
        return NULL;
    }
  else if (len == 10 && text[2] == '.' && text[5] == '.')
    {
      if (sscanf (text, "%2u.%2u.%4u", &d, &m, &y) != 3)
        return NULL;
    }
  else
    return NULL;

  if (y < 1900 || y > 9999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
}

static gboolean
parse_quantity (const char *cell_text,
                gboolean    empty_is_zero,
                guint      *out_quantity)
{
  g_autofree char *text = g_strstrip (g_strdup (cell_text));
  guint64 value;

  if (*text == '\0' && empty_is_zero)
    {
      *out_quantity = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, MAX_QUANTITY, &value, NULL))
    return FALSE;
  *out_quantity = (guint) value;
  return TRUE;
}

static gint64
parse_product_id (const char *text)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return 0;
  return (gint64) value;
}


/* CSV rows */

typedef struct
{
  const DcImportFormat  *format;
  const DcImportOptions *options;
  int                    columns[DC_N_COLUMNS];
  const char            *currency;  /* of prices that name none */
} CsvContext;

static const char *
cell (const CsvContext  *ctx,
      const DcCsvRecord *record,
      DcColumn           column)
{
  int index = ctx->columns[column];

  if (index < 0 || (guint) index >= record->fields->len)
    return "";
  return g_ptr_array_index (record->fields, index);
}

static gboolean
has_column (const CsvContext *ctx,
            DcColumn          column)
{
  return ctx->columns[column] >= 0;
}

static gboolean
record_is_empty (const DcCsvRecord *record)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      const char *field = g_ptr_array_index (record->fields, i);

      for (const char *p = field; *p; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
    }
  return TRUE;
}

static char *
nonempty_dup (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return *copy ? g_steal_pointer (&copy) : NULL;
}

/* Fills everything but quantity and the line from one record. */
static void
fill_row (const CsvContext  *ctx,
          const DcCsvRecord *record,
          DcImportRow       *row)
{
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *set = NULL;
  const char *value;
  gboolean exact = TRUE, foil_suffix = FALSE;
  DcFinish finish;

  /* Name: TCGplayer's simple name leaves out "(Retro Frame)" and the like. */
  row->name = nonempty_dup (cell (ctx, record, DC_COLUMN_SIMPLE_NAME));
  if (row->name == NULL)
    row->name = nonempty_dup (cell (ctx, record, DC_COLUMN_NAME));

  /* Set */
  row->set_code = nonempty_dup (cell (ctx, record, DC_COLUMN_SET_CODE));
  row->set_name = nonempty_dup (cell (ctx, record, DC_COLUMN_SET_NAME));
  set = nonempty_dup (cell (ctx, record, DC_COLUMN_SET));
  if (set != NULL)
    {
      gboolean is_code;

      if (ctx->format->flags & DC_FORMAT_SET_IS_CODE)
        is_code = TRUE;
      else if (has_column (ctx, DC_COLUMN_SET_CODE))
        is_code = FALSE;
      else
        is_code = looks_like_set_code (set);

      if (is_code && row->set_code == NULL)
        row->set_code = g_steal_pointer (&set);
      else if (!is_code && row->set_name == NULL)
        row->set_name = g_steal_pointer (&set);
    }
  if (row->set_code)
    {
      char *lower = g_ascii_strdown (row->set_code, -1);

      g_free (row->set_code);
      row->set_code = lower;
    }
  row->collector_number = nonempty_dup (cell (ctx, record, DC_COLUMN_COLLECTOR_NUMBER));

  /* Ids */
  value = cell (ctx, record, DC_COLUMN_SCRYFALL_ID);
  if (!is_uuid (value))
    value = cell (ctx, record, DC_COLUMN_ID);
  if (is_uuid (value))
    row->scryfall_id = g_ascii_strdown (value, -1);
  row->tcgplayer_id = parse_product_id (cell (ctx, record, DC_COLUMN_TCGPLAYER_ID));
  row->cardmarket_id = parse_product_id (cell (ctx, record, DC_COLUMN_CARDMARKET_ID));

  /* Flags first in the notes, so that they read "Signed; Proxy; <the app's note>". */
  if (is_truthy (cell (ctx, record, DC_COLUMN_SIGNED)))
    _dc_import_append_note (notes, "Signed");
  if (is_truthy (cell (ctx, record, DC_COLUMN_ALTERED)))
    _dc_import_append_note (notes, "Altered");
  if (is_truthy (cell (ctx, record, DC_COLUMN_PROXY)))
    _dc_import_append_note (notes, "Proxy");
  if (is_truthy (cell (ctx, record, DC_COLUMN_MISPRINT)))
    _dc_import_append_note (notes, "Misprint");

  /* Condition: an empty cell means Near Mint, as in every app. */
  value = cell (ctx, record, DC_COLUMN_CONDITION);
  row->condition = DC_CONDITION_NM;
  if (*value != '\0')
    {
      DcCondition condition = dc_condition_parse_label (value, ctx->format->dialect, &foil_suffix);

      if (condition == DC_CONDITION_UNKNOWN)
        condition = dc_condition_parse_label (value, DC_CONDITION_DIALECT_ANY, &foil_suffix);
      if (condition != DC_CONDITION_UNKNOWN)
        row->condition = condition;
      else
        {
          g_autofree char *note = g_strdup_printf ("Condition “%s” not recognised", value);

          _dc_import_append_note (notes, note);
        }
    }

  /* Finish */
  value = cell (ctx, record, DC_COLUMN_FINISH);
  finish = dc_finish_parse_label (value, &exact);
  if (finish == DC_FINISH_UNKNOWN)
    {
      g_autofree char *note = g_strdup_printf ("Finish “%s” not recognised", value);

      finish = DC_FINISH_NONFOIL;
      _dc_import_append_note (notes, note);
    }
  else if (!exact)
    row->finish_note = g_strstrip (g_strdup (value));
  if (foil_suffix && finish == DC_FINISH_NONFOIL)
    finish = DC_FINISH_FOIL;
  row->finish = finish;

  /* Language */
  row->language = "en";
  value = cell (ctx, record, DC_COLUMN_CARDMARKET_LANGUAGE);
  if (*value != '\0')
    {
      const char *code = _dc_cardmarket_language (parse_product_id (value));

      if (code)
        row->language = code;
      else
        {
          g_autofree char *note = g_strdup_printf ("Language “%s” not recognised", value);

          _dc_import_append_note (notes, note);
        }
    }
  value = cell (ctx, record, DC_COLUMN_LANGUAGE);
  if (*value != '\0')
    {
      const char *code = dc_language_normalize (value, FALSE);

      if (code)
        row->language = code;
      else
        {
          g_autofree char *note = g_strdup_printf ("Language “%s” not recognised", value);

          _dc_import_append_note (notes, note);
        }
    }

  /* Purchase price */
  value = cell (ctx, record, DC_COLUMN_PRICE);
  if (*value != '\0')
    {
      g_autofree char *currency_cell = g_strstrip (g_strdup (cell (ctx, record,
                                                                  DC_COLUMN_CURRENCY)));
      g_autofree char *currency = g_ascii_strup (currency_cell, -1);
      DcMoney price;

      if (!dc_currency_is_valid (currency))
        g_clear_pointer (&currency, g_free);
      if (dc_money_parse (value, currency ? currency : ctx->currency, &price, NULL) &&
          price.amount >= 0)
        {
          if (price.amount > 0 || !(ctx->format->flags & DC_FORMAT_ZERO_PRICE_UNSET))
            {
              row->has_price = TRUE;
              row->price = price;
            }
        }
      else
        {
          g_autofree char *note = g_strdup_printf ("Purchase price “%s” not understood", value);

          _dc_import_append_note (notes, note);
        }
    }

  /* Acquired */
  value = cell (ctx, record, DC_COLUMN_ACQUIRED);
  if (*value != '\0')
    {
      row->acquired_on = normalize_date (value);
      if (row->acquired_on == NULL)
        {
          g_autofree char *note = g_strdup_printf ("Acquired %s", value);

          _dc_import_append_note (notes, note);
        }
    }

  {
    g_autofree char *text = g_strstrip (g_strdup (cell (ctx, record, DC_COLUMN_NOTES)));
    g_autofree char *tags = g_strstrip (g_strdup (cell (ctx, record, DC_COLUMN_TAGS)));

    _dc_import_append_note (notes, text);
    _dc_import_append_note (notes, tags);
  }
  row->folder = nonempty_dup (cell (ctx, record, DC_COLUMN_FOLDER));
  if (notes->len > 0)
    row->notes = g_string_free (g_steal_pointer (&notes), FALSE);
}

static DcImportRow *
row_copy_for_split (const DcImportRow *row)
{
  DcImportRow *copy = g_new0 (DcImportRow, 1);

  *copy = *row;
  copy->text = g_strdup (row->text);
  copy->name = g_strdup (row->name);
  copy->set_code = g_strdup (row->set_code);
  copy->set_name = g_strdup (row->set_name);
  copy->collector_number = g_strdup (row->collector_number);
  copy->scryfall_id = g_strdup (row->scryfall_id);
  copy->finish_note = g_strdup (row->finish_note);
  copy->acquired_on = g_strdup (row->acquired_on);
  copy->notes = g_strdup (row->notes);
  copy->folder = g_strdup (row->folder);
  return copy;
}

static void
read_record (const CsvContext  *ctx,
             const DcCsvRecord *record,
             const char        *text,
             DcImportParse     *parse)
{
  g_autofree char *raw = g_strndup (text + record->offset, record->length);
  g_autoptr(DcImportRow) row = NULL;
  guint quantity = 1, foil_quantity = 0;
  gboolean ok = TRUE;

  if (record->unterminated)
    {
      _dc_import_add_problem (parse, record->line, raw, "unterminated_quote", 0,
                   "A quoted field is never closed; the rest of the file is in it");
      return;
    }
  if (record_is_empty (record))
    {
      parse->skipped_lines++;
      return;
    }

  /* Quantity: Delver Lens splits regular and foil copies into two columns. */
  if (has_column (ctx, DC_COLUMN_FOIL_QUANTITY))
    {
      ok = parse_quantity (cell (ctx, record, DC_COLUMN_QUANTITY), TRUE, &quantity) &&
           parse_quantity (cell (ctx, record, DC_COLUMN_FOIL_QUANTITY), TRUE, &foil_quantity);
      ok = ok && quantity + foil_quantity > 0;
    }
  else if (has_column (ctx, DC_COLUMN_QUANTITY))
    {
      ok = parse_quantity (cell (ctx, record, DC_COLUMN_QUANTITY), FALSE, &quantity) &&
           quantity > 0;
    }
  if (!ok)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf ("The quantity “%s” is not a whole number from 1 to %d",
                                 cell (ctx, record, DC_COLUMN_QUANTITY), MAX_QUANTITY);
      _dc_import_add_problem (parse, record->line, raw, "bad_quantity", 0, message);
      return;
    }
  if (is_truthy (cell (ctx, record, DC_COLUMN_PLAYSET)))
    {
      quantity *= 4;
      foil_quantity *= 4;
    }

  row = g_new0 (DcImportRow, 1);
  row->line = record->line;
  row->text = g_strdup (raw);
  fill_row (ctx, record, row);

  if (row->name == NULL && row->scryfall_id == NULL && row->tcgplayer_id == 0 &&
      row->cardmarket_id == 0 && (row->set_code == NULL || row->collector_number == NULL))
    {
      _dc_import_add_problem (parse, record->line, raw, "no_card", quantity + foil_quantity,
                   "The row names no card: no name, no id, no set and number");
      return;
    }

  if (foil_quantity > 0)
    {
      DcImportRow *foil = row_copy_for_split (row);

      foil->quantity = foil_quantity;
      foil->finish = DC_FINISH_FOIL;
      g_clear_pointer (&foil->finish_note, g_free);
      if (quantity > 0)
        {
          row->quantity = quantity;
          g_ptr_array_add (parse->rows, g_steal_pointer (&row));
        }
      g_ptr_array_add (parse->rows, foil);
      return;
    }

  row->quantity = quantity;
  g_ptr_array_add (parse->rows, g_steal_pointer (&row));
}

/* Maps the header's columns; TRUE when a column names a card. */
static gboolean
map_header (const DcCsvRecord  *header,
            CsvContext         *ctx,
            GPtrArray          *folded)
{
  for (guint i = 0; i < DC_N_COLUMNS; i++)
    ctx->columns[i] = -1;

  for (guint i = 0; i < header->fields->len; i++)
    {
      char *key = _dc_label_fold (g_ptr_array_index (header->fields, i));
      DcColumn column = _dc_import_column_for_header (key);

      g_ptr_array_add (folded, key);
      if (column != DC_COLUMN_NONE && ctx->columns[column] < 0)
        ctx->columns[column] = (int) i;
    }

  return ctx->columns[DC_COLUMN_NAME] >= 0 || ctx->columns[DC_COLUMN_SIMPLE_NAME] >= 0 ||
         ctx->columns[DC_COLUMN_SCRYFALL_ID] >= 0 || ctx->columns[DC_COLUMN_ID] >= 0 ||
         ctx->columns[DC_COLUMN_TCGPLAYER_ID] >= 0 || ctx->columns[DC_COLUMN_CARDMARKET_ID] >= 0 ||
         (ctx->columns[DC_COLUMN_COLLECTOR_NUMBER] >= 0 &&
          (ctx->columns[DC_COLUMN_SET_CODE] >= 0 || ctx->columns[DC_COLUMN_SET] >= 0));
}

static const char *
choose_currency (const DcImportFormat  *format,
                 const DcImportOptions *options,
                 GPtrArray             *folded)
{
  for (guint i = 0; i < G_N_ELEMENTS (format->currency_hints) && format->currency_hints[i].header;
       i++)
    for (guint j = 0; j < folded->len; j++)
      if (strcmp (g_ptr_array_index (folded, j), format->currency_hints[i].header) == 0)
        return format->currency_hints[i].currency;
  if (format->currency)
    return format->currency;
  if (options && options->default_currency && dc_currency_is_valid (options->default_currency))
    return options->default_currency;
  return "USD";
}

gboolean
_dc_import_read_csv (const char            *text,
                     GPtrArray             *records,
                     guint                  header_index,
                     const DcImportFormat  *requested,
                     const DcImportOptions *options,
                     DcImportParse         *parse)
{
  g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);
  CsvContext ctx = { 0 };

  if (records->len <= header_index ||
      !map_header (g_ptr_array_index (records, header_index), &ctx, folded))
    return FALSE;

  if (requested)
    ctx.format = requested;
  else
    {
      ctx.format = _dc_import_format_detect ((const char * const *) folded->pdata, folded->len);
      if (ctx.format == NULL)
        ctx.format = _dc_import_format_generic ();
    }
  ctx.options = options;
  ctx.currency = choose_currency (ctx.format, options, folded);

  parse->format = g_strdup (ctx.format->name);
  parse->format_detected = requested == NULL;
  parse->header_line = ((DcCsvRecord *) g_ptr_array_index (records, header_index))->line;

  for (guint i = header_index + 1; i < records->len; i++)
    read_record (&ctx, g_ptr_array_index (records, i), text, parse);
  return TRUE;
}
