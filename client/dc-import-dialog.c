/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-catalog-resolver.h"
#include "dc-collection-export.h"
#include "dc-import-dialog.h"

/* DcImportDialog: import a collection file, export the collection.
 *
 * Import reads the file and resolves its rows against the local catalog in a worker
 * thread (its own SQLite connection), with a progress bar and Cancel; it then shows what
 * would be added — matched, merged, guessed and unresolved rows with their line and
 * reason — and the format, which the user may override. Only Import writes: every item
 * in one transaction through the collection store, so it syncs through the outbox.
 * Export writes the inventory, joined with the catalog, in any supported format. */

#define MAX_PROBLEM_ROWS 500

struct _DcImportDialog
{
  AdwWindow          parent_instance;

  AdwViewStack      *view_stack;
  GtkStack          *import_stack;
  AdwStatusPage     *progress_page;
  GtkProgressBar    *progress_bar;
  AdwActionRow      *file_row;
  AdwComboRow       *format_row;
  AdwActionRow      *imported_row;
  AdwActionRow      *merged_row;
  AdwActionRow      *guessed_row;
  AdwActionRow      *unresolved_row;
  AdwPreferencesGroup *unresolved_group;
  GtkListBox        *unresolved_list;
  AdwPreferencesGroup *guessed_group;
  GtkListBox        *guessed_list;
  GtkButton         *import_button;
  AdwStatusPage     *error_page;
  AdwComboRow       *export_format_row;

  DcCollectionStore *store;
  char              *catalog_path;
  GFile             *file;
  GBytes            *data;
  char              *format;      /* chosen by the user; NULL: detect */
  DcImportResult    *result;
  gboolean           detected;
  GCancellable      *cancellable;
  gint              *progress;    /* [done, total], written by the worker */
  guint              progress_source;
  gboolean           busy;
  gboolean           updating;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (DcImportDialog, dc_import_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char   *catalog_path;
  GBytes *data;
  char   *format;
  gint   *progress;
  gboolean detected;
  GPtrArray *guesses;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_free (data->catalog_path);
  g_bytes_unref (data->data);
  g_free (data->format);
  g_atomic_rc_box_release (data->progress);
  g_clear_pointer (&data->guesses, g_ptr_array_unref);
  g_free (data);
}

static void
set_busy (DcImportDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.export", !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            !busy && self->result != NULL && self->result->items->len > 0);
}

static void
set_count (AdwActionRow *row,
           guint64       count)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "dc-count");
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (label, text);
  accessible = g_strdup_printf ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
progress_update (DcImportDialog *self)
{
  guint done = g_atomic_int_get (&self->progress[0]);
  guint total = g_atomic_int_get (&self->progress[1]);
  g_autofree char *text = NULL;

  if (total == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      gtk_progress_bar_set_text (self->progress_bar, _("Reading…"));
      return;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
  /* Translators: import progress: rows matched so far, of all rows */
  text = g_strdup_printf (_("%u of %u rows"), done, total);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static gboolean
progress_cb (gpointer user_data)
{
  progress_update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
stop_progress (DcImportDialog *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
}

static void
show_error (DcImportDialog *self,
            const char     *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->import_stack, "error");
}

static void
show_preview (DcImportDialog *self)
{
  const DcImportResult *result = self->result;
  const char *const *formats = dc_collection_import_formats ();
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *copies = NULL;
  g_autofree char *label = NULL;
  GtkWidget *child;
  guint selected = GTK_INVALID_LIST_POSITION;

  adw_action_row_set_subtitle (self->file_row, name);
  for (guint i = 0; formats[i] != NULL; i++)
    if (g_strcmp0 (formats[i], result->format) == 0)
      selected = i;
  self->updating = TRUE;
  adw_combo_row_set_selected (self->format_row, selected);
  self->updating = FALSE;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row),
                               self->format != NULL ? _("Chosen by you")
                               : self->detected ? _("Detected from the file")
                               : _("Not recognised: read as a generic CSV"));

  set_count (self->imported_row, result->imported);
  /* Translators: under "Rows matched to a card": copies to add, of all in the file */
  copies = g_strdup_printf (_("%lu of %lu copies"), (gulong) result->quantity_imported,
                            (gulong) result->quantity_total);
  adw_action_row_set_subtitle (self->imported_row, copies);
  set_count (self->merged_row, result->merged);
  set_count (self->guessed_row, result->guessed);
  set_count (self->unresolved_row, result->unresolved->len);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->unresolved_list))) != NULL)
    gtk_list_box_remove (self->unresolved_list, child);
  for (guint i = 0; i < result->unresolved->len && i < MAX_PROBLEM_ROWS; i++)
    {
      const DcImportProblem *problem = g_ptr_array_index (result->unresolved, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = NULL;
      g_autofree char *text = g_markup_escape_text (problem->text ? problem->text : "", -1);
      g_autofree char *plain = NULL;

      /* Translators: a row of the file that was not imported: its line and why */
      plain = g_strdup_printf (_("Line %u: %s"), problem->line, problem->message);
      title = g_markup_escape_text (plain, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, plain,
                                      -1);
      gtk_list_box_append (self->unresolved_list, row);
    }
  if (result->unresolved->len > MAX_PROBLEM_ROWS)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (_("And %u more"),
                                               result->unresolved->len - MAX_PROBLEM_ROWS);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->unresolved_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unresolved_group), result->unresolved->len > 0);

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %lu Card", "_Import %lu Cards",
                                        (gulong) result->quantity_imported),
                           (gulong) result->quantity_imported);
  gtk_button_set_label (self->import_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->import_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Import"), -1);
  gtk_stack_set_visible_child_name (self->import_stack, "preview");
  set_busy (self, FALSE);
}

/* The printings chosen by name alone, with the line they came from, to check. */
static void
show_guesses (DcImportDialog *self,
              GPtrArray      *labels)
{
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->guessed_list))) != NULL)
    gtk_list_box_remove (self->guessed_list, child);
  for (guint i = 0; i < self->result->items->len && labels != NULL && n < labels->len; i++)
    {
      const DcImportItem *item = g_ptr_array_index (self->result->items, i);
      GtkWidget *row;
      g_autofree char *title = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *accessible = NULL;

      if (!item->guessed)
        continue;
      if (n >= MAX_PROBLEM_ROWS)
        break;
      row = adw_action_row_new ();
      /* Translators: the line of the file a guessed printing came from */
      title = g_strdup_printf (_("Line %u"), item->line);
      escaped = g_markup_escape_text (g_ptr_array_index (labels, n), -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      accessible = g_strdup_printf ("%s: %s", title, (char *) g_ptr_array_index (labels, n));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_list_box_append (self->guessed_list, row);
      n++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->guessed_group), n > 0);
}

/* Worker thread */

static void
worker_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  gint *progress = user_data;

  g_atomic_int_set (&progress[0], done);
  g_atomic_int_set (&progress[1], total);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  GError *error = NULL;
  DcImportResult *result;

  result = dc_catalog_import_prepare (data->catalog_path, data->data, data->format, cancellable,
                                      worker_progress, data->progress, &data->detected,
                                      &error);
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->guesses = dc_catalog_describe_guesses (data->catalog_path, result);
  g_task_return_pointer (task, result, (GDestroyNotify) dc_import_result_free);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  DcImportDialog *self = DC_IMPORT_DIALOG (object);
  PrepareData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  DcImportResult *result;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (g_task_get_cancellable (G_TASK (res)) != self->cancellable)
    {
      /* a newer run replaced this one */
      g_clear_pointer (&result, dc_import_result_free);
      return;
    }
  stop_progress (self);
  if (result == NULL)
    {
      set_busy (self, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_stack_set_visible_child_name (self->import_stack, "start");
      else
        show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->result, dc_import_result_free);
  self->result = result;
  self->detected = data->detected;
  show_guesses (self, data->guesses);
  show_preview (self);
}

static void
start_prepare (DcImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  PrepareData *data = g_new0 (PrepareData, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->progress != NULL)
    g_atomic_rc_box_release (self->progress);
  self->progress = g_atomic_rc_box_alloc0 (2 * sizeof (gint));

  data->catalog_path = g_strdup (self->catalog_path);
  data->data = g_bytes_ref (self->data);
  data->format = g_strdup (self->format);
  data->progress = g_atomic_rc_box_acquire (self->progress);

  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  progress_update (self);
  gtk_stack_set_visible_child_name (self->import_stack, "progress");
  stop_progress (self);
  self->progress_source = g_timeout_add (100, progress_cb, self);

  task = g_task_new (self, self->cancellable, prepared_cb, NULL);
  g_task_set_source_tag (task, start_prepare);
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (task, prepare_thread);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DcImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* cancelled by the user, not replaced by another file */
      if (g_cancellable_is_cancelled (self->cancellable))
        {
          set_busy (self, FALSE);
          stop_progress (self);
          gtk_stack_set_visible_child_name (self->import_stack, "start");
        }
      return;
    }
  if (bytes == NULL)
    {
      set_busy (self, FALSE);
      stop_progress (self);
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->data, g_bytes_unref);
  self->data = g_steal_pointer (&bytes);
  start_prepare (self);
}

static void
format_selected_cb (DcImportDialog *self)
{
  const char *const *formats = dc_collection_import_formats ();
  guint selected = adw_combo_row_get_selected (self->format_row);

  if (self->updating || self->data == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  dc_import_dialog_set_format (self, formats[selected]);
}

static void
cancel_clicked_cb (DcImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* Import */

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DcImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *message = NULL;
  guint64 copies = self->result->quantity_imported;

  ids = dc_collection_store_create_many_finish (DC_COLLECTION_STORE (object), result, &error);
  set_busy (self, FALSE);
  if (ids == NULL)
    {
      show_error (self, error->message);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %lu card",
                                          "Imported %lu cards", (gulong) copies),
                             (gulong) copies);
  g_signal_emit (self, signals[FINISHED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_clicked_cb (DcImportDialog *self)
{
  g_autoptr(GPtrArray) fields = NULL;

  if (self->result == NULL || self->busy || self->store == NULL)
    return;
  fields = dc_catalog_import_fields (self->result);
  set_busy (self, TRUE);
  dc_collection_store_create_many_async (self->store, DC_SYNC_ENTITY_INVENTORY_ITEM, fields, NULL,
                                         imported_cb, g_object_ref (self));
}

/* Choosing files */

static void
open_response_cb (DcImportDialog       *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    dc_import_dialog_load_file (self, file);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DcImportDialog *self = DC_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) lists = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  self->chooser = gtk_file_chooser_native_new (_("Choose a Collection File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (lists, _("Collection files (CSV, TSV, text)"));
  gtk_file_filter_add_mime_type (lists, "text/csv");
  gtk_file_filter_add_mime_type (lists, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (lists, "text/plain");
  gtk_file_filter_add_suffix (lists, "csv");
  gtk_file_filter_add_suffix (lists, "tsv");
  gtk_file_filter_add_suffix (lists, "txt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), lists);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Export */

typedef struct
{
  char  *catalog_path;
  char  *format;
  GFile *file;
  guint  items;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->catalog_path);
  g_free (data->format);
  g_object_unref (data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gsize length;
  const char *contents;

  bytes = dc_catalog_export (data->catalog_path, data->format, &data->items, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  contents = g_bytes_get_data (bytes, &length);
  if (!g_file_replace_contents (data->file, contents, length, NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DcImportDialog *self = DC_IMPORT_DIALOG (object);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (data->file);
  g_autofree char *message = NULL;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* Translators: %s is a file name, then why it failed */
    message = g_strdup_printf (_("Could not export to %s: %s"), name, error->message);
  else
    /* Translators: %u cards, %s a file name */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u item to %s",
                                            "Exported %u items to %s", data->items),
                               data->items, name);
  g_signal_emit (self, signals[FINISHED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static const char *
selected_export_format (DcImportDialog *self)
{
  const char *const *formats = dc_collection_export_formats ();
  guint selected = adw_combo_row_get_selected (self->export_format_row);

  return selected == GTK_INVALID_LIST_POSITION ? formats[0] : formats[selected];
}

static void
save_response_cb (DcImportDialog       *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    dc_import_dialog_export_to_file (self, selected_export_format (self), file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DcImportDialog *self = DC_IMPORT_DIALOG (widget);
  const char *format = selected_export_format (self);
  g_autofree char *name = NULL;

  self->chooser = gtk_file_chooser_native_new (_("Export Collection"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Translators: the suggested file name of an export; %s is the format */
  name = g_strdup_printf (_("collection-%s.%s"), format,
                          g_str_equal (format, "text") ? "txt" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static GtkStringList *
format_names (const char *const *formats)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; formats[i] != NULL; i++)
    {
      const char *display = dc_collection_format_display_name (formats[i]);

      gtk_string_list_append (list, display ? display : formats[i]);
    }
  return list;
}

static void
add_count_label (AdwActionRow *row)
{
  GtkWidget *label = gtk_label_new ("0");

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "title-4");
  adw_action_row_add_suffix (row, label);
  g_object_set_data (G_OBJECT (row), "dc-count", label);
}

static void
dc_import_dialog_dispose (GObject *object)
{
  DcImportDialog *self = DC_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  stop_progress (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->result, dc_import_result_free);
  if (self->progress != NULL)
    g_atomic_rc_box_release (g_steal_pointer (&self->progress));
  G_OBJECT_CLASS (dc_import_dialog_parent_class)->dispose (object);
}

static void
dc_import_dialog_finalize (GObject *object)
{
  DcImportDialog *self = DC_IMPORT_DIALOG (object);

  g_free (self->catalog_path);
  g_free (self->format);
  G_OBJECT_CLASS (dc_import_dialog_parent_class)->finalize (object);
}

static void
dc_import_dialog_class_init (DcImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_import_dialog_dispose;
  object_class->finalize = dc_import_dialog_finalize;

  /**
   * DcImportDialog::finished:
   * @message: what was done, for a toast in the main window
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, import_stack);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, imported_row);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, merged_row);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, guessed_row);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, unresolved_row);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, unresolved_group);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, unresolved_list);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, guessed_group);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, guessed_list);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, DcImportDialog, export_format_row);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dc_import_dialog_init (DcImportDialog *self)
{
  g_autoptr(GtkStringList) import_formats = format_names (dc_collection_import_formats ());
  g_autoptr(GtkStringList) export_formats = format_names (dc_collection_export_formats ());

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (import_formats));
  adw_combo_row_set_model (self->export_format_row, G_LIST_MODEL (export_formats));
  g_signal_connect_swapped (self->format_row, "notify::selected",
                            G_CALLBACK (format_selected_cb), self);
  add_count_label (self->imported_row);
  add_count_label (self->merged_row);
  add_count_label (self->guessed_row);
  add_count_label (self->unresolved_row);
  set_busy (self, FALSE);
}

/**
 * dc_import_dialog_new:
 * @parent: the main window
 * @store: where imports go
 * @catalog_path: the account database (the local catalog and the inventory)
 */
DcImportDialog *
dc_import_dialog_new (GtkWindow         *parent,
                      DcCollectionStore *store,
                      const char        *catalog_path)
{
  DcImportDialog *self;

  g_return_val_if_fail (DC_IS_COLLECTION_STORE (store), NULL);
  g_return_val_if_fail (catalog_path != NULL, NULL);

  self = g_object_new (DC_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->catalog_path = g_strdup (catalog_path);
  return self;
}

void
dc_import_dialog_show_export (DcImportDialog *self)
{
  g_return_if_fail (DC_IS_IMPORT_DIALOG (self));
  adw_view_stack_set_visible_child_name (self->view_stack, "export");
}

/**
 * dc_import_dialog_load_file:
 *
 * Reads @file and shows what importing it would add (what choosing it does).
 */
void
dc_import_dialog_load_file (DcImportDialog *self,
                            GFile          *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (DC_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->file, file);
  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->result, dc_import_result_free);
  name = g_file_get_basename (file);
  adw_status_page_set_description (self->progress_page, name);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading…"));
  adw_view_stack_set_visible_child_name (self->view_stack, "import");
  gtk_stack_set_visible_child_name (self->import_stack, "progress");
  set_busy (self, TRUE);
  g_file_load_bytes_async (file, self->cancellable, loaded_cb, g_object_ref (self));
}

/* Reads the loaded file again as @format (NULL: detect it). */
void
dc_import_dialog_set_format (DcImportDialog *self,
                             const char     *format)
{
  g_return_if_fail (DC_IS_IMPORT_DIALOG (self));

  g_free (self->format);
  self->format = g_strdup (format);
  if (self->data != NULL)
    start_prepare (self);
}

/* What importing would add; NULL until a file is read. */
const DcImportResult *
dc_import_dialog_get_result (DcImportDialog *self)
{
  g_return_val_if_fail (DC_IS_IMPORT_DIALOG (self), NULL);
  return self->busy ? NULL : self->result;
}

gboolean
dc_import_dialog_get_busy (DcImportDialog *self)
{
  g_return_val_if_fail (DC_IS_IMPORT_DIALOG (self), FALSE);
  return self->busy;
}

void
dc_import_dialog_export_to_file (DcImportDialog *self,
                                 const char     *format,
                                 GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (DC_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->catalog_path = g_strdup (self->catalog_path);
  data->format = g_strdup (format);
  data->file = g_object_ref (file);
  set_busy (self, TRUE);
  task = g_task_new (self, NULL, exported_cb, NULL);
  g_task_set_source_tag (task, dc_import_dialog_export_to_file);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}
