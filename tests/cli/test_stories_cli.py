"""Stories on the command line: stories, story ID [--json], entity NAME, export --format acled, JSONL links.

The ledger holds the seed (the bundled copy samples/seed-dump.txt, published
2024-12-18: five articles, five stories) and one short wire text written for
this test, carried by two outlets (one story, the second a copy).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import export_records, run_cli as run, table_rows

SEED_SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "seed-dump.txt"
STORY_CELL = re.compile(r"^s[0-9a-f]{15}$")
WIRE = ("Firefighters contained a blaze that destroyed a grain warehouse in Genoa, Italy, on Thursday, the regional "
        "fire service said. Nobody was hurt, and the cause of the fire at the harbour terminal was under "
        "investigation, the service said.")


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsledger.ledger import Ledger

    folder = tmp_path_factory.mktemp("stories-cli")
    wire = folder / "wire.jsonl"
    wire.write_text("".join(json.dumps({"id": rid, "outlet": outlet, "published": "2024-12-19",
                                        "title": "Fire destroys grain warehouse in Genoa", "text": WIRE}) + "\n"
                            for rid, outlet in (("wire-1", "Reuters"), ("wire-2", "Adriatic Daily"))),
                    encoding="utf-8")
    db = folder / "ledger.db"
    with Ledger(db) as ledger:
        assert not ledger.ingest([str(SEED_SAMPLE)], published="2024-12-18").errors
        assert not ledger.ingest([str(wire)]).errors
    return db


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def first_story(db: Path) -> str:
    return query(db, "SELECT s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id "
                     "JOIN items i ON i.id = a.item_id WHERE i.format = 'text' AND a.seq = 0")[0][0]


def wire_story(db: Path) -> str:
    return query(db, "SELECT s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id "
                     "JOIN items i ON i.id = a.item_id WHERE i.source = 'wire-1'")[0][0]


def unique_prefix(db: Path, story_id: str) -> str:
    ids = [r[0] for r in query(db, "SELECT id FROM stories")]
    for n in range(2, len(story_id) + 1):
        if sum(1 for i in ids if i.startswith(story_id[:n])) == 1:
            return story_id[:n]
    return story_id


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# -- help ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["stories"], ["story"], ["entity"], ["eval", "stories"]])
def test_every_new_command_has_help_with_an_example(runner: CliRunner, command: list[str]) -> None:
    result = run(runner, *command, "--help")
    assert "Example" in result.output
    assert f"newsledger {' '.join(command)}" in result.output or command[-1] in result.output


def test_main_help_lists_the_new_commands(runner: CliRunner) -> None:
    result = run(runner, "--help")
    for command in ("stories", "story", "entity"):
        assert re.search(rf"^\s+{command}\b", result.output, re.M), command


# -- stories ----------------------------------------------------------------------------------------------


def test_stories_lists_every_story(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "stories", "--db", str(ledger_db))
    rows = table_rows(result.stdout, STORY_CELL)
    expected = {r[0] for r in query(ledger_db, "SELECT id FROM stories")}
    assert len(expected) == 6
    assert {cells[0] for cells in rows} == expected
    assert "6 stories" in result.stdout
    (wire,) = [cells for cells in rows if cells[0] == wire_story(ledger_db)]
    assert wire[1] == "2 (1 copy)"
    assert wire[2] == "2024-12-19"
    assert rows[0][0] == wire_story(ledger_db)  # the largest first


def test_stories_min_articles(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "stories", "--db", str(ledger_db), "--min-articles", "2")
    rows = table_rows(result.stdout, STORY_CELL)
    assert [cells[0] for cells in rows] == [wire_story(ledger_db)]
    assert "1 story" in result.stdout


def test_stories_of_a_missing_db_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "stories", "--db", str(tmp_path / "nothing.db"), status=2)
    assert len(error_lines(result)) == 1


# -- story ------------------------------------------------------------------------------------------------


def test_story_by_prefix_shows_sources_side_by_side(runner: CliRunner, ledger_db: Path) -> None:
    story = first_story(ledger_db)
    result = run(runner, "story", unique_prefix(ledger_db, story), "--db", str(ledger_db))
    out = result.stdout
    assert f"story {story}" in out
    assert "about North Korean troops" in out
    for source in ("Pentagon", "John Kirby", "White House", "Institute for the Study of War"):
        assert source in out, source
    assert "about 30 killed_or_wounded" in out
    assert "no_figure" in out and "agrees" in out
    # the event line: the type and sub-type the article reports, its actors ACLED's way, not nationalities
    event_line = next(line for line in out.splitlines() if "actors:" in line)
    assert event_line.startswith("Battles / Armed clash, ")
    assert "Military Forces of North Korea" in event_line and "Military Forces of Ukraine" in event_line


def test_story_event_line_says_when_there_is_no_acled_event(runner: CliRunner, ledger_db: Path) -> None:
    for story in (r[0] for r in query(ledger_db, "SELECT id FROM stories")):
        event = json.loads(run(runner, "story", story, "--db", str(ledger_db), "--json").stdout)["event"]
        out = run(runner, "story", story, "--db", str(ledger_db)).stdout
        event_line = next(line for line in out.splitlines() if "actors:" in line)
        if event["event_type"] == "none":
            assert event_line.startswith(f"no ACLED event ({event['sub_event_type'] or 'no article reports one'}), ")
        else:
            assert event_line.startswith(f"{event['event_type']} / {event['sub_event_type']}, ")


def test_story_of_copies_lists_the_copy(runner: CliRunner, ledger_db: Path) -> None:
    story = wire_story(ledger_db)
    result = run(runner, "story", story, "--db", str(ledger_db))
    original = query(ledger_db, "SELECT a.id FROM articles a JOIN items i ON i.id = a.item_id "
                                "WHERE i.source = 'wire-1'")[0][0]
    assert original[:12] in result.stdout
    assert "Reuters" in result.stdout and "Adriatic Daily" in result.stdout
    assert "Genoa" in result.stdout


def test_story_json(runner: CliRunner, ledger_db: Path) -> None:
    story = first_story(ledger_db)
    result = run(runner, "story", story, "--db", str(ledger_db), "--json")
    record = json.loads(result.stdout)
    assert set(record) >= {"story", "event", "articles", "casualties", "lines"}
    assert record["story"] == story
    assert record["event"]["story_id"] == story
    assert len(record["articles"]) == 1
    assert record["articles"][0]["day"] == "2024-12-18"
    line = next(line for line in record["lines"] if "North Korean" in line["subject"])
    marks = {s["mark"] for s in line["statements"]}
    assert marks <= {"agrees", "conflicts", "supersedes", "superseded", "unsourced", "no_figure", "no_comment"}
    figures = {(s["category"], s["figure"]) for s in line["statements"]}
    assert ("killed_or_wounded", "about 30") in figures
    assert ("killed", "some") in figures
    some = next(s for s in line["statements"] if s["figure"] == "some")
    assert some["low"] == 1
    assert "missing" in record["casualties"]
    assert record["casualties"]["missing"]["best"] == 3


def test_story_json_is_strict_json(runner: CliRunner, ledger_db: Path) -> None:
    """The help pipes it to jq: no Infinity or NaN, which JSON does not have ("some" is 1 to no upper bound)."""
    result = run(runner, "story", first_story(ledger_db), "--db", str(ledger_db), "--json")

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    record = json.loads(result.stdout, parse_constant=refuse)
    line = next(line for line in record["lines"] if "North Korean" in line["subject"])
    some = next(s for s in line["statements"] if s["figure"] == "some")
    assert some["high"] is None


def test_story_json_of_copies(runner: CliRunner, ledger_db: Path) -> None:
    record = json.loads(run(runner, "story", wire_story(ledger_db), "--db", str(ledger_db), "--json").stdout)
    copies = [a for a in record["articles"] if a["copy_of"]]
    assert len(record["articles"]) == 2 and len(copies) == 1
    assert copies[0]["copy_of"] == record["articles"][0]["id"]
    assert record["event"]["sources"] == ["Reuters", "Adriatic Daily"]


def test_story_unknown_id_is_one_line(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "story", "szzzz", "--db", str(ledger_db), status=2)
    lines = error_lines(result)
    assert len(lines) == 1 and "szzzz" in lines[0]
    assert result.stdout == ""


def test_story_ambiguous_prefix_is_one_line(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "story", "s", "--db", str(ledger_db), status=2)
    lines = error_lines(result)
    assert len(lines) == 1 and "ambiguous" in lines[0]


def test_story_prefix_with_like_wildcards_is_literal(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "story", "s%", "--db", str(ledger_db), status=2)
    assert len(error_lines(result)) == 1


# -- entity -----------------------------------------------------------------------------------------------


def test_entity_found(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "entity", "Kirby", "--db", str(ledger_db))
    out = result.stdout
    assert "John Kirby (PERSON), 1 article(s)" in out
    assert "Kirby" in out.split("aliases:", 1)[1].splitlines()[0]
    assert f"story {first_story(ledger_db)}" in out
    assert "claim(s) by John Kirby" in out
    assert "taking casualties" in out


def test_entity_place_shows_where_and_ambiguity(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "entity", "Washington", "--db", str(ledger_db))
    out = " ".join(result.stdout.split())
    assert "Washington (PLACE)" in out
    assert "(city, US/DC)" in out
    assert "38.89" in out and "-77.03" in out
    assert "ambiguous" in out


def test_entity_by_alias(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "entity", "IRC", "--db", str(ledger_db))
    assert "International Rescue Committee (ORG)" in result.stdout


def test_entity_not_found_is_one_line_exit_1(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "entity", "Nobody Atall", "--db", str(ledger_db), status=1)
    lines = error_lines(result)
    assert len(lines) == 1
    assert "Nobody Atall" in lines[0]
    assert result.stdout == ""


def test_entity_name_with_like_wildcards_is_literal(runner: CliRunner, ledger_db: Path) -> None:
    run(runner, "entity", "%", "--db", str(ledger_db), status=1)
    run(runner, "entity", "_", "--db", str(ledger_db), status=1)


# -- exports ----------------------------------------------------------------------------------------------


def acled_stories(runner: CliRunner, db: Path) -> set[str]:
    """The stories whose event ACLED codes, as ``story --json`` gives them."""
    stories = [r[0] for r in query(db, "SELECT id FROM stories")]
    events = [json.loads(run(runner, "story", s, "--db", str(db), "--json").stdout)["event"] for s in stories]
    return {e["story_id"] for e in events if e["event_type"] != "none"}


def test_export_acled(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "export", "--db", str(ledger_db), "--format", "acled")
    text = result.stdout
    assert text.splitlines()[0] == ("event_date,event_type,actor1,actor2,location,latitude,longitude,fatalities,"
                                    "source,notes,story,time_precision,sub_event_type")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len({r["story"] for r in rows}) == len(rows)
    assert {r["story"] for r in rows} == acled_stories(runner, ledger_db)
    assert len(rows) < len(query(ledger_db, "SELECT id FROM stories"))  # the seed's fire, court case ... have none
    (kursk,) = [r for r in rows if r["story"] == first_story(ledger_db)]
    assert (kursk["event_type"], kursk["sub_event_type"]) == ("Battles", "Armed clash")
    assert kursk["location"] == "Kursk"


def test_story_event_of_copies_has_its_place_and_outlets(runner: CliRunner, ledger_db: Path) -> None:
    wire = json.loads(run(runner, "story", wire_story(ledger_db), "--db", str(ledger_db), "--json").stdout)["event"]
    assert wire["sources"] == ["Reuters", "Adriatic Daily"]
    assert wire["fatalities"] == 0
    assert wire["location"] == "Genoa"
    assert wire["latitude"] == pytest.approx(44.41, abs=0.1)
    assert wire["longitude"] == pytest.approx(8.93, abs=0.1)
    assert wire["event_date"] == "2024-12-19"


def test_export_acled_to_a_file(runner: CliRunner, ledger_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    run(runner, "export", "--db", str(ledger_db), "--format", "acled", "-o", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert {r["story"] for r in rows} == acled_stories(runner, ledger_db)


def test_export_acled_says_how_many_stories_it_left_out(runner: CliRunner, ledger_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    result = run(runner, "export", "--db", str(ledger_db), "--format", "acled", "-o", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    left_out = len(query(ledger_db, "SELECT id FROM stories")) - len(rows)
    assert left_out > 0
    assert f"{left_out} stor{'y' if left_out == 1 else 'ies'} with no ACLED event left out" in result.stderr
    assert "typed event" not in result.stderr  # this ledger's articles are typed


def test_export_acled_of_a_ledger_stored_before_events_says_why_it_is_empty(
    runner: CliRunner, ledger_db: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    old.write_bytes(ledger_db.read_bytes())
    conn = sqlite3.connect(old)
    with conn:
        conn.execute("DELETE FROM events")  # as a ledger upgraded from schema 7 holds its old articles
    conn.close()
    result = run(runner, "export", "--db", str(old), "--format", "acled")
    assert result.stdout.splitlines()[1:] == []
    assert "no article in this ledger has a typed event" in result.stderr
    assert "ingest the inputs into a new ledger" in result.stderr


def test_export_jsonl_has_story_copy_of_and_identity(runner: CliRunner, ledger_db: Path) -> None:
    records = export_records(runner, ledger_db)
    assert len(records) == 7
    stories = dict(query(ledger_db, "SELECT article_id, story_id FROM story_articles"))
    for record in records:
        assert record["story"] == stories[record["id"]]
        assert "copy_of" in record
        for entity in record["entities"]:
            assert entity["identity"] and entity["identity"].startswith("e")
    by_item = {r["item"]: r for r in records}
    assert by_item["wire-2"]["copy_of"] == by_item["wire-1"]["id"]
    assert by_item["wire-1"]["copy_of"] is None
    assert by_item["wire-1"]["story"] == by_item["wire-2"]["story"]
    seed = [r for r in records if r["item"] not in ("wire-1", "wire-2")]
    assert len({r["story"] for r in seed}) == 5 and all(r["copy_of"] is None for r in seed)
    kirby = {e["identity"] for r in seed for e in r["entities"] if "Kirby" in e["name"]}
    assert len(kirby) == 1


def test_export_csv_has_story_and_copy_of(runner: CliRunner, ledger_db: Path) -> None:
    result = run(runner, "export", "--db", str(ledger_db), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"story", "copy_of"} <= set(rows[0])
    by_item = {r["item"]: r for r in rows}
    assert by_item["wire-2"]["copy_of"] == by_item["wire-1"]["id"]
    assert by_item["wire-1"]["copy_of"] == ""
    assert all(STORY_CELL.match(r["story"]) for r in rows)
