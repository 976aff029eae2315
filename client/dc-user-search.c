/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-user-search"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dc-user-search.h"

/* DcUserSearch: a search button whose popover finds public members
 * (GET /api/users/search?q=) by name or handle; choosing one emits ::user-activated so
 * the window opens that member's profile. */

struct _DcUserSearch
{
  GtkWidget       parent_instance;

  GtkMenuButton  *menu_button;
  GtkPopover     *popover;
  GtkSearchEntry *entry;
  GtkStack       *stack;
  GtkListBox     *list;
  GtkLabel       *status_label;

  DcAccount      *account;
  GCancellable   *cancellable;
  guint           n_results;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (DcUserSearch, dc_user_search, GTK_TYPE_WIDGET)

enum {
  USER_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_list (DcUserSearch *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_results = 0;
}

static void
show_status (DcUserSearch *self,
             const char   *text)
{
  gtk_label_set_label (self->status_label, text);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static GtkWidget *
row_new (JsonObject *user)
{
  const char *username = json_object_get_string_member_with_default (user, "username", "");
  const char *name = json_object_get_string_member_with_default (user, "display_name", NULL);
  JsonNode *location = json_object_get_member (user, "location");
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (name == NULL || *name == '\0')
    name = username;
  if (location != NULL && json_node_get_value_type (location) == G_TYPE_STRING)
    subtitle = g_strdup_printf ("@%s · %s", username, json_node_get_string (location));
  else
    subtitle = g_strdup_printf ("@%s", username);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, name, TRUE));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  subtitle, -1);
  g_object_set_data_full (G_OBJECT (row), "username", g_strdup (username), g_free);
  return row;
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcUserSearch) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  clear_list (self);
  if (answer == NULL)
    {
      show_status (self, dc_api_client_error_is_offline (error)
                         ? _("Finding traders needs a connection to the server.")
                         : error->message);
      return;
    }
  node = json_object_get_member (answer, "results");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *results = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonNode *item = json_array_get_element (results, i);

          if (JSON_NODE_HOLDS_OBJECT (item))
            {
              gtk_list_box_append (self->list, row_new (json_node_get_object (item)));
              self->n_results++;
            }
        }
    }
  if (self->n_results == 0)
    show_status (self, _("No public member matches."));
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
search_changed_cb (DcUserSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->busy = FALSE;
  if (self->account == NULL)
    return;
  if (*stripped == '@')
    memmove (stripped, stripped + 1, strlen (stripped));
  if (g_utf8_strlen (stripped, -1) < 2)
    {
      clear_list (self);
      show_status (self, _("Type at least two characters."));
      return;
    }
  self->cancellable = g_cancellable_new ();
  escaped = g_uri_escape_string (stripped, NULL, FALSE);
  path = g_strdup_printf ("/api/users/search?q=%s&limit=20", escaped);
  self->busy = TRUE;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "GET", path, NULL,
                               self->cancellable, search_cb, g_object_ref (self));
}

static void
activate_row (DcUserSearch  *self,
              GtkListBoxRow *row)
{
  const char *username = g_object_get_data (G_OBJECT (row), "username");

  if (username == NULL)
    return;
  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[USER_ACTIVATED], 0, username);
}

static void
row_activated_cb (DcUserSearch  *self,
                  GtkListBoxRow *row)
{
  activate_row (self, row);
}

static void
entry_activate_cb (DcUserSearch *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if (first != NULL)
    activate_row (self, first);
}

static void
dc_user_search_dispose (GObject *object)
{
  DcUserSearch *self = (DcUserSearch *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_USER_SEARCH);

  G_OBJECT_CLASS (dc_user_search_parent_class)->dispose (object);
}

static void
dc_user_search_class_init (DcUserSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_user_search_dispose;

  /**
   * DcUserSearch::user-activated:
   * @username: the member chosen
   */
  signals[USER_ACTIVATED] = g_signal_new ("user-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-user-search.ui");
  gtk_widget_class_bind_template_child (widget_class, DcUserSearch, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DcUserSearch, popover);
  gtk_widget_class_bind_template_child (widget_class, DcUserSearch, entry);
  gtk_widget_class_bind_template_child (widget_class, DcUserSearch, stack);
  gtk_widget_class_bind_template_child (widget_class, DcUserSearch, list);
  gtk_widget_class_bind_template_child (widget_class, DcUserSearch, status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
dc_user_search_init (DcUserSearch *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "status");
}

void
dc_user_search_set_account (DcUserSearch *self,
                            DcAccount    *account)
{
  g_return_if_fail (DC_IS_USER_SEARCH (self));

  g_set_object (&self->account, account);
}

/* Searches for @text as if typed (without waiting for the entry's delay). */
void
dc_user_search_set_text (DcUserSearch *self,
                         const char   *text)
{
  g_return_if_fail (DC_IS_USER_SEARCH (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  search_changed_cb (self);
}

guint
dc_user_search_get_n_results (DcUserSearch *self)
{
  g_return_val_if_fail (DC_IS_USER_SEARCH (self), 0);
  return self->n_results;
}

gboolean
dc_user_search_get_busy (DcUserSearch *self)
{
  g_return_val_if_fail (DC_IS_USER_SEARCH (self), FALSE);
  return self->busy;
}
