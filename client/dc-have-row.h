/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DcHaveRow:
 *
 * One have-list row: the have item with its inventory item and printing. Properties:
 * id, inventory-item-id, card-id, name, set-code, set-name, collector-number, finish,
 * condition, language (strings); quantity (offered), inventory-quantity (owned) (int);
 * min-trade-value, unit-price (int64 cents, -1 when unset/unknown); trade-for-wants-only,
 * is-active, pending (boolean); notes (string).
 */
#define DC_TYPE_HAVE_ROW (dc_have_row_get_type ())
G_DECLARE_FINAL_TYPE (DcHaveRow, dc_have_row, DC, HAVE_ROW, GObject)

const char *dc_have_row_get_id                 (DcHaveRow *self);
const char *dc_have_row_get_inventory_item_id  (DcHaveRow *self);
const char *dc_have_row_get_card_id            (DcHaveRow *self);
const char *dc_have_row_get_name               (DcHaveRow *self);
int         dc_have_row_get_quantity           (DcHaveRow *self);
int         dc_have_row_get_inventory_quantity (DcHaveRow *self);
gint64      dc_have_row_get_min_trade_value    (DcHaveRow *self);
const char *dc_have_row_get_notes              (DcHaveRow *self);
gboolean    dc_have_row_get_is_active          (DcHaveRow *self);
gboolean    dc_have_row_get_pending            (DcHaveRow *self);

G_END_DECLS
