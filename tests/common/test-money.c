/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-common.h"

typedef struct
{
  const char *text;
  gint64      amount;
  const char *currency;
} GoodCase;

static void
test_parse_good (void)
{
  static const GoodCase cases[] = {
    { "1.25", 125, "USD" },
    { "$1.25", 125, "USD" },
    { "1,25 €", 125, "EUR" },
    { "1,25€", 125, "EUR" },
    { "€1,25", 125, "EUR" },
    { "€ 1,25", 125, "EUR" },
    { "1.234,56 €", 123456, "EUR" },
    { "1,234.56", 123456, "USD" },
    { "1,234,567.89", 123456789, "USD" },
    { "1.234.567,89 €", 123456789, "EUR" },
    { "1.234.567", 123456700, "USD" },
    { "1 234,56 €", 123456, "EUR" },
    { "1\xc2\xa0" "234,56\xc2\xa0\xe2\x82\xac", 123456, "EUR" },  /* no-break spaces */
    { "1\xe2\x80\xaf" "234,56 \xe2\x82\xac", 123456, "EUR" },     /* narrow no-break space */
    { "0.1", 10, "USD" },
    { "0,1", 10, "USD" },
    { ".5", 50, "USD" },
    { "12.0", 1200, "USD" },
    { "4599.99", 459999, "USD" },
    { "0.100", 10, "USD" },
    { "1.2500", 125, "USD" },
    { "-3.50", -350, "USD" },
    { "+3.50", 350, "USD" },
    { "\xe2\x88\x92" "3.50", -350, "USD" },                  /* U+2212 minus */
    { "-$3.50", -350, "USD" },
    { "$-3.50", -350, "USD" },
    { "-3,50 €", -350, "EUR" },
    { "USD 4", 400, "USD" },
    { "usd4", 400, "USD" },
    { "4 EUR", 400, "EUR" },
    { "4eur", 400, "EUR" },
    { "EUR 4 €", 400, "EUR" },    /* the same currency twice is no conflict */
    { "  2.00 ", 200, "USD" },
    { "\t2.00\t", 200, "USD" },
    { "0.02 TIX", 2, "TIX" },
    { "£3", 300, "GBP" },
    { "US$ 1.00", 100, "USD" },
    { "CA$1.00", 100, "CAD" },
    { "C$1.00", 100, "CAD" },
    { "A$1.00", 100, "AUD" },
    { "1.00 CHF", 100, "CHF" },
    { "0", 0, "USD" },
    { "007", 700, "USD" },
    { "92233720368547758.07", G_MAXINT64, "USD" },
    { "-92233720368547758.08", G_MININT64, "USD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      DcMoney money = { 0 };

      g_test_message ("parsing “%s”", cases[i].text);
      g_assert_true (dc_money_parse (cases[i].text, NULL, &money, &error));
      g_assert_no_error (error);
      g_assert_cmpint (money.amount, ==, cases[i].amount);
      g_assert_cmpstr (money.currency, ==, cases[i].currency);
    }
}

typedef struct
{
  const char   *text;
  DcMoneyError  code;
} BadCase;

static void
test_parse_errors (void)
{
  static const BadCase cases[] = {
    { "1e3", DC_MONEY_ERROR_INVALID },
    { "1E3", DC_MONEY_ERROR_INVALID },
    { "abc", DC_MONEY_ERROR_INVALID },
    { "", DC_MONEY_ERROR_INVALID },
    { "   ", DC_MONEY_ERROR_INVALID },
    { "$", DC_MONEY_ERROR_INVALID },
    { "1.2.3", DC_MONEY_ERROR_INVALID },
    { "1,2,3", DC_MONEY_ERROR_INVALID },
    { "1.234", DC_MONEY_ERROR_INVALID },      /* ambiguous: 1234 or 1.234? */
    { "1,234", DC_MONEY_ERROR_INVALID },
    { "1.250", DC_MONEY_ERROR_INVALID },
    { "12.345 €", DC_MONEY_ERROR_INVALID },
    { "1,23,456.00", DC_MONEY_ERROR_INVALID }, /* groups are three digits */
    { "1234,567.00", DC_MONEY_ERROR_INVALID },
    { "1.234.56", DC_MONEY_ERROR_INVALID },
    { "1,234.567,89", DC_MONEY_ERROR_INVALID },
    { "5.", DC_MONEY_ERROR_INVALID },
    { "1..5", DC_MONEY_ERROR_INVALID },
    { "--1", DC_MONEY_ERROR_INVALID },
    { "1-", DC_MONEY_ERROR_INVALID },
    { "12 34", DC_MONEY_ERROR_INVALID },
    { "1 2", DC_MONEY_ERROR_INVALID },
    { "about 1", DC_MONEY_ERROR_INVALID },
    { "1.5 dollars", DC_MONEY_ERROR_INVALID },
    { "0x10", DC_MONEY_ERROR_INVALID },
    { "1/2", DC_MONEY_ERROR_INVALID },
    { "1.255", DC_MONEY_ERROR_INVALID },       /* 1255 or 1.255? */
    { "1,234.567", DC_MONEY_ERROR_PRECISION },
    { "12,5001", DC_MONEY_ERROR_PRECISION },
    { "0.125", DC_MONEY_ERROR_PRECISION },
    { "1.2345", DC_MONEY_ERROR_PRECISION },
    { "0,001 €", DC_MONEY_ERROR_PRECISION },
    { "1 234,567", DC_MONEY_ERROR_PRECISION },
    { "92233720368547758.08", DC_MONEY_ERROR_OVERFLOW },
    { "-92233720368547758.09", DC_MONEY_ERROR_OVERFLOW },
    { "99999999999999999999", DC_MONEY_ERROR_OVERFLOW },
    { "$1 EUR", DC_MONEY_ERROR_CURRENCY },
    { "€1 USD", DC_MONEY_ERROR_CURRENCY },
    { "£1 €", DC_MONEY_ERROR_CURRENCY },
    { "XYZ 4", DC_MONEY_ERROR_CURRENCY },
    { "4 JPY", DC_MONEY_ERROR_CURRENCY },       /* no minor units: not supported */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      DcMoney money = { 12345, "XXX" };

      g_test_message ("parsing “%s”", cases[i].text);
      g_assert_false (dc_money_parse (cases[i].text, "USD", &money, &error));
      g_assert_error (error, DC_MONEY_ERROR, (gint) cases[i].code);
      g_assert_nonnull (error->message);
      /* A failed parse leaves the output alone. */
      g_assert_cmpint (money.amount, ==, 12345);
    }
}

static void
test_default_currency (void)
{
  g_autoptr(GError) error = NULL;
  DcMoney money;

  g_assert_true (dc_money_parse ("1,25", "EUR", &money, NULL));
  g_assert_cmpint (money.amount, ==, 125);
  g_assert_cmpstr (money.currency, ==, "EUR");

  /* A currency written in the text wins over the default. */
  g_assert_true (dc_money_parse ("$1.25", "EUR", &money, NULL));
  g_assert_cmpstr (money.currency, ==, "USD");

  g_assert_true (dc_money_parse ("3", NULL, &money, NULL));
  g_assert_cmpstr (money.currency, ==, "USD");

  g_assert_false (dc_money_parse ("3", "DOGE", &money, &error));
  g_assert_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_CURRENCY);
}

static void
test_parse_decimal (void)
{
  g_autoptr(GError) error = NULL;
  gint64 minor = 0;

  g_assert_true (dc_money_parse_decimal ("10.00", &minor, NULL));
  g_assert_cmpint (minor, ==, 1000);
  g_assert_true (dc_money_parse_decimal ("-0.05", &minor, NULL));
  g_assert_cmpint (minor, ==, -5);
  g_assert_true (dc_money_parse_decimal ("7", &minor, NULL));
  g_assert_cmpint (minor, ==, 700);

  /* Currencies have no place in a bare decimal. */
  g_assert_false (dc_money_parse_decimal ("$1.00", &minor, &error));
  g_assert_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dc_money_parse_decimal ("1.00 EUR", &minor, &error));
  g_assert_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID);
  g_clear_error (&error);
  /* On the wire '.' is always the decimal point, so nothing is ambiguous… */
  g_assert_false (dc_money_parse_decimal ("1.001", &minor, &error));
  g_assert_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_PRECISION);
  g_clear_error (&error);
  g_assert_true (dc_money_parse_decimal ("1.500", &minor, NULL));
  g_assert_cmpint (minor, ==, 150);
  /* …and nothing groups thousands. */
  g_assert_false (dc_money_parse_decimal ("1,234.00", &minor, &error));
  g_assert_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dc_money_parse_decimal ("1,50", &minor, &error));
  g_assert_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dc_money_parse_decimal ("1 000", &minor, &error));
  g_assert_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dc_money_parse_decimal ("99999999999999999999", &minor, &error));
  g_assert_error (error, DC_MONEY_ERROR, DC_MONEY_ERROR_OVERFLOW);
}

static void
test_format_decimal (void)
{
  static const struct
  {
    gint64      minor;
    const char *text;
  } cases[] = {
    { -350, "-3.50" },
    { 5, "0.05" },
    { -5, "-0.05" },
    { 0, "0.00" },
    { 100, "1.00" },
    { 123456, "1234.56" },
    { G_MAXINT64, "92233720368547758.07" },
    { G_MININT64, "-92233720368547758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dc_money_format_decimal (cases[i].minor);
      gint64 back = 0;

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true (dc_money_parse_decimal (text, &back, NULL));
      g_assert_cmpint (back, ==, cases[i].minor);
    }
}

static void
test_format (void)
{
  static const struct
  {
    DcMoney     money;
    const char *text;
  } cases[] = {
    { { 125, "USD" }, "$1.25" },
    { { -350, "USD" }, "-$3.50" },
    { { 125, "EUR" }, "\xe2\x82\xac" "1.25" },
    { { 125, "GBP" }, "\xc2\xa3" "1.25" },
    { { 125, "CAD" }, "CA$1.25" },
    { { 125, "AUD" }, "A$1.25" },
    { { 2, "TIX" }, "0.02 TIX" },
    { { 100, "CHF" }, "1.00 CHF" },
    { { 123456789, "USD" }, "$1234567.89" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dc_money_format (&cases[i].money);
      DcMoney back;

      g_assert_cmpstr (text, ==, cases[i].text);
      /* Whatever we show, we read back exactly, even with another default currency. */
      g_assert_true (dc_money_parse (text, "EUR", &back, NULL));
      g_assert_cmpint (back.amount, ==, cases[i].money.amount);
      g_assert_cmpstr (back.currency, ==, cases[i].money.currency);
    }
}

static void
test_currency_is_valid (void)
{
  g_assert_true (dc_currency_is_valid ("USD"));
  g_assert_true (dc_currency_is_valid ("EUR"));
  g_assert_true (dc_currency_is_valid ("TIX"));
  g_assert_false (dc_currency_is_valid ("usd"));  /* codes are stored upper case */
  g_assert_false (dc_currency_is_valid ("JPY"));
  g_assert_false (dc_currency_is_valid (""));
  g_assert_false (dc_currency_is_valid (NULL));
}

/* Every cent from -10.00 to 10.00 survives format → parse in each spelling. */
static void
test_round_trip_range (void)
{
  for (gint64 minor = -1000; minor <= 1000; minor++)
    {
      g_autofree char *decimal = dc_money_format_decimal (minor);
      g_autofree char *comma = g_strdelimit (g_strdup (decimal), ".", ',');
      g_autofree char *euro = g_strdup_printf ("%s \xe2\x82\xac", comma);
      DcMoney money;

      g_assert_true (dc_money_parse (decimal, "USD", &money, NULL));
      g_assert_cmpint (money.amount, ==, minor);
      g_assert_true (dc_money_parse (euro, "USD", &money, NULL));
      g_assert_cmpint (money.amount, ==, minor);
      g_assert_cmpstr (money.currency, ==, "EUR");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/Money/parse", test_parse_good);
  g_test_add_func ("/Dc/Money/parse-errors", test_parse_errors);
  g_test_add_func ("/Dc/Money/default-currency", test_default_currency);
  g_test_add_func ("/Dc/Money/parse-decimal", test_parse_decimal);
  g_test_add_func ("/Dc/Money/format-decimal", test_format_decimal);
  g_test_add_func ("/Dc/Money/format", test_format);
  g_test_add_func ("/Dc/Money/currency-is-valid", test_currency_is_valid);
  g_test_add_func ("/Dc/Money/round-trip-range", test_round_trip_range);
  return g_test_run ();
}
