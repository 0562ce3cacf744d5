"""What a TIMEX3 date value covers: its first day, its last day, and how precise it is.

One parser for every reader of TIMEX3 values (counts dating their victims,
linking dating stories, events choosing ACLED's time precision, the
timeline ordering facts), so they cannot disagree about what "2024-W50-WE"
or "2024-Q3" means. Durations, references (PRESENT_REF) and underspecified
values (a day of an unknown year, a decade such as 199X) cover no known days and parse to ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta


class Precision(StrEnum):
    """The span of time a value names."""

    DAY = "day"
    WEEKEND = "weekend"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


#: ACLED's time_precision of each: 1 the day is known, 2 the week, 3 the month (coarser is not an event date).
ACLED_PRECISION = {Precision.DAY: 1, Precision.WEEKEND: 2, Precision.WEEK: 2, Precision.MONTH: 3}

#: The month each season starts in; winter runs from December into the next year.
SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_FORMS = re.compile(
    r"(?P<year>\d{4})(?:"
    r"-(?P<month>\d{2})(?:-(?P<day>\d{2}))?"
    r"|-W(?P<week>\d{1,2})(?P<weekend>-WE)?"
    r"|-Q(?P<quarter>[1-4])"
    r"|-H(?P<half>[12])"
    r"|-(?P<season>SP|SU|FA|WI)"
    r")?"
)


@dataclass(frozen=True)
class TimexValue:
    """A resolved TIMEX3 DATE or TIME value as the days it covers."""

    value: str
    first: date
    last: date
    precision: Precision

    @classmethod
    def parse(cls, value: str | None) -> TimexValue | None:
        """The days ``value`` covers ("2024-12-16T20:00" is that day), or None when it names no known days."""
        if not value:
            return None
        match = _FORMS.fullmatch(value.split("T")[0])
        if match is None:
            return None
        try:
            first, last, precision = _days(match)
        except ValueError:  # 2024-02-30, week 54
            return None
        return cls(value, first, last, precision)

    @property
    def acled_precision(self) -> int | None:
        """ACLED's time_precision for an event dated by this value; None when too coarse to date one."""
        return ACLED_PRECISION.get(self.precision)


def _days(match: re.Match[str]) -> tuple[date, date, Precision]:
    year = int(match["year"])
    if match["day"]:
        day = date(year, int(match["month"]), int(match["day"]))
        return day, day, Precision.DAY
    if match["month"]:
        return _period(date(year, int(match["month"]), 1), months=1, precision=Precision.MONTH)
    if match["week"]:
        monday = date.fromisocalendar(year, int(match["week"]), 1)
        if match["weekend"]:
            return monday + timedelta(days=5), monday + timedelta(days=6), Precision.WEEKEND
        return monday, monday + timedelta(days=6), Precision.WEEK
    if match["quarter"]:
        return _period(date(year, 3 * int(match["quarter"]) - 2, 1), months=3, precision=Precision.QUARTER)
    if match["half"]:
        return _period(date(year, 1 if match["half"] == "1" else 7, 1), months=6, precision=Precision.HALF)
    if match["season"]:
        return _period(date(year, SEASON_STARTS[match["season"]], 1), months=3, precision=Precision.SEASON)
    return _period(date(year, 1, 1), months=12, precision=Precision.YEAR)


def _period(first: date, months: int, precision: Precision) -> tuple[date, date, Precision]:
    return first, first + relativedelta(months=months, days=-1), precision


def first_day(value: str | None) -> date | None:
    """The first day a value covers (2024-W50-WE -> 2024-12-14), for ordering; None when it covers no known day."""
    parsed = TimexValue.parse(value)
    return parsed.first if parsed else None


def last_day(value: str | None) -> date | None:
    """The last day a value covers (2024-02 -> 2024-02-29); None when it covers no known day."""
    parsed = TimexValue.parse(value)
    return parsed.last if parsed else None


def day_of(value: str | None) -> date | None:
    """The day a value names when it names exactly one ("2024-12-16", "2024-12-16TNI"), else None."""
    parsed = TimexValue.parse(value)
    return parsed.first if parsed and parsed.precision == Precision.DAY else None
