/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-card-search"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-card-search.h"

/* DcCardSearch: the header bar's card search, keyboard first. Typing searches the local
 * catalog (so it works offline) and shows the printings in a popover under the entry;
 * Up/Down/Page Up/Page Down move the selection while the focus stays in the entry, Enter
 * opens the selected printing, Escape closes the popover. */

#define RESULT_LIMIT 50
#define PAGE_STEP    8

struct _DcCardSearch
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *entry;
  GtkPopover         *popover;
  GtkWidget          *results;
  GtkWidget          *message;
  GtkListView        *list_view;
  GtkImage           *message_icon;
  GtkLabel           *message_title;
  GtkLabel           *message_body;

  GtkSingleSelection *selection;
  DcAccount          *account;
  GCancellable       *cancellable;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (DcCardSearch, dc_card_search, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  CARD_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_busy (DcCardSearch *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Not a GtkStack: a box sizes the popover to what it shows. */
static void
show_page (DcCardSearch *self,
           gboolean      results)
{
  gtk_widget_set_visible (self->results, results);
  gtk_widget_set_visible (self->message, !results);
}

static void
show_message (DcCardSearch *self,
              const char   *icon,
              const char   *title,
              const char   *body)
{
  gtk_image_set_from_icon_name (self->message_icon, icon);
  gtk_label_set_label (self->message_title, title);
  gtk_label_set_label (self->message_body, body ? body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_body), body != NULL);
  show_page (self, FALSE);
  gtk_popover_popup (self->popover);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcCardSearch) self = user_data;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;

  if (self->account == NULL)
    return;
  model = dc_account_search_cards_finish (self->account, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (model == NULL)
    {
      g_warning ("Card search failed: %s", error->message);
      show_message (self, "dialog-error-symbolic", _("Search Failed"), error->message);
      return;
    }

  gtk_single_selection_set_model (self->selection, model);
  if (g_list_model_get_n_items (model) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      show_page (self, TRUE);
      gtk_popover_popup (self->popover);
      return;
    }

  if (dc_account_get_catalog_cards (self->account) <= 0)
    show_message (self, "network-offline-symbolic", _("The Card Catalog Is Not Here Yet"),
                  _("It is downloaded from the server the first time you sign in. Search "
                    "works as soon as it is in, even offline."));
  else
    {
      g_autofree char *title = NULL;

      /* Translators: %s is what the user searched for */
      title = g_strdup_printf (_("No Cards Named “%s”"),
                               gtk_editable_get_text (GTK_EDITABLE (self->entry)));
      show_message (self, "system-search-symbolic", title,
                    _("Try fewer letters, or another spelling."));
    }
}

static void
search_changed_cb (DcCardSearch *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *text = g_strstrip (g_strdup (typed));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (*text == '\0' || self->account == NULL ||
      dc_account_get_local_store (self->account) == NULL)
    {
      set_busy (self, FALSE);
      gtk_popover_popdown (self->popover);
      gtk_single_selection_set_model (self->selection, NULL);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  dc_account_search_cards_async (self->account, text, RESULT_LIMIT, self->cancellable,
                                 search_cb, g_object_ref (self));
}

static void
activate_position (DcCardSearch *self,
                   guint         position)
{
  g_autoptr(DcCardItem) item = NULL;
  GListModel *model = G_LIST_MODEL (self->selection);

  if (position == GTK_INVALID_LIST_POSITION || position >= g_list_model_get_n_items (model))
    return;
  item = g_list_model_get_item (model, position);
  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[CARD_ACTIVATED], 0, item);
}

static void
entry_activate_cb (DcCardSearch *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    {
      /* Enter before the results came back: search now and open the first one */
      search_changed_cb (self);
      return;
    }
  activate_position (self, gtk_single_selection_get_selected (self->selection));
}

static void
list_activate_cb (DcCardSearch *self,
                  guint         position)
{
  activate_position (self, position);
}

static void
stop_search_cb (DcCardSearch *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_popdown (self->popover);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
move_selection (DcCardSearch *self,
                int           delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);
  int target;

  if (n == 0)
    return;
  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    {
      show_page (self, TRUE);
      gtk_popover_popup (self->popover);
      return;
    }
  if (selected == GTK_INVALID_LIST_POSITION)
    target = delta > 0 ? 0 : (int) n - 1;
  else
    target = CLAMP ((int) selected + delta, 0, (int) n - 1);
  gtk_single_selection_set_selected (self->selection, target);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", target);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DcCardSearch          *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      move_selection (self, PAGE_STEP);
      return TRUE;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      move_selection (self, -PAGE_STEP);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                DcCardSearch            *self)
{
  gtk_popover_popdown (self->popover);
}

static void
dc_card_search_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  DcCardSearch *self = DC_CARD_SEARCH (widget);

  gtk_widget_measure (GTK_WIDGET (self->entry), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
dc_card_search_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  DcCardSearch *self = DC_CARD_SEARCH (widget);

  gtk_widget_allocate (GTK_WIDGET (self->entry), width, height, baseline, NULL);
  gtk_popover_present (self->popover);
}

static void
dc_card_search_dispose (GObject *object)
{
  DcCardSearch *self = (DcCardSearch *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  gtk_widget_dispose_template (GTK_WIDGET (object), DC_TYPE_CARD_SEARCH);

  G_OBJECT_CLASS (dc_card_search_parent_class)->dispose (object);
}

static void
dc_card_search_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DcCardSearch *self = DC_CARD_SEARCH (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
dc_card_search_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (DC_CARD_SEARCH (widget)->entry));
}

static void
dc_card_search_class_init (DcCardSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_card_search_dispose;
  object_class->get_property = dc_card_search_get_property;
  widget_class->measure = dc_card_search_measure;
  widget_class->size_allocate = dc_card_search_size_allocate;
  widget_class->grab_focus = dc_card_search_grab_focus;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DcCardSearch::card-activated:
   * @item: the chosen printing
   */
  signals[CARD_ACTIVATED] =
    g_signal_new ("card-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DC_TYPE_CARD_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-card-search.ui");
  gtk_widget_class_bind_template_child (widget_class, DcCardSearch, entry);
  gtk_widget_class_bind_template_child (widget_class, DcCardSearch, popover);
  gtk_widget_class_bind_template_child (widget_class, DcCardSearch, results);
  gtk_widget_class_bind_template_child (widget_class, DcCardSearch, message);
  gtk_widget_class_bind_template_child (widget_class, DcCardSearch, list_view);
  gtk_widget_class_bind_template_child (widget_class, DcCardSearch, message_icon);
  gtk_widget_class_bind_template_child (widget_class, DcCardSearch, message_title);
  gtk_widget_class_bind_template_child (widget_class, DcCardSearch, message_body);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_set_css_name (widget_class, "cardsearch");
}

static void
dc_card_search_init (DcCardSearch *self)
{
  GtkEventController *controller;

  g_type_ensure (DC_TYPE_CARD_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);
}

GtkWidget *
dc_card_search_new (void)
{
  return g_object_new (DC_TYPE_CARD_SEARCH, NULL);
}

void
dc_card_search_set_account (DcCardSearch *self,
                            DcAccount    *account)
{
  g_return_if_fail (DC_IS_CARD_SEARCH (self));
  g_return_if_fail (account == NULL || DC_IS_ACCOUNT (account));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->account, account);
  gtk_single_selection_set_model (self->selection, NULL);
}

GtkEditable *
dc_card_search_get_entry (DcCardSearch *self)
{
  g_return_val_if_fail (DC_IS_CARD_SEARCH (self), NULL);
  return GTK_EDITABLE (self->entry);
}

/**
 * dc_card_search_get_results:
 *
 * Returns: (transfer none): the results shown, a list model of #DcCardItem
 */
GListModel *
dc_card_search_get_results (DcCardSearch *self)
{
  g_return_val_if_fail (DC_IS_CARD_SEARCH (self), NULL);
  return G_LIST_MODEL (self->selection);
}

guint
dc_card_search_get_selected (DcCardSearch *self)
{
  g_return_val_if_fail (DC_IS_CARD_SEARCH (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}

gboolean
dc_card_search_get_busy (DcCardSearch *self)
{
  g_return_val_if_fail (DC_IS_CARD_SEARCH (self), FALSE);
  return self->busy;
}

void
dc_card_search_focus (DcCardSearch *self)
{
  g_return_if_fail (DC_IS_CARD_SEARCH (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

void
dc_card_search_dismiss (DcCardSearch *self)
{
  g_return_if_fail (DC_IS_CARD_SEARCH (self));
  gtk_popover_popdown (self->popover);
}
