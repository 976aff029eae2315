/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DC_BOT_DEFAULT_API_URL         "http://127.0.0.1:8000/api"
#define DC_BOT_DEFAULT_DISCORD_API     "https://discord.com/api/v10"

/**
 * DcBotConfig:
 *
 * The bot's settings, from the environment and a `.env` file (DUALCASTER_ENV_FILE, else
 * ./.env; the environment wins), as DESIGN §12 lists them. Beyond the documented ones, three
 * tuning knobs exist for operators and tests: DC_BOT_DEFER_AFTER_MS (answer "thinking…"
 * when a command takes longer; default 2000), DC_BOT_ALERT_POLL_SECONDS (how often DM alerts
 * are fetched; default 30) and DC_BOT_BACKOFF_MS (the first reconnect delay; default 1000).
 */
typedef struct
{
  char           *bot_token;
  char           *application_id;  /* nullable: READY carries it */
  char           *api_url;
  char           *api_key;
  char           *discord_api_base;
  char           *gateway_url;     /* nullable: asked from GET /gateway/bot */
  GLogLevelFlags  log_level;       /* messages above this level are dropped */
  guint           defer_after_ms;
  guint           alert_poll_s;
  guint           backoff_ms;
} DcBotConfig;

/* Fails with a message naming the missing setting. */
DcBotConfig *dc_bot_config_new_from_environment (GError      **error);
void         dc_bot_config_free                 (DcBotConfig  *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcBotConfig, dc_bot_config_free)

G_END_DECLS
