"""Out-of-range numbers and SQLite failures end a command with one line, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_cli

HUGE = "99999999999999999999"  # past SQLite's 64-bit integers

#: Every integer option that reaches SQL, with the arguments its command needs.
NUMBER_OPTIONS = [
    (["articles"], "--limit"),
    (["search", "killed"], "--limit"),
    (["claims"], "--limit"),
    (["counts"], "--limit"),
    (["timeline"], "--limit"),
    (["stories"], "--limit"),
    (["stories"], "--min-articles"),
    (["entity", "Kirby"], "--limit"),
]


@pytest.mark.parametrize(("command", "option"), NUMBER_OPTIONS)
@pytest.mark.parametrize("value", [HUGE, "-5", "0"])
def test_a_number_out_of_range_is_a_usage_error(
    runner: CliRunner, seed_db: Path, command: list[str], option: str, value: str
) -> None:
    result = run_cli(runner, *command, "--db", str(seed_db), option, value, status=2)
    assert f"Invalid value for '{option}'" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database is locked"),
        sqlite3.OperationalError("disk I/O error"),
        sqlite3.DatabaseError("file is not a database"),
    ],
)
def test_an_sqlite_error_while_a_command_runs_is_one_line(
    runner: CliRunner, seed_db: Path, monkeypatch: pytest.MonkeyPatch, error: sqlite3.Error
) -> None:
    from newsledger.ledger import Ledger

    def failing(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(Ledger, "articles", failing)
    result = run_cli(runner, "articles", "--db", str(seed_db), status=2)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"newsledger: {seed_db}: ") and str(error) in line, line


def test_an_sqlite_error_while_the_ledger_opens_is_one_line(
    runner: CliRunner, seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsledger.ledger

    def failing(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(newsledger.ledger.Ledger, "__init__", failing)
    result = run_cli(runner, "claims", "--db", str(seed_db), status=2)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"newsledger: {seed_db}: ") and "attempt to write a readonly database" in line, line
