"""``eval events --case FILE.tsv``: CASE 2021 task 2 gold, each snippet's main event as ingest stores it.

The scorer is checked on made-up gold and predictions whose figures are worked out by hand; the
command on a TSV of sentences written here (two or more per class), against what ``ingest`` + ``export``
store for the same sentences; its text and its JSON against each other; bad gold files against one
line each, before anything is ingested. The CASE dev set runs when ``../shared`` is there.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import export_records
from conftest import run_cli as run
from newsledger.evaluate.events import CLASSES, SHORT, TARGETS, GoldError, Prediction, read_case, score
from newsledger.extract.events import cue_book
from newsledger.ledger import Ledger

CASE_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "case2021-events" / "dev.tsv"
KINDS = cue_book().kinds

#: (id, CASE code, snippet): sentences written for these tests, two or more per event type.
SNIPPETS = [
    ("bat-1", "ARMED_CLASH", "Government troops and rebel fighters clashed for several hours near the northern town "
                             "of Ketra on Sunday, leaving at least nine fighters dead."),
    ("bat-2", "GOV_REGAINS_TERIT", "The army said it had recaptured the village of Osra from insurgents after a "
                                   "two-day offensive."),
    ("exp-1", "AIR_STRIKE", "Warplanes struck a market in the eastern district on Friday, killing four people, "
                            "residents said."),
    ("exp-2", "REM_EXPLOS", "A roadside bomb exploded under a police patrol vehicle outside the city, wounding three "
                            "officers."),
    ("vac-1", "ABDUCT_DISSAP", "Gunmen abducted twelve farmers from their fields in the south of the province, local "
                               "officials said."),
    ("vac-2", "ATTACK", "Armed men attacked villagers in their homes overnight, killing five civilians."),
    ("pro-1", "PEACE_PROTEST", "Hundreds of teachers marched peacefully to parliament on Tuesday to demand higher "
                               "wages."),
    ("pro-2", "FORCE_AGAINST_PROTEST", "Police fired live rounds at demonstrators in the capital, killing two "
                                       "protesters, witnesses said."),
    ("rio-1", "VIOL_DEMONSTR", "Protesters hurled stones at police and set tyres on fire during a demonstration "
                               "against fuel prices."),
    ("rio-2", "MOB_VIOL", "An angry mob beat a suspected thief to death in the market on Monday."),
    ("str-1", "ARREST", "Police arrested the opposition leader at his home on Wednesday, his party said."),
    ("str-2", "AGREEMENT", "The two warring factions signed a ceasefire agreement in the capital on Thursday."),
    ("non-1", "NATURAL_DISASTER", "A strong earthquake shook the coastal region on Saturday, damaging hundreds of "
                                  "houses."),
    ("non-2", "ORG_CRIME", "Drug traffickers smuggled two tonnes of cocaine through the port, customs officials said."),
    ("non-3", "DIPLO", "The foreign minister met his counterpart in Geneva to discuss trade and visas."),
    ("non-4", "MAN_MADE_DISASTER", "A fire at a textile factory killed eleven workers after the exits were locked."),
    ("quoted", "PEACE_PROTEST", 'Students chanted "free education" as they marched through the city centre on '
                                "Friday."),
    # one text under two golds of different types: whatever is predicted, one of them is a wrong type
    ("twin-1", "ARMED_CLASH", "The weather was mild \x1b[2J and the shops stayed open late."),
    ("twin-2", "NATURAL_DISASTER", "The weather was mild \x1b[2J and the shops stayed open late."),
]


def write_case(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A TSV as CASE 2021 writes it: a header, tab-separated, quotes doubled inside a quoted field."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "EventSnippet", "SubType"])
        writer.writerows((key, text, code) for key, code, text in rows)
    return path


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The hand TSV, its ``--json --errors 100`` result, its text output, and what ingest + export store."""
    folder = tmp_path_factory.mktemp("case")
    path = write_case(folder / "hand.tsv", SNIPPETS)
    runner = CliRunner()
    args = ("eval", "events", "--case", str(path), "--errors", "100")
    result = json.loads(run(runner, *args, "--json").stdout)
    text = run(runner, *args).stdout
    jsonl = folder / "hand.jsonl"
    jsonl.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, _, t in SNIPPETS), encoding="utf-8")
    run(runner, "ingest", str(jsonl), "--db", str(folder / "hand.db"), "--quiet")
    stored = {r["item"]: r["events"] for r in export_records(runner, folder / "hand.db")}
    return {"path": path, "json": result, "text": text, "stored": stored}


# -- the scorer on made-up pairs ------------------------------------------------------------------------


def predicted(type_: str, sub_type: str | None = None) -> Prediction:
    return Prediction(type_, sub_type, "words" if sub_type else None)


def test_scores_worked_out_by_hand() -> None:
    gold = [KINDS[c] for c in ("ARMED_CLASH", "ARMED_CLASH", "AIR_STRIKE", "PEACE_PROTEST", "NATURAL_DISASTER",
                               "DIPLO", "DIPLO", "ARREST")]
    guesses = [
        predicted("Battles", "Armed clash"),  # right
        predicted("Battles", "Government regains territory"),  # right type, wrong sub-type
        predicted("Battles", "Armed clash"),  # wrong type
        predicted("Protests", "Peaceful protest"),  # right
        predicted("none"),  # right: no event is "none"
        predicted("none", "Diplomatic event"),  # right, and the right kind
        predicted("Protests", "Peaceful protest"),  # wrong type
        predicted("Strategic developments", "Arrests"),  # right
    ]
    result = score(gold, guesses)
    assert result["snippets"] == 8 and result["type_right"] == 6
    assert result["type_accuracy"] == 0.75
    classes = result["per_class"]
    # Battles: 3 predicted, 2 right, 2 gold -> P 2/3, R 1, F1 0.8
    assert classes["Battles"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "support": 2, "predicted": 3}
    # Explosions: 1 gold, never predicted -> 0; Protests: 2 predicted, 1 right, 1 gold -> F1 2/3
    assert classes["Explosions/Remote violence"]["f1"] == 0.0
    assert classes["Protests"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1, "predicted": 2}
    # none: 3 gold, 2 predicted, 2 right -> P 1, R 2/3, F1 0.8; Strategic developments: 1/1 -> 1
    assert classes["none"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8, "support": 3, "predicted": 2}
    assert classes["Strategic developments"]["f1"] == 1.0
    # nobody saw Violence against civilians or Riots: the macro average is over the other five classes
    assert result["macro_f1_classes"] == ["Battles", "Explosions/Remote violence", "Protests",
                                          "Strategic developments", "none"]
    assert result["type_macro_f1"] == round((0.8 + 0 + 2 / 3 + 1 + 0.8) / 5, 4)
    counts = result["confusion"]["counts"]
    assert result["confusion"]["classes"] == list(CLASSES)
    row = {c: dict(zip(CLASSES, counts[i])) for i, c in enumerate(CLASSES)}
    assert row["Battles"]["Battles"] == 2 and row["Explosions/Remote violence"]["Battles"] == 1
    assert row["none"] == {**dict.fromkeys(CLASSES, 0), "none": 2, "Protests": 1}
    assert sum(map(sum, counts)) == 8
    # ACLED gold: 5 snippets, the type and sub-type both right for 3 (the air strike's type is wrong)
    assert (result["acled_snippets"], result["sub_type_right"], result["sub_type_accuracy"]) == (5, 3, 0.6)
    assert (result["none_snippets"], result["none_right"], result["none_recall"]) == (3, 2, 0.6667)
    diplo = result["none_per_kind"]["Diplomatic event"]
    assert diplo == {"code": "DIPLO", "support": 2, "none": 1, "recall": 0.5, "kind_right": 1}
    disaster = result["none_per_kind"]["Natural disaster"]
    assert (disaster["recall"], disaster["kind_right"]) == (1.0, 0)  # "none" with no event is not the kind
    assert result["none_per_kind"]["Organised crime"]["support"] == 0
    assert {name: t["met"] for name, t in result["targets"].items()} == dict.fromkeys(TARGETS, False)


def test_a_figure_equal_to_its_target_meets_it() -> None:
    """17 of 20 right is 0.85, the accuracy target itself."""
    gold = [KINDS["ARREST"]] * 20
    guesses = [predicted("Strategic developments", "Arrests")] * 17 + [predicted("none")] * 3
    result = score(gold, guesses)
    assert result["type_accuracy"] == TARGETS["type_accuracy"]
    assert result["targets"]["type_accuracy"] == {"target": 0.85, "value": 0.85, "met": True}
    assert result["targets"]["none_recall"]["met"] is False  # no "none" gold: 0, not met


def test_score_needs_one_prediction_per_snippet() -> None:
    with pytest.raises(ValueError, match="1 predictions for 2"):
        score([KINDS["ARREST"], KINDS["DIPLO"]], [predicted("none")])


# -- reading the TSV --------------------------------------------------------------------------------------


def test_quoted_snippets_read_as_csv_writes_them(tmp_path: Path) -> None:
    rows = [("q1", "PEACE_PROTEST", 'Nurses held signs reading "fair pay now" outside the ministry.'),
            ("q2", "DIPLO", '"We will talk again," the envoy said after the meeting.')]
    path = write_case(tmp_path / "q.tsv", rows)
    assert '""fair pay now""' in path.read_text(encoding="utf-8")  # the file doubles them
    snippets = read_case(path)
    assert [(s.id, s.text, s.kind.code, s.line) for s in snippets] == [(k, t, c, n) for n, (k, c, t) in
                                                                        enumerate(rows, start=2)]
    assert snippets[1].kind.type == "none" and snippets[0].kind.sub_type == "Peaceful protest"


def test_a_quote_inside_an_unquoted_snippet_stays(tmp_path: Path) -> None:
    path = tmp_path / "q.tsv"
    path.write_text('id\tEventSnippet\tSubType\n7\tThe 5" shells fell short.\tART_MISS_ATTACK\n', encoding="utf-8")
    (snippet,) = read_case(path)
    assert snippet.text == 'The 5" shells fell short.'


BAD = [
    ("", "empty file"),
    ("id\tEventSnippet\n1\tPolice arrested two men.\n", "bad.tsv:1: no column SubType"),
    ("id\tEventSnippet\tSubType\n", "bad.tsv:1: no snippets"),
    ("id\tEventSnippet\tSubType\n1\tPolice arrested two men.\tARREST\n2\tRiot police charged.\tRIOTING\n",
     "bad.tsv:3: SubType 'RIOTING' is not a CASE 2021 code"),
    ("id\tEventSnippet\tSubType\n1\tPolice arrested two men.\tARREST\n\n1\tThe envoys met.\tDIPLO\n",
     "bad.tsv:4: id '1' again (first on line 2)"),
    ("id\tEventSnippet\tSubType\n1\tPolice arrested two men.\n", "bad.tsv:2: 2 fields, the header has 3"),
    ("id\tEventSnippet\tSubType\n1\tPolice arrested\ttwo men.\tARREST\n", "bad.tsv:2: 4 fields, the header has 3"),
    ("id\tEventSnippet\tSubType\n1\t \tARREST\n", "bad.tsv:2: empty EventSnippet"),
    ("id\tEventSnippet\tSubType\n\tPolice arrested two men.\tARREST\n", "bad.tsv:2: empty id"),
    ('id\tEventSnippet\tSubType\n1\t"Police arrested two men.\tARREST\n2\tThe envoys met.\tDIPLO\n',
     "bad.tsv:2: a quote opened on this line is never closed"),
    ('id\tEventSnippet\tSubType\n1\t"Police arrested\ntwo men."\tARREST\n2\tThe envoys met.\tDIPLO\n',
     "bad.tsv:2: a quoted field runs on to line 3"),
    ('id\tEventSnippet\tSubType\n1\t"Police" arrested two men.\tARREST\n', "bad.tsv:2: not a TSV row"),
]


@pytest.mark.parametrize("content, problem", BAD)
def test_a_bad_gold_file_is_one_line_and_nothing_is_ingested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, problem: str
) -> None:
    ingested: list[Any] = []
    monkeypatch.setattr(Ledger, "ingest", lambda self, *args, **kwargs: ingested.append(args))
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    result = run(CliRunner(), "eval", "events", "--case", str(path), status=2)
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and problem in errors[0] and str(path) in errors[0], result.stderr
    assert result.stdout == "" and ingested == []


def test_a_file_that_is_not_utf8_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingested: list[Any] = []
    monkeypatch.setattr(Ledger, "ingest", lambda self, *args, **kwargs: ingested.append(args))
    path = tmp_path / "latin.tsv"
    path.write_bytes("id\tEventSnippet\tSubType\n1\tPolice arrested two men.\tARREST\n2\tCaf\xe9 burned.\tOTHER\n"
                     .encode("latin-1"))
    with pytest.raises(GoldError, match=r"latin\.tsv:3: not UTF-8 \(byte 0xe9\)"):
        read_case(path)
    result = run(CliRunner(), "eval", "events", "--case", str(path), status=2)
    assert result.stderr.count("\n") == 1 and "latin.tsv:3: not UTF-8" in result.stderr
    assert ingested == []


def test_a_byte_order_mark_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.tsv"
    path.write_text("\ufeffid\tEventSnippet\tSubType\r\n1\tPolice arrested two men.\tARREST\r\n\r\n"
                    "2\tThe envoys met.\tDIPLO\r\n", encoding="utf-8", newline="")
    assert [(s.id, s.text, s.kind.code, s.line) for s in read_case(path)] == [
        ("1", "Police arrested two men.", "ARREST", 2), ("2", "The envoys met.", "DIPLO", 4)]


# -- the command on the hand TSV ----------------------------------------------------------------------------


def main_event(events: list[dict[str, Any]]) -> tuple[str, str | None]:
    """(type, sub-type) of an exported article's main event; "none" and no sub-type when it has none."""
    return (events[0]["type"], events[0]["sub_type"]) if events else ("none", None)


def test_the_command_scores_what_ingest_stores(hand: dict[str, Any]) -> None:
    result, stored = hand["json"], hand["stored"]
    assert sorted(stored) == sorted(k for k, _, _ in SNIPPETS)  # one article a snippet
    assert (result["snippets"], result["unstored"], result["ingest_errors"]) == (len(SNIPPETS), 0, [])
    pairs = [(KINDS[code], main_event(stored[key])) for key, code, _ in SNIPPETS]
    right = sum(1 for gold, (type_, _) in pairs if type_ == gold.type)
    assert result["type_right"] == right and result["type_accuracy"] == round(right / len(pairs), 4)
    acled = [(gold, guess) for gold, guess in pairs if gold.acled]
    sub_right = sum(1 for gold, guess in acled if guess == (gold.type, gold.sub_type))
    assert (result["acled_snippets"], result["sub_type_right"]) == (len(acled), sub_right)
    others = [guess for gold, guess in pairs if not gold.acled]
    assert (result["none_snippets"], result["none_right"]) == (len(others), sum(g[0] == "none" for g in others))
    confusion = Counter((gold.type, type_) for gold, (type_, _) in pairs)
    assert result["confusion"]["counts"] == [[confusion[g, p] for p in CLASSES] for g in CLASSES]
    # --errors 100 lists every snippet scored wrong, wrong types before wrong sub-types
    wrong = {key for (key, _, _), (gold, guess) in zip(SNIPPETS, pairs)
             if guess[0] != gold.type or (gold.acled and guess[1] != gold.sub_type)}
    assert {e["id"] for e in result["errors"]} == wrong
    kinds = [e["wrong"] for e in result["errors"]]
    assert kinds == sorted(kinds, key=lambda k: k != "type")
    assert "twin-1" in wrong or "twin-2" in wrong


def test_text_and_json_give_the_same_figures(hand: dict[str, Any]) -> None:
    result, lines = hand["json"], hand["text"].splitlines()
    assert lines[0].startswith("CASE 2021 events: ") and f"({result['snippets']} snippets, 0 not stored)" in lines[0]
    for label, name in (("event type accuracy", "type_accuracy"), ("event type macro-F1", "type_macro_f1"),
                        ("sub-event type accuracy", "sub_type_accuracy"), ('"none" recall', "none_recall")):
        (line,) = [line for line in lines if line.strip().startswith(label)]
        target = result["targets"][name]
        verdict = "met" if target["met"] else "not met"
        assert re.search(rf"{re.escape(label)}\s+{result[name]:.3f}  target >= {target['target']:.2f}: "
                         rf"{verdict}\s", line), line
    for name in CLASSES:
        c = result["per_class"][name]
        (line,) = [line for line in lines if line.startswith(f"    {SHORT[name]}  {name} ")]
        assert line.split()[-5:] == [f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}",
                                     str(c["support"]), str(c["predicted"])]
    for kind, k in result["none_per_kind"].items():
        (line,) = [line for line in lines if line.startswith(f"    {kind} ")]
        recall = f"{k['recall']:.3f}" if k["support"] else "-"  # a kind with no snippet has no recall
        assert line.split()[-3:] == [recall, str(k["kind_right"]), str(k["support"])]
    header = lines.index("  confusion (rows gold, columns predicted)")
    assert lines[header + 1].split() == [SHORT[c] for c in CLASSES]
    for i, name in enumerate(CLASSES):
        assert lines[header + 2 + i].split() == [SHORT[name], *map(str, result["confusion"]["counts"][i])]
    assert all(f"{SHORT[c]} {c}" in lines[header + 2 + len(CLASSES)] for c in CLASSES)  # the legend
    shown = [line for line in lines if line.startswith("  wrong ")]
    assert len(shown) == len(result["errors"]) > 0
    for line, error in zip(shown, result["errors"]):
        assert line.startswith(f"  wrong {error['wrong']}: {error['id']}  gold {error['gold_type']} / ")


def test_errors_show_the_snippet_escaped_for_the_terminal(hand: dict[str, Any]) -> None:
    twins = [line for line in hand["text"].splitlines() if line.startswith("  wrong type: twin-")]
    assert twins and all("mild \\x1b[2J and" in line for line in twins)
    assert "\x1b" not in hand["text"]
    (twin,) = [e for e in hand["json"]["errors"] if e["id"] in ("twin-1", "twin-2")][:1]
    assert twin["text"] == SNIPPETS[-1][2]  # JSON keeps the text as it is (JSON escapes ESC itself)


def test_errors_are_cut_to_n_and_to_160_characters(tmp_path: Path) -> None:
    long = "The weather was mild and the shops stayed open late " * 5
    path = write_case(tmp_path / "long.tsv", [("a", "ARMED_CLASH", long), ("b", "NATURAL_DISASTER", long),
                                               ("c", "AIR_STRIKE", long)])
    runner = CliRunner()
    assert json.loads(run(runner, "eval", "events", "--case", str(path), "--json").stdout)["errors"] == []
    result = json.loads(run(runner, "eval", "events", "--case", str(path), "--json", "--errors", "1").stdout)
    (error,) = result["errors"]
    assert error["text"] == long[:160]
    assert "wrong type" not in run(runner, "eval", "events", "--case", str(path)).stdout
    assert "Invalid value" in run(runner, "eval", "events", "--case", str(path), "--errors", "-1", status=2).stderr


def test_help_says_what_it_measures_and_on_what() -> None:
    out = run(CliRunner(), "eval", "events", "--help").stdout
    assert "CASE 2021 task 2" in out and "sub-event type" in out and "--errors N" in out
    assert "events" in run(CliRunner(), "eval", "--help").stdout


# -- the CASE 2021 dev set ----------------------------------------------------------------------------------


def test_the_dev_set_is_scored_whole() -> None:
    if not CASE_DEV.is_file():
        pytest.skip(f"no CASE 2021 dev set at {CASE_DEV}")
    gold = read_case(CASE_DEV)
    assert len(gold) == 509  # every row, quoted ones included
    runner = CliRunner()
    result = json.loads(run(runner, "eval", "events", "--case", str(CASE_DEV), "--json", "--errors", "5").stdout)
    assert (result["snippets"], result["unstored"], result["ingest_errors"]) == (509, 0, [])
    supports = Counter(s.kind.type for s in gold)
    assert {c: result["per_class"][c]["support"] for c in CLASSES} == {c: supports[c] for c in CLASSES}
    assert sum(result["per_class"][c]["predicted"] for c in CLASSES) == 509
    assert sum(map(sum, result["confusion"]["counts"])) == 509
    assert result["acled_snippets"] + result["none_snippets"] == 509
    assert result["macro_f1_classes"] == list(CLASSES)
    for name in TARGETS:
        assert 0.0 <= result[name] <= 1.0
        assert result["targets"][name]["met"] == (result[name] >= TARGETS[name])
    assert len(result["errors"]) == 5
    assert sum(k["support"] for k in result["none_per_kind"].values()) == result["none_snippets"]
    text = run(runner, "eval", "events", "--case", str(CASE_DEV)).stdout
    assert f"event type accuracy      {result['type_accuracy']:.3f}  target >= 0.85: " in text
