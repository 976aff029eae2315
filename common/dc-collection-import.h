/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dc-condition.h"
#include "dc-finish.h"
#include "dc-money.h"

G_BEGIN_DECLS

#define DC_IMPORT_ERROR (dc_import_error_quark ())
GQuark dc_import_error_quark (void);

typedef enum
{
  DC_IMPORT_ERROR_EMPTY,          /* nothing but blank lines */
  DC_IMPORT_ERROR_ENCODING,       /* neither UTF-8, UTF-16 nor Windows-1252 */
  DC_IMPORT_ERROR_UNKNOWN_FORMAT, /* a format name we do not know */
  DC_IMPORT_ERROR_NO_HEADER,      /* a CSV format was asked for, but no column names a card */
  DC_IMPORT_ERROR_INVALID,        /* a malformed import result (JSON codec) */
} DcImportError;

/**
 * DcImportRow:
 * @line: 1-based line of the file the row starts on
 * @text: the row as it stands in the file (without its line ending)
 * @quantity: copies, at least 1
 * @name: (nullable): card name as the app wrote it
 * @set_code: (nullable): the app's set code, lower case ("mh2"; not always Scryfall's)
 * @set_name: (nullable): the set's name ("Modern Horizons 2")
 * @collector_number: (nullable): "141", "741z", "DDC-49"
 * @scryfall_id: (nullable): lower-case Scryfall UUID
 * @tcgplayer_id: TCGplayer product id, 0 when absent
 * @cardmarket_id: Cardmarket idProduct, 0 when absent
 * @condition: never DC_CONDITION_UNKNOWN: an empty cell means NM
 * @finish: never DC_FINISH_UNKNOWN: an empty cell means nonfoil
 * @finish_note: (nullable): the app's finish label when it was a variant ("Rainbow Foil")
 * @language: Scryfall language code (static string); an empty cell means "en"
 * @has_price: whether @price holds a purchase price
 * @price: purchase price per copy
 * @acquired_on: (nullable): YYYY-MM-DD
 * @notes: (nullable): what the row says that has no column of its own: the app's notes
 *   and tags, signed/altered/proxy/misprint flags, and labels we could not map
 *   ("Condition “Sealed” not recognised")
 * @folder: (nullable): binder, folder or list name, informative only
 *
 * One card line of an import, as read from the file, before it is matched to a printing.
 */
typedef struct
{
  guint        line;
  char        *text;
  guint        quantity;
  char        *name;
  char        *set_code;
  char        *set_name;
  char        *collector_number;
  char        *scryfall_id;
  gint64       tcgplayer_id;
  gint64       cardmarket_id;
  DcCondition  condition;
  DcFinish     finish;
  char        *finish_note;
  const char  *language;
  gboolean     has_price;
  DcMoney      price;
  char        *acquired_on;
  char        *notes;
  char        *folder;
} DcImportRow;

/**
 * DcImportProblem:
 * @line: 1-based line of the file
 * @text: the row as it stands in the file
 * @reason: a stable code: "bad_quantity", "no_card", "unterminated_quote", "not_found"
 * @message: the same in words, for people
 * @quantity: copies the row holds as far as they could be read (0 when unreadable)
 *
 * A row that was not imported, and why. Nothing is dropped without one.
 */
typedef struct
{
  guint  line;
  char  *text;
  char  *reason;
  char  *message;
  guint  quantity;
} DcImportProblem;

/**
 * DcImportParse:
 * @format: the format name ("manabox", "text", "csv" for an unknown but readable CSV)
 * @format_detected: whether @format came from the header rather than the caller
 * @encoding: "UTF-8", "UTF-16" or "Windows-1252": what the data was converted from
 * @delimiter: the CSV delimiter (',' ';' or '\t'); 0 for text lists
 * @header_line: line of the CSV header; 0 for text lists
 * @rows: (element-type DcImportRow): the card rows, in file order
 * @problems: (element-type DcImportProblem): rows that could not be read
 * @skipped_lines: lines that hold no card by design: comments and section headers of
 *   text lists ("Sideboard", "// Lands"), rows with nothing but empty fields
 *
 * A file read into rows.
 */
typedef struct
{
  char      *format;
  gboolean   format_detected;
  char      *encoding;
  char       delimiter;
  guint      header_line;
  GPtrArray *rows;
  GPtrArray *problems;
  guint      skipped_lines;
} DcImportParse;

/**
 * DcImportOptions:
 * @default_currency: (nullable): currency of prices that name none and whose format
 *   implies none; NULL means USD
 *
 * Choices the user makes that no file states.
 */
typedef struct
{
  const char *default_currency;
} DcImportOptions;

/**
 * DcCardResolver:
 *
 * How the caller finds printings (the server in its store, the client in its catalog,
 * tests in a file). Each callback returns a newly allocated Scryfall card id, or NULL
 * when it finds none; any callback may be NULL. dc_collection_import_resolve() tries
 * them in this order, stopping at the first hit:
 *
 * 1. @by_scryfall_id;
 * 2. @by_set_number: set code and collector number;
 * 3. @by_tcgplayer_id, then @by_cardmarket_id: the vendors' product ids;
 * 4. @by_set_name: the card name in a set given by code or name (either may be NULL);
 * 5. @by_name: the newest printing of that name — a guess, counted as such.
 *
 * Names may be a double-faced card's full name ("Delver of Secrets // Insectile
 * Aberration") or its front face only, as apps differ.
 */
typedef struct
{
  char   *(*by_scryfall_id)   (gpointer    user_data,
                               const char *scryfall_id);
  char   *(*by_set_number)    (gpointer    user_data,
                               const char *set_code,
                               const char *collector_number);
  char   *(*by_tcgplayer_id)  (gpointer    user_data,
                               gint64      product_id);
  char   *(*by_cardmarket_id) (gpointer    user_data,
                               gint64      product_id);
  char   *(*by_set_name)      (gpointer    user_data,
                               const char *set_code,
                               const char *set_name,
                               const char *name);
  char   *(*by_name)          (gpointer    user_data,
                               const char *name);
  gpointer user_data;
} DcCardResolver;

/**
 * DcImportItem:
 * @card_id: Scryfall id of the printing
 * @quantity: copies (the sum over merged rows)
 * @condition: the grade
 * @finish: nonfoil, foil or etched
 * @language: Scryfall language code (static string)
 * @has_price: whether @price is set
 * @price: purchase price per copy
 * @acquired_on: (nullable): YYYY-MM-DD, the earliest of the merged rows
 * @notes: (nullable): the row's notes
 * @guessed: the printing was guessed from the name alone
 * @line: the first line of the file that contributed
 *
 * One inventory item to create: rows for the same printing, condition, finish, language,
 * price and notes are merged into one.
 */
typedef struct
{
  char        *card_id;
  guint        quantity;
  DcCondition  condition;
  DcFinish     finish;
  const char  *language;
  gboolean     has_price;
  DcMoney      price;
  char        *acquired_on;
  char        *notes;
  gboolean     guessed;
  guint        line;
} DcImportItem;

/**
 * DcImportResult:
 * @format: the format that was read
 * @rows: rows in the file that hold cards: card rows plus unreadable rows
 * @imported: card rows matched to a printing
 * @merged: of those, rows folded into an earlier item
 * @guessed: of those, rows matched by name alone
 * @quantity_total: copies in the file (unreadable rows count what could be read)
 * @quantity_imported: copies in @items; @quantity_total minus the copies of @unresolved
 * @items: (element-type DcImportItem): what to add to the inventory
 * @unresolved: (element-type DcImportProblem): rows not imported: unreadable, or no
 *   printing found
 *
 * The accounting of an import, the wire type of `POST /api/inventory/import`.
 */
typedef struct
{
  char      *format;
  guint      rows;
  guint      imported;
  guint      merged;
  guint      guessed;
  guint64    quantity_total;
  guint64    quantity_imported;
  GPtrArray *items;
  GPtrArray *unresolved;
} DcImportResult;

/* Known format names, NULL-terminated: "dualcaster", "manabox", …, "text". */
const char *const *dc_collection_import_formats    (void);
/* "ManaBox", "Plain text list", …; NULL for an unknown name. */
const char  *dc_collection_format_display_name     (const char              *format);

gboolean     dc_collection_import_parse            (const char              *data,
                                                    gsize                    length,
                                                    const char              *format,
                                                    DcImportParse          **out_parse,
                                                    GError                 **error);
gboolean     dc_collection_import_parse_full       (const char              *data,
                                                    gsize                    length,
                                                    const char              *format,
                                                    const DcImportOptions   *options,
                                                    DcImportParse          **out_parse,
                                                    GError                 **error);
void         dc_collection_import_resolve          (const DcImportParse     *parse,
                                                    const DcCardResolver    *resolver,
                                                    DcImportResult         **out_result);

void         dc_import_row_free                    (DcImportRow             *row);
void         dc_import_problem_free                (DcImportProblem         *problem);
DcImportProblem *dc_import_problem_copy            (const DcImportProblem   *problem);
void         dc_import_parse_free                  (DcImportParse           *parse);
void         dc_import_item_free                   (DcImportItem            *item);
void         dc_import_result_free                 (DcImportResult          *result);

/* The wire form: {format, rows, imported, merged, guessed, quantity_total,
 * quantity_imported, unresolved: [{line, reason, message, text, quantity}], items: [{card_id,
 * quantity, condition, finish, language, acquisition_price, acquisition_currency,
 * acquired_on, notes, guessed, line}]}; items only when @include_items. */
JsonNode       *dc_import_result_to_json           (const DcImportResult    *result,
                                                    gboolean                 include_items);
DcImportResult *dc_import_result_new_from_json     (JsonNode                *node,
                                                    GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcImportRow, dc_import_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcImportProblem, dc_import_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcImportParse, dc_import_parse_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcImportItem, dc_import_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcImportResult, dc_import_result_free)

G_END_DECLS
