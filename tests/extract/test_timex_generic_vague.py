"""Generic and vague times: "the end of the year" is the year with mod END, "at the time" and "at that
time" are a time gone by (PAST_REF), unless a clause or an "of" says which time ("at the time of the
attack", "at the same time").
"""

from __future__ import annotations

from datetime import date

import pytest
from timex_lookup import tag

WED = date(2019, 10, 16)


@pytest.mark.parametrize(
    ("text", "phrase", "value", "mod"),
    [
        ("The plant will close by the end of the year.", "the end of the year", "2019", "END"),
        ("The plant closed at the end of last year.", "the end of last year", "2018", "END"),
        ("The plant will close at the start of next year.", "the start of next year", "2020", "START"),
        ("The plant will close by the end of the month.", "the end of the month", "2019-10", "END"),
        ("The plant will close by end of year.", "end of year", "2019", "END"),
    ],
)
def test_the_end_of_a_period_is_the_period(text: str, phrase: str, value: str, mod: str) -> None:
    assert [(t.text, t.value, t.mod) for t in tag(text, WED)] == [(phrase, value, mod)]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("At the time, he was the mayor.", "At the time"),
        ("He was the mayor at the time.", "the time"),
        ("She said at the time that the bridge was safe.", "the time"),
        ("He wrote to the mayor, saying at the time he would resign.", "the time"),
        ("The mayor, who was in Paris at that time, declined.", "that time"),
    ],
)
def test_at_the_time_is_a_past_reference(text: str, phrase: str) -> None:
    found = tag(text, WED)
    assert [(t.type, t.value) for t in found] == [("DATE", "PAST_REF")]
    assert found[0].text.lower().endswith(phrase.lower().removeprefix("at "))


@pytest.mark.parametrize(
    "text",
    [
        "At the time of the attack, he was in Paris.",
        "At the same time, prices rose.",
        "He was asleep at the time the bomb went off.",
        "By the time police arrived, he had fled.",
        "She took the time to reply.",
    ],
)
def test_a_time_said_otherwise_is_no_past_reference(text: str) -> None:
    assert [t.value for t in tag(text, WED) if t.value == "PAST_REF"] == []


def test_at_that_time_in_a_sentence_looking_ahead_is_a_future_reference() -> None:
    found = tag("The case goes to a grand jury next month. At that time, more charges may be filed.", WED)
    assert [(t.text, t.value) for t in found if t.value.endswith("_REF")] == [("that time", "FUTURE_REF")]
