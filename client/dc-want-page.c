/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-want-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-card-item.h"
#include "dc-list-editors.h"
#include "dc-money.h"
#include "dc-want-page.h"
#include "dc-want-row.h"

/* DcWantPage: the want list. One expander row per want shows what is wanted and opens
 * onto its editors; every change is written at once through the collection store (so it
 * syncs through the outbox), and a change the rules refuse is said under the row. Cards
 * are added from a search over the local catalog, as one printing or any printing. */

struct _DcWantPage
{
  GtkWidget          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkLabel          *count_label;
  GtkMenuButton     *add_button;
  GtkStack          *stack;
  GtkListBox        *list;
  GtkPopover        *add_popover;
  GtkSearchEntry    *add_entry;
  GtkCheckButton    *any_printing_check;
  GtkListBox        *add_results;

  DcLocalStore      *catalog;
  DcCollectionStore *store;
  GListModel        *model;
  GCancellable      *search_cancellable;
};

G_DEFINE_FINAL_TYPE (DcWantPage, dc_want_page, GTK_TYPE_WIDGET)

static const char *const conditions[] = { "M", "NM", "LP", "MP", "HP", "DMG", NULL };
static const char *const finishes[] = { "any", "nonfoil", "foil", "etched", NULL };
static const char *const priorities[] = { "low", "medium", "high", NULL };

static const char *
finish_label (const char *finish)
{
  if (g_strcmp0 (finish, "nonfoil") == 0)
    return _("Nonfoil");
  if (g_strcmp0 (finish, "foil") == 0)
    return _("Foil");
  if (g_strcmp0 (finish, "etched") == 0)
    return _("Etched");
  return _("Any finish");
}

static const char *
priority_label (const char *priority)
{
  if (g_strcmp0 (priority, "low") == 0)
    return _("Low priority");
  if (g_strcmp0 (priority, "high") == 0)
    return _("High priority");
  return _("Medium priority");
}

static char *
want_subtitle (DcWantRow *row)
{
  g_autofree char *set_code = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *finish = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *printing = NULL;
  gboolean any_printing = FALSE, active = TRUE;
  gint64 target = -1;
  int quantity = 1;
  GString *text = g_string_new (NULL);

  g_object_get (row, "set-code", &set_code, "condition-min", &condition, "finish", &finish,
                "priority", &priority, "any-printing", &any_printing, "quantity", &quantity,
                "target-price", &target, "is-active", &active, NULL);
  if (any_printing || set_code == NULL)
    printing = g_strdup (_("Any printing"));
  else
    printing = g_ascii_strup (set_code, -1);
  /* Translators: "2× · MH2 · LP or better · Foil · High priority" */
  g_string_append_printf (text, _("%d× · %s · %s or better · %s · %s"), quantity, printing,
                          condition, finish_label (finish), priority_label (priority));
  if (target >= 0)
    {
      g_autofree char *money = dc_money_format_decimal (target);

      /* Translators: %s is a price in dollars */
      g_string_append_printf (text, _(" · target $%s"), money);
    }
  if (!active)
    g_string_append_printf (text, " · %s", _("paused"));
  return g_string_free (text, FALSE);
}

/* The want as wire fields, to create it again after an undone removal. */
static JsonObject *
want_fields (DcWantRow *row)
{
  JsonObject *fields = json_object_new ();
  g_autofree char *card_id = NULL, *oracle_id = NULL, *condition = NULL, *finish = NULL;
  g_autofree char *language = NULL, *priority = NULL, *notes = NULL;
  gboolean any_printing, alert, is_public, active;
  gint64 target, max_value;
  int quantity;

  g_object_get (row, "card-id", &card_id, "oracle-id", &oracle_id, "any-printing",
                &any_printing, "quantity", &quantity, "condition-min", &condition, "finish",
                &finish, "language", &language, "priority", &priority, "notes", &notes,
                "alert-enabled", &alert, "is-public", &is_public, "is-active", &active,
                "target-price", &target, "max-trade-value", &max_value, NULL);
  if (any_printing || card_id == NULL)
    json_object_set_string_member (fields, "oracle_id", oracle_id);
  else
    json_object_set_string_member (fields, "card_id", card_id);
  json_object_set_int_member (fields, "quantity", quantity);
  json_object_set_string_member (fields, "condition_min", condition);
  json_object_set_string_member (fields, "finish", finish);
  json_object_set_string_member (fields, "language", language);
  json_object_set_string_member (fields, "priority", priority);
  json_object_set_boolean_member (fields, "alert_enabled", alert);
  json_object_set_boolean_member (fields, "is_public", is_public);
  json_object_set_boolean_member (fields, "is_active", active);
  if (notes != NULL)
    json_object_set_string_member (fields, "notes", notes);
  if (target >= 0)
    {
      g_autofree char *money = dc_money_format_decimal (target);

      json_object_set_string_member (fields, "target_price", money);
    }
  if (max_value >= 0)
    {
      g_autofree char *money = dc_money_format_decimal (max_value);

      json_object_set_string_member (fields, "max_trade_value", money);
    }
  return fields;
}

static void
update_count (DcWantPage *self)
{
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;
  g_autofree char *text = NULL;

  /* Translators: the want list's size */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card wanted", "%u cards wanted", n),
                          n);
  gtk_label_set_label (self->count_label, n > 0 ? text : "");
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
toast (DcWantPage *self,
       const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* Editing */

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
commit_field (DcWantPage *self,
              GtkWidget  *editor,
              const char *id,
              JsonObject *fields)
{
  g_autoptr(JsonObject) owned = fields;

  dc_collection_store_update_async (self->store, DC_SYNC_ENTITY_WANT_ITEM, id, owned, NULL,
                                    edit_cb, g_object_ref (editor));
}

static void
field_changed_cb (GtkWidget  *editor,
                  JsonObject *fields,
                  gpointer    user_data)
{
  DcWantPage *self = user_data;
  const char *id = g_object_get_data (G_OBJECT (editor), "dc-item-id");

  commit_field (self, editor, id, json_object_ref (fields));
}

/* Removing, with Undo */

typedef struct
{
  DcWantPage *self;
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
  g_autoptr(DcWantPage) self = user_data;
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
  dc_collection_store_create_async (removed->self->store, DC_SYNC_ENTITY_WANT_ITEM,
                                    removed->fields, NULL, undo_cb,
                                    g_object_ref (removed->self));
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Removed *removed = user_data;
  DcWantPage *self = removed->self;
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
  title = g_markup_printf_escaped (_("Removed %s from your want list"), removed->name);
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
  DcWantPage *self = user_data;
  DcWantRow *row = g_object_get_data (G_OBJECT (button), "dc-want-row");
  Removed *removed = g_new0 (Removed, 1);

  removed->self = g_object_ref (self);
  removed->fields = want_fields (row);
  removed->name = g_strdup (dc_want_row_get_name (row));
  dc_collection_store_delete_async (self->store, DC_SYNC_ENTITY_WANT_ITEM,
                                    dc_want_row_get_id (row), NULL, remove_cb, removed);
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
row_changed_cb (DcWantRow      *row,
                GParamSpec     *pspec,
                AdwExpanderRow *expander)
{
  g_autofree char *subtitle = want_subtitle (row);

  g_autofree char *title = g_markup_escape_text (dc_want_row_get_name (row), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (expander, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dc_want_row_get_name (row), -1);
  update_editor (expander, G_OBJECT (row), pspec);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  DcWantPage *self = user_data;
  DcWantRow *row = item;
  const char *id = dc_want_row_get_id (row);
  g_autofree char *language = NULL, *finish = NULL, *priority = NULL, *notes = NULL;
  gboolean alert, is_public, active;
  gint64 target, max_value;
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *remove;
  DcListEditors *editors;

  g_object_get (row, "language", &language, "finish", &finish, "priority", &priority,
                "notes", &notes, "alert-enabled", &alert, "is-public", &is_public,
                "is-active", &active, "target-price", &target, "max-trade-value", &max_value,
                NULL);
  row_changed_cb (row, NULL, ADW_EXPANDER_ROW (expander));
  g_signal_connect_object (row, "notify", G_CALLBACK (row_changed_cb), expander, 0);

  editors = dc_list_editors_new (ADW_EXPANDER_ROW (expander), id, field_changed_cb, self);
  dc_list_editors_add_spin (editors, _("Quantity"), "quantity", 1, 99,
                                dc_want_row_get_quantity (row));
  dc_list_editors_add_choice (editors, _("Condition at least"), "condition_min",
                                  conditions, NULL, dc_want_row_get_condition_min (row));
  {
    const char *labels[] = { _("Any finish"), _("Nonfoil"), _("Foil"), _("Etched"), NULL };

    dc_list_editors_add_choice (editors, _("Finish"), "finish", finishes, labels, finish);
  }
  dc_list_editors_add_text (editors, _("Language (code or “any”)"), "language", language,
                                FALSE);
  dc_list_editors_add_money (editors, _("Target price (USD)"), "target_price", target);
  dc_list_editors_add_money (editors, _("Max trade value (USD)"), "max_trade_value",
                                 max_value);
  {
    const char *labels[] = { _("Low"), _("Medium"), _("High"), NULL };

    dc_list_editors_add_choice (editors, _("Priority"), "priority", priorities, labels,
                                    priority);
  }
  dc_list_editors_add_switch (editors, _("Public"), "is_public", is_public);
  dc_list_editors_add_switch (editors, _("Active"), "is_active", active);
  dc_list_editors_add_switch (editors, _("Price alerts"), "alert_enabled", alert);
  dc_list_editors_add_text (editors, _("Notes"), "notes", notes, TRUE);
  dc_list_editors_add_error (editors);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  {
    /* Translators: %s is a card name */
    g_autofree char *label = g_strdup_printf (_("Remove %s"), dc_want_row_get_name (row));

    gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    label, -1);
  }
  g_object_set_data_full (G_OBJECT (remove), "dc-want-row", g_object_ref (row),
                          g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), remove);

  return expander;
}

/* Adding */

static void
add_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DcWantPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = dc_collection_store_create_finish (DC_COLLECTION_STORE (object), result, &error);
  toast (self, id != NULL ? _("Added to your want list") : error->message);
}

static void
add_result_activated_cb (DcWantPage    *self,
                         GtkListBoxRow *result_row)
{
  DcCardItem *card = g_object_get_data (G_OBJECT (result_row), "dc-card");
  g_autoptr(JsonObject) fields = json_object_new ();

  if (card == NULL || self->store == NULL)
    return;
  if (gtk_check_button_get_active (self->any_printing_check) &&
      dc_card_item_get_oracle_id (card) != NULL)
    json_object_set_string_member (fields, "oracle_id", dc_card_item_get_oracle_id (card));
  else
    json_object_set_string_member (fields, "card_id", dc_card_item_get_id (card));
  gtk_popover_popdown (self->add_popover);
  dc_collection_store_create_async (self->store, DC_SYNC_ENTITY_WANT_ITEM, fields, NULL,
                                    add_done_cb, g_object_ref (self));
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcWantPage) self = user_data;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  model = dc_local_store_search_cards_finish (DC_LOCAL_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->add_results))) != NULL)
    gtk_list_box_remove (self->add_results, child);
  if (model == NULL)
    {
      g_warning ("Card search failed: %s", error->message);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DcCardItem) card = g_list_model_get_item (model, i);
      GtkWidget *row = adw_action_row_new ();

      g_autofree char *title = g_markup_escape_text (dc_card_item_get_name (card), -1);
      g_autofree char *subtitle = g_markup_escape_text (dc_card_item_get_subtitle (card), -1);
      g_autofree char *label = g_strdup_printf ("%s, %s", dc_card_item_get_name (card),
                                                dc_card_item_get_subtitle (card));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "dc-card", g_object_ref (card), g_object_unref);
      gtk_list_box_append (self->add_results, row);
    }
}

static void
add_search_changed_cb (DcWantPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_entry))));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->catalog == NULL || *text == '\0')
    return;
  self->search_cancellable = g_cancellable_new ();
  dc_local_store_search_cards_async (self->catalog, text, 20, self->search_cancellable,
                                     search_cb, g_object_ref (self));
}

/* Enter takes the first match, as in the header's card search */
static void
add_entry_activate_cb (DcWantPage *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->add_results, 0);

  if (first != NULL)
    add_result_activated_cb (self, first);
}

static void
add_popover_show_cb (DcWantPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->add_entry));
}

static void
dc_want_page_dispose (GObject *object)
{
  DcWantPage *self = DC_WANT_PAGE (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_WANT_PAGE);
  G_OBJECT_CLASS (dc_want_page_parent_class)->dispose (object);
}

static void
dc_want_page_class_init (DcWantPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_want_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-want-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, list);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, add_popover);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, add_entry);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, any_printing_check);
  gtk_widget_class_bind_template_child (widget_class, DcWantPage, add_results);
  gtk_widget_class_bind_template_callback (widget_class, add_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_entry_activate_cb);
}

static void
dc_want_page_init (DcWantPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_count (self);
}

GtkWidget *
dc_want_page_new (void)
{
  return g_object_new (DC_TYPE_WANT_PAGE, NULL);
}

/**
 * dc_want_page_set_stores:
 * @catalog: (nullable): the local catalog, for adding cards
 * @store: (nullable): the collection store whose want list the page shows and edits
 */
void
dc_want_page_set_stores (DcWantPage        *self,
                         DcLocalStore      *catalog,
                         DcCollectionStore *store)
{
  g_return_if_fail (DC_IS_WANT_PAGE (self));

  g_set_object (&self->catalog, catalog);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), store != NULL && catalog != NULL);
  if (store != NULL)
    {
      self->model = g_object_ref (dc_collection_store_get_want_model (store));
      g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (update_count), self);
    }
  gtk_list_box_bind_model (self->list, self->model, create_row_cb, self, NULL);
  update_count (self);
}
