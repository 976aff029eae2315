/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dc-finish.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 day;          /* Julian day (GDate), days since 0001-01-01 */
  gint64  amount_minor;
} DcPricePoint;

/**
 * DcPriceSeries:
 *
 * The daily prices of one finish in one currency, oldest first.
 */
typedef struct
{
  gatomicrefcount ref_count;
  DcFinish        finish;
  char            currency[4];
  GArray         *points; /* DcPricePoint */
} DcPriceSeries;

#define DC_TYPE_PRICE_SERIES (dc_price_series_get_type ())
GType          dc_price_series_get_type (void) G_GNUC_CONST;

DcPriceSeries *dc_price_series_new      (DcFinish       finish,
                                         const char    *currency);
DcPriceSeries *dc_price_series_ref      (DcPriceSeries *series);
void           dc_price_series_unref    (DcPriceSeries *series);
void           dc_price_series_add      (DcPriceSeries *series,
                                         guint32        day,
                                         gint64         amount_minor);
char          *dc_price_series_dup_label (const DcPriceSeries *series);

GPtrArray     *dc_price_history_parse   (JsonNode      *root,
                                         GError       **error);
gboolean       dc_price_day_parse       (const char    *text,
                                         guint32       *out_day);
int            dc_currency_rank         (const char    *currency);
char          *dc_price_day_format      (guint32        day,
                                         const char    *format);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcPriceSeries, dc_price_series_unref)

G_END_DECLS
