/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-discord-service"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "dc-discord-service.h"
#include "dc-error.h"
#include "dc-list-items.h"
#include "dc-server.h"

#define DEFAULT_API_BASE "https://discord.com/api/v10"
#define KEY_CONTEXT "dualcaster/connected-accounts/v1"

G_STATIC_ASSERT (crypto_secretbox_KEYBYTES == 32);
G_STATIC_ASSERT (sizeof KEY_CONTEXT - 1 >= crypto_generichash_KEYBYTES_MIN);

/* Link codes avoid 0/O and 1/I: people read them off one screen and type them into another. */
static const char link_code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
#define LINK_CODE_LENGTH 8

/* Delay before attempt n + 1 after n failures (DESIGN §7.9: 0 s, 5 min, 15 min). */
static const gint64 alert_retry_delays_ms[DC_DISCORD_ALERT_MAX_ATTEMPTS] = {
  0, 5 * 60 * 1000, 15 * 60 * 1000,
};

static gboolean
internal_error (DcStore  *store,
                GError  **error)
{
  g_warning ("SQLite: %s", sqlite3_errmsg (dc_store_get_db (store)));
  dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
  return FALSE;
}

static void
ensure_sodium (void)
{
  if (sodium_init () < 0)
    g_error ("libsodium failed to initialise");
}

/* SHA-256 in hex: states and codes are stored only as their hash. */
static char *
hash_secret (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static char *
ms_to_iso (gint64 ms)
{
  return dc_time_ms_to_iso8601 (ms);
}

static void
set_nullable_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_time (JsonObject *object,
          const char *name,
          gint64      ms)
{
  g_autofree char *text = ms > 0 ? ms_to_iso (ms) : NULL;

  set_nullable_string (object, name, text);
}

void
dc_discord_identity_clear (DcDiscordIdentity *identity)
{
  g_clear_pointer (&identity->user_id, g_free);
  g_clear_pointer (&identity->username, g_free);
  g_clear_pointer (&identity->display_name, g_free);
  g_clear_pointer (&identity->avatar, g_free);
  if (identity->access_token != NULL)
    sodium_memzero (identity->access_token, strlen (identity->access_token));
  if (identity->refresh_token != NULL)
    sodium_memzero (identity->refresh_token, strlen (identity->refresh_token));
  g_clear_pointer (&identity->access_token, g_free);
  g_clear_pointer (&identity->refresh_token, g_free);
  g_clear_pointer (&identity->scopes, g_free);
  identity->expires_at = 0;
}

/* Discord ids are snowflakes: unsigned 64-bit integers written in decimal. */
gboolean
dc_discord_is_snowflake (const char *text)
{
  gsize len;

  if (text == NULL)
    return FALSE;
  len = strlen (text);
  if (len == 0 || len > 20)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* --- configuration and crypto -------------------------------------------------------- */

const char *
dc_discord_oauth_missing_setting (DcConfig *config)
{
  static const char *required[] = {
    "DISCORD_CLIENT_ID", "DISCORD_CLIENT_SECRET", "DUALCASTER_SECRET_KEY",
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *value = dc_config_get (config, required[i]);

      if (value == NULL || *value == '\0')
        return required[i];
    }
  return NULL;
}

/* DISCORD_REDIRECT_URI, else the callback under DUALCASTER_PUBLIC_URL, else DESIGN §12's
 * default for a server on this machine. */
char *
dc_discord_redirect_uri (DcConfig *config)
{
  const char *configured = dc_config_get_default (config, "DISCORD_REDIRECT_URI", NULL);
  const char *public_url = dc_config_get_default (config, "DUALCASTER_PUBLIC_URL", NULL);

  if (configured != NULL)
    return g_strdup (configured);
  if (public_url != NULL)
    return g_strconcat (public_url, g_str_has_suffix (public_url, "/") ? "" : "/",
                        "api/oauth/discord/callback", NULL);
  return g_strdup (DC_DISCORD_DEFAULT_REDIRECT_URI);
}

const char *
dc_discord_api_base (DcConfig *config)
{
  return dc_config_get_default (config, "DISCORD_API_BASE", DEFAULT_API_BASE);
}

/* Discord's consent page lives at {API base}/oauth2/authorize, so DISCORD_API_BASE moves
 * the whole flow to a local fake in tests. */
char *
dc_discord_authorize_url (DcConfig   *config,
                          const char *state)
{
  g_autofree char *client_id = g_uri_escape_string (dc_config_get (config, "DISCORD_CLIENT_ID"),
                                                    NULL, FALSE);
  g_autofree char *redirect_uri = dc_discord_redirect_uri (config);
  g_autofree char *redirect = g_uri_escape_string (redirect_uri, NULL, FALSE);
  g_autofree char *scope = g_uri_escape_string (DC_DISCORD_SCOPES, NULL, FALSE);
  g_autofree char *escaped_state = g_uri_escape_string (state, NULL, FALSE);
  const char *base = dc_discord_api_base (config);

  return g_strdup_printf ("%s%soauth2/authorize?response_type=code&client_id=%s&scope=%s"
                          "&state=%s&redirect_uri=%s&prompt=consent",
                          base, g_str_has_suffix (base, "/") ? "" : "/", client_id, scope,
                          escaped_state, redirect);
}

gboolean
dc_discord_derive_key (DcConfig  *config,
                       guint8     key[32],
                       GError   **error)
{
  const char *secret = dc_config_get (config, "DUALCASTER_SECRET_KEY");

  if (secret == NULL || *secret == '\0')
    {
      dc_api_error_set (error, DC_API_ERROR_UNAVAILABLE, "discord.not_configured", NULL,
                        "Discord linking is not configured: DUALCASTER_SECRET_KEY is not set");
      return FALSE;
    }
  ensure_sodium ();
  /* BLAKE2b keyed with a fixed context: the token key is independent of any other key
   * derived from the same secret. */
  crypto_generichash (key, 32, (const guint8 *) secret, strlen (secret),
                      (const guint8 *) KEY_CONTEXT, sizeof KEY_CONTEXT - 1);
  return TRUE;
}

GBytes *
dc_discord_seal (const guint8  key[32],
                 const char   *plaintext)
{
  gsize len = strlen (plaintext);
  gsize total = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
  guint8 *out = g_malloc (total);

  ensure_sodium ();
  randombytes_buf (out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (out + crypto_secretbox_NONCEBYTES, (const guint8 *) plaintext, len, out,
                         key);
  return g_bytes_new_take (out, total);
}

char *
dc_discord_open (const guint8  key[32],
                 GBytes       *sealed)
{
  gsize total;
  const guint8 *data = g_bytes_get_data (sealed, &total);
  gsize len;
  char *plain;

  if (total < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return NULL;
  ensure_sodium ();
  len = total - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  plain = g_malloc (len + 1);
  if (crypto_secretbox_open_easy ((guint8 *) plain, data + crypto_secretbox_NONCEBYTES,
                                  total - crypto_secretbox_NONCEBYTES, data, key) != 0)
    {
      g_free (plain);
      return NULL;
    }
  plain[len] = '\0';
  return plain;
}

static void
bind_sealed (sqlite3_stmt *stmt,
             int           index,
             const guint8 *key,
             const char   *plaintext)
{
  g_autoptr(GBytes) sealed = NULL;
  gsize len;
  gconstpointer data;

  if (key == NULL || plaintext == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  sealed = dc_discord_seal (key, plaintext);
  data = g_bytes_get_data (sealed, &len);
  sqlite3_bind_blob (stmt, index, data, (int) len, SQLITE_TRANSIENT);
}

/* --- OAuth states -------------------------------------------------------------------- */

char *
dc_discord_create_state (DcStore     *store,
                         gint64       user_id,
                         const char  *session_id,
                         gint64       now,
                         GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *state = NULL;
  g_autofree char *hash = NULL;
  guint8 raw[32];
  char encoded[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  ensure_sodium ();
  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (encoded, sizeof encoded, raw, sizeof raw,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  state = g_strdup (encoded);
  hash = hash_secret (state);

  /* Old states are useless; sweep them while here. */
  stmt = dc_store_prepare (store, "DELETE FROM oauth_states WHERE expires_at < ?", NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, now - DC_DISCORD_STATE_TTL_MS);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error), NULL;
  g_clear_pointer (&stmt, sqlite3_reset);

  stmt = dc_store_prepare (store,
                           "INSERT INTO oauth_states (state_hash, user_id, session_id, provider,"
                           " created_at, expires_at) VALUES (?, ?, ?, 'discord', ?, ?)", NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, user_id);
  dc_stmt_bind_text (stmt, 3, session_id);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now + DC_DISCORD_STATE_TTL_MS);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error), NULL;
  return g_steal_pointer (&state);
}

gboolean
dc_discord_consume_state (DcStore     *store,
                          const char  *state,
                          gint64       now,
                          gint64      *out_user_id,
                          GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *hash = NULL;
  gint64 user_id, expires_at;
  gboolean used;

  *out_user_id = 0;
  if (state == NULL || *state == '\0' || strlen (state) > 256)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "oauth.invalid_state", NULL,
                        "The link request is not valid; start linking again from the app");
      return FALSE;
    }
  hash = hash_secret (state);
  stmt = dc_store_prepare (store,
                           "SELECT user_id, expires_at, used_at IS NOT NULL FROM oauth_states"
                           " WHERE state_hash = ? AND provider = 'discord'", NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "oauth.invalid_state", NULL,
                        "The link request is not valid; start linking again from the app");
      return FALSE;
    }
  user_id = sqlite3_column_int64 (stmt, 0);
  expires_at = sqlite3_column_int64 (stmt, 1);
  used = sqlite3_column_int (stmt, 2) != 0;
  g_clear_pointer (&stmt, sqlite3_reset);

  if (!used)
    {
      /* Marked used before anything else happens: a replay of this callback fails. */
      stmt = dc_store_prepare (store,
                               "UPDATE oauth_states SET used_at = ? WHERE state_hash = ?"
                               " AND used_at IS NULL", NULL);
      if (stmt == NULL)
        return internal_error (store, error);
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
      if (!dc_store_step_done (store, stmt, NULL))
        return internal_error (store, error);
      used = dc_store_changes_count (store) == 0;
    }

  if (used)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "oauth.state_used", NULL,
                        "This link request was already used; start linking again from the app");
      return FALSE;
    }
  if (expires_at <= now)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "oauth.state_expired", NULL,
                        "This link request has expired (10 minutes); start linking again from"
                        " the app");
      return FALSE;
    }
  *out_user_id = user_id;
  return TRUE;
}

/* --- accounts ------------------------------------------------------------------------ */

static char *
username_of_user (DcStore *store,
                  gint64   user_id)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, "SELECT username FROM users WHERE id = ?",
                                                  NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup (dc_stmt_column_text (stmt, 0));
}

static void
set_linked_elsewhere (GError     **error,
                      const char  *discord_username)
{
  dc_api_error_set (error, DC_API_ERROR_CONFLICT, "discord.linked_to_another_user", NULL,
                    "The Discord account %s%s%sis already linked to another Dualcaster Deals"
                    " account. Unlink it there first (Settings → Connections, or /dd unlink"
                    " in Discord).",
                    discord_username ? "“" : "", discord_username ? discord_username : "",
                    discord_username ? "” " : "");
}

static gboolean
link_locked (DcStore                 *store,
             const guint8            *key,
             gint64                   user_id,
             const DcDiscordIdentity *identity,
             gint64                   now,
             GError                 **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  gint64 owner;

  owner = dc_discord_lookup_user (store, identity->user_id, error);
  if (owner < 0)
    return FALSE;
  if (owner != 0 && owner != user_id)
    {
      set_linked_elsewhere (error, identity->username);
      return FALSE;
    }

  /* A user has one Discord account: linking another replaces it. */
  stmt = dc_store_prepare (store,
                           "DELETE FROM connected_accounts WHERE user_id = ?"
                           " AND provider = 'discord' AND provider_user_id <> ?", NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  dc_stmt_bind_text (stmt, 2, identity->user_id);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error);
  if (dc_store_changes_count (store) > 0)
    {
      g_clear_pointer (&stmt, sqlite3_reset);
      stmt = dc_store_prepare (store, "DELETE FROM user_guilds WHERE user_id = ?", NULL);
      if (stmt == NULL)
        return internal_error (store, error);
      sqlite3_bind_int64 (stmt, 1, user_id);
      if (!dc_store_step_done (store, stmt, NULL))
        return internal_error (store, error);
    }
  g_clear_pointer (&stmt, sqlite3_reset);

  /* Re-linking the same account refreshes its profile; tokens are replaced only by an
   * OAuth link (a link code carries none, and must not erase them). connected_at stays. */
  stmt = dc_store_prepare (store,
                           "INSERT INTO connected_accounts (user_id, provider, provider_user_id,"
                           " provider_username, provider_display_name, provider_avatar,"
                           " access_token_sealed, refresh_token_sealed, token_expires_at, scopes,"
                           " connected_at, verified)"
                           " VALUES (?1, 'discord', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)"
                           " ON CONFLICT (provider, provider_user_id) DO UPDATE SET"
                           " provider_username = excluded.provider_username,"
                           " provider_display_name = coalesce(excluded.provider_display_name,"
                           " provider_display_name),"
                           " provider_avatar = coalesce(excluded.provider_avatar, provider_avatar),"
                           " access_token_sealed = coalesce(excluded.access_token_sealed,"
                           " access_token_sealed),"
                           " refresh_token_sealed = coalesce(excluded.refresh_token_sealed,"
                           " refresh_token_sealed),"
                           " token_expires_at = coalesce(excluded.token_expires_at,"
                           " token_expires_at),"
                           " scopes = CASE WHEN excluded.scopes <> '' THEN excluded.scopes"
                           " ELSE scopes END,"
                           " verified = 1", NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  dc_stmt_bind_text (stmt, 2, identity->user_id);
  dc_stmt_bind_text (stmt, 3, identity->username ? identity->username : "");
  dc_stmt_bind_text (stmt, 4, identity->display_name);
  dc_stmt_bind_text (stmt, 5, identity->avatar);
  bind_sealed (stmt, 6, key, identity->access_token);
  bind_sealed (stmt, 7, key, identity->refresh_token);
  if (identity->expires_at > 0)
    sqlite3_bind_int64 (stmt, 8, identity->expires_at);
  else
    sqlite3_bind_null (stmt, 8);
  dc_stmt_bind_text (stmt, 9, identity->scopes ? identity->scopes : "");
  sqlite3_bind_int64 (stmt, 10, now);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error);
  return TRUE;
}

gboolean
dc_discord_link (DcStore                 *store,
                 const guint8            *key,
                 gint64                   user_id,
                 const DcDiscordIdentity *identity,
                 gint64                   now,
                 GError                 **error)
{
  g_return_val_if_fail (identity != NULL && dc_discord_is_snowflake (identity->user_id), FALSE);
  g_return_val_if_fail (key != NULL || identity->access_token == NULL, FALSE);

  if (!dc_store_begin (store, NULL))
    return internal_error (store, error);
  if (!link_locked (store, key, user_id, identity, now, error))
    {
      dc_store_rollback (store);
      return FALSE;
    }
  if (!dc_store_commit (store, NULL))
    {
      dc_store_rollback (store);
      return internal_error (store, error);
    }
  g_info ("User %" G_GINT64_FORMAT " linked Discord account %s", user_id, identity->user_id);
  return TRUE;
}

JsonObject *
dc_discord_status (DcStore  *store,
                   gint64    user_id,
                   GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  JsonObject *object = json_object_new ();
  gboolean linked;

  stmt = dc_store_prepare (store,
                           "SELECT provider_user_id, provider_username, provider_display_name,"
                           " provider_avatar, connected_at FROM connected_accounts"
                           " WHERE user_id = ? AND provider = 'discord'", NULL);
  if (stmt == NULL)
    {
      json_object_unref (object);
      return internal_error (store, error), NULL;
    }
  sqlite3_bind_int64 (stmt, 1, user_id);
  linked = sqlite3_step (stmt) == SQLITE_ROW;
  json_object_set_boolean_member (object, "linked", linked);
  set_nullable_string (object, "discord_user_id", linked ? dc_stmt_column_text (stmt, 0) : NULL);
  set_nullable_string (object, "username", linked ? dc_stmt_column_text (stmt, 1) : NULL);
  set_nullable_string (object, "display_name", linked ? dc_stmt_column_text (stmt, 2) : NULL);
  set_nullable_string (object, "avatar", linked ? dc_stmt_column_text (stmt, 3) : NULL);
  set_time (object, "connected_at", linked ? sqlite3_column_int64 (stmt, 4) : 0);
  return object;
}

gboolean
dc_discord_unlink (DcStore       *store,
                   const guint8  *key,
                   gint64         user_id,
                   char         **out_access_token,
                   GError       **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GBytes) sealed = NULL;
  gboolean found;

  if (out_access_token)
    *out_access_token = NULL;
  if (!dc_store_begin (store, NULL))
    return internal_error (store, error);
  stmt = dc_store_prepare (store,
                           "DELETE FROM connected_accounts WHERE user_id = ?"
                           " AND provider = 'discord' RETURNING access_token_sealed", NULL);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, user_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    sealed = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (found && !dc_store_step_done (store, stmt, NULL))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_reset);
  if (!found)
    {
      dc_store_rollback (store);
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "discord.not_linked", NULL,
                        "No Discord account is linked to this account");
      return FALSE;
    }
  /* The guilds were learnt through that Discord account. */
  stmt = dc_store_prepare (store, "DELETE FROM user_guilds WHERE user_id = ?", NULL);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (!dc_store_step_done (store, stmt, NULL) || !dc_store_commit (store, NULL))
    goto fail;

  if (out_access_token && sealed && key)
    *out_access_token = dc_discord_open (key, sealed);
  g_info ("User %" G_GINT64_FORMAT " unlinked Discord", user_id);
  return TRUE;

fail:
  internal_error (store, error);
  dc_store_rollback (store);
  return FALSE;
}

gint64
dc_discord_lookup_user (DcStore     *store,
                        const char  *discord_user_id,
                        GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "SELECT user_id FROM connected_accounts"
                           " WHERE provider = 'discord' AND provider_user_id = ?", NULL);
  if (stmt == NULL)
    return internal_error (store, error), -1;
  dc_stmt_bind_text (stmt, 1, discord_user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* --- link codes ---------------------------------------------------------------------- */

/* "k7qm 2xpf", "K7QM-2XPF" → "K7QM2XPF"; NULL when it cannot be a code. */
static char *
normalize_link_code (const char *code)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = code; *p; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ')
        continue;
      if (strchr (link_code_alphabet, c) == NULL || c == '\0')
        return NULL;
      g_string_append_c (out, c);
    }
  if (out->len != LINK_CODE_LENGTH)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dc_discord_create_link_code (DcStore     *store,
                             const char  *discord_user_id,
                             const char  *discord_username,
                             gint64       now,
                             gint64      *out_expires_at,
                             GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  char raw[LINK_CODE_LENGTH + 1];
  g_autofree char *hash = NULL;
  gint64 owner;

  g_return_val_if_fail (dc_discord_is_snowflake (discord_user_id), NULL);

  owner = dc_discord_lookup_user (store, discord_user_id, error);
  if (owner < 0)
    return NULL;
  if (owner > 0)
    {
      g_autofree char *username = username_of_user (store, owner);
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "username", username ? username : "");
      dc_api_error_set (error, DC_API_ERROR_CONFLICT, "discord.already_linked", details,
                        "This Discord account is already linked to @%s",
                        username ? username : "?");
      return NULL;
    }

  ensure_sodium ();
  for (guint i = 0; i < LINK_CODE_LENGTH; i++)
    raw[i] = link_code_alphabet[randombytes_uniform (sizeof link_code_alphabet - 1)];
  raw[LINK_CODE_LENGTH] = '\0';
  hash = hash_secret (raw);

  /* Only the newest code of a Discord user works; old ones are swept too. */
  stmt = dc_store_prepare (store,
                           "DELETE FROM discord_link_codes WHERE expires_at < ?"
                           " OR (discord_user_id = ? AND used_at IS NULL)", NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, now - DC_DISCORD_LINK_CODE_TTL_MS);
  dc_stmt_bind_text (stmt, 2, discord_user_id);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error), NULL;
  g_clear_pointer (&stmt, sqlite3_reset);

  stmt = dc_store_prepare (store,
                           "INSERT INTO discord_link_codes (code_hash, discord_user_id,"
                           " discord_username, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  dc_stmt_bind_text (stmt, 2, discord_user_id);
  dc_stmt_bind_text (stmt, 3, discord_username ? discord_username : "");
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now + DC_DISCORD_LINK_CODE_TTL_MS);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error), NULL;

  *out_expires_at = now + DC_DISCORD_LINK_CODE_TTL_MS;
  return g_strdup_printf ("%.4s-%.4s", raw, raw + 4);
}

static gboolean
redeem_locked (DcStore     *store,
               gint64       user_id,
               const char  *normalized,
               gint64       now,
               GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *hash = hash_secret (normalized);
  g_auto(DcDiscordIdentity) identity = { 0 };
  gint64 expires_at;
  gboolean used;

  stmt = dc_store_prepare (store,
                           "SELECT discord_user_id, discord_username, expires_at,"
                           " used_at IS NOT NULL FROM discord_link_codes WHERE code_hash = ?",
                           NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "discord.link_code_invalid", NULL,
                        "This link code is not valid; run /dd link in Discord for a new one");
      return FALSE;
    }
  identity.user_id = g_strdup (dc_stmt_column_text (stmt, 0));
  identity.username = g_strdup (dc_stmt_column_text (stmt, 1));
  expires_at = sqlite3_column_int64 (stmt, 2);
  used = sqlite3_column_int (stmt, 3) != 0;
  g_clear_pointer (&stmt, sqlite3_reset);

  if (used)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "discord.link_code_used", NULL,
                        "This link code was already used; run /dd link in Discord for a new one");
      return FALSE;
    }
  if (expires_at <= now)
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "discord.link_code_expired", NULL,
                        "This link code has expired (codes last 10 minutes); run /dd link in"
                        " Discord for a new one");
      return FALSE;
    }

  if (!link_locked (store, NULL, user_id, &identity, now, error))
    return FALSE;

  stmt = dc_store_prepare (store,
                           "UPDATE discord_link_codes SET used_at = ?, used_by = ?"
                           " WHERE code_hash = ?", NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error);
  return TRUE;
}

gboolean
dc_discord_redeem_link_code (DcStore     *store,
                             gint64       user_id,
                             const char  *code,
                             gint64       now,
                             GError     **error)
{
  g_autofree char *normalized = code ? normalize_link_code (code) : NULL;

  if (normalized == NULL)
    {
      dc_api_error_set_field (error, "code",
                              "A link code has 8 letters and digits, such as K7QM-2XPF");
      return FALSE;
    }
  if (!dc_store_begin (store, NULL))
    return internal_error (store, error);
  if (!redeem_locked (store, user_id, normalized, now, error))
    {
      dc_store_rollback (store);
      return FALSE;
    }
  if (!dc_store_commit (store, NULL))
    {
      dc_store_rollback (store);
      return internal_error (store, error);
    }
  return TRUE;
}

/* --- guilds -------------------------------------------------------------------------- */

/* UPDATE then INSERT rather than an upsert: it needs no particular unique index on the
 * table, whose definition belongs to the matching migration. Seeing someone again only moves
 * seen_at (which, by 0005's triggers, leaves cached matches alone); a new guild or a renamed
 * one changes matches. */
gboolean
dc_discord_record_guild (DcStore     *store,
                         gint64       user_id,
                         const char  *guild_id,
                         const char  *guild_name,
                         gint64       now,
                         GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "UPDATE user_guilds SET seen_at = ?3,"
                           " guild_name = coalesce(?4, guild_name)"
                           " WHERE user_id = ?1 AND guild_id = ?2", NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  dc_stmt_bind_text (stmt, 2, guild_id);
  sqlite3_bind_int64 (stmt, 3, now);
  dc_stmt_bind_text (stmt, 4, guild_name && *guild_name ? guild_name : NULL);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error);
  if (dc_store_changes_count (store) > 0)
    return TRUE;
  g_clear_pointer (&stmt, sqlite3_reset);

  stmt = dc_store_prepare (store,
                           "INSERT INTO user_guilds (user_id, guild_id, guild_name, seen_at)"
                           " VALUES (?, ?, coalesce(?, ''), ?)", NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  dc_stmt_bind_text (stmt, 2, guild_id);
  dc_stmt_bind_text (stmt, 3, guild_name && *guild_name ? guild_name : NULL);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error);
  return TRUE;
}

/* --- the bot ------------------------------------------------------------------------- */

gboolean
dc_discord_check_bot_key (DcConfig    *config,
                          const char  *key,
                          GError     **error)
{
  const char *expected = dc_config_get (config, "DISCORD_BOT_API_KEY");
  guint8 a[32], b[32];

  if (expected == NULL || *expected == '\0')
    {
      dc_api_error_set (error, DC_API_ERROR_UNAUTHORIZED, "auth.bot_disabled", NULL,
                        "Bot access is not configured on this server (DISCORD_BOT_API_KEY)");
      return FALSE;
    }
  while (key != NULL && *key == ' ')
    key++;
  ensure_sodium ();
  /* Hash both sides first so the comparison takes the same time whatever the lengths. */
  crypto_generichash (a, sizeof a, (const guint8 *) expected, strlen (expected), NULL, 0);
  crypto_generichash (b, sizeof b, (const guint8 *) (key ? key : ""), key ? strlen (key) : 0,
                      NULL, 0);
  if (key == NULL || *key == '\0' || sodium_memcmp (a, b, sizeof a) != 0)
    {
      dc_api_error_set (error, DC_API_ERROR_UNAUTHORIZED, "auth.invalid_bot_key", NULL,
                        "The bot API key is not valid");
      return FALSE;
    }
  return TRUE;
}

gboolean
dc_discord_authenticate_bot (DcServer    *server,
                             const char  *key,
                             const char  *discord_user_id,
                             gint64      *out_user_id,
                             GError     **error)
{
  DcStore *store = dc_server_get_store (server);
  g_autoptr(DcStmtReset) stmt = NULL;
  gint64 user_id;

  *out_user_id = 0;
  if (!dc_discord_check_bot_key (dc_server_get_config (server), key, error))
    return FALSE;
  if (!dc_discord_is_snowflake (discord_user_id))
    {
      dc_api_error_set (error, DC_API_ERROR_BAD_REQUEST, "discord.user_required", NULL,
                        "X-Discord-User-Id must name the Discord user the bot acts for");
      return FALSE;
    }

  stmt = dc_store_prepare (store,
                           "SELECT u.id, u.is_active FROM connected_accounts a"
                           " JOIN users u ON u.id = a.user_id"
                           " WHERE a.provider = 'discord' AND a.provider_user_id = ?", NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  dc_stmt_bind_text (stmt, 1, discord_user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_FORBIDDEN, "discord.not_linked", NULL,
                        "Your Discord account is not linked to a Dualcaster Deals account yet."
                        " Run /dd link and enter the code in the desktop app (Settings →"
                        " Connections → Enter a link code).");
      return FALSE;
    }
  user_id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_int (stmt, 1) == 0)
    {
      dc_api_error_set (error, DC_API_ERROR_FORBIDDEN, "auth.account_disabled", NULL,
                        "The linked Dualcaster Deals account is disabled");
      return FALSE;
    }
  *out_user_id = user_id;
  return TRUE;
}

/* --- DM alerts ----------------------------------------------------------------------- */

static JsonObject *
alert_from_row (sqlite3_stmt *stmt)
{
  /* Columns: id, discord_user_id, kind, payload, attempts, next_attempt_at, status,
   * last_error, created_at, updated_at */
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object = json_object_new ();
  const char *status = dc_stmt_column_text (stmt, 6);

  json_object_set_string_member (object, "id", dc_stmt_column_text (stmt, 0));
  json_object_set_string_member (object, "discord_user_id", dc_stmt_column_text (stmt, 1));
  json_object_set_string_member (object, "kind", dc_stmt_column_text (stmt, 2));
  if (json_parser_load_from_data (parser, dc_stmt_column_text (stmt, 3), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *payload = json_node_get_object (json_parser_get_root (parser));

      set_nullable_string (object, "title",
                           json_object_get_string_member_with_default (payload, "title", NULL));
      set_nullable_string (object, "body",
                           json_object_get_string_member_with_default (payload, "body", NULL));
      set_nullable_string (object, "url",
                           json_object_get_string_member_with_default (payload, "url", NULL));
    }
  json_object_set_int_member (object, "attempts", sqlite3_column_int64 (stmt, 4));
  json_object_set_string_member (object, "status", status);
  set_time (object, "next_attempt_at",
            g_str_equal (status, "pending") ? sqlite3_column_int64 (stmt, 5) : 0);
  set_nullable_string (object, "last_error", dc_stmt_column_text (stmt, 7));
  set_time (object, "created_at", sqlite3_column_int64 (stmt, 8));
  set_time (object, "updated_at", sqlite3_column_int64 (stmt, 9));
  return object;
}

#define ALERT_COLUMNS \
  "id, discord_user_id, kind, payload, attempts, next_attempt_at, status, last_error," \
  " created_at, updated_at"

char *
dc_discord_enqueue_alert (DcStore     *store,
                          gint64       user_id,
                          const char  *kind,
                          const char  *title,
                          const char  *body,
                          const char  *url,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *payload_text = NULL;
  g_autofree char *discord_user_id = NULL;
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (kind != NULL && title != NULL, NULL);

  stmt = dc_store_prepare (store,
                           "SELECT provider_user_id FROM connected_accounts"
                           " WHERE user_id = ? AND provider = 'discord'", NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "discord.not_linked", NULL,
                        "This user has no linked Discord account");
      return NULL;
    }
  discord_user_id = g_strdup (dc_stmt_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_reset);

  json_object_set_string_member (payload, "title", title);
  set_nullable_string (payload, "body", body);
  set_nullable_string (payload, "url", url);
  node = json_node_init_object (json_node_alloc (), payload);
  payload_text = json_to_string (node, FALSE);

  stmt = dc_store_prepare (store,
                           "INSERT INTO pending_dm_alerts (id, user_id, discord_user_id, kind,"
                           " payload, next_attempt_at, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)", NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_text (stmt, 3, discord_user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, payload_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, now + alert_retry_delays_ms[0]);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error), NULL;
  return g_steal_pointer (&id);
}

static gboolean
take_due_locked (DcStore    *store,
                 gint64      now,
                 guint       limit,
                 JsonArray  *alerts,
                 GError    **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_free);

  /* An alert whose account was unlinked (or relinked to another Discord user) since it was
   * queued must not reach that Discord user. */
  stmt = dc_store_prepare (store,
                           "SELECT a.id, c.provider_user_id = a.discord_user_id"
                           " FROM pending_dm_alerts a LEFT JOIN connected_accounts c"
                           " ON c.user_id = a.user_id AND c.provider = 'discord'"
                           " WHERE a.status = 'pending' AND a.next_attempt_at <= ?1"
                           " AND (a.leased_until IS NULL OR a.leased_until <= ?1)"
                           " ORDER BY a.next_attempt_at, a.created_at LIMIT ?2", NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (sqlite3_column_int (stmt, 1) == 1 ? ids : orphans,
                     g_strdup (dc_stmt_column_text (stmt, 0)));
  g_clear_pointer (&stmt, sqlite3_reset);

  for (guint i = 0; i < orphans->len; i++)
    {
      stmt = dc_store_prepare (store,
                               "UPDATE pending_dm_alerts SET status = 'failed', updated_at = ?,"
                               " last_error = 'The Discord account was unlinked' WHERE id = ?",
                               NULL);
      if (stmt == NULL)
        return internal_error (store, error);
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (orphans, i), -1, SQLITE_TRANSIENT);
      if (!dc_store_step_done (store, stmt, NULL))
        return internal_error (store, error);
      g_clear_pointer (&stmt, sqlite3_reset);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      stmt = dc_store_prepare (store,
                               "UPDATE pending_dm_alerts SET leased_until = ?, updated_at = ?"
                               " WHERE id = ? RETURNING " ALERT_COLUMNS, NULL);
      if (stmt == NULL)
        return internal_error (store, error);
      sqlite3_bind_int64 (stmt, 1, now + DC_DISCORD_ALERT_LEASE_MS);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (ids, i), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return internal_error (store, error);
      json_array_add_object_element (alerts, alert_from_row (stmt));
      if (!dc_store_step_done (store, stmt, NULL))
        return internal_error (store, error);
      g_clear_pointer (&stmt, sqlite3_reset);
    }
  return TRUE;
}

JsonArray *
dc_discord_take_due_alerts (DcStore  *store,
                            gint64    now,
                            guint     limit,
                            GError  **error)
{
  g_autoptr(JsonArray) alerts = json_array_new ();

  if (!dc_store_begin (store, NULL))
    return internal_error (store, error), NULL;
  if (!take_due_locked (store, now, limit, alerts, error))
    {
      dc_store_rollback (store);
      return NULL;
    }
  if (!dc_store_commit (store, NULL))
    {
      dc_store_rollback (store);
      return internal_error (store, error), NULL;
    }
  return g_steal_pointer (&alerts);
}

JsonObject *
dc_discord_get_alert (DcStore     *store,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store, "SELECT " ALERT_COLUMNS " FROM pending_dm_alerts WHERE id = ?",
                           NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  dc_stmt_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "alert.not_found", NULL,
                        "No DM alert with this id");
      return NULL;
    }
  return alert_from_row (stmt);
}

/* Reads an alert's state for a report; 404 when unknown, 409 when already final. */
static gboolean
alert_pending (DcStore     *store,
               const char  *id,
               gint64      *out_attempts,
               GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  const char *status;

  if (id == NULL || !dc_is_uuid (id))
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "alert.not_found", NULL,
                        "No DM alert with this id");
      return FALSE;
    }
  stmt = dc_store_prepare (store, "SELECT status, attempts FROM pending_dm_alerts WHERE id = ?",
                           NULL);
  if (stmt == NULL)
    return internal_error (store, error);
  dc_stmt_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "alert.not_found", NULL,
                        "No DM alert with this id");
      return FALSE;
    }
  status = dc_stmt_column_text (stmt, 0);
  if (!g_str_equal (status, "pending"))
    {
      dc_api_error_set (error, DC_API_ERROR_CONFLICT, "alert.already_final", NULL,
                        "This DM alert is already %s", status);
      return FALSE;
    }
  *out_attempts = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

JsonObject *
dc_discord_alert_delivered (DcStore     *store,
                            const char  *id,
                            gint64       now,
                            GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  gint64 attempts;

  if (!alert_pending (store, id, &attempts, error))
    return NULL;
  stmt = dc_store_prepare (store,
                           "UPDATE pending_dm_alerts SET status = 'delivered', attempts = ?,"
                           " leased_until = NULL, updated_at = ? WHERE id = ?", NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, attempts + 1);
  sqlite3_bind_int64 (stmt, 2, now);
  dc_stmt_bind_text (stmt, 3, id);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error), NULL;
  return dc_discord_get_alert (store, id, error);
}

JsonObject *
dc_discord_alert_failed (DcStore     *store,
                         const char  *id,
                         const char  *reason,
                         gint64       now,
                         GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *trimmed = NULL;
  gint64 attempts;
  gboolean final;

  if (!alert_pending (store, id, &attempts, error))
    return NULL;
  attempts++;
  final = attempts >= DC_DISCORD_ALERT_MAX_ATTEMPTS;
  if (reason != NULL)
    trimmed = g_utf8_substring (reason, 0, MIN (g_utf8_strlen (reason, -1), 500));

  stmt = dc_store_prepare (store,
                           "UPDATE pending_dm_alerts SET status = ?, attempts = ?,"
                           " next_attempt_at = ?, leased_until = NULL, last_error = ?,"
                           " updated_at = ? WHERE id = ?", NULL);
  if (stmt == NULL)
    return internal_error (store, error), NULL;
  sqlite3_bind_text (stmt, 1, final ? "failed" : "pending", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, attempts);
  sqlite3_bind_int64 (stmt, 3, final ? now : now + alert_retry_delays_ms[attempts]);
  dc_stmt_bind_text (stmt, 4, trimmed ? trimmed : "Delivery failed");
  sqlite3_bind_int64 (stmt, 5, now);
  dc_stmt_bind_text (stmt, 6, id);
  if (!dc_store_step_done (store, stmt, NULL))
    return internal_error (store, error), NULL;
  /* Recorded as failed above; this is for the operator reading the log. */
  if (final)
    g_message ("DM alert %s failed after %d attempts: %s", id, DC_DISCORD_ALERT_MAX_ATTEMPTS,
               trimmed ? trimmed : "no reason given");
  return dc_discord_get_alert (store, id, error);
}
