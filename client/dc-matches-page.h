/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_MATCHES_PAGE (dc_matches_page_get_type ())
G_DECLARE_FINAL_TYPE (DcMatchesPage, dc_matches_page, DC, MATCHES_PAGE, GtkBox)

void        dc_matches_page_set_account   (DcMatchesPage *self,
                                           DcAccount     *account);
void        dc_matches_page_refresh       (DcMatchesPage *self);
int         dc_matches_page_get_n_matches (DcMatchesPage *self);
gboolean    dc_matches_page_get_loading   (DcMatchesPage *self);
const char *dc_matches_page_get_state     (DcMatchesPage *self);

G_END_DECLS
