/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "dc-common.h"

#define FINISH(f) (1u << (f))

/* Kitsune Mystic (CHK 28), a genuine Scryfall object for layout "flip": the demo file has no
 * flip card. It is Scryfall API output for card f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934 as
 * captured (before Scryfall added `finishes` and `usd_etched`) in a public project's test
 * fixture; members this test does not read were removed, none was edited. */
static const char kitsune_mystic[] =
  "{\"object\":\"card\",\"id\":\"f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934\","
  "\"oracle_id\":\"b269770d-2b48-4314-a1b8-0d79beb879a3\",\"multiverse_ids\":[78695],"
  "\"mtgo_id\":21239,\"mtgo_foil_id\":21240,\"tcgplayer_id\":12067,\"cardmarket_id\":12086,"
  "\"name\":\"Kitsune Mystic // Autumn-Tail, Kitsune Sage\",\"lang\":\"en\","
  "\"released_at\":\"2004-10-01\",\"layout\":\"flip\",\"highres_image\":true,"
  "\"image_uris\":{"
  "\"small\":\"https://c1.scryfall.com/file/scryfall-cards/small/front/f/2/"
  "f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934.jpg?1562765664\","
  "\"normal\":\"https://c1.scryfall.com/file/scryfall-cards/normal/front/f/2/"
  "f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934.jpg?1562765664\","
  "\"large\":\"https://c1.scryfall.com/file/scryfall-cards/large/front/f/2/"
  "f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934.jpg?1562765664\","
  "\"png\":\"https://c1.scryfall.com/file/scryfall-cards/png/front/f/2/"
  "f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934.png?1562765664\","
  "\"art_crop\":\"https://c1.scryfall.com/file/scryfall-cards/art_crop/front/f/2/"
  "f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934.jpg?1562765664\","
  "\"border_crop\":\"https://c1.scryfall.com/file/scryfall-cards/border_crop/front/f/2/"
  "f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934.jpg?1562765664\"},"
  "\"mana_cost\":\"{3}{W}\",\"cmc\":4.0,"
  "\"type_line\":\"Creature — Fox Wizard // Legendary Creature — Fox Wizard\","
  "\"power\":\"2\",\"toughness\":\"3\",\"colors\":[\"W\"],\"color_identity\":[\"W\"],"
  "\"keywords\":[],"
  "\"card_faces\":[{\"object\":\"card_face\",\"name\":\"Kitsune Mystic\","
  "\"mana_cost\":\"{3}{W}\",\"type_line\":\"Creature — Fox Wizard\","
  "\"oracle_text\":\"At the beginning of the end step, if Kitsune Mystic is enchanted by two "
  "or more Auras, flip it.\",\"power\":\"2\",\"toughness\":\"3\",\"artist\":\"Jim Murray\","
  "\"artist_id\":\"1c906f9b-5bbe-4643-8f5c-90eb1c7f0c43\","
  "\"illustration_id\":\"82ab75e1-da49-4252-9ae7-00df976acf39\"},"
  "{\"object\":\"card_face\",\"name\":\"Autumn-Tail, Kitsune Sage\",\"mana_cost\":\"\","
  "\"type_line\":\"Legendary Creature — Fox Wizard\","
  "\"oracle_text\":\"{1}: Attach target Aura attached to a creature to another creature.\","
  "\"power\":\"4\",\"toughness\":\"5\",\"artist\":\"Jim Murray\","
  "\"artist_id\":\"1c906f9b-5bbe-4643-8f5c-90eb1c7f0c43\"}],"
  "\"legalities\":{\"standard\":\"not_legal\",\"modern\":\"legal\",\"legacy\":\"legal\","
  "\"vintage\":\"legal\",\"commander\":\"legal\"},"
  "\"games\":[\"paper\",\"mtgo\"],\"reserved\":false,\"foil\":true,\"nonfoil\":true,"
  "\"oversized\":false,\"promo\":false,\"reprint\":false,\"variation\":false,\"set\":\"chk\","
  "\"set_name\":\"Champions of Kamigawa\",\"set_type\":\"expansion\","
  "\"collector_number\":\"28\",\"digital\":false,\"rarity\":\"rare\","
  "\"prices\":{\"usd\":\"0.48\",\"usd_foil\":\"1.99\",\"eur\":\"0.09\",\"eur_foil\":\"0.49\","
  "\"tix\":\"0.01\"}}";

/* Checked by hand against the demo file with jq (see each test); the real figures. */
#define DEMO_CARD_COUNT 6910
/* zcat data/demo/cards.jsonl.gz | jq -s 'map(select(.prices.usd != null)) | length' */
#define DEMO_USD_COUNT 6232
/* zcat data/demo/cards.jsonl.gz \
 *   | jq -s '[.[].prices.usd|strings|split(".")|(.[0]|tonumber)*100 + (.[1]|tonumber)]|add'
 * (integer cents, no floating point on either side) */
#define DEMO_USD_SUM_MINOR G_GINT64_CONSTANT (1489141)
/* zcat data/demo/cards.jsonl.gz | jq -s '[.[] | select(.card_faces != null)] | length' */
#define DEMO_MULTI_FACE_COUNT 409

static char *
data_path (const char *env,
           const char *fallback,
           const char *name)
{
  const char *dir = g_getenv (env);

  if (dir != NULL)
    return g_build_filename (dir, name, NULL);
  return g_build_filename (DC_SOURCE_DIR, fallback, name, NULL);
}

static GDataInputStream *
open_gzip_lines (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, &error);
  g_autoptr(GZlibDecompressor) gunzip = NULL;
  g_autoptr(GInputStream) text = NULL;
  GDataInputStream *lines;

  g_assert_no_error (error);
  gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  text = g_converter_input_stream_new (G_INPUT_STREAM (raw), G_CONVERTER (gunzip));
  lines = g_data_input_stream_new (text);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 1 << 16);
  return lines;
}

/* Every line of the demo catalog, in file order; read once for the whole program. */
static GPtrArray *demo_lines_cache;

static GPtrArray *
demo_lines (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  if (demo_lines_cache != NULL)
    return demo_lines_cache;

  path = data_path ("DC_DEMO_DATA", "data/demo", "cards.jsonl.gz");
  lines = open_gzip_lines (path);
  demo_lines_cache = g_ptr_array_new_with_free_func (g_free);
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    g_ptr_array_add (demo_lines_cache, line);
  g_assert_no_error (error);
  return demo_lines_cache;
}

/* A whole gzip'd file, such as a Scryfall search page. */
static char *
read_gzip_file (const char *path)
{
  g_autoptr(GDataInputStream) stream = open_gzip_lines (path);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (memory, G_INPUT_STREAM (stream),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
}

/* The demo card with Scryfall id @id. A line can name other cards' ids too (meld parts,
 * all_parts), so the parsed id is what decides. */
static DcCard *
demo_card (const char *id)
{
  GPtrArray *lines = demo_lines ();

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autoptr(DcCard) card = NULL;
      g_autoptr(GError) error = NULL;

      if (strstr (line, id) == NULL)
        continue;
      card = dc_card_parse_scryfall_line (line, -1, &error);
      g_assert_no_error (error);
      if (g_strcmp0 (card->id, id) == 0)
        return g_steal_pointer (&card);
    }
  g_error ("card %s is not in the demo file", id);
}

static void
assert_price (const DcCard *card,
              DcFinish      finish,
              const char   *currency,
              const char   *source,
              gint64        amount_minor)
{
  const DcCardPrice *price = dc_card_get_price (card, finish, currency);

  g_assert_nonnull (price);
  g_assert_cmpstr (price->source, ==, source);
  g_assert_cmpint (price->amount_minor, ==, amount_minor);
}

static const DcCardFace *
face (const DcCard *card,
      guint         i)
{
  g_assert_cmpuint (i, <, card->faces->len);
  return g_ptr_array_index (card->faces, i);
}

static char *
to_json_text (const DcCard *card)
{
  g_autoptr(JsonNode) node = dc_card_to_json (card);

  return json_to_string (node, FALSE);
}

static void
test_normal (void)
{
  /* Cabal Coffers, MH2 301: one of the few printings with all three finishes and all six
   * prices stated. */
  g_autoptr(DcCard) card = demo_card ("e1efb0d3-2c72-46ff-bdc1-1069967365a0");

  g_assert_cmpstr (card->name, ==, "Cabal Coffers");
  g_assert_null (card->printed_name);
  g_assert_cmpstr (card->oracle_id, ==, "7358e164-5704-4e78-9b21-6a9bf2a968ce");
  g_assert_cmpstr (card->lang, ==, "en");
  g_assert_cmpstr (card->set_code, ==, "mh2");
  g_assert_cmpstr (card->set_name, ==, "Modern Horizons 2");
  g_assert_cmpstr (card->collector_number, ==, "301");
  g_assert_cmpstr (card->rarity, ==, "mythic");
  g_assert_cmpstr (card->layout, ==, "normal");
  g_assert_cmpstr (card->mana_cost, ==, "");
  g_assert_cmpstr (card->type_line, ==, "Land");
  g_assert_cmpstr (card->oracle_text, ==, "{2}, {T}: Add {B} for each Swamp you control.");
  g_assert_cmpstr (card->released_at, ==, "2021-06-18");
  g_assert_nonnull (card->colors);
  g_assert_cmpuint (g_strv_length (card->colors), ==, 0);
  g_assert_cmpstr (card->image_normal, ==,
                   "https://cards.scryfall.io/normal/front/e/1/"
                   "e1efb0d3-2c72-46ff-bdc1-1069967365a0.jpg?1626101023");
  g_assert_cmpstr (card->image_art_crop, ==,
                   "https://cards.scryfall.io/art_crop/front/e/1/"
                   "e1efb0d3-2c72-46ff-bdc1-1069967365a0.jpg?1626101023");
  g_assert_cmpuint (card->faces->len, ==, 0);
  g_assert_cmpuint (card->finishes, ==,
                    FINISH (DC_FINISH_NONFOIL) | FINISH (DC_FINISH_FOIL)
                    | FINISH (DC_FINISH_ETCHED));
  g_assert_true (dc_card_has_finish (card, DC_FINISH_ETCHED));
  g_assert_false (dc_card_has_finish (card, DC_FINISH_UNKNOWN));
  g_assert_cmpint (card->tcgplayer_id, ==, 239396);
  g_assert_cmpint (card->cardmarket_id, ==, 565741);
  g_assert_cmpstr (json_object_get_string_member (card->legalities, "modern"), ==, "legal");
  g_assert_cmpstr (json_object_get_string_member (card->legalities, "standard"), ==,
                   "not_legal");

  /* "29.84", "34.90", "33.56", "17.73", "22.44", "0.09" */
  g_assert_cmpuint (card->prices->len, ==, 6);
  assert_price (card, DC_FINISH_NONFOIL, "USD", "tcgplayer", 2984);
  assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", 3490);
  assert_price (card, DC_FINISH_ETCHED, "USD", "tcgplayer", 3356);
  assert_price (card, DC_FINISH_NONFOIL, "EUR", "cardmarket", 1773);
  assert_price (card, DC_FINISH_FOIL, "EUR", "cardmarket", 2244);
  assert_price (card, DC_FINISH_NONFOIL, "TIX", "cardhoarder", 9);
  g_assert_null (dc_card_get_price (card, DC_FINISH_ETCHED, "EUR"));
}

static void
test_big_price (void)
{
  /* Traveling Chocobo, FIN 551: foil only, "usd_foil": "3748.60" */
  g_autoptr(DcCard) card = demo_card ("71b97e69-f198-41ec-9385-015ec2f0160f");

  g_assert_cmpuint (card->finishes, ==, FINISH (DC_FINISH_FOIL));
  g_assert_cmpuint (card->prices->len, ==, 1);
  assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", 374860);
  g_assert_null (dc_card_get_price (card, DC_FINISH_NONFOIL, "USD"));
}

static void
test_transform (void)
{
  /* Sephiroth, FIN 115: no top-level image, mana cost, oracle text or colours. */
  g_autoptr(DcCard) card = demo_card ("85eaf5e7-77dc-4842-a70c-ce4ac7f724df");

  g_assert_cmpstr (card->name, ==, "Sephiroth, Fabled SOLDIER // Sephiroth, One-Winged Angel");
  g_assert_cmpstr (card->layout, ==, "transform");
  g_assert_cmpuint (card->faces->len, ==, 2);
  g_assert_cmpstr (face (card, 0)->name, ==, "Sephiroth, Fabled SOLDIER");
  g_assert_cmpstr (face (card, 1)->name, ==, "Sephiroth, One-Winged Angel");
  g_assert_cmpstr (face (card, 1)->mana_cost, ==, "");

  /* The front face's image stands for the card; each face keeps its own. */
  g_assert_cmpstr (card->image_normal, ==,
                   "https://cards.scryfall.io/normal/front/8/5/"
                   "85eaf5e7-77dc-4842-a70c-ce4ac7f724df.jpg?1748707811");
  g_assert_cmpstr (card->image_normal, ==, face (card, 0)->image_normal);
  g_assert_cmpstr (face (card, 1)->image_normal, ==,
                   "https://cards.scryfall.io/normal/back/8/5/"
                   "85eaf5e7-77dc-4842-a70c-ce4ac7f724df.jpg?1748707811");

  /* The back face has no cost of its own: the card costs what its front costs. */
  g_assert_cmpstr (card->mana_cost, ==, "{2}{B}");
  g_assert_cmpstr (card->type_line, ==,
                   "Legendary Creature — Human Avatar Soldier // "
                   "Legendary Creature — Angel Nightmare Avatar");
  g_assert_true (g_str_has_prefix (card->oracle_text, "Whenever Sephiroth enters or attacks"));
  g_assert_nonnull (strstr (card->oracle_text,
                            "transform Sephiroth. // Flying\nSuper Nova — As this creature"));
  g_assert_cmpstrv (card->colors, ((const char * const[]) { "B", NULL }));
  g_assert_cmpstr (card->oracle_id, ==, "70113003-be5e-406a-9aec-cb480468c36d");

  g_assert_cmpuint (card->finishes, ==, FINISH (DC_FINISH_NONFOIL) | FINISH (DC_FINISH_FOIL));
  /* "30.98", "31.94", null, "24.89", "31.73", "0.92" */
  g_assert_cmpuint (card->prices->len, ==, 5);
  assert_price (card, DC_FINISH_NONFOIL, "USD", "tcgplayer", 3098);
  assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", 3194);
  assert_price (card, DC_FINISH_NONFOIL, "EUR", "cardmarket", 2489);
  assert_price (card, DC_FINISH_FOIL, "EUR", "cardmarket", 3173);
  assert_price (card, DC_FINISH_NONFOIL, "TIX", "cardhoarder", 92);
  g_assert_null (dc_card_get_price (card, DC_FINISH_ETCHED, "USD"));
}

static void
test_modal_dfc (void)
{
  /* Halvar, God of Battle // Sword of the Realms, KHM 15: both faces castable. */
  g_autoptr(DcCard) card = demo_card ("97502411-5c93-434c-b77b-ceb2c32feae7");

  g_assert_cmpstr (card->name, ==, "Halvar, God of Battle // Sword of the Realms");
  g_assert_cmpstr (card->layout, ==, "modal_dfc");
  g_assert_cmpuint (card->faces->len, ==, 2);
  g_assert_cmpstr (face (card, 0)->name, ==, "Halvar, God of Battle");
  g_assert_cmpstr (face (card, 1)->name, ==, "Sword of the Realms");
  g_assert_cmpstr (card->mana_cost, ==, "{2}{W}{W} // {1}{W}");
  g_assert_cmpstr (card->type_line, ==,
                   "Legendary Creature — God // Legendary Artifact — Equipment");
  g_assert_true (g_str_has_suffix (card->oracle_text,
                                   "target creature you control. // Equipped creature gets +2/+0 "
                                   "and has vigilance.\nWhenever equipped creature dies, return "
                                   "it to its owner's hand.\nEquip {1}{W}"));
  g_assert_cmpstrv (card->colors, ((const char * const[]) { "W", NULL }));
  g_assert_cmpstr (card->image_large, ==,
                   "https://cards.scryfall.io/large/front/9/7/"
                   "97502411-5c93-434c-b77b-ceb2c32feae7.jpg?1631045832");
  g_assert_cmpstr (face (card, 1)->image_small, ==,
                   "https://cards.scryfall.io/small/back/9/7/"
                   "97502411-5c93-434c-b77b-ceb2c32feae7.jpg?1631045832");

  g_assert_cmpuint (card->finishes, ==, FINISH (DC_FINISH_NONFOIL) | FINISH (DC_FINISH_FOIL));
  /* "27.35", "31.59", null, "18.30", "25.67", "0.02" */
  assert_price (card, DC_FINISH_NONFOIL, "USD", "tcgplayer", 2735);
  assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", 3159);
  assert_price (card, DC_FINISH_NONFOIL, "EUR", "cardmarket", 1830);
  assert_price (card, DC_FINISH_FOIL, "EUR", "cardmarket", 2567);
  assert_price (card, DC_FINISH_NONFOIL, "TIX", "cardhoarder", 2);
  g_assert_cmpuint (card->prices->len, ==, 5);
}

static void
test_adventure (void)
{
  /* Merfolk Secretkeeper // Venture Deeper, ELD 53: one image for both halves. */
  g_autoptr(DcCard) card = demo_card ("ceb7308d-608c-4ede-9496-d795fc5bb271");

  g_assert_cmpstr (card->name, ==, "Merfolk Secretkeeper // Venture Deeper");
  g_assert_cmpstr (card->layout, ==, "adventure");
  g_assert_cmpuint (card->faces->len, ==, 2);
  g_assert_cmpstr (face (card, 0)->name, ==, "Merfolk Secretkeeper");
  g_assert_cmpstr (face (card, 1)->name, ==, "Venture Deeper");
  g_assert_null (face (card, 0)->image_normal);
  g_assert_null (face (card, 1)->image_normal);
  g_assert_cmpstr (card->image_normal, ==,
                   "https://cards.scryfall.io/normal/front/c/e/"
                   "ceb7308d-608c-4ede-9496-d795fc5bb271.jpg?1572489928");
  g_assert_cmpstr (card->mana_cost, ==, "{U} // {U}");
  g_assert_cmpstr (card->type_line, ==, "Creature — Merfolk Wizard // Sorcery — Adventure");
  /* The creature half has no rules text (""); only the adventure's remains. */
  g_assert_cmpstr (face (card, 0)->oracle_text, ==, "");
  g_assert_cmpstr (card->oracle_text, ==,
                   "Target player mills four cards. (Then exile this card. You may cast the "
                   "creature later from exile.)");
  g_assert_cmpstrv (card->colors, ((const char * const[]) { "U", NULL }));

  /* "0.24", "0.25", null, "0.02", "0.44", "0.03" */
  assert_price (card, DC_FINISH_NONFOIL, "USD", "tcgplayer", 24);
  assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", 25);
  assert_price (card, DC_FINISH_NONFOIL, "EUR", "cardmarket", 2);
  assert_price (card, DC_FINISH_FOIL, "EUR", "cardmarket", 44);
  assert_price (card, DC_FINISH_NONFOIL, "TIX", "cardhoarder", 3);
  g_assert_cmpuint (card->prices->len, ==, 5);
}

static void
test_split (void)
{
  /* Cease // Desist, MKM 246 */
  g_autoptr(DcCard) card = demo_card ("cb59130a-a134-4383-b983-e4b526d11fb4");

  g_assert_cmpstr (card->name, ==, "Cease // Desist");
  g_assert_cmpstr (card->layout, ==, "split");
  g_assert_cmpuint (card->faces->len, ==, 2);
  g_assert_cmpstr (face (card, 0)->name, ==, "Cease");
  g_assert_cmpstr (face (card, 1)->name, ==, "Desist");
  g_assert_cmpstr (face (card, 1)->mana_cost, ==, "{4}{G/W}{G/W}");
  g_assert_null (face (card, 0)->image_large);
  g_assert_cmpstr (card->image_small, ==,
                   "https://cards.scryfall.io/small/front/c/b/"
                   "cb59130a-a134-4383-b983-e4b526d11fb4.jpg?1706242296");
  g_assert_cmpstr (card->mana_cost, ==, "{1}{B/G} // {4}{G/W}{G/W}");
  g_assert_cmpstr (card->type_line, ==, "Instant // Sorcery");
  g_assert_cmpstr (card->oracle_text, ==,
                   "Exile up to two target cards from a single graveyard. Target player gains 2 "
                   "life and draws a card. // Destroy all artifacts and enchantments.");
  g_assert_cmpstrv (card->colors, ((const char * const[]) { "B", "G", "W", NULL }));

  /* "0.10", "0.21", null, "0.09", "0.21", "0.01" */
  assert_price (card, DC_FINISH_NONFOIL, "USD", "tcgplayer", 10);
  assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", 21);
  assert_price (card, DC_FINISH_NONFOIL, "EUR", "cardmarket", 9);
  assert_price (card, DC_FINISH_FOIL, "EUR", "cardmarket", 21);
  assert_price (card, DC_FINISH_NONFOIL, "TIX", "cardhoarder", 1);
}

static void
test_flip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcCard) card = dc_card_parse_scryfall_line (kitsune_mystic, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (card->name, ==, "Kitsune Mystic // Autumn-Tail, Kitsune Sage");
  g_assert_cmpstr (card->layout, ==, "flip");
  g_assert_cmpuint (card->faces->len, ==, 2);
  g_assert_cmpstr (face (card, 0)->name, ==, "Kitsune Mystic");
  g_assert_cmpstr (face (card, 1)->name, ==, "Autumn-Tail, Kitsune Sage");
  g_assert_null (face (card, 1)->image_normal);
  g_assert_cmpstr (card->image_normal, ==,
                   "https://c1.scryfall.com/file/scryfall-cards/normal/front/f/2/"
                   "f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934.jpg?1562765664");
  g_assert_cmpstr (card->mana_cost, ==, "{3}{W}");
  g_assert_cmpstr (card->oracle_text, ==,
                   "At the beginning of the end step, if Kitsune Mystic is enchanted by two or "
                   "more Auras, flip it. // {1}: Attach target Aura attached to a creature to "
                   "another creature.");
  g_assert_cmpstrv (card->colors, ((const char * const[]) { "W", NULL }));
  g_assert_cmpint (card->tcgplayer_id, ==, 12067);
  g_assert_cmpint (card->cardmarket_id, ==, 12086);

  /* No `finishes` in this older object: "foil": true, "nonfoil": true. */
  g_assert_cmpuint (card->finishes, ==, FINISH (DC_FINISH_NONFOIL) | FINISH (DC_FINISH_FOIL));
  /* "0.48", "1.99", "0.09", "0.49", "0.01"; no usd_etched member at all */
  g_assert_cmpuint (card->prices->len, ==, 5);
  assert_price (card, DC_FINISH_NONFOIL, "USD", "tcgplayer", 48);
  assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", 199);
  assert_price (card, DC_FINISH_NONFOIL, "EUR", "cardmarket", 9);
  assert_price (card, DC_FINISH_FOIL, "EUR", "cardmarket", 49);
  assert_price (card, DC_FINISH_NONFOIL, "TIX", "cardhoarder", 1);
}

static void
test_meld (void)
{
  /* Meld cards are separate printings without faces: Fang (FIN 446) is a front, Ragnarok
   * (FIN 99b) the melded back, with no mana cost and no price. */
  g_autoptr(DcCard) fang = demo_card ("b82f08c2-3944-437d-9af6-f1e9088e02bb");
  g_autoptr(DcCard) ragnarok = demo_card ("01c5bafe-c995-4cef-90fb-7ccb95858511");

  g_assert_cmpstr (fang->name, ==, "Fang, Fearless l'Cie");
  g_assert_cmpstr (fang->layout, ==, "meld");
  g_assert_cmpuint (fang->faces->len, ==, 0);
  g_assert_cmpstr (fang->mana_cost, ==, "{2}{B}");
  g_assert_cmpstr (fang->image_normal, ==,
                   "https://cards.scryfall.io/normal/front/b/8/"
                   "b82f08c2-3944-437d-9af6-f1e9088e02bb.jpg?1746909666");
  g_assert_cmpint (fang->tcgplayer_id, ==, 630978);
  g_assert_cmpint (fang->cardmarket_id, ==, 0);
  /* "0.85", "13.76", the rest null */
  g_assert_cmpuint (fang->prices->len, ==, 2);
  assert_price (fang, DC_FINISH_NONFOIL, "USD", "tcgplayer", 85);
  assert_price (fang, DC_FINISH_FOIL, "USD", "tcgplayer", 1376);

  g_assert_cmpstr (ragnarok->name, ==, "Ragnarok, Divine Deliverance");
  g_assert_cmpstr (ragnarok->collector_number, ==, "99b");
  g_assert_cmpuint (ragnarok->faces->len, ==, 0);
  g_assert_cmpstr (ragnarok->mana_cost, ==, "");
  g_assert_cmpstrv (ragnarok->colors, ((const char * const[]) { "B", "G", NULL }));
  g_assert_cmpuint (ragnarok->prices->len, ==, 0);
  g_assert_cmpuint (ragnarok->finishes, ==, FINISH (DC_FINISH_NONFOIL) | FINISH (DC_FINISH_FOIL));
}

static void
test_reversible (void)
{
  /* Zndrsplt, Eye of Wisdom, SLD 379: no top-level oracle_id, type line, cost, text,
   * colours or image; everything is on the two faces. */
  g_autoptr(DcCard) card = demo_card ("d5dfd236-b1da-4552-b94f-ebf6bb9dafdf");

  g_assert_cmpstr (card->name, ==, "Zndrsplt, Eye of Wisdom // Zndrsplt, Eye of Wisdom");
  g_assert_cmpstr (card->layout, ==, "reversible_card");
  g_assert_cmpstr (card->oracle_id, ==, "502849a6-8e65-40f3-b348-a41c4f939768");
  g_assert_cmpuint (card->faces->len, ==, 2);
  g_assert_cmpstr (face (card, 0)->name, ==, "Zndrsplt, Eye of Wisdom");
  g_assert_cmpstr (face (card, 1)->name, ==, "Zndrsplt, Eye of Wisdom");
  g_assert_cmpstr (card->type_line, ==,
                   "Legendary Creature — Homunculus // Legendary Creature — Homunculus");
  g_assert_cmpstr (card->mana_cost, ==, "{4}{U} // {4}{U}");
  g_assert_cmpstrv (card->colors, ((const char * const[]) { "U", NULL }));
  g_assert_cmpstr (card->image_normal, ==,
                   "https://cards.scryfall.io/normal/front/d/5/"
                   "d5dfd236-b1da-4552-b94f-ebf6bb9dafdf.jpg?1670031689");
  g_assert_cmpstr (face (card, 1)->image_normal, ==,
                   "https://cards.scryfall.io/normal/back/d/5/"
                   "d5dfd236-b1da-4552-b94f-ebf6bb9dafdf.jpg?1670031689");

  g_assert_cmpuint (card->finishes, ==, FINISH (DC_FINISH_FOIL));
  /* null, "21.48", null, null, "31.62", null */
  g_assert_cmpuint (card->prices->len, ==, 2);
  assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", 2148);
  assert_price (card, DC_FINISH_FOIL, "EUR", "cardmarket", 3162);
  g_assert_null (dc_card_get_price (card, DC_FINISH_NONFOIL, "USD"));
}

static void
test_non_english (void)
{
  /* Karn, the Great Creator, WAR 1★, Japanese */
  g_autoptr(DcCard) karn = demo_card ("9b572739-0a10-4af0-9014-dd81b67b3dbb");
  /* Alrund, God of the Cosmos, KHM 40, German: printed names are on the faces only */
  g_autoptr(DcCard) alrund = demo_card ("8756d968-c75b-4d2b-b188-a39643d8e1e2");

  g_assert_cmpstr (karn->name, ==, "Karn, the Great Creator");
  g_assert_cmpstr (karn->printed_name, ==, "大いなる創造者、カーン");
  g_assert_cmpstr (karn->lang, ==, "ja");
  g_assert_cmpstr (karn->collector_number, ==, "1★");
  g_assert_cmpstr (karn->type_line, ==, "Legendary Planeswalker — Karn");
  /* "7.35", "131.23", null, "6.47", "106.64", null */
  g_assert_cmpuint (karn->prices->len, ==, 4);
  assert_price (karn, DC_FINISH_NONFOIL, "USD", "tcgplayer", 735);
  assert_price (karn, DC_FINISH_FOIL, "USD", "tcgplayer", 13123);
  assert_price (karn, DC_FINISH_NONFOIL, "EUR", "cardmarket", 647);
  assert_price (karn, DC_FINISH_FOIL, "EUR", "cardmarket", 10664);
  g_assert_null (dc_card_get_price (karn, DC_FINISH_NONFOIL, "TIX"));

  g_assert_cmpstr (alrund->lang, ==, "de");
  g_assert_cmpstr (alrund->name, ==, "Alrund, God of the Cosmos // Hakka, Whispering Raven");
  g_assert_cmpstr (face (alrund, 0)->printed_name, ==, "Alrund, Gott des Kosmos");
  g_assert_cmpstr (face (alrund, 1)->printed_name, ==, "Hakka, flüsternder Rabe");
  g_assert_cmpstr (alrund->printed_name, ==,
                   "Alrund, Gott des Kosmos // Hakka, flüsternder Rabe");
  g_assert_cmpuint (alrund->prices->len, ==, 0);
}

static void
test_finishes_fallback (void)
{
  /* Scab-Clan Mauler, GK2 99, German: from before `finishes`; "foil": false,
   * "nonfoil": true, and every price null. */
  g_autoptr(DcCard) card = demo_card ("3dd35a32-a197-4f4a-b0e3-413c1a5434db");

  g_assert_cmpstr (card->printed_name, ==, "Malmer aus dem Schorf-Clan");
  g_assert_cmpuint (card->finishes, ==, FINISH (DC_FINISH_NONFOIL));
  g_assert_false (dc_card_has_finish (card, DC_FINISH_FOIL));
  g_assert_cmpuint (card->prices->len, ==, 0);
  g_assert_cmpint (card->tcgplayer_id, ==, 0);
  g_assert_cmpstr (card->image_normal, ==,
                   "https://img.scryfall.com/cards/normal/front/3/d/"
                   "3dd35a32-a197-4f4a-b0e3-413c1a5434db.jpg?1551143368");
}

/* Parses @line, changes one thing with @edit, and expects @code. */
static void
assert_edited_fails (const char *line,
                     void      (*edit) (JsonObject *object),
                     int         code)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DcCard) card = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  edit (object);
  card = dc_card_new_from_scryfall (object, &error);
  g_assert_error (error, DC_CARD_ERROR, code);
  g_assert_null (card);
}

static void
remove_id (JsonObject *object)
{
  json_object_remove_member (object, "id");
}

static void
remove_name (JsonObject *object)
{
  json_object_remove_member (object, "name");
}

static void
remove_set (JsonObject *object)
{
  json_object_remove_member (object, "set");
}

static void
id_not_uuid (JsonObject *object)
{
  json_object_set_string_member (object, "id", "lightning-bolt");
}

static void
name_is_number (JsonObject *object)
{
  json_object_set_int_member (object, "name", 42);
}

static void
faces_not_array (JsonObject *object)
{
  json_object_set_string_member (object, "card_faces", "Delver // Aberration");
}

static void
price_three_decimals (JsonObject *object)
{
  json_object_set_string_member (json_object_get_object_member (object, "prices"), "usd",
                                 "0.255");
}

static void
price_comma (JsonObject *object)
{
  json_object_set_string_member (json_object_get_object_member (object, "prices"), "eur",
                                 "1,25");
}

static void
price_negative (JsonObject *object)
{
  json_object_set_string_member (json_object_get_object_member (object, "prices"), "tix",
                                 "-0.02");
}

static void
price_number (JsonObject *object)
{
  json_object_set_double_member (json_object_get_object_member (object, "prices"), "usd", 0.25);
}

static void
test_invalid (void)
{
  static const struct { const char *text; int code; } lines[] = {
    { "", DC_CARD_ERROR_PARSE },
    { "   \n", DC_CARD_ERROR_PARSE },
    { "not json", DC_CARD_ERROR_PARSE },
    { "{\"object\":\"card\",\"id\":", DC_CARD_ERROR_PARSE },
    { "[", DC_CARD_ERROR_PARSE },
    { "[{\"object\":\"card\"}]", DC_CARD_ERROR_INVALID },
    { "\"Lightning Bolt\"", DC_CARD_ERROR_INVALID },
    { "{}", DC_CARD_ERROR_INVALID },
    { "{\"object\":\"card\",\"name\":\"Lightning Bolt\",\"set\":\"lea\"}", DC_CARD_ERROR_INVALID },
  };
  GPtrArray *demo = demo_lines ();
  /* Cabal Coffers: every price stated, so each price edit below hits a real member. */
  const char *coffers = NULL;
  g_autofree char *path = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcCard) card = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) line_error = NULL;
      g_autoptr(DcCard) line_card = dc_card_parse_scryfall_line (lines[i].text, -1, &line_error);

      g_assert_null (line_card);
      g_assert_error (line_error, DC_CARD_ERROR, lines[i].code);
    }

  for (guint i = 0; i < demo->len && coffers == NULL; i++)
    if (strstr (g_ptr_array_index (demo, i), "\"id\":\"e1efb0d3-2c72-46ff-bdc1-1069967365a0\""))
      coffers = g_ptr_array_index (demo, i);
  g_assert_nonnull (coffers);

  assert_edited_fails (coffers, remove_id, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, remove_name, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, remove_set, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, id_not_uuid, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, name_is_number, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, faces_not_array, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, price_three_decimals, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, price_comma, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, price_negative, DC_CARD_ERROR_INVALID);
  assert_edited_fails (coffers, price_number, DC_CARD_ERROR_INVALID);

  /* A whole Scryfall search page is a "list", not a card. */
  path = data_path ("DC_TEST_DATA", "tests/data", "scryfall-raw/search-set-war-page1.json.gz");
  page = read_gzip_file (path);
  card = dc_card_parse_scryfall_line (page, -1, &error);
  g_assert_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID);
  g_assert_null (card);
}

/* Forms Scryfall does not use today but that are exact amounts all the same, and amounts
 * that cannot be stated in cents or in 64 bits. */
static void
test_price_forms (void)
{
  static const struct { const char *text; gint64 minor; } forms[] = {
    { "12", 1200 },
    { "0.5", 50 },
    { "1.500", 150 },
    { "0.00", 0 },
    { "92233720368547757.07", G_GINT64_CONSTANT (9223372036854775707) },
    { "92233720368547758.08", -1 },
    { "99999999999999999999", -1 },
    { "1.", -1 },
    { ".5", -1 },
    { "1.001", -1 },
    { " 1.00", -1 },
    { "1.00 ", -1 },
    { "$1.00", -1 },
    { "1e3", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(DcCard) card = NULL;
      JsonObject *object;

      json_parser_load_from_data (parser, kitsune_mystic, -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      json_object_set_string_member (json_object_get_object_member (object, "prices"),
                                     "usd_foil", forms[i].text);
      card = dc_card_new_from_scryfall (object, &error);
      if (forms[i].minor < 0)
        {
          g_assert_error (error, DC_CARD_ERROR, DC_CARD_ERROR_INVALID);
          g_assert_null (card);
          continue;
        }
      g_assert_no_error (error);
      assert_price (card, DC_FINISH_FOIL, "USD", "tcgplayer", forms[i].minor);
    }
}

static void
test_bulk_line_comma (void)
{
  /* Scryfall's bulk files are one JSON array with a card per line, each line ending in ",". */
  g_autofree char *line = g_strconcat (kitsune_mystic, ",\r\n", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DcCard) card = dc_card_parse_scryfall_line (line, -1, &error);
  g_autoptr(DcCard) prefix = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (card->id, ==, "f2ddf1a3-e6fa-4dd0-b80d-1a585b51b934");

  /* @length bounds the line: the rest of the buffer is not read. */
  prefix = dc_card_parse_scryfall_line (line, strlen (kitsune_mystic), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (prefix->name, ==, card->name);
}

static void
test_scryfall_list_pages (void)
{
  static const char * const pages[] = {
    "scryfall-raw/search-set-war-page1.json.gz",
    "scryfall-raw/search-set-war-page2.json.gz",
  };
  guint total = 0;
  guint with_usd = 0;

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_autofree char *path = data_path ("DC_TEST_DATA", "tests/data", pages[p]);
      g_autofree char *text = read_gzip_file (path);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *data;

      json_parser_load_from_data (parser, text, -1, &error);
      g_assert_no_error (error);
      data = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "data");
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          g_autoptr(DcCard) card =
            dc_card_new_from_scryfall (json_array_get_object_element (data, i), &error);

          g_assert_no_error (error);
          g_assert_cmpstr (card->set_code, ==, "war");
          g_assert_nonnull (card->image_normal);
          if (dc_card_get_price (card, DC_FINISH_NONFOIL, "USD") != NULL)
            with_usd++;
          total++;
        }
    }

  /* "total_cards": 312 on the first page, 175 + 137 cards on the two. With a usd price:
   * zcat tests/data/scryfall-raw/search-set-war-page?.json.gz \
   *   | jq -s '[.[].data[] | select(.prices.usd != null)] | length' */
  g_assert_cmpuint (total, ==, 312);
  g_assert_cmpuint (with_usd, ==, 308);
}

static void
test_demo_file (void)
{
  g_autofree char *path = data_path ("DC_DEMO_DATA", "data/demo", "cards.jsonl.gz");
  g_autoptr(GDataInputStream) lines = open_gzip_lines (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint count = 0;
  guint with_usd = 0;
  guint multi_face = 0;
  gint64 usd_sum = 0;
  char *line;
  gsize length;

  while ((line = g_data_input_stream_read_line (lines, &length, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;
      g_autoptr(DcCard) card = dc_card_parse_scryfall_line (owned, length, &error);
      const DcCardPrice *usd;

      if (error != NULL)
        g_error ("line %u: %s", count + 1, error->message);

      /* What every screen needs: an identity, an oracle card, an image, a finish. */
      g_assert_true (g_hash_table_add (ids, g_strdup (card->id)));
      g_assert_nonnull (card->oracle_id);
      g_assert_nonnull (card->lang);
      g_assert_nonnull (card->collector_number);
      g_assert_nonnull (card->type_line);
      g_assert_nonnull (card->image_normal);
      g_assert_cmpuint (card->finishes, !=, 0);

      usd = dc_card_get_price (card, DC_FINISH_NONFOIL, "USD");
      if (usd != NULL)
        {
          with_usd++;
          usd_sum += usd->amount_minor;
        }
      if (card->faces->len > 0)
        multi_face++;
      count++;
    }
  g_assert_no_error (error);

  g_assert_cmpuint (count, ==, DEMO_CARD_COUNT);
  g_assert_cmpuint (with_usd, ==, DEMO_USD_COUNT);
  g_assert_cmpint (usd_sum, ==, DEMO_USD_SUM_MINOR);
  g_assert_cmpuint (multi_face, ==, DEMO_MULTI_FACE_COUNT);
}

typedef struct
{
  GPtrArray *lines;
  guint      first;
  guint      step;
  guint      with_usd;
  gint64     usd_sum;
} ParseShare;

static gpointer
parse_share_thread (gpointer data)
{
  ParseShare *share = data;

  for (guint i = share->first; i < share->lines->len; i += share->step)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DcCard) card =
        dc_card_parse_scryfall_line (g_ptr_array_index (share->lines, i), -1, &error);
      g_autoptr(JsonNode) node = NULL;
      const DcCardPrice *usd;

      g_assert_no_error (error);
      node = dc_card_to_json (card);
      usd = dc_card_get_price (card, DC_FINISH_NONFOIL, "USD");
      if (usd != NULL)
        {
          share->with_usd++;
          share->usd_sum += usd->amount_minor;
        }
    }
  return NULL;
}

static void
test_threads (void)
{
  /* The importer parses on every core at once; the result must not depend on it. */
  GPtrArray *lines = demo_lines ();
  ParseShare shares[4];
  GThread *threads[G_N_ELEMENTS (shares)];
  guint with_usd = 0;
  gint64 usd_sum = 0;

  for (guint t = 0; t < G_N_ELEMENTS (shares); t++)
    {
      shares[t] = (ParseShare) { lines, t, G_N_ELEMENTS (shares), 0, 0 };
      threads[t] = g_thread_new ("parse", parse_share_thread, &shares[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (shares); t++)
    {
      g_thread_join (threads[t]);
      with_usd += shares[t].with_usd;
      usd_sum += shares[t].usd_sum;
    }

  g_assert_cmpuint (with_usd, ==, DEMO_USD_COUNT);
  g_assert_cmpint (usd_sum, ==, DEMO_USD_SUM_MINOR);
}

static void
test_round_trip (void)
{
  GPtrArray *lines = demo_lines ();

  g_assert_cmpuint (lines->len, ==, DEMO_CARD_COUNT);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DcCard) card = dc_card_parse_scryfall_line (g_ptr_array_index (lines, i), -1,
                                                            &error);
      g_autofree char *text = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(DcCard) again = NULL;
      g_autofree char *text_again = NULL;

      g_assert_no_error (error);
      text = to_json_text (card);
      json_parser_load_from_data (parser, text, -1, &error);
      g_assert_no_error (error);
      again = dc_card_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                     &error);
      g_assert_no_error (error);
      text_again = to_json_text (again);
      g_assert_cmpstr (text_again, ==, text);
      g_assert_cmpuint (again->finishes, ==, card->finishes);
      g_assert_cmpuint (again->faces->len, ==, card->faces->len);
    }
}

static void
assert_members (JsonObject         *object,
                const char * const *expected)
{
  g_autoptr(GList) members = json_object_get_members (object);
  guint i = 0;

  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, expected[i]);
  g_assert_null (expected[i]);
}

static void
test_to_json (void)
{
  static const char * const card_members[] = {
    "id", "oracle_id", "name", "printed_name", "lang", "set", "set_name", "collector_number",
    "rarity", "layout", "mana_cost", "type_line", "oracle_text", "released_at", "colors",
    "image_uris", "finishes", "tcgplayer_id", "cardmarket_id", "legalities", "card_faces", NULL
  };
  static const char * const face_members[] = {
    "name", "printed_name", "mana_cost", "type_line", "oracle_text", "image_uris", NULL
  };
  static const char * const image_members[] = { "small", "normal", "large", "art_crop", NULL };
  g_autoptr(DcCard) card = demo_card ("ceb7308d-608c-4ede-9496-d795fc5bb271");
  g_autoptr(JsonNode) node = dc_card_to_json (card);
  JsonObject *object = json_node_get_object (node);
  JsonArray *faces = json_object_get_array_member (object, "card_faces");
  JsonObject *front = json_array_get_object_element (faces, 0);
  g_autofree char *finishes = NULL;

  assert_members (object, card_members);
  assert_members (json_object_get_object_member (object, "image_uris"), image_members);
  g_assert_cmpstr (json_object_get_string_member (object, "set"), ==, "eld");
  g_assert_cmpint (json_object_get_int_member (object, "tcgplayer_id"), ==, 199509);
  g_assert_true (json_object_get_null_member (object, "printed_name"));
  finishes = json_to_string (json_object_get_member (object, "finishes"), FALSE);
  g_assert_cmpstr (finishes, ==, "[\"nonfoil\",\"foil\"]");
  g_assert_false (json_object_has_member (object, "prices"));

  g_assert_cmpuint (json_array_get_length (faces), ==, 2);
  assert_members (front, face_members);
  g_assert_cmpstr (json_object_get_string_member (front, "name"), ==, "Merfolk Secretkeeper");
  /* An adventure's halves share the card's image. */
  g_assert_true (json_object_get_null_member (front, "image_uris"));
}

static void
test_summary (void)
{
  static const char * const members[] = {
    "id", "name", "set", "set_name", "collector_number", "lang", "rarity", "finishes",
    "image_uri", NULL
  };
  g_autoptr(DcCard) card = demo_card ("85eaf5e7-77dc-4842-a70c-ce4ac7f724df");
  g_autoptr(JsonNode) node = dc_card_summary_to_json (card);
  g_autofree char *text = json_to_string (node, FALSE);

  assert_members (json_node_get_object (node), members);
  g_assert_cmpstr (text, ==,
                   "{\"id\":\"85eaf5e7-77dc-4842-a70c-ce4ac7f724df\","
                   "\"name\":\"Sephiroth, Fabled SOLDIER // Sephiroth, One-Winged Angel\","
                   "\"set\":\"fin\",\"set_name\":\"Final Fantasy\",\"collector_number\":\"115\","
                   "\"lang\":\"en\",\"rarity\":\"mythic\",\"finishes\":[\"nonfoil\",\"foil\"],"
                   "\"image_uri\":\"https://cards.scryfall.io/normal/front/8/5/"
                   "85eaf5e7-77dc-4842-a70c-ce4ac7f724df.jpg?1748707811\"}");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dc/Card/normal", test_normal);
  g_test_add_func ("/Dc/Card/big-price", test_big_price);
  g_test_add_func ("/Dc/Card/transform", test_transform);
  g_test_add_func ("/Dc/Card/modal-dfc", test_modal_dfc);
  g_test_add_func ("/Dc/Card/adventure", test_adventure);
  g_test_add_func ("/Dc/Card/split", test_split);
  g_test_add_func ("/Dc/Card/flip", test_flip);
  g_test_add_func ("/Dc/Card/meld", test_meld);
  g_test_add_func ("/Dc/Card/reversible", test_reversible);
  g_test_add_func ("/Dc/Card/non-english", test_non_english);
  g_test_add_func ("/Dc/Card/finishes-fallback", test_finishes_fallback);
  g_test_add_func ("/Dc/Card/invalid", test_invalid);
  g_test_add_func ("/Dc/Card/price-forms", test_price_forms);
  g_test_add_func ("/Dc/Card/bulk-line-comma", test_bulk_line_comma);
  g_test_add_func ("/Dc/Card/scryfall-list-pages", test_scryfall_list_pages);
  g_test_add_func ("/Dc/Card/demo-file", test_demo_file);
  g_test_add_func ("/Dc/Card/threads", test_threads);
  g_test_add_func ("/Dc/Card/round-trip", test_round_trip);
  g_test_add_func ("/Dc/Card/to-json", test_to_json);
  g_test_add_func ("/Dc/Card/summary", test_summary);

  ret = g_test_run ();
  g_clear_pointer (&demo_lines_cache, g_ptr_array_unref);
  return ret;
}
