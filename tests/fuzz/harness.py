"""Run the CLI on a fuzz case and check what every run must satisfy, whatever its input.

Two ways to run: in-process through click's runner (fast, the spaCy model stays loaded; a run that
takes longer than ``TIME_LIMIT`` is stopped by an alarm) and as a subprocess (for inputs that can
block inside a system call, FIFOs and devices, and for locks held by another connection), killed
after ``TIME_LIMIT`` and with its address space capped so a device read to the end cannot eat the
machine's memory.

Every check records what it saw in ``TALLY`` before it asserts, so a long run can report how many
cases hung, printed a traceback or changed a ledger (``scripts/fuzz.sh``); each property is asserted
on its own line, so Hypothesis reports each kind of failure separately.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

#: Every run must end within this many seconds.
TIME_LIMIT = 30.0
#: A subprocess's address space: far above what an ingest needs, far below what the machine has.
MEMORY_LIMIT = 4 << 30
ALLOWED_STATUSES = (0, 1, 2)
TRACEBACK = "Traceback (most recent call last)"
#: What a terminal acts on: C0 controls but tab and newline, DEL, C1 controls (U+0080-U+009F, CSI
#: U+009B among them), bidirectional overrides and isolates, a carriage return that does not end a
#: line, and surrogate escapes (raw bytes that are not UTF-8, which 8-bit terminals read as C1).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\udc80-\udcff]|\r(?!\n)")
#: Commands whose output is read by a person on a terminal (export's JSONL and CSV are data).
HUMAN_COMMANDS = frozenset(
    {"ingest", "articles", "show", "search", "stories", "story", "claims", "counts", "timeline", "entity"}
)

#: What the runs of this session saw, for ``scripts/fuzz.sh``'s summary.
TALLY: Counter[str] = Counter()


class Hung(BaseException):
    """An in-process run passed ``TIME_LIMIT`` (a BaseException, so click's runner does not swallow it)."""


@dataclass(frozen=True)
class Run:
    """One CLI invocation and what came of it; ``status`` is None when it was stopped for taking too long."""

    args: tuple[str, ...]
    status: int | None
    stdout: str
    stderr: str
    seconds: float
    apart: bool = False

    @property
    def command(self) -> str:
        return "newsledger " + " ".join(_shown(a) for a in self.args)

    @property
    def human(self) -> bool:
        return bool(self.args) and self.args[0] in HUMAN_COMMANDS

    def describe(self) -> str:
        """The run as an assertion message shows it: control characters escaped, long output cut."""
        status = "no exit (stopped)" if self.status is None else str(self.status)
        how = "subprocess" if self.apart else "in-process"
        return (
            f"\n  command: {self.command}  ({how}, {self.seconds:.1f} s)\n  exit status: {status}\n"
            f"  stderr:\n{_excerpt(self.stderr)}\n  stdout:\n{_excerpt(self.stdout)}"
        )


def _shown(arg: str) -> str:
    text = repr(arg)[1:-1]
    return text if text and " " not in text and text == arg else repr(arg)


def _excerpt(text: str, lines: int = 12, width: int = 240) -> str:
    rows = text.splitlines()
    cut = (
        rows[:lines]
        if len(rows) <= 2 * lines
        else [*rows[:lines], f"... {len(rows) - 2 * lines} lines ...", *rows[-lines:]]
    )
    return (
        "\n".join("    " + repr(row[:width])[1:-1] + ("..." if len(row) > width else "") for row in cut)
        or "    (empty)"
    )


# -- running -------------------------------------------------------------


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise ``Hung`` in this (the main) thread after ``seconds``."""

    def ring(signum: int, frame: Any) -> None:
        raise Hung

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_here(*args: str) -> Run:
    """Invoke the CLI in this process; an exception that escapes it counts as a traceback on stderr."""
    from newsledger.cli import main

    start = time.monotonic()
    try:
        with _alarm(TIME_LIMIT):
            result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    except Hung:
        return _tallied(Run(args, None, "", "", time.monotonic() - start))
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return _tallied(Run(args, result.exit_code, result.stdout, stderr, time.monotonic() - start))


def cli_command() -> list[str]:
    """The installed ``newsledger`` script beside this interpreter, else ``python -m newsledger``."""
    script = Path(sys.executable).with_name("newsledger")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "newsledger"]


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


#: Run a command as root without the powers to override file permissions, so read-only means read-only.
WITHOUT_OVERRIDE = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def run_apart(*args: str, obey_permissions: bool = False) -> Run:
    """Run the CLI as a subprocess, killed after ``TIME_LIMIT`` seconds; ``obey_permissions`` drops root's
    power to write files it may not (when running as root)."""
    prefix = WITHOUT_OVERRIDE if obey_permissions and os.geteuid() == 0 else []
    start = time.monotonic()
    try:
        done = subprocess.run(
            [*prefix, *cli_command(), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIME_LIMIT,
            preexec_fn=_cap_memory,
        )
    except subprocess.TimeoutExpired as stopped:
        run = Run(args, None, _decoded(stopped.stdout), _decoded(stopped.stderr), time.monotonic() - start, True)
        return _tallied(run)
    return _tallied(
        Run(args, done.returncode, _decoded(done.stdout), _decoded(done.stderr), time.monotonic() - start, True)
    )


def run_apart_together(commands: Sequence[Sequence[str]], obey_permissions: bool = False) -> list[Run]:
    """Run several subprocesses at once: a batch that hangs costs ``TIME_LIMIT`` once, not once per run."""
    with ThreadPoolExecutor(max_workers=max(1, len(commands))) as pool:
        return list(pool.map(lambda args: run_apart(*args, obey_permissions=obey_permissions), commands))


def _decoded(data: bytes | str | None) -> str:
    """Output as text; bytes that are not UTF-8 stay visible as surrogate escapes (``CONTROL`` flags them)."""
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "surrogateescape")


# -- what every run must satisfy --------------------------------------------


def control_lines(run: Run) -> list[str]:
    """The output lines (stdout and stderr) holding a raw terminal control character."""
    return [line for line in (run.stdout + "\n" + run.stderr).split("\n") if CONTROL.search(line)]


def _tallied(run: Run) -> Run:
    TALLY["runs"] += 1
    if run.status is None:
        TALLY["hangs"] += 1
    if TRACEBACK in run.stdout or TRACEBACK in run.stderr:
        TALLY["tracebacks"] += 1
    if run.status is not None and run.status not in ALLOWED_STATUSES:
        TALLY["bad exit statuses"] += 1
    if run.human and control_lines(run):
        TALLY["outputs with control characters"] += 1
    return run


def check_run(run: Run) -> None:
    """Ended in time, no traceback, status 0/1/2, and (for commands a person reads) no raw control characters."""
    assert run.status is not None, f"hang: no exit within {TIME_LIMIT:.0f} s{run.describe()}"
    assert TRACEBACK not in run.stdout + run.stderr, f"traceback printed{run.describe()}"
    assert run.status in ALLOWED_STATUSES, f"exit status {run.status}, not 0, 1 or 2{run.describe()}"
    if run.human:
        shown = "\n".join(f"    {line!r}" for line in control_lines(run)[:5])
        assert not control_lines(run), f"raw terminal control characters in the output:\n{shown}{run.describe()}"


def check_errors_are_one_liners(run: Run) -> None:
    """Every stderr line that is not a progress or summary line is ``newsledger: ...`` (one line per problem)."""
    stray = [line for line in run.stderr.splitlines() if line.strip() and not line.startswith("newsledger: ")]
    assert not stray, f"stderr lines that are not 'newsledger: FILE[:LINE]: problem': {stray[:3]!r}{run.describe()}"


# -- naming a path ---------------------------------------------------------


#: A whole terminal escape sequence (CSI, OSC up to BEL or ST, or ESC and one character): a sanitiser may
#: drop it as a unit or escape it character by character, so a name is matched without it.
ESCAPE_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.")


def path_pieces(path: str) -> list[str]:
    """The printable stretches of ``path``: what any escaping or stripping of its control characters
    leaves as it is."""
    pieces, piece = [], ""
    for char in ESCAPE_SEQUENCE.sub("\x00", path):
        if char.isprintable():
            piece += char
        elif piece:
            pieces.append(piece)
            piece = ""
    return [*pieces, piece] if piece else pieces


def names(line: str, path: str, number: int | None = None) -> bool:
    """Whether an error line names ``path`` (and line ``number``): its printable pieces appear in order,
    whatever the line did to the characters between them, followed by ``:number:`` when one is given."""
    pieces = path_pieces(path)
    if number is not None:
        pieces[-1] += f":{number}:"
    at = 0
    for piece in pieces:
        found = line.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def lines_naming(run: Run, path: str, number: int | None = None) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("newsledger: ") and names(line, path, number)]


def file_level_lines(run: Run, path: str) -> list[str]:
    """Error lines naming ``path`` itself rather than one of its lines (``path:N:``)."""
    last = path_pieces(path)[-1]
    return [line for line in lines_naming(run, path) if not re.search(re.escape(last) + r":\d+:", line)]


def check_named_once(run: Run, path: str, number: int | None = None) -> None:
    """A rejected input (or JSONL line) gets exactly one ``newsledger: ...`` line naming it."""
    found = lines_naming(run, path, number)
    where = f"{path!r}" + (f" line {number}" if number is not None else "")
    if len(found) != 1:
        TALLY["rejected inputs not named once"] += 1
    assert found, f"no 'newsledger: ...' line on stderr names the rejected input {where}{run.describe()}"
    assert len(found) == 1, f"{len(found)} lines on stderr name {where}, not one{run.describe()}"


def check_not_named(run: Run, path: str, number: int | None = None) -> None:
    """A good input (or JSONL line) draws no error line."""
    found = lines_naming(run, path, number)
    where = f"{path!r}" + (f" line {number}" if number is not None else "")
    assert not found, f"the good input {where} was reported as bad{run.describe()}"
