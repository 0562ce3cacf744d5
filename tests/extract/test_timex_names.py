"""Time words that are not times (programme titles, event names, figures) and the quarter an
earnings story reports.

Calendar facts used: 1989-11-02 is a Thursday in the fourth quarter of 1989, so the third quarter
(July-September) has ended by then and the fourth has only begun; 1998-08-07 is a Friday.
"""

from __future__ import annotations

from datetime import date

from newsledger.extract.times.rules import Timex, find_times
from newsledger.nlp import load_nlp

FRIDAY = date(1998, 8, 7)
EARNINGS_DAY = date(1989, 11, 2)


def tag(text: str, published: date | None) -> list[Timex]:
    return find_times(text, published, load_nlp()(text))


def texts(text: str, published: date | None) -> list[str]:
    return [t.text for t in tag(text, published)]


def value_of(text: str, published: date | None, phrase: str) -> str:
    start = text.index(phrase)
    hits = [t for t in tag(text, published) if t.start < start + len(phrase) and start < t.end]
    assert len(hits) == 1, hits
    return hits[0].value


# -- titles and names ---------------------------------------------------------------------------


def test_programme_titles_are_not_times() -> None:
    text = 'The senator told CBS\'s "60 Minutes" and NBC\'s "This Week" that the vote was lost.'
    assert texts(text, FRIDAY) == []


def test_capitalised_time_word_after_a_name_is_a_name() -> None:
    assert texts("You are listening to Radio Kent Today.", FRIDAY) == []
    assert texts("The film High Noon was shown again.", FRIDAY) == []


def test_sentence_initial_capitals_stay_times() -> None:
    found = tag("Today the council met. This week it votes again.", FRIDAY)
    assert [(t.text, t.value) for t in found] == [("Today", "1998-08-07"), ("This week", "1998-W32")]


def test_holiday_names_with_day_stay_dates() -> None:
    assert value_of("The shop closed on Thanksgiving Day, 1999.", FRIDAY, "Thanksgiving Day") == "1999-11-25"


def test_month_heading_an_event_name_is_not_a_date() -> None:
    assert texts("Thousands joined the March for Life in the capital.", FRIDAY) == []
    assert texts("She led the March of the Silent Mothers through the town.", FRIDAY) == []
    assert texts('The "Summer of Hope" concerts were cancelled.', FRIDAY) == []


def test_month_with_of_and_a_year_or_lower_case_stays_a_date() -> None:
    assert value_of("Prices rose in March of 1997.", FRIDAY, "March") == "1997-03"
    # published 1998: "March of last year" is March 1997 (this test asked for 1998-03 until the
    # month learnt to read the "of last year" after it)
    assert value_of("The talks began in March of last year.", FRIDAY, "March") == "1997-03"


def test_decimal_figure_is_not_a_year() -> None:
    assert texts("The index closed at 2082.1 and the other fell to 1678.5 points.", FRIDAY) == []
    assert value_of("Sales peaked in 1987.", FRIDAY, "1987") == "1987"


# -- the reported quarter -----------------------------------------------------------------------


def test_year_earlier_compares_the_quarter_that_has_ended() -> None:
    text = ("Acme earned $5 million in the third quarter and expects a loss in the fourth quarter. "
            "It earned $4 million a year earlier.")
    assert value_of(text, EARNINGS_DAY, "a year earlier") == "1988-Q3"


def test_year_earlier_uses_a_quarter_under_way_when_none_has_ended() -> None:
    text = "Acme expects a loss in the fourth quarter, against a profit a year earlier."
    assert value_of(text, EARNINGS_DAY, "a year earlier") == "1988-Q4"


def test_the_year_period_takes_the_reported_quarter() -> None:
    text = ("Acme earned $5 million in the third quarter and sees a weak fourth quarter. "
            "In the 1988 period it earned $4 million.")
    assert value_of(text, EARNINGS_DAY, "the 1988 period") == "1988-Q3"


def test_a_later_date_is_future_ref() -> None:
    text = "The company will sell the rest of the shares at a later date."
    assert value_of(text, FRIDAY, "a later date") == "FUTURE_REF"
    assert texts("The later date suited everyone.", FRIDAY) == []


def test_year_earlier_before_any_quarter_is_named_is_the_year_before() -> None:
    text = ("Hourly wages were 3.8 percent higher than a year earlier, the department said. "
            "Factory output rose in the fourth quarter.")
    assert value_of(text, date(1998, 2, 6), "a year earlier") == "1997"


def test_year_earlier_after_a_quarter_is_named_is_that_quarter() -> None:
    text = "Output rose in the fourth quarter. Hourly wages were 3.8 percent higher than a year earlier."
    assert value_of(text, date(1998, 2, 6), "a year earlier") == "1996-Q4"


# -- spelt-out numbers and "the week of" ---------------------------------------------------------


def test_compound_number_words_make_durations() -> None:
    assert value_of("He spent twenty-five years in exile.", FRIDAY, "twenty-five years") == "P25Y"
    found = tag("In the last twenty four hours the currency fell.", FRIDAY)
    assert [(t.text, t.value) for t in found] == [("the last twenty four hours", "PT24H")]
    assert value_of("The strike lasted eighty days.", FRIDAY, "eighty days") == "P80D"


def test_the_week_of_a_date_is_that_week() -> None:
    # 2000-03-06 is the Monday of ISO week 10; published 2000-02-24 (week 8)
    found = tag("The case may be heard the week of March 6.", date(2000, 2, 24))
    assert [(t.text, t.value) for t in found] == [("the week of March 6", "2000-W10")]
    # 1998-01-01 is a Thursday, so 1998-01-01 falls in 1998-W01
    assert value_of("Trading resumed the week of Jan. 1, 1998.", FRIDAY, "the week of") == "1998-W01"


def test_a_full_stop_after_september_ends_the_sentence_not_the_month() -> None:
    found = tag("The minister will visit in September. The trip is still on.", FRIDAY)
    assert [(t.text, t.value) for t in found] == [("September", "1998-09")]
    found = tag("Results for the quarter ended Sept. 30 were weak.", FRIDAY)
    assert [t.text for t in found] == ["the quarter", "Sept. 30"]


def test_the_quarter_ended_a_date_is_the_quarter_of_those_months() -> None:
    published = date(1989, 10, 30)  # the last full calendar quarter before it is 1989-Q3
    assert value_of("In the quarter ended July 31, the retailer lost money.", published, "the quarter") == "1989-Q2"
    assert value_of("For the quarter ended Sept. 30, the airline made money.", published, "the quarter") == "1989-Q3"
    assert value_of("For the quarter ended Jan. 31, 1990, sales rose.", published, "the quarter") == "1989-Q4"
    assert value_of("The quarter was terrible, the analyst said.", published, "The quarter") == "1989-Q3"
