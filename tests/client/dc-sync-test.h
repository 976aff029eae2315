/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-collection-store.h"

G_BEGIN_DECLS

/* Real printings from data/demo/cards.jsonl.gz (the server's test catalog too). */
#define BOLT_FCA     "e89794ab-6070-4916-936f-2b42fe41d31b"  /* Lightning Bolt, $3.76 */
#define SOL_RING     "14dbce79-1fcc-4cc9-bf38-7729e44a411e"  /* Sol Ring, $1.38 */
#define COUNTER_FCA  "e1e48b21-1a4f-4708-a4b4-e2e296df924c"  /* Counterspell, $2.80 */
#define BOLT_ORACLE  "4457ed35-7c10-48c8-9776-456485fdf070"

/* A fresh account database at DIR/NAME.db: every client migration applied (through
 * DcLocalStore, as the app does) and the three printings above in its local catalog, with
 * their real prices. */
char              *dc_sync_test_make_db        (const char        *dir,
                                                const char        *name);
DcCollectionStore *dc_sync_test_open_store     (const char        *path);

/* Runs the default main context until *@flag is TRUE, failing after @timeout_ms. */
void               dc_sync_test_wait_flag      (gboolean          *flag,
                                                guint              timeout_ms,
                                                const char        *what);
/* Runs the default main context until @result is set (see dc_sync_test_result_cb). */
void               dc_sync_test_wait_result    (GAsyncResult     **result);
void               dc_sync_test_result_cb      (GObject           *object,
                                                GAsyncResult      *result,
                                                gpointer           user_data);
/* Lets pending idles run (signals the store queued). */
void               dc_sync_test_drain          (void);
/* Spins the main context for @ms. */
void               dc_sync_test_sleep          (guint              ms);

/* The row of a list with @id, or NULL. (transfer full) */
gpointer           dc_sync_test_find_row       (GListModel        *rows,
                                                const char        *id);

G_END_DECLS
