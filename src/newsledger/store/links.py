"""The link tables: stories, the terms linking compares, identities. Every query linking and reading need.

``newsledger.link`` decides which story an article joins and which identity
an entity is; this module only reads and writes the rows, so the link
package holds no SQL and the tables could move to another engine here alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from newsledger.extract.entities.table import PLACE_TYPES, articles_naming
from newsledger.model import content_hash
from newsledger.sql import chunks, escape_like, fetch_rows, like_pattern, marks, prefix_pattern
from newsledger.store.transactions import write_transaction


class LinkTables:
    """The link tables of one database connection."""

    def __init__(self, conn: sqlite3.Connection, path: str = "the ledger") -> None:
        self.conn = conn
        self.path = path  # for messages: the database's file
        self._counted: tuple[int, int] | None = None  # (linked articles, the last rowid then): see linked_count

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return fetch_rows(self.conn, sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One article's linking: all of its rows or none; a lock held too long, a read-only file or a full
        disk is a ``StoreError``."""
        with write_transaction(self.conn, self.path):
            yield

    def fill_document_frequencies(self) -> None:
        """A ledger linked before document frequencies were kept gets them from its postings."""
        if not self.conn.execute("SELECT 1 FROM link_df LIMIT 1").fetchone():
            self.conn.execute("INSERT INTO link_df (term, df) SELECT term, count(*) FROM link_terms GROUP BY term")

    # -- which articles wait --------------------------------------------------------------------------

    def pending(self) -> list[str]:
        """Stored articles not yet linked, in the order they were stored."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT a.id FROM articles a JOIN items i ON i.id = a.item_id "
                "WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id) ORDER BY i.rowid, a.seq"
            )
        ]

    def is_linked(self, article_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM story_articles WHERE article_id = ?", (article_id,)).fetchone() is not None
        )

    def linked_count(self) -> int:
        """How many articles are linked, without counting every row each time an article is linked.

        Counted once; after that, the rows appended since (``story_articles`` only ever gains rows while a
        ledger is linked: its rowid grows by one a row, whichever process adds it) are the rowids added."""
        last = self.conn.execute("SELECT max(rowid) FROM story_articles").fetchone()[0] or 0
        if self._counted is None or last < self._counted[1]:
            self._counted = (self.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0], last)
        count, counted_at = self._counted
        return count + last - counted_at

    # -- stories: writing ------------------------------------------------------------------------------

    def add_alone(self, article_id: str, story_id: str, created_at: str) -> None:
        """An article that could not be linked, as a story of its own (no terms: nothing will match it)."""
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO stories (id, label, articles, created_at) VALUES (?, NULL, 1, ?)",
                (story_id, created_at),
            )
            self.conn.execute(
                "INSERT INTO story_articles (article_id, story_id, event_days, linked) "
                "VALUES (?, ?, '[]', (SELECT coalesce(max(linked), 0) + 1 FROM story_articles))",
                (article_id, story_id),
            )

    def add_to_story(
        self,
        article_id: str,
        story_id: str,
        *,
        new_story: bool,
        title: str | None,
        day: str | None,
        copy_of: str | None,
        matched: str | None,
        score: float | None,
        event_days: list[str],
        towns: list[tuple[float, float]],
        order: int,
        created_at: str,
        terms: dict[str, float],
        people: dict[str, list[str]] | None = None,
        years: list[str] | None = None,
        killed: float | None = None,
    ) -> None:
        """Put an article into a story (a new one when ``new_story``) and index its terms."""
        if new_story:
            self.conn.execute(
                "INSERT INTO stories (id, label, first_day, last_day, articles, created_at) VALUES (?, ?, ?, ?, 0, ?)",
                (story_id, title, day, day, created_at),
            )
        self.conn.execute(
            "INSERT INTO story_articles (article_id, story_id, copy_of, matched, score, day, event_days, towns, "
            "people, years, killed, linked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                story_id,
                copy_of,
                matched,
                score,
                day,
                json.dumps(event_days),
                json.dumps(towns),
                json.dumps(people or {}, ensure_ascii=False),
                json.dumps(years or []),
                killed,
                order,
            ),
        )
        self.conn.execute(
            "UPDATE stories SET articles = articles + 1, first_day = min(coalesce(first_day, ?), coalesce(?, first_day)),"
            " last_day = max(coalesce(last_day, ?), coalesce(?, last_day)), label = coalesce(label, ?) WHERE id = ?",
            (day, day, day, day, title, story_id),
        )
        self.conn.executemany(
            "INSERT INTO link_terms (term, article_id, tf) VALUES (?, ?, ?)",
            [(t, article_id, tf) for t, tf in terms.items()],
        )
        self.conn.executemany(
            "INSERT INTO link_df (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
            [(t,) for t in terms],
        )

    # -- stories: what linking compares ----------------------------------------------------------------

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(terms):
            found.update(
                self.conn.execute(f"SELECT term, df FROM link_df WHERE term IN ({marks(chunk)})", chunk).fetchall()
            )
        return found

    def postings(self, terms: Sequence[str]) -> Iterator[tuple[str, str, float]]:
        """(term, article, tf) of every linked article having one of ``terms``."""
        for chunk in chunks(terms):
            yield from self.conn.execute(
                f"SELECT term, article_id, tf FROM link_terms WHERE term IN ({marks(chunk)})", chunk
            )

    def vectors(self, article_ids: Sequence[str]) -> dict[str, dict[str, float]]:
        """Each article's terms with their weights."""
        vectors: dict[str, dict[str, float]] = {a: {} for a in article_ids}
        for chunk in chunks(article_ids):
            for article_id, term, tf in self.conn.execute(
                f"SELECT article_id, term, tf FROM link_terms WHERE article_id IN ({marks(chunk)})", chunk
            ):
                vectors[article_id][term] = tf
        return vectors

    def linked_articles(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """How each of these articles was linked: its story, the article it copies, its day, event days, towns,
        people, event years and killed figure (JSON columns parsed, days as dates), in one read."""
        found: dict[str, dict[str, Any]] = {}
        for chunk in chunks(list(article_ids)):
            for row in self._rows(
                "SELECT article_id, story_id, copy_of, day, event_days, towns, people, years, killed, linked "
                f"FROM story_articles WHERE article_id IN ({marks(chunk)})",
                chunk,
            ):
                record = dict(row)
                record["day"] = date.fromisoformat(record["day"]) if record["day"] else None
                record["event_days"] = [date.fromisoformat(d) for d in json.loads(record["event_days"] or "[]")]
                record["towns"] = [tuple(t) for t in json.loads(record["towns"] or "[]")]
                people = json.loads(record["people"] or "{}")
                record["people"] = people if isinstance(people, dict) else {}  # a row linked before: none known
                record["years"] = json.loads(record["years"] or "[]")
                found[record.pop("article_id")] = record
        return found

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story of each of these linked articles (no more: a shortlist's stories, read in one pass)."""
        found: dict[str, str] = {}
        for chunk in chunks(list(article_ids)):
            found.update(
                self.conn.execute(
                    f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({marks(chunk)})", chunk
                ).fetchall()
            )
        return found

    def story_members(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """The articles of each story that are not copies, in the order they were linked."""
        members: dict[str, list[str]] = {s: [] for s in story_ids}
        for chunk in chunks(list(story_ids)):
            for story_id, article_id in self.conn.execute(
                f"SELECT story_id, article_id FROM story_articles WHERE story_id IN ({marks(chunk)}) "
                "AND copy_of IS NULL ORDER BY linked",
                chunk,
            ):
                members[story_id].append(article_id)
        return members

    def story_days(self, story_ids: Sequence[str]) -> dict[str, tuple[date | None, date | None]]:
        """(first day, last day) of each story."""
        days: dict[str, tuple[date | None, date | None]] = {}
        for chunk in chunks(list(story_ids)):
            for story_id, first, last in self.conn.execute(
                f"SELECT id, first_day, last_day FROM stories WHERE id IN ({marks(chunk)})", chunk
            ):
                days[story_id] = (
                    date.fromisoformat(first) if first else None,
                    date.fromisoformat(last) if last else None,
                )
        return days

    def story_of(self, article_id: str) -> tuple[str | None, str | None]:
        """(story, the article it copies) of a linked article; (None, None) before linking."""
        row = self.conn.execute(
            "SELECT story_id, copy_of FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # -- stories: reading ------------------------------------------------------------------------------

    def resolve_story(self, prefix: str) -> list[str]:
        """Story ids starting with ``prefix``; at most two, to tell ambiguity."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM stories WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2", (prefix_pattern(prefix),)
            )
        ]

    def stories(
        self,
        min_articles: int = 1,
        limit: int | None = None,
        offset: int = 0,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        category: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stories, the largest first and, of one size, the newest first, with how many of their articles
        are copies.

        ``since``/``until``: ISO days the story's days overlap (a story with no known day is left out when
        either is given); ``place``: a place one of its articles names (GPE, LOC or FAC) contains it;
        ``category``: one of its articles counts people of that category (killed, injured, ...).
        """
        sql = (
            "SELECT id, label, first_day, last_day, articles, (SELECT count(*) FROM story_articles s "
            "WHERE s.story_id = stories.id AND s.copy_of IS NOT NULL) AS copies FROM stories WHERE articles >= ?"
        )
        params: list[Any] = [min_articles]
        if since:
            sql += " AND coalesce(last_day, first_day) >= ?"
            params.append(since)
        if until:  # a month or a year takes in all of it
            sql += " AND substr(first_day, 1, length(?)) <= ?"
            params += [until, until]
        if place:
            sql += (
                " AND EXISTS (SELECT 1 FROM story_articles s WHERE s.story_id = stories.id AND "
                f"{articles_naming('s.article_id', PLACE_TYPES)})"
            )
            params.append(like_pattern(place))
        if category:
            sql += (  # one pass over the category's counts, not one per story
                " AND id IN (SELECT s.story_id FROM counts c JOIN story_articles s ON s.article_id = c.article_id "
                "WHERE c.category = ?)"
            )
            params.append(category)
        sql += " ORDER BY articles DESC, last_day IS NULL, last_day DESC, first_day DESC, id LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
        return [dict(r) for r in self._rows(sql, params)]

    def story_place(self, story_id: str) -> tuple[str, float | None, float | None] | None:
        """The place a story's event is at: of the places its entities are, those located first, then the
        most mentioned, then towns, then the first mentioned; with its coordinates."""
        rows = self._rows(
            "SELECT i.name, i.latitude, i.longitude FROM entity_identities ei "
            "JOIN identities i ON i.id = ei.identity_id JOIN mentions m ON m.entity_id = ei.entity_id "
            "WHERE ei.story_id = ? AND i.type = 'PLACE' GROUP BY i.id "
            "ORDER BY i.geonameid IS NULL, count(*) DESC, coalesce(i.place_kind, '') != 'city', min(m.start), i.id "
            "LIMIT 1",
            (story_id,),
        )
        return (rows[0]["name"], rows[0]["latitude"], rows[0]["longitude"]) if rows else None

    def story(self, story_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT id, label, first_day, last_day, articles FROM stories WHERE id = ?", (story_id,))
        return dict(rows[0]) if rows else None

    def story_ids(self) -> list[str]:
        """Every story, the earliest first."""
        return [r[0] for r in self.conn.execute("SELECT id FROM stories ORDER BY first_day, id")]

    def story_articles(self, story_id: str, copies: bool = True) -> list[dict[str, Any]]:
        """A story's articles in the order they were linked, with their day, outlet, title and source."""
        where = "" if copies else " AND s.copy_of IS NULL"
        return [
            _with_days(r)
            for r in self._rows(
                "SELECT a.id, a.title, a.outlet, a.url, a.start, i.source AS item_source, s.day, s.copy_of, s.score, "
                "s.event_days, s.linked FROM story_articles s JOIN articles a ON a.id = s.article_id "
                f"JOIN items i ON i.id = a.item_id WHERE s.story_id = ?{where} ORDER BY s.linked",
                (story_id,),
            )
        ]

    # -- identities ------------------------------------------------------------------------------------

    def identities_for(self, keys: Sequence[str]) -> list[str]:
        """The identities any of ``keys`` leads to."""
        return [
            row[0]
            for row in self.conn.execute(
                f"SELECT DISTINCT identity_id FROM identity_keys WHERE key IN ({marks(keys)})", list(keys)
            )
        ]

    def keys_taken(self, keys: Sequence[str]) -> list[str]:
        """Those of ``keys`` some identity holds already."""
        return [
            row[0]
            for row in self.conn.execute(
                f"SELECT DISTINCT key FROM identity_keys WHERE key IN ({marks(keys)})", list(keys)
            )
        ]

    def add_key(self, key: str, identity: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO identity_keys (key, identity_id) VALUES (?, ?)", (key, identity))

    def create_identity(self, name: str, kind: str, key: str, **place: object) -> str:
        """A new identity, its id a hash of its first key (made unique when the same key is split on purpose)."""
        identity = "e" + content_hash(key, 15)
        while self.conn.execute("SELECT 1 FROM identities WHERE id = ?", (identity,)).fetchone():
            identity = "e" + content_hash(identity + key, 15)  # ambiguous names split on purpose
        columns = ["id", "name", "type", "aliases", "articles", *place]
        values = [identity, name, kind, "[]", 0, *place.values()]
        self.conn.execute(f"INSERT INTO identities ({', '.join(columns)}) VALUES ({marks(columns)})", values)
        return identity

    def tie_entity(self, entity_id: str, identity: str, article_id: str, story_id: str) -> None:
        """Say which identity an article's entity is; count the article for the identity once."""
        new_here = not self.conn.execute(
            "SELECT 1 FROM entity_identities WHERE article_id = ? AND identity_id = ?", (article_id, identity)
        ).fetchone()
        self.conn.execute(
            "INSERT OR REPLACE INTO entity_identities (entity_id, identity_id, article_id, story_id) "
            "VALUES (?, ?, ?, ?)",
            (entity_id, identity, article_id, story_id),
        )
        if new_here:
            self.conn.execute("UPDATE identities SET articles = articles + 1 WHERE id = ?", (identity,))

    def people_in_story(
        self, story_id: str, *, surname_of: str | None = None, named: str | None = None, other_than: str | None = None
    ) -> list[str]:
        """People of a story: those whose full name ends with ``surname_of``, or who are called ``named``."""
        sql = (
            "SELECT DISTINCT i.id FROM entity_identities ei JOIN identities i ON i.id = ei.identity_id "
            "WHERE ei.story_id = ? AND i.type = 'PERSON'"
        )
        params: list[Any] = [story_id]
        if surname_of is not None:
            sql += " AND i.name LIKE ? ESCAPE '\\'"
            params.append("% " + escape_like(surname_of))
        if named is not None:
            sql += " AND i.name = ?"
            params.append(named)
        if other_than is not None:
            sql += " AND i.id != ?"
            params.append(other_than)
        return [r[0] for r in self.conn.execute(sql, params)]

    def merge_identity(self, into: str, other: str) -> list[str]:
        """Fold ``other`` into ``into``: its entities and keys move, it is deleted; returns its aliases."""
        aliases = self.aliases(other)
        self.conn.execute("UPDATE entity_identities SET identity_id = ? WHERE identity_id = ?", (into, other))
        self.conn.execute("UPDATE OR IGNORE identity_keys SET identity_id = ? WHERE identity_id = ?", (into, other))
        self.conn.execute("DELETE FROM identity_keys WHERE identity_id = ?", (other,))
        self.conn.execute("DELETE FROM identities WHERE id = ?", (other,))
        self.conn.execute(
            "UPDATE identities SET articles = (SELECT count(DISTINCT article_id) FROM entity_identities "
            "WHERE identity_id = ?) WHERE id = ?",
            (into, into),
        )
        return aliases

    def prefer_longer_name(self, identity: str, name: str) -> None:
        self.conn.execute(
            "UPDATE identities SET name = ? WHERE id = ? AND length(name) < length(?) AND type != 'PLACE'",
            (name, identity, name),
        )

    def aliases(self, identity: str) -> list[str]:
        return json.loads(self.conn.execute("SELECT aliases FROM identities WHERE id = ?", (identity,)).fetchone()[0])

    def add_aliases(self, identity: str, new: Sequence[str]) -> None:
        aliases = self.aliases(identity)
        added = [a for a in dict.fromkeys(new) if a and a not in aliases]
        if added:
            self.conn.execute(
                "UPDATE identities SET aliases = ? WHERE id = ?",
                (json.dumps(aliases + added, ensure_ascii=False), identity),
            )

    def entity_identities(self, article_id: str) -> dict[str, str]:
        """Each of an article's entities' identity, by entity id."""
        return dict(
            self.conn.execute(
                "SELECT entity_id, identity_id FROM entity_identities WHERE article_id = ?", (article_id,)
            ).fetchall()
        )

    def identity_names(self, entity_ids: Sequence[str]) -> dict[str, str]:
        """The corpus-wide name of each of these entities' identities, by entity id."""
        found: dict[str, str] = {}
        for chunk in chunks(list(entity_ids)):
            found.update(
                self.conn.execute(
                    "SELECT ei.entity_id, i.name FROM entity_identities ei JOIN identities i ON i.id = ei.identity_id "
                    f"WHERE ei.entity_id IN ({marks(chunk)})",
                    chunk,
                ).fetchall()
            )
        return found

    def story_identities(self, story_id: str) -> list[dict[str, Any]]:
        """The identities of a story's entities: one row per (entity, identity), with the identity's fields."""
        return [
            dict(r)
            for r in self._rows(
                "SELECT ei.entity_id, ei.article_id, i.* FROM entity_identities ei JOIN identities i "
                "ON i.id = ei.identity_id WHERE ei.story_id = ?",
                (story_id,),
            )
        ]

    def identities_like(self, name: str, limit: int = 10) -> list[dict[str, Any]]:
        """Identities whose name or an alias contains ``name``, the most mentioned first."""
        pattern = like_pattern(name)
        return [
            _identity_row(r)
            for r in self._rows(
                "SELECT * FROM identities WHERE name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(aliases) "
                "WHERE value LIKE ? ESCAPE '\\') ORDER BY articles DESC, name, id LIMIT ?",
                (pattern, pattern, limit),
            )
        ]

    def identity(self, identity_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM identities WHERE id = ?", (identity_id,))
        return _identity_row(rows[0]) if rows else None

    def identity_stories(self, identity_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """The stories an identity is in, the earliest first."""
        return [
            dict(r)
            for r in self._rows(
                "SELECT DISTINCT s.id, s.label, s.first_day FROM entity_identities ei JOIN stories s ON s.id = ei.story_id "
                "WHERE ei.identity_id = ? ORDER BY s.first_day LIMIT ?",
                (identity_id, limit),
            )
        ]

    def identity_entities(self, identity_id: str) -> list[str]:
        """The article entities that are this identity."""
        return [
            r[0]
            for r in self.conn.execute("SELECT entity_id FROM entity_identities WHERE identity_id = ?", (identity_id,))
        ]


def _with_days(row: sqlite3.Row) -> dict[str, Any]:
    record = dict(row)
    record["event_days"] = json.loads(record["event_days"] or "[]")
    return record


def _identity_row(row: sqlite3.Row) -> dict[str, Any]:
    record = dict(row)
    record["aliases"] = json.loads(record["aliases"])
    return record
