"""Issue 19, counts: numbers in every written form and deaths and injuries not phrased "N were killed".

Hand-written sentences, each run through Item -> segment -> analyse -> times -> find_counts ->
tally_casualties once per module. Every expectation is worked out from the English.
"""

from __future__ import annotations

import time

import pytest
from through_pipeline import CountsFound, analysed_texts, counts_of

from newsledger.extract.counts import rules
from newsledger.extract.numbers import find_quantities

PUBLISHED = "2021-06-10"
TEXTS: dict[str, str] = {
    # -- thousands in every written form
    "space_groups": "The flood killed 12 500 people, officials said.",
    "thin_space": "The flood killed 12\u2009500 people and injured 1\u202f300 others.",
    "nbsp": "The earthquake killed 3\u00a0200 people.",
    "dot_groups_european": ("The storm killed 12.500 people in the province. Inflation there reached 3,5 % in May."),
    "dot_groups_alone": "The earthquake killed 12.500 people.",
    "dot_decimal_text": "Turnout rose 3.5 percent. Police said 12.500 people were injured.",
    "zero_digit": "Police said 0 people were injured in the crash.",
    "nobody_hurt": "The roof collapsed overnight but nobody was hurt.",
    # -- deaths and injuries in other forms
    "claimed_lives_of": "The fire claimed the lives of about 40 people.",
    "claimed_lives": "The crash claimed 40 lives on Sunday.",
    "lives_lost": "In all, 40 lives were lost in the fire.",
    "toll_stands": "The death toll stands at 40, officials said.",
    "toll_put_at": "Officials put the death toll at 40.",
    "toll_of": "The attack, with a death toll of 40, was the worst in years.",
    "number_of_dead": "The number of dead is 40.",
    "number_of_killed": "The number of people killed in the blast has risen to 40.",
    "number_of_injured": "The number of injured stood at 12 on Monday.",
    "deaths_reached": "Deaths from the landslide reached 40 by Tuesday.",
    "injury_toll": "The injury toll climbed to 75.",
    "label_fatalities": "Fatalities: 40",
    "label_line": "Dead: 4 / Injured: 12",
    "label_lines": "A storm hit the coast on Monday. Killed: 3; injured: 17; missing: 2.",
    "label_parenthesis": "Casualties so far (Killed: 3, Injured: 17, Missing: 2)",
    "label_own_lines": "A storm hit the coast on Monday, officials said.\nKilled: 3\nInjured: 17\nMissing: 2\nRoads are closed.",
    "left_dead_wounded": "The attack left 3 dead and 12 wounded.",
    "among_the_dead": "Six people died in the crash. Among the dead were two children.",
    "among_the_dead_alone": "Among the dead were two children.",
    "among_the_injured": "Among the injured are three police officers.",
    "the_dead_include": "The dead include four firefighters.",
    # -- forms that must not fire
    "saved_lives": "Firefighters saved 40 lives on Sunday.",
    "number_of_calls": "The number of calls to police rose to 40.",
    "toll_road": "The toll on the new bridge is 4 dollars.",
    "label_not_a_fate": "Score: 40\nAttendance: 1 200",
    "among_the_crowd": "Among the crowd were two children.",
    "lives_of_three": "The film follows the lives of three teachers.",
    "case_closed": "The detective has solved 12 cases this year.",
    "toll_feared": "Officials fear the toll could rise to 100.",
    "number_at_rally": "The number of people at the rally rose to 4 000.",
    # -- a label that is no count label keeps its own number
    "label_arrested_before_dead": "Arrested: 5 / Dead: 3",
    "label_date_before_dead": "Date: 12 / Dead: 3",
    "label_own_lines_other": "A storm hit the coast on Monday, officials said.\nRescued: 4\nKilled: 2\nRoads are closed.",
    "colon_before_clause": "Police said: 12 people were killed in the blast.",
    # -- a toll or total label is a running total
    "label_death_toll": "Death toll: 40",
    "label_injury_toll": "Injury toll: 75",
}


@pytest.fixture(scope="module")
def results() -> dict[str, CountsFound]:
    return counts_of(TEXTS, PUBLISHED)


def figures(result: CountsFound) -> list[tuple[str, float | None]]:
    return [(c.category, c.best()) for c in result.counts]


# --------------------------------------------------------------------------- numbers in every written form


@pytest.mark.parametrize(
    ("key", "killed"),
    [
        ("space_groups", 12500),
        ("thin_space", 12500),
        ("nbsp", 3200),
        ("dot_groups_european", 12500),
        ("dot_groups_alone", 12500),
    ],
)
def test_grouped_thousands_are_never_their_last_group(results: dict[str, CountsFound], key: str, killed: float) -> None:
    assert results[key].value("killed") == killed
    assert all(c.best() not in (500.0, 200.0, 0.0, 12.5) for c in results[key].counts), figures(results[key])


def test_thin_and_narrow_spaces_in_one_sentence(results: dict[str, CountsFound]) -> None:
    r = results["thin_space"]
    assert (r.value("killed"), r.value("injured")) == (12500, 1300)


def test_no_fraction_of_a_person_is_counted(results: dict[str, CountsFound]) -> None:
    """In a text that writes decimals with a dot, "12.500" is twelve and a half: not a count of people,
    and never 500 or 0."""
    r = results["dot_decimal_text"]
    assert r.counts == [] and r.value("injured") is None


def test_zero_only_from_words_that_mean_none(results: dict[str, CountsFound]) -> None:
    assert results["zero_digit"].value("injured") is None
    assert results["zero_digit"].counts == []
    r = results["nobody_hurt"]
    assert [(c.category, c.value, c.basis) for c in r.counts] == [("injured", 0.0, "zero")]
    assert r.value("injured") == 0


# --------------------------------------------------------------------------- deaths and injuries in other forms


@pytest.mark.parametrize(
    ("key", "killed"),
    [
        ("claimed_lives_of", 40),
        ("claimed_lives", 40),
        ("lives_lost", 40),
        ("toll_stands", 40),
        ("toll_put_at", 40),
        ("toll_of", 40),
        ("number_of_dead", 40),
        ("number_of_killed", 40),
        ("deaths_reached", 40),
        ("label_fatalities", 40),
        ("label_line", 4),
        ("label_lines", 3),
        ("left_dead_wounded", 3),
        ("among_the_dead", 6),
        ("among_the_dead_alone", 2),
        ("the_dead_include", 4),
    ],
)
def test_deaths_not_phrased_n_were_killed(results: dict[str, CountsFound], key: str, killed: float) -> None:
    assert results[key].value("killed") == killed, figures(results[key])


@pytest.mark.parametrize(
    ("key", "injured"),
    [
        ("number_of_injured", 12),
        ("injury_toll", 75),
        ("label_line", 12),
        ("label_lines", 17),
        ("left_dead_wounded", 12),
        ("among_the_injured", 3),
    ],
)
def test_injuries_not_phrased_n_were_injured(results: dict[str, CountsFound], key: str, injured: float) -> None:
    assert results[key].value("injured") == injured, figures(results[key])


@pytest.mark.parametrize("key", ["label_lines", "label_parenthesis", "label_own_lines"])
def test_a_label_line_keeps_its_categories_apart(results: dict[str, CountsFound], key: str) -> None:
    r = results[key]
    assert sorted(figures(r)) == [("injured", 17.0), ("killed", 3.0), ("missing", 2.0)]
    assert r.value("missing") == 2


def test_a_toll_figure_spans_its_toll_and_number(results: dict[str, CountsFound]) -> None:
    (count,) = results["toll_put_at"].counts
    assert (count.category, count.value, count.scope) == ("killed", 40, "cumulative")
    assert count.number is not None and count.number.text == "40"
    assert "toll" in count.span.text and count.span.text.endswith("40")


def test_lives_lost_count_the_dead_as_people(results: dict[str, CountsFound]) -> None:
    (count,) = [c for c in results["claimed_lives_of"].counts if c.category == "killed"]
    assert (count.value, count.qualifier, count.subject) == (40, "approx", "people")


@pytest.mark.parametrize(
    "key",
    [
        "saved_lives",
        "number_of_calls",
        "toll_road",
        "label_not_a_fate",
        "among_the_crowd",
        "lives_of_three",
        "case_closed",
        "toll_feared",
        "number_at_rally",
    ],
)
def test_forms_that_are_no_death_or_injury(results: dict[str, CountsFound], key: str) -> None:
    r = results[key]
    assert all(c.category not in ("killed", "injured", "wounded", "ill") for c in r.counts), figures(r)
    assert (r.value("killed"), r.value("injured")) == (None, None)


@pytest.mark.parametrize(
    ("key", "killed"),
    [
        ("label_arrested_before_dead", 3),
        ("label_date_before_dead", 3),
        ("label_own_lines_other", 2),
        ("colon_before_clause", 12),
    ],
)
def test_a_label_that_is_no_count_label_keeps_its_number(
    results: dict[str, CountsFound], key: str, killed: float
) -> None:
    """ "Arrested: 5 / Dead: 3": the 5 are the arrested, never the dead; only the "Dead:" figure counts."""
    r = results[key]
    assert figures(r) == [("killed", float(killed))]
    assert r.value("killed") == killed


@pytest.mark.parametrize(
    ("key", "category", "figure"), [("label_death_toll", "killed", 40), ("label_injury_toll", "injured", 75)]
)
def test_a_toll_label_is_a_running_total(
    results: dict[str, CountsFound], key: str, category: str, figure: float
) -> None:
    (count,) = results[key].counts
    assert (count.category, count.value, count.scope) == (category, figure, "cumulative")


def _label_cpu_seconds(text: str) -> float:
    """The least CPU time of two runs of the label reader over one long sentence of ``text``."""
    analysed = analysed_texts({"x": text}, formats={"x": "text"})["x"][0]
    sent = max(analysed.doc.sents, key=len)
    numbers = [
        m
        for m in find_quantities(analysed.article.analysis_text)
        if m.kind == "count" and sent.start_char <= m.start and m.end <= sent.end_char
    ]
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        rules._label_counts(analysed.article, analysed.doc, sent, numbers, set())
        best = min(best, time.process_time() - started)
    return best


def test_labels_of_a_long_line_of_numbers_cost_time_proportional_to_it() -> None:
    """A scraped line of thousands of numbers: looking for a label before each number must not read the
    whole line before it each time (that made 40 kB cost the square of its length)."""
    short, long = _label_cpu_seconds("1 2 34 567 " * 250), _label_cpu_seconds("1 2 34 567 " * 1000)
    # four times the line: linear is about 4x; reading the line before each number again was 16x
    assert long < 8 * max(short, 0.002), (short, long)
