/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-card-item"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dc-card-item.h"
#include "dc-money.h"

/* DcCardItem: a printing from the local catalog, as a GObject for list models and pages.
 * Built from our API's card object (the catalog line format). */

struct _DcCardItem
{
  GObject  parent_instance;

  char    *id;
  char    *oracle_id;
  char    *name;
  char    *printed_name;
  char    *set_code;
  char    *set_name;
  char    *collector_number;
  char    *lang;
  char    *rarity;
  char    *mana_cost;
  char    *type_line;
  char    *oracle_text;
  char    *released_at;
  char    *image_uri;
  char    *subtitle;
  guint    finishes;
  GArray  *prices;
};

G_DEFINE_FINAL_TYPE (DcCardItem, dc_card_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SUBTITLE,
  PROP_PRICE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
item_price_clear (gpointer data)
{
  DcItemPrice *price = data;

  g_clear_pointer (&price->source, g_free);
  g_clear_pointer (&price->day, g_free);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

/**
 * dc_item_prices_parse:
 * @array: the `prices` array of a card object:
 *   `[{finish, currency, source, day, amount_minor, amount}]`
 * @out_prices: (out) (transfer full): a #GArray of #DcItemPrice
 *
 * Entries that are not well-formed are skipped. A missing amount_minor is read from the
 * exact decimal `amount` instead.
 *
 * Returns: %TRUE
 */
gboolean
dc_item_prices_parse (JsonArray  *array,
                      GArray    **out_prices)
{
  GArray *prices = g_array_new (FALSE, TRUE, sizeof (DcItemPrice));

  g_array_set_clear_func (prices, item_price_clear);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      g_autofree char *finish = NULL;
      g_autofree char *currency = NULL;
      g_autofree char *amount = NULL;
      DcItemPrice price = { 0 };
      JsonNode *minor;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      finish = dup_member (object, "finish");
      currency = dup_member (object, "currency");
      price.finish = dc_finish_from_string (finish);
      if (price.finish == DC_FINISH_UNKNOWN || currency == NULL || strlen (currency) != 3)
        continue;

      minor = json_object_get_member (object, "amount_minor");
      if (minor != NULL && JSON_NODE_HOLDS_VALUE (minor) &&
          json_node_get_value_type (minor) == G_TYPE_INT64)
        price.amount_minor = json_node_get_int (minor);
      else if ((amount = dup_member (object, "amount")) == NULL ||
               !dc_money_parse_decimal (amount, &price.amount_minor, NULL))
        continue;

      memcpy (price.currency, currency, 4);
      price.source = dup_member (object, "source");
      price.day = dup_member (object, "day");
      g_array_append_val (prices, price);
    }
  *out_prices = prices;
  return TRUE;
}

static void
update_subtitle (DcCardItem *self)
{
  g_autofree char *lang = self->lang ? g_ascii_strup (self->lang, -1) : NULL;
  const char *set = self->set_name ? self->set_name : self->set_code;

  g_free (self->subtitle);
  if (self->collector_number != NULL && lang != NULL)
    /* Translators: a printing's set, collector number and language, e.g. "Alpha · #161 · EN" */
    self->subtitle = g_strdup_printf (_("%s · #%s · %s"), set, self->collector_number, lang);
  else
    self->subtitle = g_strdup (set);
}

/**
 * dc_card_item_new_from_json:
 * @card: our API's card object (a catalog line, GET /api/cards/{id})
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the item, or %NULL when @card has no id or name
 */
DcCardItem *
dc_card_item_new_from_json (JsonObject  *card,
                            GError     **error)
{
  g_autoptr(DcCardItem) self = NULL;
  JsonObject *images;
  JsonArray *array;

  g_return_val_if_fail (card != NULL, NULL);

  self = g_object_new (DC_TYPE_CARD_ITEM, NULL);
  self->id = dup_member (card, "id");
  self->name = dup_member (card, "name");
  if (self->id == NULL || self->name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A card in the catalog has no id or name"));
      return NULL;
    }
  self->oracle_id = dup_member (card, "oracle_id");
  self->printed_name = dup_member (card, "printed_name");
  self->set_code = dup_member (card, "set");
  self->set_name = dup_member (card, "set_name");
  self->collector_number = dup_member (card, "collector_number");
  self->lang = dup_member (card, "lang");
  self->rarity = dup_member (card, "rarity");
  self->mana_cost = dup_member (card, "mana_cost");
  self->type_line = dup_member (card, "type_line");
  self->oracle_text = dup_member (card, "oracle_text");
  self->released_at = dup_member (card, "released_at");

  images = object_member (card, "image_uris");
  if (images == NULL)
    {
      /* double-faced cards: the front face's image */
      JsonArray *faces = array_member (card, "card_faces");

      if (faces != NULL && json_array_get_length (faces) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (faces, 0)))
        images = object_member (json_array_get_object_element (faces, 0), "image_uris");
    }
  if (images != NULL)
    {
      self->image_uri = dup_member (images, "normal");
      if (self->image_uri == NULL)
        self->image_uri = dup_member (images, "large");
      if (self->image_uri == NULL)
        self->image_uri = dup_member (images, "small");
    }

  /* the multi-face fields a collector reads live on the faces */
  array = array_member (card, "card_faces");
  if (array != NULL && json_array_get_length (array) > 0)
    {
      g_autoptr(GString) type_line = g_string_new (NULL);
      g_autoptr(GString) oracle_text = g_string_new (NULL);
      g_autoptr(GString) mana_cost = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *face;
          g_autofree char *face_type = NULL;
          g_autofree char *face_text = NULL;
          g_autofree char *face_cost = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
            continue;
          face = json_array_get_object_element (array, i);
          face_type = dup_member (face, "type_line");
          face_text = dup_member (face, "oracle_text");
          face_cost = dup_member (face, "mana_cost");
          if (face_type != NULL)
            g_string_append_printf (type_line, "%s%s", type_line->len ? " // " : "", face_type);
          if (face_text != NULL && *face_text != '\0')
            g_string_append_printf (oracle_text, "%s%s", oracle_text->len ? "\n\n" : "",
                                    face_text);
          if (face_cost != NULL && *face_cost != '\0')
            g_string_append_printf (mana_cost, "%s%s", mana_cost->len ? " // " : "", face_cost);
        }
      if (self->type_line == NULL && type_line->len > 0)
        self->type_line = g_string_free (g_steal_pointer (&type_line), FALSE);
      if ((self->oracle_text == NULL || *self->oracle_text == '\0') && oracle_text->len > 0)
        {
          g_free (self->oracle_text);
          self->oracle_text = g_string_free (g_steal_pointer (&oracle_text), FALSE);
        }
      if ((self->mana_cost == NULL || *self->mana_cost == '\0') && mana_cost->len > 0)
        {
          g_free (self->mana_cost);
          self->mana_cost = g_string_free (g_steal_pointer (&mana_cost), FALSE);
        }
    }

  array = array_member (card, "finishes");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      DcFinish finish = dc_finish_from_string (json_array_get_string_element (array, i));

      if (finish != DC_FINISH_UNKNOWN)
        self->finishes |= 1u << finish;
    }

  dc_item_prices_parse (array_member (card, "prices"), &self->prices);
  update_subtitle (self);
  return g_steal_pointer (&self);
}

/**
 * dc_card_item_set_prices:
 * @self: an item
 * @prices: (transfer none): a #GArray of #DcItemPrice, which @self references
 */
void
dc_card_item_set_prices (DcCardItem *self,
                         GArray     *prices)
{
  g_return_if_fail (DC_IS_CARD_ITEM (self));
  g_return_if_fail (prices != NULL);

  g_clear_pointer (&self->prices, g_array_unref);
  self->prices = g_array_ref (prices);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE_LABEL]);
}

static void
dc_card_item_finalize (GObject *object)
{
  DcCardItem *self = (DcCardItem *) object;

  g_free (self->id);
  g_free (self->oracle_id);
  g_free (self->name);
  g_free (self->printed_name);
  g_free (self->set_code);
  g_free (self->set_name);
  g_free (self->collector_number);
  g_free (self->lang);
  g_free (self->rarity);
  g_free (self->mana_cost);
  g_free (self->type_line);
  g_free (self->oracle_text);
  g_free (self->released_at);
  g_free (self->image_uri);
  g_free (self->subtitle);
  g_clear_pointer (&self->prices, g_array_unref);

  G_OBJECT_CLASS (dc_card_item_parent_class)->finalize (object);
}

static void
dc_card_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DcCardItem *self = DC_CARD_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_PRICE_LABEL:
      g_value_take_string (value, dc_card_item_dup_price_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_card_item_class_init (DcCardItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_card_item_finalize;
  object_class->get_property = dc_card_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRICE_LABEL] =
    g_param_spec_string ("price-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_card_item_init (DcCardItem *self)
{
}

const char *
dc_card_item_get_id (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->id;
}

const char *
dc_card_item_get_oracle_id (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->oracle_id;
}

const char *
dc_card_item_get_name (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->name;
}

const char *
dc_card_item_get_printed_name (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->printed_name;
}

const char *
dc_card_item_get_set_code (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->set_code;
}

const char *
dc_card_item_get_set_name (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->set_name;
}

const char *
dc_card_item_get_collector_number (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->collector_number;
}

const char *
dc_card_item_get_lang (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->lang;
}

const char *
dc_card_item_get_rarity (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->rarity;
}

const char *
dc_card_item_get_mana_cost (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->mana_cost;
}

const char *
dc_card_item_get_type_line (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->type_line;
}

const char *
dc_card_item_get_oracle_text (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->oracle_text;
}

const char *
dc_card_item_get_released_at (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->released_at;
}

const char *
dc_card_item_get_image_uri (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->image_uri;
}

const char *
dc_card_item_get_subtitle (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->subtitle;
}

guint
dc_card_item_get_finishes (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), 0);
  return self->finishes;
}

/**
 * dc_card_item_get_prices:
 *
 * Returns: (transfer none) (element-type DcItemPrice): the current prices
 */
GArray *
dc_card_item_get_prices (DcCardItem *self)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);
  return self->prices;
}

const DcItemPrice *
dc_card_item_find_price (DcCardItem *self,
                         DcFinish    finish,
                         const char *currency)
{
  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);

  for (guint i = 0; i < self->prices->len; i++)
    {
      const DcItemPrice *price = &g_array_index (self->prices, DcItemPrice, i);

      if (price->finish == finish && g_strcmp0 (price->currency, currency) == 0)
        return price;
    }
  return NULL;
}

/**
 * dc_card_item_dup_price_label:
 *
 * The price a list row shows: the cheapest USD price of any finish, else the cheapest EUR.
 *
 * Returns: (transfer full): a formatted price, or "" when there is none
 */
char *
dc_card_item_dup_price_label (DcCardItem *self)
{
  static const char *currencies[] = { "USD", "EUR" };

  g_return_val_if_fail (DC_IS_CARD_ITEM (self), NULL);

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    {
      const DcItemPrice *best = NULL;

      for (guint i = 0; i < self->prices->len; i++)
        {
          const DcItemPrice *price = &g_array_index (self->prices, DcItemPrice, i);

          if (strcmp (price->currency, currencies[c]) == 0 &&
              (best == NULL || price->amount_minor < best->amount_minor))
            best = price;
        }
      if (best != NULL)
        {
          DcMoney money = { best->amount_minor, { 0 } };

          memcpy (money.currency, best->currency, 4);
          return dc_money_format (&money);
        }
    }
  return g_strdup ("");
}

const char *
dc_finish_get_label (DcFinish finish)
{
  switch (finish)
    {
    case DC_FINISH_NONFOIL:
      return C_("finish", "Nonfoil");
    case DC_FINISH_FOIL:
      return C_("finish", "Foil");
    case DC_FINISH_ETCHED:
      return C_("finish", "Etched");
    case DC_FINISH_UNKNOWN:
    default:
      return C_("finish", "Unknown finish");
    }
}

const char *
dc_rarity_get_label (const char *rarity)
{
  if (g_strcmp0 (rarity, "common") == 0)
    return C_("rarity", "Common");
  if (g_strcmp0 (rarity, "uncommon") == 0)
    return C_("rarity", "Uncommon");
  if (g_strcmp0 (rarity, "rare") == 0)
    return C_("rarity", "Rare");
  if (g_strcmp0 (rarity, "mythic") == 0)
    return C_("rarity", "Mythic Rare");
  if (g_strcmp0 (rarity, "special") == 0)
    return C_("rarity", "Special");
  if (g_strcmp0 (rarity, "bonus") == 0)
    return C_("rarity", "Bonus");
  return rarity;
}

const char *
dc_price_source_get_label (const char *source)
{
  /* the names of the shops whose prices Scryfall publishes are not translated */
  if (g_strcmp0 (source, "tcgplayer") == 0)
    return "TCGplayer";
  if (g_strcmp0 (source, "cardmarket") == 0)
    return "Cardmarket";
  if (g_strcmp0 (source, "cardhoarder") == 0)
    return "Cardhoarder";
  if (g_strcmp0 (source, "mtgjson") == 0)
    return "MTGJSON";
  return source;
}
