/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import benchmark (issue 3): rows per second for the largest real sample, through the
 * real server's POST /api/inventory/import (parse, detect, resolve against the catalog) —
 * as a dry run and as a real import that writes the items. */
#include "config.h"

#include "dc-test-harness.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
  g_autofree char *dir_path = dc_test_data_path ("csv-samples");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(DcTestServer) server = NULL;
  g_autofree char *largest = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *token = NULL;
  goffset largest_size = 0;
  const char *name;
  gsize len;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0,
                                                     NULL, NULL);

      if (info && g_file_info_get_size (info) > largest_size)
        {
          largest_size = g_file_info_get_size (info);
          g_free (largest);
          largest = g_steal_pointer (&path);
        }
    }
  g_assert_true (g_file_get_contents (largest, &contents, &len, NULL));
  body = g_bytes_new_take (g_steal_pointer (&contents), len);

  server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_ACCESS_LOG=0", NULL });
  g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL), ==, 0);
  dc_test_server_start (server);
  token = dc_test_register_user (server, "importbench");

  for (int pass = 0; pass < 2; pass++)
    {
      const char *path = pass == 0 ? "/api/inventory/import?dry_run=true" : "/api/inventory/import";
      double best = G_MAXDOUBLE;
      gint64 rows = 0, items = 0;

      for (int run = 0; run < (pass == 0 ? 5 : 1); run++)
        {
          double t0 = now_ms (), elapsed;
          g_autoptr(DcTestResponse) r = dc_test_request_bytes (server, "POST", path, token,
                                                               "text/csv", body, NULL);

          elapsed = now_ms () - t0;
          g_assert_cmpuint (r->status, ==, 200);
          rows = json_object_get_int_member (dc_test_response_object (r), "rows");
          items = json_object_get_int_member (dc_test_response_object (r), "items");
          best = MIN (best, elapsed);
        }
      {
        g_autofree char *base = g_path_get_basename (largest);
        g_autofree char *created = pass == 0 ? g_strdup ("")
                                             : g_strdup_printf (", %" G_GINT64_FORMAT
                                                                " items created", items);

        g_print ("import: %s (%" G_GINT64_FORMAT " rows, %.0f KiB) %s: %.0f ms = %.0f rows/s%s\n",
                 base, rows, len / 1024.0, pass == 0 ? "dry run, best of 5" : "written", best,
                 rows / (best / 1000.0), created);
      }
    }
  return 0;
}
