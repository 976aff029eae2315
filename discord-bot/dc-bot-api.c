/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-bot-api"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "dc-bot-api.h"
#include "dc-error.h"

struct _DcBotApi
{
  char *base_url;
  char *authorization;
};

/* A SoupSession serves one thread; each worker thread gets its own. */
static GPrivate thread_session = G_PRIVATE_INIT (g_object_unref);

static SoupSession *
session_for_thread (void)
{
  SoupSession *session = g_private_get (&thread_session);

  if (session == NULL)
    {
      session = soup_session_new_with_options ("timeout", 20,
                                               "user-agent",
                                               "dualcaster-discord-bot/" PACKAGE_VERSION, NULL);
      g_private_set (&thread_session, session);
    }
  return session;
}

DcBotApi *
dc_bot_api_new (const char *base_url,
                const char *api_key)
{
  DcBotApi *api = g_new0 (DcBotApi, 1);

  api->base_url = g_strdup (base_url);
  api->authorization = g_strconcat ("Bot ", api_key, NULL);
  return api;
}

void
dc_bot_api_free (DcBotApi *api)
{
  if (api == NULL)
    return;
  g_free (api->base_url);
  memset (api->authorization, 0, strlen (api->authorization));
  g_free (api->authorization);
  g_free (api);
}

JsonNode *
dc_bot_api_call (DcBotApi    *api,
                 const char  *method,
                 const char  *path,
                 const char  *discord_user_id,
                 JsonNode    *body,
                 GError     **error)
{
  g_autofree char *url = g_strconcat (api->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers;
  guint status;
  gsize len;
  const char *data;

  if (msg == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, "bot.bad_url", NULL,
                        "DUALCASTER_API_URL does not make a valid URL: %s", url);
      return NULL;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Authorization", api->authorization);
  if (discord_user_id != NULL)
    soup_message_headers_replace (headers, "X-Discord-User-Id", discord_user_id);
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize text_len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), text_len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (session_for_thread (), msg, NULL, &local_error);
  if (answer == NULL)
    {
      g_message ("%s %s: %s", method, path, local_error->message);
      dc_api_error_set (error, DC_API_ERROR_UNAVAILABLE, "server.unreachable", NULL,
                        "The Dualcaster Deals server is not reachable right now");
      return NULL;
    }
  status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &len);
  g_debug ("%s %s → %u", method, path, status);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_propagate_error (error, dc_error_envelope_parse (status, data, len));
      return NULL;
    }
  if (len == 0)
    return NULL;
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_GATEWAY, "server.bad_answer", NULL,
                        "The server's answer to %s %s is not JSON", method, path);
      return NULL;
    }
  return json_parser_steal_root (parser);
}
