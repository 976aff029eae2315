/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-export"

#include "config.h"

#include <string.h>

#include "dc-collection-export.h"
#include "dc-collection-import-private.h"
#include "dc-csv.h"
#include "dc-language.h"

/*
 * Each app's columns and words, as its own exports write them (tests/data/csv-samples),
 * so that the app reads the file back. dc_collection_import_parse() detects every one of
 * these files as the format it was written as.
 */

G_DEFINE_QUARK (dc-export-error-quark, dc_export_error)

typedef void (*WriteFunc) (const DcExportItem *items,
                           gsize               n_items,
                           GString            *out,
                           guint              *skipped);

/* A row under construction: owned strings, NULL for empty. */
typedef GPtrArray Row;

static Row *
row_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Row, g_ptr_array_unref)

static void
row_add (Row        *row,
         const char *value)
{
  g_ptr_array_add (row, g_strdup (value));
}

static void
row_take (Row  *row,
          char *value)
{
  g_ptr_array_add (row, value);
}

static void
row_add_uint (Row    *row,
              guint64 value)
{
  g_ptr_array_add (row, g_strdup_printf ("%" G_GUINT64_FORMAT, value));
}

static void
row_add_id (Row   *row,
            gint64 id)
{
  g_ptr_array_add (row, id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL);
}

static void
row_write (Row     *row,
           GString *out,
           char     delimiter,
           gboolean always_quote)
{
  dc_csv_append_row (out, (const char * const *) row->pdata, row->len, delimiter, always_quote);
}

static void
write_header (GString    *out,
              const char *const *names,
              char        delimiter,
              gboolean    always_quote)
{
  dc_csv_append_row (out, names, g_strv_length ((char **) names), delimiter, always_quote);
}

static char *
upper (const char *text)
{
  return text ? g_ascii_strup (text, -1) : NULL;
}

static char *
price_decimal (const DcExportItem *item,
               const char         *currency)
{
  if (!item->has_price || (currency && strcmp (item->price.currency, currency) != 0))
    return NULL;
  return dc_money_format_decimal (item->price.amount);
}

static char *
price_display (const DcExportItem *item)
{
  return item->has_price ? dc_money_format (&item->price) : NULL;
}

static const char *
language_name (const char *code)
{
  const char *name = dc_language_display_name (code);

  return name ? name : "English";
}

/* Deckbox and Moxfield say "Chinese" for simplified Chinese. */
static const char *
language_name_deckbox (const char *code)
{
  return g_strcmp0 (code, "zhs") == 0 ? "Chinese" : language_name (code);
}

/* Dualcaster: everything, in our own words. */
static void
write_dualcaster (const DcExportItem *items,
                  gsize               n_items,
                  GString            *out,
                  guint              *skipped)
{
  static const char *const header[] = {
    "scryfall_id", "name", "set_code", "collector_number", "quantity", "condition", "finish",
    "language", "acquisition_price", "acquisition_currency", "acquired_on", "notes", NULL
  };

  write_header (out, header, ',', FALSE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();

      row_add (row, item->scryfall_id);
      row_add (row, item->name);
      row_add (row, item->set_code);
      row_add (row, item->collector_number);
      row_add_uint (row, item->quantity);
      row_add (row, dc_condition_to_string (item->condition));
      row_add (row, dc_finish_to_string (item->finish));
      row_add (row, item->language);
      row_take (row, price_decimal (item, NULL));
      row_add (row, item->has_price ? item->price.currency : NULL);
      row_add (row, item->acquired_on);
      row_add (row, item->notes);
      row_write (row, out, ',', FALSE);
    }
}

static void
write_manabox (const DcExportItem *items,
               gsize               n_items,
               GString            *out,
               guint              *skipped)
{
  static const char *const header[] = {
    "Name", "Set code", "Set name", "Collector number", "Foil", "Rarity", "Quantity",
    "ManaBox ID", "Scryfall ID", "Purchase price", "Misprint", "Altered", "Condition",
    "Language", "Purchase price currency", NULL
  };
  static const char *const finishes[] = { "normal", "normal", "foil", "etched" };

  write_header (out, header, ',', FALSE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();
      const char *language = item->language;

      if (g_strcmp0 (language, "zhs") == 0)
        language = "zh_CN";
      else if (g_strcmp0 (language, "zht") == 0)
        language = "zh_TW";

      row_add (row, item->name);
      row_take (row, upper (item->set_code));
      row_add (row, item->set_name);
      row_add (row, item->collector_number);
      row_add (row, finishes[item->finish]);
      row_add (row, item->rarity);
      row_add_uint (row, item->quantity);
      row_add (row, NULL);
      row_add (row, item->scryfall_id);
      row_take (row, price_decimal (item, NULL));
      row_add (row, "false");
      row_add (row, "false");
      row_add (row, dc_condition_to_dialect (item->condition, DC_CONDITION_DIALECT_MANABOX));
      row_add (row, language);
      row_add (row, item->has_price ? item->price.currency : NULL);
      row_write (row, out, ',', FALSE);
    }
}

static void
write_moxfield (const DcExportItem *items,
                gsize               n_items,
                GString            *out,
                guint              *skipped)
{
  static const char *const header[] = {
    "Count", "Tradelist Count", "Name", "Edition", "Condition", "Language", "Foil", "Tags",
    "Last Modified", "Collector Number", "Alter", "Proxy", "Purchase Price", NULL
  };
  static const char *const finishes[] = { "", "", "foil", "etched" };

  write_header (out, header, ',', TRUE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();

      row_add_uint (row, item->quantity);
      row_add (row, "0");
      row_add (row, item->name);
      row_add (row, item->set_code);
      row_add (row, dc_condition_to_dialect (item->condition, DC_CONDITION_DIALECT_MOXFIELD));
      row_add (row, language_name_deckbox (item->language));
      row_add (row, finishes[item->finish]);
      row_add (row, NULL);
      row_add (row, item->acquired_on);
      row_add (row, item->collector_number);
      row_add (row, "False");
      row_add (row, "False");
      row_take (row, price_decimal (item, NULL));
      row_write (row, out, ',', TRUE);
    }
}

static void
write_deckbox (const DcExportItem *items,
               gsize               n_items,
               GString            *out,
               guint              *skipped)
{
  static const char *const header[] = {
    "Count", "Tradelist Count", "Name", "Edition", "Edition Code", "Card Number", "Condition",
    "Language", "Foil", "Signed", "Artist Proof", "Altered Art", "Misprint", "Promo",
    "Textless", "Printing Id", "Printing Note", "Tags", "My Price", "Scryfall ID", NULL
  };

  write_header (out, header, ',', FALSE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();

      row_add_uint (row, item->quantity);
      row_add (row, "0");
      row_add (row, item->name);
      row_add (row, item->set_name);
      row_add (row, item->set_code);
      row_add (row, item->collector_number);
      row_add (row, dc_condition_to_dialect (item->condition, DC_CONDITION_DIALECT_DECKBOX));
      row_add (row, language_name_deckbox (item->language));
      /* Deckbox has no etched finish: a foil with a printing note. */
      row_add (row, item->finish == DC_FINISH_NONFOIL ? NULL : "foil");
      for (guint j = 0; j < 7; j++)
        row_add (row, NULL);
      row_add (row, item->finish == DC_FINISH_ETCHED ? "Etched" : NULL);
      row_add (row, NULL);
      row_take (row, price_display (item));
      row_add (row, item->scryfall_id);
      row_write (row, out, ',', FALSE);
    }
}

static char *
capitalize (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strdup (text);
  copy[0] = g_ascii_toupper (copy[0]);
  return copy;
}

static void
write_tcgplayer (const DcExportItem *items,
                 gsize               n_items,
                 GString            *out,
                 guint              *skipped)
{
  static const char *const header[] = {
    "Quantity", "Name", "Simple Name", "Set", "Card Number", "Set Code", "Printing",
    "Condition", "Language", "Rarity", "Product ID", "SKU", NULL
  };

  write_header (out, header, ',', FALSE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();

      row_add_uint (row, item->quantity);
      row_add (row, item->name);
      row_add (row, item->name);
      row_add (row, item->set_name);
      row_add (row, item->collector_number);
      row_take (row, upper (item->set_code));
      /* TCGplayer sells etched cards as their own products, printed "Foil". */
      row_add (row, item->finish == DC_FINISH_NONFOIL ? "Normal" : "Foil");
      row_add (row, dc_condition_to_dialect (item->condition, DC_CONDITION_DIALECT_TCGPLAYER));
      row_add (row, language_name (item->language));
      row_take (row, capitalize (item->rarity));
      row_add_id (row, item->tcgplayer_id);
      row_add (row, NULL);
      row_write (row, out, ',', FALSE);
    }
}

static void
write_dragonshield (const DcExportItem *items,
                    gsize               n_items,
                    GString            *out,
                    guint              *skipped)
{
  static const char *const header_usd[] = {
    "Folder Name", "Quantity", "Trade Quantity", "Card Name", "Set Code", "Set Name",
    "Card Number", "Condition", "Printing", "Language", "Price Bought", "Date Bought", "LOW",
    "MID", "MARKET", NULL
  };
  static const char *const header_eur[] = {
    "Folder Name", "Quantity", "Trade Quantity", "Card Name", "Set Code", "Set Name",
    "Card Number", "Condition", "Printing", "Language", "Price Bought", "Date Bought", "AVG",
    "LOW", "TREND", NULL
  };
  static const char *const finishes[] = { "Normal", "Normal", "Foil", "Etched" };
  gboolean any_eur = FALSE, any_other = FALSE;
  const char *currency;

  /* Its price columns say which currency prices are in: the Cardmarket ones mean euros. */
  for (gsize i = 0; i < n_items; i++)
    if (items[i].has_price)
      {
        if (strcmp (items[i].price.currency, "EUR") == 0)
          any_eur = TRUE;
        else
          any_other = TRUE;
      }
  currency = any_eur && !any_other ? "EUR" : "USD";

  g_string_append (out, "\"sep=,\"\n");
  write_header (out, strcmp (currency, "EUR") == 0 ? header_eur : header_usd, ',', FALSE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();

      row_add (row, "Dualcaster");
      row_add_uint (row, item->quantity);
      row_add (row, "0");
      row_add (row, item->name);
      row_take (row, upper (item->set_code));
      row_add (row, item->set_name);
      row_add (row, item->collector_number);
      row_add (row, dc_condition_to_dialect (item->condition,
                                             DC_CONDITION_DIALECT_DRAGON_SHIELD));
      row_add (row, finishes[item->finish]);
      row_add (row, language_name (item->language));
      row_take (row, price_decimal (item, currency));
      row_add (row, item->acquired_on);
      row_add (row, NULL);
      row_add (row, NULL);
      row_add (row, NULL);
      row_write (row, out, ',', FALSE);
    }
}

static const char *
archidekt_language (const char *code)
{
  static const struct
  {
    const char *code;
    const char *label;
  } labels[] = {
    { "ja", "JP" }, { "ko", "KR" }, { "zhs", "CS" }, { "zht", "CT" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (code, labels[i].code) == 0)
      return labels[i].label;
  return NULL;
}

static void
write_archidekt (const DcExportItem *items,
                 gsize               n_items,
                 GString            *out,
                 guint              *skipped)
{
  static const char *const header[] = {
    "Quantity", "Name", "Finish", "Condition", "Date Added", "Language", "Purchase Price",
    "Tags", "Edition Name", "Edition Code", "Multiverse Id", "Scryfall ID", "Collector Number",
    NULL
  };
  static const char *const finishes[] = { "Normal", "Normal", "Foil", "Etched" };
  static const char *const conditions[] = { "NM", "D", "HP", "MP", "LP", "NM", "M" };

  write_header (out, header, ',', FALSE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();
      const char *language = archidekt_language (item->language);

      row_add_uint (row, item->quantity);
      row_add (row, item->name);
      row_add (row, finishes[item->finish]);
      row_add (row, conditions[item->condition]);
      row_add (row, item->acquired_on);
      row_take (row, language ? g_strdup (language) : upper (item->language));
      row_take (row, price_decimal (item, NULL));
      row_add (row, NULL);
      row_add (row, item->set_name);
      row_add (row, item->set_code);
      row_add (row, NULL);
      row_add (row, item->scryfall_id);
      row_add (row, item->collector_number);
      row_write (row, out, ',', FALSE);
    }
}

static void
write_topdecked (const DcExportItem *items,
                 gsize               n_items,
                 GString            *out,
                 guint              *skipped)
{
  /* Quoted as TopDecked quotes it. */
  g_string_append (out, "QUANTITY,\"NAME\",SETCODE,\"SETNAME\",\"COLLECTOR NUMBER\",FINISH,"
                        "PRICE,RARITY,ID,ACQUIRED DATE,ACQUIRED PRICE,LANG,PRICE SALE,"
                        "SIGNING,ALTERATION,CONDITION,NOTES,TAGS\n");
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();

      row_add_uint (row, item->quantity);
      row_add (row, item->name);
      row_add (row, item->set_code);
      row_add (row, item->set_name);
      row_add (row, item->collector_number);
      row_add (row, dc_finish_to_string (item->finish));
      row_add (row, NULL);
      row_add (row, item->rarity);
      row_add (row, item->scryfall_id);
      row_add (row, item->acquired_on);
      row_take (row, price_display (item));
      row_add (row, item->language);
      row_add (row, NULL);
      row_add (row, NULL);
      row_add (row, NULL);
      row_add (row, dc_condition_to_string (item->condition));
      row_add (row, item->notes);
      row_add (row, NULL);
      row_write (row, out, ',', FALSE);
    }
}

static void
write_mtggoldfish (const DcExportItem *items,
                   gsize               n_items,
                   GString            *out,
                   guint              *skipped)
{
  static const char *const header[] = {
    "Card", "Set ID", "Set Name", "Quantity", "Foil", "Variation", "Collector Number",
    "Scryfall ID", NULL
  };
  static const char *const finishes[] = { "regular", "regular", "foil", "etched" };

  write_header (out, header, ',', FALSE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();

      row_add (row, item->name);
      row_take (row, upper (item->set_code));
      row_add (row, item->set_name);
      row_add_uint (row, item->quantity);
      row_add (row, finishes[item->finish]);
      row_add (row, NULL);
      row_add (row, item->collector_number);
      row_add (row, item->scryfall_id);
      row_write (row, out, ',', FALSE);
    }
}

static void
write_cardmarket (const DcExportItem *items,
                  gsize               n_items,
                  GString            *out,
                  guint              *skipped)
{
  static const char *const header[] = {
    "idProduct", "groupCount", "price", "idLanguage", "condition", "isFoil", "isSigned",
    "isAltered", "isPlayset", "isReverseHolo", "isFirstEd", "isFullArt", "isUberRare",
    "isWithDie", NULL
  };

  write_header (out, header, ';', FALSE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();
      int language = _dc_cardmarket_language_id (item->language);

      /* Cardmarket knows a card by its product id only. */
      if (item->cardmarket_id <= 0)
        {
          (*skipped)++;
          continue;
        }
      row_add_id (row, item->cardmarket_id);
      row_add_uint (row, item->quantity);
      /* "price" is what the seller asks; we only know what was paid. */
      row_add (row, NULL);
      row_take (row, language > 0 ? g_strdup_printf ("%d", language) : NULL);
      row_take (row, g_strdup_printf ("%d", dc_condition_to_cardmarket_grade (item->condition)));
      row_add (row, item->finish == DC_FINISH_NONFOIL ? NULL : "1");
      for (guint j = 0; j < 8; j++)
        row_add (row, NULL);
      row_write (row, out, ';', FALSE);
    }
}

static void
write_delverlens (const DcExportItem *items,
                  gsize               n_items,
                  GString            *out,
                  guint              *skipped)
{
  /* Delver Lens writes what its preset asks for; this one names the set both ways. */
  static const char *const header[] = {
    "Reg Qty", "Foil Qty", "Name", "Set", "Set code", "Acquired", "Language", NULL
  };

  write_header (out, header, ',', TRUE);
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];
      g_autoptr(Row) row = row_new ();
      gboolean foil = item->finish != DC_FINISH_NONFOIL;

      row_add_uint (row, foil ? 0 : item->quantity);
      row_add_uint (row, foil ? item->quantity : 0);
      row_add (row, item->name);
      row_add (row, item->set_name ? item->set_name : item->set_code);
      row_add (row, item->set_code);
      row_take (row, price_display (item));
      row_add (row, language_name (item->language));
      row_write (row, out, ',', TRUE);
    }
}

static void
write_text (const DcExportItem *items,
            gsize               n_items,
            GString            *out,
            guint              *skipped)
{
  for (gsize i = 0; i < n_items; i++)
    {
      const DcExportItem *item = &items[i];

      g_string_append_printf (out, "%u %s", item->quantity, item->name);
      if (item->set_code)
        {
          g_autofree char *set = upper (item->set_code);

          g_string_append_printf (out, " (%s)", set);
          if (item->collector_number)
            g_string_append_printf (out, " %s", item->collector_number);
        }
      g_string_append_printf (out, " %s", dc_condition_to_string (item->condition));
      if (item->finish != DC_FINISH_NONFOIL)
        g_string_append_printf (out, " %s", dc_finish_to_string (item->finish));
      /* A language is only read back after a set. */
      if (item->set_code && item->language && strcmp (item->language, "en") != 0)
        g_string_append_printf (out, " %s", item->language);
      g_string_append_c (out, '\n');
    }
}

static const struct
{
  const char *name;
  WriteFunc   write;
} writers[] = {
  { "dualcaster", write_dualcaster },
  { "manabox", write_manabox },
  { "moxfield", write_moxfield },
  { "deckbox", write_deckbox },
  { "tcgplayer", write_tcgplayer },
  { "dragonshield", write_dragonshield },
  { "archidekt", write_archidekt },
  { "topdecked", write_topdecked },
  { "mtggoldfish", write_mtggoldfish },
  { "cardmarket", write_cardmarket },
  { "delverlens", write_delverlens },
  { "text", write_text },
};

const char *const *
dc_collection_export_formats (void)
{
  static const char *const names[] = {
    "dualcaster", "manabox", "moxfield", "deckbox", "tcgplayer", "dragonshield", "archidekt",
    "topdecked", "mtggoldfish", "cardmarket", "delverlens", "text", NULL
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (writers) + 1);
  return names;
}

gboolean
dc_collection_export (const DcExportItem  *items,
                      gsize                n_items,
                      const char          *format,
                      GString             *out,
                      guint               *out_skipped,
                      GError             **error)
{
  guint skipped = 0;

  g_return_val_if_fail (items != NULL || n_items == 0, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < n_items; i++)
    {
      g_return_val_if_fail (items[i].condition >= DC_CONDITION_DMG &&
                            items[i].condition <= DC_CONDITION_M, FALSE);
      g_return_val_if_fail (items[i].finish >= DC_FINISH_NONFOIL &&
                            items[i].finish <= DC_FINISH_ETCHED, FALSE);
      g_return_val_if_fail (items[i].name != NULL, FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    if (g_ascii_strcasecmp (format, writers[i].name) == 0)
      {
        writers[i].write (items, n_items, out, &skipped);
        if (out_skipped)
          *out_skipped = skipped;
        return TRUE;
      }

  g_set_error (error, DC_EXPORT_ERROR, DC_EXPORT_ERROR_UNKNOWN_FORMAT,
               "Unknown export format “%s”", format);
  return FALSE;
}
