/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-bot"

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dc-bot-api.h"
#include "dc-bot-commands.h"
#include "dc-bot.h"
#include "dc-discord-rest.h"
#include "dc-error.h"
#include "dc-gateway.h"

#define SEEN_CACHE_US ((gint64) 60 * 60 * G_USEC_PER_SEC)
#define ALERTS_PER_POLL 25
#define COLOR_ALERT 0x8E44AD

struct _DcBot
{
  GObject        parent_instance;

  DcBotConfig   *config;
  SoupSession   *session;        /* main loop: Discord REST and the gateway */
  DcDiscordRest *rest;
  DcGateway     *gateway;
  DcBotApi      *api;            /* worker threads */
  char          *application_id;
  gboolean       commands_registered;
  guint          register_attempts;
  GHashTable    *guild_names;    /* guild id → name */
  GHashTable    *dm_channels;    /* Discord user id → DM channel id */
  GMutex         seen_lock;
  GHashTable    *seen;           /* "user:guild" → expiry (monotonic µs), boxed */
  guint          alert_poll_id;
  gboolean       alerts_running;
  guint          start_retry_id;
};

G_DEFINE_FINAL_TYPE (DcBot, dc_bot, G_TYPE_OBJECT)

enum {
  FATAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- one interaction ------------------------------------------------------------------ */

typedef enum
{
  ACK_NONE,
  ACK_SENDING,   /* the deferral is on its way */
  ACK_DONE,      /* deferred: the answer goes into the original message */
} AckState;

typedef struct
{
  DcBot      *bot;
  JsonObject *interaction;
  char       *id;
  char       *token;
  char       *application_id;
  char       *guild_name;
  gint64      type;
  gboolean    ephemeral;
  AckState    ack;
  guint       defer_id;
  DcBotReply *reply;
  guint       next_followup;
  gint64      started_us;
} Interaction;

static void
interaction_free (Interaction *ix)
{
  g_clear_handle_id (&ix->defer_id, g_source_remove);
  g_clear_object (&ix->bot);
  g_clear_pointer (&ix->interaction, json_object_unref);
  g_free (ix->id);
  g_free (ix->token);
  g_free (ix->application_id);
  g_free (ix->guild_name);
  g_clear_pointer (&ix->reply, dc_bot_reply_free);
  g_free (ix);
}

static JsonNode *
object_node (JsonObject *object)
{
  return json_node_init_object (json_node_alloc (), object);
}

/* The answer's message with the flags it needs for how it is sent. Each message is sent
 * once, so it is marked in place. */
static JsonObject *
message_with_flags (Interaction *ix,
                    JsonObject  *message,
                    gboolean     set_flags)
{
  if (set_flags && ix->ephemeral)
    json_object_set_int_member (message, "flags", DC_MESSAGE_FLAG_EPHEMERAL);
  return json_object_ref (message);
}

static void send_followup (Interaction *ix);

static void
followup_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Interaction *ix = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = dc_discord_rest_request_finish (ix->bot->rest, result, NULL,
                                                               &error);

  if (error != NULL)
    g_warning ("Follow-up to interaction %s failed: %s", ix->id, error->message);
  send_followup (ix);
}

/* Follow-ups go out one after another, in order; the last one frees the interaction. */
static void
send_followup (Interaction *ix)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (ix->reply == NULL || ix->next_followup >= ix->reply->followups->len)
    {
      g_debug ("Interaction %s answered in %.0f ms", ix->id,
               (g_get_monotonic_time () - ix->started_us) / 1000.0);
      interaction_free (ix);
      return;
    }
  message = message_with_flags (ix, g_ptr_array_index (ix->reply->followups,
                                                       ix->next_followup++), TRUE);
  body = object_node (message);
  path = g_strdup_printf ("/webhooks/%s/%s", ix->application_id, ix->token);
  dc_discord_rest_request_async (ix->bot->rest, "POST", path, body, NULL, followup_cb, ix);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Interaction *ix = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = dc_discord_rest_request_finish (ix->bot->rest, result, NULL,
                                                               &error);

  if (error != NULL)
    {
      g_warning ("Answering interaction %s failed: %s", ix->id, error->message);
      interaction_free (ix);
      return;
    }
  send_followup (ix);
}

/* Into the deferred ("thinking…") message. */
static void
edit_original (Interaction *ix)
{
  g_autofree char *path = g_strdup_printf ("/webhooks/%s/%s/messages/@original",
                                           ix->application_id, ix->token);
  g_autoptr(JsonObject) message = message_with_flags (ix, ix->reply->message, FALSE);
  g_autoptr(JsonNode) body = object_node (message);

  dc_discord_rest_request_async (ix->bot->rest, "PATCH", path, body, NULL, answered_cb, ix);
}

static void
send_callback (Interaction *ix,
               int          type,
               JsonObject  *data /* nullable */,
               GAsyncReadyCallback callback)
{
  g_autofree char *path = g_strdup_printf ("/interactions/%s/%s/callback", ix->id, ix->token);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_int_member (body, "type", type);
  if (data != NULL)
    json_object_set_object_member (body, "data", json_object_ref (data));
  node = object_node (body);
  dc_discord_rest_request_async (ix->bot->rest, "POST", path, node, NULL, callback, ix);
}

static void
answer_now (Interaction *ix)
{
  g_autoptr(JsonObject) data = NULL;

  if (ix->type == DC_INTERACTION_AUTOCOMPLETE)
    {
      data = json_object_new ();
      json_object_set_array_member (data, "choices", json_array_ref (ix->reply->choices));
      send_callback (ix, DC_CALLBACK_AUTOCOMPLETE_RESULT, data, answered_cb);
      return;
    }
  if (ix->reply->update)
    {
      data = message_with_flags (ix, ix->reply->message, FALSE);
      send_callback (ix, DC_CALLBACK_UPDATE_MESSAGE, data, answered_cb);
      return;
    }
  data = message_with_flags (ix, ix->reply->message, TRUE);
  send_callback (ix, DC_CALLBACK_CHANNEL_MESSAGE, data, answered_cb);
}

static void
deferred_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Interaction *ix = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = dc_discord_rest_request_finish (ix->bot->rest, result, NULL,
                                                               &error);

  if (error != NULL)
    g_warning ("Deferring interaction %s failed: %s", ix->id, error->message);
  ix->ack = ACK_DONE;
  /* The command finished while the deferral was on its way. */
  if (ix->reply != NULL)
    edit_original (ix);
}

static gboolean
defer_cb (gpointer user_data)
{
  Interaction *ix = user_data;
  g_autoptr(JsonObject) data = json_object_new ();

  ix->defer_id = 0;
  ix->ack = ACK_SENDING;
  g_debug ("Interaction %s: still working after %u ms; deferring", ix->id,
           ix->bot->config->defer_after_ms);
  if (ix->type == DC_INTERACTION_MESSAGE_COMPONENT)
    send_callback (ix, DC_CALLBACK_DEFERRED_UPDATE_MESSAGE, NULL, deferred_cb);
  else
    {
      if (ix->ephemeral)
        json_object_set_int_member (data, "flags", DC_MESSAGE_FLAG_EPHEMERAL);
      send_callback (ix, DC_CALLBACK_DEFERRED_CHANNEL_MESSAGE, data, deferred_cb);
    }
  return G_SOURCE_REMOVE;
}

/* Worker thread: the guild report (so /dd matches scope:server sees this user) and the
 * command itself. */
static void
report_seen (DcBot       *bot,
             JsonObject  *interaction,
             const char  *guild_name)
{
  JsonObject *user = dc_bot_interaction_user (interaction);
  const char *user_id = user ? json_object_get_string_member_with_default (user, "id", NULL)
                             : NULL;
  const char *guild_id = json_object_get_string_member_with_default (interaction, "guild_id",
                                                                     NULL);
  g_autofree char *key = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 *expiry;
  gboolean fresh;

  if (user_id == NULL || guild_id == NULL)
    return;
  key = g_strconcat (user_id, ":", guild_id, NULL);
  g_mutex_lock (&bot->seen_lock);
  expiry = g_hash_table_lookup (bot->seen, key);
  fresh = expiry != NULL && *expiry > g_get_monotonic_time ();
  g_mutex_unlock (&bot->seen_lock);
  if (fresh)
    return;

  body = json_object_new ();
  json_object_set_string_member (body, "discord_user_id", user_id);
  json_object_set_string_member (body, "guild_id", guild_id);
  if (guild_name != NULL)
    json_object_set_string_member (body, "guild_name", guild_name);
  node = object_node (body);
  answer = dc_bot_api_call (bot->api, "POST", "/discord/seen", NULL, node, &error);
  if (answer == NULL)
    {
      g_message ("Reporting a guild sighting failed: %s", error ? error->message : "no answer");
      return;
    }
  /* Someone not linked yet is asked again next time: they may link in between. */
  if (json_object_get_boolean_member_with_default (json_node_get_object (answer), "recorded",
                                                   FALSE))
    {
      gint64 until = g_get_monotonic_time () + SEEN_CACHE_US;

      g_mutex_lock (&bot->seen_lock);
      g_hash_table_replace (bot->seen, g_steal_pointer (&key), g_memdup2 (&until, sizeof until));
      g_mutex_unlock (&bot->seen_lock);
    }
}

static void
run_command_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Interaction *ix = task_data;

  if (ix->type != DC_INTERACTION_AUTOCOMPLETE)
    report_seen (ix->bot, ix->interaction, ix->guild_name);
  g_task_return_pointer (task, dc_bot_commands_run (ix->bot->api, ix->interaction),
                         (GDestroyNotify) dc_bot_reply_free);
}

static void
command_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Interaction *ix = user_data;

  ix->reply = g_task_propagate_pointer (G_TASK (result), NULL);
  g_clear_handle_id (&ix->defer_id, g_source_remove);
  switch (ix->ack)
    {
    case ACK_NONE:
      answer_now (ix);
      break;
    case ACK_SENDING:
      /* deferred_cb edits the original message. */
      break;
    case ACK_DONE:
      edit_original (ix);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
handle_interaction (DcBot      *self,
                    JsonObject *interaction)
{
  Interaction *ix = g_new0 (Interaction, 1);
  g_autoptr(GTask) task = NULL;
  const char *guild_id = json_object_get_string_member_with_default (interaction, "guild_id",
                                                                     NULL);
  const char *application_id = json_object_get_string_member_with_default (interaction,
                                                                           "application_id",
                                                                           NULL);

  ix->bot = g_object_ref (self);
  ix->interaction = json_object_ref (interaction);
  ix->id = g_strdup (json_object_get_string_member_with_default (interaction, "id", NULL));
  ix->token = g_strdup (json_object_get_string_member_with_default (interaction, "token", NULL));
  ix->application_id = g_strdup (application_id ? application_id : self->application_id);
  ix->type = json_object_get_int_member_with_default (interaction, "type", 0);
  ix->started_us = g_get_monotonic_time ();
  if (guild_id != NULL)
    ix->guild_name = g_strdup (g_hash_table_lookup (self->guild_names, guild_id));

  if (ix->id == NULL || ix->token == NULL || ix->application_id == NULL ||
      (ix->type != DC_INTERACTION_APPLICATION_COMMAND &&
       ix->type != DC_INTERACTION_MESSAGE_COMPONENT && ix->type != DC_INTERACTION_AUTOCOMPLETE))
    {
      g_debug ("Ignoring an interaction of type %" G_GINT64_FORMAT, ix->type);
      interaction_free (ix);
      return;
    }
  ix->ephemeral = dc_bot_commands_is_ephemeral (interaction);

  /* Discord waits 3 s for a first answer; autocomplete cannot be deferred at all. */
  if (ix->type != DC_INTERACTION_AUTOCOMPLETE)
    ix->defer_id = g_timeout_add (self->config->defer_after_ms, defer_cb, ix);
  task = g_task_new (NULL, NULL, command_done_cb, ix);
  g_task_set_source_tag (task, handle_interaction);
  g_task_set_task_data (task, ix, NULL);
  g_task_run_in_thread (task, run_command_thread);
}

/* --- DM alerts ------------------------------------------------------------------------- */

typedef struct
{
  DcBot     *bot;
  JsonArray *alerts;
  guint      next;
  char      *channel_id;
} AlertRun;

static void
alert_run_free (AlertRun *run)
{
  run->bot->alerts_running = FALSE;
  g_clear_object (&run->bot);
  g_clear_pointer (&run->alerts, json_array_unref);
  g_free (run->channel_id);
  g_free (run);
}

static void deliver_next (AlertRun *run);

typedef struct
{
  DcBotApi *api;
  char     *path;
  char     *reason;
} AlertReport;

static void
alert_report_free (gpointer data)
{
  AlertReport *report = data;

  g_free (report->path);
  g_free (report->reason);
  g_free (report);
}

static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AlertReport *report = task_data;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (report->reason != NULL)
    {
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "error", report->reason);
      body = object_node (object);
      json_object_unref (object);
    }
  answer = dc_bot_api_call (report->api, "POST", report->path, NULL, body, &error);
  if (error != NULL)
    g_warning ("Reporting a DM alert (%s) failed: %s", report->path, error->message);
  g_task_return_boolean (task, error == NULL);
}

static void
reported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  deliver_next (user_data);
}

static void
report_alert (AlertRun   *run,
              const char *alert_id,
              const char *reason)
{
  AlertReport *report = g_new0 (AlertReport, 1);
  g_autoptr(GTask) task = g_task_new (NULL, NULL, reported_cb, run);

  report->api = run->bot->api;
  report->path = g_strdup_printf ("/discord/alerts/%s/%s", alert_id,
                                  reason ? "failed" : "delivered");
  report->reason = g_strdup (reason);
  g_task_set_task_data (task, report, alert_report_free);
  g_task_run_in_thread (task, report_thread);
}

static JsonObject *
current_alert (AlertRun *run)
{
  return json_array_get_object_element (run->alerts, run->next - 1);
}

static void
message_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AlertRun *run = user_data;
  JsonObject *alert = current_alert (run);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  int code = 0;

  answer = dc_discord_rest_request_finish (run->bot->rest, result, &code, &error);
  if (error != NULL)
    {
      /* A stale DM channel is opened afresh on the next try. */
      if (code == DC_DISCORD_CODE_UNKNOWN_CHANNEL)
        g_hash_table_remove (run->bot->dm_channels,
                             json_object_get_string_member (alert, "discord_user_id"));
      g_message ("DM alert %s not delivered: %s", json_object_get_string_member (alert, "id"),
                 error->message);
      report_alert (run, json_object_get_string_member (alert, "id"), error->message);
      return;
    }
  report_alert (run, json_object_get_string_member (alert, "id"), NULL);
}

static void
send_alert_message (AlertRun   *run,
                    const char *channel_id)
{
  JsonObject *alert = current_alert (run);
  g_autoptr(JsonObject) message = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  JsonObject *embed = json_object_new ();
  JsonObject *footer = json_object_new ();
  JsonObject *mentions = json_object_new ();
  JsonArray *embeds = json_array_new ();
  const char *title = json_object_get_string_member_with_default (alert, "title", NULL);
  const char *text = json_object_get_string_member_with_default (alert, "body", NULL);
  const char *url = json_object_get_string_member_with_default (alert, "url", NULL);
  g_autofree char *path = g_strdup_printf ("/channels/%s/messages", channel_id);

  json_object_set_string_member (embed, "title", title ? title : "Dualcaster Deals");
  if (text != NULL)
    json_object_set_string_member (embed, "description", text);
  if (url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
    json_object_set_string_member (embed, "url", url);
  json_object_set_int_member (embed, "color", COLOR_ALERT);
  json_object_set_string_member (footer, "text",
                                 "Dualcaster Deals · DM alerts: Settings → Notifications");
  json_object_set_object_member (embed, "footer", footer);
  json_array_add_object_element (embeds, embed);
  json_object_set_array_member (message, "embeds", embeds);
  json_object_set_array_member (mentions, "parse", json_array_new ());
  json_object_set_object_member (message, "allowed_mentions", mentions);
  body = object_node (message);
  dc_discord_rest_request_async (run->bot->rest, "POST", path, body, NULL, message_sent_cb, run);
}

static void
channel_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AlertRun *run = user_data;
  JsonObject *alert = current_alert (run);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) channel = dc_discord_rest_request_finish (run->bot->rest, result, NULL,
                                                                &error);
  const char *channel_id = channel && JSON_NODE_HOLDS_OBJECT (channel)
                             ? json_object_get_string_member_with_default (
                                 json_node_get_object (channel), "id", NULL)
                             : NULL;

  if (channel_id == NULL)
    {
      report_alert (run, json_object_get_string_member (alert, "id"),
                    error ? error->message : "Discord did not open a DM channel");
      return;
    }
  g_hash_table_replace (run->bot->dm_channels,
                        g_strdup (json_object_get_string_member (alert, "discord_user_id")),
                        g_strdup (channel_id));
  send_alert_message (run, channel_id);
}

static void
deliver_next (AlertRun *run)
{
  JsonObject *alert;
  const char *recipient, *channel_id;

  if (run->next >= json_array_get_length (run->alerts))
    {
      alert_run_free (run);
      return;
    }
  run->next++;
  alert = current_alert (run);
  recipient = json_object_get_string_member_with_default (alert, "discord_user_id", NULL);
  if (recipient == NULL)
    {
      report_alert (run, json_object_get_string_member (alert, "id"), "No Discord user");
      return;
    }
  channel_id = g_hash_table_lookup (run->bot->dm_channels, recipient);
  if (channel_id != NULL)
    send_alert_message (run, channel_id);
  else
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (body, "recipient_id", recipient);
      node = object_node (body);
      dc_discord_rest_request_async (run->bot->rest, "POST", "/users/@me/channels", node, NULL,
                                     channel_opened_cb, run);
    }
}

static void
fetch_alerts_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DcBot *bot = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/discord/alerts/pending?limit=%d", ALERTS_PER_POLL);
  g_autoptr(JsonNode) root = dc_bot_api_call (bot->api, "GET", path, NULL, NULL, &error);
  JsonArray *alerts;

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  alerts = JSON_NODE_HOLDS_OBJECT (root)
             ? json_object_get_array_member (json_node_get_object (root), "alerts") : NULL;
  g_task_return_pointer (task, alerts ? json_array_ref (alerts) : json_array_new (),
                         (GDestroyNotify) json_array_unref);
}

static void
alerts_fetched_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AlertRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->alerts = g_task_propagate_pointer (G_TASK (result), &error);
  if (run->alerts == NULL)
    {
      g_message ("Fetching DM alerts failed: %s", error->message);
      alert_run_free (run);
      return;
    }
  if (json_array_get_length (run->alerts) > 0)
    g_info ("Delivering %u DM alert(s)", json_array_get_length (run->alerts));
  deliver_next (run);
}

static gboolean
poll_alerts_cb (gpointer user_data)
{
  DcBot *self = user_data;
  g_autoptr(GTask) task = NULL;
  AlertRun *run;

  if (self->alerts_running)
    return G_SOURCE_CONTINUE;
  self->alerts_running = TRUE;
  run = g_new0 (AlertRun, 1);
  run->bot = g_object_ref (self);
  task = g_task_new (NULL, NULL, alerts_fetched_cb, run);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);
  g_task_run_in_thread (task, fetch_alerts_thread);
  return G_SOURCE_CONTINUE;
}

/* --- gateway events -------------------------------------------------------------------- */

static void
register_commands (DcBot *self);

static gboolean
register_retry_cb (gpointer user_data)
{
  register_commands (user_data);
  return G_SOURCE_REMOVE;
}

static void
registered_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DcBot) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = dc_discord_rest_request_finish (self->rest, result, NULL, &error);

  if (error != NULL)
    {
      guint delay_s = MIN (5u << MIN (self->register_attempts, 6u), 300u);

      g_warning ("Registering the /dd command failed (retrying in %u s): %s", delay_s,
                 error->message);
      g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, delay_s, register_retry_cb,
                                  g_object_ref (self), g_object_unref);
      return;
    }
  self->commands_registered = TRUE;
  g_message ("Registered /dd (%u command%s)",
             answer && JSON_NODE_HOLDS_ARRAY (answer)
               ? json_array_get_length (json_node_get_array (answer)) : 0,
             answer && JSON_NODE_HOLDS_ARRAY (answer) &&
             json_array_get_length (json_node_get_array (answer)) == 1 ? "" : "s");
}

/* Bulk overwrite: what we send is exactly the application's command set; unchanged commands
 * do not count against Discord's daily creation limit. */
static void
register_commands (DcBot *self)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (self->commands_registered || self->application_id == NULL)
    return;
  self->register_attempts++;
  path = g_strdup_printf ("/applications/%s/commands", self->application_id);
  body = dc_bot_commands_definitions ();
  dc_discord_rest_request_async (self->rest, "PUT", path, body, NULL, registered_cb,
                                 g_object_ref (self));
}

static void
ready_cb (DcGateway  *gateway,
          JsonObject *ready,
          gpointer    user_data)
{
  DcBot *self = user_data;
  JsonObject *application = json_object_has_member (ready, "application") &&
                            JSON_NODE_HOLDS_OBJECT (json_object_get_member (ready, "application"))
                              ? json_object_get_object_member (ready, "application") : NULL;
  const char *id = application ? json_object_get_string_member_with_default (application, "id",
                                                                             NULL) : NULL;

  if (self->application_id == NULL && id != NULL)
    self->application_id = g_strdup (id);
  register_commands (self);
  poll_alerts_cb (self);
}

static void
dispatch_cb (DcGateway  *gateway,
             const char *type,
             JsonNode   *data,
             gpointer    user_data)
{
  DcBot *self = user_data;
  JsonObject *object = data && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
  const char *guild_id;

  if (object == NULL)
    return;
  if (g_str_equal (type, "INTERACTION_CREATE"))
    {
      handle_interaction (self, object);
      return;
    }
  guild_id = json_object_get_string_member_with_default (object, "id", NULL);
  if (guild_id == NULL)
    return;
  if (g_str_equal (type, "GUILD_CREATE") || g_str_equal (type, "GUILD_UPDATE"))
    {
      const char *name = json_object_get_string_member_with_default (object, "name", NULL);

      if (name != NULL)
        g_hash_table_replace (self->guild_names, g_strdup (guild_id), g_strdup (name));
    }
  else if (g_str_equal (type, "GUILD_DELETE"))
    g_hash_table_remove (self->guild_names, guild_id);
}

static void
fatal_cb (DcGateway  *gateway,
          const char *message,
          gpointer    user_data)
{
  g_signal_emit (user_data, signals[FATAL], 0, message);
}

/* --- start-up -------------------------------------------------------------------------- */

static void start_gateway (DcBot *self);

static gboolean
start_retry_cb (gpointer user_data)
{
  DcBot *self = user_data;

  self->start_retry_id = 0;
  start_gateway (self);
  return G_SOURCE_REMOVE;
}

static void
gateway_url_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DcBot) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = dc_discord_rest_request_finish (self->rest, result, NULL, &error);
  const char *url = answer && JSON_NODE_HOLDS_OBJECT (answer)
                      ? json_object_get_string_member_with_default (json_node_get_object (answer),
                                                                    "url", NULL)
                      : NULL;

  if (url == NULL)
    {
      if (error != NULL && strstr (error->message, "answered 401") != NULL)
        {
          g_signal_emit (self, signals[FATAL], 0, "Discord refused DISCORD_BOT_TOKEN (401)");
          return;
        }
      g_message ("Asking Discord for the gateway failed (%s); retrying in 5 s",
                 error ? error->message : "no url");
      self->start_retry_id = g_timeout_add_seconds (5, start_retry_cb, self);
      return;
    }
  dc_gateway_start (self->gateway, url);
}

static void
start_gateway (DcBot *self)
{
  if (self->config->gateway_url != NULL)
    dc_gateway_start (self->gateway, self->config->gateway_url);
  else
    dc_discord_rest_request_async (self->rest, "GET", "/gateway/bot", NULL, NULL, gateway_url_cb,
                                   g_object_ref (self));
}

static void
dc_bot_dispose (GObject *object)
{
  DcBot *self = DC_BOT (object);

  g_clear_handle_id (&self->alert_poll_id, g_source_remove);
  g_clear_handle_id (&self->start_retry_id, g_source_remove);
  if (self->gateway != NULL)
    g_signal_handlers_disconnect_by_data (self->gateway, self);
  g_clear_object (&self->gateway);
  G_OBJECT_CLASS (dc_bot_parent_class)->dispose (object);
}

static void
dc_bot_finalize (GObject *object)
{
  DcBot *self = DC_BOT (object);

  g_clear_pointer (&self->rest, dc_discord_rest_free);
  g_clear_pointer (&self->api, dc_bot_api_free);
  g_clear_object (&self->session);
  g_clear_pointer (&self->config, dc_bot_config_free);
  g_free (self->application_id);
  g_hash_table_unref (self->guild_names);
  g_hash_table_unref (self->dm_channels);
  g_hash_table_unref (self->seen);
  g_mutex_clear (&self->seen_lock);
  G_OBJECT_CLASS (dc_bot_parent_class)->finalize (object);
}

static void
dc_bot_class_init (DcBotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dc_bot_dispose;
  object_class->finalize = dc_bot_finalize;

  /**
   * DcBot::fatal:
   * @message: why the bot cannot continue
   */
  signals[FATAL] = g_signal_new ("fatal", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dc_bot_init (DcBot *self)
{
  self->guild_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->dm_channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->seen_lock);
}

/**
 * dc_bot_new:
 * @config: (transfer full): the settings
 */
DcBot *
dc_bot_new (DcBotConfig *config)
{
  DcBot *self = g_object_new (DC_TYPE_BOT, NULL);

  self->config = config;
  self->application_id = g_strdup (config->application_id);
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "user-agent",
                                                 "DiscordBot (https://dualcasterdeals.com, "
                                                 PACKAGE_VERSION ")", NULL);
  self->rest = dc_discord_rest_new (self->session, config->discord_api_base, config->bot_token);
  self->api = dc_bot_api_new (config->api_url, config->api_key);
  self->gateway = dc_gateway_new (self->session, config->bot_token, DC_GATEWAY_INTENT_GUILDS,
                                  config->backoff_ms);
  g_signal_connect (self->gateway, "ready", G_CALLBACK (ready_cb), self);
  g_signal_connect (self->gateway, "dispatch", G_CALLBACK (dispatch_cb), self);
  g_signal_connect (self->gateway, "fatal", G_CALLBACK (fatal_cb), self);
  return self;
}

void
dc_bot_start (DcBot *self)
{
  g_return_if_fail (DC_IS_BOT (self));

  start_gateway (self);
  /* Commands can be registered before the gateway is up when the id is configured. */
  register_commands (self);
  self->alert_poll_id = g_timeout_add_seconds (self->config->alert_poll_s, poll_alerts_cb, self);
}

void
dc_bot_stop (DcBot *self)
{
  g_return_if_fail (DC_IS_BOT (self));

  g_clear_handle_id (&self->alert_poll_id, g_source_remove);
  if (self->gateway != NULL)
    dc_gateway_stop (self->gateway);
}
