/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DcServer  DcServer;
typedef struct _DcRouter  DcRouter;
typedef struct _DcRequest DcRequest;

G_END_DECLS
