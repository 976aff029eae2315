/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dc-catalog-store.h"

G_BEGIN_DECLS

#define DC_SEARCH_LIMIT_DEFAULT 20
#define DC_SEARCH_LIMIT_MAX     100
#define DC_SEARCH_QUERY_MAX     200 /* characters */
#define DC_HISTORY_DAYS_DEFAULT 90
#define DC_HISTORY_DAYS_MAX     3650

/* {finish, currency, source, day, amount_minor, amount}; amount is the exact decimal. */
JsonNode  *dc_price_point_to_json     (const DcPricePoint *point);
JsonArray *dc_price_points_to_json    (const GArray       *points);
char      *dc_price_points_to_json_text (const GArray      *points);

/* Writes the API's list of current prices (prices_json) of every card stamped with
 * @version; the importers call it before they finish a catalog version. */
gboolean   dc_catalog_refresh_prices_json (DcStore   *store,
                                           gint64     version,
                                           GError   **error);

/* `GET /api/cards/search`: {results:[summary + prices], total} as JSON text. @q is required
 * (422). */
GBytes    *dc_catalog_search          (DcStore     *store,
                                       const char  *q,
                                       const char  *set_code,
                                       const char  *lang,
                                       guint        limit,
                                       GError     **error);
/* `GET /api/cards/{id}`: the full card plus its current prices, as JSON text; 404 when
 * unknown. */
GBytes    *dc_catalog_get_card        (DcStore     *store,
                                       const char  *scryfall_id,
                                       GError     **error);
/* `GET /api/cards/{id}/history`: points of the @days days that end on the card's newest
 * price day (the day of its newest price, whatever the date today). */
JsonNode  *dc_catalog_get_history     (DcStore     *store,
                                       const char  *scryfall_id,
                                       guint        days,
                                       GError     **error);

/**
 * DcCatalogFile:
 *
 * The catalog download: gzip'd JSON lines, one card (dc_card_to_json() plus `prices`, its
 * current prices) per line, in a stable order, for one catalog version.
 */
typedef struct
{
  gatomicrefcount ref_count;
  gint64          version;
  GBytes         *gz;
  char           *etag;   /* strong: a quoted SHA-256 of @gz */
  guint           cards;
} DcCatalogFile;

DcCatalogFile *dc_catalog_file_build  (DcStore        *store,
                                       gint64          since_version,
                                       GError        **error);
/* The stored file of @version, or NULL (without an error) when there is none. */
DcCatalogFile *dc_catalog_file_load   (DcStore        *store,
                                       gint64          version,
                                       GError        **error);
gboolean       dc_catalog_file_save   (DcStore        *store,
                                       DcCatalogFile  *file,
                                       GError        **error);
DcCatalogFile *dc_catalog_file_ref    (DcCatalogFile  *file);
void           dc_catalog_file_unref  (DcCatalogFile  *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcCatalogFile, dc_catalog_file_unref)

G_END_DECLS
