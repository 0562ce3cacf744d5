"""``newsledger ingest`` looks at --db before any NLP runs: someone else's file, a locked or read-only
ledger, a ledger of another version each end with one line, the file as it was; and what an ingest
cannot store as given (another text under a stored id, another publication date) is said, not hidden."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import export_records, run_cli

KIRBY = "John Kirby, a spokesman for the Pentagon, said on Monday that three soldiers were wounded in Kabul.\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(stderr: str) -> str:
    """The one line an error must be, checked."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("newsledger: "), stderr
    return lines[0]


def article_file(tmp_path: Path, text: str = KIRBY, name: str = "kirby.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def jsonl_file(tmp_path: Path, records: list[dict], name: str = "feed.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def nlp_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time the pipeline segments or analyses anything, recorded (the work a failed open must spare)."""
    from newsledger.pipeline import Pipeline

    calls: list[str] = []
    articles_of, analyse = Pipeline.articles_of, Pipeline.analyse

    def spy_articles_of(self: Pipeline, item):  # type: ignore[no-untyped-def]
        calls.append("segment")
        return articles_of(self, item)

    def spy_analyse(self: Pipeline, articles):  # type: ignore[no-untyped-def]
        calls.append("analyse")
        return analyse(self, articles)

    monkeypatch.setattr(Pipeline, "articles_of", spy_articles_of)
    monkeypatch.setattr(Pipeline, "analyse", spy_analyse)
    return calls


def as_wal(db: Path) -> Path:
    """A ledger as ingest leaves it: in WAL mode (the copy fixture's backup may not be)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    finally:
        conn.close()
    return db


# -- someone else's file --------------------------------------------------------------------------


FOREIGN_TABLES = {
    "clashing": "CREATE TABLE items (sku TEXT, price REAL); CREATE TABLE orders (id INTEGER, sku TEXT);",
    "apart": "CREATE TABLE people (name TEXT); CREATE TABLE notes (body TEXT);",
}


@pytest.mark.parametrize("layout", sorted(FOREIGN_TABLES))
def test_a_foreign_sqlite_file_is_refused_and_left_byte_identical(
    tmp_path: Path, layout: str, nlp_calls: list[str]
) -> None:
    db = tmp_path / "shop.db"
    conn = sqlite3.connect(db)
    conn.executescript(FOREIGN_TABLES[layout])
    conn.commit()
    conn.close()
    before = digest(db)
    result = run_cli(CliRunner(), "ingest", str(article_file(tmp_path)), "--db", str(db), status=2)
    line = one_line(result.stderr)
    assert "not a newsledger ledger" in line and str(db) in line
    names = [w for w in ("items", "orders", "people", "notes") if w in FOREIGN_TABLES[layout]]
    assert all(name in line for name in names), line
    assert digest(db) == before
    assert not Path(f"{db}-wal").exists()  # not switched to WAL
    assert nlp_calls == []
    # a reading command says the same, and leaves it too
    result = run_cli(CliRunner(), "articles", "--db", str(db), status=2)
    assert "not a newsledger ledger" in one_line(result.stderr)
    assert digest(db) == before


def test_a_text_file_as_db_is_refused_and_left_untouched(tmp_path: Path, nlp_calls: list[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("My notes, not a database.\n" * 50, encoding="utf-8")
    before = digest(notes)
    result = run_cli(CliRunner(), "ingest", str(article_file(tmp_path)), "--db", str(notes), status=2)
    line = one_line(result.stderr)
    assert "not an SQLite database" in line and str(notes) in line
    assert digest(notes) == before and nlp_calls == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kirby.txt", "notes.txt"]


def test_an_empty_file_becomes_a_ledger(tmp_path: Path) -> None:
    """Zero bytes is a new database, as SQLite itself takes it (a `touch`ed file)."""
    db = tmp_path / "new.db"
    db.touch()
    run_cli(CliRunner(), "ingest", str(article_file(tmp_path)), "--db", str(db), "--quiet")
    assert len(export_records(CliRunner(), db)) == 1


# -- a locked or read-only ledger -----------------------------------------------------------------


def test_a_locked_ledger_ends_within_seconds_before_any_nlp(
    seed_db_copy: Path, tmp_path: Path, nlp_calls: list[str]
) -> None:
    from newsledger.store import OPEN_WAIT_SECONDS

    as_wal(seed_db_copy)
    earlier = export_records(CliRunner(), seed_db_copy)
    holder = sqlite3.connect(seed_db_copy, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        result = run_cli(CliRunner(), "ingest", str(article_file(tmp_path)), "--db", str(seed_db_copy), status=2)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    line = one_line(result.stderr)
    assert "locked by another program" in line and str(seed_db_copy) in line
    assert OPEN_WAIT_SECONDS <= waited < OPEN_WAIT_SECONDS + 3, waited
    assert nlp_calls == []
    assert export_records(CliRunner(), seed_db_copy) == earlier


def test_a_lock_taken_mid_run_ends_with_one_line_and_keeps_what_was_stored(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program takes the write lock after the first item is stored: one line, exit 2, the first
    item kept; once the lock is gone the same command finishes the job."""
    import newsledger.store
    from newsledger.store import Store

    monkeypatch.setattr(newsledger.store, "WRITE_WAIT_SECONDS", 0.5)
    feed = jsonl_file(
        tmp_path,
        [
            {"id": "one", "text": KIRBY},
            {"id": "two", "text": "Maria Santos, the mayor of Lima, said on Friday that 40 homes were flooded.\n"},
        ],
    )
    run_cli(CliRunner(), "ingest", str(article_file(tmp_path, name="first.txt")), "--db", str(db_path), "-q")
    holder = sqlite3.connect(db_path, isolation_level=None)
    write_item = Store.write_item

    def write_then_lock(self: Store, item, facts):  # type: ignore[no-untyped-def]
        stored = write_item(self, item, facts)
        if not holder.in_transaction:
            holder.execute("BEGIN IMMEDIATE")
        return stored

    monkeypatch.setattr(Store, "write_item", write_then_lock)
    try:
        result = run_cli(CliRunner(), "ingest", str(feed), "--db", str(db_path), "-q", status=2)
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
    line = one_line(result.stderr)
    assert "locked by another program" in line and "kept" in line
    sources = [r[0] for r in sqlite3.connect(db_path).execute("SELECT source FROM items ORDER BY rowid")]
    assert sources == [str(tmp_path / "first.txt"), "one"]
    monkeypatch.setattr(Store, "write_item", write_item)
    run_cli(CliRunner(), "ingest", str(feed), "--db", str(db_path), "-q")
    assert sorted(r["item"] for r in export_records(CliRunner(), db_path)) == sorted(
        [str(tmp_path / "first.txt"), "one", "two"]
    )
    # the item stored before the lock was linked on the rerun: every article is in a story
    assert all(r["story"] for r in export_records(CliRunner(), db_path))


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` made read-only for this process: chmod 0444, or for root (whom modes do not stop) the
    immutable attribute; skips when neither can be made to hold."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("running as root, and chattr +i is not available here to make a file read-only")
    try:
        try:
            with path.open("ab"):
                pass
        except PermissionError:
            pass
        else:
            pytest.skip("running as root, and chattr +i does not stop writes on this filesystem")
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_ledger_ends_with_one_line_before_any_nlp(
    seed_db_copy: Path, tmp_path: Path, nlp_calls: list[str]
) -> None:
    as_wal(seed_db_copy)
    earlier = export_records(CliRunner(), seed_db_copy)
    with read_only(seed_db_copy):
        result = run_cli(CliRunner(), "ingest", str(article_file(tmp_path)), "--db", str(seed_db_copy), status=2)
        line = one_line(result.stderr)
        assert "read-only" in line and str(seed_db_copy) in line
        assert nlp_calls == []
        assert export_records(CliRunner(), seed_db_copy) == earlier  # reading it still works


# -- ledgers of other versions --------------------------------------------------------------------


def set_version(db: Path, version: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    conn.commit()
    conn.close()


def test_a_newer_ledger_says_upgrade_newsledger_and_is_not_touched(
    seed_db_copy: Path, tmp_path: Path, nlp_calls: list[str]
) -> None:
    as_wal(seed_db_copy)
    set_version(seed_db_copy, "99")
    before = digest(seed_db_copy)
    for args, command in (([str(article_file(tmp_path))], "ingest"), ([], "articles"), ([], "export")):
        result = run_cli(CliRunner(), command, *args, "--db", str(seed_db_copy), status=2)
        line = one_line(result.stderr)
        assert "newer newsledger" in line and "99" in line and "upgrade newsledger" in line, line
        assert "newsledger ingest" not in line
    assert digest(seed_db_copy) == before and nlp_calls == []


def test_an_older_ledger_tells_readers_to_run_ingest(seed_db_copy: Path) -> None:
    set_version(seed_db_copy, "3")
    result = run_cli(CliRunner(), "articles", "--db", str(seed_db_copy), status=2)
    line = one_line(result.stderr)
    assert "older newsledger" in line and f"newsledger ingest FILE --db {seed_db_copy}" in line, line


def test_a_version_4_ledger_is_read_as_it_is_and_upgraded_by_the_next_ingest(
    seed_db_copy: Path, tmp_path: Path
) -> None:
    """Version 5 only added the articles' language: a version-4 ledger (one in a shared read-only folder, say)
    is read without upgrading, its articles' language unknown; an ingest adds the column, once, even when an
    earlier upgrade was cut off after adding it."""
    conn = sqlite3.connect(seed_db_copy)
    conn.execute("ALTER TABLE articles DROP COLUMN language")
    conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    records = export_records(CliRunner(), seed_db_copy)
    assert records and {r["language"] for r in records} == {None}
    conn = sqlite3.connect(seed_db_copy)  # as if an upgrade added the column, then was killed before the version
    conn.execute("ALTER TABLE articles ADD COLUMN language TEXT")
    conn.commit()
    conn.close()
    run_cli(CliRunner(), "ingest", str(article_file(tmp_path)), "--db", str(seed_db_copy), "-q")
    assert {r["language"] for r in export_records(CliRunner(), seed_db_copy)} == {None, "en"}


# -- what a second ingest cannot store as given ---------------------------------------------------


def test_a_stored_id_with_another_text_is_said_and_both_texts_kept(db_path: Path, tmp_path: Path) -> None:
    first = jsonl_file(tmp_path, [{"id": "wire-7", "text": KIRBY}], "monday.jsonl")
    corrected = KIRBY.replace("three soldiers", "four soldiers")
    second = jsonl_file(tmp_path, [{"id": "wire-7", "text": corrected}], "tuesday.jsonl")
    run_cli(CliRunner(), "ingest", str(first), "--db", str(db_path), "-q")
    result = run_cli(CliRunner(), "ingest", str(second), "--db", str(db_path), "-q")
    line = one_line(result.stderr)
    assert line.startswith(f"newsledger: {second}:1: ") and '"wire-7"' in line and "different text" in line, line
    texts = [r[0] for r in sqlite3.connect(db_path).execute("SELECT text FROM items WHERE source = 'wire-7'")]
    assert sorted(texts) == sorted([KIRBY, corrected])  # nothing lost, nothing merged
    # the same again: both are stored, nothing to say
    result = run_cli(CliRunner(), "ingest", str(first), str(second), "--db", str(db_path), "-q")
    assert result.stderr == ""


def test_two_feeds_of_one_run_with_one_id_and_two_texts_are_said(db_path: Path, tmp_path: Path) -> None:
    first = jsonl_file(tmp_path, [{"id": "x", "text": KIRBY}], "a.jsonl")
    second = jsonl_file(tmp_path, [{"id": "x", "text": KIRBY.replace("three", "five")}], "b.jsonl")
    result = run_cli(CliRunner(), "ingest", str(first), str(second), "--db", str(db_path), "-q")
    line = one_line(result.stderr)
    assert line.startswith(f"newsledger: {second}:1: ") and 'id "x"' in line, line
    assert len(export_records(CliRunner(), db_path)) == 2


def test_one_file_giving_one_id_two_texts_is_said_and_both_kept(db_path: Path, tmp_path: Path) -> None:
    feed = jsonl_file(tmp_path, [{"id": "x", "text": KIRBY}, {"id": "x", "text": KIRBY.replace("three", "five")}])
    result = run_cli(CliRunner(), "ingest", str(feed), "--db", str(db_path), "-q")
    line = one_line(result.stderr)
    assert line.startswith(f"newsledger: {feed}:2: ") and 'id "x"' in line, line
    assert len(export_records(CliRunner(), db_path)) == 2


def test_another_published_date_is_said_and_the_stored_one_kept(db_path: Path, tmp_path: Path) -> None:
    text = article_file(tmp_path)
    run_cli(CliRunner(), "ingest", str(text), "--db", str(db_path), "--published", "2024-01-02", "-q")
    stored = export_records(CliRunner(), db_path)
    assert stored[0]["published"] == "2024-01-02"
    result = run_cli(CliRunner(), "ingest", str(text), "--db", str(db_path), "--published", "2024-03-04", "-q")
    assert one_line(result.stderr) == (
        f"newsledger: {text}: already stored with published 2024-01-02; kept it (given 2024-03-04)"
    )
    again = run_cli(CliRunner(), "ingest", str(text), "--db", str(db_path), "--published", "2024-01-02", "-q")
    assert again.stderr == ""
    assert export_records(CliRunner(), db_path) == stored  # re-ingesting changes nothing


def test_the_summary_names_the_db_whole_on_its_line(tmp_path: Path) -> None:
    """However long the path, and whatever brackets it holds, the summary shows it as it is, unwrapped."""
    db = tmp_path / ("a-folder-with-a-long-name-" * 4) / "ledger [bold]x.db"
    db.parent.mkdir()
    result = run_cli(CliRunner(), "ingest", str(article_file(tmp_path)), "--db", str(db))
    first = result.stdout.splitlines()[0]
    assert first.endswith(f"-> {db}"), result.stdout
