"""Review fixes to the time tagger: impossible dates, "the day after" a weekday with a part of the day,
the quarter reported around the new year, and loose triggers ("six months", "to one day", "the day
after Christmas", "last May 12 people").

Weekdays used: 1990-03-05 is a Monday, 1990-08-05 a Sunday, 1999-03-10 a Wednesday, 1999-03-13 a
Saturday, 1989-10-26 a Thursday.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from newsledger.extract.timex import Timex, find_times
from timex_lookup import hits, tag, value_of


def real_dates_only(found: list[Timex]) -> None:
    """Every value that starts with a full date names a day the calendar has."""
    for timex in found:
        day = re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d])", timex.value)
        if day:
            date(int(day[1]), int(day[2]), int(day[3]))  # raises on 1990-02-30


# 1. impossible dates ------------------------------------------------------------------------------


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


# 2. "the day after Friday night" ------------------------------------------------------------------


def test_the_day_after_a_weekday_with_its_part_of_the_day() -> None:
    text = "She arrived the day after Friday night's game."
    # published Saturday 13 March 1999: "Friday night's game" was Friday 12 March, at night; the day
    # after it is Saturday 13 March, the part of the day kept as the rule does for the weekday
    assert value_of(text, "the day after Friday night", date(1999, 3, 13)) == "1999-03-13TNI"


def test_the_day_after_this_friday() -> None:
    text = "She arrived the day after this Friday's game."
    # published Wednesday 10 March 1999: "this Friday's game", a possessive weekday in a past-tense
    # sentence, is the Friday already gone, 5 March (as "Friday's game" alone); the day after is 6 March
    assert value_of(text, "this Friday's", date(1999, 3, 10)) == "1999-03-06"


# 3. the quarter reported around the new year ------------------------------------------------------


def test_year_earlier_takes_the_quarter_just_ended_over_the_one_just_begun() -> None:
    text = ("Acme said fourth-quarter net income rose 10%. It expects first-quarter sales to fall. "
            "Net was $5 million, compared with $4 million a year earlier.")
    # published 2 February 1990: the results are for the fourth quarter of 1989, which has ended;
    # the first quarter of 1990 has only begun. A year before the reported quarter is 1988-Q4.
    assert value_of(text, "a year earlier", date(1990, 2, 2)) == "1988-Q4"


def test_a_fiscal_quarter_under_way_still_beats_last_years_quarter() -> None:
    text = ("Acme's fourth-quarter net rose 10% from the year-earlier fourth quarter. "
            "Sales were $5 million, compared with $4 million a year earlier.")
    # 2 November 1989: the reported fiscal fourth quarter is 1989-Q4 (begun, not ended); the 1988
    # fourth quarter, though ended, is four quarters behind it, so "a year earlier" is 1988-Q4, not 1987-Q4
    assert value_of(text, "year-earlier fourth quarter", date(1989, 11, 2)) == "1988-Q4"
    assert value_of(text, "a year earlier", date(1989, 11, 2)) == "1988-Q4"


# 4. loose triggers --------------------------------------------------------------------------------


def test_six_months_of_declines_is_no_year_to_date_frame() -> None:
    text = ("Acme reported third-quarter net of $5 million. After six months of declines, sales rose 3% "
            "from a year earlier.")
    # the comparison is the reported quarter's (1989-Q3 in a story of 26 October 1989), a year back
    assert value_of(text, "a year earlier", date(1989, 10, 26)) == "1988-Q3"


def test_first_six_months_is_still_a_year_to_date_frame() -> None:
    text = ("Acme reported third-quarter net of $5 million. In the first six months, net was $9 million, "
            "compared with $7 million a year earlier.")
    assert value_of(text, "a year earlier", date(1989, 10, 26)) == "1988"


def test_limited_to_one_day_is_a_length() -> None:
    text = "Tickets are limited to one day per customer."
    assert value_of(text, "one day", date(1990, 3, 5)) == "P1D"
    without_parse = [t.value for t in find_times(text, date(1990, 3, 5))]
    assert without_parse == ["P1D"]


def test_hopes_to_one_day_become_is_some_day() -> None:
    text = "She hopes to one day become a doctor."
    assert value_of(text, "one day", date(1990, 3, 5)) == "FUTURE_REF"
    assert [t.value for t in find_times(text, date(1990, 3, 5))] == ["FUTURE_REF"]


def test_the_day_after_christmas_is_not_the_day_after_the_story_date() -> None:
    text = "The fire broke out March 3. Shops reopened the day after Christmas."
    # published 5 March 1990, past tense: Christmas is 25 December 1989, the day after it the 26th,
    # not 4 March (the day after the date the story named before)
    assert value_of(text, "the day after", date(1990, 3, 5)) == "1989-12-26"
    assert value_of(text, "Christmas", date(1990, 3, 5)) == "1989-12-25"


def test_the_day_after_a_name_is_not_shifted_from_the_story_date() -> None:
    text = "The fire broke out March 3. Shops reopened the day after Smith was arrested."
    # the day Smith was arrested is not given, so "the day" is not 4 March
    assert [t.value for t in hits(text, "the day after", date(1990, 3, 5))] == []


def test_the_day_after_an_event_still_counts_from_the_story_date() -> None:
    text = "The fire broke out March 3. Shops reopened the day after the fire."
    assert value_of(text, "the day after", date(1990, 3, 5)) == "1990-03-04"


def test_last_may_then_a_count_is_the_month() -> None:
    text = "Since last May 12 people have died."
    # published 5 March 1990: "last May" is May 1989; "12 people" is a count, not the 12th
    assert value_of(text, "last May", date(1990, 3, 5)) == "1989-05"
    assert hits(text, "12 people", date(1990, 3, 5)) == []
    assert value_of("Since last May 12 of them have died.", "last May", date(1990, 3, 5)) == "1989-05"


def test_last_month_with_a_day_before_a_preposition_keeps_the_day() -> None:
    text = "He was shot last Oct. 23 in his home."
    assert value_of(text, "last Oct. 23", date(1990, 3, 5)) == "1989-10-23"
