"""``ingest --cluster`` on a real Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes on
localhost. The ledger it makes exports exactly as a one-process ingest's does, and a worker killed in the
middle of the run loses nothing: every article is stored once.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import seed_file
from processes import (
    HAVE_PROC,
    cli,
    items_stored,
    kill_tagged,
    marked_env,
    new_tag,
    wait_until_gone,
    write_articles,
)

distributed = pytest.importorskip(
    "distributed", reason="--cluster needs newsledger[cluster] (scripts/test.sh installs it)"
)

pytestmark = [pytest.mark.skipif(not HAVE_PROC, reason="finds leftover processes in /proc (Linux)")]

#: gva-dev articles ingested besides the seed: a few hundred, as the issue asks.
N_GVA = 240
TIMEOUT = 600.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dask(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "dask"), *args]


class Cluster:
    """A scheduler and its workers, each a process of its own (no nanny: a killed worker stays dead)."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.workers: list[subprocess.Popen[bytes]] = []
        port = self.address.rsplit(":", 1)[1]
        self.scheduler = self._start(dask("scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"))

    def _start(self, argv: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(argv, env=marked_env(self.tag), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def add_worker(self) -> None:
        argv = dask("worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--memory-limit", "0")
        self.workers.append(self._start(argv))

    def wait_for_workers(self, n: int) -> None:
        with distributed.Client(self.address, timeout="60s") as client:
            client.wait_for_workers(n, timeout=120)

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            process.kill()
            process.wait()
        kill_tagged(self.tag)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    made = Cluster(new_tag())
    try:
        made.add_worker()
        made.add_worker()
        made.wait_for_workers(2)
        yield made
    finally:
        made.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    gva = write_articles(tmp_path_factory.mktemp("gva") / "gva.jsonl", N_GVA)
    return [str(seed_file()), str(gva)]


def ingest(inputs: list[str], db: Path, *options: str) -> subprocess.Popen[str]:
    argv = cli("ingest", *inputs, "--db", str(db), "--published", "2024-12-18", "--quiet", *options)
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen[str]) -> str:
    try:
        _, stderr = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    return stderr


def export(db: Path) -> list[dict]:
    done = subprocess.run(cli("export", "--db", str(db)), capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def one_process(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The export of the same inputs ingested in one process, no workers."""
    db = tmp_path_factory.mktemp("one") / "one.db"
    finish(ingest(inputs, db))
    return export(db)


def test_a_cluster_ingest_makes_the_ledger_one_process_makes(
    cluster: Cluster, inputs: list[str], one_process: list[dict], tmp_path: Path
) -> None:
    db = tmp_path / "cluster.db"
    finish(ingest(inputs, db, "--cluster", cluster.address))
    records = export(db)
    assert len(records) == len(one_process) > N_GVA
    assert [r["id"] for r in records] == [r["id"] for r in one_process]
    assert records == one_process


def test_a_worker_killed_mid_run_loses_nothing(
    cluster: Cluster, inputs: list[str], one_process: list[dict], tmp_path: Path
) -> None:
    """SIGKILL one of the two workers once a tenth of the items are stored: its batches go to the other one,
    and the ledger still ends up with every article once, as one process stores them."""
    db = tmp_path / "killed.db"
    proc = ingest(inputs, db, "--cluster", cluster.address)
    deadline = time.monotonic() + TIMEOUT
    while items_stored(db) < (1 + N_GVA) // 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before a worker could be killed"
    os.kill(cluster.workers[0].pid, signal.SIGKILL)
    finish(proc)
    records = export(db)
    assert items_stored(db) == 1 + N_GVA
    assert len({r["id"] for r in records}) == len(records) == len(one_process)
    assert records == one_process


def test_an_unreachable_scheduler_is_one_line(inputs: list[str], tmp_path: Path) -> None:
    proc = ingest(inputs, tmp_path / "none.db", "--cluster", f"tcp://127.0.0.1:{free_port()}")
    _, stderr = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 2, stderr
    assert "Traceback" not in stderr
    (line,) = stderr.strip().splitlines()
    assert line.startswith("newsledger: cannot reach the Dask scheduler at tcp://127.0.0.1:")


@pytest.mark.parametrize("address", ["local:0", "local:x", "tcp://host name:1", "local:65"])
def test_a_bad_cluster_address_is_refused_before_anything_is_read(
    address: str, inputs: list[str], tmp_path: Path
) -> None:
    db = tmp_path / "never.db"
    proc = ingest(inputs, db, "--cluster", address)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2, stderr
    assert "--cluster" in stderr and "Traceback" not in stderr
    assert not db.exists()


def test_jobs_and_cluster_together_are_refused(inputs: list[str], tmp_path: Path) -> None:
    proc = ingest(inputs, tmp_path / "never.db", "--cluster", "local:2", "--jobs", "2")
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "--jobs and --cluster" in stderr


def test_a_local_cluster_makes_the_same_ledger(inputs: list[str], one_process: list[dict], tmp_path: Path) -> None:
    db = tmp_path / "local.db"
    finish(ingest(inputs, db, "--cluster", "local:2"))
    assert export(db) == one_process


def test_ctrl_c_stops_a_local_cluster_run_at_once_with_one_line(inputs: list[str], tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, as a terminal sends it: the writer stops within seconds with
    status 130 and one line, the cluster's processes end with it, and what was stored stays."""
    tag = new_tag()
    db = tmp_path / "interrupted.db"
    argv = cli("ingest", *inputs, "--db", str(db), "--quiet", "--cluster", "local:2")
    proc = subprocess.Popen(
        argv,
        env=marked_env(tag),
        start_new_session=True,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as on a terminal, even from nohup
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while items_stored(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before Ctrl-C"
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=20)
        left = wait_until_gone(tag, 10)
    finally:
        kill_tagged(tag)
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines() == [
        f"newsledger: {db}: interrupted; the items stored so far are kept, run the same command again to finish"
    ]
    assert left == []
    assert 2 <= items_stored(db) < 1 + N_GVA
