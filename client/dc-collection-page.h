/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_COLLECTION_PAGE (dc_collection_page_get_type ())
G_DECLARE_FINAL_TYPE (DcCollectionPage, dc_collection_page, DC, COLLECTION_PAGE, GtkWidget)

GtkWidget      *dc_collection_page_new          (void);
void            dc_collection_page_set_account  (DcCollectionPage *self,
                                                 DcAccount        *account);
/* The rows as shown: filtered and sorted (for tests and the window). */
GListModel     *dc_collection_page_get_model    (DcCollectionPage *self);
GtkColumnView  *dc_collection_page_get_column_view (DcCollectionPage *self);
const char     *dc_collection_page_get_totals_text (DcCollectionPage *self);
gboolean        dc_collection_page_get_editor_open (DcCollectionPage *self);
/* Selects the row at @position of the shown model. */
void            dc_collection_page_select       (DcCollectionPage *self,
                                                 guint             position);
void            dc_collection_page_focus_add    (DcCollectionPage *self);

G_END_DECLS
