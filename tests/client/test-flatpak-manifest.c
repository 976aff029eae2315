/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* The client's Flatpak manifest: valid JSON with what flatpak-builder needs, the app id
 * of the desktop file, the GNOME runtime of the Debian 12 stack, only the client built,
 * and the sandbox holes the app uses (network, display, the keyring) and no more. */

static const char *manifest_path;
static JsonObject *manifest;

static gboolean
strv_has (JsonArray  *array,
          const char *value)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_required_keys (void)
{
  static const char *keys[] = { "id", "runtime", "runtime-version", "sdk", "command",
                                "finish-args", "modules" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (manifest, keys[i]));

  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, APP_ID);
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime-version"), ==, "43");
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "dualcaster");
}

static void
test_finish_args (void)
{
  JsonArray *args = json_object_get_array_member (manifest, "finish-args");
  static const char *needed[] = { "--share=network", "--socket=wayland", "--socket=fallback-x11",
                                  "--device=dri", "--talk-name=org.freedesktop.secrets" };

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    g_assert_true (strv_has (args, needed[i]));
  /* no blanket access to the user's files or the whole session bus */
  g_assert_false (strv_has (args, "--filesystem=home"));
  g_assert_false (strv_has (args, "--filesystem=host"));
  g_assert_false (strv_has (args, "--socket=session-bus"));
}

static void
test_modules (void)
{
  JsonArray *modules = json_object_get_array_member (manifest, "modules");
  JsonObject *app = NULL;
  JsonArray *opts;

  g_assert_cmpuint (json_array_get_length (modules), >=, 1);
  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);
      JsonArray *sources = json_object_get_array_member (module, "sources");

      g_assert_nonnull (json_object_get_string_member (module, "name"));
      g_assert_nonnull (sources);
      g_assert_cmpuint (json_array_get_length (sources), >=, 1);
      for (guint j = 0; j < json_array_get_length (sources); j++)
        {
          JsonObject *source = json_array_get_object_element (sources, j);
          const char *type = json_object_get_string_member (source, "type");

          /* downloads are pinned by checksum */
          const char *sha256 = json_object_get_string_member_with_default (source, "sha256", "");

          if (g_strcmp0 (type, "archive") == 0 || g_strcmp0 (type, "file") == 0)
            g_assert_cmpuint (strlen (sha256), ==, 64);
        }
      if (g_strcmp0 (json_object_get_string_member (module, "buildsystem"), "meson") == 0)
        app = module;
    }

  /* the last module is the app, built with meson without the server and the bot */
  g_assert_nonnull (app);
  g_assert_true (app == json_array_get_object_element (modules,
                                                      json_array_get_length (modules) - 1));
  opts = json_object_get_array_member (app, "config-opts");
  g_assert_true (strv_has (opts, "-Dserver=false"));
  g_assert_true (strv_has (opts, "-Dbot=false"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  manifest_path = argv[1];
  json_parser_load_from_file (parser, manifest_path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  manifest = json_node_get_object (json_parser_get_root (parser));

  g_test_add_func ("/Dc/FlatpakManifest/required-keys", test_required_keys);
  g_test_add_func ("/Dc/FlatpakManifest/finish-args", test_finish_args);
  g_test_add_func ("/Dc/FlatpakManifest/modules", test_modules);
  return g_test_run ();
}
