/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-account.h"
#include "dc-application.h"
#include "dc-card-page.h"
#include "dc-card-search.h"
#include "dc-collection-page.h"
#include "dc-matches-page.h"
#include "dc-notification-button.h"
#include "dc-profile-page.h"
#include "dc-user-search.h"
#include "dc-sync-indicator.h"
#include "dc-have-page.h"
#include "dc-import-dialog.h"
#include "dc-want-page.h"

G_BEGIN_DECLS

#define DC_TYPE_WINDOW (dc_window_get_type ())
G_DECLARE_FINAL_TYPE (DcWindow, dc_window, DC, WINDOW, AdwApplicationWindow)

DcWindow        *dc_window_new                (DcApplication *application,
                                               DcAccount     *account);
DcAccount       *dc_window_get_account        (DcWindow      *self);
void             dc_window_add_toast          (DcWindow      *self,
                                               AdwToast      *toast);
void             dc_window_show_page          (DcWindow      *self,
                                               const char    *name);
const char      *dc_window_get_visible_page   (DcWindow      *self);
void             dc_window_show_card          (DcWindow      *self,
                                               DcCardItem    *item);
DcCardSearch    *dc_window_get_card_search    (DcWindow      *self);
DcCardPage      *dc_window_get_card_page      (DcWindow      *self);
DcSyncIndicator *dc_window_get_sync_indicator (DcWindow      *self);
gboolean         dc_window_get_catalog_progress_visible (DcWindow *self);
void             dc_window_show_profile       (DcWindow      *self,
                                               const char    *username);
DcMatchesPage   *dc_window_get_matches_page   (DcWindow      *self);
DcProfilePage   *dc_window_get_profile_page   (DcWindow      *self);
DcNotificationButton *dc_window_get_notification_button (DcWindow *self);
DcUserSearch    *dc_window_get_user_search    (DcWindow      *self);

G_END_DECLS
