/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The sync protocol (DESIGN §6): one round trip
 *   POST /api/sync {device_id, cursor, ops:[…]} → {results:[…], changes:[…], cursor, has_more}
 * These are the wire types and their JSON codecs, shared by the server and the client.
 */

typedef enum
{
  DC_SYNC_OP_UPSERT,
  DC_SYNC_OP_ADJUST,
  DC_SYNC_OP_DELETE,
} DcSyncOpType;

typedef enum
{
  DC_SYNC_ENTITY_INVENTORY_ITEM,
  DC_SYNC_ENTITY_HAVE_ITEM,
  DC_SYNC_ENTITY_WANT_ITEM,
} DcSyncEntity;

typedef enum
{
  DC_SYNC_STATUS_OK,
  DC_SYNC_STATUS_CONFLICT,
  DC_SYNC_STATUS_REJECTED,
} DcSyncStatus;

#define DC_SYNC_MAX_OPS 500
#define DC_SYNC_MAX_CHANGES 1000

typedef struct
{
  char         *op_id;
  DcSyncOpType  type;
  DcSyncEntity  entity;
  char         *id;
  JsonObject   *fields;          /* upsert only; nullable */
  gint64        base_rev;        /* the rev the client last saw, 0 for new rows */
  gint64        quantity_delta;  /* adjust only */
} DcSyncOp;

typedef struct
{
  char      *device_id;
  gint64     cursor;
  GPtrArray *ops;                /* DcSyncOp* */
} DcSyncRequest;

typedef struct
{
  char         *op_id;
  DcSyncStatus  status;
  JsonObject   *error;           /* {code, message, details} when not ok */
  JsonObject   *row;             /* the server's row after the op (or at conflict) */
} DcSyncResult;

typedef struct
{
  DcSyncEntity  entity;
  char         *id;
  gint64        rev;
  gboolean      deleted;
  JsonObject   *fields;          /* the whole row as its codec writes it */
} DcSyncChange;

typedef struct
{
  GPtrArray *results;            /* DcSyncResult* */
  GPtrArray *changes;            /* DcSyncChange* */
  gint64     cursor;
  gboolean   has_more;
} DcSyncResponse;

const char     *dc_sync_op_type_to_string   (DcSyncOpType    type);
gboolean        dc_sync_op_type_from_string (const char     *text,
                                             DcSyncOpType   *out_type);
const char     *dc_sync_entity_to_string    (DcSyncEntity    entity);
gboolean        dc_sync_entity_from_string  (const char     *text,
                                             DcSyncEntity   *out_entity);
const char     *dc_sync_status_to_string    (DcSyncStatus    status);

DcSyncOp       *dc_sync_op_new              (DcSyncOpType    type,
                                             DcSyncEntity    entity,
                                             const char     *id);
void            dc_sync_op_free             (DcSyncOp       *op);
JsonObject     *dc_sync_op_to_json          (const DcSyncOp *op);
DcSyncOp       *dc_sync_op_from_json        (JsonObject     *object,
                                             GError        **error);

DcSyncRequest  *dc_sync_request_new         (void);
void            dc_sync_request_free        (DcSyncRequest  *request);
JsonNode       *dc_sync_request_to_json     (const DcSyncRequest *request);
/* 422 naming the field (ops[3].entity …) when the request is not well formed. */
DcSyncRequest  *dc_sync_request_from_json   (JsonObject     *object,
                                             GError        **error);

DcSyncResult   *dc_sync_result_new          (const char     *op_id,
                                             DcSyncStatus    status);
void            dc_sync_result_set_error    (DcSyncResult   *result,
                                             const GError   *error);
void            dc_sync_result_free         (DcSyncResult   *result);
DcSyncChange   *dc_sync_change_new          (DcSyncEntity    entity,
                                             const char     *id,
                                             gint64          rev,
                                             gboolean        deleted,
                                             JsonObject     *fields);
void            dc_sync_change_free         (DcSyncChange   *change);

DcSyncResponse *dc_sync_response_new        (void);
void            dc_sync_response_free       (DcSyncResponse *response);
JsonNode       *dc_sync_response_to_json    (const DcSyncResponse *response);
DcSyncResponse *dc_sync_response_from_json  (JsonNode       *node,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSyncOp, dc_sync_op_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSyncRequest, dc_sync_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSyncResult, dc_sync_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSyncChange, dc_sync_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSyncResponse, dc_sync_response_free)

G_END_DECLS
