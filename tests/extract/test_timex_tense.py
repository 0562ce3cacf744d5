"""Which way a bare weekday or month points: deadlines after "until", plans overtaken (past perfect),
an infinitive subject that is no "is to" plan, and a modal future ("should be completed in October").

1998-08-07 is a Friday: the Tuesday before it is 1998-08-04, the one after 1998-08-11; 1999-03-13 is a
Saturday.
"""

from __future__ import annotations

from datetime import date

import pytest
import timex_lookup

from newsledger.extract.times.rules import find_times
from newsledger.nlp import load_nlp

FRIDAY = date(1998, 8, 7)


def value_of(text: str, phrase: str) -> str:
    start = text.index(phrase)
    hits = [t for t in find_times(text, FRIDAY, load_nlp()(text)) if t.start < start + len(phrase) and start < t.end]
    assert len(hits) == 1, hits
    return hits[0].value


@pytest.mark.parametrize("text", [
    "The agency has given the family until Tuesday to reply.",
    "The border crossings stayed shut and will remain shut until Tuesday, officials said.",
    "The ministry kept all schools closed until Tuesday as the storm moved north.",
])
def test_until_a_weekday_is_a_deadline_ahead(text: str) -> None:
    assert value_of(text, "Tuesday") == "1998-08-11"


def test_until_a_clock_time_and_weekday_is_ahead() -> None:
    text = "The court gave the union until 9 a.m. Tuesday to call off the strike."
    assert value_of(text, "9 a.m. Tuesday") == "1998-08-11T09:00"


@pytest.mark.parametrize("text", [
    "Until Tuesday, police had not named the driver.",
    "It was not until Tuesday that the minister spoke about the crash.",
    "Up until Tuesday, the club had refused to comment.",
])
def test_until_the_point_something_held_is_behind(text: str) -> None:
    assert value_of(text, "Tuesday") == "1998-08-04"


def test_a_plan_in_the_past_perfect_points_back() -> None:
    assert value_of("The offer had been scheduled to expire Tuesday.", "Tuesday") == "1998-08-04"
    assert value_of("The permit had been due to lapse Tuesday.", "Tuesday") == "1998-08-04"


def test_a_plan_in_the_simple_past_still_points_ahead() -> None:
    assert value_of("The company said the offer is scheduled to expire Tuesday.", "Tuesday") == "1998-08-11"


class _NoTextDoc:
    """A parsed doc whose ``text`` must not be read: spaCy rebuilds it from every token on each
    call, and reading it once per candidate made it most of the tagger's time."""

    def __init__(self, doc: object) -> None:
        self._doc = doc

    @property
    def text(self) -> str:
        raise AssertionError("find_times read doc.text")

    def char_span(self, *args: object, **kwargs: object) -> object:
        return self._doc.char_span(*args, **kwargs)  # type: ignore[attr-defined]


def test_tense_reads_the_given_text_not_the_doc_text() -> None:
    text = "The ministers will meet Tuesday, and the agency has given them until Thursday to agree."
    found = find_times(text, FRIDAY, _NoTextDoc(load_nlp()(text)))
    assert [(t.text, t.value) for t in found] == [("Tuesday", "1998-08-11"), ("Thursday", "1998-08-13")]


def test_infinitive_subject_of_were_is_not_a_plan() -> None:
    text = ("Among the first three former Warsaw Pact countries to accede to NATO on Friday were also "
            "Poland and the Czech Republic.")
    assert timex_lookup.value_of(text, "Friday", date(1999, 3, 13)) == "1999-03-12"


def test_is_to_still_announces_a_plan() -> None:
    text = "The exchange is to resume trading on Tuesday, officials said."
    assert timex_lookup.value_of(text, "Tuesday", date(1999, 3, 13)) == "1999-03-16"


def test_should_puts_a_month_ahead() -> None:
    text = "The purchase includes rights to the brand. The transaction should be completed in October."
    assert timex_lookup.value_of(text, "October", date(2009, 6, 5)) == "2009-10"
