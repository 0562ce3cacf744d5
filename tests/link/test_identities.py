"""Identities: one per real-world person, organisation and place across the ledger (``linkcorpus.CORPUS``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from linkcorpus import (article_of, connect, corpus_conn, corpus_copy, corpus_db, corpus_file, ingest, record,
                        story_of, write_jsonl)


def identities_of(conn: sqlite3.Connection, source: str, name: str,
                  types: tuple[str, ...] | None = None) -> list[sqlite3.Row]:
    """The identities the entities called ``name`` in the article with JSONL id ``source`` are tied to."""
    rows = conn.execute(
        "SELECT i.*, e.type AS entity_type FROM entities e JOIN articles a ON a.id = e.article_id "
        "JOIN items it ON it.id = a.item_id JOIN entity_identities ei ON ei.entity_id = e.id "
        "JOIN identities i ON i.id = ei.identity_id WHERE it.source = ? AND e.name = ?", (source, name)).fetchall()
    return [r for r in rows if types is None or r["entity_type"] in types]


def the_identity(conn: sqlite3.Connection, source: str, name: str,
                 types: tuple[str, ...] | None = None) -> sqlite3.Row:
    rows = identities_of(conn, source, name, types)
    assert len(rows) == 1, (source, name, [dict(r) for r in rows])
    return rows[0]


def test_every_entity_has_an_identity(corpus_conn: sqlite3.Connection) -> None:
    missing = corpus_conn.execute("SELECT count(*) FROM entities e WHERE NOT EXISTS "
                                  "(SELECT 1 FROM entity_identities ei WHERE ei.entity_id = e.id)").fetchone()[0]
    assert missing == 0
    # the story column is the article's story
    wrong = corpus_conn.execute("SELECT count(*) FROM entity_identities ei JOIN story_articles s "
                                "ON s.article_id = ei.article_id WHERE ei.story_id != s.story_id").fetchone()[0]
    assert wrong == 0


def test_identity_article_counts_are_distinct_articles(corpus_conn: sqlite3.Connection) -> None:
    for row in corpus_conn.execute("SELECT id, articles FROM identities"):
        n = corpus_conn.execute("SELECT count(DISTINCT article_id) FROM entity_identities WHERE identity_id = ?",
                                (row["id"],)).fetchone()[0]
        assert row["articles"] == n, dict(row)


# -- people ---------------------------------------------------------------------------------------------


def test_surname_in_a_follow_up_of_the_same_story_joins_the_full_name(corpus_conn: sqlite3.Connection) -> None:
    stories = story_of(corpus_conn)
    assert stories["kb-1"] == stories["kb-2"]  # the precondition: one story
    full = the_identity(corpus_conn, "kb-1", "John Kirby")
    lone = the_identity(corpus_conn, "kb-2", "Kirby")
    assert lone["id"] == full["id"]
    assert full["name"] == "John Kirby" and full["type"] == "PERSON"
    assert full["articles"] == 2
    assert "Kirby" in json.loads(full["aliases"])


def test_lone_surname_in_an_unrelated_story_does_not_join(corpus_conn: sqlite3.Connection) -> None:
    stories = story_of(corpus_conn)
    assert stories["sp-1"] != stories["kb-1"]
    john = the_identity(corpus_conn, "kb-1", "John Kirby")
    player = identities_of(corpus_conn, "sp-1", "Kirby")
    assert player, "the basketball player is an entity"
    assert all(p["id"] != john["id"] for p in player)


def test_lone_surnames_in_two_unrelated_stories_do_not_join_each_other(corpus_copy: Path, tmp_path: Path) -> None:
    """The module's rule: "a lone surname only to a person of the same story who carries it ... since "Smith"
    across a corpus is many people". A baker called Kirby is not the basketball player called Kirby."""
    baker = record("ch-1", "2024-05-02", "New bakery opens on Main Street",
                   "Kirby opened her bakery on Main Street in Boone on Thursday after two years of selling bread at "
                   "the farmers market. Kirby said the sourdough sold out by noon.", outlet="Mountain Times")
    ingest(corpus_copy, write_jsonl(tmp_path / "baker.jsonl", [baker]))
    conn = connect(corpus_copy)
    try:
        stories = story_of(conn)
        assert stories["ch-1"] != stories["sp-1"]
        player = {r["id"] for r in identities_of(conn, "sp-1", "Kirby", ("PERSON",))}
        baker_ids = {r["id"] for r in identities_of(conn, "ch-1", "Kirby", ("PERSON",))}
        assert player and baker_ids
        assert not player & baker_ids
    finally:
        conn.close()


def test_full_names_join_across_stories(corpus_conn: sqlite3.Connection) -> None:
    """Darnell Whitfield in three articles, Michael West in three: one identity each."""
    for name, sources in (("Darnell Whitfield", ("gb-1", "gb-2", "gb-3")), ("Michael West", ("gb-1", "gb-2", "gb-3"))):
        ids = {the_identity(corpus_conn, s, name, ("PERSON",))["id"] for s in sources}
        assert len(ids) == 1, name


def test_surname_first_then_full_name_in_the_same_story_is_one_person(corpus_copy: Path, tmp_path: Path) -> None:
    """The reverse order: a story knows only "Haddad", then its next article names "Leila Haddad"."""
    first = record("wm-1", "2024-05-06", "Water main break floods Elm Street",
                   "A water main break flooded Elm Street in Wilmington on Monday, and Haddad said crews from the "
                   "Cape Fear Public Utility Authority would work through the night. Haddad said about 300 homes on "
                   "Elm Street had no water.", outlet="Port City Daily")
    second = record("wm-2", "2024-05-07", "Water restored to Elm Street homes",
                    "Crews from the Cape Fear Public Utility Authority restored water to about 300 homes on Elm "
                    "Street in Wilmington on Tuesday, Mayor Leila Haddad said. Leila Haddad thanked residents of "
                    "Elm Street for their patience after the water main break.", outlet="Port City Daily")
    ingest(corpus_copy, write_jsonl(tmp_path / "wm.jsonl", [first, second]))
    conn = connect(corpus_copy)
    try:
        stories = story_of(conn)
        assert stories["wm-1"] == stories["wm-2"]  # the precondition: one story
        full = the_identity(conn, "wm-2", "Leila Haddad", ("PERSON",))
        lone = identities_of(conn, "wm-1", "Haddad")
        assert lone and {r["id"] for r in lone} == {full["id"]}
        assert full["name"] == "Leila Haddad" and full["articles"] == 2
        assert conn.execute("SELECT count(*) FROM identities WHERE name = 'Haddad'").fetchone()[0] == 0
    finally:
        conn.close()


# -- organisations ----------------------------------------------------------------------------------------


def test_organisation_and_its_acronym_across_articles_are_one(corpus_conn: sqlite3.Connection) -> None:
    stories = story_of(corpus_conn)
    assert stories["irc-1"] != stories["irc-2"]  # Darfur and Gaza: two stories, still one organisation
    named = the_identity(corpus_conn, "irc-1", "International Rescue Committee")
    acronym = the_identity(corpus_conn, "irc-2", "IRC")
    assert acronym["id"] == named["id"]
    assert named["name"] == "International Rescue Committee"  # the longest name it goes by
    assert named["type"] == "ORG"
    assert named["articles"] == 2
    assert "IRC" in json.loads(named["aliases"])


def test_identity_keys_hold_the_name_and_the_acronym(corpus_conn: sqlite3.Connection) -> None:
    named = the_identity(corpus_conn, "irc-1", "International Rescue Committee")
    keys = {r[0] for r in corpus_conn.execute("SELECT key FROM identity_keys WHERE identity_id = ?", (named["id"],))}
    assert {"ORG:international rescue committee", "ORG:irc"} <= keys


# -- places -----------------------------------------------------------------------------------------------


def test_paris_with_texas_is_paris_texas(corpus_conn: sqlite3.Connection) -> None:
    paris = the_identity(corpus_conn, "pa-tx", "Paris")
    assert (paris["type"], paris["place_kind"], paris["country"], paris["admin1"]) == ("PLACE", "city", "US", "TX")
    assert paris["latitude"] == pytest.approx(33.66, abs=0.05)
    assert paris["longitude"] == pytest.approx(-95.55, abs=0.05)
    assert paris["candidates"] > 1  # a choice, and marked as one


def test_paris_with_france_is_paris_france(corpus_conn: sqlite3.Connection) -> None:
    paris = the_identity(corpus_conn, "pa-fr", "Paris")
    assert (paris["country"], paris["admin1"], paris["place_kind"]) == ("FR", None, "city")
    assert paris["latitude"] == pytest.approx(48.85, abs=0.05)
    assert paris["candidates"] > 1
    texas = the_identity(corpus_conn, "pa-tx", "Paris")
    assert texas["id"] != paris["id"]
    assert texas["geonameid"] != paris["geonameid"]


def test_washington_alone_is_the_us_capital(corpus_conn: sqlite3.Connection) -> None:
    washington = the_identity(corpus_conn, "dc-1", "Washington")
    assert (washington["country"], washington["admin1"], washington["place_kind"]) == ("US", "DC", "city")
    assert washington["latitude"] == pytest.approx(38.9, abs=0.05)
    assert washington["longitude"] == pytest.approx(-77.04, abs=0.05)
    assert washington["candidates"] > 1


def test_one_place_in_two_articles_is_one_identity(corpus_conn: sqlite3.Connection) -> None:
    """Goldsboro in gb-1 and gb-2: one GeoNames id, one identity, keyed by the id."""
    gb = {the_identity(corpus_conn, s, "Goldsboro", ("GPE",))["id"] for s in ("gb-1", "gb-2")}
    assert len(gb) == 1
    row = corpus_conn.execute("SELECT * FROM identities WHERE id = ?", (gb.pop(),)).fetchone()
    assert (row["country"], row["admin1"], row["candidates"]) == ("US", "NC", 1)
    keys = [r[0] for r in corpus_conn.execute("SELECT key FROM identity_keys WHERE identity_id = ?", (row["id"],))]
    assert keys == [f"PLACE:geo:{row['geonameid']}"]


def test_unresolved_place_keeps_its_name(corpus_conn: sqlite3.Connection) -> None:
    street = the_identity(corpus_conn, "gb-1", "Ash Street")
    assert street["type"] == "PLACE" and street["geonameid"] is None and street["latitude"] is None
    assert the_identity(corpus_conn, "gb-2", "Ash Street")["id"] == street["id"]


def test_export_carries_each_entity_identity(corpus_db: Path) -> None:
    import io

    from newsledger.export import write_jsonl as export_jsonl
    from newsledger.ledger import Ledger

    out = io.StringIO()
    with Ledger(corpus_db, readonly=True) as ledger:
        export_jsonl(ledger, out)
    records = {r["item"]: r for r in map(json.loads, out.getvalue().split("\n")[:-1])}
    conn = connect(corpus_db)
    try:
        for record_ in records.values():
            for entity in record_["entities"]:
                expected = conn.execute("SELECT identity_id FROM entity_identities WHERE entity_id = ?",
                                        (entity["id"],)).fetchone()[0]
                assert entity["identity"] == expected
        kirby = [e["identity"] for e in records["kb-1"]["entities"] if e["name"] == "John Kirby"]
        lone = [e["identity"] for e in records["kb-2"]["entities"] if e["name"] == "Kirby"]
        assert kirby and kirby == lone
        articles = article_of(conn)
        assert records["w-2"]["copy_of"] == articles["w-1"]
        assert records["w-1"]["copy_of"] is None
        assert records["w-2"]["story"] == records["w-1"]["story"] == story_of(conn)["w-1"]
    finally:
        conn.close()


def test_an_organisation_named_both_ways_stays_one_identity(corpus_copy: Path, tmp_path: Path) -> None:
    """Acronym in one article, full name in the next, both in a third, then each alone again: once the
    keys point to two identities, later mentions must not each make a new one."""
    texts = [
        ("fb-1", "Agents from the FBI searched a warehouse in Toledo on Monday, the agency said."),
        ("fb-2", "The Federal Bureau of Investigation opened an office in Dayton on Tuesday."),
        ("fb-3", "The Federal Bureau of Investigation (FBI) said on Wednesday it had arrested a man in Akron."),
        ("fb-4", "The FBI seized computers from a home in Canton on Thursday."),
        ("fb-5", "The Federal Bureau of Investigation asked witnesses in Lima to come forward on Friday."),
    ]
    records = [record(rid, f"2024-06-{10 + i:02d}", f"Report {i}", text) for i, (rid, text) in enumerate(texts)]
    ingest(corpus_copy, write_jsonl(tmp_path / "fbi.jsonl", records))
    conn = connect(corpus_copy)
    try:
        acronym = {rid: [r["id"] for r in identities_of(conn, rid, "FBI")] for rid, _ in texts}
        named = {rid: [r["id"] for r in identities_of(conn, rid, "Federal Bureau of Investigation")]
                 for rid, _ in texts}
        # fb-1 and fb-2 share no key when they are linked: two identities, and no more after that
        (first,), (second,) = acronym["fb-1"], named["fb-2"]
        assert first != second
        assert acronym["fb-4"] == [first] and named["fb-5"] == [second]  # each alone again: no new identity
        found = {i for ids in [*acronym.values(), *named.values()] for i in ids}
        assert found == {first, second}
    finally:
        conn.close()
