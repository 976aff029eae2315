/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-router.h"

G_BEGIN_DECLS

/* Every module's routes; dc_routes_register_all() adds them all. */
void dc_routes_register_all     (DcRouter *router);
void dc_system_routes_register  (DcRouter *router);
void dc_auth_routes_register    (DcRouter *router);
void dc_collection_routes_register (DcRouter *router);
void dc_profile_routes_register (DcRouter *router);
void dc_catalog_routes_register (DcRouter *router);
void dc_import_routes_register (DcRouter *router);
void dc_match_routes_register   (DcRouter *router);
void dc_block_routes_register   (DcRouter *router);
void dc_discord_routes_register (DcRouter *router);
void dc_card_demand_routes_register (DcRouter *router);
void dc_notification_routes_register (DcRouter *router);

G_END_DECLS
