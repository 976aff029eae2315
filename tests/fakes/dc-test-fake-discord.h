/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What the fake Discord (tests/fakes/fake-discord) accepts by default. */
#define DC_FAKE_DISCORD_BOT_TOKEN      "fake-bot-token"
#define DC_FAKE_DISCORD_APPLICATION_ID "900000000000000001"
#define DC_FAKE_DISCORD_CLIENT_ID      "900000000000000001"
#define DC_FAKE_DISCORD_CLIENT_SECRET  "fake-client-secret"
#define DC_FAKE_DISCORD_GUILD_ID       "700000000000000001"
#define DC_FAKE_DISCORD_GUILD_NAME     "Dualcaster Test Guild"

/**
 * DcFakeDiscord:
 *
 * The fake Discord program, started on a free port; its control API drives it.
 */
typedef struct
{
  GSubprocess *process;
  char        *base_url;   /* http://127.0.0.1:PORT */
  char        *api_base;   /* base_url + /api/v10: DISCORD_API_BASE for the code under test */
} DcFakeDiscord;

DcFakeDiscord *dc_fake_discord_new          (const char * const *extra_env);
void           dc_fake_discord_free         (DcFakeDiscord      *fake);

/* Calls the control API (path under /_control/) and returns the JSON answer, if any;
 * asserts a 2xx status. */
JsonNode      *dc_fake_discord_control      (DcFakeDiscord      *fake,
                                             const char         *method,
                                             const char         *path,
                                             const char         *body);
/* Requests the fake received with seq > @since. */
JsonArray     *dc_fake_discord_requests     (DcFakeDiscord      *fake,
                                             guint               since);
guint          dc_fake_discord_last_seq     (DcFakeDiscord      *fake);
/* Waits (up to @timeout_ms) for a request with seq > @since whose method is @method and
 * whose path contains @path_part; returns it (a new reference) or NULL on timeout. */
JsonObject    *dc_fake_discord_wait_request (DcFakeDiscord      *fake,
                                             guint               since,
                                             const char         *method,
                                             const char         *path_part,
                                             guint               timeout_ms);
/* Injects an INTERACTION_CREATE (the fake adds id, token, application_id, version) and
 * returns the fake's answer {id, token, s, delivered}. */
JsonObject    *dc_fake_discord_interact     (DcFakeDiscord      *fake,
                                             const char         *interaction_json);
/* {connections: [...], log: [...]} */
JsonObject    *dc_fake_discord_gateway      (DcFakeDiscord      *fake);
/* Waits until the gateway log holds at least @count frames in direction @direction with
 * @op (and @t when not NULL); returns the last such frame or NULL on timeout. */
JsonObject    *dc_fake_discord_wait_frame   (DcFakeDiscord      *fake,
                                             const char         *direction,
                                             int                 op,
                                             const char         *t,
                                             guint               count,
                                             guint               timeout_ms);
guint          dc_fake_discord_count_frames (DcFakeDiscord      *fake,
                                             const char         *direction,
                                             int                 op,
                                             const char         *t);

/* A GET that does not follow redirects; returns the status and the Location header. */
guint          dc_test_get_no_redirect      (const char         *url,
                                             char              **out_location,
                                             char              **out_body);

/* SHA-256 in hex, as the server stores states and link codes. */
char          *dc_test_sha256_hex           (const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcFakeDiscord, dc_fake_discord_free)

G_END_DECLS
