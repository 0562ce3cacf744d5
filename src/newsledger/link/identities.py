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

import json
import re
import sqlite3
from dataclasses import dataclass

from newsledger.extract.entities import ACRONYM, canonical_form
from newsledger.link.gazetteer import gazetteer
from newsledger.model import content_hash

#: Words that make an organisation name written right before a person's name a title:
#: "US National Security Council Coordinator for Strategic Communications John Kirby".
TITLE_END = re.compile(r"(?:Coordinator|Secretary|Spokes(?:man|woman|person)|Minister|Director|Chief|President|"
                       r"Chair(?:man|woman)?|Commander|Adviser|Advisor|Ambassador|Governor|Mayor|Senator|General|"
                       r"Officer|Communications|Affairs|Security|Defen[cs]e|Staff)\b[\w\s]*$")
COORDINATED = re.compile(r"\s(?:and|or)\s|;")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "we", "i", "you", "his", "its", "their",
                      "who", "which", "that", "whom"})



@dataclass
class ArticleEntity:
    id: str
    name: str
    type: str
    aliases: list[str]


def type_class(label: str) -> str:
    return "PLACE" if label in PLACE_LABELS else label


def link_identities(conn: sqlite3.Connection, article_id: str, story_id: str) -> None:
    """Tie every entity of one article to an identity (inside the caller's transaction)."""
    entities = [ArticleEntity(eid, name, etype, json.loads(aliases)) for eid, name, etype, aliases in conn.execute(
        "SELECT id, name, type, aliases FROM entities WHERE article_id = ? ORDER BY rowid", (article_id,))]
    place_names = [e.name for e in entities if e.type in PLACE_LABELS]
    descriptions = _descriptions(conn, article_id)
    titles = _titles(conn, article_id)
    done: dict[str, str] = {}
    for entity in sorted(entities, key=lambda e: e.id in titles):  # people before the titles naming them
        person = titles.get(entity.id)
        identity = done[person] if person in done else _find_or_create(conn, entity, story_id, place_names)
        done[entity.id] = identity
        _add_aliases(conn, identity, entity.aliases + descriptions.get(entity.id, []))
        new_here = not conn.execute("SELECT 1 FROM entity_identities WHERE article_id = ? AND identity_id = ?",
                                    (article_id, identity)).fetchone()
        conn.execute("INSERT OR REPLACE INTO entity_identities (entity_id, identity_id, article_id, story_id) "
                     "VALUES (?, ?, ?, ?)", (entity.id, identity, article_id, story_id))
        if new_here:
            conn.execute("UPDATE identities SET articles = articles + 1 WHERE id = ?", (identity,))


def _find_or_create(conn: sqlite3.Connection, entity: ArticleEntity, story_id: str, place_names: list[str]) -> str:
    kind = type_class(entity.type)
    if kind == "PLACE":
        return _place_identity(conn, entity, place_names)
    if kind == "PERSON" and " " not in entity.name:
        return _lone_surname(conn, entity, story_id)
    keys = _keys(entity)
    identity = _matching_identity(conn, keys)
    if identity is None:  # a new one rather than a wrong merge
        identity = _create(conn, entity.name, kind, keys[0])
    taken = set(_key_owners(conn, keys))
    for key in keys:
        if key not in taken:  # a key another identity holds stays with it: names never pile up ambiguity
            conn.execute("INSERT OR IGNORE INTO identity_keys (key, identity_id) VALUES (?, ?)", (key, identity))
    if kind == "PERSON":
        _absorb_surname(conn, identity, entity.name, story_id)
    _prefer_longer_name(conn, identity, entity.name)
    return identity


def _lone_surname(conn: sqlite3.Connection, entity: ArticleEntity, story_id: str) -> str:
    """"Kirby" alone: the full-named person of the story, else the story's own "Kirby", never another story's."""
    found = _surname_in_story(conn, entity.name, story_id)
    if found:
        return found
    key = f"PERSON:{story_id}:{entity.name.lower()}"  # a surname is only one person within a story
    existing = _identities_for(conn, [key])
    identity = existing[0] if existing else _create(conn, entity.name, "PERSON", key)
    conn.execute("INSERT OR IGNORE INTO identity_keys (key, identity_id) VALUES (?, ?)", (key, identity))
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


def _matching_identity(conn: sqlite3.Connection, keys: list[str]) -> str | None:
    """The one identity the keys point to; when they point to several, the holder of the canonical name."""
    found = _identities_for(conn, keys)
    if len(found) == 1:
        return found[0]
    canonical = _identities_for(conn, keys[:1])
    return canonical[0] if len(canonical) == 1 else None


def _key_owners(conn: sqlite3.Connection, keys: list[str]) -> list[str]:
    marks = ",".join("?" * len(keys))
    return [row[0] for row in conn.execute(f"SELECT DISTINCT key FROM identity_keys WHERE key IN ({marks})", keys)]


def _identities_for(conn: sqlite3.Connection, keys: list[str]) -> list[str]:
    marks = ",".join("?" * len(keys))
    return [row[0] for row in conn.execute(
        f"SELECT DISTINCT identity_id FROM identity_keys WHERE key IN ({marks})", keys)]


def _create(conn: sqlite3.Connection, name: str, kind: str, key: str, **place: object) -> str:
    identity = "e" + content_hash(key, 15)
    while conn.execute("SELECT 1 FROM identities WHERE id = ?", (identity,)).fetchone():
        identity = "e" + content_hash(identity + key, 15)  # the same key split on purpose (ambiguous names)
    columns = ["id", "name", "type", "aliases", "articles", *place]
    values = [identity, name, kind, "[]", 0, *place.values()]
    conn.execute(f"INSERT INTO identities ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values)
    return identity


def _surname_in_story(conn: sqlite3.Connection, surname: str, story_id: str) -> str | None:
    """The one person of this story whose full name ends with this surname, if exactly one."""
    rows = conn.execute(
        "SELECT DISTINCT i.id, i.name FROM entity_identities ei JOIN identities i ON i.id = ei.identity_id "
        "WHERE ei.story_id = ? AND i.type = 'PERSON' AND i.name LIKE ? ESCAPE '\\'",
        (story_id, "% " + _escape_like(surname))).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def _absorb_surname(conn: sqlite3.Connection, identity: str, full_name: str, story_id: str) -> None:
    """A surname-only person seen earlier in the story becomes this full-named one."""
    surname = full_name.split()[-1]
    for (other,) in conn.execute(
            "SELECT DISTINCT i.id FROM entity_identities ei JOIN identities i ON i.id = ei.identity_id "
            "WHERE ei.story_id = ? AND i.type = 'PERSON' AND i.name = ? AND i.id != ?",
            (story_id, surname, identity)).fetchall():
        aliases = json.loads(conn.execute("SELECT aliases FROM identities WHERE id = ?", (other,)).fetchone()[0])
        conn.execute("UPDATE entity_identities SET identity_id = ? WHERE identity_id = ?", (identity, other))
        conn.execute("UPDATE OR IGNORE identity_keys SET identity_id = ? WHERE identity_id = ?", (identity, other))
        conn.execute("DELETE FROM identity_keys WHERE identity_id = ?", (other,))
        conn.execute("DELETE FROM identities WHERE id = ?", (other,))
        conn.execute("UPDATE identities SET articles = (SELECT count(DISTINCT article_id) FROM entity_identities "
                     "WHERE identity_id = ?) WHERE id = ?", (identity, identity))
        _add_aliases(conn, identity, aliases)


def _place_identity(conn: sqlite3.Connection, entity: ArticleEntity, place_names: list[str]) -> str:
    resolution = gazetteer().resolve(entity.name, place_names)
    if resolution is None:
        key = f"PLACE:{entity.name.lower()}"
        found = _identities_for(conn, [key])
        identity = found[0] if found else _create(conn, entity.name, "PLACE", key)
        conn.execute("INSERT OR IGNORE INTO identity_keys (key, identity_id) VALUES (?, ?)", (key, identity))
        return identity
    place = resolution.place
    key = f"PLACE:geo:{place.geonameid}"
    found = _identities_for(conn, [key])
    if found:
        return found[0]
    identity = _create(conn, place.name, "PLACE", key, geonameid=place.geonameid, place_kind=place.kind,
                       country=place.country, admin1=place.admin1, latitude=place.latitude,
                       longitude=place.longitude, candidates=resolution.candidates)
    conn.execute("INSERT INTO identity_keys (key, identity_id) VALUES (?, ?)", (key, identity))
    return identity


def _prefer_longer_name(conn: sqlite3.Connection, identity: str, name: str) -> None:
    conn.execute("UPDATE identities SET name = ? WHERE id = ? AND length(name) < length(?) AND type != 'PLACE'",
                 (name, identity, name))


def _add_aliases(conn: sqlite3.Connection, identity: str, new: list[str]) -> None:
    aliases = json.loads(conn.execute("SELECT aliases FROM identities WHERE id = ?", (identity,)).fetchone()[0])
    added = [a for a in dict.fromkeys(new) if a and a not in aliases]
    if added:
        conn.execute("UPDATE identities SET aliases = ? WHERE id = ?",
                     (json.dumps(aliases + added, ensure_ascii=False), identity))


def _descriptions(conn: sqlite3.Connection, article_id: str) -> dict[str, list[str]]:
    """How claims' sources named each entity other than by name: "the agency", "the NSC coordinator"."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'claims'").fetchone():
        return {}
    found: dict[str, list[str]] = {}
    for entity_id, source in conn.execute(
            "SELECT speaker_entity, source_text FROM claims WHERE article_id = ? AND speaker_entity IS NOT NULL "
            "AND source_text IS NOT NULL", (article_id,)):
        if source.lower() not in PRONOUNS and not COORDINATED.search(source):  # "X and Y" names two
            found.setdefault(entity_id, []).append(source)
    return found


def _titles(conn: sqlite3.Connection, article_id: str) -> dict[str, str]:
    """Organisation names that are a person's title: every mention runs straight into a name.

    "US National Security Council Coordinator for Strategic Communications John
    Kirby" is tagged as an organisation followed by a person; the organisation
    is Kirby's title, so it becomes his alias, not an organisation of its own.
    """
    rows = conn.execute(
        'SELECT m.entity_id, e.type, m.start, m."end", m.text FROM mentions m JOIN entities e ON e.id = m.entity_id '
        "WHERE m.article_id = ? ORDER BY m.start", (article_id,)).fetchall()
    followed: dict[str, set[str | None]] = {}
    for (entity, etype, _, end, text), nxt in zip(rows, rows[1:] + [None]):
        if etype != "ORG":
            continue
        person = nxt[0] if nxt and nxt[1] == "PERSON" and nxt[2] - end == 1 and TITLE_END.search(text) else None
        followed.setdefault(entity, set()).add(person)
    return {entity: next(iter(people)) for entity, people in followed.items()
            if len(people) == 1 and None not in people}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
