/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-catalog-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dc-catalog-sync.h"
#include "dc-local-store.h"

/* DcCatalogSync: downloads GET /api/cards/catalog (gzip'd JSON lines, one card object per
 * line, with an ETag) into the account's local database, so search works offline.
 *
 * The first download is the whole catalog. The server names its version in
 * X-Catalog-Version; later downloads ask for the cards changed since it (?since=VERSION)
 * and send the ETag of the previous answer, so an unchanged catalog costs a 304. A server
 * that no longer knows the version (422) gets a full download again.
 *
 * The whole download runs in a worker thread: libsoup 3.2 lets a thread send with the
 * blocking API on the main thread's session, and the thread decompresses, parses and
 * writes through its own SQLite connection in batches. Progress goes back to the main
 * context, at most ten times a second. The ETag is stored only once every line is in, so
 * an interrupted download starts over rather than being mistaken for a complete one. */

#define CHUNK_SIZE        (64 * 1024)
#define BATCH_SIZE        1000
#define PROGRESS_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)

struct _DcCatalogSync
{
  GObject      parent_instance;

  DcApiClient *client;
  char        *db_path;
  gboolean     running;
  guint        cards_received;
  double       fraction;
};

G_DEFINE_FINAL_TYPE (DcCatalogSync, dc_catalog_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_CARDS_RECEIVED,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SoupMessage  *message;       /* the whole catalog */
  char         *base_uri;      /* for the delta, built in the worker */
  char         *db_path;
  GMainContext *context;
  gboolean      changed;
  guint         cards;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->message);
  g_free (data->base_uri);
  g_free (data->db_path);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct
{
  DcCatalogSync *self;
  guint          cards;
  double         fraction;
} Progress;

static gboolean
progress_cb (gpointer user_data)
{
  Progress *progress = user_data;
  DcCatalogSync *self = progress->self;

  if (self->running)
    {
      self->cards_received = progress->cards;
      self->fraction = progress->fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARDS_RECEIVED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->self);
  g_free (progress);
}

static void
report_progress (GTask  *task,
                 guint   cards,
                 double  fraction)
{
  RunData *data = g_task_get_task_data (task);
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (g_task_get_source_object (task));
  progress->cards = cards;
  progress->fraction = fraction;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_cb, progress,
                              (GDestroyNotify) progress_free);
}

typedef struct
{
  DcCatalogWriter *writer;
  GByteArray      *line;
  guint            cards;
  guint            in_batch;
  guint            skipped;
} Import;

static gboolean
import_line (Import      *import,
             const char  *line,
             gsize        length,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  while (length > 0 && (line[length - 1] == '\r' || line[length - 1] == ' '))
    length--;
  if (length == 0)
    return TRUE;

  if (!dc_catalog_writer_put_line (import->writer, line, length, &local_error))
    {
      /* a well-formed line that is not a card is skipped; broken JSON means a broken
       * download, and the batch is thrown away */
      if (g_error_matches (local_error, DC_LOCAL_STORE_ERROR, DC_LOCAL_STORE_ERROR_INVALID))
        {
          import->skipped++;
          return TRUE;
        }
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The card catalog is damaged: "));
      return FALSE;
    }

  import->cards++;
  if (++import->in_batch >= BATCH_SIZE)
    {
      if (!dc_catalog_writer_commit (import->writer, error) ||
          !dc_catalog_writer_begin (import->writer, error))
        return FALSE;
      import->in_batch = 0;
    }
  return TRUE;
}

static gboolean
import_text (Import      *import,
             const char  *text,
             gsize        length,
             GError     **error)
{
  const char *end = text + length;

  while (text < end)
    {
      const char *newline = memchr (text, '\n', end - text);

      if (newline == NULL)
        {
          g_byte_array_append (import->line, (const guint8 *) text, end - text);
          break;
        }
      if (import->line->len > 0)
        {
          g_byte_array_append (import->line, (const guint8 *) text, newline - text);
          if (!import_line (import, (const char *) import->line->data, import->line->len, error))
            return FALSE;
          g_byte_array_set_size (import->line, 0);
        }
      else if (!import_line (import, text, newline - text, error))
        return FALSE;
      text = newline + 1;
    }
  return TRUE;
}

static gboolean
import_compressed (Import        *import,
                   GConverter    *converter,
                   const guint8  *input,
                   gsize          length,
                   gboolean       at_end,
                   guint8        *output,
                   gsize          output_size,
                   GError       **error)
{
  gboolean finished = FALSE;

  do
    {
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;
      GError *local_error = NULL;

      result = g_converter_convert (converter, input, length, output, output_size,
                                    at_end ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                    &bytes_read, &bytes_written, &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          /* more output room is not needed (we hand out a full buffer); more input is */
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) && !at_end)
            {
              g_error_free (local_error);
              return TRUE;
            }
          g_propagate_prefixed_error (error, local_error, _("The card catalog is damaged: "));
          return FALSE;
        }
      input += bytes_read;
      length -= bytes_read;
      if (bytes_written > 0 &&
          !import_text (import, (const char *) output, bytes_written, error))
        return FALSE;
      finished = result == G_CONVERTER_FINISHED;
    }
  while (!finished && (length > 0 || at_end));

  return TRUE;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

/* A message for @uri with the headers (credentials, Accept) the main thread gave @model. */
static SoupMessage *
copy_message (SoupMessage *model,
              const char  *uri)
{
  SoupMessage *message = soup_message_new ("GET", uri);

  soup_message_headers_foreach (soup_message_get_request_headers (model), copy_header,
                                soup_message_get_request_headers (message));
  return message;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DcCatalogSync *self = source_object;
  RunData *data = task_data;
  g_autoptr(DcCatalogWriter) writer = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GConverter) converter = NULL;
  g_autoptr(GByteArray) line = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  g_autofree guint8 *output = g_malloc (4 * CHUNK_SIZE);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *version = NULL;
  g_autofree char *stamp = NULL;
  SoupMessageHeaders *headers;
  const char *new_version;
  gboolean delta = FALSE;
  Import import = { 0 };
  GError *error = NULL;
  goffset total = 0, received = 0;
  gint64 last_report = 0;
  gboolean first = TRUE;
  const char *new_etag;
  guint status;

  if ((writer = dc_catalog_writer_new (data->db_path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  etag = dc_catalog_writer_get_meta (writer, DC_META_CATALOG_ETAG);
  version = dc_catalog_writer_get_meta (writer, DC_META_CATALOG_VERSION);
  delta = version != NULL && etag != NULL;

for_full_catalog:
  if (delta)
    {
      g_autofree char *escaped = g_uri_escape_string (version, NULL, FALSE);
      g_autofree char *uri = g_strconcat (data->base_uri, "?since=", escaped, NULL);

      message = copy_message (data->message, uri);
    }
  else
    message = copy_message (data->message, data->base_uri);
  if (etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "If-None-Match",
                                  etag);

  stream = soup_session_send (dc_api_client_get_session (self->client), message, cancellable,
                              &error);
  if (stream == NULL)
    {
      g_task_return_error (task, dc_api_client_map_transport_error (self->client, error));
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      g_input_stream_close (stream, NULL, NULL);
      data->changed = FALSE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (delta && status == SOUP_STATUS_UNPROCESSABLE_ENTITY)
    {
      /* the server does not know our version (a new database): start over */
      g_input_stream_close (stream, NULL, NULL);
      g_clear_object (&stream);
      g_clear_object (&message);
      g_clear_pointer (&etag, g_free);
      delta = FALSE;
      goto for_full_catalog;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) body = NULL;

      g_output_stream_splice (sink, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, cancellable, NULL);
      body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
      error = dc_api_client_check_status (message, body);
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The server answered the catalog request with HTTP %u"), status);
      g_task_return_error (task, error);
      return;
    }

  headers = soup_message_get_response_headers (message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    total = soup_message_headers_get_content_length (headers);
  new_etag = soup_message_headers_get_one (headers, "ETag");
  new_version = soup_message_headers_get_one (headers, "X-Catalog-Version");

  import.writer = writer;
  import.line = line;
  if (!dc_catalog_writer_begin (writer, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, &error);
      gint64 now;

      if (n < 0)
        {
          error = dc_api_client_map_transport_error (self->client, error);
          goto failed;
        }

      if (first && n > 0)
        {
          /* The body is a gzip file. A server or proxy that also sent it with
           * Content-Encoding: gzip has had it decoded by libsoup already. */
          if (n >= 2 && buffer[0] == 0x1f && buffer[1] == 0x8b)
            converter = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
          first = FALSE;
        }
      received += n;

      if (converter != NULL)
        {
          if (!import_compressed (&import, converter, buffer, n, n == 0, output,
                                  4 * CHUNK_SIZE, &error))
            goto failed;
        }
      else if (!import_text (&import, (const char *) buffer, n, &error))
        goto failed;

      if (n == 0)
        break;

      now = g_get_monotonic_time ();
      if (now - last_report >= PROGRESS_INTERVAL)
        {
          last_report = now;
          report_progress (task, import.cards, total > 0 ? (double) received / total : -1.0);
        }
    }

  /* the last line may lack its newline */
  if (line->len > 0 && !import_line (&import, (const char *) line->data, line->len, &error))
    goto failed;

  stamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  if (!dc_catalog_writer_set_meta (writer, DC_META_CATALOG_ETAG, new_etag, &error) ||
      !dc_catalog_writer_set_meta (writer, DC_META_CATALOG_VERSION, new_version, &error) ||
      !dc_catalog_writer_set_meta (writer, DC_META_CATALOG_UPDATED_AT, stamp, &error) ||
      !dc_catalog_writer_commit (writer, &error))
    goto failed;

  if (import.skipped > 0)
    g_message ("Skipped %u catalog lines that were not cards", import.skipped);
  g_input_stream_close (stream, NULL, NULL);
  report_progress (task, import.cards, 1.0);
  /* an empty delta: nothing changed since our version */
  data->changed = !delta || import.cards > 0;
  data->cards = import.cards;
  g_task_return_boolean (task, TRUE);
  return;

failed:
  dc_catalog_writer_rollback (writer);
  g_input_stream_close (stream, NULL, NULL);
  g_task_return_error (task, error);
}

static void
dc_catalog_sync_finalize (GObject *object)
{
  DcCatalogSync *self = (DcCatalogSync *) object;

  g_clear_object (&self->client);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (dc_catalog_sync_parent_class)->finalize (object);
}

static void
dc_catalog_sync_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DcCatalogSync *self = DC_CATALOG_SYNC (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_CARDS_RECEIVED:
      g_value_set_uint (value, self->cards_received);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_catalog_sync_class_init (DcCatalogSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_catalog_sync_finalize;
  object_class->get_property = dc_catalog_sync_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARDS_RECEIVED] =
    g_param_spec_uint ("cards-received", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* -1 while the size of the download is unknown */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1.0, 1.0, -1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_catalog_sync_init (DcCatalogSync *self)
{
  self->fraction = -1.0;
}

/**
 * dc_catalog_sync_new:
 * @client: the account's API client
 * @db_path: the account's local database (already migrated)
 */
DcCatalogSync *
dc_catalog_sync_new (DcApiClient *client,
                     const char  *db_path)
{
  DcCatalogSync *self;

  g_return_val_if_fail (DC_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (DC_TYPE_CATALOG_SYNC, NULL);
  self->client = g_object_ref (client);
  self->db_path = g_strdup (db_path);
  return self;
}

gboolean
dc_catalog_sync_get_running (DcCatalogSync *self)
{
  g_return_val_if_fail (DC_IS_CATALOG_SYNC (self), FALSE);
  return self->running;
}

guint
dc_catalog_sync_get_cards_received (DcCatalogSync *self)
{
  g_return_val_if_fail (DC_IS_CATALOG_SYNC (self), 0);
  return self->cards_received;
}

double
dc_catalog_sync_get_fraction (DcCatalogSync *self)
{
  g_return_val_if_fail (DC_IS_CATALOG_SYNC (self), -1.0);
  return self->fraction;
}

static void
set_running (DcCatalogSync *self,
             gboolean       running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DcCatalogSync *self = DC_CATALOG_SYNC (object);
  g_autoptr(GTask) outer = user_data;
  GTask *inner = G_TASK (result);
  GError *error = NULL;

  set_running (self, FALSE);
  if (!g_task_propagate_boolean (inner, &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

/**
 * dc_catalog_sync_run_async:
 * @self: a catalog sync
 * @cancellable: (nullable): cancels the download; what was committed stays
 * @callback: called on the caller's main context when done
 * @user_data: data for @callback
 *
 * Downloads the catalog unless the server answers 304 to the stored ETag. Only one run
 * at a time: a second call while one runs fails with %G_IO_ERROR_PENDING.
 */
void
dc_catalog_sync_run_async (DcCatalogSync       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  RunData *data;

  g_return_if_fail (DC_IS_CATALOG_SYNC (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, dc_catalog_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "the catalog is already downloading");
      return;
    }

  data = g_new0 (RunData, 1);
  /* the message is made here, then belongs to the worker thread alone */
  data->message = dc_api_client_new_message (self->client, "GET", "/api/cards/catalog");
  data->base_uri = g_uri_to_string (soup_message_get_uri (data->message));
  soup_message_headers_replace (soup_message_get_request_headers (data->message), "Accept",
                                "application/gzip, application/x-ndjson, application/json");
  data->db_path = g_strdup (self->db_path);
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (outer, data, (GDestroyNotify) run_data_free);

  self->cards_received = 0;
  self->fraction = -1.0;
  set_running (self, TRUE);

  inner = g_task_new (self, cancellable, run_done_cb, g_steal_pointer (&outer));
  g_task_set_task_data (inner, data, NULL);
  g_task_set_return_on_cancel (inner, FALSE);
  g_task_run_in_thread (inner, run_thread);
}

/**
 * dc_catalog_sync_run_finish:
 * @self: a catalog sync
 * @result: the result
 * @out_changed: (out) (optional): %FALSE when the server said the catalog is unchanged
 * @out_cards: (out) (optional): how many cards were written
 * @error: return location for an error; dc_api_client_error_is_offline() tells whether
 *   the server was unreachable
 */
gboolean
dc_catalog_sync_run_finish (DcCatalogSync  *self,
                            GAsyncResult   *result,
                            gboolean       *out_changed,
                            guint          *out_cards,
                            GError        **error)
{
  RunData *data;

  g_return_val_if_fail (DC_IS_CATALOG_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_changed != NULL)
    *out_changed = data ? data->changed : FALSE;
  if (out_cards != NULL)
    *out_cards = data ? data->cards : 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}
