"""Store: SQLite by default, one transaction per item, and the queries that read it back as records.

A failure or a kill in the middle of an item leaves the database as it was
before that item; a rerun picks up where the last one stopped, because items
and articles are keyed by content hashes and already-stored ones are skipped.
All SQL is parameterised: article text is untrusted.

This package is the only place (with each kind's own ``table`` module) that
speaks SQL: the core tables here, the link tables in ``links``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsledger.extract import ArticleText, Extractor
from newsledger.model import Facts, Item
from newsledger.records import Article, ArticleSummary, SearchHit, SearchResults, SnippetPart, Span
from newsledger.sql import fetch_rows, prefix_pattern
from newsledger.store.links import LinkTables
from newsledger.store.schema import CORE_SCHEMA, LINK_SCHEMA, MIGRATIONS, SCHEMA_VERSION
from newsledger.store.transactions import (
    PROBLEMS,
    DatabaseFailure,
    StoreError,
    problem,
    result_code,
    rollback,
    write_transaction,
)
from newsledger.terminal import visible

__all__ = [
    "DEFAULT_DB",
    "DatabaseFailure",
    "QueryTooCostly",
    "Store",
    "StoreError",
    "StoredItem",
    "problem",
    "rollback",
]

DEFAULT_DB = "newsledger.db"

#: How long opening a ledger to write waits for another program's write lock before saying so. Another
#: newsledger ingest holds it for one item and its linking at a time (well under a second), so this rides
#: over those, yet a lock held for good (a sqlite3 shell inside a transaction, a backup tool) is told in
#: seconds, before any NLP work is done that could not be stored.
OPEN_WAIT_SECONDS = 5.0
#: How long a write during an ingest waits for the lock: the item in hand has had its NLP work done and a
#: concurrent writer's transactions are short, so it waits longer than the open does, then stops with one line.
WRITE_WAIT_SECONDS = 30.0
#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The tables every ledger since version 1 holds, beside a ``meta`` table with its schema version.
LEDGER_TABLES = frozenset({"meta", "items", "articles"})
#: Characters the full-text index gets as spaces: C0 controls, DEL and C1 controls.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: How many of a foreign file's tables a message names.
TABLES_NAMED = 8


@dataclass(frozen=True)
class StoredItem:
    """An item as stored: its id, where it came from, its whole text, and its articles."""

    id: str
    source: str
    text: str
    articles: list[str]


@dataclass(frozen=True)
class Contents:
    """What a database file holds, looked at before anything is written to it."""

    tables: list[str]  # its tables and views, by name
    version: str | None  # the schema version, when it is a newsledger ledger

    @property
    def shown_tables(self) -> str:
        """The first few tables' names, for a message."""
        names = ", ".join(visible(t, line=True) for t in self.tables[:TABLES_NAMED])
        more = len(self.tables) - TABLES_NAMED
        return names + (f" and {more} more" if more > 0 else "")


class QueryTooCostly(ValueError):
    """A full-text query asked for more work than a search may take (many prefix terms: ``a* OR b* ...``)."""


#: The oldest schema a reader takes as it is: versions 5, 6 and 7 only added columns that may be NULL or have
#: defaults (the language; a count's confirmation and disease; an article that is not one, what linking compares).
READABLE_FROM = "4"

#: A search that takes longer is stopped: a few short prefix queries must not tie up a server's workers.
SEARCH_BUDGET_SECONDS = 2.0
#: How often (in SQLite virtual machine steps) a search looks at the clock: rarely enough to cost nothing.
SEARCH_CHECK_EVERY = 100_000


class Store:
    """A newsledger database file."""

    def __init__(
        self, path: str | Path = DEFAULT_DB, extractors: Sequence[Extractor] = (), readonly: bool = False
    ) -> None:
        """Open a ledger; ``readonly`` opens an existing one without writing, so reading commands work on
        a read-only copy and never create a file from a mistyped name.

        Opening to write creates the ledger in a new or empty file, upgrades an older one, and makes sure
        it can be written (not locked by another program, not read-only) before anything else: an
        ingest finds out before its NLP work, not after. A file that is not a ledger, or a ledger this
        newsledger cannot read, is refused with ``StoreError`` and left as it was, byte for byte.
        """
        self.path = str(path)
        self.extractors = list(extractors)
        file = Path(self.path)
        if self.path in ("", ":memory:") or self.path.startswith("file:"):
            raise StoreError(f"{self.path!r}: give the path of a database file")
        if readonly and not file.exists():
            raise StoreError(f"{self.path}: no such database (newsledger ingest creates it)")
        self._check_file(file)
        try:
            if readonly:
                self.conn = _connect_read_only(file, timeout=30)
                self.links = LinkTables(self.conn, self.path)
                self._refuse(_contents(self.conn), readonly=True)
            else:
                self._open_for_writing(file)
        except sqlite3.Error as error:
            self._close_after_failure()
            raise StoreError(problem(self.path, error)) from None
        except BaseException:
            self._close_after_failure()
            raise

    # -- opening ---------------------------------------------------------

    def _check_file(self, file: Path) -> None:
        """A folder, or a file that is not SQLite (zero bytes is: a new database), is refused unread."""
        if file.is_dir():
            raise StoreError(f"{self.path}: is a folder; give the path of a database file")
        try:
            mode = os.stat(file).st_mode
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"{self.path}: cannot read it ({error.strerror})") from None
        if not stat.S_ISREG(mode):  # a FIFO would block the read below for ever; a device is no ledger
            raise StoreError(f"{self.path}: not a regular file; give the path of a database file")
        try:
            with file.open("rb") as opened:
                head = opened.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"{self.path}: cannot read it ({error.strerror})") from None
        if head and head != SQLITE_HEADER:
            raise StoreError(f"{self.path}: {PROBLEMS['NOTADB']}")

    def _open_for_writing(self, file: Path) -> None:
        """Look at what the file holds (through a read-only connection, which changes nothing), refuse what
        is not ours, make sure it can be written, then create or upgrade the ledger."""
        contents = Contents([], None)
        if file.exists():
            look = _connect_read_only(file, timeout=OPEN_WAIT_SECONDS)
            try:
                contents = _contents(look)
            finally:
                look.close()
            self._refuse(contents, readonly=False)
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=OPEN_WAIT_SECONDS)
        self.links = LinkTables(self.conn, self.path)
        self.conn.execute("PRAGMA foreign_keys = ON")
        if contents.version is not None:
            self._check_writable()
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        if contents.version is None:
            self._create_ledger()
        else:
            self._upgrade(contents.version)
        self.conn.execute(f"PRAGMA busy_timeout = {int(WRITE_WAIT_SECONDS * 1000)}")

    def _refuse(self, contents: Contents, readonly: bool) -> None:
        """StoreError unless the file is a ledger this newsledger can use (or, to write, an empty file)."""
        if not contents.tables:
            if readonly:
                raise StoreError(f"{self.path}: holds no ledger yet (newsledger ingest creates it)")
            return
        version = contents.version
        if version is None:
            raise StoreError(
                f"{self.path}: not a newsledger ledger (it holds tables: {contents.shown_tables}); give another --db"
            )
        if not re.fullmatch(r"[0-9]+", version) or int(version) < 1:  # ASCII digits: "４".isdigit() is true
            raise StoreError(
                f"{self.path}: schema version {visible(version, line=True)!r} is not one newsledger writes"
            )
        if int(version) > int(SCHEMA_VERSION):
            raise StoreError(
                f"{self.path}: made by a newer newsledger (schema version {version}; this one reads up to "
                f"{SCHEMA_VERSION}); upgrade newsledger to use it"
            )
        if int(version) < int(READABLE_FROM) and readonly:
            raise StoreError(
                f"{self.path}: made by an older newsledger (schema version {version}; this one reads "
                f"{READABLE_FROM} to {SCHEMA_VERSION}); ingest anything into it (newsledger ingest FILE --db "
                f"{self.path}) to upgrade it"
            )

    def _check_writable(self) -> None:
        """Take the write lock and write nothing: a lock another program holds (waited for up to
        ``OPEN_WAIT_SECONDS``) or a read-only file or disk shows here, as SQLite's error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("DELETE FROM meta WHERE 0")  # a write that changes nothing
        finally:
            rollback(self.conn)

    def _create_ledger(self) -> None:
        """Every table of a new ledger and its schema version, in one transaction: a failure or a kill
        leaves the file without tables, a new database again, never a half-made ledger."""
        script = ";\n".join([CORE_SCHEMA, *(e.table.schema for e in self.extractors), LINK_SCHEMA])
        try:
            self.conn.executescript(f"BEGIN IMMEDIATE;\n{script};\n")  # no COMMIT: the transaction stays open
            self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
            )
            self.conn.execute("COMMIT")
        except BaseException:
            rollback(self.conn)
            raise

    def _upgrade(self, version: str) -> None:
        """Bring a ledger of ``version`` up to this one's: migrations, then tables added since."""
        if version != SCHEMA_VERSION:
            self._migrate(version)
        self.conn.executescript(CORE_SCHEMA)
        for extractor in self.extractors:
            self.conn.executescript(extractor.table.schema)
        self.conn.executescript(LINK_SCHEMA)
        # A ledger linked before document frequencies were kept gets them from its postings.
        self.links.fill_document_frequencies()
        if version != SCHEMA_VERSION:
            self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
            )

    def _migrate(self, version: str) -> None:
        """Run every step from ``version`` up: the store's own, then each kind's, for each version in turn."""
        for step in map(str, range(int(version), int(SCHEMA_VERSION))):
            for migration in [MIGRATIONS.get(step)] + [e.table.migrations.get(step) for e in self.extractors]:
                if callable(migration):
                    migration(self.conn)
                elif migration:
                    self.conn.executescript(migration)

    def _close_after_failure(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the database, whatever a writer commits meanwhile (WAL keeps
        the snapshot): one page's list of articles and their facts agree."""
        if self.conn.in_transaction:  # already inside one
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    # -- writing ---------------------------------------------------------

    def has_item(self, item_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is not None

    def published_of(self, item_id: str) -> str | None:
        """The publication date a stored item was stored with (None: it gave none)."""
        row = self.conn.execute("SELECT published FROM items WHERE id = ?", (item_id,)).fetchone()
        return row[0] if row else None

    def item_with_other_text(self, source: str, text: str) -> str | None:
        """The first stored item that goes by ``source`` (a JSONL id, a file path) with a text other than
        ``text``, if any: another version of what is being read."""
        row = self.conn.execute(
            "SELECT id FROM items WHERE source = ? AND text != ? ORDER BY rowid LIMIT 1", (source, text)
        ).fetchone()
        return row[0] if row else None

    def write_item(self, item: Item, facts: Sequence[Facts]) -> int:
        """Store an item and its articles' facts in one transaction; return new articles."""
        new = 0
        with write_transaction(self.conn, self.path):
            self._insert_item(item)
            for seq, article_facts in enumerate(facts):
                new += self._insert_article(item, seq, article_facts)
        return new

    def _insert_item(self, item: Item) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO items (id, source, path, line, format, title, published, outlet, url,"
            " author, text, raw, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item.id,
                item.source,
                item.path,
                item.line,
                item.format,
                item.title,
                item.published,
                item.outlet,
                item.url,
                item.author,
                item.text,
                item.raw,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )

    def _insert_article(self, item: Item, seq: int, facts: Facts) -> int:
        article = facts.article
        if self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return 0
        kicker = article.kicker
        self.conn.execute(
            'INSERT INTO articles (id, item_id, seq, start, "end", title, kicker, kicker_start, kicker_end,'
            " published, outlet, url, truncated, text, language, not_article)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                item.id,
                seq,
                article.start,
                article.end,
                article.title,
                kicker.text if kicker else None,
                kicker.start if kicker else None,
                kicker.end if kicker else None,
                article.published,
                article.outlet,
                article.url,
                int(article.truncated),
                article.text,
                article.language,
                article.not_article,
            ),
        )
        self.conn.executemany(
            'INSERT INTO boilerplate (article_id, start, "end", text) VALUES (?, ?, ?, ?)',
            [(article.id, s.start, s.end, s.text) for s in article.boilerplate],
        )
        self.conn.execute(
            "INSERT INTO articles_fts (article_id, title, kicker, body) VALUES (?, ?, ?, ?)",
            (
                article.id,
                indexable(article.title or ""),
                indexable(kicker.text if kicker else ""),
                indexable(article.analysis_text),
            ),
        )
        for extractor in self.extractors:
            if extractor.name in facts.failed or not facts.analysed:
                continue
            for table, rows in extractor.table.to_rows(article.id, facts.found).items():
                self._insert_rows(table, rows)
        return 1

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})',  # names come from the kinds' code
            [tuple(row[c] for c in columns) for row in rows],
        )

    # -- reading articles ------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return fetch_rows(self.conn, sql, params)

    def table_sizes(self) -> dict[str, int]:
        """Rows in the core tables, every kind's tables and the link tables."""
        tables = (
            ["items", "articles"] + [t for e in self.extractors for t in e.table.tables] + ["stories", "identities"]
        )
        return {t: self.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

    def article_count(self, item_id: str) -> int:
        return self.conn.execute("SELECT count(*) FROM articles WHERE item_id = ?", (item_id,)).fetchone()[0]

    def resolve_article_id(self, prefix: str) -> list[str]:
        """Article ids starting with ``prefix`` (users type short ids); at most two, to tell ambiguity."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2", (prefix_pattern(prefix),)
        ).fetchall()
        return [r[0] for r in rows]

    def items(self) -> Iterator[StoredItem]:
        """Every item read, in the order it was stored, with its articles' ids."""
        articles: dict[str, list[str]] = {}
        for article_id, item_id in self.conn.execute("SELECT id, item_id FROM articles ORDER BY item_id, seq"):
            articles.setdefault(item_id, []).append(article_id)
        for item_id, source, text in self.conn.execute("SELECT id, source, text FROM items ORDER BY rowid"):
            yield StoredItem(item_id, source, text, articles.get(item_id, []))

    def article_ids(self) -> list[str]:
        """Every article, in the order they were stored."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT a.id FROM articles a JOIN items i ON i.id = a.item_id ORDER BY i.rowid, a.seq"
            )
        ]

    def article_text(self, article_id: str) -> ArticleText:
        row = self.conn.execute(
            "SELECT a.start, a.text, i.text FROM articles a JOIN items i ON i.id = a.item_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return ArticleText(article_id, row[0], row[1], row[2])

    def article_info(self, article_id: str) -> dict[str, Any]:
        """The article's own fields (title, kicker and its offsets, published, outlet, url, start, text, ...)
        with its item's source, as a dict."""
        rows = self._rows(
            "SELECT a.*, i.source AS item_source, i.author AS author FROM articles a "
            "JOIN items i ON i.id = a.item_id WHERE a.id = ?",
            (article_id,),
        )
        return dict(rows[0])

    def article_language(self, article_id: str) -> str | None:
        """The article's language code (None: stored before languages were identified)."""
        return self.conn.execute("SELECT language FROM articles WHERE id = ?", (article_id,)).fetchone()[0]

    def analysis_text(self, article_id: str) -> str:
        """A stored article's text as it was analysed: kicker and boilerplate blanked out."""
        text, start, kicker_start, kicker_end = self.conn.execute(
            "SELECT text, start, kicker_start, kicker_end FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        spans = self.conn.execute('SELECT start, "end" FROM boilerplate WHERE article_id = ?', (article_id,)).fetchall()
        if kicker_start is not None:
            spans.append((kicker_start, kicker_end))
        chars = list(text)
        for b_start, b_end in spans:
            for i in range(max(0, b_start - start), min(len(chars), b_end - start)):
                chars[i] = " "
        return "".join(chars)

    def facts(self, article: ArticleText, kinds: Sequence[str] | None = None) -> dict[str, Any]:
        """The article's facts as records, keyed as the export names them; only those of ``kinds`` when given."""
        found: dict[str, Any] = {}
        for extractor in self.extractors:
            if kinds is None or extractor.name in kinds:
                found.update(extractor.table.read(self.conn, article, found))
        return found

    def article_record(self, article_id: str) -> Article:
        """One article with every fact found in it, as the export gives it."""
        info = self.article_info(article_id)
        text = self.article_text(article_id)
        kicker = None
        if info["kicker"] is not None:
            kicker = Span(text=info["kicker"], start=info["kicker_start"], end=info["kicker_end"])
        boilerplate = [
            Span(text=r[2], start=r[0], end=r[1])
            for r in self.conn.execute(
                'SELECT start, "end", text FROM boilerplate WHERE article_id = ? ORDER BY start', (article_id,)
            )
        ]
        found = self.facts(text)
        story, copy_of = self.links.story_of(article_id)
        identities = self.links.entity_identities(article_id)
        for entity in found.get("entities", []):
            entity.identity = identities.get(entity.id)
        return Article(
            id=article_id,
            item=info["item_source"],
            span=(info["start"], info["end"]),
            title=info["title"],
            kicker=kicker,
            published=info["published"],
            outlet=info["outlet"],
            url=info["url"],
            author=info["author"],
            truncated=bool(info["truncated"]),
            language=info.get("language"),  # a version-4 ledger, read without upgrading, has none
            not_article=info.get("not_article"),  # so has a version-6 one
            boilerplate=boilerplate,
            story=story,
            copy_of=copy_of,
            **found,
        )

    def article_records(self) -> Iterator[Article]:
        """Every article with its facts, in the order they were stored."""
        for article_id in self.article_ids():
            yield self.article_record(article_id)

    def summaries(self, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        """The articles as a list shows them, in the order they were stored."""
        rows = self._rows(
            "SELECT a.id, i.source, a.published, a.outlet, a.kicker, a.title, a.truncated, "
            "substr(a.text, 1, 200) AS head FROM articles a JOIN items i ON i.id = a.item_id "
            "ORDER BY i.rowid, a.seq LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        sizes = self.entity_counts([r["id"] for r in rows])
        return [
            ArticleSummary(
                id=r["id"],
                item=r["source"],
                published=r["published"],
                outlet=r["outlet"],
                title=r["title"],
                kicker=r["kicker"],
                head=r["head"],
                entities=sizes.get(r["id"], 0),
                truncated=bool(r["truncated"]),
            )
            for r in rows
        ]

    def entity_counts(self, article_ids: list[str]) -> dict[str, int]:
        """How many entities each article has."""
        from newsledger.extract.entities.table import entity_counts

        return entity_counts(self.conn, article_ids)

    def search(self, query: str, limit: int = 20, offset: int = 0) -> SearchResults:
        """Full-text search (FTS5 syntax); a query FTS5 cannot parse is searched as plain words, and says so.

        Control characters are read as spaces (FTS5 refuses them even quoted); a search running past
        ``SEARCH_BUDGET_SECONDS`` is stopped with ``QueryTooCostly``.
        """
        query = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query)
        deadline = time.monotonic() + SEARCH_BUDGET_SECONDS
        self.conn.set_progress_handler(lambda: time.monotonic() > deadline, SEARCH_CHECK_EVERY)
        try:
            rows, problem = self._search_rows(query, limit, offset, deadline)
        finally:
            self.conn.set_progress_handler(None, 0)
        hits = [
            SearchHit(
                article=r["article_id"],
                title=r["title"],
                kicker=r["kicker"],
                published=r["published"],
                snippet=_snippet(r["snippet"]),
            )
            for r in rows
        ]
        return SearchResults(query=query, as_words=problem is not None, problem=problem, hits=hits)

    def _search_rows(
        self, query: str, limit: int, offset: int, deadline: float
    ) -> tuple[list[sqlite3.Row], str | None]:
        """The rows of a query, else of its words quoted one by one, with FTS5's reason for the fallback."""
        sql = (
            "SELECT f.article_id, a.title, a.kicker, a.published, "
            "snippet(articles_fts, 3, char(2), char(3), '…', 14) AS snippet "
            "FROM articles_fts f JOIN articles a ON a.id = f.article_id "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?"
        )
        try:
            return self._rows(sql, (query, limit, offset)), None
        except sqlite3.OperationalError as error:
            _raise_if_past(deadline, query)
            problem = str(error)
        phrase = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
        try:
            return (self._rows(sql, (phrase, limit, offset)) if phrase else []), problem
        except sqlite3.OperationalError as error:
            _raise_if_past(deadline, query)
            return [], f"{problem}; its words could not be searched either ({error})"


def _raise_if_past(deadline: float, query: str) -> None:
    """A search that failed after its time ran out was stopped (SQLite says "interrupted", or names the
    step it was in), not malformed."""
    if time.monotonic() > deadline:
        raise QueryTooCostly(
            f"the search {query[:80]!r} needs more than {SEARCH_BUDGET_SECONDS:g} s of work: "
            "use fewer terms, and fewer ending in *"
        ) from None


def _snippet(marked: str) -> list[SnippetPart]:
    """FTS5 marks hits with control characters 2 and 3: the snippet as parts, hits flagged."""
    parts = " ".join(marked.split()).replace("\x03", "\x02").split("\x02")
    return [SnippetPart(text=part, hit=bool(i % 2)) for i, part in enumerate(parts) if part]


def indexable(text: str) -> str:
    """``text`` with each control character a space (the same length): FTS5 keeps what follows a NUL out
    of its snippets, and characters 2 and 3 are the snippets' own marks of a hit."""
    return _CONTROL.sub(" ", text)


def _connect_read_only(file: Path, timeout: float) -> sqlite3.Connection:
    """A connection that cannot write to ``file`` (nor checkpoint its WAL into it on closing).

    A ledger in WAL mode needs its ``-shm`` file even to be read; in a folder the user may not write
    (a ledger shared read-only), SQLite cannot make one, and the file is then read as immutable:
    nobody can be writing it there without that same right.
    """
    uri = file.resolve().as_uri()
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, isolation_level=None, timeout=timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        conn.close()
        if result_code(error) not in ("READONLY", "CANTOPEN"):
            raise
        if os.access(file.resolve().parent, os.W_OK):
            raise
        conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, isolation_level=None, timeout=timeout)
    return conn


def _contents(conn: sqlite3.Connection) -> Contents:
    """The tables of the database, and its schema version if it is a ledger: a ``meta`` table holding one,
    beside the tables every ledger has (another program's ``meta`` table alone is not enough)."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite!_%' ESCAPE '!' "
            "ORDER BY name"
        )
    ]
    if not LEDGER_TABLES <= set(tables):
        return Contents(tables, None)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:  # a "meta" table with other columns
        row = None
    return Contents(tables, None if row is None or row[0] is None else str(row[0]))
