/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-discord-routes"

#include "config.h"

#include <string.h>

#include "dc-discord-oauth.h"
#include "dc-discord-service.h"
#include "dc-error.h"
#include "dc-routes.h"
#include "dc-server.h"

#define ALERTS_LIMIT_DEFAULT 25
#define ALERTS_LIMIT_MAX 100
#define GUILD_NAME_MAX_CHARS 100
#define DISCORD_USERNAME_MAX_CHARS 64

static DcStore *
store_of (DcRequest *request)
{
  return dc_server_get_store (dc_request_get_server (request));
}

static DcConfig *
config_of (DcRequest *request)
{
  return dc_server_get_config (dc_request_get_server (request));
}

/* One HTTP client per server for the calls to Discord, made on first use. */
static SoupSession *
discord_session (DcServer *server)
{
  static GQuark quark;
  SoupSession *session;

  if (quark == 0)
    quark = g_quark_from_static_string ("dc-discord-session");
  session = g_object_get_qdata (G_OBJECT (server), quark);
  if (session == NULL)
    {
      session = soup_session_new_with_options ("timeout", 20,
                                               "user-agent", "dualcaster-server/" PACKAGE_VERSION,
                                               NULL);
      g_object_set_qdata_full (G_OBJECT (server), quark, session, g_object_unref);
    }
  return session;
}

static gboolean
require_oauth_configured (DcRequest  *request,
                          GError    **error)
{
  const char *missing = dc_discord_oauth_missing_setting (config_of (request));
  JsonObject *details;

  if (missing == NULL)
    return TRUE;
  details = json_object_new ();
  json_object_set_string_member (details, "missing", missing);
  dc_api_error_set (error, DC_API_ERROR_UNAVAILABLE, "discord.not_configured", details,
                    "Discord linking is not configured on this server (%s is not set)",
                    missing);
  return FALSE;
}

/* Routes only the bot may call: `Authorization: Bot KEY`. */
static gboolean
require_bot (DcRequest  *request,
             GError    **error)
{
  const char *header = dc_request_get_header (request, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bot ", 4) != 0)
    {
      dc_api_error_set (error, DC_API_ERROR_UNAUTHORIZED, "auth.bot_required", NULL,
                        "Only the Discord bot may use this route");
      return FALSE;
    }
  return dc_discord_check_bot_key (config_of (request), header + 4, error);
}

static const char *
body_string (JsonObject  *body,
             const char  *name,
             gboolean     required,
             guint        max_chars,
             GError     **error)
{
  JsonNode *node = json_object_get_member (body, name);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        dc_api_error_set_field (error, name, "%s is required", name);
      return NULL;
    }
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      dc_api_error_set_field (error, name, "%s must be a string", name);
      return NULL;
    }
  value = json_node_get_string (node);
  if (g_utf8_strlen (value, -1) > max_chars)
    {
      dc_api_error_set_field (error, name, "%s must be at most %u characters", name, max_chars);
      return NULL;
    }
  return value;
}

static const char *
body_snowflake (JsonObject  *body,
                const char  *name,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *value = body_string (body, name, TRUE, 20, &local_error);

  if (local_error == NULL && !dc_discord_is_snowflake (value))
    dc_api_error_set_field (&local_error, name, "%s must be a Discord id (digits)", name);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return value;
}

/* --- OAuth linking from the desktop app ----------------------------------------------- */

static JsonNode *
authorize_cb (DcRequest  *request,
              GError    **error)
{
  g_autofree char *state = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expires = NULL;
  JsonObject *answer;
  gint64 now = dc_now_ms ();

  if (!dc_request_require_user (request, error) || !require_oauth_configured (request, error))
    return NULL;
  /* Linking through Discord's consent page is for a person at the desktop app. */
  if (dc_request_get_session_id (request) == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_FORBIDDEN, "discord.app_only", NULL,
                        "Start linking from the desktop app");
      return NULL;
    }
  state = dc_discord_create_state (store_of (request), dc_request_get_user_id (request),
                                   dc_request_get_session_id (request), now, error);
  if (state == NULL)
    return NULL;
  url = dc_discord_authorize_url (config_of (request), state);
  expires = dc_time_ms_to_iso8601 (now + DC_DISCORD_STATE_TTL_MS);

  answer = json_object_new ();
  json_object_set_string_member (answer, "url", url);
  json_object_set_string_member (answer, "expires_at", expires);
  return dc_json_node_new_object (answer);
}

typedef struct
{
  DcServer          *server;
  SoupServerMessage *msg;
  gint64             user_id;
  guint8             key[32];
} CallbackData;

static void
callback_data_free (CallbackData *data)
{
  g_clear_object (&data->server);
  g_clear_object (&data->msg);
  memset (data->key, 0, sizeof data->key);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallbackData, callback_data_free)

/* Answers a request whose handler paused it. */
static void
answer_paused (SoupServerMessage *msg,
               guint              status,
               const char        *content_type,
               char              *body /* transfer full */)
{
  gsize len = strlen (body);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, len);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  soup_server_message_unpause (msg);
}

static void
answer_paused_error (SoupServerMessage *msg,
                     const GError      *error)
{
  guint status = 500;

  if (error->domain == DC_API_ERROR)
    status = dc_api_error_kind_to_status (error->code);
  else
    g_warning ("Discord linking failed: %s", error->message);
  answer_paused (msg, status, "application/json", dc_error_envelope_to_string (error));
}

static char *
linked_page (const char *discord_username)
{
  g_autofree char *name = g_markup_escape_text (discord_username ? discord_username : "", -1);

  return g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<title>Discord account linked</title></head>\n"
                          "<body style=\"font-family: sans-serif; text-align: center;"
                          " margin-top: 4em\">\n"
                          "<h1>Discord account linked — you can close this window</h1>\n"
                          "<p>%s%s%s is now linked to your Dualcaster Deals account."
                          " Return to the app.</p>\n"
                          "</body></html>\n",
                          *name ? "<strong>" : "", *name ? name : "Your Discord account",
                          *name ? "</strong>" : "");
}

static void
exchange_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CallbackData) data = user_data;
  g_auto(DcDiscordIdentity) identity = { 0 };
  g_autoptr(JsonArray) guilds = NULL;
  g_autoptr(GError) error = NULL;
  DcStore *store = dc_server_get_store (data->server);
  gint64 now = dc_now_ms ();

  if (!dc_discord_oauth_exchange_finish (result, &identity, &guilds, &error) ||
      !dc_discord_link (store, data->key, data->user_id, &identity, now, &error))
    {
      answer_paused_error (data->msg, error);
      return;
    }
  for (guint i = 0; i < json_array_get_length (guilds); i++)
    {
      JsonObject *guild = json_array_get_object_element (guilds, i);
      g_autoptr(GError) guild_error = NULL;

      if (!dc_discord_record_guild (store, data->user_id,
                                    json_object_get_string_member (guild, "id"),
                                    json_object_get_string_member (guild, "name"), now,
                                    &guild_error))
        g_warning ("Recording a Discord server failed: %s", guild_error->message);
    }
  answer_paused (data->msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
                 linked_page (identity.display_name ? identity.display_name : identity.username));
}

/* The browser lands here after Discord's consent page. The state proves which signed-in
 * user asked (the browser carries no bearer token). The exchange with Discord runs
 * asynchronously with the request paused, so the server keeps serving meanwhile. */
static JsonNode *
callback_cb (DcRequest  *request,
             GError    **error)
{
  DcServer *server = dc_request_get_server (request);
  const char *state = dc_request_get_query (request, "state");
  const char *code = dc_request_get_query (request, "code");
  const char *denied = dc_request_get_query (request, "error");
  g_autoptr(CallbackData) data = g_new0 (CallbackData, 1);
  gint64 user_id;

  if (!require_oauth_configured (request, error) ||
      !dc_discord_consume_state (store_of (request), state, dc_now_ms (), &user_id, error))
    return NULL;
  if (denied != NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "oauth.access_denied", NULL,
                        "Linking was cancelled on Discord; nothing was changed");
      return NULL;
    }
  if (code == NULL || *code == '\0' || strlen (code) > 512)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "oauth.missing_code", NULL,
                        "Discord did not send an authorization code; start linking again");
      return NULL;
    }
  if (!dc_discord_derive_key (config_of (request), data->key, error))
    return NULL;

  data->server = g_object_ref (server);
  data->msg = g_object_ref (dc_request_get_message (request));
  data->user_id = user_id;
  soup_server_message_pause (data->msg);
  dc_discord_oauth_exchange_async (discord_session (server), config_of (request), code, NULL,
                                   exchange_cb, g_steal_pointer (&data));
  /* Answered by exchange_cb. */
  return NULL;
}

static JsonNode *
status_cb (DcRequest  *request,
           GError    **error)
{
  JsonObject *status;

  if (!dc_request_require_user (request, error))
    return NULL;
  status = dc_discord_status (store_of (request), dc_request_get_user_id (request), error);
  return status ? dc_json_node_new_object (status) : NULL;
}

static JsonNode *
unlink_cb (DcRequest  *request,
           GError    **error)
{
  g_autofree char *access_token = NULL;
  guint8 key[32];
  gboolean have_key;

  if (!dc_request_require_user (request, error))
    return NULL;
  have_key = dc_discord_derive_key (config_of (request), key, NULL);
  if (!dc_discord_unlink (store_of (request), have_key ? key : NULL,
                          dc_request_get_user_id (request), &access_token, error))
    return NULL;
  memset (key, 0, sizeof key);
  /* Tell Discord too, so the token we held stops working. */
  if (access_token != NULL)
    dc_discord_oauth_revoke (discord_session (dc_request_get_server (request)),
                             config_of (request), access_token);
  dc_request_set_status (request, 204);
  return NULL;
}

static JsonNode *
redeem_link_code_cb (DcRequest  *request,
                     GError    **error)
{
  g_autoptr(JsonObject) body = NULL;
  const char *code;
  JsonObject *status;

  if (!dc_request_require_user (request, error) ||
      (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;
  code = body_string (body, "code", TRUE, 32, error);
  if (code == NULL ||
      !dc_discord_redeem_link_code (store_of (request), dc_request_get_user_id (request), code,
                                    dc_now_ms (), error))
    return NULL;
  status = dc_discord_status (store_of (request), dc_request_get_user_id (request), error);
  return status ? dc_json_node_new_object (status) : NULL;
}

/* --- bot-only routes ----------------------------------------------------------------- */

static JsonNode *
create_link_code_cb (DcRequest  *request,
                     GError    **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *expires = NULL;
  const char *discord_user_id, *username;
  gint64 expires_at;
  JsonObject *answer;

  if (!require_bot (request, error) || (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;
  discord_user_id = body_snowflake (body, "discord_user_id", &local_error);
  username = local_error ? NULL : body_string (body, "username", FALSE,
                                               DISCORD_USERNAME_MAX_CHARS, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  code = dc_discord_create_link_code (store_of (request), discord_user_id, username,
                                      dc_now_ms (), &expires_at, error);
  if (code == NULL)
    return NULL;
  expires = dc_time_ms_to_iso8601 (expires_at);

  answer = json_object_new ();
  json_object_set_string_member (answer, "code", code);
  json_object_set_string_member (answer, "expires_at", expires);
  json_object_set_int_member (answer, "expires_in", DC_DISCORD_LINK_CODE_TTL_MS / 1000);
  dc_request_set_status (request, 201);
  return dc_json_node_new_object (answer);
}

static JsonNode *
seen_cb (DcRequest  *request,
         GError    **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *discord_user_id, *guild_id, *guild_name = NULL;
  JsonObject *answer;
  gint64 user_id;

  if (!require_bot (request, error) || (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;
  discord_user_id = body_snowflake (body, "discord_user_id", &local_error);
  guild_id = local_error ? NULL : body_snowflake (body, "guild_id", &local_error);
  if (local_error == NULL)
    guild_name = body_string (body, "guild_name", FALSE, GUILD_NAME_MAX_CHARS, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  user_id = dc_discord_lookup_user (store_of (request), discord_user_id, error);
  if (user_id < 0)
    return NULL;
  /* An unlinked Discord user is nobody to us yet: nothing to record. */
  if (user_id > 0 && !dc_discord_record_guild (store_of (request), user_id, guild_id, guild_name,
                                               dc_now_ms (), error))
    return NULL;

  answer = json_object_new ();
  json_object_set_boolean_member (answer, "recorded", user_id > 0);
  return dc_json_node_new_object (answer);
}

static JsonNode *
pending_alerts_cb (DcRequest  *request,
                   GError    **error)
{
  JsonArray *alerts;
  JsonObject *answer;
  gint64 limit;

  if (!require_bot (request, error) ||
      !dc_request_get_query_int (request, "limit", 1, ALERTS_LIMIT_MAX, ALERTS_LIMIT_DEFAULT,
                                 &limit, error))
    return NULL;
  alerts = dc_discord_take_due_alerts (store_of (request), dc_now_ms (), (guint) limit, error);
  if (alerts == NULL)
    return NULL;
  answer = json_object_new ();
  json_object_set_array_member (answer, "alerts", alerts);
  return dc_json_node_new_object (answer);
}

static JsonNode *
alert_delivered_cb (DcRequest  *request,
                    GError    **error)
{
  JsonObject *alert;

  if (!require_bot (request, error))
    return NULL;
  alert = dc_discord_alert_delivered (store_of (request), dc_request_get_param (request, "id"),
                                      dc_now_ms (), error);
  return alert ? dc_json_node_new_object (alert) : NULL;
}

static JsonNode *
alert_failed_cb (DcRequest  *request,
                 GError    **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *reason = NULL;
  JsonObject *alert;

  if (!require_bot (request, error))
    return NULL;
  /* The body is optional: {"error": "why"}. */
  {
    g_autoptr(GBytes) raw = dc_request_get_body (request);

    if (g_bytes_get_size (raw) > 0)
      {
        body = dc_request_get_json_object (request, error);
        if (body == NULL)
          return NULL;
        reason = body_string (body, "error", FALSE, 2000, &local_error);
        if (local_error != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return NULL;
          }
      }
  }
  alert = dc_discord_alert_failed (store_of (request), dc_request_get_param (request, "id"),
                                   reason, dc_now_ms (), error);
  return alert ? dc_json_node_new_object (alert) : NULL;
}

void
dc_discord_routes_register (DcRouter *router)
{
  dc_router_add (router, "GET", "/api/oauth/discord/authorize", DC_ROUTE_PUBLIC, authorize_cb);
  dc_router_add (router, "GET", "/api/oauth/discord/callback", DC_ROUTE_PUBLIC, callback_cb);
  dc_router_add (router, "GET", "/api/oauth/discord/status", DC_ROUTE_PUBLIC, status_cb);
  dc_router_add (router, "DELETE", "/api/oauth/discord", DC_ROUTE_PUBLIC, unlink_cb);
  /* Guessing codes is what the per-IP auth limit is for. */
  dc_router_add (router, "POST", "/api/oauth/discord/link-code", DC_ROUTE_RATE_LIMITED_AUTH,
                 redeem_link_code_cb);
  dc_router_add (router, "POST", "/api/discord/link-codes", DC_ROUTE_PUBLIC, create_link_code_cb);
  dc_router_add (router, "POST", "/api/discord/seen", DC_ROUTE_PUBLIC, seen_cb);
  dc_router_add (router, "GET", "/api/discord/alerts/pending", DC_ROUTE_PUBLIC, pending_alerts_cb);
  dc_router_add (router, "POST", "/api/discord/alerts/{id}/delivered", DC_ROUTE_PUBLIC,
                 alert_delivered_cb);
  dc_router_add (router, "POST", "/api/discord/alerts/{id}/failed", DC_ROUTE_PUBLIC,
                 alert_failed_cb);
}
