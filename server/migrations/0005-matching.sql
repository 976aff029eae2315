-- Trade matching (DESIGN §7.2): blocks, the Discord guilds a user was seen in, reputation
-- (filled by the trades work; a user without a row is "new" with score 0), and what the
-- candidate search needs from the list tables.

-- Blocks hide two users from each other, whoever blocked whom.
CREATE TABLE user_blocks (
  blocker_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
) WITHOUT ROWID;
CREATE INDEX user_blocks_blocked ON user_blocks (blocked_id, blocker_id);

-- Discord servers (guilds) the bot saw a user in: /api/matches?server=GUILD lists partners
-- seen there, and a shared guild earns the locality bonus.
CREATE TABLE user_guilds (
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  guild_id   TEXT NOT NULL,
  guild_name TEXT NOT NULL DEFAULT '',
  seen_at    INTEGER NOT NULL,
  PRIMARY KEY (user_id, guild_id)
) WITHOUT ROWID;
CREATE INDEX user_guilds_guild ON user_guilds (guild_id, user_id);

-- Reputation (DESIGN §7.5), recomputed on every trade completion, review, cancellation
-- and block. score is the final figure; tier is derived from it (dc_tier_from_score());
-- the other columns are its inputs and parts, kept so a profile can explain the score.
CREATE TABLE user_reputation (
  user_id            INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  score              INTEGER NOT NULL DEFAULT 0 CHECK (score >= 0),
  tier               TEXT NOT NULL DEFAULT 'new'
                     CHECK (tier IN ('new', 'bronze', 'silver', 'gold', 'platinum', 'diamond')),
  completed_trades   INTEGER NOT NULL DEFAULT 0,
  cancelled_trades   INTEGER NOT NULL DEFAULT 0,
  disputes           INTEGER NOT NULL DEFAULT 0,
  blocks_received    INTEGER NOT NULL DEFAULT 0,
  review_count       INTEGER NOT NULL DEFAULT 0,
  average_rating     REAL,                 -- NULL without reviews
  positive_reviews   INTEGER NOT NULL DEFAULT 0,
  neutral_reviews    INTEGER NOT NULL DEFAULT 0,
  negative_reviews   INTEGER NOT NULL DEFAULT 0,
  followed_signals   INTEGER NOT NULL DEFAULT 0,
  profitable_signals INTEGER NOT NULL DEFAULT 0,
  trade_score        INTEGER NOT NULL DEFAULT 0,
  review_score       INTEGER NOT NULL DEFAULT 0,
  signal_score       INTEGER NOT NULL DEFAULT 0,
  penalty            INTEGER NOT NULL DEFAULT 0,
  verification_bonus INTEGER NOT NULL DEFAULT 0,
  decay              REAL NOT NULL DEFAULT 1.0,
  last_trade_at      INTEGER,              -- Unix ms of the last completed trade
  updated_at         INTEGER NOT NULL DEFAULT 0
);

-- The candidate search walks from one user's lists to everyone else's rows for the same
-- cards. These indexes answer "live, active have items of this inventory row" and "my
-- live active haves / public active wants" without reading dead rows.
CREATE INDEX have_items_user_active ON have_items (user_id, inventory_item_id)
  WHERE deleted = 0 AND is_active = 1;
CREATE INDEX want_items_user_public ON want_items (user_id)
  WHERE deleted = 0 AND is_active = 1 AND is_public = 1;

-- Cached match lists (user:matches:{id}) also depend on things outside the have and want
-- lists: who is public and active, names, avatars and locations, blocks, guilds and
-- reputation. Every write to those, from any code path, bumps this one counter, and a
-- cached list computed under an older value is recomputed. (List edits drop the cache
-- entries of the users they concern directly, through the user-data-changed signal.)
CREATE TABLE match_epoch (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO match_epoch (id, value) VALUES (1, 0);

CREATE TRIGGER match_epoch_users_update
AFTER UPDATE OF username, display_name, avatar, location_display, latitude, longitude,
                trade_radius, is_public, is_active ON users
WHEN old.username IS NOT new.username OR old.display_name IS NOT new.display_name
  OR (old.avatar IS NULL) <> (new.avatar IS NULL)
  OR old.location_display IS NOT new.location_display
  OR old.latitude IS NOT new.latitude OR old.longitude IS NOT new.longitude
  OR old.trade_radius IS NOT new.trade_radius OR old.is_public IS NOT new.is_public
  OR old.is_active IS NOT new.is_active
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER match_epoch_users_delete AFTER DELETE ON users
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER match_epoch_blocks_insert AFTER INSERT ON user_blocks
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER match_epoch_blocks_delete AFTER DELETE ON user_blocks
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER match_epoch_guilds_insert AFTER INSERT ON user_guilds
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

-- Seeing a user again only moves seen_at, which changes no match.
CREATE TRIGGER match_epoch_guilds_update AFTER UPDATE OF guild_id, guild_name ON user_guilds
WHEN old.guild_id IS NOT new.guild_id OR old.guild_name IS NOT new.guild_name
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER match_epoch_guilds_delete AFTER DELETE ON user_guilds
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER match_epoch_reputation_insert AFTER INSERT ON user_reputation
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

-- Only a change of tier changes the trust bonus; scores move on every trade.
CREATE TRIGGER match_epoch_reputation_update AFTER UPDATE OF score, tier ON user_reputation
WHEN old.tier IS NOT new.tier
  OR (old.score >= 100) + (old.score >= 300) + (old.score >= 600) + (old.score >= 900)
     + (old.score >= 1200)
  <> (new.score >= 100) + (new.score >= 300) + (new.score >= 600) + (new.score >= 900)
     + (new.score >= 1200)
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER match_epoch_reputation_delete AFTER DELETE ON user_reputation
BEGIN
  UPDATE match_epoch SET value = value + 1 WHERE id = 1;
END;
