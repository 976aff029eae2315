/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-bot-commands"

#include "config.h"

#include <string.h>

#include "dc-bot-commands.h"
#include "dc-condition.h"
#include "dc-error.h"
#include "dc-money.h"

#define COLOR_BRAND   0x8E44AD
#define COLOR_SUCCESS 0x2E8B57
#define COLOR_WARNING 0xE67E22

/* Discord's limits (with room to spare for the 6000-character total of one message). */
#define PICKER_MAX        25
#define LABEL_MAX         100
#define LINES_PER_EMBED   20
#define EMBEDS_PER_MESSAGE 2
#define MAX_MESSAGES      5
#define MATCHES_SHOWN     10

#define LINK_HOWTO \
  "Run `/dd link` here and enter the code in the Dualcaster Deals desktop app " \
  "(**Settings → Connections → Enter a link code**)."

/* --- the parsed interaction ------------------------------------------------------------ */

typedef struct
{
  DcBotApi    *api;
  JsonObject  *interaction;
  const char  *user_id;
  const char  *username;
  const char  *guild_id;
  GPtrArray   *path;       /* subcommand group and subcommand names */
  GHashTable  *options;    /* name → JsonNode* (borrowed) */
  const char  *focused;    /* autocomplete: the option being typed */
} Invocation;

static void
invocation_clear (Invocation *inv)
{
  g_clear_pointer (&inv->path, g_ptr_array_unref);
  g_clear_pointer (&inv->options, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Invocation, invocation_clear)

JsonObject *
dc_bot_interaction_user (JsonObject *interaction)
{
  JsonObject *member;

  if (json_object_has_member (interaction, "member") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (interaction, "member")))
    {
      member = json_object_get_object_member (interaction, "member");
      if (json_object_has_member (member, "user") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (member, "user")))
        return json_object_get_object_member (member, "user");
    }
  if (json_object_has_member (interaction, "user") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (interaction, "user")))
    return json_object_get_object_member (interaction, "user");
  return NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Discord nests subcommand groups (type 2) and subcommands (type 1) as single options. */
static void
invocation_init (Invocation *inv,
                 DcBotApi   *api,
                 JsonObject *interaction)
{
  JsonObject *user = dc_bot_interaction_user (interaction);
  JsonObject *data = object_member (interaction, "data");
  JsonArray *options = array_member (data, "options");

  inv->api = api;
  inv->interaction = interaction;
  inv->user_id = string_member (user, "id");
  inv->username = string_member (user, "username");
  inv->guild_id = string_member (interaction, "guild_id");
  inv->path = g_ptr_array_new ();
  inv->options = g_hash_table_new (g_str_hash, g_str_equal);

  while (options != NULL)
    {
      JsonArray *next = NULL;

      for (guint i = 0; i < json_array_get_length (options); i++)
        {
          JsonObject *option = json_array_get_object_element (options, i);
          const char *name = string_member (option, "name");
          gint64 type = json_object_get_int_member_with_default (option, "type", 0);

          if (name == NULL)
            continue;
          if (type == 1 || type == 2)
            {
              g_ptr_array_add (inv->path, (gpointer) name);
              next = array_member (option, "options");
              break;
            }
          if (json_object_has_member (option, "value"))
            g_hash_table_insert (inv->options, (gpointer) name,
                                 json_object_get_member (option, "value"));
          if (json_object_get_boolean_member_with_default (option, "focused", FALSE))
            inv->focused = name;
        }
      options = next;
    }
}

static gboolean
invocation_is (Invocation *inv,
               const char *first,
               const char *second)
{
  if (inv->path->len < 1 || g_strcmp0 (g_ptr_array_index (inv->path, 0), first) != 0)
    return FALSE;
  if (second == NULL)
    return inv->path->len == 1;
  return inv->path->len == 2 && g_strcmp0 (g_ptr_array_index (inv->path, 1), second) == 0;
}

static const char *
option_string (Invocation *inv,
               const char *name)
{
  JsonNode *node = g_hash_table_lookup (inv->options, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
option_int (Invocation *inv,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = g_hash_table_lookup (inv->options, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return fallback;
}

static gboolean
option_bool (Invocation *inv,
             const char *name)
{
  JsonNode *node = g_hash_table_lookup (inv->options, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

/* --- building messages --------------------------------------------------------------- */

/* User text shown back inside a message must not turn into markdown. */
static char *
escape_markdown (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (strchr ("\\*_~`|>[]()#-", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
truncate_chars (const char *text,
                glong       max)
{
  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, max - 1);
    return g_strconcat (head, "…", NULL);
  }
}

static JsonObject *
message_new (const char *content)
{
  JsonObject *message = json_object_new ();
  JsonObject *mentions = json_object_new ();

  if (content != NULL)
    json_object_set_string_member (message, "content", content);
  json_object_set_array_member (message, "embeds", json_array_new ());
  /* Never ping anyone, whatever a card name or a username contains. */
  json_object_set_array_member (mentions, "parse", json_array_new ());
  json_object_set_object_member (message, "allowed_mentions", mentions);
  return message;
}

static JsonObject *
embed_new (const char *title,
           const char *description,
           gint64      color)
{
  JsonObject *embed = json_object_new ();

  if (title != NULL)
    {
      g_autofree char *cut = truncate_chars (title, 256);
      json_object_set_string_member (embed, "title", cut);
    }
  if (description != NULL)
    {
      g_autofree char *cut = truncate_chars (description, 4096);
      json_object_set_string_member (embed, "description", cut);
    }
  json_object_set_int_member (embed, "color", color);
  return embed;
}

static void
embed_add_field (JsonObject *embed,
                 const char *name,
                 const char *value,
                 gboolean    inline_)
{
  JsonArray *fields = array_member (embed, "fields");
  JsonObject *field = json_object_new ();
  g_autofree char *cut_name = truncate_chars (name, 256);
  g_autofree char *cut_value = truncate_chars (value, 1024);

  if (fields == NULL)
    {
      fields = json_array_new ();
      json_object_set_array_member (embed, "fields", fields);
    }
  json_object_set_string_member (field, "name", cut_name);
  json_object_set_string_member (field, "value", cut_value);
  json_object_set_boolean_member (field, "inline", inline_);
  json_array_add_object_element (fields, field);
}

static void
embed_set_footer (JsonObject *embed,
                  const char *text)
{
  JsonObject *footer = json_object_new ();

  json_object_set_string_member (footer, "text", text);
  json_object_set_object_member (embed, "footer", footer);
}

static void
message_add_embed (JsonObject *message,
                   JsonObject *embed /* transfer full */)
{
  json_array_add_object_element (array_member (message, "embeds"), embed);
}

static DcBotReply *
reply_new (JsonObject *message /* transfer full */)
{
  DcBotReply *reply = g_new0 (DcBotReply, 1);

  reply->message = message;
  reply->followups = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  return reply;
}

static DcBotReply *
reply_text (const char *content)
{
  return reply_new (message_new (content));
}

static DcBotReply *
reply_embed (const char *title,
             const char *description,
             gint64      color)
{
  JsonObject *message = message_new (NULL);

  message_add_embed (message, embed_new (title, description, color));
  return reply_new (message);
}

void
dc_bot_reply_free (DcBotReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->message, json_object_unref);
  g_clear_pointer (&reply->followups, g_ptr_array_unref);
  g_clear_pointer (&reply->choices, json_array_unref);
  g_free (reply);
}

/* Errors as answers the user can act on. */
static DcBotReply *
reply_error (const GError *error)
{
  const char *code = error->domain == DC_API_ERROR ? dc_api_error_get_code (error) : NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (code, "discord.not_linked") == 0)
    return reply_embed ("Link your account first",
                        "This command works on your Dualcaster Deals collection, and your "
                        "Discord account is not linked to one yet.\n\n" LINK_HOWTO,
                        COLOR_WARNING);
  if (g_strcmp0 (code, "server.unreachable") == 0)
    return reply_text ("⚠️ The Dualcaster Deals server is not reachable right now. "
                       "Try again in a minute.");
  if (g_strcmp0 (code, "route.not_found") == 0)
    return reply_text ("⚠️ This server does not offer that yet. Try again after its next "
                       "update.");
  text = g_strdup_printf ("⚠️ %s", error->message);
  return reply_text (text);
}

static char *
format_money (const char *decimal,
              const char *currency)
{
  DcMoney money = { 0 };

  if (decimal == NULL || !dc_money_parse_decimal (decimal, &money.amount, NULL))
    return g_strdup ("—");
  g_strlcpy (money.currency, currency ? currency : "USD", sizeof money.currency);
  return dc_money_format (&money);
}

static char *
short_id (const char *id)
{
  return g_strndup (id ? id : "", 6);
}

/* --- cards ----------------------------------------------------------------------------- */

static JsonNode *
api_get (Invocation  *inv,
         gboolean     as_user,
         GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (4, 5);

static JsonNode *
api_get (Invocation  *inv,
         gboolean     as_user,
         GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return dc_bot_api_call (inv->api, "GET", path, as_user ? inv->user_id : NULL, NULL, error);
}

static JsonArray *
search_cards (Invocation  *inv,
              const char  *query,
              const char  *set_code,
              GError     **error)
{
  g_autofree char *q = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *set = set_code ? g_uri_escape_string (set_code, NULL, FALSE) : NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;

  root = api_get (inv, FALSE, error, "/cards/search?q=%s&limit=%d%s%s", q, PICKER_MAX,
                  set ? "&set=" : "", set ? set : "");
  if (root == NULL)
    return NULL;
  results = JSON_NODE_HOLDS_OBJECT (root) ? array_member (json_node_get_object (root), "results")
                                          : NULL;
  return results ? json_array_ref (results) : json_array_new ();
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_strcmp0 (fa, fb) == 0;
}

/* The card a name means: an exact name wins; otherwise the only name found. NULL when
 * several different cards match (the caller offers a picker). */
static const char *
chosen_name (JsonArray  *results,
             const char *query)
{
  const char *only = NULL;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      const char *name = string_member (json_array_get_object_element (results, i), "name");

      if (name == NULL)
        continue;
      if (same_name (name, query))
        return name;
      if (only == NULL)
        only = name;
      else if (!g_str_equal (only, name))
        return NULL;
    }
  return only;
}

static GPtrArray *
printings_named (JsonArray  *results,
                 const char *name)
{
  GPtrArray *printings = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *card = json_array_get_object_element (results, i);

      if (g_strcmp0 (string_member (card, "name"), name) == 0)
        g_ptr_array_add (printings, card);
    }
  return printings;
}

/* "$3.76" for the printing's cheapest current USD price, or NULL. */
static char *
summary_price (JsonObject *card)
{
  JsonArray *prices = array_member (card, "prices");
  gint64 best = -1;

  for (guint i = 0; prices && i < json_array_get_length (prices); i++)
    {
      JsonObject *price = json_array_get_object_element (prices, i);

      if (g_strcmp0 (string_member (price, "currency"), "USD") != 0)
        continue;
      if (best < 0 || json_object_get_int_member (price, "amount_minor") < best)
        best = json_object_get_int_member (price, "amount_minor");
    }
  if (best < 0)
    return NULL;
  {
    DcMoney money = { best, "USD" };
    return dc_money_format (&money);
  }
}

static char *
printing_label (JsonObject *card,
                gboolean    with_name)
{
  g_autofree char *set = g_ascii_strup (string_member (card, "set") ? string_member (card, "set")
                                                                    : "?", -1);
  g_autofree char *label = NULL;

  label = g_strdup_printf ("%s%s%s #%s%s", with_name ? string_member (card, "name") : "",
                           with_name ? " (" : "", set,
                           string_member (card, "collector_number")
                             ? string_member (card, "collector_number") : "?",
                           with_name ? ")" : "");
  return truncate_chars (label, LABEL_MAX);
}

/* A select menu (component type 3) in an action row (type 1). */
static JsonObject *
picker_message (const char *content,
                const char *custom_id,
                GPtrArray  *cards,
                gboolean    by_printing)
{
  JsonObject *message = message_new (content);
  JsonArray *rows = json_array_new ();
  JsonObject *row = json_object_new ();
  JsonArray *children = json_array_new ();
  JsonObject *select = json_object_new ();
  JsonArray *options = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < cards->len && json_array_get_length (options) < PICKER_MAX; i++)
    {
      JsonObject *card = g_ptr_array_index (cards, i);
      const char *name = string_member (card, "name");
      const char *id = string_member (card, "id");
      JsonObject *option;
      g_autofree char *label = NULL;
      g_autofree char *description = NULL;
      g_autofree char *where = NULL;
      g_autofree char *price = NULL;

      if (name == NULL || id == NULL)
        continue;
      if (!by_printing)
        {
          if (g_hash_table_contains (seen, name))
            continue;
          g_hash_table_add (seen, (gpointer) name);
        }
      label = by_printing ? printing_label (card, TRUE) : truncate_chars (name, LABEL_MAX);
      where = printing_label (card, FALSE);
      price = summary_price (card);
      description = g_strdup_printf ("%s%s%s%s%s",
                                     string_member (card, "set_name")
                                       ? string_member (card, "set_name") : "",
                                     by_printing ? "" : " · ", by_printing ? "" : where,
                                     price ? " · " : "", price ? price : "");
      option = json_object_new ();
      json_object_set_string_member (option, "label", label);
      json_object_set_string_member (option, "value", id);
      {
        g_autofree char *cut = truncate_chars (description, LABEL_MAX);
        json_object_set_string_member (option, "description", cut);
      }
      json_array_add_object_element (options, option);
    }

  json_object_set_int_member (select, "type", 3);
  json_object_set_string_member (select, "custom_id", custom_id);
  json_object_set_string_member (select, "placeholder",
                                 by_printing ? "Choose the printing" : "Choose the card");
  json_object_set_array_member (select, "options", options);
  json_array_add_object_element (children, select);
  json_object_set_int_member (row, "type", 1);
  json_object_set_array_member (row, "components", children);
  json_array_add_object_element (rows, row);
  json_object_set_array_member (message, "components", rows);
  return message;
}

static DcBotReply *
reply_no_card (const char *query)
{
  g_autofree char *escaped = escape_markdown (query);
  g_autofree char *text = g_strdup_printf ("No card found for “%s”. Check the spelling, or "
                                           "type a few letters and pick from the suggestions.",
                                           escaped);
  return reply_text (text);
}

/* --- /dd price ------------------------------------------------------------------------- */

static const char *
currency_heading (const char *currency,
                  const char *source)
{
  if (g_strcmp0 (currency, "USD") == 0)
    return "USD · TCGplayer";
  if (g_strcmp0 (currency, "EUR") == 0)
    return "EUR · Cardmarket";
  if (g_strcmp0 (currency, "TIX") == 0)
    return "MTGO · Cardhoarder";
  return source ? source : currency;
}

static char *
finish_label (const char *finish)
{
  if (finish == NULL || *finish == '\0')
    return g_strdup ("?");
  return g_strdup_printf ("%c%s", g_ascii_toupper (finish[0]), finish + 1);
}

/* "▲ +4.4 % ($3.60 → $3.76)" over the last 7 days of the USD nonfoil series (or the first
 * series with two days). */
static char *
trend_text (JsonObject *history)
{
  JsonArray *points = array_member (history, "points");
  static const char *finishes[] = { "nonfoil", "foil", "etched" };

  for (guint f = 0; points && f < G_N_ELEMENTS (finishes); f++)
    {
      JsonObject *first = NULL, *last = NULL;
      gint64 a, b;

      for (guint i = 0; i < json_array_get_length (points); i++)
        {
          JsonObject *p = json_array_get_object_element (points, i);
          const char *day = string_member (p, "day");

          if (g_strcmp0 (string_member (p, "currency"), "USD") != 0 ||
              g_strcmp0 (string_member (p, "finish"), finishes[f]) != 0)
            continue;

          if (first == NULL || g_strcmp0 (day, string_member (first, "day")) < 0)
            first = p;
          if (last == NULL || g_strcmp0 (day, string_member (last, "day")) > 0)
            last = p;
        }
      if (first == NULL || first == last ||
          g_strcmp0 (string_member (first, "day"), string_member (last, "day")) == 0)
        continue;
      a = json_object_get_int_member (first, "amount_minor");
      b = json_object_get_int_member (last, "amount_minor");
      {
        DcMoney from = { a, "USD" }, to = { b, "USD" };
        g_autofree char *from_text = dc_money_format (&from);
        g_autofree char *to_text = dc_money_format (&to);
        /* Per mille, rounded, in integers: no floating point near money. */
        gint64 permille = a > 0 ? ((b - a) * 2000 + (b >= a ? a : -a)) / (2 * a) : 0;
        const char *arrow = b > a ? "▲" : b < a ? "▼" : "▬";

        return g_strdup_printf ("%s %s%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT " %% (%s → %s, %s)",
                                arrow, permille >= 0 ? "+" : "-", ABS (permille) / 10,
                                ABS (permille) % 10, from_text, to_text, finishes[f]);
      }
    }
  return NULL;
}

static DcBotReply *
price_of_card (Invocation *inv,
               const char *card_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) card_node = NULL;
  g_autoptr(JsonNode) history_node = NULL;
  g_autoptr(JsonNode) demand_node = NULL;
  g_autoptr(GError) ignored = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *set = NULL;
  g_autofree char *trend = NULL;
  g_autofree char *newest_day = NULL;
  JsonObject *card, *embed, *message, *images;
  JsonArray *prices;
  const char *currencies[] = { "USD", "EUR", "TIX" };
  gboolean any_price = FALSE;

  card_node = api_get (inv, FALSE, &error, "/cards/%s", card_id);
  if (card_node == NULL || !JSON_NODE_HOLDS_OBJECT (card_node))
    return error ? reply_error (error) : reply_text ("⚠️ That card could not be read.");
  card = json_node_get_object (card_node);
  /* Extras: the price still shows without them. */
  history_node = api_get (inv, FALSE, &ignored, "/cards/%s/history?days=7", card_id);
  g_clear_error (&ignored);
  demand_node = api_get (inv, FALSE, &ignored, "/cards/%s/demand", card_id);

  set = g_ascii_strup (string_member (card, "set") ? string_member (card, "set") : "?", -1);
  g_string_append_printf (description, "*%s* (%s) #%s",
                          string_member (card, "set_name") ? string_member (card, "set_name")
                                                           : set,
                          set, string_member (card, "collector_number")
                                 ? string_member (card, "collector_number") : "?");
  if (string_member (card, "rarity"))
    g_string_append_printf (description, " · %s", string_member (card, "rarity"));
  if (string_member (card, "type_line"))
    g_string_append_printf (description, "\n%s", string_member (card, "type_line"));

  embed = embed_new (string_member (card, "name"), description->str, COLOR_BRAND);
  images = object_member (card, "image_uris");
  if (images == NULL)
    {
      JsonArray *faces = array_member (card, "card_faces");

      if (faces != NULL && json_array_get_length (faces) > 0)
        images = object_member (json_array_get_object_element (faces, 0), "image_uris");
    }
  if (images != NULL && (string_member (images, "normal") || string_member (images, "small")))
    {
      JsonObject *thumbnail = json_object_new ();

      json_object_set_string_member (thumbnail, "url", string_member (images, "normal")
                                                         ? string_member (images, "normal")
                                                         : string_member (images, "small"));
      json_object_set_object_member (embed, "thumbnail", thumbnail);
    }

  prices = array_member (card, "prices");
  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    {
      g_autoptr(GString) lines = g_string_new (NULL);
      const char *source = NULL;

      for (guint i = 0; prices && i < json_array_get_length (prices); i++)
        {
          JsonObject *price = json_array_get_object_element (prices, i);
          DcMoney money = { 0 };
          g_autofree char *amount = NULL;
          g_autofree char *finish = NULL;

          if (g_strcmp0 (string_member (price, "currency"), currencies[c]) != 0)
            continue;
          money.amount = json_object_get_int_member (price, "amount_minor");
          g_strlcpy (money.currency, currencies[c], sizeof money.currency);
          amount = dc_money_format (&money);
          finish = finish_label (string_member (price, "finish"));
          source = string_member (price, "source");
          g_string_append_printf (lines, "%s%s **%s**", lines->len ? "\n" : "", finish, amount);
          if (newest_day == NULL ||
              g_strcmp0 (string_member (price, "day"), newest_day) > 0)
            {
              g_free (newest_day);
              newest_day = g_strdup (string_member (price, "day"));
            }
        }
      if (lines->len > 0)
        {
          embed_add_field (embed, currency_heading (currencies[c], source), lines->str, TRUE);
          any_price = TRUE;
        }
    }
  if (!any_price)
    embed_add_field (embed, "Prices", "No current price for this printing.", FALSE);

  if (history_node != NULL && JSON_NODE_HOLDS_OBJECT (history_node))
    trend = trend_text (json_node_get_object (history_node));
  embed_add_field (embed, "7-day trend", trend ? trend : "Not enough price history yet.", FALSE);

  if (demand_node != NULL && JSON_NODE_HOLDS_OBJECT (demand_node))
    {
      gint64 wanted = json_object_get_int_member_with_default (json_node_get_object (demand_node),
                                                               "wanted_by", 0);
      g_autofree char *text = wanted == 0
                                ? g_strdup ("No trader wants it yet.")
                                : g_strdup_printf ("%" G_GINT64_FORMAT " trader%s on Dualcaster "
                                                   "Deals", wanted, wanted == 1 ? "" : "s");

      embed_add_field (embed, "Wanted by", text, FALSE);
    }
  {
    g_autofree char *footer = g_strdup_printf ("Prices from Scryfall%s%s",
                                               newest_day ? " · " : "",
                                               newest_day ? newest_day : "");
    embed_set_footer (embed, footer);
  }

  message = message_new (NULL);
  message_add_embed (message, embed);
  return reply_new (message);
}

static DcBotReply *
cmd_price (Invocation *inv)
{
  const char *query = option_string (inv, "card");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const char *name;

  if (query == NULL || *query == '\0')
    return reply_text ("Which card? For example `/dd price card:Lightning Bolt`.");
  results = search_cards (inv, query, NULL, &error);
  if (results == NULL)
    return reply_error (error);
  if (json_array_get_length (results) == 0)
    return reply_no_card (query);
  name = chosen_name (results, query);
  if (name != NULL)
    {
      g_autoptr(GPtrArray) printings = printings_named (results, name);
      return price_of_card (inv, string_member (g_ptr_array_index (printings, 0), "id"));
    }

  all = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_ptr_array_add (all, json_array_get_object_element (results, i));
  {
    g_autofree char *escaped = escape_markdown (query);
    g_autofree char *content = g_strdup_printf ("Several cards match “%s”. Which one?",
                                                escaped);

    return reply_new (picker_message (content, "dd:price", all, FALSE));
  }
}

/* --- /dd want ------------------------------------------------------------------------- */

static DcBotReply *
want_add_card (Invocation *inv,
               const char *card_id,
               gint64      quantity,
               const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) card_node = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *target_text = NULL;
  g_autofree char *text = NULL;
  JsonObject *card, *want;
  const char *oracle_id;

  card_node = api_get (inv, FALSE, &error, "/cards/%s", card_id);
  if (card_node == NULL || !JSON_NODE_HOLDS_OBJECT (card_node))
    return error ? reply_error (error) : reply_text ("⚠️ That card could not be read.");
  card = json_node_get_object (card_node);
  oracle_id = string_member (card, "oracle_id");

  /* From Discord a name is what people ask for: any printing of the card. */
  if (oracle_id != NULL)
    json_object_set_string_member (body, "oracle_id", oracle_id);
  else
    json_object_set_string_member (body, "card_id", card_id);
  json_object_set_int_member (body, "quantity", quantity);
  if (target != NULL)
    json_object_set_string_member (body, "target_price", target);
  body_node = json_node_init_object (json_node_alloc (), body);
  created = dc_bot_api_call (inv->api, "POST", "/want-list", inv->user_id, body_node, &error);
  if (created == NULL)
    return reply_error (error);
  want = json_node_get_object (created);

  sid = short_id (string_member (want, "id"));
  if (string_member (want, "target_price"))
    {
      g_autofree char *money = format_money (string_member (want, "target_price"), "USD");
      target_text = g_strdup_printf (" · target %s", money);
    }
  text = g_strdup_printf ("**%" G_GINT64_FORMAT "× %s** (%s)%s\nId `%s` — remove it with "
                          "`/dd want remove id:%s`.",
                          json_object_get_int_member (want, "quantity"),
                          string_member (card, "name"),
                          oracle_id ? "any printing" : string_member (card, "set"),
                          target_text ? target_text : "", sid, sid);
  return reply_embed ("Added to your want list", text, COLOR_SUCCESS);
}

/* Picker values carry the options the user gave: "dd:want:QTY:TARGET". */
static char *
want_custom_id (gint64      quantity,
                const char *target)
{
  return g_strdup_printf ("dd:want:%" G_GINT64_FORMAT ":%s", quantity, target ? target : "-");
}

static DcBotReply *
cmd_want_add (Invocation *inv)
{
  const char *query = option_string (inv, "card");
  const char *target = option_string (inv, "target_price");
  gint64 quantity = option_int (inv, "quantity", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *custom_id = NULL;
  const char *name;

  if (query == NULL || *query == '\0')
    return reply_text ("Which card? For example `/dd want add card:Counterspell`.");
  if (target != NULL && (strchr (target, ':') != NULL || strlen (target) > 20))
    return reply_text ("The target price must be an amount such as `3.00`.");
  results = search_cards (inv, query, NULL, &error);
  if (results == NULL)
    return reply_error (error);
  if (json_array_get_length (results) == 0)
    return reply_no_card (query);
  name = chosen_name (results, query);
  if (name != NULL)
    {
      g_autoptr(GPtrArray) printings = printings_named (results, name);
      return want_add_card (inv, string_member (g_ptr_array_index (printings, 0), "id"),
                            quantity, target);
    }

  all = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_ptr_array_add (all, json_array_get_object_element (results, i));
  custom_id = want_custom_id (quantity, target);
  {
    g_autofree char *escaped = escape_markdown (query);
    g_autofree char *content = g_strdup_printf ("Several cards match “%s”. Which one do you "
                                                "want?", escaped);
    return reply_new (picker_message (content, custom_id, all, FALSE));
  }
}

/* Splits @lines into embeds of LINES_PER_EMBED and messages of EMBEDS_PER_MESSAGE; the first
 * message is the answer, the rest follow-ups. */
static DcBotReply *
reply_list (const char *title,
            GPtrArray  *lines,
            const char *footer)
{
  DcBotReply *reply = NULL;
  guint per_message = LINES_PER_EMBED * EMBEDS_PER_MESSAGE;
  guint shown = MIN (lines->len, per_message * MAX_MESSAGES);

  for (guint start = 0; start < shown; start += per_message)
    {
      JsonObject *message = message_new (NULL);

      for (guint e = start; e < MIN (shown, start + per_message); e += LINES_PER_EMBED)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          JsonObject *embed;

          for (guint i = e; i < MIN (shown, e + LINES_PER_EMBED); i++)
            g_string_append_printf (text, "%s%s", text->len ? "\n" : "",
                                    (char *) g_ptr_array_index (lines, i));
          embed = embed_new (e == 0 ? title : NULL, text->str, COLOR_BRAND);
          if (e + LINES_PER_EMBED >= shown && footer != NULL)
            {
              g_autofree char *more = shown < lines->len
                                        ? g_strdup_printf ("%s · %u more in the desktop app",
                                                           footer, lines->len - shown)
                                        : g_strdup (footer);
              embed_set_footer (embed, more);
            }
          message_add_embed (message, embed);
        }
      if (reply == NULL)
        reply = reply_new (message);
      else
        g_ptr_array_add (reply->followups, message);
    }
  return reply;
}

static const char *
card_name_of (JsonObject *item)
{
  JsonObject *card = object_member (item, "card");
  const char *name = string_member (card, "name");

  return name ? name : "(unknown card)";
}

static DcBotReply *
cmd_want_list (Invocation *inv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  JsonArray *items;

  root = dc_bot_api_call (inv->api, "GET", "/want-list", inv->user_id, NULL, &error);
  if (root == NULL)
    return reply_error (error);
  items = array_member (json_node_get_object (root), "items");
  if (items == NULL || json_array_get_length (items) == 0)
    return reply_embed ("Your want list is empty",
                        "Add cards with `/dd want add`, or in the desktop app.", COLOR_BRAND);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *card = object_member (item, "card");
      g_autofree char *sid = short_id (string_member (item, "id"));
      g_autofree char *escaped = escape_markdown (card_name_of (item));
      g_autofree char *target = NULL;
      g_autofree char *set = NULL;
      const char *finish = string_member (item, "finish");

      if (string_member (item, "target_price"))
        {
          g_autofree char *money = format_money (string_member (item, "target_price"), "USD");
          target = g_strdup_printf (" · target %s", money);
        }
      set = string_member (item, "card_id") && string_member (card, "set")
              ? g_ascii_strup (string_member (card, "set"), -1)
              : g_strdup ("any printing");
      g_ptr_array_add (lines,
                       g_strdup_printf ("`%s` **%" G_GINT64_FORMAT "× %s** · %s · %s+%s%s%s%s",
                                        sid, json_object_get_int_member (item, "quantity"),
                                        escaped, set,
                                        string_member (item, "condition_min")
                                          ? string_member (item, "condition_min") : "?",
                                        finish && !g_str_equal (finish, "any") ? " · " : "",
                                        finish && !g_str_equal (finish, "any") ? finish : "",
                                        target ? target : "",
                                        json_object_get_boolean_member_with_default (
                                          item, "is_active", TRUE) ? "" : " · paused"));
    }
  title = g_strdup_printf ("Your want list (%u)", json_array_get_length (items));
  return reply_list (title, lines, "Remove one with /dd want remove id:<id>");
}

/* "#3F9A1C", "`3f9a1c`", a full UUID → "3f9a1c…"; NULL when it cannot be an id. */
static char *
normalize_short_id (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; p && *p; p++)
    {
      if (*p == '#' || *p == '`' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p) && *p != '-')
        return NULL;
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  if (out->len < 4 || out->len > 36)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static DcBotReply *
cmd_want_remove (Invocation *inv)
{
  g_autofree char *prefix = normalize_short_id (option_string (inv, "id"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *text = NULL;
  JsonArray *items;
  JsonObject *item;

  if (prefix == NULL)
    return reply_text ("Give the want's id: the 6 characters `/dd want list` shows, such as "
                       "`3f9a1c`.");
  root = dc_bot_api_call (inv->api, "GET", "/want-list", inv->user_id, NULL, &error);
  if (root == NULL)
    return reply_error (error);
  items = array_member (json_node_get_object (root), "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *candidate = json_array_get_object_element (items, i);

      if (g_str_has_prefix (string_member (candidate, "id"), prefix))
        g_ptr_array_add (matches, candidate);
    }
  if (matches->len == 0)
    {
      text = g_strdup_printf ("No want with id `%s` on your list. `/dd want list` shows the "
                              "ids.", prefix);
      return reply_text (text);
    }
  if (matches->len > 1)
    {
      text = g_strdup_printf ("`%s` matches %u wants; give more characters of the id.", prefix,
                              matches->len);
      return reply_text (text);
    }
  item = g_ptr_array_index (matches, 0);
  path = g_strconcat ("/want-list/", string_member (item, "id"), NULL);
  if (!dc_bot_api_call (inv->api, "DELETE", path, inv->user_id, NULL, &error) && error != NULL)
    return reply_error (error);

  escaped = escape_markdown (card_name_of (item));
  {
    g_autofree char *sid = short_id (string_member (item, "id"));
    text = g_strdup_printf ("Removed **%s** (`%s`) from your want list.", escaped, sid);
  }
  return reply_embed ("Want removed", text, COLOR_SUCCESS);
}

/* --- /dd have ------------------------------------------------------------------------- */

static gboolean
card_has_finish (JsonObject *card,
                 const char *finish)
{
  JsonArray *finishes = array_member (card, "finishes");

  if (finishes == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (finishes); i++)
    if (g_strcmp0 (json_array_get_string_element (finishes, i), finish) == 0)
      return TRUE;
  return FALSE;
}

static DcBotReply *
have_add_card (Invocation *inv,
               const char *card_id,
               gint64      quantity,
               const char *condition,
               const char *finish)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) card_node = NULL;
  g_autoptr(JsonNode) inventory = NULL;
  g_autoptr(JsonNode) have = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonObject) have_body = json_object_new ();
  g_autoptr(JsonNode) have_node = NULL;
  g_autofree char *sid = NULL;
  g_autofree char *set = NULL;
  g_autofree char *text = NULL;
  const char *inventory_id;
  JsonObject *card;

  card_node = api_get (inv, FALSE, &error, "/cards/%s", card_id);
  if (card_node == NULL || !JSON_NODE_HOLDS_OBJECT (card_node))
    return error ? reply_error (error) : reply_text ("⚠️ That card could not be read.");
  card = json_node_get_object (card_node);
  if (!card_has_finish (card, finish))
    {
      g_autofree char *escaped = escape_markdown (string_member (card, "name"));
      text = g_strdup_printf ("This printing of **%s** has no %s version.", escaped, finish);
      return reply_text (text);
    }

  json_object_set_string_member (body, "card_id", card_id);
  json_object_set_int_member (body, "quantity", quantity);
  json_object_set_string_member (body, "condition", condition);
  json_object_set_string_member (body, "finish", finish);
  json_object_set_string_member (body, "source", "discord");
  body_node = json_node_init_object (json_node_alloc (), body);
  inventory = dc_bot_api_call (inv->api, "POST", "/inventory", inv->user_id, body_node, &error);
  if (inventory == NULL)
    return reply_error (error);
  inventory_id = string_member (json_node_get_object (inventory), "id");

  json_object_set_string_member (have_body, "inventory_item_id", inventory_id);
  json_object_set_int_member (have_body, "quantity", quantity);
  have_node = json_node_init_object (json_node_alloc (), have_body);
  have = dc_bot_api_call (inv->api, "POST", "/have-list", inv->user_id, have_node, &error);
  if (have == NULL)
    {
      /* Both or neither: take the collection entry back out. */
      g_autofree char *path = g_strconcat ("/inventory/", inventory_id, NULL);
      g_autoptr(GError) undo_error = NULL;

      dc_bot_api_call (inv->api, "DELETE", path, inv->user_id, NULL, &undo_error);
      if (undo_error != NULL)
        g_warning ("Could not undo inventory item %s: %s", inventory_id, undo_error->message);
      return reply_error (error);
    }

  sid = short_id (string_member (json_node_get_object (have), "id"));
  set = g_ascii_strup (string_member (card, "set") ? string_member (card, "set") : "?", -1);
  text = g_strdup_printf ("**%" G_GINT64_FORMAT "× %s** (%s #%s) · %s · %s\nIn your collection "
                          "and offered for trade. Id `%s`.",
                          quantity, string_member (card, "name"), set,
                          string_member (card, "collector_number")
                            ? string_member (card, "collector_number") : "?",
                          condition, finish, sid);
  return reply_embed ("Added to your have list", text, COLOR_SUCCESS);
}

static char *
have_custom_id (gint64      quantity,
                const char *condition,
                const char *finish)
{
  return g_strdup_printf ("dd:have:%" G_GINT64_FORMAT ":%s:%s", quantity, condition, finish);
}

static DcBotReply *
cmd_have_add (Invocation *inv)
{
  const char *query = option_string (inv, "card");
  const char *set = option_string (inv, "set");
  const char *condition = option_string (inv, "condition");
  const char *finish = option_bool (inv, "foil") ? "foil" : "nonfoil";
  gint64 quantity = option_int (inv, "quantity", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(GPtrArray) printings = NULL;
  g_autofree char *custom_id = NULL;
  const char *name;

  if (query == NULL || *query == '\0')
    return reply_text ("Which card? For example `/dd have add card:Sol Ring`.");
  if (condition == NULL)
    condition = "NM";
  if (dc_condition_from_string (condition) == DC_CONDITION_UNKNOWN)
    return reply_text ("The condition must be one of M, NM, LP, MP, HP or DMG.");
  results = search_cards (inv, query, set, &error);
  if (results == NULL)
    return reply_error (error);
  if (json_array_get_length (results) == 0)
    return reply_no_card (query);

  /* A have is a printing: ask which one unless the name and set leave just one. */
  name = chosen_name (results, query);
  if (name != NULL)
    printings = printings_named (results, name);
  else
    {
      printings = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (results); i++)
        g_ptr_array_add (printings, json_array_get_object_element (results, i));
    }
  if (printings->len == 1)
    return have_add_card (inv, string_member (g_ptr_array_index (printings, 0), "id"), quantity,
                          condition, finish);

  custom_id = have_custom_id (quantity, condition, finish);
  {
    g_autofree char *escaped = escape_markdown (query);
    g_autofree char *content = g_strdup_printf ("Which printing of “%s” do you have?", escaped);

    return reply_new (picker_message (content, custom_id, printings, TRUE));
  }
}

static DcBotReply *
cmd_have_list (Invocation *inv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  JsonArray *items;

  root = dc_bot_api_call (inv->api, "GET", "/have-list", inv->user_id, NULL, &error);
  if (root == NULL)
    return reply_error (error);
  items = array_member (json_node_get_object (root), "items");
  if (items == NULL || json_array_get_length (items) == 0)
    return reply_embed ("Your have list is empty",
                        "Offer cards with `/dd have add`, or in the desktop app.", COLOR_BRAND);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *inventory = object_member (item, "inventory_item");
      JsonObject *card = object_member (inventory, "card");
      g_autofree char *sid = short_id (string_member (item, "id"));
      g_autofree char *escaped = escape_markdown (card ? string_member (card, "name")
                                                       : "(unknown card)");
      g_autofree char *set = g_ascii_strup (card && string_member (card, "set")
                                              ? string_member (card, "set") : "?", -1);
      g_autofree char *price = NULL;
      const char *finish = string_member (inventory, "finish");

      if (string_member (inventory, "unit_price"))
        {
          g_autofree char *money = format_money (string_member (inventory, "unit_price"), "USD");
          price = g_strdup_printf (" · %s", money);
        }
      g_ptr_array_add (lines,
                       g_strdup_printf ("`%s` **%" G_GINT64_FORMAT "× %s** (%s) %s%s%s%s%s",
                                        sid, json_object_get_int_member (item, "quantity"),
                                        escaped, set,
                                        string_member (inventory, "condition")
                                          ? string_member (inventory, "condition") : "",
                                        finish && !g_str_equal (finish, "nonfoil") ? " · " : "",
                                        finish && !g_str_equal (finish, "nonfoil") ? finish : "",
                                        price ? price : "",
                                        json_object_get_boolean_member_with_default (
                                          item, "is_active", TRUE) ? "" : " · paused"));
    }
  title = g_strdup_printf ("Your have list (%u)", json_array_get_length (items));
  return reply_list (title, lines, "Offered for trade on Dualcaster Deals");
}

/* --- /dd matches ---------------------------------------------------------------------- */

/* "2× Counterspell, 1× Sol Ring" from a match's card entries. */
static char *
entries_text (JsonArray *entries)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = entries ? json_array_get_length (entries) : 0;

  for (guint i = 0; i < n && i < 5; i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      JsonObject *card = object_member (entry, "card");
      const char *name = string_member (entry, "name") ? string_member (entry, "name")
                                                       : string_member (card, "name");
      gint64 copies = json_object_get_int_member_with_default (
        entry, "copies", json_object_get_int_member_with_default (entry, "quantity", 1));
      g_autofree char *escaped = escape_markdown (name ? name : "a card");

      g_string_append_printf (text, "%s%" G_GINT64_FORMAT "× %s", text->len ? ", " : "", copies,
                              escaped);
    }
  if (n > 5)
    g_string_append_printf (text, " and %u more", n - 5);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static JsonArray *
matches_of (JsonNode *root)
{
  static const char *names[] = { "matches", "items", "results" };

  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  for (guint i = 0; JSON_NODE_HOLDS_OBJECT (root) && i < G_N_ELEMENTS (names); i++)
    {
      JsonArray *array = array_member (json_node_get_object (root), names[i]);
      if (array != NULL)
        return array;
    }
  return NULL;
}

static DcBotReply *
cmd_matches (Invocation *inv)
{
  const char *scope = option_string (inv, "scope");
  gboolean in_server = g_strcmp0 (scope, "server") == 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  JsonObject *embed, *message;
  JsonArray *matches;
  guint n;

  if (in_server && inv->guild_id == NULL)
    return reply_text ("`/dd matches scope:server` lists partners seen in a Discord server; "
                       "use it inside one.");
  if (in_server)
    path = g_strdup_printf ("/matches?server=%s&limit=%d", inv->guild_id, MATCHES_SHOWN);
  else
    path = g_strdup_printf ("/matches?limit=%d", MATCHES_SHOWN);
  root = dc_bot_api_call (inv->api, "GET", path, inv->user_id, NULL, &error);
  if (root == NULL)
    {
      if (error != NULL && g_strcmp0 (dc_api_error_get_code (error), "route.not_found") == 0)
        return reply_text ("Trade matching is not available on this Dualcaster Deals server "
                           "yet.");
      return reply_error (error);
    }
  matches = matches_of (root);
  n = matches ? json_array_get_length (matches) : 0;
  if (n == 0)
    return reply_embed (in_server ? "No matches in this server yet" : "No matches yet",
                        in_server
                          ? "Nobody seen in this server has cards you want and wants cards you "
                            "have. `/dd matches` looks everywhere."
                          : "Add the cards you want (`/dd want add`) and offer cards "
                            "(`/dd have add`); matches appear when another trader fits both ways.",
                        COLOR_BRAND);

  /* The server may know more matches than it listed. */
  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "total"))
    n = MAX (n, (guint) json_object_get_int_member (json_node_get_object (root), "total"));
  title = g_strdup_printf ("%s (%u)", in_server ? "Your matches in this server" : "Your matches",
                           n);
  embed = embed_new (title, NULL, COLOR_BRAND);
  for (guint i = 0; i < json_array_get_length (matches) && i < MATCHES_SHOWN; i++)
    {
      JsonObject *match = json_array_get_object_element (matches, i);
      JsonObject *user = object_member (match, "user");
      const char *username = string_member (user, "username")
                               ? string_member (user, "username")
                               : string_member (match, "username");
      g_autofree char *escaped = escape_markdown (username ? username : "a trader");
      g_autofree char *get = entries_text (array_member (match, "cards_for_me"));
      g_autofree char *give = entries_text (array_member (match, "cards_for_them"));
      g_autofree char *my_value = format_money (string_member (match, "my_value"), "USD");
      g_autofree char *their_value = format_money (string_member (match, "their_value"), "USD");
      g_autofree char *name = g_strdup_printf ("@%s — %" G_GINT64_FORMAT "%% match%s", escaped,
                                               json_object_get_int_member_with_default (match,
                                                                                        "quality",
                                                                                        0),
                                               json_object_get_boolean_member_with_default (
                                                 match, "is_local", FALSE) ? " · local" : "");
      g_autofree char *value = g_strdup_printf ("You get: %s (%s)\nThey get: %s (%s)",
                                                *get ? get : "—", my_value,
                                                *give ? give : "—", their_value);

      embed_add_field (embed, name, value, FALSE);
    }
  embed_set_footer (embed, "Propose trades in the Dualcaster Deals desktop app");
  message = message_new (NULL);
  message_add_embed (message, embed);
  return reply_new (message);
}

/* --- /dd link, unlink, help ------------------------------------------------------------ */

static DcBotReply *
cmd_link (Invocation *inv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *text = NULL;
  const char *code;

  json_object_set_string_member (body, "discord_user_id", inv->user_id);
  if (inv->username != NULL)
    json_object_set_string_member (body, "username", inv->username);
  body_node = json_node_init_object (json_node_alloc (), body);
  answer = dc_bot_api_call (inv->api, "POST", "/discord/link-codes", NULL, body_node, &error);
  if (answer == NULL)
    {
      if (error != NULL && g_strcmp0 (dc_api_error_get_code (error), "discord.already_linked") == 0)
        {
          JsonObject *details = dc_api_error_get_details (error);
          g_autofree char *escaped = escape_markdown (details ? string_member (details,
                                                                               "username")
                                                              : NULL);

          text = g_strdup_printf ("Your Discord account is already linked to **@%s**. To link "
                                  "another Dualcaster Deals account, run `/dd unlink` first.",
                                  escaped);
          return reply_embed ("Already linked", text, COLOR_BRAND);
        }
      return reply_error (error);
    }
  code = string_member (json_node_get_object (answer), "code");
  expires = g_date_time_new_from_iso8601 (string_member (json_node_get_object (answer),
                                                         "expires_at"), NULL);
  text = g_strdup_printf ("Your link code is **`%s`**\n\n"
                          "In the Dualcaster Deals desktop app open **Settings → Connections → "
                          "Enter a link code** and type it in. It works once and expires "
                          "<t:%" G_GINT64_FORMAT ":R>.\n\nKeep it to yourself: whoever enters "
                          "it gets your Discord account linked to their collection.",
                          code, expires ? g_date_time_to_unix (expires) : (gint64) 0);
  return reply_embed ("Link your Dualcaster Deals account", text, COLOR_BRAND);
}

static DcBotReply *
cmd_unlink (Invocation *inv)
{
  g_autoptr(GError) error = NULL;

  dc_bot_api_call (inv->api, "DELETE", "/oauth/discord", inv->user_id, NULL, &error);
  if (error != NULL)
    {
      if (g_strcmp0 (dc_api_error_get_code (error), "discord.not_linked") == 0)
        return reply_text ("Your Discord account is not linked to a Dualcaster Deals account, "
                           "so there is nothing to unlink.");
      return reply_error (error);
    }
  return reply_embed ("Unlinked",
                      "Your Discord account is no longer linked. The bot cannot see or change "
                      "your collection any more, and you will get no DMs from it.\n\nLink again "
                      "any time with `/dd link`.", COLOR_SUCCESS);
}

static DcBotReply *
cmd_help (Invocation *inv)
{
  JsonObject *message = message_new (NULL);
  JsonObject *embed = embed_new ("Dualcaster Deals",
                                 "Prices, your want and have lists, and trade matches.",
                                 COLOR_BRAND);

  embed_add_field (embed, "Prices",
                   "`/dd price card:<name>` — prices per finish and currency, the 7-day trend "
                   "and how many traders want it", FALSE);
  embed_add_field (embed, "Want list",
                   "`/dd want add card:<name>` — add a card (any printing)\n"
                   "`/dd want list` — your wants with their ids\n"
                   "`/dd want remove id:<id>` — remove one (the 6-character id)", FALSE);
  embed_add_field (embed, "Have list",
                   "`/dd have add card:<name>` — add a printing to your collection and offer it\n"
                   "`/dd have list` — what you offer", FALSE);
  embed_add_field (embed, "Matches",
                   "`/dd matches` — traders who have what you want and want what you have\n"
                   "`/dd matches scope:server` — only traders seen in this server", FALSE);
  embed_add_field (embed, "Your account",
                   "`/dd link` — get a code to link this Discord account in the desktop app\n"
                   "`/dd unlink` — stop the bot acting for you", FALSE);
  embed_set_footer (embed, "Answers about your lists are only visible to you.");
  message_add_embed (message, embed);
  return reply_new (message);
}

/* --- autocomplete and components ------------------------------------------------------- */

static DcBotReply *
autocomplete (Invocation *inv)
{
  const char *typed = inv->focused ? option_string (inv, inv->focused) : NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  DcBotReply *reply = reply_new (NULL);

  reply->choices = json_array_new ();
  if (typed == NULL || g_utf8_strlen (typed, -1) < 2 || g_strcmp0 (inv->focused, "card") != 0)
    return reply;
  results = search_cards (inv, typed, option_string (inv, "set"), NULL);
  for (guint i = 0; results && i < json_array_get_length (results); i++)
    {
      const char *name = string_member (json_array_get_object_element (results, i), "name");
      JsonObject *choice;

      if (name == NULL || g_hash_table_contains (seen, name) || g_utf8_strlen (name, -1) > 100 ||
          json_array_get_length (reply->choices) >= PICKER_MAX)
        continue;
      g_hash_table_add (seen, (gpointer) name);
      choice = json_object_new ();
      json_object_set_string_member (choice, "name", name);
      json_object_set_string_member (choice, "value", name);
      json_array_add_object_element (reply->choices, choice);
    }
  return reply;
}

static DcBotReply *
component (Invocation *inv)
{
  JsonObject *data = object_member (inv->interaction, "data");
  const char *custom_id = string_member (data, "custom_id");
  JsonArray *values = array_member (data, "values");
  const char *value = values && json_array_get_length (values) > 0
                        ? json_array_get_string_element (values, 0) : NULL;
  g_auto(GStrv) parts = custom_id ? g_strsplit (custom_id, ":", -1) : NULL;
  guint n = parts ? g_strv_length (parts) : 0;
  DcBotReply *reply = NULL;

  if (value == NULL || !g_uuid_string_is_valid (value) || n < 2 || !g_str_equal (parts[0], "dd"))
    reply = reply_text ("⚠️ That choice is no longer valid; run the command again.");
  else if (g_str_equal (parts[1], "price"))
    reply = price_of_card (inv, value);
  else if (g_str_equal (parts[1], "want") && n == 4)
    reply = want_add_card (inv, value, g_ascii_strtoll (parts[2], NULL, 10),
                           g_str_equal (parts[3], "-") ? NULL : parts[3]);
  else if (g_str_equal (parts[1], "have") && n == 5)
    reply = have_add_card (inv, value, g_ascii_strtoll (parts[2], NULL, 10), parts[3], parts[4]);
  else
    reply = reply_text ("⚠️ That choice is no longer valid; run the command again.");

  /* The answer replaces the picker. */
  reply->update = TRUE;
  if (!json_object_has_member (reply->message, "content"))
    json_object_set_string_member (reply->message, "content", "");
  json_object_set_array_member (reply->message, "components", json_array_new ());
  return reply;
}

/* --- public API ----------------------------------------------------------------------- */

static gboolean
is_snowflake (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > 20)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static JsonObject *
option_def (int         type,
            const char *name,
            const char *description,
            gboolean    required)
{
  JsonObject *option = json_object_new ();

  json_object_set_int_member (option, "type", type);
  json_object_set_string_member (option, "name", name);
  json_object_set_string_member (option, "description", description);
  if (type != 1 && type != 2)
    json_object_set_boolean_member (option, "required", required);
  return option;
}

static JsonObject *
card_option (void)
{
  JsonObject *option = option_def (3, "card", "The card's name", TRUE);

  json_object_set_boolean_member (option, "autocomplete", TRUE);
  json_object_set_int_member (option, "max_length", 100);
  return option;
}

static JsonObject *
subcommand (const char *name,
            const char *description,
            ...) G_GNUC_NULL_TERMINATED;

static JsonObject *
subcommand (const char *name,
            const char *description,
            ...)
{
  JsonObject *sub = option_def (1, name, description, FALSE);
  JsonArray *options = json_array_new ();
  JsonObject *option;
  va_list args;

  va_start (args, description);
  while ((option = va_arg (args, JsonObject *)) != NULL)
    json_array_add_object_element (options, option);
  va_end (args);
  json_object_set_array_member (sub, "options", options);
  return sub;
}

static JsonObject *
group (const char *name,
       const char *description,
       JsonObject *first,
       ...) G_GNUC_NULL_TERMINATED;

static JsonObject *
group (const char *name,
       const char *description,
       JsonObject *first,
       ...)
{
  JsonObject *grp = option_def (2, name, description, FALSE);
  JsonArray *options = json_array_new ();
  JsonObject *sub;
  va_list args;

  json_array_add_object_element (options, first);
  va_start (args, first);
  while ((sub = va_arg (args, JsonObject *)) != NULL)
    json_array_add_object_element (options, sub);
  va_end (args);
  json_object_set_array_member (grp, "options", options);
  return grp;
}

static JsonObject *
int_option (const char *name,
            const char *description,
            gint64      min,
            gint64      max)
{
  JsonObject *option = option_def (4, name, description, FALSE);

  json_object_set_int_member (option, "min_value", min);
  json_object_set_int_member (option, "max_value", max);
  return option;
}

static JsonObject *
choice (const char *name,
        const char *value)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "value", value);
  return object;
}

JsonNode *
dc_bot_commands_definitions (void)
{
  JsonArray *commands = json_array_new ();
  JsonObject *dd = json_object_new ();
  JsonArray *options = json_array_new ();
  JsonObject *condition = option_def (3, "condition", "Condition (default NM)", FALSE);
  JsonObject *scope = option_def (3, "scope", "Where to look for partners", FALSE);
  JsonArray *conditions = json_array_new ();
  JsonArray *scopes = json_array_new ();
  JsonArray *contexts = json_array_new ();

  json_array_add_object_element (conditions, choice ("Mint", "M"));
  json_array_add_object_element (conditions, choice ("Near Mint", "NM"));
  json_array_add_object_element (conditions, choice ("Lightly Played", "LP"));
  json_array_add_object_element (conditions, choice ("Moderately Played", "MP"));
  json_array_add_object_element (conditions, choice ("Heavily Played", "HP"));
  json_array_add_object_element (conditions, choice ("Damaged", "DMG"));
  json_object_set_array_member (condition, "choices", conditions);
  json_array_add_object_element (scopes, choice ("everywhere", "all"));
  json_array_add_object_element (scopes, choice ("this server", "server"));
  json_object_set_array_member (scope, "choices", scopes);

  json_array_add_object_element (options,
                                 subcommand ("price", "Prices of a card, its trend and demand",
                                             card_option (), NULL));
  json_array_add_object_element (
    options,
    group ("want", "Your want list",
           subcommand ("add", "Add a card you are looking for (any printing)", card_option (),
                       int_option ("quantity", "How many (default 1)", 1, 99),
                       option_def (3, "target_price", "Alert me at or below this price (USD)",
                                   FALSE),
                       NULL),
           subcommand ("list", "Show your want list", NULL),
           subcommand ("remove", "Remove a want by its id",
                       option_def (3, "id", "The id /dd want list shows (6 characters)", TRUE),
                       NULL),
           NULL));
  json_array_add_object_element (
    options,
    group ("have", "Your have list",
           subcommand ("add", "Add a card to your collection and offer it for trade",
                       card_option (),
                       option_def (3, "set", "Set code, such as lea", FALSE),
                       int_option ("quantity", "How many (default 1)", 1, 999),
                       condition,
                       option_def (5, "foil", "Foil copies", FALSE),
                       NULL),
           subcommand ("list", "Show what you offer for trade", NULL),
           NULL));
  json_array_add_object_element (options,
                                 subcommand ("matches", "Traders to trade with, both ways",
                                             scope, NULL));
  json_array_add_object_element (options,
                                 subcommand ("link", "Link this Discord account to Dualcaster "
                                             "Deals", NULL));
  json_array_add_object_element (options,
                                 subcommand ("unlink", "Unlink this Discord account", NULL));
  json_array_add_object_element (options, subcommand ("help", "What the bot can do", NULL));

  json_object_set_string_member (dd, "name", "dd");
  json_object_set_string_member (dd, "description",
                                 "Dualcaster Deals: card prices, want and have lists, trades");
  json_object_set_int_member (dd, "type", 1);
  /* Guilds and DMs with the bot. */
  json_array_add_int_element (contexts, 0);
  json_array_add_int_element (contexts, 1);
  json_object_set_array_member (dd, "contexts", contexts);
  json_object_set_array_member (dd, "options", options);
  json_array_add_object_element (commands, dd);
  return json_node_init_array (json_node_alloc (), commands);
}

gboolean
dc_bot_commands_is_ephemeral (JsonObject *interaction)
{
  g_auto(Invocation) inv = { 0 };

  if (json_object_get_int_member_with_default (interaction, "type", 0) !=
      DC_INTERACTION_APPLICATION_COMMAND)
    return FALSE;
  invocation_init (&inv, NULL, interaction);
  /* A price is worth sharing with the channel; everything about you is for you. */
  return !invocation_is (&inv, "price", NULL);
}

DcBotReply *
dc_bot_commands_run (DcBotApi   *api,
                     JsonObject *interaction)
{
  g_auto(Invocation) inv = { 0 };
  JsonObject *data = object_member (interaction, "data");
  gint64 type = json_object_get_int_member_with_default (interaction, "type", 0);

  invocation_init (&inv, api, interaction);
  if (!is_snowflake (inv.user_id))
    return reply_text ("⚠️ Discord did not say who you are; try again.");
  if (type == DC_INTERACTION_MESSAGE_COMPONENT)
    return component (&inv);
  if (g_strcmp0 (string_member (data, "name"), "dd") != 0)
    return reply_text ("⚠️ Unknown command.");
  if (type == DC_INTERACTION_AUTOCOMPLETE)
    return autocomplete (&inv);

  if (invocation_is (&inv, "price", NULL))
    return cmd_price (&inv);
  if (invocation_is (&inv, "want", "add"))
    return cmd_want_add (&inv);
  if (invocation_is (&inv, "want", "list"))
    return cmd_want_list (&inv);
  if (invocation_is (&inv, "want", "remove"))
    return cmd_want_remove (&inv);
  if (invocation_is (&inv, "have", "add"))
    return cmd_have_add (&inv);
  if (invocation_is (&inv, "have", "list"))
    return cmd_have_list (&inv);
  if (invocation_is (&inv, "matches", NULL))
    return cmd_matches (&inv);
  if (invocation_is (&inv, "link", NULL))
    return cmd_link (&inv);
  if (invocation_is (&inv, "unlink", NULL))
    return cmd_unlink (&inv);
  if (invocation_is (&inv, "help", NULL))
    return cmd_help (&inv);
  return reply_text ("⚠️ Unknown command. `/dd help` lists what the bot can do.");
}
