"""``eval stories --jsonl``: gold from each line's story field (ECB+'s layout), and the baseline beside the ledger.

The JSONL is written here: eight short articles on three events, two of them
look-alikes (two earthquakes, each reported three times), and one unrelated
transfer (twice).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_cli as run
from newsledger.evaluate import baseline
from newsledger.evaluate.stories import bcubed

ARTICLES = [
    ("nz-1", "quake-nz", "A magnitude 6.1 earthquake struck off the coast of Kaikoura on Tuesday, shaking buildings "
                         "in Wellington, the GeoNet agency said. No injuries were reported."),
    ("nz-2", "quake-nz", "An earthquake of magnitude 6.1 shook Kaikoura on Tuesday morning. Office workers in "
                         "Wellington left their buildings, and trains were halted for inspections."),
    ("nz-3", "quake-nz", "Residents of Kaikoura were cleaning up on Wednesday after Tuesday's magnitude 6.1 "
                         "earthquake brought down chimneys along the coast."),
    ("tr-1", "quake-tr", "A magnitude 5.8 earthquake struck near Izmir on Sunday, damaging several old buildings, "
                         "Turkey's disaster agency AFAD said. Two people were hurt."),
    ("tr-2", "quake-tr", "An earthquake of magnitude 5.8 hit western Turkey near Izmir on Sunday evening, and "
                         "two people were injured when a wall collapsed, AFAD said."),
    ("tr-3", "quake-tr", "Schools in Izmir stayed closed on Monday while engineers checked buildings after "
                         "Sunday's magnitude 5.8 earthquake."),
    ("fc-1", "transfer", "The striker Marco Levante signed a four-year contract with Atletico Madrid on Friday "
                         "after passing his medical, the club said."),
    ("fc-2", "transfer", "Atletico Madrid completed the signing of striker Marco Levante on Friday; the club "
                         "said he had agreed a four-year contract."),
]
GOLD = {aid: story for aid, story, _ in ARTICLES}


@pytest.fixture(scope="module")
def ecb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the JSONL, a ledger that holds it), ingested once for the module."""
    folder = tmp_path_factory.mktemp("ecb")
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": a, "text": t, "story": s}) + "\n" for a, s, t in ARTICLES),
                    encoding="utf-8")
    db = folder / "ecb.db"
    run(CliRunner(), "eval", "stories", "--jsonl", str(path), "--db", str(db), "--json")
    return path, db


def stories_in(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT i.source, s.story_id FROM items i JOIN articles a ON a.item_id = i.id "
                                 "JOIN story_articles s ON s.article_id = a.id"))
    finally:
        conn.close()


def test_jsonl_json_scores_the_ledger_and_the_baseline(runner: CliRunner, ecb: tuple[Path, Path]) -> None:
    path, db = ecb
    score = json.loads(run(runner, "eval", "stories", "--jsonl", str(path), "--db", str(db), "--json").stdout)
    assert {"articles", "gold_stories", "stories", "bcubed", "errors", "baseline"} <= set(score)
    assert "casualties" not in score  # no incidents, no killed count
    assert "baseline_sweep" not in score
    assert (score["articles"], score["gold_stories"]) == (8, 3)
    for figures in (score["bcubed"], score["baseline"]):
        assert all(0.0 <= figures[k] <= 1.0 for k in ("precision", "recall", "f1"))
    # the ledger's figures are those of its stored stories, recomputed here from its rows
    found = stories_in(db)
    assert score["stories"] == len(set(found.values()))
    assert tuple(score["bcubed"].values()) == pytest.approx(bcubed(GOLD, found), abs=1e-4)
    # the baseline's are those of the baseline module called directly on the same texts
    expected = bcubed(GOLD, baseline.cluster({a: t for a, _, t in ARTICLES}, baseline.THRESHOLD))
    base = score["baseline"]
    assert (base["precision"], base["recall"], base["f1"]) == pytest.approx(expected, abs=1e-4)
    assert base["threshold"] == baseline.THRESHOLD
    assert base["method"] == baseline.METHOD


def test_jsonl_text_prints_the_baseline_and_the_difference(runner: CliRunner, ecb: tuple[Path, Path]) -> None:
    path, db = ecb
    out = run(runner, "eval", "stories", "--jsonl", str(path), "--db", str(db)).stdout
    score = json.loads(run(runner, "eval", "stories", "--jsonl", str(path), "--db", str(db), "--json").stdout)
    lines = out.splitlines()
    assert lines[0] == f"stories: 8 articles, 3 gold stories, {score['stories']} found"
    b, base = score["bcubed"], score["baseline"]
    assert lines[1] == f"  B-cubed        P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}"
    assert lines[2] == (f"  baseline       P {base['precision']:.3f}  R {base['recall']:.3f}  F1 {base['f1']:.3f}"
                        f"  (TF-IDF cosine, complete linkage, distance < {baseline.THRESHOLD:.3f})")
    # the difference of the figures as printed (0.828 and 0.899 give -0.071, whatever the fourth decimals)
    shown = [float(line.split("F1 ")[1][:5]) for line in lines[1:3]]
    assert lines[3] == f"  ledger - baseline  F1 {shown[0] - shown[1]:+.3f}"
    assert len(lines) == 4  # no killed line without incidents


def test_sweep_gives_the_whole_curve(runner: CliRunner, ecb: tuple[Path, Path]) -> None:
    path, db = ecb
    score = json.loads(run(runner, "eval", "stories", "--jsonl", str(path), "--db", str(db), "--json",
                           "--sweep").stdout)
    curve = score["baseline_sweep"]
    assert [point["threshold"] for point in curve] == list(baseline.SWEEP)
    at_fixed = next(p for p in curve if p["threshold"] == baseline.THRESHOLD)
    assert {k: at_fixed[k] for k in ("precision", "recall", "f1")} == \
        {k: score["baseline"][k] for k in ("precision", "recall", "f1")}
    # a higher threshold only merges: recall never falls, the number of stories never grows
    assert all(a["recall"] <= b["recall"] and a["stories"] >= b["stories"] for a, b in itertools.pairwise(curve))
    text = run(runner, "eval", "stories", "--jsonl", str(path), "--db", str(db), "--sweep").stdout
    assert sum(1 for line in text.splitlines() if line.startswith("    distance < ")) == 20


def test_without_scikit_learn_the_ledger_is_still_scored(runner: CliRunner, ecb: tuple[Path, Path],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path, db = ecb
    for name in [m for m in sys.modules if m == "sklearn" or m.startswith("sklearn.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    score = json.loads(run(runner, "eval", "stories", "--jsonl", str(path), "--db", str(db), "--json").stdout)
    assert score["baseline"] is None
    assert "scikit-learn" in score["baseline_reason"]
    assert score["articles"] == 8
    out = run(runner, "eval", "stories", "--jsonl", str(path), "--db", str(db)).stdout
    assert "  baseline: needs scikit-learn (pip install 'newsledger[train]')" in out.splitlines()
    assert "B-cubed        P" in out and "ledger - baseline" not in out


@pytest.mark.parametrize("lines, problem", [
    ('{"id": "a", "text": "Quake hits Kaikoura.", "story": "q"}\n{"id": "b", "text": "Quake hits Izmir."}\n',
     "articles.jsonl:2: no story"),
    ('{"text": "Quake hits Kaikoura.", "story": "q"}\n', "articles.jsonl:1: no id"),
    ('{"id": "a", "story": "q"}\n', "articles.jsonl:1: no text"),
    ('{"id": "a", "text": "Quake hits Kaikoura.", "story": "q"}\n\n{not json\n', "articles.jsonl:3: not JSON"),
])
def test_a_bad_line_is_one_line_naming_file_and_line(tmp_path: Path, lines: str, problem: str) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text(lines, encoding="utf-8")
    db = tmp_path / "x.db"
    result = run(CliRunner(), "eval", "stories", "--jsonl", str(path), "--db", str(db), status=2)
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and problem in errors[0], result.stderr
    assert not db.exists()  # the gold is checked before anything is ingested


def test_gva_or_jsonl_exactly_one(runner: CliRunner, ecb: tuple[Path, Path], tmp_path: Path) -> None:
    path, _ = ecb
    for args in ([], ["--gva", str(tmp_path), "--jsonl", str(path)]):
        result = run(runner, "eval", "stories", *args, status=2)
        errors = result.stderr.strip().splitlines()
        assert len(errors) == 1 and "--gva DIR or --jsonl FILE" in errors[0], result.stderr


def test_jsonl_must_be_a_file(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "eval", "stories", "--jsonl", str(tmp_path / "nope.jsonl"), status=2)
    assert "nope.jsonl" in result.stderr


# -- the baseline on the GVA layout ----------------------------------------------------------------------------


def test_gva_json_has_the_baseline_and_keeps_its_keys(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "gva"
    folder.mkdir()
    quakes = [(a, s, t) for a, s, t in ARTICLES if s != "transfer"][:4]  # nz-1..3 and tr-1
    (folder / "articles.jsonl").write_text(
        "".join(json.dumps({"id": a, "published": "2017-01-15", "title": f"Report {a}", "text": t,
                            "incident": s}) + "\n" for a, s, t in quakes), encoding="utf-8")
    (folder / "incidents.jsonl").write_text(
        "".join(json.dumps({"incident_uri": s, "num_killed": 0, "num_injured": n}) + "\n"
                for s, n in (("quake-nz", 0), ("quake-tr", 2))), encoding="utf-8")
    score = json.loads(run(runner, "eval", "stories", "--gva", str(folder), "--json").stdout)
    assert {"articles", "gold_stories", "stories", "bcubed", "casualties", "errors", "baseline"} <= set(score)
    assert score["casualties"]["incidents"] == 2
    # the baseline's documents are title + text, as the module builds them
    documents = {a: baseline.document(f"Report {a}", t) for a, _, t in quakes}
    expected = bcubed({a: s for a, s, _ in quakes}, baseline.cluster(documents))
    base = score["baseline"]
    assert (base["precision"], base["recall"], base["f1"]) == pytest.approx(expected, abs=1e-4)
    text = run(runner, "eval", "stories", "--gva", str(folder)).stdout
    assert "  baseline       P " in text and "killed right   " in text.splitlines()[-1]
