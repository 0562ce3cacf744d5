"""Benchmark: the whole ledger against a plain ``nlp.pipe`` over the same texts.

Both run in the same process, one after the other, so the ratio holds when
the machine's speed drifts between runs. The plain side parses what the ledger
gives spaCy: an article longer than ``pipeline.CHUNK_ABOVE`` as its pieces.
Peak memory is the process's peak resident set size (it only grows), read
after each phase.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from newsledger.config import PipelineConfig
from newsledger.ingest import read_paths
from newsledger.ledger import Ledger
from newsledger.model import Article, IngestError, Item
from newsledger.nlp import pipe
from newsledger.pipeline import Pipeline


@dataclass
class BenchResult:
    path: str
    items: int
    articles: int
    characters: int
    baseline_seconds: float
    ledger_seconds: float
    baseline_peak_mb: float
    ledger_peak_mb: float
    extract_seconds: dict[str, float]
    link_seconds: list[float]

    @property
    def ratio(self) -> float:
        return self.ledger_seconds / self.baseline_seconds if self.baseline_seconds else float("nan")

    def lines(self) -> list[str]:
        def rate(seconds: float) -> str:
            return f"{self.articles / seconds:,.1f} articles/s" if seconds else "n/a"

        return [
            f"input: {self.path} ({self.items} items, {self.articles} articles, {self.characters:,} characters)",
            f"plain nlp.pipe : {self.baseline_seconds:8.2f} s  {rate(self.baseline_seconds)}"
            f"  peak RSS {self.baseline_peak_mb:,.0f} MB",
            f"whole ledger   : {self.ledger_seconds:8.2f} s  {rate(self.ledger_seconds)}"
            f"  peak RSS {self.ledger_peak_mb:,.0f} MB",
            f"ratio ledger / nlp.pipe: {self.ratio:.2f}x time",
            "time inside each extractor (part of the whole ledger): "
            + ", ".join(
                f"{name} {seconds:.2f} s ({seconds / self.ledger_seconds:.1%})"
                for name, seconds in self.extract_seconds.items()
            ),
            *self._link_lines(),
        ]

    def _link_lines(self) -> list[str]:
        """Linking cost per article, above all for the last articles, which link against the whole ledger."""
        link = self.link_seconds
        if not link:
            return []
        tail = link[-max(1, len(link) // 10) :]
        ordered = sorted(link)
        return [
            f"linking (stories, identities): {sum(link):.2f} s ({sum(link) / self.ledger_seconds:.1%} of the ledger); "
            f"per article median {1000 * ordered[len(ordered) // 2]:.1f} ms, "
            f"last {len(tail)} articles (ledger of {len(link) - len(tail)}+ articles) mean "
            f"{1000 * sum(tail) / len(tail):.1f} ms, max {1000 * ordered[-1]:.0f} ms "
            "(the first place name loads the gazetteer)",
        ]


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_bench(path: str, n_process: int = 1, config: PipelineConfig | None = None) -> BenchResult:
    """Time plain ``nlp.pipe`` over the articles' texts, then a full ingest of ``path`` with the same pipeline."""
    config = replace(config or PipelineConfig(), n_process=n_process)
    pipeline = Pipeline(config)
    items = [found for found in read_paths([path]) if isinstance(found, Item)]
    articles = [article for item in items for article in _articles(pipeline, item)]
    texts = [text for article in articles for text in pipeline.parsed_texts(article)]  # what the ledger parses
    nlp = pipeline.nlp
    list(nlp.pipe(texts[: config.batch_size], batch_size=config.batch_size))  # warm-up, not counted

    started = time.perf_counter()
    for _ in pipe(nlp, texts, n_process=n_process, batch_size=config.batch_size):  # workers end with it
        pass
    baseline = time.perf_counter() - started
    baseline_peak = peak_rss_mb()

    with tempfile.TemporaryDirectory() as folder:
        with Ledger(Path(folder) / "bench.db", config=config) as ledger:
            started = time.perf_counter()
            ledger.ingest([path])
            full = time.perf_counter() - started
            extract_seconds = dict(ledger.extract_seconds)
            link_seconds = list(ledger.link_seconds)
    return BenchResult(
        path=path,
        items=len(items),
        articles=len(articles),
        characters=sum(len(t) for t in texts),
        baseline_seconds=baseline,
        ledger_seconds=full,
        baseline_peak_mb=baseline_peak,
        ledger_peak_mb=peak_rss_mb(),
        extract_seconds=extract_seconds,
        link_seconds=link_seconds,
    )


def _articles(pipeline: Pipeline, item: Item) -> list[Article]:
    articles = pipeline.articles_of(item)
    return [] if isinstance(articles, IngestError) else articles
