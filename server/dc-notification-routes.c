/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-notification-routes"

#include "config.h"

#include "dc-error.h"
#include "dc-notification-service.h"
#include "dc-routes.h"
#include "dc-server.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX     100

static DcStore *
store_of (DcRequest *request)
{
  return dc_server_get_store (dc_request_get_server (request));
}

/* GET /api/notifications?unread=&limit=&before= */
static JsonNode *
list_cb (DcRequest  *request,
         GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *array;
  gboolean unread_only;
  gint64 limit, before, next_before, unread;
  gint64 user_id;

  if (!dc_request_require_user (request, error) ||
      !dc_request_get_query_bool (request, "unread", FALSE, &unread_only, error) ||
      !dc_request_get_query_int (request, "limit", 1, LIMIT_MAX, LIMIT_DEFAULT, &limit, error) ||
      !dc_request_get_query_int (request, "before", 1, G_MAXINT64, G_MAXINT64, &before, error))
    return NULL;
  user_id = dc_request_get_user_id (request);

  list = dc_notification_list (store, user_id, unread_only, before, (guint) limit, &next_before,
                               error);
  if (list == NULL || !dc_notification_unread_count (store, user_id, &unread, error))
    return NULL;

  array = json_array_sized_new (list->len);
  for (guint i = 0; i < list->len; i++)
    json_array_add_object_element (array, dc_notification_to_json (g_ptr_array_index (list, i)));
  json_object_set_array_member (answer, "notifications", array);
  json_object_set_int_member (answer, "unread_count", unread);
  if (next_before > 0)
    {
      g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, next_before);
      json_object_set_string_member (answer, "next_before", cursor);
    }
  else
    json_object_set_null_member (answer, "next_before");
  return dc_json_node_new_object (g_steal_pointer (&answer));
}

/* POST /api/notifications/{id}/read */
static JsonNode *
read_cb (DcRequest  *request,
         GError    **error)
{
  g_autoptr(DcNotification) notification = NULL;
  const char *id = dc_request_get_param (request, "id");

  if (!dc_request_require_user (request, error))
    return NULL;
  if (!g_uuid_string_is_valid (id))
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "not_found", NULL,
                        "No notification with this id");
      return NULL;
    }
  notification = dc_notification_mark_read (store_of (request), dc_request_get_user_id (request),
                                            id, error);
  if (notification == NULL)
    return NULL;
  return dc_json_node_new_object (dc_notification_to_json (notification));
}

/* POST /api/notifications/read-all */
static JsonNode *
read_all_cb (DcRequest  *request,
             GError    **error)
{
  JsonObject *answer;
  gint64 marked;

  if (!dc_request_require_user (request, error) ||
      !dc_notification_mark_all_read (store_of (request), dc_request_get_user_id (request),
                                      &marked, error))
    return NULL;
  answer = json_object_new ();
  json_object_set_int_member (answer, "marked", marked);
  json_object_set_int_member (answer, "unread_count", 0);
  return dc_json_node_new_object (answer);
}

void
dc_notification_routes_register (DcRouter *router)
{
  dc_router_add (router, "GET", "/api/notifications", DC_ROUTE_PUBLIC, list_cb);
  dc_router_add (router, "POST", "/api/notifications/read-all", DC_ROUTE_PUBLIC, read_all_cb);
  dc_router_add (router, "POST", "/api/notifications/{id}/read", DC_ROUTE_PUBLIC, read_cb);
}
