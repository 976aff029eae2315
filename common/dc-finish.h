/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DC_FINISH_UNKNOWN = 0,
  DC_FINISH_NONFOIL,
  DC_FINISH_FOIL,
  DC_FINISH_ETCHED,
} DcFinish;

/* "nonfoil", "foil", "etched" (Scryfall's `finishes`); NULL for DC_FINISH_UNKNOWN. */
const char *dc_finish_to_string   (DcFinish     finish);
/* The three codes above only (case-insensitive); DC_FINISH_UNKNOWN otherwise. */
DcFinish    dc_finish_from_string (const char  *code);
/* Maps app labels ("Foil", "Etched Foil", "Rainbow Foil", "true", "1", "Normal", "") onto a
 * finish; @out_is_exact is FALSE when the label was a variant kept only as a note.
 * DC_FINISH_UNKNOWN (and @out_is_exact FALSE) when the label names no finish. */
DcFinish    dc_finish_parse_label (const char  *label,
                                   gboolean    *out_is_exact);

G_END_DECLS
