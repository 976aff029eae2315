/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fixed-window counter per key (an IP, a user): at most @limit hits per @window_s. */
typedef struct _DcRateLimiter DcRateLimiter;

DcRateLimiter *dc_rate_limiter_new   (guint          limit,
                                      guint          window_s);
void           dc_rate_limiter_free  (DcRateLimiter *limiter);
/* Counts one hit; FALSE when over the limit, with the seconds until the window ends. */
gboolean       dc_rate_limiter_check (DcRateLimiter *limiter,
                                      const char    *key,
                                      gint64        *out_retry_after_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcRateLimiter, dc_rate_limiter_free)

G_END_DECLS
