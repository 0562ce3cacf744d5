"""A story's event follows its articles: the type most of them report as their main event, its actors and
its most specific place; the ACLED CSV keeps only stories whose event ACLED codes.

Every article below was written for these tests: a clash between Nigerian troops and Boko Haram fighters in
a village reported by two outlets, a factory fire, a teachers' protest two outlets report as a protest and a
third as a riot (carried word for word by two more), and a museum's new opening hours (no event at all).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED_SEED, run_cli
from linkcorpus import BG, connect, ingest, record, story_of, write_jsonl
from newsledger.export import ACLED_COLUMNS, write_acled_csv
from newsledger.extract.events.actors import is_country
from newsledger.ledger import Ledger
from newsledger.link.events import event_actors, event_location, story_event, story_kind
from newsledger.records import ArticleEvent, Event

#: The ACLED CSV's columns before export schema 1.4: a public contract, each keeps its place.
OLD_COLUMNS = ["event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude", "fatalities",
               "source", "notes", "story", "time_precision"]

CLASH = [
    record("clash-1", "2025-03-10", "Nigerian troops clash with Boko Haram fighters near Gajiram",
           "Nigerian troops clashed with Boko Haram fighters in Gajiram, a village in northeast Nigeria, on "
           "Sunday, an army spokesman said. The soldiers repelled the attack after a gun battle that lasted "
           "three hours, and 12 militants were killed, the spokesman said. Residents said the fighting forced "
           "families to flee.", outlet="Lake Chad Courier"),
    record("clash-2", "2025-03-11", "Army says 12 insurgents killed in Gajiram gun battle",
           "Boko Haram fighters and Nigerian soldiers fought for hours in Gajiram on Sunday, the army said on "
           "Monday. Twelve insurgents were killed in the clash in the village, and two soldiers were wounded, "
           "according to the army spokesman.", outlet="Sahel Wire"),
]
FIRE = record("fire-1", "2025-04-02", "Fire at Gazipur garment factory kills four",
              "A fire swept through a garment factory in Gazipur on Tuesday, killing four workers and injuring "
              "nine, fire officials said. Firefighters took five hours to put out the blaze, whose cause was not "
              "yet known.", outlet="Dhaka Morning")
PROTEST = [
    record("prot-1", "2025-05-07", "Teachers march in Nairobi over pay",
           "Thousands of teachers marched through Nairobi on Wednesday to demand higher pay. The protest ended "
           "outside parliament, where the demonstrators delivered a petition.", outlet="Rift Valley Post"),
    record("prot-2", "2025-05-07", "Kenyan teachers protest in Nairobi",
           "Kenyan teachers held a protest in Nairobi on Wednesday, marching to parliament to demand a pay "
           "rise. The protesters sang and carried placards.", outlet="Nairobi Daily"),
    record("riot-1", "2025-05-08", "Teachers' pay protest turns violent in Nairobi",
           "A pay protest by teachers in Nairobi turned into a riot on Wednesday as some demonstrators threw "
           "stones at shops and set tyres on fire near parliament. Rioters looted two stores.",
           outlet="Coast Observer"),
]
QUIET = record("quiet-1", "2025-06-03", "Ghent museum extends opening hours",
               "The Museum of Fine Arts in Ghent will stay open until 9 p.m. on Thursdays from next month, the "
               "city said on Tuesday. The museum expects more visitors for its summer exhibition of Flemish "
               "tapestries.", outlet="Flanders Today")
#: The riot report, carried word for word by two more outlets: copies, which do not vote again.
RIOT_COPIES = [{**PROTEST[2], "id": f"riot-1{n}", "outlet": outlet} for n, outlet in (("b", "Wire A"), ("c", "Wire B"))]
ARTICLES = BG[:4] + CLASH + [FIRE] + PROTEST + RIOT_COPIES + [QUIET]


@pytest.fixture(scope="module")
def events_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("story-event-types")
    db = folder / "events.db"
    ingest(db, write_jsonl(folder / "events.jsonl", ARTICLES))
    return db


@pytest.fixture(scope="module")
def stories(events_db: Path) -> dict[str, str]:
    """JSONL id -> story id."""
    conn = connect(events_db)
    try:
        return story_of(conn)
    finally:
        conn.close()


@pytest.fixture
def ledger(events_db: Path) -> Iterator[Ledger]:
    with Ledger(events_db, readonly=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def acled_rows(events_db: Path) -> tuple[list[str], list[dict[str, str]]]:
    out = io.StringIO()
    with Ledger(events_db, readonly=True) as opened:
        written = write_acled_csv(opened, out)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows)
    return header, rows


def main_events(ledger: Ledger, story_id: str) -> list[ArticleEvent]:
    """The main event of each original article of a story that reports one."""
    store = ledger.store
    found = []
    for article in store.links.story_articles(story_id, copies=False):
        events = store.facts(store.article_text(article["id"]), ("events",))["events"]
        if events:
            found.append(events[0])
    return found


def event(type_: str, sub_type: str, actor1: str | None = None, actor2: str | None = None,
          location: str | None = None) -> ArticleEvent:
    return ArticleEvent(type=type_, sub_type=sub_type, trigger=None, actor1=actor1, actor2=actor2,
                        location=location, date=None, time_precision=None, fatalities=0, confidence=1.0)


# -- the vote, on events made here -------------------------------------------------------------------------


def test_the_type_most_articles_report_wins_and_the_others_are_kept() -> None:
    kind = story_kind([event("Protests", "Peaceful protest"), event("Riots", "Violent demonstration"),
                       event("Protests", "Peaceful protest")])
    assert (kind.type, kind.sub_type) == ("Protests", "Peaceful protest")
    assert kind.others == ["Riots / Violent demonstration (1 article)"]
    assert len(kind.events) == 2


def test_a_tie_goes_to_the_earliest_article() -> None:
    first = story_kind([event("Riots", "Mob violence"), event("Protests", "Peaceful protest")])
    second = story_kind([event("Protests", "Peaceful protest"), event("Riots", "Mob violence")])
    assert first.type == "Riots" and second.type == "Protests"


def test_the_sub_type_is_the_one_most_articles_of_the_winning_type_report() -> None:
    kind = story_kind([event("Protests", "Protest with intervention"), event("Protests", "Peaceful protest"),
                       event("Protests", "Peaceful protest")])
    assert (kind.type, kind.sub_type) == ("Protests", "Peaceful protest")
    assert kind.others == ["Protests / Protest with intervention (1 article)"]


def test_kinds_acled_does_not_code_count_apart() -> None:
    """A crime and a disaster do not add up to one "none" that outvotes two reports of a battle."""
    kind = story_kind([event("none", "Organised crime"), event("none", "Man-made disaster"),
                       event("Battles", "Armed clash"), event("Battles", "Armed clash")])
    assert (kind.type, kind.sub_type) == ("Battles", "Armed clash")
    assert set(kind.others) == {
        "no ACLED event (Organised crime) (1 article)",
        "no ACLED event (Man-made disaster) (1 article)",
    }


def test_no_event_reported_is_no_acled_event_and_no_kind() -> None:
    kind = story_kind([])
    assert (kind.type, kind.sub_type, kind.events, kind.others) == ("none", None, [], [])


def test_actor1_is_the_most_named_as_acting_actor2_as_acted_against_never_a_bare_nationality() -> None:
    actors = event_actors([
        event("Battles", "Armed clash", "North Korean", "Military Forces of Ukraine"),
        event("Battles", "Armed clash", "Military Forces of North Korea", "Military Forces of Ukraine"),
        event("Battles", "Armed clash", "Military Forces of North Korea", "Russia"),
        event("Battles", "Armed clash", "Military Forces of Ukraine", None),
    ])
    assert actors == ("Military Forces of North Korea", "Military Forces of Ukraine")


def test_an_actor_named_without_its_country_counts_for_the_one_named_with_it() -> None:
    actors = event_actors([
        event("Battles", "Armed clash", "Al Shabaab", "Military Forces of Somalia"),
        event("Battles", "Armed clash", "Military Forces", "Al Shabaab"),
        event("Battles", "Armed clash", "Military Forces", None),
    ])
    assert actors == ("Military Forces of Somalia", "Al Shabaab")


def test_victims_named_more_often_than_the_attackers_are_still_actor2() -> None:
    actors = event_actors([
        event("Violence against civilians", "Attack", "Boko Haram", "Civilians (Nigeria)"),
        event("Violence against civilians", "Attack", None, "Civilians (Nigeria)"),
        event("Violence against civilians", "Attack", None, "Civilians (Nigeria)"),
    ])
    assert actors == ("Boko Haram", "Civilians (Nigeria)")


def test_a_tie_between_an_acled_type_and_a_kind_acled_does_not_code_goes_to_the_acled_type() -> None:
    crime_first = [event("none", "Organised crime"), event("Battles", "Armed clash")]
    assert (story_kind(crime_first).type, story_kind(crime_first).sub_type) == ("Battles", "Armed clash")
    assert story_kind(crime_first).others == ["no ACLED event (Organised crime) (1 article)"]


def test_a_place_below_a_country_is_preferred_even_when_the_country_is_given_more() -> None:
    places = [event("Battles", "Armed clash", location=name) for name in ("Nigeria", "Gajiram", "Nigeria")]
    assert event_location(places) == "Gajiram"
    assert event_location([event("Battles", "Armed clash", location="Nigeria")]) == "Nigeria"
    assert event_location([event("Battles", "Armed clash")]) is None


def test_the_most_given_place_wins_and_a_tie_goes_to_the_first() -> None:
    places = [event("Protests", "Peaceful protest", location=name) for name in ("Kisumu", "Nairobi", "Nairobi")]
    assert event_location(places) == "Nairobi"
    assert event_location(places[:2]) == "Kisumu"


# -- stories of ingested articles --------------------------------------------------------------------------


def test_a_clash_reported_twice_is_one_battle_with_the_army_and_the_village(
    ledger: Ledger, stories: dict[str, str]
) -> None:
    assert stories["clash-1"] == stories["clash-2"]
    found = story_event(ledger.store, stories["clash-1"])
    reported = main_events(ledger, stories["clash-1"])
    assert {(e.type, e.sub_type) for e in reported} == {("Battles", "Armed clash")}
    assert (found.event_type, found.sub_event_type, found.other_types) == ("Battles", "Armed clash", [])
    assert "Military Forces of Nigeria" in (found.actor1, found.actor2)
    assert found.location == "Gajiram" and not is_country(found.location)
    assert found.fatalities == 12


def test_a_story_actor_is_never_a_bare_nationality(ledger: Ledger, stories: dict[str, str]) -> None:
    for story_id in set(stories.values()):
        found = story_event(ledger.store, story_id)
        for actor in (found.actor1, found.actor2):
            assert actor not in ("Nigerian", "Kenyan", "Nigeria", "Kenya"), found


def test_a_factory_fire_is_no_acled_event_but_says_what_it_is(ledger: Ledger, stories: dict[str, str]) -> None:
    found = story_event(ledger.store, stories["fire-1"])
    (reported,) = main_events(ledger, stories["fire-1"])
    assert reported.type == "none"
    assert (found.event_type, found.sub_event_type) == ("none", reported.sub_type)
    assert found.sub_event_type == "Man-made disaster"


def test_the_chosen_place_brings_its_coordinates(ledger: Ledger, stories: dict[str, str]) -> None:
    found = story_event(ledger.store, stories["fire-1"])
    assert found.location == "Gazipur"
    assert found.latitude == pytest.approx(24.0, abs=0.1) and found.longitude == pytest.approx(90.4, abs=0.1)


def test_articles_that_disagree_give_the_majority_and_keep_the_rest(
    ledger: Ledger, stories: dict[str, str]
) -> None:
    assert stories["prot-1"] == stories["prot-2"] == stories["riot-1"] == stories["riot-1b"] == stories["riot-1c"]
    copies = {a["item_source"] for a in ledger.store.links.story_articles(stories["prot-1"]) if a["copy_of"]}
    assert copies == {"riot-1b", "riot-1c"}  # three riot reports in all, but one original
    reported = main_events(ledger, stories["prot-1"])
    assert sorted(e.type for e in reported) == ["Protests", "Protests", "Riots"]
    found = story_event(ledger.store, stories["prot-1"])
    assert found.event_type == "Protests"
    assert found.sub_event_type == next(e.sub_type for e in reported if e.type == "Protests")
    (riot,) = [e for e in reported if e.type == "Riots"]
    assert found.other_types == [f"Riots / {riot.sub_type} (1 article)"]
    assert found.other_types[0] in found.notes
    assert found.location == "Nairobi"


def test_a_story_without_any_event_has_no_type_at_all(ledger: Ledger, stories: dict[str, str]) -> None:
    assert main_events(ledger, stories["quiet-1"]) == []
    found = story_event(ledger.store, stories["quiet-1"])
    assert (found.event_type, found.sub_event_type, found.other_types) == ("none", None, [])
    assert found.actor1 is None and found.actor2 is None


# -- the ACLED CSV --------------------------------------------------------------------------------------------


def test_the_acled_header_keeps_the_old_columns_in_place_with_sub_event_type_last(acled_rows) -> None:
    header, _ = acled_rows
    assert header == ACLED_COLUMNS == [*OLD_COLUMNS, "sub_event_type"]


def test_only_stories_with_an_acled_event_have_a_row(acled_rows, ledger: Ledger, stories: dict[str, str]) -> None:
    _, rows = acled_rows
    by_story = {r["story"]: r for r in rows}
    assert len(by_story) == len(rows)
    for story_id in set(stories.values()):
        found = story_event(ledger.store, story_id)
        assert (story_id in by_story) == (found.event_type != "none"), found
    assert stories["fire-1"] not in by_story and stories["quiet-1"] not in by_story
    assert {stories["clash-1"], stories["prot-1"]} <= set(by_story)


def test_an_acled_row_carries_the_type_sub_type_actors_and_place(acled_rows, stories: dict[str, str]) -> None:
    _, rows = acled_rows
    (row,) = [r for r in rows if r["story"] == stories["clash-1"]]
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")
    assert "Military Forces of Nigeria" in (row["actor1"], row["actor2"])
    assert row["location"] == "Gajiram"
    assert row["fatalities"] == "12"
    assert row["source"].split("; ") == ["Lake Chad Courier", "Sahel Wire"]


# -- what a reader sees -------------------------------------------------------------------------------------


def test_the_story_command_shows_the_sub_type_or_that_there_is_no_acled_event(
    events_db: Path, stories: dict[str, str]
) -> None:
    runner = CliRunner()
    clash = run_cli(runner, "story", stories["clash-1"], "--db", str(events_db)).stdout
    assert "Battles / Armed clash" in clash
    fire = run_cli(runner, "story", stories["fire-1"], "--db", str(events_db)).stdout
    assert "no ACLED event (Man-made disaster)" in fire and "none," not in fire
    protest = " ".join(run_cli(runner, "story", stories["prot-1"], "--db", str(events_db)).stdout.split())
    assert "other articles report: Riots / " in protest


def test_the_story_page_shows_the_sub_type_or_that_there_is_no_acled_event(
    events_db: Path, stories: dict[str, str]
) -> None:
    import lxml.html
    from fastapi.testclient import TestClient

    from newsledger.serve import create_app

    def event_facts(story_id: str) -> str:
        response = client.get(f"/stories/{story_id}")
        assert response.status_code == 200
        section = lxml.html.fromstring(response.text).xpath("//section[@class='event']")[0]
        return " ".join(" ".join(section.itertext()).split())

    with TestClient(create_app(events_db)) as client:
        assert "type Battles sub-event type Armed clash" in event_facts(stories["clash-1"])
        assert "type no ACLED event (Man-made disaster)" in event_facts(stories["fire-1"])
        assert "other articles report Riots / " in event_facts(stories["prot-1"])


# -- the seed ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Event], list[dict[str, str]]]:
    """The seed's story events, by a word only that story's text has, and its ACLED rows."""
    if not SHARED_SEED.is_file():
        pytest.skip("../shared is absent")
    db = tmp_path_factory.mktemp("seed-events") / "seed.db"
    ingest(db, SHARED_SEED)
    out = io.StringIO()
    with Ledger(db, readonly=True) as opened:
        write_acled_csv(opened, out)
        store = opened.store
        by_word = {}
        for story_id in store.links.story_ids():
            text = " ".join(store.article_text(a["id"]).text for a in store.links.story_articles(story_id))
            for word in ("Kursk", "Airbus", "accused", "clinics", "fusion"):
                if word in text:
                    by_word[word] = story_event(store, story_id)
    return by_word, list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_seed_kursk_story_is_a_battle_between_north_korean_and_ukrainian_forces(seed_events) -> None:
    events, _ = seed_events
    kursk = events["Kursk"]
    assert kursk.event_type == "Battles"
    assert {kursk.actor1, kursk.actor2} == {"Military Forces of North Korea", "Military Forces of Ukraine"}
    assert kursk.location == "Kursk"


def test_the_seed_fire_court_case_clinics_and_fusion_facility_have_no_acled_row(seed_events) -> None:
    events, rows = seed_events
    assert len({e.story_id for e in events.values()}) == 5
    assert [r["story"] for r in rows] == [events["Kursk"].story_id]
    for word in ("Airbus", "accused", "clinics", "fusion"):
        assert events[word].event_type == "none", (word, events[word])
