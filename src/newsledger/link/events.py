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

import re
from collections import Counter
from typing import Any

from newsledger.extract import ArticleText
from newsledger.extract.times.value import TimexValue
from newsledger.link.compare import ArticleFacts, casualties_of
from newsledger.link.features import event_time_values
from newsledger.records import Event
from newsledger.store import Store

#: ACLED event types by the words that signal them, checked in this order.
EVENT_TYPES = [
    (
        "Explosions/Remote violence",
        re.compile(
            r"\b(?:air ?strikes?|missiles?|drones?|shell(?:ing|ed)|bomb(?:s|ing|ed)?|explosions?|blasts?|IEDs?|"
            r"artillery|rockets?|grenades?)\b",
            re.I,
        ),
    ),
    ("Battles", re.compile(r"\b(?:battles?|clash(?:es|ed)?|fighting|combat|offensive|front lines?)\b", re.I)),
    ("Riots", re.compile(r"\b(?:riots?|rioters|mob|looting)\b", re.I)),
    ("Protests", re.compile(r"\b(?:protests?|protesters|demonstrat\w+|rall(?:y|ies)|march(?:ed|es)?)\b", re.I)),
    (
        "Violence against civilians",
        re.compile(
            r"\b(?:shot|shooting|gunman|gunmen|gunfire|stabb\w+|murder\w*|homicide|abduct\w+|kidnap\w+)\b", re.I
        ),
    ),
]


def story_event(store: Store, story_id: str) -> Event:
    """The event record of one story."""
    story = store.links.story(story_id)
    if story is None:
        raise KeyError(story_id)
    articles = store.links.story_articles(story_id)
    texts = {a["id"]: store.article_text(a["id"]) for a in articles}
    facts = {a["id"]: store.facts(texts[a["id"]], ("entities", "times", "claims", "counts")) for a in articles}
    identities = store.links.story_identities(story_id)
    place = store.links.story_place(story_id)
    actor1, actor2 = [*_actors(identities, facts), None, None][:2]
    originals = [
        ArticleFacts(a["id"], a["day"], a["outlet"], a["linked"], facts[a["id"]])
        for a in articles
        if a["copy_of"] is None
    ]
    killed = casualties_of(originals).get("killed")
    fatalities = int(killed.best) if killed and killed.best is not None else 0
    notes = story["label"] or ""
    if killed and killed.best is None:
        notes += " [deaths reported without a number]"
    first_day = story["first_day"]
    event_date, precision = _event_date(articles, facts)
    return Event(
        story_id=story_id,
        event_date=event_date or first_day,
        time_precision=precision if event_date or first_day else None,
        event_type=_event_type(articles, texts),
        actor1=actor1,
        actor2=actor2,
        location=place[0] if place else None,
        latitude=place[1] if place else None,
        longitude=place[2] if place else None,
        fatalities=fatalities,
        sources=_sources(articles),
        notes=notes,
    )


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


def _mentions(identities: list[dict[str, Any]], facts: dict[str, dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Every mention of the story's identities: (identity row, the mention's offset)."""
    starts = {e.id: [m.start for m in e.mentions] for f in facts.values() for e in f.get("entities", [])}
    return [(row, start) for row in identities for start in starts.get(row["entity_id"], [])]


def _actors(identities: list[dict[str, Any]], facts: dict[str, dict[str, Any]]) -> list[str]:
    """The organisations and groups mentioned most, leaving out those that speak (the sources of claims)."""
    speakers = {c.speaker_entity for f in facts.values() for c in f.get("claims", []) if c.speaker_entity}
    counted: Counter[str] = Counter()
    for row, _ in _mentions([r for r in identities if r["type"] in ("ORG", "NORP")], facts):
        if row["entity_id"] not in speakers:
            counted[row["name"]] += 1
    return [name for name, _ in counted.most_common(2)]


def _event_type(articles: list[dict[str, Any]], texts: dict[str, ArticleText]) -> str:
    """ACLED's event type whose words the story's articles (copies aside) use most."""
    text = " ".join(f"{a['title'] or ''} {texts[a['id']].text}" for a in articles if a["copy_of"] is None)
    hits = {name: len(pattern.findall(text)) for name, pattern in EVENT_TYPES}
    best = max(hits.items(), key=lambda kv: kv[1])
    return best[0] if best[1] else "Strategic developments"


def _sources(articles: list[dict[str, Any]]) -> list[str]:
    """The outlets (else URLs, else inputs) of the story's articles, in the order they came."""
    return list(
        dict.fromkeys(
            a["outlet"] or a["url"] or a["item_source"] for a in articles if a["outlet"] or a["url"] or a["item_source"]
        )
    )
