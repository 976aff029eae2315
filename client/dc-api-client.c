/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-api-client"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dc-api-client.h"
#include "dc-error.h"

/* DcApiClient: the one place where the client speaks HTTP to its server. Everything is
 * asynchronous on the main context (libsoup's recommended use); a worker thread that
 * needs to stream (the catalog download) may send on the same session, which libsoup 3.2
 * allows. */

struct _DcApiClient
{
  GObject      parent_instance;

  char        *base_url;
  char        *token;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (DcApiClient, dc_api_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (dc-api-client-error-quark, dc_api_client_error)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * dc_api_client_normalize_url:
 * @text: what the user typed as the server address
 * @error: return location for a %DC_API_CLIENT_ERROR_INVALID_URL error
 *
 * Turns "127.0.0.1:8000", "http://example.com/" or "https://example.com:8443" into the
 * canonical base URL "scheme://host[:port]" the client and the keyring use.
 *
 * Returns: (transfer full) (nullable): the base URL
 */
char *
dc_api_client_normalize_url (const char  *text,
                             GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  int port;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_URL,
                           _("Enter the address of a Dualcaster Deals server"));
      return NULL;
    }

  if (strstr (stripped, "://") == NULL)
    with_scheme = g_strconcat ("http://", stripped, NULL);
  else
    with_scheme = g_strdup (stripped);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_URL,
                   _("“%s” is not a server address (for example http://127.0.0.1:8000)"),
                   stripped);
      return NULL;
    }

  port = g_uri_get_port (uri);
  if (port > 0)
    {
      g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);
      g_autofree char *lower_host = g_ascii_strdown (host, -1);

      /* GUri gives IPv6 literals without brackets */
      if (strchr (lower_host, ':') != NULL)
        return g_strdup_printf ("%s://[%s]:%d", lower_scheme, lower_host, port);
      return g_strdup_printf ("%s://%s:%d", lower_scheme, lower_host, port);
    }
  else
    {
      g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);
      g_autofree char *lower_host = g_ascii_strdown (host, -1);

      if (strchr (lower_host, ':') != NULL)
        return g_strdup_printf ("%s://[%s]", lower_scheme, lower_host);
      return g_strdup_printf ("%s://%s", lower_scheme, lower_host);
    }
}

/**
 * dc_api_client_error_is_offline:
 * @error: (nullable): an error from this client
 *
 * Whether @error means the server could not be reached at all (connection refused, a
 * timeout, no route, no such host), as opposed to an answer the server gave.
 */
gboolean
dc_api_client_error_is_offline (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

static gboolean
transport_error_means_offline (const GError *error)
{
  if (error->domain == G_RESOLVER_ERROR)
    return TRUE;
  if (error->domain == G_TLS_ERROR)
    return FALSE;
  if (error->domain != G_IO_ERROR)
    return FALSE;
  switch (error->code)
    {
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_TIMED_OUT:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
    case G_IO_ERROR_HOST_NOT_FOUND:
    case G_IO_ERROR_CONNECTION_CLOSED:
    case G_IO_ERROR_NOT_CONNECTED:
    case G_IO_ERROR_PROXY_FAILED:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * dc_api_client_map_transport_error:
 * @self: a client
 * @error: (transfer full): an error from libsoup or GIO
 *
 * Maps the ways a request can fail to reach the server onto the one offline error
 * (%G_IO_ERROR_NETWORK_UNREACHABLE) that dc_api_client_error_is_offline() tests for.
 * Cancellation and other errors pass through.
 *
 * Returns: (transfer full): the error to report
 */
GError *
dc_api_client_map_transport_error (DcApiClient *self,
                                   GError      *error)
{
  GError *mapped;

  if (!transport_error_means_offline (error))
    return error;

  mapped = g_error_new (G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                        /* Translators: %s is a server address, the second %s why */
                        _("Cannot reach the server at %s: %s"),
                        self->base_url, error->message);
  g_error_free (error);
  return mapped;
}

/**
 * dc_api_client_check_status:
 * @message: a finished message
 * @body: (nullable): its body
 *
 * Returns: (transfer full) (nullable): %NULL for a 2xx answer, else the server's error
 *   envelope as a %DC_API_ERROR whose message is the one to show
 */
GError *
dc_api_client_check_status (SoupMessage *message,
                            GBytes      *body)
{
  guint status = soup_message_get_status (message);
  const char *data = NULL;
  gsize length = 0;

  if (status >= 200 && status < 300)
    return NULL;
  if (body != NULL)
    data = g_bytes_get_data (body, &length);
  return dc_error_envelope_parse (status, data, length);
}

static void
dc_api_client_finalize (GObject *object)
{
  DcApiClient *self = (DcApiClient *) object;

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dc_api_client_parent_class)->finalize (object);
}

static void
dc_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DcApiClient *self = DC_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_api_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DcApiClient *self = DC_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_TOKEN:
      dc_api_client_set_token (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_api_client_class_init (DcApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_api_client_finalize;
  object_class->get_property = dc_api_client_get_property;
  object_class->set_property = dc_api_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_api_client_init (DcApiClient *self)
{
  /* An idle connection that takes 20 s to answer is as good as offline for a desktop
   * app; the catalog stream reads in chunks, so it never waits that long on one read. */
  self->session = soup_session_new_with_options ("timeout", 20,
                                                 "idle-timeout", 60,
                                                 "user-agent",
                                                 "DualcasterDeals/" PACKAGE_VERSION " ",
                                                 NULL);
}

/**
 * dc_api_client_new:
 * @base_url: a base URL as dc_api_client_normalize_url() returns it
 */
DcApiClient *
dc_api_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (DC_TYPE_API_CLIENT, "base-url", base_url, NULL);
}

const char *
dc_api_client_get_base_url (DcApiClient *self)
{
  g_return_val_if_fail (DC_IS_API_CLIENT (self), NULL);

  return self->base_url;
}

const char *
dc_api_client_get_token (DcApiClient *self)
{
  g_return_val_if_fail (DC_IS_API_CLIENT (self), NULL);

  return self->token;
}

void
dc_api_client_set_token (DcApiClient *self,
                         const char  *token)
{
  g_return_if_fail (DC_IS_API_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;
  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

SoupSession *
dc_api_client_get_session (DcApiClient *self)
{
  g_return_val_if_fail (DC_IS_API_CLIENT (self), NULL);

  return self->session;
}

/**
 * dc_api_client_new_message:
 * @self: a client
 * @method: an HTTP method
 * @path: an absolute path with optional query ("/api/cards/catalog")
 *
 * A message to the server with the bearer token (when signed in) and JSON accepted.
 *
 * Returns: (transfer full): the message
 */
SoupMessage *
dc_api_client_new_message (DcApiClient *self,
                           const char  *method,
                           const char  *path)
{
  g_autofree char *url = NULL;
  SoupMessage *message;
  SoupMessageHeaders *headers;

  g_return_val_if_fail (DC_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  url = g_strconcat (self->base_url, path, NULL);
  message = soup_message_new (method, url);
  g_return_val_if_fail (message != NULL, NULL);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  return message;
}

typedef struct
{
  SoupMessage *message;
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_clear_object (&data->message);
  g_free (data);
}

static void
request_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcApiClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  const char *bytes;
  gsize length;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, dc_api_client_map_transport_error (self, error));
      return;
    }

  if ((error = dc_api_client_check_status (data->message, body)) != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  bytes = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL),
                             (GDestroyNotify) json_node_unref);
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, bytes, length, &error))
    {
      g_task_return_new_error (task, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The server sent an answer that is not JSON: %s"),
                               error->message);
      g_error_free (error);
      return;
    }
  g_task_return_pointer (task, json_node_ref (json_parser_get_root (parser)),
                         (GDestroyNotify) json_node_unref);
}

/**
 * dc_api_client_request_async:
 * @self: a client
 * @method: "GET", "POST", "DELETE"…
 * @path: an absolute path with optional query
 * @body: (nullable): a JSON body
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: data for @callback
 *
 * Sends a JSON request. Finish with dc_api_client_request_finish(): a non-2xx answer
 * becomes a %DC_API_ERROR built from the error envelope; not reaching the server becomes
 * an error for which dc_api_client_error_is_offline() is %TRUE.
 */
void
dc_api_client_request_async (DcApiClient         *self,
                             const char          *method,
                             const char          *path,
                             JsonNode            *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestData *data;

  g_return_if_fail (DC_IS_API_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_api_client_request_async);

  data = g_new0 (RequestData, 1);
  data->message = dc_api_client_new_message (self, method, path);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

      soup_message_set_request_body_from_bytes (data->message, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, data->message, G_PRIORITY_DEFAULT,
                                    cancellable, request_read_cb, g_steal_pointer (&task));
}

JsonNode *
dc_api_client_request_finish (DcApiClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (DC_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dc_api_client_request_finish_object:
 *
 * Like dc_api_client_request_finish() for routes that answer a JSON object.
 *
 * Returns: (transfer full) (nullable): the object
 */
JsonObject *
dc_api_client_request_finish_object (DcApiClient   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_autoptr(JsonNode) node = dc_api_client_request_finish (self, result, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The server sent an unexpected answer"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcApiClient *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, dc_api_client_map_transport_error (self, error));
      return;
    }

  status = soup_message_get_status (data->message);
  if (status < 200 || status >= 300)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               /* Translators: %u is an HTTP status such as 404 */
                               _("The download failed (HTTP %u)"), status);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

/**
 * dc_api_client_fetch_async:
 * @self: a client
 * @uri: an absolute http(s) URI, on any host (card images)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Downloads @uri without credentials: the token is only ever sent to our server.
 */
void
dc_api_client_fetch_async (DcApiClient         *self,
                           const char          *uri,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestData *data;

  g_return_if_fail (DC_IS_API_CLIENT (self));
  g_return_if_fail (uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_api_client_fetch_async);

  data = g_new0 (RequestData, 1);
  data->message = soup_message_new ("GET", uri);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);
  if (data->message == NULL)
    {
      g_task_return_new_error (task, DC_API_CLIENT_ERROR, DC_API_CLIENT_ERROR_INVALID_URL,
                               _("“%s” is not a valid address"), uri);
      return;
    }

  soup_session_send_and_read_async (self->session, data->message, G_PRIORITY_LOW,
                                    cancellable, fetch_read_cb, g_steal_pointer (&task));
}

GBytes *
dc_api_client_fetch_finish (DcApiClient   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DC_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dc_api_client_login_async (DcApiClient         *self,
                           const char          *login,
                           const char          *password,
                           const char          *device_name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "device_name");
  json_builder_add_string_value (builder, device_name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  dc_api_client_request_async (self, "POST", "/api/auth/login", body, cancellable,
                               callback, user_data);
}

void
dc_api_client_register_async (DcApiClient         *self,
                              const char          *email,
                              const char          *username,
                              const char          *password,
                              const char          *device_name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "device_name");
  json_builder_add_string_value (builder, device_name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  dc_api_client_request_async (self, "POST", "/api/auth/register", body, cancellable,
                               callback, user_data);
}
