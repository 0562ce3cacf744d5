"""One event record per story, and its ACLED-style CSV row.

The record is read from what the story's articles hold, and each field says
where it came from so a coder can check it:

- type: the event type, then the sub-event type, that most of the story's
  original articles (copies aside) that report an event give as their main
  event (the events extractor's first event of each article), a tie going
  to an ACLED type (a crime report and a battle report are a battle), then
  to the earliest article; what the others report is kept in ``other_types`` and the notes.
  A kind ACLED does not code (a fire, a crime, diplomacy) wins as itself, so
  the story has no ACLED event (type "none", the kind as sub-event type);
  when no article reports any event the sub-event type is null too: nothing
  is typed by default;
- actors: the actors the articles of the winning type name for it, in
  ACLED's words ("Military Forces of North Korea"): actor1 the one most
  named as acting, actor2 the one most named as acted against; never a bare
  nationality;
- place: the place those articles give for it, the most common, a place
  below a country before a whole country; coordinates from the story's place
  when it is that place, else from the story's place of that name, else from
  the gazetteer when it is sure; a place with no point (a street, a
  building) gives way to the story's town when that has one, so the row
  stays on the map. A story whose articles give no place for it keeps the
  place they mention most;
- date: the earliest day the articles date their casualties or ledes to
  (ACLED's time_precision 1), else the first day of the earliest week or
  weekend they give ("at the weekend": 2), else of the earliest month, else
  the first article's date (3: the event was no later);
- fatalities: the story's best killed estimate; 0 when no article gives a
  number, and the notes say when deaths were reported without one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from newsledger.extract.events.actors import is_country
from newsledger.extract.events.cues import NOT_ACLED
from newsledger.extract.events.rules import DEMONYMS
from newsledger.extract.times.value import TimexValue
from newsledger.link.compare import ArticleFacts, casualties_of
from newsledger.link.features import event_time_values
from newsledger.records import ArticleEvent, Event
from newsledger.store import Store

#: The fact kinds a story's event is read from (the events kind holds each article's events).
KINDS = ("times", "counts", "events")

Located = tuple[str | None, float | None, float | None]
T = TypeVar("T")


@dataclass(frozen=True)
class StoryKind:
    """What the story's articles say happened: the winning type and sub-type, the main events that
    report that type (the earliest article first), and what the other articles report instead."""

    type: str
    sub_type: str | None
    events: list[ArticleEvent]
    others: list[str]


def story_event(store: Store, story_id: str) -> Event:
    """The event record of one story."""
    story = store.links.story(story_id)
    if story is None:
        raise KeyError(story_id)
    articles = store.links.story_articles(story_id)
    facts = {a["id"]: store.facts(store.article_text(a["id"]), KINDS) for a in articles}
    originals = [a for a in articles if a["copy_of"] is None]
    kind = story_kind(_main_events(originals, facts))
    actor1, actor2 = event_actors(kind.events)
    location, latitude, longitude = _location(store, story_id, kind.events)
    killed = casualties_of(
        [ArticleFacts(a["id"], a["day"], a["outlet"], a["linked"], facts[a["id"]]) for a in originals]
    ).get("killed")
    fatalities = int(killed.best) if killed and killed.best is not None else 0
    notes = story["label"] or ""
    if killed and killed.best is None:
        notes += " [deaths reported without a number]"
    if kind.others:
        notes += f" [other articles report: {'; '.join(kind.others)}]"
    first_day = story["first_day"]
    event_date, precision = _event_date(articles, facts)
    return Event(
        story_id=story_id,
        event_date=event_date or first_day,
        time_precision=precision if event_date or first_day else None,
        event_type=kind.type,
        sub_event_type=kind.sub_type,
        other_types=kind.others,
        actor1=actor1,
        actor2=actor2,
        location=location,
        latitude=latitude,
        longitude=longitude,
        fatalities=fatalities,
        sources=_sources(articles),
        notes=notes,
    )


def _main_events(originals: list[dict[str, Any]], facts: dict[str, dict[str, Any]]) -> list[ArticleEvent]:
    """Each original article's main event, the earliest article first (by its day, then as linked):
    a tie goes to the first report."""
    ordered = sorted(enumerate(originals), key=lambda pair: (pair[1]["day"] is None, pair[1]["day"] or "", pair[0]))
    events = (facts[a["id"]].get("events") or [] for _, a in ordered)
    return [found[0] for found in events if found]


def story_kind(events: list[ArticleEvent]) -> StoryKind:
    """The type most of ``events`` (one main event an article, the earliest first) report, then the
    sub-type most of those report. Each kind ACLED does not code counts apart: a fire and a crime do
    not add up to one "none"."""
    if not events:
        return StoryKind(NOT_ACLED, None, [], [])
    counted = Counter(_type_key(e) for e in events)
    winner = events[
        max(range(len(events)), key=lambda i: (counted[_type_key(events[i])], events[i].type != NOT_ACLED, -i))
    ]
    typed = [e for e in events if _type_key(e) == _type_key(winner)]
    sub = _most_common(typed, lambda e: e.sub_type)
    others = Counter(_type_name(e) for e in events if (e.type, e.sub_type) != (sub.type, sub.sub_type))
    order = {name: i for i, name in reversed(list(enumerate(_type_name(e) for e in events)))}
    return StoryKind(
        type=sub.type,
        sub_type=sub.sub_type,
        events=typed,
        others=[
            f"{name} ({n} article{'' if n == 1 else 's'})"
            for name, n in sorted(others.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        ],
    )


def _type_key(event: ArticleEvent) -> str:
    return event.type if event.type != NOT_ACLED else f"{NOT_ACLED}/{event.sub_type}"


def _type_name(event: ArticleEvent) -> str:
    """How a kind of event reads in the notes and the story's lines."""
    return event_kind_text(event.type, event.sub_type)


def event_kind_text(event_type: str, sub_type: str | None) -> str:
    """ACLED's event and sub-event type ("Battles / Armed clash"), or what it is when ACLED codes no
    such event ("no ACLED event (Man-made disaster)"), so a reader never takes "none" for a type."""
    if event_type != NOT_ACLED:
        return f"{event_type} / {sub_type}" if sub_type else event_type
    return f"no ACLED event ({sub_type or 'no article reports one'})"


def _most_common(items: list[T], key: Callable[[T], Hashable]) -> T:
    """The first item whose key the most items share (``items`` come earliest first)."""
    counted = Counter(key(item) for item in items)
    best = max(range(len(items)), key=lambda i: (counted[key(items[i])], -i))
    return items[best]


def event_actors(events: Iterable[ArticleEvent]) -> tuple[str | None, str | None]:
    """actor1: the actor the events most often name as acting; actor2: the one they most often name
    as acted against, other than actor1 (each from the other role when its own names none). A bare
    nationality or country is no actor, and an actor named without its country ("Military Forces")
    counts for the one named with it when the events name only one such ("Military Forces of Nigeria")."""
    roles = [(role, name) for e in events for role, name in enumerate((e.actor1, e.actor2)) if name]
    names = [name for _, name in roles if not _nationality(name)]
    full = {name: _fuller(name, names) for name in names}
    acting = [full[name] for role, name in roles if role == 0 and name in full]
    acted_on = [full[name] for role, name in roles if role == 1 and name in full]
    actor1 = _most_named(acting) or _most_named(acted_on)
    others = [name for name in acted_on + acting if name != actor1]
    actor2 = _most_named([name for name in acted_on if name != actor1]) or _most_named(others)
    return actor1, actor2


def _most_named(names: list[str]) -> str | None:
    """The name given most often, the first given on a tie."""
    return _most_common(names, lambda name: name) if names else None


def _fuller(name: str, names: list[str]) -> str:
    """The one name in ``names`` that is ``name`` with its country ("Civilians (Kenya)" for "Civilians"),
    else ``name`` itself."""
    fuller = {n for n in names if n.startswith((f"{name} of ", f"{name} ("))}
    return fuller.pop() if len(fuller) == 1 else name


def _nationality(name: str) -> bool:
    """A demonym or a country alone ("North Korean", "Ukraine") names where actors are from, not who."""
    return name.lower() in DEMONYMS or is_country(name)


def event_location(events: Iterable[ArticleEvent]) -> str | None:
    """The place the events give most often, a place below a country before a whole country, the
    first given on a tie."""
    places = [e.location for e in events if e.location]
    if not places:
        return None
    counted = Counter(places)
    first = {place: i for i, place in reversed(list(enumerate(places)))}
    return min(counted, key=lambda p: (is_country(p), -counted[p], first[p]))


def _location(store: Store, story_id: str, events: list[ArticleEvent]) -> Located:
    """The story's event location with its coordinates, when anything gives them."""
    place = store.links.story_place(story_id)
    name = event_location(events)
    if name is None:
        return place if place else (None, None, None)
    if place and _same_place(place[0], name):
        return name, place[1], place[2]
    identities = store.links.story_identities(story_id)
    known = _identity_point(name, identities)
    latitude, longitude = (
        known if known is not None else _coordinates(name, [r["name"] for r in identities if r["type"] == "PLACE"])
    )
    if latitude is None and place and place[1] is not None:
        return place  # a street or a building: the town it is in keeps the row on the map
    return name, latitude, longitude


def _identity_point(name: str, identities: list[dict[str, Any]]) -> tuple[float | None, float | None] | None:
    """The coordinates linking gave the story's place of that name, (None, None) for a place it found
    no point for (a street, a building); None when no place of the story has the name (the parse may
    have taken "Kursk" for something else)."""
    named = [
        r for r in identities if r["type"] == "PLACE" and any(_same_place(name, n) for n in [r["name"], *_aliases(r)])
    ]
    located = [r for r in named if r["latitude"] is not None]
    if located:
        return located[0]["latitude"], located[0]["longitude"]
    return (None, None) if named else None


def _aliases(row: dict[str, Any]) -> list[str]:
    aliases = row.get("aliases")
    if isinstance(aliases, str):
        try:
            aliases = json.loads(aliases)
        except ValueError:
            return []
    return [a for a in aliases or [] if isinstance(a, str)]


def _same_place(a: str, b: str) -> bool:
    return a.lower().strip().removeprefix("the ") == b.lower().strip().removeprefix("the ")


def _coordinates(name: str, context: list[str]) -> tuple[float | None, float | None]:
    """The gazetteer's coordinates for a place name the story's places do not have, only when one
    place carries the name or the story's other places pick it out (a guess by size would put "White
    House" in Casablanca), and not for a name given with "the": that is a building or an area ("the
    White House", "the Quick Stop"), not a town. None for a country or a state (it has no point)."""
    from newsledger.link.gazetteer import gazetteer

    if name.lower().startswith("the "):
        return None, None
    resolved = gazetteer().resolve(name, [c for c in context if not _same_place(c, name)])
    if resolved is None or not resolved.settled:
        return None, None
    return resolved.place.latitude, resolved.place.longitude


def _event_date(articles: list[dict[str, Any]], facts: dict[str, dict[str, Any]]) -> tuple[str | None, int]:
    """The story's event date and ACLED's time_precision for it; (None, 3) when its articles date
    the event to nothing (the caller takes the first report's day)."""
    days = [d for a in articles for d in a["event_days"]]
    if days:
        return min(days), 1
    periods = []
    for article in articles:
        for value in event_time_values(facts[article["id"]], article["start"]):
            period = TimexValue.parse(value)
            precision = period.acled_precision if period else None
            if period is None or precision not in (2, 3):
                continue
            first = period.first.isoformat()
            if article["day"] is None or first <= article["day"]:  # not what is planned
                periods.append((precision, first))
    if periods:
        precision, first = min(periods)
        return first, precision
    return None, 3


def _sources(articles: list[dict[str, Any]]) -> list[str]:
    """The outlets (else URLs, else inputs) of the story's articles, in the order they came."""
    return list(
        dict.fromkeys(
            a["outlet"] or a["url"] or a["item_source"] for a in articles if a["outlet"] or a["url"] or a["item_source"]
        )
    )
