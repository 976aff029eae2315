/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-discord-rest"

#include "config.h"

#include <string.h>

#include "dc-discord-rest.h"

#define MAX_RATE_LIMITED_RETRIES 5
#define MAX_SERVER_ERROR_RETRIES 2
#define MAX_WAIT_S 60.0

G_DEFINE_QUARK (dc-discord-rest-error-quark, dc_discord_rest_error)

struct _DcDiscordRest
{
  gatomicrefcount  ref_count;
  SoupSession     *session;
  char            *api_base;
  char            *authorization;
  GHashTable      *blocked_until;        /* route → gint64 (monotonic µs), boxed */
  gint64           global_blocked_until; /* monotonic µs */
};

typedef struct
{
  DcDiscordRest *rest;
  char          *method;
  char          *path;
  char          *log_path;  /* the path with interaction tokens hidden */
  char          *route;
  GBytes        *body;
  guint          rate_limited;
  guint          server_errors;
  int            discord_code;
} Call;

static DcDiscordRest *
rest_ref (DcDiscordRest *rest)
{
  g_atomic_ref_count_inc (&rest->ref_count);
  return rest;
}

static void
rest_unref (DcDiscordRest *rest)
{
  if (!g_atomic_ref_count_dec (&rest->ref_count))
    return;
  g_clear_object (&rest->session);
  g_free (rest->api_base);
  if (rest->authorization != NULL)
    memset (rest->authorization, 0, strlen (rest->authorization));
  g_free (rest->authorization);
  g_hash_table_unref (rest->blocked_until);
  g_free (rest);
}

static void
call_free (gpointer data)
{
  Call *call = data;

  rest_unref (call->rest);
  g_free (call->method);
  g_free (call->path);
  g_free (call->log_path);
  g_free (call->route);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

DcDiscordRest *
dc_discord_rest_new (SoupSession *session,
                     const char  *api_base,
                     const char  *bot_token)
{
  DcDiscordRest *rest = g_new0 (DcDiscordRest, 1);

  g_atomic_ref_count_init (&rest->ref_count);
  rest->session = g_object_ref (session);
  rest->api_base = g_strdup (api_base);
  rest->authorization = g_strconcat ("Bot ", bot_token, NULL);
  rest->blocked_until = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return rest;
}

void
dc_discord_rest_free (DcDiscordRest *rest)
{
  if (rest != NULL)
    rest_unref (rest);
}

/* Seconds from a header such as "1.5"; < 0 when absent or not a number. */
static double
header_seconds (SoupMessageHeaders *headers,
                const char         *name)
{
  const char *text = soup_message_headers_get_one (headers, name);
  char *end = NULL;
  double value;

  if (text == NULL)
    return -1;
  value = g_ascii_strtod (text, &end);
  if (end == text || value < 0)
    return -1;
  return value;
}

static void
block_route (DcDiscordRest *rest,
             const char    *route,
             double         seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (MIN (seconds, MAX_WAIT_S) * G_USEC_PER_SEC);
  gint64 *stored = g_hash_table_lookup (rest->blocked_until, route);

  if (stored != NULL)
    *stored = MAX (*stored, until);
  else
    g_hash_table_insert (rest->blocked_until, g_strdup (route), g_memdup2 (&until, sizeof until));
}

/* Interaction tokens are credentials for 15 minutes: "/webhooks/APP/TOKEN/…" and
 * "/interactions/ID/TOKEN/callback" are logged without them. */
static char *
path_for_log (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  if (g_strv_length (parts) >= 4 &&
      (g_str_equal (parts[1], "webhooks") || g_str_equal (parts[1], "interactions")))
    {
      g_free (parts[3]);
      parts[3] = g_strdup ("…");
    }
  return g_strjoinv ("/", parts);
}

static void call_send (GTask *task);

static gboolean
resend_cb (gpointer user_data)
{
  call_send (user_data);
  return G_SOURCE_REMOVE;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  DcDiscordRest *rest = call->rest;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers;
  JsonObject *object = NULL;
  guint status;
  gsize len = 0;
  const char *data = NULL;

  if (bytes == NULL)
    {
      g_task_return_new_error (task, DC_DISCORD_REST_ERROR, DC_DISCORD_REST_ERROR_NETWORK,
                               "%s %s: %s", call->method, call->log_path, error->message);
      return;
    }
  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  data = g_bytes_get_data (bytes, &len);
  if (len > 0 && json_parser_load_from_data (parser, data, len, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  /* The bucket is spent: later requests on this route wait for its reset. */
  if (g_strcmp0 (soup_message_headers_get_one (headers, "X-RateLimit-Remaining"), "0") == 0)
    {
      double reset_after = header_seconds (headers, "X-RateLimit-Reset-After");

      if (reset_after > 0)
        block_route (rest, call->route, reset_after);
    }

  if (status == 429)
    {
      double retry_after = object ? json_object_get_double_member_with_default (object,
                                                                                "retry_after",
                                                                                -1) : -1;
      gboolean global = object ? json_object_get_boolean_member_with_default (object, "global",
                                                                              FALSE) : FALSE;
      guint delay_ms;

      if (retry_after < 0)
        retry_after = header_seconds (headers, "Retry-After");
      if (retry_after < 0)
        retry_after = 1;
      retry_after = MIN (retry_after, MAX_WAIT_S);
      if (++call->rate_limited > MAX_RATE_LIMITED_RETRIES)
        {
          g_task_return_new_error (task, DC_DISCORD_REST_ERROR, DC_DISCORD_REST_ERROR_RATE_LIMITED,
                                   "%s %s: still rate limited after %u tries", call->method,
                                   call->log_path, MAX_RATE_LIMITED_RETRIES);
          return;
        }
      if (global)
        rest->global_blocked_until = g_get_monotonic_time () +
                                     (gint64) (retry_after * G_USEC_PER_SEC);
      else
        block_route (rest, call->route, retry_after);
      delay_ms = (guint) (retry_after * 1000 + 0.5);
      g_message ("Rate limited on %s %s (%s): retrying in %u ms", call->method, call->log_path,
                 global ? "global" : "route", delay_ms);
      /* call_send waits for the block to pass. */
      call_send (g_steal_pointer (&task));
      return;
    }

  if ((status == 502 || status == 503 || status == 504) &&
      call->server_errors++ < MAX_SERVER_ERROR_RETRIES)
    {
      g_message ("Discord answered %u to %s %s: retrying", status, call->method,
                 call->log_path);
      g_timeout_add (500 * call->server_errors, resend_cb, g_steal_pointer (&task));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *message = object ? json_object_get_string_member_with_default (object,
                                                                                 "message", NULL)
                                   : NULL;

      call->discord_code = object ? (int) json_object_get_int_member_with_default (object, "code",
                                                                                   0) : 0;
      g_task_return_new_error (task, DC_DISCORD_REST_ERROR, DC_DISCORD_REST_ERROR_HTTP,
                               "Discord answered %u to %s %s: %s (%d)", status, call->method,
                               call->log_path, message ? message : soup_status_get_phrase (status),
                               call->discord_code);
      return;
    }

  if (len == 0)
    g_task_return_pointer (task, NULL, NULL);
  else if (json_parser_get_root (parser) != NULL)
    g_task_return_pointer (task, json_node_copy (json_parser_get_root (parser)),
                           (GDestroyNotify) json_node_unref);
  else
    g_task_return_new_error (task, DC_DISCORD_REST_ERROR, DC_DISCORD_REST_ERROR_HTTP,
                             "%s %s: Discord's answer is not JSON", call->method, call->log_path);
}

static gint64
call_wait_us (Call *call)
{
  gint64 now = g_get_monotonic_time ();
  gint64 until = call->rest->global_blocked_until;
  gint64 *route_until = g_hash_table_lookup (call->rest->blocked_until, call->route);

  if (route_until != NULL)
    until = MAX (until, *route_until);
  return until > now ? until - now : 0;
}

static void
call_send (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;
  gint64 wait_us = call_wait_us (call);

  if (wait_us > 0)
    {
      g_timeout_add ((guint) ((wait_us + 999) / 1000), resend_cb, task);
      return;
    }

  url = g_strconcat (call->rest->api_base, call->path, NULL);
  msg = soup_message_new (call->method, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, DC_DISCORD_REST_ERROR, DC_DISCORD_REST_ERROR_NETWORK,
                               "%s%s is not a valid URL", call->rest->api_base,
                               call->log_path);
      g_object_unref (task);
      return;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Authorization", call->rest->authorization);
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", call->body);
  soup_session_send_and_read_async (call->rest->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), sent_cb, task);
}

void
dc_discord_rest_request_async (DcDiscordRest       *rest,
                               const char          *method,
                               const char          *path,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (rest != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_discord_rest_request_async);
  call = g_new0 (Call, 1);
  call->rest = rest_ref (rest);
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->log_path = path_for_log (path);
  /* Discord's limits are per route and top-level resource; the full path is at least that
   * narrow, and our routes carry their resource ids. */
  call->route = g_strconcat (method, " ", path, NULL);
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);

      call->body = g_bytes_new_take (g_steal_pointer (&text), len);
    }
  g_task_set_task_data (task, call, call_free);
  call_send (task);
}

JsonNode *
dc_discord_rest_request_finish (DcDiscordRest  *rest,
                                GAsyncResult   *result,
                                int            *out_discord_code,
                                GError        **error)
{
  GTask *task = G_TASK (result);
  Call *call = g_task_get_task_data (task);

  g_return_val_if_fail (g_task_get_source_tag (task) == dc_discord_rest_request_async, NULL);

  if (out_discord_code)
    *out_discord_code = call->discord_code;
  return g_task_propagate_pointer (task, error);
}
