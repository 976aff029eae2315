/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-catalog-import.h"
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
#define DC_CATALOG_COMMANDS \
  { "import-scryfall", "FILE [--day=YYYY-MM-DD]", \
    "Import a Scryfall bulk file (JSON array or lines, plain or gzip)", \
    dc_catalog_cmd_import_scryfall }, \
  { "import-mtgjson-prices", "FILE [--identifiers=CSV]", \
    "Import MTGJSON price history (AllPrices or per-card lines)", \
    dc_catalog_cmd_import_mtgjson }, \
  { "import-price-snapshots", "FILE", \
    "Import dated Scryfall price snapshots (CSV)", dc_catalog_cmd_import_snapshots }, \
  { "import-demo", "DIR", "Import the demo catalog and prices of DIR, each file once", \
    dc_catalog_cmd_import_demo },
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
