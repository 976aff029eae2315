/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-catalog-import.h"
#include "dc-catalog-store.h"

G_BEGIN_DECLS

/* What the Scryfall importer (dc-catalog-import.c) and the price-history importers
 * (dc-price-import.c) share. */

#define DC_IMPORT_READ_CHUNK (256 * 1024)

/* Opens @path for reading, decompressing it when it starts with the gzip magic bytes. */
GInputStream *_dc_import_open_input      (const char     *path,
                                          GError        **error);
gboolean      _dc_import_day_is_valid    (const char     *day);
/* Counts a skipped line or value, keeping the first reason for the summary. */
void          _dc_import_note_problem    (DcImportStats  *stats,
                                          const char     *format,
                                          ...) G_GNUC_PRINTF (2, 3);

/* Writes in large transactions (with synchronous=FULL each commit waits for the disk), as
 * catalog version @version, the one after the current. */
typedef struct
{
  DcStore   *store;
  gint64     version;
  guint      pending;
  guint      commit_every;
  GPtrArray *names;   /* DcCatalogNames of changed cards, written in bursts */
} DcImportWriter;

gboolean      _dc_import_writer_begin    (DcImportWriter *writer,
                                          DcStore        *store,
                                          guint           commit_every,
                                          GError        **error);
/* Counts one written item; commits every commit_every items. */
gboolean      _dc_import_writer_tick     (DcImportWriter *writer,
                                          GError        **error);
/* Refreshes the changed cards' price lists and finishes the catalog version, in the last
 * transaction. */
gboolean      _dc_import_writer_finish   (DcImportWriter *writer,
                                          DcImportStats  *stats,
                                          GError        **error);
void          _dc_import_writer_clear    (DcImportWriter *writer);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcImportWriter, _dc_import_writer_clear)

/* Builds and stores the catalog download of a new version, so the server can serve it
 * without building it on its main loop. Timed apart from the import itself. */
gboolean      _dc_import_publish_catalog_file (DcStore        *store,
                                               DcImportStats  *stats,
                                               GError        **error);

/* Card ids by Scryfall id, remembered: price files name the same printing many times. */
typedef struct
{
  DcStore    *store;
  GHashTable *ids;     /* scryfall id → card id (0: unknown) */
} DcCardLookup;

void          _dc_card_lookup_init       (DcCardLookup   *lookup,
                                          DcStore        *store);
void          _dc_card_lookup_clear      (DcCardLookup   *lookup);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcCardLookup, _dc_card_lookup_clear)
/* Sets *@out_card_id to 0 for a printing the catalog does not have (counted once in
 * @stats->unknown). */
gboolean      _dc_card_lookup            (DcCardLookup   *lookup,
                                          const char     *scryfall_id,
                                          DcImportStats  *stats,
                                          gint64         *out_card_id,
                                          GError        **error);

/* Fills @point when the series and day are valid; otherwise counts a problem. */
gboolean      _dc_import_check_price     (DcPricePoint   *point,
                                          DcFinish        finish,
                                          const char     *currency,
                                          const char     *source,
                                          const char     *day,
                                          gint64          amount_minor,
                                          DcImportStats  *stats);
/* Checks and writes one price point of a card. */
gboolean      _dc_import_put_price       (DcImportWriter *writer,
                                          gint64          card_id,
                                          DcFinish        finish,
                                          const char     *currency,
                                          const char     *source,
                                          const char     *day,
                                          gint64          amount_minor,
                                          DcImportStats  *stats,
                                          GError        **error);

G_END_DECLS
