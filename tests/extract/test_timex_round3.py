"""Round 3 of the TempEval-3 value rules: year-to-date comparisons in earnings news, quarters in
reference phrases, fiscal quarters, "one day" as "some day", "-long" adjectives, modal futures and
"the day after" an event.

1989-10-26 is a Thursday (as in the WSJ part of TimeBank); 2008-09-04 is a Thursday too.
"""

from __future__ import annotations

from datetime import date

import timex_lookup

DCT = date(1989, 10, 26)


def value_of(text: str, phrase: str, published: date = DCT) -> str:
    return timex_lookup.value_of(text, phrase, published)


def test_year_earlier_after_nine_months_is_the_year() -> None:
    text = ("Acme Corp. reported third-quarter net of $5 million. For the nine months, net was $12 million, "
            "compared with $10 million a year earlier.")
    assert value_of(text, "a year earlier") == "1988"


def test_year_earlier_after_the_quarter_stays_a_quarter() -> None:
    text = ("Acme Corp. reported third-quarter net of $5 million, up from $4 million a year earlier.")
    assert value_of(text, "a year earlier") == "1988-Q3"


def test_year_earlier_adjective_after_nine_months_is_the_year() -> None:
    text = ("Acme Corp. had a third-quarter loss. For the nine months, the company reported a net loss of "
            "$608,413, compared with year-earlier net income of $967,809.")
    assert value_of(text, "year-earlier") == "1988"


def test_the_1988_period_after_nine_months_is_the_year() -> None:
    text = ("Acme's third-quarter net rose. In the first nine months, net was $306 million, compared with a "
            "loss of $195 million in the 1988 period.")
    assert value_of(text, "the 1988 period") == "1988"


def test_future_quarters_is_future_ref() -> None:
    text = "The company has loss carry-forwards that will cut tax payments in future quarters."
    assert value_of(text, "future quarters") == "FUTURE_REF"


def test_coming_quarters_is_future_ref() -> None:
    text = "\"It doesn't bode well for coming quarters,\" the analyst said."
    assert value_of(text, "coming quarters") == "FUTURE_REF"


def test_in_past_years_is_past_ref() -> None:
    text = "Of course, there were sell programs in past years, too."
    assert value_of(text, "past years") == "PAST_REF"


def test_fiscal_first_quarter_with_hyphen() -> None:
    text = "Acme earned $4 million for the fiscal-first quarter ended Sept. 30."
    assert value_of(text, "fiscal-first quarter") == "1989-Q1"


def test_one_day_after_a_modal_is_some_day() -> None:
    text = "According to the institute, Islam will one day be the second largest religion in the country."
    assert value_of(text, "one day") == "FUTURE_REF"


def test_one_day_as_a_length_stays_a_duration() -> None:
    # "to" before "one day" reaches the some-day check; "in" after it marks a length: a day's sentence
    text = "He was sentenced to one day in jail."
    assert value_of(text, "one day") == "P1D"


def test_day_long_and_decades_long() -> None:
    text = "Lawyers emerged from their third day-long meeting, the latest turn in a decades-long battle."
    assert value_of(text, "day-long") == "P1D"
    assert value_of(text, "decades-long") == "PXY"


def test_should_puts_a_month_ahead() -> None:
    text = "The purchase includes rights to the brand. The transaction should be completed in October."
    assert value_of(text, "October", date(2009, 6, 5)) == "2009-10"


def test_the_day_after_an_event_is_the_next_day() -> None:
    text = ("Slepian was killed on Oct. 23, 1998. Police said two men showed up at his house the day after "
            "his death.")
    assert value_of(text, "day after") == "1998-10-24"


def test_a_date_restated_as_the_day_before_keeps_its_value() -> None:
    text = "Eight trading days after Oct. 12, the day before the stock market plunge, the index was flat."
    assert value_of(text, "the day before") == "1989-10-12"


def test_latest_period_is_the_fiscal_quarter_reported() -> None:
    text = ("Ralston Purina Co. reported a 47% decline in fourth-quarter earnings. Net was $40 million, "
            "compared with $84.9 million a year earlier. Sales in the latest period were $1.76 billion.")
    published = date(1989, 11, 2)
    assert value_of(text, "a year earlier", published) == "1988-Q4"
    assert value_of(text, "the latest period", published) == "1989-Q4"


def test_latest_quarter_after_third_quarter_results_is_the_third() -> None:
    text = ("Acme reported third-quarter net of $5 million, up from $4 million a year ago, and expects a "
            "fourth-quarter charge. Sales in the latest quarter were $30 million.")
    assert value_of(text, "the latest quarter", date(1989, 11, 2)) == "1989-Q3"


def test_formerly_a_role_is_not_a_time() -> None:
    text = "Also involved is Robert F. Angelo, formerly Phoenix's senior vice president, who left in May."
    assert not [t for t in timex_lookup.tag(text, DCT) if t.text.lower() == "formerly"]
