/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-matches-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-error.h"
#include "dc-matches-page.h"

/* DcMatchesPage: two-way trade matches (GET /api/matches, DESIGN §7.2), one boxed card
 * per partner with the quality, what each side gets and its value. A Local only switch
 * and a minimum quality (50 by default) filter on the server. The page tells its window
 * through signals when the user asks for a partner's profile or for Settings. */

struct _DcMatchesPage
{
  GtkBox          parent_instance;

  GtkSwitch      *local_switch;
  GtkSpinButton  *quality_spin;
  GtkLabel       *summary_label;
  GtkButton      *refresh_button;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkBox         *list_box;
  AdwStatusPage  *status_page;
  GtkButton      *status_button;

  DcAccount      *account;
  GCancellable   *cancellable;
  char           *status_action;    /* what status_button does: "settings" or "retry" */
  int             n_matches;        /* -1 until the server answered */
  guint           debounce_source;
  gboolean        loading;
};

G_DEFINE_FINAL_TYPE (DcMatchesPage, dc_matches_page, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_N_MATCHES,
  N_PROPS
};

enum {
  SHOW_PROFILE,
  SHOW_SETTINGS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_n_matches (DcMatchesPage *self,
               int            n)
{
  if (self->n_matches == n)
    return;
  self->n_matches = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
}

static void
clear_list (DcMatchesPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_box_remove (self->list_box, child);
}

static void
show_status (DcMatchesPage *self,
             const char    *icon_name,
             const char    *title,
             const char    *description,
             const char    *button_label,
             const char    *action)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->status_button), button_label != NULL);
  if (button_label != NULL)
    {
      g_autoptr(GString) plain = g_string_new (button_label);

      g_string_replace (plain, "_", "", 0);
      gtk_button_set_label (self->status_button, button_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str, -1);
    }
  g_free (self->status_action);
  self->status_action = g_strdup (action);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static char *
format_money (const char *decimal)
{
  /* Translators: a price in US dollars; %s is a decimal such as 10.00 */
  return g_strdup_printf (_("$%s"), decimal ? decimal : "0.00");
}

static void
view_profile_clicked_cb (GtkButton     *button,
                         DcMatchesPage *self)
{
  const char *username = g_object_get_data (G_OBJECT (button), "username");

  g_signal_emit (self, signals[SHOW_PROFILE], 0, username);
}

static GtkWidget *
entry_row_new (JsonObject *entry)
{
  JsonObject *card = member_object (entry, "card");
  const char *name = member_string (card, "name");
  const char *set = member_string (card, "set");
  const char *number = member_string (card, "collector_number");
  const char *finish = member_string (entry, "finish");
  const char *condition = member_string (entry, "condition");
  gint64 copies = json_object_get_int_member_with_default (entry, "copies", 1);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *value = format_money (member_string (entry, "value"));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  /* Translators: copies × card name, e.g. "2 × Counterspell" */
  title = g_strdup_printf (_("%d × %s"), (int) copies, name ? name : _("Unknown card"));
  subtitle = g_strdup_printf ("%s %s · %s · %s", set ? set : "", number ? number : "",
                              condition ? condition : "", finish ? finish : "");
  g_strdelimit (subtitle, NULL, ' ');
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_ascii_strup (subtitle, -1));
  label = gtk_label_new (value);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GtkWidget *
side_row_new (const char *title,
              const char *value,
              JsonArray  *entries)
{
  g_autofree char *money = format_money (value);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *label = gtk_label_new (money);
  guint n = entries ? json_array_get_length (entries) : 0;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Translators: the accessible name of a side of a match, e.g. "You get, $40.10" */
  accessible = g_strdup_printf (_("%s, %s"), title, money);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card", "%u cards", n), n);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "heading");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), label);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  entry_row_new (json_node_get_object (node)));
    }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  return row;
}

static GtkWidget *
match_card_new (DcMatchesPage *self,
                JsonObject    *match)
{
  JsonObject *user = member_object (match, "user");
  const char *username = member_string (user, "username");
  const char *display_name = member_string (user, "display_name");
  const char *location = member_string (user, "location");
  const char *tier = member_string (user, "tier");
  gint64 quality = json_object_get_int_member_with_default (match, "quality", 0);
  gboolean is_local = json_object_get_boolean_member_with_default (match, "is_local", FALSE);
  JsonNode *distance = json_object_get_member (match, "distance_miles");
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *avatar, *names, *name_label, *handle_label, *quality_box, *quality_label, *level;
  GtkWidget *button, *list;
  g_autofree char *handle = NULL;
  g_autofree char *quality_text = NULL;
  g_autofree char *where = NULL;
  g_autofree char *accessible = NULL;

  if (username == NULL)
    username = "";
  if (display_name == NULL || *display_name == '\0')
    display_name = username;

  avatar = adw_avatar_new (48, display_name, TRUE);
  gtk_widget_set_valign (avatar, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), avatar);

  names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (names, TRUE);
  gtk_widget_set_valign (names, GTK_ALIGN_CENTER);
  name_label = gtk_label_new (display_name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name_label, "title-4");
  gtk_box_append (GTK_BOX (names), name_label);

  if (distance != NULL && JSON_NODE_HOLDS_VALUE (distance))
    /* Translators: a distance, e.g. "25 mi away" */
    where = g_strdup_printf (_("%.0f mi away"), json_node_get_double (distance));
  else if (location != NULL)
    where = g_strdup (location);
  /* Translators: a user handle, their tier ("new", "silver"…) and where they are */
  handle = g_strdup_printf (_("@%s · %s%s%s%s"), username, tier ? tier : _("new"),
                            where ? " · " : "", where ? where : "",
                            is_local ? _(" · local") : "");
  handle_label = gtk_label_new (handle);
  gtk_label_set_xalign (GTK_LABEL (handle_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (handle_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (handle_label, "dim-label");
  gtk_box_append (GTK_BOX (names), handle_label);
  gtk_box_append (GTK_BOX (header), names);

  quality_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_valign (quality_box, GTK_ALIGN_CENTER);
  /* Translators: the quality of a match in percent */
  quality_text = g_strdup_printf (_("%d %% match"), (int) quality);
  quality_label = gtk_label_new (quality_text);
  gtk_widget_add_css_class (quality_label, "heading");
  gtk_box_append (GTK_BOX (quality_box), quality_label);
  level = gtk_level_bar_new_for_interval (0, 100);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (level), (double) quality);
  gtk_widget_set_size_request (level, 96, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (level), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  quality_text, -1);
  gtk_box_append (GTK_BOX (quality_box), level);
  gtk_box_append (GTK_BOX (header), quality_box);

  button = gtk_button_new_with_mnemonic (_("_View Profile"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: the accessible name of a View Profile button; %s is a user name */
  accessible = g_strdup_printf (_("View profile of %s"), username);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "username", g_strdup (username), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (view_profile_clicked_cb), self);
  gtk_box_append (GTK_BOX (header), button);
  gtk_widget_set_margin_bottom (header, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), header);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list),
                       side_row_new (_("You get"), member_string (match, "my_value"),
                                     member_array (match, "cards_for_me")));
  gtk_list_box_append (GTK_LIST_BOX (list),
                       side_row_new (_("They get"), member_string (match, "their_value"),
                                     member_array (match, "cards_for_them")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  g_object_set_data_full (G_OBJECT (group), "username", g_strdup (username), g_free);
  return group;
}

static void
matches_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DcMatchesPage) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *matches;
  guint n;

  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), TRUE);
  clear_list (self);
  gtk_label_set_label (self->summary_label, NULL);

  if (answer == NULL)
    {
      if (dc_api_client_error_is_offline (error))
        show_status (self, "network-offline-symbolic", _("Matches Need a Connection"),
                     _("Trade matches are found on the server. Connect to see them."),
                     _("_Try Again"), "retry");
      else if (g_strcmp0 (dc_api_error_get_code (error), "match.location_required") == 0)
        show_status (self, "find-location-symbolic", _("Set Your Location"), error->message,
                     _("_Open Profile Settings"), "settings");
      else
        show_status (self, "dialog-warning-symbolic", _("Matches Could Not Be Loaded"),
                     error->message, _("_Try Again"), "retry");
      return;
    }

  matches = member_array (answer, "matches");
  n = matches ? json_array_get_length (matches) : 0;
  set_n_matches (self, (int) n);
  if (n == 0)
    {
      show_status (self, "system-users-symbolic", _("No Matches Yet"),
                   _("Matches appear when another collector has cards you want and wants "
                     "cards you have. Add cards to your want and have lists, or lower the "
                     "minimum quality."),
                   NULL, NULL);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (matches, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_box_append (self->list_box, match_card_new (self, json_node_get_object (node)));
    }
  {
    g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trade partner",
                                                             "%u trade partners", n), n);
    gtk_label_set_label (self->summary_label, summary);
  }
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
load (DcMatchesPage *self)
{
  g_autofree char *path = NULL;

  g_clear_handle_id (&self->debounce_source, g_source_remove);
  if (self->account == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  path = g_strdup_printf ("/api/matches?min_quality=%d&local_only=%s&limit=50",
                          gtk_spin_button_get_value_as_int (self->quality_spin),
                          gtk_switch_get_active (self->local_switch) ? "true" : "false");
  self->loading = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  dc_api_client_request_async (dc_account_get_api_client (self->account), "GET", path, NULL,
                               self->cancellable, matches_cb, g_object_ref (self));
}

static void
debounced_cb (gpointer user_data)
{
  DcMatchesPage *self = user_data;

  self->debounce_source = 0;
  load (self);
}

static void
filters_changed_cb (DcMatchesPage *self)
{
  g_clear_handle_id (&self->debounce_source, g_source_remove);
  self->debounce_source = g_timeout_add_once (300, debounced_cb, self);
}

static void
refresh_clicked_cb (DcMatchesPage *self)
{
  load (self);
}

static void
status_button_clicked_cb (DcMatchesPage *self)
{
  if (g_strcmp0 (self->status_action, "settings") == 0)
    g_signal_emit (self, signals[SHOW_SETTINGS], 0, "profile");
  else
    load (self);
}

static void
dc_matches_page_dispose (GObject *object)
{
  DcMatchesPage *self = (DcMatchesPage *) object;

  g_clear_handle_id (&self->debounce_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->status_action, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_MATCHES_PAGE);

  G_OBJECT_CLASS (dc_matches_page_parent_class)->dispose (object);
}

static void
dc_matches_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DcMatchesPage *self = DC_MATCHES_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_MATCHES:
      g_value_set_int (value, self->n_matches);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_matches_page_class_init (DcMatchesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_matches_page_dispose;
  object_class->get_property = dc_matches_page_get_property;

  properties[PROP_N_MATCHES] =
    g_param_spec_int ("n-matches", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DcMatchesPage::show-profile:
   * @username: whose profile
   */
  signals[SHOW_PROFILE] = g_signal_new ("show-profile", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * DcMatchesPage::show-settings:
   * @page: the name of the Settings page to open
   */
  signals[SHOW_SETTINGS] = g_signal_new ("show-settings", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-matches-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, local_switch);
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, quality_spin);
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, DcMatchesPage, status_button);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_button_clicked_cb);
}

static void
dc_matches_page_init (DcMatchesPage *self)
{
  self->n_matches = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
dc_matches_page_set_account (DcMatchesPage *self,
                             DcAccount     *account)
{
  g_return_if_fail (DC_IS_MATCHES_PAGE (self));

  if (!g_set_object (&self->account, account))
    return;
  load (self);
}

/* Asks the server again (the window calls this when the page is shown and after a sync). */
void
dc_matches_page_refresh (DcMatchesPage *self)
{
  g_return_if_fail (DC_IS_MATCHES_PAGE (self));

  if (!self->loading)
    load (self);
}

int
dc_matches_page_get_n_matches (DcMatchesPage *self)
{
  g_return_val_if_fail (DC_IS_MATCHES_PAGE (self), -1);
  return self->n_matches;
}

gboolean
dc_matches_page_get_loading (DcMatchesPage *self)
{
  g_return_val_if_fail (DC_IS_MATCHES_PAGE (self), FALSE);
  return self->loading || self->debounce_source != 0;
}

/* "loading", "list" or "status" */
const char *
dc_matches_page_get_state (DcMatchesPage *self)
{
  g_return_val_if_fail (DC_IS_MATCHES_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
