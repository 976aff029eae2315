/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dc-account.h"
#include "dc-card-item.h"

G_BEGIN_DECLS

#define DC_TYPE_CARD_SEARCH (dc_card_search_get_type ())
G_DECLARE_FINAL_TYPE (DcCardSearch, dc_card_search, DC, CARD_SEARCH, GtkWidget)

GtkWidget  *dc_card_search_new         (void);
void        dc_card_search_set_account (DcCardSearch *self,
                                        DcAccount    *account);
GtkEditable *dc_card_search_get_entry  (DcCardSearch *self);
GListModel *dc_card_search_get_results (DcCardSearch *self);
guint       dc_card_search_get_selected (DcCardSearch *self);
gboolean    dc_card_search_get_busy    (DcCardSearch *self);
void        dc_card_search_focus       (DcCardSearch *self);
void        dc_card_search_dismiss     (DcCardSearch *self);

G_END_DECLS
