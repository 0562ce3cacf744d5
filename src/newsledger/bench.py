"""Benchmark: the whole ledger, in one process, with N worker processes and on a local Dask cluster, each
against a plain ``nlp.pipe`` over the same texts.

Each run is one phase, and each phase runs in a process of its own, forked
from this one before spaCy is loaded, so that each peak resident set is that
phase's (plus the little this process held when it forked, which it prints). The phases run one after the other and the ratios are
taken between them, so they hold when the machine's speed drifts between
invocations (not within one: run it on a quiet machine). The plain side
parses what the ledger gives spaCy: each article's headline and text, an
article longer than ``pipeline.CHUNK_ABOVE`` as its pieces; it runs twice,
with the stock pipeline (what the ledger is measured against) and with the
pipeline as the ledger loads it (so what the ledger adds to its own parse
shows too). Every phase loads
the spaCy pipeline and the gazetteer before its clock starts (the Dask workers
too), so the figures are throughput, not start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsledger.config import PipelineConfig
from newsledger.ingest import read_paths
from newsledger.memory import peak_rss_mb, rss_mb
from newsledger.model import Article, IngestError, Item
from newsledger.pipeline import Pipeline

PLAIN = "plain nlp.pipe"
#: The parse alone as the ledger runs it (its pipeline loaded by ``nlp.load_nlp``: the look-up attribute ruler).
OWN_PARSE = "nlp.pipe, newsledger's parse"
ONE = "ledger, 1 process"


@dataclass
class Phase:
    """One timed run: how long it took, each process's peak memory, and where the time went."""

    name: str
    seconds: float
    #: Peak resident set in MB of each process of the run: "main", and each worker by ``host:pid``.
    peak_mb: dict[str, float] = field(default_factory=dict)
    #: Seconds in each stage the main process measures (read and segment, store, link; extract in one process).
    stages: dict[str, float] = field(default_factory=dict)
    extract_seconds: dict[str, float] = field(default_factory=dict)
    link_seconds: list[float] = field(default_factory=list)


@dataclass
class BenchResult:
    path: str
    items: int
    articles: int
    characters: int
    jobs: int
    phases: list[Phase]
    #: Lines of the linking-at-scale measurement (``--link-scale``), when it ran.
    scale_lines: list[str] = field(default_factory=list)
    #: The benchmark's own resident set when it forked the runs, in MB.
    forked_at_mb: float = 0.0

    def phase(self, name: str) -> Phase | None:
        return next((p for p in self.phases if p.name == name), None)

    @property
    def ratio(self) -> float:
        """The one-process ledger's time over the plain parse's (1.0: the ledger costs nothing but the parse)."""
        plain, one = self.phase(PLAIN), self.phase(ONE)
        return one.seconds / plain.seconds if plain and one and plain.seconds else float("nan")

    def lines(self) -> list[str]:
        plain = self.phase(PLAIN)
        lines = [f"input: {self.path} ({self.items} items, {self.articles} articles, {self.characters:,} characters)"]
        for phase in self.phases:
            lines.append(self._phase_line(phase, plain))
        one = self.phase(ONE)
        many = [p for p in self.phases if p.name not in (PLAIN, OWN_PARSE, ONE)]
        own = self.phase(OWN_PARSE)
        if one and own:
            lines.append(
                f"{ONE} against {OWN_PARSE} (what the ledger adds to its own parse): x{own.seconds / one.seconds:.2f} the speed"
            )
        if one:
            for phase in many:
                lines.append(f"{phase.name} against {ONE}: x{one.seconds / phase.seconds:.2f} the speed")
            lines.extend(_stage_lines(one, "in one process"))
        for phase in many:
            lines.extend(_stage_lines(phase, f"{phase.name}, the main process (it stores and links)"))
            lines.append(self._ceiling_line(phase))
            workers = [f"{mb:,.0f}" for name, mb in sorted(phase.peak_mb.items()) if name != "main"]
            lines.append(f"{phase.name}: peak RSS of each worker (MB): {', '.join(workers) or 'none reported'}")
        if one and one.link_seconds:
            lines.append(_link_line(one))
        lines.append(
            f"each run was forked from the benchmark's process, which held {self.forked_at_mb:,.0f} MB then: "
            "every peak includes that, and a worker's includes the pages it shares with its writer"
        )
        return lines + self.scale_lines

    def _ceiling_line(self, phase: Phase) -> str:
        """How fast the one writer could go with workers that never kept it waiting: its own busy time."""
        busy = sum(phase.stages.values()) + sum(phase.link_seconds)
        rate = f"{self.articles / busy:,.0f} articles/s" if busy else "n/a"
        return (
            f"{phase.name}: the writer was busy {busy:.2f} s of {phase.seconds:.2f} s (read, segment, store, link): "
            f"its ceiling at this ledger size is {rate}"
        )

    def _phase_line(self, phase: Phase, plain: Phase | None) -> str:
        speed = f"{self.articles / phase.seconds:,.1f} articles/s" if phase.seconds else "n/a"
        against = ""
        if plain and phase is not plain and phase.seconds:
            against = f"  x{plain.seconds / phase.seconds:.2f} the speed of {PLAIN}"
        main = phase.peak_mb.get("main", 0.0)
        return f"{phase.name:<28}: {phase.seconds:8.2f} s  {speed}  peak RSS {main:,.0f} MB{against}"


def _stage_lines(phase: Phase, where: str) -> list[str]:
    """Where the time of a run went, by stage and by extractor, as shares of the run."""
    total = phase.seconds
    stages = dict(phase.stages)
    stages["link"] = sum(phase.link_seconds)
    if phase.name == ONE:
        stages["extract"] = sum(phase.extract_seconds.values())
        stages["parse (the rest)"] = max(0.0, total - sum(stages.values()))
    else:
        stages["waiting for the workers (the rest)"] = max(0.0, total - sum(stages.values()))
    lines = [f"time by stage, {where}: " + ", ".join(f"{k} {v:.2f} s ({v / total:.1%})" for k, v in stages.items())]
    per_extractor = ", ".join(f"{k} {v:.2f} s" for k, v in phase.extract_seconds.items())
    if phase.name == ONE:
        lines.append(f"time inside each extractor: {per_extractor}")
    elif per_extractor:
        lines.append(f"{phase.name}: time inside each extractor, all workers together: {per_extractor}")
    return lines


def _link_line(phase: Phase) -> str:
    """Linking cost per article, above all for the last articles, which link against the whole ledger."""
    link = phase.link_seconds
    tail = link[-max(1, len(link) // 10) :]
    ordered = sorted(link)
    return (
        f"linking per article: median {1000 * ordered[len(ordered) // 2]:.1f} ms, "
        f"last {len(tail)} articles (ledger of {len(link) - len(tail)}+ articles) mean "
        f"{1000 * sum(tail) / len(tail):.1f} ms, max {1000 * ordered[-1]:.0f} ms "
        "(the gazetteer is loaded before the clock starts)"
    )


def run_bench(
    path: str,
    n_process: int = 2,
    config: PipelineConfig | None = None,
    cluster: bool = True,
    link_scale: int | None = None,
) -> BenchResult:
    """Time plain ``nlp.pipe`` over the articles' texts, then the ledger over ``path``: in one process, with
    ``n_process`` workers (when above one), and on a local Dask cluster of as many (when ``cluster`` and Dask
    is installed); then, with ``link_scale``, linking at 2,000 articles and at that many."""
    config = replace(config or PipelineConfig(), n_process=1)
    pipeline = Pipeline(config)
    items = [found for found in read_paths([path]) if isinstance(found, Item)]
    articles = [article for item in items for article in _articles(pipeline, item)]
    texts = [text for article in articles for text in pipeline.parsed_texts(article)]  # what the ledger parses
    if not articles:
        return BenchResult(path, len(items), 0, 0, n_process, [])
    forked_at = rss_mb()
    phases = [
        _in_child(_plain, texts, config, False),
        _in_child(_plain, texts, config, True),
        _in_child(_ledger, ONE, path, config, None),
    ]
    if n_process > 1:
        phases.append(_in_child(_ledger, f"ledger, --jobs {n_process}", path, config, n_process))
    if cluster and n_process > 1 and _have_dask():
        phases.append(_in_child(_on_local_cluster, f"ledger, Dask local:{n_process}", path, config, n_process))
    scale = _scale_lines(path, link_scale)
    return BenchResult(path, len(items), len(articles), sum(len(t) for t in texts), n_process, phases, scale, forked_at)


def _scale_lines(path: str, link_scale: int | None) -> list[str]:
    """Linking at 2,000 articles and at ``link_scale``, on a synthetic ledger made from ``path``'s articles."""
    if not link_scale:
        return []
    from newsledger.benchscale import link_scale as measure

    return measure(path, sizes=sorted({min(2000, link_scale), link_scale})).lines()


def _plain(texts: list[str], config: PipelineConfig, own: bool) -> Phase:
    """A plain ``nlp.pipe`` over the texts, after a warm-up batch: of the full, stock spaCy pipeline, or
    (``own``) of the pipeline as the ledger loads it."""
    import spacy

    from newsledger.nlp import load_nlp, pipe

    nlp = load_nlp(config.model) if own else spacy.load(config.model)
    list(nlp.pipe(texts[: config.batch_size], batch_size=config.batch_size))  # warm-up, not counted
    started = time.perf_counter()
    for _ in pipe(nlp, texts, batch_size=config.batch_size):
        pass
    return Phase(OWN_PARSE if own else PLAIN, time.perf_counter() - started, {"main": peak_rss_mb()})


def _ledger(name: str, path: str, config: PipelineConfig, processes: int | None, cluster: str | None = None) -> Phase:
    """A whole ingest into a new ledger. Without a cluster the spaCy pipeline is loaded first (forked
    workers inherit it); with one this process loads nothing of spaCy, so its peak is the writer's own."""
    from newsledger.ledger import Ledger
    from newsledger.link.gazetteer import gazetteer
    from newsledger.nlp import load_nlp

    gazetteer()  # the first place name would load it: start-up, not throughput
    if cluster is None:
        load_nlp(config.model)
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "bench.db", config=config) as ledger:
        started = time.perf_counter()
        ledger.ingest([path], n_process=processes, cluster=cluster)
        seconds = time.perf_counter() - started
        return Phase(
            name,
            seconds,
            {"main": peak_rss_mb(), **ledger.worker_peak_mb},
            dict(ledger.stage_seconds),
            dict(ledger.extract_seconds),
            list(ledger.link_seconds),
        )


def _on_local_cluster(name: str, path: str, config: PipelineConfig, workers: int) -> Phase:
    """The ingest on a ``LocalCluster`` started (and its workers' pipelines loaded) before the clock starts."""
    import logging

    from distributed import Client, LocalCluster

    from newsledger.workers import run_work

    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with Client(cluster) as client:
            client.wait_for_workers(workers)
            client.run(run_work, config, [])  # each worker makes its pipeline and loads spaCy
        return _ledger(name, path, config, None, cluster.scheduler_address)
    finally:
        cluster.close()


def _have_dask() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def _in_child(run: Callable[..., Phase], *args: Any) -> Phase:
    """``run(*args)`` in a process forked for it, so its peak memory is its own; its ``Phase`` comes back."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_send_phase, args=(send, run, args))
    process.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        raise RuntimeError(f"the benchmark's process for {run.__name__} died (out of memory?)") from None
    finally:
        if process.is_alive():
            process.join(timeout=30)
            process.kill()
    if isinstance(outcome, str):
        raise RuntimeError(outcome)
    phase: Phase = outcome
    return phase


def _send_phase(send: Any, run: Callable[..., Phase], args: tuple[Any, ...]) -> None:
    try:
        send.send(run(*args))
    except Exception as error:
        send.send(f"the benchmark's run {run.__name__} failed: {type(error).__name__}: {error}")
    finally:
        send.close()
        os._exit(0)  # the parent reads the phase; nothing of this process's state is to be cleaned up


def _articles(pipeline: Pipeline, item: Item) -> list[Article]:
    articles = pipeline.articles_of(item)
    return [] if isinstance(articles, IngestError) else articles
