/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_PROFILE_SETTINGS (dc_profile_settings_get_type ())
G_DECLARE_FINAL_TYPE (DcProfileSettings, dc_profile_settings, DC, PROFILE_SETTINGS,
                      AdwPreferencesPage)

GtkWidget  *dc_profile_settings_new         (DcAccount         *account);
gboolean    dc_profile_settings_get_busy    (DcProfileSettings *self);
const char *dc_profile_settings_get_error   (DcProfileSettings *self);
gboolean    dc_profile_settings_get_loaded  (DcProfileSettings *self);
void        dc_profile_settings_upload_avatar (DcProfileSettings *self,
                                               GFile             *file);

G_END_DECLS
