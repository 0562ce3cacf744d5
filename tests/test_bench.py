"""``bench`` runs each phase in a process of its own and reports what the issue asks for: each run's speed
against the plain parse, the speed-up of N workers, each process's peak memory, and the time by stage."""

from __future__ import annotations

import re
import pytest

from newsledger.bench import ONE, OWN_PARSE, PLAIN, run_bench
from newsledger.workers import BATCH_ARTICLES
from processes import write_articles


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Two batches' worth of news articles: each worker gets one."""
    articles = write_articles(tmp_path_factory.mktemp("bench") / "articles.jsonl", BATCH_ARTICLES + 8)
    return run_bench(str(articles), n_process=2, cluster=False)


def test_every_phase_is_timed_with_its_own_memory(result) -> None:  # type: ignore[no-untyped-def]
    assert [p.name for p in result.phases] == [PLAIN, OWN_PARSE, ONE, "ledger, --jobs 2"]
    assert result.articles == BATCH_ARTICLES + 8 and all(p.seconds > 0 for p in result.phases)
    peaks = [p.peak_mb["main"] for p in result.phases]
    assert all(50 < mb < 4096 for mb in peaks)
    assert len({round(mb) for mb in peaks}) > 1  # each its own process, not one growing peak
    workers = {k: v for k, v in result.phase("ledger, --jobs 2").peak_mb.items() if k != "main"}
    assert len(workers) == 2 and all(mb > 100 for mb in workers.values())


def test_the_stages_of_one_process_add_up_to_its_time(result) -> None:  # type: ignore[no-untyped-def]
    one = result.phase(ONE)
    assert {"read and segment", "store"} <= set(one.stages)
    inside = sum(one.stages.values()) + sum(one.extract_seconds.values()) + sum(one.link_seconds)
    assert 0 < inside <= one.seconds
    assert set(one.extract_seconds) == {"entities", "times", "claims", "counts", "events"}


def test_the_lines_give_each_speed_against_the_parse_and_the_speed_up(result) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(result.lines())
    assert re.search(r"ledger, 1 process\s+:\s+[\d.]+ s\s+[\d.]+ articles/s\s+peak RSS [\d,]+ MB\s+x[\d.]+ the speed", text)
    assert re.search(r"ledger, --jobs 2 against ledger, 1 process: x[\d.]+ the speed", text)
    assert re.search(r"ledger, 1 process against nlp.pipe, newsledger's parse .*: x[\d.]+ the speed", text)
    assert re.search(r"forked from the benchmark's process, which held [\d,]+ MB", text)
    assert re.search(r"time by stage, in one process: read and segment .* parse \(the rest\)", text)
    assert re.search(r"peak RSS of each worker \(MB\): \d+, \d+", text)
    assert re.search(r"ledger, --jobs 2: the writer was busy [\d.]+ s of [\d.]+ s .* ceiling .* [\d,]+ articles/s", text)
    assert result.ratio == pytest.approx(result.phase(ONE).seconds / result.phase(PLAIN).seconds)
