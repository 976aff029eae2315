/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-catalog-service"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "dc-catalog-service.h"
#include "dc-error.h"
#include "dc-language.h"
#include "dc-money.h"
#include "dc-search-text.h"

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
dc_price_point_to_json (const DcPricePoint *point)
{
  JsonObject *object = json_object_new ();
  g_autofree char *amount = dc_money_format_decimal (point->amount_minor);

  json_object_set_string_member (object, "finish", dc_finish_to_string (point->finish));
  json_object_set_string_member (object, "currency", point->currency);
  json_object_set_string_member (object, "source", point->source);
  json_object_set_string_member (object, "day", point->day);
  json_object_set_int_member (object, "amount_minor", point->amount_minor);
  json_object_set_string_member (object, "amount", amount);
  return object_node (object);
}

JsonArray *
dc_price_points_to_json (const GArray *points)
{
  JsonArray *array = json_array_sized_new (points->len);

  for (guint i = 0; i < points->len; i++)
    json_array_add_element (array, dc_price_point_to_json (&g_array_index (points, DcPricePoint,
                                                                           i)));
  return array;
}

static void
set_not_found (GError     **error,
               const char  *scryfall_id)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "id", scryfall_id);
  dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "card.not_found", details,
                    "There is no card with this id");
}

/* Our JSON is stored as text written by json-glib; reading it back failing means the
 * database is damaged, which the client cannot fix. */
static JsonObject *
parse_stored_object (JsonParser  *parser,
                     const char  *text,
                     GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, error))
    {
      g_prefix_error (error, "Stored card JSON: ");
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "Stored card JSON is not an object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

typedef struct
{
  DcStore    *store;
  JsonParser *parser;
  JsonArray  *results;
  GError     *error;
} SearchState;

static void
search_hit_cb (const DcCatalogHit *hit,
               gpointer            user_data)
{
  SearchState *state = user_data;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GArray) prices = NULL;

  if (state->error != NULL)
    return;
  object = parse_stored_object (state->parser, hit->summary_json, &state->error);
  if (object == NULL)
    return;
  prices = dc_catalog_store_current_prices (state->store, hit->card_id, &state->error);
  if (prices == NULL)
    return;
  json_object_set_array_member (object, "prices", dc_price_points_to_json (prices));
  json_array_add_object_element (state->results, g_steal_pointer (&object));
}

JsonNode *
dc_catalog_search (DcStore     *store,
                   const char  *q,
                   const char  *set_code,
                   const char  *lang,
                   guint        limit,
                   GError     **error)
{
  g_autofree char *fts_query = NULL;
  g_autofree char *exact_key = NULL;
  g_autofree char *set_folded = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  SearchState state = { store, parser, NULL, NULL };
  JsonObject *answer;
  gint64 total = 0;

  if (q == NULL || g_utf8_strlen (q, -1) > DC_SEARCH_QUERY_MAX)
    {
      dc_api_error_set_field (error, "q", "q is required: up to %d characters of a card name",
                              DC_SEARCH_QUERY_MAX);
      return NULL;
    }
  fts_query = dc_search_fts_prefix_query (q);
  if (fts_query == NULL)
    {
      dc_api_error_set_field (error, "q", "q must contain at least one letter or digit");
      return NULL;
    }
  if (set_code != NULL && *set_code != '\0')
    {
      if (strlen (set_code) > 10)
        {
          dc_api_error_set_field (error, "set", "set must be a set code such as “lea”");
          return NULL;
        }
      set_folded = g_ascii_strdown (set_code, -1);
    }
  if (lang != NULL && *lang != '\0')
    {
      lang = dc_language_normalize (lang, FALSE);
      if (lang == NULL)
        {
          dc_api_error_set_field (error, "lang", "lang must be a Scryfall language code");
          return NULL;
        }
    }
  else
    lang = NULL;
  exact_key = dc_search_fold_key (q);

  state.results = json_array_new ();
  if (!dc_catalog_store_search (store, fts_query, exact_key, set_folded, lang, limit,
                                search_hit_cb, &state, &total, error) ||
      state.error != NULL)
    {
      if (state.error != NULL)
        g_propagate_error (error, g_steal_pointer (&state.error));
      json_array_unref (state.results);
      return NULL;
    }

  answer = json_object_new ();
  json_object_set_array_member (answer, "results", state.results);
  json_object_set_int_member (answer, "total", total);
  return object_node (answer);
}

JsonNode *
dc_catalog_get_card (DcStore     *store,
                     const char  *scryfall_id,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GArray) prices = NULL;
  g_autofree char *card_json = NULL;
  gint64 card_id = 0;

  if (scryfall_id == NULL || !g_uuid_string_is_valid (scryfall_id))
    {
      set_not_found (error, scryfall_id ? scryfall_id : "");
      return NULL;
    }
  if (!dc_catalog_store_get_card_json (store, scryfall_id, &card_id, &card_json, error))
    return NULL;
  if (card_id == 0)
    {
      set_not_found (error, scryfall_id);
      return NULL;
    }
  object = parse_stored_object (parser, card_json, error);
  if (object == NULL)
    return NULL;
  prices = dc_catalog_store_current_prices (store, card_id, error);
  if (prices == NULL)
    return NULL;
  json_object_set_array_member (object, "prices", dc_price_points_to_json (prices));
  return object_node (g_steal_pointer (&object));
}

/* The first day of a window of @days days that ends on @last_day (YYYY-MM-DD). */
static char *
window_start (const char *last_day,
              guint       days)
{
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *iso = NULL;

  if (last_day != NULL)
    {
      iso = g_strconcat (last_day, "T00:00:00Z", NULL);
      end = g_date_time_new_from_iso8601 (iso, NULL);
    }
  if (end == NULL)
    end = g_date_time_new_now_utc ();
  start = g_date_time_add_days (end, -(int) (days - 1));
  return g_date_time_format (start, "%Y-%m-%d");
}

JsonNode *
dc_catalog_get_history (DcStore     *store,
                        const char  *scryfall_id,
                        guint        days,
                        GError     **error)
{
  g_autoptr(GArray) points = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *first_day = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *answer;
  gint64 card_id = 0;

  g_return_val_if_fail (days >= 1 && days <= DC_HISTORY_DAYS_MAX, NULL);

  if (scryfall_id == NULL || !g_uuid_string_is_valid (scryfall_id))
    {
      set_not_found (error, scryfall_id ? scryfall_id : "");
      return NULL;
    }
  if (!dc_catalog_store_lookup_card (store, scryfall_id, &card_id, error))
    return NULL;
  if (card_id == 0)
    {
      set_not_found (error, scryfall_id);
      return NULL;
    }

  newest = dc_catalog_store_newest_price_day (store, card_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  first_day = window_start (newest, days);
  points = dc_catalog_store_history (store, card_id, first_day, error);
  if (points == NULL)
    return NULL;

  answer = json_object_new ();
  json_object_set_string_member (answer, "card_id", scryfall_id);
  json_object_set_int_member (answer, "days", days);
  if (newest != NULL)
    json_object_set_string_member (answer, "from", first_day);
  else
    json_object_set_null_member (answer, "from");
  if (newest != NULL)
    json_object_set_string_member (answer, "to", newest);
  else
    json_object_set_null_member (answer, "to");
  json_object_set_array_member (answer, "points", dc_price_points_to_json (points));
  return object_node (answer);
}

/* Catalog file */

typedef struct
{
  GOutputStream *out;      /* gzip converter over a memory stream */
  JsonGenerator *generator;
  GString       *line;
  guint          cards;
  GError        *error;
} CatalogWriter;

/* A line is the stored card object with "prices" appended before its closing brace: the
 * stored text is json-glib's own output of a non-empty object, so this splice is exact
 * and saves parsing and re-encoding every card of the catalog. */
static void
catalog_card_cb (const char   *card_json,
                 const GArray *prices,
                 gpointer      user_data)
{
  CatalogWriter *writer = user_data;
  g_autoptr(JsonNode) prices_node = NULL;
  g_autofree char *prices_text = NULL;
  gsize len = strlen (card_json);

  if (writer->error != NULL)
    return;
  if (len < 3 || card_json[0] != '{' || card_json[len - 1] != '}')
    {
      g_warning ("Skipping a damaged card row in the catalog");
      return;
    }

  prices_node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (prices_node, dc_price_points_to_json (prices));
  json_generator_set_root (writer->generator, prices_node);
  prices_text = json_generator_to_data (writer->generator, NULL);

  g_string_truncate (writer->line, 0);
  g_string_append_len (writer->line, card_json, len - 1);
  g_string_append (writer->line, ",\"prices\":");
  g_string_append (writer->line, prices_text);
  g_string_append (writer->line, "}\n");
  if (!g_output_stream_write_all (writer->out, writer->line->str, writer->line->len, NULL, NULL,
                                  &writer->error))
    return;
  writer->cards++;
}

DcCatalogFile *
dc_catalog_file_build (DcStore  *store,
                       gint64    since_version,
                       GError  **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GString) line = g_string_sized_new (8192);
  g_autofree char *digest = NULL;
  CatalogWriter writer = { 0 };
  DcCatalogFile *file;
  gint64 version;

  /* One read transaction, so the version matches the rows even while an import runs. */
  if (!dc_store_exec (store, "BEGIN", error))
    return NULL;
  version = dc_catalog_store_get_version (store, error);
  out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  writer.out = out;
  writer.generator = generator;
  writer.line = line;
  if (version < 0 ||
      !dc_catalog_store_foreach_card (store, since_version, catalog_card_cb, &writer, error))
    {
      dc_store_rollback (store);
      g_clear_error (&writer.error);
      return NULL;
    }
  dc_store_rollback (store);
  if (writer.error != NULL)
    {
      g_propagate_error (error, writer.error);
      return NULL;
    }
  if (!g_output_stream_close (out, NULL, error))
    return NULL;

  file = g_new0 (DcCatalogFile, 1);
  g_atomic_ref_count_init (&file->ref_count);
  file->version = version;
  file->cards = writer.cards;
  file->gz = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file->gz);
  file->etag = g_strdup_printf ("\"%s\"", digest);
  return file;
}

DcCatalogFile *
dc_catalog_file_ref (DcCatalogFile *file)
{
  g_atomic_ref_count_inc (&file->ref_count);
  return file;
}

void
dc_catalog_file_unref (DcCatalogFile *file)
{
  if (file == NULL || !g_atomic_ref_count_dec (&file->ref_count))
    return;
  g_bytes_unref (file->gz);
  g_free (file->etag);
  g_free (file);
}
