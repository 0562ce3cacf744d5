"""What linking compares: one article's terms, names, places and date, read back from the store.

Linking runs on stored rows, not on spaCy docs, so an article stored by an
earlier run (or by a run that was killed before it linked) links the same
way as one that has just been analysed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from newsledger.extract.times.value import day_of
from newsledger.store import Store

WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W\d_])?|\d+")  # letters of any script, and numbers
#: Entity types whose names tell one event from another (who, and where).
NAME_TYPES = frozenset({"PERSON", "ORG", "FAC"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
TITLE_WEIGHT = 2  # a headline word counts as two body words: headlines name the event
NAME_WEIGHT = 2  # a whole name ("Sara Davidson") counts on top of its words
LEDE_CHARS = 300  # the first sentences, where news says when it happened
#: The kinds of fact linking reads of an article: names and places, dates, counts' dates, claims' sources.
LINKED_KINDS = ("entities", "times", "counts", "claims")
AGE = re.compile(r"\b(\d{1,3})-year-old\b")
#: A headline is not what the text is about when fewer than this share of its words are in the text (a scraped
#: page whose text is a weather alert, a travel piece or a list of videos): the headline alone is the article.
HEADLINE_SHARED = 0.15
HEADLINE_MIN_WORDS = 3
STEM_CHARS = 5  # words sharing their first five letters count as one ("shooting", "shootings")
#: "Outlet - Headline - City": the site's name stands beside a spaced dash or bar.
OUTLET_SEPARATOR = re.compile(r"\s+[-–—|]\s+")
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
YEAR = re.compile(r"^(\d{4})(?:-|$)")


@dataclass
class ArticleFeatures:
    """One article as linking sees it."""

    article_id: str
    day: date | None  # publication date (else the reference date from a dateline)
    terms: dict[str, float]  # term -> sublinear term frequency (1 + log tf)
    words: list[str] = field(default_factory=list)  # body words in order, for near-copy detection
    title: str | None = None
    event_days: list[date] = field(default_factory=list)  # days the article's counts and lede are dated to
    towns: list[tuple[float, float]] = field(default_factory=list)  # where the towns and cities it names are
    people: list[str] = field(default_factory=list)  # surnames of the people it is about (named most, twice at least)
    named: list[str] = field(default_factory=list)  # surnames of every person it names
    years: list[str] = field(default_factory=list)  # the years its lede and counts date what happened to
    killed: float | None = None  # the most killed any of its current counts gives


def words_of(text: str) -> list[str]:
    """Lower-cased words and numbers without accents, in order ("Zürich" and "Zurich" are one word)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [w.lower().replace("’", "'") for w in WORD.findall(folded)]


def content_terms(words: list[str]) -> Counter[str]:
    """Words that carry content: no stop words, nothing shorter than three letters (numbers stay)."""
    return Counter(w for w in words if w not in STOP_WORDS and (len(w) >= 3 or w.isdigit()))


def name_term(name: str, kind: str) -> str | None:
    """A whole entity name as one term, so that "Rocky Mount" is not just "rocky" and "mount"."""
    words = words_of(name)
    return f"{kind}:{' '.join(words)}" if words else None


def sublinear(counts: Counter[str]) -> dict[str, float]:
    return {term: 1.0 + math.log(n) for term, n in counts.items() if n > 0}


def article_features(store: Store, article_id: str, facts: dict[str, Any] | None = None) -> ArticleFeatures:
    """Build the features of one stored article (``facts``: its entities, times and counts, when read already)."""
    info = store.article_info(article_id)
    title, kicker, published, start = info["title"], info["kicker"], info["published"], info["start"]
    clean = store.analysis_text(article_id)
    if facts is None:
        facts = store.facts(store.article_text(article_id), LINKED_KINDS)
    headline = content_terms(words_of(f"{title or ''} {kicker or ''}"))
    if _headline_only(content_terms(words_of(headline_proper(title or ""))), words_of(clean)):
        # the text tells something else: only the headline and the page's date count
        clean, facts = "", {"reference_date": facts.get("reference_date")}
    body = words_of(clean)
    counts = content_terms(body)
    counts.update(f"age:{age}" for age in AGE.findall(clean))  # "12-year-old": who the victims were
    for word, n in headline.items():
        counts[word] += TITLE_WEIGHT * n
    entities = facts.get("entities", [])
    names = [(e.name, e.type) for e in entities]
    for name, etype in names:
        kind = "place" if etype in PLACE_TYPES else "name"
        term = name_term(name, kind)
        if term and ((etype in NAME_TYPES | PLACE_TYPES and len(name.split()) > 1) or kind == "place"):
            counts[term] += NAME_WEIGHT
    reference = facts.get("reference_date")
    day = _day(published or (reference.value if reference else None))
    values = event_time_values(facts, start)
    days = [d for d in event_days(values) if day is None or d <= day]  # not what is planned
    people, named = people_named(entities)
    return ArticleFeatures(
        article_id,
        day,
        sublinear(counts),
        body,
        _label(title, kicker, clean),
        days,
        towns_named(names),
        people=people,
        named=named,
        years=event_years(values, days, day),
        killed=most_killed(facts.get("counts", [])),
    )


def headline_proper(title: str) -> str:
    """The headline without the site's name around it ("... - WMC Action News 5 - Memphis, Tennessee",
    "WJTV News Channel 12 - ..."): the longest of the parts a spaced dash or bar cuts the title into."""
    return max(OUTLET_SEPARATOR.split(title), key=len)


def _headline_only(headline: Counter[str], body: list[str]) -> bool:
    """Whether the text shares almost none of the headline's words: the page's text is something else
    (a weather alert, a list of videos, a sign-in form), and only the headline tells what happened.
    A headline word is in the text when a text word starts like it ("killing" and "killed")."""
    if len(headline) < HEADLINE_MIN_WORDS:
        return False
    present = set(body) | {word[:STEM_CHARS] for word in body}
    shared = sum(1 for word in headline if word in present or word[:STEM_CHARS] in present)
    return shared < HEADLINE_SHARED * len(headline)


def surname(name: str) -> str | None:
    """The last word of a person's name, lower-cased ("Lindsay Lohan's" -> "lohan", "Fred C. LaRue Jr." -> "larue")."""
    words = [w.removesuffix("'s") for w in words_of(name.replace("’", "'"))]
    words = [w for w in words if len(w) > 1 and w not in NAME_SUFFIXES and not w.isdigit()]
    return words[-1] if words else None


def people_named(entities: list[Any]) -> tuple[list[str], list[str]]:
    """(the people an article is about, every person it names), as surnames.

    The people it is about are those named most often (twice at least): who did or suffered what
    happened, not everyone quoted or recalled. Two reports each about someone the other never names are
    usually of two events of one kind (two actors entering rehab, two Watergate figures dying).
    """
    mentions: Counter[str] = Counter()
    for entity in entities:
        name = surname(entity.name) if entity.type == "PERSON" else None
        if name is not None:
            mentions[name] += len(entity.mentions)
    if not mentions:
        return [], []
    most = max(mentions.values())
    about = sorted(n for n, k in mentions.items() if k >= 2 and k == most)
    return about, sorted(mentions)


def event_years(values: list[str], days: list[date], published: date | None = None) -> list[str]:
    """The years of the dates an article's lede and counts give ("2013-09-18", "2013-09", "2013"), none after
    the year it appeared in (what is planned is not when it happened)."""
    years = {m.group(1) for v in values if (m := YEAR.match(v))} | {str(d.year) for d in days}
    return sorted(y for y in years if published is None or int(y) <= published.year)


def most_killed(counts: list[Any]) -> float | None:
    """The largest number of dead any of the article's current counts gives."""
    killed = [c.value for c in counts if c.category == "killed" and c.status == "current" and c.value]
    return max(killed) if killed else None


def towns_named(names: list[tuple[str, str]]) -> list[tuple[float, float]]:
    """Latitude and longitude of the towns and cities an article names (not states or countries).

    Two reports that each name where it happened, and whose towns are all far
    apart, are of two events however alike their words. Only towns the
    gazetteer is sure of count: "Madison" alone could be in any of a dozen states.
    """
    from newsledger.link.gazetteer import gazetteer

    places = [name for name, etype in names if etype in {"GPE", "LOC"}]
    if not places:
        return []
    regions = gazetteer().regions(places)  # read once for all its places, not once a place
    found = set()
    for name in places:
        resolution = gazetteer().resolve(name, regions)
        place = resolution.place if resolution is not None and resolution.settled else None
        if place is not None and place.kind == "city" and place.latitude is not None and place.longitude is not None:
            found.add((round(place.latitude, 4), round(place.longitude, 4)))
    return sorted(found)


def _label(title: str | None, kicker: str | None, text: str) -> str:
    """What to call the article: its title, else its kicker and first words."""
    if title:
        return title
    words = " ".join(text.split()[:14]).lstrip(":;—–- ")
    return f"{kicker.rstrip(': ')}: {words}" if kicker else words


def event_days(values: list[str]) -> list[date]:
    """The days among TIMEX3 values (a week, a month, a year or an unresolved value names none).

    Two look-alike reports from one city a week apart differ here even when
    their words do not.
    """
    return sorted({d for d in map(day_of, values) if d is not None})


def event_time_values(facts: dict[str, Any], start: int) -> list[str]:
    """The TIMEX3 values of the dates and times an article's counts hang on or its first sentences
    name: where news says when it happened ("2024-03-09", "2024-W50-WE", "2024-12")."""
    counted = {(c.when.start, c.when.end) for c in facts.get("counts", []) if c.when is not None and c.when.value}
    return [
        t.value
        for t in facts.get("times", [])
        if t.type in ("DATE", "TIME") and (t.start < start + LEDE_CHARS or (t.start, t.end) in counted)
    ]


def _day(value: str | None) -> date | None:
    """The article's date: its publication date, else the dateline's (never today's)."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
