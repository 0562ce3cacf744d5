"""normalise_published: ISO dates as given, never guessed."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.ingest import normalise_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-18", "2024-12-18"),
        ("  2024-12-18\n", "2024-12-18"),
        ("2024-02-29", "2024-02-29"),
        ("2024-12-18T09:30:00Z", "2024-12-18"),
        ("2024-12-18T09:30:00+02:00", "2024-12-18"),
        # the date as the source states it, not shifted to UTC (which would be the 19th)
        ("2024-12-18T23:30:00-05:00", "2024-12-18"),
        # the date as stated, not shifted to UTC (which would be the 17th)
        ("2024-12-18T00:30:00+03:00", "2024-12-18"),
        ("2024-12-18T09:30:00.123456", "2024-12-18"),
        ("2024-12-18 09:30", "2024-12-18"),
    ],
)
def test_iso_dates_and_datetimes(value: str, expected: str) -> None:
    assert normalise_published(value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
def test_missing_is_none(value) -> None:
    assert normalise_published(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "today",
        "2024-13-01",
        "2024-02-30",
        "2023-02-29",
        "18/12/2024",
        "December 18, 2024",
        "2024-12-18Tnoon",
        20241218,
        date(2024, 12, 18),
    ],
)
def test_garbage_raises_value_error(value) -> None:
    with pytest.raises(ValueError):
        normalise_published(value)


def test_error_names_the_value() -> None:
    with pytest.raises(ValueError, match="yesterday"):
        normalise_published("yesterday")


@given(st.dates())
def test_any_iso_date_round_trips(d: date) -> None:
    assert normalise_published(d.isoformat()) == d.isoformat()


OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(st.datetimes(timezones=st.none() | OFFSETS))
def test_any_iso_datetime_gives_its_own_date(moment: datetime) -> None:
    assert normalise_published(moment.isoformat()) == moment.date().isoformat()
