/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-sync"

#include "config.h"

#include <string.h>

#include "dc-error.h"
#include "dc-list-items.h"
#include "dc-sync.h"

static const char *op_types[] = { "upsert", "adjust", "delete" };
static const char *entities[] = { "inventory_item", "have_item", "want_item" };
static const char *statuses[] = { "ok", "conflict", "rejected" };

static gboolean
lookup (const char  *text,
        const char **table,
        guint        n,
        int         *out)
{
  for (guint i = 0; text && i < n; i++)
    if (g_str_equal (text, table[i]))
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dc_sync_op_type_to_string (DcSyncOpType type)
{
  return op_types[type];
}

gboolean
dc_sync_op_type_from_string (const char   *text,
                             DcSyncOpType *out_type)
{
  int value;

  if (!lookup (text, op_types, G_N_ELEMENTS (op_types), &value))
    return FALSE;
  *out_type = (DcSyncOpType) value;
  return TRUE;
}

const char *
dc_sync_entity_to_string (DcSyncEntity entity)
{
  return entities[entity];
}

gboolean
dc_sync_entity_from_string (const char   *text,
                            DcSyncEntity *out_entity)
{
  int value;

  if (!lookup (text, entities, G_N_ELEMENTS (entities), &value))
    return FALSE;
  *out_entity = (DcSyncEntity) value;
  return TRUE;
}

const char *
dc_sync_status_to_string (DcSyncStatus status)
{
  return statuses[status];
}

static gboolean
status_from_string (const char   *text,
                    DcSyncStatus *out_status)
{
  int value;

  if (!lookup (text, statuses, G_N_ELEMENTS (statuses), &value))
    return FALSE;
  *out_status = (DcSyncStatus) value;
  return TRUE;
}

DcSyncOp *
dc_sync_op_new (DcSyncOpType  type,
                DcSyncEntity  entity,
                const char   *id)
{
  DcSyncOp *op = g_new0 (DcSyncOp, 1);

  op->op_id = g_uuid_string_random ();
  op->type = type;
  op->entity = entity;
  op->id = g_strdup (id);
  return op;
}

void
dc_sync_op_free (DcSyncOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_id);
  g_free (op->id);
  g_clear_pointer (&op->fields, json_object_unref);
  g_free (op);
}

JsonObject *
dc_sync_op_to_json (const DcSyncOp *op)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "op_id", op->op_id);
  json_object_set_string_member (object, "type", dc_sync_op_type_to_string (op->type));
  json_object_set_string_member (object, "entity", dc_sync_entity_to_string (op->entity));
  json_object_set_string_member (object, "id", op->id);
  if (op->type == DC_SYNC_OP_UPSERT)
    json_object_set_object_member (object, "fields",
                                   op->fields ? json_object_ref (op->fields)
                                              : json_object_new ());
  json_object_set_int_member (object, "base_rev", op->base_rev);
  if (op->type == DC_SYNC_OP_ADJUST)
    json_object_set_int_member (object, "quantity_delta", op->quantity_delta);
  return object;
}

static gboolean
op_field_error (GError     **error,
                guint        index,
                const char  *field,
                const char  *message)
{
  g_autofree char *name = g_strdup_printf ("ops[%u].%s", index, field);

  dc_api_error_set_field (error, name, "%s %s", name, message);
  return FALSE;
}

static DcSyncOp *
op_from_json (JsonObject  *object,
              guint        index,
              GError     **error)
{
  g_autoptr(DcSyncOp) op = g_new0 (DcSyncOp, 1);
  const char *text;
  JsonNode *node;

  text = json_object_get_string_member_with_default (object, "op_id", NULL);
  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return op_field_error (error, index, "op_id", "must be a non-empty string"), NULL;
  op->op_id = g_strdup (text);

  if (!dc_sync_op_type_from_string (json_object_get_string_member_with_default (object, "type",
                                                                                NULL),
                                    &op->type))
    return op_field_error (error, index, "type", "must be upsert, adjust or delete"), NULL;
  if (!dc_sync_entity_from_string (json_object_get_string_member_with_default (object, "entity",
                                                                               NULL),
                                   &op->entity))
    return op_field_error (error, index, "entity",
                           "must be inventory_item, have_item or want_item"), NULL;

  text = json_object_get_string_member_with_default (object, "id", NULL);
  if (!dc_is_uuid (text))
    return op_field_error (error, index, "id", "must be a UUID"), NULL;
  op->id = g_ascii_strdown (text, -1);

  node = json_object_get_member (object, "base_rev");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
        return op_field_error (error, index, "base_rev", "must be a whole number"), NULL;
      op->base_rev = json_node_get_int (node);
    }

  switch (op->type)
    {
    case DC_SYNC_OP_UPSERT:
      node = json_object_get_member (object, "fields");
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return op_field_error (error, index, "fields", "must be an object"), NULL;
      op->fields = json_object_ref (json_node_get_object (node));
      break;
    case DC_SYNC_OP_ADJUST:
      node = json_object_get_member (object, "quantity_delta");
      if (op->entity != DC_SYNC_ENTITY_INVENTORY_ITEM)
        return op_field_error (error, index, "entity",
                               "adjust applies to inventory_item only"), NULL;
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_INT64 ||
          ABS (json_node_get_int (node)) > 1000000)
        return op_field_error (error, index, "quantity_delta", "must be a whole number"), NULL;
      op->quantity_delta = json_node_get_int (node);
      break;
    case DC_SYNC_OP_DELETE:
    default:
      break;
    }
  return g_steal_pointer (&op);
}

DcSyncOp *
dc_sync_op_from_json (JsonObject  *object,
                      GError     **error)
{
  return op_from_json (object, 0, error);
}

DcSyncRequest *
dc_sync_request_new (void)
{
  DcSyncRequest *request = g_new0 (DcSyncRequest, 1);

  request->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_sync_op_free);
  return request;
}

void
dc_sync_request_free (DcSyncRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->device_id);
  g_ptr_array_unref (request->ops);
  g_free (request);
}

JsonNode *
dc_sync_request_to_json (const DcSyncRequest *request)
{
  JsonObject *object = json_object_new ();
  JsonArray *ops = json_array_sized_new (request->ops->len);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "device_id", request->device_id);
  json_object_set_int_member (object, "cursor", request->cursor);
  for (guint i = 0; i < request->ops->len; i++)
    json_array_add_object_element (ops, dc_sync_op_to_json (g_ptr_array_index (request->ops, i)));
  json_object_set_array_member (object, "ops", ops);
  json_node_take_object (node, object);
  return node;
}

DcSyncRequest *
dc_sync_request_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(DcSyncRequest) request = dc_sync_request_new ();
  const char *device_id;
  JsonNode *node;

  device_id = json_object_get_string_member_with_default (object, "device_id", NULL);
  if (device_id == NULL || *device_id == '\0' || strlen (device_id) > 100)
    {
      dc_api_error_set_field (error, "device_id", "device_id is required");
      return NULL;
    }
  request->device_id = g_strdup (device_id);

  node = json_object_get_member (object, "cursor");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0)
        {
          dc_api_error_set_field (error, "cursor", "cursor must be a whole number");
          return NULL;
        }
      request->cursor = json_node_get_int (node);
    }

  node = json_object_get_member (object, "ops");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *ops;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          dc_api_error_set_field (error, "ops", "ops must be a list");
          return NULL;
        }
      ops = json_node_get_array (node);
      if (json_array_get_length (ops) > DC_SYNC_MAX_OPS)
        {
          dc_api_error_set_field (error, "ops", "At most %d ops per request", DC_SYNC_MAX_OPS);
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (ops); i++)
        {
          JsonNode *element = json_array_get_element (ops, i);
          DcSyncOp *op;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              op_field_error (error, i, "op", "must be an object");
              return NULL;
            }
          op = op_from_json (json_node_get_object (element), i, error);
          if (op == NULL)
            return NULL;
          g_ptr_array_add (request->ops, op);
        }
    }
  return g_steal_pointer (&request);
}

DcSyncResult *
dc_sync_result_new (const char   *op_id,
                    DcSyncStatus  status)
{
  DcSyncResult *result = g_new0 (DcSyncResult, 1);

  result->op_id = g_strdup (op_id);
  result->status = status;
  return result;
}

void
dc_sync_result_set_error (DcSyncResult *result,
                          const GError *error)
{
  g_autoptr(JsonNode) envelope = dc_error_envelope_build (error);
  JsonObject *inner = json_object_get_object_member (json_node_get_object (envelope), "error");

  g_clear_pointer (&result->error, json_object_unref);
  result->error = json_object_ref (inner);
}

void
dc_sync_result_free (DcSyncResult *result)
{
  if (result == NULL)
    return;
  g_free (result->op_id);
  g_clear_pointer (&result->error, json_object_unref);
  g_clear_pointer (&result->row, json_object_unref);
  g_free (result);
}

DcSyncChange *
dc_sync_change_new (DcSyncEntity  entity,
                    const char   *id,
                    gint64        rev,
                    gboolean      deleted,
                    JsonObject   *fields)
{
  DcSyncChange *change = g_new0 (DcSyncChange, 1);

  change->entity = entity;
  change->id = g_strdup (id);
  change->rev = rev;
  change->deleted = deleted;
  change->fields = fields ? json_object_ref (fields) : NULL;
  return change;
}

void
dc_sync_change_free (DcSyncChange *change)
{
  if (change == NULL)
    return;
  g_free (change->id);
  g_clear_pointer (&change->fields, json_object_unref);
  g_free (change);
}

DcSyncResponse *
dc_sync_response_new (void)
{
  DcSyncResponse *response = g_new0 (DcSyncResponse, 1);

  response->results = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_sync_result_free);
  response->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_sync_change_free);
  return response;
}

void
dc_sync_response_free (DcSyncResponse *response)
{
  if (response == NULL)
    return;
  g_ptr_array_unref (response->results);
  g_ptr_array_unref (response->changes);
  g_free (response);
}

JsonNode *
dc_sync_response_to_json (const DcSyncResponse *response)
{
  JsonObject *object = json_object_new ();
  JsonArray *results = json_array_sized_new (response->results->len);
  JsonArray *changes = json_array_sized_new (response->changes->len);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < response->results->len; i++)
    {
      DcSyncResult *result = g_ptr_array_index (response->results, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "op_id", result->op_id);
      json_object_set_string_member (item, "status", dc_sync_status_to_string (result->status));
      if (result->error)
        json_object_set_object_member (item, "error", json_object_ref (result->error));
      else
        json_object_set_null_member (item, "error");
      if (result->row)
        json_object_set_object_member (item, "row", json_object_ref (result->row));
      else
        json_object_set_null_member (item, "row");
      json_array_add_object_element (results, item);
    }
  for (guint i = 0; i < response->changes->len; i++)
    {
      DcSyncChange *change = g_ptr_array_index (response->changes, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "entity", dc_sync_entity_to_string (change->entity));
      json_object_set_string_member (item, "id", change->id);
      json_object_set_int_member (item, "rev", change->rev);
      json_object_set_boolean_member (item, "deleted", change->deleted);
      if (change->fields)
        json_object_set_object_member (item, "fields", json_object_ref (change->fields));
      else
        json_object_set_null_member (item, "fields");
      json_array_add_object_element (changes, item);
    }
  json_object_set_array_member (object, "results", results);
  json_object_set_array_member (object, "changes", changes);
  json_object_set_int_member (object, "cursor", response->cursor);
  json_object_set_boolean_member (object, "has_more", response->has_more);
  json_node_take_object (node, object);
  return node;
}

static gboolean
invalid_response (GError     **error,
                  const char  *what)
{
  dc_api_error_set (error, DC_API_ERROR_BAD_GATEWAY, "sync.bad_response", NULL,
                    "The server's sync answer is malformed (%s)", what);
  return FALSE;
}

DcSyncResponse *
dc_sync_response_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(DcSyncResponse) response = dc_sync_response_new ();
  JsonObject *object;
  JsonArray *results, *changes;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid_response (error, "not an object"), NULL;
  object = json_node_get_object (node);
  results = json_object_get_array_member (object, "results");
  changes = json_object_get_array_member (object, "changes");
  if (results == NULL || changes == NULL)
    return invalid_response (error, "results or changes missing"), NULL;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *item = json_array_get_object_element (results, i);
      DcSyncStatus status;
      DcSyncResult *result;
      JsonNode *member;

      if (item == NULL ||
          !status_from_string (json_object_get_string_member_with_default (item, "status", NULL),
                               &status))
        return invalid_response (error, "result status"), NULL;
      result = dc_sync_result_new (json_object_get_string_member_with_default (item, "op_id",
                                                                               NULL),
                                   status);
      g_ptr_array_add (response->results, result);
      member = json_object_get_member (item, "error");
      if (member && JSON_NODE_HOLDS_OBJECT (member))
        result->error = json_object_ref (json_node_get_object (member));
      member = json_object_get_member (item, "row");
      if (member && JSON_NODE_HOLDS_OBJECT (member))
        result->row = json_object_ref (json_node_get_object (member));
    }

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *item = json_array_get_object_element (changes, i);
      DcSyncEntity entity;
      JsonNode *member;
      const char *id;

      if (item == NULL ||
          !dc_sync_entity_from_string (json_object_get_string_member_with_default (item, "entity",
                                                                                   NULL),
                                       &entity))
        return invalid_response (error, "change entity"), NULL;
      id = json_object_get_string_member_with_default (item, "id", NULL);
      if (id == NULL)
        return invalid_response (error, "change id"), NULL;
      member = json_object_get_member (item, "fields");
      g_ptr_array_add (response->changes,
                       dc_sync_change_new (entity, id,
                                           json_object_get_int_member_with_default (item, "rev",
                                                                                    0),
                                           json_object_get_boolean_member_with_default (
                                             item, "deleted", FALSE),
                                           member && JSON_NODE_HOLDS_OBJECT (member)
                                             ? json_node_get_object (member) : NULL));
    }

  response->cursor = json_object_get_int_member_with_default (object, "cursor", 0);
  response->has_more = json_object_get_boolean_member_with_default (object, "has_more", FALSE);
  return g_steal_pointer (&response);
}
