"""Words that are times only vaguely, or not at all: "future quarters" and "past years" (references),
"one day" as some day or as a length, "-long" adjectives, "annually" after an amount, "the future" as
someone's prospects, centuries and decades without a number, "then current", "formerly".

1989-10-26 is a Thursday.
"""

from __future__ import annotations

from datetime import date

from timex_lookup import hits, tag, value_of

from newsledger.extract.times.rules import find_times

DCT = date(1989, 10, 26)


def test_future_quarters_is_future_ref() -> None:
    text = "The company has loss carry-forwards that will cut tax payments in future quarters."
    assert value_of(text, "future quarters", DCT) == "FUTURE_REF"


def test_coming_quarters_is_future_ref() -> None:
    text = "\"It doesn't bode well for coming quarters,\" the analyst said."
    assert value_of(text, "coming quarters", DCT) == "FUTURE_REF"


def test_in_past_years_is_past_ref() -> None:
    text = "Of course, there were sell programs in past years, too."
    assert value_of(text, "past years", DCT) == "PAST_REF"


def test_one_day_after_a_modal_is_some_day() -> None:
    text = "According to the institute, Islam will one day be the second largest religion in the country."
    assert value_of(text, "one day", DCT) == "FUTURE_REF"


def test_one_day_as_a_length_stays_a_duration() -> None:
    # "to" before "one day" reaches the some-day check; "in" after it marks a length: a day's sentence
    text = "He was sentenced to one day in jail."
    assert value_of(text, "one day", DCT) == "P1D"


def test_limited_to_one_day_is_a_length() -> None:
    text = "Tickets are limited to one day per customer."
    assert value_of(text, "one day", date(1990, 3, 5)) == "P1D"
    without_parse = [t.value for t in find_times(text, date(1990, 3, 5))]
    assert without_parse == ["P1D"]


def test_hopes_to_one_day_become_is_some_day() -> None:
    text = "She hopes to one day become a doctor."
    assert value_of(text, "one day", date(1990, 3, 5)) == "FUTURE_REF"
    assert [t.value for t in find_times(text, date(1990, 3, 5))] == ["FUTURE_REF"]


def test_day_long_and_decades_long() -> None:
    text = "Lawyers emerged from their third day-long meeting, the latest turn in a decades-long battle."
    assert value_of(text, "day-long", DCT) == "P1D"
    assert value_of(text, "decades-long", DCT) == "PXY"


def test_annually_after_an_amount_is_untagged() -> None:
    text = "The company expects sales to rise 8.5% annually, and the plant would produce 10,000 units annually."
    assert hits(text, "8.5% annually", date(1989, 10, 30)) == []
    assert hits(text, "units annually", date(1989, 10, 30)) == []


def test_annually_for_a_recurring_event_stays_a_set() -> None:
    text = "The commemorations were similar to those held here annually for Marti."
    assert value_of(text, "annually", date(2000, 1, 28)) == "P1Y"


def test_vague_centuries_and_decades_use_timebank_letters() -> None:
    text = "Ukraine was ruled from Moscow for centuries. For decades, families were cut off."
    assert value_of(text, "centuries", date(1998, 2, 27)) == "PXC"
    assert value_of(text, "decades", date(1998, 2, 27)) == "PXE"


def test_counted_decades_stay_years() -> None:
    text = "The unemployment rate was the lowest for almost two decades."
    assert value_of(text, "two decades", date(1998, 2, 6)) == "P20Y"


def test_the_future_as_prospects_is_untagged() -> None:
    text = ("\"The quarter was terrible, and the future looks anything but encouraging.\" Ties are very "
            "important to the future of our peoples.")
    assert hits(text, "the future looks", date(1989, 10, 30)) == []
    assert hits(text, "the future of", date(1989, 10, 30)) == []


def test_the_future_as_a_time_stays_future_ref() -> None:
    text = "Whether this would prove positive in the future is yet to be seen, and strikes could go well into the future."
    assert value_of(text, "in the future", date(1998, 5, 1)) == "FUTURE_REF"
    assert value_of(text, "into the future", date(1998, 5, 1)) == "FUTURE_REF"


def test_then_current_is_a_past_present() -> None:
    text = "Holders may buy shares at 50% of the then current market price."
    assert [(t.text, t.value) for t in tag(text, date(1989, 10, 26))] == [("current", "PAST_REF")]
    assert value_of("The current price is low.", "current", date(1989, 10, 26)) == "PRESENT_REF"


def test_formerly_a_role_is_not_a_time() -> None:
    text = "Also involved is Robert F. Angelo, formerly Phoenix's senior vice president, who left in May."
    assert not [t for t in tag(text, DCT) if t.text.lower() == "formerly"]
