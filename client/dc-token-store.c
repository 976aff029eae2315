/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-token-store"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "dc-token-store.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "com.dualcasterdeals.Deals.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

void
dc_stored_account_free (DcStoredAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->server);
  g_free (account->username);
  g_free (account);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
dc_token_store_save_async (const char          *server,
                           const char          *username,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_token_store_save_async);

  /* Translators: the label of the keyring item; %s are a user name and a server address */
  label = g_strdup_printf (_("Dualcaster Deals sign-in for %s on %s"), username, server);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, save_cb, g_steal_pointer (&task),
                         "server", server,
                         "username", username,
                         NULL);
}

gboolean
dc_token_store_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

void
dc_token_store_lookup_async (const char          *server,
                             const char          *username,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_token_store_lookup_async);
  secret_password_lookup (token_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "server", server,
                          "username", username,
                          NULL);
}

char *
dc_token_store_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *token;
  char *copy;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  /* libsecret hands out non-pageable memory; the caller gets an ordinary string, which
   * lives no longer than the account that holds it. */
  token = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (token == NULL)
    return NULL;
  copy = g_strdup (token);
  secret_password_free (token);
  return copy;
}

static void
find_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_stored_account_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char *server = g_hash_table_lookup (attributes, "server");
      const char *username = g_hash_table_lookup (attributes, "username");
      DcStoredAccount *account;

      if (server == NULL || username == NULL)
        continue;
      account = g_new0 (DcStoredAccount, 1);
      account->server = g_strdup (server);
      account->username = g_strdup (username);
      g_ptr_array_add (accounts, account);
    }
  g_list_free_full (items, g_object_unref);
  g_task_return_pointer (task, g_steal_pointer (&accounts), (GDestroyNotify) g_ptr_array_unref);
}

void
dc_token_store_find_async (const char          *server,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_token_store_find_async);

  /* libsecret keeps the table until the search is done: it owns copies */
  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  if (server != NULL)
    g_hash_table_insert (attributes, (gpointer) "server", g_strdup (server));
  secret_password_searchv (token_schema (), attributes,
                           SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                           cancellable, find_cb, g_steal_pointer (&task));
}

/**
 * dc_token_store_find_finish:
 *
 * Returns: (transfer full) (element-type DcStoredAccount): the accounts found
 */
GPtrArray *
dc_token_store_find_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means there was nothing to delete, which is what we want */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
dc_token_store_delete_async (const char          *server,
                             const char          *username,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_token_store_delete_async);
  secret_password_clear (token_schema (), cancellable, delete_cb, g_steal_pointer (&task),
                         "server", server,
                         "username", username,
                         NULL);
}

gboolean
dc_token_store_delete_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
