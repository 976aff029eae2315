/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-have-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-have-page.h"
#include "dc-have-row.h"
#include "dc-list-editors.h"
#include "dc-money.h"

/* DcHavePage: the have list, the cards of the collection offered for trade. One expander
 * row per item with its editors; changes are written at once through the collection
 * store, a refused change is said under the row, and a removal can be undone. Items are
 * added from the Collection ("Mark for trade"). */

struct _DcHavePage
{
  GtkWidget          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkLabel          *count_label;
  GtkListBox        *list;

  DcCollectionStore *store;
  GListModel        *model;
};

G_DEFINE_FINAL_TYPE (DcHavePage, dc_have_page, GTK_TYPE_WIDGET)

static const char *
finish_label (const char *finish)
{
  if (g_strcmp0 (finish, "foil") == 0)
    return _("Foil");
  if (g_strcmp0 (finish, "etched") == 0)
    return _("Etched");
  return _("Nonfoil");
}

static char *
have_subtitle (DcHaveRow *row)
{
  g_autofree char *set_code = NULL, *finish = NULL, *condition = NULL, *upper = NULL;
  gboolean wants_only = FALSE, active = TRUE;
  gint64 min_value = -1;
  int quantity = 0, owned = 0;
  GString *text = g_string_new (NULL);

  g_object_get (row, "set-code", &set_code, "finish", &finish, "condition", &condition,
                "quantity", &quantity, "inventory-quantity", &owned, "min-trade-value",
                &min_value, "trade-for-wants-only", &wants_only, "is-active", &active, NULL);
  upper = set_code ? g_ascii_strup (set_code, -1) : g_strdup ("—");
  /* Translators: "MH2 · Foil · NM · 2 of 4 offered" */
  g_string_append_printf (text, _("%s · %s · %s · %d of %d offered"), upper,
                          finish_label (finish), condition ? condition : "", quantity, owned);
  if (min_value >= 0)
    {
      g_autofree char *money = dc_money_format_decimal (min_value);

      /* Translators: %s is an amount in dollars */
      g_string_append_printf (text, _(" · at least $%s"), money);
    }
  if (wants_only)
    g_string_append_printf (text, " · %s", _("for my wants only"));
  if (!active)
    g_string_append_printf (text, " · %s", _("paused"));
  return g_string_free (text, FALSE);
}

static JsonObject *
have_fields (DcHaveRow *row)
{
  JsonObject *fields = json_object_new ();
  g_autofree char *inventory_id = NULL, *notes = NULL;
  gboolean wants_only, active;
  gint64 min_value;
  int quantity;

  g_object_get (row, "inventory-item-id", &inventory_id, "quantity", &quantity, "notes",
                &notes, "trade-for-wants-only", &wants_only, "is-active", &active,
                "min-trade-value", &min_value, NULL);
  json_object_set_string_member (fields, "inventory_item_id", inventory_id);
  json_object_set_int_member (fields, "quantity", quantity);
  json_object_set_boolean_member (fields, "trade_for_wants_only", wants_only);
  json_object_set_boolean_member (fields, "is_active", active);
  if (notes != NULL)
    json_object_set_string_member (fields, "notes", notes);
  if (min_value >= 0)
    {
      g_autofree char *money = dc_money_format_decimal (min_value);

      json_object_set_string_member (fields, "min_trade_value", money);
    }
  return fields;
}

static void
update_count (DcHavePage *self)
{
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;
  g_autofree char *text = NULL;

  /* Translators: the have list's size */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item for trade",
                                       "%u items for trade", n), n);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
toast (DcHavePage *self,
       const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
edit_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GtkWidget) editor = user_data;
  g_autoptr(GError) error = NULL;

  dc_collection_store_edit_finish (DC_COLLECTION_STORE (object), result, &error);
  dc_list_editors_show_error (editor, error ? error->message : NULL);
}

static void
field_changed_cb (GtkWidget  *editor,
                  JsonObject *fields,
                  gpointer    user_data)
{
  DcHavePage *self = user_data;
  const char *id = g_object_get_data (G_OBJECT (editor), "dc-item-id");

  dc_collection_store_update_async (self->store, DC_SYNC_ENTITY_HAVE_ITEM, id, fields, NULL,
                                    edit_cb, g_object_ref (editor));
}

typedef struct
{
  DcHavePage *self;
  JsonObject *fields;
  char       *name;
} Removed;

static void
removed_free (Removed *removed)
{
  g_object_unref (removed->self);
  json_object_unref (removed->fields);
  g_free (removed->name);
  g_free (removed);
}

static void
undo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DcHavePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = dc_collection_store_create_finish (DC_COLLECTION_STORE (object), result, &error);
  if (id == NULL)
    toast (self, error->message);
}

static void
undo_clicked_cb (AdwToast *toast_,
                 Removed  *removed)
{
  dc_collection_store_create_async (removed->self->store, DC_SYNC_ENTITY_HAVE_ITEM,
                                    removed->fields, NULL, undo_cb,
                                    g_object_ref (removed->self));
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Removed *removed = user_data;
  DcHavePage *self = removed->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *undo_toast;

  if (!dc_collection_store_edit_finish (DC_COLLECTION_STORE (object), result, &error))
    {
      toast (self, error->message);
      removed_free (removed);
      return;
    }
  /* Translators: %s is a card name */
  title = g_markup_printf_escaped (_("%s is no longer for trade"), removed->name);
  undo_toast = adw_toast_new (title);
  adw_toast_set_button_label (undo_toast, _("_Undo"));
  g_signal_connect_data (undo_toast, "button-clicked", G_CALLBACK (undo_clicked_cb), removed,
                         (GClosureNotify) (void (*) (void)) removed_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, undo_toast);
}

static void
remove_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  DcHavePage *self = user_data;
  DcHaveRow *row = g_object_get_data (G_OBJECT (button), "dc-have-row");
  Removed *removed = g_new0 (Removed, 1);

  removed->self = g_object_ref (self);
  removed->fields = have_fields (row);
  removed->name = g_strdup (dc_have_row_get_name (row));
  dc_collection_store_delete_async (self->store, DC_SYNC_ENTITY_HAVE_ITEM,
                                    dc_have_row_get_id (row), NULL, remove_cb, removed);
}

/* A value that changed elsewhere (a sync) shows in its editor. */
static void
update_editor (AdwExpanderRow *expander,
               GObject        *row,
               GParamSpec     *pspec)
{
  DcListEditors *editors = g_object_get_data (G_OBJECT (expander), "dc-editors");
  g_auto(GValue) value = G_VALUE_INIT;

  if (pspec == NULL || editors == NULL)
    return;
  g_value_init (&value, pspec->value_type);
  g_object_get_property (row, pspec->name, &value);
  dc_list_editors_update (editors, pspec->name, &value);
}

static void
row_changed_cb (DcHaveRow      *row,
                GParamSpec     *pspec,
                AdwExpanderRow *expander)
{
  g_autofree char *subtitle = have_subtitle (row);
  g_autofree char *title = g_markup_escape_text (dc_have_row_get_name (row), -1);
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (expander), "dc-quantity-spin");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (expander, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dc_have_row_get_name (row), -1);
  /* one can offer at most what one owns, which a sync may change */
  if (spin != NULL)
    gtk_spin_button_set_range (spin, 1, MAX (1, dc_have_row_get_inventory_quantity (row)));
  update_editor (expander, G_OBJECT (row), pspec);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  DcHavePage *self = user_data;
  DcHaveRow *row = item;
  g_autofree char *notes = NULL;
  g_autofree char *label = NULL;
  gboolean wants_only, active;
  gint64 min_value;
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *remove, *spin;
  DcListEditors *editors;

  g_object_get (row, "notes", &notes, "trade-for-wants-only", &wants_only, "is-active", &active,
                "min-trade-value", &min_value, NULL);
  editors = dc_list_editors_new (ADW_EXPANDER_ROW (expander), dc_have_row_get_id (row),
                                 field_changed_cb, self);
  spin = dc_list_editors_add_spin (editors, _("Quantity offered"), "quantity", 1,
                                   dc_have_row_get_inventory_quantity (row),
                                   dc_have_row_get_quantity (row));
  g_object_set_data (G_OBJECT (expander), "dc-quantity-spin", spin);
  dc_list_editors_add_money (editors, _("Min trade value (USD)"), "min_trade_value",
                             min_value);
  dc_list_editors_add_switch (editors, _("Trade for my wants only"), "trade_for_wants_only",
                              wants_only);
  dc_list_editors_add_switch (editors, _("Active"), "is_active", active);
  dc_list_editors_add_text (editors, _("Notes"), "notes", notes, TRUE);
  dc_list_editors_add_error (editors);
  row_changed_cb (row, NULL, ADW_EXPANDER_ROW (expander));
  g_signal_connect_object (row, "notify", G_CALLBACK (row_changed_cb), expander, 0);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove from the have list"));
  /* Translators: %s is a card name */
  label = g_strdup_printf (_("Remove %s"), dc_have_row_get_name (row));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  g_object_set_data_full (G_OBJECT (remove), "dc-have-row", g_object_ref (row),
                          g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), remove);
  return expander;
}

static void
dc_have_page_dispose (GObject *object)
{
  DcHavePage *self = DC_HAVE_PAGE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_HAVE_PAGE);
  G_OBJECT_CLASS (dc_have_page_parent_class)->dispose (object);
}

static void
dc_have_page_class_init (DcHavePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_have_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-have-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DcHavePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DcHavePage, stack);
  gtk_widget_class_bind_template_child (widget_class, DcHavePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, DcHavePage, list);
}

static void
dc_have_page_init (DcHavePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_count (self);
}

GtkWidget *
dc_have_page_new (void)
{
  return g_object_new (DC_TYPE_HAVE_PAGE, NULL);
}

/**
 * dc_have_page_set_store:
 * @store: (nullable): the collection store whose have list the page shows and edits
 */
void
dc_have_page_set_store (DcHavePage        *self,
                        DcCollectionStore *store)
{
  g_return_if_fail (DC_IS_HAVE_PAGE (self));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      self->model = g_object_ref (dc_collection_store_get_have_model (store));
      g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (update_count), self);
    }
  gtk_list_box_bind_model (self->list, self->model, create_row_cb, self, NULL);
  update_count (self);
}
