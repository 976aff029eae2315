/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-auth-service"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "dc-auth-service.h"
#include "dc-error.h"
#include "dc-server.h"

#define TOKEN_BYTES 32
/* Writing last_used_at on every request would turn reads into writes. */
#define TOUCH_INTERVAL_MS (60 * 1000)

void
dc_auth_grant_clear (DcAuthGrant *grant)
{
  g_clear_pointer (&grant->session_id, g_free);
  if (grant->token != NULL)
    {
      sodium_memzero (grant->token, strlen (grant->token));
      g_clear_pointer (&grant->token, g_free);
    }
  grant->user_id = 0;
}

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "Crypto library unavailable");
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_error (DcStore  *store,
             int       rc,
             GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  dc_store_set_error (store, rc, &local_error);
  g_warning ("%s", local_error->message);
  dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
  return FALSE;
}

static gboolean
forward_error (GError  *local_error,
               GError **error)
{
  if (local_error->domain == DC_API_ERROR)
    g_propagate_error (error, local_error);
  else
    {
      g_warning ("%s", local_error->message);
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
      g_error_free (local_error);
    }
  return FALSE;
}

gboolean
dc_auth_validate_username (const char  *username,
                           GError     **error)
{
  gsize len = username ? strlen (username) : 0;

  if (len < 3 || len > 32)
    {
      dc_api_error_set_field (error, "username", "Username must be 3 to 32 characters long");
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (username[i]) && !g_ascii_isdigit (username[i]) && username[i] != '_')
      {
        dc_api_error_set_field (error, "username",
                                "Username may only use lower-case letters, digits and _");
        return FALSE;
      }
  return TRUE;
}

char *
dc_auth_normalize_email (const char  *email,
                         GError     **error)
{
  g_autofree char *folded = NULL;
  const char *at, *dot;

  if (email == NULL || strlen (email) > 254 || !g_utf8_validate (email, -1, NULL))
    goto invalid;
  folded = g_utf8_casefold (email, -1);
  g_strstrip (folded);
  at = strchr (folded, '@');
  if (at == NULL || at == folded || strchr (at + 1, '@') != NULL || strchr (folded, ' '))
    goto invalid;
  dot = strrchr (at, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0')
    goto invalid;
  return g_steal_pointer (&folded);

invalid:
  dc_api_error_set_field (error, "email", "Enter a valid email address");
  return NULL;
}

gboolean
dc_auth_validate_password (const char  *password,
                           GError     **error)
{
  glong len = password && g_utf8_validate (password, -1, NULL) ? g_utf8_strlen (password, -1)
                                                                : 0;

  if (len < 8)
    {
      dc_api_error_set_field (error, "password", "Password must be at least 8 characters");
      return FALSE;
    }
  if (strlen (password) > 1024)
    {
      dc_api_error_set_field (error, "password", "Password is too long");
      return FALSE;
    }
  return TRUE;
}

static char *
hash_password (const char  *password,
               GError     **error)
{
  char hashed[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str (hashed, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "Could not hash the password");
      return NULL;
    }
  return g_strdup (hashed);
}

static gboolean
verify_password (const char *hash,
                 const char *password)
{
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

static gpointer
make_dummy_hash (gpointer data)
{
  return hash_password ("dualcaster-dummy-password", NULL);
}

static void
token_hash (const char *token,
            guint8      out[32])
{
  gsize len = 32;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) token, strlen (token));
  g_checksum_get_digest (checksum, out, &len);
}

gboolean
dc_auth_create_session (DcStore      *store,
                        gint64        user_id,
                        const char   *device_name,
                        DcAuthGrant  *out_grant,
                        GError      **error)
{
  guint8 raw[TOKEN_BYTES];
  guint8 hash[32];
  char secret[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  g_autofree char *token = NULL;
  g_autofree char *session_id = g_uuid_string_random ();
  gint64 now = dc_now_ms ();
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *device = g_utf8_make_valid (device_name ? device_name : "", -1);
  int rc;

  if (!ensure_sodium (error))
    return FALSE;
  if (g_utf8_strlen (device, -1) > 100)
    *g_utf8_offset_to_pointer (device, 100) = '\0';

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (secret, sizeof secret, raw, sizeof raw,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  /* The session id leads the token so the session cache can find its entry; only the
   * hash of the whole token is stored and compared. */
  token = g_strconcat (session_id, ".", secret, NULL);
  sodium_memzero (secret, sizeof secret);
  token_hash (token, hash);

  stmt = dc_store_prepare (store,
                           "INSERT INTO sessions (id, user_id, token_hash, device_name,"
                           " created_at, last_used_at, expires_at) VALUES (?,?,?,?,?,?,?)",
                           NULL);
  if (stmt == NULL)
    return store_error (store, SQLITE_ERROR, error);
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_blob (stmt, 3, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, device, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, now);
  sqlite3_bind_int64 (stmt, 7, now + DC_SESSION_IDLE_MS);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return store_error (store, rc, error);

  out_grant->user_id = user_id;
  out_grant->session_id = g_steal_pointer (&session_id);
  out_grant->token = g_steal_pointer (&token);
  return TRUE;
}

gboolean
dc_auth_register (DcStore      *store,
                  const char   *email,
                  const char   *username,
                  const char   *password,
                  const char   *device_name,
                  DcAuthGrant  *out_grant,
                  GError      **error)
{
  g_autofree char *folded_email = NULL;
  g_autofree char *lower_username = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *public_id = g_uuid_string_random ();
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  folded_email = dc_auth_normalize_email (email, error);
  if (folded_email == NULL)
    return FALSE;
  lower_username = username ? g_ascii_strdown (username, -1) : NULL;
  if (!dc_auth_validate_username (lower_username, error) ||
      !dc_auth_validate_password (password, error))
    return FALSE;

  /* Check before hashing: a taken name should not cost an Argon2 round. */
  stmt = dc_store_prepare (store, "SELECT email = ?1, username = ?2 FROM users"
                                  " WHERE email = ?1 OR username = ?2", NULL);
  if (stmt == NULL)
    return store_error (store, SQLITE_ERROR, error);
  sqlite3_bind_text (stmt, 1, folded_email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, lower_username, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean email_taken = sqlite3_column_int (stmt, 0);
      JsonObject *details = json_object_new ();

      sqlite3_reset (stmt);
      json_object_set_string_member (details, "field", email_taken ? "email" : "username");
      dc_api_error_set (error, DC_API_ERROR_CONFLICT,
                        email_taken ? "auth.email_taken" : "auth.username_taken", details,
                        email_taken ? "An account with this email already exists"
                                    : "This username is taken");
      return FALSE;
    }
  sqlite3_reset (stmt);

  hash = hash_password (password, error);
  if (hash == NULL)
    return FALSE;

  if (!dc_store_begin (store, &local_error))
    return forward_error (g_steal_pointer (&local_error), error);

  stmt = dc_store_prepare (store,
                           "INSERT INTO users (public_id, email, username, display_name,"
                           " password_hash, created_at) VALUES (?,?,?,?,?,?)", NULL);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, public_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, folded_email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, lower_username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, lower_username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, dc_now_ms ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      dc_store_rollback (store);
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        {
          /* Lost a race with a concurrent registration of the same name. */
          dc_api_error_set (error, DC_API_ERROR_CONFLICT, "auth.account_exists", NULL,
                            "An account with this email or username already exists");
          return FALSE;
        }
      return store_error (store, rc, error);
    }

  if (!dc_auth_create_session (store, dc_store_last_insert_rowid (store), device_name,
                               out_grant, error))
    {
      dc_store_rollback (store);
      return FALSE;
    }
  if (!dc_store_commit (store, &local_error))
    {
      dc_auth_grant_clear (out_grant);
      dc_store_rollback (store);
      return forward_error (g_steal_pointer (&local_error), error);
    }
  return TRUE;

fail:
  dc_store_rollback (store);
  return store_error (store, SQLITE_ERROR, error);
}

static gboolean
record_login_failure (DcStore *store,
                      gint64   user_id,
                      gint64   failures)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  gint64 locked_until = 0;

  if (failures >= DC_LOCKOUT_FAILURES)
    {
      locked_until = dc_now_ms () + DC_LOCKOUT_MS;
      failures = 0;
    }
  stmt = dc_store_prepare (store, "UPDATE users SET failed_logins = ?, locked_until = ?"
                                  " WHERE id = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, failures);
  sqlite3_bind_int64 (stmt, 2, locked_until);
  sqlite3_bind_int64 (stmt, 3, user_id);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

static void
set_locked_error (GError **error,
                  gint64   locked_until)
{
  gint64 seconds = MAX (1, (locked_until - dc_now_ms () + 999) / 1000);
  JsonObject *details = json_object_new ();
  g_autofree char *until = dc_time_ms_to_iso8601 (locked_until);

  json_object_set_string_member (details, "locked_until", until);
  json_object_set_int_member (details, "retry_after", seconds);
  dc_api_error_set (error, DC_API_ERROR_LOCKED, "auth.account_locked", details,
                    "Too many failed sign-ins. The account is locked for %" G_GINT64_FORMAT
                    " more minutes.", (seconds + 59) / 60);
}

gboolean
dc_auth_login (DcStore      *store,
               const char   *login,
               const char   *password,
               const char   *device_name,
               DcAuthGrant  *out_grant,
               GError      **error)
{
  /* Compared against when the account does not exist, so timing tells nothing. */
  static GOnce dummy_once = G_ONCE_INIT;
  g_autofree char *folded = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *hash = NULL;
  gint64 user_id = 0, failures = 0, locked_until = 0;
  gboolean active = FALSE;

  if (login == NULL || *login == '\0')
    {
      dc_api_error_set_field (error, "login", "Enter your email or username");
      return FALSE;
    }
  if (password == NULL || *password == '\0')
    {
      dc_api_error_set_field (error, "password", "Enter your password");
      return FALSE;
    }
  if (!ensure_sodium (error))
    return FALSE;

  folded = g_utf8_casefold (login, -1);
  g_strstrip (folded);
  stmt = dc_store_prepare (store,
                           "SELECT id, password_hash, failed_logins, locked_until, is_active"
                           " FROM users WHERE email = ?1 OR username = ?1", NULL);
  if (stmt == NULL)
    return store_error (store, SQLITE_ERROR, error);
  sqlite3_bind_text (stmt, 1, folded, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      user_id = sqlite3_column_int64 (stmt, 0);
      hash = g_strdup (dc_stmt_column_text (stmt, 1));
      failures = sqlite3_column_int64 (stmt, 2);
      locked_until = sqlite3_column_int64 (stmt, 3);
      active = sqlite3_column_int (stmt, 4);
    }
  sqlite3_reset (stmt);

  if (user_id != 0 && locked_until > dc_now_ms ())
    {
      set_locked_error (error, locked_until);
      return FALSE;
    }

  if (user_id == 0)
    {
      const char *dummy_hash = g_once (&dummy_once, make_dummy_hash, NULL);

      if (dummy_hash != NULL)
        verify_password (dummy_hash, password);
    }
  else if (verify_password (hash, password))
    {
      g_autoptr(DcStmtReset) reset = NULL;

      if (!active)
        {
          dc_api_error_set (error, DC_API_ERROR_FORBIDDEN, "auth.account_disabled", NULL,
                            "This account has been disabled");
          return FALSE;
        }
      reset = dc_store_prepare (store, "UPDATE users SET failed_logins = 0, locked_until = 0,"
                                       " last_active_at = ? WHERE id = ?", NULL);
      if (reset == NULL)
        return store_error (store, SQLITE_ERROR, error);
      sqlite3_bind_int64 (reset, 1, dc_now_ms ());
      sqlite3_bind_int64 (reset, 2, user_id);
      if (sqlite3_step (reset) != SQLITE_DONE)
        return store_error (store, SQLITE_ERROR, error);
      return dc_auth_create_session (store, user_id, device_name, out_grant, error);
    }
  else
    record_login_failure (store, user_id, failures + 1);

  dc_api_error_set (error, DC_API_ERROR_UNAUTHORIZED, "auth.invalid_credentials", NULL,
                    "The email, username or password is not right");
  return FALSE;
}

gboolean
dc_auth_authenticate_token (DcStore     *store,
                            const char  *token,
                            gint64      *out_user_id,
                            char       **out_session_id,
                            GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  guint8 hash[32];
  gint64 now = dc_now_ms ();
  gint64 last_used;

  token_hash (token, hash);
  stmt = dc_store_prepare (store,
                           "SELECT s.id, s.user_id, s.last_used_at FROM sessions s"
                           " JOIN users u ON u.id = s.user_id"
                           " WHERE s.token_hash = ? AND s.expires_at > ? AND u.is_active", NULL);
  if (stmt == NULL)
    return store_error (store, SQLITE_ERROR, error);
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_UNAUTHORIZED, "auth.invalid_token", NULL,
                        "Your session has ended; sign in again");
      return FALSE;
    }

  *out_user_id = sqlite3_column_int64 (stmt, 1);
  *out_session_id = g_strdup (dc_stmt_column_text (stmt, 0));
  last_used = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  if (now - last_used > TOUCH_INTERVAL_MS)
    {
      g_autoptr(DcStmtReset) touch = NULL;

      touch = dc_store_prepare (store, "UPDATE sessions SET last_used_at = ?1, expires_at = ?2"
                                       " WHERE id = ?3", NULL);
      if (touch != NULL)
        {
          sqlite3_bind_int64 (touch, 1, now);
          sqlite3_bind_int64 (touch, 2, now + DC_SESSION_IDLE_MS);
          sqlite3_bind_text (touch, 3, *out_session_id, -1, SQLITE_TRANSIENT);
          sqlite3_step (touch);
        }
    }
  return TRUE;
}

gboolean
dc_auth_revoke_session (DcStore     *store,
                        gint64       user_id,
                        const char  *session_id,
                        GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store, "DELETE FROM sessions WHERE id = ? AND user_id = ?", NULL);
  if (stmt == NULL)
    return store_error (store, SQLITE_ERROR, error);
  dc_stmt_bind_text (stmt, 1, session_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return store_error (store, SQLITE_ERROR, error);
  if (dc_store_changes_count (store) == 0)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "session.not_found", NULL,
                        "No such session");
      return FALSE;
    }
  return TRUE;
}

gboolean
dc_auth_change_password (DcStore     *store,
                         gint64       user_id,
                         const char  *keep_session_id,
                         const char  *current_password,
                         const char  *new_password,
                         GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *new_hash = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (current_password == NULL)
    {
      dc_api_error_set_field (error, "current_password", "Enter your current password");
      return FALSE;
    }
  if (!dc_auth_validate_password (new_password, &local_error))
    {
      dc_api_error_set_field (error, "new_password", "%s", local_error->message);
      return FALSE;
    }

  stmt = dc_store_prepare (store, "SELECT password_hash FROM users WHERE id = ?", NULL);
  if (stmt == NULL)
    return store_error (store, SQLITE_ERROR, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return store_error (store, SQLITE_ERROR, error);
  hash = g_strdup (dc_stmt_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (!ensure_sodium (error))
    return FALSE;
  if (!verify_password (hash, current_password))
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "field", "current_password");
      dc_api_error_set (error, DC_API_ERROR_FORBIDDEN, "auth.wrong_password", details,
                        "The current password is not right");
      return FALSE;
    }

  new_hash = hash_password (new_password, error);
  if (new_hash == NULL)
    return FALSE;

  if (!dc_store_begin (store, &local_error))
    return forward_error (g_steal_pointer (&local_error), error);
  stmt = dc_store_prepare (store, "UPDATE users SET password_hash = ? WHERE id = ?", NULL);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, new_hash, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, user_id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
    }
  if (ok)
    {
      stmt = dc_store_prepare (store, "DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?",
                               NULL);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, user_id);
          dc_stmt_bind_text (stmt, 2, keep_session_id);
          ok = sqlite3_step (stmt) == SQLITE_DONE;
        }
    }
  if (!ok || !dc_store_commit (store, NULL))
    {
      dc_store_rollback (store);
      return store_error (store, SQLITE_ERROR, error);
    }
  return TRUE;
}

static void
set_time_member (JsonObject *object,
                 const char *name,
                 gint64      ms)
{
  g_autofree char *text = ms > 0 ? dc_time_ms_to_iso8601 (ms) : NULL;

  if (text != NULL)
    json_object_set_string_member (object, name, text);
  else
    json_object_set_null_member (object, name);
}

JsonArray *
dc_auth_list_sessions (DcStore     *store,
                       gint64       user_id,
                       const char  *current_session_id,
                       GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(JsonArray) array = json_array_new ();

  stmt = dc_store_prepare (store,
                           "SELECT id, device_name, created_at, last_used_at, expires_at"
                           " FROM sessions WHERE user_id = ? AND expires_at > ?"
                           " ORDER BY last_used_at DESC", NULL);
  if (stmt == NULL)
    {
      store_error (store, SQLITE_ERROR, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, dc_now_ms ());
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();
      const char *id = dc_stmt_column_text (stmt, 0);

      json_object_set_string_member (object, "id", id);
      json_object_set_string_member (object, "device_name", dc_stmt_column_text (stmt, 1));
      set_time_member (object, "created_at", sqlite3_column_int64 (stmt, 2));
      set_time_member (object, "last_used_at", sqlite3_column_int64 (stmt, 3));
      set_time_member (object, "expires_at", sqlite3_column_int64 (stmt, 4));
      json_object_set_boolean_member (object, "current", g_strcmp0 (id, current_session_id) == 0);
      json_array_add_object_element (array, object);
    }
  return g_steal_pointer (&array);
}

JsonObject *
dc_auth_user_to_json (DcStore  *store,
                      gint64    user_id,
                      GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  JsonObject *object;

  stmt = dc_store_prepare (store,
                           "SELECT public_id, email, username, display_name, is_verified,"
                           " is_admin, created_at, last_active_at FROM users WHERE id = ?", NULL);
  if (stmt == NULL)
    {
      store_error (store, SQLITE_ERROR, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "user.not_found", NULL, "No such user");
      return NULL;
    }
  object = json_object_new ();
  json_object_set_string_member (object, "id", dc_stmt_column_text (stmt, 0));
  json_object_set_string_member (object, "email", dc_stmt_column_text (stmt, 1));
  json_object_set_string_member (object, "username", dc_stmt_column_text (stmt, 2));
  json_object_set_string_member (object, "display_name", dc_stmt_column_text (stmt, 3));
  json_object_set_boolean_member (object, "is_verified", sqlite3_column_int (stmt, 4));
  json_object_set_boolean_member (object, "is_admin", sqlite3_column_int (stmt, 5));
  set_time_member (object, "created_at", sqlite3_column_int64 (stmt, 6));
  set_time_member (object, "last_active_at", sqlite3_column_int64 (stmt, 7));
  return object;
}

typedef struct
{
  gatomicrefcount ref_count;
  gint64          user_id;
  char           *session_id;
  guint8          hash[32];
  gint64          touched_ms;
} CachedSession;

static gpointer
cached_session_ref (gpointer data)
{
  CachedSession *session = data;

  g_atomic_ref_count_inc (&session->ref_count);
  return session;
}

static void
cached_session_unref (gpointer data)
{
  CachedSession *session = data;

  if (!g_atomic_ref_count_dec (&session->ref_count))
    return;
  g_free (session->session_id);
  g_free (session);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedSession, cached_session_unref)

char *
dc_auth_session_cache_key (const char *session_id)
{
  return g_strconcat ("session:", session_id, NULL);
}

/* Bearer tokens resolve through the `session:{id}` cache (DESIGN §9, 24 h); revoking a
 * session, signing out and changing the password drop the entries. */
gboolean
dc_server_authenticate (DcServer    *self,
                        const char  *token,
                        gint64      *out_user_id,
                        char       **out_session_id,
                        GError     **error)
{
  DcStore *store = dc_server_get_store (self);
  DcCache *cache = dc_server_get_cache (self);
  const char *dot = strchr (token, '.');
  g_autofree char *session_id = dot ? g_strndup (token, dot - token) : NULL;
  g_autofree char *key = session_id ? dc_auth_session_cache_key (session_id) : NULL;
  g_autoptr(CachedSession) cached = key ? dc_cache_get (cache, key) : NULL;
  guint8 hash[32];
  gint64 now = dc_now_ms ();

  token_hash (token, hash);
  if (cached != NULL && sodium_memcmp (cached->hash, hash, sizeof hash) == 0)
    {
      /* Keep the idle expiry moving for sessions served from the cache too. */
      if (now - cached->touched_ms > TOUCH_INTERVAL_MS)
        {
          g_autofree char *ignored = NULL;
          gint64 user_id;

          if (!dc_auth_authenticate_token (store, token, &user_id, &ignored, error))
            {
              dc_cache_remove (cache, key);
              return FALSE;
            }
          cached->touched_ms = now;
        }
      *out_user_id = cached->user_id;
      *out_session_id = g_strdup (cached->session_id);
      return TRUE;
    }

  if (!dc_auth_authenticate_token (store, token, out_user_id, out_session_id, error))
    return FALSE;
  if (key != NULL && g_strcmp0 (*out_session_id, session_id) == 0)
    {
      CachedSession *entry = g_new0 (CachedSession, 1);

      g_atomic_ref_count_init (&entry->ref_count);
      entry->user_id = *out_user_id;
      entry->session_id = g_strdup (*out_session_id);
      memcpy (entry->hash, hash, sizeof hash);
      entry->touched_ms = now;
      dc_cache_set (cache, key, entry, cached_session_ref, cached_session_unref, 24 * 3600);
      cached_session_unref (entry);
    }
  return TRUE;
}
