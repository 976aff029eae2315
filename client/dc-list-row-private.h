/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/*
 * The list rows (DcInventoryRow, DcHaveRow, DcWantRow) are read-only snapshots of one
 * SQL result row. Each class describes its properties in a table; the values live in a
 * GValue array in property order, filled from the statement's columns in the same order.
 * A refresh copies a newer snapshot into an existing row and notifies only what changed,
 * so a list view keeps its rows (and selection, and scroll position) across syncs.
 *
 * Every row type's instance struct starts like DcListRowInstance.
 */

typedef struct
{
  const char *name;
  GType       type;   /* G_TYPE_STRING, G_TYPE_INT, G_TYPE_INT64 (-1 for NULL), G_TYPE_BOOLEAN */
} DcListRowField;

typedef struct
{
  GObject  parent_instance;
  GValue  *values;
  gint64   position;  /* the stable sort key of the list (the local rowid) */
} DcListRowInstance;

/* Installs the properties (ids 1…n_fields) and the shared get_property/finalize. */
void        _dc_list_row_class_setup (GObjectClass         *klass,
                                      const DcListRowField *fields,
                                      guint                 n_fields);
/* Column 0 is the position; columns 1…n are the fields in table order. */
GObject    *_dc_list_row_new_from_stmt (GType              type,
                                        sqlite3_stmt      *stmt);
/* Copies @newer's values into @row, notifying each property that changed. */
void        _dc_list_row_update_from (GObject              *row,
                                      GObject              *newer);
gint64      _dc_list_row_get_position (GObject             *row);
const char *_dc_list_row_get_id      (GObject              *row);

static inline const GValue *
_dc_list_row_value (gpointer row,
                    guint    prop_id)
{
  return &((DcListRowInstance *) row)->values[prop_id - 1];
}

G_END_DECLS
