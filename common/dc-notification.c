/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-notification"

#include "config.h"

#include "dc-error.h"
#include "dc-list-items.h"
#include "dc-notification.h"

static const char *kind_names[DC_NOTIFICATION_N_KINDS] = {
  [DC_NOTIFICATION_PRICE_ALERT] = "price_alert",
  [DC_NOTIFICATION_PRICE_SPIKE] = "price_spike",
  [DC_NOTIFICATION_TRADE_MATCH] = "trade_match",
  [DC_NOTIFICATION_TRADE_PROPOSAL] = "trade_proposal",
  [DC_NOTIFICATION_MESSAGE] = "message",
  [DC_NOTIFICATION_SYSTEM] = "system",
};

const char *
dc_notification_kind_to_string (DcNotificationKind kind)
{
  g_return_val_if_fail (kind < DC_NOTIFICATION_N_KINDS, NULL);

  return kind_names[kind];
}

gboolean
dc_notification_kind_from_string (const char         *text,
                                  DcNotificationKind *out_kind)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < DC_NOTIFICATION_N_KINDS; i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

DcNotification *
dc_notification_new (void)
{
  DcNotification *notification = g_new0 (DcNotification, 1);

  notification->data = json_object_new ();
  notification->kind = DC_NOTIFICATION_SYSTEM;
  return notification;
}

void
dc_notification_free (DcNotification *notification)
{
  if (notification == NULL)
    return;
  g_free (notification->id);
  g_free (notification->title);
  g_free (notification->body);
  g_clear_pointer (&notification->data, json_object_unref);
  g_free (notification);
}

static void
set_time (JsonObject *object,
          const char *name,
          gint64      ms)
{
  if (ms > 0)
    {
      g_autofree char *text = dc_ms_to_rfc3339 (ms);
      json_object_set_string_member (object, name, text);
    }
  else
    json_object_set_null_member (object, name);
}

JsonObject *
dc_notification_to_json (const DcNotification *notification)
{
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (notification != NULL, object);

  json_object_set_string_member (object, "id", notification->id);
  json_object_set_string_member (object, "kind",
                                 dc_notification_kind_to_string (notification->kind));
  json_object_set_string_member (object, "title", notification->title);
  json_object_set_string_member (object, "body", notification->body);
  json_object_set_object_member (object, "data", json_object_ref (notification->data));
  set_time (object, "created_at", notification->created_at);
  set_time (object, "read_at", notification->read_at);
  return object;
}

static const char *
string_member (JsonObject  *object,
               const char  *name,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      dc_api_error_set_field (error, name, "%s must be a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

DcNotification *
dc_notification_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(DcNotification) notification = dc_notification_new ();
  const char *id, *kind, *title, *body, *created_at;
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);

  if ((id = string_member (object, "id", error)) == NULL ||
      (kind = string_member (object, "kind", error)) == NULL ||
      (title = string_member (object, "title", error)) == NULL ||
      (body = string_member (object, "body", error)) == NULL ||
      (created_at = string_member (object, "created_at", error)) == NULL)
    return NULL;
  if (!dc_is_uuid (id))
    {
      dc_api_error_set_field (error, "id", "id must be a UUID");
      return NULL;
    }
  /* A kind this build does not know yet is not an error for a client: it shows it as a
   * plain notice. */
  if (!dc_notification_kind_from_string (kind, &notification->kind))
    notification->kind = DC_NOTIFICATION_SYSTEM;
  notification->id = g_strdup (id);
  notification->title = g_strdup (title);
  notification->body = g_strdup (body);
  notification->created_at = dc_rfc3339_to_ms (created_at);
  if (notification->created_at <= 0)
    {
      dc_api_error_set_field (error, "created_at", "created_at must be an RFC 3339 time");
      return NULL;
    }

  node = json_object_get_member (object, "read_at");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      const char *read_at = string_member (object, "read_at", error);

      if (read_at == NULL)
        return NULL;
      notification->read_at = dc_rfc3339_to_ms (read_at);
      if (notification->read_at <= 0)
        {
          dc_api_error_set_field (error, "read_at", "read_at must be an RFC 3339 time or null");
          return NULL;
        }
    }

  node = json_object_get_member (object, "data");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          dc_api_error_set_field (error, "data", "data must be an object");
          return NULL;
        }
      g_clear_pointer (&notification->data, json_object_unref);
      notification->data = json_object_ref (json_node_get_object (node));
    }
  return g_steal_pointer (&notification);
}
