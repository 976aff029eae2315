/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-error.h"
#include "dc-notification.h"

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_kinds (void)
{
  static const char *names[] = {
    "price_alert", "price_spike", "trade_match", "trade_proposal", "message", "system",
  };
  DcNotificationKind kind;

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, DC_NOTIFICATION_N_KINDS);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (dc_notification_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpstr (dc_notification_kind_to_string (kind), ==, names[i]);
    }
  g_assert_false (dc_notification_kind_from_string ("Price_Alert", &kind));
  g_assert_false (dc_notification_kind_from_string (NULL, &kind));
}

static void
test_round_trip (void)
{
  g_autoptr(JsonObject) in = parse_object (
    "{\"id\":\"0b9f2f8e-4c55-4d1c-9a3e-2f1b7c6d5e4a\",\"kind\":\"price_alert\","
    "\"title\":\"Counterspell is at your target price\",\"body\":\"Now $2.80\","
    "\"data\":{\"card_id\":\"e1e48b21-1a4f-4708-a4b4-e2e296df924c\",\"price\":\"2.80\"},"
    "\"created_at\":\"2026-07-04T12:30:00Z\",\"read_at\":null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(DcNotification) n = dc_notification_from_json (in, &error);
  g_autoptr(JsonObject) out = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (n->kind, ==, DC_NOTIFICATION_PRICE_ALERT);
  g_assert_cmpint (n->created_at, ==, G_GINT64_CONSTANT (1783168200000));
  g_assert_cmpint (n->read_at, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (n->data, "price"), ==, "2.80");

  n->read_at = n->created_at + 60000;
  out = dc_notification_to_json (n);
  g_assert_cmpstr (json_object_get_string_member (out, "kind"), ==, "price_alert");
  g_assert_cmpstr (json_object_get_string_member (out, "created_at"), ==,
                   "2026-07-04T12:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (out, "read_at"), ==, "2026-07-04T12:31:00Z");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (out, "data"),
                                                  "card_id"),
                   ==, "e1e48b21-1a4f-4708-a4b4-e2e296df924c");
}

static void
test_unread_is_null_and_data_defaults (void)
{
  g_autoptr(JsonObject) in = parse_object (
    "{\"id\":\"0b9f2f8e-4c55-4d1c-9a3e-2f1b7c6d5e4a\",\"kind\":\"a_kind_from_the_future\","
    "\"title\":\"t\",\"body\":\"b\",\"created_at\":\"2026-07-04T12:30:00Z\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(DcNotification) n = dc_notification_from_json (in, &error);
  g_autoptr(JsonObject) out = NULL;

  g_assert_no_error (error);
  /* Unknown kinds degrade to a plain notice rather than failing the whole list. */
  g_assert_cmpint (n->kind, ==, DC_NOTIFICATION_SYSTEM);
  g_assert_cmpuint (json_object_get_size (n->data), ==, 0);
  out = dc_notification_to_json (n);
  g_assert_true (json_object_has_member (out, "read_at"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (out, "read_at")));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (out, "data")));
}

static void
test_rejects (void)
{
  static const struct { const char *json; const char *field; } cases[] = {
    { "{\"kind\":\"system\",\"title\":\"t\",\"body\":\"b\","
      "\"created_at\":\"2026-07-04T12:30:00Z\"}", "id" },
    { "{\"id\":\"nope\",\"kind\":\"system\",\"title\":\"t\",\"body\":\"b\","
      "\"created_at\":\"2026-07-04T12:30:00Z\"}", "id" },
    { "{\"id\":\"0b9f2f8e-4c55-4d1c-9a3e-2f1b7c6d5e4a\",\"kind\":\"system\",\"title\":3,"
      "\"body\":\"b\",\"created_at\":\"2026-07-04T12:30:00Z\"}", "title" },
    { "{\"id\":\"0b9f2f8e-4c55-4d1c-9a3e-2f1b7c6d5e4a\",\"kind\":\"system\",\"title\":\"t\","
      "\"body\":\"b\",\"created_at\":\"yesterday\"}", "created_at" },
    { "{\"id\":\"0b9f2f8e-4c55-4d1c-9a3e-2f1b7c6d5e4a\",\"kind\":\"system\",\"title\":\"t\","
      "\"body\":\"b\",\"created_at\":\"2026-07-04T12:30:00Z\",\"data\":[1]}", "data" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) in = parse_object (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(DcNotification) n = dc_notification_from_json (in, &error);
      JsonObject *details;

      g_assert_null (n);
      g_assert_error (error, DC_API_ERROR, DC_API_ERROR_VALIDATION);
      details = dc_api_error_get_details (error);
      g_assert_cmpstr (json_object_get_string_member (details, "field"), ==, cases[i].field);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/Notification/kinds", test_kinds);
  g_test_add_func ("/Dc/Notification/round-trip", test_round_trip);
  g_test_add_func ("/Dc/Notification/unread-and-defaults", test_unread_is_null_and_data_defaults);
  g_test_add_func ("/Dc/Notification/rejects", test_rejects);
  return g_test_run ();
}
