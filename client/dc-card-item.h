/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dc-client-types.h"
#include "dc-finish.h"

G_BEGIN_DECLS

/* One current price of a printing, as the catalog states it. */
typedef struct
{
  DcFinish finish;
  char     currency[4];
  char    *source;       /* "tcgplayer", "cardmarket", "cardhoarder" */
  char    *day;          /* YYYY-MM-DD */
  gint64   amount_minor;
} DcItemPrice;

#define DC_TYPE_CARD_ITEM (dc_card_item_get_type ())
G_DECLARE_FINAL_TYPE (DcCardItem, dc_card_item, DC, CARD_ITEM, GObject)

DcCardItem   *dc_card_item_new_from_json     (JsonObject  *card,
                                              GError     **error);
void          dc_card_item_set_prices        (DcCardItem  *self,
                                              GArray      *prices);
gboolean      dc_item_prices_parse           (JsonArray   *array,
                                              GArray     **out_prices);

const char   *dc_card_item_get_id            (DcCardItem  *self);
const char   *dc_card_item_get_oracle_id     (DcCardItem  *self);
const char   *dc_card_item_get_name          (DcCardItem  *self);
const char   *dc_card_item_get_printed_name  (DcCardItem  *self);
const char   *dc_card_item_get_set_code      (DcCardItem  *self);
const char   *dc_card_item_get_set_name      (DcCardItem  *self);
const char   *dc_card_item_get_collector_number (DcCardItem *self);
const char   *dc_card_item_get_lang          (DcCardItem  *self);
const char   *dc_card_item_get_rarity        (DcCardItem  *self);
const char   *dc_card_item_get_mana_cost     (DcCardItem  *self);
const char   *dc_card_item_get_type_line     (DcCardItem  *self);
const char   *dc_card_item_get_oracle_text   (DcCardItem  *self);
const char   *dc_card_item_get_released_at   (DcCardItem  *self);
const char   *dc_card_item_get_image_uri     (DcCardItem  *self);
const char   *dc_card_item_get_subtitle      (DcCardItem  *self);
guint         dc_card_item_get_finishes      (DcCardItem  *self);
GArray       *dc_card_item_get_prices        (DcCardItem  *self);
const DcItemPrice *dc_card_item_find_price   (DcCardItem  *self,
                                              DcFinish     finish,
                                              const char  *currency);
char         *dc_card_item_dup_price_label   (DcCardItem  *self);

const char   *dc_finish_get_label            (DcFinish     finish);
const char   *dc_rarity_get_label            (const char  *rarity);
const char   *dc_price_source_get_label      (const char  *source);

G_END_DECLS
