/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fake-discord"

/*
 * A stand-in for Discord in tests: the Gateway (WebSocket) and the REST routes the bot and the
 * server use, speaking Discord's documented payloads and error codes, plus OAuth2. It records
 * everything it receives. Tests drive it through a control API under /_control/ on the same
 * port (inject an interaction, drop the gateway, force a 429, read what was received).
 *
 * Settings (environment): FAKE_DISCORD_BOT_TOKEN, FAKE_DISCORD_APPLICATION_ID,
 * FAKE_DISCORD_CLIENT_ID, FAKE_DISCORD_CLIENT_SECRET, FAKE_DISCORD_HEARTBEAT_MS,
 * FAKE_DISCORD_GUILDS ("id:name,id:name"), FAKE_DISCORD_CALLBACK_DEADLINE_MS.
 * Prints "listening on http://127.0.0.1:PORT" once it accepts connections.
 */

#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define API_PREFIX "/api/v10"
#define INTERACTION_TOKEN_LIFETIME_MS (15 * 60 * 1000)

typedef struct
{
  guint       seq;
  char       *method;
  char       *path;       /* without API_PREFIX */
  char       *query;
  char       *authorization;
  char       *content_type;
  JsonNode   *body;       /* parsed JSON, or a string node with the raw body */
  guint       status;
  gint64      at_ms;      /* monotonic */
} Recorded;

typedef struct
{
  char      *id;
  GPtrArray *events;      /* JsonNode: every dispatch sent in this session, for resumes */
  gint64     seq;
  gboolean   invalid;
} Session;

typedef struct
{
  guint                    number;
  SoupWebsocketConnection *ws;
  char                    *path;
  char                    *query;
  Session                 *session;   /* unowned */
  gboolean                 open;
  guint                    heartbeats;
} Connection;

typedef struct
{
  char     *id;
  char     *token;
  gint64    created_ms;
  int       callback_type;   /* 0 until acknowledged */
} Interaction;

typedef struct
{
  char    *method;
  char    *path;             /* a substring of the request path */
  guint    count;
  double   retry_after;
  gboolean global;
  guint    status;           /* 429 for rate limits; anything for failures */
  JsonNode *body;            /* failures only */
} Rule;

typedef struct
{
  SoupServer  *server;
  char        *base_url;
  char        *ws_base;
  char        *bot_token;
  char        *application_id;
  char        *client_id;
  char        *client_secret;
  guint        heartbeat_ms;
  gint64       callback_deadline_ms;
  JsonArray   *guilds;

  GPtrArray   *requests;      /* Recorded */
  GPtrArray   *gateway_log;   /* JsonObject */
  GPtrArray   *connections;   /* Connection */
  GHashTable  *sessions;      /* id → Session */
  Session     *last_session;
  GHashTable  *interactions;  /* id → Interaction */
  GHashTable  *tokens;        /* interaction token → Interaction (unowned) */
  GPtrArray   *rules;         /* Rule */
  guint        ignore_heartbeats;
  gint64       refuse_until_ms;  /* new gateway connections are closed at once until then */
  JsonNode    *commands;
  GHashTable  *dm_channels;   /* channel id → recipient id */
  GHashTable  *oauth_codes;   /* code → JsonObject {user, guilds, redirect_uri, used} */
  GHashTable  *oauth_tokens;  /* access token → JsonObject {user, guilds} */
  GPtrArray   *revoked;       /* char* */
  JsonObject  *oauth_user;    /* who the next consent authorizes */
  gboolean     oauth_deny;
  guint64      next_snowflake;
  guint        request_seq;
} Fake;

static Fake fake;

/* --- helpers ------------------------------------------------------------------------- */

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static char *
snowflake (void)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, fake.next_snowflake++);
}

static char *
random_token (guint bytes)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < bytes; i++)
    g_string_append_printf (out, "%02x", g_random_int_range (0, 256));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
node_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* Takes @object. */
static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

static JsonNode *
parse_json (const char *data,
            gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = node ? node_to_string (node) : g_strdup ("");
  gsize len = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  if (node != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                      g_steal_pointer (&text), len);
}

/* Discord's JSON error: {"code": N, "message": "..."} (plus "errors" for form errors). */
static void
respond_discord_error (SoupServerMessage *msg,
                       guint              status,
                       int                code,
                       const char        *message)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_int_member (object, "code", code);
  json_object_set_string_member (object, "message", message);
  node = object_node (json_object_ref (object));
  respond_json (msg, status, node);
}

static void
recorded_free (gpointer data)
{
  Recorded *r = data;

  g_free (r->method);
  g_free (r->path);
  g_free (r->query);
  g_free (r->authorization);
  g_free (r->content_type);
  g_clear_pointer (&r->body, json_node_unref);
  g_free (r);
}

static void
session_free (gpointer data)
{
  Session *s = data;

  g_free (s->id);
  g_ptr_array_unref (s->events);
  g_free (s);
}

static void
interaction_free (gpointer data)
{
  Interaction *i = data;

  g_free (i->id);
  g_free (i->token);
  g_free (i);
}

static void
rule_free (gpointer data)
{
  Rule *r = data;

  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->body, json_node_unref);
  g_free (r);
}

/* --- gateway ------------------------------------------------------------------------- */

static void
log_frame (Connection *conn,
           const char *direction,
           JsonObject *payload)
{
  JsonObject *entry = json_object_new ();
  JsonNode *op = json_object_get_member (payload, "op");
  JsonNode *t = json_object_get_member (payload, "t");
  JsonNode *s = json_object_get_member (payload, "s");
  JsonNode *d = json_object_get_member (payload, "d");

  json_object_set_int_member (entry, "connection", conn->number);
  json_object_set_string_member (entry, "direction", direction);
  json_object_set_int_member (entry, "op", op ? json_node_get_int (op) : -1);
  if (t && !JSON_NODE_HOLDS_NULL (t))
    json_object_set_string_member (entry, "t", json_node_get_string (t));
  if (s && !JSON_NODE_HOLDS_NULL (s))
    json_object_set_int_member (entry, "s", json_node_get_int (s));
  if (d != NULL)
    json_object_set_member (entry, "d", json_node_copy (d));
  json_object_set_int_member (entry, "at_ms", now_ms ());
  g_ptr_array_add (fake.gateway_log, entry);
}

static void
conn_send (Connection *conn,
           JsonObject *payload)
{
  g_autoptr(JsonNode) node = object_node (json_object_ref (payload));
  g_autofree char *text = node_to_string (node);

  if (!conn->open ||
      soup_websocket_connection_get_state (conn->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  log_frame (conn, "out", payload);
  soup_websocket_connection_send_text (conn->ws, text);
}

static void
conn_send_op (Connection *conn,
              int         op,
              JsonNode   *d /* transfer full, nullable */)
{
  g_autoptr(JsonObject) payload = json_object_new ();

  json_object_set_int_member (payload, "op", op);
  if (d != NULL)
    json_object_set_member (payload, "d", d);
  else
    json_object_set_null_member (payload, "d");
  json_object_set_null_member (payload, "s");
  json_object_set_null_member (payload, "t");
  conn_send (conn, payload);
}

static Connection *
session_connection (Session *session)
{
  for (guint i = fake.connections->len; i > 0; i--)
    {
      Connection *conn = g_ptr_array_index (fake.connections, i - 1);

      if (conn->open && conn->session == session)
        return conn;
    }
  return NULL;
}

/* Sends an event in @session (queued for a resume when no connection carries it now). */
static gint64
session_dispatch (Session    *session,
                  const char *type,
                  JsonNode   *data /* transfer full */)
{
  JsonObject *payload = json_object_new ();
  Connection *conn;

  json_object_set_int_member (payload, "op", 0);
  json_object_set_int_member (payload, "s", ++session->seq);
  json_object_set_string_member (payload, "t", type);
  json_object_set_member (payload, "d", data);
  g_ptr_array_add (session->events, object_node (json_object_ref (payload)));
  conn = session_connection (session);
  if (conn != NULL)
    conn_send (conn, payload);
  json_object_unref (payload);
  return session->seq;
}

static gboolean
token_matches (const char *token)
{
  if (token == NULL)
    return FALSE;
  if (g_str_has_prefix (token, "Bot "))
    token += 4;
  return g_str_equal (token, fake.bot_token);
}

static JsonObject *
bot_user (void)
{
  JsonObject *user = json_object_new ();

  json_object_set_string_member (user, "id", fake.application_id);
  json_object_set_string_member (user, "username", "Dualcaster Deals");
  json_object_set_string_member (user, "discriminator", "0");
  json_object_set_null_member (user, "global_name");
  json_object_set_null_member (user, "avatar");
  json_object_set_boolean_member (user, "bot", TRUE);
  return user;
}

static void
handle_identify (Connection *conn,
                 JsonObject *d)
{
  g_autofree char *resume_url = g_strconcat (fake.ws_base, "/resume-gateway", NULL);
  Session *session;
  JsonObject *ready, *application;
  JsonArray *guilds;

  if (conn->session != NULL)
    {
      soup_websocket_connection_close (conn->ws, 4005, "Already authenticated.");
      return;
    }
  if (d == NULL || !token_matches (json_object_get_string_member_with_default (d, "token", NULL)))
    {
      soup_websocket_connection_close (conn->ws, 4004, "Authentication failed.");
      return;
    }
  if (!json_object_has_member (d, "intents") || !json_object_has_member (d, "properties"))
    {
      soup_websocket_connection_close (conn->ws, 4002, "Error while decoding payload.");
      return;
    }

  session = g_new0 (Session, 1);
  session->id = random_token (16);
  session->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_hash_table_insert (fake.sessions, session->id, session);
  fake.last_session = session;
  conn->session = session;

  ready = json_object_new ();
  json_object_set_int_member (ready, "v", 10);
  json_object_set_object_member (ready, "user", bot_user ());
  guilds = json_array_new ();
  for (guint i = 0; i < json_array_get_length (fake.guilds); i++)
    {
      JsonObject *guild = json_array_get_object_element (fake.guilds, i);
      JsonObject *unavailable = json_object_new ();

      json_object_set_string_member (unavailable, "id",
                                     json_object_get_string_member (guild, "id"));
      json_object_set_boolean_member (unavailable, "unavailable", TRUE);
      json_array_add_object_element (guilds, unavailable);
    }
  json_object_set_array_member (ready, "guilds", guilds);
  json_object_set_string_member (ready, "session_id", session->id);
  json_object_set_string_member (ready, "resume_gateway_url", resume_url);
  application = json_object_new ();
  json_object_set_string_member (application, "id", fake.application_id);
  json_object_set_int_member (application, "flags", 0);
  json_object_set_object_member (ready, "application", application);
  session_dispatch (session, "READY", object_node (ready));

  /* Then each guild becomes available, as Discord does after READY. */
  for (guint i = 0; i < json_array_get_length (fake.guilds); i++)
    {
      JsonObject *guild = json_object_ref (json_array_get_object_element (fake.guilds, i));

      session_dispatch (session, "GUILD_CREATE", object_node (guild));
    }
}

static void
handle_resume (Connection *conn,
               JsonObject *d)
{
  const char *session_id = d ? json_object_get_string_member_with_default (d, "session_id", NULL)
                             : NULL;
  Session *session = session_id ? g_hash_table_lookup (fake.sessions, session_id) : NULL;
  gint64 seq;

  if (d == NULL || !token_matches (json_object_get_string_member_with_default (d, "token", NULL)))
    {
      soup_websocket_connection_close (conn->ws, 4004, "Authentication failed.");
      return;
    }
  if (session == NULL || session->invalid)
    {
      conn_send_op (conn, 9, json_node_init_boolean (json_node_alloc (), FALSE));
      return;
    }
  seq = json_object_get_int_member_with_default (d, "seq", -1);
  if (seq < 0 || seq > session->seq)
    {
      soup_websocket_connection_close (conn->ws, 4007, "Invalid seq.");
      return;
    }

  /* The old connection, if any, no longer carries the session. */
  for (guint i = 0; i < fake.connections->len; i++)
    {
      Connection *other = g_ptr_array_index (fake.connections, i);

      if (other != conn && other->session == session)
        other->session = NULL;
    }
  conn->session = session;
  fake.last_session = session;
  for (guint i = 0; i < session->events->len; i++)
    {
      JsonNode *event = g_ptr_array_index (session->events, i);
      JsonObject *payload = json_node_get_object (event);

      if (json_object_get_int_member (payload, "s") > seq)
        conn_send (conn, payload);
    }
  session_dispatch (session, "RESUMED", object_node (json_object_new ()));
}

static void
ws_message_cb (SoupWebsocketConnection *ws,
               gint                     type,
               GBytes                  *message,
               gpointer                 user_data)
{
  Connection *conn = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  g_autoptr(JsonNode) root = parse_json (data, len);
  JsonObject *payload;
  JsonNode *d;
  gint64 op;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      soup_websocket_connection_close (ws, 4002, "Error while decoding payload.");
      return;
    }
  payload = json_node_get_object (root);
  log_frame (conn, "in", payload);
  op = json_object_get_int_member_with_default (payload, "op", -1);
  d = json_object_get_member (payload, "d");

  switch (op)
    {
    case 1:
      conn->heartbeats++;
      if (fake.ignore_heartbeats > 0)
        fake.ignore_heartbeats--;
      else
        conn_send_op (conn, 11, NULL);
      break;
    case 2:
      handle_identify (conn, d && JSON_NODE_HOLDS_OBJECT (d) ? json_node_get_object (d) : NULL);
      break;
    case 6:
      handle_resume (conn, d && JSON_NODE_HOLDS_OBJECT (d) ? json_node_get_object (d) : NULL);
      break;
    default:
      if (conn->session == NULL)
        soup_websocket_connection_close (ws, 4003, "Not authenticated.");
      else
        soup_websocket_connection_close (ws, 4001, "Unknown opcode.");
      break;
    }
}

static void
ws_closed_cb (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  Connection *conn = user_data;

  conn->open = FALSE;
}

static void
ws_handler_cb (SoupServer              *server,
               SoupServerMessage       *msg,
               const char              *path,
               SoupWebsocketConnection *ws,
               gpointer                 user_data)
{
  Connection *conn = g_new0 (Connection, 1);
  JsonObject *hello = json_object_new ();
  GUri *uri = soup_server_message_get_uri (msg);

  conn->number = fake.connections->len + 1;
  conn->ws = g_object_ref (ws);
  conn->path = g_strdup (path);
  conn->query = g_strdup (g_uri_get_query (uri));
  conn->open = TRUE;
  g_ptr_array_add (fake.connections, conn);
  g_signal_connect (ws, "message", G_CALLBACK (ws_message_cb), conn);
  g_signal_connect (ws, "closed", G_CALLBACK (ws_closed_cb), conn);
  if (now_ms () < fake.refuse_until_ms)
    {
      /* An outage: Discord's gateway answers "try again later". */
      soup_websocket_connection_close (ws, 1013, "Try again later");
      json_object_unref (hello);
      return;
    }

  json_object_set_int_member (hello, "heartbeat_interval", fake.heartbeat_ms);
  conn_send_op (conn, 10, object_node (hello));
}

static Connection *
current_connection (void)
{
  for (guint i = fake.connections->len; i > 0; i--)
    {
      Connection *conn = g_ptr_array_index (fake.connections, i - 1);

      if (conn->open)
        return conn;
    }
  return NULL;
}

/* --- message validation (Discord's documented limits) --------------------------------- */

/* A member that is an array, or NULL (absent, null or another type). */
static JsonArray *
array_of (JsonObject *object,
          const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
check_length (JsonObject  *object,
              const char  *member,
              glong        max,
              GString     *problems,
              const char  *where)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);

  if (text != NULL && g_utf8_strlen (text, -1) > max)
    {
      g_string_append_printf (problems, "%s.%s longer than %ld; ", where, member, max);
      return FALSE;
    }
  return TRUE;
}

static void
validate_components (JsonArray *rows,
                     GString   *problems)
{
  if (json_array_get_length (rows) > 5)
    g_string_append (problems, "more than 5 action rows; ");
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);
      JsonArray *children = array_of (row, "components");

      if (json_object_get_int_member_with_default (row, "type", 0) != 1 || children == NULL)
        {
          g_string_append (problems, "a top-level component is not an action row; ");
          continue;
        }
      for (guint c = 0; c < json_array_get_length (children); c++)
        {
          JsonObject *child = json_array_get_object_element (children, c);
          JsonArray *options = array_of (child, "options");

          check_length (child, "custom_id", 100, problems, "component");
          check_length (child, "placeholder", 150, problems, "component");
          if (json_object_get_int_member_with_default (child, "type", 0) != 3)
            continue;
          if (options == NULL || json_array_get_length (options) == 0 ||
              json_array_get_length (options) > 25)
            g_string_append (problems, "a select menu needs 1 to 25 options; ");
          for (guint o = 0; options && o < json_array_get_length (options); o++)
            {
              JsonObject *option = json_array_get_object_element (options, o);

              check_length (option, "label", 100, problems, "option");
              check_length (option, "value", 100, problems, "option");
              check_length (option, "description", 100, problems, "option");
            }
        }
    }
}

/* Returns NULL when @message is a valid message body, else what is wrong. */
static char *
validate_message (JsonObject *message,
                  gboolean    allow_empty)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  JsonArray *embeds = array_of (message, "embeds");
  JsonArray *components = array_of (message, "components");
  const char *content = json_object_get_string_member_with_default (message, "content", NULL);
  glong total = 0;

  if (!allow_empty && (content == NULL || *content == '\0') &&
      (embeds == NULL || json_array_get_length (embeds) == 0) &&
      (components == NULL || json_array_get_length (components) == 0))
    g_string_append (problems, "cannot send an empty message; ");
  check_length (message, "content", 2000, problems, "message");
  if (embeds != NULL && json_array_get_length (embeds) > 10)
    g_string_append (problems, "more than 10 embeds; ");
  for (guint e = 0; embeds && e < json_array_get_length (embeds); e++)
    {
      JsonObject *embed = json_array_get_object_element (embeds, e);
      JsonArray *fields = array_of (embed, "fields");

      check_length (embed, "title", 256, problems, "embed");
      check_length (embed, "description", 4096, problems, "embed");
      total += g_utf8_strlen (json_object_get_string_member_with_default (embed, "title", ""), -1);
      total += g_utf8_strlen (json_object_get_string_member_with_default (embed, "description",
                                                                          ""), -1);
      if (fields != NULL && json_array_get_length (fields) > 25)
        g_string_append (problems, "more than 25 fields; ");
      for (guint f = 0; fields && f < json_array_get_length (fields); f++)
        {
          JsonObject *field = json_array_get_object_element (fields, f);
          const char *name = json_object_get_string_member_with_default (field, "name", NULL);
          const char *value = json_object_get_string_member_with_default (field, "value", NULL);

          if (name == NULL || *name == '\0' || value == NULL || *value == '\0')
            g_string_append (problems, "a field needs a name and a value; ");
          check_length (field, "name", 256, problems, "field");
          check_length (field, "value", 1024, problems, "field");
          total += (name ? g_utf8_strlen (name, -1) : 0) + (value ? g_utf8_strlen (value, -1) : 0);
        }
    }
  if (total > 6000)
    g_string_append (problems, "embeds longer than 6000 characters in all; ");
  if (components != NULL)
    validate_components (components, problems);
  if (problems->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&problems), FALSE);
}

static void
respond_invalid_form (SoupServerMessage *msg,
                      const char        *problems)
{
  g_autofree char *message = g_strconcat ("Invalid Form Body: ", problems, NULL);

  respond_discord_error (msg, 400, 50035, message);
}

static JsonNode *
message_object (const char *channel_id,
                JsonObject *body)
{
  JsonObject *message = json_object_new ();
  g_autofree char *id = snowflake ();

  json_object_set_string_member (message, "id", id);
  json_object_set_string_member (message, "channel_id", channel_id);
  json_object_set_int_member (message, "type", 0);
  json_object_set_string_member (message, "content",
                                 json_object_get_string_member_with_default (body, "content", ""));
  json_object_set_member (message, "embeds",
                          json_object_has_member (body, "embeds")
                            ? json_node_copy (json_object_get_member (body, "embeds"))
                            : json_node_init_array (json_node_alloc (), json_array_new ()));
  json_object_set_member (message, "components",
                          json_object_has_member (body, "components")
                            ? json_node_copy (json_object_get_member (body, "components"))
                            : json_node_init_array (json_node_alloc (), json_array_new ()));
  json_object_set_object_member (message, "author", bot_user ());
  json_object_set_int_member (message, "flags",
                              json_object_get_int_member_with_default (body, "flags", 0));
  return object_node (message);
}

/* --- REST ---------------------------------------------------------------------------- */

static Rule *
take_rule (const char *method,
           const char *path)
{
  for (guint i = 0; i < fake.rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (fake.rules, i);

      if ((rule->method == NULL || g_str_equal (rule->method, method)) &&
          strstr (path, rule->path) != NULL && rule->count > 0)
        {
          rule->count--;
          return rule;
        }
    }
  return NULL;
}

static void
respond_rule (SoupServerMessage *msg,
              Rule              *rule)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (rule->status != 429)
    {
      respond_json (msg, rule->status, rule->body);
      return;
    }
  {
    g_autoptr(JsonObject) object = json_object_new ();
    g_autoptr(JsonNode) node = NULL;
    char value[G_ASCII_DTOSTR_BUF_SIZE];

    json_object_set_string_member (object, "message", "You are being rate limited.");
    json_object_set_double_member (object, "retry_after", rule->retry_after);
    json_object_set_boolean_member (object, "global", rule->global);
    node = object_node (json_object_ref (object));
    respond_json (msg, 429, node);

    g_ascii_dtostr (value, sizeof value, rule->retry_after);
    soup_message_headers_replace (headers, "X-RateLimit-Reset-After", value);
    g_snprintf (value, sizeof value, "%d", (int) (rule->retry_after + 0.999));
    soup_message_headers_replace (headers, "Retry-After", value);
    soup_message_headers_replace (headers, "X-RateLimit-Limit", "5");
    soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
    soup_message_headers_replace (headers, "X-RateLimit-Bucket", "fake-bucket");
    soup_message_headers_replace (headers, "X-RateLimit-Scope", rule->global ? "global" : "user");
    if (rule->global)
      soup_message_headers_replace (headers, "X-RateLimit-Global", "true");
  }
}

static gboolean
require_bot_auth (SoupServerMessage *msg,
                  const char        *authorization)
{
  if (authorization != NULL && g_str_has_prefix (authorization, "Bot ") &&
      token_matches (authorization))
    return TRUE;
  respond_discord_error (msg, 401, 0, "401: Unauthorized");
  return FALSE;
}

static Interaction *
interaction_for_token (const char *token)
{
  Interaction *interaction = g_hash_table_lookup (fake.tokens, token);

  if (interaction == NULL || now_ms () - interaction->created_ms > INTERACTION_TOKEN_LIFETIME_MS)
    return NULL;
  return interaction;
}

static void
rest_interaction_callback (SoupServerMessage *msg,
                           char             **parts,
                           JsonNode          *body)
{
  Interaction *interaction = g_hash_table_lookup (fake.interactions, parts[1]);
  JsonObject *object;
  JsonNode *data;
  gint64 type;

  if (interaction == NULL || g_strcmp0 (interaction->token, parts[2]) != 0 ||
      now_ms () - interaction->created_ms > fake.callback_deadline_ms)
    {
      respond_discord_error (msg, 404, 10062, "Unknown interaction");
      return;
    }
  if (interaction->callback_type != 0)
    {
      respond_discord_error (msg, 400, 40060, "Interaction has already been acknowledged.");
      return;
    }
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      respond_invalid_form (msg, "body must be an object");
      return;
    }
  object = json_node_get_object (body);
  type = json_object_get_int_member_with_default (object, "type", 0);
  data = json_object_get_member (object, "data");
  if (type != 1 && (type < 4 || type > 9))
    {
      respond_invalid_form (msg, "type: unknown interaction callback type");
      return;
    }
  if ((type == 4 || type == 7) && (data == NULL || !JSON_NODE_HOLDS_OBJECT (data)))
    {
      respond_invalid_form (msg, "data is required");
      return;
    }
  if (type == 4 || type == 7)
    {
      g_autofree char *problems = validate_message (json_node_get_object (data), FALSE);

      if (problems != NULL)
        {
          respond_invalid_form (msg, problems);
          return;
        }
    }
  if (type == 8)
    {
      JsonArray *choices = data && JSON_NODE_HOLDS_OBJECT (data)
                             ? array_of (json_node_get_object (data), "choices")
                             : NULL;

      if (choices == NULL || json_array_get_length (choices) > 25)
        {
          respond_invalid_form (msg, "data.choices: 0 to 25 choices are required");
          return;
        }
    }
  interaction->callback_type = (int) type;
  soup_server_message_set_status (msg, 204, NULL);
}

static void
rest_webhook (SoupServerMessage *msg,
              const char        *method,
              char             **parts,
              JsonNode          *body)
{
  /* parts: webhooks, {app}, {token}[, messages, @original] */
  Interaction *interaction;
  g_autofree char *problems = NULL;
  g_autoptr(JsonNode) message = NULL;
  guint n = g_strv_length (parts);
  gboolean original = n == 5 && g_str_equal (parts[3], "messages") &&
                      g_str_equal (parts[4], "@original");

  if (n < 3 || !g_str_equal (parts[1], fake.application_id) ||
      (interaction = interaction_for_token (parts[2])) == NULL)
    {
      respond_discord_error (msg, 404, 10015, "Unknown Webhook");
      return;
    }
  if (!((original && (g_str_equal (method, "PATCH") || g_str_equal (method, "GET"))) ||
        (n == 3 && g_str_equal (method, "POST"))))
    {
      respond_discord_error (msg, 405, 0, "405: Method Not Allowed");
      return;
    }
  /* Follow-ups and edits need an acknowledged interaction. */
  if (interaction->callback_type == 0)
    {
      respond_discord_error (msg, 404, 10008, "Unknown Message");
      return;
    }
  if (g_str_equal (method, "GET"))
    {
      g_autoptr(JsonObject) empty = json_object_new ();

      message = message_object ("0", empty);
      respond_json (msg, 200, message);
      return;
    }
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      respond_invalid_form (msg, "body must be an object");
      return;
    }
  problems = validate_message (json_node_get_object (body), original);
  if (problems != NULL)
    {
      respond_invalid_form (msg, problems);
      return;
    }
  message = message_object ("0", json_node_get_object (body));
  respond_json (msg, 200, message);
}

static void
rest_create_dm (SoupServerMessage *msg,
                JsonNode          *body)
{
  JsonObject *object = body && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body)
                                                              : NULL;
  const char *recipient = object ? json_object_get_string_member_with_default (object,
                                                                               "recipient_id",
                                                                               NULL)
                                 : NULL;
  g_autoptr(JsonObject) channel = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *recipients;
  JsonObject *user;
  g_autofree char *id = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (recipient == NULL)
    {
      respond_invalid_form (msg, "recipient_id is required");
      return;
    }
  /* The same DM channel every time for one recipient. */
  g_hash_table_iter_init (&iter, fake.dm_channels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_equal (value, recipient))
      id = g_strdup (key);
  if (id == NULL)
    {
      id = snowflake ();
      g_hash_table_insert (fake.dm_channels, g_strdup (id), g_strdup (recipient));
    }

  json_object_set_string_member (channel, "id", id);
  json_object_set_int_member (channel, "type", 1);
  recipients = json_array_new ();
  user = json_object_new ();
  json_object_set_string_member (user, "id", recipient);
  json_object_set_string_member (user, "username", "someone");
  json_array_add_object_element (recipients, user);
  json_object_set_array_member (channel, "recipients", recipients);
  node = object_node (json_object_ref (channel));
  respond_json (msg, 200, node);
}

static void
rest_channel_message (SoupServerMessage *msg,
                      const char        *channel_id,
                      JsonNode          *body)
{
  g_autofree char *problems = NULL;
  g_autoptr(JsonNode) message = NULL;

  if (!g_hash_table_contains (fake.dm_channels, channel_id))
    {
      respond_discord_error (msg, 404, 10003, "Unknown Channel");
      return;
    }
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      respond_invalid_form (msg, "body must be an object");
      return;
    }
  problems = validate_message (json_node_get_object (body), FALSE);
  if (problems != NULL)
    {
      respond_invalid_form (msg, problems);
      return;
    }
  message = message_object (channel_id, json_node_get_object (body));
  respond_json (msg, 200, message);
}

static void
rest_put_commands (SoupServerMessage *msg,
                   JsonNode          *body)
{
  JsonArray *commands;

  if (body == NULL || !JSON_NODE_HOLDS_ARRAY (body))
    {
      respond_invalid_form (msg, "body must be an array of commands");
      return;
    }
  commands = json_node_get_array (body);
  for (guint i = 0; i < json_array_get_length (commands); i++)
    {
      JsonObject *command = json_array_get_object_element (commands, i);
      const char *name = command ? json_object_get_string_member_with_default (command, "name",
                                                                               NULL) : NULL;
      const char *description = command ? json_object_get_string_member_with_default (
        command, "description", NULL) : NULL;
      g_autofree char *id = snowflake ();

      if (name == NULL || strlen (name) > 32 || description == NULL ||
          g_utf8_strlen (description, -1) > 100)
        {
          respond_invalid_form (msg, "a command needs a name (≤ 32) and a description (≤ 100)");
          return;
        }
      json_object_set_string_member (command, "id", id);
      json_object_set_string_member (command, "application_id", fake.application_id);
      json_object_set_string_member (command, "version", "1");
    }
  g_clear_pointer (&fake.commands, json_node_unref);
  fake.commands = json_node_copy (body);
  respond_json (msg, 200, body);
}

/* --- OAuth2 -------------------------------------------------------------------------- */

static void
redirect_to (SoupServerMessage *msg,
             const char        *redirect_uri,
             const char        *query)
{
  g_autofree char *location = g_strconcat (redirect_uri, strchr (redirect_uri, '?') ? "&" : "?",
                                           query, NULL);

  soup_server_message_set_redirect (msg, 302, location);
}

static void
oauth_authorize (SoupServerMessage *msg,
                 GHashTable        *query)
{
  const char *client_id = query ? g_hash_table_lookup (query, "client_id") : NULL;
  const char *redirect_uri = query ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  const char *state = query ? g_hash_table_lookup (query, "state") : NULL;
  const char *response_type = query ? g_hash_table_lookup (query, "response_type") : NULL;
  const char *scope = query ? g_hash_table_lookup (query, "scope") : NULL;
  g_autofree char *code = NULL;
  g_autofree char *redirect_query = NULL;
  JsonObject *grant;

  if (g_strcmp0 (client_id, fake.client_id) != 0 || g_strcmp0 (response_type, "code") != 0 ||
      redirect_uri == NULL || scope == NULL)
    {
      respond_discord_error (msg, 400, 50035, "Invalid OAuth2 authorize request");
      return;
    }
  if (fake.oauth_deny)
    {
      g_autofree char *escaped = g_uri_escape_string (state ? state : "", NULL, FALSE);

      redirect_query = g_strdup_printf ("error=access_denied&error_description=The+resource+"
                                        "owner+or+authorization+server+denied+the+request&"
                                        "state=%s", escaped);
      redirect_to (msg, redirect_uri, redirect_query);
      return;
    }

  /* The consent is given at once, for whoever the control API said. */
  code = random_token (15);
  grant = json_object_new ();
  json_object_set_object_member (grant, "user", json_object_ref (fake.oauth_user));
  json_object_set_string_member (grant, "redirect_uri", redirect_uri);
  json_object_set_string_member (grant, "scope", scope);
  json_object_set_boolean_member (grant, "used", FALSE);
  g_hash_table_insert (fake.oauth_codes, g_strdup (code), grant);
  {
    g_autofree char *escaped_state = g_uri_escape_string (state ? state : "", NULL, FALSE);

    redirect_query = g_strdup_printf ("code=%s%s%s", code, state ? "&state=" : "",
                                      state ? escaped_state : "");
  }
  redirect_to (msg, redirect_uri, redirect_query);
}

static gboolean
client_authenticated (const char *authorization,
                      GHashTable *form)
{
  const char *id = form ? g_hash_table_lookup (form, "client_id") : NULL;
  const char *secret = form ? g_hash_table_lookup (form, "client_secret") : NULL;
  g_autofree char *decoded = NULL;

  if (authorization != NULL && g_str_has_prefix (authorization, "Basic "))
    {
      gsize len;
      char *colon;

      decoded = (char *) g_base64_decode (authorization + 6, &len);
      decoded = g_realloc (decoded, len + 1);
      decoded[len] = '\0';
      colon = strchr (decoded, ':');
      if (colon == NULL)
        return FALSE;
      *colon = '\0';
      id = decoded;
      secret = colon + 1;
    }
  return g_strcmp0 (id, fake.client_id) == 0 && g_strcmp0 (secret, fake.client_secret) == 0;
}

static void
oauth_error (SoupServerMessage *msg,
             guint              status,
             const char        *error,
             const char        *description)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (object, "error", error);
  json_object_set_string_member (object, "error_description", description);
  node = object_node (json_object_ref (object));
  respond_json (msg, status, node);
}

static void
oauth_token (SoupServerMessage *msg,
             const char        *authorization,
             const char        *raw_body)
{
  g_autoptr(GHashTable) form = raw_body ? soup_form_decode (raw_body) : NULL;
  const char *grant_type = form ? g_hash_table_lookup (form, "grant_type") : NULL;
  const char *code = form ? g_hash_table_lookup (form, "code") : NULL;
  const char *redirect_uri = form ? g_hash_table_lookup (form, "redirect_uri") : NULL;
  JsonObject *grant = code ? g_hash_table_lookup (fake.oauth_codes, code) : NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  JsonObject *held;

  if (!client_authenticated (authorization, form))
    {
      oauth_error (msg, 401, "invalid_client", "Invalid client credentials");
      return;
    }
  if (g_strcmp0 (grant_type, "authorization_code") != 0)
    {
      oauth_error (msg, 400, "unsupported_grant_type", "Only authorization_code is supported");
      return;
    }
  if (grant == NULL || json_object_get_boolean_member (grant, "used") ||
      g_strcmp0 (redirect_uri, json_object_get_string_member (grant, "redirect_uri")) != 0)
    {
      oauth_error (msg, 400, "invalid_grant", "Invalid \"code\" in request.");
      return;
    }
  json_object_set_boolean_member (grant, "used", TRUE);

  access = random_token (15);
  refresh = random_token (15);
  held = json_object_new ();
  json_object_set_object_member (held, "user",
                                 json_object_ref (json_object_get_object_member (grant, "user")));
  g_hash_table_insert (fake.oauth_tokens, g_strdup (access), held);

  answer = json_object_new ();
  json_object_set_string_member (answer, "access_token", access);
  json_object_set_string_member (answer, "token_type", "Bearer");
  json_object_set_int_member (answer, "expires_in", 604800);
  json_object_set_string_member (answer, "refresh_token", refresh);
  json_object_set_string_member (answer, "scope", json_object_get_string_member (grant, "scope"));
  node = object_node (json_object_ref (answer));
  respond_json (msg, 200, node);
}

static void
oauth_revoke (SoupServerMessage *msg,
              const char        *authorization,
              const char        *raw_body)
{
  g_autoptr(GHashTable) form = raw_body ? soup_form_decode (raw_body) : NULL;
  const char *token = form ? g_hash_table_lookup (form, "token") : NULL;
  g_autoptr(JsonNode) node = object_node (json_object_new ());

  if (!client_authenticated (authorization, form))
    {
      oauth_error (msg, 401, "invalid_client", "Invalid client credentials");
      return;
    }
  if (token != NULL)
    {
      g_ptr_array_add (fake.revoked, g_strdup (token));
      g_hash_table_remove (fake.oauth_tokens, token);
    }
  respond_json (msg, 200, node);
}

/* /users/@me and /users/@me/guilds with a user's Bearer token (or the bot's token). */
static void
users_me (SoupServerMessage *msg,
          const char        *authorization,
          gboolean           guilds)
{
  JsonObject *held = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (authorization != NULL && g_str_has_prefix (authorization, "Bearer "))
    held = g_hash_table_lookup (fake.oauth_tokens, authorization + 7);
  if (held == NULL)
    {
      if (!guilds && authorization != NULL && g_str_has_prefix (authorization, "Bot ") &&
          token_matches (authorization))
        {
          node = object_node (bot_user ());
          respond_json (msg, 200, node);
          return;
        }
      respond_discord_error (msg, 401, 0, "401: Unauthorized");
      return;
    }
  if (guilds)
    {
      JsonObject *user = json_object_get_object_member (held, "user");
      JsonNode *list = json_object_get_member (user, "guilds");

      node = list ? json_node_copy (list) : json_node_init_array (json_node_alloc (),
                                                                  json_array_new ());
    }
  else
    {
      JsonObject *user = json_object_get_object_member (held, "user");
      JsonObject *copy = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      /* The user object without the test-only guild list. */
      json_object_iter_init (&iter, user);
      while (json_object_iter_next (&iter, &name, &value))
        if (!g_str_equal (name, "guilds"))
          json_object_set_member (copy, name, json_node_copy (value));
      node = object_node (copy);
    }
  respond_json (msg, 200, node);
}

static void
rest (SoupServerMessage *msg,
      const char        *method,
      const char        *path,
      GHashTable        *query,
      const char        *authorization,
      JsonNode          *body,
      const char        *raw_body)
{
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  guint n = g_strv_length (parts);
  Rule *rule = take_rule (method, path);

  if (rule != NULL)
    {
      respond_rule (msg, rule);
      return;
    }

  if (g_str_equal (path, "/gateway/bot") && g_str_equal (method, "GET"))
    {
      g_autoptr(JsonObject) answer = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      JsonObject *limit = json_object_new ();
      g_autofree char *url = g_strconcat (fake.ws_base, "/gateway", NULL);

      if (!require_bot_auth (msg, authorization))
        return;
      json_object_set_string_member (answer, "url", url);
      json_object_set_int_member (answer, "shards", 1);
      json_object_set_int_member (limit, "total", 1000);
      json_object_set_int_member (limit, "remaining", 999);
      json_object_set_int_member (limit, "reset_after", 14400000);
      json_object_set_int_member (limit, "max_concurrency", 1);
      json_object_set_object_member (answer, "session_start_limit", limit);
      node = object_node (json_object_ref (answer));
      respond_json (msg, 200, node);
      return;
    }
  if (n == 3 && g_str_equal (parts[0], "applications") && g_str_equal (parts[2], "commands"))
    {
      if (!require_bot_auth (msg, authorization))
        return;
      if (!g_str_equal (parts[1], fake.application_id))
        {
          respond_discord_error (msg, 403, 50001, "Missing Access");
          return;
        }
      if (g_str_equal (method, "PUT"))
        rest_put_commands (msg, body);
      else if (g_str_equal (method, "GET"))
        respond_json (msg, 200, fake.commands);
      else
        respond_discord_error (msg, 405, 0, "405: Method Not Allowed");
      return;
    }
  if (n == 4 && g_str_equal (parts[0], "interactions") && g_str_equal (parts[3], "callback") &&
      g_str_equal (method, "POST"))
    {
      rest_interaction_callback (msg, parts, body);
      return;
    }
  if (n >= 3 && g_str_equal (parts[0], "webhooks"))
    {
      rest_webhook (msg, method, parts, body);
      return;
    }
  if (g_str_equal (path, "/users/@me/channels") && g_str_equal (method, "POST"))
    {
      if (require_bot_auth (msg, authorization))
        rest_create_dm (msg, body);
      return;
    }
  if (n == 3 && g_str_equal (parts[0], "channels") && g_str_equal (parts[2], "messages") &&
      g_str_equal (method, "POST"))
    {
      if (require_bot_auth (msg, authorization))
        rest_channel_message (msg, parts[1], body);
      return;
    }
  if (g_str_equal (path, "/oauth2/authorize") && g_str_equal (method, "GET"))
    {
      oauth_authorize (msg, query);
      return;
    }
  if (g_str_equal (path, "/oauth2/token") && g_str_equal (method, "POST"))
    {
      oauth_token (msg, authorization, raw_body);
      return;
    }
  if (g_str_equal (path, "/oauth2/token/revoke") && g_str_equal (method, "POST"))
    {
      oauth_revoke (msg, authorization, raw_body);
      return;
    }
  if (g_str_equal (path, "/users/@me") && g_str_equal (method, "GET"))
    {
      users_me (msg, authorization, FALSE);
      return;
    }
  if (g_str_equal (path, "/users/@me/guilds") && g_str_equal (method, "GET"))
    {
      users_me (msg, authorization, TRUE);
      return;
    }
  respond_discord_error (msg, 404, 0, "404: Not Found");
}

/* --- control API --------------------------------------------------------------------- */

static JsonObject *
body_object (JsonNode *body)
{
  return body && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
}

static void
control_inject_interaction (SoupServerMessage *msg,
                            JsonNode          *body)
{
  JsonObject *object = body_object (body);
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  Interaction *interaction;
  JsonObject *event;
  gint64 seq;

  if (object == NULL || fake.last_session == NULL)
    {
      respond_discord_error (msg, 409, 0, "No gateway session to dispatch to");
      return;
    }
  event = json_object_ref (object);
  interaction = g_new0 (Interaction, 1);
  interaction->id = snowflake ();
  {
    g_autofree char *secret = random_token (24);

    interaction->token = g_strconcat ("aW50ZXJhY3Rpb246", secret, NULL);
  }
  interaction->created_ms = now_ms ();
  g_hash_table_insert (fake.interactions, interaction->id, interaction);
  g_hash_table_insert (fake.tokens, interaction->token, interaction);

  json_object_set_string_member (event, "id", interaction->id);
  json_object_set_string_member (event, "token", interaction->token);
  json_object_set_string_member (event, "application_id", fake.application_id);
  json_object_set_int_member (event, "version", 1);
  if (!json_object_has_member (event, "type"))
    json_object_set_int_member (event, "type", 2);
  if (!json_object_has_member (event, "locale"))
    json_object_set_string_member (event, "locale", "en-US");
  if (!json_object_has_member (event, "app_permissions"))
    json_object_set_string_member (event, "app_permissions", "2147485696");
  seq = session_dispatch (fake.last_session, "INTERACTION_CREATE", object_node (event));

  json_object_set_string_member (answer, "id", interaction->id);
  json_object_set_string_member (answer, "token", interaction->token);
  json_object_set_int_member (answer, "s", seq);
  json_object_set_boolean_member (answer, "delivered", current_connection () != NULL &&
                                                      current_connection ()->session ==
                                                      fake.last_session);
  node = object_node (json_object_ref (answer));
  respond_json (msg, 200, node);
}

static void
control_gateway (SoupServerMessage *msg,
                 const char        *method,
                 const char        *action,
                 JsonNode          *body)
{
  JsonObject *object = body_object (body);
  Connection *conn = current_connection ();

  if (g_str_equal (method, "GET") && action == NULL)
    {
      g_autoptr(JsonObject) answer = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      JsonArray *connections = json_array_new ();
      JsonArray *log = json_array_new ();

      for (guint i = 0; i < fake.connections->len; i++)
        {
          Connection *c = g_ptr_array_index (fake.connections, i);
          JsonObject *entry = json_object_new ();

          json_object_set_int_member (entry, "number", c->number);
          json_object_set_string_member (entry, "path", c->path);
          if (c->query)
            json_object_set_string_member (entry, "query", c->query);
          json_object_set_boolean_member (entry, "open", c->open);
          json_object_set_int_member (entry, "heartbeats", c->heartbeats);
          if (c->session)
            json_object_set_string_member (entry, "session_id", c->session->id);
          json_array_add_object_element (connections, entry);
        }
      for (guint i = 0; i < fake.gateway_log->len; i++)
        json_array_add_object_element (log, json_object_ref (g_ptr_array_index (fake.gateway_log,
                                                                                i)));
      json_object_set_array_member (answer, "connections", connections);
      json_object_set_array_member (answer, "log", log);
      node = object_node (json_object_ref (answer));
      respond_json (msg, 200, node);
      return;
    }
  if (!g_str_equal (method, "POST") || action == NULL)
    {
      respond_discord_error (msg, 405, 0, "405: Method Not Allowed");
      return;
    }
  if (g_str_equal (action, "ignore-heartbeats"))
    {
      fake.ignore_heartbeats = object ? json_object_get_int_member_with_default (object, "count", 1)
                                      : 1;
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  if (conn == NULL)
    {
      respond_discord_error (msg, 409, 0, "No open gateway connection");
      return;
    }
  if (g_str_equal (action, "drop"))
    {
      gint64 code = object ? json_object_get_int_member_with_default (object, "code", 0) : 0;
      gint64 refuse = object ? json_object_get_int_member_with_default (object, "refuse_ms", 0)
                             : 0;

      fake.refuse_until_ms = refuse > 0 ? now_ms () + refuse : 0;

      if (code > 0)
        soup_websocket_connection_close (conn->ws, (gushort) code, "Dropped by the test");
      else
        {
          /* No close frame at all: the TCP connection just ends, as on a network failure. */
          g_io_stream_close (soup_websocket_connection_get_io_stream (conn->ws), NULL, NULL);
          conn->open = FALSE;
        }
    }
  else if (g_str_equal (action, "reconnect"))
    conn_send_op (conn, 7, NULL);
  else if (g_str_equal (action, "invalid-session"))
    {
      gboolean resumable = object ? json_object_get_boolean_member_with_default (object,
                                                                                 "resumable",
                                                                                 FALSE)
                                  : FALSE;

      if (!resumable && conn->session != NULL)
        conn->session->invalid = TRUE;
      conn_send_op (conn, 9, json_node_init_boolean (json_node_alloc (), resumable));
    }
  else if (g_str_equal (action, "heartbeat-request"))
    conn_send_op (conn, 1, NULL);
  else
    {
      respond_discord_error (msg, 404, 0, "Unknown gateway action");
      return;
    }
  soup_server_message_set_status (msg, 204, NULL);
}

static void
control_rule (SoupServerMessage *msg,
              JsonNode          *body,
              gboolean           rate_limit)
{
  JsonObject *object = body_object (body);
  Rule *rule;

  if (object == NULL || !json_object_has_member (object, "path"))
    {
      respond_discord_error (msg, 400, 0, "path is required");
      return;
    }
  rule = g_new0 (Rule, 1);
  rule->method = g_strdup (json_object_get_string_member_with_default (object, "method", NULL));
  rule->path = g_strdup (json_object_get_string_member (object, "path"));
  rule->count = json_object_get_int_member_with_default (object, "count", 1);
  if (rate_limit)
    {
      rule->status = 429;
      rule->retry_after = json_object_get_double_member_with_default (object, "retry_after", 0.5);
      rule->global = json_object_get_boolean_member_with_default (object, "global", FALSE);
    }
  else
    {
      rule->status = json_object_get_int_member_with_default (object, "status", 500);
      if (json_object_has_member (object, "body"))
        rule->body = json_node_copy (json_object_get_member (object, "body"));
    }
  g_ptr_array_add (fake.rules, rule);
  soup_server_message_set_status (msg, 204, NULL);
}

static void
control_requests (SoupServerMessage *msg,
                  GHashTable        *query)
{
  const char *since_text = query ? g_hash_table_lookup (query, "since") : NULL;
  guint64 since = 0;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *list = json_array_new ();

  if (since_text != NULL)
    g_ascii_string_to_unsigned (since_text, 10, 0, G_MAXUINT, &since, NULL);
  for (guint i = 0; i < fake.requests->len; i++)
    {
      Recorded *r = g_ptr_array_index (fake.requests, i);
      JsonObject *entry;

      if (r->seq <= since)
        continue;
      entry = json_object_new ();
      json_object_set_int_member (entry, "seq", r->seq);
      json_object_set_string_member (entry, "method", r->method);
      json_object_set_string_member (entry, "path", r->path);
      if (r->query)
        json_object_set_string_member (entry, "query", r->query);
      if (r->authorization)
        json_object_set_string_member (entry, "authorization", r->authorization);
      if (r->content_type)
        json_object_set_string_member (entry, "content_type", r->content_type);
      if (r->body)
        json_object_set_member (entry, "body", json_node_copy (r->body));
      json_object_set_int_member (entry, "status", r->status);
      json_object_set_int_member (entry, "at_ms", r->at_ms);
      json_array_add_object_element (list, entry);
    }
  json_object_set_array_member (answer, "requests", list);
  json_object_set_int_member (answer, "last", fake.request_seq);
  node = object_node (json_object_ref (answer));
  respond_json (msg, 200, node);
}

static void
control (SoupServerMessage *msg,
         const char        *method,
         const char        *path,
         GHashTable        *query,
         JsonNode          *body)
{
  g_auto(GStrv) parts = g_strsplit (path + strlen ("/_control/"), "/", -1);

  if (g_str_equal (parts[0], "interactions") && g_str_equal (method, "POST"))
    control_inject_interaction (msg, body);
  else if (g_str_equal (parts[0], "gateway"))
    control_gateway (msg, method, parts[1], body);
  else if (g_str_equal (parts[0], "rate-limit") && g_str_equal (method, "POST"))
    control_rule (msg, body, TRUE);
  else if (g_str_equal (parts[0], "fail") && g_str_equal (method, "POST"))
    control_rule (msg, body, FALSE);
  else if (g_str_equal (parts[0], "requests") && g_str_equal (method, "GET"))
    control_requests (msg, query);
  else if (g_str_equal (parts[0], "commands") && g_str_equal (method, "GET"))
    respond_json (msg, 200, fake.commands);
  else if (g_str_equal (parts[0], "dispatch") && g_str_equal (method, "POST") &&
           body_object (body) != NULL && fake.last_session != NULL)
    {
      JsonObject *object = body_object (body);

      session_dispatch (fake.last_session, json_object_get_string_member (object, "t"),
                        json_node_copy (json_object_get_member (object, "d")));
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (g_str_equal (parts[0], "oauth") && g_strcmp0 (parts[1], "user") == 0 &&
           body_object (body) != NULL)
    {
      g_clear_pointer (&fake.oauth_user, json_object_unref);
      fake.oauth_user = json_object_ref (body_object (body));
      fake.oauth_deny = FALSE;
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (g_str_equal (parts[0], "oauth") && g_strcmp0 (parts[1], "deny") == 0)
    {
      fake.oauth_deny = TRUE;
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (g_str_equal (parts[0], "oauth") && g_strcmp0 (parts[1], "revoked") == 0)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), json_array_new ());

      for (guint i = 0; i < fake.revoked->len; i++)
        json_array_add_string_element (json_node_get_array (node),
                                       g_ptr_array_index (fake.revoked, i));
      respond_json (msg, 200, node);
    }
  else
    respond_discord_error (msg, 404, 0, "Unknown control route");
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *raw = g_strndup (data, len);
  g_autoptr(JsonNode) body = parse_json (data, len);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  Recorded *recorded;

  if (g_str_has_prefix (path, "/_control/"))
    {
      control (msg, method, path, query, body);
      return;
    }
  if (!g_str_has_prefix (path, API_PREFIX "/"))
    {
      respond_discord_error (msg, 404, 0, "404: Not Found");
      return;
    }

  recorded = g_new0 (Recorded, 1);
  recorded->seq = ++fake.request_seq;
  recorded->method = g_strdup (method);
  recorded->path = g_strdup (path + strlen (API_PREFIX));
  recorded->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  recorded->authorization = g_strdup (authorization);
  recorded->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  if (body != NULL)
    recorded->body = json_node_copy (body);
  else if (len > 0)
    recorded->body = json_node_init_string (json_node_alloc (), raw);
  recorded->at_ms = now_ms ();

  rest (msg, method, recorded->path, query, authorization, body, raw);
  recorded->status = soup_server_message_get_status (msg);
  g_ptr_array_add (fake.requests, recorded);
}

/* --- main ---------------------------------------------------------------------------- */

static JsonArray *
parse_guilds (const char *spec)
{
  JsonArray *guilds = json_array_new ();
  g_auto(GStrv) entries = g_strsplit (spec, ",", -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      char *colon = strchr (entries[i], ':');
      JsonObject *guild;

      if (colon == NULL)
        continue;
      *colon = '\0';
      guild = json_object_new ();
      json_object_set_string_member (guild, "id", entries[i]);
      json_object_set_string_member (guild, "name", colon + 1);
      json_object_set_boolean_member (guild, "unavailable", FALSE);
      json_object_set_int_member (guild, "member_count", 42);
      json_array_add_object_element (guilds, guild);
    }
  return guilds;
}

static const char *
env_or (const char *name,
        const char *fallback)
{
  const char *value = g_getenv (name);

  return value && *value ? value : fallback;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GSList *uris;
  GUri *uri;

  fake.bot_token = g_strdup (env_or ("FAKE_DISCORD_BOT_TOKEN", "fake-bot-token"));
  fake.application_id = g_strdup (env_or ("FAKE_DISCORD_APPLICATION_ID", "900000000000000001"));
  fake.client_id = g_strdup (env_or ("FAKE_DISCORD_CLIENT_ID", "900000000000000001"));
  fake.client_secret = g_strdup (env_or ("FAKE_DISCORD_CLIENT_SECRET", "fake-client-secret"));
  fake.heartbeat_ms = (guint) g_ascii_strtoull (env_or ("FAKE_DISCORD_HEARTBEAT_MS", "41250"),
                                                NULL, 10);
  fake.callback_deadline_ms = g_ascii_strtoll (env_or ("FAKE_DISCORD_CALLBACK_DEADLINE_MS",
                                                       "3000"), NULL, 10);
  fake.guilds = parse_guilds (env_or ("FAKE_DISCORD_GUILDS",
                                      "700000000000000001:Dualcaster Test Guild"));
  fake.requests = g_ptr_array_new_with_free_func (recorded_free);
  fake.gateway_log = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  fake.connections = g_ptr_array_new ();
  fake.sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, session_free);
  fake.interactions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, interaction_free);
  fake.tokens = g_hash_table_new (g_str_hash, g_str_equal);
  fake.rules = g_ptr_array_new_with_free_func (rule_free);
  fake.commands = json_node_init_array (json_node_alloc (), json_array_new ());
  fake.dm_channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake.oauth_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  fake.oauth_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) json_object_unref);
  fake.revoked = g_ptr_array_new_with_free_func (g_free);
  fake.oauth_user = json_object_new ();
  json_object_set_string_member (fake.oauth_user, "id", "300000000000000001");
  json_object_set_string_member (fake.oauth_user, "username", "discord_alice");
  json_object_set_string_member (fake.oauth_user, "global_name", "Alice");
  json_object_set_null_member (fake.oauth_user, "avatar");
  fake.next_snowflake = 1100000000000000000ULL;

  fake.server = soup_server_new ("server-header", "fake-discord", NULL);
  soup_server_add_handler (fake.server, NULL, handler_cb, NULL, NULL);
  soup_server_add_websocket_handler (fake.server, "/gateway", NULL, NULL, ws_handler_cb, NULL,
                                     NULL);
  soup_server_add_websocket_handler (fake.server, "/resume-gateway", NULL, NULL, ws_handler_cb,
                                     NULL, NULL);
  if (!soup_server_listen_local (fake.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("fake-discord: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (fake.server);
  uri = uris->data;
  fake.base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  fake.ws_base = g_strdup_printf ("ws://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  printf ("listening on %s\n", fake.base_url);
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}
