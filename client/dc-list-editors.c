/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-list-editors"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-list-editors.h"
#include "dc-money.h"

struct _DcListEditors
{
  AdwExpanderRow      *expander;
  char                *item_id;
  DcListEditorsChanged changed;
  gpointer             user_data;
  GtkLabel            *error_label;
  GtkWidget           *error_row;
  GHashTable          *by_field;   /* wire field → editor */
  gboolean             updating;
};

static void
dc_list_editors_free (DcListEditors *editors)
{
  g_free (editors->item_id);
  g_hash_table_unref (editors->by_field);
  g_free (editors);
}

static DcListEditors *
editors_of (GtkWidget *editor)
{
  return g_object_get_data (G_OBJECT (editor), "dc-editors");
}

static void
setup (DcListEditors *editors,
       GtkWidget     *editor,
       GtkWidget     *row,
       const char    *title,
       const char    *field)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_object_set_data (G_OBJECT (editor), "dc-editors", editors);
  g_object_set_data (G_OBJECT (editor), "dc-item-id", editors->item_id);
  g_object_set_data_full (G_OBJECT (editor), "dc-field", g_strdup (field), g_free);
  g_hash_table_insert (editors->by_field, g_strdup (field), editor);
  adw_expander_row_add_row (editors->expander, row);
}

static void
report (GtkWidget *editor,
        JsonNode  *value)
{
  DcListEditors *editors = editors_of (editor);
  g_autoptr(JsonObject) fields = NULL;

  if (editors->updating)
    {
      json_node_unref (value);
      return;
    }
  fields = json_object_new ();
  json_object_set_member (fields, g_object_get_data (G_OBJECT (editor), "dc-field"), value);
  editors->changed (editor, fields, editors->user_data);
}

static void
spin_changed_cb (GtkSpinButton *spin)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, gtk_spin_button_get_value_as_int (spin));
  report (GTK_WIDGET (spin), node);
}

static void
choice_changed_cb (AdwComboRow *combo)
{
  const char *const *values = g_object_get_data (G_OBJECT (combo), "dc-values");
  guint selected = adw_combo_row_get_selected (combo);
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, values[selected]);
  report (GTK_WIDGET (combo), node);
}

static void
switch_changed_cb (GtkSwitch  *widget,
                   GParamSpec *pspec)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (node, gtk_switch_get_active (widget));
  report (GTK_WIDGET (widget), node);
}

static void
text_applied_cb (AdwEntryRow *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gboolean nullable = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "dc-nullable"));
  JsonNode *node;

  if (*text == '\0' && nullable)
    node = json_node_new (JSON_NODE_NULL);
  else
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
    }
  report (GTK_WIDGET (entry), node);
}

static void
money_applied_cb (AdwEntryRow *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autofree char *normal = NULL;
  JsonNode *node;
  gint64 cents = 0;

  if (*text == '\0')
    node = json_node_new (JSON_NODE_NULL);
  else
    {
      const char *digits = text[0] == '$' ? text + 1 : text;

      if (!dc_money_parse_decimal (digits, &cents, NULL) || cents < 0)
        {
          dc_list_editors_show_error (GTK_WIDGET (entry),
                                      _("Enter an amount in dollars, such as 10.00, or leave "
                                        "it empty"));
          return;
        }
      normal = dc_money_format_decimal (cents);
      gtk_editable_set_text (GTK_EDITABLE (entry), normal);
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, normal);
    }
  report (GTK_WIDGET (entry), node);
}

DcListEditors *
dc_list_editors_new (AdwExpanderRow      *expander,
                     const char          *item_id,
                     DcListEditorsChanged changed,
                     gpointer             user_data)
{
  DcListEditors *editors = g_new0 (DcListEditors, 1);

  editors->expander = expander;
  editors->item_id = g_strdup (item_id);
  editors->changed = changed;
  editors->user_data = user_data;
  editors->by_field = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_object_set_data_full (G_OBJECT (expander), "dc-editors", editors,
                          (GDestroyNotify) dc_list_editors_free);
  return editors;
}

GtkWidget *
dc_list_editors_add_spin (DcListEditors *editors,
                          const char    *title,
                          const char    *field,
                          int            min,
                          int            max,
                          int            value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, MAX (min, max), 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  setup (editors, spin, row, title, field);
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_changed_cb), NULL);
  return spin;
}

GtkWidget *
dc_list_editors_add_choice (DcListEditors     *editors,
                            const char        *title,
                            const char        *field,
                            const char *const *values,
                            const char *const *labels,
                            const char        *current)
{
  GtkWidget *combo = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels ? labels : values);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (model));
  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], current) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
  g_object_set_data (G_OBJECT (combo), "dc-values", (gpointer) values);
  setup (editors, combo, combo, title, field);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (choice_changed_cb), NULL);
  return combo;
}

GtkWidget *
dc_list_editors_add_text (DcListEditors *editors,
                          const char    *title,
                          const char    *field,
                          const char    *value,
                          gboolean       nullable)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
  g_object_set_data (G_OBJECT (entry), "dc-nullable", GINT_TO_POINTER (nullable));
  setup (editors, entry, entry, title, field);
  g_signal_connect (entry, "apply", G_CALLBACK (text_applied_cb), NULL);
  return entry;
}

GtkWidget *
dc_list_editors_add_money (DcListEditors *editors,
                           const char    *title,
                           const char    *field,
                           gint64         cents)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  if (cents >= 0)
    {
      g_autofree char *text = dc_money_format_decimal (cents);

      gtk_editable_set_text (GTK_EDITABLE (entry), text);
    }
  setup (editors, entry, entry, title, field);
  g_object_set_data (G_OBJECT (entry), "dc-money", GINT_TO_POINTER (TRUE));
  g_signal_connect (entry, "apply", G_CALLBACK (money_applied_cb), NULL);
  return entry;
}

GtkWidget *
dc_list_editors_add_switch (DcListEditors *editors,
                            const char    *title,
                            const char    *field,
                            gboolean       active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *widget = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_switch_set_active (GTK_SWITCH (widget), active);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  setup (editors, widget, row, title, field);
  g_signal_connect (widget, "notify::active", G_CALLBACK (switch_changed_cb), NULL);
  return widget;
}

void
dc_list_editors_add_error (DcListEditors *editors)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_add_css_class (label, "error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_visible (row, FALSE);
  editors->error_label = GTK_LABEL (label);
  editors->error_row = row;
  adw_expander_row_add_row (editors->expander, row);
}

/* Shows @message (or clears the error when NULL) for the change @editor made. */
void
dc_list_editors_show_error (GtkWidget  *editor,
                            const char *message)
{
  DcListEditors *editors;

  /* the row may have gone (removed, or refreshed by a sync) while the edit ran */
  if (gtk_widget_get_root (editor) == NULL || (editors = editors_of (editor)) == NULL)
    return;
  if (ADW_IS_ENTRY_ROW (editor))
    {
      if (message != NULL)
        gtk_widget_add_css_class (editor, "error");
      else
        gtk_widget_remove_css_class (editor, "error");
    }
  if (editors->error_row == NULL)
    return;
  gtk_label_set_label (editors->error_label, message ? message : "");
  gtk_widget_set_visible (editors->error_row, message != NULL);
  if (message != NULL)
    adw_expander_row_set_expanded (editors->expander, TRUE);
}

static gboolean
being_edited (GtkWidget *editor)
{
  GtkRoot *root = gtk_widget_get_root (editor);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == editor || gtk_widget_is_ancestor (focus, editor));
}

/**
 * dc_list_editors_update:
 * @property: a row property ("min-trade-value"), named as its wire field
 * @value: its new value
 *
 * Shows a value that changed elsewhere (a sync, another window) in its editor, without
 * writing it back. An entry the user is typing in is left alone.
 */
void
dc_list_editors_update (DcListEditors *editors,
                        const char    *property,
                        const GValue  *value)
{
  g_autofree char *field = g_strdelimit (g_strdup (property), "-", '_');
  GtkWidget *editor = g_hash_table_lookup (editors->by_field, field);

  if (editor == NULL)
    return;
  editors->updating = TRUE;
  if (GTK_IS_SPIN_BUTTON (editor) && G_VALUE_HOLDS_INT (value))
    {
      if (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (editor)) != g_value_get_int (value))
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), g_value_get_int (value));
    }
  else if (GTK_IS_SWITCH (editor) && G_VALUE_HOLDS_BOOLEAN (value))
    gtk_switch_set_active (GTK_SWITCH (editor), g_value_get_boolean (value));
  else if (ADW_IS_COMBO_ROW (editor) && G_VALUE_HOLDS_STRING (value))
    {
      const char *const *values = g_object_get_data (G_OBJECT (editor), "dc-values");

      for (guint i = 0; values[i] != NULL; i++)
        if (g_strcmp0 (values[i], g_value_get_string (value)) == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (editor), i);
    }
  else if (ADW_IS_ENTRY_ROW (editor) && !gtk_widget_has_css_class (editor, "error") &&
           !being_edited (editor))
    {
      g_autofree char *text = NULL;

      if (G_VALUE_HOLDS_INT64 (value) && g_value_get_int64 (value) >= 0)
        text = dc_money_format_decimal (g_value_get_int64 (value));
      else if (G_VALUE_HOLDS_STRING (value))
        text = g_value_dup_string (value);
      gtk_editable_set_text (GTK_EDITABLE (editor), text ? text : "");
    }
  editors->updating = FALSE;
}
