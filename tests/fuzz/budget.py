"""How many cases each fuzz property runs: a few, derandomised, by default; thousands with --fuzz-long.

The default run stays short and gives the same cases every time (CI must not flake on a new random
draw). ``--fuzz-long`` draws fresh random cases, ``NEWSLEDGER_FUZZ_EXAMPLES`` of them per in-process
property (``scripts/fuzz.sh N`` sets it); properties that start a subprocess per case (about 3 s each, 30 s
when the case hangs) run a twenty-fifth as many, and never shrink: each shrink step could cost 30 s.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from fuzz.harness import TALLY

EXAMPLES_VARIABLE = "NEWSLEDGER_FUZZ_EXAMPLES"
LONG_EXAMPLES = 1000


def is_long(config: pytest.Config) -> bool:
    return bool(config.getoption("--fuzz-long", default=False))


def fuzz_settings(config: pytest.Config, examples: int, apart: bool = False) -> settings:
    """Hypothesis settings for one property: ``examples`` cases by default (derandomised), many with --fuzz-long."""
    long = is_long(config)
    count = examples
    if long:
        wanted = int(os.environ.get(EXAMPLES_VARIABLE, LONG_EXAMPLES))
        count = max(examples, wanted // 25 if apart else wanted)
    phases = [Phase.explicit, Phase.reuse, Phase.generate] if apart else list(Phase)
    return settings(
        max_examples=count,
        deadline=None,
        derandomize=not long,
        database=None,
        print_blob=long,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )


@contextmanager
def case_folder(root: Path, public: bool = False) -> Iterator[Path]:
    """A fresh folder for one case (readable by everyone when ``public``), removed afterwards."""
    TALLY["cases"] += 1
    folder = Path(tempfile.mkdtemp(prefix="case-", dir=None if public else root))
    if public:
        folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
