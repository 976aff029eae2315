/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-list-row"

#include "config.h"

#include "dc-list-row-private.h"

typedef struct
{
  const DcListRowField  *fields;
  guint                  n_fields;
  GParamSpec           **pspecs;   /* index = property id */
} RowInfo;

static GQuark
row_info_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("dc-list-row-info");
  return quark;
}

static const RowInfo *
row_info (GType type)
{
  const RowInfo *info = g_type_get_qdata (type, row_info_quark ());

  g_assert (info != NULL);
  return info;
}

static void
row_get_property (GObject    *object,
                  guint       prop_id,
                  GValue     *value,
                  GParamSpec *pspec)
{
  DcListRowInstance *self = (DcListRowInstance *) object;
  const RowInfo *info = row_info (G_OBJECT_TYPE (object));

  if (prop_id == 0 || prop_id > info->n_fields)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_value_copy (&self->values[prop_id - 1], value);
}

static void
row_finalize (GObject *object)
{
  DcListRowInstance *self = (DcListRowInstance *) object;
  const RowInfo *info = row_info (G_OBJECT_TYPE (object));
  GObjectClass *parent_class;

  if (self->values != NULL)
    {
      for (guint i = 0; i < info->n_fields; i++)
        g_value_unset (&self->values[i]);
      g_free (self->values);
    }

  parent_class = g_type_class_peek (G_TYPE_OBJECT);
  parent_class->finalize (object);
}

void
_dc_list_row_class_setup (GObjectClass         *klass,
                          const DcListRowField *fields,
                          guint                 n_fields)
{
  RowInfo *info = g_new0 (RowInfo, 1);

  info->fields = fields;
  info->n_fields = n_fields;
  info->pspecs = g_new0 (GParamSpec *, n_fields + 1);
  klass->get_property = row_get_property;
  klass->finalize = row_finalize;
  for (guint i = 0; i < n_fields; i++)
    {
      GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
      GParamSpec *pspec;

      switch (fields[i].type)
        {
        case G_TYPE_STRING:
          pspec = g_param_spec_string (fields[i].name, NULL, NULL, NULL, flags);
          break;
        case G_TYPE_INT:
          pspec = g_param_spec_int (fields[i].name, NULL, NULL, G_MININT, G_MAXINT, 0, flags);
          break;
        case G_TYPE_INT64:
          pspec = g_param_spec_int64 (fields[i].name, NULL, NULL, G_MININT64, G_MAXINT64, -1,
                                      flags);
          break;
        case G_TYPE_BOOLEAN:
          pspec = g_param_spec_boolean (fields[i].name, NULL, NULL, FALSE, flags);
          break;
        default:
          g_assert_not_reached ();
        }
      info->pspecs[i + 1] = pspec;
      g_object_class_install_property (klass, i + 1, pspec);
    }
  g_type_set_qdata (G_OBJECT_CLASS_TYPE (klass), row_info_quark (), info);
}

GObject *
_dc_list_row_new_from_stmt (GType         type,
                            sqlite3_stmt *stmt)
{
  const RowInfo *info;
  DcListRowInstance *self;

  self = g_object_new (type, NULL);
  info = row_info (type);
  self->position = sqlite3_column_int64 (stmt, 0);
  self->values = g_new0 (GValue, info->n_fields);
  for (guint i = 0; i < info->n_fields; i++)
    {
      int column = (int) i + 1;
      gboolean is_null = sqlite3_column_type (stmt, column) == SQLITE_NULL;

      g_value_init (&self->values[i], info->fields[i].type);
      switch (info->fields[i].type)
        {
        case G_TYPE_STRING:
          if (!is_null)
            g_value_set_string (&self->values[i],
                                (const char *) sqlite3_column_text (stmt, column));
          break;
        case G_TYPE_INT:
          g_value_set_int (&self->values[i], sqlite3_column_int (stmt, column));
          break;
        case G_TYPE_INT64:
          g_value_set_int64 (&self->values[i], is_null ? -1 : sqlite3_column_int64 (stmt, column));
          break;
        case G_TYPE_BOOLEAN:
          g_value_set_boolean (&self->values[i], sqlite3_column_int (stmt, column) != 0);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return G_OBJECT (self);
}

void
_dc_list_row_update_from (GObject *row,
                          GObject *newer)
{
  DcListRowInstance *self = (DcListRowInstance *) row;
  DcListRowInstance *other = (DcListRowInstance *) newer;
  const RowInfo *info = row_info (G_OBJECT_TYPE (row));

  g_return_if_fail (G_OBJECT_TYPE (row) == G_OBJECT_TYPE (newer));

  g_object_freeze_notify (row);
  self->position = other->position;
  for (guint i = 0; i < info->n_fields; i++)
    {
      if (g_param_values_cmp (info->pspecs[i + 1], &self->values[i], &other->values[i]) == 0)
        continue;
      g_value_copy (&other->values[i], &self->values[i]);
      g_object_notify_by_pspec (row, info->pspecs[i + 1]);
    }
  g_object_thaw_notify (row);
}

gint64
_dc_list_row_get_position (GObject *row)
{
  return ((DcListRowInstance *) row)->position;
}

const char *
_dc_list_row_get_id (GObject *row)
{
  /* Every row table starts with "id". */
  return g_value_get_string (&((DcListRowInstance *) row)->values[0]);
}
