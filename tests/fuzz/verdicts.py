"""Judging an ingest run over hostile inputs, and reading back what it stored.

An input is rejected when a ``newsledger: ...`` line names it. A rejected input must be named exactly
once, make the exit status non-zero and change nothing in the ledger; an accepted one must be stored
(faithfully, when there is one right text) and every reading command must then work on the ledger
without showing a raw control character.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from fuzz.harness import Run, check_named_once, check_not_named, check_run, lines_naming, run_here
from fuzz.hostile import FileCase
from fuzz.ledgers import Snapshot, check_intact, check_unchanged, item_texts, snapshot

#: Reading commands that take nothing but --db.
LISTINGS = (
    ("articles",),
    ("stories",),
    ("claims",),
    ("counts",),
    ("timeline",),
    ("export", "--format", "jsonl"),
    ("export", "--format", "csv"),
    ("export", "--format", "counts-csv"),
)


@functools.cache
def base_snapshot(db: Path) -> Snapshot:
    """The seed ledger's state, taken once: every case's copy starts from it."""
    return snapshot(db)


def judge_file(run: Run, path: Path, case: FileCase, before: Snapshot, db: Path) -> None:
    """The verdict on one ingested file: rejected cleanly, or stored faithfully and readable."""
    check_run(run)
    rejected = bool(lines_naming(run, str(path)))
    if case.verdict == "reject" or rejected:
        judge_rejected(run, [path], before, db)
        return
    check_not_named(run, str(path))
    assert run.status == 0, f"an accepted input, yet exit status {run.status}{run.describe()}"
    check_intact(db, run)
    after = snapshot(db)
    added = after.article_ids - before.article_ids
    if case.text is not None and added:
        stored = item_texts(db, added)
        assert stored == {case.text}, (
            f"{case.why} text stored unfaithfully: {sorted(stored)[0][:120]!r} "
            f"instead of {case.text[:120]!r}{run.describe()}"
        )
    check_reading(db, added, words_of(case.text or ""))


def judge_rejected(run: Run, paths: Iterable[Path], before: Snapshot, db: Path) -> None:
    """Every one of ``paths`` is named once, the status says so, and the ledger is as it was."""
    for path in paths:
        check_named_once(run, str(path))
    assert run.status in (1, 2), f"every input rejected, yet exit status {run.status}{run.describe()}"
    check_unchanged(before, db, run)


def words_of(text: str) -> list[str]:
    """A couple of words to search for, hostile ones included."""
    words = [word for word in text.split() if len(word) > 3]
    return words[:1] + words[-1:]


def check_reading(db: Path, new_articles: Iterable[str], words: Iterable[str] = ()) -> None:
    """Every reading command works on ``db`` (exit 0) and shows no raw control character."""
    after = snapshot(db)
    new = sorted(new_articles)[:3]
    records = [record for record in after.records if record["id"] in new]
    stories = sorted({record["story"] for record in records if record.get("story")})[:2]
    names = sorted(
        {entity["name"] for record in records for entity in record.get("entities", []) if entity.get("name")}
    )
    commands = [*LISTINGS, *(("show", article) for article in new), *(("story", story) for story in stories)]
    commands += [("entity", name) for name in names[:1]]
    for command in commands:
        run = run_here(*command, "--db", str(db))
        check_run(run)
        assert run.status == 0, f"a reading command failed on the ledger{run.describe()}"
    for word in words:
        run = run_here("search", word, "--db", str(db))
        check_run(run)
        assert run.status == 0 or (run.status == 2 and run.stderr.startswith("newsledger: ")), (
            f"search failed on the ledger{run.describe()}"
        )
