/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-inventory-row"

#include "config.h"

#include "dc-inventory-row.h"
#include "dc-list-row-private.h"

struct _DcInventoryRow
{
  DcListRowInstance row;
};

G_DEFINE_FINAL_TYPE (DcInventoryRow, dc_inventory_row, G_TYPE_OBJECT)

/* The order of the store's inventory SELECT (after the position column). */
enum {
  PROP_0,
  PROP_ID,
  PROP_CARD_ID,
  PROP_NAME,
  PROP_SET_CODE,
  PROP_SET_NAME,
  PROP_COLLECTOR_NUMBER,
  PROP_RARITY,
  PROP_FINISH,
  PROP_CONDITION,
  PROP_LANGUAGE,
  PROP_QUANTITY,
  PROP_UNIT_PRICE,
  PROP_VALUE,
  PROP_ACQUISITION_PRICE,
  PROP_ACQUISITION_CURRENCY,
  PROP_ACQUIRED_ON,
  PROP_SOURCE,
  PROP_NOTES,
  PROP_HAVE_ID,
  PROP_HAVE_QUANTITY,
  PROP_PENDING,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static const DcListRowField fields[N_PROPS - 1] = {
  { "id", G_TYPE_STRING },
  { "card-id", G_TYPE_STRING },
  { "name", G_TYPE_STRING },
  { "set-code", G_TYPE_STRING },
  { "set-name", G_TYPE_STRING },
  { "collector-number", G_TYPE_STRING },
  { "rarity", G_TYPE_STRING },
  { "finish", G_TYPE_STRING },
  { "condition", G_TYPE_STRING },
  { "language", G_TYPE_STRING },
  { "quantity", G_TYPE_INT },
  { "unit-price", G_TYPE_INT64 },
  { "value", G_TYPE_INT64 },
  { "acquisition-price", G_TYPE_INT64 },
  { "acquisition-currency", G_TYPE_STRING },
  { "acquired-on", G_TYPE_STRING },
  { "source", G_TYPE_STRING },
  { "notes", G_TYPE_STRING },
  { "have-id", G_TYPE_STRING },
  { "have-quantity", G_TYPE_INT },
  { "pending", G_TYPE_BOOLEAN },
  { "created-at", G_TYPE_INT64 },
  { "updated-at", G_TYPE_INT64 },
};

static void
dc_inventory_row_class_init (DcInventoryRowClass *klass)
{
  _dc_list_row_class_setup (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields));
}

static void
dc_inventory_row_init (DcInventoryRow *self)
{
}

#define STRING_GETTER(name, prop)                                        \
  const char *                                                           \
  dc_inventory_row_get_##name (DcInventoryRow *self)                     \
  {                                                                      \
    g_return_val_if_fail (DC_IS_INVENTORY_ROW (self), NULL);             \
    return g_value_get_string (_dc_list_row_value (self, prop));         \
  }

STRING_GETTER (id, PROP_ID)
STRING_GETTER (card_id, PROP_CARD_ID)
STRING_GETTER (name, PROP_NAME)
STRING_GETTER (set_code, PROP_SET_CODE)
STRING_GETTER (set_name, PROP_SET_NAME)
STRING_GETTER (collector_number, PROP_COLLECTOR_NUMBER)
STRING_GETTER (finish, PROP_FINISH)
STRING_GETTER (condition, PROP_CONDITION)
STRING_GETTER (language, PROP_LANGUAGE)
STRING_GETTER (acquisition_currency, PROP_ACQUISITION_CURRENCY)
STRING_GETTER (notes, PROP_NOTES)
STRING_GETTER (have_id, PROP_HAVE_ID)

int
dc_inventory_row_get_quantity (DcInventoryRow *self)
{
  g_return_val_if_fail (DC_IS_INVENTORY_ROW (self), 0);
  return g_value_get_int (_dc_list_row_value (self, PROP_QUANTITY));
}

int
dc_inventory_row_get_have_quantity (DcInventoryRow *self)
{
  g_return_val_if_fail (DC_IS_INVENTORY_ROW (self), 0);
  return g_value_get_int (_dc_list_row_value (self, PROP_HAVE_QUANTITY));
}

gint64
dc_inventory_row_get_unit_price (DcInventoryRow *self)
{
  g_return_val_if_fail (DC_IS_INVENTORY_ROW (self), -1);
  return g_value_get_int64 (_dc_list_row_value (self, PROP_UNIT_PRICE));
}

gint64
dc_inventory_row_get_value (DcInventoryRow *self)
{
  g_return_val_if_fail (DC_IS_INVENTORY_ROW (self), -1);
  return g_value_get_int64 (_dc_list_row_value (self, PROP_VALUE));
}

gint64
dc_inventory_row_get_acquisition_price (DcInventoryRow *self)
{
  g_return_val_if_fail (DC_IS_INVENTORY_ROW (self), -1);
  return g_value_get_int64 (_dc_list_row_value (self, PROP_ACQUISITION_PRICE));
}

gboolean
dc_inventory_row_get_pending (DcInventoryRow *self)
{
  g_return_val_if_fail (DC_IS_INVENTORY_ROW (self), FALSE);
  return g_value_get_boolean (_dc_list_row_value (self, PROP_PENDING));
}
