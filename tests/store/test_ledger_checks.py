"""Store: what it finds in a file before writing to it, how long it waits for a lock, and text that
would spoil the full-text index."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from newsledger.extract import extractors
from newsledger.store import OPEN_WAIT_SECONDS, Store, StoreError


def test_a_held_lock_is_told_after_the_open_wait_not_thirty_seconds(seed_db_copy: Path) -> None:
    holder = sqlite3.connect(seed_db_copy, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked by another program"):
            Store(seed_db_copy, extractors())
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert OPEN_WAIT_SECONDS <= waited < OPEN_WAIT_SECONDS + 2, waited
    Store(seed_db_copy, extractors()).close()  # free again: opens


def test_a_read_only_ledger_is_found_when_opened(seed_db_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mechanism behind a read-only file or mount, whoever runs it: SQLite opens the file read-only
    (as it does when it cannot open it for writing), and the open itself says so."""
    connect = sqlite3.connect

    def read_only_connect(database: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("uri"):
            return connect(database, *args, **kwargs)
        return connect(Path(database).resolve().as_uri() + "?mode=ro", *args, **{**kwargs, "uri": True})

    monkeypatch.setattr(sqlite3, "connect", read_only_connect)
    with pytest.raises(StoreError, match="read-only"):
        Store(seed_db_copy, extractors())


def test_a_new_ledger_is_made_whole_or_not_at_all(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while the tables are made leaves no half-made ledger for the next run to refuse."""
    import newsledger.store as store

    monkeypatch.setattr(store, "LINK_SCHEMA", store.LINK_SCHEMA + "\nCREATE TABLE broken (;\n")
    with pytest.raises(StoreError):
        Store(db_path, extractors())
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []
    conn.close()
    monkeypatch.undo()
    Store(db_path, extractors()).close()


def test_a_table_named_meta_with_a_schema_version_is_not_enough_to_be_a_ledger(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    conn = sqlite3.connect(db)
    conn.executescript("CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('schema_version', '12');")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for readonly in (False, True):
        with pytest.raises(StoreError, match=r"not a newsledger ledger \(it holds tables: meta\)"):
            Store(db, extractors(), readonly=readonly)
    assert db.read_bytes() == before


def test_control_characters_do_not_cut_search_snippets(db_path: Path) -> None:
    """FTS5 cuts a snippet at a NUL, and reads characters 2 and 3 as its own marks of a hit: whatever text
    the store is given to index (the segmenter's, or any other producer's), it indexes them as spaces."""
    from newsledger.model import Article, Facts, Item

    text = "Officials said on Monday that John Kirby\x00 met\x02 the mayor\x03 of Paris to talk about floods."
    item = Item(source="nul", text=text, format="jsonl", path="nul.jsonl", line=1, title="Floods\x00 talks")
    article = Article(item, 0, len(text), analysis_text=text, title=item.title)
    store = Store(db_path)
    try:
        store.write_item(item, [Facts(article)])
        hits = store.search("Kirby").hits
        assert len(hits) == 1
        assert [part.text for part in hits[0].snippet if part.hit] == ["Kirby"]
        assert "mayor of Paris" in "".join(part.text for part in hits[0].snippet), hits[0].snippet
        assert len(store.search("talks").hits) == 1  # the title is indexed whole too
        assert next(store.items()).text == text  # the stored text is kept as given
    finally:
        store.close()
