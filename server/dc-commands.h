/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-config.h"
#include "dc-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (DcConfig *config, int argc, char **argv);
} DcCommand;

/* Opens DUALCASTER_DB and applies pending migrations. */
DcStore *dc_cli_open_store (DcConfig *config,
                            GError  **error);

/* Command table entries contributed by other modules. */
#define DC_CATALOG_COMMANDS
int dc_demo_cmd_seed (DcConfig *config, int argc, char **argv);
int dc_alert_cmd_check (DcConfig *config, int argc, char **argv);
int dc_notification_cmd_notify (DcConfig *config, int argc, char **argv);
#define DC_NOTIFY_COMMANDS \
  { "check-alerts", "", "Fire due price alerts and price spikes now", dc_alert_cmd_check }, \
  { "notify", "USER TITLE [BODY]", "Send USER a notification (in the app, by email, Discord)", \
    dc_notification_cmd_notify },
#define DC_DEMO_COMMANDS \
  { "seed-demo", "", "Create the demo accounts alice and bob", dc_demo_cmd_seed },

G_END_DECLS
