/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-csv"

#include "config.h"

#include <string.h>
#include <csv.h>

#include "dc-csv.h"

G_DEFINE_QUARK (dc-csv-error-quark, dc_csv_error)

typedef struct
{
  GPtrArray *fields;    /* of the record being read */
  gboolean   ended;     /* libcsv reported the end of the record */
} ParseState;

void
dc_csv_record_free (DcCsvRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->fields, g_ptr_array_unref);
  g_free (record);
}

static void
field_cb (void   *data,
          size_t  length,
          void   *user_data)
{
  ParseState *state = user_data;

  g_ptr_array_add (state->fields, g_strndup (data ? data : "", length));
}

static void
record_cb (int   c,
           void *user_data)
{
  ParseState *state = user_data;

  state->ended = TRUE;
}

/* With a tab delimiter a tab must not count as padding to trim. */
static int
is_space_only (unsigned char c)
{
  return c == CSV_SPACE;
}

static int
is_space_or_tab (unsigned char c)
{
  return c == CSV_SPACE || c == CSV_TAB;
}

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
      return FALSE;
  return TRUE;
}

/* The end of the physical line that starts at @pos: after "\n", "\r\n" or a lone "\r". */
static gsize
line_end (const char *data,
          gsize       length,
          gsize       pos)
{
  for (gsize i = pos; i < length; i++)
    {
      if (data[i] == '\n')
        return i + 1;
      if (data[i] == '\r')
        return i + 1 < length && data[i + 1] == '\n' ? i + 2 : i + 1;
    }
  return length;
}

static void
finish_record (GPtrArray  *records,
               ParseState *state,
               const char *data,
               guint       line,
               gsize       start,
               gsize       end,
               gboolean    unterminated)
{
  DcCsvRecord *record = g_new0 (DcCsvRecord, 1);

  while (end > start && (data[end - 1] == '\n' || data[end - 1] == '\r'))
    end--;
  record->line = line;
  record->offset = start;
  record->length = end - start;
  record->fields = g_steal_pointer (&state->fields);
  record->unterminated = unterminated;
  g_ptr_array_add (records, record);

  state->fields = g_ptr_array_new_with_free_func (g_free);
  state->ended = FALSE;
}

GPtrArray *
dc_csv_parse (const char  *data,
              gsize        length,
              char         delimiter,
              GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  ParseState state = { g_ptr_array_new_with_free_func (g_free), FALSE };
  struct csv_parser parser;
  gboolean in_record = FALSE;
  guint line = 1, record_line = 0;
  gsize pos = 0, record_start = 0;
  int status;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_csv_record_free);
  if (csv_init (&parser, 0) != 0)
    {
      g_ptr_array_unref (state.fields);
      g_set_error_literal (error, DC_CSV_ERROR, DC_CSV_ERROR_FAILED, "Cannot start libcsv");
      return NULL;
    }
  csv_set_delim (&parser, (unsigned char) delimiter);
  csv_set_space_func (&parser, delimiter == '\t' ? is_space_only : is_space_or_tab);

  /* Fed one physical line at a time, so that each record knows the line it starts on and
   * the text it spans (a quoted field may hold line breaks). */
  while (pos < length)
    {
      gsize end = line_end (data, length, pos);

      if (!in_record)
        {
          if (is_blank (data + pos, end - pos))
            {
              pos = end;
              line++;
              continue;
            }
          in_record = TRUE;
          record_start = pos;
          record_line = line;
        }

      if (csv_parse (&parser, data + pos, end - pos, field_cb, record_cb, &state) != end - pos)
        goto failed;

      if (state.ended)
        {
          finish_record (records, &state, data, record_line, record_start, end, FALSE);
          in_record = FALSE;
        }
      pos = end;
      line++;
    }

  /* Strict at the very end only, to learn whether a quoted field is left open (lenient
   * parsing would silently take the rest of the file as that field). */
  csv_set_opts (&parser, CSV_STRICT | CSV_STRICT_FINI);
  status = csv_fini (&parser, field_cb, record_cb, &state);
  if (status != 0)
    {
      if (csv_error (&parser) != CSV_EPARSE)
        goto failed;
      /* A quoted field never closes: take what it holds, and say so. */
      csv_set_opts (&parser, 0);
      if (csv_fini (&parser, field_cb, record_cb, &state) != 0)
        goto failed;
    }
  if (in_record)
    finish_record (records, &state, data, record_line, record_start, length, status != 0);

  csv_free (&parser);
  g_ptr_array_unref (state.fields);
  return g_steal_pointer (&records);

failed:
  g_set_error (error, DC_CSV_ERROR, DC_CSV_ERROR_FAILED, "Cannot read CSV at line %u: %s",
               line, csv_strerror (csv_error (&parser)));
  csv_free (&parser);
  g_ptr_array_unref (state.fields);
  return NULL;
}

static void
count_field_cb (void   *data,
                size_t  length,
                void   *user_data)
{
  (*(guint *) user_data)++;
}

char
dc_csv_sniff_delimiter (const char *line,
                        gsize       length)
{
  static const char candidates[] = { ',', ';', '\t' };
  char best = ',';
  guint best_count = 1;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      struct csv_parser parser;
      guint count = 0;

      if (csv_init (&parser, 0) != 0)
        continue;
      csv_set_delim (&parser, (unsigned char) candidates[i]);
      csv_set_space_func (&parser, candidates[i] == '\t' ? is_space_only : is_space_or_tab);
      csv_parse (&parser, line, length, count_field_cb, NULL, &count);
      csv_fini (&parser, count_field_cb, NULL, &count);
      csv_free (&parser);
      if (count > best_count)
        {
          best = candidates[i];
          best_count = count;
        }
    }
  return best;
}

static gboolean
needs_quotes (const char *field,
              char        delimiter)
{
  gsize len = strlen (field);

  if (len == 0)
    return FALSE;
  if (field[0] == ' ' || field[0] == '\t' || field[len - 1] == ' ' || field[len - 1] == '\t')
    return TRUE;
  for (const char *p = field; *p; p++)
    if (*p == delimiter || *p == '"' || *p == '\n' || *p == '\r')
      return TRUE;
  return FALSE;
}

void
dc_csv_append_field (GString    *out,
                     const char *field,
                     char        delimiter,
                     gboolean    always_quote)
{
  gsize len, needed;

  g_return_if_fail (out != NULL);

  if (field == NULL)
    field = "";
  if (!always_quote && !needs_quotes (field, delimiter))
    {
      g_string_append (out, field);
      return;
    }

  len = strlen (field);
  needed = csv_write2 (NULL, 0, field, len, CSV_QUOTE);
  {
    gsize old_len = out->len;

    g_string_set_size (out, old_len + needed);
    csv_write2 (out->str + old_len, needed, field, len, CSV_QUOTE);
  }
}

void
dc_csv_append_row (GString           *out,
                   const char *const *fields,
                   gsize              n_fields,
                   char               delimiter,
                   gboolean           always_quote)
{
  g_return_if_fail (out != NULL);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, delimiter);
      dc_csv_append_field (out, fields[i], delimiter, always_quote);
    }
  g_string_append_c (out, '\n');
}
