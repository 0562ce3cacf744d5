"""Attribution after a dash, in a headline, and by a poll or a report (issue 19, claims class 3).

"... — said the mayor", "... --said Mr. Park" (which the tokenizer glues into one token), a quotation and a
dash before a bare name; a headline's "Minister: talks failed", whose content stops at the line's end; "a
survey by X found", "the report concludes". A dash that sets off an aside or a clause is no attribution.
Hand-written sentences through the real pipeline, one spaCy run.
"""

from __future__ import annotations

import pytest
from through_pipeline import claims_of

from newsledger.extract.claims import Claim

TEXTS = {
    "dash_said": "The bridge will reopen in May — said the mayor.",
    "glued_dash_said": "The talks are over --said Mr. Park.",
    "glued_dash_quote": "“The talks are over” --said Mr. Park.",
    "dash_says_apposition": "The ferry will run again in June -- says the port director, Ana Okafor.",
    "dash_bare_name": "“We will never surrender” — Prime Minister Winston Churchill.",
    "reactions": (
        "Readers wrote in after the debate.\n“He should stop insulting people. It is not presidential.”\u00a0― Ana"
        " Lopez\u00a0\n“The best night of the campaign.” ― Mark Davis.\n\nPhoto: Reuters\n\n”I will vote for her"
        " now, and so will my sister.”— Julia Ortiz\nThe debate ended at 11."
    ),
    "name_dash_quote": "The senator, Paul Brown — “We will win this state” — was confident on Monday.",
    "name_dash_description": "President Barack Obama — “the first black president” — spoke in Ohio.",
    "headline": "Minister: talks failed\nThe minister spoke in Paris on Monday.",
    "headline_plural": "Police: suspect fled on foot\nOfficers searched the area overnight.",
    "transcript": (
        "Partial transcript as follows:\n"
        "\"WALLACE: Let's start with the news. Will she be there tomorrow night?\n"
        '"PENCE: Well, look, she will not be there. That is all I can say.\n'
        '"WALLACE: Do you really see those two as equivalent?\n'
        '"PENCE: I do."'
    ),
    "survey_found": "A survey by Gallup found that most voters back the plan.",
    "report_concludes": "The report concludes that the river is polluted.",
    "report_colon": "The report concludes: the dam is unsafe.",
    "according_to_survey": "According to a survey by the Pew Research Center, most adults use the internet.",
    # must not
    "dash_aside": "The bridge — the oldest in the city — reopened on Monday.",
    "dash_clause": "The talks ended -- and then the rain came.",
    "dash_name_no_quote": "The winner was clear — Winston Churchill.",
    "report_released": "The report was released on Monday.",
    "dash_said_to_be": "Prices rose sharply in May -- said to be the biggest jump in a decade.",
    "dash_said_by_many": "Prices rose sharply in May — said by many to be the worst in years.",
}


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    return claims_of(TEXTS)


@pytest.mark.parametrize(
    ("key", "source", "content", "kind"),
    [
        ("dash_said", "the mayor", "The bridge will reopen in May", "indirect"),
        ("glued_dash_said", "Mr. Park", "The talks are over", "indirect"),
        ("glued_dash_quote", "Mr. Park", "The talks are over", "direct"),
        ("dash_says_apposition", "the port director, Ana Okafor", "The ferry will run again in June", "indirect"),
        ("dash_bare_name", "Prime Minister Winston Churchill", "We will never surrender", "direct"),
    ],
)
def test_a_source_after_a_dash(claims, key: str, source: str, content: str, kind: str) -> None:
    (claim,) = claims[key]
    assert claim.source is not None and claim.source.text == source
    assert [p.text for p in claim.content] == [content]
    assert claim.kind == kind


def test_a_list_of_quotations_each_with_a_dash_and_a_name(claims) -> None:
    dashed = [c for c in claims["reactions"] if c.cue.text in ("―", "—")]
    assert [(c.source.text if c.source else None, [p.text for p in c.content]) for c in dashed] == [
        ("Ana Lopez", ["He should stop insulting people. It is not presidential"]),
        ("Mark Davis", ["The best night of the campaign"]),
        ("Julia Ortiz", ["I will vote for her now, and so will my sister"]),  # its opening mark typed the wrong way
    ]
    assert all(c.kind == "direct" for c in dashed)


def test_a_name_then_a_dash_and_a_quoted_clause(claims) -> None:
    (claim,) = [c for c in claims["name_dash_quote"] if c.cue.text == "—"]
    assert claim.source is not None and claim.source.text == "Paul Brown"
    assert [p.text for p in claim.content] == ["We will win this state"]


def test_a_quoted_description_after_a_name_is_no_claim(claims) -> None:
    assert not [c for c in claims["name_dash_description"] if c.cue.text == "—"]


def test_the_glued_cue_is_the_cue(claims) -> None:
    (claim,) = claims["glued_dash_said"]
    assert claim.cue.text.endswith("said")
    assert claim.speaker == "Park"


@pytest.mark.parametrize(
    ("key", "source", "content"),
    [("headline", "Minister", "talks failed"), ("headline_plural", "Police", "suspect fled on foot")],
)
def test_a_headline_colon_attributes_the_rest_of_its_line(claims, key: str, source: str, content: str) -> None:
    colon = [c for c in claims[key] if c.cue.text == ":"]
    assert len(colon) == 1
    assert colon[0].source is not None and colon[0].source.text == source
    assert [p.text for p in colon[0].content] == [content]  # not into the next line


def test_a_transcripts_speaker_says_the_whole_line(claims) -> None:
    found = [
        (c.source.text if c.source else None, [p.text.rstrip(".?") for p in c.content]) for c in claims["transcript"]
    ]
    assert found == [
        ("WALLACE", ["Let's start with the news. Will she be there tomorrow night"]),
        ("PENCE", ["Well, look, she will not be there. That is all I can say"]),
        ("WALLACE", ["Do you really see those two as equivalent"]),
        ("PENCE", ["I do"]),
    ]


@pytest.mark.parametrize(
    ("key", "source", "cue", "content"),
    [
        ("survey_found", "A survey by Gallup", "found", "that most voters back the plan"),
        ("report_concludes", "The report", "concludes", "that the river is polluted"),
        ("report_colon", "The report", "concludes", "the dam is unsafe"),
        ("according_to_survey", "a survey by the Pew Research Center", "According to", "most adults use the internet"),
    ],
)
def test_a_poll_or_report_is_the_source(claims, key: str, source: str, cue: str, content: str) -> None:
    (claim,) = claims[key]
    assert claim.source is not None and claim.source.text == source
    assert claim.cue.text == cue
    assert [p.text for p in claim.content] == [content]


@pytest.mark.parametrize(
    "key",
    ["dash_aside", "dash_clause", "dash_name_no_quote", "report_released"],
)
def test_no_attribution(claims, key: str) -> None:
    assert claims[key] == []


@pytest.mark.parametrize(("key", "after_dash"), [("dash_said_to_be", "to be"), ("dash_said_by_many", "by many")])
def test_a_dash_and_a_participle_name_no_source(claims, key: str, after_dash: str) -> None:
    # "-- said to be the biggest jump": no noun phrase after the cue, so nobody is named as the source
    assert not [c for c in claims[key] if c.source is not None and c.source.text.startswith(after_dash)]
    assert not [c for c in claims[key] if c.cue.text.startswith(("--", "—"))]
