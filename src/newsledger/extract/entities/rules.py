"""Entities: named-entity mentions grouped into one entity per referent in an article.

spaCy finds the mentions; the grouping is ours and deliberately conservative:
the same name, a surname after a full name ("Kirby" -> "John Kirby", even
when spaCy tags the lone surname as an ORG), an acronym that spells a named
organisation's initials or is introduced in brackets ("International Rescue
Committee (IRC)"). Descriptions and pronouns are resolved with claims, where
the speaker matters.
"""

from __future__ import annotations

import re
from collections import Counter

from newsledger.model import AnalysedArticle, Article, Entity, Mention

ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
LEADING = re.compile(r"^(?:the|The|THE)\s+")
TRAILING = re.compile(r"(?:['’]s|['’])$")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,9}$")


def canonical_form(text: str) -> str:
    """A mention's name without a leading article or trailing possessive."""
    name = LEADING.sub("", text.strip())
    return TRAILING.sub("", name).strip()


def initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[A-Za-z][\w-]*", name) if word[0].isupper())


def find_entities(analysed: AnalysedArticle) -> list[Entity]:
    """Entities of one article, each with all its mentions (offsets into the item)."""
    article, doc = analysed.article, analysed.doc
    mentions: list[tuple[str, Mention]] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or not canonical_form(ent.text):
            continue
        mentions.append((canonical_form(ent.text), Mention(article.span(ent.start_char, ent.end_char), ent.label_)))
    return _group(mentions, article)


def _group(mentions: list[tuple[str, Mention]], article: Article) -> list[Entity]:
    """Cluster mentions by name, surname and acronym; first-seen order."""
    by_key: dict[str, list[tuple[str, Mention]]] = {}
    for name, mention in mentions:
        by_key.setdefault(_key(name, mention.label), []).append((name, mention))
    clusters = list(by_key.values())
    _merge_surnames(clusters)
    _merge_acronyms(clusters, article)
    entities = [_entity(cluster) for cluster in clusters if cluster]
    entities.sort(key=lambda e: e.mentions[0].span.start)
    return entities


def _key(name: str, label: str) -> str:
    kind = "PLACE" if label in {"GPE", "LOC", "FAC"} else label
    return f"{kind}:{name.lower()}"


def _names(cluster: list[tuple[str, Mention]]) -> set[str]:
    return {name for name, _ in cluster}


def _merge_surnames(clusters: list[list[tuple[str, Mention]]]) -> None:
    """Fold a one-word name into the person whose full name ends (or starts) with it."""
    people = [c for c in clusters if any(m.label == "PERSON" and " " in n for n, m in c)]
    by_surname = _by_last_word(people)
    for cluster in clusters:
        names = _names(cluster)
        if len(names) != 1 or " " in next(iter(names)) or not cluster:
            continue
        word = next(iter(names))
        if cluster[0][1].label not in {"PERSON", "ORG", "GPE", "NORP"}:
            continue
        owners = [p for p in by_surname.get(word, []) if p is not cluster]
        if len(owners) == 1:  # ambiguous surnames stay apart
            owners[0].extend(cluster)
            cluster.clear()


def _by_last_word(people: list[list[tuple[str, Mention]]]) -> dict[str, list[list[tuple[str, Mention]]]]:
    """The people whose full name (of two words or more) ends with each word, in order, each once: looked
    up instead of scanning every person for each one-word name (the square of a long article's length).
    Merging adds only one-word names to a person, so what this holds stays true while the names merge."""
    found: dict[str, list[list[tuple[str, Mention]]]] = {}
    for person in people:
        for word in dict.fromkeys(parts[-1] for parts in map(str.split, _names(person)) if len(parts) > 1):
            found.setdefault(word, []).append(person)
    return found


def _merge_acronyms(clusters: list[list[tuple[str, Mention]]], article: Article) -> None:
    """Fold an acronym into the organisation it abbreviates."""
    by_initials: dict[str, list[list[tuple[str, Mention]]]] = {}  # an acronym's names hold no space: this stays
    for cluster in clusters:
        for letters in dict.fromkeys(initials(n) for n in _names(cluster) if " " in n):
            by_initials.setdefault(letters, []).append(cluster)
    introductions = _Introductions(clusters, article)
    for cluster in clusters:
        names = _names(cluster)
        if len(names) != 1 or not ACRONYM.match(next(iter(names))):
            continue
        acronym = next(iter(names)).replace(".", "")
        owners = [c for c in by_initials.get(acronym, []) if c is not cluster and c]
        if not owners:
            owners = [
                c for c in introductions.of(acronym) if c is not cluster and c and _introduces(c, acronym, article)
            ]
        if len(owners) == 1:
            introductions.moved(cluster, owners[0])
            owners[0].extend(cluster)
            cluster.clear()


class _Introductions:
    """Which clusters may have a mention followed by "(ACRONYM)": the article's parenthesised acronyms
    found once, and the clusters by where their mentions end, instead of a search after every mention
    of every cluster for each acronym (the square of a long article's length)."""

    PARENTHESISED = re.compile(r"\(\s*([A-Z][A-Z0-9&]*)\s*\)")

    def __init__(self, clusters: list[list[tuple[str, Mention]]], article: Article) -> None:
        self.order = {id(c): n for n, c in enumerate(clusters)}
        self.clusters = clusters
        self.ending_at: dict[int, list[int]] = {}  # a mention's end (in analysis_text) -> the clusters holding it
        self.start = article.start
        for cluster in clusters:
            self._hold(cluster, cluster)
        self.places: dict[str, list[int]] = {}  # an acronym -> where a mention before its "(" may end
        text = article.analysis_text
        for found in self.PARENTHESISED.finditer(text):
            opening = found.start()
            first = opening
            while first > 0 and text[first - 1].isspace():
                first -= 1
            self.places.setdefault(found.group(1), []).extend(range(first, opening + 1))

    def _hold(self, mentions: list[tuple[str, Mention]], cluster: list[tuple[str, Mention]]) -> None:
        for _, mention in mentions:
            self.ending_at.setdefault(mention.span.end - self.start, []).append(self.order[id(cluster)])

    def moved(self, cluster: list[tuple[str, Mention]], owner: list[tuple[str, Mention]]) -> None:
        """``cluster``'s mentions are joining ``owner``."""
        self._hold(cluster, owner)

    def of(self, acronym: str) -> list[list[tuple[str, Mention]]]:
        """The clusters, in order, that hold or held a mention ending right before "(acronym)"."""
        found = {n for place in self.places.get(acronym, []) for n in self.ending_at.get(place, [])}
        return [self.clusters[n] for n in sorted(found)]


def _introduces(cluster: list[tuple[str, Mention]], acronym: str, article: Article) -> bool:
    """True when a mention of the cluster is directly followed by "(ACRONYM)"."""
    pattern = re.compile(r"\s*\(\s*" + re.escape(acronym) + r"\s*\)")
    return any(pattern.match(article.analysis_text, m.span.end - article.start) for _, m in cluster)


def _entity(cluster: list[tuple[str, Mention]]) -> Entity:
    labels = Counter(m.label for _, m in cluster)
    label = "PERSON" if any(" " in n and m.label == "PERSON" for n, m in cluster) else labels.most_common(1)[0][0]
    same_type = [n for n, m in cluster if m.label == label] or [n for n, _ in cluster]
    name = max(same_type, key=lambda n: (len(n.split()), len(n), -same_type.index(n)))
    mentions = sorted((m for _, m in cluster), key=lambda m: m.span.start)
    return Entity(name=name, type=label, mentions=mentions)
