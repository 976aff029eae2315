/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dc-bot-config.h"

static const char *names[] = {
  "DISCORD_BOT_TOKEN", "DUALCASTER_API_KEY", "DISCORD_BOT_API_KEY", "DUALCASTER_API_URL",
  "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "DISCORD_APPLICATION_ID", "LOG_LEVEL",
  "DC_BOT_DEFER_AFTER_MS",
};

static char *
write_env_file (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("dc-bot-env-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_setenv ("DUALCASTER_ENV_FILE", path, TRUE);
  return path;
}

static void
clear_environment (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_unsetenv (names[i]);
}

static void
test_defaults_and_file (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcBotConfig) config = NULL;

  clear_environment ();
  path = write_env_file ("# the bot\n"
                         "export DISCORD_BOT_TOKEN=\"from-file\"\n"
                         "DISCORD_BOT_API_KEY = shared-key\n"
                         "DUALCASTER_API_URL=http://deals.example:8000/api/\n"
                         "LOG_LEVEL=debug\n");
  /* The environment wins over the file. */
  g_setenv ("DUALCASTER_API_URL", "http://127.0.0.1:9000/api", TRUE);
  config = dc_bot_config_new_from_environment (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->bot_token, ==, "from-file");
  /* One machine, one key: the server's DISCORD_BOT_API_KEY serves the bot too. */
  g_assert_cmpstr (config->api_key, ==, "shared-key");
  g_assert_cmpstr (config->api_url, ==, "http://127.0.0.1:9000/api");
  g_assert_cmpstr (config->discord_api_base, ==, "https://discord.com/api/v10");
  g_assert_null (config->gateway_url);
  g_assert_null (config->application_id);
  g_assert_cmpint (config->log_level, ==, G_LOG_LEVEL_DEBUG);
  g_assert_cmpuint (config->defer_after_ms, ==, 2000);
  g_unlink (path);
}

static void
test_missing_settings (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DcBotConfig) config = NULL;

  clear_environment ();
  path = write_env_file ("");
  config = dc_bot_config_new_from_environment (&error);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, "DISCORD_BOT_TOKEN"));
  g_clear_error (&error);

  g_setenv ("DISCORD_BOT_TOKEN", "t", TRUE);
  config = dc_bot_config_new_from_environment (&error);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, "DUALCASTER_API_KEY"));
  g_clear_error (&error);

  /* A defer delay past Discord's 3 seconds is not taken. */
  g_setenv ("DUALCASTER_API_KEY", "k", TRUE);
  g_setenv ("DC_BOT_DEFER_AFTER_MS", "5000", TRUE);
  config = dc_bot_config_new_from_environment (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->defer_after_ms, ==, 2000);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/BotConfig/defaults-and-file", test_defaults_and_file);
  g_test_add_func ("/Dc/BotConfig/missing-settings", test_missing_settings);
  return g_test_run ();
}
