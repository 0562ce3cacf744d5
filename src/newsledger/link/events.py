"""One event record per story, and its ACLED-style CSV row.

The record is read from what the story's articles hold, and each field says
where it came from so a coder can check it:

- date: the earliest day the articles date their casualties or ledes to
  (ACLED's time_precision 1), else the first day of the earliest week or
  weekend they give ("at the weekend": 2), else of the earliest month, else
  the first article's date (3: the event was no later);
- place: the gazetteer place the story's articles mention most, a town
  before a state or country mentioned as often (towns carry GeoNames
  coordinates; states and countries have none in the gazetteer); a street or
  building only when no place resolves;
- type: ACLED's event type from the story's words (battle, shelling,
  protest ...) — a keyword rule, to be checked by the coder;
- actors: the organisations and groups the articles mention most, leaving
  out those that speak in them (the sources of claims);
- fatalities: the story's best killed estimate; 0 when no article gives a
  number, and the notes say when deaths were reported without one.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import TextIO

from newsledger.extract.timex import earliest_day
from newsledger.link.compare import story_casualties
from newsledger.link.features import event_time_values

ACLED_COLUMNS = ["event_date", "event_type", "actor1", "actor2", "location", "latitude", "longitude",
                 "fatalities", "source", "notes", "story", "time_precision"]

#: ACLED event types by the words that signal them, checked in this order.
EVENT_TYPES = [
    ("Explosions/Remote violence", re.compile(
        r"\b(?:air ?strikes?|missiles?|drones?|shell(?:ing|ed)|bomb(?:s|ing|ed)?|explosions?|blasts?|IEDs?|"
        r"artillery|rockets?|grenades?)\b", re.I)),
    ("Battles", re.compile(r"\b(?:battles?|clash(?:es|ed)?|fighting|combat|offensive|front lines?)\b", re.I)),
    ("Riots", re.compile(r"\b(?:riots?|rioters|mob|looting)\b", re.I)),
    ("Protests", re.compile(r"\b(?:protests?|protesters|demonstrat\w+|rall(?:y|ies)|march(?:ed|es)?)\b", re.I)),
    ("Violence against civilians", re.compile(
        r"\b(?:shot|shooting|gunman|gunmen|gunfire|stabb\w+|murder\w*|homicide|abduct\w+|kidnap\w+)\b", re.I)),
]


@dataclass
class Event:
    story_id: str
    event_date: str | None
    event_type: str
    actor1: str | None
    actor2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int
    sources: list[str]
    notes: str
    time_precision: int | None = None  # ACLED's: 1 the day is known, 2 the week, 3 the month or only the
    # first report's date; None without a date


def story_event(conn: sqlite3.Connection, story_id: str) -> Event:
    """The event record of one story."""
    label, first_day = conn.execute("SELECT label, first_day FROM stories WHERE id = ?", (story_id,)).fetchone()
    place = _place(conn, story_id)
    actor1, actor2 = (_actors(conn, story_id) + [None, None])[:2]
    killed = story_casualties(conn, story_id).get("killed")
    fatalities = int(killed.best) if killed and killed.best is not None else 0
    notes = label or ""
    if killed and killed.best is None:
        notes += " [deaths reported without a number]"
    event_date, precision = _event_date(conn, story_id)
    return Event(
        story_id=story_id, event_date=event_date or first_day,
        time_precision=precision if event_date or first_day else None,
        event_type=_event_type(conn, story_id), actor1=actor1, actor2=actor2,
        location=place[0] if place else None, latitude=place[1] if place else None,
        longitude=place[2] if place else None, fatalities=fatalities, sources=_sources(conn, story_id),
        notes=notes)


#: ACLED's time_precision of a period a story dates its event to: a week or weekend, a month
PERIOD_PRECISION = {"9999-W99": 2, "9999-W99-WE": 2, "9999-99": 3}


def _event_date(conn: sqlite3.Connection, story_id: str) -> tuple[str | None, int]:
    """The story's event date and ACLED's time_precision for it; (None, 3) when its articles date
    the event to nothing (the caller takes the first report's day)."""
    days = [d for (days,) in conn.execute("SELECT event_days FROM story_articles WHERE story_id = ?", (story_id,))
            for d in json.loads(days)]
    if days:
        return min(days), 1
    periods = []
    for article_id, start, day in conn.execute(
            "SELECT a.id, a.start, s.day FROM story_articles s JOIN articles a ON a.id = s.article_id "
            "WHERE s.story_id = ?", (story_id,)).fetchall():
        for value in event_time_values(conn, article_id, start):
            precision = PERIOD_PRECISION.get(re.sub(r"\d", "9", value), 0)
            first = earliest_day(value) if precision else None
            if first is not None and (day is None or first.isoformat() <= day):  # not what is planned
                periods.append((precision, first.isoformat()))
    if periods:
        precision, first = min(periods)
        return first, precision
    return None, 3


def _place(conn: sqlite3.Connection, story_id: str) -> tuple[str, float | None, float | None] | None:
    row = conn.execute(
        "SELECT i.name, i.latitude, i.longitude, count(*) AS n FROM entity_identities ei "
        "JOIN identities i ON i.id = ei.identity_id JOIN mentions m ON m.entity_id = ei.entity_id "
        "WHERE ei.story_id = ? AND i.type = 'PLACE' GROUP BY i.id "
        "ORDER BY i.geonameid IS NOT NULL DESC, n DESC, coalesce(i.place_kind, '') = 'city' DESC, min(m.start) "
        "LIMIT 1", (story_id,)).fetchone()
    return (row[0], row[1], row[2]) if row else None


def _actors(conn: sqlite3.Connection, story_id: str) -> list[str]:
    speakers = {row[0] for row in conn.execute(
        "SELECT c.speaker_entity FROM claims c JOIN story_articles s ON s.article_id = c.article_id "
        "WHERE s.story_id = ? AND c.speaker_entity IS NOT NULL", (story_id,))}
    counted: Counter[str] = Counter()
    for entity_id, name in conn.execute(
            "SELECT ei.entity_id, i.name FROM entity_identities ei JOIN identities i ON i.id = ei.identity_id "
            "JOIN mentions m ON m.entity_id = ei.entity_id WHERE ei.story_id = ? AND i.type IN ('ORG', 'NORP')",
            (story_id,)):
        if entity_id not in speakers:
            counted[name] += 1
    return [name for name, _ in counted.most_common(2)]


def _event_type(conn: sqlite3.Connection, story_id: str) -> str:
    text = " ".join(t for (t,) in conn.execute(
        "SELECT coalesce(a.title, '') || ' ' || a.text FROM articles a JOIN story_articles s ON s.article_id = a.id "
        "WHERE s.story_id = ? AND s.copy_of IS NULL", (story_id,)))
    hits = {name: len(pattern.findall(text)) for name, pattern in EVENT_TYPES}
    best = max(hits.items(), key=lambda kv: kv[1])
    return best[0] if best[1] else "Strategic developments"


def _sources(conn: sqlite3.Connection, story_id: str) -> list[str]:
    rows = conn.execute(
        "SELECT coalesce(a.outlet, a.url, i.source) FROM articles a JOIN items i ON i.id = a.item_id "
        "JOIN story_articles s ON s.article_id = a.id WHERE s.story_id = ? ORDER BY s.linked", (story_id,))
    return list(dict.fromkeys(r[0] for r in rows if r[0]))


def _cell(text: str | None) -> str:
    """Article text in a spreadsheet cell: a leading = + - @ would run as a formula, so it is quoted."""
    text = text or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_acled(conn: sqlite3.Connection, out: TextIO) -> int:
    """One ACLED-style row per story (ACLED's columns, plus the story id to trace it back)."""
    writer = csv.writer(out)
    writer.writerow(ACLED_COLUMNS)
    written = 0
    for (story_id,) in conn.execute("SELECT id FROM stories ORDER BY first_day, id").fetchall():
        event = story_event(conn, story_id)
        writer.writerow([event.event_date or "", event.event_type, _cell(event.actor1), _cell(event.actor2),
                         _cell(event.location), "" if event.latitude is None else event.latitude,
                         "" if event.longitude is None else event.longitude, event.fatalities,
                         _cell("; ".join(event.sources)), _cell(event.notes), story_id,
                         "" if event.time_precision is None else event.time_precision])
        written += 1
    return written
