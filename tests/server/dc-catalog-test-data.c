/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <csv.h>
#include <string.h>

#include "dc-catalog-test-data.h"

static GInputStream *
open_maybe_gzip (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, &error);
  g_autoptr(GZlibDecompressor) decompressor = NULL;

  g_assert_no_error (error);
  if (!g_str_has_suffix (path, ".gz"))
    return G_INPUT_STREAM (g_steal_pointer (&raw));
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  return g_converter_input_stream_new (G_INPUT_STREAM (raw), G_CONVERTER (decompressor));
}

GPtrArray *
dc_catalog_test_read_lines (const char *path)
{
  g_autoptr(GInputStream) in = open_maybe_gzip (path);
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  char *line;
  gsize length;
  g_autoptr(GError) error = NULL;

  while ((line = g_data_input_stream_read_line (data, &length, NULL, &error)) != NULL)
    g_ptr_array_add (lines, line);
  g_assert_no_error (error);
  return lines;
}

JsonObject *
dc_catalog_test_find_json_line (const char *path,
                                const char *member,
                                const char *value)
{
  g_autoptr(GPtrArray) lines = dc_catalog_test_read_lines (path);
  g_autofree char *needle = g_strdup_printf ("\"%s\":\"%s\"", member, value);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      if (strstr (line, needle) == NULL)
        continue;
      parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, member, NULL),
                     value) == 0)
        return json_object_ref (object);
    }
  return NULL;
}

typedef struct
{
  GPtrArray  *header;
  GPtrArray  *row;
  const char *id;
  GHashTable *best;
} SnapshotSearch;

static void
field_cb (void   *data,
          size_t  length,
          void   *user_data)
{
  SnapshotSearch *search = user_data;

  g_ptr_array_add (search->row, g_strndup (data ? data : "", length));
}

static void
row_cb (int   terminator,
        void *user_data)
{
  SnapshotSearch *search = user_data;
  GHashTable *row;

  if (search->header == NULL)
    {
      search->header = g_steal_pointer (&search->row);
      search->row = g_ptr_array_new_with_free_func (g_free);
      return;
    }
  row = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < search->header->len && i < search->row->len; i++)
    g_hash_table_insert (row, g_strdup (g_ptr_array_index (search->header, i)),
                         g_strdup (g_ptr_array_index (search->row, i)));
  g_ptr_array_set_size (search->row, 0);

  if (g_strcmp0 (g_hash_table_lookup (row, "id"), search->id) != 0 ||
      (search->best != NULL &&
       g_strcmp0 (g_hash_table_lookup (row, "snapshot_date"),
                  g_hash_table_lookup (search->best, "snapshot_date")) < 0))
    {
      g_hash_table_unref (row);
      return;
    }
  g_clear_pointer (&search->best, g_hash_table_unref);
  search->best = row;
}

GHashTable *
dc_catalog_test_newest_snapshot (const char *path,
                                 const char *id)
{
  g_autoptr(GInputStream) in = open_maybe_gzip (path);
  g_autoptr(GError) error = NULL;
  struct csv_parser parser;
  SnapshotSearch search = { NULL, g_ptr_array_new_with_free_func (g_free), id, NULL };
  char buffer[65536];
  gssize n;

  g_assert_cmpint (csv_init (&parser, CSV_APPEND_NULL), ==, 0);
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_assert_cmpuint (csv_parse (&parser, buffer, n, field_cb, row_cb, &search), ==, (gsize) n);
  g_assert_no_error (error);
  csv_fini (&parser, field_cb, row_cb, &search);
  csv_free (&parser);
  g_ptr_array_unref (search.row);
  g_clear_pointer (&search.header, g_ptr_array_unref);
  return search.best;
}

char *
dc_catalog_test_write_file (const char *dir,
                            const char *name,
                            GPtrArray  *lines,
                            gboolean    gzip)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) raw = NULL;
  g_autoptr(GOutputStream) out = NULL;

  raw = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));
  g_assert_no_error (error);
  if (gzip)
    {
      g_autoptr(GZlibCompressor) compressor =
        g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
      out = g_converter_output_stream_new (raw, G_CONVERTER (compressor));
    }
  else
    out = g_object_ref (raw);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_output_stream_write_all (out, line, strlen (line), NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (out, "\n", 1, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return path;
}
