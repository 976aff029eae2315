/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dc-card.h"
#include "dc-store.h"

G_BEGIN_DECLS

/* The SQL of the card catalog and its prices (migration 0002-catalog.sql). Card ids in this
 * API are the internal integer rowids; they never leave the server. */

/**
 * DcCatalogEntry:
 *
 * A parsed card with everything the store writes, derived ahead of time so that import
 * parser threads do the encoding and the single writer only binds values. It holds plain
 * strings, not the DcCard: the card's JSON objects are freed on the thread that made them
 * (GSlice memory freed on another thread is slow to come back).
 */
typedef struct
{
  char      *scryfall_id;
  char      *oracle_id;
  char      *name;
  char      *printed_name;
  char      *lang;
  char      *set_code;
  char      *set_name;
  char      *collector_number;
  char      *rarity;
  char      *layout;
  char      *mana_cost;
  char      *type_line;
  char      *oracle_text;
  char      *released_at;
  char      *image_small;
  char      *image_normal;
  char      *image_large;
  gint64     tcgplayer_id;
  gint64     cardmarket_id;
  char      *card_json;    /* dc_card_to_json() */
  char      *summary_json; /* dc_card_summary_to_json() */
  char      *face_names;   /* face names and printed names, one per line; NULL if none */
  char      *colors;       /* "WU" */
  char      *finishes;     /* "nonfoil,foil" */
  GPtrArray *name_keys;    /* dc_search_fold_key() of every name, without duplicates */
  GArray    *prices;       /* DcPricePoint of the import's day, in display order; nullable */
  char      *prices_json;  /* @prices as the API writes them; nullable */
} DcCatalogEntry;

DcCatalogEntry *dc_catalog_entry_new  (const DcCard   *card);
void            dc_catalog_entry_free (DcCatalogEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcCatalogEntry, dc_catalog_entry_free)

/* One price of one day. */
typedef struct
{
  DcFinish finish;
  char     currency[4];
  char     source[16];
  char     day[11];       /* YYYY-MM-DD */
  gint64   amount_minor;
} DcPricePoint;

/* Display order: nonfoil, foil, etched; USD, EUR, then other currencies; then source. */
int       dc_price_point_compare             (gconstpointer   a,
                                              gconstpointer   b);
/* The finish, currency and source a price series is known by. */
gboolean  dc_price_point_set_series          (DcPricePoint   *point,
                                              DcFinish        finish,
                                              const char     *currency,
                                              const char     *source);

/* SQLite's data_version of this connection: it changes whenever another connection (an
 * import command) commits. Cached answers derived from the catalog are keyed by it. */
gint64    dc_catalog_store_data_version      (DcStore        *store,
                                              GError        **error);

/* Writing (the import commands). @version is the catalog version being built: rows that
 * change are stamped with it. */
gint64    dc_catalog_store_get_version       (DcStore        *store,
                                              GError        **error);
/* Inserts or updates the card row; the names for search are written separately with
 * dc_catalog_store_put_names() when the card changed. */
gboolean  dc_catalog_store_upsert_card       (DcStore        *store,
                                              const DcCatalogEntry *entry,
                                              gint64          version,
                                              gint64         *out_card_id,
                                              gboolean       *out_changed,
                                              gboolean       *out_existed,
                                              GError        **error);

/**
 * DcCatalogNames:
 *
 * What name search knows of a card: its FTS row and folded name keys. Kept apart from the
 * card row because FTS5 flushes its pending terms at every statement savepoint: an importer
 * writes the names of many cards in one burst, not one card at a time between other
 * statements.
 */
typedef struct
{
  gint64     card_id;
  gboolean   existed;    /* replace the card's previous names */
  char      *name;
  char      *printed_name;
  char      *face_names;
  GPtrArray *keys;
} DcCatalogNames;

/* Takes the face names and keys out of @entry. */
DcCatalogNames *dc_catalog_names_take_from_entry (DcCatalogEntry *entry,
                                                  gint64          card_id,
                                                  gboolean        existed);
void      dc_catalog_names_free              (DcCatalogNames *names);
gboolean  dc_catalog_store_put_names         (DcStore        *store,
                                              const DcCatalogNames *names,
                                              GError        **error);
/* Records prices of a card and keeps its current prices (newest day) up to date. When one
 * of them changes, the card is stamped with @version and its prices_json marked for
 * dc_catalog_refresh_prices_json(), unless @prices_json_fresh says the card row was just
 * written with exactly these prices. */
gboolean  dc_catalog_store_put_prices        (DcStore        *store,
                                              gint64          card_id,
                                              const DcPricePoint *points,
                                              guint           n_points,
                                              gint64          version,
                                              gboolean        prices_json_fresh,
                                              GError        **error);
/* Bumps the catalog version to @version when some card was stamped with it. */
gboolean  dc_catalog_store_finish_version    (DcStore        *store,
                                              gint64          version,
                                              gboolean       *out_bumped,
                                              GError        **error);
gboolean  dc_catalog_store_was_imported      (DcStore        *store,
                                              const char     *kind,
                                              const char     *file_sha256,
                                              gboolean       *out_imported,
                                              GError        **error);
gboolean  dc_catalog_store_record_import     (DcStore        *store,
                                              const char     *kind,
                                              const char     *file_name,
                                              const char     *file_sha256,
                                              const char     *day,
                                              gint64          cards,
                                              gint64          prices,
                                              gint64          unknown,
                                              gint64          started_at,
                                              GError        **error);

/* Reading. Lookups set *@out_card_id to 0 (and return TRUE) when there is no such card. */
gboolean  dc_catalog_store_lookup_card       (DcStore        *store,
                                              const char     *scryfall_id,
                                              gint64         *out_card_id,
                                              GError        **error);
gboolean  dc_catalog_store_get_card_json     (DcStore        *store,
                                              const char     *scryfall_id,
                                              gint64         *out_card_id,
                                              char          **out_card_json,
                                              char          **out_prices_json,
                                              GError        **error);
/* Price points of a card from @first_day on, ordered by day, then series. */
GArray   *dc_catalog_store_history           (DcStore        *store,
                                              gint64          card_id,
                                              const char     *first_day,
                                              GError        **error);
/* The newest day the card has a price for, or NULL. */
char     *dc_catalog_store_newest_price_day  (DcStore        *store,
                                              gint64          card_id,
                                              GError        **error);

typedef struct
{
  gint64      card_id;
  const char *summary_json;
  const char *prices_json;
} DcCatalogHit;

/* Cards matching the FTS5 @fts_query (and @set_code, @lang when not NULL): exact name
 * matches (@exact_key) first, then the newest printing. Calls @func for the first @limit,
 * counts all in *@out_total. */
gboolean  dc_catalog_store_search            (DcStore        *store,
                                              const char     *fts_query,
                                              const char     *exact_key,
                                              const char     *set_code,
                                              const char     *lang,
                                              guint           limit,
                                              void          (*func) (const DcCatalogHit *hit,
                                                                     gpointer user_data),
                                              gpointer        user_data,
                                              gint64         *out_total,
                                              GError        **error);

/* Every card changed after @since_version (0: all), in id order, with its current prices
 * as stored for the API (prices_json). */
gboolean  dc_catalog_store_foreach_card      (DcStore        *store,
                                              gint64          since_version,
                                              void          (*func) (const char *card_json,
                                                                     const char *prices_json,
                                                                     gpointer    user_data),
                                              gpointer        user_data,
                                              GError        **error);
/* Every card stamped with @version whose prices_json is older, with its current prices
 * (display order). */
gboolean  dc_catalog_store_foreach_stamped   (DcStore        *store,
                                              gint64          version,
                                              gboolean      (*func) (gint64        card_id,
                                                                     const GArray *prices,
                                                                     gpointer      user_data,
                                                                     GError      **error),
                                              gpointer        user_data,
                                              GError        **error);
gboolean  dc_catalog_store_set_prices_json   (DcStore        *store,
                                              gint64          card_id,
                                              const char     *prices_json,
                                              gint64          version,
                                              GError        **error);

/* The stored catalog download of @version (see catalog_files); *@out_gz stays NULL when
 * there is none. Storing one removes the older ones. */
gboolean  dc_catalog_store_put_file          (DcStore        *store,
                                              gint64          version,
                                              const char     *etag,
                                              gint64          cards,
                                              GBytes         *gz,
                                              GError        **error);
gboolean  dc_catalog_store_get_file          (DcStore        *store,
                                              gint64          version,
                                              char          **out_etag,
                                              gint64         *out_cards,
                                              GBytes        **out_gz,
                                              GError        **error);

G_END_DECLS
