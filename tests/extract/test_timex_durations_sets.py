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
