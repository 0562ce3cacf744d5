"""Fuzz: folders of mixed files (good, binary, empty, broken JSONL, dangling links, link loops, hidden and
unknown files), FIFOs and devices given as paths, and huge lines.

In a folder each bad file is named once and the ledger ends up as ingesting the good files alone would
leave it. FIFOs, devices and huge lines can block or run long, so they run as subprocesses, at once,
each stopped after 30 s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz.budget import case_folder, fuzz_settings, is_long
from fuzz.harness import (
    Run,
    check_errors_are_one_liners,
    check_named_once,
    check_not_named,
    check_run,
    lines_naming,
    run_apart_together,
    run_here,
)
from fuzz.hostile import MAGIC, NEWS
from fuzz.ledgers import Snapshot, check_same_as, check_unchanged, copy_ledger, snapshot
from fuzz.verdicts import base_snapshot, check_reading

#: What an entry of a folder is, and whether a reader must store it, refuse it or pass over it unnamed.
ENTRY_VERDICTS = {
    "good text": "accept",
    "good jsonl": "accept",
    "good html": "accept",
    "good text in a subfolder": "accept",
    "folder named like a file": "accept",
    "binary": "reject",
    "empty": "reject",
    "broken jsonl": "reject",
    "dangling link": "reject",
    "link loop": "reject",
    "self link": "reject",
    "hidden binary": "ignore",
    "unknown suffix": "ignore",
    "empty subfolder": "ignore",
    "fifo": "reject",
    "link to /dev/zero": "reject",
    "link to /dev/urandom": "reject",
}
SPECIAL = ("fifo", "link to /dev/zero", "link to /dev/urandom")


@dataclass(frozen=True)
class Entry:
    kind: str
    number: int

    @property
    def verdict(self) -> str:
        return ENTRY_VERDICTS[self.kind]

    @property
    def name(self) -> str:
        """A distinct name per entry (the number first, so no name is a prefix of another's path)."""
        stem = f"e{self.number}-{self.kind.replace(' ', '-').replace('/', '')}"
        suffix = {"good jsonl": ".jsonl", "broken jsonl": ".jsonl", "good html": ".html", "unknown suffix": ".pdf"}
        hidden = "." if self.kind == "hidden binary" else ""
        return hidden + stem + suffix.get(self.kind, ".txt")

    def create(self, folder: Path) -> list[Path]:
        """Make the entry in ``folder``; return the paths an error line must name if it is refused."""
        path = folder / self.name
        text = f"{NEWS[self.number % len(NEWS)]} Entry number {self.number}."
        make = {
            "good text": lambda: path.write_text(text),
            "good jsonl": lambda: path.write_text(f'{{"text": "{text}"}}\n'),
            "good html": lambda: path.write_text(f"<html><body><article><p>{text}</p></article></body></html>"),
            "binary": lambda: path.write_bytes(MAGIC[self.number % len(MAGIC)] + b"\x00\x00binary"),
            "empty": lambda: path.write_bytes(b""),
            "broken jsonl": lambda: path.write_text('{"text": "cut\n'),
            "dangling link": lambda: path.symlink_to(folder / "nowhere.txt"),
            "self link": lambda: path.symlink_to(path),
            "hidden binary": lambda: path.write_bytes(b"\x00\x01"),
            "unknown suffix": lambda: path.write_bytes(b"%PDF-1.7\n\x00"),
            "fifo": lambda: os.mkfifo(path),
            "link to /dev/zero": lambda: path.symlink_to("/dev/zero"),
            "link to /dev/urandom": lambda: path.symlink_to("/dev/urandom"),
        }
        if self.kind == "link loop":
            twin = folder / f"e{self.number}-loop-twin.txt"
            path.symlink_to(twin)
            twin.symlink_to(path)
            return [path, twin]
        if self.kind in ("good text in a subfolder", "folder named like a file", "empty subfolder"):
            path = folder / (f"e{self.number}-sub" if self.kind != "folder named like a file" else self.name)
            path.mkdir()
            if self.kind != "empty subfolder":
                (path / "inner.txt").write_text(text)
            return [path]
        make[self.kind]()
        return [path]


@st.composite
def folders(draw: st.DrawFn, special: bool) -> tuple[Entry, ...]:
    """One to five entries; FIFOs and device links only when ``special`` (they need a subprocess)."""
    kinds = [kind for kind in ENTRY_VERDICTS if special or kind not in SPECIAL]
    chosen = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=5))
    if special and not set(chosen) & set(SPECIAL):
        chosen.append(draw(st.sampled_from(SPECIAL)))
    return tuple(Entry(kind, number) for number, kind in enumerate(chosen, start=1))


def ingest_folder(seed_db: Path, folder: Path, entries: tuple[Entry, ...], apart: bool) -> None:
    """Ingest a mixed folder, then judge it against ingesting its good entries alone."""
    dump = folder / "dump"
    dump.mkdir()
    made = {entry: entry.create(dump) for entry in entries}
    db = copy_ledger(seed_db, folder / "ledger.db")
    args = ("ingest", str(dump), "--db", str(db))
    run = run_apart_together([args])[0] if apart else run_here(*args)
    check_run(run)
    check_errors_are_one_liners(run)
    refused = False
    for entry, paths in made.items():
        for path in paths:
            if entry.verdict == "reject":
                check_named_once(run, str(path))
            elif entry.verdict == "accept":
                check_not_named(run, str(path))
            refused |= bool(lines_naming(run, str(path)))
    if all(entry.verdict != "accept" for entry in entries):
        if not refused:  # only hidden, unknown or empty entries: the folder itself is named
            check_named_once(run, str(dump))
        assert run.status in (1, 2), (
            f"nothing in the folder could be read, yet exit status {run.status}{run.describe()}"
        )
        check_unchanged(base_snapshot(seed_db), db, run)
        return
    assert run.status == (1 if refused else 0), (
        f"bad entries refused: {refused}, exit status {run.status}{run.describe()}"
    )
    check_same_as(good_only(seed_db, folder, made), db, run, "the good entries")
    check_reading(db, snapshot(db).article_ids - base_snapshot(seed_db).article_ids)


def good_only(seed_db: Path, folder: Path, made: dict[Entry, list[Path]]) -> Snapshot:
    """The ledger that ingesting only the good entries of the folder (same paths) gives."""
    for entry, paths in made.items():
        if entry.verdict != "accept":
            for path in paths:
                path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
    db = copy_ledger(seed_db, folder / "good-only.db")
    run = run_here("ingest", str(folder / "dump"), "--db", str(db))
    check_run(run)
    assert run.status == 0, f"ingesting the good entries alone failed{run.describe()}"
    return snapshot(db)


def test_folders_of_mixed_files(
    pytestconfig: pytest.Config, seed_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("folders")

    @fuzz_settings(pytestconfig, examples=25)
    @given(entries=folders(special=False))
    def check(entries: tuple[Entry, ...]) -> None:
        with case_folder(root) as folder:
            ingest_folder(seed_db, folder, entries, apart=False)

    check()


def test_folders_with_fifos_and_devices(
    pytestconfig: pytest.Config, seed_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Long runs only: a subprocess per case (the fixed cases below cover these in the default run)."""
    if not is_long(pytestconfig):
        pytest.skip("--fuzz-long only: test_special_paths covers FIFOs and devices in the default run")
    root = tmp_path_factory.mktemp("special-folders")

    @fuzz_settings(pytestconfig, examples=3, apart=True)
    @given(entries=folders(special=True))
    def check(entries: tuple[Entry, ...]) -> None:
        with case_folder(root) as folder:
            ingest_folder(seed_db, folder, entries, apart=True)

    check()


# -- FIFOs and devices given as paths, all at once ------------------------------------


SPECIAL_PATHS = (
    "fifo.txt",
    "fifo.jsonl",
    "folder with a fifo",
    "/dev/zero",
    "/dev/urandom",
    "/dev/null",
    "link to /dev/zero",
)


def _special_path(case: str, folder: Path) -> tuple[Path, Path | None]:
    """The path to ingest and the bad path inside it an error line must name (None: the path itself)."""
    if case.startswith("fifo"):
        os.mkfifo(folder / case)
        return folder / case, None
    if case == "folder with a fifo":
        (folder / "dump").mkdir()
        (folder / "dump" / "a.txt").write_text(NEWS[0])
        os.mkfifo(folder / "dump" / "b.txt")
        return folder / "dump", folder / "dump" / "b.txt"
    if case == "link to /dev/zero":
        (folder / "zero.txt").symlink_to("/dev/zero")
        return folder / "zero.txt", None
    return Path(case), None


@pytest.fixture(scope="module")
def special_runs(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Run, Path, Path]]:
    """Every special path ingested by its own subprocess, all at once, into its own copy of the seed ledger."""
    root = tmp_path_factory.mktemp("special")
    cases = {}
    for number, case in enumerate(SPECIAL_PATHS):
        folder = root / f"c{number}"
        folder.mkdir()
        path, bad = _special_path(case, folder)
        cases[case] = (path, bad or path, copy_ledger(seed_db, folder / "ledger.db"))
    runs = run_apart_together([("ingest", str(path), "--db", str(db)) for path, _, db in cases.values()])
    return {case: (run, bad, db) for (case, (_, bad, db)), run in zip(cases.items(), runs, strict=True)}


@pytest.mark.parametrize("case", SPECIAL_PATHS)
def test_special_paths(case: str, special_runs: dict[str, tuple[Run, Path, Path]], seed_db: Path) -> None:
    run, bad, db = special_runs[case]
    check_run(run)
    check_errors_are_one_liners(run)
    check_named_once(run, str(bad))
    assert run.status in (1, 2), f"a FIFO or device was given, yet exit status {run.status}{run.describe()}"
    if case == "folder with a fifo":
        check_not_named(run, str(bad.parent / "a.txt"))
        return
    check_unchanged(base_snapshot(seed_db), db, run)


# -- huge lines -----------------------------------------------------------------------


HUGE = 300_000
HUGE_LINES = {
    "one word": lambda size: ("x" * size).encode(),
    "jsonl line": lambda size: ('{"text": "' + ("Police said two people died. " * (size // 29)) + '"}\n').encode(),
    "words without a newline": lambda size: ("word " * (size // 5)).encode(),
    "html attribute": lambda size: f'<html><body><p title="{"a" * size}">{NEWS[0]}</p></body></html>'.encode(),
}


def huge_cases(long: bool) -> list[tuple[str, int]]:
    """Two shapes at 300 KB by default; every shape at 300 KB, 1, 8 and 64 MB in long runs."""
    if not long:
        return [("one word", HUGE), ("jsonl line", HUGE)]
    return [(shape, size) for shape in HUGE_LINES for size in (HUGE, 1 << 20, 8 << 20, 64 << 20)]


@pytest.fixture(scope="module")
def huge_runs(
    pytestconfig: pytest.Config, seed_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[Run, Path, Path]]:
    """Each huge line ingested by a subprocess, two at a time (one per core)."""
    root = tmp_path_factory.mktemp("huge")
    commands, cases = [], []
    for number, (shape, size) in enumerate(huge_cases(is_long(pytestconfig))):
        suffix = {"jsonl line": ".jsonl", "html attribute": ".html"}.get(shape, ".txt")
        path = root / f"huge-{number}-{shape.replace(' ', '-')}-{size}{suffix}"
        path.write_bytes(HUGE_LINES[shape](size))
        db = copy_ledger(seed_db, root / f"ledger-{number}.db")
        commands.append(("ingest", str(path), "--db", str(db)))
        cases.append((path, db))
    runs = [run for at in range(0, len(commands), 2) for run in run_apart_together(commands[at : at + 2])]
    return [(run, path, db) for run, (path, db) in zip(runs, cases, strict=True)]


def test_huge_lines(huge_runs: list[tuple[Run, Path, Path]], seed_db: Path) -> None:
    """A line of 300 KB (1, 8 and 64 MB in long runs) is stored or refused in one line, within 30 s."""
    for run, path, db in huge_runs:
        check_run(run)
        check_errors_are_one_liners(run)
        if lines_naming(run, str(path)):
            check_named_once(run, str(path))
            check_unchanged(base_snapshot(seed_db), db, run)
        else:
            assert run.status == 0, f"not refused, yet exit status {run.status}{run.describe()}"
