/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-cli"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "dc-cli.h"
#include "dc-commands.h"
#include "dc-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_printerr ("shutting down\n");
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

DcStore *
dc_cli_open_store (DcConfig  *config,
                   GError   **error)
{
  g_autofree char *path = dc_config_dup_db_path (config);
  g_autoptr(DcStore) store = dc_store_open (path, error);

  if (store == NULL || !dc_store_migrate (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

static int
cmd_serve (DcConfig  *config,
           int        argc,
           char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DcStore) store = NULL;
  const char *listen = dc_config_get_default (config, "DUALCASTER_LISTEN", "127.0.0.1:8000");

  store = dc_cli_open_store (config, &error);
  if (store == NULL)
    {
      g_printerr ("dualcaster-server: %s\n", error->message);
      return 1;
    }

  server = dc_server_new (config, g_steal_pointer (&store));
  if (!dc_server_listen (server, listen, &error))
    {
      g_printerr ("dualcaster-server: cannot listen on %s: %s\n", listen, error->message);
      return 1;
    }

  /* Handlers first: whoever reads the "listening" line may signal us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);

  printf ("listening on %s\n", dc_server_get_base_url (server));
  fflush (stdout);

  g_main_loop_run (loop);
  return 0;
}

static int
cmd_migrate (DcConfig  *config,
             int        argc,
             char     **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcStore) store = dc_cli_open_store (config, &error);

  if (store == NULL)
    {
      g_printerr ("dualcaster-server: %s\n", error->message);
      return 1;
    }
  printf ("database %s is up to date\n", dc_store_get_path (store));
  return 0;
}

static const DcCommand commands[] = {
  { "serve", "", "Run the HTTP server (default)", cmd_serve },
  { "migrate", "", "Create or upgrade the database", cmd_migrate },
  DC_CATALOG_COMMANDS
  DC_DEMO_COMMANDS
  DC_NOTIFY_COMMANDS
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: dualcaster-server [COMMAND] [ARGS…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-22s %-12s %s\n", commands[i].name, commands[i].args, commands[i].summary);
  fprintf (out,
           "\nSettings come from the environment and a .env file: DUALCASTER_DB (database path),\n"
           "DUALCASTER_LISTEN (HOST:PORT, default 127.0.0.1:8000; port 0 picks a free port).\n");
}

int
dc_cli_run (int    argc,
            char **argv)
{
  g_autoptr(DcConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = argc > 1 ? argv[1] : "serve";

  setlocale (LC_ALL, "");
  signal (SIGPIPE, SIG_IGN);

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      usage (stdout);
      return 0;
    }
  if (g_str_equal (name, "--version"))
    {
      printf ("dualcaster-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  config = dc_config_new_from_file (NULL, &error);
  if (config == NULL)
    {
      g_printerr ("dualcaster-server: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return commands[i].run (config, MAX (argc - 2, 0), argv + MIN (argc, 2));

  g_printerr ("dualcaster-server: unknown command “%s”\n\n", name);
  usage (stderr);
  return 2;
}
