/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dc-account.h"
#include "dc-client-test.h"
#include "dc-connections-settings.h"
#include "dc-matches-page.h"
#include "dc-notification-button.h"
#include "dc-notification-settings.h"
#include "dc-preferences-window.h"
#include "dc-privacy-settings.h"
#include "dc-profile-settings.h"
#include "dc-profile-page.h"
#include "dc-test-harness.h"
#include "dc-ui-test.h"
#include "dc-window.h"

/* The social pages against the real server with real cards: the Matches page shows a
 * two-way match set up through REST, View Profile opens the partner's public profile with
 * their have list, and a private profile says so. */

#define TIMEOUT 30000

/* Real printings from data/demo/cards.jsonl.gz (see tests/server/test-matching.c). */
#define BIRDS_RVR      "3d69a3e0-6a2e-475a-964e-0affed1c017d" /* Birds of Paradise RVR, $14.38 */
#define RIFT_RVR       "dfb7c4b9-f2f4-4d4e-baf2-86551c8150fe" /* Cyclonic Rift RVR, $40.10 */
#define SEIZE_OTP      "5e85d5db-ced3-406d-90d2-e506a9332468" /* Thoughtseize OTP, $7.72 */

static DcTestServer *server;
static char *alice, *bob;

static JsonObject *
request_ok (const char *method,
            const char *path,
            const char *token,
            const char *body,
            guint       status)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, method, path, token, body, NULL);

  if (r->status != status)
    g_error ("%s %s: %u %.*s", method, path, r->status,
             (int) g_bytes_get_size (r->body), (const char *) g_bytes_get_data (r->body, NULL));
  return r->json && JSON_NODE_HOLDS_OBJECT (r->json)
         ? json_object_ref (json_node_get_object (r->json)) : NULL;
}

static void
add_have (const char *token,
          const char *card_id,
          int         quantity)
{
  g_autofree char *inv_body = g_strdup_printf ("{\"card_id\":\"%s\",\"quantity\":%d,"
                                               "\"condition\":\"NM\"}", card_id, quantity);
  g_autoptr(JsonObject) inv = request_ok ("POST", "/api/inventory", token, inv_body, 201);
  g_autofree char *have_body = g_strdup_printf ("{\"inventory_item_id\":\"%s\",\"quantity\":%d}",
                                                json_object_get_string_member (inv, "id"),
                                                quantity);
  g_autoptr(JsonObject) have = request_ok ("POST", "/api/have-list", token, have_body, 201);
}

static void
add_want (const char *token,
          const char *card_id,
          int         quantity)
{
  g_autofree char *body = g_strdup_printf ("{\"card_id\":\"%s\",\"quantity\":%d}", card_id,
                                           quantity);
  g_autoptr(JsonObject) want = request_ok ("POST", "/api/want-list", token, body, 201);
}

/*
 * bob offers Cyclonic Rift ($40.10), alice wants it; alice offers 2 Birds of Paradise
 * ($28.76) and a Thoughtseize ($7.72), bob wants them. For alice: balance
 * int(36.48 / 40.10 × 40) = 36, total $76.58 → 10, variety 2 × 3 = 6, condition 10,
 * trust 0, locality 0: quality 62, above the page's default minimum of 50.
 */
static void
setup_users (void)
{
  g_autoptr(JsonObject) me = NULL;

  alice = dc_test_register_user (server, "alice");
  bob = dc_test_register_user (server, "bob");
  add_have (bob, RIFT_RVR, 1);
  add_want (alice, RIFT_RVR, 1);
  add_have (alice, BIRDS_RVR, 2);
  add_have (alice, SEIZE_OTP, 1);
  add_want (bob, BIRDS_RVR, 2);
  add_want (bob, SEIZE_OTP, 1);
  me = request_ok ("PATCH", "/api/users/me", bob,
                   "{\"display_name\":\"Bob Tacoma\",\"bio\":\"Modern and cube. "
                   "Trades at the Thursday meetup.\",\"trade_radius\":40}", 200);
  g_clear_pointer (&me, json_object_unref);
  me = request_ok ("PUT", "/api/users/me/location", bob,
                   "{\"display\":\"Tacoma, WA\",\"latitude\":47.2529,\"longitude\":-122.4443}",
                   200);
}

static gboolean
matches_loaded (gpointer user_data)
{
  return !dc_matches_page_get_loading (user_data) &&
         g_strcmp0 (dc_matches_page_get_state (user_data), "loading") != 0;
}

static gboolean
profile_loaded (gpointer user_data)
{
  return !dc_profile_page_get_loading (user_data) &&
         g_strcmp0 (dc_profile_page_get_state (user_data), "loading") != 0;
}

static GtkWidget *
page_window (GtkWidget *page,
             int        width,
             int        height)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gboolean
label_shown (GtkWidget  *root,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_label (GTK_LABEL (child)), text) != NULL)
        return TRUE;
      if (ADW_IS_PREFERENCES_ROW (child) &&
          strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), text) != NULL)
        return TRUE;
      if (label_shown (child, text))
        return TRUE;
    }
  return FALSE;
}

static void
profile_requested_cb (DcMatchesPage *page,
                      const char    *username,
                      char         **out)
{
  g_free (*out);
  *out = g_strdup (username);
}

static void
test_matches_and_profile (void)
{
  g_autoptr(DcAccount) account = dc_account_new (server->base_url, "alice", alice);
  DcMatchesPage *page = g_object_new (DC_TYPE_MATCHES_PAGE, NULL);
  DcProfilePage *profile = g_object_new (DC_TYPE_PROFILE_PAGE, NULL);
  GtkWidget *window = page_window (GTK_WIDGET (page), 1000, 760);
  GtkWidget *profile_window;
  GtkWidget *local, *button;
  g_autofree char *requested = NULL;
  g_autofree char *settings_requested = NULL;

  g_signal_connect (page, "show-profile", G_CALLBACK (profile_requested_cb), &requested);
  g_signal_connect (page, "show-settings", G_CALLBACK (profile_requested_cb),
                    &settings_requested);
  dc_matches_page_set_account (page, account);
  dc_client_test_wait (matches_loaded, page, TIMEOUT, "the matches");

  /* one partner, with both sides and their values */
  g_assert_cmpstr (dc_matches_page_get_state (page), ==, "list");
  g_assert_cmpint (dc_matches_page_get_n_matches (page), ==, 1);
  g_assert_true (label_shown (window, "Bob Tacoma"));
  g_assert_true (label_shown (window, "62 % match"));
  g_assert_true (label_shown (window, "1 × Cyclonic Rift"));
  g_assert_true (label_shown (window, "$40.10"));
  g_assert_true (label_shown (window, "2 × Birds of Paradise"));
  g_assert_true (label_shown (window, "$36.48"));
  {
    g_autoptr(GPtrArray) unlabelled = dc_ui_test_unlabelled_controls (window);

    for (guint i = 0; i < unlabelled->len; i++)
      g_test_message ("unlabelled: %s", (const char *) unlabelled->pdata[i]);
    g_assert_cmpuint (unlabelled->len, ==, 0);
  }
  dc_ui_test_save_screenshot (window, "matches");

  /* Local only without a location: the server's 422 and a way to set one */
  local = dc_ui_test_find_labelled (window, GTK_TYPE_SWITCH, "Local only");
  gtk_switch_set_active (GTK_SWITCH (local), TRUE);
  dc_client_test_wait (matches_loaded, page, TIMEOUT, "local matches");
  g_assert_cmpstr (dc_matches_page_get_state (page), ==, "status");
  g_assert_true (label_shown (window, "Set Your Location"));
  button = dc_ui_test_find_labelled (window, GTK_TYPE_BUTTON, "Open Profile Settings");
  g_assert_true (gtk_widget_get_visible (button));
  dc_ui_test_click (button);
  g_assert_cmpstr (settings_requested, ==, "profile");
  gtk_switch_set_active (GTK_SWITCH (local), FALSE);
  dc_client_test_wait (matches_loaded, page, TIMEOUT, "the matches again");
  g_assert_cmpstr (dc_matches_page_get_state (page), ==, "list");

  /* View Profile asks for bob's profile */
  button = dc_ui_test_find_labelled (window, GTK_TYPE_BUTTON, "View profile of bob");
  dc_ui_test_click (button);
  g_assert_cmpstr (requested, ==, "bob");

  profile_window = page_window (GTK_WIDGET (profile), 1000, 760);
  dc_profile_page_set_account (profile, account);
  dc_profile_page_show_user (profile, requested);
  dc_client_test_wait (profile_loaded, profile, TIMEOUT, "bob's profile");
  g_assert_cmpstr (dc_profile_page_get_state (profile), ==, "profile");
  g_assert_true (label_shown (profile_window, "Bob Tacoma"));
  g_assert_true (label_shown (profile_window, "@bob"));
  g_assert_true (label_shown (profile_window, "Tacoma, WA · trades within 40 mi"));
  g_assert_true (label_shown (profile_window, "Thursday meetup"));
  g_assert_true (label_shown (profile_window, "Cyclonic Rift"));
  g_assert_cmpuint (dc_profile_page_get_n_haves (profile), ==, 1);
  g_assert_cmpuint (dc_profile_page_get_n_wants (profile), ==, 2);
  dc_ui_test_save_screenshot (profile_window, "profile");

  /* bob goes private: his profile says so */
  {
    g_autoptr(JsonObject) me = request_ok ("PATCH", "/api/users/me", bob,
                                           "{\"is_public\":false}", 200);
  }
  dc_profile_page_show_user (profile, "bob");
  dc_client_test_wait (profile_loaded, profile, TIMEOUT, "bob's private profile");
  g_assert_cmpstr (dc_profile_page_get_state (profile), ==, "status");
  g_assert_true (label_shown (profile_window, "This profile is private"));
  {
    g_autoptr(JsonObject) me = request_ok ("PATCH", "/api/users/me", bob,
                                           "{\"is_public\":true}", 200);
  }

  gtk_window_destroy (GTK_WINDOW (profile_window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
profile_settings_idle (gpointer user_data)
{
  return dc_profile_settings_get_loaded (user_data) && !dc_profile_settings_get_busy (user_data);
}

static gboolean
privacy_settings_idle (gpointer user_data)
{
  return dc_privacy_settings_get_loaded (user_data) && !dc_privacy_settings_get_busy (user_data);
}

static JsonObject *
me (const char *token)
{
  return request_ok ("GET", "/api/users/me", token, NULL, 200);
}

static void
test_settings_profile (void)
{
  g_autoptr(DcAccount) account = dc_account_new (server->base_url, "alice", alice);
  DcPreferencesWindow *window = dc_preferences_window_new (NULL, account);
  DcProfileSettings *page;
  GtkWidget *bio, *save, *name;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) still = NULL;
  g_autoptr(GString) long_bio = g_string_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 900);
  dc_preferences_window_show_page (window, "profile");
  gtk_window_present (GTK_WINDOW (window));
  page = DC_PROFILE_SETTINGS (dc_ui_test_find_type (GTK_WIDGET (window),
                                                    DC_TYPE_PROFILE_SETTINGS));
  dc_client_test_wait (profile_settings_idle, page, TIMEOUT, "alice's profile");

  name = dc_ui_test_find_labelled (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Display name");
  gtk_editable_set_text (GTK_EDITABLE (name), "Alice of Seattle");
  bio = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW, "Bio");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (bio)),
                            "Pauper and Legacy. Happy to trade by mail.", -1);
  g_assert_true (label_shown (GTK_WIDGET (window), "458 characters left"));
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (GTK_WIDGET (window),
                                                                 ADW_TYPE_ENTRY_ROW, "Place")),
                         "Seattle, WA");
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (GTK_WIDGET (window),
                                                                 ADW_TYPE_ENTRY_ROW,
                                                                 "Latitude (−90 to 90)")),
                         "47.6062");
  gtk_editable_set_text (GTK_EDITABLE (dc_ui_test_find_labelled (GTK_WIDGET (window),
                                                                 ADW_TYPE_ENTRY_ROW,
                                                                 "Longitude (−180 to 180)")),
                         "-122.3321");
  save = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Save profile");
  g_assert_true (gtk_widget_get_sensitive (save));
  dc_ui_test_click (save);
  dc_client_test_wait (profile_settings_idle, page, TIMEOUT, "the profile saved");
  g_assert_null (dc_profile_settings_get_error (page));
  after = me (alice);
  g_assert_cmpstr (json_object_get_string_member (after, "bio"), ==,
                   "Pauper and Legacy. Happy to trade by mail.");
  g_assert_cmpstr (json_object_get_string_member (after, "display_name"), ==,
                   "Alice of Seattle");
  {
    JsonObject *location = json_object_get_object_member (after, "location");

    g_assert_cmpstr (json_object_get_string_member (location, "display"), ==, "Seattle, WA");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (location, "latitude"),
                                    47.6062, 0.0001);
  }
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "settings-profile");

  /* 501 characters: the counter says so, and the server's refusal is shown inline */
  for (guint i = 0; i < 501; i++)
    g_string_append_c (long_bio, 'a' + i % 26);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (bio)), long_bio->str, -1);
  g_assert_true (label_shown (GTK_WIDGET (window), "1 character too many"));
  dc_ui_test_click (save);
  dc_client_test_wait (profile_settings_idle, page, TIMEOUT, "the long bio refused");
  g_assert_nonnull (dc_profile_settings_get_error (page));
  g_test_message ("inline error: %s", dc_profile_settings_get_error (page));
  g_assert_true (label_shown (GTK_WIDGET (window), dc_profile_settings_get_error (page)));
  still = me (alice);
  g_assert_cmpstr (json_object_get_string_member (still, "bio"), ==,
                   "Pauper and Legacy. Happy to trade by mail.");

  /* an avatar: a text file is refused before upload, a real PNG is uploaded and served */
  {
    g_autofree char *dir = g_dir_make_tmp ("dc-avatar-XXXXXX", NULL);
    g_autofree char *text_path = g_build_filename (dir, "notes.png", NULL);
    g_autofree char *png_path = g_build_filename (dir, "avatar.png", NULL);
    g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
    g_autoptr(GFile) png_file = g_file_new_for_path (png_path);
    g_autoptr(GdkTexture) texture = NULL;
    g_autoptr(JsonObject) with_avatar = NULL;
    g_autoptr(DcTestResponse) served = NULL;
    g_autoptr(GBytes) pixels = NULL;
    guint8 data[16 * 16 * 4];

    for (guint i = 0; i < sizeof data; i++)
      data[i] = i % 4 == 3 ? 255 : (guint8) (i * 7);
    pixels = g_bytes_new (data, sizeof data);
    texture = gdk_memory_texture_new (16, 16, GDK_MEMORY_R8G8B8A8, pixels, 16 * 4);
    g_assert_true (gdk_texture_save_to_png (texture, png_path));
    g_assert_true (g_file_set_contents (text_path, "not an image", -1, NULL));

    dc_profile_settings_upload_avatar (page, text_file);
    dc_client_test_wait (profile_settings_idle, page, TIMEOUT, "the text file refused");
    g_assert_cmpstr (dc_profile_settings_get_error (page), ==,
                     "An avatar must be a PNG or JPEG image.");

    dc_profile_settings_upload_avatar (page, png_file);
    dc_client_test_wait (profile_settings_idle, page, TIMEOUT, "the avatar uploaded");
    g_assert_null (dc_profile_settings_get_error (page));
    with_avatar = me (alice);
    g_assert_cmpstr (json_object_get_string_member (with_avatar, "avatar_url"), ==,
                     "/api/users/alice/avatar");
    served = dc_test_request (server, "GET", "/api/users/alice/avatar", NULL, NULL, NULL);
    g_assert_cmpuint (served->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (served->body), >, 8);
    g_assert_cmpint (memcmp (g_bytes_get_data (served->body, NULL), "\x89PNG", 4), ==, 0);
    g_unlink (text_path);
    g_unlink (png_path);
    g_rmdir (dir);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_settings_privacy (void)
{
  g_autoptr(DcAccount) account = dc_account_new (server->base_url, "alice", alice);
  DcPreferencesWindow *window = dc_preferences_window_new (NULL, account);
  DcPrivacySettings *page;
  GtkWidget *history;
  g_autoptr(JsonObject) before = me (alice);
  g_autoptr(JsonObject) after = NULL;

  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (before,
                                                                                 "privacy"),
                                                  "show_trade_history"));
  dc_preferences_window_show_page (window, "privacy");
  gtk_window_present (GTK_WINDOW (window));
  page = DC_PRIVACY_SETTINGS (dc_ui_test_find_type (GTK_WIDGET (window),
                                                    DC_TYPE_PRIVACY_SETTINGS));
  dc_client_test_wait (privacy_settings_idle, page, TIMEOUT, "alice's privacy settings");
  history = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_SWITCH,
                                      "Show trade history");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (history)));
  gtk_switch_set_active (GTK_SWITCH (history), TRUE);
  dc_client_test_wait (privacy_settings_idle, page, TIMEOUT, "the flag saved");
  after = me (alice);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (after,
                                                                                "privacy"),
                                                 "show_trade_history"));
  {
    g_autoptr(GPtrArray) unlabelled = dc_ui_test_unlabelled_controls (GTK_WIDGET (window));

    for (guint i = 0; i < unlabelled->len; i++)
      g_test_message ("unlabelled: %s", (const char *) unlabelled->pdata[i]);
    g_assert_cmpuint (unlabelled->len, ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
connections_idle (gpointer user_data)
{
  return !dc_connections_settings_get_busy (user_data);
}

/* The bot asks the server for a link code for a Discord user, as /dd link does. */
static char *
new_link_code (const char *discord_user_id,
               const char *username)
{
  g_autofree char *body = g_strdup_printf ("{\"discord_user_id\":\"%s\",\"username\":\"%s\"}",
                                           discord_user_id, username);
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/discord/link-codes", NULL,
                                                 body, "Authorization", "Bot test-bot-api-key",
                                                 NULL);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (json_object_get_string_member (json_node_get_object (r->json), "code"));
}

static void
test_settings_connections (void)
{
  g_autoptr(DcAccount) account = dc_account_new (server->base_url, "alice", alice);
  DcPreferencesWindow *window = dc_preferences_window_new (NULL, account);
  DcConnectionsSettings *page;
  GtkWidget *code_row, *link, *unlink;
  g_autofree char *code = new_link_code ("300000000000000042", "alice_discord");
  g_autoptr(JsonObject) status = NULL;

  dc_preferences_window_show_page (window, "connections");
  gtk_window_present (GTK_WINDOW (window));
  page = DC_CONNECTIONS_SETTINGS (dc_ui_test_find_type (GTK_WIDGET (window),
                                                        DC_TYPE_CONNECTIONS_SETTINGS));
  dc_client_test_wait (connections_idle, page, TIMEOUT, "the Discord status");
  g_assert_false (dc_connections_settings_get_linked (page));
  g_assert_true (label_shown (GTK_WIDGET (window), "Not linked"));
  link = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Link Discord");
  g_assert_true (gtk_widget_get_visible (link));

  /* a wrong code is refused inline */
  code_row = dc_ui_test_find_labelled (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW,
                                       "Enter a link code");
  gtk_editable_set_text (GTK_EDITABLE (code_row), "NOPE-NOPE");
  g_signal_emit_by_name (code_row, "apply");
  dc_client_test_wait (connections_idle, page, TIMEOUT, "the wrong code refused");
  g_assert_nonnull (dc_connections_settings_get_error (page));
  g_test_message ("inline error: %s", dc_connections_settings_get_error (page));
  g_assert_false (dc_connections_settings_get_linked (page));

  /* the bot's code links the account */
  gtk_editable_set_text (GTK_EDITABLE (code_row), code);
  g_signal_emit_by_name (code_row, "apply");
  dc_client_test_wait (connections_idle, page, TIMEOUT, "the code redeemed");
  g_assert_null (dc_connections_settings_get_error (page));
  g_assert_true (dc_connections_settings_get_linked (page));
  g_assert_true (label_shown (GTK_WIDGET (window), "alice_discord"));
  status = request_ok ("GET", "/api/oauth/discord/status", alice, NULL, 200);
  g_assert_true (json_object_get_boolean_member (status, "linked"));
  g_assert_cmpstr (json_object_get_string_member (status, "discord_user_id"), ==,
                   "300000000000000042");
  unlink = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Unlink Discord");
  g_assert_true (gtk_widget_get_visible (unlink));
  g_assert_false (gtk_widget_get_visible (link));
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "settings-connections");

  /* Unlink asks first; confirming unlinks on the server */
  dc_ui_test_click (unlink);
  {
    AdwMessageDialog *dialog = NULL;

    while ((dialog = ADW_MESSAGE_DIALOG (dc_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)))
           == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Unlink Discord?");
    adw_message_dialog_response (dialog, "unlink");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  dc_client_test_wait (connections_idle, page, TIMEOUT, "the unlink");
  g_assert_false (dc_connections_settings_get_linked (page));
  g_clear_pointer (&status, json_object_unref);
  status = request_ok ("GET", "/api/oauth/discord/status", alice, NULL, 200);
  g_assert_false (json_object_get_boolean_member (status, "linked"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
notification_settings_idle (gpointer user_data)
{
  return dc_notification_settings_get_loaded (user_data) &&
         !dc_notification_settings_get_busy (user_data);
}

static void
test_settings_notifications (void)
{
  g_autoptr(DcAccount) account = dc_account_new (server->base_url, "alice", alice);
  DcPreferencesWindow *window = dc_preferences_window_new (NULL, account);
  DcNotificationSettings *page;
  GtkWidget *digest, *quiet, *start, *zone;
  g_autoptr(JsonObject) prefs = NULL;
  JsonObject *hours;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 1000);
  dc_preferences_window_show_page (window, "notifications");
  gtk_window_present (GTK_WINDOW (window));
  page = DC_NOTIFICATION_SETTINGS (dc_ui_test_find_type (GTK_WIDGET (window),
                                                         DC_TYPE_NOTIFICATION_SETTINGS));
  dc_client_test_wait (notification_settings_idle, page, TIMEOUT, "the notification settings");

  digest = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_SWITCH,
                                     "Email a weekly digest");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (digest)));
  gtk_switch_set_active (GTK_SWITCH (digest), FALSE);
  quiet = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_SWITCH, "Quiet hours");
  gtk_switch_set_active (GTK_SWITCH (quiet), TRUE);
  start = dc_ui_test_find_labelled (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Start (HH:MM)");
  gtk_editable_set_text (GTK_EDITABLE (start), "23:30");
  zone = dc_ui_test_find_labelled (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Time zone");
  gtk_editable_set_text (GTK_EDITABLE (zone), "Europe/Berlin");
  dc_client_test_wait (notification_settings_idle, page, TIMEOUT, "the settings saved");
  g_assert_null (dc_notification_settings_get_error (page));

  prefs = request_ok ("GET", "/api/settings/notifications", alice, NULL, 200);
  g_assert_false (json_object_get_boolean_member (prefs, "email_weekly_digest"));
  g_assert_true (json_object_get_boolean_member (prefs, "email_price_alerts"));
  hours = json_object_get_object_member (prefs, "quiet_hours");
  g_assert_true (json_object_get_boolean_member (hours, "enabled"));
  g_assert_cmpstr (json_object_get_string_member (hours, "start"), ==, "23:30");
  g_assert_cmpstr (json_object_get_string_member (hours, "timezone"), ==, "Europe/Berlin");

  /* a time zone the server does not know is refused inline */
  gtk_editable_set_text (GTK_EDITABLE (zone), "Mars/Olympus");
  dc_client_test_wait (notification_settings_idle, page, TIMEOUT, "the zone refused");
  g_assert_nonnull (dc_notification_settings_get_error (page));
  g_test_message ("inline error: %s", dc_notification_settings_get_error (page));
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "settings-notifications");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
notifications_idle (gpointer user_data)
{
  return !dc_notification_button_get_busy (user_data);
}

static void
test_notifications (void)
{
  g_autoptr(DcAccount) account = dc_account_new (server->base_url, "bob", bob);
  DcNotificationButton *button = g_object_new (DC_TYPE_NOTIFICATION_BUTTON, NULL);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  g_autofree char *output = NULL;
  g_autoptr(JsonObject) list = NULL;
  GtkWidget *menu;

  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (button));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_size_request (box, 600, 500);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpint (dc_test_server_run_command (server, &output, "notify", "bob",
                                               "Counterspell hit your target price",
                                               "Counterspell (FCA) is now $2.80.", NULL), ==, 0);
  dc_notification_button_set_account (button, account);
  dc_client_test_wait (notifications_idle, button, TIMEOUT, "bob's notifications");
  g_assert_cmpuint (dc_notification_button_get_n_items (button), ==, 1);
  g_assert_cmpuint (dc_notification_button_get_unread (button), ==, 1);
  menu = dc_ui_test_find_labelled (window, GTK_TYPE_MENU_BUTTON, "Notifications, 1 unread");

  /* opening the list shows it and marks it read, here and on the server */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  dc_client_test_wait (notifications_idle, button, TIMEOUT, "the list opened");
  g_assert_true (label_shown (window, "Counterspell hit your target price") ||
                 label_shown (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu))),
                              "Counterspell hit your target price"));
  g_assert_cmpuint (dc_notification_button_get_unread (button), ==, 0);
  list = request_ok ("GET", "/api/notifications", bob, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (list, "unread_count"), ==, 0);
  dc_ui_test_save_screenshot (window, "notifications");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));

  /* the event socket's notification.new: counted at once, listed after the refresh */
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (dc_test_server_run_command (server, &output, "notify", "bob",
                                               "New match with alice", "", NULL), ==, 0);
  {
    g_autoptr(JsonObject) event = json_object_new ();
    JsonObject *notification = json_object_new ();

    json_object_set_string_member (event, "type", "notification.new");
    json_object_set_string_member (notification, "id", "00000000-0000-4000-8000-000000000001");
    json_object_set_string_member (notification, "title", "New match with alice");
    json_object_set_object_member (event, "notification", notification);
    json_object_set_int_member (event, "unread_count", 1);
    dc_notification_button_handle_event (button, "notification.new", event);
    g_assert_cmpuint (dc_notification_button_get_unread (button), ==, 1);
  }
  dc_client_test_wait (notifications_idle, button, TIMEOUT, "the refresh after the event");
  g_assert_cmpuint (dc_notification_button_get_n_items (button), ==, 2);
  g_assert_cmpuint (dc_notification_button_get_unread (button), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_profile_loaded (gpointer user_data)
{
  DcWindow *window = user_data;

  return g_strcmp0 (dc_window_get_visible_page (window), "profile") == 0 &&
         profile_loaded (dc_window_get_profile_page (window));
}

static gboolean
user_search_idle (gpointer user_data)
{
  return !dc_user_search_get_busy (user_data);
}

/* The same in the main window: the sidebar counts the partners, View Profile opens the
 * profile page, Back returns to the matches. */
static void
test_window_matches (void)
{
  g_autoptr(DcAccount) account = dc_account_new (server->base_url, "alice", alice);
  DcWindow *window = dc_window_new (NULL, account);
  DcMatchesPage *page = dc_window_get_matches_page (window);
  GtkWidget *row, *button;

  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 800);
  gtk_window_present (GTK_WINDOW (window));
  dc_client_test_wait (matches_loaded, page, TIMEOUT, "the match count");
  row = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW,
                                  "Matches, 1 partner");
  g_assert_true (label_shown (row, "1"));
  dc_window_show_page (window, "matches");
  dc_client_test_wait (matches_loaded, page, TIMEOUT, "the matches page");
  g_assert_cmpstr (dc_matches_page_get_state (page), ==, "list");
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "matches-window");

  button = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_BUTTON, "View profile of bob");
  dc_ui_test_click (button);
  dc_client_test_wait (window_profile_loaded, window, TIMEOUT, "bob's profile in the window");
  g_assert_cmpstr (dc_profile_page_get_state (dc_window_get_profile_page (window)), ==,
                   "profile");
  dc_ui_test_save_screenshot (GTK_WIDGET (window), "profile-window");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (dc_window_get_visible_page (window), ==, "matches");

  /* the sidebar's trader search finds bob by name and opens his profile */
  {
    DcUserSearch *search = dc_window_get_user_search (window);
    GtkWidget *find = dc_ui_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON,
                                                "Find traders");
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (find)));
    GtkWidget *result;

    gtk_menu_button_popup (GTK_MENU_BUTTON (find));
    dc_user_search_set_text (search, "Tacoma");
    dc_client_test_wait (user_search_idle, search, TIMEOUT, "the trader search");
    g_assert_cmpuint (dc_user_search_get_n_results (search), ==, 1);
    /* The screenshot spins the main loop, which may rebuild the rows: find the row after. */
    dc_ui_test_save_screenshot (GTK_WIDGET (window), "user-search");
    result = dc_ui_test_find_labelled (popover, GTK_TYPE_LIST_BOX_ROW, "@bob · Tacoma, WA");
    g_signal_emit_by_name (gtk_widget_get_parent (result), "row-activated", result);
    dc_client_test_wait (window_profile_loaded, window, TIMEOUT, "bob's profile from search");
    g_assert_cmpstr (dc_profile_page_get_username (dc_window_get_profile_page (window)), ==,
                     "bob");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Nothing listens: every page says it needs the server, nothing crashes. */
static void
test_offline (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_autofree char *url = NULL;
  g_autoptr(DcAccount) account = NULL;
  DcMatchesPage *page = g_object_new (DC_TYPE_MATCHES_PAGE, NULL);
  GtkWidget *window;
  DcPreferencesWindow *preferences;
  DcProfileSettings *profile;

  /* a port that was free a moment ago and is closed now */
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  account = dc_account_new (url, "alice", alice);

  window = page_window (GTK_WIDGET (page), 800, 600);
  dc_matches_page_set_account (page, account);
  dc_client_test_wait (matches_loaded, page, TIMEOUT, "the matches offline");
  g_assert_cmpstr (dc_matches_page_get_state (page), ==, "status");
  g_assert_true (label_shown (window, "Matches Need a Connection"));
  g_assert_true (gtk_widget_get_visible (dc_ui_test_find_labelled (window, GTK_TYPE_BUTTON,
                                                                   "Try Again")));
  gtk_window_destroy (GTK_WINDOW (window));

  preferences = dc_preferences_window_new (NULL, account);
  dc_preferences_window_show_page (preferences, "profile");
  gtk_window_present (GTK_WINDOW (preferences));
  profile = DC_PROFILE_SETTINGS (dc_ui_test_find_type (GTK_WIDGET (preferences),
                                                       DC_TYPE_PROFILE_SETTINGS));
  while (dc_profile_settings_get_busy (profile))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (dc_profile_settings_get_loaded (profile));
  g_assert_true (label_shown (GTK_WIDGET (preferences),
                              "Your profile can only be edited with a connection"));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int    argc,
      char **argv)
{
  int status;

  dc_ui_test_init (&argc, &argv);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  g_assert_true (dc_ui_test_init_gtk ());
  {
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");

    server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_AUTH_RATE_LIMIT=1000",
                                                         "DISCORD_BOT_API_KEY=test-bot-api-key",
                                                         NULL });
    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                     ==, 0);
    dc_test_server_start (server);
  }
  setup_users ();

  g_test_add_func ("/Dc/UiSocial/matches-and-profile", test_matches_and_profile);
  g_test_add_func ("/Dc/UiSocial/window-matches", test_window_matches);
  g_test_add_func ("/Dc/UiSocial/settings-profile", test_settings_profile);
  g_test_add_func ("/Dc/UiSocial/settings-privacy", test_settings_privacy);
  g_test_add_func ("/Dc/UiSocial/settings-connections", test_settings_connections);
  g_test_add_func ("/Dc/UiSocial/settings-notifications", test_settings_notifications);
  g_test_add_func ("/Dc/UiSocial/notifications", test_notifications);
  g_test_add_func ("/Dc/UiSocial/offline", test_offline);

  status = g_test_run ();

  g_free (alice);
  g_free (bob);
  dc_test_server_free (server);
  return status;
}
