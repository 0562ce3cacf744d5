"""The events table: how an article's events are stored and read back."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from newsledger.extract import ArticleText, Migration, Rows
from newsledger.model import content_hash
from newsledger.records import ArticleEvent, Span

SCHEMA = """
-- What each article reports happened, as ACLED codes events (the "events" extractor); seq 0 is its main event.
CREATE TABLE IF NOT EXISTS events (
    id             TEXT PRIMARY KEY,  -- hash of article id, seq and sub-event type
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    seq            INTEGER NOT NULL,  -- 0 for the article's main event, then 1, 2 for further ones
    type           TEXT NOT NULL,     -- ACLED event type ("Battles" ...); "none" for a kind ACLED does not code
    sub_type       TEXT NOT NULL,     -- ACLED sub-event type ("Armed clash" ...), or the kind ("Natural disaster")
    start          INTEGER,           -- the words that say it happened: offset into the item's text
    "end"          INTEGER,           -- their end, exclusive (both NULL when only the headline says it)
    text           TEXT,              -- those words as written
    actor1         TEXT,              -- who acted, as ACLED names actors ("Military Forces of Syria")
    actor2         TEXT,              -- against whom
    location       TEXT,              -- the most specific place the text gives for it
    date           TEXT,              -- ISO date of the first day it is dated to
    time_precision INTEGER,           -- ACLED's: 1 the day, 2 the week, 3 the month
    fatalities     INTEGER NOT NULL,  -- the article's best killed estimate, 0 when it gives none
    confidence     REAL NOT NULL      -- the rule's certainty, 0 to 1 (not a calibrated probability)
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_type ON events(type, sub_type);
"""


def event_id(article_id: str, seq: int, sub_type: str) -> str:
    """Id of an article's event: the same article analysed again gives the same ids."""
    return content_hash(f"{article_id}|event|{seq}|{sub_type}")


class EventTable:
    """The events table."""

    tables: tuple[str, ...] = ("events",)
    schema = SCHEMA
    migrations: Mapping[str, Migration] = {}

    def to_rows(self, article_id: str, found: Mapping[str, Any]) -> Rows:
        rows = []
        for seq, event in enumerate(found["events"]):
            start, end, text = event.trigger if event.trigger else (None, None, None)
            rows.append(
                {
                    "id": event_id(article_id, seq, event.kind.sub_type),
                    "article_id": article_id,
                    "seq": seq,
                    "type": event.kind.type,
                    "sub_type": event.kind.sub_type,
                    "start": start,
                    "end": end,
                    "text": text,
                    "actor1": event.actor1,
                    "actor2": event.actor2,
                    "location": event.location,
                    "date": event.date,
                    "time_precision": event.time_precision,
                    "fatalities": event.fatalities,
                    "confidence": event.confidence,
                }
            )
        return {"events": rows}

    def read(self, conn: sqlite3.Connection, article: ArticleText, found: Mapping[str, Any]) -> dict[str, Any]:
        try:
            rows = conn.execute(
                'SELECT type, sub_type, start, "end", text, actor1, actor2, location, date, time_precision, '
                "fatalities, confidence FROM events WHERE article_id = ? ORDER BY seq",
                (article.id,),
            ).fetchall()
        except sqlite3.OperationalError:
            if _has_events_table(conn):
                raise
            return {"events": []}  # a ledger of schema 7 or older, read as it is: nothing typed yet
        return {
            "events": [
                ArticleEvent(
                    type=row[0],
                    sub_type=row[1],
                    trigger=Span(text=row[4], start=row[2], end=row[3]) if row[2] is not None else None,
                    actor1=row[5],
                    actor2=row[6],
                    location=row[7],
                    date=row[8],
                    time_precision=row[9],
                    fatalities=row[10],
                    confidence=row[11],
                )
                for row in rows
            ]
        }


def typed_article_count(conn: sqlite3.Connection) -> int:
    """How many articles have an event (0 in a ledger stored before events were typed)."""
    if not _has_events_table(conn):
        return 0
    return int(conn.execute("SELECT count(DISTINCT article_id) FROM events").fetchone()[0])


def _has_events_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone() is not None


TABLE = EventTable()
