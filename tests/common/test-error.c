/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-common.h"

static void
test_envelope_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "field", "bio");
  dc_api_error_set (&error, DC_API_ERROR_VALIDATION, "user.bio_too_long", details,
                    "Bio is longer than %d characters", 500);
  text = dc_error_envelope_to_string (error);
  g_assert_cmpstr (text, ==,
                   "{\"error\":{\"code\":\"user.bio_too_long\","
                   "\"message\":\"Bio is longer than 500 characters\","
                   "\"details\":{\"field\":\"bio\"}}}");
  g_assert_cmpuint (dc_api_error_kind_to_status (error->code), ==, 422);
}

static void
test_envelope_hides_foreign_errors (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                 "no such table: users (SELECT * FROM users)");
  g_autofree char *text = dc_error_envelope_to_string (error);

  g_assert_null (strstr (text, "SELECT"));
  g_assert_nonnull (strstr (text, "\"code\":\"internal\""));
}

static void
test_envelope_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parsed = NULL;
  g_autofree char *text = NULL;

  dc_api_error_set_field (&error, "email", "Email is already registered");
  text = dc_error_envelope_to_string (error);
  parsed = dc_error_envelope_parse (422, text, strlen (text));
  g_assert_error (parsed, DC_API_ERROR, DC_API_ERROR_VALIDATION);
  g_assert_cmpstr (parsed->message, ==, "Email is already registered");
  g_assert_cmpstr (dc_api_error_get_code (parsed), ==, "validation.failed");
  g_assert_cmpstr (json_object_get_string_member (dc_api_error_get_details (parsed), "field"),
                   ==, "email");
}

static void
test_envelope_parse_garbage (void)
{
  g_autoptr(GError) parsed = dc_error_envelope_parse (502, "<html>", 6);

  g_assert_error (parsed, DC_API_ERROR, DC_API_ERROR_BAD_GATEWAY);
}

static void
test_copy_keeps_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;

  dc_api_error_set (&error, DC_API_ERROR_LOCKED, "auth.account_locked", NULL, "Locked");
  copy = g_error_copy (error);
  g_assert_cmpstr (dc_api_error_get_code (copy), ==, "auth.account_locked");
  g_assert_cmpuint (dc_api_error_kind_to_status (copy->code), ==, 423);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dc/Error/envelope-shape", test_envelope_shape);
  g_test_add_func ("/Dc/Error/hides-foreign-errors", test_envelope_hides_foreign_errors);
  g_test_add_func ("/Dc/Error/round-trip", test_envelope_round_trip);
  g_test_add_func ("/Dc/Error/parse-garbage", test_envelope_parse_garbage);
  g_test_add_func ("/Dc/Error/copy-keeps-code", test_copy_keeps_code);
  return g_test_run ();
}
