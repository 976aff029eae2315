/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dc-client-test.h"
#include "dc-price-chart.h"
#include "dc-sync-indicator.h"
#include "dc-ui-test.h"

/* Widgets on their own: the sync indicator's states and the price chart's hover. */

static void
test_sync_indicator (void)
{
  GtkWidget *window = gtk_window_new ();
  DcSyncIndicator *indicator = DC_SYNC_INDICATOR (dc_sync_indicator_new ());
  GtkWidget *button;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (indicator));
  gtk_window_present (GTK_WINDOW (window));

  /* the public API the sync engine drives */
  dc_sync_indicator_set_state (indicator, DC_SYNC_STATE_SYNCED);
  g_assert_cmpstr (dc_sync_indicator_get_label (indicator), ==, "Synced");
  button = dc_ui_test_find_labelled (GTK_WIDGET (indicator), GTK_TYPE_BUTTON,
                                     "Sync status: Synced");

  dc_sync_indicator_set_state (indicator, DC_SYNC_STATE_OFFLINE);
  dc_sync_indicator_set_pending_changes (indicator, 1);
  g_assert_cmpstr (dc_sync_indicator_get_label (indicator), ==, "Offline · 1 pending change");
  g_assert_true (dc_ui_test_has_label (button, "Sync status: Offline · 1 pending change"));

  dc_sync_indicator_set_pending_changes (indicator, 3);
  g_assert_cmpstr (dc_sync_indicator_get_label (indicator), ==, "Offline · 3 pending changes");

  dc_sync_indicator_set_state (indicator, DC_SYNC_STATE_SYNCING);
  g_assert_cmpstr (dc_sync_indicator_get_label (indicator), ==, "Syncing… · 3 pending changes");
  g_assert_cmpint (dc_sync_indicator_get_state (indicator), ==, DC_SYNC_STATE_SYNCING);
  g_assert_cmpuint (dc_sync_indicator_get_pending_changes (indicator), ==, 3);

  dc_sync_indicator_set_pending_changes (indicator, 0);
  dc_sync_indicator_set_state (indicator, DC_SYNC_STATE_SYNCED);
  g_assert_cmpstr (dc_sync_indicator_get_label (indicator), ==, "Synced");
  dc_ui_test_wait_drawn (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GPtrArray *
two_series (void)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_price_series_unref);
  DcPriceSeries *nonfoil = dc_price_series_new (DC_FINISH_NONFOIL, "USD");
  DcPriceSeries *foil = dc_price_series_new (DC_FINISH_FOIL, "USD");
  guint32 day;

  g_assert_true (dc_price_day_parse ("2026-03-20", &day));
  dc_price_series_add (nonfoil, day, 470);
  dc_price_series_add (nonfoil, day + 16, 490);
  dc_price_series_add (nonfoil, day + 120, 512);
  dc_price_series_add (foil, day + 16, 1200);
  g_ptr_array_add (all, nonfoil);
  g_ptr_array_add (all, foil);
  return all;
}

static void
test_price_chart (void)
{
  GtkWidget *window = gtk_window_new ();
  DcPriceChart *chart = DC_PRICE_CHART (dc_price_chart_new ());
  g_autoptr(GPtrArray) series = two_series ();
  g_autofree char *left = NULL;
  g_autofree char *middle = NULL;
  g_autofree char *right = NULL;
  g_autofree char *keyed = NULL;
  int width;

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_present (GTK_WINDOW (window));
  dc_price_chart_set_series (chart, series);
  dc_ui_test_wait_drawn (window);
  width = gtk_widget_get_width (GTK_WIDGET (chart));
  g_assert_cmpint (width, >, 300);

  g_assert_null (dc_price_chart_dup_hover_text (chart));

  /* the left edge is the first day: only the nonfoil line had a price */
  g_assert_true (dc_price_chart_hover_at (chart, 0));
  left = dc_price_chart_dup_hover_text (chart);
  g_assert_nonnull (strstr (left, "03/20/26"));
  g_assert_nonnull (strstr (left, "Nonfoil · USD: $4.70"));
  g_assert_null (strstr (left, "Foil · USD"));

  /* a little right of the second day: both lines, the foil at its first price */
  g_assert_true (dc_price_chart_hover_at (chart, width * 0.2));
  middle = dc_price_chart_dup_hover_text (chart);
  g_assert_nonnull (strstr (middle, "04/05/26"));
  g_assert_nonnull (strstr (middle, "Nonfoil · USD: $4.90"));
  g_assert_nonnull (strstr (middle, "Foil · USD: $12.00"));

  /* the right edge: the last known prices */
  g_assert_true (dc_price_chart_hover_at (chart, width));
  right = dc_price_chart_dup_hover_text (chart);
  g_assert_nonnull (strstr (right, "Nonfoil · USD: $5.12"));
  g_assert_nonnull (strstr (right, "Foil · USD: $12.00"));
  dc_ui_test_save_screenshot (window, "price-chart-hover");

  /* the keyboard moves the hover from day to day */
  g_assert_true (dc_ui_test_send_key (GTK_WIDGET (chart), GDK_KEY_Home));
  keyed = dc_price_chart_dup_hover_text (chart);
  g_assert_cmpstr (keyed, ==, left);

  dc_price_chart_clear_hover (chart);
  g_assert_null (dc_price_chart_dup_hover_text (chart));

  /* a screen reader gets the lines as text */
  g_assert_true (dc_ui_test_has_label (GTK_WIDGET (chart), "Price history chart"));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (chart),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  /* no series: says so rather than drawing empty axes */
  dc_price_chart_set_series (chart, NULL);
  g_assert_false (dc_price_chart_hover_at (chart, 10));
  dc_ui_test_wait_drawn (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  dc_ui_test_init (&argc, &argv);
  if (!dc_ui_test_init_gtk ())
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  g_test_add_func ("/Dc/UiWidgets/sync-indicator", test_sync_indicator);
  g_test_add_func ("/Dc/UiWidgets/price-chart", test_price_chart);
  return g_test_run ();
}
