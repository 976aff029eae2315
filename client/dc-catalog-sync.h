/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-api-client.h"
#include "dc-client-types.h"

G_BEGIN_DECLS

#define DC_TYPE_CATALOG_SYNC (dc_catalog_sync_get_type ())
G_DECLARE_FINAL_TYPE (DcCatalogSync, dc_catalog_sync, DC, CATALOG_SYNC, GObject)

DcCatalogSync *dc_catalog_sync_new              (DcApiClient          *client,
                                                 const char           *db_path);
gboolean       dc_catalog_sync_get_running      (DcCatalogSync        *self);
guint          dc_catalog_sync_get_cards_received (DcCatalogSync      *self);
double         dc_catalog_sync_get_fraction     (DcCatalogSync        *self);

void           dc_catalog_sync_run_async        (DcCatalogSync        *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       dc_catalog_sync_run_finish       (DcCatalogSync        *self,
                                                 GAsyncResult         *result,
                                                 gboolean             *out_changed,
                                                 guint                *out_cards,
                                                 GError              **error);

G_END_DECLS
