/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-geo"

#include "config.h"

#include <math.h>

#include "dc-geo.h"

static double
radians (double degrees)
{
  return degrees * G_PI / 180.0;
}

double
dc_geo_distance_miles (double latitude1,
                       double longitude1,
                       double latitude2,
                       double longitude2)
{
  double dlat = radians (latitude2 - latitude1);
  double dlon = radians (longitude2 - longitude1);
  double a = sin (dlat / 2) * sin (dlat / 2) +
             cos (radians (latitude1)) * cos (radians (latitude2)) *
             sin (dlon / 2) * sin (dlon / 2);

  /* Rounding can push a just above 1 for antipodal points. */
  a = CLAMP (a, 0.0, 1.0);
  return 2 * DC_GEO_EARTH_RADIUS_MILES * atan2 (sqrt (a), sqrt (1 - a));
}

gboolean
dc_geo_is_local (double distance_miles,
                 int    radius_miles)
{
  return distance_miles <= (double) radius_miles;
}
