/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "dc-discord-service.h"

G_BEGIN_DECLS

/*
 * The server's side of Discord OAuth2 (authorization code grant): exchanges a code at
 * {DISCORD_API_BASE}/oauth2/token, then reads /users/@me and /users/@me/guilds with the
 * user's token. Asynchronous, so the server keeps answering while Discord does.
 */

/* Errors are DC_API_ERROR: 400 oauth.exchange_failed when Discord refuses the code,
 * 502 discord.unreachable when it cannot be asked or answers nonsense. */
void      dc_discord_oauth_exchange_async  (SoupSession         *session,
                                            DcConfig            *config,
                                            const char          *code,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* @out_guilds (optional) receives [{id, name}] (empty when Discord did not list them). */
gboolean  dc_discord_oauth_exchange_finish (GAsyncResult        *result,
                                            DcDiscordIdentity   *out_identity,
                                            JsonArray          **out_guilds,
                                            GError             **error);

/* Revokes @token at Discord (after an unlink); failures are only logged. */
void      dc_discord_oauth_revoke          (SoupSession         *session,
                                            DcConfig            *config,
                                            const char          *token);

G_END_DECLS
