/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-condition"

#include "config.h"

#include <string.h>

#include "dc-condition.h"
#include "dc-label-private.h"

/*
 * Every app's condition labels, mapped onto our six grades (DESIGN §4).
 *
 * US scale (TCGplayer, Moxfield, Deckbox): Mint, Near Mint, Lightly Played, Moderately
 * Played, Heavily Played, Damaged — one to one, except that Deckbox (and Moxfield's
 * export, which copies Deckbox) says "Good (Lightly Played)" for LP, "Played" for MP and
 * "Poor" for DMG.
 *
 * European scale (Cardmarket 1–7, and ManaBox and Dragon Shield, which use it too) has
 * seven grades for our six, so two share one:
 *
 *   Cardmarket      ManaBox          Dragon Shield   ours
 *   1 MT Mint       mint             Mint            M
 *   2 NM Near Mint  near_mint        NearMint        NM
 *   3 EX Excellent  excellent        Excellent       LP
 *   4 GD Good       good             Good            MP
 *   5 LP Light Pl.  light_played     LightPlayed     MP
 *   6 PL Played     played           Played          HP
 *   7 PO Poor       poor             Poor            DMG
 *
 * so European "Light Played" and "Played" are one grade lower than the US words that look
 * alike, and "LP" means MP in the Cardmarket dialect only. ManaBox also accepts the US
 * long forms (lightly_played, moderately_played, heavily_played, damaged).
 *
 * DC_CONDITION_DIALECT_ANY tries the canonical codes first, then the US tables, then the
 * European ones, so an ambiguous label takes its US meaning ("Played" is MP, "LP" is LP).
 * Cardmarket's bare numbers are accepted only in the Cardmarket dialect.
 */

typedef struct
{
  const char  *label;
  DcCondition  condition;
} Entry;

static const Entry canonical_table[] = {
  { "M", DC_CONDITION_M },
  { "NM", DC_CONDITION_NM },
  { "LP", DC_CONDITION_LP },
  { "MP", DC_CONDITION_MP },
  { "HP", DC_CONDITION_HP },
  { "DMG", DC_CONDITION_DMG },
  { NULL, 0 },
};

static const Entry manabox_table[] = {
  { "mint", DC_CONDITION_M },
  { "near_mint", DC_CONDITION_NM },
  { "excellent", DC_CONDITION_LP },
  { "good", DC_CONDITION_MP },
  { "light_played", DC_CONDITION_MP },
  { "played", DC_CONDITION_HP },
  { "poor", DC_CONDITION_DMG },
  { "lightly_played", DC_CONDITION_LP },
  { "moderately_played", DC_CONDITION_MP },
  { "heavily_played", DC_CONDITION_HP },
  { "damaged", DC_CONDITION_DMG },
  { NULL, 0 },
};

static const Entry deckbox_table[] = {
  { "Mint", DC_CONDITION_M },
  { "Near Mint", DC_CONDITION_NM },
  { "Good (Lightly Played)", DC_CONDITION_LP },
  { "Played", DC_CONDITION_MP },
  { "Heavily Played", DC_CONDITION_HP },
  { "Poor", DC_CONDITION_DMG },
  { NULL, 0 },
};

static const Entry moxfield_table[] = {
  { "M", DC_CONDITION_M },
  { "NM", DC_CONDITION_NM },
  { "LP", DC_CONDITION_LP },
  { "MP", DC_CONDITION_MP },
  { "HP", DC_CONDITION_HP },
  { "D", DC_CONDITION_DMG },
  { "DMG", DC_CONDITION_DMG },
  { "Mint", DC_CONDITION_M },
  { "Near Mint", DC_CONDITION_NM },
  { "Lightly Played", DC_CONDITION_LP },
  { "Moderately Played", DC_CONDITION_MP },
  { "Heavily Played", DC_CONDITION_HP },
  { "Damaged", DC_CONDITION_DMG },
  /* Moxfield's CSV export writes Deckbox's words. */
  { "Good (Lightly Played)", DC_CONDITION_LP },
  { "Played", DC_CONDITION_MP },
  { NULL, 0 },
};

static const Entry tcgplayer_table[] = {
  { "Near Mint", DC_CONDITION_NM },
  { "Lightly Played", DC_CONDITION_LP },
  { "Moderately Played", DC_CONDITION_MP },
  { "Heavily Played", DC_CONDITION_HP },
  { "Damaged", DC_CONDITION_DMG },
  { "NM", DC_CONDITION_NM },
  { "LP", DC_CONDITION_LP },
  { "MP", DC_CONDITION_MP },
  { "HP", DC_CONDITION_HP },
  { "DMG", DC_CONDITION_DMG },
  { NULL, 0 },
};

static const Entry dragon_shield_table[] = {
  { "Mint", DC_CONDITION_M },
  { "NearMint", DC_CONDITION_NM },
  { "Excellent", DC_CONDITION_LP },
  { "Good", DC_CONDITION_MP },
  { "LightPlayed", DC_CONDITION_MP },
  { "Played", DC_CONDITION_HP },
  { "Poor", DC_CONDITION_DMG },
  { NULL, 0 },
};

static const Entry cardmarket_table[] = {
  { "1", DC_CONDITION_M },
  { "2", DC_CONDITION_NM },
  { "3", DC_CONDITION_LP },
  { "4", DC_CONDITION_MP },
  { "5", DC_CONDITION_MP },
  { "6", DC_CONDITION_HP },
  { "7", DC_CONDITION_DMG },
  { "MT", DC_CONDITION_M },
  { "NM", DC_CONDITION_NM },
  { "EX", DC_CONDITION_LP },
  { "GD", DC_CONDITION_MP },
  { "LP", DC_CONDITION_MP },
  { "PL", DC_CONDITION_HP },
  { "PO", DC_CONDITION_DMG },
  { "Mint", DC_CONDITION_M },
  { "Near Mint", DC_CONDITION_NM },
  { "Excellent", DC_CONDITION_LP },
  { "Good", DC_CONDITION_MP },
  { "Light Played", DC_CONDITION_MP },
  { "Played", DC_CONDITION_HP },
  { "Poor", DC_CONDITION_DMG },
  { NULL, 0 },
};

/* The order DC_CONDITION_DIALECT_ANY tries them in; see the comment at the top. */
static const Entry *const any_tables[] = {
  canonical_table,
  tcgplayer_table,
  moxfield_table,
  deckbox_table,
  manabox_table,
  dragon_shield_table,
  cardmarket_table,
};

static const Entry *
table_for_dialect (DcConditionDialect dialect)
{
  switch (dialect)
    {
    case DC_CONDITION_DIALECT_MANABOX:
      return manabox_table;
    case DC_CONDITION_DIALECT_DECKBOX:
      return deckbox_table;
    case DC_CONDITION_DIALECT_MOXFIELD:
      return moxfield_table;
    case DC_CONDITION_DIALECT_TCGPLAYER:
      return tcgplayer_table;
    case DC_CONDITION_DIALECT_DRAGON_SHIELD:
      return dragon_shield_table;
    case DC_CONDITION_DIALECT_CARDMARKET:
      return cardmarket_table;
    case DC_CONDITION_DIALECT_ANY:
    default:
      return NULL;
    }
}

static DcCondition
lookup (const Entry *table,
        const char  *key,
        gboolean     allow_numbers)
{
  for (guint i = 0; table[i].label != NULL; i++)
    {
      g_autofree char *label = _dc_label_fold (table[i].label);

      if (!allow_numbers && g_ascii_isdigit (label[0]))
        continue;
      if (strcmp (label, key) == 0)
        return table[i].condition;
    }
  return DC_CONDITION_UNKNOWN;
}

static DcCondition
lookup_dialect (const char         *key,
                DcConditionDialect  dialect)
{
  const Entry *table = table_for_dialect (dialect);
  DcCondition condition;

  if (table != NULL)
    return lookup (table, key, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (any_tables); i++)
    if ((condition = lookup (any_tables[i], key, FALSE)) != DC_CONDITION_UNKNOWN)
      return condition;
  return DC_CONDITION_UNKNOWN;
}

const char *
dc_condition_to_string (DcCondition condition)
{
  switch (condition)
    {
    case DC_CONDITION_M:
      return "M";
    case DC_CONDITION_NM:
      return "NM";
    case DC_CONDITION_LP:
      return "LP";
    case DC_CONDITION_MP:
      return "MP";
    case DC_CONDITION_HP:
      return "HP";
    case DC_CONDITION_DMG:
      return "DMG";
    case DC_CONDITION_UNKNOWN:
    default:
      return NULL;
    }
}

DcCondition
dc_condition_from_string (const char *code)
{
  if (code == NULL)
    return DC_CONDITION_UNKNOWN;
  for (guint i = 0; canonical_table[i].label != NULL; i++)
    if (g_ascii_strcasecmp (code, canonical_table[i].label) == 0)
      return canonical_table[i].condition;
  return DC_CONDITION_UNKNOWN;
}

DcCondition
dc_condition_parse_label (const char         *text,
                          DcConditionDialect  dialect,
                          gboolean           *out_foil)
{
  static const char *const foil_suffixes[] = { "holofoil", "foil" };
  g_autofree char *key = NULL;
  DcCondition condition;

  if (out_foil)
    *out_foil = FALSE;
  if (text == NULL)
    return DC_CONDITION_UNKNOWN;

  key = _dc_label_fold (text);
  if (*key == '\0')
    return DC_CONDITION_UNKNOWN;
  if ((condition = lookup_dialect (key, dialect)) != DC_CONDITION_UNKNOWN)
    return condition;

  /* TCGplayer's "Near Mint Foil", "Lightly Played Holofoil". */
  if (dialect != DC_CONDITION_DIALECT_ANY && dialect != DC_CONDITION_DIALECT_TCGPLAYER)
    return DC_CONDITION_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (foil_suffixes); i++)
    {
      gsize key_len = strlen (key), suffix_len = strlen (foil_suffixes[i]);

      if (key_len > suffix_len && g_str_has_suffix (key, foil_suffixes[i]))
        {
          key[key_len - suffix_len] = '\0';
          condition = lookup_dialect (key, dialect);
          if (condition != DC_CONDITION_UNKNOWN && out_foil)
            *out_foil = TRUE;
          return condition;
        }
    }
  return DC_CONDITION_UNKNOWN;
}

DcCondition
dc_condition_parse_dialect (const char         *text,
                            DcConditionDialect  dialect)
{
  return dc_condition_parse_label (text, dialect, NULL);
}

int
dc_condition_rank (DcCondition condition)
{
  return condition >= DC_CONDITION_DMG && condition <= DC_CONDITION_M ? (int) condition : 0;
}

int
dc_condition_multiplier_permille (DcCondition condition)
{
  switch (condition)
    {
    case DC_CONDITION_M:
    case DC_CONDITION_NM:
      return 1000;
    case DC_CONDITION_LP:
      return 850;
    case DC_CONDITION_MP:
      return 700;
    case DC_CONDITION_HP:
      return 550;
    case DC_CONDITION_DMG:
      return 400;
    case DC_CONDITION_UNKNOWN:
    default:
      return 0;
    }
}

const char *
dc_condition_to_dialect (DcCondition         condition,
                         DcConditionDialect  dialect)
{
  /* Indexed by DcCondition: UNKNOWN, DMG, HP, MP, LP, NM, M. Each label reads back to the
   * same grade in its dialect, except TCGplayer, which has no Mint. */
  static const char *const manabox[] = {
    NULL, "poor", "played", "good", "excellent", "near_mint", "mint"
  };
  static const char *const deckbox[] = {
    NULL, "Poor", "Heavily Played", "Played", "Good (Lightly Played)", "Near Mint", "Mint"
  };
  static const char *const moxfield[] = {
    NULL, "Damaged", "Heavily Played", "Played", "Good (Lightly Played)", "Near Mint", "Mint"
  };
  static const char *const tcgplayer[] = {
    NULL, "Damaged", "Heavily Played", "Moderately Played", "Lightly Played", "Near Mint",
    "Near Mint"
  };
  static const char *const dragon_shield[] = {
    NULL, "Poor", "Played", "Good", "Excellent", "NearMint", "Mint"
  };
  static const char *const cardmarket[] = {
    NULL, "PO", "PL", "GD", "EX", "NM", "MT"
  };

  if (condition < DC_CONDITION_DMG || condition > DC_CONDITION_M)
    return NULL;

  switch (dialect)
    {
    case DC_CONDITION_DIALECT_MANABOX:
      return manabox[condition];
    case DC_CONDITION_DIALECT_DECKBOX:
      return deckbox[condition];
    case DC_CONDITION_DIALECT_MOXFIELD:
      return moxfield[condition];
    case DC_CONDITION_DIALECT_TCGPLAYER:
      return tcgplayer[condition];
    case DC_CONDITION_DIALECT_DRAGON_SHIELD:
      return dragon_shield[condition];
    case DC_CONDITION_DIALECT_CARDMARKET:
      return cardmarket[condition];
    case DC_CONDITION_DIALECT_ANY:
    default:
      return dc_condition_to_string (condition);
    }
}

int
dc_condition_to_cardmarket_grade (DcCondition condition)
{
  static const int grades[] = { 0, 7, 6, 4, 3, 2, 1 };

  if (condition < DC_CONDITION_DMG || condition > DC_CONDITION_M)
    return 0;
  return grades[condition];
}
