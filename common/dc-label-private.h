/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Folds an app's label or column header into a lookup key: case-folded, with ASCII
 * spaces, punctuation and symbols dropped except '#' and '*' ("Near Mint", "near_mint" and
 * "NearMint" all become "nearmint"; "Collector #" becomes "collector#"). */
char *_dc_label_fold (const char *text);

G_END_DECLS
