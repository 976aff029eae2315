/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DcMoney:
 * @amount: the amount in minor units (cents); never a double
 * @currency: ISO 4217 code (`USD`, `EUR`) or `TIX`, upper case, NUL-terminated
 *
 * Money is an integer count of minor units plus a currency (DESIGN §4).
 */
typedef struct
{
  gint64 amount;
  char   currency[4];
} DcMoney;

#define DC_MONEY_ERROR (dc_money_error_quark ())
GQuark dc_money_error_quark (void);

typedef enum
{
  DC_MONEY_ERROR_INVALID,   /* not a decimal amount ("abc", "1e3", "1.2.3") */
  DC_MONEY_ERROR_PRECISION, /* more than two decimals that are not zero */
  DC_MONEY_ERROR_OVERFLOW,  /* does not fit in gint64 minor units */
  DC_MONEY_ERROR_CURRENCY,  /* unknown or conflicting currency */
} DcMoneyError;

gboolean dc_money_parse          (const char  *text,
                                  const char  *default_currency,
                                  DcMoney     *out_money,
                                  GError     **error);
gboolean dc_money_parse_decimal  (const char  *text,
                                  gint64      *out_minor,
                                  GError     **error);
char    *dc_money_format_decimal (gint64       minor);
char    *dc_money_format         (const DcMoney *money);
gboolean dc_currency_is_valid    (const char  *code);

G_END_DECLS
