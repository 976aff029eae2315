/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-want-row"

#include "config.h"

#include "dc-list-row-private.h"
#include "dc-want-row.h"

struct _DcWantRow
{
  DcListRowInstance row;
};

G_DEFINE_FINAL_TYPE (DcWantRow, dc_want_row, G_TYPE_OBJECT)

/* The order of the store's want SELECT (after the position column). */
enum {
  PROP_0,
  PROP_ID,
  PROP_CARD_ID,
  PROP_ORACLE_ID,
  PROP_ANY_PRINTING,
  PROP_NAME,
  PROP_SET_CODE,
  PROP_SET_NAME,
  PROP_COLLECTOR_NUMBER,
  PROP_QUANTITY,
  PROP_CONDITION_MIN,
  PROP_FINISH,
  PROP_LANGUAGE,
  PROP_TARGET_PRICE,
  PROP_MAX_TRADE_VALUE,
  PROP_PRIORITY,
  PROP_ALERT_ENABLED,
  PROP_IS_PUBLIC,
  PROP_IS_ACTIVE,
  PROP_NOTES,
  PROP_UNIT_PRICE,
  PROP_PENDING,
  N_PROPS
};

static const DcListRowField fields[N_PROPS - 1] = {
  { "id", G_TYPE_STRING },
  { "card-id", G_TYPE_STRING },
  { "oracle-id", G_TYPE_STRING },
  { "any-printing", G_TYPE_BOOLEAN },
  { "name", G_TYPE_STRING },
  { "set-code", G_TYPE_STRING },
  { "set-name", G_TYPE_STRING },
  { "collector-number", G_TYPE_STRING },
  { "quantity", G_TYPE_INT },
  { "condition-min", G_TYPE_STRING },
  { "finish", G_TYPE_STRING },
  { "language", G_TYPE_STRING },
  { "target-price", G_TYPE_INT64 },
  { "max-trade-value", G_TYPE_INT64 },
  { "priority", G_TYPE_STRING },
  { "alert-enabled", G_TYPE_BOOLEAN },
  { "is-public", G_TYPE_BOOLEAN },
  { "is-active", G_TYPE_BOOLEAN },
  { "notes", G_TYPE_STRING },
  { "unit-price", G_TYPE_INT64 },
  { "pending", G_TYPE_BOOLEAN },
};

static void
dc_want_row_class_init (DcWantRowClass *klass)
{
  _dc_list_row_class_setup (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields));
}

static void
dc_want_row_init (DcWantRow *self)
{
}

#define STRING_GETTER(name, prop)                                        \
  const char *                                                           \
  dc_want_row_get_##name (DcWantRow *self)                               \
  {                                                                      \
    g_return_val_if_fail (DC_IS_WANT_ROW (self), NULL);                  \
    return g_value_get_string (_dc_list_row_value (self, prop));         \
  }

STRING_GETTER (id, PROP_ID)
STRING_GETTER (card_id, PROP_CARD_ID)
STRING_GETTER (oracle_id, PROP_ORACLE_ID)
STRING_GETTER (name, PROP_NAME)
STRING_GETTER (condition_min, PROP_CONDITION_MIN)
STRING_GETTER (finish, PROP_FINISH)
STRING_GETTER (priority, PROP_PRIORITY)
STRING_GETTER (notes, PROP_NOTES)

int
dc_want_row_get_quantity (DcWantRow *self)
{
  g_return_val_if_fail (DC_IS_WANT_ROW (self), 0);
  return g_value_get_int (_dc_list_row_value (self, PROP_QUANTITY));
}

gint64
dc_want_row_get_target_price (DcWantRow *self)
{
  g_return_val_if_fail (DC_IS_WANT_ROW (self), -1);
  return g_value_get_int64 (_dc_list_row_value (self, PROP_TARGET_PRICE));
}

gboolean
dc_want_row_get_pending (DcWantRow *self)
{
  g_return_val_if_fail (DC_IS_WANT_ROW (self), FALSE);
  return g_value_get_boolean (_dc_list_row_value (self, PROP_PENDING));
}
