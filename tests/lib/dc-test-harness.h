/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * DcTestServer:
 *
 * The real dualcaster-server binary, started on a free port (DUALCASTER_LISTEN=127.0.0.1:0)
 * with a database in a fresh temporary directory. Extra settings are passed as
 * "KEY=VALUE" strings. The server is stopped with SIGTERM and the directory removed by
 * dc_test_server_free().
 */
typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *db_path;
  char        *base_url;   /* "http://127.0.0.1:PORT" */
  char       **env;
  char        *log_path;   /* the server's stderr (the access log) */
} DcTestServer;

/* Runs `dualcaster-server ARGS…` to completion with the same environment (for the import
 * commands); returns the exit status and the combined output in @out_output. */
int           dc_test_server_run_command (DcTestServer  *server,
                                          char         **out_output,
                                          const char    *first_arg,
                                          ...) G_GNUC_NULL_TERMINATED;
DcTestServer *dc_test_server_new        (const char * const *extra_env);
/* Creates the directory and environment without starting (so commands can run first). */
DcTestServer *dc_test_server_prepare    (const char * const *extra_env);
void          dc_test_server_start      (DcTestServer  *server);
void          dc_test_server_stop       (DcTestServer  *server);
void          dc_test_server_kill       (DcTestServer  *server);
void          dc_test_server_free       (DcTestServer  *server);
char         *dc_test_server_read_log   (DcTestServer  *server);

/* A finished HTTP exchange. */
typedef struct
{
  guint               status;
  GBytes             *body;
  JsonNode           *json;      /* NULL when the body is not JSON */
  SoupMessageHeaders *headers;
} DcTestResponse;

void            dc_test_response_free   (DcTestResponse *response);
/* Sends METHOD base_url+PATH with an optional bearer @token and optional JSON @body
 * (a string), synchronously; extra headers as NULL-terminated name/value pairs. */
DcTestResponse *dc_test_request         (DcTestServer   *server,
                                         const char     *method,
                                         const char     *path,
                                         const char     *token,
                                         const char     *body,
                                         ...) G_GNUC_NULL_TERMINATED;
DcTestResponse *dc_test_request_bytes   (DcTestServer   *server,
                                         const char     *method,
                                         const char     *path,
                                         const char     *token,
                                         const char     *content_type,
                                         GBytes         *body,
                                         const char * const *headers);
JsonObject     *dc_test_response_object (DcTestResponse *response);
/* Asserts the error envelope shape and returns its code. */
const char     *dc_test_assert_envelope (DcTestResponse *response,
                                         guint           status);

/* Registers USERNAME (email USERNAME@example.com, password "correct horse battery") and
 * returns the bearer token. */
char           *dc_test_register_user   (DcTestServer   *server,
                                         const char     *username);

/* Where test data lives: $DC_TEST_DATA/NAME and $DC_DEMO_DATA/NAME. */
char           *dc_test_data_path       (const char     *name);
char           *dc_test_demo_path       (const char     *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcTestServer, dc_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcTestResponse, dc_test_response_free)

G_END_DECLS
