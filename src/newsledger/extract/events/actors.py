"""Actors and places the way ACLED names them, from the parse around an event's words.

ACLED names who acted, not where they are from: "North Korean troops" are
"Military Forces of North Korea", protesters are "Protesters (Iraq)", an armed
group is its own name ("Al Shabaab"). A nationality alone ("North Korean") is
no actor, so a phrase without a force, a group or people in it names none.
"""

from __future__ import annotations

from typing import Any

from newsledger.extract.events.rules import ACTOR_CLASS, DEMONYMS, LEXICON, POLICE_WORDS, actor_class

#: Countries by lower-cased name, and the other names of whole countries.
COUNTRIES = {country.lower(): country for country in DEMONYMS.values()}
COUNTRY_NAMES = LEXICON.words("country_names")
#: How an actor of each class is named when the text gives its country, and when it does not.
NAMED = {
    "state": ("Military Forces of {}", "Military Forces"),
    "police": ("Police Forces of {}", "Police Forces"),
    "protesters": ("Protesters ({})", "Protesters"),
    "civilians": ("Civilians ({})", "Civilians"),
}


def actor_name(token: Any) -> str | None:
    """ACLED's name for the noun phrase headed by ``token``, or None when it names no actor."""
    group = actor_class(token)
    if group is None:
        return None
    if group == "rebels":
        return _group_name(token) or "Unidentified Armed Group"
    if group == "state" and any(t.lemma_.lower() in POLICE_WORDS for t in _phrase(token)):
        group = "police"
    country = country_of(token)
    with_country, without = NAMED[group]
    return with_country.format(country) if country else without


def country_of(token: Any) -> str | None:
    """The country a phrase says its people are from: "Syrian troops", "troops of Iraq", "Iran's army"."""
    words = [t.lower_ for t in _phrase(token)]
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size]).replace(" 's", "").replace(" ’s", "")
            if chunk in DEMONYMS:
                return DEMONYMS[chunk]
            if chunk in COUNTRIES:
                return COUNTRIES[chunk]
    return None


def _group_name(token: Any) -> str | None:
    """The group a rebel phrase names: the ORG (or NORP group) entity inside it, else the run of proper
    nouns holding a group's name from the word list ("Boko Haram", whatever label spaCy gave it)."""
    words = _phrase(token)
    phrase = {t.i for t in words}
    for ent in token.sent.ents:
        if ent.label_ in ("ORG", "NORP") and ent.start in phrase and ent.text.lower() not in DEMONYMS:
            return str(ent.text)
    named = [t for t in words if t.pos_ == "PROPN"]
    if any(ACTOR_CLASS.get(t.lower_) == "rebels" for t in named):
        return " ".join(t.text for t in named)
    return None


def _phrase(token: Any) -> list[Any]:
    """The words of the noun phrase ``token`` heads, without its clauses, and its "of" phrase."""
    words = [token]
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss", "det", "nummod"):
            words.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "of":
            words.extend(child.subtree)
    return sorted(words, key=lambda t: t.i)


def is_country(name: str) -> bool:
    """Whether a place name is a whole country (a place of an event should be more specific)."""
    name = name.lower().removeprefix("the ")
    return name in COUNTRIES or name in COUNTRY_NAMES
