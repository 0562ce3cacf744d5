"""Exports: JSONL (the public contract, one object per article), CSV, counts CSV and ACLED-style CSV.

A thin face over ``Ledger``'s read methods: every line of the JSONL is one
``newsledger.records.Article`` as JSON, with its ``schema_version``; the
JSON Schema ``newsledger schema`` prints describes it. Fields are only ever
added. Every span is ``{"text", "start", "end"}`` with offsets into the
item's text, so ``item_text[start:end] == text`` always holds.
"""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, TextIO

from newsledger.extract.events.cues import NOT_ACLED
from newsledger.terminal import json_visible

if TYPE_CHECKING:
    from newsledger.ledger import Ledger

CSV_COLUMNS = [
    "id",
    "item",
    "start",
    "end",
    "title",
    "kicker",
    "published",
    "outlet",
    "url",
    "author",
    "truncated",
    "entities",
    "story",
    "copy_of",
    "language",
    # added with export schema 1.3, at the end so the old columns keep their places
    "not_article",
]
COUNT_CSV_COLUMNS = [
    "article",
    "item",
    "category",
    "value",
    "min",
    "max",
    "qualifier",
    "basis",
    "subject",
    "location",
    "when",
    "source",
    "status",
    "scope",
    "start",
    "end",
    "text",
    "sentence",
    # added with export schema 1.2; new columns go at the end so the old ones keep their places
    "confirmation",
    "disease",
]
ACLED_COLUMNS = [
    "event_date",
    "event_type",
    "actor1",
    "actor2",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "source",
    "notes",
    "story",
    "time_precision",
    # added with export schema 1.4; new columns go at the end so the old ones keep their places
    "sub_event_type",
]


def write_jsonl(ledger: Ledger, out: TextIO) -> int:
    """One JSON object per article; returns how many.

    Text is written as UTF-8, not ``\\u`` escapes, except the characters a
    terminal could obey (C1 controls, bidi overrides): those are escaped, so
    ``newsledger export | less`` shows the data without running it; the
    values read back are the same."""
    count = 0
    for record in ledger.records():
        out.write(json_visible(json.dumps(record.export(), ensure_ascii=False)) + "\n")
        count += 1
    return count


def write_csv(ledger: Ledger, out: TextIO) -> int:
    """One row per article: its own fields and its entities' names."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for record in ledger.records():
        writer.writerow(
            {
                "id": record.id,
                "item": cell(record.item),
                "start": record.span[0],
                "end": record.span[1],
                "title": cell(record.title),
                "kicker": cell(record.kicker.text if record.kicker else None),
                "published": record.published or "",
                "outlet": cell(record.outlet),
                "url": cell(record.url),
                "author": cell(record.author),
                "truncated": "true" if record.truncated else "false",
                "entities": cell("; ".join(f"{e.name} ({e.type})" for e in record.entities)),
                "story": record.story or "",
                "copy_of": record.copy_of or "",
                "language": record.language or "",
                "not_article": cell(record.not_article),
            }
        )
        count += 1
    return count


def write_counts_csv(ledger: Ledger, out: TextIO) -> int:
    """One row per count, with the sentence it comes from and who the sentence attributes it to."""
    writer = csv.DictWriter(out, fieldnames=COUNT_CSV_COLUMNS)
    writer.writeheader()
    rows = 0
    for record in ledger.records():
        for count in record.counts:
            writer.writerow(
                {
                    "article": record.id,
                    "item": cell(record.item),
                    "category": count.category,
                    "value": count.value,
                    "min": count.min,
                    "max": count.max,
                    "qualifier": count.qualifier,
                    "basis": count.basis,
                    "subject": cell(count.subject),
                    "location": cell(count.location),
                    "when": cell(count.when.text if count.when else None),
                    "source": cell(count.source.text if count.source else None),
                    "status": count.status,
                    "scope": count.scope,
                    "start": count.start,
                    "end": count.end,
                    "text": cell(count.text),
                    "sentence": cell(" ".join(count.sentence.text.split())),
                    "confirmation": count.confirmation or "",
                    "disease": cell(count.disease),
                }
            )
            rows += 1
    return rows


def write_acled_csv(ledger: Ledger, out: TextIO) -> int:
    """One ACLED-style row per story whose event ACLED codes (ACLED's columns, plus the story id to trace
    it back). A story of a fire, a crime or diplomacy (event type "none") has no row: it is no event of
    ACLED's, and the JSONL ``events`` of its articles say what it is."""
    writer = csv.writer(out)
    writer.writerow(ACLED_COLUMNS)
    written = 0
    for event in ledger.events():
        if event.event_type == NOT_ACLED:
            continue
        writer.writerow(
            [
                event.event_date or "",
                event.event_type,
                cell(event.actor1),
                cell(event.actor2),
                cell(event.location),
                "" if event.latitude is None else event.latitude,
                "" if event.longitude is None else event.longitude,
                event.fatalities,
                cell("; ".join(event.sources)),
                cell(event.notes),
                event.story_id,
                "" if event.time_precision is None else event.time_precision,
                cell(event.sub_event_type),
            ]
        )
        written += 1
    return written


def cell(text: str | None) -> str:
    """Article text in a spreadsheet cell: a leading = + - @ (after spaces too), tab or carriage return
    would run as a formula, so it is quoted (OWASP's CSV injection advice)."""
    text = text or ""
    risky = text[:1] in ("\t", "\r") or text.lstrip()[:1] in ("=", "+", "-", "@")
    return "'" + text if risky else text
