/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dc-api-client.h"
#include "dc-client-test.h"
#include "dc-collection-import.h"
#include "dc-import-dialog.h"
#include "dc-local-store.h"
#include "dc-sync-engine.h"
#include "dc-sync-test.h"
#include "dc-test-harness.h"
#include "dc-ui-test.h"
#include "dc-want-page.h"

/* The Import/Export dialog over a real account database holding the whole demo catalog,
 * against the real server: a real ManaBox export is previewed with the numbers the
 * importer computes, imported in one go, and after a sync the server has every copy; a
 * want added on the Want List page reaches the server too; cancelling writes nothing;
 * export writes the collection back out. */

#define TIMEOUT 30000

static DcTestServer *server;
static DcTestCatalog *catalog;

/* An independent resolver over the catalog's lines, by the rules of DcCardResolver. */
typedef struct
{
  GHashTable *ids;          /* id → id */
  GHashTable *set_number;   /* "set|number" → id, English first */
  GHashTable *set_name;     /* "name|set" → id */
  GHashTable *newest;       /* name → id of the newest English printing */
  GHashTable *released;     /* name → released_at of that printing */
} MemoryCatalog;

static void
put_name (MemoryCatalog *memory,
          const char    *name,
          JsonObject    *card)
{
  const char *id = json_object_get_string_member (card, "id");
  const char *set = json_object_get_string_member_with_default (card, "set", "");
  const char *lang = json_object_get_string_member_with_default (card, "lang", "en");
  const char *released = json_object_get_string_member_with_default (card, "released_at", "");
  g_autofree char *folded = g_utf8_casefold (name, -1);
  const char *best = g_hash_table_lookup (memory->released, folded);

  g_hash_table_insert (memory->set_name, g_strdup_printf ("%s|%s", folded, set), g_strdup (id));
  if (g_str_equal (lang, "en") && (best == NULL || strcmp (released, best) > 0))
    {
      g_hash_table_insert (memory->newest, g_strdup (folded), g_strdup (id));
      g_hash_table_insert (memory->released, g_strdup (folded), g_strdup (released));
    }
}

static MemoryCatalog *
memory_catalog_new (void)
{
  MemoryCatalog *memory = g_new0 (MemoryCatalog, 1);

  memory->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  memory->set_number = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  memory->set_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  memory->newest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  memory->released = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < catalog->lines->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *card;
      const char *name, *id, *set, *number, *lang;
      g_autofree char *key = NULL;

      g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (catalog->lines, i),
                                                 -1, NULL));
      card = json_node_get_object (json_parser_get_root (parser));
      id = json_object_get_string_member (card, "id");
      name = json_object_get_string_member (card, "name");
      set = json_object_get_string_member_with_default (card, "set", "");
      number = json_object_get_string_member_with_default (card, "collector_number", "");
      lang = json_object_get_string_member_with_default (card, "lang", "en");
      g_hash_table_add (memory->ids, g_strdup (id));
      key = g_strdup_printf ("%s|%s", set, number);
      if (g_str_equal (lang, "en") || !g_hash_table_contains (memory->set_number, key))
        g_hash_table_insert (memory->set_number, g_steal_pointer (&key), g_strdup (id));
      put_name (memory, name, card);
      if (strstr (name, " // ") != NULL)
        {
          g_autofree char *front = g_strndup (name, strstr (name, " // ") - name);

          put_name (memory, front, card);
        }
    }
  return memory;
}

static char *
memory_by_id (gpointer    user_data,
              const char *id)
{
  MemoryCatalog *memory = user_data;
  g_autofree char *lower = g_ascii_strdown (id, -1);

  return g_hash_table_contains (memory->ids, lower) ? g_strdup (lower) : NULL;
}

static char *
memory_by_set_number (gpointer    user_data,
                      const char *set,
                      const char *number)
{
  MemoryCatalog *memory = user_data;
  g_autofree char *lower = g_ascii_strdown (set, -1);
  g_autofree char *key = g_strdup_printf ("%s|%s", lower, number);

  return g_strdup (g_hash_table_lookup (memory->set_number, key));
}

static char *
memory_by_set_name (gpointer    user_data,
                    const char *set_code,
                    const char *set_name,
                    const char *name)
{
  MemoryCatalog *memory = user_data;
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autofree char *lower = set_code ? g_ascii_strdown (set_code, -1) : g_strdup ("");
  g_autofree char *key = g_strdup_printf ("%s|%s", folded, lower);

  return g_strdup (g_hash_table_lookup (memory->set_name, key));
}

static char *
memory_by_name (gpointer    user_data,
                const char *name)
{
  MemoryCatalog *memory = user_data;
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_strdup (g_hash_table_lookup (memory->newest, folded));
}

static DcImportResult *
expected_result (const char *path,
                 MemoryCatalog *memory)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(GError) error = NULL;
  DcImportResult *result = NULL;
  DcCardResolver resolver = {
    memory_by_id, memory_by_set_number, NULL, NULL, memory_by_set_name, memory_by_name, memory,
  };

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (dc_collection_import_parse (contents, length, NULL, &parse, &error));
  g_assert_no_error (error);
  dc_collection_import_resolve (parse, &resolver, &result);
  return result;
}

/* The account database: every migration, and the whole demo catalog. */
static char *
make_db (const char *dir)
{
  char *path = g_build_filename (dir, "account.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DcLocalStore) local = dc_local_store_open (path, &error);
  g_autoptr(DcCatalogWriter) writer = dc_catalog_writer_new (path, &error);

  g_assert_no_error (error);
  g_assert_true (dc_catalog_writer_begin (writer, &error));
  for (guint i = 0; i < catalog->lines->len; i++)
    {
      const char *line = g_ptr_array_index (catalog->lines, i);

      g_assert_true (dc_catalog_writer_put_line (writer, line, strlen (line), &error));
    }
  g_assert_true (dc_catalog_writer_commit (writer, &error));
  g_assert_no_error (error);
  dc_local_store_close (local);
  return path;
}

static gboolean
dialog_idle (gpointer user_data)
{
  return !dc_import_dialog_get_busy (user_data);
}

static gboolean
preview_ready (gpointer user_data)
{
  return dc_import_dialog_get_result (user_data) != NULL;
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
count_is (gpointer user_data)
{
  CountWait *wait = user_data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static void
finished_cb (DcImportDialog *dialog,
             const char     *message,
             char          **out)
{
  *out = g_strdup (message);
}

static gboolean
is_set (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

static void
sync_ok (DcSyncEngine *engine)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dc_sync_engine_sync_async (engine, NULL, dc_sync_test_result_cb, &result);
  dc_sync_test_wait_result (&result);
  g_assert_true (dc_sync_engine_sync_finish (engine, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dc_sync_engine_get_pending_count (engine), ==, 0);
}

static gboolean
bar_moved (gpointer user_data)
{
  double fraction = gtk_progress_bar_get_fraction (user_data);
  const char *text = gtk_progress_bar_get_text (user_data);

  /* "1234 of 40000 rows" */
  return fraction > 0 && fraction < 1 && text != NULL && strstr (text, " of 40000 rows") != NULL;
}

static gboolean
has_child (gpointer user_data)
{
  return gtk_widget_get_first_child (user_data) != NULL;
}

static void
test_import_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dc-ui-import-XXXXXX", NULL);
  g_autofree char *db = make_db (dir);
  g_autofree char *csv = dc_test_data_path ("csv-samples/manabox-list-export-stepkie.csv");
  g_autofree char *big = dc_test_data_path ("csv-samples/manabox-collection-stepkie.csv");
  g_autofree char *token = dc_test_register_user (server, "importer");
  g_autoptr(DcCollectionStore) store = dc_sync_test_open_store (db);
  g_autoptr(DcApiClient) api = dc_api_client_new (server->base_url);
  g_autoptr(DcSyncEngine) engine = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(DcImportResult) expected = NULL;
  g_autoptr(GPtrArray) unlabelled = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  MemoryCatalog *memory;
  GtkWidget *main_window = gtk_window_new ();
  DcImportDialog *dialog;
  const DcImportResult *shown;
  GListModel *inventory;
  GtkWidget *list, *button;
  gint64 copies = 0;
  CountWait wait;

  dc_api_client_set_token (api, token);
  engine = dc_sync_engine_new (store, api);
  inventory = dc_collection_store_get_inventory_model (store);
  gtk_window_set_default_size (GTK_WINDOW (main_window), 900, 700);
  gtk_window_present (GTK_WINDOW (main_window));

  /* cancelling leaves nothing behind */
  dialog = dc_import_dialog_new (GTK_WINDOW (main_window), store, db);
  gtk_window_present (GTK_WINDOW (dialog));
  {
    g_autoptr(GFile) big_file = g_file_new_for_path (big);

    dc_import_dialog_load_file (dialog, big_file);
  }
  g_assert_true (dc_import_dialog_get_busy (dialog));
  dc_ui_test_wait_drawn (GTK_WIDGET (dialog));
  dc_ui_test_click (dc_ui_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_BUTTON,
                                              "Cancel import"));
  dc_client_test_wait (dialog_idle, dialog, TIMEOUT, "the cancelled import");
  g_assert_null (dc_import_dialog_get_result (dialog));
  g_assert_true (gtk_widget_get_mapped (dc_ui_test_find_labelled (GTK_WIDGET (dialog),
                                                                  GTK_TYPE_BUTTON,
                                                                  "Choose file to import")));
  dc_sync_test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (inventory), ==, 0);
  g_assert_cmpuint (dc_collection_store_get_pending_count (store), ==, 0);

  /* a long list: the progress bar moves, and Cancel in the middle writes nothing */
  {
    g_autofree char *long_path = g_build_filename (dir, "long.txt", NULL);
    g_autoptr(GFile) long_file = g_file_new_for_path (long_path);
    g_autoptr(GString) lines = g_string_new (NULL);
    GtkWidget *bar;

    for (guint i = 0; i < 40000; i++)
      g_string_append_printf (lines, "%ux %s\n", 1 + i % 4,
                              i % 2 ? "Lightning Bolt" : "No Such Card Anywhere");
    g_assert_true (g_file_set_contents (long_path, lines->str, lines->len, NULL));
    dc_import_dialog_load_file (dialog, long_file);
    bar = dc_ui_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR,
                                    "Import progress");
    dc_client_test_wait (bar_moved, bar, TIMEOUT, "the progress bar");
    g_assert_true (dc_import_dialog_get_busy (dialog));
    dc_ui_test_save_screenshot (GTK_WIDGET (dialog), "import-progress");
    dc_ui_test_click (dc_ui_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_BUTTON,
                                                "Cancel import"));
    dc_client_test_wait (dialog_idle, dialog, TIMEOUT, "the cancelled import");
    g_assert_null (dc_import_dialog_get_result (dialog));
    dc_sync_test_drain ();
    g_assert_cmpuint (g_list_model_get_n_items (inventory), ==, 0);
    g_assert_cmpuint (dc_collection_store_get_pending_count (store), ==, 0);
  }

  /* a real ManaBox export: the preview shows what the importer computes */
  memory = memory_catalog_new ();
  expected = expected_result (csv, memory);
  dc_import_dialog_load_file (dialog, file);
  dc_client_test_wait (preview_ready, dialog, TIMEOUT, "the import preview");
  shown = dc_import_dialog_get_result (dialog);
  g_assert_cmpstr (shown->format, ==, "manabox");
  g_assert_cmpuint (shown->rows, ==, expected->rows);
  g_assert_cmpuint (shown->imported, ==, expected->imported);
  g_assert_cmpuint (shown->merged, ==, expected->merged);
  g_assert_cmpuint (shown->guessed, ==, expected->guessed);
  g_assert_cmpuint (shown->unresolved->len, ==, expected->unresolved->len);
  g_assert_cmpuint (shown->quantity_imported, ==, expected->quantity_imported);
  g_assert_cmpuint (shown->quantity_total, ==, expected->quantity_total);
  g_assert_cmpuint (shown->items->len, ==, expected->items->len);
  g_assert_cmpuint (shown->imported, >, 0);
  g_assert_cmpuint (shown->unresolved->len, >, 0);
  /* …and says it in words a screen reader reads */
  text = g_strdup_printf ("Rows matched to a card: %u", expected->imported);
  dc_ui_test_find_labelled (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("Rows not imported: %u", expected->unresolved->len);
  dc_ui_test_find_labelled (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, text);
  {
    const DcImportProblem *first = g_ptr_array_index (expected->unresolved, 0);

    g_clear_pointer (&text, g_free);
    text = g_strdup_printf ("Line %u: %s", first->line, first->message);
    list = dc_ui_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX,
                                     "Rows not imported");
    dc_ui_test_find_labelled (list, ADW_TYPE_ACTION_ROW, text);
  }
  /* the guessed printings are listed to be checked, by line */
  if (expected->guessed > 0)
    {
      GtkWidget *guesses = dc_ui_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX,
                                                     "Printings guessed from the name");
      guint n = 0;

      for (GtkWidget *row = gtk_widget_get_first_child (guesses); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        n++;
      for (guint i = 0; i < expected->items->len; i++)
        if (((DcImportItem *) g_ptr_array_index (expected->items, i))->guessed)
          n--;
      g_assert_cmpuint (n, ==, 0);
    }
  unlabelled = dc_ui_test_unlabelled_controls (GTK_WIDGET (dialog));
  g_assert_cmpuint (unlabelled->len, ==, 0);
  dc_ui_test_save_screenshot (GTK_WIDGET (dialog), "import");
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment =
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    gtk_adjustment_set_value (adjustment, 480);
    dc_ui_test_save_screenshot (GTK_WIDGET (dialog), "import-rows");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* overriding the format reads the file again: as a plain list it holds no cards */
  dc_import_dialog_set_format (dialog, "text");
  dc_client_test_wait (dialog_idle, dialog, TIMEOUT, "the second reading");
  dc_import_dialog_set_format (dialog, "manabox");
  dc_client_test_wait (preview_ready, dialog, TIMEOUT, "the third reading");
  g_assert_cmpuint (dc_import_dialog_get_result (dialog)->imported, ==, expected->imported);

  /* Import writes it all, in one go */
  g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), &message);
  button = dc_ui_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Import");
  dc_ui_test_click (button);
  dc_client_test_wait (is_set, &message, TIMEOUT, "the import");
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("Imported %" G_GUINT64_FORMAT " cards", expected->quantity_imported);
  g_assert_cmpstr (message, ==, text);
  wait = (CountWait) { inventory, expected->items->len };
  dc_client_test_wait (count_is, &wait, TIMEOUT, "the collection");
  for (guint i = 0; i < g_list_model_get_n_items (inventory); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (inventory, i);
      int quantity;

      g_object_get (row, "quantity", &quantity, NULL);
      copies += quantity;
    }
  g_assert_cmpint (copies, ==, (gint64) expected->quantity_imported);

  /* a want added on the Want List page */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DcLocalStore) local = dc_local_store_open (db, &error);
    GtkWidget *page = dc_want_page_new ();
    GtkWidget *entry, *results;

    g_assert_no_error (error);
    gtk_window_set_child (GTK_WINDOW (main_window), page);
    dc_want_page_set_stores (DC_WANT_PAGE (page), local, store);
    dc_ui_test_wait_drawn (main_window);
    gtk_menu_button_popup (GTK_MENU_BUTTON (dc_ui_test_find_labelled (page,
                                                                      GTK_TYPE_MENU_BUTTON,
                                                                      "Add want")));
    entry = dc_ui_test_find_labelled (page, GTK_TYPE_SEARCH_ENTRY, "Card to want");
    results = dc_ui_test_find_labelled (page, GTK_TYPE_LIST_BOX, "Matching cards");
    gtk_editable_set_text (GTK_EDITABLE (entry), "Counterspell");
    dc_client_test_wait (has_child, results, TIMEOUT, "search results");
    g_signal_emit_by_name (results, "row-activated", gtk_widget_get_first_child (results));
    wait = (CountWait) { dc_collection_store_get_want_model (store), 1 };
    dc_client_test_wait (count_is, &wait, TIMEOUT, "the want");
    dc_local_store_close (local);
  }

  /* after a sync the server has every copy, and the want */
  sync_ok (engine);
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/inventory?per_page=500",
                                                   token, NULL, NULL);
    JsonObject *answer;

    g_assert_cmpuint (r->status, ==, 200);
    answer = dc_test_response_object (r);
    g_assert_cmpint (json_object_get_int_member (answer, "total"), ==, expected->items->len);
    g_assert_cmpint (json_object_get_int_member (answer, "total_quantity"), ==,
                     (gint64) expected->quantity_imported);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/want-list", token,
                                                   NULL, NULL);
    g_autofree char *body = g_strndup (g_bytes_get_data (r->body, NULL),
                                       g_bytes_get_size (r->body));

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_nonnull (strstr (body, "Counterspell"));
  }

  /* export: the collection in ManaBox's format reads back to the same copies */
  {
    g_autofree char *out_path = g_build_filename (dir, "export.csv", NULL);
    g_autoptr(GFile) out = g_file_new_for_path (out_path);
    g_autoptr(DcImportResult) again = NULL;

    g_clear_pointer (&message, g_free);
    dialog = dc_import_dialog_new (GTK_WINDOW (main_window), store, db);
    g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), &message);
    dc_import_dialog_show_export (dialog);
    gtk_window_present (GTK_WINDOW (dialog));
    dc_ui_test_wait_drawn (GTK_WIDGET (dialog));
    dc_ui_test_save_screenshot (GTK_WIDGET (dialog), "export");
    dc_import_dialog_export_to_file (dialog, "manabox", out);
    dc_client_test_wait (is_set, &message, TIMEOUT, "the export");
    g_clear_pointer (&text, g_free);
    text = g_strdup_printf ("Exported %u items to export.csv", expected->items->len);
    g_assert_cmpstr (message, ==, text);
    again = expected_result (out_path, memory);
    g_assert_cmpuint (again->quantity_imported, ==, expected->quantity_imported);
    g_assert_cmpuint (again->unresolved->len, ==, 0);
  }

  gtk_window_destroy (GTK_WINDOW (main_window));
  dc_sync_test_drain ();
  g_clear_object (&engine);
  dc_collection_store_close (store);
  dc_client_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  dc_ui_test_init (&argc, &argv);
  if (!dc_ui_test_init_gtk ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  {
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");

    server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_AUTH_RATE_LIMIT=1000",
                                                         "DUALCASTER_ACCESS_LOG=0", NULL });
    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
    dc_test_server_start (server);
  }
  catalog = dc_test_catalog_load (0, NULL);
  g_test_add_func ("/Dc/UiImport/import-preview-commit-sync-export", test_import_export);
  ret = g_test_run ();
  dc_test_catalog_free (catalog);
  dc_test_server_free (server);
  return ret;
}
