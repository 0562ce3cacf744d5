"""Looking up what the time tagger made of one phrase of a text (shared by the timex rule tests)."""

from __future__ import annotations

from datetime import date

from newsledger.extract.times.rules import Timex, find_times
from newsledger.nlp import load_nlp


def tag(text: str, published: date | None) -> list[Timex]:
    """Every time expression of ``text`` against the publication date, parsed as the ledger parses."""
    return find_times(text, published, load_nlp()(text))


def hits(text: str, phrase: str, published: date | None) -> list[Timex]:
    """The expressions that overlap the first occurrence of ``phrase``."""
    start = text.index(phrase)
    return [t for t in tag(text, published) if t.start < start + len(phrase) and start < t.end]


def value_of(text: str, phrase: str, published: date | None) -> str:
    """The value of the one expression over ``phrase`` (fails when there is none or several)."""
    found = hits(text, phrase, published)
    assert len(found) == 1, found
    return found[0].value
