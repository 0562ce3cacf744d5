"""Ctrl-C on a real terminal stops ``newsledger ingest --jobs 2`` at once, whenever it is pressed.

On a terminal the progress bar runs a refresh thread, and the key press goes
to every process of the foreground group. Pressed in the first seconds (while
spaCy's workers start and parse their first batch) it used to hang the
command for good, its two workers still running: the interrupt landed before
the workers were known, and at exit the interpreter waited for threads feeding
texts into pipes no one read. Here the command runs on a pseudo-terminal of its
own, and the key press is the byte ``^C`` written to it.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from processes import (
    HAVE_PROC,
    TerminalRun,
    cli,
    kill_tagged,
    marked_env,
    new_tag,
    on_terminal,
    wait_for_children,
    wait_until_gone,
    write_articles,
)

pytestmark = [
    pytest.mark.skipif(not HAVE_PROC, reason="finds leftover processes in /proc (Linux)"),
]

N_ARTICLES = 300
#: How long the command may take to end after Ctrl-C.
STOPS_WITHIN = 3.0
#: The longest wait for a moment to come (the machine may be busy).
STARTS_WITHIN = 60.0
PROGRESS = re.compile(rb"(\d+)/" + str(N_ARTICLES).encode())
INTERRUPTED = re.compile(r"newsledger: .*: interrupted; the items stored so far are kept")
#: Jitter for the moments after the workers start, drawn once from a fixed seed.
JITTER = random.Random(20).uniform


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("gva") / "articles.jsonl", N_ARTICLES)


def items_done(run: TerminalRun) -> int:
    """The count the progress bar shows last (0 before it shows one)."""
    counts = PROGRESS.findall(bytes(run.output))
    return int(counts[-1]) if counts else 0


def after(seconds: float) -> Callable[[TerminalRun], None]:
    return lambda run: time.sleep(seconds)


def when_workers(n: int, then: float = 0.0) -> Callable[[TerminalRun], None]:
    """Once ``n`` NLP workers exist, and ``then`` seconds more."""

    def wait(run: TerminalRun) -> None:
        workers = wait_for_children(run.proc.pid, n, STARTS_WITHIN)
        assert len(workers) >= n, f"the workers never started: {run.text()[-500:]}"
        time.sleep(then)

    return wait


def when_items(n: int) -> Callable[[TerminalRun], None]:
    """Once the progress bar shows ``n`` items done: steady processing."""

    def wait(run: TerminalRun) -> None:
        deadline = time.monotonic() + STARTS_WITHIN
        while items_done(run) < n and time.monotonic() < deadline and run.proc.poll() is None:
            time.sleep(0.02)
        assert items_done(run) >= n, f"no progress: {run.text()[-500:]}"

    return wait


MOMENTS = {
    "loading the pipeline": after(1.5),
    "first worker forked": when_workers(1),
    "both workers started": when_workers(2),
    "first batch in flight": when_workers(2, JITTER(0.1, 0.6)),
    "first batch nearly done": when_workers(2, JITTER(0.8, 2.0)),
    "steady processing": when_items(20),
}


def interrupt(articles: Path, tmp_path: Path, moment: Callable[[TerminalRun], None]) -> tuple[int | None, str, list]:
    """Run the ingest on a terminal, press Ctrl-C at ``moment``: the exit status (None when it went
    on running for ``STOPS_WITHIN`` s), the terminal's text, and the processes it left."""
    tag = new_tag()
    argv = cli("ingest", str(articles), "--db", str(tmp_path / "ledger.db"), "--jobs", "2")
    try:
        with on_terminal(argv, marked_env(tag), tmp_path) as run:
            moment(run)
            assert run.proc.poll() is None, f"ended before Ctrl-C: {run.text()[-500:]}"
            run.ctrl_c()
            status = run.wait(STOPS_WITHIN)
            left = wait_until_gone(tag, 1.0) if status is not None else []
            return status, run.text(), left
    finally:
        kill_tagged(tag)


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_ctrl_c_on_a_terminal_ends_the_ingest(articles: Path, tmp_path: Path, moment: str) -> None:
    status, text, left = interrupt(articles, tmp_path, MOMENTS[moment])
    assert status is not None, f"still running {STOPS_WITHIN} s after Ctrl-C: {text[-800:]}"
    assert status == 130, text[-800:]
    assert left == [], f"processes left running: {left}"
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text[-2000:]
    assert INTERRUPTED.search(text), text[-800:]


def test_ctrl_c_as_the_command_starts(articles: Path, tmp_path: Path) -> None:
    """Pressed while the interpreter imports the command: one line and status 130, not a traceback."""
    status, text, left = interrupt(articles, tmp_path, after(0.2))
    assert status == 130, text[-800:]
    assert left == []
    assert "Traceback" not in text, text[-2000:]
