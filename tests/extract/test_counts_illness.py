"""Issue 19, counts: illness. Outbreaks report cases, suspected cases, infections and hospitalisations;
they are counted as ``ill`` with a ``suspected``/``confirmed`` status, their qualifiers, places and
sources, and never enter the killed/injured casualty tally. Deaths from a disease stay ``killed``.

Hand-written sentences through Item -> segment -> analyse -> find_counts -> tally_casualties.
"""

from __future__ import annotations

import pytest
from through_pipeline import CountsFound, counts_of

from newsledger.extract.counts import Count

TEXTS: dict[str, str] = {
    "suspected_cholera": "Health officials reported 15 suspected cases of cholera in the district.",
    "reported_in_ohio": "The measles outbreak has spread. There were 12 reported cases in Ohio, the CDC said.",
    "range_of_cases": "The ministry said the outbreak has caused a range of 10 to 13 cases.",
    "confirmed": "Officials confirmed 8 cases of Ebola in Kinshasa on Friday.",
    "lab_confirmed": "At least 20 laboratory-confirmed cases of dengue were recorded.",
    "infected": "Five people have died of cholera and about 120 have been infected, officials said.",
    "fell_ill": "Thirty students fell ill after eating at the canteen, health officials said.",
    "hospitalised_with": "Twenty people were hospitalised with salmonella poisoning.",
    "disease_deaths": "The flu outbreak has killed 14 people in the state.",
    "label_cases": "Cholera update (Confirmed cases: 40, Deaths: 3)",
    "number_of_cases": "The measles outbreak has grown. The number of confirmed cases rose to 80.",
    # not illness
    "court_cases": "The detective has solved 12 cases this year.",
    "cases_of_fraud": "Prosecutors filed 30 cases of fraud against the firm.",
    "hospital_shooting": "Three people were hospitalized with gunshot wounds.",
    "cases_of_water": "The shop sold 40 cases of bottled water.",
    "shooting_and_flu": "Two men were shot dead on Friday while the city battled a flu outbreak.",
    "crash_and_flu": "Three people were injured in a crash while the city battled a flu outbreak.",
    "label_cases_no_illness": "Three people were killed in the blast. Total cases: 40",
    "marburg_town": "Three people were hospitalised after a bus crash near Marburg on Monday.",
    "lassa_town": "Four people were injured when a truck overturned outside Lassa on Sunday.",
    # the diseases named after those places
    "marburg_virus": "Six people were hospitalised with Marburg virus, health officials said.",
    "lassa_fever": "Twelve people were hospitalised with Lassa fever in the state.",
}


@pytest.fixture(scope="module")
def results() -> dict[str, CountsFound]:
    return counts_of(TEXTS)


def ill(result: CountsFound) -> list[Count]:
    return [c for c in result.counts if c.category == "ill"]


@pytest.mark.parametrize(
    ("key", "figure", "qualifier", "confirmation"),
    [
        ("suspected_cholera", (15, None, None), "exact", "suspected"),
        ("reported_in_ohio", (12, None, None), "exact", None),
        ("range_of_cases", (None, 10, 13), "range", None),
        ("confirmed", (8, None, None), "exact", "confirmed"),
        ("lab_confirmed", (None, 20, None), "at_least", "confirmed"),
        ("infected", (120, None, None), "approx", None),
        ("fell_ill", (30, None, None), "exact", None),
        ("hospitalised_with", (20, None, None), "exact", None),
        ("label_cases", (40, None, None), "exact", "confirmed"),
        ("number_of_cases", (80, None, None), "exact", "confirmed"),
    ],
)
def test_cases_are_counted_as_ill(
    results: dict[str, CountsFound], key: str, figure: tuple, qualifier: str, confirmation: str | None
) -> None:
    found = ill(results[key])
    assert len(found) == 1, [(c.category, c.best(), c.span.text) for c in results[key].counts]
    (count,) = found
    assert ((count.value, count.min, count.max), count.qualifier) == (figure, qualifier)
    assert count.confirmation == confirmation


def test_illness_keeps_its_place_and_source(results: dict[str, CountsFound]) -> None:
    (count,) = ill(results["reported_in_ohio"])
    assert count.location == "Ohio"
    assert count.source is not None and count.source.text == "the CDC"
    (count,) = ill(results["confirmed"])
    assert count.location == "Kinshasa"


def test_the_disease_is_named(results: dict[str, CountsFound]) -> None:
    assert [c.disease for c in ill(results["suspected_cholera"])] == ["cholera"]
    assert [c.disease for c in ill(results["confirmed"])] == ["Ebola"]


@pytest.mark.parametrize("key", ["infected", "hospitalised_with", "fell_ill", "suspected_cholera", "label_cases"])
def test_the_ill_are_no_casualties(results: dict[str, CountsFound], key: str) -> None:
    r = results[key]
    injured = r.casualties["injured"]
    assert injured is None
    assert all(c.category not in ("injured", "wounded") for c in r.counts)


@pytest.mark.parametrize(("key", "killed"), [("infected", 5), ("disease_deaths", 14), ("label_cases", 3)])
def test_deaths_from_a_disease_stay_killed(results: dict[str, CountsFound], key: str, killed: float) -> None:
    tally = results[key].casualties["killed"]
    assert tally is not None and tally.value == killed


@pytest.mark.parametrize("key", ["court_cases", "cases_of_fraud", "cases_of_water"])
def test_cases_of_something_else_are_no_illness(results: dict[str, CountsFound], key: str) -> None:
    assert results[key].counts == []


def test_the_hospitalised_from_a_shooting_stay_injured(results: dict[str, CountsFound]) -> None:
    r = results["hospital_shooting"]
    assert [(c.category, c.value) for c in r.counts] == [("injured", 3)]


def test_a_running_number_of_cases_is_cumulative(results: dict[str, CountsFound]) -> None:
    (count,) = ill(results["number_of_cases"])
    assert count.scope == "cumulative"


@pytest.mark.parametrize(("key", "disease"), [("infected", "cholera"), ("disease_deaths", "flu")])
def test_deaths_from_a_disease_name_it(results: dict[str, CountsFound], key: str, disease: str) -> None:
    assert [c.disease for c in results[key].counts if c.category == "killed"] == [disease]


def test_a_shooting_death_names_no_disease(results: dict[str, CountsFound]) -> None:
    r = results["shooting_and_flu"]
    assert [(c.category, c.value, c.disease) for c in r.counts] == [("killed", 2.0, None)]


def test_a_disease_in_another_clause_leaves_the_injured_injured(results: dict[str, CountsFound]) -> None:
    r = results["crash_and_flu"]
    assert [(c.category, c.value) for c in r.counts] == [("injured", 3.0)]


def test_a_cases_label_counts_the_ill_only_in_an_article_about_an_illness(results: dict[str, CountsFound]) -> None:
    r = results["label_cases_no_illness"]
    assert figures_of(r) == [("killed", 3.0)]
    assert all(c.category != "ill" for c in r.counts)


@pytest.mark.parametrize(("key", "injured"), [("marburg_town", 3), ("lassa_town", 4)])
def test_a_town_named_like_a_disease_makes_no_one_ill(
    results: dict[str, CountsFound], key: str, injured: float
) -> None:
    r = results[key]
    assert figures_of(r) == [("injured", float(injured))]
    assert all(c.disease is None for c in r.counts)


@pytest.mark.parametrize(
    ("key", "figure", "disease"), [("marburg_virus", 6, "Marburg virus"), ("lassa_fever", 12, "Lassa fever")]
)
def test_a_disease_named_after_a_place_is_a_disease(
    results: dict[str, CountsFound], key: str, figure: float, disease: str
) -> None:
    (count,) = results[key].counts
    assert (count.category, count.value, count.disease) == ("ill", figure, disease)


def figures_of(result: CountsFound) -> list[tuple[str, float | None]]:
    return [(c.category, c.best()) for c in result.counts]
