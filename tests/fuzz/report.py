"""A pytest plugin for ``scripts/fuzz.sh``: after the run, how many cases ran and what went wrong.

Load it with ``-p fuzz.report`` (``tests`` on PYTHONPATH). The counts come from ``harness.TALLY``: every
run and every check records what it saw before it asserts, so a property that failed early still counts.
"""

from __future__ import annotations

import pytest

from fuzz.harness import TALLY

ORDER = (
    "cases",
    "runs",
    "hangs",
    "tracebacks",
    "bad exit statuses",
    "ledgers changed by rejected input",
    "ledgers corrupted",
    "rejected inputs not named once",
    "outputs with control characters",
)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.section("fuzz summary")
    for key in ORDER:
        terminalreporter.write_line(f"{key:<36}{TALLY.get(key, 0):>8}")
