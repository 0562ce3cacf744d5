"""Fuzz: hostile ledgers given as --db: foreign SQLite files (with and without an ``items`` table), a
ledger claiming a newer schema, text and zero-length files, a truncated ledger, a directory, devices and a
FIFO, a read-only ledger and one locked by another connection.

A ledger newsledger cannot use is refused in one line naming it, and is left byte for byte as it was;
a reading command never writes. A read-only ledger can still be read; a locked one can still be read,
and an ingest into it ends within 30 s.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz.budget import case_folder, fuzz_settings
from fuzz.harness import Run, check_errors_are_one_liners, check_named_once, check_run, run_apart_together, run_here
from fuzz.hostile import NEWS
from fuzz.ledgers import check_intact, check_unchanged, copy_ledger, file_state
from fuzz.verdicts import base_snapshot
from newsledger.store.schema import SCHEMA_VERSION

READING = (
    ("articles",),
    ("stories",),
    ("claims",),
    ("search", "police"),
    ("show", "aa0c"),
    ("export", "--format", "jsonl"),
    ("timeline",),
)


@dataclass(frozen=True)
class LedgerCase:
    """A file given as --db; ``ingest`` says whether ingest must refuse it or may also adopt it."""

    why: str
    make: Callable[[Path, Path], None]
    ingest: str

    def __repr__(self) -> str:
        return f"LedgerCase({self.why})"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(repr(self))  # type: ignore[attr-defined]


def _foreign(tables: list[tuple[str, list[str]]], rows: int) -> Callable[[Path, Path], None]:
    def make(db: Path, seed: Path) -> None:
        conn = sqlite3.connect(db)
        for name, columns in tables:
            conn.execute(f'CREATE TABLE "{name}" ({", ".join(f"{c!s} TEXT" for c in columns)})')
            for row in range(rows):
                conn.execute(
                    f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(columns))})', [f"v{row}"] * len(columns)
                )
        conn.commit()
        conn.close()

    return make


@st.composite
def foreign_sqlite(draw: st.DrawFn) -> LedgerCase:
    """Another program's SQLite file, sometimes with an ``items`` (or ``meta``) table of its own."""
    names = draw(
        st.lists(st.sampled_from(["items", "meta", "users", "articles", "notes"]), min_size=1, max_size=3, unique=True)
    )
    columns = draw(
        st.lists(st.sampled_from(["id", "name", "text", "value", "key"]), min_size=1, max_size=3, unique=True)
    )
    rows = draw(st.integers(0, 3))
    return LedgerCase(
        f"foreign SQLite with tables {names}, columns {columns}, {rows} rows",
        _foreign([(n, columns) for n in names], rows),
        "refuse",
    )


@st.composite
def newer_schema(draw: st.DrawFn) -> LedgerCase:
    newer = str(int(SCHEMA_VERSION) + 1)
    version = draw(st.sampled_from([newer, "99", "1000000", "4.1", "v" + newer, "", "-1", "0", "４"]))

    def make(db: Path, seed: Path) -> None:
        copy_ledger(seed, db)
        conn = sqlite3.connect(db)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
        conn.commit()
        conn.close()

    return LedgerCase(f"a ledger claiming schema_version {version!r}", make, "refuse")


@st.composite
def not_sqlite(draw: st.DrawFn) -> LedgerCase:
    """A text file, a zero-length file, a ledger cut short, an SQLite header followed by junk."""
    kind = draw(st.sampled_from(["text", "zero-length", "truncated", "header and junk"]))
    junk = draw(st.binary(min_size=1, max_size=300))
    cut = draw(st.sampled_from([100, 4096, 20_000]))

    def make(db: Path, seed: Path) -> None:
        if kind == "text":
            db.write_text("id,title\n1,not a database\n" + junk.hex())
        elif kind == "zero-length":
            db.write_bytes(b"")
        elif kind == "truncated":
            copy_ledger(seed, db.with_suffix(".whole"))
            db.write_bytes(db.with_suffix(".whole").read_bytes()[:cut])
        else:
            db.write_bytes(b"SQLite format 3\x00" + junk)

    ingest = "either" if kind == "zero-length" else "refuse"
    return LedgerCase(f"{kind} file" + (f" ({cut} bytes)" if kind == "truncated" else ""), make, ingest)


def hostile_ledgers() -> st.SearchStrategy[LedgerCase]:
    directory = LedgerCase("a directory", lambda db, seed: db.mkdir(), "refuse")
    return st.one_of(foreign_sqlite(), newer_schema(), not_sqlite(), st.just(directory))


def judge_refused(run: Run, db: Path, before: tuple[str, ...]) -> None:
    """Refused in one line naming the ledger, and the file left exactly as it was."""
    check_named_once(run, str(db))
    assert run.status in (1, 2), f"an unusable ledger, yet exit status {run.status}{run.describe()}"
    after = file_state(db)
    assert after == before, f"the refused ledger file changed: {before} -> {after}{run.describe()}"


def test_hostile_ledgers(pytestconfig: pytest.Config, seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("ledgers")

    @fuzz_settings(pytestconfig, examples=25)
    @given(case=hostile_ledgers(), reading=st.sampled_from(READING))
    def check(case: LedgerCase, reading: tuple[str, ...]) -> None:
        with case_folder(root) as folder:
            db = folder / "ledger.db"
            case.make(db, seed_db)
            good = folder / "good.txt"
            good.write_text(NEWS[0])
            before = file_state(db)
            run = run_here(*reading, "--db", str(db))
            check_run(run)
            check_errors_are_one_liners(run)
            # a ledger cut short may still answer a query that reads only what is left of it
            if not (case.why.startswith("truncated") and run.status == 0):
                judge_refused(run, db, before)
            run = run_here("ingest", str(good), "--db", str(db))
            check_run(run)
            check_errors_are_one_liners(run)
            if case.ingest == "refuse" or run.status != 0:
                judge_refused(run, db, before)
            else:
                check_intact(db, run)

    check()


# -- another process, another user, devices: subprocesses, all at once -------------------------


def test_locked_ledger(seed_db: Path, tmp_path: Path) -> None:
    """Another connection holds the write lock: reading still works, an ingest ends within 30 s and
    (refused or not) leaves the ledger sound; nothing it refused is stored."""
    db = copy_ledger(seed_db, tmp_path / "locked.db")
    good = tmp_path / "locked-input.txt"
    good.write_text(f"{NEWS[2]} Locked.")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE lock_holder (x)")
    try:
        runs = run_apart_together(
            [("ingest", str(good), "--db", str(db)), ("articles", "--db", str(db)), ("export", "--db", str(db))]
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ingest, *reading = runs
    for run in runs:
        check_run(run)
        check_errors_are_one_liners(run)
    for run in reading:
        assert run.status == 0, f"a reading command failed while another connection held the write lock{run.describe()}"
    if ingest.status != 0:
        check_named_once(ingest, str(db))
        check_unchanged(base_snapshot(seed_db), db, ingest)
    else:
        check_intact(db, ingest)


def test_read_only_ledger(seed_db: Path, tmp_path: Path) -> None:
    """A ledger the user may not write (in a folder they may not write; root runs without its power to
    override permissions): every reading command works,
    ingest is refused in one line and the file is unchanged."""
    db = copy_ledger(seed_db, tmp_path / "readonly.db")
    good = tmp_path / "readonly-input.txt"
    good.write_text(f"{NEWS[3]} Read-only.")
    db.chmod(0o444)
    before = file_state(db)
    tmp_path.chmod(0o555)
    try:
        runs = run_apart_together(
            [("ingest", str(good), "--db", str(db)), *((*command, "--db", str(db)) for command in READING)],
            obey_permissions=True,
        )
    finally:
        tmp_path.chmod(0o755)
    ingest, *reading = runs
    for run in runs:
        check_run(run)
        check_errors_are_one_liners(run)
    judge_refused(ingest, db, before)
    for run in reading:
        assert run.status == 0, f"a reading command failed on a read-only ledger{run.describe()}"


DEVICES = ("/dev/null", "/dev/zero", "fifo")


@pytest.mark.parametrize("device", DEVICES)
def test_device_or_fifo_as_ledger(device: str, tmp_path: Path) -> None:
    """A device or a FIFO given as --db is refused in one line, by ingest and by a reading command, in time."""
    db = Path(device)
    if device == "fifo":
        db = tmp_path / "ledger-fifo.db"
        os.mkfifo(db)
    good = tmp_path / f"device-input-{DEVICES.index(device)}.txt"
    good.write_text(NEWS[4])
    for run in run_apart_together([("ingest", str(good), "--db", str(db)), ("articles", "--db", str(db))]):
        check_run(run)
        check_errors_are_one_liners(run)
        check_named_once(run, str(db))
        assert run.status in (1, 2), f"a device or FIFO as --db, yet exit status {run.status}{run.describe()}"
