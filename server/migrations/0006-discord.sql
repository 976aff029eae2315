-- Discord: linked accounts, OAuth states, link codes from the bot, and the queue of DM
-- alerts the bot delivers (DESIGN §5, §7.9, §10, §11). Times are Unix milliseconds.

-- One linked account per user and provider; a provider account links to one user only.
-- OAuth tokens are sealed with libsodium's secretbox (nonce || ciphertext) under a key
-- derived from DUALCASTER_SECRET_KEY; accounts linked with a bot link code have none.
CREATE TABLE connected_accounts (
  id                    INTEGER PRIMARY KEY,
  user_id               INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider              TEXT NOT NULL CHECK (provider IN ('discord')),
  provider_user_id      TEXT NOT NULL,
  provider_username     TEXT NOT NULL DEFAULT '',
  provider_display_name TEXT,
  provider_avatar       TEXT,
  access_token_sealed   BLOB,
  refresh_token_sealed  BLOB,
  token_expires_at      INTEGER,
  scopes                TEXT NOT NULL DEFAULT '',
  connected_at          INTEGER NOT NULL,
  verified              INTEGER NOT NULL DEFAULT 1,
  UNIQUE (provider, provider_user_id),
  UNIQUE (user_id, provider)
);

-- OAuth `state` values: only their SHA-256 is kept; bound to the user and the session that
-- asked (signing out voids them), single use, valid for 10 minutes.
CREATE TABLE oauth_states (
  state_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_id TEXT REFERENCES sessions (id) ON DELETE CASCADE,
  provider   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX oauth_states_expires ON oauth_states (expires_at);

-- One-time codes the bot hands a Discord user (/dd link) for the desktop app to redeem.
-- Only the code's SHA-256 is kept; valid for 10 minutes, single use.
CREATE TABLE discord_link_codes (
  code_hash        TEXT PRIMARY KEY,
  discord_user_id  TEXT NOT NULL,
  discord_username TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL,
  used_at          INTEGER,
  used_by          INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX discord_link_codes_expires ON discord_link_codes (expires_at);

-- DM alerts waiting for the bot. An alert is offered when due (next_attempt_at) and not
-- leased to a bot that is delivering it; a failed delivery is retried 5 and then 15 minutes
-- later, and after the third failure the alert stays here as 'failed' — never dropped.
CREATE TABLE pending_dm_alerts (
  id              TEXT PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  discord_user_id TEXT NOT NULL,
  kind            TEXT NOT NULL,
  payload         TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  leased_until    INTEGER,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'delivered', 'failed')),
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX pending_dm_alerts_due ON pending_dm_alerts (next_attempt_at) WHERE status = 'pending';
CREATE INDEX pending_dm_alerts_user ON pending_dm_alerts (user_id, created_at);

-- The Discord servers each user was seen in (the bot's reports and the OAuth `guilds`
-- scope). Migration 0005 (matching) owns this table and its triggers; on a database that has
-- 0005 this statement does nothing. The definition is 0005's, for a database without it.
CREATE TABLE IF NOT EXISTS user_guilds (
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  guild_id   TEXT NOT NULL,
  guild_name TEXT NOT NULL DEFAULT '',
  seen_at    INTEGER NOT NULL,
  PRIMARY KEY (user_id, guild_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS user_guilds_guild ON user_guilds (guild_id, user_id);
