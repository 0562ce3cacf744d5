"""Periods in earnings news: what "a year earlier" compares (the year after "nine months", else the
quarter reported), "the 1988 period", fiscal quarters, "the latest period", and the quarter reported
around the new year.

1989-10-26 is a Thursday (as in the WSJ part of TimeBank), in the fourth quarter of 1989.
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


def test_fiscal_first_quarter_with_hyphen() -> None:
    text = "Acme earned $4 million for the fiscal-first quarter ended Sept. 30."
    assert value_of(text, "fiscal-first quarter") == "1989-Q1"


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


def test_six_months_of_declines_is_no_year_to_date_frame() -> None:
    text = ("Acme reported third-quarter net of $5 million. After six months of declines, sales rose 3% "
            "from a year earlier.")
    # the comparison is the reported quarter's (1989-Q3 in a story of 26 October 1989), a year back
    assert value_of(text, "a year earlier", date(1989, 10, 26)) == "1988-Q3"


def test_first_six_months_is_still_a_year_to_date_frame() -> None:
    text = ("Acme reported third-quarter net of $5 million. In the first six months, net was $9 million, "
            "compared with $7 million a year earlier.")
    assert value_of(text, "a year earlier", date(1989, 10, 26)) == "1988"
