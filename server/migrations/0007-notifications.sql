-- Notifications, the email outbox and alert bookkeeping (DESIGN §7.7, §7.9).
-- Times are Unix milliseconds; days are 'YYYY-MM-DD' as in prices.

-- In-app notifications. `seq` orders them and is the paging cursor; `id` is what the API
-- shows. `pushed_at` is set once the server has offered the row to the user's WebSocket
-- connections: a row written by another process (a price import) is pushed by the
-- server's next poll.
CREATE TABLE notifications (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('price_alert', 'price_spike', 'trade_match',
                                           'trade_proposal', 'message', 'system')),
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  data       TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  read_at    INTEGER,
  pushed_at  INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, seq);
CREATE INDEX notifications_user_unread ON notifications (user_id, seq) WHERE read_at IS NULL;
CREATE INDEX notifications_unpushed ON notifications (seq) WHERE pushed_at IS NULL;

-- Mail waiting to go out, and what became of it. Nothing is deleted: a message is sent,
-- held (quiet hours, daily cap; `next_attempt_at` says until when), retried after a
-- failure, or recorded as failed with its last error. `cancelled` is mail the user turned
-- off in their preferences while it waited. A row in `sending` whose lease
-- (`next_attempt_at`) ran out belongs to a server that stopped mid-send and is retried.
CREATE TABLE email_outbox (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  notification_id TEXT,
  kind            TEXT NOT NULL,
  to_address      TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text_body       TEXT NOT NULL,
  html_body       TEXT,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'held', 'sending', 'sent', 'failed',
                                    'cancelled')),
  held_reason     TEXT CHECK (held_reason IN ('quiet_hours', 'daily_cap')),
  held_at         INTEGER,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  provider_id     TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at)
  WHERE status IN ('pending', 'held', 'sending');
CREATE INDEX email_outbox_held_user ON email_outbox (user_id) WHERE status = 'held';
CREATE INDEX email_outbox_user_sent ON email_outbox (user_id, sent_at) WHERE status = 'sent';

-- Per want: which side of its target price the last check saw, so "target price reached"
-- fires once per crossing and re-arms when the price goes back above the target.
CREATE TABLE alert_state (
  want_id    TEXT PRIMARY KEY REFERENCES want_items (id) ON DELETE CASCADE,
  below      INTEGER NOT NULL,
  price      INTEGER,
  target     INTEGER,
  day        TEXT,
  changed_at INTEGER NOT NULL
);

-- Spikes already told: one per user, price series ("card:<scryfall id>:<finish>") and day.
CREATE TABLE spike_state (
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  subject    TEXT NOT NULL,
  day        TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, subject, day)
) WITHOUT ROWID;

-- Pairs of users already told about their match (quality > 70): each pair is told once.
CREATE TABLE matches_notified (
  user_a      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_b      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  quality     INTEGER NOT NULL,
  notified_at INTEGER NOT NULL,
  PRIMARY KEY (user_a, user_b),
  CHECK (user_a < user_b)
) WITHOUT ROWID;
