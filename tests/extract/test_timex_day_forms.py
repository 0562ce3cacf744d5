"""Day forms: an ordinal day in words ("the third of March"), a weekday with a day of the month
("Monday the 14th"), two days of one month ("March 3rd and 4th", "3 and 4 March"), numeric dates in
other layouts ("2021-3-7", "07-MAR-21", "7.3.2021" read by the article's own convention, else left
underspecified), ranges written with a hyphen ("1 Jul 2017-17 Apr 2018") and a year in brackets after a
month ("March (2019)").

2019-10-16 is a Wednesday; 2019-10-14 a Monday, 2019-10-01 a Tuesday, 2019-11-01 a Friday.
"""

from __future__ import annotations

from datetime import date

import pytest
from timex_lookup import tag, value_of

WED = date(2019, 10, 16)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The vote was held on the third of March.", "third of March", "2019-03-03"),
        ("The referendum will be held on the twenty-first of November.", "twenty-first of November", "2019-11-21"),
        ("She was born on the first of June, 1990, in Leeds.", "first of June", "1990-06-01"),
        ("Talks opened on the 3rd of March and stalled.", "3rd of March", "2019-03-03"),
    ],
)
def test_an_ordinal_day_of_a_month(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value


def test_an_ordinal_of_no_month_is_no_date() -> None:
    assert tag("He was the third of four sons, and the first of them to marry.", WED) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The council met on Monday the 14th to discuss the budget.", "2019-10-14"),
        ("The council met on Tuesday the first to discuss the budget.", "2019-10-01"),
        ("The council will meet on Friday the 1st to discuss the budget.", "2019-11-01"),
    ],
)
def test_a_weekday_with_a_day_of_the_month_is_that_date(text: str, value: str) -> None:
    found = [t for t in tag(text, WED) if t.type == "DATE"]
    assert [t.value for t in found] == [value]
    assert found[0].text.endswith(("14th", "first", "1st"))


def test_a_weekday_then_the_ordinal_of_something_else_is_only_the_weekday() -> None:
    text = "The council met on Monday the 14th time this year."
    assert "2019-10-14" in [t.value for t in tag(text, WED)]
    assert value_of("On Monday the first speaker was booed.", "Monday", WED) == "2019-10-14"


@pytest.mark.parametrize(
    ("text", "first", "second", "values"),
    [
        ("Talks were held on March 3rd and 4th in Geneva.", "March 3rd", "4th", ("2019-03-03", "2019-03-04")),
        ("Talks were held on 3 and 4 March in Geneva.", "3", "4 March", ("2019-03-03", "2019-03-04")),
        ("Talks will be held on November 3rd and 4th in Geneva.", "November 3rd", "4th", ("2019-11-03", "2019-11-04")),
    ],
)
def test_two_days_of_one_month_are_both_dates(text: str, first: str, second: str, values: tuple[str, str]) -> None:
    found = [(t.text, t.value) for t in tag(text, WED)]
    assert found == [(first, values[0]), (second, values[1])]


def test_a_count_before_a_date_is_not_a_second_day() -> None:
    text = "Police arrested 12 and 4 March protesters were charged."
    assert all(t.text != "12" for t in tag(text, WED))


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The file was dated 2021-3-7 in the log.", "2021-3-7", "2021-03-07"),
        ("The report was filed on 07-MAR-21 by the clerk.", "07-MAR-21", "2021-03-07"),
        ("The report was filed on 7-Mar-2021 by the clerk.", "7-Mar-2021", "2021-03-07"),
    ],
)
def test_numeric_dates_that_say_their_order(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value


def test_a_dotted_date_takes_the_day_first_order_the_article_shows() -> None:
    text = "The first hearing was on 25.2.2021. The second was on 7.3.2021 in Berlin."
    assert value_of(text, "7.3.2021", WED) == "2021-03-07"


def test_a_slashed_date_takes_the_day_first_order_the_article_shows() -> None:
    text = "The first hearing was on 25/2/2021. The second was on 7/3/2021 in Leeds."
    assert value_of(text, "7/3/2021", WED) == "2021-03-07"


def test_a_dotted_date_takes_the_month_first_order_the_article_shows() -> None:
    text = "The first hearing was on 2.25.2021. The second was on 7.3.2021 in Ohio."
    assert value_of(text, "7.3.2021", WED) == "2021-07-03"


def test_a_dotted_date_of_unknown_order_keeps_only_its_year() -> None:
    assert value_of("The meeting was on 7.3.2021 in Berlin.", "7.3.2021", WED) == "2021-XX-XX"


def test_a_dotted_date_that_only_one_order_allows() -> None:
    assert value_of("The meeting was on 17.3.2021 in Berlin.", "17.3.2021", WED) == "2021-03-17"


def test_a_version_number_is_no_date() -> None:
    assert tag("Install version 7.3.2 of the software, or 2.5.", WED) == []


@pytest.mark.parametrize(
    "text",
    [
        "He served from 1 July 2017 to 17 April 2018 as minister.",
        "He served 1 Jul 2017-17 Apr 2018 as minister.",
        "He served 1 Jul 2017 - 17 Apr 2018 as minister.",
    ],
)
def test_a_range_of_days_has_both_ends(text: str) -> None:
    assert [t.value for t in tag(text, WED)] == ["2017-07-01", "2018-04-17"]


def test_a_range_of_years_is_unchanged() -> None:
    assert [t.value for t in tag("The war lasted from 1990 to 1991.", WED)] == ["1990", "1991"]


def test_a_year_in_brackets_after_a_month_is_that_month() -> None:
    found = tag("The law passed in March (2019) after a long debate.", WED)
    assert [(t.text, t.value) for t in found] == [("March (2019)", "2019-03")]


def test_a_bracketed_number_that_is_no_year_stays_apart() -> None:
    found = tag("Sales rose in March (12%) as the sale began.", WED)
    assert [(t.text, t.value) for t in found] == [("March", "2019-03")]


def test_a_numeric_date_of_unknown_order_near_the_publication_date_in_one_reading_only() -> None:
    assert value_of("[UPDATE 8/2/16] The boy was released.", "8/2/16", date(2016, 8, 1)) == "2016-08-02"
    assert value_of("[UPDATE 8/2/16] The boy was released.", "8/2/16", date(2016, 5, 1)) == "2016-XX-XX"


def test_a_dotted_date_takes_the_order_of_the_dates_written_in_words() -> None:
    text = "The court sat on 25 February. Its ruling, dated 7.3.2021, came later."
    assert value_of(text, "7.3.2021", WED) == "2021-03-07"
    text = "The court sat on February 25. Its ruling, dated 7.3.2021, came later."
    assert value_of(text, "7.3.2021", WED) == "2021-07-03"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("the fireworks were set off on the fourth of july.", "fourth of july", "2019-07-04"),
        ("The ceasefire began on the eleventh of november.", "eleventh of november", "2019-11-11"),
        ("The plant shut on the second of september.", "second of september", "2019-09-02"),
    ],
)
def test_an_ordinal_day_of_a_lowercase_month_that_is_no_common_word(text: str, phrase: str, value: str) -> None:
    assert value_of(text, phrase, WED) == value


def test_an_ordinal_day_of_a_lowercase_common_word_month_is_no_date() -> None:
    # "march" and "may" in lower case are a protest and a verb, as for a month alone
    assert [t.text for t in tag("He was the first of march organisers to speak.", WED)] == []


def test_the_second_day_of_a_pair_keeps_an_ordinal_suffix_in_capitals() -> None:
    found = tag("The hearings were held on March 3rd and 4TH in the capital.", WED)
    assert [(t.text, t.value) for t in found] == [("March 3rd", "2019-03-03"), ("4TH", "2019-03-04")]
