/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dualcaster-discord-bot"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "dc-bot.h"

static GLogLevelFlags max_level = G_LOG_LEVEL_INFO;
static int exit_status;

static void
log_cb (const char     *domain,
        GLogLevelFlags  level,
        const char     *message,
        gpointer        user_data)
{
  const char *name = (level & G_LOG_LEVEL_ERROR) ? "error"
                     : (level & G_LOG_LEVEL_CRITICAL) ? "critical"
                     : (level & G_LOG_LEVEL_WARNING) ? "warning"
                     : (level & G_LOG_LEVEL_MESSAGE) ? "message"
                     : (level & G_LOG_LEVEL_INFO) ? "info" : "debug";

  /* Lower numbers are more severe; LOG_LEVEL sets the least severe shown. */
  if ((level & G_LOG_LEVEL_MASK) > max_level)
    return;
  fprintf (stderr, "%s: %s: %s\n", name, domain ? domain : "bot", message);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
fatal_cb (DcBot      *bot,
          const char *message,
          gpointer    user_data)
{
  g_printerr ("dualcaster-discord-bot: %s\n", message);
  exit_status = 1;
  g_main_loop_quit (user_data);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DcBot) bot = NULL;
  DcBotConfig *config;

  setlocale (LC_ALL, "");
  signal (SIGPIPE, SIG_IGN);
  if (argc > 1 && (g_str_equal (argv[1], "--version") || g_str_equal (argv[1], "-v")))
    {
      printf ("dualcaster-discord-bot %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc > 1)
    {
      printf ("Usage: dualcaster-discord-bot\n\n"
              "The Dualcaster Deals Discord bot. Settings come from the environment:\n"
              "DISCORD_BOT_TOKEN, DUALCASTER_API_KEY (the server's DISCORD_BOT_API_KEY),\n"
              "DUALCASTER_API_URL, DISCORD_APPLICATION_ID, DISCORD_API_BASE,\n"
              "DISCORD_GATEWAY_URL, LOG_LEVEL.\n");
      return g_str_equal (argv[1], "--help") ? 0 : 2;
    }

  config = dc_bot_config_new_from_environment (&error);
  if (config == NULL)
    {
      g_printerr ("dualcaster-discord-bot: %s\n", error->message);
      return 2;
    }
  max_level = config->log_level;
  g_log_set_default_handler (log_cb, NULL);

  loop = g_main_loop_new (NULL, FALSE);
  bot = dc_bot_new (config);
  g_signal_connect (bot, "fatal", G_CALLBACK (fatal_cb), loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);

  dc_bot_start (bot);
  g_main_loop_run (loop);
  dc_bot_stop (bot);
  return exit_status;
}
