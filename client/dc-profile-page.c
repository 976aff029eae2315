/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-profile-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-error.h"
#include "dc-profile-page.h"

/* DcProfilePage: another member's public profile (GET /api/users/{username}): avatar,
 * name, handle, tier, location and trade radius, member since, bio, stats, and the public
 * have and want lists as a grid of cards. A private profile says so. */

struct _DcProfilePage
{
  GtkBox          parent_instance;

  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *status_page;
  AdwAvatar      *avatar;
  GtkLabel       *name_label;
  GtkLabel       *handle_label;
  GtkLabel       *where_label;
  GtkLabel       *since_label;
  GtkLabel       *bio_label;
  GtkBox         *stats_box;
  GtkStack       *have_stack;
  GtkFlowBox     *have_grid;
  GtkLabel       *have_empty_label;
  AdwViewStackPage *have_stack_page;
  GtkStack       *want_stack;
  GtkFlowBox     *want_grid;
  GtkLabel       *want_empty_label;
  AdwViewStackPage *want_stack_page;

  DcAccount      *account;
  GCancellable   *cancellable;
  char           *username;
  guint           n_haves;
  guint           n_wants;
  guint           pending;
};

G_DEFINE_FINAL_TYPE (DcProfilePage, dc_profile_page, GTK_TYPE_BOX)

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

static void
clear_grid (GtkFlowBox *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_flow_box_remove (grid, child);
}

static void
show_status (DcProfilePage *self,
             const char    *icon_name,
             const char    *title,
             const char    *description)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static GtkWidget *
stat_new (const char *value,
          const char *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *number = gtk_label_new (value);
  GtkWidget *label = gtk_label_new (caption);
  g_autofree char *accessible = g_strdup_printf ("%s %s", value, caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (number, "title-2");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_margin_top (number, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return box;
}

static void
fill_stats (DcProfilePage *self,
            JsonObject    *stats)
{
  GtkWidget *child;
  g_autofree char *trades = NULL;
  g_autofree char *rating = NULL;
  g_autofree char *cards = NULL;
  JsonNode *node;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stats_box))) != NULL)
    gtk_box_remove (self->stats_box, child);

  trades = g_strdup_printf ("%" G_GINT64_FORMAT,
                            stats ? json_object_get_int_member_with_default (stats, "trades", 0)
                                  : 0);
  node = stats ? json_object_get_member (stats, "rating") : NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    rating = g_strdup_printf ("%.1f", json_node_get_double (node));
  else
    /* Translators: no rating yet */
    rating = g_strdup (C_("rating", "—"));
  cards = g_strdup_printf ("%" G_GINT64_FORMAT,
                           stats ? json_object_get_int_member_with_default (stats, "cards", 0) : 0);
  gtk_box_append (self->stats_box, stat_new (trades, _("Trades")));
  gtk_box_append (self->stats_box, stat_new (rating, _("Rating")));
  gtk_box_append (self->stats_box, stat_new (cards, _("Cards")));
}

static GtkWidget *
tile_new (JsonObject *card,
          const char *detail)
{
  const char *name = member_string (card, "name");
  const char *set = member_string (card, "set");
  const char *number = member_string (card, "collector_number");
  const char *set_name = member_string (card, "set_name");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (name ? name : _("Unknown card"));
  g_autofree char *set_text = NULL;
  g_autofree char *set_upper = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *set_label, *detail_label;

  gtk_widget_add_css_class (box, "card");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  set_upper = g_ascii_strup (set ? set : "", -1);
  set_text = g_strdup_printf ("%s %s%s%s%s", set_upper, number ? number : "",
                              set_name ? " · " : "", set_name ? set_name : "", "");
  set_label = gtk_label_new (set_text);
  gtk_label_set_xalign (GTK_LABEL (set_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (set_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (set_label, "dim-label");
  gtk_widget_add_css_class (set_label, "caption");
  detail_label = gtk_label_new (detail);
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
  gtk_widget_add_css_class (detail_label, "numeric");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), set_label);
  gtk_box_append (GTK_BOX (box), detail_label);
  for (GtkWidget *label = title; label != NULL; label = gtk_widget_get_next_sibling (label))
    {
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
    }
  gtk_widget_set_margin_top (title, 12);
  gtk_widget_set_margin_bottom (detail_label, 12);
  accessible = g_strdup_printf ("%s, %s, %s", name ? name : "", set_text, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return box;
}

static char *
have_detail (JsonObject *item)
{
  gint64 quantity = json_object_get_int_member_with_default (item, "quantity", 1);
  const char *condition = member_string (item, "condition");
  const char *finish = member_string (item, "finish");
  const char *price = member_string (item, "unit_price");
  g_autofree char *money = NULL;

  if (price != NULL)
    /* Translators: a price in US dollars; %s is a decimal such as 10.00 */
    money = g_strdup_printf (_("$%s"), price);
  /* Translators: copies, condition, finish and price of a card on offer: "2 × NM foil · $7.68" */
  return g_strdup_printf (_("%d × %s %s%s%s"), (int) quantity,
                          condition ? condition : "", finish ? finish : "",
                          money ? " · " : "", money ? money : "");
}

static char *
want_detail (JsonObject *item)
{
  gint64 quantity = json_object_get_int_member_with_default (item, "quantity", 1);
  const char *condition = member_string (item, "condition_min");
  const char *priority = member_string (item, "priority");
  gboolean any_printing = member_string (item, "card_id") == NULL;

  /* Translators: copies wanted, the worst condition accepted and the priority,
   * e.g. "2 × LP or better · high" */
  return g_strdup_printf (_("%d × %s or better · %s%s"), (int) quantity,
                          condition ? condition : "DMG", priority ? priority : "",
                          any_printing ? _(" · any printing") : "");
}

typedef struct
{
  DcProfilePage *self;
  gboolean       have;
} ListCall;

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ListCall *call = user_data;
  g_autoptr(DcProfilePage) self = call->self;
  gboolean have = call->have;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  GtkFlowBox *grid = have ? self->have_grid : self->want_grid;
  GtkStack *stack = have ? self->have_stack : self->want_stack;
  GtkLabel *empty = have ? self->have_empty_label : self->want_empty_label;
  JsonNode *items_node;
  guint n = 0;

  g_free (call);
  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->pending--;
  clear_grid (grid);

  if (answer == NULL)
    {
      gtk_label_set_label (empty, error->message);
      gtk_stack_set_visible_child_name (stack, "empty");
      return;
    }
  items_node = json_object_get_member (answer, "items");
  if (items_node != NULL && JSON_NODE_HOLDS_ARRAY (items_node))
    {
      JsonArray *items = json_node_get_array (items_node);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *node = json_array_get_element (items, i);
          JsonObject *item;
          g_autofree char *detail = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          item = json_node_get_object (node);
          detail = have ? have_detail (item) : want_detail (item);
          gtk_flow_box_append (grid, tile_new (member_object (item, "card"), detail));
          n++;
        }
    }
  if (have)
    self->n_haves = n;
  else
    self->n_wants = n;
  {
    g_autofree char *title = NULL;

    /* Translators: a tab title with a count, e.g. "Have (3)" */
    title = g_strdup_printf (have ? _("Have (%u)") : _("Want (%u)"), n);
    adw_view_stack_page_set_title (have ? self->have_stack_page : self->want_stack_page, title);
  }
  if (n == 0)
    {
      gtk_label_set_label (empty, have ? _("Nothing on offer right now.")
                                       : _("No public wants right now."));
      gtk_stack_set_visible_child_name (stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (stack, "grid");
}

static void
load_list (DcProfilePage *self,
           gboolean       have,
           gboolean       shown)
{
  g_autofree char *escaped = g_uri_escape_string (self->username, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/users/%s/%s", escaped,
                                           have ? "have-list" : "want-list");
  ListCall *call;

  if (!shown)
    {
      GtkLabel *empty = have ? self->have_empty_label : self->want_empty_label;

      gtk_label_set_label (empty, have ? _("This member keeps their have list private.")
                                       : _("This member keeps their want list private."));
      gtk_stack_set_visible_child_name (have ? self->have_stack : self->want_stack, "empty");
      adw_view_stack_page_set_title (have ? self->have_stack_page : self->want_stack_page,
                                     have ? _("Have") : _("Want"));
      return;
    }
  call = g_new0 (ListCall, 1);
  call->self = g_object_ref (self);
  call->have = have;
  self->pending++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "GET", path, NULL,
                               self->cancellable, list_cb, call);
}

static void
avatar_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcProfilePage) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  bytes = dc_api_client_fetch_finish (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      g_debug ("No avatar: %s", error ? error->message : "empty");
      return;
    }
  adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (texture));
}

static char *
format_date (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (rfc3339 == NULL || (utc = g_date_time_new_from_iso8601 (rfc3339, NULL)) == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  /* Translators: a month and year, see g_date_time_format() */
  return g_date_time_format (local, _("%B %Y"));
}

static void
profile_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DcProfilePage) self = user_data;
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  const char *display_name, *location, *tier, *bio, *avatar_url;
  g_autofree char *handle = NULL;
  g_autofree char *where = NULL;
  g_autofree char *since = NULL;
  g_autofree char *since_text = NULL;
  gint64 radius;

  profile = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->pending--;
  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (profile == NULL)
    {
      const char *code = dc_api_error_get_code (error);

      if (g_strcmp0 (code, "user.profile_private") == 0)
        show_status (self, "changes-prevent-symbolic", _("This profile is private"),
                     _("Only the member can see it."));
      else if (dc_api_client_error_is_offline (error))
        show_status (self, "network-offline-symbolic", _("Profiles Need a Connection"),
                     _("Member profiles are on the server. Connect to see this one."));
      else
        show_status (self, "dialog-warning-symbolic", _("The Profile Could Not Be Loaded"),
                     error->message);
      return;
    }

  display_name = member_string (profile, "display_name");
  if (display_name == NULL || *display_name == '\0')
    display_name = self->username;
  location = member_string (profile, "location");
  tier = member_string (profile, "tier");
  bio = member_string (profile, "bio");
  avatar_url = member_string (profile, "avatar_url");
  radius = json_object_get_int_member_with_default (profile, "trade_radius", 50);

  adw_avatar_set_text (self->avatar, display_name);
  adw_avatar_set_custom_image (self->avatar, NULL);
  gtk_label_set_label (self->name_label, display_name);
  /* Translators: a user handle and their tier, e.g. "@alice · silver" */
  handle = g_strdup_printf (_("@%s · %s"), self->username, tier ? tier : _("new"));
  gtk_label_set_label (self->handle_label, handle);
  if (location != NULL && *location != '\0')
    /* Translators: a place and the trade radius in miles */
    where = g_strdup_printf (_("%s · trades within %d mi"), location, (int) radius);
  else
    /* Translators: the trade radius in miles */
    where = g_strdup_printf (_("Trades within %d mi"), (int) radius);
  gtk_label_set_label (self->where_label, where);
  since = format_date (member_string (profile, "member_since"));
  /* Translators: %s is a month and year */
  since_text = since ? g_strdup_printf (_("Member since %s"), since) : NULL;
  gtk_label_set_label (self->since_label, since_text);
  gtk_widget_set_visible (GTK_WIDGET (self->since_label), since_text != NULL);
  gtk_label_set_label (self->bio_label, bio);
  gtk_widget_set_visible (GTK_WIDGET (self->bio_label), bio != NULL && *bio != '\0');
  fill_stats (self, member_object (profile, "stats"));

  if (avatar_url != NULL)
    {
      g_autofree char *uri = g_str_has_prefix (avatar_url, "/")
                             ? g_strconcat (dc_account_get_server_url (self->account), avatar_url,
                                            NULL)
                             : g_strdup (avatar_url);

      dc_api_client_fetch_async (dc_account_get_api_client (self->account), uri,
                                 self->cancellable, avatar_cb, g_object_ref (self));
    }

  load_list (self, TRUE,
             json_object_get_boolean_member_with_default (profile, "show_have_list", TRUE));
  load_list (self, FALSE,
             json_object_get_boolean_member_with_default (profile, "show_want_list", TRUE));
  gtk_stack_set_visible_child_name (self->stack, "profile");
}

static void
load (DcProfilePage *self)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (self->account == NULL || self->username == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending = 1;
  self->n_haves = self->n_wants = 0;
  clear_grid (self->have_grid);
  clear_grid (self->want_grid);

  escaped = g_uri_escape_string (self->username, NULL, FALSE);
  path = g_strconcat ("/api/users/", escaped, NULL);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  dc_api_client_request_async (dc_account_get_api_client (self->account), "GET", path, NULL,
                               self->cancellable, profile_cb, g_object_ref (self));
}

static void
dc_profile_page_dispose (GObject *object)
{
  DcProfilePage *self = (DcProfilePage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->username, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_PROFILE_PAGE);

  G_OBJECT_CLASS (dc_profile_page_parent_class)->dispose (object);
}

static void
dc_profile_page_class_init (DcProfilePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_profile_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-profile-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, stack);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, avatar);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, handle_label);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, where_label);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, since_label);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, bio_label);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, stats_box);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, have_stack);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, have_grid);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, have_empty_label);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, have_stack_page);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, want_stack);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, want_grid);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, want_empty_label);
  gtk_widget_class_bind_template_child (widget_class, DcProfilePage, want_stack_page);
}

static void
dc_profile_page_init (DcProfilePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
dc_profile_page_set_account (DcProfilePage *self,
                             DcAccount     *account)
{
  g_return_if_fail (DC_IS_PROFILE_PAGE (self));

  if (g_set_object (&self->account, account))
    load (self);
}

void
dc_profile_page_show_user (DcProfilePage *self,
                           const char    *username)
{
  g_return_if_fail (DC_IS_PROFILE_PAGE (self));
  g_return_if_fail (username != NULL);

  g_free (self->username);
  self->username = g_strdup (username);
  load (self);
}

const char *
dc_profile_page_get_username (DcProfilePage *self)
{
  g_return_val_if_fail (DC_IS_PROFILE_PAGE (self), NULL);
  return self->username;
}

gboolean
dc_profile_page_get_loading (DcProfilePage *self)
{
  g_return_val_if_fail (DC_IS_PROFILE_PAGE (self), FALSE);
  return self->pending > 0;
}

/* "loading", "profile" or "status" */
const char *
dc_profile_page_get_state (DcProfilePage *self)
{
  g_return_val_if_fail (DC_IS_PROFILE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

guint
dc_profile_page_get_n_haves (DcProfilePage *self)
{
  g_return_val_if_fail (DC_IS_PROFILE_PAGE (self), 0);
  return self->n_haves;
}

guint
dc_profile_page_get_n_wants (DcProfilePage *self)
{
  g_return_val_if_fail (DC_IS_PROFILE_PAGE (self), 0);
  return self->n_wants;
}
