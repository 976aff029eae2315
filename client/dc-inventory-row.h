/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DcInventoryRow:
 *
 * One collection row as a list shows it: the inventory item joined with its printing in
 * the local catalog. Read-only; the store refreshes it in place (with notifications) when
 * the item changes. Properties:
 *
 * - id, card-id, name, set-code, set-name, collector-number, rarity (strings; the card
 *   fields are %NULL while the card is missing from the local catalog)
 * - finish ("nonfoil" | "foil" | "etched"), condition ("M" … "DMG"), language (code)
 * - quantity (int)
 * - unit-price, value, acquisition-price (int64 cents, -1 when unknown): unit-price is the
 *   current USD (TCGplayer) price of the printing in this finish; value is quantity ×
 *   unit-price × the condition multiplier (DESIGN §7.7)
 * - acquisition-currency, acquired-on (YYYY-MM-DD), source, notes (strings)
 * - have-id (string, %NULL when not on the have list), have-quantity (int)
 * - pending (boolean): the row has edits the server has not acknowledged yet
 * - created-at, updated-at (int64 Unix ms, as the server last stamped them; 0 if never)
 */
#define DC_TYPE_INVENTORY_ROW (dc_inventory_row_get_type ())
G_DECLARE_FINAL_TYPE (DcInventoryRow, dc_inventory_row, DC, INVENTORY_ROW, GObject)

const char *dc_inventory_row_get_id                (DcInventoryRow *self);
const char *dc_inventory_row_get_card_id           (DcInventoryRow *self);
const char *dc_inventory_row_get_name              (DcInventoryRow *self);
const char *dc_inventory_row_get_set_code          (DcInventoryRow *self);
const char *dc_inventory_row_get_set_name          (DcInventoryRow *self);
const char *dc_inventory_row_get_collector_number  (DcInventoryRow *self);
const char *dc_inventory_row_get_finish            (DcInventoryRow *self);
const char *dc_inventory_row_get_condition         (DcInventoryRow *self);
const char *dc_inventory_row_get_language          (DcInventoryRow *self);
int         dc_inventory_row_get_quantity          (DcInventoryRow *self);
gint64      dc_inventory_row_get_unit_price        (DcInventoryRow *self);
gint64      dc_inventory_row_get_value             (DcInventoryRow *self);
gint64      dc_inventory_row_get_acquisition_price (DcInventoryRow *self);
const char *dc_inventory_row_get_acquisition_currency (DcInventoryRow *self);
const char *dc_inventory_row_get_notes             (DcInventoryRow *self);
const char *dc_inventory_row_get_have_id           (DcInventoryRow *self);
int         dc_inventory_row_get_have_quantity     (DcInventoryRow *self);
gboolean    dc_inventory_row_get_pending           (DcInventoryRow *self);

G_END_DECLS
