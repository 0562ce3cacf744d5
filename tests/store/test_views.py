"""The views claims_with_sentences and counts_with_sentences: each fact with the sentence and the date the export
gives it, for whoever reads the database with SQL (Datasette, sqlite3) rather than through newsledger."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from newsledger.export import write_jsonl
from newsledger.ledger import Ledger

FIRST = "Ukraine’s military intelligence agency and the Pentagon on Monday said"


def export(db: Path) -> list[dict]:
    out = io.StringIO()
    with Ledger(db, readonly=True) as ledger:
        write_jsonl(ledger, out)
    return [json.loads(line) for line in out.getvalue().split("\n")[:-1]]


def view_rows(db: Path, view: str) -> dict[str, sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {row["id"]: row for row in conn.execute(f"SELECT * FROM {view}")}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def dated_db(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed published on 2024-12-18, so that its days resolve ("on Monday" is 2024-12-16)."""
    db = tmp_path_factory.mktemp("views") / "dated.db"
    with Ledger(db) as ledger:
        assert ledger.ingest([str(seed_path)], published="2024-12-18").errors == []
    return db


@pytest.fixture(scope="module", params=["undated", "dated"])
def ledger_db(request: pytest.FixtureRequest, seed_db: Path, dated_db: Path) -> Path:
    return seed_db if request.param == "undated" else dated_db


def test_the_views_exist(ledger_db: Path) -> None:
    conn = sqlite3.connect(ledger_db)
    try:
        views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    finally:
        conn.close()
    assert {"claims_with_sentences", "counts_with_sentences"} <= views


@pytest.mark.parametrize("view, kind", [("claims_with_sentences", "claims"), ("counts_with_sentences", "counts")])
def test_each_fact_has_the_sentence_and_when_the_export_gives_it(ledger_db: Path, view: str, kind: str) -> None:
    rows = view_rows(ledger_db, view)
    facts = [(record, fact) for record in export(ledger_db) for fact in record[kind]]
    assert sorted(rows) == sorted(fact["id"] for _, fact in facts)  # every fact, once
    assert facts
    if kind == "counts":
        assert len(facts) == 9  # the seed's nine counts of people (tests/cli/test_counts_cli.py)
    for record, fact in facts:
        row = rows[fact["id"]]
        assert row["article_id"] == fact["article"] == record["id"]
        assert row["sentence"] == fact["sentence"]["text"], fact["id"]
        assert (row["sentence_start"], row["sentence_end"]) == (fact["sentence"]["start"], fact["sentence"]["end"])
        assert row["when_value"] == (fact["when"] or {}).get("value"), (fact["id"], fact["when"])
        assert (row["published"], row["outlet"]) == (record["published"], record["outlet"])


def test_the_views_carry_the_resolved_dates(dated_db: Path) -> None:
    """Hand-worked: the Pentagon "on Monday said" is 2024-12-16; the troops "killed or wounded ... at the
    weekend" are 2024-W50-WE."""
    claims = view_rows(dated_db, "claims_with_sentences").values()
    (pentagon,) = [c for c in claims if c["sentence"].startswith(FIRST)]
    assert (pentagon["when_text"], pentagon["when_value"]) == ("Monday", "2024-12-16")
    counts = view_rows(dated_db, "counts_with_sentences").values()
    (kow,) = [c for c in counts if c["category"] == "killed_or_wounded"]
    assert kow["when_value"] == "2024-W50-WE"
    assert {c["published"] for c in counts} == {"2024-12-18"}


def test_without_a_date_nothing_relative_resolves(seed_db: Path) -> None:
    claims = view_rows(seed_db, "claims_with_sentences").values()
    (pentagon,) = [c for c in claims if c["sentence"].startswith(FIRST)]
    assert (pentagon["when_text"], pentagon["when_value"]) == ("Monday", "XXXX-WXX-1")
    assert {c["published"] for c in claims} == {None}
