/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The in-process cache of DESIGN §9: string keys ("user:profile:alice") to reference-counted
 * values with a lifetime. Every write path that makes a value stale removes its key; the
 * lifetime only bounds memory, it never excuses a stale answer.
 */
typedef struct _DcCache DcCache;

DcCache  *dc_cache_new            (void);
void      dc_cache_free           (DcCache        *cache);
/* Takes a reference on @value through @ref_func and releases it with @unref_func. */
void      dc_cache_set            (DcCache        *cache,
                                   const char     *key,
                                   gpointer        value,
                                   GBoxedCopyFunc  ref_func,
                                   GDestroyNotify  unref_func,
                                   guint           lifetime_s);
/* Returns a new reference, or NULL on a miss or an expired entry. */
gpointer  dc_cache_get            (DcCache        *cache,
                                   const char     *key);
void      dc_cache_remove         (DcCache        *cache,
                                   const char     *key);
void      dc_cache_remove_prefix  (DcCache        *cache,
                                   const char     *prefix);
guint     dc_cache_size           (DcCache        *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcCache, dc_cache_free)

G_END_DECLS
