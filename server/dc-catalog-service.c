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

/* Answers are spliced from stored JSON texts that json-glib itself wrote (a card or
 * summary object, and the array of its prices), so they need no parsing and re-encoding:
 * the object's closing brace becomes `,"prices":[…]}`. A stored object that does not look
 * like one means a damaged database. */
static gboolean
append_with_prices (GString     *out,
                    const char  *object_json,
                    const char  *prices_json,
                    GError     **error)
{
  gsize len = object_json ? strlen (object_json) : 0;

  if (len < 3 || object_json[0] != '{' || object_json[len - 1] != '}' || prices_json == NULL ||
      prices_json[0] != '[')
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "A stored card is not a JSON object");
      return FALSE;
    }
  g_string_append_len (out, object_json, len - 1);
  g_string_append (out, ",\"prices\":");
  g_string_append (out, prices_json);
  g_string_append_c (out, '}');
  return TRUE;
}

static GBytes *
string_to_bytes (GString *text)
{
  gsize len = text->len;

  return g_bytes_new_take (g_string_free (text, FALSE), len);
}

char *
dc_price_points_to_json_text (const GArray *points)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, dc_price_points_to_json (points));
  return json_to_string (node, FALSE);
}

typedef struct
{
  GString *out;
  guint    count;
  GError  *error;
} SearchState;

static void
search_hit_cb (const DcCatalogHit *hit,
               gpointer            user_data)
{
  SearchState *state = user_data;

  if (state->error != NULL)
    return;
  if (state->count++ > 0)
    g_string_append_c (state->out, ',');
  append_with_prices (state->out, hit->summary_json, hit->prices_json, &state->error);
}

GBytes *
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
  SearchState state = { NULL, 0, NULL };
  gint64 total = 0;

  if (q == NULL || !g_utf8_validate (q, -1, NULL) || g_utf8_strlen (q, -1) > DC_SEARCH_QUERY_MAX)
    {
      dc_api_error_set_field (error, "q",
                              "q is required: up to %d characters (UTF-8) of a card name",
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

  state.out = g_string_sized_new (1024 * MIN (limit, 20));
  g_string_append (state.out, "{\"results\":[");
  if (!dc_catalog_store_search (store, fts_query, exact_key, set_folded, lang, limit,
                                search_hit_cb, &state, &total, error) ||
      state.error != NULL)
    {
      if (state.error != NULL)
        g_propagate_error (error, g_steal_pointer (&state.error));
      g_string_free (state.out, TRUE);
      return NULL;
    }
  g_string_append_printf (state.out, "],\"total\":%" G_GINT64_FORMAT "}", total);
  return string_to_bytes (state.out);
}

GBytes *
dc_catalog_get_card (DcStore     *store,
                     const char  *scryfall_id,
                     GError     **error)
{
  g_autofree char *card_json = NULL;
  g_autofree char *prices_json = NULL;
  g_autoptr(GString) out = NULL;
  gint64 card_id = 0;

  if (scryfall_id == NULL || !g_uuid_string_is_valid (scryfall_id))
    {
      set_not_found (error, scryfall_id ? scryfall_id : "");
      return NULL;
    }
  if (!dc_catalog_store_get_card_json (store, scryfall_id, &card_id, &card_json, &prices_json,
                                       error))
    return NULL;
  if (card_id == 0)
    {
      set_not_found (error, scryfall_id);
      return NULL;
    }
  out = g_string_sized_new (strlen (card_json) + strlen (prices_json) + 16);
  if (!append_with_prices (out, card_json, prices_json, error))
    return NULL;
  return string_to_bytes (g_steal_pointer (&out));
}

typedef struct
{
  DcStore *store;
  gint64   version;
} RefreshState;

static gboolean
refresh_card_cb (gint64         card_id,
                 const GArray  *prices,
                 gpointer       user_data,
                 GError       **error)
{
  RefreshState *state = user_data;
  g_autofree char *text = dc_price_points_to_json_text (prices);

  return dc_catalog_store_set_prices_json (state->store, card_id, text, state->version, error);
}

gboolean
dc_catalog_refresh_prices_json (DcStore  *store,
                                gint64    version,
                                GError  **error)
{
  RefreshState state = { store, version };

  return dc_catalog_store_foreach_stamped (store, version, refresh_card_cb, &state, error);
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
  GString       *line;
  guint          cards;
  GError        *error;
} CatalogWriter;

static void
catalog_card_cb (const char *card_json,
                 const char *prices_json,
                 gpointer    user_data)
{
  CatalogWriter *writer = user_data;

  if (writer->error != NULL)
    return;
  g_string_truncate (writer->line, 0);
  if (!append_with_prices (writer->line, card_json, prices_json, &writer->error))
    return;
  g_string_append_c (writer->line, '\n');
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
dc_catalog_file_load (DcStore  *store,
                      gint64    version,
                      GError  **error)
{
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) gz = NULL;
  DcCatalogFile *file;
  gint64 cards;

  if (!dc_catalog_store_get_file (store, version, &etag, &cards, &gz, error) || gz == NULL)
    return NULL;
  file = g_new0 (DcCatalogFile, 1);
  g_atomic_ref_count_init (&file->ref_count);
  file->version = version;
  file->cards = (guint) cards;
  file->gz = g_steal_pointer (&gz);
  file->etag = g_steal_pointer (&etag);
  return file;
}

gboolean
dc_catalog_file_save (DcStore        *store,
                      DcCatalogFile  *file,
                      GError        **error)
{
  return dc_catalog_store_put_file (store, file->version, file->etag, file->cards, file->gz,
                                    error);
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
