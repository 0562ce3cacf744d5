"""Calendar knowledge: Easter and the feasts that move with it, the holidays fixed to a weekday of a
month (Mother's Day, Father's Day, Thanksgiving, Memorial Day, Labor Day) and to a day of the year, each
the occurrence its sentence points to; quarters with their year in every order ("the 2019 third quarter",
"Q3 2019", "the third quarter of 2019").

2019-10-16 is a Wednesday. Easter fell on 2019-04-21 and falls on 2020-04-12; Easter 2018 was 1 April.
"""

from __future__ import annotations

from datetime import date

import pytest
from timex_lookup import tag, value_of

from newsledger.extract.times.rules import holiday_rule
from newsledger.lexicon import LexiconError

WED = date(2019, 10, 16)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Shops will close on Good Friday.", "Good Friday", "2020-04-10"),
        ("Shops will close on Easter Monday.", "Easter Monday", "2020-04-13"),
        ("The pilgrims will gather at Pentecost.", "Pentecost", "2020-05-31"),
        ("Lent will begin on Ash Wednesday.", "Ash Wednesday", "2020-02-26"),
        ("The church was packed at Easter 2018.", "Easter 2018", "2018-04-01"),
        ("The church was packed on Palm Sunday.", "Palm Sunday", "2019-04-14"),
    ],
)
def test_easter_and_the_feasts_that_move_with_it(text: str, phrase: str, value: str) -> None:
    assert [(t.text, t.value) for t in tag(text, WED)] == [(phrase, value)]


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Florists sold out on Mother's Day.", "Mother's Day", "2019-05-12"),
        ("Florists sold out on Mothers Day 2018.", "Mothers Day 2018", "2018-05-13"),
        ("The team played on Father's Day.", "Father's Day", "2019-06-16"),
        ("The store will close on Thanksgiving.", "Thanksgiving", "2019-11-28"),
        ("The parade was held on Memorial Day 2018.", "Memorial Day 2018", "2018-05-28"),
        ("The shooting on St. Patrick's Day of 2012 left two dead.", "St. Patrick's Day of 2012", "2012-03-17"),
        ("The strike began on Labor Day.", "Labor Day", "2019-09-02"),
        ("The shops reopen on New Year's Day.", "New Year's Day", "2020-01-01"),
        ("Fireworks lit the sky on Independence Day.", "Independence Day", "2019-07-04"),
        ("Fireworks lit the sky on the Fourth of July.", "Fourth of July", "2019-07-04"),
    ],
)
def test_holidays_of_a_weekday_or_a_day_of_the_year(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value


def test_holiday_words_that_name_no_day() -> None:
    assert tag("He chose a father's day off and a mother's day job.", WED) == []


def test_a_holiday_rule_that_cannot_be_read_stops_the_load() -> None:
    with pytest.raises(LexiconError):
        holiday_rule("boxing day", "13-45")
    with pytest.raises(LexiconError):
        holiday_rule("thanksgiving", "5:thursday:11")
    assert holiday_rule("thanksgiving", "4:thu:11")(2019) == date(2019, 11, 28)
    assert holiday_rule("election day", "1:mon:11+1")(2020) == date(2020, 11, 3)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Profit rose in the 2019 third quarter.", "the 2019 third quarter", "2019-Q3"),
        ("Profit rose in Q3 2019.", "Q3 2019", "2019-Q3"),
        ("Profit rose in 2018 Q4.", "2018 Q4", "2018-Q4"),
        ("Profit rose in Q1 of 2018.", "Q1 of 2018", "2018-Q1"),
        ("Profit rose in the third quarter of 2019.", "the third quarter of 2019", "2019-Q3"),
        ("Profit rose in Q2, the company said.", "Q2", "2019-Q2"),
        ("Profit rose in 3Q19, the company said.", "3Q19", "2019-Q3"),
    ],
)
def test_quarters_with_their_year(text: str, phrase: str, value: str) -> None:
    assert [(t.text, t.value) for t in tag(text, WED)] == [(phrase, value)]


def test_a_car_called_q3_is_no_quarter() -> None:
    assert tag("He drove an Audi Q3 to the airport.", WED) == []


def test_every_holiday_in_the_lexicon_has_a_day_in_every_year() -> None:
    from newsledger.extract.times.rules import HOLIDAYS

    assert {"easter", "good friday", "mother's day", "thanksgiving", "christmas"} <= set(HOLIDAYS)
    for name, (rule_, day_of) in HOLIDAYS.items():
        for year in (1990, 2000, 2019, 2024):
            assert day_of(year).year == year, (name, rule_)


@pytest.mark.parametrize(
    "text",
    [
        "The Q3 was recalled in 2019.",
        "The new Q3 2020 edition of the SUV has a bigger boot.",
        "A Q5 and a Q3 were parked outside the hotel.",
        "She sold her Q3 to a neighbour last spring.",
    ],
)
def test_a_quarter_code_without_reporting_words_after_a_weak_lead_is_a_name(text: str) -> None:
    assert [t.value for t in tag(text, WED) if "Q" in t.value] == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The Q3 results beat forecasts, the company said.", "Q3", "2019-Q3"),
        ("Its Q2 earnings fell 4 percent.", "Q2", "2019-Q2"),
        ("The Q1 2018 revenue was restated.", "Q1 2018", "2018-Q1"),
    ],
)
def test_a_quarter_code_among_reporting_words_is_a_quarter(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value


def test_an_ordinal_day_outside_a_month_stops_the_load() -> None:
    from newsledger.extract.times.rules import checked_ordinal_days

    with pytest.raises(LexiconError, match="thirty-second"):
        checked_ordinal_days({"first": 1, "thirty-second": 32})
    with pytest.raises(LexiconError):
        checked_ordinal_days({"zeroth": 0})
    assert checked_ordinal_days({"first": 1}) == {"first": 1}


@pytest.mark.parametrize(
    "text",
    ["Epiphany struck him as he read the letter.", "It was an Epiphany for the young coach."],
)
def test_a_holiday_name_that_is_a_common_noun_needs_a_context_of_dates(text: str) -> None:
    assert tag(text, WED) == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The shops reopened after Epiphany.", "Epiphany", "2019-01-06"),
        ("Epiphany 2018 fell on a Saturday.", "Epiphany 2018", "2018-01-06"),
        ("Epiphany's processions were cancelled.", "Epiphany", "2019-01-06"),
        ("The parade will be held on Veteran's Day.", "Veteran's Day", "2019-11-11"),
        ("The parade will be held on Veterans' Day.", "Veterans' Day", "2019-11-11"),
    ],
)
def test_holidays_with_a_context_of_dates_and_apostrophe_variants(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value
