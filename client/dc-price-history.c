/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-price-history"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dc-card-item.h"
#include "dc-money.h"
#include "dc-price-history.h"

G_DEFINE_BOXED_TYPE (DcPriceSeries, dc_price_series, dc_price_series_ref, dc_price_series_unref)

DcPriceSeries *
dc_price_series_new (DcFinish    finish,
                     const char *currency)
{
  DcPriceSeries *series = g_new0 (DcPriceSeries, 1);

  g_return_val_if_fail (currency != NULL && strlen (currency) == 3, NULL);

  g_atomic_ref_count_init (&series->ref_count);
  series->finish = finish;
  memcpy (series->currency, currency, 4);
  series->points = g_array_new (FALSE, FALSE, sizeof (DcPricePoint));
  return series;
}

DcPriceSeries *
dc_price_series_ref (DcPriceSeries *series)
{
  g_return_val_if_fail (series != NULL, NULL);

  g_atomic_ref_count_inc (&series->ref_count);
  return series;
}

void
dc_price_series_unref (DcPriceSeries *series)
{
  g_return_if_fail (series != NULL);

  if (g_atomic_ref_count_dec (&series->ref_count))
    {
      g_array_unref (series->points);
      g_free (series);
    }
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const DcPricePoint *pa = a, *pb = b;

  return pa->day < pb->day ? -1 : pa->day > pb->day;
}

/**
 * dc_price_series_add:
 *
 * Adds a point, keeping the series sorted; a second amount for the same day replaces
 * the first.
 */
void
dc_price_series_add (DcPriceSeries *series,
                     guint32        day,
                     gint64         amount_minor)
{
  DcPricePoint point = { day, amount_minor };
  guint len = series->points->len;

  if (len > 0)
    {
      DcPricePoint *last = &g_array_index (series->points, DcPricePoint, len - 1);

      if (last->day == day)
        {
          last->amount_minor = amount_minor;
          return;
        }
      if (last->day > day)
        {
          for (guint i = 0; i < len; i++)
            if (g_array_index (series->points, DcPricePoint, i).day == day)
              {
                g_array_index (series->points, DcPricePoint, i).amount_minor = amount_minor;
                return;
              }
          g_array_append_val (series->points, point);
          g_array_sort (series->points, compare_points);
          return;
        }
    }
  g_array_append_val (series->points, point);
}

/**
 * dc_price_series_dup_label:
 *
 * Returns: (transfer full): "Foil · USD"
 */
char *
dc_price_series_dup_label (const DcPriceSeries *series)
{
  /* Translators: a price series in a chart legend: a finish and a currency, "Foil · USD" */
  return g_strdup_printf (_("%s · %s"), dc_finish_get_label (series->finish), series->currency);
}

gboolean
dc_price_day_parse (const char *text,
                    guint32    *out_day)
{
  int year, month, day;
  char tail;
  GDate date;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) < 3)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  *out_day = g_date_get_julian (&date);
  return TRUE;
}

/**
 * dc_price_day_format:
 * @day: a Julian day
 * @format: a g_date_time_format() format
 *
 * Returns: (transfer full): the day, formatted in the user's locale
 */
char *
dc_price_day_format (guint32     day,
                     const char *format)
{
  g_autoptr(GDateTime) time = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  time = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 0, 0, 0);
  return g_date_time_format (time, format);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
amount_member (JsonObject *object,
               gint64     *out_minor)
{
  JsonNode *node = json_object_get_member (object, "amount_minor");
  const char *amount;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out_minor = json_node_get_int (node);
      return TRUE;
    }
  amount = string_member (object, "amount");
  return amount != NULL && dc_money_parse_decimal (amount, out_minor, NULL);
}

static DcPriceSeries *
series_for (GPtrArray  *all,
            DcFinish    finish,
            const char *currency)
{
  DcPriceSeries *series;

  for (guint i = 0; i < all->len; i++)
    {
      series = g_ptr_array_index (all, i);
      if (series->finish == finish && strcmp (series->currency, currency) == 0)
        return series;
    }
  series = dc_price_series_new (finish, currency);
  g_ptr_array_add (all, series);
  return series;
}

static void
add_point (GPtrArray  *all,
           JsonObject *point,
           const char *finish_text,
           const char *currency)
{
  DcFinish finish = dc_finish_from_string (finish_text);
  const char *day_text = string_member (point, "day");
  gint64 amount;
  guint32 day;

  if (day_text == NULL)
    day_text = string_member (point, "date");
  if (finish == DC_FINISH_UNKNOWN || currency == NULL || strlen (currency) != 3 ||
      !dc_price_day_parse (day_text, &day) || !amount_member (point, &amount) || amount < 0)
    return;
  dc_price_series_add (series_for (all, finish, currency), day, amount);
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * dc_currency_rank:
 *
 * The order currencies are shown in: dollars, euros, other money, then MTGO tickets.
 */
int
dc_currency_rank (const char *currency)
{
  if (g_strcmp0 (currency, "USD") == 0)
    return 0;
  if (g_strcmp0 (currency, "EUR") == 0)
    return 1;
  if (g_strcmp0 (currency, "TIX") == 0)
    return 3;
  return 2;
}

static int
compare_series (gconstpointer a,
                gconstpointer b)
{
  const DcPriceSeries *sa = *(DcPriceSeries * const *) a;
  const DcPriceSeries *sb = *(DcPriceSeries * const *) b;
  int c = dc_currency_rank (sa->currency) - dc_currency_rank (sb->currency);

  if (c == 0)
    c = strcmp (sa->currency, sb->currency);
  return c != 0 ? c : (int) sa->finish - (int) sb->finish;
}

/**
 * dc_price_history_parse:
 * @root: the answer of GET /api/cards/{id}/history
 * @error: return location for an error
 *
 * Reads daily price points per finish and currency. Accepts the points grouped
 * (`{"series":[{finish, currency, source, points:[{day, amount_minor}]}]}`) or flat, one
 * object per point in the card object's price shape
 * (`{"history"|"prices"|"points":[{finish, currency, source, day, amount_minor, amount}]}`
 * or a bare array of them).
 *
 * Returns: (transfer full) (element-type DcPriceSeries): the series, by currency (see
 *   dc_currency_rank()) then finish; empty when the card has no history
 */
GPtrArray *
dc_price_history_parse (JsonNode  *root,
                        GError   **error)
{
  g_autoptr(GPtrArray) all = NULL;
  JsonArray *flat = NULL;
  JsonArray *grouped = NULL;

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_price_series_unref);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    flat = json_node_get_array (root);
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      grouped = array_member (object, "series");
      if (grouped == NULL && (flat = array_member (object, "history")) == NULL &&
          (flat = array_member (object, "prices")) == NULL)
        flat = array_member (object, "points");
    }

  if (flat == NULL && grouped == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The server sent a price history this version cannot read"));
      return NULL;
    }

  for (guint i = 0; flat != NULL && i < json_array_get_length (flat); i++)
    {
      JsonNode *node = json_array_get_element (flat, i);
      JsonObject *point;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      point = json_node_get_object (node);
      add_point (all, point, string_member (point, "finish"), string_member (point, "currency"));
    }

  for (guint i = 0; grouped != NULL && i < json_array_get_length (grouped); i++)
    {
      JsonNode *node = json_array_get_element (grouped, i);
      JsonObject *group;
      JsonArray *points;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      group = json_node_get_object (node);
      points = array_member (group, "points");
      for (guint j = 0; points != NULL && j < json_array_get_length (points); j++)
        {
          JsonNode *point = json_array_get_element (points, j);

          if (JSON_NODE_HOLDS_OBJECT (point))
            add_point (all, json_node_get_object (point), string_member (group, "finish"),
                       string_member (group, "currency"));
        }
    }

  g_ptr_array_sort (all, compare_series);
  return g_steal_pointer (&all);
}
