"""Issue 21, events: an article's events are stored, read back and exported as the pipeline found them.

Hand-written articles are ingested into a ledger through ``Ledger.ingest``; what ``records()`` gives
back is compared field by field with what the pipeline finds in the same items; the JSONL export
validates against the JSON Schema ``newsledger schema`` prints; a version-7 ledger (made by
ingesting, then dropping the events table) opens as version 8 with nothing lost.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import copy_ledger, export_records, run_cli, table_counts
from newsledger.extract.events import event_id
from newsledger.extract.events.table import SCHEMA
from newsledger.ingest import read_paths
from newsledger.ledger import Ledger
from newsledger.model import Item
from newsledger.pipeline import Pipeline
from newsledger.records import EXPORT_SCHEMA_VERSION
from newsledger.store.metadata import describe
from newsledger.store.schema import SCHEMA_VERSION

LINES = [
    {
        "id": "air-strike",
        "title": "Air strike hits village",
        "published": "2024-03-05",
        "text": "An air strike killed nine civilians in the village of Kukawa on Monday, local officials said. "
        "The dead included four children. Residents said the jets came at dawn. In the capital, police fired "
        "tear gas at students protesting against the war.",
    },
    {
        "id": "headline-only",
        "title": "Rebels clash with troops near border",
        "published": "2024-03-05",
        "text": "The town lies about forty kilometres from the capital and has a population of twelve thousand.",
    },
    {
        "id": "quake",
        "published": "2024-03-05",
        "text": "A strong earthquake shook the coastal city of Durres on Tuesday, damaging dozens of houses.",
    },
    {
        "id": "quiet",
        "published": "2024-03-05",
        "text": "The museum will extend its opening hours in summer, the city council said.",
    },
]
FIELDS = ("type", "sub_type", "actor1", "actor2", "location", "date", "time_precision", "fatalities", "confidence")


def write_jsonl(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def ingest(db: Path, source: Path) -> None:
    with Ledger(db) as ledger:
        assert ledger.ingest([str(source)]).errors == []


def event_rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT * FROM events ORDER BY article_id, seq").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("events") / "articles.jsonl", LINES)


@pytest.fixture(scope="module")
def ledger_db(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger of LINES, ingested once. Treat it as read-only."""
    db = tmp_path_factory.mktemp("events-db") / "ledger.db"
    ingest(db, source)
    return db


def fresh_copy(db: Path, tmp_path: Path) -> Path:
    return copy_ledger(db, tmp_path / "copy.db")


# -- stored and read back ---------------------------------------------------------------------------------------


def test_the_stored_events_are_the_ones_the_pipeline_finds(source: Path, ledger_db: Path) -> None:
    items = [i for i in read_paths([str(source)]) if isinstance(i, Item)]
    expected = {}
    for result in Pipeline().run(items):
        (facts,) = result.facts
        expected[result.item.source] = [
            (
                *(getattr(e.kind, f) if f in ("type", "sub_type") else getattr(e, f) for f in FIELDS),
                e.trigger,
            )
            for e in facts.found["events"]
        ]
    with Ledger(ledger_db, readonly=True) as ledger:
        stored = {
            record.item: [
                (
                    *(getattr(e, f) for f in FIELDS),
                    None if e.trigger is None else (e.trigger.start, e.trigger.end, e.trigger.text),
                )
                for e in record.events
            ]
            for record in ledger.records()
        }
    assert stored == expected
    assert sorted(key for key, events in stored.items() if not events) == ["quiet"]


def test_the_main_event_comes_first_and_its_trigger_points_into_the_item(ledger_db: Path) -> None:
    with Ledger(ledger_db, readonly=True) as ledger:
        records = {r.item: r for r in ledger.records()}
        strike = records["air-strike"]
        assert [(e.type, e.sub_type) for e in strike.events] == [
            ("Explosions/Remote violence", "Air/drone strike"),  # the lede's, though the tear gas is a stronger cue
            ("Protests", "Excessive force against protesters"),
        ]
        main = strike.events[0]
        assert main.trigger is not None
        assert ledger.item_text(strike.id)[main.trigger.start : main.trigger.end] == main.trigger.text
        assert (main.fatalities, main.date, main.location) == (9, "2024-03-04", "Kukawa")


def test_a_headline_only_event_is_stored_without_offsets(ledger_db: Path) -> None:
    with Ledger(ledger_db, readonly=True) as ledger:
        (record,) = [r for r in ledger.records() if r.item == "headline-only"]
    assert (record.events[0].type, record.events[0].sub_type, record.events[0].trigger) == (
        "Battles",
        "Armed clash",
        None,
    )
    conn = sqlite3.connect(ledger_db)
    try:
        row = conn.execute('SELECT start, "end", text FROM events WHERE article_id = ? AND seq = 0', (record.id,))
        assert row.fetchone() == (None, None, None)
    finally:
        conn.close()


def test_event_ids_are_the_article_seq_and_sub_type(ledger_db: Path) -> None:
    rows = event_rows(ledger_db)
    assert rows
    conn = sqlite3.connect(ledger_db)
    try:
        for event, article_id, seq, sub_type in conn.execute("SELECT id, article_id, seq, sub_type FROM events"):
            assert event == event_id(article_id, seq, sub_type)
        seqs = conn.execute("SELECT article_id, group_concat(seq) FROM events GROUP BY article_id").fetchall()
    finally:
        conn.close()
    assert all(sorted(map(int, s.split(","))) == list(range(len(s.split(",")))) for _, s in seqs)


def test_ingesting_the_same_articles_again_changes_no_event(source: Path, ledger_db: Path, tmp_path: Path) -> None:
    db = fresh_copy(ledger_db, tmp_path)
    before = event_rows(db)
    ingest(db, source)
    assert event_rows(db) == before
    # the same articles under another file name: the same articles, the same events
    ingest(db, write_jsonl(tmp_path / "again.jsonl", LINES))
    assert event_rows(db) == before


# -- exported -------------------------------------------------------------------------------------------------


def test_the_jsonl_export_validates_against_the_printed_schema(ledger_db: Path) -> None:
    runner = CliRunner()
    schema = json.loads(run_cli(runner, "schema").stdout)
    assert "events" in schema["properties"]
    records = export_records(runner, ledger_db)
    assert len(records) == len(LINES)
    validator = jsonschema.Draft202012Validator(schema)
    for record in records:
        assert list(validator.iter_errors(record)) == []
        assert record["schema_version"] == EXPORT_SCHEMA_VERSION == "1.4"
    by_item = {r["item"]: r for r in records}
    assert by_item["quiet"]["events"] == []
    assert by_item["quake"]["events"][0]["type"] == "none"
    assert by_item["quake"]["events"][0]["sub_type"] == "Natural disaster"
    assert by_item["headline-only"]["events"][0]["trigger"] is None


def test_the_schema_refuses_an_event_without_its_type(ledger_db: Path) -> None:
    """The schema holds the events to their fields: a record whose event lost ``type`` does not validate."""
    runner = CliRunner()
    schema = json.loads(run_cli(runner, "schema").stdout)
    (record,) = [r for r in export_records(runner, ledger_db) if r["item"] == "quake"]
    del record["events"][0]["type"]
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(record)) != []


# -- the table ----------------------------------------------------------------------------------------------


def test_every_column_of_the_events_table_carries_a_comment(ledger_db: Path) -> None:
    conn = sqlite3.connect(ledger_db)
    try:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(events)")]
    finally:
        conn.close()
    described = describe(SCHEMA)["events"]
    assert described["description"].strip()
    assert columns and list(described["columns"]) == columns
    assert [c for c in columns if not described["columns"][c].strip()] == []


# -- a version-7 ledger --------------------------------------------------------------------------------------


def made_at_version_7(db: Path, source: Path) -> dict[str, int]:
    """A ledger of ``source`` as version 7 laid it out (no events table); the rows of every table it keeps."""
    ingest(db, source)
    conn = sqlite3.connect(db)
    try:
        conn.execute("DROP TABLE events")
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
        conn.commit()
    finally:
        conn.close()
    return table_counts(db)


def test_a_version_7_ledger_opens_as_version_8_with_nothing_lost(source: Path, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    before = made_at_version_7(db, source)
    with Ledger(db) as ledger:
        records = list(ledger.records())
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (SCHEMA_VERSION,)
        assert SCHEMA_VERSION == "8"
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)
    finally:
        conn.close()
    after = table_counts(db)
    assert {name: after[name] for name in before} == before
    assert len(records) == len(LINES) and all(r.events == [] for r in records)
    exported = export_records(CliRunner(), db)
    assert [r["events"] for r in exported] == [[]] * len(LINES)


def test_an_upgraded_ledger_gives_events_to_what_is_ingested_next(source: Path, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    made_at_version_7(db, source)
    line = {"id": "new", "published": "2024-03-05", "text": "Police arrested four suspects in Mombasa on Friday."}
    ingest(db, write_jsonl(tmp_path / "new.jsonl", [line]))
    with Ledger(db, readonly=True) as ledger:
        events = {r.item: [(e.type, e.sub_type) for e in r.events] for r in ledger.records()}
    assert events.pop("new")[0] == ("Strategic developments", "Arrests")
    assert events and all(v == [] for v in events.values())


def test_a_version_7_ledger_reads_as_it_is_without_events(source: Path, tmp_path: Path) -> None:
    """Versions 4 to 8 are read without upgrading (READABLE_FROM): an old ledger's articles have no events."""
    db = tmp_path / "ledger.db"
    made_at_version_7(db, source)
    with Ledger(db, readonly=True) as ledger:
        assert [r.events for r in ledger.records()] == [[]] * len(LINES)
