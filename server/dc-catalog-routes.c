/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-catalog-routes"

#include "config.h"

#include "dc-catalog-service.h"
#include "dc-error.h"
#include "dc-language.h"
#include "dc-routes.h"
#include "dc-search-text.h"
#include "dc-server.h"

/* Card routes are public: Scryfall's terms do not allow gating its data behind accounts. */

#define SEARCH_CACHE_PREFIX     "card:search:"
#define SEARCH_CACHE_LIFETIME_S 60
/* A bound on what the answers may hold, since the lifetime alone does not bound a
 * stream of different queries: past it, the cached answers are dropped together. */
#define SEARCH_CACHE_MAX_BYTES  (32 * 1024 * 1024)

/* Per server: the catalog download of the current version, and the data_version the
 * cached search answers belong to. */
typedef struct
{
  DcCatalogFile *file;
  gint64         data_version;
  gsize          search_bytes;  /* added to the cache since it was last emptied */
} CatalogState;

static void
catalog_state_free (gpointer data)
{
  CatalogState *state = data;

  g_clear_pointer (&state->file, dc_catalog_file_unref);
  g_free (state);
}

static CatalogState *
catalog_state (DcServer *server)
{
  static GQuark quark;
  CatalogState *state;

  if (quark == 0)
    quark = g_quark_from_static_string ("dc-catalog-state");
  state = g_object_get_qdata (G_OBJECT (server), quark);
  if (state == NULL)
    {
      state = g_new0 (CatalogState, 1);
      state->data_version = -1;
      g_object_set_qdata_full (G_OBJECT (server), quark, state, catalog_state_free);
    }
  return state;
}

static DcStore *
request_store (DcRequest *request)
{
  return dc_server_get_store (dc_request_get_server (request));
}

/* Search answers live in the server's cache (DESIGN §9) under card:search:…, for the
 * database's data_version: any commit by another connection, such as an import, changes
 * it, and the older answers are dropped before one could be served. The server itself
 * never writes the catalog. Requests that fold to the same words share an answer. */
static char *
search_cache_key (DcRequest  *request,
                  gint64      limit,
                  GError    **error)
{
  DcServer *server = dc_request_get_server (request);
  CatalogState *state = catalog_state (server);
  const char *q = dc_request_get_query (request, "q");
  const char *set = dc_request_get_query (request, "set");
  const char *lang = dc_request_get_query (request, "lang");
  g_autofree char *folded = NULL;
  g_autofree char *set_folded = NULL;
  gint64 data_version;

  /* Invalid requests are not cached: the service answers them with the error. */
  if (q == NULL || !g_utf8_validate (q, -1, NULL) ||
      (lang != NULL && *lang != '\0' && dc_language_normalize (lang, FALSE) == NULL))
    return NULL;
  data_version = dc_catalog_store_data_version (request_store (request), error);
  if (data_version < 0)
    return NULL;
  if (data_version != state->data_version || state->search_bytes > SEARCH_CACHE_MAX_BYTES)
    {
      dc_cache_remove_prefix (dc_server_get_cache (server), SEARCH_CACHE_PREFIX);
      state->data_version = data_version;
      state->search_bytes = 0;
    }
  folded = dc_search_fold_key (q);
  set_folded = g_ascii_strdown (set ? set : "", -1);
  return g_strdup_printf (SEARCH_CACHE_PREFIX "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                          ":%s:%s:%s", data_version, limit, set_folded,
                          lang && *lang ? dc_language_normalize (lang, FALSE) : "", folded);
}

static JsonNode *
search_cb (DcRequest  *request,
           GError    **error)
{
  DcCache *cache = dc_server_get_cache (dc_request_get_server (request));
  g_autoptr(GBytes) body = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) key_error = NULL;
  gint64 limit;

  if (!dc_request_get_query_int (request, "limit", 1, DC_SEARCH_LIMIT_MAX,
                                 DC_SEARCH_LIMIT_DEFAULT, &limit, error))
    return NULL;
  key = search_cache_key (request, limit, &key_error);
  if (key_error != NULL)
    g_warning ("Search answers are not cached: %s", key_error->message);
  if (key != NULL)
    body = dc_cache_get (cache, key);
  if (body == NULL)
    {
      body = dc_catalog_search (request_store (request), dc_request_get_query (request, "q"),
                                dc_request_get_query (request, "set"),
                                dc_request_get_query (request, "lang"), (guint) limit, error);
      if (body == NULL)
        return NULL;
      if (key != NULL)
        {
          dc_cache_set (cache, key, body, (GBoxedCopyFunc) g_bytes_ref,
                        (GDestroyNotify) g_bytes_unref, SEARCH_CACHE_LIFETIME_S);
          catalog_state (dc_request_get_server (request))->search_bytes +=
            g_bytes_get_size (body) + strlen (key);
        }
    }
  dc_request_set_raw_body (request, "application/json", body);
  return NULL;
}

static JsonNode *
card_cb (DcRequest  *request,
         GError    **error)
{
  g_autoptr(GBytes) body = dc_catalog_get_card (request_store (request),
                                                dc_request_get_param (request, "id"), error);

  if (body != NULL)
    dc_request_set_raw_body (request, "application/json", body);
  return NULL;
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

/* The full catalog file is built once per catalog version, by the import that made the
 * version, and kept in memory here; the version is one indexed read, so a changed catalog
 * is noticed on the next request. Only when no import left a file (a database from before
 * catalog files, or a request in the moment between an import's commit and its file) does
 * the server build it itself. */
static DcCatalogFile *
current_catalog_file (DcServer  *server,
                      gint64     version,
                      GError   **error)
{
  CatalogState *state = catalog_state (server);
  DcStore *store = dc_server_get_store (server);
  g_autoptr(GError) local_error = NULL;
  DcCatalogFile *file;

  if (state->file != NULL && state->file->version == version)
    return dc_catalog_file_ref (state->file);

  file = dc_catalog_file_load (store, version, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (file == NULL)
    {
      file = dc_catalog_file_build (store, 0, error);
      if (file == NULL)
        return NULL;
      g_debug ("Built the catalog file of version %" G_GINT64_FORMAT ": %u cards, %zu bytes",
               file->version, file->cards, g_bytes_get_size (file->gz));
    }
  g_clear_pointer (&state->file, dc_catalog_file_unref);
  state->file = dc_catalog_file_ref (file);
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
  dc_router_add (router, "GET", "/api/cards/search", DC_ROUTE_PUBLIC, search_cb);
  dc_router_add (router, "GET", "/api/cards/catalog", DC_ROUTE_PUBLIC, catalog_cb);
  dc_router_add (router, "GET", "/api/cards/{id}", DC_ROUTE_PUBLIC, card_cb);
  dc_router_add (router, "GET", "/api/cards/{id}/history", DC_ROUTE_PUBLIC, history_cb);
}
