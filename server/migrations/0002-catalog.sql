-- Card catalog and prices (DESIGN §4, §5, §6). The integer ids are internal: the API names a
-- printing by its Scryfall id. Days are 'YYYY-MM-DD' (UTC); amounts are integer minor units.

-- One row per Scryfall printing. The columns are what a collector sees and what queries
-- filter on; card_json is the full card as dc_card_to_json() wrote it (faces, images,
-- legalities) and summary_json the short form of search results; prices_json is the list of
-- current prices as the API writes it, as of catalog version prices_version (an import
-- refreshes it, before it finishes, for the cards whose prices it changed). Answers are
-- spliced from these texts without re-encoding. updated_version is the
-- catalog version in which the row (or its current prices) last changed: it drives the
-- catalog ETag and `?since=` deltas.
CREATE TABLE cards (
  id               INTEGER PRIMARY KEY,
  scryfall_id      TEXT NOT NULL UNIQUE,
  oracle_id        TEXT,
  name             TEXT NOT NULL,
  printed_name     TEXT,
  lang             TEXT NOT NULL,
  set_code         TEXT NOT NULL,
  set_name         TEXT NOT NULL,
  collector_number TEXT NOT NULL,
  rarity           TEXT,
  layout           TEXT,
  mana_cost        TEXT,
  type_line        TEXT,
  oracle_text      TEXT,
  colors           TEXT,             -- e.g. "WU" in Scryfall's order
  finishes         TEXT NOT NULL,    -- e.g. "nonfoil,foil"
  image_small      TEXT,
  image_normal     TEXT,
  image_large      TEXT,
  released_at      TEXT,
  tcgplayer_id     INTEGER,
  cardmarket_id    INTEGER,
  card_json        TEXT NOT NULL,
  summary_json     TEXT NOT NULL,
  prices_json      TEXT NOT NULL DEFAULT '[]',
  prices_version   INTEGER NOT NULL DEFAULT 0,
  updated_version  INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX cards_oracle_id ON cards (oracle_id);
CREATE INDEX cards_set_number ON cards (set_code, collector_number);
CREATE INDEX cards_name ON cards (name);
CREATE INDEX cards_tcgplayer_id ON cards (tcgplayer_id);
CREATE INDEX cards_cardmarket_id ON cards (cardmarket_id);
CREATE INDEX cards_updated_version ON cards (updated_version);

-- Every name a card answers to (name, printed name, face names), folded the way the FTS
-- tokenizer folds them (lower case, no diacritics, words joined by one space): an exact
-- name match is a lookup here, and ranks first in search.
CREATE TABLE card_name_keys (
  key  TEXT NOT NULL,
  card INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  PRIMARY KEY (key, card)
) WITHOUT ROWID;
CREATE INDEX card_name_keys_card ON card_name_keys (card);

-- Name search: rowid = cards.id. "lim dul" finds "Lim-Dûl's Paladin" (diacritics removed,
-- punctuation splits words) and "lightn" finds "Lightning Bolt" (prefix queries, served by
-- the prefix indexes).
CREATE VIRTUAL TABLE cards_fts USING fts5 (
  name,
  printed_name,
  face_names,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);

-- Price history: one amount per card, finish, currency, source and day.
CREATE TABLE prices (
  card     INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  finish   TEXT NOT NULL CHECK (finish IN ('nonfoil', 'foil', 'etched')),
  currency TEXT NOT NULL,
  source   TEXT NOT NULL,
  day      TEXT NOT NULL,
  amount   INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (card, finish, currency, source, day)
) WITHOUT ROWID;

-- The current price of each series is the one of its newest day. Kept up to date by every
-- write to prices (a write for an older day never replaces a newer one), so reading it is
-- one index range per card.
CREATE TABLE current_prices (
  card     INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  finish   TEXT NOT NULL,
  currency TEXT NOT NULL,
  source   TEXT NOT NULL,
  day      TEXT NOT NULL,
  amount   INTEGER NOT NULL,
  PRIMARY KEY (card, finish, currency, source)
) WITHOUT ROWID;

-- The catalog version: increases by one at the end of every import that changed a card or
-- a current price.
CREATE TABLE catalog_meta (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  version    INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO catalog_meta (id, version, updated_at) VALUES (1, 0, 0);

-- The catalog download (gzip'd JSON lines) of the current version, built by the import that
-- made the version, so the server never stalls building it; only the newest is kept.
CREATE TABLE catalog_files (
  version    INTEGER PRIMARY KEY,
  etag       TEXT NOT NULL,
  cards      INTEGER NOT NULL,
  gz         BLOB NOT NULL,
  created_at INTEGER NOT NULL
);

-- What was imported, and when: import-demo skips a file it already imported (same kind and
-- SHA-256), which makes it idempotent.
CREATE TABLE catalog_imports (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  file_sha256 TEXT,          -- NULL when not computed (the import commands)
  day         TEXT,
  cards       INTEGER NOT NULL,
  prices      INTEGER NOT NULL,
  unknown     INTEGER NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER NOT NULL
);
CREATE INDEX catalog_imports_file ON catalog_imports (file_sha256, kind);
