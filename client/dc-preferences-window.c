/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-application.h"
#include "dc-connections-settings.h"
#include "dc-notification-settings.h"
#include "dc-preferences-window.h"
#include "dc-privacy-settings.h"
#include "dc-profile-settings.h"

/* DcPreferencesWindow: Settings. The Account page: who is signed in where, the devices
 * signed in to the account (GET /api/auth/sessions) with a Revoke button each, and Sign
 * Out, which asks first. The other pages are widgets of their own, added here. */

struct _DcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *user_row;
  AdwActionRow         *server_row;
  AdwPreferencesGroup  *devices_group;
  AdwActionRow         *devices_status_row;
  GtkSpinner           *devices_spinner;
  GtkButton            *refresh_button;
  GtkButton            *sign_out_button;

  DcAccount            *account;
  GPtrArray            *device_rows;
  GCancellable         *cancellable;
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (DcPreferencesWindow, dc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void load_devices (DcPreferencesWindow *self);

static char *
format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (rfc3339 == NULL || (utc = g_date_time_new_from_iso8601 (rfc3339, NULL)) == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  now = g_date_time_new_now_local ();
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: a time today, see g_date_time_format() */
    return g_date_time_format (local, _("today at %H:%M"));
  /* Translators: a date and time, see g_date_time_format() */
  return g_date_time_format (local, _("%e %B %Y at %H:%M"));
}

static void
set_status (DcPreferencesWindow *self,
            const char          *title,
            gboolean             spinning)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->devices_status_row), title);
  gtk_spinner_set_spinning (self->devices_spinner, spinning);
  gtk_widget_set_visible (GTK_WIDGET (self->devices_spinner), spinning);
  gtk_widget_set_visible (GTK_WIDGET (self->devices_status_row), title != NULL);
}

static void
clear_device_rows (DcPreferencesWindow *self)
{
  for (guint i = 0; i < self->device_rows->len; i++)
    adw_preferences_group_remove (self->devices_group, g_ptr_array_index (self->device_rows, i));
  g_ptr_array_set_size (self->device_rows, 0);
}

static void
revoke_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;
  DcPreferencesWindow *self;
  GtkRoot *root;

  dc_account_revoke_session_finish (DC_ACCOUNT (object), result, &error);
  root = gtk_widget_get_root (row);
  if (!DC_IS_PREFERENCES_WINDOW (root))
    return;
  self = DC_PREFERENCES_WINDOW (root);

  if (error != NULL)
    {
      g_autofree char *text = NULL;

      gtk_widget_set_sensitive (row, TRUE);
      /* Translators: %s says why */
      text = g_strdup_printf (_("The device could not be signed out: %s"), error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
      return;
    }

  g_ptr_array_remove (self->device_rows, row);
  adw_preferences_group_remove (self->devices_group, row);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The device was signed out")));
}

static void
revoke_clicked_cb (GtkButton           *button,
                   DcPreferencesWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  const char *session_id = g_object_get_data (G_OBJECT (row), "session-id");

  gtk_widget_set_sensitive (row, FALSE);
  dc_account_revoke_session_async (self->account, session_id, self->cancellable, revoke_cb,
                                   g_object_ref (row));
}

static GtkWidget *
device_row_new (DcPreferencesWindow *self,
                JsonObject          *session)
{
  const char *name = json_object_get_string_member_with_default (session, "device_name", NULL);
  const char *id = json_object_get_string_member_with_default (session, "id", "");
  gboolean current = json_object_get_boolean_member_with_default (session, "current", FALSE);
  g_autofree char *last_used = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 name && *name ? name : _("Unnamed device"));
  last_used = format_time (json_object_get_string_member_with_default (session, "last_used_at",
                                                                       NULL));
  if (last_used != NULL)
    /* Translators: %s is a time such as "today at 14:02" */
    subtitle = g_strdup_printf (_("Last used %s"), last_used);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "session-id", g_strdup (id), g_free);

  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", "computer-symbolic",
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (current)
    {
      GtkWidget *label = gtk_label_new (_("This device"));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Revoke"));
      g_autofree char *accessible = NULL;

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: the accessible name of a Revoke button; %s is a device name */
      accessible = g_strdup_printf (_("Revoke %s"), name ? name : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (revoke_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
sessions_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DcPreferencesWindow) self = user_data;
  g_autoptr(JsonArray) sessions = NULL;
  g_autoptr(GError) error = NULL;

  sessions = dc_account_list_sessions_finish (DC_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), TRUE);

  if (sessions == NULL)
    {
      if (dc_api_client_error_is_offline (error))
        set_status (self, _("The device list needs a connection to the server"), FALSE);
      else
        set_status (self, error->message, FALSE);
      return;
    }

  clear_device_rows (self);
  set_status (self, NULL, FALSE);
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      JsonNode *node = json_array_get_element (sessions, i);
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      row = device_row_new (self, json_node_get_object (node));
      adw_preferences_group_add (self->devices_group, row);
      g_ptr_array_add (self->device_rows, row);
    }
  if (self->device_rows->len == 0)
    set_status (self, _("No devices are signed in"), FALSE);
}

static void
load_devices (DcPreferencesWindow *self)
{
  self->loading = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  if (self->device_rows->len == 0)
    set_status (self, _("Loading devices…"), TRUE);
  dc_account_list_sessions_async (self->account, self->cancellable, sessions_cb,
                                  g_object_ref (self));
}

static void
refresh_cb (DcPreferencesWindow *self)
{
  load_devices (self);
}

static void
close_later_cb (gpointer user_data)
{
  g_autoptr(GtkWindow) window = user_data;

  gtk_window_set_focus (window, NULL);
  gtk_window_destroy (window);
}

static void
sign_out_response_cb (AdwMessageDialog    *dialog,
                      const char          *response,
                      DcPreferencesWindow *self)
{
  GtkWindow *parent;
  GApplication *application;

  if (g_strcmp0 (response, "sign-out") != 0)
    return;

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  application = parent ? G_APPLICATION (gtk_window_get_application (parent)) : NULL;
  if (application == NULL)
    application = g_application_get_default ();
  if (DC_IS_APPLICATION (application))
    dc_application_sign_out (DC_APPLICATION (application));
  /* not while the dialog, our child, is still emitting its response */
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  g_idle_add_once (close_later_cb, g_object_ref (self));
}

static void
sign_out_cb (DcPreferencesWindow *self)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s are a user name and a server address */
  body = g_strdup_printf (_("The sign-in of %s and the account's data on this computer are "
                            "removed. Your collection stays on %s."),
                          dc_account_get_username (self->account),
                          dc_account_get_server_url (self->account));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (sign_out_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_account (DcPreferencesWindow *self)
{
  JsonObject *user = dc_account_get_user (self->account);
  const char *email = user ? json_object_get_string_member_with_default (user, "email", NULL)
                           : NULL;
  g_autofree char *who = NULL;

  if (email != NULL)
    /* Translators: a user name and an email address */
    who = g_strdup_printf (_("%s (%s)"), dc_account_get_username (self->account), email);
  else
    who = g_strdup (dc_account_get_username (self->account));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->user_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->server_row), FALSE);
  adw_action_row_set_subtitle (self->user_row, who);
  adw_action_row_set_subtitle (self->server_row, dc_account_get_server_url (self->account));
}

static void
dc_preferences_window_dispose (GObject *object)
{
  DcPreferencesWindow *self = (DcPreferencesWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->device_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (dc_preferences_window_parent_class)->dispose (object);
}

static void
dc_preferences_window_class_init (DcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DcPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, DcPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, DcPreferencesWindow, devices_group);
  gtk_widget_class_bind_template_child (widget_class, DcPreferencesWindow, devices_status_row);
  gtk_widget_class_bind_template_child (widget_class, DcPreferencesWindow, devices_spinner);
  gtk_widget_class_bind_template_child (widget_class, DcPreferencesWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, DcPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_callback (widget_class, refresh_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_out_cb);
}

static void
dc_preferences_window_init (DcPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->device_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

DcPreferencesWindow *
dc_preferences_window_new (GtkWindow *parent,
                           DcAccount *account)
{
  DcPreferencesWindow *self;

  g_return_val_if_fail (DC_IS_ACCOUNT (account), NULL);

  self = g_object_new (DC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->account = g_object_ref (account);
  /* after Account, which the template holds */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dc_profile_settings_new (account)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dc_privacy_settings_new (account)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dc_notification_settings_new (account)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dc_connections_settings_new (account)));
  fill_account (self);
  load_devices (self);
  return self;
}

guint
dc_preferences_window_get_n_devices (DcPreferencesWindow *self)
{
  g_return_val_if_fail (DC_IS_PREFERENCES_WINDOW (self), 0);
  return self->device_rows->len;
}

gboolean
dc_preferences_window_get_loading (DcPreferencesWindow *self)
{
  g_return_val_if_fail (DC_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->loading;
}

/* Shows the page called @name ("account", "profile", "privacy", "notifications",
 * "connections") when there is one. */
void
dc_preferences_window_show_page (DcPreferencesWindow *self,
                                 const char          *name)
{
  g_return_if_fail (DC_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (name != NULL);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), name);
}
