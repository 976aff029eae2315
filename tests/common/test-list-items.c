/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-common.h"

static JsonObject *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
field_of (const GError *error)
{
  return json_object_get_string_member (dc_api_error_get_details (error), "field");
}

static void
test_inventory_defaults_and_apply (void)
{
  g_autoptr(DcInventoryItem) item = dc_inventory_item_new ();
  g_autoptr(JsonObject) fields = parse ("{\"card_id\":\"E89794AB-6070-4916-936F-2B42FE41D31B\","
                                        "\"quantity\":4,\"condition\":\"lp\",\"finish\":\"foil\","
                                        "\"language\":\"JA\",\"acquisition_price\":\"5.5\","
                                        "\"acquisition_currency\":\"eur\","
                                        "\"acquired_on\":\"2024-02-29\",\"notes\":\"\"}");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (item->quantity, ==, 1);
  g_assert_cmpint (item->condition, ==, DC_CONDITION_NM);
  g_assert_cmpint (item->finish, ==, DC_FINISH_NONFOIL);
  g_assert_cmpstr (item->language, ==, "en");

  g_assert_true (dc_inventory_item_apply_json (item, fields, &error));
  g_assert_no_error (error);
  /* Ids are stored lower-case so the same card is one id. */
  g_assert_cmpstr (item->card_id, ==, "e89794ab-6070-4916-936f-2b42fe41d31b");
  g_assert_cmpint (item->condition, ==, DC_CONDITION_LP);
  g_assert_cmpint (item->finish, ==, DC_FINISH_FOIL);
  g_assert_cmpstr (item->language, ==, "ja");
  g_assert_true (item->has_acquisition_price);
  g_assert_cmpint (item->acquisition_price, ==, 550);
  g_assert_cmpstr (item->acquisition_currency, ==, "EUR");
  g_assert_cmpstr (item->acquired_on, ==, "2024-02-29");
  /* An empty note is no note. */
  g_assert_null (item->notes);
}

static void
test_inventory_partial_update_keeps_others (void)
{
  g_autoptr(DcInventoryItem) item = dc_inventory_item_new ();
  g_autoptr(JsonObject) first = parse ("{\"card_id\":\"e89794ab-6070-4916-936f-2b42fe41d31b\","
                                       "\"notes\":\"binder 2\",\"quantity\":3}");
  g_autoptr(JsonObject) second = parse ("{\"quantity\":2}");
  g_autoptr(JsonObject) clear = parse ("{\"notes\":null,\"acquisition_price\":null}");

  g_assert_true (dc_inventory_item_apply_json (item, first, NULL));
  g_assert_true (dc_inventory_item_apply_json (item, second, NULL));
  g_assert_cmpint (item->quantity, ==, 2);
  g_assert_cmpstr (item->notes, ==, "binder 2");
  g_assert_true (dc_inventory_item_apply_json (item, clear, NULL));
  g_assert_null (item->notes);
  g_assert_false (item->has_acquisition_price);
}

static void
test_inventory_rejections (void)
{
  struct { const char *json; const char *field; } cases[] = {
    { "{\"quantity\":0}", "quantity" },
    { "{\"quantity\":1.5}", "quantity" },
    { "{\"condition\":\"GD\"}", "condition" },
    { "{\"finish\":\"any\"}", "finish" },
    { "{\"language\":\"any\"}", "language" },
    { "{\"acquisition_price\":\"-1.00\"}", "acquisition_price" },
    { "{\"acquisition_price\":2.5}", "acquisition_price" },
    { "{\"acquisition_price\":\"1.255\"}", "acquisition_price" },
    { "{\"acquisition_currency\":\"DOGE\"}", "acquisition_currency" },
    { "{\"acquired_on\":\"yesterday\"}", "acquired_on" },
    { "{\"card_id\":null}", "card_id" },
    { "{\"card_id\":\"1234\"}", "card_id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DcInventoryItem) item = dc_inventory_item_new ();
      g_autoptr(JsonObject) fields = parse (cases[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_false (dc_inventory_item_apply_json (item, fields, &error));
      g_assert_error (error, DC_API_ERROR, DC_API_ERROR_VALIDATION);
      g_assert_cmpstr (field_of (error), ==, cases[i].field);
    }
}

static void
test_inventory_round_trip (void)
{
  g_autoptr(DcInventoryItem) item = dc_inventory_item_new ();
  g_autoptr(JsonObject) fields = parse ("{\"card_id\":\"e89794ab-6070-4916-936f-2b42fe41d31b\","
                                        "\"quantity\":4,\"acquisition_price\":\"10.00\","
                                        "\"source\":\"LGS\"}");
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(DcInventoryItem) back = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  item->id = g_strdup ("0b6c1a2e-7f57-4d25-9a0a-5e0f3c9c2b11");
  item->rev = 42;
  item->created_at = 1700000000000;
  item->updated_at = 1700000100000;
  g_assert_true (dc_inventory_item_apply_json (item, fields, NULL));
  json = dc_inventory_item_to_json (item);
  g_assert_cmpstr (json_object_get_string_member (json, "acquisition_price"), ==, "10.00");
  g_assert_cmpstr (json_object_get_string_member (json, "created_at"), ==,
                   "2023-11-14T22:13:20Z");
  back = dc_inventory_item_from_json (json, NULL);
  g_assert_nonnull (back);
  again = dc_inventory_item_to_json (back);
  a = json_node_init_object (json_node_alloc (), json);
  b = json_node_init_object (json_node_alloc (), again);
  ta = json_to_string (a, FALSE);
  tb = json_to_string (b, FALSE);
  g_assert_cmpstr (ta, ==, tb);
  g_assert_true (dc_inventory_item_validate (back, NULL));
}

static void
test_have_item (void)
{
  g_autoptr(DcHaveItem) item = dc_have_item_new ();
  g_autoptr(JsonObject) fields = parse ("{\"inventory_item_id\":"
                                        "\"0b6c1a2e-7f57-4d25-9a0a-5e0f3c9c2b11\",\"quantity\":2,"
                                        "\"min_trade_value\":\"10\",\"trade_for_wants_only\":true}");
  g_autoptr(JsonObject) bad = parse ("{\"is_active\":\"no\"}");
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (item->is_active);
  g_assert_true (dc_have_item_apply_json (item, fields, NULL));
  g_assert_cmpint (item->min_trade_value, ==, 1000);
  g_assert_true (item->trade_for_wants_only);
  item->id = g_strdup ("7a0e3e48-5b2d-4f0c-8c61-61d0c8d8b1a0");
  g_assert_true (dc_have_item_validate (item, NULL));
  json = dc_have_item_to_json (item);
  g_assert_cmpstr (json_object_get_string_member (json, "min_trade_value"), ==, "10.00");
  g_assert_false (dc_have_item_apply_json (item, bad, &error));
  g_assert_cmpstr (field_of (error), ==, "is_active");
}

static void
test_want_item_targets (void)
{
  g_autoptr(DcWantItem) item = dc_want_item_new ();
  g_autoptr(JsonObject) printing = parse ("{\"card_id\":\"e1e48b21-1a4f-4708-a4b4-e2e296df924c\","
                                          "\"quantity\":2,\"condition_min\":\"LP\","
                                          "\"target_price\":\"3.00\",\"priority\":\"HIGH\"}");
  g_autoptr(JsonObject) any = parse ("{\"oracle_id\":\"cc187110-1148-4090-bbb8-e205694a39f5\"}");
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;

  item->id = g_strdup ("7a0e3e48-5b2d-4f0c-8c61-61d0c8d8b1a0");
  g_assert_false (dc_want_item_validate (item, &error));
  g_assert_cmpstr (field_of (error), ==, "card_id");
  g_clear_error (&error);

  g_assert_true (dc_want_item_apply_json (item, printing, NULL));
  g_assert_cmpint (item->priority, ==, DC_WANT_PRIORITY_HIGH);
  g_assert_cmpint (item->target_price, ==, 300);
  g_assert_true (dc_want_item_validate (item, NULL));

  /* Switching to any printing drops the printing. */
  g_assert_true (dc_want_item_apply_json (item, any, NULL));
  g_assert_null (item->card_id);
  g_assert_cmpstr (item->oracle_id, ==, "cc187110-1148-4090-bbb8-e205694a39f5");
  json = dc_want_item_to_json (item);
  g_assert_cmpstr (json_object_get_string_member (json, "finish"), ==, "any");
  g_assert_cmpstr (json_object_get_string_member (json, "language"), ==, "any");
  g_assert_true (json_object_get_null_member (json, "card_id"));
}

static void
test_want_item_rejections (void)
{
  struct { const char *json; const char *field; } cases[] = {
    { "{\"quantity\":100}", "quantity" },
    { "{\"quantity\":0}", "quantity" },
    { "{\"priority\":\"urgent\"}", "priority" },
    { "{\"finish\":\"shiny\"}", "finish" },
    { "{\"condition_min\":\"EX\"}", "condition_min" },
    { "{\"max_trade_value\":\"ten\"}", "max_trade_value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DcWantItem) item = dc_want_item_new ();
      g_autoptr(JsonObject) fields = parse (cases[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_false (dc_want_item_apply_json (item, fields, &error));
      g_assert_cmpstr (field_of (error), ==, cases[i].field);
    }
}

static void
test_helpers (void)
{
  g_assert_true (dc_is_iso_date ("2024-02-29"));
  g_assert_false (dc_is_iso_date ("2023-02-29"));
  g_assert_false (dc_is_iso_date ("2024-2-9"));
  g_assert_true (dc_is_uuid ("7a0e3e48-5b2d-4f0c-8c61-61d0c8d8b1a0"));
  g_assert_false (dc_is_uuid ("7a0e3e48"));
  g_assert_cmpint (dc_rfc3339_to_ms ("2023-11-14T22:13:20Z"), ==, 1700000000000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/ListItems/inventory-apply", test_inventory_defaults_and_apply);
  g_test_add_func ("/Dc/ListItems/inventory-partial", test_inventory_partial_update_keeps_others);
  g_test_add_func ("/Dc/ListItems/inventory-rejections", test_inventory_rejections);
  g_test_add_func ("/Dc/ListItems/inventory-round-trip", test_inventory_round_trip);
  g_test_add_func ("/Dc/ListItems/have", test_have_item);
  g_test_add_func ("/Dc/ListItems/want-targets", test_want_item_targets);
  g_test_add_func ("/Dc/ListItems/want-rejections", test_want_item_rejections);
  g_test_add_func ("/Dc/ListItems/helpers", test_helpers);
  return g_test_run ();
}
