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
