/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* UI tests drive the real widgets in-process: they find controls by their accessible
 * label (as a screen reader would name them), activate them, and run the main loop until
 * the app has reacted. */

void       dc_ui_test_init              (int          *argc,
                                         char       ***argv);
gboolean   dc_ui_test_init_gtk          (void);
GtkWidget *dc_ui_test_find_labelled     (GtkWidget    *root,
                                         GType         type,
                                         const char   *label);
GtkWidget *dc_ui_test_find_type         (GtkWidget    *root,
                                         GType         type);
gboolean   dc_ui_test_has_label         (GtkWidget    *widget,
                                         const char   *label);
GtkWindow *dc_ui_test_find_toplevel     (GType         type);
void       dc_ui_test_click             (GtkWidget    *widget);
gboolean   dc_ui_test_send_key          (GtkWidget    *widget,
                                         guint         keyval);
void       dc_ui_test_wait_drawn        (GtkWidget    *widget);
void       dc_ui_test_save_screenshot   (GtkWidget    *window,
                                         const char   *name);
GPtrArray *dc_ui_test_unlabelled_controls (GtkWidget  *root);

G_END_DECLS
