/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <csv.h>
#include <gio/gio.h>

#include "dc-common.h"

/* A card catalog read from $DC_DEMO_DATA/cards.jsonl.gz, on its own (not through
 * dc-card.c), serving as the resolver that the server's store and the client's catalog
 * are in the application. */

typedef struct
{
  char  *id;
  char  *name;
  char  *set;
  char  *collector_number;
  char  *released_at;
  char  *lang;
  gint64 tcgplayer_id;
  gint64 cardmarket_id;
} TestCard;

typedef struct
{
  GPtrArray  *cards;
  GHashTable *by_id;
  GHashTable *by_set_number;  /* "set|number" */
  GHashTable *by_set_name;    /* "set|folded name", full and front-face names */
  GHashTable *by_name;        /* folded name → newest printing */
  GHashTable *by_tcgplayer;
  GHashTable *by_cardmarket;
  guint       calls_by_name;
} Catalog;

static Catalog *catalog;

static void
test_card_free (TestCard *card)
{
  g_free (card->id);
  g_free (card->name);
  g_free (card->set);
  g_free (card->collector_number);
  g_free (card->released_at);
  g_free (card->lang);
  g_free (card);
}

static char *
fold_name (const char *name)
{
  return g_utf8_casefold (name, -1);
}

/* English first, then the newest, then the smallest id: one answer for each question. */
static gboolean
better (const TestCard *a,
        const TestCard *b)
{
  int cmp;

  if (b == NULL)
    return TRUE;
  if ((strcmp (a->lang, "en") == 0) != (strcmp (b->lang, "en") == 0))
    return strcmp (a->lang, "en") == 0;
  cmp = strncmp (a->released_at, b->released_at, 10);
  if (cmp != 0)
    return cmp > 0;
  return strcmp (a->id, b->id) < 0;
}

static void
index_card (GHashTable *table,
            char       *key,
            TestCard   *card)
{
  TestCard *old = g_hash_table_lookup (table, key);

  if (better (card, old))
    g_hash_table_insert (table, key, card);
  else
    g_free (key);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  return json_object_get_string_member_with_default (object, name, "");
}

static Catalog *
catalog_load (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("DC_DEMO_DATA"), "cards.jsonl.gz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, &error);
  g_autoptr(GZlibDecompressor) gunzip = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Catalog *cat = g_new0 (Catalog, 1);
  char *line;

  g_assert_no_error (error);
  gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  stream = g_converter_input_stream_new (G_INPUT_STREAM (raw), G_CONVERTER (gunzip));
  lines = g_data_input_stream_new (stream);

  cat->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) test_card_free);
  cat->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  cat->by_set_number = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cat->by_set_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cat->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cat->by_tcgplayer = g_hash_table_new (g_int64_hash, g_int64_equal);
  cat->by_cardmarket = g_hash_table_new (g_int64_hash, g_int64_equal);

  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;
      g_auto(GStrv) faces = NULL;
      TestCard *card;
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, owned, -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));

      card = g_new0 (TestCard, 1);
      card->id = g_strdup (member_string (object, "id"));
      card->name = g_strdup (member_string (object, "name"));
      card->set = g_strdup (member_string (object, "set"));
      card->collector_number = g_strdup (member_string (object, "collector_number"));
      card->released_at = g_strdup (member_string (object, "released_at"));
      card->lang = g_strdup (member_string (object, "lang"));
      card->tcgplayer_id = json_object_get_int_member_with_default (object, "tcgplayer_id", 0);
      card->cardmarket_id = json_object_get_int_member_with_default (object, "cardmarket_id", 0);
      g_ptr_array_add (cat->cards, card);

      g_hash_table_insert (cat->by_id, card->id, card);
      index_card (cat->by_set_number,
                  g_strdup_printf ("%s|%s", card->set, card->collector_number), card);
      faces = g_strsplit (card->name, " // ", -1);
      for (guint i = 0; i < (faces[1] ? 2u : 1u); i++)
        {
          const char *name = i == 0 ? card->name : faces[0];
          g_autofree char *folded = fold_name (name);

          index_card (cat->by_set_name, g_strdup_printf ("%s|%s", card->set, folded), card);
          index_card (cat->by_name, g_strdup (folded), card);
        }
      if (card->tcgplayer_id > 0 &&
          better (card, g_hash_table_lookup (cat->by_tcgplayer, &card->tcgplayer_id)))
        g_hash_table_insert (cat->by_tcgplayer, &card->tcgplayer_id, card);
      if (card->cardmarket_id > 0 &&
          better (card, g_hash_table_lookup (cat->by_cardmarket, &card->cardmarket_id)))
        g_hash_table_insert (cat->by_cardmarket, &card->cardmarket_id, card);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (cat->cards->len, >, 1000);
  return cat;
}

static char *
card_id (TestCard *card)
{
  return card ? g_strdup (card->id) : NULL;
}

static char *
resolve_scryfall_id (gpointer    user_data,
                     const char *id)
{
  Catalog *cat = user_data;

  return card_id (g_hash_table_lookup (cat->by_id, id));
}

static char *
resolve_set_number (gpointer    user_data,
                    const char *set,
                    const char *number)
{
  Catalog *cat = user_data;
  g_autofree char *key = g_strdup_printf ("%s|%s", set, number);

  return card_id (g_hash_table_lookup (cat->by_set_number, key));
}

static char *
resolve_tcgplayer (gpointer user_data,
                   gint64   id)
{
  Catalog *cat = user_data;

  return card_id (g_hash_table_lookup (cat->by_tcgplayer, &id));
}

static char *
resolve_cardmarket (gpointer user_data,
                    gint64   id)
{
  Catalog *cat = user_data;

  return card_id (g_hash_table_lookup (cat->by_cardmarket, &id));
}

/* This catalog knows set codes, not set names. */
static char *
resolve_set_name (gpointer    user_data,
                  const char *set_code,
                  const char *set_name,
                  const char *name)
{
  Catalog *cat = user_data;
  g_autofree char *folded = fold_name (name);
  g_autofree char *key = NULL;

  if (set_code == NULL)
    return NULL;
  key = g_strdup_printf ("%s|%s", set_code, folded);
  return card_id (g_hash_table_lookup (cat->by_set_name, key));
}

static char *
resolve_name (gpointer    user_data,
              const char *name)
{
  Catalog *cat = user_data;
  g_autofree char *folded = fold_name (name);

  cat->calls_by_name++;
  return card_id (g_hash_table_lookup (cat->by_name, folded));
}

static DcCardResolver
catalog_resolver (void)
{
  DcCardResolver resolver = {
    resolve_scryfall_id, resolve_set_number, resolve_tcgplayer, resolve_cardmarket,
    resolve_set_name, resolve_name, catalog,
  };

  return resolver;
}

/* Helpers */

static DcImportParse *
parse_text (const char *text,
            const char *format)
{
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dc_collection_import_parse (text, strlen (text), format, &parse, &error));
  g_assert_no_error (error);
  g_assert_nonnull (parse);
  return g_steal_pointer (&parse);
}

static DcImportRow *
row_at (DcImportParse *parse,
        guint          i)
{
  g_assert_cmpuint (i, <, parse->rows->len);
  return g_ptr_array_index (parse->rows, i);
}

static DcImportProblem *
problem_at (DcImportParse *parse,
            guint          i)
{
  g_assert_cmpuint (i, <, parse->problems->len);
  return g_ptr_array_index (parse->problems, i);
}

static guint64
parse_quantity (DcImportParse *parse)
{
  guint64 total = 0;

  for (guint i = 0; i < parse->rows->len; i++)
    total += row_at (parse, i)->quantity;
  for (guint i = 0; i < parse->problems->len; i++)
    total += problem_at (parse, i)->quantity;
  return total;
}

/* What every result must satisfy, whatever the file. */
static void
assert_accounting (const DcImportParse  *parse,
                   const DcImportResult *result)
{
  guint64 unresolved_quantity = 0, item_quantity = 0;
  guint not_found = 0;

  for (guint i = 0; i < result->unresolved->len; i++)
    {
      DcImportProblem *problem = g_ptr_array_index (result->unresolved, i);

      unresolved_quantity += problem->quantity;
      not_found += g_strcmp0 (problem->reason, "not_found") == 0;
      g_assert_cmpuint (problem->line, >, 0);
      g_assert_nonnull (problem->text);
      g_assert_nonnull (problem->message);
      if (i > 0)
        {
          DcImportProblem *previous = g_ptr_array_index (result->unresolved, i - 1);

          g_assert_cmpuint (problem->line, >=, previous->line);
        }
    }
  for (guint i = 0; i < result->items->len; i++)
    item_quantity += ((DcImportItem *) g_ptr_array_index (result->items, i))->quantity;

  g_assert_cmpstr (result->format, ==, parse->format);
  g_assert_cmpuint (result->rows, ==, parse->rows->len + parse->problems->len);
  g_assert_cmpuint (result->quantity_total, ==, result->quantity_imported + unresolved_quantity);
  g_assert_cmpuint (result->quantity_imported, ==, item_quantity);
  g_assert_cmpuint (result->imported + not_found, ==, parse->rows->len);
  g_assert_cmpuint (result->unresolved->len, ==, not_found + parse->problems->len);
  g_assert_cmpuint (result->items->len, ==, result->imported - result->merged);
  g_assert_cmpuint (result->guessed, <=, result->imported);
}

static DcImportResult *
resolve (DcImportParse *parse)
{
  DcCardResolver resolver = catalog_resolver ();
  DcImportResult *result = NULL;

  dc_collection_import_resolve (parse, &resolver, &result);
  g_assert_nonnull (result);
  assert_accounting (parse, result);
  return result;
}

/* The real exports: tests/data/csv-samples, described in SOURCES.md §8. */

typedef struct
{
  const char *file;
  const char *format;
  guint       data_rows;      /* SOURCES.md */
  char        delimiter;
  guint       header_record;  /* 1 when a "sep=," line comes first */
  const char *quantity[3];    /* the columns that hold copies, as the file names them */
} SampleFile;

static const SampleFile samples[] = {
  { "archidekt-real-export-stepkie.csv", "archidekt", 43, ',', 0, { "Quantity" } },
  { "cardmarket-stock-export-stepkie.csv", "cardmarket", 40, ';', 0, { "groupCount" } },
  { "deckbox-inventory-with-scryfallid-levofski.csv", "deckbox", 4, ',', 0, { "Count" } },
  { "deckbox-real-export-stepkie.csv", "deckbox", 41, ',', 0, { "Count" } },
  { "delverlens-echomtg-preset-echomtg.csv", "delverlens", 2, ',', 0, { "Reg Qty", "Foil Qty" } },
  { "delverlens-echomtg-preset-echomtg.tsv", "delverlens", 47, '\t', 0,
    { "Reg Qty", "Foil Qty" } },
  { "dragonshield-real-export-stepkie.csv", "dragonshield", 42, ',', 1, { "Quantity" } },
  { "dragonshield-web-2022-nospace-header-acquadrod.csv", "dragonshield", 3977, ',', 0,
    { "Quantity" } },
  { "dragonshield-web-eur-biestervictor.csv", "dragonshield", 195, ',', 1, { "Quantity" } },
  { "dragonshield-web-eur-stepkie.csv", "dragonshield", 2453, ',', 1, { "Quantity" } },
  { "manabox-binder-with-added-riggstiggs.csv", "manabox", 286, ',', 0, { "Quantity" } },
  { "manabox-collection-stepkie.csv", "manabox", 3743, ',', 0, { "Quantity" } },
  { "manabox-list-export-stepkie.csv", "manabox", 42, ',', 0, { "Quantity" } },
  { "marketplace-order-export-riggstiggs-2026-07-04.csv", "marketplace-order", 79, ',', 0,
    { "Quantity" } },
  { "moxfield-haves-stepkie.csv", "moxfield", 7385, ',', 0, { "Count" } },
  { "moxfield-real-export-stepkie.csv", "moxfield", 43, ',', 0, { "Count" } },
  { "mtggoldfish-collection-stepkie.csv", "mtggoldfish", 535, ',', 0, { "Quantity" } },
  { "tcgplayer-app-collection-stepkie.csv", "tcgplayer", 1010, ',', 0, { "Quantity" } },
  { "tcgplayer-cardlist-minimal-echomtg.csv", "tcgplayer", 11, ',', 0, { "Quantity" } },
  { "tcgplayer-scanner-all-options-echomtg.csv", "tcgplayer", 3, ',', 0, { "Quantity" } },
  { "tcgplayer-scanner-without-names-echomtg.csv", "tcgplayer", 3, ',', 0, { "Quantity" } },
  { "topdecked-collection-stepkie.csv", "topdecked", 3169, ',', 0, { "QUANTITY" } },
};

/* An independent count of a file's records and copies, with libcsv directly and the
 * column names written out above, so that it shares nothing with the importer's header
 * mapping. */
typedef struct
{
  GPtrArray *record;
  GPtrArray *records;
} CountState;

static void
count_field_cb (void   *data,
                size_t  len,
                void   *user_data)
{
  CountState *state = user_data;

  g_ptr_array_add (state->record, g_strndup (data, len));
}

static void
count_record_cb (int   c,
                 void *user_data)
{
  CountState *state = user_data;

  g_ptr_array_add (state->records, state->record);
  state->record = g_ptr_array_new_with_free_func (g_free);
}

static void
count_file (const SampleFile *sample,
            const char       *data,
            gsize             length,
            guint            *out_records,
            guint64          *out_quantity)
{
  CountState state = {
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref),
  };
  struct csv_parser parser;
  GPtrArray *header;
  int columns[3] = { -1, -1, -1 };

  g_assert_cmpint (csv_init (&parser, 0), ==, 0);
  csv_set_delim (&parser, (unsigned char) sample->delimiter);
  g_assert_cmpuint (csv_parse (&parser, data, length, count_field_cb, count_record_cb, &state),
                    ==, length);
  csv_fini (&parser, count_field_cb, count_record_cb, &state);
  csv_free (&parser);

  header = g_ptr_array_index (state.records, sample->header_record);
  for (guint q = 0; q < G_N_ELEMENTS (sample->quantity) && sample->quantity[q]; q++)
    {
      for (guint i = 0; i < header->len; i++)
        if (strcmp (g_ptr_array_index (header, i), sample->quantity[q]) == 0)
          columns[q] = (int) i;
      g_assert_cmpint (columns[q], >=, 0);
    }

  *out_records = 0;
  *out_quantity = 0;
  for (guint r = sample->header_record + 1; r < state.records->len; r++)
    {
      GPtrArray *record = g_ptr_array_index (state.records, r);

      (*out_records)++;
      for (guint q = 0; q < G_N_ELEMENTS (columns) && columns[q] >= 0; q++)
        {
          const char *value = g_ptr_array_index (record, columns[q]);

          *out_quantity += *value ? g_ascii_strtoull (value, NULL, 10) : 0;
        }
    }
  g_ptr_array_unref (state.record);
  g_ptr_array_unref (state.records);
}

/* Every row whose Scryfall id the catalog knows resolves to exactly that printing. */
static guint
check_scryfall_ids (DcImportParse *parse)
{
  DcCardResolver resolver = catalog_resolver ();
  guint checked = 0;

  for (guint i = 0; i < parse->rows->len; i++)
    {
      DcImportRow *row = row_at (parse, i);
      g_autoptr(DcImportResult) result = NULL;
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      g_autoptr(GPtrArray) problems = g_ptr_array_new ();
      DcImportParse one = { parse->format, TRUE, NULL, ',', 1, rows, problems, 0 };

      if (row->scryfall_id == NULL || !g_hash_table_contains (catalog->by_id, row->scryfall_id))
        continue;
      g_ptr_array_add (rows, row);
      dc_collection_import_resolve (&one, &resolver, &result);
      g_assert_cmpuint (result->items->len, ==, 1);
      g_assert_cmpstr (((DcImportItem *) g_ptr_array_index (result->items, 0))->card_id, ==,
                       row->scryfall_id);
      g_assert_false (((DcImportItem *) g_ptr_array_index (result->items, 0))->guessed);
      checked++;
    }
  return checked;
}

static void
check_sample (const SampleFile *sample,
              const char       *dir,
              guint            *scryfall_checked)
{
  g_autofree char *path = g_build_filename (dir, sample->file, NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(DcImportResult) result = NULL;
  g_autoptr(GHashTable) lines = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint64 quantity;
  guint records;
  gsize length;

  g_test_message ("%s", path);
  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);

  g_assert_true (dc_collection_import_parse (data, length, "auto", &parse, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parse->format, ==, sample->format);
  g_assert_true (parse->format_detected);
  g_assert_cmpint (parse->delimiter, ==, sample->delimiter);
  g_assert_cmpuint (parse->header_line, ==, sample->header_record + 1);

  /* These are genuine exports: every row reads. */
  for (guint i = 0; i < parse->problems->len; i++)
    g_test_message ("line %u: %s", problem_at (parse, i)->line, problem_at (parse, i)->message);
  g_assert_cmpuint (parse->problems->len, ==, 0);

  /* Rows: SOURCES.md's count, the independent count, and the importer's all agree (a
   * Delver Lens line with regular and foil copies is two rows from one line). */
  count_file (sample, data, length, &records, &quantity);
  g_assert_cmpuint (records, ==, sample->data_rows);
  for (guint i = 0; i < parse->rows->len; i++)
    g_hash_table_add (lines, GUINT_TO_POINTER (row_at (parse, i)->line));
  g_assert_cmpuint (g_hash_table_size (lines), ==, sample->data_rows);
  g_assert_cmpuint (parse_quantity (parse), ==, quantity);

  for (guint i = 0; i < parse->rows->len; i++)
    {
      DcImportRow *row = row_at (parse, i);

      g_assert_cmpuint (row->quantity, >, 0);
      g_assert_cmpint (row->condition, !=, DC_CONDITION_UNKNOWN);
      g_assert_cmpint (row->finish, !=, DC_FINISH_UNKNOWN);
      g_assert_true (dc_language_is_valid (row->language));
      g_assert_nonnull (row->text);
      /* The row's text is where its line says. */
      g_assert_true (row->line > 1);
    }

  result = resolve (parse);
  g_assert_cmpuint (result->quantity_total, ==, quantity);
  g_test_message ("%s: %u rows, %u imported (%u guessed, %u merged), %u unresolved",
                  sample->file, result->rows, result->imported, result->guessed, result->merged,
                  result->unresolved->len);
  *scryfall_checked += check_scryfall_ids (parse);
}

static void
test_samples (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("DC_TEST_DATA"), "csv-samples", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint scryfall_checked = 0, files = 0;
  const char *name;

  g_assert_nonnull (listing);
  /* Every file there is in the table: a new sample needs its expectations written down. */
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
        known |= strcmp (samples[i].file, name) == 0;
      if (!known)
        g_error ("%s has no expectations in test-collection-import.c", name);
      files++;
    }
  g_assert_cmpuint (files, ==, G_N_ELEMENTS (samples));

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    check_sample (&samples[i], dir, &scryfall_checked);

  /* manabox-collection alone holds 629 printings the catalog has. */
  g_test_message ("%u rows checked against their Scryfall id", scryfall_checked);
  g_assert_cmpuint (scryfall_checked, >, 900);
}

/* The shared data directory may hold more exports than the repository; they are read if
 * present, never required. */
static void
test_shared_samples (void)
{
  const char *dir = g_getenv ("DC_SHARED_CSV_SAMPLES");
  g_autoptr(GDir) listing = NULL;
  guint scryfall_checked = 0;
  const char *name;

  if (dir == NULL)
    dir = "/work/shared/data/csv-samples";
  listing = g_dir_open (dir, 0, NULL);

  if (listing == NULL)
    {
      g_test_skip ("no shared csv-samples directory");
      return;
    }

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      g_autoptr(DcImportParse) parse = NULL;
      g_autoptr(DcImportResult) result = NULL;
      g_autoptr(GError) error = NULL;
      const SampleFile *sample = NULL;
      gsize length;

      for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
        if (strcmp (samples[i].file, name) == 0)
          sample = &samples[i];
      if (sample != NULL)
        {
          check_sample (sample, dir, &scryfall_checked);
          continue;
        }

      /* Unknown files: they read, and the accounting adds up. */
      g_test_message ("%s (no expectations)", path);
      g_assert_true (g_file_get_contents (path, &data, &length, &error));
      g_assert_true (dc_collection_import_parse (data, length, "auto", &parse, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (parse->rows->len + parse->problems->len, >, 0);
      result = resolve (parse);
    }
}

/* Resolution */

static void
test_resolve_order_and_merge (void)
{
  /* The same printing four ways (Scryfall id; set and number; TCGplayer id; Cardmarket
   * id), so all merge; one by name only (a guess); one nowhere to be found. */
  g_autoptr(DcImportParse) parse = parse_text (
    "Quantity,Name,Set Code,Collector Number,Scryfall ID,TCGplayer ID,Cardmarket ID\n"
    "1,Axgard Braggart,,,4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,,\n"
    "2,Axgard Braggart,KHM,1,,,\n"
    "3,,,,,230675,\n"
    "4,,,,,,532042\n"
    "5,Lightning Bolt,,,,,\n"
    "6,Not A Real Card,XXX,999,,,\n", "auto");
  g_autoptr(DcImportResult) result = NULL;
  DcImportItem *item;

  g_assert_cmpstr (parse->format, ==, "csv");
  catalog->calls_by_name = 0;
  result = resolve (parse);

  g_assert_cmpuint (result->rows, ==, 6);
  g_assert_cmpuint (result->imported, ==, 5);
  g_assert_cmpuint (result->merged, ==, 3);
  g_assert_cmpuint (result->guessed, ==, 1);
  g_assert_cmpuint (result->quantity_total, ==, 21);
  g_assert_cmpuint (result->quantity_imported, ==, 15);
  g_assert_cmpuint (result->items->len, ==, 2);

  item = g_ptr_array_index (result->items, 0);
  g_assert_cmpstr (item->card_id, ==, "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab");
  g_assert_cmpuint (item->quantity, ==, 10);
  g_assert_cmpuint (item->line, ==, 2);
  g_assert_false (item->guessed);

  /* The newest Lightning Bolt in the catalog, flagged as a guess. */
  item = g_ptr_array_index (result->items, 1);
  g_assert_cmpstr (item->card_id, ==, "7673784e-db4b-43a1-8d55-1bb9fc1e284f");
  g_assert_true (item->guessed);

  g_assert_cmpuint (result->unresolved->len, ==, 1);
  g_assert_cmpuint (((DcImportProblem *) g_ptr_array_index (result->unresolved, 0))->line, ==, 7);
  g_assert_cmpuint (((DcImportProblem *) g_ptr_array_index (result->unresolved, 0))->quantity,
                    ==, 6);
  g_assert_cmpstr (((DcImportProblem *) g_ptr_array_index (result->unresolved, 0))->reason, ==,
                   "not_found");
  g_assert_cmpstr (((DcImportProblem *) g_ptr_array_index (result->unresolved, 0))->text, ==,
                   "6,Not A Real Card,XXX,999,,,");
  /* Exact ids are tried before names: only the two rows left needed a name lookup. */
  g_assert_cmpuint (catalog->calls_by_name, ==, 2);
}

static void
test_merge_keeps_differences (void)
{
  /* Same printing, but condition, finish, language, price or notes differ: five items.
   * Rows that differ only in date merge, keeping the earliest. */
  g_autoptr(DcImportParse) parse = parse_text (
    "scryfall_id,quantity,condition,finish,language,acquisition_price,acquisition_currency,"
    "acquired_on,notes\n"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,1,NM,nonfoil,en,,,2024-05-01,\n"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,1,NM,nonfoil,en,,,2023-01-01,\n"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,1,LP,nonfoil,en,,,,\n"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,1,NM,foil,en,,,,\n"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,1,NM,nonfoil,de,,,,\n"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,1,NM,nonfoil,en,0.25,USD,,\n"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,1,NM,nonfoil,en,0.25,EUR,,\n"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,1,NM,nonfoil,en,,,,signed by the artist\n", "auto");
  g_autoptr(DcImportResult) result = NULL;
  DcImportItem *first;

  g_assert_cmpstr (parse->format, ==, "dualcaster");
  result = resolve (parse);
  g_assert_cmpuint (result->items->len, ==, 7);
  g_assert_cmpuint (result->merged, ==, 1);
  first = g_ptr_array_index (result->items, 0);
  g_assert_cmpuint (first->quantity, ==, 2);
  g_assert_cmpstr (first->acquired_on, ==, "2023-01-01");
}

static void
test_result_json (void)
{
  g_autoptr(DcImportParse) parse = parse_text (
    "Count,Name,Edition,Collector Number,Condition,Foil,Purchase Price,Notes\n"
    "2,Axgard Braggart,khm,1,LP,foil,1.50,\"from a friend, \"\"mint\"\"\"\n"
    "x,Broken,khm,2,NM,,,\n"
    "1,Nowhere,zzz,1,NM,,,\n", "auto");
  g_autoptr(DcImportResult) result = resolve (parse);
  g_autoptr(JsonNode) node = dc_import_result_to_json (result, TRUE);
  g_autoptr(JsonNode) summary = dc_import_result_to_json (result, FALSE);
  g_autoptr(DcImportResult) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *again = NULL;
  g_autoptr(JsonNode) again_node = NULL;
  JsonObject *object = json_node_get_object (node);
  JsonObject *item;

  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "imported"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "quantity_total"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "quantity_imported"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "unresolved")),
                    ==, 2);
  item = json_array_get_object_element (json_object_get_array_member (object, "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "card_id"), ==,
                   "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab");
  g_assert_cmpstr (json_object_get_string_member (item, "condition"), ==, "LP");
  g_assert_cmpstr (json_object_get_string_member (item, "finish"), ==, "foil");
  g_assert_cmpstr (json_object_get_string_member (item, "acquisition_price"), ==, "1.50");
  g_assert_cmpstr (json_object_get_string_member (item, "acquisition_currency"), ==, "USD");
  g_assert_cmpstr (json_object_get_string_member (item, "notes"), ==, "from a friend, \"mint\"");
  g_assert_true (json_object_get_null_member (item, "acquired_on"));
  g_assert_false (json_object_has_member (json_node_get_object (summary), "items"));

  back = dc_import_result_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->items->len, ==, 1);
  g_assert_cmpuint (back->unresolved->len, ==, 2);
  g_assert_cmpstr (((DcImportProblem *) g_ptr_array_index (back->unresolved, 0))->reason, ==,
                   "bad_quantity");
  again_node = dc_import_result_to_json (back, TRUE);
  again = json_to_string (again_node, FALSE);
  g_assert_cmpstr (again, ==, text);
}

static void
test_result_json_invalid (void)
{
  static const char *const bad[] = {
    "[]",
    "{\"format\":\"csv\"}",
    /* quantities that do not add up */
    "{\"format\":\"csv\",\"rows\":1,\"imported\":1,\"merged\":0,\"guessed\":0,"
    "\"quantity_total\":5,\"quantity_imported\":4,\"unresolved\":[]}",
    /* a negative count */
    "{\"format\":\"csv\",\"rows\":-1,\"imported\":0,\"merged\":0,\"guessed\":0,"
    "\"quantity_total\":0,\"quantity_imported\":0,\"unresolved\":[]}",
    /* an item with an unknown condition */
    "{\"format\":\"csv\",\"rows\":1,\"imported\":1,\"merged\":0,\"guessed\":0,"
    "\"quantity_total\":1,\"quantity_imported\":1,\"unresolved\":[],\"items\":[{\"card_id\":\"x\","
    "\"quantity\":1,\"condition\":\"Good\",\"finish\":\"foil\",\"language\":\"en\",\"line\":2}]}",
    /* a price without a currency */
    "{\"format\":\"csv\",\"rows\":1,\"imported\":1,\"merged\":0,\"guessed\":0,"
    "\"quantity_total\":1,\"quantity_imported\":1,\"unresolved\":[],\"items\":[{\"card_id\":\"x\","
    "\"quantity\":1,\"condition\":\"NM\",\"finish\":\"foil\",\"language\":\"en\",\"line\":2,"
    "\"acquisition_price\":\"1.00\"}]}",
    /* a price that is not exact */
    "{\"format\":\"csv\",\"rows\":1,\"imported\":1,\"merged\":0,\"guessed\":0,"
    "\"quantity_total\":1,\"quantity_imported\":1,\"unresolved\":[],\"items\":[{\"card_id\":\"x\","
    "\"quantity\":1,\"condition\":\"NM\",\"finish\":\"foil\",\"language\":\"en\",\"line\":2,"
    "\"acquisition_price\":\"1.005\",\"acquisition_currency\":\"USD\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DcImportResult) result = dc_import_result_new_from_json (node, &error);

      g_assert_null (result);
      g_assert_nonnull (error);
    }
}

/* Reading CSV */

static void
test_bom_crlf (void)
{
  g_autoptr(DcImportParse) parse = parse_text (
    "\xef\xbb\xbfQuantity,Name,Set code,Collector number\r\n"
    "2,Axgard Braggart,KHM,1\r\n"
    "\r\n"
    "1,\"Venser, Shaper Savant\",2X2,66\r\n", "auto");

  g_assert_cmpstr (parse->encoding, ==, "UTF-8");
  g_assert_cmpuint (parse->rows->len, ==, 2);
  g_assert_cmpstr (row_at (parse, 0)->name, ==, "Axgard Braggart");
  g_assert_cmpstr (row_at (parse, 0)->set_code, ==, "khm");
  g_assert_cmpstr (row_at (parse, 0)->text, ==, "2,Axgard Braggart,KHM,1");
  g_assert_cmpuint (row_at (parse, 1)->line, ==, 4);
  g_assert_cmpstr (row_at (parse, 1)->name, ==, "Venser, Shaper Savant");
  g_assert_cmpstr (row_at (parse, 1)->collector_number, ==, "66");
}

static void
test_embedded_newlines (void)
{
  g_autoptr(DcImportParse) parse = parse_text (
    "Quantity,Name,Notes,Set code\n"
    "1,Axgard Braggart,\"first line\nsecond, with a comma\nthird \"\"quoted\"\"\",khm\n"
    "3,Aegis of the Heavens,,m19\n", "auto");
  DcImportRow *row;

  g_assert_cmpuint (parse->rows->len, ==, 2);
  row = row_at (parse, 0);
  g_assert_cmpstr (row->notes, ==, "first line\nsecond, with a comma\nthird \"quoted\"");
  g_assert_cmpstr (row->set_code, ==, "khm");
  g_assert_cmpuint (row->line, ==, 2);
  g_assert_cmpstr (row->text, ==,
                   "1,Axgard Braggart,\"first line\nsecond, with a comma\n"
                   "third \"\"quoted\"\"\",khm");
  /* The next record starts on the line after the three the first one spans. */
  g_assert_cmpuint (row_at (parse, 1)->line, ==, 5);
  g_assert_cmpuint (row_at (parse, 1)->quantity, ==, 3);
}

static void
test_sep_line (void)
{
  g_autoptr(DcImportParse) quoted = parse_text (
    "\"sep=;\"\nQuantity;Name;Set code\n2;Axgard Braggart;khm\n", "auto");
  g_autoptr(DcImportParse) bare = parse_text (
    "sep=,\r\nQuantity,Name\r\n1,\"Venser, Shaper Savant\"\r\n", "auto");

  g_assert_cmpint (quoted->delimiter, ==, ';');
  g_assert_cmpuint (quoted->header_line, ==, 2);
  g_assert_cmpuint (quoted->rows->len, ==, 1);
  g_assert_cmpuint (row_at (quoted, 0)->line, ==, 3);
  g_assert_cmpuint (row_at (quoted, 0)->quantity, ==, 2);
  g_assert_cmpint (bare->delimiter, ==, ',');
  g_assert_cmpstr (row_at (bare, 0)->name, ==, "Venser, Shaper Savant");
}

static void
test_semicolon_and_tab (void)
{
  g_autoptr(DcImportParse) semicolon = parse_text (
    "Anzahl;Name;Quantity;Set code\n;Axgard Braggart;2;khm\n", "auto");
  g_autoptr(DcImportParse) tab = parse_text (
    "Quantity\tName\tSet code\tNotes\n2\tAxgard Braggart\tkhm\t  padded, with comma \n", "auto");

  g_assert_cmpint (semicolon->delimiter, ==, ';');
  g_assert_cmpuint (row_at (semicolon, 0)->quantity, ==, 2);
  g_assert_cmpint (tab->delimiter, ==, '\t');
  g_assert_cmpuint (tab->rows->len, ==, 1);
  g_assert_cmpstr (row_at (tab, 0)->set_code, ==, "khm");
  g_assert_cmpstr (row_at (tab, 0)->notes, ==, "padded, with comma");
}

static void
test_encodings (void)
{
  /* "Lim-Dûl's Vault" in Windows-1252 and in UTF-16 with a byte order mark. */
  static const char latin[] = "Quantity,Name\n1,Lim-D\xfbl's Vault\n";
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *with_bom = NULL;
  gsize utf16_len;

  g_assert_true (dc_collection_import_parse (latin, strlen (latin), NULL, &parse, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parse->encoding, ==, "WINDOWS-1252");
  g_assert_cmpstr (row_at (parse, 0)->name, ==, "Lim-Dûl's Vault");
  g_clear_pointer (&parse, dc_import_parse_free);

  utf16 = g_convert ("Quantity\tName\n3\tLim-Dûl's Vault\n", -1, "UTF-16LE", "UTF-8", NULL,
                     &utf16_len, &error);
  g_assert_no_error (error);
  with_bom = g_malloc (utf16_len + 2);
  with_bom[0] = (char) 0xff;
  with_bom[1] = (char) 0xfe;
  memcpy (with_bom + 2, utf16, utf16_len);
  g_assert_true (dc_collection_import_parse (with_bom, utf16_len + 2, NULL, &parse, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parse->encoding, ==, "UTF-16");
  g_assert_cmpuint (row_at (parse, 0)->quantity, ==, 3);
  g_assert_cmpstr (row_at (parse, 0)->name, ==, "Lim-Dûl's Vault");
}

static void
test_bad_rows_reported (void)
{
  g_autoptr(DcImportParse) parse = parse_text (
    "Quantity,Name,Set code,Collector number,Scryfall ID\n"
    "two,Axgard Braggart,khm,1,\n"
    "0,Axgard Braggart,khm,1,\n"
    "-1,Axgard Braggart,khm,1,\n"
    ",Axgard Braggart,khm,1,\n"
    "4,,,,\n"
    "5,,khm,,\n"
    "6,,khm,1,\n"
    "7,,,,not-a-uuid\n"
    ",,,,\n"
    "1,Axgard Braggart,khm,1,\n", "auto");
  static const struct
  {
    guint       line;
    const char *reason;
    guint       quantity;
  } expected[] = {
    { 2, "bad_quantity", 0 },
    { 3, "bad_quantity", 0 },
    { 4, "bad_quantity", 0 },
    { 5, "bad_quantity", 0 },
    { 6, "no_card", 4 },
    { 7, "no_card", 5 },
    { 9, "no_card", 7 },
  };
  g_autoptr(DcImportResult) result = NULL;

  g_assert_cmpuint (parse->problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      DcImportProblem *problem = problem_at (parse, i);

      g_assert_cmpuint (problem->line, ==, expected[i].line);
      g_assert_cmpstr (problem->reason, ==, expected[i].reason);
      g_assert_cmpuint (problem->quantity, ==, expected[i].quantity);
      g_assert_nonnull (problem->message);
    }
  g_assert_cmpstr (problem_at (parse, 0)->text, ==, "two,Axgard Braggart,khm,1,");
  /* Set and number are enough to name a card. */
  g_assert_cmpuint (parse->rows->len, ==, 2);
  g_assert_cmpuint (row_at (parse, 0)->line, ==, 8);
  /* A row of empty fields holds nothing. */
  g_assert_cmpuint (parse->skipped_lines, ==, 1);

  result = resolve (parse);
  g_assert_cmpuint (result->rows, ==, 9);
  g_assert_cmpuint (result->quantity_total, ==, 4 + 5 + 7 + 6 + 1);
  g_assert_cmpuint (result->quantity_imported, ==, 7);
}

static void
test_unterminated_quote (void)
{
  g_autoptr(DcImportParse) parse = parse_text (
    "Quantity,Name\n1,Axgard Braggart\n2,\"Venser, Shaper Savant\n3,Aegis of the Heavens\n",
    "auto");

  g_assert_cmpuint (parse->rows->len, ==, 1);
  g_assert_cmpuint (parse->problems->len, ==, 1);
  g_assert_cmpuint (problem_at (parse, 0)->line, ==, 3);
  g_assert_cmpstr (problem_at (parse, 0)->reason, ==, "unterminated_quote");
}

static void
test_short_rows (void)
{
  /* TopDecked stops a row after its last filled column. */
  g_autoptr(DcImportParse) parse = parse_text (
    "QUANTITY,\"NAME\",SETCODE,\"SETNAME\",\"COLLECTOR NUMBER\",FINISH,PRICE,RARITY,ID,"
    "ACQUIRED DATE,ACQUIRED PRICE,LANG,PRICE SALE,SIGNING,ALTERATION,CONDITION,NOTES,TAGS\n"
    "1,\"Axgard Braggart\",khm,\"Kaldheim\",1,foil,\xe2\x82\xac" "0.04,common,"
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab,2023-04-11T13:49:14.808Z\n"
    "2,\"Axgard Braggart\",khm,\"Kaldheim\",1,nonfoil,,,,2023-04-11,\xe2\x82\xac" "0.10,ja,,1,,LP,"
    "binder 3,trade\n", "auto");
  DcImportRow *row;

  g_assert_cmpstr (parse->format, ==, "topdecked");
  row = row_at (parse, 0);
  g_assert_cmpstr (row->scryfall_id, ==, "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab");
  g_assert_cmpstr (row->acquired_on, ==, "2023-04-11");
  g_assert_cmpint (row->finish, ==, DC_FINISH_FOIL);
  /* PRICE is today's price, not what was paid. */
  g_assert_false (row->has_price);
  row = row_at (parse, 1);
  g_assert_true (row->has_price);
  g_assert_cmpint (row->price.amount, ==, 10);
  g_assert_cmpstr (row->price.currency, ==, "EUR");
  g_assert_cmpstr (row->language, ==, "ja");
  g_assert_cmpint (row->condition, ==, DC_CONDITION_LP);
  g_assert_cmpstr (row->notes, ==, "Signed; binder 3; trade");
}

static void
test_unknown_csv (void)
{
  /* No app we know, but the columns say what they hold. */
  g_autoptr(DcImportParse) parse = parse_text (
    "Card Name,Qty,Edition,Card #,Cond.,Lang,Finish,Price Paid,Date Acquired,Comment\n"
    "Axgard Braggart,3,KHM,1,Excellent,Deutsch,Etched Foil,\"1,25 \xe2\x82\xac\","
    "2024-02-29,top loader\n"
    "Aegis of the Heavens,1,Core Set 2019,,Sealed,Klingon,Shiny,lots,yesterday,\n", "auto");
  DcImportRow *row;

  g_assert_cmpstr (parse->format, ==, "csv");
  g_assert_true (parse->format_detected);
  row = row_at (parse, 0);
  g_assert_cmpuint (row->quantity, ==, 3);
  g_assert_cmpstr (row->set_code, ==, "khm");
  g_assert_null (row->set_name);
  g_assert_cmpstr (row->collector_number, ==, "1");
  g_assert_cmpint (row->condition, ==, DC_CONDITION_LP);
  g_assert_cmpstr (row->language, ==, "de");
  g_assert_cmpint (row->finish, ==, DC_FINISH_ETCHED);
  g_assert_null (row->finish_note);
  g_assert_true (row->has_price);
  g_assert_cmpint (row->price.amount, ==, 125);
  g_assert_cmpstr (row->price.currency, ==, "EUR");
  g_assert_cmpstr (row->acquired_on, ==, "2024-02-29");
  g_assert_cmpstr (row->notes, ==, "top loader");

  /* What cannot be read is kept in the notes, not dropped; the card still imports. */
  row = row_at (parse, 1);
  g_assert_null (row->set_code);
  g_assert_cmpstr (row->set_name, ==, "Core Set 2019");
  g_assert_cmpint (row->condition, ==, DC_CONDITION_NM);
  g_assert_cmpstr (row->language, ==, "en");
  g_assert_cmpint (row->finish, ==, DC_FINISH_NONFOIL);
  g_assert_false (row->has_price);
  g_assert_null (row->acquired_on);
  g_assert_cmpstr (row->notes, ==,
                   "Condition “Sealed” not recognised; Finish “Shiny” not recognised; "
                   "Language “Klingon” not recognised; "
                   "Purchase price “lots” not understood; "
                   "Acquired yesterday");
}

static void
test_dates (void)
{
  g_autoptr(DcImportParse) parse = parse_text (
    "Name,Date Added\n"
    "A,2026-07-03T17:07:59.306Z\n"
    "B,2025-06-27 06:59:41.710000\n"
    "C,2022/11/06\n"
    "D,06.11.2022\n"
    "E,2023-02-30\n"
    "F,11/06/2022\n", "auto");
  static const char *const expected[] = {
    "2026-07-03", "2025-06-27", "2022-11-06", "2022-11-06", NULL, NULL,
  };

  g_assert_cmpuint (parse->rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (row_at (parse, i)->acquired_on, ==, expected[i]);
  /* A date we cannot read for sure stays visible in the notes. */
  g_assert_cmpstr (row_at (parse, 4)->notes, ==, "Acquired 2023-02-30");
  g_assert_cmpstr (row_at (parse, 5)->notes, ==, "Acquired 11/06/2022");
}

static void
test_explicit_format (void)
{
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(GError) error = NULL;
  const char *moxfield_like = "Count,Name,Edition,Condition\n1,Axgard Braggart,Kaldheim,Played\n";

  /* Detected as an unknown CSV, "Played" takes its US meaning either way, but the
   * caller's choice of format decides the dialect: Cardmarket's Played is HP. */
  g_assert_true (dc_collection_import_parse (moxfield_like, strlen (moxfield_like), "cardmarket",
                                             &parse, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parse->format, ==, "cardmarket");
  g_assert_false (parse->format_detected);
  g_assert_cmpint (row_at (parse, 0)->condition, ==, DC_CONDITION_HP);
  g_clear_pointer (&parse, dc_import_parse_free);

  g_assert_false (dc_collection_import_parse (moxfield_like, strlen (moxfield_like), "excel",
                                              &parse, &error));
  g_assert_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  g_assert_false (dc_collection_import_parse ("4 Lightning Bolt\n", 17, "manabox", &parse,
                                              &error));
  g_assert_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_NO_HEADER);
  g_clear_error (&error);

  g_assert_false (dc_collection_import_parse (" \n\r\n", 4, "auto", &parse, &error));
  g_assert_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);

  /* A header alone is an empty collection, not an error. */
  g_assert_true (dc_collection_import_parse ("Quantity,Name\n", 14, "auto", &parse, &error));
  g_assert_cmpuint (parse->rows->len, ==, 0);

  for (const char *const *f = dc_collection_import_formats (); *f; f++)
    g_assert_nonnull (dc_collection_format_display_name (*f));
  g_assert_null (dc_collection_format_display_name ("excel"));
}

static void
test_format_rules (void)
{
  /* Delver Lens: regular and foil copies on one line become two rows. */
  g_autoptr(DcImportParse) delver = parse_text (
    "Reg Qty,Foil Qty,Name,Set,Acquired,Language\n"
    "\"5\",\"3\",\"Despark\",\"War of the Spark\",\"$1.00\",\"Japanese\"\n"
    "\"0\",\"2\",\"Despark\",\"WAR\",\"$0.00\",\"\"\n"
    "\"0\",\"0\",\"Despark\",\"WAR\",\"\",\"\"\n", "auto");
  /* Cardmarket: idLanguage, numeric grades, playsets, prices in euros. */
  g_autoptr(DcImportParse) cardmarket = parse_text (
    "idProduct;groupCount;price;idLanguage;condition;isFoil;isSigned;isAltered;isPlayset\n"
    "532042;2;0.50;3;5;1;1;;1\n"
    "532042;1;;11;1;;;;\n", "auto");
  /* TCGplayer: the finish may hide in the condition; the simple name is the card's. */
  g_autoptr(DcImportParse) tcgplayer = parse_text (
    "Quantity,Name,Simple Name,Set,Card Number,Set Code,Printing,Condition,Language,Product ID\n"
    "1,Axgard Braggart (Showcase),Axgard Braggart,Kaldheim,1,KHM,Normal,Near Mint Foil,English,"
    "230675\n", "auto");
  /* Dragon Shield: the price columns name the currency; 0.00 means no price. */
  g_autoptr(DcImportParse) dragon_eur = parse_text (
    "\"sep=,\"\nFolder Name,Quantity,Trade Quantity,Card Name,Set Code,Set Name,Card Number,"
    "Condition,Printing,Language,Price Bought,Date Bought,AVG,LOW,TREND\n"
    "Box,1,0,Axgard Braggart,KHM,Kaldheim,1,LightPlayed,Rainbow Foil,German,0.25,2022-01-29,"
    "0.01,0.01,0.02\n"
    "Box,1,0,Axgard Braggart,KHM,Kaldheim,1,Excellent,Normal,German,0.00,2022-01-29,,,\n",
    "auto");
  g_autoptr(DcImportParse) dragon_usd = parse_text (
    "FolderName,Quantity,TradeQuantity,CardName,SetCode,SetName,CardNumber,Condition,Printing,"
    "Language,PriceBought,DateBought,LOW,MID,MARKET\n"
    "Box,1,0,Axgard Braggart,KHM,Kaldheim,1,NearMint,Normal,English,0.25,2022-01-29,,,\n",
    "auto");
  /* Moxfield: "Edition" is a set code even when it looks like a word. */
  g_autoptr(DcImportParse) moxfield = parse_text (
    "\"Count\",\"Tradelist Count\",\"Name\",\"Edition\",\"Condition\",\"Language\",\"Foil\","
    "\"Tags\",\"Last Modified\",\"Collector Number\",\"Alter\",\"Proxy\",\"Purchase Price\"\n"
    "\"1\",\"1\",\"Ponder\",\"Ice\",\"Good (Lightly Played)\",\"Chinese\",\"etched\",\"\","
    "\"2025-06-27 06:59:41.710000\",\"5\",\"True\",\"True\",\"\"\n", "auto");
  DcImportRow *row;

  g_assert_cmpstr (delver->format, ==, "delverlens");
  g_assert_cmpuint (delver->rows->len, ==, 3);
  g_assert_cmpuint (row_at (delver, 0)->quantity, ==, 5);
  g_assert_cmpint (row_at (delver, 0)->finish, ==, DC_FINISH_NONFOIL);
  g_assert_cmpstr (row_at (delver, 0)->set_name, ==, "War of the Spark");
  g_assert_cmpstr (row_at (delver, 0)->language, ==, "ja");
  g_assert_cmpint (row_at (delver, 0)->price.amount, ==, 100);
  g_assert_cmpuint (row_at (delver, 1)->quantity, ==, 3);
  g_assert_cmpint (row_at (delver, 1)->finish, ==, DC_FINISH_FOIL);
  g_assert_cmpuint (row_at (delver, 1)->line, ==, 2);
  g_assert_cmpuint (row_at (delver, 2)->quantity, ==, 2);
  g_assert_cmpstr (row_at (delver, 2)->set_code, ==, "war");
  g_assert_false (row_at (delver, 2)->has_price);
  g_assert_cmpuint (delver->problems->len, ==, 1);
  g_assert_cmpuint (problem_at (delver, 0)->line, ==, 4);

  g_assert_cmpstr (cardmarket->format, ==, "cardmarket");
  row = row_at (cardmarket, 0);
  g_assert_cmpint (row->cardmarket_id, ==, 532042);
  g_assert_cmpuint (row->quantity, ==, 8);
  g_assert_cmpstr (row->language, ==, "de");
  g_assert_cmpint (row->condition, ==, DC_CONDITION_MP);
  g_assert_cmpint (row->finish, ==, DC_FINISH_FOIL);
  /* A stock file's price is what the seller asks, not what was paid. */
  g_assert_false (row->has_price);
  g_assert_cmpstr (row->notes, ==, "Signed");
  row = row_at (cardmarket, 1);
  g_assert_cmpstr (row->language, ==, "zht");
  g_assert_cmpint (row->condition, ==, DC_CONDITION_M);
  g_assert_cmpint (row->finish, ==, DC_FINISH_NONFOIL);

  row = row_at (tcgplayer, 0);
  g_assert_cmpstr (tcgplayer->format, ==, "tcgplayer");
  g_assert_cmpstr (row->name, ==, "Axgard Braggart");
  g_assert_cmpint (row->finish, ==, DC_FINISH_FOIL);
  g_assert_cmpint (row->condition, ==, DC_CONDITION_NM);
  g_assert_cmpint (row->tcgplayer_id, ==, 230675);
  g_assert_cmpstr (row->set_name, ==, "Kaldheim");
  g_assert_cmpstr (row->set_code, ==, "khm");

  g_assert_cmpstr (dragon_eur->format, ==, "dragonshield");
  row = row_at (dragon_eur, 0);
  g_assert_cmpint (row->condition, ==, DC_CONDITION_MP);
  g_assert_cmpint (row->finish, ==, DC_FINISH_FOIL);
  g_assert_cmpstr (row->finish_note, ==, "Rainbow Foil");
  g_assert_cmpstr (row->price.currency, ==, "EUR");
  g_assert_cmpstr (row->folder, ==, "Box");
  g_assert_cmpstr (row->language, ==, "de");
  row = row_at (dragon_eur, 1);
  g_assert_cmpint (row->condition, ==, DC_CONDITION_LP);
  g_assert_false (row->has_price);
  g_assert_cmpstr (dragon_usd->format, ==, "dragonshield");
  g_assert_cmpstr (row_at (dragon_usd, 0)->price.currency, ==, "USD");

  g_assert_cmpstr (moxfield->format, ==, "moxfield");
  row = row_at (moxfield, 0);
  g_assert_cmpstr (row->set_code, ==, "ice");
  g_assert_cmpint (row->condition, ==, DC_CONDITION_LP);
  g_assert_cmpstr (row->language, ==, "zhs");
  g_assert_cmpint (row->finish, ==, DC_FINISH_ETCHED);
  g_assert_cmpstr (row->acquired_on, ==, "2025-06-27");
  g_assert_cmpstr (row->notes, ==, "Altered; Proxy");
}

static void
test_default_currency (void)
{
  const char *data = "Quantity,Name,Purchase Price\n1,Axgard Braggart,1.50\n"
                     "1,Axgard Braggart,$2.00\n";
  DcImportOptions options = { "EUR" };
  g_autoptr(DcImportParse) parse = NULL;

  g_assert_true (dc_collection_import_parse_full (data, strlen (data), NULL, &options, &parse,
                                                  NULL));
  g_assert_cmpstr (row_at (parse, 0)->price.currency, ==, "EUR");
  /* A currency in the cell wins. */
  g_assert_cmpstr (row_at (parse, 1)->price.currency, ==, "USD");
}

/* Plain text */

static void
test_text_lines (void)
{
  g_autoptr(DcImportParse) parse = parse_text (
    "// My binder\n"
    "4x Lightning Bolt (MMA) 141 NM foil\n"
    "4 Lightning Bolt\n"
    "1 Delver of Secrets // Insectile Aberration (ISD) 51\n"
    "\n"
    "Sideboard\n"
    "1 Aragorn, the Uniter (LTR) 741z *F*\r\n"
    "2 x Counterspell [MH2] LP etched ja first edition\n"
    "Lightning Bolt x3\n"
    "SB: 2 Pyroblast\n"
    "1 Foil\n"
    "3 Lightning Bolt LP\n"
    "1 Accursed Marauder (Retro Frame)\n"
    "Creatures (12)\n"
    "# comment\n"
    "0 Lightning Bolt\n"
    "Forest\n", "auto");
  static const struct
  {
    guint       line;
    guint       quantity;
    const char *name;
    const char *set;
    const char *number;
    DcCondition condition;
    DcFinish    finish;
    const char *language;
    const char *notes;
  } expected[] = {
    { 2, 4, "Lightning Bolt", "mma", "141", DC_CONDITION_NM, DC_FINISH_FOIL, "en", NULL },
    { 3, 4, "Lightning Bolt", NULL, NULL, DC_CONDITION_NM, DC_FINISH_NONFOIL, "en", NULL },
    { 4, 1, "Delver of Secrets // Insectile Aberration", "isd", "51", DC_CONDITION_NM,
      DC_FINISH_NONFOIL, "en", NULL },
    { 7, 1, "Aragorn, the Uniter", "ltr", "741z", DC_CONDITION_NM, DC_FINISH_FOIL, "en", NULL },
    { 8, 2, "Counterspell", "mh2", NULL, DC_CONDITION_LP, DC_FINISH_ETCHED, "ja",
      "first edition" },
    { 9, 3, "Lightning Bolt", NULL, NULL, DC_CONDITION_NM, DC_FINISH_NONFOIL, "en", NULL },
    { 10, 2, "Pyroblast", NULL, NULL, DC_CONDITION_NM, DC_FINISH_NONFOIL, "en", NULL },
    { 11, 1, "Foil", NULL, NULL, DC_CONDITION_NM, DC_FINISH_NONFOIL, "en", NULL },
    { 12, 3, "Lightning Bolt", NULL, NULL, DC_CONDITION_LP, DC_FINISH_NONFOIL, "en", NULL },
    { 13, 1, "Accursed Marauder (Retro Frame)", NULL, NULL, DC_CONDITION_NM, DC_FINISH_NONFOIL,
      "en", NULL },
    { 17, 1, "Forest", NULL, NULL, DC_CONDITION_NM, DC_FINISH_NONFOIL, "en", NULL },
  };

  g_assert_cmpstr (parse->format, ==, "text");
  g_assert_cmpint (parse->delimiter, ==, 0);
  g_assert_cmpuint (parse->rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      DcImportRow *row = row_at (parse, i);

      g_test_message ("line %u", expected[i].line);
      g_assert_cmpuint (row->line, ==, expected[i].line);
      g_assert_cmpuint (row->quantity, ==, expected[i].quantity);
      g_assert_cmpstr (row->name, ==, expected[i].name);
      g_assert_cmpstr (row->set_code, ==, expected[i].set);
      g_assert_cmpstr (row->collector_number, ==, expected[i].number);
      g_assert_cmpint (row->condition, ==, expected[i].condition);
      g_assert_cmpint (row->finish, ==, expected[i].finish);
      g_assert_cmpstr (row->language, ==, expected[i].language);
      g_assert_cmpstr (row->notes, ==, expected[i].notes);
    }
  g_assert_cmpstr (row_at (parse, 3)->text, ==, "1 Aragorn, the Uniter (LTR) 741z *F*");
  /* Comment, section headers: skipped and counted; the zero quantity reported. */
  g_assert_cmpuint (parse->skipped_lines, ==, 4);
  g_assert_cmpuint (parse->problems->len, ==, 1);
  g_assert_cmpuint (problem_at (parse, 0)->line, ==, 16);
  g_assert_cmpstr (problem_at (parse, 0)->reason, ==, "bad_quantity");
}

static void
test_text_resolves (void)
{
  g_autoptr(DcImportParse) parse = parse_text (
    "1 Delver of Secrets // Insectile Aberration (MID) 47\n"
    "2 Delver of Secrets\n"
    "3 Axgard Braggart (KHM) 1 foil\n"
    "4 Nonexistent Card (KHM) 9999\n", "text");
  g_autoptr(DcImportResult) result = resolve (parse);

  DcImportItem *delver;

  /* The front face's name finds the same card (a guess), and the two lines merge. */
  g_assert_cmpuint (result->items->len, ==, 2);
  delver = g_ptr_array_index (result->items, 0);
  g_assert_cmpstr (delver->card_id, ==, "abff6c81-65a4-48fa-ba8f-580f87b0344a");
  g_assert_cmpuint (delver->quantity, ==, 3);
  g_assert_true (delver->guessed);
  g_assert_cmpuint (result->merged, ==, 1);
  g_assert_cmpuint (result->guessed, ==, 1);
  g_assert_cmpuint (result->quantity_imported, ==, 6);
  g_assert_cmpuint (result->unresolved->len, ==, 1);
  g_assert_cmpuint (((DcImportProblem *) g_ptr_array_index (result->unresolved, 0))->line, ==, 4);
}

/* Export */

typedef enum
{
  PRICE_NONE,        /* the format has no purchase price */
  PRICE_EXACT,       /* amount and currency */
  PRICE_AMOUNT_USD,  /* the amount only; read back as dollars */
  PRICE_ONE_CURRENCY /* one currency per file: dollars when the file mixes them */
} PriceMode;

typedef struct
{
  const char *format;
  const char *detected;
  gboolean    keeps_mint;
  gboolean    keeps_condition;
  gboolean    keeps_etched;
  gboolean    keeps_language;
  PriceMode   price;
  gboolean    keeps_date;
  gboolean    keeps_notes;
  gboolean    needs_cardmarket_id;
} ExportFormat;

static const ExportFormat export_formats[] = {
  { "dualcaster", "dualcaster", TRUE, TRUE, TRUE, TRUE, PRICE_EXACT, TRUE, TRUE, FALSE },
  { "manabox", "manabox", TRUE, TRUE, TRUE, TRUE, PRICE_EXACT, FALSE, FALSE, FALSE },
  { "moxfield", "moxfield", TRUE, TRUE, TRUE, TRUE, PRICE_AMOUNT_USD, TRUE, FALSE, FALSE },
  { "deckbox", "deckbox", TRUE, TRUE, FALSE, TRUE, PRICE_EXACT, FALSE, FALSE, FALSE },
  { "tcgplayer", "tcgplayer", FALSE, TRUE, FALSE, TRUE, PRICE_NONE, FALSE, FALSE, FALSE },
  { "dragonshield", "dragonshield", TRUE, TRUE, TRUE, TRUE, PRICE_ONE_CURRENCY, TRUE, FALSE,
    FALSE },
  { "archidekt", "archidekt", TRUE, TRUE, TRUE, TRUE, PRICE_AMOUNT_USD, TRUE, FALSE, FALSE },
  { "topdecked", "topdecked", TRUE, TRUE, TRUE, TRUE, PRICE_EXACT, TRUE, TRUE, FALSE },
  { "mtggoldfish", "mtggoldfish", FALSE, FALSE, TRUE, FALSE, PRICE_NONE, FALSE, FALSE, FALSE },
  { "cardmarket", "cardmarket", TRUE, TRUE, FALSE, TRUE, PRICE_NONE, FALSE, FALSE, TRUE },
  { "delverlens", "delverlens", FALSE, FALSE, FALSE, TRUE, PRICE_EXACT, FALSE, FALSE, FALSE },
  { "text", "text", TRUE, TRUE, TRUE, TRUE, PRICE_NONE, FALSE, FALSE, FALSE },
};

/* Real printings from the catalog, each a different card, with every condition, finish
 * and several languages and currencies among them. */
static const DcExportItem export_items[] = {
  { "Venser, Shaper Savant", "2x2", "Double Masters 2022", "66",
    "77e19416-aa6c-46f1-b247-a94da5d1a13a", "rare", 276394, 664293,
    2, DC_CONDITION_M, DC_FINISH_FOIL, "en", TRUE, { 1250, "USD" }, "2024-01-15",
    "trade binder, page 3" },
  { "Gray Slaad // Entropic Decay", "clb", NULL, "129",
    "0c2b6960-ff4c-4557-ba6d-d504f87d4516", "common", 273403, 660874,
    1, DC_CONDITION_NM, DC_FINISH_NONFOIL, "ja", FALSE, { 0, "" }, NULL, NULL },
  { "Force of Negation", "h1r", "Modern Horizons 1 Timeshifts", "9",
    "b769ba9e-2ac8-48a9-9f45-23a4ccd0cb96", "rare", 239621, 566136,
    1, DC_CONDITION_LP, DC_FINISH_ETCHED, "en", TRUE, { 4599, "EUR" }, "2023-12-31",
    "said \"no\"\nsecond line" },
  { "Aegis of the Heavens", "m19", "Core Set 2019", "1",
    "0503c55d-74bb-4165-9273-127c01bb2214", "uncommon", 169279, 360318,
    4, DC_CONDITION_MP, DC_FINISH_NONFOIL, "de", TRUE, { 5, "USD" }, NULL, NULL },
  { "Ugin's Conjurant", "war", NULL, "3",
    "9957ecca-5ea0-446f-bfd3-46c2aaa42f08", "uncommon", 188864, 372284,
    3, DC_CONDITION_HP, DC_FINISH_FOIL, "zhs", FALSE, { 0, "" }, "2019-05-03", NULL },
  { "Axgard Braggart", "khm", "Kaldheim", "1",
    "4de5ff64-6fe7-4fc5-be27-cdbaa14545ab", "common", 230675, 532042,
    1, DC_CONDITION_DMG, DC_FINISH_NONFOIL, "fr", TRUE, { 10, "USD" }, NULL, NULL },
  { "Breaker of Creation", "mh3", "Modern Horizons 3", "1",
    "72449552-aa2c-4ae3-846f-df523c5e6078", "uncommon", 550846, 771076,
    7, DC_CONDITION_NM, DC_FINISH_NONFOIL, "en", FALSE, { 0, "" }, NULL, NULL },
  /* No Cardmarket id: a Cardmarket export must skip it, and say so. */
  { "Zndrsplt, Eye of Wisdom", "pbbd", NULL, "5s",
    "2c370b8c-fa8c-4a80-82a7-f81c6a924078", "rare", 168417, 0,
    1, DC_CONDITION_NM, DC_FINISH_FOIL, "it", TRUE, { 300, "USD" }, NULL, NULL },
};

static const DcExportItem *
find_export_item (const char *card_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_items); i++)
    if (strcmp (export_items[i].scryfall_id, card_id) == 0)
      return &export_items[i];
  return NULL;
}

static void
check_round_trip (const ExportFormat *format)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(DcImportResult) result = NULL;
  guint skipped = 99, expected_items = 0;
  gboolean any_eur = FALSE, any_usd = FALSE;

  g_test_message ("format %s", format->format);
  g_assert_true (dc_collection_export (export_items, G_N_ELEMENTS (export_items), format->format,
                                       out, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (skipped, ==, format->needs_cardmarket_id ? 1 : 0);

  g_assert_true (dc_collection_import_parse (out->str, out->len, "auto", &parse, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parse->format, ==, format->detected);
  g_assert_cmpuint (parse->problems->len, ==, 0);
  result = resolve (parse);
  g_assert_cmpuint (result->unresolved->len, ==, 0);
  g_assert_cmpuint (result->guessed, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (export_items); i++)
    if (export_items[i].has_price)
      {
        any_eur |= strcmp (export_items[i].price.currency, "EUR") == 0;
        any_usd |= strcmp (export_items[i].price.currency, "USD") == 0;
      }

  for (guint i = 0; i < result->items->len; i++)
    {
      DcImportItem *item = g_ptr_array_index (result->items, i);
      const DcExportItem *want = find_export_item (item->card_id);
      DcCondition condition = want->condition;
      DcFinish finish = want->finish;
      const char *language = want->language;
      gboolean has_price = want->has_price;
      DcMoney price = want->price;

      g_assert_nonnull (want);
      if (!format->keeps_condition)
        condition = DC_CONDITION_NM;
      else if (!format->keeps_mint && condition == DC_CONDITION_M)
        condition = DC_CONDITION_NM;
      if (!format->keeps_etched && finish == DC_FINISH_ETCHED)
        finish = DC_FINISH_FOIL;
      if (!format->keeps_language)
        language = "en";
      switch (format->price)
        {
        case PRICE_NONE:
          has_price = FALSE;
          break;
        case PRICE_AMOUNT_USD:
          g_strlcpy (price.currency, "USD", sizeof price.currency);
          break;
        case PRICE_ONE_CURRENCY:
          {
            const char *kept = any_eur && !any_usd ? "EUR" : "USD";

            has_price = has_price && strcmp (price.currency, kept) == 0;
          }
          break;
        case PRICE_EXACT:
        default:
          break;
        }

      g_test_message ("%s", want->name);
      g_assert_cmpuint (item->quantity, ==, want->quantity);
      g_assert_cmpint (item->condition, ==, condition);
      g_assert_cmpint (item->finish, ==, finish);
      g_assert_cmpstr (item->language, ==, language);
      g_assert_cmpint (item->has_price, ==, has_price);
      if (has_price)
        {
          g_assert_cmpint (item->price.amount, ==, price.amount);
          g_assert_cmpstr (item->price.currency, ==, price.currency);
        }
      if (format->keeps_date)
        g_assert_cmpstr (item->acquired_on, ==, want->acquired_on);
      if (format->keeps_notes)
        g_assert_cmpstr (item->notes, ==, want->notes);
      expected_items++;
    }
  g_assert_cmpuint (expected_items, ==, G_N_ELEMENTS (export_items) - skipped);
}

static void
test_export_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    check_round_trip (&export_formats[i]);

  /* Every format we write is covered above. */
  for (const char *const *f = dc_collection_export_formats (); *f; f++)
    {
      gboolean covered = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
        covered |= strcmp (export_formats[i].format, *f) == 0;
      g_assert_true (covered);
    }
}

/* Our own format keeps everything: importing what we exported gives the same collection,
 * item for item, and exporting that again gives the same bytes. */
static void
test_export_dualcaster_identity (void)
{
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) second = g_string_new (NULL);
  g_autoptr(DcImportParse) parse = NULL;
  g_autoptr(DcImportResult) result = NULL;
  g_autoptr(GArray) again = g_array_new (FALSE, TRUE, sizeof (DcExportItem));

  g_assert_true (dc_collection_export (export_items, G_N_ELEMENTS (export_items), "dualcaster",
                                       first, NULL, NULL));
  g_assert_true (dc_collection_import_parse (first->str, first->len, NULL, &parse, NULL));
  result = resolve (parse);
  g_assert_cmpuint (result->items->len, ==, G_N_ELEMENTS (export_items));
  g_assert_cmpuint (result->merged, ==, 0);

  for (guint i = 0; i < result->items->len; i++)
    {
      DcImportItem *item = g_ptr_array_index (result->items, i);
      DcExportItem copy = export_items[i];

      g_assert_cmpstr (item->card_id, ==, export_items[i].scryfall_id);
      copy.quantity = item->quantity;
      copy.condition = item->condition;
      copy.finish = item->finish;
      copy.language = item->language;
      copy.has_price = item->has_price;
      copy.price = item->price;
      copy.acquired_on = item->acquired_on;
      copy.notes = item->notes;
      g_array_append_val (again, copy);
    }
  g_assert_true (dc_collection_export ((DcExportItem *) (gpointer) again->data, again->len,
                                       "dualcaster", second, NULL, NULL));
  g_assert_cmpstr (second->str, ==, first->str);
}

static void
test_export_quoting (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DcExportItem item = export_items[2];

  g_assert_true (dc_collection_export (&item, 1, "dualcaster", out, NULL, &error));
  g_assert_cmpstr (out->str, ==,
                   "scryfall_id,name,set_code,collector_number,quantity,condition,finish,"
                   "language,acquisition_price,acquisition_currency,acquired_on,notes\n"
                   "b769ba9e-2ac8-48a9-9f45-23a4ccd0cb96,Force of Negation,h1r,9,1,LP,etched,en,"
                   "45.99,EUR,2023-12-31,\"said \"\"no\"\"\nsecond line\"\n");

  g_string_truncate (out, 0);
  item = export_items[0];
  g_assert_true (dc_collection_export (&item, 1, "cardmarket", out, NULL, &error));
  g_assert_cmpstr (out->str, ==,
                   "idProduct;groupCount;price;idLanguage;condition;isFoil;isSigned;isAltered;"
                   "isPlayset;isReverseHolo;isFirstEd;isFullArt;isUberRare;isWithDie\n"
                   "664293;2;;1;1;1;;;;;;;;\n");

  g_string_truncate (out, 0);
  g_assert_true (dc_collection_export (&item, 1, "text", out, NULL, &error));
  g_assert_cmpstr (out->str, ==, "2 Venser, Shaper Savant (2X2) 66 M foil\n");

  g_assert_false (dc_collection_export (&item, 1, "excel", out, NULL, &error));
  g_assert_error (error, DC_EXPORT_ERROR, DC_EXPORT_ERROR_UNKNOWN_FORMAT);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = catalog_load ();

  g_test_add_func ("/Dc/CollectionImport/samples", test_samples);
  g_test_add_func ("/Dc/CollectionImport/shared-samples", test_shared_samples);
  g_test_add_func ("/Dc/CollectionImport/resolve-order-and-merge", test_resolve_order_and_merge);
  g_test_add_func ("/Dc/CollectionImport/merge-keeps-differences", test_merge_keeps_differences);
  g_test_add_func ("/Dc/CollectionImport/result-json", test_result_json);
  g_test_add_func ("/Dc/CollectionImport/result-json-invalid", test_result_json_invalid);
  g_test_add_func ("/Dc/CollectionImport/bom-crlf", test_bom_crlf);
  g_test_add_func ("/Dc/CollectionImport/embedded-newlines", test_embedded_newlines);
  g_test_add_func ("/Dc/CollectionImport/sep-line", test_sep_line);
  g_test_add_func ("/Dc/CollectionImport/semicolon-and-tab", test_semicolon_and_tab);
  g_test_add_func ("/Dc/CollectionImport/encodings", test_encodings);
  g_test_add_func ("/Dc/CollectionImport/bad-rows-reported", test_bad_rows_reported);
  g_test_add_func ("/Dc/CollectionImport/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/Dc/CollectionImport/short-rows", test_short_rows);
  g_test_add_func ("/Dc/CollectionImport/unknown-csv", test_unknown_csv);
  g_test_add_func ("/Dc/CollectionImport/dates", test_dates);
  g_test_add_func ("/Dc/CollectionImport/explicit-format", test_explicit_format);
  g_test_add_func ("/Dc/CollectionImport/format-rules", test_format_rules);
  g_test_add_func ("/Dc/CollectionImport/default-currency", test_default_currency);
  g_test_add_func ("/Dc/CollectionImport/text-lines", test_text_lines);
  g_test_add_func ("/Dc/CollectionImport/text-resolves", test_text_resolves);
  g_test_add_func ("/Dc/CollectionImport/export-round-trip", test_export_round_trip);
  g_test_add_func ("/Dc/CollectionImport/export-dualcaster-identity",
                   test_export_dualcaster_identity);
  g_test_add_func ("/Dc/CollectionImport/export-quoting", test_export_quoting);
  status = g_test_run ();

  g_ptr_array_unref (catalog->cards);
  g_hash_table_unref (catalog->by_id);
  g_hash_table_unref (catalog->by_set_number);
  g_hash_table_unref (catalog->by_set_name);
  g_hash_table_unref (catalog->by_name);
  g_hash_table_unref (catalog->by_tcgplayer);
  g_hash_table_unref (catalog->by_cardmarket);
  g_free (catalog);
  return status;
}
