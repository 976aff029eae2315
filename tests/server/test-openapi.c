/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-server.h"

typedef struct
{
  GHashTable *routes; /* "METHOD /path" */
} Collected;

static void
collect_cb (const char *method,
            const char *pattern,
            gpointer    user_data)
{
  Collected *collected = user_data;
  g_autofree char *lower = g_ascii_strdown (method, -1);

  g_hash_table_add (collected->routes, g_strdup_printf ("%s %s", lower, pattern));
}

/* Every route the server answers is documented, and every documented route exists. */
static void
test_routes_match_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DcServer) server = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) documented = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  Collected collected = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  DcStore *store = dc_store_open (":memory:", &error);
  g_autoptr(DcConfig) config = dc_config_new ();
  JsonObject *paths;
  GHashTableIter iter;
  gpointer key;
  g_autoptr(GList) names = NULL;

  g_assert_no_error (error);
  g_assert_true (dc_store_migrate (store, &error));
  server = dc_server_new (config, store);
  dc_router_foreach (dc_server_get_router (server), collect_cb, &collected);

  bytes = g_resources_lookup_data ("/com/dualcasterdeals/server/openapi.json", 0, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), &error));
  paths = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                         "paths");
  names = json_object_get_members (paths);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *item = json_object_get_object_member (paths, l->data);
      g_autoptr(GList) methods = json_object_get_members (item);

      for (GList *m = methods; m; m = m->next)
        g_hash_table_add (documented, g_strdup_printf ("%s %s", (char *) m->data,
                                                       (char *) l->data));
    }

  g_hash_table_iter_init (&iter, collected.routes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (documented, key))
      g_error ("route %s is missing from openapi.json", (char *) key);
  g_hash_table_iter_init (&iter, documented);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (collected.routes, key))
      g_error ("openapi.json documents %s, which the server does not have", (char *) key);

  g_assert_cmpuint (g_hash_table_size (collected.routes), >=, 10);
  g_hash_table_unref (collected.routes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/OpenApi/routes-match-document", test_routes_match_document);
  return g_test_run ();
}
