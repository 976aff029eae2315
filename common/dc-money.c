/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-money"

#include "config.h"

#include <string.h>

#include "dc-money.h"

/*
 * Parsing rules (DESIGN §4: exact to the cent, never a double).
 *
 *   text    := ws [sign] [prefix ws] [sign] number [ws suffix] ws
 *   prefix  := "$" | "US$" | "€" | "£" | "CA$" | "C$" | "A$" | "AU$" | CODE
 *   suffix  := the same markers
 *   CODE    := three ASCII letters naming a known currency, any case ("USD", "eur", "TIX")
 *
 * The number is digits with '.', ',' or spaces (also U+00A0 and U+202F) between them:
 *   - spaces only ever group thousands;
 *   - when both '.' and ',' appear, the one that appears last is the decimal separator and
 *     must appear once; the other groups thousands ("1,234.56", "1.234,56");
 *   - a single kind of separator that appears more than once groups thousands ("1,234,567");
 *   - a single separator followed by 1, 2 or 4+ digits is the decimal separator
 *     ("1,25", "0.1", "1.2500");
 *   - a single separator followed by exactly 3 digits is ambiguous ("1.234", "1,234") and is
 *     rejected, unless the integer part is 0 or empty ("0.125" can only be a fraction) or
 *     spaces already group the number ("1 234,567");
 *   - groups after a grouping separator have exactly three digits, the first one 1 to 3.
 * Decimals beyond the second must be zeros ("1.250" is fine, "1.255" is not).
 */

G_DEFINE_QUARK (dc-money-error-quark, dc_money_error)

typedef struct
{
  const char *marker;
  const char *currency;
} CurrencyMarker;

/* Longest first, so "US$" wins over "$". */
static const CurrencyMarker symbols[] = {
  { "US$", "USD" },
  { "CA$", "CAD" },
  { "AU$", "AUD" },
  { "C$", "CAD" },
  { "A$", "AUD" },
  { "$", "USD" },
  { "\xe2\x82\xac", "EUR" }, /* € */
  { "\xc2\xa3", "GBP" },     /* £ */
};

/* Every currency we accept has two minor digits. */
static const char *const currencies[] = { "USD", "EUR", "GBP", "CAD", "AUD", "CHF", "TIX" };

gboolean
dc_currency_is_valid (const char *code)
{
  if (code == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (strcmp (code, currencies[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Spaces that may pad a value or group its thousands: ASCII space and tab, no-break space
 * and narrow no-break space (French grouping). Returns the byte length, or 0. */
static gsize
space_len (const char *p)
{
  if (*p == ' ' || *p == '\t')
    return 1;
  if ((guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0)
    return 2;
  if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xaf)
    return 3;
  return 0;
}

static const char *
skip_spaces (const char *p)
{
  gsize n;

  while ((n = space_len (p)) > 0)
    p += n;
  return p;
}

/* The sign characters: '-', '+' and U+2212 MINUS SIGN. Returns the byte length, or 0. */
static gsize
sign_len (const char *p,
          gboolean   *negative)
{
  if (*p == '-' || *p == '+')
    {
      *negative = *p == '-';
      return 1;
    }
  if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x88 && (guchar) p[2] == 0x92)
    {
      *negative = TRUE;
      return 3;
    }
  return 0;
}

/* Reads a currency marker at @p. Returns the bytes consumed (0 when there is none) and
 * sets @currency; sets @error for a code-looking word that is not a known currency. */
static gsize
read_marker (const char  *p,
             const char **currency,
             GError     **error)
{
  gsize n = 0;
  char code[4];

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    {
      gsize len = strlen (symbols[i].marker);

      if (g_ascii_strncasecmp (p, symbols[i].marker, len) == 0)
        {
          *currency = symbols[i].currency;
          return len;
        }
    }

  while (g_ascii_isalpha (p[n]))
    n++;
  if (n == 0)
    return 0;
  if (n != 3)
    {
      g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID,
                   "“%s” is not an amount of money", p);
      return 0;
    }
  for (guint i = 0; i < 3; i++)
    code[i] = g_ascii_toupper (p[i]);
  code[3] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (strcmp (code, currencies[i]) == 0)
      {
        *currency = currencies[i];
        return 3;
      }
  g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_CURRENCY, "Unknown currency “%s”", code);
  return 0;
}

static gboolean
has_digit (const char *text)
{
  for (; *text; text++)
    if (g_ascii_isdigit (*text))
      return TRUE;
  return FALSE;
}

/* Reads the number body at *p into a compact form: digits, '.', ',' and 'g' for a space
 * that sits between two digits. Stops at anything else. */
static GString *
read_body (const char **p)
{
  GString *body = g_string_new (NULL);
  const char *s = *p;

  for (;;)
    {
      gsize n;

      if (g_ascii_isdigit (*s) || *s == '.' || *s == ',')
        {
          g_string_append_c (body, *s);
          s++;
          continue;
        }
      n = space_len (s);
      if (n > 0 && body->len > 0 && g_ascii_isdigit (body->str[body->len - 1]) &&
          g_ascii_isdigit (s[n]))
        {
          g_string_append_c (body, 'g');
          s += n;
          continue;
        }
      break;
    }
  *p = s;
  return body;
}

/* Checks the thousands grouping of @integer (digits and @sep) and copies its digits. */
static gboolean
check_groups (const char *integer,
              gsize       len,
              char        sep,
              GString    *digits)
{
  gsize group = 0;
  gboolean first = TRUE;

  for (gsize i = 0; i < len; i++)
    {
      if (integer[i] == sep)
        {
          if (first ? (group < 1 || group > 3) : group != 3)
            return FALSE;
          first = FALSE;
          group = 0;
          continue;
        }
      if (!g_ascii_isdigit (integer[i]))
        return FALSE;
      g_string_append_c (digits, integer[i]);
      group++;
    }
  return first ? group > 0 : group == 3;
}

static gboolean
parse_body (const char *text,
            const char *body,
            gboolean    wire,
            gboolean    negative,
            gint64     *out_minor,
            GError    **error)
{
  g_autoptr(GString) int_digits = g_string_new (NULL);
  const char *last_dot = strrchr (body, '.');
  const char *last_comma = strrchr (body, ',');
  const char *decimal = NULL;
  char group_sep = 0;
  gboolean has_spaces = strchr (body, 'g') != NULL;
  gsize int_len, frac_len = 0;
  const char *frac = "";
  guint n_dots = 0, n_commas = 0;
  guint64 value = 0, limit;
  guint frac_value = 0;

  for (const char *c = body; *c; c++)
    {
      n_dots += *c == '.';
      n_commas += *c == ',';
    }

  if (*body == '\0' || !has_digit (body))
    goto invalid;

  if (wire)
    {
      /* The wire's decimals: '.' is the decimal point, nothing groups. */
      if (n_commas > 0 || n_dots > 1 || has_spaces)
        goto invalid;
      decimal = last_dot;
    }
  else if (n_dots > 0 && n_commas > 0)
    {
      decimal = last_dot > last_comma ? last_dot : last_comma;
      group_sep = *decimal == '.' ? ',' : '.';
      if ((*decimal == '.' ? n_dots : n_commas) != 1 || has_spaces)
        goto invalid;
    }
  else if (n_dots + n_commas > 1)
    {
      group_sep = n_dots > 0 ? '.' : ',';
      if (has_spaces)
        goto invalid;
    }
  else if (n_dots + n_commas == 1)
    {
      const char *sep = last_dot ? last_dot : last_comma;
      gsize after = strlen (sep + 1);
      gboolean integer_is_zero = TRUE;

      for (const char *c = body; c < sep; c++)
        if (*c != '0')
          integer_is_zero = FALSE;

      if (after == 3 && !integer_is_zero && !has_spaces)
        {
          g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID,
                       "“%s” is ambiguous: write 1234.00 or 1.234,00", text);
          return FALSE;
        }
      decimal = sep;
    }

  if (has_spaces)
    group_sep = 'g';

  int_len = decimal ? (gsize) (decimal - body) : strlen (body);
  if (decimal)
    {
      frac = decimal + 1;
      frac_len = strlen (frac);
      if (frac_len == 0)
        goto invalid;
      for (gsize i = 0; i < frac_len; i++)
        if (!g_ascii_isdigit (frac[i]))
          goto invalid;
    }

  if (int_len == 0)
    {
      if (!decimal)
        goto invalid;
    }
  else if (group_sep != 0)
    {
      if (!check_groups (body, int_len, group_sep, int_digits))
        goto invalid;
    }
  else
    {
      for (gsize i = 0; i < int_len; i++)
        {
          if (!g_ascii_isdigit (body[i]))
            goto invalid;
          g_string_append_c (int_digits, body[i]);
        }
    }

  for (gsize i = 2; i < frac_len; i++)
    if (frac[i] != '0')
      {
        g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_PRECISION,
                     "“%s” has more than two decimals", text);
        return FALSE;
      }
  if (frac_len >= 1)
    frac_value += (guint) (frac[0] - '0') * 10;
  if (frac_len >= 2)
    frac_value += (guint) (frac[1] - '0');

  /* Negative amounts may reach G_MININT64; positive ones stop at G_MAXINT64. */
  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  for (gsize i = 0; i < int_digits->len; i++)
    {
      guint d = (guint) (int_digits->str[i] - '0');

      if (value > (limit - d) / 10)
        goto overflow;
      value = value * 10 + d;
    }
  if (value > (limit - frac_value) / 100)
    goto overflow;
  value = value * 100 + frac_value;

  if (negative)
    *out_minor = value == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) value;
  else
    *out_minor = (gint64) value;
  return TRUE;

overflow:
  g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_OVERFLOW, "“%s” is too large", text);
  return FALSE;

invalid:
  g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID,
               "“%s” is not an amount of money", text);
  return FALSE;
}

static gboolean
parse_full (const char  *text,
            gboolean     allow_currency,
            const char **out_currency,
            gint64      *out_minor,
            GError     **error)
{
  g_autoptr(GString) body = NULL;
  const char *p = text;
  const char *prefix = NULL, *suffix = NULL;
  gboolean negative = FALSE;
  gboolean has_sign = FALSE;
  GError *local_error = NULL;
  gsize n;

  if (!has_digit (text))
    {
      g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID,
                   "“%s” is not an amount of money", text);
      return FALSE;
    }

  p = skip_spaces (p);
  if ((n = sign_len (p, &negative)) > 0)
    {
      has_sign = TRUE;
      p = skip_spaces (p + n);
    }
  if (allow_currency)
    {
      n = read_marker (p, &prefix, &local_error);
      if (local_error)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      p = skip_spaces (p + n);
    }
  if (!has_sign && (n = sign_len (p, &negative)) > 0)
    p = skip_spaces (p + n);

  body = read_body (&p);
  p = skip_spaces (p);
  if (allow_currency && *p != '\0')
    {
      n = read_marker (p, &suffix, &local_error);
      if (local_error)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      p = skip_spaces (p + n);
    }
  if (*p != '\0')
    {
      g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID,
                   "“%s” is not an amount of money", text);
      return FALSE;
    }
  if (prefix && suffix && strcmp (prefix, suffix) != 0)
    {
      g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_CURRENCY,
                   "“%s” names two currencies, %s and %s", text, prefix, suffix);
      return FALSE;
    }

  if (!parse_body (text, body->str, !allow_currency, negative, out_minor, error))
    return FALSE;
  if (out_currency)
    *out_currency = prefix ? prefix : suffix;
  return TRUE;
}

/**
 * dc_money_parse:
 * @text: an amount as people and apps write it: "1.25", "$1.25", "1,25 €", "USD 4"
 * @default_currency: (nullable): the currency when @text names none; %NULL means USD
 * @out_money: (out): the amount
 * @error: a #DcMoneyError
 *
 * Parses @text exactly into minor units. A currency named in @text wins over
 * @default_currency; two different currencies in @text are an error.
 */
gboolean
dc_money_parse (const char  *text,
                const char  *default_currency,
                DcMoney     *out_money,
                GError     **error)
{
  const char *currency = NULL;
  gint64 minor;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_money != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (default_currency == NULL)
    default_currency = "USD";
  if (!dc_currency_is_valid (default_currency))
    {
      g_set_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_CURRENCY,
                   "Unknown currency “%s”", default_currency);
      return FALSE;
    }
  if (!parse_full (text, TRUE, &currency, &minor, error))
    return FALSE;

  out_money->amount = minor;
  g_strlcpy (out_money->currency, currency ? currency : default_currency,
             sizeof out_money->currency);
  return TRUE;
}

/**
 * dc_money_parse_decimal:
 * @text: a decimal amount without currency, e.g. the wire's "10.00"
 * @out_minor: (out): the amount in minor units
 * @error: a #DcMoneyError
 *
 * Parses the wire's exact decimals: an optional sign, digits and an optional '.' followed
 * by decimals ("10.00", "-0.05", "7"). Commas, grouping and currencies are errors.
 */
gboolean
dc_money_parse_decimal (const char  *text,
                        gint64      *out_minor,
                        GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_minor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return parse_full (text, FALSE, NULL, out_minor, error);
}

/**
 * dc_money_format_decimal:
 * @minor: an amount in minor units
 *
 * Returns: (transfer full): the exact decimal with two decimals: -350 is "-3.50", 5 is "0.05".
 */
char *
dc_money_format_decimal (gint64 minor)
{
  guint64 magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", minor < 0 ? "-" : "",
                          magnitude / 100, (guint) (magnitude % 100));
}

/**
 * dc_money_format:
 * @money: an amount
 *
 * Formats for display, without thousands grouping and always with a '.' decimal point, so
 * that dc_money_parse() reads it back exactly: "$1.25", "-$3.50", "€1.25", "£1.25",
 * "CA$1.25", "A$1.25"; currencies without a symbol take their code after the number:
 * "0.02 TIX", "1.25 CHF".
 *
 * Returns: (transfer full): the text
 */
char *
dc_money_format (const DcMoney *money)
{
  g_autofree char *decimal = NULL;
  const char *symbol = NULL;
  guint64 magnitude;

  g_return_val_if_fail (money != NULL, NULL);

  if (strcmp (money->currency, "USD") == 0)
    symbol = "$";
  else if (strcmp (money->currency, "EUR") == 0)
    symbol = "\xe2\x82\xac";
  else if (strcmp (money->currency, "GBP") == 0)
    symbol = "\xc2\xa3";
  else if (strcmp (money->currency, "CAD") == 0)
    symbol = "CA$";
  else if (strcmp (money->currency, "AUD") == 0)
    symbol = "A$";

  if (symbol == NULL)
    {
      decimal = dc_money_format_decimal (money->amount);
      return g_strdup_printf ("%s %s", decimal, money->currency);
    }

  magnitude = money->amount < 0 ? (guint64) 0 - (guint64) money->amount : (guint64) money->amount;
  return g_strdup_printf ("%s%s%" G_GUINT64_FORMAT ".%02u", money->amount < 0 ? "-" : "",
                          symbol, magnitude / 100, (guint) (magnitude % 100));
}
