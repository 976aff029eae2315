/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-ui-test"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "dc-client-test.h"
#include "dc-ui-test.h"

/**
 * dc_ui_test_init:
 *
 * Sets up private folders, the C locale's messages and the test accessibility backend
 * (which keeps every accessible property for the tests to read).
 */
void
dc_ui_test_init (int    *argc,
                 char ***argv)
{
  dc_client_test_init_dirs ();
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  /* the test suite must not depend on the machine's locale */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (argc, argv, NULL);
}

/**
 * dc_ui_test_init_gtk:
 *
 * Initializes GTK, after anything that changes the session bus (the keyring's private
 * bus): GTK's first use of the bus fixes which bus the process talks to. Returns FALSE
 * without a display; the caller then reports the whole program as skipped.
 */
gboolean
dc_ui_test_init_gtk (void)
{
  if (!gtk_init_check ())
    return FALSE;
  adw_init ();
  /* a blinking cursor's timer in a window that lost the X focus to another test window
   * makes GtkText warn; the tests do not need the blink */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  return TRUE;
}

gboolean
dc_ui_test_has_label (GtkWidget  *widget,
                      const char *label)
{
  g_autofree char *mismatch = NULL;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  return mismatch == NULL;
}

static GtkWidget *
find (GtkWidget  *root,
      GType       type,
      const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (label == NULL || dc_ui_test_has_label (root, label)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The widget of @type (or a subtype) under @root whose accessible label is @label. */
GtkWidget *
dc_ui_test_find_labelled (GtkWidget  *root,
                          GType       type,
                          const char *label)
{
  GtkWidget *found = find (root, type, label);

  if (found == NULL)
    g_error ("No %s labelled “%s” under %s", g_type_name (type), label,
             G_OBJECT_TYPE_NAME (root));
  return found;
}

GtkWidget *
dc_ui_test_find_type (GtkWidget *root,
                      GType      type)
{
  return find (root, type, NULL);
}

GtkWindow *
dc_ui_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
clicked_cb (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* Activates @widget as Space or Enter would; for a button, until its clicked signal ran
 * (a button shows itself pressed for a moment first). */
void
dc_ui_test_click (GtkWidget *widget)
{
  gboolean clicked = FALSE;
  gulong id;

  g_assert_true (gtk_widget_is_sensitive (widget));
  g_assert_true (gtk_widget_get_mapped (widget));
  if (!GTK_IS_BUTTON (widget))
    {
      gtk_widget_activate (widget);
      return;
    }
  id = g_signal_connect (widget, "clicked", G_CALLBACK (clicked_cb), &clicked);
  gtk_widget_activate (widget);
  dc_client_test_wait (is_true, &clicked, 5000, "a button to be clicked");
  g_signal_handler_disconnect (widget, id);
}

/* Delivers a key press to @widget's key controllers, as the toolkit would. */
gboolean
dc_ui_test_send_key (GtkWidget *widget,
                     guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
      if (handled)
        return TRUE;
    }
  return FALSE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
enough_frames (gpointer user_data)
{
  return *(guint *) user_data >= 4;
}

/* Waits until @widget is on screen and a few frames have been drawn. */
void
dc_ui_test_wait_drawn (GtkWidget *widget)
{
  guint frames = 0;
  guint id;

  id = gtk_widget_add_tick_callback (widget, tick_cb, &frames, NULL);
  dc_client_test_wait (enough_frames, &frames, 20000, "frames to be drawn");
  gtk_widget_remove_tick_callback (widget, id);
}

static GtkWidget *
open_popover (GtkWidget *widget)
{
  if (GTK_IS_POPOVER (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = open_popover (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Draws an open popover (its own surface) where it shows over @window. */
static void
snapshot_popover (GtkSnapshot *snapshot,
                  GtkWidget   *window,
                  GtkWidget   *popover)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (popover);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
  double window_dx, window_dy, popover_dx, popover_dy;
  int x, y;

  gtk_native_get_surface_transform (GTK_NATIVE (window), &window_dx, &window_dy);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_dx, &popover_dy);
  x = gdk_popup_get_position_x (GDK_POPUP (surface));
  y = gdk_popup_get_position_y (GDK_POPUP (surface));

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + popover_dx - window_dx,
                                                          y + popover_dy - window_dy));
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (popover),
                          gtk_widget_get_height (popover));
  gtk_snapshot_restore (snapshot);
}

/**
 * dc_ui_test_save_screenshot:
 *
 * Renders @window as GTK draws it, with an open popover on top, into
 * $DC_BUILD_DIR/screenshots/@name.png (the test artifacts that are looked at, and the
 * source of data/screenshots).
 */
void
dc_ui_test_save_screenshot (GtkWidget  *window,
                            const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  GtkWidget *popover;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  dc_ui_test_wait_drawn (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  if ((popover = open_popover (window)) != NULL)
    {
      dc_ui_test_wait_drawn (popover);
      snapshot_popover (snapshot, window, popover);
    }
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_getenv ("DC_BUILD_DIR") ? g_getenv ("DC_BUILD_DIR") : ".",
                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%dx%d)", path, width, height);
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_CHECK_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_ENTRY (widget) || ADW_IS_ENTRY_ROW (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || GTK_IS_LIST_BOX_ROW (widget);
}

/* The window buttons and the insides of composite widgets (the text of an entry row or a
 * search entry) are the toolkit's to name. */
static gboolean
is_toolkit_internal (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return GTK_IS_WINDOW_CONTROLS (widget) ||
         (parent != NULL && (gtk_widget_get_ancestor (parent, ADW_TYPE_ENTRY_ROW) != NULL ||
                             gtk_widget_get_ancestor (parent, GTK_TYPE_SEARCH_ENTRY) != NULL));
}

static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
collect_unlabelled (GtkWidget *widget,
                    GPtrArray *out)
{
  /* what is hidden is not there for a screen reader either */
  if (is_toolkit_internal (widget) || !gtk_widget_get_visible (widget) ||
      !gtk_widget_get_child_visible (widget))
    return;
  if (is_control (widget) && !has_name (widget))
    {
      GtkWidget *named = widget;
      const char *id;

      while (named != NULL && gtk_buildable_get_buildable_id (GTK_BUILDABLE (named)) == NULL)
        named = gtk_widget_get_parent (named);
      id = named ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (named)) : "";
      g_ptr_array_add (out, g_strdup_printf ("%s in %s “%s”", G_OBJECT_TYPE_NAME (widget),
                                             named ? G_OBJECT_TYPE_NAME (named) : "?", id));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unlabelled (child, out);
}

/* Descriptions of the controls under @root that have no accessible name. */
GPtrArray *
dc_ui_test_unlabelled_controls (GtkWidget *root)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  collect_unlabelled (root, out);
  return out;
}
