"""The library API: a ledger database, the pipeline that fills it, and the reads every face shares.

    ingest.read_paths -> Pipeline.run (segment, analyse, extract) -> Store.write_item -> link.link_pending

``Ledger(path).ingest(paths)`` runs every stage, item by item. The read
methods (``articles``, ``article``, ``search``, ``find``, ``claims``,
``counts``, ``timeline``, ``stories``, ``story``, ``entities``, ``entity``)
return the typed records of ``newsledger.records``, and ``snapshot()`` holds
one state of the ledger across several of them; the CLI, the exports and the
HTTP API are thin faces over them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from newsledger.config import PipelineConfig
from newsledger.extract.claims.table import claims_by_speakers, list_claims
from newsledger.extract.counts.table import list_counts
from newsledger.extract.times.value import first_day
from newsledger.ingest import read_paths
from newsledger.link import link_pending
from newsledger.link.compare import compare_story, story_casualties
from newsledger.link.events import story_event
from newsledger.model import Article as ArticleText
from newsledger.model import IngestError, Item, content_hash
from newsledger.pipeline import MAX_ARTICLE_CHARS, ItemFacts, Pipeline
from newsledger.records import (
    Article,
    ArticleSummary,
    Claim,
    Count,
    DatedClaim,
    Event,
    Identity,
    IdentityRecord,
    SearchHit,
    SearchResults,
    Story,
    StoryArticle,
    StoryRef,
    StorySummary,
    TimelineEntry,
)
from newsledger.segment import Layout
from newsledger.store import DEFAULT_DB, Store, StoredItem, StoreError
from newsledger.workers import batches, in_processes, on_cluster

T = TypeVar("T")

__all__ = ["MAX_ARTICLE_CHARS", "Ambiguous", "IngestReport", "Ledger", "NotFound"]


class NotFound(LookupError):
    """No article, story or identity has the id (or prefix) asked for."""


class Ambiguous(LookupError):
    """More than one article or story starts with the prefix given."""


@dataclass
class IngestReport:
    """What one ingest run did: the summary the CLI prints."""

    items: int = 0
    new_items: int = 0
    articles: int = 0
    new_articles: int = 0
    errors: list[IngestError] = field(default_factory=list)
    #: What was read but could not be stored as given: another text under a stored id, another date.
    warnings: list[IngestError] = field(default_factory=list)
    #: New articles stored but not analysed, by language (ISO 639-1): the pipeline reads English only.
    not_analysed: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def stored_items(self) -> int:
        return self.items - self.new_items

    @property
    def stored_articles(self) -> int:
        return self.articles - self.new_articles


class Ledger:
    """A newsledger database and the pipeline that fills it."""

    def __init__(
        self, path: str | Path = DEFAULT_DB, readonly: bool = False, config: PipelineConfig | None = None
    ) -> None:
        self.pipeline = Pipeline(config)
        self.store = Store(path, self.pipeline.extractors, readonly=readonly)
        self.link_seconds: list[float] = []  # per article linked, in order (the benchmark reports them)
        #: Seconds this process spent reading and segmenting the input, and storing facts (the benchmark
        #: reports them beside ``extract_seconds`` and ``link_seconds``).
        self.stage_seconds: dict[str, float] = {"read and segment": 0.0, "store": 0.0}
        #: Each worker process's peak resident memory in MB, by ``host:pid`` (the benchmark reports them).
        self.worker_peak_mb: dict[str, float] = {}

    @property
    def extract_seconds(self) -> dict[str, float]:
        return self.pipeline.extract_seconds

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str],
        published: str | None = None,
        outlet: str | None = None,
        layout: Layout | None = None,
        n_process: int | None = None,
        cluster: str | None = None,
        on_item: Callable[[IngestReport], None] | None = None,
        on_error: Callable[[IngestError], None] | None = None,
        on_warning: Callable[[IngestError], None] | None = None,
    ) -> IngestReport:
        """Read, segment, analyse, extract and store everything under ``paths``, then link it.

        Each item is written in its own transaction; items already stored are
        skipped before any NLP runs, so a rerun after a crash is cheap.
        ``layout`` and ``n_process`` override the pipeline's config for this run.
        With ``n_process`` above one, that many forked worker processes parse and extract; with
        ``cluster`` (a Dask scheduler's address, or ``local:N``) the workers of a Dask cluster do
        (``newsledger.workers``). Either way this process alone stores and links, in input order, so
        the ledger is the same as a one-process ingest's.

        What is stored is never changed: an item already stored keeps its publication date, and
        another text under a stored id is stored as an item of its own beside it. Both are said
        through ``on_warning`` (and ``report.warnings``), so nothing is merged or dropped unseen.
        A ``StoreError`` (the ledger locked for too long, read-only, the disk full) ends the run;
        the items stored before it are kept.
        """
        report = IngestReport()
        started = time.perf_counter()

        def fail(error: IngestError) -> None:
            report.errors.append(error)
            if on_error:
                on_error(error)

        def warn(warning: IngestError) -> None:
            report.warnings.append(warning)
            if on_warning:
                on_warning(warning)

        self.link(fail)  # articles a killed run stored but did not link
        pipeline = self._pipeline_for(layout, n_process)
        seen: dict[str, int] = {}  # items of this run, stored or on their way: id -> articles
        versions = _Versions(self.store)

        def new_items() -> Iterator[tuple[Item, list[ArticleText]]]:
            for found in read_paths(paths, published, outlet):
                if isinstance(found, IngestError):
                    fail(found)
                    continue
                report.items += 1
                if found.id in seen or self.store.has_item(found.id):
                    report.articles += seen.get(found.id) or self.store.article_count(found.id)
                    versions.check_published(found, warn)
                    if on_item:
                        on_item(report)
                    continue
                articles = pipeline.articles_of(found)
                if isinstance(articles, IngestError):
                    fail(articles)
                    continue
                versions.check_text(found, warn)
                versions.remember(found)
                seen[found.id] = len(articles)
                yield found, articles

        for done in self._analysed(
            pipeline, _timed(new_items(), self.stage_seconds, "read and segment"), fail, cluster
        ):
            report.new_items += 1
            report.articles += len(done.facts)
            storing = time.perf_counter()
            report.new_articles += self.store.write_item(done.item, done.facts)
            self.stage_seconds["store"] += time.perf_counter() - storing
            for language in (f.article.language for f in done.facts if not f.analysed):
                report.not_analysed[str(language)] = report.not_analysed.get(str(language), 0) + 1
            self.link(fail, [facts.article.id for facts in done.facts])
            if on_item:
                on_item(report)
        report.elapsed = time.perf_counter() - started
        return report

    def _analysed(
        self,
        pipeline: Pipeline,
        items: Iterable[tuple[Item, list[ArticleText]]],
        fail: Callable[[IngestError], None],
        cluster: str | None,
    ) -> Iterator[ItemFacts]:
        """Each item's facts, in input order: found here, by forked workers (``n_process`` > 1), or by a
        Dask cluster's workers; the workers' time in each extractor is added to this pipeline's."""
        processes = pipeline.config.n_process
        if cluster is None and processes == 1:
            yield from pipeline.run_segmented(items, fail)
            return
        work = batches(items)
        results = (
            on_cluster(pipeline.config, work, cluster) if cluster else in_processes(pipeline.config, work, processes)
        )
        with closing(results):
            for done in results:
                for error in done.errors:
                    fail(error)
                for name, seconds in done.extract_seconds.items():
                    pipeline.extract_seconds[name] = pipeline.extract_seconds.get(name, 0.0) + seconds
                self.worker_peak_mb[done.worker] = max(done.peak_rss_mb, self.worker_peak_mb.get(done.worker, 0.0))
                yield from done.items

    def _pipeline_for(self, layout: Layout | None, n_process: int | None) -> Pipeline:
        """This ledger's pipeline, or one like it with another layout or process count (its times are
        added to this one's, so ``extract_seconds`` covers every run)."""
        config = self.pipeline.config
        if (layout or config.layout) == config.layout and (n_process or config.n_process) == config.n_process:
            return self.pipeline
        from dataclasses import replace

        other = Pipeline(replace(config, layout=layout or config.layout, n_process=n_process or config.n_process))
        other.extract_seconds = self.pipeline.extract_seconds
        return other

    def link(self, fail: Callable[[IngestError], None] | None = None, article_ids: list[str] | None = None) -> None:
        """Put stored articles not linked yet (these, else all) into their stories, with their entities' identities.

        A linking failure is reported like an extractor's, as one line, and the article stays in a story alone.
        """

        def report(article_id: str, error: Exception) -> None:
            if isinstance(error, StoreError):  # the ledger, not the article: stop, the article stays unlinked
                raise error
            if fail:
                fail(
                    IngestError(
                        self.store.path, f"linking failed on article {article_id}: {type(error).__name__}: {error}"
                    )
                )

        self.link_seconds.extend(link_pending(self.store, article_ids, report).seconds)

    # -- reading articles ------------------------------------------------------------------------------

    def snapshot(self) -> AbstractContextManager[None]:
        """``with ledger.snapshot():`` every read inside sees the ledger as it was when it began, while an
        ingest may be writing to it: what one page or one export reads agrees with itself."""
        return self.store.snapshot()

    def articles(self, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        """The stored articles, in the order they were stored; ``offset`` skips that many (pages)."""
        return self.store.summaries(limit, offset)

    def article_id(self, prefix: str) -> str:
        """The article whose id starts with ``prefix`` (users type short ids)."""
        return _only(self.store.resolve_article_id(prefix), f"no article with id {prefix!r}", f"id {prefix!r}")

    def article(self, article_id: str) -> Article:
        """One article with every fact found in it (an id prefix is enough)."""
        return self.store.article_record(self.article_id(article_id))

    def records(self) -> Iterator[Article]:
        """Every article with every fact, in the order they were stored: what the export writes."""
        return self.store.article_records()

    def items(self) -> Iterator[StoredItem]:
        """Every item read, with its whole text and its articles' ids, in the order it was stored."""
        return self.store.items()

    def item_text(self, article_id: str) -> str:
        """The whole text of the item an article came from: every span's offsets point into it."""
        return self.store.article_text(self.article_id(article_id)).item_text

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search (SQLite FTS5 syntax; a query it cannot parse is searched as plain words)."""
        return self.store.search(query, limit).hits

    def find(self, query: str, limit: int = 20, offset: int = 0) -> SearchResults:
        """Full-text search, a page of it, saying whether the query was read as FTS5 syntax or as plain
        words (and why): what a search page shows."""
        return self.store.search(query, limit, offset)

    def summary(self) -> dict[str, Any]:
        """How many rows each table holds, and entities by type: what an ingest's summary prints."""
        from newsledger.extract.entities.table import type_counts

        return {"tables": self.store.table_sizes(), "entity_types": type_counts(self.store.conn)}

    # -- reading facts ---------------------------------------------------------------------------------

    def claims(
        self,
        speaker: str | None = None,
        article: str | None = None,
        stance: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[Claim]:
        """Attributed claims, in text order: by a speaker (name or source LIKE), of an article (id prefix),
        with a stance; ``offset`` skips that many (pages)."""
        return list_claims(
            self.store.conn, speaker=speaker, article_prefix=article, stance=stance, limit=limit, offset=offset
        )

    def counts(
        self,
        category: str | None = None,
        where: str | None = None,
        article: str | None = None,
        include_superseded: bool = False,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[Count]:
        """Counts of people, in text order: of a category, whose place, sentence or article's places
        mention ``where``, of an article (id prefix); revised figures only with ``include_superseded``;
        ``offset`` skips that many (pages)."""
        return list_counts(
            self.store.conn,
            category=category,
            where=where,
            article_prefix=article,
            include_superseded=include_superseded,
            limit=limit,
            offset=offset,
        )

    def timeline(self, entity: str | None = None, only: str | None = None, limit: int = 200) -> list[TimelineEntry]:
        """Dated claims and counts in time order (rows of one date in text order), those naming ``entity``
        when given; ``only`` is "claims" or "counts". A fact is dated by its sentence's resolved time."""
        order = {article_id: n for n, article_id in enumerate(self.store.article_ids())}
        facts: list[Claim | Count] = []
        if only != "claims":
            facts += list_counts(self.store.conn, mentioning=entity, dated=True, limit=None)
        if only != "counts":
            facts += list_claims(self.store.conn, mentioning=entity, dated=True, limit=None)
        entries = [_dated(fact, order) for fact in facts]
        dated = [e for e in entries if e[0] is not None]
        return [entry for *_, entry in sorted(dated, key=lambda e: (e[0], e[3].date, e[1], e[2]))][:limit]

    # -- reading stories -------------------------------------------------------------------------------

    def stories(
        self,
        min_articles: int = 1,
        limit: int | None = 50,
        offset: int = 0,
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        category: str | None = None,
    ) -> list[StorySummary]:
        """Stories, the largest first and, of one size, the newest first, with their killed estimate and place.

        ``since``/``until`` (an ISO day, month or year): stories whose days overlap them; ``place``: stories naming a place
        like it; ``category``: stories counting people of that category; ``offset`` skips that many.
        """
        rows = self.store.links.stories(min_articles, limit, offset, since, until, place, category)
        summaries = []
        for row in rows:
            where = self.store.links.story_place(row["id"])
            killed = story_casualties(self.store, row["id"]).get("killed")
            summaries.append(StorySummary(**row, killed=killed, place=where[0] if where else None))
        return summaries

    def story_id(self, prefix: str) -> str:
        """The story whose id starts with ``prefix``."""
        return _only(self.store.links.resolve_story(prefix), f"no story with id {prefix!r}", f"story id {prefix!r}")

    def story(self, story_id: str) -> Story:
        """One story: its articles, event, casualty estimate and each source's figures and claims, marked."""
        sid = self.story_id(story_id)
        comparison = compare_story(self.store, sid)
        articles = [
            StoryArticle(**{field: a[field] for field in StoryArticle.model_fields})
            for a in self.store.links.story_articles(sid)
        ]
        return Story(
            story=sid,
            event=self.event(sid),
            articles=articles,
            casualties=comparison.casualties,
            lines=comparison.lines,
        )

    def event(self, story_id: str) -> Event:
        """The event record of one story, in ACLED's terms."""
        return story_event(self.store, self.story_id(story_id))

    def story_count(self) -> int:
        """How many stories the ledger holds."""
        return len(self.store.links.story_ids())

    def typed_article_count(self) -> int:
        """How many articles have at least one event typed (0 for a ledger stored before events were)."""
        from newsledger.extract.events.table import typed_article_count

        return typed_article_count(self.store.conn)

    def events(self) -> Iterator[Event]:
        """Every story's event, the earliest story first: the ACLED export's rows."""
        for sid in self.store.links.story_ids():
            yield story_event(self.store, sid)

    # -- reading identities ----------------------------------------------------------------------------

    def entities(self, name: str, limit: int = 10) -> list[Identity]:
        """Identities whose name or an alias contains ``name``, the most mentioned first."""
        return [Identity(**row) for row in self.store.links.identities_like(name, limit)]

    def entity(self, identity_id: str) -> IdentityRecord:
        """An identity with the stories it is in and the claims it made."""
        row = self.store.links.identity(identity_id)
        if row is None:
            raise NotFound(f"no entity with id {identity_id!r}")
        stories = [StoryRef(**s) for s in self.store.links.identity_stories(identity_id)]
        entity_ids = self.store.links.identity_entities(identity_id)
        claims = claims_by_speakers(self.store.conn, entity_ids, limit=20)
        return IdentityRecord(
            identity=Identity(**row),
            stories=stories,
            claims=[DatedClaim(published=published, claim=claim) for published, claim in claims],
            counts=list_counts(self.store.conn, said_by=entity_ids, limit=20),
        )


def _timed(items: Iterator[T], seconds: dict[str, float], stage: str) -> Iterator[T]:
    """``items``, the time spent making each added to ``seconds[stage]``."""
    while True:
        started = time.perf_counter()
        try:
            item = next(items)
        except StopIteration:
            seconds[stage] += time.perf_counter() - started
            return
        seconds[stage] += time.perf_counter() - started
        yield item


class _Versions:
    """What one ingest run has read, to tell another version of an item from the one stored or read earlier."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.texts: dict[str, str] = {}  # source -> hash of the first text read under it in this run
        self.published: dict[str, str | None] = {}  # item id -> the date it was first read with in this run

    def check_text(self, item: Item, warn: Callable[[IngestError], None]) -> None:
        """Warn when ``item``'s id (or file) already stands for another text, stored or read in this run.

        The new text is stored too, as an item of its own: a corrected article is a second version worth
        keeping, and refusing it would lose it; the warning keeps the two from passing as one."""
        digest = content_hash(item.text)
        earlier = self.texts.setdefault(item.source, digest)
        stored = self.store.item_with_other_text(item.source, item.text)
        if stored is None and earlier == digest:
            return
        what = f'id "{item.given_id}"' if item.given_id else f'"{item.source}"'
        where = f"stored as item {stored}" if stored else "read earlier in this run"
        warn(
            IngestError(
                item.path,
                f"{what} already stands for a different text ({where}); stored this one as another item beside it",
                item.line,
            )
        )

    def check_published(self, item: Item, warn: Callable[[IngestError], None]) -> None:
        """Warn when an item already stored (or read in this run) is given another publication date: the
        stored date is kept, so re-ingesting changes nothing, and the one given is not lost unseen."""
        if item.id in self.published:
            kept = self.published[item.id]
        else:
            kept = self.store.published_of(item.id)
        if item.published is None or item.published == kept:
            return
        warn(
            IngestError(
                item.path,
                f"already stored with published {kept or 'none'}; kept it (given {item.published})",
                item.line,
            )
        )

    def remember(self, item: Item) -> None:
        self.published.setdefault(item.id, item.published)


def _only(matches: list[str], none: str, what: str) -> str:
    """The one id a prefix matched; NotFound (saying ``none``) or Ambiguous (``what`` is ambiguous) otherwise."""
    if not matches:
        raise NotFound(none)
    if len(matches) > 1:
        raise Ambiguous(f"{what} is ambiguous")
    return matches[0]


def _dated(fact: Claim | Count, order: dict[str, int]) -> tuple[Any, int, int, TimelineEntry]:
    """A fact's timeline entry with what it sorts by: its first day, its article's place in the ledger, its offset."""
    # listed with dated=True: each has a resolved time expression; every stored fact has its article
    assert fact.when is not None and fact.when.value is not None and fact.article is not None
    if isinstance(fact, Count):
        entry = TimelineEntry(
            date=fact.when.value,
            article=fact.article,
            kind="count",
            fact=f"{fact.category} {fact.figure.text}",
            source=fact.source.text if fact.source else "",
            text=fact.text,
            count=fact,
        )
        start = fact.start
    else:
        entry = TimelineEntry(
            date=fact.when.value,
            article=fact.article,
            kind="claim",
            fact=f"claim: {fact.cue.text} ({fact.stance})",
            source=fact.speaker or (fact.source.text if fact.source else ""),
            text=fact.content_text or fact.cue.text,
            claim=fact,
        )
        start = fact.offset
    return first_day(entry.date), order.get(entry.article, 0), start, entry
