/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dc-client-test.h"
#include "dc-have-page.h"
#include "dc-local-store.h"
#include "dc-sync-test.h"
#include "dc-ui-test.h"
#include "dc-want-page.h"

/* The Want List page over a real account database (the local catalog of real cards and
 * the collection store the app uses): add by search, as any printing and as one printing;
 * edit with the rules enforced under the row; remove and undo. */

#define TIMEOUT 10000

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
wait_count (GListModel *model,
            guint       n)
{
  CountWait wait = { model, n };

  dc_client_test_wait (count_is, &wait, TIMEOUT, "the want list's size");
}

static DcWantRow *
find_want (GListModel *model,
           const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DcWantRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (dc_want_row_get_name (row), name) == 0)
        return row;
    }
  return NULL;
}

static gboolean
has_child (gpointer user_data)
{
  return gtk_widget_get_first_child (user_data) != NULL;
}

static gboolean
is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data);
}

static void
add_want (GtkWidget  *page,
          const char *search,
          const char *result_label,
          gboolean    any_printing)
{
  GtkWidget *button = dc_ui_test_find_labelled (page, GTK_TYPE_MENU_BUTTON, "Add want");
  GtkWidget *entry, *check, *results, *result;

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  entry = dc_ui_test_find_labelled (page, GTK_TYPE_SEARCH_ENTRY, "Card to want");
  dc_client_test_wait (is_mapped, entry, TIMEOUT, "the add popover");
  check = dc_ui_test_find_labelled (page, GTK_TYPE_CHECK_BUTTON, "Any printing");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), any_printing);
  results = dc_ui_test_find_labelled (page, GTK_TYPE_LIST_BOX, "Matching cards");
  while (gtk_widget_get_first_child (results) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (results), gtk_widget_get_first_child (results));
  gtk_editable_set_text (GTK_EDITABLE (entry), search);
  dc_client_test_wait (has_child, results, TIMEOUT, "search results");
  result = dc_ui_test_find_labelled (results, GTK_TYPE_LIST_BOX_ROW, result_label);
  g_signal_emit_by_name (results, "row-activated", result);
}

typedef struct
{
  DcWantRow  *row;
  const char *property;
  gint64      value;
} PropWait;

static gboolean
int_property_is (gpointer user_data)
{
  PropWait *wait = user_data;
  GValue value = G_VALUE_INIT;
  gboolean same;

  g_value_init (&value, g_object_class_find_property (G_OBJECT_GET_CLASS (wait->row),
                                                      wait->property)->value_type);
  g_object_get_property (G_OBJECT (wait->row), wait->property, &value);
  if (G_VALUE_HOLDS_INT (&value))
    same = g_value_get_int (&value) == wait->value;
  else
    same = g_value_get_int64 (&value) == wait->value;
  g_value_unset (&value);
  return same;
}

static void
wait_int (DcWantRow  *row,
          const char *property,
          gint64      value)
{
  PropWait wait = { row, property, value };

  dc_client_test_wait (int_property_is, &wait, TIMEOUT, property);
}

static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
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
spin_shows_seven (gpointer user_data)
{
  return gtk_spin_button_get_value_as_int (user_data) == 7;
}

static GtkWidget *
find_error_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "error") &&
      gtk_widget_is_visible (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
undo_shown (gpointer user_data)
{
  GtkWidget *button = find_button_with_label (user_data, "_Undo");

  return button != NULL && gtk_widget_get_mapped (button);
}

static void
test_want_page (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dc-ui-lists-XXXXXX", NULL);
  g_autofree char *path = dc_sync_test_make_db (dir, "account");
  g_autoptr(GError) error = NULL;
  g_autoptr(DcLocalStore) catalog = dc_local_store_open (path, &error);
  g_autoptr(DcCollectionStore) store = dc_sync_test_open_store (path);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = dc_want_page_new ();
  GListModel *model;
  DcWantRow *bolt, *counter;
  GtkWidget *expander, *spin, *target, *combo, *error_label;
  g_autoptr(GPtrArray) unlabelled = NULL;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 900);
  gtk_window_set_child (GTK_WINDOW (window), page);
  dc_want_page_set_stores (DC_WANT_PAGE (page), catalog, store);
  gtk_window_present (GTK_WINDOW (window));
  dc_ui_test_wait_drawn (window);
  model = dc_collection_store_get_want_model (store);

  /* empty: the status page says how to add */
  g_assert_true (gtk_widget_get_mapped (dc_ui_test_find_type (page, ADW_TYPE_STATUS_PAGE)));

  /* any printing of Lightning Bolt, then one printing of Counterspell */
  add_want (page, "lightning bolt", NULL, TRUE);
  wait_count (model, 1);
  bolt = find_want (model, "Lightning Bolt");
  g_assert_nonnull (bolt);
  g_assert_cmpstr (dc_want_row_get_oracle_id (bolt), ==, BOLT_ORACLE);
  g_assert_null (dc_want_row_get_card_id (bolt));
  add_want (page, "counterspell", NULL, FALSE);
  wait_count (model, 2);
  counter = find_want (model, "Counterspell");
  g_assert_cmpstr (dc_want_row_get_card_id (counter), ==, COUNTER_FCA);
  dc_ui_test_wait_drawn (window);
  g_assert_false (gtk_widget_get_mapped (dc_ui_test_find_type (page, ADW_TYPE_STATUS_PAGE)));

  /* edits reach the store */
  expander = dc_ui_test_find_labelled (page, ADW_TYPE_EXPANDER_ROW, "Counterspell");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  spin = dc_ui_test_find_labelled (expander, GTK_TYPE_SPIN_BUTTON, "Quantity");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
  wait_int (counter, "quantity", 2);
  combo = dc_ui_test_find_labelled (expander, ADW_TYPE_COMBO_ROW, "Condition at least");
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 3);
  wait_int (counter, "quantity", 2);
  target = dc_ui_test_find_labelled (expander, ADW_TYPE_ENTRY_ROW, "Target price (USD)");
  gtk_editable_set_text (GTK_EDITABLE (target), "3");
  g_signal_emit_by_name (target, "apply");
  wait_int (counter, "target-price", 300);
  g_assert_cmpstr (dc_want_row_get_condition_min (counter), ==, "MP");
  g_assert_cmpstr (dc_want_row_get_priority (counter), ==, "medium");

  /* a bad amount is refused under the row, and nothing changes */
  gtk_editable_set_text (GTK_EDITABLE (target), "three dollars");
  g_signal_emit_by_name (target, "apply");
  g_assert_true (gtk_widget_has_css_class (target, "error"));
  error_label = find_error_label (expander);
  g_assert_nonnull (error_label);
  g_assert_true (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "10.00") != NULL);
  g_assert_cmpint (dc_want_row_get_target_price (counter), ==, 300);
  /* a change from elsewhere (a sync) shows in the editors */
  {
    g_autoptr(JsonObject) fields = json_object_new ();

    json_object_set_int_member (fields, "quantity", 7);
    json_object_set_string_member (fields, "priority", "high");
    g_assert_true (dc_collection_store_update (store, DC_SYNC_ENTITY_WANT_ITEM,
                                               dc_want_row_get_id (counter), fields, &error));
    g_assert_no_error (error);
    dc_client_test_wait (spin_shows_seven, spin, TIMEOUT, "the quantity from elsewhere");
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (
                        dc_ui_test_find_labelled (expander, ADW_TYPE_COMBO_ROW, "Priority"))),
                      ==, 2);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
    wait_int (counter, "quantity", 2);
  }
  unlabelled = dc_ui_test_unlabelled_controls (page);
  g_assert_cmpuint (unlabelled->len, ==, 0);
  dc_sync_test_sleep (500);
  dc_ui_test_save_screenshot (window, "want-list");

  /* remove, then undo: it comes back with its fields */
  dc_ui_test_click (dc_ui_test_find_labelled (page, GTK_TYPE_BUTTON, "Remove Counterspell"));
  wait_count (model, 1);
  dc_client_test_wait (undo_shown, page, TIMEOUT, "the Undo toast");
  dc_ui_test_click (find_button_with_label (page, "_Undo"));
  wait_count (model, 2);
  counter = find_want (model, "Counterspell");
  g_assert_cmpint (dc_want_row_get_quantity (counter), ==, 2);
  g_assert_cmpint (dc_want_row_get_target_price (counter), ==, 300);
  g_assert_cmpstr (dc_want_row_get_condition_min (counter), ==, "MP");

  gtk_window_destroy (GTK_WINDOW (window));
  dc_collection_store_close (store);
  dc_local_store_close (catalog);
  dc_client_test_remove_tree (dir);
}

static gboolean
have_quantity_is (gpointer user_data)
{
  DcCollectionStore *store = user_data;
  GListModel *model = dc_collection_store_get_have_model (store);
  g_autoptr(DcHaveRow) row = g_list_model_get_n_items (model) == 1 ?
                             g_list_model_get_item (model, 0) : NULL;

  return row != NULL && dc_have_row_get_quantity (row) == 3 &&
         dc_have_row_get_min_trade_value (row) == 1000;
}

static void
test_have_page (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dc-ui-lists-XXXXXX", NULL);
  g_autofree char *path = dc_sync_test_make_db (dir, "account");
  g_autoptr(DcCollectionStore) store = dc_sync_test_open_store (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *inventory_id = NULL;
  g_autofree char *have_id = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = dc_have_page_new ();
  GtkWidget *expander, *spin, *min_value;
  GListModel *model;
  g_autoptr(GPtrArray) unlabelled = NULL;
  g_autoptr(DcHaveRow) row = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  gtk_window_set_child (GTK_WINDOW (window), page);
  dc_have_page_set_store (DC_HAVE_PAGE (page), store);
  gtk_window_present (GTK_WINDOW (window));
  dc_ui_test_wait_drawn (window);
  model = dc_collection_store_get_have_model (store);

  /* empty: says where have items come from */
  g_assert_true (gtk_widget_get_mapped (dc_ui_test_find_type (page, ADW_TYPE_STATUS_PAGE)));
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (
                     dc_ui_test_find_type (page, ADW_TYPE_STATUS_PAGE))), ==,
                   "Mark cards for trade from your Collection. They are listed here, and "
                   "other collectors can find them.");

  /* 4 Sol Rings owned, 1 marked for trade */
  inventory_id = dc_collection_store_add_card (store, SOL_RING, "nonfoil", "NM", "en", 4,
                                               &error);
  g_assert_no_error (error);
  have_id = dc_collection_store_mark_for_trade (store, inventory_id, 1, &error);
  g_assert_no_error (error);
  wait_count (model, 1);
  dc_ui_test_wait_drawn (window);

  expander = dc_ui_test_find_labelled (page, ADW_TYPE_EXPANDER_ROW, "Sol Ring");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  spin = dc_ui_test_find_labelled (expander, GTK_TYPE_SPIN_BUTTON, "Quantity offered");
  /* at most what is owned */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 9);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 4);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  min_value = dc_ui_test_find_labelled (expander, ADW_TYPE_ENTRY_ROW, "Min trade value (USD)");
  gtk_editable_set_text (GTK_EDITABLE (min_value), "ten");
  g_signal_emit_by_name (min_value, "apply");
  g_assert_nonnull (find_error_label (expander));
  gtk_editable_set_text (GTK_EDITABLE (min_value), "$10");
  g_signal_emit_by_name (min_value, "apply");
  dc_client_test_wait (have_quantity_is, store, TIMEOUT, "the have item's edits");
  dc_ui_test_wait_drawn (window);
  g_assert_null (find_error_label (expander));
  unlabelled = dc_ui_test_unlabelled_controls (page);
  g_assert_cmpuint (unlabelled->len, ==, 0);
  dc_sync_test_sleep (500); /* the expander's animation */
  dc_ui_test_save_screenshot (window, "have-list");

  dc_ui_test_click (dc_ui_test_find_labelled (page, GTK_TYPE_BUTTON, "Remove Sol Ring"));
  wait_count (model, 0);
  dc_client_test_wait (undo_shown, page, TIMEOUT, "the Undo toast");
  dc_ui_test_click (find_button_with_label (page, "_Undo"));
  wait_count (model, 1);
  row = g_list_model_get_item (model, 0);
  g_assert_cmpint (dc_have_row_get_quantity (row), ==, 3);
  g_assert_cmpint (dc_have_row_get_min_trade_value (row), ==, 1000);

  gtk_window_destroy (GTK_WINDOW (window));
  dc_collection_store_close (store);
  dc_client_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  dc_ui_test_init (&argc, &argv);
  if (!dc_ui_test_init_gtk ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  g_test_add_func ("/Dc/UiLists/want-page", test_want_page);
  g_test_add_func ("/Dc/UiLists/have-page", test_have_page);
  return g_test_run ();
}
