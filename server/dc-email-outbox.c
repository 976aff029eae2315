/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-email-outbox"

#include "config.h"

#include <string.h>

#include "dc-email-outbox.h"
#include "dc-email.h"
#include "dc-notification-prefs.h"

#define BATCH_SIZE 20
#define MAX_BATCHES_PER_PASS 50
/* How long a message may stay in `sending` before another pass takes it as interrupted. */
#define SENDING_LEASE_MS (10 * 60 * 1000)
/* After a database hiccup, look at the row again this much later. */
#define ERROR_BACKOFF_MS (60 * 1000)

struct _DcEmailOutbox
{
  GThread       *thread;
  GMutex         mutex;
  GCond          cond;
  gboolean       stop;
  gboolean       woken;
  GCancellable  *cancellable;
  char          *db_path;
  DcEmailSender *sender;
  GArray        *retry_delays; /* gint64 seconds */
  gint64         poll_ms;
};

typedef struct
{
  gint64  id;
  gint64  user_id;
  char   *kind;
  char   *to;
  char   *subject;
  char   *text;
  char   *html;
  int     attempts;
} Row;

static void
row_free (Row *row)
{
  g_free (row->kind);
  g_free (row->to);
  g_free (row->subject);
  g_free (row->text);
  g_free (row->html);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Row, row_free)

GArray *
dc_email_parse_retry_delays (const char *text)
{
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return g_steal_pointer (&delays); /* no retries at all */
  parts = g_strsplit (copy, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 seconds;
      gint64 value;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, 7 * 24 * 3600, &seconds,
                                       NULL))
        return NULL;
      value = (gint64) seconds;
      g_array_append_val (delays, value);
    }
  return g_steal_pointer (&delays);
}

gboolean
dc_email_outbox_enqueue (DcStore     *store,
                         gint64       user_id,
                         const char  *notification_id,
                         const char  *kind,
                         const char  *to_address,
                         const char  *subject,
                         const char  *text,
                         const char  *html,
                         GError     **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  gint64 now = dc_now_ms ();

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (kind != NULL && to_address != NULL && subject != NULL, FALSE);

  stmt = dc_store_prepare (store,
                           "INSERT INTO email_outbox (user_id, notification_id, kind, to_address,"
                           " subject, text_body, html_body, status, attempts, next_attempt_at,"
                           " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  dc_stmt_bind_text (stmt, 2, notification_id);
  dc_stmt_bind_text (stmt, 3, kind);
  dc_stmt_bind_text (stmt, 4, to_address);
  dc_stmt_bind_text (stmt, 5, subject);
  dc_stmt_bind_text (stmt, 6, text ? text : "");
  dc_stmt_bind_text (stmt, 7, html);
  sqlite3_bind_int64 (stmt, 8, now);
  sqlite3_bind_int64 (stmt, 9, now);
  return dc_store_step_done (store, stmt, error);
}

/* --- the worker ----------------------------------------------------------------------- */

static gboolean
stopping (DcEmailOutbox *self)
{
  gboolean stop;

  g_mutex_lock (&self->mutex);
  stop = self->stop;
  g_mutex_unlock (&self->mutex);
  return stop;
}

/* Due rows: pending or held whose time came, `sending` rows whose lease ran out, and held
 * rows of users who changed their preferences since (they may have ended quiet hours or
 * raised the cap). Oldest first, so the daily cap lets the earliest mail through. */
static GPtrArray *
select_due (DcStore  *store,
            gint64    now,
            GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT id, user_id, kind, to_address, subject, text_body, html_body,"
                           " attempts FROM email_outbox"
                           " WHERE status IN ('pending', 'held', 'sending')"
                           " AND next_attempt_at <= ?1"
                           " UNION "
                           "SELECT o.id, o.user_id, o.kind, o.to_address, o.subject, o.text_body,"
                           " o.html_body, o.attempts FROM email_outbox o"
                           " JOIN notification_preferences p ON p.user_id = o.user_id"
                           " WHERE o.status = 'held' AND p.updated_at > o.held_at"
                           " ORDER BY 1 LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, BATCH_SIZE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row *row = g_new0 (Row, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->user_id = sqlite3_column_int64 (stmt, 1);
      row->kind = g_strdup (dc_stmt_column_text (stmt, 2));
      row->to = g_strdup (dc_stmt_column_text (stmt, 3));
      row->subject = g_strdup (dc_stmt_column_text (stmt, 4));
      row->text = g_strdup (dc_stmt_column_text (stmt, 5));
      row->html = g_strdup (dc_stmt_column_text (stmt, 6));
      row->attempts = sqlite3_column_int (stmt, 7);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      dc_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Binds ?1 = the row id, ?2 = a number, ?3 and ?4 = texts; each statement uses those it
 * needs (binding a parameter a statement lacks is a harmless SQLITE_RANGE). */
static gboolean
update_row (DcStore    *store,
            const char *sql,
            gint64      id,
            gint64      a,
            const char *text,
            const char *text2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store, sql, &error);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, a);
      dc_stmt_bind_text (stmt, 3, text);
      dc_stmt_bind_text (stmt, 4, text2);
      if (dc_store_step_done (store, stmt, &error))
        return TRUE;
    }
  g_warning ("email #%" G_GINT64_FORMAT ": %s", id, error->message);
  return FALSE;
}

static void
postpone (DcStore *store,
          gint64   id,
          gint64   until)
{
  update_row (store, "UPDATE email_outbox SET next_attempt_at = ?2 WHERE id = ?1", id, until,
              NULL, NULL);
}

static void
hold (DcStore    *store,
      Row        *row,
      const char *reason,
      gint64      until,
      gint64      held_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "UPDATE email_outbox SET status = 'held', held_reason = ?2,"
                           " held_at = ?3, next_attempt_at = ?4 WHERE id = ?1", &error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, row->id);
      dc_stmt_bind_text (stmt, 2, reason);
      sqlite3_bind_int64 (stmt, 3, held_at);
      sqlite3_bind_int64 (stmt, 4, until);
      if (dc_store_step_done (store, stmt, &error))
        {
          g_debug ("email #%" G_GINT64_FORMAT " held (%s)", row->id, reason);
          return;
        }
    }
  g_warning ("email #%" G_GINT64_FORMAT ": %s", row->id, error->message);
}

/* Whether the account is active, and its address now: mail goes where the user reads it
 * today, even if they changed it since the message was queued. */
static gboolean
load_user (DcStore   *store,
           gint64     user_id,
           gboolean  *out_active,
           char     **out_email,
           GError   **error)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                  "SELECT is_active, email FROM users"
                                                  " WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return dc_store_set_error (store, rc, error);
  *out_active = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  *out_email = rc == SQLITE_ROW ? g_strdup (dc_stmt_column_text (stmt, 1)) : NULL;
  return TRUE;
}

static gboolean
count_sent (DcStore  *store,
            gint64    user_id,
            gint64    from,
            gint64    to,
            gint64   *out_count,
            GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "SELECT count(*) FROM email_outbox WHERE user_id = ? AND status = 'sent'"
                           " AND sent_at >= ? AND sent_at < ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return dc_store_set_error (store, sqlite3_errcode (dc_store_get_db (store)), error);
  *out_count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Takes the row for this attempt; FALSE when it is no longer there to take. */
static gboolean
claim (DcStore *store,
       Row     *row,
       gint64   now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "UPDATE email_outbox SET status = 'sending', attempts = attempts + 1,"
                           " held_reason = NULL, next_attempt_at = ?2 WHERE id = ?1"
                           " AND status IN ('pending', 'held', 'sending')", &error);
  if (stmt == NULL)
    {
      g_warning ("email #%" G_GINT64_FORMAT ": %s", row->id, error->message);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, row->id);
  sqlite3_bind_int64 (stmt, 2, now + SENDING_LEASE_MS);
  if (!dc_store_step_done (store, stmt, &error))
    {
      g_warning ("email #%" G_GINT64_FORMAT ": %s", row->id, error->message);
      return FALSE;
    }
  return dc_store_changes_count (store) == 1;
}

static void
attempt (DcEmailOutbox *self,
         DcStore       *store,
         Row           *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *provider_id = NULL;
  g_autofree char *key = g_strdup_printf ("dualcaster-email-%" G_GINT64_FORMAT, row->id);
  DcEmailMessage message = { row->to, row->subject, row->text, row->html, key };
  int attempts = row->attempts + 1;
  guint retries = self->retry_delays->len;
  gint64 now;

  if (!claim (store, row, dc_now_ms ()))
    return;

  if (dc_email_sender_send (self->sender, &message, self->cancellable, &provider_id, &error))
    {
      update_row (store,
                  "UPDATE email_outbox SET status = 'sent', sent_at = ?2, provider_id = ?3,"
                  " last_error = NULL WHERE id = ?1", row->id, dc_now_ms (), provider_id, NULL);
      g_message ("email #%" G_GINT64_FORMAT " (%s) sent via %s", row->id, row->kind,
                 dc_email_sender_describe (self->sender));
      return;
    }

  now = dc_now_ms ();
  if (g_error_matches (error, DC_EMAIL_ERROR, DC_EMAIL_ERROR_CANCELLED))
    {
      /* Shutting down: this attempt does not count. */
      update_row (store,
                  "UPDATE email_outbox SET status = 'pending', attempts = attempts - 1,"
                  " next_attempt_at = ?2 WHERE id = ?1",
                  row->id, now, NULL, NULL);
      return;
    }
  if ((guint) attempts <= retries)
    {
      gint64 delay = g_array_index (self->retry_delays, gint64, attempts - 1);

      update_row (store,
                  "UPDATE email_outbox SET status = 'pending', next_attempt_at = ?2,"
                  " last_error = ?3 WHERE id = ?1",
                  row->id, now + delay * 1000, error->message, NULL);
      g_message ("email #%" G_GINT64_FORMAT " attempt %d of %u failed, retrying in %"
                 G_GINT64_FORMAT " s: %s", row->id, attempts, retries + 1, delay,
                 error->message);
    }
  else
    {
      update_row (store,
                  "UPDATE email_outbox SET status = 'failed', next_attempt_at = ?2,"
                  " last_error = ?3 WHERE id = ?1",
                  row->id, now, error->message, NULL);
      g_warning ("email #%" G_GINT64_FORMAT " failed after %d attempts: %s", row->id, attempts,
                 error->message);
    }
}

static void
process (DcEmailOutbox *self,
         DcStore       *store,
         Row           *row)
{
  g_auto(DcNotificationPrefs) prefs = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  gboolean active = FALSE;
  gint64 now = dc_now_ms ();
  gint64 until, day_start, day_end, sent = 0;

  if (!load_user (store, row->user_id, &active, &email, &error) ||
      !dc_notification_prefs_load (store, row->user_id, &prefs, &error))
    {
      g_warning ("email #%" G_GINT64_FORMAT ": %s", row->id, error->message);
      postpone (store, row->id, now + ERROR_BACKOFF_MS);
      return;
    }
  if (!active || !dc_notification_prefs_allows_email (&prefs, row->kind))
    {
      update_row (store,
                  "UPDATE email_outbox SET status = 'cancelled', next_attempt_at = ?2,"
                  " last_error = ?3 WHERE id = ?1", row->id, now,
                  active ? "turned off in the notification preferences"
                         : "the account is not active", NULL);
      return;
    }

  /* held_at never falls before the preferences it was decided on, so the same change does
   * not wake the row twice. */
  until = dc_notification_prefs_quiet_until (&prefs, now);
  if (until > 0)
    {
      hold (store, row, "quiet_hours", until, MAX (now, prefs.updated_at));
      return;
    }
  dc_notification_prefs_day_bounds (&prefs, now, &day_start, &day_end);
  if (!count_sent (store, row->user_id, day_start, day_end, &sent, &error))
    {
      g_warning ("email #%" G_GINT64_FORMAT ": %s", row->id, error->message);
      postpone (store, row->id, now + ERROR_BACKOFF_MS);
      return;
    }
  if (sent >= prefs.max_emails_per_day)
    {
      hold (store, row, "daily_cap", day_end, MAX (now, prefs.updated_at));
      return;
    }

  if (email != NULL && g_strcmp0 (email, row->to) != 0)
    {
      update_row (store, "UPDATE email_outbox SET to_address = ?3 WHERE id = ?1", row->id, 0,
                  email, NULL);
      g_free (row->to);
      row->to = g_steal_pointer (&email);
    }
  attempt (self, store, row);
}

static void
drain (DcEmailOutbox *self,
       DcStore       *store)
{
  for (guint batch = 0; batch < MAX_BATCHES_PER_PASS && !stopping (self); batch++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = select_due (store, dc_now_ms (), &error);

      if (rows == NULL)
        {
          g_warning ("email outbox: %s", error->message);
          return;
        }
      if (rows->len == 0)
        return;
      for (guint i = 0; i < rows->len && !stopping (self); i++)
        process (self, store, g_ptr_array_index (rows, i));
    }
}

static gpointer
worker_thread (gpointer data)
{
  DcEmailOutbox *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = dc_store_open (self->db_path, &error);

  if (store == NULL)
    {
      g_warning ("email outbox: %s; no email will be sent", error->message);
      return NULL;
    }

  for (;;)
    {
      gint64 deadline;
      gboolean stop;

      drain (self, store);

      g_mutex_lock (&self->mutex);
      deadline = g_get_monotonic_time () + self->poll_ms * G_TIME_SPAN_MILLISECOND;
      while (!self->stop && !self->woken)
        if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
          break;
      self->woken = FALSE;
      stop = self->stop;
      g_mutex_unlock (&self->mutex);
      if (stop)
        break;
    }
  return NULL;
}

DcEmailOutbox *
dc_email_outbox_start (DcConfig   *config,
                       const char *db_path)
{
  g_autoptr(GError) error = NULL;
  DcEmailOutbox *self;
  DcEmailSender *sender;
  const char *delays_text;
  GArray *delays;

  g_return_val_if_fail (config != NULL, NULL);

  if (db_path == NULL || g_str_equal (db_path, ":memory:") || g_str_has_prefix (db_path, "file:"))
    {
      g_debug ("email outbox not started: the database is not a file another connection can "
               "open");
      return NULL;
    }
  sender = dc_email_sender_new (config, &error);
  if (sender == NULL)
    {
      g_warning ("email is disabled: %s. Queued mail waits until this is fixed.",
                 error->message);
      return NULL;
    }
  delays_text = dc_config_get_default (config, "DUALCASTER_EMAIL_RETRY_DELAYS",
                                       DC_EMAIL_RETRY_DELAYS_DEFAULT);
  delays = dc_email_parse_retry_delays (delays_text);
  if (delays == NULL)
    {
      g_warning ("DUALCASTER_EMAIL_RETRY_DELAYS must be seconds separated by commas, such as "
                 DC_EMAIL_RETRY_DELAYS_DEFAULT "; using that");
      delays = dc_email_parse_retry_delays (DC_EMAIL_RETRY_DELAYS_DEFAULT);
    }

  self = g_new0 (DcEmailOutbox, 1);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->cancellable = g_cancellable_new ();
  self->db_path = g_strdup (db_path);
  self->sender = sender;
  self->retry_delays = delays;
  self->poll_ms = CLAMP (dc_config_get_int (config, "DUALCASTER_NOTIFY_POLL_MS", 5000), 10,
                         3600 * 1000);
  g_message ("email goes through %s", dc_email_sender_describe (sender));
  self->thread = g_thread_new ("dc-email-outbox", worker_thread, self);
  return self;
}

void
dc_email_outbox_wake (DcEmailOutbox *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->mutex);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
dc_email_outbox_stop (DcEmailOutbox *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->mutex);
  self->stop = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);

  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_object_unref (self->cancellable);
  g_free (self->db_path);
  dc_email_sender_free (self->sender);
  g_array_unref (self->retry_delays);
  g_free (self);
}
