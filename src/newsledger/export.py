"""Exports: JSONL (the public contract, one object per article) and CSV.

JSONL fields (fields are only ever added):

    id, item, span [start, end], title, kicker {text,start,end} | null,
    published, outlet, url, author, truncated, boilerplate [span],
    entities [{id, name, type, mentions [span], identity}],
    times, reference_date, claims, counts, money, casualties,
    story (the story's id) | null, copy_of (the article this one repeats) | null

Every span is ``{"text", "start", "end"}`` with offsets into the item's text,
so ``item_text[start:end] == text`` always holds.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from typing import Any, TextIO

from newsledger.store import Store

CSV_COLUMNS = [
    "id", "item", "start", "end", "title", "kicker", "published", "outlet", "url",
    "author", "truncated", "entities", "story", "copy_of",
]


def article_records(store: Store, article_id: str | None = None) -> Iterator[dict[str, Any]]:
    """One export record per article, in ingestion order."""
    for row in store.article_rows(article_id):
        yield article_record(store, row)


def article_record(store: Store, row: sqlite3.Row) -> dict[str, Any]:
    kicker = None
    if row["kicker"] is not None:
        kicker = {"text": row["kicker"], "start": row["kicker_start"], "end": row["kicker_end"]}
    record: dict[str, Any] = {
        "id": row["id"],
        "item": row["item_source"],
        "span": [row["start"], row["end"]],
        "title": row["title"],
        "kicker": kicker,
        "published": row["published"],
        "outlet": row["outlet"],
        "url": row["url"],
        "author": row["author"],
        "truncated": bool(row["truncated"]),
        "boilerplate": [
            {"text": b["text"], "start": b["start"], "end": b["end"]} for b in store.boilerplate(row["id"])
        ],
    }
    for extractor in store.extractors:
        record.update(extractor.export(store.conn, row["id"]))
    _add_links(store, record)
    return record


def _add_links(store: Store, record: dict[str, Any]) -> None:
    """The article's story, the article it copies, and each entity's corpus-wide identity."""
    link = store.conn.execute("SELECT story_id, copy_of FROM story_articles WHERE article_id = ?",
                              (record["id"],)).fetchone()
    record["story"], record["copy_of"] = (link[0], link[1]) if link else (None, None)
    identities = dict(store.conn.execute("SELECT entity_id, identity_id FROM entity_identities WHERE article_id = ?",
                                         (record["id"],)).fetchall())
    for entity in record.get("entities", []):
        entity["identity"] = identities.get(entity["id"])


def write_jsonl(store: Store, out: TextIO) -> int:
    count = 0
    for record in article_records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for record in article_records(store):
        writer.writerow(
            {
                "id": record["id"],
                "item": record["item"],
                "start": record["span"][0],
                "end": record["span"][1],
                "title": record["title"] or "",
                "kicker": record["kicker"]["text"] if record["kicker"] else "",
                "published": record["published"] or "",
                "outlet": record["outlet"] or "",
                "url": record["url"] or "",
                "author": record["author"] or "",
                "truncated": "true" if record["truncated"] else "false",
                "entities": "; ".join(f"{e['name']} ({e['type']})" for e in record.get("entities", [])),
                "story": record["story"] or "",
                "copy_of": record["copy_of"] or "",
            }
        )
        count += 1
    return count


COUNT_CSV_COLUMNS = [
    "article", "item", "category", "value", "min", "max", "qualifier", "basis", "subject", "location",
    "when", "source", "status", "scope", "start", "end", "text", "sentence",
]


def write_counts_csv(store: Store, out: TextIO) -> int:
    """One row per count, with the sentence it comes from and who the sentence attributes it to."""
    writer = csv.DictWriter(out, fieldnames=COUNT_CSV_COLUMNS)
    writer.writeheader()
    rows = 0
    for record in article_records(store):
        for count in record.get("counts", []):
            writer.writerow({
                "article": record["id"], "item": record["item"], "category": count["category"],
                "value": count["value"], "min": count["min"], "max": count["max"],
                "qualifier": count["qualifier"], "basis": count["basis"], "subject": count["subject"] or "",
                "location": count["location"] or "", "when": (count["when"] or {}).get("text", ""),
                "source": (count["source"] or {}).get("text", ""), "status": count["status"],
                "scope": count["scope"], "start": count["start"], "end": count["end"], "text": count["text"],
                "sentence": " ".join(count["sentence"]["text"].split()),
            })
            rows += 1
    return rows


def write_acled_csv(store: Store, out: TextIO) -> int:
    """One row per story's event in ACLED's columns (see ``newsledger.link.events``)."""
    from newsledger.link.events import write_acled

    return write_acled(store.conn, out)
