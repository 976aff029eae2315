/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define DC_DISCORD_REST_ERROR (dc_discord_rest_error_quark ())
GQuark dc_discord_rest_error_quark (void);

typedef enum
{
  DC_DISCORD_REST_ERROR_HTTP,          /* Discord answered an error status */
  DC_DISCORD_REST_ERROR_RATE_LIMITED,  /* still 429 after the retries */
  DC_DISCORD_REST_ERROR_NETWORK,       /* Discord could not be reached */
} DcDiscordRestError;

/* Discord's JSON error codes the bot reacts to. */
#define DC_DISCORD_CODE_UNKNOWN_CHANNEL        10003
#define DC_DISCORD_CODE_UNKNOWN_INTERACTION    10062
#define DC_DISCORD_CODE_CANNOT_DM              50007
#define DC_DISCORD_CODE_ALREADY_ACKNOWLEDGED   40060

/**
 * DcDiscordRest:
 *
 * Discord's REST API for the bot (`Authorization: Bot TOKEN`), on the main loop. It honours
 * rate limits: a 429 waits `retry_after` (body, else Retry-After) and sends again; a bucket
 * reported empty (X-RateLimit-Remaining: 0) holds later requests to the same route until it
 * resets; a global limit holds everything. 502/503/504 are retried briefly.
 */
typedef struct _DcDiscordRest DcDiscordRest;

DcDiscordRest *dc_discord_rest_new            (SoupSession          *session,
                                               const char           *api_base,
                                               const char           *bot_token);
void           dc_discord_rest_free           (DcDiscordRest        *rest);
/* @path starts with "/" and is relative to the API base; @body may be NULL. */
void           dc_discord_rest_request_async  (DcDiscordRest        *rest,
                                               const char           *method,
                                               const char           *path,
                                               JsonNode             *body,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* Returns the answer's JSON (NULL for an empty body such as 204) or NULL with @error set;
 * @out_discord_code (optional) receives Discord's JSON error code, or 0. */
JsonNode      *dc_discord_rest_request_finish (DcDiscordRest        *rest,
                                               GAsyncResult         *result,
                                               int                  *out_discord_code,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcDiscordRest, dc_discord_rest_free)

G_END_DECLS
