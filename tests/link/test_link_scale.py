"""Linking at scale: the synthetic corpus ``benchscale`` links, and what it measures.

The pool is the hand-written link corpus (``linkcorpus.CORPUS``), analysed once for the module: a small
pool, but every kind of fact the big one has. No timing is asserted, only that the figures are there.
"""

from __future__ import annotations

import gc
import re
import sqlite3
import weakref
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from linkcorpus import CORPUS, write_jsonl

from newsledger.benchscale import (
    SHIFT_DAYS,
    build_pool,
    link_scale,
    perturbed,
    read_pool,
    synthetic_items,
)
from newsledger.extract import extractors
from newsledger.link.features import ArticleFeatures, words_of
from newsledger.link.stories import COPY_JACCARD, MAX_CANDIDATE_DF, MAX_STORY_DAYS, _best_story, _shingles
from newsledger.store import Store
from newsledger.store.links import LinkTables


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pool")
    source = write_jsonl(folder / "corpus.jsonl", CORPUS)
    build_pool(str(source), len(CORPUS), folder / "pool.pickle")
    return folder / "pool.pickle"


def test_the_pool_holds_every_analysed_article_and_words_to_swap(pool: Path) -> None:
    header, items = read_pool(pool)
    assert header["articles"] == sum(len(facts) for _, facts in items) == len(CORPUS)
    assert all(len(word) == length for length, words in header["vocabulary"].items() for word in words)


def test_synthetic_articles_and_items_have_distinct_ids(pool: Path) -> None:
    made = list(synthetic_items(pool, 3 * len(CORPUS)))
    article_ids = [f.article.id for _, facts in made for f in facts]
    assert len(article_ids) == 3 * len(CORPUS)
    assert len(set(article_ids)) == len(article_ids)
    assert len({item.id for item, _ in made}) == len(made)


def test_the_corpus_is_streamed_not_held(pool: Path) -> None:
    alive: list[weakref.ref[object]] = []
    for item, facts in synthetic_items(pool, 2 * len(CORPUS)):
        alive.append(weakref.ref(facts[0]))
        del item, facts
    gc.collect()
    assert sum(ref() is not None for ref in alive) <= 1  # only what the generator's frame may still hold


def test_a_copy_keeps_its_offsets_true(pool: Path) -> None:
    header, items = read_pool(pool)
    for item, facts in items:
        copy, copied = perturbed(item, facts, 2, header["vocabulary"])
        assert len(copy.text) == len(item.text)
        assert copy.id != item.id and copied[0].article.id != facts[0].article.id
        for entity in copied[0].found.get("entities", []):
            for mention in entity.mentions:
                assert copy.text[mention.span.start : mention.span.end] == mention.span.text
        for time in copied[0].found.get("times", []):
            assert copy.text[time.start : time.end] == time.text


def test_a_copy_moves_its_dates_on_by_its_pass(pool: Path) -> None:
    header, items = read_pool(pool)
    shift = timedelta(days=2 * SHIFT_DAYS)
    moved = 0
    for item, facts in items:
        copy, copied = perturbed(item, facts, 2, header["vocabulary"])
        if item.published:
            assert copy.published == (date.fromisoformat(item.published[:10]) + shift).isoformat()
        for old, new in zip(facts[0].found["times"], copied[0].found["times"], strict=True):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", old.value):
                assert new.value == (date.fromisoformat(old.value) + shift).isoformat()
                moved += 1
    assert moved  # the corpus dates what happened to days


def test_a_copy_is_not_a_near_copy_of_its_original(pool: Path) -> None:
    header, items = read_pool(pool)
    for item, facts in items:
        _, copied = perturbed(item, facts, 1, header["vocabulary"])
        ours = _shingles(words_of(copied[0].article.analysis_text))
        theirs = _shingles(words_of(facts[0].article.analysis_text))
        assert len(ours & theirs) / len(ours | theirs) < COPY_JACCARD


def test_linking_the_synthetic_corpus_marks_no_copies_between_copies(pool: Path, tmp_path: Path) -> None:
    db = tmp_path / "scale.db"
    result = link_scale("corpus.jsonl", sizes=(len(CORPUS), 2 * len(CORPUS)), window=5, pool_file=pool, db=db)
    conn = sqlite3.connect(db)
    try:
        copies = conn.execute(
            "SELECT i.source, o.source FROM story_articles s JOIN articles a ON a.id = s.article_id "
            "JOIN items i ON i.id = a.item_id JOIN articles b ON b.id = s.copy_of JOIN items o ON o.id = b.item_id"
        ).fetchall()
    finally:
        conn.close()
    # the corpus's own wire copy (w-2 of w-1) is marked in each pass; nothing else, and never across passes
    assert all(source.split("~")[1:] == original.split("~")[1:] for source, original in copies)
    assert {source.split("~")[0] for source, _ in copies} <= {"w-2"}
    assert result.copies == len(copies)


def test_link_scale_gives_figures_at_each_size(pool: Path) -> None:
    sizes = (len(CORPUS), 2 * len(CORPUS))
    result = link_scale("corpus.jsonl", sizes=sizes, window=4, pool_file=pool)
    assert [f.size for f in result.figures] == list(sizes)
    for figures in result.figures:
        assert figures.timed == 4
        assert 0 < figures.median_ms and 0 < figures.mean_ms
        assert 0 < figures.rss_mb and 0 < figures.peak_rss_mb
    assert result.pool == len(CORPUS)
    assert result.stories > 0
    lines = result.lines()
    assert "synthetic corpus" in lines[0] and str(len(CORPUS)) in lines[0]
    assert sum("ledger of" in line for line in lines) == len(sizes)


# -- linking's bounds --------------------------------------------------------------------------------


class Tables:
    """Link tables in memory: one earlier article per story, each sharing the terms it is given."""

    def __init__(self, df: dict[str, int], articles: dict[str, tuple[str, date, list[str]]]) -> None:
        self.df, self.articles = df, articles  # article -> (story, day, terms)
        self.postings_asked: list[str] = []
        self.vectors_asked: list[str] = []

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        return {t: self.df[t] for t in terms if t in self.df}

    def postings(self, terms: list[str]) -> Iterator[tuple[str, str, float]]:
        self.postings_asked += terms
        return ((t, a, 1.0) for t in terms for a, (_, _, have) in self.articles.items() if t in have)

    def stories_of(self, ids: list[str]) -> dict[str, str]:
        return {a: self.articles[a][0] for a in ids}

    def story_members(self, stories: list[str]) -> dict[str, list[str]]:
        return {s: [a for a, (story, _, _) in self.articles.items() if story == s] for s in stories}

    def linked_articles(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {
            a: {
                "story_id": self.articles[a][0],
                "copy_of": None,
                "day": self.articles[a][1],
                "event_days": [],
                "towns": [],
                "people": {},
                "years": [],
                "killed": None,
                "linked": 1,
            }
            for a in ids
        }

    def story_days(self, stories: list[str]) -> dict[str, tuple[date, date]]:
        return {s: (day, day) for a, (s, day, _) in self.articles.items() if s in stories}

    def vectors(self, ids: list[str]) -> dict[str, dict[str, float]]:
        self.vectors_asked += ids
        return {a: dict.fromkeys(self.articles[a][2], 1.0) for a in ids}


def test_on_a_large_ledger_a_term_of_more_than_max_candidate_df_articles_finds_no_candidates() -> None:
    common, rare = "ukraine", ["kirby", "zelensky"]
    tables = Tables(
        {common: MAX_CANDIDATE_DF + 1, **dict.fromkeys(rare, 2)}, {"a1": ("s1", date(2024, 3, 1), [common, *rare])}
    )
    features = ArticleFeatures("new", date(2024, 3, 2), {common: 1.0, **dict.fromkeys(rare, 1.0)})
    best = _best_story(cast(LinkTables, tables), features, linked=1_000_000)
    assert common not in tables.postings_asked and set(rare) <= set(tables.postings_asked)
    assert best is not None and best.story_id == "s1"


def test_a_story_the_article_may_not_join_is_not_read_for_comparing() -> None:
    terms = ["goldsboro", "bellamy", "whitfield"]
    day = date(2024, 3, 10)
    tables = Tables(
        dict.fromkeys(terms, 2),
        {
            "old": ("s-old", day - timedelta(days=3 * MAX_STORY_DAYS), terms),  # a look-alike long before
            "near": ("s-near", day - timedelta(days=1), terms[:2]),
        },
    )
    best = _best_story(cast(LinkTables, tables), ArticleFeatures("new", day, dict.fromkeys(terms, 1.0)), linked=50)
    assert tables.vectors_asked == ["near"]
    assert best is not None and best.story_id == "s-near"


def bare_store(path: Path) -> Store:
    """A ledger whose link rows need no articles (these tests are about the link rows alone)."""
    store = Store(path, extractors())
    store.conn.execute("PRAGMA foreign_keys = OFF")
    return store


def test_the_linked_count_follows_rows_other_connections_add(tmp_path: Path) -> None:
    store = bare_store(tmp_path / "ledger.db")
    other = sqlite3.connect(tmp_path / "ledger.db")
    try:
        assert store.links.linked_count() == 0
        store.links.add_alone("a1", "s1", "2024-01-01T00:00:00+00:00")
        other.execute("INSERT INTO stories (id, articles, created_at) VALUES ('s2', 1, 'now')")
        other.execute(
            "INSERT INTO story_articles (article_id, story_id, event_days, linked) VALUES ('a2', 's2', '[]', 2)"
        )
        other.commit()
        assert store.links.linked_count() == 2
        store.links.add_alone("a3", "s3", "2024-01-01T00:00:00+00:00")
        assert (
            store.links.linked_count() == 3 == store.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
        )
    finally:
        other.close()
        store.close()


def test_stories_of_gives_each_linked_articles_story(tmp_path: Path) -> None:
    store = bare_store(tmp_path / "ledger.db")
    try:
        store.links.add_alone("a1", "s1", "2024-01-01T00:00:00+00:00")
        store.links.add_alone("a2", "s2", "2024-01-01T00:00:00+00:00")
        assert store.links.stories_of(["a2", "a1", "unlinked"]) == {"a1": "s1", "a2": "s2"}
    finally:
        store.close()
