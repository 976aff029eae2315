/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-welcome-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-error.h"
#include "dc-welcome-window.h"

/* DcWelcomeWindow: the first start (and after signing out): choose a server, then sign
 * in or create an account. The server's own error message is shown under the form and
 * the field it names is marked; a spinner replaces the button's label while waiting. */

struct _DcWelcomeWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkLabel             *message_label;
  GtkToggleButton      *sign_in_toggle;
  GtkToggleButton      *create_toggle;
  AdwEntryRow          *server_row;
  AdwEntryRow          *email_row;
  AdwEntryRow          *login_row;
  AdwEntryRow          *password_row;
  GtkLabel             *error_label;
  GtkButton            *submit_button;
  GtkStack             *submit_stack;
  GtkLabel             *submit_label;
  GtkSpinner           *submit_spinner;

  GCancellable         *cancellable;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (DcWelcomeWindow, dc_welcome_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
creating (DcWelcomeWindow *self)
{
  return gtk_toggle_button_get_active (self->create_toggle);
}

static gboolean
row_filled (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0';
}

static void
update_sensitivity (DcWelcomeWindow *self)
{
  gboolean ready = row_filled (self->server_row) && row_filled (self->login_row) &&
                   row_filled (self->password_row) &&
                   (!creating (self) || row_filled (self->email_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), ready && !self->busy);
}

static void
clear_errors (DcWelcomeWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->email_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->login_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}

static void
show_error (DcWelcomeWindow *self,
            const char      *message,
            GtkWidget       *row)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
set_busy (DcWelcomeWindow *self,
          gboolean         busy)
{
  self->busy = busy;
  /* read-only rather than insensitive: the focused field keeps its focus */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->email_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->login_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_toggle), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_toggle), !busy);
  gtk_spinner_set_spinning (self->submit_spinner, busy);
  gtk_stack_set_visible_child_name (self->submit_stack, busy ? "spinner" : "label");
  if (busy)
    gtk_accessible_update_state (GTK_ACCESSIBLE (self->submit_button),
                                 GTK_ACCESSIBLE_STATE_BUSY, TRUE, -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (self->submit_button), GTK_ACCESSIBLE_STATE_BUSY);
  update_sensitivity (self);
}

static void
mode_toggled_cb (DcWelcomeWindow *self)
{
  gboolean create = creating (self);
  const char *label = create ? _("Create Account") : _("Sign In");

  gtk_widget_set_visible (GTK_WIDGET (self->email_row), create);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->login_row),
                                 create ? _("Username") : _("Username or Email"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->login_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  create ? _("Username") : _("Username or email"),
                                  -1);
  gtk_label_set_label (self->submit_label, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->submit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_window_set_title (GTK_WINDOW (self), create ? _("Create an Account")
                                                  : _("Welcome to Dualcaster Deals"));
  clear_errors (self);
  update_sensitivity (self);
}

static void
field_changed_cb (DcWelcomeWindow *self)
{
  clear_errors (self);
  update_sensitivity (self);
}

static GtkWidget *
row_for_field (DcWelcomeWindow *self,
               const char      *field)
{
  if (g_strcmp0 (field, "email") == 0)
    return GTK_WIDGET (creating (self) ? self->email_row : self->login_row);
  if (g_strcmp0 (field, "username") == 0 || g_strcmp0 (field, "login") == 0)
    return GTK_WIDGET (self->login_row);
  if (g_strcmp0 (field, "password") == 0)
    return GTK_WIDGET (self->password_row);
  return NULL;
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DcWelcomeWindow) self = user_data;
  g_autoptr(DcAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = dc_account_sign_in_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (account == NULL)
    {
      GtkWidget *row = NULL;

      if (error->domain == DC_API_ERROR)
        {
          JsonObject *details = dc_api_error_get_details (error);

          if (details != NULL)
            row = row_for_field (self, json_object_get_string_member_with_default (details,
                                                                                   "field",
                                                                                   NULL));
          if (row == NULL && g_error_matches (error, DC_API_ERROR, DC_API_ERROR_UNAUTHORIZED))
            row = GTK_WIDGET (self->password_row);
        }
      else if (dc_api_client_error_is_offline (error))
        row = GTK_WIDGET (self->server_row);
      show_error (self, error->message, row);
      return;
    }

  g_signal_emit (self, signals[SIGNED_IN], 0, account);
}

static void
submit_cb (DcWelcomeWindow *self)
{
  g_autofree char *server = NULL;
  g_autofree char *login = NULL;
  g_autofree char *email = NULL;
  g_autoptr(GError) error = NULL;
  const char *password;

  if (self->busy)
    return;
  clear_errors (self);

  server = dc_api_client_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                                        &error);
  if (server == NULL)
    {
      show_error (self, error->message, GTK_WIDGET (self->server_row));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));
  email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  if (creating (self))
    dc_account_create_async (server, email, login, password, self->cancellable,
                             signed_in_cb, g_object_ref (self));
  else
    dc_account_sign_in_async (server, login, password, self->cancellable,
                              signed_in_cb, g_object_ref (self));
}

static void
entry_activated_cb (DcWelcomeWindow *self,
                    AdwEntryRow     *row)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->submit_button)))
    submit_cb (self);
  else if (row == self->server_row)
    gtk_widget_grab_focus (GTK_WIDGET (creating (self) ? self->email_row : self->login_row));
  else if (row == self->email_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
  else if (row == self->login_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
dc_welcome_window_dispose (GObject *object)
{
  DcWelcomeWindow *self = (DcWelcomeWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_WELCOME_WINDOW);

  G_OBJECT_CLASS (dc_welcome_window_parent_class)->dispose (object);
}

static void
dc_welcome_window_class_init (DcWelcomeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_welcome_window_dispose;

  /**
   * DcWelcomeWindow::signed-in:
   * @account: the account, signed in but not loaded
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DC_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-welcome-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, sign_in_toggle);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, create_toggle);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, submit_button);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, submit_stack);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, submit_label);
  gtk_widget_class_bind_template_child (widget_class, DcWelcomeWindow, submit_spinner);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, submit_cb);
}

static void
dc_welcome_window_init (DcWelcomeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sensitivity (self);
}

DcWelcomeWindow *
dc_welcome_window_new (DcApplication *application)
{
  return g_object_new (DC_TYPE_WELCOME_WINDOW, "application", application, NULL);
}

void
dc_welcome_window_set_server_url (DcWelcomeWindow *self,
                                  const char      *server_url)
{
  g_return_if_fail (DC_IS_WELCOME_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url ? server_url : "");
}

const char *
dc_welcome_window_get_server_url (DcWelcomeWindow *self)
{
  g_return_val_if_fail (DC_IS_WELCOME_WINDOW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->server_row));
}

void
dc_welcome_window_set_login (DcWelcomeWindow *self,
                             const char      *login)
{
  g_return_if_fail (DC_IS_WELCOME_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login ? login : "");
  if (login != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/**
 * dc_welcome_window_set_message:
 * @message: (nullable): why the user sees this window again ("Your session has ended")
 */
void
dc_welcome_window_set_message (DcWelcomeWindow *self,
                               const char      *message)
{
  g_return_if_fail (DC_IS_WELCOME_WINDOW (self));

  gtk_label_set_label (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

/**
 * dc_welcome_window_sign_in:
 *
 * Fills in the form and signs in, as if the user had typed it (for DC_DEMO_LOGIN).
 */
void
dc_welcome_window_sign_in (DcWelcomeWindow *self,
                           const char      *login,
                           const char      *password)
{
  g_return_if_fail (DC_IS_WELCOME_WINDOW (self));

  gtk_toggle_button_set_active (self->sign_in_toggle, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  submit_cb (self);
}

void
dc_welcome_window_add_toast (DcWelcomeWindow *self,
                             AdwToast        *toast)
{
  g_return_if_fail (DC_IS_WELCOME_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
dc_welcome_window_get_busy (DcWelcomeWindow *self)
{
  g_return_val_if_fail (DC_IS_WELCOME_WINDOW (self), FALSE);
  return self->busy;
}

/**
 * dc_welcome_window_get_error:
 *
 * Returns: (nullable): the error shown under the form
 */
const char *
dc_welcome_window_get_error (DcWelcomeWindow *self)
{
  g_return_val_if_fail (DC_IS_WELCOME_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}
