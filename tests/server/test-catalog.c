/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dc-catalog-test-data.h"
#include "dc-test-harness.h"

/* One server for the whole program, loaded the way an operator would: the real demo
 * catalog, its dated Scryfall snapshots and the MTGJSON sample. The card objects' own
 * prices are recorded for CARDS_DAY, after every snapshot. */
#define CARDS_DAY "2026-08-03"

static DcTestServer *server;

/* Real printings from data/demo (checked with zcat | jq). */
#define BOLT_FCA      "e89794ab-6070-4916-936f-2b42fe41d31b" /* Lightning Bolt, fca 40 */
#define BIDDING_MH2   "317686d8-b762-4598-b74a-8b1fa6b899ba" /* Patriarch's Bidding: all six */
#define LIM_DUL       "44be2d66-359e-4cc1-9670-119cb9c7d5f5" /* Lim-Dûl's Paladin */
#define SCAB_CLAN_DE  "3dd35a32-a197-4f4a-b0e3-413c1a5434db" /* Malmer aus dem Schorf-Clan */
#define TRYSTAN_DFC   "2094f9b6-ce84-47d9-8819-81db14ba483f" /* a transform card */
#define TEFERI_WAR    "5cb76266-ae50-4bbc-8f96-d98f309b02d3" /* in the MTGJSON sample */
#define AEGIS_M19     "0503c55d-74bb-4165-9273-127c01bb2214" /* in the MTGJSON sample */

static char *
search_path (const char *q,
             const char *extra)
{
  g_autofree char *escaped = g_uri_escape_string (q, NULL, FALSE);

  return g_strdup_printf ("/api/cards/search?q=%s%s", escaped, extra ? extra : "");
}

static DcTestResponse *
get (const char *path)
{
  return dc_test_request (server, "GET", path, NULL, NULL, NULL);
}

static JsonArray *
results_of (DcTestResponse *response)
{
  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_array_member (dc_test_response_object (response), "results");
}

static const char *
result_string (JsonArray  *results,
               guint       index,
               const char *member)
{
  return json_object_get_string_member (json_array_get_object_element (results, index), member);
}

static gboolean
results_contain (JsonArray  *results,
                 const char *name)
{
  for (guint i = 0; i < json_array_get_length (results); i++)
    if (g_str_equal (result_string (results, i, "name"), name))
      return TRUE;
  return FALSE;
}

/* The price of @finish/@currency in a list of prices, or NULL. */
static JsonObject *
find_price (JsonArray  *prices,
            const char *finish,
            const char *currency,
            const char *day)
{
  for (guint i = 0; i < json_array_get_length (prices); i++)
    {
      JsonObject *price = json_array_get_object_element (prices, i);

      if (g_str_equal (json_object_get_string_member (price, "finish"), finish) &&
          g_str_equal (json_object_get_string_member (price, "currency"), currency) &&
          (day == NULL || g_str_equal (json_object_get_string_member (price, "day"), day)))
        return price;
    }
  return NULL;
}

/* "3.76" → 376, independently of the server's money code. */
static gint64
cents_of (const char *decimal)
{
  g_auto(GStrv) parts = g_strsplit (decimal, ".", 2);

  g_assert_nonnull (parts[1]);
  g_assert_cmpuint (strlen (parts[1]), ==, 2);
  return g_ascii_strtoll (parts[0], NULL, 10) * 100 + g_ascii_strtoll (parts[1], NULL, 10);
}

static void
assert_price (JsonArray  *prices,
              const char *finish,
              const char *currency,
              const char *source,
              const char *day,
              const char *expected)
{
  JsonObject *price = find_price (prices, finish, currency, day);

  if (expected == NULL || *expected == '\0')
    {
      g_assert_null (price);
      return;
    }
  g_assert_nonnull (price);
  g_assert_cmpstr (json_object_get_string_member (price, "source"), ==, source);
  g_assert_cmpstr (json_object_get_string_member (price, "amount"), ==, expected);
  g_assert_cmpint (json_object_get_int_member (price, "amount_minor"), ==, cents_of (expected));
}

static const struct
{
  const char *column;
  const char *finish;
  const char *currency;
  const char *source;
} price_columns[] = {
  { "usd", "nonfoil", "USD", "tcgplayer" },
  { "usd_foil", "foil", "USD", "tcgplayer" },
  { "usd_etched", "etched", "USD", "tcgplayer" },
  { "eur", "nonfoil", "EUR", "cardmarket" },
  { "eur_foil", "foil", "EUR", "cardmarket" },
  { "tix", "nonfoil", "TIX", "cardhoarder" },
};

static void
test_search_prefix (void)
{
  g_autofree char *lightn = search_path ("lightn", NULL);
  g_autofree char *bolt = search_path ("bolt", NULL);
  g_autoptr(DcTestResponse) r1 = get (lightn);
  g_autoptr(DcTestResponse) r2 = get (bolt);
  JsonArray *results;

  results = results_of (r1);
  g_assert_true (results_contain (results, "Lightning Bolt"));
  g_assert_true (results_contain (results, "Lightning Greaves"));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      g_autofree char *name = g_utf8_strdown (result_string (results, i, "name"), -1);
      g_assert_nonnull (strstr (name, "lightn"));
    }

  results = results_of (r2);
  g_assert_true (results_contain (results, "Lightning Bolt"));
  g_assert_true (results_contain (results, "Judgment Bolt"));
  /* A word prefix, not a substring: "Firebolt" is not a word starting with "bolt". */
  g_assert_false (results_contain (results, "Frantic Firebolt"));
}

static void
test_search_diacritics (void)
{
  g_autofree char *plain = search_path ("lim dul", NULL);
  g_autofree char *accented = search_path ("Lim-Dûl", NULL);
  g_autofree char *smeagol = search_path ("smeagol", NULL);
  g_autoptr(DcTestResponse) r1 = get (plain);
  g_autoptr(DcTestResponse) r2 = get (accented);
  g_autoptr(DcTestResponse) r3 = get (smeagol);
  JsonArray *results;

  results = results_of (r1);
  g_assert_cmpuint (json_array_get_length (results), >=, 1);
  g_assert_cmpstr (result_string (results, 0, "name"), ==, "Lim-Dûl's Paladin");
  g_assert_cmpstr (result_string (results, 0, "id"), ==, LIM_DUL);
  results = results_of (r2);
  g_assert_cmpstr (result_string (results, 0, "id"), ==, LIM_DUL);
  results = results_of (r3);
  g_assert_true (results_contain (results, "Sméagol, Helpful Guide"));
  g_assert_true (results_contain (results, "Soothing of Sméagol"));
}

static void
test_search_exact_name_first (void)
{
  g_autofree char *sleep = search_path ("Sleep", NULL);
  g_autofree char *shock = search_path ("shock", NULL);
  g_autoptr(DcTestResponse) r1 = get (sleep);
  g_autoptr(DcTestResponse) r2 = get (shock);
  JsonArray *results;
  guint n;

  /* Sleep (M19, 2018) comes before the newer Sleep Magic (FIN, 2025). */
  results = results_of (r1);
  g_assert_cmpstr (result_string (results, 0, "name"), ==, "Sleep");
  g_assert_true (results_contain (results, "Sleep Magic"));

  /* Every printing of Shock first, newest first, then the other names. */
  results = results_of (r2);
  n = json_array_get_length (results);
  g_assert_cmpuint (n, >, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (result_string (results, i, "name"), ==, "Shock");
  g_assert_cmpstr (result_string (results, 0, "set"), ==, "omb");
  g_assert_cmpstr (result_string (results, 2, "set"), ==, "m19");
  g_assert_cmpstr (result_string (results, 3, "name"), !=, "Shock");
}

static void
test_search_filters_and_limit (void)
{
  g_autofree char *by_set = search_path ("lightning bolt", "&set=FCA");
  g_autofree char *by_lang = search_path ("malmer", "&lang=de");
  g_autofree char *by_lang_none = search_path ("malmer", "&lang=en");
  g_autofree char *limited = search_path ("lightning", "&limit=2");
  g_autoptr(DcTestResponse) r1 = get (by_set);
  g_autoptr(DcTestResponse) r2 = get (by_lang);
  g_autoptr(DcTestResponse) r3 = get (by_lang_none);
  g_autoptr(DcTestResponse) r4 = get (limited);
  JsonArray *results;
  JsonObject *first;

  results = results_of (r1);
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpstr (result_string (results, 0, "id"), ==, BOLT_FCA);

  /* A German printing is found by its printed name. */
  results = results_of (r2);
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  first = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, SCAB_CLAN_DE);
  g_assert_cmpstr (json_object_get_string_member (first, "lang"), ==, "de");
  g_assert_cmpuint (json_array_get_length (results_of (r3)), ==, 0);

  results = results_of (r4);
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  g_assert_cmpint (json_object_get_int_member (dc_test_response_object (r4), "total"), >, 10);
  first = json_array_get_object_element (results, 0);
  for (const char *const *m = (const char *const[]) { "id", "name", "set", "set_name",
                                                      "collector_number", "lang", "rarity",
                                                      "finishes", "image_uri", "prices",
                                                      NULL }; *m; m++)
    g_assert_true (json_object_has_member (first, *m));
}

static void
test_search_validation (void)
{
  const char *paths[] = {
    "/api/cards/search", "/api/cards/search?q=", "/api/cards/search?q=%2D%2D",
    "/api/cards/search?q=bolt&limit=0", "/api/cards/search?q=bolt&limit=101",
    "/api/cards/search?q=bolt&lang=xx", "/api/cards/search?q=bo%FFlt",
  };
  const char *fields[] = { "q", "q", "q", "limit", "limit", "lang", "q" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(DcTestResponse) response = get (paths[i]);
      JsonObject *error;

      g_assert_cmpstr (dc_test_assert_envelope (response, 422), ==, "validation.failed");
      error = json_object_get_object_member (dc_test_response_object (response), "error");
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (error, "details"), "field"),
                       ==, fields[i]);
    }
}

/* The current prices are the card object's (imported for CARDS_DAY); the newest snapshot
 * row is in the history on its own day, to the cent. */
static void
check_card_prices (const char *id)
{
  g_autofree char *cards_path = dc_test_demo_path ("cards.jsonl.gz");
  g_autofree char *snapshots_path = dc_test_demo_path ("price-snapshots.csv.gz");
  g_autoptr(JsonObject) source = dc_catalog_test_find_json_line (cards_path, "id", id);
  g_autoptr(GHashTable) snapshot = dc_catalog_test_newest_snapshot (snapshots_path, id);
  g_autofree char *card_path = g_strdup_printf ("/api/cards/%s", id);
  g_autofree char *history_path = g_strdup_printf ("/api/cards/%s/history?days=3650", id);
  g_autoptr(DcTestResponse) card = get (card_path);
  g_autoptr(DcTestResponse) history = get (history_path);
  JsonObject *source_prices;
  JsonArray *current;
  JsonArray *points;
  const char *day;

  g_assert_nonnull (source);
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (card->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (dc_test_response_object (card), "name"), ==,
                   json_object_get_string_member (source, "name"));
  source_prices = json_object_get_object_member (source, "prices");
  current = json_object_get_array_member (dc_test_response_object (card), "prices");
  for (guint i = 0; i < G_N_ELEMENTS (price_columns); i++)
    {
      const char *expected = json_object_get_string_member_with_default (source_prices,
                                                                         price_columns[i].column,
                                                                         NULL);

      assert_price (current, price_columns[i].finish, price_columns[i].currency,
                    price_columns[i].source, CARDS_DAY, expected);
    }

  g_assert_cmpuint (history->status, ==, 200);
  points = json_object_get_array_member (dc_test_response_object (history), "points");
  day = g_hash_table_lookup (snapshot, "snapshot_date");
  for (guint i = 0; i < G_N_ELEMENTS (price_columns); i++)
    assert_price (points, price_columns[i].finish, price_columns[i].currency,
                  price_columns[i].source, day,
                  g_hash_table_lookup (snapshot, price_columns[i].column));
}

static void
test_card_prices_match_sources (void)
{
  check_card_prices (BOLT_FCA);
  check_card_prices (BIDDING_MH2);
  check_card_prices (LIM_DUL);
}

static void
test_card_full (void)
{
  g_autoptr(DcTestResponse) response = get ("/api/cards/" TRYSTAN_DFC);
  JsonObject *card;
  JsonArray *faces;

  g_assert_cmpuint (response->status, ==, 200);
  card = dc_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (card, "id"), ==, TRYSTAN_DFC);
  g_assert_cmpstr (json_object_get_string_member (card, "layout"), ==, "transform");
  faces = json_object_get_array_member (card, "card_faces");
  g_assert_cmpuint (json_array_get_length (faces), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (faces, 0),
                                                  "name"), ==, "Trystan, Callous Cultivator");
  g_assert_true (json_object_has_member (card, "legalities"));
  g_assert_true (json_object_has_member (card, "prices"));
  /* The internal row id never leaves the server. */
  g_assert_false (json_object_has_member (card, "rowid"));
  g_assert_false (json_object_has_member (card, "card_id"));
}

static void
test_card_not_found (void)
{
  g_autoptr(DcTestResponse) unknown = get ("/api/cards/00000000-0000-4000-8000-000000000000");
  g_autoptr(DcTestResponse) garbage = get ("/api/cards/not-a-card");
  g_autoptr(DcTestResponse) history = get ("/api/cards/00000000-0000-4000-8000-000000000000"
                                           "/history");

  g_assert_cmpstr (dc_test_assert_envelope (unknown, 404), ==, "card.not_found");
  g_assert_cmpstr (dc_test_assert_envelope (garbage, 404), ==, "card.not_found");
  g_assert_cmpstr (dc_test_assert_envelope (history, 404), ==, "card.not_found");
}

/* The 2019 weekly MTGJSON series (paper = TCGplayer USD, paperFoil = foil) is in the
 * history, point for point. */
static void
check_mtgjson_history (const char *id)
{
  g_autofree char *path = dc_test_demo_path ("mtgjson-v4-card-prices.jsonl.gz");
  g_autoptr(JsonObject) source = dc_catalog_test_find_json_line (path, "scryfallId", id);
  g_autofree char *history_path = g_strdup_printf ("/api/cards/%s/history?days=3650", id);
  g_autoptr(DcTestResponse) response = get (history_path);
  const char *series[][2] = { { "paper", "nonfoil" }, { "paperFoil", "foil" } };
  JsonArray *points;
  guint compared = 0;

  g_assert_nonnull (source);
  g_assert_cmpuint (response->status, ==, 200);
  points = json_object_get_array_member (dc_test_response_object (response), "points");

  for (guint s = 0; s < G_N_ELEMENTS (series); s++)
    {
      JsonObject *dates = json_object_get_object_member (
        json_object_get_object_member (source, "prices"), series[s][0]);
      JsonObjectIter iter;
      const char *day;
      JsonNode *value;

      json_object_iter_init (&iter, dates);
      while (json_object_iter_next (&iter, &day, &value))
        {
          g_autofree char *expected = g_strdup_printf ("%.2f", json_node_get_double (value));

          assert_price (points, series[s][1], "USD", "tcgplayer", day, expected);
          compared++;
        }
    }
  g_assert_cmpuint (compared, >=, 20);

  /* Ordered by day. */
  for (guint i = 1; i < json_array_get_length (points); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, i - 1),
                                                    "day"), <=,
                     json_object_get_string_member (json_array_get_object_element (points, i),
                                                    "day"));
}

static void
test_history_mtgjson (void)
{
  check_mtgjson_history (TEFERI_WAR);
  check_mtgjson_history (AEGIS_M19);
}

static void
test_history_window (void)
{
  g_autoptr(DcTestResponse) recent = get ("/api/cards/" TEFERI_WAR "/history");
  g_autoptr(DcTestResponse) one = get ("/api/cards/" TEFERI_WAR "/history?days=1");
  g_autoptr(DcTestResponse) zero = get ("/api/cards/" TEFERI_WAR "/history?days=0");
  g_autoptr(DcTestResponse) too_many = get ("/api/cards/" TEFERI_WAR "/history?days=3651");
  JsonObject *answer;
  JsonArray *points;

  /* 90 days back from the newest price day (CARDS_DAY): no 2019 point. */
  g_assert_cmpuint (recent->status, ==, 200);
  answer = dc_test_response_object (recent);
  g_assert_cmpstr (json_object_get_string_member (answer, "card_id"), ==, TEFERI_WAR);
  g_assert_cmpstr (json_object_get_string_member (answer, "to"), ==, CARDS_DAY);
  points = json_object_get_array_member (answer, "points");
  g_assert_cmpuint (json_array_get_length (points), >, 0);
  for (guint i = 0; i < json_array_get_length (points); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, i),
                                                    "day"), >=, "2026-05-06");

  points = json_object_get_array_member (dc_test_response_object (one), "points");
  for (guint i = 0; i < json_array_get_length (points); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, i),
                                                    "day"), ==, CARDS_DAY);

  g_assert_cmpstr (dc_test_assert_envelope (zero, 422), ==, "validation.failed");
  g_assert_cmpstr (dc_test_assert_envelope (too_many, 422), ==, "validation.failed");
}

static char *
gunzip (GBytes *gz)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (
    G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (gz);
  g_autoptr(GInputStream) in = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  if (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)) == 0)
    return g_strdup ("");
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

static void
test_catalog_download (void)
{
  g_autoptr(DcTestResponse) full = get ("/api/cards/catalog");
  g_autoptr(DcTestResponse) card = get ("/api/cards/" BIDDING_MH2);
  g_autoptr(DcTestResponse) not_modified = NULL;
  g_autoptr(DcTestResponse) weak = NULL;
  g_autoptr(DcTestResponse) other = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *etag;
  const char *version;
  guint n = 0;
  gboolean found = FALSE;

  g_assert_cmpuint (full->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (full->headers, NULL), ==,
                   "application/gzip");
  g_assert_null (soup_message_headers_get_one (full->headers, "Content-Encoding"));
  etag = soup_message_headers_get_one (full->headers, "ETag");
  version = soup_message_headers_get_one (full->headers, "X-Catalog-Version");
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"'); /* strong */
  g_assert_nonnull (version);

  text = gunzip (full->body);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *line;

      if (*lines[i] == '\0')
        continue;
      n++;
      parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      line = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_has_member (line, "id"));
      g_assert_true (json_object_has_member (line, "prices"));
      if (g_str_equal (json_object_get_string_member (line, "id"), BIDDING_MH2))
        {
          /* The catalog line is the card route's answer. */
          g_autoptr(JsonNode) expected = json_node_ref (card->json);
          g_assert_true (json_node_equal (json_parser_get_root (parser), expected));
          found = TRUE;
        }
    }
  g_assert_cmpuint (n, ==, 6910);
  g_assert_true (found);

  not_modified = dc_test_request (server, "GET", "/api/cards/catalog", NULL, NULL,
                                  "If-None-Match", etag, NULL);
  g_assert_cmpuint (not_modified->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (not_modified->body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (not_modified->headers, "ETag"), ==, etag);

  {
    g_autofree char *weak_etag = g_strconcat ("W/", etag, NULL);
    weak = dc_test_request (server, "GET", "/api/cards/catalog", NULL, NULL,
                            "If-None-Match", weak_etag, NULL);
    g_assert_cmpuint (weak->status, ==, 304);
  }
  other = dc_test_request (server, "GET", "/api/cards/catalog", NULL, NULL,
                           "If-None-Match", "\"something-else\"", NULL);
  g_assert_cmpuint (other->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (other->body), ==, g_bytes_get_size (full->body));
}

static void
test_catalog_since (void)
{
  g_autoptr(DcTestResponse) full = get ("/api/cards/catalog");
  const char *version = soup_message_headers_get_one (full->headers, "X-Catalog-Version");
  gint64 v = g_ascii_strtoll (version, NULL, 10);
  g_autofree char *current = g_strdup_printf ("/api/cards/catalog?since=%" G_GINT64_FORMAT, v);
  g_autofree char *future = g_strdup_printf ("/api/cards/catalog?since=%" G_GINT64_FORMAT,
                                             v + 1);
  g_autoptr(DcTestResponse) none = get (current);
  g_autoptr(DcTestResponse) ahead = get (future);
  g_autofree char *text = NULL;

  g_assert_cmpint (v, >=, 1);
  g_assert_cmpuint (none->status, ==, 200);
  text = gunzip (none->body);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpstr (dc_test_assert_envelope (ahead, 422), ==, "validation.failed");
}

static void
load_catalog (void)
{
  g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
  g_autofree char *snapshots = dc_test_demo_path ("price-snapshots.csv.gz");
  g_autofree char *mtgjson = dc_test_demo_path ("mtgjson-v4-card-prices.jsonl.gz");
  g_autofree char *output = NULL;

  server = dc_test_server_prepare (NULL);
  g_assert_cmpint (dc_test_server_run_command (server, &output, "import-scryfall", cards,
                                               "--day=" CARDS_DAY, NULL), ==, 0);
  g_assert_nonnull (strstr (output, "6910 cards"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (dc_test_server_run_command (server, &output, "import-price-snapshots",
                                               snapshots, NULL), ==, 0);
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (dc_test_server_run_command (server, &output, "import-mtgjson-prices",
                                               mtgjson, NULL), ==, 0);
  /* Most of the MTGJSON sample is for printings outside the demo catalog: reported. */
  g_assert_nonnull (strstr (output, "unknown printings"));
  dc_test_server_start (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/Catalog/search-prefix", test_search_prefix);
  g_test_add_func ("/Dc/Catalog/search-diacritics", test_search_diacritics);
  g_test_add_func ("/Dc/Catalog/search-exact-name-first", test_search_exact_name_first);
  g_test_add_func ("/Dc/Catalog/search-filters-and-limit", test_search_filters_and_limit);
  g_test_add_func ("/Dc/Catalog/search-validation", test_search_validation);
  g_test_add_func ("/Dc/Catalog/card-prices-match-sources", test_card_prices_match_sources);
  g_test_add_func ("/Dc/Catalog/card-full", test_card_full);
  g_test_add_func ("/Dc/Catalog/card-not-found", test_card_not_found);
  g_test_add_func ("/Dc/Catalog/history-mtgjson", test_history_mtgjson);
  g_test_add_func ("/Dc/Catalog/history-window", test_history_window);
  g_test_add_func ("/Dc/Catalog/catalog-download", test_catalog_download);
  g_test_add_func ("/Dc/Catalog/catalog-since", test_catalog_since);

  load_catalog ();
  status = g_test_run ();
  dc_test_server_free (server);
  return status;
}
