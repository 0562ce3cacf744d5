"""The one pipeline: items in, each article's facts out.

    Item -> segment -> Article -> nlp.analyse -> AnalysedArticle -> extractors, in requires order -> Facts

An article longer than ``CHUNK_ABOVE`` characters goes through ``nlp.analyse``
in pieces, and the pieces' Docs are joined into one (``newsledger.chunks``), so
its parse costs time and memory in proportion to its length.

``Ledger.ingest`` runs it and stores what comes out; ``bench`` times it;
every ``eval`` command scores what it finds; training learns from it. So a
figure measured anywhere is the figure of what ships.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from typing import Any

from newsledger.chunks import join_docs, pieces
from newsledger.config import PipelineConfig
from newsledger.extract import REGISTRY, Extractor, PipelineOrderError, extractors
from newsledger.language import analysed_language, identify
from newsledger.model import AnalysedArticle, Article, Facts, IngestError, Item
from newsledger.nlp import analyse, load_nlp
from newsledger.segment import segment

#: The longest article taken. Parsed in pieces, its cost grows in proportion: about 45 s and 800 MB of memory
#: at this length on one core (scripts/longcheck.py measures it).
MAX_ARTICLE_CHARS = 1_000_000
#: Articles longer than this are parsed in pieces; shorter ones, nearly every news article, whole as always.
CHUNK_ABOVE = 20_000
#: The characters one ``nlp.pipe`` batch of pieces may hold: spaCy needs about 3.5 kB a character of a batch.
BATCH_CHARS = 100_000
#: No piece shorter than this, however large the batch.
MIN_CHUNK_CHARS = 2_000

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
        """The item's articles, each with its language identified, or why it has none the pipeline can take."""
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
        for article in articles:
            article.language = identify(article.analysis_text).code
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
        """The parse alone, each article with the context value it came with, in input order.

        An article longer than ``CHUNK_ABOVE`` goes through the one ``nlp.pipe``
        as pieces of at most ``chunk_chars`` characters, each cut where a
        paragraph or sentence ends, and comes out as one Doc over its whole
        ``analysis_text``: spaCy's memory grows with the characters of a batch,
        and a whole long article in one batch needs gigabytes.
        """
        size = self.chunk_chars
        parsed = analyse(
            _pieces_of(self._with_other_texts(articles), size),
            n_process=self.config.n_process,
            model=self.config.model,
            batch_size=self.config.batch_size,
        )
        return _joined(parsed)

    def parsed_texts(self, article: Article) -> list[str]:
        """The texts spaCy is given for one article: the other texts its extractors read (a headline),
        then its ``analysis_text``, or that text's pieces when the article is longer than ``CHUNK_ABOVE``
        (the benchmark's plain ``nlp.pipe`` parses the same)."""
        return [*self.other_texts(article).values(), *_texts(article, self.chunk_chars)]

    def other_texts(self, article: Article) -> dict[str, str]:
        """The texts besides its own that the extractors read parsed (``Extractor.parses``), by name.

        None for an article in a language not analysed; none empty, and none longer than ``CHUNK_ABOVE``
        (a headline that long is not one: the extractor then finds no doc under its name).
        """
        if not analysed_language(article.language):
            return {}
        texts: dict[str, str] = {}
        for extractor in self.extractors:
            texts.update((n, t) for n, t in extractor.parses(article).items() if t and len(t) <= CHUNK_ABOVE)
        return texts

    def _with_other_texts(self, articles: Iterable[tuple[Article, Any]]) -> Iterator[tuple[Article, Any]]:
        """Each article, after the other texts of it the extractors read: all go through one ``nlp.pipe``."""
        for article, context in articles:
            for name, text in self.other_texts(article).items():
                yield replace(article, analysis_text=text), _OtherText(name)
            yield article, context

    @property
    def chunk_chars(self) -> int:
        """The size of the pieces a long article is parsed in: a batch of them holds at most ``BATCH_CHARS``."""
        return min(CHUNK_ABOVE, max(MIN_CHUNK_CHARS, BATCH_CHARS // max(1, self.config.batch_size)))

    def extract(self, analysed: AnalysedArticle, on_error: OnError = _ignore) -> Facts:
        """Run every extractor over one analysed article, keeping the time each takes.

        An extractor that raises on one article is reported as one line and
        skipped for that article; the article and the other facts are kept.
        """
        if not analysed_language(analysed.article.language):
            return Facts(analysed.article, analysed=False)  # stored only: the rules and the model read English
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


@dataclass
class _OtherText:
    """A text of the next article other than its own (a headline), parsed for the extractor that reads it."""

    name: str


@dataclass
class _Piece:
    """Where a piece of a long article came from: its article, the context that came with it, and whether
    it is the article's last piece."""

    article: Article
    context: Any
    last: bool


def _pieces_of(articles: Iterable[tuple[Article, Any]], size: int) -> Iterator[tuple[Article, Any]]:
    """Each article as it is, or, when longer than ``CHUNK_ABOVE``, as consecutive pieces of its text."""
    for article, context in articles:
        if isinstance(context, _OtherText) or (
            len(article.analysis_text) <= CHUNK_ABOVE and analysed_language(article.language)
        ):
            yield article, context
            continue
        texts = _texts(article, size)
        for number, text in enumerate(texts):
            yield replace(article, analysis_text=text), _Piece(article, context, number == len(texts) - 1)


def _texts(article: Article, size: int) -> list[str]:
    """The article's text whole, or in pieces of at most about ``size`` characters when longer than
    ``CHUNK_ABOVE``; nothing to parse (one empty text) when it is in a language not analysed."""
    text = article.analysis_text
    if not analysed_language(article.language):
        return [""]
    return [text] if len(text) <= CHUNK_ABOVE else list(pieces(text, size))


def _joined(
    parsed: Generator[tuple[AnalysedArticle, Any], None, None],
) -> Generator[tuple[AnalysedArticle, Any], None, None]:
    """The parsed articles, a long article's pieces joined back into one Doc over its whole text, each with
    the other texts of it parsed just before it."""
    docs: list[Any] = []
    others: dict[str, Any] = {}
    try:
        for analysed, context in parsed:
            if isinstance(context, _OtherText):
                others[context.name] = analysed.doc
                continue
            if not isinstance(context, _Piece):
                analysed.docs, others = others, {}
                yield analysed, context
                continue
            docs.append(analysed.doc)
            if context.last:
                joined = AnalysedArticle(context.article, join_docs(docs), others)
                docs, others = [], {}  # the pieces go before the article's facts are found: they hold as much
                yield joined, context.context
    finally:
        parsed.close()  # stops the NLP worker processes when the caller stops early
