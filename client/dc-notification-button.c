/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-notification-button"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-notification-button.h"

/* DcNotificationButton: the bell in the header bar. It shows the unread count
 * (GET /api/notifications) and opens a list of the newest notifications; opening the list
 * marks them read (POST /api/notifications/read-all). A notification.new event from the
 * event socket, or one first seen by a refresh, is also shown as a desktop notification.
 * Without the event socket the list refreshes itself every minute. */

#define LIST_LIMIT      30
#define REFRESH_SECONDS 60

struct _DcNotificationButton
{
  GtkWidget       parent_instance;

  GtkMenuButton  *menu_button;
  GtkLabel       *count_label;
  GtkPopover     *popover;
  GtkStack       *stack;
  GtkListBox     *list;
  GtkLabel       *status_label;
  GtkButton      *refresh_button;

  DcAccount      *account;
  GCancellable   *cancellable;
  GHashTable     *seen;         /* ids already listed: a new one is announced */
  guint           unread;
  guint           n_items;
  guint           busy;
  guint           refresh_source;
  gboolean        first_load_done;
};

G_DEFINE_FINAL_TYPE (DcNotificationButton, dc_notification_button, GTK_TYPE_WIDGET)

static void mark_all_read (DcNotificationButton *self);

static void
set_unread (DcNotificationButton *self,
            guint                 unread)
{
  g_autofree char *count = g_strdup_printf ("%u", unread);
  g_autofree char *accessible = NULL;

  self->unread = unread;
  gtk_label_set_label (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), unread > 0);
  if (unread > 0)
    /* Translators: the accessible name of the bell button */
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Notifications, %u unread",
                                               "Notifications, %u unread", unread), unread);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible ? accessible : _("Notifications"), -1);
}

static char *
format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (rfc3339 == NULL || (utc = g_date_time_new_from_iso8601 (rfc3339, NULL)) == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  /* Translators: when a notification came, see g_date_time_format() */
  return g_date_time_format (local, _("%e %b, %H:%M"));
}

static GtkWidget *
row_new (JsonObject *notification)
{
  const char *title = json_object_get_string_member_with_default (notification, "title", "");
  const char *body = json_object_get_string_member_with_default (notification, "body", "");
  JsonNode *read = json_object_get_member (notification, "read_at");
  gboolean unread = read == NULL || JSON_NODE_HOLDS_NULL (read);
  g_autofree char *when = format_time (json_object_get_string_member_with_default (notification,
                                                                                   "created_at",
                                                                                   NULL));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (*body != '\0' && when != NULL)
    subtitle = g_strdup_printf ("%s\n%s", body, when);
  else
    subtitle = g_strdup (*body != '\0' ? body : when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  if (unread)
    {
      GtkWidget *dot = gtk_image_new_from_icon_name ("media-record-symbolic");

      gtk_widget_add_css_class (dot, "accent");
      gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Unread"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), dot);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static void
announce (DcNotificationButton *self,
          JsonObject           *notification)
{
  GApplication *application = g_application_get_default ();
  const char *id = json_object_get_string_member_with_default (notification, "id", NULL);
  g_autoptr(GNotification) desktop = NULL;
  g_autofree char *desktop_id = NULL;

  if (application == NULL || id == NULL)
    return;
  desktop = g_notification_new (json_object_get_string_member_with_default (notification,
                                                                            "title", ""));
  g_notification_set_body (desktop, json_object_get_string_member_with_default (notification,
                                                                                "body", NULL));
  desktop_id = g_strconcat ("notification-", id, NULL);
  g_application_send_notification (application, desktop_id, desktop);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DcNotificationButton) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  GtkWidget *child;

  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), TRUE);
  if (answer == NULL)
    {
      if (self->n_items == 0)
        {
          gtk_label_set_label (self->status_label,
                               dc_api_client_error_is_offline (error)
                               ? _("Notifications need a connection to the server.")
                               : error->message);
          gtk_stack_set_visible_child_name (self->stack, "status");
        }
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_items = 0;
  node = json_object_get_member (answer, "notifications");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *items = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);
          JsonObject *notification;
          const char *id;
          JsonNode *read;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          notification = json_node_get_object (item);
          gtk_list_box_append (self->list, row_new (notification));
          self->n_items++;
          id = json_object_get_string_member_with_default (notification, "id", NULL);
          read = json_object_get_member (notification, "read_at");
          if (id != NULL && !g_hash_table_contains (self->seen, id))
            {
              g_hash_table_add (self->seen, g_strdup (id));
              /* only what arrived while the app runs, not the backlog */
              if (self->first_load_done && (read == NULL || JSON_NODE_HOLDS_NULL (read)))
                announce (self, notification);
            }
        }
    }
  self->first_load_done = TRUE;
  set_unread (self, json_object_get_int_member_with_default (answer, "unread_count", 0));
  if (self->n_items == 0)
    {
      gtk_label_set_label (self->status_label, _("No notifications yet."));
      gtk_stack_set_visible_child_name (self->stack, "status");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  if (self->unread > 0 && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    mark_all_read (self);
}

static void
read_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DcNotificationButton) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = dc_api_client_request_finish (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (error == NULL)
    set_unread (self, 0);
  else
    g_debug ("Notifications not marked read: %s", error->message);
}

static void
mark_all_read (DcNotificationButton *self)
{
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "POST",
                               "/api/notifications/read-all", NULL, self->cancellable,
                               read_all_cb, g_object_ref (self));
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  dc_notification_button_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
popover_shown_cb (DcNotificationButton *self)
{
  if (self->account == NULL)
    return;
  /* the list as it is now; what was unread is marked read once it is on screen */
  dc_notification_button_refresh (self);
}

static void
refresh_clicked_cb (DcNotificationButton *self)
{
  dc_notification_button_refresh (self);
}

static void
dc_notification_button_dispose (GObject *object)
{
  DcNotificationButton *self = (DcNotificationButton *) object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_NOTIFICATION_BUTTON);

  G_OBJECT_CLASS (dc_notification_button_parent_class)->dispose (object);
}

static void
dc_notification_button_class_init (DcNotificationButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_notification_button_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-notification-button.ui");
  gtk_widget_class_bind_template_child (widget_class, DcNotificationButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DcNotificationButton, count_label);
  gtk_widget_class_bind_template_child (widget_class, DcNotificationButton, popover);
  gtk_widget_class_bind_template_child (widget_class, DcNotificationButton, stack);
  gtk_widget_class_bind_template_child (widget_class, DcNotificationButton, list);
  gtk_widget_class_bind_template_child (widget_class, DcNotificationButton, status_label);
  gtk_widget_class_bind_template_child (widget_class, DcNotificationButton, refresh_button);
  gtk_widget_class_bind_template_callback (widget_class, popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
}

static void
dc_notification_button_init (DcNotificationButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
dc_notification_button_set_account (DcNotificationButton *self,
                                    DcAccount            *account)
{
  g_return_if_fail (DC_IS_NOTIFICATION_BUTTON (self));

  if (!g_set_object (&self->account, account))
    return;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_hash_table_remove_all (self->seen);
  self->first_load_done = FALSE;
  if (account == NULL)
    return;
  dc_notification_button_refresh (self);
  self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout_cb, self);
}

/* Asks the server for the newest notifications and the unread count. */
void
dc_notification_button_refresh (DcNotificationButton *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (DC_IS_NOTIFICATION_BUTTON (self));

  if (self->account == NULL)
    return;
  path = g_strdup_printf ("/api/notifications?limit=%d", LIST_LIMIT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "GET", path, NULL,
                               self->cancellable, list_cb, g_object_ref (self));
}

/**
 * dc_notification_button_handle_event:
 * @type: the event's type
 * @event: the whole event object
 *
 * For the event socket's ::event signal: a notification.new is announced on the desktop
 * at once and the list is fetched again.
 */
void
dc_notification_button_handle_event (DcNotificationButton *self,
                                     const char           *type,
                                     JsonObject           *event)
{
  JsonNode *node;

  g_return_if_fail (DC_IS_NOTIFICATION_BUTTON (self));

  if (g_strcmp0 (type, "notification.new") != 0 || event == NULL)
    return;
  node = json_object_get_member (event, "notification");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *notification = json_node_get_object (node);
      const char *id = json_object_get_string_member_with_default (notification, "id", NULL);

      if (id != NULL && !g_hash_table_contains (self->seen, id))
        {
          g_hash_table_add (self->seen, g_strdup (id));
          announce (self, notification);
        }
    }
  if (json_object_has_member (event, "unread_count"))
    set_unread (self, json_object_get_int_member (event, "unread_count"));
  dc_notification_button_refresh (self);
}

guint
dc_notification_button_get_unread (DcNotificationButton *self)
{
  g_return_val_if_fail (DC_IS_NOTIFICATION_BUTTON (self), 0);
  return self->unread;
}

guint
dc_notification_button_get_n_items (DcNotificationButton *self)
{
  g_return_val_if_fail (DC_IS_NOTIFICATION_BUTTON (self), 0);
  return self->n_items;
}

gboolean
dc_notification_button_get_busy (DcNotificationButton *self)
{
  g_return_val_if_fail (DC_IS_NOTIFICATION_BUTTON (self), FALSE);
  return self->busy > 0;
}
