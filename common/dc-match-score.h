/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dc-condition.h"
#include "dc-finish.h"
#include "dc-list-items.h"

G_BEGIN_DECLS

/*
 * Two-way trade matching (DESIGN §7.2), as pure functions: which have satisfies which
 * want, the entries a pair of lists makes, and the quality score of a match. Money is
 * in USD minor units (cents) throughout; nothing here knows SQL or HTTP.
 */

/**
 * DcTier:
 *
 * Reputation tiers (DESIGN §7.5) in order; the index is what the trust bonus counts.
 */
typedef enum
{
  DC_TIER_NEW = 0,     /* score 0–99 */
  DC_TIER_BRONZE,      /* 100–299 */
  DC_TIER_SILVER,      /* 300–599 */
  DC_TIER_GOLD,        /* 600–899 */
  DC_TIER_PLATINUM,    /* 900–1199 */
  DC_TIER_DIAMOND,     /* ≥ 1200 */
} DcTier;

/* The tier of a reputation score (negative scores count as 0). */
DcTier      dc_tier_from_score (gint64      score);
/* "new", "bronze", "silver", "gold", "platinum", "diamond". */
const char *dc_tier_to_string  (DcTier      tier);
/* The names above (case-insensitive); DC_TIER_NEW for anything else. */
DcTier      dc_tier_from_string (const char *text);

/**
 * DcMatchHave:
 *
 * A have item seen through its inventory item: the printing, finish, language and
 * condition come from the inventory row, the quantity offered from the have row.
 * @price is the current USD TCGplayer price of that printing and finish, when known.
 * Strings are borrowed.
 */
typedef struct
{
  const char  *id;
  const char  *card_id;        /* Scryfall printing id */
  const char  *oracle_id;      /* nullable */
  DcFinish     finish;
  const char  *language;
  DcCondition  condition;
  int          quantity;
  gboolean     has_min_trade_value;
  gint64       min_trade_value;
  gboolean     has_price;
  gint64       price;
} DcMatchHave;

/**
 * DcMatchWant:
 *
 * A want item: either a printing (@card_id) or any printing of a card (@oracle_id).
 * @finish DC_FINISH_UNKNOWN and @language "any" accept every finish and language.
 * Strings are borrowed.
 */
typedef struct
{
  const char     *id;
  const char     *card_id;     /* nullable: any printing */
  const char     *oracle_id;   /* set when @card_id is NULL */
  DcFinish        finish;
  const char     *language;
  DcCondition     condition_min;
  int             quantity;
  gboolean        has_max_trade_value;
  gint64          max_trade_value;
  DcWantPriority  priority;
} DcMatchWant;

/**
 * DcMatchEntry:
 *
 * One matched (have, want) pair: @copies change hands at @unit_value each, so the entry
 * is worth @value. @condition_gap is rank(have condition) − rank(want's minimum); negative
 * means worse than asked. Strings are owned (dc_match_entry_clear()).
 */
typedef struct
{
  char        *have_id;
  char        *want_id;
  char        *card_id;
  char        *language;
  DcFinish     finish;
  DcCondition  condition;
  int          copies;
  gint64       unit_value;
  gint64       value;
  int          condition_gap;
} DcMatchEntry;

void      dc_match_entry_clear          (DcMatchEntry      *entry);

/* The price of the have's printing and finish (0 when unknown), raised to its
 * min_trade_value when that is higher. */
gint64    dc_match_have_unit_value      (const DcMatchHave *have);
/* The matching rule: same printing (or same oracle id for an any-printing want), the
 * finish satisfies the want, the language is equal or the want says "any", and the
 * want's max_trade_value, when set, is at least the have's unit value. Condition never
 * excludes. */
gboolean  dc_match_have_satisfies       (const DcMatchHave *have,
                                         const DcMatchWant *want);
/* Fills @entry for one pair with copies = min(want quantity, have quantity); FALSE (and
 * @entry untouched) when the have does not satisfy the want. */
gboolean  dc_match_entry_init           (DcMatchEntry      *entry,
                                         const DcMatchHave *have,
                                         const DcMatchWant *want);
/* Every entry between one side's haves and the other side's wants. Each want takes
 * copies from the haves that satisfy it until its quantity is met, and a have gives no
 * more copies than it offers, so one copy is never counted twice when a have satisfies
 * several wants (a printing want and an any-printing want of the same card) or a want
 * several haves. Printing wants are served first, then by priority; a want takes the
 * best-conditioned have first. For a single pair this is min(want, have) copies.
 * Returns a GArray of DcMatchEntry (cleared on free). */
GArray   *dc_match_build_entries        (const DcMatchHave *haves,
                                         guint              n_haves,
                                         const DcMatchWant *wants,
                                         guint              n_wants);

/**
 * DcMatchSide:
 *
 * The totals of one direction of a match (cards_for_me or cards_for_them).
 * @condition_penalty is Σ 5 × gap over the entries whose gap is negative.
 */
typedef struct
{
  guint  entries;
  int    copies;
  gint64 value;
  int    condition_penalty;
} DcMatchSide;

void      dc_match_side_init            (DcMatchSide        *side);
void      dc_match_side_add             (DcMatchSide        *side,
                                         const DcMatchEntry *entry);
void      dc_match_side_from_entries    (DcMatchSide        *side,
                                         GArray             *entries);
/* The totals dc_match_build_entries() would give, without making the entries (for
 * scoring many pairs and describing only the best). */
void      dc_match_side_from_pairs      (DcMatchSide        *side,
                                         const DcMatchHave  *haves,
                                         guint               n_haves,
                                         const DcMatchWant  *wants,
                                         guint               n_wants);

/* The six terms of the quality score (DESIGN §7.2). Values are in cents. */
int       dc_match_value_balance        (gint64             my_value,
                                         gint64             their_value);
int       dc_match_total_value          (gint64             total_value);
int       dc_match_card_variety         (guint              entries_for_me,
                                         guint              entries_for_them);
int       dc_match_condition_match      (int                condition_penalty);
int       dc_match_trust_bonus          (DcTier             partner_tier);
int       dc_match_locality_bonus       (gboolean           is_local,
                                         gboolean           shares_server);

typedef struct
{
  int value_balance;
  int total_value;
  int card_variety;
  int condition_match;
  int trust_bonus;
  int locality_bonus;
  int quality;           /* the sum, clamped to 0–100 */
} DcMatchScore;

/* A match needs entries both ways; dc_match_score_compute() gives a one-way overlap 0 in
 * every term. */
gboolean  dc_match_is_two_way           (const DcMatchSide *for_me,
                                         const DcMatchSide *for_them);
void      dc_match_score_compute        (DcMatchScore      *score,
                                         const DcMatchSide *for_me,
                                         const DcMatchSide *for_them,
                                         DcTier             partner_tier,
                                         gboolean           is_local,
                                         gboolean           shares_server);

G_END_DECLS
