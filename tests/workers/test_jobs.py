"""``ingest --jobs N``: N forked workers parse and extract, this process stores and links, in input order.

What the kill, Ctrl-C and rerun tests (tests/store, tests/cli) do not cover: how items are grouped into
batches, that what a worker reports (an extractor's failure, its time, its memory) reaches the ledger, and
that a worker's batches come back in the order they went out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.config import PipelineConfig
from newsledger.extract import REGISTRY
from newsledger.ledger import Ledger
from newsledger.model import Article, IngestError, Item
from newsledger.pipeline import Pipeline
from newsledger.workers import IN_FLIGHT, batches, in_processes, run_work
from processes import write_articles


@dataclass
class Text:
    analysis_text: str


@given(
    st.lists(st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=6), max_size=60),
    st.integers(min_value=1, max_value=20_000),
    st.integers(min_value=1, max_value=50),
)
def test_batches_keep_the_order_never_split_an_item_and_fill_up(
    sizes: list[list[int]], chars: int, articles: int
) -> None:
    items: list[Any] = [(f"item-{n}", [Text("x" * size) for size in item]) for n, item in enumerate(sizes)]
    made = list(batches(items, chars, articles))
    assert [entry for batch in made for entry in batch] == items
    assert all(batch for batch in made)

    def held(batch: list[Any]) -> tuple[int, int]:
        return sum(len(t.analysis_text) for _, a in batch for t in a), sum(len(a) for _, a in batch)

    for batch in made[:-1]:
        full_chars, full_articles = held(batch)
        assert full_chars >= chars or full_articles >= articles  # full ...
        less_chars, less_articles = held(batch[:-1])
        assert less_chars < chars and less_articles < articles  # ... and not one item too many


@pytest.fixture(scope="module")
def gva(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("gva") / "gva.jsonl", 40)


def test_the_workers_report_their_memory_and_time_and_the_ledger_is_the_same(gva: Path, tmp_path: Path) -> None:
    with Ledger(tmp_path / "one.db") as one:
        one.ingest([str(gva)])
        expected = [r.model_dump() for r in one.records()]
    with Ledger(tmp_path / "two.db") as two:
        report = two.ingest([str(gva)], n_process=2)
        assert report.new_articles == len(expected) and not report.errors
        assert [r.model_dump() for r in two.records()] == expected
        workers = two.worker_peak_mb
        assert len(workers) == 2 and all(not w.endswith(f":{os.getpid()}") for w in workers)
        assert all(100 < mb < 4096 for mb in workers.values())  # each loaded spaCy's pipeline itself
        assert set(two.extract_seconds) == set(REGISTRY) and all(s > 0 for s in two.extract_seconds.values())


def test_an_extractor_failing_in_a_worker_is_one_error_and_the_article_is_kept(
    gva: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: Any) -> dict[str, Any]:
        raise ValueError("an extractor's bug")

    monkeypatch.setitem(REGISTRY, "events", replace(REGISTRY["events"], extract=boom))  # the workers fork after
    errors: list[IngestError] = []
    with Ledger(tmp_path / "failing.db") as ledger:
        report = ledger.ingest([str(gva)], n_process=2, on_error=errors.append)
        stored = len(list(ledger.records()))
    assert stored == report.new_articles == 40
    assert len(errors) == 40 and all(
        "extractor 'events' failed" in str(e) and "an extractor's bug" in str(e) for e in errors
    )


def test_results_come_back_in_the_order_the_batches_went_out() -> None:
    """Batches of very different sizes (so the workers finish them out of order) still come back in order."""
    config = PipelineConfig()
    line = Pipeline(config)
    sentence = "A man was shot on Elm Street on Monday, police said. "
    items = [Item(source=f"i{n}", text=sentence * (3 + 20 * (n % 2)), format="text", path=f"i{n}") for n in range(6)]
    done = list(in_processes(config, [[(item, line.articles_of(item))] for item in items], 2))
    assert [d.items[0].item.source for d in done] == [item.source for item in items]
    assert len({d.worker for d in done}) == 2


def test_a_batch_runs_in_the_calling_process_too() -> None:
    """``run_work`` is what a Dask worker runs: usable anywhere, no process of its own."""
    item = Item(source="x", text="Two people were killed in a crash on Route 9, police said.", format="text", path="x")
    line = Pipeline(PipelineConfig())
    done = run_work(PipelineConfig(), [(item, line.articles_of(item))])
    assert done.worker.endswith(f":{os.getpid()}") and not done.errors
    (facts,) = done.items[0].facts
    assert facts.found["casualties"]["killed"].value == 2


def test_the_writer_holds_a_bounded_number_of_batches_whatever_the_corpus() -> None:
    """The input is read only as results are handed on: never more than ``IN_FLIGHT`` batches per worker
    ahead, so the writer's memory does not grow with the corpus."""
    config = PipelineConfig()
    line = Pipeline(config)
    read = 0

    def work() -> Iterator[list[tuple[Item, list[Article]]]]:
        nonlocal read
        for n in range(30):
            item = Item(source=f"b{n}", text=f"Officer {n} was hurt in a crash on Monday.", format="text", path="b")
            read += 1
            yield [(item, line.articles_of(item))]

    handed_on = 0
    for done in in_processes(config, work(), 2):
        handed_on += 1
        assert done.items[0].item.source == f"b{handed_on - 1}"
        assert read - handed_on <= IN_FLIGHT * 2
    assert handed_on == read == 30
