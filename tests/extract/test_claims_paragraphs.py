"""A claim's content stays inside its paragraph (issue 19, claims class 6).

The parser's sentence can run over a line break when the line before ends in a closing quotation mark or
no full stop at all (a headline, a web page's paragraph followed by a "Read more: ..." teaser, which is
blanked as boilerplate): the content is cut at the paragraph's end, on its cue's side. A quotation that
visibly goes on into the next paragraph (left open, the next paragraph opening with a quotation mark)
keeps its speaker there; a hard-wrapped text breaks its lines anywhere, and only a blank line ends its
paragraphs. Hand-written texts through the real pipeline, one spaCy run.
"""

from __future__ import annotations

import pytest
from through_pipeline import claims_of

from newsledger.extract.claims import Claim

WRAPPED = (
    "The storm hit the coast on Monday night and the\n"
    "mayor said on Tuesday that the old bridge over the\n"
    "river would stay closed until the engineers had\n"
    "checked every one of its supports, which could\n"
    "take until the end of the month, officials said.\n"
    "The council meets on Friday to discuss the repairs.\n"
)
TEXTS = {
    "closing_mark_then_line": (
        'The mayor said the bridge would reopen in May, after repairs "that were long '
        'overdue."\nThe council meets on Friday.'
    ),
    "teaser_between": (
        'The mayor said the bridge would reopen "in the spring"\n'
        "Read more: Why the old bridge fell down in the storm\nThe council meets on Friday."
    ),
    "teaser_with_bullet": (
        'The mayor said the bridge would reopen "in the spring"\n'
        "» READ MORE | Why the old bridge fell down\nThe council meets on Friday."
    ),
    "content_before_its_cue": 'Repairs were "long overdue"\nthe bridge will reopen in May, the mayor said.',
    "quote_goes_on": (
        "The mayor said: “It will take two years.\n“And it will cost a lot of money.”\nThe council meets on Friday."
    ),
    "wrapped": WRAPPED,
}
FORMATS = {"wrapped": "text"}


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    return claims_of(TEXTS, formats=FORMATS)


def said(found: list[Claim]) -> Claim:
    (claim,) = [c for c in found if c.cue.text == "said"]
    return claim


@pytest.mark.parametrize(
    ("key", "content"),
    [
        ("closing_mark_then_line", 'the bridge would reopen in May, after repairs "that were long overdue'),
        ("teaser_between", 'the bridge would reopen "in the spring"'),
        ("teaser_with_bullet", 'the bridge would reopen "in the spring"'),
        ("content_before_its_cue", "the bridge will reopen in May"),
    ],
)
def test_the_content_stops_at_the_paragraphs_end(claims, key: str, content: str) -> None:
    claim = said(claims[key])
    assert [p.text for p in claim.content] == [content]
    assert all("\n" not in p.text for p in claim.content)


def test_a_quotation_going_on_into_the_next_paragraph_keeps_its_speaker(claims) -> None:
    claim = said(claims["quote_goes_on"])
    assert claim.source is not None and claim.source.text == "The mayor"
    assert claim.kind == "direct"
    assert [p.text.rstrip(".") for p in claim.content] == ["It will take two years", "And it will cost a lot of money"]


def test_a_hard_wrapped_paragraph_is_not_cut_at_its_line_breaks(claims) -> None:
    contents = [p.text for c in claims["wrapped"] if c.cue.text == "said" for p in c.content]
    assert any("river would stay closed" in p and "\n" in p for p in contents)
    assert not any("council" in p for p in contents)
