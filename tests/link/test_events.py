"""One event per story, and the ACLED-style CSV (``linkcorpus.CORPUS``)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from linkcorpus import CORPUS, corpus_conn, corpus_db, corpus_file, corpus_ledger, story_of
from newsledger.export import ACLED_COLUMNS, cell, write_acled_csv
from newsledger.ledger import Ledger
from newsledger.link.compare import story_casualties
from newsledger.link.events import event_kind_text, story_event
from newsledger.records import Event

HEADER = ["event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude", "fatalities",
          "source", "notes", "story", "time_precision", "sub_event_type"]


@pytest.fixture
def acled(corpus_ledger: Ledger) -> tuple[int, list[dict[str, str]], list[str]]:
    out = io.StringIO()
    written = write_acled_csv(corpus_ledger, out)
    text = out.getvalue()
    header = next(csv.reader(io.StringIO(text)))
    return written, list(csv.DictReader(io.StringIO(text))), header


def test_acled_header_is_exact(acled) -> None:
    _, _, header = acled
    assert header == HEADER
    assert ACLED_COLUMNS == HEADER


def main_event_types(ledger: Ledger, story_id: str) -> list[tuple[str, str]]:
    """(type, sub-type) of the main event of each original article of a story that reports one."""
    store = ledger.store
    found = []
    for article in store.links.story_articles(story_id, copies=False):
        events = store.facts(store.article_text(article["id"]), ("events",))["events"]
        if events:
            found.append((events[0].type, events[0].sub_type))
    return found


def test_one_row_per_story_with_an_acled_event(acled, corpus_conn: sqlite3.Connection,
                                               corpus_ledger: Ledger) -> None:
    written, rows, _ = acled
    stories = set(story_of(corpus_conn).values())
    acled_stories = {s for s in stories if story_event(corpus_ledger.store, s).event_type != "none"}
    assert written == len(rows) == len(acled_stories)
    assert sorted(r["story"] for r in rows) == sorted(acled_stories)
    assert acled_stories < stories  # the earthquake, the tornado and the background news are no ACLED events


def test_rows_are_ordered_by_first_day(acled, corpus_conn: sqlite3.Connection) -> None:
    _, rows, _ = acled
    first_days = [corpus_conn.execute("SELECT first_day FROM stories WHERE id = ?", (r["story"],)).fetchone()[0]
                  for r in rows]
    assert first_days == sorted(first_days, key=lambda d: d or "")


def test_shooting_story_row(acled, corpus_conn: sqlite3.Connection, corpus_ledger: Ledger) -> None:
    _, rows, _ = acled
    story = story_of(corpus_conn)["gb-1"]
    (row,) = [r for r in rows if r["story"] == story]
    reported = main_event_types(corpus_ledger, story)
    assert reported.count(("Violence against civilians", "Attack")) == 2  # the two reports of the shooting
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert row["event_date"] == "2024-03-09"  # "late Saturday", the day before the first report
    assert row["time_precision"] == "1"
    # the reports place it on Ash Street, which has no point: the town it is in keeps the row on the map
    assert row["location"] == "Goldsboro"
    assert abs(float(row["latitude"]) - 35.38) < 0.1 and abs(float(row["longitude"]) + 77.99) < 0.1
    assert row["fatalities"] == "2"
    assert row["source"].split("; ") == ["Goldsboro News-Argus", "WRAL"]  # each outlet once, in linking order
    assert row["notes"].startswith("Two men shot dead outside Goldsboro store")
    # the arrest three weeks later is the third article's main event: kept, not the story's type
    others = [event_kind_text(t, s) for t, s in reported if (t, s) != ("Violence against civilians", "Attack")]
    assert story_event(corpus_ledger.store, story).other_types == [f"{o} (1 article)" for o in others]
    assert all(o in row["notes"] for o in others)


def test_look_alike_shooting_has_its_own_event(corpus_conn: sqlite3.Connection, corpus_ledger: Ledger) -> None:
    stories = story_of(corpus_conn)
    assert stories["kn-1"] != stories["gb-1"]
    event = story_event(corpus_ledger.store, stories["kn-1"])
    (reported,) = main_event_types(corpus_ledger, stories["kn-1"])
    assert (event.event_type, event.sub_event_type) == reported  # one article: its main event is the story's
    assert event.location != story_event(corpus_ledger.store, stories["gb-1"]).location
    assert event.fatalities == 2
    assert event.event_date == "2024-03-16"


def test_fatalities_are_the_story_killed_estimate(acled, corpus_ledger: Ledger) -> None:
    _, rows, _ = acled
    events = list(corpus_ledger.events())
    assert {event.fatalities for event in events} == {0, 2}  # the two shootings; nobody died in the rest
    for event in events:
        killed = story_casualties(corpus_ledger.store, event.story_id).get("killed")
        expected = int(killed.best) if killed and killed.best is not None else 0
        assert event.fatalities == expected, event
    for row in rows:
        assert int(row["fatalities"]) == next(e.fatalities for e in events if e.story_id == row["story"])


def test_story_without_deaths_has_zero_fatalities(corpus_conn: sqlite3.Connection, corpus_ledger: Ledger) -> None:
    event = story_event(corpus_ledger.store, story_of(corpus_conn)["pa-fr"])
    assert event.fatalities == 0
    assert event.event_type != "Violence against civilians"


def test_copies_are_one_event_with_both_outlets(corpus_conn: sqlite3.Connection, corpus_ledger: Ledger) -> None:
    event = story_event(corpus_ledger.store, story_of(corpus_conn)["w-1"])
    assert event.sources == ["Associated Press", "Daily Courier"]
    assert event.notes == "Earthquake shakes Chilean coast"  # the first article's title


def test_farmers_protest_takes_its_article_main_event(corpus_conn: sqlite3.Connection,
                                                      corpus_ledger: Ledger) -> None:
    story = story_of(corpus_conn)["bg-6"]
    event = story_event(corpus_ledger.store, story)
    (reported,) = main_event_types(corpus_ledger, story)
    assert (event.event_type, event.sub_event_type) == reported
    assert event.event_type in ("Protests", "Riots")
    assert event.location == "Brussels"
    assert event.latitude == pytest.approx(50.85, abs=0.05)


def test_event_without_a_place_or_date_leaves_them_empty(acled, corpus_conn: sqlite3.Connection,
                                                         corpus_ledger: Ledger) -> None:
    _, rows, _ = acled
    story = story_of(corpus_conn)["nodate"]
    event = story_event(corpus_ledger.store, story)
    assert event.event_date is None and event.time_precision is None
    assert event.latitude is None and event.longitude is None
    assert event.fatalities == 0
    assert (event.event_type, event.sub_event_type) == ("none", None)  # a clean-up is no event
    assert story not in {r["story"] for r in rows}


def test_place_only_a_country_has_no_coordinates_but_a_location(corpus_conn: sqlite3.Connection,
                                                                corpus_ledger: Ledger) -> None:
    event = story_event(corpus_ledger.store, story_of(corpus_conn)["w-1"])
    assert event.location == "Chile"
    assert event.latitude is None and event.longitude is None


def test_acled_export_from_the_cli_is_the_same(corpus_db: Path, acled) -> None:
    from click.testing import CliRunner

    from newsledger.cli import main

    result = CliRunner().invoke(main, ["export", "--db", str(corpus_db), "--format", "acled"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == acled[1]
    assert len(rows) == len({r["story"] for r in rows})
    assert len(CORPUS) > len(rows)


def test_acled_text_cells_cannot_run_as_formulas() -> None:
    assert cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell("+1") == "'+1" and cell("-1") == "'-1"
    assert cell("Goldsboro") == "Goldsboro"
    assert cell(None) == ""


def _one_story_event(tmp_path: Path, text: str, published: str) -> Event:
    """Ingest one article through the CLI and return the event of its story."""
    from click.testing import CliRunner

    from newsledger.cli import main

    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"id": "one", "title": "Shooting", "published": published, "text": text}) + "\n",
                      encoding="utf-8")
    db = tmp_path / "one.db"
    result = CliRunner().invoke(main, ["ingest", str(source), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    with Ledger(db, readonly=True) as ledger:
        (story_id,) = ledger.store.conn.execute("SELECT id FROM stories").fetchone()
        return story_event(ledger.store, story_id)


def test_event_dated_only_to_a_weekend_is_its_saturday_with_week_precision(tmp_path: Path) -> None:
    text = "Two men were shot dead at the weekend outside a store on Ash Street in Goldsboro, police said."
    event = _one_story_event(tmp_path, text, "2024-03-12")  # a Tuesday: the weekend before is 9-10 March
    assert (event.event_date, event.time_precision) == ("2024-03-09", 2)


def test_event_dated_to_nothing_takes_the_report_day_with_the_loosest_precision(tmp_path: Path) -> None:
    text = "Two men were shot dead outside a store on Ash Street in Goldsboro, police said."
    event = _one_story_event(tmp_path, text, "2024-03-12")
    assert (event.event_date, event.time_precision) == ("2024-03-12", 3)
