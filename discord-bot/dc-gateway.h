/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Discord's gateway opcodes. */
typedef enum
{
  DC_GATEWAY_OP_DISPATCH        = 0,
  DC_GATEWAY_OP_HEARTBEAT       = 1,
  DC_GATEWAY_OP_IDENTIFY        = 2,
  DC_GATEWAY_OP_RESUME          = 6,
  DC_GATEWAY_OP_RECONNECT       = 7,
  DC_GATEWAY_OP_INVALID_SESSION = 9,
  DC_GATEWAY_OP_HELLO           = 10,
  DC_GATEWAY_OP_HEARTBEAT_ACK   = 11,
} DcGatewayOp;

/* The only intent slash commands need: guilds (for GUILD_CREATE's guild names). */
#define DC_GATEWAY_INTENT_GUILDS (1 << 0)

#define DC_TYPE_GATEWAY (dc_gateway_get_type ())
G_DECLARE_FINAL_TYPE (DcGateway, dc_gateway, DC, GATEWAY, GObject)

/**
 * DcGateway:
 *
 * A connection to Discord's Gateway (v10, JSON): HELLO, IDENTIFY or RESUME, heartbeats with
 * jitter and ACK tracking, and recovery. A missed ACK, a dropped socket or op 7 reconnects to
 * the session's resume_gateway_url and resumes; op 9 resumes when Discord allows it and
 * otherwise starts a new session after the 1–5 s pause Discord asks for. Close codes that
 * cannot be recovered from (4004 bad token, 4010–4014) emit ::fatal.
 *
 * Signals: ::ready (the READY payload), ::resumed, ::dispatch (event name and data),
 * ::fatal (a message).
 */
DcGateway  *dc_gateway_new            (SoupSession *session,
                                       const char  *token,
                                       guint        intents,
                                       guint        backoff_ms);
/* Connects to @url (wss://gateway.discord.gg or a fake); the version and encoding are
 * added to the query. */
void        dc_gateway_start          (DcGateway   *self,
                                       const char  *url);
void        dc_gateway_stop           (DcGateway   *self);
gboolean    dc_gateway_is_ready       (DcGateway   *self);
const char *dc_gateway_get_session_id (DcGateway   *self);

G_END_DECLS
