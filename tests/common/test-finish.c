/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-common.h"

typedef struct
{
  const char *label;
  DcFinish    finish;
  gboolean    exact;
} Case;

static void
test_labels (void)
{
  static const Case cases[] = {
    /* exact labels */
    { "", DC_FINISH_NONFOIL, TRUE },
    { "   ", DC_FINISH_NONFOIL, TRUE },
    { "nonfoil", DC_FINISH_NONFOIL, TRUE },
    { "Non-Foil", DC_FINISH_NONFOIL, TRUE },
    { "non foil", DC_FINISH_NONFOIL, TRUE },
    { "Normal", DC_FINISH_NONFOIL, TRUE },
    { "normal", DC_FINISH_NONFOIL, TRUE },
    { "regular", DC_FINISH_NONFOIL, TRUE },
    { "Standard", DC_FINISH_NONFOIL, TRUE },
    { "false", DC_FINISH_NONFOIL, TRUE },
    { "False", DC_FINISH_NONFOIL, TRUE },
    { "0", DC_FINISH_NONFOIL, TRUE },
    { "No", DC_FINISH_NONFOIL, TRUE },
    { "n", DC_FINISH_NONFOIL, TRUE },
    { "Foil", DC_FINISH_FOIL, TRUE },
    { "foil", DC_FINISH_FOIL, TRUE },
    { "FOIL", DC_FINISH_FOIL, TRUE },
    { "foiled", DC_FINISH_FOIL, TRUE },
    { "Holofoil", DC_FINISH_FOIL, TRUE },
    { "true", DC_FINISH_FOIL, TRUE },
    { "TRUE", DC_FINISH_FOIL, TRUE },
    { "1", DC_FINISH_FOIL, TRUE },
    { "Yes", DC_FINISH_FOIL, TRUE },
    { "y", DC_FINISH_FOIL, TRUE },
    { "*F*", DC_FINISH_FOIL, TRUE },
    { "Etched", DC_FINISH_ETCHED, TRUE },
    { "etched", DC_FINISH_ETCHED, TRUE },
    { "Etched Foil", DC_FINISH_ETCHED, TRUE },
    { "Foil Etched", DC_FINISH_ETCHED, TRUE },
    { "foil_etched", DC_FINISH_ETCHED, TRUE },
    { "*E*", DC_FINISH_ETCHED, TRUE },
    /* special foils: a finish, but the label is kept as a note */
    { "Rainbow Foil", DC_FINISH_FOIL, FALSE },
    { "Double Rainbow Foil", DC_FINISH_FOIL, FALSE },
    { "Reverse Holofoil", DC_FINISH_FOIL, FALSE },
    { "Gilded Foil", DC_FINISH_FOIL, FALSE },
    { "Surge Foil", DC_FINISH_FOIL, FALSE },
    { "Galaxy Foil", DC_FINISH_FOIL, FALSE },
    { "Textured Foil", DC_FINISH_FOIL, FALSE },
    { "Halo Foil", DC_FINISH_FOIL, FALSE },
    { "Confetti Foil", DC_FINISH_FOIL, FALSE },
    { "Step-and-Compleat Foil", DC_FINISH_FOIL, FALSE },
    { "Oil Slick Raised Foil", DC_FINISH_FOIL, FALSE },
    { "Serialized", DC_FINISH_FOIL, FALSE },
    { "Premium Foil", DC_FINISH_FOIL, FALSE },
    { "Ampersand Foil", DC_FINISH_FOIL, FALSE },
    { "Fracture Foil", DC_FINISH_FOIL, FALSE },     /* unlisted, still a foil */
    { "Neon Ink Holo", DC_FINISH_FOIL, FALSE },
    { "Etched Galaxy", DC_FINISH_ETCHED, FALSE },
    /* not a finish */
    { "Showcase", DC_FINISH_UNKNOWN, FALSE },
    { "maybe", DC_FINISH_UNKNOWN, FALSE },
    { "2", DC_FINISH_UNKNOWN, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean exact = !cases[i].exact;

      g_test_message ("label “%s”", cases[i].label);
      g_assert_cmpint (dc_finish_parse_label (cases[i].label, &exact), ==, cases[i].finish);
      g_assert_cmpint (exact, ==, cases[i].exact);
    }

  /* A missing cell is an empty cell. */
  g_assert_cmpint (dc_finish_parse_label (NULL, NULL), ==, DC_FINISH_NONFOIL);
}

static void
test_codes (void)
{
  g_assert_cmpstr (dc_finish_to_string (DC_FINISH_NONFOIL), ==, "nonfoil");
  g_assert_cmpstr (dc_finish_to_string (DC_FINISH_FOIL), ==, "foil");
  g_assert_cmpstr (dc_finish_to_string (DC_FINISH_ETCHED), ==, "etched");
  g_assert_null (dc_finish_to_string (DC_FINISH_UNKNOWN));

  for (DcFinish f = DC_FINISH_NONFOIL; f <= DC_FINISH_ETCHED; f++)
    g_assert_cmpint (dc_finish_from_string (dc_finish_to_string (f)), ==, f);
  g_assert_cmpint (dc_finish_from_string ("FOIL"), ==, DC_FINISH_FOIL);
  /* The wire codes are strict: app labels go through dc_finish_parse_label(). */
  g_assert_cmpint (dc_finish_from_string ("Normal"), ==, DC_FINISH_UNKNOWN);
  g_assert_cmpint (dc_finish_from_string ("true"), ==, DC_FINISH_UNKNOWN);
  g_assert_cmpint (dc_finish_from_string (""), ==, DC_FINISH_UNKNOWN);
  g_assert_cmpint (dc_finish_from_string (NULL), ==, DC_FINISH_UNKNOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/Finish/labels", test_labels);
  g_test_add_func ("/Dc/Finish/codes", test_codes);
  return g_test_run ();
}
