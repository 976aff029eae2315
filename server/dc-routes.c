/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-routes"

#include "config.h"

#include "dc-routes.h"

void
dc_routes_register_all (DcRouter *router)
{
  dc_system_routes_register (router);
  dc_auth_routes_register (router);
  dc_collection_routes_register (router);
  dc_profile_routes_register (router);
  dc_catalog_routes_register (router);
  dc_import_routes_register (router);
  dc_match_routes_register (router);
  dc_block_routes_register (router);
  dc_discord_routes_register (router);
  dc_card_demand_routes_register (router);
  dc_notification_routes_register (router);
}
