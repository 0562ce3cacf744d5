"""Days named from another day: "the day after" an event or a weekday, "the day before", "the
previous Friday", "the next morning", "the following day", "the previous night", and "last Oct. 23".

1989-10-26 is a Thursday, 1989-10-30 a Monday; 1990-03-05 a Monday; 1999-03-10 a Wednesday,
1999-03-13 a Saturday; 2000-01-07 a Friday; 2000-02-24 a Thursday.
"""

from __future__ import annotations

from datetime import date

from timex_lookup import hits, tag, value_of

DCT = date(1989, 10, 26)


def test_the_day_after_an_event_is_the_next_day() -> None:
    text = ("Slepian was killed on Oct. 23, 1998. Police said two men showed up at his house the day after "
            "his death.")
    assert value_of(text, "day after", DCT) == "1998-10-24"


def test_a_date_restated_as_the_day_before_keeps_its_value() -> None:
    text = "Eight trading days after Oct. 12, the day before the stock market plunge, the index was flat."
    assert value_of(text, "the day before", DCT) == "1989-10-12"


def test_the_previous_friday_is_the_week_before_the_day_in_focus() -> None:
    text = ("The index fell 12 points on Friday. It closed at 2082.1, down 4.5% from the previous Friday "
            "and 6.8% from Oct. 13.")
    assert value_of(text, "the previous Friday", date(1989, 10, 30)) == "1989-10-20"


def test_the_day_before_last_tuesday() -> None:
    text = "The day before last Tuesday's federal court hearing, Manuel went to Lazaro's home."
    found = hits(text, "The day before last Tuesday", date(2000, 2, 24))
    assert [t.value for t in found] == ["2000-02-21"]


def test_the_previous_friday_without_a_publication_date_stays_unresolved() -> None:
    text = "Stocks fell 4.5% from the previous Friday."
    found = tag(text, None)
    assert [(t.text, t.value) for t in found] == [("the previous Friday", "XXXX-WXX-5")]


def test_the_previous_friday_night_is_kept_with_its_part_of_the_day() -> None:
    text = "He left the previous Friday night."
    assert value_of(text, "the previous Friday night", date(1998, 11, 2)) == "1998-10-30TNI"


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


def test_the_day_before_something_undated_is_no_publication_date() -> None:
    text = "Police said he bought the gun the day before the shooting."
    found = hits(text, "the day", date(2009, 5, 15))
    assert [(t.text, t.value) for t in found] == [("the day", "XXXX-XX-XX")]


def test_the_day_after_a_weekday_with_its_part_of_the_day() -> None:
    text = "She arrived the day after Friday night's game."
    # published Saturday 13 March 1999: "Friday night's game" was Friday 12 March, at night; the day
    # after it is Saturday 13 March, the part of the day kept as the rule does for the weekday
    assert value_of(text, "the day after Friday night", date(1999, 3, 13)) == "1999-03-13TNI"


def test_the_day_after_this_friday() -> None:
    text = "She arrived the day after this Friday's game."
    # published Wednesday 10 March 1999: "this Friday's game", a possessive weekday in a past-tense
    # sentence, is the Friday already gone, 5 March (as "Friday's game" alone); the day after is 6 March
    assert value_of(text, "this Friday's", date(1999, 3, 10)) == "1999-03-06"


def test_the_day_after_christmas_is_not_the_day_after_the_story_date() -> None:
    text = "The fire broke out March 3. Shops reopened the day after Christmas."
    # published 5 March 1990, past tense: Christmas is 25 December 1989, the day after it the 26th,
    # not 4 March (the day after the date the story named before)
    assert value_of(text, "the day after", date(1990, 3, 5)) == "1989-12-26"
    assert value_of(text, "Christmas", date(1990, 3, 5)) == "1989-12-25"


def test_the_day_after_a_name_is_not_shifted_from_the_story_date() -> None:
    text = "The fire broke out March 3. Shops reopened the day after Smith was arrested."
    # the day Smith was arrested is not given, so "the day" is not 4 March
    assert [t.value for t in hits(text, "the day after", date(1990, 3, 5))] == []


def test_the_day_after_an_event_still_counts_from_the_story_date() -> None:
    text = "The fire broke out March 3. Shops reopened the day after the fire."
    assert value_of(text, "the day after", date(1990, 3, 5)) == "1990-03-04"


def test_last_month_with_a_day() -> None:
    text = "The doctor was shot to death last Oct. 23 at his home in suburban Amherst."
    assert value_of(text, "Oct. 23", date(1999, 4, 19)) == "1998-10-23"


def test_last_month_alone_stays_a_month() -> None:
    text = "Most recently, a doctor was killed last October by sniper fire."
    assert value_of(text, "last October", date(1999, 2, 6)) == "1998-10"


def test_last_may_then_a_count_is_the_month() -> None:
    text = "Since last May 12 people have died."
    # published 5 March 1990: "last May" is May 1989; "12 people" is a count, not the 12th
    assert value_of(text, "last May", date(1990, 3, 5)) == "1989-05"
    assert hits(text, "12 people", date(1990, 3, 5)) == []
    assert value_of("Since last May 12 of them have died.", "last May", date(1990, 3, 5)) == "1989-05"


def test_last_month_with_a_day_before_a_preposition_keeps_the_day() -> None:
    text = "He was shot last Oct. 23 in his home."
    assert value_of(text, "last Oct. 23", date(1990, 3, 5)) == "1989-10-23"
