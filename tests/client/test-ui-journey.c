/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dc-application.h"
#include "dc-card-page.h"
#include "dc-client-test.h"
#include "dc-money.h"
#include "dc-price-chart.h"
#include "dc-preferences-window.h"
#include "dc-test-harness.h"
#include "dc-token-store.h"
#include "dc-ui-test.h"
#include "dc-welcome-window.h"
#include "dc-window.h"

/* The user journeys of the client's first phase, with the real app in-process, the real
 * server (sign-in, sessions) behind a shim that serves the catalog and price-history
 * routes from real cards, and a real gnome-keyring:
 *   first run → sign in → main window, catalog downloaded
 *   restart → straight into the main window (the token came from the keyring)
 *   search → card page with prices and a price chart; Settings lists the devices
 *   offline: search still works, the card page says what is missing and why
 *   restart offline → still straight in; back online → sign out removes token and data */

#define TIMEOUT 60000

static DcTestKeyring *keyring;
static DcTestServer *server;
static DcTestCatalog *catalog;
static DcTestShim *shim;
static DcApplication *app;
static gboolean welcome_seen;
static char *token_on_sign_in;

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  if (DC_IS_WELCOME_WINDOW (window))
    welcome_seen = TRUE;
}

typedef void (*Scenario) (void);

static void
close_windows (void)
{
  GList *windows;

  /* as when the user closes the window: it saves its size, the app goes */
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
  /* once per run: the scenario runs from the app's own main loop */
  g_signal_handlers_disconnect_by_func (application, activated_cb, scenario);
  g_idle_add_once (scenario_cb, scenario);
}

/* Starts the app as a user would, runs @scenario once it is up, and quits it. Each run is
 * a fresh start: nothing but the keyring, the files and the settings outlive it. */
static void
run_app (Scenario scenario)
{
  g_assert_null (app);
  welcome_seen = FALSE;
  app = dc_application_new (G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), scenario);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);
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

static DcWindow *
main_window (void)
{
  GtkWindow *window = dc_application_get_main_window (app);

  g_assert_true (DC_IS_WINDOW (window));
  return DC_WINDOW (window);
}

static gboolean
catalog_complete (gpointer user_data)
{
  DcAccount *account = dc_application_get_account (app);

  return account != NULL &&
         dc_account_get_catalog_cards (account) == (gint64) catalog->lines->len &&
         dc_account_get_sync_state (account) == DC_SYNC_STATE_SYNCED;
}

static gboolean
catalog_progress_or_done (gpointer user_data)
{
  DcAccount *account = dc_application_get_account (app);

  return dc_window_get_catalog_progress_visible (main_window ()) ||
         (account != NULL && dc_account_get_catalog_cards (account) > 0);
}

static gboolean
indicator_says (gpointer user_data)
{
  return (int) dc_sync_indicator_get_state (dc_window_get_sync_indicator (main_window ())) ==
         GPOINTER_TO_INT (user_data);
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

static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      gsize n = strlen (needle);

      if (!g_file_get_contents (path, &contents, &length, NULL))
        return FALSE;
      for (gsize i = 0; i + n <= length; i++)
        if (memcmp (contents + i, needle, n) == 0)
          return TRUE;
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) && tree_contains (child, needle))
        return TRUE;
    }
  return FALSE;
}

static void
first_run_scenario (void)
{
  DcWelcomeWindow *welcome;
  GtkWidget *root, *server_row, *login_row, *password_row, *submit;
  g_autoptr(GPtrArray) unlabelled = NULL;
  DcAccount *account;

  dc_client_test_wait (welcome_shown, NULL, TIMEOUT, "the welcome window");
  welcome = DC_WELCOME_WINDOW (dc_application_get_main_window (app));
  root = GTK_WIDGET (welcome);

  unlabelled = dc_ui_test_unlabelled_controls (root);
  for (guint i = 0; i < unlabelled->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unlabelled, i));
  g_assert_cmpuint (unlabelled->len, ==, 0);

  server_row = dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW, "Server address");
  login_row = dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW, "Username or email");
  password_row = dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW, "Password");
  submit = dc_ui_test_find_labelled (root, GTK_TYPE_BUTTON, "Sign In");

  /* the default server is the local one; this test's is the shim in front of the server */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_row)), ==, "http://127.0.0.1:8000");
  gtk_editable_set_text (GTK_EDITABLE (server_row), shim->base_url);
  gtk_editable_set_text (GTK_EDITABLE (login_row), "alice");
  g_assert_false (gtk_widget_is_sensitive (submit));

  /* a wrong password: the server's message, inline, and the form stays */
  gtk_editable_set_text (GTK_EDITABLE (password_row), "not her password");
  dc_ui_test_save_screenshot (root, "welcome");
  dc_ui_test_click (submit);
  g_assert_true (dc_welcome_window_get_busy (welcome));
  while (dc_welcome_window_get_busy (welcome))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (dc_welcome_window_get_error (welcome));
  g_test_message ("inline error: %s", dc_welcome_window_get_error (welcome));
  g_assert_true (gtk_widget_has_css_class (password_row, "error"));
  dc_ui_test_save_screenshot (root, "welcome-error");

  gtk_editable_set_text (GTK_EDITABLE (password_row), "dualcaster-demo");
  g_assert_null (dc_welcome_window_get_error (welcome));
  dc_ui_test_click (submit);
  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "the main window");

  /* the first catalog download shows its progress in the window */
  dc_client_test_wait (catalog_progress_or_done, NULL, TIMEOUT, "the catalog download to start");
  g_assert_true (dc_window_get_catalog_progress_visible (main_window ()));
  dc_ui_test_save_screenshot (GTK_WIDGET (main_window ()), "catalog-download");

  account = dc_application_get_account (app);
  g_assert_cmpstr (dc_account_get_username (account), ==, "alice");
  g_assert_cmpstr (dc_account_get_server_url (account), ==, shim->base_url);
  g_assert_cmpstr (dc_window_get_visible_page (main_window ()), ==, "collection");

  /* the first catalog download, then synced */
  dc_client_test_wait (catalog_complete, NULL, TIMEOUT, "the catalog download");
  g_assert_cmpuint (shim->catalog_requests, ==, 1);
  dc_client_test_wait (indicator_says, GINT_TO_POINTER (DC_SYNC_STATE_SYNCED), TIMEOUT,
                       "the indicator to say synced");
  g_assert_cmpstr (dc_sync_indicator_get_label (dc_window_get_sync_indicator (main_window ())),
                   ==, "Synced");
  dc_ui_test_save_screenshot (GTK_WIDGET (main_window ()), "main");

  /* the token is in the keyring, and nowhere in the files of the home folder */
  token_on_sign_in = lookup_token ("alice");
  g_assert_nonnull (token_on_sign_in);
  g_assert_cmpstr (token_on_sign_in, ==,
                   dc_api_client_get_token (dc_account_get_api_client (account)));
  g_assert_false (tree_contains (g_get_home_dir (), token_on_sign_in));
}

static void
test_first_run_sign_in (void)
{
  run_app (first_run_scenario);
  {
    g_autofree char *log = dc_test_server_read_log (server);
    g_message ("server %s; log tail: %s", server->base_url,
               strlen (log) > 3000 ? log + strlen (log) - 3000 : log);
  }
}

static gboolean
results_shown (gpointer user_data)
{
  DcCardSearch *search = user_data;

  return !dc_card_search_get_busy (search) &&
         g_list_model_get_n_items (dc_card_search_get_results (search)) > 0;
}

static gboolean
card_page_settled (gpointer user_data)
{
  DcCardPage *page = user_data;

  return g_strcmp0 (dc_card_page_get_image_state (page), "loading") != 0 &&
         g_strcmp0 (dc_card_page_get_history_state (page), "loading") != 0;
}

static DcCardPage *
search_and_open (const char *text,
                 const char *expected_name,
                 const char *screenshot)
{
  DcWindow *window = main_window ();
  DcCardSearch *search = dc_window_get_card_search (window);
  GtkWidget *entry = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY,
                                               "Search cards");
  DcCardPage *page = dc_window_get_card_page (window);
  g_autoptr(DcCardItem) chosen = NULL;

  g_assert_true (GTK_WIDGET (search) == gtk_widget_get_ancestor (entry, DC_TYPE_CARD_SEARCH));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_widget_has_focus (entry) || gtk_widget_is_focus (entry) ||
                 gtk_widget_get_focus_child (entry) != NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  dc_client_test_wait (results_shown, search, TIMEOUT, "search results");
  if (screenshot != NULL)
    dc_ui_test_save_screenshot (GTK_WIDGET (window), screenshot);

  /* the keyboard: down, up, Enter opens the first (exact) match */
  g_assert_cmpuint (dc_card_search_get_selected (search), ==, 0);
  g_assert_true (dc_ui_test_send_key (entry, GDK_KEY_Down));
  if (g_list_model_get_n_items (dc_card_search_get_results (search)) > 1)
    g_assert_cmpuint (dc_card_search_get_selected (search), ==, 1);
  g_assert_true (dc_ui_test_send_key (entry, GDK_KEY_Up));
  g_assert_cmpuint (dc_card_search_get_selected (search), ==, 0);
  chosen = g_list_model_get_item (dc_card_search_get_results (search), 0);
  g_assert_cmpstr (dc_card_item_get_name (chosen), ==, expected_name);
  g_signal_emit_by_name (entry, "activate");

  g_assert_cmpstr (dc_window_get_visible_page (window), ==, "card");
  g_assert_cmpstr (dc_card_item_get_id (dc_card_page_get_card (page)), ==,
                   dc_card_item_get_id (chosen));
  dc_client_test_wait (card_page_settled, page, TIMEOUT, "the card page to load");
  return page;
}

static const char *
expected_price_row (DcCardItem *item,
                    DcFinish    finish)
{
  static char *text;
  GArray *prices = dc_card_item_get_prices (item);
  GString *label = g_string_new (finish == DC_FINISH_NONFOIL ? "Nonfoil" : "Foil");

  for (guint i = 0; i < prices->len; i++)
    {
      const DcItemPrice *price = &g_array_index (prices, DcItemPrice, i);
      DcMoney money = { price->amount_minor, { 0 } };
      g_autofree char *amount = NULL;

      if (price->finish != finish)
        continue;
      memcpy (money.currency, price->currency, 4);
      amount = dc_money_format (&money);
      g_string_append_printf (label, ", %s (%s)", amount,
                              dc_price_source_get_label (price->source));
    }
  g_assert_cmpuint (label->len, >, strlen ("Nonfoil"));
  g_free (text);
  text = g_string_free (label, FALSE);
  return text;
}

static void test_preferences_devices (void);

static gboolean
want_list_has_one (gpointer user_data)
{
  DcCollectionStore *store = dc_account_get_collection_store (dc_application_get_account (app));

  return g_list_model_get_n_items (dc_collection_store_get_want_model (store)) == 1;
}

static void
restart_scenario (void)
{
  DcWindow *window;
  DcCardPage *page;
  GtkWidget *chart, *prices, *leaflet;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  GPtrArray *series;
  g_autoptr(GPtrArray) unlabelled = NULL;

  /* straight into the main window: the token came from the keyring */
  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "the main window after a restart");
  g_assert_false (welcome_seen);
  /* at this size the sidebar and the content sit side by side */
  leaflet = dc_ui_test_find_type (GTK_WIDGET (main_window ()), ADW_TYPE_LEAFLET);
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  g_assert_cmpstr (dc_account_get_username (dc_application_get_account (app)), ==, "alice");
  window = main_window ();
  /* the catalog is already here: the refresh asks only for what changed since */
  dc_client_test_wait (catalog_complete, NULL, TIMEOUT, "the catalog refresh");
  g_assert_cmpuint (shim->catalog_requests, ==, 2);
  g_assert_cmpint (shim->last_since, ==, 1);

  page = search_and_open ("lightning bo", "Lightning Bolt", "search");

  /* cards.scryfall.io is not reachable from here: a placeholder that says why */
  g_assert_cmpstr (dc_card_page_get_image_state (page), ==, "placeholder");

  /* current prices from the local catalog: one row per finish, as a screen reader says it */
  prices = dc_ui_test_find_labelled (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW,
                                     expected_price_row (dc_card_page_get_card (page),
                                                         DC_FINISH_NONFOIL));
  g_assert_true (gtk_widget_get_mapped (prices));

  /* the history came from the server (the shim) and is drawn */
  g_assert_cmpstr (dc_card_page_get_history_state (page), ==, "chart");
  g_assert_cmpuint (shim->history_requests, ==, 1);
  chart = dc_ui_test_find_labelled (GTK_WIDGET (page), DC_TYPE_PRICE_CHART, "Price history chart");
  series = dc_price_chart_get_series (DC_PRICE_CHART (chart));
  g_assert_nonnull (series);
  g_assert_cmpuint (series->len, >, 0);

  /* a card with a livelier history for the pictures: its page, then its chart scrolled
   * into view with the pointer on the newest day */
  page = search_and_open ("sacred foundry", "Sacred Foundry", NULL);
  g_assert_cmpstr (dc_card_page_get_history_state (page), ==, "chart");
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "card");
  chart = dc_ui_test_find_labelled (GTK_WIDGET (page), DC_TYPE_PRICE_CHART, "Price history chart");
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (chart, GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  dc_ui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (dc_price_chart_hover_at (DC_PRICE_CHART (chart),
                                          gtk_widget_get_width (chart) * 0.75));
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "card-history");

  unlabelled = dc_ui_test_unlabelled_controls (GTK_WIDGET (window));
  for (guint i = 0; i < unlabelled->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unlabelled, i));
  g_assert_cmpuint (unlabelled->len, ==, 0);

  /* back to the page the search started from */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (dc_window_get_visible_page (window), ==, "collection");

  dc_window_show_page (window, "card");
  /* the card goes onto the want list, and the Want List page shows it */
  dc_ui_test_click (dc_ui_test_find_labelled (GTK_WIDGET (page), GTK_TYPE_BUTTON,
                                              "Add to want list"));
  dc_client_test_wait (want_list_has_one, NULL, TIMEOUT, "the want from the card page");
  {
    GListModel *wants = dc_collection_store_get_want_model (
                          dc_account_get_collection_store (dc_application_get_account (app)));
    g_autoptr(DcWantRow) want = g_list_model_get_item (wants, 0);

    g_assert_cmpstr (dc_want_row_get_card_id (want), ==,
                     dc_card_item_get_id (dc_card_page_get_card (page)));
  }
  dc_window_show_page (window, "want");
  dc_ui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (dc_ui_test_find_labelled (GTK_WIDGET (window),
                                                                  ADW_TYPE_EXPANDER_ROW,
                                                                  "Sacred Foundry")));
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "want-list-window");
  dc_window_show_page (window, "collection");

  /* Ctrl+I opens the Import/Export dialog */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import", NULL);
  g_assert_nonnull (dc_ui_test_find_toplevel (DC_TYPE_IMPORT_DIALOG));
  gtk_window_destroy (dc_ui_test_find_toplevel (DC_TYPE_IMPORT_DIALOG));

  test_preferences_devices ();

  /* the keyboard shortcuts (Ctrl+?) and the About window */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_assert_nonnull (dc_ui_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  dc_ui_test_save_screenshot (GTK_WIDGET (dc_ui_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW)),
                              "shortcuts");
  gtk_window_close (dc_ui_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_nonnull (dc_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  dc_ui_test_save_screenshot (GTK_WIDGET (dc_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW)),
                              "about");
  gtk_window_destroy (dc_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW));
}

static void
test_restart_search_and_card_page (void)
{
  run_app (restart_scenario);
}

static gboolean
devices_loaded (gpointer user_data)
{
  return !dc_preferences_window_get_loading (user_data) &&
         dc_preferences_window_get_n_devices (user_data) > 0;
}

static void
test_preferences_devices (void)
{
  g_autoptr(GPtrArray) unlabelled = NULL;
  GtkWindow *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = dc_ui_test_find_toplevel (DC_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  dc_client_test_wait (devices_loaded, preferences, TIMEOUT, "the device list");
  /* one device: the wrong password made no session, the sign-in one */
  g_assert_cmpuint (dc_preferences_window_get_n_devices (DC_PREFERENCES_WINDOW (preferences)),
                    ==, 1);
  dc_ui_test_find_labelled (GTK_WIDGET (preferences), GTK_TYPE_BUTTON, "Sign out");
  unlabelled = dc_ui_test_unlabelled_controls (GTK_WIDGET (preferences));
  for (guint i = 0; i < unlabelled->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unlabelled, i));
  g_assert_cmpuint (unlabelled->len, ==, 0);
  dc_ui_test_save_screenshot (GTK_WIDGET (preferences), "preferences");
  gtk_window_destroy (preferences);
}

static void
offline_scenario (void)
{
  DcWindow *window;
  DcCardPage *page;

  /* still straight in, without a server */
  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "the main window, offline");
  g_assert_false (welcome_seen);
  window = main_window ();
  dc_client_test_wait (indicator_says, GINT_TO_POINTER (DC_SYNC_STATE_OFFLINE), TIMEOUT,
                       "the indicator to say offline");
  g_assert_cmpstr (dc_sync_indicator_get_label (dc_window_get_sync_indicator (window)), ==,
                   "Offline");

  /* search is local: it works; the card page has its prices, not its history */
  page = search_and_open ("watery grave", "Watery Grave", NULL);
  g_assert_cmpstr (dc_card_page_get_image_state (page), ==, "placeholder");
  g_assert_cmpstr (dc_card_page_get_history_state (page), ==, "offline");
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "card-offline");
}

static void
test_offline (void)
{
  /* the server goes away */
  dc_test_server_stop (server);
  dc_test_shim_stop (shim);
  run_app (offline_scenario);
}

static gboolean
data_dir_gone (gpointer user_data)
{
  return !g_file_test (user_data, G_FILE_TEST_EXISTS);
}

static void
sign_out_scenario (void)
{
  GtkWindow *preferences;
  GtkWindow *dialog;
  GtkWidget *button;
  g_autofree char *data_dir = NULL;
  g_autofree char *token = NULL;
  g_autoptr(DcTestResponse) me = NULL;

  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "the main window");
  dc_client_test_wait (indicator_says, GINT_TO_POINTER (DC_SYNC_STATE_SYNCED), TIMEOUT,
                       "the indicator to say synced again");

  data_dir = g_strdup (dc_account_get_data_dir (dc_application_get_account (app)));
  g_assert_true (g_file_test (data_dir, G_FILE_TEST_IS_DIR));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = dc_ui_test_find_toplevel (DC_TYPE_PREFERENCES_WINDOW);
  dc_ui_test_wait_drawn (GTK_WIDGET (preferences));
  button = dc_ui_test_find_labelled (GTK_WIDGET (preferences), GTK_TYPE_BUTTON, "Sign out");
  dc_ui_test_click (button);

  /* it asks first */
  dialog = dc_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  dc_ui_test_save_screenshot (GTK_WIDGET (dialog), "sign-out-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "sign-out");

  dc_client_test_wait (welcome_shown, NULL, TIMEOUT, "the welcome window after signing out");
  dc_client_test_wait (data_dir_gone, data_dir, TIMEOUT, "the local data to be removed");
  token = lookup_token ("alice");
  g_assert_null (token);
  g_assert_null (dc_application_get_account (app));

  /* the session was revoked on the server too */
  {
    g_autofree char *log = dc_test_server_read_log (server);
    g_message ("server %s pid %s log: %s", server->base_url,
               g_subprocess_get_identifier (server->process), log);
  }
  me = dc_test_request (server, "GET", "/api/auth/me", token_on_sign_in, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 401);
}

static void
test_sign_out (void)
{
  /* back online, on the same address */
  dc_test_server_start (server);
  dc_test_shim_restart (shim, server->base_url);
  run_app (sign_out_scenario);
}

static void
demo_login_scenario (void)
{
  /* no one types: tools/run's first start signs in to the demo account by itself */
  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "the main window of the demo account");
  g_assert_true (welcome_seen);
  g_assert_cmpstr (dc_account_get_username (dc_application_get_account (app)), ==, "bob");
  g_assert_cmpstr (dc_account_get_server_url (dc_application_get_account (app)), ==,
                   shim->base_url);
}

static void
test_demo_login (void)
{
  g_autofree char *token = NULL;

  g_setenv ("DC_SERVER_URL", shim->base_url, TRUE);
  g_setenv ("DC_DEMO_LOGIN", "bob", TRUE);
  g_setenv ("DC_DEMO_PASSWORD", "dualcaster-demo", TRUE);
  run_app (demo_login_scenario);
  g_unsetenv ("DC_DEMO_LOGIN");
  g_unsetenv ("DC_DEMO_PASSWORD");
  g_unsetenv ("DC_SERVER_URL");

  token = lookup_token ("bob");
  g_assert_nonnull (token);
}

static void
session_ended_scenario (void)
{
  DcWelcomeWindow *welcome;
  GtkWidget *root, *login_row, *email_row, *password_row, *submit, *create;
  g_autofree char *token = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(DcTestResponse) logout = NULL;

  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "bob's main window");
  data_dir = g_strdup (dc_account_get_data_dir (dc_application_get_account (app)));

  /* bob's session is revoked elsewhere; the next check notices */
  token = lookup_token ("bob");
  logout = dc_test_request (server, "POST", "/api/auth/logout", token, NULL, NULL);
  g_assert_cmpuint (logout->status, ==, 204);
  gtk_widget_activate_action (GTK_WIDGET (main_window ()), "win.sync-now", NULL);
  dc_client_test_wait (welcome_shown, NULL, TIMEOUT, "the welcome window after the session ended");
  welcome = DC_WELCOME_WINDOW (dc_application_get_main_window (app));
  root = GTK_WIDGET (welcome);

  /* it says why, keeps bob's name and his local data, forgets the dead token */
  login_row = dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW, "Username or email");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (login_row)), ==, "bob");
  g_assert_true (g_file_test (data_dir, G_FILE_TEST_IS_DIR));
  g_clear_pointer (&token, g_free);
  token = lookup_token ("bob");
  g_assert_null (token);
  dc_ui_test_save_screenshot (root, "welcome-session-ended");

  /* someone new creates an account instead */
  create = dc_ui_test_find_labelled (root, GTK_TYPE_TOGGLE_BUTTON, "Create a new account");
  dc_ui_test_click (create);
  email_row = dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW, "Email");
  login_row = dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW, "Username");
  password_row = dc_ui_test_find_labelled (root, ADW_TYPE_ENTRY_ROW, "Password");
  submit = dc_ui_test_find_labelled (root, GTK_TYPE_BUTTON, "Create Account");
  g_assert_true (gtk_widget_get_visible (email_row));
  gtk_editable_set_text (GTK_EDITABLE (email_row), "carol@example.com");
  gtk_editable_set_text (GTK_EDITABLE (login_row), "carol");
  gtk_editable_set_text (GTK_EDITABLE (password_row), "short");

  /* the server's rule, shown at the field it is about */
  dc_ui_test_click (submit);
  while (dc_welcome_window_get_busy (welcome))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (dc_welcome_window_get_error (welcome));
  g_test_message ("inline error: %s", dc_welcome_window_get_error (welcome));
  g_assert_true (gtk_widget_has_css_class (password_row, "error"));
  dc_ui_test_save_screenshot (root, "create-account-error");

  gtk_editable_set_text (GTK_EDITABLE (password_row), "correct horse battery");
  dc_ui_test_click (submit);
  dc_client_test_wait (main_window_shown, NULL, TIMEOUT, "carol's main window");
  g_assert_cmpstr (dc_account_get_username (dc_application_get_account (app)), ==, "carol");
}

static void
test_session_ended_then_create_account (void)
{
  g_autofree char *token = NULL;

  run_app (session_ended_scenario);
  token = lookup_token ("carol");
  g_assert_nonnull (token);
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
    /* a window the size of a laptop screen for the screenshots */
    g_autoptr(GSettings) settings = dc_settings_new ();

    g_settings_set_int (settings, "window-width", 1180);
    g_settings_set_int (settings, "window-height", 800);
  }

  server = dc_test_server_prepare (NULL);
  g_assert_cmpint (dc_test_server_run_command (server, NULL, "seed-demo", NULL), ==, 0);
  dc_test_server_start (server);
  catalog = dc_test_catalog_load (0, NULL);
  shim = dc_test_shim_new (catalog, server->base_url);

  g_test_add_func ("/Dc/Ui/first-run-sign-in", test_first_run_sign_in);
  g_test_add_func ("/Dc/Ui/restart-search-and-card-page", test_restart_search_and_card_page);
  g_test_add_func ("/Dc/Ui/offline", test_offline);
  g_test_add_func ("/Dc/Ui/sign-out", test_sign_out);
  g_test_add_func ("/Dc/Ui/demo-login", test_demo_login);
  g_test_add_func ("/Dc/Ui/session-ended-then-create-account",
                   test_session_ended_then_create_account);

  status = g_test_run ();

  dc_test_shim_free (shim);
  dc_test_catalog_free (catalog);
  dc_test_server_free (server);
  g_free (token_on_sign_in);
  dc_test_keyring_stop (keyring);
  return status;
}
