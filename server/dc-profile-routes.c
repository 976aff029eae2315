/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-profile-routes"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dc-auth-service.h"
#include "dc-collection-service.h"
#include "dc-error.h"
#include "dc-list-items.h"
#include "dc-money.h"
#include "dc-routes.h"
#include "dc-server.h"

#define BIO_MAX_CHARS 500
#define AVATAR_MAX_BYTES (512 * 1024)
#define PROFILE_CACHE_LIFETIME_S (15 * 60)

typedef struct
{
  gint64    id;
  char     *public_id;
  char     *username;
  char     *display_name;
  char     *email;
  char     *bio;
  char     *location;
  gboolean  has_coordinates;
  double    latitude;
  double    longitude;
  int       trade_radius;
  gint64    profile_views;
  gint64    created_at;
  gboolean  has_avatar;
  gboolean  is_public;
  gboolean  show_inventory_value;
  gboolean  show_want_list;
  gboolean  show_have_list;
  gboolean  show_trade_history;
  char     *allow_messages_from;
} Profile;

static void
profile_free (Profile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->public_id);
  g_free (profile->username);
  g_free (profile->display_name);
  g_free (profile->email);
  g_free (profile->bio);
  g_free (profile->location);
  g_free (profile->allow_messages_from);
  g_free (profile);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Profile, profile_free)

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static DcStore *
store_of (DcRequest *request)
{
  return dc_server_get_store (dc_request_get_server (request));
}

static gboolean
internal (DcStore  *store,
          GError  **error)
{
  g_warning ("SQLite: %s", sqlite3_errmsg (dc_store_get_db (store)));
  dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
  return FALSE;
}

#define PROFILE_COLUMNS \
  "id, public_id, username, display_name, email, bio, location_display, latitude, longitude," \
  " trade_radius, profile_views, created_at, avatar IS NOT NULL, is_public," \
  " show_inventory_value, show_want_list, show_have_list, show_trade_history," \
  " allow_messages_from"

static Profile *
profile_from_row (sqlite3_stmt *stmt)
{
  Profile *p = g_new0 (Profile, 1);

  p->id = sqlite3_column_int64 (stmt, 0);
  p->public_id = g_strdup (dc_stmt_column_text (stmt, 1));
  p->username = g_strdup (dc_stmt_column_text (stmt, 2));
  p->display_name = g_strdup (dc_stmt_column_text (stmt, 3));
  p->email = g_strdup (dc_stmt_column_text (stmt, 4));
  p->bio = g_strdup (dc_stmt_column_text (stmt, 5));
  p->location = g_strdup (dc_stmt_column_text (stmt, 6));
  p->has_coordinates = sqlite3_column_type (stmt, 7) != SQLITE_NULL &&
                       sqlite3_column_type (stmt, 8) != SQLITE_NULL;
  p->latitude = sqlite3_column_double (stmt, 7);
  p->longitude = sqlite3_column_double (stmt, 8);
  p->trade_radius = sqlite3_column_int (stmt, 9);
  p->profile_views = sqlite3_column_int64 (stmt, 10);
  p->created_at = sqlite3_column_int64 (stmt, 11);
  p->has_avatar = sqlite3_column_int (stmt, 12);
  p->is_public = sqlite3_column_int (stmt, 13);
  p->show_inventory_value = sqlite3_column_int (stmt, 14);
  p->show_want_list = sqlite3_column_int (stmt, 15);
  p->show_have_list = sqlite3_column_int (stmt, 16);
  p->show_trade_history = sqlite3_column_int (stmt, 17);
  p->allow_messages_from = g_strdup (dc_stmt_column_text (stmt, 18));
  return p;
}

static Profile *
load_profile (DcStore     *store,
              gint64       user_id,
              const char  *username,
              GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store, username
                                    ? "SELECT " PROFILE_COLUMNS " FROM users"
                                      " WHERE username = ? AND is_active = 1"
                                    : "SELECT " PROFILE_COLUMNS " FROM users WHERE id = ?",
                           NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  if (username)
    dc_stmt_bind_text (stmt, 1, username);
  else
    sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return profile_from_row (stmt);
  if (rc != SQLITE_DONE)
    return internal (store, error), NULL;
  dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "user.not_found", NULL, "No such user");
  return NULL;
}

static gint64
count_query (DcStore    *store,
             const char *sql,
             gint64      user_id)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, user_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static void
set_time (JsonObject *object,
          const char *name,
          gint64      ms)
{
  g_autofree char *text = dc_ms_to_rfc3339 (ms);

  json_object_set_string_member (object, name, text);
}

static JsonObject *
stats_json (DcStore *store,
            Profile *p,
            gboolean owner)
{
  JsonObject *stats = json_object_new ();

  json_object_set_int_member (stats, "cards",
                              count_query (store, "SELECT coalesce(sum(quantity), 0)"
                                                  " FROM inventory_items WHERE user_id = ?"
                                                  " AND deleted = 0", p->id));
  json_object_set_int_member (stats, "have_count",
                              count_query (store, "SELECT count(*) FROM have_items"
                                                  " WHERE user_id = ? AND deleted = 0"
                                                  " AND is_active = 1", p->id));
  json_object_set_int_member (stats, "want_count",
                              count_query (store, owner
                                                  ? "SELECT count(*) FROM want_items WHERE"
                                                    " user_id = ? AND deleted = 0"
                                                  : "SELECT count(*) FROM want_items WHERE"
                                                    " user_id = ? AND deleted = 0"
                                                    " AND is_active = 1 AND is_public = 1",
                                                  p->id));
  {
    /* Reputation is kept by the trades and reviews; a member without a record has none. */
    g_autoptr(DcStmtReset) rep = dc_store_prepare (store,
                                                   "SELECT completed_trades, average_rating,"
                                                   " review_count FROM user_reputation"
                                                   " WHERE user_id = ?", NULL);
    gboolean found = FALSE;

    if (rep != NULL)
      {
        sqlite3_bind_int64 (rep, 1, p->id);
        found = sqlite3_step (rep) == SQLITE_ROW;
      }
    json_object_set_int_member (stats, "trades", found ? sqlite3_column_int64 (rep, 0) : 0);
    if (found && sqlite3_column_type (rep, 1) != SQLITE_NULL)
      json_object_set_double_member (stats, "rating", sqlite3_column_double (rep, 1));
    else
      json_object_set_null_member (stats, "rating");
    json_object_set_int_member (stats, "reviews", found ? sqlite3_column_int64 (rep, 2) : 0);
  }
  return stats;
}

static void
set_tier (DcStore    *store,
          JsonObject *object,
          Profile    *p)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, "SELECT tier FROM user_reputation"
                                                         " WHERE user_id = ?", NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, p->id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          json_object_set_string_member (object, "tier", dc_stmt_column_text (stmt, 0));
          return;
        }
    }
  json_object_set_string_member (object, "tier", "new");
}

static void
set_avatar_url (JsonObject *object,
                Profile    *p)
{
  if (p->has_avatar)
    {
      g_autofree char *url = g_strdup_printf ("/api/users/%s/avatar", p->username);
      json_object_set_string_member (object, "avatar_url", url);
    }
  else
    json_object_set_null_member (object, "avatar_url");
}

static JsonObject *
privacy_json (Profile *p)
{
  JsonObject *privacy = json_object_new ();

  json_object_set_boolean_member (privacy, "is_public", p->is_public);
  json_object_set_boolean_member (privacy, "show_inventory_value", p->show_inventory_value);
  json_object_set_boolean_member (privacy, "show_want_list", p->show_want_list);
  json_object_set_boolean_member (privacy, "show_have_list", p->show_have_list);
  json_object_set_boolean_member (privacy, "show_trade_history", p->show_trade_history);
  json_object_set_string_member (privacy, "allow_messages_from", p->allow_messages_from);
  return privacy;
}

/* What anyone may see of a public profile. */
static JsonObject *
public_profile_json (DcStore *store,
                     Profile *p)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", p->public_id);
  json_object_set_string_member (object, "username", p->username);
  json_object_set_string_member (object, "display_name", p->display_name);
  json_object_set_string_member (object, "bio", p->bio);
  if (p->location)
    json_object_set_string_member (object, "location", p->location);
  else
    json_object_set_null_member (object, "location");
  json_object_set_int_member (object, "trade_radius", p->trade_radius);
  set_time (object, "member_since", p->created_at);
  set_avatar_url (object, p);
  set_tier (store, object, p);
  json_object_set_object_member (object, "stats", stats_json (store, p, FALSE));
  json_object_set_boolean_member (object, "show_have_list", p->show_have_list);
  json_object_set_boolean_member (object, "show_want_list", p->show_want_list);
  json_object_set_boolean_member (object, "show_trade_history", p->show_trade_history);
  json_object_set_string_member (object, "allow_messages_from", p->allow_messages_from);
  if (p->show_inventory_value)
    {
      /* Valued as the owner's analytics values it: current TCGplayer price × condition. */
      gint64 value = count_query (store,
                                  "SELECT coalesce(sum((p.amount * i.quantity * CASE i.condition"
                                  " WHEN 'LP' THEN 850 WHEN 'MP' THEN 700 WHEN 'HP' THEN 550"
                                  " WHEN 'DMG' THEN 400 ELSE 1000 END + 500) / 1000), 0)"
                                  " FROM inventory_items i"
                                  " JOIN cards c ON c.scryfall_id = i.card_id"
                                  " JOIN current_prices p ON p.card = c.id"
                                  " AND p.finish = i.finish AND p.currency = 'USD'"
                                  " AND p.source = 'tcgplayer'"
                                  " WHERE i.user_id = ? AND i.deleted = 0", p->id);
      g_autofree char *text = dc_money_format_decimal (value);
      json_object_set_string_member (object, "inventory_value", text);
    }
  return object;
}

/* Everything, for the owner. */
static JsonObject *
own_profile_json (DcStore *store,
                  Profile *p)
{
  JsonObject *object = json_object_new ();
  JsonObject *location = json_object_new ();

  json_object_set_string_member (object, "id", p->public_id);
  json_object_set_string_member (object, "username", p->username);
  json_object_set_string_member (object, "display_name", p->display_name);
  json_object_set_string_member (object, "email", p->email);
  json_object_set_string_member (object, "bio", p->bio);
  if (p->location)
    json_object_set_string_member (location, "display", p->location);
  else
    json_object_set_null_member (location, "display");
  if (p->has_coordinates)
    {
      json_object_set_double_member (location, "latitude", p->latitude);
      json_object_set_double_member (location, "longitude", p->longitude);
    }
  else
    {
      json_object_set_null_member (location, "latitude");
      json_object_set_null_member (location, "longitude");
    }
  json_object_set_object_member (object, "location", location);
  json_object_set_int_member (object, "trade_radius", p->trade_radius);
  json_object_set_int_member (object, "profile_views", p->profile_views);
  set_time (object, "member_since", p->created_at);
  set_avatar_url (object, p);
  set_tier (store, object, p);
  json_object_set_object_member (object, "privacy", privacy_json (p));
  json_object_set_object_member (object, "stats", stats_json (store, p, TRUE));
  return object;
}

static void
forget_profile (DcRequest  *request,
                const char *username)
{
  g_autofree char *key = g_strconcat ("user:profile:", username, NULL);

  dc_cache_remove (dc_server_get_cache (dc_request_get_server (request)), key);
}

static JsonNode *
me_get_cb (DcRequest  *request,
           GError    **error)
{
  g_autoptr(Profile) p = NULL;

  if (!dc_request_require_user (request, error) ||
      (p = load_profile (store_of (request), dc_request_get_user_id (request), NULL, error)) == NULL)
    return NULL;
  return dc_json_node_new_object (own_profile_json (store_of (request), p));
}

typedef struct
{
  const char *member;
  const char *column;
} BoolColumn;

static const BoolColumn privacy_columns[] = {
  { "is_public", "is_public" },
  { "show_inventory_value", "show_inventory_value" },
  { "show_want_list", "show_want_list" },
  { "show_have_list", "show_have_list" },
  { "show_trade_history", "show_trade_history" },
};

static gboolean
read_bool (JsonObject  *body,
           const char  *name,
           gboolean    *out_present,
           gboolean    *out_value,
           GError     **error)
{
  JsonNode *node = json_object_get_member (body, name);

  *out_present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      dc_api_error_set_field (error, name, "%s must be true or false", name);
      return FALSE;
    }
  *out_value = json_node_get_boolean (node);
  return TRUE;
}

static const char *
read_text (JsonObject  *body,
           const char  *name,
           guint        max_chars,
           gboolean    *out_present,
           GError     **error)
{
  JsonNode *node = json_object_get_member (body, name);
  const char *text;

  *out_present = node != NULL;
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      dc_api_error_set_field (error, name, "%s must be a string", name);
      return NULL;
    }
  text = json_node_get_string (node);
  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      dc_api_error_set_field (error, name, "%s must be at most %u characters", name, max_chars);
      return NULL;
    }
  return text;
}

static JsonNode *
me_patch_cb (DcRequest  *request,
             GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(Profile) before = NULL;
  g_autoptr(Profile) after = NULL;
  g_autofree char *username = NULL;
  const char *bio = NULL, *display_name = NULL, *allow = NULL, *name_in = NULL;
  gboolean has_bio, has_display, has_allow, has_username, has_radius = FALSE;
  gboolean flags_present[G_N_ELEMENTS (privacy_columns)];
  gboolean flags[G_N_ELEMENTS (privacy_columns)];
  gint64 radius = 0;
  gint64 user_id;
  JsonNode *node;
  gboolean ok = TRUE;

  if (!dc_request_require_user (request, error) ||
      (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;
  user_id = dc_request_get_user_id (request);

  bio = read_text (body, "bio", BIO_MAX_CHARS, &has_bio, error);
  if (has_bio && bio == NULL)
    return NULL;
  display_name = read_text (body, "display_name", 64, &has_display, error);
  if (has_display && display_name == NULL)
    return NULL;
  if (has_display && is_blank (display_name))
    {
      dc_api_error_set_field (error, "display_name", "display_name cannot be empty");
      return NULL;
    }
  allow = read_text (body, "allow_messages_from", 32, &has_allow, error);
  if (has_allow && allow == NULL)
    return NULL;
  if (has_allow && !g_str_equal (allow, "everyone") && !g_str_equal (allow, "trade_partners"))
    {
      dc_api_error_set_field (error, "allow_messages_from",
                              "allow_messages_from must be everyone or trade_partners");
      return NULL;
    }
  name_in = read_text (body, "username", 64, &has_username, error);
  if (has_username && name_in == NULL)
    return NULL;
  if (has_username)
    {
      username = g_ascii_strdown (name_in, -1);
      if (!dc_auth_validate_username (username, error))
        return NULL;
    }
  node = json_object_get_member (body, "trade_radius");
  if (node != NULL)
    {
      has_radius = TRUE;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          (radius = json_node_get_int (node)) < 1 || radius > 500)
        {
          dc_api_error_set_field (error, "trade_radius",
                                  "trade_radius must be a whole number of miles from 1 to 500");
          return NULL;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (privacy_columns); i++)
    if (!read_bool (body, privacy_columns[i].member, &flags_present[i], &flags[i], error))
      return NULL;

  before = load_profile (store, user_id, NULL, error);
  if (before == NULL)
    return NULL;

  if (!dc_store_begin (store, NULL))
    return internal (store, error), NULL;

#define UPDATE_COLUMN(sql, bind)                                              \
  G_STMT_START {                                                              \
    g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, sql, NULL);        \
    ok = ok && stmt != NULL;                                                  \
    if (ok)                                                                   \
      {                                                                       \
        bind;                                                                 \
        sqlite3_bind_int64 (stmt, 2, user_id);                                \
        ok = sqlite3_step (stmt) == SQLITE_DONE;                              \
      }                                                                       \
  } G_STMT_END

  if (has_bio)
    UPDATE_COLUMN ("UPDATE users SET bio = ?1 WHERE id = ?2", dc_stmt_bind_text (stmt, 1, bio));
  if (has_display)
    UPDATE_COLUMN ("UPDATE users SET display_name = ?1 WHERE id = ?2",
                   dc_stmt_bind_text (stmt, 1, display_name));
  if (has_allow)
    UPDATE_COLUMN ("UPDATE users SET allow_messages_from = ?1 WHERE id = ?2",
                   dc_stmt_bind_text (stmt, 1, allow));
  if (has_radius)
    UPDATE_COLUMN ("UPDATE users SET trade_radius = ?1 WHERE id = ?2",
                   sqlite3_bind_int64 (stmt, 1, radius));
  if (flags_present[0])
    UPDATE_COLUMN ("UPDATE users SET is_public = ?1 WHERE id = ?2",
                   sqlite3_bind_int (stmt, 1, flags[0]));
  if (flags_present[1])
    UPDATE_COLUMN ("UPDATE users SET show_inventory_value = ?1 WHERE id = ?2",
                   sqlite3_bind_int (stmt, 1, flags[1]));
  if (flags_present[2])
    UPDATE_COLUMN ("UPDATE users SET show_want_list = ?1 WHERE id = ?2",
                   sqlite3_bind_int (stmt, 1, flags[2]));
  if (flags_present[3])
    UPDATE_COLUMN ("UPDATE users SET show_have_list = ?1 WHERE id = ?2",
                   sqlite3_bind_int (stmt, 1, flags[3]));
  if (flags_present[4])
    UPDATE_COLUMN ("UPDATE users SET show_trade_history = ?1 WHERE id = ?2",
                   sqlite3_bind_int (stmt, 1, flags[4]));
  if (has_username && ok && !g_str_equal (username, before->username))
    {
      g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, "UPDATE users SET username = ?1"
                                                             " WHERE id = ?2", NULL);
      int rc;

      ok = stmt != NULL;
      if (ok)
        {
          dc_stmt_bind_text (stmt, 1, username);
          sqlite3_bind_int64 (stmt, 2, user_id);
          rc = sqlite3_step (stmt);
          if ((rc & 0xff) == SQLITE_CONSTRAINT)
            {
              JsonObject *details = json_object_new ();

              dc_store_rollback (store);
              json_object_set_string_member (details, "field", "username");
              dc_api_error_set (error, DC_API_ERROR_CONFLICT, "auth.username_taken", details,
                                "This username is taken");
              return NULL;
            }
          ok = rc == SQLITE_DONE;
        }
    }
#undef UPDATE_COLUMN

  if (!ok || !dc_store_commit (store, NULL))
    {
      dc_store_rollback (store);
      return internal (store, error), NULL;
    }

  forget_profile (request, before->username);
  after = load_profile (store, user_id, NULL, error);
  if (after == NULL)
    return NULL;
  forget_profile (request, after->username);
  return dc_json_node_new_object (own_profile_json (store, after));
}

static JsonNode *
location_put_cb (DcRequest  *request,
                 GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(Profile) p = NULL;
  const char *display = NULL;
  gboolean has_display;
  JsonNode *lat_node, *lon_node;
  gboolean has_coords;
  double lat = 0, lon = 0;

  if (!dc_request_require_user (request, error) ||
      (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;

  display = read_text (body, "display", 200, &has_display, error);
  if (has_display && display == NULL)
    {
      JsonNode *node = json_object_get_member (body, "display");
      if (!JSON_NODE_HOLDS_NULL (node))
        return NULL;
      g_clear_error (error);
    }
  lat_node = json_object_get_member (body, "latitude");
  lon_node = json_object_get_member (body, "longitude");
  has_coords = lat_node && lon_node && !JSON_NODE_HOLDS_NULL (lat_node) &&
               !JSON_NODE_HOLDS_NULL (lon_node);
  if ((lat_node && !JSON_NODE_HOLDS_NULL (lat_node)) != (lon_node && !JSON_NODE_HOLDS_NULL (lon_node)))
    {
      dc_api_error_set_field (error, lat_node && !JSON_NODE_HOLDS_NULL (lat_node) ? "longitude"
                                                                                  : "latitude",
                              "latitude and longitude go together");
      return NULL;
    }
  if (has_coords)
    {
      GType lat_type = JSON_NODE_HOLDS_VALUE (lat_node) ? json_node_get_value_type (lat_node) : 0;
      GType lon_type = JSON_NODE_HOLDS_VALUE (lon_node) ? json_node_get_value_type (lon_node) : 0;

      if ((lat_type != G_TYPE_DOUBLE && lat_type != G_TYPE_INT64) ||
          !isfinite (lat = json_node_get_double (lat_node)) || lat < -90 || lat > 90)
        {
          dc_api_error_set_field (error, "latitude", "latitude must be a number from -90 to 90");
          return NULL;
        }
      if ((lon_type != G_TYPE_DOUBLE && lon_type != G_TYPE_INT64) ||
          !isfinite (lon = json_node_get_double (lon_node)) || lon < -180 || lon > 180)
        {
          dc_api_error_set_field (error, "longitude",
                                  "longitude must be a number from -180 to 180");
          return NULL;
        }
    }

  stmt = dc_store_prepare (store, "UPDATE users SET location_display = ?1, latitude = ?2,"
                                  " longitude = ?3 WHERE id = ?4", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  dc_stmt_bind_text (stmt, 1, display && *display ? display : NULL);
  if (has_coords)
    {
      sqlite3_bind_double (stmt, 2, lat);
      sqlite3_bind_double (stmt, 3, lon);
    }
  sqlite3_bind_int64 (stmt, 4, dc_request_get_user_id (request));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return internal (store, error), NULL;

  p = load_profile (store, dc_request_get_user_id (request), NULL, error);
  if (p == NULL)
    return NULL;
  forget_profile (request, p->username);
  return dc_json_node_new_object (own_profile_json (store, p));
}

static const char *
image_type (const guint8 *data,
            gsize         len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff };

  if (len >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "image/png";
  if (len >= sizeof jpeg && memcmp (data, jpeg, sizeof jpeg) == 0)
    return "image/jpeg";
  return NULL;
}

static JsonNode *
avatar_put_cb (DcRequest  *request,
               GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(Profile) p = NULL;
  const char *type;
  gsize len;
  const guint8 *data;

  if (!dc_request_require_user (request, error))
    return NULL;
  body = dc_request_get_body (request);
  data = g_bytes_get_data (body, &len);
  if (len > AVATAR_MAX_BYTES)
    {
      dc_api_error_set (error, DC_API_ERROR_PAYLOAD_TOO_LARGE, "avatar.too_large", NULL,
                        "The avatar is larger than 512 KiB");
      return NULL;
    }
  type = image_type (data, len);
  if (type == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_UNSUPPORTED_MEDIA, "avatar.not_an_image", NULL,
                        "The avatar must be a PNG or JPEG image");
      return NULL;
    }

  stmt = dc_store_prepare (store, "UPDATE users SET avatar = ?1, avatar_type = ?2 WHERE id = ?3",
                           NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_blob (stmt, 1, data, (int) len, SQLITE_TRANSIENT);
  dc_stmt_bind_text (stmt, 2, type);
  sqlite3_bind_int64 (stmt, 3, dc_request_get_user_id (request));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return internal (store, error), NULL;

  p = load_profile (store, dc_request_get_user_id (request), NULL, error);
  if (p == NULL)
    return NULL;
  forget_profile (request, p->username);
  return dc_json_node_new_object (own_profile_json (store, p));
}

static gboolean
send_avatar (DcRequest  *request,
             gint64      user_id,
             GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;

  stmt = dc_store_prepare (store, "SELECT avatar, avatar_type FROM users WHERE id = ?"
                                  " AND avatar IS NOT NULL", NULL);
  if (stmt == NULL)
    return internal (store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "avatar.not_found", NULL,
                        "This user has no avatar");
      return FALSE;
    }
  bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  dc_request_set_header (request, "Cache-Control", "private, max-age=300");
  dc_request_set_raw_body (request, dc_stmt_column_text (stmt, 1), bytes);
  return TRUE;
}

static JsonNode *
avatar_get_cb (DcRequest  *request,
               GError    **error)
{
  if (!dc_request_require_user (request, error))
    return NULL;
  send_avatar (request, dc_request_get_user_id (request), error);
  return NULL;
}

/* Signs the caller in when a token is sent; anonymous otherwise. */
static gboolean
optional_user (DcRequest  *request,
               GError    **error)
{
  if (dc_request_get_bearer_token (request) == NULL)
    return TRUE;
  return dc_request_require_user (request, error);
}

/* Loads @username for a viewer: 403 user.profile_private unless public or the owner. */
static Profile *
visible_profile (DcRequest  *request,
                 gboolean   *out_owner,
                 GError    **error)
{
  g_autoptr(Profile) p = NULL;
  g_autofree char *username = NULL;

  if (!optional_user (request, error))
    return NULL;
  username = g_ascii_strdown (dc_request_get_param (request, "username"), -1);
  p = load_profile (store_of (request), 0, username, error);
  if (p == NULL)
    return NULL;
  *out_owner = dc_request_get_user_id (request) == p->id;
  if (!p->is_public && !*out_owner)
    {
      dc_api_error_set (error, DC_API_ERROR_FORBIDDEN, "user.profile_private", NULL,
                        "This profile is private");
      return NULL;
    }
  return g_steal_pointer (&p);
}

static JsonNode *
user_get_cb (DcRequest  *request,
             GError    **error)
{
  DcServer *server = dc_request_get_server (request);
  DcStore *store = store_of (request);
  g_autoptr(Profile) p = NULL;
  g_autofree char *key = NULL;
  JsonNode *cached;
  gboolean owner = FALSE;

  p = visible_profile (request, &owner, error);
  if (p == NULL)
    return NULL;

  /* Views count only when a signed-in member looks at someone else. */
  if (dc_request_get_user_id (request) != 0 && !owner)
    {
      g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, "UPDATE users SET profile_views ="
                                                             " profile_views + 1 WHERE id = ?",
                                                      NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, p->id);
          sqlite3_step (stmt);
        }
    }

  key = g_strconcat ("user:profile:", p->username, NULL);
  cached = dc_cache_get (dc_server_get_cache (server), key);
  if (cached != NULL)
    {
      dc_request_set_header (request, "X-Dc-Cache", "hit");
      return cached;
    }
  cached = dc_json_node_new_object (public_profile_json (store, p));
  dc_cache_set (dc_server_get_cache (server), key, cached, (GBoxedCopyFunc) json_node_ref,
                (GDestroyNotify) json_node_unref, PROFILE_CACHE_LIFETIME_S);
  dc_request_set_header (request, "X-Dc-Cache", "miss");
  return cached;
}

static JsonNode *
user_avatar_cb (DcRequest  *request,
                GError    **error)
{
  g_autoptr(Profile) p = NULL;
  gboolean owner;

  p = visible_profile (request, &owner, error);
  if (p != NULL)
    send_avatar (request, p->id, error);
  return NULL;
}

static JsonNode *
user_have_list_cb (DcRequest  *request,
                   GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(Profile) p = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;
  gboolean owner = FALSE;
  JsonArray *items;
  JsonObject *answer;

  p = visible_profile (request, &owner, error);
  if (p == NULL)
    return NULL;
  if (!p->show_have_list && !owner)
    {
      dc_api_error_set (error, DC_API_ERROR_FORBIDDEN, "user.have_list_hidden", NULL,
                        "%s keeps their have list private", p->username);
      return NULL;
    }
  stmt = dc_store_prepare (store,
                           "SELECT h.id, h.quantity, h.min_trade_value, h.notes, i.condition,"
                           " i.finish, i.language, c.summary_json, p.amount"
                           " FROM have_items h JOIN inventory_items i ON i.id = h.inventory_item_id"
                           " JOIN cards c ON c.scryfall_id = i.card_id"
                           " LEFT JOIN current_prices p ON p.card = c.id AND p.finish = i.finish"
                           " AND p.currency = 'USD' AND p.source = 'tcgplayer'"
                           " WHERE h.user_id = ? AND h.deleted = 0 AND h.is_active = 1"
                           " ORDER BY c.name COLLATE NOCASE, h.id", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, p->id);
  items = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      json_object_set_string_member (item, "id", dc_stmt_column_text (stmt, 0));
      json_object_set_int_member (item, "quantity", sqlite3_column_int (stmt, 1));
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          gint64 v = sqlite3_column_int64 (stmt, 2);
          g_autofree char *text = dc_money_format_decimal (v);
          json_object_set_string_member (item, "min_trade_value", text);
        }
      else
        json_object_set_null_member (item, "min_trade_value");
      if (dc_stmt_column_text (stmt, 3))
        json_object_set_string_member (item, "notes", dc_stmt_column_text (stmt, 3));
      json_object_set_string_member (item, "condition", dc_stmt_column_text (stmt, 4));
      json_object_set_string_member (item, "finish", dc_stmt_column_text (stmt, 5));
      json_object_set_string_member (item, "language", dc_stmt_column_text (stmt, 6));
      if (json_parser_load_from_data (parser, dc_stmt_column_text (stmt, 7), -1, NULL))
        json_object_set_member (item, "card", json_node_copy (json_parser_get_root (parser)));
      if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
        {
          gint64 v = sqlite3_column_int64 (stmt, 8);
          g_autofree char *text = dc_money_format_decimal (v);
          json_object_set_string_member (item, "unit_price", text);
        }
      json_array_add_object_element (items, item);
    }
  answer = json_object_new ();
  json_object_set_string_member (answer, "username", p->username);
  json_object_set_int_member (answer, "total", json_array_get_length (items));
  json_object_set_array_member (answer, "items", items);
  return dc_json_node_new_object (answer);
}

static JsonNode *
user_want_list_cb (DcRequest  *request,
                   GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(Profile) p = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;
  gboolean owner = FALSE;
  JsonArray *items;
  JsonObject *answer;

  p = visible_profile (request, &owner, error);
  if (p == NULL)
    return NULL;
  if (!p->show_want_list && !owner)
    {
      dc_api_error_set (error, DC_API_ERROR_FORBIDDEN, "user.want_list_hidden", NULL,
                        "%s keeps their want list private", p->username);
      return NULL;
    }
  /* Only public, active wants — even the owner sees here what others see. */
  stmt = dc_store_prepare (store,
                           "SELECT id FROM want_items WHERE user_id = ? AND deleted = 0"
                           " AND is_active = 1 AND is_public = 1"
                           " ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1"
                           " ELSE 2 END, created_at, id", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, p->id);
  items = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(DcWantItem) want = dc_collection_get_want (store, p->id,
                                                           dc_stmt_column_text (stmt, 0), NULL);
      JsonObject *object;
      g_autoptr(DcStmtReset) card = NULL;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (want == NULL)
        continue;
      object = dc_want_item_to_json (want);
      /* Private details stay private. */
      json_object_remove_member (object, "notes");
      json_object_remove_member (object, "target_price");
      json_object_remove_member (object, "alert_enabled");
      card = dc_store_prepare (store, want->card_id
                                        ? "SELECT summary_json FROM cards WHERE scryfall_id = ?"
                                        : "SELECT summary_json FROM cards WHERE oracle_id = ?"
                                          " ORDER BY released_at DESC LIMIT 1", NULL);
      if (card != NULL)
        {
          dc_stmt_bind_text (card, 1, want->card_id ? want->card_id : want->oracle_id);
          if (sqlite3_step (card) == SQLITE_ROW &&
              json_parser_load_from_data (parser, dc_stmt_column_text (card, 0), -1, NULL))
            json_object_set_member (object, "card", json_node_copy (json_parser_get_root (parser)));
        }
      json_array_add_object_element (items, object);
    }
  answer = json_object_new ();
  json_object_set_string_member (answer, "username", p->username);
  json_object_set_int_member (answer, "total", json_array_get_length (items));
  json_object_set_array_member (answer, "items", items);
  return dc_json_node_new_object (answer);
}

static JsonNode *
user_search_cb (DcRequest  *request,
                GError    **error)
{
  DcStore *store = store_of (request);
  const char *q = dc_request_get_query (request, "q");
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *folded = NULL;
  JsonArray *results;
  JsonObject *answer;
  gint64 limit;

  if (!dc_request_get_query_int (request, "limit", 1, 50, 20, &limit, error))
    return NULL;
  if (q == NULL || g_utf8_strlen (q, -1) < 2 || is_blank (q))
    {
      dc_api_error_set_field (error, "q", "Type at least two characters to search");
      return NULL;
    }
  folded = g_utf8_casefold (q, -1);
  g_strstrip (folded);
  /* LIKE wildcards in the query are literal characters. */
  {
    GString *escaped = g_string_new (NULL);

    for (const char *c = folded; *c; c++)
      {
        if (*c == '%' || *c == '_' || *c == '\\')
          g_string_append_c (escaped, '\\');
        g_string_append_c (escaped, *c);
      }
    pattern = g_string_free (escaped, FALSE);
  }

  stmt = dc_store_prepare (store,
                           "SELECT username, display_name, location_display, avatar IS NOT NULL,"
                           " created_at FROM users WHERE is_public = 1 AND is_active = 1"
                           " AND (username LIKE ?1 || '%' ESCAPE '\\'"
                           "      OR lower(display_name) LIKE '%' || ?1 || '%' ESCAPE '\\')"
                           " ORDER BY username LIKE ?1 || '%' ESCAPE '\\' DESC, username LIMIT ?2",
                           NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  dc_stmt_bind_text (stmt, 1, pattern);
  sqlite3_bind_int64 (stmt, 2, limit);
  results = json_array_new ();
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *user = json_object_new ();
      const char *username = dc_stmt_column_text (stmt, 0);

      json_object_set_string_member (user, "username", username);
      json_object_set_string_member (user, "display_name", dc_stmt_column_text (stmt, 1));
      if (dc_stmt_column_text (stmt, 2))
        json_object_set_string_member (user, "location", dc_stmt_column_text (stmt, 2));
      else
        json_object_set_null_member (user, "location");
      if (sqlite3_column_int (stmt, 3))
        {
          g_autofree char *url = g_strdup_printf ("/api/users/%s/avatar", username);
          json_object_set_string_member (user, "avatar_url", url);
        }
      else
        json_object_set_null_member (user, "avatar_url");
      set_time (user, "member_since", sqlite3_column_int64 (stmt, 4));
      json_array_add_object_element (results, user);
    }
  answer = json_object_new ();
  json_object_set_int_member (answer, "total", json_array_get_length (results));
  json_object_set_array_member (answer, "results", results);
  return dc_json_node_new_object (answer);
}

/* --- notification preferences -------------------------------------------------------- */

static const char *pref_flags[] = {
  "email_enabled", "email_price_alerts", "email_trade_matches", "email_trade_proposals",
  "email_messages", "email_weekly_digest", "discord_enabled", "discord_price_alerts",
  "discord_trade_matches", "discord_trade_proposals",
};

static JsonObject *
preferences_json (DcStore  *store,
                  gint64    user_id,
                  GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  JsonObject *object, *quiet;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT email_enabled, email_price_alerts, email_trade_matches,"
                           " email_trade_proposals, email_messages, email_weekly_digest,"
                           " discord_enabled, discord_price_alerts, discord_trade_matches,"
                           " discord_trade_proposals, quiet_hours_enabled, quiet_hours_start,"
                           " quiet_hours_end, quiet_hours_timezone, max_emails_per_day,"
                           " price_spike_threshold FROM notification_preferences"
                           " WHERE user_id = ?", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return internal (store, error), NULL;

  object = json_object_new ();
  quiet = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (pref_flags); i++)
    json_object_set_boolean_member (object, pref_flags[i],
                                    rc == SQLITE_ROW ? sqlite3_column_int (stmt, i) : TRUE);
  json_object_set_boolean_member (quiet, "enabled",
                                  rc == SQLITE_ROW ? sqlite3_column_int (stmt, 10) : FALSE);
  json_object_set_string_member (quiet, "start",
                                 rc == SQLITE_ROW ? dc_stmt_column_text (stmt, 11) : "22:00");
  json_object_set_string_member (quiet, "end",
                                 rc == SQLITE_ROW ? dc_stmt_column_text (stmt, 12) : "08:00");
  json_object_set_string_member (quiet, "timezone",
                                 rc == SQLITE_ROW ? dc_stmt_column_text (stmt, 13) : "UTC");
  json_object_set_object_member (object, "quiet_hours", quiet);
  json_object_set_int_member (object, "max_emails_per_day",
                              rc == SQLITE_ROW ? sqlite3_column_int (stmt, 14) : 10);
  json_object_set_int_member (object, "price_spike_threshold",
                              rc == SQLITE_ROW ? sqlite3_column_int (stmt, 15) : 20);
  return object;
}

static gboolean
valid_clock (const char *text)
{
  int h, m;
  char tail;

  return text && strlen (text) == 5 && sscanf (text, "%2d:%2d%c", &h, &m, &tail) == 2 &&
         h >= 0 && h < 24 && m >= 0 && m < 60;
}

static JsonNode *
preferences_get_cb (DcRequest  *request,
                    GError    **error)
{
  JsonObject *object;

  if (!dc_request_require_user (request, error))
    return NULL;
  object = preferences_json (store_of (request), dc_request_get_user_id (request), error);
  return object ? dc_json_node_new_object (object) : NULL;
}

static JsonNode *
preferences_put_cb (DcRequest  *request,
                    GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;
  JsonObject *quiet, *current_quiet;
  gboolean values[G_N_ELEMENTS (pref_flags)];
  gboolean quiet_enabled;
  const char *start, *end, *zone;
  gint64 max_emails, spike;
  gint64 user_id;
  JsonNode *node;

  if (!dc_request_require_user (request, error) ||
      (body = dc_request_get_json_object (request, error)) == NULL)
    return NULL;
  user_id = dc_request_get_user_id (request);
  current = preferences_json (store, user_id, error);
  if (current == NULL)
    return NULL;
  current_quiet = json_object_get_object_member (current, "quiet_hours");

  /* Members left out keep their value, so a client may send only what changed. */
  for (guint i = 0; i < G_N_ELEMENTS (pref_flags); i++)
    {
      gboolean present;

      values[i] = json_object_get_boolean_member (current, pref_flags[i]);
      if (!read_bool (body, pref_flags[i], &present, &values[i], error))
        return NULL;
    }

  quiet_enabled = json_object_get_boolean_member (current_quiet, "enabled");
  start = json_object_get_string_member (current_quiet, "start");
  end = json_object_get_string_member (current_quiet, "end");
  zone = json_object_get_string_member (current_quiet, "timezone");
  node = json_object_get_member (body, "quiet_hours");
  if (node != NULL)
    {
      gboolean present;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          dc_api_error_set_field (error, "quiet_hours", "quiet_hours must be an object");
          return NULL;
        }
      quiet = json_node_get_object (node);
      if (!read_bool (quiet, "enabled", &present, &quiet_enabled, error))
        return NULL;
      start = json_object_get_string_member_with_default (quiet, "start", start);
      end = json_object_get_string_member_with_default (quiet, "end", end);
      zone = json_object_get_string_member_with_default (quiet, "timezone", zone);
      if (!valid_clock (start))
        {
          dc_api_error_set_field (error, "quiet_hours.start", "start must be a time HH:MM");
          return NULL;
        }
      if (!valid_clock (end))
        {
          dc_api_error_set_field (error, "quiet_hours.end", "end must be a time HH:MM");
          return NULL;
        }
      {
        g_autoptr(GTimeZone) tz = zone ? g_time_zone_new_identifier (zone) : NULL;

        if (tz == NULL || strlen (zone) > 64)
          {
            dc_api_error_set_field (error, "quiet_hours.timezone",
                                    "timezone must be a time zone such as Europe/Berlin");
            return NULL;
          }
      }
    }
  max_emails = json_object_get_int_member (current, "max_emails_per_day");
  node = json_object_get_member (body, "max_emails_per_day");
  if (node != NULL &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
       (max_emails = json_node_get_int (node)) < 0 || max_emails > 100))
    {
      dc_api_error_set_field (error, "max_emails_per_day",
                              "max_emails_per_day must be from 0 to 100");
      return NULL;
    }
  spike = json_object_get_int_member (current, "price_spike_threshold");
  node = json_object_get_member (body, "price_spike_threshold");
  if (node != NULL &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
       (spike = json_node_get_int (node)) < 1 || spike > 1000))
    {
      dc_api_error_set_field (error, "price_spike_threshold",
                              "price_spike_threshold must be a percentage from 1 to 1000");
      return NULL;
    }

  stmt = dc_store_prepare (store,
                           "INSERT OR REPLACE INTO notification_preferences (user_id,"
                           " email_enabled, email_price_alerts, email_trade_matches,"
                           " email_trade_proposals, email_messages, email_weekly_digest,"
                           " discord_enabled, discord_price_alerts, discord_trade_matches,"
                           " discord_trade_proposals, quiet_hours_enabled, quiet_hours_start,"
                           " quiet_hours_end, quiet_hours_timezone, max_emails_per_day,"
                           " price_spike_threshold, updated_at)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  for (guint i = 0; i < G_N_ELEMENTS (pref_flags); i++)
    sqlite3_bind_int (stmt, 2 + i, values[i]);
  sqlite3_bind_int (stmt, 12, quiet_enabled);
  dc_stmt_bind_text (stmt, 13, start);
  dc_stmt_bind_text (stmt, 14, end);
  dc_stmt_bind_text (stmt, 15, zone);
  sqlite3_bind_int64 (stmt, 16, max_emails);
  sqlite3_bind_int64 (stmt, 17, spike);
  sqlite3_bind_int64 (stmt, 18, dc_now_ms ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return internal (store, error), NULL;

  return preferences_get_cb (request, error);
}

void
dc_profile_routes_register (DcRouter *router)
{
  dc_router_add (router, "GET", "/api/users/me", DC_ROUTE_PUBLIC, me_get_cb);
  dc_router_add (router, "PATCH", "/api/users/me", DC_ROUTE_PUBLIC, me_patch_cb);
  dc_router_add (router, "PUT", "/api/users/me/location", DC_ROUTE_PUBLIC, location_put_cb);
  dc_router_add (router, "PUT", "/api/users/me/avatar", DC_ROUTE_PUBLIC, avatar_put_cb);
  dc_router_add (router, "GET", "/api/users/me/avatar", DC_ROUTE_PUBLIC, avatar_get_cb);
  dc_router_add (router, "GET", "/api/users/search", DC_ROUTE_PUBLIC, user_search_cb);
  dc_router_add (router, "GET", "/api/users/{username}", DC_ROUTE_PUBLIC, user_get_cb);
  dc_router_add (router, "GET", "/api/users/{username}/avatar", DC_ROUTE_PUBLIC, user_avatar_cb);
  dc_router_add (router, "GET", "/api/users/{username}/have-list", DC_ROUTE_PUBLIC,
                 user_have_list_cb);
  dc_router_add (router, "GET", "/api/users/{username}/want-list", DC_ROUTE_PUBLIC,
                 user_want_list_cb);
  dc_router_add (router, "GET", "/api/settings/notifications", DC_ROUTE_PUBLIC,
                 preferences_get_cb);
  dc_router_add (router, "PUT", "/api/settings/notifications", DC_ROUTE_PUBLIC,
                 preferences_put_cb);
}
