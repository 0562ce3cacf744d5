"""The library API: ``Ledger(path).ingest(paths)`` runs every stage, item by item.

    ingest.read_paths -> segment.segment -> nlp.analyse -> extract.* -> store.write_item -> link.link_pending

The CLI is a thin layer over this class.
"""

from __future__ import annotations

import time
from contextlib import closing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsledger.extract import extractors
from newsledger.ingest import read_paths
from newsledger.link import link_pending
from newsledger.model import AnalysedArticle, Article, Facts, IngestError, Item
from newsledger.nlp import analyse
from newsledger.segment import Layout, segment
from newsledger.store import DEFAULT_DB, Store


#: spaCy's default ``nlp.max_length``: longer texts are refused by the parser (and need ~1 GB per 100k words).
MAX_ARTICLE_CHARS = 1_000_000


@dataclass
class IngestReport:
    """What one ingest run did: the summary the CLI prints."""

    items: int = 0
    new_items: int = 0
    articles: int = 0
    new_articles: int = 0
    errors: list[IngestError] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def stored_items(self) -> int:
        return self.items - self.new_items

    @property
    def stored_articles(self) -> int:
        return self.articles - self.new_articles


@dataclass
class _Pending:
    item: Item
    articles: list[Article]
    facts: list[Facts] = field(default_factory=list)


class Ledger:
    """A newsledger database and the pipeline that fills it."""

    def __init__(self, path: str | Path = DEFAULT_DB, readonly: bool = False) -> None:
        self.extractors = extractors()
        self.store = Store(path, self.extractors, readonly=readonly)
        self.extract_seconds: dict[str, float] = {}
        self.link_seconds: list[float] = []  # per article linked, in order (the benchmark reports them)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def ingest(
        self,
        paths: Iterable[str],
        published: str | None = None,
        outlet: str | None = None,
        layout: Layout = "auto",
        n_process: int = 1,
        on_item: Callable[[IngestReport], None] | None = None,
        on_error: Callable[[IngestError], None] | None = None,
    ) -> IngestReport:
        """Read, segment, analyse, extract and store everything under ``paths``.

        Each item is written in its own transaction; items already stored are
        skipped before any NLP runs, so a rerun after a crash is cheap.
        """
        report = IngestReport()
        started = time.perf_counter()

        def fail(error: IngestError) -> None:
            report.errors.append(error)
            if on_error:
                on_error(error)

        self.link(fail)  # articles a killed run stored but did not link

        seen: dict[str, int] = {}  # items of this run, stored or on their way: id -> articles

        def new_items() -> Iterator[_Pending]:
            for found in read_paths(paths, published, outlet):
                if isinstance(found, IngestError):
                    fail(found)
                    continue
                report.items += 1
                if found.id in seen or self.store.has_item(found.id):
                    report.articles += seen.get(found.id) or self._article_count(found.id)
                    if on_item:
                        on_item(report)
                    continue
                articles = segment(found, layout)
                if not articles:
                    fail(IngestError(found.path, "no article text found", found.line))
                    continue
                longest = max(len(a.analysis_text) for a in articles)
                if longest > MAX_ARTICLE_CHARS:
                    fail(IngestError(found.path, f"an article of {longest:,} characters is longer than the "
                                                 f"{MAX_ARTICLE_CHARS:,} the NLP pipeline takes; split the input",
                                     found.line))
                    continue
                seen[found.id] = len(articles)
                yield _Pending(found, articles)

        def article_stream() -> Iterator[tuple[Article, _Pending]]:
            for pending in new_items():
                for article in pending.articles:
                    yield article, pending

        # closing(): on Ctrl-C or an error, the NLP worker processes are stopped here and now, not
        # left waiting for input that never comes while the interpreter waits for them at exit.
        with closing(analyse(article_stream(), n_process=n_process)) as analysed_articles:
            for analysed, pending in analysed_articles:
                pending.facts.append(self._extract(analysed, fail))
                if len(pending.facts) == len(pending.articles):
                    self._write(pending, report)
                    self.link(fail, [facts.article.id for facts in pending.facts])
                    if on_item:
                        on_item(report)
        report.elapsed = time.perf_counter() - started
        return report

    def _extract(self, analysed: AnalysedArticle, fail: Callable[[IngestError], None]) -> Facts:
        """Run every extractor, keeping the time each takes (the benchmark reports it).

        An extractor that raises on one article is reported as one line and
        skipped for that article; the article and the other facts are stored.
        """
        facts = Facts(analysed.article)
        for extractor in self.extractors:
            started = time.perf_counter()
            try:
                facts.found.update(extractor.extract(analysed, facts.found))
            except Exception as error:  # a bug in one extractor must not lose the batch
                item = analysed.article.item
                facts.failed.add(extractor.name)
                fail(IngestError(item.path, f"extractor {extractor.name!r} failed on article at "
                                            f"{analysed.article.start}: {type(error).__name__}: {error}", item.line))
            self.extract_seconds[extractor.name] = (
                self.extract_seconds.get(extractor.name, 0.0) + time.perf_counter() - started)
        return facts

    def _write(self, pending: _Pending, report: IngestReport) -> None:
        report.new_items += 1
        report.articles += len(pending.articles)
        report.new_articles += self.store.write_item(pending.item, pending.facts)

    def link(self, fail: Callable[[IngestError], None] | None = None, article_ids: list[str] | None = None) -> None:
        """Put stored articles not linked yet (these, else all) into their stories, with their entities' identities.

        A linking failure is reported like an extractor's, as one line, and the article stays in a story alone.
        """
        def report(article_id: str, error: Exception) -> None:
            if fail:
                fail(IngestError(self.store.path, f"linking failed on article {article_id}: "
                                                  f"{type(error).__name__}: {error}"))

        self.link_seconds.extend(link_pending(self.store.conn, article_ids, report).seconds)

    def _article_count(self, item_id: str) -> int:
        return self.store.conn.execute("SELECT count(*) FROM articles WHERE item_id = ?", (item_id,)).fetchone()[0]
