"""Ledgers for fuzz cases: a private copy of the seed ledger per case, and what "unchanged" means.

A ledger's state is its JSONL export (the contract) and the row count of every table; a rejected
input must leave both as they were, and ``PRAGMA integrity_check`` must say ok after any run.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from conftest import copy_ledger, table_counts  # noqa: F401 (copy_ledger: the fuzz tests take it from here)
from fuzz.harness import TALLY, Run, check_run, run_here


@dataclass(frozen=True)
class Snapshot:
    """What a ledger holds, as the export and the tables show it."""

    export: str
    counts: dict[str, int]

    @property
    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.export.splitlines() if line.strip()]

    @property
    def article_ids(self) -> set[str]:
        return {record["id"] for record in self.records}


def snapshot(db: Path) -> Snapshot:
    """The ledger's JSONL export (through the CLI, which must work on it) and its tables' row counts."""
    run = run_here("export", "--db", str(db), "--format", "jsonl")
    check_run(run)
    assert run.status == 0, f"the ledger cannot be exported after the run{run.describe()}"
    return Snapshot(run.stdout, table_counts(db))


def integrity(db: Path) -> str:
    """``PRAGMA integrity_check`` of ``db``, read-only."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def check_intact(db: Path, run: Run) -> None:
    """The ledger is a sound SQLite database after ``run``."""
    verdict = integrity(db)
    if verdict != "ok":
        TALLY["ledgers corrupted"] += 1
    assert verdict == "ok", f"PRAGMA integrity_check: {verdict}{run.describe()}"


def check_unchanged(before: Snapshot, db: Path, run: Run) -> None:
    """A run whose inputs were all rejected left the ledger exactly as it was."""
    check_intact(db, run)
    after = snapshot(db)
    if after != before:
        TALLY["ledgers changed by rejected input"] += 1
    added = sorted(after.article_ids - before.article_ids)
    assert after.export == before.export, (
        f"a rejected input changed the ledger's export (articles added: {added[:5]}){run.describe()}"
    )
    changed = {t: (before.counts.get(t), n) for t, n in after.counts.items() if before.counts.get(t) != n}
    assert after.counts == before.counts, f"a rejected input changed table row counts {changed}{run.describe()}"


def check_same_as(expected: Snapshot, db: Path, run: Run, oracle: str) -> None:
    """The ledger holds what ingesting only the accepted inputs gives (``oracle`` says what that was)."""
    check_intact(db, run)
    after = snapshot(db)
    if after.export != expected.export:
        TALLY["ledgers changed by rejected input"] += 1
    extra = sorted(after.article_ids - expected.article_ids)
    missing = sorted(expected.article_ids - after.article_ids)
    assert after.export == expected.export, (
        f"the ledger differs from ingesting {oracle} alone: articles only here {extra[:5]}, "
        f"only there {missing[:5]}{run.describe()}"
    )


def file_state(path: Path) -> tuple[str, ...]:
    """The bytes (as a hash) of ``path`` and of the SQLite files beside it, or that they are missing
    (an empty journal or WAL left beside a file counts as missing: it holds nothing)."""
    state = []
    for suffix in ("", "-journal", "-wal"):
        file = Path(str(path) + suffix)
        if file.is_file() and (suffix == "" or file.stat().st_size):
            state.append(f"{file.name}: {hashlib.sha256(file.read_bytes()).hexdigest()[:16]}")
        elif suffix == "" and (file.is_symlink() or file.exists()):
            state.append(f"{file.name}: {file.stat().st_mode:o}")
        else:
            state.append(f"{file.name}: missing")
    return tuple(state)


def item_texts(db: Path, article_ids: set[str]) -> set[str]:
    """The whole texts of the items the given articles come from."""
    from newsledger.ledger import Ledger

    with Ledger(db, readonly=True) as ledger:
        return {ledger.item_text(article_id) for article_id in article_ids}
