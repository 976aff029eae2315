/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-image-cache"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "dc-image-cache.h"

/* DcImageCache: card images by URI, kept on disk under $XDG_CACHE_HOME/dualcaster/images
 * (one file per URI, named by its SHA-256). A cached image loads without the network;
 * a missing one is downloaded once and written before it is shown. Decoding happens in a
 * worker thread. */

struct _DcImageCache
{
  GObject      parent_instance;

  DcApiClient *client;
  char        *directory;
};

G_DEFINE_FINAL_TYPE (DcImageCache, dc_image_cache, G_TYPE_OBJECT)

typedef struct
{
  char   *uri;
  char   *path;
  GBytes *bytes;
  gboolean from_network;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->uri);
  g_free (data->path);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

static void
dc_image_cache_finalize (GObject *object)
{
  DcImageCache *self = (DcImageCache *) object;

  g_clear_object (&self->client);
  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (dc_image_cache_parent_class)->finalize (object);
}

static void
dc_image_cache_class_init (DcImageCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_image_cache_finalize;
}

static void
dc_image_cache_init (DcImageCache *self)
{
}

/**
 * dc_image_cache_new:
 * @client: downloads the images
 * @directory: (nullable): where to keep them; $XDG_CACHE_HOME/dualcaster/images if %NULL
 */
DcImageCache *
dc_image_cache_new (DcApiClient *client,
                    const char  *directory)
{
  DcImageCache *self;

  g_return_val_if_fail (DC_IS_API_CLIENT (client), NULL);

  self = g_object_new (DC_TYPE_IMAGE_CACHE, NULL);
  self->client = g_object_ref (client);
  if (directory != NULL)
    self->directory = g_strdup (directory);
  else
    self->directory = g_build_filename (g_get_user_cache_dir (), "dualcaster", "images", NULL);
  return self;
}

const char *
dc_image_cache_get_directory (DcImageCache *self)
{
  g_return_val_if_fail (DC_IS_IMAGE_CACHE (self), NULL);
  return self->directory;
}

char *
dc_image_cache_path_for_uri (DcImageCache *self,
                             const char   *uri)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (DC_IS_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  return g_build_filename (self->directory, hash, NULL);
}

/* In a worker: read the cached file (when there is no download), decode, and write a
 * downloaded image to the cache once it is known to decode. */
static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GdkTexture) texture = NULL;
  GError *error = NULL;

  if (data->bytes == NULL)
    {
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (data->path, &contents, &length, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      data->bytes = g_bytes_new_take (contents, length);
    }

  texture = gdk_texture_new_from_bytes (data->bytes, &error);
  if (texture == NULL)
    {
      g_prefix_error (&error, _("The card image could not be read: "));
      g_task_return_error (task, error);
      return;
    }

  if (data->from_network)
    {
      g_autofree char *dir = g_path_get_dirname (data->path);
      g_autoptr(GError) write_error = NULL;

      /* a cache that cannot be written is no reason not to show the image */
      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          !g_file_set_contents (data->path, g_bytes_get_data (data->bytes, NULL),
                                g_bytes_get_size (data->bytes), &write_error))
        g_warning ("Cannot cache %s: %s", data->uri,
                   write_error ? write_error->message : g_strerror (errno));
    }

  g_task_return_pointer (task, g_steal_pointer (&texture), g_object_unref);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->bytes = dc_api_client_fetch_finish (DC_API_CLIENT (object), result, &error);
  if (data->bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->from_network = TRUE;
  g_task_run_in_thread (task, decode_thread);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DcImageCache *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info_finish (G_FILE (object), result, NULL);
  if (info != NULL && g_file_info_get_size (info) > 0)
    {
      g_task_run_in_thread (task, decode_thread);
      return;
    }

  dc_api_client_fetch_async (self->client, data->uri, cancellable, fetch_cb,
                             g_steal_pointer (&task));
}

/**
 * dc_image_cache_load_async:
 * @self: a cache
 * @uri: the image's URI
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the image from the disk cache, or downloads and caches it. Without a cached copy
 * and without a network, fails with an error for which dc_api_client_error_is_offline()
 * is %TRUE.
 */
void
dc_image_cache_load_async (DcImageCache        *self,
                           const char          *uri,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) file = NULL;
  LoadData *data;

  g_return_if_fail (DC_IS_IMAGE_CACHE (self));
  g_return_if_fail (uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_image_cache_load_async);
  data = g_new0 (LoadData, 1);
  data->uri = g_strdup (uri);
  data->path = dc_image_cache_path_for_uri (self, uri);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  file = g_file_new_for_path (data->path);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, cancellable, query_cb, g_steal_pointer (&task));
}

GdkTexture *
dc_image_cache_load_finish (DcImageCache  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DC_IS_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
