/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dc-config.h"
#include "dc-store.h"
#include "dc-types.h"

G_BEGIN_DECLS

/*
 * Discord account linking, the bot's authentication and the DM alert queue (DESIGN §5,
 * §7.9, §10, §11). Functions take the current time so the rules (10-minute states and
 * codes, the 0 s / 5 min / 15 min retry schedule) can be tested without waiting.
 */

#define DC_DISCORD_STATE_TTL_MS       (10 * 60 * (gint64) 1000)
#define DC_DISCORD_LINK_CODE_TTL_MS   (10 * 60 * (gint64) 1000)
#define DC_DISCORD_ALERT_LEASE_MS     (2 * 60 * (gint64) 1000)
#define DC_DISCORD_ALERT_MAX_ATTEMPTS 3
#define DC_DISCORD_SCOPES             "identify guilds"
#define DC_DISCORD_DEFAULT_REDIRECT_URI "http://localhost:8000/api/oauth/discord/callback"

/* What Discord told us about a user after an OAuth exchange (or the bot, for link codes). */
typedef struct
{
  char   *user_id;        /* snowflake */
  char   *username;
  char   *display_name;   /* Discord's global_name; nullable */
  char   *avatar;         /* avatar hash; nullable */
  char   *access_token;   /* nullable */
  char   *refresh_token;  /* nullable */
  gint64  expires_at;     /* ms; 0 when unknown */
  char   *scopes;         /* nullable */
} DcDiscordIdentity;

void         dc_discord_identity_clear        (DcDiscordIdentity *identity);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcDiscordIdentity, dc_discord_identity_clear)

gboolean     dc_discord_is_snowflake          (const char   *text);

/* NULL when OAuth linking can work, else the first missing setting's name. */
const char  *dc_discord_oauth_missing_setting (DcConfig     *config);
const char  *dc_discord_api_base              (DcConfig     *config);
char        *dc_discord_redirect_uri          (DcConfig     *config);
char        *dc_discord_authorize_url         (DcConfig     *config,
                                               const char   *state);

/* The 32-byte secretbox key for tokens at rest, derived from DUALCASTER_SECRET_KEY. */
gboolean     dc_discord_derive_key            (DcConfig     *config,
                                               guint8        key[32],
                                               GError      **error);
GBytes      *dc_discord_seal                  (const guint8  key[32],
                                               const char   *plaintext);
/* Returns NULL when @sealed was not made with @key or is damaged. */
char        *dc_discord_open                  (const guint8  key[32],
                                               GBytes       *sealed);

/* OAuth states, bound to the signed-in session that asked: signing out (or revoking that
 * session) voids them. */
char        *dc_discord_create_state          (DcStore      *store,
                                               gint64        user_id,
                                               const char   *session_id,
                                               gint64        now,
                                               GError      **error);
/* Consumes @state (single use): 400 when unknown, used or expired. */
gboolean     dc_discord_consume_state         (DcStore      *store,
                                               const char   *state,
                                               gint64        now,
                                               gint64       *out_user_id,
                                               GError      **error);

/* Links @identity to @user_id. 409 when that Discord account belongs to another user;
 * re-linking the same account refreshes it; a user's other Discord account is replaced.
 * @key may be NULL when the identity carries no tokens. */
gboolean     dc_discord_link                  (DcStore      *store,
                                               const guint8 *key,
                                               gint64        user_id,
                                               const DcDiscordIdentity *identity,
                                               gint64        now,
                                               GError      **error);
/* {linked, discord_user_id, username, display_name, avatar, connected_at}. */
JsonObject  *dc_discord_status                (DcStore      *store,
                                               gint64        user_id,
                                               GError      **error);
/* Removes the link (404 when there is none) and the guilds recorded for it. On success
 * @out_access_token (optional) gets the stored access token so the caller can revoke it. */
gboolean     dc_discord_unlink                (DcStore      *store,
                                               const guint8 *key,
                                               gint64        user_id,
                                               char        **out_access_token,
                                               GError      **error);
/* The user linked to a Discord account, or 0. */
gint64       dc_discord_lookup_user           (DcStore      *store,
                                               const char   *discord_user_id,
                                               GError      **error);

/* Link codes ("K7QM-2XPF"), one-time, 10 minutes. 409 when the Discord account is already
 * linked (details carry the username it is linked to). */
char        *dc_discord_create_link_code      (DcStore      *store,
                                               const char   *discord_user_id,
                                               const char   *discord_username,
                                               gint64        now,
                                               gint64       *out_expires_at,
                                               GError      **error);
gboolean     dc_discord_redeem_link_code      (DcStore      *store,
                                               gint64        user_id,
                                               const char   *code,
                                               gint64        now,
                                               GError      **error);

/* Records that @user_id was seen in a guild (for /api/matches?server=). */
gboolean     dc_discord_record_guild          (DcStore      *store,
                                               gint64        user_id,
                                               const char   *guild_id,
                                               const char   *guild_name,
                                               gint64        now,
                                               GError      **error);

/* The bot's key (`Authorization: Bot KEY`): 401 unless it equals DISCORD_BOT_API_KEY
 * (compared in constant time). */
gboolean     dc_discord_check_bot_key         (DcConfig     *config,
                                               const char   *key,
                                               GError      **error);
/* The bot acting for a Discord user: checks the key, then resolves the linked user
 * (403 discord.not_linked, telling the user to run /dd link). */
gboolean     dc_discord_authenticate_bot      (DcServer     *server,
                                               const char   *key,
                                               const char   *discord_user_id,
                                               gint64       *out_user_id,
                                               GError      **error);

/* DM alerts. @kind names the preference it belongs to (price_alert, trade_match,
 * trade_proposal, message, test); the caller has already applied the user's preferences.
 * 404 discord.not_linked when the user has no linked Discord account. Returns the id. */
char        *dc_discord_enqueue_alert         (DcStore      *store,
                                               gint64        user_id,
                                               const char   *kind,
                                               const char   *title,
                                               const char   *body,
                                               const char   *url,
                                               gint64        now,
                                               GError      **error);
/* Due alerts, leased to the caller for DC_DISCORD_ALERT_LEASE_MS. Alerts whose user has
 * unlinked since are recorded as failed instead. */
JsonArray   *dc_discord_take_due_alerts       (DcStore      *store,
                                               gint64        now,
                                               guint         limit,
                                               GError      **error);
JsonObject  *dc_discord_alert_delivered       (DcStore      *store,
                                               const char   *id,
                                               gint64        now,
                                               GError      **error);
/* Schedules the next attempt (5 min after the first failure, 15 min after the second) or
 * records the alert as failed after the third. */
JsonObject  *dc_discord_alert_failed          (DcStore      *store,
                                               const char   *id,
                                               const char   *reason,
                                               gint64        now,
                                               GError      **error);
JsonObject  *dc_discord_get_alert             (DcStore      *store,
                                               const char   *id,
                                               GError      **error);

G_END_DECLS
