"""What an article reports happened: its events, each with its words, actors, place, date and dead.

The main event is the strongest candidate of the headline and lede (the first
``LEDE_SENTENCES`` sentences), else of the rest; when it is an ACLED event,
every other ACLED event type with a candidate of strength
``FURTHER_EVENT_STRENGTH`` or more adds one further event, up to
``MAX_EVENTS`` (a court case or a fire that mentions an "offensive" is still
no ACLED event). An article with no candidate reports no
event: nothing is typed by default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsledger.extract.events.actors import actor_name, is_country
from newsledger.extract.events.cues import Kind
from newsledger.extract.events.rules import PLACE_LABELS, PLACE_NOUNS, Candidate, actor_class, candidates
from newsledger.extract.times.value import TimexValue
from newsledger.model import AnalysedArticle

LEDE_SENTENCES = 3
FURTHER_EVENT_STRENGTH = 4
MAX_EVENTS = 3
#: Confidence is the candidate's strength over the strongest there is, lowered when another kind of
#: event is as strongly signalled in the same place: a rule's certainty, not a calibrated probability.
TOP_STRENGTH = 5
CONTESTED = 0.7
#: Prepositions that put a name where a place goes.
LOCATIVE = frozenset({"in", "near", "around", "outside", "at", "from", "into", "across", "towards", "toward"})
#: Entity labels that are never places, wherever the parse puts them.
NOT_PLACES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "PERSON", "NORP"})


@dataclass(frozen=True)
class FoundEvent:
    """One event of an article; offsets into the item's text (``trigger`` None: only the headline says it)."""

    kind: Kind
    trigger: tuple[int, int, str] | None
    actor1: str | None
    actor2: str | None
    location: str | None
    date: str | None
    time_precision: int | None
    fatalities: int
    confidence: float


def find_events(analysed: AnalysedArticle, found: dict[str, Any]) -> list[FoundEvent]:
    """The article's events, its main event first."""
    article, doc = analysed.article, analysed.doc
    ranked = candidates(article.analysis_text, doc, article.title)
    if not ranked:
        return []
    lede = [c for c in ranked if c.sentence < LEDE_SENTENCES]
    main = (lede or ranked)[0]
    chosen = [main]
    for candidate in ranked:
        if len(chosen) == MAX_EVENTS:
            break
        if (
            main.kind.acled
            and candidate.kind.acled
            and candidate.strength >= FURTHER_EVENT_STRENGTH
            and all(candidate.kind.type != c.kind.type for c in chosen)
        ):
            chosen.append(candidate)
    sentences = list(doc.sents)
    return [_event(c, ranked, sentences, analysed, found) for c in chosen]


def _event(
    chosen: Candidate, ranked: list[Candidate], sentences: list[Any], analysed: AnalysedArticle, found: dict[str, Any]
) -> FoundEvent:
    article = analysed.article
    said = (
        chosen if chosen.sentence >= 0 else next((c for c in ranked if c.kind == chosen.kind and c.sentence >= 0), None)
    )
    sentence = sentences[said.sentence] if said is not None else (sentences[0] if sentences else None)
    actor1, actor2 = _actors(said, sentence)
    trigger = None
    if said is not None:
        trigger = (article.start + said.start, article.start + said.end, article.analysis_text[said.start : said.end])
    date, precision = _date(found, sentence, article.start)
    return FoundEvent(
        kind=chosen.kind,
        trigger=trigger,
        actor1=actor1,
        actor2=actor2,
        location=_place(sentence, analysed.doc),
        date=date,
        time_precision=precision,
        fatalities=_fatalities(found),
        confidence=_confidence(chosen, ranked),
    )


def _actors(said: Candidate | None, sentence: Any) -> tuple[str | None, str | None]:
    """Who acted and against whom: the parse's agent and patient, else the first two actors the sentence names."""
    named: list[str] = []
    if said is not None:
        for token in (said.agent, said.patient):
            name = actor_name(token) if token is not None else None
            if name and name not in named:
                named.append(name)
    if len(named) < 2 and sentence is not None:
        for token in sentence:
            if token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("compound", "amod"):
                name = actor_name(token)
                if name and name not in named:
                    named.append(name)
            if len(named) == 2:
                break
    first, second = [*named, None, None][:2]
    return first, second


def _place(sentence: Any, doc: Any) -> str | None:
    """The most specific place the text gives: a place below a country in the event's sentence, else in
    the article, else a country (the sentence's first)."""
    named = [_places(scope) for scope in (sentence, doc) if scope is not None]
    specific = [name for places in named for name in places if not is_country(name)]
    countries = [name for places in named for name in places]
    return next(iter(specific or countries), None)


def _places(scope: Any) -> list[str]:
    """Place names in a sentence or Doc: entities spaCy calls places, and any other name the parse puts
    where a place goes ("villages in Kursk", "the Kursk region"), which the small model often mislabels."""
    return [e.text for e in scope.ents if actor_class(e.root) is None and (e.label_ in PLACE_LABELS or _placed(e.root))]


def _placed(root: Any) -> bool:
    """Whether the parse puts a name where a place goes: "in Kursk", "the Kursk region", "the village of X"."""
    if root.ent_type_ in NOT_PLACES:
        return False
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in PLACE_NOUNS:
        return True
    return root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS


def _date(found: dict[str, Any], sentence: Any, offset: int) -> tuple[str | None, int | None]:
    """The first date of the event's sentence (else of the article) and ACLED's time_precision for it."""
    dated = []
    for timex in found.get("times", []):
        period = TimexValue.parse(timex.value) if timex.type in ("DATE", "TIME") else None
        if period is None or period.acled_precision is None:
            continue
        inside = sentence is not None and offset + sentence.start_char <= timex.start < offset + sentence.end_char
        dated.append((not inside, timex.start, period))
    if not dated:
        return None, None
    _, _, period = min(dated, key=lambda d: (d[0], d[1]))
    return period.first.isoformat(), period.acled_precision


def _fatalities(found: dict[str, Any]) -> int:
    """The article's best killed estimate, as ACLED counts fatalities (0 when it gives no number)."""
    killed = (found.get("casualties") or {}).get("killed")
    return int(killed.value) if killed is not None and killed.value is not None else 0


def _confidence(chosen: Candidate, ranked: list[Candidate]) -> float:
    rivals = [
        c
        for c in ranked
        if c.kind.type != chosen.kind.type and c.strength == chosen.strength and c.sentence == chosen.sentence
    ]
    return round(chosen.strength / TOP_STRENGTH * (CONTESTED if rivals else 1.0), 2)
