"""Two look-alike events stay two stories: who, when and how long a story may run.

Hand-written articles. Each mechanism is shown both ways: with it the two events stay apart (or the
late article joins for a stated reason), and with its penalty set to nothing they would have merged,
so the test fails if the mechanism stops doing the work.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from linkcorpus import connect, ingest, record, story_of, write_jsonl

import newsledger.link.stories as stories_module
from newsledger.link.features import (
    ArticleFeatures,
    _headline_only,
    content_terms,
    headline_proper,
    people_named,
    surname,
    words_of,
)

# Two actresses enter rehab: the same kind of event, the same magazine, two people.
REID_1 = record(
    "reid-1",
    None,
    "Actress checks into rehab",
    "Actress Tara Reid has checked herself into the Promises Treatment Center in Malibu, her publicist told People "
    "magazine on Friday. Reid asked fans to respect her privacy during treatment. A friend said Reid's family "
    "supported her decision to enter rehab.",
)
LOHAN_1 = record(
    "lohan-1",
    None,
    "Lohan checks into Betty Ford Center",
    "Actress Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage to begin a 90-day stay ordered "
    "by a judge, her lawyer told People magazine. Lohan skipped an earlier rehab program in Newport Beach. The "
    "lawyer said Lohan is committed to her treatment.",
)
REID_2 = record(
    "reid-2",
    None,
    "Reid enters Malibu rehab clinic",
    "Tara Reid entered the Promises Treatment Center in Malibu this week, People magazine reported. Reid's "
    "publicist confirmed the actress checked in voluntarily and asked for privacy for Reid and her family.",
)


def _ingest(tmp_path: Path, name: str, records: list[dict]) -> dict[str, str]:
    db = tmp_path / f"{name}.db"
    ingest(db, write_jsonl(tmp_path / f"{name}.jsonl", records))
    conn = connect(db)
    try:
        return story_of(conn)
    finally:
        conn.close()


def test_reports_about_two_people_stay_two_stories(tmp_path: Path) -> None:
    found = _ingest(tmp_path, "rehab", [REID_1, LOHAN_1, REID_2])
    assert found["lohan-1"] != found["reid-1"]
    assert found["reid-2"] == found["reid-1"]


def _features(
    people: list[str], named: list[str], years: tuple[str, ...] = (), killed: float | None = None
) -> ArticleFeatures:
    return ArticleFeatures("a", None, {"rehab": 1.0}, people=people, named=named, years=list(years), killed=killed)


def _row(about: list[str], named: list[str], years: tuple[str, ...] = (), killed: float | None = None) -> dict:
    return {
        "people": {"about": about, "named": named},
        "day": None,
        "event_days": [],
        "towns": [],
        "years": list(years),
        "killed": killed,
    }


def _similarity(features: ArticleFeatures, row: dict) -> float:
    return stories_module._similarity(features, {"rehab": 1.0}, {"rehab": 1.0}, row)


def test_two_articles_each_about_someone_the_other_never_names_lose_similarity() -> None:
    reid = _features(["reid"], ["ketsoyan", "reid"])
    assert _similarity(reid, _row(["lohan"], ["holley", "lohan"])) == pytest.approx(1 - stories_module.PEOPLE_PENALTY)


def test_naming_the_other_articles_person_is_no_conflict() -> None:
    """A report on Reid that recalls Lohan's stay at the same clinic is not about someone else."""
    reid = _features(["reid"], ["lohan", "reid"])
    assert _similarity(reid, _row(["lohan"], ["lohan"])) == pytest.approx(1.0)


def test_the_same_person_adds_similarity() -> None:
    reid = _features(["reid"], ["reid"])
    assert _similarity(reid, _row(["reid"], ["reid"])) == pytest.approx(1 + stories_module.SAME_PERSON_BONUS)


def test_different_years_and_far_apart_tolls_lose_similarity() -> None:
    assert _similarity(_features([], [], ("2008",)), _row([], [], ("2013",))) == pytest.approx(
        1 - stories_module.YEAR_PENALTY
    )
    assert _similarity(_features([], [], ("2008", "2013")), _row([], [], ("2013",))) == pytest.approx(1.0)
    assert _similarity(_features([], [], (), 10), _row([], [], (), 2)) == pytest.approx(
        1 - stories_module.KILLED_PENALTY
    )
    assert _similarity(_features([], [], (), 3), _row([], [], (), 2)) == pytest.approx(1.0)  # a toll revised by one


class _Entity:
    def __init__(self, name: str, kind: str, mentions: int) -> None:
        self.name, self.type, self.mentions = name, kind, [object()] * mentions


def test_the_people_an_article_is_about_are_those_named_most() -> None:
    entities = [
        _Entity("Fred C. LaRue Jr.", "PERSON", 4),
        _Entity("Richard Nixon", "PERSON", 2),
        _Entity("Bob Woodward", "PERSON", 1),
        _Entity("Biloxi", "GPE", 5),
    ]
    about, named = people_named(entities)
    assert about == ["larue"]
    assert named == ["larue", "nixon", "woodward"]


def test_a_person_named_once_is_nobody_the_article_is_about() -> None:
    assert people_named([_Entity("Tara Reid", "PERSON", 1)]) == ([], ["reid"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Lindsay Lohan's", "lohan"), ("Fred C. LaRue Jr.", "larue"), ("Reid", "reid"), ("J.", None), ("", None)],
)
def test_surname(name: str, expected: str | None) -> None:
    assert surname(name) == expected


# One shooting, its follow-ups, and a look-alike months later in the same street.
SHOOTING = (
    "A man was shot and killed outside the Elm Street laundromat in Dunmore late Saturday, Dunmore police said. "
    "Police identified the victim as Carl Wexley, 41. Detectives are looking for a gray sedan seen leaving the "
    "laundromat on Elm Street."
)
DAY_1 = record("elm-1", "2024-03-03", "Man shot dead outside Elm Street laundromat", SHOOTING)
DAY_40 = record(
    "elm-40",
    "2024-04-12",
    "Police still seek gray sedan in Elm Street laundromat killing",
    "Dunmore police are still looking for the gray sedan seen leaving the Elm Street laundromat where Carl Wexley, "
    "41, was shot and killed. Detectives asked anyone who saw the sedan near the laundromat to call police.",
)
DAY_85 = record(
    "elm-85",
    "2024-05-27",
    "Man shot outside Elm Street laundromat",
    "A man was shot outside the Elm Street laundromat in Dunmore late Sunday, Dunmore police said. Detectives are "
    "looking for a gray sedan seen leaving the laundromat on Elm Street. Police did not identify the man.",
)
TRIAL = record(
    "elm-trial",
    "2024-06-20",
    "Trial opens in Elm Street laundromat killing",
    "The trial of the man accused of shooting Carl Wexley outside the Elm Street laundromat in Dunmore on "
    "March 2, 2024 opened on Thursday. Prosecutors say the accused drove the gray sedan seen leaving the "
    "laundromat.",
)


def test_a_story_does_not_chain_past_its_span(tmp_path: Path) -> None:
    """A look-alike report 12 weeks on, whose text dates nothing to the story's days, starts its own story."""
    found = _ingest(tmp_path, "chain", [DAY_1, DAY_40, DAY_85])
    assert found["elm-40"] == found["elm-1"]
    assert found["elm-85"] != found["elm-1"]


def test_a_late_article_dating_the_event_to_the_story_joins(tmp_path: Path) -> None:
    """A trial months later says when the shooting was: that is the reason to reach back."""
    found = _ingest(tmp_path, "trial", [DAY_1, DAY_40, TRIAL])
    assert found["elm-trial"] == found["elm-1"]


# A follow-up on day 59 that dates an arrest to the day before it appeared, then the look-alike a week on.
FOLLOW_59 = record(
    "elm-59",
    "2024-05-01",
    "Arrest in Elm Street laundromat killing",
    "Dunmore police arrested a man on Tuesday in the killing of Carl Wexley, 41, who was shot outside the Elm "
    "Street laundromat. Detectives said the gray sedan seen leaving the laundromat belonged to the suspect.",
)
LOOKALIKE_64 = dict(DAY_85, id="elm-64", published="2024-05-06")


def test_follow_ups_dating_their_own_days_do_not_move_the_window(tmp_path: Path) -> None:
    """Each follow-up dates something to its own week; the 60 days still count from the story's first day."""
    found = _ingest(tmp_path, "chain-follow", [DAY_1, DAY_40, FOLLOW_59, LOOKALIKE_64])
    assert found["elm-59"] == found["elm-1"]
    assert found["elm-64"] != found["elm-1"]


def test_an_early_report_arriving_after_the_trial_joins_it(tmp_path: Path) -> None:
    """Articles arrive in any order: the trial (dating the shooting to March 2) first, the day-after report next."""
    found = _ingest(tmp_path, "early", [TRIAL, DAY_1])
    assert found["elm-1"] == found["elm-trial"]


def test_without_the_span_the_look_alike_would_chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories_module, "MAX_STORY_DAYS", 10_000)
    found = _ingest(tmp_path, "chain-open", [DAY_1, DAY_40, DAY_85])
    assert found["elm-85"] == found["elm-1"]


# A scraped page whose text is a weather alert: only its headline says what it reports.
ALERT = (
    "Tornado Watch issued May 8 at 7:41PM CDT expiring May 9 at 3:00AM CDT in effect for: McCurtain. "
    "Severe Thunderstorm Warning issued May 8 at 7:20PM CDT expiring May 8 at 8:15PM CDT in effect for: Choctaw."
)
ALERT_PAGE = record("alert-elm", "2024-03-04", "Dunmore police name man shot dead outside Elm Street laundromat", ALERT)
ALERT_OTHER = record("alert-other", "2024-03-05", "School board approves new bus routes for fall", ALERT)


def test_a_page_whose_text_is_not_its_headline_links_by_the_headline(tmp_path: Path) -> None:
    db = tmp_path / "alert.db"
    ingest(db, write_jsonl(tmp_path / "alert.jsonl", [DAY_1, ALERT_PAGE, ALERT_OTHER]))
    conn = connect(db)
    try:
        found = story_of(conn)
        copies = conn.execute("SELECT count(*) FROM story_articles WHERE copy_of IS NOT NULL").fetchone()[0]
    finally:
        conn.close()
    assert found["alert-elm"] == found["elm-1"]
    assert found["alert-other"] not in (found["elm-1"], found["alert-elm"])
    assert copies == 0  # the same alert text under two headlines is not one article copied


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "DeKalb police name murdered child - WMC Action News 5 - Memphis, Tennessee",
            "DeKalb police name murdered child",
        ),
        ("WJTV News Channel 12 - Five Injured in Nightclub Shooting", "Five Injured in Nightclub Shooting"),
        ("Man shot on Elm Street", "Man shot on Elm Street"),
    ],
)
def test_the_headline_is_read_without_the_sites_name(title: str, expected: str) -> None:
    assert headline_proper(title) == expected


def test_a_text_telling_the_headlines_story_in_other_forms_is_not_headline_only() -> None:
    headline = content_terms(words_of("Gunman kills two in Elm Street shootings"))
    body = words_of("A gunman killed two people in a shooting on Elm Street on Saturday, police said.")
    assert not _headline_only(headline, body)
    assert _headline_only(headline, words_of("Tornado Watch issued May 8 at 7:41PM CDT expiring May 9."))
