/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_NOTIFICATION_SETTINGS (dc_notification_settings_get_type ())
G_DECLARE_FINAL_TYPE (DcNotificationSettings, dc_notification_settings, DC,
                      NOTIFICATION_SETTINGS, AdwPreferencesPage)

GtkWidget  *dc_notification_settings_new        (DcAccount              *account);
gboolean    dc_notification_settings_get_busy   (DcNotificationSettings *self);
gboolean    dc_notification_settings_get_loaded (DcNotificationSettings *self);
const char *dc_notification_settings_get_error  (DcNotificationSettings *self);

G_END_DECLS
