"""A quote split by its attribution keeps both parts, however short the first (issue 19, claims class 1).

'“No,” she said, “we will not.”' is one claim with two content pieces, the one-word answer before the cue
and the rest after it; a short quote that the cue ends is still a claim of one piece. Hand-written
sentences through the real pipeline (Item -> segment -> analyse -> entities -> claims), one spaCy run.
"""

from __future__ import annotations

import pytest
from through_pipeline import claims_of

from newsledger.extract.claims import Claim

TEXTS = {
    "no": "“No,” she said, “we will not.”",
    "yes_mayor": "“Yes,” the mayor said, “the bridge will open in May.”",
    "well_inverted": "“Well,” said Mr. Park, “that is a question for the courts.”",
    "never_two_sentences": "“Never,” he replied. “Not while I am in office.”",
    "straight_marks": '"Maybe," the coach said, "if the rain stops."',
    # must not: a short quote with nothing after its cue is one piece; a later quote with its own cue is not joined
    "short_alone": "“No,” she said. The council voted anyway.",
    "two_speakers": "“No,” she said. “Yes,” he replied.",
    "stop_ended": "“Stop.” He said, “we will not leave.”",
    "why_ended": "“Why?” The mayor said, “the bridge will open in May.”",
}


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    return claims_of(TEXTS)


def pieces(claim: Claim) -> list[str]:
    return [p.text.rstrip(".") for p in claim.content]


@pytest.mark.parametrize(
    ("key", "source", "expected"),
    [
        ("no", "she", ["No", "we will not"]),
        ("yes_mayor", "the mayor", ["Yes", "the bridge will open in May"]),
        ("well_inverted", "Mr. Park", ["Well", "that is a question for the courts"]),
        ("never_two_sentences", "he", ["Never", "Not while I am in office"]),
        ("straight_marks", "the coach", ["Maybe", "if the rain stops"]),
    ],
)
def test_a_short_first_part_stays_with_the_rest(claims, key: str, source: str, expected: list[str]) -> None:
    (claim,) = claims[key]
    assert claim.source is not None and claim.source.text == source
    assert pieces(claim) == expected
    assert claim.kind == "direct"


def test_the_first_piece_is_a_slice_of_the_text_inside_its_marks(claims) -> None:
    (claim,) = claims["no"]
    first = claim.content[0]
    assert TEXTS["no"][first.start : first.end] == "No" and TEXTS["no"][first.start - 1] == "“"


def test_a_short_quote_ended_by_its_cue_is_one_piece(claims) -> None:
    (claim,) = claims["short_alone"]
    assert pieces(claim) == ["No"]
    assert "council" not in " ".join(pieces(claim))


def test_a_quote_with_its_own_cue_is_another_claim(claims) -> None:
    found = claims["two_speakers"]
    assert [(c.source.text if c.source else None, pieces(c)) for c in found] == [("she", ["No"]), ("he", ["Yes"])]


@pytest.mark.parametrize(
    ("key", "said"), [("stop_ended", "we will not leave"), ("why_ended", "the bridge will open in May")]
)
def test_a_quote_that_ended_its_sentence_is_no_first_part(claims, key: str, said: str) -> None:
    # '“Stop.” He said, “...”': the first quotation closed its own sentence; the cue opens a new one
    (claim,) = [c for c in claims[key] if said in " ".join(pieces(c))]
    assert pieces(claim) == [said]
