/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_PROFILE_PAGE (dc_profile_page_get_type ())
G_DECLARE_FINAL_TYPE (DcProfilePage, dc_profile_page, DC, PROFILE_PAGE, GtkBox)

void        dc_profile_page_set_account  (DcProfilePage *self,
                                          DcAccount     *account);
void        dc_profile_page_show_user    (DcProfilePage *self,
                                          const char    *username);
const char *dc_profile_page_get_username (DcProfilePage *self);
gboolean    dc_profile_page_get_loading  (DcProfilePage *self);
const char *dc_profile_page_get_state    (DcProfilePage *self);
guint       dc_profile_page_get_n_haves  (DcProfilePage *self);
guint       dc_profile_page_get_n_wants  (DcProfilePage *self);

G_END_DECLS
