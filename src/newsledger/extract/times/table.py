"""The times and reference_dates tables: how an article's time expressions are stored and read back."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from newsledger.extract import ArticleText, Migration, Rows
from newsledger.model import content_hash
from newsledger.records import ReferenceDate, Timex
from newsledger.sql import chunks, marks

SCHEMA = """
-- Time expressions normalised to TIMEX3 values against the article's reference date (the "times" extractor).
CREATE TABLE IF NOT EXISTS times (
    id          TEXT PRIMARY KEY,   -- hash of article id and offsets
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    start       INTEGER NOT NULL,   -- character offset into the item's text
    "end"       INTEGER NOT NULL,   -- character offset into the item's text, exclusive
    text        TEXT NOT NULL,      -- the expression as written
    type        TEXT NOT NULL,      -- DATE | TIME | DURATION | SET
    value       TEXT NOT NULL,      -- TIMEX3 value; underspecified (X for unknown digits) without a reference date
    mod         TEXT,               -- APPROX, START, END, MORE_THAN, ...
    anchor      TEXT                -- how a relative value hangs on the reference date: DCT-P1D
);
CREATE INDEX IF NOT EXISTS times_article ON times(article_id);
-- The date each article's relative time expressions were resolved against.
CREATE TABLE IF NOT EXISTS reference_dates (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,  -- the article
    value       TEXT NOT NULL,     -- the date relative expressions were resolved against
    source      TEXT NOT NULL      -- published | dateline
);
"""


def time_id(article_id: str, start: int, end: int) -> str:
    """Id of the time expression at ``start``-``end`` of an article's item."""
    return content_hash(f"{article_id}|time|{start}|{end}")


class TimeTable:
    """The times and reference_dates tables."""

    tables: tuple[str, ...] = ("times", "reference_dates")
    schema = SCHEMA
    #: Version 1 laid out an empty times table with fewer columns; nothing filled it.
    migrations: Mapping[str, Migration] = {"1": "DROP TABLE IF EXISTS times;"}

    def to_rows(self, article_id: str, found: Mapping[str, Any]) -> Rows:
        rows = [
            {
                "id": time_id(article_id, t.start, t.end),
                "article_id": article_id,
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "type": t.type,
                "value": t.value,
                "mod": t.mod,
                "anchor": t.anchor,
            }
            for t in found["times"]
        ]
        reference = found.get("reference_date")
        dates = [{"article_id": article_id, "value": reference[0], "source": reference[1]}] if reference else []
        return {"times": rows, "reference_dates": dates}

    def read(self, conn: sqlite3.Connection, article: ArticleText, found: Mapping[str, Any]) -> dict[str, Any]:
        times = [
            Timex(
                id=row[0],
                text=row[1],
                start=row[2],
                end=row[3],
                type=row[4],
                value=row[5],
                mod=row[6] or None,
                anchor=row[7] or None,
            )
            for row in conn.execute(
                'SELECT id, text, start, "end", type, value, mod, anchor FROM times '
                "WHERE article_id = ? ORDER BY start",
                (article.id,),
            )
        ]
        return {"times": times, "reference_date": reference_of(conn, article.id)}


def reference_of(conn: sqlite3.Connection, article_id: str) -> ReferenceDate | None:
    """The date an article's relative expressions were resolved against, if it had one."""
    row = conn.execute("SELECT value, source FROM reference_dates WHERE article_id = ?", (article_id,)).fetchone()
    return ReferenceDate(value=row[0], source=row[1]) if row else None


def time_values(
    conn: sqlite3.Connection, article_id: str, read: list[Timex] | None = None
) -> dict[str, tuple[str, str]]:
    """(value, type) of each of an article's time expressions, by id: what claims and counts are dated by;
    from the records ``read`` already when given."""
    if read is not None:
        return {t.id: (t.value, t.type) for t in read}
    return {
        tid: (value, ttype)
        for tid, value, ttype in conn.execute("SELECT id, value, type FROM times WHERE article_id = ?", (article_id,))
    }


def values_by_id(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(value, type) of these time expressions, by id."""
    found: dict[str, tuple[str, str]] = {}
    for chunk in chunks(list(dict.fromkeys(ids))):
        found.update(
            (tid, (value, ttype))
            for tid, value, ttype in conn.execute(
                f"SELECT id, value, type FROM times WHERE id IN ({marks(chunk)})", chunk
            )
        )
    return found


def value_sql(column: str) -> str:
    """SQL for the TIMEX3 value of the time expression whose id is in ``column`` (NULL when none)."""
    return f"(SELECT value FROM times WHERE id = {column})"


def resolved_sql(column: str) -> str:
    """SQL that is true when the time expression whose id is in ``column`` has a resolved value
    (it starts with a digit: 2024-12-16, 2024-W50; not a year of unknown digits or PRESENT_REF)."""
    return f"{value_sql(column)} GLOB '[0-9]*'"


TABLE = TimeTable()
