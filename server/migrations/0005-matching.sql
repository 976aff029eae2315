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
-- cards. match_haves is what it reads on the have side: every live, active have item with
-- the printing, finish, language and condition of its live inventory row, clustered by
-- printing, so "who offers this printing" is one contiguous range instead of a probe per
-- copy into have_items. Triggers keep it equal to that join on every write, from any
-- code path.
CREATE TABLE match_haves (
  card_id         TEXT NOT NULL,
  have_id         TEXT NOT NULL,
  user_id         INTEGER NOT NULL,
  quantity        INTEGER NOT NULL,
  min_trade_value INTEGER,
  finish          TEXT NOT NULL,
  language        TEXT NOT NULL,
  condition       TEXT NOT NULL,
  PRIMARY KEY (card_id, have_id)
) WITHOUT ROWID;
CREATE INDEX match_haves_have ON match_haves (have_id);

INSERT INTO match_haves
  SELECT i.card_id, h.id, h.user_id, h.quantity, h.min_trade_value, i.finish, i.language,
         i.condition
  FROM have_items h JOIN inventory_items i ON i.id = h.inventory_item_id
  WHERE h.deleted = 0 AND h.is_active = 1 AND i.deleted = 0;

CREATE TRIGGER match_haves_have_insert AFTER INSERT ON have_items
WHEN new.deleted = 0 AND new.is_active = 1
BEGIN
  INSERT OR REPLACE INTO match_haves
    SELECT i.card_id, new.id, new.user_id, new.quantity, new.min_trade_value, i.finish,
           i.language, i.condition
    FROM inventory_items i WHERE i.id = new.inventory_item_id AND i.deleted = 0;
END;

CREATE TRIGGER match_haves_have_update
AFTER UPDATE OF id, user_id, inventory_item_id, quantity, min_trade_value, is_active, deleted
ON have_items
WHEN old.id IS NOT new.id OR old.user_id IS NOT new.user_id
  OR old.inventory_item_id IS NOT new.inventory_item_id OR old.quantity IS NOT new.quantity
  OR old.min_trade_value IS NOT new.min_trade_value OR old.is_active IS NOT new.is_active
  OR old.deleted IS NOT new.deleted
BEGIN
  DELETE FROM match_haves WHERE have_id = old.id;
  INSERT OR REPLACE INTO match_haves
    SELECT i.card_id, new.id, new.user_id, new.quantity, new.min_trade_value, i.finish,
           i.language, i.condition
    FROM inventory_items i
    WHERE i.id = new.inventory_item_id AND i.deleted = 0 AND new.deleted = 0
      AND new.is_active = 1;
END;

CREATE TRIGGER match_haves_have_delete AFTER DELETE ON have_items
BEGIN
  DELETE FROM match_haves WHERE have_id = old.id;
END;

CREATE TRIGGER match_haves_inventory_update
AFTER UPDATE OF id, card_id, finish, language, condition, deleted ON inventory_items
WHEN old.id IS NOT new.id OR old.card_id IS NOT new.card_id OR old.finish IS NOT new.finish
  OR old.language IS NOT new.language OR old.condition IS NOT new.condition
  OR old.deleted IS NOT new.deleted
BEGIN
  DELETE FROM match_haves
    WHERE have_id IN (SELECT id FROM have_items
                      WHERE inventory_item_id = old.id AND deleted = 0);
  INSERT OR REPLACE INTO match_haves
    SELECT new.card_id, h.id, h.user_id, h.quantity, h.min_trade_value, new.finish,
           new.language, new.condition
    FROM have_items h
    WHERE h.inventory_item_id = new.id AND h.deleted = 0 AND h.is_active = 1
      AND new.deleted = 0;
END;

-- The want side reads these covering indexes: the public active wants naming a printing,
-- or a card in any printing, each one contiguous range.
CREATE INDEX want_items_card_match
  ON want_items (card_id, user_id, id, oracle_id, quantity, condition_min, finish, language,
                 max_trade_value, priority, deleted, is_active, is_public)
  WHERE card_id IS NOT NULL AND deleted = 0 AND is_active = 1 AND is_public = 1;
CREATE INDEX want_items_oracle_match
  ON want_items (oracle_id, user_id, id, card_id, quantity, condition_min, finish, language,
                 max_trade_value, priority, deleted, is_active, is_public)
  WHERE oracle_id IS NOT NULL AND deleted = 0 AND is_active = 1 AND is_public = 1;

-- What matching reads of a member, so the user row (with its avatar blob, and every
-- column after it in the blob's overflow pages) is never read.
CREATE INDEX users_match
  ON users (id, is_public, is_active, latitude, longitude, trade_radius, username,
            display_name, location_display);
-- One user's own live active haves and public active wants.
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
