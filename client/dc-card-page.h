/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dc-account.h"
#include "dc-card-item.h"

G_BEGIN_DECLS

#define DC_TYPE_CARD_PAGE (dc_card_page_get_type ())
G_DECLARE_FINAL_TYPE (DcCardPage, dc_card_page, DC, CARD_PAGE, GtkWidget)

GtkWidget  *dc_card_page_new            (void);
void        dc_card_page_set_account    (DcCardPage  *self,
                                         DcAccount   *account);
void        dc_card_page_show_card      (DcCardPage  *self,
                                         DcCardItem  *item);
void        dc_card_page_show_card_id   (DcCardPage  *self,
                                         const char  *card_id);
DcCardItem *dc_card_page_get_card       (DcCardPage  *self);
const char *dc_card_page_get_image_state (DcCardPage *self);
const char *dc_card_page_get_history_state (DcCardPage *self);
void        dc_card_page_reload_history (DcCardPage  *self);

G_END_DECLS
