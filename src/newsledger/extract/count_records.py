"""How counts, money and each article's casualties are stored and exported.

The finding is in ``newsledger.extract.counts`` (with ``predicates`` and
``victims``) and the tally in ``newsledger.extract.casualties``; this module
registers them as the ``counts`` extractor, which adds ``counts``, ``money``
and ``casualties`` to every article.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from newsledger.extract import Extractor, Rows, register
from newsledger.extract.casualties import tally_casualties
from newsledger.extract.counts import Count, Money, find_counts, headline_casualties
from newsledger.extract.claim_records import claim_containing, claim_id
from newsledger.extract.time_records import time_id
from newsledger.model import AnalysedArticle, Span, content_hash

SCHEMA = """
CREATE TABLE IF NOT EXISTS money (
    id          TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text        TEXT NOT NULL,     -- "US$3.5 billion"
    currency    TEXT,              -- ISO 4217: USD
    value       REAL, min REAL, max REAL,
    qualifier   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS money_article ON money(article_id);

-- The article's best estimate for its main incident, as an ACLED coder would fill it.
CREATE TABLE IF NOT EXISTS casualties (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    category    TEXT NOT NULL,     -- killed | injured | missing
    value       REAL,              -- NULL when the article says some but not how many
    qualifier   TEXT NOT NULL,
    counts      TEXT NOT NULL,     -- JSON list of counts.id the estimate rests on
    basis       TEXT NOT NULL DEFAULT 'text',  -- text | headline (the headline's figure, the body's counts aside)
    headline    TEXT,              -- basis headline: JSON list of {phrase, title_start, title_end} (into articles.title)
    PRIMARY KEY (article_id, category)
);
"""

def extract(analysed: AnalysedArticle, found: dict[str, Any]) -> dict[str, Any]:
    counts, money = find_counts(analysed, found.get("times"))
    # The headline given with the article (JSONL or HTML title); one found in a text dump is a line of
    # the article's own text, whose counts are already among ``counts``.
    casualties = headline_casualties(analysed.article.item.title, tally_casualties(counts))
    return {"counts": counts, "money": money, "casualties": casualties}


def count_id(article_id: str, count: Count) -> str:
    return content_hash(f"{article_id}|count|{count.span.start}|{count.span.end}|{count.category}|{count.basis}")


def to_rows(article_id: str, found: dict[str, Any]) -> Rows:
    counts: list[Count] = found["counts"]
    ids = {id(c): count_id(article_id, c) for c in counts}
    rows = [_count_row(ids[id(c)], article_id, c) for c in counts]
    claims = found.get("claims") or []
    for count, row in zip(counts, rows):
        holder = claim_containing(claims, count.span)
        row["claim_id"] = claim_id(article_id, holder) if holder else None
    money = [_money_row(article_id, m) for m in found["money"]]
    casualties = [
        {"article_id": article_id, "category": category, "value": tally.value, "qualifier": tally.qualifier,
         "counts": json.dumps([ids[id(c)] for c in tally.counts if id(c) in ids]), "basis": tally.basis,
         "headline": json.dumps([_title_phrase(p) for p in tally.headline]) if tally.headline else None}
        for category, tally in found["casualties"].items() if tally is not None
    ]
    return {"counts": _unique(rows), "money": _unique(money), "casualties": casualties}


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


def _count_row(cid: str, article_id: str, c: Count) -> dict[str, Any]:
    return {
        "id": cid, "article_id": article_id, "start": c.span.start, "end": c.span.end, "text": c.span.text,
        "category": c.category, "subject": c.subject, "value": c.value, "min": c.min, "max": c.max,
        "qualifier": c.qualifier, "basis": c.basis,
        "number_start": c.number.start if c.number else None, "number_end": c.number.end if c.number else None,
        "number_text": c.number.text if c.number else None, "location": c.location,
        "when_start": c.when.start if c.when else None, "when_end": c.when.end if c.when else None,
        "when_text": c.when.text if c.when else None,
        "time_id": time_id(article_id, c.when.start, c.when.end) if c.when and c.when_value else None,
        "source_start": c.source.start if c.source else None, "source_end": c.source.end if c.source else None,
        "source_text": c.source.text if c.source else None, "status": c.status, "scope": c.scope,
        "sentence_start": c.sentence.start, "sentence_end": c.sentence.end,
    }


def _money_row(article_id: str, m: Money) -> dict[str, Any]:
    return {"id": content_hash(f"{article_id}|money|{m.span.start}|{m.span.end}"), "article_id": article_id,
            "start": m.span.start, "end": m.span.end, "text": m.span.text, "currency": m.currency,
            "value": m.value, "min": m.min, "max": m.max, "qualifier": m.qualifier}


def _span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    return None if start is None else {"text": text, "start": start, "end": end}


def _when(row: sqlite3.Row) -> dict[str, Any] | None:
    """The count's time phrase, with its TIMEX3 value when it is a normalised time expression."""
    when = _span(row["when_text"], row["when_start"], row["when_end"])
    if when is not None and row["when_value"] is not None:
        when.update({"value": row["when_value"], "type": row["when_type"]})
    return when


def count_record(row: sqlite3.Row, article_start: int, article_text: str) -> dict[str, Any]:
    """A stored count as it appears in the export (spans as {text, start, end})."""
    sentence = article_text[row["sentence_start"] - article_start:row["sentence_end"] - article_start]
    return {
        "id": row["id"], "text": row["text"], "start": row["start"], "end": row["end"],
        "category": row["category"], "subject": row["subject"], "value": row["value"], "min": row["min"],
        "max": row["max"], "qualifier": row["qualifier"], "basis": row["basis"],
        "number": _span(row["number_text"], row["number_start"], row["number_end"]),
        "location": row["location"], "when": _when(row),
        "source": _span(row["source_text"], row["source_start"], row["source_end"]),
        "claim": row["claim_id"], "status": row["status"], "scope": row["scope"],
        "sentence": {"text": sentence, "start": row["sentence_start"], "end": row["sentence_end"]},
    }


def export(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    conn_rows = conn.cursor()
    conn_rows.row_factory = sqlite3.Row
    start, text = conn.execute("SELECT start, text FROM articles WHERE id = ?", (article_id,)).fetchone()
    counts = [count_record(r, start, text) for r in conn_rows.execute(
        'SELECT c.*, t.value AS when_value, t.type AS when_type FROM counts c LEFT JOIN times t ON t.id = c.time_id '
        'WHERE c.article_id = ? ORDER BY c.start, c."end"', (article_id,))]
    money = [
        {"id": r["id"], "text": r["text"], "start": r["start"], "end": r["end"], "currency": r["currency"],
         "value": r["value"], "min": r["min"], "max": r["max"], "qualifier": r["qualifier"]}
        for r in conn_rows.execute('SELECT * FROM money WHERE article_id = ? ORDER BY start', (article_id,))
    ]
    by_id = {c["id"]: c for c in counts}
    casualties: dict[str, Any] = {"killed": None, "injured": None, "missing": None}
    for r in conn_rows.execute("SELECT * FROM casualties WHERE article_id = ?", (article_id,)):
        casualties[r["category"]] = {
            "value": r["value"], "qualifier": r["qualifier"],
            "counts": [{"text": by_id[i]["text"], "start": by_id[i]["start"], "end": by_id[i]["end"]}
                       for i in json.loads(r["counts"]) if i in by_id],
            "basis": r["basis"], "headline": json.loads(r["headline"]) if r["headline"] else None,
        }
    return {"counts": counts, "casualties": casualties, "money": money}


register(
    Extractor(
        name="counts",
        adds=("counts", "money", "casualties"),
        extract=extract,
        schema=SCHEMA,
        to_rows=to_rows,
        export=export,
    )
)
