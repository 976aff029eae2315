/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-demo"

#include "config.h"

#include <stdio.h>

#include "dc-auth-service.h"
#include "dc-commands.h"
#include "dc-error.h"

/* The two demo accounts the README names; their password is public by design. */
static const struct
{
  const char *username;
  const char *email;
} demo_users[] = {
  { "alice", "alice@demo.dualcasterdeals.com" },
  { "bob", "bob@demo.dualcasterdeals.com" },
};

#define DEMO_PASSWORD "dualcaster-demo"

static gboolean
user_exists (DcStore    *store,
             const char *username)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                  "SELECT 1 FROM users WHERE username = ?",
                                                  NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

int
dc_demo_cmd_seed (DcConfig  *config,
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

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      g_auto(DcAuthGrant) grant = { 0 };

      if (user_exists (store, demo_users[i].username))
        {
          printf ("demo account %s already exists\n", demo_users[i].username);
          continue;
        }
      if (!dc_auth_register (store, demo_users[i].email, demo_users[i].username, DEMO_PASSWORD,
                             "seed-demo", &grant, &error) ||
          !dc_auth_revoke_session (store, grant.user_id, grant.session_id, &error))
        {
          g_printerr ("dualcaster-server: creating demo account %s: %s\n",
                      demo_users[i].username, error->message);
          return 1;
        }
      printf ("created demo account %s (password %s)\n", demo_users[i].username, DEMO_PASSWORD);
    }
  return 0;
}
