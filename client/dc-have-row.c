/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-have-row"

#include "config.h"

#include "dc-have-row.h"
#include "dc-list-row-private.h"

struct _DcHaveRow
{
  DcListRowInstance row;
};

G_DEFINE_FINAL_TYPE (DcHaveRow, dc_have_row, G_TYPE_OBJECT)

/* The order of the store's have SELECT (after the position column). */
enum {
  PROP_0,
  PROP_ID,
  PROP_INVENTORY_ITEM_ID,
  PROP_CARD_ID,
  PROP_NAME,
  PROP_SET_CODE,
  PROP_SET_NAME,
  PROP_COLLECTOR_NUMBER,
  PROP_FINISH,
  PROP_CONDITION,
  PROP_LANGUAGE,
  PROP_QUANTITY,
  PROP_INVENTORY_QUANTITY,
  PROP_MIN_TRADE_VALUE,
  PROP_TRADE_FOR_WANTS_ONLY,
  PROP_NOTES,
  PROP_IS_ACTIVE,
  PROP_UNIT_PRICE,
  PROP_PENDING,
  N_PROPS
};

static const DcListRowField fields[N_PROPS - 1] = {
  { "id", G_TYPE_STRING },
  { "inventory-item-id", G_TYPE_STRING },
  { "card-id", G_TYPE_STRING },
  { "name", G_TYPE_STRING },
  { "set-code", G_TYPE_STRING },
  { "set-name", G_TYPE_STRING },
  { "collector-number", G_TYPE_STRING },
  { "finish", G_TYPE_STRING },
  { "condition", G_TYPE_STRING },
  { "language", G_TYPE_STRING },
  { "quantity", G_TYPE_INT },
  { "inventory-quantity", G_TYPE_INT },
  { "min-trade-value", G_TYPE_INT64 },
  { "trade-for-wants-only", G_TYPE_BOOLEAN },
  { "notes", G_TYPE_STRING },
  { "is-active", G_TYPE_BOOLEAN },
  { "unit-price", G_TYPE_INT64 },
  { "pending", G_TYPE_BOOLEAN },
};

static void
dc_have_row_class_init (DcHaveRowClass *klass)
{
  _dc_list_row_class_setup (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields));
}

static void
dc_have_row_init (DcHaveRow *self)
{
}

#define STRING_GETTER(name, prop)                                        \
  const char *                                                           \
  dc_have_row_get_##name (DcHaveRow *self)                               \
  {                                                                      \
    g_return_val_if_fail (DC_IS_HAVE_ROW (self), NULL);                  \
    return g_value_get_string (_dc_list_row_value (self, prop));         \
  }

STRING_GETTER (id, PROP_ID)
STRING_GETTER (inventory_item_id, PROP_INVENTORY_ITEM_ID)
STRING_GETTER (card_id, PROP_CARD_ID)
STRING_GETTER (name, PROP_NAME)
STRING_GETTER (notes, PROP_NOTES)

int
dc_have_row_get_quantity (DcHaveRow *self)
{
  g_return_val_if_fail (DC_IS_HAVE_ROW (self), 0);
  return g_value_get_int (_dc_list_row_value (self, PROP_QUANTITY));
}

int
dc_have_row_get_inventory_quantity (DcHaveRow *self)
{
  g_return_val_if_fail (DC_IS_HAVE_ROW (self), 0);
  return g_value_get_int (_dc_list_row_value (self, PROP_INVENTORY_QUANTITY));
}

gint64
dc_have_row_get_min_trade_value (DcHaveRow *self)
{
  g_return_val_if_fail (DC_IS_HAVE_ROW (self), -1);
  return g_value_get_int64 (_dc_list_row_value (self, PROP_MIN_TRADE_VALUE));
}

gboolean
dc_have_row_get_is_active (DcHaveRow *self)
{
  g_return_val_if_fail (DC_IS_HAVE_ROW (self), FALSE);
  return g_value_get_boolean (_dc_list_row_value (self, PROP_IS_ACTIVE));
}

gboolean
dc_have_row_get_pending (DcHaveRow *self)
{
  g_return_val_if_fail (DC_IS_HAVE_ROW (self), FALSE);
  return g_value_get_boolean (_dc_list_row_value (self, PROP_PENDING));
}
