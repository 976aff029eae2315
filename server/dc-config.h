/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DcConfig:
 *
 * Settings from the environment, falling back to a `.env` file (DESIGN §12). The
 * environment always wins over the file, so a test can override one value.
 */
typedef struct _DcConfig DcConfig;

DcConfig   *dc_config_new            (void);
DcConfig   *dc_config_new_from_file  (const char  *env_file,
                                      GError     **error);
DcConfig   *dc_config_ref            (DcConfig    *config);
void        dc_config_free           (DcConfig    *config);
const char *dc_config_get            (DcConfig    *config,
                                      const char  *key);
const char *dc_config_get_default    (DcConfig    *config,
                                      const char  *key,
                                      const char  *fallback);
gboolean    dc_config_get_boolean    (DcConfig    *config,
                                      const char  *key,
                                      gboolean     fallback);
gint64      dc_config_get_int        (DcConfig    *config,
                                      const char  *key,
                                      gint64       fallback);
void        dc_config_set            (DcConfig    *config,
                                      const char  *key,
                                      const char  *value);
char       *dc_config_dup_db_path    (DcConfig    *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcConfig, dc_config_free)

G_END_DECLS
