/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Card-name search text, folded the way SQLite's `unicode61 remove_diacritics 2` tokenizer
 * folds it, so the server's catalog and the client's offline copy agree on what matches. */

/**
 * dc_search_fold_key:
 * @text: a card name or a search query (UTF-8)
 *
 * The words of @text in lower case without diacritics, joined by one space:
 * "Lim-Dûl's Paladin" → "lim dul s paladin". Two names that fold to the same key are the
 * same name to search ("exact match").
 *
 * Returns: (transfer full): the key; "" when @text has no letters or digits
 */
char *dc_search_fold_key        (const char *text);

/**
 * dc_search_fts_prefix_query:
 * @text: what the user typed
 *
 * An FTS5 query that matches rows containing every word of @text as a word prefix, in any
 * column: "lim dul" → `"lim"* "dul"*`. Words are quoted, so user input never reaches FTS5's
 * query syntax (AND, OR, NEAR, column filters).
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @text has no words
 */
char *dc_search_fts_prefix_query (const char *text);

G_END_DECLS
