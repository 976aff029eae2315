/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-match-score"

#include "config.h"

#include <string.h>

#include "dc-match-score.h"

static const char * const tier_names[] = {
  "new", "bronze", "silver", "gold", "platinum", "diamond",
};

/* The lowest score of each tier above "new" (DESIGN §7.5). */
static const gint64 tier_floors[] = { 100, 300, 600, 900, 1200 };

DcTier
dc_tier_from_score (gint64 score)
{
  DcTier tier = DC_TIER_NEW;

  for (guint i = 0; i < G_N_ELEMENTS (tier_floors); i++)
    if (score >= tier_floors[i])
      tier = (DcTier) (i + 1);
  return tier;
}

const char *
dc_tier_to_string (DcTier tier)
{
  return (guint) tier < G_N_ELEMENTS (tier_names) ? tier_names[tier] : "new";
}

DcTier
dc_tier_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (tier_names); i++)
    if (g_ascii_strcasecmp (text, tier_names[i]) == 0)
      return (DcTier) i;
  return DC_TIER_NEW;
}

void
dc_match_entry_clear (DcMatchEntry *entry)
{
  g_clear_pointer (&entry->have_id, g_free);
  g_clear_pointer (&entry->want_id, g_free);
  g_clear_pointer (&entry->card_id, g_free);
  g_clear_pointer (&entry->language, g_free);
}

gint64
dc_match_have_unit_value (const DcMatchHave *have)
{
  gint64 value;

  g_return_val_if_fail (have != NULL, 0);

  value = have->has_price ? have->price : 0;
  if (have->has_min_trade_value && have->min_trade_value > value)
    value = have->min_trade_value;
  return value;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return a != NULL && b != NULL && g_ascii_strcasecmp (a, b) == 0;
}

gboolean
dc_match_have_satisfies (const DcMatchHave *have,
                         const DcMatchWant *want)
{
  g_return_val_if_fail (have != NULL && want != NULL, FALSE);

  if (want->card_id != NULL)
    {
      if (!same_text (have->card_id, want->card_id))
        return FALSE;
    }
  else if (!same_text (have->oracle_id, want->oracle_id))
    return FALSE;

  if (want->finish != DC_FINISH_UNKNOWN && want->finish != have->finish)
    return FALSE;
  if (!same_text (want->language, "any") && !same_text (want->language, have->language))
    return FALSE;
  if (want->has_max_trade_value && want->max_trade_value < dc_match_have_unit_value (have))
    return FALSE;
  return TRUE;
}

static void
entry_fill (DcMatchEntry      *entry,
            const DcMatchHave *have,
            const DcMatchWant *want,
            int                copies)
{
  entry->have_id = g_strdup (have->id);
  entry->want_id = g_strdup (want->id);
  entry->card_id = g_strdup (have->card_id);
  entry->language = g_strdup (have->language);
  entry->finish = have->finish;
  entry->condition = have->condition;
  entry->copies = copies;
  entry->unit_value = dc_match_have_unit_value (have);
  entry->value = entry->unit_value * copies;
  entry->condition_gap = dc_condition_rank (have->condition) -
                         dc_condition_rank (want->condition_min);
}

gboolean
dc_match_entry_init (DcMatchEntry      *entry,
                     const DcMatchHave *have,
                     const DcMatchWant *want)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  if (!dc_match_have_satisfies (have, want))
    return FALSE;
  memset (entry, 0, sizeof *entry);
  entry_fill (entry, have, want, MIN (have->quantity, want->quantity));
  return TRUE;
}

typedef struct
{
  const DcMatchHave *haves;
  const DcMatchWant *wants;
} SortContext;

static int
compare_wants (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SortContext *context = user_data;
  const DcMatchWant *x = &context->wants[*(const guint *) a];
  const DcMatchWant *y = &context->wants[*(const guint *) b];

  /* A printing want can use only that printing; an any-printing want can use what is
   * left, so printing wants go first. */
  if ((x->card_id != NULL) != (y->card_id != NULL))
    return x->card_id != NULL ? -1 : 1;
  if (x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static int
compare_haves (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SortContext *context = user_data;
  const DcMatchHave *x = &context->haves[*(const guint *) a];
  const DcMatchHave *y = &context->haves[*(const guint *) b];
  int rx = dc_condition_rank (x->condition), ry = dc_condition_rank (y->condition);

  if (rx != ry)
    return rx > ry ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* The allocation of copies between @haves and @wants, adding each entry to @entries and/or
 * to @side (either may be NULL). */
static void
allocate (const DcMatchHave *haves,
          guint              n_haves,
          const DcMatchWant *wants,
          guint              n_wants,
          GArray            *entries,
          DcMatchSide       *side)
{
  /* A pair of lists is usually short: no allocation then (this runs for every partner). */
  guint want_buf[32], have_buf[32];
  int left_buf[32];
  g_autofree guint *want_heap = n_wants > 32 ? g_new (guint, n_wants) : NULL;
  g_autofree guint *have_heap = n_haves > 32 ? g_new (guint, n_haves) : NULL;
  g_autofree int *left_heap = n_haves > 32 ? g_new (int, n_haves) : NULL;
  guint *want_order = want_heap ? want_heap : want_buf;
  guint *have_order = have_heap ? have_heap : have_buf;
  int *left = left_heap ? left_heap : left_buf;
  SortContext context = { haves, wants };

  for (guint i = 0; i < n_wants; i++)
    want_order[i] = i;
  for (guint i = 0; i < n_haves; i++)
    {
      have_order[i] = i;
      left[i] = haves[i].quantity;
    }
  g_qsort_with_data (want_order, n_wants, sizeof (guint), compare_wants, &context);
  g_qsort_with_data (have_order, n_haves, sizeof (guint), compare_haves, &context);

  for (guint w = 0; w < n_wants; w++)
    {
      const DcMatchWant *want = &wants[want_order[w]];
      int needed = want->quantity;

      for (guint h = 0; h < n_haves && needed > 0; h++)
        {
          guint index = have_order[h];
          int copies;

          if (left[index] <= 0 || !dc_match_have_satisfies (&haves[index], want))
            continue;
          copies = MIN (needed, left[index]);
          needed -= copies;
          left[index] -= copies;
          if (side != NULL)
            {
              gint64 unit_value = dc_match_have_unit_value (&haves[index]);
              int gap = dc_condition_rank (haves[index].condition) -
                        dc_condition_rank (want->condition_min);

              side->entries++;
              side->copies += copies;
              side->value += unit_value * copies;
              if (gap < 0)
                side->condition_penalty += 5 * gap;
            }
          if (entries != NULL)
            {
              DcMatchEntry entry = { 0 };

              entry_fill (&entry, &haves[index], want, copies);
              g_array_append_val (entries, entry);
            }
        }
    }
}

GArray *
dc_match_build_entries (const DcMatchHave *haves,
                        guint              n_haves,
                        const DcMatchWant *wants,
                        guint              n_wants)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (DcMatchEntry));

  g_array_set_clear_func (entries, (GDestroyNotify) dc_match_entry_clear);
  g_return_val_if_fail (n_haves == 0 || haves != NULL, entries);
  g_return_val_if_fail (n_wants == 0 || wants != NULL, entries);

  allocate (haves, n_haves, wants, n_wants, entries, NULL);
  return entries;
}

void
dc_match_side_from_pairs (DcMatchSide       *side,
                          const DcMatchHave *haves,
                          guint              n_haves,
                          const DcMatchWant *wants,
                          guint              n_wants)
{
  g_return_if_fail (side != NULL);

  dc_match_side_init (side);
  g_return_if_fail (n_haves == 0 || haves != NULL);
  g_return_if_fail (n_wants == 0 || wants != NULL);

  allocate (haves, n_haves, wants, n_wants, NULL, side);
}

void
dc_match_side_init (DcMatchSide *side)
{
  memset (side, 0, sizeof *side);
}

void
dc_match_side_add (DcMatchSide        *side,
                   const DcMatchEntry *entry)
{
  side->entries++;
  side->copies += entry->copies;
  side->value += entry->value;
  if (entry->condition_gap < 0)
    side->condition_penalty += 5 * entry->condition_gap;
}

void
dc_match_side_from_entries (DcMatchSide *side,
                            GArray      *entries)
{
  dc_match_side_init (side);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    dc_match_side_add (side, &g_array_index (entries, DcMatchEntry, i));
}

int
dc_match_value_balance (gint64 my_value,
                        gint64 their_value)
{
  gint64 low = MIN (my_value, their_value), high = MAX (my_value, their_value);

  if (low <= 0 || high <= 0)
    return 0;
  /* int(low / high × 40) in integers: both are non-negative, so division truncates. */
  return (int) (low * 40 / high);
}

int
dc_match_total_value (gint64 total_value)
{
  if (total_value >= 50000)
    return 20;
  if (total_value >= 20000)
    return 15;
  if (total_value >= 5000)
    return 10;
  if (total_value <= 0)
    return 0;
  /* int(t / 5) with t in dollars: t / 5 dollars = cents / 500. */
  return (int) (total_value / 500);
}

int
dc_match_card_variety (guint entries_for_me,
                       guint entries_for_them)
{
  return (int) MIN (15, 2 * ((gint64) entries_for_me + entries_for_them));
}

int
dc_match_condition_match (int condition_penalty)
{
  return CLAMP (10 + condition_penalty, -10, 10);
}

int
dc_match_trust_bonus (DcTier partner_tier)
{
  return 2 * (int) partner_tier;
}

int
dc_match_locality_bonus (gboolean is_local,
                         gboolean shares_server)
{
  return is_local || shares_server ? 5 : 0;
}

gboolean
dc_match_is_two_way (const DcMatchSide *for_me,
                     const DcMatchSide *for_them)
{
  return for_me->entries > 0 && for_them->entries > 0;
}

void
dc_match_score_compute (DcMatchScore      *score,
                        const DcMatchSide *for_me,
                        const DcMatchSide *for_them,
                        DcTier             partner_tier,
                        gboolean           is_local,
                        gboolean           shares_server)
{
  int sum;

  g_return_if_fail (score != NULL && for_me != NULL && for_them != NULL);

  memset (score, 0, sizeof *score);
  if (!dc_match_is_two_way (for_me, for_them))
    return;
  score->value_balance = dc_match_value_balance (for_me->value, for_them->value);
  score->total_value = dc_match_total_value (for_me->value + for_them->value);
  score->card_variety = dc_match_card_variety (for_me->entries, for_them->entries);
  score->condition_match = dc_match_condition_match (for_me->condition_penalty +
                                                     for_them->condition_penalty);
  score->trust_bonus = dc_match_trust_bonus (partner_tier);
  score->locality_bonus = dc_match_locality_bonus (is_local, shares_server);
  sum = score->value_balance + score->total_value + score->card_variety +
        score->condition_match + score->trust_bonus + score->locality_bonus;
  score->quality = CLAMP (sum, 0, 100);
}
