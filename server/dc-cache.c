/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-cache"

#include "config.h"

#include "dc-cache.h"

typedef struct
{
  gpointer       value;
  GBoxedCopyFunc ref_func;
  GDestroyNotify unref_func;
  gint64         expires_us;
} Entry;

struct _DcCache
{
  GMutex      mutex;
  GHashTable *entries;
  guint       writes;
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  entry->unref_func (entry->value);
  g_free (entry);
}

DcCache *
dc_cache_new (void)
{
  DcCache *cache = g_new0 (DcCache, 1);

  g_mutex_init (&cache->mutex);
  cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  return cache;
}

void
dc_cache_free (DcCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->entries);
  g_mutex_clear (&cache->mutex);
  g_free (cache);
}

static gboolean
expired_cb (gpointer key,
            gpointer value,
            gpointer user_data)
{
  Entry *entry = value;

  return entry->expires_us <= *(gint64 *) user_data;
}

void
dc_cache_set (DcCache        *cache,
              const char     *key,
              gpointer        value,
              GBoxedCopyFunc  ref_func,
              GDestroyNotify  unref_func,
              guint           lifetime_s)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->mutex);
  Entry *entry = g_new0 (Entry, 1);
  gint64 now = g_get_monotonic_time ();

  entry->value = ref_func (value);
  entry->ref_func = ref_func;
  entry->unref_func = unref_func;
  entry->expires_us = now + (gint64) lifetime_s * G_USEC_PER_SEC;
  g_hash_table_replace (cache->entries, g_strdup (key), entry);

  if (++cache->writes % 4096 == 0)
    g_hash_table_foreach_remove (cache->entries, expired_cb, &now);
}

gpointer
dc_cache_get (DcCache    *cache,
              const char *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->mutex);
  Entry *entry = g_hash_table_lookup (cache->entries, key);

  if (entry == NULL)
    return NULL;
  if (entry->expires_us <= g_get_monotonic_time ())
    {
      g_hash_table_remove (cache->entries, key);
      return NULL;
    }
  return entry->ref_func (entry->value);
}

void
dc_cache_remove (DcCache    *cache,
                 const char *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->mutex);

  g_hash_table_remove (cache->entries, key);
}

static gboolean
has_prefix_cb (gpointer key,
               gpointer value,
               gpointer user_data)
{
  return g_str_has_prefix (key, user_data);
}

void
dc_cache_remove_prefix (DcCache    *cache,
                        const char *prefix)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->mutex);

  g_hash_table_foreach_remove (cache->entries, has_prefix_cb, (gpointer) prefix);
}

guint
dc_cache_size (DcCache *cache)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache->mutex);

  return g_hash_table_size (cache->entries);
}
