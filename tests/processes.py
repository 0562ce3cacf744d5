"""Run the CLI as a user does (on a terminal, or killed) and find the processes it leaves behind.

Every command started here carries a unique environment variable; a process still holding it
after the command ended (a spaCy worker, say) is a leftover, whatever its parent now is. Linux only
(``/proc``); the tests that use this skip elsewhere.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import signal
import sqlite3
import subprocess
import sys
import tempfile
import termios
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import BUNDLED_SEED, SHARED

GVA_ARTICLES = SHARED / "eval" / "gva-dev" / "articles.jsonl"
MARKER = "NEWSLEDGER_TEST_RUN"
HAVE_PROC = Path("/proc/self/environ").exists()


def cli(*args: str) -> list[str]:
    """The newsledger command line, run with this interpreter."""
    return [sys.executable, "-m", "newsledger.cli", *args]


def marked_env(tag: str) -> dict[str, str]:
    """This environment plus ``MARKER=tag``, by which the command's processes are found again."""
    return {**os.environ, MARKER: tag, "PYTHONUNBUFFERED": "1"}


def new_tag() -> str:
    return uuid.uuid4().hex


def processes_tagged(tag: str) -> list[int]:
    """Pids of the live processes (zombies excluded) whose environment holds ``MARKER=tag``."""
    needle = f"{MARKER}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone, or not ours to read
            continue
        if state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def wait_until_gone(tag: str, seconds: float) -> list[int]:
    """The tagged processes still alive after waiting up to ``seconds`` for them to end."""
    deadline = time.monotonic() + seconds
    left = processes_tagged(tag)
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = processes_tagged(tag)
    return left


def kill_tagged(tag: str) -> None:
    """SIGKILL whatever still runs with ``tag`` (a test's clean-up: nothing may outlive it)."""
    for pid in processes_tagged(tag):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


_MADE: list[Path] = []


def article_source() -> Path:
    """A JSONL of news articles to ingest: gva-dev's when ``../shared`` has it, else (on a machine without
    it, CI's perhaps) 2,000 made once from the bundled sample's long lines, each with a number of its own so
    that every one is a new item."""
    if GVA_ARTICLES.is_file():
        return GVA_ARTICLES
    if not _MADE:
        lines = [line for line in BUNDLED_SEED.read_text(encoding="utf-8").splitlines() if len(line) > 200]
        made = Path(tempfile.mkdtemp(prefix="newsledger-articles-")) / "articles.jsonl"
        records = ({"id": f"sample-{n}", "text": f"{lines[n % len(lines)]} Report number {n}."} for n in range(2000))
        made.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        _MADE.append(made)
    return _MADE[0]


def write_articles(path: Path, n_gva: int) -> Path:
    """A JSONL file of the first ``n_gva`` articles of ``article_source()``."""
    with article_source().open(encoding="utf-8") as source:
        path.write_text("".join(line for _, line in zip(range(n_gva), source)), encoding="utf-8")
    return path


class TerminalRun:
    """A command on a pseudo-terminal of its own: its session's controlling terminal, its group in the
    foreground, so ``ctrl_c()`` sends SIGINT to the whole group exactly as a key press does."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        master, slave = pty.openpty()
        self.master = master
        self.output = bytearray()
        self.proc = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=slave, stdout=slave, stderr=slave,
            start_new_session=True, preexec_fn=_take_terminal, close_fds=True,
        )  # fmt: skip
        os.close(slave)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        """Read the terminal's output so the command never blocks writing its progress bar."""
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                return
            if not chunk:
                return
            self.output += chunk

    def ctrl_c(self) -> None:
        os.write(self.master, b"\x03")

    def wait(self, seconds: float) -> int | None:
        """The exit status, or None if the command is still running after ``seconds``."""
        try:
            return self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        """Kill the command's group if it still runs, and release the terminal."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self._reader.join(timeout=5)
        os.close(self.master)

    def text(self) -> str:
        return self.output.decode("utf-8", errors="replace")


def _take_terminal() -> None:
    """In the child, after setsid(): make its stdin (the pty) the session's controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@contextmanager
def on_terminal(argv: list[str], env: dict[str, str], cwd: Path) -> Iterator[TerminalRun]:
    run = TerminalRun(argv, env, cwd)
    try:
        yield run
    finally:
        run.close()


def wait_for_children(pid: int, n: int, seconds: float) -> list[int]:
    """Pids of ``pid``'s children once there are ``n`` of them (fewer if ``seconds`` pass first)."""
    deadline = time.monotonic() + seconds
    children: list[int] = []
    while time.monotonic() < deadline:
        children = children_of(pid)
        if len(children) >= n:
            break
        time.sleep(0.01)
    return children


def children_of(pid: int) -> list[int]:
    """Live children of ``pid``, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def items_stored(db: Path) -> int:
    """Items committed so far, read without locking out the writer; 0 while there is nothing to read."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return 0
    try:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    except sqlite3.Error:  # locked, or the schema not created yet
        return 0
    finally:
        conn.close()
