/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dc-client-types.h"

G_BEGIN_DECLS

#define DC_TYPE_SYNC_INDICATOR (dc_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (DcSyncIndicator, dc_sync_indicator, DC, SYNC_INDICATOR, GtkWidget)

GtkWidget   *dc_sync_indicator_new                 (void);
DcSyncState  dc_sync_indicator_get_state           (DcSyncIndicator *self);
void         dc_sync_indicator_set_state           (DcSyncIndicator *self,
                                                    DcSyncState      state);
guint        dc_sync_indicator_get_pending_changes (DcSyncIndicator *self);
void         dc_sync_indicator_set_pending_changes (DcSyncIndicator *self,
                                                    guint            pending);
const char  *dc_sync_indicator_get_label           (DcSyncIndicator *self);

G_END_DECLS
