/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "dc-api-client.h"
#include "dc-client-types.h"

G_BEGIN_DECLS

#define DC_TYPE_IMAGE_CACHE (dc_image_cache_get_type ())
G_DECLARE_FINAL_TYPE (DcImageCache, dc_image_cache, DC, IMAGE_CACHE, GObject)

DcImageCache *dc_image_cache_new          (DcApiClient          *client,
                                           const char           *directory);
const char   *dc_image_cache_get_directory (DcImageCache        *self);
char         *dc_image_cache_path_for_uri (DcImageCache         *self,
                                           const char           *uri);
void          dc_image_cache_load_async   (DcImageCache         *self,
                                           const char           *uri,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GdkTexture   *dc_image_cache_load_finish  (DcImageCache         *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
