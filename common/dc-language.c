/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-language"

#include "config.h"

#include <string.h>

#include "dc-language.h"
#include "dc-label-private.h"

typedef struct
{
  const char *code;
  const char *name;
} Language;

/* Scryfall's languages, with the name we show. */
static const Language languages[] = {
  { "en", "English" },
  { "es", "Spanish" },
  { "fr", "French" },
  { "de", "German" },
  { "it", "Italian" },
  { "pt", "Portuguese" },
  { "ja", "Japanese" },
  { "ko", "Korean" },
  { "ru", "Russian" },
  { "zhs", "Simplified Chinese" },
  { "zht", "Traditional Chinese" },
  { "he", "Hebrew" },
  { "la", "Latin" },
  { "grc", "Ancient Greek" },
  { "ar", "Arabic" },
  { "sa", "Sanskrit" },
  { "ph", "Phyrexian" },
};

/* What apps write instead of the code, compared folded (case, spaces, '-', '_' and
 * parentheses ignored). Deckbox and Moxfield say "Chinese" for simplified Chinese; Archidekt
 * uses CS/CT and JP/KR; ManaBox writes zh_CN/zh_TW; Scryfall's printed codes (JP, CS, CT, KR,
 * SP, PH…) appear on the cards themselves. */
static const Language aliases[] = {
  { "en", "eng" }, { "en", "enus" }, { "en", "engb" }, { "en", "enUS" },
  { "es", "sp" }, { "es", "spa" }, { "es", "Español" }, { "es", "Espanol" },
  { "fr", "fra" }, { "fr", "fre" }, { "fr", "Français" }, { "fr", "Francais" },
  { "de", "ger" }, { "de", "deu" }, { "de", "Deutsch" },
  { "it", "ita" }, { "it", "Italiano" },
  { "pt", "ptBR" }, { "pt", "por" }, { "pt", "Portuguese (Brazil)" },
  { "pt", "Brazilian Portuguese" }, { "pt", "Portuguese (Brazilian)" }, { "pt", "Português" },
  { "ja", "jp" }, { "ja", "jpn" }, { "ja", "jap" }, { "ja", "日本語" },
  { "ko", "kr" }, { "ko", "kor" }, { "ko", "한국어" },
  { "ru", "rus" }, { "ru", "Русский" },
  { "zhs", "cs" }, { "zhs", "zh" }, { "zhs", "cn" }, { "zhs", "zh-CN" }, { "zhs", "zh-Hans" },
  { "zhs", "zh-SG" }, { "zhs", "Chinese" }, { "zhs", "Chinese Simplified" },
  { "zhs", "Simplified Chinese" }, { "zhs", "Chinese (Simplified)" }, { "zhs", "简体中文" },
  { "zht", "ct" }, { "zht", "tw" }, { "zht", "zh-TW" }, { "zht", "zh-Hant" },
  { "zht", "zh-HK" }, { "zht", "Chinese Traditional" }, { "zht", "Traditional Chinese" },
  { "zht", "Chinese (Traditional)" }, { "zht", "繁體中文" },
  { "he", "heb" }, { "he", "iw" },
  { "la", "lat" },
  { "grc", "Greek" }, { "grc", "Ancient Greek" },
  { "ar", "ara" },
  { "sa", "san" },
  { "ph", "phy" },
};

gboolean
dc_language_is_valid (const char *code)
{
  if (code == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (strcmp (code, languages[i].code) == 0)
      return TRUE;
  return FALSE;
}

const char *
dc_language_normalize (const char *text,
                       gboolean    allow_any)
{
  g_autofree char *key = NULL;

  if (text == NULL)
    return NULL;
  key = _dc_label_fold (text);
  if (*key == '\0')
    return NULL;

  if (strcmp (key, "any") == 0)
    return allow_any ? "any" : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *name = _dc_label_fold (languages[i].name);

      if (strcmp (key, languages[i].code) == 0 || strcmp (key, name) == 0)
        return languages[i].code;
    }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      g_autofree char *alias = _dc_label_fold (aliases[i].name);

      if (strcmp (key, alias) == 0)
        {
          for (guint j = 0; j < G_N_ELEMENTS (languages); j++)
            if (strcmp (aliases[i].code, languages[j].code) == 0)
              return languages[j].code;
        }
    }
  return NULL;
}

const char *
dc_language_display_name (const char *code)
{
  if (code == NULL)
    return NULL;
  if (strcmp (code, "any") == 0)
    return "Any language";
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (strcmp (code, languages[i].code) == 0)
      return languages[i].name;
  return NULL;
}
