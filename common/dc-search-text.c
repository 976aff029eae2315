/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-search-text"

#include "config.h"

#include "dc-search-text.h"

/* The combining diacritics that remove_diacritics strips from Latin letters. Other marks
 * (the kana voicing marks, Indic vowel signs) are part of the letter and stay. */
static gboolean
is_diacritic (gunichar c)
{
  return c >= 0x0300 && c <= 0x036f;
}

static gboolean
is_other_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Decomposes (NFD) so that "û" becomes "u" + U+0302, drops the diacritics, lower-cases what
 * is left and treats every run of other characters as one word break. Each word is
 * recomposed (NFC) so kana and Hangul match what the tokenizer indexed. */
static GPtrArray *
fold_words (const char *text)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) word = g_string_new (NULL);

  if (text == NULL)
    return g_steal_pointer (&words);
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_steal_pointer (&words);

  for (const char *p = decomposed; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_diacritic (c))
        continue;
      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, g_unichar_tolower (c));
          continue;
        }
      if (c != 0 && is_other_mark (c) && word->len > 0)
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_ptr_array_add (words, g_utf8_normalize (word->str, word->len, G_NORMALIZE_NFC));
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  return g_steal_pointer (&words);
}

char *
dc_search_fold_key (const char *text)
{
  g_autoptr(GPtrArray) words = fold_words (text);
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, g_ptr_array_index (words, i));
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

char *
dc_search_fts_prefix_query (const char *text)
{
  g_autoptr(GPtrArray) words = fold_words (text);
  g_autoptr(GString) query = g_string_new (NULL);

  if (words->len == 0)
    return NULL;
  /* Folded words hold only letters and digits, so they need no escaping inside quotes. */
  for (guint i = 0; i < words->len; i++)
    g_string_append_printf (query, "%s\"%s\"*", i > 0 ? " " : "",
                            (const char *) g_ptr_array_index (words, i));
  return g_string_free (g_steal_pointer (&query), FALSE);
}
