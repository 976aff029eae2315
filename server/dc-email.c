/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-email"

#include "config.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dc-email.h"

#define CONNECT_TIMEOUT_S 10
#define TOTAL_TIMEOUT_S   60
#define RESPONSE_MAX      (64 * 1024)

struct _DcEmailSender
{
  DcEmailProvider  provider;
  char            *from_address;
  char            *from_name;
  char            *description;

  char            *smtp_url;
  char            *smtp_user;
  char            *smtp_password;
  char            *smtp_ca_file;
  gboolean         smtp_tls;

  char            *api_url;
  char            *api_key;
};

G_DEFINE_QUARK (dc-email-error-quark, dc_email_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, curl_easy_cleanup)

static void
ensure_curl (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialized, 1);
    }
}

gboolean
dc_email_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || strlen (address) > 254 || !g_utf8_validate (address, -1, NULL))
    return FALSE;
  at = strrchr (address, '@');
  if (at == NULL || at == address || at[1] == '\0' || strchr (at + 1, '.') == NULL)
    return FALSE;
  for (const char *p = address; *p; p++)
    if ((guchar) *p <= ' ' || strchr ("<>()[],;:\\\"", *p) != NULL)
      return FALSE;
  return TRUE;
}

/* A header value on one line: control characters (CR, LF above all) become spaces, so
 * nothing a user typed can add a header. */
static char *
header_safe (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  for (char *p = copy; *p; p++)
    if ((guchar) *p < ' ' || *p == 0x7f)
      *p = ' ';
  return copy;
}

static gboolean
is_ascii (const char *text)
{
  for (; *text; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;
  return TRUE;
}

/* RFC 2047 encoded words (UTF-8, base64) for a header value that is not plain ASCII,
 * each word under 76 characters and never splitting a character. */
static void
append_encoded_words (GString    *out,
                      const char *text)
{
  const char *p = text;
  gboolean first = TRUE;

  while (*p)
    {
      const char *end = p;
      g_autofree char *b64 = NULL;

      /* 39 bytes of UTF-8 are 52 characters of base64, a 64-character word: a line stays
       * under 78 even after "Subject: ". */
      while (*end && (end - p) + (g_utf8_next_char (end) - end) <= 39)
        end = g_utf8_next_char (end);
      if (end == p)
        end = g_utf8_next_char (end);
      b64 = g_base64_encode ((const guchar *) p, end - p);
      g_string_append_printf (out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", b64);
      first = FALSE;
      p = end;
    }
}

static void
append_header_text (GString    *out,
                    const char *name,
                    const char *value)
{
  g_autofree char *safe = header_safe (value);

  g_string_append_printf (out, "%s: ", name);
  if (is_ascii (safe))
    g_string_append (out, safe);
  else
    append_encoded_words (out, safe);
  g_string_append (out, "\r\n");
}

/* "Name <address>" with the name quoted or encoded as it needs. */
static void
append_mailbox (GString    *out,
                const char *name,
                const char *address)
{
  g_autofree char *safe = header_safe (name);

  if (*safe == '\0')
    {
      g_string_append_printf (out, "<%s>", address);
      return;
    }
  if (!is_ascii (safe))
    append_encoded_words (out, safe);
  else if (strpbrk (safe, "()<>[]:;@\\,.\"") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = safe; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, safe);
  g_string_append_printf (out, " <%s>", address);
}

static void
append_base64_lines (GString    *out,
                     const char *text)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) text, strlen (text));
  gsize len = strlen (b64);

  for (gsize i = 0; i < len; i += 76)
    {
      g_string_append_len (out, b64 + i, MIN (76, len - i));
      g_string_append (out, "\r\n");
    }
}

static void
append_part (GString    *out,
             const char *type,
             const char *body)
{
  g_string_append_printf (out, "Content-Type: %s; charset=utf-8\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\n", type);
  append_base64_lines (out, body);
}

/* An RFC 5322 date; month and day names are English whatever the locale. */
static char *
rfc5322_date (gint64 now_ms)
{
  static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                  "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now_ms / 1000);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (dt) - 1],
                          g_date_time_get_day_of_month (dt),
                          months[g_date_time_get_month (dt) - 1], g_date_time_get_year (dt),
                          g_date_time_get_hour (dt), g_date_time_get_minute (dt),
                          g_date_time_get_second (dt));
}

static const char *
address_domain (const char *address)
{
  const char *at = address ? strrchr (address, '@') : NULL;

  return at && at[1] ? at + 1 : "localhost";
}

char *
dc_email_build_mime (const char           *from_name,
                     const char           *from_address,
                     const DcEmailMessage *message,
                     gint64                now_ms)
{
  GString *out = g_string_new (NULL);
  g_autofree char *date = rfc5322_date (now_ms);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *boundary = NULL;

  g_return_val_if_fail (message != NULL && message->to != NULL, NULL);

  g_string_append_printf (out, "Date: %s\r\n", date);
  g_string_append (out, "From: ");
  append_mailbox (out, from_name, from_address);
  g_string_append_printf (out, "\r\nTo: <%s>\r\n", message->to);
  append_header_text (out, "Subject", message->subject);
  g_string_append_printf (out, "Message-ID: <%s@%s>\r\n", uuid, address_domain (from_address));
  g_string_append (out, "MIME-Version: 1.0\r\n");
  if (message->html == NULL)
    {
      append_part (out, "text/plain", message->text ? message->text : "");
      return g_string_free (out, FALSE);
    }

  boundary = g_strdup_printf ("=_dc_%s", uuid);
  g_string_append_printf (out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n",
                          boundary);
  g_string_append_printf (out, "--%s\r\n", boundary);
  append_part (out, "text/plain", message->text ? message->text : "");
  g_string_append_printf (out, "--%s\r\n", boundary);
  append_part (out, "text/html", message->html);
  g_string_append_printf (out, "--%s--\r\n", boundary);
  return g_string_free (out, FALSE);
}

/* --- configuration -------------------------------------------------------------------- */

static gboolean
config_error (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
config_error (GError     **error,
              const char  *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, DC_EMAIL_ERROR, DC_EMAIL_ERROR_CONFIG, message);
  return FALSE;
}

static const char *
non_empty (DcConfig   *config,
           const char *key)
{
  const char *value = dc_config_get (config, key);

  return value != NULL && *value != '\0' ? value : NULL;
}

static char *
api_base (DcConfig    *config,
          const char  *key,
          const char  *fallback,
          GError     **error)
{
  const char *base = non_empty (config, key);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *copy = NULL;
  gsize len;

  if (base == NULL)
    base = fallback;
  uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      config_error (error, "%s must be an http(s) URL", key);
      return NULL;
    }
  copy = g_strdup (base);
  len = strlen (copy);
  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return g_steal_pointer (&copy);
}

static gboolean
setup_smtp (DcEmailSender  *self,
            DcConfig       *config,
            GError        **error)
{
  const char *host = non_empty (config, "SMTP_HOST");
  gint64 port = dc_config_get_int (config, "SMTP_PORT", 587);
  g_autofree char *host_part = NULL;

  if (host == NULL)
    return config_error (error, "EMAIL_PROVIDER=smtp needs SMTP_HOST");
  for (const char *p = host; *p; p++)
    if ((guchar) *p <= ' ' || *p == '/' || *p == '@')
      return config_error (error, "SMTP_HOST must be a host name or address");
  if (port < 1 || port > 65535)
    return config_error (error, "SMTP_PORT must be a port number (587 by default)");

  self->smtp_tls = dc_config_get_boolean (config, "SMTP_USE_TLS", TRUE);
  self->smtp_user = g_strdup (non_empty (config, "SMTP_USER"));
  self->smtp_password = g_strdup (dc_config_get (config, "SMTP_PASSWORD"));
  self->smtp_ca_file = g_strdup (non_empty (config, "SMTP_CA_FILE"));
  if (self->smtp_user != NULL && self->smtp_password == NULL)
    return config_error (error, "SMTP_USER is set but SMTP_PASSWORD is not");

  host_part = strchr (host, ':') ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  /* 465 is TLS from the first byte (smtps); any other port upgrades with STARTTLS. The path
   * is the name curl gives in EHLO. */
  self->smtp_url = g_strdup_printf ("%s://%s:%d/%s",
                                    self->smtp_tls && port == 465 ? "smtps" : "smtp",
                                    host_part, (int) port,
                                    address_domain (self->from_address));
  self->description = g_strdup_printf ("smtp to %s:%d%s%s", host, (int) port,
                                       !self->smtp_tls ? " without TLS"
                                       : port == 465 ? " with TLS" : " with STARTTLS",
                                       self->smtp_user ? ", AUTH as the configured user" : "");
  if (!self->smtp_tls && self->smtp_user != NULL)
    g_warning ("SMTP_USE_TLS is off: the SMTP password crosses the network unencrypted");
  return TRUE;
}

static gboolean
setup_http (DcEmailSender  *self,
            DcConfig       *config,
            const char     *name,
            const char     *key_name,
            const char     *base_name,
            const char     *default_base,
            const char     *path,
            GError        **error)
{
  const char *key = non_empty (config, key_name);
  g_autofree char *base = NULL;

  if (key == NULL)
    return config_error (error, "EMAIL_PROVIDER=%s needs %s", name, key_name);
  for (const char *p = key; *p; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f)
      return config_error (error, "%s contains spaces or control characters", key_name);
  base = api_base (config, base_name, default_base, error);
  if (base == NULL)
    return FALSE;
  self->api_key = g_strdup (key);
  self->api_url = g_strconcat (base, path, NULL);
  self->description = g_strdup_printf ("%s at %s", name, base);
  return TRUE;
}

DcEmailSender *
dc_email_sender_new (DcConfig  *config,
                     GError   **error)
{
  g_autoptr(DcEmailSender) self = g_new0 (DcEmailSender, 1);
  const char *provider;

  g_return_val_if_fail (config != NULL, NULL);

  ensure_curl ();
  provider = dc_config_get (config, "EMAIL_PROVIDER");
  self->from_address = g_strdup (non_empty (config, "EMAIL_FROM_ADDRESS"));
  self->from_name = header_safe (dc_config_get_default (config, "EMAIL_FROM_NAME",
                                                        "Dualcaster Deals"));

  if (provider == NULL || *provider == '\0' || g_ascii_strcasecmp (provider, "console") == 0)
    {
      self->provider = DC_EMAIL_PROVIDER_CONSOLE;
      self->description = g_strdup ("the console (EMAIL_PROVIDER is empty: messages are "
                                    "logged, not sent)");
      if (self->from_address == NULL)
        self->from_address = g_strdup ("noreply@localhost");
      return g_steal_pointer (&self);
    }

  if (g_ascii_strcasecmp (provider, "smtp") == 0)
    self->provider = DC_EMAIL_PROVIDER_SMTP;
  else if (g_ascii_strcasecmp (provider, "resend") == 0)
    self->provider = DC_EMAIL_PROVIDER_RESEND;
  else if (g_ascii_strcasecmp (provider, "sendgrid") == 0)
    self->provider = DC_EMAIL_PROVIDER_SENDGRID;
  else
    {
      g_autofree char *safe = header_safe (provider);

      config_error (error, "EMAIL_PROVIDER “%s” is not one of smtp, resend, sendgrid (or empty "
                    "for the console)", safe);
      return NULL;
    }

  if (self->from_address == NULL)
    {
      config_error (error, "EMAIL_PROVIDER=%s needs EMAIL_FROM_ADDRESS", provider);
      return NULL;
    }
  if (!dc_email_address_is_valid (self->from_address))
    {
      config_error (error, "EMAIL_FROM_ADDRESS is not an email address");
      return NULL;
    }

  switch (self->provider)
    {
    case DC_EMAIL_PROVIDER_SMTP:
      if (!setup_smtp (self, config, error))
        return NULL;
      break;
    case DC_EMAIL_PROVIDER_RESEND:
      if (!setup_http (self, config, "resend", "RESEND_API_KEY", "RESEND_API_BASE",
                       "https://api.resend.com", "/emails", error))
        return NULL;
      break;
    case DC_EMAIL_PROVIDER_SENDGRID:
      if (!setup_http (self, config, "sendgrid", "SENDGRID_API_KEY", "SENDGRID_API_BASE",
                       "https://api.sendgrid.com", "/v3/mail/send", error))
        return NULL;
      break;
    case DC_EMAIL_PROVIDER_CONSOLE:
    default:
      g_assert_not_reached ();
    }
  return g_steal_pointer (&self);
}

void
dc_email_sender_free (DcEmailSender *self)
{
  if (self == NULL)
    return;
  g_free (self->from_address);
  g_free (self->from_name);
  g_free (self->description);
  g_free (self->smtp_url);
  g_free (self->smtp_user);
  if (self->smtp_password)
    memset (self->smtp_password, 0, strlen (self->smtp_password));
  g_free (self->smtp_password);
  g_free (self->smtp_ca_file);
  g_free (self->api_url);
  if (self->api_key)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  g_free (self);
}

DcEmailProvider
dc_email_sender_get_provider (DcEmailSender *self)
{
  return self->provider;
}

const char *
dc_email_sender_describe (DcEmailSender *self)
{
  return self->description;
}

/* --- transfers ------------------------------------------------------------------------ */

typedef struct
{
  const char *data;
  gsize       length;
  gsize       offset;
} Upload;

typedef struct
{
  GString *body;
  char    *message_id;
} Response;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  Upload *upload = user_data;
  gsize n = MIN (size * nitems, upload->length - upload->offset);

  memcpy (buffer, upload->data + upload->offset, n);
  upload->offset += n;
  return n;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Response *response = user_data;
  gsize n = size * nmemb;

  if (response->body->len < RESPONSE_MAX)
    g_string_append_len (response->body, data, MIN (n, RESPONSE_MAX - response->body->len));
  return n;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  Response *response = user_data;
  gsize n = size * nitems;
  static const char name[] = "x-message-id:";

  if (n > sizeof name - 1 && g_ascii_strncasecmp (data, name, sizeof name - 1) == 0)
    {
      g_free (response->message_id);
      response->message_id = g_strstrip (g_strndup (data + sizeof name - 1,
                                                    n - (sizeof name - 1)));
    }
  return n;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

static CURL *
new_handle (GCancellable *cancellable,
            char         *error_buffer)
{
  CURL *curl = curl_easy_init ();

  if (curl == NULL)
    return NULL;
  error_buffer[0] = '\0';
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) TOTAL_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);
  if (cancellable != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
      curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
    }
  return curl;
}

static gboolean
curl_failed (CURLcode      rc,
             const char   *what,
             const char   *error_buffer,
             GError      **error)
{
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    g_set_error (error, DC_EMAIL_ERROR, DC_EMAIL_ERROR_CANCELLED, "%s: cancelled", what);
  else
    g_set_error (error, DC_EMAIL_ERROR, DC_EMAIL_ERROR_SEND, "%s: %s%s%s", what,
                 curl_easy_strerror (rc), error_buffer[0] ? ": " : "", error_buffer);
  return FALSE;
}

static gboolean
send_smtp (DcEmailSender         *self,
           const DcEmailMessage  *message,
           GCancellable          *cancellable,
           char                 **out_provider_id,
           GError               **error)
{
  char error_buffer[CURL_ERROR_SIZE];
  g_autoptr(CURL) curl = new_handle (cancellable, error_buffer);
  g_autofree char *mime = NULL;
  g_autofree char *from = g_strdup_printf ("<%s>", self->from_address);
  g_autofree char *to = g_strdup_printf ("<%s>", message->to);
  struct curl_slist *recipients = NULL;
  Upload upload = { 0 };
  const char *id_start, *id_end;
  CURLcode rc;

  if (curl == NULL)
    return curl_failed (CURLE_OUT_OF_MEMORY, "SMTP", "", error);
  mime = dc_email_build_mime (self->from_name, self->from_address, message,
                              g_get_real_time () / 1000);
  upload.data = mime;
  upload.length = strlen (mime);
  recipients = curl_slist_append (NULL, to);

  curl_easy_setopt (curl, CURLOPT_URL, self->smtp_url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (self->smtp_tls)
    curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  if (self->smtp_ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, self->smtp_ca_file);
  if (self->smtp_user != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, self->smtp_user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, self->smtp_password);
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) upload.length);

  rc = curl_easy_perform (curl);
  curl_slist_free_all (recipients);
  if (rc != CURLE_OK)
    return curl_failed (rc, "SMTP", error_buffer, error);

  /* The Message-ID we gave it is the id to remember. */
  id_start = strstr (mime, "\r\nMessage-ID: <");
  if (id_start != NULL && out_provider_id != NULL)
    {
      id_start += strlen ("\r\nMessage-ID: <");
      id_end = strchr (id_start, '>');
      if (id_end != NULL)
        *out_provider_id = g_strndup (id_start, id_end - id_start);
    }
  return TRUE;
}

static char *
from_header (DcEmailSender *self)
{
  GString *out = g_string_new (NULL);

  append_mailbox (out, self->from_name, self->from_address);
  return g_string_free (out, FALSE);
}

static char *
resend_payload (DcEmailSender        *self,
                const DcEmailMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *from = from_header (self);
  g_autofree char *subject = header_safe (message->subject);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, message->to);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, message->text ? message->text : "");
  if (message->html != NULL)
    {
      json_builder_set_member_name (builder, "html");
      json_builder_add_string_value (builder, message->html);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
sendgrid_payload (DcEmailSender        *self,
                  const DcEmailMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *subject = header_safe (message->subject);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "personalizations");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, message->to);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "from");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, self->from_address);
  if (*self->from_name != '\0')
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, self->from_name);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject);

  /* SendGrid wants text/plain first, then text/html. */
  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "text/plain");
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, message->text ? message->text : "");
  json_builder_end_object (builder);
  if (message->html != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "text/html");
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, message->html);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The "id" member of a JSON answer (Resend's `{"id": …}`). */
static char *
json_id (const char *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, body, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                               "id", NULL));
}

static gboolean
send_http (DcEmailSender         *self,
           const char            *name,
           const char            *payload,
           const char            *idempotency_key,
           GCancellable          *cancellable,
           char                 **out_provider_id,
           GError               **error)
{
  char error_buffer[CURL_ERROR_SIZE];
  g_autoptr(CURL) curl = new_handle (cancellable, error_buffer);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", self->api_key, NULL);
  g_autofree char *idempotency = NULL;
  struct curl_slist *headers = NULL;
  Response response = { g_string_new (NULL), NULL };
  long status = 0;
  CURLcode rc;

  if (curl == NULL)
    {
      g_string_free (response.body, TRUE);
      return curl_failed (CURLE_OUT_OF_MEMORY, name, "", error);
    }
  headers = curl_slist_append (headers, auth);
  headers = curl_slist_append (headers, "Content-Type: application/json");
  headers = curl_slist_append (headers, "Accept: application/json");
  if (idempotency_key != NULL)
    {
      idempotency = g_strconcat ("Idempotency-Key: ", idempotency_key, NULL);
      headers = curl_slist_append (headers, idempotency);
    }
  curl_easy_setopt (curl, CURLOPT_URL, self->api_url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "dualcaster-server/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, payload);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) strlen (payload));
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, &response);

  rc = curl_easy_perform (curl);
  curl_slist_free_all (headers);
  memset (auth, 0, strlen (auth));
  if (rc == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);

  if (rc != CURLE_OK)
    curl_failed (rc, name, error_buffer, error);
  else if (status < 200 || status > 299)
    {
      /* The answer's first line says why (Resend and SendGrid explain in JSON); it never
       * holds our key. */
      g_autofree char *excerpt = g_utf8_make_valid (response.body->str,
                                                    MIN (response.body->len, 300));
      g_strdelimit (excerpt, "\r\n", ' ');
      g_set_error (error, DC_EMAIL_ERROR, DC_EMAIL_ERROR_SEND, "%s answered HTTP %ld%s%s", name,
                   status, *excerpt ? ": " : "", excerpt);
    }
  else if (out_provider_id != NULL)
    *out_provider_id = response.message_id ? g_strdup (response.message_id)
                                           : json_id (response.body->str);

  g_string_free (response.body, TRUE);
  g_free (response.message_id);
  return rc == CURLE_OK && status >= 200 && status <= 299;
}

gboolean
dc_email_sender_send (DcEmailSender         *self,
                      const DcEmailMessage  *message,
                      GCancellable          *cancellable,
                      char                 **out_provider_id,
                      GError               **error)
{
  g_autofree char *payload = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (!dc_email_address_is_valid (message->to))
    {
      g_set_error (error, DC_EMAIL_ERROR, DC_EMAIL_ERROR_SEND,
                   "the recipient is not an email address");
      return FALSE;
    }

  switch (self->provider)
    {
    case DC_EMAIL_PROVIDER_CONSOLE:
      {
        g_autofree char *subject = header_safe (message->subject);

        g_message ("email (console) to <%s>, subject “%s”:\n%s", message->to, subject,
                   message->text ? message->text : "");
        return TRUE;
      }
    case DC_EMAIL_PROVIDER_SMTP:
      return send_smtp (self, message, cancellable, out_provider_id, error);
    case DC_EMAIL_PROVIDER_RESEND:
      payload = resend_payload (self, message);
      return send_http (self, "Resend", payload, message->idempotency_key, cancellable,
                        out_provider_id, error);
    case DC_EMAIL_PROVIDER_SENDGRID:
      payload = sendgrid_payload (self, message);
      return send_http (self, "SendGrid", payload, NULL, cancellable, out_provider_id, error);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}
