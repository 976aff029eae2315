/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test-fake-discord"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "dc-test-fake-discord.h"

static SoupSession *
control_session (void)
{
  static SoupSession *session;

  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 30, NULL);
  return session;
}

/* A test that aborts must not leave its fake behind (holding the test's stderr open). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

DcFakeDiscord *
dc_fake_discord_new (const char * const *extra_env)
{
  DcFakeDiscord *fake = g_new0 (DcFakeDiscord, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *binary = NULL;
  const char *build = g_getenv ("DC_BUILD_DIR");

  g_assert_nonnull (build);
  binary = g_build_filename (build, "tests", "fakes", "fake-discord", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  for (guint i = 0; extra_env && extra_env[i]; i++)
    {
      const char *eq = strchr (extra_env[i], '=');
      g_autofree char *key = NULL;

      g_assert_nonnull (eq);
      key = g_strndup (extra_env[i], eq - extra_env[i]);
      g_subprocess_launcher_setenv (launcher, key, eq + 1, TRUE);
    }
  fake->process = g_subprocess_launcher_spawn (launcher, &error, binary, NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("fake-discord did not start: %s", line ? line : "(eof)");
  fake->base_url = g_strdup (line + strlen ("listening on "));
  fake->api_base = g_strconcat (fake->base_url, "/api/v10", NULL);
  return fake;
}

void
dc_fake_discord_free (DcFakeDiscord *fake)
{
  if (fake == NULL)
    return;
  if (fake->process != NULL)
    {
      g_subprocess_send_signal (fake->process, SIGTERM);
      g_subprocess_wait (fake->process, NULL, NULL);
      g_clear_object (&fake->process);
    }
  g_free (fake->base_url);
  g_free (fake->api_base);
  g_free (fake);
}

JsonNode *
dc_fake_discord_control (DcFakeDiscord *fake,
                         const char    *method,
                         const char    *path,
                         const char    *body)
{
  g_autofree char *url = g_strconcat (fake->base_url, "/_control/", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (control_session (), msg, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (answer, &len);
  if (soup_message_get_status (msg) >= 300)
    g_error ("control %s %s answered %u: %.*s", method, path, soup_message_get_status (msg),
             (int) len, data);
  if (len == 0 || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

JsonArray *
dc_fake_discord_requests (DcFakeDiscord *fake,
                          guint          since)
{
  g_autofree char *path = g_strdup_printf ("requests?since=%u", since);
  g_autoptr(JsonNode) root = dc_fake_discord_control (fake, "GET", path, NULL);

  return json_array_ref (json_object_get_array_member (json_node_get_object (root), "requests"));
}

guint
dc_fake_discord_last_seq (DcFakeDiscord *fake)
{
  g_autoptr(JsonNode) root = dc_fake_discord_control (fake, "GET", "requests?since=1000000000",
                                                      NULL);

  return (guint) json_object_get_int_member (json_node_get_object (root), "last");
}

JsonObject *
dc_fake_discord_wait_request (DcFakeDiscord *fake,
                              guint          since,
                              const char    *method,
                              const char    *path_part,
                              guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  do
    {
      g_autoptr(JsonArray) requests = dc_fake_discord_requests (fake, since);

      for (guint i = 0; i < json_array_get_length (requests); i++)
        {
          JsonObject *r = json_array_get_object_element (requests, i);

          if ((method == NULL || g_str_equal (json_object_get_string_member (r, "method"),
                                              method)) &&
              strstr (json_object_get_string_member (r, "path"), path_part) != NULL)
            return json_object_ref (r);
        }
      g_usleep (20 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  return NULL;
}

JsonObject *
dc_fake_discord_interact (DcFakeDiscord *fake,
                          const char    *interaction_json)
{
  g_autoptr(JsonNode) root = dc_fake_discord_control (fake, "POST", "interactions",
                                                      interaction_json);

  return json_object_ref (json_node_get_object (root));
}

JsonObject *
dc_fake_discord_gateway (DcFakeDiscord *fake)
{
  g_autoptr(JsonNode) root = dc_fake_discord_control (fake, "GET", "gateway", NULL);

  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
find_frames (DcFakeDiscord *fake,
             const char    *direction,
             int            op,
             const char    *t,
             guint         *out_count)
{
  g_autoptr(JsonObject) gateway = dc_fake_discord_gateway (fake);
  JsonArray *log = json_object_get_array_member (gateway, "log");
  JsonObject *last = NULL;

  *out_count = 0;
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *frame = json_array_get_object_element (log, i);

      if (!g_str_equal (json_object_get_string_member (frame, "direction"), direction) ||
          json_object_get_int_member (frame, "op") != op ||
          (t != NULL && g_strcmp0 (json_object_get_string_member_with_default (frame, "t", NULL),
                                   t) != 0))
        continue;
      (*out_count)++;
      last = frame;
    }
  return last ? json_object_ref (last) : NULL;
}

guint
dc_fake_discord_count_frames (DcFakeDiscord *fake,
                              const char    *direction,
                              int            op,
                              const char    *t)
{
  g_autoptr(JsonObject) last = NULL;
  guint count;

  last = find_frames (fake, direction, op, t, &count);
  return count;
}

JsonObject *
dc_fake_discord_wait_frame (DcFakeDiscord *fake,
                            const char    *direction,
                            int            op,
                            const char    *t,
                            guint          count,
                            guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  do
    {
      guint found;
      g_autoptr(JsonObject) last = find_frames (fake, direction, op, t, &found);

      if (found >= count)
        return g_steal_pointer (&last);
      g_usleep (20 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  return NULL;
}

guint
dc_test_get_no_redirect (const char  *url,
                         char       **out_location,
                         char       **out_body)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (control_session (), msg, NULL, &error);
  g_assert_no_error (error);
  if (out_location)
    *out_location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "Location"));
  if (out_body)
    *out_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return soup_message_get_status (msg);
}

char *
dc_test_sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}
