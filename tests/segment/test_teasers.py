"""Teaser lines ("Read more: ...") are boilerplate, like photo credits (issue 19, claims class 6).

Web pages carry links to other stories inside the article body: "Read more: ...", "READ NEXT: ...",
"» Read more | ...", "(Read more: ...)", "More from the Guardian: ...". They stay in the stored text but are
blanked out of what the NLP sees. Lines of the article that only start with the same words ("More than 40
people died", "Read between the lines") are not.
"""

from __future__ import annotations

import pytest

from newsledger.model import Item
from newsledger.segment import segment

BODY = "The mayor said the bridge would reopen in May.\n{line}\nThe council meets on Friday to discuss it.\n"


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Why the old bridge fell down in the storm",
        "READ MORE: Why the old bridge fell down in the storm",
        "Read More » Why the old bridge fell down",
        "Read more | Why the old bridge fell down",
        "» Read more: The bridge that fell",
        "(Read more: Why the bridge fell)",
        "READ NEXT: The bridge that fell",
        "Read also: The bridge that fell",
        "Also see: The bridge that fell",
        "Keep reading: the bridge that fell",
        "Read more from the Times: Why the bridge fell",
        "More from the Guardian: The bridge that fell",
        "Read more about the bridge and its history here",
        "Read more about the floods: Why the old bridge fell down",
        "Read the full story here",
        "Read more: " + "Why the old bridge fell down in the storm and what it means for the city, " * 3,
    ],
)
def test_a_teaser_line_is_boilerplate(line: str) -> None:
    for fmt in ("html", "text"):
        (article,) = segment(Item(source="t", text=BODY.format(line=line), format=fmt, path="t"))
        assert [b.text for b in article.boilerplate] == [line.rstrip()]
        assert line.strip()[:8] not in article.analysis_text  # blanked for the NLP
        assert "The council meets" in article.analysis_text


@pytest.mark.parametrize(
    "line",
    [
        "More than 40 people died in the fire.",
        "More in Ohio were hurt yesterday.",
        "Read between the lines, he said.",
        "Readers were asked which bridge to rebuild.",
        "Listen to the mayor: the bridge will reopen.",
        "Related to the case, two men were held.",
        "Read more about the plan, the mayor said, before voting on it in June.",
        "More from the city's police force will be deployed - about 200 officers - from Monday, the chief said.",
        "More at stake: the future of the city's only hospital, which could close in June.",
        "More in Gaza: at least 20 people were killed in strikes on Tuesday, officials said.",
        "Listen — we are not going to win this league with that defence, he told reporters.",
        "More — much more — will be needed to fix the roads, the engineer said.",
        "Read - and reread - the fine print before signing, the agency advised.",
        "Watch - and wait - was all the council could do, she said.",
    ],
)
def test_an_article_line_starting_with_the_same_words_is_not(line: str) -> None:
    (article,) = segment(Item(source="t", text=BODY.format(line=line), format="html", path="t"))
    assert article.boilerplate == []
    assert line in article.analysis_text
