/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-card-demand-routes"

#include "config.h"

#include "dc-error.h"
#include "dc-list-items.h"
#include "dc-routes.h"
#include "dc-server.h"

/* How many traders want a card (the Discord bot's /dd price shows it). Counts people, not
 * copies: public users with an active, public want of this printing or of any printing of
 * the same card. Nothing about who they are leaves the server. */
static JsonNode *
demand_cb (DcRequest  *request,
           GError    **error)
{
  DcStore *store = dc_server_get_store (dc_request_get_server (request));
  const char *id = dc_request_get_param (request, "id");
  g_autoptr(DcStmtReset) card = NULL;
  g_autoptr(DcStmtReset) count = NULL;
  g_autofree char *oracle_id = NULL;
  JsonObject *answer;

  if (!dc_is_uuid (id))
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "card.not_found", NULL,
                        "There is no card with this id");
      return NULL;
    }

  card = dc_store_prepare (store, "SELECT oracle_id FROM cards WHERE scryfall_id = ?", NULL);
  count = dc_store_prepare (store,
                            "SELECT count(DISTINCT w.user_id) FROM want_items w"
                            " JOIN users u ON u.id = w.user_id"
                            " WHERE w.deleted = 0 AND w.is_active = 1 AND w.is_public = 1"
                            " AND u.is_public = 1 AND u.is_active = 1"
                            " AND (w.card_id = ?1 OR w.oracle_id = ?2)", NULL);
  if (card == NULL || count == NULL)
    {
      g_warning ("SQLite: %s", sqlite3_errmsg (dc_store_get_db (store)));
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
      return NULL;
    }
  dc_stmt_bind_text (card, 1, id);
  if (sqlite3_step (card) != SQLITE_ROW)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "card.not_found", NULL,
                        "There is no card with this id");
      return NULL;
    }
  oracle_id = g_strdup (dc_stmt_column_text (card, 0));

  dc_stmt_bind_text (count, 1, id);
  dc_stmt_bind_text (count, 2, oracle_id);
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      g_warning ("SQLite: %s", sqlite3_errmsg (dc_store_get_db (store)));
      dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
      return NULL;
    }

  answer = json_object_new ();
  json_object_set_string_member (answer, "card_id", id);
  if (oracle_id != NULL)
    json_object_set_string_member (answer, "oracle_id", oracle_id);
  else
    json_object_set_null_member (answer, "oracle_id");
  json_object_set_int_member (answer, "wanted_by", sqlite3_column_int64 (count, 0));
  return dc_json_node_new_object (answer);
}

void
dc_card_demand_routes_register (DcRouter *router)
{
  dc_router_add (router, "GET", "/api/cards/{id}/demand", DC_ROUTE_PUBLIC, demand_cb);
}
