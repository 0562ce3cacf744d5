"""Number phrases: parsing amounts and qualifiers, classifying mentions, offsets.

Every expectation here is worked out by hand from the English, not copied from
the code's output.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.extract.numbers import (
    Quantity,
    QuantityMention,
    classify,
    decimal_mark,
    digits_value,
    find_quantities,
    parse_amount,
    parse_quantity,
)

KINDS = {"count", "age", "duration", "year", "time", "date", "ordinal", "money", "percent", "address", "phone",
         "measure"}
QUALIFIER_NAMES = {"exact", "approx", "at_least", "at_most", "range", "unspecified"}

FAST = settings(max_examples=150, deadline=None)


# --------------------------------------------------------------------------- helpers

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def to_words(n: int) -> str:
    """British-style English for 0..999, written independently of the code under test."""
    assert 0 <= n <= 999
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {to_words(rest)}" if rest else "")


def test_to_words_helper() -> None:
    assert to_words(0) == "zero"
    assert to_words(7) == "seven"
    assert to_words(21) == "twenty-one"
    assert to_words(40) == "forty"
    assert to_words(100) == "one hundred"
    assert to_words(105) == "one hundred and five"
    assert to_words(999) == "nine hundred and ninety-nine"


def mentions(text: str) -> list[QuantityMention]:
    """find_quantities with the offset invariants checked on every mention."""
    found = find_quantities(text)
    for m in found:
        assert text[m.start:m.end] == m.text, m
        assert 0 <= m.start < m.end <= len(text), m
        assert m.kind in KINDS, m
    return found


def covering(text: str, fragment: str) -> list[QuantityMention]:
    """The mentions overlapping the first occurrence of ``fragment`` in ``text`` (at least one)."""
    start = text.index(fragment)
    end = start + len(fragment)
    found = [m for m in mentions(text) if m.start < end and start < m.end]
    assert found, (fragment, find_quantities(text))
    return found


def exact(v: float) -> Quantity:
    return Quantity(v, None, None, "exact")


def approx(v: float) -> Quantity:
    return Quantity(v, None, None, "approx")


def at_least(v: float) -> Quantity:
    return Quantity(None, v, None, "at_least")


def at_most(v: float) -> Quantity:
    return Quantity(None, None, v, "at_most")


def rng(lo: float, hi: float) -> Quantity:
    return Quantity(None, lo, hi, "range")


UNSPECIFIED = Quantity(None, None, None, "unspecified")


# --------------------------------------------------------------------------- 1. examples

@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # digits and separators
        ("10,000", exact(10000)),
        ("7", exact(7)),
        ("1,234,567", exact(1234567)),
        # decimals with a scale
        ("3.5 billion", exact(3_500_000_000)),
        ("2 million", exact(2_000_000)),
        ("1.2 million", exact(1_200_000)),
        # words
        ("seven", exact(7)),
        ("Seven", exact(7)),
        ("twenty-one", exact(21)),
        ("one hundred and five", exact(105)),
        ("a hundred", exact(100)),
        ("a dozen", exact(12)),
        ("two dozen", exact(24)),
        ("half a dozen", exact(6)),
        # vague amounts with ACLED minimums
        ("dozens", at_least(12)),
        ("scores", at_least(20)),
        ("hundreds", at_least(100)),
        ("thousands", at_least(1000)),
        ("tens of thousands", at_least(10000)),
        ("hundreds of thousands", at_least(100000)),
        ("millions", at_least(1000000)),
        # ranges
        ("10,000 to 12,000", rng(10000, 12000)),
        ("between 20 and 30", rng(20, 30)),
        ("20-30", rng(20, 30)),
        ("20–30", rng(20, 30)),
        ("30 to 20", rng(20, 30)),
        # qualifiers
        ("about 30", approx(30)),
        ("nearly 50", approx(50)),
        ("some 200", approx(200)),
        ("around 1,500", approx(1500)),
        ("30 or so", approx(30)),
        ("at least three", at_least(3)),
        ("more than 1,000", at_least(1000)),
        ("up to 50", at_most(50)),
        ("as many as 12", at_most(12)),
        ("fewer than 10", at_most(10)),
        # unspecified
        ("several", UNSPECIFIED),
        ("numerous", UNSPECIFIED),
    ],
)
def test_parse_quantity_examples(phrase: str, expected: Quantity) -> None:
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize(
    ("amount", "value", "qualifier"),
    [
        ("10,000", 10000.0, "exact"),
        ("3.5 billion", 3.5e9, "exact"),
        ("twenty-one", 21.0, "exact"),
        ("a dozen", 12.0, "exact"),
        ("dozens", 12.0, "at_least"),
        ("several", None, "unspecified"),
    ],
)
def test_parse_amount_examples(amount: str, value: float | None, qualifier: str) -> None:
    assert parse_amount(amount) == (value, qualifier)


@pytest.mark.parametrize("phrase", ["", "hello", "people", "ten apples", "about"])
def test_parse_quantity_rejects_non_numbers(phrase: str) -> None:
    assert parse_quantity(phrase) is None


def test_range_bounds_are_ordered() -> None:
    for phrase in ("10,000 to 12,000", "between 20 and 30", "20-30", "12,000 to 10,000", "between 30 and 20"):
        q = parse_quantity(phrase)
        assert q is not None and q.qualifier == "range"
        assert q.min is not None and q.max is not None and q.min <= q.max, phrase


# --------------------------------------------------------------------------- 2. kinds in sentences

@pytest.mark.parametrize(
    ("text", "fragment", "kind"),
    [
        # ages
        ("Police said a 34-year-old woman was arrested.", "34", "age"),
        ("John Smith, 25, was taken to hospital.", "25", "age"),
        ("Rescuers pulled out the one-year-old alive.", "one", "age"),
        ("The victim, aged 72, died later.", "72", "age"),
        # durations
        ("He was held for four months.", "four", "duration"),
        ("The curfew will last 90 days.", "90", "duration"),
        ("Shelling marked the almost three-year war.", "three", "duration"),
        # years
        ("The invasion began in 2022.", "2022", "year"),
        # clock times
        ("The blast happened at 8:20 a.m. local time.", "8:20", "time"),
        ("The curfew starts at 10 p.m. tonight.", "10", "time"),
        # addresses
        ("Shots were fired in the 1000 block of McFarland Avenue.", "1000", "address"),
        ("The shop at 3511 Main Street was looted.", "3511", "address"),
        # phone numbers
        ("Anyone with information can call (816) 474-8477.", "(816) 474-8477", "phone"),
        # percent
        ("Turnout fell 40 percent this year.", "40", "percent"),
        ("Prices rose 12% in March.", "12", "percent"),
        # ordinals
        ("The protest on the 2nd drew a crowd.", "2", "ordinal"),
        # plain counts
        ("Seven people were killed in the attack.", "Seven", "count"),
        ("The plane carried 169 passengers.", "169", "count"),
        ("Militants burned three villages overnight.", "three", "count"),
    ],
)
def test_kind_in_sentence(text: str, fragment: str, kind: str) -> None:
    found = covering(text, fragment)
    assert [m.kind for m in found] == [kind] * len(found), found


@pytest.mark.parametrize(
    ("text", "fragment", "value"),
    [
        ("The protest on the 2nd drew a crowd.", "2nd", 2),
        ("He finished 1st in the race.", "1st", 1),
        ("the 21st century", "21st", 21),
    ],
)
def test_ordinal_is_found(text: str, fragment: str, value: int) -> None:
    found = mentions(text)
    assert len(found) == 1, found
    assert found[0].kind == "ordinal"
    assert found[0].quantity.value == value
    assert fragment.startswith(found[0].text) or found[0].text == fragment


def test_date_with_ordinal_suffix() -> None:
    found = mentions("The vote was held on March 3rd.")
    assert [m.kind for m in found] == ["date"]


def test_year_like_house_number_is_address() -> None:
    found = covering("He lives at 1950 Main Street.", "1950")
    assert [m.kind for m in found] == ["address"]


def test_clock_time_is_one_mention() -> None:
    found = covering("The blast happened at 8:20 a.m. local time.", "8:20")
    assert len(found) == 1, found
    assert found[0].kind == "time"


def test_for_duration_followed_by_before() -> None:
    found = covering("He was held for four months before his release.", "four")
    assert [m.kind for m in found] == ["duration"]


def test_ago_is_not_a_count() -> None:
    text = "The fighting stopped about a week ago."
    assert all(m.kind != "count" for m in mentions(text))


def test_three_weeks_ago_is_time_not_count_or_duration() -> None:
    text = "The fighting stopped three weeks ago."
    found = covering(text, "three")
    assert [m.kind for m in found] == ["time"]


@pytest.mark.parametrize(
    ("text", "fragment", "quantity", "currency", "mention_text"),
    [
        ("The deal is worth US$3.5 billion, officials said.", "3.5", exact(3.5e9), "USD", "US$3.5 billion"),
        ("The city pledged $2 million in aid.", "2", exact(2e6), "USD", "$2 million"),
        ("He was fined 500 euros for it.", "500", exact(500), "EUR", "500"),
        ("Damage was put at 300 pounds sterling.", "300", exact(300), "GBP", "300"),
    ],
)
def test_money(text: str, fragment: str, quantity: Quantity, currency: str, mention_text: str) -> None:
    found = covering(text, fragment)
    assert len(found) == 1, found
    m = found[0]
    assert m.kind == "money"
    assert m.currency == currency
    assert m.quantity == quantity
    assert m.text == mention_text


@pytest.mark.parametrize(
    ("text", "fragment", "quantity"),
    [
        ("Seven people were killed in the attack.", "Seven", exact(7)),
        ("The plane carried 169 passengers.", "169", exact(169)),
        ("Militants burned three villages overnight.", "three", exact(3)),
        ("Police arrested about 30 protesters.", "30", approx(30)),
        ("Between 20 and 30 people were hurt.", "20", rng(20, 30)),
        ("At least three soldiers died.", "three", at_least(3)),
        ("Tens of thousands of people marched.", "Tens", at_least(10000)),
        ("Dozens of homes were destroyed.", "Dozens", at_least(12)),
        ("Up to 50 migrants are missing.", "50", at_most(50)),
    ],
)
def test_count_values_in_sentence(text: str, fragment: str, quantity: Quantity) -> None:
    found = covering(text, fragment)
    assert len(found) == 1, found
    assert found[0].kind == "count"
    assert found[0].quantity == quantity


def test_several_people_is_unspecified_count() -> None:
    found = covering("Several people were injured.", "Several")
    assert len(found) == 1
    assert found[0].quantity == UNSPECIFIED
    assert found[0].kind == "count"


def test_multiple_mentions_offsets() -> None:
    text = "A 34-year-old man and 169 passengers; about 30 died, $2 million lost, 40 percent gone in 2022."
    found = mentions(text)
    assert [m.kind for m in found] == ["age", "count", "count", "money", "percent", "year"]
    for a, b in pairwise(found):
        assert a.end <= b.start


def test_classify_direct() -> None:
    text = "He paid 500 euros."
    start = text.index("500")
    assert classify(text, start, start + 3, "500", False) == ("money", "EUR")
    assert classify(text, start, start + 3, "500", True) == ("money", None)


# --------------------------------------------------------------------------- 3. properties

@FAST
@given(st.integers(min_value=0, max_value=999_999))
def test_property_separated_digits(n: int) -> None:
    q = parse_quantity(f"{n:,}")
    assert q == exact(n)


@FAST
@given(st.integers(min_value=0, max_value=999))
def test_property_words_round_trip(n: int) -> None:
    words = to_words(n)
    q = parse_quantity(words)
    assert q is not None, words
    assert q.value == n, words
    assert q.qualifier == "exact", words


def _numeral(n: int, style: int) -> str:
    return f"{n:,}" if style else str(n)


@FAST
@given(
    st.integers(min_value=0, max_value=200_000),
    st.integers(min_value=0, max_value=200_000),
    st.sampled_from(["{a} to {b}", "between {a} and {b}", "{a}-{b}", "{a} – {b}"]),
    st.booleans(),
)
def test_property_ranges(a: int, b: int, template: str, commas: bool) -> None:
    phrase = template.format(a=_numeral(a, commas), b=_numeral(b, commas))
    q = parse_quantity(phrase)
    assert q is not None, phrase
    assert q.qualifier == "range", phrase
    assert q.value is None
    assert q.min is not None and q.max is not None
    assert q.min <= q.max
    assert {q.min, q.max} == {float(a), float(b)}


_WORDS = ["people", "killed", "about", "at", "least", "more", "than", "up", "to", "between", "and", "or", "so",
          "some", "several", "dozens", "hundreds", "of", "thousands", "tens", "a", "dozen", "half", "million",
          "billion", "bn", "k", "m", "seven", "twenty", "one", "hundred", "year", "old", "years", "ago", "days",
          "block", "Main", "Street", "percent", "euros", "US$", "$", "€", "£", "p.m.", "a.m.", "Smith", "aged",
          "March", "nd", "th", "the", "in", "over", "under", "nearly", "as", "many", "—", "–", "(", ")"]
_TOKEN = st.one_of(
    st.sampled_from(_WORDS),
    st.integers(min_value=0, max_value=10**7).map(str),
    st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n:,}"),
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False).map(str),
    st.text(alphabet="abcXYZ0123456789,.;:-%$()' ", max_size=6),
)
_SEP = st.sampled_from([" ", " ", " ", "", "-", ", ", ". ", ":", "\n", "/"])


@st.composite
def _news_text(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(_TOKEN, max_size=25))
    out = ""
    for token in tokens:
        out += draw(_SEP) + token if out else token
    return out


@FAST
@given(st.one_of(_news_text(), st.text(max_size=60)))
def test_property_find_quantities_offsets(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for m in found:
        assert text[m.start:m.end] == m.text
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end, "mentions overlap or are out of order"
        previous_end = m.end
        assert m.kind in KINDS
        q = m.quantity
        assert q.qualifier in QUALIFIER_NAMES
        if q.qualifier == "range":
            assert q.min is not None and q.max is not None and q.min <= q.max
        if m.kind == "money":
            assert m.currency is not None


_N_TEXT = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(lambda n: (n, f"{n:,}")),
    st.integers(min_value=0, max_value=10**7).map(lambda n: (n, str(n))),
    st.integers(min_value=0, max_value=999).map(lambda n: (n, to_words(n))),
)


@FAST
@given(_N_TEXT)
def test_property_at_least(n_text: tuple[int, str]) -> None:
    n, text = n_text
    assert parse_quantity(f"at least {text}") == at_least(n)


@FAST
@given(_N_TEXT)
def test_property_about(n_text: tuple[int, str]) -> None:
    n, text = n_text
    assert parse_quantity(f"about {text}") == approx(n)


def test_numbers_inside_links_are_not_found() -> None:
    text = "http://wral.com/13334346 — A 12-year-old was shot. See www.example.com/story?id=2017&page=3 too."
    assert [m.text for m in find_quantities(text) if m.kind == "count"] == []


@pytest.mark.parametrize("text", ["Photo: Image 3 of 10 Police at the scene.", "Slide 4 shows the street."])
def test_gallery_labels_are_not_counts(text: str) -> None:
    """"Image 3 of 10" above a caption numbers pictures, not people."""
    assert all(m.kind != "count" for m in find_quantities(text))


def test_a_count_after_a_gallery_label_is_still_a_count() -> None:
    kinds = [(m.text, m.kind) for m in find_quantities("Image 2 of 5 Three people were shot.")]
    assert kinds == [("2", "ordinal"), ("5", "ordinal"), ("Three", "count")]


# --------------------------------------------------------------------------- 4. digit groups in every written form
# Issue 19: thousands split by spaces, no-break, thin or narrow no-break spaces, or by dots in a text that writes
# decimals with a comma. None of them may become 500, 12.5 or 0.

GROUP_SEPARATORS = {"space": " ", "no-break space": "\u00a0", "thin space": "\u2009", "narrow no-break": "\u202f"}


@pytest.mark.parametrize("name", list(GROUP_SEPARATORS))
def test_space_grouped_thousands_are_one_number(name: str) -> None:
    sep = GROUP_SEPARATORS[name]
    text = f"The flood killed 12{sep}500 people and left 1{sep}250{sep}000 homeless."
    counts = [(m.text, m.quantity.value) for m in mentions(text) if m.kind == "count"]
    assert counts == [(f"12{sep}500", 12500.0), (f"1{sep}250{sep}000", 1250000.0)]


def test_space_grouped_range_and_qualifier() -> None:
    (m,) = covering("Between 5 000 and 6 000 people fled the town.", "5 000")
    assert (m.quantity.min, m.quantity.max, m.quantity.qualifier) == (5000.0, 6000.0, "range")
    (m,) = covering("At least 2\u202f300 people were evacuated.", "2\u202f300")
    assert (m.quantity.min, m.quantity.qualifier) == (2300.0, "at_least")


@pytest.mark.parametrize(("text", "expected"), [
    # a month's day, a flight's number, an age: the first group belongs to what comes before it
    ("On May 5 200 people marched to the square.", [("5", "date"), ("200", "count")]),
    ("Flight 370 239 passengers were on board.", [("370", "count"), ("239", "count")]),
])
def test_plain_space_does_not_join_a_number_to_what_precedes_it(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.kind) for m in mentions(text)] == expected


@pytest.mark.parametrize(("text", "mark"), [
    ("Inflation reached 3,5 % in May.", "comma"),
    ("The budget is 1.234.567 euros.", "comma"),
    ("It grew by 1.234,5 tonnes.", "comma"),
    ("Inflation reached 3.5 percent in May.", "dot"),
    ("The city has 1,234,567 residents.", "dot"),
    ("Police said 12.500 people attended.", None),  # three digits after a dot say nothing
    ("The meeting starts at 10.30 am.", None),  # a clock time is no decimal
    ("Seven people were hurt.", None),
])
def test_decimal_mark_from_the_texts_own_evidence(text: str, mark: str | None) -> None:
    assert decimal_mark(text) == mark


@pytest.mark.parametrize(("text", "value"), [
    ("The storm killed 12.500 people. Inflation reached 3,5 % in May.", 12500.0),  # European convention
    ("The storm killed 12.500 people.", 12500.0),  # no evidence: a count is never written with three decimals
    ("About 1.250.000 people were displaced. Prices rose 2,1 %.", 1250000.0),
    ("The storm killed 12 500 people. Prices rose 2.1 %.", 12500.0),  # spaces group whatever the decimal mark
])
def test_dot_grouped_thousands(text: str, value: float) -> None:
    first = mentions(text)[0]
    assert first.kind == "count"
    assert (first.quantity.value, first.quantity.min, first.quantity.max) == (value, None, None)


def test_three_decimals_in_a_dot_decimal_text_stay_a_decimal() -> None:
    """With "3.5 percent" beside it, "12.500" reads 12.5: never 500, never 0 (and counts drop non-whole people)."""
    (m,) = covering("Turnout was 3.5 percent higher; 12.500 was the index.", "12.500")
    assert m.quantity.value == 12.5


def test_comma_decimal_percent() -> None:
    (m,) = covering("Unemployment fell to 3,5 % in May.", "3,5")
    assert (m.kind, m.quantity.value) == ("percent", 3.5)


def test_a_scale_word_keeps_three_decimals() -> None:
    (m,) = covering("The deal is worth $3.125 million.", "3.125")
    assert m.quantity.value == 3125000.0


@pytest.mark.parametrize(("digits", "decimal", "value"), [
    ("12 500", None, 12500.0),
    ("12.500", None, 12500.0),
    ("12.500", "comma", 12500.0),
    ("12.500", "dot", 12.5),
    ("12,500", "comma", 12500.0),
    ("1.234,5", None, 1234.5),
    ("1,234.5", None, 1234.5),
    ("3,5", "comma", 3.5),
    ("1.234.567", "dot", 1234567.0),
])
def test_digits_value(digits: str, decimal: str | None, value: float) -> None:
    assert digits_value(digits, decimal) == value


@FAST
@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from([" ", "\u00a0", "\u2009", "\u202f", "."]))
def test_property_grouped_digits_in_a_sentence(n: int, sep: str) -> None:
    """Any grouping of any number in a sentence is that number, never its last group, never zero."""
    written = f"{n:,}".replace(",", sep)
    found = [m for m in find_quantities(f"The storm killed {written} people.") if m.kind == "count"]
    assert [(m.text, m.quantity.value) for m in found] == [(written, float(n))]


def test_a_comma_between_figures_is_no_decimal_mark_in_a_dot_decimal_text() -> None:
    """ "Gates 1,2 and 5" beside "3.5 percent": the text writes decimals with a dot, so "1,2" is a list."""
    text = "Turnout was 3.5 percent. Gates 1,2 and 5 were closed."
    found = [(m.text, m.quantity.value, m.quantity.min) for m in mentions(text)]
    assert all(1.2 not in (v, lo) for _, v, lo in found), found
    assert not any("1,2" in t for t, _, _ in found), found


def test_a_comma_decimal_still_reads_in_a_comma_decimal_text() -> None:
    (m,) = [m for m in mentions("Prices rose 2,5 % in May; the index was 1.234,5.") if m.kind == "percent"]
    assert m.quantity.value == 2.5
