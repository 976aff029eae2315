/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-client-enums.h"
#include "dc-sync-indicator.h"

/* DcSyncIndicator: the header-bar button that says whether local data and the server
 * agree: synced, syncing, or offline, with the number of local changes still waiting to
 * be sent. Clicking it asks for a sync now (win.sync-now). Whoever knows the state sets
 * it; the widget only shows it. */

struct _DcSyncIndicator
{
  GtkWidget    parent_instance;

  GtkButton   *button;
  GtkStack    *icon_stack;
  GtkSpinner  *spinner;
  GtkLabel    *label;

  DcSyncState  state;
  guint        pending;
};

G_DEFINE_FINAL_TYPE (DcSyncIndicator, dc_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING_CHANGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (DcSyncIndicator *self)
{
  g_autofree char *pending = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  const char *state_text = NULL;
  const char *tooltip = NULL;
  const char *page = NULL;

  switch (self->state)
    {
    case DC_SYNC_STATE_SYNCED:
      state_text = C_("sync state", "Synced");
      tooltip = _("Everything is up to date with the server. Click to sync now.");
      page = "synced";
      break;
    case DC_SYNC_STATE_SYNCING:
      state_text = C_("sync state", "Syncing…");
      tooltip = _("Exchanging changes with the server");
      page = "syncing";
      break;
    case DC_SYNC_STATE_OFFLINE:
    default:
      state_text = C_("sync state", "Offline");
      tooltip = _("The server cannot be reached. Changes are kept on this computer and sent "
                  "when it is back. Click to try again.");
      page = "offline";
      break;
    }

  if (self->pending > 0)
    {
      pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pending change",
                                              "%u pending changes", self->pending),
                                 self->pending);
      /* Translators: the sync state and the pending changes, "Offline · 3 pending changes" */
      text = g_strdup_printf (_("%s · %s"), state_text, pending);
    }
  else
    text = g_strdup (state_text);

  gtk_stack_set_visible_child_name (self->icon_stack, page);
  gtk_spinner_set_spinning (self->spinner, self->state == DC_SYNC_STATE_SYNCING);
  gtk_label_set_label (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "offline");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "syncing");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "synced");
  gtk_widget_add_css_class (GTK_WIDGET (self), page);

  /* Translators: what a screen reader says for the sync indicator, "Sync status: Offline" */
  accessible = g_strdup_printf (_("Sync status: %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

static void
dc_sync_indicator_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DC_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (dc_sync_indicator_parent_class)->dispose (object);
}

static void
dc_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DcSyncIndicator *self = DC_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING_CHANGES:
      g_value_set_uint (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DcSyncIndicator *self = DC_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      dc_sync_indicator_set_state (self, g_value_get_enum (value));
      break;
    case PROP_PENDING_CHANGES:
      dc_sync_indicator_set_pending_changes (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_sync_indicator_class_init (DcSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_sync_indicator_dispose;
  object_class->get_property = dc_sync_indicator_get_property;
  object_class->set_property = dc_sync_indicator_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DC_TYPE_SYNC_STATE, DC_SYNC_STATE_SYNCING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_CHANGES] =
    g_param_spec_uint ("pending-changes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/dualcasterdeals/Deals/dc-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, DcSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, DcSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, DcSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, DcSyncIndicator, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
}

static void
dc_sync_indicator_init (DcSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->state = DC_SYNC_STATE_SYNCING;
  update (self);
}

GtkWidget *
dc_sync_indicator_new (void)
{
  return g_object_new (DC_TYPE_SYNC_INDICATOR, NULL);
}

DcSyncState
dc_sync_indicator_get_state (DcSyncIndicator *self)
{
  g_return_val_if_fail (DC_IS_SYNC_INDICATOR (self), DC_SYNC_STATE_OFFLINE);
  return self->state;
}

void
dc_sync_indicator_set_state (DcSyncIndicator *self,
                             DcSyncState      state)
{
  g_return_if_fail (DC_IS_SYNC_INDICATOR (self));
  g_return_if_fail (state <= DC_SYNC_STATE_ERROR);

  if (self->state == state)
    return;
  self->state = state;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

guint
dc_sync_indicator_get_pending_changes (DcSyncIndicator *self)
{
  g_return_val_if_fail (DC_IS_SYNC_INDICATOR (self), 0);
  return self->pending;
}

void
dc_sync_indicator_set_pending_changes (DcSyncIndicator *self,
                                       guint            pending)
{
  g_return_if_fail (DC_IS_SYNC_INDICATOR (self));

  if (self->pending == pending)
    return;
  self->pending = pending;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_CHANGES]);
}

/**
 * dc_sync_indicator_get_label:
 *
 * Returns: the text shown, e.g. "Offline · 1 pending change"
 */
const char *
dc_sync_indicator_get_label (DcSyncIndicator *self)
{
  g_return_val_if_fail (DC_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_label (self->label);
}
