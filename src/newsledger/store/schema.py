"""The store's own tables: what was read, the articles, and what linking adds across them.

Every fact table has ``start``/``end``: character offsets into the text of
the item (``items.text``) it was found in. Each kind of fact lays out its
own tables in its package (``newsledger.extract.<kind>.table``); the store
creates them in pipeline order between the core and the link tables, and
runs their migrations with its own.

Every column carries a ``--`` comment: ``newsledger metadata`` turns them
into Datasette's metadata, so the database explains itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from newsledger.extract import Migration, add_columns

SCHEMA_VERSION = "8"


def _add_version_7_columns(conn: sqlite3.Connection) -> None:
    """Version 7: an article that is not one, and what linking compares a story by."""
    add_columns(conn, "articles", {"not_article": "TEXT"})
    add_columns(
        conn,
        "story_articles",
        {"people": "TEXT NOT NULL DEFAULT '{}'", "years": "TEXT NOT NULL DEFAULT '[]'", "killed": "REAL"},
    )


#: Steps that bring the store's own tables up to SCHEMA_VERSION, keyed by the version they upgrade from
#: (each kind of fact keeps its own steps beside its tables).
MIGRATIONS: Mapping[str, Migration] = {
    # Version 2 laid out empty stories tables with fewer columns; linking fills the new ones on the next ingest.
    "2": "DROP TABLE IF EXISTS story_articles; DROP TABLE IF EXISTS stories;",
    # Version 5 identifies each article's language; articles stored before keep NULL (not identified).
    # (added only when missing: an upgrade cut off before its version was written is run again).
    "4": lambda conn: add_columns(conn, "articles", {"language": "TEXT"}),
    # Version 7 says when a scraped page's text is not the article, and keeps what linking compares a story by
    # (its people, event years and killed figure); articles linked before keep the defaults (nothing known).
    "6": _add_version_7_columns,
    # Version 8 adds the events table (newsledger.extract.events.table); articles stored before have no events.
}


CORE_SCHEMA = """
-- Facts about the database itself.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,  -- schema_version
    value TEXT NOT NULL      -- its value
);

-- What was read: a text file, one JSONL line, or an HTML page, its text kept whole.
CREATE TABLE IF NOT EXISTS items (
    id          TEXT PRIMARY KEY,   -- sha256 of the text (and of the input's own id, outlet and URL)
    source      TEXT NOT NULL,      -- the JSONL "id", else the file path as given
    path        TEXT NOT NULL,      -- the file it came from
    line        INTEGER,            -- line number for JSONL items
    format      TEXT NOT NULL,      -- text | jsonl | html
    title       TEXT,               -- the title the input gives
    published   TEXT,               -- ISO date; NULL when the input does not say (never guessed)
    outlet      TEXT,               -- the outlet the input gives
    url         TEXT,               -- the URL the input gives
    author      TEXT,               -- the author the input gives
    text        TEXT NOT NULL,      -- every offset in this database points into this text
    raw         TEXT,               -- the original HTML of an HTML page
    ingested_at TEXT NOT NULL       -- when it was stored (UTC, ISO 8601)
);
CREATE INDEX IF NOT EXISTS items_source ON items(source);  -- another text under a stored id is found at once

-- One news article inside an item.
CREATE TABLE IF NOT EXISTS articles (
    id           TEXT PRIMARY KEY,  -- sha256 of the article's text: re-ingesting adds nothing
    item_id      TEXT NOT NULL REFERENCES items(id),  -- the item it was found in
    seq          INTEGER NOT NULL,  -- position of the article in its item
    start        INTEGER NOT NULL,  -- character offset of the article into the item's text
    "end"        INTEGER NOT NULL,  -- end of the article in the item's text
    title        TEXT,              -- the input's title, or a headline line at the top of the article
    kicker       TEXT,              -- ALL-CAPS kicker such as "TESTING BAN", not body text
    kicker_start INTEGER,           -- offset of the kicker into the item's text
    kicker_end   INTEGER,           -- end of the kicker
    published    TEXT,              -- ISO date; NULL when unknown (never guessed)
    outlet       TEXT,              -- the outlet, when the input gives it
    url          TEXT,              -- the URL, when the input gives it
    truncated    INTEGER NOT NULL,  -- 1 when the article is cut off mid-sentence
    text         TEXT NOT NULL,     -- items.text[start:end]
    language     TEXT,              -- ISO 639-1 code ("en"); "und" when too little text to tell; NULL: stored before languages were identified. Only "en" and "und" are analysed
    not_article  TEXT               -- why the scraped text is not the article ("a sign-in form"); NULL for an article. Only its title is analysed and linked
);
CREATE INDEX IF NOT EXISTS articles_item ON articles(item_id);

-- Photo credits and other lines kept in the source but left out of analysis.
CREATE TABLE IF NOT EXISTS boilerplate (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    start      INTEGER NOT NULL,  -- character offset into the item's text
    "end"      INTEGER NOT NULL,  -- end of the line
    text       TEXT NOT NULL,     -- the line as written
    PRIMARY KEY (article_id, start)
);

-- Full-text search over the articles (SQLite FTS5).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    article_id UNINDEXED, title, kicker, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

#: Tables of the link stage (stories, identities); created after the kinds' tables they refer to.
LINK_SCHEMA = """
-- Stories: articles about the same event, grown one article at a time.
CREATE TABLE IF NOT EXISTS stories (
    id          TEXT PRIMARY KEY,   -- "s" + hash of the first article's id
    label       TEXT,               -- the first article's title
    first_day   TEXT,               -- the earliest day of its articles
    last_day    TEXT,               -- the latest day of its articles
    articles    INTEGER NOT NULL,   -- how many articles it holds
    created_at  TEXT NOT NULL       -- when it was started (UTC, ISO 8601)
);
-- Which story each article is in, and why.
CREATE TABLE IF NOT EXISTS story_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,  -- the article
    story_id    TEXT NOT NULL REFERENCES stories(id),  -- its story
    copy_of     TEXT REFERENCES articles(id),  -- the earlier article this one repeats nearly word for word
    matched     TEXT REFERENCES articles(id),  -- the earlier article it was most similar to
    score       REAL,                          -- that similarity, after the date penalty
    day         TEXT,                          -- the date linking used (publication or dateline)
    event_days  TEXT NOT NULL,                 -- JSON list of the days its counts and lede are dated to
    towns       TEXT NOT NULL DEFAULT '[]',    -- JSON list of [latitude, longitude] of the towns it names
    people      TEXT NOT NULL DEFAULT '{}',    -- JSON {"about": surnames of the people it is about, "named": of all it names}
    years       TEXT NOT NULL DEFAULT '[]',    -- JSON list of the years its lede and counts date what happened to
    killed      REAL,                          -- the most killed any of its counts gives; NULL when none
    linked      INTEGER NOT NULL               -- 1, 2, 3 ...: the order articles were linked in
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);
-- The terms of every linked article (postings), for finding candidates and computing similarity.
CREATE TABLE IF NOT EXISTS link_terms (
    term        TEXT NOT NULL,      -- a word, a whole name ("name:john kirby"), a place or an age
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    tf          REAL NOT NULL,      -- its weight in the article: 1 + log of how often it occurs
    PRIMARY KEY (term, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_terms_article ON link_terms(article_id, tf);  -- covering: a whole vector in one read
-- How many linked articles have each term (document frequency), kept as articles are linked.
CREATE TABLE IF NOT EXISTS link_df (
    term        TEXT PRIMARY KEY,   -- the term
    df          INTEGER NOT NULL    -- how many linked articles have it
) WITHOUT ROWID;

-- One row per real-world entity across the ledger.
CREATE TABLE IF NOT EXISTS identities (
    id          TEXT PRIMARY KEY,   -- "e" + hash of its first key
    name        TEXT NOT NULL,      -- the longest name it goes by
    type        TEXT NOT NULL,      -- PERSON | ORG | PLACE | NORP | ... (spaCy's label; GPE/LOC/FAC are PLACE)
    aliases     TEXT NOT NULL,      -- JSON list: names, acronyms, surnames and descriptions seen
    articles    INTEGER NOT NULL,   -- how many articles mention it
    geonameid   INTEGER,            -- places: the GeoNames id it resolved to
    place_kind  TEXT,               -- city | state | country
    country     TEXT,               -- ISO 3166 alpha-2
    admin1      TEXT,               -- US state code
    latitude    REAL,               -- places: latitude (towns and cities only)
    longitude   REAL,               -- places: longitude (towns and cities only)
    candidates  INTEGER             -- places: how many gazetteer places carry the name (more than 1: ambiguous)
);
CREATE INDEX IF NOT EXISTS identities_name ON identities(name);
-- Keys that tie an article's entity to an identity: "PERSON:john kirby", "ORG:irc", "PLACE:geo:4407066".
CREATE TABLE IF NOT EXISTS identity_keys (
    key         TEXT NOT NULL,      -- the key
    identity_id TEXT NOT NULL REFERENCES identities(id) ON DELETE CASCADE,  -- the identity it leads to
    PRIMARY KEY (key, identity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS identity_keys_identity ON identity_keys(identity_id);  -- a merge finds its keys at once
-- Which identity each article's entity is.
CREATE TABLE IF NOT EXISTS entity_identities (
    entity_id   TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,  -- the article's entity
    identity_id TEXT NOT NULL REFERENCES identities(id),  -- the identity it is
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article
    story_id    TEXT                -- the article's story
);
CREATE INDEX IF NOT EXISTS entity_identities_identity ON entity_identities(identity_id);
CREATE INDEX IF NOT EXISTS entity_identities_article ON entity_identities(article_id, identity_id);
CREATE INDEX IF NOT EXISTS entity_identities_story ON entity_identities(story_id, identity_id);
"""
