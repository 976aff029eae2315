/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-router"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dc-discord-service.h"
#include "dc-error.h"
#include "dc-rate-limiter.h"
#include "dc-router.h"
#include "dc-server.h"

#define JSON_MAX_DEPTH 32

typedef struct
{
  char           *method;
  char           *pattern;
  gboolean        has_params;
  char          **segments;
  DcRouteFlags    flags;
  DcRouteHandler  handler;
} DcRoute;

struct _DcRouter
{
  GPtrArray *routes;
  DcServer  *server; /* unowned */
};

struct _DcRequest
{
  DcServer          *server;
  SoupServerMessage *msg;
  const char        *path;
  GHashTable        *params;
  GHashTable        *query;
  gint64             user_id;
  char              *session_id;
  guint              status;
  GBytes            *raw_body;
  char              *raw_content_type;
};

static void
dc_route_free (gpointer data)
{
  DcRoute *route = data;

  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route);
}

DcRouter *
dc_router_new (void)
{
  DcRouter *router = g_new0 (DcRouter, 1);

  router->routes = g_ptr_array_new_with_free_func (dc_route_free);
  return router;
}

void
dc_router_free (DcRouter *router)
{
  if (router == NULL)
    return;
  g_ptr_array_unref (router->routes);
  g_free (router);
}

void
dc_router_add (DcRouter       *router,
               const char     *method,
               const char     *pattern,
               DcRouteFlags    flags,
               DcRouteHandler  handler)
{
  DcRoute *route = g_new0 (DcRoute, 1);

  g_return_if_fail (pattern[0] == '/');

  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = g_strsplit (pattern + 1, "/", -1);
  route->has_params = strchr (pattern, '{') != NULL;
  route->flags = flags;
  route->handler = handler;
  g_ptr_array_add (router->routes, route);
}

void
dc_router_foreach (DcRouter *router,
                   void    (*func) (const char *method,
                                    const char *pattern,
                                    gpointer    user_data),
                   gpointer  user_data)
{
  for (guint i = 0; i < router->routes->len; i++)
    {
      DcRoute *route = g_ptr_array_index (router->routes, i);
      func (route->method, route->pattern, user_data);
    }
}

static gboolean
route_match (DcRoute     *route,
             char       **segments,
             GHashTable  *params)
{
  guint i;

  for (i = 0; route->segments[i] != NULL && segments[i] != NULL; i++)
    {
      const char *want = route->segments[i];
      gsize len = strlen (want);

      if (want[0] == '{' && len > 2 && want[len - 1] == '}')
        {
          if (segments[i][0] == '\0')
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params, g_strndup (want + 1, len - 2),
                                 g_uri_unescape_string (segments[i], NULL));
        }
      else if (strcmp (want, segments[i]) != 0)
        return FALSE;
    }
  return route->segments[i] == NULL && segments[i] == NULL;
}

/* Finds the route for (method, path). Sets *out_path_known when some route has this path
 * with another method, so the caller can answer 405 rather than 404. */
static DcRoute *
router_lookup (DcRouter    *router,
               const char  *method,
               const char  *path,
               GHashTable  *params,
               gboolean    *out_path_known)
{
  g_auto(GStrv) segments = NULL;
  const char *trimmed = path + 1;
  g_autofree char *copy = NULL;

  *out_path_known = FALSE;
  if (path[0] != '/')
    return NULL;

  copy = g_strdup (trimmed);
  if (*copy != '\0' && copy[strlen (copy) - 1] == '/')
    copy[strlen (copy) - 1] = '\0';
  segments = g_strsplit (copy, "/", -1);

  /* Literal routes win over patterns: /api/inventory/export is not /api/inventory/{id}. */
  for (guint n = 0; n < 2 * router->routes->len; n++)
    {
      DcRoute *route = g_ptr_array_index (router->routes, n % router->routes->len);

      if (route->has_params != (n >= router->routes->len))
        continue;
      if (!route_match (route, segments, NULL))
        continue;
      if (strcmp (route->method, method) == 0 ||
          (strcmp (method, "HEAD") == 0 && strcmp (route->method, "GET") == 0))
        {
          route_match (route, segments, params);
          return route;
        }
      *out_path_known = TRUE;
    }
  return NULL;
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize len = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), len);
}

static void
respond_error (SoupServerMessage *msg,
               const GError      *error)
{
  g_autoptr(JsonNode) node = dc_error_envelope_build (error);
  guint status = error->domain == DC_API_ERROR ? dc_api_error_kind_to_status (error->code) : 500;

  if (error->domain != DC_API_ERROR)
    g_warning ("Internal error: %s", error->message);
  respond_json (msg, status, node);
}

static void
access_log (SoupServerMessage *msg,
            gint64             started_us)
{
  static int enabled = -1;
  SoupMessageBody *response_body;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *ip = soup_server_message_get_remote_host (msg);

  if (enabled < 0)
    enabled = g_strcmp0 (g_getenv ("DUALCASTER_ACCESS_LOG"), "0") != 0;
  if (!enabled)
    return;

  response_body = soup_server_message_get_response_body (msg);
  /* Only the path: query strings can carry OAuth codes and states; headers carry
   * tokens. Neither is ever logged. */
  fprintf (stderr, "access: %s \"%s %s\" %u %" G_GINT64_FORMAT " %.1fms\n",
           ip ? ip : "-", soup_server_message_get_method (msg), g_uri_get_path (uri),
           soup_server_message_get_status (msg),
           (gint64) response_body->length,
           (g_get_monotonic_time () - started_us) / 1000.0);
}

static gsize
route_body_limit (DcRoute *route)
{
  return (route && (route->flags & DC_ROUTE_LARGE_BODY)) ? DC_BODY_LIMIT_IMPORT
                                                         : DC_BODY_LIMIT_DEFAULT;
}

static void
early_handler_cb (SoupServer        *soup_server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  DcRouter *router = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  gboolean path_known;
  DcRoute *route;

  if (length <= 0)
    return;

  route = router_lookup (router, soup_server_message_get_method (msg), path, NULL, &path_known);
  if ((gsize) length > route_body_limit (route))
    {
      g_autoptr(GError) error = NULL;

      dc_api_error_set (&error, DC_API_ERROR_PAYLOAD_TOO_LARGE, "request.too_large", NULL,
                        "The request body is larger than %zu bytes", route_body_limit (route));
      /* Setting a status here makes libsoup answer without reading the body. */
      respond_error (msg, error);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      access_log (msg, g_get_monotonic_time ());
    }
}

static gboolean
check_rate_limit (DcRequest  *request,
                  DcRoute    *route,
                  GError    **error)
{
  DcRateLimiter *limiter;
  gint64 retry_after;

  if (!(route->flags & DC_ROUTE_RATE_LIMITED_AUTH))
    return TRUE;

  limiter = dc_server_get_auth_rate_limiter (request->server);
  if (dc_rate_limiter_check (limiter, dc_request_get_client_ip (request), &retry_after))
    return TRUE;

  {
    g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);
    JsonObject *details = json_object_new ();

    json_object_set_int_member (details, "retry_after", retry_after);
    dc_request_set_header (request, "Retry-After", value);
    dc_api_error_set (error, DC_API_ERROR_RATE_LIMITED, "auth.rate_limited", details,
                      "Too many attempts from this address; try again in %" G_GINT64_FORMAT
                      " seconds", retry_after);
  }
  return FALSE;
}

static void
handler_cb (SoupServer        *soup_server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  DcRouter *router = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 started = g_get_monotonic_time ();
  const char *method = soup_server_message_get_method (msg);
  gboolean path_known = FALSE;
  DcRequest request = { 0 };
  DcRoute *route;

  /* The early handler already answered 413. */
  if (soup_server_message_get_status (msg) != 0)
    {
      access_log (msg, started);
      return;
    }

  request.server = router->server;
  request.msg = msg;
  request.path = path;
  request.params = params;
  request.query = query;

  route = router_lookup (router, method, path, params, &path_known);
  if (route == NULL)
    {
      if (path_known)
        dc_api_error_set (&error, DC_API_ERROR_METHOD_NOT_ALLOWED, NULL, NULL,
                          "Method %s is not allowed on %s", method, path);
      else
        dc_api_error_set (&error, DC_API_ERROR_NOT_FOUND, "route.not_found", NULL,
                          "No such route: %s", path);
    }
  else
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      if (body->length > (goffset) route_body_limit (route))
        dc_api_error_set (&error, DC_API_ERROR_PAYLOAD_TOO_LARGE, "request.too_large", NULL,
                          "The request body is larger than %zu bytes",
                          route_body_limit (route));
      else if (check_rate_limit (&request, route, &error))
        result = route->handler (&request, &error);
    }

  if (error != NULL)
    respond_error (msg, error);
  else if (result != NULL)
    respond_json (msg, request.status ? request.status : 200, result);
  else if (request.raw_body != NULL)
    {
      soup_server_message_set_status (msg, request.status ? request.status : 200, NULL);
      soup_server_message_set_response (msg, request.raw_content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (request.raw_body, NULL),
                                        g_bytes_get_size (request.raw_body));
    }
  else
    soup_server_message_set_status (msg, request.status ? request.status : 204, NULL);

  access_log (msg, started);

  g_clear_pointer (&request.raw_body, g_bytes_unref);
  g_free (request.raw_content_type);
  g_free (request.session_id);
}

void
dc_router_attach (DcRouter   *router,
                  DcServer   *server,
                  SoupServer *soup_server)
{
  router->server = server;
  soup_server_add_early_handler (soup_server, NULL, early_handler_cb, router, NULL);
  soup_server_add_handler (soup_server, NULL, handler_cb, router, NULL);
}

DcServer *
dc_request_get_server (DcRequest *request)
{
  return request->server;
}

SoupServerMessage *
dc_request_get_message (DcRequest *request)
{
  return request->msg;
}

const char *
dc_request_get_method (DcRequest *request)
{
  return soup_server_message_get_method (request->msg);
}

const char *
dc_request_get_path (DcRequest *request)
{
  return request->path;
}

const char *
dc_request_get_param (DcRequest  *request,
                      const char *name)
{
  return g_hash_table_lookup (request->params, name);
}

const char *
dc_request_get_query (DcRequest  *request,
                      const char *name)
{
  if (request->query == NULL)
    return NULL;
  return g_hash_table_lookup (request->query, name);
}

gboolean
dc_request_get_query_int (DcRequest   *request,
                          const char  *name,
                          gint64       min,
                          gint64       max,
                          gint64       fallback,
                          gint64      *out_value,
                          GError     **error)
{
  const char *text = dc_request_get_query (request, name);

  *out_value = fallback;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, out_value, NULL))
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "field", name);
      dc_api_error_set (error, DC_API_ERROR_VALIDATION, "validation.failed", details,
                        "%s must be a whole number from %" G_GINT64_FORMAT " to %"
                        G_GINT64_FORMAT, name, min, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
dc_request_get_query_bool (DcRequest   *request,
                           const char  *name,
                           gboolean     fallback,
                           gboolean    *out_value,
                           GError     **error)
{
  const char *text = dc_request_get_query (request, name);

  *out_value = fallback;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0)
    *out_value = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0)
    *out_value = FALSE;
  else
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "field", name);
      dc_api_error_set (error, DC_API_ERROR_VALIDATION, "validation.failed", details,
                        "%s must be true or false", name);
      return FALSE;
    }
  return TRUE;
}

const char *
dc_request_get_header (DcRequest  *request,
                       const char *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                       name);
}

const char *
dc_request_get_client_ip (DcRequest *request)
{
  const char *ip = soup_server_message_get_remote_host (request->msg);

  return ip ? ip : "unknown";
}

GBytes *
dc_request_get_body (DcRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);

  return soup_message_body_flatten (body);
}

/* json-glib has no depth limit of its own; a hostile body of a million '[' would recurse
 * through the parser. Count nesting outside strings first. */
static gboolean
json_depth_ok (const char *data,
               gsize       len)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > JSON_MAX_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

JsonObject *
dc_request_get_json_object (DcRequest  *request,
                            GError    **error)
{
  g_autoptr(GBytes) body = dc_request_get_body (request);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;

  if (len == 0)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "request.malformed_json", NULL,
                        "The request body must be a JSON object");
      return NULL;
    }
  if (!g_utf8_validate (data, len, NULL))
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "request.invalid_utf8", NULL,
                        "The request body is not valid UTF-8");
      return NULL;
    }
  if (!json_depth_ok (data, len))
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "request.too_deep", NULL,
                        "The request body nests deeper than %d levels", JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "request.malformed_json", NULL,
                        "The request body is not valid JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      dc_api_error_set (error, DC_API_ERROR_VALIDATION, "validation.failed", NULL,
                        "The request body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

const char *
dc_request_get_bearer_token (DcRequest *request)
{
  const char *header = dc_request_get_header (request, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  header += 7;
  while (*header == ' ')
    header++;
  return *header ? header : NULL;
}

gint64
dc_request_get_user_id (DcRequest *request)
{
  return request->user_id;
}

const char *
dc_request_get_session_id (DcRequest *request)
{
  return request->session_id;
}

void
dc_request_set_user (DcRequest  *request,
                     gint64      user_id,
                     const char *session_id)
{
  request->user_id = user_id;
  g_free (request->session_id);
  request->session_id = g_strdup (session_id);
}

gboolean
dc_request_require_user (DcRequest  *request,
                         GError    **error)
{
  const char *token;
  g_autofree char *session_id = NULL;
  gint64 user_id = 0;

  if (request->user_id != 0)
    return TRUE;

  /* The Discord bot acts for the Discord user it names (DESIGN §10). */
  {
    const char *header = dc_request_get_header (request, "Authorization");

    if (header != NULL && g_ascii_strncasecmp (header, "Bot ", 4) == 0)
      {
        if (!dc_discord_authenticate_bot (request->server, header + 4,
                                          dc_request_get_header (request, "X-Discord-User-Id"),
                                          &user_id, error))
          return FALSE;
        dc_request_set_user (request, user_id, NULL);
        return TRUE;
      }
  }

  token = dc_request_get_bearer_token (request);
  if (token == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_UNAUTHORIZED, "auth.required", NULL,
                        "Sign in to use this route");
      return FALSE;
    }
  if (!dc_server_authenticate (request->server, token, &user_id, &session_id, error))
    return FALSE;
  dc_request_set_user (request, user_id, session_id);
  return TRUE;
}

void
dc_request_set_status (DcRequest *request,
                       guint      status)
{
  request->status = status;
}

void
dc_request_set_header (DcRequest  *request,
                       const char *name,
                       const char *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                name, value);
}

void
dc_request_set_raw_body (DcRequest  *request,
                         const char *content_type,
                         GBytes     *body)
{
  g_clear_pointer (&request->raw_body, g_bytes_unref);
  g_free (request->raw_content_type);
  request->raw_body = g_bytes_ref (body);
  request->raw_content_type = g_strdup (content_type);
}

JsonNode *
dc_json_node_new_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
dc_json_node_new_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}
