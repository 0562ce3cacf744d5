"""Nouns that carry content (issue 19, claims class 5).

"his claim that ...", "the ministry's denial that ...", "her warning that ...": the noun is the cue, its
possessor the source, the "that"-clause the content, and the content stops where the noun's phrase ends
(not in the verb the phrase is the subject of). A noun cue with a holder of its own inside another claim's
content is a claim of its own. Nouns that only introduce a fact ("the fact that", "the news that") are not
cues. Hand-written sentences through the real pipeline, one spaCy run.
"""

from __future__ import annotations

import pytest
from through_pipeline import claims_of

from newsledger.extract.claims import Claim

TEXTS = {
    "his_claim": "His claim that the vote was rigged was rejected.",
    "ministry_denial": "The ministry's denial that troops had crossed the border came on Monday.",
    "her_warning": "Her warning that prices would rise went unheeded.",
    "union_demand": "The union's demand that wages rise by 5 percent was refused.",
    "nested": "The mayor rejected the governor’s assertion that the city was broke.",
    "nested_named": "Mary Jones rejected Paul Brown's claim that the vote was rigged.",
    "nested_union": "The mayor rejected the union's demand that wages rise.",
    "made_the_claim": "The senator made the claim that the vote was rigged.",
    # must not
    "fact": "The fact that the vote was close surprised nobody.",
    "news": "The news that the bridge had collapsed spread quickly.",
    "own_pronoun": "The union repeated its demand that wages rise by 5 percent.",
}


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    return claims_of(TEXTS)


@pytest.mark.parametrize(
    ("key", "source", "cue", "content", "stance"),
    [
        ("his_claim", "His", "claim", "that the vote was rigged", "assert"),
        ("ministry_denial", "The ministry", "denial", "that troops had crossed the border", "deny"),
        ("her_warning", "Her", "warning", "that prices would rise", "assert"),
        ("union_demand", "The union", "demand", "that wages rise by 5 percent", "assert"),
        ("made_the_claim", "The senator", "claim", "that the vote was rigged", "assert"),
    ],
)
def test_a_noun_cue_and_its_that_clause(claims, key: str, source: str, cue: str, content: str, stance: str) -> None:
    (claim,) = claims[key]
    assert claim.cue.text == cue
    assert claim.source is not None and claim.source.text == source
    assert [p.text for p in claim.content] == [content]
    assert claim.stance == stance


def test_a_noun_cue_with_its_own_holder_inside_another_claim(claims) -> None:
    rejected, assertion = claims["nested"]
    assert rejected.cue.text == "rejected" and rejected.source is not None and rejected.source.text == "The mayor"
    assert assertion.cue.text == "assertion"
    assert assertion.source is not None and assertion.source.text == "the governor"
    assert [p.text for p in assertion.content] == ["that the city was broke"]


@pytest.mark.parametrize(
    ("key", "holder", "cue", "content"),
    [
        ("nested_named", "Paul Brown", "claim", "that the vote was rigged"),
        ("nested_union", "the union", "demand", "that wages rise"),
    ],
)
def test_a_named_holders_noun_cue_inside_another_claim_is_kept(
    claims, key: str, holder: str, cue: str, content: str
) -> None:
    (inner,) = [c for c in claims[key] if c.cue.text == cue]
    assert inner.source is not None and inner.source.text == holder
    assert [p.text for p in inner.content] == [content]


def test_a_noun_cue_whose_holder_is_the_subjects_pronoun_stays_one_claim(claims) -> None:
    (claim,) = claims["own_pronoun"]
    assert claim.cue.text == "repeated"
    assert [p.text for p in claim.content] == ["its demand that wages rise by 5 percent"]


@pytest.mark.parametrize("key", ["fact", "news"])
def test_a_noun_that_only_introduces_a_fact_is_no_cue(claims, key: str) -> None:
    assert claims[key] == []
