/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dc-store.h"

G_BEGIN_DECLS

#define DC_SESSION_IDLE_MS (30 * 24 * 3600 * (gint64) 1000)
#define DC_LOCKOUT_FAILURES 5
#define DC_LOCKOUT_MS (15 * 60 * (gint64) 1000)

typedef struct
{
  gint64  user_id;
  char   *session_id;
  char   *token;       /* the bearer token; only ever handed to the client */
} DcAuthGrant;

void        dc_auth_grant_clear        (DcAuthGrant  *grant);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcAuthGrant, dc_auth_grant_clear)

gboolean    dc_auth_validate_username  (const char   *username,
                                        GError      **error);
char       *dc_auth_normalize_email    (const char   *email,
                                        GError      **error);
gboolean    dc_auth_validate_password  (const char   *password,
                                        GError      **error);

gboolean    dc_auth_register           (DcStore      *store,
                                        const char   *email,
                                        const char   *username,
                                        const char   *password,
                                        const char   *device_name,
                                        DcAuthGrant  *out_grant,
                                        GError      **error);
gboolean    dc_auth_login              (DcStore      *store,
                                        const char   *login,
                                        const char   *password,
                                        const char   *device_name,
                                        DcAuthGrant  *out_grant,
                                        GError      **error);
/* Creates a session for an already authenticated user (used by registration, login and
 * integrations such as the demo seeding). */
gboolean    dc_auth_create_session     (DcStore      *store,
                                        gint64        user_id,
                                        const char   *device_name,
                                        DcAuthGrant  *out_grant,
                                        GError      **error);
gboolean    dc_auth_authenticate_token (DcStore      *store,
                                        const char   *token,
                                        gint64       *out_user_id,
                                        char        **out_session_id,
                                        GError      **error);
gboolean    dc_auth_revoke_session     (DcStore      *store,
                                        gint64        user_id,
                                        const char   *session_id,
                                        GError      **error);
gboolean    dc_auth_change_password    (DcStore      *store,
                                        gint64        user_id,
                                        const char   *keep_session_id,
                                        const char   *current_password,
                                        const char   *new_password,
                                        GError      **error);
JsonArray  *dc_auth_list_sessions      (DcStore      *store,
                                        gint64        user_id,
                                        const char   *current_session_id,
                                        GError      **error);
char       *dc_auth_session_cache_key  (const char   *session_id);

/* The signed-in user's own account object. */
JsonObject *dc_auth_user_to_json       (DcStore      *store,
                                        gint64        user_id,
                                        GError      **error);

G_END_DECLS
