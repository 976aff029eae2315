/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-system-routes"

#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>

#include "dc-error.h"
#include "dc-routes.h"
#include "dc-server.h"

static JsonNode *
health_cb (DcRequest  *request,
           GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  g_autoptr(DcStmtReset) stmt = NULL;
  JsonObject *object = json_object_new ();
  gboolean db_ok;

  stmt = dc_store_prepare (store, "SELECT count(*) FROM schema_migrations", NULL);
  db_ok = stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;

  json_object_set_string_member (object, "status", db_ok ? "ok" : "degraded");
  json_object_set_string_member (object, "database", db_ok ? "ok" : "unavailable");
  if (db_ok)
    json_object_set_int_member (object, "migrations", sqlite3_column_int64 (stmt, 0));
  if (!db_ok)
    dc_request_set_status (request, 503);
  return dc_json_node_new_object (object);
}

static JsonNode *
version_cb (DcRequest  *request,
            GError    **error)
{
  JsonObject *object = json_object_new ();
  g_autofree char *soup = g_strdup_printf ("%u.%u.%u", soup_get_major_version (),
                                           soup_get_minor_version (),
                                           soup_get_micro_version ());

  json_object_set_string_member (object, "name", "dualcaster-server");
  json_object_set_string_member (object, "version", PACKAGE_VERSION);
  json_object_set_string_member (object, "api", "1");
  json_object_set_string_member (object, "sqlite", sqlite3_libversion ());
  json_object_set_string_member (object, "libsoup", soup);
  return dc_json_node_new_object (object);
}

static JsonNode *
openapi_cb (DcRequest  *request,
            GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resources_lookup_data ("/com/dualcasterdeals/server/openapi.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL,
                        "The API description is missing from this build");
      return NULL;
    }
  dc_request_set_raw_body (request, "application/json", bytes);
  return NULL;
}

/* Reached only by a GET /api/ws that is not a WebSocket handshake. */
static JsonNode *
ws_plain_cb (DcRequest  *request,
             GError    **error)
{
  dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "websocket.upgrade_required", NULL,
                    "/api/ws speaks WebSocket only");
  return NULL;
}

void
dc_system_routes_register (DcRouter *router)
{
  dc_router_add (router, "GET", "/api/health", DC_ROUTE_PUBLIC, health_cb);
  dc_router_add (router, "GET", "/api/version", DC_ROUTE_PUBLIC, version_cb);
  dc_router_add (router, "GET", "/api/openapi.json", DC_ROUTE_PUBLIC, openapi_cb);
  dc_router_add (router, "GET", "/api/ws", DC_ROUTE_PUBLIC, ws_plain_cb);
}
