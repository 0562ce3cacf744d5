"""The claims table: how an article's attributed claims are stored, read back and listed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from newsledger.extract import ArticleText, Migration, Rows
from newsledger.extract.claims.rules import Claim
from newsledger.extract.entities.table import articles_naming, entity_id
from newsledger.extract.intervals import Intervals
from newsledger.extract.times.table import resolved_sql, time_id, time_values, value_sql, values_by_id
from newsledger.model import Span, content_hash
from newsledger.records import Claim as ClaimRecord
from newsledger.records import Span as SpanRecord
from newsledger.records import WhenSpan
from newsledger.sql import fetch_rows, like_pattern, marks, prefix_pattern

SCHEMA = """
-- Attributed claims: who said what, how, through which channel (filled by the "claims" extractor).
CREATE TABLE IF NOT EXISTS claims (
    id             TEXT PRIMARY KEY,  -- hash of article id, cue, extent and stance
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    start          INTEGER NOT NULL,  -- offset of the first of its spans into the item's text
    "end"          INTEGER NOT NULL,  -- offset of the end of the last of its spans
    source_start   INTEGER,           -- who it is attributed to, as written; NULL for an unattributed cue
    source_end     INTEGER,           -- end of the source
    source_text    TEXT,              -- the source as written: "Ryder", "the ministry", "officials"
    speaker        TEXT,              -- canonical name of the entity the source refers to
    speaker_entity TEXT,              -- entities.id of that entity
    anonymous      INTEGER NOT NULL,  -- 1 for unnamed sources ("officials", "a local official")
    cue_start      INTEGER NOT NULL,  -- the cue: "said", "according to", "declined to comment"
    cue_end        INTEGER NOT NULL,  -- end of the cue
    cue_text       TEXT NOT NULL,     -- the cue as written
    content_start  INTEGER,           -- start of what was said; NULL for a non-answer
    content_end    INTEGER,           -- end of what was said
    content_text   TEXT,              -- what was said, its pieces joined by " … "
    content_spans  TEXT NOT NULL,     -- JSON [[start, end], ...] when the content is in pieces
    kind           TEXT NOT NULL,     -- direct | indirect | mixed | none
    stance         TEXT NOT NULL,     -- assert | belief | pledge | confirm | deny | no_comment | refer | allege | no_number
    channel_start  INTEGER,           -- the channel: "in a public post on Telegram"
    channel_end    INTEGER,           -- end of the channel
    channel_text   TEXT,              -- the channel as written
    audience_start INTEGER,           -- the audience: "reporters"
    audience_end   INTEGER,           -- end of the audience
    audience_text  TEXT,              -- the audience as written
    when_start     INTEGER,           -- the time of the saying: "on Monday"
    when_end       INTEGER,           -- end of the time phrase
    when_text      TEXT,              -- the time phrase as written
    time_id        TEXT,              -- times.id of that time expression
    confidence     REAL NOT NULL,     -- how sure the finder is: rules 0.6-0.9, the learnt tagger's cues 0.5
    sentence_start INTEGER NOT NULL,  -- the sentence the cue is in
    sentence_end   INTEGER NOT NULL   -- end of that sentence
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker);
DROP VIEW IF EXISTS claims_with_sentences;
-- Each claim with the sentence it is in, its article's date and outlet, and the date of the saying.
CREATE VIEW claims_with_sentences AS SELECT
    c.*,
    substr(i.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence,  -- the sentence the cue is in
    a.published AS published,  -- the article's publication date
    a.outlet AS outlet,  -- the article's outlet
    {when_value} AS when_value  -- TIMEX3 value of the time of the saying
FROM claims c JOIN articles a ON a.id = c.article_id JOIN items i ON i.id = a.item_id;
"""


SCHEMA = SCHEMA.replace("{when_value}", value_sql("c.time_id"))


def claim_id(article_id: str, claim: Claim) -> str:
    """Stable id of an article's claim."""
    return content_hash(f"{article_id}|claim|{claim.cue.start}|{claim.start}|{claim.end}|{claim.stance}")


def claim_containing(claims: list[Claim], span: Span) -> Claim | None:
    """The claim whose content holds ``span`` (the narrowest, when claims nest)."""
    holders = [c for c in claims if any(p.start <= span.start and span.end <= p.end for p in c.content)]
    return min(holders, key=_content_size, default=None)


def content_holder(claims: list[Claim]) -> Callable[[Span], Claim | None]:
    """``claim_containing`` for many spans of one article: the claims' contents are read once and looked
    up by where they lie, not scanned for every span (the square of a long article's length)."""
    contents = Intervals((p.start, p.end, c) for c in claims for p in c.content)

    def holder(span: Span) -> Claim | None:
        return min(contents.holding(span.start, span.end), key=_content_size, default=None)

    return holder


def _content_size(claim: Claim) -> int:
    return sum(p.end - p.start for p in claim.content)


def _columns(prefix: str, span: Span | None) -> dict[str, Any]:
    return {
        f"{prefix}_start": span.start if span else None,
        f"{prefix}_end": span.end if span else None,
        f"{prefix}_text": span.text if span else None,
    }


class ClaimTable:
    """The claims table."""

    tables: tuple[str, ...] = ("claims",)
    schema = SCHEMA
    #: Version 1 laid out an empty claims table with fewer columns; nothing filled it.
    migrations: Mapping[str, Migration] = {"1": "DROP TABLE IF EXISTS claims;"}

    def to_rows(self, article_id: str, found: Mapping[str, Any]) -> Rows:
        by_id: dict[str, dict[str, Any]] = {}
        for claim in found["claims"]:
            row = _row(article_id, claim)
            by_id.setdefault(row["id"], row)
        return {"claims": list(by_id.values())}

    def read(self, conn: sqlite3.Connection, article: ArticleText, found: Mapping[str, Any]) -> dict[str, Any]:
        listed = fetch_rows(conn, "SELECT * FROM claims WHERE article_id = ? ORDER BY start, cue_start", (article.id,))
        values = time_values(conn, article.id, found.get("times"))
        return {"claims": [claim_record(row, article.item_text, values) for row in listed]}


def _row(article_id: str, claim: Claim) -> dict[str, Any]:
    first = claim.content[0] if claim.content else None
    return {
        "id": claim_id(article_id, claim),
        "article_id": article_id,
        "start": claim.start,
        "end": claim.end,
        **_columns("source", claim.source),
        "speaker": claim.speaker,
        "speaker_entity": entity_id(article_id, claim.speaker_entity) if claim.speaker_entity else None,
        "anonymous": int(claim.anonymous),
        **_columns("cue", claim.cue),
        "content_start": first.start if first else None,
        "content_end": claim.content[-1].end if first else None,
        "content_text": " … ".join(p.text for p in claim.content) if first else None,
        "content_spans": json.dumps([[p.start, p.end] for p in claim.content]),
        "kind": claim.kind,
        "stance": claim.stance,
        **_columns("channel", claim.channel),
        **_columns("audience", claim.audience),
        **_columns("when", claim.when),
        "time_id": time_id(article_id, claim.when.start, claim.when.end) if claim.when else None,
        "confidence": claim.confidence,
        "sentence_start": claim.sentence.start if claim.sentence else claim.start,
        "sentence_end": claim.sentence.end if claim.sentence else claim.end,
    }


def _span(row: sqlite3.Row, prefix: str) -> SpanRecord | None:
    if row[f"{prefix}_start"] is None:
        return None
    return SpanRecord(text=row[f"{prefix}_text"], start=row[f"{prefix}_start"], end=row[f"{prefix}_end"])


def claim_record(row: sqlite3.Row, item_text: str, values: Mapping[str, tuple[str, str]]) -> ClaimRecord:
    """A stored claim as a record; ``values`` are the article's time expressions' (value, type) by id."""
    content = [SpanRecord(text=item_text[s:e], start=s, end=e) for s, e in json.loads(row["content_spans"])]
    when = None
    if row["when_start"] is not None:
        value = values.get(row["time_id"]) if row["time_id"] else None
        when = WhenSpan(
            text=row["when_text"], start=row["when_start"], end=row["when_end"], value=value[0] if value else None
        )
    cue = _span(row, "cue")
    assert cue is not None  # cue_start is NOT NULL
    return ClaimRecord(
        id=row["id"],
        article=row["article_id"],
        source=_span(row, "source"),
        speaker=row["speaker"],
        speaker_entity=row["speaker_entity"],
        anonymous=bool(row["anonymous"]),
        cue=cue,
        content=content or None,
        kind=row["kind"],
        stance=row["stance"],
        channel=_span(row, "channel"),
        audience=_span(row, "audience"),
        when=when,
        confidence=row["confidence"],
        sentence=SpanRecord(
            text=item_text[row["sentence_start"] : row["sentence_end"]],
            start=row["sentence_start"],
            end=row["sentence_end"],
        ),
    )


def list_claims(
    conn: sqlite3.Connection,
    *,
    speaker: str | None = None,
    article_prefix: str | None = None,
    stance: str | None = None,
    mentioning: str | None = None,
    dated: bool = False,
    limit: int | None = 100,
    offset: int = 0,
) -> list[ClaimRecord]:
    """Claims in the order they were stored and, within an article, in text order.

    ``speaker``: the speaker's name or the source as written contains it; ``article_prefix``: the
    article's id starts with it; ``mentioning``: the source, speaker, sentence or an entity of the
    article names it; ``dated``: only claims whose time expression resolved to a date; ``offset``: skip
    that many (pages).
    """
    sql = (
        "SELECT c.*, i.text AS item_text FROM claims c JOIN articles a ON a.id = c.article_id "
        "JOIN items i ON i.id = a.item_id WHERE 1 = 1"
    )
    params: list[Any] = []
    if speaker:
        sql += " AND (c.speaker LIKE ? ESCAPE '\\' OR c.source_text LIKE ? ESCAPE '\\')"
        params += [like_pattern(speaker)] * 2
    if article_prefix:
        sql += " AND c.article_id LIKE ? ESCAPE '\\'"
        params.append(prefix_pattern(article_prefix))
    if stance:
        sql += " AND c.stance = ?"
        params.append(stance)
    if mentioning:
        sql += (
            " AND (c.source_text LIKE ? ESCAPE '\\' OR c.speaker LIKE ? ESCAPE '\\' OR substr(i.text, "
            f"c.sentence_start + 1, c.sentence_end - c.sentence_start) LIKE ? ESCAPE '\\' OR "
            f"{articles_naming('c.article_id')})"
        )
        params += [like_pattern(mentioning)] * 4
    if dated:
        sql += f" AND c.time_id IS NOT NULL AND {resolved_sql('c.time_id')}"
    sql += " ORDER BY i.rowid, a.seq, c.start, c.cue_start LIMIT ? OFFSET ?"
    params += [-1 if limit is None else limit, offset]
    return _records(conn, sql, params)


def claims_by_speakers(
    conn: sqlite3.Connection, entity_ids: Sequence[str], limit: int = 20
) -> list[tuple[str | None, ClaimRecord]]:
    """The claims these article entities made, with their articles' publication dates, the earliest first."""
    if not entity_ids:
        return []
    listed = fetch_rows(
        conn,
        "SELECT c.*, i.text AS item_text, a.published AS published FROM claims c "
        "JOIN articles a ON a.id = c.article_id JOIN items i ON i.id = a.item_id "
        f"WHERE c.speaker_entity IN ({marks(entity_ids)}) ORDER BY a.published, c.start LIMIT ?",
        [*entity_ids, limit],
    )
    values = values_by_id(conn, [r["time_id"] for r in listed if r["time_id"]])
    return [(row["published"], claim_record(row, row["item_text"], values)) for row in listed]


def _records(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[ClaimRecord]:
    listed = fetch_rows(conn, sql, params)
    values = values_by_id(conn, [r["time_id"] for r in listed if r["time_id"]])
    return [claim_record(row, row["item_text"], values) for row in listed]


TABLE = ClaimTable()
