/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-search-text.h"

static void
test_fold_key (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "Lim-Dûl's Paladin", "lim dul s paladin" },
    { "lim dul's PALADIN", "lim dul s paladin" },
    { "Glóin the Mighty // Easy Pickings", "gloin the mighty easy pickings" },
    { "  Sméagol,   Helpful Guide ", "smeagol helpful guide" },
    { "Æther Vial", "æther vial" },               /* a letter, not a letter + mark */
    { "混沌の目、オカウン", "混沌の目 オカウン" },  /* CJK words split at punctuation */
    { "ガラクタ", "ガラクタ" },                    /* kana voicing marks stay */
    { "Ratonhnhaké꞉ton", "ratonhnhake ton" },
    { "---", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = dc_search_fold_key (cases[i].in);
      g_assert_cmpstr (key, ==, cases[i].out);
    }
}

static void
test_fts_query (void)
{
  g_autofree char *plain = dc_search_fts_prefix_query ("lim dul");
  g_autofree char *accented = dc_search_fts_prefix_query ("Lim-Dûl");
  /* FTS5 syntax typed by a user stays text: no operators, no column filters, no quotes. */
  g_autofree char *hostile = dc_search_fts_prefix_query ("bolt OR name:\"x\" NEAR(a b) *");
  g_autofree char *empty = dc_search_fts_prefix_query (" -- ");

  g_assert_cmpstr (plain, ==, "\"lim\"* \"dul\"*");
  g_assert_cmpstr (accented, ==, "\"lim\"* \"dul\"*");
  g_assert_cmpstr (hostile, ==, "\"bolt\"* \"or\"* \"name\"* \"x\"* \"near\"* \"a\"* \"b\"*");
  g_assert_null (empty);
  g_assert_null (dc_search_fts_prefix_query (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/SearchText/fold-key", test_fold_key);
  g_test_add_func ("/Dc/SearchText/fts-query", test_fts_query);
  return g_test_run ();
}
