/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"
#include "dc-client-types.h"

G_BEGIN_DECLS

#define DC_TYPE_APPLICATION (dc_application_get_type ())
G_DECLARE_FINAL_TYPE (DcApplication, dc_application, DC, APPLICATION, AdwApplication)

DcApplication *dc_application_new            (GApplicationFlags  flags);
GSettings     *dc_application_get_settings   (DcApplication     *self);
DcAccount     *dc_application_get_account    (DcApplication     *self);
GtkWindow     *dc_application_get_main_window (DcApplication    *self);
void           dc_application_sign_out       (DcApplication     *self);
GSettings     *dc_settings_new               (void);

G_END_DECLS
