/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-common.h"

#define M DC_CONDITION_M
#define NM DC_CONDITION_NM
#define LP DC_CONDITION_LP
#define MP DC_CONDITION_MP
#define HP DC_CONDITION_HP
#define DMG DC_CONDITION_DMG
#define UNKNOWN DC_CONDITION_UNKNOWN

typedef struct
{
  const char  *label;
  DcCondition  expected;
} Case;

static void
check_table (DcConditionDialect  dialect,
             const Case         *cases,
             gsize               n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *upper = g_ascii_strup (cases[i].label, -1);
      g_autofree char *lower = g_ascii_strdown (cases[i].label, -1);
      g_autofree char *padded = g_strdup_printf ("  %s\t", cases[i].label);

      g_test_message ("dialect %d: “%s”", dialect, cases[i].label);
      g_assert_cmpint (dc_condition_parse_dialect (cases[i].label, dialect), ==,
                       cases[i].expected);
      g_assert_cmpint (dc_condition_parse_dialect (upper, dialect), ==, cases[i].expected);
      g_assert_cmpint (dc_condition_parse_dialect (lower, dialect), ==, cases[i].expected);
      g_assert_cmpint (dc_condition_parse_dialect (padded, dialect), ==, cases[i].expected);
    }
}

static void
test_manabox (void)
{
  static const Case cases[] = {
    { "mint", M },
    { "near_mint", NM },
    { "excellent", LP },
    { "good", MP },
    { "light_played", MP },
    { "played", HP },
    { "poor", DMG },
    { "lightly_played", LP },
    { "moderately_played", MP },
    { "heavily_played", HP },
    { "damaged", DMG },
    /* separators do not matter */
    { "near mint", NM },
    { "Near-Mint", NM },
    { "NearMint", NM },
    { "light played", MP },
    /* not ManaBox words */
    { "NM", UNKNOWN },
    { "Good (Lightly Played)", UNKNOWN },
    { "", UNKNOWN },
  };

  check_table (DC_CONDITION_DIALECT_MANABOX, cases, G_N_ELEMENTS (cases));
}

static void
test_deckbox (void)
{
  static const Case cases[] = {
    { "Mint", M },
    { "Near Mint", NM },
    { "Good (Lightly Played)", LP },
    { "Played", MP },
    { "Heavily Played", HP },
    { "Poor", DMG },
    { "good (lightly played)", LP },
    { "Good(Lightly Played)", LP },
    { "Excellent", UNKNOWN },
    { "LP", UNKNOWN },
  };

  check_table (DC_CONDITION_DIALECT_DECKBOX, cases, G_N_ELEMENTS (cases));
}

static void
test_moxfield (void)
{
  static const Case cases[] = {
    { "M", M },
    { "NM", NM },
    { "LP", LP },
    { "MP", MP },
    { "HP", HP },
    { "D", DMG },
    { "DMG", DMG },
    { "Mint", M },
    { "Near Mint", NM },
    { "Lightly Played", LP },
    { "Moderately Played", MP },
    { "Heavily Played", HP },
    { "Damaged", DMG },
    { "Good (Lightly Played)", LP },
    { "Played", MP },
    { "Excellent", UNKNOWN },
  };

  check_table (DC_CONDITION_DIALECT_MOXFIELD, cases, G_N_ELEMENTS (cases));
}

static void
test_tcgplayer (void)
{
  static const Case cases[] = {
    { "Near Mint", NM },
    { "Lightly Played", LP },
    { "Moderately Played", MP },
    { "Heavily Played", HP },
    { "Damaged", DMG },
    { "NM", NM },
    { "LP", LP },
    { "MP", MP },
    { "HP", HP },
    { "DMG", DMG },
    { "Near Mint Foil", NM },
    { "Lightly Played Foil", LP },
    { "Moderately Played Foil", MP },
    { "Heavily Played Foil", HP },
    { "Damaged Foil", DMG },
    { "Near Mint Holofoil", NM },
    { "Lightly Played Holofoil", LP },
    { "Moderately Played Holofoil", MP },
    { "Heavily Played Holofoil", HP },
    { "Damaged Holofoil", DMG },
    { "Mint", UNKNOWN },  /* TCGplayer has no Mint */
    { "Foil", UNKNOWN },
    { "Played", UNKNOWN },
  };

  check_table (DC_CONDITION_DIALECT_TCGPLAYER, cases, G_N_ELEMENTS (cases));
}

static void
test_dragon_shield (void)
{
  static const Case cases[] = {
    { "Mint", M },
    { "NearMint", NM },
    { "Excellent", LP },
    { "Good", MP },
    { "LightPlayed", MP },
    { "Played", HP },
    { "Poor", DMG },
    { "Near Mint", NM },
    { "Light Played", MP },
    { "Damaged", UNKNOWN },
  };

  check_table (DC_CONDITION_DIALECT_DRAGON_SHIELD, cases, G_N_ELEMENTS (cases));
}

static void
test_cardmarket (void)
{
  static const Case cases[] = {
    { "1", M },
    { "2", NM },
    { "3", LP },
    { "4", MP },
    { "5", MP },
    { "6", HP },
    { "7", DMG },
    { "MT", M },
    { "NM", NM },
    { "EX", LP },
    { "GD", MP },
    { "LP", MP },  /* Cardmarket's Light Played is one grade below US Lightly Played */
    { "PL", HP },
    { "PO", DMG },
    { "Mint", M },
    { "Near Mint", NM },
    { "Excellent", LP },
    { "Good", MP },
    { "Light Played", MP },
    { "Played", HP },
    { "Poor", DMG },
    { "0", UNKNOWN },
    { "8", UNKNOWN },
    { "DMG", UNKNOWN },
  };

  check_table (DC_CONDITION_DIALECT_CARDMARKET, cases, G_N_ELEMENTS (cases));
}

static void
test_any (void)
{
  static const Case cases[] = {
    /* canonical codes */
    { "M", M },
    { "NM", NM },
    { "LP", LP },
    { "MP", MP },
    { "HP", HP },
    { "DMG", DMG },
    /* US words win over look-alike European ones */
    { "Played", MP },
    { "Good (Lightly Played)", LP },
    { "Lightly Played", LP },
    { "Near Mint Foil", NM },
    { "D", DMG },
    { "Damaged", DMG },
    { "Poor", DMG },
    /* words only Europe uses */
    { "Excellent", LP },
    { "EX", LP },
    { "Good", MP },
    { "GD", MP },
    { "Light Played", MP },
    { "light_played", MP },
    { "LightPlayed", MP },
    { "MT", M },
    { "PL", HP },
    { "PO", DMG },
    { "near_mint", NM },
    { "NearMint", NM },
    /* bare numbers only mean something in the Cardmarket dialect */
    { "2", UNKNOWN },
    { "Sealed", UNKNOWN },
    { "", UNKNOWN },
  };

  check_table (DC_CONDITION_DIALECT_ANY, cases, G_N_ELEMENTS (cases));
  g_assert_cmpint (dc_condition_parse_dialect (NULL, DC_CONDITION_DIALECT_ANY), ==, UNKNOWN);
}

static void
test_foil_suffix (void)
{
  gboolean foil = FALSE;

  g_assert_cmpint (dc_condition_parse_label ("Near Mint Foil", DC_CONDITION_DIALECT_TCGPLAYER,
                                             &foil), ==, NM);
  g_assert_true (foil);
  g_assert_cmpint (dc_condition_parse_label ("Lightly Played Holofoil",
                                             DC_CONDITION_DIALECT_ANY, &foil), ==, LP);
  g_assert_true (foil);
  g_assert_cmpint (dc_condition_parse_label ("Near Mint", DC_CONDITION_DIALECT_TCGPLAYER,
                                             &foil), ==, NM);
  g_assert_false (foil);
  /* Only TCGplayer writes the finish into the condition. */
  g_assert_cmpint (dc_condition_parse_label ("near_mint foil", DC_CONDITION_DIALECT_MANABOX,
                                             &foil), ==, UNKNOWN);
  g_assert_false (foil);
}

static void
test_codes (void)
{
  static const DcCondition all[] = { M, NM, LP, MP, HP, DMG };
  static const char *const codes[] = { "M", "NM", "LP", "MP", "HP", "DMG" };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *lower = g_ascii_strdown (codes[i], -1);

      g_assert_cmpstr (dc_condition_to_string (all[i]), ==, codes[i]);
      g_assert_cmpint (dc_condition_from_string (codes[i]), ==, all[i]);
      g_assert_cmpint (dc_condition_from_string (lower), ==, all[i]);
    }
  g_assert_null (dc_condition_to_string (UNKNOWN));
  g_assert_cmpint (dc_condition_from_string ("Near Mint"), ==, UNKNOWN);
  g_assert_cmpint (dc_condition_from_string ("D"), ==, UNKNOWN);
  g_assert_cmpint (dc_condition_from_string (NULL), ==, UNKNOWN);
}

static void
test_rank_and_multiplier (void)
{
  g_assert_cmpint (dc_condition_rank (M), ==, 6);
  g_assert_cmpint (dc_condition_rank (NM), ==, 5);
  g_assert_cmpint (dc_condition_rank (LP), ==, 4);
  g_assert_cmpint (dc_condition_rank (MP), ==, 3);
  g_assert_cmpint (dc_condition_rank (HP), ==, 2);
  g_assert_cmpint (dc_condition_rank (DMG), ==, 1);
  g_assert_cmpint (dc_condition_rank (UNKNOWN), ==, 0);
  g_assert_cmpint (dc_condition_rank (LP) - dc_condition_rank (NM), ==, -1);

  g_assert_cmpint (dc_condition_multiplier_permille (M), ==, 1000);
  g_assert_cmpint (dc_condition_multiplier_permille (NM), ==, 1000);
  g_assert_cmpint (dc_condition_multiplier_permille (LP), ==, 850);
  g_assert_cmpint (dc_condition_multiplier_permille (MP), ==, 700);
  g_assert_cmpint (dc_condition_multiplier_permille (HP), ==, 550);
  g_assert_cmpint (dc_condition_multiplier_permille (DMG), ==, 400);
  g_assert_cmpint (dc_condition_multiplier_permille (UNKNOWN), ==, 0);
}

static void
test_to_dialect (void)
{
  static const struct
  {
    DcConditionDialect dialect;
    const char        *labels[7]; /* indexed by DcCondition */
  } cases[] = {
    { DC_CONDITION_DIALECT_ANY, { NULL, "DMG", "HP", "MP", "LP", "NM", "M" } },
    { DC_CONDITION_DIALECT_MANABOX,
      { NULL, "poor", "played", "good", "excellent", "near_mint", "mint" } },
    { DC_CONDITION_DIALECT_DECKBOX,
      { NULL, "Poor", "Heavily Played", "Played", "Good (Lightly Played)", "Near Mint", "Mint" } },
    { DC_CONDITION_DIALECT_MOXFIELD,
      { NULL, "Damaged", "Heavily Played", "Played", "Good (Lightly Played)", "Near Mint",
        "Mint" } },
    { DC_CONDITION_DIALECT_TCGPLAYER,
      { NULL, "Damaged", "Heavily Played", "Moderately Played", "Lightly Played", "Near Mint",
        "Near Mint" } },
    { DC_CONDITION_DIALECT_DRAGON_SHIELD,
      { NULL, "Poor", "Played", "Good", "Excellent", "NearMint", "Mint" } },
    { DC_CONDITION_DIALECT_CARDMARKET, { NULL, "PO", "PL", "GD", "EX", "NM", "MT" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (DcCondition c = UNKNOWN; c <= M; c++)
      {
        const char *label = dc_condition_to_dialect (c, cases[i].dialect);
        DcCondition back;

        g_assert_cmpstr (label, ==, cases[i].labels[c]);
        if (label == NULL)
          continue;
        /* Each label reads back as the same grade, in its dialect and in ANY — except that
         * TCGplayer has no Mint. */
        back = dc_condition_parse_dialect (label, cases[i].dialect);
        if (cases[i].dialect == DC_CONDITION_DIALECT_TCGPLAYER && c == M)
          g_assert_cmpint (back, ==, NM);
        else
          g_assert_cmpint (back, ==, c);
      }
}

static void
test_cardmarket_grade (void)
{
  g_assert_cmpint (dc_condition_to_cardmarket_grade (M), ==, 1);
  g_assert_cmpint (dc_condition_to_cardmarket_grade (NM), ==, 2);
  g_assert_cmpint (dc_condition_to_cardmarket_grade (LP), ==, 3);
  g_assert_cmpint (dc_condition_to_cardmarket_grade (MP), ==, 4);
  g_assert_cmpint (dc_condition_to_cardmarket_grade (HP), ==, 6);
  g_assert_cmpint (dc_condition_to_cardmarket_grade (DMG), ==, 7);
  g_assert_cmpint (dc_condition_to_cardmarket_grade (UNKNOWN), ==, 0);
  for (DcCondition c = DMG; c <= M; c++)
    {
      g_autofree char *grade = g_strdup_printf ("%d", dc_condition_to_cardmarket_grade (c));

      g_assert_cmpint (dc_condition_parse_dialect (grade, DC_CONDITION_DIALECT_CARDMARKET), ==, c);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/Condition/manabox", test_manabox);
  g_test_add_func ("/Dc/Condition/deckbox", test_deckbox);
  g_test_add_func ("/Dc/Condition/moxfield", test_moxfield);
  g_test_add_func ("/Dc/Condition/tcgplayer", test_tcgplayer);
  g_test_add_func ("/Dc/Condition/dragon-shield", test_dragon_shield);
  g_test_add_func ("/Dc/Condition/cardmarket", test_cardmarket);
  g_test_add_func ("/Dc/Condition/any", test_any);
  g_test_add_func ("/Dc/Condition/foil-suffix", test_foil_suffix);
  g_test_add_func ("/Dc/Condition/codes", test_codes);
  g_test_add_func ("/Dc/Condition/rank-and-multiplier", test_rank_and_multiplier);
  g_test_add_func ("/Dc/Condition/to-dialect", test_to_dialect);
  g_test_add_func ("/Dc/Condition/cardmarket-grade", test_cardmarket_grade);
  return g_test_run ();
}
