"""The story-linking baseline: TF-IDF cosine distance and complete-linkage clustering, by hand-checked cases."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.evaluate import baseline

pytest.importorskip("sklearn")

QUAKE = "A magnitude 6.1 earthquake struck off the coast of Kaikoura on Tuesday, shaking buildings in Wellington."
QUAKE_AGAIN = "An earthquake of magnitude 6.1 shook Kaikoura on Tuesday; buildings in Wellington swayed."
FOOTBALL = "The striker signed a four-year contract with the club after passing his medical in Madrid."


def test_identical_documents_are_one_cluster() -> None:
    found = baseline.cluster({"a": QUAKE, "b": QUAKE, "c": FOOTBALL})
    assert found["a"] == found["b"]
    assert found["c"] != found["a"]


def test_unrelated_documents_are_apart_at_any_threshold_below_one() -> None:
    # no word in common: cosine similarity 0, distance 1
    assert baseline.distances([QUAKE, FOOTBALL])[0, 1] == pytest.approx(1.0)
    found = baseline.cluster({"a": QUAKE, "b": FOOTBALL}, threshold=0.975)
    assert found["a"] != found["b"]


def test_two_reports_of_one_event_join_only_above_their_distance() -> None:
    distance = float(baseline.distances([QUAKE, QUAKE_AGAIN])[0, 1])
    assert 0.0 < distance < 1.0
    together = baseline.cluster({"a": QUAKE, "b": QUAKE_AGAIN}, threshold=distance + 0.01)
    apart = baseline.cluster({"a": QUAKE, "b": QUAKE_AGAIN}, threshold=distance - 0.01)
    assert together["a"] == together["b"]
    assert apart["a"] != apart["b"]


# distances by hand: a-b 0.2, b-c 0.3, a-c 0.8
CHAIN = np.array([[0.0, 0.2, 0.8], [0.2, 0.0, 0.3], [0.8, 0.3, 0.0]])


@pytest.mark.parametrize("threshold, groups", [
    (0.2, [{"a"}, {"b"}, {"c"}]),  # merged only below the threshold: 0.2 is not below 0.2
    (0.25, [{"a", "b"}, {"c"}]),
    # complete linkage: {a,b} to c is max(0.8, 0.3) = 0.8, so c stays apart (single linkage would take 0.3,
    # average linkage 0.55)
    (0.5, [{"a", "b"}, {"c"}]),
    (0.6, [{"a", "b"}, {"c"}]),
    (0.8, [{"a", "b"}, {"c"}]),
    (0.81, [{"a", "b", "c"}]),
])
def test_complete_linkage_merges_while_every_pair_is_below_the_threshold(threshold: float,
                                                                          groups: list[set[str]]) -> None:
    found = baseline.cluster_matrix(["a", "b", "c"], CHAIN, threshold)
    assert sorted(map(sorted, _groups(found))) == sorted(map(sorted, groups))


def _groups(found: dict[str, str]) -> list[set[str]]:
    members: dict[str, set[str]] = {}
    for item, label in found.items():
        members.setdefault(label, set()).add(item)
    return list(members.values())


def test_sweep_is_the_clustering_at_each_threshold() -> None:
    documents = {"a": QUAKE, "b": QUAKE_AGAIN, "c": FOOTBALL, "d": QUAKE + " " + FOOTBALL}
    curve = baseline.sweep(documents)
    assert [t for t, _ in curve] == list(baseline.SWEEP)
    for threshold, found in curve:
        assert _groups(found) == _groups(baseline.cluster(documents, threshold))


def test_the_sweep_runs_from_half_to_just_under_one() -> None:
    assert baseline.SWEEP[0] == 0.5 and baseline.SWEEP[-1] == 0.975 and len(baseline.SWEEP) == 20
    assert baseline.THRESHOLD in baseline.SWEEP


def test_too_few_or_empty_documents() -> None:
    assert baseline.cluster({}) == {}
    assert baseline.cluster({"a": QUAKE}) == {"a": "0"}
    # no word left after the stop words: every document alone, no error
    found = baseline.cluster({"a": "", "b": "the of and", "c": ""})
    assert len(set(found.values())) == 3


def test_document_is_title_and_text() -> None:
    assert baseline.document("Quake hits Kaikoura", QUAKE) == "Quake hits Kaikoura\n" + QUAKE
    assert baseline.document(None, QUAKE) == QUAKE
    assert baseline.document("", QUAKE) == QUAKE


def test_without_scikit_learn_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "sklearn" or m.startswith("sklearn.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    assert not baseline.available()
    with pytest.raises(baseline.BaselineUnavailable, match="scikit-learn"):
        baseline.cluster({"a": QUAKE, "b": FOOTBALL})


words = st.sampled_from("quake kaikoura tuesday striker madrid contract fire warehouse genoa police".split())


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.lists(words, max_size=6).map(" ".join), min_size=2, max_size=8),
       threshold=st.sampled_from(baseline.SWEEP))
def test_every_two_documents_in_a_cluster_are_closer_than_the_threshold(texts: list[str], threshold: float) -> None:
    ids = [f"d{n}" for n in range(len(texts))]
    found = baseline.cluster(dict(zip(ids, texts)), threshold)
    assert set(found) == set(ids)
    matrix = baseline.distances(texts)
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            if i != j and found[a] == found[b]:
                assert matrix[i, j] < threshold
