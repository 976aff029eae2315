/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-formats"

#include "config.h"

#include <string.h>

#include "dc-collection-import-private.h"

/*
 * The import is driven by column names, not by knowing every app: each header cell is
 * folded (case, spaces and punctuation dropped) and looked up here. A format only adds
 * what its columns cannot say (its condition words, its currency, quirks). An unknown
 * CSV whose columns are named like anyone else's imports as "csv".
 *
 * Deliberately absent: a bare "Price" (the market price in Deckbox, TCGplayer and
 * TopDecked exports, the asking price in Cardmarket's — never what was paid), "Cost"
 * (Deckbox's mana cost) and "Amount" (money or copies, depending on the app).
 */

typedef struct
{
  const char *header;
  DcColumn    column;
} Synonym;

static const Synonym synonyms[] = {
  { "quantity", DC_COLUMN_QUANTITY },
  { "count", DC_COLUMN_QUANTITY },
  { "qty", DC_COLUMN_QUANTITY },
  { "copies", DC_COLUMN_QUANTITY },
  { "owned", DC_COLUMN_QUANTITY },
  { "quantityowned", DC_COLUMN_QUANTITY },
  { "regqty", DC_COLUMN_QUANTITY },            /* Delver Lens */
  { "regularqty", DC_COLUMN_QUANTITY },
  { "groupcount", DC_COLUMN_QUANTITY },        /* Cardmarket */
  { "foilqty", DC_COLUMN_FOIL_QUANTITY },
  { "foilquantity", DC_COLUMN_FOIL_QUANTITY },
  { "foilcount", DC_COLUMN_FOIL_QUANTITY },

  { "name", DC_COLUMN_NAME },
  { "cardname", DC_COLUMN_NAME },
  { "card", DC_COLUMN_NAME },
  { "englishname", DC_COLUMN_NAME },
  { "simplename", DC_COLUMN_SIMPLE_NAME },

  { "set", DC_COLUMN_SET },
  { "edition", DC_COLUMN_SET },
  { "expansion", DC_COLUMN_SET },
  { "setcode", DC_COLUMN_SET_CODE },
  { "editioncode", DC_COLUMN_SET_CODE },
  { "expansioncode", DC_COLUMN_SET_CODE },
  { "setid", DC_COLUMN_SET_CODE },             /* MTGGoldfish */
  { "setabbreviation", DC_COLUMN_SET_CODE },
  { "setabbr", DC_COLUMN_SET_CODE },
  { "setname", DC_COLUMN_SET_NAME },
  { "editionname", DC_COLUMN_SET_NAME },
  { "expansionname", DC_COLUMN_SET_NAME },

  { "collectornumber", DC_COLUMN_COLLECTOR_NUMBER },
  { "collectornum", DC_COLUMN_COLLECTOR_NUMBER },
  { "collectorno", DC_COLUMN_COLLECTOR_NUMBER },
  { "collector#", DC_COLUMN_COLLECTOR_NUMBER },
  { "cardnumber", DC_COLUMN_COLLECTOR_NUMBER },
  { "card#", DC_COLUMN_COLLECTOR_NUMBER },
  { "number", DC_COLUMN_COLLECTOR_NUMBER },
  { "cn", DC_COLUMN_COLLECTOR_NUMBER },

  { "scryfallid", DC_COLUMN_SCRYFALL_ID },
  { "scryfalluuid", DC_COLUMN_SCRYFALL_ID },
  { "scryfallcardid", DC_COLUMN_SCRYFALL_ID },
  { "scryfall", DC_COLUMN_SCRYFALL_ID },
  { "id", DC_COLUMN_ID },                      /* TopDecked */
  { "cardid", DC_COLUMN_ID },
  { "tcgplayerid", DC_COLUMN_TCGPLAYER_ID },
  { "tcgplayerproductid", DC_COLUMN_TCGPLAYER_ID },
  { "tcgproductid", DC_COLUMN_TCGPLAYER_ID },
  { "tcgid", DC_COLUMN_TCGPLAYER_ID },
  { "productid", DC_COLUMN_TCGPLAYER_ID },     /* TCGplayer */
  { "cardmarketid", DC_COLUMN_CARDMARKET_ID },
  { "cardmarketproductid", DC_COLUMN_CARDMARKET_ID },
  { "idproduct", DC_COLUMN_CARDMARKET_ID },    /* Cardmarket */
  { "mkmid", DC_COLUMN_CARDMARKET_ID },
  { "mkmproductid", DC_COLUMN_CARDMARKET_ID },
  { "mcmid", DC_COLUMN_CARDMARKET_ID },

  { "foil", DC_COLUMN_FINISH },
  { "finish", DC_COLUMN_FINISH },
  { "printing", DC_COLUMN_FINISH },            /* TCGplayer, Dragon Shield */
  { "isfoil", DC_COLUMN_FINISH },              /* Cardmarket */
  { "foiling", DC_COLUMN_FINISH },

  { "condition", DC_COLUMN_CONDITION },
  { "cond", DC_COLUMN_CONDITION },
  { "cardcondition", DC_COLUMN_CONDITION },

  { "language", DC_COLUMN_LANGUAGE },
  { "lang", DC_COLUMN_LANGUAGE },
  { "languagecode", DC_COLUMN_LANGUAGE },
  { "cardlanguage", DC_COLUMN_LANGUAGE },
  { "idlanguage", DC_COLUMN_CARDMARKET_LANGUAGE },

  { "purchaseprice", DC_COLUMN_PRICE },
  { "pricebought", DC_COLUMN_PRICE },          /* Dragon Shield */
  { "boughtprice", DC_COLUMN_PRICE },
  { "buyprice", DC_COLUMN_PRICE },
  { "acquiredprice", DC_COLUMN_PRICE },        /* TopDecked */
  { "acquisitionprice", DC_COLUMN_PRICE },
  { "acquired", DC_COLUMN_PRICE },             /* Delver Lens */
  { "myprice", DC_COLUMN_PRICE },              /* Deckbox */
  { "pricepaid", DC_COLUMN_PRICE },
  { "paid", DC_COLUMN_PRICE },
  { "costbasis", DC_COLUMN_PRICE },
  { "unitprice", DC_COLUMN_PRICE },            /* order exports */
  { "purchasepricecurrency", DC_COLUMN_CURRENCY },
  { "acquisitioncurrency", DC_COLUMN_CURRENCY },
  { "pricecurrency", DC_COLUMN_CURRENCY },
  { "currency", DC_COLUMN_CURRENCY },

  { "acquiredon", DC_COLUMN_ACQUIRED },
  { "acquireddate", DC_COLUMN_ACQUIRED },
  { "dateacquired", DC_COLUMN_ACQUIRED },
  { "acquisitiondate", DC_COLUMN_ACQUIRED },
  { "datebought", DC_COLUMN_ACQUIRED },
  { "purchasedate", DC_COLUMN_ACQUIRED },
  { "datepurchased", DC_COLUMN_ACQUIRED },
  { "added", DC_COLUMN_ACQUIRED },             /* ManaBox */
  { "dateadded", DC_COLUMN_ACQUIRED },         /* Archidekt */
  { "lastmodified", DC_COLUMN_ACQUIRED },      /* Moxfield: the best date it gives */

  { "notes", DC_COLUMN_NOTES },
  { "note", DC_COLUMN_NOTES },
  { "comment", DC_COLUMN_NOTES },
  { "comments", DC_COLUMN_NOTES },
  { "tags", DC_COLUMN_TAGS },
  { "tag", DC_COLUMN_TAGS },
  { "foldername", DC_COLUMN_FOLDER },
  { "folder", DC_COLUMN_FOLDER },
  { "bindername", DC_COLUMN_FOLDER },
  { "binder", DC_COLUMN_FOLDER },

  { "signed", DC_COLUMN_SIGNED },
  { "issigned", DC_COLUMN_SIGNED },
  { "signing", DC_COLUMN_SIGNED },
  { "altered", DC_COLUMN_ALTERED },
  { "alter", DC_COLUMN_ALTERED },
  { "alteredart", DC_COLUMN_ALTERED },
  { "isaltered", DC_COLUMN_ALTERED },
  { "alteration", DC_COLUMN_ALTERED },
  { "proxy", DC_COLUMN_PROXY },
  { "misprint", DC_COLUMN_MISPRINT },
  { "isplayset", DC_COLUMN_PLAYSET },
};

DcColumn
_dc_import_column_for_header (const char *folded_header)
{
  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (strcmp (folded_header, synonyms[i].header) == 0)
      return synonyms[i].column;
  return DC_COLUMN_NONE;
}

/* Most specific first only matters for ties; detection picks the longest signature. */
static const DcImportFormat formats[] = {
  {
    "dualcaster", "Dualcaster Deals",
    { "scryfallid acquisitionprice acquisitioncurrency acquiredon", NULL },
    DC_CONDITION_DIALECT_ANY, NULL, { { NULL, NULL } }, 0,
  },
  {
    "manabox", "ManaBox",
    { "manaboxid", NULL },
    DC_CONDITION_DIALECT_MANABOX, NULL, { { NULL, NULL } }, 0,
  },
  {
    "moxfield", "Moxfield",
    { "tradelistcount lastmodified", "tradelistcount alter proxy", NULL },
    DC_CONDITION_DIALECT_MOXFIELD, NULL, { { NULL, NULL } }, DC_FORMAT_SET_IS_CODE,
  },
  {
    "deckbox", "Deckbox",
    { "tradelistcount editioncode", "tradelistcount printingid",
      "tradelistcount cardnumber", NULL },
    DC_CONDITION_DIALECT_DECKBOX, "USD", { { NULL, NULL } }, DC_FORMAT_ZERO_PRICE_UNSET,
  },
  {
    "tcgplayer", "TCGplayer",
    { "simplename productid", "productid sku", "quantity name setcode printing", NULL },
    DC_CONDITION_DIALECT_TCGPLAYER, "USD", { { NULL, NULL } }, 0,
  },
  {
    "dragonshield", "Dragon Shield",
    { "foldername tradequantity", "cardname setcode printing pricebought", NULL },
    DC_CONDITION_DIALECT_DRAGON_SHIELD, NULL,
    /* Cardmarket's price guide columns mean euros, TCGplayer's mean dollars. */
    { { "trend", "EUR" }, { "avg", "EUR" }, { "market", "USD" }, { "mid", "USD" } },
    DC_FORMAT_ZERO_PRICE_UNSET,
  },
  {
    "delverlens", "Delver Lens",
    { "regqty foilqty", NULL },
    DC_CONDITION_DIALECT_ANY, NULL, { { NULL, NULL } }, DC_FORMAT_ZERO_PRICE_UNSET,
  },
  {
    "archidekt", "Archidekt",
    { "editioncode editionname multiverseid", "finish dateadded editioncode", NULL },
    DC_CONDITION_DIALECT_MOXFIELD, NULL, { { NULL, NULL } }, 0,
  },
  {
    "topdecked", "TopDecked",
    { "acquireddate acquiredprice pricesale", "setcode acquireddate signing alteration", NULL },
    DC_CONDITION_DIALECT_ANY, NULL, { { NULL, NULL } }, 0,
  },
  {
    "mtggoldfish", "MTGGoldfish",
    { "card setid variation", NULL },
    DC_CONDITION_DIALECT_ANY, NULL, { { NULL, NULL } }, 0,
  },
  {
    "cardmarket", "Cardmarket",
    { "idproduct groupcount", "idproduct idlanguage", NULL },
    DC_CONDITION_DIALECT_CARDMARKET, "EUR", { { NULL, NULL } }, 0,
  },
  {
    "marketplace-order", "Marketplace order",
    { "seller package# itemtype", "seller package# cardname", NULL },
    DC_CONDITION_DIALECT_TCGPLAYER, "USD", { { NULL, NULL } }, 0,
  },
};

/* Any CSV with recognisable columns. */
static const DcImportFormat generic_format = {
  "csv", "CSV", { NULL }, DC_CONDITION_DIALECT_ANY, NULL, { { NULL, NULL } }, 0,
};

static const DcImportFormat text_format = {
  "text", "Plain text list", { NULL }, DC_CONDITION_DIALECT_ANY, NULL, { { NULL, NULL } }, 0,
};

const DcImportFormat *
_dc_import_format_generic (void)
{
  return &generic_format;
}

const DcImportFormat *
_dc_import_format_lookup (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (name, formats[i].name) == 0)
      return &formats[i];
  if (g_ascii_strcasecmp (name, generic_format.name) == 0)
    return &generic_format;
  if (g_ascii_strcasecmp (name, text_format.name) == 0)
    return &text_format;
  return NULL;
}

static gboolean
has_header (const char * const *folded_headers,
            guint                n_headers,
            const char          *name)
{
  for (guint i = 0; i < n_headers; i++)
    if (strcmp (folded_headers[i], name) == 0)
      return TRUE;
  return FALSE;
}

const DcImportFormat *
_dc_import_format_detect (const char * const *folded_headers,
                          guint                n_headers)
{
  const DcImportFormat *best = NULL;
  guint best_size = 0;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (guint s = 0; s < G_N_ELEMENTS (formats[i].signatures) && formats[i].signatures[s]; s++)
      {
        g_auto(GStrv) names = g_strsplit (formats[i].signatures[s], " ", -1);
        guint size = g_strv_length (names);
        gboolean all = TRUE;

        for (guint n = 0; names[n] && all; n++)
          all = has_header (folded_headers, n_headers, names[n]);
        if (all && size > best_size)
          {
            best = &formats[i];
            best_size = size;
          }
      }
  return best;
}

const char *const *
dc_collection_import_formats (void)
{
  /* The table's order, then text lists. */
  static const char *const names[] = {
    "dualcaster", "manabox", "moxfield", "deckbox", "tcgplayer", "dragonshield", "delverlens",
    "archidekt", "topdecked", "mtggoldfish", "cardmarket", "marketplace-order", "text", NULL,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (formats) + 2);
  return names;
}

const char *
dc_collection_format_display_name (const char *format)
{
  const DcImportFormat *f = _dc_import_format_lookup (format);

  return f ? f->display_name : NULL;
}

/* Cardmarket's idLanguage. */
static const char *const cardmarket_languages[] = {
  NULL, "en", "fr", "de", "es", "it", "zhs", "ja", "pt", "ru", "ko", "zht",
};

const char *
_dc_cardmarket_language (gint64 id_language)
{
  if (id_language < 1 || id_language >= (gint64) G_N_ELEMENTS (cardmarket_languages))
    return NULL;
  return cardmarket_languages[id_language];
}

int
_dc_cardmarket_language_id (const char *code)
{
  for (guint i = 1; i < G_N_ELEMENTS (cardmarket_languages); i++)
    if (g_strcmp0 (code, cardmarket_languages[i]) == 0)
      return (int) i;
  return 0;
}
