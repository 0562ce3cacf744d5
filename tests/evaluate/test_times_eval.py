"""The TimeML / MEANTIME readers and the TempEval-3 timex scorer, on hand-checked documents."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsledger.evaluate.times import (
    GoldTimex,
    evaluate_meantime,
    evaluate_timeml,
    match,
    read_meantime,
    read_timeml,
    score,
)

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
TBAQ = EVAL / "tempeval3" / "TBAQ-cleaned"
MEANTIME = EVAL / "meantime" / "meantime_newsreader_english_oct15" / "intra-doc_annotation"


@dataclass(frozen=True)
class Sys:
    """Stands in for extract.timex.Timex, which is written elsewhere."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None


TML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="1998-02-13T14:26:00" temporalFunction="false" functionInDocument="CREATION_TIME">02/13/1998 14:26:00</TIMEX3></DCT>
<TITLE>Not text: 1999</TITLE>
<TEXT>
Talks <EVENT eid="e1" class="OCCURRENCE">ended</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-13" functionInDocument="NONE">Friday</TIMEX3> &amp; resume <SIGNAL sid="s1">in</SIGNAL> <TIMEX3 tid="t2" type="DATE" value="1998-SP" mod="START">early &quot;spring&quot;</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
</TimeML>
"""

TOKENS = [  # (sentence, word): title, dateline, an annotated sentence, one left unannotated
    (0, "Sales"), (0, "fall"),
    (1, "February"), (1, "03"), (1, ","), (1, "2009"),
    (2, "Sales"), (2, "fell"), (2, "last"), (2, "month"), (2, "&amp;"), (2, "will"), (2, "recover"), (2, "."),
    (3, "Next"), (3, "year"), (3, "."),
]

DCT_MARKABLE = """<TIMEX3 anchorTimeID="" functionInDocument="CREATION_TIME" m_id="30" type="DATE" value="2009-02-03">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>"""

OTHER_MARKABLES = """<EVENT m_id="20" pred="fall"><token_anchor t_id="8"/></EVENT>
<TIMEX3 anchorTimeID="30" functionInDocument="NONE" m_id="31" type="DATE" value="2009-01">
<token_anchor t_id="9"/><token_anchor t_id="10"/>
</TIMEX3>
<TIMEX3 TAG_DESCRIPTOR="2010" anchorTimeID="" functionInDocument="NONE" m_id="32" type="DATE" value="2010"/>"""


def _cat(markables: str) -> str:
    tokens = "\n".join(
        f'<token number="{n}" sentence="{s}" t_id="{n + 1}">{w}</token>' for n, (s, w) in enumerate(TOKENS)
    )
    return (f'<?xml version="1.0" ?>\n<Document doc_id="42" doc_name="42_Sales" lang="en" url="http://x">\n'
            f"{tokens}\n<Markables>\n{markables}\n</Markables>\n<Relations/>\n</Document>\n")


@pytest.fixture
def tml(tmp_path: Path) -> Path:
    path = tmp_path / "sub" / "T1.tml"
    path.parent.mkdir()
    path.write_text(TML, encoding="utf-8")
    return path


@pytest.fixture
def cat(tmp_path: Path) -> Path:
    path = tmp_path / "corpus_x" / "42_Sales.xml"
    path.parent.mkdir()
    path.write_text(_cat(DCT_MARKABLE + "\n" + OTHER_MARKABLES), encoding="utf-8")
    return path


# -- readers -----------------------------------------------------------------


def test_read_timeml_text_offsets_and_dct(tml: Path) -> None:
    doc = read_timeml(tml)
    assert doc.id == "T1"
    assert doc.text == '\nTalks ended Friday & resume in early "spring".\n'
    assert doc.dct == datetime.date(1998, 2, 13)
    assert doc.dct_value == "1998-02-13T14:26:00"
    assert doc.timexes == [
        GoldTimex(13, 19, "Friday", "DATE", "1998-02-13", None, "t1"),
        GoldTimex(32, 46, 'early "spring"', "DATE", "1998-SP", "START", "t2"),
    ]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)


def test_read_meantime_rebuilds_text_and_keeps_the_dateline(cat: Path) -> None:
    doc = read_meantime(cat)
    assert doc.id == "42"
    assert doc.text == "Sales fall\nFebruary 03 , 2009\nSales fell last month & will recover .\nNext year ."
    assert doc.annotated_until == 68 and doc.text[68] == "\n"
    assert doc.dct == datetime.date(2009, 2, 3)
    assert doc.timexes == [
        GoldTimex(11, 29, "February 03 , 2009", "DATE", "2009-02-03", None, "30"),
        GoldTimex(41, 51, "last month", "DATE", "2009-01", None, "31"),
    ]
    assert doc.notes == []


def test_read_meantime_without_creation_time_uses_the_dateline(tmp_path: Path) -> None:
    dateline = DCT_MARKABLE.replace("CREATION_TIME", "NONE")
    path = tmp_path / "d.xml"
    path.write_text(_cat(OTHER_MARKABLES + "\n" + dateline), encoding="utf-8")
    doc = read_meantime(path)
    assert doc.dct == datetime.date(2009, 2, 3)
    assert len(doc.timexes) == 2 and "dateline" in doc.notes[0]


def test_read_meantime_repairs_a_day_first_value(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_text(_cat(DCT_MARKABLE.replace("2009-02-03", "03-02-2009")), encoding="utf-8")
    doc = read_meantime(path)
    assert doc.dct == datetime.date(2009, 2, 3)
    assert doc.timexes[0].value == "2009-02-03"
    assert "day-first" in doc.notes[0]


# -- scoring -----------------------------------------------------------------

GOLD = [
    GoldTimex(0, 6, "Friday", "DATE", "1998-02-13"),
    GoldTimex(10, 20, "two years", "DURATION", "P2Y"),
    GoldTimex(30, 35, "today", "DATE", "1998-02-13"),
]


def test_score_exact_overlap_wrong_value_and_spurious() -> None:
    system = [
        Sys(0, 6, "Friday", "DATE", " 1998-02-13 "),  # exact, right value after stripping
        Sys(14, 25, "years ago", "DATE", "1996"),  # overlaps gold 2: wrong value and type
        Sys(40, 45, "later", "DATE", "FUTURE_REF"),  # spurious
    ]
    figures = score([(GOLD, system)])
    assert (figures["gold"], figures["system"], figures["matched"], figures["strict_matched"]) == (3, 3, 2, 1)
    third, two_thirds = round(1 / 3, 4), round(2 / 3, 4)
    assert figures["strict_precision"] == figures["strict_recall"] == figures["strict_f1"] == third
    assert figures["relaxed_precision"] == figures["relaxed_recall"] == figures["relaxed_f1"] == two_thirds
    assert figures["value_precision"] == figures["value_recall"] == figures["value_f1"] == third
    assert figures["type_precision"] == figures["type_recall"] == third


def test_each_gold_is_matched_once_and_exact_spans_win() -> None:
    gold = [GoldTimex(0, 10, "last month", "DATE", "2009-01")]
    system = [Sys(5, 10, "month", "DURATION", "P1M"), Sys(0, 10, "last month", "DATE", "2009-01")]
    assert match(gold, system) == [(gold[0], system[1]), (None, system[0])]
    figures = score([(gold, system)])
    assert figures["matched"] == figures["strict_matched"] == 1
    assert (figures["relaxed_precision"], figures["relaxed_recall"]) == (0.5, 1.0)
    assert figures["relaxed_f1"] == round(2 * 0.5 / 1.5, 4)
    assert (figures["value_precision"], figures["value_recall"]) == (0.5, 1.0)


def test_values_compare_case_insensitively_and_documents_add_up() -> None:
    gold = [GoldTimex(0, 5, "now", "DATE", "PRESENT_REF")]
    system = [Sys(0, 5, "now", "date", "present_ref")]
    figures = score([(gold, system), (GOLD, [])])
    assert (figures["gold"], figures["system"], figures["value_correct"], figures["type_correct"]) == (4, 1, 1, 1)
    assert (figures["value_precision"], figures["value_recall"]) == (1.0, 0.25)
    assert figures["value_f1"] == 0.4


def test_score_of_nothing_is_zero() -> None:
    figures = score([([], [])])
    assert figures["strict_f1"] == figures["relaxed_precision"] == figures["value_recall"] == 0.0


# -- evaluate with a stand-in tagger -------------------------------------------


def test_evaluate_runs_the_tagger_per_document(monkeypatch: pytest.MonkeyPatch, tml: Path, cat: Path) -> None:
    calls = []

    def find_times(text: str, published: datetime.date | None, doc: object = None) -> list[Sys]:
        calls.append((published, doc.text == text))  # type: ignore[attr-defined]
        if "Friday" in text:
            start = text.index("Friday")
            return [Sys(start, start + 6, "Friday", "DATE", "1998-02-14")]
        start, after = text.index("last month"), text.index("Next year")  # "Next year" is not annotated
        return [Sys(start, start + 6, "last m", "DATE", "2009-01"), Sys(after, after + 9, "Next year", "DATE", "2010")]

    from newsledger.extract import times

    monkeypatch.setattr(times, "find_times", find_times)  # the tagger the pipeline's times extractor runs

    result = evaluate_timeml(tml.parent.parent)
    assert calls == [(datetime.date(1998, 2, 13), True)]
    assert (result["docs"], result["gold"], result["system"], result["strict_matched"]) == (1, 2, 1, 1)
    assert result["value_correct"] == 0
    assert result["error_counts"] == {"wrong_value": 1, "missed": 1}
    first = result["errors"][0]
    assert first["kind"] == "wrong_value" and first["gold"]["value"] == "1998-02-13"
    assert "[Friday]" in first["context"]

    result = evaluate_meantime(cat.parent)
    assert calls[-1] == (datetime.date(2009, 2, 3), True)
    assert (result["docs"], result["gold"], result["system"], result["matched"], result["strict_matched"]) == (1, 2, 1, 1, 0)
    assert result["value_correct"] == 1 and result["error_counts"] == {"missed": 1}


def test_evaluate_timeml_with_the_real_tagger(tml: Path) -> None:
    result = evaluate_timeml(tml.parent)
    assert result["docs"] == 1 and result["gold"] == 2
    assert result["crashes"] == []
    # "ended Friday" in a story of Friday 13 February 1998 is that day; "spring" is 1998's. The tagger
    # takes "spring" without "early" and its quotes, so both overlap their gold (relaxed and value right)
    # but only "Friday" has the gold's exact span.
    assert (result["system"], result["matched"], result["strict_matched"], result["value_correct"]) == (2, 2, 1, 2)
    assert (result["relaxed_f1"], result["value_f1"], result["strict_f1"]) == (1.0, 1.0, 0.5)


# -- the real data ---------------------------------------------------------------


@pytest.mark.parametrize("folder, pattern, reader, docs, timexes", [
    (TBAQ, "*.tml", read_timeml, 256, 1822),
    (MEANTIME, "*.xml", read_meantime, 120, 488),
])
def test_real_gold_spans_match_the_text(folder: Path, pattern: str, reader, docs: int, timexes: int) -> None:
    paths = sorted(folder.rglob(pattern))
    if not paths:
        pytest.skip(f"evaluation data not available at {folder}")
    read = [reader(p) for p in paths]
    assert len(read) == docs
    assert sum(len(d.timexes) for d in read) == timexes
    for doc in read:
        assert doc.dct is not None, doc.id
        for timex in doc.timexes:
            assert doc.text[timex.start:timex.end] == timex.text != "", (doc.id, timex)
            assert timex.type in {"DATE", "TIME", "DURATION", "SET"} and timex.value, (doc.id, timex)
