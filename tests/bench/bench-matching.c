/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Matching benchmark (DESIGN §15): GET /api/matches for one user against N users with 100
 * list items each (50 haves, 50 wants, real printings from the demo catalog, chosen by a
 * seeded generator), at 1,000, 10,000 and 100,000 users; target < 50 ms at 10,000.
 *
 * The population is written straight into the server's database with SQL (one writer,
 * big transactions, the list indexes rebuilt after each batch), the real server is started
 * on it, and the time of each request is measured over HTTP. "computed" requests find no
 * valid cached list (another member changed location just before); "cached" ones do.
 *
 * Usage: bench-matching [MAX_USERS]   (default 100000; the sizes above it are skipped) */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <unistd.h>

#include "dc-test-harness.h"

#define SEED 20240601
#define HAVES_PER_USER 50
#define WANTS_PER_USER 50
#define COLD_RUNS 30
#define WARM_RUNS 30

typedef struct
{
  char *scryfall_id;
  char *oracle_id;
  char *finishes[3];
  int   n_finishes;
} Card;

typedef struct
{
  sqlite3      *db;
  GRand        *rand;
  GArray       *cards;         /* Card */
  gint64        rev;
  gint64        now;
  gint64        next_user_id;
  sqlite3_stmt *user;
  sqlite3_stmt *inventory;
  sqlite3_stmt *have;
  sqlite3_stmt *want;
} Generator;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
step_done (Generator    *gen,
           sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (gen->db));
  sqlite3_reset (stmt);
}

/* Ids shaped like UUIDv4 but increasing, so that every primary-key insert is an append:
 * random ones would make building 15 million rows a matter of page thrashing, and the
 * matching queries never look rows up by these ids. */
static void
uuid (Generator *gen,
      char       out[37])
{
  static guint64 counter;

  counter++;
  g_snprintf (out, 37, "%08x-0000-4000-8000-%012" G_GINT64_MODIFIER "x",
              (guint) (counter >> 48), counter & G_GUINT64_CONSTANT (0xffffffffffff));
}

/* This process's CPU time so far, in seconds. */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static int
pick (Generator *gen,
      int        n)
{
  return g_rand_int_range (gen->rand, 0, n);
}

static const char *
pick_condition (Generator *gen)
{
  static const char *conditions[] = { "M", "NM", "NM", "NM", "LP", "LP", "MP", "HP", "DMG" };

  return conditions[pick (gen, G_N_ELEMENTS (conditions))];
}

static void
load_cards (Generator *gen)
{
  sqlite3_stmt *stmt = prepare (gen->db, "SELECT scryfall_id, oracle_id, finishes FROM cards"
                                         " WHERE oracle_id IS NOT NULL ORDER BY id");

  gen->cards = g_array_new (FALSE, TRUE, sizeof (Card));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Card card = { 0 };
      g_auto(GStrv) finishes = g_strsplit ((const char *) sqlite3_column_text (stmt, 2), ",", 3);

      card.scryfall_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      card.oracle_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      for (int i = 0; finishes[i] != NULL && i < 3; i++)
        if (*finishes[i] != '\0')
          card.finishes[card.n_finishes++] = g_strdup (finishes[i]);
      if (card.n_finishes == 0)
        card.finishes[card.n_finishes++] = g_strdup ("nonfoil");
      g_array_append_val (gen->cards, card);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (gen->cards->len, >, 1000);
}

/* 50 haves (each on its own inventory row) and 50 wants for @user_id. */
static void
add_lists (Generator *gen,
           gint64     user_id)
{
  char id[37], inv_id[37];

  for (int i = 0; i < HAVES_PER_USER; i++)
    {
      Card *card = &g_array_index (gen->cards, Card, pick (gen, gen->cards->len));
      int quantity = 1 + pick (gen, 4);
      /* Most copies are nonfoil; foils where the printing has them. */
      const char *finish = card->finishes[pick (gen, 10) < 8 ? 0 : pick (gen, card->n_finishes)];

      uuid (gen, inv_id);
      sqlite3_bind_text (gen->inventory, 1, inv_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (gen->inventory, 2, user_id);
      sqlite3_bind_text (gen->inventory, 3, card->scryfall_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (gen->inventory, 4, quantity);
      sqlite3_bind_text (gen->inventory, 5, pick_condition (gen), -1, SQLITE_STATIC);
      sqlite3_bind_text (gen->inventory, 6, finish, -1, SQLITE_STATIC);
      sqlite3_bind_text (gen->inventory, 7, pick (gen, 20) ? "en" : "ja", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (gen->inventory, 8, ++gen->rev);
      sqlite3_bind_int64 (gen->inventory, 9, gen->now);
      step_done (gen, gen->inventory);

      uuid (gen, id);
      sqlite3_bind_text (gen->have, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (gen->have, 2, user_id);
      sqlite3_bind_text (gen->have, 3, inv_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (gen->have, 4, 1 + pick (gen, quantity));
      if (pick (gen, 10) == 0)
        sqlite3_bind_int (gen->have, 5, 100 + pick (gen, 2000));
      else
        sqlite3_bind_null (gen->have, 5);
      sqlite3_bind_int64 (gen->have, 6, ++gen->rev);
      sqlite3_bind_int64 (gen->have, 7, gen->now);
      step_done (gen, gen->have);
    }

  for (int i = 0; i < WANTS_PER_USER; i++)
    {
      static const char *mins[] = { "NM", "LP", "LP", "MP" };
      static const char *priorities[] = { "low", "medium", "high" };
      Card *card = &g_array_index (gen->cards, Card, pick (gen, gen->cards->len));
      gboolean any_printing = pick (gen, 5) == 0;

      uuid (gen, id);
      sqlite3_bind_text (gen->want, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (gen->want, 2, user_id);
      if (any_printing)
        {
          sqlite3_bind_null (gen->want, 3);
          sqlite3_bind_text (gen->want, 4, card->oracle_id, -1, SQLITE_STATIC);
        }
      else
        {
          sqlite3_bind_text (gen->want, 3, card->scryfall_id, -1, SQLITE_STATIC);
          sqlite3_bind_null (gen->want, 4);
        }
      sqlite3_bind_int (gen->want, 5, 1 + pick (gen, 4));
      sqlite3_bind_text (gen->want, 6, mins[pick (gen, G_N_ELEMENTS (mins))], -1, SQLITE_STATIC);
      sqlite3_bind_text (gen->want, 7, pick (gen, 10) < 7 ? "any" : card->finishes[0], -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (gen->want, 8, pick (gen, 10) < 6 ? "any" : "en", -1, SQLITE_STATIC);
      if (pick (gen, 10) == 0)
        sqlite3_bind_int (gen->want, 9, 500 + pick (gen, 5000));
      else
        sqlite3_bind_null (gen->want, 9);
      sqlite3_bind_text (gen->want, 10, priorities[pick (gen, 3)], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (gen->want, 11, ++gen->rev);
      sqlite3_bind_int64 (gen->want, 12, gen->now);
      step_done (gen, gen->want);
    }
}

static void
add_user (Generator *gen,
          guint      number)
{
  char public_id[37];
  g_autofree char *username = g_strdup_printf ("bench%u", number);
  g_autofree char *email = g_strdup_printf ("bench%u@bench.example", number);

  gint64 user_id = gen->next_user_id++;

  uuid (gen, public_id);
  sqlite3_bind_text (gen->user, 1, public_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (gen->user, 2, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (gen->user, 3, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (gen->user, 4, gen->now);
  sqlite3_bind_int64 (gen->user, 7, user_id);
  /* Seven in ten have a location somewhere in the contiguous United States. */
  if (pick (gen, 10) < 7)
    {
      sqlite3_bind_double (gen->user, 5, 30 + g_rand_double (gen->rand) * 17);
      sqlite3_bind_double (gen->user, 6, -120 + g_rand_double (gen->rand) * 45);
    }
  else
    {
      sqlite3_bind_null (gen->user, 5);
      sqlite3_bind_null (gen->user, 6);
    }
  step_done (gen, gen->user);
  add_lists (gen, user_id);
}

/* Moves the staged rows into the real tables. */
static void
flush (Generator *gen)
{
  exec (gen->db,
        "INSERT INTO users (id, public_id, email, username, display_name, password_hash,"
        " created_at, latitude, longitude)"
        " SELECT id, public_id, email, username, username, 'not-a-hash', created_at, latitude,"
        " longitude FROM s_users;"
        "INSERT INTO inventory_items (id, user_id, card_id, quantity, condition, finish,"
        " language, rev, created_at, updated_at)"
        " SELECT id, user_id, card_id, quantity, condition, finish, language, rev, created_at,"
        " created_at FROM s_inventory;"
        "INSERT INTO have_items (id, user_id, inventory_item_id, quantity, min_trade_value,"
        " rev, created_at, updated_at)"
        " SELECT id, user_id, inventory_item_id, quantity, min_trade_value, rev, created_at,"
        " created_at FROM s_have;"
        "INSERT INTO want_items (id, user_id, card_id, oracle_id, quantity, condition_min,"
        " finish, language, max_trade_value, priority, rev, created_at, updated_at)"
        " SELECT id, user_id, card_id, oracle_id, quantity, condition_min, finish, language,"
        " max_trade_value, priority, rev, created_at, created_at FROM s_want;"
        "DELETE FROM s_users; DELETE FROM s_inventory; DELETE FROM s_have; DELETE FROM s_want");
}

/* Grows the population to @users other members (and gives @me_id lists on the first call). */
static void
populate (const char *db_path,
          gint64      me_id,
          guint       from,
          guint       users)
{
  static GRand *rand;
  static gint64 rev;
  Generator gen = { 0 };
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  double start = now_ms ();
  double start_cpu = cpu_s ();
  double rows_s;

  if (rand == NULL)
    rand = g_rand_new_with_seed (SEED);
  gen.rand = rand;
  g_assert_cmpint (sqlite3_open (db_path, &gen.db), ==, SQLITE_OK);
  /* One writer and no reader: no journal, no fsync, a big page cache. */
  exec (gen.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                " PRAGMA cache_size=-2000000; PRAGMA locking_mode=EXCLUSIVE;"
                " PRAGMA threads=2;");
  load_cards (&gen);
  gen.now = g_get_real_time () / 1000;
  if (rev == 0)
    {
      stmt = prepare (gen.db, "SELECT value FROM rev_counter WHERE id = 1");
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      rev = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  gen.rev = rev;

  /* match_haves (0005-matching.sql) is rebuilt in printing order after the batch instead
   * of filled row by row by its triggers, and the list indexes likewise. */
  stmt = prepare (gen.db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                          " AND name LIKE 'match_haves_%'");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (drops, g_strdup_printf ("DROP TRIGGER \"%s\"",
                                               (const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (triggers, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (triggers->len, ==, 4);

  /* Indexes led by a printing or a card are filled in random order: they are dropped and
   * built again by sorting. The others (led by a user or a new id) grow at their end. */
  stmt = prepare (gen.db, "SELECT m.name, m.sql FROM sqlite_master m"
                          " JOIN pragma_index_info (m.name) c ON c.seqno = 0"
                          " WHERE m.type = 'index' AND m.sql IS NOT NULL"
                          " AND m.tbl_name IN ('inventory_items', 'have_items', 'want_items',"
                          " 'match_haves') AND (c.name IN ('card_id', 'oracle_id')"
                          " OR m.tbl_name = 'match_haves')");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (drops, g_strdup_printf ("DROP INDEX \"%s\"",
                                               (const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (indexes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (indexes->len, >=, 4);
  for (guint i = 0; i < drops->len; i++)
    exec (gen.db, g_ptr_array_index (drops, i));

  /* Rows go to unconstrained staging tables first and into the real ones a batch at a
   * time: each execution of an INSERT evaluates the CHECK (x IN (…)) constraints of 0003
   * by building a small temporary b-tree, which would cost more than the row itself. */
  exec (gen.db, "PRAGMA temp_store=MEMORY;"
                "CREATE TEMP TABLE s_users (id, public_id, email, username, created_at,"
                " latitude, longitude);"
                "CREATE TEMP TABLE s_inventory (id, user_id, card_id, quantity, condition,"
                " finish, language, rev, created_at);"
                "CREATE TEMP TABLE s_have (id, user_id, inventory_item_id, quantity,"
                " min_trade_value, rev, created_at);"
                "CREATE TEMP TABLE s_want (id, user_id, card_id, oracle_id, quantity,"
                " condition_min, finish, language, max_trade_value, priority, rev,"
                " created_at)");
  gen.user = prepare (gen.db, "INSERT INTO s_users (public_id, email, username, created_at,"
                              " latitude, longitude, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  gen.inventory = prepare (gen.db, "INSERT INTO s_inventory VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                                   " ?8, ?9)");
  gen.have = prepare (gen.db, "INSERT INTO s_have VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  gen.want = prepare (gen.db, "INSERT INTO s_want VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                              " ?10, ?11, ?12)");
  stmt = prepare (gen.db, "SELECT coalesce (max (id), 0) + 1 FROM users");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  gen.next_user_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  exec (gen.db, "BEGIN");
  if (from == 0)
    add_lists (&gen, me_id);
  for (guint i = from; i < users; i++)
    {
      add_user (&gen, i);
      if (i % 1000 == 999 || i + 1 == users)
        flush (&gen);
      if (i % 10000 == 9999)
        {
          exec (gen.db, "COMMIT");
          exec (gen.db, "BEGIN");
        }
    }
  flush (&gen);
  exec (gen.db, "COMMIT");
  rows_s = (now_ms () - start) / 1000;
  /* What the triggers would have added for the new rows, in the table's own order. */
  stmt = prepare (gen.db, "INSERT INTO match_haves"
                          " SELECT i.card_id, h.id, h.user_id, h.quantity, h.min_trade_value,"
                          " i.finish, i.language, i.condition"
                          " FROM have_items h JOIN inventory_items i ON i.id = h.inventory_item_id"
                          " WHERE h.rev > ? AND h.deleted = 0 AND h.is_active = 1"
                          " AND i.deleted = 0 ORDER BY i.card_id, h.id");
  sqlite3_bind_int64 (stmt, 1, rev);
  exec (gen.db, "BEGIN");
  step_done (&gen, stmt);
  exec (gen.db, "COMMIT");
  sqlite3_finalize (stmt);
  for (guint i = 0; i < indexes->len; i++)
    exec (gen.db, g_ptr_array_index (indexes, i));
  for (guint i = 0; i < triggers->len; i++)
    exec (gen.db, g_ptr_array_index (triggers, i));
  stmt = prepare (gen.db, "UPDATE rev_counter SET value = ? WHERE id = 1");
  sqlite3_bind_int64 (stmt, 1, gen.rev);
  step_done (&gen, stmt);
  sqlite3_finalize (stmt);
  rev = gen.rev;

  sqlite3_finalize (gen.user);
  sqlite3_finalize (gen.inventory);
  sqlite3_finalize (gen.have);
  sqlite3_finalize (gen.want);
  for (guint i = 0; i < gen.cards->len; i++)
    {
      Card *card = &g_array_index (gen.cards, Card, i);

      g_free (card->scryfall_id);
      g_free (card->oracle_id);
      for (int f = 0; f < card->n_finishes; f++)
        g_free (card->finishes[f]);
    }
  g_array_unref (gen.cards);
  sqlite3_close (gen.db);
  g_print ("matching: built %u users x %d list items in %.1f s (rows %.1f s, then"
           " match_haves and indexes; CPU %.1f s)\n", users, HAVES_PER_USER + WANTS_PER_USER,
           (now_ms () - start) / 1000, rows_s, cpu_s () - start_cpu);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index = (guint) (p * (samples->len - 1) + 0.5);

  return g_array_index (samples, double, MIN (index, samples->len - 1));
}

typedef struct
{
  guint  users;
  double cold_min, cold_p50, cold_p99, warm_p50, warm_p99;
  double cold_cpu;     /* server CPU time per computed request */
  gint64 partners;
} Point;

/* The server's CPU time so far (user + system), in ms: on a shared machine wall times
 * include waiting for a core, CPU time does not. */
static double
server_cpu_ms (DcTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat",
                                           g_subprocess_get_identifier (server->process));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3, utime 14, stime 15. */
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 /
         sysconf (_SC_CLK_TCK);
}

/* One GET /api/matches, timed from sending to the last byte (the answer is not parsed). */
static double
timed_get (SoupSession  *session,
           DcTestServer *server,
           const char   *token,
           const char   *expect_cache,
           gint64       *out_total)
{
  g_autofree char *url = g_strconcat (server->base_url, "/api/matches", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  double t0, elapsed;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  t0 = now_ms ();
  body = soup_session_send_and_read (session, msg, NULL, &error);
  elapsed = now_ms () - t0;
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "X-Cache"), ==, expect_cache);
  if (out_total != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                 g_bytes_get_size (body), NULL));
      *out_total = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "total");
    }
  return elapsed;
}

static Point
measure (DcTestServer *server,
         const char   *token,
         const char   *other_token,
         guint         users)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) warm = g_array_new (FALSE, FALSE, sizeof (double));
  Point point = { users };
  double cpu0 = server_cpu_ms (server);

  for (int i = 0; i < COLD_RUNS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"display\":\"Here\",\"latitude\":%d,"
                                               "\"longitude\":0}", i % 2);
      g_autoptr(DcTestResponse) moved = NULL;
      double ms;

      /* Someone moves: a change to any profile makes every cached list out of date. */
      moved = dc_test_request (server, "PUT", "/api/users/me/location", other_token, body, NULL);
      g_assert_cmpuint (moved->status, ==, 200);
      ms = timed_get (session, server, token, "MISS", i == 0 ? &point.partners : NULL);
      g_array_append_val (cold, ms);
    }
  point.cold_cpu = (server_cpu_ms (server) - cpu0) / COLD_RUNS;
  for (int i = 0; i < WARM_RUNS; i++)
    {
      double ms = timed_get (session, server, token, "HIT", NULL);

      g_array_append_val (warm, ms);
    }
  g_array_sort (cold, compare_double);
  g_array_sort (warm, compare_double);
  point.cold_min = g_array_index (cold, double, 0);
  point.cold_p50 = percentile (cold, 0.5);
  point.cold_p99 = percentile (cold, 0.99);
  point.warm_p50 = percentile (warm, 0.5);
  point.warm_p99 = percentile (warm, 0.99);
  g_print ("matching: %6u users: %5" G_GINT64_FORMAT " partners; computed min %6.1f ms,"
           " p50 %6.1f ms, p99 %6.1f ms, server CPU %6.1f ms; cached p50 %5.1f ms,"
           " p99 %5.1f ms\n", users, point.partners, point.cold_min, point.cold_p50,
           point.cold_p99, point.cold_cpu, point.warm_p50, point.warm_p99);
  return point;
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 1000, 10000, 100000 };
  g_autofree char *cards = dc_test_demo_path ("cards.jsonl.gz");
  g_autoptr(DcTestServer) server = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  guint64 max_users = 100000;
  gint64 me_id = 0;
  guint built = 0;

  if (argc > 1 && !g_ascii_string_to_unsigned (argv[1], 10, 1, 1000000, &max_users, NULL))
    g_error ("usage: %s [MAX_USERS]", argv[0]);

  server = dc_test_server_prepare ((const char *[]) { "DUALCASTER_ACCESS_LOG=0", NULL });
  g_assert_cmpint (dc_test_server_run_command (server, NULL, "import-scryfall", cards, NULL),
                   ==, 0);
  dc_test_server_start (server);
  token = dc_test_register_user (server, "bencher");
  other = dc_test_register_user (server, "traveller");
  {
    g_autoptr(DcTestResponse) r = dc_test_request (server, "PUT", "/api/users/me/location", token,
                                                   "{\"display\":\"Kansas City\","
                                                   "\"latitude\":39.0997,"
                                                   "\"longitude\":-94.5786}", NULL);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
    stmt = prepare (db, "SELECT id FROM users WHERE username = 'bencher'");
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    me_id = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  for (guint s = 0; s < G_N_ELEMENTS (sizes) && sizes[s] <= max_users; s++)
    {
      Point point;

      dc_test_server_stop (server);
      populate (server->db_path, me_id, built, sizes[s]);
      built = sizes[s];
      dc_test_server_start (server);
      point = measure (server, token, other, sizes[s]);
      g_array_append_val (points, point);
    }

  {
    double load[3];

    if (getloadavg (load, 3) == 3)
      g_print ("matching: load average %.2f (%d cores): wall times include waiting for one\n",
               load[0], g_get_num_processors ());
  }
  g_print ("matching: the curve (one user's matches, computed, over HTTP; server CPU time per"
           " request, which includes the location change before it):\n");
  for (guint i = 0; i < points->len; i++)
    {
      Point *p = &g_array_index (points, Point, i);

      g_print ("matching:   %6u users  p50 %7.1f ms  p99 %7.1f ms  CPU %7.1f ms%s\n", p->users,
               p->cold_p50, p->cold_p99, p->cold_cpu,
               p->users == 10000 ? (p->cold_p99 < 50 ? "  (target < 50 ms) OK"
                                                     : "  (target < 50 ms) MISSED")
                                 : "");
    }
  return 0;
}
