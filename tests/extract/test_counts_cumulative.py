"""Issue 19, counts: cumulative against new. "The toll rose to 40" is a running total; in "3 more deaths,
bringing the total to 40" the 3 are new and the 40 the total; a year's or a country's total beside the
article's incident is background, and the article's casualty tally (what GVDB measures) takes the incident.

Hand-written sentences through Item -> segment -> analyse -> times -> find_counts -> tally_casualties.
"""

from __future__ import annotations

import pytest
from through_pipeline import CountsFound, counts_of

PUBLISHED = "2021-06-10"
TEXTS: dict[str, str] = {
    "toll_rose": "The death toll rose to 40 on Monday, officials said.",
    "more_bringing_total": "Three more deaths were reported on Monday, bringing the total to 40.",
    "more_bringing_toll": "Three more people died on Monday, bringing the death toll to 40.",
    "total_next_sentence": "Two more people died in hospital on Monday. That brings the total to 12.",
    "toll_as_more_died": "The death toll from the attack rose to 12 after two more victims died in hospital.",
    "year_total": (
        "Two people were killed in a shooting on Friday. Shootings have killed 500 people in the city this year."
    ),
    "nationwide": (
        "Two people were killed in a shooting on Friday. More than 500 people have been killed "
        "nationwide in gun violence."
    ),
    "across_country": (
        "A bomb killed four soldiers on Tuesday. Across the country, more than 1,200 soldiers "
        "have died in the conflict."
    ),
    "since_start_of_year": (
        "A man was shot dead on Sunday. Since the start of the year, 31 people have been killed in the county."
    ),
    "so_far_this_year": (
        "Police said 40 people have been shot in the city so far this year. On Saturday, a man "
        "was shot and wounded on Main Street."
    ),
    "bare_total_alone": "The total rose to 40 on Monday.",
    "region_in_another_clause": (
        "Thirteen people are dead after a gunman opened fire on Monday, spreading fear across the region."
    ),
    "firms_total": "Two people were killed in the blast. The firm's total is 300.",
    "hired_bringing_total": "Two people were killed in the blast on Monday. Separately, the firm hired 12 engineers, "
    "bringing the total to 300.",
    "total_two_sentences_later": "Two more people died in hospital on Monday. The mayor visited the town. The total "
    "is now 12.",
    "phone_number": "Two people were wounded on Friday. Anyone with information should call police. That number "
    "is 1-800-555-0199.",
}


@pytest.fixture(scope="module")
def results() -> dict[str, CountsFound]:
    return counts_of(TEXTS, PUBLISHED)


def scopes(result: CountsFound) -> list[tuple[str, float | None, str]]:
    return [(c.category, c.best(), c.scope) for c in result.counts]


def test_a_toll_that_rose_is_cumulative(results: dict[str, CountsFound]) -> None:
    assert scopes(results["toll_rose"]) == [("killed", 40.0, "cumulative")]
    assert results["toll_rose"].value("killed") == 40


@pytest.mark.parametrize("key", ["more_bringing_total", "more_bringing_toll"])
def test_new_deaths_bringing_a_total(results: dict[str, CountsFound], key: str) -> None:
    """The 3 are new (the incident's latest), the 40 the running total of the same toll."""
    assert scopes(results[key]) == [("killed", 3.0, "incident"), ("killed", 40.0, "cumulative")]
    assert results[key].value("killed") == 40


def test_a_total_in_the_next_sentence_counts_what_the_sentence_before_counted(results: dict[str, CountsFound]) -> None:
    assert scopes(results["total_next_sentence"]) == [("killed", 2.0, "incident"), ("killed", 12.0, "cumulative")]
    assert results["total_next_sentence"].value("killed") == 12


def test_more_victims_beside_a_toll_are_new(results: dict[str, CountsFound]) -> None:
    r = results["toll_as_more_died"]
    assert sorted(scopes(r)) == [("killed", 2.0, "incident"), ("killed", 12.0, "cumulative")]
    assert r.value("killed") == 12


@pytest.mark.parametrize(
    ("key", "killed"),
    [
        ("year_total", 2),
        ("nationwide", 2),
        ("across_country", 4),
        ("since_start_of_year", 1),
    ],
)
def test_a_period_or_country_total_does_not_replace_the_incident(
    results: dict[str, CountsFound], key: str, killed: float
) -> None:
    r = results[key]
    assert r.value("killed") == killed, [(c.category, c.best(), c.background) for c in r.counts]
    totals = [c for c in r.counts if (c.best() or 0) > 10]
    assert totals and all(c.background for c in totals)


def test_a_years_shot_total_beside_one_wounded(results: dict[str, CountsFound]) -> None:
    r = results["so_far_this_year"]
    assert r.value("injured") == 1


def test_a_bare_total_with_nothing_to_count_is_no_count(results: dict[str, CountsFound]) -> None:
    assert results["bare_total_alone"].counts == []


def test_a_wide_scope_in_another_clause_leaves_the_count_alone(results: dict[str, CountsFound]) -> None:
    r = results["region_in_another_clause"]
    assert [(c.best(), c.background) for c in r.counts] == [(13.0, False)]
    assert r.value("killed") == 13


def test_a_bare_number_is_no_total(results: dict[str, CountsFound]) -> None:
    r = results["phone_number"]
    assert [(c.category, c.best()) for c in r.counts] == [("wounded", 2.0)]
    assert r.value("injured") == 2


@pytest.mark.parametrize("key", ["firms_total", "hired_bringing_total", "total_two_sentences_later"])
def test_a_bare_total_counts_only_what_an_addition_just_before_it_counts(
    results: dict[str, CountsFound], key: str
) -> None:
    """ "the firm's total is 300" after two killed is no toll of the dead: a bare total takes its category only
    from more victims added in its own sentence or the one just before."""
    r = results[key]
    assert [c for c in scopes(r) if c[1] != 2.0] == []
    assert r.value("killed") == 2
