/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-common.h"

static JsonObject *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_request_round_trip (void)
{
  g_autoptr(DcSyncRequest) request = dc_sync_request_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(DcSyncRequest) back = NULL;
  DcSyncOp *op;

  request->device_id = g_strdup ("laptop");
  request->cursor = 17;
  op = dc_sync_op_new (DC_SYNC_OP_UPSERT, DC_SYNC_ENTITY_WANT_ITEM,
                       "7a0e3e48-5b2d-4f0c-8c61-61d0c8d8b1a0");
  op->fields = parse ("{\"quantity\":2}");
  op->base_rev = 9;
  g_ptr_array_add (request->ops, op);
  op = dc_sync_op_new (DC_SYNC_OP_ADJUST, DC_SYNC_ENTITY_INVENTORY_ITEM,
                       "0b6c1a2e-7f57-4d25-9a0a-5e0f3c9c2b11");
  op->quantity_delta = -2;
  g_ptr_array_add (request->ops, op);

  node = dc_sync_request_to_json (request);
  back = dc_sync_request_from_json (json_node_get_object (node), NULL);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->device_id, ==, "laptop");
  g_assert_cmpint (back->cursor, ==, 17);
  g_assert_cmpuint (back->ops->len, ==, 2);
  op = g_ptr_array_index (back->ops, 0);
  g_assert_cmpint (op->type, ==, DC_SYNC_OP_UPSERT);
  g_assert_cmpint (op->base_rev, ==, 9);
  g_assert_cmpint (json_object_get_int_member (op->fields, "quantity"), ==, 2);
  op = g_ptr_array_index (back->ops, 1);
  g_assert_cmpint (op->quantity_delta, ==, -2);
  g_assert_true (g_uuid_string_is_valid (op->op_id));
}

static void
test_request_rejections (void)
{
  const char *bad[] = {
    "{\"cursor\":0}",
    "{\"device_id\":\"x\",\"cursor\":\"0\"}",
    "{\"device_id\":\"x\",\"ops\":[1]}",
    "{\"device_id\":\"x\",\"ops\":[{\"type\":\"delete\",\"entity\":\"want_item\","
    "\"id\":\"7a0e3e48-5b2d-4f0c-8c61-61d0c8d8b1a0\"}]}",
    "{\"device_id\":\"x\",\"ops\":[{\"op_id\":\"1\",\"type\":\"upsert\",\"entity\":\"want_item\","
    "\"id\":\"7a0e3e48-5b2d-4f0c-8c61-61d0c8d8b1a0\"}]}",
    "{\"device_id\":\"x\",\"ops\":[{\"op_id\":\"1\",\"type\":\"adjust\","
    "\"entity\":\"inventory_item\",\"id\":\"7a0e3e48-5b2d-4f0c-8c61-61d0c8d8b1a0\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DcSyncRequest) request = dc_sync_request_from_json (object, &error);

      g_assert_null (request);
      g_assert_error (error, DC_API_ERROR, DC_API_ERROR_VALIDATION);
    }
}

static void
test_response_round_trip (void)
{
  g_autoptr(DcSyncResponse) response = dc_sync_response_new ();
  g_autoptr(GError) rule = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(DcSyncResponse) back = NULL;
  g_autoptr(JsonObject) fields = parse ("{\"id\":\"x\",\"quantity\":3}");
  DcSyncResult *result;
  DcSyncChange *change;

  result = dc_sync_result_new ("op-1", DC_SYNC_STATUS_REJECTED);
  dc_api_error_set_field (&rule, "quantity", "quantity must be at least 1");
  dc_sync_result_set_error (result, rule);
  g_ptr_array_add (response->results, result);
  g_ptr_array_add (response->changes, dc_sync_change_new (DC_SYNC_ENTITY_INVENTORY_ITEM, "x",
                                                          5, FALSE, fields));
  response->cursor = 5;
  response->has_more = TRUE;

  node = dc_sync_response_to_json (response);
  back = dc_sync_response_from_json (node, NULL);
  g_assert_nonnull (back);
  result = g_ptr_array_index (back->results, 0);
  g_assert_cmpint (result->status, ==, DC_SYNC_STATUS_REJECTED);
  g_assert_cmpstr (json_object_get_string_member (result->error, "message"), ==,
                   "quantity must be at least 1");
  change = g_ptr_array_index (back->changes, 0);
  g_assert_cmpint (change->rev, ==, 5);
  g_assert_cmpint (json_object_get_int_member (change->fields, "quantity"), ==, 3);
  g_assert_true (back->has_more);
}

static void
test_response_malformed (void)
{
  g_autoptr(JsonObject) object = parse ("{\"results\":[{\"status\":\"maybe\"}],\"changes\":[]}");
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(GError) error = NULL;
  g_autoptr(DcSyncResponse) response = dc_sync_response_from_json (node, &error);

  g_assert_null (response);
  g_assert_error (error, DC_API_ERROR, DC_API_ERROR_BAD_GATEWAY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/SyncCodec/request-round-trip", test_request_round_trip);
  g_test_add_func ("/Dc/SyncCodec/request-rejections", test_request_rejections);
  g_test_add_func ("/Dc/SyncCodec/response-round-trip", test_response_round_trip);
  g_test_add_func ("/Dc/SyncCodec/response-malformed", test_response_malformed);
  return g_test_run ();
}
