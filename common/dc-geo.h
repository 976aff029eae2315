/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Earth's mean radius in miles, as DESIGN §7.2 computes distances. */
#define DC_GEO_EARTH_RADIUS_MILES 3959.0

/* Great-circle (haversine) distance in miles between two points in degrees. */
double   dc_geo_distance_miles (double latitude1,
                                double longitude1,
                                double latitude2,
                                double longitude2);
/* Whether a partner @distance_miles away is local to someone trading within
 * @radius_miles (inclusive). */
gboolean dc_geo_is_local       (double distance_miles,
                                int    radius_miles);

G_END_DECLS
