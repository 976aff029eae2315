/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dc-finish.h"

G_BEGIN_DECLS

/* One entry of Scryfall's card_faces. Everything but the name is nullable. */
typedef struct
{
  char *name;
  char *printed_name;
  char *mana_cost;
  char *type_line;
  char *oracle_text;
  char *image_small;   /* nullable: split/adventure/flip faces share the card's image */
  char *image_normal;
  char *image_large;
  char *image_art_crop;
} DcCardFace;

/* One price a card object states: usd/usd_foil/usd_etched (tcgplayer, USD),
 * eur/eur_foil (cardmarket, EUR), tix (cardhoarder, TIX). */
typedef struct
{
  DcFinish    finish;
  const char *currency; /* static string: "USD", "EUR", "TIX" */
  const char *source;   /* static string: "tcgplayer", "cardmarket", "cardhoarder" */
  gint64      amount_minor;
} DcCardPrice;

/**
 * DcCard:
 *
 * A Scryfall printing, with what a collector sees. Multi-face layouts (transform,
 * modal_dfc, reversible_card, adventure, split, flip) carry their faces; meld parts are
 * printings of their own without faces. The card's own name is Scryfall's combined name
 * ("Delver of Secrets // Insectile Aberration"). Where Scryfall states a value only per face,
 * the card gets it from the faces: mana_cost, type_line, oracle_text and printed_name are
 * the faces' non-empty values joined with " // ", colors the union of the faces' colours,
 * the images the front face's, oracle_id the front face's.
 *
 * Immutable once built, so a card can be shared between threads (it is reference counted
 * atomically); the JSON writers copy, never share, the card's data.
 */
typedef struct
{
  gatomicrefcount ref_count;

  char       *id;
  char       *oracle_id;        /* reversible cards: the front face's; nullable */
  char       *name;
  char       *printed_name;     /* nullable; non-English printings */
  char       *lang;
  char       *set_code;
  char       *set_name;
  char       *collector_number;
  char       *rarity;
  char       *layout;
  char       *mana_cost;
  char       *type_line;
  char       *oracle_text;
  char       *released_at;      /* YYYY-MM-DD */
  char      **colors;           /* never NULL; empty for colourless cards */
  char       *image_small;      /* nullable */
  char       *image_normal;     /* nullable */
  char       *image_large;      /* nullable */
  char       *image_art_crop;   /* nullable */
  guint       finishes;         /* bitmask of 1 << DcFinish */
  gint64      tcgplayer_id;     /* 0 when absent */
  gint64      cardmarket_id;    /* 0 when absent */
  JsonObject *legalities;       /* nullable; format -> "legal"/"not_legal"/… strings */
  GPtrArray  *faces;            /* DcCardFace*, empty for single-faced cards */
  GArray     *prices;           /* DcCardPrice, in Scryfall's order; empty from JSON */
} DcCard;

#define DC_CARD_ERROR (dc_card_error_quark ())
GQuark dc_card_error_quark (void);

typedef enum
{
  DC_CARD_ERROR_PARSE,   /* not JSON */
  DC_CARD_ERROR_INVALID, /* JSON, but not a card object: missing id/name/set, an id that is
                          * not a UUID, a member of the wrong type, or a price that is not an
                          * exact amount in cents */
} DcCardError;

DcCard     *dc_card_new_from_scryfall   (JsonObject   *object,
                                         GError      **error);
DcCard     *dc_card_parse_scryfall_line (const char   *line,
                                         gssize        length,
                                         GError      **error);
DcCard     *dc_card_ref                 (DcCard       *card);
void        dc_card_unref               (DcCard       *card);
gboolean    dc_card_has_finish          (const DcCard *card,
                                         DcFinish      finish);
const DcCardPrice *dc_card_get_price    (const DcCard *card,
                                         DcFinish      finish,
                                         const char   *currency);
/* The card as our API's full card object (faces, images, finishes, legalities);
 * prices are added by the caller from the store's current prices. */
JsonNode   *dc_card_to_json             (const DcCard *card);
/* Reads back what dc_card_to_json() wrote (the client's catalog lines). */
DcCard     *dc_card_new_from_json       (JsonObject   *object,
                                         GError      **error);
/* The short form nested in search results and list items:
 * {id, name, set, set_name, collector_number, lang, rarity, finishes, image_uri}. */
JsonNode   *dc_card_summary_to_json     (const DcCard *card);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcCard, dc_card_unref)

G_END_DECLS
