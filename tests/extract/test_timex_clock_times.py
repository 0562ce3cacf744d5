"""Clock times and the day they fall on: joined with a weekday and its part ("7:35 p.m. Wednesday
evening", "10:30 Monday night", "midnight Friday night"), or, alone, on the day named in their sentence
or just before, else on the publication date.

2016-05-26 is a Thursday; 2015-09-29 a Tuesday; 2014-08-10 a Sunday; 2016-02-29 a Monday; 2016-03-28 a
Monday.
"""

from __future__ import annotations

from datetime import date

from timex_lookup import tag, value_of


def test_clock_time_joins_a_day_with_its_part() -> None:
    text = "Smelley is suspected of shooting the toddler at about 7:35 p.m. Wednesday evening in a yard."
    found = tag(text, date(2016, 5, 26))  # a Thursday
    assert [(t.text, t.type, t.value) for t in found] == [("7:35 p.m. Wednesday evening", "TIME", "2016-05-25T19:35")]


def test_clock_without_am_pm_takes_the_half_its_part_of_day_says() -> None:
    text = "Around 10:30 Monday night, police were called to a home on Elm Street."
    assert value_of(text, "10:30", date(2015, 9, 29)) == "2015-09-28T22:30"


def test_midnight_friday_night_is_the_end_of_friday() -> None:
    text = "Four people were shot just before midnight Friday night in Northeast."
    assert value_of(text, "midnight", date(2014, 8, 10)) == "2014-08-08T24:00"


def test_lone_clock_falls_on_the_part_of_day_named_in_its_sentence() -> None:
    text = "Police said it happened Saturday night, and officers arrived about 9:45 p.m. to the scene."
    assert value_of(text, "9:45 p.m.", date(2016, 2, 29)) == "2016-02-27T21:45"


def test_lone_clock_falls_on_the_day_the_story_just_named() -> None:
    text = "A boy has died after apparently being shot Friday morning in Puna. Responding to an 8:09 a.m. call, police found him."
    assert value_of(text, "8:09 a.m.", date(2016, 3, 28)) == "2016-03-25T08:09"  # 28 March 2016 was a Monday


def test_lone_clock_far_from_any_day_stays_on_the_publication_date() -> None:
    text = (
        "A man was shot on Friday in Puna. "
        + "Neighbours said the street had been quiet for years. " * 12
        + "The store closes at 9 p.m. every night."
    )
    assert value_of(text, "9 p.m.", date(2016, 3, 28)) == "2016-03-28T21:00"


def test_twelve_in_the_afternoon_is_noon_and_twelve_at_night_midnight() -> None:
    day = date(2019, 10, 16)
    assert value_of("The shop opens at 12 in the afternoon.", "12 in the afternoon", day) == "2019-10-16T12:00"
    assert value_of("The talks resumed at twelve in the afternoon.", "twelve in the afternoon", day) == (
        "2019-10-16T12:00"
    )
    assert value_of("The bar closes at 12 at night.", "12 at night", day) == "2019-10-16T24:00"
    assert value_of("The shop opens at 1 in the afternoon.", "1 in the afternoon", day) == "2019-10-16T13:00"
