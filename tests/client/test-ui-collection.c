/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dc-application.h"
#include "dc-client-test.h"
#include "dc-collection-page.h"
#include "dc-test-harness.h"
#include "dc-token-store.h"
#include "dc-ui-test.h"
#include "dc-welcome-window.h"
#include "dc-window.h"

/* The Collection page with the real app, the real server (behind the catalog shim) and a
 * real keyring:
 *   sign in → the server goes away → add a card from the page's search → the indicator
 *   says one change is pending → the server comes back → synced, and the server has it
 *   quantity edited inline → the server has the new quantity
 *   delete → Undo → the card is back and stays on the server
 *   some real cards for the screenshot; then 20,000 rows: filter and sort still work */

#define TIMEOUT 60000
#define MANY    20000

static DcTestKeyring *keyring;
static DcTestServer *server;
static DcTestCatalog *catalog;
static DcTestShim *shim;
static DcApplication *app;

typedef void (*Scenario) (void);

static void
close_windows (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    {
      gtk_window_set_focus (windows->data, NULL);
      gtk_window_destroy (windows->data);
    }
}

static void
scenario_cb (gpointer user_data)
{
  Scenario scenario = user_data;

  scenario ();
  close_windows ();
  g_application_quit (G_APPLICATION (app));
}

static void
activated_cb (GApplication *application,
              gpointer      scenario)
{
  g_signal_handlers_disconnect_by_func (application, activated_cb, scenario);
  g_idle_add_once (scenario_cb, scenario);
}

static void
run_app (Scenario scenario)
{
  g_assert_null (app);
  app = dc_application_new (G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), scenario);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);
}

static DcWindow *
main_window (void)
{
  GtkWindow *window = dc_application_get_main_window (app);

  g_assert_true (DC_IS_WINDOW (window));
  return DC_WINDOW (window);
}

static gboolean
main_window_shown (gpointer user_data)
{
  GtkWindow *window = dc_application_get_main_window (app);

  return DC_IS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
welcome_shown (gpointer user_data)
{
  GtkWindow *window = dc_application_get_main_window (app);

  return DC_IS_WELCOME_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
catalog_complete (gpointer user_data)
{
  DcAccount *account = dc_application_get_account (app);

  return account != NULL &&
         dc_account_get_catalog_cards (account) == (gint64) catalog->lines->len;
}

static gboolean
indicator_says (gpointer user_data)
{
  return (int) dc_sync_indicator_get_state (dc_window_get_sync_indicator (main_window ())) ==
         GPOINTER_TO_INT (user_data);
}

static gboolean
indicator_label_has (gpointer user_data)
{
  const char *label = dc_sync_indicator_get_label (dc_window_get_sync_indicator (main_window ()));

  return label != NULL && strstr (label, user_data) != NULL;
}

typedef struct
{
  GListModel *model;
  guint       n_items;
} CountWait;

static gboolean
count_is (gpointer user_data)
{
  CountWait *wait = user_data;

  return g_list_model_get_n_items (wait->model) == wait->n_items;
}

static void
wait_count (GListModel *model,
            guint       n_items,
            const char *what)
{
  CountWait wait = { model, n_items };

  dc_client_test_wait (count_is, &wait, TIMEOUT, what);
}

static gboolean
results_shown (gpointer user_data)
{
  DcCardSearch *search = user_data;

  return !dc_card_search_get_busy (search) &&
         g_list_model_get_n_items (dc_card_search_get_results (search)) > 0;
}

static DcInventoryRow *
find_row (GListModel *model,
          const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DcInventoryRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (dc_inventory_row_get_id (row), id) == 0)
        return row;
    }
  return NULL;
}

static gboolean
row_quantity_is (gpointer user_data)
{
  DcCollectionPage *page = DC_COLLECTION_PAGE (dc_ui_test_find_type (GTK_WIDGET (main_window ()),
                                                                     DC_TYPE_COLLECTION_PAGE));
  const char *id = g_object_get_data (user_data, "id");
  int quantity = GPOINTER_TO_INT (g_object_get_data (user_data, "quantity"));
  DcInventoryRow *row = find_row (dc_collection_page_get_model (page), id);

  return row != NULL && dc_inventory_row_get_quantity (row) == quantity;
}

/* The server's copy of alice's inventory item @id, over its REST API. */
static JsonObject *
server_item (const char *token,
             const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/inventory/%s", id);
  g_autoptr(DcTestResponse) response = dc_test_request (server, "GET", path, token, NULL, NULL);

  if (response->status != 200)
    {
      g_test_message ("GET %s: %u %.*s", path, response->status,
                      (int) g_bytes_get_size (response->body),
                      (const char *) g_bytes_get_data (response->body, NULL));
      return NULL;
    }
  return json_object_ref (dc_test_response_object (response));
}

static char *
lookup_token (const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  dc_token_store_lookup_async (shim->base_url, username, NULL, dc_client_test_result_cb, &result);
  dc_client_test_wait_result (&result);
  token = dc_token_store_lookup_finish (result, &error);
  g_assert_no_error (error);
  return token;
}

static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0 &&
      gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
button_shown (gpointer user_data)
{
  return find_button_with_label (GTK_WIDGET (main_window ()), user_data) != NULL;
}

static void
sign_in (void)
{
  GtkWidget *root;

  dc_client_test_wait (welcome_shown, NULL, TIMEOUT, "the welcome window");
  root = GTK_WIDGET (dc_application_get_main_window (app));
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW,
                                                                 "Server address")),
                         shim->base_url);
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW,
                                                                 "Username or email")),
                         "alice");
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW,
                                                                 "Password")),
                         "dualcaster-demo");
  dc_ui_test_click (dc_ui_test_find_labelled (root, GTK_TYPE_BUTTON, "Sign In"));
  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "the main window");
  dc_client_test_wait (catalog_complete, NULL, TIMEOUT, "the catalog download");
  dc_client_test_wait (indicator_says, GINT_TO_POINTER (DC_SYNC_STATE_SYNCED), TIMEOUT,
                       "the indicator to say synced");
}

/* Types @text into the page's add search and adds the first match with Enter. */
static char *
add_card (DcCollectionPage *page,
          const char       *text,
          const char       *expected_name)
{
  GtkWidget *root = GTK_WIDGET (page);
  GtkWidget *entry = dc_ui_test_find_labelled (root, GTK_TYPE_SEARCH_ENTRY, "Card to add");
  DcCardSearch *search = DC_CARD_SEARCH (gtk_widget_get_ancestor (entry, DC_TYPE_CARD_SEARCH));
  GListModel *model = dc_collection_page_get_model (page);
  guint before = g_list_model_get_n_items (model);
  g_autoptr(DcCardItem) chosen = NULL;
  g_autoptr(DcInventoryRow) added = NULL;
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (model);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  dc_client_test_wait (results_shown, search, TIMEOUT, "search results to add from");
  /* the keyboard: down, up, Enter adds the first (exact) match */
  g_assert_true (dc_ui_test_send_key (entry, GDK_KEY_Down));
  g_assert_true (dc_ui_test_send_key (entry, GDK_KEY_Up));
  g_assert_cmpuint (dc_card_search_get_selected (search), ==, 0);
  chosen = g_list_model_get_item (dc_card_search_get_results (search), 0);
  g_assert_cmpstr (dc_card_item_get_name (chosen), ==, expected_name);
  g_signal_emit_by_name (entry, "activate");

  wait_count (model, before + 1, "the added card in the table");
  /* the new row is selected, with the defaults */
  while (gtk_single_selection_get_selected_item (selection) == NULL)
    g_main_context_iteration (NULL, TRUE);
  added = g_object_ref (gtk_single_selection_get_selected_item (selection));
  g_assert_cmpstr (dc_inventory_row_get_card_id (added), ==, dc_card_item_get_id (chosen));
  g_assert_cmpstr (dc_inventory_row_get_name (added), ==, expected_name);
  g_assert_cmpint (dc_inventory_row_get_quantity (added), ==, 1);
  g_assert_cmpstr (dc_inventory_row_get_condition (added), ==, "NM");
  g_assert_cmpstr (dc_inventory_row_get_finish (added), ==, "nonfoil");
  g_assert_cmpstr (dc_inventory_row_get_language (added), ==, "en");
  return g_strdup (dc_inventory_row_get_id (added));
}

static GtkWidget *
find_spin (GtkWidget  *root,
           const char *label)
{
  if (GTK_IS_SPIN_BUTTON (root) && dc_ui_test_has_label (root, label))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_spin (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
synced_without_pending (gpointer user_data)
{
  DcAccount *account = dc_application_get_account (app);

  return dc_account_get_pending_changes (account) == 0 &&
         indicator_says (GINT_TO_POINTER (DC_SYNC_STATE_SYNCED));
}

static void
sync_and_wait (void)
{
  gtk_widget_activate_action (GTK_WIDGET (main_window ()), "win.sync-now", NULL);
  dc_client_test_wait (synced_without_pending, NULL, TIMEOUT, "everything synced");
}

static gboolean
sorted (gpointer user_data)
{
  GtkSortListModel *sort_model = user_data;

  return gtk_sort_list_model_get_pending (sort_model) == 0;
}

static void
collection_scenario (void)
{
  DcWindow *window;
  DcCollectionPage *page;
  GListModel *model;
  GtkWidget *spin, *add_button, *root;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) unlabelled = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(GObject) expect = g_object_new (G_TYPE_OBJECT, NULL);
  DcCollectionStore *store;
  guint before;

  sign_in ();
  window = main_window ();
  root = GTK_WIDGET (window);
  token = lookup_token ("alice");
  g_assert_cmpstr (dc_window_get_visible_page (window), ==, "collection");
  page = DC_COLLECTION_PAGE (dc_ui_test_find_type (root, DC_TYPE_COLLECTION_PAGE));
  model = dc_collection_page_get_model (page);
  g_assert_nonnull (model);
  store = dc_account_get_collection_store (dc_application_get_account (app));
  g_assert_nonnull (store);

  /* the server goes away */
  dc_test_shim_stop (shim);
  dc_test_server_stop (server);
  gtk_widget_activate_action (root, "win.sync-now", NULL);
  dc_client_test_wait (indicator_says, GINT_TO_POINTER (DC_SYNC_STATE_OFFLINE), TIMEOUT,
                       "the indicator to say offline");

  /* add a card with the keyboard, from the page's own search */
  add_button = dc_ui_test_find_labelled (root, GTK_TYPE_TOGGLE_BUTTON, "Add a card");
  dc_ui_test_click (add_button);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (add_button)));
  before = g_list_model_get_n_items (model);
  id = add_card (page, "lightning bo", "Lightning Bolt");
  dc_client_test_wait (indicator_label_has, (gpointer) "1 pending change", TIMEOUT,
                       "the indicator to count the pending change");
  g_test_message ("indicator: %s",
                  dc_sync_indicator_get_label (dc_window_get_sync_indicator (window)));
  g_assert_nonnull (strstr (dc_sync_indicator_get_label (dc_window_get_sync_indicator (window)),
                            "Offline"));
  dc_ui_test_save_screenshot (root, "collection-offline-add");

  /* the server comes back: the card reaches it */
  dc_test_server_start (server);
  dc_test_shim_restart (shim, server->base_url);
  sync_and_wait ();
  g_assert_cmpstr (dc_sync_indicator_get_label (dc_window_get_sync_indicator (window)), ==,
                   "Synced");
  item = server_item (token, id);
  g_assert_nonnull (item);
  g_assert_cmpint (json_object_get_int_member (item, "quantity"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "condition"), ==, "NM");
  g_clear_pointer (&item, json_object_unref);

  /* the quantity, inline */
  dc_ui_test_wait_drawn (root);
  spin = find_spin (GTK_WIDGET (dc_collection_page_get_column_view (page)),
                    "Quantity of Lightning Bolt");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  g_object_set_data_full (expect, "id", g_strdup (id), g_free);
  g_object_set_data (expect, "quantity", GINT_TO_POINTER (3));
  dc_client_test_wait (row_quantity_is, expect, TIMEOUT, "the new quantity");
  sync_and_wait ();
  item = server_item (token, id);
  g_assert_cmpint (json_object_get_int_member (item, "quantity"), ==, 3);
  g_clear_pointer (&item, json_object_unref);

  /* the side panel: a price paid and a condition */
  gtk_widget_activate_action (GTK_WIDGET (page), "collection.edit", NULL);
  dc_ui_test_wait_drawn (root);
  g_assert_true (dc_collection_page_get_editor_open (page));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dc_ui_test_find_labelled (GTK_WIDGET (page),
                                                                       GTK_TYPE_DROP_DOWN,
                                                                       "Condition")), 2);
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (GTK_WIDGET (page),
                                                                 GTK_TYPE_ENTRY,
                                                                 "Acquisition price in US dollars")),
                         "1.50");
  g_test_message ("saving");
  dc_ui_test_click (dc_ui_test_find_labelled (GTK_WIDGET (page), GTK_TYPE_BUTTON,
                                              "Save changes"));
  g_assert_false (dc_collection_page_get_editor_open (page));
  sync_and_wait ();
  item = server_item (token, id);
  g_assert_cmpstr (json_object_get_string_member (item, "condition"), ==, "LP");
  g_assert_cmpstr (json_object_get_string_member (item, "acquisition_price"), ==, "1.50");
  g_clear_pointer (&item, json_object_unref);

  /* delete, then Undo: the row comes back and the server never lost it */
  before = g_list_model_get_n_items (model);
  gtk_widget_activate_action (GTK_WIDGET (page), "collection.edit", NULL);
  dc_ui_test_wait_drawn (root);
  g_test_message ("deleting");
  dc_ui_test_click (dc_ui_test_find_labelled (GTK_WIDGET (page), GTK_TYPE_BUTTON,
                                              "Delete from the collection"));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, before - 1);
  g_assert_null (find_row (model, id));
  dc_client_test_wait (button_shown, (gpointer) "_Undo", TIMEOUT, "the Undo toast");
  dc_ui_test_save_screenshot (root, "collection-undo");
  dc_ui_test_click (find_button_with_label (root, "_Undo"));
  wait_count (model, before, "the card back after Undo");
  g_assert_nonnull (find_row (model, id));
  sync_and_wait ();
  item = server_item (token, id);
  g_assert_nonnull (item);
  g_clear_pointer (&item, json_object_unref);

  /* mark for trade → the have list */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DcInventoryRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (dc_inventory_row_get_id (row), id) == 0)
        dc_collection_page_select (page, i);
    }
  gtk_widget_activate_action (GTK_WIDGET (page), "collection.edit", NULL);
  g_assert_true (dc_collection_page_get_editor_open (page));
  dc_ui_test_wait_drawn (root);
  dc_ui_test_click (dc_ui_test_find_labelled (GTK_WIDGET (page), GTK_TYPE_BUTTON,
                                              "Mark for trade"));
  wait_count (dc_collection_store_get_have_model (store),
              g_list_model_get_n_items (dc_collection_store_get_have_model (store)) + 1,
              "the have list entry");

  /* the card page's Add to Collection */
  {
    DcCardSearch *search = dc_window_get_card_search (window);
    GtkWidget *entry = dc_ui_test_find_labelled (root, GTK_TYPE_SEARCH_ENTRY, "Search cards");

    before = g_list_model_get_n_items (model);
    gtk_editable_set_text (GTK_EDITABLE (entry), "watery grave");
    dc_client_test_wait (results_shown, search, TIMEOUT, "search results");
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpstr (dc_window_get_visible_page (window), ==, "card");
    dc_ui_test_wait_drawn (root);
    dc_ui_test_click (dc_ui_test_find_labelled (GTK_WIDGET (dc_window_get_card_page (window)),
                                                GTK_TYPE_BUTTON, "Add to collection"));
    wait_count (model, before + 1, "the card added from its page");
    gtk_widget_activate_action (root, "win.back", NULL);
    g_assert_cmpstr (dc_window_get_visible_page (window), ==, "collection");
  }

  /* some more real cards for the picture */
  {
    static const struct { const char *name; const char *finish; const char *condition;
                          int quantity; const char *paid; } cards[] = {
      { "Counterspell", "nonfoil", "LP", 4, "1.00" },
      { "Sacred Foundry", "nonfoil", "NM", 2, "12.00" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
      {
        const char *card_id = dc_test_catalog_find_id (catalog, cards[i].name);
        g_autoptr(JsonObject) fields = json_object_new ();
        g_autoptr(GError) error = NULL;
        g_autofree char *new_id = NULL;

        if (card_id == NULL)
          continue;
        json_object_set_string_member (fields, "card_id", card_id);
        json_object_set_int_member (fields, "quantity", cards[i].quantity);
        json_object_set_string_member (fields, "finish", cards[i].finish);
        json_object_set_string_member (fields, "condition", cards[i].condition);
        json_object_set_string_member (fields, "language", "en");
        json_object_set_string_member (fields, "acquisition_price", cards[i].paid);
        json_object_set_string_member (fields, "acquisition_currency", "USD");
        new_id = dc_collection_store_create (store, DC_SYNC_ENTITY_INVENTORY_ITEM, fields,
                                             &error);
        g_assert_no_error (error);
      }
  }
  sync_and_wait ();
  gtk_widget_activate_action (GTK_WIDGET (page), "collection.close-editor", NULL);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (add_button), FALSE);
  dc_collection_page_select (page, GTK_INVALID_LIST_POSITION);
  g_test_message ("totals: %s", dc_collection_page_get_totals_text (page));
  g_assert_nonnull (strstr (dc_collection_page_get_totals_text (page), "cards"));
  dc_ui_test_wait_drawn (root);
  dc_ui_test_save_screenshot (root, "collection");

  unlabelled = dc_ui_test_unlabelled_controls (GTK_WIDGET (page));
  for (guint i = 0; i < unlabelled->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unlabelled, i));
  g_assert_cmpuint (unlabelled->len, ==, 0);

  /* filters: name, set, finish */
  before = g_list_model_get_n_items (model);
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (GTK_WIDGET (page),
                                                                 GTK_TYPE_SEARCH_ENTRY,
                                                                 "Filter the collection by name")),
                         "bolt");
  wait_count (model, 1, "the name filter");
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (GTK_WIDGET (page),
                                                                 GTK_TYPE_SEARCH_ENTRY,
                                                                 "Filter the collection by name")),
                         "");
  wait_count (model, before, "the name filter cleared");
}

static gboolean
model_not_empty (gpointer user_data)
{
  return g_list_model_get_n_items (user_data) > 0;
}

static void
many_rows_scenario (void)
{
  DcWindow *window;
  DcCollectionPage *page;
  GListModel *model;
  GtkColumnView *view;
  GtkColumnViewColumn *name_column;
  GtkSortListModel *sort_model;
  DcCollectionStore *store;
  g_autoptr(GPtrArray) fields_list = g_ptr_array_new_with_free_func (
    (GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcInventoryRow) first = NULL;
  g_autoptr(DcInventoryRow) second = NULL;
  guint before;

  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "the main window");
  window = main_window ();
  page = DC_COLLECTION_PAGE (dc_ui_test_find_type (GTK_WIDGET (window), DC_TYPE_COLLECTION_PAGE));
  model = dc_collection_page_get_model (page);
  store = dc_account_get_collection_store (dc_application_get_account (app));
  /* this many stays local: the point is the table, not the upload */
  dc_sync_engine_stop (dc_account_get_sync_engine (dc_application_get_account (app)));
  /* the cards of the first test are still here */
  dc_client_test_wait (model_not_empty, model, TIMEOUT, "the collection loaded");
  before = g_list_model_get_n_items (model);

  for (guint i = 0; i < MANY; i++)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "card_id",
                                     g_ptr_array_index (catalog->ids, i % catalog->ids->len));
      json_object_set_int_member (fields, "quantity", 1 + i % 4);
      json_object_set_string_member (fields, "finish", i % 5 == 0 ? "foil" : "nonfoil");
      json_object_set_string_member (fields, "condition", "NM");
      json_object_set_string_member (fields, "language", "en");
      g_ptr_array_add (fields_list, fields);
    }
  ids = dc_collection_store_create_many (store, DC_SYNC_ENTITY_INVENTORY_ITEM, fields_list,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, MANY);
  wait_count (model, before + MANY, "20,000 more rows in the table");
  dc_ui_test_wait_drawn (GTK_WIDGET (window));

  /* sort by name: the table stays usable while it sorts, and ends sorted */
  view = dc_collection_page_get_column_view (page);
  name_column = g_list_model_get_item (gtk_column_view_get_columns (view), 0);
  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
  g_object_unref (name_column);
  sort_model = GTK_SORT_LIST_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model)));
  dc_client_test_wait (sorted, sort_model, TIMEOUT, "the sort");
  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  g_assert_cmpint (g_utf8_collate (dc_inventory_row_get_name (first),
                                   dc_inventory_row_get_name (second)), <=, 0);
  dc_ui_test_wait_drawn (GTK_WIDGET (window));
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "collection-many");

  /* the finish filter over all of them */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dc_ui_test_find_labelled (GTK_WIDGET (page),
                                                                       GTK_TYPE_DROP_DOWN,
                                                                       "Filter by finish")), 2);
  while (g_list_model_get_n_items (model) >= before + MANY)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < MIN (50, g_list_model_get_n_items (model)); i++)
    {
      g_autoptr(DcInventoryRow) row = g_list_model_get_item (model, i);

      g_assert_cmpstr (dc_inventory_row_get_finish (row), ==, "foil");
    }
}

static void
test_collection (void)
{
  run_app (collection_scenario);
}

static void
test_many_rows (void)
{
  run_app (many_rows_scenario);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dc_ui_test_init (&argc, &argv);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  keyring = dc_test_keyring_start ();
  g_assert_true (dc_ui_test_init_gtk ());
  {
    g_autoptr(GSettings) settings = dc_settings_new ();

    g_settings_set_int (settings, "window-width", 1180);
    g_settings_set_int (settings, "window-height", 800);
  }

  server = dc_test_server_prepare (NULL);
  g_assert_cmpint (dc_test_server_run_command (server, NULL, "seed-demo", NULL), ==, 0);
  {
    /* the server's catalog: the cards the shim serves to the client */
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");

    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
  }
  dc_test_server_start (server);
  catalog = dc_test_catalog_load (0, NULL);
  shim = dc_test_shim_new (catalog, server->base_url);

  g_test_add_func ("/Dc/UiCollection/offline-add-edit-delete-undo", test_collection);
  g_test_add_func ("/Dc/UiCollection/many-rows", test_many_rows);

  status = g_test_run ();

  dc_test_shim_free (shim);
  dc_test_catalog_free (catalog);
  dc_test_server_free (server);
  dc_test_keyring_stop (keyring);
  return status;
}
