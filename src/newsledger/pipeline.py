"""The one pipeline: items in, each article's facts out.

    Item -> segment -> Article -> nlp.analyse -> AnalysedArticle -> extractors, in requires order -> Facts

``Ledger.ingest`` runs it and stores what comes out; ``bench`` times it;
every ``eval`` command scores what it finds; training learns from it. So a
figure measured anywhere is the figure of what ships.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from newsledger.config import PipelineConfig
from newsledger.extract import REGISTRY, Extractor, PipelineOrderError, extractors
from newsledger.model import AnalysedArticle, Article, Facts, IngestError, Item
from newsledger.nlp import analyse, load_nlp
from newsledger.segment import segment

#: spaCy's default ``nlp.max_length``: longer texts are refused by the parser (and need ~1 GB per 100k words).
MAX_ARTICLE_CHARS = 1_000_000

OnError = Callable[[IngestError], None]


@dataclass
class ItemFacts:
    """One item's articles, each with its facts, in text order."""

    item: Item
    facts: list[Facts] = field(default_factory=list)


@dataclass
class _Pending:
    item: Item
    articles: list[Article]
    facts: list[Facts] = field(default_factory=list)


def _ignore(error: IngestError) -> None:
    pass


class Pipeline:
    """Segment, analyse and extract, as configured; the extractors ordered by what they require."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        self.extractors: list[Extractor] = extractors(self.config.only)
        unknown = set(self.config.settings) - set(REGISTRY)
        if unknown:
            raise PipelineOrderError(f"settings for no extractor: {', '.join(sorted(unknown))}")
        self.settings: dict[str, Any] = {
            e.name: self.config.settings.get(e.name) or e.settings() for e in self.extractors
        }
        #: Seconds spent inside each extractor since this pipeline was made (the benchmark reports them).
        self.extract_seconds: dict[str, float] = {e.name: 0.0 for e in self.extractors}

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline the analysis runs."""
        return load_nlp(self.config.model)

    def articles_of(self, item: Item) -> list[Article] | IngestError:
        """The item's articles, or why it has none the pipeline can take."""
        articles = segment(item, self.config.layout)
        if not articles:
            return IngestError(item.path, "no article text found", item.line)
        longest = max(len(a.analysis_text) for a in articles)
        if longest > MAX_ARTICLE_CHARS:
            return IngestError(
                item.path,
                f"an article of {longest:,} characters is longer than the "
                f"{MAX_ARTICLE_CHARS:,} the NLP pipeline takes; split the input",
                item.line,
            )
        return articles

    def run(self, items: Iterable[Item], on_error: OnError = _ignore) -> Iterator[ItemFacts]:
        """Each item with its articles' facts, in input order; an item that cannot be read is reported."""

        def segmented() -> Iterator[tuple[Item, list[Article]]]:
            for item in items:
                articles = self.articles_of(item)
                if isinstance(articles, IngestError):
                    on_error(articles)
                    continue
                yield item, articles

        yield from self.run_segmented(segmented(), on_error)

    def run_segmented(
        self, items: Iterable[tuple[Item, list[Article]]], on_error: OnError = _ignore
    ) -> Iterator[ItemFacts]:
        """As ``run``, for items already split into articles: all articles go through one ``nlp.pipe``."""

        def stream() -> Iterator[tuple[Article, _Pending]]:
            for item, articles in items:
                pending = _Pending(item, articles)
                for article in articles:
                    yield article, pending

        # closing(): on Ctrl-C or an error, the NLP worker processes are stopped here and now, not
        # left waiting for input that never comes while the interpreter waits for them at exit.
        with closing(self.analyse(stream())) as analysed_articles:
            for analysed, pending in analysed_articles:
                pending.facts.append(self.extract(analysed, on_error))
                if len(pending.facts) == len(pending.articles):
                    yield ItemFacts(pending.item, pending.facts)

    def analyse(self, articles: Iterable[tuple[Article, Any]]) -> Generator[tuple[AnalysedArticle, Any], None, None]:
        """The parse alone, each article with the context value it came with."""
        return analyse(
            articles, n_process=self.config.n_process, model=self.config.model, batch_size=self.config.batch_size
        )

    def extract(self, analysed: AnalysedArticle, on_error: OnError = _ignore) -> Facts:
        """Run every extractor over one analysed article, keeping the time each takes.

        An extractor that raises on one article is reported as one line and
        skipped for that article; the article and the other facts are kept.
        """
        facts = Facts(analysed.article)
        for extractor in self.extractors:
            started = time.perf_counter()
            try:
                facts.found.update(extractor.extract(analysed, facts.found, self.settings[extractor.name]))
            except Exception as error:  # a bug in one extractor must not lose the batch
                item = analysed.article.item
                facts.failed.add(extractor.name)
                on_error(
                    IngestError(
                        item.path,
                        f"extractor {extractor.name!r} failed on article at "
                        f"{analysed.article.start}: {type(error).__name__}: {error}",
                        item.line,
                    )
                )
            self.extract_seconds[extractor.name] += time.perf_counter() - started
        return facts
