/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-collection-store.h"
#include "dc-local-store.h"

G_BEGIN_DECLS

#define DC_TYPE_WANT_PAGE (dc_want_page_get_type ())
G_DECLARE_FINAL_TYPE (DcWantPage, dc_want_page, DC, WANT_PAGE, GtkWidget)

GtkWidget *dc_want_page_new        (void);
void       dc_want_page_set_stores (DcWantPage        *self,
                                    DcLocalStore      *catalog,
                                    DcCollectionStore *store);

G_END_DECLS
