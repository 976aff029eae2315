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
}
