/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * DcBotApi:
 *
 * The Dualcaster Deals server's REST API as the bot calls it: `Authorization: Bot KEY`, and
 * `X-Discord-User-Id` to act for a linked Discord user. Calls are synchronous and meant for
 * worker threads (each thread has its own HTTP session); the object itself is immutable and
 * shared. Errors are the server's envelopes as DC_API_ERROR (dc_api_error_get_code() gives
 * `discord.not_linked` and the like); a server that cannot be reached is
 * DC_API_ERROR_UNAVAILABLE with the code `server.unreachable`.
 */
typedef struct _DcBotApi DcBotApi;

DcBotApi *dc_bot_api_new   (const char   *base_url,
                            const char   *api_key);
void      dc_bot_api_free  (DcBotApi     *api);
/* @path is relative to the API base ("/want-list"); @discord_user_id and @body may be NULL.
 * Returns the answer's JSON, or NULL for an empty answer (204) or on error. */
JsonNode *dc_bot_api_call  (DcBotApi     *api,
                            const char   *method,
                            const char   *path,
                            const char   *discord_user_id,
                            JsonNode     *body,
                            GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcBotApi, dc_bot_api_free)

G_END_DECLS
