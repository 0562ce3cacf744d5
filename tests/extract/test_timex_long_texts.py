"""Finding times costs in proportion to the text, however many expressions it holds: the normalisers that
look back ("a year earlier", "that same day") must not make every expression pay for all those before it."""

from __future__ import annotations

import time
from datetime import date

from newsledger.extract.times.rules import find_times


def _cpu_seconds(text: str) -> float:
    """The least CPU time of three runs of the tagger over ``text`` (the least is the least disturbed)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        find_times(text, date(2021, 6, 10))
        best = min(best, time.process_time() - started)
    return best


def test_many_quarter_codes_are_found_in_time_proportional_to_the_text() -> None:
    short, long = _cpu_seconds("Q1 Q2 " * 1_500), _cpu_seconds("Q1 Q2 " * 6_000)
    # four times the text: linear is about 4x; rejoining every value found for each expression was 16x
    assert long < 8 * max(short, 0.002), (short, long)


def test_looking_back_still_finds_the_quarter_named_long_before() -> None:
    filler = " ".join(f"On March {d % 28 + 1}, {1700 + d} it rained." for d in range(300))
    text = "Profit rose in the third quarter of 2019. " + filler + " Sales were flat a year earlier."
    last = find_times(text, date(2019, 11, 2))[-1]
    assert (last.text, last.value) == ("a year earlier", "2018-Q3")
