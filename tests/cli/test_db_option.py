"""Reading commands never create or write a database; --db must name a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_cli


@pytest.mark.parametrize("command", ["articles", "claims", "counts", "timeline", "export"])
def test_reading_a_missing_database_fails_and_creates_nothing(tmp_path: Path, command: str) -> None:
    typo = tmp_path / "typo.db"
    result = run_cli(CliRunner(), command, "--db", str(typo), status=2)
    assert "no such database" in result.stderr and str(typo) in result.stderr
    assert not typo.exists()


@pytest.mark.parametrize("db", ["", ":memory:"])
def test_ingest_refuses_a_database_that_is_not_a_file(tmp_path: Path, seed_path: Path, db: str) -> None:
    result = run_cli(CliRunner(), "ingest", "--db", db, str(seed_path), status=2)
    assert "give the path of a database file" in result.stderr


def test_reading_leaves_the_file_untouched(tmp_path: Path, seed_db: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(seed_db, copy)
    before = copy.read_bytes()
    for command in ("articles", "claims", "counts", "timeline"):
        run_cli(CliRunner(), command, "--db", str(copy))
    assert copy.read_bytes() == before
