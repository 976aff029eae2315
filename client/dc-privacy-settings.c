/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-privacy-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-privacy-settings.h"

/* DcPrivacySettings: Settings → Privacy. Each toggle is saved as soon as it changes
 * (PATCH /api/users/me with that one flag); a refusal puts the toggle back and says why. */

static const char * const flag_names[] = {
  "is_public", "show_have_list", "show_want_list", "show_inventory_value",
  "show_trade_history",
};
#define N_FLAGS G_N_ELEMENTS (flag_names)

struct _DcPrivacySettings
{
  AdwPreferencesPage    parent_instance;

  AdwPreferencesGroup  *status_group;
  AdwActionRow         *status_row;
  AdwPreferencesGroup  *visibility_group;
  AdwPreferencesGroup  *messages_group;
  GtkSwitch            *is_public_switch;
  GtkSwitch            *show_have_list_switch;
  GtkSwitch            *show_want_list_switch;
  GtkSwitch            *show_inventory_value_switch;
  GtkSwitch            *show_trade_history_switch;
  AdwComboRow          *messages_row;

  DcAccount            *account;
  GCancellable         *cancellable;
  guint                 busy;
  gboolean              filling;
  gboolean              loaded;
};

G_DEFINE_FINAL_TYPE (DcPrivacySettings, dc_privacy_settings, ADW_TYPE_PREFERENCES_PAGE)

static GtkSwitch *
flag_switch (DcPrivacySettings *self,
             guint              i)
{
  GtkSwitch *switches[] = {
    self->is_public_switch, self->show_have_list_switch, self->show_want_list_switch,
    self->show_inventory_value_switch, self->show_trade_history_switch,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (switches) == N_FLAGS);
  return switches[i];
}

static void
toast (DcPrivacySettings *self,
       const char        *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
fill (DcPrivacySettings *self,
      JsonObject        *profile)
{
  JsonNode *node = json_object_get_member (profile, "privacy");
  JsonObject *privacy = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                              : NULL;
  const char *allow;

  if (privacy == NULL)
    return;
  self->filling = TRUE;
  for (guint i = 0; i < N_FLAGS; i++)
    gtk_switch_set_active (flag_switch (self, i),
                           json_object_get_boolean_member_with_default (privacy, flag_names[i],
                                                                        FALSE));
  allow = json_object_get_string_member_with_default (privacy, "allow_messages_from",
                                                      "everyone");
  adw_combo_row_set_selected (self->messages_row,
                              g_strcmp0 (allow, "trade_partners") == 0 ? 1 : 0);
  self->filling = FALSE;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DcPrivacySettings) self = user_data;
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (profile == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why */
      text = g_strdup_printf (_("The privacy setting could not be saved: %s"),
                              dc_api_client_error_is_offline (error)
                              ? _("the server cannot be reached") : error->message);
      toast (self, text);
      /* back to what the server has */
      self->busy++;
      dc_api_client_request_async (dc_account_get_api_client (self->account), "GET",
                                   "/api/users/me", NULL, self->cancellable, saved_cb,
                                   g_object_ref (self));
      return;
    }
  fill (self, profile);
  if (self->busy == 0)
    toast (self, _("Privacy settings saved"));
}

static void
save (DcPrivacySettings *self,
      const char        *name,
      JsonNode          *value)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, name, value);
  json_node_set_object (body, object);
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "PATCH",
                               "/api/users/me", body, self->cancellable, saved_cb,
                               g_object_ref (self));
}

static void
switch_changed_cb (GtkSwitch         *widget,
                   GParamSpec        *pspec,
                   DcPrivacySettings *self)
{
  if (self->filling)
    return;
  for (guint i = 0; i < N_FLAGS; i++)
    if (flag_switch (self, i) == widget)
      {
        JsonNode *value = json_node_new (JSON_NODE_VALUE);

        json_node_set_boolean (value, gtk_switch_get_active (widget));
        save (self, flag_names[i], value);
      }
}

static void
messages_changed_cb (DcPrivacySettings *self)
{
  JsonNode *value;

  if (self->filling)
    return;
  value = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (value, adw_combo_row_get_selected (self->messages_row) == 1
                               ? "trade_partners" : "everyone");
  save (self, "allow_messages_from", value);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcPrivacySettings) self = user_data;
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (profile == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                     dc_api_client_error_is_offline (error)
                                     ? _("Privacy settings can only be changed with a "
                                         "connection to the server")
                                     : error->message);
      return;
    }
  fill (self, profile);
  self->loaded = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->visibility_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->messages_group), TRUE);
}

static void
dc_privacy_settings_dispose (GObject *object)
{
  DcPrivacySettings *self = (DcPrivacySettings *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_PRIVACY_SETTINGS);

  G_OBJECT_CLASS (dc_privacy_settings_parent_class)->dispose (object);
}

static void
dc_privacy_settings_class_init (DcPrivacySettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_privacy_settings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-privacy-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings, status_group);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings, status_row);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings, visibility_group);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings, messages_group);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings, is_public_switch);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings, show_have_list_switch);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings, show_want_list_switch);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings,
                                        show_inventory_value_switch);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings,
                                        show_trade_history_switch);
  gtk_widget_class_bind_template_child (widget_class, DcPrivacySettings, messages_row);
}

static void
dc_privacy_settings_init (DcPrivacySettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < N_FLAGS; i++)
    g_signal_connect (flag_switch (self, i), "notify::active", G_CALLBACK (switch_changed_cb),
                      self);
  g_signal_connect_swapped (self->messages_row, "notify::selected",
                            G_CALLBACK (messages_changed_cb), self);
}

GtkWidget *
dc_privacy_settings_new (DcAccount *account)
{
  DcPrivacySettings *self;

  g_return_val_if_fail (DC_IS_ACCOUNT (account), NULL);

  self = g_object_new (DC_TYPE_PRIVACY_SETTINGS, NULL);
  self->account = g_object_ref (account);
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (account), "GET", "/api/users/me",
                               NULL, self->cancellable, loaded_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

gboolean
dc_privacy_settings_get_busy (DcPrivacySettings *self)
{
  g_return_val_if_fail (DC_IS_PRIVACY_SETTINGS (self), FALSE);
  return self->busy > 0;
}

gboolean
dc_privacy_settings_get_loaded (DcPrivacySettings *self)
{
  g_return_val_if_fail (DC_IS_PRIVACY_SETTINGS (self), FALSE);
  return self->loaded;
}
