/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-notification-service"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dc-commands.h"
#include "dc-discord-service.h"
#include "dc-email-outbox.h"
#include "dc-error.h"
#include "dc-notification-prefs.h"
#include "dc-notification-service.h"
#include "dc-server.h"

#define PUSH_BATCH 500
#define NOTIFICATION_ARRAY_NEW() \
  g_ptr_array_new_with_free_func ((GDestroyNotify) dc_notification_free)

struct _DcNotificationService
{
  DcServer      *server;  /* not owned: the server owns us */
  DcEmailOutbox *outbox;
  guint          poll_id;
};

/* The Discord DM channel: the bot's queue (pending_dm_alerts, dc-discord-service.h). Its
 * kinds name the preference an alert belongs to, so a spike travels as a price alert. Quiet
 * hours become the time the alert is first due. A user without a linked Discord account
 * simply gets no DM. */
static gboolean
discord_queue_cb (DcStore               *store,
                  gint64                 user_id,
                  const DcNotification  *notification,
                  gint64                 not_before_ms,
                  gpointer               user_data,
                  GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  const char *kind = notification->kind == DC_NOTIFICATION_PRICE_SPIKE
                     ? "price_alert" : dc_notification_kind_to_string (notification->kind);

  id = dc_discord_enqueue_alert (store, user_id, kind, notification->title, notification->body,
                                 NULL, MAX (dc_now_ms (), not_before_ms), &local_error);
  if (id != NULL || g_error_matches (local_error, DC_API_ERROR, DC_API_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static DcDiscordAlertFunc discord_func = discord_queue_cb;
static gpointer discord_data;

void
dc_notification_set_discord_func (DcDiscordAlertFunc func,
                                  gpointer           user_data)
{
  discord_func = func ? func : discord_queue_cb;
  discord_data = func ? user_data : NULL;
}

static char *
truncate_chars (const char *text,
                glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);

  if (g_utf8_strlen (valid, -1) <= max_chars)
    return g_steal_pointer (&valid);
  return g_utf8_substring (valid, 0, max_chars - 1);
}

static gboolean
load_recipient (DcStore   *store,
                gint64     user_id,
                char     **out_email,
                char     **out_name,
                GError   **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT email, CASE WHEN display_name <> '' THEN display_name"
                           " ELSE username END FROM users WHERE id = ? AND is_active = 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      *out_email = NULL;
      *out_name = NULL;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return dc_store_set_error (store, rc, error);
  *out_email = g_strdup (dc_stmt_column_text (stmt, 0));
  *out_name = g_strdup (dc_stmt_column_text (stmt, 1));
  return TRUE;
}

static char *
email_text (const char           *name,
            const DcNotification *notification)
{
  return g_strdup_printf ("Hi %s,\n\n%s\n\n%s\n\n-- \nDualcaster Deals\n"
                          "You get this email because of your notification settings; change "
                          "them in the app under Settings > Notifications.\n",
                          name, notification->title, notification->body);
}

static char *
email_html (const char           *name,
            const DcNotification *notification)
{
  g_autofree char *e_name = g_markup_escape_text (name, -1);
  g_autofree char *e_title = g_markup_escape_text (notification->title, -1);
  g_autofree char *e_body = g_markup_escape_text (notification->body, -1);
  g_auto(GStrv) lines = g_strsplit (e_body, "\n", -1);
  g_autofree char *body_html = g_strjoinv ("<br>\n", lines);

  return g_strdup_printf ("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif\">\n"
                          "<p>Hi %s,</p>\n<h2>%s</h2>\n<p>%s</p>\n"
                          "<p style=\"color: #666; font-size: 12px\">Dualcaster Deals &mdash; "
                          "you get this email because of your notification settings; change "
                          "them in the app under Settings &rsaquo; Notifications.</p>\n"
                          "</body></html>\n", e_name, e_title, body_html);
}

static gboolean
insert_notification (DcStore         *store,
                     gint64           user_id,
                     DcNotification  *notification,
                     gboolean         pushed,
                     GError         **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), notification->data);
  g_autofree char *data = json_to_string (node, FALSE);

  stmt = dc_store_prepare (store,
                           "INSERT INTO notifications (id, user_id, kind, title, body, data,"
                           " created_at, pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  dc_stmt_bind_text (stmt, 1, notification->id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  dc_stmt_bind_text (stmt, 3, dc_notification_kind_to_string (notification->kind));
  dc_stmt_bind_text (stmt, 4, notification->title);
  dc_stmt_bind_text (stmt, 5, notification->body);
  dc_stmt_bind_text (stmt, 6, data);
  sqlite3_bind_int64 (stmt, 7, notification->created_at);
  if (pushed)
    sqlite3_bind_int64 (stmt, 8, notification->created_at);
  else
    sqlite3_bind_null (stmt, 8);
  return dc_store_step_done (store, stmt, error);
}

/* Stores the row and queues the channels the preferences allow; inside a transaction. */
static gboolean
create_locked (DcStore         *store,
               gint64           user_id,
               DcNotification  *notification,
               gboolean         pushed,
               GError         **error)
{
  g_auto(DcNotificationPrefs) prefs = { 0 };
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  const char *kind = dc_notification_kind_to_string (notification->kind);

  if (!load_recipient (store, user_id, &email, &name, error))
    return FALSE;
  if (email == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "user.not_found", NULL, "No such user");
      return FALSE;
    }
  if (!insert_notification (store, user_id, notification, pushed, error) ||
      !dc_notification_prefs_load (store, user_id, &prefs, error))
    return FALSE;

  if (dc_notification_prefs_allows_email (&prefs, kind))
    {
      g_autofree char *text = email_text (name, notification);
      g_autofree char *html = email_html (name, notification);

      if (!dc_email_outbox_enqueue (store, user_id, notification->id, kind, email,
                                    notification->title, text, html, error))
        return FALSE;
    }

  if (discord_func != NULL && dc_notification_prefs_allows_discord (&prefs, kind))
    {
      gint64 not_before = dc_notification_prefs_quiet_until (&prefs, dc_now_ms ());

      if (!discord_func (store, user_id, notification, not_before, discord_data, error))
        {
          g_prefix_error (error, "Queuing the Discord DM: ");
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs @func in the caller's transaction, or in its own when none is open. */
static gboolean
in_transaction (DcStore   *store,
                gboolean (*func) (DcStore *, gpointer, GError **),
                gpointer   data,
                GError   **error)
{
  gboolean own = sqlite3_get_autocommit (dc_store_get_db (store));

  if (own && !dc_store_begin (store, error))
    return FALSE;
  if (!func (store, data, error))
    {
      if (own)
        dc_store_rollback (store);
      return FALSE;
    }
  return !own || dc_store_commit (store, error);
}

typedef struct
{
  gint64          user_id;
  DcNotification *notification;
  gboolean        pushed;
} CreateData;

static gboolean
create_cb (DcStore   *store,
           gpointer   data,
           GError   **error)
{
  CreateData *create = data;

  return create_locked (store, create->user_id, create->notification, create->pushed, error);
}

DcNotification *
dc_notification_create (DcStore             *store,
                        gint64               user_id,
                        DcNotificationKind   kind,
                        const char          *title,
                        const char          *body,
                        JsonObject          *data,
                        gboolean             pushed,
                        GError             **error)
{
  g_autoptr(DcNotification) notification = dc_notification_new ();
  CreateData create = { user_id, notification, pushed };

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (kind < DC_NOTIFICATION_N_KINDS, NULL);
  g_return_val_if_fail (title != NULL && *title != '\0', NULL);

  notification->id = g_uuid_string_random ();
  notification->kind = kind;
  notification->title = truncate_chars (title, DC_NOTIFICATION_TITLE_MAX_CHARS);
  notification->body = truncate_chars (body, DC_NOTIFICATION_BODY_MAX_CHARS);
  notification->created_at = dc_now_ms ();
  if (data != NULL)
    {
      g_clear_pointer (&notification->data, json_object_unref);
      notification->data = json_object_ref (data);
    }

  if (!in_transaction (store, create_cb, &create, error))
    return NULL;
  return g_steal_pointer (&notification);
}

/* --- reading and marking -------------------------------------------------------------- */

#define COLUMNS "seq, id, kind, title, body, data, created_at, read_at, user_id"

static DcNotification *
read_row (sqlite3_stmt *stmt)
{
  DcNotification *notification = dc_notification_new ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  notification->id = g_strdup (dc_stmt_column_text (stmt, 1));
  if (!dc_notification_kind_from_string (dc_stmt_column_text (stmt, 2), &notification->kind))
    notification->kind = DC_NOTIFICATION_SYSTEM;
  notification->title = g_strdup (dc_stmt_column_text (stmt, 3));
  notification->body = g_strdup (dc_stmt_column_text (stmt, 4));
  if (json_parser_load_from_data (parser, dc_stmt_column_text (stmt, 5), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_clear_pointer (&notification->data, json_object_unref);
      notification->data = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  notification->created_at = sqlite3_column_int64 (stmt, 6);
  notification->read_at = sqlite3_column_int64 (stmt, 7);
  return notification;
}

GPtrArray *
dc_notification_list (DcStore   *store,
                      gint64     user_id,
                      gboolean   unread_only,
                      gint64     before,
                      guint      limit,
                      gint64    *out_next_before,
                      GError   **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GPtrArray) list = NOTIFICATION_ARRAY_NEW ();
  gint64 last_seq = 0;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  *out_next_before = 0;
  stmt = dc_store_prepare (store, unread_only
                           ? "SELECT " COLUMNS " FROM notifications WHERE user_id = ?"
                             " AND seq < ? AND read_at IS NULL ORDER BY seq DESC LIMIT ?"
                           : "SELECT " COLUMNS " FROM notifications WHERE user_id = ?"
                             " AND seq < ? ORDER BY seq DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, before);
  sqlite3_bind_int64 (stmt, 3, (gint64) limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (list->len == limit)
        {
          *out_next_before = last_seq;
          break;
        }
      last_seq = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (list, read_row (stmt));
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dc_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
dc_notification_unread_count (DcStore   *store,
                              gint64     user_id,
                              gint64    *out_count,
                              GError   **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT count(*) FROM notifications WHERE user_id = ?"
                           " AND read_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return dc_store_set_error (store, rc, error);
  *out_count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

DcNotification *
dc_notification_mark_read (DcStore     *store,
                           gint64       user_id,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(DcStmtReset) update = NULL;
  g_autoptr(DcStmtReset) select = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);

  update = dc_store_prepare (store,
                             "UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ?"
                             " AND read_at IS NULL", error);
  if (update == NULL)
    return NULL;
  sqlite3_bind_int64 (update, 1, dc_now_ms ());
  dc_stmt_bind_text (update, 2, id);
  sqlite3_bind_int64 (update, 3, user_id);
  if (!dc_store_step_done (store, update, error))
    return NULL;

  select = dc_store_prepare (store,
                             "SELECT " COLUMNS " FROM notifications WHERE id = ? AND user_id = ?",
                             error);
  if (select == NULL)
    return NULL;
  dc_stmt_bind_text (select, 1, id);
  sqlite3_bind_int64 (select, 2, user_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    return read_row (select);
  if (rc == SQLITE_DONE)
    /* Another user's notification is as absent as one that never existed. */
    dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "not_found", NULL,
                      "No notification with this id");
  else
    dc_store_set_error (store, rc, error);
  return NULL;
}

gboolean
dc_notification_mark_all_read (DcStore   *store,
                               gint64     user_id,
                               gint64    *out_marked,
                               GError   **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "UPDATE notifications SET read_at = ? WHERE user_id = ?"
                           " AND read_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dc_now_ms ());
  sqlite3_bind_int64 (stmt, 2, user_id);
  if (!dc_store_step_done (store, stmt, error))
    return FALSE;
  *out_marked = dc_store_changes_count (store);
  return TRUE;
}

/* --- matches -------------------------------------------------------------------------- */

typedef struct
{
  gint64      user_id;
  gint64      partner_id;
  int         quality;
  gboolean    pushed;
  GPtrArray  *created;
  GArray     *users;
} MatchData;

static char *
username_of (DcStore *store,
             gint64   user_id)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                  "SELECT username FROM users WHERE id = ?",
                                                  NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup (dc_stmt_column_text (stmt, 0));
}

static gboolean
tell_one (DcStore    *store,
          MatchData  *match,
          gint64      user_id,
          gint64      partner_id,
          GError    **error)
{
  g_autoptr(DcNotification) notification = dc_notification_new ();
  g_autofree char *partner = username_of (store, partner_id);

  if (partner == NULL)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "user.not_found", NULL, "No such user");
      return FALSE;
    }
  notification->id = g_uuid_string_random ();
  notification->kind = DC_NOTIFICATION_TRADE_MATCH;
  notification->title = g_strdup_printf ("New trade match with @%s (%d%%)", partner,
                                         match->quality);
  notification->body = g_strdup_printf ("You and @%s each have cards the other wants. Open "
                                        "Matches to see what you would trade.", partner);
  notification->created_at = dc_now_ms ();
  json_object_set_string_member (notification->data, "partner", partner);
  json_object_set_int_member (notification->data, "quality", match->quality);
  if (!create_locked (store, user_id, notification, match->pushed, error))
    return FALSE;
  g_ptr_array_add (match->created, g_steal_pointer (&notification));
  g_array_append_val (match->users, user_id);
  return TRUE;
}

static gboolean
match_cb (DcStore   *store,
          gpointer   data,
          GError   **error)
{
  MatchData *match = data;
  g_autoptr(DcStmtReset) stmt = NULL;

  stmt = dc_store_prepare (store,
                           "INSERT OR IGNORE INTO matches_notified (user_a, user_b, quality,"
                           " notified_at) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, MIN (match->user_id, match->partner_id));
  sqlite3_bind_int64 (stmt, 2, MAX (match->user_id, match->partner_id));
  sqlite3_bind_int (stmt, 3, match->quality);
  sqlite3_bind_int64 (stmt, 4, dc_now_ms ());
  if (!dc_store_step_done (store, stmt, error))
    return FALSE;
  if (dc_store_changes_count (store) == 0)
    return TRUE; /* told before */
  return tell_one (store, match, match->user_id, match->partner_id, error) &&
         tell_one (store, match, match->partner_id, match->user_id, error);
}

gboolean
dc_notification_match_found (DcStore     *store,
                             gint64       user_id,
                             gint64       partner_id,
                             int          quality,
                             gboolean     pushed,
                             GPtrArray  **out_created,
                             GArray     **out_users,
                             GError     **error)
{
  g_autoptr(GPtrArray) created = NOTIFICATION_ARRAY_NEW ();
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (gint64));
  MatchData match = { user_id, partner_id, quality, pushed, created, users };

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (user_id != partner_id, FALSE);

  /* The common case — a pair told long ago — costs one read and no write lock. */
  if (quality > DC_MATCH_NOTIFY_QUALITY)
    {
      g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                      "SELECT 1 FROM matches_notified"
                                                      " WHERE user_a = ? AND user_b = ?", error);
      gboolean told;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, MIN (user_id, partner_id));
      sqlite3_bind_int64 (stmt, 2, MAX (user_id, partner_id));
      told = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!told && !in_transaction (store, match_cb, &match, error))
        return FALSE;
    }
  if (out_created)
    *out_created = g_steal_pointer (&created);
  if (out_users)
    *out_users = g_steal_pointer (&users);
  return TRUE;
}

/* --- the server's side ---------------------------------------------------------------- */

static void
push (DcNotificationService *self,
      gint64                 user_id,
      const DcNotification  *notification)
{
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(GError) error = NULL;
  gint64 unread = 0;

  json_object_set_string_member (event, "type", "notification.new");
  json_object_set_object_member (event, "notification", dc_notification_to_json (notification));
  if (dc_notification_unread_count (dc_server_get_store (self->server), user_id, &unread,
                                    &error))
    json_object_set_int_member (event, "unread_count", unread);
  dc_ws_hub_send_to_user (dc_server_get_ws_hub (self->server), user_id, event, NULL);
}

guint
dc_notification_service_push_pending (DcNotificationService *self)
{
  DcStore *store = dc_server_get_store (self->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NOTIFICATION_ARRAY_NEW ();
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  {
    g_autoptr(DcStmtReset) stmt = NULL;

    stmt = dc_store_prepare (store,
                             "SELECT " COLUMNS " FROM notifications WHERE pushed_at IS NULL"
                             " ORDER BY seq LIMIT ?", &error);
    if (stmt == NULL)
      goto failed;
    sqlite3_bind_int (stmt, 1, PUSH_BATCH);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 seq = sqlite3_column_int64 (stmt, 0);
        gint64 user_id = sqlite3_column_int64 (stmt, 8);

        g_ptr_array_add (rows, read_row (stmt));
        g_array_append_val (users, user_id);
        g_array_append_val (seqs, seq);
      }
    if (rc != SQLITE_DONE)
      {
        dc_store_set_error (store, rc, &error);
        goto failed;
      }
  }
  if (rows->len == 0)
    return 0;

  /* Mark first, then push: a push that fails to reach a socket is found through REST, but a
   * row pushed and not marked would be pushed again. */
  if (!dc_store_begin (store, &error))
    goto failed;
  for (guint i = 0; i < seqs->len; i++)
    {
      g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                      "UPDATE notifications SET pushed_at = ?"
                                                      " WHERE seq = ?", &error);

      if (stmt == NULL)
        break;
      sqlite3_bind_int64 (stmt, 1, dc_now_ms ());
      sqlite3_bind_int64 (stmt, 2, g_array_index (seqs, gint64, i));
      if (!dc_store_step_done (store, stmt, &error))
        break;
    }
  if (error != NULL || !dc_store_commit (store, &error))
    {
      dc_store_rollback (store);
      goto failed;
    }

  for (guint i = 0; i < rows->len; i++)
    push (self, g_array_index (users, gint64, i), g_ptr_array_index (rows, i));
  /* Whoever wrote them may have queued mail too. */
  dc_email_outbox_wake (self->outbox);
  return rows->len;

failed:
  g_warning ("Pushing new notifications: %s", error->message);
  return 0;
}

static gboolean
poll_cb (gpointer user_data)
{
  dc_notification_service_push_pending (user_data);
  return G_SOURCE_CONTINUE;
}

DcNotificationService *
dc_notification_service_new (DcServer *server)
{
  DcNotificationService *self = g_new0 (DcNotificationService, 1);
  DcConfig *config = dc_server_get_config (server);
  gint64 poll_ms = CLAMP (dc_config_get_int (config, "DUALCASTER_NOTIFY_POLL_MS", 5000), 10,
                          3600 * 1000);

  self->server = server;
  self->outbox = dc_email_outbox_start (config, dc_store_get_path (dc_server_get_store (server)));
  self->poll_id = g_timeout_add ((guint) poll_ms, poll_cb, self);
  return self;
}

void
dc_notification_service_free (DcNotificationService *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_pointer (&self->outbox, dc_email_outbox_stop);
  g_free (self);
}

DcNotification *
dc_notification_service_notify (DcNotificationService  *self,
                                gint64                  user_id,
                                DcNotificationKind      kind,
                                const char             *title,
                                const char             *body,
                                JsonObject             *data,
                                GError                **error)
{
  DcNotification *notification;

  g_return_val_if_fail (self != NULL, NULL);

  notification = dc_notification_create (dc_server_get_store (self->server), user_id, kind,
                                         title, body, data, TRUE, error);
  if (notification == NULL)
    return NULL;
  push (self, user_id, notification);
  dc_email_outbox_wake (self->outbox);
  return notification;
}

gboolean
dc_notification_service_match_found (DcNotificationService  *self,
                                     gint64                  user_id,
                                     gint64                  partner_id,
                                     int                     quality,
                                     GError                **error)
{
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GArray) users = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!dc_notification_match_found (dc_server_get_store (self->server), user_id, partner_id,
                                    quality, TRUE, &created, &users, error))
    return FALSE;
  for (guint i = 0; i < created->len; i++)
    push (self, g_array_index (users, gint64, i), g_ptr_array_index (created, i));
  if (created->len > 0)
    dc_email_outbox_wake (self->outbox);
  return TRUE;
}

/* --- the command line ----------------------------------------------------------------- */

/* `dualcaster-server notify [--kind=KIND] [--data=JSON] USER TITLE [BODY]`: a notice to one
 * user from the operators (kind system by default). The running server pushes it within
 * DUALCASTER_NOTIFY_POLL_MS and sends its email. */
int
dc_notification_cmd_notify (DcConfig  *config,
                            int        argc,
                            char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("USER TITLE [BODY]");
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(DcNotification) notification = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *data_text = NULL;
  g_autofree char **args = g_new0 (char *, argc + 2);
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name,
      "price_alert, price_spike, trade_match, trade_proposal, message or system (default)",
      "KIND" },
    { "data", 0, 0, G_OPTION_ARG_STRING, &data_text, "A JSON object for the data member", "JSON" },
    { NULL }
  };
  DcNotificationKind kind = DC_NOTIFICATION_SYSTEM;
  int n_args = argc + 1;
  gint64 user_id;

  args[0] = (char *) "notify";
  for (int i = 0; i < argc; i++)
    args[i + 1] = argv[i];
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &n_args, &args, &error) || n_args < 3 || n_args > 4)
    {
      g_printerr ("Usage: dualcaster-server notify [--kind=KIND] [--data=JSON] USER TITLE "
                  "[BODY]%s%s\n", error ? "\n" : "", error ? error->message : "");
      return 2;
    }
  if (*args[2] == '\0')
    {
      g_printerr ("dualcaster-server: the title must not be empty\n");
      return 2;
    }
  if (kind_name != NULL && !dc_notification_kind_from_string (kind_name, &kind))
    {
      g_printerr ("dualcaster-server: --kind must be one of price_alert, price_spike, "
                  "trade_match, trade_proposal, message, system\n");
      return 2;
    }
  if (data_text != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, data_text, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_printerr ("dualcaster-server: --data must be a JSON object\n");
          return 2;
        }
      data = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }

  store = dc_cli_open_store (config, &error);
  if (store == NULL)
    {
      g_printerr ("dualcaster-server: %s\n", error->message);
      return 1;
    }
  {
    g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                    "SELECT id FROM users WHERE username = ?"
                                                    " OR email = lower(?)", &error);

    if (stmt == NULL)
      {
        g_printerr ("dualcaster-server: %s\n", error->message);
        return 1;
      }
    dc_stmt_bind_text (stmt, 1, args[1]);
    dc_stmt_bind_text (stmt, 2, args[1]);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        g_printerr ("dualcaster-server: no user “%s”\n", args[1]);
        return 1;
      }
    user_id = sqlite3_column_int64 (stmt, 0);
  }

  notification = dc_notification_create (store, user_id, kind, args[2],
                                         n_args > 3 ? args[3] : "", data, FALSE, &error);
  if (notification == NULL)
    {
      g_printerr ("dualcaster-server: %s\n", error->message);
      return 1;
    }
  printf ("notification %s created for %s\n", notification->id, args[1]);
  return 0;
}
