"""A pronoun source goes to the right person (issue 19, claims class 4).

"he"/"she" (and "his"/"her" before a noun cue) stand for the nearest earlier person they can refer to, by
gender where the text tells it (a title such as "Ms." or a given name), not for the last speaker or the last
name; the claim's own quoted words are not looked in. When two people could be meant, the speaker stays
unresolved rather than wrong. Hand-written sentences through the real pipeline, one spaCy run.
"""

from __future__ import annotations

import pytest
from through_pipeline import claims_of

from newsledger.extract.claims import Claim

TEXTS = {
    "she_skips_a_man": "Mary Jones said the plan would work. Then Paul Brown arrived. She said it would fail.",
    "he_is_the_nearest_man": "John Smith said the plan would work. Then Paul Brown arrived. He said it would fail.",
    "titles": "Mr. Lee spoke after Ms. Okafor. She said the budget was balanced.",
    "he_skips_a_woman": "Mary Jones met John Smith on Monday. He said the budget was balanced.",
    "one_person_gender_untold": "Alex Morgan said the plan would work. He said it would be cheap.",
    "chain": "Senator Paul Brown said the plan would work. He said it would be cheap. He added that it would be quick.",
    "not_inside_own_quote": "Paul Brown arrived. “I spoke to Alex Morgan yesterday,” he said.",
    "her_warning": "Mary Jones spoke on Monday. Her warning that prices would rise went unheeded.",
    "his_claim": "Paul Brown spoke on Monday. His claim that the vote was rigged was rejected.",
    "named_again": (
        "Mary Jones met Susan Clark on Monday. Jones said the talks went well. She said the budget was balanced."
    ),
    "they_one_organisation": "The Pentagon spoke on Monday. They said the strait was open.",
    "they_two_joined": "Britain and France sent ships on Monday. They said the strait was open.",
    "they_senate_and_white_house": "The Senate and the White House disagree. They said the budget was not balanced.",
    "miss_the_verb": "Fans will miss Kowalski at the club. He said the season was over.",
    # cannot be told: unresolved
    "ms_ends_no_sentence": "Mary Jones met Ms. Clark on Monday. She said the budget was balanced.",
    "mr_ends_no_sentence": "John Smith met Mr. Brown on Monday. He said the budget was balanced.",
    "untold_nearer": "Mary Jones said the plan would work. Later, Gov. Okonkwo arrived. She said it would fail.",
    "two_untold": "Alex Morgan met Sam Taylor on Monday. He said the budget was balanced.",
    "two_women": "Mary Jones met Susan Clark on Monday. She said the budget was balanced.",
    "only_a_man_before_she": "Paul Brown left early. She said the budget was balanced.",
    "no_person": "The mayor said the road would close. He said it would reopen in May.",
}


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    return claims_of(TEXTS)


def pronoun_claims(found: list[Claim]) -> list[Claim]:
    pronouns = {"he", "she", "his", "her", "they"}
    return [c for c in found if c.source is not None and c.source.text.lower() in pronouns]


@pytest.mark.parametrize(
    ("key", "speaker"),
    [
        ("she_skips_a_man", "Mary Jones"),
        ("he_is_the_nearest_man", "Paul Brown"),
        ("titles", "Okafor"),
        ("he_skips_a_woman", "John Smith"),
        ("one_person_gender_untold", "Alex Morgan"),
        ("not_inside_own_quote", "Paul Brown"),
        ("her_warning", "Mary Jones"),
        ("his_claim", "Paul Brown"),
        ("named_again", "Mary Jones"),
        ("miss_the_verb", "Kowalski"),
    ],
)
def test_the_pronoun_goes_to_the_person_it_can_refer_to(claims, key: str, speaker: str) -> None:
    (claim,) = pronoun_claims(claims[key])
    assert claim.speaker == speaker
    assert claim.speaker_entity is not None and claim.speaker_entity.name == speaker


def test_a_chain_of_pronouns_keeps_its_speaker(claims) -> None:
    found = pronoun_claims(claims["chain"])
    assert len(found) == 2
    assert {c.speaker for c in found} == {"Paul Brown"}


def test_they_goes_to_the_organisation_before_it(claims) -> None:
    (claim,) = pronoun_claims(claims["they_one_organisation"])
    assert claim.speaker == "Pentagon"


@pytest.mark.parametrize(
    "key",
    [
        "ms_ends_no_sentence",
        "mr_ends_no_sentence",
        "untold_nearer",
        "two_untold",
        "two_women",
        "only_a_man_before_she",
        "no_person",
        "they_two_joined",
        "they_senate_and_white_house",
    ],
)
def test_unresolved_rather_than_wrong(claims, key: str) -> None:
    (claim,) = pronoun_claims(claims[key])
    assert claim.speaker is None and claim.speaker_entity is None
