/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dc-auth-service.h"
#include "dc-discord-service.h"
#include "dc-error.h"
#include "dc-test-fake-discord.h"
#include "dc-test-harness.h"

#define BOT_KEY "test-bot-api-key"
#define SECRET_KEY "test-secret-key-for-tokens-at-rest"
#define REDIRECT_URI "http://localhost:8000/api/oauth/discord/callback"
/* Real printings from data/demo/cards.jsonl.gz. */
#define COUNTER_FCA "e1e48b21-1a4f-4708-a4b4-e2e296df924c" /* Counterspell, FCA 4 */
#define BOLT_FCA    "e89794ab-6070-4916-936f-2b42fe41d31b" /* Lightning Bolt, FCA 40 */

static DcTestServer *server;
static DcFakeDiscord *discord;
static gboolean have_catalog;

static JsonObject *
object_of (DcTestResponse *r)
{
  return dc_test_response_object (r);
}

static const char *
str (JsonObject *o,
     const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len, n = strlen (needle);
  const char *data = g_bytes_get_data (bytes, &len);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
require_catalog (void)
{
  if (!have_catalog)
    g_test_skip ("The card catalog (import-scryfall) is not on this branch yet");
  return have_catalog;
}

/* A request made by the bot, acting for @discord_user_id when not NULL. */
static DcTestResponse *
bot_request (const char *method,
             const char *path,
             const char *key,
             const char *discord_user_id,
             const char *body)
{
  g_autofree char *authorization = g_strconcat ("Bot ", key, NULL);

  if (discord_user_id != NULL)
    return dc_test_request (server, method, path, NULL, body, "Authorization", authorization,
                            "X-Discord-User-Id", discord_user_id, NULL);
  return dc_test_request (server, method, path, NULL, body, "Authorization", authorization,
                          NULL);
}

static sqlite3 *
open_db (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

static gint64
db_int (const char *sql,
        const char *text_arg)
{
  sqlite3 *db = open_db ();
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text_arg != NULL)
    sqlite3_bind_text (stmt, 1, text_arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
db_exec (const char *sql,
         const char *text_arg)
{
  sqlite3 *db = open_db ();
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text_arg != NULL)
    sqlite3_bind_text (stmt, 1, text_arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static gint64
user_id_of (const char *username)
{
  return db_int ("SELECT id FROM users WHERE username = ?", username);
}

/* The bot asks for a code for @discord_user_id; the signed-in user redeems it. */
static char *
new_link_code (const char *discord_user_id,
               const char *username)
{
  g_autofree char *body = g_strdup_printf ("{\"discord_user_id\":\"%s\",\"username\":\"%s\"}",
                                           discord_user_id, username);
  g_autoptr(DcTestResponse) r = bot_request ("POST", "/api/discord/link-codes", BOT_KEY, NULL,
                                             body);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (str (object_of (r), "code"));
}

static void
link_with_code (const char *token,
                const char *discord_user_id,
                const char *username)
{
  g_autofree char *code = new_link_code (discord_user_id, username);
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\"}", code);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/oauth/discord/link-code",
                                                 token, body, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (object_of (r), "linked"));
}

/* Follows the consent page of the fake to the redirect URI; returns its query string. */
static char *
consent (const char *token,
         char      **out_state)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/oauth/discord/authorize",
                                                 token, NULL, NULL);
  g_autofree char *location = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *url;

  g_assert_cmpuint (r->status, ==, 200);
  url = str (object_of (r), "url");
  g_assert_true (g_str_has_prefix (url, discord->api_base));
  g_assert_cmpuint (dc_test_get_no_redirect (url, &location, NULL), ==, 302);
  g_assert_true (g_str_has_prefix (location, REDIRECT_URI "?"));
  uri = g_uri_parse (location, G_URI_FLAGS_ENCODED_QUERY, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  if (out_state)
    *out_state = g_strdup (g_hash_table_lookup (params, "state"));
  return g_strdup (g_uri_get_query (uri));
}

static DcTestResponse *
callback (const char *query)
{
  g_autofree char *path = g_strconcat ("/api/oauth/discord/callback?", query, NULL);

  return dc_test_request (server, "GET", path, NULL, NULL, NULL);
}

static void
set_oauth_user (const char *id,
                const char *username,
                const char *guilds_json)
{
  g_autofree char *body =
    g_strdup_printf ("{\"id\":\"%s\",\"username\":\"%s\",\"global_name\":\"%s Display\","
                     "\"avatar\":\"a1b2c3\",\"discriminator\":\"0\",\"guilds\":%s}",
                     id, username, username, guilds_json ? guilds_json : "[]");
  g_autoptr(JsonNode) ignored = dc_fake_discord_control (discord, "POST", "oauth/user", body);
}

static void
test_authorize_url (void)
{
  g_autofree char *token = dc_test_register_user (server, "urlcheck");
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/oauth/discord/authorize",
                                                 token, NULL, NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *url;

  g_assert_cmpuint (r->status, ==, 200);
  url = str (object_of (r), "url");
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);
  g_assert_true (g_str_has_suffix (g_uri_get_path (uri), "/oauth2/authorize"));
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, DC_FAKE_DISCORD_CLIENT_ID);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, REDIRECT_URI);
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, "identify guilds");
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "state")), >=, 32);
  /* Only the state's hash is stored. */
  g_assert_cmpint (db_int ("SELECT count(*) FROM oauth_states WHERE state_hash = ?",
                           g_hash_table_lookup (params, "state")), ==, 0);
  {
    g_autofree char *hash = dc_test_sha256_hex (g_hash_table_lookup (params, "state"));
    g_assert_cmpint (db_int ("SELECT count(*) FROM oauth_states WHERE state_hash = ?", hash), ==,
                     1);
  }

  /* Signed out: 401. */
  {
    g_autoptr(DcTestResponse) anonymous = dc_test_request (server, "GET",
                                                           "/api/oauth/discord/authorize", NULL,
                                                           NULL, NULL);
    dc_test_assert_envelope (anonymous, 401);
  }
}

static void
test_oauth_link_flow (void)
{
  g_autofree char *token = dc_test_register_user (server, "oauthlinker");
  g_autofree char *query = NULL;
  g_autoptr(DcTestResponse) page = NULL;
  g_autoptr(DcTestResponse) status = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autofree char *body = NULL;
  guint seq = dc_fake_discord_last_seq (discord);
  JsonObject *o;

  set_oauth_user ("300000000000000011", "discord_oauth",
                  "[{\"id\":\"700000000000000011\",\"name\":\"Card Shop\"},"
                  "{\"id\":\"700000000000000012\",\"name\":\"Friday Night Magic\"}]");
  query = consent (token, NULL);
  page = callback (query);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (page->headers, NULL),
                                   "text/html"));
  body = g_strndup (g_bytes_get_data (page->body, NULL), g_bytes_get_size (page->body));
  g_assert_nonnull (strstr (body, "Discord account linked — you can close this window"));

  /* The client polls the status. */
  status = dc_test_request (server, "GET", "/api/oauth/discord/status", token, NULL, NULL);
  g_assert_cmpuint (status->status, ==, 200);
  o = object_of (status);
  g_assert_true (json_object_get_boolean_member (o, "linked"));
  g_assert_cmpstr (str (o, "discord_user_id"), ==, "300000000000000011");
  g_assert_cmpstr (str (o, "username"), ==, "discord_oauth");
  g_assert_cmpstr (str (o, "display_name"), ==, "discord_oauth Display");
  g_assert_cmpstr (str (o, "avatar"), ==, "a1b2c3");
  g_assert_nonnull (str (o, "connected_at"));

  /* The code was exchanged with the client's credentials and the redirect URI. */
  {
    g_autoptr(JsonObject) exchange = dc_fake_discord_wait_request (discord, seq, "POST",
                                                                   "/oauth2/token", 0);
    g_autofree char *basic = g_base64_encode ((const guchar *) DC_FAKE_DISCORD_CLIENT_ID ":"
                                              DC_FAKE_DISCORD_CLIENT_SECRET,
                                              strlen (DC_FAKE_DISCORD_CLIENT_ID ":"
                                                      DC_FAKE_DISCORD_CLIENT_SECRET));
    g_autofree char *expected = g_strconcat ("Basic ", basic, NULL);

    g_assert_nonnull (exchange);
    g_assert_cmpint (json_object_get_int_member (exchange, "status"), ==, 200);
    g_assert_cmpstr (str (exchange, "authorization"), ==, expected);
    g_assert_cmpstr (str (exchange, "content_type"), ==, "application/x-www-form-urlencoded");
    g_assert_nonnull (strstr (str (exchange, "body"), "grant_type=authorization_code"));
  }

  /* The tokens are sealed at rest: not in the database as text, and they open with the key. */
  {
    g_autoptr(JsonObject) users_me = dc_fake_discord_wait_request (discord, seq, "GET",
                                                                   "/users/@me", 0);
    const char *access_token = str (users_me, "authorization") + strlen ("Bearer ");
    sqlite3 *db = open_db ();
    sqlite3_stmt *stmt = NULL;
    g_autoptr(DcConfig) config = dc_config_new ();
    g_autoptr(GBytes) sealed = NULL;
    g_autofree char *opened = NULL;
    guint8 key[32];

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT access_token_sealed, refresh_token_sealed,"
                                             " token_expires_at, scopes FROM connected_accounts"
                                             " WHERE provider_user_id = '300000000000000011'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_type (stmt, 0), ==, SQLITE_BLOB);
    g_assert_cmpint (sqlite3_column_type (stmt, 1), ==, SQLITE_BLOB);
    sealed = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
    g_assert_false (bytes_contain (sealed, access_token));
    g_assert_cmpint (sqlite3_column_int64 (stmt, 2), >, g_get_real_time () / 1000);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "identify guilds");
    sqlite3_finalize (stmt);
    sqlite3_close (db);

    dc_config_set (config, "DUALCASTER_SECRET_KEY", SECRET_KEY);
    g_assert_true (dc_discord_derive_key (config, key, NULL));
    opened = dc_discord_open (key, sealed);
    g_assert_cmpstr (opened, ==, access_token);
    /* Another key opens nothing. */
    dc_config_set (config, "DUALCASTER_SECRET_KEY", "another secret");
    g_assert_true (dc_discord_derive_key (config, key, NULL));
    g_assert_null (dc_discord_open (key, sealed));
  }

  /* The `guilds` scope fed the servers this user is in. */
  {
    gint64 uid = user_id_of ("oauthlinker");
    g_autofree char *uid_text = g_strdup_printf ("%" G_GINT64_FORMAT, uid);

    g_assert_cmpint (db_int ("SELECT count(*) FROM user_guilds WHERE user_id = ?", uid_text), ==,
                     2);
  }

  /* The account is linked: the bot acts as this user. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/auth/me", BOT_KEY,
                                               "300000000000000011", NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (str (object_of (r), "username"), ==, "oauthlinker");
  }
  (void) me;
}

static void
test_oauth_bad_state (void)
{
  g_autofree char *token = dc_test_register_user (server, "badstate");
  g_autofree char *query = NULL;
  g_autofree char *state = NULL;

  set_oauth_user ("300000000000000021", "discord_badstate", NULL);
  query = consent (token, &state);

  {
    g_autoptr(DcTestResponse) r = callback ("code=abc&state=not-a-state-we-made");
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "oauth.invalid_state");
  }
  {
    g_autoptr(DcTestResponse) r = callback ("code=abc");
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "oauth.invalid_state");
  }
  /* Expired: ten minutes have passed. */
  {
    g_autofree char *hash = dc_test_sha256_hex (state);
    g_autoptr(DcTestResponse) r = NULL;

    db_exec ("UPDATE oauth_states SET expires_at = 1 WHERE state_hash = ?", hash);
    r = callback (query);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "oauth.state_expired");
  }
  /* Nothing was linked by any of these. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/oauth/discord/status",
                                                   token, NULL, NULL);
    g_assert_false (json_object_get_boolean_member (object_of (r), "linked"));
  }
}

/* The state belongs to the session that asked: signing out voids it. */
static void
test_oauth_state_needs_session (void)
{
  g_autofree char *token = dc_test_register_user (server, "signedout");
  g_autofree char *query = NULL;

  set_oauth_user ("300000000000000071", "discord_signedout", NULL);
  query = consent (token, NULL);
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/auth/logout", token,
                                                   NULL, NULL);
    g_assert_cmpuint (r->status, <, 300);
  }
  {
    g_autoptr(DcTestResponse) r = callback (query);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "oauth.invalid_state");
  }
  /* The bot cannot start an OAuth link for someone. */
  {
    g_autofree char *other = dc_test_register_user (server, "botlinked");
    g_autoptr(DcTestResponse) r = NULL;

    link_with_code (other, "300000000000000072", "botlinked_discord");
    r = bot_request ("GET", "/api/oauth/discord/authorize", BOT_KEY, "300000000000000072", NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 403), ==, "discord.app_only");
  }
}

static void
test_oauth_reused_state (void)
{
  g_autofree char *token = dc_test_register_user (server, "reuser");
  g_autofree char *query = NULL;

  set_oauth_user ("300000000000000031", "discord_reuser", NULL);
  query = consent (token, NULL);
  {
    g_autoptr(DcTestResponse) r = callback (query);
    g_assert_cmpuint (r->status, ==, 200);
  }
  /* The browser's back button, or an attacker replaying the URL. */
  {
    g_autoptr(DcTestResponse) r = callback (query);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "oauth.state_used");
  }
}

static void
test_oauth_denied_and_refused (void)
{
  g_autofree char *token = dc_test_register_user (server, "denier");
  g_autofree char *query = NULL;
  g_autofree char *state = NULL;

  /* The user pressed Cancel on Discord's consent page. */
  {
    g_autoptr(JsonNode) ignored = dc_fake_discord_control (discord, "POST", "oauth/deny", NULL);
  }
  query = consent (token, NULL);
  g_assert_nonnull (strstr (query, "error=access_denied"));
  {
    g_autoptr(DcTestResponse) r = callback (query);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "oauth.access_denied");
  }

  /* A code Discord does not know: its refusal becomes a 400 that says to start again. */
  set_oauth_user ("300000000000000041", "discord_denier", NULL);
  g_free (query);
  query = consent (token, &state);
  {
    g_autofree char *escaped = g_uri_escape_string (state, NULL, FALSE);
    g_autofree char *forged = g_strdup_printf ("code=forged&state=%s", escaped);
    g_autoptr(DcTestResponse) r = callback (forged);

    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "oauth.exchange_failed");
  }
}

static void
test_oauth_linked_elsewhere (void)
{
  g_autofree char *first = dc_test_register_user (server, "firstowner");
  g_autofree char *second = dc_test_register_user (server, "secondowner");
  g_autofree char *query = NULL;

  set_oauth_user ("300000000000000051", "discord_shared", NULL);
  query = consent (first, NULL);
  {
    g_autoptr(DcTestResponse) r = callback (query);
    g_assert_cmpuint (r->status, ==, 200);
  }
  g_free (query);
  query = consent (second, NULL);
  {
    g_autoptr(DcTestResponse) r = callback (query);
    JsonObject *error;

    g_assert_cmpstr (dc_test_assert_envelope (r, 409), ==, "discord.linked_to_another_user");
    error = json_object_get_object_member (object_of (r), "error");
    g_assert_nonnull (strstr (str (error, "message"), "already linked to another"));
  }
  /* The first link is untouched; the second user has none. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/oauth/discord/status",
                                                   first, NULL, NULL);
    g_assert_cmpstr (str (object_of (r), "discord_user_id"), ==, "300000000000000051");
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/oauth/discord/status",
                                                   second, NULL, NULL);
    g_assert_false (json_object_get_boolean_member (object_of (r), "linked"));
  }
}

static void
test_unlink (void)
{
  g_autofree char *token = dc_test_register_user (server, "unlinker");
  g_autofree char *query = NULL;
  guint seq;

  set_oauth_user ("300000000000000061", "discord_unlinker",
                  "[{\"id\":\"700000000000000061\",\"name\":\"Gone Soon\"}]");
  query = consent (token, NULL);
  {
    g_autoptr(DcTestResponse) r = callback (query);
    g_assert_cmpuint (r->status, ==, 200);
  }
  seq = dc_fake_discord_last_seq (discord);
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "DELETE", "/api/oauth/discord", token,
                                                   NULL, NULL);
    g_assert_cmpuint (r->status, ==, 204);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/oauth/discord/status",
                                                   token, NULL, NULL);
    g_assert_false (json_object_get_boolean_member (object_of (r), "linked"));
    g_assert_true (json_object_get_null_member (object_of (r), "discord_user_id"));
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "DELETE", "/api/oauth/discord", token,
                                                   NULL, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 404), ==, "discord.not_linked");
  }
  /* The token we held is revoked at Discord, and the guilds learnt through it are gone. */
  {
    g_autoptr(JsonObject) revoke = dc_fake_discord_wait_request (discord, seq, "POST",
                                                                 "/oauth2/token/revoke", 5000);
    g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, user_id_of ("unlinker"));

    g_assert_nonnull (revoke);
    g_assert_nonnull (strstr (str (revoke, "body"), "token="));
    g_assert_cmpint (db_int ("SELECT count(*) FROM user_guilds WHERE user_id = ?", uid), ==, 0);
  }
  /* The Discord account is free to link again. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/auth/me", BOT_KEY,
                                               "300000000000000061", NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 403), ==, "discord.not_linked");
  }
}

static void
test_not_configured (void)
{
  g_autoptr(DcTestServer) bare = dc_test_server_new ((const char *[]) {
    "DUALCASTER_AUTH_RATE_LIMIT=1000", NULL });
  g_autofree char *token = dc_test_register_user (bare, "noconfig");
  g_autoptr(DcTestResponse) r = dc_test_request (bare, "GET", "/api/oauth/discord/authorize",
                                                 token, NULL, NULL);
  JsonObject *error;

  g_assert_cmpstr (dc_test_assert_envelope (r, 503), ==, "discord.not_configured");
  error = json_object_get_object_member (object_of (r), "error");
  g_assert_nonnull (strstr (str (error, "message"), "Discord linking is not configured"));

  /* The callback too; and without DISCORD_BOT_API_KEY the bot is refused, not crashed. */
  {
    g_autoptr(DcTestResponse) cb = dc_test_request (bare, "GET",
                                                    "/api/oauth/discord/callback?code=a&state=b",
                                                    NULL, NULL, NULL);
    dc_test_assert_envelope (cb, 503);
  }
  {
    g_autoptr(DcTestResponse) bot = dc_test_request (bare, "GET", "/api/auth/me", NULL, NULL,
                                                     "Authorization", "Bot anything",
                                                     "X-Discord-User-Id", "1", NULL);
    g_assert_cmpstr (dc_test_assert_envelope (bot, 401), ==, "auth.bot_disabled");
  }
  /* Status and unlink work without any Discord setting. */
  {
    g_autoptr(DcTestResponse) status = dc_test_request (bare, "GET", "/api/oauth/discord/status",
                                                        token, NULL, NULL);
    g_assert_cmpuint (status->status, ==, 200);
  }
}

/* Without DISCORD_REDIRECT_URI the callback is under DUALCASTER_PUBLIC_URL. */
static void
test_redirect_uri_default (void)
{
  g_autofree char *api_base = g_strconcat ("DISCORD_API_BASE=", discord->api_base, NULL);
  g_autoptr(DcTestServer) other = dc_test_server_new ((const char *[]) {
    "DUALCASTER_AUTH_RATE_LIMIT=1000", "DISCORD_CLIENT_ID=" DC_FAKE_DISCORD_CLIENT_ID,
    "DISCORD_CLIENT_SECRET=" DC_FAKE_DISCORD_CLIENT_SECRET, "DUALCASTER_SECRET_KEY=s",
    "DUALCASTER_PUBLIC_URL=https://deals.example.com/", api_base, NULL });
  g_autofree char *token = dc_test_register_user (other, "publicurl");
  g_autoptr(DcTestResponse) r = dc_test_request (other, "GET", "/api/oauth/discord/authorize",
                                                 token, NULL, NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;

  g_assert_cmpuint (r->status, ==, 200);
  uri = g_uri_parse (str (object_of (r), "url"), G_URI_FLAGS_NONE, NULL);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==,
                   "https://deals.example.com/api/oauth/discord/callback");
}

static void
test_link_codes (void)
{
  g_autofree char *token = dc_test_register_user (server, "coder");
  g_autofree char *other = dc_test_register_user (server, "othercoder");
  g_autofree char *code = NULL;

  /* The bot gets a code for a Discord user; the code is shaped for reading aloud. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("POST", "/api/discord/link-codes", BOT_KEY, NULL,
                                               "{\"discord_user_id\":\"400000000000000001\","
                                               "\"username\":\"coder_on_discord\"}");
    g_autoptr(GDateTime) expires = NULL;
    gint64 in_seconds;

    g_assert_cmpuint (r->status, ==, 201);
    code = g_strdup (str (object_of (r), "code"));
    g_assert_true (g_regex_match_simple ("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", code, 0, 0));
    expires = g_date_time_new_from_iso8601 (str (object_of (r), "expires_at"), NULL);
    g_assert_nonnull (expires);
    in_seconds = g_date_time_to_unix (expires) - g_get_real_time () / G_USEC_PER_SEC;
    g_assert_cmpint (in_seconds, >, 9 * 60);
    g_assert_cmpint (in_seconds, <=, 10 * 60 + 1);
  }
  /* Case, spaces and dashes do not matter. */
  {
    g_autofree char *lower = g_ascii_strdown (code, -1);
    g_autofree char *body = g_strdup_printf ("{\"code\":\" %.4s %s\"}", lower, lower + 5);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/oauth/discord/link-code",
                                                   token, body, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (object_of (r), "linked"));
    g_assert_cmpstr (str (object_of (r), "discord_user_id"), ==, "400000000000000001");
    g_assert_cmpstr (str (object_of (r), "username"), ==, "coder_on_discord");
  }
  /* Reused. */
  {
    g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\"}", code);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/oauth/discord/link-code",
                                                   other, body, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "discord.link_code_used");
  }
  /* Expired. */
  {
    g_autofree char *expired = new_link_code ("400000000000000002", "late_one");
    g_autofree char *normalized = g_strdup_printf ("%.4s%s", expired, expired + 5);
    g_autofree char *hash = dc_test_sha256_hex (normalized);
    g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\"}", expired);
    g_autoptr(DcTestResponse) r = NULL;

    db_exec ("UPDATE discord_link_codes SET expires_at = 1 WHERE code_hash = ?", hash);
    r = dc_test_request (server, "POST", "/api/oauth/discord/link-code", other, body, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "discord.link_code_expired");
  }
  /* Asking again replaces the previous code. */
  {
    g_autofree char *older = new_link_code ("400000000000000004", "twice");
    g_autofree char *newer = new_link_code ("400000000000000004", "twice");
    g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\"}", older);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/oauth/discord/link-code",
                                                   other, body, NULL);

    g_assert_cmpstr (newer, !=, older);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "discord.link_code_invalid");
  }
  /* Unknown, and malformed. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/oauth/discord/link-code",
                                                   other, "{\"code\":\"ABCD-EFGH\"}", NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "discord.link_code_invalid");
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/oauth/discord/link-code",
                                                   other, "{\"code\":\"0000\"}", NULL);
    dc_test_assert_envelope (r, 422);
  }
  /* A Discord account that is linked gets no code: the bot says who it is linked to. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("POST", "/api/discord/link-codes", BOT_KEY, NULL,
                                               "{\"discord_user_id\":\"400000000000000001\"}");
    JsonObject *details;

    g_assert_cmpstr (dc_test_assert_envelope (r, 409), ==, "discord.already_linked");
    details = json_object_get_object_member (json_object_get_object_member (object_of (r),
                                                                            "error"), "details");
    g_assert_cmpstr (str (details, "username"), ==, "coder");
  }
  /* A code issued before someone else linked that Discord account cannot steal it. */
  {
    g_autofree char *stale = new_link_code ("400000000000000003", "contested");
    g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\"}", stale);
    g_autoptr(DcTestResponse) r = NULL;

    g_autofree char *query = NULL;

    set_oauth_user ("400000000000000003", "contested", NULL);
    query = consent (other, NULL);
    {
      g_autoptr(DcTestResponse) linked = callback (query);
      g_assert_cmpuint (linked->status, ==, 200);
    }
    r = dc_test_request (server, "POST", "/api/oauth/discord/link-code", token, body, NULL);
    /* coder already has a link; this Discord account is othercoder's. */
    g_assert_cmpstr (dc_test_assert_envelope (r, 409), ==, "discord.linked_to_another_user");
  }
  /* Only the bot gets codes. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/discord/link-codes",
                                                   token, "{\"discord_user_id\":\"1\"}", NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 401), ==, "auth.bot_required");
  }
}

static void
test_bot_auth (void)
{
  g_autofree char *token = dc_test_register_user (server, "botuser");

  link_with_code (token, "500000000000000001", "botuser_discord");

  /* A wrong key. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/want-list", "wrong-key",
                                               "500000000000000001", NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 401), ==, "auth.invalid_bot_key");
  }
  /* A Discord user nobody linked: told how to link. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/want-list", BOT_KEY,
                                               "500000000000000099", NULL);
    JsonObject *error;

    g_assert_cmpstr (dc_test_assert_envelope (r, 403), ==, "discord.not_linked");
    error = json_object_get_object_member (object_of (r), "error");
    g_assert_nonnull (strstr (str (error, "message"), "/dd link"));
  }
  /* No Discord user named at all. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/want-list", BOT_KEY, NULL, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 400), ==, "discord.user_required");
  }
  /* Linked: the bot is that user. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/auth/me", BOT_KEY,
                                               "500000000000000001", NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (str (object_of (r), "username"), ==, "botuser");
  }
  /* The bot's key is not a user's token, and a user's token does not open bot routes. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/discord/alerts/pending",
                                                   token, NULL, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 401), ==, "auth.bot_required");
  }
  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/discord/alerts/pending", "wrong-key",
                                               NULL, NULL);
    g_assert_cmpstr (dc_test_assert_envelope (r, 401), ==, "auth.invalid_bot_key");
  }

  if (!require_catalog ())
    return;

  /* A want added from Discord is the user's: in the want list and in sync. */
  {
    g_autoptr(DcTestResponse) created = NULL;
    g_autoptr(DcTestResponse) list = NULL;
    g_autoptr(DcTestResponse) sync = NULL;
    const char *id;
    JsonArray *items, *changes;
    gboolean listed = FALSE, synced = FALSE;

    created = bot_request ("POST", "/api/want-list", BOT_KEY, "500000000000000001",
                           "{\"card_id\":\"" COUNTER_FCA "\",\"quantity\":2}");
    g_assert_cmpuint (created->status, ==, 201);
    id = str (object_of (created), "id");

    list = dc_test_request (server, "GET", "/api/want-list", token, NULL, NULL);
    items = json_object_get_array_member (object_of (list), "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      listed |= g_strcmp0 (str (json_array_get_object_element (items, i), "id"), id) == 0;
    g_assert_true (listed);

    sync = dc_test_request (server, "POST", "/api/sync", token,
                            "{\"device_id\":\"desktop\",\"cursor\":0,\"ops\":[]}", NULL);
    g_assert_cmpuint (sync->status, ==, 200);
    changes = json_object_get_array_member (object_of (sync), "changes");
    for (guint i = 0; i < json_array_get_length (changes); i++)
      {
        JsonObject *change = json_array_get_object_element (changes, i);

        if (g_strcmp0 (str (change, "id"), id) == 0)
          {
            g_assert_cmpstr (str (change, "entity"), ==, "want_item");
            synced = TRUE;
          }
      }
    g_assert_true (synced);
  }
}

static void
test_seen_guilds (void)
{
  g_autofree char *token = dc_test_register_user (server, "seenuser");
  g_autofree char *uid = NULL;

  link_with_code (token, "510000000000000001", "seen_discord");
  uid = g_strdup_printf ("%" G_GINT64_FORMAT, user_id_of ("seenuser"));
  {
    g_autoptr(DcTestResponse) r = bot_request ("POST", "/api/discord/seen", BOT_KEY, NULL,
                                               "{\"discord_user_id\":\"510000000000000001\","
                                               "\"guild_id\":\"710000000000000001\","
                                               "\"guild_name\":\"Local Game Store\"}");
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (object_of (r), "recorded"));
  }
  /* Seen again: still one row, with the newer time. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("POST", "/api/discord/seen", BOT_KEY, NULL,
                                               "{\"discord_user_id\":\"510000000000000001\","
                                               "\"guild_id\":\"710000000000000001\"}");
    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpint (db_int ("SELECT count(*) FROM user_guilds WHERE user_id = ?", uid), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM user_guilds WHERE user_id = ?"
                                            " AND guild_id = '710000000000000001'"
                                            " AND guild_name = 'Local Game Store'");
    g_assert_cmpint (db_int (sql, uid), ==, 1);
  }
  /* A Discord user who is nobody here: nothing recorded. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("POST", "/api/discord/seen", BOT_KEY, NULL,
                                               "{\"discord_user_id\":\"510000000000000099\","
                                               "\"guild_id\":\"710000000000000001\"}");
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_false (json_object_get_boolean_member (object_of (r), "recorded"));
  }
  {
    g_autoptr(DcTestResponse) r = bot_request ("POST", "/api/discord/seen", BOT_KEY, NULL,
                                               "{\"discord_user_id\":\"510000000000000001\","
                                               "\"guild_id\":\"my guild\"}");
    dc_test_assert_envelope (r, 422);
  }
}

static JsonObject *
find_alert (DcTestResponse *r,
            const char     *id)
{
  JsonArray *alerts = json_object_get_array_member (object_of (r), "alerts");

  for (guint i = 0; i < json_array_get_length (alerts); i++)
    if (g_strcmp0 (str (json_array_get_object_element (alerts, i), "id"), id) == 0)
      return json_array_get_object_element (alerts, i);
  return NULL;
}

static void
test_dm_queue_routes (void)
{
  g_autofree char *token = dc_test_register_user (server, "dmuser");
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 uid;

  link_with_code (token, "520000000000000001", "dm_discord");
  uid = user_id_of ("dmuser");

  /* The notification side queues alerts in the same database. */
  store = dc_store_open (server->db_path, &error);
  g_assert_no_error (error);
  first = dc_discord_enqueue_alert (store, uid, "price_alert", "Counterspell hit $3.00",
                                    "Your target price was reached.", "https://example.com/c",
                                    g_get_real_time () / 1000, &error);
  g_assert_no_error (error);
  second = dc_discord_enqueue_alert (store, uid, "trade_match", "A new match (82%)", NULL, NULL,
                                     g_get_real_time () / 1000, &error);
  g_assert_no_error (error);

  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/discord/alerts/pending", BOT_KEY,
                                               NULL, NULL);
    JsonObject *alert;

    g_assert_cmpuint (r->status, ==, 200);
    alert = find_alert (r, first);
    g_assert_nonnull (alert);
    g_assert_cmpstr (str (alert, "discord_user_id"), ==, "520000000000000001");
    g_assert_cmpstr (str (alert, "kind"), ==, "price_alert");
    g_assert_cmpstr (str (alert, "title"), ==, "Counterspell hit $3.00");
    g_assert_cmpstr (str (alert, "body"), ==, "Your target price was reached.");
    g_assert_cmpstr (str (alert, "url"), ==, "https://example.com/c");
    g_assert_cmpint (json_object_get_int_member (alert, "attempts"), ==, 0);
    g_assert_nonnull (find_alert (r, second));
  }
  /* Leased to the bot that took them: not offered twice. */
  {
    g_autoptr(DcTestResponse) r = bot_request ("GET", "/api/discord/alerts/pending", BOT_KEY,
                                               NULL, NULL);
    g_assert_null (find_alert (r, first));
    g_assert_null (find_alert (r, second));
  }
  /* A failed DM is retried in 5 minutes. */
  {
    g_autofree char *path = g_strdup_printf ("/api/discord/alerts/%s/failed", first);
    g_autoptr(DcTestResponse) r = bot_request ("POST", path, BOT_KEY, NULL,
                                               "{\"error\":\"Cannot send messages to this user"
                                               " (50007)\"}");
    g_autoptr(GDateTime) next = NULL;
    gint64 in_seconds;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (str (object_of (r), "status"), ==, "pending");
    g_assert_cmpint (json_object_get_int_member (object_of (r), "attempts"), ==, 1);
    g_assert_cmpstr (str (object_of (r), "last_error"), ==,
                     "Cannot send messages to this user (50007)");
    next = g_date_time_new_from_iso8601 (str (object_of (r), "next_attempt_at"), NULL);
    in_seconds = g_date_time_to_unix (next) - g_get_real_time () / G_USEC_PER_SEC;
    g_assert_cmpint (in_seconds, >=, 5 * 60 - 5);
    g_assert_cmpint (in_seconds, <=, 5 * 60 + 1);
  }
  /* Delivered is final. */
  {
    g_autofree char *path = g_strdup_printf ("/api/discord/alerts/%s/delivered", second);
    g_autoptr(DcTestResponse) r = bot_request ("POST", path, BOT_KEY, NULL, NULL);
    g_autoptr(DcTestResponse) again = bot_request ("POST", path, BOT_KEY, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (str (object_of (r), "status"), ==, "delivered");
    g_assert_cmpstr (dc_test_assert_envelope (again, 409), ==, "alert.already_final");
  }
  {
    g_autoptr(DcTestResponse) r = bot_request ("POST", "/api/discord/alerts/"
                                               "00000000-0000-4000-8000-000000000000/delivered",
                                               BOT_KEY, NULL, NULL);
    dc_test_assert_envelope (r, 404);
  }
  /* Only for the bot. */
  {
    g_autofree char *path = g_strdup_printf ("/api/discord/alerts/%s/delivered", first);
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", path, token, NULL, NULL);
    dc_test_assert_envelope (r, 401);
  }
}

/* The schedule itself, with a clock the test controls: 0 s, 5 min, 15 min, then failed. */
static void
test_dm_retry_schedule (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = dc_store_open (":memory:", &error);
  g_auto(DcAuthGrant) grant = { 0 };
  g_auto(DcDiscordIdentity) identity = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *lease_id = NULL;
  g_autofree char *orphan = NULL;
  g_autoptr(JsonObject) alert = NULL;
  const gint64 t0 = 1700000000000;
  const gint64 minute = 60 * 1000;
  gint64 t;

  g_assert_no_error (error);
  g_assert_true (dc_store_migrate (store, &error));
  g_assert_true (dc_auth_register (store, "sched@example.com", "sched", "correct horse battery",
                                   "test", &grant, &error));
  identity.user_id = g_strdup ("600000000000000001");
  identity.username = g_strdup ("sched_discord");
  g_assert_true (dc_discord_link (store, NULL, grant.user_id, &identity, t0, &error));

#define TAKE(at) dc_discord_take_due_alerts (store, (at), 10, &error)
#define TAKEN(at, n) G_STMT_START { \
    g_autoptr(JsonArray) taken_ = TAKE (at); \
    g_assert_no_error (error); \
    g_assert_cmpuint (json_array_get_length (taken_), ==, (n)); \
  } G_STMT_END

  id = dc_discord_enqueue_alert (store, grant.user_id, "price_alert", "Bolt under $1", NULL, NULL,
                                 t0, &error);
  g_assert_no_error (error);

  /* Attempt 1 at once. */
  TAKEN (t0, 1);
  TAKEN (t0 + 1000, 0); /* leased */
  alert = dc_discord_alert_failed (store, id, "DM closed", t0 + 2000, &error);
  g_assert_cmpint (json_object_get_int_member (alert, "attempts"), ==, 1);
  g_clear_pointer (&alert, json_object_unref);

  /* Attempt 2 five minutes after the failure. */
  t = t0 + 2000 + 5 * minute;
  TAKEN (t - 1, 0);
  TAKEN (t, 1);
  alert = dc_discord_alert_failed (store, id, "DM closed", t, &error);
  g_assert_cmpstr (json_object_get_string_member (alert, "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (alert, "attempts"), ==, 2);
  g_clear_pointer (&alert, json_object_unref);

  /* Attempt 3 fifteen minutes after that. */
  t += 15 * minute;
  TAKEN (t - 1, 0);
  TAKEN (t, 1);
  alert = dc_discord_alert_failed (store, id, "DM closed", t, &error);
  g_assert_cmpstr (json_object_get_string_member (alert, "status"), ==, "failed");
  g_assert_cmpint (json_object_get_int_member (alert, "attempts"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (alert, "last_error"), ==, "DM closed");
  g_clear_pointer (&alert, json_object_unref);

  /* Then never again — and still there, recorded as failed. */
  TAKEN (t + 24 * 60 * minute, 0);
  alert = dc_discord_get_alert (store, id, &error);
  g_assert_cmpstr (json_object_get_string_member (alert, "status"), ==, "failed");
  g_clear_pointer (&alert, json_object_unref);
  g_assert_null (dc_discord_alert_failed (store, id, "again", t, &error));
  g_assert_error (error, DC_API_ERROR, DC_API_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A lease that runs out without a report (the bot died) offers the alert again. */
  lease_id = dc_discord_enqueue_alert (store, grant.user_id, "trade_match", "Match", NULL, NULL,
                                       t0, &error);
  TAKEN (t0, 1);
  TAKEN (t0 + DC_DISCORD_ALERT_LEASE_MS - 1, 0);
  TAKEN (t0 + DC_DISCORD_ALERT_LEASE_MS, 1);
  alert = dc_discord_alert_delivered (store, lease_id, t0 + DC_DISCORD_ALERT_LEASE_MS, &error);
  g_assert_cmpstr (json_object_get_string_member (alert, "status"), ==, "delivered");
  g_clear_pointer (&alert, json_object_unref);

  /* An alert for someone who unlinked is recorded as failed, not sent to that Discord user. */
  orphan = dc_discord_enqueue_alert (store, grant.user_id, "message", "Hello", NULL, NULL, t0,
                                     &error);
  g_assert_true (dc_discord_unlink (store, NULL, grant.user_id, NULL, &error));
  TAKEN (t0 + 10 * DC_DISCORD_ALERT_LEASE_MS, 0);
  alert = dc_discord_get_alert (store, orphan, &error);
  g_assert_cmpstr (json_object_get_string_member (alert, "status"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (alert, "last_error"), "unlinked"));

  /* Nobody to DM: refused at once. */
  g_assert_null (dc_discord_enqueue_alert (store, grant.user_id, "message", "Hi", NULL, NULL, t0,
                                           &error));
  g_assert_error (error, DC_API_ERROR, DC_API_ERROR_NOT_FOUND);
#undef TAKE
#undef TAKEN
}

static void
test_card_demand (void)
{
  g_autofree char *a = dc_test_register_user (server, "demand_a");
  g_autofree char *b = dc_test_register_user (server, "demand_b");
  g_autofree char *c = dc_test_register_user (server, "demand_c");
  g_autofree char *oracle = NULL;
  gint64 before;

  if (!require_catalog ())
    return;
  {
    g_autofree char *path = g_strconcat ("/api/cards/", COUNTER_FCA, NULL);
    g_autoptr(DcTestResponse) card = dc_test_request (server, "GET", path, NULL, NULL, NULL);

    g_assert_cmpuint (card->status, ==, 200);
    oracle = g_strdup (str (object_of (card), "oracle_id"));
  }
  /* Other tests in this program may want it already. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET",
                                                   "/api/cards/" COUNTER_FCA "/demand", NULL,
                                                   NULL, NULL);
    g_assert_cmpuint (r->status, ==, 200);
    before = json_object_get_int_member (object_of (r), "wanted_by");
  }
  /* a wants this printing (twice over), b any printing, c privately. */
  {
    g_autofree char *any = g_strdup_printf ("{\"oracle_id\":\"%s\"}", oracle);
    g_autoptr(DcTestResponse) r1 = dc_test_request (server, "POST", "/api/want-list", a,
                                                    "{\"card_id\":\"" COUNTER_FCA "\","
                                                    "\"quantity\":3}", NULL);
    g_autoptr(DcTestResponse) r2 = dc_test_request (server, "POST", "/api/want-list", a, any,
                                                    NULL);
    g_autoptr(DcTestResponse) r3 = dc_test_request (server, "POST", "/api/want-list", b, any,
                                                    NULL);
    g_autoptr(DcTestResponse) r4 = dc_test_request (server, "POST", "/api/want-list", c,
                                                    "{\"card_id\":\"" COUNTER_FCA "\","
                                                    "\"is_public\":false}", NULL);
    g_assert_cmpuint (r1->status, ==, 201);
    g_assert_cmpuint (r2->status, ==, 201);
    g_assert_cmpuint (r3->status, ==, 201);
    g_assert_cmpuint (r4->status, ==, 201);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET",
                                                   "/api/cards/" COUNTER_FCA "/demand", NULL,
                                                   NULL, NULL);
    g_assert_cmpint (json_object_get_int_member (object_of (r), "wanted_by"), ==, before + 2);
    g_assert_cmpstr (str (object_of (r), "oracle_id"), ==, oracle);
  }
  /* Another card: nobody. An unknown id: 404. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET",
                                                   "/api/cards/" BOLT_FCA "/demand", NULL, NULL,
                                                   NULL);
    g_assert_cmpint (json_object_get_int_member (object_of (r), "wanted_by"), ==, 0);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/cards/"
                                                   "00000000-0000-4000-8000-000000000000/demand",
                                                   NULL, NULL, NULL);
    dc_test_assert_envelope (r, 404);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  discord = dc_fake_discord_new (NULL);
  {
    g_autofree char *api_base = g_strconcat ("DISCORD_API_BASE=", discord->api_base, NULL);
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
    g_autofree char *output = NULL;
    const char *env[] = {
      "DUALCASTER_AUTH_RATE_LIMIT=1000",
      "DISCORD_CLIENT_ID=" DC_FAKE_DISCORD_CLIENT_ID,
      "DISCORD_CLIENT_SECRET=" DC_FAKE_DISCORD_CLIENT_SECRET,
      "DISCORD_REDIRECT_URI=" REDIRECT_URI,
      "DISCORD_BOT_API_KEY=" BOT_KEY,
      "DUALCASTER_SECRET_KEY=" SECRET_KEY,
      api_base,
      NULL,
    };
    int status;

    server = dc_test_server_prepare (env);
    status = dc_test_server_run_command (server, &output, "import-scryfall", cards, NULL);
    have_catalog = status == 0;
    if (!have_catalog && strstr (output, "unknown command") == NULL)
      g_error ("import-scryfall failed: %s", output);
    dc_test_server_start (server);
  }

  g_test_add_func ("/Dc/Discord/authorize-url", test_authorize_url);
  g_test_add_func ("/Dc/Discord/oauth-link-flow", test_oauth_link_flow);
  g_test_add_func ("/Dc/Discord/oauth-bad-state", test_oauth_bad_state);
  g_test_add_func ("/Dc/Discord/oauth-state-needs-session", test_oauth_state_needs_session);
  g_test_add_func ("/Dc/Discord/oauth-reused-state", test_oauth_reused_state);
  g_test_add_func ("/Dc/Discord/oauth-denied-and-refused", test_oauth_denied_and_refused);
  g_test_add_func ("/Dc/Discord/oauth-linked-elsewhere", test_oauth_linked_elsewhere);
  g_test_add_func ("/Dc/Discord/unlink", test_unlink);
  g_test_add_func ("/Dc/Discord/not-configured", test_not_configured);
  g_test_add_func ("/Dc/Discord/redirect-uri-default", test_redirect_uri_default);
  g_test_add_func ("/Dc/Discord/link-codes", test_link_codes);
  g_test_add_func ("/Dc/Discord/bot-auth", test_bot_auth);
  g_test_add_func ("/Dc/Discord/seen-guilds", test_seen_guilds);
  g_test_add_func ("/Dc/Discord/dm-queue-routes", test_dm_queue_routes);
  g_test_add_func ("/Dc/Discord/dm-retry-schedule", test_dm_retry_schedule);
  g_test_add_func ("/Dc/Discord/card-demand", test_card_demand);

  ret = g_test_run ();
  dc_test_server_free (server);
  dc_fake_discord_free (discord);
  return ret;
}
