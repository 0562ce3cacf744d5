"""Which way a relative expression points when it names no direction: by the tense of its sentence.
A clock time on a weekday in a future sentence is the coming one; a present-tense schedule ("the festival
opens in June") looks ahead; "next spring", "next january" (lower case) and "this coming week" are the
ones ahead of the publication date.

2019-10-16 is a Wednesday in ISO week 42; 2019-02-10 a Sunday.
"""

from __future__ import annotations

from datetime import date

import pytest
from timex_lookup import tag, value_of

WED = date(2019, 10, 16)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("He will speak at 10 a.m. on Monday.", "10 a.m. on Monday", "2019-10-21T10:00"),
        ("He is expected to speak on Monday at 10 a.m.", "Monday at 10 a.m.", "2019-10-21T10:00"),
        ("He spoke at 10 a.m. on Monday.", "10 a.m. on Monday", "2019-10-14T10:00"),
        ("The trial opens Monday in Leeds.", "Monday", "2019-10-21"),
        ("The minister says the trial opened Monday.", "Monday", "2019-10-14"),
    ],
)
def test_a_weekday_points_the_way_its_verb_does(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("The park will open next spring.", WED, "2020-SP"),
        ("The park will open next spring.", date(2019, 2, 10), "2019-SP"),
        ("The park will open next winter.", WED, "2019-WI"),
        ("The park will open this spring.", date(2019, 2, 10), "2019-SP"),
    ],
)
def test_next_season_is_the_coming_one(text: str, published: date, value: str) -> None:
    assert value_of(text, text.split(" open ")[1].rstrip("."), published) == value


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The park will open next january.", "next january", "2020-01"),
        ("The park will open next June.", "next June", "2020-06"),
        ("The rally was postponed until next february.", "next february", "2020-02"),
        ("The law takes effect in january.", "january", "2020-01"),
    ],
)
def test_a_month_in_lower_case_is_a_month(text: str, phrase: str, value: str) -> None:
    assert [(t.text, t.value) for t in tag(text, WED)] == [(phrase, value)]


def test_a_march_in_lower_case_is_a_protest() -> None:
    assert tag("They plan their next march on the capital.", WED) == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The talks resume this coming week.", "this coming week", "2019-W43"),
        ("The talks resume this coming weekend.", "this coming weekend", "2019-W42-WE"),
        ("The talks resume this coming Monday.", "this coming Monday", "2019-10-21"),
        ("The talks resume this coming month.", "this coming month", "2019-11"),
    ],
)
def test_this_coming_is_the_one_ahead(text: str, phrase: str, value: str) -> None:
    assert [(t.text, t.value) for t in tag(text, WED)] == [(phrase, value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The session will end in June.", "2020-06"),
        ("The session is due to end in June.", "2020-06"),
        ("The festival opens in June.", "2020-06"),
        ("The session ended in June.", "2019-06"),
        ("The session had ended in June.", "2019-06"),
        ("Officials say the session ended in June.", "2019-06"),
    ],
)
def test_a_bare_month_points_the_way_its_verb_does(text: str, value: str) -> None:
    assert value_of(text, "June", WED) == value


def test_a_headline_in_the_present_tells_what_happened() -> None:
    text = "Police investigate shootings in Oakland on Monday\nThe first shooting happened at a bar."
    assert value_of(text, "Monday", WED) == "2019-10-14"


@pytest.mark.parametrize(
    ("published", "value"),
    [
        (date(1989, 10, 26), "1989-SP"),  # TimeBank writes 1988-SP: the spring a year and a half back
        (date(1989, 4, 20), "1988-SP"),  # the spring under way is not yet "last spring"
    ],
)
def test_last_spring_is_the_one_that_ended_last(published: date, value: str) -> None:
    assert value_of("The plant closed last spring.", "last spring", published) == value


def test_last_fall_in_spring_is_the_fall_before() -> None:
    assert value_of("The plant closed last fall.", "last fall", date(1999, 5, 7)) == "1998-FA"
