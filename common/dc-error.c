/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-error"

#include "config.h"

#include "dc-error.h"

typedef struct
{
  char       *code;
  JsonObject *details;
} DcApiErrorPrivate;

static void
dc_api_error_private_init (DcApiErrorPrivate *priv)
{
  priv->code = NULL;
  priv->details = NULL;
}

static void
dc_api_error_private_copy (const DcApiErrorPrivate *src,
                           DcApiErrorPrivate       *dest)
{
  dest->code = g_strdup (src->code);
  dest->details = src->details ? json_object_ref (src->details) : NULL;
}

static void
dc_api_error_private_clear (DcApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->details, json_object_unref);
}

G_DEFINE_EXTENDED_ERROR (DcApiError, dc_api_error)

static const struct
{
  guint       status;
  const char *code;
} kinds[] = {
  [DC_API_ERROR_BAD_REQUEST] = { 400, "request.bad" },
  [DC_API_ERROR_UNAUTHORIZED] = { 401, "auth.unauthorized" },
  [DC_API_ERROR_FORBIDDEN] = { 403, "auth.forbidden" },
  [DC_API_ERROR_NOT_FOUND] = { 404, "not_found" },
  [DC_API_ERROR_METHOD_NOT_ALLOWED] = { 405, "request.method_not_allowed" },
  [DC_API_ERROR_CONFLICT] = { 409, "conflict" },
  [DC_API_ERROR_PAYLOAD_TOO_LARGE] = { 413, "request.too_large" },
  [DC_API_ERROR_UNSUPPORTED_MEDIA] = { 415, "request.unsupported_media_type" },
  [DC_API_ERROR_VALIDATION] = { 422, "validation.failed" },
  [DC_API_ERROR_LOCKED] = { 423, "locked" },
  [DC_API_ERROR_RATE_LIMITED] = { 429, "rate_limited" },
  [DC_API_ERROR_INTERNAL] = { 500, "internal" },
  [DC_API_ERROR_BAD_GATEWAY] = { 502, "upstream.failed" },
  [DC_API_ERROR_UNAVAILABLE] = { 503, "unavailable" },
};

guint
dc_api_error_kind_to_status (DcApiErrorKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kinds))
    return 500;
  return kinds[kind].status;
}

DcApiErrorKind
dc_api_error_kind_from_status (guint status)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].status == status)
      return (DcApiErrorKind) i;
  if (status >= 400 && status < 500)
    return DC_API_ERROR_BAD_REQUEST;
  return DC_API_ERROR_INTERNAL;
}

const char *
dc_api_error_default_code (DcApiErrorKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kinds))
    return "internal";
  return kinds[kind].code;
}

void
dc_api_error_set (GError         **error,
                  DcApiErrorKind   kind,
                  const char      *code,
                  JsonObject      *details,
                  const char      *format,
                  ...)
{
  g_autoptr(JsonObject) owned_details = details;
  g_autofree char *message = NULL;
  DcApiErrorPrivate *priv;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (DC_API_ERROR, kind, message);
  priv = dc_api_error_get_private (new_error);
  priv->code = g_strdup (code ? code : dc_api_error_default_code (kind));
  priv->details = g_steal_pointer (&owned_details);
  g_propagate_error (error, new_error);
}

/* A 422 naming the field that failed, as every validation error should. */
void
dc_api_error_set_field (GError     **error,
                        const char  *field,
                        const char  *format,
                        ...)
{
  g_autofree char *message = NULL;
  JsonObject *details;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  details = json_object_new ();
  json_object_set_string_member (details, "field", field);
  dc_api_error_set (error, DC_API_ERROR_VALIDATION, "validation.failed", details, "%s", message);
}

const char *
dc_api_error_get_code (const GError *error)
{
  DcApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != DC_API_ERROR)
    return "internal";
  priv = dc_api_error_get_private (error);
  return priv->code ? priv->code : dc_api_error_default_code (error->code);
}

JsonObject *
dc_api_error_get_details (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != DC_API_ERROR)
    return NULL;
  return dc_api_error_get_private (error)->details;
}

JsonNode *
dc_error_envelope_build (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *details;
  gboolean is_api;

  g_return_val_if_fail (error != NULL, NULL);

  is_api = error->domain == DC_API_ERROR;
  details = dc_api_error_get_details (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, dc_api_error_get_code (error));
  json_builder_set_member_name (builder, "message");
  /* Errors from other domains may carry SQL or paths: never leak them. */
  json_builder_add_string_value (builder, is_api ? error->message : "Internal server error");
  json_builder_set_member_name (builder, "details");
  if (details != NULL)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, details);
      json_builder_add_value (builder, node);
    }
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
dc_error_envelope_to_string (const GError *error)
{
  g_autoptr(JsonNode) node = dc_error_envelope_build (error);

  return json_to_string (node, FALSE);
}

GError *
dc_error_envelope_parse (guint       status,
                         const char *body,
                         gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  DcApiErrorKind kind = dc_api_error_kind_from_status (status);
  JsonObject *root, *err;
  GError *result = NULL;

  if (body != NULL && length > 0 &&
      json_parser_load_from_data (parser, body, length, &local_error) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
      (root = json_node_get_object (json_parser_get_root (parser))) != NULL &&
      json_object_has_member (root, "error") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "error")))
    {
      JsonObject *details = NULL;

      err = json_object_get_object_member (root, "error");
      if (json_object_has_member (err, "details") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (err, "details")))
        details = json_object_ref (json_object_get_object_member (err, "details"));
      dc_api_error_set (&result, kind,
                        json_object_get_string_member_with_default (err, "code", NULL),
                        details, "%s",
                        json_object_get_string_member_with_default (err, "message",
                                                                    "Unknown error"));
      return result;
    }

  dc_api_error_set (&result, kind, NULL, NULL, "HTTP error %u", status);
  return result;
}
