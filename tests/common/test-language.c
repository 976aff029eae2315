/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-common.h"

static const char *const codes[] = {
  "en", "es", "fr", "de", "it", "pt", "ja", "ko", "ru", "zhs", "zht", "he", "la", "grc", "ar",
  "sa", "ph",
};

static void
test_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *upper = g_ascii_strup (codes[i], -1);

      g_assert_true (dc_language_is_valid (codes[i]));
      g_assert_cmpstr (dc_language_normalize (codes[i], FALSE), ==, codes[i]);
      g_assert_cmpstr (dc_language_normalize (upper, FALSE), ==, codes[i]);
      g_assert_nonnull (dc_language_display_name (codes[i]));
      /* The display name reads back as the code. */
      g_assert_cmpstr (dc_language_normalize (dc_language_display_name (codes[i]), FALSE), ==,
                       codes[i]);
    }
  g_assert_false (dc_language_is_valid ("EN"));   /* stored codes are lower case */
  g_assert_false (dc_language_is_valid ("any"));
  g_assert_false (dc_language_is_valid ("xx"));
  g_assert_false (dc_language_is_valid (""));
  g_assert_false (dc_language_is_valid (NULL));
}

static void
test_names (void)
{
  static const struct
  {
    const char *text;
    const char *code;
  } cases[] = {
    { "English", "en" },
    { "english", "en" },
    { " ENGLISH ", "en" },
    { "en-US", "en" },
    { "Spanish", "es" },
    { "SP", "es" },
    { "French", "fr" },
    { "German", "de" },
    { "Deutsch", "de" },
    { "Italian", "it" },
    { "Portuguese", "pt" },
    { "Portuguese (Brazil)", "pt" },
    { "Brazilian Portuguese", "pt" },
    { "PT", "pt" },
    { "pt-BR", "pt" },
    { "Japanese", "ja" },
    { "JP", "ja" },
    { "jp", "ja" },
    { "日本語", "ja" },
    { "Korean", "ko" },
    { "KR", "ko" },
    { "Russian", "ru" },
    { "Chinese Simplified", "zhs" },
    { "Simplified Chinese", "zhs" },
    { "Chinese (Simplified)", "zhs" },
    { "Chinese", "zhs" },        /* Deckbox and Moxfield */
    { "zh-CN", "zhs" },
    { "zh_CN", "zhs" },          /* ManaBox */
    { "zh-Hans", "zhs" },
    { "CS", "zhs" },             /* Archidekt */
    { "Traditional Chinese", "zht" },
    { "Chinese Traditional", "zht" },
    { "zh-TW", "zht" },
    { "zh_TW", "zht" },
    { "CT", "zht" },
    { "Hebrew", "he" },
    { "Latin", "la" },
    { "Ancient Greek", "grc" },
    { "Arabic", "ar" },
    { "Sanskrit", "sa" },
    { "Phyrexian", "ph" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("language “%s”", cases[i].text);
      g_assert_cmpstr (dc_language_normalize (cases[i].text, FALSE), ==, cases[i].code);
    }
}

static void
test_unknown (void)
{
  g_assert_null (dc_language_normalize ("Klingon", FALSE));
  g_assert_null (dc_language_normalize ("xx", FALSE));
  g_assert_null (dc_language_normalize ("", FALSE));
  g_assert_null (dc_language_normalize ("  ", TRUE));
  g_assert_null (dc_language_normalize (NULL, TRUE));
  g_assert_null (dc_language_display_name ("xx"));
  g_assert_null (dc_language_display_name (NULL));
}

static void
test_any (void)
{
  /* `any` exists for wants only. */
  g_assert_null (dc_language_normalize ("any", FALSE));
  g_assert_cmpstr (dc_language_normalize ("any", TRUE), ==, "any");
  g_assert_cmpstr (dc_language_normalize ("ANY", TRUE), ==, "any");
  g_assert_cmpstr (dc_language_normalize ("en", TRUE), ==, "en");
  g_assert_cmpstr (dc_language_display_name ("any"), ==, "Any language");
}

static void
test_display_names (void)
{
  g_assert_cmpstr (dc_language_display_name ("en"), ==, "English");
  g_assert_cmpstr (dc_language_display_name ("ja"), ==, "Japanese");
  g_assert_cmpstr (dc_language_display_name ("zhs"), ==, "Simplified Chinese");
  g_assert_cmpstr (dc_language_display_name ("zht"), ==, "Traditional Chinese");
  g_assert_cmpstr (dc_language_display_name ("grc"), ==, "Ancient Greek");
  g_assert_cmpstr (dc_language_display_name ("ph"), ==, "Phyrexian");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/Language/codes", test_codes);
  g_test_add_func ("/Dc/Language/names", test_names);
  g_test_add_func ("/Dc/Language/unknown", test_unknown);
  g_test_add_func ("/Dc/Language/any", test_any);
  g_test_add_func ("/Dc/Language/display-names", test_display_names);
  return g_test_run ();
}
