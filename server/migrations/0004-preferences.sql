-- Notification preferences (DESIGN §5): one row per user, created on first write; a user
-- without a row has the defaults below.
CREATE TABLE notification_preferences (
  user_id                 INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  email_enabled           INTEGER NOT NULL DEFAULT 1,
  email_price_alerts      INTEGER NOT NULL DEFAULT 1,
  email_trade_matches     INTEGER NOT NULL DEFAULT 1,
  email_trade_proposals   INTEGER NOT NULL DEFAULT 1,
  email_messages          INTEGER NOT NULL DEFAULT 1,
  email_weekly_digest     INTEGER NOT NULL DEFAULT 1,
  discord_enabled         INTEGER NOT NULL DEFAULT 1,
  discord_price_alerts    INTEGER NOT NULL DEFAULT 1,
  discord_trade_matches   INTEGER NOT NULL DEFAULT 1,
  discord_trade_proposals INTEGER NOT NULL DEFAULT 1,
  quiet_hours_enabled     INTEGER NOT NULL DEFAULT 0,
  quiet_hours_start       TEXT NOT NULL DEFAULT '22:00',
  quiet_hours_end         TEXT NOT NULL DEFAULT '08:00',
  quiet_hours_timezone    TEXT NOT NULL DEFAULT 'UTC',
  max_emails_per_day      INTEGER NOT NULL DEFAULT 10,
  price_spike_threshold   INTEGER NOT NULL DEFAULT 20,
  updated_at              INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX users_public_username ON users (username) WHERE is_public = 1 AND is_active = 1;
