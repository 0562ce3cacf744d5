"""What days a TIMEX3 value covers (``newsledger.extract.times.value``): first and last day, precision.

Expected days are read off a calendar by hand: 2024-W50 runs from Monday 9 to Sunday 15 December 2024
(its weekend 14-15); 2024 is a leap year (29 February), 2025 is not (winter 2024-WI ends 28 February
2025). The property tests compare ``first_day`` with the old ``earliest_day`` of the time tagger,
copied below as it was, so the one parser every reader shares orders values as before.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.extract.times.value import Precision, TimexValue, day_of, first_day, last_day

# -- by hand ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, first, last, precision", [
    ("2024-12-16", date(2024, 12, 16), date(2024, 12, 16), Precision.DAY),
    ("2025-01-28TNI", date(2025, 1, 28), date(2025, 1, 28), Precision.DAY),  # a part of the day is that day
    ("2016-05-25T19:35", date(2016, 5, 25), date(2016, 5, 25), Precision.DAY),
    ("2024-W50-WE", date(2024, 12, 14), date(2024, 12, 15), Precision.WEEKEND),
    ("2024-W50", date(2024, 12, 9), date(2024, 12, 15), Precision.WEEK),
    ("1998-W53", date(1998, 12, 28), date(1999, 1, 3), Precision.WEEK),  # 1998 has 53 ISO weeks
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH),
    ("2025-02", date(2025, 2, 1), date(2025, 2, 28), Precision.MONTH),
    ("1998-08", date(1998, 8, 1), date(1998, 8, 31), Precision.MONTH),
    ("1998-Q3", date(1998, 7, 1), date(1998, 9, 30), Precision.QUARTER),
    ("1998-Q4", date(1998, 10, 1), date(1998, 12, 31), Precision.QUARTER),
    ("2024-H1", date(2024, 1, 1), date(2024, 6, 30), Precision.HALF),
    ("2024-H2", date(2024, 7, 1), date(2024, 12, 31), Precision.HALF),
    ("2024-SP", date(2024, 3, 1), date(2024, 5, 31), Precision.SEASON),
    ("2024-SU", date(2024, 6, 1), date(2024, 8, 31), Precision.SEASON),
    ("2024-FA", date(2024, 9, 1), date(2024, 11, 30), Precision.SEASON),
    ("2024-WI", date(2024, 12, 1), date(2025, 2, 28), Precision.SEASON),  # winter runs into the next year
    ("2023-WI", date(2023, 12, 1), date(2024, 2, 29), Precision.SEASON),
    ("2022", date(2022, 1, 1), date(2022, 12, 31), Precision.YEAR),
])
def test_days_a_value_covers(value: str, first: date, last: date, precision: Precision) -> None:
    parsed = TimexValue.parse(value)
    assert parsed is not None
    assert (parsed.first, parsed.last, parsed.precision, parsed.value) == (first, last, precision, value)
    assert (first_day(value), last_day(value)) == (first, last)


@pytest.mark.parametrize("value", [
    None, "", "P4M", "PT2H", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "XXXX-WXX-1", "XXXX-03-03", "XXXX-12-16",
    "199X", "197", "2024-02-30", "2023-02-29", "2024-13", "2024-00", "2024-04-31", "2025-W53", "2024-W00",
    "2024-W54-WE", "2024-Q5", "2024-H3", "2024-XX", "2024-12-16junk", "sometime",
])
def test_values_that_cover_no_known_day(value: str | None) -> None:
    assert TimexValue.parse(value) is None
    assert first_day(value) is None and last_day(value) is None and day_of(value) is None


@pytest.mark.parametrize("value, precision", [
    ("2024-12-16", 1), ("2024-12-16TNI", 1), ("2024-W50-WE", 2), ("2024-W50", 2), ("2024-12", 3),
    ("2024-Q4", None), ("2024-H2", None), ("2024-WI", None), ("2024", None),
])
def test_acled_time_precision(value: str, precision: int | None) -> None:
    parsed = TimexValue.parse(value)
    assert parsed is not None and parsed.acled_precision == precision


def test_only_a_day_value_names_a_day() -> None:
    """A week is not taken for its Monday, nor a month for its first day."""
    assert day_of("2024-12-16") == date(2024, 12, 16)
    assert day_of("2024-12-16TNI") == date(2024, 12, 16)
    for coarser in ("2024-W51", "2024-W50-WE", "2024-12", "2024-Q4", "2024-H2", "2024-WI", "2024"):
        assert day_of(coarser) is None, coarser


# -- properties -------------------------------------------------------------------------------------------


def earliest_day(value: str) -> date | None:
    """The time tagger's ``earliest_day`` before the value parser replaced it, verbatim."""
    value = value.split("T")[0]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        week = re.fullmatch(r"(\d{4})-W(\d{1,2})(-WE)?", value)
        if week:
            return date.fromisocalendar(int(week[1]), int(week[2]), 6 if week[3] else 1)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return date(int(value[:4]), int(value[5:]), 1)
        quarter = re.fullmatch(r"(\d{4})-Q([1-4])", value)
        if quarter:
            return date(int(quarter[1]), 3 * int(quarter[2]) - 2, 1)
        half = re.fullmatch(r"(\d{4})-H([12])", value)
        if half:
            return date(int(half[1]), 1 if half[2] == "1" else 7, 1)
        season = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if season:
            return date(int(season[1]), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season[2]], 1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1)
    except ValueError:
        return None
    return None


YEARS = st.integers(min_value=1000, max_value=9998)  # four digits, and the next year too (winter)
DAYS = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", YEARS, st.integers(0, 13), st.integers(0, 32))
MONTHS = st.builds(lambda y, m: f"{y:04d}-{m:02d}", YEARS, st.integers(0, 13))
WEEKS = st.builds(lambda y, w, we: f"{y:04d}-W{w:02d}{'-WE' if we else ''}", YEARS, st.integers(0, 54), st.booleans())
QUARTERS = st.builds(lambda y, q: f"{y:04d}-Q{q}", YEARS, st.integers(1, 4))
HALVES = st.builds(lambda y, h: f"{y:04d}-H{h}", YEARS, st.integers(1, 2))
SEASONS = st.builds(lambda y, s: f"{y:04d}-{s}", YEARS, st.sampled_from(["SP", "SU", "FA", "WI"]))
PLAIN_YEARS = st.builds(lambda y: f"{y:04d}", YEARS)
PARTS = st.sampled_from(["", "TNI", "TMO", "TAF", "TEV", "T10:30", "T24:00"])
FORMS = st.one_of(DAYS, MONTHS, WEEKS, QUARTERS, HALVES, SEASONS, PLAIN_YEARS)
VALUES = st.builds(lambda v, part: v + part, FORMS, PARTS)


@given(VALUES)
def test_first_day_agrees_with_the_old_earliest_day(value: str) -> None:
    assert first_day(value) == earliest_day(value)


@given(st.text(alphabet="0123456789-WQHSPUFAITNXE:", max_size=14))
def test_first_day_agrees_with_the_old_earliest_day_on_any_string(value: str) -> None:
    assert first_day(value) == earliest_day(value)


@given(VALUES)
def test_a_value_runs_forward_and_within_its_precision(value: str) -> None:
    parsed = TimexValue.parse(value)
    if parsed is None:
        return
    assert parsed.first <= parsed.last
    length = (parsed.last - parsed.first).days + 1
    allowed = {Precision.DAY: {1}, Precision.WEEKEND: {2}, Precision.WEEK: {7}, Precision.MONTH: {28, 29, 30, 31},
               Precision.SEASON: {90, 91, 92}, Precision.QUARTER: {90, 91, 92}, Precision.HALF: {181, 182, 184},
               Precision.YEAR: {365, 366}}
    assert length in allowed[parsed.precision], (value, length)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)), PARTS)
def test_a_day_value_is_that_day_alone(day: date, part: str) -> None:
    value = day.isoformat() + part
    parsed = TimexValue.parse(value)
    assert parsed is not None and parsed.first == parsed.last == day
    assert parsed.precision == Precision.DAY and parsed.acled_precision == 1
    assert first_day(value) == last_day(value) == day_of(value) == day


@given(YEARS, st.integers(1, 12), st.integers(1, 40))
def test_an_impossible_date_is_no_day(year: int, month: int, day: int) -> None:
    try:
        date(year, month, day)
    except ValueError:
        value = f"{year:04d}-{month:02d}-{day:02d}"
        assert TimexValue.parse(value) is None and first_day(value) is None and last_day(value) is None
    else:
        assert day_of(f"{year:04d}-{month:02d}-{day:02d}") == date(year, month, day)


@given(YEARS, st.integers(1, 12))
def test_months_tile_the_year(year: int, month: int) -> None:
    """Each month ends the day before the next one starts; December's next is January of the next year."""
    after = f"{year + 1:04d}-01" if month == 12 else f"{year:04d}-{month + 1:02d}"
    assert last_day(f"{year:04d}-{month:02d}") + timedelta(days=1) == first_day(after)


@given(YEARS)
def test_quarters_halves_and_seasons_tile_their_span(year: int) -> None:
    quarters = [TimexValue.parse(f"{year:04d}-Q{q}") for q in (1, 2, 3, 4)]
    halves = [TimexValue.parse(f"{year:04d}-H{h}") for h in (1, 2)]
    seasons = [TimexValue.parse(f"{year:04d}-{s}") for s in ("SP", "SU", "FA", "WI")]
    whole = TimexValue.parse(f"{year:04d}")
    for parts in (quarters, halves):
        assert parts[0].first == whole.first and parts[-1].last == whole.last
        assert all(a.last + timedelta(days=1) == b.first for a, b in pairwise(parts))
    assert all(a.last + timedelta(days=1) == b.first for a, b in pairwise(seasons))
    # winter ends the day before the next year's spring
    assert seasons[-1].last + timedelta(days=1) == TimexValue.parse(f"{year + 1:04d}-SP").first
