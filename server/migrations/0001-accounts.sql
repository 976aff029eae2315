-- Accounts and sessions (DESIGN §5, §7.1). Times are Unix milliseconds.
CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  public_id            TEXT NOT NULL UNIQUE,
  email                TEXT NOT NULL UNIQUE,
  username             TEXT NOT NULL UNIQUE,
  display_name         TEXT NOT NULL DEFAULT '',
  password_hash        TEXT NOT NULL,
  is_active            INTEGER NOT NULL DEFAULT 1,
  is_verified          INTEGER NOT NULL DEFAULT 0,
  is_admin             INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  last_active_at       INTEGER,
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  locked_until         INTEGER NOT NULL DEFAULT 0,
  bio                  TEXT NOT NULL DEFAULT '',
  avatar               BLOB,
  avatar_type          TEXT,
  location_display     TEXT,
  latitude             REAL,
  longitude            REAL,
  trade_radius         INTEGER NOT NULL DEFAULT 50 CHECK (trade_radius BETWEEN 1 AND 500),
  profile_views        INTEGER NOT NULL DEFAULT 0,
  is_public            INTEGER NOT NULL DEFAULT 1,
  show_inventory_value INTEGER NOT NULL DEFAULT 0,
  show_want_list       INTEGER NOT NULL DEFAULT 1,
  show_have_list       INTEGER NOT NULL DEFAULT 1,
  show_trade_history   INTEGER NOT NULL DEFAULT 0,
  allow_messages_from  TEXT NOT NULL DEFAULT 'everyone'
                       CHECK (allow_messages_from IN ('everyone', 'trade_partners'))
);

CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   BLOB NOT NULL UNIQUE,
  device_name  TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
