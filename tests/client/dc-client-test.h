/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Gives the test program its own HOME and XDG folders (kept for the whole program, so a
 * "restart" inside one test finds what the first start left) and sets up gettext. Call
 * before anything reads the XDG folders. Returns the folder. */
const char   *dc_client_test_init_dirs   (void);
/* Deletes a folder tree (for tests that want a fresh account folder). */
void          dc_client_test_remove_tree (const char      *path);

/* Runs the default main context until @condition returns TRUE; fails the test after
 * @timeout_ms, printing @what. */
typedef gboolean (*DcTestCondition) (gpointer user_data);
void          dc_client_test_wait        (DcTestCondition  condition,
                                          gpointer         user_data,
                                          guint            timeout_ms,
                                          const char      *what);
/* Runs the default main context until the async call under way stores its result in
 * *@result. */
void          dc_client_test_wait_result (GAsyncResult   **result);
void          dc_client_test_result_cb   (GObject         *object,
                                          GAsyncResult    *res,
                                          gpointer         user_data);

/**
 * DcTestCatalog:
 *
 * Real cards as the server's catalog route serves them: each line is dc_card_to_json()
 * of a genuine Scryfall object from data/demo/cards.jsonl.gz plus its "prices", the
 * current ones being the newest row of data/demo/price-snapshots.csv.gz for that printing,
 * and the history every row of it.
 */
typedef struct
{
  GPtrArray  *lines;     /* char*, one card object per line */
  GPtrArray  *ids;       /* char*, in the same order */
  GHashTable *history;   /* id → JsonArray of price points */
  GBytes     *gzip;      /* the lines, gzip'd */
  char       *etag;
} DcTestCatalog;

DcTestCatalog *dc_test_catalog_load      (guint            max_cards,
                                          const char      *must_include_name);
void           dc_test_catalog_free      (DcTestCatalog   *catalog);
const char    *dc_test_catalog_find_id   (DcTestCatalog   *catalog,
                                          const char      *name);

/**
 * DcTestShim:
 *
 * A local HTTP server for the routes the real server does not have yet: it serves
 * GET /api/cards/catalog (gzip, ETag, 304) and GET /api/cards/{id}/history from a
 * #DcTestCatalog and forwards every other request to @upstream (the real server), so a
 * client pointed at the shim sees one server.
 */
typedef struct
{
  SoupServer    *server;
  SoupSession   *session;
  char          *base_url;
  char          *upstream;
  DcTestCatalog *catalog;
  guint          catalog_requests;
  guint          catalog_not_modified;
  guint          history_requests;
  char          *last_if_none_match;
  gboolean       truncate_catalog;
  int            catalog_version;
  gint64         last_since;
  int            port;
} DcTestShim;

DcTestShim    *dc_test_shim_new          (DcTestCatalog   *catalog,
                                          const char      *upstream);
void           dc_test_shim_stop         (DcTestShim      *shim);
void           dc_test_shim_restart      (DcTestShim      *shim,
                                          const char      *upstream);
void           dc_test_shim_free         (DcTestShim      *shim);

/**
 * DcTestKeyring:
 *
 * A private session bus with a real gnome-keyring-daemon on it, its login keyring
 * created and unlocked with a password, so libsecret works without a prompt.
 */
typedef struct
{
  GTestDBus   *bus;
  GSubprocess *daemon;
} DcTestKeyring;

DcTestKeyring *dc_test_keyring_start     (void);
void           dc_test_keyring_stop      (DcTestKeyring   *keyring);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcTestCatalog, dc_test_catalog_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcTestShim, dc_test_shim_free)

G_END_DECLS
