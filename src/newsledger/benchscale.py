"""Linking at scale: linking's cost per article, and the writer's memory, at 2,000 and at 20,000 articles.

Running the NLP pipeline 20,000 times takes about forty minutes, so the large ledger is made from a
*pool* of really analysed articles: ``Pipeline`` runs once over the first articles of a JSONL file (in a
child process, so that spaCy's memory is not the writer's), and their ``Facts`` are kept in a pickle
file. The ledger is then filled pass after pass over the pool: pass 0 stores the pool's articles as they
are; pass k stores a *perturbed copy* of each (``perturbed``):

- a new item identity (``source~k``), hence new article and fact ids;
- its dates moved on by ``k * SHIFT_DAYS`` days: the publication date, every TIMEX value, dated claims,
  counts and events, so that the corpus spans years and a copy is not dated like its original;
- about ``SWAP_SHARE`` of its content word types (three letters or more, not stop words, ASCII) swapped,
  everywhere in the item (text, title, entity names, spans), for words of the same length drawn from the
  pool's own words by frequency: the offsets of every fact stay true, a copy shares roughly two thirds of
  its words and names with its original (as a look-alike report of another event does), and its word
  5-grams overlap far below ``COPY_JACCARD``, so no copy is taken for a copy (``copy_of``) of another.

How this differs from real news: every event recurs once a pass, a few months later, with much of the
same wording and names (a ledger of many look-alike events, which makes candidate retrieval work harder
than on real news, not less); swapped words are real words but make no sense where they stand; the
vocabulary is the pool's. Linking itself is the real one: each article is written through
``Store.write_item`` and linked through ``newsledger.link.link_pending``, one at a time, as an ingest does.

At each size, linking is timed over the ``WINDOW`` articles linked next, and these are the same texts at
every size: copies of the pool's first articles, dated after the whole corpus (and each size's apart from
the others'), so that 2,000 and 20,000 are timed on one set of articles that meet look-alikes of
themselves but no report of their own days.

Memory is streamed: the pool is read back from its file one item at a time on every pass, and nothing
holds the copies, so the RSS figures are those of the store and the linking, not of the corpus.
"""

from __future__ import annotations

import multiprocessing
import pickle
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from spacy.lang.en.stop_words import STOP_WORDS

from newsledger.extract import extractors
from newsledger.ingest import read_paths
from newsledger.link import link_pending
from newsledger.memory import peak_rss_mb, rss_mb
from newsledger.model import Article, Facts, Item, Span, content_hash
from newsledger.store import Store

#: Days each pass moves its copies' dates on: more than a story may span (``MAX_STORY_DAYS``), so a copy
#: starts a story of its own rather than joining its original's, as the next look-alike event would.
SHIFT_DAYS = 73
#: Share of an item's content word types swapped in a copy.
SWAP_SHARE = 0.35
#: Articles linked and timed at each size (those linked right after the ledger holds that many).
WINDOW = 200
#: Words kept per length to draw swaps from (a sample of the pool's words, in proportion to their use).
VOCABULARY_PER_LENGTH = 5000
#: Words never swapped: "12-year-old" stays an age, which linking compares victims by.
KEPT_WORDS = frozenset({"year", "old"})
ASCII_WORD = re.compile(r"[A-Za-z]+")
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})(?!\d)")
ISO_YEAR = re.compile(r"^(\d{4})(?![\d-])")
Progress = Callable[[str], None] | None
#: Fields holding a date (TIMEX value, publication date, dated facts) that a copy's shift moves.
DATE_FIELDS = frozenset({"value", "when_value", "date", "published"})
#: Fields holding words of the text (names, speakers) that a copy's swaps change.
WORD_FIELDS = frozenset({"name", "speaker", "subject", "location", "audience"})


@dataclass
class SizeFigures:
    """Linking measured when the ledger held ``size`` articles."""

    size: int
    timed: int  # articles linked in the window
    median_ms: float
    mean_ms: float
    cpu_ms: float  # the process's CPU time per article linked in the window (what load on the machine does not add)
    peak_rss_mb: float  # the process's peak resident set so far (getrusage)
    rss_mb: float  # its resident set at the end of the window (/proc/self/statm)


@dataclass
class LinkScale:
    """Linking's cost per article and the process's memory at each ledger size."""

    source: str
    pool: int  # articles really analysed
    figures: list[SizeFigures] = field(default_factory=list)
    link_seconds: float = 0.0  # all linking, every article
    link_cpu_seconds: float = 0.0  # the process's CPU time in it
    write_seconds: float = 0.0  # all Store.write_item
    stories: int = 0  # stories in the whole ledger at the end
    largest_story: int = 0  # articles in the largest
    copies: int = 0  # articles linking marked as near copies

    def lines(self) -> list[str]:
        total = self.figures[-1].size + self.figures[-1].timed if self.figures else 0
        lines = [
            f"synthetic corpus: {total:,} articles from a pool of {self.pool:,} articles of {self.source} really "
            f"analysed: pass 0 the pool as it is, pass k a copy of each with new ids, dates moved on "
            f"k*{SHIFT_DAYS} days and {SWAP_SHARE:.0%} of its content words swapped for pool words of the same "
            "length (each event recurs once a pass with much the same words; no copy is a near copy); "
            "timed at each size: copies of the pool's first articles, dated after the whole corpus",
        ]
        for f in self.figures:
            lines.append(
                f"ledger of {f.size:>6,} articles: linking per article median {f.median_ms:6.1f} ms, "
                f"mean {f.mean_ms:6.1f} ms, CPU {f.cpu_ms:6.1f} ms (the {f.timed} linked next); RSS {f.rss_mb:,.0f} MB, "
                f"peak RSS {f.peak_rss_mb:,.0f} MB"
            )
        if len(self.figures) > 1:
            first, last = self.figures[0], self.figures[-1]
            lines.append(
                f"{last.size:,} against {first.size:,}: linking median x{last.median_ms / first.median_ms:.2f}, "
                f"mean x{last.mean_ms / first.mean_ms:.2f}; peak RSS x{last.peak_rss_mb / first.peak_rss_mb:.2f}"
            )
        lines.append(
            f"all writing {self.write_seconds:.1f} s, all linking {self.link_seconds:.1f} s; {self.stories:,} stories, "
            f"the largest of {self.largest_story} articles, {self.copies} articles marked near copies"
        )
        return lines


# -- the pool -------------------------------------------------------------------------------------------


def build_pool(source: str, limit: int, pool_file: str | Path) -> None:
    """Analyse the first ``limit`` items of ``source`` and pickle them, one item after another, after a
    header with the count and a sample of their words by length (what copies swap words for)."""
    from newsledger.pipeline import Pipeline  # spaCy: only in the process that analyses

    pipeline = Pipeline()
    items = (found for found in read_paths([source]) if isinstance(found, Item))
    with tempfile.TemporaryFile() as body:
        vocabulary: dict[int, list[str]] = {}
        seen = articles = 0
        for done in pipeline.run(_first(items, limit)):
            pickle.dump((done.item, done.facts), body, protocol=pickle.HIGHEST_PROTOCOL)
            seen = _sample_words(done.item.text, vocabulary, seen)
            articles += len(done.facts)
        body.seek(0)
        with open(pool_file, "wb") as out:
            pickle.dump({"source": source, "articles": articles, "vocabulary": vocabulary}, out)
            while chunk := body.read(1 << 20):
                out.write(chunk)


def _first(items: Iterator[Item], limit: int) -> Iterator[Item]:
    for n, item in enumerate(items):
        if n >= limit:
            return
        yield item


def _sample_words(text: str, vocabulary: dict[int, list[str]], seen: int) -> int:
    """Keep a uniform sample of the words seen (reservoir per length), so swaps follow how often words are used."""
    rng = random.Random(seen)
    for word in ASCII_WORD.findall(text):
        word = word.lower()
        if len(word) < 3 or word in STOP_WORDS:
            continue
        kept = vocabulary.setdefault(len(word), [])
        seen += 1
        if len(kept) < VOCABULARY_PER_LENGTH:
            kept.append(word)
        elif (slot := rng.randrange(seen)) < VOCABULARY_PER_LENGTH:
            kept[slot] = word
    return seen


def read_pool(pool_file: str | Path) -> tuple[dict[str, Any], Iterator[tuple[Item, list[Facts]]]]:
    """The pool's header, and its items read one at a time."""
    with open(pool_file, "rb") as handle:
        header = pickle.load(handle)
    return header, _pool_items(pool_file)


def _pool_items(pool_file: str | Path) -> Iterator[tuple[Item, list[Facts]]]:
    with open(pool_file, "rb") as handle:
        pickle.load(handle)  # the header
        while record := _next(handle):
            yield record


def _next(handle: BinaryIO) -> tuple[Item, list[Facts]] | None:
    try:
        record: tuple[Item, list[Facts]] = pickle.load(handle)
    except EOFError:
        return None
    return record


# -- the synthetic corpus -------------------------------------------------------------------------------


def synthetic_items(pool_file: str | Path, articles: int) -> Iterator[tuple[Item, list[Facts]]]:
    """Items and their facts holding ``articles`` articles: the pool, then perturbed copies, pass after pass."""
    header, _ = read_pool(pool_file)
    vocabulary: dict[int, list[str]] = header["vocabulary"]
    made = 0
    copy = 0
    while made < articles:
        passed = 0
        for item, facts in _pool_items(pool_file):
            if made >= articles:
                return
            passed += len(facts)
            made += len(facts)
            yield (item, facts) if copy == 0 else perturbed(item, facts, copy, vocabulary)
        if not passed:
            return  # an empty pool makes nothing
        copy += 1


def perturbed(item: Item, facts: list[Facts], copy: int, vocabulary: dict[int, list[str]]) -> tuple[Item, list[Facts]]:
    """Copy ``copy`` of an item: new ids, dates moved on, some words swapped (see the module's docstring)."""
    rng = random.Random(content_hash(f"{copy}\x1f{item.id}"))
    swaps = _swaps(f"{item.title or ''} {item.text}", rng, vocabulary)

    def swap(text: str) -> str:
        return ASCII_WORD.sub(lambda m: _swapped(m.group(), swaps), text)

    shift = timedelta(days=SHIFT_DAYS * copy)
    new_item = replace(
        item,
        text=swap(item.text),
        title=swap(item.title) if item.title else item.title,
        published=_shifted(item.published, shift) if item.published else None,
        raw=None,
        source=f"{item.source}~{copy}",
        given_id=f"{item.given_id or item.source}~{copy}",
    )
    transform = _Transform(new_item.text, swap, shift)
    return new_item, [_facts_copy(f, new_item, transform) for f in facts]


def _swaps(text: str, rng: random.Random, vocabulary: dict[int, list[str]]) -> dict[str, str]:
    """Which content word types of the text become which words of the same length."""
    swaps: dict[str, str] = {}
    for word in sorted({w.lower() for w in ASCII_WORD.findall(text)}):
        if len(word) < 3 or word in STOP_WORDS or word in KEPT_WORDS or rng.random() >= SWAP_SHARE:
            continue
        choices = vocabulary.get(len(word))
        if choices:
            swaps[word] = rng.choice(choices)
    return swaps


def _swapped(word: str, swaps: dict[str, str]) -> str:
    """The word's swap, written in the word's case (same length: every offset stays true)."""
    new = swaps.get(word.lower())
    if new is None:
        return word
    if word.isupper() and len(word) > 1:
        return new.upper()
    return new.capitalize() if word[0].isupper() else new


def _shifted(value: str, shift: timedelta) -> str:
    """A date value (ISO day, week, month or year, with whatever follows) moved on by ``shift``."""
    if m := ISO_DAY.match(value):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return value if day is None else (day + shift).isoformat() + value[m.end() :]
    if m := ISO_WEEK.match(value):
        try:
            moved = date.fromisocalendar(int(m[1]), max(1, int(m[2])), 1) + shift
        except ValueError:
            return value
        year, week, _ = moved.isocalendar()
        return f"{year:04d}-W{week:02d}" + value[m.end() :]
    if m := ISO_MONTH.match(value):
        day = _day(int(m[1]), int(m[2]), 15)
        return value if day is None else (day + shift).isoformat()[:7] + value[m.end() :]
    if m := ISO_YEAR.match(value):
        return f"{(date(max(1, int(m[1])), 7, 1) + shift).year:04d}" + value[m.end() :]
    return value


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass
class _Transform:
    """What a copy does to each of its facts: spans read again from the new text, words swapped, dates moved."""

    text: str
    swap: Callable[[str], str]
    shift: timedelta

    def __call__(self, value: Any, name: str = "") -> Any:
        if isinstance(value, Span):
            return Span(self.text[value.start : value.end], value.start, value.end)
        if isinstance(value, str):
            if name in DATE_FIELDS:
                return _shifted(value, self.shift)
            return self.swap(value) if name in WORD_FIELDS else value
        if isinstance(value, list):
            return [self(v, name) for v in value]
        if isinstance(value, tuple):
            return self._tuple(value, name)
        if isinstance(value, dict):
            return {k: self(v, k) for k, v in value.items()}
        if is_dataclass(value) and not isinstance(value, type):
            return self._dataclass(value)
        return value

    def _tuple(self, value: tuple[Any, ...], name: str) -> tuple[Any, ...]:
        if len(value) == 3 and isinstance(value[0], int) and isinstance(value[1], int) and isinstance(value[2], str):
            return (value[0], value[1], self.text[value[0] : value[1]])  # (start, end, text): an event's trigger
        if name == "reference_date" and value and isinstance(value[0], str):
            return (_shifted(value[0], self.shift), *value[1:])
        return tuple(self(v, name) for v in value)

    def _dataclass(self, value: Any) -> Any:
        changes = {f.name: self(getattr(value, f.name), f.name) for f in fields(value) if f.init}
        names = {f.name for f in fields(value)}
        if {"start", "end", "text"} <= names and isinstance(value.start, int) and isinstance(value.end, int):
            changes["text"] = self.text[value.start : value.end]  # a Timex: its own offsets
        return replace(value, **changes)


def _facts_copy(facts: Facts, item: Item, transform: _Transform) -> Facts:
    article = facts.article
    new_article: Article = replace(
        article,
        item=item,
        analysis_text=transform.swap(article.analysis_text),
        title=transform.swap(article.title) if article.title else article.title,
        kicker=transform(article.kicker),
        boilerplate=transform(article.boilerplate),
    )
    return Facts(new_article, transform(facts.found), set(facts.failed), facts.analysed)


# -- the measurement ------------------------------------------------------------------------------------


def link_scale(
    source: str,
    sizes: Sequence[int] = (2000, 20000),
    pool_size: int = 2000,
    window: int = WINDOW,
    pool_file: str | Path | None = None,
    progress: Progress = None,
    db: str | Path | None = None,
) -> LinkScale:
    """Fill a new ledger with the synthetic corpus up to the largest size, linking each item as it is
    written, and time linking over ``window`` articles linked when the ledger holds each of ``sizes``.

    The timed articles are the same at every size: copies of the pool's first articles, dated after the
    whole corpus and each size's apart from the others', so that each size is timed on the same texts
    and none of them finds a copy of itself of the same days.

    ``pool_file``: where the analysed pool is kept; made when missing (in a child process), reused when
    there (it must come from ``source``). Without it the pool is made in a temporary folder. ``db``: where
    the ledger is made (a new file; kept), else in the temporary folder.
    """
    sizes = sorted(set(sizes))
    with tempfile.TemporaryDirectory() as folder:
        pool = Path(pool_file) if pool_file else Path(folder) / "pool.pickle"
        if not pool.exists():
            _in_child(build_pool, source, pool_size, pool)
        header, _ = read_pool(pool)
        result = LinkScale(source, header["articles"])
        store = Store(db or Path(folder) / "scale.db", extractors())
        try:
            _fill(store, pool, sizes, window, result, progress)
            _story_figures(store, result)
        finally:
            store.close()
    return result


def _story_figures(store: Store, result: LinkScale) -> None:
    """How the ledger's articles fell into stories: a corpus whose copies all piled into one story, or were
    all taken for near copies, would make linking look cheaper than it is."""
    result.stories, result.largest_story = store.conn.execute(
        "SELECT count(*), coalesce(max(articles), 0) FROM stories"
    ).fetchone()
    result.copies = store.conn.execute("SELECT count(*) FROM story_articles WHERE copy_of IS NOT NULL").fetchone()[0]


def _in_child(function: Callable[..., None], *args: Any) -> None:
    """Run ``function`` in a fresh process, so that what it loads (spaCy) is not counted in this one's memory."""
    process = multiprocessing.get_context("spawn").Process(target=function, args=args)
    process.start()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"making the pool failed (exit code {process.exitcode})")


def _fill(store: Store, pool: Path, sizes: Sequence[int], window: int, result: LinkScale, progress: Progress) -> None:
    """Write and link the corpus item after item; when the ledger holds each size, time a window."""
    header, _ = read_pool(pool)
    passes = -(-sizes[-1] // max(1, header["articles"]))  # the corpus's last pass
    filler = synthetic_items(pool, sizes[-1] - window * (len(sizes) - 1))
    linked = 0
    for n, size in enumerate(sizes):
        for item, facts in filler:
            linked += len(_write_and_link(store, item, facts, result))
            if progress and linked % 1000 < len(facts):
                progress(f"{linked:,} articles linked")
            if linked >= size:
                break
        # the same articles at every size, dated after the whole corpus and apart from one another
        cpu = result.link_cpu_seconds
        seconds = [
            s
            for item, facts in _first_articles(pool, window)
            for s in _write_and_link(store, *perturbed(item, facts, passes + 2 + 2 * n, header["vocabulary"]), result)
        ]
        if not seconds:  # an empty pool
            return
        result.figures.append(_figures(linked, seconds, result.link_cpu_seconds - cpu))
        linked += len(seconds)
        if progress:
            progress(f"ledger of {result.figures[-1].size:,}: median {result.figures[-1].median_ms:.1f} ms")


def _first_articles(pool: Path, articles: int) -> Iterator[tuple[Item, list[Facts]]]:
    """The pool's first items, up to ``articles`` articles."""
    taken = 0
    for item, facts in _pool_items(pool):
        if taken >= articles:
            return
        taken += len(facts)
        yield item, facts


def _write_and_link(store: Store, item: Item, facts: list[Facts], result: LinkScale) -> list[float]:
    """Store one item as an ingest does, link its articles; the seconds each article's linking took."""
    started = time.perf_counter()
    store.write_item(item, facts)
    result.write_seconds += time.perf_counter() - started
    cpu = time.process_time()
    seconds = link_pending(store, [f.article.id for f in facts]).seconds
    result.link_cpu_seconds += time.process_time() - cpu
    result.link_seconds += sum(seconds)
    return seconds


def _figures(size: int, seconds: list[float], cpu: float) -> SizeFigures:
    return SizeFigures(
        size,
        len(seconds),
        1000 * statistics.median(seconds),
        1000 * statistics.fmean(seconds),
        1000 * cpu / len(seconds),
        peak_rss_mb(),
        rss_mb(),
    )
