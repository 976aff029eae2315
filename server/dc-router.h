/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dc-types.h"

G_BEGIN_DECLS

#define DC_BODY_LIMIT_DEFAULT (1024 * 1024)
#define DC_BODY_LIMIT_IMPORT  (16 * 1024 * 1024)

/* A handler returns the JSON body of a successful answer (status 200 unless it set
 * another), or NULL after setting @error (mapped to the envelope), or NULL without an
 * error after giving a raw body with dc_request_set_raw_body() or a bodiless status. */
typedef JsonNode *(*DcRouteHandler) (DcRequest  *request,
                                     GError    **error);

typedef enum
{
  DC_ROUTE_PUBLIC = 0,
  DC_ROUTE_LARGE_BODY = 1 << 0, /* 16 MiB body limit instead of 1 MiB */
  DC_ROUTE_RATE_LIMITED_AUTH = 1 << 1, /* counts against the per-IP auth limit */
} DcRouteFlags;

DcRouter    *dc_router_new              (void);
void         dc_router_free             (DcRouter       *router);
void         dc_router_add              (DcRouter       *router,
                                         const char     *method,
                                         const char     *pattern,
                                         DcRouteFlags    flags,
                                         DcRouteHandler  handler);
/* Calls @func for every registered (method, pattern). */
void         dc_router_foreach          (DcRouter       *router,
                                         void          (*func) (const char *method,
                                                                const char *pattern,
                                                                gpointer    user_data),
                                         gpointer        user_data);
void         dc_router_attach           (DcRouter       *router,
                                         DcServer       *server,
                                         SoupServer     *soup_server);

/* Request accessors for handlers. */
DcServer    *dc_request_get_server      (DcRequest      *request);
SoupServerMessage *dc_request_get_message (DcRequest    *request);
const char  *dc_request_get_method      (DcRequest      *request);
const char  *dc_request_get_path        (DcRequest      *request);
const char  *dc_request_get_param       (DcRequest      *request,
                                         const char     *name);
const char  *dc_request_get_query       (DcRequest      *request,
                                         const char     *name);
gboolean     dc_request_get_query_int   (DcRequest      *request,
                                         const char     *name,
                                         gint64          min,
                                         gint64          max,
                                         gint64          fallback,
                                         gint64         *out_value,
                                         GError        **error);
gboolean     dc_request_get_query_bool  (DcRequest      *request,
                                         const char     *name,
                                         gboolean        fallback,
                                         gboolean       *out_value,
                                         GError        **error);
const char  *dc_request_get_header      (DcRequest      *request,
                                         const char     *name);
const char  *dc_request_get_client_ip   (DcRequest      *request);
GBytes      *dc_request_get_body        (DcRequest      *request);
/* The body as a JSON object: 400 when malformed, too deep or not UTF-8; 422 when not an
 * object. */
JsonObject  *dc_request_get_json_object (DcRequest      *request,
                                         GError        **error);
const char  *dc_request_get_bearer_token (DcRequest     *request);

/* Who is asking: set by the auth layer (dc_request_require_user). */
gint64       dc_request_get_user_id     (DcRequest      *request);
const char  *dc_request_get_session_id  (DcRequest      *request);
gboolean     dc_request_require_user    (DcRequest      *request,
                                         GError        **error);
void         dc_request_set_user        (DcRequest      *request,
                                         gint64          user_id,
                                         const char     *session_id);

void         dc_request_set_status      (DcRequest      *request,
                                         guint           status);
void         dc_request_set_header      (DcRequest      *request,
                                         const char     *name,
                                         const char     *value);
void         dc_request_set_raw_body    (DcRequest      *request,
                                         const char     *content_type,
                                         GBytes         *body);

/* Small helpers for building answers. */
JsonNode    *dc_json_node_new_object    (JsonObject     *object);
JsonNode    *dc_json_node_new_array     (JsonArray      *array);

G_END_DECLS
