"""Time expressions found in news text and normalised to TIMEX3 values.

News gives time relative to a date the text never states ("on Monday", "at
the weekend", "a year ago"). ``find_times`` finds dates, times, durations and
sets and resolves them against the publication date the way TempEval
annotators do: a weekday in a past-tense sentence is the nearest such day on
or before the publication date, in a future-tense one the nearest on or after
it. Without a publication date, relative expressions stay underspecified
(unknown digits written as X, as TIMEX3 does) with their relation kept in ``anchor``; absolute ones ("in
2022") still resolve. Today's date is never used.

The rules are ordered patterns (longest match wins), each with a normaliser. Their word lists and
the holidays' rules (Easter and the feasts that move with it, the nth weekday of a month, fixed days)
are data, in ``lexicon.toml`` next to this module, checked when it is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from newsledger.extract.intervals import Intervals
from newsledger.extract.numbers import ADDRESS_AFTER
from newsledger.extract.times.value import SEASON_STARTS, first_day
from newsledger.lexicon import LexiconError, load_lexicon

_LEXICON = load_lexicon("newsledger.extract.times", "lexicon.toml")

YEAR_UNKNOWN = "X" * 4  # how TIMEX3 writes a year it cannot know
#: dateutil's weekdays by ISO number (1 = Monday).
WEEKDAY_OF = {1: MO, 2: TU, 3: WE, 4: TH, 5: FR, 6: SA, 7: SU}

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 1,
    "mon": 1,
    "tuesday": 2,
    "tue": 2,
    "tues": 2,
    "wednesday": 3,
    "wed": 3,
    "thursday": 4,
    "thu": 4,
    "thurs": 4,
    "friday": 5,
    "fri": 5,
    "saturday": 6,
    "sat": 6,
    "sunday": 7,
    "sun": 7,
}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
TENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
UNITS_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
NUMBER_WORDS: dict[str, float | str] = {
    "a": 1,
    "an": 1,
    **UNITS_WORDS,
    **TENS,
    "hundred": 100,
    "half": 0.5,
    "several": "X",
    "few": "X",
    "a few": "X",
    "many": "X",
    "some": "X",
    "couple": 2,
    "a couple of": 2,
    "couple of": 2,
    "dozen": 12,
    "a dozen": 12,
}
UNITS = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
    "fortnight": "W",
}
TIME_UNITS = {"S", "H"}  # minutes are told apart by the unit word
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_MONTH = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:tember|t\.?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
#: a day of a month that may follow a hyphen in a range of days: "1 Jul 2017-17 Apr 2018", "Jul 1-Apr 17"
_RANGE_DAY = rf"\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b|\s*{_MONTH}\s+\d{{1,2}}\b"


def checked_ordinal_days(days: dict[str, int]) -> dict[str, int]:
    """The lexicon's ordinal words of days; a day outside 1..31 is a LexiconError naming the word."""
    for word, day in days.items():
        if not 1 <= day <= 31:
            raise LexiconError(f"{_LEXICON.name} [ordinal_days]: {word!r} is day {day}, not 1..31")
    return days


ORDINAL_DAYS = checked_ordinal_days(_LEXICON.numbers("ordinal_days"))
#: the ordinal words of the days of a month, compounds with a hyphen or a space ("twenty first")
_ORDINAL_DAY = "(?:" + "|".join(w.replace("-", r"[-\s]") for w in sorted(ORDINAL_DAYS, key=len, reverse=True)) + ")"
#: month words that name a month only when capitalised ("may", "march"); the others do in lower case too
MONTHS_ALSO_COMMON = _LEXICON.words("month_words_also_common")
# what may follow a day of the month in running text; any other lowercase word makes the number a
# count ("since last May 12 people have died", "last May 12 of them"). Only after "last"/"next": a
# bare "the Aug. 7 bombings" is far more often a date used as a modifier
_AFTER_DAY = (
    "in|at|on|by|near|when|after|before|during|while|as|and|or|but|to|from|until|till|since|that|which|"
    "for|with|against|because|the|a|an|was|were|is|are|has|have|had|will|would|he|she|it|they|we|i|you|"
    "there|his|her|its|their|our|police|officials?|authorities"
)
#: a lowercase word next that is none of those: what went before modifies it ("Monday the 14th
#: anniversary", "its quarterly dividend")
_ATTRIBUTIVE = rf"\s+(?!(?:{_AFTER_DAY})\b)[a-z]"
_COMPOUND = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\s](?:one|two|three|four|five|six|seven|eight|nine)"
)
_NUM = (
    r"(?:(?:\d+(?:\.\d+)?|"
    + _COMPOUND
    + r"|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|several|a\s+few|few|many|(?:a\s+)?couple\s+of|a\s+dozen|dozens\s+of|hundreds\s+of|half\s+an?))(?:\s+1/2|\s+and\s+a\s+half)?"
)
_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|weekends?|months?|quarters?|years?|decades?|centur(?:y|ies))"
_APPROX = r"(?:about|around|roughly|approximately|some|nearly|almost|more\s+than|over|less\s+than|under|at\s+least|up\s+to|just\s+over|just\s+under|only)"
_PART = r"(?:morning|afternoon|evening|night)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"

MODS = {
    "about": "APPROX",
    "around": "APPROX",
    "roughly": "APPROX",
    "approximately": "APPROX",
    "some": "APPROX",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "less than": "LESS_THAN",
    "under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS",
    "just over": "MORE_THAN",
    "just under": "LESS_THAN",
    "early": "START",
    "late": "END",
    "mid": "MID",
    "the end of": "END",
    "the beginning of": "START",
    "the start of": "START",
    "the middle of": "MID",
}


@dataclass(frozen=True)
class Timex:
    """A time expression with its TIMEX3 type and value; offsets into the text searched."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2024-12-16, 2024-W50-WE, P4M, PAST_REF, or underspecified
    mod: str | None = None
    anchor: str | None = None  # how a relative value hangs on the publication date ("DCT-P1D")


class ValuesNamed:
    """The values of the expressions found so far, for the normalisers that look back ("a year earlier",
    "that same day", "the previous Friday").

    Each distinct value is kept once, at its latest mention, so "the last value of a form" and "any value
    of a form" read as they would in the full list; only the latest ``RECENT`` distinct values are kept,
    besides every quarter (an earnings story's quarters are weighed together). The text the normalisers
    search is written only when one asks for it, and again only after a new value: rebuilding the whole
    list for every expression was quadratic in the text ("Q1 Q2 " many thousand times took minutes)."""

    RECENT = 256
    QUARTER = re.compile(r"\d{4}-Q[1-4]")

    def __init__(self) -> None:
        self._recent: dict[str, None] = {}
        self._quarters: dict[str, None] = {}
        self._text: str | None = ""

    def add(self, value: str) -> None:
        self._text = None
        if self.QUARTER.fullmatch(value):
            self._quarters.pop(value, None)
            self._quarters[value] = None
        self._recent.pop(value, None)
        self._recent[value] = None
        if len(self._recent) > self.RECENT:
            del self._recent[next(iter(self._recent))]

    def text(self) -> str:
        """The values, space-separated, in the order of their latest mention (older quarters first)."""
        if self._text is None:
            older = [q for q in self._quarters if q not in self._recent]
            self._text = " ".join([*older, *self._recent])
        return self._text


@dataclass
class Context:
    """What a normaliser needs: the publication date and the tense around the expression."""

    dct: date | None
    tense: str  # past | present | future
    text: str
    quarter_mentioned: bool = False
    named: ValuesNamed | None = None  # the values mentioned before this expression
    history: bool = False  # named is filled in (the second pass of find_times)
    doc: Any | None = None  # the spaCy parse of text, when find_times was given one

    @property
    def quarters_before(self) -> str:
        """The values mentioned before this expression, space-separated (see ``ValuesNamed``)."""
        return self.named.text() if self.named is not None else ""


Normaliser = Callable[[re.Match[str], Context], tuple[str, str, str | None, str | None] | None]
RULES: list[tuple[re.Pattern[str], Normaliser, tuple[str, ...]]] = []


def rule(pattern: str, needs: tuple[str, ...] = (), first: str = "") -> Callable[[Normaliser], Normaliser]:
    """Register a normaliser for a pattern (case-insensitive, whole words).

    ``needs``: words of which the pattern cannot match without one (lower case); a text holding
    none of them skips the pattern, which keeps rare rules from costing a scan of every text.
    ``first``: a lookahead the pattern cannot match without at its start ("[fsten]" for the ordinal
    words), checked before the pattern's alternations at every word: it halves the scan of a long one."""

    def add(function: Normaliser) -> Normaliser:
        RULES.append(
            (
                re.compile(
                    r"(?<![\w-])" + (f"(?={first})" if first else "") + "(?:" + pattern + r")"
                    r"(?![\w]|-(?!year|month|week|day|hour|minute))",
                    re.I | re.X,
                ),
                function,
                needs,
            )
        )
        return function

    return add


# -- helpers -----------------------------------------------------------------------------------------


def number(text: str) -> float | str | None:
    """A count in digits or words; "X" for vague amounts ("several")."""
    words = " ".join(text.lower().split())
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        value = float(words)
        return int(value) if value == int(value) else value
    if words.startswith("half"):
        return 0.5
    half = re.fullmatch(r"(\S+)\s+(?:1/2|and a half)", words)  # "2 1/2", "two and a half"
    if half:
        whole = number(half[1])
        return whole + 0.5 if isinstance(whole, int) else None
    if words.startswith(("dozens", "hundreds")):
        return "X"
    compound = re.fullmatch(r"(\w+)[-\s](\w+)", words)  # "twenty-four", "twenty four" (transcripts spell them out)
    if compound and compound[1] in TENS and compound[2] in UNITS_WORDS:
        return TENS[compound[1]] + UNITS_WORDS[compound[2]]
    return NUMBER_WORDS.get(words)


def checked_multiples_of_weeks(multiples: dict[str, int]) -> dict[str, int]:
    """The lexicon's units that are a number of weeks; a word the unit pattern does not read as a unit of
    weeks, or a number below 1, is a LexiconError naming the word."""
    for word, weeks in multiples.items():
        if UNITS.get(word) != "W" or not re.fullmatch(_UNIT, word, re.I):
            raise LexiconError(f"{_LEXICON.name} [unit_multiples_of_weeks]: {word!r} is no unit of weeks")
        if weeks < 1:
            raise LexiconError(f"{_LEXICON.name} [unit_multiples_of_weeks]: {word!r} is {weeks} weeks")
    return multiples


#: units that are a number of weeks: "a fortnight" is P2W
WEEKS_IN = checked_multiples_of_weeks(_LEXICON.numbers("unit_multiples_of_weeks"))


def in_weeks(amount: float | str, word: str) -> float | str:
    """An amount of a unit in the unit its code names: two fortnights are four weeks."""
    multiple = WEEKS_IN.get(word.lower().rstrip("s"), 1)
    return amount * multiple if not isinstance(amount, str) else amount


def unit_code(word: str) -> str:
    base = word.lower().rstrip("s")
    if base == "centurie":
        base = "century"
    return UNITS[base]


HALF_OF = {"Y": "6M", "D": "T12H", "H": "30M"}  # half a unit written in the next smaller one


def duration(amount: float | str, unit: str, minutes: bool = False) -> str:
    """ISO 8601 duration: P3Y, P4M, PT2H, PT30M, PXY. Counted decades and centuries are written in
    years (P10Y, P200Y; half a decade P5Y); an unstated number of them ("for decades", "for
    centuries") is PXE or PXC. ``unit_long`` writes "decades-long" as PXY, not through here."""
    if amount == 0.5:  # half a unit, in the next smaller one: half an hour is PT30M
        smaller = {
            "Y": "P6M",
            "M": "P2W" if not minutes else "PT30S",
            "W": "P3.5D",
            "D": "PT12H",
            "H": "PT30M",
            "DE": "P5Y",
        }.get(unit)
        if smaller:
            return smaller
    if isinstance(amount, float) and amount > 1 and amount - int(amount) == 0.5 and unit in HALF_OF:
        whole = duration(int(amount), unit, minutes)  # "2 1/2 years" is P2Y6M, "5 1/2 hours" PT5H30M
        return whole + HALF_OF[unit]
    if unit in ("DE", "CE") and not isinstance(amount, str):
        amount, unit = amount * (10 if unit == "DE" else 100), "Y"  # TIMEX3 writes a decade as P10Y
    figure = amount if isinstance(amount, str) else (int(amount) if amount == int(amount) else amount)
    if unit in ("DE", "CE"):  # only a string amount gets here ("X": "for centuries"); TimeBank's letters,
        return f"P{figure}{unit[-1] if unit == 'DE' else unit[0]}"  # E for decades, C for centuries: PXE, PXC
    if unit == "WE":
        return f"P{figure if figure != 'X' else 'X'}WE"
    if unit in TIME_UNITS or minutes:
        return f"PT{figure}{unit}"
    return f"P{figure}{unit}"


def shift(day: date, unit: str, amount: int) -> date:
    """The start of the unit ``amount`` units away: shifting 2024-12-16 by one month gives 2025-01-01."""
    if unit == "D":
        return day + timedelta(days=amount)
    if unit == "W":
        return day + timedelta(weeks=amount)
    months = {"M": 1, "Q": 3}.get(unit)
    if months:
        return day.replace(day=1) + relativedelta(months=months * amount)
    years = {"Y": 1, "DE": 10, "CE": 100}.get(unit)
    if years:
        return day.replace(month=1, day=1) + relativedelta(years=years * amount)
    return day  # hours, minutes and seconds do not move the date


def granular(day: date, unit: str) -> str:
    """A date at the granularity of a unit: 2024-12-16, 2024-W51, 2024-12, 2024-Q4, 2024, 202 (decade)."""
    if unit in ("D", "H", "S"):
        return day.isoformat()
    if unit in ("W", "WE"):
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}" + ("-WE" if unit == "WE" else "")
    if unit == "M":
        return f"{day.year}-{day.month:02d}"
    if unit == "Q":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if unit == "Y":
        return str(day.year)
    if unit == "DE":
        return str(day.year)[:3]
    if unit == "CE":
        return str(day.year)[:2]
    raise ValueError(unit)


UNDERSPECIFIED = {
    unit: f"{YEAR_UNKNOWN}-{rest}"
    for unit, rest in {
        "S": "XX-XX",
        "H": "XX-XX",
        "D": "XX-XX",
        "W": "WXX",
        "WE": "WXX-WE",
        "M": "XX",
        "Q": "QX",
    }.items()
}
UNDERSPECIFIED.update({"Y": YEAR_UNKNOWN, "DE": "X" * 3, "CE": "X" * 2})


def relative(ctx: Context, unit: str, offset: int) -> tuple[str, str]:
    """A value ``offset`` units from the publication date, and its anchor; underspecified without one."""
    sign = "+" if offset >= 0 else "-"
    anchor = f"DCT{sign}P{abs(offset)}{unit}" if offset else "DCT"
    if ctx.dct is None:
        return UNDERSPECIFIED[unit], anchor
    if unit == "WE":
        return granular(shift(ctx.dct, "W", offset), "WE"), anchor
    return granular(shift(ctx.dct, unit, offset), unit), anchor


def weekday_date(ctx: Context, weekday: int, direction: str | None = None) -> tuple[str, str]:
    """The nearest such weekday before (past) or after (future) the publication date, the day itself included."""
    explicit = direction is not None  # "last Friday" / "next Friday" never mean the day itself
    direction = direction or ("future" if ctx.tense == "future" else "past")
    anchor = f"DCT:{direction}:{weekday}"
    if ctx.dct is None:
        return f"{YEAR_UNKNOWN}-WXX-{weekday}", anchor
    delta = weekday - ctx.dct.isoweekday()
    if direction == "past" and (delta > 0 or (explicit and delta == 0)):
        delta -= 7
    if direction == "future" and (delta < 0 or (explicit and delta == 0)):
        delta += 7
    return (ctx.dct + timedelta(days=delta)).isoformat(), anchor


LATE_DAYS = 7  # a yearless date this close behind is meant even when the verb looks ahead
SOON_DAYS = 60  # a yearless date this close ahead is meant ahead even when the verb is past tense


def month_year(ctx: Context, month: int, day: int = 15) -> str:
    """The year of a month (and day) named without one: the latest such date on or before the
    publication date in a past-tense sentence (unless one falls within SOON_DAYS after it: news
    names deadlines and coming events without a year, rarely a day ten months back), the next on
    or after it (or at most LATE_DAYS before it) in a future one, the nearest otherwise."""
    if ctx.dct is None:
        return YEAR_UNKNOWN
    candidates = [date(ctx.dct.year + offset, month, min(day, 28)) for offset in (-1, 0, 1)]
    soon = [c for c in candidates if 0 < (c - ctx.dct).days <= SOON_DAYS]
    if soon and ctx.tense == "past":
        return str(soon[0].year)  # "must leave by Jan. 14": a date weeks ahead, not eleven months back
    if ctx.tense == "past":
        candidates = [c for c in candidates if c <= ctx.dct]
    elif ctx.tense == "future":  # a deadline just gone ("ordered to leave by Jan. 14") is not a year ahead
        candidates = [c for c in candidates if (c - ctx.dct).days >= -LATE_DAYS]
    dct = ctx.dct
    nearest = min(candidates, key=lambda c: abs((c - dct).days))  # present tense: the nearest one
    return str(nearest.year)


def month_of(word: str) -> int:
    return MONTHS[
        word.lower().rstrip(".")[:4].rstrip(".") if word.lower().startswith("sept") else word.lower().rstrip(".")[:3]
    ]


def day_value(year: str, month: int, day: int) -> str:
    """The value of a day of a month: the full date when it exists; for one that does not ("Feb. 30,
    1990", "June 31"), the month alone, which the text still names (an unknown year stays
    unchecked, as February 29 may be in it)."""
    if year.isdigit():
        try:
            date(int(year), month, day)
        except ValueError:
            return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def iso_day(value: str) -> date | None:
    """The date a YYYY-MM-DD value names, or None when it is no real date."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def days_named(ctx: Context) -> list[date]:
    """The real days (full dates) among the values named before the expression, in order."""
    days = (iso_day(v) for v in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", ctx.quarters_before))
    return [d for d in days if d is not None]


# -- rules (most specific first; the longest match wins anyway) -------------------------------------


@rule(
    rf"(?:{_WEEKDAY},\s+)?(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(?P<y>{_YEAR})",
    first="[jfmasondtw]",
)
def full_date(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    return "DATE", day_value(m["y"], month_of(m["m"]), day), None, None


@rule(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?")
def day_month(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    month = month_of(m["m"])
    year = m["y"] or month_year(ctx, month, day)
    return "DATE", day_value(year, month, day), None, None if m["y"] else "DCT:year"


def ordinal_day(word: str) -> int:
    """The day an ordinal word names: "third" 3, "twenty first" 21."""
    return ORDINAL_DAYS["-".join(word.lower().split()).replace("--", "-")]


@rule(rf"(?P<d>{_ORDINAL_DAY})\s+of\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?", first="[fsten]")
def ordinal_of_month(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "the third of March", "the twenty-first of November", "the fourth of july": a day written as an
    ordinal word. A month name that is also a common word needs its capital, as for a month alone ("the
    first of march" may be a protest's)."""
    if not m["m"][0].isupper() and m["m"].lower().rstrip(".") in MONTHS_ALSO_COMMON:
        return None
    month, day = month_of(m["m"]), ordinal_day(m["d"])
    year = m["y"] or month_year(ctx, month, day)
    return "DATE", day_value(year, month, day), None, None if m["y"] else "DCT:year"


_NTH = rf"(?:(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)|(?P<dw>{_ORDINAL_DAY}))"


@rule(rf"(?P<wd>{_WEEKDAY}),?\s+the\s+{_NTH}(?!{_ATTRIBUTIVE})", needs=("day",), first="[mtwfs]")
def weekday_the_nth(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "Monday the 14th", "Friday the first": the day of that number that falls on that weekday, the
    nearest one the tense points to (behind in a past sentence, ahead in a future one); a weekday that
    never falls on that day near the publication date is left to the weekday rule."""
    day = int(m["d"]) if m["d"] else ordinal_day(m["dw"])
    weekday_ = WEEKDAYS[m["wd"].lower()]
    if ctx.dct is None:
        return "DATE", f"{YEAR_UNKNOWN}-XX-{day:02d}", None, "DCT:month"
    first = ctx.dct.replace(day=1)
    candidates = []
    for offset in range(-13, 14):
        month_start = first + relativedelta(months=offset)
        candidate = iso_day(f"{month_start.year:04d}-{month_start.month:02d}-{day:02d}")
        if candidate is not None and candidate.isoweekday() == weekday_:
            candidates.append(candidate)
    dct = ctx.dct
    if ctx.tense == "future":
        ahead = [c for c in candidates if c >= dct]
        candidates = ahead[:1] or candidates
    elif ctx.tense == "past":
        behind = [c for c in candidates if c <= dct]
        candidates = behind[-1:] or candidates
    if not candidates:
        return None
    return "DATE", min(candidates, key=lambda c: abs((c - dct).days)).isoformat(), None, None


@rule(rf"(?:{_WEEKDAY},?\s+)?(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\s*,?\s*{_YEAR})(?!\d)")
def month_day(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    day = int(m["d"])
    if not 1 <= day <= 31 or (m["m"].lower() == "may" and not m["m"][0].isupper()):
        return None
    month = month_of(m["m"])
    if (month, day) == (9, 11) and ATTACKS_AFTER.match(ctx.text, m.end()):
        return "DATE", "2001-09-11", None, None  # "the September 11 attacks" name the day they happened
    return "DATE", day_value(month_year(ctx, month, day), month, day), None, "DCT:year"


ATTACKS_AFTER = re.compile(r"(?:\s*,?\s*2001)?,?\s+(?:terrorist\s+|terror\s+)?(?:attacks?|hijackings?)\b", re.I)


@rule(r"9/11(?![/\d])", needs=("9/11",))
def nine_eleven(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "since 9/11", "the 9/11 attacks": news after that day writes it for 11 September 2001."""
    if ctx.dct is not None and ctx.dct <= date(2001, 9, 11):
        return None
    return "DATE", "2001-09-11", None, None


@rule(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?![\d.])"
    rf"|(?P<dn>\d{{1,2}})(?P<sep>[-/.])(?P<mn>{_MONTH})(?P=sep)(?P<yn>\d{{4}}|\d{{2}})(?![\d.])"
    r"|(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<ya>\d{4}|\d{2})(?![/\d])"
    r"|(?P<a2>\d{1,2})-(?P<b2>\d{1,2})-(?P<ya2>(?:19|20)\d\d)"
    r"|(?<![\d.])(?P<a3>\d{1,2})\.(?P<b3>\d{1,2})\.(?P<ya3>(?:19|20)\d\d)(?![\d.]\d)"
)
def numeric_date(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """Dates in figures. Year first ("2021-3-7") and a month in letters ("07-MAR-21") say their order;
    two numbers and a year ("7/3/2021", "7.3.2021", "8-31-2015") are day and month in the order the
    article shows (``numeric_order``), and only the year is known when it shows none and both
    readings are dates."""
    if m["y"]:
        year, month, day = int(m["y"]), int(m["mo"]), int(m["d"])
    elif m["mn"]:
        if not m["mn"][0].isupper() or m["mn"].endswith("."):
            return None
        year, month, day = _full_year(ctx, m["yn"]), month_of(m["mn"]), int(m["dn"])
    else:
        first, second, written = (
            (m["a"], m["b"], m["ya"])
            if m["a"]
            else (m["a2"], m["b2"], m["ya2"])
            if m["a2"]
            else (m["a3"], m["b3"], m["ya3"])
        )
        year = _full_year(ctx, written)
        readings = [
            (int(mo), int(d))
            for mo, d in ((first, second), (second, first))
            if iso_day(f"{year:04d}-{int(mo):02d}-{int(d):02d}")
        ]
        if not readings:
            return None  # "2/30/1990" is no date, and with no month name to fall back on, not a time
        if len(set(readings)) > 1:
            order = numeric_order(ctx.text, ctx.dct)
            if order is None:
                near = _near_publication(ctx, year, readings)
                if near is None:
                    return "DATE", f"{year:04d}-XX-XX", None, None
                readings = [near]
            else:
                readings = readings[:1] if order == "mdy" else readings[1:]
        month, day = readings[0]
    if iso_day(f"{year:04d}-{month:02d}-{day:02d}") is None:
        return None
    return "DATE", f"{year:04d}-{month:02d}-{day:02d}", None, None


NEAR_PUBLICATION = 31  # days: one reading of "8/2/16" this near the publication date and the other not is meant


def _near_publication(ctx: Context, year: int, readings: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The one reading (month, day) of a numeric date within NEAR_PUBLICATION days of the publication
    date when the other is not ("UPDATE 8/2/16" in a story of 1 August 2016); None otherwise."""
    if ctx.dct is None:
        return None
    dct = ctx.dct
    near = [(mo, d) for mo, d in readings if abs((date(year, mo, d) - dct).days) <= NEAR_PUBLICATION]
    return near[0] if len(near) == 1 else None


def _full_year(ctx: Context, written: str) -> int:
    """A year written with two digits ("'21", "07-MAR-21") is the one nearest the publication date."""
    if len(written) == 4:
        return int(written)
    tail = int(written)
    if ctx.dct is not None:
        return int(century_year(ctx, tail))
    return tail + (1900 if tail > 30 else 2000)


NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)?\d\d)(?![\d.]\d)")
WRITTEN_DAY_FIRST = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?![a-z])", re.I)
WRITTEN_MONTH_FIRST = re.compile(rf"\b(?P<m>{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?::|\d))", re.I)


@lru_cache(maxsize=4)
def numeric_order(text: str, dct: date | None) -> str | None:
    """The order of day and month in an article's numeric dates, "dmy" or "mdy", from what it shows:
    its numeric dates that only one order reads (25.2.2021, 2/25/2021) or that give the publication
    date in one order only; failing those, the order of its dates written with a month name ("7 March"
    against "March 7"). None when it shows neither, or both."""
    votes = set()
    for first, second, year in NUMERIC_DATE.findall(text):
        a, b = int(first), int(second)
        if a > 12 >= b >= 1:
            votes.add("dmy")
        elif b > 12 >= a >= 1:
            votes.add("mdy")
        elif dct is not None and a != b and len(year) == 4 and int(year) == dct.year:
            if (a, b) == (dct.month, dct.day):
                votes.add("mdy")
            elif (b, a) == (dct.month, dct.day):
                votes.add("dmy")
    if not votes:
        day_first = any(m["m"][0].isupper() for m in WRITTEN_DAY_FIRST.finditer(text))
        month_first = any(m["m"][0].isupper() for m in WRITTEN_MONTH_FIRST.finditer(text))
        votes = {"dmy"} if day_first and not month_first else {"mdy"} if month_first and not day_first else set()
    return votes.pop() if len(votes) == 1 else None


@rule(
    rf"(?:(?P<mod>early|late|mid)[-\s]+)?(?P<m>{_MONTH})(?:(?:,|\s+of)?\s+(?P<y>{_YEAR})|\s+\((?P<yb>{_YEAR})\)|\s+['’](?P<ys>\d{{2}})(?![\d%'’]))?"
)
def month_only(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    word = m["m"]
    if word.lower() in MONTHS_ALSO_COMMON and not word[0].isupper():
        return None
    if (
        word.lower() == "may"
        and not m["y"]
        and not m["mod"]
        and not re.search(
            r"\b(?:in|during|since|until|till|by|of|early|late|mid|last|next|this|from|through)\s+$",
            ctx.text[max(0, m.start() - 12) : m.start()],
            re.I,
        )
    ):
        return None  # "may" is far more often the verb
    if m["yb"]:  # "in March (2019)": the year in brackets is the month's
        return "DATE", f"{m['yb']}-{month_of(word):02d}", MODS.get((m["mod"] or "").lower()), None
    if not m["y"] and not m["mod"] and (_first_name(m, ctx) or _event_name(m, ctx)):
        return None
    month = month_of(word)
    if m["ys"]:  # "October '87"
        return "DATE", f"{century_year(ctx, int(m['ys']))}-{month:02d}", MODS.get((m["mod"] or "").lower()), None
    of_year = OF_RELATIVE_YEAR.match(ctx.text, m.end())
    if of_year and not m["y"] and ctx.dct is not None:  # "after October of next year": next year's October
        offset = {"this": 0, "last": -1, "next": 1}[of_year["rel"].lower()]
        return "DATE", f"{ctx.dct.year + offset}-{month:02d}", MODS.get((m["mod"] or "").lower()), None
    year = m["y"] or month_year(ctx, month)
    return "DATE", f"{year}-{month:02d}", MODS.get((m["mod"] or "").lower()), None if m["y"] else "DCT:year"


OF_RELATIVE_YEAR = re.compile(r"\s+of\s+(?P<rel>this|last|next)\s+year\b", re.I)
NAME_OF = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?[A-Z][a-z]")


def _event_name(m: re.Match[str], ctx: Context) -> bool:
    """ "the March for Life", "the ``March of the Combatant Mothers''", "``Spring of Life''
    demonstrations": a capitalised month or season word heading a name is an event, not a time;
    "April of last year" and "the spring of 1998" go on in lower case or digits."""
    return m.group(0)[0].isupper() and NAME_OF.match(ctx.text, m.end()) is not None


DATE_PREPOSITION = re.compile(
    r"\b(?:in|during|since|until|till|by|of|from|through|before|after|last|next|this)\s+$", re.I
)


def _first_name(m: re.Match[str], ctx: Context) -> bool:
    """ "Foreign Minister Jan Kavan", "April Smith": a bare month word before a capitalised word
    is a first name, unless a preposition ("in April Congress voted") makes it a date."""
    if m["m"].endswith(".") or not re.match(r"\s+[A-Z][a-z]", ctx.text[m.end() : m.end() + 3]):
        return False
    return DATE_PREPOSITION.search(ctx.text[max(0, m.start() - 12) : m.start()]) is None


@rule(
    rf"(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[-\s]+)?(?:fiscal\s+)?(?P<y>{_YEAR})(?P<s>s)?(?!\s*(?:-|to)\s*\d(?!\d{{3}}\b))"
)
def year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    after = ctx.text[m.end() : m.end() + 40]
    if not m["s"] and (re.match(r"\s+block\b", after, re.I) or ADDRESS_AFTER.match(after)):
        return None  # "the 1900 block of Imperial Stone Drive", "1950 Main Street": addresses
    if not m["s"] and re.match(r"[.,]\d", after):
        return None  # "the index closed at 2082.1": a figure, not a year
    mod = MODS.get(" ".join((m["mod"] or "").lower().split()))
    if m["s"]:
        return "DATE", m["y"][:3], mod, None
    return "DATE", m["y"], mod, None


_TENS = "|".join(TENS)
_ONES = "|".join(UNITS_WORDS)


YEAR_LEAD = re.compile(
    rf"(?:\b(?:in|since|of|from|until|till|by|before|after|through|during|spring|summer|fall|"
    rf"autumn|winter)|\b{_MONTH})\s+$",
    re.I,
)


@rule(r"['’](?P<y>\d{2})(?![\d%'’]|s\b)", needs=("'", "’"))
def short_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "since '82", "October '87", "the class of '98": a year written with its last two digits,
    after a preposition, a season or a month; the century is the one that puts it nearest the
    publication date, and without one the year is not known."""
    if not YEAR_LEAD.search(ctx.text[max(0, m.start() - 12) : m.start()]):
        return None
    return "DATE", century_year(ctx, int(m["y"])), None, None if ctx.dct else "DCT:century"


def century_year(ctx: Context, tail: int) -> str:
    """The year ending in ``tail`` ("'87") nearest the publication date; not known without one."""
    if ctx.dct is None:
        return YEAR_UNKNOWN
    dct = ctx.dct
    centuries = range(dct.year // 100 * 100 - 100, dct.year + 101, 100)
    return str(min((century + tail for century in centuries), key=lambda y: abs(y - dct.year)))


@rule(
    rf"(?:the\s+year\s+)?(?P<c>nineteen|eighteen)[\s-]+(?P<t>{_TENS})(?:[\s-]+(?P<o>{_ONES}))?|the\s+year\s+two\s+thousand(?:\s+and)?(?:\s+(?P<o2>{_ONES}))?",
    needs=("nineteen", "eighteen", "thousand"),
)
def spoken_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """Broadcast transcripts spell years out: "nineteen ninety-six", "the year two thousand"."""
    if m["c"]:
        value = _spoken_year(m)
        return None if value is None else ("DATE", value, None, None)
    return "DATE", str(2000 + UNITS_WORDS.get((m["o2"] or "").lower(), 0)), None, None


def _spoken_year(m: re.Match[str]) -> str | None:
    """The year in groups c (century word), t (tens) and o (ones); None for "nineteen fifteen-two"."""
    tens = TENS[m["t"].lower()]
    if tens < 20 and m["o"]:
        return None
    return f"{TENS[m['c'].lower()]}{tens + UNITS_WORDS.get((m['o'] or '').lower(), 0):02d}"


@rule(
    rf"(?:(?:the\s+)?(?P<s>spring|summer|fall|autumn|winter)\s+of\s+|(?P<m>{_MONTH})\s+(?:of\s+)?)(?P<c>nineteen|eighteen)[\s-]+(?P<t>{_TENS})(?:[\s-]+(?P<o>{_ONES}))?",
    needs=("nineteen", "eighteen"),
)
def spoken_month_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """Transcripts: "January nineteen ninety-seven", "the winter of nineteen ninety-four" are one
    month or season of that year, as with digits."""
    year_ = _spoken_year(m)
    if year_ is None or (m["m"] and not m["m"][0].isupper()):
        return None
    if m["s"]:
        return "DATE", f"{year_}-{SEASONS[m['s'].lower()]}", None, None
    return "DATE", f"{year_}-{month_of(m['m']):02d}", None, None


@rule(rf"(?P<m>{_MONTH})\s+(?P<rel>this|last|next)\s+year", needs=("year",))
def month_of_relative_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "January this year", "June last year": that month of the year the DCT points to."""
    if not m["m"][0].isupper():
        return None
    month = month_of(m["m"])
    offset = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    if ctx.dct is None:
        return "DATE", f"{YEAR_UNKNOWN}-{month:02d}", None, f"DCT{offset:+d}Y"
    return "DATE", f"{ctx.dct.year + offset}-{month:02d}", None, None


@rule(
    r"the\s+(?P<y>\d{2})s|the\s+'(?P<y2>\d{2})s|the\s+(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
)
def decade(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    words = {
        "twenties": "2",
        "thirties": "3",
        "forties": "4",
        "fifties": "5",
        "sixties": "6",
        "seventies": "7",
        "eighties": "8",
        "nineties": "9",
    }
    digit = (m["y"] or m["y2"] or "")[:1] or words[m["w"].lower()]
    return "DATE", "19" + digit, None, None


@rule(
    rf"(?:the\s+day\s+(?P<step>before|after)\s+)?(?:(?:the\s+)?(?P<rel>last|next|this\s+coming|this|coming|past|previous|preceding)\s+)?"
    rf"(?P<wd>{_WEEKDAY})(?:\s+(?P<part>{_PART}))?",
    needs=("day",),
)
def weekday(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "on Monday", "last Friday night", "the previous Friday", "the day after Friday night's game"."""
    day = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    step = (m["step"] or "").lower()
    if step and ctx.dct is None:  # "the day before last Tuesday" with no publication date: a day, not known which
        return "DATE", f"{YEAR_UNKNOWN}-XX-XX", None, None
    if rel in ("previous", "preceding") and ctx.dct is not None and not m["part"]:
        value, anchor = _weekday_before_focus(ctx, day).isoformat(), None
    else:
        rel = "last" if rel in ("previous", "preceding") else rel  # "the previous Friday night": as "last Friday night"
        direction = "past" if rel in ("last", "past") else "future" if rel in ("next", "coming") else None
        if " ".join(rel.split()) == "this coming":
            direction, ctx = None, replace(ctx, tense="future")  # "this coming Monday": the next, today included
        if direction is None and re.match(r"['’]s\b", ctx.text[m.end() : m.end() + 3]):
            ctx = replace(ctx, tense="past")  # "Wednesday's ruling": a possessive day names an event already reported
        value, anchor = weekday_date(ctx, day, direction)
    if step:  # "the day after Friday night's game", "the day before last Tuesday": one day from that weekday
        value, anchor = shift_day(date.fromisoformat(value), step).isoformat(), None
    part = PARTS_OF_DAY.get((m["part"] or "").lower())
    return ("TIME", f"{value}T{part}", None, anchor) if part else ("DATE", value, None, anchor)


def _weekday_before_focus(ctx: Context, day: int) -> date:
    """ "the previous Friday": the Friday before the day the story is at (the last day it named, else the
    report's); needs a publication date."""
    days = days_named(ctx)
    base = days[-1] if days else ctx.dct
    assert base is not None
    return base - timedelta(days=(base.isoweekday() - day) % 7 or 7)


def shift_day(day: date, step: str) -> date:
    """The day after or before ``day`` ("the day after", "the day before")."""
    return day + timedelta(days=1 if step == "after" else -1)


@rule(rf"(?P<wd>{_WEEKDAY})s(?:\s+(?P<part>{_PART})s?)?|(?P<every>every|each)\s+(?P<wd2>{_WEEKDAY})", needs=("day",))
def weekly_day(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    day = WEEKDAYS[(m["wd"] or m["wd2"]).lower()]
    part = PARTS_OF_DAY.get((m["part"] or "").lower())
    return "SET", f"{YEAR_UNKNOWN}-WXX-{day}" + (f"T{part}" if part else ""), None, None


@rule(r"mid[-\s]?(?P<p>morning|afternoon)(?:\s+(?P<w>yesterday|today|tomorrow))?", needs=("mid",))
def mid_part_of_day(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "by mid-afternoon", "mid-morning yesterday": the middle of that part of the day (mod MID)."""
    offset = {"yesterday": -1, "tomorrow": 1}.get((m["w"] or "").lower(), 0)
    value, anchor = relative(ctx, "D", offset)
    return "TIME", f"{value}T{PARTS_OF_DAY[m['p'].lower()]}", "MID", anchor


@rule(rf"(?:every|each)\s+(?P<m>{_MONTH})", needs=("every", "each"))
def monthly(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "every July", "each December": a SET of that month in any year."""
    if not m["m"][0].isupper():
        return None
    return "SET", f"{YEAR_UNKNOWN}-{month_of(m['m']):02d}", None, None


@rule(
    r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century|(?:the\s+)?(?P<w>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)\s+century",
    needs=("century",),
)
def ordinal_century(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "the 20th century" is the hundred years written 19xx: TIMEX3 value "19"."""
    words = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
        "twenty-first",
    ]
    ordinal = int(m["n"]) if m["n"] else words.index(m["w"].lower()) + 1
    return ("DATE", f"{ordinal - 1:02d}", None, None) if 1 <= ordinal <= 30 else None


@rule(
    rf"(?P<w>today|tonight|yesterday|tomorrow)(?:\s+(?P<part>{_PART}))?|(?P<last>last)\s+night|(?P<this>this)\s+(?P<part2>morning|afternoon|evening)"
)
def deictic_day(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    word = (m["w"] or "").lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}.get(word, 0)
    part: str | None
    if m["last"]:
        offset, part = -1, "NI"
    elif m["this"]:
        part = PARTS_OF_DAY[m["part2"].lower()]
    elif word == "tonight":
        part = "NI"
    else:
        part = PARTS_OF_DAY.get((m["part"] or "").lower())
    value, anchor = relative(ctx, "D", offset)
    if part:
        return "TIME", f"{value}T{part}", None, anchor
    return "DATE", value, None, anchor


@rule(
    r"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rel>last|this\s+coming|this|next|the\s+past|the\s+coming|the\s+current|the\s+previous|the\s+following|the\s+same)\s+(?P<u>week|weekend|month|quarter|year|decade|century|spring|summer|fall|autumn|winter)"
)
def relative_unit(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    rel = " ".join(m["rel"].lower().split()).removeprefix("the ")
    offset = {
        "last": -1,
        "past": -1,
        "previous": -1,
        "this": 0,
        "current": 0,
        "same": 0,
        "next": 1,
        "coming": 1,
        "this coming": 1,
        "following": 1,
    }[rel]
    word = m["u"].lower()
    mod = {"early": "START", "late": "END"}.get((m["mod"] or "").lower())
    if word in SEASONS:
        if ctx.dct is None:
            return "DATE", f"{YEAR_UNKNOWN}-{SEASONS[word]}", mod, f"DCT{offset:+d}Y"
        if offset > 0:  # "next spring": the first one to begin after the publication date
            return "DATE", season_ahead(ctx.dct, SEASONS[word]), mod, None
        if offset < 0:  # "last spring" in October: the one that ended in May
            return "DATE", season_behind(ctx.dct, SEASONS[word]), mod, None
        return "DATE", f"{ctx.dct.year + (offset if offset < 0 else 0)}-{SEASONS[word]}", mod, None
    unit = unit_code(word)
    if unit == "WE" and rel == "this coming":
        offset = 0 if ctx.dct is None or ctx.dct.isoweekday() < 6 else 1  # the weekend ahead, this week's on a weekday
    base = _anaphor_base(ctx, unit) if rel in ("previous", "following", "same") else None
    if base is not None:  # "On May 22, 1995, ... the following year": a year after 1995, not after publication
        return "DATE", granular(shift(base, unit, offset), unit), mod, None
    value, anchor = relative(ctx, unit, offset)
    return "DATE", value, mod, anchor


def season_ahead(dct: date, code: str) -> str:
    """The first season of that name to begin after ``dct`` ("next winter" in October is the one from December)."""
    starts = [date(dct.year + offset, SEASON_STARTS[code], 1) for offset in (-1, 0, 1)]
    return f"{min(s for s in starts if s > dct).year}-{code}"


def season_behind(dct: date, code: str) -> str:
    """The last season of that name to have ended by ``dct`` ("last spring" in October is this year's)."""
    starts = [date(dct.year + offset, SEASON_STARTS[code], 1) for offset in (-2, -1, 0)]
    return f"{max(s for s in starts if s + relativedelta(months=3) <= dct).year}-{code}"


ANAPHOR_FORMS = {
    "Y": r"\d{4}",
    "DE": r"\d{4}",
    "CE": r"\d{4}",
    "Q": r"\d{4}-(?:Q[1-4]|\d{2})",
    "M": r"\d{4}-\d{2}",
    "W": r"\d{4}-(?:W\d{2}|\d{2}-\d{2})",
    "WE": r"\d{4}-(?:W\d{2}|\d{2}-\d{2})",
    "D": r"\d{4}-\d{2}-\d{2}",
}


def _anaphor_base(ctx: Context, unit: str) -> date | None:
    """The date last mentioned before the expression, given at least to the unit's precision.

    "The following year", "the previous month" and "the same week" count from the time the story
    is talking about (TimeML's reference time), not from the publication date; None when nothing
    precise enough was mentioned (the caller falls back to the publication date)."""
    if not ctx.history:
        return None
    form = re.compile(ANAPHOR_FORMS[unit])
    for value in reversed(ctx.quarters_before.split()):
        if form.match(value):
            day = first_day(value)
            if day is not None:
                return day
    return None


@rule(r"(?P<mod>earlier|later)\s+this\s+(?P<u>week|month|year)")
def earlier_this(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    value, anchor = relative(ctx, unit_code(m["u"]), 0)
    return "DATE", value, None, anchor


@rule(
    rf"(?:(?P<approx>{_APPROX})\s+)?(?P<n>{_NUM})\s+(?P<u>{_UNIT})\s+(?P<dir>ago|earlier|before|later|from\s+now|hence)",
    needs=("ago", "earlier", "before", "later", "now", "hence"),
)
def units_ago(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    amount = number(m["n"])
    amount = in_weeks(amount, m["u"]) if amount is not None else None
    unit = unit_code(m["u"])
    if unit in ("S", "H") or (unit == "M" and m["u"].lower().startswith("minute")):
        return None
    direction = m["dir"].lower()
    if direction in ("earlier", "before", "later") and not (unit == "Y" and amount == 1 and direction == "earlier"):
        return None  # "three days later", "ten days before the vote": a DURATION from another event
    sign = 1 if direction in ("later", "hence") or direction.startswith("from") else -1
    mod = MODS.get(" ".join((m["approx"] or "").lower().split()))
    if not isinstance(amount, (int, float)) or amount != int(amount):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, None
    if _quarter_before(ctx) and unit == "Y" and amount == 1 and not _year_to_date(m, ctx):
        return "DATE", _year_earlier_quarter(ctx, int(amount) * sign), mod, None
    value, anchor = relative(ctx, "WE" if unit == "WE" else unit, int(amount) * sign)
    return "DATE", value, mod, anchor


# a span reported on, not any "six months": "for the nine months", "in the first six months", "the
# nine months ended Sept. 30", "nine-month net", "first half", "year to date" (not "after six months of declines")
YEAR_TO_DATE = re.compile(
    r"\b(?:for|in|through|during|over)\s+the\s+(?:(?:first|latest|past|last)\s+)?(?:nine|six|9|6)[-\s]months\b"
    r"|\bthe\s+(?:(?:first|latest)\s+)?(?:nine|six|9|6)\s+months\s+end(?:ed|ing)\b"
    r"|\b(?:nine|six|9|6)-month\s+(?:period|net|results|earnings|profits?|loss|sales|revenues?)\b"
    r"|\bfirst\s+half\b|\byear[-\s]to[-\s]date\b",
    re.I,
)
SENTENCE_END = re.compile(r"[.!?][\"'`]*\s+(?=[\"'`]*[A-Z])")


def _sentence_before(m: re.Match[str], ctx: Context) -> str:
    """The text from the start of the expression's sentence up to the expression."""
    before = ctx.text[max(0, m.start() - 300) : m.start()]
    ends = list(SENTENCE_END.finditer(before))
    return before[ends[-1].end() :] if ends else before


def _year_to_date(m: re.Match[str], ctx: Context) -> bool:
    """ "For the nine months, net was $306 million, compared with $195 million a year earlier": in
    earnings news a comparison made for a span of several quarters (nine months, the first half)
    is with the same span of the year before, which TimeBank annotates as that year (1988), not a
    quarter; 6 of the 8 such comparisons in TBAQ, in 6 documents."""
    return YEAR_TO_DATE.search(_sentence_before(m, ctx)) is not None


def _quarter_before(ctx: Context) -> bool:
    """Whether "a year earlier" can mean a quarter: only once a quarter has been named before it
    (in the first pass, before the values are known, any "quarter" in the text will do). "Wages
    were 3.8 percent higher than a year earlier" in a story that reaches quarters only later
    compares with the year before."""
    if not ctx.history:
        return ctx.quarter_mentioned
    return re.search(r"\b\d{4}-Q[1-4]\b", ctx.quarters_before) is not None


def _reported_quarter(ctx: Context) -> tuple[int, int] | None:
    """The quarter an earnings story reports: the latest one mentioned that has ended by publication.

    The latest, so a second "a year earlier" does not step back from the first one; ended, because
    a story out on 2 November about third-quarter results that also looks ahead to "the fourth
    quarter" still compares the third quarter with a year before. A quarter under way counts only
    when the latest ended one is more than a quarter behind it (a fiscal quarter runs ahead of the
    calendar one: "its fourth quarter ended Sept. 30" is 1989-Q4 in a story of 2 November, whatever
    quarters of 1988 the story names); a quarter just begun does not outrank the one just ended (a
    story of 2 February 1990 reports the fourth quarter of 1989 while looking ahead to the first)."""
    mentioned = [(int(y), int(q)) for y, q in re.findall(r"\b(\d{4})-Q([1-4])\b", ctx.quarters_before)]
    if ctx.dct is None:
        return max(mentioned) if mentioned else None
    dct = ctx.dct
    started = [(y, q) for y, q in mentioned if date(y, 3 * q - 2, 1) <= dct]
    if not started:
        return None
    ended = [(y, q) for y, q in started if shift(date(y, 3 * q - 2, 1), "Q", 1) <= dct]
    latest_started, latest_ended = max(started), max(ended, default=None)
    if (
        latest_ended is None
        or (4 * latest_started[0] + latest_started[1]) - (4 * latest_ended[0] + latest_ended[1]) > 1
    ):
        return latest_started
    return latest_ended


def _year_earlier_quarter(ctx: Context, years: int) -> str:
    """In earnings news "a year earlier" is the same quarter of the year before: the latest quarter
    mentioned (the one reported), else the last full quarter before publication."""
    reported = _reported_quarter(ctx)
    if reported is not None:
        year_, number_ = reported
        return f"{year_ + years}-Q{number_}"
    if ctx.dct is None:
        return f"{YEAR_UNKNOWN}-QX"
    quarter_end = shift(ctx.dct, "Q", -1)
    return f"{quarter_end.year + years}-Q{(quarter_end.month - 1) // 3 + 1}"


@rule(r"(?P<w>year|month|week|quarter)-(?:earlier|ago)(?:\s+(?:period|quarter|level))?", needs=("-earlier", "-ago"))
def year_earlier_adj(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    unit = unit_code(m["w"])
    if unit == "Y" and _quarter_before(ctx) and not _year_to_date(m, ctx):
        return "DATE", _year_earlier_quarter(ctx, -1), None, None
    value, anchor = relative(ctx, unit, -1)
    return "DATE", value, None, anchor


@rule(
    r"(?:the\s+)?(?:(?P<rel>latest|last|past|current|previous|fiscal|same|year-earlier|year-ago|comparable\s+year-ago|(?:next|last|this)\s+year's|(?P<y0>(?:1[6-9]|20)\d\d))(?:\s+|(?<=fiscal)-))?(?P<o>first|second|third|fourth|final|1st|2nd|3rd|4th)(?:[-\s]+|\s+fiscal\s+)quarter(?:\s+of\s+(?:(?P<y>\d{4})|(?P<ry>last|this|next)\s+year))?|(?:the\s+)?(?P<rel2>latest|current|last|previous|past)?\s*quarter(?=\b)",
    needs=("quarter",),
)
def quarter(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    text = m.group(0).lower()
    if m["o"] is None and not text.startswith("the") and not m["rel2"]:
        return None
    if ctx.dct is None and not m["y"]:
        return "DATE", f"{YEAR_UNKNOWN}-Q" + (str(ORDINALS[m["o"].lower()]) if m["o"] else "X"), None, "DCT:year"
    if m["o"]:
        number_ = ORDINALS[m["o"].lower()]
        if m["y"] or m["y0"]:
            return "DATE", f"{m['y'] or m['y0']}-Q{number_}", None, None
        assert ctx.dct is not None
        current = (ctx.dct.month - 1) // 3 + 1
        year_ = ctx.dct.year - (1 if number_ > current and ctx.tense == "past" else 0)
        rel = " ".join((m["rel"] or m["ry"] or "").lower().split())
        if rel.startswith(("year-", "comparable", "last")) and (m["ry"] or rel != "last"):
            year_ -= 1
        elif rel.startswith(("next", "this")) and (
            m["ry"] or "year" in rel
        ):  # "next year's first quarter": that year's, whatever the tense
            year_ = ctx.dct.year + (1 if rel.startswith("next") else 0)
        return "DATE", f"{year_}-Q{number_}", None, None
    assert ctx.dct is not None
    rel = (m["rel2"] or "").lower()
    ended = _quarter_ended(m, ctx)
    if ended is not None:
        return "DATE", ended, None, None
    day = shift(ctx.dct, "Q", 0 if rel == "current" else -1)
    return "DATE", granular(day, "Q"), None, None


QUARTER_CODE_LEADS = _LEXICON.words("quarter_code_leads")
QUARTER_CODE_WEAK_LEADS = _LEXICON.words("quarter_code_weak_leads")
QUARTER_CODE_CONTEXT = _LEXICON.words("quarter_code_context")
if QUARTER_CODE_LEADS & QUARTER_CODE_WEAK_LEADS:
    raise LexiconError(
        f"{_LEXICON.name}: quarter_code_leads and quarter_code_weak_leads share "
        + ", ".join(sorted(QUARTER_CODE_LEADS & QUARTER_CODE_WEAK_LEADS))
    )


def _reporting_context(m: re.Match[str], ctx: Context) -> bool:
    """Whether a word of company or economic reporting ("results", "earnings", "GDP") stands in the
    quarter code's sentence near it: "the Q3 results", not "the Q3 was recalled"."""
    before = ctx.text[max(0, m.start() - 80) : m.start()]
    ends = list(SENTENCE_END.finditer(before))
    before = before[ends[-1].end() :] if ends else before
    after = ctx.text[m.end() : m.end() + 80]
    end = SENTENCE_END.search(after)
    after = after[: end.start() + 1] if end else after
    return any(w.lower() in QUARTER_CODE_CONTEXT for w in re.findall(r"[A-Za-z][\w-]*", before + " " + after))


@rule(
    rf"(?:(?P<y1>{_YEAR})\s+)?Q(?P<q>[1-4])(?:(?:\s*[/,]?\s*|\s+of\s+)(?:FY\s*)?(?P<y2>{_YEAR})|\s*['’](?P<ys>\d{{2}}))?"
    r"|(?P<q2>[1-4])Q\s*['’]?(?P<ys2>\d{2})",
    needs=("q1", "q2", "q3", "q4", "1q", "2q", "3q", "4q"),
)
def quarter_code(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "Q3 2019", "2018 Q4", "3Q19", "Q2" (after "in", "its", ...): a quarter written as a code; without a
    year, the year the tense points to, as for "the second quarter". Not "an Audi Q3"."""
    if "q" in m.group(0):
        return None  # a capital Q only
    number_ = int(m["q"] or m["q2"])
    written = m["y1"] or m["y2"]
    if written is None and (m["ys"] or m["ys2"]):
        written = str(_full_year(ctx, m["ys"] or m["ys2"]))
    lead = _word_before(ctx.text, m.start())
    if lead and lead not in QUARTER_CODE_LEADS:
        # after "the", "its", "a", ... or any other word, a code is a quarter only among words of reporting
        # ("the Q3 results", "its Q2 earnings"); "The Q3 was recalled", "the new Q3 2020 edition" are models
        if lead not in QUARTER_CODE_WEAK_LEADS and written and _capitalised_before(ctx.text, m.start()):
            return None  # "an Audi Q3 2020"
        if not _reporting_context(m, ctx):
            return None
    if written:
        return "DATE", f"{written}-Q{number_}", None, None
    if ctx.dct is None:
        return "DATE", f"{YEAR_UNKNOWN}-Q{number_}", None, "DCT:year"
    current = (ctx.dct.month - 1) // 3 + 1
    return "DATE", f"{ctx.dct.year - (1 if number_ > current and ctx.tense == 'past' else 0)}-Q{number_}", None, None


def _capitalised_before(text: str, position: int) -> bool:
    """Whether a capitalised word, not opening a sentence, comes just before ``position`` ("Audi Q3")."""
    word = re.search(r"([A-Za-z]+)\s*$", text[max(0, position - 20) : position])
    return (
        word is not None and word[1][0].isupper() and not _sentence_start(text, word.start(1) + max(0, position - 20))
    )


QUARTER_ENDED = re.compile(rf"\s+end(?:ed|ing)\s+(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})\b(?:,?\s+(?P<y>{_YEAR}))?", re.I)


def _quarter_ended(m: re.Match[str], ctx: Context) -> str | None:
    """ "the quarter ended July 31" is May to July: the calendar quarter holding most of those three
    months (the one of the middle month), whatever quarter the publication date points to."""
    ended = QUARTER_ENDED.match(ctx.text, m.end())
    if ended is None or not ended["m"][0].isupper():
        return None
    middle_month = (month_of(ended["m"]) - 2) % 12 + 1
    month_end = month_of(ended["m"])
    year_ = int(ended["y"] or month_year(replace(ctx, tense="past"), month_end, int(ended["d"])))
    if middle_month > month_end:  # "ended Jan. 31": November to January, a quarter of the year before
        year_ -= 1
    return f"{year_}-Q{(middle_month - 1) // 3 + 1}"


@rule(r"(?:the\s+)?(?P<o>first|second|last|latter)\s+half(?:\s+of\s+(?:the\s+year|(?P<y>\d{4})))?", needs=("half",))
def half_year(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "the first half", "the last half of 1989": H1 and H2 of the year ("last half" is the second)."""
    if m["o"].lower() in ("last", "latter") and not (m["y"] or m.group(0).lower().endswith("year")):
        return None  # "the last half" alone may be the last half-hour or half of a match
    half = 1 if m["o"].lower() == "first" else 2
    if m["y"]:
        return "DATE", f"{m['y']}-H{half}", None, None
    if ctx.dct is None:
        return "DATE", f"{YEAR_UNKNOWN}-H{half}", None, "DCT:year"
    return "DATE", f"{ctx.dct.year}-H{half}", None, None


@rule(
    r"(?:(?P<mod>early|late|mid)[-\s]+)?(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<y>\d{4}))?",
    needs=("spring", "summer", "fall", "autumn", "winter"),
)
def season(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    if m["s"].lower() == "fall" and not m["y"] and not m["mod"]:
        return None  # "fall" is far more often the verb
    if not m["y"] and _event_name(m, ctx):
        return None
    code = SEASONS[m["s"].lower()]
    year_ = m["y"] or (str(ctx.dct.year) if ctx.dct else YEAR_UNKNOWN)
    return "DATE", f"{year_}-{code}", MODS.get((m["mod"] or "").lower()), None


HOLIDAY_RULE = re.compile(
    r"(?P<fm>\d{2})-(?P<fd>\d{2})|easter(?P<e>[+-]\d{1,2})?"
    r"|(?P<n>-1|[1-5]):(?P<wd>mon|tue|wed|thu|fri|sat|sun):(?P<m>\d{2})(?:\+(?P<plus>\d))?"
)


def holiday_rule(name: str, rule_: str) -> Callable[[int], date]:
    """The date of a holiday in a given year, from its rule in the lexicon ("12-25", "easter-2",
    "4:thu:11", "1:mon:11+1"); a rule that cannot be read, or names no day, is a LexiconError."""
    match = HOLIDAY_RULE.fullmatch(rule_)
    if match is None:
        raise LexiconError(f"{_LEXICON.name} [[holidays]]: {name!r} has unreadable rule {rule_!r}")
    if match["fm"]:
        month, day = int(match["fm"]), int(match["fd"])
        try:
            date(2000, month, day)  # a leap year: "02-29" would pass
        except ValueError:
            raise LexiconError(f"{_LEXICON.name} [[holidays]]: {name!r} has no day {rule_!r}") from None
        return lambda year_: date(year_, month, day)
    if match["e"] is not None or rule_ == "easter":
        days = int(match["e"] or 0)
        return lambda year_: easter(year_) + timedelta(days=days)
    month, nth, weekday_ = int(match["m"]), int(match["n"]), WEEKDAYS[match["wd"]]
    if not 1 <= month <= 12:
        raise LexiconError(f"{_LEXICON.name} [[holidays]]: {name!r} has no month {rule_!r}")
    plus = int(match["plus"] or 0)
    return lambda year_: _nth_weekday(year_, month, weekday_, nth) + timedelta(days=plus)


#: holiday name (lower case, as in the lexicon) -> (its rule, the function giving its date in a year)
HOLIDAYS = {name: (rule_, holiday_rule(name, rule_)) for name, rule_ in _LEXICON.groups("holidays").items()}
#: holiday names that are common nouns too ("Epiphany struck him"): a day only with a context of dates
HOLIDAYS_ALSO_COMMON = _LEXICON.words("holidays_also_common")
if HOLIDAYS_ALSO_COMMON - set(HOLIDAYS):
    raise LexiconError(
        f"{_LEXICON.name} [holidays_also_common]: no such holiday "
        + ", ".join(sorted(HOLIDAYS_ALSO_COMMON - set(HOLIDAYS)))
    )
HOLIDAY_DATE_PREPOSITIONS = _LEXICON.words("holiday_date_prepositions")


def _dated_holiday(m: re.Match[str], ctx: Context) -> bool:
    """Whether a holiday name that is also a common noun is used as a day: with a year ("Epiphany 2020"),
    "last"/"next"/"this", a possessive ("Epiphany's feast") or a date preposition before it ("on Epiphany")."""
    if m["y"] or m["rel"]:
        return True
    if re.match(r"['’]s?\b", ctx.text[m.end() : m.end() + 2]):
        return True
    return _word_before(ctx.text, m.start()) in HOLIDAY_DATE_PREPOSITIONS


def _name_pattern(name: str) -> str:
    """A holiday name as a pattern: any spacing, an optional apostrophe ("Mothers Day"), an optional dot."""
    words = []
    for word in name.split():
        word = re.escape(word).replace("'s", "['’]?s['’]?").replace(r"\.", r"\.?")
        if word.endswith("s") and "'" not in name:  # a plural, with or without its apostrophe: "Veterans
            word = word[:-1] + "['’]?s['’]?"  # Day", "Veterans' Day", "Veteran's Day"
        words.append(word)
    return r"\s+".join(words)


#: each holiday's name as a pattern, compiled once: ``holiday_name`` reads a name written another way by them
HOLIDAY_NAMES = {name: re.compile(_name_pattern(name), re.I) for name in HOLIDAYS}
_HOLIDAY = "|".join(HOLIDAY_NAMES[n].pattern for n in sorted(HOLIDAYS, key=len, reverse=True))


def _nth_weekday(year_: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-based; -1 for the last) such ISO weekday of a month."""
    first = date(year_, month, 1)
    if nth < 0:
        return first + relativedelta(day=31, weekday=WEEKDAY_OF[weekday](-1))
    return first + relativedelta(weekday=WEEKDAY_OF[weekday](nth))


def holiday_name(written: str) -> str:
    """The lexicon's name of a holiday as written ("Mothers  Day" -> "mother's day")."""
    words = " ".join(written.lower().replace("’", "'").split())
    if words in HOLIDAYS:
        return words
    for name, pattern in HOLIDAY_NAMES.items():
        if pattern.fullmatch(words):
            return name
    raise KeyError(written)


def holiday_date(name: str, year_: int) -> date:
    """The date of a named holiday in a given year (US usage where countries differ)."""
    return HOLIDAYS[holiday_name(name)][1](year_)


@rule(
    rf"(?:(?P<rel>last|next|this)\s+)?(?P<h>{_HOLIDAY})(?:(?:,?\s+|\s+of\s+)(?P<y>{_YEAR}))?",
    first=r"(?-i:[A-Z])|(?:last|next|this)\s",
    # the longest part of each name that is written one way: "good friday", "mother" (of "Mothers' Day")
    needs=tuple(sorted({max(re.split(r"['.]|s\s", n), key=len).strip() for n in HOLIDAYS})),
)
def holiday(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """Named holidays are dates: "Thanksgiving Day" 1999 is 1999-11-25. Without a year, the
    occurrence the tense points to, as for a month and day ("last Christmas": the one before)."""
    if not m["h"][0].isupper():
        return None  # "election day" in lower case is mostly generic
    name = holiday_name(m["h"])
    if name in HOLIDAYS_ALSO_COMMON and not _dated_holiday(m, ctx):
        return None  # "Epiphany struck him"
    if m["y"]:
        return "DATE", holiday_date(name, int(m["y"])).isoformat(), None, None
    if ctx.dct is None:  # a movable feast keeps only its month
        fixed = re.fullmatch(r"\d\d-\d\d", HOLIDAYS[name][0]) is not None
        return (
            "DATE",
            f"{YEAR_UNKNOWN}-" + holiday_date(name, 2000).isoformat()[5 : 10 if fixed else 7],
            None,
            "DCT:year",
        )
    rel = (m["rel"] or "").lower()
    candidates = [holiday_date(name, ctx.dct.year + offset) for offset in (-1, 0, 1)]
    before = [c for c in candidates if c <= ctx.dct]
    after = [c for c in candidates if c >= ctx.dct]
    if rel == "last" or (
        not rel and ctx.tense == "past" and not any(0 < (c - ctx.dct).days <= SOON_DAYS for c in after)
    ):
        chosen = before[-1]
    elif rel == "next" or ctx.tense == "future":
        chosen = after[0]
    else:
        dct = ctx.dct
        chosen = min(candidates, key=lambda c: abs((c - dct).days))
    return "DATE", chosen.isoformat(), None, None


@rule(rf"the\s+week\s+of\s+(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?", needs=("week",))
def week_of(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "a hearing the week of March 6": TimeML takes the whole phrase as one DATE, the week
    that holds the day, rather than "the week" (this one) and a separate "March 6"."""
    day = int(m["d"])
    if not 1 <= day <= 31 or not m["m"][0].isupper():
        return None
    month = month_of(m["m"])
    year_ = m["y"] or month_year(ctx, month, day)
    if not year_.isdigit():
        return "DATE", f"{YEAR_UNKNOWN}-WXX", None, "DCT:year"
    try:
        return "DATE", granular(date(int(year_), month, day), "W"), None, None
    except ValueError:
        return None


@rule(r"(?:the\s+)?(?P<w>weekend)", needs=("weekend",))
def weekend(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    if ctx.dct is None:
        return "DATE", f"{YEAR_UNKNOWN}-WXX-WE", None, "DCT:weekend"
    offset = 0 if ctx.dct.isoweekday() >= 6 else (-1 if ctx.tense != "future" else 0)
    return "DATE", granular(shift(ctx.dct, "W", offset), "WE"), None, f"DCT{offset:+d}WE"


REFS = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "this time": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "today's": "PRESENT_REF",
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "the past": "PAST_REF",
    "previously": "PAST_REF",
    "formerly": "PAST_REF",
    "earlier": "PAST_REF",
    "lately": "PAST_REF",
    "once": "PAST_REF",
    "in the past": "PAST_REF",
    "recent years": "PAST_REF",  # TimeBank's majority; the shorter spans stay vague durations
    "recent months": "PXM",
    "recent weeks": "PXW",
    "recent days": "PXD",
    "the future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "eventually": "FUTURE_REF",
    "later": "FUTURE_REF",
    "the coming years": "FUTURE_REF",
    "the coming months": "FUTURE_REF",
    "the coming weeks": "FUTURE_REF",
    "the coming days": "FUTURE_REF",
    "shortly": "FUTURE_REF",
    "in the future": "FUTURE_REF",
    # earnings news speaks of quarters as others speak of months: "in future quarters", "coming quarters"
    "the coming quarters": "FUTURE_REF",
    "future quarters": "FUTURE_REF",
    "past years": "PAST_REF",
    "a later date": "FUTURE_REF",
    "a later time": "FUTURE_REF",
    "a later stage": "FUTURE_REF",
}


DISCOURSE_NOW = re.compile(r"now,", re.I)
SENTENCE_START = re.compile(r"(?:^|[.!?:;][\"'`]*\s+|\n\s*|[\"`]+\s*)$")


@rule(
    r"now|currently|current|presently|nowadays|these\s+days|the\s+present|right\s+now|at\s+the\s+moment|recently|recent\s+(?:years|months|weeks|days)|recent|lately|the\s+past(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|year|month|week|decade|quarter|day))|the\s+(?:near\s+)?future|the\s+near\s+term|the\s+long\s+term|the\s+coming\s+(?:years|months|weeks|days|quarters)|(?<=in\s)coming\s+(?:years|months|weeks|days|quarters)|(?<=for\s)coming\s+quarters|future\s+quarters|(?<=in\s)past\s+years|(?<=at\s)a\s+later\s+(?:date|time|stage)"
)
def reference(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "Now", "recently", "the future": TimeML's PRESENT_REF, PAST_REF and FUTURE_REF.

    Not "formerly" ("Robert Angelo, formerly Phoenix's senior vice president", "the formerly
    state-owned company"): a former role, untagged in all 4 uses in TimeBank and MEANTIME."""
    if DISCOURSE_NOW.match(m.group(0) + ctx.text[m.end() : m.end() + 1]) and SENTENCE_START.search(
        ctx.text[: m.start()]
    ):
        return None  # "Now, he says, ...": a discourse marker opening the sentence, not the present moment
    words = " ".join(m.group(0).lower().split())
    if words == "the future" and _prospects(m, ctx):
        return None
    value = REFS.get(words if not words.startswith("coming") else "the " + words, "PRESENT_REF")
    if value == "PRESENT_REF" and re.search(r"\bthen\s$", ctx.text[max(0, m.start() - 5) : m.start()], re.I):
        value = "PAST_REF"  # "at the then current market price": the present of a time gone by
    return ("DURATION" if value.startswith("P") and value[1] == "X" else "DATE"), value, None, None


SAID_AT_THE_TIME = _LEXICON.words("said_at_the_time")
AFTER_THE_TIME = re.compile(r"\s*(?:[,.;:!?)\]\"'”’—–-]|$|(?:and|but|or)\b)")


@rule(r"(?<=\bat\s)(?:the|that)\s+time", needs=("time",))
def at_the_time(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "At the time, he was the mayor", "who was in Paris at that time": the time the story is about,
    gone by (PAST_REF), or ahead in a sentence that looks ahead ("At that time, charges may be
    filed": FUTURE_REF). Not "at the time of the attack", "at the time the bomb went off" (a time the
    text then names), "at the same time"; after "said" a clause is what was said."""
    if (
        AFTER_THE_TIME.match(ctx.text, m.end()) is None
        and _word_before(ctx.text, m.start() - 3) not in SAID_AT_THE_TIME
    ):
        return None
    return "DATE", "FUTURE_REF" if ctx.tense == "future" else "PAST_REF", None, None


def _prospects(m: re.Match[str], ctx: Context) -> bool:
    """ "very important to the future of our peoples", "the future looks anything but encouraging":
    the future as what lies ahead for someone, a thing rather than a time (untagged in TimeBank),
    unlike the time in "in the future", "well into the future", "worried about the future"."""
    before = ctx.text[max(0, m.start() - 12) : m.start()]
    after = ctx.text[m.end() : m.end() + 12]
    if re.match(r"\s+of\b", after) or re.search(r"(?<!in)\bto\s+$", before, re.I):
        return True
    return re.match(r"\s+(?:looks?|seems?|appears?|remains?|holds?)\b", after, re.I) is not None and not re.search(
        r"\b(?:in|into|about|for|of|on)\s+$", before, re.I
    )


def checked_set_values(table: str, values: dict[str, str]) -> dict[str, str]:
    """The lexicon's recurrences, word -> TIMEX3 period; a period that is no ISO 8601 one ("P1X", "1W")
    is a LexiconError naming the word."""
    for word, value in values.items():
        if not SET_PERIOD.fullmatch(value):
            raise LexiconError(f"{_LEXICON.name} [[{table}]]: {word!r} has no period {value!r} (P1D, P2W, PT1H, ...)")
    return values


SET_PERIOD = re.compile(r"P(?:[1-9]\d*(?:Y|M|W|D)|T[1-9]\d*(?:H|M|S))")
#: "biweekly", "quarterly": a recurrence in one word
SET_WORDS = checked_set_values("set_words", _LEXICON.groups("set_words"))
#: "every week", "a day", "each season": the unit of a recurrence after "every", "each", "per", "a"
SET_UNITS = checked_set_values("set_units", _LEXICON.groups("set_units"))
#: set words that are a recurrence only as adverbs ("paid quarterly"), not before a noun ("quarterly dividend")
SET_WORDS_ADVERB_ONLY = _LEXICON.words("set_words_adverb_only")
if SET_WORDS_ADVERB_ONLY - set(SET_WORDS):
    raise LexiconError(
        f"{_LEXICON.name} [set_words_adverb_only]: not in set_words: "
        + ", ".join(sorted(SET_WORDS_ADVERB_ONLY - set(SET_WORDS)))
    )
#: a lowercase word after a set word that is no function word: the set word modifies it
ATTRIBUTIVE = re.compile(_ATTRIBUTIVE)
_SET_WORD = "|".join(re.escape(w) for w in sorted(SET_WORDS, key=len, reverse=True))
_SET_UNIT = "|".join(re.escape(w) for w in sorted(SET_UNITS, key=len, reverse=True))
QUANTITY_BEFORE = re.compile(r"(?:\d%?|\b(?:percent|hundred|thousand|million|billion))(?:\s+[a-z]+)?\s+$", re.I)


@rule(rf"(?P<w>{_SET_WORD})|(?P<e>every|each|per|a)\s+(?P<u>{_SET_UNIT})")
def sets(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    word = (m["w"] or m["u"]).lower()
    code = SET_WORDS[word] if m["w"] else SET_UNITS[word]
    if word in SET_WORDS_ADVERB_ONLY and ATTRIBUTIVE.match(ctx.text, m.end()):
        return None  # "its quarterly dividend": a kind of payment or report, untagged in TimeBank
    if word == "quarter" and _fraction(m, ctx):
        return None
    if word == "annually" and QUANTITY_BEFORE.search(ctx.text[max(0, m.start() - 40) : m.start()]):
        return None  # "to rise 8.5% annually", "10,000 units annually": the yearly rate of an amount,
        # untagged in 3 of the 4 in TimeBank, unlike "the commemorations held here annually"
    if (
        m["e"]
        and m["e"].lower() == "a"
        and not re.search(
            r"\d|\b(?:once|twice|times|percent|hundred|thousand|million|billion|dozen)\b",
            ctx.text[max(0, m.start() - 30) : m.start()],
            re.I,
        )
    ):
        return None  # "a day" is a rate only after an amount: "500 barrels a day", "twice a week"
    return "SET", code, None, None


@rule(
    rf"(?:every|each)\s+(?:(?P<other>other)\s+|(?P<n>{_NUM})\s+)?(?P<u>{_UNIT})|(?:every|each)\s+(?P<s>spring|summer|fall|autumn|winter)",
    needs=("every", "each"),
)
def every_period(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "every two weeks", "every other month", "every few days", "every summer": a recurrence (SET) with
    its period, or the season of every year."""
    if m["s"]:
        return "SET", f"{YEAR_UNKNOWN}-{SEASONS[m['s'].lower()]}", None, None
    if not (m["other"] or m["n"]):
        return None  # "every week" is the sets rule's
    amount = 2 if m["other"] else number(m["n"])
    if amount is None or amount == 0.5 or m["u"].lower().rstrip("s") == "weekend":
        return None
    if amount == 1 and m["n"].lower() in ("a", "an"):
        return None  # "every a week" is no phrase; "every 1 week", "every one year" are "every week"
    word = m["u"].lower()
    return "SET", duration(in_weeks(amount, word), unit_code(word), word.startswith("minute")), None, None


@rule(
    rf"(?:(?P<approx>{_APPROX})\s+(?!the\s))?(?:the\s+(?P<rel>past|last|next|first|previous|coming|final|latest)\s+)?(?P<n>{_NUM})[-\s]+(?:(?:consecutive|straight|full|more|additional|long|trading|business|working)\s+)?(?P<u>{_UNIT})(?:-long|\s+long)?"
)
def units(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    after = ctx.text[m.end() : m.end() + 8].lower()
    if re.match(r"-?old\b|\s+old\b", after) or re.match(r"\s*-\s*old", after):
        return None  # ages are not time expressions
    amount = number(m["n"])
    if amount is None:
        return None
    word = m["u"].lower()
    if word == "second" and m["n"].lower() in ("a", "one"):
        return None  # "a second time", "a second day": an ordinal, not one second
    if m["n"].lower() in ("a", "an") and word.endswith("s"):
        return None  # "a decades-long battle": the article belongs to the noun, not to the unit
    unit = unit_code(word)
    if unit == "Q" and _fraction(m, ctx):
        return None
    if unit == "H" and military_hour(ctx.text, m.start("n"), m["n"]):
        return None  # "at 0600 hours": a clock time
    if _someday(m, ctx):
        return "DATE", "FUTURE_REF", None, None
    minutes = word.startswith("minute")
    mod = MODS.get(" ".join((m["approx"] or "").lower().split()))
    return "DURATION", duration(in_weeks(amount, word), unit, minutes), mod, None


SOMEDAY_BEFORE = re.compile(
    r"\b(?:will|would|may|might|could|can|shall|should|must|hope\s+(?:that\s+)?\w+|(?P<to>to))\s+$", re.I
)
# words that follow "to one day" when it is a length ("limited to one day per customer", "cut to one
# day a week"), used when there is no parse to say whether a verb follows
NOT_A_VERB = frozenset(
    {
        "a",
        "an",
        "the",
        "per",
        "each",
        "every",
        "this",
        "that",
        "with",
        "without",
        "from",
        "by",
        "on",
        "off",
        "only",
        "instead",
        "because",
        "when",
        "while",
        "if",
        "than",
        "so",
        "but",
        "as",
        "under",
        "over",
        "into",
        "during",
        "until",
        "less",
        "more",
        "longer",
        "shorter",
        "last",
        "next",
    }
)


def _someday(m: re.Match[str], ctx: Context) -> bool:
    """ "Islam will one day be the second largest religion", "the hope he one day follow": "one
    day" between a modal (or the subject of a hope) and its verb is "some day", an unknown time
    ahead (TimeML's FUTURE_REF), not a day's length."""
    if m.group(0).lower() != "one day":
        return False
    after = ctx.text[m.end() : m.end() + 20]
    if re.match(r"\s*(?:,|\.|later|earlier|after|before|ago|of|in|for|to|at|and|or)\b", after, re.I):
        return False
    before = SOMEDAY_BEFORE.search(ctx.text[max(0, m.start() - 25) : m.start()])
    if before is None:
        return False
    return not before["to"] or _verb_follows(
        m.end(), ctx
    )  # "hopes to one day become", not "limited to one day per customer"


def _verb_follows(position: int, ctx: Context) -> bool:
    """Whether the word after ``position`` is a verb in its base form ("to one day become")."""
    word = re.match(r"\s+([A-Za-z]+)\b", ctx.text[position : position + 30])
    if word is None:
        return False
    if ctx.doc is not None:
        span = ctx.doc.char_span(position + word.start(1), position + word.end(1), alignment_mode="expand")
        if span is not None and len(span) > 0:
            return span[0].pos_ in ("VERB", "AUX") and span[0].tag_ == "VB"
    return word[1].islower() and word[1].lower() not in NOT_A_VERB


def _fraction(m: re.Match[str], ctx: Context) -> bool:
    """ "three-quarters of its food", "about a quarter, of its dealers": a share, not three months."""
    if re.search(r"\w-quarters?$", m.group(0), re.I):
        return True
    if not re.search(r"(?:^|\s)(?:a|one|three)\s+quarters?$", m.group(0), re.I):
        return False  # "two consecutive quarters of growth"
    return (
        re.match(r"\s*,?\s*of\b(?!\s+(?:\d{4}|the\s+year|this|last|next))", ctx.text[m.end() : m.end() + 30], re.I)
        is not None
    )


@rule(r"(?P<u>day|week|month|year|decade)(?P<s>s)?-long", needs=("-long",))
def unit_long(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "a day-long meeting" (P1D), "a decades-long battle": an adjective of length with no number
    is one unit, or an unstated number of them when plural. TimeBank and MEANTIME both write
    "decades-long" as PXY (unstated years), so plural decades count in years."""
    unit = unit_code(m["u"])
    if not m["s"]:
        return "DURATION", duration(1, unit), None, None
    return "DURATION", "PXY" if unit == "DE" else duration("X", unit), None, None


@rule(rf"(?P<n>a|an|one)\s+(?P<u>{_UNIT})\s+and\s+a\s+half", needs=("half",))
def unit_and_a_half(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "a minute and a half" is PT1M30S, "a year and a half" P1Y6M: the half in the next smaller unit."""
    word = m["u"].lower()
    if word.startswith("minute"):
        return "DURATION", "PT1M30S", None, None
    unit = unit_code(word)
    return ("DURATION", duration(1.5, unit), None, None) if unit in HALF_OF else None


#: words before a plural unit that make it a thing owned or pointed at, not a length ("his days earlier")
UNIT_OWNERS = frozenset({"his", "her", "their", "its", "my", "our", "your", "the", "these", "those", "whose", "of"})


@rule(
    r"(?:(?<=for\s)|(?<=over\s)|(?<=after\s)|(?<=within\s)|(?<=lasted\s)|(?<=\bin\s))(?P<u>days|weeks|months|years|decades|centuries|hours|minutes)"
    r"|(?P<u2>seconds|minutes|hours|days|weeks|months|years)(?=\s+(?:later|earlier)\b)"
)
def bare_plural(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "for weeks", "after years", "minutes later": a duration of unstated length (not "his days earlier")."""
    if m["u2"] and _word_before(ctx.text, m.start()) in UNIT_OWNERS:
        return None
    word = (m["u"] or m["u2"]).lower()
    return "DURATION", duration("X", unit_code(word), word.startswith("minute")), None, None


@rule(
    r"(?:(?<=over\s)|(?<=in\s)|(?<=during\s))the\s+(?P<u>years|decades)|the\s+(?P<u2>days|weeks|months|years)(?=\s+(?:before|after|ahead|following|that\s+followed|since|to\s+come)\b)"
)
def the_plural(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "over the years", "in the weeks before the attack": a stretch of unstated length."""
    word = (m["u"] or m["u2"]).lower()
    return "DURATION", duration("X", unit_code(word)), None, None


@rule(
    r"(?:the\s+)?(?P<rel>latest|same|comparable|year-earlier|year-ago|fiscal|full|current)\s+(?P<u>period|year|quarter|fiscal\s+year)|year[-\s]end|year's\s+end|(?P<eoy>end[-\s]of[-\s]year)|(?P<fy>fiscal\s+year)",
    needs=("period", "year", "quarter"),
)
def named_period(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """Earnings news: "the latest period" (the quarter reported), "the fiscal year", "year-end"."""
    text = m.group(0).lower()
    if ctx.dct is None:
        return "DATE", YEAR_UNKNOWN, None, "DCT:year"
    if text in ("year-end", "year end", "year's end") or m["eoy"]:  # "by end of year" too
        return "DATE", str(ctx.dct.year), "END", None
    unit = (m["u"] or "year").split()[-1]
    rel = (m["rel"] or "").lower()
    if unit == "year" and rel in ("", "fiscal") and _ending_follows(m, ctx):
        return "DURATION", "P1Y", None, None
    if unit == "period" or unit == "quarter":
        day = shift(ctx.dct, "Q", -1)
        reported = _reported_quarter(ctx) if ctx.history else None
        if reported is not None:  # "fourth-quarter earnings ... Sales in the latest period": the quarter named
            day = date(reported[0], 3 * reported[1] - 2, 1)
        if rel in ("year-earlier", "year-ago", "comparable", "same"):
            day = shift(day, "Y", -1).replace(month=day.month)
        return "DATE", granular(day, "Q"), None, None
    year_ = ctx.dct.year - (1 if rel in ("year-earlier", "year-ago") else 0)
    return "DATE", str(year_), None, None


@rule(
    r"the\s+(?:(?:same|corresponding|comparable)\s+)?(?P<u>period|quarter|month)\s+(?:of\s+|in\s+)?(?:last\s+year|the\s+(?:last|previous|prior)\s+year|a\s+year\s+(?:ago|earlier|before))",
    needs=("year",),
)
def period_a_year_before(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "the same period last year", "the quarter a year ago": the period just reported, a year back."""
    if m["u"].lower() == "month" or (m["u"].lower() == "period" and not re.search(r"\bQ\d", ctx.quarters_before)):
        months = re.findall(r"\b(\d{4})-(\d{2})\b(?!-)", ctx.quarters_before)
        if months:
            return "DATE", f"{int(months[-1][0]) - 1}-{months[-1][1]}", None, None
    return "DATE", _year_earlier_quarter(ctx, -1), None, None


ANAPHORIC_FORMS = {
    "year": r"\d{4}",
    "week": r"\d{4}-W\d{2}",
    "quarter": r"\d{4}-Q[1-4]",
    "month": r"\d{4}-\d{2}",
    "day": r"\d{4}-\d{2}-\d{2}",
}


@rule(
    r"(?:(?P<rel>earlier|later)\s+)?(?P<that>that(?:\s+same)?|the\s+same)\s+(?P<u>year|quarter|month|week|day)",
    needs=("that", "same"),
)
def that_period(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "later that year", "that quarter", "the same day": the period of the date last mentioned.
    A bare "that day" is too often generic ("redemptions that day") to tag."""
    unit = m["u"].lower()
    if unit == "day" and not m["rel"] and m["that"].lower() == "that":
        return None
    if not ctx.history:
        return "DATE", YEAR_UNKNOWN, None, None  # claims the span; the value needs the dates before it
    form = ANAPHORIC_FORMS[unit]
    mentioned = [v for v in ctx.quarters_before.split() if re.match(form + r"(?![\d-])|" + form + r"(?=-)", v)]
    if not mentioned:
        return None
    value = re.match(form, mentioned[-1])
    assert value is not None
    return "DATE", value.group(0), None, None


def _ending_follows(m: re.Match[str], ctx: Context) -> bool:
    """ "the year ended June 30" is a twelve-month stretch (a DURATION in TimeML), not a calendar year."""
    return re.match(r"\s+end(?:ed|ing)\b", ctx.text[m.end() : m.end() + 8], re.I) is not None


@rule(rf"the\s+(?P<y>{_YEAR})\s+(?P<u>quarter|period)", needs=("quarter", "period"))
def year_quarter(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """Earnings news: "the 1988 quarter" / "the 1988 period" is the reported quarter of that year
    (the year itself after a span of several quarters: "For the nine months ... in the 1988 period")."""
    if m["u"].lower() == "period" and _year_to_date(m, ctx):
        return "DATE", m["y"], None, None
    reported = _reported_quarter(ctx)
    if reported is not None:
        return "DATE", f"{m['y']}-Q{reported[1]}", None, None
    if ctx.dct is None:
        return "DATE", m["y"], None, None
    return "DATE", f"{m['y']}-Q{(shift(ctx.dct, 'Q', -1).month - 1) // 3 + 1}", None, None


_DAY_OF_MONTH = rf"(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?![\d,.%]\d|\s*%)(?!{_ATTRIBUTIVE})"


@rule(rf"(?P<rel>last|next|this\s+coming|this|past|coming)\s+(?P<m>{_MONTH})(?:\s+{_DAY_OF_MONTH})?")
def relative_month(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "last October", "next january" (a month name that is no common word is a month in lower case
    too), "this coming June": that month before or after the publication date."""
    if not m["m"][0].isupper() and m["m"].lower() in MONTHS_ALSO_COMMON:
        return None
    month = month_of(m["m"])
    day = int(m["d"]) if m["d"] else None  # "shot to death last Oct. 23": that day of the month named
    rel = m["rel"].lower().split()[-1]
    if ctx.dct is None:
        return "DATE", f"{YEAR_UNKNOWN}-{month:02d}" + (f"-{day:02d}" if day else ""), None, f"DCT:{rel}:month"
    year_ = ctx.dct.year
    if rel in ("last", "past") and month >= ctx.dct.month:
        year_ -= 1
    if rel in ("next", "coming") and month <= ctx.dct.month:
        year_ += 1
    if day is not None:
        return "DATE", day_value(str(year_), month, day), None, None
    return "DATE", f"{year_}-{month:02d}", None, None


TIME_FOLLOWS = re.compile(r"\s+(?:[A-Z0-9]|(?:today|yesterday|tomorrow|tonight)\b)")  # a name, a number or a day


def _day_from_next(position: int, step: str, ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "the day after Christmas": one day from the day the expression after ``position`` names, or
    None (untagged) when what follows is no day ("the day after Smith was arrested")."""
    window = ctx.text[position : position + 60]
    lead = len(window) - len(window.lstrip())
    following = [t for t in find_times(window, ctx.dct) if t.start == lead]
    named = iso_day(following[0].value) if following and following[0].type == "DATE" else None
    if named is None:
        return None
    return "DATE", shift_day(named, step).isoformat(), None, None


@rule(r"(?:the\s+)?(?P<u>year|day|month|week)s?\b(?=\s*(?:,|\.|;|$))|the\s+(?P<u2>year|month|week|day)")
def the_unit(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    if not m.group(0).lower().startswith("the"):
        return None
    unit = unit_code(m["u"] or m["u2"])
    if unit == "Y" and _ending_follows(m, ctx):
        return "DURATION", "P1Y", None, None
    days = days_named(ctx) if unit == "D" else []
    step = re.match(r"\s+(after|before)\b", ctx.text[m.end() : m.end() + 8], re.I) if unit == "D" else None
    if step and re.search(r"(?:\d\s*,|\bin)\s*$", ctx.text[max(0, m.start() - 6) : m.start()]):
        step = None  # "Oct. 12, the day before the plunge" restates the date before it; "late in the day
        # after falling 250 points": "after" begins a clause
    if step and TIME_FOLLOWS.match(ctx.text, m.end() + step.end()):
        # "the day after Christmas", "the day before Oct. 3": a day from the one named next, not from the story's
        return _day_from_next(m.end() + step.end(), step[1].lower(), ctx)
    if days:
        if step:  # "showed up the day after his death": a day from the one the story is about
            return "DATE", shift_day(days[-1], step[1].lower()).isoformat(), None, None
        return "DATE", days[-1].isoformat(), None, None  # "later in the day": the day the story is about
    if step:  # "the day before the vote" in a story that named no day: a day, not known which
        return "DATE", f"{YEAR_UNKNOWN}-XX-XX", None, None
    value, anchor = relative(ctx, unit, 0)
    return "DATE", value, None, anchor


@rule(
    rf"the\s+(?P<rel>next|following|previous|preceding)\s+(?P<u>day|{_PART})",
    needs=("next", "following", "previous", "preceding"),
)
def neighbouring_day(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "appeared in court the next morning", "was found the following day": a day on from the day the
    story last named (TimeML's reference time), never from the publication date; a day not known
    which when the story named none."""
    step = "after" if m["rel"].lower() in ("next", "following") else "before"
    part = PARTS_OF_DAY.get(m["u"].lower())
    days = days_named(ctx)
    value = shift_day(days[-1], step).isoformat() if days else f"{YEAR_UNKNOWN}-XX-XX"
    return ("TIME", f"{value}T{part}", None, None) if part else ("DATE", value, None, None)


DURATION_CUES = _LEXICON.words("duration_cues")
CLOCK_PREPOSITIONS = _LEXICON.words("clock_prepositions")


def _word_before(text: str, position: int) -> str:
    """The word just before ``position`` (lower case), or ""."""
    word = re.search(r"([A-Za-z]+)\W*$", text[max(0, position - 20) : position])
    return word[1].lower() if word else ""


def _clock_value(
    ctx: Context, hour: int, minute: int, second: int | None = None, zone: str = ""
) -> tuple[str, str, str | None, str | None]:
    day = ctx.dct.isoformat() if ctx.dct else f"{YEAR_UNKNOWN}-XX-XX"
    seconds = f":{second:02d}" if second is not None else ""
    return "TIME", f"{day}T{hour:02d}:{minute:02d}{seconds}{zone}", None, "DCT" if ctx.dct else "DCT:day"


@rule(
    r"(?:(?P<h>\d{1,2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ap>a\.?m\.?|p\.?m\.?)|(?P<h2>\d{1,2}):(?P<mi2>\d{2})(?::(?P<s2>\d{2}))?|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)(?=\s+(?:UTC|GMT))|(?P<w>noon|midnight|midday))(?:\s+(?:(?P<z>UTC|GMT|Z)|(?P<local>[ECMP][SD]T)))?"
)
def clock(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    if m["w"]:
        hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[m["w"].lower()]
    else:
        hour = int(m["h"] or m["h2"] or m["h3"])
        minute = int(m["mi"] or m["mi2"] or m["mi3"] or 0)
        ap = (m["ap"] or "").lower().replace(".", "")
        if ap == "pm" and hour < 12:
            hour += 12
        if ap == "am" and hour == 12:
            hour = 0
    second = int(m["s2"] or m["s"]) if m["s2"] or m["s"] else None
    if second is not None and not (m["z"] or m["local"]) and _word_before(ctx.text, m.start()) in DURATION_CUES:
        if minute > 59 or second > 59:
            return None
        return "DURATION", f"PT{hour}H{minute}M{second}S" if hour else f"PT{minute}M{second}S", None, None
    if hour > 24 or minute > 59 or (second or 0) > 59:
        return None
    return _clock_value(ctx, hour, minute, second, "Z" if m["z"] else "")


def military_hour(text: str, start: int, figures: str) -> bool:
    """Whether four figures before "hours" ("0600 hours", "1430 hrs", "at 2100 hours") are a clock time:
    a real hour and minute, and a leading zero, minutes, or a preposition of clock time before them
    ("2000 hours of community service" is a length)."""
    if not re.fullmatch(r"(?:[01]\d|2[0-3])[0-5]\d", figures):
        return False
    return figures[0] == "0" or figures[2:] != "00" or _word_before(text, start) in CLOCK_PREPOSITIONS


@rule(r"(?P<t>\d{4})\s*(?:hours|hrs)\b", needs=("hours", "hrs"))
def military(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "at 0600 hours", "1430 hrs": the hour and minute of a 24-hour clock."""
    if not military_hour(ctx.text, m.start(), m["t"]):
        return None
    return _clock_value(ctx, int(m["t"][:2]), int(m["t"][2:]))


HOUR_WORDS = {**UNITS_WORDS, "ten": 10, "eleven": 11, "twelve": 12}
_HOUR = r"(?:1[0-2]|[1-9]|" + "|".join(HOUR_WORDS) + ")"


@rule(
    rf"(?P<h>{_HOUR})(?:\s+o['’]clock)?\s+(?:in\s+the\s+(?P<p>morning|afternoon|evening)|(?P<n>at\s+night))",
    needs=("morning", "afternoon", "evening", "night"),
    first=r"[\dotfsen]",
)
def hour_of_part(m: re.Match[str], ctx: Context) -> tuple[str, str, str | None, str | None] | None:
    """ "at 7 in the evening", "seven in the morning", "11 at night": the part of the day says which half
    of the clock. Only after a preposition of clock time ("Some 7 in the evening shift" is a count)."""
    if _word_before(ctx.text, m.start()) not in CLOCK_PREPOSITIONS:
        return None
    hour = int(m["h"]) if m["h"].isdigit() else HOUR_WORDS[m["h"].lower()]
    part = (m["p"] or "night").lower()
    if part == "morning":
        hour = 0 if hour == 12 else hour
    elif part == "afternoon" and hour == 12:
        pass  # "12 in the afternoon" is noon, T12:00
    elif part in ("afternoon", "evening") or (part == "night" and hour >= 6):
        hour = hour + 12 if hour < 12 else 24  # "12 at night" (and "12 in the evening") is midnight, as "midnight" is
    return _clock_value(ctx, hour, 0)


# -- finding ---------------------------------------------------------------------------------------


RANGE_HYPHEN = re.compile(r"\d-(?=" + _RANGE_DAY + ")", re.I)


def _range_hyphens(text: str) -> str:
    """The text with the hyphen of a range of days ("1 Jul 2017-17 Apr 2018") written as a dash, so the
    rules, which take no word joined by a hyphen ("mid-March" is the month rule's, "COVID-19" nothing),
    see both days; same length, so every offset holds."""
    return RANGE_HYPHEN.sub(lambda m: m.group(0)[0] + "\u2013", text) if "-" in text else text


def find_times(text: str, published: date | None, doc: Any | None = None) -> list[Timex]:
    """Every time expression in ``text``, normalised against ``published`` (never today's date)."""
    written, text = text, _range_hyphens(text)
    candidates: list[tuple[int, int, re.Match[str], Normaliser]] = []
    lowered = text.lower()
    for pattern, normalise, needs in RULES:
        if needs and not any(word in lowered for word in needs):
            continue
        for match in pattern.finditer(text):
            if match.end() > match.start():
                candidates.append((match.start(), match.end(), match, normalise))
    quarter_mentioned = re.search(r"\bquarter\b", text, re.I) is not None
    chosen: list[tuple[int, int, re.Match[str], Normaliser, str]] = []
    taken: Intervals[int] = Intervals()  # where the chosen lie: scanning them all for each candidate was quadratic
    for start, end, match, normalise in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if taken.overlapping(start, end):
            continue
        if normalise is not holiday and _titled(text, start, end):
            continue
        tense = _tense(doc, start, end, text)
        if _normalised(normalise, match, Context(published, tense, text, quarter_mentioned, doc=doc)) is not None:
            chosen.append((start, end, match, normalise, tense))
            taken.add(start, end, len(chosen))
    found: list[Timex] = []
    named = ValuesNamed()  # "a year earlier" looks back at the quarter last named
    for start, end, match, normalise, tense in sorted(chosen, key=lambda c: c[0]):
        result = _normalised(normalise, match, Context(published, tense, text, quarter_mentioned, named, True, doc))
        if result is not None:
            kind, value, mod, anchor = result
            found.append(Timex(start, end, written[start:end], kind, value, mod, anchor))
            named.add(value)
    # passes over the whole list: what one expression means can depend on its neighbours
    for joined_with_neighbours in (
        _second_decades,
        _first_of_ranges,
        _second_days,
        _first_days,
        _take_part_words,
        _join_clock_and_day,
        _date_lone_clocks,
    ):
        found = joined_with_neighbours(found, written)
    return found


def _next_start(found: list[Timex], index: int, text: str) -> int:
    """Where the expression after ``found[index]`` starts (the text's end after the last)."""
    return found[index + 1].start if index + 1 < len(found) else len(text)


RANGE_START = re.compile(
    r"(?<![\w$.,%-])(?P<n>\d+(?:\.\d+)?|" + _COMPOUND + r"|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty)\s+(?:and|or|to)\s+$",
    re.I,
)
COUNTED = re.compile(r"P(T?)(\d+(?:\.\d+)?)([A-Z]+)")


def _first_of_ranges(found: list[Timex], text: str) -> list[Timex]:
    """ "between 60 and 90 days", "two or three weeks": the first number of a range of durations is
    a duration of the same unit, tagged on its own as TempEval tags it (the unit is written once)."""
    result: list[Timex] = []
    for timex in found:
        counted = COUNTED.fullmatch(timex.value)
        start = RANGE_START.search(text, max(0, timex.start - 40), timex.start) if counted else None
        second = number(re.split(r"\s+", timex.text, maxsplit=1)[0])
        first = number(start["n"]) if start else None
        if (
            counted
            and start
            and timex.type == "DURATION"
            and timex.mod is None
            and isinstance(first, (int, float))
            and isinstance(second, (int, float))
            and 0 < first < second
            and not any(t.end > start.start() for t in result[-1:])
        ):
            amount = first * float(counted[2]) / second  # "two or three decades": P20Y as the second is P30Y
            figure = int(amount) if amount == int(amount) else amount
            result.append(
                Timex(
                    start.start("n"),
                    start.end("n"),
                    start["n"],
                    "DURATION",
                    f"P{counted[1]}{figure}{counted[3]}",
                    None,
                    None,
                )
            )
        result.append(timex)
    return result


SECOND_DECADE = re.compile(r"\s+(?:and|or|to|through)\s+(?:the\s+)?['’]?(?P<y>\d)0s\b")


def _second_decades(found: list[Timex], text: str) -> list[Timex]:
    """ "the boxy cars of the 70s and 80s": a decade after "and" that drops "the" is still a decade
    of the same century (only after one: "people in their 70s and 80s" are ages)."""
    result: list[Timex] = []
    for index, timex in enumerate(found):
        result.append(timex)
        second = SECOND_DECADE.match(text, timex.end) if re.fullmatch(r"\d{3}", timex.value) else None
        if second is not None and second.end() <= _next_start(found, index, text):
            start = second.start("y") - (1 if text[second.start("y") - 1] in "'’" else 0)
            result.append(
                Timex(
                    start, second.end(), text[start : second.end()], "DATE", timex.value[:2] + second["y"], None, None
                )
            )
    return result


SECOND_DAY = re.compile(rf"\s+(?:and|or|&)\s+{_DAY_OF_MONTH}", re.I)  # "March 3rd and 4TH", as the rules read it
DAY_NAMED = re.compile(rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?$", re.I)


def _second_days(found: list[Timex], text: str) -> list[Timex]:
    """ "the summit on April 24 and 25": the bare number after the "and" is a second day of the
    same month (TimeML tags it on its own), not a count."""
    result: list[Timex] = []
    for index, timex in enumerate(found):
        result.append(timex)
        day_first = re.fullmatch(r"(\d{4}|X{4})-(\d{2})-\d{2}", timex.value)
        if timex.type != "DATE" or not day_first or not DAY_NAMED.search(timex.text):
            continue
        second = SECOND_DAY.match(text, timex.end)
        if second is None or second.end() > _next_start(found, index, text):
            continue
        value = day_value(day_first[1], int(day_first[2]), int(second["d"]))
        if value.count("-") == 2:  # a day the month has
            start, end = second.start("d"), second.end()  # with an ordinal suffix: "4TH"
            result.append(Timex(start, end, text[start:end], "DATE", value, None, timex.anchor))
    return result


FIRST_DAY = re.compile(
    r"\b(?:on|from|between|of|for|since|until|till|by|during|held)\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
    r"\s*(?:and|or|&|to|-|–)\s*$",
    re.I,
)
DAY_FIRST_NAMED = re.compile(rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}", re.I)


def _first_days(found: list[Timex], text: str) -> list[Timex]:
    """ "on 3 and 4 March", "from 3 to 7 March": the bare number before the "and" is a first day of the
    month named after it (the month is written once), tagged on its own as the second day is."""
    result: list[Timex] = []
    for timex in found:
        day_named = re.fullmatch(r"(\d{4}|X{4})-(\d{2})-\d{2}", timex.value)
        if timex.type == "DATE" and day_named and DAY_FIRST_NAMED.match(timex.text):
            first = FIRST_DAY.search(text, max(0, timex.start - 30), timex.start)
            if first is not None and not any(t.end > first.start("d") for t in result[-1:]):
                value = day_value(day_named[1], int(day_named[2]), int(first["d"]))
                if value.count("-") == 2:
                    result.append(
                        Timex(first.start("d"), first.end("d"), first["d"], "DATE", value, None, timex.anchor)
                    )
        result.append(timex)
    return result


def _normalised(
    normalise: Normaliser, match: re.Match[str], ctx: Context
) -> tuple[str, str, str | None, str | None] | None:
    """A rule's result, or None when the text asks for a date the calendar lacks (a date() raising
    on a year out of range, say): find_times must not fail on any text, and the rules check the
    dates they know of ("Feb. 30") themselves."""
    try:
        return normalise(match, ctx)
    except (ValueError, OverflowError):
        return None


NAME_WORDS = re.compile(
    r"\b(?:Seconds?|Minutes?|Hours?|Days?|Nights?|Weeks?|Weekends?|Months?|Years?|Decades?|Noon|"
    r"Midnight|Morning|Afternoon|Evening|Today|Tonight|Tomorrow|Yesterday|Now)\b"
)
OPENERS = " \t\"'`\u201c\u2018("


def _titled(text: str, start: int, end: int) -> bool:
    """ABC's "This Week", CBS's "60 Minutes", "High Noon", "This is VOA Today": a generic time word
    capitalised inside a sentence belongs to a name (a programme, a film), which TimeML does not tag.
    Holidays ("Thanksgiving Day") are names that are dates, and are not asked."""
    for word in NAME_WORDS.finditer(text, start, end):
        if not _sentence_start(text, word.start()):
            return True
    return False


def _sentence_start(text: str, position: int) -> bool:
    """Nothing but quotes and spaces between the position and a sentence end (or the text start)."""
    stripped = text[max(0, position - 12) : position].rstrip(OPENERS)
    return not stripped or stripped[-1] in ".!?:;\n"


PART_OF = re.compile(r"(?:the\s+(?:very\s+)?(?P<w>end|beginning|start|middle|close)\s+of\s+)$", re.I)
PART_MODS = {"end": "END", "close": "END", "beginning": "START", "start": "START", "middle": "MID"}


def _take_part_words(found: list[Timex], text: str) -> list[Timex]:
    """ "the end of this year", "the start of the day": TimeML takes the part words into the
    expression and keeps them as its mod; the value stays that of the period."""
    result: list[Timex] = []
    for timex in found:
        part = PART_OF.search(text[max(0, timex.start - 30) : timex.start])
        if part and timex.type in ("DATE", "TIME") and not timex.value.endswith("_REF"):
            start = timex.start - len(part.group(0))
            timex = Timex(
                start,
                timex.end,
                text[start : timex.end],
                timex.type,
                timex.value,
                timex.mod or PART_MODS[part["w"].lower()],
                timex.anchor,
            )
        result.append(timex)
    return result


CLOCK_VALUE = re.compile(r"T(?P<h>\d{2}):(?P<m>\d{2})(?P<s>:\d{2})?(?P<z>Z?)$")
DAY_VALUE = re.compile(r"(?P<day>(?:\d{4}|X{4})-(?:\d{2}-\d{2}|WXX-\d|XX-XX))(?:T(?P<part>MO|AF|EV|NI))?")
AM_PM = re.compile(r"[ap]\.?m\b|noon|midnight|midday", re.I)


def _join_clock_and_day(found: list[Timex], text: str) -> list[Timex]:
    """ "8:30 a.m. Tuesday", "Tuesday at 8:30 a.m." and "7:35 p.m. Wednesday evening" are one TIME on
    that day; "10:30 Monday night" is 22:30 (the part of the day says which half of the clock)."""
    joined: list[Timex] = []
    for timex in found:
        previous = joined[-1] if joined else None
        if previous and re.fullmatch(r"\s*(?:,|on|at)?\s*", text[previous.end : timex.start]):
            clock_, day = (previous, timex) if CLOCK_VALUE.search(previous.value) else (timex, previous)
            clock_value = CLOCK_VALUE.search(clock_.value) if clock_.type == "TIME" else None
            day_value_ = DAY_VALUE.fullmatch(day.value) if day.type in ("DATE", "TIME") else None
            if clock_value and day_value_ and (day.type == "DATE" or day_value_["part"]):
                hour = int(clock_value["h"])
                if day_value_["part"] in ("AF", "EV", "NI") and hour < 12 and not AM_PM.search(clock_.text):
                    hour += 12  # "10:30 Monday night"
                value = f"{day_value_['day']}T{hour:02d}:{clock_value['m']}{clock_value['s'] or ''}{clock_value['z']}"
                joined[-1] = Timex(
                    previous.start, timex.end, text[previous.start : timex.end], "TIME", value, None, day.anchor
                )
                continue
        joined.append(timex)
    return joined


SAME_SENTENCE = 80  # how far (in characters, no sentence break between) a lone clock time looks for its day
CLOCK_GAP = re.compile(r"[^.!?]*")


def _date_lone_clocks(found: list[Timex], text: str) -> list[Timex]:
    """ "The blast occurred at 10:35 a.m. (0735 GMT) Friday": a clock time not joined to a day
    falls on the day named in the same sentence (the nearest one, "Sunday morning" too), else on the
    day the story named just before it, and only then on the publication date."""
    days = [t for t in found if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T(?:MO|AF|EV|NI))?", t.value)]
    if not days:
        return found
    result = []
    for timex in found:
        day = None
        if timex.type == "TIME" and timex.anchor == "DCT":
            day = _day_nearby(timex, days, text) or _day_before(timex, days)
        if day is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z?", timex.value):
            timex = Timex(
                timex.start, timex.end, timex.text, timex.type, day.value[:10] + timex.value[10:], timex.mod, day.anchor
            )
        result.append(timex)
    return result


STORY_BEFORE = 500  # how far back (in characters) a lone clock time looks for the day the story is at


def _day_before(clock: Timex, days: list[Timex]) -> Timex | None:
    """ "A man was shot Monday night. ... Police said he was shot around 8 p.m.": with no day in its
    sentence, a clock time falls on the day the story last named, when that is close before it."""
    before = [d for d in days if d.end <= clock.start and clock.start - d.end <= STORY_BEFORE]
    return before[-1] if before else None


def _day_nearby(clock: Timex, days: list[Timex], text: str) -> Timex | None:
    """The expression naming a day nearest to a clock time within its sentence, or None."""
    near = [(d.start - clock.end if d.start >= clock.end else clock.start - d.end, d) for d in days]
    near = [
        (gap, d)
        for gap, d in near
        if 0 <= gap <= SAME_SENTENCE and CLOCK_GAP.fullmatch(text[min(clock.end, d.end) : max(clock.start, d.start)])
    ]
    return min(near, key=lambda gd: gd[0])[1] if near else None


FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
FUTURE_LEMMAS = frozenset(
    {
        "plan",
        "schedule",
        "expect",
        "slate",
        "set",
        "intend",
        "hope",
        "aim",
        "prepare",
        "promise",
        "threaten",
        "vow",
        "due",
        "agree",
    }
)
REPORTING_LEMMAS = frozenset({"say", "tell", "report", "announce", "confirm", "state", "add", "note"})
FUTURE_PREPOSITIONS = re.compile(r"\b(?:as\s+(?:soon|early)\s+as|starting|beginning|effective)\s+(?:next\s+)?$", re.I)
# "scheduled a news conference Thursday", "postponed the hearing until Tuesday": arranging or
# putting off an event puts it after the moment of the report
ARRANGING_LEMMAS = frozenset({"plan", "schedule", "slate", "postpone", "delay", "defer", "adjourn", "reschedule"})
PAST_AUX = frozenset({"was", "were", "did", "had", "has", "have", "'d", "been"})
PRESENT_STATES = _LEXICON.words("present_states")
SAME_IN_PAST = _LEXICON.words("same_in_past")


def _tense(doc: Any | None, start: int, end: int, text: str) -> str:
    """past, present or future, from the verb governing the expression (news defaults to past).

    ``text`` is the text the doc was parsed from: spaCy's ``doc.text`` rebuilds the string from
    every token on each call, which made it most of the tagger's time."""
    if doc is None:
        return "past"
    if FUTURE_PREPOSITIONS.search(text[max(0, start - 25) : start]):
        return "future"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "past"
    token = span.root
    direct = True  # the expression hangs on the verb through prepositions alone, not through a noun
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head == token:
            break
        if token.pos_ in ("NOUN", "PROPN", "PRON") and not span.start <= token.i < span.end:
            direct = False
        if token.pos_ == "ADJ" and token.lemma_.lower() in FUTURE_LEMMAS and token.head.pos_ in ("VERB", "AUX"):
            # "is due to end in June" looks ahead, "was originally due Tuesday" back: the tense of the "be"
            return "past" if token.head.tag_ in ("VBD", "VBN") or _pluperfect(token.head) else "future"
        token = token.head
    if _deadline_day(text, start, end):
        return "past" if _pluperfect(token) else "future"
    return _verb_tense(token, depth=0, direct=direct and not _headline(text, start, end))


HEADLINE_LENGTH = 300  # characters: a line longer than this either side of the expression is no headline


def _headline(text: str, start: int, end: int) -> bool:
    """Whether the expression stands in a line that does not end as a sentence does: a headline, which
    tells what happened in the present tense ("Police investigate shootings over weekend")."""
    line_start = text.rfind("\n", max(0, start - HEADLINE_LENGTH), start) + 1
    line_end = text.find("\n", end, end + HEADLINE_LENGTH)
    line_end = len(text) if line_end < 0 and len(text) - end <= HEADLINE_LENGTH else line_end
    if line_end < 0 or (line_start == 0 and start > HEADLINE_LENGTH):
        return False  # a line this long is running text
    return not text[line_start:line_end].rstrip().endswith((".", "!", "?", '"', "”", "'", "’", ":", ";", ")"))


UNTIL_BEFORE = re.compile(
    r"(?<![\w-])(?P<w>\w+\s+)?until\s+(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s+(?:[A-Z]{2,4}\s+)?)?$", re.I
)
WEEKDAY_ONLY = re.compile(rf"{_WEEKDAY}\b", re.I)


def _deadline_day(text: str, start: int, end: int) -> bool:
    """ "has given them until 9 a.m. Tuesday", "markets stay closed until Friday": a weekday after
    "until" is a deadline, ahead of the report whatever the verb's tense, unless it is the point
    up to which something held ("Until Thursday, police had not named him", "not until Tuesday")."""
    if not WEEKDAY_ONLY.match(text, start, end):
        return False
    until = UNTIL_BEFORE.search(text[max(0, start - 40) : start])
    return until is not None and (until["w"] or "").strip().lower() not in ("not", "up")


def _main_clause_subject(verb: Any) -> bool:
    """Whether a verb heads a clause of its own with a subject of its own ("the trial opens", "said the
    trial opens"), not a relative clause ("Republicans who oppose him") nor a verb without one (a
    misparsed noun: "Obama's star turn in Charlotte")."""
    if verb.dep_ not in ("ROOT", "ccomp", "conj"):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP") for c in verb.children)


def _pluperfect(verb: Any) -> bool:
    """ "had described", "had been scheduled to expire": the past perfect sets the time it speaks of
    before the report, so a weekday under it is behind the publication date."""
    return any(c.lower_ == "had" and c.dep_ in ("aux", "auxpass") for node in (verb, verb.head) for c in node.children)


def _verb_tense(verb: Any, depth: int, direct: bool = False) -> str:
    """The tense of a verb, looking through "to" infinitives; arranging something puts it ahead, and so
    does the simple present of a verb of events that the time hangs on ``direct``ly, a schedule ("the
    trial opens Monday"; not "words at the October 28 debate crystallized", nor a state: "stands at 2% in
    September")."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.lemma_.lower() in ARRANGING_LEMMAS and "had" not in auxiliaries and verb.dep_ != "acl":
        return "future"  # not "had been scheduled to expire Friday", nor "a service planned for Saturday was canceled"
    if (
        "to" in auxiliaries
        and verb.head != verb
        and verb.head.lemma_.lower() == "be"
        and verb.head.pos_ == "AUX"
        and verb.dep_ != "csubj"
    ):
        return "future"  # "is to resume trading Tuesday"; not "the countries to accede on Friday were ...",
        # where the infinitive is the subject of "be", not the plan "be to" announces
    if auxiliaries & FUTURE_AUX or ("going" in auxiliaries and "to" in auxiliaries):
        return "future"
    if auxiliaries & {"would", "should", "may", "might"} and not auxiliaries & {"have", "'ve"}:
        return "future"  # the future of reported speech: "said they would meet Monday", "would be paid in January"
    if verb.tag_ in ("VBD", "VBN") or auxiliaries & PAST_AUX:
        return "past"
    if "to" in auxiliaries and verb.head != verb:
        if _pluperfect(verb.head):
            return "past"  # "had been scheduled to expire Friday": the plan was overtaken, Friday is gone
        if verb.head.lemma_.lower() in FUTURE_LEMMAS or verb.head.pos_ in ("NOUN", "PROPN"):
            return "future"  # "plans to meet Monday", "a program to pay down the loan by February"
        return _verb_tense(verb.head, depth + 1) if depth < 2 else "past"
    if (
        direct
        and verb.tag_ in ("VBZ", "VBP")
        and not auxiliaries
        and verb.lemma_.lower() not in PRESENT_STATES
        and not (verb.tag_ == "VBP" and verb.lower_ in SAME_IN_PAST)
        and _main_clause_subject(verb)
    ):
        return "future"  # a schedule: "the trial opens Monday", "the festival opens in June"
    if verb.tag_ in ("VBZ", "VBP") or auxiliaries & {"is", "are", "am"}:
        return "past" if verb.lemma_.lower() in REPORTING_LEMMAS else "present"
    if verb.tag_ == "VBG" and verb.head != verb and depth < 2:
        return _verb_tense(verb.head, depth + 1)
    return "past"
