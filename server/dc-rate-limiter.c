/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-rate-limiter"

#include "config.h"

#include "dc-rate-limiter.h"

typedef struct
{
  gint64 window_start_us;
  guint  hits;
} Bucket;

struct _DcRateLimiter
{
  guint       limit;
  gint64      window_us;
  GHashTable *buckets;
  GMutex      mutex;
  guint       checks;
};

DcRateLimiter *
dc_rate_limiter_new (guint limit,
                     guint window_s)
{
  DcRateLimiter *limiter = g_new0 (DcRateLimiter, 1);

  limiter->limit = limit;
  limiter->window_us = (gint64) window_s * G_USEC_PER_SEC;
  limiter->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&limiter->mutex);
  return limiter;
}

void
dc_rate_limiter_free (DcRateLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_hash_table_unref (limiter->buckets);
  g_mutex_clear (&limiter->mutex);
  g_free (limiter);
}

static gboolean
bucket_expired_cb (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  DcRateLimiter *limiter = user_data;
  Bucket *bucket = value;

  return g_get_monotonic_time () - bucket->window_start_us >= limiter->window_us;
}

gboolean
dc_rate_limiter_check (DcRateLimiter *limiter,
                       const char    *key,
                       gint64        *out_retry_after_s)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&limiter->mutex);
  gint64 now = g_get_monotonic_time ();
  Bucket *bucket;

  *out_retry_after_s = 0;

  /* Keep the table from growing without bound under many addresses. */
  if (++limiter->checks % 1024 == 0)
    g_hash_table_foreach_remove (limiter->buckets, bucket_expired_cb, limiter);

  bucket = g_hash_table_lookup (limiter->buckets, key);
  if (bucket == NULL || now - bucket->window_start_us >= limiter->window_us)
    {
      if (bucket == NULL)
        {
          bucket = g_new0 (Bucket, 1);
          g_hash_table_insert (limiter->buckets, g_strdup (key), bucket);
        }
      bucket->window_start_us = now;
      bucket->hits = 0;
    }

  if (bucket->hits >= limiter->limit)
    {
      gint64 left = bucket->window_start_us + limiter->window_us - now;
      *out_retry_after_s = MAX (1, (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      return FALSE;
    }
  bucket->hits++;
  return TRUE;
}
