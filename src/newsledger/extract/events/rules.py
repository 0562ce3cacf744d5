"""Find what an article reports happened, as ACLED would code it, from the cue words and the parse.

Every cue of ``cues.toml`` that matches a sentence is a candidate; the parse
adds candidates words alone cannot type:

- a place taken (``capture``, ``seize``, ``retake`` ... with a town, a base,
  an area as object): by the state's forces, ACLED's "Government regains
  territory"; by a rebel group, "Non-state actor overtakes territory";
- a person taken (``captured two suspects``): an arrest by the state, an
  abduction by anyone else;
- killing: when those killed are fighters (soldiers, militants) it is an armed
  clash; when civilians, an attack on civilians.

The article's main event is its strongest candidate, and of equal strength
the one said first (the headline before the lede before the rest), because a
news report says first what happened; every other ACLED event type with a
strong candidate is kept as a further event of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsledger.extract.events.cues import Cue, Kind, cue_book
from newsledger.lexicon import load_lexicon

LEXICON = load_lexicon("newsledger.extract.events", "lexicon.toml")
ACTOR_CLASS = LEXICON.groups("actors", ("state", "rebels", "civilians", "protesters"))
TERRITORY_VERBS = LEXICON.groups("territory_verbs", ("take", "retake"))
PLACE_NOUNS = LEXICON.words("places")
KILL_VERBS = LEXICON.words("kill_verbs")
POLICE_WORDS = LEXICON.words("police")
#: Country adjective -> country ("north korean" -> "North Korea").
DEMONYMS = LEXICON.groups("demonyms")
PLACE_LABELS = ("GPE", "LOC", "FAC")
#: The strength of what the parse finds. A place taken is as decisive as the strongest words; who was
#: killed only tells a clash from an attack, and yields to how they were killed (an air strike, a mine).
TAKING_STRENGTH = 4
KILLING_STRENGTH = 2
#: A further event of an article needs a candidate at least this strong.
FURTHER_EVENT_STRENGTH = 3
#: A negation at most two words before a cue's words: what did not happen is no event.
NEGATED = re.compile(r"\b(?:no|not|never|without|nor|n't)(?:\W+\w+){0,2}\W*$", re.IGNORECASE)
NEGATION_CHARS = 40
#: How many characters of headline are read (a headline is one line; this bounds a runaway one).
MAX_TITLE_CHARS = 400


@dataclass(frozen=True)
class Candidate:
    """One sign that an event of ``kind`` happened: the words that say it, offsets into the text read."""

    kind: Kind
    strength: int
    sentence: int  # -1 for the headline, then 0, 1, ... for the sentences of the text
    start: int
    end: int
    rule: str  # "words" or "parse"
    agent: Any = None  # the Token of who did it, when the parse tells
    patient: Any = None  # the Token of whom or what it was done to

    @property
    def rank(self) -> tuple[int, int, int]:
        return (-self.strength, self.sentence, self.start)


def candidates(text: str, doc: Any, title: str | None = None) -> list[Candidate]:
    """Every candidate of the text (offsets into ``text``) and of its headline (offsets into ``title``,
    sentence -1), strongest and earliest first."""
    found: list[Candidate] = []
    whole = f"{title or ''}\n{text}"
    cues = [c for c in cue_book().cues if c.needs is None or c.needs.search(whole)]
    if title:
        headline = title[:MAX_TITLE_CHARS]
        found.extend(_unless_quiet(_word_candidates(cues, headline, [(0, len(headline))], -1), headline))
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    words = _word_candidates(cues, text, sentences, 0)
    by_sentence: dict[int, list[Candidate]] = {}
    for candidate in words:
        by_sentence.setdefault(candidate.sentence, []).append(candidate)
    for number, sentence in enumerate(doc.sents):
        said = [*by_sentence.get(number, []), *_parse_candidates(sentence, number)]
        found.extend(_unless_quiet(said, sentence.text))
    return sorted(_refined(found), key=lambda c: c.rank)


def _unless_quiet(found: Iterable[Candidate], sentence: str) -> list[Candidate]:
    """The candidates of a sentence, less those of kinds its words make quiet (a trial's "murder")."""
    quiet = cue_book().quiet
    if quiet is None or not quiet.pattern.search(sentence):
        return list(found)
    return [c for c in found if c.kind.code not in quiet.kinds]


def _word_candidates(cues: list[Cue], text: str, sentences: list[tuple[int, int]], first: int) -> Iterator[Candidate]:
    """Each cue's matches in the text, numbered by the sentence they lie in (from ``first``; a match
    across two sentences is none), less those a negation just before denies ("no arrests were made",
    "no one was killed"). Each pattern runs once over the whole text, not once a sentence: the cost
    of a long article is its length, not its length times its sentences."""
    starts = [start for start, _ in sentences]
    for cue in cues:
        for match in cue.pattern.finditer(text):
            number = bisect_right(starts, match.start()) - 1
            if number < 0 or match.end() > sentences[number][1]:
                continue
            since = max(sentences[number][0], match.start() - NEGATION_CHARS)
            if NEGATED.search(text, since, match.start()):
                continue
            yield Candidate(
                cue.kind, cue.strength, first + number if first >= 0 else -1, match.start(), match.end(), "words"
            )


def _refined(found: list[Candidate]) -> list[Candidate]:
    """The word candidates the parse contradicts are dropped: where the parse typed a taking or a
    killing, the bare words for it at the same place say less."""
    parsed = [c for c in found if c.rule == "parse"]
    if not parsed:
        return found
    return [c for c in found if c.rule == "parse" or not any(_overlaps(c, p) for p in parsed)]


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.sentence == b.sentence and a.start < b.end and b.start < a.end


def _parse_candidates(sentence: Any, number: int) -> Iterator[Candidate]:
    kinds = cue_book().kinds
    for token in sentence:
        if token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        agent, patient = _agent(token), _patient(token)
        if lemma in TERRITORY_VERBS and patient is not None:
            code, strength = _taking(lemma, token, agent, patient), TAKING_STRENGTH
        elif lemma in KILL_VERBS and patient is not None:
            code, strength = _killing(agent, patient), KILLING_STRENGTH
        else:
            continue
        if code:
            yield Candidate(
                kinds[code], strength, number, token.idx, token.idx + len(token.text), "parse", agent, patient
            )


def _taking(lemma: str, verb: Any, agent: Any, patient: Any) -> str | None:
    """The sub-event a taking is: of a place by the state or by others, or of a person."""
    if lemma == "take" and not _takes_control(verb, patient):
        return None
    who = actor_class(agent) if agent is not None else None
    if is_place(patient):
        if who == "rebels":
            return "NON_STATE_ACTOR_OVERTAKES_TER"
        if who == "state" or (who is None and TERRITORY_VERBS[lemma] == "retake"):
            return "GOV_REGAINS_TERIT"
        return None
    if lemma in ("capture", "seize") and actor_class(patient) in ("rebels", "civilians"):
        return "ABDUCT_DISSAP" if who == "rebels" else "ARREST"
    return None


def _takes_control(verb: Any, patient: Any) -> bool:
    """``take`` takes a place only as "take control of", "take over" or "take back"."""
    return patient.lemma_.lower() == "control" or any(
        c.dep_ == "prt" and c.lower_ in ("over", "back") for c in verb.children
    )


def _killing(agent: Any, patient: Any) -> str | None:
    """A clash when fighters were killed, an attack when civilians were (by anyone but protesters).

    A police officer shot by someone no rebel is an attack, not a battle: a clash is between organised
    armed groups, and a suspect firing at police is crime."""
    victims = actor_class(patient)
    if victims == "state" and patient.lemma_.lower() in POLICE_WORDS and actor_class(agent) != "rebels":
        return "ATTACK"
    if victims in ("state", "rebels"):
        return "ARMED_CLASH"
    if victims == "civilians" and (agent is None or actor_class(agent) in (None, "rebels", "state")):
        return "ATTACK"
    return None


def _agent(verb: Any) -> Any:
    """Who did it: the active subject, or the passive's "by" phrase."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ == "VERB":
        return _agent(verb.head) if verb.dep_ == "conj" else None
    return None


def _patient(verb: Any) -> Any:
    """To whom or what it was done: the object, the passive subject, or "control of X"'s X."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            if child.lemma_.lower() == "control":
                of = next((p for p in child.children if p.dep_ == "prep" and p.lower_ == "of"), None)
                place = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
                return place if place is not None else child
            return child
        if child.dep_ == "prep" and child.lower_ in ("of", "over"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and verb.lemma_.lower() in ("take", "gain", "control"):
                return pobj
    return None


def actor_class(token: Any) -> str | None:
    """Who a noun phrase is, by its head word, the words before it, or its "of" phrase: state, rebels,
    civilians, protesters, or None when the words do not say."""
    if token is None:
        return None
    words = [token, *(c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss"))]
    if token.ent_type_ in ("ORG", "NORP"):
        words.extend(_entity_before(token))
    classes = [ACTOR_CLASS.get(w.lemma_.lower()) or ACTOR_CLASS.get(w.lower_) for w in words]
    for group in ("rebels", "protesters", "state", "civilians"):
        if group in classes[1:] or classes[0] == group:
            if group == "civilians" and classes[0] in ("state", "rebels"):
                continue
            return group
    if token.lemma_.lower() in ("member", "number", "dozen", "score", "hundred") or token.pos_ == "NUM":
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        return actor_class(pobj)
    if token.ent_type_ == "PERSON":
        return "civilians"
    if token.lemma_.lower() == "force" and any(w.lower_ in DEMONYMS or w.ent_type_ == "NORP" for w in words[1:]):
        return "state"  # "Ukrainian forces"; "Kurdish forces" are a rebel group's, above
    return None


def _entity_before(token: Any) -> list[Any]:
    """The tokens of ``token``'s entity that come before it ("Boko" of "Boko Haram")."""
    doc, i, before = token.doc, token.i, []
    while doc[i].ent_iob_ == "I" and i > 0:
        i -= 1
        before.append(doc[i])
    return before


def is_place(token: Any) -> bool:
    """Whether a noun phrase names a place: an entity spaCy calls a place, or a place noun."""
    if token.ent_type_ in PLACE_LABELS or token.lemma_.lower() in PLACE_NOUNS:
        return True
    return any(c.ent_type_ in PLACE_LABELS for c in token.children if c.dep_ in ("compound", "appos"))
