/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dc-card-search.h"
#include "dc-collection-page.h"
#include "dc-collection-store.h"
#include "dc-inventory-row.h"
#include "dc-money.h"

/* DcCollectionPage: the collection as a table. The store's live inventory model goes
 * through a filter (name, set, finish, and rows waiting to be deleted) and the column
 * view's sorter; cells only copy strings out of the row, so tens of thousands of rows
 * scroll smoothly. Adding is a card search under the toolbar; quantity is edited inline,
 * everything else in a side panel. A delete waits for its Undo toast to go away before it
 * reaches the store, so undoing loses nothing (not even the have-list entry). */

#define ADD_CONDITION "NM"
#define ADD_FINISH    "nonfoil"
#define ADD_LANGUAGE  "en"

static const char *const conditions[] = { "M", "NM", "LP", "MP", "HP", "DMG" };
static const char *const finishes[] = { "nonfoil", "foil", "etched" };
static const char *const languages[] = {
  "en", "de", "fr", "it", "es", "pt", "ja", "ko", "ru", "zhs", "zht", "he", "la", "grc",
  "ar", "sa", "ph",
};

typedef enum
{
  COLUMN_NAME,
  COLUMN_SET,
  COLUMN_NUMBER,
  COLUMN_FINISH,
  COLUMN_CONDITION,
  COLUMN_LANGUAGE,
  COLUMN_QUANTITY,
  COLUMN_PRICE,
  COLUMN_VALUE,
} Column;

struct _DcCollectionPage
{
  GtkWidget           parent_instance;

  GtkToggleButton    *add_button;
  GtkRevealer        *add_revealer;
  DcCardSearch       *add_search;
  GtkSearchEntry     *filter_entry;
  GtkEntry           *set_entry;
  GtkDropDown        *finish_filter;
  GtkStack           *stack;
  AdwFlap            *flap;
  GtkColumnView      *column_view;
  GtkLabel           *totals_label;
  GtkLabel           *editor_title;
  GtkLabel           *editor_subtitle;
  GtkDropDown        *condition_drop;
  GtkDropDown        *finish_drop;
  GtkDropDown        *language_drop;
  GtkEntry           *price_entry;
  GtkEntry           *notes_entry;
  GtkLabel           *editor_error;

  DcAccount          *account;
  DcCollectionStore  *store;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  GHashTable         *hidden;       /* ids deleted behind an Undo toast */
  char               *editing_id;
  char               *select_id;    /* a card just added: select it once it shows */
  char               *selected_id;  /* kept across a row's refresh by the store */

  char               *filter_text;  /* casefolded */
  char               *filter_set;   /* casefolded */
  const char         *filter_finish;
};

G_DEFINE_FINAL_TYPE (DcCollectionPage, dc_collection_page, GTK_TYPE_WIDGET)

/* --- formatting ---------------------------------------------------------------------- */

static char *
format_usd (gint64 cents)
{
  DcMoney money = { cents, "USD" };

  if (cents < 0)
    return g_strdup ("—");
  return dc_money_format (&money);
}

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
row_card_name (DcInventoryRow *row)
{
  const char *name = dc_inventory_row_get_name (row);

  /* Translators: a row whose card is not in the local catalog (yet) */
  return g_strdup (name != NULL ? name : _("Unknown card"));
}

static guint
index_of (const char *const *values,
          guint              n_values,
          const char        *value)
{
  for (guint i = 0; i < n_values; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* toast titles are markup; card names and server messages are not */
static AdwToast *
new_toast (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

static void
show_toast (DcCollectionPage *self,
            AdwToast         *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error_toast (DcCollectionPage *self,
                  const GError     *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Translators: %s says why */
  text = g_strdup_printf (_("The change could not be saved: %s"), error->message);
  show_toast (self, new_toast (text));
}

static DcInventoryRow *
selected_row (DcCollectionPage *self)
{
  if (self->selection == NULL)
    return NULL;
  return gtk_single_selection_get_selected_item (self->selection);
}

static DcInventoryRow *
find_row (DcCollectionPage *self,
          const char       *id,
          guint            *out_position)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DcInventoryRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (dc_inventory_row_get_id (row), id) == 0)
        {
          if (out_position != NULL)
            *out_position = i;
          return row;
        }
    }
  return NULL;
}

/* --- filter and totals --------------------------------------------------------------- */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  DcCollectionPage *self = user_data;
  DcInventoryRow *row = item;

  if (g_hash_table_contains (self->hidden, dc_inventory_row_get_id (row)))
    return FALSE;
  if (self->filter_finish != NULL &&
      g_strcmp0 (dc_inventory_row_get_finish (row), self->filter_finish) != 0)
    return FALSE;
  if (self->filter_set != NULL)
    {
      const char *set = dc_inventory_row_get_set_code (row);

      if (set == NULL || g_ascii_strcasecmp (set, self->filter_set) != 0)
        return FALSE;
    }
  if (self->filter_text != NULL)
    {
      const char *name = dc_inventory_row_get_name (row);
      g_autofree char *folded = NULL;

      if (name == NULL)
        return FALSE;
      folded = g_utf8_casefold (name, -1);
      if (strstr (folded, self->filter_text) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
filter_changed_cb (DcCollectionPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  const char *set = gtk_editable_get_text (GTK_EDITABLE (self->set_entry));
  guint finish = gtk_drop_down_get_selected (self->finish_filter);
  g_autofree char *stripped_text = g_strstrip (g_strdup (text));
  g_autofree char *stripped_set = g_strstrip (g_strdup (set));

  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->filter_set, g_free);
  if (*stripped_text != '\0')
    self->filter_text = g_utf8_casefold (stripped_text, -1);
  if (*stripped_set != '\0')
    self->filter_set = g_steal_pointer (&stripped_set);
  self->filter_finish = finish >= 1 && finish <= G_N_ELEMENTS (finishes) ?
                        finishes[finish - 1] : NULL;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
update_totals (DcCollectionPage *self)
{
  const DcCollectionTotals *totals;
  g_autofree char *cards = NULL;
  g_autofree char *value = NULL;
  g_autofree char *profit = NULL;
  g_autofree char *text = NULL;
  guint n_cards;

  if (self->store == NULL)
    return;
  totals = dc_collection_store_get_totals (self->store);
  if (totals == NULL)
    return;

  n_cards = (guint) CLAMP (totals->cards, 0, G_MAXUINT);
  cards = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card", "%u cards", n_cards),
                           n_cards);
  value = format_usd (totals->value);
  if (totals->cost_basis > 0)
    {
      g_autofree char *amount = format_usd (ABS (totals->profit));

      profit = totals->profit >= 0 ?
               /* Translators: the collection's profit, "+$12.00" */
               g_strdup_printf (_("profit %s"), amount) :
               /* Translators: the collection's loss, "$12.00" */
               g_strdup_printf (_("loss %s"), amount);
    }
  if (profit != NULL)
    /* Translators: "120 cards · worth $300.00 · profit $20.00" */
    text = g_strdup_printf (_("%s · worth %s · %s"), cards, value, profit);
  else
    /* Translators: "120 cards · worth $300.00" */
    text = g_strdup_printf (_("%s · worth %s"), cards, value);
  gtk_label_set_label (self->totals_label, text);
}

static void
update_empty (DcCollectionPage *self)
{
  GListModel *model = self->store ? dc_collection_store_get_inventory_model (self->store) : NULL;
  gboolean empty = model == NULL || g_list_model_get_n_items (model) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_entry), !empty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->set_entry), !empty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->finish_filter), !empty);
}

/* --- the editor ---------------------------------------------------------------------- */

static void
update_actions (DcCollectionPage *self)
{
  gboolean selected = selected_row (self) != NULL;
  gboolean editing = self->editing_id != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "collection.edit", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "collection.save", editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "collection.delete", editing || selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "collection.mark-for-trade", editing);
}

static void
fill_editor (DcCollectionPage *self,
             DcInventoryRow   *row)
{
  g_autofree char *name = row_card_name (row);
  g_autofree char *subtitle = NULL;
  gint64 price = dc_inventory_row_get_acquisition_price (row);
  const char *notes = dc_inventory_row_get_notes (row);
  guint position;

  g_free (self->editing_id);
  self->editing_id = g_strdup (dc_inventory_row_get_id (row));

  gtk_label_set_label (self->editor_title, name);
  /* Translators: set code and collector number, "LEA #161" */
  subtitle = g_strdup_printf (_("%s #%s"),
                              dc_inventory_row_get_set_code (row) ?
                                dc_inventory_row_get_set_code (row) : "?",
                              dc_inventory_row_get_collector_number (row) ?
                                dc_inventory_row_get_collector_number (row) : "?");
  gtk_label_set_label (self->editor_subtitle, subtitle);

  position = index_of (conditions, G_N_ELEMENTS (conditions),
                       dc_inventory_row_get_condition (row));
  gtk_drop_down_set_selected (self->condition_drop, position);
  position = index_of (finishes, G_N_ELEMENTS (finishes), dc_inventory_row_get_finish (row));
  gtk_drop_down_set_selected (self->finish_drop, position);
  position = index_of (languages, G_N_ELEMENTS (languages),
                       dc_inventory_row_get_language (row));
  gtk_drop_down_set_selected (self->language_drop, position);

  if (price >= 0)
    {
      g_autofree char *decimal = dc_money_format_decimal (price);

      gtk_editable_set_text (GTK_EDITABLE (self->price_entry), decimal);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->price_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_entry), notes ? notes : "");
  gtk_widget_set_visible (GTK_WIDGET (self->editor_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->price_entry), "error");
  update_actions (self);
}

static void
open_editor (DcCollectionPage *self,
             DcInventoryRow   *row)
{
  fill_editor (self, row);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->condition_drop));
}

static void
close_editor (DcCollectionPage *self)
{
  g_clear_pointer (&self->editing_id, g_free);
  adw_flap_set_reveal_flap (self->flap, FALSE);
  update_actions (self);
}

static void
row_activated_cb (DcCollectionPage *self,
                  guint             position)
{
  g_autoptr(DcInventoryRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                         position);

  if (row != NULL)
    open_editor (self, row);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DcCollectionPage *self = DC_COLLECTION_PAGE (widget);
  DcInventoryRow *row = selected_row (self);

  if (row != NULL)
    open_editor (self, row);
}

static void
close_editor_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  close_editor (DC_COLLECTION_PAGE (widget));
}

static void
edit_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DcCollectionPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dc_collection_store_edit_finish (DC_COLLECTION_STORE (object), result, &error))
    show_error_toast (self, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DcCollectionPage *self = DC_COLLECTION_PAGE (widget);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *price_text = NULL;
  guint condition = gtk_drop_down_get_selected (self->condition_drop);
  guint finish = gtk_drop_down_get_selected (self->finish_drop);
  guint language = gtk_drop_down_get_selected (self->language_drop);
  gint64 price = 0;

  if (self->editing_id == NULL || self->store == NULL)
    return;

  price_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->price_entry))));
  if (*price_text != '\0' && !dc_money_parse_decimal (price_text, &price, &error))
    {
      /* Translators: the acquisition price field does not hold an amount */
      gtk_label_set_label (self->editor_error, _("The price must be an amount, like 4.99"));
      gtk_widget_set_visible (GTK_WIDGET (self->editor_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->price_entry), "error");
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->editor_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->price_entry), "error");

  fields = json_object_new ();
  if (condition < G_N_ELEMENTS (conditions))
    json_object_set_string_member (fields, "condition", conditions[condition]);
  if (finish < G_N_ELEMENTS (finishes))
    json_object_set_string_member (fields, "finish", finishes[finish]);
  if (language < G_N_ELEMENTS (languages))
    json_object_set_string_member (fields, "language", languages[language]);
  if (*price_text != '\0')
    {
      g_autofree char *decimal = dc_money_format_decimal (price);

      json_object_set_string_member (fields, "acquisition_price", decimal);
      json_object_set_string_member (fields, "acquisition_currency", "USD");
    }
  else
    json_object_set_null_member (fields, "acquisition_price");
  json_object_set_string_member (fields, "notes",
                                 gtk_editable_get_text (GTK_EDITABLE (self->notes_entry)));

  dc_collection_store_update_async (self->store, DC_SYNC_ENTITY_INVENTORY_ITEM,
                                    self->editing_id, fields, NULL, edit_done_cb,
                                    g_object_ref (self));
  close_editor (self);
}

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcCollectionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *have_id = NULL;

  have_id = dc_collection_store_mark_for_trade_finish (DC_COLLECTION_STORE (object), result,
                                                       &error);
  if (have_id == NULL)
    show_error_toast (self, error);
  else
    show_toast (self, adw_toast_new (_("Added to your have list")));
}

static void
mark_for_trade_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DcCollectionPage *self = DC_COLLECTION_PAGE (widget);
  DcInventoryRow *row;

  if (self->editing_id == NULL || self->store == NULL)
    return;
  row = find_row (self, self->editing_id, NULL);
  if (row == NULL)
    return;
  dc_collection_store_mark_for_trade_async (self->store, self->editing_id,
                                            dc_inventory_row_get_quantity (row), NULL,
                                            marked_cb, g_object_ref (self));
}

/* --- delete with undo ---------------------------------------------------------------- */

typedef struct
{
  DcCollectionPage *self;  /* weak */
  char             *id;
  gboolean          undone;
} PendingDelete;

static void
pending_delete_free (gpointer data)
{
  PendingDelete *pending = data;

  g_clear_weak_pointer (&pending->self);
  g_free (pending->id);
  g_free (pending);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dc_collection_store_edit_finish (DC_COLLECTION_STORE (object), result, &error) &&
      !g_error_matches (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_NOT_FOUND))
    g_warning ("Cannot delete a collection row: %s", error->message);
}

static void
commit_delete (DcCollectionPage *self,
               const char       *id)
{
  if (!g_hash_table_contains (self->hidden, id))
    return;
  if (self->store != NULL)
    dc_collection_store_delete_async (self->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id, NULL,
                                      deleted_cb, NULL);
  g_hash_table_remove (self->hidden, id);
}

static void
toast_dismissed_cb (AdwToast      *toast,
                    PendingDelete *pending)
{
  if (pending->self == NULL || pending->undone)
    return;
  commit_delete (pending->self, pending->id);
}

static void
undo_clicked_cb (AdwToast      *toast,
                 PendingDelete *pending)
{
  DcCollectionPage *self = pending->self;

  pending->undone = TRUE;
  if (self == NULL)
    return;
  g_hash_table_remove (self->hidden, pending->id);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DcCollectionPage *self = DC_COLLECTION_PAGE (widget);
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  PendingDelete *pending;
  DcInventoryRow *row;
  AdwToast *toast;

  if (self->editing_id != NULL)
    id = g_strdup (self->editing_id);
  else if (selected_row (self) != NULL)
    id = g_strdup (dc_inventory_row_get_id (selected_row (self)));
  if (id == NULL || self->store == NULL)
    return;
  row = find_row (self, id, NULL);
  name = row != NULL ? row_card_name (row) : g_strdup ("");
  close_editor (self);

  if (gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY) == NULL)
    {
      /* nowhere to offer an Undo: delete at once */
      g_hash_table_add (self->hidden, g_strdup (id));
      commit_delete (self, id);
      return;
    }

  g_hash_table_add (self->hidden, g_strdup (id));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);

  pending = g_new0 (PendingDelete, 1);
  g_set_weak_pointer (&pending->self, self);
  pending->id = g_steal_pointer (&id);

  /* Translators: %s is a card name */
  text = g_strdup_printf (_("%s deleted"), name);
  toast = new_toast (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), pending);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), pending,
                         (GClosureNotify) (void (*) (void)) pending_delete_free, 0);
  show_toast (self, toast);
}

/* --- adding -------------------------------------------------------------------------- */

static void
add_toggled_cb (DcCollectionPage *self)
{
  gboolean active = gtk_toggle_button_get_active (self->add_button);

  gtk_revealer_set_reveal_child (self->add_revealer, active);
  if (active)
    dc_card_search_focus (self->add_search);
  else
    dc_card_search_dismiss (self->add_search);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  dc_collection_page_focus_add (DC_COLLECTION_PAGE (widget));
}

static void
select_added (DcCollectionPage *self)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->select_id == NULL || find_row (self, self->select_id, &position) == NULL)
    return;
  g_clear_pointer (&self->select_id, g_free);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u",
                              position);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DcCollectionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = dc_collection_store_create_finish (DC_COLLECTION_STORE (object), result, &error);
  if (id == NULL)
    {
      show_error_toast (self, error);
      return;
    }
  g_free (self->select_id);
  self->select_id = g_steal_pointer (&id);
  select_added (self);
}

static void
add_card_activated_cb (DcCollectionPage *self,
                       DcCardItem       *item)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (self->store == NULL)
    return;
  json_object_set_string_member (fields, "card_id", dc_card_item_get_id (item));
  json_object_set_int_member (fields, "quantity", 1);
  json_object_set_string_member (fields, "finish", ADD_FINISH);
  json_object_set_string_member (fields, "condition", ADD_CONDITION);
  json_object_set_string_member (fields, "language", ADD_LANGUAGE);
  dc_collection_store_create_async (self->store, DC_SYNC_ENTITY_INVENTORY_ITEM, fields, NULL,
                                    added_cb, g_object_ref (self));

  /* Translators: %s is a card name */
  text = g_strdup_printf (_("%s added to your collection"), dc_card_item_get_name (item));
  toast = new_toast (text);
  adw_toast_set_timeout (toast, 3);
  show_toast (self, toast);

  /* ready for the next card */
  gtk_editable_set_text (dc_card_search_get_entry (self->add_search), "");
  dc_card_search_focus (self->add_search);
}

/* --- cells --------------------------------------------------------------------------- */

static void
cell_update (GtkWidget      *cell,
             DcInventoryRow *row)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "column"));
  g_autofree char *owned = NULL;
  const char *text = NULL;

  switch (column)
    {
    case COLUMN_NAME:
      owned = row_card_name (row);
      break;
    case COLUMN_SET:
      owned = g_ascii_strup (dc_inventory_row_get_set_code (row) ?
                             dc_inventory_row_get_set_code (row) : "", -1);
      break;
    case COLUMN_NUMBER:
      text = dc_inventory_row_get_collector_number (row);
      break;
    case COLUMN_FINISH:
      text = finish_label (dc_inventory_row_get_finish (row));
      break;
    case COLUMN_CONDITION:
      text = dc_inventory_row_get_condition (row);
      break;
    case COLUMN_LANGUAGE:
      owned = g_ascii_strup (dc_inventory_row_get_language (row) ?
                             dc_inventory_row_get_language (row) : "", -1);
      break;
    case COLUMN_PRICE:
      owned = format_usd (dc_inventory_row_get_unit_price (row));
      break;
    case COLUMN_VALUE:
      owned = format_usd (dc_inventory_row_get_value (row));
      break;
    case COLUMN_QUANTITY:
      {
        GtkSpinButton *spin = GTK_SPIN_BUTTON (cell);
        g_autofree char *name = row_card_name (row);
        g_autofree char *label = NULL;

        g_signal_handlers_block_matched (spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row);
        gtk_spin_button_set_value (spin, dc_inventory_row_get_quantity (row));
        g_signal_handlers_unblock_matched (spin, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row);
        /* Translators: accessible name of a row's quantity field; %s is a card name */
        label = g_strdup_printf (_("Quantity of %s"), name);
        gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        label, -1);
        return;
      }
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_label (GTK_LABEL (cell), owned != NULL ? owned : (text != NULL ? text : ""));
}

static void
row_notify_cb (DcInventoryRow *row,
               GParamSpec     *pspec,
               GtkWidget      *cell)
{
  cell_update (cell, row);
}

static void
quantity_changed_cb (GtkSpinButton  *spin,
                     DcInventoryRow *row)
{
  DcCollectionPage *self = DC_COLLECTION_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (spin),
                                                                        DC_TYPE_COLLECTION_PAGE));
  int delta = gtk_spin_button_get_value_as_int (spin) - dc_inventory_row_get_quantity (row);

  if (self == NULL || self->store == NULL || delta == 0)
    return;
  dc_collection_store_adjust_quantity_async (self->store, dc_inventory_row_get_id (row), delta,
                                             NULL, edit_done_cb, g_object_ref (self));
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *cell;

  if (column == COLUMN_QUANTITY)
    {
      cell = gtk_spin_button_new_with_range (1, 9999, 1);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (cell), TRUE);
      gtk_widget_set_halign (cell, GTK_ALIGN_START);
    }
  else
    {
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), column >= COLUMN_PRICE ? 1.0 : 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
      if (column == COLUMN_NAME)
        gtk_label_set_width_chars (GTK_LABEL (cell), 18);
      if (column >= COLUMN_PRICE)
        gtk_widget_add_css_class (cell, "numeric");
    }
  g_object_set_data (G_OBJECT (cell), "column", user_data);
  gtk_list_item_set_child (item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  DcInventoryRow *row = gtk_list_item_get_item (item);

  cell_update (cell, row);
  g_signal_connect_object (row, "notify", G_CALLBACK (row_notify_cb), cell, 0);
  if (GTK_IS_SPIN_BUTTON (cell))
    g_signal_connect (cell, "value-changed", G_CALLBACK (quantity_changed_cb), row);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  DcInventoryRow *row = gtk_list_item_get_item (item);

  g_signal_handlers_disconnect_by_func (row, row_notify_cb, cell);
  if (GTK_IS_SPIN_BUTTON (cell))
    g_signal_handlers_disconnect_by_func (cell, quantity_changed_cb, row);
}

static void
add_column (DcCollectionPage *self,
            Column            column,
            const char       *title,
            const char       *property,
            gboolean          numeric,
            gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  GtkExpression *expression;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);

  expression = gtk_property_expression_new (DC_TYPE_INVENTORY_ROW, NULL, property);
  if (numeric)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);

  gtk_column_view_append_column (self->column_view, view_column);
}

/* --- model --------------------------------------------------------------------------- */

static void
selection_changed_cb (DcCollectionPage *self)
{
  DcInventoryRow *row = selected_row (self);

  if (row != NULL)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (dc_inventory_row_get_id (row));
    }
  update_actions (self);
}

static void
shown_items_changed_cb (DcCollectionPage *self)
{
  guint position;

  update_empty (self);
  /* an edited row may come back as a new object: keep it selected */
  if (selected_row (self) == NULL && self->selected_id != NULL && self->select_id == NULL)
    {
      if (find_row (self, self->selected_id, &position) != NULL)
        gtk_single_selection_set_selected (self->selection, position);
      else
        g_clear_pointer (&self->selected_id, g_free);
    }
  if (self->select_id != NULL)
    select_added (self);
  /* the row being edited went away (deleted elsewhere, or filtered out) */
  if (self->editing_id != NULL && find_row (self, self->editing_id, NULL) == NULL)
    close_editor (self);
}

static void
detach_store (DcCollectionPage *self)
{
  GHashTableIter iter;
  gpointer id;

  if (self->store == NULL)
    return;
  /* deletes behind a toast still showing: the user did not undo them */
  g_hash_table_iter_init (&iter, self->hidden);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_autoptr(GError) error = NULL;

      if (!dc_collection_store_delete (self->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id, &error) &&
          !g_error_matches (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot delete a collection row: %s", error->message);
    }
  g_hash_table_remove_all (self->hidden);
  g_signal_handlers_disconnect_by_data (self->store, self);
  g_signal_handlers_disconnect_by_data (dc_collection_store_get_inventory_model (self->store),
                                        self);
  g_clear_object (&self->store);
}

/* A drop-down's button is what a screen reader lands on: it gets the drop-down's name. */
static void
label_drop_down_button (GtkDropDown *drop_down,
                        const char  *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
}

/* --- GObject ------------------------------------------------------------------------- */

static void
dc_collection_page_dispose (GObject *object)
{
  DcCollectionPage *self = (DcCollectionPage *) object;
  GtkWidget *child;

  detach_store (self);
  if (self->selection != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_COLLECTION_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (dc_collection_page_parent_class)->dispose (object);
}

static void
dc_collection_page_finalize (GObject *object)
{
  DcCollectionPage *self = (DcCollectionPage *) object;

  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->editing_id, g_free);
  g_clear_pointer (&self->select_id, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->filter_set, g_free);

  G_OBJECT_CLASS (dc_collection_page_parent_class)->finalize (object);
}

static void
dc_collection_page_class_init (DcCollectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_collection_page_dispose;
  object_class->finalize = dc_collection_page_finalize;

  g_type_ensure (DC_TYPE_CARD_SEARCH);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-collection-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, add_revealer);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, add_search);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, set_entry);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, finish_filter);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, flap);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, editor_title);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, editor_subtitle);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, condition_drop);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, finish_drop);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, language_drop);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, price_entry);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, notes_entry);
  gtk_widget_class_bind_template_child (widget_class, DcCollectionPage, editor_error);
  gtk_widget_class_bind_template_callback (widget_class, add_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_card_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "collection.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "collection.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "collection.close-editor", NULL,
                                   close_editor_action);
  gtk_widget_class_install_action (widget_class, "collection.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "collection.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "collection.mark-for-trade", NULL,
                                   mark_for_trade_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "collection.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "collection.delete", NULL);
}

static void
dc_collection_page_init (DcCollectionPage *self)
{
  g_autoptr(GtkStringList) language_list = gtk_string_list_new (NULL);
  GtkEditable *add_entry;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *code = g_ascii_strup (languages[i], -1);

      gtk_string_list_append (language_list, code);
    }
  gtk_drop_down_set_model (self->language_drop, G_LIST_MODEL (language_list));
  label_drop_down_button (self->finish_filter, _("Filter by finish"));
  label_drop_down_button (self->condition_drop, _("Condition"));
  label_drop_down_button (self->finish_drop, _("Finish"));
  label_drop_down_button (self->language_drop, _("Language"));

  /* the add search is a second card search: it gets its own name */
  add_entry = dc_card_search_get_entry (self->add_search);
  gtk_accessible_update_property (GTK_ACCESSIBLE (add_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Card to add"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Type a card name; use the arrow keys to choose a printing "
                                    "and Enter to add one near mint, nonfoil English copy"), -1);
  g_object_set (add_entry, "placeholder-text", _("Card name to add"), NULL);

  add_column (self, COLUMN_NAME, _("Name"), "name", FALSE, TRUE);
  add_column (self, COLUMN_SET, _("Set"), "set-code", FALSE, FALSE);
  /* Translators: column title: the collector number */
  add_column (self, COLUMN_NUMBER, C_("collector number", "No."), "collector-number", FALSE,
              FALSE);
  add_column (self, COLUMN_FINISH, _("Finish"), "finish", FALSE, FALSE);
  /* Translators: column title: the card's condition (NM, LP…) */
  add_column (self, COLUMN_CONDITION, C_("column", "Cond."), "condition", FALSE, FALSE);
  /* Translators: column title: the card's language */
  add_column (self, COLUMN_LANGUAGE, C_("column", "Lang."), "language", FALSE, FALSE);
  /* Translators: column title: how many copies */
  add_column (self, COLUMN_QUANTITY, C_("column", "Qty"), "quantity", TRUE, FALSE);
  add_column (self, COLUMN_PRICE, _("Price"), "unit-price", TRUE, FALSE);
  add_column (self, COLUMN_VALUE, _("Value"), "value", TRUE, FALSE);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  update_actions (self);
  update_empty (self);
}

/* --- public API ---------------------------------------------------------------------- */

GtkWidget *
dc_collection_page_new (void)
{
  return g_object_new (DC_TYPE_COLLECTION_PAGE, NULL);
}

/**
 * dc_collection_page_set_account:
 *
 * Shows the account's collection. Set once, after the account is loaded.
 */
void
dc_collection_page_set_account (DcCollectionPage *self,
                                DcAccount        *account)
{
  GListModel *inventory;
  GtkSorter *sorter;

  g_return_if_fail (DC_IS_COLLECTION_PAGE (self));
  g_return_if_fail (DC_IS_ACCOUNT (account));
  g_return_if_fail (self->account == NULL);

  self->account = g_object_ref (account);
  dc_card_search_set_account (self->add_search, account);
  if (dc_account_get_collection_store (account) == NULL)
    return;

  self->store = g_object_ref (dc_account_get_collection_store (account));
  inventory = dc_collection_store_get_inventory_model (self->store);

  self->filter_model = gtk_filter_list_model_new (g_object_ref (inventory),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (sorter));
  /* sorting tens of thousands of rows happens in steps, without freezing the window */
  gtk_sort_list_model_set_incremental (self->sort_model, TRUE);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_model, "items-changed",
                           G_CALLBACK (shown_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (inventory, "items-changed",
                           G_CALLBACK (update_empty), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "totals-changed",
                           G_CALLBACK (update_totals), self, G_CONNECT_SWAPPED);
  update_totals (self);
  update_empty (self);
}

GListModel *
dc_collection_page_get_model (DcCollectionPage *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_PAGE (self), NULL);
  return self->selection ? G_LIST_MODEL (self->selection) : NULL;
}

GtkColumnView *
dc_collection_page_get_column_view (DcCollectionPage *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_PAGE (self), NULL);
  return self->column_view;
}

const char *
dc_collection_page_get_totals_text (DcCollectionPage *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_PAGE (self), NULL);
  return gtk_label_get_label (self->totals_label);
}

gboolean
dc_collection_page_get_editor_open (DcCollectionPage *self)
{
  g_return_val_if_fail (DC_IS_COLLECTION_PAGE (self), FALSE);
  return adw_flap_get_reveal_flap (self->flap);
}

void
dc_collection_page_select (DcCollectionPage *self,
                           guint             position)
{
  g_return_if_fail (DC_IS_COLLECTION_PAGE (self));
  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, position);
}

void
dc_collection_page_focus_add (DcCollectionPage *self)
{
  g_return_if_fail (DC_IS_COLLECTION_PAGE (self));

  if (gtk_toggle_button_get_active (self->add_button))
    dc_card_search_focus (self->add_search);
  else
    gtk_toggle_button_set_active (self->add_button, TRUE);
}
