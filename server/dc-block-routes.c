/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-block-routes"

#include "config.h"

#include "dc-error.h"
#include "dc-list-items.h"
#include "dc-routes.h"
#include "dc-server.h"

/*
 * Blocking (DESIGN §5 "blocks"): a blocked member and the blocker no longer see each other
 * in matches, whoever blocked whom. Cached match lists notice through the match_epoch
 * triggers on user_blocks, so these routes need not know about them.
 *
 *   POST   /api/users/{username}/block   → 200 {username, blocked_at} (again: unchanged)
 *   DELETE /api/users/{username}/block   → 204; 404 block.not_found when not blocked
 *   GET    /api/users/me/blocks          → {total, blocks: [{username, display_name, blocked_at}]}
 */

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

static void
set_time (JsonObject *object,
          const char *name,
          gint64      ms)
{
  g_autofree char *text = dc_ms_to_rfc3339 (ms);

  json_object_set_string_member (object, name, text);
}

/* The active member named in the path, who is not the caller. */
static gboolean
target_user (DcRequest  *request,
             gint64     *out_id,
             char      **out_username,
             GError    **error)
{
  DcStore *store = store_of (request);
  g_autofree char *username = g_ascii_strdown (dc_request_get_param (request, "username"), -1);
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store, "SELECT id FROM users WHERE username = ? AND is_active = 1",
                           NULL);
  if (stmt == NULL)
    return internal (store, error);
  dc_stmt_bind_text (stmt, 1, username);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "user.not_found", NULL, "No such user");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return internal (store, error);
  *out_id = sqlite3_column_int64 (stmt, 0);
  if (*out_id == dc_request_get_user_id (request))
    {
      dc_api_error_set (error, DC_API_ERROR_VALIDATION, "block.self", NULL,
                        "You cannot block yourself");
      return FALSE;
    }
  *out_username = g_steal_pointer (&username);
  return TRUE;
}

static JsonNode *
block_post_cb (DcRequest  *request,
               GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(DcStmtReset) insert = NULL;
  g_autoptr(DcStmtReset) select = NULL;
  g_autofree char *username = NULL;
  JsonObject *answer;
  gint64 blocked;

  if (!dc_request_require_user (request, error) ||
      !target_user (request, &blocked, &username, error))
    return NULL;

  insert = dc_store_prepare (store, "INSERT OR IGNORE INTO user_blocks (blocker_id, blocked_id,"
                                    " created_at) VALUES (?, ?, ?)", NULL);
  if (insert == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (insert, 1, dc_request_get_user_id (request));
  sqlite3_bind_int64 (insert, 2, blocked);
  sqlite3_bind_int64 (insert, 3, dc_now_ms ());
  if (sqlite3_step (insert) != SQLITE_DONE)
    return internal (store, error), NULL;

  select = dc_store_prepare (store, "SELECT created_at FROM user_blocks WHERE blocker_id = ?"
                                    " AND blocked_id = ?", NULL);
  if (select == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (select, 1, dc_request_get_user_id (request));
  sqlite3_bind_int64 (select, 2, blocked);
  if (sqlite3_step (select) != SQLITE_ROW)
    return internal (store, error), NULL;

  answer = json_object_new ();
  json_object_set_string_member (answer, "username", username);
  set_time (answer, "blocked_at", sqlite3_column_int64 (select, 0));
  return dc_json_node_new_object (answer);
}

static JsonNode *
block_delete_cb (DcRequest  *request,
                 GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *username = NULL;
  gint64 blocked;

  if (!dc_request_require_user (request, error) ||
      !target_user (request, &blocked, &username, error))
    return NULL;
  stmt = dc_store_prepare (store, "DELETE FROM user_blocks WHERE blocker_id = ?"
                                  " AND blocked_id = ?", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, dc_request_get_user_id (request));
  sqlite3_bind_int64 (stmt, 2, blocked);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return internal (store, error), NULL;
  if (dc_store_changes_count (store) == 0)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "block.not_found", NULL,
                        "You have not blocked %s", username);
      return NULL;
    }
  dc_request_set_status (request, 204);
  return NULL;
}

static JsonNode *
blocks_get_cb (DcRequest  *request,
               GError    **error)
{
  DcStore *store = store_of (request);
  g_autoptr(DcStmtReset) stmt = NULL;
  JsonArray *blocks;
  JsonObject *answer;
  int rc;

  if (!dc_request_require_user (request, error))
    return NULL;
  stmt = dc_store_prepare (store, "SELECT u.username, u.display_name, b.created_at"
                                  " FROM user_blocks b JOIN users u ON u.id = b.blocked_id"
                                  " WHERE b.blocker_id = ? ORDER BY u.username", NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, dc_request_get_user_id (request));
  blocks = json_array_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *block = json_object_new ();

      json_object_set_string_member (block, "username", dc_stmt_column_text (stmt, 0));
      json_object_set_string_member (block, "display_name", dc_stmt_column_text (stmt, 1));
      set_time (block, "blocked_at", sqlite3_column_int64 (stmt, 2));
      json_array_add_object_element (blocks, block);
    }
  if (rc != SQLITE_DONE)
    {
      json_array_unref (blocks);
      return internal (store, error), NULL;
    }
  answer = json_object_new ();
  json_object_set_int_member (answer, "total", json_array_get_length (blocks));
  json_object_set_array_member (answer, "blocks", blocks);
  return dc_json_node_new_object (answer);
}

void
dc_block_routes_register (DcRouter *router)
{
  dc_router_add (router, "POST", "/api/users/{username}/block", DC_ROUTE_PUBLIC, block_post_cb);
  dc_router_add (router, "DELETE", "/api/users/{username}/block", DC_ROUTE_PUBLIC,
                 block_delete_cb);
  dc_router_add (router, "GET", "/api/users/me/blocks", DC_ROUTE_PUBLIC, blocks_get_cb);
}
