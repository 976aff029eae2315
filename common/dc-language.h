/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Scryfall language codes (en es fr de it pt ja ko ru zhs zht he la grc ar sa ph). */
gboolean    dc_language_is_valid     (const char *code);
/* Returns the canonical lower-case code for a code or an English language name
 * ("English", "JP", "Chinese Simplified", "zh-CN", "Portuguese (Brazil)"), or NULL.
 * `any` only when @allow_any. The returned string is static. */
const char *dc_language_normalize    (const char *text,
                                      gboolean    allow_any);
/* "English", "Simplified Chinese", …, "Any language" for `any`; NULL for unknown codes. */
const char *dc_language_display_name (const char *code);

G_END_DECLS
