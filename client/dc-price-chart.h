/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dc-price-history.h"

G_BEGIN_DECLS

#define DC_TYPE_PRICE_CHART (dc_price_chart_get_type ())
G_DECLARE_FINAL_TYPE (DcPriceChart, dc_price_chart, DC, PRICE_CHART, GtkWidget)

GtkWidget *dc_price_chart_new            (void);
void       dc_price_chart_set_series     (DcPriceChart *self,
                                          GPtrArray    *series);
GPtrArray *dc_price_chart_get_series     (DcPriceChart *self);

/* Hover: what the pointer (or the arrow keys) point at. Public so tests can check it. */
gboolean   dc_price_chart_hover_at       (DcPriceChart *self,
                                          double        x);
void       dc_price_chart_clear_hover    (DcPriceChart *self);
char      *dc_price_chart_dup_hover_text (DcPriceChart *self);

G_END_DECLS
