"""Datasette metadata for a ledger, read from the comments of the schema itself.

Every table and view is preceded by a ``--`` line saying what it holds, and
every column is followed by a ``--`` comment saying what it means. This
module turns those into Datasette's metadata (``datasette newsledger.db -m
metadata.json``), so the explanation a reader sees is the one the schema's
author wrote, and a column without one is caught by the tests.
"""

from __future__ import annotations

import re
from typing import Any

from newsledger.extract import extractors
from newsledger.store.schema import CORE_SCHEMA, LINK_SCHEMA

_CREATE = re.compile(r"^CREATE (?:VIRTUAL )?(TABLE|VIEW) (?:IF NOT EXISTS )?(\w+)")
_COLUMN = re.compile(r'^\s+"?(\w+)"?\s+(?:TEXT|INTEGER|REAL)\b[^-]*--\s*(.+)$')
_VIEW_COLUMN = re.compile(r"\bAS (\w+),?\s*--\s*(.+)$")

#: The full-text table's columns, which FTS5's declaration cannot carry comments for.
FTS_COLUMNS = {
    "article_id": "the article (articles.id)",
    "title": "the article's title, searchable",
    "kicker": "the article's kicker, searchable",
    "body": "the article's text as analysed (kicker and boilerplate blanked out), searchable",
}


def schema_texts() -> list[str]:
    """The DDL of a ledger in the order it is created: core, each kind of fact, link."""
    return [CORE_SCHEMA, *(e.table.schema for e in extractors()), LINK_SCHEMA]


def describe(sql: str) -> dict[str, dict[str, Any]]:
    """Table (or view) name -> {"description", "columns": {name: description}} from commented DDL."""
    found: dict[str, dict[str, Any]] = {}
    comment: list[str] = []
    current: dict[str, Any] | None = None
    for line in sql.splitlines():
        stripped = line.strip()
        created = _CREATE.match(stripped)
        if created:
            current = found.setdefault(created[2], {"description": " ".join(comment), "columns": {}})
            if created[2] == "articles_fts":
                current["columns"].update(FTS_COLUMNS)
            comment = []
            continue
        if stripped.startswith("--"):
            comment.append(stripped.lstrip("- ").strip())
            continue
        comment = [] if stripped else comment
        if current is None:
            continue
        column = _COLUMN.match(line) or _VIEW_COLUMN.search(line)
        if column:
            current["columns"][column[1]] = column[2].strip()
        if stripped.endswith(";"):
            current = None
    return found


def datasette_metadata(database: str = "newsledger") -> dict[str, Any]:
    """Datasette's metadata for a ledger named ``database`` (its file name without .db)."""
    tables: dict[str, dict[str, Any]] = {}
    for sql in schema_texts():
        tables.update(describe(sql))
    for name, table in tables.items():
        if name.endswith("_with_sentences"):  # a view: its own columns, then those of the table it extends
            base = tables.get(name.removesuffix("_with_sentences"), {}).get("columns", {})
            table["columns"] = {**base, **table["columns"]}
    return {
        "title": "newsledger",
        "description": "Who said what, what happened, how many, where and when, from news text: every fact "
        "with its source and its character offsets into items.text.",
        "databases": {database: {"tables": tables}},
    }
