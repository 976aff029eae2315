/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-match-routes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dc-error.h"
#include "dc-match-service.h"
#include "dc-money.h"
#include "dc-routes.h"
#include "dc-server.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX 200
#define GUILD_ID_MAX 64

static DcStore *
store_of (DcRequest *request)
{
  return dc_server_get_store (dc_request_get_server (request));
}

static void
set_money (JsonObject *object,
           const char *name,
           gint64      minor)
{
  g_autofree char *text = dc_money_format_decimal (minor);

  json_object_set_string_member (object, name, text);
}

/* Card summaries (cards.summary_json), parsed once per answer. */
static JsonNode *
card_summary (DcStore    *store,
              GHashTable *memo,
              const char *card_id)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *node;

  if (g_hash_table_lookup_extended (memo, card_id, NULL, (gpointer *) &node))
    return node ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);

  node = NULL;
  stmt = dc_store_prepare (store, "SELECT summary_json FROM cards WHERE scryfall_id = ?", NULL);
  if (stmt != NULL)
    {
      dc_stmt_bind_text (stmt, 1, card_id);
      parser = json_parser_new_immutable ();
      if (sqlite3_step (stmt) == SQLITE_ROW &&
          json_parser_load_from_data (parser, dc_stmt_column_text (stmt, 0), -1, NULL))
        node = json_node_copy (json_parser_get_root (parser));
    }
  g_hash_table_insert (memo, g_strdup (card_id), node);
  return node ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);
}

static JsonArray *
entries_json (DcStore    *store,
              GHashTable *memo,
              GArray     *entries)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      DcMatchEntry *entry = &g_array_index (entries, DcMatchEntry, i);
      JsonObject *object = json_object_new ();

      json_object_set_member (object, "card", card_summary (store, memo, entry->card_id));
      json_object_set_string_member (object, "card_id", entry->card_id);
      json_object_set_int_member (object, "copies", entry->copies);
      set_money (object, "unit_value", entry->unit_value);
      set_money (object, "value", entry->value);
      json_object_set_string_member (object, "condition",
                                     dc_condition_to_string (entry->condition));
      json_object_set_int_member (object, "condition_gap", entry->condition_gap);
      json_object_set_string_member (object, "finish", dc_finish_to_string (entry->finish));
      json_object_set_string_member (object, "language", entry->language);
      json_object_set_string_member (object, "have_id", entry->have_id);
      json_object_set_string_member (object, "want_id", entry->want_id);
      json_array_add_object_element (array, object);
    }
  return array;
}

/* typeof() reads the record header only: the avatar itself stays on disk. */
static gboolean
has_avatar (DcStore *store,
            gint64   user_id)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                  "SELECT typeof (avatar) = 'blob' FROM users"
                                                  " WHERE id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
}

static JsonObject *
partner_json (DcStore        *store,
              GHashTable     *memo,
              DcMatchPartner *partner)
{
  JsonObject *object = json_object_new ();
  JsonObject *user = json_object_new ();
  JsonObject *breakdown = json_object_new ();
  JsonArray *guilds = json_array_new ();

  json_object_set_string_member (user, "username", partner->username);
  json_object_set_string_member (user, "display_name", partner->display_name);
  if (has_avatar (store, partner->user_id))
    {
      g_autofree char *url = g_strdup_printf ("/api/users/%s/avatar", partner->username);
      json_object_set_string_member (user, "avatar_url", url);
    }
  else
    json_object_set_null_member (user, "avatar_url");
  if (partner->location != NULL)
    json_object_set_string_member (user, "location", partner->location);
  else
    json_object_set_null_member (user, "location");
  json_object_set_string_member (user, "tier", dc_tier_to_string (partner->tier));
  json_object_set_object_member (object, "user", user);

  json_object_set_boolean_member (object, "is_match", partner->is_match);
  json_object_set_int_member (object, "quality", partner->score.quality);
  json_object_set_int_member (breakdown, "value_balance", partner->score.value_balance);
  json_object_set_int_member (breakdown, "total_value", partner->score.total_value);
  json_object_set_int_member (breakdown, "card_variety", partner->score.card_variety);
  json_object_set_int_member (breakdown, "condition_match", partner->score.condition_match);
  json_object_set_int_member (breakdown, "trust_bonus", partner->score.trust_bonus);
  json_object_set_int_member (breakdown, "locality_bonus", partner->score.locality_bonus);
  json_object_set_object_member (object, "breakdown", breakdown);

  json_object_set_array_member (object, "cards_for_me",
                                entries_json (store, memo, partner->for_me));
  json_object_set_array_member (object, "cards_for_them",
                                entries_json (store, memo, partner->for_them));
  set_money (object, "my_value", partner->me.value);
  set_money (object, "their_value", partner->them.value);
  if (partner->has_distance)
    json_object_set_double_member (object, "distance_miles",
                                   round (partner->distance_miles * 10) / 10);
  else
    json_object_set_null_member (object, "distance_miles");
  json_object_set_boolean_member (object, "is_local", partner->is_local);
  for (guint i = 0; partner->shared_guilds != NULL && i < partner->shared_guilds->len; i++)
    {
      DcMatchGuild *guild = g_ptr_array_index (partner->shared_guilds, i);
      JsonObject *g = json_object_new ();

      json_object_set_string_member (g, "id", guild->id);
      json_object_set_string_member (g, "name", guild->name);
      json_array_add_object_element (guilds, g);
    }
  json_object_set_array_member (object, "shared_servers", guilds);
  return object;
}

static GHashTable *
summary_memo_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) json_node_unref);
}

/* Whether @partner_id was seen in Discord guild @guild_id. */
static gboolean
seen_in_guild (DcStore    *store,
               gint64      partner_id,
               const char *guild_id)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                  "SELECT 1 FROM user_guilds WHERE user_id = ?"
                                                  " AND guild_id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, partner_id);
  dc_stmt_bind_text (stmt, 2, guild_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static JsonNode *
matches_cb (DcRequest  *request,
            GError    **error)
{
  DcServer *server = dc_request_get_server (request);
  DcStore *store = store_of (request);
  g_autoptr(DcMatchList) list = NULL;
  g_autoptr(GHashTable) memo = NULL;
  const char *guild = dc_request_get_query (request, "server");
  gboolean local_only, cached;
  gint64 min_quality, limit;
  JsonArray *matches;
  JsonObject *answer;
  guint total = 0;

  if (!dc_request_require_user (request, error) ||
      !dc_request_get_query_bool (request, "local_only", FALSE, &local_only, error) ||
      !dc_request_get_query_int (request, "min_quality", 0, 100, 0, &min_quality, error) ||
      !dc_request_get_query_int (request, "limit", 1, LIMIT_MAX, LIMIT_DEFAULT, &limit, error))
    return NULL;
  if (guild != NULL && (*guild == '\0' || strlen (guild) > GUILD_ID_MAX))
    {
      dc_api_error_set_field (error, "server", "server must be a Discord server id");
      return NULL;
    }

  list = dc_match_service_list (dc_match_service_get (server), dc_request_get_user_id (request),
                                &cached, error);
  if (list == NULL)
    return NULL;
  if (local_only && !list->has_location)
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "field", "local_only");
      dc_api_error_set (error, DC_API_ERROR_VALIDATION, "match.location_required", details,
                        "Set your location in your profile to find local trading partners");
      return NULL;
    }

  memo = summary_memo_new ();
  matches = json_array_new ();
  for (guint i = 0; i < list->partners->len; i++)
    {
      DcMatchPartner *partner = g_ptr_array_index (list->partners, i);

      /* Best first: the rest are below the minimum too. */
      if (partner->score.quality < min_quality)
        break;
      if ((local_only && !partner->is_local) ||
          (guild != NULL && !seen_in_guild (store, partner->user_id, guild)))
        continue;
      if (total++ >= limit)
        continue;
      if (dc_match_partner_is_detailed (partner))
        json_array_add_object_element (matches, partner_json (store, memo, partner));
      else
        {
          /* Past the detailed head of the list: the same computation for this pair. */
          g_autoptr(DcMatchPartner) detailed =
            dc_match_service_match_with (dc_match_service_get (server),
                                         dc_request_get_user_id (request), partner->user_id,
                                         error);

          if (detailed == NULL)
            {
              json_array_unref (matches);
              return NULL;
            }
          json_array_add_object_element (matches, partner_json (store, memo, detailed));
        }
    }

  dc_request_set_header (request, "X-Cache", cached ? "HIT" : "MISS");
  answer = json_object_new ();
  json_object_set_int_member (answer, "total", total);
  json_object_set_boolean_member (answer, "has_location", list->has_location);
  json_object_set_array_member (answer, "matches", matches);
  return dc_json_node_new_object (answer);
}

static JsonNode *
match_with_cb (DcRequest  *request,
               GError    **error)
{
  DcServer *server = dc_request_get_server (request);
  DcStore *store = store_of (request);
  DcMatchService *service = dc_match_service_get (server);
  g_autofree char *username = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(DcMatchPartner) partner = NULL;
  g_autoptr(GHashTable) memo = NULL;
  gint64 me, partner_id;
  gboolean visible;
  int rc;

  if (!dc_request_require_user (request, error))
    return NULL;
  me = dc_request_get_user_id (request);
  username = g_ascii_strdown (dc_request_get_param (request, "username"), -1);

  stmt = dc_store_prepare (store, "SELECT id, is_public AND is_active FROM users"
                                  " WHERE username = ?", NULL);
  if (stmt == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
      return NULL;
    }
  dc_stmt_bind_text (stmt, 1, username);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
      return NULL;
    }
  partner_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  visible = rc == SQLITE_ROW && sqlite3_column_int (stmt, 1);

  if (partner_id == me)
    {
      dc_api_error_set (error, DC_API_ERROR_VALIDATION, "match.self", NULL,
                        "There is no trade to make with yourself");
      return NULL;
    }
  /* Private, deactivated and blocked members are not there for matching. */
  if (visible)
    {
      g_autoptr(GError) local_error = NULL;

      if (dc_match_service_is_blocked (service, me, partner_id, &local_error))
        visible = FALSE;
      else if (local_error != NULL)
        return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
    }
  if (!visible)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "user.not_found", NULL, "No such user");
      return NULL;
    }

  partner = dc_match_service_match_with (service, me, partner_id, error);
  if (partner == NULL)
    return NULL;
  memo = summary_memo_new ();
  return dc_json_node_new_object (partner_json (store, memo, partner));
}

void
dc_match_routes_register (DcRouter *router)
{
  dc_router_add (router, "GET", "/api/matches", DC_ROUTE_PUBLIC, matches_cb);
  dc_router_add (router, "GET", "/api/matches/with/{username}", DC_ROUTE_PUBLIC, match_with_cb);
}
