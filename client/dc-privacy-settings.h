/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_PRIVACY_SETTINGS (dc_privacy_settings_get_type ())
G_DECLARE_FINAL_TYPE (DcPrivacySettings, dc_privacy_settings, DC, PRIVACY_SETTINGS,
                      AdwPreferencesPage)

GtkWidget *dc_privacy_settings_new        (DcAccount         *account);
gboolean   dc_privacy_settings_get_busy   (DcPrivacySettings *self);
gboolean   dc_privacy_settings_get_loaded (DcPrivacySettings *self);

G_END_DECLS
