/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-sync-test"

#include "config.h"

#include <string.h>

#include "dc-card.h"
#include "dc-finish.h"
#include "dc-local-store.h"
#include "dc-sync-test.h"

static const char *catalog_ids[] = { BOLT_FCA, SOL_RING, COUNTER_FCA };

/* The card as the server's catalog route serves it: our card object plus its prices. */
static char *
catalog_line (const DcCard *card)
{
  g_autoptr(JsonNode) node = dc_card_to_json (card);
  JsonObject *object = json_node_get_object (node);
  JsonArray *prices = json_array_new ();

  for (guint i = 0; i < card->prices->len; i++)
    {
      const DcCardPrice *price = &g_array_index (card->prices, DcCardPrice, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "finish", dc_finish_to_string (price->finish));
      json_object_set_string_member (entry, "currency", price->currency);
      json_object_set_string_member (entry, "source", price->source);
      json_object_set_int_member (entry, "amount_minor", price->amount_minor);
      json_array_add_object_element (prices, entry);
    }
  json_object_set_array_member (object, "prices", prices);
  return json_to_string (node, FALSE);
}

static GPtrArray *
load_catalog_lines (void)
{
  static GPtrArray *lines;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GConverter) gunzip = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  if (lines != NULL)
    return lines;

  path = g_build_filename (g_getenv ("DC_DEMO_DATA"), "cards.jsonl.gz", NULL);
  file = g_file_new_for_path (path);
  raw = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_assert_no_error (error);
  gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  stream = g_converter_input_stream_new (raw, gunzip);
  data = g_data_input_stream_new (stream);

  lines = g_ptr_array_new_with_free_func (g_free);
  while ((line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, &error)) != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (catalog_ids); i++)
        if (strstr (line, catalog_ids[i]) != NULL)
          {
            g_autoptr(DcCard) card = dc_card_parse_scryfall_line (line, -1, NULL);

            if (card != NULL && g_str_equal (card->id, catalog_ids[i]))
              g_ptr_array_add (lines, catalog_line (card));
          }
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (catalog_ids));
  return lines;
}

char *
dc_sync_test_make_db (const char *dir,
                      const char *name)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  char *path = g_build_filename (dir, file, NULL);
  g_autoptr(DcLocalStore) local = NULL;
  g_autoptr(DcCatalogWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *lines = load_catalog_lines ();

  local = dc_local_store_open (path, &error);
  g_assert_no_error (error);
  writer = dc_catalog_writer_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (dc_catalog_writer_begin (writer, &error));
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_assert_true (dc_catalog_writer_put_line (writer, line, strlen (line), &error));
      g_assert_no_error (error);
    }
  g_assert_true (dc_catalog_writer_commit (writer, &error));
  dc_local_store_close (local);
  return path;
}

DcCollectionStore *
dc_sync_test_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  DcCollectionStore *store = dc_collection_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
dc_sync_test_wait_flag (gboolean   *flag,
                        guint       timeout_ms,
                        const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (!*flag)
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
}

void
dc_sync_test_result_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

void
dc_sync_test_wait_result (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (30000, timeout_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_nonnull (*result);
}

void
dc_sync_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
dc_sync_test_sleep (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gpointer
dc_sync_test_find_row (GListModel *rows,
                       const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autofree char *row_id = NULL;

      g_object_get (row, "id", &row_id, NULL);
      if (g_strcmp0 (row_id, id) == 0)
        return g_steal_pointer (&row);
    }
  return NULL;
}
