/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-card-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dc-card-page.h"
#include "dc-money.h"
#include "dc-price-chart.h"

/* DcCardPage: one printing: its image (from the disk cache, or downloaded and cached; a
 * placeholder that says why when there is none), what is printed on it, its current
 * prices per finish and currency from the local catalog, and its price history from the
 * server, drawn as a chart per currency. */

#define HISTORY_DAYS 365

struct _DcCardPage
{
  GtkWidget             parent_instance;

  GtkScrolledWindow    *scroller;
  GtkStack             *image_stack;
  GtkSpinner           *image_spinner;
  GtkPicture           *picture;
  GtkImage             *placeholder_icon;
  GtkLabel             *placeholder_title;
  GtkLabel             *placeholder_label;
  GtkLabel             *name_label;
  GtkLabel             *printing_label;
  GtkBox               *mana_box;
  GtkLabel             *type_label;
  GtkLabel             *oracle_label;
  GtkLabel             *released_label;
  AdwPreferencesGroup  *prices_group;
  AdwPreferencesGroup  *history_group;
  GtkBox               *currency_box;
  GtkStack             *history_stack;
  GtkSpinner           *history_spinner;
  DcPriceChart         *chart;
  GtkLabel             *history_error_label;
  GtkBox               *top_box;
  guint                 relayout_source;

  DcAccount            *account;
  DcCardItem           *item;
  GPtrArray            *price_rows;
  GPtrArray            *history;       /* DcPriceSeries, all currencies */
  char                 *currency;      /* the one the chart shows */
  GCancellable         *cancellable;
  gulong                connection_id;
};

G_DEFINE_FINAL_TYPE (DcCardPage, dc_card_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CARD,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_history (DcCardPage *self);
static void load_image (DcCardPage *self);

static void
show_placeholder (DcCardPage *self,
                  const char *icon,
                  const char *title,
                  const char *text)
{
  gtk_image_set_from_icon_name (self->placeholder_icon, icon);
  gtk_label_set_label (self->placeholder_title, title);
  gtk_label_set_label (self->placeholder_label, text);
  gtk_spinner_set_spinning (self->image_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->image_stack, "placeholder");
}

static void
image_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DcCardPage) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = dc_image_cache_load_finish (DC_IMAGE_CACHE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->image_spinner, FALSE);

  if (texture == NULL)
    {
      if (dc_api_client_error_is_offline (error) && self->account != NULL &&
          dc_account_get_connection (self->account) == DC_CONNECTION_OFFLINE)
        show_placeholder (self, "network-offline-symbolic", _("Image Not Available Offline"),
                          _("It is downloaded and kept on this computer the next time the "
                            "network is there."));
      else if (dc_api_client_error_is_offline (error))
        show_placeholder (self, "network-offline-symbolic", _("Image Not Available"),
                          _("The image server cannot be reached. Once an image has loaded, it "
                            "is kept on this computer."));
      else
        {
          g_message ("Card image failed: %s", error->message);
          show_placeholder (self, "image-missing-symbolic", _("No Image"), error->message);
        }
      return;
    }

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->image_stack, "image");
}

static void
load_image (DcCardPage *self)
{
  const char *uri = dc_card_item_get_image_uri (self->item);

  gtk_picture_set_paintable (self->picture, NULL);
  if (uri == NULL)
    {
      show_placeholder (self, "image-missing-symbolic", _("No Image"),
                        _("Scryfall has no image of this printing."));
      return;
    }
  gtk_spinner_set_spinning (self->image_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->image_stack, "loading");
  dc_account_load_image_async (self->account, uri, self->cancellable, image_cb,
                               g_object_ref (self));
}

static char *
format_price (const DcItemPrice *price)
{
  DcMoney money = { price->amount_minor, { 0 } };

  memcpy (money.currency, price->currency, 4);
  return dc_money_format (&money);
}

static void
clear_price_rows (DcCardPage *self)
{
  for (guint i = 0; i < self->price_rows->len; i++)
    adw_preferences_group_remove (self->prices_group, g_ptr_array_index (self->price_rows, i));
  g_ptr_array_set_size (self->price_rows, 0);
}

static void
fill_prices (DcCardPage *self)
{
  static const DcFinish finishes[] = { DC_FINISH_NONFOIL, DC_FINISH_FOIL, DC_FINISH_ETCHED };
  GArray *prices = dc_card_item_get_prices (self->item);
  guint available = dc_card_item_get_finishes (self->item);

  clear_price_rows (self);

  for (guint f = 0; f < G_N_ELEMENTS (finishes); f++)
    {
      DcFinish finish = finishes[f];
      g_autoptr(GString) accessible = g_string_new (NULL);
      g_autoptr(GString) sources = g_string_new (NULL);
      GtkWidget *row, *box;
      gboolean any = FALSE;

      for (guint i = 0; i < prices->len; i++)
        any |= g_array_index (prices, DcItemPrice, i).finish == finish;
      if (!any && !(available & (1u << finish)))
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dc_finish_get_label (finish));
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      g_string_append (accessible, dc_finish_get_label (finish));

      for (guint i = 0; i < prices->len; i++)
        {
          const DcItemPrice *price = &g_array_index (prices, DcItemPrice, i);
          g_autofree char *text = NULL;
          g_autofree char *tooltip = NULL;
          const char *source;
          GtkWidget *label;

          if (price->finish != finish)
            continue;
          text = format_price (price);
          source = dc_price_source_get_label (price->source);
          label = gtk_label_new (text);
          gtk_widget_add_css_class (label, "price");
          gtk_widget_add_css_class (label, "numeric");
          if (price->day != NULL)
            /* Translators: a price's tooltip: where it comes from and its day */
            tooltip = g_strdup_printf (_("%s, %s"), source, price->day);
          else
            tooltip = g_strdup (source);
          gtk_widget_set_tooltip_text (label, tooltip);
          gtk_box_append (GTK_BOX (box), label);

          if (source != NULL && strstr (sources->str, source) == NULL)
            g_string_append_printf (sources, "%s%s", sources->len ? " · " : "", source);
          g_string_append_printf (accessible, ", %s (%s)", text, source ? source : "");
        }

      if (sources->len > 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sources->str);
      else
        {
          GtkWidget *none = gtk_label_new (_("No price listed"));

          gtk_widget_add_css_class (none, "dim-label");
          gtk_box_append (GTK_BOX (box), none);
          g_string_append_printf (accessible, ", %s", _("No price listed"));
        }

      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible->str, -1);
      adw_preferences_group_add (self->prices_group, row);
      g_ptr_array_add (self->price_rows, row);
    }

  if (self->price_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No prices listed for this printing"));
      adw_preferences_group_add (self->prices_group, row);
      g_ptr_array_add (self->price_rows, row);
    }
}

static void
show_currency (DcCardPage *self,
               const char *currency)
{
  g_autoptr(GPtrArray) shown = NULL;

  shown = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_price_series_unref);

  g_free (self->currency);
  self->currency = g_strdup (currency);
  for (guint i = 0; self->history && i < self->history->len; i++)
    {
      DcPriceSeries *series = g_ptr_array_index (self->history, i);

      if (g_strcmp0 (series->currency, currency) == 0)
        g_ptr_array_add (shown, dc_price_series_ref (series));
    }
  dc_price_chart_set_series (self->chart, shown);
}

static void
currency_toggled_cb (GtkToggleButton *button,
                     DcCardPage      *self)
{
  if (gtk_toggle_button_get_active (button))
    show_currency (self, gtk_button_get_label (GTK_BUTTON (button)));
}

static void
clear_currency_buttons (DcCardPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->currency_box))) != NULL)
    gtk_box_remove (self->currency_box, child);
}

static void
fill_history (DcCardPage *self,
              GPtrArray  *history)
{
  g_autoptr(GPtrArray) currencies = g_ptr_array_new ();
  const char *preferred = NULL;
  GtkToggleButton *group = NULL;

  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history = g_ptr_array_ref (history);
  clear_currency_buttons (self);

  for (guint i = 0; i < history->len; i++)
    {
      DcPriceSeries *series = g_ptr_array_index (history, i);

      if (series->points->len == 0)
        continue;
      if (!g_ptr_array_find_with_equal_func (currencies, series->currency, g_str_equal, NULL))
        g_ptr_array_add (currencies, series->currency);
    }

  if (currencies->len == 0)
    {
      gtk_stack_set_visible_child_name (self->history_stack, "empty");
      return;
    }

  /* dollars first: most of the catalog's prices are TCGplayer's */
  if (g_ptr_array_find_with_equal_func (currencies, "USD", g_str_equal, NULL))
    preferred = "USD";
  else
    preferred = g_ptr_array_index (currencies, 0);

  for (guint i = 0; currencies->len > 1 && i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      GtkWidget *button = gtk_toggle_button_new_with_label (currency);
      g_autofree char *accessible = NULL;

      /* Translators: a toggle above the price chart; %s is a currency code */
      accessible = g_strdup_printf (_("Show prices in %s"), currency);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button),
                                    g_strcmp0 (currency, preferred) == 0);
      g_signal_connect (button, "toggled", G_CALLBACK (currency_toggled_cb), self);
      gtk_box_append (self->currency_box, button);
    }

  show_currency (self, preferred);
  gtk_stack_set_visible_child_name (self->history_stack, "chart");
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DcCardPage) self = user_data;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = dc_account_load_price_history_finish (DC_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->history_spinner, FALSE);

  if (history == NULL)
    {
      if (dc_api_client_error_is_offline (error))
        gtk_stack_set_visible_child_name (self->history_stack, "offline");
      else
        {
          gtk_label_set_label (self->history_error_label, error->message);
          gtk_stack_set_visible_child_name (self->history_stack, "error");
        }
      return;
    }
  fill_history (self, history);
}

static void
load_history (DcCardPage *self)
{
  clear_currency_buttons (self);
  dc_price_chart_set_series (self->chart, NULL);
  gtk_spinner_set_spinning (self->history_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->history_stack, "loading");
  dc_account_load_price_history_async (self->account, dc_card_item_get_id (self->item),
                                       HISTORY_DAYS, self->cancellable, history_cb,
                                       g_object_ref (self));
}

static void
retry_history_cb (DcCardPage *self)
{
  if (self->item != NULL && self->account != NULL)
    load_history (self);
}

static void
connection_changed_cb (DcCardPage *self)
{
  /* back online: fetch what was missing for want of a network */
  if (self->item == NULL || dc_account_get_connection (self->account) != DC_CONNECTION_ONLINE)
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->history_stack), "offline") == 0)
    load_history (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->image_stack), "placeholder") == 0 &&
      dc_card_item_get_image_uri (self->item) != NULL)
    load_image (self);
}

static const char *
mana_class (const char *symbol)
{
  /* a hybrid or Phyrexian symbol takes its first colour */
  switch (symbol[0])
    {
    case 'W': return "mana-w";
    case 'U': return "mana-u";
    case 'B': return "mana-b";
    case 'R': return "mana-r";
    case 'G': return "mana-g";
    default: return "mana-c";
    }
}

/* "{2}{W}{U/P} // {G}" as round symbols, the way the card prints them. */
static void
fill_mana (DcCardPage *self,
           const char *cost)
{
  GtkWidget *child;
  g_autofree char *accessible = NULL;
  const char *p;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mana_box))) != NULL)
    gtk_box_remove (self->mana_box, child);

  gtk_widget_set_visible (GTK_WIDGET (self->mana_box), cost != NULL && *cost != '\0');
  if (cost == NULL || *cost == '\0')
    return;

  for (p = cost; *p != '\0';)
    {
      if (*p == '{')
        {
          const char *end = strchr (p, '}');
          g_autofree char *symbol = NULL;
          GtkWidget *label;

          if (end == NULL)
            break;
          symbol = g_strndup (p + 1, end - p - 1);
          label = gtk_label_new (symbol);
          gtk_widget_add_css_class (label, "mana");
          gtk_widget_add_css_class (label, mana_class (symbol));
          gtk_box_append (self->mana_box, label);
          p = end + 1;
        }
      else if (g_str_has_prefix (p, "//"))
        {
          GtkWidget *label = gtk_label_new ("//");

          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_set_margin_start (label, 6);
          gtk_widget_set_margin_end (label, 6);
          gtk_box_append (self->mana_box, label);
          p += 2;
        }
      else
        p++;
    }

  /* Translators: what a screen reader says for the mana symbols, e.g. "Mana cost {2}{W}" */
  accessible = g_strdup_printf (_("Mana cost %s"), cost);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mana_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
fill_details (DcCardPage *self)
{
  DcCardItem *item = self->item;
  g_autoptr(GString) printing = g_string_new (NULL);
  g_autofree char *released = NULL;
  g_autofree char *lang = NULL;
  const char *printed = dc_card_item_get_printed_name (item);
  const char *rarity = dc_card_item_get_rarity (item);

  gtk_label_set_label (self->name_label, dc_card_item_get_name (item));

  g_string_append (printing, dc_card_item_get_set_name (item) ? dc_card_item_get_set_name (item)
                                                              : dc_card_item_get_set_code (item));
  if (dc_card_item_get_set_code (item) != NULL)
    {
      g_autofree char *code = g_ascii_strup (dc_card_item_get_set_code (item), -1);

      g_string_append_printf (printing, " (%s)", code);
    }
  if (dc_card_item_get_collector_number (item) != NULL)
    g_string_append_printf (printing, " · #%s", dc_card_item_get_collector_number (item));
  if (rarity != NULL)
    g_string_append_printf (printing, " · %s", dc_rarity_get_label (rarity));
  if (dc_card_item_get_lang (item) != NULL)
    {
      lang = g_ascii_strup (dc_card_item_get_lang (item), -1);
      g_string_append_printf (printing, " · %s", lang);
    }
  if (printed != NULL && g_strcmp0 (printed, dc_card_item_get_name (item)) != 0)
    g_string_append_printf (printing, "\n%s", printed);
  gtk_label_set_label (self->printing_label, printing->str);

  fill_mana (self, dc_card_item_get_mana_cost (item));
  gtk_label_set_label (self->type_label, dc_card_item_get_type_line (item));
  gtk_label_set_label (self->oracle_label, dc_card_item_get_oracle_text (item));
  gtk_widget_set_visible (GTK_WIDGET (self->oracle_label),
                          dc_card_item_get_oracle_text (item) != NULL);

  if (dc_card_item_get_released_at (item) != NULL)
    /* Translators: %s is a date, YYYY-MM-DD */
    released = g_strdup_printf (_("Released %s"), dc_card_item_get_released_at (item));
  gtk_label_set_label (self->released_label, released);
  gtk_widget_set_visible (GTK_WIDGET (self->released_label), released != NULL);
}

#define NARROW_WIDTH 620

static gboolean
relayout_cb (gpointer user_data)
{
  DcCardPage *self = user_data;
  gboolean narrow = gtk_widget_get_width (GTK_WIDGET (self)) < NARROW_WIDTH;

  self->relayout_source = 0;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->top_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  return G_SOURCE_REMOVE;
}

static void
dc_card_page_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  DcCardPage *self = DC_CARD_PAGE (widget);
  gboolean narrow = width < NARROW_WIDTH;
  gboolean vertical = gtk_orientable_get_orientation (GTK_ORIENTABLE (self->top_box)) ==
                      GTK_ORIENTATION_VERTICAL;

  GTK_WIDGET_CLASS (dc_card_page_parent_class)->size_allocate (widget, width, height, baseline);

  /* the image goes above the text when the page is narrow (the window folded); the
   * switch waits for the next frame, as a layout change inside an allocation may not */
  if (narrow != vertical && self->relayout_source == 0)
    self->relayout_source = g_idle_add (relayout_cb, self);
}

static void
dc_card_page_dispose (GObject *object)
{
  DcCardPage *self = (DcCardPage *) object;

  g_clear_handle_id (&self->relayout_source, g_source_remove);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->account != NULL)
    g_clear_signal_handler (&self->connection_id, self->account);
  g_clear_object (&self->account);
  g_clear_object (&self->item);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->price_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), DC_TYPE_CARD_PAGE);

  G_OBJECT_CLASS (dc_card_page_parent_class)->dispose (object);
}

static void
dc_card_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DcCardPage *self = DC_CARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CARD:
      g_value_set_object (value, self->item);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->item ? dc_card_item_get_name (self->item) : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_want_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DcCardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;

  id = dc_collection_store_create_finish (DC_COLLECTION_STORE (object), result, &error);
  if (id == NULL)
    message = g_strdup (error->message);
  else
    /* Translators: %s is a card name */
    message = g_strdup_printf (_("Added %s to your want list"),
                               self->item ? dc_card_item_get_name (self->item) : "");
  g_signal_emit (self, signals[ADDED], 0, message);
}

static void
add_want_clicked_cb (DcCardPage *self)
{
  DcCollectionStore *store;
  g_autoptr(JsonObject) fields = NULL;

  if (self->item == NULL || self->account == NULL ||
      (store = dc_account_get_collection_store (self->account)) == NULL)
    return;
  fields = json_object_new ();
  json_object_set_string_member (fields, "card_id", dc_card_item_get_id (self->item));
  dc_collection_store_create_async (store, DC_SYNC_ENTITY_WANT_ITEM, fields, NULL, add_want_cb,
                                    g_object_ref (self));
}

static void
dc_card_page_class_init (DcCardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_card_page_dispose;
  object_class->get_property = dc_card_page_get_property;
  widget_class->size_allocate = dc_card_page_size_allocate;

  properties[PROP_CARD] =
    g_param_spec_object ("card", NULL, NULL, DC_TYPE_CARD_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DcCardPage::added:
   * @message: what happened, for a toast
   *
   * The card was added to a list (or could not be).
   */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (DC_TYPE_PRICE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-card-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, scroller);
  gtk_widget_class_bind_template_callback (widget_class, add_want_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, image_stack);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, image_spinner);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, picture);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, placeholder_icon);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, placeholder_title);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, printing_label);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, mana_box);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, top_box);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, type_label);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, oracle_label);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, released_label);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, prices_group);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, currency_box);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, history_stack);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, history_spinner);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, chart);
  gtk_widget_class_bind_template_child (widget_class, DcCardPage, history_error_label);
  gtk_widget_class_bind_template_callback (widget_class, retry_history_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cardpage");
}

static void
dc_card_page_init (DcCardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->price_rows = g_ptr_array_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Card image"), -1);
}

GtkWidget *
dc_card_page_new (void)
{
  return g_object_new (DC_TYPE_CARD_PAGE, NULL);
}

void
dc_card_page_set_account (DcCardPage *self,
                          DcAccount  *account)
{
  g_return_if_fail (DC_IS_CARD_PAGE (self));
  g_return_if_fail (account == NULL || DC_IS_ACCOUNT (account));

  if (self->account == account)
    return;
  if (self->account != NULL)
    g_clear_signal_handler (&self->connection_id, self->account);
  g_set_object (&self->account, account);
  if (account != NULL)
    self->connection_id = g_signal_connect_swapped (account, "notify::connection",
                                                    G_CALLBACK (connection_changed_cb), self);
}

/**
 * dc_card_page_show_card:
 * @self: a card page
 * @item: the printing to show
 */
void
dc_card_page_show_card (DcCardPage *self,
                        DcCardItem *item)
{
  g_autofree char *image_label = NULL;

  g_return_if_fail (DC_IS_CARD_PAGE (self));
  g_return_if_fail (DC_IS_CARD_ITEM (item));
  g_return_if_fail (self->account != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->item, item);
  fill_details (self);
  fill_prices (self);
  /* Translators: the accessible name of a card's image; %s is the card's name */
  image_label = g_strdup_printf (_("Image of %s"), dc_card_item_get_name (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, image_label, -1);
  load_image (self);
  load_history (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcCardPage) self = user_data;
  g_autoptr(DcCardItem) item = NULL;
  g_autoptr(GError) error = NULL;

  if (self->account == NULL)
    return;
  item = dc_account_lookup_card_finish (self->account, result, &error);
  if (item == NULL)
    {
      g_warning ("Cannot show card: %s", error->message);
      return;
    }
  dc_card_page_show_card (self, item);
}

void
dc_card_page_show_card_id (DcCardPage *self,
                           const char *card_id)
{
  g_return_if_fail (DC_IS_CARD_PAGE (self));
  g_return_if_fail (card_id != NULL);
  g_return_if_fail (self->account != NULL);

  dc_account_lookup_card_async (self->account, card_id, NULL, lookup_cb, g_object_ref (self));
}

DcCardItem *
dc_card_page_get_card (DcCardPage *self)
{
  g_return_val_if_fail (DC_IS_CARD_PAGE (self), NULL);
  return self->item;
}

/**
 * dc_card_page_get_image_state:
 *
 * Returns: "loading", "image" or "placeholder"
 */
const char *
dc_card_page_get_image_state (DcCardPage *self)
{
  g_return_val_if_fail (DC_IS_CARD_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->image_stack);
}

/**
 * dc_card_page_get_history_state:
 *
 * Returns: "loading", "chart", "offline", "empty" or "error"
 */
const char *
dc_card_page_get_history_state (DcCardPage *self)
{
  g_return_val_if_fail (DC_IS_CARD_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->history_stack);
}

void
dc_card_page_reload_history (DcCardPage *self)
{
  g_return_if_fail (DC_IS_CARD_PAGE (self));
  retry_history_cb (self);
}
