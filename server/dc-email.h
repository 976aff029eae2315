/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-config.h"

G_BEGIN_DECLS

/*
 * Email delivery through EMAIL_PROVIDER (DESIGN §7.9, §12):
 *
 *   (empty)   the console: each message is logged to stderr, nothing leaves the machine;
 *   smtp      libcurl smtp:// to SMTP_HOST:SMTP_PORT (587), STARTTLS required when
 *             SMTP_USE_TLS (default true; port 465 means TLS from the first byte), AUTH with
 *             SMTP_USER / SMTP_PASSWORD when set; SMTP_CA_FILE trusts a private CA;
 *   resend    POST {RESEND_API_BASE, default https://api.resend.com}/emails with
 *             `Authorization: Bearer RESEND_API_KEY`;
 *   sendgrid  POST {SENDGRID_API_BASE, default https://api.sendgrid.com}/v3/mail/send with
 *             `Authorization: Bearer SENDGRID_API_KEY`.
 *
 * EMAIL_FROM_ADDRESS (required except for the console) and EMAIL_FROM_NAME name the sender.
 * A setting that is missing or wrong makes dc_email_sender_new() fail with
 * DC_EMAIL_ERROR_CONFIG and a message saying which; the server then runs without email.
 *
 * dc_email_sender_send() blocks: call it from a worker thread (the outbox does). Secrets
 * (passwords, API keys) are never logged or put into error messages.
 */

#define DC_EMAIL_ERROR (dc_email_error_quark ())
GQuark dc_email_error_quark (void);

typedef enum
{
  DC_EMAIL_ERROR_CONFIG,    /* the provider is not usable with these settings */
  DC_EMAIL_ERROR_SEND,      /* the provider refused or could not be reached */
  DC_EMAIL_ERROR_CANCELLED,
} DcEmailError;

typedef enum
{
  DC_EMAIL_PROVIDER_CONSOLE,
  DC_EMAIL_PROVIDER_SMTP,
  DC_EMAIL_PROVIDER_RESEND,
  DC_EMAIL_PROVIDER_SENDGRID,
} DcEmailProvider;

typedef struct
{
  const char *to;        /* one address */
  const char *subject;
  const char *text;      /* the plain-text body */
  const char *html;      /* optional */
  const char *idempotency_key; /* optional: the same key for every retry of one message */
} DcEmailMessage;

typedef struct _DcEmailSender DcEmailSender;

DcEmailSender  *dc_email_sender_new          (DcConfig              *config,
                                              GError               **error);
void            dc_email_sender_free         (DcEmailSender         *sender);
DcEmailProvider dc_email_sender_get_provider (DcEmailSender         *sender);
/* "smtp to mail.example.com:587 with STARTTLS", for the start-up log. */
const char     *dc_email_sender_describe     (DcEmailSender         *sender);
/* Sends one message; @out_provider_id receives the provider's id for it when it gives one. */
gboolean        dc_email_sender_send         (DcEmailSender         *sender,
                                              const DcEmailMessage  *message,
                                              GCancellable          *cancellable,
                                              char                 **out_provider_id,
                                              GError               **error);

/* The RFC 5322 message the SMTP provider uploads (CRLF lines, MIME, base64 bodies);
 * exposed for tests. */
char           *dc_email_build_mime          (const char            *from_name,
                                              const char            *from_address,
                                              const DcEmailMessage  *message,
                                              gint64                 now_ms);
/* Whether @address looks like one mailbox (local@domain, no spaces or brackets). */
gboolean        dc_email_address_is_valid    (const char            *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcEmailSender, dc_email_sender_free)

G_END_DECLS
