/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-catalog-routes"

#include "config.h"

#include "dc-catalog-service.h"
#include "dc-error.h"
#include "dc-routes.h"
#include "dc-server.h"

/* Card routes are public: Scryfall's terms do not allow gating its data behind accounts. */

static GQuark
catalog_file_quark (void)
{
  return g_quark_from_static_string ("dc-catalog-file");
}

static DcStore *
request_store (DcRequest *request)
{
  return dc_server_get_store (dc_request_get_server (request));
}

static JsonNode *
search_cb (DcRequest  *request,
           GError    **error)
{
  gint64 limit;

  if (!dc_request_get_query_int (request, "limit", 1, DC_SEARCH_LIMIT_MAX,
                                 DC_SEARCH_LIMIT_DEFAULT, &limit, error))
    return NULL;
  return dc_catalog_search (request_store (request), dc_request_get_query (request, "q"),
                            dc_request_get_query (request, "set"),
                            dc_request_get_query (request, "lang"), (guint) limit, error);
}

static JsonNode *
card_cb (DcRequest  *request,
         GError    **error)
{
  return dc_catalog_get_card (request_store (request), dc_request_get_param (request, "id"),
                              error);
}

static JsonNode *
history_cb (DcRequest  *request,
            GError    **error)
{
  gint64 days;

  if (!dc_request_get_query_int (request, "days", 1, DC_HISTORY_DAYS_MAX,
                                 DC_HISTORY_DAYS_DEFAULT, &days, error))
    return NULL;
  return dc_catalog_get_history (request_store (request), dc_request_get_param (request, "id"),
                                 (guint) days, error);
}

/* If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
static gboolean
etag_matches (const char *header,
              const char *etag)
{
  GSList *list;
  gboolean match = FALSE;

  if (header == NULL)
    return FALSE;
  list = soup_header_parse_list (header);
  for (GSList *l = list; l != NULL && !match; l = l->next)
    {
      const char *candidate = l->data;

      if (g_str_has_prefix (candidate, "W/"))
        candidate += 2;
      match = g_str_equal (candidate, "*") || g_str_equal (candidate, etag);
    }
  soup_header_free_list (list);
  return match;
}

/* The full catalog is built once per catalog version and kept in memory; the version is
 * one indexed read, so a changed catalog is noticed on the next request. */
static DcCatalogFile *
current_catalog_file (DcServer  *server,
                      gint64     version,
                      GError   **error)
{
  DcCatalogFile *cached = g_object_get_qdata (G_OBJECT (server), catalog_file_quark ());
  DcCatalogFile *file;

  if (cached != NULL && cached->version == version)
    return dc_catalog_file_ref (cached);

  file = dc_catalog_file_build (dc_server_get_store (server), 0, error);
  if (file == NULL)
    return NULL;
  g_debug ("Built the catalog file of version %" G_GINT64_FORMAT ": %u cards, %zu bytes",
           file->version, file->cards, g_bytes_get_size (file->gz));
  g_object_set_qdata_full (G_OBJECT (server), catalog_file_quark (), dc_catalog_file_ref (file),
                           (GDestroyNotify) dc_catalog_file_unref);
  return file;
}

static JsonNode *
catalog_cb (DcRequest  *request,
            GError    **error)
{
  DcServer *server = dc_request_get_server (request);
  g_autoptr(DcCatalogFile) file = NULL;
  g_autofree char *version_text = NULL;
  g_autofree char *disposition = NULL;
  gint64 since;
  gint64 version;

  if (!dc_request_get_query_int (request, "since", 0, G_MAXINT64, 0, &since, error))
    return NULL;
  version = dc_catalog_store_get_version (dc_server_get_store (server), error);
  if (version < 0)
    return NULL;
  if (since > version)
    {
      dc_api_error_set_field (error, "since",
                              "since is newer than the catalog (version %" G_GINT64_FORMAT
                              "); download the whole catalog", version);
      return NULL;
    }

  if (since > 0)
    file = dc_catalog_file_build (dc_server_get_store (server), since, error);
  else
    file = current_catalog_file (server, version, error);
  if (file == NULL)
    return NULL;

  version_text = g_strdup_printf ("%" G_GINT64_FORMAT, file->version);
  dc_request_set_header (request, "ETag", file->etag);
  dc_request_set_header (request, "X-Catalog-Version", version_text);
  dc_request_set_header (request, "Cache-Control", "no-cache");
  if (etag_matches (dc_request_get_header (request, "If-None-Match"), file->etag))
    {
      dc_request_set_status (request, 304);
      return NULL;
    }

  disposition = g_strdup_printf ("attachment; filename=\"dualcaster-catalog-%s%s.jsonl.gz\"",
                                 version_text, since > 0 ? "-delta" : "");
  dc_request_set_header (request, "Content-Disposition", disposition);
  dc_request_set_raw_body (request, "application/gzip", file->gz);
  return NULL;
}

void
dc_catalog_routes_register (DcRouter *router)
{
  /* Fixed paths before /api/cards/{id}: the router takes the first match. */
  dc_router_add (router, "GET", "/api/cards/search", DC_ROUTE_PUBLIC, search_cb);
  dc_router_add (router, "GET", "/api/cards/catalog", DC_ROUTE_PUBLIC, catalog_cb);
  dc_router_add (router, "GET", "/api/cards/{id}", DC_ROUTE_PUBLIC, card_cb);
  dc_router_add (router, "GET", "/api/cards/{id}/history", DC_ROUTE_PUBLIC, history_cb);
}
