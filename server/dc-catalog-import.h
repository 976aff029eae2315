/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-config.h"
#include "dc-store.h"

G_BEGIN_DECLS

#define DC_CATALOG_IMPORT_ERROR (dc_catalog_import_error_quark ())
GQuark dc_catalog_import_error_quark (void);

typedef enum
{
  DC_CATALOG_IMPORT_ERROR_FORMAT,   /* the file is not of the expected layout */
  DC_CATALOG_IMPORT_ERROR_ARGUMENT, /* a bad option (a day that is not YYYY-MM-DD) */
} DcCatalogImportError;

typedef struct
{
  gint64  cards;          /* card objects read (Scryfall) */
  gint64  changed;        /* cards new or different from the stored ones */
  gint64  prices;         /* price points written */
  gint64  unknown;        /* printings the catalog does not have (price files) */
  gint64  unknown_prices; /* their price points, skipped */
  gint64  skipped;        /* lines, rows or values that could not be read */
  gint64  version;        /* catalog version afterwards */
  gboolean version_bumped; /* this import made a new catalog version */
  double  seconds;        /* the import proper */
  double  file_seconds;   /* building the new version's catalog file */
  gsize   file_bytes;
  char   *first_problem;  /* the first skipped line's reason, for the summary */
} DcImportStats;

void     dc_import_stats_clear              (DcImportStats *stats);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcImportStats, dc_import_stats_clear)

/* A Scryfall bulk file: a JSON array with one card per line, or JSON lines; plain or gzip.
 * Cards are upserted; their prices are recorded for @day (YYYY-MM-DD, NULL: today UTC). */
gboolean dc_catalog_import_scryfall         (DcStore       *store,
                                             const char    *path,
                                             const char    *day,
                                             DcImportStats *stats,
                                             GError       **error);
/* MTGJSON price history: the AllPrices layout (uuids mapped through @identifiers_path,
 * MTGJSON's identifiers CSV) or JSON lines carrying `uuid`, `scryfallId` and `prices`. */
gboolean dc_catalog_import_mtgjson_prices   (DcStore       *store,
                                             const char    *path,
                                             const char    *identifiers_path,
                                             DcImportStats *stats,
                                             GError       **error);
/* Dated Scryfall price snapshots (CSV: id, snapshot_date, usd, usd_foil, usd_etched, eur,
 * eur_foil, tix, …). */
gboolean dc_catalog_import_price_snapshots  (DcStore       *store,
                                             const char    *path,
                                             DcImportStats *stats,
                                             GError       **error);
/* The bundled demo data of @dir, each file once (a file already imported is skipped). */
gboolean dc_catalog_import_demo             (DcStore       *store,
                                             const char    *dir,
                                             GError       **error);

/* Command-line entry points (dc-commands.h). */
int      dc_catalog_cmd_import_scryfall     (DcConfig      *config,
                                             int            argc,
                                             char         **argv);
int      dc_catalog_cmd_import_mtgjson      (DcConfig      *config,
                                             int            argc,
                                             char         **argv);
int      dc_catalog_cmd_import_snapshots    (DcConfig      *config,
                                             int            argc,
                                             char         **argv);
int      dc_catalog_cmd_import_demo         (DcConfig      *config,
                                             int            argc,
                                             char         **argv);

G_END_DECLS
