/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-client-test.h"
#include "dc-price-history.h"

/* Reading GET /api/cards/{id}/history into one series per finish and currency. */

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_flat_points (void)
{
  g_autoptr(JsonNode) root = parse_json (
    "{\"card_id\":\"x\",\"days\":365,\"points\":["
    "{\"finish\":\"nonfoil\",\"currency\":\"USD\",\"source\":\"tcgplayer\","
    "\"day\":\"2026-03-20\",\"amount_minor\":470,\"amount\":\"4.70\"},"
    "{\"finish\":\"nonfoil\",\"currency\":\"EUR\",\"source\":\"cardmarket\","
    "\"day\":\"2026-03-20\",\"amount_minor\":319,\"amount\":\"3.19\"},"
    "{\"finish\":\"foil\",\"currency\":\"USD\",\"source\":\"tcgplayer\","
    "\"day\":\"2026-03-20\",\"amount\":\"12.00\"},"
    "{\"finish\":\"nonfoil\",\"currency\":\"USD\",\"source\":\"tcgplayer\","
    "\"day\":\"2026-05-01\",\"amount_minor\":512,\"amount\":\"5.12\"},"
    "{\"finish\":\"nonfoil\",\"currency\":\"USD\",\"source\":\"tcgplayer\","
    "\"day\":\"2026-04-05\",\"amount_minor\":490,\"amount\":\"4.90\"},"
    "{\"finish\":\"shiny\",\"currency\":\"USD\",\"day\":\"2026-04-05\",\"amount_minor\":1},"
    "{\"finish\":\"foil\",\"currency\":\"USD\",\"day\":\"not a day\",\"amount_minor\":1}"
    "]}");
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;
  DcPriceSeries *eur, *usd_nonfoil, *usd_foil;
  g_autofree char *label = NULL;
  g_autofree char *first_day = NULL;

  series = dc_price_history_parse (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 3);

  /* dollars first, then euros; by finish within a currency */
  usd_nonfoil = g_ptr_array_index (series, 0);
  usd_foil = g_ptr_array_index (series, 1);
  eur = g_ptr_array_index (series, 2);
  g_assert_cmpstr (eur->currency, ==, "EUR");
  g_assert_cmpint (usd_nonfoil->finish, ==, DC_FINISH_NONFOIL);
  g_assert_cmpint (usd_foil->finish, ==, DC_FINISH_FOIL);

  /* sorted by day whatever the order on the wire */
  g_assert_cmpuint (usd_nonfoil->points->len, ==, 3);
  g_assert_cmpint (g_array_index (usd_nonfoil->points, DcPricePoint, 0).amount_minor, ==, 470);
  g_assert_cmpint (g_array_index (usd_nonfoil->points, DcPricePoint, 1).amount_minor, ==, 490);
  g_assert_cmpint (g_array_index (usd_nonfoil->points, DcPricePoint, 2).amount_minor, ==, 512);
  first_day = dc_price_day_format (g_array_index (usd_nonfoil->points, DcPricePoint, 0).day,
                                   "%Y-%m-%d");
  g_assert_cmpstr (first_day, ==, "2026-03-20");

  /* the exact decimal is read when amount_minor is missing */
  g_assert_cmpint (g_array_index (usd_foil->points, DcPricePoint, 0).amount_minor, ==, 1200);

  label = dc_price_series_dup_label (usd_foil);
  g_assert_cmpstr (label, ==, "Foil · USD");
}

static void
test_grouped_and_empty (void)
{
  g_autoptr(JsonNode) grouped = parse_json (
    "{\"series\":[{\"finish\":\"etched\",\"currency\":\"USD\",\"source\":\"tcgplayer\","
    "\"points\":[{"
    "\"day\":\"2019-06-02\",\"amount_minor\":25},{\"day\":\"2019-06-09\",\"amount\":\"0.30\"}]}]}");
  g_autoptr(JsonNode) empty = parse_json ("{\"card_id\":\"x\",\"points\":[]}");
  g_autoptr(JsonNode) alien = parse_json ("{\"card_id\":\"x\"}");
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) unreadable = NULL;
  g_autoptr(GError) error = NULL;
  DcPriceSeries *etched;

  series = dc_price_history_parse (grouped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 1);
  etched = g_ptr_array_index (series, 0);
  g_assert_cmpint (etched->finish, ==, DC_FINISH_ETCHED);
  g_assert_cmpint (g_array_index (etched->points, DcPricePoint, 1).amount_minor, ==, 30);
  g_assert_cmpuint (g_array_index (etched->points, DcPricePoint, 1).day -
                    g_array_index (etched->points, DcPricePoint, 0).day, ==, 7);

  none = dc_price_history_parse (empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  unreadable = dc_price_history_parse (alien, &error);
  g_assert_null (unreadable);
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  dc_client_test_init_dirs ();
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dc/PriceHistory/flat-points", test_flat_points);
  g_test_add_func ("/Dc/PriceHistory/grouped-and-empty", test_grouped_and_empty);
  return g_test_run ();
}
