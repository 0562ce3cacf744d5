"""Store and Ledger: idempotent ingest, FTS search, integrity, bad db files, untrusted text."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import BUNDLED_SEED, SHARED_SEED
from newsledger.extract import Extractor, extractors
from newsledger.ledger import Ledger
from newsledger.store import Store, StoreError


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def article_ids(db: Path) -> list[str]:
    return [r[0] for r in rows(db, "SELECT id FROM articles ORDER BY seq")]


@dataclass
class RowsOnly:
    """A kind's table for a test extractor: no tables of its own, ``to_rows`` given, nothing to read back."""

    to_rows: Callable[[str, Mapping[str, Any]], dict[str, list[dict[str, Any]]]]
    tables: tuple[str, ...] = ()
    schema: str = ""
    migrations: dict[str, Any] = field(default_factory=dict)

    def read(self, conn: sqlite3.Connection, article: Any, found: Any) -> dict[str, Any]:
        return {}


def add_extractor(ledger: Ledger, extractor: Extractor) -> None:
    """Run one more extractor in this ledger's pipeline, and store its rows, as a registered one would be."""
    ledger.pipeline.extractors.append(extractor)
    ledger.pipeline.settings[extractor.name] = extractor.settings()
    ledger.pipeline.extract_seconds[extractor.name] = 0.0
    ledger.store.extractors.append(extractor)


def test_the_bundled_seed_is_the_shared_seed() -> None:
    """The seed fixtures fall back to samples/seed-dump.txt when ../shared is absent: it must be the same bytes."""
    if not SHARED_SEED.is_file():
        pytest.skip(f"no {SHARED_SEED} to compare with")
    assert BUNDLED_SEED.read_bytes() == SHARED_SEED.read_bytes()


# -- ingest ---------------------------------------------------------------


def test_seed_is_one_item_of_five_articles(seed_db: Path, seed_text: str, seed_path: Path) -> None:
    items = rows(seed_db, "SELECT source, format, text, published FROM items")
    assert len(items) == 1
    source, fmt, text, published = items[0]
    assert source == str(seed_path)
    assert fmt == "text"
    assert text == seed_text  # the item text is kept whole
    assert published is None  # the seed carries no date, and none is guessed

    articles = rows(seed_db, 'SELECT seq, start, "end", text FROM articles ORDER BY seq')
    assert [a[0] for a in articles] == [0, 1, 2, 3, 4]
    for _, start, end, body in articles:
        assert seed_text[start:end] == body
    # Hand-read from the dump: one article over many lines, then four one-line items.
    openers = ["Ukraine’s military intelligence agency and the Pentagon", "Seven people sustained",
               "‘BALD-FACED LIE’:", "BORDER SERVICES:", "TESTING BAN:"]
    for (_, _, _, body), opener in zip(articles, openers):
        assert body.startswith(opener)
    assert articles[0][3].endswith("a Washington think tank, said on Sunday.")
    assert len(set(article_ids(seed_db))) == 5


def test_reingest_changes_nothing(seed_db_copy: Path, seed_path: Path, count_tables) -> None:
    before = count_tables(seed_db_copy)
    with Ledger(seed_db_copy) as ledger:
        report = ledger.ingest([str(seed_path)])
    assert report.errors == []
    assert report.items == 1
    assert report.new_items == 0
    assert report.new_articles == 0
    assert report.articles == 5  # counted as already stored
    assert count_tables(seed_db_copy) == before
    assert before["items"] == 1 and before["articles"] == 5


def test_same_text_under_another_name_adds_nothing(
    seed_db_copy: Path, seed_path: Path, tmp_path: Path, count_tables, copy_file
) -> None:
    other = copy_file(seed_path, tmp_path / "renamed-dump.txt")
    before = count_tables(seed_db_copy)
    with Ledger(seed_db_copy) as ledger:
        report = ledger.ingest([str(other)])
    assert report.new_items == 0
    assert report.new_articles == 0
    assert count_tables(seed_db_copy) == before


def test_two_copies_in_one_run_are_stored_once(seed_path: Path, tmp_path: Path, db_path: Path, copy_file) -> None:
    a = copy_file(seed_path, tmp_path / "a.txt")
    b = copy_file(seed_path, tmp_path / "b.txt")
    with Ledger(db_path) as ledger:
        report = ledger.ingest([str(a), str(b)])
    assert report.errors == []
    assert report.new_articles == 5
    assert rows(db_path, "SELECT count(*) FROM items") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM articles") == [(5,)]


def test_two_copies_in_one_run_report_one_new_item(seed_path: Path, tmp_path: Path, db_path: Path, copy_file) -> None:
    a = copy_file(seed_path, tmp_path / "a.txt")
    b = copy_file(seed_path, tmp_path / "b.txt")
    with Ledger(db_path) as ledger:
        report = ledger.ingest([str(a), str(b)])
    # one item row was stored; the second copy is "already stored", as on a rerun
    assert (report.items, report.new_items, report.stored_items) == (2, 1, 1)
    assert (report.articles, report.new_articles, report.stored_articles) == (10, 5, 5)


def test_failed_item_write_leaves_database_untouched(seed_path: Path, db_path: Path, count_tables) -> None:
    """An exception while storing the 3rd article rolls back the whole item."""
    calls = []

    def exploding_rows(article_id: str, found: dict) -> dict:
        calls.append(article_id)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return {}

    boom = Extractor(name="boom", requires=(), assigns=(), extract=lambda analysed, found, settings: {},
                     table=RowsOnly(exploding_rows))
    with Ledger(db_path) as ledger:
        empty = count_tables(db_path)
        add_extractor(ledger, boom)
        with pytest.raises(RuntimeError, match="disk on fire"):
            ledger.ingest([str(seed_path)])
    assert count_tables(db_path) == empty
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]

    with Ledger(db_path) as ledger:  # a rerun completes it
        report = ledger.ingest([str(seed_path)])
    assert (report.new_items, report.new_articles) == (1, 5)


# -- search ---------------------------------------------------------------


def test_search_finds_kirby_in_first_article_only(seed_db: Path) -> None:
    first = article_ids(seed_db)[0]
    with Ledger(seed_db, readonly=True) as ledger:
        hits = ledger.search("Kirby")
        assert [h.article for h in hits] == [first]
        assert "Kirby" in [part.text for part in hits[0].snippet if part.hit]  # the hit is marked
        # Ryder is also only in the first article; Mianyang only in the last.
        assert [h.article for h in ledger.search("Ryder")] == [first]
        assert [h.article for h in ledger.search("Mianyang")] == [article_ids(seed_db)[4]]
        assert ledger.search("zzyzxnotaword") == []


def test_search_kicker_text(seed_db: Path) -> None:
    with Ledger(seed_db, readonly=True) as ledger:
        hits = ledger.search('"TESTING BAN"')
    assert [h.article for h in hits] == [article_ids(seed_db)[4]]


ALL = {0, 1, 2, 3, 4}


@pytest.mark.parametrize(
    "query, found",
    [('AND "', ALL), ("foo(", set()), ('"', set()), ("(((", set()), ("NEAR(Kirby", set()), ("col:Kirby", set()),
     ("*", set()), ("-", set()), (":", set()), ('"unbalanced', set()),
     ("OR OR", {0}),  # searched as the word "or": only the first article has it ("killed or wounded")
     ("AND", ALL), ("", set()), ("   ", set()), ("Robert'); DROP TABLE articles;--", set()), ("^", set()),
     ("a\x00b", set()), ("a\x00", ALL)],  # a control character is a space: "a b" (no article has "b"), "a"
)
def test_search_survives_fts_syntax_errors(seed_db: Path, query: str, found: set[int]) -> None:
    """A query FTS5 cannot parse is searched as its plain words (``AND "`` is the word "and")."""
    ids = article_ids(seed_db)
    with Ledger(seed_db, readonly=True) as ledger:
        hits = ledger.search(query)
    assert {ids.index(h.article) for h in hits} == found
    assert len(hits) == len(found)
    assert rows(seed_db, "SELECT count(*) FROM articles") == [(5,)]


def test_search_falls_back_to_the_words_of_a_broken_query(seed_db: Path) -> None:
    with Ledger(seed_db, readonly=True) as ledger:
        hits = ledger.search("Kirby(")
    assert [h.article for h in hits] == [article_ids(seed_db)[0]]


# -- the file -------------------------------------------------------------


def test_database_is_plain_sqlite_and_consistent(seed_db: Path) -> None:
    conn = sqlite3.connect(seed_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"items", "articles", "boilerplate", "entities", "mentions", "articles_fts"} <= tables
        # every mention points at an entity of the same article, inside the article's span
        orphans = conn.execute(
            "SELECT count(*) FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id "
            "WHERE e.id IS NULL OR e.article_id != m.article_id"
        ).fetchone()[0]
        assert orphans == 0
        outside = conn.execute(
            'SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id '
            'WHERE m.start < a.start OR m."end" > a."end"'
        ).fetchone()[0]
        assert outside == 0
        item_text = conn.execute("SELECT text FROM items").fetchone()[0]
        for start, end, text in conn.execute('SELECT start, "end", text FROM mentions'):
            assert item_text[start:end] == text
        assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 5
    finally:
        conn.close()


def test_not_a_sqlite_file_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    content = "These are my notes, not a database.\n" * 20
    bogus.write_text(content, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store(bogus, extractors())
    assert str(bogus) in str(caught.value)
    with pytest.raises(StoreError, match="notes.txt"):
        Ledger(bogus)
    assert bogus.read_text(encoding="utf-8") == content  # left alone


def test_sql_injection_text_is_stored_verbatim(db_path: Path, tmp_path: Path) -> None:
    nasty = "Robert'); DROP TABLE articles;-- said John Smith in Paris on Monday. \"; DELETE FROM items; --"
    title = "x' OR '1'='1"
    source = "id'); DROP TABLE items;--"
    jsonl = tmp_path / "nasty.jsonl"
    jsonl.write_text(json.dumps({"id": source, "title": title, "text": nasty}) + "\n", encoding="utf-8")
    with Ledger(db_path) as ledger:
        report = ledger.ingest([str(jsonl)])
        assert report.errors == []
        assert report.new_articles == 1
        hits = ledger.search("Robert")
        assert len(hits) == 1
    assert rows(db_path, "SELECT source, text FROM items") == [(source, nasty)]
    assert rows(db_path, "SELECT title, text FROM articles") == [(title, nasty)]
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_jsonl_line_with_unicode_line_separator_in_text(db_path: Path, tmp_path: Path) -> None:
    """Regression: str.splitlines() split JSONL lines at U+2028/U+0085 inside strings."""
    # JSON allows raw U+2028 and U+0085 inside strings; json.dumps(ensure_ascii=False) writes them raw.
    lines = [
        {"id": "a", "text": "Officials in Paris said the vote\u2028passed on Monday."},
        {"id": "b", "text": "Officials in Berlin said the\x85vote passed on Tuesday."},
    ]
    jsonl = tmp_path / "seps.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    with Ledger(db_path) as ledger:
        report = ledger.ingest([str(jsonl)])
    assert report.errors == []
    assert sorted(rows(db_path, "SELECT source, text FROM items")) == [("a", lines[0]["text"]), ("b", lines[1]["text"])]


def test_extractor_failing_on_one_article_is_reported_and_the_rest_stored(
        seed_path: Path, db_path: Path, seed_db: Path) -> None:
    """A bug in one extractor costs that extractor's facts for one article, nothing else."""
    seen = []

    def flaky(analysed, found: dict) -> dict:
        seen.append(analysed.article.start)
        if len(seen) == 2:
            raise ValueError("cannot parse this one")
        return {"flaky": [analysed.article.start]}

    stored = []
    flaky_extractor = Extractor(name="flaky", requires=(), assigns=("flaky",),
                                extract=lambda analysed, found, settings: flaky(analysed, found),
                                table=RowsOnly(lambda article_id, found: stored.append(found["flaky"]) or {}))
    errors = []
    with Ledger(db_path) as ledger:
        add_extractor(ledger, flaky_extractor)
        report = ledger.ingest([str(seed_path)], on_error=errors.append)
    assert (report.new_items, report.new_articles) == (1, 5)
    assert len(errors) == 1 and len(report.errors) == 1
    message = str(errors[0])
    assert message.startswith(str(seed_path)) and "'flaky'" in message and "cannot parse this one" in message
    assert "\n" not in message
    assert len(stored) == 4  # the other four articles kept their facts
    # every other extractor kept every article's facts: as many entities as a plain ingest of the seed
    assert rows(db_path, "SELECT count(*) FROM entities") == rows(seed_db, "SELECT count(*) FROM entities")


def test_a_version_3_ledger_gains_the_casualty_basis_on_the_next_ingest(seed_db_copy: Path, tmp_path: Path) -> None:
    """Version 3 had no casualties.basis / headline: the next ingest adds them, old figures read as the
    text's, and articles ingested after that can carry a headline figure."""
    from newsledger.export import write_jsonl
    from newsledger.store.schema import SCHEMA_VERSION

    conn = sqlite3.connect(seed_db_copy)
    conn.execute("ALTER TABLE casualties DROP COLUMN headline")
    conn.execute("ALTER TABLE casualties DROP COLUMN basis")
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    before = conn.execute("SELECT article_id, category, value FROM casualties ORDER BY 1, 2").fetchall()
    conn.commit()
    conn.close()
    assert before

    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps({"id": "p1", "title": "Three killed in shooting",
                                 "text": "Please sign in to continue reading."}) + "\n", encoding="utf-8")
    with Ledger(seed_db_copy) as ledger:
        assert ledger.ingest([str(page)]).errors == []
    conn = sqlite3.connect(seed_db_copy)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        kept = conn.execute("SELECT article_id, category, value FROM casualties WHERE basis = 'text' "
                            "ORDER BY 1, 2").fetchall()
        assert kept == before
        assert conn.execute("SELECT value, basis FROM casualties WHERE basis = 'headline'").fetchall() == \
            [(3.0, "headline")]
    finally:
        conn.close()
    out = io.StringIO()
    with Ledger(seed_db_copy) as ledger:
        write_jsonl(ledger, out)
    records = [json.loads(line) for line in out.getvalue().split("\n")[:-1]]
    assert {(r["casualties"]["killed"] or {}).get("basis") for r in records} >= {"text", "headline"}
