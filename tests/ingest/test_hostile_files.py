"""Paths that are not plain files: FIFOs, devices, link loops, dangling links, files over the size limit.

Each is one error line naming the path, at once: never a hang, never a read without end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.ingest import estimate_items, files, read_paths
from newsledger.model import IngestError, Item

CLI_TIMEOUT = 20  # seconds: the CLI loads spaCy; a hang would run forever


def read(*paths: str | Path) -> list[Item | IngestError]:
    return list(read_paths([str(p) for p in paths]))


def run_ingest(tmp_path: Path, *paths: str | Path) -> subprocess.CompletedProcess[str]:
    """The real CLI in its own process, so a hang is a timeout here rather than a stuck test run."""
    command = [sys.executable, "-m", "newsledger", "ingest", "--db", str(tmp_path / "t.db"), *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, timeout=CLI_TIMEOUT, stdin=subprocess.DEVNULL)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("newsledger: ")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_fifo_given_directly_ends_with_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)

    result = run_ingest(tmp_path, fifo)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [f"newsledger: {fifo}: not a regular file (a FIFO)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_fifo_inside_a_folder_ends_and_the_rest_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    os.mkfifo(folder / "x.txt")
    os.mkfifo(folder / "y.jsonl")
    (folder / "a.txt").write_text("The council met on Monday.", encoding="utf-8")

    result = run_ingest(tmp_path, folder)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [
        f"newsledger: {folder / 'x.txt'}: not a regular file (a FIFO)",
        f"newsledger: {folder / 'y.jsonl'}: not a regular file (a FIFO)",
    ]
    assert "1 item(s)" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_estimate_does_not_open_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.jsonl")
    (tmp_path / "a.jsonl").write_text('{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")

    assert estimate_items([str(tmp_path), str(tmp_path / "x.jsonl")]) == 2 + 1 + 1


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")

    (error,) = read(device)

    assert isinstance(error, IngestError)
    assert str(error) == f"{device}: not a regular file (a character device)"
    assert estimate_items([device]) == 1


def test_symlink_loop_given_directly(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)

    (error,) = read(loop)

    assert isinstance(error, IngestError)
    assert str(error) == f"{loop}: symbolic link loop (too many levels of symbolic links)"


def test_dangling_symlink_given_directly(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")

    (error,) = read(link)

    assert isinstance(error, IngestError)
    assert str(error).startswith(f"{link}: dangling symbolic link")
    assert "missing.txt" in error.message


def test_links_inside_a_folder_do_not_loop(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "b.txt").write_text("Bee.", encoding="utf-8")
    (folder / "a.txt").write_text("Ay.", encoding="utf-8")
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop: followed once, never again
    (folder / "self.txt").symlink_to(folder / "self.txt")  # a file loop
    (folder / "gone.txt").symlink_to(folder / "nothing.txt")  # dangling

    results = read(folder)

    items = [r for r in results if isinstance(r, Item)]
    errors = [str(r) for r in results if isinstance(r, IngestError)]
    assert sorted(i.text for i in items) == ["Ay.", "Bee."]
    assert errors == [
        f"{folder / 'gone.txt'}: dangling symbolic link (it points to {str(folder / 'nothing.txt')!r}, which does not exist)",
        f"{folder / 'self.txt'}: symbolic link loop (too many levels of symbolic links)",
    ]
    assert estimate_items([str(folder)]) == 4


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 400)
    small = tmp_path / "small.txt"
    small.write_bytes(b"word " * 100)
    reads: list[int] = []
    real_open = files.open_regular

    def spy(path: str):  # every read of the big file would show here
        handle = real_open(path)
        real_read = handle.read
        handle.read = lambda size=-1: reads.append(size) or real_read(size)  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(files, "open_regular", spy)

    big_error, small_item = read(big, small)

    assert isinstance(big_error, IngestError)
    assert "too large" in big_error.message and "limit" in big_error.message
    assert isinstance(small_item, Item)
    assert reads == [1001]  # only the small file was read, and never more than the limit + 1


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_file_that_lies_about_its_size_is_cut_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    assert os.stat("/proc/self/status").st_size == 0  # says empty, holds a page of text
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 50)

    (error,) = read("/proc/self/status")

    assert isinstance(error, IngestError)
    assert "too large (more than 50 bytes" in error.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Secret.", encoding="utf-8")
    path.chmod(0)

    (error,) = read(path)

    assert isinstance(error, IngestError)
    assert "cannot read file" in error.message
