/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-label"

#include "config.h"

#include <string.h>

#include "dc-label-private.h"

char *
_dc_label_fold (const char *text)
{
  g_autofree char *folded = NULL;
  GString *key;

  if (text == NULL)
    return g_strdup ("");

  folded = g_utf8_casefold (text, -1);
  key = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x80 || g_ascii_isalnum (c) || c == '#' || c == '*')
        g_string_append_c (key, (char) c);
    }
  return g_string_free (key, FALSE);
}
