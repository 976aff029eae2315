/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-match-score.h"
#include "dc-types.h"

G_BEGIN_DECLS

/*
 * Two-way trade matches (DESIGN §7.2) for one user against everyone else.
 *
 * Candidates come from indexes keyed by card, never from a walk over all users: from my
 * public active wants to match_haves (everyone's live active haves, clustered by
 * printing) for the same printing or any printing of the same card, and from my active
 * haves to the public active wants naming that printing or card. Users met both ways are
 * scored with dc-match-score; private, deactivated and blocked ones are left out.
 *
 * A user's list is cached under `user:matches:{id}` (DESIGN §9, one hour). It is dropped
 * ("user-data-changed") when that user's lists change, when a partner in it changes
 * theirs, and when someone's change makes a new pairing with that user (found by
 * comparing the changed lists with the cards each cached owner offers and wants).
 * Profiles, privacy, locations, blocks, guilds and reputation bump the match_epoch
 * counter (triggers in 0005-matching.sql), and price imports the catalog version: a list
 * made under older values is recomputed. The service runs on the main loop.
 */

typedef struct _DcMatchService DcMatchService;

typedef struct
{
  char *id;
  char *name;
} DcMatchGuild;

/* One trading partner and what the two lists make. In a DcMatchList, partners after the
 * first DC_MATCH_DETAILED_PARTNERS have NULL @username, @display_name, @location, @for_me
 * and @for_them (see dc_match_partner_is_detailed()). */
typedef struct
{
  gint64        user_id;
  char         *username;
  char         *display_name;
  char         *location;          /* display text, nullable */
  DcTier        tier;
  GArray       *for_me;            /* DcMatchEntry: their haves for my wants */
  GArray       *for_them;          /* DcMatchEntry: my haves for their wants */
  DcMatchSide   me;                /* me.value is my_value */
  DcMatchSide   them;              /* them.value is their_value */
  DcMatchScore  score;
  gboolean      is_match;          /* entries both ways */
  gboolean      has_distance;      /* both of us have coordinates */
  double        distance_miles;
  gboolean      is_local;
  GPtrArray    *shared_guilds;     /* DcMatchGuild, by name; NULL when none */
} DcMatchPartner;

/* A cached list keeps the entries and names of its first partners only (an answer shows at
 * most that many); later ones keep their score, values, distance and guilds, and
 * dc_match_service_match_with() gives their details when a filter reaches them.
 * DUALCASTER_MATCH_DETAILED_PARTNERS overrides the number (tests use 1). */
#define DC_MATCH_DETAILED_PARTNERS 200

/* Every partner of one user, best first (quality, then total value, then username). */
typedef struct
{
  gint64     user_id;
  gboolean   has_location;         /* the user has coordinates (local_only needs them) */
  int        trade_radius;
  gint64     epoch;                /* match_epoch and catalog version it was made under */
  gint64     catalog_version;
  GPtrArray *partners;             /* DcMatchPartner */
} DcMatchList;

/* The service of @server, made on first use; it listens to "user-data-changed". */
DcMatchService *dc_match_service_get        (DcServer        *server);

/* The user's matches, from the cache when still valid (@out_cached says which). */
DcMatchList    *dc_match_service_list       (DcMatchService  *self,
                                             gint64           user_id,
                                             gboolean        *out_cached,
                                             GError         **error);
/* What @user_id and @partner_id could trade, computed from both lists in full. When it is
 * not a two-way match the result says so (is_match FALSE, quality and breakdown 0) and
 * still lists the one-way overlap. The caller checks that the partner may be shown. */
DcMatchPartner *dc_match_service_match_with (DcMatchService  *self,
                                             gint64           user_id,
                                             gint64           partner_id,
                                             GError         **error);
/* Whether either user blocked the other. */
gboolean        dc_match_service_is_blocked (DcMatchService  *self,
                                             gint64           user_a,
                                             gint64           user_b,
                                             GError         **error);
/* Drops what depends on @user_id's lists (what "user-data-changed" does). */
void            dc_match_service_lists_changed (DcMatchService *self,
                                                gint64          user_id);

DcMatchList    *dc_match_list_ref           (DcMatchList     *list);
void            dc_match_list_unref         (DcMatchList     *list);
void            dc_match_partner_free       (DcMatchPartner  *partner);
gboolean        dc_match_partner_is_detailed (const DcMatchPartner *partner);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcMatchList, dc_match_list_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcMatchPartner, dc_match_partner_free)

G_END_DECLS
