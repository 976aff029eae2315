/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>
#include <json-glib/json-glib.h>

#include "dc-api-client.h"
#include "dc-catalog-sync.h"
#include "dc-client-types.h"
#include "dc-collection-store.h"
#include "dc-image-cache.h"
#include "dc-local-store.h"

G_BEGIN_DECLS

#define DC_TYPE_ACCOUNT (dc_account_get_type ())
G_DECLARE_FINAL_TYPE (DcAccount, dc_account, DC, ACCOUNT, GObject)

char          *dc_account_default_device_name    (void);

DcAccount     *dc_account_new                    (const char           *server_url,
                                                  const char           *username,
                                                  const char           *token);
void           dc_account_sign_in_async          (const char           *server_url,
                                                  const char           *login,
                                                  const char           *password,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void           dc_account_create_async           (const char           *server_url,
                                                  const char           *email,
                                                  const char           *username,
                                                  const char           *password,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
DcAccount     *dc_account_sign_in_finish         (GAsyncResult         *result,
                                                  GError              **error);

void           dc_account_load_async             (DcAccount            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       dc_account_load_finish            (DcAccount            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

const char    *dc_account_get_server_url         (DcAccount            *self);
const char    *dc_account_get_username           (DcAccount            *self);
const char    *dc_account_get_data_dir           (DcAccount            *self);
JsonObject    *dc_account_get_user               (DcAccount            *self);
void           dc_account_set_user               (DcAccount            *self,
                                                  JsonObject           *user);
DcApiClient   *dc_account_get_api_client         (DcAccount            *self);
DcLocalStore  *dc_account_get_local_store        (DcAccount            *self);
DcCollectionStore *dc_account_get_collection_store (DcAccount      *self);
DcCatalogSync *dc_account_get_catalog_sync       (DcAccount            *self);
DcImageCache  *dc_account_get_image_cache        (DcAccount            *self);
DcConnection   dc_account_get_connection         (DcAccount            *self);
DcSyncState    dc_account_get_sync_state         (DcAccount            *self);
guint          dc_account_get_pending_changes    (DcAccount            *self);
gint64         dc_account_get_catalog_cards      (DcAccount            *self);

void           dc_account_refresh                (DcAccount            *self);
void           dc_account_note_result            (DcAccount            *self,
                                                  const GError         *error);

void           dc_account_search_cards_async     (DcAccount            *self,
                                                  const char           *text,
                                                  guint                 limit,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GListModel    *dc_account_search_cards_finish    (DcAccount            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           dc_account_lookup_card_async      (DcAccount            *self,
                                                  const char           *card_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
DcCardItem    *dc_account_lookup_card_finish     (DcAccount            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           dc_account_load_price_history_async (DcAccount          *self,
                                                    const char         *card_id,
                                                    guint               days,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
GPtrArray     *dc_account_load_price_history_finish (DcAccount         *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);
void           dc_account_load_image_async       (DcAccount            *self,
                                                  const char           *uri,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GdkTexture    *dc_account_load_image_finish      (DcAccount            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void           dc_account_list_sessions_async    (DcAccount            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonArray     *dc_account_list_sessions_finish   (DcAccount            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           dc_account_revoke_session_async   (DcAccount            *self,
                                                  const char           *session_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       dc_account_revoke_session_finish  (DcAccount            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           dc_account_sign_out_async         (DcAccount            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       dc_account_sign_out_finish        (DcAccount            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
