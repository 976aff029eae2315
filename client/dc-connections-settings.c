/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-connections-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-connections-settings.h"

/* DcConnectionsSettings: Settings → Connections. The Discord link (GET
 * /api/oauth/discord/status): Link opens Discord's OAuth page in the browser
 * (GET /api/oauth/discord/authorize) and then polls the status until the link appears or
 * ten minutes pass; a link code from the bot's /dd link is redeemed with
 * POST /api/oauth/discord/link-code; Unlink asks first (DELETE /api/oauth/discord). */

#define POLL_INTERVAL_S 3
#define POLL_LIMIT_S    600

struct _DcConnectionsSettings
{
  AdwPreferencesPage    parent_instance;

  AdwActionRow         *status_row;
  GtkSpinner           *spinner;
  GtkButton            *link_button;
  GtkButton            *unlink_button;
  AdwPreferencesGroup  *code_group;
  AdwEntryRow          *code_row;
  GtkLabel             *error_label;

  DcAccount            *account;
  GCancellable         *cancellable;
  char                 *error;
  gint64                poll_until;
  guint                 poll_source;
  guint                 busy;
  gboolean              linked;
};

G_DEFINE_FINAL_TYPE (DcConnectionsSettings, dc_connections_settings, ADW_TYPE_PREFERENCES_PAGE)

static void check_status (DcConnectionsSettings *self);

static void
toast (DcConnectionsSettings *self,
       const char            *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
set_error (DcConnectionsSettings *self,
           const char            *text)
{
  g_free (self->error);
  self->error = g_strdup (text);
  gtk_label_set_label (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->code_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->code_row), "error");
}

static void
set_spinning (DcConnectionsSettings *self,
              gboolean               spinning)
{
  gtk_spinner_set_spinning (self->spinner, spinning);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), spinning);
}

static void
stop_polling (DcConnectionsSettings *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_until = 0;
}

static void
show_status (DcConnectionsSettings *self,
             JsonObject            *status)
{
  const char *name = json_object_get_string_member_with_default (status, "display_name", NULL);
  const char *username = json_object_get_string_member_with_default (status, "username", NULL);

  self->linked = json_object_get_boolean_member_with_default (status, "linked", FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->status_row), FALSE);
  if (self->linked)
    {
      g_autofree char *title = NULL;

      if (name != NULL && username != NULL && g_strcmp0 (name, username) != 0)
        /* Translators: a Discord display name and user name */
        title = g_strdup_printf (_("%s (%s)"), name, username);
      else
        title = g_strdup (username ? username : name ? name : _("Discord account"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
      adw_action_row_set_subtitle (self->status_row, _("Linked"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                     _("Not linked"));
      adw_action_row_set_subtitle (self->status_row,
                                   self->poll_source
                                   ? _("Waiting for Discord in your browser…") : NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->link_button), !self->linked);
  gtk_widget_set_visible (GTK_WIDGET (self->unlink_button), self->linked);
  gtk_widget_set_visible (GTK_WIDGET (self->code_group), !self->linked);
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcConnectionsSettings) self = user_data;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_linked = self->linked;

  status = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (self->poll_source == 0)
    set_spinning (self, FALSE);
  if (status == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                     dc_api_client_error_is_offline (error)
                                     ? _("Connections can only be changed with a connection "
                                         "to the server")
                                     : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->link_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->unlink_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->code_group), FALSE);
      return;
    }
  if (json_object_get_boolean_member_with_default (status, "linked", FALSE) &&
      self->poll_source != 0)
    {
      stop_polling (self);
      set_spinning (self, FALSE);
    }
  show_status (self, status);
  if (self->linked && !was_linked && self->busy == 0)
    toast (self, _("Discord linked"));
}

static void
check_status (DcConnectionsSettings *self)
{
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "GET",
                               "/api/oauth/discord/status", NULL, self->cancellable, status_cb,
                               g_object_ref (self));
}

static gboolean
poll_cb (gpointer user_data)
{
  DcConnectionsSettings *self = user_data;

  if (g_get_monotonic_time () > self->poll_until)
    {
      self->poll_source = 0;
      set_spinning (self, FALSE);
      adw_action_row_set_subtitle (self->status_row,
                                   _("Discord did not answer in time. Try again."));
      return G_SOURCE_REMOVE;
    }
  check_status (self);
  return G_SOURCE_CONTINUE;
}

static void
authorize_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DcConnectionsSettings) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;
  GtkRoot *root;

  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->link_button), TRUE);
  url = answer ? json_object_get_string_member_with_default (answer, "url", NULL) : NULL;
  if (url == NULL)
    {
      g_autofree char *text = NULL;

      set_spinning (self, FALSE);
      /* Translators: %s says why */
      text = g_strdup_printf (_("Discord linking could not start: %s"),
                              error ? error->message : _("the server sent no address"));
      toast (self, text);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
  stop_polling (self);
  self->poll_until = g_get_monotonic_time () + POLL_LIMIT_S * G_USEC_PER_SEC;
  self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_S, poll_cb, self);
  adw_action_row_set_subtitle (self->status_row, _("Waiting for Discord in your browser…"));
}

static void
link_cb (DcConnectionsSettings *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->link_button), FALSE);
  set_spinning (self, TRUE);
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "GET",
                               "/api/oauth/discord/authorize", NULL, self->cancellable,
                               authorize_cb, g_object_ref (self));
}

static void
redeemed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DcConnectionsSettings) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), TRUE);
  if (answer == NULL)
    {
      set_error (self, dc_api_client_error_is_offline (error)
                       ? _("The code could not be sent: the server cannot be reached.")
                       : error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  toast (self, _("Discord linked"));
  check_status (self);
}

static void
redeem_cb (DcConnectionsSettings *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  g_autofree char *code = g_strstrip (g_strdup (text));
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (*code == '\0')
    {
      set_error (self, _("Enter the code the bot gave you."));
      return;
    }
  set_error (self, NULL);
  object = json_object_new ();
  json_object_set_string_member (object, "code", code);
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, object);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), FALSE);
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "POST",
                               "/api/oauth/discord/link-code", body, self->cancellable,
                               redeemed_cb, g_object_ref (self));
}

static void
unlinked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DcConnectionsSettings) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = dc_api_client_request_finish (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlink_button), TRUE);
  if (error != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why */
      text = g_strdup_printf (_("Discord could not be unlinked: %s"), error->message);
      toast (self, text);
      return;
    }
  toast (self, _("Discord unlinked"));
  check_status (self);
}

static void
unlink_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    DcConnectionsSettings *self)
{
  if (g_strcmp0 (response, "unlink") != 0)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlink_button), FALSE);
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "DELETE",
                               "/api/oauth/discord", NULL, self->cancellable, unlinked_cb,
                               g_object_ref (self));
}

static void
unlink_cb (DcConnectionsSettings *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Unlink Discord?"),
                                   _("The bot's /dd commands stop working with your collection "
                                     "and alerts are no longer sent as Discord messages. You "
                                     "can link again at any time."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unlink", _("_Unlink"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unlink",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unlink_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dc_connections_settings_dispose (GObject *object)
{
  DcConnectionsSettings *self = (DcConnectionsSettings *) object;

  stop_polling (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_CONNECTIONS_SETTINGS);

  G_OBJECT_CLASS (dc_connections_settings_parent_class)->dispose (object);
}

static void
dc_connections_settings_class_init (DcConnectionsSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_connections_settings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-connections-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, DcConnectionsSettings, status_row);
  gtk_widget_class_bind_template_child (widget_class, DcConnectionsSettings, spinner);
  gtk_widget_class_bind_template_child (widget_class, DcConnectionsSettings, link_button);
  gtk_widget_class_bind_template_child (widget_class, DcConnectionsSettings, unlink_button);
  gtk_widget_class_bind_template_child (widget_class, DcConnectionsSettings, code_group);
  gtk_widget_class_bind_template_child (widget_class, DcConnectionsSettings, code_row);
  gtk_widget_class_bind_template_child (widget_class, DcConnectionsSettings, error_label);
  gtk_widget_class_bind_template_callback (widget_class, link_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlink_cb);
  gtk_widget_class_bind_template_callback (widget_class, redeem_cb);
}

static void
dc_connections_settings_init (DcConnectionsSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
dc_connections_settings_new (DcAccount *account)
{
  DcConnectionsSettings *self;

  g_return_val_if_fail (DC_IS_ACCOUNT (account), NULL);

  self = g_object_new (DC_TYPE_CONNECTIONS_SETTINGS, NULL);
  self->account = g_object_ref (account);
  set_spinning (self, TRUE);
  check_status (self);
  return GTK_WIDGET (self);
}

gboolean
dc_connections_settings_get_busy (DcConnectionsSettings *self)
{
  g_return_val_if_fail (DC_IS_CONNECTIONS_SETTINGS (self), FALSE);
  return self->busy > 0;
}

gboolean
dc_connections_settings_get_linked (DcConnectionsSettings *self)
{
  g_return_val_if_fail (DC_IS_CONNECTIONS_SETTINGS (self), FALSE);
  return self->linked;
}

const char *
dc_connections_settings_get_error (DcConnectionsSettings *self)
{
  g_return_val_if_fail (DC_IS_CONNECTIONS_SETTINGS (self), NULL);
  return self->error;
}
