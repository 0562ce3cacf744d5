"""The core SQLite schema: readable by a person and by any SQLite tool.

Every fact table has ``start``/``end``: character offsets into the text of
the item (``items.text``) it was found in. Extractors add their own tables
(see ``newsledger.extract``); the tables for claims, counts, times and
stories are laid out here so that all later kinds of fact share one shape.
"""

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = "4"

#: SQL that brings an older database up to SCHEMA_VERSION, by the version it has.
#: Each step takes a database from the version it is keyed by to the next one.
MIGRATIONS: dict[str, str | Callable[[sqlite3.Connection], None]] = {
    # Version 1 laid out empty claims, counts and times tables with fewer columns; nothing filled them.
    "1": "DROP TABLE IF EXISTS counts; DROP TABLE IF EXISTS times; DROP TABLE IF EXISTS claims;",
    # Version 2 laid out empty stories tables with fewer columns; linking fills the new ones on the next ingest.
    "2": "DROP TABLE IF EXISTS story_articles; DROP TABLE IF EXISTS stories;",
    # Version 4 says where an article's casualty figure comes from: the text's counts or the headline.
    "3": lambda conn: add_columns(conn, "casualties", {"basis": "TEXT NOT NULL DEFAULT 'text'", "headline": "TEXT"}),
}


def add_columns(conn: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """Add the columns a table lacks (a table not there yet is made whole by its schema later)."""
    have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
    for name, declaration in columns.items():
        if have and name not in have:
            conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {declaration}')

CORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- What was read: a text file, one JSONL line, or an HTML page, its text kept whole.
CREATE TABLE IF NOT EXISTS items (
    id          TEXT PRIMARY KEY,   -- sha256 of the text: the same text is stored once
    source      TEXT NOT NULL,      -- the JSONL "id", else the file path as given
    path        TEXT NOT NULL,      -- the file it came from
    line        INTEGER,            -- line number for JSONL items
    format      TEXT NOT NULL,      -- text | jsonl | html
    title       TEXT,
    published   TEXT,               -- ISO date; NULL when the input does not say (never guessed)
    outlet      TEXT,
    url         TEXT,
    author      TEXT,
    text        TEXT NOT NULL,      -- every offset in this database points into this text
    raw         TEXT,               -- the original HTML of an HTML page
    ingested_at TEXT NOT NULL
);

-- One news article inside an item.
CREATE TABLE IF NOT EXISTS articles (
    id           TEXT PRIMARY KEY,  -- sha256 of the article's text: re-ingesting adds nothing
    item_id      TEXT NOT NULL REFERENCES items(id),
    seq          INTEGER NOT NULL,  -- position of the article in its item
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    title        TEXT,
    kicker       TEXT,              -- ALL-CAPS kicker such as "TESTING BAN", not body text
    kicker_start INTEGER,
    kicker_end   INTEGER,
    published    TEXT,
    outlet       TEXT,
    url          TEXT,
    truncated    INTEGER NOT NULL,  -- 1 when the article is cut off mid-sentence
    text         TEXT NOT NULL      -- items.text[start:end]
);
CREATE INDEX IF NOT EXISTS articles_item ON articles(item_id);

-- Photo credits and other lines kept in the source but left out of analysis.
CREATE TABLE IF NOT EXISTS boilerplate (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (article_id, start)
);

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    article_id UNINDEXED, title, kicker, body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Attributed claims: who said what, how, through which channel (filled by the "claims" extractor).
CREATE TABLE IF NOT EXISTS claims (
    id             TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL, "end" INTEGER NOT NULL,   -- from the first to the last of its spans
    source_start   INTEGER, source_end INTEGER, source_text TEXT,   -- NULL for an unattributed cue
    speaker        TEXT,             -- canonical name of the entity the source refers to
    speaker_entity TEXT,             -- entities.id of that entity
    anonymous      INTEGER NOT NULL, -- 1 for unnamed sources ("officials", "a local official")
    cue_start      INTEGER NOT NULL, cue_end INTEGER NOT NULL, cue_text TEXT NOT NULL,
    content_start  INTEGER, content_end INTEGER, content_text TEXT,  -- NULL for a non-answer
    content_spans  TEXT NOT NULL,    -- JSON [[start, end], ...] when the content is in pieces
    kind           TEXT NOT NULL,    -- direct | indirect | mixed | none
    stance         TEXT NOT NULL,    -- assert | belief | pledge | confirm | deny | no_comment | refer | allege | no_number
    channel_start  INTEGER, channel_end INTEGER, channel_text TEXT,     -- "in a public post on Telegram"
    audience_start INTEGER, audience_end INTEGER, audience_text TEXT,   -- "reporters"
    when_start     INTEGER, when_end INTEGER, when_text TEXT,
    time_id        TEXT,             -- times.id of the sentence's time expression
    confidence     REAL NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker);

-- Counts of people: killed, wounded, evacuated, ... (filled by the "counts" extractor).
CREATE TABLE IF NOT EXISTS counts (
    id             TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text           TEXT NOT NULL,    -- the count phrase: "about 30 North Korean troops were killed or wounded"
    category       TEXT NOT NULL,    -- killed | wounded | killed_or_wounded | injured | missing | evacuated | ...
    subject        TEXT,             -- "North Korean troops"
    value          REAL, min REAL, max REAL,
    qualifier      TEXT NOT NULL,    -- exact | approx | at_least | at_most | range | unspecified
    basis          TEXT NOT NULL,    -- number | described (a named or described victim) | zero
    number_start   INTEGER, number_end INTEGER, number_text TEXT,
    location       TEXT,
    when_start     INTEGER, when_end INTEGER, when_text TEXT,
    time_id        TEXT,             -- the normalised time expression, once times are extracted
    source_start   INTEGER, source_end INTEGER, source_text TEXT,
    claim_id       TEXT,             -- the attributed claim, once claims are extracted
    status         TEXT NOT NULL,    -- current | superseded
    scope          TEXT NOT NULL,    -- incident | cumulative
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS counts_article ON counts(article_id);
CREATE INDEX IF NOT EXISTS counts_category ON counts(category);

-- Time expressions normalised to TIMEX3 values against the article's reference date.
CREATE TABLE IF NOT EXISTS times (
    id          TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,      -- DATE | TIME | DURATION | SET
    value       TEXT NOT NULL,      -- TIMEX3 value; underspecified (X for unknown digits) without a reference date
    mod         TEXT,               -- APPROX, START, END, MORE_THAN, ...
    anchor      TEXT                -- how a relative value hangs on the reference date: DCT-P1D
);
CREATE INDEX IF NOT EXISTS times_article ON times(article_id);
"""

#: Tables of the link stage (stories, identities); created after the extractors' tables they refer to.
LINK_SCHEMA = """
-- Stories: articles about the same event, grown one article at a time.
CREATE TABLE IF NOT EXISTS stories (
    id          TEXT PRIMARY KEY,   -- "s" + hash of the first article's id
    label       TEXT,               -- the first article's title
    first_day   TEXT,
    last_day    TEXT,
    articles    INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id    TEXT NOT NULL REFERENCES stories(id),
    copy_of     TEXT REFERENCES articles(id),  -- the earlier article this one repeats nearly word for word
    matched     TEXT REFERENCES articles(id),  -- the earlier article it was most similar to
    score       REAL,                          -- that similarity, after the date penalty
    day         TEXT,                          -- the date linking used (publication or dateline)
    event_days  TEXT NOT NULL,                 -- JSON list of the days its counts and lede are dated to
    towns       TEXT NOT NULL DEFAULT '[]',    -- JSON list of [latitude, longitude] of the towns it names
    linked      INTEGER NOT NULL               -- 1, 2, 3 ...: the order articles were linked in
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);
-- The terms of every linked article (postings), for finding candidates and computing similarity.
CREATE TABLE IF NOT EXISTS link_terms (
    term        TEXT NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tf          REAL NOT NULL,
    PRIMARY KEY (term, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_terms_article ON link_terms(article_id, tf);  -- covering: a whole vector in one read
-- How many linked articles have each term (document frequency), kept as articles are linked.
CREATE TABLE IF NOT EXISTS link_df (
    term        TEXT PRIMARY KEY,
    df          INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per real-world entity across the ledger.
CREATE TABLE IF NOT EXISTS identities (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,      -- the longest name it goes by
    type        TEXT NOT NULL,      -- PERSON | ORG | PLACE | NORP | ... (spaCy's label; GPE/LOC/FAC are PLACE)
    aliases     TEXT NOT NULL,      -- JSON list: names, acronyms, surnames and descriptions seen
    articles    INTEGER NOT NULL,   -- how many articles mention it
    geonameid   INTEGER,            -- places: the GeoNames id it resolved to
    place_kind  TEXT,               -- city | state | country
    country     TEXT,               -- ISO 3166 alpha-2
    admin1      TEXT,               -- US state code
    latitude    REAL,
    longitude   REAL,
    candidates  INTEGER             -- places: how many gazetteer places carry the name (more than 1: ambiguous)
);
CREATE INDEX IF NOT EXISTS identities_name ON identities(name);
-- Keys that tie an article's entity to an identity: "PERSON:john kirby", "ORG:irc", "PLACE:geo:4407066".
CREATE TABLE IF NOT EXISTS identity_keys (
    key         TEXT NOT NULL,
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    PRIMARY KEY (key, identity_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity_identities (
    entity_id   TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    identity_id TEXT NOT NULL REFERENCES identities(id),
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    story_id    TEXT
);
CREATE INDEX IF NOT EXISTS entity_identities_identity ON entity_identities(identity_id);
CREATE INDEX IF NOT EXISTS entity_identities_article ON entity_identities(article_id, identity_id);
CREATE INDEX IF NOT EXISTS entity_identities_story ON entity_identities(story_id, identity_id);
"""
