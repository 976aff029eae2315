/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-import"

#include "config.h"

#include <string.h>

#include "dc-collection-import-private.h"

/*
 * Reading a collection file into rows: decoding, the `sep=` line, the delimiter, and the
 * choice between CSV and a plain text list. CSV rows are read in dc-collection-csv.c, with
 * the column names of dc-collection-formats.c; text lines in dc-collection-text.c;
 * matching rows to printings in dc-collection-resolve.c.
 */

G_DEFINE_QUARK (dc-import-error-quark, dc_import_error)

/* Free functions */

void
dc_import_row_free (DcImportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->text);
  g_free (row->name);
  g_free (row->set_code);
  g_free (row->set_name);
  g_free (row->collector_number);
  g_free (row->scryfall_id);
  g_free (row->finish_note);
  g_free (row->acquired_on);
  g_free (row->notes);
  g_free (row->folder);
  g_free (row);
}

void
dc_import_problem_free (DcImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->text);
  g_free (problem->reason);
  g_free (problem->message);
  g_free (problem);
}

DcImportProblem *
dc_import_problem_copy (const DcImportProblem *problem)
{
  DcImportProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (DcImportProblem, 1);
  copy->line = problem->line;
  copy->text = g_strdup (problem->text);
  copy->reason = g_strdup (problem->reason);
  copy->message = g_strdup (problem->message);
  copy->quantity = problem->quantity;
  return copy;
}

void
dc_import_parse_free (DcImportParse *parse)
{
  if (parse == NULL)
    return;
  g_free (parse->format);
  g_free (parse->encoding);
  g_clear_pointer (&parse->rows, g_ptr_array_unref);
  g_clear_pointer (&parse->problems, g_ptr_array_unref);
  g_free (parse);
}

void
dc_import_item_free (DcImportItem *item)
{
  if (item == NULL)
    return;
  g_free (item->card_id);
  g_free (item->acquired_on);
  g_free (item->notes);
  g_free (item);
}

void
dc_import_result_free (DcImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->format);
  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_clear_pointer (&result->unresolved, g_ptr_array_unref);
  g_free (result);
}

static DcImportParse *
import_parse_new (void)
{
  DcImportParse *parse = g_new0 (DcImportParse, 1);

  parse->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_import_row_free);
  parse->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_import_problem_free);
  return parse;
}

void
_dc_import_add_problem (DcImportParse *parse,
                        guint          line,
                        const char    *text,
                        const char    *reason,
                        guint          quantity,
                        const char    *message)
{
  DcImportProblem *problem = g_new0 (DcImportProblem, 1);

  problem->line = line;
  problem->text = g_strdup (text);
  problem->reason = g_strdup (reason);
  problem->message = g_strdup (message);
  problem->quantity = quantity;
  g_ptr_array_add (parse->problems, problem);
}

/* Notes read "first; second". */
void
_dc_import_append_note (GString    *notes,
                        const char *note)
{
  if (note == NULL || *note == '\0')
    return;
  if (notes->len > 0)
    g_string_append (notes, "; ");
  g_string_append (notes, note);
}

/* Decoding */

/* The data as UTF-8 without a byte order mark. */
static char *
decode (const char  *data,
        gsize        length,
        char       **out_encoding,
        GError     **error)
{
  const char *fallbacks[] = { "WINDOWS-1252", "ISO-8859-1" };
  const char *from = NULL;
  char *text;

  if (length >= 2 && (((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe) ||
                      ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)))
    {
      /* Excel's "Unicode text" is UTF-16 with a byte order mark, which iconv reads. */
      from = "UTF-16";
      text = g_convert (data, (gssize) length, "UTF-8", from, NULL, NULL, NULL);
    }
  else if (g_utf8_validate_len (data, length, NULL) && memchr (data, '\0', length) == NULL)
    {
      from = "UTF-8";
      text = g_strndup (data, length);
    }
  else
    {
      text = NULL;
      for (guint i = 0; i < G_N_ELEMENTS (fallbacks) && text == NULL; i++)
        {
          from = fallbacks[i];
          text = g_convert (data, (gssize) length, "UTF-8", from, NULL, NULL, NULL);
        }
    }

  if (text == NULL)
    {
      g_set_error_literal (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_ENCODING,
                           "The file is not text in a known encoding");
      return NULL;
    }

  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    memmove (text, text + 3, strlen (text + 3) + 1);
  *out_encoding = g_strdup (from);
  return text;
}

/* "sep=;" or "\"sep=;\"" on the first line, as Excel reads and Dragon Shield writes. */
static char
sep_line_delimiter (const char *line,
                    gsize       length)
{
  g_autofree char *text = g_strstrip (g_strndup (line, length));
  gsize len = strlen (text);

  if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
    {
      text[len - 1] = '\0';
      memmove (text, text + 1, len - 1);
      len -= 2;
    }
  if (len == 5 && g_ascii_strncasecmp (text, "sep=", 4) == 0)
    return text[4];
  if (len == 6 && g_ascii_strncasecmp (text, "sep=\\t", 6) == 0)
    return '\t';
  return 0;
}

static gboolean
find_first_line (const char *text,
                 const char **out_line,
                 gsize       *out_length)
{
  const char *p = text;

  while (*p)
    {
      const char *end = p + strcspn (p, "\r\n");
      gboolean blank = TRUE;

      for (const char *c = p; c < end; c++)
        if (!g_ascii_isspace (*c))
          blank = FALSE;
      if (!blank)
        {
          *out_line = p;
          *out_length = (gsize) (end - p);
          return TRUE;
        }
      p = *end ? end + 1 : end;
    }
  return FALSE;
}

static void
parse_text_list (const char    *text,
                 DcImportParse *parse)
{
  const char *p = text;
  guint line = 0;

  while (*p)
    {
      const char *end = p + strcspn (p, "\r\n");
      g_autofree char *raw = g_strndup (p, (gsize) (end - p));
      g_autoptr(DcImportRow) row = g_new0 (DcImportRow, 1);
      g_autofree char *reason = NULL;
      g_autofree char *message = NULL;
      gboolean blank = TRUE;

      line++;
      /* "\r\n" is one line break, a lone "\r" or "\n" another. */
      if (*end == '\r' && end[1] == '\n')
        p = end + 2;
      else
        p = *end ? end + 1 : end;

      for (const char *c = raw; *c; c++)
        if (!g_ascii_isspace (*c))
          blank = FALSE;
      if (blank)
        continue;

      row->line = line;
      row->text = g_strdup (raw);
      switch (_dc_import_parse_text_line (raw, row, &reason, &message))
        {
        case DC_TEXT_LINE_CARD:
          g_ptr_array_add (parse->rows, g_steal_pointer (&row));
          break;
        case DC_TEXT_LINE_SKIP:
          parse->skipped_lines++;
          break;
        case DC_TEXT_LINE_PROBLEM:
        default:
          _dc_import_add_problem (parse, line, raw, reason, row->quantity, message);
          break;
        }
    }
}

/**
 * dc_collection_import_parse_full:
 * @data: the file's bytes (UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252)
 * @length: bytes in @data
 * @format: (nullable): "auto" (or NULL) to detect the format from the header, or a name
 *   from dc_collection_import_formats(), or "csv" for any CSV with recognisable columns
 * @options: (nullable): the user's choices
 * @out_parse: (out) (transfer full): the rows, problems and detected format
 * @error: a #DcImportError
 *
 * Reads a collection export into rows. CSV is tokenised by libcsv: `,`, `;` or tab
 * (sniffed from the header, or named by a `sep=` first line), quoted fields with
 * delimiters and line breaks, CRLF. Columns are found by name (see
 * dc-collection-formats.c), so unseen exports with the usual column names work. A file
 * whose first line names no card column is read as a plain text list.
 *
 * Rows that cannot be read (a bad quantity, nothing naming a card) become problems with
 * their line and reason; nothing is dropped silently.
 *
 * Returns: FALSE only when the file cannot be read at all.
 */
gboolean
dc_collection_import_parse_full (const char             *data,
                                 gsize                   length,
                                 const char             *format,
                                 const DcImportOptions  *options,
                                 DcImportParse         **out_parse,
                                 GError                **error)
{
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  const DcImportFormat *requested = NULL;
  const char *first_line;
  gsize first_length;
  guint header_index = 0;
  char delimiter;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (out_parse != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format != NULL && *format != '\0' && g_ascii_strcasecmp (format, "auto") != 0)
    {
      requested = _dc_import_format_lookup (format);
      if (requested == NULL)
        {
          g_set_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_UNKNOWN_FORMAT,
                       "Unknown import format “%s”", format);
          return FALSE;
        }
    }

  parse = import_parse_new ();
  text = decode (data ? data : "", length, &parse->encoding, error);
  if (text == NULL)
    return FALSE;
  if (!find_first_line (text, &first_line, &first_length))
    {
      g_set_error_literal (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_EMPTY, "The file is empty");
      return FALSE;
    }

  if (requested && strcmp (requested->name, "text") == 0)
    goto text_list;

  delimiter = sep_line_delimiter (first_line, first_length);
  if (delimiter != 0)
    header_index = 1;
  else
    delimiter = dc_csv_sniff_delimiter (first_line, first_length);

  records = dc_csv_parse (text, strlen (text), delimiter, error);
  if (records == NULL)
    return FALSE;

  if (_dc_import_read_csv (text, records, header_index, requested, options, parse))
    {
      parse->delimiter = delimiter;
      *out_parse = g_steal_pointer (&parse);
      return TRUE;
    }
  if (requested != NULL)
    {
      g_set_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_NO_HEADER,
                   "The first line has no column that names a card, as a %s export has",
                   requested->display_name);
      return FALSE;
    }

text_list:
  parse->format = g_strdup ("text");
  parse->format_detected = requested == NULL;
  parse_text_list (text, parse);
  *out_parse = g_steal_pointer (&parse);
  return TRUE;
}

/**
 * dc_collection_import_parse:
 *
 * dc_collection_import_parse_full() without options: prices that name no currency, in
 * formats that imply none, are USD.
 */
gboolean
dc_collection_import_parse (const char     *data,
                            gsize           length,
                            const char     *format,
                            DcImportParse **out_parse,
                            GError        **error)
{
  return dc_collection_import_parse_full (data, length, format, NULL, out_parse, error);
}

