"""Numbers as news writes them, parsed into a value or a range with a qualifier.

``find_quantities(text)`` finds every number phrase in a text ("about 30",
"10,000 to 12,000", "tens of thousands", "US$3.5 billion", "a dozen") and
says what kind of number it is from its surroundings: a ``count`` of
something, or an ``age``, ``duration``, ``year``, ``time``, ``date``,
``ordinal``, ``money``, ``percent``, ``address``, ``phone`` or ``measure``.
Only counts can become counts of people.

Word numbers are parsed by text2num; vague amounts get ACLED's documented
minimums (``VAGUE``): "dozens" means at least 12, "hundreds" at least 100.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from text_to_num import text2num

from newsledger.lexicon import load_lexicon

# The word lists live in numbers.toml beside this module, each with what it is for; loading checks them.
_LEXICON = load_lexicon("newsledger.extract", "numbers.toml")
# what a number's qualifier can be (QuantityMention.qualifier): a lexicon group outside these is a typo
QUALIFIER_KINDS = frozenset("exact approx at_least at_most range unspecified".split())
#: Vague amounts: (minimum, qualifier). ACLED codes "dozens" as 12 and "hundreds" as 100.
VAGUE: dict[str, tuple[int | None, str]] = _LEXICON.disjoint(
    {words: (minimum, "at_least") for words, minimum in _LEXICON.numbers("vague_minimums").items()},
    dict.fromkeys(_LEXICON.ordered("vague_unspecified"), (None, "unspecified")),
)
QUALIFIERS: dict[str, str] = _LEXICON.groups("qualifiers", QUALIFIER_KINDS)
SCALES = _LEXICON.numbers("scales")
UNITS = list(_LEXICON.ordered("units"))
CURRENCIES = _LEXICON.groups("currencies")

_WORD = r"(?:" + "|".join(UNITS) + r")"
_WORD_NUMBER = rf"(?:{_WORD}(?:[\s-]+(?:and\s+)?(?:{_WORD}|hundred|thousand|million|billion))*|a\s+(?:hundred|thousand|million|billion)(?:\s+and\s+{_WORD}(?:[\s-]+{_WORD})?)?)"
# Digits as news writes them: "12,500", "12.500" (dot groups, European style), "12 500" (a space, no-break
# space, thin or narrow no-break space between groups of three), "3.5" or "3,5" (a decimal). Which mark is
# the decimal one is decided per text (``decimal_mark``) and applied by ``digits_value``.
GROUP_SPACES = " \u00a0\u2009\u202f"
_MARKED_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)"
_SPACED_DIGITS = rf"\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+(?![\d.,]\d)"
_PLAIN_DIGITS = r"\d+(?:\.\d+|,\d{1,2}(?![\d,]))?"
# In a text that writes decimals with a dot, "1,2" is no number: a comma there only groups thousands.
_DOT_PLAIN_DIGITS = r"\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?:thousand|million|billion|trillion|bn|mn|tn)\b|(?<=\d)(?:k|m|bn)\b)"
_VAGUE = r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|scores|hundreds|thousands|millions|several|numerous|a\s+number\s+of|a\s+few|a\s+dozen|half\s+a\s+dozen|a\s+couple\s+of|a\s+handful\s+of)"
_CURRENCY = r"(?:US\$|NT\$|HK\$|A\$|C\$|\$|€|£|¥)"
_QUALIFIER = "|".join(
    sorted((re.escape(q).replace(r"\ ", r"\s+") for q in QUALIFIERS if q != "or so"), key=len, reverse=True)
)


def _quantity_pattern(digits: str) -> re.Pattern[str]:
    """A number phrase whose figures are written as ``digits`` allow, or in words, or vaguely."""
    amount = rf"(?:(?:{digits}){_SCALE}?|{_WORD_NUMBER}(?:\s+(?:thousand|million|billion|dozen))?|{_VAGUE})"
    return re.compile(
        rf"""(?<![\w$€£¥.,/#=?&-])(?<!\d:)
        (?:(?P<between>between)\s+|(?P<qualifier>{_QUALIFIER})\s+)?
        (?P<currency>{_CURRENCY}\s?)?
        (?P<amount>{amount})
        (?:\s*(?:-|–|—|to|and|or)\s*(?P<currency2>{_CURRENCY}\s?)?(?P<amount2>{amount}))?
        (?P<after>\s+or\s+so)?
        (?P<ordinal>(?<=\d)(?:st|nd|rd|th))?
        (?![\w])(?!:\d)""",
        re.IGNORECASE | re.VERBOSE,
    )


QUANTITY = _quantity_pattern(f"{_MARKED_DIGITS}|{_SPACED_DIGITS}|{_PLAIN_DIGITS}")
# The same without digit groups split by spaces, to read "May 5 200 people" as a date and a count.
SPACELESS_QUANTITY = _quantity_pattern(f"{_MARKED_DIGITS}|{_PLAIN_DIGITS}")
# The two for a text whose decimal mark is a dot (``decimal_mark``): "Gates 1,2 and 5" are three gates.
DOT_QUANTITY = _quantity_pattern(f"{_MARKED_DIGITS}|{_SPACED_DIGITS}|{_DOT_PLAIN_DIGITS}")
DOT_SPACELESS_QUANTITY = _quantity_pattern(f"{_MARKED_DIGITS}|{_DOT_PLAIN_DIGITS}")
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# What a number that spaces cannot join to the next one follows: a month ("May 5 200"), a label ("Flight 370").
SPLIT_GROUPS_BEFORE = re.compile(
    rf"(?:\b(?:{_MONTH_NAMES}|{'|'.join(map(re.escape, _LEXICON.ordered('number_labels')))})\.?|#)\s*$", re.IGNORECASE
)
# Evidence of a text's decimal mark: "3,5 %", "1.234.567", "1.234,5" against "3.5", "1,234,567", "1,234.5".
COMMA_DECIMAL = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3}){2,}(?![\d,])|\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2}(?![\d,])\s*(?:%|percent\b|per\s+cent\b|"
    r"million\b|billion\b|mln\b|bn\b|[a-z]*(?:met|metre|meter)s?\b|km\b|kg\b|cm\b|mm\b|degrees?\b|°))"
)
DOT_DECIMAL = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3}){2,}(?![\d.])|\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d{1,2}(?![\d.])(?!\s*(?:a\.?m|p\.?m|h\b|hrs?\b|uhr\b)))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A parsed amount: ``value`` for a single figure, ``min``/``max`` for ranges and bounds."""

    value: float | None
    min: float | None
    max: float | None
    qualifier: str  # exact | approx | at_least | at_most | range | unspecified


@dataclass(frozen=True)
class QuantityMention:
    start: int
    end: int
    text: str
    quantity: Quantity
    kind: str  # count | age | duration | year | time | date | ordinal | money | percent | address | phone | measure
    currency: str | None = None


def decimal_mark(text: str) -> str | None:
    """Which mark a text writes decimals with, from its own evidence: "comma" for "3,5 %", "1.234.567",
    "1.234,5"; "dot" for "3.5", "1,234,567", "1,234.5"; None when it gives none or as much of both
    ("12.500" alone says nothing: a count is never written with three decimals)."""
    comma = len(COMMA_DECIMAL.findall(text))
    dot = len(DOT_DECIMAL.findall(text))
    if comma == dot:
        return None
    return "comma" if comma > dot else "dot"


def digits_value(digits: str, decimal: str | None = None, scaled: bool = False) -> float | None:
    """The value of digits as written: groups of three split by commas, dots or spaces are thousands;
    one dot before exactly three digits is a thousands dot unless the text writes decimals with a dot
    (``decimal``) or a scale word follows (``scaled``: "3.125 million"); "3,5" is three and a half."""
    digits = re.sub(rf"(?<=\d)[{GROUP_SPACES}](?=\d{{3}})", "", digits)
    if not re.fullmatch(r"[\d.,]*\d", digits):
        return None
    if "," in digits and "." in digits:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        other = "." if mark == "," else ","
        whole, _, fraction = digits.replace(other, "").rpartition(mark)
        return float(f"{whole}.{fraction}")
    if "," in digits:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
            return float(digits.replace(",", ""))
        return float(digits.replace(",", ".")) if digits.count(",") == 1 else None
    if "." in digits:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", digits):
            return float(digits.replace(".", ""))
        thousands = re.fullmatch(r"\d{1,3}\.\d{3}", digits) and decimal != "dot" and not scaled
        if thousands:
            return float(digits.replace(".", ""))
        return float(digits) if digits.count(".") == 1 else None
    return float(digits)


def parse_amount(text: str, decimal: str | None = None) -> tuple[float | None, str]:
    """Value of one amount ("10,000", "12 500", "3.5 billion", "twenty-one", "dozens") and its own
    qualifier; ``decimal`` is the text's decimal mark (``decimal_mark``), None when unknown."""
    words = " ".join(text.lower().replace("-", " ").split())
    if words in VAGUE:
        minimum, qualifier = VAGUE[words]
        return (float(minimum) if minimum is not None else None), qualifier
    if words == "a dozen":
        return 12.0, "exact"
    if words == "half a dozen":
        return 6.0, "exact"
    if words in ("a couple of", "a handful of"):
        return (2.0 if words == "a couple of" else None), ("exact" if words == "a couple of" else "unspecified")
    match = re.fullmatch(r"(\d{1,3}(?: \d{3})+|[\d.,]*\d)\s*([a-z]+)?", words)
    if match:
        scale = match.group(2)
        number = digits_value(match.group(1), decimal, scaled=bool(scale))
        if number is None:
            return None, "unspecified"
        return number * SCALES.get(scale, 1) if scale else number, "exact"
    scale = 1
    for name in ("trillion", "billion", "million", "dozen"):
        if words.endswith(" " + name) and not words.startswith("a " + name):
            words, scale = words[: -len(name) - 1], SCALES[name]
            break
    if words.startswith("a "):
        words = "one " + words[2:]
    try:
        return float(text2num(words, "en") * scale), "exact"
    except ValueError:
        return None, "unspecified"


def parse_quantity(text: str) -> Quantity | None:
    """Parse a whole number phrase such as "about 30", "between 20 and 30", "at least three"."""
    match = QUANTITY.fullmatch(text.strip())
    return _quantity(match) if match else None


def _quantity(match: re.Match[str], decimal: str | None = None) -> Quantity:
    value, own = parse_amount(match.group("amount"), decimal)
    qualifier = QUALIFIERS.get(" ".join((match.group("qualifier") or "").lower().split()), own)
    if match.group("after"):
        qualifier = "approx"
    if match.group("amount2"):
        second, _ = parse_amount(match.group("amount2"), decimal)
        if value is not None and second is not None:
            low, high = sorted((value, second))
            if match.group("qualifier") and qualifier == "at_most":
                return Quantity(None, None, high, "at_most")
            return Quantity(None, low, high, "range")
    if value is None:
        return Quantity(None, None, None, "unspecified")
    if own == "at_least" and qualifier == own:
        return Quantity(None, value, None, "at_least")
    if qualifier == "at_least":
        return Quantity(None, value, None, "at_least")
    if qualifier == "at_most":
        return Quantity(None, None, value, "at_most")
    return Quantity(value, None, None, qualifier)


DURATION_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|centuries|century)"
)
AGE_AFTER = re.compile(
    r"^(?:-|\s)?(?:year|month|week|day)s?[-\s]old\b|^\s*(?:years?|months?)\s+old\b|^-year-old|^s?\s*,?\s*(?:aged)\b",
    re.I,
)
AGE_BEFORE = re.compile(r"(?:\baged|\bage|\bages)\s*$", re.I)
DURATION_AFTER = re.compile(
    rf"^(?:-|\s)+{DURATION_UNITS}\b(?!\s+(?:ago|earlier|later|before|after))|^-(?:year|month|week|day|hour)\b", re.I
)
TIME_AGO_AFTER = re.compile(rf"^(?:-|\s)+{DURATION_UNITS}\s+(?:ago|earlier|later|before|after)\b", re.I)
TIME_AFTER = re.compile(r"^\s*(?:a\.?m\.?|p\.?m\.?|o'clock|GMT|UTC|EST|EDT|PST|PDT|CST|CDT|hrs)\b|^:\d{2}", re.I)
PERCENT_AFTER = re.compile(r"^\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.I)
MONEY_AFTER = re.compile(
    r"^\s*(?:(?:US|U\.S\.|Canadian|Australian|Hong\s+Kong|Taiwan|New\s+Taiwan)\s+)?(dollars?|euros?|pounds?(?!\s+of)|yuan|yen|rupees|won|rubles|roubles|hryvnias|shekels|USD|EUR|GBP|CNY|JPY|INR|KRW|AUD|CAD|HKD|TWD)\b",
    re.I,
)
MEASURE_AFTER = re.compile(
    r"^(?:-|\s)*(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|ft|inch(?:es)?|cm|mm|kg|kilograms?|grams?|tons?|tonnes?|pounds\s+of|lbs?|litres?|liters?|gallons?|barrels?|degrees?|mph|km/h|acres?|hectares?|square|sq|megawatts?|MW|GW|kW|volts?|calibre|caliber|mm|magnitude|points?)\b",
    re.I,
)
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
DATE_BEFORE = re.compile(rf"{MONTHS}\s*$", re.I)
DATE_AFTER = re.compile(rf"^\s*(?:{MONTHS}\b|(?:st|nd|rd|th)\b)", re.I)
ADDRESS_AFTER = re.compile(
    r"^\s+(?:block\b|(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Highway|Hwy|Parkway|Pkwy|Circle|Terrace|Trail)\b)"
)
BLOCK_BEFORE = re.compile(r"\b(?:the|a)\s+$", re.I)
PHONE = re.compile(r"^\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}")
LABEL_BEFORE = re.compile(r"\b(?:image|photo|slide|picture|page)\s+(?:\d+\s+of\s+)?$", re.I)
ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.I)


def classify(text: str, start: int, end: int, amount: str, has_currency: bool) -> tuple[str, str | None]:
    """What kind of number the phrase at ``text[start:end]`` is, and its currency if money."""
    before, after = text[max(0, start - 40) : start], text[end : end + 60]
    if has_currency:
        return "money", None
    money = MONEY_AFTER.match(after)
    if money:
        return "money", CURRENCIES.get(money.group(1).lower(), money.group(1).upper())
    if PHONE.match(text[start : start + 16]) or re.search(r"\(\d{3}\)\s*$", before):
        return "phone", None
    if LABEL_BEFORE.search(before):
        return "ordinal", None  # "Image 3 of 10", "Photo 2": a gallery's page furniture numbers pictures
    if ORDINAL_AFTER.match(after) or re.search(r"\d(?:st|nd|rd|th)$", text[start:end]):
        return ("date" if DATE_BEFORE.search(before) else "ordinal"), None
    if PERCENT_AFTER.match(after):
        return "percent", None
    if AGE_AFTER.match(after) or AGE_BEFORE.search(before) or _age_apposition(before, after, amount):
        return "age", None
    if TIME_AGO_AFTER.match(after):
        lasting = re.search(r"\b(?:for|over|lasting)\s+(?:about\s+|nearly\s+|almost\s+)?$", before, re.I)
        return ("duration" if lasting else "time"), None
    if DURATION_AFTER.match(after):
        return "duration", None
    if TIME_AFTER.match(after) or re.match(r"^\d{1,2}:\d{2}", text[start : end + 3]):
        return "time", None
    if DATE_BEFORE.search(before) or DATE_AFTER.match(after):
        return "date", None
    if re.fullmatch(r"\d+", amount) and (
        ADDRESS_AFTER.match(after) or (BLOCK_BEFORE.search(before) and re.match(r"^\s+block\b", after))
    ):
        return "address", None
    if re.fullmatch(r"(?:1[89]|20)\d{2}s?", amount) and not re.match(
        r"^\s+(?:people|troops|soldiers|persons)\b", after
    ):
        return "year", None
    if MEASURE_AFTER.match(after):
        return "measure", None
    return "count", None


def _age_apposition(before: str, after: str, amount: str) -> bool:
    """ "John Smith, 25, was ...", "a boy, 7, was shot", "found the body of Jane Doe, 23.": a bare
    number set off by commas after a name or a word for a person is an age, not a count."""
    return (
        re.fullmatch(r"\d{1,3}", amount) is not None
        and (
            re.search(r"[A-Z][a-z]+,\s*(?:then\s+|now\s+|age\s+)?$", before) is not None
            or re.search(rf"\b(?:{_PERSON_WORDS}),\s*$", before, re.I) is not None
        )
        and re.match(r"^\s*(?:,|\)|;|\.(?!\d)|\[|$|\s+and\b|\s*[-–—|]\s)", after) is not None
    )


# Words for a person that news follows with an age in commas: "a boy, 7, was shot", "the driver, 34."
_PERSON_WORDS = (
    "man|woman|boy|girl|teen|teenager|child|toddler|baby|son|daughter|mother|father|wife|husband|"
    "brother|sister|victim|suspect|driver|officer|male|female|resident|student|friend|gunman|shooter"
)


CLOCK = re.compile(r"(?<![\w:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?![\w:])", re.I)


def find_quantities(text: str) -> list[QuantityMention]:
    """Every number phrase in ``text`` with offsets, parsed value and kind (clock times included)."""
    found = [
        QuantityMention(m.start(), m.end(), m.group(0), Quantity(None, None, None, "unspecified"), "time")
        for m in CLOCK.finditer(text)
    ]
    decimal = decimal_mark(text)
    for match in _matches(text, decimal):
        amount = match.group("amount")
        start, end = match.span()
        currency_text = match.group("currency")
        kind, currency = classify(text, match.start("amount"), end, amount, bool(currency_text))
        if currency_text:
            currency = CURRENCIES.get(currency_text.strip().lower(), "USD")
        found.append(QuantityMention(start, end, text[start:end], _quantity(match, decimal), kind, currency))
    return sorted(found, key=lambda m: m.start)


def _matches(text: str, decimal: str | None = None) -> Iterator[re.Match[str]]:
    """The number phrases of ``text``; digits grouped by plain spaces are one number ("12 500") unless
    the first group belongs to what comes before it ("May 5 200 people", "Flight 370 239"): then the
    phrase is read again as separate numbers. With ``decimal`` "dot", "1,2" is no decimal."""
    quantity, spaceless = (DOT_QUANTITY, DOT_SPACELESS_QUANTITY) if decimal == "dot" else (QUANTITY, SPACELESS_QUANTITY)
    for match in quantity.finditer(text):
        amount = match.group("amount")
        if re.search(r"\d \d{3}", amount) and SPLIT_GROUPS_BEFORE.search(
            text[max(0, match.start() - 40) : match.start()]
        ):
            yield from spaceless.finditer(text, match.start(), match.end())
            continue
        yield match


def number_text(value: float) -> str:
    """A figure as a person writes it: 1,500 not 1500.0; 2.5 stays 2.5."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
