/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-collection-store.h"

G_BEGIN_DECLS

#define DC_TYPE_HAVE_PAGE (dc_have_page_get_type ())
G_DECLARE_FINAL_TYPE (DcHavePage, dc_have_page, DC, HAVE_PAGE, GtkWidget)

GtkWidget *dc_have_page_new        (void);
void       dc_have_page_set_store  (DcHavePage        *self,
                                    DcCollectionStore *store);

G_END_DECLS
