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

const char  *dc_condition_to_string       (DcCondition         condition);
DcCondition  dc_condition_from_string     (const char         *code);
DcCondition  dc_condition_parse_dialect   (const char         *text,
                                           DcConditionDialect  dialect);
int          dc_condition_rank            (DcCondition         condition);
/* Valuation multiplier in thousandths: M/NM 1000, LP 850, MP 700, HP 550, DMG 400. */
int          dc_condition_multiplier_permille (DcCondition     condition);
const char  *dc_condition_to_dialect      (DcCondition         condition,
                                           DcConditionDialect  dialect);

G_END_DECLS
