"""The counts, money and casualties tables: how an article's figures are stored, read back and listed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from newsledger.extract import ArticleText, Migration, Rows, add_columns
from newsledger.extract.claims.table import claim_id, content_holder
from newsledger.extract.counts.rules import Count, Money
from newsledger.extract.entities.table import PLACE_TYPES, articles_naming
from newsledger.extract.times.table import resolved_sql, time_id, time_values, value_sql, values_by_id
from newsledger.model import Span, content_hash
from newsledger.records import Casualties, Casualty, HeadlinePhrase, WhenSpan
from newsledger.records import Count as CountRecord
from newsledger.records import Money as MoneyRecord
from newsledger.records import Span as SpanRecord
from newsledger.sql import fetch_rows, like_pattern, marks, prefix_pattern

SCHEMA = """
-- Counts of people: killed, wounded, evacuated, ... (filled by the "counts" extractor).
CREATE TABLE IF NOT EXISTS counts (
    id             TEXT PRIMARY KEY,  -- hash of article id, offsets, category and basis
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    start          INTEGER NOT NULL,  -- character offset of the count phrase into the item's text
    "end"          INTEGER NOT NULL,  -- end of the count phrase
    text           TEXT NOT NULL,     -- the count phrase: "about 30 North Korean troops were killed or wounded"
    category       TEXT NOT NULL,     -- killed | wounded | killed_or_wounded | injured | missing | evacuated | ill | ...
    subject        TEXT,              -- who was counted: "North Korean troops"
    value          REAL,              -- the figure; NULL for a range, a bound or "some"
    min            REAL,              -- lower bound ("at least 3", the start of a range)
    max            REAL,              -- upper bound ("up to 12", the end of a range)
    qualifier      TEXT NOT NULL,     -- exact | approx | at_least | at_most | range | unspecified
    basis          TEXT NOT NULL,     -- number | described (a named or described victim) | zero
    number_start   INTEGER,           -- the number phrase: "about 30"
    number_end     INTEGER,           -- end of the number phrase
    number_text    TEXT,              -- the number phrase as written
    location       TEXT,              -- where, as the sentence names it
    when_start     INTEGER,           -- the time phrase of the sentence
    when_end       INTEGER,           -- end of the time phrase
    when_text      TEXT,              -- the time phrase as written
    time_id        TEXT,              -- times.id of the normalised time expression
    source_start   INTEGER,           -- whom the sentence attributes the figure to
    source_end     INTEGER,           -- end of the source
    source_text    TEXT,              -- the source as written
    claim_id       TEXT,              -- claims.id of the claim whose content holds the count
    status         TEXT NOT NULL,     -- current | superseded (the article says the figure was revised)
    scope          TEXT NOT NULL,     -- incident | cumulative ("the death toll rose to")
    sentence_start INTEGER NOT NULL,  -- the sentence the count is in
    sentence_end   INTEGER NOT NULL,  -- end of that sentence
    confirmation   TEXT,              -- category ill: suspected | confirmed; NULL when not said or another category
    disease        TEXT               -- ill, or killed by it: the disease as the sentence names it ("cholera")
);
CREATE INDEX IF NOT EXISTS counts_article ON counts(article_id);
CREATE INDEX IF NOT EXISTS counts_category ON counts(category);

-- Amounts of money (filled by the "counts" extractor).
CREATE TABLE IF NOT EXISTS money (
    id          TEXT PRIMARY KEY,  -- hash of article id and offsets
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    start       INTEGER NOT NULL,  -- character offset into the item's text
    "end"       INTEGER NOT NULL,  -- end of the amount
    text        TEXT NOT NULL,     -- "US$3.5 billion"
    currency    TEXT,              -- ISO 4217: USD
    value       REAL,              -- the amount; NULL for a range or bound
    min         REAL,              -- lower bound
    max         REAL,              -- upper bound
    qualifier   TEXT NOT NULL      -- exact | approx | at_least | at_most | range | unspecified
);
CREATE INDEX IF NOT EXISTS money_article ON money(article_id);

-- The article's best estimate for its main incident, as an ACLED coder would fill it.
CREATE TABLE IF NOT EXISTS casualties (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article
    category    TEXT NOT NULL,     -- killed | injured | missing
    value       REAL,              -- NULL when the article says some but not how many
    qualifier   TEXT NOT NULL,     -- exact | approx | at_least | at_most | range | unspecified
    counts      TEXT NOT NULL,     -- JSON list of counts.id the estimate rests on
    basis       TEXT NOT NULL DEFAULT 'text',  -- text | headline (the headline's figure, the body's counts aside)
    headline    TEXT,              -- basis headline: JSON list of {phrase, title_start, title_end} (into articles.title)
    PRIMARY KEY (article_id, category)
);
DROP VIEW IF EXISTS counts_with_sentences;
-- Each count with the sentence it is in, its article's date and outlet, and the date the count hangs on.
CREATE VIEW counts_with_sentences AS SELECT
    c.*,
    substr(i.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence,  -- the count's sentence
    a.published AS published,  -- the article's publication date
    a.outlet AS outlet,  -- the article's outlet
    {when_value} AS when_value  -- TIMEX3 value of the count's time expression
FROM counts c JOIN articles a ON a.id = c.article_id JOIN items i ON i.id = a.item_id;
"""


SCHEMA = SCHEMA.replace("{when_value}", value_sql("c.time_id"))


def count_id(article_id: str, count: Count) -> str:
    """Stable id of an article's count."""
    return content_hash(f"{article_id}|count|{count.span.start}|{count.span.end}|{count.category}|{count.basis}")


class CountTable:
    """The counts, money and casualties tables."""

    tables: tuple[str, ...] = ("counts", "money", "casualties")
    schema = SCHEMA
    migrations: Mapping[str, Migration] = {
        # Version 1 laid out an empty counts table with fewer columns; nothing filled it.
        "1": "DROP TABLE IF EXISTS counts;",
        # Version 4 says where an article's casualty figure comes from: the text's counts or the headline.
        "3": lambda conn: add_columns(
            conn, "casualties", {"basis": "TEXT NOT NULL DEFAULT 'text'", "headline": "TEXT"}
        ),
        # Version 6 counts the ill, with whether their cases are suspected or confirmed and the disease; counts
        # stored before keep NULL (added only when missing: an upgrade cut off is run again).
        "5": lambda conn: add_columns(conn, "counts", {"confirmation": "TEXT", "disease": "TEXT"}),
    }

    def to_rows(self, article_id: str, found: Mapping[str, Any]) -> Rows:
        counts: list[Count] = found["counts"]
        ids = {id(c): count_id(article_id, c) for c in counts}
        claims = found.get("claims") or []
        rows = []
        holding = content_holder(claims)
        for count in counts:
            holder = holding(count.span)
            rows.append(_count_row(ids[id(count)], article_id, count, claim_id(article_id, holder) if holder else None))
        casualties = [
            {
                "article_id": article_id,
                "category": category,
                "value": tally.value,
                "qualifier": tally.qualifier,
                "counts": json.dumps([ids[id(c)] for c in tally.counts if id(c) in ids]),
                "basis": tally.basis,
                "headline": json.dumps([_title_phrase(p) for p in tally.headline]) if tally.headline else None,
            }
            for category, tally in found["casualties"].items()
            if tally is not None
        ]
        money = [_money_row(article_id, m) for m in found["money"]]
        return {"counts": _unique(rows), "money": _unique(money), "casualties": casualties}

    def read(self, conn: sqlite3.Connection, article: ArticleText, found: Mapping[str, Any]) -> dict[str, Any]:
        values = time_values(conn, article.id, found.get("times"))
        counts = [
            count_record(r, article.item_text, values)
            for r in fetch_rows(conn, 'SELECT * FROM counts WHERE article_id = ? ORDER BY start, "end"', (article.id,))
        ]
        money = [
            MoneyRecord(**{field: r[field] for field in MoneyRecord.model_fields})
            for r in fetch_rows(conn, "SELECT * FROM money WHERE article_id = ? ORDER BY start", (article.id,))
        ]
        by_id = {c.id: c for c in counts}
        casualties: dict[str, Casualty] = {}
        for r in fetch_rows(conn, "SELECT * FROM casualties WHERE article_id = ?", (article.id,)):
            casualties[r["category"]] = Casualty(
                value=r["value"],
                qualifier=r["qualifier"],
                counts=[
                    SpanRecord(text=by_id[i].text, start=by_id[i].start, end=by_id[i].end)
                    for i in json.loads(r["counts"])
                    if i in by_id
                ],
                basis=r["basis"],
                headline=[HeadlinePhrase(**p) for p in json.loads(r["headline"])] if r["headline"] else None,
            )
        return {"counts": counts, "casualties": Casualties(**casualties), "money": money}


def _title_phrase(phrase: Span) -> dict[str, Any]:
    """A headline phrase: offsets into the title, named so, since every ``{text, start, end}`` span
    in the export points into the item's text."""
    return {"phrase": phrase.text, "title_start": phrase.start, "title_end": phrase.end}


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per id: the same phrase found twice is one fact."""
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row["id"], row)
    return list(seen.values())


def _count_row(cid: str, article_id: str, c: Count, holder: str | None) -> dict[str, Any]:
    return {
        "id": cid,
        "article_id": article_id,
        "start": c.span.start,
        "end": c.span.end,
        "text": c.span.text,
        "category": c.category,
        "subject": c.subject,
        "value": c.value,
        "min": c.min,
        "max": c.max,
        "qualifier": c.qualifier,
        "basis": c.basis,
        "number_start": c.number.start if c.number else None,
        "number_end": c.number.end if c.number else None,
        "number_text": c.number.text if c.number else None,
        "location": c.location,
        "when_start": c.when.start if c.when else None,
        "when_end": c.when.end if c.when else None,
        "when_text": c.when.text if c.when else None,
        "time_id": time_id(article_id, c.when.start, c.when.end) if c.when and c.when_value else None,
        "source_start": c.source.start if c.source else None,
        "source_end": c.source.end if c.source else None,
        "source_text": c.source.text if c.source else None,
        "claim_id": holder,
        "status": c.status,
        "scope": c.scope,
        "sentence_start": c.sentence.start,
        "sentence_end": c.sentence.end,
        "confirmation": c.confirmation,
        "disease": c.disease,
    }


def _money_row(article_id: str, m: Money) -> dict[str, Any]:
    return {
        "id": content_hash(f"{article_id}|money|{m.span.start}|{m.span.end}"),
        "article_id": article_id,
        "start": m.span.start,
        "end": m.span.end,
        "text": m.span.text,
        "currency": m.currency,
        "value": m.value,
        "min": m.min,
        "max": m.max,
        "qualifier": m.qualifier,
    }


def _span(text: str | None, start: int | None, end: int | None) -> SpanRecord | None:
    return None if start is None or end is None or text is None else SpanRecord(text=text, start=start, end=end)


def count_record(row: sqlite3.Row, item_text: str, values: Mapping[str, tuple[str, str]]) -> CountRecord:
    """A stored count as a record; ``values`` are the article's time expressions' (value, type) by id."""
    when = None
    if row["when_start"] is not None:
        value = values.get(row["time_id"]) if row["time_id"] else None
        when = WhenSpan(
            text=row["when_text"],
            start=row["when_start"],
            end=row["when_end"],
            value=value[0] if value else None,
            type=value[1] if value else None,  # type: ignore[arg-type]  # pydantic validates the str into a TimexType
        )
    return CountRecord(
        id=row["id"],
        article=row["article_id"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        category=row["category"],
        subject=row["subject"],
        value=row["value"],
        min=row["min"],
        max=row["max"],
        qualifier=row["qualifier"],
        basis=row["basis"],
        number=_span(row["number_text"], row["number_start"], row["number_end"]),
        location=row["location"],
        when=when,
        source=_span(row["source_text"], row["source_start"], row["source_end"]),
        claim=row["claim_id"],
        status=row["status"],
        scope=row["scope"],
        sentence=SpanRecord(
            text=item_text[row["sentence_start"] : row["sentence_end"]],
            start=row["sentence_start"],
            end=row["sentence_end"],
        ),
        confirmation=_optional(row, "confirmation"),
        disease=_optional(row, "disease"),
    )


def _optional(row: sqlite3.Row, column: str) -> Any:
    """A column a ledger of an older schema, read as it is, may lack (version 5 had no ``confirmation``)."""
    return row[column] if column in row.keys() else None


SENTENCE = "substr(i.text, c.sentence_start + 1, c.sentence_end - c.sentence_start)"


def list_counts(
    conn: sqlite3.Connection,
    *,
    category: str | None = None,
    where: str | None = None,
    article_prefix: str | None = None,
    include_superseded: bool = False,
    mentioning: str | None = None,
    dated: bool = False,
    said_by: Sequence[str] | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[CountRecord]:
    """Counts in the order they were stored and, within an article, in text order.

    ``where``: the count's place, its sentence or a place the article names contains it;
    ``article_prefix``: the article's id starts with it; revised figures only with
    ``include_superseded``; ``mentioning``: the source, the sentence or an entity of the article names
    it; ``dated``: only counts whose time expression resolved to a date; ``said_by``: only counts in
    the content of claims these article entities made; ``offset``: skip that many (pages).
    """
    sql = (
        "SELECT c.*, i.text AS item_text FROM counts c JOIN articles a ON a.id = c.article_id "
        "JOIN items i ON i.id = a.item_id WHERE 1 = 1"
    )
    params: list[Any] = []
    if category:
        sql += " AND c.category = ?"
        params.append(category)
    if where:
        sql += (
            f" AND (c.location LIKE ? ESCAPE '\\' OR {SENTENCE} LIKE ? ESCAPE '\\' OR "
            f"{articles_naming('c.article_id', PLACE_TYPES)})"
        )
        params += [like_pattern(where)] * 3
    if article_prefix:
        sql += " AND c.article_id LIKE ? ESCAPE '\\'"
        params.append(prefix_pattern(article_prefix))
    if not include_superseded:
        sql += " AND c.status = 'current'"
    if mentioning:
        sql += (
            f" AND (c.source_text LIKE ? ESCAPE '\\' OR {SENTENCE} LIKE ? ESCAPE '\\' OR "
            f"{articles_naming('c.article_id')})"
        )
        params += [like_pattern(mentioning)] * 3
    if dated:
        sql += f" AND c.time_id IS NOT NULL AND {resolved_sql('c.time_id')}"
    if said_by is not None:
        sql += f" AND c.claim_id IN (SELECT id FROM claims WHERE speaker_entity IN ({marks(said_by)}))"
        params += list(said_by)
    sql += " ORDER BY i.rowid, a.seq, c.start LIMIT ? OFFSET ?"
    params += [-1 if limit is None else limit, offset]
    listed = fetch_rows(conn, sql, params)
    values = values_by_id(conn, [r["time_id"] for r in listed if r["time_id"]])
    return [count_record(row, row["item_text"], values) for row in listed]


TABLE = CountTable()
