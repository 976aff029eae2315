/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-match-service"

#include "config.h"

#include <string.h>

#include "dc-error.h"
#include "dc-geo.h"
#include "dc-match-service.h"
#include "dc-server.h"

#define MATCHES_CACHE_LIFETIME_S (60 * 60)

struct _DcMatchService
{
  DcServer   *server;
  guint       detailed_partners;
  /* Owner of a cached list → Owner. Every cached owner is here, also with no partners. */
  GHashTable *owners;
  /* Partner id → GArray of the owners (gint64) whose cached list shows that partner. */
  GHashTable *partner_owners;
};

/* --- small helpers ------------------------------------------------------------------- */

static gint64 *
int64_new (gint64 value)
{
  gint64 *p = g_new (gint64, 1);

  *p = value;
  return p;
}

static GHashTable *
int64_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static gboolean
internal (DcStore  *store,
          GError  **error)
{
  g_warning ("SQLite: %s", sqlite3_errmsg (dc_store_get_db (store)));
  dc_api_error_set (error, DC_API_ERROR_INTERNAL, NULL, NULL, "The database failed");
  return FALSE;
}

static char *
cache_key (gint64 user_id)
{
  return g_strdup_printf ("user:matches:%" G_GINT64_FORMAT, user_id);
}

static void
guild_free (DcMatchGuild *guild)
{
  g_free (guild->id);
  g_free (guild->name);
  g_free (guild);
}

void
dc_match_partner_free (DcMatchPartner *partner)
{
  if (partner == NULL)
    return;
  g_free (partner->username);
  g_free (partner->display_name);
  g_free (partner->location);
  g_clear_pointer (&partner->for_me, g_array_unref);
  g_clear_pointer (&partner->for_them, g_array_unref);
  g_clear_pointer (&partner->shared_guilds, g_ptr_array_unref);
  g_free (partner);
}

gboolean
dc_match_partner_is_detailed (const DcMatchPartner *partner)
{
  return partner->for_me != NULL;
}

static DcMatchList *
match_list_new (gint64 user_id)
{
  DcMatchList *list = g_atomic_rc_box_new0 (DcMatchList);

  list->user_id = user_id;
  list->partners = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_match_partner_free);
  return list;
}

static void
match_list_clear (DcMatchList *list)
{
  g_clear_pointer (&list->partners, g_ptr_array_unref);
}

DcMatchList *
dc_match_list_ref (DcMatchList *list)
{
  return g_atomic_rc_box_acquire (list);
}

void
dc_match_list_unref (DcMatchList *list)
{
  if (list != NULL)
    g_atomic_rc_box_release_full (list, (GDestroyNotify) match_list_clear);
}

/* --- reading the lists --------------------------------------------------------------- */

typedef struct
{
  gboolean    found;
  gint64      rowid;
  const char *oracle_id;          /* interned */
  gboolean    has_price[4];       /* by DcFinish */
  gint64      price[4];
} CardInfo;

/* The state of one computation: strings are interned in @strings, so they live as long
 * as the computation and equal card ids are one pointer. */
typedef struct
{
  DcStore      *store;
  GStringChunk *strings;
  GHashTable   *cards;            /* interned card id → CardInfo */
} Work;

static void
work_init (Work    *work,
           DcStore *store)
{
  work->store = store;
  work->strings = g_string_chunk_new (64 * 1024);
  work->cards = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
}

static void
work_clear (Work *work)
{
  g_clear_pointer (&work->strings, g_string_chunk_free);
  g_clear_pointer (&work->cards, g_hash_table_unref);
}

static const char *
intern (Work         *work,
        sqlite3_stmt *stmt,
        int           column)
{
  const char *text = dc_stmt_column_text (stmt, column);

  return text ? g_string_chunk_insert_const (work->strings, text) : NULL;
}

/* Ids that are unique anyway need no interning. */
static const char *
copy (Work         *work,
      sqlite3_stmt *stmt,
      int           column)
{
  const char *text = dc_stmt_column_text (stmt, column);

  return text ? g_string_chunk_insert (work->strings, text) : NULL;
}

/* The oracle id and current USD (TCGplayer) prices of a printing, read once. */
static CardInfo *
card_info (Work        *work,
           const char  *card_id,
           GError     **error)
{
  CardInfo *info = g_hash_table_lookup (work->cards, card_id);
  g_autoptr(DcStmtReset) card = NULL;
  g_autoptr(DcStmtReset) prices = NULL;
  int rc;

  if (info != NULL)
    return info;

  card = dc_store_prepare (work->store, "SELECT id, oracle_id FROM cards WHERE scryfall_id = ?",
                           NULL);
  if (card == NULL)
    return internal (work->store, error), NULL;
  info = g_new0 (CardInfo, 1);
  g_hash_table_insert (work->cards, (gpointer) card_id, info);
  dc_stmt_bind_text (card, 1, card_id);
  rc = sqlite3_step (card);
  if (rc == SQLITE_DONE)
    return info;
  if (rc != SQLITE_ROW)
    return internal (work->store, error), NULL;
  info->found = TRUE;
  info->rowid = sqlite3_column_int64 (card, 0);
  info->oracle_id = intern (work, card, 1);

  prices = dc_store_prepare (work->store,
                             "SELECT finish, amount FROM current_prices WHERE card = ?"
                             " AND currency = 'USD' AND source = 'tcgplayer'", NULL);
  if (prices == NULL)
    return internal (work->store, error), NULL;
  sqlite3_bind_int64 (prices, 1, info->rowid);
  while ((rc = sqlite3_step (prices)) == SQLITE_ROW)
    {
      DcFinish finish = dc_finish_from_string (dc_stmt_column_text (prices, 0));

      if (finish == DC_FINISH_UNKNOWN)
        continue;
      info->has_price[finish] = TRUE;
      info->price[finish] = sqlite3_column_int64 (prices, 1);
    }
  if (rc != SQLITE_DONE)
    return internal (work->store, error), NULL;
  return info;
}

/* The columns of a have seen through its inventory row; the rowid comes first. */
#define HAVE_COLUMNS(h, i) \
  h ".rowid, " h ".id, " h ".quantity, " h ".min_trade_value, " i ".card_id, " i ".finish, " \
  i ".language, " i ".condition"
#define WANT_COLUMNS(w) \
  w ".rowid, " w ".id, " w ".card_id, " w ".oracle_id, " w ".quantity, " w ".condition_min, " \
  w ".finish, " w ".language, " w ".max_trade_value, " w ".priority"
#define LIVE_HAVE(h) h ".deleted = 0 AND " h ".is_active = 1"
#define LIVE_WANT(w) w ".deleted = 0 AND " w ".is_active = 1 AND " w ".is_public = 1"

/* Reads HAVE_COLUMNS after the rowid, starting at @col. */
static gboolean
read_have (Work          *work,
           sqlite3_stmt  *stmt,
           int            col,
           DcMatchHave   *have,
           GError       **error)
{
  CardInfo *info;

  memset (have, 0, sizeof *have);
  have->id = copy (work, stmt, col);
  have->quantity = sqlite3_column_int (stmt, col + 1);
  have->has_min_trade_value = sqlite3_column_type (stmt, col + 2) != SQLITE_NULL;
  have->min_trade_value = sqlite3_column_int64 (stmt, col + 2);
  have->card_id = intern (work, stmt, col + 3);
  have->finish = dc_finish_from_string (dc_stmt_column_text (stmt, col + 4));
  have->language = intern (work, stmt, col + 5);
  have->condition = dc_condition_from_string (dc_stmt_column_text (stmt, col + 6));
  info = card_info (work, have->card_id, error);
  if (info == NULL)
    return FALSE;
  have->oracle_id = info->oracle_id;
  have->has_price = info->has_price[have->finish];
  have->price = info->price[have->finish];
  return TRUE;
}

/* Reads WANT_COLUMNS after the rowid, starting at @col. */
static void
read_want (Work         *work,
           sqlite3_stmt *stmt,
           int           col,
           DcMatchWant  *want)
{
  memset (want, 0, sizeof *want);
  want->id = copy (work, stmt, col);
  want->card_id = intern (work, stmt, col + 1);
  want->oracle_id = intern (work, stmt, col + 2);
  want->quantity = sqlite3_column_int (stmt, col + 3);
  want->condition_min = dc_condition_from_string (dc_stmt_column_text (stmt, col + 4));
  /* "any" is no finish: DC_FINISH_UNKNOWN accepts every finish. */
  want->finish = dc_finish_from_string (dc_stmt_column_text (stmt, col + 5));
  want->language = intern (work, stmt, col + 6);
  want->has_max_trade_value = sqlite3_column_type (stmt, col + 7) != SQLITE_NULL;
  want->max_trade_value = sqlite3_column_int64 (stmt, col + 7);
  if (!dc_want_priority_from_string (dc_stmt_column_text (stmt, col + 8), &want->priority))
    want->priority = DC_WANT_PRIORITY_MEDIUM;
}

/* A user's active haves (DcMatchHave) and their rowids (gint64). */
static gboolean
load_haves (Work     *work,
            gint64    user_id,
            GArray  **out_haves,
            GArray  **out_rowids,
            GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GArray) haves = g_array_new (FALSE, TRUE, sizeof (DcMatchHave));
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = dc_store_prepare (work->store,
                           "SELECT " HAVE_COLUMNS ("h", "i") " FROM have_items h"
                           " JOIN inventory_items i ON i.id = h.inventory_item_id"
                           " AND i.deleted = 0"
                           " WHERE h.user_id = ?1 AND " LIVE_HAVE ("h")
                           " ORDER BY h.id", NULL);
  if (stmt == NULL)
    return internal (work->store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DcMatchHave have;
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      if (!read_have (work, stmt, 1, &have, error))
        return FALSE;
      g_array_append_val (haves, have);
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    return internal (work->store, error);
  *out_haves = g_steal_pointer (&haves);
  *out_rowids = g_steal_pointer (&rowids);
  return TRUE;
}

/* A user's public, active wants (the only ones that take part in matching) and their
 * rowids. */
static gboolean
load_wants (Work     *work,
            gint64    user_id,
            GArray  **out_wants,
            GArray  **out_rowids,
            GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GArray) wants = g_array_new (FALSE, TRUE, sizeof (DcMatchWant));
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = dc_store_prepare (work->store,
                           "SELECT " WANT_COLUMNS ("w") " FROM want_items w"
                           " WHERE w.user_id = ?1 AND " LIVE_WANT ("w") " ORDER BY w.id", NULL);
  if (stmt == NULL)
    return internal (work->store, error);
  sqlite3_bind_int64 (stmt, 1, user_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DcMatchWant want;
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      read_want (work, stmt, 1, &want);
      g_array_append_val (wants, want);
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    return internal (work->store, error);
  *out_wants = g_steal_pointer (&wants);
  *out_rowids = g_steal_pointer (&rowids);
  return TRUE;
}

/* Everyone's live active haves of the printings (or, for any-printing wants, the cards)
 * that @user_id's public active wants name, from match_haves (0005-matching.sql): columns
 * want rowid, owner, then the have as read_have() reads it. */
#define MATCH_HAVE_COLUMNS \
  "m.user_id, m.have_id, m.quantity, m.min_trade_value, m.card_id, m.finish, m.language," \
  " m.condition"
static const char *their_haves_sql =
  "SELECT w.rowid, " MATCH_HAVE_COLUMNS " FROM want_items w"
  " JOIN match_haves m ON m.card_id = w.card_id"
  " WHERE w.user_id = ?1 AND " LIVE_WANT ("w") " AND m.user_id <> ?1"
  " UNION ALL "
  "SELECT w.rowid, " MATCH_HAVE_COLUMNS " FROM want_items w"
  " JOIN cards c ON c.oracle_id = w.oracle_id"
  " JOIN match_haves m ON m.card_id = c.scryfall_id"
  " WHERE w.user_id = ?1 AND " LIVE_WANT ("w") " AND m.user_id <> ?1";

/* Everyone's public active wants naming the printings (or cards) of @user_id's live
 * active haves: columns have rowid, owner, then the want. */
static const char *their_wants_sql =
  "SELECT h.rowid, w.user_id, " WANT_COLUMNS ("w") " FROM have_items h"
  " JOIN inventory_items i ON i.id = h.inventory_item_id AND i.deleted = 0"
  " JOIN want_items w ON w.card_id = i.card_id AND " LIVE_WANT ("w")
  " WHERE h.user_id = ?1 AND " LIVE_HAVE ("h") " AND w.user_id <> ?1"
  " UNION ALL "
  "SELECT h.rowid, w.user_id, " WANT_COLUMNS ("w") " FROM have_items h"
  " JOIN inventory_items i ON i.id = h.inventory_item_id AND i.deleted = 0"
  " JOIN cards c ON c.scryfall_id = i.card_id"
  " JOIN want_items w ON w.oracle_id = c.oracle_id AND w.oracle_id IS NOT NULL"
  " AND " LIVE_WANT ("w")
  " WHERE h.user_id = ?1 AND " LIVE_HAVE ("h") " AND w.user_id <> ?1";

static GHashTable *
load_blocked (DcStore  *store,
              gint64    user_id,
              GError  **error)
{
  g_autoptr(DcStmtReset) stmt = NULL;
  g_autoptr(GHashTable) blocked = int64_set_new ();
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT blocked_id FROM user_blocks WHERE blocker_id = ?1"
                           " UNION SELECT blocker_id FROM user_blocks WHERE blocked_id = ?1",
                           NULL);
  if (stmt == NULL)
    return internal (store, error), NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (blocked, int64_new (sqlite3_column_int64 (stmt, 0)));
  if (rc != SQLITE_DONE)
    return internal (store, error), NULL;
  return g_steal_pointer (&blocked);
}

gboolean
dc_match_service_is_blocked (DcMatchService  *self,
                             gint64           user_a,
                             gint64           user_b,
                             GError         **error)
{
  DcStore *store = dc_server_get_store (self->server);
  g_autoptr(DcStmtReset) stmt = NULL;
  int rc;

  stmt = dc_store_prepare (store,
                           "SELECT 1 FROM user_blocks WHERE (blocker_id = ?1 AND blocked_id = ?2)"
                           " OR (blocker_id = ?2 AND blocked_id = ?1)", NULL);
  if (stmt == NULL)
    return internal (store, error);
  sqlite3_bind_int64 (stmt, 1, user_a);
  sqlite3_bind_int64 (stmt, 2, user_b);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return internal (store, error);
  return rc == SQLITE_ROW;
}

/* --- one user's view ----------------------------------------------------------------- */

/* What matching reads of a member. users_match covers it, so a large avatar stored in
 * the row is never read on the way (columns after a blob live in its overflow pages). */
#define MEMBER_SQL \
  "SELECT u.username, u.display_name, u.location_display, u.latitude, u.longitude," \
  " u.trade_radius, u.is_public, u.is_active, r.score" \
  " FROM users u INDEXED BY users_match" \
  " LEFT JOIN user_reputation r ON r.user_id = u.id WHERE u.id = ?"

typedef struct
{
  gint64      user_id;
  gboolean    has_location;
  double      latitude;
  double      longitude;
  int         trade_radius;
  GArray     *wants;              /* DcMatchWant, public and active */
  GArray     *want_rowids;        /* gint64, parallel to @wants */
  GArray     *haves;              /* DcMatchHave, active */
  GArray     *have_rowids;
  GHashTable *want_index;         /* rowid (in @want_rowids) → index + 1 */
  GHashTable *have_index;
  GPtrArray  *guilds;             /* DcMatchGuild */
} Self;

static void
self_clear (Self *me)
{
  g_clear_pointer (&me->want_index, g_hash_table_unref);
  g_clear_pointer (&me->have_index, g_hash_table_unref);
  g_clear_pointer (&me->wants, g_array_unref);
  g_clear_pointer (&me->want_rowids, g_array_unref);
  g_clear_pointer (&me->haves, g_array_unref);
  g_clear_pointer (&me->have_rowids, g_array_unref);
  g_clear_pointer (&me->guilds, g_ptr_array_unref);
}

static GHashTable *
rowid_index_new (GArray *rowids)
{
  GHashTable *index = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < rowids->len; i++)
    g_hash_table_insert (index, &g_array_index (rowids, gint64, i), GUINT_TO_POINTER (i + 1));
  return index;
}

static gboolean
self_load (Self     *me,
           Work     *work,
           gint64    user_id,
           GError  **error)
{
  g_autoptr(DcStmtReset) user = NULL;
  g_autoptr(DcStmtReset) guilds = NULL;
  int rc;

  memset (me, 0, sizeof *me);
  me->user_id = user_id;
  user = dc_store_prepare (work->store, MEMBER_SQL, NULL);
  if (user == NULL)
    return internal (work->store, error);
  sqlite3_bind_int64 (user, 1, user_id);
  rc = sqlite3_step (user);
  if (rc == SQLITE_DONE)
    {
      dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "user.not_found", NULL, "No such user");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return internal (work->store, error);
  me->has_location = sqlite3_column_type (user, 3) != SQLITE_NULL &&
                     sqlite3_column_type (user, 4) != SQLITE_NULL;
  me->latitude = sqlite3_column_double (user, 3);
  me->longitude = sqlite3_column_double (user, 4);
  me->trade_radius = sqlite3_column_int (user, 5);

  if (!load_wants (work, user_id, &me->wants, &me->want_rowids, error) ||
      !load_haves (work, user_id, &me->haves, &me->have_rowids, error))
    return FALSE;
  me->want_index = rowid_index_new (me->want_rowids);
  me->have_index = rowid_index_new (me->have_rowids);

  me->guilds = g_ptr_array_new_with_free_func ((GDestroyNotify) guild_free);
  guilds = dc_store_prepare (work->store,
                             "SELECT guild_id, guild_name FROM user_guilds WHERE user_id = ?"
                             " ORDER BY guild_name, guild_id", NULL);
  if (guilds == NULL)
    return internal (work->store, error);
  sqlite3_bind_int64 (guilds, 1, user_id);
  while ((rc = sqlite3_step (guilds)) == SQLITE_ROW)
    {
      DcMatchGuild *guild = g_new0 (DcMatchGuild, 1);

      guild->id = g_strdup (dc_stmt_column_text (guilds, 0));
      guild->name = g_strdup (dc_stmt_column_text (guilds, 1));
      g_ptr_array_add (me->guilds, guild);
    }
  if (rc != SQLITE_DONE)
    return internal (work->store, error);
  return TRUE;
}

/* --- scoring a partner --------------------------------------------------------------- */

/* Where the partner is, their tier and the Discord servers we share. FALSE with no error
 * when the partner is not a public, active member (when @public_only). */
static gboolean
partner_locate (DcMatchPartner  *partner,
                Work            *work,
                Self            *me,
                gboolean         public_only,
                GError         **error)
{
  g_autoptr(DcStmtReset) user = NULL;
  int rc;

  user = dc_store_prepare (work->store, MEMBER_SQL, NULL);
  if (user == NULL)
    return internal (work->store, error);
  sqlite3_bind_int64 (user, 1, partner->user_id);
  rc = sqlite3_step (user);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    return internal (work->store, error);
  if (public_only && (!sqlite3_column_int (user, 6) || !sqlite3_column_int (user, 7)))
    return FALSE;

  partner->tier = dc_tier_from_score (sqlite3_column_int64 (user, 8));
  if (me->has_location && sqlite3_column_type (user, 3) != SQLITE_NULL &&
      sqlite3_column_type (user, 4) != SQLITE_NULL)
    {
      partner->has_distance = TRUE;
      partner->distance_miles = dc_geo_distance_miles (me->latitude, me->longitude,
                                                       sqlite3_column_double (user, 3),
                                                       sqlite3_column_double (user, 4));
      partner->is_local = dc_geo_is_local (partner->distance_miles, me->trade_radius);
    }

  partner->shared_guilds = g_ptr_array_new_with_free_func ((GDestroyNotify) guild_free);
  if (me->guilds->len > 0)
    {
      g_autoptr(DcStmtReset) guilds = dc_store_prepare (work->store,
                                                        "SELECT 1 FROM user_guilds"
                                                        " WHERE user_id = ? AND guild_id = ?",
                                                        NULL);
      if (guilds == NULL)
        return internal (work->store, error);
      for (guint i = 0; i < me->guilds->len; i++)
        {
          DcMatchGuild *mine = g_ptr_array_index (me->guilds, i);

          sqlite3_reset (guilds);
          sqlite3_bind_int64 (guilds, 1, partner->user_id);
          dc_stmt_bind_text (guilds, 2, mine->id);
          rc = sqlite3_step (guilds);
          if (rc == SQLITE_ROW)
            {
              DcMatchGuild *shared = g_new0 (DcMatchGuild, 1);

              shared->id = g_strdup (mine->id);
              shared->name = g_strdup (mine->name);
              g_ptr_array_add (partner->shared_guilds, shared);
            }
          else if (rc != SQLITE_DONE)
            return internal (work->store, error);
        }
    }
  return TRUE;
}

/* The names an answer shows. */
static gboolean
partner_name (DcMatchPartner  *partner,
              Work            *work,
              GError         **error)
{
  g_autoptr(DcStmtReset) user = dc_store_prepare (work->store, MEMBER_SQL, NULL);

  if (user == NULL)
    return internal (work->store, error);
  sqlite3_bind_int64 (user, 1, partner->user_id);
  if (sqlite3_step (user) != SQLITE_ROW)
    return internal (work->store, error);
  partner->username = g_strdup (dc_stmt_column_text (user, 0));
  partner->display_name = g_strdup (dc_stmt_column_text (user, 1));
  partner->location = g_strdup (dc_stmt_column_text (user, 2));
  return TRUE;
}

/* Quality from the two sides (already filled in) and where the partner is. */
static void
partner_score (DcMatchPartner *partner)
{
  partner->is_match = dc_match_is_two_way (&partner->me, &partner->them);
  dc_match_score_compute (&partner->score, &partner->me, &partner->them, partner->tier,
                          partner->is_local, partner->shared_guilds->len > 0);
}

/* Best first: quality, then total value; the member who joined first on a tie. */
static int
compare_partners (gconstpointer a,
                  gconstpointer b)
{
  const DcMatchPartner *x = *(DcMatchPartner * const *) a;
  const DcMatchPartner *y = *(DcMatchPartner * const *) b;
  gint64 tx = x->me.value + x->them.value, ty = y->me.value + y->them.value;

  if (x->score.quality != y->score.quality)
    return x->score.quality > y->score.quality ? -1 : 1;
  if (tx != ty)
    return tx > ty ? -1 : 1;
  return x->user_id < y->user_id ? -1 : x->user_id > y->user_id;
}

/* --- the candidate search ------------------------------------------------------------ */

/* What one other user's rows met of mine in the two index walks. The want side is made
 * when the second walk meets them: most users met by the first never are. */
typedef struct
{
  gint64  user_id;
  GArray *haves;                  /* DcMatchHave: theirs, for my wants */
  GArray *my_wants;               /* guint: indexes into Self.wants */
  GArray *wants;                  /* DcMatchWant: theirs, for my haves (nullable) */
  GArray *want_rowids;            /* gint64, parallel to @wants */
  GArray *my_haves;               /* guint: indexes into Self.haves */
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_array_unref (candidate->haves);
  g_array_unref (candidate->my_wants);
  g_clear_pointer (&candidate->wants, g_array_unref);
  g_clear_pointer (&candidate->want_rowids, g_array_unref);
  g_clear_pointer (&candidate->my_haves, g_array_unref);
  g_free (candidate);
}

static Candidate *
candidate_new (gint64 user_id)
{
  Candidate *candidate = g_new0 (Candidate, 1);

  candidate->user_id = user_id;
  candidate->haves = g_array_new (FALSE, TRUE, sizeof (DcMatchHave));
  candidate->my_wants = g_array_new (FALSE, FALSE, sizeof (guint));
  return candidate;
}

static void
candidate_meet_wants (Candidate *candidate)
{
  if (candidate->wants != NULL)
    return;
  candidate->wants = g_array_new (FALSE, TRUE, sizeof (DcMatchWant));
  candidate->want_rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  candidate->my_haves = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
add_index (GArray *indexes,
           guint   index)
{
  for (guint i = 0; i < indexes->len; i++)
    if (g_array_index (indexes, guint, i) == index)
      return;
  g_array_append_val (indexes, index);
}

/* Rows come once per (mine, theirs) pair, so one of theirs may come several times. */
static gboolean
has_have (GArray     *haves,
          const char *id)
{
  for (guint i = 0; i < haves->len; i++)
    if (strcmp (g_array_index (haves, DcMatchHave, i).id, id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
add_rowid (GArray *rowids,
           gint64  rowid)
{
  for (guint i = 0; i < rowids->len; i++)
    if (g_array_index (rowids, gint64, i) == rowid)
      return FALSE;
  g_array_append_val (rowids, rowid);
  return TRUE;
}

/* Walks from @me's wants to others' haves, then from @me's haves to others' wants, and
 * returns the users met both ways (id → Candidate), users in @blocked (nullable) left
 * out. */
static GHashTable *
find_candidates (Work        *work,
                 Self        *me,
                 GHashTable  *blocked,
                 GError     **error)
{
  g_autoptr(GHashTable) candidates = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                            (GDestroyNotify) candidate_free);
  g_autoptr(DcStmtReset) haves = NULL;
  g_autoptr(DcStmtReset) wants = NULL;
  GHashTableIter iter;
  Candidate *candidate;
  int rc;

  if (me->wants->len == 0 || me->haves->len == 0)
    return g_steal_pointer (&candidates);

  haves = dc_store_prepare (work->store, their_haves_sql, NULL);
  if (haves == NULL)
    return internal (work->store, error), NULL;
  sqlite3_bind_int64 (haves, 1, me->user_id);
  while ((rc = sqlite3_step (haves)) == SQLITE_ROW)
    {
      gint64 want_rowid = sqlite3_column_int64 (haves, 0);
      gint64 user_id = sqlite3_column_int64 (haves, 1);
      guint want_index = GPOINTER_TO_UINT (g_hash_table_lookup (me->want_index, &want_rowid));

      if (want_index == 0 || (blocked != NULL && g_hash_table_contains (blocked, &user_id)))
        continue;
      candidate = g_hash_table_lookup (candidates, &user_id);
      if (candidate == NULL)
        {
          candidate = candidate_new (user_id);
          g_hash_table_insert (candidates, &candidate->user_id, candidate);
        }
      add_index (candidate->my_wants, want_index - 1);
      if (!has_have (candidate->haves, dc_stmt_column_text (haves, 2)))
        {
          DcMatchHave have;

          if (!read_have (work, haves, 2, &have, error))
            return NULL;
          g_array_append_val (candidate->haves, have);
        }
    }
  if (rc != SQLITE_DONE)
    return internal (work->store, error), NULL;

  if (g_hash_table_size (candidates) == 0)
    return g_steal_pointer (&candidates);

  wants = dc_store_prepare (work->store, their_wants_sql, NULL);
  if (wants == NULL)
    return internal (work->store, error), NULL;
  sqlite3_bind_int64 (wants, 1, me->user_id);
  while ((rc = sqlite3_step (wants)) == SQLITE_ROW)
    {
      gint64 have_rowid = sqlite3_column_int64 (wants, 0);
      gint64 user_id = sqlite3_column_int64 (wants, 1);
      guint have_index;

      /* Only users who have something I want can make a two-way match. */
      candidate = g_hash_table_lookup (candidates, &user_id);
      if (candidate == NULL)
        continue;
      have_index = GPOINTER_TO_UINT (g_hash_table_lookup (me->have_index, &have_rowid));
      if (have_index == 0)
        continue;
      candidate_meet_wants (candidate);
      add_index (candidate->my_haves, have_index - 1);
      if (add_rowid (candidate->want_rowids, sqlite3_column_int64 (wants, 2)))
        {
          DcMatchWant want;

          read_want (work, wants, 3, &want);
          g_array_append_val (candidate->wants, want);
        }
    }
  if (rc != SQLITE_DONE)
    return internal (work->store, error), NULL;

  /* Met one way only: no match. */
  g_hash_table_iter_init (&iter, candidates);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &candidate))
    if (candidate->wants == NULL)
      g_hash_table_iter_remove (&iter);
  return g_steal_pointer (&candidates);
}

static GArray *
pick (GArray *all,
      GArray *indexes,
      gsize   element_size)
{
  GArray *picked = g_array_sized_new (FALSE, FALSE, element_size, indexes->len);

  for (guint i = 0; i < indexes->len; i++)
    g_array_append_vals (picked, all->data + element_size * g_array_index (indexes, guint, i),
                         1);
  return picked;
}

/* Every partner, scored and sorted; the first @detailed also named and with entries. */
static GPtrArray *
compute_partners (Work     *work,
                  Self     *me,
                  guint     detailed,
                  GError  **error)
{
  g_autoptr(GHashTable) blocked = NULL;
  g_autoptr(GHashTable) candidates = NULL;
  g_autoptr(GPtrArray) partners =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dc_match_partner_free);
  GHashTableIter iter;
  Candidate *candidate;

  blocked = load_blocked (work->store, me->user_id, error);
  if (blocked == NULL)
    return NULL;
  candidates = find_candidates (work, me, blocked, error);
  if (candidates == NULL)
    return NULL;

  /* My wants and haves each candidate met, in place of the index lists. */
  g_hash_table_iter_init (&iter, candidates);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &candidate))
    {
      GArray *my_wants = pick (me->wants, candidate->my_wants, sizeof (DcMatchWant));
      GArray *my_haves = pick (me->haves, candidate->my_haves, sizeof (DcMatchHave));
      g_autoptr(DcMatchPartner) partner = g_new0 (DcMatchPartner, 1);
      g_autoptr(GError) local_error = NULL;

      g_array_unref (candidate->my_wants);
      candidate->my_wants = my_wants;
      g_array_unref (candidate->my_haves);
      candidate->my_haves = my_haves;

      partner->user_id = candidate->user_id;
      dc_match_side_from_pairs (&partner->me, (DcMatchHave *) candidate->haves->data,
                                candidate->haves->len, (DcMatchWant *) my_wants->data,
                                my_wants->len);
      if (partner->me.entries == 0)
        continue;
      dc_match_side_from_pairs (&partner->them, (DcMatchHave *) my_haves->data, my_haves->len,
                                (DcMatchWant *) candidate->wants->data, candidate->wants->len);
      if (partner->them.entries == 0)
        continue;
      if (!partner_locate (partner, work, me, TRUE, &local_error))
        {
          if (local_error != NULL)
            return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
          continue;
        }
      partner_score (partner);
      if (partner->shared_guilds->len == 0)
        g_clear_pointer (&partner->shared_guilds, g_ptr_array_unref);
      g_ptr_array_add (partners, g_steal_pointer (&partner));
    }
  g_ptr_array_sort (partners, compare_partners);

  /* Only the head of the list is shown: name it and list what changes hands. */
  for (guint i = 0; i < partners->len && i < detailed; i++)
    {
      DcMatchPartner *partner = g_ptr_array_index (partners, i);

      candidate = g_hash_table_lookup (candidates, &partner->user_id);
      partner->for_me = dc_match_build_entries ((DcMatchHave *) candidate->haves->data,
                                                candidate->haves->len,
                                                (DcMatchWant *) candidate->my_wants->data,
                                                candidate->my_wants->len);
      partner->for_them = dc_match_build_entries ((DcMatchHave *) candidate->my_haves->data,
                                                  candidate->my_haves->len,
                                                  (DcMatchWant *) candidate->wants->data,
                                                  candidate->wants->len);
      if (!partner_name (partner, work, error))
        return NULL;
    }
  return g_steal_pointer (&partners);
}

/* --- cache bookkeeping --------------------------------------------------------------- */

/* What the service remembers of each cached list: who is in it, and the cards its owner
 * offers and wants, to tell whether someone's new lists pair with that owner. */
typedef struct
{
  GArray     *partners;           /* gint64 */
  GHashTable *have_keys;          /* printing and oracle ids of the owner's active haves */
  GHashTable *want_keys;          /* the printing or oracle id of each public active want */
} Owner;

static void
owner_free (Owner *owner)
{
  g_array_unref (owner->partners);
  g_hash_table_unref (owner->have_keys);
  g_hash_table_unref (owner->want_keys);
  g_free (owner);
}

/* The keys a want is met by, and a have meets: a want names a printing or a card (oracle
 * id); a have is a printing of a card, so it meets wants by either. */
static void
list_keys (GArray     *haves,
           GArray     *wants,
           GPtrArray  *out_have_keys,
           GPtrArray  *out_want_keys)
{
  for (guint i = 0; i < haves->len; i++)
    {
      DcMatchHave *have = &g_array_index (haves, DcMatchHave, i);

      g_ptr_array_add (out_have_keys, (gpointer) have->card_id);
      if (have->oracle_id != NULL)
        g_ptr_array_add (out_have_keys, (gpointer) have->oracle_id);
    }
  for (guint i = 0; i < wants->len; i++)
    {
      DcMatchWant *want = &g_array_index (wants, DcMatchWant, i);

      g_ptr_array_add (out_want_keys,
                       (gpointer) (want->card_id != NULL ? want->card_id : want->oracle_id));
    }
}

static GHashTable *
key_set_new (GPtrArray *keys)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < keys->len; i++)
    if (g_ptr_array_index (keys, i) != NULL)
      g_hash_table_add (set, g_strdup (g_ptr_array_index (keys, i)));
  return set;
}

static gboolean
meets (GPtrArray  *keys,
       GHashTable *set)
{
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (key != NULL && g_hash_table_contains (set, key))
        return TRUE;
    }
  return FALSE;
}

static void
unindex_owner (DcMatchService *self,
               gint64          owner_id)
{
  Owner *owner = g_hash_table_lookup (self->owners, &owner_id);

  if (owner == NULL)
    return;
  for (guint i = 0; i < owner->partners->len; i++)
    {
      gint64 partner = g_array_index (owner->partners, gint64, i);
      GArray *owners = g_hash_table_lookup (self->partner_owners, &partner);

      for (guint j = 0; owners != NULL && j < owners->len; j++)
        if (g_array_index (owners, gint64, j) == owner_id)
          {
            g_array_remove_index_fast (owners, j);
            break;
          }
      if (owners != NULL && owners->len == 0)
        g_hash_table_remove (self->partner_owners, &partner);
    }
  g_hash_table_remove (self->owners, &owner_id);
}

static void
index_owner (DcMatchService *self,
             DcMatchList    *list,
             Self           *me)
{
  Owner *owner = g_new0 (Owner, 1);
  g_autoptr(GPtrArray) have_keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) want_keys = g_ptr_array_new ();

  unindex_owner (self, list->user_id);
  owner->partners = g_array_sized_new (FALSE, FALSE, sizeof (gint64), list->partners->len);
  for (guint i = 0; i < list->partners->len; i++)
    {
      DcMatchPartner *partner = g_ptr_array_index (list->partners, i);
      GArray *owners = g_hash_table_lookup (self->partner_owners, &partner->user_id);

      g_array_append_val (owner->partners, partner->user_id);
      if (owners == NULL)
        {
          owners = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1);
          g_hash_table_insert (self->partner_owners, int64_new (partner->user_id), owners);
        }
      g_array_append_val (owners, list->user_id);
    }
  list_keys (me->haves, me->wants, have_keys, want_keys);
  owner->have_keys = key_set_new (have_keys);
  owner->want_keys = key_set_new (want_keys);
  g_hash_table_insert (self->owners, int64_new (list->user_id), owner);
}

static void
forget_owner (DcMatchService *self,
              gint64          owner)
{
  g_autofree char *key = cache_key (owner);

  dc_cache_remove (dc_server_get_cache (self->server), key);
  unindex_owner (self, owner);
}

static void
forget_all (DcMatchService *self)
{
  dc_cache_remove_prefix (dc_server_get_cache (self->server), "user:matches:");
  g_hash_table_remove_all (self->owners);
  g_hash_table_remove_all (self->partner_owners);
}

void
dc_match_service_lists_changed (DcMatchService *self,
                                gint64          user_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) concerned = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) haves = NULL;
  g_autoptr(GArray) wants = NULL;
  g_autoptr(GArray) have_rowids = NULL;
  g_autoptr(GArray) want_rowids = NULL;
  g_autoptr(GPtrArray) have_keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) want_keys = g_ptr_array_new ();
  GArray *owners;
  GHashTableIter iter;
  gint64 *id;
  Owner *owner;
  Work work;

  g_return_if_fail (self != NULL);

  forget_owner (self, user_id);
  /* Lists that show this user as a partner: the entries, values or the match itself may
   * be gone. */
  owners = g_hash_table_lookup (self->partner_owners, &user_id);
  if (owners != NULL)
    {
      g_array_append_vals (concerned, owners->data, owners->len);
      for (guint i = 0; i < concerned->len; i++)
        forget_owner (self, g_array_index (concerned, gint64, i));
      g_array_set_size (concerned, 0);
    }
  if (g_hash_table_size (self->owners) == 0)
    return;

  /* Lists that did not show this user but now could: a new pairing needs, after the
   * change, a want of this user met by a have of the owner and a have of this user
   * meeting a want of the owner. Comparing cards only (not finish, language, value,
   * privacy or blocks) finds a few lists too many, never one too few. */
  work_init (&work, dc_server_get_store (self->server));
  if (!load_wants (&work, user_id, &wants, &want_rowids, &error) ||
      !load_haves (&work, user_id, &haves, &have_rowids, &error))
    {
      /* Cannot tell who is concerned: drop every list rather than answer stale. */
      g_warning ("Matches after a change by user %" G_GINT64_FORMAT ": %s", user_id,
                 error->message);
      work_clear (&work);
      forget_all (self);
      return;
    }
  list_keys (haves, wants, have_keys, want_keys);
  if (have_keys->len > 0 && want_keys->len > 0)
    {
      g_hash_table_iter_init (&iter, self->owners);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &owner))
        if (meets (want_keys, owner->have_keys) && meets (have_keys, owner->want_keys))
          g_array_append_val (concerned, *id);
    }
  work_clear (&work);
  for (guint i = 0; i < concerned->len; i++)
    forget_owner (self, g_array_index (concerned, gint64, i));
}

static void
user_data_changed_cb (DcServer *server,
                      gint64    user_id,
                      gpointer  user_data)
{
  dc_match_service_lists_changed (user_data, user_id);
}

static void
match_service_free (DcMatchService *self)
{
  g_hash_table_unref (self->owners);
  g_hash_table_unref (self->partner_owners);
  g_free (self);
}

DcMatchService *
dc_match_service_get (DcServer *server)
{
  DcMatchService *self;

  g_return_val_if_fail (DC_IS_SERVER (server), NULL);

  self = g_object_get_data (G_OBJECT (server), "dc-match-service");
  if (self != NULL)
    return self;
  self = g_new0 (DcMatchService, 1);
  self->server = server;
  self->detailed_partners =
    (guint) CLAMP (dc_config_get_int (dc_server_get_config (server),
                                      "DUALCASTER_MATCH_DETAILED_PARTNERS",
                                      DC_MATCH_DETAILED_PARTNERS), 1, G_MAXINT);
  self->owners = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) owner_free);
  self->partner_owners = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                (GDestroyNotify) g_array_unref);
  /* Nothing is cached before the first use, so listening from then on misses nothing. */
  g_signal_connect (server, "user-data-changed", G_CALLBACK (user_data_changed_cb), self);
  g_object_set_data_full (G_OBJECT (server), "dc-match-service", self,
                          (GDestroyNotify) match_service_free);
  return self;
}

/* The counters a cached list must still agree with. */
static gboolean
read_versions (DcStore  *store,
               gint64   *out_epoch,
               gint64   *out_catalog,
               GError  **error)
{
  g_autoptr(DcStmtReset) stmt = dc_store_prepare (store,
                                                  "SELECT (SELECT value FROM match_epoch"
                                                  " WHERE id = 1), (SELECT version FROM"
                                                  " catalog_meta WHERE id = 1)", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return internal (store, error);
  *out_epoch = sqlite3_column_int64 (stmt, 0);
  *out_catalog = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* A new match over quality 70 notifies both users, once per pair (DESIGN §7.2): the
 * notification service remembers who was told (dc-notification-service.h). */
static void
notify_new_matches (DcMatchService *self,
                    DcMatchList    *list)
{
  DcNotificationService *notifications = dc_server_get_notification_service (self->server);

  /* Best first: stop at the first one at or under the bar. */
  for (guint i = 0; i < list->partners->len; i++)
    {
      DcMatchPartner *partner = g_ptr_array_index (list->partners, i);
      g_autoptr(GError) error = NULL;

      if (partner->score.quality <= DC_MATCH_NOTIFY_QUALITY)
        break;
      if (partner->is_match &&
          !dc_notification_service_match_found (notifications, list->user_id, partner->user_id,
                                                partner->score.quality, &error))
        g_warning ("Telling users %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " of their match: "
                   "%s", list->user_id, partner->user_id, error->message);
    }
}

DcMatchList *
dc_match_service_list (DcMatchService  *self,
                       gint64           user_id,
                       gboolean        *out_cached,
                       GError         **error)
{
  DcStore *store;
  DcCache *cache;
  g_autofree char *key = cache_key (user_id);
  g_autoptr(DcMatchList) list = NULL;
  gint64 epoch, catalog;
  Work work;
  Self me;
  GPtrArray *partners;

  g_return_val_if_fail (self != NULL, NULL);

  store = dc_server_get_store (self->server);
  cache = dc_server_get_cache (self->server);
  if (out_cached != NULL)
    *out_cached = FALSE;
  if (!read_versions (store, &epoch, &catalog, error))
    return NULL;
  list = dc_cache_get (cache, key);
  if (list != NULL && list->epoch == epoch && list->catalog_version == catalog)
    {
      if (out_cached != NULL)
        *out_cached = TRUE;
      return g_steal_pointer (&list);
    }
  g_clear_pointer (&list, dc_match_list_unref);

  work_init (&work, store);
  partners = self_load (&me, &work, user_id, error)
               ? compute_partners (&work, &me, self->detailed_partners, error) : NULL;
  if (partners != NULL)
    {
      list = match_list_new (user_id);
      g_ptr_array_unref (list->partners);
      list->partners = partners;
      list->has_location = me.has_location;
      list->trade_radius = me.trade_radius;
      list->epoch = epoch;
      list->catalog_version = catalog;
      dc_cache_set (cache, key, list, (GBoxedCopyFunc) dc_match_list_ref,
                    (GDestroyNotify) dc_match_list_unref, MATCHES_CACHE_LIFETIME_S);
      index_owner (self, list, &me);
    }
  self_clear (&me);
  work_clear (&work);
  if (list != NULL)
    notify_new_matches (self, list);
  return g_steal_pointer (&list);
}

DcMatchPartner *
dc_match_service_match_with (DcMatchService  *self,
                             gint64           user_id,
                             gint64           partner_id,
                             GError         **error)
{
  Work work;
  Self me;
  g_autoptr(GArray) their_haves = NULL;
  g_autoptr(GArray) their_wants = NULL;
  g_autoptr(GArray) have_rowids = NULL;
  g_autoptr(GArray) want_rowids = NULL;
  g_autoptr(DcMatchPartner) partner = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  work_init (&work, dc_server_get_store (self->server));
  if (self_load (&me, &work, user_id, error) &&
      load_haves (&work, partner_id, &their_haves, &have_rowids, error) &&
      load_wants (&work, partner_id, &their_wants, &want_rowids, error))
    {
      g_autoptr(GError) local_error = NULL;

      partner = g_new0 (DcMatchPartner, 1);
      partner->user_id = partner_id;
      partner->for_me = dc_match_build_entries ((DcMatchHave *) their_haves->data,
                                                their_haves->len,
                                                (DcMatchWant *) me.wants->data, me.wants->len);
      partner->for_them = dc_match_build_entries ((DcMatchHave *) me.haves->data, me.haves->len,
                                                  (DcMatchWant *) their_wants->data,
                                                  their_wants->len);
      dc_match_side_from_entries (&partner->me, partner->for_me);
      dc_match_side_from_entries (&partner->them, partner->for_them);
      ok = partner_locate (partner, &work, &me, FALSE, &local_error) &&
           partner_name (partner, &work, &local_error);
      if (ok)
        partner_score (partner);
      if (!ok)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            dc_api_error_set (error, DC_API_ERROR_NOT_FOUND, "user.not_found", NULL,
                              "No such user");
        }
    }
  self_clear (&me);
  work_clear (&work);
  return ok ? g_steal_pointer (&partner) : NULL;
}
