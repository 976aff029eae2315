/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "dc-notify-test-util.h"

/*
 * Price alerts through the real import commands: the server runs, a separate
 * `dualcaster-server import-scryfall` / `import-price-snapshots` process writes prices and
 * runs the alert check, and the server pushes what it found.
 *
 * The price files are made from genuine card objects of data/demo/cards.jsonl.gz: only the
 * `prices` member is changed (and, for snapshots, the demo file's own CSV layout is used
 * with made-up amounts and dates), so every other field is Scryfall's.
 */

#define COUNTER_FCA  "e1e48b21-1a4f-4708-a4b4-e2e296df924c" /* Counterspell, FCA 4: $2.80 */
/* Lightning Bolt, MSC 806: $0.82, foil $1.47 */
#define BOLT_MSC     "7673784e-db4b-43a1-8d55-1bb9fc1e284f"
#define BOLT_ORACLE  "4457ed35-7c10-48c8-9776-456485fdf070"
#define SOL_RING     "14dbce79-1fcc-4cc9-bf38-7729e44a411e" /* Sol Ring, TMC 59: $1.38 */

static DcTestServer *server;

/* YYYY-MM-DD, @offset days from today (UTC). */
static char *
day (int offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, offset);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* The genuine Scryfall object of @id from the demo catalog. */
static JsonObject *
demo_card (const char *id)
{
  g_autofree char *path = dc_test_demo_path ("cards.jsonl.gz");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) raw = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) plain = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *needle = g_strdup_printf ("\"id\":\"%s\"", id);
  char *line;

  g_assert_no_error (error);
  plain = g_converter_input_stream_new (raw, G_CONVERTER (gunzip));
  lines = g_data_input_stream_new (plain);
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;
      g_autoptr(JsonParser) parser = NULL;

      if (strstr (line, needle) == NULL)
        continue;
      parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
      return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  g_assert_no_error (error);
  g_error ("%s is not in the demo catalog", id);
  return NULL;
}

static char *
run_import (const char *command,
            const char *file,
            const char *extra)
{
  char *output = NULL;
  int status = dc_test_server_run_command (server, &output, command, file, extra, NULL);

  if (status != 0)
    g_error ("%s failed: %s", command, output);
  /* The import ends with the alert check. */
  g_assert_nonnull (strstr (output, "alerts: "));
  return output;
}

/* Imports @card_id for @on with its USD price replaced by @usd (nothing else changed). */
static void
import_scryfall_price (const char *card_id,
                       const char *on,
                       const char *usd)
{
  g_autoptr(JsonObject) card = demo_card (card_id);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), card);
  g_autofree char *line = NULL;
  g_autofree char *path = g_build_filename (server->dir, "prices.jsonl", NULL);
  g_autofree char *day_arg = g_strconcat ("--day=", on, NULL);
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (json_object_get_object_member (card, "prices"), "usd", usd);
  line = json_to_string (node, FALSE);
  g_file_set_contents (path, line, -1, &error);
  g_assert_no_error (error);
  output = run_import ("import-scryfall", path, day_arg);
}

/* A price-snapshots CSV in the demo file's layout, one row. */
static void
import_snapshot (const char *card_id,
                 const char *name,
                 const char *set,
                 const char *number,
                 const char *on,
                 const char *usd)
{
  g_autofree char *path = g_build_filename (server->dir, "snapshots.csv", NULL);
  g_autofree char *csv = g_strdup_printf (
    "id,name,set,collector_number,lang,snapshot_date,usd,usd_foil,usd_etched,eur,eur_foil,tix,"
    "source_repo,source_commit,source_path\n"
    "%s,%s,%s,%s,en,%s,%s,,,,,,test,0,generated\n", card_id, name, set, number, on, usd);
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);
  output = run_import ("import-price-snapshots", path, NULL);
}

/* @user's notifications of @kind, newest first. */
static GPtrArray *
notifications_of (const char *token,
                  const char *kind)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "GET", "/api/notifications?limit=100",
                                                 token, NULL, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *items;

  g_assert_cmpuint (r->status, ==, 200);
  items = json_object_get_array_member (dc_test_response_object (r), "notifications");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "kind"), kind))
        g_ptr_array_add (found, json_object_ref (item));
    }
  return found;
}

static guint
count_of (const char *token,
          const char *kind)
{
  g_autoptr(GPtrArray) found = notifications_of (token, kind);

  return found->len;
}

static const char *
data_string (JsonObject *notification,
             const char *name)
{
  return json_object_get_string_member (json_object_get_object_member (notification, "data"),
                                        name);
}

static char *
add_want (const char *token,
          const char *json)
{
  g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/want-list", token, json,
                                                 NULL);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (json_object_get_string_member (dc_test_response_object (r), "id"));
}

typedef struct
{
  const char *needle;
} LogWait;

static gboolean
log_has_cb (gpointer user_data)
{
  g_autofree char *log = dc_test_server_read_log (server);

  return strstr (log, ((LogWait *) user_data)->needle) != NULL;
}

/* Above, below, below again → one alert; above, below → a second one. */
static void
test_target_crossing (void)
{
  g_autofree char *alice = dc_test_register_user (server, "alice");
  g_autoptr(DcTestSocket) socket = dc_test_socket_connect (server->base_url, alice);
  g_autofree char *want = add_want (alice, "{\"card_id\":\"" COUNTER_FCA "\","
                                           "\"finish\":\"nonfoil\",\"target_price\":\"3.00\","
                                           "\"alert_enabled\":true}");
  g_autofree char *d12 = day (-12), *d11 = day (-11), *d10 = day (-10), *d9 = day (-9),
                  *d8 = day (-8);
  g_autoptr(GPtrArray) alerts = NULL;
  JsonObject *event, *pushed;
  LogWait mail = { "email (console) to <alice@example.com>, subject “Counterspell is at your "
                   "target price”" };

  import_scryfall_price (COUNTER_FCA, d12, "3.50");
  g_assert_cmpuint (count_of (alice, "price_alert"), ==, 0);

  import_scryfall_price (COUNTER_FCA, d11, "2.75");
  alerts = notifications_of (alice, "price_alert");
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (alerts, 0), "title"), ==,
                   "Counterspell is at your target price");
  g_assert_cmpstr (data_string (g_ptr_array_index (alerts, 0), "want_id"), ==, want);
  g_assert_cmpstr (data_string (g_ptr_array_index (alerts, 0), "card_id"), ==, COUNTER_FCA);
  g_assert_cmpstr (data_string (g_ptr_array_index (alerts, 0), "finish"), ==, "nonfoil");
  g_assert_cmpstr (data_string (g_ptr_array_index (alerts, 0), "price"), ==, "2.75");
  g_assert_cmpstr (data_string (g_ptr_array_index (alerts, 0), "target_price"), ==, "3.00");
  g_assert_cmpstr (data_string (g_ptr_array_index (alerts, 0), "day"), ==, d11);

  /* The import's notification reaches the open connection through the server's poll … */
  event = dc_test_socket_wait_event (socket, "notification.new", 5000);
  g_assert_nonnull (event);
  pushed = json_object_get_object_member (event, "notification");
  g_assert_cmpstr (json_object_get_string_member (pushed, "kind"), ==, "price_alert");
  g_assert_cmpstr (json_object_get_string_member (pushed, "id"), ==,
                   json_object_get_string_member (g_ptr_array_index (alerts, 0), "id"));
  /* … and its email goes out (the console here). */
  g_assert_true (dc_test_wait_until (log_has_cb, &mail, 5000));

  import_scryfall_price (COUNTER_FCA, d10, "2.60");
  g_assert_cmpuint (count_of (alice, "price_alert"), ==, 1);
  import_scryfall_price (COUNTER_FCA, d9, "3.20");
  g_assert_cmpuint (count_of (alice, "price_alert"), ==, 1);
  import_scryfall_price (COUNTER_FCA, d8, "2.90");
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = notifications_of (alice, "price_alert");
  g_assert_cmpuint (alerts->len, ==, 2);
  g_assert_cmpstr (data_string (g_ptr_array_index (alerts, 0), "price"), ==, "2.90");

  /* Checking again by hand changes nothing. */
  {
    g_autofree char *output = NULL;

    g_assert_cmpint (dc_test_server_run_command (server, &output, "check-alerts", NULL), ==, 0);
    g_assert_nonnull (strstr (output, "0 price alerts"));
  }
  g_assert_cmpuint (count_of (alice, "price_alert"), ==, 2);
  /* 2.60 → 3.20 was a 23 % jump, but over a week ago: old news is no spike. */
  g_assert_cmpuint (count_of (alice, "price_spike"), ==, 0);
}

/* An any-printing want follows the cheapest printing in its finish. */
static void
test_any_printing (void)
{
  g_autofree char *bob = dc_test_register_user (server, "bob");
  g_autofree char *nonfoil = add_want (bob, "{\"oracle_id\":\"" BOLT_ORACLE "\","
                                            "\"finish\":\"nonfoil\",\"language\":\"en\","
                                            "\"target_price\":\"0.50\"}");
  g_autofree char *foil = add_want (bob, "{\"oracle_id\":\"" BOLT_ORACLE "\","
                                         "\"finish\":\"foil\",\"language\":\"en\","
                                         "\"target_price\":\"1.50\"}");
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  JsonObject *alert;

  g_assert_cmpint (dc_test_server_run_command (server, &output, "check-alerts", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "1 price alerts"));
  alerts = notifications_of (bob, "price_alert");
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = g_ptr_array_index (alerts, 0);
  /* Of the three printings in the demo catalog, MSC 806 is the cheapest foil ($1.47); no
   * nonfoil printing is at $0.50. */
  g_assert_cmpstr (data_string (alert, "want_id"), ==, foil);
  g_assert_cmpstr (data_string (alert, "oracle_id"), ==, BOLT_ORACLE);
  g_assert_cmpstr (data_string (alert, "card_id"), ==, BOLT_MSC);
  g_assert_cmpstr (data_string (alert, "finish"), ==, "foil");
  g_assert_cmpstr (data_string (alert, "price"), ==, "1.47");
  g_assert_cmpstr (data_string (alert, "set"), ==, "MSC");
  g_assert_nonnull (strstr (json_object_get_string_member (alert, "body"),
                            "The cheapest printing of Lightning Bolt (MSC 806, foil) is $1.47"));
}

/* A 24 h rise at or over the user's threshold, for a card they want or own, once a day. */
static void
test_spike (void)
{
  g_autofree char *carol = dc_test_register_user (server, "carol");
  g_autofree char *dave = dc_test_register_user (server, "dave");
  g_autofree char *yesterday = day (-1);
  g_autofree char *today = day (0);
  g_autofree char *want = NULL;
  g_autoptr(GPtrArray) spikes = NULL;
  JsonObject *spike;

  /* Carol owns a Sol Ring and asks for 25 %; Dave wants one at the default 20 %. */
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "POST", "/api/inventory", carol,
                                                   "{\"card_id\":\"" SOL_RING "\",\"quantity\":1}",
                                                   NULL);
    g_assert_cmpuint (r->status, ==, 201);
  }
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "PUT", "/api/settings/notifications",
                                                   carol, "{\"price_spike_threshold\":25}", NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  want = add_want (dave, "{\"card_id\":\"" SOL_RING "\",\"finish\":\"nonfoil\"}");

  import_snapshot (SOL_RING, "Sol Ring", "tmc", "59", yesterday, "1.00");
  g_assert_cmpuint (count_of (carol, "price_spike"), ==, 0);
  g_assert_cmpuint (count_of (dave, "price_spike"), ==, 0);

  /* +24 %: enough for Dave, not for Carol. */
  import_snapshot (SOL_RING, "Sol Ring", "tmc", "59", today, "1.24");
  g_assert_cmpuint (count_of (carol, "price_spike"), ==, 0);
  spikes = notifications_of (dave, "price_spike");
  g_assert_cmpuint (spikes->len, ==, 1);
  spike = g_ptr_array_index (spikes, 0);
  g_assert_cmpstr (json_object_get_string_member (spike, "title"), ==,
                   "Sol Ring is up 24% since yesterday");
  g_assert_cmpstr (data_string (spike, "want_id"), ==, want);
  g_assert_cmpstr (data_string (spike, "card_id"), ==, SOL_RING);
  g_assert_cmpstr (data_string (spike, "previous_price"), ==, "1.00");
  g_assert_cmpstr (data_string (spike, "price"), ==, "1.24");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (spike, "data"),
                                               "change_percent"), ==, 24);

  /* A later import the same day: +30 % now reaches Carol; Dave was told today already. */
  import_snapshot (SOL_RING, "Sol Ring", "tmc", "59", today, "1.30");
  g_clear_pointer (&spikes, g_ptr_array_unref);
  spikes = notifications_of (carol, "price_spike");
  g_assert_cmpuint (spikes->len, ==, 1);
  g_assert_null (json_object_get_member (json_object_get_object_member (
                   g_ptr_array_index (spikes, 0), "data"), "want_id"));
  g_assert_nonnull (strstr (json_object_get_string_member (g_ptr_array_index (spikes, 0), "body"),
                            "You have it in your collection."));
  g_assert_cmpuint (count_of (dave, "price_spike"), ==, 1);

  import_snapshot (SOL_RING, "Sol Ring", "tmc", "59", today, "1.40");
  g_assert_cmpuint (count_of (carol, "price_spike"), ==, 1);
  g_assert_cmpuint (count_of (dave, "price_spike"), ==, 1);
}

/* A want with alerts switched off stays silent. */
static void
test_alert_disabled (void)
{
  g_autofree char *erin = dc_test_register_user (server, "erin");
  g_autofree char *want = add_want (erin, "{\"card_id\":\"" COUNTER_FCA "\","
                                          "\"target_price\":\"99.00\",\"alert_enabled\":false}");
  g_autofree char *output = NULL;

  g_assert_cmpint (dc_test_server_run_command (server, &output, "check-alerts", NULL), ==, 0);
  g_assert_cmpuint (count_of (erin, "price_alert"), ==, 0);
}

static gboolean
has_catalog_commands (void)
{
  g_autofree char *output = NULL;

  dc_test_server_run_command (server, &output, "--help", NULL);
  return strstr (output, "import-scryfall") != NULL;
}

static void
test_needs_catalog (void)
{
  g_test_skip ("the catalog import commands are not in this build yet");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_AUTH_RATE_LIMIT=1000",
                                                      "DUALCASTER_NOTIFY_POLL_MS=100", NULL });
  if (!has_catalog_commands ())
    {
      g_test_add_func ("/Dc/Alerts/needs-catalog", test_needs_catalog);
      ret = g_test_run ();
      dc_test_server_free (server);
      return ret;
    }
  {
    g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
    g_autofree char *long_ago = day (-20);
    g_autofree char *day_arg = g_strconcat ("--day=", long_ago, NULL);

    g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, day_arg,
                                                 NULL), ==, 0);
  }
  dc_test_server_start (server);

  g_test_add_func ("/Dc/Alerts/target-crossing", test_target_crossing);
  g_test_add_func ("/Dc/Alerts/any-printing", test_any_printing);
  g_test_add_func ("/Dc/Alerts/spike", test_spike);
  g_test_add_func ("/Dc/Alerts/alert-disabled", test_alert_disabled);

  ret = g_test_run ();
  dc_test_server_free (server);
  return ret;
}
