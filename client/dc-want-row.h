/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DcWantRow:
 *
 * One want-list row. A want names a printing (card-id) or any printing of a card
 * (oracle-id, any-printing TRUE; set-code and collector-number are then %NULL and name is
 * the card's name). Properties: id, card-id, oracle-id, name, set-code, set-name,
 * collector-number, condition-min, finish ("any" or a finish), language (code or "any"),
 * priority ("low" | "medium" | "high"), notes (strings); any-printing, alert-enabled,
 * is-public, is-active, pending (boolean); quantity (int); target-price, max-trade-value,
 * unit-price (int64 cents, -1 when unset/unknown; unit-price is the current USD price of
 * the printing, or the cheapest printing for any-printing wants).
 */
#define DC_TYPE_WANT_ROW (dc_want_row_get_type ())
G_DECLARE_FINAL_TYPE (DcWantRow, dc_want_row, DC, WANT_ROW, GObject)

const char *dc_want_row_get_id            (DcWantRow *self);
const char *dc_want_row_get_card_id       (DcWantRow *self);
const char *dc_want_row_get_oracle_id     (DcWantRow *self);
const char *dc_want_row_get_name          (DcWantRow *self);
int         dc_want_row_get_quantity      (DcWantRow *self);
const char *dc_want_row_get_condition_min (DcWantRow *self);
const char *dc_want_row_get_finish        (DcWantRow *self);
const char *dc_want_row_get_priority      (DcWantRow *self);
gint64      dc_want_row_get_target_price  (DcWantRow *self);
const char *dc_want_row_get_notes         (DcWantRow *self);
gboolean    dc_want_row_get_pending       (DcWantRow *self);

G_END_DECLS
