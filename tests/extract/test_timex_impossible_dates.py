"""Dates the calendar lacks (Feb. 30, June 31, Feb. 29 of a common year, 2/30/1990, "Feb. 28 and
30"): the month is kept where the text names one, nothing is tagged where it does not, and no rule
that counts from such a day crashes or makes one up.

Weekdays used: 1990-03-05 is a Monday, 1990-08-05 a Sunday.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from timex_lookup import hits, tag, value_of

from newsledger.extract.times.rules import Timex, find_times


def real_dates_only(found: list[Timex]) -> None:
    """Every value that starts with a full date names a day the calendar has."""
    for timex in found:
        day = re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d])", timex.value)
        if day:
            date(int(day[1]), int(day[2]), int(day[3]))  # raises on 1990-02-30


def test_the_day_after_an_impossible_date_does_not_crash() -> None:
    text = "The attack happened on Feb. 30, 1990. Police arrived the day after the attack."
    found = tag(text, date(1990, 3, 5))
    real_dates_only(found)
    # February 1990 has no 30th: the text still names the month, so the month is what is tagged
    assert value_of(text, "Feb. 30, 1990", date(1990, 3, 5)) == "1990-02"


def test_last_june_31_keeps_the_month() -> None:
    text = "He left last June 31. Police arrived the day after the attack."
    found = tag(text, date(1990, 3, 5))
    real_dates_only(found)
    # "last June" from March 1990 is June 1989; June has 30 days, so no day is given
    assert value_of(text, "last June 31", date(1990, 3, 5)) == "1989-06"


def test_the_previous_friday_after_an_impossible_date() -> None:
    text = "It opened June 31. She had left the previous Friday."
    found = tag(text, date(1990, 8, 5))
    real_dates_only(found)
    assert value_of(text, "June 31", date(1990, 8, 5)) == "1990-06"
    # no real day was named, so "the previous Friday" counts from the publication date, Sunday
    # 5 August 1990: the Friday before it is 3 August
    assert value_of(text, "the previous Friday", date(1990, 8, 5)) == "1990-08-03"


def test_february_29_only_in_a_leap_year() -> None:
    assert value_of("It was signed Feb. 29, 1988.", "Feb. 29, 1988", date(1990, 3, 5)) == "1988-02-29"
    assert value_of("It was signed Feb. 29, 1989.", "Feb. 29, 1989", date(1990, 3, 5)) == "1989-02"
    assert value_of("It was signed on 31 April 1989.", "31 April 1989", date(1990, 3, 5)) == "1989-04"


def test_an_impossible_numeric_date_is_untagged() -> None:
    text = "The form was dated 2/30/1990 by mistake."
    # no month name to fall back on: "2/30" is no date at all (the year alone may still be tagged)
    assert hits(text, "2/30/", date(1990, 3, 5)) == []


@pytest.mark.parametrize("published", [date(1990, 3, 5), None])
def test_no_month_and_day_makes_find_times_fail(published: date | None) -> None:
    months = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    for month in months:
        for day in (28, 29, 30, 31, 32):
            text = (f"It began {month} {day}, 1990, and ended {month} {day}. Police came the day after the "
                    f"attack. She left the previous Friday, and last {month} {day} the day before the vote "
                    f"was quiet. The week of {month} {day} was calm, as was {day} {month}.")
            real_dates_only(find_times(text, published))  # no parse: the rules alone


def test_second_day_that_the_month_lacks_is_not_tagged() -> None:
    text = "The figures for Feb. 28 and 30 were revised."
    assert [t.text for t in tag(text, date(1999, 3, 10))] == ["Feb. 28"]
