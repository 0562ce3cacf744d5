"""The entities and mentions tables: how an article's entities are stored and read back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from newsledger.extract import ArticleText, Migration, Rows
from newsledger.model import Entity, content_hash
from newsledger.records import Entity as EntityRecord
from newsledger.records import Span
from newsledger.sql import chunks, marks

SCHEMA = """
-- Named entities of one article, each with all its mentions (filled by the "entities" extractor).
CREATE TABLE IF NOT EXISTS entities (
    id          TEXT PRIMARY KEY,   -- stable: hash of article id, type, name and first mention
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    name        TEXT NOT NULL,      -- canonical name within the article
    type        TEXT NOT NULL,      -- spaCy label: PERSON, ORG, GPE, NORP, FAC, LOC, ...
    aliases     TEXT NOT NULL       -- JSON list of the distinct mention texts
);
CREATE INDEX IF NOT EXISTS entities_article ON entities(article_id);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name);
-- Every mention of an entity, with its offsets.
CREATE TABLE IF NOT EXISTS mentions (
    entity_id   TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,  -- the entity mentioned
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the article it is in
    start       INTEGER NOT NULL,   -- character offset into the item's text
    "end"       INTEGER NOT NULL,   -- character offset into the item's text, exclusive
    text        TEXT NOT NULL,      -- the mention as written
    label       TEXT NOT NULL,      -- the label spaCy gave this mention
    PRIMARY KEY (article_id, start, "end")
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
"""

#: spaCy labels of places (GPE, LOC, FAC), which a place filter matches.
PLACE_TYPES = ("GPE", "LOC", "FAC")


def entity_id(article_id: str, entity: Entity) -> str:
    """Stable id of an article's entity: the same article analysed again gives the same ids."""
    return content_hash(f"{article_id}|{entity.type}|{entity.name}|{entity.mentions[0].span.start}", 16)


class EntityTable:
    """The entities and mentions tables."""

    tables: tuple[str, ...] = ("entities", "mentions")
    schema = SCHEMA
    migrations: Mapping[str, Migration] = {}

    def to_rows(self, article_id: str, found: Mapping[str, Any]) -> Rows:
        entities: list[dict[str, Any]] = []
        mentions: list[dict[str, Any]] = []
        for entity in found["entities"]:
            eid = entity_id(article_id, entity)
            entities.append(
                {
                    "id": eid,
                    "article_id": article_id,
                    "name": entity.name,
                    "type": entity.type,
                    "aliases": json.dumps(entity.aliases, ensure_ascii=False),
                }
            )
            mentions.extend(
                {
                    "entity_id": eid,
                    "article_id": article_id,
                    "start": mention.span.start,
                    "end": mention.span.end,
                    "text": mention.span.text,
                    "label": mention.label,
                }
                for mention in entity.mentions
            )
        return {"entities": entities, "mentions": mentions}

    def read(self, conn: sqlite3.Connection, article: ArticleText, found: Mapping[str, Any]) -> dict[str, Any]:
        rows = conn.execute(
            'SELECT e.id, e.name, e.type, m.text, m.start, m."end" FROM entities e '
            "JOIN mentions m ON m.entity_id = e.id WHERE e.article_id = ? ORDER BY m.start",
            (article.id,),
        )
        entities: dict[str, dict[str, Any]] = {}
        for eid, name, etype, text, start, end in rows:
            entry = entities.setdefault(eid, {"id": eid, "name": name, "type": etype, "mentions": []})
            entry["mentions"].append(Span(text=text, start=start, end=end))
        return {"entities": [EntityRecord(**entry) for entry in entities.values()]}


def entity_counts(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, int]:
    """How many entities each of these articles has."""
    found: dict[str, int] = {}
    for chunk in chunks(article_ids):
        found.update(
            conn.execute(
                f"SELECT article_id, count(*) FROM entities WHERE article_id IN ({marks(chunk)}) GROUP BY article_id",
                chunk,
            ).fetchall()
        )
    return found


def type_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """How many entities of each type the ledger holds, the commonest first."""
    return conn.execute("SELECT type, count(*) AS n FROM entities GROUP BY type ORDER BY n DESC").fetchall()


def articles_naming(article_column: str, types: Sequence[str] | None = None) -> str:
    """SQL that is true when the article in ``article_column`` has an entity whose name is LIKE the one
    parameter it takes (escaped with backslash); only entities of ``types`` when given."""
    kinds = f" AND e.type IN ({', '.join(repr(t) for t in types)})" if types else ""
    return (
        f"EXISTS (SELECT 1 FROM entities e WHERE e.article_id = {article_column}{kinds} AND e.name LIKE ? ESCAPE '\\')"
    )


TABLE = EntityTable()
