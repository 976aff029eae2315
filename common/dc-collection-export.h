/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dc-condition.h"
#include "dc-finish.h"
#include "dc-money.h"

G_BEGIN_DECLS

#define DC_EXPORT_ERROR (dc_export_error_quark ())
GQuark dc_export_error_quark (void);

typedef enum
{
  DC_EXPORT_ERROR_UNKNOWN_FORMAT,
} DcExportError;

/**
 * DcExportItem:
 * @name: card name (Scryfall's, "Delver of Secrets // Insectile Aberration")
 * @set_code: Scryfall set code, lower case
 * @set_name: set name
 * @collector_number: collector number
 * @scryfall_id: the printing's Scryfall id
 * @rarity: (nullable): "common", "mythic"…
 * @tcgplayer_id: TCGplayer product id, 0 when unknown
 * @cardmarket_id: Cardmarket idProduct, 0 when unknown
 * @quantity: copies, at least 1
 * @condition: grade
 * @finish: nonfoil, foil or etched
 * @language: Scryfall language code
 * @has_price: whether @price is set
 * @price: acquisition price per copy
 * @acquired_on: (nullable): YYYY-MM-DD
 * @notes: (nullable): free text
 *
 * One inventory item with its card, as the caller joins them; all strings are borrowed.
 */
typedef struct
{
  const char  *name;
  const char  *set_code;
  const char  *set_name;
  const char  *collector_number;
  const char  *scryfall_id;
  const char  *rarity;
  gint64       tcgplayer_id;
  gint64       cardmarket_id;
  guint        quantity;
  DcCondition  condition;
  DcFinish     finish;
  const char  *language;
  gboolean     has_price;
  DcMoney      price;
  const char  *acquired_on;
  const char  *notes;
} DcExportItem;

/* Formats we write, NULL-terminated: "dualcaster", "manabox", "moxfield", "deckbox",
 * "tcgplayer", "dragonshield", "archidekt", "topdecked", "mtggoldfish", "cardmarket",
 * "delverlens", "text". */
const char *const *dc_collection_export_formats (void);

/* Appends @items to @out as @format writes them, header included. What the format cannot
 * hold is left out (other currencies' prices, notes…); items it cannot name at all (a
 * Cardmarket export needs the idProduct) are skipped and counted in @out_skipped
 * (nullable). Our own "dualcaster" format keeps everything and reads back to the same
 * collection. */
gboolean dc_collection_export (const DcExportItem *items,
                               gsize               n_items,
                               const char         *format,
                               GString            *out,
                               guint              *out_skipped,
                               GError            **error);

G_END_DECLS
