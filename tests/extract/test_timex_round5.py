"""Round 5 of the time rules: the second day of "April 24 and 25", and "the next morning" /
"the following day" counted from the day the story last named.

1999-02-10 is a Wednesday; 2000-02-24 a Thursday.
"""

from __future__ import annotations

from datetime import date

from timex_lookup import hits, tag, value_of


def test_second_day_after_and_is_a_date_of_the_same_month() -> None:
    text = "The accession will be celebrated at the NATO Washington summit on April 24 and 25."
    found = tag(text, date(1999, 2, 10))
    assert [(t.text, t.value) for t in found] == [("April 24", "1999-04-24"), ("25", "1999-04-25")]
    assert text[found[1].start:found[1].end] == "25"


def test_number_after_and_that_counts_something_is_no_day() -> None:
    text = "Rioting broke out on June 3 and 4 people died."
    assert [t.text for t in tag(text, date(1999, 6, 10))] == ["June 3"]


def test_second_day_that_the_month_lacks_is_not_tagged() -> None:
    text = "The figures for Feb. 28 and 30 were revised."
    assert [t.text for t in tag(text, date(1999, 3, 10))] == ["Feb. 28"]


def test_the_next_morning_is_a_day_after_the_day_named() -> None:
    text = "Gonzalez was taken to hospital on Feb. 21. He appeared in court the next morning."
    assert value_of(text, "the next morning", date(2000, 2, 24)) == "2000-02-22TMO"


def test_the_following_day_without_a_day_named_stays_unknown() -> None:
    text = "The boy was found the following day, police said."
    found = hits(text, "the following day", date(2000, 2, 24))
    assert [(t.text, t.value) for t in found] == [("the following day", "XXXX-XX-XX")]


def test_the_previous_night_counts_back_from_the_day_named() -> None:
    text = "The ruling came on Wednesday, Jan. 5. Protesters had gathered the previous night."
    assert value_of(text, "the previous night", date(2000, 1, 7)) == "2000-01-04TNI"


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


def test_then_current_is_a_past_present() -> None:
    text = "Holders may buy shares at 50% of the then current market price."
    assert [(t.text, t.value) for t in tag(text, date(1989, 10, 26))] == [("current", "PAST_REF")]
    assert value_of("The current price is low.", "current", date(1989, 10, 26)) == "PRESENT_REF"


def test_the_day_before_something_undated_is_no_publication_date() -> None:
    text = "Police said he bought the gun the day before the shooting."
    found = hits(text, "the day", date(2009, 5, 15))
    assert [(t.text, t.value) for t in found] == [("the day", "XXXX-XX-XX")]


def test_the_september_11_attacks_are_dated_2001() -> None:
    text = "It was the worst fall since the re-opening of the markets after the September 11th terrorist attacks."
    assert value_of(text, "September 11th", date(2007, 2, 27)) == "2001-09-11"
    assert value_of("Airport security has tightened since 9/11.", "9/11", date(2007, 2, 27)) == "2001-09-11"
    assert value_of("Airport security has tightened since 9/11.", "9/11", None) == "2001-09-11"


def test_a_plain_september_11_is_still_resolved_against_the_publication_date() -> None:
    assert value_of("The board will vote on September 11.", "September 11", date(2007, 2, 27)) == "2007-09-11"


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
    text = ("A man was shot on Friday in Puna. " + "Neighbours said the street had been quiet for years. " * 12
            + "The store closes at 9 p.m. every night.")
    assert value_of(text, "9 p.m.", date(2016, 3, 28)) == "2016-03-28T21:00"


def test_us_date_with_dashes() -> None:
    text = "Update at 10:18 a.m. on 8-31-2015: The man died at the hospital."
    assert value_of(text, "8-31-2015", date(2015, 8, 27)) == "2015-08-31T10:18"
    assert tag("The Cubs won 3-2 in extra innings.", date(2015, 8, 27)) == []
    assert tag("On 13-31-2015 nothing happened.", date(2015, 8, 27)) == []
