/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-price-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dc-card-item.h"
#include "dc-money.h"
#include "dc-price-chart.h"

/* DcPriceChart: a line chart of daily prices drawn with cairo: a y axis in money with
 * round steps, a time axis with dates, a legend, one line per series (finish and
 * currency), and a hover line that shows each series' price on the day under the pointer
 * (the last known price on or before it). Left/Right move the hover with the keyboard. */

#define PAD_TOP      12.0
#define PAD_RIGHT    16.0
#define LEGEND_GAP   10.0
#define TICK_GAP     8.0
#define DOT_RADIUS   3.0

struct _DcPriceChart
{
  GtkWidget  parent_instance;

  GPtrArray *series;       /* DcPriceSeries */
  GArray    *days;         /* guint32: every day that has a point, sorted, unique */
  guint32    first_day;
  guint32    last_day;
  gint64     y_min;
  gint64     y_max;
  gint64     y_step;

  int        hover_index;  /* into days, -1 for none */

  /* the plot area of the last draw, for pointer → day */
  double     plot_x;
  double     plot_width;
};

G_DEFINE_FINAL_TYPE (DcPriceChart, dc_price_chart, GTK_TYPE_WIDGET)

static const GdkRGBA palette[] = {
  { 0.208, 0.518, 0.894, 1.0 }, /* blue   #3584e4 */
  { 0.569, 0.255, 0.675, 1.0 }, /* purple #9141ac */
  { 0.902, 0.380, 0.000, 1.0 }, /* orange #e66100 */
  { 0.180, 0.761, 0.494, 1.0 }, /* green  #2ec27e */
  { 0.878, 0.106, 0.141, 1.0 }, /* red    #e01b24 */
};

static const char *
common_currency (DcPriceChart *self)
{
  const char *currency = NULL;

  for (guint i = 0; self->series && i < self->series->len; i++)
    {
      DcPriceSeries *series = g_ptr_array_index (self->series, i);

      if (currency == NULL)
        currency = series->currency;
      else if (strcmp (currency, series->currency) != 0)
        return NULL;
    }
  return currency;
}

static char *
format_amount (DcPriceChart *self,
               const char   *currency,
               gint64        amount)
{
  DcMoney money = { amount, { 0 } };

  if (currency == NULL)
    return dc_money_format_decimal (amount);
  memcpy (money.currency, currency, 4);
  return dc_money_format (&money);
}

static gint64
nice_step (gint64 range,
           int    ticks)
{
  double raw = MAX (1.0, (double) range / MAX (1, ticks));
  double magnitude = pow (10.0, floor (log10 (raw)));
  double fraction = raw / magnitude;
  double nice;

  if (fraction <= 1.0)
    nice = 1.0;
  else if (fraction <= 2.0)
    nice = 2.0;
  else if (fraction <= 2.5)
    nice = 2.5;
  else if (fraction <= 5.0)
    nice = 5.0;
  else
    nice = 10.0;
  return MAX (1, (gint64) llround (nice * magnitude));
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  guint32 da = *(const guint32 *) a, db = *(const guint32 *) b;

  return da < db ? -1 : da > db;
}

static void
recompute (DcPriceChart *self)
{
  gint64 lo = G_MAXINT64, hi = G_MININT64;
  guint32 prev = 0;
  guint out = 0;

  g_array_set_size (self->days, 0);
  self->first_day = G_MAXUINT32;
  self->last_day = 0;

  for (guint i = 0; self->series && i < self->series->len; i++)
    {
      DcPriceSeries *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->points->len; j++)
        {
          const DcPricePoint *point = &g_array_index (series->points, DcPricePoint, j);

          g_array_append_val (self->days, point->day);
          lo = MIN (lo, point->amount_minor);
          hi = MAX (hi, point->amount_minor);
          self->first_day = MIN (self->first_day, point->day);
          self->last_day = MAX (self->last_day, point->day);
        }
    }

  g_array_sort (self->days, compare_days);
  for (guint i = 0; i < self->days->len; i++)
    {
      guint32 day = g_array_index (self->days, guint32, i);

      if (i == 0 || day != prev)
        g_array_index (self->days, guint32, out++) = day;
      prev = day;
    }
  g_array_set_size (self->days, out);

  if (self->days->len == 0)
    {
      self->y_min = 0;
      self->y_max = 100;
      self->y_step = 25;
      return;
    }

  /* start the axis at zero when that wastes little room, so lines do not exaggerate */
  if (lo < (hi - lo) * 2)
    lo = 0;
  if (hi == lo)
    hi = lo + MAX (100, lo / 5);
  self->y_step = nice_step (hi - lo, 4);
  self->y_min = (lo / self->y_step) * self->y_step;
  self->y_max = ((hi + self->y_step - 1) / self->y_step) * self->y_step;
  if (self->y_max == self->y_min)
    self->y_max = self->y_min + self->y_step;
}

static gboolean
value_on_day (DcPriceSeries *series,
              guint32        day,
              gint64        *out_amount)
{
  gboolean found = FALSE;

  for (guint i = 0; i < series->points->len; i++)
    {
      const DcPricePoint *point = &g_array_index (series->points, DcPricePoint, i);

      if (point->day > day)
        break;
      *out_amount = point->amount_minor;
      found = TRUE;
    }
  return found;
}

static void
update_accessible_description (DcPriceChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *currency = common_currency (self);

  for (guint i = 0; self->series && i < self->series->len; i++)
    {
      DcPriceSeries *series = g_ptr_array_index (self->series, i);
      const DcPricePoint *first, *last;
      g_autofree char *label = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *from_day = NULL;
      g_autofree char *to_day = NULL;

      if (series->points->len == 0)
        continue;
      first = &g_array_index (series->points, DcPricePoint, 0);
      last = &g_array_index (series->points, DcPricePoint, series->points->len - 1);
      label = dc_price_series_dup_label (series);
      from = format_amount (self, currency ? currency : series->currency, first->amount_minor);
      to = format_amount (self, currency ? currency : series->currency, last->amount_minor);
      from_day = dc_price_day_format (first->day, "%x");
      to_day = dc_price_day_format (last->day, "%x");
      if (text->len > 0)
        g_string_append (text, "; ");
      /* Translators: describes one line of the price chart for screen readers:
       * "Foil · USD: $1.00 on 01/03/2026, $2.50 on 19/07/2026" */
      g_string_append_printf (text, _("%s: %s on %s, %s on %s"), label, from, from_day, to,
                              to_day);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->len ? text->str : _("No prices to show"),
                                  -1);
}

static double
day_to_x (DcPriceChart *self,
          guint32       day,
          double        x0,
          double        width)
{
  double span = MAX (1.0, (double) self->last_day - self->first_day);

  if (self->last_day == self->first_day)
    return x0 + width / 2.0;
  return x0 + width * ((double) day - self->first_day) / span;
}

static double
amount_to_y (DcPriceChart *self,
             gint64        amount,
             double        y0,
             double        height)
{
  double span = MAX (1.0, (double) (self->y_max - self->y_min));

  return y0 + height - height * ((double) (amount - self->y_min)) / span;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* The days to label: a round step (1, 2 or 7 days, 2 weeks) that fits about one label per
 * 90 pixels; months (1, 2, 3, 6, 12) for longer spans, on the first of the month. */
static GArray *
tick_days (DcPriceChart *self,
           double        plot_width)
{
  static const guint day_steps[] = { 1, 2, 7, 14 };
  static const guint month_steps[] = { 1, 2, 3, 6, 12 };
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint span = self->last_day - self->first_day;
  guint max_ticks = CLAMP ((guint) (plot_width / 90.0), 2, 12);
  GDate date;

  if (span == 0)
    {
      g_array_append_val (ticks, self->first_day);
      return ticks;
    }

  for (guint i = 0; i < G_N_ELEMENTS (day_steps); i++)
    if (span / day_steps[i] <= max_ticks)
      {
        for (guint32 day = self->first_day; day <= self->last_day; day += day_steps[i])
          g_array_append_val (ticks, day);
        return ticks;
      }

  for (guint i = 0; i < G_N_ELEMENTS (month_steps); i++)
    if (span / (30 * month_steps[i]) <= max_ticks || i == G_N_ELEMENTS (month_steps) - 1)
      {
        g_date_clear (&date, 1);
        g_date_set_julian (&date, self->first_day);
        if (g_date_get_day (&date) != 1)
          {
            g_date_set_day (&date, 1);
            g_date_add_months (&date, 1);
          }
        /* steps of several months start on a round month (January, April…) */
        while ((g_date_get_month (&date) - 1) % month_steps[i] != 0)
          g_date_add_months (&date, 1);
        while (g_date_get_julian (&date) <= self->last_day)
          {
            guint32 day = g_date_get_julian (&date);

            g_array_append_val (ticks, day);
            g_date_add_months (&date, month_steps[i]);
          }
        break;
      }
  return ticks;
}

static void
dc_price_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  DcPriceChart *self = DC_PRICE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const char *currency = common_currency (self);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA fg;
  cairo_t *cr;
  double legend_height = 0, label_width = 0, label_height = 0;
  double x0, y0, plot_w, plot_h, legend_x;
  g_autoptr(GArray) ticks = NULL;
  int text_w, text_h;

  if (width <= 0 || height <= 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  layout = gtk_widget_create_pango_layout (widget, NULL);

  if (self->days->len == 0)
    {
      pango_layout_set_text (layout, _("No prices to show"), -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      set_source (cr, &fg, 0.55);
      cairo_move_to (cr, (width - text_w) / 2.0, (height - text_h) / 2.0);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      return;
    }

  /* y labels decide the left margin */
  for (gint64 v = self->y_min; v <= self->y_max; v += self->y_step)
    {
      g_autofree char *text = format_amount (self, currency, v);

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      label_width = MAX (label_width, text_w);
      label_height = MAX (label_height, text_h);
    }
  legend_height = label_height + LEGEND_GAP;

  x0 = label_width + TICK_GAP * 1.5;
  y0 = PAD_TOP + legend_height;
  plot_w = MAX (10.0, width - x0 - PAD_RIGHT);
  plot_h = MAX (10.0, height - y0 - label_height - TICK_GAP * 1.5);
  self->plot_x = x0;
  self->plot_width = plot_w;

  /* legend */
  legend_x = x0;
  for (guint i = 0; i < self->series->len; i++)
    {
      DcPriceSeries *series = g_ptr_array_index (self->series, i);
      g_autofree char *label = dc_price_series_dup_label (series);

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      set_source (cr, &palette[i % G_N_ELEMENTS (palette)], 1.0);
      cairo_rectangle (cr, legend_x, PAD_TOP + (text_h - 10) / 2.0, 10, 10);
      cairo_fill (cr);
      set_source (cr, &fg, 0.8);
      cairo_move_to (cr, legend_x + 16, PAD_TOP);
      pango_cairo_show_layout (cr, layout);
      legend_x += 16 + text_w + 20;
    }

  /* horizontal grid and y labels */
  cairo_set_line_width (cr, 1.0);
  for (gint64 v = self->y_min; v <= self->y_max; v += self->y_step)
    {
      g_autofree char *text = format_amount (self, currency, v);
      double y = round (amount_to_y (self, v, y0, plot_h)) + 0.5;

      set_source (cr, &fg, v == self->y_min ? 0.35 : 0.12);
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x0 + plot_w, y);
      cairo_stroke (cr);

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      set_source (cr, &fg, 0.6);
      cairo_move_to (cr, x0 - TICK_GAP - text_w, y - text_h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  /* date labels at round steps: days, weeks, or the first of months */
  ticks = tick_days (self, plot_w);
  for (guint t = 0; t < ticks->len; t++)
    {
      guint32 day = g_array_index (ticks, guint32, t);
      const char *format = self->last_day - self->first_day > 200 ? "%b %Y" : "%e %b";
      g_autofree char *text = dc_price_day_format (day, format);
      double x = day_to_x (self, day, x0, plot_w);
      double tx;

      pango_layout_set_text (layout, g_strstrip (text), -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      tx = CLAMP (x - text_w / 2.0, x0 - TICK_GAP, width - text_w - 2.0);
      set_source (cr, &fg, 0.6);
      cairo_move_to (cr, tx, y0 + plot_h + TICK_GAP);
      pango_cairo_show_layout (cr, layout);

      set_source (cr, &fg, 0.35);
      cairo_move_to (cr, round (x) + 0.5, y0 + plot_h);
      cairo_line_to (cr, round (x) + 0.5, y0 + plot_h + 4);
      cairo_stroke (cr);
    }

  /* the lines */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < self->series->len; i++)
    {
      DcPriceSeries *series = g_ptr_array_index (self->series, i);
      const GdkRGBA *color = &palette[i % G_N_ELEMENTS (palette)];

      cairo_set_line_width (cr, 2.0);
      set_source (cr, color, 1.0);
      for (guint j = 0; j < series->points->len; j++)
        {
          const DcPricePoint *point = &g_array_index (series->points, DcPricePoint, j);
          double x = day_to_x (self, point->day, x0, plot_w);
          double y = amount_to_y (self, point->amount_minor, y0, plot_h);

          if (j == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);

      /* sparse series: show where the real points are */
      if (series->points->len <= 40)
        for (guint j = 0; j < series->points->len; j++)
          {
            const DcPricePoint *point = &g_array_index (series->points, DcPricePoint, j);

            cairo_arc (cr, day_to_x (self, point->day, x0, plot_w),
                       amount_to_y (self, point->amount_minor, y0, plot_h),
                       DOT_RADIUS, 0, 2 * G_PI);
            cairo_fill (cr);
          }
    }

  /* hover */
  if (self->hover_index >= 0 && (guint) self->hover_index < self->days->len)
    {
      guint32 day = g_array_index (self->days, guint32, self->hover_index);
      double x = round (day_to_x (self, day, x0, plot_w)) + 0.5;
      g_autofree char *text = dc_price_chart_dup_hover_text (self);
      double box_x, box_y, box_w, box_h;

      set_source (cr, &fg, 0.45);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y0 + plot_h);
      cairo_stroke (cr);

      for (guint i = 0; i < self->series->len; i++)
        {
          DcPriceSeries *series = g_ptr_array_index (self->series, i);
          gint64 amount;

          if (!value_on_day (series, day, &amount))
            continue;
          cairo_arc (cr, x, amount_to_y (self, amount, y0, plot_h), DOT_RADIUS + 2, 0, 2 * G_PI);
          set_source (cr, &palette[i % G_N_ELEMENTS (palette)], 1.0);
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      box_w = text_w + 16;
      box_h = text_h + 10;
      box_x = x + 10;
      if (box_x + box_w > width)
        box_x = x - 10 - box_w;
      box_x = MAX (0, box_x);
      box_y = y0 + 4;
      cairo_new_sub_path (cr);
      cairo_arc (cr, box_x + box_w - 6, box_y + 6, 6, -G_PI / 2, 0);
      cairo_arc (cr, box_x + box_w - 6, box_y + box_h - 6, 6, 0, G_PI / 2);
      cairo_arc (cr, box_x + 6, box_y + box_h - 6, 6, G_PI / 2, G_PI);
      cairo_arc (cr, box_x + 6, box_y + 6, 6, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, 0.12, 0.12, 0.14, 0.92);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 1);
      cairo_move_to (cr, box_x + 8, box_y + 5);
      pango_cairo_show_layout (cr, layout);
    }

  cairo_destroy (cr);
}

static void
dc_price_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
    }
  else
    {
      *minimum = 180;
      *natural = 260;
    }
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           DcPriceChart             *self)
{
  dc_price_chart_hover_at (self, x);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          DcPriceChart             *self)
{
  dc_price_chart_clear_hover (self);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DcPriceChart          *self)
{
  int last = (int) self->days->len - 1;

  if (last < 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      self->hover_index = self->hover_index < 0 ? last : MAX (0, self->hover_index - 1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      self->hover_index = self->hover_index < 0 ? 0 : MIN (last, self->hover_index + 1);
      break;
    case GDK_KEY_Home:
      self->hover_index = 0;
      break;
    case GDK_KEY_End:
      self->hover_index = last;
      break;
    default:
      return FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
dc_price_chart_finalize (GObject *object)
{
  DcPriceChart *self = (DcPriceChart *) object;

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_array_unref);

  G_OBJECT_CLASS (dc_price_chart_parent_class)->finalize (object);
}

static void
dc_price_chart_class_init (DcPriceChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dc_price_chart_finalize;
  widget_class->snapshot = dc_price_chart_snapshot;
  widget_class->measure = dc_price_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "pricechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dc_price_chart_init (DcPriceChart *self)
{
  GtkEventController *controller;

  self->days = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->hover_index = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Price history chart"),
                                  -1);
  update_accessible_description (self);
}

GtkWidget *
dc_price_chart_new (void)
{
  return g_object_new (DC_TYPE_PRICE_CHART, NULL);
}

/**
 * dc_price_chart_set_series:
 * @self: a chart
 * @series: (nullable) (element-type DcPriceSeries): the lines to draw
 */
void
dc_price_chart_set_series (DcPriceChart *self,
                           GPtrArray    *series)
{
  g_return_if_fail (DC_IS_PRICE_CHART (self));

  if (series != NULL)
    g_ptr_array_ref (series);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  self->series = series;
  self->hover_index = -1;
  recompute (self);
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * dc_price_chart_get_series:
 *
 * Returns: (transfer none) (nullable) (element-type DcPriceSeries): the lines drawn
 */
GPtrArray *
dc_price_chart_get_series (DcPriceChart *self)
{
  g_return_val_if_fail (DC_IS_PRICE_CHART (self), NULL);
  return self->series;
}

/**
 * dc_price_chart_hover_at:
 * @self: a chart
 * @x: a widget x coordinate
 *
 * Points the hover at the day with a price nearest to @x.
 *
 * Returns: whether a day is hovered
 */
gboolean
dc_price_chart_hover_at (DcPriceChart *self,
                         double        x)
{
  double best = G_MAXDOUBLE;
  double plot_x = self->plot_x, plot_w = self->plot_width;
  int index = -1;

  g_return_val_if_fail (DC_IS_PRICE_CHART (self), FALSE);

  if (plot_w <= 0)
    {
      /* not drawn yet: assume the whole width */
      plot_x = 0;
      plot_w = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
    }

  for (guint i = 0; i < self->days->len; i++)
    {
      guint32 day = g_array_index (self->days, guint32, i);
      double dx = fabs (day_to_x (self, day, plot_x, plot_w) - x);

      if (dx < best)
        {
          best = dx;
          index = (int) i;
        }
    }

  if (index != self->hover_index)
    {
      self->hover_index = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return index >= 0;
}

void
dc_price_chart_clear_hover (DcPriceChart *self)
{
  g_return_if_fail (DC_IS_PRICE_CHART (self));

  if (self->hover_index < 0)
    return;
  self->hover_index = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * dc_price_chart_dup_hover_text:
 *
 * Returns: (transfer full) (nullable): the hover box's text: the day, then each series'
 *   price on it, one per line; %NULL when nothing is hovered
 */
char *
dc_price_chart_dup_hover_text (DcPriceChart *self)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *date = NULL;
  guint32 day;

  g_return_val_if_fail (DC_IS_PRICE_CHART (self), NULL);

  if (self->hover_index < 0 || (guint) self->hover_index >= self->days->len)
    return NULL;

  day = g_array_index (self->days, guint32, self->hover_index);
  date = dc_price_day_format (day, "%x");
  text = g_string_new (date);
  for (guint i = 0; i < self->series->len; i++)
    {
      DcPriceSeries *series = g_ptr_array_index (self->series, i);
      g_autofree char *label = NULL;
      g_autofree char *amount_text = NULL;
      gint64 amount;

      if (!value_on_day (series, day, &amount))
        continue;
      label = dc_price_series_dup_label (series);
      amount_text = format_amount (self, series->currency, amount);
      g_string_append_printf (text, "\n%s: %s", label, amount_text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
