"""Small helpers every module that speaks SQL shares: LIKE patterns and parameter lists.

Text from articles and from users is untrusted: it only ever reaches SQLite
as a parameter, and a LIKE pattern escapes its own % and _.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

#: Old SQLite builds take at most 999 parameters in one statement: long lists go in chunks.
CHUNK = 500


def escape_like(text: str) -> str:
    """``text`` taken literally in a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching ``text`` anywhere."""
    return "%" + escape_like(text) + "%"


def prefix_pattern(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching what starts with ``text``."""
    return escape_like(text) + "%"


def marks(values: Sequence[Any]) -> str:
    """One ``?`` per value, comma-separated, for ``IN (...)``."""
    return ",".join("?" * len(values))


def chunks(values: Sequence[T]) -> Iterator[list[T]]:
    """``values`` in lists of at most CHUNK."""
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


def fetch_rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    """The rows of a query, each readable by column name, without changing the connection's own row factory."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()
