/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dc-condition.h"
#include "dc-finish.h"

G_BEGIN_DECLS

/*
 * The three list entities a user owns (DESIGN §5), with one JSON codec each used by the
 * REST API, sync, the client and the bot. Money travels as exact decimal strings ("10.00");
 * here it is held in minor units. Times are Unix milliseconds here, RFC 3339 on the wire.
 *
 * dc_*_apply_json() overwrites exactly the members present in @fields (an upsert's "last
 * writer wins per field") and fails with a 422 DC_API_ERROR naming the field; members the
 * server owns (id, rev, created_at, updated_at) are ignored. dc_*_validate() checks the
 * whole row afterwards.
 */

typedef struct
{
  char     *id;
  char     *card_id;
  int       quantity;
  DcCondition condition;
  DcFinish  finish;
  char     *language;
  gboolean  has_acquisition_price;
  gint64    acquisition_price;     /* minor units */
  char      acquisition_currency[4];
  char     *acquired_on;           /* YYYY-MM-DD, nullable */
  char     *source;                /* nullable: where it was bought or which import */
  char     *notes;                 /* nullable */
  gint64    rev;
  gboolean  deleted;
  gint64    created_at;
  gint64    updated_at;
} DcInventoryItem;

typedef struct
{
  char     *id;
  char     *inventory_item_id;
  int       quantity;
  gboolean  has_min_trade_value;
  gint64    min_trade_value;       /* USD minor units */
  gboolean  trade_for_wants_only;
  char     *notes;
  gboolean  is_active;
  gint64    rev;
  gboolean  deleted;
  gint64    created_at;
  gint64    updated_at;
} DcHaveItem;

typedef enum
{
  DC_WANT_PRIORITY_LOW,
  DC_WANT_PRIORITY_MEDIUM,
  DC_WANT_PRIORITY_HIGH,
} DcWantPriority;

typedef struct
{
  char          *id;
  char          *card_id;          /* a printing, or NULL … */
  char          *oracle_id;        /* … any printing of this card */
  int            quantity;
  DcCondition    condition_min;
  DcFinish       finish;           /* DC_FINISH_UNKNOWN means any */
  char          *language;         /* a code or "any" */
  gboolean       has_target_price;
  gint64         target_price;
  gboolean       has_max_trade_value;
  gint64         max_trade_value;
  DcWantPriority priority;
  gboolean       alert_enabled;
  gboolean       is_public;
  gboolean       is_active;
  char          *notes;
  gint64         rev;
  gboolean       deleted;
  gint64         created_at;
  gint64         updated_at;
} DcWantItem;

#define DC_NOTES_MAX_CHARS 500

DcInventoryItem *dc_inventory_item_new        (void);
DcInventoryItem *dc_inventory_item_copy       (const DcInventoryItem *item);
void             dc_inventory_item_free       (DcInventoryItem       *item);
gboolean         dc_inventory_item_apply_json (DcInventoryItem       *item,
                                               JsonObject            *fields,
                                               GError               **error);
gboolean         dc_inventory_item_validate   (const DcInventoryItem *item,
                                               GError               **error);
JsonObject      *dc_inventory_item_to_json    (const DcInventoryItem *item);
DcInventoryItem *dc_inventory_item_from_json  (JsonObject            *object,
                                               GError               **error);

DcHaveItem      *dc_have_item_new             (void);
DcHaveItem      *dc_have_item_copy            (const DcHaveItem      *item);
void             dc_have_item_free            (DcHaveItem            *item);
gboolean         dc_have_item_apply_json      (DcHaveItem            *item,
                                               JsonObject            *fields,
                                               GError               **error);
gboolean         dc_have_item_validate        (const DcHaveItem      *item,
                                               GError               **error);
JsonObject      *dc_have_item_to_json         (const DcHaveItem      *item);
DcHaveItem      *dc_have_item_from_json       (JsonObject            *object,
                                               GError               **error);

DcWantItem      *dc_want_item_new             (void);
DcWantItem      *dc_want_item_copy            (const DcWantItem      *item);
void             dc_want_item_free            (DcWantItem            *item);
gboolean         dc_want_item_apply_json      (DcWantItem            *item,
                                               JsonObject            *fields,
                                               GError               **error);
gboolean         dc_want_item_validate        (const DcWantItem      *item,
                                               GError               **error);
JsonObject      *dc_want_item_to_json         (const DcWantItem      *item);
DcWantItem      *dc_want_item_from_json       (JsonObject            *object,
                                               GError               **error);

const char      *dc_want_priority_to_string   (DcWantPriority         priority);
gboolean         dc_want_priority_from_string (const char            *text,
                                               DcWantPriority        *out_priority);

/* Shared helpers for codecs elsewhere (trades, profiles). */
gboolean         dc_is_uuid                   (const char            *text);
gboolean         dc_is_iso_date               (const char            *text);
char            *dc_ms_to_rfc3339             (gint64                 ms);
gint64           dc_rfc3339_to_ms             (const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcInventoryItem, dc_inventory_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcHaveItem, dc_have_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcWantItem, dc_want_item_free)

G_END_DECLS
