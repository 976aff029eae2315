/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dc-bot-config.h"

G_BEGIN_DECLS

#define DC_TYPE_BOT (dc_bot_get_type ())
G_DECLARE_FINAL_TYPE (DcBot, dc_bot, DC, BOT, GObject)

/**
 * DcBot:
 *
 * The Discord bot (DESIGN §10): keeps a Gateway session, registers /dd at start-up (bulk
 * overwrite), answers each interaction — at once when the command is quick, else with a
 * deferred "thinking…" followed by an edit of the original answer — and delivers the server's
 * DM alerts. Commands run in worker threads against the Dualcaster Deals API; everything that
 * talks to Discord runs on the main loop.
 *
 * ::fatal is emitted when the bot cannot go on (a token Discord refuses).
 */
DcBot *dc_bot_new   (DcBotConfig *config);
void   dc_bot_start (DcBot       *self);
void   dc_bot_stop  (DcBot       *self);

G_END_DECLS
