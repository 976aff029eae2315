/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The bearer token of each signed-in account lives in the Secret Service (the user's
 * keyring), under the schema com.dualcasterdeals.Deals.Token with the attributes
 * `server` (a normalized base URL) and `username`. Nothing secret is written to disk. */

typedef struct
{
  char *server;
  char *username;
} DcStoredAccount;

void             dc_stored_account_free    (DcStoredAccount      *account);

void             dc_token_store_save_async (const char           *server,
                                            const char           *username,
                                            const char           *token,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean         dc_token_store_save_finish (GAsyncResult        *result,
                                             GError             **error);

void             dc_token_store_lookup_async (const char         *server,
                                              const char         *username,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
/* Returns NULL without an error when there is no token. */
char            *dc_token_store_lookup_finish (GAsyncResult      *result,
                                               GError           **error);

/* The accounts that have a token, on @server (or on any server when NULL). */
void             dc_token_store_find_async (const char           *server,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray       *dc_token_store_find_finish (GAsyncResult        *result,
                                             GError             **error);

void             dc_token_store_delete_async (const char         *server,
                                              const char         *username,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean         dc_token_store_delete_finish (GAsyncResult      *result,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcStoredAccount, dc_stored_account_free)

G_END_DECLS
