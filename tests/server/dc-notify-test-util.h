/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-test-harness.h"

G_BEGIN_DECLS

/* Helpers shared by the notification, email and alert tests. */

/* Spins the default main context for @ms. */
void          dc_test_spin               (guint          ms);
/* Spins until @cond returns TRUE or @timeout_ms pass; returns the last answer. */
gboolean      dc_test_wait_until         (gboolean     (*cond) (gpointer user_data),
                                          gpointer       user_data,
                                          guint          timeout_ms);

/* A WebSocket client of GET /api/ws, authenticated by header. */
typedef struct
{
  SoupWebsocketConnection *connection;
  GPtrArray               *messages; /* JsonObject*, in arrival order */
  guint                    seen;     /* messages already returned by wait_event */
  gboolean                 closed;
  gboolean                 done;
  GError                  *error;
} DcTestSocket;

DcTestSocket *dc_test_socket_connect     (const char    *base_url,
                                          const char    *token);
/* The next event of @type that arrived (or arrives within @timeout_ms) after the ones
 * already returned; NULL when none. (transfer none) */
JsonObject   *dc_test_socket_wait_event  (DcTestSocket  *socket,
                                          const char    *type,
                                          guint          timeout_ms);
void          dc_test_socket_free        (DcTestSocket  *socket);

/* A fake service from tests/fakes/, started with its own record directory
 * (passed as --record-dir) and the extra arguments given; it prints its port. */
typedef struct
{
  GSubprocess *process;
  char        *record_dir;
  guint16      port;
  char        *base_url;   /* "http://127.0.0.1:PORT" */
} DcTestFake;

DcTestFake   *dc_test_fake_start         (const char    *program,
                                          const char    *first_arg,
                                          ...) G_GNUC_NULL_TERMINATED;
/* The JSON files PREFIX-N.json of the record directory, in N order. */
GPtrArray    *dc_test_fake_records       (DcTestFake    *fake,
                                          const char    *prefix);
/* Waits until at least @count records exist; returns how many there are. */
guint         dc_test_fake_wait_records  (DcTestFake    *fake,
                                          const char    *prefix,
                                          guint          count,
                                          guint          timeout_ms);
void          dc_test_fake_free          (DcTestFake    *fake);

/* One value read from the test server's database (read-only); @arg is bound to every `?`
 * in @sql when not NULL. */
gint64        dc_test_db_int             (DcTestServer  *server,
                                          const char    *sql,
                                          const char    *arg);
char         *dc_test_db_text            (DcTestServer  *server,
                                          const char    *sql,
                                          const char    *arg);

/* A self-signed certificate for 127.0.0.1 and localhost made with openssl in @dir;
 * returns FALSE (the test should skip) when openssl is missing. */
gboolean      dc_test_make_certificate   (const char    *dir,
                                          char         **out_cert,
                                          char         **out_key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcTestSocket, dc_test_socket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcTestFake, dc_test_fake_free)

G_END_DECLS
