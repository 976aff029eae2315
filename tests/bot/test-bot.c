/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The real bot process against the fake Discord and the real server: each /dd command end to
 * end (inject an interaction, read what the bot answered, check the server), the gateway's
 * recovery (a dropped socket, op 7, op 9, a missed heartbeat ACK), rate limits and DM alerts.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "dc-discord-service.h"
#include "dc-test-fake-discord.h"
#include "dc-test-harness.h"

#define BOT_KEY "bot-test-key"
#define GUILD DC_FAKE_DISCORD_GUILD_ID
#define CHANNEL "800000000000000001"
#define WAIT_MS 10000

/* Discord users. */
#define ALICE_DISCORD "200000000000000001"
#define BOB_DISCORD   "200000000000000002"
#define DAVE_DISCORD  "200000000000000004"
#define NOBODY        "200000000000000009"

/* Real printings from data/demo/cards.jsonl.gz. */
#define COUNTER_FCA "e1e48b21-1a4f-4708-a4b4-e2e296df924c" /* Counterspell, FCA 4 */

typedef struct
{
  GSubprocess *process;
  char        *log_path;
} Bot;

static DcTestServer *server;
static DcFakeDiscord *discord;
static Bot *bot;
static gboolean have_catalog;
static char *alice;
static char *bob;

/* --- processes ------------------------------------------------------------------------ */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static Bot *
bot_start (DcFakeDiscord *fake,
           const char    *defer_after_ms)
{
  Bot *b = g_new0 (Bot, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = g_build_filename (g_getenv ("DC_BUILD_DIR"), "discord-bot",
                                              "dualcaster-discord-bot", NULL);
  g_autofree char *api_url = g_strconcat (server->base_url, "/api", NULL);
  static guint count;

  b->log_path = g_strdup_printf ("%s/bot-%u.log", server->dir, ++count);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, b->log_path);
  g_subprocess_launcher_setenv (launcher, "DISCORD_BOT_TOKEN", DC_FAKE_DISCORD_BOT_TOKEN, TRUE);
  g_subprocess_launcher_setenv (launcher, "DUALCASTER_API_KEY", BOT_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "DUALCASTER_API_URL", api_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "DISCORD_API_BASE", fake->api_base, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISCORD_GATEWAY_URL");
  g_subprocess_launcher_unsetenv (launcher, "DISCORD_APPLICATION_ID");
  g_subprocess_launcher_setenv (launcher, "DC_BOT_ALERT_POLL_SECONDS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "DC_BOT_BACKOFF_MS", "50", TRUE);
  g_subprocess_launcher_setenv (launcher, "DC_BOT_DEFER_AFTER_MS", defer_after_ms, TRUE);
  g_subprocess_launcher_setenv (launcher, "LOG_LEVEL", "info", TRUE);
  g_subprocess_launcher_setenv (launcher, "DUALCASTER_ENV_FILE", "/dev/null", TRUE);
  b->process = g_subprocess_launcher_spawn (launcher, &error, binary, NULL);
  g_assert_no_error (error);
  return b;
}

static void
bot_free (Bot *b)
{
  if (b == NULL)
    return;
  g_subprocess_send_signal (b->process, SIGTERM);
  g_subprocess_wait (b->process, NULL, NULL);
  g_object_unref (b->process);
  g_free (b->log_path);
  g_free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bot, bot_free)

static void
dump_bot_log (Bot *b)
{
  g_autofree char *log = NULL;

  if (g_file_get_contents (b->log_path, &log, NULL, NULL))
    g_printerr ("--- bot log ---\n%s--- end ---\n", log);
}

/* Waits for READY and the command registration. */
static void
wait_bot_ready (DcFakeDiscord *fake,
                Bot           *b)
{
  g_autoptr(JsonObject) ready = dc_fake_discord_wait_frame (fake, "out", 0, "READY", 1, WAIT_MS);
  g_autoptr(JsonObject) registered = NULL;

  if (ready == NULL)
    dump_bot_log (b);
  g_assert_nonnull (ready);
  registered = dc_fake_discord_wait_request (fake, 0, "PUT", "/commands", WAIT_MS);
  g_assert_nonnull (registered);
}

/* --- interactions ---------------------------------------------------------------------- */

static char *
slash (const char *discord_user,
       const char *username,
       gboolean    in_guild,
       const char *options_json)
{
  g_autofree char *user = g_strdup_printf ("{\"id\":\"%s\",\"username\":\"%s\","
                                           "\"global_name\":\"%s\",\"discriminator\":\"0\","
                                           "\"avatar\":null}", discord_user, username, username);

  if (in_guild)
    return g_strdup_printf ("{\"type\":2,\"guild_id\":\"" GUILD "\",\"channel_id\":\"" CHANNEL
                            "\",\"member\":{\"user\":%s,\"roles\":[],\"permissions\":\"0\","
                            "\"nick\":null},\"data\":{\"id\":\"1200000000000000001\","
                            "\"name\":\"dd\",\"type\":1,\"options\":[%s]}}", user,
                            options_json);
  return g_strdup_printf ("{\"type\":2,\"channel_id\":\"" CHANNEL "\",\"user\":%s,"
                          "\"data\":{\"id\":\"1200000000000000001\",\"name\":\"dd\",\"type\":1,"
                          "\"options\":[%s]}}", user, options_json);
}

static char *
pick (const char *discord_user,
      const char *custom_id,
      const char *value)
{
  return g_strdup_printf ("{\"type\":3,\"guild_id\":\"" GUILD "\",\"channel_id\":\"" CHANNEL
                          "\",\"member\":{\"user\":{\"id\":\"%s\",\"username\":\"picker\"}},"
                          "\"message\":{\"id\":\"1300000000000000001\",\"channel_id\":\"" CHANNEL
                          "\"},\"data\":{\"custom_id\":\"%s\",\"component_type\":3,"
                          "\"values\":[\"%s\"]}}", discord_user, custom_id, value);
}

typedef struct
{
  int         callback_type;
  JsonObject *callback;    /* the callback body */
  JsonObject *message;     /* what the user finally sees (callback data or the edit) */
  JsonArray  *followups;   /* bodies */
  gint64      callback_at;
} Answer;

static void
answer_free (Answer *a)
{
  g_clear_pointer (&a->callback, json_object_unref);
  g_clear_pointer (&a->message, json_object_unref);
  g_clear_pointer (&a->followups, json_array_unref);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* The first accepted request (2xx) after @since whose path contains @part. */
static JsonObject *
wait_accepted (DcFakeDiscord *fake,
               guint          since,
               const char    *method,
               const char    *part,
               guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  do
    {
      g_autoptr(JsonArray) requests = dc_fake_discord_requests (fake, since);

      for (guint i = 0; i < json_array_get_length (requests); i++)
        {
          JsonObject *r = json_array_get_object_element (requests, i);

          if (g_str_equal (json_object_get_string_member (r, "method"), method) &&
              strstr (json_object_get_string_member (r, "path"), part) != NULL &&
              json_object_get_int_member (r, "status") < 300)
            return json_object_ref (r);
        }
      g_usleep (20 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  return NULL;
}

/* Injects @interaction_json and returns the bot's answer, following a deferral to the edit
 * of the original message, plus the follow-ups sent within a short while. */
static Answer *
interact_on (DcFakeDiscord *fake,
             const char    *interaction_json,
             guint          expected_followups)
{
  guint since = dc_fake_discord_last_seq (fake);
  g_autoptr(JsonObject) injected = dc_fake_discord_interact (fake, interaction_json);
  g_autofree char *callback_part = g_strdup_printf ("/interactions/%s/",
                                                    json_object_get_string_member (injected,
                                                                                   "id"));
  const char *token = json_object_get_string_member (injected, "token");
  g_autoptr(JsonObject) callback = wait_accepted (fake, since, "POST", callback_part, WAIT_MS);
  Answer *answer = g_new0 (Answer, 1);
  JsonObject *body;

  if (callback == NULL)
    dump_bot_log (bot);
  g_assert_nonnull (callback);
  body = json_object_get_object_member (callback, "body");
  answer->callback = json_object_ref (body);
  answer->callback_type = (int) json_object_get_int_member (body, "type");
  answer->callback_at = json_object_get_int_member (callback, "at_ms");
  if (answer->callback_type == 5 || answer->callback_type == 6)
    {
      g_autofree char *edit_part = g_strdup_printf ("/%s/messages/@original", token);
      g_autoptr(JsonObject) edit = wait_accepted (fake, since, "PATCH", edit_part, WAIT_MS);

      g_assert_nonnull (edit);
      answer->message = json_object_ref (json_object_get_object_member (edit, "body"));
    }
  else if (json_object_has_member (body, "data"))
    answer->message = json_object_ref (json_object_get_object_member (body, "data"));

  answer->followups = json_array_new ();
  if (expected_followups > 0)
    {
      gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
      g_autofree char *part = g_strdup_printf ("/webhooks/%s/%s", DC_FAKE_DISCORD_APPLICATION_ID,
                                               token);

      while (json_array_get_length (answer->followups) < expected_followups &&
             g_get_monotonic_time () < deadline)
        {
          g_autoptr(JsonArray) requests = dc_fake_discord_requests (fake, since);

          json_array_unref (answer->followups);
          answer->followups = json_array_new ();
          for (guint i = 0; i < json_array_get_length (requests); i++)
            {
              JsonObject *r = json_array_get_object_element (requests, i);

              if (g_str_equal (json_object_get_string_member (r, "method"), "POST") &&
                  g_str_has_suffix (json_object_get_string_member (r, "path"), part + 0) &&
                  json_object_get_int_member (r, "status") < 300)
                json_array_add_object_element (answer->followups,
                                               json_object_ref (json_object_get_object_member (
                                                 r, "body")));
            }
          g_usleep (20 * 1000);
        }
    }
  return answer;
}

static Answer *
interact (const char *interaction_json)
{
  return interact_on (discord, interaction_json, 0);
}

/* Everything a user reads in a message, as one string for substring checks. */
static char *
message_text (JsonObject *message)
{
  GString *text = g_string_new (json_object_get_string_member_with_default (message, "content",
                                                                            ""));
  JsonArray *embeds = json_object_has_member (message, "embeds")
                        ? json_object_get_array_member (message, "embeds") : NULL;
  JsonArray *rows = json_object_has_member (message, "components")
                      ? json_object_get_array_member (message, "components") : NULL;

  for (guint e = 0; embeds && e < json_array_get_length (embeds); e++)
    {
      JsonObject *embed = json_array_get_object_element (embeds, e);
      JsonArray *fields = json_object_has_member (embed, "fields")
                            ? json_object_get_array_member (embed, "fields") : NULL;

      g_string_append_printf (text, "\n%s\n%s",
                              json_object_get_string_member_with_default (embed, "title", ""),
                              json_object_get_string_member_with_default (embed, "description",
                                                                          ""));
      for (guint f = 0; fields && f < json_array_get_length (fields); f++)
        {
          JsonObject *field = json_array_get_object_element (fields, f);

          g_string_append_printf (text, "\n%s: %s", json_object_get_string_member (field, "name"),
                                  json_object_get_string_member (field, "value"));
        }
    }
  for (guint r = 0; rows && r < json_array_get_length (rows); r++)
    {
      JsonArray *children = json_object_get_array_member (json_array_get_object_element (rows, r),
                                                          "components");

      for (guint c = 0; c < json_array_get_length (children); c++)
        {
          JsonObject *child = json_array_get_object_element (children, c);
          JsonArray *options = json_object_has_member (child, "options")
                                 ? json_object_get_array_member (child, "options") : NULL;

          for (guint o = 0; options && o < json_array_get_length (options); o++)
            g_string_append_printf (text, "\n[%s]",
                                    json_object_get_string_member (
                                      json_array_get_object_element (options, o), "label"));
        }
    }
  return g_string_free (text, FALSE);
}

static gboolean
is_ephemeral (JsonObject *message)
{
  return (json_object_get_int_member_with_default (message, "flags", 0) & 64) != 0;
}

static JsonObject *
first_select (JsonObject *message)
{
  JsonArray *rows = json_object_get_array_member (message, "components");
  JsonObject *row = json_array_get_object_element (rows, 0);

  return json_array_get_object_element (json_object_get_array_member (row, "components"), 0);
}

#define assert_contains(haystack, needle) G_STMT_START { \
    const char *h_ = (haystack), *n_ = (needle); \
    if (strstr (h_, n_) == NULL) \
      g_error ("“%s” not found in:\n%s", n_, h_); \
  } G_STMT_END

/* --- server side helpers ---------------------------------------------------------------- */

static gboolean
require_catalog (void)
{
  if (!have_catalog)
    g_test_skip ("The card catalog (import-scryfall) is not on this branch yet");
  return have_catalog;
}

static JsonObject *
get_json (const char *path,
          const char *token)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", path, token, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (dc_test_response_object (r));
}

/* Links @token's account to @discord_user the way a user does: /dd link, then the code in
 * the app. */
static void
link_through_bot (const char *token,
                  const char *discord_user,
                  const char *username)
{
  g_autofree char *json = slash (discord_user, username, TRUE, "{\"name\":\"link\",\"type\":1}");
  g_autoptr(Answer) answer = interact (json);
  g_autofree char *text = message_text (answer->message);
  g_autoptr(GRegex) regex = g_regex_new ("`([A-Z0-9]{4}-[A-Z0-9]{4})`", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autoptr(DcTestResponse) r = NULL;

  g_assert_true (g_regex_match (regex, text, 0, &match));
  code = g_match_info_fetch (match, 1);
  body = g_strdup_printf ("{\"code\":\"%s\"}", code);
  r = dc_test_request (server, "POST", "/api/oauth/discord/link-code", token, body, NULL);
  g_assert_cmpuint (r->status, ==, 200);
}

static gint64
sync_cursor (const char *token)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/sync", token,
                                                 "{\"device_id\":\"desktop\",\"cursor\":0,"
                                                 "\"ops\":[]}", NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_get_int_member (dc_test_response_object (r), "cursor");
}

/* The change for @id in the desktop's next sync from @cursor, or NULL. */
static JsonObject *
synced_change (const char *token,
               gint64      cursor,
               const char *id)
{
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"desktop\",\"cursor\":%"
                                           G_GINT64_FORMAT ",\"ops\":[]}", cursor);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/sync", token, body, NULL);
  JsonArray *changes = json_object_get_array_member (dc_test_response_object (r), "changes");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (change, "id"), id) == 0)
        return json_object_ref (change);
    }
  return NULL;
}

/* --- the desktop's WebSocket ------------------------------------------------------------ */

typedef struct
{
  SoupWebsocketConnection *connection;
  GPtrArray               *messages;
  gboolean                 done;
} Desktop;

static void
desktop_message_cb (SoupWebsocketConnection *connection,
                    gint                     type,
                    GBytes                  *message,
                    gpointer                 user_data)
{
  Desktop *desktop = user_data;

  g_ptr_array_add (desktop->messages, g_strndup (g_bytes_get_data (message, NULL),
                                                 g_bytes_get_size (message)));
}

static void
desktop_connected_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Desktop *desktop = user_data;

  desktop->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                               NULL);
  if (desktop->connection != NULL)
    g_signal_connect (desktop->connection, "message", G_CALLBACK (desktop_message_cb), desktop);
  desktop->done = TRUE;
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static Desktop *
desktop_connect (const char *token)
{
  static SoupSession *session;
  Desktop *desktop = g_new0 (Desktop, 1);
  g_autofree char *url = g_strconcat (server->base_url, "/api/ws?device_id=desktop", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  gboolean timed_out = FALSE;
  guint timeout;

  if (session == NULL)
    session = soup_session_new ();
  desktop->messages = g_ptr_array_new_with_free_func (g_free);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        desktop_connected_cb, desktop);
  timeout = g_timeout_add (WAIT_MS, flag_cb, &timed_out);
  while (!desktop->done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_nonnull (desktop->connection);
  return desktop;
}

static gboolean
desktop_wait_sync (Desktop *desktop)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (WAIT_MS, flag_cb, &timed_out);

  while (!timed_out)
    {
      for (guint i = 0; i < desktop->messages->len; i++)
        if (strstr (g_ptr_array_index (desktop->messages, i), "\"sync\"") != NULL)
          {
            g_source_remove (timeout);
            return TRUE;
          }
      g_main_context_iteration (NULL, TRUE);
    }
  return FALSE;
}

static void
desktop_free (Desktop *desktop)
{
  if (desktop->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (desktop->connection, desktop);
      soup_websocket_connection_close (desktop->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (desktop->connection);
    }
  g_ptr_array_unref (desktop->messages);
  g_free (desktop);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Desktop, desktop_free)

/* --- tests ------------------------------------------------------------------------------ */

static void
test_startup (void)
{
  g_autoptr(JsonObject) identify = dc_fake_discord_wait_frame (discord, "in", 2, NULL, 1,
                                                               WAIT_MS);
  g_autoptr(JsonObject) registered = dc_fake_discord_wait_request (discord, 0, "PUT",
                                                                   "/applications/"
                                                                   DC_FAKE_DISCORD_APPLICATION_ID
                                                                   "/commands", WAIT_MS);
  g_autoptr(JsonObject) gateway_ask = dc_fake_discord_wait_request (discord, 0, "GET",
                                                                    "/gateway/bot", 0);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *d, *properties, *dd;
  JsonArray *commands, *options;

  /* It asked Discord where the gateway is, with its bot token. */
  g_assert_nonnull (gateway_ask);
  g_assert_cmpstr (json_object_get_string_member (gateway_ask, "authorization"), ==,
                   "Bot " DC_FAKE_DISCORD_BOT_TOKEN);

  /* IDENTIFY: token, intents, properties; and the connection asked for v10 JSON. */
  g_assert_nonnull (identify);
  d = json_object_get_object_member (identify, "d");
  g_assert_cmpstr (json_object_get_string_member (d, "token"), ==, DC_FAKE_DISCORD_BOT_TOKEN);
  g_assert_cmpint (json_object_get_int_member (d, "intents"), ==, 1);
  properties = json_object_get_object_member (d, "properties");
  g_assert_cmpstr (json_object_get_string_member (properties, "os"), ==, "linux");
  {
    g_autoptr(JsonObject) gateway = dc_fake_discord_gateway (discord);
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (gateway,
                                                                                     "connections"),
                                                       0);
    assert_contains (json_object_get_string_member (first, "query"), "v=10");
    assert_contains (json_object_get_string_member (first, "query"), "encoding=json");
  }

  /* Bulk overwrite with one /dd command reaching all eleven subcommands. */
  g_assert_nonnull (registered);
  commands = json_object_get_array_member (registered, "body");
  g_assert_cmpuint (json_array_get_length (commands), ==, 1);
  dd = json_array_get_object_element (commands, 0);
  g_assert_cmpstr (json_object_get_string_member (dd, "name"), ==, "dd");
  options = json_object_get_array_member (dd, "options");
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *option = json_array_get_object_element (options, i);
      const char *name = json_object_get_string_member (option, "name");

      if (json_object_get_int_member (option, "type") == 2)
        {
          JsonArray *subs = json_object_get_array_member (option, "options");

          for (guint j = 0; j < json_array_get_length (subs); j++)
            g_hash_table_add (names, g_strdup_printf ("%s %s", name,
                                                      json_object_get_string_member (
                                                        json_array_get_object_element (subs, j),
                                                        "name")));
        }
      else
        g_hash_table_add (names, g_strdup (name));
    }
  {
    const char *expected[] = { "price", "want add", "want list", "want remove", "have add",
                               "have list", "matches", "link", "unlink", "help" };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      if (!g_hash_table_contains (names, expected[i]))
        g_error ("/dd %s is not registered", expected[i]);
    /* The eleventh, /dd matches server, is /dd matches with scope:server. */
    g_assert_cmpuint (g_hash_table_size (names), ==, G_N_ELEMENTS (expected));
  }

  /* Heartbeats flow and are acknowledged. */
  g_assert_nonnull (dc_fake_discord_wait_frame (discord, "in", 1, NULL, 2, WAIT_MS));
  g_assert_cmpuint (dc_fake_discord_count_frames (discord, "out", 11, NULL), >=, 1);
}

static void
test_help (void)
{
  g_autofree char *json = slash (NOBODY, "stranger", TRUE, "{\"name\":\"help\",\"type\":1}");
  g_autoptr(Answer) answer = interact (json);
  g_autofree char *text = message_text (answer->message);

  g_assert_cmpint (answer->callback_type, ==, 4);
  g_assert_true (is_ephemeral (answer->message));
  assert_contains (text, "/dd price");
  assert_contains (text, "/dd want add");
  assert_contains (text, "/dd matches scope:server");
  assert_contains (text, "/dd link");
  /* No mention can ping anyone. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_object_get_object_member (answer->message, "allowed_mentions"), "parse")), ==, 0);
}

static void
test_not_linked (void)
{
  const char *commands[] = {
    "{\"name\":\"want\",\"type\":2,\"options\":[{\"name\":\"list\",\"type\":1}]}",
    "{\"name\":\"have\",\"type\":2,\"options\":[{\"name\":\"list\",\"type\":1}]}",
    "{\"name\":\"want\",\"type\":2,\"options\":[{\"name\":\"remove\",\"type\":1,"
    "\"options\":[{\"name\":\"id\",\"type\":3,\"value\":\"3f9a1c\"}]}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *json = slash (NOBODY, "stranger", TRUE, commands[i]);
      g_autoptr(Answer) answer = interact (json);
      g_autofree char *text = message_text (answer->message);

      g_assert_cmpint (answer->callback_type, ==, 4);
      g_assert_true (is_ephemeral (answer->message));
      assert_contains (text, "Link your account first");
      assert_contains (text, "/dd link");
      assert_contains (text, "Settings → Connections → Enter a link code");
    }
}

static void
test_link_and_unlink (void)
{
  g_autofree char *dave = dc_test_register_user (server, "dave");

  /* /dd link gives a code, ephemerally, and says where it goes. */
  {
    g_autofree char *json = slash (DAVE_DISCORD, "dave_discord", TRUE,
                                   "{\"name\":\"link\",\"type\":1}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);

    g_assert_true (is_ephemeral (answer->message));
    assert_contains (text, "Settings → Connections → Enter a link code");
    g_assert_true (g_regex_match_simple ("`[A-Z0-9]{4}-[A-Z0-9]{4}`", text, 0, 0));
  }
  link_through_bot (dave, DAVE_DISCORD, "dave_discord");
  {
    g_autoptr(JsonObject) status = get_json ("/api/oauth/discord/status", dave);

    g_assert_true (json_object_get_boolean_member (status, "linked"));
    g_assert_cmpstr (json_object_get_string_member (status, "discord_user_id"), ==, DAVE_DISCORD);
    g_assert_cmpstr (json_object_get_string_member (status, "username"), ==, "dave_discord");
  }
  /* Linked already: no code, and the bot says to whom. */
  {
    g_autofree char *json = slash (DAVE_DISCORD, "dave_discord", TRUE,
                                   "{\"name\":\"link\",\"type\":1}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);

    assert_contains (text, "already linked to **@dave**");
    assert_contains (text, "/dd unlink");
  }
  /* /dd unlink, twice. */
  {
    g_autofree char *json = slash (DAVE_DISCORD, "dave_discord", TRUE,
                                   "{\"name\":\"unlink\",\"type\":1}");
    g_autoptr(Answer) answer = interact (json);
    g_autoptr(Answer) again = interact (json);
    g_autoptr(JsonObject) status = get_json ("/api/oauth/discord/status", dave);
    g_autofree char *text = message_text (answer->message);
    g_autofree char *text_again = message_text (again->message);

    g_assert_true (is_ephemeral (answer->message));
    assert_contains (text, "no longer linked");
    g_assert_false (json_object_get_boolean_member (status, "linked"));
    assert_contains (text_again, "not linked");
  }
}

/* The printing /dd price shows for a name: the first search result with exactly that name. */
static JsonObject *
first_printing (const char *name)
{
  g_autofree char *q = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/cards/search?q=%s&limit=25", q);
  g_autoptr(JsonObject) found = get_json (path, NULL);
  JsonArray *results = json_object_get_array_member (found, "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *card = json_array_get_object_element (results, i);

      if (g_str_equal (json_object_get_string_member (card, "name"), name))
        return json_object_ref (card);
    }
  g_assert_not_reached ();
}

/* A price history point @days_before the card's newest price day (the demo data has only
 * today's prices in the last week). */
static void
add_older_usd_price (const char *card_id,
                     int         days_before,
                     gint64      amount_minor)
{
  g_autofree char *path = g_strdup_printf ("/api/cards/%s/history?days=7", card_id);
  g_autoptr(JsonObject) history = get_json (path, NULL);
  g_autofree char *iso = g_strconcat (json_object_get_string_member (history, "to"), "T00:00:00Z",
                                      NULL);
  g_autoptr(GDateTime) newest = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) older = g_date_time_add_days (newest, -days_before);
  g_autofree char *day = g_date_time_format (older, "%Y-%m-%d");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO prices (card, finish, currency, source,"
                                           " day, amount) SELECT id, 'nonfoil', 'USD',"
                                           " 'tcgplayer', ?, ? FROM cards WHERE scryfall_id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, amount_minor);
  sqlite3_bind_text (stmt, 3, card_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_price (void)
{
  g_autoptr(JsonObject) card = NULL;
  g_autofree char *json = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autofree char *text = NULL;
  JsonObject *embed;
  JsonArray *prices;

  if (!require_catalog ())
    return;
  card = first_printing ("Lightning Bolt");
  add_older_usd_price (json_object_get_string_member (card, "id"), 6, 70);
  json = slash (NOBODY, "stranger", TRUE,
                "{\"name\":\"price\",\"type\":1,\"options\":[{\"name\":\"card\",\"type\":3,"
                "\"value\":\"lightning bolt\"}]}");
  answer = interact (json);
  text = message_text (answer->message);

  /* Public (worth sharing) and works without a linked account. */
  g_assert_cmpint (answer->callback_type, ==, 4);
  g_assert_false (is_ephemeral (answer->message));
  embed = json_array_get_object_element (json_object_get_array_member (answer->message,
                                                                       "embeds"), 0);
  g_assert_cmpstr (json_object_get_string_member (embed, "title"), ==, "Lightning Bolt");
  assert_contains (json_object_get_string_member (embed, "description"),
                   json_object_get_string_member (card, "set_name"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
    json_object_get_object_member (embed, "thumbnail"), "url"), "https://"));
  assert_contains (text, "7-day trend");
  assert_contains (text, "Wanted by");
  /* Every current price of that printing, per finish and currency. */
  prices = json_object_get_array_member (card, "prices");
  g_assert_cmpuint (json_array_get_length (prices), >, 0);
  for (guint i = 0; i < json_array_get_length (prices); i++)
    {
      JsonObject *price = json_array_get_object_element (prices, i);
      const char *currency = json_object_get_string_member (price, "currency");
      g_autofree char *shown = NULL;

      if (g_str_equal (currency, "USD"))
        shown = g_strdup_printf ("$%s", json_object_get_string_member (price, "amount"));
      else if (g_str_equal (currency, "EUR"))
        shown = g_strdup_printf ("€%s", json_object_get_string_member (price, "amount"));
      else
        shown = g_strdup_printf ("%s TIX", json_object_get_string_member (price, "amount"));
      assert_contains (text, shown);
    }
  assert_contains (text, "USD · TCGplayer");
  /* The trend over the week: $0.70 six days before the current price. */
  {
    g_autofree char *trend = NULL;
    JsonObject *usd_nonfoil = NULL;

    for (guint i = 0; i < json_array_get_length (prices); i++)
      {
        JsonObject *price = json_array_get_object_element (prices, i);

        if (g_str_equal (json_object_get_string_member (price, "currency"), "USD") &&
            g_str_equal (json_object_get_string_member (price, "finish"), "nonfoil"))
          usd_nonfoil = price;
      }
    g_assert_nonnull (usd_nonfoil);
    /* Whole per mille, rounded: (b − a) / a. */
    {
      gint64 a = 70, b = json_object_get_int_member (usd_nonfoil, "amount_minor");
      gint64 permille = ((b - a) * 2000 + a) / (2 * a);

      trend = g_strdup_printf ("▲ +%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT " %% ($0.70 → $%s, "
                               "nonfoil)", permille / 10, permille % 10,
                               json_object_get_string_member (usd_nonfoil, "amount"));
    }
    assert_contains (text, trend);
  }
}

static void
test_price_picker (void)
{
  g_autofree char *json = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autoptr(Answer) picked = NULL;
  g_autofree char *picked_text = NULL;
  JsonObject *select, *option;
  JsonArray *options;
  const char *value, *label;

  if (!require_catalog ())
    return;
  json = slash (NOBODY, "stranger", TRUE,
                "{\"name\":\"price\",\"type\":1,\"options\":[{\"name\":\"card\",\"type\":3,"
                "\"value\":\"bolt\"}]}");
  answer = interact (json);
  /* "bolt" is several cards: a select menu of card names. */
  select = first_select (answer->message);
  g_assert_cmpint (json_object_get_int_member (select, "type"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (select, "custom_id"), ==, "dd:price");
  options = json_object_get_array_member (select, "options");
  g_assert_cmpuint (json_array_get_length (options), >=, 2);
  g_assert_cmpuint (json_array_get_length (options), <=, 25);
  option = json_array_get_object_element (options, 1);
  value = json_object_get_string_member (option, "value");
  label = json_object_get_string_member (option, "label");
  g_assert_true (g_uuid_string_is_valid (value));

  /* Choosing one replaces the picker with that card's prices. */
  g_free (json);
  json = pick (NOBODY, "dd:price", value);
  picked = interact (json);
  g_assert_cmpint (picked->callback_type, ==, 7);
  picked_text = message_text (picked->message);
  assert_contains (picked_text, label);
  assert_contains (picked_text, "Wanted by");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (picked->message,
                                                                         "components")), ==, 0);
}

static void
test_want_add_list_remove (void)
{
  g_autoptr(JsonObject) counterspell = NULL;
  g_autoptr(JsonObject) wants = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(Desktop) desktop = NULL;
  g_autofree char *want_id = NULL;
  g_autofree char *sid = NULL;
  gint64 cursor;

  if (!require_catalog ())
    return;
  {
    g_autofree char *path = g_strconcat ("/api/cards/", COUNTER_FCA, NULL);
    counterspell = get_json (path, NULL);
  }
  /* The desktop app is in sync and connected before the edit from Discord. */
  cursor = sync_cursor (alice);
  desktop = desktop_connect (alice);

  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE,
                                   "{\"name\":\"want\",\"type\":2,\"options\":[{\"name\":\"add\","
                                   "\"type\":1,\"options\":[{\"name\":\"card\",\"type\":3,"
                                   "\"value\":\"Counterspell\"},{\"name\":\"quantity\",\"type\":4,"
                                   "\"value\":2},{\"name\":\"target_price\",\"type\":3,"
                                   "\"value\":\"3.00\"}]}]}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);

    g_assert_true (is_ephemeral (answer->message));
    assert_contains (text, "Added to your want list");
    assert_contains (text, "2× Counterspell");
    assert_contains (text, "any printing");
    assert_contains (text, "target $3.00");
  }

  /* The want is Alice's, on the server … */
  wants = get_json ("/api/want-list", alice);
  {
    JsonArray *items = json_object_get_array_member (wants, "items");
    JsonObject *want = NULL;

    for (guint i = 0; i < json_array_get_length (items); i++)
      if (g_strcmp0 (json_object_get_string_member_with_default (
                       json_array_get_object_element (items, i), "oracle_id", NULL),
                     json_object_get_string_member (counterspell, "oracle_id")) == 0)
        want = json_array_get_object_element (items, i);
    g_assert_nonnull (want);
    g_assert_cmpint (json_object_get_int_member (want, "quantity"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (want, "target_price"), ==, "3.00");
    want_id = g_strdup (json_object_get_string_member (want, "id"));
    sid = g_strndup (want_id, 6);
  }
  /* … the desktop is told to sync, and its sync brings the want. */
  g_assert_true (desktop_wait_sync (desktop));
  change = synced_change (alice, cursor, want_id);
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "entity"), ==, "want_item");
  g_assert_false (json_object_get_boolean_member (change, "deleted"));

  /* /dd want list shows it with its short id. */
  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE,
                                   "{\"name\":\"want\",\"type\":2,\"options\":[{\"name\":\"list\","
                                   "\"type\":1}]}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);
    g_autofree char *shown = g_strdup_printf ("`%s`", sid);

    g_assert_true (is_ephemeral (answer->message));
    assert_contains (text, shown);
    assert_contains (text, "2× Counterspell");
    assert_contains (text, "target $3.00");
  }

  /* An unknown id is refused; the right one removes it, everywhere. */
  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE,
                                   "{\"name\":\"want\",\"type\":2,\"options\":[{\"name\":"
                                   "\"remove\",\"type\":1,\"options\":[{\"name\":\"id\",\"type\":3,"
                                   "\"value\":\"ffffff\"}]}]}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);

    assert_contains (text, "No want with id `ffffff`");
  }
  {
    g_autofree char *options = g_strdup_printf ("{\"name\":\"want\",\"type\":2,\"options\":["
                                                "{\"name\":\"remove\",\"type\":1,\"options\":["
                                                "{\"name\":\"id\",\"type\":3,"
                                                "\"value\":\"#%s\"}]}]}", sid);
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE, options);
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);
    g_autofree char *path = g_strconcat ("/api/want-list/", want_id, NULL);
    g_autoptr(DcTestResponse) gone = NULL;
    g_autoptr(JsonObject) tombstone = NULL;

    assert_contains (text, "Removed **Counterspell**");
    gone = dc_test_request (server, "PATCH", path, alice, "{\"quantity\":1}", NULL);
    g_assert_cmpuint (gone->status, ==, 404);
    tombstone = synced_change (alice, cursor, want_id);
    g_assert_true (json_object_get_boolean_member (tombstone, "deleted"));
  }
}

/* A name that is several cards: pick one, and the want is added with the options given. */
static void
test_want_add_picker (void)
{
  g_autofree char *json = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autoptr(Answer) picked = NULL;
  g_autoptr(JsonObject) card = NULL;
  g_autoptr(JsonObject) wants = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  JsonObject *select;
  JsonArray *options, *items;
  const char *value = NULL;
  gboolean found = FALSE;

  if (!require_catalog ())
    return;
  json = slash (BOB_DISCORD, "bob_discord", TRUE,
                "{\"name\":\"want\",\"type\":2,\"options\":[{\"name\":\"add\",\"type\":1,"
                "\"options\":[{\"name\":\"card\",\"type\":3,\"value\":\"bolt\"},"
                "{\"name\":\"quantity\",\"type\":4,\"value\":3}]}]}");
  answer = interact (json);
  g_assert_true (is_ephemeral (answer->message));
  select = first_select (answer->message);
  g_assert_cmpstr (json_object_get_string_member (select, "custom_id"), ==, "dd:want:3:-");
  options = json_object_get_array_member (select, "options");
  for (guint i = 0; i < json_array_get_length (options); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (options, i),
                                                    "label"), "Lightning Bolt"))
      value = json_object_get_string_member (json_array_get_object_element (options, i), "value");
  g_assert_nonnull (value);

  g_free (json);
  json = pick (BOB_DISCORD, "dd:want:3:-", value);
  picked = interact (json);
  g_assert_cmpint (picked->callback_type, ==, 7);
  text = message_text (picked->message);
  assert_contains (text, "3× Lightning Bolt");

  path = g_strconcat ("/api/cards/", value, NULL);
  card = get_json (path, NULL);
  wants = get_json ("/api/want-list", bob);
  items = json_object_get_array_member (wants, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *want = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (want, "oracle_id", NULL),
                     json_object_get_string_member (card, "oracle_id")) == 0)
        {
          g_assert_cmpint (json_object_get_int_member (want, "quantity"), ==, 3);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_want_list_followups (void)
{
  g_autofree char *json = NULL;
  g_autoptr(Answer) answer = NULL;
  guint lines = 0;

  if (!require_catalog ())
    return;
  /* More wants than one message holds: 45 in all. */
  {
    g_autoptr(JsonObject) before = get_json ("/api/want-list", bob);
    gint64 have = json_object_get_int_member (before, "total");

    g_assert_cmpint (have, <, 45);
    for (gint64 i = have; i < 45; i++)
      {
        g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/want-list", bob,
                                                       "{\"card_id\":\"" COUNTER_FCA "\"}",
                                                       NULL);
        g_assert_cmpuint (r->status, ==, 201);
      }
  }
  json = slash (BOB_DISCORD, "bob_discord", TRUE,
                "{\"name\":\"want\",\"type\":2,\"options\":[{\"name\":\"list\",\"type\":1}]}");
  answer = interact_on (discord, json, 1);
  g_assert_cmpuint (json_array_get_length (answer->followups), ==, 1);
  {
    JsonObject *followup = json_array_get_object_element (answer->followups, 0);
    g_autofree char *first = message_text (answer->message);
    g_autofree char *rest = message_text (followup);
    g_auto(GStrv) first_lines = g_strsplit (first, "\n", -1);
    g_auto(GStrv) rest_lines = g_strsplit (rest, "\n", -1);

    /* The follow-up is as private as the answer. */
    g_assert_true (is_ephemeral (followup));
    assert_contains (first, "Your want list (45)");
    for (guint i = 0; first_lines[i]; i++)
      lines += g_str_has_prefix (first_lines[i], "`");
    for (guint i = 0; rest_lines[i]; i++)
      lines += g_str_has_prefix (rest_lines[i], "`");
    g_assert_cmpuint (lines, ==, 45);
  }
}

static void
test_have_add_list (void)
{
  if (!require_catalog ())
    return;

  /* One printing: added at once, to the collection and the have list. */
  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE,
                                   "{\"name\":\"have\",\"type\":2,\"options\":[{\"name\":\"add\","
                                   "\"type\":1,\"options\":[{\"name\":\"card\",\"type\":3,"
                                   "\"value\":\"Sol Ring\"},{\"name\":\"quantity\",\"type\":4,"
                                   "\"value\":4},{\"name\":\"condition\",\"type\":3,"
                                   "\"value\":\"LP\"}]}]}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);
    g_autoptr(JsonObject) haves = get_json ("/api/have-list", alice);
    JsonArray *items = json_object_get_array_member (haves, "items");
    gboolean found = FALSE;

    g_assert_true (is_ephemeral (answer->message));
    assert_contains (text, "Added to your have list");
    assert_contains (text, "4× Sol Ring");
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *have = json_array_get_object_element (items, i);
        JsonObject *inventory = json_object_get_object_member (have, "inventory_item");
        JsonObject *card = json_object_get_object_member (inventory, "card");

        if (g_str_equal (json_object_get_string_member (card, "name"), "Sol Ring"))
          {
            g_assert_cmpint (json_object_get_int_member (have, "quantity"), ==, 4);
            g_assert_cmpint (json_object_get_int_member (inventory, "quantity"), ==, 4);
            g_assert_cmpstr (json_object_get_string_member (inventory, "condition"), ==, "LP");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* Several printings: pick one; that printing is added. */
  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE,
                                   "{\"name\":\"have\",\"type\":2,\"options\":[{\"name\":\"add\","
                                   "\"type\":1,\"options\":[{\"name\":\"card\",\"type\":3,"
                                   "\"value\":\"Lightning Bolt\"},{\"name\":\"foil\",\"type\":5,"
                                   "\"value\":false}]}]}");
    g_autoptr(Answer) answer = interact (json);
    JsonObject *select = first_select (answer->message);
    JsonArray *options = json_object_get_array_member (select, "options");
    const char *printing = json_object_get_string_member (json_array_get_object_element (options,
                                                                                         0),
                                                          "value");
    g_autofree char *choice = pick (ALICE_DISCORD, json_object_get_string_member (select,
                                                                                  "custom_id"),
                                    printing);
    g_autoptr(Answer) picked = NULL;
    g_autoptr(JsonObject) inventory = NULL;
    g_autofree char *text = NULL;
    JsonArray *items;
    gboolean found = FALSE;

    g_assert_true (is_ephemeral (answer->message));
    g_assert_cmpuint (json_array_get_length (options), >=, 2);
    picked = interact (choice);
    g_assert_cmpint (picked->callback_type, ==, 7);
    text = message_text (picked->message);
    assert_contains (text, "1× Lightning Bolt");
    inventory = get_json ("/api/inventory?name=Lightning", alice);
    items = json_object_get_array_member (inventory, "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items,
                                                                                        i),
                                                         "card_id"), printing) == 0;
    g_assert_true (found);
  }

  /* /dd have list. */
  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE,
                                   "{\"name\":\"have\",\"type\":2,\"options\":[{\"name\":\"list\","
                                   "\"type\":1}]}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);

    assert_contains (text, "Your have list (2)");
    assert_contains (text, "4× Sol Ring");
    assert_contains (text, "1× Lightning Bolt");
  }
}

/* Adds a printing to @token's collection and offers it. */
static void
offer (const char *token,
       const char *card_id)
{
  g_autofree char *body = g_strdup_printf ("{\"card_id\":\"%s\",\"quantity\":1}", card_id);
  g_autoptr(DcTestResponse) inventory = dc_test_request (server, "POST", "/api/inventory", token,
                                                         body, NULL);
  g_autofree char *have = NULL;
  g_autoptr(DcTestResponse) offered = NULL;

  g_assert_cmpuint (inventory->status, ==, 201);
  have = g_strdup_printf ("{\"inventory_item_id\":\"%s\",\"quantity\":1}",
                          json_object_get_string_member (dc_test_response_object (inventory),
                                                         "id"));
  offered = dc_test_request (server, "POST", "/api/have-list", token, have, NULL);
  g_assert_cmpuint (offered->status, ==, 201);
}

static void
want (const char *token,
      const char *card_id)
{
  g_autofree char *path = g_strconcat ("/api/cards/", card_id, NULL);
  g_autoptr(JsonObject) card = get_json (path, NULL);
  g_autofree char *body = g_strdup_printf ("{\"oracle_id\":\"%s\"}",
                                           json_object_get_string_member (card, "oracle_id"));
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/want-list", token, body,
                                                 NULL);

  g_assert_cmpuint (r->status, ==, 201);
}

#define BOLT_FCA "e89794ab-6070-4916-936f-2b42fe41d31b" /* Lightning Bolt, FCA 40 */

static void
test_matches (void)
{
  g_autoptr(DcTestResponse) probe = dc_test_request (server, "GET", "/api/matches", alice, NULL,
                                                     NULL);
  gboolean have_matching = probe->status != 404;

  /* Both are seen in the guild (this records them, with the guild's name from GUILD_CREATE). */
  {
    g_autofree char *json = slash (BOB_DISCORD, "bob_discord", TRUE,
                                   "{\"name\":\"help\",\"type\":1}");
    g_autoptr(Answer) answer = interact (json);
  }
  if (have_matching && have_catalog)
    {
      /* A two-way trade: Bob has a Counterspell Alice wants; Alice a Bolt Bob wants. */
      offer (bob, COUNTER_FCA);
      want (alice, COUNTER_FCA);
      offer (alice, BOLT_FCA);
      want (bob, BOLT_FCA);
    }

  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE,
                                   "{\"name\":\"matches\",\"type\":1}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);

    g_assert_true (is_ephemeral (answer->message));
    if (!have_matching)
      assert_contains (text, "not available");
    else if (have_catalog)
      {
        assert_contains (text, "@bob");
        assert_contains (text, "% match");
        assert_contains (text, "You get: 1× Counterspell");
        assert_contains (text, "They get: 1× Lightning Bolt");
      }
  }
  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", TRUE,
                                   "{\"name\":\"matches\",\"type\":1,\"options\":[{\"name\":"
                                   "\"scope\",\"type\":3,\"value\":\"server\"}]}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);
    g_autofree char *log = dc_test_server_read_log (server);

    g_assert_true (is_ephemeral (answer->message));
    assert_contains (log, "GET /api/matches");
    if (have_matching && have_catalog)
      {
        assert_contains (text, "in this server");
        assert_contains (text, "@bob");
      }
  }
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT g.guild_name FROM user_guilds g"
                                             " JOIN users u ON u.id = g.user_id"
                                             " WHERE u.username = ? AND g.guild_id = ?",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    for (guint i = 0; i < 2; i++)
      {
        sqlite3_reset (stmt);
        sqlite3_bind_text (stmt, 1, i == 0 ? "alice" : "bob", -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, GUILD, -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        /* The name came from the gateway's GUILD_CREATE. */
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                         DC_FAKE_DISCORD_GUILD_NAME);
      }
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  /* In a DM there is no server to look in. */
  {
    g_autofree char *json = slash (ALICE_DISCORD, "alice_discord", FALSE,
                                   "{\"name\":\"matches\",\"type\":1,\"options\":[{\"name\":"
                                   "\"scope\",\"type\":3,\"value\":\"server\"}]}");
    g_autoptr(Answer) answer = interact (json);
    g_autofree char *text = message_text (answer->message);

    assert_contains (text, "use it inside one");
  }
}

static void
test_autocomplete (void)
{
  g_autoptr(Answer) answer = NULL;
  JsonArray *choices;
  gboolean found = FALSE;

  if (!require_catalog ())
    return;
  answer = interact ("{\"type\":4,\"guild_id\":\"" GUILD "\",\"channel_id\":\"" CHANNEL "\","
                     "\"member\":{\"user\":{\"id\":\"" NOBODY "\",\"username\":\"typist\"}},"
                     "\"data\":{\"id\":\"1200000000000000001\",\"name\":\"dd\",\"type\":1,"
                     "\"options\":[{\"name\":\"price\",\"type\":1,\"options\":[{\"name\":\"card\","
                     "\"type\":3,\"value\":\"lightn\",\"focused\":true}]}]}}");
  g_assert_cmpint (answer->callback_type, ==, 8);
  choices = json_object_get_array_member (answer->message, "choices");
  g_assert_cmpuint (json_array_get_length (choices), <=, 25);
  for (guint i = 0; i < json_array_get_length (choices); i++)
    found |= g_str_equal (json_object_get_string_member (json_array_get_object_element (choices,
                                                                                        i),
                                                         "name"), "Lightning Bolt");
  g_assert_true (found);
}

/* A bot that defers at once: the "thinking…" answer, then the edit of the original. */
static void
test_deferred (void)
{
  g_autoptr(DcFakeDiscord) fake = dc_fake_discord_new (NULL);
  g_autoptr(Bot) slow = NULL;
  Bot *main_bot = bot;

  slow = bot_start (fake, "0");
  bot = slow;
  wait_bot_ready (fake, slow);
  {
    g_autofree char *json = slash (NOBODY, "stranger", TRUE, "{\"name\":\"help\",\"type\":1}");
    g_autoptr(Answer) answer = interact_on (fake, json, 0);
    g_autofree char *text = message_text (answer->message);

    g_assert_cmpint (answer->callback_type, ==, 5);
    /* Private from the start: the deferral carries the flag. */
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (answer->callback,
                                                                                "data"),
                                                 "flags"), ==, 64);
    assert_contains (text, "/dd price");
  }
  {
    g_autofree char *json = slash (NOBODY, "stranger", TRUE,
                                   "{\"name\":\"want\",\"type\":2,\"options\":[{\"name\":\"list\","
                                   "\"type\":1}]}");
    g_autoptr(Answer) answer = interact_on (fake, json, 0);
    g_autofree char *text = message_text (answer->message);

    g_assert_cmpint (answer->callback_type, ==, 5);
    assert_contains (text, "Link your account first");
  }
  /* A component's deferral is type 6, then the picker's message is edited. */
  {
    g_autofree char *json = pick (NOBODY, "dd:price", "00000000-0000-4000-8000-000000000000");
    g_autoptr(Answer) answer = interact_on (fake, json, 0);

    g_assert_cmpint (answer->callback_type, ==, 6);
    g_assert_nonnull (answer->message);
  }
  bot = main_bot;
}

static void
test_gateway_resume_after_drop (void)
{
  g_autoptr(JsonObject) gateway = dc_fake_discord_gateway (discord);
  guint resumes = dc_fake_discord_count_frames (discord, "in", 6, NULL);
  guint identifies = dc_fake_discord_count_frames (discord, "in", 2, NULL);
  guint resumed = dc_fake_discord_count_frames (discord, "out", 0, "RESUMED");
  JsonArray *connections = json_object_get_array_member (gateway, "connections");
  const char *session_id = json_object_get_string_member (
    json_array_get_object_element (connections, json_array_get_length (connections) - 1),
    "session_id");
  g_autoptr(JsonObject) resume = NULL;
  g_autoptr(JsonObject) injected = NULL;
  g_autoptr(JsonObject) callback = NULL;
  g_autofree char *saved_session = g_strdup (session_id);
  guint since = dc_fake_discord_last_seq (discord);

  /* The socket dies without a close frame, and Discord refuses connections for a moment. */
  {
    g_autoptr(JsonNode) ignored = dc_fake_discord_control (discord, "POST", "gateway/drop",
                                                           "{\"refuse_ms\":600}");
  }
  /* An interaction arrives while the bot is away: Discord keeps it for the resume. */
  {
    g_autofree char *json = slash (NOBODY, "stranger", TRUE, "{\"name\":\"help\",\"type\":1}");
    injected = dc_fake_discord_interact (discord, json);
    g_assert_false (json_object_get_boolean_member (injected, "delivered"));
  }

  resume = dc_fake_discord_wait_frame (discord, "in", 6, NULL, resumes + 1, WAIT_MS);
  if (resume == NULL)
    dump_bot_log (bot);
  g_assert_nonnull (resume);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (resume, "d"),
                                                  "session_id"), ==, saved_session);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (resume, "d"),
                                                  "token"), ==, DC_FAKE_DISCORD_BOT_TOKEN);
  g_assert_nonnull (dc_fake_discord_wait_frame (discord, "out", 0, "RESUMED", resumed + 1,
                                                WAIT_MS));
  /* Resumed, not a new session; on the resume URL READY gave. */
  g_assert_cmpuint (dc_fake_discord_count_frames (discord, "in", 2, NULL), ==, identifies);
  {
    g_autoptr(JsonObject) now = dc_fake_discord_gateway (discord);
    JsonArray *list = json_object_get_array_member (now, "connections");
    JsonObject *last = json_array_get_object_element (list, json_array_get_length (list) - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "path"), ==, "/resume-gateway");
    g_assert_true (json_object_get_boolean_member (last, "open"));
  }
  /* The event missed while away was replayed and answered. */
  {
    g_autofree char *part = g_strdup_printf ("/interactions/%s/",
                                             json_object_get_string_member (injected, "id"));
    callback = wait_accepted (discord, since, "POST", part, WAIT_MS);
    g_assert_nonnull (callback);
  }
}

static void
test_gateway_reconnect_op7 (void)
{
  guint resumes = dc_fake_discord_count_frames (discord, "in", 6, NULL);
  guint resumed = dc_fake_discord_count_frames (discord, "out", 0, "RESUMED");

  {
    g_autoptr(JsonNode) ignored = dc_fake_discord_control (discord, "POST", "gateway/reconnect",
                                                           NULL);
  }
  g_assert_nonnull (dc_fake_discord_wait_frame (discord, "in", 6, NULL, resumes + 1, WAIT_MS));
  g_assert_nonnull (dc_fake_discord_wait_frame (discord, "out", 0, "RESUMED", resumed + 1,
                                                WAIT_MS));
  /* And it still answers. */
  {
    g_autofree char *json = slash (NOBODY, "stranger", TRUE, "{\"name\":\"help\",\"type\":1}");
    g_autoptr(Answer) answer = interact (json);
    g_assert_cmpint (answer->callback_type, ==, 4);
  }
}

static void
test_gateway_invalid_session (void)
{
  guint identifies = dc_fake_discord_count_frames (discord, "in", 2, NULL);
  guint readies = dc_fake_discord_count_frames (discord, "out", 0, "READY");

  /* Resumable: the bot resumes. */
  {
    guint resumes = dc_fake_discord_count_frames (discord, "in", 6, NULL);
    g_autoptr(JsonNode) ignored = dc_fake_discord_control (discord, "POST",
                                                           "gateway/invalid-session",
                                                           "{\"resumable\":true}");

    g_assert_nonnull (dc_fake_discord_wait_frame (discord, "in", 6, NULL, resumes + 1, WAIT_MS));
  }
  /* Not resumable: a new IDENTIFY, a new session. */
  {
    g_autoptr(JsonNode) ignored = dc_fake_discord_control (discord, "POST",
                                                           "gateway/invalid-session",
                                                           "{\"resumable\":false}");
  }
  g_assert_nonnull (dc_fake_discord_wait_frame (discord, "in", 2, NULL, identifies + 1, WAIT_MS));
  g_assert_nonnull (dc_fake_discord_wait_frame (discord, "out", 0, "READY", readies + 1,
                                                WAIT_MS));
  {
    g_autofree char *json = slash (NOBODY, "stranger", TRUE, "{\"name\":\"help\",\"type\":1}");
    g_autoptr(Answer) answer = interact (json);
    g_assert_cmpint (answer->callback_type, ==, 4);
  }
}

static void
test_gateway_missed_ack (void)
{
  guint resumes = dc_fake_discord_count_frames (discord, "in", 6, NULL);
  guint resumed = dc_fake_discord_count_frames (discord, "out", 0, "RESUMED");

  /* Discord stops acknowledging: the next beat finds the connection dead. */
  {
    g_autoptr(JsonNode) ignored = dc_fake_discord_control (discord, "POST",
                                                           "gateway/ignore-heartbeats",
                                                           "{\"count\":1}");
  }
  g_assert_nonnull (dc_fake_discord_wait_frame (discord, "in", 6, NULL, resumes + 1, WAIT_MS));
  g_assert_nonnull (dc_fake_discord_wait_frame (discord, "out", 0, "RESUMED", resumed + 1,
                                                WAIT_MS));
}

static void
test_rate_limited_callback (void)
{
  guint since = dc_fake_discord_last_seq (discord);
  g_autofree char *json = slash (NOBODY, "stranger", TRUE, "{\"name\":\"help\",\"type\":1}");
  g_autoptr(Answer) answer = NULL;
  g_autoptr(JsonArray) requests = NULL;
  gint64 limited_at = -1, retried_at = -1;

  {
    g_autoptr(JsonNode) ignored = dc_fake_discord_control (discord, "POST", "rate-limit",
                                                           "{\"method\":\"POST\",\"path\":"
                                                           "\"/callback\",\"count\":1,"
                                                           "\"retry_after\":0.4}");
  }
  answer = interact (json);
  g_assert_cmpint (answer->callback_type, ==, 4);
  requests = dc_fake_discord_requests (discord, since);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *r = json_array_get_object_element (requests, i);

      if (!g_str_has_suffix (json_object_get_string_member (r, "path"), "/callback"))
        continue;
      if (json_object_get_int_member (r, "status") == 429)
        limited_at = json_object_get_int_member (r, "at_ms");
      else if (limited_at >= 0)
        retried_at = json_object_get_int_member (r, "at_ms");
    }
  g_assert_cmpint (limited_at, >=, 0);
  g_assert_cmpint (retried_at, >=, limited_at + 400);
  /* Still within Discord's 3 seconds. */
  g_assert_cmpint (retried_at - limited_at, <, 2500);

  /* The bot logged the 429 — without the interaction's token, or its own. */
  {
    g_autofree char *log = NULL;
    const char *token;
    g_autoptr(JsonArray) all = dc_fake_discord_requests (discord, since);
    JsonObject *first = json_array_get_object_element (all, 0);
    g_auto(GStrv) parts = g_strsplit (json_object_get_string_member (first, "path"), "/", -1);

    g_assert_true (g_file_get_contents (bot->log_path, &log, NULL, NULL));
    assert_contains (log, "Rate limited on POST /interactions/");
    token = parts[3];
    g_assert_null (strstr (log, token));
    g_assert_null (strstr (log, DC_FAKE_DISCORD_BOT_TOKEN));
  }
}

static gint64
user_id_of (const char *username)
{
  g_autoptr(JsonObject) me = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT id FROM users WHERE username = ?", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return id;
}

static JsonObject *
wait_alert_status (DcStore    *store,
                   const char *id,
                   const char *status,
                   gint64      attempts)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) alert = dc_discord_get_alert (store, id, &error);

      g_assert_no_error (error);
      if (g_str_equal (json_object_get_string_member (alert, "status"), status) &&
          json_object_get_int_member (alert, "attempts") == attempts)
        return g_steal_pointer (&alert);
      g_usleep (50 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  dump_bot_log (bot);
  g_error ("alert %s never became %s", id, status);
}

static void
test_dm_alerts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = dc_store_open (server->db_path, &error);
  g_autofree char *delivered = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(JsonObject) alert = NULL;
  guint since = dc_fake_discord_last_seq (discord);
  gint64 alice_id = user_id_of ("alice");

  g_assert_no_error (error);
  delivered = dc_discord_enqueue_alert (store, alice_id, "price_alert",
                                        "Counterspell is at $2.80",
                                        "Your target price of $3.00 was reached.",
                                        "https://dualcasterdeals.com/cards/counterspell",
                                        g_get_real_time () / 1000, &error);
  g_assert_no_error (error);

  /* A DM channel is opened and the alert sent there; the server records the delivery. */
  alert = wait_alert_status (store, delivered, "delivered", 1);
  {
    g_autoptr(JsonObject) open = wait_accepted (discord, since, "POST", "/users/@me/channels",
                                                WAIT_MS);
    g_autoptr(JsonObject) sent = wait_accepted (discord, since, "POST", "/messages", WAIT_MS);
    g_autofree char *text = NULL;

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (open, "body"),
                                                    "recipient_id"), ==, ALICE_DISCORD);
    text = message_text (json_object_get_object_member (sent, "body"));
    assert_contains (text, "Counterspell is at $2.80");
    assert_contains (text, "Your target price of $3.00 was reached.");
  }

  /* Discord refuses the DM (the user closed DMs): recorded, and retried in 5 minutes. */
  {
    g_autoptr(JsonNode) ignored = dc_fake_discord_control (
      discord, "POST", "fail",
      "{\"method\":\"POST\",\"path\":\"/messages\",\"count\":1,\"status\":403,"
      "\"body\":{\"code\":50007,\"message\":\"Cannot send messages to this user\"}}");
  }
  refused = dc_discord_enqueue_alert (store, alice_id, "trade_match", "A new match: 82%", NULL,
                                      NULL, g_get_real_time () / 1000, &error);
  g_assert_no_error (error);
  g_clear_pointer (&alert, json_object_unref);
  alert = wait_alert_status (store, refused, "pending", 1);
  assert_contains (json_object_get_string_member (alert, "last_error"), "50007");
  {
    g_autoptr(GDateTime) next = g_date_time_new_from_iso8601 (
      json_object_get_string_member (alert, "next_attempt_at"), NULL);
    gint64 in_seconds = g_date_time_to_unix (next) - g_get_real_time () / G_USEC_PER_SEC;

    g_assert_cmpint (in_seconds, >=, 5 * 60 - 10);
    g_assert_cmpint (in_seconds, <=, 5 * 60 + 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  discord = dc_fake_discord_new ((const char *[]) { "FAKE_DISCORD_HEARTBEAT_MS=400", NULL });
  {
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
    g_autofree char *output = NULL;
    int status;

    server = dc_test_server_prepare ((const char *[]) {
      "DUALCASTER_AUTH_RATE_LIMIT=1000", "DISCORD_BOT_API_KEY=" BOT_KEY, NULL });
    status = dc_test_server_run_command (server, &output, "import-scryfall", cards, NULL);
    have_catalog = status == 0;
    if (!have_catalog && strstr (output, "unknown command") == NULL)
      g_error ("import-scryfall failed: %s", output);
    dc_test_server_start (server);
  }
  alice = dc_test_register_user (server, "alice");
  bob = dc_test_register_user (server, "bob");
  bot = bot_start (discord, "2000");
  wait_bot_ready (discord, bot);
  link_through_bot (alice, ALICE_DISCORD, "alice_discord");
  link_through_bot (bob, BOB_DISCORD, "bob_discord");

  g_test_add_func ("/Dc/Bot/startup", test_startup);
  g_test_add_func ("/Dc/Bot/help", test_help);
  g_test_add_func ("/Dc/Bot/not-linked", test_not_linked);
  g_test_add_func ("/Dc/Bot/link-and-unlink", test_link_and_unlink);
  g_test_add_func ("/Dc/Bot/price", test_price);
  g_test_add_func ("/Dc/Bot/price-picker", test_price_picker);
  g_test_add_func ("/Dc/Bot/autocomplete", test_autocomplete);
  g_test_add_func ("/Dc/Bot/want-add-list-remove", test_want_add_list_remove);
  g_test_add_func ("/Dc/Bot/want-add-picker", test_want_add_picker);
  g_test_add_func ("/Dc/Bot/want-list-followups", test_want_list_followups);
  g_test_add_func ("/Dc/Bot/have-add-list", test_have_add_list);
  g_test_add_func ("/Dc/Bot/matches", test_matches);
  g_test_add_func ("/Dc/Bot/deferred", test_deferred);
  g_test_add_func ("/Dc/Bot/rate-limited-callback", test_rate_limited_callback);
  g_test_add_func ("/Dc/Bot/dm-alerts", test_dm_alerts);
  g_test_add_func ("/Dc/Bot/gateway-resume-after-drop", test_gateway_resume_after_drop);
  g_test_add_func ("/Dc/Bot/gateway-reconnect-op7", test_gateway_reconnect_op7);
  g_test_add_func ("/Dc/Bot/gateway-invalid-session", test_gateway_invalid_session);
  g_test_add_func ("/Dc/Bot/gateway-missed-ack", test_gateway_missed_ack);

  ret = g_test_run ();
  bot_free (bot);
  dc_test_server_free (server);
  dc_fake_discord_free (discord);
  g_free (alice);
  g_free (bob);
  return ret;
}
