/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dc-client-types.h"

G_BEGIN_DECLS

#define DC_TYPE_API_CLIENT (dc_api_client_get_type ())
G_DECLARE_FINAL_TYPE (DcApiClient, dc_api_client, DC, API_CLIENT, GObject)

#define DC_API_CLIENT_ERROR (dc_api_client_error_quark ())
GQuark dc_api_client_error_quark (void);

typedef enum
{
  DC_API_CLIENT_ERROR_INVALID_URL,      /* the server address is not an http(s) URL */
  DC_API_CLIENT_ERROR_INVALID_RESPONSE, /* a 2xx answer that is not the JSON we expect */
} DcApiClientError;

char        *dc_api_client_normalize_url       (const char           *text,
                                                GError              **error);
gboolean     dc_api_client_error_is_offline    (const GError         *error);

DcApiClient *dc_api_client_new                 (const char           *base_url);
const char  *dc_api_client_get_base_url        (DcApiClient          *self);
const char  *dc_api_client_get_token           (DcApiClient          *self);
void         dc_api_client_set_token           (DcApiClient          *self,
                                                const char           *token);
SoupSession *dc_api_client_get_session         (DcApiClient          *self);
SoupMessage *dc_api_client_new_message         (DcApiClient          *self,
                                                const char           *method,
                                                const char           *path);
GError      *dc_api_client_map_transport_error (DcApiClient          *self,
                                                GError               *error);
GError      *dc_api_client_check_status        (SoupMessage          *message,
                                                GBytes               *body);

void         dc_api_client_request_async       (DcApiClient          *self,
                                                const char           *method,
                                                const char           *path,
                                                JsonNode             *body,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
JsonNode    *dc_api_client_request_finish      (DcApiClient          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
JsonObject  *dc_api_client_request_finish_object (DcApiClient        *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);

void         dc_api_client_fetch_async         (DcApiClient          *self,
                                                const char           *uri,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GBytes      *dc_api_client_fetch_finish        (DcApiClient          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The account routes; each finishes with dc_api_client_request_finish_object(). */
void         dc_api_client_login_async         (DcApiClient          *self,
                                                const char           *login,
                                                const char           *password,
                                                const char           *device_name,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
void         dc_api_client_register_async      (DcApiClient          *self,
                                                const char           *email,
                                                const char           *username,
                                                const char           *password,
                                                const char           *device_name,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);

G_END_DECLS
