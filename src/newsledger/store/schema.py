"""The core SQLite schema: readable by a person and by any SQLite tool.

Every fact table has ``start``/``end``: character offsets into the text of
the item (``items.text``) it was found in. Extractors add their own tables
(see ``newsledger.extract``); the tables for claims, counts, times and
stories are laid out here so that all later kinds of fact share one shape.
"""

SCHEMA_VERSION = "2"

#: SQL that brings an older database up to SCHEMA_VERSION, by the version it has.
MIGRATIONS = {
    # Version 1 laid out empty claims, counts and times tables with fewer columns; nothing filled them.
    "1": "DROP TABLE IF EXISTS counts; DROP TABLE IF EXISTS times; DROP TABLE IF EXISTS claims;",
}

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

-- Stories: articles about the same event.
CREATE TABLE IF NOT EXISTS stories (
    id          TEXT PRIMARY KEY,
    label       TEXT,
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id    TEXT NOT NULL REFERENCES stories(id),
    article_id  TEXT NOT NULL REFERENCES articles(id),
    copy_of     TEXT REFERENCES articles(id),
    PRIMARY KEY (story_id, article_id)
);
"""
