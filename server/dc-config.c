/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-config"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dc-config.h"

struct _DcConfig
{
  gatomicrefcount ref_count;
  GHashTable *file_values;
  GHashTable *overrides;
};

static char *
unquote (const char *value)
{
  gsize len = strlen (value);

  if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0])
    {
      if (value[0] == '"')
        {
          g_autofree char *inner = g_strndup (value + 1, len - 2);
          return g_strcompress (inner);
        }
      return g_strndup (value + 1, len - 2);
    }
  return g_strdup (value);
}

static gboolean
parse_env_file (GHashTable  *values,
                const char  *contents,
                GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *eq;
      g_autofree char *key = NULL;

      if (*line == '\0' || *line == '#')
        continue;
      if (g_str_has_prefix (line, "export "))
        line = g_strchug (line + strlen ("export "));
      eq = strchr (line, '=');
      if (eq == NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                       ".env line %u has no '=': %s", i + 1, line);
          return FALSE;
        }
      key = g_strstrip (g_strndup (line, eq - line));
      g_hash_table_replace (values, g_steal_pointer (&key), unquote (g_strstrip (eq + 1)));
    }
  return TRUE;
}

DcConfig *
dc_config_new (void)
{
  DcConfig *config = g_new0 (DcConfig, 1);

  g_atomic_ref_count_init (&config->ref_count);
  config->file_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return config;
}

/* @env_file may be NULL: then `DUALCASTER_ENV_FILE` or `./.env` is read if it exists. */
DcConfig *
dc_config_new_from_file (const char  *env_file,
                         GError     **error)
{
  g_autoptr(DcConfig) config = dc_config_new ();
  g_autofree char *contents = NULL;
  const char *path = env_file;

  if (path == NULL)
    path = g_getenv ("DUALCASTER_ENV_FILE");
  if (path == NULL)
    {
      path = ".env";
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&config);
    }

  if (!g_file_get_contents (path, &contents, NULL, error) ||
      !parse_env_file (config->file_values, contents, error))
    {
      g_prefix_error (error, "Reading %s: ", path);
      return NULL;
    }
  return g_steal_pointer (&config);
}

DcConfig *
dc_config_ref (DcConfig *config)
{
  g_atomic_ref_count_inc (&config->ref_count);
  return config;
}

/* Drops a reference; the last one frees. */
void
dc_config_free (DcConfig *config)
{
  if (config == NULL || !g_atomic_ref_count_dec (&config->ref_count))
    return;
  g_hash_table_unref (config->file_values);
  g_hash_table_unref (config->overrides);
  g_free (config);
}

const char *
dc_config_get (DcConfig   *config,
               const char *key)
{
  const char *value;

  g_return_val_if_fail (config != NULL, NULL);

  if ((value = g_hash_table_lookup (config->overrides, key)))
    return value;
  if ((value = g_getenv (key)))
    return value;
  return g_hash_table_lookup (config->file_values, key);
}

const char *
dc_config_get_default (DcConfig   *config,
                       const char *key,
                       const char *fallback)
{
  const char *value = dc_config_get (config, key);

  return (value != NULL && *value != '\0') ? value : fallback;
}

gboolean
dc_config_get_boolean (DcConfig   *config,
                       const char *key,
                       gboolean    fallback)
{
  const char *value = dc_config_get (config, key);

  if (value == NULL || *value == '\0')
    return fallback;
  return g_ascii_strcasecmp (value, "1") == 0 || g_ascii_strcasecmp (value, "true") == 0 ||
         g_ascii_strcasecmp (value, "yes") == 0 || g_ascii_strcasecmp (value, "on") == 0;
}

gint64
dc_config_get_int (DcConfig   *config,
                   const char *key,
                   gint64      fallback)
{
  const char *value = dc_config_get (config, key);
  gint64 result;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &result, NULL))
    return fallback;
  return result;
}

void
dc_config_set (DcConfig   *config,
               const char *key,
               const char *value)
{
  g_hash_table_replace (config->overrides, g_strdup (key), g_strdup (value));
}

char *
dc_config_dup_db_path (DcConfig *config)
{
  const char *path = dc_config_get (config, "DUALCASTER_DB");

  if (path != NULL && *path != '\0')
    return g_strdup (path);
  return g_build_filename (g_get_user_data_dir (), "dualcaster-server", "dualcaster.db", NULL);
}
