/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-text"

#include "config.h"

#include <string.h>

#include "dc-collection-import-private.h"
#include "dc-label-private.h"
#include "dc-language.h"

/*
 * Plain text lists, as decklists and "export as text" write them:
 *
 *   4x Lightning Bolt (MMA) 141 NM foil
 *   4 Lightning Bolt
 *   1 Delver of Secrets // Insectile Aberration (ISD) 51
 *   1 Aragorn, the Uniter (LTR) 741z *F*
 *   Lightning Bolt x4
 *   SB: 2 Pyroblast
 *
 * line := [quantity ["x"]] name [set [number] flag*]   |   name "x" quantity
 * set  := "(" code ")" | "[" code "]"   — one word, so "(Retro Frame)" stays in the name
 * flag := a condition code (NM, LP, EX…, upper case), a finish (foil, etched, *F*, *E*),
 *         or, after a set, a language code (ja, zhs)
 *
 * Without a set, trailing condition and finish flags are still read ("4 Lightning Bolt NM
 * foil"), but never the last word of the name ("1 Foil" is the card Foil). Words after a
 * set that are none of these go into the notes. Comments ("#", "//") and section headers
 * ("Sideboard", "Creatures (12)") hold no card and are skipped.
 */

#define MAX_QUANTITY 1000000

static const char *const section_headers[] = {
  "deck", "maindeck", "mainboard", "main", "sideboard", "side", "sb", "commander",
  "commanders", "companion", "maybeboard", "considering", "tokens", "lands", "land",
  "creatures", "creature", "spells", "instants", "instant", "sorceries", "sorcery",
  "artifacts", "artifact", "enchantments", "enchantment", "planeswalkers", "planeswalker",
  "battles", "battle", "other", "collection",
};

static gboolean
is_section_header (const char *line)
{
  g_autofree char *text = g_strdup (line);
  g_autofree char *key = NULL;
  char *paren;

  /* "Creatures (12)" */
  if ((paren = strrchr (text, '(')) != NULL && g_str_has_suffix (text, ")"))
    *paren = '\0';
  key = _dc_label_fold (text);
  for (guint i = 0; i < G_N_ELEMENTS (section_headers); i++)
    if (strcmp (key, section_headers[i]) == 0)
      return TRUE;
  return FALSE;
}

/* "4", "4x", "4X" → 4; FALSE when @token is not a quantity at all. *out_valid is FALSE for a
 * quantity that cannot be imported (0, too large). */
static gboolean
parse_quantity_token (const char *token,
                      gboolean    x_first,
                      guint      *out_quantity,
                      gboolean   *out_valid)
{
  g_autofree char *digits = NULL;
  gsize len = strlen (token);
  guint64 value = 0;

  if (x_first)
    {
      if (len < 2 || (token[0] != 'x' && token[0] != 'X'))
        return FALSE;
      digits = g_strdup (token + 1);
    }
  else
    {
      if (len >= 2 && (token[len - 1] == 'x' || token[len - 1] == 'X'))
        len--;
      digits = g_strndup (token, len);
    }
  if (*digits == '\0')
    return FALSE;
  for (const char *p = digits; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  *out_valid = g_ascii_string_to_unsigned (digits, 10, 1, MAX_QUANTITY, &value, NULL);
  *out_quantity = *out_valid ? (guint) value : 0;
  return TRUE;
}

/* "(MMA)" or "[mma]" → "mma". */
static char *
parse_set_token (const char *token)
{
  gsize len = strlen (token);

  if (len < 4 || len > 10)
    return NULL;
  if (!((token[0] == '(' && token[len - 1] == ')') || (token[0] == '[' && token[len - 1] == ']')))
    return NULL;
  for (gsize i = 1; i < len - 1; i++)
    if (!g_ascii_isalnum (token[i]))
      return NULL;
  return g_ascii_strdown (token + 1, (gssize) len - 2);
}

static gboolean
looks_like_collector_number (const char *token)
{
  gboolean digit = FALSE;

  for (const char *p = token; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (!g_ascii_isalpha (*p) && *p != '-' && (guchar) *p < 0x80)
        return FALSE;
    }
  return digit;
}

static gboolean
apply_finish_flag (const char  *token,
                   DcImportRow *row)
{
  g_autofree char *key = _dc_label_fold (token);

  if (strcmp (key, "*f*") == 0 || strcmp (key, "foil") == 0)
    row->finish = DC_FINISH_FOIL;
  else if (strcmp (key, "*e*") == 0 || strcmp (key, "etched") == 0)
    row->finish = DC_FINISH_ETCHED;
  else if (strcmp (key, "nonfoil") == 0)
    row->finish = DC_FINISH_NONFOIL;
  else
    return FALSE;
  return TRUE;
}

static gboolean
apply_condition_flag (const char  *token,
                      DcImportRow *row)
{
  DcCondition condition;

  /* Upper case only: "NM", "LP", "EX" — lower-case words are more likely a name. */
  for (const char *p = token; *p; p++)
    if (!g_ascii_isupper (*p))
      return FALSE;
  condition = dc_condition_parse_dialect (token, DC_CONDITION_DIALECT_ANY);
  if (condition == DC_CONDITION_UNKNOWN)
    return FALSE;
  row->condition = condition;
  return TRUE;
}

static gboolean
apply_language_flag (const char  *token,
                     DcImportRow *row)
{
  g_autofree char *lower = g_ascii_strdown (token, -1);

  if (!dc_language_is_valid (lower))
    return FALSE;
  row->language = dc_language_normalize (lower, FALSE);
  return TRUE;
}

DcTextLine
_dc_import_parse_text_line (const char   *line,
                            DcImportRow  *row,
                            char        **out_reason,
                            char        **out_message)
{
  g_autofree char *text = g_strstrip (g_strdup (line));
  g_auto(GStrv) raw_tokens = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new ();
  g_autoptr(GString) notes = g_string_new (NULL);
  char *start = text;
  guint first = 0, end, set_index = G_MAXUINT;
  gboolean valid = TRUE;

  if (*start == '\0' || *start == '#' || g_str_has_prefix (start, "//"))
    return DC_TEXT_LINE_SKIP;
  if (is_section_header (start))
    return DC_TEXT_LINE_SKIP;
  if (g_ascii_strncasecmp (start, "SB:", 3) == 0)
    start = g_strchug (start + 3);

  raw_tokens = g_strsplit_set (start, " \t", -1);
  for (guint i = 0; raw_tokens[i]; i++)
    if (*raw_tokens[i] != '\0')
      g_ptr_array_add (tokens, raw_tokens[i]);
  end = tokens->len;

  row->quantity = 1;
  row->condition = DC_CONDITION_NM;
  row->finish = DC_FINISH_NONFOIL;
  row->language = "en";

  /* "4x Name", "4 x Name", or "Name x4". */
  if (end >= 2 && parse_quantity_token (g_ptr_array_index (tokens, 0), FALSE, &row->quantity,
                                        &valid))
    {
      first = 1;
      if (end >= 3 && g_ascii_strcasecmp (g_ptr_array_index (tokens, 1), "x") == 0)
        first = 2;
    }
  else if (end >= 2 && parse_quantity_token (g_ptr_array_index (tokens, end - 1), TRUE,
                                             &row->quantity, &valid))
    end--;

  if (!valid)
    {
      *out_reason = g_strdup ("bad_quantity");
      *out_message = g_strdup ("The quantity must be a whole number from 1 to 1000000");
      row->quantity = 0;
      return DC_TEXT_LINE_PROBLEM;
    }

  /* The last one-word "(SET)" after at least one word of name. */
  for (guint i = end; i > first + 1; i--)
    {
      g_autofree char *set = parse_set_token (g_ptr_array_index (tokens, i - 1));

      if (set != NULL)
        {
          set_index = i - 1;
          row->set_code = g_steal_pointer (&set);
          break;
        }
    }

  if (set_index != G_MAXUINT)
    {
      guint i = set_index + 1;

      if (i < end && looks_like_collector_number (g_ptr_array_index (tokens, i)))
        row->collector_number = g_strdup (g_ptr_array_index (tokens, i++));
      for (; i < end; i++)
        {
          const char *token = g_ptr_array_index (tokens, i);

          if (!apply_finish_flag (token, row) && !apply_condition_flag (token, row) &&
              !apply_language_flag (token, row))
            g_string_append_printf (notes, "%s%s", notes->len ? " " : "", token);
        }
      end = set_index;
    }
  else
    {
      while (end > first + 1 &&
             (apply_finish_flag (g_ptr_array_index (tokens, end - 1), row) ||
              apply_condition_flag (g_ptr_array_index (tokens, end - 1), row)))
        end--;
    }

  if (end <= first)
    {
      *out_reason = g_strdup ("no_card");
      *out_message = g_strdup ("The line names no card");
      return DC_TEXT_LINE_PROBLEM;
    }

  {
    g_autoptr(GString) name = g_string_new (NULL);

    for (guint i = first; i < end; i++)
      g_string_append_printf (name, "%s%s", name->len ? " " : "",
                              (const char *) g_ptr_array_index (tokens, i));
    row->name = g_string_free (g_steal_pointer (&name), FALSE);
  }
  if (notes->len > 0)
    row->notes = g_string_free (g_steal_pointer (&notes), FALSE);
  return DC_TEXT_LINE_CARD;
}
