"""A fronted "to X," names whose view the clause is: "To many, he is a provocateur" (PolNeAR's cue "To").

Found while measuring issue 19's classes on a slice of PolNeAR train: like "according to X", the "to"
phrase names the holder, the rest of the clause is the view; "To date", "To the north", "To be sure" name
nobody. A quotation after "because to her," is her view, not the words of the verb before it.
"""

from __future__ import annotations

import pytest
from through_pipeline import claims_of

from newsledger.extract.claims import Claim

TEXTS = {
    "many": "To many, the mayor is a reformer and a builder.",
    "but_others": "The mayor spoke. But to others, he's a spendthrift with a plan.",
    "named_with_relative": "To Sexton, who has studied the rallies for years, Tuesday marked a turning point.",
    "her_quote": "She praised the movement because to her, “nothing is more important than telling the story.”",
    # must not
    "to_date": "To date, no one has been charged.",
    "to_the_north": "To the north, the river flooded two villages.",
    "to_be_sure": "To be sure, the plan has critics.",
    "gave_to": "He gave the money to his sister, who spent it.",
    "to_london": "To London, the flight takes two hours.",
    "to_boston": "To Boston, the team travelled by bus on Sunday.",
    "to_the_palace": "To Buckingham Palace, the crowd marched on Saturday.",
}


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    return claims_of(TEXTS)


@pytest.mark.parametrize(
    ("key", "source", "content"),
    [
        ("many", "many", "the mayor is a reformer and a builder"),
        ("but_others", "others", "he's a spendthrift with a plan"),
        ("named_with_relative", "Sexton, who has studied the rallies for years", "Tuesday marked a turning point"),
        ("her_quote", "her", "nothing is more important than telling the story"),
    ],
)
def test_a_fronted_to_names_the_views_holder(claims, key: str, source: str, content: str) -> None:
    (claim,) = [c for c in claims[key] if c.cue.text.lower() == "to"]
    assert claim.source is not None and claim.source.text == source
    assert [p.text for p in claim.content] == [content]


def test_the_verb_before_the_view_does_not_take_it_too(claims) -> None:
    assert [c.cue.text for c in claims["her_quote"]] == ["to"]


@pytest.mark.parametrize(
    "key", ["to_date", "to_the_north", "to_be_sure", "gave_to", "to_london", "to_boston", "to_the_palace"]
)
def test_a_to_naming_nobody_is_no_attribution(claims, key: str) -> None:
    assert not [c for c in claims[key] if c.cue.text.lower() == "to"]
