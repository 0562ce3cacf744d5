"""Shared fixtures: the seed dump, one ingest of it per session, a fresh db path, a CLI runner.

The seed is ``../shared/seed/000_7b4aea63d7dec936.txt`` when ``../shared`` is there, else the bundled
copy ``samples/seed-dump.txt`` (the same bytes), so the seed tests always run. Only tests that need the
gold (``../shared/gold``) or the evaluation sets (``../shared/eval``) skip without ``../shared``.

``assert_clean`` is a plain function: ``from conftest import assert_clean``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

#: The web app's fixtures (a served ledger with hostile articles, a client, a live server).
pytest_plugins = ["serve.fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
SHARED_SEED = SHARED / "seed" / "000_7b4aea63d7dec936.txt"
BUNDLED_SEED = PROJECT_ROOT / "samples" / "seed-dump.txt"
#: The seed's hand annotation (counts): only in ../shared.
SEED_GOLD = SHARED / "gold" / "seed.gold.json"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-long",
        action="store_true",
        default=False,
        help="tests/fuzz: draw thousands of random hostile cases (NEWSLEDGER_FUZZ_EXAMPLES per property, "
        "1000 by default) instead of the few fixed ones; scripts/fuzz.sh N runs this and sums up",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: ingests a whole evaluation set from ../shared (minutes); "
                                       "deselect with -m 'not slow'")


def seed_file() -> Path:
    """The seed dump: the shared copy when there is one, else the bundled one (the same bytes)."""
    return SHARED_SEED if SHARED_SEED.is_file() else BUNDLED_SEED


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return seed_file()


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    """The seed as the ledger decodes it: UTF-8, BOM dropped, line endings kept."""
    return seed_path.read_bytes().decode("utf-8-sig")


@pytest.fixture(scope="session")
def seed_db(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the seed, ingested once per session. Treat it as read-only."""
    from newsledger.ledger import Ledger

    db = tmp_path_factory.mktemp("seed") / "seed.db"
    with Ledger(db) as ledger:
        report = ledger.ingest([str(seed_path)])
    assert not report.errors, report.errors
    return db


def copy_ledger(source: Path, target: Path) -> Path:
    """A consistent copy of ``source`` (SQLite's backup, so a WAL is folded in)."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        origin.close()
        copy.close()
    return target


@pytest.fixture
def seed_db_copy(seed_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seed database, for tests that write to it."""
    return copy_ledger(seed_db, tmp_path / "seed-copy.db")


@pytest.fixture(scope="session")
def seed_records(seed_db: Path) -> list[dict]:
    """The JSONL export of the seed database, parsed."""
    from newsledger.export import write_jsonl
    from newsledger.ledger import Ledger

    out = io.StringIO()
    with Ledger(seed_db, readonly=True) as ledger:
        write_jsonl(ledger, out)
    return [json.loads(line) for line in out.getvalue().split("\n") if line]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database that does not exist yet."""
    return tmp_path / "ledger.db"


def table_counts(db: Path) -> dict[str, int]:
    """Row count of every table (FTS shadow tables included) of a database."""
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.fixture(scope="session")
def count_tables():
    return table_counts


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture
def copy_file():
    def copy(src: Path, dst: Path) -> Path:
        shutil.copyfile(src, dst)
        return dst

    return copy


@pytest.fixture
def runner() -> CliRunner:
    """A click runner for invoking ``newsledger.cli.main`` in-process."""
    return CliRunner()


def assert_clean(result: Result) -> None:
    """No traceback anywhere and no exception other than a deliberate exit."""
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)


ARTICLE_ID_CELL = re.compile(r"^[0-9a-f]{12}$")


def run_cli(runner: CliRunner, *args: str, status: int = 0) -> Result:
    """Invoke the CLI, check it printed no traceback and exited with ``status``."""
    from newsledger.cli import main

    result = runner.invoke(main, list(args))
    assert_clean(result)
    assert result.exit_code == status, (result.output, result.stderr)
    return result


def export_records(runner: CliRunner, db: Path) -> list[dict]:
    """The JSONL export of ``db``, parsed."""
    result = run_cli(runner, "export", "--db", str(db), "--format", "jsonl")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def table_rows(output: str, first_cell: re.Pattern[str] = ARTICLE_ID_CELL) -> list[list[str]]:
    """Rows of a rich table printed without colour: the lines whose first cell matches ``first_cell``
    (wrapped continuation lines are skipped)."""
    rows = []
    for line in output.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells and first_cell.match(cells[0]):
            rows.append(cells)
    return rows
