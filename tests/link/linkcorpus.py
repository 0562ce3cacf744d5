"""A small hand-written news corpus for the link stage, ingested once per session.

Not a conftest (a second ``conftest`` module would shadow ``tests/conftest.py`` for
the tests that ``from conftest import``): test modules import the fixtures they use
from here. The session fixtures cache their result in this module, so the corpus
is ingested once however many modules import them.

Every article below was written for these tests. The corpus opens with eight
unrelated background reports (a ledger always holds other news; document
frequencies need a few articles to mean anything), then:

* ``gb-1``, ``gb-2``: one double shooting on Ash Street in Goldsboro, N.C.,
  reported a day apart by two outlets in different words (victims Marcus
  Bellamy and Terrence Odom, suspect Darnell Whitfield);
* ``w-1``, ``w-2``: one wire text about an earthquake in Chile, carried by two
  outlets (different ``outlet``, same text): ``w-2`` is a copy of ``w-1``;
* ``kn-1``: a look-alike double shooting in Kinston a week later (other
  victims, other street): another story;
* ``kb-1``, ``kb-2``: John Kirby on aid to Ukraine, then a follow-up the next
  day that calls him "Kirby" only;
* ``sp-1``: a basketball report where a player called "Kirby" scores;
* ``irc-1``, ``irc-2``: "International Rescue Committee (IRC)" in Sudan, then
  "the IRC" on Gaza a week later;
* ``pa-tx``: a tornado in Paris, Texas; ``pa-fr``: a transit strike in Paris,
  France; ``dc-1``: a budget vote "in Washington";
* ``gb-3``: three weeks after the shooting, the arrest of Darnell Whitfield in
  the March 9 killings of Bellamy and Odom: joins the Goldsboro story;
* ``nodate``: an article with no date anywhere.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_ledger

BACKGROUND = [
    ("City council approves new budget",
     "The Raleigh city council voted 6-2 on Tuesday to approve a budget of $1.2 billion that raises spending on "
     "parks and road repairs. Mayor Janet Cowell said the plan keeps property taxes flat for a third year."),
    ("Storm knocks out power to thousands",
     "A line of thunderstorms knocked out power to about 40,000 homes across central Ohio on Wednesday, Ohio "
     "Edison said. Crews expected to restore most service by Thursday evening."),
    ("Hurricanes beat Rangers in overtime",
     "Sebastian Aho scored 2:14 into overtime as the Carolina Hurricanes beat the New York Rangers 3-2 on Friday "
     "night. Frederik Andersen made 31 saves for Carolina."),
    ("Factory to add 500 jobs",
     "Toyota will add 500 jobs at its battery plant near Liberty, the company said on Monday, as demand for "
     "hybrid vehicles grows. Production of the new cells is due to start next year."),
    ("Library reopens after renovation",
     "The main library in Durham reopened on Saturday after a two-year renovation that added a rooftop terrace "
     "and a makerspace. Librarian Tammy Baggett said more than 3,000 visitors came on the first day."),
    ("Wildfire forces evacuations in Colorado",
     "A wildfire driven by strong winds forced the evacuation of about 2,000 residents near Boulder, Colorado, on "
     "Thursday. Firefighters said the blaze had burned 1,500 acres and was 10 percent contained."),
    ("Farmers protest fuel prices in Brussels",
     "Thousands of farmers drove tractors into Brussels on Monday to protest fuel prices and environmental rules, "
     "blocking roads around the European Parliament. Police used water cannon to disperse some protesters."),
    ("Scientists map deep ocean trench",
     "Researchers from the University of Tokyo have mapped the floor of the Izu-Ogasawara Trench in "
     "unprecedented detail using autonomous submarines, the team said in the journal Nature. The survey found "
     "new hydrothermal vents."),
]


def record(rid: str, published: str | None, title: str, text: str, outlet: str = "Various") -> dict[str, Any]:
    found: dict[str, Any] = {"id": rid, "outlet": outlet, "title": title, "text": text}
    if published:
        found["published"] = published
    return found


BG = [record(f"bg-{i}", f"2024-02-{10 + i:02d}", title, text) for i, (title, text) in enumerate(BACKGROUND)]

GB1 = record(
    "gb-1", "2024-03-10", "Two men shot dead outside Goldsboro store",
    "Two men were shot and killed late Saturday outside a convenience store on Ash Street in Goldsboro, police "
    "said. Goldsboro police identified the victims as Marcus Bellamy, 24, and Terrence Odom, 31. Officers found "
    "both men with gunshot wounds in the parking lot of the Quick Stop market shortly before 11 p.m. on Saturday. "
    "Police Chief Michael West said investigators were looking for Darnell Whitfield, 22, in connection with the "
    "killings. Anyone with information is asked to call Wayne County Crime Stoppers.",
    outlet="Goldsboro News-Argus")
GB2 = record(
    "gb-2", "2024-03-11", "Police name victims of Ash Street double homicide",
    "The two men killed in a shooting on Ash Street in Goldsboro on Saturday night have been named as Marcus "
    "Bellamy and Terrence Odom. Bellamy, 24, and Odom, 31, died at the scene near the Quick Stop market, "
    "according to Goldsboro police. Chief Michael West told reporters on Sunday that detectives want to speak "
    "with Darnell Whitfield. Relatives of Bellamy gathered outside the store on Sunday afternoon.",
    outlet="WRAL")
WIRE = ("A magnitude 5.1 earthquake shook the coast of Chile on Tuesday morning, the national seismology center "
        "said. There were no immediate reports of damage or injuries, and the navy said there was no risk of a "
        "tsunami. Residents of the port city said the shaking lasted about twenty seconds and knocked items from "
        "shelves. Chile sits on the Pacific Ring of Fire and is one of the most seismically active countries in "
        "the world.")
W1 = record("w-1", "2024-03-12", "Earthquake shakes Chilean coast", WIRE, outlet="Associated Press")
W2 = record("w-2", "2024-03-12", "Quake rattles Chile", WIRE, outlet="Daily Courier")
KN1 = record(
    "kn-1", "2024-03-17", "Two men shot dead outside Kinston store",
    "Two men were shot and killed late Saturday outside a gas station on Queen Street in Kinston, police said. "
    "Kinston police identified the victims as Jerome Tillman, 27, and Andre Pickett, 35. Officers found both men "
    "with gunshot wounds in the parking lot shortly before midnight on Saturday. Police Chief Keith Goyette said "
    "no arrests had been made. Anyone with information is asked to call Lenoir County Crime Stoppers.",
    outlet="Kinston Free Press")
KB1 = record(
    "kb-1", "2024-03-18", "US to send more air defense missiles to Ukraine",
    "The United States will send Ukraine another package of Patriot air defense missiles worth $300 million, "
    "National Security Council spokesman John Kirby said on Monday. John Kirby told reporters at the White House "
    "that the Patriot interceptors would ship from Pentagon stocks within weeks.",
    outlet="Capitol Wire")
KB2 = record(
    "kb-2", "2024-03-19", "Patriot missiles for Ukraine to ship within weeks",
    "The Patriot air defense missiles promised to Ukraine on Monday will leave Pentagon stocks within weeks, "
    "Kirby said on Tuesday. The $300 million package of Patriot interceptors is meant to protect Ukrainian "
    "cities from Russian missile attacks this spring, Kirby added.",
    outlet="Capitol Wire")
SP1 = record(
    "sp-1", "2024-03-20", "Seahawks rally past Tigers",
    "Kirby scored 18 points and grabbed nine rebounds as the Seahawks rallied past the Tigers 71-64 in the "
    "regional basketball final on Wednesday night. Kirby made four free throws in the last minute.",
    outlet="Coastal Sports Weekly")
IRC1 = record(
    "irc-1", "2024-03-21", "Aid group warns of famine in Darfur",
    "The International Rescue Committee (IRC) warned on Thursday that hundreds of thousands of people in "
    "Darfur face famine after a year of fighting in Sudan. The aid group said its clinics in El Fasher had run "
    "out of therapeutic food for malnourished children.",
    outlet="Relief Monitor")
PA_TX = record(
    "pa-tx", "2024-03-22", "Tornado damages homes in Paris",
    "A tornado tore through Paris on Friday afternoon, damaging dozens of homes and a middle school, the Lamar "
    "County sheriff said. Storms also downed power lines elsewhere in northeast Texas, and no injuries were "
    "reported in Paris.",
    outlet="Red River Herald")
PA_FR = record(
    "pa-fr", "2024-03-23", "Transit strike snarls Paris",
    "A strike by metro and train drivers brought much of the Paris transit network to a halt on Saturday, "
    "stranding commuters across the French capital. Unions across France are demanding higher wages before "
    "the summer.",
    outlet="Euro Desk")
DC1 = record(
    "dc-1", "2024-03-24", "Lawmakers clash over farm subsidies",
    "Lawmakers in Washington traded accusations on Sunday over a farm bill that would cut crop insurance "
    "subsidies, with negotiators saying a vote was unlikely before April.",
    outlet="Capitol Wire")
IRC2 = record(
    "irc-2", "2024-03-28", "Aid trucks wait at Rafah crossing",
    "Hundreds of aid trucks were waiting at the Rafah crossing into Gaza on Thursday, and the IRC said that "
    "medical supplies for hospitals in the south were running out. Egyptian officials said inspections were "
    "slowing the convoys.",
    outlet="Relief Monitor")
GB3 = record(
    "gb-3", "2024-04-02", "Suspect arrested in Ash Street killings",
    "Darnell Whitfield, 22, was arrested on Monday and charged with two counts of first-degree murder in the "
    "March 9 shooting deaths of Marcus Bellamy and Terrence Odom, Goldsboro police said. Bellamy and Odom were "
    "shot outside the Quick Stop market on Ash Street. Whitfield is being held without bond at the Wayne County "
    "jail, Chief Michael West said.",
    outlet="Goldsboro News-Argus")
NODATE = record(
    "nodate", None, "Volunteers clean up river banks",
    "Volunteers collected more than two tons of rubbish from the banks of the Neuse River, organisers said. "
    "The clean-up drew students, anglers and kayakers.",
    outlet="Riverkeeper Newsletter")

CORPUS = BG + [GB1, GB2, W1, W2, KN1, KB1, KB2, SP1, IRC1, PA_TX, PA_FR, DC1, IRC2, GB3, NODATE]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def ingest(db: Path, *paths: Path, **options: Any) -> Any:
    from newsledger.ledger import Ledger

    with Ledger(db) as ledger:
        report = ledger.ingest([str(p) for p in paths], **options)
    assert not report.errors, report.errors
    return report


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


def story_of(conn: sqlite3.Connection) -> dict[str, str]:
    """JSONL id -> story id."""
    return {row[0]: row[1] for row in conn.execute(
        "SELECT i.source, s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "JOIN items i ON i.id = a.item_id")}


def article_of(conn: sqlite3.Connection) -> dict[str, str]:
    """JSONL id -> article id."""
    return {row[0]: row[1] for row in conn.execute(
        "SELECT i.source, a.id FROM articles a JOIN items i ON i.id = a.item_id")}


def link_rows(conn: sqlite3.Connection) -> list[tuple]:
    """What linking decided, article by article (created_at left out: it is the clock)."""
    return [tuple(r) for r in conn.execute(
        "SELECT article_id, story_id, copy_of, matched, score, day, event_days, linked FROM story_articles "
        "ORDER BY linked")]


copy_db = copy_ledger  # the link tests' name for it


_BUILT: dict[str, Path] = {}


@pytest.fixture(scope="session")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "file" not in _BUILT:
        _BUILT["file"] = write_jsonl(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", CORPUS)
    return _BUILT["file"]


@pytest.fixture(scope="session")
def corpus_db(corpus_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, ingested and linked once per session. Treat it as read-only."""
    if "db" not in _BUILT:
        db = tmp_path_factory.mktemp("corpus-db") / "corpus.db"
        ingest(db, corpus_file)
        _BUILT["db"] = db
    return _BUILT["db"]


@pytest.fixture
def corpus_conn(corpus_db: Path):
    conn = connect(corpus_db)
    yield conn
    conn.close()


@pytest.fixture
def corpus_ledger(corpus_db: Path):
    """The corpus ledger opened read-only: ``corpus_ledger.store`` for the link functions, which take a store."""
    from newsledger.ledger import Ledger

    ledger = Ledger(corpus_db, readonly=True)
    yield ledger
    ledger.close()


@pytest.fixture
def corpus_copy(corpus_db: Path, tmp_path: Path) -> Path:
    return copy_db(corpus_db, tmp_path / "corpus-copy.db")
