/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-bot-config"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "dc-bot-config.h"

/* Settings from a `.env` file (DESIGN §12): DUALCASTER_ENV_FILE, else ./.env if there is
 * one. KEY=VALUE lines, `#` comments, an optional `export `, optional quotes. */
static GHashTable *file_values;

static char *
unquote (const char *value)
{
  gsize len = strlen (value);

  if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0])
    return g_strndup (value + 1, len - 2);
  return g_strdup (value);
}

static gboolean
load_env_file (GError **error)
{
  const char *path = g_getenv ("DUALCASTER_ENV_FILE");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_clear_pointer (&file_values, g_hash_table_unref);
  file_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (path == NULL)
    {
      path = ".env";
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *eq;

      if (*line == '\0' || *line == '#')
        continue;
      if (g_str_has_prefix (line, "export "))
        line = g_strchug (line + strlen ("export "));
      eq = strchr (line, '=');
      if (eq == NULL)
        continue;
      *eq = '\0';
      g_hash_table_replace (file_values, g_strdup (g_strstrip (line)),
                            unquote (g_strstrip (eq + 1)));
    }
  return TRUE;
}

/* The environment wins over the file. */
static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL && file_values != NULL)
    value = g_hash_table_lookup (file_values, name);
  return value != NULL && *value != '\0' ? value : NULL;
}

static guint
env_uint (const char *name,
          guint       fallback,
          guint       min,
          guint       max)
{
  const char *text = env (name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return fallback;
  return (guint) value;
}

static char *
without_trailing_slash (const char *url)
{
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    len--;
  return g_strndup (url, len);
}

static GLogLevelFlags
parse_log_level (const char *text)
{
  static const struct { const char *name; GLogLevelFlags level; } levels[] = {
    { "error", G_LOG_LEVEL_CRITICAL }, { "critical", G_LOG_LEVEL_CRITICAL },
    { "warning", G_LOG_LEVEL_WARNING }, { "warn", G_LOG_LEVEL_WARNING },
    { "info", G_LOG_LEVEL_INFO }, { "message", G_LOG_LEVEL_MESSAGE },
    { "debug", G_LOG_LEVEL_DEBUG },
  };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (levels); i++)
    if (g_ascii_strcasecmp (text, levels[i].name) == 0)
      return levels[i].level;
  return G_LOG_LEVEL_INFO;
}

DcBotConfig *
dc_bot_config_new_from_environment (GError **error)
{
  g_autoptr(DcBotConfig) config = g_new0 (DcBotConfig, 1);
  const char *key;

  if (!load_env_file (error))
    {
      g_prefix_error (error, "Reading the settings file: ");
      return NULL;
    }
  if (env ("DISCORD_BOT_TOKEN") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "DISCORD_BOT_TOKEN is not set: the bot cannot sign in to Discord");
      return NULL;
    }
  /* On one machine the server's DISCORD_BOT_API_KEY is the bot's DUALCASTER_API_KEY. */
  key = env ("DUALCASTER_API_KEY");
  if (key == NULL)
    key = env ("DISCORD_BOT_API_KEY");
  if (key == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "DUALCASTER_API_KEY is not set: it must equal the server's "
                   "DISCORD_BOT_API_KEY");
      return NULL;
    }

  config->bot_token = g_strdup (env ("DISCORD_BOT_TOKEN"));
  config->application_id = g_strdup (env ("DISCORD_APPLICATION_ID"));
  config->api_url = without_trailing_slash (env ("DUALCASTER_API_URL")
                                              ? env ("DUALCASTER_API_URL")
                                              : DC_BOT_DEFAULT_API_URL);
  config->api_key = g_strdup (key);
  config->discord_api_base = without_trailing_slash (env ("DISCORD_API_BASE")
                                                       ? env ("DISCORD_API_BASE")
                                                       : DC_BOT_DEFAULT_DISCORD_API);
  config->gateway_url = g_strdup (env ("DISCORD_GATEWAY_URL"));
  config->log_level = parse_log_level (env ("LOG_LEVEL"));
  config->defer_after_ms = env_uint ("DC_BOT_DEFER_AFTER_MS", 2000, 0, 2500);
  config->alert_poll_s = env_uint ("DC_BOT_ALERT_POLL_SECONDS", 30, 1, 3600);
  config->backoff_ms = env_uint ("DC_BOT_BACKOFF_MS", 1000, 1, 60000);
  return g_steal_pointer (&config);
}

void
dc_bot_config_free (DcBotConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->bot_token);
  g_free (config->application_id);
  g_free (config->api_url);
  g_free (config->api_key);
  g_free (config->discord_api_base);
  g_free (config->gateway_url);
  g_free (config);
}
