/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_USER_SEARCH (dc_user_search_get_type ())
G_DECLARE_FINAL_TYPE (DcUserSearch, dc_user_search, DC, USER_SEARCH, GtkWidget)

void     dc_user_search_set_account   (DcUserSearch *self,
                                       DcAccount    *account);
void     dc_user_search_set_text      (DcUserSearch *self,
                                       const char   *text);
guint    dc_user_search_get_n_results (DcUserSearch *self);
gboolean dc_user_search_get_busy      (DcUserSearch *self);

G_END_DECLS
