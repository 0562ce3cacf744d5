"""SIGKILL in the middle of an ingest: the database stays consistent and a rerun completes it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

N = 60
TIMEOUT = 120.0
FIRST = ["John", "Maria", "Ahmed", "Olga", "Pedro", "Fatima", "Kenji", "Sarah", "Thomas", "Amina"]
LAST = ["Kirby", "Santos", "Haddad", "Petrova", "Alvarez", "Okafor", "Tanaka", "Cole", "Baker", "Novak"]
CITIES = ["Paris", "Berlin", "Madrid", "Cairo", "Tokyo", "Lima", "Nairobi", "Oslo", "Dublin", "Lisbon"]
ORGS = ["the Ministry of Transport", "the Red Cross", "the World Bank", "Reuters", "the United Nations"]


def article(i: int) -> str:
    """A distinct article of about 1,300 characters, long enough that NLP takes a while."""
    person = f"{FIRST[i % 10]} {LAST[(i // 10 + i) % 10]}"
    surname = person.split()[1]
    parts = [f"Report {i}: {person}, a spokesperson for {ORGS[i % 5]}, said on Monday that "
             f"{i + 3} trains were cancelled in {CITIES[i % 10]}."]
    for k in range(6):
        city = CITIES[(i + k) % 10]
        parts.append(
            f"{surname} said crews in {city} had worked for {k + 2} days to clear the lines after storms, "
            f"and that {ORGS[(i + k) % 5]} would publish a review by the end of the month number {k}."
        )
    return " ".join(parts)


def count_items(db: Path) -> int | None:
    """Committed items, read with a read-only connection; None while the db cannot be read."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        return conn.execute("SELECT count(*) FROM items").fetchone()[0]
    except sqlite3.OperationalError as error:  # 'database is locked', 'no such table' early on
        message = str(error)
        if "locked" in message or "no such table" in message or "unable to open" in message:
            return None
        raise
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def ingest_cmd(jsonl: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsledger.cli", "ingest", str(jsonl), "--db", str(db), "--quiet"]


def run_ingest(jsonl: Path, db: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(ingest_cmd(jsonl, db), cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


def check_consistent(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        per_item = conn.execute(
            "SELECT i.id, count(a.id) FROM items i LEFT JOIN articles a ON a.item_id = i.id GROUP BY i.id"
        ).fetchall()
        assert all(n == 1 for _, n in per_item), per_item  # every JSONL item is one article, all there
        q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert q("SELECT count(*) FROM articles a LEFT JOIN items i ON i.id = a.item_id WHERE i.id IS NULL") == 0
        assert q("SELECT count(*) FROM articles a JOIN items i ON i.id = a.item_id WHERE a.text != i.text") == 0
        assert q("SELECT count(*) FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id "
                 "WHERE e.id IS NULL OR e.article_id != m.article_id") == 0
        assert q("SELECT count(*) FROM entities e LEFT JOIN articles a ON a.id = e.article_id WHERE a.id IS NULL") == 0
        assert q("SELECT count(*) FROM entities e WHERE NOT EXISTS "
                 "(SELECT 1 FROM mentions m WHERE m.entity_id = e.id)") == 0
        # every article is analysed: each generated article names a person
        assert q("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                 "(SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.type = 'PERSON')") == 0
        assert q("SELECT count(*) FROM articles_fts") == q("SELECT count(*) FROM articles")
        assert q("SELECT count(*) FROM articles_fts f LEFT JOIN articles a ON a.id = f.article_id "
                 "WHERE a.id IS NULL") == 0
        sources = [r[0] for r in conn.execute("SELECT source FROM items ORDER BY rowid")]
        # items are committed in input order: what survived is a prefix of the input
        assert sources == [f"art-{i:03d}" for i in range(len(sources))]
        return {t: q(f"SELECT count(*) FROM {t}") for t in ("items", "articles", "entities", "mentions")}
    finally:
        conn.close()


def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    jsonl = tmp_path / "many.jsonl"
    texts = [article(i) for i in range(N)]
    assert len(set(texts)) == N
    jsonl.write_text(
        "".join(json.dumps({"id": f"art-{i:03d}", "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8"
    )
    db = tmp_path / "killed.db"

    with open(tmp_path / "stderr.txt", "wb") as err:
        proc = subprocess.Popen(ingest_cmd(jsonl, db), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + TIMEOUT
            seen = None
            while time.monotonic() < deadline:
                seen = count_items(db)
                if seen is not None and seen >= 3:
                    break
                if proc.poll() is not None:
                    break
                time.sleep(0.01)
            exited_early = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    stderr = (tmp_path / "stderr.txt").read_text(errors="replace")
    assert not exited_early, f"ingest ended before it could be killed (rc={proc.returncode}): {stderr}"
    assert seen is not None and seen >= 3, f"no items committed within {TIMEOUT} s: {stderr}"
    assert proc.returncode == -signal.SIGKILL

    after_kill = check_consistent(db)
    assert 3 <= after_kill["items"] < N, after_kill
    assert after_kill["articles"] == after_kill["items"]

    rerun = run_ingest(jsonl, db, tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    complete = check_consistent(db)
    assert complete["items"] == N
    assert complete["articles"] == N

    third = run_ingest(jsonl, db, tmp_path)
    assert third.returncode == 0, third.stderr
    assert check_consistent(db) == complete

    # The resumed database holds what one uninterrupted run stores.
    from newsledger.ledger import Ledger

    clean = tmp_path / "clean.db"
    with Ledger(clean) as ledger:
        report = ledger.ingest([str(jsonl)])
    assert report.new_items == N
    assert check_consistent(clean) == complete

    def facts(path: Path) -> tuple[set, set]:
        conn = sqlite3.connect(path)
        try:
            return (set(conn.execute('SELECT id, item_id, start, "end", text FROM articles')),
                    set(conn.execute('SELECT article_id, start, "end", text, label FROM mentions')))
        finally:
            conn.close()

    assert facts(db) == facts(clean)
    assert not os.path.exists(tmp_path / "newsledger.db")  # --db was honoured


def write_articles(tmp_path: Path) -> Path:
    """The N generated articles as a JSONL file."""
    jsonl = tmp_path / "many.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"art-{i:03d}", "text": article(i)}) + "\n" for i in range(N)),
                     encoding="utf-8")
    return jsonl


def interrupt_ingest(jsonl: Path, db: Path, jobs: int,
                     wait: Callable[[subprocess.Popen], None]) -> tuple[subprocess.Popen, str]:
    """Start an ingest in a session of its own, ``wait`` for the moment, then send Ctrl-C to the whole
    group as a terminal does; return the process and its stderr (the group is killed if it hangs)."""
    proc = subprocess.Popen(ingest_cmd(jsonl, db) + ["--jobs", str(jobs)], cwd=jsonl.parent, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait(proc)
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc, stderr


def _wait_for_items(proc: subprocess.Popen, db: Path, at_least: int) -> int | None:
    deadline = time.monotonic() + TIMEOUT
    seen = None
    while time.monotonic() < deadline and proc.poll() is None:
        seen = count_items(db)
        if seen is not None and seen >= at_least:
            break
        time.sleep(0.01)
    return seen


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_mid_ingest_stops_at_once_with_one_line(tmp_path: Path, jobs: int) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) with NLP worker processes:
    the command ends within seconds with one line and status 130, leaves no worker behind, and a
    rerun completes the ledger. With --jobs 2 it used to print a traceback per worker, or hang."""
    jsonl = write_articles(tmp_path)
    db = tmp_path / "interrupted.db"

    def after_three_items(proc: subprocess.Popen) -> None:
        seen = _wait_for_items(proc, db, 3)
        assert proc.poll() is None and seen is not None, "ingest ended before it could be interrupted"

    proc, stderr = interrupt_ingest(jsonl, db, jobs, after_three_items)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines() == [
        f"newsledger: {db}: interrupted; the items stored so far are kept, run the same command again to finish"]
    leftover = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert leftover == [], f"worker processes left running: {leftover}"
    after = check_consistent(db)
    assert 3 <= after["items"] < N, after
    rerun = run_ingest(jsonl, db, tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert check_consistent(db)["items"] == N


def test_ctrl_c_while_the_nlp_workers_start_is_not_lost(tmp_path: Path) -> None:
    """Ctrl-C pressed while --jobs 2 starts its workers (before the first article is parsed) still
    stops the run: it was once ignored there, and the run went on to the end."""
    jsonl = write_articles(tmp_path)
    db = tmp_path / "early.db"

    def once_the_workers_run(proc: subprocess.Popen) -> None:
        deadline = time.monotonic() + TIMEOUT
        workers: list[str] = []
        while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
            workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
            time.sleep(0.005)
        assert len(workers) >= 2 and not count_items(db), "the workers never started, or items came first"

    proc, stderr = interrupt_ingest(jsonl, db, 2, once_the_workers_run)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert (count_items(db) or 0) < N
