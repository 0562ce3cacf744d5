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

Candidates rank by strength, then by where they are said (the headline
before the lede before the rest); ``report`` picks the article's events from
them. A strength-5 cue drops the candidates its own words contain (weapons
*found* are no explosion); where the parse typed a taking or a killing, the
weaker word cues of those kinds at the same words give way to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsledger.extract.docwords import doc_words, sentence_text, tokens_among
from newsledger.extract.events.cues import Cue, Kind, cue_book
from newsledger.extract.patterns import lowered, required_words
from newsledger.lexicon import load_lexicon

LEXICON = load_lexicon("newsledger.extract.events", "lexicon.toml")
ACTOR_CLASS = LEXICON.groups("actors", ("state", "rebels", "civilians", "protesters"))
TERRITORY_VERBS = LEXICON.groups("territory_verbs", ("take", "retake"))
PLACE_NOUNS = LEXICON.words("places")
KILL_VERBS = LEXICON.words("kill_verbs")
POLICE_WORDS = LEXICON.words("police")
#: Words that say who a phrase is only before a head that says nothing itself ("security forces").
MODIFIER_CLASS = LEXICON.groups("actor_modifiers", ("state", "rebels"))
#: Heads that say nothing of who: their modifiers or their "of" phrase do ("Syrian forces").
NEUTRAL_HEADS = LEXICON.words("neutral_heads")
#: Heads counted out of an "of" phrase ("members of the security forces", "dozens of militants").
COUNTED = frozenset({"member", "number", "dozen", "score", "hundred", "thousand", "group"})
#: Country adjective -> country ("north korean" -> "North Korea").
DEMONYMS = LEXICON.groups("demonyms")
PLACE_LABELS = ("GPE", "LOC", "FAC")
#: The strength of what the parse finds. A place taken is as decisive as the strongest words; who was
#: killed only tells a clash from an attack, and yields to how they were killed (an air strike, a mine).
TAKING_STRENGTH = 4
KILLING_STRENGTH = 2
#: The kinds the parse assigns: a word cue of these kinds gives way to the parse at the same words.
PARSE_KINDS = frozenset(
    {"ATTACK", "ARMED_CLASH", "ARREST", "ABDUCT_DISSAP", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"}
)
#: Entity labels of names, not places or groups: a cue's words inside one are part of a name.
NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
#: A cue of this strength drops the candidates inside its own words.
OVERRIDING = 5
#: A negation at most three words before a cue's words: what did not happen is no event ("no arrests
#: were made", "haven't arrested", "nobody was killed").
NEGATED = re.compile(r"(?:\b(?:no|not|never|without|nor|nobody|none)|n't)(?:\W+\w+){0,3}\W*$", re.IGNORECASE)
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
    def rank(self) -> tuple[int, int, int, int]:
        """Stronger first, then said earlier. A strength-5 cue is as strong as a 4 across sentences (a
        weapons find in the fifth sentence does not outrank a bombing in the first) and goes first in
        its own sentence, which its words reinterpret ("claimed responsibility for the bombing")."""
        return (-min(self.strength, OVERRIDING - 1), self.sentence, -int(self.strength >= OVERRIDING), self.start)


def candidates(text: str, doc: Any, title: str | None = None) -> list[Candidate]:
    """Every candidate of the text (offsets into ``text``) and of its headline (offsets into ``title``,
    sentence -1), strongest and earliest first."""
    found: list[Candidate] = []
    whole = f"{title or ''}\n{text}"
    cues = [c for c in cue_book().cues if c.needs is None or c.needs.search(whole)]
    if title:
        headline = title[:MAX_TITLE_CHARS]
        searched = _searched(cues, headline)
        found.extend(_unless_quiet(_word_candidates(searched, headline, 0, len(headline), -1), headline))
    searched = _searched(cues, text)
    for number, sentence in enumerate(doc.sents):
        words = _word_candidates(searched, text, sentence.start_char, sentence.end_char, number)
        said = [*(c for c in words if not _in_a_name(c, doc)), *_parse_candidates(sentence, number)]
        found.extend(_unless_quiet(said, sentence_text(sentence)))
    return sorted(_refined(found), key=lambda c: c.rank)


def _unless_quiet(found: Iterable[Candidate], sentence: str) -> list[Candidate]:
    """The candidates of a sentence, less those of kinds its words make quiet (a trial's "murder")."""
    quiet = cue_book().quiet
    if quiet is None or not quiet.pattern.search(sentence):
        return list(found)
    return [c for c in found if c.kind.code not in quiet.kinds]


@dataclass
class _Searched:
    """The cues a text may hold, each with the words of it the text holds (``cues.required_words``): a cue
    is searched for only in a sentence holding one of them. ``lowered`` is the text lowercased."""

    cues: list[tuple[Cue, tuple[str, ...] | None]]  # None: searched in every sentence
    lowered: str


def _searched(cues: list[Cue], text: str) -> _Searched:
    """The cues, in order, less those one of whose required words the text nowhere holds; each cue
    that has such words with those of them the text holds."""
    low = lowered(text)
    needs = [required_words(cue.pattern) for cue in cues]
    words: set[str] = set().union(*(need for need in needs if need is not None))
    present = {word for word in words if word in low} if low is not None else set()  # each word looked for once
    kept: list[tuple[Cue, tuple[str, ...] | None]] = []
    for cue, need in zip(cues, needs):
        if need is None or low is None:
            kept.append((cue, None))
            continue
        here = tuple(sorted(need & present))
        if here:
            kept.append((cue, here))
    return _Searched(kept, low or "")


def _word_candidates(searched: _Searched, text: str, start: int, end: int, sentence: int) -> Iterator[Candidate]:
    """Each cue's matches in ``text[start:end]`` (one sentence, searched in place: no copy), less those
    a negation just before denies ("no arrests were made", "no one was killed"). A cue none of whose
    required words lies in the sentence has no match there and is not searched for."""
    low = searched.lowered
    for cue, words in searched.cues:
        if words is not None and not any(low.find(word, start, end) >= 0 for word in words):
            continue
        for match in cue.pattern.finditer(text, start, end):
            if NEGATED.search(text, max(start, match.start() - NEGATION_CHARS), match.start()):
                continue
            yield Candidate(cue.kind, cue.strength, sentence, match.start(), match.end(), "words")


def _in_a_name(candidate: Candidate, doc: Any) -> bool:
    """Whether the cue's words are all part of a name ("the Rockets beat the Jets", "Robbie Williams"):
    a team, a person or a work is no event. Not at a sentence's start, where every word is capitalised,
    nor in the name of a force."""
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None or span.start == span.sent.start:  # capitalised because a sentence starts there
        return False
    if any(t.lemma_.lower() in NEUTRAL_HEADS or t.lemma_.lower() in ACTOR_CLASS for t in span):
        return False  # a force's own name ("the Air Force") still says who acted
    return all(t.ent_type_ in NAME_LABELS and t.pos_ == "PROPN" for t in span)


def _refined(found: list[Candidate]) -> list[Candidate]:
    """Candidates less those another says more precisely: the words inside a strength-5 cue's (the
    explosives of "explosives were found"), and a word cue of a kind the parse assigns where the parse
    typed the same words at least as strongly ("killed": a clash, or an attack on civilians)."""
    overriding = [c for c in found if c.strength >= OVERRIDING]
    parsed = [c for c in found if c.rule == "parse"]
    return [
        c
        for c in found
        if not any(o is not c and _inside(c, o) for o in overriding)
        and not (
            c.rule == "words"
            and c.kind.code in PARSE_KINDS
            and any(_overlaps(c, p) and c.strength <= p.strength for p in parsed)
        )
    ]


def _inside(a: Candidate, b: Candidate) -> bool:
    return a.sentence == b.sentence and b.start <= a.start and a.end <= b.end and a.kind != b.kind


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.sentence == b.sentence and a.start < b.end and b.start < a.end


def _parse_candidates(sentence: Any, number: int) -> Iterator[Candidate]:
    kinds = cue_book().kinds
    for token in (sentence.doc[i] for i in tokens_among(doc_words(sentence.doc).pos, sentence, ("VERB",))):
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
    who = actor_class(agent)
    if is_place(patient):
        if who == "rebels":
            return "NON_STATE_ACTOR_OVERTAKES_TER"
        # "the town was retaken" names no one: retaking is what the state's forces report; "crews
        # cleared the road" names someone who is no force, and is no taking
        if who == "state" or (agent is None and TERRITORY_VERBS[lemma] == "retake"):
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
    victims, killers = actor_class(patient) or _person(patient), actor_class(agent)
    if victims == "state" and patient.lemma_.lower() in POLICE_WORDS and killers != "rebels":
        return "ATTACK"
    if victims in ("state", "rebels"):
        return "ARMED_CLASH"
    if victims == "civilians" and killers in (None, "rebels", "state"):
        return "ATTACK"
    return None


def _person(token: Any) -> str | None:
    """A named person killed is a civilian killed (a person named elsewhere, a speaker, is no actor)."""
    return "civilians" if token.ent_type_ == "PERSON" else None


def _agent(verb: Any) -> Any:
    """Who did it: the active subject, or the passive's "by" phrase."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":  # "attacked and overran": the first verb's subject
        return _agent(verb.head)
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
    """Who a noun phrase is: state, rebels, civilians, protesters, or None when the words do not say.

    The head noun decides ("Kurdish villagers" are civilians); the words before it or the entity it
    ends decide only for a head that says nothing itself ("government forces", "Taliban fighters"
    say it in their head, "Syrian forces" and "members of Boko Haram" do not)."""
    if token is None:
        return None
    head = ACTOR_CLASS.get(token.lemma_.lower()) or ACTOR_CLASS.get(token.lower_)
    if head is not None:
        return head
    if token.lemma_.lower() in COUNTED or token.pos_ == "NUM":
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        return actor_class(pobj)
    words = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    if token.ent_type_ in ("ORG", "NORP"):
        words.extend(_entity_before(token))
    classes = {ACTOR_CLASS.get(w.lemma_.lower()) or ACTOR_CLASS.get(w.lower_) for w in words} | {
        MODIFIER_CLASS.get(w.lower_) for w in words
    }
    for group in ("rebels", "protesters", "state"):
        if group in classes:
            return group
    if token.lemma_.lower() in NEUTRAL_HEADS and any(w.lower_ in DEMONYMS or w.ent_type_ == "NORP" for w in words):
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
