/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-collection-import.h"
#include "dc-csv.h"

G_BEGIN_DECLS

/* What a CSV column means, whatever the app calls it. */
typedef enum
{
  DC_COLUMN_NONE = 0,
  DC_COLUMN_QUANTITY,
  DC_COLUMN_FOIL_QUANTITY,       /* Delver Lens: a second row of foil copies */
  DC_COLUMN_NAME,
  DC_COLUMN_SIMPLE_NAME,         /* TCGplayer: the name without "(Retro Frame)" */
  DC_COLUMN_SET,                 /* "Set", "Edition": a code or a name, by its value */
  DC_COLUMN_SET_CODE,
  DC_COLUMN_SET_NAME,
  DC_COLUMN_COLLECTOR_NUMBER,
  DC_COLUMN_SCRYFALL_ID,
  DC_COLUMN_ID,                  /* a bare "ID": a Scryfall id when it looks like one */
  DC_COLUMN_TCGPLAYER_ID,
  DC_COLUMN_CARDMARKET_ID,
  DC_COLUMN_FINISH,
  DC_COLUMN_CONDITION,
  DC_COLUMN_LANGUAGE,
  DC_COLUMN_CARDMARKET_LANGUAGE, /* idLanguage 1–11 */
  DC_COLUMN_PRICE,               /* what was paid per copy */
  DC_COLUMN_CURRENCY,
  DC_COLUMN_ACQUIRED,
  DC_COLUMN_NOTES,
  DC_COLUMN_TAGS,
  DC_COLUMN_FOLDER,
  DC_COLUMN_SIGNED,
  DC_COLUMN_ALTERED,
  DC_COLUMN_PROXY,
  DC_COLUMN_MISPRINT,
  DC_COLUMN_PLAYSET,             /* Cardmarket: the article is four copies */
  DC_N_COLUMNS
} DcColumn;

typedef enum
{
  DC_FORMAT_SET_IS_CODE = 1 << 0,     /* its ambiguous set column holds codes */
  DC_FORMAT_ZERO_PRICE_UNSET = 1 << 1 /* it writes 0.00 for "no price" */
} DcFormatFlags;

typedef struct
{
  const char         *header;   /* folded column name */
  const char         *currency;
} DcCurrencyHint;

/**
 * DcImportFormat:
 *
 * One app's export. A header matches when it holds every column of one of @signatures
 * (folded names separated by spaces); the match with the most columns wins.
 */
typedef struct
{
  const char          *name;
  const char          *display_name;
  const char          *signatures[4];
  DcConditionDialect   dialect;
  const char          *currency;         /* nullable: the options' default */
  DcCurrencyHint       currency_hints[4]; /* a column whose presence names the currency */
  guint                flags;
} DcImportFormat;

const DcImportFormat *_dc_import_format_lookup      (const char          *name);
const DcImportFormat *_dc_import_format_detect      (const char * const *folded_headers,
                                                     guint                n_headers);
const DcImportFormat *_dc_import_format_generic     (void);
DcColumn              _dc_import_column_for_header  (const char          *folded_header);
const char           *_dc_cardmarket_language       (gint64               id_language);
int                   _dc_cardmarket_language_id    (const char          *code);

typedef enum
{
  DC_TEXT_LINE_CARD,
  DC_TEXT_LINE_SKIP,    /* comment or section header */
  DC_TEXT_LINE_PROBLEM, /* *out_reason and *out_message are set */
} DcTextLine;

/* Reads one line of a plain text list ("4x Lightning Bolt (MMA) 141 NM foil") into @row
 * (whose line and text the caller sets). */
DcTextLine _dc_import_parse_text_line (const char   *line,
                                       DcImportRow  *row,
                                       char        **out_reason,
                                       char        **out_message);

/* dc-collection-import.c */
void _dc_import_add_problem (DcImportParse *parse,
                             guint          line,
                             const char    *text,
                             const char    *reason,
                             guint          quantity,
                             const char    *message);
void _dc_import_append_note (GString       *notes,
                             const char    *note);

/* dc-collection-csv.c: reads @records (from dc_csv_parse()) whose header is at
 * @header_index into @parse. FALSE, with @parse untouched, when no header column names a
 * card. */
gboolean _dc_import_read_csv (const char            *text,
                              GPtrArray             *records,
                              guint                  header_index,
                              const DcImportFormat  *requested,
                              const DcImportOptions *options,
                              DcImportParse         *parse);

G_END_DECLS
