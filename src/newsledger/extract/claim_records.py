"""How attributed claims are found per article, stored and exported.

Registered as the ``claims`` extractor, after entities (speakers resolve to
them) and times (a claim's ``when``), before counts (a count links to the
claim whose content holds it).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from newsledger.extract import Extractor, Rows, register
from newsledger.extract.claims import Claim, find_claims
from newsledger.extract.entities import entity_id
from newsledger.extract.time_records import time_id
from newsledger.model import AnalysedArticle, Span, content_hash


def extract(analysed: AnalysedArticle, found: dict[str, Any]) -> dict[str, Any]:
    return {"claims": find_claims(analysed, found.get("entities"), found.get("times"))}


def claim_id(article_id: str, claim: Claim) -> str:
    return content_hash(f"{article_id}|claim|{claim.cue.start}|{claim.start}|{claim.end}|{claim.stance}")


def claim_containing(claims: list[Claim], span: Span) -> Claim | None:
    """The claim whose content holds ``span`` (the narrowest, when claims nest)."""
    holders = [c for c in claims if any(p.start <= span.start and span.end <= p.end for p in c.content)]
    return min(holders, key=lambda c: sum(p.end - p.start for p in c.content), default=None)


def _columns(prefix: str, span: Span | None) -> dict[str, Any]:
    return {f"{prefix}_start": span.start if span else None, f"{prefix}_end": span.end if span else None,
            f"{prefix}_text": span.text if span else None}


def to_rows(article_id: str, found: dict[str, Any]) -> Rows:
    rows: dict[str, dict[str, Any]] = {}
    for claim in found["claims"]:
        first = claim.content[0] if claim.content else None
        row = {
            "id": claim_id(article_id, claim), "article_id": article_id, "start": claim.start, "end": claim.end,
            **_columns("source", claim.source), "speaker": claim.speaker,
            "speaker_entity": entity_id(article_id, claim.speaker_entity) if claim.speaker_entity else None,
            "anonymous": int(claim.anonymous), **_columns("cue", claim.cue),
            "content_start": first.start if first else None,
            "content_end": claim.content[-1].end if first else None,
            "content_text": " … ".join(p.text for p in claim.content) if first else None,
            "content_spans": json.dumps([[p.start, p.end] for p in claim.content]),
            "kind": claim.kind, "stance": claim.stance, **_columns("channel", claim.channel),
            **_columns("audience", claim.audience), **_columns("when", claim.when),
            "time_id": time_id(article_id, claim.when.start, claim.when.end) if claim.when else None,
            "confidence": claim.confidence,
            "sentence_start": claim.sentence.start if claim.sentence else claim.start,
            "sentence_end": claim.sentence.end if claim.sentence else claim.end,
        }
        rows.setdefault(row["id"], row)
    return {"claims": list(rows.values())}


def _span(row: sqlite3.Row, prefix: str) -> dict[str, Any] | None:
    if row[f"{prefix}_start"] is None:
        return None
    return {"text": row[f"{prefix}_text"], "start": row[f"{prefix}_start"], "end": row[f"{prefix}_end"]}


def claim_record(row: sqlite3.Row, item_text: str) -> dict[str, Any]:
    """A stored claim as it appears in the export; every span is {text, start, end}."""
    content = [{"text": item_text[s:e], "start": s, "end": e} for s, e in json.loads(row["content_spans"])]
    when = _span(row, "when")
    if when is not None and row["when_value"] is not None:
        when["value"] = row["when_value"]
    return {
        "id": row["id"], "source": _span(row, "source"), "speaker": row["speaker"],
        "speaker_entity": row["speaker_entity"], "anonymous": bool(row["anonymous"]), "cue": _span(row, "cue"),
        "content": content or None, "kind": row["kind"], "stance": row["stance"],
        "channel": _span(row, "channel"), "audience": _span(row, "audience"), "when": when,
        "confidence": row["confidence"],
        "sentence": {"text": item_text[row["sentence_start"]:row["sentence_end"]], "start": row["sentence_start"],
                     "end": row["sentence_end"]},
    }


def export(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    item_text = conn.execute("SELECT i.text FROM articles a JOIN items i ON i.id = a.item_id WHERE a.id = ?",
                             (article_id,)).fetchone()[0]
    rows = cursor.execute(
        "SELECT c.*, t.value AS when_value FROM claims c LEFT JOIN times t ON t.id = c.time_id "
        "WHERE c.article_id = ? ORDER BY c.start, c.cue_start", (article_id,))
    return {"claims": [claim_record(row, item_text) for row in rows]}


register(
    Extractor(
        name="claims",
        adds=("claims",),
        extract=extract,
        schema="",
        to_rows=to_rows,
        export=export,
    )
)
