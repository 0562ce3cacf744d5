"""Datasette metadata from the schema's own comments: every table, view and column of a ledger is explained."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_cli
from newsledger.store.metadata import datasette_metadata

#: FTS5 keeps its index in shadow tables of its own; they are SQLite's, not the ledger's.
FTS_SHADOW = re.compile(r"^articles_fts_(?:data|idx|content|docsize|config)$")


def actual_layout(db: Path) -> dict[str, list[str]]:
    """Every table and view of a database with its columns, FTS shadow tables and SQLite's own left out."""
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
        return {name: [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
                for name in names if not FTS_SHADOW.match(name) and not name.startswith("sqlite_")}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def layout(seed_db: Path) -> dict[str, list[str]]:
    return actual_layout(seed_db)


@pytest.fixture(scope="module")
def described() -> dict[str, dict]:
    return datasette_metadata()["databases"]["newsledger"]["tables"]


def test_the_seed_database_has_the_tables_and_views_expected(layout: dict[str, list[str]]) -> None:
    """The precondition: a real ledger, with its core, fact, link and full-text tables and the two views."""
    assert {"meta", "items", "articles", "boilerplate", "articles_fts", "entities", "mentions", "claims", "counts",
            "money", "casualties", "times", "stories", "story_articles", "identities", "entity_identities",
            "claims_with_sentences", "counts_with_sentences"} <= set(layout)


def test_every_table_and_view_is_described(layout: dict[str, list[str]], described: dict[str, dict]) -> None:
    assert sorted(set(layout) - set(described)) == []
    assert sorted(name for name in layout if not described[name]["description"].strip()) == []


def test_every_column_is_described(layout: dict[str, list[str]], described: dict[str, dict]) -> None:
    missing = [f"{table}.{column}" for table, columns in layout.items() for column in columns
               if not described[table]["columns"].get(column, "").strip()]
    assert missing == []


def test_nothing_is_described_that_the_database_does_not_have(layout: dict[str, list[str]],
                                                               described: dict[str, dict]) -> None:
    """No stale explanation: each described table and column is in a freshly ingested ledger."""
    assert sorted(set(described) - set(layout)) == []
    extra = [f"{table}.{column}" for table, entry in described.items() for column in entry["columns"]
             if column not in layout.get(table, [])]
    assert extra == []


def test_views_list_their_columns_in_the_table_s_order_then_their_own(layout: dict[str, list[str]],
                                                                      described: dict[str, dict]) -> None:
    for view, table in (("claims_with_sentences", "claims"), ("counts_with_sentences", "counts")):
        assert layout[view] == layout[table] + ["sentence", "published", "outlet", "when_value"]
        assert list(described[view]["columns"]) == layout[view]
        assert described[view]["columns"]["id"] == described[table]["columns"]["id"]


def test_a_column_comment_is_its_description(described: dict[str, dict]) -> None:
    """Read from the schema's own comments, word for word."""
    assert described["items"]["columns"]["text"] == "every offset in this database points into this text"
    assert described["articles"]["columns"]["end"] == "end of the article in the item's text"  # quoted "end"
    assert described["claims_with_sentences"]["columns"]["when_value"] == "TIMEX3 value of the time of the saying"
    assert described["stories"]["description"] == "Stories: articles about the same event, grown one article at a time."


# -- the command --------------------------------------------------------------------------------------------


def test_metadata_command_keys_the_database_by_its_file_name(tmp_path: Path) -> None:
    result = run_cli(CliRunner(), "metadata", "--db", str(tmp_path / "x.db"))
    metadata = json.loads(result.stdout)
    assert list(metadata["databases"]) == ["x"]
    assert metadata["databases"]["x"] == datasette_metadata("x")["databases"]["x"]
    assert metadata["title"] == "newsledger"
    assert not (tmp_path / "x.db").exists()  # describing a ledger does not create one


def test_metadata_command_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "metadata.json"
    result = run_cli(CliRunner(), "metadata", "--db", "news.db", "-o", str(target))
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == datasette_metadata("news")


def test_metadata_to_an_unwritable_place_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "metadata.json"
    result = run_cli(CliRunner(), "metadata", "-o", str(target), status=2)
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"newsledger: {target}: cannot write")
