"""Clock forms: an hour with a part of the day ("at 7 in the evening"), military hours ("0600 hours"),
noon or midnight before a weekday in a sentence that looks ahead ("starts at noon Friday"), and times
with seconds, which are a clock time after "at" and a length of time after a race is run
("finished in 3:07:35").

2019-10-16 is a Wednesday.
"""

from __future__ import annotations

from datetime import date

import pytest
from timex_lookup import tag, value_of

WED = date(2019, 10, 16)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The attack came at 7 in the evening.", "7 in the evening", "2019-10-16T19:00"),
        ("The attack came at seven in the morning.", "seven in the morning", "2019-10-16T07:00"),
        ("The raid began at 3 o'clock in the afternoon.", "3 o'clock in the afternoon", "2019-10-16T15:00"),
        ("Fighting resumed at 11 at night on Tuesday.", "11 at night", "2019-10-15T23:00"),
    ],
)
def test_an_hour_with_a_part_of_the_day(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value


def test_a_count_in_the_evening_is_no_clock_time() -> None:
    assert [t.text for t in tag("Some 7 in the evening shift were sent home.", WED)] == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The raid began at 0600 hours.", "0600 hours", "2019-10-16T06:00"),
        ("The curfew starts at 2100 hours on Friday.", "2100 hours", "2019-10-18T21:00"),
        ("The troops moved out at 1430 hrs.", "1430 hrs", "2019-10-16T14:30"),
    ],
)
def test_military_hours_are_clock_times(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value


def test_a_number_of_hours_stays_a_duration() -> None:
    found = tag("He was sentenced to 2000 hours of community service.", WED)
    assert [(t.type, t.value) for t in found] == [("DURATION", "PT2000H")]


def test_noon_before_a_weekday_in_a_schedule_is_the_coming_day() -> None:
    assert value_of("The parade starts at noon Friday.", "noon Friday", WED) == "2019-10-18T12:00"
    assert value_of("The parade will start at noon Friday.", "noon Friday", WED) == "2019-10-18T12:00"


def test_noon_before_a_weekday_in_the_past_is_the_last_day() -> None:
    assert value_of("The parade started at noon Friday.", "noon Friday", WED) == "2019-10-11T12:00"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("She finished in 3:07:35 to win the marathon.", "3:07:35", "PT3H7M35S"),
        ("He won the race in a time of 2:05:11.", "2:05:11", "PT2H5M11S"),
        ("Kipchoge ran 2:01:39 in Berlin.", "2:01:39", "PT2H1M39S"),
    ],
)
def test_a_time_with_seconds_taken_to_run_is_a_duration(text: str, phrase: str, value: str) -> None:
    found = [t for t in tag(text, WED) if t.text == phrase]
    assert [(t.type, t.value) for t in found] == [("DURATION", value)]


def test_a_time_with_seconds_after_at_is_a_clock_time() -> None:
    found = [t for t in tag("The quake struck at 03:21:15 local time.", WED) if "03:21" in t.text]
    assert [(t.type, t.value) for t in found] == [("TIME", "2019-10-16T03:21:15")]


def test_a_clock_time_with_seconds_and_pm_joins_its_date() -> None:
    found = tag("RELEASE DATE: October 19, 2016 4:24:12 PM CDT. Police said.", WED)
    assert [(t.text, t.value) for t in found] == [("October 19, 2016 4:24:12 PM CDT", "2016-10-19T16:24:12")]
