/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-discord-oauth"

#include "config.h"

#include <string.h>

#include "dc-discord-oauth.h"
#include "dc-error.h"
#include "dc-store.h"

#define MAX_ANSWER_BYTES (1024 * 1024)

typedef struct
{
  SoupSession       *session;
  DcConfig          *config;
  char              *code;
  DcDiscordIdentity  identity;
  JsonArray         *guilds;
} ExchangeData;

static void
exchange_data_free (gpointer data)
{
  ExchangeData *exchange = data;

  g_clear_object (&exchange->session);
  g_clear_pointer (&exchange->config, dc_config_free);
  g_free (exchange->code);
  dc_discord_identity_clear (&exchange->identity);
  g_clear_pointer (&exchange->guilds, json_array_unref);
  g_free (exchange);
}

static char *
api_url (DcConfig   *config,
         const char *path)
{
  const char *base = dc_discord_api_base (config);

  return g_strconcat (base, g_str_has_suffix (base, "/") ? path + 1 : path, NULL);
}

static void
set_unreachable (GError     **error,
                 const char  *what)
{
  dc_api_error_set (error, DC_API_ERROR_BAD_GATEWAY, "discord.unreachable", NULL,
                    "Discord could not be reached to finish linking (%s); try again", what);
}

/* Parses an answer of Discord's as JSON; NULL (and logs why) when it is not. */
static JsonNode *
parse_answer (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0 || len > MAX_ANSWER_BYTES || !g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static const char *
string_member (JsonNode   *node,
               const char *name)
{
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  member = json_object_get_member (json_node_get_object (node), name);
  if (member == NULL || JSON_NODE_TYPE (member) != JSON_NODE_VALUE ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

static SoupMessage *
user_request (DcConfig   *config,
              const char *path,
              const char *access_token)
{
  g_autofree char *url = api_url (config, path);
  g_autofree char *authorization = g_strconcat ("Bearer ", access_token, NULL);
  SoupMessage *msg = soup_message_new ("GET", url);

  if (msg != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  return msg;
}

static void
guilds_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExchangeData *exchange = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);
  g_autoptr(JsonNode) root = bytes ? parse_answer (bytes) : NULL;

  /* The guild list only improves /dd matches server; linking succeeds without it. */
  if (bytes == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK || root == NULL ||
      !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_message ("Could not read the linked user's Discord servers (%s)",
                 error ? error->message : soup_message_get_reason_phrase (msg));
      g_task_return_boolean (task, TRUE);
      return;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *guild = json_array_get_element (json_node_get_array (root), i);
      const char *id = string_member (guild, "id");
      const char *name = string_member (guild, "name");
      JsonObject *entry;

      if (!dc_discord_is_snowflake (id))
        continue;
      entry = json_object_new ();
      json_object_set_string_member (entry, "id", id);
      json_object_set_string_member (entry, "name", name ? name : "");
      json_array_add_object_element (exchange->guilds, entry);
    }
  g_task_return_boolean (task, TRUE);
}

static void
user_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExchangeData *exchange = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &local_error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SoupMessage) next = NULL;
  GCancellable *cancellable;
  const char *id;

  if (bytes == NULL)
    {
      g_message ("Reading the Discord user failed: %s", local_error->message);
      set_unreachable (&error, "reading the Discord user");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  root = parse_answer (bytes);
  id = string_member (root, "id");
  if (soup_message_get_status (msg) != SOUP_STATUS_OK || !dc_discord_is_snowflake (id))
    {
      g_message ("Discord answered %u to /users/@me", soup_message_get_status (msg));
      set_unreachable (&error, "reading the Discord user");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  exchange->identity.user_id = g_strdup (id);
  exchange->identity.username = g_strdup (string_member (root, "username"));
  exchange->identity.display_name = g_strdup (string_member (root, "global_name"));
  exchange->identity.avatar = g_strdup (string_member (root, "avatar"));

  next = user_request (exchange->config, "/users/@me/guilds", exchange->identity.access_token);
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (exchange->session, next, G_PRIORITY_DEFAULT, cancellable,
                                    guilds_cb, g_steal_pointer (&task));
}

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExchangeData *exchange = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &local_error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SoupMessage) next = NULL;
  GCancellable *cancellable;
  guint status;
  const char *access_token;

  if (bytes == NULL)
    {
      g_message ("The Discord token exchange failed: %s", local_error->message);
      set_unreachable (&error, "exchanging the code");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (msg);
  root = parse_answer (bytes);
  if (status == SOUP_STATUS_BAD_REQUEST || status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* invalid_grant (a used or expired code, a wrong redirect URI) or invalid_client. */
      const char *reason = string_member (root, "error");

      g_message ("Discord refused the token exchange: %s", reason ? reason : "(no reason)");
      dc_api_error_set (&error, DC_API_ERROR_BAD_REQUEST, "oauth.exchange_failed", NULL,
                        "Discord did not accept this authorization (%s); start linking again"
                        " from the app", reason ? reason : "refused");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  access_token = string_member (root, "access_token");
  if (status != SOUP_STATUS_OK || access_token == NULL)
    {
      g_message ("Discord answered %u to the token exchange", status);
      set_unreachable (&error, "exchanging the code");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  exchange->identity.access_token = g_strdup (access_token);
  exchange->identity.refresh_token = g_strdup (string_member (root, "refresh_token"));
  exchange->identity.scopes = g_strdup (string_member (root, "scope"));
  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "expires_in"))
    {
      gint64 expires_in = json_object_get_int_member (json_node_get_object (root), "expires_in");

      if (expires_in > 0)
        exchange->identity.expires_at = dc_now_ms () + expires_in * 1000;
    }

  next = user_request (exchange->config, "/users/@me", access_token);
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (exchange->session, next, G_PRIORITY_DEFAULT, cancellable,
                                    user_cb, g_steal_pointer (&task));
}

static SoupMessage *
form_request (DcConfig   *config,
              const char *path,
              char       *form /* transfer full */)
{
  g_autofree char *url = api_url (config, path);
  g_autofree char *credentials = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(GBytes) body = g_bytes_new_take (form, strlen (form));
  SoupMessage *msg = soup_message_new ("POST", url);

  if (msg == NULL)
    return NULL;
  /* Client authentication with HTTP Basic, as RFC 6749 §2.3.1 prefers. */
  credentials = g_strdup_printf ("%s:%s", dc_config_get (config, "DISCORD_CLIENT_ID"),
                                 dc_config_get (config, "DISCORD_CLIENT_SECRET"));
  basic = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  authorization = g_strconcat ("Basic ", basic, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  return msg;
}

void
dc_discord_oauth_exchange_async (SoupSession         *session,
                                 DcConfig            *config,
                                 const char          *code,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *redirect_uri = dc_discord_redirect_uri (config);
  ExchangeData *exchange = g_new0 (ExchangeData, 1);

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (code != NULL);

  g_task_set_source_tag (task, dc_discord_oauth_exchange_async);
  exchange->session = g_object_ref (session);
  exchange->config = dc_config_ref (config);
  exchange->code = g_strdup (code);
  exchange->guilds = json_array_new ();
  g_task_set_task_data (task, exchange, exchange_data_free);

  msg = form_request (config, "/oauth2/token",
                      soup_form_encode ("grant_type", "authorization_code",
                                        "code", code,
                                        "redirect_uri", redirect_uri,
                                        NULL));
  if (msg == NULL)
    {
      g_autoptr(GError) error = NULL;

      set_unreachable (&error, "DISCORD_API_BASE is not a URL");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable, token_cb,
                                    g_steal_pointer (&task));
}

gboolean
dc_discord_oauth_exchange_finish (GAsyncResult       *result,
                                  DcDiscordIdentity  *out_identity,
                                  JsonArray         **out_guilds,
                                  GError            **error)
{
  GTask *task = G_TASK (result);
  ExchangeData *exchange;

  g_return_val_if_fail (g_task_get_source_tag (task) == dc_discord_oauth_exchange_async, FALSE);

  if (!g_task_propagate_boolean (task, error))
    return FALSE;
  exchange = g_task_get_task_data (task);
  *out_identity = exchange->identity;
  memset (&exchange->identity, 0, sizeof exchange->identity);
  if (out_guilds)
    *out_guilds = json_array_ref (exchange->guilds);
  return TRUE;
}

static void
revoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);

  if (bytes == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_message ("Revoking a Discord token after an unlink failed: %s",
               error ? error->message : soup_message_get_reason_phrase (msg));
}

void
dc_discord_oauth_revoke (SoupSession *session,
                         DcConfig    *config,
                         const char  *token)
{
  g_autoptr(SoupMessage) msg = NULL;

  if (token == NULL || dc_discord_oauth_missing_setting (config) != NULL)
    return;
  msg = form_request (config, "/oauth2/token/revoke",
                      soup_form_encode ("token", token, "token_type_hint", "access_token",
                                        NULL));
  if (msg != NULL)
    soup_session_send_and_read_async (session, msg, G_PRIORITY_LOW, NULL, revoke_cb, NULL);
}
