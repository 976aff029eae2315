/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-alert-service"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dc-alert-service.h"
#include "dc-commands.h"
#include "dc-money.h"
#include "dc-notification-prefs.h"
#include "dc-notification-service.h"

/* Spikes are compared against a day at most this old (UTC), so a want added today does not
 * hear about last month's jump. */
#define SPIKE_MAX_AGE_DAYS 2

typedef struct
{
  char   *want_id;
  gint64  user_id;
  char   *card_id;    /* the want's printing, or NULL … */
  char   *oracle_id;  /* … any printing of this card */
  char   *finish;     /* any | nonfoil | foil | etched */
  char   *language;
  gboolean has_target;
  gint64  target;
  gboolean has_state;
  gboolean below;
} Want;

typedef struct
{
  char   *scryfall_id;
  char   *oracle_id;
  char   *name;
  char   *set_code;
  char   *number;
  char   *finish;
  gint64  amount;
  char   *day;
} Price;

static void
want_free (Want *want)
{
  g_free (want->want_id);
  g_free (want->card_id);
  g_free (want->oracle_id);
  g_free (want->finish);
  g_free (want->language);
  g_free (want);
}

static void
price_clear (Price *price)
{
  g_clear_pointer (&price->scryfall_id, g_free);
  g_clear_pointer (&price->oracle_id, g_free);
  g_clear_pointer (&price->name, g_free);
  g_clear_pointer (&price->set_code, g_free);
  g_clear_pointer (&price->number, g_free);
  g_clear_pointer (&price->finish, g_free);
  g_clear_pointer (&price->day, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Price, price_clear)

static GPtrArray *
load_wants (DcStore  *store,
            GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GPtrArray) wants = g_ptr_array_new_with_free_func ((GDestroyNotify) want_free);
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT w.id, w.user_id, w.card_id, w.oracle_id, w.finish, w.language,"
                           " w.target_price, s.below FROM want_items w"
                           " JOIN users u ON u.id = w.user_id AND u.is_active = 1"
                           " LEFT JOIN alert_state s ON s.want_id = w.id"
                           " WHERE w.deleted = 0 AND w.is_active = 1 AND w.alert_enabled = 1"
                           " ORDER BY w.user_id, w.created_at", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Want *want = g_new0 (Want, 1);

      want->want_id = g_strdup (dc_stmt_column_text (stmt, 0));
      want->user_id = sqlite3_column_int64 (stmt, 1);
      want->card_id = g_strdup (dc_stmt_column_text (stmt, 2));
      want->oracle_id = g_strdup (dc_stmt_column_text (stmt, 3));
      want->finish = g_strdup (dc_stmt_column_text (stmt, 4));
      want->language = g_strdup (dc_stmt_column_text (stmt, 5));
      want->has_target = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
      want->target = sqlite3_column_int64 (stmt, 6);
      want->has_state = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      want->below = sqlite3_column_int (stmt, 7);
      g_ptr_array_add (wants, want);
    }
  if (rc != SQLITE_DONE)
    {
      dc_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&wants);
}

static void
read_price (sqlite3_stmt *stmt,
            Price        *price)
{
  price->scryfall_id = g_strdup (dc_stmt_column_text (stmt, 0));
  price->oracle_id = g_strdup (dc_stmt_column_text (stmt, 1));
  price->name = g_strdup (dc_stmt_column_text (stmt, 2));
  price->set_code = g_ascii_strup (dc_stmt_column_text (stmt, 3), -1);
  price->number = g_strdup (dc_stmt_column_text (stmt, 4));
  price->finish = g_strdup (dc_stmt_column_text (stmt, 5));
  price->amount = sqlite3_column_int64 (stmt, 6);
  price->day = g_strdup (dc_stmt_column_text (stmt, 7));
}

#define PRICE_COLUMNS "c.scryfall_id, c.oracle_id, c.name, c.set_code, c.collector_number," \
                      " cp.finish, cp.amount, cp.day"

/* The want's current price: the cheapest USD TCGplayer series among the printings and
 * finishes it accepts. FALSE in @out_found when none has a price. */
static gboolean
current_price (DcStore   *store,
               Want      *want,
               Price     *price,
               gboolean  *out_found,
               GError   **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  if (want->card_id != NULL)
    {
      stmt = dc_store_prepare (store,
                               "SELECT " PRICE_COLUMNS " FROM cards c"
                               " JOIN current_prices cp ON cp.card = c.id AND cp.currency = 'USD'"
                               " AND cp.source = 'tcgplayer'"
                               " WHERE c.scryfall_id = ?1 AND (?2 = 'any' OR cp.finish = ?2)"
                               " ORDER BY cp.amount, cp.finish LIMIT 1", error);
      if (stmt == NULL)
        return FALSE;
      dc_stmt_bind_text (stmt, 1, want->card_id);
    }
  else
    {
      stmt = dc_store_prepare (store,
                               "SELECT " PRICE_COLUMNS " FROM cards c"
                               " JOIN current_prices cp ON cp.card = c.id AND cp.currency = 'USD'"
                               " AND cp.source = 'tcgplayer'"
                               " WHERE c.oracle_id = ?1 AND (?2 = 'any' OR cp.finish = ?2)"
                               " AND (?3 = 'any' OR c.lang = ?3)"
                               " ORDER BY cp.amount, c.released_at DESC, c.scryfall_id LIMIT 1",
                               error);
      if (stmt == NULL)
        return FALSE;
      dc_stmt_bind_text (stmt, 1, want->oracle_id);
      dc_stmt_bind_text (stmt, 3, want->language ? want->language : "any");
    }
  dc_stmt_bind_text (stmt, 2, want->finish);
  rc = sqlite3_step (stmt);
  *out_found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    read_price (stmt, price);
  else if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  return TRUE;
}

static gboolean
save_state (DcStore     *store,
            Want        *want,
            gboolean     below,
            Price       *price,
            GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "INSERT INTO alert_state (want_id, below, price, target, day,"
                           " changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                           " ON CONFLICT (want_id) DO UPDATE SET below = excluded.below, price = excluded.price,"
                           " target = excluded.target, day = excluded.day,"
                           " changed_at = excluded.changed_at", error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, want->want_id);
  sqlite3_bind_int (stmt, 2, below);
  sqlite3_bind_int64 (stmt, 3, price->amount);
  sqlite3_bind_int64 (stmt, 4, want->target);
  dc_stmt_bind_text (stmt, 5, price->day);
  sqlite3_bind_int64 (stmt, 6, dc_now_ms ());
  return dc_store_step_done (store, stmt, error);
}

static void
set_money (JsonObject *data,
           const char *name,
           gint64      minor)
{
  g_autofree char *text = dc_money_format_decimal (minor);

  json_object_set_string_member (data, name, text);
}

static void
describe_card (JsonObject  *data,
               const Price *price)
{
  json_object_set_string_member (data, "card_id", price->scryfall_id);
  json_object_set_string_member (data, "card_name", price->name);
  json_object_set_string_member (data, "set", price->set_code);
  json_object_set_string_member (data, "collector_number", price->number);
  json_object_set_string_member (data, "finish", price->finish);
  json_object_set_string_member (data, "currency", "USD");
  json_object_set_string_member (data, "day", price->day);
}

static gboolean
fire_price_alert (DcStore   *store,
                  Want      *want,
                  Price     *price,
                  GError   **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(DcNotification) notification = NULL;
  g_autofree char *amount = dc_money_format_decimal (price->amount);
  g_autofree char *target = dc_money_format_decimal (want->target);
  g_autofree char *title = g_strdup_printf ("%s is at your target price", price->name);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("%s%s (%s %s, %s) is $%s on TCGplayer, at or under your target of "
                          "$%s.", want->oracle_id ? "The cheapest printing of " : "", price->name,
                          price->set_code, price->number, price->finish, amount, target);
  json_object_set_string_member (data, "want_id", want->want_id);
  if (want->oracle_id != NULL)
    json_object_set_string_member (data, "oracle_id", want->oracle_id);
  describe_card (data, price);
  set_money (data, "price", price->amount);
  set_money (data, "target_price", want->target);

  notification = dc_notification_create (store, want->user_id, DC_NOTIFICATION_PRICE_ALERT,
                                         title, body, data, FALSE, error);
  return notification != NULL;
}

/* The want's side of its target; a crossing to "at or under" fires. No price: nothing
 * changes. */
static gboolean
check_target (DcStore       *store,
              Want          *want,
              Price         *price,
              DcAlertStats  *stats,
              GError       **error)
{
  gboolean below = price->amount <= want->target;

  if (below && !(want->has_state && want->below))
    {
      if (!fire_price_alert (store, want, price, error))
        return FALSE;
      stats->price_alerts++;
    }
  return save_state (store, want, below, price, error);
}

/* --- spikes --------------------------------------------------------------------------- */

typedef struct
{
  DcStore      *store;
  GHashTable   *thresholds; /* user id → threshold percent (cached prefs) */
  DcAlertStats *stats;
  char         *oldest_day;
} SpikeRun;

static gboolean
threshold_of (SpikeRun  *run,
              gint64     user_id,
              int       *out_threshold,
              GError   **error)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (run->thresholds, &user_id, NULL, &value))
    {
      g_auto(DcNotificationPrefs) prefs = { 0 };
      gint64 *key = g_new (gint64, 1);

      if (!dc_notification_prefs_load (run->store, user_id, &prefs, error))
        {
          g_free (key);
          return FALSE;
        }
      *key = user_id;
      value = GINT_TO_POINTER (MAX (prefs.price_spike_threshold, 1));
      g_hash_table_insert (run->thresholds, key, value);
    }
  *out_threshold = GPOINTER_TO_INT (value);
  return TRUE;
}

/* Remembers the spike; FALSE in @out_new when this user was already told about it. */
static gboolean
claim_spike (SpikeRun    *run,
             gint64       user_id,
             const Price *price,
             gboolean    *out_new,
             GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autofree char *subject = g_strdup_printf ("card:%s:%s", price->scryfall_id, price->finish);

  stmt = dc_store_prepare (run->store,
                           "INSERT OR IGNORE INTO spike_state (user_id, subject, day, created_at)"
                           " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  dc_stmt_bind_text (stmt, 2, subject);
  dc_stmt_bind_text (stmt, 3, price->day);
  sqlite3_bind_int64 (stmt, 4, dc_now_ms ());
  if (!dc_store_step_done (run->store, stmt, error))
    return FALSE;
  *out_new = dc_store_changes_count (run->store) == 1;
  return TRUE;
}

static gboolean
maybe_spike (SpikeRun     *run,
             gint64        user_id,
             const char   *want_id,
             const Price  *price,
             gint64        previous,
             GError      **error)
{
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(DcNotification) notification = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  gint64 percent;
  int threshold;
  gboolean is_new;

  if (previous <= 0 || price->amount <= previous || strcmp (price->day, run->oldest_day) < 0)
    return TRUE;
  if (!threshold_of (run, user_id, &threshold, error))
    return FALSE;
  /* Whole percent, exact: (now − before) × 100 ≥ threshold × before. */
  if ((price->amount - previous) * 100 < (gint64) threshold * previous)
    return TRUE;
  if (!claim_spike (run, user_id, price, &is_new, error))
    return FALSE;
  if (!is_new)
    return TRUE;

  percent = (price->amount - previous) * 100 / previous;
  from = dc_money_format_decimal (previous);
  to = dc_money_format_decimal (price->amount);
  title = g_strdup_printf ("%s is up %" G_GINT64_FORMAT "%% since yesterday", price->name,
                           percent);
  body = g_strdup_printf ("%s (%s %s, %s) went from $%s to $%s on TCGplayer (%s). %s",
                          price->name, price->set_code, price->number, price->finish, from, to,
                          price->day, want_id ? "It is on your want list."
                                              : "You have it in your collection.");
  data = json_object_new ();
  if (want_id != NULL)
    json_object_set_string_member (data, "want_id", want_id);
  describe_card (data, price);
  set_money (data, "price", price->amount);
  set_money (data, "previous_price", previous);
  json_object_set_int_member (data, "change_percent", percent);

  notification = dc_notification_create (run->store, user_id, DC_NOTIFICATION_PRICE_SPIKE,
                                         title, body, data, FALSE, error);
  if (notification == NULL)
    return FALSE;
  run->stats->spikes++;
  return TRUE;
}

/* The price of the series the day before @price's day; 0 when there is none. */
static gboolean
previous_day_price (DcStore      *store,
                    const Price  *price,
                    gint64       *out_amount,
                    GError      **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT p.amount FROM cards c JOIN prices p ON p.card = c.id"
                           " WHERE c.scryfall_id = ? AND p.finish = ? AND p.currency = 'USD'"
                           " AND p.source = 'tcgplayer' AND p.day = date(?, '-1 day')", error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, price->scryfall_id);
  dc_stmt_bind_text (stmt, 2, price->finish);
  dc_stmt_bind_text (stmt, 3, price->day);
  rc = sqlite3_step (stmt);
  *out_amount = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  return TRUE;
}

typedef struct
{
  gint64  user_id;
  char   *want_id;
} Holder;

static void
holder_clear (gpointer data)
{
  g_free (((Holder *) data)->want_id);
}

/* The users holding or wanting @price's printing in its finish (indexes on card_id). Wants
 * come first, so a user who both wants and owns it hears "on your want list". */
static gboolean
load_holders (DcStore      *store,
              const Price  *price,
              GArray       *holders,
              GError      **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT w.user_id, w.id FROM want_items w"
                           " JOIN users u ON u.id = w.user_id AND u.is_active = 1"
                           " WHERE w.card_id = ?1 AND w.deleted = 0 AND w.is_active = 1"
                           " AND w.alert_enabled = 1 AND (w.finish = 'any' OR w.finish = ?2)"
                           " UNION ALL "
                           "SELECT i.user_id, NULL FROM inventory_items i"
                           " JOIN users u ON u.id = i.user_id AND u.is_active = 1"
                           " WHERE i.card_id = ?1 AND i.deleted = 0 AND i.finish = ?2", error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, price->scryfall_id);
  dc_stmt_bind_text (stmt, 2, price->finish);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Holder holder = { sqlite3_column_int64 (stmt, 0),
                        g_strdup (dc_stmt_column_text (stmt, 1)) };

      g_array_append_val (holders, holder);
    }
  if (rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  return TRUE;
}

/* Every series that rose since the previous day, then the users it concerns. */
static gboolean
check_printing_spikes (SpikeRun  *run,
                       GError   **error)
{
  g_autoptr(GArray) rising = g_array_new (FALSE, TRUE, sizeof (Price));
  g_autoptr(GArray) previous = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_array_set_clear_func (rising, (GDestroyNotify) price_clear);
  {
    g_autoptr(DcStmtReset) stmt = NULL;

    stmt = dc_store_prepare (run->store,
                             "SELECT " PRICE_COLUMNS ", p.amount FROM current_prices cp"
                             " JOIN prices p ON p.card = cp.card AND p.finish = cp.finish"
                             " AND p.currency = cp.currency AND p.source = cp.source"
                             " AND p.day = date(cp.day, '-1 day')"
                             " JOIN cards c ON c.id = cp.card"
                             " WHERE cp.currency = 'USD' AND cp.source = 'tcgplayer'"
                             " AND cp.day >= ? AND p.amount > 0 AND cp.amount > p.amount", error);
    if (stmt == NULL)
      return FALSE;
    dc_stmt_bind_text (stmt, 1, run->oldest_day);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        Price price = { 0 };
        gint64 before = sqlite3_column_int64 (stmt, 8);

        read_price (stmt, &price);
        g_array_append_val (rising, price);
        g_array_append_val (previous, before);
      }
    if (rc != SQLITE_DONE)
      return dc_store_set_error (run->store, rc, error);
  }

  for (guint i = 0; i < rising->len; i++)
    {
      Price *price = &g_array_index (rising, Price, i);
      g_autoptr(GArray) holders = g_array_new (FALSE, TRUE, sizeof (Holder));

      g_array_set_clear_func (holders, holder_clear);
      if (!load_holders (run->store, price, holders, error))
        return FALSE;
      for (guint j = 0; j < holders->len; j++)
        {
          Holder *holder = &g_array_index (holders, Holder, j);

          if (!maybe_spike (run, holder->user_id, holder->want_id, price,
                            g_array_index (previous, gint64, i), error))
            return FALSE;
        }
    }
  return TRUE;
}

static char *
oldest_spike_day (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -SPIKE_MAX_AGE_DAYS);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gboolean
check_locked (DcStore       *store,
              DcAlertStats  *stats,
              GError       **error)
{
  g_autoptr(GPtrArray) wants = load_wants (store, error);
  g_autoptr(GHashTable) thresholds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            NULL);
  g_autofree char *oldest = oldest_spike_day ();
  SpikeRun run = { store, thresholds, stats, oldest };

  if (wants == NULL)
    return FALSE;
  for (guint i = 0; i < wants->len; i++)
    {
      Want *want = g_ptr_array_index (wants, i);
      g_auto(Price) price = { 0 };
      gboolean found;

      stats->wants_checked++;
      if (!current_price (store, want, &price, &found, error))
        return FALSE;
      if (!found)
        continue;
      if (want->has_target && !check_target (store, want, &price, stats, error))
        return FALSE;
      /* A printing's spikes are found by series below; an any-printing want follows its
       * cheapest printing. */
      if (want->oracle_id != NULL)
        {
          gint64 before;

          if (!previous_day_price (store, &price, &before, error) ||
              !maybe_spike (&run, want->user_id, want->want_id, &price, before, error))
            return FALSE;
        }
    }
  return check_printing_spikes (&run, error);
}

gboolean
dc_alert_check (DcStore       *store,
                DcAlertStats  *stats,
                GError       **error)
{
  DcAlertStats local = { 0 };

  g_return_val_if_fail (store != NULL, FALSE);

  if (stats == NULL)
    stats = &local;
  memset (stats, 0, sizeof *stats);
  if (!dc_store_begin (store, error))
    return FALSE;
  if (!check_locked (store, stats, error))
    {
      dc_store_rollback (store);
      g_prefix_error (error, "Checking price alerts: ");
      return FALSE;
    }
  return dc_store_commit (store, error);
}

void
dc_alert_check_after_import (DcStore *store)
{
  g_autoptr(GError) error = NULL;
  DcAlertStats stats;

  if (!dc_alert_check (store, &stats, &error))
    {
      g_printerr ("dualcaster-server: the prices are imported, but %s\n", error->message);
      return;
    }
  printf ("alerts: %u wants checked, %u price alerts, %u price spikes\n", stats.wants_checked,
          stats.price_alerts, stats.spikes);
}

int
dc_alert_cmd_check (DcConfig  *config,
                    int        argc,
                    char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = NULL;
  DcAlertStats stats;

  if (argc > 0)
    {
      g_printerr ("Usage: dualcaster-server check-alerts\n");
      return 2;
    }
  store = dc_cli_open_store (config, &error);
  if (store == NULL || !dc_alert_check (store, &stats, &error))
    {
      g_printerr ("dualcaster-server: %s\n", error->message);
      return 1;
    }
  printf ("alerts: %u wants checked, %u price alerts, %u price spikes\n", stats.wants_checked,
          stats.price_alerts, stats.spikes);
  return 0;
}
