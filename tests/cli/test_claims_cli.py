"""Claims on the command line: claims (--speaker, --stance), show, export --format brat, eval attribution.

The seed tests work on a private copy of the seed database (conftest's
``seed_db_copy``; the bundled seed when ``../shared/seed/`` is absent). Expected
figures are read off the seed's English by hand:

* Pat Ryder is the source of three claims: "Major General Pat Ryder, the
  Pentagon press secretary, told reporters that ...", "... but did not have a
  specific number of those killed or wounded" and "..., Ryder said".
* Two sources say nothing: "the Russian Ministry of Defense, which did not
  immediately comment" and "The IRC did not respond to a request for comment".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import export_records, table_rows, run_cli as run

ID_CELL = re.compile(r"^[0-9a-f]{12}$")
SEED_BRAT = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "seed-brat"
T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
E_LINE = re.compile(r"^(E\d+)\t(\S+):(T\d+)((?: \S+:T\d+)*)$")


def table_total(output: str) -> int:
    match = re.search(r"(\d+) claim\(s\)", output)
    assert match, output
    return int(match.group(1))


# -- claims ----------------------------------------------------------------------------------------


def test_claims_by_speaker(runner: CliRunner, seed_db_copy: Path) -> None:
    result = run(runner, "claims", "--db", str(seed_db_copy), "--speaker", "Ryder")
    rows = table_rows(result.stdout)
    assert table_total(result.stdout) == len(rows) == 3
    for cells in rows:
        assert "Ryder" in cells[1], cells  # speaker column
    assert sorted(cells[2] for cells in rows) == ["did not have", "said", "told"]
    assert any(cells[5] == "reporters" for cells in rows)  # "told reporters": the audience


def test_claims_by_speaker_lists_nobody_else(runner: CliRunner, seed_db_copy: Path) -> None:
    everyone = table_rows(run(runner, "claims", "--db", str(seed_db_copy)).stdout)
    ryder = table_rows(run(runner, "claims", "--db", str(seed_db_copy), "--speaker", "Ryder").stdout)
    others = [cells for cells in everyone if "Ryder" not in cells[1]]
    assert len(everyone) == len(ryder) + len(others)
    assert others  # Putin, Kirby, the IRC, ... are in the full list


def test_claims_by_stance_no_comment(runner: CliRunner, seed_db_copy: Path) -> None:
    result = run(runner, "claims", "--db", str(seed_db_copy), "--stance", "no_comment")
    rows = table_rows(result.stdout)
    assert table_total(result.stdout) == len(rows) == 2
    assert sorted(cells[1] for cells in rows) == ["International Rescue Committee", "Russian Ministry of Defense"]
    assert {cells[3] for cells in rows} == {"no_comment/none"}
    assert {cells[4] for cells in rows} == {"—"}  # nothing was said


def test_claims_by_stance_refer(runner: CliRunner, seed_db_copy: Path) -> None:
    result = run(runner, "claims", "--db", str(seed_db_copy), "--stance", "refer")
    (cells,) = table_rows(result.stdout)
    assert cells[1] == "Dmitry Peskov"
    assert cells[4] == "the Russian Ministry of Defense"


def test_claims_unknown_stance_is_a_usage_error(runner: CliRunner, seed_db_copy: Path) -> None:
    result = run(runner, "claims", "--db", str(seed_db_copy), "--stance", "shouting", status=2)
    assert "shouting" in result.stderr


def test_show_lists_the_claims_of_an_article(runner: CliRunner, seed_db_copy: Path) -> None:
    records = export_records(runner, seed_db_copy)
    (irc_article,) = [r for r in records if r["kicker"] and r["kicker"]["text"] == "BORDER SERVICES"]
    result = run(runner, "show", "--db", str(seed_db_copy), irc_article["id"][:12])
    out = result.stdout
    assert "claims" in out
    assert "no_comment/none" in out
    # "a local official and two camp committee members said": anonymous in the claims table
    assert "(anonymous)" in out
    assert "International Rescue" in out


# -- export --format brat --------------------------------------------------------------------------


def read_exact(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def test_export_brat(runner: CliRunner, seed_db_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    run(runner, "export", "--db", str(seed_db_copy), "--format", "brat", str(out))
    texts = sorted((out / "text").glob("*.txt"))
    anns = sorted((out / "attributions").glob("*.ann"))
    assert len(texts) == len(anns) == 1  # the seed is one item
    assert [p.stem for p in texts] == [p.stem for p in anns]
    text = read_exact(texts[0])
    records = export_records(runner, seed_db_copy)
    assert text.startswith("Ukraine’s military intelligence agency")
    t_ids: dict[str, str] = {}
    events = 0
    for line in read_exact(anns[0]).splitlines():
        if line.startswith("T"):
            match = T_LINE.match(line)
            assert match, line
            t_id, label, offsets, written = match.groups()
            assert label in ("Source", "Cue", "Content", "Attribution", "Attribution-no-source"), line
            pieces = [text[int(s):int(e)] for s, e in (pair.split() for pair in offsets.split(";"))]
            assert written == " ".join(pieces), line
            assert t_id not in t_ids
            t_ids[t_id] = label
        elif line.startswith("E"):
            match = E_LINE.match(line)
            assert match, line
            _, trigger, trigger_id, roles = match.groups()
            assert t_ids.get(trigger_id) == trigger, line
            for role in roles.split():
                name, t_id = role.split(":")
                assert t_id in t_ids, line  # every argument is a T-line written before
                assert t_ids[t_id] == name.rstrip("0123456789"), line
            events += 1
        else:
            pytest.fail(f"unexpected .ann line {line!r}")
    assert events == sum(len(r["claims"]) for r in records)  # one E-line per claim


def test_export_brat_has_the_refer_claim(runner: CliRunner, seed_db_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    run(runner, "export", "--db", str(seed_db_copy), "--format", "brat", str(out))
    (ann,) = (out / "attributions").glob("*.ann")
    lines = read_exact(ann).splitlines()
    assert any(line.endswith("\tKremlin spokesman Dmitry Peskov") and "\tSource " in line for line in lines)
    assert any(line.endswith("\tthe Russian Ministry of Defense") and "\tContent " in line for line in lines)


def test_export_brat_needs_a_folder(runner: CliRunner, seed_db_copy: Path) -> None:
    result = run(runner, "export", "--db", str(seed_db_copy), "--format", "brat", status=2)
    assert "needs a folder" in result.stderr


# -- eval attribution ------------------------------------------------------------------------------

TINY_TEXT = ("The ministry said that the bridge had reopened.\n"
             "“We are ready to reopen the clinics,” the minister told reporters.\n")
# offsets counted by hand: line 1 is 48 characters with its newline
TINY_ANN = ("T1\tSource 0 12\tThe ministry\n"
            "T2\tCue 13 17\tsaid\n"
            "T3\tContent 23 46\tthe bridge had reopened\n"
            "T4\tAttribution 13 17\tsaid\n"
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
            "T5\tContent 49 83\tWe are ready to reopen the clinics\n"
            "T6\tSource 86 98\tthe minister\n"
            "T7\tCue 99 103\ttold\n"
            "T8\tAttribution 99 103\ttold\n"
            "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6\n")


@pytest.fixture
def tiny_brat(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "tiny.txt").write_text(TINY_TEXT, encoding="utf-8", newline="")
    (folder / "attributions" / "tiny.ann").write_text(TINY_ANN, encoding="utf-8", newline="")
    return folder


def test_tiny_gold_offsets_are_right() -> None:
    for line in TINY_ANN.splitlines():
        if line.startswith("T"):
            _, label_offsets, text = line.split("\t")
            _, start, end = label_offsets.split()
            assert TINY_TEXT[int(start):int(end)] == text, line


def test_eval_attribution_text(runner: CliRunner, tiny_brat: Path) -> None:
    result = run(runner, "eval", "attribution", "--brat", str(tiny_brat))
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{tiny_brat}: 1 documents, 2 gold, ")
    measures = lines[1:]
    assert [line.split()[0] for line in measures] == ["content_overlap", "content_exact", "attribution", "cue"]
    for line in measures:
        assert re.fullmatch(r"\s+\w+\s+P \d\.\d{3}\s+R \d\.\d{3}\s+F1 \d\.\d{3}", line), line


def test_eval_attribution_json(runner: CliRunner, tiny_brat: Path) -> None:
    result = run(runner, "eval", "attribution", "--brat", str(tiny_brat), "--json")
    scores = json.loads(result.stdout)
    assert scores["docs"] == 1 and scores["gold"] == 2
    assert scores["offset_mismatches"] == 0 and scores["crashes"] == []
    assert scores["system"] == 2
    for measure in ("content_overlap", "content_exact", "attribution", "cue"):
        matched = scores[f"{measure}_matched"]
        precision, recall = matched / scores["system"], matched / scores["gold"]
        assert scores[f"{measure}_precision"] == pytest.approx(precision), measure
        assert scores[f"{measure}_recall"] == pytest.approx(recall), measure
        f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
        assert scores[f"{measure}_f1"] == pytest.approx(f1, abs=1e-3), measure
    # two plain sentences: one indirect claim and one direct quote, each found with its source and cue,
    # and each content overlapping the gold's
    for measure in ("content_overlap", "attribution", "cue"):
        assert scores[f"{measure}_matched"] == 2, measure


def test_eval_attribution_needs_an_existing_folder(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "eval", "attribution", "--brat", str(tmp_path / "nowhere"), status=2)


def test_eval_attribution_on_the_seed_gold(runner: CliRunner) -> None:
    if not SEED_BRAT.is_dir():
        pytest.skip(f"no seed brat gold at {SEED_BRAT}")
    result = run(runner, "eval", "attribution", "--brat", str(SEED_BRAT), "--json")
    scores = json.loads(result.stdout)
    assert scores["docs"] == 1 and scores["gold"] == 29
    assert scores["crashes"] == []
    assert scores["attribution_f1"] >= 0.95, scores
