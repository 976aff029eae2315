-- The account's local copy of the server's card catalog (DESIGN §6), so that search and
-- the card pages work offline. The inventory, have/want lists and the outbox come with the
-- sync engine in later migrations.

-- Small settings of this database: the catalog's ETag, when it was last downloaded.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per printing. card_json is the catalog line exactly as the server sent it (our
-- API's card object), so a page can show anything the server knows without a new column.
CREATE TABLE cards (
  num              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  oracle_id        TEXT,
  name             TEXT NOT NULL,
  printed_name     TEXT,
  lang             TEXT,
  set_code         TEXT,
  set_name         TEXT,
  collector_number TEXT,
  rarity           TEXT,
  released_at      TEXT,
  card_json        TEXT NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX cards_oracle_id ON cards (oracle_id);
CREATE INDEX cards_set_number ON cards (set_code, collector_number);
CREATE INDEX cards_name ON cards (name COLLATE NOCASE);

-- The current price of each (finish, currency, source) of a printing, in minor units.
CREATE TABLE current_prices (
  card         INTEGER NOT NULL REFERENCES cards (num) ON DELETE CASCADE,
  finish       TEXT NOT NULL CHECK (finish IN ('nonfoil', 'foil', 'etched')),
  currency     TEXT NOT NULL,
  source       TEXT NOT NULL,
  day          TEXT,
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  PRIMARY KEY (card, finish, currency, source)
) WITHOUT ROWID;

-- Name search, rowid = cards.num: "lim dul" finds "Lim-Dûl's Paladin" (diacritics removed,
-- punctuation splits words), "lightn" finds "Lightning Bolt" (prefix indexes).
CREATE VIRTUAL TABLE cards_fts USING fts5 (
  name,
  printed_name,
  face_names,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
