/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-client-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "dc-card.h"
#include "dc-client-test.h"
#include "dc-csv.h"
#include "dc-money.h"
#include "dc-test-harness.h"

const char *
dc_client_test_init_dirs (void)
{
  static char *root;
  static const struct { const char *var; const char *dir; } dirs[] = {
    { "HOME", "home" },
    { "XDG_DATA_HOME", "home/.local/share" },
    { "XDG_CACHE_HOME", "home/.cache" },
    { "XDG_CONFIG_HOME", "home/.config" },
    { "XDG_STATE_HOME", "home/.local/state" },
    { "XDG_RUNTIME_DIR", "run" },
  };
  g_autoptr(GError) error = NULL;

  if (root != NULL)
    return root;

  root = g_dir_make_tmp ("dc-client-test-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (root, dirs[i].dir, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (dirs[i].var, path, TRUE);
    }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return root;
}

void
dc_client_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          dc_client_test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
dc_client_test_wait (DcTestCondition  condition,
                     gpointer         user_data,
                     guint            timeout_ms,
                     const char      *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (user_data))
    {
      if (timed_out)
        g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
      g_main_context_iteration (NULL, TRUE);
    }
  if (!timed_out)
    g_source_remove (source);
}

void
dc_client_test_result_cb (GObject      *object,
                          GAsyncResult *res,
                          gpointer      user_data)
{
  GAsyncResult **result = user_data;

  g_assert_null (*result);
  *result = g_object_ref (res);
}

static gboolean
has_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

void
dc_client_test_wait_result (GAsyncResult **result)
{
  dc_client_test_wait (has_result, result, 60000, "an asynchronous result");
}

/* ---- catalog ------------------------------------------------------------------------ */

static GBytes *
read_gzip (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GConverter) decompressor = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  raw = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_assert_no_error (error);
  decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  stream = g_converter_input_stream_new (raw, decompressor);
  g_output_stream_splice (sink, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
}

static GBytes *
gzip_bytes (const char *data,
            gsize       length)
{
  g_autoptr(GConverter) compressor = NULL;
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6));
  stream = g_converter_output_stream_new (sink, compressor);
  g_output_stream_write_all (stream, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
}

typedef struct
{
  const char *column;
  const char *finish;
  const char *currency;
  const char *source;
} PriceColumn;

static const PriceColumn price_columns[] = {
  { "usd", "nonfoil", "USD", "tcgplayer" },
  { "usd_foil", "foil", "USD", "tcgplayer" },
  { "usd_etched", "etched", "USD", "tcgplayer" },
  { "eur", "nonfoil", "EUR", "cardmarket" },
  { "eur_foil", "foil", "EUR", "cardmarket" },
  { "tix", "nonfoil", "TIX", "cardhoarder" },
};

static JsonObject *
price_point (const PriceColumn *column,
             const char        *day,
             const char        *text)
{
  JsonObject *point;
  gint64 minor;
  g_autofree char *exact = NULL;

  if (text == NULL || *text == '\0' || !dc_money_parse_decimal (text, &minor, NULL))
    return NULL;
  exact = dc_money_format_decimal (minor);
  point = json_object_new ();
  json_object_set_string_member (point, "finish", column->finish);
  json_object_set_string_member (point, "currency", column->currency);
  json_object_set_string_member (point, "source", column->source);
  json_object_set_string_member (point, "day", day);
  json_object_set_int_member (point, "amount_minor", minor);
  json_object_set_string_member (point, "amount", exact);
  return point;
}

typedef struct
{
  char      *day;
  JsonArray *current;
} Latest;

static void
latest_free (Latest *latest)
{
  g_free (latest->day);
  json_array_unref (latest->current);
  g_free (latest);
}

/**
 * dc_test_catalog_load:
 * @max_cards: at most this many cards (0 for all 6,910)
 * @must_include_name: (nullable): every printing with this name is included
 */
DcTestCatalog *
dc_test_catalog_load (guint       max_cards,
                      const char *must_include_name)
{
  g_autofree char *cards_path = dc_test_demo_path ("cards.jsonl.gz");
  g_autofree char *prices_path = dc_test_demo_path ("price-snapshots.csv.gz");
  g_autoptr(GBytes) cards = read_gzip (cards_path);
  g_autoptr(GBytes) prices = read_gzip (prices_path);
  g_autoptr(GHashTable) latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) latest_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  DcTestCatalog *catalog = g_new0 (DcTestCatalog, 1);
  int columns[G_N_ELEMENTS (price_columns)];
  int id_column = -1, day_column = -1;
  GPtrArray *header;

  catalog->lines = g_ptr_array_new_with_free_func (g_free);
  catalog->ids = g_ptr_array_new_with_free_func (g_free);
  catalog->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_array_unref);

  records = dc_csv_parse (g_bytes_get_data (prices, NULL), g_bytes_get_size (prices), ',',
                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, >, 1);
  header = ((DcCsvRecord *) g_ptr_array_index (records, 0))->fields;
  for (guint c = 0; c < G_N_ELEMENTS (price_columns); c++)
    columns[c] = -1;
  for (guint i = 0; i < header->len; i++)
    {
      const char *name = g_ptr_array_index (header, i);

      if (strcmp (name, "id") == 0)
        id_column = i;
      else if (strcmp (name, "snapshot_date") == 0)
        day_column = i;
      for (guint c = 0; c < G_N_ELEMENTS (price_columns); c++)
        if (strcmp (name, price_columns[c].column) == 0)
          columns[c] = i;
    }
  g_assert_cmpint (id_column, >=, 0);
  g_assert_cmpint (day_column, >=, 0);

  for (guint r = 1; r < records->len; r++)
    {
      GPtrArray *fields = ((DcCsvRecord *) g_ptr_array_index (records, r))->fields;
      const char *id, *day;
      JsonArray *history;
      JsonArray *current = json_array_new ();
      Latest *known;

      if (fields->len <= (guint) MAX (id_column, day_column))
        {
          json_array_unref (current);
          continue;
        }
      id = g_ptr_array_index (fields, id_column);
      day = g_ptr_array_index (fields, day_column);
      history = g_hash_table_lookup (catalog->history, id);
      if (history == NULL)
        {
          history = json_array_new ();
          g_hash_table_insert (catalog->history, g_strdup (id), history);
        }
      for (guint c = 0; c < G_N_ELEMENTS (price_columns); c++)
        {
          JsonObject *point;

          if (columns[c] < 0 || (guint) columns[c] >= fields->len)
            continue;
          point = price_point (&price_columns[c], day, g_ptr_array_index (fields, columns[c]));
          if (point == NULL)
            continue;
          json_array_add_object_element (history, json_object_ref (point));
          json_array_add_object_element (current, point);
        }

      known = g_hash_table_lookup (latest, id);
      if (known == NULL || strcmp (day, known->day) >= 0)
        {
          Latest *newer = g_new0 (Latest, 1);

          newer->day = g_strdup (day);
          newer->current = current;
          g_hash_table_insert (latest, g_strdup (id), newer);
        }
      else
        json_array_unref (current);
    }

  lines = g_strsplit (g_bytes_get_data (cards, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(DcCard) card = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonGenerator) generator = NULL;
      gboolean wanted;
      Latest *known;
      JsonArray *current;

      if (*lines[i] == '\0')
        continue;
      card = dc_card_parse_scryfall_line (lines[i], -1, &error);
      g_assert_no_error (error);

      wanted = must_include_name != NULL && strcmp (card->name, must_include_name) == 0;
      if (!wanted && max_cards > 0 && catalog->lines->len >= max_cards)
        continue;

      node = dc_card_to_json (card);
      known = g_hash_table_lookup (latest, card->id);
      current = known ? json_array_ref (known->current) : json_array_new ();
      json_object_set_array_member (json_node_get_object (node), "prices", current);

      generator = json_generator_new ();
      json_generator_set_root (generator, node);
      g_ptr_array_add (catalog->lines, json_generator_to_data (generator, NULL));
      g_ptr_array_add (catalog->ids, g_strdup (card->id));
    }

  for (guint i = 0; i < catalog->lines->len; i++)
    {
      g_string_append (all, g_ptr_array_index (catalog->lines, i));
      g_string_append_c (all, '\n');
    }
  catalog->gzip = gzip_bytes (all->str, all->len);
  {
    g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, catalog->gzip);

    catalog->etag = g_strdup_printf ("\"%s\"", sum);
  }
  return catalog;
}

void
dc_test_catalog_free (DcTestCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_ptr_array_unref (catalog->lines);
  g_ptr_array_unref (catalog->ids);
  g_hash_table_unref (catalog->history);
  g_bytes_unref (catalog->gzip);
  g_free (catalog->etag);
  g_free (catalog);
}

/* The id of the first printing named @name, or NULL. */
const char *
dc_test_catalog_find_id (DcTestCatalog *catalog,
                         const char    *name)
{
  g_autofree char *needle = g_strdup_printf ("\"name\":\"%s\"", name);

  for (guint i = 0; i < catalog->lines->len; i++)
    if (strstr (g_ptr_array_index (catalog->lines, i), needle) != NULL)
      return g_ptr_array_index (catalog->ids, i);
  return NULL;
}

/* ---- shim ---------------------------------------------------------------------------- */

/* As the server's route does: the whole catalog, or with ?since=VERSION the cards changed
 * after that version (none here: the shim's catalog never changes), with the version in
 * X-Catalog-Version and an ETag per answer; 422 for a version newer than the catalog. */
static void
catalog_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  DcTestShim *shim = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");
  const char *since_text = query ? g_hash_table_lookup (query, "since") : NULL;
  gint64 since = since_text ? g_ascii_strtoll (since_text, NULL, 10) : 0;
  g_autofree char *version = g_strdup_printf ("%d", shim->catalog_version);
  g_autofree char *delta_etag = NULL;
  g_autoptr(GBytes) empty = NULL;
  const char *etag = shim->catalog->etag;
  GBytes *body = shim->catalog->gzip;

  shim->catalog_requests++;
  shim->last_since = since;
  g_free (shim->last_if_none_match);
  shim->last_if_none_match = g_strdup (if_none_match);

  if (since > shim->catalog_version)
    {
      static const char envelope[] =
        "{\"error\":{\"code\":\"validation.failed\",\"message\":\"since is newer than the "
        "catalog\",\"details\":{\"field\":\"since\"}}}";

      soup_server_message_set_status (msg, 422, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        envelope, strlen (envelope));
      return;
    }
  if (since > 0)
    {
      empty = gzip_bytes ("", 0);
      body = empty;
      delta_etag = g_strdup_printf ("\"delta-%" G_GINT64_FORMAT "-%d\"", since,
                                    shim->catalog_version);
      etag = delta_etag;
    }

  soup_message_headers_replace (response, "ETag", etag);
  soup_message_headers_replace (response, "X-Catalog-Version", version);
  if (g_strcmp0 (if_none_match, etag) == 0)
    {
      shim->catalog_not_modified++;
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  /* a broken download: the gzip cut off half-way */
  soup_server_message_set_response (msg, "application/gzip", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL),
                                    shim->truncate_catalog && since == 0
                                      ? g_bytes_get_size (body) / 2
                                      : g_bytes_get_size (body));
}

static guint32
julian (const char *day)
{
  int y, m, d;
  GDate date;

  g_assert_cmpint (sscanf (day, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

/* As the server documents it: the points of the `days` days ending on the newest day. */
static void
history_answer (DcTestShim        *shim,
                SoupServerMessage *msg,
                const char        *id,
                GHashTable        *query)
{
  JsonArray *points = g_hash_table_lookup (shim->catalog->history, id);
  const char *days_text = query ? g_hash_table_lookup (query, "days") : NULL;
  guint days = days_text ? (guint) g_ascii_strtoull (days_text, NULL, 10) : 90;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonArray *kept = json_array_new ();
  g_autofree char *text = NULL;
  guint32 newest = 0;

  shim->history_requests++;
  for (guint i = 0; points && i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);

      newest = MAX (newest, julian (json_object_get_string_member (point, "day")));
    }
  for (guint i = 0; points && i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);

      if (julian (json_object_get_string_member (point, "day")) + days > newest)
        json_array_add_object_element (kept, json_object_ref (point));
    }
  json_object_set_string_member (answer, "card_id", id);
  json_object_set_int_member (answer, "days", days);
  json_object_set_array_member (answer, "points", kept);
  json_node_set_object (root, answer);
  text = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text,
                                    strlen (text));
}

typedef struct
{
  SoupServerMessage *msg;
  SoupMessage       *upstream;
} Forward;

static void
forward_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *type;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_autofree char *target = g_uri_to_string (soup_message_get_uri (forward->upstream));

      g_printerr ("shim: upstream %s failed: %s\n", target, error->message);
      soup_server_message_set_status (forward->msg, SOUP_STATUS_BAD_GATEWAY, NULL);
    }
  else
    {
      headers = soup_message_get_response_headers (forward->upstream);
      type = soup_message_headers_get_content_type (headers, NULL);
      soup_server_message_set_status (forward->msg, soup_message_get_status (forward->upstream),
                                      NULL);
      if (g_bytes_get_size (body) > 0 || type != NULL)
        soup_server_message_set_response (forward->msg, type ? type : "application/octet-stream",
                                          SOUP_MEMORY_COPY, g_bytes_get_data (body, NULL),
                                          g_bytes_get_size (body));
    }
  soup_server_message_unpause (forward->msg);
  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward);
}

static void
default_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  DcTestShim *shim = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *url = NULL;
  Forward *forward;
  const char *value;

  if (g_str_has_prefix (path, "/api/cards/") && g_str_has_suffix (path, "/history") &&
      strcmp (method, "GET") == 0)
    {
      gsize start = strlen ("/api/cards/");
      g_autofree char *id = g_strndup (path + start,
                                       strlen (path) - start - strlen ("/history"));
      history_answer (shim, msg, id, query);
      return;
    }

  if (shim->upstream == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  url = g_strconcat (shim->upstream, path, g_uri_get_query (uri) ? "?" : "",
                     g_uri_get_query (uri) ? g_uri_get_query (uri) : "", NULL);
  forward = g_new0 (Forward, 1);
  forward->msg = g_object_ref (msg);
  forward->upstream = soup_message_new (method, url);
  /* no kept-alive connections: a restarted upstream must not get a stale one */
  soup_message_headers_replace (soup_message_get_request_headers (forward->upstream),
                                "Connection", "close");
  if ((value = soup_message_headers_get_one (request, "Authorization")) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (forward->upstream),
                                  "Authorization", value);
  if ((value = soup_message_headers_get_one (request, "User-Agent")) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (forward->upstream),
                                  "User-Agent", value);
  if (body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

      soup_message_set_request_body_from_bytes (forward->upstream,
                                                soup_message_headers_get_content_type (request,
                                                                                       NULL),
                                                bytes);
    }
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (shim->session, forward->upstream, G_PRIORITY_DEFAULT, NULL,
                                    forward_cb, forward);
}

static void
shim_listen (DcTestShim *shim,
             int         port)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  shim->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (shim->server, "/api/cards/catalog", catalog_handler, shim, NULL);
  soup_server_add_handler (shim->server, NULL, default_handler, shim, NULL);
  soup_server_listen_local (shim->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (shim->server);
  g_assert_nonnull (uris);
  shim->port = g_uri_get_port (uris->data);
  g_free (shim->base_url);
  shim->base_url = g_strdup_printf ("http://127.0.0.1:%d", shim->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

DcTestShim *
dc_test_shim_new (DcTestCatalog *catalog,
                  const char    *upstream)
{
  DcTestShim *shim = g_new0 (DcTestShim, 1);

  shim->catalog = catalog;
  shim->catalog_version = 1;
  shim->upstream = g_strdup (upstream);
  shim->session = soup_session_new ();
  shim_listen (shim, 0);
  return shim;
}

/* Stops listening: the "server" is down, its port refuses connections. */
void
dc_test_shim_stop (DcTestShim *shim)
{
  if (shim->server == NULL)
    return;
  soup_server_disconnect (shim->server);
  g_clear_object (&shim->server);
}

/* Listens again on the same port, in front of @upstream (a restarted server). */
void
dc_test_shim_restart (DcTestShim *shim,
                      const char *upstream)
{
  dc_test_shim_stop (shim);
  g_free (shim->upstream);
  shim->upstream = g_strdup (upstream);
  shim_listen (shim, shim->port);
}

void
dc_test_shim_free (DcTestShim *shim)
{
  if (shim == NULL)
    return;
  dc_test_shim_stop (shim);
  g_object_unref (shim->session);
  g_free (shim->base_url);
  g_free (shim->upstream);
  g_free (shim->last_if_none_match);
  g_free (shim);
}

/* ---- keyring ---------------------------------------------------------------------- */

static gboolean
name_has_owner (const char *name)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  bus = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, NULL);
  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  g_dbus_connection_close_sync (bus, NULL, NULL);
  return owned;
}

DcTestKeyring *
dc_test_keyring_start (void)
{
  DcTestKeyring *keyring = g_new0 (DcTestKeyring, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *input;
  const char *password = "dualcaster-test-keyring";
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock",
                         "--components=secrets", NULL };
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  gint64 deadline;

  dc_client_test_init_dirs ();
  keyring->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  /* GTestDBus unsets DISPLAY (against X11 bus autolaunch); the UI tests need it */
  g_test_dbus_up (keyring->bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  keyring->daemon = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (keyring->daemon);
  g_output_stream_write_all (input, password, strlen (password), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, NULL);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner ("org.freedesktop.secrets"))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("gnome-keyring-daemon did not come up on the test bus");
      g_usleep (50 * 1000);
    }
  return keyring;
}

void
dc_test_keyring_stop (DcTestKeyring *keyring)
{
  if (keyring == NULL)
    return;
  if (keyring->daemon != NULL)
    {
      g_subprocess_force_exit (keyring->daemon);
      g_subprocess_wait (keyring->daemon, NULL, NULL);
      g_clear_object (&keyring->daemon);
    }
  /* stop, not down: GTK and libsecret keep their bus connection until the process ends,
   * and disposing of a GTestDBus that is up waits for that connection to go. So the
   * object stays, stopped, for the few moments the process has left. */
  g_test_dbus_stop (keyring->bus);
  keyring->bus = NULL;
  g_free (keyring);
}
