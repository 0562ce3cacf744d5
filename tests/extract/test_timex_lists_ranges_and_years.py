"""Lists and ranges ("April 24 and 25", "between 60 and 90 days", "two or three decades"), years in
two digits ("since '82", "October '87"), decades ("the 70s and 80s"), a month "of next year",
September 11, and US dates with dashes; numbers in the same places that are no times.

1999-02-10 is a Wednesday.
"""

from __future__ import annotations

from datetime import date

from timex_lookup import tag, value_of


def test_second_day_after_and_is_a_date_of_the_same_month() -> None:
    text = "The accession will be celebrated at the NATO Washington summit on April 24 and 25."
    found = tag(text, date(1999, 2, 10))
    assert [(t.text, t.value) for t in found] == [("April 24", "1999-04-24"), ("25", "1999-04-25")]
    assert text[found[1].start:found[1].end] == "25"


def test_number_after_and_that_counts_something_is_no_day() -> None:
    text = "Rioting broke out on June 3 and 4 people died."
    assert [t.text for t in tag(text, date(1999, 6, 10))] == ["June 3"]


def test_first_number_of_a_range_of_durations_is_a_duration_of_its_own() -> None:
    text = "He said the bankruptcy process would take between 60 and 90 days."
    found = tag(text, date(2009, 6, 4))
    assert [(t.text, t.type, t.value) for t in found] == [("60", "DURATION", "P60D"), ("90 days", "DURATION", "P90D")]


def test_range_of_decades_writes_the_first_in_years_too() -> None:
    text = "Rebuilding could take two or three decades."
    assert [(t.text, t.value) for t in tag(text, date(2009, 6, 4))] == [("two", "P20Y"), ("three decades", "P30Y")]


def test_amount_of_money_before_to_is_no_duration() -> None:
    text = "The fee was raised from $5 to 10 days of pay."
    assert [t.text for t in tag(text, date(2009, 6, 4))] == ["10 days"]


def test_a_year_before_and_is_no_start_of_a_range() -> None:
    text = "The plant opened in 1998 and two years later it closed."
    assert [(t.text, t.value) for t in tag(text, date(2009, 6, 4))][0] == ("1998", "1998")
    assert "P1998Y" not in [t.value for t in tag(text, date(2009, 6, 4))]


def test_a_year_in_two_digits_after_since_is_the_nearest_such_year() -> None:
    text = "Nikkei at lowest level since '82 as Asian markets fell."
    assert value_of(text, "'82", date(2008, 10, 27)) == "1982"


def test_month_with_a_two_digit_year_is_one_expression() -> None:
    text = "The crash of October \u201987 wiped out a fifth of the market."
    found = tag(text, date(2007, 10, 20))
    assert [(t.text, t.value) for t in found] == [("October \u201987", "1987-10")]


def test_two_digit_year_without_a_publication_date_is_not_guessed() -> None:
    text = "Nikkei at lowest level since '82 as Asian markets fell."
    assert value_of(text, "'82", None) == "XXXX"


def test_quoted_number_is_no_year() -> None:
    assert tag("He called the '98 percent' figure wrong.", date(2008, 10, 27)) == []


def test_second_decade_without_the_is_a_decade() -> None:
    text = "It replaced the boxy cars of the 70s and 80s."
    assert [(t.text, t.value) for t in tag(text, date(2007, 2, 9))] == [("the 70s", "197"), ("80s", "198")]


def test_ages_in_their_seventies_and_eighties_are_no_decades() -> None:
    assert tag("Most of the victims were people in their 70s and 80s.", date(2007, 2, 9)) == []


def test_month_of_next_year_is_that_month_of_next_year() -> None:
    text = "Dealers whose franchises won't be renewed after October of next year will receive a letter."
    found = tag(text, date(2009, 5, 15))
    assert [(t.text, t.value) for t in found] == [("October", "2010-10"), ("next year", "2010")]


def test_month_of_last_year_without_a_publication_date_keeps_the_year_unknown() -> None:
    assert value_of("In March of last year, sales fell.", "March", None) == "XXXX-03"


def test_the_september_11_attacks_are_dated_2001() -> None:
    text = "It was the worst fall since the re-opening of the markets after the September 11th terrorist attacks."
    assert value_of(text, "September 11th", date(2007, 2, 27)) == "2001-09-11"
    assert value_of("Airport security has tightened since 9/11.", "9/11", date(2007, 2, 27)) == "2001-09-11"
    assert value_of("Airport security has tightened since 9/11.", "9/11", None) == "2001-09-11"


def test_a_plain_september_11_is_still_resolved_against_the_publication_date() -> None:
    assert value_of("The board will vote on September 11.", "September 11", date(2007, 2, 27)) == "2007-09-11"


def test_us_date_with_dashes() -> None:
    text = "Update at 10:18 a.m. on 8-31-2015: The man died at the hospital."
    assert value_of(text, "8-31-2015", date(2015, 8, 27)) == "2015-08-31T10:18"
    assert tag("The Cubs won 3-2 in extra innings.", date(2015, 8, 27)) == []
    assert tag("On 13-31-2015 nothing happened.", date(2015, 8, 27)) == []
