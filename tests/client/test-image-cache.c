/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dc-client-test.h"
#include "dc-image-cache.h"

/* Card images: downloaded once, then read from the disk cache, also offline. */

static GBytes *png;
static guint image_requests;

static void
image_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  image_requests++;
  if (strcmp (path, "/card.png") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static GdkTexture *
load (DcImageCache  *cache,
      const char    *uri,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dc_image_cache_load_async (cache, uri, NULL, dc_client_test_result_cb, &result);
  dc_client_test_wait_result (&result);
  return dc_image_cache_load_finish (cache, result, error);
}

static void
test_cache (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(DcApiClient) client = NULL;
  g_autoptr(DcImageCache) cache = NULL;
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) again = NULL;
  g_autoptr(GdkTexture) missing = NULL;
  g_autoptr(GdkTexture) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *other = NULL;
  g_autofree char *absent = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected_dir = g_build_filename (g_get_user_cache_dir (), "dualcaster",
                                                    "images", NULL);
  GSList *uris;
  int port;

  soup_server_add_handler (server, NULL, image_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  uri = g_strdup_printf ("http://127.0.0.1:%d/card.png?1562544688", port);
  other = g_strdup_printf ("http://127.0.0.1:%d/other.png", port);
  absent = g_strdup_printf ("http://127.0.0.1:%d/never.png", port);

  client = dc_api_client_new ("http://127.0.0.1:1");
  cache = dc_image_cache_new (client, NULL);
  g_assert_cmpstr (dc_image_cache_get_directory (cache), ==, expected_dir);

  first = load (cache, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (first), ==, 4);
  g_assert_cmpint (gdk_texture_get_height (first), ==, 6);
  g_assert_cmpuint (image_requests, ==, 1);
  path = dc_image_cache_path_for_uri (cache, uri);
  g_assert_true (g_str_has_prefix (path, expected_dir));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* a 404 is an error, and nothing is cached for it */
  missing = load (cache, other, &error);
  g_assert_null (missing);
  g_assert_nonnull (error);
  g_assert_false (dc_api_client_error_is_offline (error));
  g_clear_error (&error);

  /* offline: the cached image still loads, without a request */
  soup_server_disconnect (server);
  again = load (cache, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (again), ==, 4);
  g_assert_cmpuint (image_requests, ==, 2);

  /* offline and not cached: the offline error the page shows a placeholder for */
  broken = load (cache, absent, &error);
  g_assert_null (broken);
  g_assert_true (dc_api_client_error_is_offline (error));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint8 data[4 * 6 * 4];

  dc_client_test_init_dirs ();
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7);
  pixels = g_bytes_new (data, sizeof data);
  texture = gdk_memory_texture_new (4, 6, GDK_MEMORY_R8G8B8A8, pixels, 16);
  png = gdk_texture_save_to_png_bytes (texture);

  g_test_add_func ("/Dc/ImageCache/cache", test_cache);
  return g_test_run ();
}
