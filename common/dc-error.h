/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * DcApiError:
 *
 * The one error domain that crosses the wire. Each kind maps to one HTTP status; the
 * dotted string code (`auth.account_locked`) and optional details travel with the GError
 * as extended-error private data, so the HTTP layer can build the JSON envelope
 * `{"error":{"code":…,"message":…,"details":{…}}}` in one place.
 */
typedef enum
{
  DC_API_ERROR_BAD_REQUEST,        /* 400 */
  DC_API_ERROR_UNAUTHORIZED,       /* 401 */
  DC_API_ERROR_FORBIDDEN,          /* 403 */
  DC_API_ERROR_NOT_FOUND,          /* 404 */
  DC_API_ERROR_METHOD_NOT_ALLOWED, /* 405 */
  DC_API_ERROR_CONFLICT,           /* 409 */
  DC_API_ERROR_PAYLOAD_TOO_LARGE,  /* 413 */
  DC_API_ERROR_UNSUPPORTED_MEDIA,  /* 415 */
  DC_API_ERROR_VALIDATION,         /* 422 */
  DC_API_ERROR_LOCKED,             /* 423 */
  DC_API_ERROR_RATE_LIMITED,       /* 429 */
  DC_API_ERROR_INTERNAL,           /* 500 */
  DC_API_ERROR_BAD_GATEWAY,        /* 502 */
  DC_API_ERROR_UNAVAILABLE,        /* 503 */
} DcApiErrorKind;

#define DC_API_ERROR (dc_api_error_quark ())
GQuark dc_api_error_quark (void);

void        dc_api_error_set            (GError         **error,
                                         DcApiErrorKind   kind,
                                         const char      *code,
                                         JsonObject      *details,
                                         const char      *format,
                                         ...) G_GNUC_PRINTF (5, 6);
void        dc_api_error_set_field      (GError         **error,
                                         const char      *field,
                                         const char      *format,
                                         ...) G_GNUC_PRINTF (3, 4);
const char *dc_api_error_get_code       (const GError    *error);
JsonObject *dc_api_error_get_details    (const GError    *error);
guint       dc_api_error_kind_to_status (DcApiErrorKind   kind);
DcApiErrorKind dc_api_error_kind_from_status (guint      status);
const char *dc_api_error_default_code   (DcApiErrorKind   kind);

JsonNode   *dc_error_envelope_build     (const GError    *error);
char       *dc_error_envelope_to_string (const GError    *error);
GError     *dc_error_envelope_parse     (guint            status,
                                         const char      *body,
                                         gsize            length);

G_END_DECLS
