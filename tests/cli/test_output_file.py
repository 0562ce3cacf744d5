"""Writing an output file never loses the ledger or an existing file.

``newsledger export -o`` (every format), ``metadata -o`` and the brat export refuse the ledger itself under
any name and any other SQLite file; a write that fails or is interrupted leaves the existing target as it
was and no temporary file behind.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import TextIO

import pytest
from click.testing import CliRunner

from conftest import run_cli
from newsledger.outfile import OutputRefused, output_file

FORMATS = ["jsonl", "csv", "counts-csv", "acled"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def assert_refused(result_stderr: str, ledger: Path, before: str) -> None:
    assert len(result_stderr.splitlines()) == 1, result_stderr
    assert result_stderr.startswith("newsledger: ")
    assert digest(ledger) == before
    assert integrity(ledger) == "ok"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- the ledger and other databases are refused ---------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_onto_the_ledger_is_refused_and_the_ledger_unchanged(
    runner: CliRunner, seed_db_copy: Path, fmt: str
) -> None:
    before = digest(seed_db_copy)
    result = run_cli(runner, "export", "--db", str(seed_db_copy), "--format", fmt, "-o", str(seed_db_copy), status=2)
    assert_refused(result.stderr, seed_db_copy, before)
    assert "is the ledger" in result.stderr


def test_the_ledger_under_another_name_is_refused(runner: CliRunner, seed_db_copy: Path, tmp_path: Path) -> None:
    before = digest(seed_db_copy)
    link = tmp_path / "link.db"
    link.symlink_to(seed_db_copy)
    hard = tmp_path / "hard.db"
    os.link(seed_db_copy, hard)
    spelled = seed_db_copy.parent / ".." / seed_db_copy.parent.name / seed_db_copy.name
    for target in (link, hard, spelled, Path(f"{seed_db_copy}-wal"), Path(f"{seed_db_copy}-journal")):
        result = run_cli(runner, "export", "--db", str(seed_db_copy), "-o", str(target), status=2)
        assert_refused(result.stderr, seed_db_copy, before)
    assert not Path(f"{seed_db_copy}-journal").exists()


def test_export_onto_another_database_is_refused(runner: CliRunner, seed_db: Path, seed_db_copy: Path) -> None:
    before = digest(seed_db_copy)
    result = run_cli(runner, "export", "--db", str(seed_db), "--format", "csv", "-o", str(seed_db_copy), status=2)
    assert_refused(result.stderr, seed_db_copy, before)
    assert "SQLite database" in result.stderr


def test_metadata_onto_the_ledger_is_refused(runner: CliRunner, seed_db_copy: Path) -> None:
    before = digest(seed_db_copy)
    result = run_cli(runner, "metadata", "--db", str(seed_db_copy), "-o", str(seed_db_copy), status=2)
    assert_refused(result.stderr, seed_db_copy, before)


def test_brat_into_the_ledger_is_refused(runner: CliRunner, seed_db_copy: Path) -> None:
    before = digest(seed_db_copy)
    result = run_cli(runner, "export", "--db", str(seed_db_copy), "--format", "brat", str(seed_db_copy), status=2)
    assert_refused(result.stderr, seed_db_copy, before)


def test_brat_never_writes_over_a_database_in_its_folder(runner: CliRunner, seed_db_copy: Path, tmp_path: Path) -> None:
    """A ledger that happens to sit where an item's .txt goes is refused, not overwritten."""
    from newsledger.formats.brat import safe_name
    from newsledger.ledger import Ledger

    with Ledger(seed_db_copy, readonly=True) as ledger:
        first = next(iter(ledger.items()))
    (tmp_path / "out" / "text").mkdir(parents=True)
    victim = tmp_path / "out" / "text" / f"{safe_name(first.source, first.id)}.txt"
    victim.write_bytes(seed_db_copy.read_bytes())
    before = digest(victim)
    result = run_cli(runner, "export", "--db", str(seed_db_copy), "--format", "brat", str(tmp_path / "out"), status=2)
    assert "SQLite database" in result.stderr
    assert digest(victim) == before


def test_export_to_a_new_file_and_over_an_old_one_works(runner: CliRunner, seed_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "ledger.jsonl"
    target.write_text("old contents\n", encoding="utf-8")
    target.chmod(0o640)
    run_cli(runner, "export", "--db", str(seed_db), "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith('{"schema_version"')
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


# -- a failed or interrupted write leaves the target as it was ------------------------------------------


def _failing_writer(exception: BaseException):
    def write(ledger: object, out: TextIO) -> int:
        out.write('{"half": "a line')
        raise exception

    return write


@pytest.mark.parametrize(
    ("exception", "status"), [(OSError(28, "No space left on device"), 2), (KeyboardInterrupt(), 1)]
)
def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(
    runner: CliRunner,
    seed_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    exception: BaseException,
    status: int,
) -> None:
    import newsledger.export

    target = tmp_path / "ledger.jsonl"
    target.write_text("yesterday's export\n", encoding="utf-8")
    monkeypatch.setattr(newsledger.export, "write_jsonl", _failing_writer(exception))
    run_cli(runner, "export", "--db", str(seed_db), "-o", str(target), status=status)
    assert target.read_text(encoding="utf-8") == "yesterday's export\n"
    assert leftovers(tmp_path) == []


def test_output_file_removes_its_temporary_file_on_any_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("kept", encoding="utf-8")
    for exception in (ValueError("bad row"), KeyboardInterrupt()):
        with pytest.raises(type(exception)):
            with output_file(target) as handle:
                handle.write("partial")
                assert leftovers(tmp_path), "the partial text goes to a temporary file"
                raise exception
        assert target.read_text(encoding="utf-8") == "kept"
        assert leftovers(tmp_path) == []


def test_output_file_creates_with_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with output_file(tmp_path / "new.txt") as handle:
            handle.write("x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_output_file_refuses_a_database_and_a_folder(tmp_path: Path) -> None:
    db = tmp_path / "any.sqlite"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(OutputRefused):
        with output_file(db):
            pass
    with pytest.raises(OutputRefused):
        with output_file(tmp_path / "other.csv", protect=[tmp_path / "other.csv"]):
            pass
    with pytest.raises(IsADirectoryError):
        with output_file(tmp_path):
            pass
    assert leftovers(tmp_path) == []


def test_output_file_writes_a_pipe_in_place(tmp_path: Path) -> None:
    """A named pipe (like /dev/stdout) is a stream to write into, never a file to replace."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    # daemon: if writing fails, the reader still blocked in open() must not keep the test run alive
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    with output_file(fifo) as handle:
        handle.write("through the pipe\n")
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
