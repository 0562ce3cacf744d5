"""Load check for ``newsledger serve``: many concurrent readers while an ingest writes to the same ledger.

What it measures: it starts ``newsledger serve --db LEDGER`` and, at the same time, a writer
(``newsledger ingest --db LEDGER ...``) on articles the ledger does not hold yet, waits until the server
answers and the ingest has stored its first article, then runs ``--clients`` concurrent HTTP clients for
``--seconds``: half of them fetch the largest story's page (``/stories/{id}``), half run full-text searches
(``/api/search?q=...``, a malformed FTS query or two among them). Every request's status and latency is
recorded; any status other than 200, any exception and any timeout is an error. It prints, per endpoint,
requests, errors, requests/second and p50/p95/p99 latency in ms, then the totals, the first few distinct
errors (with their response bodies) and how many articles the ingest wrote during the run (rows of the
``articles`` table, counted read-only before and after). Exit status 1 when any request failed, 2 when the
check could not run (the server did not come up, no story in the ledger), 0 otherwise.

It is a measurement, not a test: the figures depend on the machine. The ledger is used in place, not
copied: the articles the ingest writes stay in it. By default those articles are made from the ledger's own
texts, each with a sentence appended that names this run, so every run writes new articles; they join
their originals' stories, so the largest story can change between runs (``--story`` pins it). The server's
and the ingest's output go to files under ``--logs`` (``/tmp/loadcheck`` by default); a server traceback is
there.

Reproduce::

    bash scripts/bootstrap.sh dev
    .venv/bin/newsledger ingest --db gva.db ../shared/eval/gva-dev/articles.jsonl
    .venv/bin/python scripts/loadcheck.py --db gva.db
    .venv/bin/python scripts/loadcheck.py --db gva.db --clients 50 --seconds 10 --query shooting --query '"unclosed'
    .venv/bin/python scripts/loadcheck.py --db gva.db --workers 2 --story ID --no-ingest
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx2 as httpx

DEFAULT_QUERIES = (
    "shooting",
    "police",
    "Chicago",
    "killed",
    "gun violence",
    "teen wounded",
    "shoot*",
    '"unclosed',
    "AND OR",
)
STORY = "story"
MARK = "was stored by load check run"  # in every article this script makes
SEARCH = "search"


@dataclass
class Result:
    """One request: which endpoint, how long it took, and its status (or the exception it raised)."""

    endpoint: str
    url: str
    at: float  # when it was sent, in seconds from the start of the load window
    seconds: float
    status: int | None
    error: str | None = None  # None when the request counts as a success
    size: int = 0  # bytes of the response body


@dataclass
class Window:
    """What the clients did during the load window."""

    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0
    client_cpu_seconds: float = 0.0


class CheckFailed(Exception):
    """The check could not run (as opposed to requests failing)."""


# -- the ledger, read-only -------------------------------------------------------------------------


def connect_readonly(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)


def count_articles(db: Path) -> int:
    with contextlib.closing(connect_readonly(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def largest_story(db: Path) -> tuple[str, int]:
    """The id of the story with the most articles, and how many it has."""
    from newsledger.ledger import Ledger

    ledger = Ledger(db, readonly=True)
    try:
        stories = ledger.stories(limit=1)
    finally:
        ledger.close()
    if not stories:
        raise CheckFailed(f"{db}: the ledger holds no story")
    return stories[0].id, stories[0].articles


def write_new_articles(db: Path, out: Path, limit: int) -> int:
    """Write to ``out`` a JSONL of ``limit`` articles the ledger does not hold: its own texts (not earlier runs'
    copies; drawn at random, so the copies, which join their originals' stories, are spread over many stories;
    repeated when there are fewer), each with a sentence appended that names this run. Return how many."""
    run = time.strftime("%Y%m%dT%H%M%S") + f"-{time.time_ns() % 1_000_000:06d}"
    with contextlib.closing(connect_readonly(db)) as conn:
        rows = conn.execute(
            "SELECT id, title, published, outlet, url, text FROM articles WHERE text NOT LIKE ? ORDER BY random() LIMIT ?",
            (f"%{MARK}%", limit),
        ).fetchall()
    if not rows:
        raise CheckFailed(f"{db}: the ledger holds no article to derive new ones from")
    with out.open("w", encoding="utf-8") as handle:
        for n in range(limit):
            article_id, title, published, outlet, url, text = rows[n % len(rows)]
            record = {
                "id": f"loadcheck-{run}-{n}",
                "title": title,
                "published": published,
                "outlet": outlet,
                "url": url,
                "text": f"{text.rstrip()}\n\nThis copy of article {article_id[:12]} {MARK} {run} as number {n}.",
            }
            handle.write(json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False) + "\n")
    return limit


# -- the server and the ingest ---------------------------------------------------------------------


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def start(command: Sequence[str], log_stem: Path) -> tuple[subprocess.Popen[bytes], list[IO[bytes]]]:
    """Start ``command`` with its stdout and stderr going to ``<log_stem>.stdout`` and ``.stderr``."""
    out = open(log_stem.with_suffix(".stdout"), "wb")  # the caller closes both once the process has stopped
    err = open(log_stem.with_suffix(".stderr"), "wb")
    # Its own process group, so a Ctrl-C reaches this script alone and it stops the two in order; SIGINT back to
    # its default, so the ingest's interrupt path works even when this script was started with it ignored (nohup, &).
    process = subprocess.Popen(
        command,
        stdout=out,
        stderr=err,
        stdin=subprocess.DEVNULL,
        process_group=0,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    return process, [out, err]


def stop(process: subprocess.Popen[bytes] | None, first: signal.Signals, grace: float) -> int | None:
    """Send ``first`` (SIGINT or SIGTERM), wait up to ``grace`` seconds, then kill; return the exit status."""
    if process is None:
        return None
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(first)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def process_tree(process: subprocess.Popen[bytes] | None) -> list[int]:
    """A running process and the processes it started (``serve --workers``), from /proc; [] elsewhere."""
    if process is None:
        return []
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    if process.pid not in parents:
        return []
    tree = [process.pid]
    for pid in sorted(parents):  # a child's pid is larger than its parent's, but for wrap-around
        if pid not in tree and parents[pid] in tree:
            tree.append(pid)
    return tree


def _proc(pid: int, name: str) -> str | None:
    try:
        return Path(f"/proc/{pid}/{name}").read_text()
    except OSError:
        return None


def cpu_seconds(process: subprocess.Popen[bytes] | None) -> float | None:
    """CPU time (user + system) a running process and its children have used so far; None once it ended."""
    ticks = 0
    tree = process_tree(process)
    for pid in tree:
        stat = _proc(pid, "stat")
        if stat:
            fields = stat.rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK") if tree else None


def peak_rss_mb(process: subprocess.Popen[bytes] | None) -> list[float]:
    """The peak resident memory (VmHWM) of a running process and of each process it started, in MB."""
    peaks = []
    for pid in process_tree(process):
        status = _proc(pid, "status") or ""
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if found:
            peaks.append(int(found.group(1)) / 1024)
    return peaks


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_until_up(base: str | None, server: subprocess.Popen[bytes], stderr: Path, timeout: float) -> tuple[str, float]:
    """Poll the server until it answers; return its base URL and the seconds it took. Without ``base``, the
    URL is the one the server prints (``newsledger serve --port 0`` prints the port it chose). Fail when the
    server exits first or does not answer within ``timeout``."""
    started = time.monotonic()
    while True:
        if server.poll() is not None:
            raise CheckFailed(
                f"the server exited with status {server.returncode} before answering; its stderr ({stderr}):\n"
                + tail(stderr)
            )
        if base is None:
            printed = re.search(r"https?://[^\s/]+", stderr.read_text(errors="replace"))
            base = printed.group(0) if printed else None
        if base is not None:
            try:
                httpx.get(base + "/api/stories", timeout=2)
                return base, time.monotonic() - started
            except httpx.HTTPError:
                pass
        if time.monotonic() - started > timeout:
            raise CheckFailed(
                f"the server did not answer at {base or 'the URL it prints'} within {timeout:g} s; "
                f"its stderr ({stderr}):\n" + tail(stderr)
            )
        time.sleep(0.2)


def wait_for_first_write(db: Path, before: int, ingest: subprocess.Popen[bytes], timeout: float) -> float | None:
    """Wait until the ingest has stored an article; return the seconds it took, None when it did not."""
    started = time.monotonic()
    while time.monotonic() - started < timeout and ingest.poll() is None:
        if count_articles(db) > before:
            return time.monotonic() - started
        time.sleep(0.25)
    return None


# -- the clients -----------------------------------------------------------------------------------


def describe(error: BaseException) -> str:
    """An exception in one line with the chain of its causes (httpx's ReadError often has no message)."""
    parts: list[str] = []
    current: BaseException | None = error
    while current is not None and len(parts) < 5:
        parts.append(f"{type(current).__module__}.{type(current).__name__}" + (f": {current}" if str(current) else ""))
        current = current.__cause__ or current.__context__
    return " <- ".join(parts)


async def client(
    http: httpx.AsyncClient,
    number: int,
    endpoint: str,
    urls: Sequence[str],
    window: tuple[float, float],
    out: list[Result],
) -> None:
    """One client: request its endpoint, one request after the other, from ``window[0]`` until ``window[1]``."""
    origin, deadline = window
    n = number
    while (started := time.perf_counter()) < deadline:
        url = urls[n % len(urls)]
        n += 1
        try:
            response = await http.get(url)
        except Exception as error:  # every failure is a finding, timeouts included
            out.append(Result(endpoint, url, started - origin, time.perf_counter() - started, None, describe(error)))
            continue
        seconds = time.perf_counter() - started
        error_text = None if response.status_code == 200 else response.text
        out.append(
            Result(endpoint, url, started - origin, seconds, response.status_code, error_text, len(response.content))
        )


async def run_clients(
    base: str, story_id: str, queries: Sequence[str], clients: int, seconds: float, timeout: float
) -> Window:
    """Run the clients, each with an ``httpx.AsyncClient`` (one keep-alive connection) of its own: one pool
    of ``clients`` connections shared by all costs the client about twice the CPU per request, and on a small
    machine the client's CPU is the server's."""
    story_urls = [f"/stories/{story_id}"]
    search_urls = [str(httpx.URL("/api/search", params={"q": q})) for q in queries]
    window = Window()
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as stack:
        https = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout))
            for _ in range(clients)
        ]
        cpu, started = time.process_time(), time.perf_counter()
        span = (started, started + seconds)
        await asyncio.gather(
            *(
                client(http, n, *((STORY, story_urls) if n % 2 == 0 else (SEARCH, search_urls)), span, window.results)
                for n, http in enumerate(https)
            )
        )
        window.seconds = time.perf_counter() - started
        window.client_cpu_seconds = time.process_time() - cpu
    return window


# -- the report ------------------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of values sorted ascending."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def report_line(name: str, results: Sequence[Result], seconds: float) -> str:
    latencies = sorted(r.seconds * 1000 for r in results)
    errors = sum(1 for r in results if r.error is not None)
    size = sum(r.size for r in results) / max(1, len(results)) / 1000
    return (
        f"{name:<8} requests {len(results):>7}  errors {errors:>6}  req/s {len(results) / seconds:>8.1f}  "
        f"p50 {percentile(latencies, 50):>8.1f} ms  p95 {percentile(latencies, 95):>8.1f} ms  "
        f"p99 {percentile(latencies, 99):>8.1f} ms  {size:>6.1f} kB/response"
    )


def print_errors(results: Sequence[Result], shown: int = 10) -> None:
    """The most frequent distinct errors: endpoint, URL, status (or exception) and response body."""
    kinds: Counter[tuple[str, str, int | None, str]] = Counter()
    times: dict[tuple[str, str, int | None, str], list[float]] = {}
    for r in results:
        if r.error is not None:
            key = (r.endpoint, r.url, r.status, " ".join(r.error.split())[:500])
            kinds[key] += 1
            times.setdefault(key, []).append(r.at)
    if not kinds:
        return
    print(f"\n{len(kinds)} distinct error(s); the {min(shown, len(kinds))} most frequent:")
    for key, count in kinds.most_common(shown):
        endpoint, url, status, text = key
        what = f"HTTP {status}" if status is not None else "no response"
        sent = sorted(times[key])
        when = f"sent at {sent[0]:.1f} s" if count == 1 else f"sent from {sent[0]:.1f} s to {sent[-1]:.1f} s"
        print(f"  {count} x {endpoint} GET {url}: {what} ({when} into the window)\n      {text}")


def print_server_log(path: Path, shown: int = 10) -> None:
    """What the server wrote to stderr besides its start-up line: tracebacks and logged errors, counted."""
    text = path.read_text(errors="replace")
    lines = Counter(line.strip() for line in text.splitlines() if line.strip() and "serving" not in line)
    if not lines:
        print(f"\nthe server's stderr holds nothing but its start-up line ({path})")
        return
    print(f"\nthe server's stderr ({path}) holds {text.count('Traceback')} traceback(s); its most frequent lines:")
    for line, count in lines.most_common(shown):
        print(f"  {count} x {line[:300]}")


# -- main ------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, required=True, help="the ledger (used in place; the ingest writes to it)")
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients, half per endpoint (200)")
    parser.add_argument("--seconds", type=float, default=30, help="length of the load window (30)")
    parser.add_argument(
        "--ingest",
        nargs="+",
        action="extend",
        metavar="PATH",
        help="what the writer ingests (default: a JSONL of --new-articles articles made from the ledger's own texts)",
    )
    parser.add_argument("--no-ingest", action="store_true", help="no writer: the readers alone, for comparison")
    parser.add_argument("--new-articles", type=int, default=1500, help="articles in the default JSONL (1500)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--port", type=int, default=0, help="the server's port; 0: the server picks one and prints it (0)"
    )
    parser.add_argument("--query", action="append", help="a search query; repeat it (default: a fixed mix)")
    parser.add_argument(
        "--story",
        help="the story id to fetch (default: the largest story; the ingest's articles join stories, so the "
        "largest can change from one run to the next: give it to compare runs)",
    )
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a request counts as failed (30)")
    parser.add_argument("--startup-timeout", type=float, default=120, help="seconds to wait for the server (120)")
    parser.add_argument("--logs", type=Path, default=Path(tempfile.gettempdir()) / "loadcheck", help="where logs go")
    parser.add_argument("--workers", type=int, default=1, help="newsledger serve --workers (1)")
    parser.add_argument(
        "--server-command",
        help="run this instead of newsledger serve (to check the checker against a stand-in); "
        "{python}, {db}, {host} and {port} are filled in",
    )
    args = parser.parse_args(argv)
    if args.clients < 2 or args.seconds <= 0:
        parser.error("--clients must be at least 2 and --seconds positive")
    return args


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    db: Path = args.db
    if not db.is_file():
        print(f"loadcheck: {db}: no such ledger", file=sys.stderr)
        return 2
    args.logs.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, interrupt)  # a kill stops the children too, as Ctrl-C does

    server: subprocess.Popen[bytes] | None = None
    ingest: subprocess.Popen[bytes] | None = None
    files: list[IO[bytes]] = []
    try:
        story_id, size = (args.story, 0) if args.story else largest_story(db)
        queries: list[str] = args.query or list(DEFAULT_QUERIES)
        ingest_paths: list[str] = []
        if args.ingest:
            ingest_paths = [str(p) for p in args.ingest]
        elif not args.no_ingest:
            jsonl = args.logs / "new-articles.jsonl"
            write_new_articles(db, jsonl, args.new_articles)
            ingest_paths = [str(jsonl)]
        # The real server is given --port as is (0: it picks one and prints it); a stand-in gets a free port.
        port = args.port or (free_port(args.host) if args.server_command else 0)
        base = f"http://{args.host}:{port}" if port else None
        fill = {"python": sys.executable, "db": str(db), "host": args.host, "port": str(port)}
        if args.server_command:
            server_cmd = [part.format(**fill) for part in shlex.split(args.server_command)]
        else:
            server_cmd = [sys.executable, "-m", "newsledger", "serve", "--db", str(db), "--host", args.host]
            server_cmd += ["--port", str(port), "--workers", str(args.workers)]
        ingest_cmd = [sys.executable, "-m", "newsledger", "ingest", "--quiet", "--db", str(db)]
        ingest_cmd += [] if args.no_ingest else ingest_paths

        before = count_articles(db)
        print(f"server:  {shlex.join(server_cmd)}")
        print(f"writer:  {'none (--no-ingest)' if args.no_ingest else shlex.join(ingest_cmd)}")
        print(f"logs:    {args.logs}/server.stderr, {args.logs}/ingest.stderr")
        print(f"story:   /stories/{story_id}" + (f" (the largest story: {size} articles)" if size else ""))
        print(f"queries: {', '.join(repr(q) for q in queries)}")
        print(f"ledger:  {db}, {before} articles before the run")

        server, server_files = start(server_cmd, args.logs / "server")
        files += server_files
        if not args.no_ingest:
            ingest, ingest_files = start(ingest_cmd, args.logs / "ingest")
            files += ingest_files
        launched = time.monotonic()
        base, up = wait_until_up(base, server, args.logs / "server.stderr", args.startup_timeout)
        print(f"the server answered at {base} after {up:.1f} s")
        if ingest is not None:
            if wait_for_first_write(db, before, ingest, args.startup_timeout) is None:
                print(
                    f"loadcheck: warning: the ingest wrote nothing before the load (exit status {ingest.poll()}); "
                    f"its stderr:\n{tail(args.logs / 'ingest.stderr')}",
                    file=sys.stderr,
                )
            else:
                print(f"the ingest stored its first article {time.monotonic() - launched:.1f} s after it started")

        at_start = count_articles(db)
        cpu_start = cpu_seconds(server), cpu_seconds(ingest)
        print(f"load: {args.clients} clients for {args.seconds:g} s ...", flush=True)
        window = asyncio.run(run_clients(base, story_id, queries, args.clients, args.seconds, args.timeout))
        cpu_end = cpu_seconds(server), cpu_seconds(ingest)
        server_peaks = peak_rss_mb(server)
        at_end = count_articles(db)
        ingest_exited = ingest.poll() if ingest else None
        server_exited = server.poll()
    except CheckFailed as error:
        print(f"loadcheck: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("loadcheck: interrupted; stopping the server and the ingest", file=sys.stderr)
        return 130
    finally:
        stop(ingest, signal.SIGINT, 30)  # the ingest's own Ctrl-C path: it keeps what it stored and exits
        stop(server, signal.SIGTERM, 15)
        for handle in files:
            handle.close()

    after = count_articles(db)
    results = window.results
    print()
    print(report_line(STORY, [r for r in results if r.endpoint == STORY], window.seconds))
    print(report_line(SEARCH, [r for r in results if r.endpoint == SEARCH], window.seconds))
    print(report_line("total", results, window.seconds))
    print(f"\nwindow {window.seconds:.1f} s ({args.seconds:g} s of sending, then the requests in flight finished)")
    used = [f"clients {window.client_cpu_seconds:.1f} s"]
    for name, start_cpu, end_cpu in zip(("server", "ingest"), cpu_start, cpu_end):
        if start_cpu is not None and end_cpu is not None:
            used.append(f"{name} {end_cpu - start_cpu:.1f} s")
    pace = ""
    if window.client_cpu_seconds > 0.8 * window.seconds:
        pace = " (the clients used nearly a core: they, not the server, set the pace)"
    print(f"CPU used in the window: {', '.join(used)}, of {os.cpu_count()} core(s) x {window.seconds:.1f} s{pace}")
    if server_peaks:
        shown = ", ".join(f"{peak:.0f}" for peak in server_peaks)
        print(
            f"server peak resident memory: {shown} MB (the process{', then its workers' if len(server_peaks) > 1 else ''})"
        )
    if not args.no_ingest:
        print(
            f"articles written by the ingest: {at_end - at_start} during the load window, "
            f"{after - before} in the whole run ({before} -> {after})"
        )
    if ingest_exited is not None:
        print(
            f"loadcheck: the ingest ended before the window did (exit status {ingest_exited}): see {args.logs}/ingest.stderr"
        )
    if server_exited is not None:
        print(f"loadcheck: the server exited during the run (exit status {server_exited})")
    print_errors(results)
    print_server_log(args.logs / "server.stderr")
    failed = sum(1 for r in results if r.error is not None)
    print(f"\n{'FAIL' if failed else 'OK'}: {failed} of {len(results)} requests failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
