-- Collections, have and want lists, and the sync bookkeeping (DESIGN §5, §6).
-- Row ids are UUIDs made by whoever created the row (clients create them offline).
-- Every change to a syncable row takes the next value of one counter as its rev, so a
-- client's cursor is simply the highest rev it has seen.

CREATE TABLE rev_counter (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO rev_counter (id, value) VALUES (1, 0);

CREATE TABLE inventory_items (
  id                   TEXT PRIMARY KEY,
  user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  card_id              TEXT NOT NULL,
  quantity             INTEGER NOT NULL CHECK (quantity >= 1),
  condition            TEXT NOT NULL CHECK (condition IN ('M', 'NM', 'LP', 'MP', 'HP', 'DMG')),
  finish               TEXT NOT NULL CHECK (finish IN ('nonfoil', 'foil', 'etched')),
  language             TEXT NOT NULL,
  acquisition_price    INTEGER CHECK (acquisition_price >= 0),
  acquisition_currency TEXT NOT NULL DEFAULT 'USD',
  acquired_on          TEXT,
  source               TEXT,
  notes                TEXT,
  rev                  INTEGER NOT NULL,
  deleted              INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX inventory_items_user_rev ON inventory_items (user_id, rev);
CREATE INDEX inventory_items_user_card ON inventory_items (user_id, card_id) WHERE deleted = 0;
CREATE INDEX inventory_items_card ON inventory_items (card_id) WHERE deleted = 0;

CREATE TABLE have_items (
  id                   TEXT PRIMARY KEY,
  user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  inventory_item_id    TEXT NOT NULL REFERENCES inventory_items (id) ON DELETE CASCADE,
  quantity             INTEGER NOT NULL CHECK (quantity >= 1),
  min_trade_value      INTEGER CHECK (min_trade_value >= 0),
  trade_for_wants_only INTEGER NOT NULL DEFAULT 0,
  notes                TEXT,
  is_active            INTEGER NOT NULL DEFAULT 1,
  rev                  INTEGER NOT NULL,
  deleted              INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX have_items_user_rev ON have_items (user_id, rev);
-- At most one live have item per inventory item.
CREATE UNIQUE INDEX have_items_inventory ON have_items (inventory_item_id) WHERE deleted = 0;

CREATE TABLE want_items (
  id              TEXT PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  card_id         TEXT,
  oracle_id       TEXT,
  quantity        INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  condition_min   TEXT NOT NULL CHECK (condition_min IN ('M', 'NM', 'LP', 'MP', 'HP', 'DMG')),
  finish          TEXT NOT NULL CHECK (finish IN ('any', 'nonfoil', 'foil', 'etched')),
  language        TEXT NOT NULL,
  target_price    INTEGER CHECK (target_price >= 0),
  max_trade_value INTEGER CHECK (max_trade_value >= 0),
  priority        TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
  alert_enabled   INTEGER NOT NULL DEFAULT 1,
  is_public       INTEGER NOT NULL DEFAULT 1,
  is_active       INTEGER NOT NULL DEFAULT 1,
  notes           TEXT,
  rev             INTEGER NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK ((card_id IS NULL) <> (oracle_id IS NULL))
);
CREATE INDEX want_items_user_rev ON want_items (user_id, rev);
CREATE INDEX want_items_card ON want_items (card_id) WHERE deleted = 0 AND is_active = 1;
CREATE INDEX want_items_oracle ON want_items (oracle_id) WHERE deleted = 0 AND is_active = 1;

-- op_id → first result, so a replayed op changes nothing (kept at least 30 days).
CREATE TABLE sync_ops (
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  op_id      TEXT NOT NULL,
  result     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, op_id)
) WITHOUT ROWID;
CREATE INDEX sync_ops_created ON sync_ops (created_at);
