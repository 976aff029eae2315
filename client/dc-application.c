/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-application.h"
#include "dc-preferences-window.h"
#include "dc-token-store.h"
#include "dc-welcome-window.h"
#include "dc-window.h"

/* DcApplication: which window to show. A start looks for a token in the keyring for the
 * server (DC_SERVER_URL, else the last one used) and opens that account's main window
 * straight away, online or not; without one it shows the welcome window, and signs in by
 * itself when DC_DEMO_LOGIN and DC_DEMO_PASSWORD are set (tools/run). */

#define DEFAULT_SERVER_URL "http://127.0.0.1:8000"

struct _DcApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;
  DcAccount       *account;
  DcWindow        *window;
  DcWelcomeWindow *welcome;
  gboolean         starting;
  gboolean         autologin_done;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (DcApplication, dc_application, ADW_TYPE_APPLICATION)

static void show_welcome (DcApplication *self, const char *login, const char *message);

/* Focus leaves a window before it goes, so that a focused text field gets its focus-out
 * (GTK warns about one that does not). */
static void
close_window (GtkWindow *window)
{
  gtk_window_set_focus (window, NULL);
  gtk_window_destroy (window);
}
static void open_account (DcApplication *self, DcAccount *account);

/**
 * dc_settings_new:
 *
 * The app's settings. Run from the build tree (tools/run, tests), the schema is not
 * installed: it is then read from the build directory, where it is compiled.
 *
 * Returns: (transfer full): the settings
 */
GSettings *
dc_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_autoptr(GError) error = NULL;

      build_source = g_settings_schema_source_new_from_directory (DC_BUILD_SCHEMA_DIR, source,
                                                                  FALSE, &error);
      if (build_source == NULL)
        g_error ("The settings schema %s is not installed: %s", APP_ID, error->message);
      schema = g_settings_schema_source_lookup (build_source, APP_ID, TRUE);
      if (schema == NULL)
        g_error ("The settings schema %s is not installed", APP_ID);
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static char *
server_to_open (DcApplication *self)
{
  const char *env = g_getenv ("DC_SERVER_URL");
  g_autofree char *last = NULL;
  char *normalized;

  if (env != NULL && *env != '\0' && (normalized = dc_api_client_normalize_url (env, NULL)) != NULL)
    return normalized;
  last = g_settings_get_string (self->settings, "last-server-url");
  if ((normalized = dc_api_client_normalize_url (last, NULL)) != NULL)
    return normalized;
  return g_strdup (DEFAULT_SERVER_URL);
}

static void
finish_starting (DcApplication *self)
{
  if (self->starting)
    {
      self->starting = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

static void
welcome_destroyed_cb (DcApplication *self)
{
  self->welcome = NULL;
}

static void
window_destroyed_cb (DcApplication *self)
{
  self->window = NULL;
}

static void
token_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DcApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dc_token_store_save_finish (result, &error))
    {
      g_autofree char *text = NULL;

      g_warning ("Cannot store the token in the keyring: %s", error->message);
      /* Translators: %s says why */
      text = g_strdup_printf (_("Your sign-in could not be kept in the keyring (%s): you will "
                                "have to sign in again next time"), error->message);
      if (self->window != NULL)
        dc_window_add_toast (self->window, adw_toast_new (text));
    }
}

static void
signed_in_cb (DcWelcomeWindow *welcome,
              DcAccount       *account,
              DcApplication   *self)
{
  const char *server = dc_account_get_server_url (account);

  g_settings_set_string (self->settings, "last-server-url", server);
  dc_token_store_save_async (server, dc_account_get_username (account),
                             dc_api_client_get_token (dc_account_get_api_client (account)),
                             NULL, token_saved_cb, g_object_ref (self));
  open_account (self, account);
}

static void
show_welcome (DcApplication *self,
              const char    *login,
              const char    *message)
{
  g_autofree char *server = server_to_open (self);
  const char *demo_login = g_getenv ("DC_DEMO_LOGIN");
  const char *demo_password = g_getenv ("DC_DEMO_PASSWORD");

  if (self->welcome == NULL)
    {
      self->welcome = dc_welcome_window_new (self);
      g_signal_connect_object (self->welcome, "signed-in", G_CALLBACK (signed_in_cb), self, 0);
      g_signal_connect_object (self->welcome, "destroy", G_CALLBACK (welcome_destroyed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  dc_welcome_window_set_server_url (self->welcome, server);
  dc_welcome_window_set_message (self->welcome, message);
  if (login != NULL)
    dc_welcome_window_set_login (self->welcome, login);
  gtk_window_present (GTK_WINDOW (self->welcome));
  finish_starting (self);

  /* once per run: after a sign-out the user chooses */
  if (!self->autologin_done && login == NULL && demo_login && *demo_login && demo_password)
    {
      self->autologin_done = TRUE;
      dc_welcome_window_sign_in (self->welcome, demo_login, demo_password);
    }
}

static void
token_deleted_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dc_token_store_delete_finish (result, &error))
    g_warning ("Cannot remove the token from the keyring: %s", error->message);
}

static void
session_expired_cb (DcAccount     *account,
                    DcApplication *self)
{
  g_autofree char *username = g_strdup (dc_account_get_username (account));

  if (account != self->account)
    return;

  /* the local data stays: signing in again as the same user reuses it */
  dc_token_store_delete_async (dc_account_get_server_url (account), username, NULL,
                               token_deleted_cb, NULL);
  g_clear_object (&self->account);
  show_welcome (self, username,
                _("Your session has ended, perhaps it was revoked from another device. "
                  "Sign in again to continue."));
  if (self->window != NULL)
    close_window (GTK_WINDOW (self->window));
}

static void
account_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DcApplication) self = user_data;
  DcAccount *account = DC_ACCOUNT (object);
  g_autoptr(GError) error = NULL;

  if (!dc_account_load_finish (account, result, &error))
    {
      g_autofree char *text = NULL;

      g_warning ("Cannot open the local data: %s", error->message);
      /* Translators: %s says why */
      text = g_strdup_printf (_("The data on this computer could not be opened: %s"),
                              error->message);
      show_welcome (self, dc_account_get_username (account), text);
      return;
    }

  g_set_object (&self->account, account);
  g_signal_connect_object (account, "session-expired", G_CALLBACK (session_expired_cb), self, 0);

  self->window = dc_window_new (self, account);
  g_signal_connect_object (self->window, "destroy", G_CALLBACK (window_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->window));
  if (self->welcome != NULL)
    close_window (GTK_WINDOW (self->welcome));
  finish_starting (self);

  dc_account_refresh (account);
}

static void
open_account (DcApplication *self,
              DcAccount     *account)
{
  if (!self->starting)
    {
      self->starting = TRUE;
      g_application_hold (G_APPLICATION (self));
    }
  dc_account_load_async (account, self->cancellable, account_loaded_cb, g_object_ref (self));
}

typedef struct
{
  DcApplication *self;
  char          *server;
  char          *username;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->self);
  g_free (lookup->server);
  g_free (lookup->username);
  g_free (lookup);
}

static void
token_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  DcApplication *self = lookup->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = dc_token_store_lookup_finish (result, &error);
  if (token == NULL)
    {
      if (error != NULL)
        g_warning ("Cannot read the keyring: %s", error->message);
      show_welcome (self, NULL, NULL);
    }
  else
    {
      g_autoptr(DcAccount) account = dc_account_new (lookup->server, lookup->username, token);

      open_account (self, account);
    }
  lookup_free (lookup);
}

static void
accounts_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DcApplication) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  DcStoredAccount *stored;
  Lookup *lookup;

  accounts = dc_token_store_find_finish (result, &error);
  if (accounts == NULL || accounts->len == 0)
    {
      if (error != NULL)
        g_warning ("Cannot search the keyring: %s", error->message);
      show_welcome (self, NULL, NULL);
      return;
    }

  stored = g_ptr_array_index (accounts, 0);
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->server = g_strdup (stored->server);
  lookup->username = g_strdup (stored->username);
  dc_token_store_lookup_async (lookup->server, lookup->username, self->cancellable,
                               token_found_cb, lookup);
}

static void
dc_application_activate (GApplication *application)
{
  DcApplication *self = DC_APPLICATION (application);
  g_autofree char *server = NULL;

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }
  if (self->welcome != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->welcome));
      return;
    }
  if (self->starting)
    return;

  self->starting = TRUE;
  g_application_hold (application);
  server = server_to_open (self);
  dc_token_store_find_async (server, self->cancellable, accounts_found_cb, g_object_ref (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  DcApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* close the windows so that they save their state */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DcApplication *self = user_data;
  DcPreferencesWindow *preferences;

  if (self->account == NULL || self->window == NULL)
    return;
  preferences = dc_preferences_window_new (GTK_WINDOW (self->window), self->account);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  DcApplication *self = user_data;
  static const char *developers[] = { "The Dualcaster Deals contributors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Dualcaster Deals"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Dualcaster Deals contributors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://dualcasterdeals.com",
                        "issue-url", "https://dualcasterdeals.com/issues",
                        "comments", _("Keep your Magic: The Gathering collection on your "
                                      "computer, even offline, and trade with collectors "
                                      "near you."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Dualcaster Deals contributors",
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Card Data"),
                                      _("Card data and images © Wizards of the Coast. Card "
                                        "objects and prices come from Scryfall and MTGJSON. "
                                        "Dualcaster Deals is unofficial Fan Content permitted "
                                        "under the Fan Content Policy; it is not approved or "
                                        "endorsed by Wizards."),
                                      GTK_LICENSE_CUSTOM, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
};

static void
dc_application_startup (GApplication *application)
{
  DcApplication *self = DC_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (dc_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
dc_application_shutdown (GApplication *application)
{
  DcApplication *self = DC_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  G_APPLICATION_CLASS (dc_application_parent_class)->shutdown (application);
}

static void
dc_application_dispose (GObject *object)
{
  DcApplication *self = (DcApplication *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (dc_application_parent_class)->dispose (object);
}

static void
dc_application_finalize (GObject *object)
{
  DcApplication *self = (DcApplication *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dc_application_parent_class)->finalize (object);
}

static void
dc_application_class_init (DcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dc_application_dispose;
  object_class->finalize = dc_application_finalize;
  app_class->activate = dc_application_activate;
  app_class->startup = dc_application_startup;
  app_class->shutdown = dc_application_shutdown;
}

static void
dc_application_init (DcApplication *self)
{
  self->settings = dc_settings_new ();
  self->cancellable = g_cancellable_new ();
}

/**
 * dc_application_new:
 * @flags: %G_APPLICATION_DEFAULT_FLAGS, or %G_APPLICATION_NON_UNIQUE for tests
 */
DcApplication *
dc_application_new (GApplicationFlags flags)
{
  return g_object_new (DC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/com/dualcasterdeals/Deals",
                       "flags", flags,
                       NULL);
}

GSettings *
dc_application_get_settings (DcApplication *self)
{
  g_return_val_if_fail (DC_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * dc_application_get_account:
 *
 * Returns: (transfer none) (nullable): the signed-in account
 */
DcAccount *
dc_application_get_account (DcApplication *self)
{
  g_return_val_if_fail (DC_IS_APPLICATION (self), NULL);
  return self->account;
}

/**
 * dc_application_get_main_window:
 *
 * Returns: (transfer none) (nullable): the main window, or else the welcome window
 */
GtkWindow *
dc_application_get_main_window (DcApplication *self)
{
  g_return_val_if_fail (DC_IS_APPLICATION (self), NULL);

  if (self->window != NULL)
    return GTK_WINDOW (self->window);
  return self->welcome ? GTK_WINDOW (self->welcome) : NULL;
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DcApplication) self = user_data;
  DcAccount *account = DC_ACCOUNT (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_application_release (G_APPLICATION (self));
  if (!dc_account_sign_out_finish (account, result, &error))
    {
      g_warning ("Sign out failed: %s", error->message);
      if (self->window != NULL)
        {
          /* Translators: %s says why */
          text = g_strdup_printf (_("Could not sign out: %s"), error->message);
          gtk_widget_set_sensitive (GTK_WIDGET (self->window), TRUE);
          dc_window_add_toast (self->window, adw_toast_new (text));
        }
      return;
    }

  /* Translators: %s is a user name */
  text = g_strdup_printf (_("%s was signed out"), dc_account_get_username (account));
  if (account == self->account)
    g_clear_object (&self->account);
  show_welcome (self, NULL, NULL);
  dc_welcome_window_add_toast (self->welcome, adw_toast_new (text));
  if (self->window != NULL)
    close_window (GTK_WINDOW (self->window));
}

/**
 * dc_application_sign_out:
 *
 * Signs the current account out (the caller has asked the user): the session is revoked
 * on the server if it can be reached, the token and the local data are deleted, and the
 * welcome window replaces the main window.
 */
void
dc_application_sign_out (DcApplication *self)
{
  g_return_if_fail (DC_IS_APPLICATION (self));

  if (self->account == NULL)
    return;
  if (self->window != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->window), FALSE);
  g_application_hold (G_APPLICATION (self));
  dc_account_sign_out_async (self->account, NULL, signed_out_cb, g_object_ref (self));
}
