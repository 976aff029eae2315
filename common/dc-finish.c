/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-finish"

#include "config.h"

#include <string.h>

#include "dc-finish.h"
#include "dc-label-private.h"

/*
 * What apps write in their foil/finish/printing column. Labels are compared folded (case,
 * spaces, '_' and '-' ignored). Exact labels name the finish itself; the others are
 * special foils that Scryfall lists as plain "foil" (or "etched"), so the importer keeps
 * the original label in a note (DESIGN §4).
 */

typedef struct
{
  const char *label;
  DcFinish    finish;
} Entry;

static const Entry exact_labels[] = {
  /* Empty cells and "no" are how most apps say non-foil. */
  { "", DC_FINISH_NONFOIL },
  { "nonfoil", DC_FINISH_NONFOIL },
  { "Non-Foil", DC_FINISH_NONFOIL },
  { "Normal", DC_FINISH_NONFOIL },
  { "Regular", DC_FINISH_NONFOIL },
  { "Standard", DC_FINISH_NONFOIL },
  { "false", DC_FINISH_NONFOIL },
  { "0", DC_FINISH_NONFOIL },
  { "No", DC_FINISH_NONFOIL },
  { "N", DC_FINISH_NONFOIL },
  { "Foil", DC_FINISH_FOIL },
  { "foiled", DC_FINISH_FOIL },
  { "Holofoil", DC_FINISH_FOIL },  /* TCGplayer's word for foil */
  { "true", DC_FINISH_FOIL },
  { "1", DC_FINISH_FOIL },
  { "Yes", DC_FINISH_FOIL },
  { "Y", DC_FINISH_FOIL },
  { "*F*", DC_FINISH_FOIL },       /* Moxfield/Arena text lists */
  { "Etched", DC_FINISH_ETCHED },
  { "Etched Foil", DC_FINISH_ETCHED },
  { "Foil Etched", DC_FINISH_ETCHED },
  { "foil_etched", DC_FINISH_ETCHED },
  { "*E*", DC_FINISH_ETCHED },
  { NULL, 0 },
};

/* Named special foils; anything else with "etched", "foil" or "holo" in it follows them. */
static const Entry variant_labels[] = {
  { "Rainbow Foil", DC_FINISH_FOIL },
  { "Double Rainbow Foil", DC_FINISH_FOIL },
  { "Reverse Holofoil", DC_FINISH_FOIL },
  { "Gilded Foil", DC_FINISH_FOIL },
  { "Surge Foil", DC_FINISH_FOIL },
  { "Galaxy Foil", DC_FINISH_FOIL },
  { "Textured Foil", DC_FINISH_FOIL },
  { "Halo Foil", DC_FINISH_FOIL },
  { "Confetti Foil", DC_FINISH_FOIL },
  { "Step-and-Compleat Foil", DC_FINISH_FOIL },
  { "Oil Slick Raised Foil", DC_FINISH_FOIL },
  { "Serialized", DC_FINISH_FOIL },
  { "Premium Foil", DC_FINISH_FOIL },
  { "Ampersand Foil", DC_FINISH_FOIL },
  { NULL, 0 },
};

const char *
dc_finish_to_string (DcFinish finish)
{
  switch (finish)
    {
    case DC_FINISH_NONFOIL:
      return "nonfoil";
    case DC_FINISH_FOIL:
      return "foil";
    case DC_FINISH_ETCHED:
      return "etched";
    case DC_FINISH_UNKNOWN:
    default:
      return NULL;
    }
}

DcFinish
dc_finish_from_string (const char *code)
{
  if (code == NULL)
    return DC_FINISH_UNKNOWN;
  if (g_ascii_strcasecmp (code, "nonfoil") == 0)
    return DC_FINISH_NONFOIL;
  if (g_ascii_strcasecmp (code, "foil") == 0)
    return DC_FINISH_FOIL;
  if (g_ascii_strcasecmp (code, "etched") == 0)
    return DC_FINISH_ETCHED;
  return DC_FINISH_UNKNOWN;
}

static DcFinish
lookup (const Entry *table,
        const char  *key)
{
  for (guint i = 0; table[i].label != NULL; i++)
    {
      g_autofree char *label = _dc_label_fold (table[i].label);

      if (strcmp (label, key) == 0)
        return table[i].finish;
    }
  return DC_FINISH_UNKNOWN;
}

DcFinish
dc_finish_parse_label (const char *label,
                       gboolean   *out_is_exact)
{
  g_autofree char *key = _dc_label_fold (label);
  gboolean exact = TRUE;
  DcFinish finish;

  if ((finish = lookup (exact_labels, key)) == DC_FINISH_UNKNOWN)
    {
      exact = FALSE;
      if ((finish = lookup (variant_labels, key)) == DC_FINISH_UNKNOWN)
        {
          if (strstr (key, "etched") != NULL)
            finish = DC_FINISH_ETCHED;
          else if (strstr (key, "foil") != NULL || strstr (key, "holo") != NULL)
            finish = DC_FINISH_FOIL;
        }
    }

  if (out_is_exact)
    *out_is_exact = finish != DC_FINISH_UNKNOWN && exact;
  return finish;
}
