/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fakes of the Resend and SendGrid send APIs for tests (DESIGN §14), checking what their
 * documentation asks of a request and answering the way they do:
 *
 *   resend    POST /emails, `Authorization: Bearer KEY`, JSON {from, to (string or array),
 *             subject, html and/or text, …} → 200 {"id": …}; 401 without a key, 403 with a
 *             wrong one, 422 {"statusCode","name","message"} for a bad body.
 *   sendgrid  POST /v3/mail/send, `Authorization: Bearer KEY`, JSON {personalizations: [{to:
 *             [{email, name?}], subject?}], from: {email, name?}, subject, content: [{type,
 *             value}] with text/plain first} → 202 with X-Message-Id and no body; 401 for a
 *             bad key, 400 {"errors": [{message, field, help}]} for a bad body.
 *
 * Every request to the API is recorded as request-N.json in --record-dir (method, path,
 * authorization, content type, the parsed body, and the status answered).
 * `POST /_fake/fail?count=N&status=S` makes the next N API requests fail with S (500 by
 * default; count=-1: all of them, count=0: stop failing).
 *
 *   fake-email-api --provider resend|sendgrid --api-key KEY --record-dir DIR
 *
 * Prints "listening on PORT" on stdout, then serves 127.0.0.1:PORT until SIGTERM.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

static char *provider;
static char *api_key;
static char *record_dir;
static int fail_count;
static guint fail_status = 500;
static int request_counter;

static void
record (SoupServerMessage *msg,
        JsonNode          *body,
        guint              status)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = g_strdup_printf ("request-%d.json", ++request_counter);
  g_autofree char *path = g_build_filename (record_dir, name, NULL);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  const char *value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, soup_server_message_get_method (msg));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, g_uri_get_path (soup_server_message_get_uri (msg)));
  json_builder_set_member_name (builder, "authorization");
  json_builder_add_string_value (builder, soup_message_headers_get_one (headers, "Authorization"));
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, soup_message_headers_get_one (headers, "Content-Type"));
  value = soup_message_headers_get_one (headers, "Idempotency-Key");
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "body");
  if (body != NULL)
    json_builder_add_value (builder, json_node_copy (body));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  if (!g_file_set_contents (tmp, text, -1, NULL) || g_rename (tmp, path) != 0)
    g_printerr ("fake-email-api: cannot write %s\n", path);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  if (json != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                      strlen (json));
}

static gboolean
is_string (JsonObject *object,
           const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         *json_node_get_string (node) != '\0';
}

static gboolean
looks_like_address (const char *text)
{
  const char *at = text ? strchr (text, '@') : NULL;

  return at != NULL && at != text && strchr (at, '.') != NULL;
}

/* Resend: 401 without a key, 403 with a wrong one, 422 for a body it cannot send. */
static guint
check_resend (SoupServerMessage  *msg,
              const char         *authorization,
              JsonObject         *body,
              char              **out_answer)
{
  JsonNode *to;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    {
      *out_answer = g_strdup ("{\"statusCode\":401,\"name\":\"missing_api_key\","
                              "\"message\":\"Missing API key in the authorization header\"}");
      return 401;
    }
  if (g_strcmp0 (authorization + 7, api_key) != 0)
    {
      *out_answer = g_strdup ("{\"statusCode\":403,\"name\":\"invalid_api_key\","
                              "\"message\":\"API key is invalid\"}");
      return 403;
    }
#define INVALID(why) \
  do { *out_answer = g_strdup ("{\"statusCode\":422,\"name\":\"validation_error\"," \
                               "\"message\":\"" why "\"}"); return 422; } while (0)
  if (body == NULL)
    INVALID ("The request body must be a JSON object");
  if (!is_string (body, "from"))
    INVALID ("The `from` field is missing");
  if (!looks_like_address (json_object_get_string_member (body, "from")))
    INVALID ("Invalid `from` field");
  to = json_object_get_member (body, "to");
  if (to == NULL)
    INVALID ("The `to` field is missing");
  if (JSON_NODE_HOLDS_ARRAY (to))
    {
      JsonArray *array = json_node_get_array (to);

      if (json_array_get_length (array) == 0 || json_array_get_length (array) > 50)
        INVALID ("The `to` field must have 1 to 50 addresses");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) ||
              json_node_get_value_type (item) != G_TYPE_STRING ||
              !looks_like_address (json_node_get_string (item)))
            INVALID ("Invalid `to` field");
        }
    }
  else if (!is_string (body, "to") ||
           !looks_like_address (json_object_get_string_member (body, "to")))
    INVALID ("Invalid `to` field");
  if (!is_string (body, "subject"))
    INVALID ("The `subject` field is missing");
  if (!is_string (body, "html") && !is_string (body, "text"))
    INVALID ("Either `html` or `text` must be provided");
#undef INVALID
  {
    g_autofree char *id = g_uuid_string_random ();

    *out_answer = g_strdup_printf ("{\"id\":\"%s\"}", id);
  }
  return 200;
}

static gboolean
valid_email_object (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  return is_string (object, "email") &&
         looks_like_address (json_object_get_string_member (object, "email"));
}

/* SendGrid: 401 for a bad key, 400 {"errors": […]} for a body it cannot send. */
static guint
check_sendgrid (SoupServerMessage  *msg,
                const char         *authorization,
                JsonObject         *body,
                char              **out_answer)
{
  JsonNode *node;
  JsonArray *array;
  gboolean subject_everywhere = TRUE;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer ") ||
      g_strcmp0 (authorization + 7, api_key) != 0)
    {
      *out_answer = g_strdup ("{\"errors\":[{\"message\":\"The provided authorization grant "
                              "is invalid, expired, or revoked\",\"field\":null,"
                              "\"help\":null}]}");
      return 401;
    }
#define INVALID(field, why) \
  do { *out_answer = g_strdup ("{\"errors\":[{\"message\":\"" why "\",\"field\":\"" field \
                               "\",\"help\":null}]}"); return 400; } while (0)
  if (body == NULL)
    INVALID ("", "Bad Request");
  node = json_object_get_member (body, "personalizations");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) == 0)
    INVALID ("personalizations", "You must have at least one personalization.");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *p = json_array_get_element (array, i);
      JsonNode *to;
      JsonArray *tos;

      if (!JSON_NODE_HOLDS_OBJECT (p))
        INVALID ("personalizations", "Each personalization must be an object.");
      to = json_object_get_member (json_node_get_object (p), "to");
      if (to == NULL || !JSON_NODE_HOLDS_ARRAY (to) ||
          json_array_get_length (tos = json_node_get_array (to)) == 0)
        INVALID ("personalizations.0.to",
                 "The to array is required for all personalization objects, and must have at "
                 "least one email object with a valid email address.");
      for (guint j = 0; j < json_array_get_length (tos); j++)
        if (!valid_email_object (json_array_get_element (tos, j)))
          INVALID ("personalizations.0.to.0.email",
                   "Does not contain a valid address.");
      if (!is_string (json_node_get_object (p), "subject"))
        subject_everywhere = FALSE;
    }
  if (!valid_email_object (json_object_get_member (body, "from")))
    INVALID ("from.email", "The from email does not contain a valid address.");
  if (!is_string (body, "subject") && !subject_everywhere)
    INVALID ("subject", "The subject is required. You can get around this requirement if you "
                        "use a template with a subject defined or if every personalization has "
                        "a subject defined.");
  node = json_object_get_member (body, "content");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) == 0)
    INVALID ("content", "Unless a valid template_id is provided, the content parameter is "
                        "required. There must be at least one defined content block.");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *c = json_array_get_element (array, i);
      JsonObject *content = JSON_NODE_HOLDS_OBJECT (c) ? json_node_get_object (c) : NULL;

      if (content == NULL || !is_string (content, "type") ||
          !json_object_has_member (content, "value"))
        INVALID ("content", "Content blocks need a type and a value.");
      if (i > 0 && g_str_equal (json_object_get_string_member (content, "type"), "text/plain"))
        INVALID ("content.0.type", "If present, text/plain and text/html may only be provided "
                                   "in that order.");
    }
#undef INVALID
  *out_answer = NULL;
  {
    g_autofree char *id = g_uuid_string_random ();

    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "X-Message-Id", id);
  }
  return 202;
}

static void
api_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *answer = NULL;
  JsonNode *root = NULL;
  JsonObject *body = NULL;
  guint status;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      respond (msg, 405, "{\"message\":\"method not allowed\"}");
      return;
    }
  if (request->length > 0 &&
      json_parser_load_from_data (parser, request->data, request->length, NULL))
    {
      root = json_parser_get_root (parser);
      if (JSON_NODE_HOLDS_OBJECT (root))
        body = json_node_get_object (root);
    }
  if (g_strcmp0 (content_type, "application/json") != 0)
    body = NULL;

  if (fail_count != 0)
    {
      if (fail_count > 0)
        fail_count--;
      record (msg, root, fail_status);
      respond (msg, fail_status, "{\"message\":\"fake failure\"}");
      return;
    }

  if (g_str_equal (provider, "resend"))
    status = check_resend (msg, soup_message_headers_get_one (headers, "Authorization"), body,
                           &answer);
  else
    status = check_sendgrid (msg, soup_message_headers_get_one (headers, "Authorization"), body,
                             &answer);
  record (msg, root, status);
  respond (msg, status, answer);
}

static void
fail_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *count = query ? g_hash_table_lookup (query, "count") : NULL;
  const char *status = query ? g_hash_table_lookup (query, "status") : NULL;
  gint64 n = 1;
  guint64 s = 500;

  if ((count && !g_ascii_string_to_signed (count, 10, -1, G_MAXINT, &n, NULL)) ||
      (status && !g_ascii_string_to_unsigned (status, 10, 100, 599, &s, NULL)))
    {
      respond (msg, 400, "{\"message\":\"count and status must be numbers\"}");
      return;
    }
  fail_count = (int) n;
  fail_status = (guint) s;
  respond (msg, 200, "{}");
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- Resend and SendGrid fakes");
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;
  GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, "resend or sendgrid", "NAME" },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key, "The key to expect", "KEY" },
    { "record-dir", 0, 0, G_OPTION_ARG_FILENAME, &record_dir, "Where requests go", "DIR" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || provider == NULL ||
      api_key == NULL || record_dir == NULL ||
      (!g_str_equal (provider, "resend") && !g_str_equal (provider, "sendgrid")))
    {
      g_printerr ("fake-email-api: %s\n",
                  error ? error->message
                        : "--provider resend|sendgrid, --api-key and --record-dir are required");
      return 2;
    }

  server = soup_server_new ("server-header", "fake-email-api", NULL);
  soup_server_add_handler (server, g_str_equal (provider, "resend") ? "/emails" : "/v3/mail/send",
                           api_cb, NULL, NULL);
  soup_server_add_handler (server, "/_fake/fail", fail_cb, NULL, NULL);
  if (!soup_server_listen (server, address, 0, &error))
    {
      g_printerr ("fake-email-api: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  printf ("listening on %d\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  return 0;
}
