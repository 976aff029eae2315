/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-catalog-import"

#include "config.h"

#include <csv.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dc-card.h"
#include "dc-catalog-import.h"
#include "dc-catalog-service.h"
#include "dc-catalog-store.h"
#include "dc-commands.h"
#include "dc-money.h"

G_DEFINE_QUARK (dc-catalog-import-error-quark, dc_catalog_import_error)

/* Large transactions: with synchronous=FULL each commit waits for the disk. */
#define COMMIT_EVERY_CARDS  8192
#define COMMIT_EVERY_PRICES 50000
#define READ_CHUNK          (256 * 1024)
#define BATCH_BYTES         (1024 * 1024)

void
dc_import_stats_clear (DcImportStats *stats)
{
  g_clear_pointer (&stats->first_problem, g_free);
  memset (stats, 0, sizeof *stats);
}

static void
note_problem (DcImportStats *stats,
              const char    *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
note_problem (DcImportStats *stats,
              const char    *format,
              ...)
{
  va_list args;

  stats->skipped++;
  if (stats->first_problem != NULL)
    return;
  va_start (args, format);
  stats->first_problem = g_strdup_vprintf (format, args);
  va_end (args);
}

/* Input */

/* Opens @path for reading, decompressing it when it starts with the gzip magic bytes. */
static GInputStream *
open_input (const char  *path,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, error);
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  const guint8 *head;
  gsize available = 0;

  if (raw == NULL)
    return NULL;
  buffered = g_buffered_input_stream_new_sized (G_INPUT_STREAM (raw), READ_CHUNK);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 2, NULL, error) < 0)
    return NULL;
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &available);
  if (available < 2 || head[0] != 0x1f || head[1] != 0x8b)
    return g_steal_pointer (&buffered);

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  return g_converter_input_stream_new (buffered, G_CONVERTER (decompressor));
}

static char *
file_sha256 (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (READ_CHUNK);
  gssize n;

  if (in == NULL)
    return NULL;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, READ_CHUNK, NULL, error)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
day_is_valid (const char *day)
{
  gint64 y, m, d;

  if (day == NULL || strlen (day) != 10 || day[4] != '-' || day[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (day[i]))
      return FALSE;
  y = g_ascii_strtoll (day, NULL, 10);
  m = g_ascii_strtoll (day + 5, NULL, 10);
  d = g_ascii_strtoll (day + 8, NULL, 10);
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static char *
today_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Writing in large transactions */

#define NAMES_BURST 1024

typedef struct
{
  DcStore   *store;
  gint64     version;
  guint      pending;
  guint      commit_every;
  GPtrArray *names;   /* DcCatalogNames of changed cards, written in bursts */
} Writer;

static gboolean
writer_flush_names (Writer  *writer,
                    GError **error)
{
  for (guint i = 0; writer->names != NULL && i < writer->names->len; i++)
    if (!dc_catalog_store_put_names (writer->store, g_ptr_array_index (writer->names, i), error))
      return FALSE;
  if (writer->names != NULL)
    g_ptr_array_set_size (writer->names, 0);
  return TRUE;
}

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->names, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static gboolean
writer_begin (Writer   *writer,
              DcStore  *store,
              guint     commit_every,
              GError  **error)
{
  writer->store = store;
  writer->commit_every = commit_every;
  writer->pending = 0;
  writer->version = dc_catalog_store_get_version (store, error);
  if (writer->version < 0)
    return FALSE;
  writer->version++;
  return dc_store_begin (store, error);
}

static gboolean
writer_tick (Writer  *writer,
             GError **error)
{
  if (++writer->pending < writer->commit_every)
    return TRUE;
  writer->pending = 0;
  return writer_flush_names (writer, error) && dc_store_commit (writer->store, error) &&
         dc_store_begin (writer->store, error);
}

static gboolean
writer_finish (Writer         *writer,
               DcImportStats  *stats,
               GError        **error)
{
  /* The answers' price lists and the version change in the last transaction, together. */
  if (!writer_flush_names (writer, error) ||
      !dc_catalog_refresh_prices_json (writer->store, writer->version, error) ||
      !dc_catalog_store_finish_version (writer->store, writer->version, &stats->version_bumped,
                                        error) ||
      !dc_store_commit (writer->store, error))
    return FALSE;
  stats->version = dc_catalog_store_get_version (writer->store, error);
  return stats->version >= 0;
}

/* Builds and stores the catalog download of a new version, so the server can serve it
 * without building it on its main loop. Timed apart from the import itself. */
static gboolean
publish_catalog_file (DcStore        *store,
                      DcImportStats  *stats,
                      GError        **error)
{
  g_autoptr(DcCatalogFile) file = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!stats->version_bumped)
    return TRUE;
  file = dc_catalog_file_build (store, 0, error);
  if (file == NULL || !dc_catalog_file_save (store, file, error))
    {
      g_prefix_error (error, "Building the catalog file: ");
      return FALSE;
    }
  stats->file_bytes = g_bytes_get_size (file->gz);
  stats->file_seconds = (g_get_monotonic_time () - started) / 1e6;
  return TRUE;
}

/* Card ids by Scryfall id, remembered: price files name the same printing many times. */
typedef struct
{
  DcStore    *store;
  GHashTable *ids;     /* scryfall id → card id (0: unknown) */
} CardLookup;

static void
card_lookup_init (CardLookup *lookup,
                  DcStore    *store)
{
  lookup->store = store;
  lookup->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
card_lookup_clear (CardLookup *lookup)
{
  g_clear_pointer (&lookup->ids, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CardLookup, card_lookup_clear)

static gboolean
card_lookup (CardLookup     *lookup,
             const char     *scryfall_id,
             DcImportStats  *stats,
             gint64         *out_card_id,
             GError        **error)
{
  gpointer value;

  if (g_hash_table_lookup_extended (lookup->ids, scryfall_id, NULL, &value))
    {
      *out_card_id = GPOINTER_TO_SIZE (value);
      return TRUE;
    }
  if (!dc_catalog_store_lookup_card (lookup->store, scryfall_id, out_card_id, error))
    return FALSE;
  if (*out_card_id == 0)
    stats->unknown++;
  g_hash_table_insert (lookup->ids, g_strdup (scryfall_id), GSIZE_TO_POINTER (*out_card_id));
  return TRUE;
}

static gboolean
check_price (DcPricePoint   *point,
             DcFinish        finish,
             const char     *currency,
             const char     *source,
             const char     *day,
             gint64          amount_minor,
             DcImportStats  *stats)
{
  if (!dc_price_point_set_series (point, finish, currency, source) || !day_is_valid (day) ||
      amount_minor < 0)
    {
      note_problem (stats, "a price of %s %s on “%s” is not valid", currency, source,
                    day ? day : "");
      return FALSE;
    }
  g_strlcpy (point->day, day, sizeof point->day);
  point->amount_minor = amount_minor;
  return TRUE;
}

static gboolean
put_price (Writer         *writer,
           gint64          card_id,
           DcFinish        finish,
           const char     *currency,
           const char     *source,
           const char     *day,
           gint64          amount_minor,
           DcImportStats  *stats,
           GError        **error)
{
  DcPricePoint point = { 0 };

  if (!check_price (&point, finish, currency, source, day, amount_minor, stats))
    return TRUE;
  if (!dc_catalog_store_put_prices (writer->store, card_id, &point, 1, writer->version, FALSE,
                                    error))
    return FALSE;
  stats->prices++;
  return writer_tick (writer, error);
}

/* Scryfall bulk files
 *
 * One reader thread cuts the (decompressed) input into batches of whole lines; a pool of
 * parser threads, one per core, turns each batch into DcCatalogEntry values; the calling
 * thread writes them in file order. At most a few batches are in flight, so memory stays
 * flat whatever the size of the file. */

typedef struct
{
  guint64     seq;
  GByteArray *text;     /* whole lines; freed once parsed */
  GPtrArray  *entries;  /* DcCatalogEntry */
  guint       skipped;
  char       *problem;
  gboolean    end;      /* the reader's last word: no batch has a higher seq */
  GError     *error;    /* a read error, on the end marker */
} Batch;

static void
batch_free (Batch *batch)
{
  if (batch->text != NULL)
    g_byte_array_unref (batch->text);
  g_clear_pointer (&batch->entries, g_ptr_array_unref);
  g_free (batch->problem);
  g_clear_error (&batch->error);
  g_free (batch);
}

typedef struct
{
  GInputStream *input;
  GThreadPool  *parsers;
  GAsyncQueue  *parsed;
  const char   *day;
  GMutex        lock;
  GCond         cond;
  guint         in_flight;
  guint         max_in_flight;
  gint          cancelled;
} Pipeline;

/* Lines of a Scryfall array look like "[", "{…},", "{…}" and "]"; JSON lines are "{…}". */
static gboolean
trim_card_line (const char **start,
                gsize       *length)
{
  const char *s = *start;
  const char *e = s + *length;

  while (s < e && (g_ascii_isspace (*s) || *s == '['))
    s++;
  while (e > s && (g_ascii_isspace (e[-1]) || e[-1] == ','))
    e--;
  if (e > s && e[-1] == ']')
    {
      e--;
      while (e > s && (g_ascii_isspace (e[-1]) || e[-1] == ','))
        e--;
    }
  *start = s;
  *length = e - s;
  return e > s;
}

/* The card's own prices as points of the import's day, checked and in display order, and
 * their JSON: work done here rather than on the writing thread. */
static DcCatalogEntry *
entry_with_prices (const DcCard *card,
                   const char   *day,
                   Batch        *batch)
{
  DcCatalogEntry *entry = dc_catalog_entry_new (card);
  DcImportStats problems = { 0 };

  entry->prices = g_array_new (FALSE, FALSE, sizeof (DcPricePoint));
  for (guint i = 0; card->prices != NULL && i < card->prices->len; i++)
    {
      const DcCardPrice *price = &g_array_index (card->prices, DcCardPrice, i);
      DcPricePoint point = { 0 };

      if (check_price (&point, price->finish, price->currency, price->source, day,
                       price->amount_minor, &problems))
        g_array_append_val (entry->prices, point);
    }
  g_array_sort (entry->prices, dc_price_point_compare);
  entry->prices_json = dc_price_points_to_json_text (entry->prices);
  batch->skipped += problems.skipped;
  if (problems.first_problem != NULL && batch->problem == NULL)
    batch->problem = g_steal_pointer (&problems.first_problem);
  dc_import_stats_clear (&problems);
  return entry;
}

static void
parse_batch_cb (gpointer data,
                gpointer user_data)
{
  Batch *batch = data;
  Pipeline *pipeline = user_data;
  const char *text = (const char *) batch->text->data;
  const char *end = text + batch->text->len;

  batch->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_catalog_entry_free);
  while (text < end && !g_atomic_int_get (&pipeline->cancelled))
    {
      const char *newline = memchr (text, '\n', end - text);
      const char *line = text;
      gsize length = (newline ? newline : end) - text;
      g_autoptr(GError) error = NULL;
      DcCard *card;

      text = newline ? newline + 1 : end;
      if (!trim_card_line (&line, &length))
        continue;
      card = dc_card_parse_scryfall_line (line, length, &error);
      if (card == NULL)
        {
          if (batch->skipped++ == 0)
            batch->problem = g_strdup (error->message);
          continue;
        }
      g_ptr_array_add (batch->entries, entry_with_prices (card, pipeline->day, batch));
      dc_card_unref (card);
    }
  g_clear_pointer (&batch->text, g_byte_array_unref);
  g_async_queue_push (pipeline->parsed, batch);
}

/* Waits until fewer than max_in_flight batches are out; FALSE when cancelled. */
static gboolean
pipeline_reserve (Pipeline *pipeline)
{
  gboolean ok;

  g_mutex_lock (&pipeline->lock);
  while (pipeline->in_flight >= pipeline->max_in_flight &&
         !g_atomic_int_get (&pipeline->cancelled))
    g_cond_wait (&pipeline->cond, &pipeline->lock);
  ok = !g_atomic_int_get (&pipeline->cancelled);
  if (ok)
    pipeline->in_flight++;
  g_mutex_unlock (&pipeline->lock);
  return ok;
}

static void
pipeline_release (Pipeline *pipeline)
{
  g_mutex_lock (&pipeline->lock);
  pipeline->in_flight--;
  g_cond_signal (&pipeline->cond);
  g_mutex_unlock (&pipeline->lock);
}

static void
pipeline_cancel (Pipeline *pipeline)
{
  g_mutex_lock (&pipeline->lock);
  g_atomic_int_set (&pipeline->cancelled, 1);
  g_cond_broadcast (&pipeline->cond);
  g_mutex_unlock (&pipeline->lock);
}

static gssize
last_newline (const GByteArray *text)
{
  for (gssize i = (gssize) text->len - 1; i >= 0; i--)
    if (text->data[i] == '\n')
      return i;
  return -1;
}

static gpointer
reader_thread (gpointer user_data)
{
  Pipeline *pipeline = user_data;
  g_autoptr(GByteArray) carry = g_byte_array_new ();
  GError *error = NULL;
  gboolean eof = FALSE;
  guint64 seq = 0;
  Batch *end;

  while (!eof && pipeline_reserve (pipeline))
    {
      GByteArray *text = g_steal_pointer (&carry);
      gssize newline = -1;
      Batch *batch;

      /* Sized for a whole batch up front: growing it chunk by chunk would copy it again and
       * again. */
      carry = g_byte_array_sized_new (BATCH_BYTES + 2 * READ_CHUNK);
      /* Fill to BATCH_BYTES, then keep going until the batch holds a whole line (the carry
       * from the previous batch holds no newline). */
      while (!eof && (text->len < BATCH_BYTES || newline < 0))
        {
          guint old_len = text->len;
          gssize n;

          g_byte_array_set_size (text, old_len + READ_CHUNK);
          n = g_input_stream_read (pipeline->input, text->data + old_len, READ_CHUNK, NULL,
                                   &error);
          g_byte_array_set_size (text, old_len + MAX (n, 0));
          if (n <= 0)
            eof = TRUE;
          else
            newline = last_newline (text);
        }
      if (error != NULL)
        {
          g_byte_array_unref (text);
          pipeline_release (pipeline);
          break;
        }
      if (!eof && newline >= 0)
        {
          g_byte_array_append (carry, text->data + newline + 1, text->len - (newline + 1));
          g_byte_array_set_size (text, newline + 1);
        }
      batch = g_new0 (Batch, 1);
      batch->seq = seq++;
      batch->text = text;
      g_thread_pool_push (pipeline->parsers, batch, NULL);
    }

  end = g_new0 (Batch, 1);
  end->seq = seq;
  end->end = TRUE;
  end->error = error;
  g_async_queue_push (pipeline->parsed, end);
  return NULL;
}

static gboolean
write_entry (Writer                *writer,
             DcCatalogEntry        *entry,
             const char            *day,
             DcImportStats         *stats,
             GError               **error)
{
  gint64 card_id;
  gboolean changed;
  gboolean existed;

  if (!dc_catalog_store_upsert_card (writer->store, entry, writer->version, &card_id, &changed,
                                     &existed, error))
    {
      g_prefix_error (error, "Card %s: ", entry->scryfall_id);
      return FALSE;
    }
  stats->cards++;
  if (changed)
    {
      stats->changed++;
      if (writer->names == NULL)
        writer->names = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_catalog_names_free);
      g_ptr_array_add (writer->names, dc_catalog_names_take_from_entry (entry, card_id, existed));
      if (writer->names->len >= NAMES_BURST && !writer_flush_names (writer, error))
        return FALSE;
    }

  if (entry->prices->len > 0 &&
      !dc_catalog_store_put_prices (writer->store, card_id,
                                    (const DcPricePoint *) entry->prices->data,
                                    entry->prices->len, writer->version, !existed, error))
    return FALSE;
  stats->prices += entry->prices->len;
  return writer_tick (writer, error);
}

gboolean
dc_catalog_import_scryfall (DcStore        *store,
                            const char     *path,
                            const char     *day,
                            DcImportStats  *stats,
                            GError        **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GHashTable) waiting = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GError) write_error = NULL;
  g_autoptr(GError) read_error = NULL;
  Pipeline pipeline = { 0 };
  g_auto(Writer) writer = { 0 };
  GThread *reader;
  guint workers = MAX (1, g_get_num_processors ());
  guint64 next_seq = 0;
  gboolean finished = FALSE;
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (path != NULL, FALSE);

  if (day == NULL)
    day = today = today_utc ();
  if (!day_is_valid (day))
    {
      g_set_error (error, DC_CATALOG_IMPORT_ERROR, DC_CATALOG_IMPORT_ERROR_ARGUMENT,
                   "“%s” is not a day (YYYY-MM-DD)", day);
      return FALSE;
    }

  input = open_input (path, error);
  if (input == NULL)
    return FALSE;
  if (!writer_begin (&writer, store, COMMIT_EVERY_CARDS, error))
    return FALSE;

  pipeline.input = input;
  pipeline.day = day;
  pipeline.parsed = g_async_queue_new ();
  pipeline.max_in_flight = 2 * workers + 2;
  g_mutex_init (&pipeline.lock);
  g_cond_init (&pipeline.cond);
  pipeline.parsers = g_thread_pool_new (parse_batch_cb, &pipeline, workers, TRUE, NULL);
  reader = g_thread_new ("dc-import-reader", reader_thread, &pipeline);

  /* Batches come back in any order; write them in file order so that a printing listed
   * twice ends as its last line says. */
  waiting = g_hash_table_new (g_int64_hash, g_int64_equal);
  while (!finished)
    {
      Batch *batch = g_async_queue_pop (pipeline.parsed);

      g_hash_table_insert (waiting, &batch->seq, batch);
      while (!finished && (batch = g_hash_table_lookup (waiting, &next_seq)) != NULL)
        {
          if (batch->end)
            {
              finished = TRUE;
              if (batch->error != NULL)
                read_error = g_steal_pointer (&batch->error);
            }
          else
            {
              for (guint i = 0; write_error == NULL && i < batch->entries->len; i++)
                if (!write_entry (&writer, g_ptr_array_index (batch->entries, i), day, stats,
                                  &write_error))
                  pipeline_cancel (&pipeline);
              stats->skipped += batch->skipped;
              if (batch->problem != NULL && stats->first_problem == NULL)
                stats->first_problem = g_strdup (batch->problem);
              pipeline_release (&pipeline);
            }
          g_hash_table_steal (waiting, &next_seq);
          next_seq++;
          batch_free (batch);
        }
    }

  g_thread_join (reader);
  g_thread_pool_free (pipeline.parsers, FALSE, TRUE);
  g_async_queue_unref (pipeline.parsed);
  g_mutex_clear (&pipeline.lock);
  g_cond_clear (&pipeline.cond);

  if (write_error == NULL && read_error != NULL)
    {
      write_error = g_steal_pointer (&read_error);
      g_prefix_error (&write_error, "Reading %s: ", path);
    }
  if (write_error == NULL && stats->cards == 0 && stats->skipped > 0)
    g_set_error (&write_error, DC_CATALOG_IMPORT_ERROR, DC_CATALOG_IMPORT_ERROR_FORMAT,
                 "%s holds no Scryfall card (first problem: %s)", path, stats->first_problem);
  if (write_error != NULL || !writer_finish (&writer, stats, &write_error))
    {
      dc_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }
  stats->seconds = (g_get_monotonic_time () - started) / 1e6;
  return publish_catalog_file (store, stats, error);
}

/* CSV (libcsv) */

typedef void (*CsvRowFunc) (GPtrArray *fields,
                            gpointer   user_data);

typedef struct
{
  GPtrArray  *fields;
  CsvRowFunc  func;
  gpointer    user_data;
} CsvState;

static void
csv_field_cb (void   *data,
              size_t  length,
              void   *user_data)
{
  CsvState *state = user_data;

  g_ptr_array_add (state->fields, g_strndup (data ? data : "", length));
}

static void
csv_row_cb (int   terminator,
            void *user_data)
{
  CsvState *state = user_data;

  state->func (state->fields, state->user_data);
  g_ptr_array_set_size (state->fields, 0);
}

/* Calls @func for every record of the CSV stream (the header included). */
static gboolean
read_csv (GInputStream  *input,
          CsvRowFunc     func,
          gpointer       user_data,
          GError       **error)
{
  struct csv_parser parser;
  g_autofree char *buffer = g_malloc (READ_CHUNK);
  CsvState state = { g_ptr_array_new_with_free_func (g_free), func, user_data };
  gboolean ok = TRUE;
  gssize n;

  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    g_error ("Out of memory");
  while ((n = g_input_stream_read (input, buffer, READ_CHUNK, NULL, error)) > 0)
    if (csv_parse (&parser, buffer, n, csv_field_cb, csv_row_cb, &state) != (size_t) n)
      {
        g_set_error (error, DC_CATALOG_IMPORT_ERROR, DC_CATALOG_IMPORT_ERROR_FORMAT,
                     "CSV: %s", csv_strerror (csv_error (&parser)));
        ok = FALSE;
        break;
      }
  if (n < 0)
    ok = FALSE;
  if (ok)
    csv_fini (&parser, csv_field_cb, csv_row_cb, &state);
  csv_free (&parser);
  g_ptr_array_unref (state.fields);
  return ok;
}

static int
column_index (GPtrArray  *header,
              const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (header, i), name) == 0)
      return (int) i;
  return -1;
}

static const char *
field (GPtrArray *fields,
       int        index)
{
  if (index < 0 || (guint) index >= fields->len)
    return NULL;
  return g_ptr_array_index (fields, index);
}

/* Price snapshots */

typedef struct
{
  Writer        *writer;
  CardLookup    *lookup;
  DcImportStats *stats;
  int            col_id;
  int            col_day;
  int            col_price[6];
  gboolean       header_seen;
  GError        *error;
} SnapshotState;

static const struct
{
  const char *column;
  DcFinish    finish;
  const char *currency;
  const char *source;
} scryfall_price_columns[] = {
  { "usd", DC_FINISH_NONFOIL, "USD", "tcgplayer" },
  { "usd_foil", DC_FINISH_FOIL, "USD", "tcgplayer" },
  { "usd_etched", DC_FINISH_ETCHED, "USD", "tcgplayer" },
  { "eur", DC_FINISH_NONFOIL, "EUR", "cardmarket" },
  { "eur_foil", DC_FINISH_FOIL, "EUR", "cardmarket" },
  { "tix", DC_FINISH_NONFOIL, "TIX", "cardhoarder" },
};

static void
snapshot_row_cb (GPtrArray *fields,
                 gpointer   user_data)
{
  SnapshotState *state = user_data;
  const char *id;
  const char *day;
  gint64 card_id;

  if (state->error != NULL)
    return;
  if (!state->header_seen)
    {
      state->header_seen = TRUE;
      state->col_id = column_index (fields, "id");
      state->col_day = column_index (fields, "snapshot_date");
      for (guint i = 0; i < G_N_ELEMENTS (scryfall_price_columns); i++)
        state->col_price[i] = column_index (fields, scryfall_price_columns[i].column);
      if (state->col_id < 0 || state->col_day < 0)
        g_set_error (&state->error, DC_CATALOG_IMPORT_ERROR, DC_CATALOG_IMPORT_ERROR_FORMAT,
                     "The snapshot CSV needs the columns id and snapshot_date");
      return;
    }

  id = field (fields, state->col_id);
  day = field (fields, state->col_day);
  if (id == NULL || !g_uuid_string_is_valid (id) || !day_is_valid (day))
    {
      note_problem (state->stats, "a row without a valid id and snapshot_date");
      return;
    }
  if (!card_lookup (state->lookup, id, state->stats, &card_id, &state->error))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (scryfall_price_columns); i++)
    {
      const char *text = field (fields, state->col_price[i]);
      g_autoptr(GError) money_error = NULL;
      gint64 minor;

      if (text == NULL || *text == '\0')
        continue;
      if (card_id == 0)
        {
          state->stats->unknown_prices++;
          continue;
        }
      if (!dc_money_parse_decimal (text, &minor, &money_error))
        {
          note_problem (state->stats, "%s of %s on %s: %s", scryfall_price_columns[i].column,
                        id, day, money_error->message);
          continue;
        }
      if (!put_price (state->writer, card_id, scryfall_price_columns[i].finish,
                      scryfall_price_columns[i].currency, scryfall_price_columns[i].source, day,
                      minor, state->stats, &state->error))
        return;
    }
}

gboolean
dc_catalog_import_price_snapshots (DcStore        *store,
                                   const char     *path,
                                   DcImportStats  *stats,
                                   GError        **error)
{
  g_autoptr(GInputStream) input = open_input (path, error);
  g_auto(CardLookup) lookup = { 0 };
  g_auto(Writer) writer = { 0 };
  SnapshotState state = { &writer, &lookup, stats };
  gint64 started = g_get_monotonic_time ();

  if (input == NULL)
    return FALSE;
  card_lookup_init (&lookup, store);
  if (!writer_begin (&writer, store, COMMIT_EVERY_PRICES, error))
    return FALSE;
  if (!read_csv (input, snapshot_row_cb, &state, error))
    {
      g_clear_error (&state.error);
      dc_store_rollback (store);
      return FALSE;
    }
  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      dc_store_rollback (store);
      return FALSE;
    }
  if (!writer_finish (&writer, stats, error))
    {
      dc_store_rollback (store);
      return FALSE;
    }
  stats->seconds = (g_get_monotonic_time () - started) / 1e6;
  return publish_catalog_file (store, stats, error);
}

/* MTGJSON */

/* MTGJSON's identifiers CSV: v5 uuid and v4 id (mtgjsonV4Id) → Scryfall id. */
typedef struct
{
  GHashTable *map;
  int         col_uuid;
  int         col_v4;
  int         col_scryfall;
  gboolean    header_seen;
  GError     *error;
} IdentifierState;

static void
identifier_row_cb (GPtrArray *fields,
                   gpointer   user_data)
{
  IdentifierState *state = user_data;
  const char *scryfall_id;
  const char *keys[2];

  if (state->error != NULL)
    return;
  if (!state->header_seen)
    {
      state->header_seen = TRUE;
      state->col_uuid = column_index (fields, "uuid");
      state->col_v4 = column_index (fields, "mtgjsonV4Id");
      state->col_scryfall = column_index (fields, "scryfallId");
      if (state->col_scryfall < 0 || (state->col_uuid < 0 && state->col_v4 < 0))
        g_set_error (&state->error, DC_CATALOG_IMPORT_ERROR, DC_CATALOG_IMPORT_ERROR_FORMAT,
                     "The identifiers CSV needs the columns scryfallId and uuid or "
                     "mtgjsonV4Id");
      return;
    }

  scryfall_id = field (fields, state->col_scryfall);
  if (scryfall_id == NULL || *scryfall_id == '\0')
    return;
  keys[0] = field (fields, state->col_uuid);
  keys[1] = field (fields, state->col_v4);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (keys[i] != NULL && *keys[i] != '\0')
      g_hash_table_replace (state->map, g_strdup (keys[i]), g_strdup (scryfall_id));
}

static GHashTable *
load_identifiers (const char  *path,
                  GError     **error)
{
  g_autoptr(GInputStream) input = open_input (path, error);
  IdentifierState state = { 0 };

  if (input == NULL)
    return NULL;
  state.map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (read_csv (input, identifier_row_cb, &state, error) && state.error == NULL)
    return state.map;
  if (state.error != NULL)
    g_propagate_error (error, state.error);
  g_prefix_error (error, "%s: ", path);
  g_hash_table_unref (state.map);
  return NULL;
}

/* MTGJSON prices are JSON numbers, which json-glib hands over as doubles. A decimal with
 * at most two places, k/100, parses to the double x nearest to it (|x − k/100| ≤ 2⁻⁵³·|x|)
 * and x·100 is again rounded to within 2⁻⁵³ relative, so x·100 lies within 2⁻⁵¹·|k| of the
 * integer k: far below ½ for any price (|k| < 2⁵⁰ cents), and llround() gives exactly k. A
 * value with more places is rounded to the nearest cent. */
static gboolean
json_price_to_minor (JsonNode *node,
                     gint64   *out_minor)
{
  double value;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value = (double) json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      value = json_node_get_double (node);
      break;
    default:
      return FALSE;
    }
  if (!isfinite (value) || value < 0 || value > 1e12)
    return FALSE;
  *out_minor = llround (value * 100.0);
  return TRUE;
}

typedef struct
{
  Writer        *writer;
  CardLookup    *lookup;
  GHashTable    *identifiers;  /* nullable */
  DcImportStats *stats;
  GHashTable    *unknown_ids;  /* MTGJSON uuids without a Scryfall id */
} MtgjsonState;

/* {date: price, …} of one series. */
static gboolean
import_series (MtgjsonState  *state,
               gint64         card_id,
               JsonObject    *series,
               DcFinish       finish,
               const char    *currency,
               const char    *source,
               GError       **error)
{
  JsonObjectIter iter;
  const char *day;
  JsonNode *value;

  json_object_iter_init (&iter, series);
  while (json_object_iter_next (&iter, &day, &value))
    {
      gint64 minor;

      if (card_id == 0)
        {
          state->stats->unknown_prices++;
          continue;
        }
      if (!json_price_to_minor (value, &minor))
        {
          note_problem (state->stats, "a price on %s is not a number", day);
          continue;
        }
      if (!put_price (state->writer, card_id, finish, currency, source, day, minor,
                      state->stats, error))
        return FALSE;
    }
  return TRUE;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
resolve_card (MtgjsonState  *state,
              const char    *uuid,
              const char    *scryfall_id,
              gint64        *out_card_id,
              GError       **error)
{
  *out_card_id = 0;
  if (scryfall_id == NULL && state->identifiers != NULL && uuid != NULL)
    scryfall_id = g_hash_table_lookup (state->identifiers, uuid);
  if (scryfall_id == NULL)
    {
      if (uuid != NULL && g_hash_table_add (state->unknown_ids, g_strdup (uuid)))
        state->stats->unknown++;
      return TRUE;
    }
  return card_lookup (state->lookup, scryfall_id, state->stats, out_card_id, error);
}

/* AllPrices: data → uuid → paper|mtgo → provider → retail → normal|foil|etched → {day: price}.
 * Provider names are the sources (tcgplayer, cardmarket, cardkingdom, …) with the
 * provider's currency; MTGO prices (cardhoarder) are in event tickets whatever MTGJSON
 * labels them, so they join Scryfall's `tix` series. Buylist prices are not retail prices
 * and are left out. */
static gboolean
import_allprices_card (MtgjsonState  *state,
                       const char    *uuid,
                       JsonObject    *formats,
                       GError       **error)
{
  static const char *format_names[] = { "paper", "mtgo" };
  static const struct { const char *key; DcFinish finish; } finishes[] = {
    { "normal", DC_FINISH_NONFOIL }, { "foil", DC_FINISH_FOIL }, { "etched", DC_FINISH_ETCHED },
  };
  gint64 card_id;

  if (!resolve_card (state, uuid, NULL, &card_id, error))
    return FALSE;

  for (guint f = 0; f < G_N_ELEMENTS (format_names); f++)
    {
      JsonObject *providers = object_member (formats, format_names[f]);
      JsonObjectIter iter;
      const char *provider;
      JsonNode *node;

      if (providers == NULL)
        continue;
      json_object_iter_init (&iter, providers);
      while (json_object_iter_next (&iter, &provider, &node))
        {
          JsonObject *retail;
          const char *currency;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          retail = object_member (json_node_get_object (node), "retail");
          currency = f == 1 ? "TIX" : string_member (json_node_get_object (node), "currency");
          if (retail == NULL || currency == NULL)
            continue;
          for (guint i = 0; i < G_N_ELEMENTS (finishes); i++)
            {
              JsonObject *series = object_member (retail, finishes[i].key);

              if (series != NULL &&
                  !import_series (state, card_id, series, finishes[i].finish, currency,
                                  provider, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
import_allprices (MtgjsonState  *state,
                  GInputStream  *input,
                  GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *data;
  JsonObjectIter iter;
  const char *uuid;
  JsonNode *node;

  if (state->identifiers == NULL)
    {
      g_set_error (error, DC_CATALOG_IMPORT_ERROR, DC_CATALOG_IMPORT_ERROR_ARGUMENT,
                   "An AllPrices file names cards by MTGJSON uuid: give the identifiers CSV "
                   "with --identifiers=FILE");
      return FALSE;
    }
  if (!json_parser_load_from_stream (parser, input, NULL, error))
    return FALSE;
  data = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
    ? object_member (json_node_get_object (json_parser_get_root (parser)), "data") : NULL;
  if (data == NULL)
    {
      g_set_error (error, DC_CATALOG_IMPORT_ERROR, DC_CATALOG_IMPORT_ERROR_FORMAT,
                   "Not an MTGJSON AllPrices file: no “data” object");
      return FALSE;
    }

  json_object_iter_init (&iter, data);
  while (json_object_iter_next (&iter, &uuid, &node))
    if (JSON_NODE_HOLDS_OBJECT (node) &&
        !import_allprices_card (state, uuid, json_node_get_object (node), error))
      return FALSE;
  return TRUE;
}

/* MTGJSON v4 card prices, one card per line: {uuid, scryfallId, prices: {paper, paperFoil,
 * mtgo, mtgoFoil}}. In v4, paper prices are TCGplayer's (USD) and mtgo Cardhoarder's. */
static gboolean
import_mtgjson_line (MtgjsonState  *state,
                     JsonParser    *parser,
                     const char    *line,
                     gsize          length,
                     GError       **error)
{
  static const struct {
    const char *key; DcFinish finish; const char *currency; const char *source;
  } series[] = {
    { "paper", DC_FINISH_NONFOIL, "USD", "tcgplayer" },
    { "paperFoil", DC_FINISH_FOIL, "USD", "tcgplayer" },
    { "mtgo", DC_FINISH_NONFOIL, "TIX", "cardhoarder" },
    { "mtgoFoil", DC_FINISH_FOIL, "TIX", "cardhoarder" },
  };
  g_autoptr(GError) parse_error = NULL;
  JsonObject *object;
  JsonObject *prices;
  gint64 card_id;

  if (!json_parser_load_from_data (parser, line, length, &parse_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      note_problem (state->stats, "a line is not a JSON object%s%s",
                    parse_error ? ": " : "", parse_error ? parse_error->message : "");
      return TRUE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  prices = object_member (object, "prices");
  if (prices == NULL)
    return TRUE;
  if (!resolve_card (state, string_member (object, "uuid"), string_member (object, "scryfallId"),
                     &card_id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    {
      JsonObject *points = object_member (prices, series[i].key);

      if (points != NULL &&
          !import_series (state, card_id, points, series[i].finish, series[i].currency,
                          series[i].source, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_mtgjson_lines (MtgjsonState  *state,
                      GInputStream  *input,
                      GError       **error)
{
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (input);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (data), READ_CHUNK);
  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      gsize length;
      g_autofree char *line = g_data_input_stream_read_line (data, &length, NULL, &read_error);

      if (line == NULL)
        {
          if (read_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&read_error));
              return FALSE;
            }
          return TRUE;
        }
      g_strstrip (line);
      if (*line == '\0')
        continue;
      if (!import_mtgjson_line (state, parser, line, strlen (line), error))
        return FALSE;
    }
}

/* JSON lines start with a whole object on the first line that names a card ("uuid");
 * AllPrices is one object whose first member is "meta" or "data", usually on one long
 * line or pretty-printed. */
static gboolean
looks_like_json_lines (GBufferedInputStream  *input,
                       GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = g_buffered_input_stream_get_buffer_size (input);
  const char *data = NULL;
  const char *newline = NULL;
  gsize available = 0;

  while (newline == NULL && available < size)
    {
      gssize n = g_buffered_input_stream_fill (input, size - available, NULL, error);

      if (n < 0)
        return FALSE;
      data = g_buffered_input_stream_peek_buffer (input, &available);
      newline = memchr (data, '\n', available);
      if (n == 0)
        break;
    }
  if (newline == NULL || !json_parser_load_from_data (parser, data, newline - data, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  return json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "uuid");
}

gboolean
dc_catalog_import_mtgjson_prices (DcStore        *store,
                                  const char     *path,
                                  const char     *identifiers_path,
                                  DcImportStats  *stats,
                                  GError        **error)
{
  g_autoptr(GInputStream) opened = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GHashTable) identifiers = NULL;
  g_autoptr(GHashTable) unknown_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             NULL);
  g_auto(CardLookup) lookup = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_auto(Writer) writer = { 0 };
  MtgjsonState state = { &writer, &lookup, NULL, stats, unknown_ids };
  gint64 started = g_get_monotonic_time ();
  gboolean lines;
  gboolean ok;

  if (identifiers_path != NULL)
    {
      identifiers = load_identifiers (identifiers_path, error);
      if (identifiers == NULL)
        return FALSE;
      state.identifiers = identifiers;
    }

  opened = open_input (path, error);
  if (opened == NULL)
    return FALSE;
  /* A second buffer over the decompressed text, large enough to look at the first line. */
  input = g_buffered_input_stream_new_sized (opened, 1024 * 1024);
  lines = looks_like_json_lines (G_BUFFERED_INPUT_STREAM (input), &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Reading %s: ", path);
      return FALSE;
    }

  card_lookup_init (&lookup, store);
  if (!writer_begin (&writer, store, COMMIT_EVERY_PRICES, error))
    return FALSE;
  if (lines)
    ok = import_mtgjson_lines (&state, input, &local_error);
  else
    ok = import_allprices (&state, input, &local_error);
  if (!ok || !writer_finish (&writer, stats, &local_error))
    {
      dc_store_rollback (store);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }
  stats->seconds = (g_get_monotonic_time () - started) / 1e6;
  return publish_catalog_file (store, stats, error);
}

/* Demo data */

static void
print_summary (const char          *what,
               const DcImportStats *stats)
{
  printf ("%s: %" G_GINT64_FORMAT " cards (%" G_GINT64_FORMAT " new or changed), %"
          G_GINT64_FORMAT " prices", what, stats->cards, stats->changed, stats->prices);
  if (stats->unknown > 0)
    printf (", %" G_GINT64_FORMAT " unknown printings (%" G_GINT64_FORMAT " prices skipped)",
            stats->unknown, stats->unknown_prices);
  if (stats->skipped > 0)
    printf (", %" G_GINT64_FORMAT " skipped (first: %s)", stats->skipped,
            stats->first_problem);
  printf (" in %.3f s", stats->seconds);
  if (stats->cards > 0 && stats->seconds > 0)
    printf (" = %.0f cards/s", stats->cards / stats->seconds);
  printf ("; catalog version %" G_GINT64_FORMAT, stats->version);
  if (stats->version_bumped)
    printf (" (catalog file %.1f MiB in %.3f s)", stats->file_bytes / 1048576.0,
            stats->file_seconds);
  printf ("\n");
  fflush (stdout);
}

static gboolean
import_demo_file (DcStore     *store,
                  const char  *kind,
                  const char  *path,
                  const char  *identifiers_path,
                  GError     **error)
{
  g_auto(DcImportStats) stats = { 0 };
  g_autofree char *sha = file_sha256 (path, error);
  g_autofree char *today = today_utc ();
  gboolean imported;
  gint64 started_at = dc_now_ms ();
  gboolean ok;

  if (sha == NULL)
    return FALSE;
  if (!dc_catalog_store_was_imported (store, kind, sha, &imported, error))
    return FALSE;
  if (imported)
    {
      printf ("%s: already imported\n", path);
      return TRUE;
    }

  if (g_str_equal (kind, "scryfall"))
    ok = dc_catalog_import_scryfall (store, path, today, &stats, error);
  else if (g_str_equal (kind, "snapshots"))
    ok = dc_catalog_import_price_snapshots (store, path, &stats, error);
  else
    ok = dc_catalog_import_mtgjson_prices (store, path, identifiers_path, &stats, error);
  if (!ok)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  print_summary (path, &stats);
  return dc_catalog_store_record_import (store, kind, path, sha,
                                         g_str_equal (kind, "scryfall") ? today : NULL,
                                         stats.cards, stats.prices, stats.unknown, started_at,
                                         error);
}

gboolean
dc_catalog_import_demo (DcStore     *store,
                        const char  *dir,
                        GError     **error)
{
  g_autofree char *cards = g_build_filename (dir, "cards.jsonl.gz", NULL);
  g_autofree char *snapshots = g_build_filename (dir, "price-snapshots.csv.gz", NULL);
  g_autofree char *v4_prices = g_build_filename (dir, "mtgjson-v4-card-prices.jsonl.gz", NULL);
  g_autofree char *allprices = g_build_filename (dir, "allprices-shaped-from-mtgjson-v4.json.gz",
                                                 NULL);
  g_autofree char *identifiers = g_build_filename (dir, "mtgjson-v5-identifiers-subset.csv.gz",
                                                   NULL);

  if (!import_demo_file (store, "scryfall", cards, NULL, error))
    return FALSE;
  if (g_file_test (snapshots, G_FILE_TEST_EXISTS) &&
      !import_demo_file (store, "snapshots", snapshots, NULL, error))
    return FALSE;
  if (g_file_test (v4_prices, G_FILE_TEST_EXISTS))
    return import_demo_file (store, "mtgjson", v4_prices, NULL, error);
  if (g_file_test (allprices, G_FILE_TEST_EXISTS) && g_file_test (identifiers, G_FILE_TEST_EXISTS))
    return import_demo_file (store, "mtgjson", allprices, identifiers, error);
  return TRUE;
}

/* Commands */

static gboolean
parse_command_line (const char    *command,
                    const char    *parameter,
                    GOptionEntry  *entries,
                    int            argc,
                    char         **argv,
                    char         **out_file,
                    GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *program = g_strdup_printf ("dualcaster-server %s", command);
  char **args_v;
  int args_c;

  g_ptr_array_add (args, program);
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  args_v = (char **) args->pdata;
  args_c = argc + 1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &args_c, &args_v, error))
    return FALSE;
  if (args_c != 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "Usage: %s %s", program,
                   parameter);
      return FALSE;
    }
  *out_file = g_strdup (args_v[1]);
  return TRUE;
}

static int
fail (GError *error)
{
  g_printerr ("dualcaster-server: %s\n", error->message);
  return 1;
}

int
dc_catalog_cmd_import_scryfall (DcConfig  *config,
                                int        argc,
                                char     **argv)
{
  g_autofree char *day = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = NULL;
  g_auto(DcImportStats) stats = { 0 };
  gint64 started_at = dc_now_ms ();
  GOptionEntry entries[] = {
    { "day", 0, 0, G_OPTION_ARG_STRING, &day, "The day of the file's prices (default: today, UTC)",
      "YYYY-MM-DD" },
    { NULL }
  };

  if (!parse_command_line ("import-scryfall", "FILE", entries, argc, argv, &path, &error))
    return fail (error);
  store = dc_cli_open_store (config, &error);
  if (store == NULL || !dc_catalog_import_scryfall (store, path, day, &stats, &error))
    return fail (error);
  if (day == NULL)
    day = today_utc ();
  print_summary (path, &stats);
  if (!dc_catalog_store_record_import (store, "scryfall", path, NULL, day, stats.cards,
                                       stats.prices, stats.unknown, started_at, &error))
    return fail (error);
  return 0;
}

int
dc_catalog_cmd_import_mtgjson (DcConfig  *config,
                               int        argc,
                               char     **argv)
{
  g_autofree char *identifiers = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = NULL;
  g_auto(DcImportStats) stats = { 0 };
  gint64 started_at = dc_now_ms ();
  GOptionEntry entries[] = {
    { "identifiers", 0, 0, G_OPTION_ARG_FILENAME, &identifiers,
      "MTGJSON identifiers CSV (uuid, mtgjsonV4Id, scryfallId), plain or gzip", "FILE" },
    { NULL }
  };

  if (!parse_command_line ("import-mtgjson-prices", "FILE", entries, argc, argv, &path, &error))
    return fail (error);
  store = dc_cli_open_store (config, &error);
  if (store == NULL ||
      !dc_catalog_import_mtgjson_prices (store, path, identifiers, &stats, &error))
    return fail (error);
  print_summary (path, &stats);
  if (!dc_catalog_store_record_import (store, "mtgjson", path, NULL, NULL, 0, stats.prices,
                                       stats.unknown, started_at, &error))
    return fail (error);
  return 0;
}

int
dc_catalog_cmd_import_snapshots (DcConfig  *config,
                                 int        argc,
                                 char     **argv)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = NULL;
  g_auto(DcImportStats) stats = { 0 };
  gint64 started_at = dc_now_ms ();
  GOptionEntry entries[] = { { NULL } };

  if (!parse_command_line ("import-price-snapshots", "FILE", entries, argc, argv, &path, &error))
    return fail (error);
  store = dc_cli_open_store (config, &error);
  if (store == NULL || !dc_catalog_import_price_snapshots (store, path, &stats, &error))
    return fail (error);
  print_summary (path, &stats);
  if (!dc_catalog_store_record_import (store, "snapshots", path, NULL, NULL, 0, stats.prices,
                                       stats.unknown, started_at, &error))
    return fail (error);
  return 0;
}

int
dc_catalog_cmd_import_demo (DcConfig  *config,
                            int        argc,
                            char     **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = NULL;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_command_line ("import-demo", "DIR", entries, argc, argv, &dir, &error))
    return fail (error);
  store = dc_cli_open_store (config, &error);
  if (store == NULL || !dc_catalog_import_demo (store, dir, &error))
    return fail (error);
  return 0;
}
