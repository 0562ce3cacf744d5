"""Round 4 of the TempEval-3 value rules: an infinitive subject is no "is to" plan, "the previous
Friday" and "the day before last Tuesday", "annually" after an amount, vague decades and
centuries, "last Oct. 23", and "the future" as someone's prospects.

1989-10-30 is a Monday; 1999-03-13 a Saturday; 2000-02-24 a Thursday.
"""

from __future__ import annotations

from datetime import date

from timex_lookup import hits, tag, value_of


def test_infinitive_subject_of_were_is_not_a_plan() -> None:
    text = ("Among the first three former Warsaw Pact countries to accede to NATO on Friday were also "
            "Poland and the Czech Republic.")
    assert value_of(text, "Friday", date(1999, 3, 13)) == "1999-03-12"


def test_is_to_still_announces_a_plan() -> None:
    text = "The exchange is to resume trading on Tuesday, officials said."
    assert value_of(text, "Tuesday", date(1999, 3, 13)) == "1999-03-16"


def test_the_previous_friday_is_the_week_before_the_day_in_focus() -> None:
    text = ("The index fell 12 points on Friday. It closed at 2082.1, down 4.5% from the previous Friday "
            "and 6.8% from Oct. 13.")
    assert value_of(text, "the previous Friday", date(1989, 10, 30)) == "1989-10-20"


def test_the_day_before_last_tuesday() -> None:
    text = "The day before last Tuesday's federal court hearing, Manuel went to Lazaro's home."
    found = hits(text, "The day before last Tuesday", date(2000, 2, 24))
    assert [t.value for t in found] == ["2000-02-21"]


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


def test_last_month_with_a_day() -> None:
    text = "The doctor was shot to death last Oct. 23 at his home in suburban Amherst."
    assert value_of(text, "Oct. 23", date(1999, 4, 19)) == "1998-10-23"


def test_last_month_alone_stays_a_month() -> None:
    text = "Most recently, a doctor was killed last October by sniper fire."
    assert value_of(text, "last October", date(1999, 2, 6)) == "1998-10"


def test_the_future_as_prospects_is_untagged() -> None:
    text = ("\"The quarter was terrible, and the future looks anything but encouraging.\" Ties are very "
            "important to the future of our peoples.")
    assert hits(text, "the future looks", date(1989, 10, 30)) == []
    assert hits(text, "the future of", date(1989, 10, 30)) == []


def test_the_future_as_a_time_stays_future_ref() -> None:
    text = "Whether this would prove positive in the future is yet to be seen, and strikes could go well into the future."
    assert value_of(text, "in the future", date(1998, 5, 1)) == "FUTURE_REF"
    assert value_of(text, "into the future", date(1998, 5, 1)) == "FUTURE_REF"


def test_the_previous_friday_without_a_publication_date_stays_unresolved() -> None:
    text = "Stocks fell 4.5% from the previous Friday."
    found = tag(text, None)
    assert [(t.text, t.value) for t in found] == [("the previous Friday", "XXXX-WXX-5")]


def test_the_previous_friday_night_is_kept_with_its_part_of_the_day() -> None:
    text = "He left the previous Friday night."
    assert value_of(text, "the previous Friday night", date(1998, 11, 2)) == "1998-10-30TNI"
