-- The account's collection, have list and want list (DESIGN §5) as this device sees them,
-- and the outbox of edits the server has not acknowledged yet (DESIGN §6).
--
-- Each list row holds what the user sees: the server's last row (server_json, at rev) with
-- the pending outbox ops of that row replayed on top. `deleted` hides a row whose delete is
-- still pending (or whose inventory item is gone); a row the server deleted and that has no
-- pending op is removed outright. Money is in minor units, times in Unix milliseconds.

CREATE TABLE inventory_items (
  id                   TEXT PRIMARY KEY,
  card_id              TEXT NOT NULL,
  quantity             INTEGER NOT NULL,
  condition            TEXT NOT NULL,
  finish               TEXT NOT NULL,
  language             TEXT NOT NULL,
  acquisition_price    INTEGER,
  acquisition_currency TEXT NOT NULL DEFAULT 'USD',
  acquired_on          TEXT,
  source               TEXT,
  notes                TEXT,
  created_at           INTEGER NOT NULL DEFAULT 0,
  updated_at           INTEGER NOT NULL DEFAULT 0,
  deleted              INTEGER NOT NULL DEFAULT 0,
  rev                  INTEGER NOT NULL DEFAULT 0,  -- the rev of server_json, 0 if none
  server_json          TEXT                         -- NULL: the server has never seen it
);
CREATE INDEX inventory_items_card ON inventory_items (card_id);

CREATE TABLE have_items (
  id                   TEXT PRIMARY KEY,
  inventory_item_id    TEXT NOT NULL,
  quantity             INTEGER NOT NULL,
  min_trade_value      INTEGER,
  trade_for_wants_only INTEGER NOT NULL DEFAULT 0,
  notes                TEXT,
  is_active            INTEGER NOT NULL DEFAULT 1,
  created_at           INTEGER NOT NULL DEFAULT 0,
  updated_at           INTEGER NOT NULL DEFAULT 0,
  deleted              INTEGER NOT NULL DEFAULT 0,
  rev                  INTEGER NOT NULL DEFAULT 0,
  server_json          TEXT
);
CREATE INDEX have_items_inventory ON have_items (inventory_item_id);

CREATE TABLE want_items (
  id                   TEXT PRIMARY KEY,
  card_id              TEXT,
  oracle_id            TEXT,
  quantity             INTEGER NOT NULL,
  condition_min        TEXT NOT NULL,
  finish               TEXT NOT NULL,                -- any | nonfoil | foil | etched
  language             TEXT NOT NULL,                -- a code or any
  target_price         INTEGER,
  max_trade_value      INTEGER,
  priority             TEXT NOT NULL DEFAULT 'medium',
  alert_enabled        INTEGER NOT NULL DEFAULT 1,
  is_public            INTEGER NOT NULL DEFAULT 1,
  is_active            INTEGER NOT NULL DEFAULT 1,
  notes                TEXT,
  created_at           INTEGER NOT NULL DEFAULT 0,
  updated_at           INTEGER NOT NULL DEFAULT 0,
  deleted              INTEGER NOT NULL DEFAULT 0,
  rev                  INTEGER NOT NULL DEFAULT 0,
  server_json          TEXT
);
CREATE INDEX want_items_card ON want_items (card_id);
CREATE INDEX want_items_oracle ON want_items (oracle_id);

-- Edits not yet acknowledged by the server, in the order they were made. An op is sent
-- as is (same op_id) until the server answers it, so a resend after a crash is harmless.
-- attempts counts sends: only an op never sent may still be merged with a newer edit.
CREATE TABLE outbox (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id          TEXT NOT NULL UNIQUE,
  type           TEXT NOT NULL CHECK (type IN ('upsert', 'adjust', 'delete')),
  entity         TEXT NOT NULL CHECK (entity IN ('inventory_item', 'have_item', 'want_item')),
  id             TEXT NOT NULL,
  fields         TEXT,                    -- upsert: the JSON object of the fields set
  base_rev       INTEGER NOT NULL DEFAULT 0,
  quantity_delta INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_row ON outbox (entity, id, seq);

-- One row: where this device is in the server's change feed, and who it is.
CREATE TABLE sync_state (
  singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
  cursor       INTEGER NOT NULL DEFAULT 0,
  device_id    TEXT,
  last_sync_at INTEGER,
  last_error   TEXT
);
INSERT INTO sync_state (singleton) VALUES (1);
