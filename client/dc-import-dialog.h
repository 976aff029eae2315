/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-collection-import.h"
#include "dc-collection-store.h"

G_BEGIN_DECLS

#define DC_TYPE_IMPORT_DIALOG (dc_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DcImportDialog, dc_import_dialog, DC, IMPORT_DIALOG, AdwWindow)

DcImportDialog       *dc_import_dialog_new            (GtkWindow         *parent,
                                                       DcCollectionStore *store,
                                                       const char        *catalog_path);
void                  dc_import_dialog_show_export    (DcImportDialog    *self);
void                  dc_import_dialog_load_file      (DcImportDialog    *self,
                                                       GFile             *file);
void                  dc_import_dialog_set_format     (DcImportDialog    *self,
                                                       const char        *format);
const DcImportResult *dc_import_dialog_get_result     (DcImportDialog    *self);
gboolean              dc_import_dialog_get_busy       (DcImportDialog    *self);
void                  dc_import_dialog_export_to_file (DcImportDialog    *self,
                                                       const char        *format,
                                                       GFile             *file);

G_END_DECLS
