"""Fuzz: JSONL files mixing good lines with broken ones (truncated, not objects, wrong field types, lone
surrogates, NULs, escapes, duplicate ids with different texts, deep nesting, huge numbers).

Each bad line is named once as ``FILE:LINE``; the good lines are all stored, with their texts exactly;
and the ledger ends up exactly as ingesting only the lines that were not refused would leave it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from fuzz.budget import case_folder, fuzz_settings
from fuzz.harness import (
    Run,
    check_errors_are_one_liners,
    check_named_once,
    check_not_named,
    check_run,
    file_level_lines,
    lines_naming,
    run_here,
)
from fuzz.hostile import JsonlCase, Line, jsonl_files
from fuzz.ledgers import Snapshot, check_same_as, check_unchanged, copy_ledger, item_texts, snapshot
from fuzz.verdicts import base_snapshot, check_reading

#: What the ledger says of a line it stored all the same (an id already given to another text): a warning.
STORED_ANYWAY = "stored this one as another item beside it"


def refused_lines(run: Run, path: Path, case: JsonlCase) -> set[int]:
    """Numbers of the lines an error line names (the BOM, if any, is not a line); a warning is not a refusal."""
    return {
        number
        for number, _ in enumerate(case.lines, start=1)
        if any(STORED_ANYWAY not in line for line in lines_naming(run, str(path), number))
    }


def test_hostile_jsonl(pytestconfig: pytest.Config, seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("jsonl")
    before = base_snapshot(seed_db)

    @fuzz_settings(pytestconfig, examples=40)
    @given(case=jsonl_files())
    def check(case: JsonlCase) -> None:
        with case_folder(root) as folder:
            db = copy_ledger(seed_db, folder / "ledger.db")
            path = folder / "in.jsonl"
            path.write_bytes(case.data())
            run = run_here("ingest", str(path), "--db", str(db))
            check_run(run)
            check_errors_are_one_liners(run)
            if file_level_lines(run, str(path)):  # the whole file refused (it may not be read line by line)
                check_named_once(run, str(path))
                assert run.status in (1, 2), f"the file was refused, yet exit status {run.status}{run.describe()}"
                check_unchanged(before, db, run)
                return
            judge_lines(run, path, case, db, seed_db)

    check()


def judge_lines(run: Run, path: Path, case: JsonlCase, db: Path, seed_db: Path) -> None:
    """Bad lines named once each, good ones stored, and nothing of the refused lines in the ledger."""
    refused = refused_lines(run, path, case)
    for number, line in enumerate(case.lines, start=1):
        if line.verdict == "reject":
            check_named_once(run, str(path), number)
        elif line.verdict == "accept":
            check_not_named(run, str(path), number)
        elif number in refused:
            check_named_once(run, str(path), number)
    assert run.status == (1 if refused else 0), (
        f"lines refused: {sorted(refused)}, yet exit status {run.status}{run.describe()}"
    )
    kept = tuple(line for number, line in enumerate(case.lines, start=1) if number not in refused)
    added = snapshot(db).article_ids - base_snapshot(seed_db).article_ids
    texts = item_texts(db, added)
    for line in kept:
        if line.text is not None:
            assert line.text in texts, f"the accepted line {line!r} was not stored (silently dropped){run.describe()}"
    check_same_as(oracle(case, kept, seed_db, path.parent / "oracle"), db, run, "the lines that were not refused")
    check_reading(db, added)


def oracle(case: JsonlCase, kept: tuple[Line, ...], seed_db: Path, folder: Path) -> Snapshot:
    """The ledger that ingesting only the ``kept`` lines into a fresh copy of the seed ledger gives."""
    folder.mkdir()
    db = copy_ledger(seed_db, folder / "oracle.db")
    if all(not line.raw.strip() for line in kept):
        return snapshot(db)
    path = folder / "in.jsonl"
    path.write_bytes(case.data(kept))
    run = run_here("ingest", str(path), "--db", str(db))
    check_run(run)
    assert run.status == 0, f"ingesting only the accepted lines failed{run.describe()}"
    return snapshot(db)
