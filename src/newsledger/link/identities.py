"""One identity per real-world person, organisation or place across the whole ledger.

Each article's entities (already grouped within the article: "John Kirby",
"Kirby") are tied to corpus-wide identities by keys that do not mislead:

- a person by the full name; a lone surname only to a person of the same
  story who carries it ("Kirby" in a follow-up joins "John Kirby"), or to
  the same lone surname in the same story, since "Smith" across a corpus is
  many people;
- an organisation by any of its multi-word names or acronyms ("International
  Rescue Committee", "IRC");
- a place by its GeoNames id once resolved, else by its name; a name that
  fits several places is resolved with the article's other places and marked
  ambiguous.

Descriptions a claim's source used for the entity ("the NSC coordinator")
are kept as aliases, for reading and for ``newsledger entity``, but do not
join identities: "the agency" is a different agency in every story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsledger.extract.entities import ACRONYM, canonical_form
from newsledger.link.gazetteer import Regions, gazetteer
from newsledger.store import Store
from newsledger.store.links import LinkTables

#: Words that make an organisation name written right before a person's name a title:
#: "US National Security Council Coordinator for Strategic Communications John Kirby".
TITLE_END = re.compile(
    r"(?:Coordinator|Secretary|Spokes(?:man|woman|person)|Minister|Director|Chief|President|"
    r"Chair(?:man|woman)?|Commander|Adviser|Advisor|Ambassador|Governor|Mayor|Senator|General|"
    r"Officer|Communications|Affairs|Security|Defen[cs]e|Staff)\b[\w\s]*$"
)
COORDINATED = re.compile(r"\s(?:and|or)\s|;")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PRONOUNS = frozenset(
    {
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "we",
        "i",
        "you",
        "his",
        "its",
        "their",
        "who",
        "which",
        "that",
        "whom",
    }
)


@dataclass
class ArticleEntity:
    id: str
    name: str
    type: str
    aliases: list[str]


def type_class(label: str) -> str:
    return "PLACE" if label in PLACE_LABELS else label


def link_identities(store: Store, article_id: str, story_id: str, facts: dict[str, Any] | None = None) -> None:
    """Tie every entity of one article to an identity (inside the caller's transaction); ``facts`` are the
    article's entities and claims, when read already."""
    if facts is None:
        facts = store.facts(store.article_text(article_id), ("entities", "claims"))
    records = facts.get("entities", [])
    aliases = _aliases(records)
    entities = [ArticleEntity(e.id, e.name, e.type, aliases[e.id]) for e in records]
    place_names = [e.name for e in entities if e.type in PLACE_LABELS]
    regions = gazetteer().regions(place_names) if place_names else Regions()  # read once for all its places
    descriptions = _descriptions(facts.get("claims", []))
    titles = _titles(records)
    links = store.links
    done: dict[str, str] = {}
    for entity in sorted(entities, key=lambda e: e.id in titles):  # people before the titles naming them
        person = titles.get(entity.id)
        identity = done[person] if person in done else _find_or_create(links, entity, story_id, regions)
        done[entity.id] = identity
        links.add_aliases(identity, entity.aliases + descriptions.get(entity.id, []))
        links.tie_entity(entity.id, identity, article_id, story_id)


def _aliases(records: list[Any]) -> dict[str, list[str]]:
    """Each entity's distinct mention texts in order, as the entities table keeps them."""
    return {e.id: list(dict.fromkeys(m.text for m in e.mentions)) for e in records}


def _find_or_create(links: LinkTables, entity: ArticleEntity, story_id: str, regions: Regions) -> str:
    kind = type_class(entity.type)
    if kind == "PLACE":
        return _place_identity(links, entity, regions)
    if kind == "PERSON" and " " not in entity.name:
        return _lone_surname(links, entity, story_id)
    keys = _keys(entity)
    identity = _matching_identity(links, keys)
    if identity is None:  # a new one rather than a wrong merge
        identity = links.create_identity(entity.name, kind, keys[0])
    taken = set(links.keys_taken(keys))
    for key in keys:
        if key not in taken:  # a key another identity holds stays with it: names never pile up ambiguity
            links.add_key(key, identity)
    if kind == "PERSON":
        _absorb_surname(links, identity, entity.name, story_id)
    links.prefer_longer_name(identity, entity.name)
    return identity


def _lone_surname(links: LinkTables, entity: ArticleEntity, story_id: str) -> str:
    """ "Kirby" alone: the full-named person of the story, else the story's own "Kirby", never another story's."""
    found = links.people_in_story(story_id, surname_of=entity.name)
    if len(found) == 1:
        return found[0]
    key = f"PERSON:{story_id}:{entity.name.lower()}"  # a surname is only one person within a story
    existing = links.identities_for([key])
    identity = existing[0] if existing else links.create_identity(entity.name, "PERSON", key)
    links.add_key(key, identity)
    return identity


def _keys(entity: ArticleEntity) -> list[str]:
    """Lookup keys, the canonical name's first: full names and acronyms, never a lone common word."""
    kind = type_class(entity.type)
    names = [entity.name] + [canonical_form(a) for a in entity.aliases]
    keys: list[str] = []
    for name in names:
        if not name:
            continue
        usable = " " in name or (ACRONYM.match(name) and len(name.replace(".", "")) >= 3) or name == entity.name
        key = f"{kind}:{name.lower()}"
        if usable and key not in keys:
            keys.append(key)
    return keys


def _matching_identity(links: LinkTables, keys: list[str]) -> str | None:
    """The one identity the keys point to; when they point to several, the holder of the canonical name."""
    found = links.identities_for(keys)
    if len(found) == 1:
        return found[0]
    canonical = links.identities_for(keys[:1])
    return canonical[0] if len(canonical) == 1 else None


def _absorb_surname(links: LinkTables, identity: str, full_name: str, story_id: str) -> None:
    """A surname-only person seen earlier in the story becomes this full-named one."""
    surname = full_name.split()[-1]
    for other in links.people_in_story(story_id, named=surname, other_than=identity):
        links.add_aliases(identity, links.merge_identity(identity, other))


def _place_identity(links: LinkTables, entity: ArticleEntity, regions: Regions) -> str:
    resolution = gazetteer().resolve(entity.name, regions)
    if resolution is None:
        key = f"PLACE:{entity.name.lower()}"
        found = links.identities_for([key])
        identity = found[0] if found else links.create_identity(entity.name, "PLACE", key)
        links.add_key(key, identity)
        return identity
    place = resolution.place
    key = f"PLACE:geo:{place.geonameid}"
    found = links.identities_for([key])
    if found:
        return found[0]
    identity = links.create_identity(
        place.name,
        "PLACE",
        key,
        geonameid=place.geonameid,
        place_kind=place.kind,
        country=place.country,
        admin1=place.admin1,
        latitude=place.latitude,
        longitude=place.longitude,
        candidates=resolution.candidates,
    )
    links.add_key(key, identity)
    return identity


def _descriptions(claims: list[Any]) -> dict[str, list[str]]:
    """How claims' sources named each entity other than by name: "the agency", "the NSC coordinator"."""
    found: dict[str, list[str]] = {}
    for claim in claims:
        if claim.speaker_entity is None or claim.source is None:
            continue
        source = claim.source.text
        if source.lower() not in PRONOUNS and not COORDINATED.search(source):  # "X and Y" names two
            found.setdefault(claim.speaker_entity, []).append(source)
    return found


def _titles(records: list[Any]) -> dict[str, str]:
    """Organisation names that are a person's title: every mention runs straight into a name.

    "US National Security Council Coordinator for Strategic Communications John
    Kirby" is tagged as an organisation followed by a person; the organisation
    is Kirby's title, so it becomes his alias, not an organisation of its own.
    """
    rows = sorted(((e.id, e.type, m.start, m.end, m.text) for e in records for m in e.mentions), key=lambda r: r[2])
    followed: dict[str, set[str | None]] = {}
    for (entity, etype, _, end, text), nxt in zip(rows, [*rows[1:], None]):
        if etype != "ORG":
            continue
        person = nxt[0] if nxt and nxt[1] == "PERSON" and nxt[2] - end == 1 and TITLE_END.search(text) else None
        followed.setdefault(entity, set()).add(person)
    return {
        entity: person
        for entity, people in followed.items()
        if len(people) == 1
        for person in people  # the only one
        if person is not None
    }
