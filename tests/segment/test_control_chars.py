"""Control characters inside a text: kept in the stored text, spaces in the text the NLP analyses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.model import Item
from newsledger.segment import segment

CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0x80, 0x9F]]


@pytest.mark.parametrize("control", CONTROLS)
def test_control_character_becomes_a_space_for_the_nlp(control: str) -> None:
    text = f"Three{control} people were killed in the attack."
    item = Item(source="x", text=text, format="jsonl", path="x.jsonl")

    (article,) = segment(item)

    assert article.text == text  # what is stored and quoted is the text as given
    assert article.analysis_text == "Three  people were killed in the attack."
    assert len(article.analysis_text) == len(article.text)


def test_tabs_and_line_breaks_are_kept() -> None:
    text = "Three\tpeople were killed.\r\nPolice said so.\x85Nobody else was hurt."
    item = Item(source="x", text=text, format="jsonl", path="x.jsonl")

    (article,) = segment(item)

    assert article.analysis_text == text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "B", " ", ".", "\n", *CONTROLS]), min_size=1, max_size=80))
def test_analysis_text_keeps_its_length(text: str) -> None:
    item = Item(source="x", text=text, format="text", path="x.txt")

    for article in segment(item):
        assert article.text == text[article.start : article.end]
        assert len(article.analysis_text) == article.end - article.start
        assert not any(c in article.analysis_text for c in CONTROLS)


def test_a_nul_inside_a_jsonl_text_still_gives_the_count(tmp_path: Path) -> None:
    """The real pipeline: ingest into a ledger, the killed count is there, the stored text is as given."""
    from newsledger.ledger import Ledger

    text = "Police said three\u0000 people were killed in the attack on Monday."
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "nul-1", "text": text}) + "\n", encoding="utf-8")

    with Ledger(tmp_path / "t.db") as ledger:
        report = ledger.ingest([str(feed)])
        assert not report.errors, report.errors
        killed = [c for c in ledger.counts() if c.category == "killed"]
        (stored,) = list(ledger.items())

    assert [c.value for c in killed] == [3]
    assert killed[0].number.text == "three"
    assert text[killed[0].number.start : killed[0].number.end] == "three"
    assert stored.text == text
