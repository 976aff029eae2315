/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The editors of one have or want row, inside its expander: each control reports the wire
 * field it edits as soon as the user changes it, and a refused change is shown under the
 * controls (and on the entry that caused it). */

typedef struct _DcListEditors DcListEditors;

typedef void (*DcListEditorsChanged) (GtkWidget  *editor,
                                      JsonObject *fields,
                                      gpointer    user_data);

DcListEditors *dc_list_editors_new        (AdwExpanderRow      *expander,
                                           const char          *item_id,
                                           DcListEditorsChanged changed,
                                           gpointer             user_data);
GtkWidget     *dc_list_editors_add_spin   (DcListEditors       *editors,
                                           const char          *title,
                                           const char          *field,
                                           int                  min,
                                           int                  max,
                                           int                  value);
GtkWidget     *dc_list_editors_add_choice (DcListEditors       *editors,
                                           const char          *title,
                                           const char          *field,
                                           const char *const   *values,
                                           const char *const   *labels,
                                           const char          *current);
GtkWidget     *dc_list_editors_add_text   (DcListEditors       *editors,
                                           const char          *title,
                                           const char          *field,
                                           const char          *value,
                                           gboolean             nullable);
GtkWidget     *dc_list_editors_add_money  (DcListEditors       *editors,
                                           const char          *title,
                                           const char          *field,
                                           gint64               cents);
GtkWidget     *dc_list_editors_add_switch (DcListEditors       *editors,
                                           const char          *title,
                                           const char          *field,
                                           gboolean             active);
void           dc_list_editors_add_error  (DcListEditors       *editors);
void           dc_list_editors_show_error (GtkWidget           *editor,
                                           const char          *message);
void           dc_list_editors_update     (DcListEditors       *editors,
                                           const char          *property,
                                           const GValue        *value);

G_END_DECLS
