"""Store: SQLite by default, one transaction per item.

A failure or a kill in the middle of an item leaves the database as it was
before that item; a rerun picks up where the last one stopped, because items
and articles are keyed by content hashes and already-stored ones are skipped.
All SQL is parameterised: article text is untrusted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newsledger.extract import Extractor
from newsledger.model import Facts, Item
from newsledger.store.schema import CORE_SCHEMA, LINK_SCHEMA, MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "newsledger.db"


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if one is still open.

    A Ctrl-C can land right after SQLite has committed but before Python
    returns from ``COMMIT``; an unconditional ``ROLLBACK`` would then raise
    "no transaction is active" over the interrupt and print a traceback.
    """
    if conn.in_transaction:
        conn.execute("ROLLBACK")


class StoreError(RuntimeError):
    """The database file cannot be used (not SQLite, not writable, newer schema)."""


class Store:
    """A newsledger database file."""

    def __init__(self, path: str | Path = DEFAULT_DB, extractors: Sequence[Extractor] = (),
                 readonly: bool = False) -> None:
        """Open (and create or upgrade) a database; ``readonly`` opens an existing one without writing,
        so reading commands work on a read-only copy and never create a file from a mistyped name."""
        self.path = str(path)
        self.extractors = list(extractors)
        if self.path in ("", ":memory:") or self.path.startswith("file:"):
            raise StoreError(f"{self.path!r}: give the path of a database file")
        if readonly and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such database (newsledger ingest creates it)")
        try:
            if readonly:
                self.conn = sqlite3.connect(Path(self.path).resolve().as_uri() + "?mode=ro", uri=True,
                                            isolation_level=None, timeout=30)
                self._check_version()
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
                self.conn.execute("PRAGMA foreign_keys = ON")
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self._create_schema()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot use as a newsledger database ({error})") from None

    def _check_version(self) -> None:
        version = self._schema_version()
        if version != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"schema version {version}, this newsledger reads {SCHEMA_VERSION}; "
                                        "newsledger ingest upgrades it")

    def _create_schema(self) -> None:
        version = self._schema_version()
        step = version
        while step is not None and step != SCHEMA_VERSION:
            if step not in MIGRATIONS:
                raise sqlite3.DatabaseError(f"schema version {version}, this newsledger reads {SCHEMA_VERSION}")
            migration = MIGRATIONS[step]
            if callable(migration):
                migration(self.conn)
            else:
                self.conn.executescript(migration)
            step = str(int(step) + 1)
        self.conn.executescript(CORE_SCHEMA)
        for extractor in self.extractors:
            self.conn.executescript(extractor.schema)
        self.conn.executescript(LINK_SCHEMA)
        # A ledger linked before document frequencies were kept gets them from its postings.
        if not self.conn.execute("SELECT 1 FROM link_df LIMIT 1").fetchone():
            self.conn.execute("INSERT INTO link_df (term, df) SELECT term, count(*) FROM link_terms GROUP BY term")
        if version != SCHEMA_VERSION:
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                              (SCHEMA_VERSION,))

    def _schema_version(self) -> str | None:
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.conn.close()

    # -- writing ---------------------------------------------------------

    def has_item(self, item_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is not None

    def write_item(self, item: Item, facts: Sequence[Facts]) -> int:
        """Store an item and its articles' facts in one transaction; return new articles."""
        new = 0
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._insert_item(item)
            for seq, article_facts in enumerate(facts):
                new += self._insert_article(item, seq, article_facts)
            self.conn.execute("COMMIT")
        except BaseException:
            rollback(self.conn)
            raise
        return new

    def _insert_item(self, item: Item) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO items (id, source, path, line, format, title, published, outlet, url,"
            " author, text, raw, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item.id, item.source, item.path, item.line, item.format, item.title, item.published,
             item.outlet, item.url, item.author, item.text, item.raw,
             datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )

    def _insert_article(self, item: Item, seq: int, facts: Facts) -> int:
        article = facts.article
        if self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return 0
        kicker = article.kicker
        self.conn.execute(
            'INSERT INTO articles (id, item_id, seq, start, "end", title, kicker, kicker_start, kicker_end,'
            " published, outlet, url, truncated, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, item.id, seq, article.start, article.end, article.title,
             kicker.text if kicker else None, kicker.start if kicker else None,
             kicker.end if kicker else None, article.published, article.outlet, article.url,
             int(article.truncated), article.text),
        )
        self.conn.executemany(
            'INSERT INTO boilerplate (article_id, start, "end", text) VALUES (?, ?, ?, ?)',
            [(article.id, s.start, s.end, s.text) for s in article.boilerplate],
        )
        self.conn.execute(
            "INSERT INTO articles_fts (article_id, title, kicker, body) VALUES (?, ?, ?, ?)",
            (article.id, article.title or "", kicker.text if kicker else "", article.analysis_text),
        )
        for extractor in self.extractors:
            if extractor.name in facts.failed:
                continue
            for table, rows in extractor.to_rows(article.id, facts.found).items():
                self._insert_rows(table, rows)
        return 1

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})',  # names come from extractor code
            [tuple(row[c] for c in columns) for row in rows],
        )

    # -- reading ---------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params).fetchall()

    def counts(self) -> dict[str, int]:
        tables = ["items", "articles", "entities", "mentions", "claims", "counts", "times", "stories", "identities"]
        return {t: self.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

    def resolve_article_id(self, prefix: str) -> list[str]:
        """Article ids starting with ``prefix`` (users type short ids)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2", (escaped + "%",)
        ).fetchall()
        return [r[0] for r in rows]

    def article_rows(self, article_id: str | None = None) -> Iterator[sqlite3.Row]:
        """Articles with their item's source and text, in ingestion order."""
        sql = (
            "SELECT a.*, i.source AS item_source, i.text AS item_text, i.author AS author "
            "FROM articles a JOIN items i ON i.id = a.item_id "
            + ("WHERE a.id = ? " if article_id else "")
            + "ORDER BY i.rowid, a.seq"
        )
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        yield from cursor.execute(sql, (article_id,) if article_id else ())

    def boilerplate(self, article_id: str) -> list[sqlite3.Row]:
        return self.query('SELECT start, "end", text FROM boilerplate WHERE article_id = ? ORDER BY start', (article_id,))

    def search(self, query: str, limit: int = 20) -> list[sqlite3.Row]:
        """Full-text search (FTS5 syntax); falls back to a plain phrase on a syntax error."""
        sql = (
            "SELECT f.article_id, a.title, a.kicker, a.published, "
            "snippet(articles_fts, 3, char(2), char(3), '…', 14) AS snippet "
            "FROM articles_fts f JOIN articles a ON a.id = f.article_id "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        try:
            return self.query(sql, (query, limit))
        except sqlite3.OperationalError:
            phrase = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
            return self.query(sql, (phrase, limit)) if phrase else []

