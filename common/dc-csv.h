/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DC_CSV_ERROR (dc_csv_error_quark ())
GQuark dc_csv_error_quark (void);

typedef enum
{
  DC_CSV_ERROR_FAILED, /* libcsv ran out of memory or the field grew too big */
} DcCsvError;

/**
 * DcCsvRecord:
 * @line: the 1-based line the record starts on
 * @offset: byte offset of the record's first character in the data
 * @length: bytes of the record's text, without its line ending
 * @fields: (element-type utf8): the fields, quotes removed
 * @unterminated: the record ends in a quoted field that is never closed
 *
 * One record of a CSV file as libcsv tokenised it (quotes, doubled quotes, embedded
 * delimiters and newlines, CRLF), with where it was in the file so that errors can point
 * at it.
 */
typedef struct
{
  guint      line;
  gsize      offset;
  gsize      length;
  GPtrArray *fields;
  gboolean   unterminated;
} DcCsvRecord;

void       dc_csv_record_free     (DcCsvRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcCsvRecord, dc_csv_record_free)

/* Tokenises @data with @delimiter. Blank lines are skipped. Returns (element-type
 * DcCsvRecord) (transfer full) the records, or NULL with @error when libcsv fails. */
GPtrArray *dc_csv_parse           (const char  *data,
                                   gsize        length,
                                   char         delimiter,
                                   GError     **error);
/* Which of ',', ';' and tab splits @line (one line of text, usually a header) into the most
 * fields; ',' when none does. */
char       dc_csv_sniff_delimiter (const char  *line,
                                   gsize        length);
/* Appends @field to @out, quoted (libcsv's csv_write2) when it holds the delimiter, a quote,
 * a line break or surrounding spaces, or whenever @always_quote. */
void       dc_csv_append_field    (GString     *out,
                                   const char  *field,
                                   char         delimiter,
                                   gboolean     always_quote);
/* Appends @n_fields fields (NULL is an empty field) separated by @delimiter and ends the
 * row with "\n". */
void       dc_csv_append_row      (GString           *out,
                                   const char *const *fields,
                                   gsize              n_fields,
                                   char               delimiter,
                                   gboolean           always_quote);

G_END_DECLS
