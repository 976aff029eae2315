/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-card"

#include "config.h"

#include <string.h>

#include "dc-card.h"

G_DEFINE_QUARK (dc-card-error-quark, dc_card_error)

/* Where each Scryfall price goes (DESIGN §5, prices). */
static const struct
{
  const char *member;
  DcFinish    finish;
  const char *currency;
  const char *source;
} scryfall_prices[] = {
  { "usd",        DC_FINISH_NONFOIL, "USD", "tcgplayer" },
  { "usd_foil",   DC_FINISH_FOIL,    "USD", "tcgplayer" },
  { "usd_etched", DC_FINISH_ETCHED,  "USD", "tcgplayer" },
  { "eur",        DC_FINISH_NONFOIL, "EUR", "cardmarket" },
  { "eur_foil",   DC_FINISH_FOIL,    "EUR", "cardmarket" },
  { "tix",        DC_FINISH_NONFOIL, "TIX", "cardhoarder" },
};

/* The colours in the order Scryfall lists them on a card (alphabetical). */
static const char * const scryfall_colors[] = { "B", "G", "R", "U", "W" };

/* The finish codes Scryfall and our API share. Kept private so this unit links on its own;
 * dc-finish.c owns the public mapping (dc_finish_from_string/to_string). */
static DcFinish
card_finish_from_code (const char *code)
{
  if (strcmp (code, "nonfoil") == 0)
    return DC_FINISH_NONFOIL;
  if (strcmp (code, "foil") == 0)
    return DC_FINISH_FOIL;
  if (strcmp (code, "etched") == 0)
    return DC_FINISH_ETCHED;
  return DC_FINISH_UNKNOWN;
}

static const char *
card_finish_to_code (DcFinish finish)
{
  switch (finish)
    {
    case DC_FINISH_NONFOIL:
      return "nonfoil";
    case DC_FINISH_FOIL:
      return "foil";
    case DC_FINISH_ETCHED:
      return "etched";
    case DC_FINISH_UNKNOWN:
    default:
      return NULL;
    }
}

/* Scryfall states prices as decimal strings ("0.25", "3748.60"). Reads one into minor units
 * with integer arithmetic only; a third non-zero decimal cannot be stated in cents and is
 * refused rather than rounded. */
static gboolean
parse_price_minor (const char *text,
                   gint64     *out_minor)
{
  const gint64 limit = (G_MAXINT64 - 99) / 100;
  const char *p = text;
  gint64 units = 0;
  gint64 cents = 0;

  if (!g_ascii_isdigit (*p))
    return FALSE;

  for (; g_ascii_isdigit (*p); p++)
    {
      int digit = *p - '0';

      if (units > (limit - digit) / 10)
        return FALSE;
      units = units * 10 + digit;
    }

  if (*p == '.')
    {
      int decimals = 0;

      for (p++; g_ascii_isdigit (*p); p++, decimals++)
        {
          if (decimals < 2)
            cents = cents * 10 + (*p - '0');
          else if (*p != '0')
            return FALSE;
        }
      if (decimals == 0)
        return FALSE;
      if (decimals == 1)
        cents *= 10;
    }

  if (*p != '\0')
    return FALSE;

  *out_minor = units * 100 + cents;
  return TRUE;
}

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_holds_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Optional string member: absent or null gives NULL; any other type is not a card. The string
 * is borrowed from @object. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char **out_value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;
  if (node_is_null (node))
    return TRUE;
  if (!node_holds_string (node))
    {
      g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID, "“%s” is not a string", member);
      return FALSE;
    }
  *out_value = json_node_get_string (node);
  return TRUE;
}

static gboolean
dup_string (JsonObject  *object,
            const char  *member,
            char       **out_value,
            GError     **error)
{
  const char *value;

  if (!get_string (object, member, &value, error))
    return FALSE;
  *out_value = g_strdup (value);
  return TRUE;
}

static gboolean
get_optional_member (JsonObject   *object,
                     const char   *member,
                     JsonNodeType  type,
                     JsonNode    **out_node,
                     GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_node = NULL;
  if (node_is_null (node))
    return TRUE;
  if (JSON_NODE_TYPE (node) != type)
    {
      g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID, "“%s” is not an %s", member,
                   type == JSON_NODE_ARRAY ? "array" : "object");
      return FALSE;
    }
  *out_node = node;
  return TRUE;
}

/* Vendor product ids: absent or null is 0. */
static gboolean
get_id (JsonObject  *object,
        const char  *member,
        gint64      *out_value,
        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = 0;
  if (node_is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0)
    {
      g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID,
                   "“%s” is not a product id", member);
      return FALSE;
    }
  *out_value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_strv (JsonObject   *object,
          const char   *member,
          char       ***out_strv,
          GError      **error)
{
  JsonNode *node;
  JsonArray *array;
  guint n;
  char **strv;

  *out_strv = NULL;
  if (!get_optional_member (object, member, JSON_NODE_ARRAY, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      if (!node_holds_string (json_array_get_element (array, i)))
        {
          g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID,
                       "“%s” holds something other than strings", member);
          return FALSE;
        }
    }

  strv = g_new (char *, n + 1);
  for (guint i = 0; i < n; i++)
    strv[i] = g_strdup (json_array_get_string_element (array, i));
  strv[n] = NULL;
  *out_strv = strv;
  return TRUE;
}

/* "image_uris": only the four sizes a collector's screens use. */
static gboolean
read_image_uris (JsonObject  *object,
                 char       **small,
                 char       **normal,
                 char       **large,
                 char       **art_crop,
                 GError     **error)
{
  JsonNode *node;
  JsonObject *uris;

  if (!get_optional_member (object, "image_uris", JSON_NODE_OBJECT, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  uris = json_node_get_object (node);
  if (!dup_string (uris, "small", small, error)
      || !dup_string (uris, "normal", normal, error)
      || !dup_string (uris, "large", large, error)
      || !dup_string (uris, "art_crop", art_crop, error))
    {
      g_prefix_error (error, "image_uris: ");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_finishes (JsonObject  *object,
               guint       *out_finishes,
               gboolean    *out_present,
               GError     **error)
{
  JsonNode *node;
  JsonArray *array;
  guint n;

  *out_finishes = 0;
  *out_present = FALSE;
  if (!get_optional_member (object, "finishes", JSON_NODE_ARRAY, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  *out_present = TRUE;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      DcFinish finish;

      if (!node_holds_string (element))
        {
          g_set_error_literal (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID,
                               "“finishes” holds something other than strings");
          return FALSE;
        }
      /* Scryfall has listed finishes that are none of ours ("glossy"); they are not a
       * printing anyone can own separately, so they are skipped. */
      finish = card_finish_from_code (json_node_get_string (element));
      if (finish != DC_FINISH_UNKNOWN)
        *out_finishes |= 1u << finish;
    }
  return TRUE;
}

/* Legalities are copied string by string, in Scryfall's order: JsonObject and JsonNode
 * reference counts are not atomic, and a card is shared between threads. */
static gboolean
read_legalities (JsonObject  *object,
                 JsonObject **out_legalities,
                 GError     **error)
{
  g_autoptr(JsonObject) copy = NULL;
  JsonObjectIter iter;
  const char *format;
  JsonNode *node;

  *out_legalities = NULL;
  if (!get_optional_member (object, "legalities", JSON_NODE_OBJECT, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  copy = json_object_new ();
  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &format, &node))
    {
      if (!node_holds_string (node))
        {
          g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID,
                       "legalities: “%s” is not a string", format);
          return FALSE;
        }
      json_object_set_string_member (copy, format, json_node_get_string (node));
    }
  *out_legalities = g_steal_pointer (&copy);
  return TRUE;
}

static void
card_face_free (gpointer data)
{
  DcCardFace *face = data;

  g_free (face->name);
  g_free (face->printed_name);
  g_free (face->mana_cost);
  g_free (face->type_line);
  g_free (face->oracle_text);
  g_free (face->image_small);
  g_free (face->image_normal);
  g_free (face->image_large);
  g_free (face->image_art_crop);
  g_free (face);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcCardFace, card_face_free)

/* A Scryfall card_faces entry and our own card_faces entry have the same shape. */
static DcCardFace *
face_new_from_json (JsonObject  *object,
                    GError     **error)
{
  g_autoptr(DcCardFace) face = g_new0 (DcCardFace, 1);

  if (!dup_string (object, "name", &face->name, error)
      || !dup_string (object, "printed_name", &face->printed_name, error)
      || !dup_string (object, "mana_cost", &face->mana_cost, error)
      || !dup_string (object, "type_line", &face->type_line, error)
      || !dup_string (object, "oracle_text", &face->oracle_text, error)
      || !read_image_uris (object, &face->image_small, &face->image_normal,
                           &face->image_large, &face->image_art_crop, error))
    return NULL;

  if (face->name == NULL)
    {
      g_set_error_literal (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID, "a face has no name");
      return NULL;
    }
  return g_steal_pointer (&face);
}

static gboolean
read_faces (DcCard      *card,
            JsonObject  *object,
            JsonArray  **out_array,
            GError     **error)
{
  JsonNode *node;
  JsonArray *array;
  guint n;

  *out_array = NULL;
  if (!get_optional_member (object, "card_faces", JSON_NODE_ARRAY, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      DcCardFace *face;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID,
                       "card_faces[%u] is not an object", i);
          return FALSE;
        }
      face = face_new_from_json (json_node_get_object (element), error);
      if (face == NULL)
        {
          g_prefix_error (error, "card_faces[%u]: ", i);
          return FALSE;
        }
      g_ptr_array_add (card->faces, face);
    }
  *out_array = array;
  return TRUE;
}

static DcCard *
card_alloc (void)
{
  DcCard *card = g_new0 (DcCard, 1);

  g_atomic_ref_count_init (&card->ref_count);
  card->faces = g_ptr_array_new_with_free_func (card_face_free);
  card->prices = g_array_new (FALSE, FALSE, sizeof (DcCardPrice));
  return card;
}

static void
card_free (DcCard *card)
{
  g_free (card->id);
  g_free (card->oracle_id);
  g_free (card->name);
  g_free (card->printed_name);
  g_free (card->lang);
  g_free (card->set_code);
  g_free (card->set_name);
  g_free (card->collector_number);
  g_free (card->rarity);
  g_free (card->layout);
  g_free (card->mana_cost);
  g_free (card->type_line);
  g_free (card->oracle_text);
  g_free (card->released_at);
  g_strfreev (card->colors);
  g_free (card->image_small);
  g_free (card->image_normal);
  g_free (card->image_large);
  g_free (card->image_art_crop);
  g_clear_pointer (&card->legalities, json_object_unref);
  g_ptr_array_unref (card->faces);
  g_array_unref (card->prices);
  g_free (card);
}

/* What both codecs share: the members our API spells as Scryfall does. */
static gboolean
card_read_members (DcCard      *card,
                   JsonObject  *object,
                   gboolean    *out_has_finishes,
                   JsonArray  **out_faces,
                   GError     **error)
{
  if (!dup_string (object, "id", &card->id, error)
      || !dup_string (object, "oracle_id", &card->oracle_id, error)
      || !dup_string (object, "name", &card->name, error)
      || !dup_string (object, "printed_name", &card->printed_name, error)
      || !dup_string (object, "lang", &card->lang, error)
      || !dup_string (object, "set", &card->set_code, error)
      || !dup_string (object, "set_name", &card->set_name, error)
      || !dup_string (object, "collector_number", &card->collector_number, error)
      || !dup_string (object, "rarity", &card->rarity, error)
      || !dup_string (object, "layout", &card->layout, error)
      || !dup_string (object, "mana_cost", &card->mana_cost, error)
      || !dup_string (object, "type_line", &card->type_line, error)
      || !dup_string (object, "oracle_text", &card->oracle_text, error)
      || !dup_string (object, "released_at", &card->released_at, error)
      || !get_strv (object, "colors", &card->colors, error)
      || !read_image_uris (object, &card->image_small, &card->image_normal,
                           &card->image_large, &card->image_art_crop, error)
      || !read_finishes (object, &card->finishes, out_has_finishes, error)
      || !get_id (object, "tcgplayer_id", &card->tcgplayer_id, error)
      || !get_id (object, "cardmarket_id", &card->cardmarket_id, error)
      || !read_legalities (object, &card->legalities, error)
      || !read_faces (card, object, out_faces, error))
    return FALSE;

  if (card->id == NULL || card->name == NULL || card->set_code == NULL)
    {
      g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID, "no %s",
                   card->id == NULL ? "id" : card->name == NULL ? "name" : "set");
      return FALSE;
    }
  if (!g_uuid_string_is_valid (card->id))
    {
      g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID, "id “%s” is not a UUID",
                   card->id);
      return FALSE;
    }
  return TRUE;
}

/* Scryfall leaves mana_cost, oracle_text (and on reversible cards type_line) off multi-face
 * cards; a collector still expects to read them, so the faces' values are joined as Scryfall
 * joins its own combined fields. Empty parts are skipped: a transforming card costs what its
 * front costs ("{1}{U}", not "{1}{U} // "). NULL when no face states the field at all. */
static char *
join_faces (GPtrArray *faces,
            gsize      offset)
{
  GString *joined = NULL;

  for (guint i = 0; i < faces->len; i++)
    {
      const char *part = G_STRUCT_MEMBER (char *, faces->pdata[i], offset);

      if (part == NULL)
        continue;
      if (joined == NULL)
        joined = g_string_new (NULL);
      if (*part == '\0')
        continue;
      if (joined->len > 0)
        g_string_append (joined, " // ");
      g_string_append (joined, part);
    }
  return joined != NULL ? g_string_free (joined, FALSE) : NULL;
}

/* Double-faced cards state colours per face only; the card's are their union. */
static gboolean
colors_from_faces (DcCard     *card,
                   JsonArray  *faces,
                   GError    **error)
{
  guint seen = 0;
  GPtrArray *colors;
  guint n = json_array_get_length (faces);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *face = json_array_get_object_element (faces, i);
      g_auto(GStrv) face_colors = NULL;

      if (!get_strv (face, "colors", &face_colors, error))
        {
          g_prefix_error (error, "card_faces[%u]: ", i);
          return FALSE;
        }
      for (guint j = 0; face_colors != NULL && face_colors[j] != NULL; j++)
        for (guint c = 0; c < G_N_ELEMENTS (scryfall_colors); c++)
          if (strcmp (face_colors[j], scryfall_colors[c]) == 0)
            seen |= 1u << c;
    }

  colors = g_ptr_array_new ();
  for (guint c = 0; c < G_N_ELEMENTS (scryfall_colors); c++)
    if (seen & (1u << c))
      g_ptr_array_add (colors, g_strdup (scryfall_colors[c]));
  g_ptr_array_add (colors, NULL);
  card->colors = (char **) g_ptr_array_free (colors, FALSE);
  return TRUE;
}

/* Objects from before Scryfall's `finishes` (2021) only say whether a foil and a non-foil
 * printing exist. */
static gboolean
finishes_from_booleans (DcCard      *card,
                        JsonObject  *object,
                        GError     **error)
{
  static const struct { const char *member; DcFinish finish; } flags[] = {
    { "nonfoil", DC_FINISH_NONFOIL },
    { "foil",    DC_FINISH_FOIL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      JsonNode *node = json_object_get_member (object, flags[i].member);

      if (node_is_null (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID, "“%s” is not a boolean",
                       flags[i].member);
          return FALSE;
        }
      if (json_node_get_boolean (node))
        card->finishes |= 1u << flags[i].finish;
    }
  return TRUE;
}

static gboolean
read_prices (DcCard      *card,
             JsonObject  *object,
             GError     **error)
{
  JsonNode *node;
  JsonObject *prices;

  if (!get_optional_member (object, "prices", JSON_NODE_OBJECT, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  prices = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (scryfall_prices); i++)
    {
      const char *text;
      DcCardPrice price;

      if (!get_string (prices, scryfall_prices[i].member, &text, error))
        {
          g_prefix_error (error, "prices: ");
          return FALSE;
        }
      if (text == NULL)
        continue;
      if (!parse_price_minor (text, &price.amount_minor))
        {
          g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID,
                       "prices: %s “%s” is not an amount in cents",
                       scryfall_prices[i].member, text);
          return FALSE;
        }
      price.finish = scryfall_prices[i].finish;
      price.currency = scryfall_prices[i].currency;
      price.source = scryfall_prices[i].source;
      g_array_append_val (card->prices, price);
    }
  return TRUE;
}

static void
set_nullable_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
set_nullable_id (JsonObject *object,
                 const char *member,
                 gint64      value)
{
  if (value != 0)
    json_object_set_int_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
set_image_uris (JsonObject *object,
                const char *small,
                const char *normal,
                const char *large,
                const char *art_crop)
{
  JsonObject *uris;

  if (small == NULL && normal == NULL && large == NULL && art_crop == NULL)
    {
      json_object_set_null_member (object, "image_uris");
      return;
    }

  uris = json_object_new ();
  set_nullable_string (uris, "small", small);
  set_nullable_string (uris, "normal", normal);
  set_nullable_string (uris, "large", large);
  set_nullable_string (uris, "art_crop", art_crop);
  json_object_set_object_member (object, "image_uris", uris);
}

static void
set_finishes (JsonObject *object,
              guint       finishes)
{
  JsonArray *array = json_array_new ();

  for (DcFinish finish = DC_FINISH_NONFOIL; finish <= DC_FINISH_ETCHED; finish++)
    if (finishes & (1u << finish))
      json_array_add_string_element (array, card_finish_to_code (finish));
  json_object_set_array_member (object, "finishes", array);
}

static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static DcCard *
card_new_from_scryfall (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(DcCard) card = card_alloc ();
  const char *kind;
  gboolean has_finishes;
  JsonArray *faces;

  if (!get_string (object, "object", &kind, error))
    return NULL;
  if (kind != NULL && strcmp (kind, "card") != 0)
    {
      g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID,
                   "a Scryfall “%s” object is not a card", kind);
      return NULL;
    }

  if (!card_read_members (card, object, &has_finishes, &faces, error)
      || (!has_finishes && !finishes_from_booleans (card, object, error))
      || !read_prices (card, object, error))
    return NULL;

  if (card->faces->len > 0)
    {
      DcCardFace *front = g_ptr_array_index (card->faces, 0);

      /* Reversible cards put a (possibly different) oracle card on each side. */
      if (card->oracle_id == NULL
          && !dup_string (json_array_get_object_element (faces, 0), "oracle_id",
                          &card->oracle_id, error))
        {
          g_prefix_error (error, "card_faces[0]: ");
          return NULL;
        }

      if (card->printed_name == NULL)
        card->printed_name = join_faces (card->faces, G_STRUCT_OFFSET (DcCardFace, printed_name));
      if (card->mana_cost == NULL)
        card->mana_cost = join_faces (card->faces, G_STRUCT_OFFSET (DcCardFace, mana_cost));
      if (card->type_line == NULL)
        card->type_line = join_faces (card->faces, G_STRUCT_OFFSET (DcCardFace, type_line));
      if (card->oracle_text == NULL)
        card->oracle_text = join_faces (card->faces, G_STRUCT_OFFSET (DcCardFace, oracle_text));

      if (card->colors == NULL && !colors_from_faces (card, faces, error))
        return NULL;

      if (card->image_small == NULL && card->image_normal == NULL
          && card->image_large == NULL && card->image_art_crop == NULL)
        {
          card->image_small = g_strdup (front->image_small);
          card->image_normal = g_strdup (front->image_normal);
          card->image_large = g_strdup (front->image_large);
          card->image_art_crop = g_strdup (front->image_art_crop);
        }
    }

  if (card->colors == NULL)
    card->colors = g_new0 (char *, 1);

  return g_steal_pointer (&card);
}

/**
 * dc_card_new_from_scryfall:
 * @object: a Scryfall card object
 * @error: return location for a #DC_CARD_ERROR
 *
 * Reads a Scryfall card object into a card with what a collector sees. Multi-face cards
 * without top-level mana_cost/type_line/oracle_text/printed_name get their faces' values
 * joined with " // "; without top-level colors, the union of the faces'; without top-level
 * image_uris, the front face's; without oracle_id (reversible cards), the front face's.
 * Objects without `finishes` fall back to the `foil`/`nonfoil` booleans. Prices are read
 * exactly into minor units; null prices are absent.
 *
 * Returns: (transfer full) (nullable): the card, or %NULL with @error set
 */
DcCard *
dc_card_new_from_scryfall (JsonObject  *object,
                           GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return card_new_from_scryfall (object, error);
}

/**
 * dc_card_parse_scryfall_line:
 * @line: one line of a Scryfall bulk file: a JSON card object
 * @length: length of @line in bytes, or -1 if it is NUL-terminated
 * @error: return location for a #DC_CARD_ERROR
 *
 * Parses one card line. The lines of Scryfall's bulk files (a JSON array with one card per
 * line) end in a comma; a trailing comma and whitespace are ignored. Safe to call from several
 * threads at once.
 *
 * Returns: (transfer full) (nullable): the card, or %NULL with @error set
 */
DcCard *
dc_card_parse_scryfall_line (const char  *line,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize len;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (line) : (gsize) length;
  while (len > 0 && g_ascii_isspace (line[len - 1]))
    len--;
  if (len > 0 && line[len - 1] == ',')
    len--;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, line, len, &local_error))
    {
      g_set_error (error, DC_CARD_ERROR, DC_CARD_ERROR_PARSE, "Not a JSON card: %s",
                   local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, DC_CARD_ERROR, DC_CARD_ERROR_PARSE, "Not a JSON card: empty");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID,
                           "Not a card: not a JSON object");
      return NULL;
    }

  return card_new_from_scryfall (json_node_get_object (root), error);
}

DcCard *
dc_card_ref (DcCard *card)
{
  g_return_val_if_fail (card != NULL, NULL);

  g_atomic_ref_count_inc (&card->ref_count);
  return card;
}

void
dc_card_unref (DcCard *card)
{
  g_return_if_fail (card != NULL);

  if (g_atomic_ref_count_dec (&card->ref_count))
    card_free (card);
}

gboolean
dc_card_has_finish (const DcCard *card,
                    DcFinish      finish)
{
  g_return_val_if_fail (card != NULL, FALSE);

  return finish != DC_FINISH_UNKNOWN && (card->finishes & (1u << finish)) != 0;
}

/**
 * dc_card_get_price:
 * @card: a card
 * @finish: the finish
 * @currency: "USD", "EUR" or "TIX"
 *
 * Returns: (nullable): the price the card object stated for @finish in @currency, or %NULL
 */
const DcCardPrice *
dc_card_get_price (const DcCard *card,
                   DcFinish      finish,
                   const char   *currency)
{
  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (currency != NULL, NULL);

  for (guint i = 0; i < card->prices->len; i++)
    {
      const DcCardPrice *price = &g_array_index (card->prices, DcCardPrice, i);

      if (price->finish == finish && strcmp (price->currency, currency) == 0)
        return price;
    }
  return NULL;
}

/**
 * dc_card_to_json:
 * @card: a card
 *
 * Writes our API's full card object. Every member is always present; absent values are
 * null (image_uris is null when there is no image at all, card_faces is [] for single-faced
 * cards, colors [] for colourless ones).
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
dc_card_to_json (const DcCard *card)
{
  JsonObject *object;
  JsonArray *array;

  g_return_val_if_fail (card != NULL, NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "id", card->id);
  set_nullable_string (object, "oracle_id", card->oracle_id);
  json_object_set_string_member (object, "name", card->name);
  set_nullable_string (object, "printed_name", card->printed_name);
  set_nullable_string (object, "lang", card->lang);
  json_object_set_string_member (object, "set", card->set_code);
  set_nullable_string (object, "set_name", card->set_name);
  set_nullable_string (object, "collector_number", card->collector_number);
  set_nullable_string (object, "rarity", card->rarity);
  set_nullable_string (object, "layout", card->layout);
  set_nullable_string (object, "mana_cost", card->mana_cost);
  set_nullable_string (object, "type_line", card->type_line);
  set_nullable_string (object, "oracle_text", card->oracle_text);
  set_nullable_string (object, "released_at", card->released_at);

  array = json_array_new ();
  for (guint i = 0; card->colors != NULL && card->colors[i] != NULL; i++)
    json_array_add_string_element (array, card->colors[i]);
  json_object_set_array_member (object, "colors", array);

  set_image_uris (object, card->image_small, card->image_normal, card->image_large,
                  card->image_art_crop);
  set_finishes (object, card->finishes);
  set_nullable_id (object, "tcgplayer_id", card->tcgplayer_id);
  set_nullable_id (object, "cardmarket_id", card->cardmarket_id);

  if (card->legalities != NULL)
    {
      JsonObject *legalities = json_object_new ();
      JsonObjectIter iter;
      const char *format;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, card->legalities);
      while (json_object_iter_next_ordered (&iter, &format, &node))
        json_object_set_string_member (legalities, format, json_node_get_string (node));
      json_object_set_object_member (object, "legalities", legalities);
    }
  else
    {
      json_object_set_null_member (object, "legalities");
    }

  array = json_array_new ();
  for (guint i = 0; i < card->faces->len; i++)
    {
      const DcCardFace *face = g_ptr_array_index (card->faces, i);
      JsonObject *face_object = json_object_new ();

      json_object_set_string_member (face_object, "name", face->name);
      set_nullable_string (face_object, "printed_name", face->printed_name);
      set_nullable_string (face_object, "mana_cost", face->mana_cost);
      set_nullable_string (face_object, "type_line", face->type_line);
      set_nullable_string (face_object, "oracle_text", face->oracle_text);
      set_image_uris (face_object, face->image_small, face->image_normal, face->image_large,
                      face->image_art_crop);
      json_array_add_object_element (array, face_object);
    }
  json_object_set_array_member (object, "card_faces", array);

  return node_take_object (object);
}

/**
 * dc_card_new_from_json:
 * @object: a card object as dc_card_to_json() writes it
 * @error: return location for a #DC_CARD_ERROR
 *
 * Reads back our API's card object; Scryfall's fallbacks are not applied, since the writer
 * already did. Prices are not part of this object and stay empty.
 *
 * Returns: (transfer full) (nullable): the card, or %NULL with @error set
 */
DcCard *
dc_card_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(DcCard) card = NULL;
  gboolean has_finishes;
  JsonArray *faces;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  card = card_alloc ();
  if (!card_read_members (card, object, &has_finishes, &faces, error))
    return NULL;
  if (card->colors == NULL)
    card->colors = g_new0 (char *, 1);
  return g_steal_pointer (&card);
}

/**
 * dc_card_summary_to_json:
 * @card: a card
 *
 * Writes the short card object nested in search results and list items:
 * {id, name, set, set_name, collector_number, lang, rarity, finishes, image_uri}, where
 * image_uri is the normal-size image (the front face's for double-faced cards), or null.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
dc_card_summary_to_json (const DcCard *card)
{
  JsonObject *object;

  g_return_val_if_fail (card != NULL, NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "id", card->id);
  json_object_set_string_member (object, "name", card->name);
  json_object_set_string_member (object, "set", card->set_code);
  set_nullable_string (object, "set_name", card->set_name);
  set_nullable_string (object, "collector_number", card->collector_number);
  set_nullable_string (object, "lang", card->lang);
  set_nullable_string (object, "rarity", card->rarity);
  set_finishes (object, card->finishes);
  set_nullable_string (object, "image_uri", card->image_normal);
  return node_take_object (object);
}
