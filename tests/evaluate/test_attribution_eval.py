"""The brat (PolNeAR) reader, the attribution scorer and the brat export, on hand-checked documents."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsledger.evaluate.attribution import (
    BratDoc,
    GoldAttribution,
    errors_of,
    normalise,
    read_brat,
    score,
)
from newsledger.formats.brat import fragments_of, safe_name, write_brat
from newsledger.ledger import Ledger
from newsledger.model import Span

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
SEED_BRAT = EVAL / "seed-brat"
POLNEAR = EVAL / "polnear"


@dataclass
class Sys:
    """Stands in for extract.claims.Claim, which is written elsewhere."""

    source: Span | None
    cue: Span | None
    content: list[Span] = field(default_factory=list)


def span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)


def write_doc(folder: Path, name: str, text: str, ann: str | None, annotator: str = "a1") -> None:
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "attributions").mkdir(parents=True, exist_ok=True)
    (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
    if ann is not None:
        (folder / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8", newline="")


# -- two scored documents ------------------------------------------------------

TEXT1 = ('Smith said "taxes will rise." Jones told reporters that the plan failed.\n'
         "The budget is fine, officials said. According to aides, he will resign.\n")
ANN1 = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 29\t"taxes will rise."
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tSource 30 35\tJones
T6\tCue 36 40\ttold
T7\tContent 56 71\tthe plan failed
T8\tAttribution 36 40\ttold
E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7
T9\tContent 73 91\tThe budget is fine
T10\tSource 93 102\tofficials
T11\tCue 103 107\tsaid
T12\tAttribution 103 107\tsaid
E3\tAttribution:T12 Content:T9 Cue:T11 Source:T10
T13\tCue 109 121\tAccording to
T14\tSource 122 127\taides
T15\tContent 129 143\the will resign
T16\tAttribution 109 121\tAccording to
E4\tAttribution:T16 Cue:T13 Source:T14 Content:T15
"""

TEXT2 = '"We won," the mayor said, "and we will win again."\nA recount is expected.\n'
ANN2 = """T1\tContent 1 8;27 49\tWe won, and we will win again.
T2\tSource 10 19\tthe mayor
T3\tCue 20 24\tsaid
T4\tAttribution 20 24\tsaid
E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2
T5\tContent 51 60\tA recount
T6\tCue 61 72\tis expected
T7\tAttribution-no-source 61 72\tis expected
E2\tAttribution-no-source:T7 Content:T5 Cue:T6
"""


def predictions() -> dict[str, list[Sys]]:
    t1, t2 = TEXT1, TEXT2
    return {
        "one": [
            Sys(span(t1, 0, 5), span(t1, 6, 10), [span(t1, 12, 27)]),  # all right, quotes left out
            Sys(span(t1, 41, 50), span(t1, 36, 40), [span(t1, 51, 72)]),  # wrong source, content too long
            Sys(None, span(t1, 103, 107), [span(t1, 73, 86)]),  # source missed, content too short
            Sys(span(t1, 122, 127), span(t1, 109, 121), []),  # a non-answer: it can match on cue only
        ],
        "two": [
            Sys(span(t2, 10, 19), span(t2, 20, 24), [span(t2, 1, 7)]),  # first half of the quote
            Sys(span(t2, 10, 19), span(t2, 20, 24), [span(t2, 27, 49)]),  # second half: one of the two is spurious
            Sys(None, span(t2, 61, 72), [span(t2, 51, 60)]),  # no source on either side: a match
        ],
    }


@pytest.fixture
def scored(tmp_path: Path) -> list[BratDoc]:
    write_doc(tmp_path, "one", TEXT1, ANN1)
    write_doc(tmp_path, "two", TEXT2, ANN2)
    return read_brat(tmp_path)


def test_reads_both_documents_without_mismatches(scored: list[BratDoc]) -> None:
    assert [d.id for d in scored] == ["one", "two"]
    assert [len(d.attributions) for d in scored] == [4, 2]
    assert all(d.offset_mismatches == 0 and d.notes == [] for d in scored)
    mayor = scored[1].attributions[0]
    assert [s.text for s in mayor.content] == ["We won,", "and we will win again."]
    assert [s.text for s in mayor.source] == ["the mayor"]
    recount = scored[1].attributions[1]
    assert recount.label == "Attribution-no-source" and recount.source == []


def test_figures(scored: list[BratDoc]) -> None:
    figures = score(scored, predictions())
    assert figures["gold"] == 6 and figures["system"] == 7
    # content overlap: Smith, Jones, officials (doc one); the mayor (one half), the recount (doc two)
    assert figures["content_overlap_matched"] == 5
    assert figures["content_overlap_precision"] == round(5 / 7, 4)
    assert figures["content_overlap_recall"] == round(5 / 6, 4)
    assert figures["content_overlap_f1"] == round(10 / 13, 4)
    # exact: Smith (quotes and full stop stripped) and the recount; both halves of the mayor fall short
    assert figures["content_exact_matched"] == 2
    assert figures["content_exact_precision"] == round(2 / 7, 4)
    assert figures["content_exact_recall"] == round(2 / 6, 4)
    assert figures["content_exact_f1"] == round(4 / 13, 4)
    # attribution: Smith, the mayor, the recount (no source on either side)
    assert figures["attribution_matched"] == 3
    assert figures["attribution_precision"] == round(3 / 7, 4)
    assert figures["attribution_recall"] == round(3 / 6, 4)
    assert figures["attribution_f1"] == round(6 / 13, 4)
    # cue: every gold cue found once; the mayor's second "said" is spurious
    assert figures["cue_matched"] == 6
    assert figures["cue_precision"] == round(6 / 7, 4)
    assert figures["cue_recall"] == 1.0
    assert figures["cue_f1"] == round(12 / 13, 4)


def test_predictions_as_a_list_in_document_order(scored: list[BratDoc]) -> None:
    by_id = predictions()
    assert score(scored, [by_id["one"], by_id["two"]]) == score(scored, by_id)
    with pytest.raises(ValueError):
        score(scored, [by_id["one"]])


def test_errors(scored: list[BratDoc]) -> None:
    errors = errors_of(scored[0], predictions()["one"])
    assert [(e["kind"], e["start"]) for e in errors] == [
        ("wrong_source", 56), ("wrong_source", 73), ("spurious", 109), ("missed", 129)]
    assert errors[0]["gold"]["source"] == "Jones" and errors[0]["system"]["source"] == "reporters"
    assert errors[1]["system"]["source"] is None
    assert "[the plan failed]" in errors[0]["context"]
    assert errors[3]["gold"]["content"] == "he will resign"
    two = errors_of(scored[1], predictions()["two"])
    assert [e["kind"] for e in two] == ["spurious"]


def test_nothing_predicted_and_nothing_gold() -> None:
    doc = BratDoc("empty", "Nothing here.", [])
    assert score([doc], [[]])["content_overlap_f1"] == 0.0
    gold = GoldAttribution("E1", "Attribution", [], [Span("Nothing", 0, 7)], [Span("here", 8, 12)])
    figures = score([BratDoc("d", "Nothing here.", [gold])], [[]])
    assert (figures["gold"], figures["system"], figures["cue_recall"]) == (1, 0, 0.0)


def test_matching_is_maximum_not_greedy() -> None:
    # X overlaps A most (5 characters) but is the only candidate for B; Y fits only A.
    text = "a" * 30
    gold = [GoldAttribution("A", "Attribution", [], [], [span(text, 0, 10)]),
            GoldAttribution("B", "Attribution", [], [], [span(text, 8, 20)])]
    system = [Sys(None, None, [span(text, 5, 12)]), Sys(None, None, [span(text, 0, 3)])]
    figures = score([BratDoc("d", text, gold)], [system])
    assert figures["content_overlap_matched"] == 2
    assert figures["attribution_matched"] == 2  # no source on either side


def test_normalise_strips_every_kind_of_quote_and_punctuation() -> None:
    assert normalise([Span("“Taxes will rise.”", 0, 18)]) == "Taxes will rise"
    assert normalise([Span(" ‘it’s fine,’ ", 0, 14)]) == "it’s fine"
    assert normalise([Span("'no'", 0, 4), Span('"more" ', 5, 12)]) == "no more"
    assert normalise([Span("…", 0, 1)]) == ""


# -- reading oddities ---------------------------------------------------------

ODD = "Critics say the plan\nwill fail, and costs will soar.\n"
ODD_GOLD = """T1\tSource 0 7\tCritics
T2\tCue 8 11\tsay
T3\tContent 12 30\tthe plan
will fail
T4\tContent 36 51\tcosts will soar
stray words
T5\tAttribution 8 11\tsay
#1\tAnnotatorNotes T5\tcheck this
E1\tAttribution:T5 Source:T1 Content:T3 Cue:T2 Content2:T4
T6\tDiscard 0 7\tCritics
T7\tAttribution-no-source 8 11\tsay
E2\tAttribution-no-source:T7 
T8\tCue 8 11\tSAY
E3\tAttribution:T7 Cue:T8 Content:T99
"""
ODD_OTHER = "T1\tCue 8 11\tsay\nT2\tAttribution 8 11\tsay\nE1\tAttribution:T2 Cue:T1\n"


def test_reader_oddities(tmp_path: Path) -> None:
    split = tmp_path / "train"
    write_doc(split, "odd", ODD, ODD_GOLD, "a1")
    write_doc(split, "odd", ODD, ODD_OTHER, "b2")
    cue_only = "T1\tCue 2 6\tsaid\nT2\tAttribution 2 6\tsaid\nE1\tAttribution:T2 Cue:T1\n"
    write_doc(split, "odd_x", "X said y.", cue_only)
    write_doc(split, "lonely", "Not annotated.", None)
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\ntrain\todd\tnyt\t2016-04-18\n", encoding="utf-8")
    docs = read_brat(split)
    assert [d.id for d in docs] == ["odd", "odd_x"]  # odd_x_a1.ann is odd_x's, not odd's; lonely has none
    odd = docs[0]
    assert odd.path.endswith("odd_a1.ann") and odd.annotators == ["a1", "b2"]
    assert (odd.published, odd.publisher) == ("2016-04-18", "nyt")
    assert docs[1].published is None
    first, third = odd.attributions
    # a continuation line, and a repeated role (Content2)
    assert [s.text for s in first.content] == ["the plan\nwill fail", "costs will soar"]
    assert [s.text for s in first.source] == ["Critics"]
    assert third.id == "E3" and [s.text for s in third.cue] == ["say"] and third.content == []
    assert odd.offset_mismatches == 1  # T8 says "SAY"
    notes = "\n".join(odd.notes)
    assert "2 annotators; gold is odd_a1.ann" in notes
    assert "T8: .ann text 'SAY'" in notes
    assert "E2: no cue and no content" in notes
    assert "E3: Content points at unknown 'T99'" in notes
    assert "E3: Attribution without a Source role" in notes
    assert "line 6: not a brat annotation: 'stray words'" in notes  # T4's text was already whole
    assert len(odd.notes) == 6


def test_flat_folder_and_bad_offsets(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("He said no.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text(
        "T1\tCue 3 7\tsaid\nT2\tContent 8 99\tno\nT3\tContent 8 10\tno\n"
        "T4\tAttribution 3 7\tsaid\nE1\tAttribution:T4 Cue:T1 Content:T2 Content:T3\nR1\tRel Arg1:T1 Arg2:T3\n",
        encoding="utf-8")
    (doc,) = read_brat(tmp_path)
    assert doc.annotators == ["-"]
    (attribution,) = doc.attributions
    assert [s.text for s in attribution.content] == ["no"]  # T2 runs past the text: noted, left out
    assert doc.offset_mismatches == 1
    assert any("unreadable offsets" in n for n in doc.notes) and any("R-line ignored" in n for n in doc.notes)


# -- export round trip ---------------------------------------------------------

ITEM_TEXT = ('Photo: AP\r\nThe minister said the deal "is dead,\nfinished" on Monday. '
             "It was later reported that talks resumed.\n")


def _insert(ledger: Ledger, table: str, values: dict[str, object]) -> None:
    names = ", ".join(f'"{n}"' for n in values)
    ledger.store.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(values))})",
                              tuple(values.values()))


def _ledger_with_claims(path: Path, pieces: bool) -> tuple[Ledger, str]:
    """Two items, one article, two claims stored by hand; with ``pieces``, the minister's content is in two
    pieces ("the deal" and the quote), else one span over both."""
    ledger = Ledger(path)
    text = ITEM_TEXT
    article_start = text.index("The minister")
    _insert(ledger, "items", {"id": "item1", "source": "../feeds/wire news/2024 #1.txt", "path": "x",
                              "format": "text", "text": text, "ingested_at": "2024-01-01"})
    _insert(ledger, "articles", {"id": "art1", "item_id": "item1", "seq": 0, "start": article_start,
                                 "end": len(text), "truncated": 0, "text": text[article_start:]})
    _insert(ledger, "items", {"id": "item2", "source": "quiet.txt", "path": "x", "format": "text",
                              "text": "Nothing said here.", "ingested_at": "2024-01-01"})

    def at(phrase: str) -> tuple[int, int]:
        start = text.index(phrase)
        return start, start + len(phrase)

    quote = at('the deal "is dead,\nfinished"')
    rows = [  # stored out of text order on purpose
        ("c2", None, at("reported"), [at("talks resumed")]),
        ("c1", at("The minister"), at("said"), [at("the deal"), at('"is dead,\nfinished"')] if pieces else [quote]),
    ]
    for claim_id, source, cue, content in rows:
        spans = [s for s in (source, cue, *content) if s]
        values: dict[str, object] = {
            "id": claim_id, "article_id": "art1", "start": min(s for s, _ in spans), "end": max(e for _, e in spans),
            "anonymous": 0, "content_spans": json.dumps([list(p) for p in content]), "kind": "indirect",
            "stance": "assert", "confidence": 0.8, "sentence_start": article_start, "sentence_end": len(text)}
        for role, where in (("source", source), ("cue", cue), ("content", (content[0][0], content[-1][1]))):
            start, end = where or (None, None)
            values.update({f"{role}_start": start, f"{role}_end": end,
                           f"{role}_text": None if start is None else text[start:end]})
        _insert(ledger, "claims", values)
    return ledger, text


@pytest.mark.parametrize("pieces", [False, True])
def test_write_brat_round_trip(tmp_path: Path, pieces: bool) -> None:
    ledger, text = _ledger_with_claims(tmp_path / "ledger.db", pieces)
    out = tmp_path / "brat"
    assert write_brat(ledger, out) == 2
    name = "feeds_wire_news_2024_1"
    assert sorted(p.name for p in (out / "text").iterdir()) == [f"{name}.txt", "quiet.txt"]
    assert (out / "text" / f"{name}.txt").read_bytes() == text.encode("utf-8")  # \r\n kept
    assert (out / "attributions" / "quiet.ann").read_text(encoding="utf-8") == ""

    docs = read_brat(out)
    doc = next(d for d in docs if d.id == name)
    assert doc.offset_mismatches == 0 and doc.notes == [] and doc.text == text
    minister, reported = doc.attributions
    assert [s.text for s in minister.source] == ["The minister"]
    assert [s.text for s in minister.cue] == ["said"]
    # the quote runs over a line break: one fragment per line, as brat writes it
    expected = ["the deal", '"is dead,', 'finished"'] if pieces else ['the deal "is dead,', 'finished"']
    assert [s.text for s in minister.content] == expected
    assert reported.label == "Attribution-no-source" and reported.source == []
    assert [s.text for s in reported.cue] == ["reported"]
    assert [s.text for s in reported.content] == ["talks resumed"]

    lines = (out / "attributions" / f"{name}.ann").read_text(encoding="utf-8").splitlines()
    events = [line for line in lines if line.startswith("E")]
    if pieces:
        assert events == ["E1\tAttribution:T5 Content:T3 Content2:T4 Cue:T2 Source:T1",
                          "E2\tAttribution-no-source:T8 Content:T7 Cue:T6"]
    else:
        assert events == ["E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
                          "E2\tAttribution-no-source:T7 Content:T6 Cue:T5"]
    first_attribution = next(line for line in lines if line.startswith("T") and "\tAttribution " in line)
    start, end = text.index("The minister"), text.index('finished"') + len('finished"')
    newline = text.index("\n", start)
    assert first_attribution.split("\t")[1] == f"Attribution {start} {newline};{newline + 1} {end}"
    assert all(re.fullmatch(r"[TE]\d+\t.*", line) for line in lines)
    ledger.close()


def test_write_brat_flat_for_brat_itself(tmp_path: Path) -> None:
    ledger, _ = _ledger_with_claims(tmp_path / "ledger.db", False)
    assert write_brat(ledger, tmp_path / "flat", flat=True) == 2
    assert (tmp_path / "flat" / "annotation.conf").is_file()
    assert {d.id: len(d.attributions) for d in read_brat(tmp_path / "flat")} == {
        "feeds_wire_news_2024_1": 2, "quiet": 0}
    ledger.close()


def test_safe_names_and_fragments() -> None:
    assert safe_name("../shared/seed/000_7b.txt", "abc") == "shared_seed_000_7b"
    assert safe_name("feed.jsonl:12", "abc") == "feed.jsonl_12"
    assert safe_name("../..", "abc") == "abc"
    text = "ab\r\ncd\n\nef"
    assert fragments_of(text, 0, len(text)) == [(0, 2), (4, 6), (8, 10)]
    assert fragments_of(text, 2, 4) == [] and fragments_of(text, 5, 50) == []


# -- the real data -------------------------------------------------------------


def _t_lines(path: Path) -> list[tuple[str, list[tuple[int, int]], str]]:
    result = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            _, label_offsets, t_text = line.split("\t")
            offsets = label_offsets.split(" ", 1)[1]
            result.append((line, [tuple(map(int, f.split())) for f in offsets.split(";")], t_text))
    return result


def test_seed_brat() -> None:
    if not SEED_BRAT.is_dir():
        pytest.skip(f"no seed brat gold at {SEED_BRAT}")
    (doc,) = read_brat(SEED_BRAT)
    assert len(doc.attributions) == 29
    assert doc.offset_mismatches == 0 and doc.notes == []
    assert all(a.cue and a.content and a.source for a in doc.attributions)
    t_lines = _t_lines(SEED_BRAT / "attributions" / "seed.ann")
    assert t_lines
    for line, fragments, t_text in t_lines:
        assert " ".join(doc.text[s:e] for s, e in fragments) == t_text, line


def test_polnear_counts() -> None:
    if not (POLNEAR / "train" / "text").is_dir():
        pytest.skip(f"no PolNeAR at {POLNEAR}")
    train, dev = read_brat(POLNEAR / "train"), read_brat(POLNEAR / "dev")
    assert (len(train), len(dev)) == (840, 84)
    assert sum(len(d.attributions) for d in train) == 19834
    assert sum(len(d.attributions) for d in dev) == 2192
    assert sum(d.offset_mismatches for d in train + dev) == 0
    assert all(d.published for d in train + dev)


# -- with the extractor ------------------------------------------------------


def test_evaluate_brat_on_hand_written_gold(tmp_path: Path) -> None:
    from newsledger.evaluate.attribution import evaluate_brat, predict

    write_doc(tmp_path, "one", TEXT1, ANN1)
    result = evaluate_brat(tmp_path)
    assert (result["docs"], result["gold"]) == (1, 4)
    assert result["crashes"] == []
    # four plain attributions (said, told, "officials said", "According to"): each found with its source,
    # cue and content
    assert result["system"] == 4
    for name in ("content_overlap", "attribution", "cue"):
        assert (result[f"{name}_matched"], result[f"{name}_f1"]) == (4, 1.0), name
    # the extractor keeps the leading "that" of "that the plan failed", as PolNeAR's annotators do; this
    # gold leaves it out, so three of the four contents are exact
    assert (result["content_exact_matched"], result["content_exact_f1"]) == (3, 0.75)
    assert result["error_counts"] == {} and result["errors"] == []
    docs = read_brat(tmp_path)
    predictions, crashes = predict(docs)
    assert crashes == [] and {k: result[k] for k in score(docs, predictions)} == score(docs, predictions)


def test_evaluate_brat_on_seed() -> None:
    if not SEED_BRAT.is_dir():
        pytest.skip(f"no seed brat gold at {SEED_BRAT}")
    from newsledger.evaluate.attribution import evaluate_brat

    result = evaluate_brat(SEED_BRAT)
    assert (result["docs"], result["gold"], result["offset_mismatches"]) == (1, 29, 0)
    assert result["system"] > 0 and result["crashes"] == []
    assert len(result["errors"]) == min(300, sum(result["error_counts"].values()))  # the first 300 are listed
    # every gold attribution not matched is a missed error, every claim not matched a spurious one
    assert result["error_counts"].get("missed", 0) == result["gold"] - result["content_overlap_matched"]
    assert result["error_counts"].get("spurious", 0) == result["system"] - result["content_overlap_matched"]
    for error in result["errors"]:
        assert error["kind"] in {"missed", "spurious", "wrong_source"} and "[" in error["context"]
