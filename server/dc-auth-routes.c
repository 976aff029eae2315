/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-auth-routes"

#include "config.h"

#include "dc-auth-service.h"
#include "dc-error.h"
#include "dc-routes.h"
#include "dc-server.h"

static const char *
string_member (JsonObject *body,
               const char *name)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
device_name (DcRequest  *request,
             JsonObject *body)
{
  const char *name = string_member (body, "device_name");

  if (name == NULL)
    name = dc_request_get_header (request, "User-Agent");
  return name;
}

static JsonNode *
grant_answer (DcStore     *store,
              DcAuthGrant *grant,
              GError     **error)
{
  JsonObject *user = dc_auth_user_to_json (store, grant->user_id, error);
  JsonObject *object;

  if (user == NULL)
    return NULL;
  object = json_object_new ();
  json_object_set_object_member (object, "user", user);
  json_object_set_string_member (object, "token", grant->token);
  json_object_set_string_member (object, "session_id", grant->session_id);
  return dc_json_node_new_object (object);
}

static JsonNode *
register_cb (DcRequest  *request,
             GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  g_autoptr(JsonObject) body = dc_request_get_json_object (request, error);
  g_auto(DcAuthGrant) grant = { 0 };
  JsonNode *answer;

  if (body == NULL)
    return NULL;
  if (!dc_auth_register (store, string_member (body, "email"), string_member (body, "username"),
                         string_member (body, "password"), device_name (request, body), &grant,
                         error))
    return NULL;
  answer = grant_answer (store, &grant, error);
  dc_request_set_status (request, 201);
  return answer;
}

static JsonNode *
login_cb (DcRequest  *request,
          GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  g_autoptr(JsonObject) body = dc_request_get_json_object (request, error);
  g_auto(DcAuthGrant) grant = { 0 };
  const char *login;

  if (body == NULL)
    return NULL;
  login = string_member (body, "login");
  if (login == NULL)
    login = string_member (body, "email");
  if (login == NULL)
    login = string_member (body, "username");
  if (!dc_auth_login (store, login, string_member (body, "password"),
                      device_name (request, body), &grant, error))
    return NULL;
  return grant_answer (store, &grant, error);
}

static void
forget_session (DcRequest  *request,
                const char *session_id)
{
  g_autofree char *key = dc_auth_session_cache_key (session_id);

  dc_cache_remove (dc_server_get_cache (dc_request_get_server (request)), key);
}

static JsonNode *
logout_cb (DcRequest  *request,
           GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));

  if (!dc_request_require_user (request, error) ||
      !dc_auth_revoke_session (store, dc_request_get_user_id (request),
                               dc_request_get_session_id (request), error))
    return NULL;
  forget_session (request, dc_request_get_session_id (request));
  dc_request_set_status (request, 204);
  return NULL;
}

static JsonNode *
me_cb (DcRequest  *request,
       GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  JsonObject *user;

  if (!dc_request_require_user (request, error))
    return NULL;
  user = dc_auth_user_to_json (store, dc_request_get_user_id (request), error);
  return user ? dc_json_node_new_object (user) : NULL;
}

static JsonNode *
change_password_cb (DcRequest  *request,
                    GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  g_autoptr(JsonObject) body = NULL;

  if (!dc_request_require_user (request, error))
    return NULL;
  body = dc_request_get_json_object (request, error);
  if (body == NULL)
    return NULL;
  if (!dc_auth_change_password (store, dc_request_get_user_id (request),
                                dc_request_get_session_id (request),
                                string_member (body, "current_password"),
                                string_member (body, "new_password"), error))
    return NULL;
  /* Every other session of this user just ended; dropping all cached sessions is simpler
   * than finding theirs, and only costs other users one lookup each. */
  dc_cache_remove_prefix (dc_server_get_cache (dc_request_get_server (request)), "session:");
  dc_request_set_status (request, 204);
  return NULL;
}

static JsonNode *
sessions_cb (DcRequest  *request,
             GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  JsonArray *sessions;
  JsonObject *object;

  if (!dc_request_require_user (request, error))
    return NULL;
  sessions = dc_auth_list_sessions (store, dc_request_get_user_id (request),
                                    dc_request_get_session_id (request), error);
  if (sessions == NULL)
    return NULL;
  object = json_object_new ();
  json_object_set_array_member (object, "sessions", sessions);
  return dc_json_node_new_object (object);
}

static JsonNode *
revoke_session_cb (DcRequest  *request,
                   GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));

  if (!dc_request_require_user (request, error) ||
      !dc_auth_revoke_session (store, dc_request_get_user_id (request),
                               dc_request_get_param (request, "id"), error))
    return NULL;
  forget_session (request, dc_request_get_param (request, "id"));
  dc_request_set_status (request, 204);
  return NULL;
}

void
dc_auth_routes_register (DcRouter *router)
{
  dc_router_add (router, "POST", "/api/auth/register", DC_ROUTE_RATE_LIMITED_AUTH, register_cb);
  dc_router_add (router, "POST", "/api/auth/login", DC_ROUTE_RATE_LIMITED_AUTH, login_cb);
  dc_router_add (router, "POST", "/api/auth/logout", DC_ROUTE_PUBLIC, logout_cb);
  dc_router_add (router, "GET", "/api/auth/me", DC_ROUTE_PUBLIC, me_cb);
  dc_router_add (router, "POST", "/api/auth/change-password", DC_ROUTE_RATE_LIMITED_AUTH,
                 change_password_cb);
  dc_router_add (router, "GET", "/api/auth/sessions", DC_ROUTE_PUBLIC, sessions_cb);
  dc_router_add (router, "DELETE", "/api/auth/sessions/{id}", DC_ROUTE_PUBLIC,
                 revoke_session_cb);
}
