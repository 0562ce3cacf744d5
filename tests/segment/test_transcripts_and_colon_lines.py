"""A transcript's speaker labels are not kickers, and a line ending with a colon introduces what follows.

"WALLACE: ..." and "PENCE: ..." opening line after line look like the ALL-CAPS kicker that starts a new
article in a dump ("TESTING BAN: ..."); two or more such one-word labels, each opening two or more lines,
are a transcript's speakers instead: one article, the labels kept for the claims. And "Caddell continued:"
followed by a blank line and a quotation is one article, not an article cut off at the colon.
"""

from __future__ import annotations

from newsledger.model import Item
from newsledger.segment import segment

TRANSCRIPT = (
    "The senator spoke on a Sunday show. Partial transcript as follows:\n\n"
    "\"WALLACE: Let's start with the news. Will she be there tomorrow night?\n\n"
    '"PENCE: Well, look, she will not be there.\n\n'
    '"(CROSSTALK.)\n\n'
    '"WALLACE: Do you really see those two as equivalent?\n\n'
    '"PENCE: I do, and I said so.\n'
)
DUMP = (
    "TESTING BAN: Satellite photos show a large laser facility in Mianyang, a researcher said.\n\n"
    "BORDER SERVICES: The clinics on the border will close on Friday, officials said.\n"
)
COLON_LINE = (
    "The pollster spoke to the radio host on Monday about the two new polls.\n\n"
    "The pollster continued:\n\n"
    '"The health issue is a partisan issue. It is in their heads."\n\n'
    "The poll closed on Friday.\n"
)


def test_a_transcripts_labels_are_one_article_with_its_labels_kept() -> None:
    (article,) = segment(Item(source="t", text=TRANSCRIPT, format="text", path="t"))
    assert article.kicker is None
    assert article.analysis_text.count("WALLACE:") == 2 and article.analysis_text.count("PENCE:") == 2


def test_kickers_of_a_dump_still_start_articles() -> None:
    first, second = segment(Item(source="d", text=DUMP, format="text", path="d"))
    assert first.kicker is not None and first.kicker.text == "TESTING BAN"
    assert second.kicker is not None and second.kicker.text == "BORDER SERVICES"


def test_a_line_ending_with_a_colon_keeps_what_it_introduces() -> None:
    (article,) = segment(Item(source="c", text=COLON_LINE, format="text", path="c"))
    assert "The pollster continued:" in article.analysis_text
    assert "The health issue" in article.analysis_text


FILED_UNDER = (
    "Fire destroys warehouse\n\n"
    "A fire destroyed a warehouse in Leeds on Monday, firefighters said.\n\n"
    "Filed under:\n\n\n"
    "Minister resigns over expenses\n\n"
    "The minister resigned on Friday after a row over his expenses, his office said.\n"
)
KICKER_DUMP = (
    "BREAKING: A fire destroyed a warehouse in Leeds on Monday, firefighters said.\n"
    "EXCLUSIVE: The minister will resign on Friday over his expenses, aides said.\n"
    "BREAKING: Floods closed the main road into Carlisle on Tuesday, police said.\n"
    "EXCLUSIVE: The club has agreed to sell its ground to a developer, sources said.\n"
)


def test_a_line_ending_with_a_colon_does_not_cancel_a_run_of_blank_lines() -> None:
    first, second = segment(Item(source="f", text=FILED_UNDER, format="text", path="f"))
    assert "Leeds" in first.analysis_text and "Minister" not in first.analysis_text
    assert "The minister resigned" in second.analysis_text


def test_generic_kickers_repeated_in_a_dump_are_not_speakers() -> None:
    articles = segment(Item(source="k", text=KICKER_DUMP, format="text", path="k"))
    assert [a.kicker.text if a.kicker else None for a in articles] == ["BREAKING", "EXCLUSIVE", "BREAKING", "EXCLUSIVE"]
