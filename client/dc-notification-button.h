/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"

G_BEGIN_DECLS

#define DC_TYPE_NOTIFICATION_BUTTON (dc_notification_button_get_type ())
G_DECLARE_FINAL_TYPE (DcNotificationButton, dc_notification_button, DC, NOTIFICATION_BUTTON,
                      GtkWidget)

void     dc_notification_button_set_account      (DcNotificationButton *self,
                                                  DcAccount            *account);
void     dc_notification_button_refresh          (DcNotificationButton *self);
void     dc_notification_button_handle_event     (DcNotificationButton *self,
                                                  const char           *type,
                                                  JsonObject           *event);
guint    dc_notification_button_get_unread       (DcNotificationButton *self);
guint    dc_notification_button_get_n_items      (DcNotificationButton *self);
gboolean dc_notification_button_get_busy         (DcNotificationButton *self);

G_END_DECLS
