"""Which deaths and injuries are the article's own incident: the tally an ACLED or GVA coder would fill.

Hand-written sentences, each run through Item -> segment -> analyse -> times -> find_counts ->
tally_casualties once per module. Every expectation is worked out from the English.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from through_pipeline import CountsFound, counts_of

from newsledger.extract.counts import Tally, headline_casualties
from newsledger.extract.counts.rules import _headline_text

PUBLISHED = "2015-03-10"
TEXTS: dict[str, str] = {
    # ages and elliptical shares
    "age_apposition": "John Smith, 27, was shot and killed on Friday night.",
    "age_apposition_word": "Police said Mary Jones, three, was accidentally shot dead in her home.",
    "one_fatally": "Police said five people were shot, one fatally, outside a bar.",
    "two_of_them_fatally": "Six people were shot, two of them fatally.",
    # deaths that did not happen or are not one event
    "generic_homicide": "Homicide detectives are investigating. The driver was charged with murder.",
    "plea": '"Please don\'t let my baby die," she said to herself.',
    "fear": "She feared her son had been killed.",
    "rate": "Drunk drivers kill thousands of people every year.",
    "earlier_event": (
        "Two people were wounded in a shooting on Saturday near the club. "
        "In November 2013, one man died in a shooting near the same club."
    ),
    "same_week": "A man was shot on Monday. He died of his wounds on Thursday, police said.",
    "year_total_beside": (
        "Two people were killed in a shooting on Friday. Police said 40 people have been killed in the city this year."
    ),
    # victims the old rules missed or merged
    "age_as_noun": "A 14-year-old was killed on Tuesday afternoon.",
    "listed_pair": "A soldier and his daughter were found dead outside their home.",
    "pronoun_refers_back": "Mary Jones was shot and killed on Sunday. He was pronounced dead at the hospital.",
    "passed_away": "The boy passed away at the hospital on Monday.",
    "fatal_shooting_of": "Police are investigating the fatal shooting of a teenager.",
    "double_homicide": "Police are investigating a double homicide in the neighborhood.",
    "fourth_victim": "A fourth victim of the weekend shooting has died.",
    "second_in_turn": "The first victim was treated at the scene. The second victim was pronounced dead there.",
    # killers who die by their own hand
    "then_himself": "A man shot and killed his two daughters, then turned the gun on himself.",
    "killing_two_then_himself": "Man shoots 4 relatives, killing 2, then himself",
    "murder_suicide": "A man and a toddler were found dead in what police called an apparent murder-suicide.",
    "committed_suicide": "Two boys were killed and their father committed suicide, police said.",
    "ages_joined": "The woman was killed, and her sons, 7 and 8, were critically hurt.",
    "fatal_double_shooting": "Police are investigating a fatal double shooting on Main Street.",
    "two_killed": "Two people were killed in the shooting on Friday.",
    # a semicolon ends the clause
    "semicolon": "A gunman injured nine people; the gunman was shot, police said.",
}


@pytest.fixture(scope="module")
def results() -> dict[str, CountsFound]:
    """Every text of TEXTS through the pipeline, with its times, in one nlp.pipe run."""
    return counts_of(TEXTS, PUBLISHED)


def value(result: CountsFound, category: str) -> float | None:
    return result.value(category)


@pytest.mark.parametrize("key", ["age_apposition", "age_apposition_word"])
def test_an_age_set_off_by_commas_is_not_a_head_count(results: dict[str, CountsFound], key: str) -> None:
    assert value(results[key], "killed") == 1
    assert all(c.value in (None, 1.0) for c in results[key].counts)


@pytest.mark.parametrize("key, killed, injured", [("one_fatally", 1, 4), ("two_of_them_fatally", 2, 4)])
def test_the_share_shot_fatally_is_killed_and_leaves_the_rest_hurt(
    results: dict[str, CountsFound], key: str, killed: float, injured: float
) -> None:
    assert (value(results[key], "killed"), value(results[key], "injured")) == (killed, injured)


@pytest.mark.parametrize("key", ["generic_homicide", "plea", "fear", "rate"])
def test_crimes_in_general_pleas_fears_and_rates_are_no_deaths(results: dict[str, CountsFound], key: str) -> None:
    assert value(results[key], "killed") is None


def test_a_death_dated_years_before_the_incident_is_background(results: dict[str, CountsFound]) -> None:
    r = results["earlier_event"]
    assert value(r, "killed") is None
    assert value(r, "injured") == 2
    assert [c.background for c in r.counts if c.category == "killed"] == [True]


def test_a_death_days_after_the_shooting_is_the_same_incident(results: dict[str, CountsFound]) -> None:
    assert value(results["same_week"], "killed") == 1


def test_a_total_for_the_year_does_not_date_the_incident(results: dict[str, CountsFound]) -> None:
    """ "this year" reaches to 31 December: dating the incident by it would make Friday's two deaths
    (published in March) weeks earlier than the incident, hence background, and leave no figure."""
    assert value(results["year_total_beside"], "killed") == 2


@pytest.mark.parametrize(
    "key, killed",
    [
        ("age_as_noun", 1),
        ("listed_pair", 2),
        ("pronoun_refers_back", 1),
        ("passed_away", 1),
        ("fatal_shooting_of", 1),
        ("double_homicide", 2),
        ("fourth_victim", 4),
        ("second_in_turn", 1),
        ("ages_joined", 1),
        ("fatal_double_shooting", 1),
    ],
)
def test_victims_counted_once_each(results: dict[str, CountsFound], key: str, killed: float) -> None:
    assert value(results[key], "killed") == killed


@pytest.mark.parametrize(
    "key, killed, injured",
    [
        ("then_himself", 3, None),
        ("killing_two_then_himself", 3, 2),
        ("murder_suicide", 2, None),
        ("committed_suicide", 3, None),
    ],
)
def test_a_killer_who_kills_himself_is_one_more_death(
    results: dict[str, CountsFound], key: str, killed: float, injured: float | None
) -> None:
    assert value(results[key], "killed") == killed
    assert value(results[key], "injured") == injured


def test_a_verb_after_a_semicolon_does_not_take_the_earlier_count(results: dict[str, CountsFound]) -> None:
    r = results["semicolon"]
    assert value(r, "killed") is None
    assert value(r, "injured") == 9


# --------------------------------------------------------------------------- the headline


def figures(title: str, killed: float | None = None, injured: float | None = None) -> tuple[float | None, ...]:
    """Killed and injured after the headline has had its say over a text that gave these."""
    text = {
        "killed": Tally(killed, "exact") if killed is not None else None,
        "injured": Tally(injured, "exact") if injured is not None else None,
        "missing": None,
    }
    filled = headline_casualties(title, text)
    return tuple(None if filled[k] is None else filled[k].value for k in ("killed", "injured"))


def test_the_headline_fills_in_for_an_empty_page() -> None:
    assert figures("Two Dead, Three Wounded In Shooting Outside Bar") == (2, 3)


def test_the_headline_overrides_the_text_and_keeps_what_it_does_not_say() -> None:
    assert figures("Two killed in shooting at birthday party", killed=5, injured=1) == (2, 1)


def test_a_headline_without_figures_leaves_the_text_alone() -> None:
    assert figures("Police seek suspect after shooting", killed=1, injured=2) == (1, 2)
    assert figures(None, killed=1) == (1, None)


def test_the_outlet_after_the_headline_is_cut_off() -> None:
    assert figures("3 dead in house fire - Channel 5 News") == (3, None)


@pytest.mark.parametrize(
    "title, killed",
    [
        ("Father kills wife, son, daughter, then himself", 4),
        ("2 men killed, 2 others in critical after robbery", 2),
        ("Woman, 2 children dead in triple homicide", 3),
        ("Man Killed In Shooting Outside Bar", 1),
        ("Teen shot to death in apartment complex", 1),
    ],
)
def test_headlinese(title: str, killed: float) -> None:
    """Lists with commas, Title Case and dropped auxiliaries."""
    assert figures(title)[0] == killed


def test_a_headline_naming_one_victim_leaves_a_text_that_numbers_more(results: dict[str, CountsFound]) -> None:
    text = results["two_killed"].casualties
    assert value(results["two_killed"], "killed") == 2
    assert headline_casualties("Man killed in shooting", text)["killed"].value == 2
    assert headline_casualties("Three killed in shooting", text)["killed"].value == 3


def test_a_gunman_who_shot_and_fled_is_no_victim() -> None:
    assert figures("Gunman shot and fled the scene") == (None, None)


def test_a_headline_figure_says_it_is_the_headline_and_where() -> None:
    """The stored figure keeps its source: basis "headline" and the phrases, as offsets into the title."""
    title = "  Two Dead, Three Wounded In Shooting Outside Bar - Channel 5 News"
    filled = headline_casualties(title, {"killed": Tally(1, "exact"), "injured": None, "missing": None})
    killed, injured = filled["killed"], filled["injured"]
    assert (killed.value, killed.basis, injured.value, injured.basis) == (2, "headline", 3, "headline")
    for tally in (killed, injured):
        assert tally.headline and tally.counts == []
        for phrase in tally.headline:
            assert title[phrase.start : phrase.end] == phrase.text
    assert any("Dead" in p.text for p in killed.headline)
    assert any("Wounded" in p.text for p in injured.headline)


def test_a_figure_from_the_text_says_so() -> None:
    filled = headline_casualties(
        "Police seek suspect after shooting", {"killed": Tally(1, "exact"), "injured": None, "missing": None}
    )
    assert (filled["killed"].basis, filled["killed"].headline) == ("text", [])


@given(st.text(alphabet=st.sampled_from(list("Two dead, 3 Wounded In Shooting-|:\u00e9\u0130\u00df \t")), max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_headline_read_is_the_title_up_to_letter_case(title: str) -> None:
    """Whatever the title's spacing, case and outlet tail, the headline the rules read sits in the title
    at its offset, letter for letter up to case, so its phrases' offsets are offsets into the title."""
    headline, offset = _headline_text(title)
    assert title[offset : offset + len(headline)].lower() == headline.lower()
    assert len(title[offset : offset + len(headline)]) == len(headline)
