"""Scoring story linking: B-cubed by hand, and ``eval stories`` on a tiny GVA-format folder written here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli as run
from newsledger.evaluate.stories import bcubed, read_gva

# -- bcubed by hand ----------------------------------------------------------------------------------------


def test_perfect_clustering() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed(gold, {"a": "X", "b": "X", "c": "Y"}) == (1.0, 1.0, 1.0)


def test_all_in_one_cluster() -> None:
    # gold {a,b} {c,d}; found {a,b,c,d}.
    # precision: each item shares 2 of the 4 in its cluster -> 1/2; recall: each finds its 2 of 2 -> 1.
    # F1 = 2 * 0.5 * 1 / 1.5 = 2/3.
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    p, r, f = bcubed(gold, {i: "X" for i in gold})
    assert (p, r) == (0.5, 1.0)
    assert f == pytest.approx(2 / 3)


def test_all_singletons() -> None:
    # gold {a,b} {c,d}; found four singletons: precision 1, recall 1/2 each, F1 = 2/3.
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    p, r, f = bcubed(gold, {i: i for i in gold})
    assert (p, r) == (1.0, 0.5)
    assert f == pytest.approx(2 / 3)


def test_textbook_example() -> None:
    # gold  {a,b,c} {d};  found {a,b} {c,d}.
    # precision per item: a 2/2, b 2/2, c 1/2 (c with d, d not c's), d 1/2  -> (1+1+.5+.5)/4 = 3/4
    # recall per item:    a 2/3, b 2/3, c 1/3, d 1/1                        -> (8/3)/4     = 2/3
    # F1 = 2 * 3/4 * 2/3 / (3/4 + 2/3) = 1 / (17/12) = 12/17
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    found = {"a": "X", "b": "X", "c": "Y", "d": "Y"}
    p, r, f = bcubed(gold, found)
    assert p == pytest.approx(3 / 4)
    assert r == pytest.approx(2 / 3)
    assert f == pytest.approx(12 / 17)


def test_five_items_two_errors() -> None:
    # gold {a,b,c} {d,e}; found {a,b} {c,d,e}.
    # precision: a 1, b 1, c 1/3, d 2/3, e 2/3 -> (11/3)/5 = 11/15
    # recall:    a 2/3, b 2/3, c 1/3, d 1, e 1 -> (11/3)/5 = 11/15
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    found = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Y"}
    p, r, f = bcubed(gold, found)
    assert (p, r, f) == pytest.approx((11 / 15, 11 / 15, 11 / 15))


def test_only_items_in_both_count() -> None:
    gold = {"a": "1", "b": "1", "z": "9"}
    assert bcubed(gold, {"a": "X", "b": "X", "y": "Q"}) == (1.0, 1.0, 1.0)
    assert bcubed(gold, {}) == (0.0, 0.0, 0.0)
    assert bcubed({}, {"a": "X"}) == (0.0, 0.0, 0.0)


clusterings = st.dictionaries(st.sampled_from("abcdefghij"), st.sampled_from("123"), min_size=1)


@given(gold=clusterings, data=st.data())
def test_bcubed_properties(gold: dict[str, str], data: st.DataObject) -> None:
    found = {item: data.draw(st.sampled_from("XYZ")) for item in gold}
    p, r, f = bcubed(gold, found)
    # B-cubed by its definition: each item's share of its found cluster that gold puts with it (precision),
    # and of its gold cluster that was found with it (recall), averaged over the items
    items = list(gold)

    def share(mine: dict[str, str], other: dict[str, str], i: str) -> float:
        cluster = [j for j in items if mine[j] == mine[i]]
        return sum(1 for j in cluster if other[j] == other[i]) / len(cluster)

    assert p == pytest.approx(sum(share(found, gold, i) for i in items) / len(items))
    assert r == pytest.approx(sum(share(gold, found, i) for i in items) / len(items))
    # precision is perfect exactly when no found cluster mixes two gold ones
    assert (p == 1.0) == all(gold[i] == gold[j] for i in items for j in items if found[i] == found[j])
    assert min(p, r) - 1e-12 <= f <= max(p, r) + 1e-12
    # the names of clusters do not matter
    renamed = {item: f"story-{cluster}" for item, cluster in found.items()}
    assert bcubed(gold, renamed) == pytest.approx((p, r, f))
    # swapping gold and found swaps precision and recall
    q, s, g = bcubed(found, gold)
    assert (q, s, g) == pytest.approx((r, p, f))


@given(gold=clusterings)
def test_refinements_are_precise_and_coarsenings_recall_everything(gold: dict[str, str]) -> None:
    singletons = {item: item for item in gold}
    assert bcubed(gold, singletons)[0] == 1.0
    assert bcubed(gold, {item: "all" for item in gold})[1] == 1.0
    assert bcubed(gold, dict(gold)) == (1.0, 1.0, 1.0)


# -- eval stories on a tiny GVA folder ------------------------------------------------------------------------

SHOOTING_ONE = ("A 19-year-old man was shot and killed early Sunday on Hammond Street in Rocky Mount, police said. "
                "Officers found Tyrell Batts with a gunshot wound outside an apartment building on Hammond Street.")
SHOOTING_TWO = ("Two women were shot and killed Friday night inside a home on Pine Ridge Drive in Tulsa, police said. "
                "Investigators identified the victims as Carla Jimenez, 41, and her sister Rosa Jimenez, 38.")
WIRE = ("A freight train derailed near the town of Sandpoint early Wednesday, spilling grain across the tracks, "
        "the railroad said. Nobody was hurt, and crews expected to reopen the line by Thursday evening.")


@pytest.fixture
def gva(tmp_path: Path) -> Path:
    folder = tmp_path / "gva"
    folder.mkdir()
    articles = [
        {"id": "g1", "published": "2017-01-15", "text": SHOOTING_ONE, "incident": "inc-1"},
        {"id": "g2", "published": "2017-02-11", "text": SHOOTING_TWO, "incident": "inc-2"},
        {"id": "g3", "published": "2017-03-01", "text": WIRE, "incident": "inc-3"},
        {"id": "g4", "published": "2017-03-01", "text": WIRE, "incident": "inc-3"},
    ]
    incidents = [
        {"incident_uri": "inc-1", "num_killed": 1, "num_injured": 0},
        {"incident_uri": "inc-2", "num_killed": 3, "num_injured": 0},  # the archive knows of a third death
        {"incident_uri": "inc-3", "num_killed": 0, "num_injured": 0},
    ]
    (folder / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    (folder / "incidents.jsonl").write_text("".join(json.dumps(i) + "\n" for i in incidents), encoding="utf-8")
    return folder


def test_read_gva(gva: Path) -> None:
    incident_of, incidents = read_gva(gva)
    assert incident_of == {"g1": "inc-1", "g2": "inc-2", "g3": "inc-3", "g4": "inc-3"}
    assert set(incidents) == {"inc-1", "inc-2", "inc-3"}
    assert incidents["inc-2"]["num_killed"] == 3


def test_eval_stories_json(runner: CliRunner, gva: Path, tmp_path: Path) -> None:
    db = tmp_path / "gva.db"
    result = run(runner, "eval", "stories", "--gva", str(gva), "--db", str(db), "--json")
    score = json.loads(result.stdout)
    assert score["articles"] == 4
    assert score["gold_stories"] == 3
    # the scores are those of the stories in the ledger, recomputed here from its rows
    conn = sqlite3.connect(db)
    found = dict(conn.execute("SELECT i.source, s.story_id FROM items i JOIN articles a ON a.item_id = i.id "
                              "JOIN story_articles s ON s.article_id = a.id"))
    conn.close()
    assert score["stories"] == len(set(found.values()))
    gold = {"g1": "inc-1", "g2": "inc-2", "g3": "inc-3", "g4": "inc-3"}
    expected = bcubed(gold, found)
    assert (score["bcubed"]["precision"], score["bcubed"]["recall"], score["bcubed"]["f1"]) == \
        pytest.approx(expected, abs=1e-4)
    # the two copies of the wire text are one story, the two shootings two others
    assert found["g3"] == found["g4"]
    assert len({found["g1"], found["g2"], found["g3"]}) == 3
    assert score["bcubed"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    # killed: inc-1 (1) and inc-3 (0) right; inc-2: the articles say 2, the archive 3
    casualties = score["casualties"]
    assert casualties["incidents"] == 3
    assert casualties["killed_right"] == pytest.approx(2 / 3, abs=1e-4)
    assert casualties["injured_right"] == 1.0
    assert [(e["incident"], e["killed"], e["gold_killed"]) for e in score["errors"]] == [("inc-2", 2, 3)]
    assert score["errors"][0]["story"] == found["g2"]


def test_eval_stories_text_and_temporary_ledger(runner: CliRunner, gva: Path) -> None:
    result = run(runner, "eval", "stories", "--gva", str(gva))
    out = result.stdout
    assert "4 articles, 3 gold stories, 3 found" in out
    assert "P 1.000  R 1.000  F1 1.000" in out
    assert "killed right   0.667 of 3 incidents" in out
    assert not list(gva.glob("*.db"))  # nothing written next to the gold


def test_eval_stories_rerun_on_the_same_ledger_is_the_same(runner: CliRunner, gva: Path, tmp_path: Path) -> None:
    db = tmp_path / "gva.db"
    first = json.loads(run(runner, "eval", "stories", "--gva", str(gva), "--db", str(db), "--json").stdout)
    second = json.loads(run(runner, "eval", "stories", "--gva", str(gva), "--db", str(db), "--json").stdout)
    assert first == second


def test_eval_stories_missing_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "eval", "stories", "--gva", str(tmp_path / "nope"), status=2)
    assert "nope" in result.stderr


@pytest.mark.parametrize("articles, incidents, problem", [
    (None, '{"incident_uri": "1", "num_killed": 0, "num_injured": 0}\n', "articles.jsonl: no such file"),
    ('{"id": "a", "text": "Two men were shot on Main Street."}\n', '{"incident_uri": "1"}\n',
     "articles.jsonl:1: no incident"),
    ('{"id": "a", "incident": "1", "text": "Two men were shot on Main Street."}\n', "{not json\n",
     "incidents.jsonl:1: not JSON"),
    ('{"id": "a", "incident": "1", "text": "Two men were shot on Main Street."}\n',
     '{"incident_uri": "1", "num_killed": "unknown", "num_injured": 0}\n',
     "incidents.jsonl: incident 1: num_killed is not a whole number"),
])
def test_eval_stories_bad_gold_is_one_line(tmp_path: Path, articles: str | None, incidents: str,
                                           problem: str) -> None:
    gva = tmp_path / "gva"
    gva.mkdir()
    if articles is not None:
        (gva / "articles.jsonl").write_text(articles, encoding="utf-8")
    (gva / "incidents.jsonl").write_text(incidents, encoding="utf-8")
    result = run(CliRunner(), "eval", "stories", "--gva", str(gva), "--db", str(tmp_path / "x.db"), status=2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0], result.stderr
