"""Time expressions: find_times, weekday resolution, reference dates, the seed.

Every expected value is worked out by hand from a calendar:

* 1998-08-07 is a Friday (ISO 1998-W32-5); 1998-08-05 a Wednesday; 1998-10-20 a
  Tuesday in the fourth quarter; 1998 has 53 ISO weeks (1 January 1998 was a
  Thursday), so 1999-01-06 (Wednesday of 1999-W01) has "last week" = 1998-W53.
* 2024-12-18 is a Wednesday of 2024-W51 (Monday 16, Sunday 15, the weekend before
  it 14-15 December = 2024-W50-WE).
* 2025-01-30 is a Thursday (yesterday 29, Tuesday 28).
* 2016-01-24 is a Sunday (the Monday before it is 18 January).

Property tests compute their expected dates with ``datetime`` arithmetic of
their own (never with the tagger's helpers).
"""

from __future__ import annotations

import io
import json
import string
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.extract.times import extract, reference_date
from newsledger.extract.times.rules import Timex, find_times
from newsledger.model import AnalysedArticle, Article, Item
from newsledger.nlp import load_nlp

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]  # ISO 1..7
FRIDAY = date(1998, 8, 7)


def parse(text: str):
    return load_nlp()(text)


def tag(text: str, published: date | None, with_doc: bool = True) -> list[Timex]:
    found = find_times(text, published, parse(text) if with_doc else None)
    for timex in found:
        assert text[timex.start:timex.end] == timex.text, timex
    return found


def only(text: str, published: date | None, phrase: str, with_doc: bool = True) -> Timex:
    """The single time expression overlapping ``phrase`` (its first occurrence in ``text``)."""
    start = text.index(phrase)
    end = start + len(phrase)
    hits = [t for t in tag(text, published, with_doc) if t.start < end and start < t.end]
    assert len(hits) == 1, (phrase, hits)
    return hits[0]


def values(text: str, published: date | None, with_doc: bool = True) -> list[str]:
    return [t.value for t in tag(text, published, with_doc)]


# ============================================================================ hand-written sentences


def test_today_yesterday_tomorrow() -> None:
    text = "The strike began yesterday, it continues today and it ends tomorrow."
    found = tag(text, FRIDAY)
    assert [(t.text, t.type, t.value) for t in found] == [
        ("yesterday", "DATE", "1998-08-06"),
        ("today", "DATE", "1998-08-07"),
        ("tomorrow", "DATE", "1998-08-08"),
    ]


def test_last_week_next_month_this_year() -> None:
    assert only("Sales fell last week.", FRIDAY, "last week").value == "1998-W31"
    assert only("Sales will rise next month.", FRIDAY, "next month").value == "1998-09"
    assert only("Sales rose sharply this year.", FRIDAY, "this year").value == "1998"


def test_relative_units_cross_year_boundaries() -> None:
    assert only("Sales will rise next month.", date(1998, 12, 10), "next month").value == "1999-01"
    assert only("Sales fell last week.", date(1999, 1, 6), "last week").value == "1998-W53"
    assert only("Sales fell last month.", date(1999, 1, 6), "last month").value == "1998-12"


def test_years_ago() -> None:
    text = "The company was founded a year ago, and the plant opened three years ago."
    assert only(text, FRIDAY, "a year ago").value == "1997"
    assert only(text, FRIDAY, "three years ago").value == "1995"
    for timex in tag(text, FRIDAY):
        assert timex.type == "DATE"


def test_the_third_quarter() -> None:
    timex = only("Profit rose in the third quarter.", date(1998, 10, 20), "the third quarter")
    assert (timex.type, timex.value) == ("DATE", "1998-Q3")


def test_full_date_is_absolute_with_or_without_a_publication_date() -> None:
    text = "The plant opened on March 3, 2021."
    for published in (FRIDAY, None):
        timex = only(text, published, "March 3, 2021")
        assert (timex.text, timex.type, timex.value) == ("March 3, 2021", "DATE", "2021-03-03")


def test_month_and_day_without_year() -> None:
    text = "The plant opened on March 3."
    assert only(text, None, "March 3").value == "XXXX-03-03"
    # in a past-tense sentence published in August 1998, March 3 is the one five months earlier
    assert only(text, FRIDAY, "March 3").value == "1998-03-03"


def test_decade() -> None:
    timex = only("Prices rose steeply in the 1990s.", FRIDAY, "the 1990s")
    assert "1990s" in timex.text
    assert (timex.type, timex.value) == ("DATE", "199")


def test_early_year_has_mod_start() -> None:
    timex = only("Talks stalled in early 1998.", FRIDAY, "early 1998")
    assert (timex.text, timex.type, timex.value, timex.mod) == ("early 1998", "DATE", "1998", "START")


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Russia has for four months been trying to quash the incursion.", "four months", "P4M"),
        ("Trump paused the assistance for 90 days.", "90 days", "P90D"),
        ("The meeting lasted two hours.", "two hours", "PT2H"),
        ("The project took a decade to finish.", "a decade", "P10Y"),
    ],
)
def test_durations(text: str, phrase: str, value: str) -> None:
    timex = only(text, FRIDAY, phrase)
    assert (timex.type, timex.value) == ("DURATION", value)
    assert phrase in timex.text


def test_sets() -> None:
    daily = only("The paper is published daily.", FRIDAY, "daily")
    assert (daily.type, daily.value) == ("SET", "P1D")
    monday = only("The committee meets every Monday.", FRIDAY, "every Monday")
    assert (monday.text, monday.type, monday.value) == ("every Monday", "SET", "XXXX-WXX-1")


def test_clock_time_and_weekday_are_one_time() -> None:
    text = "The vote began at 8:30 a.m. Tuesday."
    found = tag(text, FRIDAY)
    assert len(found) == 1, found
    (timex,) = found
    # past tense, published Friday 1998-08-07: the Tuesday of that week, 4 August
    assert (timex.text, timex.type, timex.value) == ("8:30 a.m. Tuesday", "TIME", "1998-08-04T08:30")


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The government now believes the troops are at the front.", "now", "PRESENT_REF"),
        ("The minister recently resigned.", "recently", "PAST_REF"),
        ("Prices will rise in the future.", "the future", "FUTURE_REF"),
    ],
)
def test_reference_values(text: str, phrase: str, value: str) -> None:
    timex = only(text, FRIDAY, phrase)
    assert timex.value == value
    assert timex.type == "DATE"


@pytest.mark.parametrize(
    "text",
    [
        "A 34-year-old man was injured in the crash.",
        "The 34-year-old Queensland woman is charged with torturing an infant.",
        "The woman is accused of giving drugs to the one-year-old.",
        "The man, 34 years old, was arrested.",
    ],
)
def test_ages_are_not_time_expressions(text: str) -> None:
    assert tag(text, FRIDAY) == []


def test_may_the_verb_is_not_a_month() -> None:
    text = "Officials may announce the result on Monday, and the blaze may have been caused by a battery."
    found = tag(text, FRIDAY)
    assert all("may" not in t.text.lower() for t in found), found
    assert all("-05" not in t.value for t in found), found


def test_may_with_a_day_or_year_is_the_month() -> None:
    assert only("The plant opened on May 4.", FRIDAY, "May 4").value == "1998-05-04"
    assert only("The plant opened in May 2020.", FRIDAY, "May 2020").value == "2020-05"


def test_bare_capitalised_may_after_in_is_the_month() -> None:
    assert only("The plant opened in May.", FRIDAY, "May").value == "1998-05"


def test_future_tense_weekday_is_the_next_one() -> None:
    wednesday = date(1998, 8, 5)
    assert only("The ministers will meet on Friday.", wednesday, "Friday").value == "1998-08-07"
    # on a Friday, "on Friday" is that very day
    assert only("The ministers will meet on Friday.", FRIDAY, "Friday").value == "1998-08-07"


def test_past_tense_weekday_is_the_last_one() -> None:
    wednesday = date(1998, 8, 5)
    assert only("The ministers met on Friday.", wednesday, "Friday").value == "1998-07-31"
    assert only("The ministers met on Friday.", FRIDAY, "Friday").value == "1998-08-07"


def test_last_and_next_weekday() -> None:
    wednesday = date(1998, 8, 5)
    assert only("The talks ended last Friday.", wednesday, "last Friday").value == "1998-07-31"
    assert only("The talks ended last Monday.", wednesday, "last Monday").value == "1998-08-03"


def test_last_and_next_weekday_never_mean_the_publication_day() -> None:
    assert only("The talks ended last Friday.", FRIDAY, "last Friday").value == "1998-07-31"
    assert only("They will meet next Friday.", FRIDAY, "next Friday").value == "1998-08-14"


def test_half_an_hour_is_thirty_minutes() -> None:
    timex = only("The meeting lasted half an hour.", FRIDAY, "half an hour")
    assert (timex.type, timex.value) == ("DURATION", "PT30M")


def test_half_a_day_and_half_a_year() -> None:
    assert only("The meeting lasted half a day.", FRIDAY, "half a day").value == "PT12H"
    assert only("The strike lasted half a year.", FRIDAY, "half a year").value == "P6M"


def test_without_a_parse_tense_defaults_to_past() -> None:
    """doc=None: no parse, so every sentence is read as past tense (the news default)."""
    wednesday = date(1998, 8, 5)
    assert only("The ministers will meet on Friday.", wednesday, "Friday", with_doc=False).value == "1998-07-31"
    assert only("The ministers met on Friday.", wednesday, "Friday", with_doc=False).value == "1998-07-31"


def test_without_a_parse_tense_free_values_are_the_same() -> None:
    text = ("The strike began yesterday and lasted two hours; prices rose in early 1998, "
            "a year ago and last week, and the paper is published daily.")
    assert values(text, FRIDAY, with_doc=False) == values(text, FRIDAY, with_doc=True)
    assert values(text, FRIDAY, with_doc=False) == ["1998-08-06", "PT2H", "1998", "1997", "1998-W31", "P1D"]


def test_no_publication_date_leaves_relative_values_underspecified() -> None:
    text = "Officials said on Monday that the strike began yesterday, at the weekend, last week."
    found = tag(text, None)
    by_text = {t.text: t for t in found}
    assert by_text["Monday"].value == "XXXX-WXX-1"
    assert by_text["yesterday"].value == "XXXX-XX-XX"
    assert by_text["last week"].value == "XXXX-WXX"
    weekend = next(t for t in found if "weekend" in t.text)
    assert weekend.value == "XXXX-WXX-WE"
    assert all(t.anchor for t in found), found  # the relation to the (unknown) date is kept


# ============================================================================ properties

DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
WEEKDAYS = st.integers(min_value=1, max_value=7)
PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(published=DATES, weekday=WEEKDAYS)
def test_past_tense_weekday_is_within_the_week_before(published: date, weekday: int) -> None:
    text = f"Officials said on {WEEKDAY_NAMES[weekday - 1]} that the talks had failed."
    value = date.fromisoformat(only(text, published, WEEKDAY_NAMES[weekday - 1]).value)
    assert value.isoweekday() == weekday
    assert 0 <= (published - value).days <= 6
    assert value == published - timedelta(days=(published.isoweekday() - weekday) % 7)


@PROPERTY
@given(published=DATES, weekday=WEEKDAYS)
def test_future_tense_weekday_is_within_the_week_after(published: date, weekday: int) -> None:
    text = f"Officials will meet on {WEEKDAY_NAMES[weekday - 1]}."
    value = date.fromisoformat(only(text, published, WEEKDAY_NAMES[weekday - 1]).value)
    assert value.isoweekday() == weekday
    assert 0 <= (value - published).days <= 6
    assert value == published + timedelta(days=(weekday - published.isoweekday()) % 7)


@settings(max_examples=60, deadline=None)
@given(published=DATES)
def test_deictic_days_are_exact_offsets(published: date) -> None:
    text = "The report came out yesterday, the vote is today and the result comes tomorrow."
    for with_doc in (False, True):
        assert values(text, published, with_doc) == [
            (published - timedelta(days=1)).isoformat(),
            published.isoformat(),
            (published + timedelta(days=1)).isoformat(),
        ]


@settings(max_examples=60, deadline=None)
@given(published=DATES)
def test_last_week_is_the_iso_week_before(published: date) -> None:
    year, week, _ = (published - timedelta(days=7)).isocalendar()
    assert only("Prices fell last week.", published, "last week", with_doc=False).value == f"{year}-W{week:02d}"


@PROPERTY
@given(weekday=WEEKDAYS, with_doc=st.booleans())
def test_without_a_publication_date_nothing_is_guessed(weekday: int, with_doc: bool) -> None:
    name = WEEKDAY_NAMES[weekday - 1]
    text = (f"Officials said on {name} that the strike began yesterday, at the weekend and last week, "
            f"and they will meet on {name} and tomorrow, or next month.")
    found = tag(text, None, with_doc)
    assert len(found) >= 7, found
    today = date.today()
    year, week, _ = today.isocalendar()
    for timex in found:
        assert "X" in timex.value, timex
        for leaked in (today.isoformat(), f"{year}-W{week:02d}", f"{today.year}-{today.month:02d}"):
            assert leaked not in timex.value, timex
    assert [t.value for t in found if t.text == name] == [f"XXXX-WXX-{weekday}"] * 2


FRAGMENTS = [
    "on Monday", "at the weekend", "yesterday", "Tuesday night", "for four months", "90 days", "three years ago",
    "the third quarter", "March 3, 2021", "March 3", "the 1990s", "early 1998", "two hours", "a decade", "daily",
    "every Monday", "8:30 a.m. Tuesday", "now", "recently", "the future", "a 34-year-old man", "may", "May 2020",
    "last week", "next month", "this year", "tomorrow", "2022", "12/25/2019", "noon", "the fiscal year",
    "officials said", "troops", "were killed", "will meet", "in", "and", ",", ".", "\n", "—", "’s", "  ",
]


@settings(max_examples=60, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14),
    seps=st.lists(st.sampled_from([" ", "", "-", ", ", "\n"]), min_size=14, max_size=14),
    published=st.one_of(st.none(), DATES),
)
def test_every_span_is_exact_on_phrase_soup(pieces: list[str], seps: list[str], published: date | None) -> None:
    text = "".join(p + s for p, s in zip(pieces, seps))
    for timex in find_times(text, published, None):
        assert text[timex.start:timex.end] == timex.text
        assert timex.type in {"DATE", "TIME", "DURATION", "SET"}
        assert 0 <= timex.start < timex.end <= len(text)


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=string.ascii_letters + string.digits + " ,.:-/'\n", max_size=80),
       published=st.one_of(st.none(), DATES))
def test_every_span_is_exact_on_random_text(text: str, published: date | None) -> None:
    for timex in find_times(text, published, None):
        assert text[timex.start:timex.end] == timex.text


@settings(max_examples=30, deadline=None)
@given(pieces=st.lists(st.sampled_from(FRAGMENTS[:30]), min_size=1, max_size=8), published=DATES)
def test_every_span_is_exact_with_a_parse(pieces: list[str], published: date) -> None:
    text = "Officials said " + " and ".join(pieces) + "."
    found = find_times(text, published, parse(text))
    for timex in found:
        assert text[timex.start:timex.end] == timex.text
    starts = [t.start for t in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))  # no overlaps


# ============================================================================ reference dates


def article_of(text: str, published: str | None = None) -> Article:
    item = Item(source="t", text=text, format="text", path="t", published=published)
    return Article(item=item, start=0, end=len(text), analysis_text=text)


def test_reference_date_from_a_dateline() -> None:
    text = "INDIANAPOLIS, Ind. (January 24, 2016)-- A man was shot Monday."
    article = article_of(text)
    assert reference_date(article) == (date(2016, 1, 24), "dateline")
    found = extract(AnalysedArticle(article, parse(text)))
    assert found["reference_date"] == ("2016-01-24", "dateline")
    monday = next(t for t in found["times"] if t.text == "Monday")
    assert monday.value == "2016-01-18"
    assert text[monday.start:monday.end] == "Monday"


def test_dateline_without_a_year_gives_no_reference_date() -> None:
    text = "WASHINGTON, March 3 (Reuters) - Officials said on Monday that the talks had failed."
    article = article_of(text)
    assert reference_date(article) == (None, None)
    found = extract(AnalysedArticle(article, parse(text)))
    assert found["reference_date"] is None
    monday = next(t for t in found["times"] if t.text == "Monday")
    assert monday.value == "XXXX-WXX-1"


def test_publication_date_wins_over_the_dateline() -> None:
    text = "INDIANAPOLIS, Ind. (January 24, 2016)-- A man was shot Monday."
    article = article_of(text, published="2016-02-03")  # a Wednesday
    assert reference_date(article) == (date(2016, 2, 3), "published")
    found = extract(AnalysedArticle(article, parse(text)))
    assert next(t for t in found["times"] if t.text == "Monday").value == "2016-02-01"


def test_times_are_offset_into_the_item() -> None:
    body = "Officials said on Monday that the talks had failed."
    item_text = "HEADER LINE\n" + body
    item = Item(source="t", text=item_text, format="text", path="t", published="2024-12-18")
    article = Article(item=item, start=12, end=len(item_text), analysis_text=body)
    (monday,) = extract(AnalysedArticle(article, parse(body)))["times"]
    assert item_text[monday.start:monday.end] == "Monday"
    assert monday.value == "2024-12-16"


# ============================================================================ the seed


def seed_export(db: Path) -> list[dict]:
    from newsledger.export import write_jsonl
    from newsledger.ledger import Ledger

    out = io.StringIO()
    with Ledger(db) as ledger:
        write_jsonl(ledger, out)
    return [json.loads(line) for line in out.getvalue().split("\n") if line]


def ingest(db: Path, paths: list[str], published: str | None = None) -> None:
    from newsledger.ledger import Ledger

    with Ledger(db) as ledger:
        report = ledger.ingest(paths, published=published)
    assert not report.errors, report.errors


@pytest.fixture(scope="module")
def dated_seed(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    db = tmp_path_factory.mktemp("dated-seed") / "seed.db"
    ingest(db, [str(seed_path)], published="2024-12-18")
    return seed_export(db)


def article_starting(records: list[dict], item_text: str, head: str) -> dict:
    (record,) = [r for r in records if item_text[r["span"][0]:r["span"][1]].startswith(head)]
    return record


def times_in(record: dict, item_text: str, phrase: str) -> list[dict]:
    """The time expressions overlapping any occurrence of ``phrase`` inside the article."""
    start, end = record["span"]
    hits = []
    position = item_text.find(phrase, start, end)
    while position != -1:
        hits += [t for t in record["times"] if t["start"] < position + len(phrase) and position < t["end"]]
        position = item_text.find(phrase, position + 1, end)
    return hits


FIRST = "Ukraine’s military intelligence agency and the Pentagon on Monday said"
SECOND = "Seven people sustained mostly minor injuries"
FIFTH = "TESTING BAN: Satellite photos show a facility"


def test_seed_spans_are_exact(dated_seed: list[dict], seed_records: list[dict], seed_text: str) -> None:
    for records in (dated_seed, seed_records):
        for record in records:
            for timex in record["times"]:
                assert seed_text[timex["start"]:timex["end"]] == timex["text"], timex


def test_seed_first_article_dated(dated_seed: list[dict], seed_text: str) -> None:
    first = article_starting(dated_seed, seed_text, FIRST)
    assert first["reference_date"] == {"value": "2024-12-18", "source": "published"}
    mondays = times_in(first, seed_text, "on Monday")
    assert [t["value"] for t in mondays] == ["2024-12-16"] * 3  # "the Pentagon on Monday said", Kirby, Putin
    (weekend,) = times_in(first, seed_text, "at the weekend")
    assert "weekend" in weekend["text"]
    assert (weekend["type"], weekend["value"]) == ("DATE", "2024-W50-WE")
    (sunday,) = times_in(first, seed_text, "on Sunday")
    assert (sunday["text"], sunday["value"]) == ("Sunday", "2024-12-15")
    (months,) = times_in(first, seed_text, "for four months")
    assert (months["type"], months["value"]) == ("DURATION", "P4M")
    (war,) = times_in(first, seed_text, "almost three-year")
    assert (war["type"], war["value"], war.get("mod")) == ("DURATION", "P3Y", "LESS_THAN")


def test_seed_fifth_article_year(dated_seed: list[dict], seed_records: list[dict], seed_text: str) -> None:
    for records in (dated_seed, seed_records):
        fifth = article_starting(records, seed_text, FIFTH)
        (year,) = times_in(fifth, seed_text, "in 2022")
        assert (year["text"], year["type"], year["value"]) == ("2022", "DATE", "2022")


def test_seed_without_a_date_resolves_nothing_relative(seed_records: list[dict], seed_text: str) -> None:
    first = article_starting(seed_records, seed_text, FIRST)
    assert first["reference_date"] is None
    mondays = times_in(first, seed_text, "on Monday")
    assert [t["value"] for t in mondays] == ["XXXX-WXX-1"] * 3
    (weekend,) = times_in(first, seed_text, "at the weekend")
    assert weekend["value"] == "XXXX-WXX-WE"
    (sunday,) = times_in(first, seed_text, "on Sunday")
    assert sunday["value"] == "XXXX-WXX-7"
    for timex in mondays + [weekend, sunday]:
        assert timex.get("anchor"), timex
    # durations do not need a date
    (months,) = times_in(first, seed_text, "for four months")
    assert months["value"] == "P4M"
    for record in seed_records:
        assert record["reference_date"] is None
        for timex in record["times"]:
            assert date.today().isoformat() not in timex["value"]


def test_seed_second_article_published_2025_01_30(seed_text: str, tmp_path: Path) -> None:
    start = seed_text.index(SECOND)
    end = seed_text.index("\n", start)
    body = seed_text[start:end].rstrip("\r")
    assert body.endswith("revised the number")
    source = tmp_path / "second.jsonl"
    source.write_text(json.dumps({"id": "air-busan", "text": body, "published": "2025-01-30"}) + "\n",
                      encoding="utf-8")
    db = tmp_path / "second.db"
    ingest(db, [str(source)])
    (record,) = seed_export(db)
    assert record["reference_date"] == {"value": "2025-01-30", "source": "published"}
    (yesterday,) = times_in(record, body, "yesterday")
    assert (yesterday["text"], yesterday["value"]) == ("yesterday", "2025-01-29")
    (night,) = times_in(record, body, "on Tuesday night")
    assert (night["text"], night["type"], night["value"]) == ("Tuesday night", "TIME", "2025-01-28TNI")
    for timex in record["times"]:
        assert body[timex["start"]:timex["end"]] == timex["text"]


def test_a_block_number_is_not_a_year() -> None:
    text = "Deputies were called to the 1900 block of Imperial Stone Drive in 2016."
    assert [(t.text, t.value) for t in find_times(text, None)] == [("2016", "2016")]


# ============================================================================ TimeML phenomena (issue 5)
# Calendar: 1998-10-20 is a Tuesday; 1998-08-08 a Saturday, so "Friday" is 1998-08-07.

OCTOBER = date(1998, 10, 20)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        # "would" looks ahead even with a passive participle
        ("The dividend would be paid in January.", "January", "1999-01"),
        # an infinitive under a noun ("a program to ...") is a plan, so ahead
        ("The bank has a program to repay the loan by February.", "February", "1999-02"),
        ("The firm agreed to buy the mill in February.", "February", "1999-02"),
        # "effective <date>" announces a change to come
        ("The board named a new chairman, effective Feb. 1.", "Feb. 1", "1999-02-01"),
    ],
)
def test_yearless_dates_in_prospective_clauses_are_ahead(text: str, phrase: str, value: str) -> None:
    assert only(text, OCTOBER, phrase).value == value


def test_postponing_puts_the_day_ahead_and_a_modifying_participle_does_not() -> None:
    assert only("Officials postponed the hearing until Tuesday.", FRIDAY, "Tuesday").value == "1998-08-11"
    assert only("A rally planned for Saturday was canceled.", FRIDAY, "Saturday").value == "1998-08-01"
    assert only("The vote had been scheduled for Thursday.", FRIDAY, "Thursday").value == "1998-08-06"


def test_a_possessive_weekday_is_an_event_already_reported() -> None:
    # "would" makes the clause future, but Wednesday's ruling has happened: 5 August, not 12
    assert only("Lawyers said they would appeal Wednesday's ruling.", FRIDAY, "Wednesday").value == "1998-08-05"


def test_a_deadline_just_gone_is_not_a_year_ahead() -> None:
    assert only("He will have to leave the country by Aug. 3.", FRIDAY, "Aug. 3").value == "1998-08-03"


def test_following_and_previous_count_from_the_date_last_mentioned() -> None:
    text = "He joined the firm on May 22, 1995, and the following year he was promoted."
    assert only(text, FRIDAY, "the following year").value == "1996"
    text = "Sales fell in March 1996. The following month they recovered."
    assert only(text, FRIDAY, "The following month").value == "1996-04"
    # nothing mentioned before: the publication date, or nothing without one
    assert only("Sales fell, and the following year they recovered.", FRIDAY, "the following year").value == "1999"
    assert only("Sales fell, and the following month they recovered.", None, "the following month").value == "XXXX-XX"


def test_month_with_a_relative_year() -> None:
    text = "The talks began in January this year and ended in June last year."
    assert [(t.text, t.value) for t in tag(text, FRIDAY)] == [("January this year", "1998-01"),
                                                                ("June last year", "1997-06")]
    assert only(text, None, "January this year").value == "XXXX-01"


def test_spoken_month_and_season_years() -> None:
    timex = only("Prices peaked in January nineteen ninety-seven.", FRIDAY, "January")
    assert (timex.text, timex.value) == ("January nineteen ninety-seven", "1997-01")
    timex = only("It was as cold as the winter of nineteen ninety-four.", FRIDAY, "winter")
    assert (timex.text, timex.value) == ("the winter of nineteen ninety-four", "1994-WI")


def test_clock_time_with_a_us_time_zone_joins_the_day() -> None:
    timex = only("The offer expires at 5 p.m. EST, Nov. 9.", FRIDAY, "5 p.m.")
    assert (timex.text, timex.type, timex.value) == ("5 p.m. EST, Nov. 9", "TIME", "1998-11-09T17:00")
    timex = only("The plane will leave at 4 a.m. EDT Thursday.", FRIDAY, "4 a.m.")
    assert (timex.text, timex.value) == ("4 a.m. EDT Thursday", "1998-08-13T04:00")


def test_a_lone_clock_time_falls_on_the_day_named_in_its_sentence() -> None:
    text = "The blast, at 10:35 a.m. local time, shook the city on Friday."
    assert only(text, date(1998, 8, 8), "10:35 a.m.").value == "1998-08-07T10:35"
    # the day its own sentence names wins over the day named before it
    text = "Police arrived on Thursday. The blast came at 10:35 a.m. on Friday."
    assert only(text, date(1998, 8, 8), "10:35 a.m.").value == "1998-08-07T10:35"
    # with none in its sentence, the day the story just named (this asked for the publication date,
    # 1998-08-08, until lone clocks learnt to follow the story: see test_timex_clock_times)
    text = "Police arrived on Friday. The blast came at 10:35 a.m."
    assert only(text, date(1998, 8, 8), "10:35 a.m.").value == "1998-08-07T10:35"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The project took 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("The strike lasted two and a half years.", "two and a half years", "P2Y6M"),
        ("The talks went on for 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
        ("He was away for 3 1/2 days.", "3 1/2 days", "P3DT12H"),
        ("A minute and a half later the alarm rang.", "A minute and a half", "PT1M30S"),
    ],
)
def test_halves_are_written_in_the_next_smaller_unit(text: str, phrase: str, value: str) -> None:
    timex = only(text, FRIDAY, phrase)
    assert (timex.text, timex.type, timex.value) == (phrase, "DURATION", value)


def test_over_before_the_next_is_a_preposition_not_a_mod() -> None:
    timex = only("The charge will be spread over the next three quarters.", FRIDAY, "three quarters")
    assert (timex.text, timex.value, timex.mod) == ("the next three quarters", "P3Q", None)


def test_every_month_is_a_set() -> None:
    timex = only("The parade is held each July.", FRIDAY, "July")
    assert (timex.text, timex.type, timex.value) == ("each July", "SET", "XXXX-07")


def test_ordinal_century() -> None:
    timex = only("It was the worst war of the 20th century.", FRIDAY, "century")
    assert (timex.text, timex.value) == ("the 20th century", "19")
    assert only("The temple dates from the eleventh century.", FRIDAY, "century").value == "10"


def test_a_month_word_before_a_name_is_a_first_name() -> None:
    assert tag("Foreign Minister Jan Kavan arrived.", FRIDAY) == []
    assert only("In April Congress voted.", FRIDAY, "April").value == "1998-04"


def test_year_end_spellings_and_coming_months() -> None:
    timex = only("The deal should close by year's end.", FRIDAY, "end")
    assert (timex.text, timex.value, timex.mod) == ("year's end", "1998", "END")
    assert only("The deal should close by year end.", FRIDAY, "end").value == "1998"
    assert only("Rates may fall in coming months.", FRIDAY, "coming months").value == "FUTURE_REF"


def test_mid_part_of_day_and_last_half() -> None:
    timex = only("Shares fell by mid-afternoon yesterday.", FRIDAY, "mid-afternoon")
    assert (timex.text, timex.type, timex.value, timex.mod) == ("mid-afternoon yesterday", "TIME", "1998-08-06TAF",
                                                                "MID")
    assert only("Profit rose in the last half of 1989.", FRIDAY, "half").value == "1989-H2"
    assert tag("Profit rose in the last half.", FRIDAY) == []


def test_sentence_opening_now_comma_is_a_discourse_marker() -> None:
    assert tag("Now, the minister says, the plan is dead.", FRIDAY) == []
    assert only("The plan is now dead.", FRIDAY, "now").value == "PRESENT_REF"


def test_that_same_day_trading_days_and_couple_of_years() -> None:
    text = "The bridge closed on Aug. 3, and the mayor resigned that same day."
    assert only(text, FRIDAY, "same day").value == "1998-08-03"
    timex = only("Shares rose for eight trading days.", FRIDAY, "trading days")
    assert (timex.text, timex.value) == ("eight trading days", "P8D")
    assert only("Prices should rise over the next couple of years.", FRIDAY, "years").value == "P2Y"
