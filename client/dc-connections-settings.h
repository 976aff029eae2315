/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_CONNECTIONS_SETTINGS (dc_connections_settings_get_type ())
G_DECLARE_FINAL_TYPE (DcConnectionsSettings, dc_connections_settings, DC, CONNECTIONS_SETTINGS,
                      AdwPreferencesPage)

GtkWidget  *dc_connections_settings_new        (DcAccount             *account);
gboolean    dc_connections_settings_get_busy   (DcConnectionsSettings *self);
gboolean    dc_connections_settings_get_linked (DcConnectionsSettings *self);
const char *dc_connections_settings_get_error  (DcConnectionsSettings *self);

G_END_DECLS
