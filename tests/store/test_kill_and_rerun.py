"""``kill -9`` of an ingest at any moment: nothing is left running, and rerunning it gives the same ledger.

The killed command's NLP workers (``--jobs 2``) must die with it: they used
to live on for good, each holding a parsed pipeline (~160 MB). And however
often a run is killed, running the same command again until it completes
must store exactly what one uninterrupted run stores: the same JSONL export.

Each run is killed once the ledger holds a number of items drawn from a fixed
seed, plus a random fraction of a second (so some kills land mid-transaction);
``NEWSLEDGER_CRASH_POINTS`` sets how many kills per mode (3 by default; more for
a long run, up to one per item).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import seed_file
from processes import (
    HAVE_PROC,
    article_source,
    cli,
    items_stored,
    kill_tagged,
    marked_env,
    new_tag,
    wait_for_children,
    wait_until_gone,
    write_articles,
)

pytestmark = [
    pytest.mark.skipif(not HAVE_PROC, reason="finds leftover processes in /proc (Linux)"),
]

N_GVA = 30
#: Input items: the seed dump is one, each gva-dev line another.
N_ITEMS = 1 + N_GVA
CRASH_POINTS = int(os.environ.get("NEWSLEDGER_CRASH_POINTS", "3"))
TIMEOUT = 300.0
#: How long the workers of a killed command may take to die.
GONE_WITHIN = 5.0
#: Fields of the export that record when or in which run something was stored, not what: the export has
#: none today; a field added to this list is the only thing allowed to differ between the two ledgers.
RUN_FIELDS: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The seed dump and the first gva-dev articles."""
    gva = write_articles(tmp_path_factory.mktemp("gva") / "gva.jsonl", N_GVA)
    return [str(seed_file()), str(gva)]


@pytest.fixture(scope="module")
def uninterrupted(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The export of one uninterrupted one-process run."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    run_to_completion(inputs, db, jobs=1)
    return export(db)


def ingest_argv(inputs: list[str], db: Path, jobs: int) -> list[str]:
    return cli("ingest", *inputs, "--db", str(db), "--jobs", str(jobs), "--quiet")


def run_to_completion(inputs: list[str], db: Path, jobs: int) -> None:
    tag = new_tag()
    try:
        done = subprocess.run(
            ingest_argv(inputs, db, jobs), env=marked_env(tag), capture_output=True, text=True, timeout=TIMEOUT
        )
    finally:
        kill_tagged(tag)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def export(db: Path) -> list[dict]:
    """The JSONL export, with the fields that name a run (``RUN_FIELDS``) taken out."""
    done = subprocess.run(
        cli("export", "--db", str(db), "--format", "jsonl"), capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stderr
    return [without_run_fields(json.loads(line)) for line in done.stdout.splitlines() if line.strip()]


def without_run_fields(value: object) -> object:
    if isinstance(value, dict):
        return {k: without_run_fields(v) for k, v in value.items() if k not in RUN_FIELDS}
    if isinstance(value, list):
        return [without_run_fields(v) for v in value]
    return value


def integrity(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def kill_after(inputs: list[str], db: Path, jobs: int, items: int, seconds: float) -> bool:
    """Start the ingest, SIGKILL it ``seconds`` after the ledger holds ``items`` items (True), unless it
    ends first (False); either way, check that none of its processes is left after ``GONE_WITHIN`` s."""
    tag = new_tag()
    proc = subprocess.Popen(
        ingest_argv(inputs, db, jobs),
        env=marked_env(tag),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while proc.poll() is None and items_stored(db) < items and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(seconds)
        killed = proc.poll() is None
        proc.kill()
        proc.wait()
        left = wait_until_gone(tag, GONE_WITHIN)
    finally:
        kill_tagged(tag)
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
    assert left == [], f"left running after kill -9 of the ingest: {left}"
    if not killed:
        assert proc.returncode == 0, stderr
    return killed


def test_kill_9_takes_the_nlp_workers_with_it(inputs: list[str], tmp_path: Path) -> None:
    """kill -9 of the command while its two workers parse: within seconds no worker is left."""
    tag = new_tag()
    proc = subprocess.Popen(
        ingest_argv(inputs, tmp_path / "ledger.db", 2),
        env=marked_env(tag),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers = wait_for_children(proc.pid, 2, TIMEOUT)
        assert len(workers) == 2, "the workers never started"
        time.sleep(0.3)
        proc.kill()
        proc.wait()
        left = wait_until_gone(tag, GONE_WITHIN)
    finally:
        kill_tagged(tag)
    assert left == [], f"workers left running after kill -9 of their parent: {left}"


@pytest.mark.parametrize("jobs", [1, 2])
def test_killed_again_and_again_then_rerun_stores_what_one_run_stores(
    inputs: list[str], uninterrupted: list[dict], tmp_path: Path, jobs: int
) -> None:
    """Each run is killed at a random moment and the next resumes it; a last run completes the ledger,
    which then exports exactly as one uninterrupted run's does, and leaves nothing running."""
    expected = uninterrupted
    draw = random.Random(f"kill-{jobs}")
    thresholds = sorted(draw.sample(range(1, N_ITEMS), min(CRASH_POINTS, N_ITEMS - 1)))
    db = tmp_path / "killed.db"
    kills = 0
    for items in thresholds:
        kills += kill_after(inputs, db, jobs, items, draw.uniform(0.0, 0.3))
        assert integrity(db) == [("ok",)]
    assert kills, "every run ended before it could be killed"
    run_to_completion(inputs, db, jobs)
    assert integrity(db) == [("ok",)]
    assert export(db) == expected


def test_a_worker_killed_ends_the_run_with_one_line(inputs: list[str], tmp_path: Path) -> None:
    """One NLP worker killed (by hand, or by the kernel out of memory): the command used to wait for good
    for it. Now it ends within seconds with one line, leaves nothing running, and a rerun completes."""
    tag = new_tag()
    db = tmp_path / "ledger.db"
    proc = subprocess.Popen(
        ingest_argv(inputs, db, 2),
        env=marked_env(tag),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        workers = wait_for_children(proc.pid, 2, TIMEOUT)
        assert len(workers) == 2, "the workers never started"
        time.sleep(0.3)
        os.kill(workers[0], signal.SIGKILL)
        try:
            _, stderr = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            stderr = None
        left = wait_until_gone(tag, GONE_WITHIN)
    finally:
        kill_tagged(tag)
        proc.communicate()
    assert stderr is not None, "still running 15 s after one of its workers was killed"
    assert left == [], f"left running: {left}"
    assert proc.returncode in (1, 2), stderr
    assert "Traceback" not in stderr, stderr
    assert stderr.strip().splitlines()[-1].startswith("newsledger: "), stderr
    assert "worker" in stderr
    run_to_completion(inputs, db, jobs=2)
    assert integrity(db) == [("ok",)]


# -- the same guarantee in process: every way out of a multi-process parse ends its workers --------------

WAYS_OUT = {
    "the caller stops early": "docs = analyse(articles(), n_process=2, batch_size=8)\nnext(docs)\ndocs.close()\n",
    "the input raises": "def failing():\n"
    "    yield from islice(articles(), 60)\n"
    "    raise ValueError('unreadable input')\n"
    "try:\n"
    "    for _ in analyse(failing(), n_process=2, batch_size=8):\n"
    "        pass\n"
    "except ValueError:\n"
    "    pass\n",
}
WAY_OUT_SCRIPT = """
import json
from itertools import islice
from newsledger.model import Article, Item
from newsledger.nlp import analyse

def articles():
    with open({gva!r}, encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            text = json.loads(line)["text"]
            yield Article(Item(str(n), text, "jsonl", "gva.jsonl"), 0, len(text), text), n

{way_out}
print("done", flush=True)
"""


@pytest.mark.parametrize("way_out", list(WAYS_OUT))
def test_every_way_out_of_a_parse_ends_its_workers_at_once(way_out: str) -> None:
    """An early close, or an input that raises halfway: spaCy's clean-up used to join workers blocked
    writing parsed batches into a pipe no one read any more, and waited for good."""
    tag = new_tag()
    script = WAY_OUT_SCRIPT.format(gva=str(article_source()), way_out=WAYS_OUT[way_out])
    proc = subprocess.Popen(
        [cli()[0], "-c", script],
        env=marked_env(tag),
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        try:
            stdout, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            stdout, stderr = "", None
        left = wait_until_gone(tag, GONE_WITHIN)
    finally:
        kill_tagged(tag)
        proc.communicate()
    assert stderr is not None, "still running after 30 s"
    assert proc.returncode == 0 and stdout.strip() == "done", stderr
    assert "Traceback" not in stderr, stderr
    assert left == [], f"left running: {left}"
