"""Parse and extract in other processes; one writer stores and links the results in input order.

    writer: read -> segment -> batches of items ──> workers: parse + extract ──> writer: store, link (input order)

``ingest --jobs N`` forks N worker processes on this machine (``in_processes``);
``ingest --cluster ADDRESS`` sends the same work to the workers of a Dask cluster
(``on_cluster``). Either way each worker runs the one ``Pipeline`` over a batch of
items and sends back every article's facts; the writer, the only process that
touches the database, stores and links them in the order they were read. So
the ledger is the same, row for row, as a one-process ingest of the same inputs,
and a batch is stored whole or not at all: a worker that dies loses nothing.

At most ``IN_FLIGHT`` batches per worker are on their way at any time, so the
writer's memory does not grow with the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import re
import signal
import socket
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any, cast

from newsledger.config import PipelineConfig
from newsledger.memory import peak_rss_mb
from newsledger.model import Article, IngestError, Item
from newsledger.nlp import WorkerDied, WorkerProcesses
from newsledger.pipeline import ItemFacts, Pipeline

#: Articles sent to a worker at once at most: enough for ``nlp.pipe`` to batch ...
BATCH_ARTICLES = 32
#: ... or this many characters of text, whichever comes first: a parse costs in proportion to the text, and
#: a batch of long pages left for last keeps one worker busy while the others are done (about a second).
BATCH_CHARS = 20_000
#: How much lower a worker's scheduling priority is than the writer's (``os.nice``).
WORKER_NICENESS = 5
#: Batches out per worker and not yet stored: enough that a worker never idles for the writer or for one
#: slow batch ahead of its own.
IN_FLIGHT = 3

Work = list[tuple[Item, list[Article]]]


@dataclass
class WorkDone:
    """What a worker made of one batch: the items' facts in input order, the extractors' failures, and what
    it cost the worker."""

    items: list[ItemFacts]
    errors: list[IngestError] = field(default_factory=list)
    extract_seconds: dict[str, float] = field(default_factory=dict)
    #: The worker's peak resident memory so far, in MB, and which process it is (``host:pid``).
    peak_rss_mb: float = 0.0
    worker: str = ""


class ClusterUnavailable(RuntimeError):
    """``--cluster`` cannot be used: Dask is not installed, or the scheduler cannot be reached."""


def batches(
    items: Iterable[tuple[Item, list[Article]]], chars: int = BATCH_CHARS, articles: int = BATCH_ARTICLES
) -> Iterator[Work]:
    """The items in input order, grouped until a group holds ``chars`` characters of text or ``articles``
    articles (an item is never split): groups of about the same cost, so the workers finish together."""
    batch: Work = []
    held_chars = held_articles = 0
    for item, item_articles in items:
        batch.append((item, item_articles))
        held_chars += sum(len(article.analysis_text) for article in item_articles)
        held_articles += len(item_articles)
        if held_chars >= chars or held_articles >= articles:
            yield batch
            batch, held_chars, held_articles = [], 0, 0
    if batch:
        yield batch


#: This process's pipeline and the config (its repr) it was made for.
_PIPELINE: tuple[str, Pipeline] | None = None
#: A Dask worker may run several tasks at once in threads: one pipeline runs at a time in a process.
_ONE_AT_A_TIME = threading.Lock()


def run_work(config: PipelineConfig, work: Work) -> WorkDone:
    """In a worker: parse and extract one batch with this process's pipeline (made once per config)."""
    global _PIPELINE
    with _ONE_AT_A_TIME:
        key = repr(config)
        if _PIPELINE is None or _PIPELINE[0] != key:  # one pipeline per process, whatever configs come
            _PIPELINE = (key, Pipeline(replace(config, n_process=1)))
        pipeline = _PIPELINE[1]
        before = dict(pipeline.extract_seconds)
        errors: list[IngestError] = []
        items = list(pipeline.run_segmented(work, errors.append))
        spent = {name: seconds - before.get(name, 0.0) for name, seconds in pipeline.extract_seconds.items()}
    return WorkDone(items, errors, spent, peak_rss_mb(), f"{os.uname().nodename}:{os.getpid()}")


# -- worker processes on this machine (--jobs N) ------------------------------------------------------------


@dataclass
class _Failed:
    """A worker's batch raised: the message, sent back instead of its results."""

    message: str


def in_processes(config: PipelineConfig, work: Iterable[Work], processes: int) -> Generator[WorkDone, None, None]:
    """Each batch's results, in input order, from ``processes`` forked workers.

    The workers are ``nlp.WorkerProcesses``: they ignore Ctrl-C (the writer
    stops them), die with the writer even when it is ``kill -9``-ed, and a
    worker that dies (killed, out of memory) ends the run with ``WorkerDied``
    instead of a wait for good. The writer keeps what it stored before.
    """
    workers = WorkerProcesses()
    results = _pool(config, workers.feed(work), processes)
    with workers.running(results):
        yield from workers.until_stopped(results)


def _pool(config: PipelineConfig, work: Iterable[Work], processes: int) -> Generator[WorkDone, None, None]:
    """Put numbered batches on one queue the workers take from as each is free, read the results from
    whichever worker has one, and hand them on in the order the batches were read.

    At most ``IN_FLIGHT`` batches per worker are out and not yet handed on: one slow batch at the head
    holds back only that many. Each worker has its own pipe back, so a dead one is seen (EOFError).
    """
    context = multiprocessing.get_context("fork")
    tasks = context.Queue()
    pool = []
    for _ in range(processes):
        results, send = context.Pipe(duplex=False)
        process = context.Process(target=_serve, args=(config, tasks, send), daemon=True)
        process.start()
        send.close()  # the worker's end: once it dies, reading here ends at once (EOFError)
        pool.append((process, results))
    batches_left = iter(work)
    sent = handed_on = 0
    ready: dict[int, WorkDone] = {}

    def send_more() -> None:
        nonlocal sent
        while sent - handed_on < IN_FLIGHT * processes:
            batch = next(batches_left, None)
            if batch is None:
                return
            tasks.put((sent, batch))
            sent += 1

    send_more()
    while handed_on < sent:
        while handed_on not in ready:
            for channel in multiprocessing.connection.wait([results for _, results in pool]):
                number, done = cast(Connection, channel).recv()
                if isinstance(done, _Failed):
                    raise WorkerDied(f"a worker process failed: {done.message}")
                ready[number] = done
        done = ready.pop(handed_on)
        handed_on += 1
        send_more()
        yield done
    for _ in pool:
        tasks.put(None)
    for process, results in pool:
        process.join()
        results.close()


def _serve(config: PipelineConfig, tasks: Any, results: Any) -> None:
    """A worker: run each batch it takes until told to stop (``None``).

    Workers run at a lower priority than the writer: when the machine has no core to spare, the writer
    stores and links as results come instead of falling behind and finishing alone at the end."""
    _lower_priority()
    for number, work in iter(tasks.get, None):
        try:
            done: WorkDone | _Failed = run_work(config, work)
        except Exception as error:  # a bug: said in the writer, which stops the run
            done = _Failed(f"{type(error).__name__}: {error}")
        try:
            results.send((number, done))
        except (pickle.PicklingError, TypeError, AttributeError) as error:  # pickled before anything is sent
            results.send((number, _Failed(f"its facts could not be sent back: {type(error).__name__}: {error}")))


def _run_on_worker(config: PipelineConfig, work: Work, writer_host: str) -> WorkDone:
    """``run_work`` on a Dask worker; one on the writer's machine runs below the writer's priority, as the
    workers of ``--jobs`` do, so that the writer keeps up."""
    global _LOWERED
    if not _LOWERED and socket.gethostname() == writer_host:
        _lower_priority()
        _LOWERED = True
    return run_work(config, work)


_LOWERED = False


def _lower_priority() -> None:
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not allowed here: the same work, only scheduled as the system sees fit
        pass


# -- a Dask cluster (--cluster ADDRESS) -----------------------------------------------------------------------


def on_cluster(config: PipelineConfig, work: Iterable[Work], address: str) -> Generator[WorkDone, None, None]:
    """Each batch's results, in input order, from the workers of a Dask cluster.

    ``address`` is a scheduler's (``tcp://HOST:8786``), or ``local:N`` for a
    ``LocalCluster`` of N one-thread worker processes started here. Dask
    runs a batch again when its worker dies; a batch that killed workers
    ``distributed.scheduler.allowed-failures`` times comes back as one error
    per item, not stored, and the run goes on.
    """
    with _client(address) as client, _Interrupt() as interrupt:
        window = IN_FLIGHT * max(1, len(client.scheduler_info().get("workers", {})))
        futures: deque[tuple[Any, Work]] = deque()
        here = socket.gethostname()
        for batch in work:
            futures.append((client.submit(_run_on_worker, config, batch, here, pure=False), batch))
            while len(futures) >= window:
                yield _collect(*futures.popleft(), interrupt)
        while futures:
            yield _collect(*futures.popleft(), interrupt)


#: How long a run that was interrupted or failed waits for the cluster to close, in seconds.
CLOSE_SECONDS = 1.0
#: How often the wait for a batch looks whether Ctrl-C was pressed, in seconds.
POLL_SECONDS = 0.2


def _collect(future: Any, batch: Work, interrupt: _Interrupt) -> WorkDone:
    """A batch's results; when the cluster gave up on it, one error per item saying so."""
    from distributed import KilledWorker

    try:
        while True:
            interrupt.check()
            try:
                done: WorkDone = future.result(timeout=POLL_SECONDS)
                return done
            except TimeoutError:
                continue
    except KilledWorker:
        return WorkDone(
            [],
            [
                IngestError(item.path, "not stored: the Dask workers given it died each time", item.line)
                for item, _ in batch
            ],
        )
    finally:
        future.release()


class _Interrupt:
    """Ctrl-C while a cluster works: noted by a handler of our own, raised by ``check`` between waits.

    Dask's client runs code of its own in this thread (a garbage collector
    callback among it) where a ``KeyboardInterrupt`` is printed and dropped,
    and the wait for a batch then goes on for good. An ignored SIGINT
    (``nohup``) stays ignored.
    """

    def __init__(self) -> None:
        self.pressed = False
        self.previous: Any = None

    def __enter__(self) -> _Interrupt:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.getsignal(signal.SIGINT)
            if self.previous != signal.SIG_IGN:
                signal.signal(signal.SIGINT, self._pressed)
        return self

    def _pressed(self, signum: int, frame: FrameType | None) -> None:
        self.pressed = True

    def check(self) -> None:
        if self.pressed:
            raise KeyboardInterrupt

    def __exit__(self, *_: object) -> None:
        if self.previous is not None and self.previous != signal.SIG_IGN:
            signal.signal(signal.SIGINT, self.previous)


class _client:
    """A Dask client for ``address`` (and the ``LocalCluster`` behind ``local:N``), closed however the run ends."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise ClusterUnavailable(
                "--cluster needs Dask: install newsledger[cluster] (pip install 'newsledger[cluster]')"
            ) from error
        logging.getLogger("distributed").setLevel(logging.ERROR)  # its start-up chatter is not the user's business
        try:
            if self.address.startswith("local:"):
                self.cluster = _local_cluster(LocalCluster, _local_workers(self.address))
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.address, timeout="20s")
        except (OSError, TimeoutError) as error:
            self.__exit__()
            raise ClusterUnavailable(f"cannot reach the Dask scheduler at {self.address}: {error}") from None
        return self.client

    def __exit__(self, kind: type[BaseException] | None = None, *_: object) -> None:
        # Interrupted or failed: the workers' batches are not waited for (a batch takes seconds).
        timeout = CLOSE_SECONDS if kind is not None else None
        if self.client is not None:
            self.client.close(timeout=timeout)
        if self.cluster is not None:
            self.cluster.close(timeout=timeout)


def _local_cluster(make: Any, workers: int) -> Any:
    """A ``LocalCluster`` of one-thread worker processes that ignore Ctrl-C (the terminal sends it to them
    too: the writer stops them) and keep Dask's warnings to themselves."""
    quiet = {"DASK_LOGGING__DISTRIBUTED": "error"}
    saved = {name: os.environ.get(name) for name in quiet}
    os.environ.update(quiet)  # read by each worker process as it starts
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if on_main_thread else None
    try:
        return make(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    finally:
        if on_main_thread:
            signal.signal(signal.SIGINT, previous)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def check_cluster_address(address: str) -> None:
    """``local:N`` with N from 1 to 64, or a scheduler's address (``tcp://HOST:PORT``, ``HOST:PORT``, or
    another protocol Dask speaks): said before anything is read, not after the first batch."""
    if address.startswith("local:"):
        _local_workers(address)
    elif not re.fullmatch(r"(?:[a-z][a-z0-9+.-]*://)?(?:\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+)(?::\d{1,5})?/?", address):
        raise ClusterUnavailable(f"{address!r} is not a Dask scheduler's address (tcp://HOST:8786) nor local:N")


def _local_workers(address: str) -> int:
    """N of ``local:N``: a whole number from 1 to 64."""
    count = address.removeprefix("local:")
    if not count.isdigit() or not 1 <= int(count) <= 64:
        raise ClusterUnavailable(f"{address!r}: local:N needs a number of workers N from 1 to 64")
    return int(count)
