"""Counts of people, money and casualty tallies, through the real pipeline.

Each text is a sentence or two of hand-written English, run through
Item -> segment -> analyse -> find_counts / tally_casualties once per module
(spaCy loads once). Every expectation is worked out from the English, not
copied from the code's output.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsledger.extract.counts import Count, Money, Tally, find_counts, tally_casualties
from newsledger.model import AnalysedArticle, Item, Span
from newsledger.nlp import analyse
from newsledger.segment import segment

TEXTS: dict[str, str] = {
    "killed_or_wounded": ("Ukraine's military intelligence agency said that about 30 North Korean troops were "
                          "killed or wounded during a battle at the weekend."),
    "missing": "At least three servicemen went missing near the village.",
    "unspecified": "Some soldiers have been killed in the fighting.",
    "range_between": "Between 20 and 30 people were injured in the blast.",
    "range_to": "20 to 30 people were injured in the blast.",
    "exact": "Seven people were injured in the crash.",
    "dozens": "Dozens of people were wounded in the attack.",
    "toll_alone": "The death toll rose to 12 on Friday, officials said.",
    "toll_revision": "Three people were killed in the attack on Monday. The death toll later rose to 12.",
    "so_far": "Officials said 12 people have been killed so far.",
    "revised": "Authorities initially reported three injuries, but revised the number.",
    "described": "A 25-year-old man was shot and killed Tuesday.",
    "listed": "A gunman killed his five young children as well as his wife.",
    "same_victim": "John Smith, 25, died at the hospital. Smith had been shot in the chest.",
    "no_one": "No one was injured.",
    "nobody": "Nobody was hurt.",
    "attackers": "Three gunmen killed a guard.",
    "attackers_agent": "A guard was killed by three gunmen.",
    "both": "The explosion killed five people and injured 20 others, police said.",
    "partitive": "Police said one of four men shot outside a bar on Friday has died.",
    "partitive_the": "Two of the six victims died in hospital.",
    # numbers that are not counts of people, next to words that could make them look like one
    "age": "A 34-year-old woman was injured in the crash.",
    "duration": "Four soldiers were killed after fighting for four months.",
    "things": "The casualties occurred around three villages in Kursk.",
    "year": "Five people were killed in 2022.",
    "clock": "Two people were injured at 8:20 a.m. on Sunday.",
    "address": "A man was shot in the 1000 block of Main Street.",
    "money": "It is a similar layout to the US$3.5 billion facility in northern California.",
    # articles that do not start at offset 0 of the analysed text, or whose item has a kicker
    "kicker": "DEADLY BLAST: Seven people were injured when a gas tank exploded in Busan, police said.",
    "leading_boilerplate": ("Photo: EPA-EFE\nThree people were killed and at least 12 were wounded in the attack, "
                            "police said on Tuesday."),
    "kicker_money": ("TESTING BAN: China is building a fusion center similar to the US$3.5 billion "
                     "National Ignition Facility, a researcher said."),
}


@dataclass
class Result:
    item: Item
    analysed: AnalysedArticle
    counts: list[Count]
    money: list[Money]
    casualties: dict[str, Tally | None]


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    """Every text of TEXTS through the pipeline, in one nlp.pipe run."""
    items = {key: Item(source=key, text=text, format="jsonl", path=key) for key, text in TEXTS.items()}
    pairs = []
    for key, item in items.items():
        articles = segment(item)
        assert len(articles) == 1, key  # a JSONL item is one article
        pairs.append((articles[0], key))
    out: dict[str, Result] = {}
    for analysed_article, key in analyse(pairs):
        counts, money = find_counts(analysed_article)
        out[key] = Result(items[key], analysed_article, counts, money, tally_casualties(counts))
    return out


def one(result: Result, category: str) -> Count:
    found = [c for c in result.counts if c.category == category]
    assert len(found) == 1, [(c.category, c.span.text) for c in result.counts]
    return found[0]


def figure(tally: Tally | None) -> float | None:
    return None if tally is None else tally.value


def numbers_in(result: Result) -> list[str]:
    return [c.number.text for c in result.counts if c.number is not None]


# --------------------------------------------------------------------------- counts with numbers


@pytest.mark.parametrize("key, killed", [("partitive", 1.0), ("partitive_the", 2.0)])
def test_the_wider_group_of_a_partitive_did_not_all_die(results: dict[str, Result], key: str, killed: float) -> None:
    """"one of four men shot ... has died": one killed, not four."""
    assert [c.value for c in results[key].counts if c.category == "killed"] == [killed]
    assert figure(results[key].casualties["killed"]) == killed


def test_about_30_killed_or_wounded(results: dict[str, Result]) -> None:
    r = results["killed_or_wounded"]
    assert [c.category for c in r.counts] == ["killed_or_wounded"]
    count = r.counts[0]
    assert (count.value, count.qualifier, count.basis) == (30, "approx", "number")
    assert count.subject == "North Korean troops"
    assert count.number is not None and count.number.text == "about 30"
    assert count.span.text.startswith("about 30 North Korean troops")
    assert count.source is not None and count.source.text == "Ukraine's military intelligence agency"
    # a killed-or-wounded total never goes into killed (nor into injured)
    assert figure(r.casualties["killed"]) != 30
    assert figure(r.casualties["injured"]) != 30


def test_at_least_three_went_missing(results: dict[str, Result]) -> None:
    r = results["missing"]
    count = one(r, "missing")
    assert (count.qualifier, count.min, count.value) == ("at_least", 3, None)
    assert count.subject == "servicemen"
    tally = r.casualties["missing"]
    assert tally is not None and (tally.value, tally.qualifier) == (3, "at_least")


def test_some_soldiers_killed_is_unspecified(results: dict[str, Result]) -> None:
    r = results["unspecified"]
    count = one(r, "killed")
    assert (count.qualifier, count.value, count.min, count.max) == ("unspecified", None, None, None)
    assert count.subject == "soldiers"
    tally = r.casualties["killed"]
    assert tally is not None and (tally.value, tally.qualifier) == (None, "unspecified")


@pytest.mark.parametrize("key", [
    "range_between",
    "range_to",
])
def test_range_of_injured(results: dict[str, Result], key: str) -> None:
    r = results[key]
    count = one(r, "injured")
    assert (count.qualifier, count.min, count.max, count.value) == ("range", 20, 30, None)
    assert count.subject == "people"


def test_seven_people_injured(results: dict[str, Result]) -> None:
    r = results["exact"]
    count = one(r, "injured")
    assert (count.value, count.qualifier, count.subject) == (7, "exact", "people")
    assert count.span.text == "Seven people were injured"
    tally = r.casualties["injured"]
    assert tally is not None and (tally.value, tally.qualifier) == (7, "exact")
    assert r.casualties["killed"] is None


def test_dozens_wounded_is_at_least_12(results: dict[str, Result]) -> None:
    r = results["dozens"]
    count = one(r, "wounded")
    assert (count.qualifier, count.min) == ("at_least", 12)
    tally = r.casualties["injured"]  # wounded goes into the injured tally
    assert tally is not None and (tally.value, tally.qualifier) == (12, "at_least")


def test_killed_and_injured_in_one_clause(results: dict[str, Result]) -> None:
    r = results["both"]
    assert (one(r, "killed").value, one(r, "injured").value) == (5, 20)
    assert (figure(r.casualties["killed"]), figure(r.casualties["injured"])) == (5, 20)
    assert one(r, "killed").source is not None and one(r, "killed").source.text == "police"


# --------------------------------------------------------------------------- cumulative and revised figures


def test_death_toll_rose_to_12(results: dict[str, Result]) -> None:
    r = results["toll_alone"]
    count = one(r, "killed")
    assert (count.value, count.scope) == (12, "cumulative")
    assert figure(r.casualties["killed"]) == 12


def test_death_toll_rising_supersedes_the_first_figure(results: dict[str, Result]) -> None:
    r = results["toll_revision"]
    three = [c for c in r.counts if c.value == 3]
    assert len(three) == 1 and three[0].status == "superseded"
    assert figure(r.casualties["killed"]) == 12


def test_so_far_is_cumulative(results: dict[str, Result]) -> None:
    count = one(results["so_far"], "killed")
    assert (count.value, count.scope, count.status) == (12, "cumulative", "current")


def test_initially_reported_then_revised_is_superseded(results: dict[str, Result]) -> None:
    r = results["revised"]
    count = one(r, "injured")
    assert (count.value, count.status) == (3, "superseded")
    assert count.subject == "people"
    # a superseded figure is not the article's estimate
    assert figure(r.casualties["injured"]) != 3


# --------------------------------------------------------------------------- described and listed victims


def test_described_victim_counts_as_one_killed(results: dict[str, Result]) -> None:
    r = results["described"]
    count = one(r, "killed")
    assert (count.basis, count.value, count.number) == ("described", 1, None)
    assert count.subject is not None and count.subject.lower() == "a 25-year-old man"
    assert 25 not in [c.value for c in r.counts]  # the age is not a count
    assert figure(r.casualties["killed"]) == 1
    assert figure(r.casualties["injured"]) in (None, 0)  # shot and killed is one death, not also an injury


def test_described_victim_when_is_the_day_not_the_age(results: dict[str, Result]) -> None:
    count = one(results["described"], "killed")
    assert count.when is not None and count.when.text == "Tuesday"


def test_victims_listed_in_one_clause_add_up(results: dict[str, Result]) -> None:
    r = results["listed"]
    tally = r.casualties["killed"]
    assert tally is not None and (tally.value, tally.qualifier) == (6, "exact")  # five children + his wife


def test_same_named_victim_is_not_also_an_injury(results: dict[str, Result]) -> None:
    r = results["same_victim"]
    assert figure(r.casualties["killed"]) == 1
    assert figure(r.casualties["injured"]) in (None, 0)
    assert 25 not in [c.value for c in r.counts]  # "John Smith, 25," is an age


def test_no_one_injured_is_zero(results: dict[str, Result]) -> None:
    r = results["no_one"]
    assert all(c.value == 0 for c in r.counts), [(c.span.text, c.value) for c in r.counts]
    tally = r.casualties["injured"]
    assert tally is not None and tally.value == 0


def test_nobody_hurt_is_zero(results: dict[str, Result]) -> None:
    r = results["nobody"]
    count = one(r, "injured")
    assert (count.value, count.basis) == (0, "zero")
    tally = r.casualties["injured"]
    assert tally is not None and tally.value == 0
    assert r.casualties["killed"] is None


@pytest.mark.parametrize("key", ["attackers", "attackers_agent"])
def test_attackers_are_not_victims(results: dict[str, Result], key: str) -> None:
    r = results[key]
    assert 3 not in [c.value for c in r.counts]
    assert "three" not in [n.lower() for n in numbers_in(r)]
    tally = r.casualties["killed"]
    assert tally is not None and tally.value == 1  # the guard


# --------------------------------------------------------------------------- numbers that are not counts of people


@pytest.mark.parametrize(("key", "not_a_count", "counted"), [
    ("age", "34", []),                       # the woman herself is a described victim, not 34 people
    ("duration", "four months", ["Four"]),
    ("things", "three villages", []),
    ("year", "2022", ["Five"]),
    ("clock", "8:20", ["Two"]),
    ("address", "1000", []),
    ("money", "3.5", []),
])
def test_numbers_that_are_not_counts_of_people(results: dict[str, Result], key: str, not_a_count: str,
                                               counted: list[str]) -> None:
    r = results[key]
    text = r.item.text
    start = text.index(not_a_count)
    end = start + len(not_a_count)
    assert not [c.span.text for c in r.counts if c.number is not None
                and c.number.start < end and start < c.number.end]
    assert numbers_in(r) == counted


def test_age_of_a_described_victim(results: dict[str, Result]) -> None:
    r = results["age"]
    count = one(r, "injured")
    assert (count.basis, count.value) == ("described", 1)


def test_money_us_dollars_billion(results: dict[str, Result]) -> None:
    r = results["money"]
    assert len(r.money) == 1
    money = r.money[0]
    assert money.span.text == "US$3.5 billion"
    assert (money.currency, money.value) == ("USD", 3.5e9)
    assert r.counts == []


# --------------------------------------------------------------------------- offsets


def spans_of(result: Result) -> list[Span]:
    spans: list[Span] = []
    for c in result.counts:
        spans += [s for s in (c.span, c.number, c.sentence, c.when, c.source) if s is not None]
    spans += [m.span for m in result.money]
    return spans


def test_every_span_points_into_the_item_text(results: dict[str, Result]) -> None:
    checked = 0
    for key, r in results.items():
        for span in spans_of(r):
            assert r.item.text[span.start:span.end] == span.text, (key, span)
            checked += 1
    assert checked > 50


def test_spans_in_an_article_after_leading_boilerplate(results: dict[str, Result]) -> None:
    r = results["leading_boilerplate"]
    text = r.item.text
    assert r.analysed.article.start == text.index("Three")  # the photo credit is left out
    killed, wounded = one(r, "killed"), one(r, "wounded")
    assert (killed.value, wounded.min, wounded.qualifier) == (3, 12, "at_least")
    assert killed.span.start == text.index("Three people")
    assert wounded.number is not None and wounded.number.start == text.index("at least 12")
    for span in spans_of(r):
        assert text[span.start:span.end] == span.text


def test_spans_in_an_article_with_a_kicker(results: dict[str, Result]) -> None:
    r = results["kicker"]
    text = r.item.text
    assert r.analysed.article.kicker is not None and r.analysed.article.kicker.text == "DEADLY BLAST"
    count = one(r, "injured")
    assert count.value == 7
    assert count.span.start == text.index("Seven")
    assert count.span.text == "Seven people were injured"
    for span in spans_of(r):
        assert text[span.start:span.end] == span.text
    money = results["kicker_money"].money
    assert [(m.span.text, m.span.start, m.currency, m.value) for m in money] == [
        ("US$3.5 billion", TEXTS["kicker_money"].index("US$"), "USD", 3.5e9)]


def test_subject_after_a_kicker_is_clean(results: dict[str, Result]) -> None:
    assert one(results["kicker"], "injured").subject == "people"
