/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-price-import"

#include "config.h"

#include <csv.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "dc-catalog-import-private.h"
#include "dc-money.h"

/* Price history: Scryfall's dated price snapshots (CSV) and MTGJSON's price files. */

#define COMMIT_EVERY_PRICES 50000

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
  g_autofree char *buffer = g_malloc (DC_IMPORT_READ_CHUNK);
  CsvState state = { g_ptr_array_new_with_free_func (g_free), func, user_data };
  gboolean ok = TRUE;
  gssize n;

  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    g_error ("Out of memory");
  while ((n = g_input_stream_read (input, buffer, DC_IMPORT_READ_CHUNK, NULL, error)) > 0)
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
  DcImportWriter *writer;
  DcCardLookup   *lookup;
  DcImportStats  *stats;
  int             col_id;
  int             col_day;
  int             col_price[6];
  gboolean        header_seen;
  GError         *error;
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
  if (id == NULL || !g_uuid_string_is_valid (id) || !_dc_import_day_is_valid (day))
    {
      _dc_import_note_problem (state->stats, "a row without a valid id and snapshot_date");
      return;
    }
  if (!_dc_card_lookup (state->lookup, id, state->stats, &card_id, &state->error))
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
          _dc_import_note_problem (state->stats, "%s of %s on %s: %s",
                                   scryfall_price_columns[i].column, id, day,
                                   money_error->message);
          continue;
        }
      if (!_dc_import_put_price (state->writer, card_id, scryfall_price_columns[i].finish,
                                 scryfall_price_columns[i].currency,
                                 scryfall_price_columns[i].source, day, minor, state->stats,
                                 &state->error))
        return;
    }
}

gboolean
dc_catalog_import_price_snapshots (DcStore        *store,
                                   const char     *path,
                                   DcImportStats  *stats,
                                   GError        **error)
{
  g_autoptr(GInputStream) input = _dc_import_open_input (path, error);
  g_auto(DcCardLookup) lookup = { 0 };
  g_auto(DcImportWriter) writer = { 0 };
  SnapshotState state = { &writer, &lookup, stats };
  gint64 started = g_get_monotonic_time ();

  if (input == NULL)
    return FALSE;
  _dc_card_lookup_init (&lookup, store);
  if (!_dc_import_writer_begin (&writer, store, COMMIT_EVERY_PRICES, error))
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
  if (!_dc_import_writer_finish (&writer, stats, error))
    {
      dc_store_rollback (store);
      return FALSE;
    }
  stats->seconds = (g_get_monotonic_time () - started) / 1e6;
  return _dc_import_publish_catalog_file (store, stats, error);
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
  g_autoptr(GInputStream) input = _dc_import_open_input (path, error);
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
  DcImportWriter *writer;
  DcCardLookup   *lookup;
  GHashTable     *identifiers;  /* nullable */
  DcImportStats  *stats;
  GHashTable     *unknown_ids;  /* MTGJSON uuids without a Scryfall id */
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
          _dc_import_note_problem (state->stats, "a price on %s is not a number", day);
          continue;
        }
      if (!_dc_import_put_price (state->writer, card_id, finish, currency, source, day, minor,
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
  return _dc_card_lookup (state->lookup, scryfall_id, state->stats, out_card_id, error);
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
      _dc_import_note_problem (state->stats, "a line is not a JSON object%s%s",
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

  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (data), DC_IMPORT_READ_CHUNK);
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
  g_auto(DcCardLookup) lookup = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_auto(DcImportWriter) writer = { 0 };
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

  opened = _dc_import_open_input (path, error);
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

  _dc_card_lookup_init (&lookup, store);
  if (!_dc_import_writer_begin (&writer, store, COMMIT_EVERY_PRICES, error))
    return FALSE;
  if (lines)
    ok = import_mtgjson_lines (&state, input, &local_error);
  else
    ok = import_allprices (&state, input, &local_error);
  if (!ok || !_dc_import_writer_finish (&writer, stats, &local_error))
    {
      dc_store_rollback (store);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }
  stats->seconds = (g_get_monotonic_time () - started) / 1e6;
  return _dc_import_publish_catalog_file (store, stats, error);
}

