/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-catalog-import"

#include "config.h"

#include <csv.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dc-alert-service.h"
#include "dc-card.h"
#include "dc-catalog-import.h"
#include "dc-catalog-import-private.h"
#include "dc-catalog-service.h"
#include "dc-catalog-store.h"
#include "dc-commands.h"
#include "dc-money.h"

G_DEFINE_QUARK (dc-catalog-import-error-quark, dc_catalog_import_error)

#define COMMIT_EVERY_CARDS 8192
#define BATCH_BYTES        (1024 * 1024)

void
dc_import_stats_clear (DcImportStats *stats)
{
  g_clear_pointer (&stats->first_problem, g_free);
  memset (stats, 0, sizeof *stats);
}

void
_dc_import_note_problem (DcImportStats *stats,
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
GInputStream *
_dc_import_open_input (const char  *path,
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
  buffered = g_buffered_input_stream_new_sized (G_INPUT_STREAM (raw), DC_IMPORT_READ_CHUNK);
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
  g_autofree guint8 *buffer = g_malloc (DC_IMPORT_READ_CHUNK);
  gssize n;

  if (in == NULL)
    return NULL;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, DC_IMPORT_READ_CHUNK, NULL,
                                   error)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

gboolean
_dc_import_day_is_valid (const char *day)
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

static gboolean
writer_flush_names (DcImportWriter  *writer,
                    GError         **error)
{
  for (guint i = 0; writer->names != NULL && i < writer->names->len; i++)
    if (!dc_catalog_store_put_names (writer->store, g_ptr_array_index (writer->names, i), error))
      return FALSE;
  if (writer->names != NULL)
    g_ptr_array_set_size (writer->names, 0);
  return TRUE;
}

void
_dc_import_writer_clear (DcImportWriter *writer)
{
  g_clear_pointer (&writer->names, g_ptr_array_unref);
}

gboolean
_dc_import_writer_begin (DcImportWriter  *writer,
                         DcStore         *store,
                         guint            commit_every,
                         GError         **error)
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

gboolean
_dc_import_writer_tick (DcImportWriter  *writer,
                        GError         **error)
{
  if (++writer->pending < writer->commit_every)
    return TRUE;
  writer->pending = 0;
  return writer_flush_names (writer, error) && dc_store_commit (writer->store, error) &&
         dc_store_begin (writer->store, error);
}

gboolean
_dc_import_writer_finish (DcImportWriter  *writer,
                          DcImportStats   *stats,
                          GError         **error)
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
gboolean
_dc_import_publish_catalog_file (DcStore        *store,
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

void
_dc_card_lookup_init (DcCardLookup *lookup,
                      DcStore      *store)
{
  lookup->store = store;
  lookup->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
_dc_card_lookup_clear (DcCardLookup *lookup)
{
  g_clear_pointer (&lookup->ids, g_hash_table_unref);
}

gboolean
_dc_card_lookup (DcCardLookup   *lookup,
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

gboolean
_dc_import_check_price (DcPricePoint  *point,
                        DcFinish       finish,
                        const char    *currency,
                        const char    *source,
                        const char    *day,
                        gint64         amount_minor,
                        DcImportStats *stats)
{
  if (!dc_price_point_set_series (point, finish, currency, source) ||
      !_dc_import_day_is_valid (day) || amount_minor < 0)
    {
      _dc_import_note_problem (stats, "a price of %s %s on “%s” is not valid", currency,
                               source, day ? day : "");
      return FALSE;
    }
  g_strlcpy (point->day, day, sizeof point->day);
  point->amount_minor = amount_minor;
  return TRUE;
}

gboolean
_dc_import_put_price (DcImportWriter  *writer,
                      gint64           card_id,
                      DcFinish         finish,
                      const char      *currency,
                      const char      *source,
                      const char      *day,
                      gint64           amount_minor,
                      DcImportStats   *stats,
                      GError         **error)
{
  DcPricePoint point = { 0 };

  if (!_dc_import_check_price (&point, finish, currency, source, day, amount_minor, stats))
    return TRUE;
  if (!dc_catalog_store_put_prices (writer->store, card_id, &point, 1, writer->version, FALSE,
                                    error))
    return FALSE;
  stats->prices++;
  return _dc_import_writer_tick (writer, error);
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

      if (_dc_import_check_price (&point, price->finish, price->currency, price->source, day,
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
      carry = g_byte_array_sized_new (BATCH_BYTES + 2 * DC_IMPORT_READ_CHUNK);
      /* Fill to BATCH_BYTES, then keep going until the batch holds a whole line (the carry
       * from the previous batch holds no newline). */
      while (!eof && (text->len < BATCH_BYTES || newline < 0))
        {
          guint old_len = text->len;
          gssize n;

          g_byte_array_set_size (text, old_len + DC_IMPORT_READ_CHUNK);
          n = g_input_stream_read (pipeline->input, text->data + old_len,
                                   DC_IMPORT_READ_CHUNK, NULL, &error);
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
write_entry (DcImportWriter  *writer,
             DcCatalogEntry  *entry,
             const char      *day,
             DcImportStats   *stats,
             GError         **error)
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
  return _dc_import_writer_tick (writer, error);
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
  g_auto(DcImportWriter) writer = { 0 };
  GThread *reader;
  guint workers = MAX (1, g_get_num_processors ());
  guint64 next_seq = 0;
  gboolean finished = FALSE;
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (path != NULL, FALSE);

  if (day == NULL)
    day = today = today_utc ();
  if (!_dc_import_day_is_valid (day))
    {
      g_set_error (error, DC_CATALOG_IMPORT_ERROR, DC_CATALOG_IMPORT_ERROR_ARGUMENT,
                   "“%s” is not a day (YYYY-MM-DD)", day);
      return FALSE;
    }

  input = _dc_import_open_input (path, error);
  if (input == NULL)
    return FALSE;
  if (!_dc_import_writer_begin (&writer, store, COMMIT_EVERY_CARDS, error))
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
  if (write_error != NULL || !_dc_import_writer_finish (&writer, stats, &write_error))
    {
      dc_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }
  stats->seconds = (g_get_monotonic_time () - started) / 1e6;
  return _dc_import_publish_catalog_file (store, stats, error);
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
  /* New prices fire due price alerts and spikes (DESIGN §7.7, dc-alert-service.h). */
  dc_alert_check_after_import (store);
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
  /* New prices fire due price alerts and spikes (DESIGN §7.7, dc-alert-service.h). */
  dc_alert_check_after_import (store);
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
  /* New prices fire due price alerts and spikes (DESIGN §7.7, dc-alert-service.h). */
  dc_alert_check_after_import (store);
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
  /* New prices fire due price alerts and spikes (DESIGN §7.7, dc-alert-service.h). */
  dc_alert_check_after_import (store);
  return 0;
}
