/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-notification-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-notification-settings.h"

/* DcNotificationSettings: Settings → Notifications (GET|PUT /api/settings/notifications):
 * the email and Discord switches, the daily email cap and quiet hours. Changes are saved
 * shortly after the user stops changing things; a refusal is shown under the form. */

static const char * const flag_names[] = {
  "email_enabled", "email_price_alerts", "email_trade_matches", "email_trade_proposals",
  "email_messages", "email_weekly_digest", "discord_enabled", "discord_price_alerts",
  "discord_trade_matches", "discord_trade_proposals",
};
#define N_FLAGS G_N_ELEMENTS (flag_names)

struct _DcNotificationSettings
{
  AdwPreferencesPage    parent_instance;

  AdwPreferencesGroup  *status_group;
  AdwActionRow         *status_row;
  AdwPreferencesGroup  *email_group;
  AdwPreferencesGroup  *discord_group;
  AdwPreferencesGroup  *quiet_group;
  GtkSwitch            *email_enabled;
  GtkSwitch            *email_price_alerts;
  GtkSwitch            *email_trade_matches;
  GtkSwitch            *email_trade_proposals;
  GtkSwitch            *email_messages;
  GtkSwitch            *email_weekly_digest;
  GtkSwitch            *discord_enabled;
  GtkSwitch            *discord_price_alerts;
  GtkSwitch            *discord_trade_matches;
  GtkSwitch            *discord_trade_proposals;
  GtkSpinButton        *max_emails_spin;
  GtkSwitch            *quiet_enabled;
  AdwEntryRow          *quiet_start_row;
  AdwEntryRow          *quiet_end_row;
  AdwEntryRow          *quiet_zone_row;
  GtkLabel             *error_label;

  DcAccount            *account;
  GCancellable         *cancellable;
  char                 *error;
  guint                 save_source;
  guint                 busy;
  gboolean              filling;
  gboolean              loaded;
};

G_DEFINE_FINAL_TYPE (DcNotificationSettings, dc_notification_settings,
                     ADW_TYPE_PREFERENCES_PAGE)

static GtkSwitch *
flag_switch (DcNotificationSettings *self,
             guint                   i)
{
  GtkSwitch *switches[] = {
    self->email_enabled, self->email_price_alerts, self->email_trade_matches,
    self->email_trade_proposals, self->email_messages, self->email_weekly_digest,
    self->discord_enabled, self->discord_price_alerts, self->discord_trade_matches,
    self->discord_trade_proposals,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (switches) == N_FLAGS);
  return switches[i];
}

static void
toast (DcNotificationSettings *self,
       const char             *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
set_error (DcNotificationSettings *self,
           const char             *text)
{
  g_free (self->error);
  self->error = g_strdup (text);
  gtk_label_set_label (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static gboolean
valid_time (const char *text)
{
  return strlen (text) == 5 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
         text[2] == ':' && g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]) &&
         (text[0] - '0') * 10 + (text[1] - '0') < 24 && text[3] - '0' < 6;
}

static void
update_sensitivity (DcNotificationSettings *self)
{
  gboolean email = gtk_switch_get_active (self->email_enabled);
  gboolean discord = gtk_switch_get_active (self->discord_enabled);
  gboolean quiet = gtk_switch_get_active (self->quiet_enabled);

  for (guint i = 1; i < 6; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (flag_switch (self, i)), email);
  gtk_widget_set_sensitive (GTK_WIDGET (self->max_emails_spin), email);
  for (guint i = 7; i < N_FLAGS; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (flag_switch (self, i)), discord);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quiet_start_row), quiet);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quiet_end_row), quiet);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quiet_zone_row), quiet);
}

static void
fill (DcNotificationSettings *self,
      JsonObject             *prefs)
{
  JsonNode *node = json_object_get_member (prefs, "quiet_hours");
  JsonObject *quiet = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  self->filling = TRUE;
  for (guint i = 0; i < N_FLAGS; i++)
    gtk_switch_set_active (flag_switch (self, i),
                           json_object_get_boolean_member_with_default (prefs, flag_names[i],
                                                                        TRUE));
  gtk_spin_button_set_value (self->max_emails_spin,
                             json_object_get_int_member_with_default (prefs,
                                                                      "max_emails_per_day", 10));
  if (quiet != NULL)
    {
      gtk_switch_set_active (self->quiet_enabled,
                             json_object_get_boolean_member_with_default (quiet, "enabled",
                                                                          FALSE));
      gtk_editable_set_text (GTK_EDITABLE (self->quiet_start_row),
                             json_object_get_string_member_with_default (quiet, "start",
                                                                         "22:00"));
      gtk_editable_set_text (GTK_EDITABLE (self->quiet_end_row),
                             json_object_get_string_member_with_default (quiet, "end", "08:00"));
      gtk_editable_set_text (GTK_EDITABLE (self->quiet_zone_row),
                             json_object_get_string_member_with_default (quiet, "timezone",
                                                                         "UTC"));
    }
  self->filling = FALSE;
  update_sensitivity (self);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DcNotificationSettings) self = user_data;
  g_autoptr(JsonObject) prefs = NULL;
  g_autoptr(GError) error = NULL;

  prefs = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  /* the last change of a page that has gone away (see dispose) needs no answer */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->account == NULL)
    return;
  self->busy--;
  if (prefs == NULL)
    {
      set_error (self, dc_api_client_error_is_offline (error)
                       ? _("The notification settings could not be saved: the server cannot "
                           "be reached.")
                       : error->message);
      return;
    }
  set_error (self, NULL);
  if (self->busy == 0 && self->save_source == 0)
    toast (self, _("Notification settings saved"));
}

static void
save (DcNotificationSettings *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  const char *start = gtk_editable_get_text (GTK_EDITABLE (self->quiet_start_row));
  const char *end = gtk_editable_get_text (GTK_EDITABLE (self->quiet_end_row));
  const char *zone_text = gtk_editable_get_text (GTK_EDITABLE (self->quiet_zone_row));
  g_autofree char *zone = g_strstrip (g_strdup (zone_text));

  if (!valid_time (start) || !valid_time (end))
    {
      set_error (self, _("Quiet hours start and end are times such as 22:00."));
      return;
    }
  json_builder_begin_object (builder);
  for (guint i = 0; i < N_FLAGS; i++)
    {
      json_builder_set_member_name (builder, flag_names[i]);
      json_builder_add_boolean_value (builder, gtk_switch_get_active (flag_switch (self, i)));
    }
  json_builder_set_member_name (builder, "max_emails_per_day");
  json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->max_emails_spin));
  json_builder_set_member_name (builder, "quiet_hours");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, gtk_switch_get_active (self->quiet_enabled));
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_string_value (builder, end);
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, *zone ? zone : "UTC");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "PUT",
                               "/api/settings/notifications", body, self->cancellable, saved_cb,
                               g_object_ref (self));
}

static void
save_later_cb (gpointer user_data)
{
  DcNotificationSettings *self = user_data;

  self->save_source = 0;
  save (self);
}

static void
changed_cb (DcNotificationSettings *self)
{
  if (self->filling || !self->loaded)
    return;
  update_sensitivity (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add_once (600, save_later_cb, self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcNotificationSettings) self = user_data;
  g_autoptr(JsonObject) prefs = NULL;
  g_autoptr(GError) error = NULL;

  prefs = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (prefs == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                     dc_api_client_error_is_offline (error)
                                     ? _("Notification settings can only be changed with a "
                                         "connection to the server")
                                     : error->message);
      return;
    }
  fill (self, prefs);
  self->loaded = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->email_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->discord_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->quiet_group), TRUE);
}

static void
dc_notification_settings_dispose (GObject *object)
{
  DcNotificationSettings *self = (DcNotificationSettings *) object;

  /* a change still waiting is sent now rather than lost */
  if (self->save_source != 0 && self->account != NULL)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      g_clear_object (&self->cancellable);
      save (self);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_NOTIFICATION_SETTINGS);

  G_OBJECT_CLASS (dc_notification_settings_parent_class)->dispose (object);
}

static void
dc_notification_settings_class_init (DcNotificationSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_notification_settings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-notification-settings.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, DcNotificationSettings, name)
  BIND (status_group);
  BIND (status_row);
  BIND (email_group);
  BIND (discord_group);
  BIND (quiet_group);
  BIND (email_enabled);
  BIND (email_price_alerts);
  BIND (email_trade_matches);
  BIND (email_trade_proposals);
  BIND (email_messages);
  BIND (email_weekly_digest);
  BIND (discord_enabled);
  BIND (discord_price_alerts);
  BIND (discord_trade_matches);
  BIND (discord_trade_proposals);
  BIND (max_emails_spin);
  BIND (quiet_enabled);
  BIND (quiet_start_row);
  BIND (quiet_end_row);
  BIND (quiet_zone_row);
  BIND (error_label);
#undef BIND
}

static void
dc_notification_settings_init (DcNotificationSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < N_FLAGS; i++)
    g_signal_connect_swapped (flag_switch (self, i), "notify::active", G_CALLBACK (changed_cb),
                              self);
  g_signal_connect_swapped (self->quiet_enabled, "notify::active", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->max_emails_spin, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->quiet_start_row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->quiet_end_row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->quiet_zone_row, "changed", G_CALLBACK (changed_cb), self);
}

GtkWidget *
dc_notification_settings_new (DcAccount *account)
{
  DcNotificationSettings *self;

  g_return_val_if_fail (DC_IS_ACCOUNT (account), NULL);

  self = g_object_new (DC_TYPE_NOTIFICATION_SETTINGS, NULL);
  self->account = g_object_ref (account);
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (account), "GET",
                               "/api/settings/notifications", NULL, self->cancellable,
                               loaded_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

gboolean
dc_notification_settings_get_busy (DcNotificationSettings *self)
{
  g_return_val_if_fail (DC_IS_NOTIFICATION_SETTINGS (self), FALSE);
  return self->busy > 0 || self->save_source != 0;
}

gboolean
dc_notification_settings_get_loaded (DcNotificationSettings *self)
{
  g_return_val_if_fail (DC_IS_NOTIFICATION_SETTINGS (self), FALSE);
  return self->loaded;
}

const char *
dc_notification_settings_get_error (DcNotificationSettings *self)
{
  g_return_val_if_fail (DC_IS_NOTIFICATION_SETTINGS (self), NULL);
  return self->error;
}
