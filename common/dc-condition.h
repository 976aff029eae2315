/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ranked so that comparisons read naturally: M > NM > … > DMG. */
typedef enum
{
  DC_CONDITION_UNKNOWN = 0,
  DC_CONDITION_DMG = 1,
  DC_CONDITION_HP = 2,
  DC_CONDITION_MP = 3,
  DC_CONDITION_LP = 4,
  DC_CONDITION_NM = 5,
  DC_CONDITION_M = 6,
} DcCondition;

typedef enum
{
  DC_CONDITION_DIALECT_ANY = 0, /* try every table below */
  DC_CONDITION_DIALECT_MANABOX,
  DC_CONDITION_DIALECT_DECKBOX,
  DC_CONDITION_DIALECT_MOXFIELD,
  DC_CONDITION_DIALECT_TCGPLAYER,
  DC_CONDITION_DIALECT_DRAGON_SHIELD,
  DC_CONDITION_DIALECT_CARDMARKET,
} DcConditionDialect;

/* "M", "NM", "LP", "MP", "HP", "DMG"; NULL for DC_CONDITION_UNKNOWN. */
const char  *dc_condition_to_string       (DcCondition         condition);
/* The canonical codes only (case-insensitive); DC_CONDITION_UNKNOWN otherwise. */
DcCondition  dc_condition_from_string     (const char         *code);
/* An app's label in @dialect (case, spaces, '_' and '-' ignored); see dc-condition.c for
 * the tables. DC_CONDITION_UNKNOWN when the label is not in the table. */
DcCondition  dc_condition_parse_dialect   (const char         *text,
                                           DcConditionDialect  dialect);
/* As dc_condition_parse_dialect(), and also accepts TCGplayer's " Foil" / " Holofoil"
 * suffix ("Near Mint Foil"), reporting it in @out_foil (nullable). */
DcCondition  dc_condition_parse_label     (const char         *text,
                                           DcConditionDialect  dialect,
                                           gboolean           *out_foil);
int          dc_condition_rank            (DcCondition         condition);
/* Valuation multiplier in thousandths: M/NM 1000, LP 850, MP 700, HP 550, DMG 400. */
int          dc_condition_multiplier_permille (DcCondition     condition);
/* The label an export in @dialect writes; the canonical code for DC_CONDITION_DIALECT_ANY. */
const char  *dc_condition_to_dialect      (DcCondition         condition,
                                           DcConditionDialect  dialect);
/* Cardmarket's numeric grade 1 (MT) … 7 (PO) for @condition; 0 for unknown. */
int          dc_condition_to_cardmarket_grade (DcCondition     condition);

G_END_DECLS
