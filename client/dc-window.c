/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-matches-page.h"
#include "dc-notification-button.h"
#include "dc-preferences-window.h"
#include "dc-profile-page.h"
#include "dc-user-search.h"
#include "dc-window.h"

/* DcWindow: the main window of a signed-in account: a sidebar of pages, the card search
 * and the sync indicator in the header bar, the first catalog download's progress, and
 * the card page that search results open. */

struct _DcWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *collection_row;
  GtkListBoxRow        *have_row;
  GtkListBoxRow        *want_row;
  GtkListBoxRow        *matches_row;
  GtkLabel             *matches_count_label;
  DcMatchesPage        *matches_page;
  GtkLabel             *account_label;
  GtkWidget            *content;
  GtkButton            *back_button;
  DcCardSearch         *card_search;
  DcSyncIndicator      *sync_indicator;
  GtkRevealer          *catalog_revealer;
  GtkLabel             *catalog_label;
  GtkProgressBar       *catalog_progress;
  AdwViewStack         *stack;
  DcCardPage           *card_page;
  DcCollectionPage     *collection_page;
  DcProfilePage        *profile_page;
  DcNotificationButton *notification_button;
  DcUserSearch         *user_search;
  DcWantPage           *want_page;
  DcHavePage           *have_page;

  DcAccount            *account;
  GSettings            *settings;
  char                 *previous_page;
  guint                 pulse_source;
  gboolean              first_download;
  guint                 rejections;
};

G_DEFINE_FINAL_TYPE (DcWindow, dc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_back_button (DcWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->stack);
  gboolean on_card = g_strcmp0 (page, "card") == 0 || g_strcmp0 (page, "profile") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          on_card || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 on_card || adw_leaflet_get_folded (self->leaflet));
}

static void
select_sidebar_row (DcWindow   *self,
                    const char *page)
{
  GtkListBoxRow *row = NULL;

  if (g_strcmp0 (page, "collection") == 0)
    row = self->collection_row;
  else if (g_strcmp0 (page, "have") == 0)
    row = self->have_row;
  else if (g_strcmp0 (page, "want") == 0)
    row = self->want_row;
  else if (g_strcmp0 (page, "matches") == 0)
    row = self->matches_row;

  if (row != NULL)
    gtk_list_box_select_row (self->sidebar_list, row);
  else
    gtk_list_box_unselect_all (self->sidebar_list);
}

static void
n_matches_cb (DcWindow *self)
{
  int n = dc_matches_page_get_n_matches (self->matches_page);
  g_autofree char *text = n >= 0 ? g_strdup_printf ("%d", n) : NULL;
  g_autofree char *accessible = NULL;

  gtk_label_set_label (self->matches_count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->matches_count_label), n > 0);
  if (n >= 0)
    /* Translators: the accessible name of the Matches row in the sidebar */
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Matches, %d partner",
                                               "Matches, %d partners", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->matches_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible ? accessible : _("Matches"), -1);
}

static void
show_settings_cb (DcWindow   *self,
                  const char *page)
{
  DcPreferencesWindow *preferences = dc_preferences_window_new (GTK_WINDOW (self), self->account);

  dc_preferences_window_show_page (preferences, page);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
show_profile_cb (DcWindow   *self,
                 const char *username)
{
  dc_window_show_profile (self, username);
}

static void
visible_page_changed_cb (DcWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->stack);

  select_sidebar_row (self, page);
  if (g_strcmp0 (page, "matches") == 0 && self->account != NULL)
    dc_matches_page_refresh (self->matches_page);
  update_back_button (self);
}

static void
sidebar_row_activated_cb (DcWindow      *self,
                          GtkListBoxRow *row)
{
  dc_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
card_activated_cb (DcWindow   *self,
                   DcCardItem *item)
{
  dc_window_show_card (self, item);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DcWindow *self = DC_WINDOW (widget);

  const char *page = adw_view_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "card") == 0 || g_strcmp0 (page, "profile") == 0)
    {
      dc_window_show_page (self, self->previous_page ? self->previous_page : "collection");
      return;
    }
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DcWindow *self = DC_WINDOW (widget);

  /* the search lives in the content header: show the content when folded */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  dc_card_search_focus (self->card_search);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DcWindow *self = DC_WINDOW (widget);

  dc_account_refresh (self->account);
}

static void
import_finished_cb (DcWindow   *self,
                    const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* win.import and win.export open the Import/Export dialog on their page. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DcWindow *self = DC_WINDOW (widget);
  DcCollectionStore *store;
  DcImportDialog *dialog;

  if (self->account == NULL || dc_account_get_local_store (self->account) == NULL ||
      (store = dc_account_get_collection_store (self->account)) == NULL)
    return;
  dialog = dc_import_dialog_new (GTK_WINDOW (self), store,
                                 dc_local_store_get_path (dc_account_get_local_store (self->account)));
  g_signal_connect_object (dialog, "finished", G_CALLBACK (import_finished_cb), self,
                           G_CONNECT_SWAPPED);
  if (g_str_equal (action_name, "win.export"))
    dc_import_dialog_show_export (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  dc_window_show_page (DC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static gboolean
pulse_cb (gpointer user_data)
{
  DcWindow *self = user_data;

  gtk_progress_bar_pulse (self->catalog_progress);
  return G_SOURCE_CONTINUE;
}

static void
update_catalog_progress (DcWindow *self)
{
  DcCatalogSync *sync = dc_account_get_catalog_sync (self->account);
  gboolean running = sync != NULL && dc_catalog_sync_get_running (sync);
  double fraction;
  guint cards;

  /* only the first download, which search waits for, gets a progress bar; later
   * refreshes are quick and the sync indicator covers them */
  if (!running)
    {
      gtk_revealer_set_reveal_child (self->catalog_revealer, FALSE);
      g_clear_handle_id (&self->pulse_source, g_source_remove);
      return;
    }
  if (!self->first_download)
    return;

  cards = dc_catalog_sync_get_cards_received (sync);
  fraction = dc_catalog_sync_get_fraction (sync);
  if (cards == 0)
    gtk_label_set_label (self->catalog_label,
                         _("Downloading the card catalog so that search works offline…"));
  else
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Downloading the card catalog… %u card",
                                           "Downloading the card catalog… %u cards", cards),
                              cards);
      gtk_label_set_label (self->catalog_label, text);
    }

  if (fraction >= 0)
    {
      g_clear_handle_id (&self->pulse_source, g_source_remove);
      gtk_progress_bar_set_fraction (self->catalog_progress, fraction);
    }
  else if (self->pulse_source == 0)
    self->pulse_source = g_timeout_add (150, pulse_cb, self);

  gtk_revealer_set_reveal_child (self->catalog_revealer, TRUE);
}

static void
catalog_running_cb (DcWindow *self)
{
  DcCatalogSync *sync = dc_account_get_catalog_sync (self->account);

  if (sync != NULL && dc_catalog_sync_get_running (sync))
    self->first_download = dc_account_get_catalog_cards (self->account) <= 0;
  update_catalog_progress (self);
}

static void
catalog_updated_cb (DcWindow *self)
{
  DcCollectionStore *store = dc_account_get_collection_store (self->account);

  /* Rows synced before the catalog arrived show their names and prices now. */
  if (store != NULL)
    dc_collection_store_reload (store);
  if (self->first_download)
    {
      AdwToast *toast = adw_toast_new (_("The card catalog is here: search works offline now"));

      adw_toast_set_timeout (toast, 4);
      dc_window_add_toast (self, toast);
      self->first_download = FALSE;
    }
}

static void
catalog_failed_cb (DcWindow   *self,
                   const char *message)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  /* Translators: %s is the server's reason */
  text = g_strdup_printf (_("The card catalog could not be downloaded: %s"), message);
  /* toast titles are markup; card names and server messages are not */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  dc_window_add_toast (self, toast);
}

static void
sync_state_cb (DcWindow *self)
{
  /* a finished sync may have changed either side's lists: count the matches again */
  if (dc_account_get_sync_state (self->account) == DC_SYNC_STATE_SYNCED)
    dc_matches_page_refresh (self->matches_page);
  dc_sync_indicator_set_state (self->sync_indicator, dc_account_get_sync_state (self->account));
  dc_sync_indicator_set_pending_changes (self->sync_indicator,
                                         dc_account_get_pending_changes (self->account));
}

static void
conflict_cb (DcWindow   *self,
             guint       entity,
             const char *id,
             const char *card_name,
             const char *message)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (card_name != NULL)
    /* Translators: %s is a card name */
    text = g_strdup_printf (_("%s: deleted on another device; your edit was dropped"),
                            card_name);
  else
    text = g_strdup (_("A card was deleted on another device; your edit was dropped"));
  /* toast titles are markup; card names and server messages are not */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  dc_window_add_toast (self, toast);
}

static void
rejected_cb (DcWindow   *self,
             guint       entity,
             const char *id,
             const char *card_name,
             const char *message)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  /* Translators: a card name and the server's reason */
  text = g_strdup_printf (_("%s: the server refused your edit: %s"),
                          card_name != NULL ? card_name : _("A card"), message);
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  dc_window_add_toast (self, toast);

  /* one refusal is a toast; several in a row need the user even if they look away */
  if (++self->rejections == 3)
    {
      GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
      g_autoptr(GNotification) notification = NULL;

      /* the toasts say it already when the window is in front */
      if (app == NULL || gtk_window_is_active (GTK_WINDOW (self)))
        return;
      notification = g_notification_new (_("Some edits could not be synced"));
      g_notification_set_body (notification,
                               _("The server refused several changes to your collection. "
                                 "They were undone on this computer."));
      g_application_send_notification (app, "sync-rejected", notification);
    }
}

static void
synced_cb (DcWindow *self)
{
  self->rejections = 0;
}

static void
card_added_cb (DcWindow   *self,
               const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
bind_account (DcWindow *self)
{
  DcSyncEngine *engine = dc_account_get_sync_engine (self->account);
  DcCatalogSync *sync = dc_account_get_catalog_sync (self->account);
  g_autofree char *who = NULL;

  dc_card_search_set_account (self->card_search, self->account);
  dc_card_page_set_account (self->card_page, self->account);
  dc_collection_page_set_account (self->collection_page, self->account);
  dc_matches_page_set_account (self->matches_page, self->account);
  dc_profile_page_set_account (self->profile_page, self->account);
  dc_notification_button_set_account (self->notification_button, self->account);
  dc_user_search_set_account (self->user_search, self->account);
  dc_have_page_set_store (self->have_page, dc_account_get_collection_store (self->account));
  dc_want_page_set_stores (self->want_page, dc_account_get_local_store (self->account),
                           dc_account_get_collection_store (self->account));

  /* Translators: under the sidebar: a user name and a server address */
  who = g_strdup_printf (_("%s on %s"), dc_account_get_username (self->account),
                         dc_account_get_server_url (self->account));
  gtk_label_set_label (self->account_label, who);

  g_signal_connect_object (self->account, "notify::sync-state",
                           G_CALLBACK (sync_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::pending-changes",
                           G_CALLBACK (sync_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "catalog-updated",
                           G_CALLBACK (catalog_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "catalog-failed",
                           G_CALLBACK (catalog_failed_cb), self, G_CONNECT_SWAPPED);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "conflict", G_CALLBACK (conflict_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "rejected", G_CALLBACK (rejected_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "synced", G_CALLBACK (synced_cb), self,
                               G_CONNECT_SWAPPED);
      /* New notifications arrive over the event socket at once, not at the next poll. */
      g_signal_connect_object (dc_sync_engine_get_ws_client (engine), "event::notification.new",
                               G_CALLBACK (dc_notification_button_handle_event),
                               self->notification_button, G_CONNECT_SWAPPED);
    }
  if (sync != NULL)
    {
      g_signal_connect_object (sync, "notify::running",
                               G_CALLBACK (catalog_running_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "notify::cards-received",
                               G_CALLBACK (update_catalog_progress), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "notify::fraction",
                               G_CALLBACK (update_catalog_progress), self, G_CONNECT_SWAPPED);
    }
  sync_state_cb (self);
  catalog_running_cb (self);
}

static void
load_window_state (DcWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
dc_window_close_request (GtkWindow *window)
{
  DcWindow *self = DC_WINDOW (window);
  int width, height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (dc_window_parent_class)->close_request (window);
}

static void
dc_window_constructed (GObject *object)
{
  DcWindow *self = (DcWindow *) object;
  GtkApplication *application;

  G_OBJECT_CLASS (dc_window_parent_class)->constructed (object);

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (DC_IS_APPLICATION (application))
    self->settings = g_object_ref (dc_application_get_settings (DC_APPLICATION (application)));
  else
    self->settings = dc_settings_new ();
  load_window_state (self);

  if (self->account != NULL)
    bind_account (self);
  dc_window_show_page (self, "collection");
}

static void
dc_window_dispose (GObject *object)
{
  DcWindow *self = (DcWindow *) object;

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_WINDOW);

  G_OBJECT_CLASS (dc_window_parent_class)->dispose (object);
}

static void
dc_window_finalize (GObject *object)
{
  DcWindow *self = (DcWindow *) object;

  g_clear_object (&self->account);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->previous_page, g_free);

  G_OBJECT_CLASS (dc_window_parent_class)->finalize (object);
}

static void
dc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DcWindow *self = DC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DcWindow *self = DC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_window_class_init (DcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dc_window_constructed;
  object_class->dispose = dc_window_dispose;
  object_class->finalize = dc_window_finalize;
  object_class->get_property = dc_window_get_property;
  object_class->set_property = dc_window_set_property;
  window_class->close_request = dc_window_close_request;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, DC_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DC_TYPE_CARD_SEARCH);
  g_type_ensure (DC_TYPE_CARD_PAGE);
  g_type_ensure (DC_TYPE_SYNC_INDICATOR);
  g_type_ensure (DC_TYPE_COLLECTION_PAGE);
  g_type_ensure (DC_TYPE_MATCHES_PAGE);
  g_type_ensure (DC_TYPE_PROFILE_PAGE);
  g_type_ensure (DC_TYPE_NOTIFICATION_BUTTON);
  g_type_ensure (DC_TYPE_USER_SEARCH);
  g_type_ensure (DC_TYPE_WANT_PAGE);
  g_type_ensure (DC_TYPE_HAVE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, collection_row);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, have_row);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, want_row);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, matches_row);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, matches_count_label);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, matches_page);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, profile_page);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, notification_button);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, user_search);
  gtk_widget_class_bind_template_callback (widget_class, n_matches_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_settings_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_profile_cb);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, account_label);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, content);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, card_search);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, catalog_revealer);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, catalog_label);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, catalog_progress);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, card_page);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, collection_page);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, want_page);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, have_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_added_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "collection");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "have");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-page", "s", "want");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-page", "s", "matches");
}

static void
dc_window_init (DcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (update_back_button), self, G_CONNECT_SWAPPED);
}

DcWindow *
dc_window_new (DcApplication *application,
               DcAccount     *account)
{
  g_return_val_if_fail (account == NULL || DC_IS_ACCOUNT (account), NULL);

  return g_object_new (DC_TYPE_WINDOW,
                       "application", application,
                       "account", account,
                       NULL);
}

DcAccount *
dc_window_get_account (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return self->account;
}

void
dc_window_add_toast (DcWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (DC_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * dc_window_show_page:
 * @self: a window
 * @name: "collection", "have", "want", "matches", "card" or "profile"
 */
void
dc_window_show_page (DcWindow   *self,
                     const char *name)
{
  g_return_if_fail (DC_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("No page named %s", name);
      return;
    }
  if (g_strcmp0 (name, "card") != 0 && g_strcmp0 (name, "profile") != 0 &&
      name != self->previous_page)
    {
      g_free (self->previous_page);
      self->previous_page = g_strdup (name);
    }
  adw_view_stack_set_visible_child_name (self->stack, name);
  select_sidebar_row (self, name);
  update_back_button (self);
}

const char *
dc_window_get_visible_page (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

void
dc_window_show_card (DcWindow   *self,
                     DcCardItem *item)
{
  g_return_if_fail (DC_IS_WINDOW (self));
  g_return_if_fail (DC_IS_CARD_ITEM (item));

  dc_card_page_show_card (self->card_page, item);
  dc_window_show_page (self, "card");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

DcCardSearch *
dc_window_get_card_search (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return self->card_search;
}

DcCardPage *
dc_window_get_card_page (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return self->card_page;
}

DcSyncIndicator *
dc_window_get_sync_indicator (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return self->sync_indicator;
}

gboolean
dc_window_get_catalog_progress_visible (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->catalog_revealer);
}

/**
 * dc_window_show_profile:
 * @username: whose public profile
 *
 * Opens another member's public profile; Back returns to the page it was opened from.
 */
void
dc_window_show_profile (DcWindow   *self,
                        const char *username)
{
  g_return_if_fail (DC_IS_WINDOW (self));
  g_return_if_fail (username != NULL);

  dc_profile_page_show_user (self->profile_page, username);
  dc_window_show_page (self, "profile");
}

DcMatchesPage *
dc_window_get_matches_page (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return self->matches_page;
}

DcProfilePage *
dc_window_get_profile_page (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return self->profile_page;
}

DcNotificationButton *
dc_window_get_notification_button (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return self->notification_button;
}

DcUserSearch *
dc_window_get_user_search (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return self->user_search;
}
