/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading the real demo files the way a person checking the numbers would, so the tests
 * compare the server's answers with the sources rather than with copied constants. */

/* The lines of a plain or gzip'd text file. */
GPtrArray  *dc_catalog_test_read_lines      (const char  *path);
/* The JSON object on the first line of @path (JSON lines, gzip'd) that contains
 * `"MEMBER":"VALUE"`, or NULL. */
JsonObject *dc_catalog_test_find_json_line  (const char  *path,
                                             const char  *member,
                                             const char  *value);
/* The row of the price snapshot CSV for card @id with the newest snapshot_date, as a
 * column name → value table, or NULL. */
GHashTable *dc_catalog_test_newest_snapshot (const char  *path,
                                             const char  *id);
/* Writes @lines (joined with "\n") to a new file in @dir, gzip'd when @gzip. */
char       *dc_catalog_test_write_file      (const char  *dir,
                                             const char  *name,
                                             GPtrArray   *lines,
                                             gboolean     gzip);

G_END_DECLS
