/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The matching rules and quality score of DESIGN §7.2, each on a case worked by hand. */
#include "config.h"

#include "dc-common.h"

/* Real printings from data/demo/cards.jsonl.gz with the USD prices that file states. */
#define BOLT_FCA    "e89794ab-6070-4916-936f-2b42fe41d31b" /* $3.76, foil $7.68 */
#define BOLT_MSC    "7673784e-db4b-43a1-8d55-1bb9fc1e284f" /* $0.82 */
#define BOLT_ORACLE "4457ed35-7c10-48c8-9776-456485fdf070"
#define COUNTER_FCA "e1e48b21-1a4f-4708-a4b4-e2e296df924c" /* $2.80 */
#define COUNTER_ORACLE "counterspell-oracle"
#define SOL_RING    "14dbce79-1fcc-4cc9-bf38-7729e44a411e" /* $1.38 */
#define SOL_ORACLE  "sol-ring-oracle"

static DcMatchHave
have (const char  *id,
      const char  *card_id,
      const char  *oracle_id,
      DcFinish     finish,
      DcCondition  condition,
      int          quantity,
      gint64       price)
{
  DcMatchHave h = {
    .id = id, .card_id = card_id, .oracle_id = oracle_id, .finish = finish,
    .language = "en", .condition = condition, .quantity = quantity,
    .has_price = price >= 0, .price = MAX (price, 0),
  };
  return h;
}

static DcMatchWant
want (const char  *id,
      const char  *card_id,
      const char  *oracle_id,
      DcFinish     finish,
      DcCondition  condition_min,
      int          quantity)
{
  DcMatchWant w = {
    .id = id, .card_id = card_id, .oracle_id = oracle_id, .finish = finish,
    .language = "any", .condition_min = condition_min, .quantity = quantity,
    .priority = DC_WANT_PRIORITY_MEDIUM,
  };
  return w;
}

static void
assert_sides_equal (const DcMatchSide *a,
                    const DcMatchSide *b)
{
  g_assert_cmpuint (a->entries, ==, b->entries);
  g_assert_cmpint (a->copies, ==, b->copies);
  g_assert_cmpint (a->value, ==, b->value);
  g_assert_cmpint (a->condition_penalty, ==, b->condition_penalty);
}

static void
test_tiers (void)
{
  static const struct { gint64 score; DcTier tier; const char *name; } cases[] = {
    { -5, DC_TIER_NEW, "new" }, { 0, DC_TIER_NEW, "new" }, { 99, DC_TIER_NEW, "new" },
    { 100, DC_TIER_BRONZE, "bronze" }, { 299, DC_TIER_BRONZE, "bronze" },
    { 300, DC_TIER_SILVER, "silver" }, { 599, DC_TIER_SILVER, "silver" },
    { 600, DC_TIER_GOLD, "gold" }, { 899, DC_TIER_GOLD, "gold" },
    { 900, DC_TIER_PLATINUM, "platinum" }, { 1199, DC_TIER_PLATINUM, "platinum" },
    { 1200, DC_TIER_DIAMOND, "diamond" }, { 100000, DC_TIER_DIAMOND, "diamond" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (dc_tier_from_score (cases[i].score), ==, cases[i].tier);
      g_assert_cmpstr (dc_tier_to_string (cases[i].tier), ==, cases[i].name);
      g_assert_cmpint (dc_tier_from_string (cases[i].name), ==, cases[i].tier);
    }
  g_assert_cmpint (dc_tier_from_string ("GOLD"), ==, DC_TIER_GOLD);
  g_assert_cmpint (dc_tier_from_string ("mythic"), ==, DC_TIER_NEW);
  g_assert_cmpint (dc_tier_from_string (NULL), ==, DC_TIER_NEW);
}

static void
test_value_balance (void)
{
  /* int(10.00 / 30.00 × 40) = int(13.33) = 13 */
  g_assert_cmpint (dc_match_value_balance (1000, 3000), ==, 13);
  g_assert_cmpint (dc_match_value_balance (3000, 1000), ==, 13);
  /* int(12.34 / 56.78 × 40) = int(8.693) = 8 */
  g_assert_cmpint (dc_match_value_balance (1234, 5678), ==, 8);
  /* int(29.99 / 30.00 × 40) = int(39.987) = 39: only equal values make 40 */
  g_assert_cmpint (dc_match_value_balance (2999, 3000), ==, 39);
  g_assert_cmpint (dc_match_value_balance (3000, 3000), ==, 40);
  /* 0 if either side is worth nothing */
  g_assert_cmpint (dc_match_value_balance (0, 3000), ==, 0);
  g_assert_cmpint (dc_match_value_balance (3000, 0), ==, 0);
  g_assert_cmpint (dc_match_value_balance (0, 0), ==, 0);
}

static void
test_total_value (void)
{
  static const struct { gint64 cents; int points; } cases[] = {
    { 50000, 20 },   /* $500.00 ≥ $500 */
    { 123456, 20 },
    { 49999, 15 },   /* $499.99 ≥ $200 */
    { 20000, 15 },
    { 19999, 10 },   /* $199.99 ≥ $50 */
    { 5000, 10 },
    { 4999, 9 },     /* int($49.99 / 5) = int(9.998) = 9, not 999 (cents / 5) */
    { 3064, 6 },     /* int($30.64 / 5) = int(6.128) = 6 */
    { 2500, 5 },     /* int($25.00 / 5) = 5 */
    { 2499, 4 },     /* int($24.99 / 5) = int(4.998) = 4 */
    { 500, 1 },      /* int($5.00 / 5) = 1 */
    { 499, 0 },      /* int($4.99 / 5) = 0 */
    { 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("total %" G_GINT64_FORMAT " cents", cases[i].cents);
      g_assert_cmpint (dc_match_total_value (cases[i].cents), ==, cases[i].points);
    }
}

static void
test_card_variety (void)
{
  g_assert_cmpint (dc_match_card_variety (1, 1), ==, 4);   /* 2 × (1 + 1) */
  g_assert_cmpint (dc_match_card_variety (3, 4), ==, 14);  /* 2 × (3 + 4) */
  g_assert_cmpint (dc_match_card_variety (4, 4), ==, 15);  /* min(15, 16) */
  g_assert_cmpint (dc_match_card_variety (40, 2), ==, 15); /* min(15, 84) */
  g_assert_cmpint (dc_match_card_variety (0, 0), ==, 0);
}

/* Entries, not copies: 4 copies of one card are one entry. */
static void
test_card_variety_counts_entries (void)
{
  DcMatchHave h = have ("h", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 4, 376);
  DcMatchWant w = want ("w", BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 4);
  g_autoptr(GArray) entries = dc_match_build_entries (&h, 1, &w, 1);
  DcMatchSide side;

  dc_match_side_from_entries (&side, entries);
  g_assert_cmpuint (side.entries, ==, 1);
  g_assert_cmpint (side.copies, ==, 4);
  /* 2 × (1 + 1) = 4, not 2 × (4 + 1) */
  g_assert_cmpint (dc_match_card_variety (side.entries, 1), ==, 4);
}

static void
test_condition_match (void)
{
  DcMatchHave haves[] = {
    have ("h-nm", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1, 376),
    have ("h-mp", COUNTER_FCA, COUNTER_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_MP, 1, 280),
    have ("h-dmg", SOL_RING, SOL_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_DMG, 1, 138),
  };
  DcMatchWant wants[] = {
    want ("w-bolt", BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_LP, 1),
    want ("w-counter", COUNTER_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_LP, 1),
    want ("w-sol", SOL_RING, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1),
  };
  DcMatchEntry entry = { 0 };
  DcMatchSide side;

  /* NM (5) over a LP (4) minimum: gap +1, no penalty */
  dc_match_side_init (&side);
  g_assert_true (dc_match_entry_init (&entry, &haves[0], &wants[0]));
  g_assert_cmpint (entry.condition_gap, ==, 1);
  dc_match_side_add (&side, &entry);
  dc_match_entry_clear (&entry);
  g_assert_cmpint (side.condition_penalty, ==, 0);
  g_assert_cmpint (dc_match_condition_match (side.condition_penalty), ==, 10);

  /* MP (3) under LP (4): gap −1, penalty 5 × −1 = −5 → 10 − 5 = 5 */
  g_assert_true (dc_match_entry_init (&entry, &haves[1], &wants[1]));
  g_assert_cmpint (entry.condition_gap, ==, -1);
  dc_match_side_add (&side, &entry);
  dc_match_entry_clear (&entry);
  g_assert_cmpint (side.condition_penalty, ==, -5);
  g_assert_cmpint (dc_match_condition_match (side.condition_penalty), ==, 5);

  /* DMG (1) under NM (5): gap −4, penalty −5 − 20 = −25 → max(−10, 10 − 25) = −10 */
  g_assert_true (dc_match_entry_init (&entry, &haves[2], &wants[2]));
  g_assert_cmpint (entry.condition_gap, ==, -4);
  dc_match_side_add (&side, &entry);
  dc_match_entry_clear (&entry);
  g_assert_cmpint (side.condition_penalty, ==, -25);
  g_assert_cmpint (dc_match_condition_match (side.condition_penalty), ==, -10);

  /* Positive gaps never add above 10: min(10, 10 + 0) */
  g_assert_cmpint (dc_match_condition_match (0), ==, 10);
  /* 10 + 5 × (−1) + 5 × (−2) = −5 */
  g_assert_cmpint (dc_match_condition_match (-15), ==, -5);
}

/* Condition scores but never excludes: a damaged card still matches a NM-or-better want. */
static void
test_condition_never_excludes (void)
{
  DcMatchHave h = have ("h", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_DMG, 1, 376);
  DcMatchWant w = want ("w", BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_M, 1);

  g_assert_true (dc_match_have_satisfies (&h, &w));
}

static void
test_trust_bonus (void)
{
  /* 2 × tier index */
  g_assert_cmpint (dc_match_trust_bonus (DC_TIER_NEW), ==, 0);
  g_assert_cmpint (dc_match_trust_bonus (DC_TIER_BRONZE), ==, 2);
  g_assert_cmpint (dc_match_trust_bonus (DC_TIER_SILVER), ==, 4);
  g_assert_cmpint (dc_match_trust_bonus (DC_TIER_GOLD), ==, 6);
  g_assert_cmpint (dc_match_trust_bonus (DC_TIER_PLATINUM), ==, 8);
  g_assert_cmpint (dc_match_trust_bonus (DC_TIER_DIAMOND), ==, 10);
  /* score 350 is silver → 4 */
  g_assert_cmpint (dc_match_trust_bonus (dc_tier_from_score (350)), ==, 4);
}

static void
test_locality_bonus (void)
{
  g_assert_cmpint (dc_match_locality_bonus (FALSE, FALSE), ==, 0);
  g_assert_cmpint (dc_match_locality_bonus (TRUE, FALSE), ==, 5);
  g_assert_cmpint (dc_match_locality_bonus (FALSE, TRUE), ==, 5);
  g_assert_cmpint (dc_match_locality_bonus (TRUE, TRUE), ==, 5);
}

static void
test_geo (void)
{
  /* One degree of longitude on the equator: 3959 × π / 180 = 69.0976 miles */
  g_assert_cmpfloat_with_epsilon (dc_geo_distance_miles (0, 0, 0, 1), 69.0976, 0.001);
  /* Equator to pole: 3959 × π / 2 = 6218.78 miles */
  g_assert_cmpfloat_with_epsilon (dc_geo_distance_miles (0, 0, 90, 0), 6218.78, 0.01);
  /* Antipodes: 3959 × π = 12437.57 miles (no NaN from rounding) */
  g_assert_cmpfloat_with_epsilon (dc_geo_distance_miles (0, 0, 0, 180), 12437.57, 0.01);
  /* New York City to Los Angeles, about 2,446 miles */
  g_assert_cmpfloat_with_epsilon (dc_geo_distance_miles (40.7128, -74.0060, 34.0522, -118.2437),
                                  2445.71, 0.01);
  g_assert_cmpfloat (dc_geo_distance_miles (51.5, -0.12, 51.5, -0.12), ==, 0.0);

  /* Local means within my radius, inclusive */
  g_assert_true (dc_geo_is_local (69.0976, 70));
  g_assert_false (dc_geo_is_local (69.0976, 69));
  g_assert_true (dc_geo_is_local (50.0, 50));
  g_assert_true (dc_geo_is_local (0.0, 1));
}

static void
test_unit_value (void)
{
  DcMatchHave h = have ("h", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1, 376);

  g_assert_cmpint (dc_match_have_unit_value (&h), ==, 376);
  /* min_trade_value $10.00 is higher than $3.76: the have is worth $10.00 */
  h.has_min_trade_value = TRUE;
  h.min_trade_value = 1000;
  g_assert_cmpint (dc_match_have_unit_value (&h), ==, 1000);
  /* a lower min_trade_value changes nothing */
  h.min_trade_value = 200;
  g_assert_cmpint (dc_match_have_unit_value (&h), ==, 376);
  /* no price: the minimum, or $0.00 */
  h.has_price = FALSE;
  g_assert_cmpint (dc_match_have_unit_value (&h), ==, 200);
  h.has_min_trade_value = FALSE;
  g_assert_cmpint (dc_match_have_unit_value (&h), ==, 0);
}

static void
test_printing_rules (void)
{
  DcMatchHave fca = have ("h1", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1, 376);
  DcMatchHave msc = have ("h2", BOLT_MSC, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1, 82);
  DcMatchHave counter = have ("h3", COUNTER_FCA, COUNTER_ORACLE, DC_FINISH_NONFOIL,
                              DC_CONDITION_NM, 1, 280);
  DcMatchWant printing = want ("w1", BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1);
  DcMatchWant any = want ("w2", NULL, BOLT_ORACLE, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1);
  DcMatchEntry entry = { 0 };

  /* A printing want takes that printing only. */
  g_assert_true (dc_match_have_satisfies (&fca, &printing));
  g_assert_false (dc_match_have_satisfies (&msc, &printing));
  /* An any-printing want takes every printing of the card, and no other card. */
  g_assert_true (dc_match_have_satisfies (&fca, &any));
  g_assert_true (dc_match_have_satisfies (&msc, &any));
  g_assert_false (dc_match_have_satisfies (&counter, &any));
  /* The entry is the printing the have holds, valued at that printing's price. */
  g_assert_true (dc_match_entry_init (&entry, &msc, &any));
  g_assert_cmpstr (entry.card_id, ==, BOLT_MSC);
  g_assert_cmpstr (entry.have_id, ==, "h2");
  g_assert_cmpstr (entry.want_id, ==, "w2");
  g_assert_cmpint (entry.unit_value, ==, 82);
  dc_match_entry_clear (&entry);
}

static void
test_finish_rules (void)
{
  DcMatchHave nonfoil = have ("h1", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1,
                              376);
  DcMatchHave foil = have ("h2", BOLT_FCA, BOLT_ORACLE, DC_FINISH_FOIL, DC_CONDITION_NM, 1, 768);
  DcMatchHave etched = have ("h3", BOLT_FCA, BOLT_ORACLE, DC_FINISH_ETCHED, DC_CONDITION_NM, 1,
                             -1);
  DcMatchWant w = want ("w", NULL, BOLT_ORACLE, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1);
  DcMatchEntry entry = { 0 };

  /* any */
  g_assert_true (dc_match_have_satisfies (&nonfoil, &w));
  g_assert_true (dc_match_have_satisfies (&foil, &w));
  g_assert_true (dc_match_have_satisfies (&etched, &w));
  w.finish = DC_FINISH_FOIL;
  g_assert_false (dc_match_have_satisfies (&nonfoil, &w));
  g_assert_true (dc_match_have_satisfies (&foil, &w));
  g_assert_false (dc_match_have_satisfies (&etched, &w));
  w.finish = DC_FINISH_NONFOIL;
  g_assert_true (dc_match_have_satisfies (&nonfoil, &w));
  g_assert_false (dc_match_have_satisfies (&foil, &w));
  w.finish = DC_FINISH_ETCHED;
  g_assert_true (dc_match_have_satisfies (&etched, &w));
  g_assert_false (dc_match_have_satisfies (&foil, &w));

  /* The foil's own price: $7.68, not the nonfoil $3.76 */
  w.finish = DC_FINISH_FOIL;
  g_assert_true (dc_match_entry_init (&entry, &foil, &w));
  g_assert_cmpint (entry.unit_value, ==, 768);
  g_assert_cmpint (entry.finish, ==, DC_FINISH_FOIL);
  dc_match_entry_clear (&entry);
}

static void
test_language_rules (void)
{
  DcMatchHave h = have ("h", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1, 376);
  DcMatchWant w = want ("w", BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1);

  h.language = "ja";
  w.language = "any";
  g_assert_true (dc_match_have_satisfies (&h, &w));
  w.language = "ja";
  g_assert_true (dc_match_have_satisfies (&h, &w));
  w.language = "JA";
  g_assert_true (dc_match_have_satisfies (&h, &w));
  w.language = "en";
  g_assert_false (dc_match_have_satisfies (&h, &w));
  h.language = "en";
  g_assert_true (dc_match_have_satisfies (&h, &w));
}

static void
test_max_trade_value (void)
{
  DcMatchHave h = have ("h", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1, 376);
  DcMatchWant w = want ("w", BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1);

  w.has_max_trade_value = TRUE;
  /* $5.00 ≥ $3.76 */
  w.max_trade_value = 500;
  g_assert_true (dc_match_have_satisfies (&h, &w));
  /* $3.76 ≥ $3.76: equal is fine */
  w.max_trade_value = 376;
  g_assert_true (dc_match_have_satisfies (&h, &w));
  /* $3.75 < $3.76 */
  w.max_trade_value = 375;
  g_assert_false (dc_match_have_satisfies (&h, &w));
  /* The have's min_trade_value raises its value to $10.00, above the $5.00 ceiling */
  w.max_trade_value = 500;
  h.has_min_trade_value = TRUE;
  h.min_trade_value = 1000;
  g_assert_false (dc_match_have_satisfies (&h, &w));
  w.max_trade_value = 1000;
  g_assert_true (dc_match_have_satisfies (&h, &w));
  /* Unset: no ceiling */
  w.has_max_trade_value = FALSE;
  w.max_trade_value = 0;
  g_assert_true (dc_match_have_satisfies (&h, &w));
}

static void
test_partial_quantities (void)
{
  DcMatchHave h = have ("h", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 2, 376);
  DcMatchWant w = want ("w", BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 4);
  DcMatchEntry entry = { 0 };

  /* I want 4, they offer 2: copies = min(4, 2) = 2, value 2 × $3.76 = $7.52 */
  g_assert_true (dc_match_entry_init (&entry, &h, &w));
  g_assert_cmpint (entry.copies, ==, 2);
  g_assert_cmpint (entry.value, ==, 752);
  dc_match_entry_clear (&entry);

  /* I want 1, they offer 3: copies = min(1, 3) = 1, value $3.76 */
  h.quantity = 3;
  w.quantity = 1;
  g_assert_true (dc_match_entry_init (&entry, &h, &w));
  g_assert_cmpint (entry.copies, ==, 1);
  g_assert_cmpint (entry.value, ==, 376);
  dc_match_entry_clear (&entry);
}

/* A have satisfying two wants gives each copy once; a want satisfied by two haves takes
 * no more than it asks for, best condition first. */
static void
test_shared_copies (void)
{
  DcMatchHave one[] = {
    have ("h-fca", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 4, 376),
  };
  DcMatchWant two[] = {
    want ("w-any", NULL, BOLT_ORACLE, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 3),
    want ("w-fca", BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 2),
  };
  DcMatchHave haves[] = {
    have ("h-lp", BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_LP, 2, 376),
    have ("h-nm", BOLT_MSC, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 2, 82),
  };
  DcMatchWant single = want ("w", NULL, BOLT_ORACLE, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 3);
  g_autoptr(GArray) a = dc_match_build_entries (one, 1, two, 2);
  g_autoptr(GArray) b = dc_match_build_entries (haves, 2, &single, 1);
  DcMatchEntry *e;
  DcMatchSide side;

  /* The printing want first: 2 of the 4; the any-printing want gets the other 2 of the 3
   * it asks for. Pairwise min() would have counted 2 + 3 = 5 copies of a have of 4. */
  g_assert_cmpuint (a->len, ==, 2);
  e = &g_array_index (a, DcMatchEntry, 0);
  g_assert_cmpstr (e->want_id, ==, "w-fca");
  g_assert_cmpint (e->copies, ==, 2);
  e = &g_array_index (a, DcMatchEntry, 1);
  g_assert_cmpstr (e->want_id, ==, "w-any");
  g_assert_cmpint (e->copies, ==, 2);
  dc_match_side_from_entries (&side, a);
  /* 4 copies × $3.76 = $15.04 in 2 entries */
  g_assert_cmpint (side.copies, ==, 4);
  g_assert_cmpint (side.value, ==, 1504);
  g_assert_cmpuint (side.entries, ==, 2);

  /* 3 wanted: both NM copies (MSC, $0.82) then 1 LP copy (FCA, $3.76) */
  g_assert_cmpuint (b->len, ==, 2);
  e = &g_array_index (b, DcMatchEntry, 0);
  g_assert_cmpstr (e->have_id, ==, "h-nm");
  g_assert_cmpint (e->copies, ==, 2);
  g_assert_cmpint (e->condition_gap, ==, 0);
  e = &g_array_index (b, DcMatchEntry, 1);
  g_assert_cmpstr (e->have_id, ==, "h-lp");
  g_assert_cmpint (e->copies, ==, 1);
  g_assert_cmpint (e->condition_gap, ==, -1);
  dc_match_side_from_entries (&side, b);
  /* 2 × $0.82 + 1 × $3.76 = $5.40; penalty 5 × (−1) = −5 */
  g_assert_cmpint (side.value, ==, 540);
  g_assert_cmpint (side.condition_penalty, ==, -5);

  /* The same totals without making the entries. */
  {
    DcMatchSide direct;

    dc_match_side_from_pairs (&direct, haves, 2, &single, 1);
    assert_sides_equal (&direct, &side);
    dc_match_side_from_entries (&side, a);
    dc_match_side_from_pairs (&direct, one, 1, two, 2);
    assert_sides_equal (&direct, &side);
    g_assert_cmpint (direct.copies, ==, 4);
  }
}

/* Long lists: 40 single copies (alternately NM and LP) against a want of 35 any printing
 * and 40 wants of one copy each: 35 entries, the 20 NM copies first, then 15 LP; and
 * 40 entries of one copy. */
static void
test_long_lists (void)
{
  DcMatchHave haves[40];
  DcMatchWant wants[40];
  DcMatchWant big = want ("w-big", NULL, BOLT_ORACLE, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 35);
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autofree char *ids = g_new0 (char, 40 * 8);
  DcMatchSide side, direct;

  for (int i = 0; i < 40; i++)
    {
      char *id = ids + i * 8;

      g_snprintf (id, 8, "h%02d", i);
      haves[i] = have (id, BOLT_FCA, BOLT_ORACLE, DC_FINISH_NONFOIL,
                       i % 2 ? DC_CONDITION_LP : DC_CONDITION_NM, 1, 376);
      wants[i] = want (id, BOLT_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1);
    }
  a = dc_match_build_entries (haves, 40, &big, 1);
  g_assert_cmpuint (a->len, ==, 35);
  dc_match_side_from_entries (&side, a);
  /* 35 × $3.76 = $131.60; 15 LP copies below NM: 15 × 5 × (−1) = −75 */
  g_assert_cmpint (side.value, ==, 13160);
  g_assert_cmpint (side.condition_penalty, ==, -75);
  g_assert_cmpint (g_array_index (a, DcMatchEntry, 19).condition, ==, DC_CONDITION_NM);
  g_assert_cmpint (g_array_index (a, DcMatchEntry, 20).condition, ==, DC_CONDITION_LP);
  dc_match_side_from_pairs (&direct, haves, 40, &big, 1);
  assert_sides_equal (&direct, &side);

  b = dc_match_build_entries (haves, 40, wants, 40);
  g_assert_cmpuint (b->len, ==, 40);
  dc_match_side_from_entries (&side, b);
  dc_match_side_from_pairs (&direct, haves, 40, wants, 40);
  assert_sides_equal (&direct, &side);
  g_assert_cmpint (side.copies, ==, 40);
}

/* A whole match, every term by hand.
 *
 * They give me (cards_for_me):
 *   Counterspell FCA, NM, 2 offered; my any-printing want, 2, LP or better:
 *     copies min(2, 2) = 2, unit $2.80, value $5.60, gap NM 5 − LP 4 = +1
 *   Sol Ring TMC, LP, 1 offered at min_trade_value $2.00 (price $1.38); my printing want,
 *   NM or better: copies 1, unit max($1.38, $2.00) = $2.00, value $2.00, gap 4 − 5 = −1
 *   my_value = $5.60 + $2.00 = $7.60
 * I give them (cards_for_them):
 *   Lightning Bolt FCA foil, MP, 3 offered; their any-printing foil want of 4, LP or better:
 *     copies min(4, 3) = 3, unit $7.68, value $23.04, gap MP 3 − LP 4 = −1
 *   their_value = $23.04
 *
 * value_balance   = int(7.60 / 23.04 × 40) = int(13.19) = 13
 * total_value     = t = $30.64 < $50 → int(30.64 / 5) = int(6.128) = 6
 * card_variety    = min(15, 2 × (2 + 1)) = 6
 * condition_match = max(−10, min(10, 10 + 5 × (−1) + 5 × (−1))) = 0
 * trust_bonus     = silver (score 350) = index 2 → 2 × 2 = 4
 * locality_bonus  = local → 5
 * quality         = 13 + 6 + 6 + 0 + 4 + 5 = 34
 */
static void
test_worked_match (void)
{
  DcMatchHave their_haves[] = {
    have ("t-counter", COUNTER_FCA, COUNTER_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 2, 280),
    have ("t-sol", SOL_RING, SOL_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_LP, 1, 138),
    /* nothing of mine wants this one */
    have ("t-bolt", BOLT_MSC, BOLT_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1, 82),
  };
  DcMatchWant my_wants[] = {
    want ("m-counter", NULL, COUNTER_ORACLE, DC_FINISH_UNKNOWN, DC_CONDITION_LP, 2),
    want ("m-sol", SOL_RING, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1),
  };
  DcMatchHave my_haves[] = {
    have ("m-bolt", BOLT_FCA, BOLT_ORACLE, DC_FINISH_FOIL, DC_CONDITION_MP, 3, 768),
  };
  DcMatchWant their_wants[] = {
    want ("t-want-bolt", NULL, BOLT_ORACLE, DC_FINISH_FOIL, DC_CONDITION_LP, 4),
  };
  g_autoptr(GArray) for_me = NULL;
  g_autoptr(GArray) for_them = NULL;
  DcMatchSide me, them;
  DcMatchScore score;

  their_haves[1].has_min_trade_value = TRUE;
  their_haves[1].min_trade_value = 200;
  for_me = dc_match_build_entries (their_haves, G_N_ELEMENTS (their_haves),
                                   my_wants, G_N_ELEMENTS (my_wants));
  for_them = dc_match_build_entries (my_haves, 1, their_wants, 1);
  dc_match_side_from_entries (&me, for_me);
  dc_match_side_from_entries (&them, for_them);
  {
    DcMatchSide direct;

    dc_match_side_from_pairs (&direct, their_haves, G_N_ELEMENTS (their_haves), my_wants,
                              G_N_ELEMENTS (my_wants));
    assert_sides_equal (&direct, &me);
    dc_match_side_from_pairs (&direct, my_haves, 1, their_wants, 1);
    assert_sides_equal (&direct, &them);
  }

  g_assert_cmpuint (me.entries, ==, 2);
  g_assert_cmpint (me.value, ==, 760);
  g_assert_cmpint (me.condition_penalty, ==, -5);
  g_assert_cmpuint (them.entries, ==, 1);
  g_assert_cmpint (them.copies, ==, 3);
  g_assert_cmpint (them.value, ==, 2304);
  g_assert_cmpint (them.condition_penalty, ==, -5);

  g_assert_true (dc_match_is_two_way (&me, &them));
  dc_match_score_compute (&score, &me, &them, dc_tier_from_score (350), TRUE, FALSE);
  g_assert_cmpint (score.value_balance, ==, 13);
  g_assert_cmpint (score.total_value, ==, 6);
  g_assert_cmpint (score.card_variety, ==, 6);
  g_assert_cmpint (score.condition_match, ==, 0);
  g_assert_cmpint (score.trust_bonus, ==, 4);
  g_assert_cmpint (score.locality_bonus, ==, 5);
  g_assert_cmpint (score.quality, ==, 34);

  /* The same match with a new member far away, sharing no server: 34 − 4 − 5 = 25 */
  dc_match_score_compute (&score, &me, &them, DC_TIER_NEW, FALSE, FALSE);
  g_assert_cmpint (score.quality, ==, 25);
  /* … who shares a Discord server with me: +5 = 30 */
  dc_match_score_compute (&score, &me, &them, DC_TIER_NEW, FALSE, TRUE);
  g_assert_cmpint (score.locality_bonus, ==, 5);
  g_assert_cmpint (score.quality, ==, 30);
}

/* The best possible match scores 100 and the sum never leaves 0–100.
 *
 * Best: $300 each way → balance int(1 × 40) = 40; t = $600 ≥ $500 → 20; 4 + 4 entries →
 * min(15, 16) = 15; no negative gap → 10; diamond → 10; local → 5: 40+20+15+10+10+5 = 100.
 * Worst: one $0 entry each way (no prices) with gaps −5 and −3 → balance 0, total 0,
 * variety 2 × 2 = 4, condition max(−10, 10 − 25 − 15) = −10, new 0, far 0: 4 − 10 = −6 → 0.
 */
static void
test_quality_clamp (void)
{
  DcMatchSide best = { .entries = 4, .copies = 4, .value = 30000, .condition_penalty = 0 };
  DcMatchSide poor_me = { .entries = 1, .copies = 1, .value = 0, .condition_penalty = -25 };
  DcMatchSide poor_them = { .entries = 1, .copies = 1, .value = 0, .condition_penalty = -15 };
  DcMatchScore score;

  dc_match_score_compute (&score, &best, &best, DC_TIER_DIAMOND, TRUE, TRUE);
  g_assert_cmpint (score.value_balance, ==, 40);
  g_assert_cmpint (score.total_value, ==, 20);
  g_assert_cmpint (score.card_variety, ==, 15);
  g_assert_cmpint (score.condition_match, ==, 10);
  g_assert_cmpint (score.trust_bonus, ==, 10);
  g_assert_cmpint (score.locality_bonus, ==, 5);
  g_assert_cmpint (score.quality, ==, 100);

  dc_match_score_compute (&score, &poor_me, &poor_them, DC_TIER_NEW, FALSE, FALSE);
  g_assert_cmpint (score.card_variety, ==, 4);
  g_assert_cmpint (score.condition_match, ==, -10);
  g_assert_cmpint (score.quality, ==, 0);
}

/* They have what I want, but want nothing I have: no match, every term 0. */
static void
test_one_way_overlap (void)
{
  DcMatchHave their_have = have ("t", COUNTER_FCA, COUNTER_ORACLE, DC_FINISH_NONFOIL,
                                 DC_CONDITION_NM, 4, 280);
  DcMatchWant my_want = want ("m", COUNTER_FCA, NULL, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 4);
  DcMatchHave my_have = have ("mh", SOL_RING, SOL_ORACLE, DC_FINISH_NONFOIL, DC_CONDITION_NM, 1,
                              138);
  /* they want a Lightning Bolt, which I don't offer */
  DcMatchWant their_want = want ("tw", NULL, BOLT_ORACLE, DC_FINISH_UNKNOWN, DC_CONDITION_NM, 1);
  g_autoptr(GArray) for_me = dc_match_build_entries (&their_have, 1, &my_want, 1);
  g_autoptr(GArray) for_them = dc_match_build_entries (&my_have, 1, &their_want, 1);
  DcMatchSide me, them;
  DcMatchScore score;

  dc_match_side_from_entries (&me, for_me);
  dc_match_side_from_entries (&them, for_them);
  g_assert_cmpuint (me.entries, ==, 1);
  g_assert_cmpint (me.value, ==, 1120);   /* 4 × $2.80 */
  g_assert_cmpuint (them.entries, ==, 0);
  g_assert_false (dc_match_is_two_way (&me, &them));
  g_assert_false (dc_match_is_two_way (&them, &me));

  dc_match_score_compute (&score, &me, &them, DC_TIER_DIAMOND, TRUE, TRUE);
  g_assert_cmpint (score.quality, ==, 0);
  g_assert_cmpint (score.trust_bonus, ==, 0);
  g_assert_cmpint (score.locality_bonus, ==, 0);
  g_assert_cmpint (score.condition_match, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/MatchScore/tiers", test_tiers);
  g_test_add_func ("/Dc/MatchScore/value-balance", test_value_balance);
  g_test_add_func ("/Dc/MatchScore/total-value", test_total_value);
  g_test_add_func ("/Dc/MatchScore/card-variety", test_card_variety);
  g_test_add_func ("/Dc/MatchScore/card-variety-counts-entries", test_card_variety_counts_entries);
  g_test_add_func ("/Dc/MatchScore/condition-match", test_condition_match);
  g_test_add_func ("/Dc/MatchScore/condition-never-excludes", test_condition_never_excludes);
  g_test_add_func ("/Dc/MatchScore/trust-bonus", test_trust_bonus);
  g_test_add_func ("/Dc/MatchScore/locality-bonus", test_locality_bonus);
  g_test_add_func ("/Dc/MatchScore/geo", test_geo);
  g_test_add_func ("/Dc/MatchScore/unit-value", test_unit_value);
  g_test_add_func ("/Dc/MatchScore/printing-rules", test_printing_rules);
  g_test_add_func ("/Dc/MatchScore/finish-rules", test_finish_rules);
  g_test_add_func ("/Dc/MatchScore/language-rules", test_language_rules);
  g_test_add_func ("/Dc/MatchScore/max-trade-value", test_max_trade_value);
  g_test_add_func ("/Dc/MatchScore/partial-quantities", test_partial_quantities);
  g_test_add_func ("/Dc/MatchScore/shared-copies", test_shared_copies);
  g_test_add_func ("/Dc/MatchScore/long-lists", test_long_lists);
  g_test_add_func ("/Dc/MatchScore/worked-match", test_worked_match);
  g_test_add_func ("/Dc/MatchScore/quality-clamp", test_quality_clamp);
  g_test_add_func ("/Dc/MatchScore/one-way-overlap", test_one_way_overlap);
  return g_test_run ();
}
