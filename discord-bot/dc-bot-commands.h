/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dc-bot-api.h"

G_BEGIN_DECLS

/* Discord interaction types the bot handles. */
typedef enum
{
  DC_INTERACTION_APPLICATION_COMMAND = 2,
  DC_INTERACTION_MESSAGE_COMPONENT   = 3,
  DC_INTERACTION_AUTOCOMPLETE        = 4,
} DcInteractionType;

/* Interaction callback types (Discord's numbering). */
typedef enum
{
  DC_CALLBACK_CHANNEL_MESSAGE          = 4,
  DC_CALLBACK_DEFERRED_CHANNEL_MESSAGE = 5,
  DC_CALLBACK_DEFERRED_UPDATE_MESSAGE  = 6,
  DC_CALLBACK_UPDATE_MESSAGE           = 7,
  DC_CALLBACK_AUTOCOMPLETE_RESULT      = 8,
} DcCallbackType;

#define DC_MESSAGE_FLAG_EPHEMERAL (1 << 6)

/**
 * DcBotReply:
 * @message: the answer (content, embeds, components); flags are the caller's to set
 * @followups: further messages for answers too long for one (JsonObject*)
 * @choices: the suggestions of an autocomplete answer
 * @update: the answer replaces the message a component (a picker) was on
 *
 * What a command answers, built in a worker thread and sent to Discord by the bot.
 */
typedef struct
{
  JsonObject *message;
  GPtrArray  *followups;
  JsonArray  *choices;
  gboolean    update;
} DcBotReply;

void        dc_bot_reply_free              (DcBotReply  *reply);

/* The /dd command as Discord registers it (bulk overwrite body). */
JsonNode   *dc_bot_commands_definitions    (void);
/* Whether the answer to @interaction is only for the person who asked. Known before the
 * command runs, because a deferred answer is ephemeral or not from its start. */
gboolean    dc_bot_commands_is_ephemeral   (JsonObject  *interaction);
/* The Discord user behind @interaction (member.user in servers, user in DMs). */
JsonObject *dc_bot_interaction_user        (JsonObject  *interaction);
/* Runs the command (blocking: call it from a worker thread). Never fails: errors become
 * answers the user can act on. */
DcBotReply *dc_bot_commands_run            (DcBotApi    *api,
                                            JsonObject  *interaction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcBotReply, dc_bot_reply_free)

G_END_DECLS
