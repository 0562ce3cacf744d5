"""Durations of unstated length ("for weeks", "minutes later", "months later") and recurrences in words
("every fortnight", "biweekly", "semiannual", "each season", "every two weeks", "every other month").

Minutes are written PTXM (months are PXM).
"""

from __future__ import annotations

from datetime import date

import pytest
from timex_lookup import tag

WED = date(2019, 10, 16)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The siege lasted for weeks.", "weeks", "PXW"),
        ("Minutes later, the police arrived.", "Minutes", "PTXM"),
        ("Months later, the case was closed.", "Months", "PXM"),
        ("The fire broke out and, hours later, the roof fell in.", "hours", "PTXH"),
        ("Days earlier, the mayor had resigned.", "Days", "PXD"),
    ],
)
def test_a_unit_of_unstated_number_is_a_duration(text: str, phrase: str, value: str) -> None:
    assert [(t.text, t.type, t.value) for t in tag(text, WED)] == [(phrase, "DURATION", value)]


def test_counted_units_keep_their_number() -> None:
    assert [(t.text, t.value) for t in tag("Two minutes later, the police arrived.", WED)] == [("Two minutes", "PT2M")]


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The committee meets every fortnight.", "every fortnight", "P2W"),
        ("The committee meets fortnightly.", "fortnightly", "P2W"),
        ("The biweekly newsletter was sent.", "biweekly", "P2W"),
        ("The semiannual report was late.", "semiannual", "P6M"),
        ("The leagues change their rules each season.", "each season", "P3M"),
        ("The committee meets every two weeks.", "every two weeks", "P2W"),
        ("The committee meets every other month.", "every other month", "P2M"),
        ("The festival is held every summer.", "every summer", "XXXX-SU"),
    ],
)
def test_recurrences_are_sets(text: str, phrase: str, value: str) -> None:
    assert [(t.text, t.type, t.value) for t in tag(text, WED)] == [(phrase, "SET", value)]


def test_a_fortnight_is_two_weeks() -> None:
    assert [(t.text, t.type, t.value) for t in tag("The strike lasted a fortnight.", WED)] == [
        ("a fortnight", "DURATION", "P2W")
    ]


def test_every_other_thing_is_no_set() -> None:
    assert tag("Every other player was tired, and each team lost.", WED) == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The fund pays out quarterly.", "quarterly", "P3M"),
        ("The board meets every 1 week.", "every 1 week", "P1W"),
        ("Inspectors visit every one year.", "every one year", "P1Y"),
        ("The council publishes its accounts yearly.", "yearly", "P1Y"),
        ("The bulletin is issued nightly.", "nightly", "P1D"),
    ],
)
def test_recurrences_read_from_the_lexicon_and_counted_once_are_sets(text: str, phrase: str, value: str) -> None:
    assert [(t.text, t.type, t.value) for t in tag(text, WED)] == [(phrase, "SET", value)]


def test_a_recurrence_of_no_iso_period_stops_the_load() -> None:
    from newsledger.extract.times.rules import checked_set_values
    from newsledger.lexicon import LexiconError

    with pytest.raises(LexiconError, match="weekly"):
        checked_set_values("set_words", {"weekly": "P1X"})
    with pytest.raises(LexiconError):
        checked_set_values("set_units", {"week": "1W"})
    assert checked_set_values("set_words", {"weekly": "P1W", "hourly": "PT1H"}) == {"weekly": "P1W", "hourly": "PT1H"}


def test_a_multiple_of_weeks_must_be_a_unit_of_weeks() -> None:
    from newsledger.extract.times.rules import checked_multiples_of_weeks
    from newsledger.lexicon import LexiconError

    with pytest.raises(LexiconError, match="fortnite"):
        checked_multiples_of_weeks({"fortnite": 2})
    with pytest.raises(LexiconError, match="month"):
        checked_multiples_of_weeks({"month": 4})
    with pytest.raises(LexiconError):
        checked_multiples_of_weeks({"fortnight": 0})
    assert checked_multiples_of_weeks({"fortnight": 2}) == {"fortnight": 2}


def test_quarterly_before_a_noun_names_a_kind_of_payment_not_a_set() -> None:
    assert tag("The board raised its quarterly dividend to 12 cents.", WED) == []
    assert [(t.text, t.value) for t in tag("Interest is paid quarterly to the bondholders.", WED)] == [
        ("quarterly", "P3M")
    ]
