/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"
#include "dc-application.h"

G_BEGIN_DECLS

#define DC_TYPE_WELCOME_WINDOW (dc_welcome_window_get_type ())
G_DECLARE_FINAL_TYPE (DcWelcomeWindow, dc_welcome_window, DC, WELCOME_WINDOW, AdwApplicationWindow)

DcWelcomeWindow *dc_welcome_window_new            (DcApplication   *application);
void             dc_welcome_window_set_server_url (DcWelcomeWindow *self,
                                                   const char      *server_url);
const char      *dc_welcome_window_get_server_url (DcWelcomeWindow *self);
void             dc_welcome_window_set_login      (DcWelcomeWindow *self,
                                                   const char      *login);
void             dc_welcome_window_set_message    (DcWelcomeWindow *self,
                                                   const char      *message);
void             dc_welcome_window_sign_in        (DcWelcomeWindow *self,
                                                   const char      *login,
                                                   const char      *password);
void             dc_welcome_window_add_toast      (DcWelcomeWindow *self,
                                                   AdwToast        *toast);
gboolean         dc_welcome_window_get_busy       (DcWelcomeWindow *self);
const char      *dc_welcome_window_get_error      (DcWelcomeWindow *self);

G_END_DECLS
