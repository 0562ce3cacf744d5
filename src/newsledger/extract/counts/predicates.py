"""What happened to the people a phrase counts, read off the dependency parse.

Every way of finding a count -- a number ("30 troops were killed"), a
quantifier ("some troops"), a named or described victim ("a man was shot") --
ends the same way: find the predicate the counted words hang on, decide from
it what happened to them (killed, injured, detained, ...), check that it really
happened (not negated, not only possible), and whether the figure may include
the dead. Those decisions and the lexicons they rest on live here, so that
``counts`` (numbers) and ``victims`` (named and described people) share them.

The ``Count`` record both of them fill, and the helpers that build one, live
here too, so that ``counts``, ``victims`` and ``casualties`` all import from
this module and never from each other in a circle.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from newsledger.extract.docwords import doc_words
from newsledger.lexicon import load_lexicon
from newsledger.model import Article, Span

# The word lists live in lexicon.toml beside this module, each with what it is for; loading checks them.
_LEXICON = load_lexicon("newsledger.extract.counts", "lexicon.toml")
# what can happen to the people counted (Count.category): a lexicon group outside these is a typo
COUNT_CATEGORIES = frozenset(
    "killed wounded killed_or_wounded injured missing evacuated detained displaced deployed affected ill".split()
)
CATEGORY_VERBS: dict[str, str] = _LEXICON.groups("category_verbs", COUNT_CATEGORIES)
CATEGORY_WORDS: dict[str, str] = _LEXICON.groups("category_words", COUNT_CATEGORIES)
PERSON_NOUNS = _LEXICON.words("person_nouns")
STATE_VERBS = _LEXICON.words("state_verbs")
DOER_VERBS = _LEXICON.words("doer_verbs")
HOSPITAL_VERBS = _LEXICON.words("hospital_verbs")
CONDITIONS = _LEXICON.words("conditions")
MODALS = _LEXICON.words("modals")
UNREAL_MARKS = _LEXICON.words("unreal_marks")
WISH_VERBS = _LEXICON.words("wish_verbs")
UNREAL_ADVERBS = _LEXICON.words("unreal_adverbs")
SURVIVED = _LEXICON.words("survived")
LIFE_VERBS = _LEXICON.words("life_verbs")
LIVES = _LEXICON.words("lives")
MEMBERSHIP_PREPOSITIONS = _LEXICON.words("membership_prepositions")
MEMBERSHIP_VERBS = _LEXICON.words("membership_verbs")


# -- the record every finder fills -----------------------------------------------------------------


@dataclass
class Count:
    """One count of people: who, what happened to them, how many, according to whom."""

    span: Span  # the count phrase: from the number to the predicate
    category: str
    value: float | None
    min: float | None
    max: float | None
    qualifier: str  # exact | approx | at_least | at_most | range | unspecified
    number: Span | None  # the number phrase itself ("about 30"); None for described victims
    subject: str | None  # "North Korean troops", "passengers", "a 25-year-old man"
    basis: str  # number | described | zero
    sentence: Span
    location: str | None = None
    when: Span | None = None
    when_value: str | None = None  # TIMEX3 value of ``when`` when it is a normalised time expression
    source: Span | None = None
    status: str = "current"  # current | superseded
    scope: str = "incident"  # incident | cumulative
    group: int = 0  # counts listed in one clause share a group and add up
    victim: str | None = None  # a named or described victim's key, to avoid counting one person twice
    root: int = field(default=-1, repr=False)  # token heading the coordination the count belongs to
    inclusive: bool = False  # a count of the shot or hospitalised that may include the dead
    shooter_apart: bool = False  # killed, and the same sentence says the killer then killed himself
    background: bool = False  # said of an earlier event or a period ("since 2007, when 28 were killed")
    confirmation: str | None = None  # ill: suspected | confirmed ("15 suspected cases"); None when not said
    disease: str | None = None  # ill (and killed by it): the disease as written ("cholera"), when named

    def best(self) -> float | None:
        """The figure to tally: the value, else the lower bound, else the upper bound."""
        for figure in (self.value, self.min, self.max):
            if figure is not None:
                return figure
        return None


def new_count(
    article: Article,
    sent: Any,
    start: int,
    end: int,
    category: str,
    value: float | None,
    low: float | None,
    high: float | None,
    qualifier: str,
    *,
    number: Span | None,
    subject: str | None,
    basis: str,
    victim: str | None = None,
) -> Count:
    """A count whose phrase runs from ``start`` to ``end`` (at least one character) in ``sent``."""
    end = max(end, start + 1)
    return Count(
        article.span(start, end),
        category,
        value,
        low,
        high,
        qualifier,
        number,
        subject,
        basis,
        article.span(sent.start_char, sent.end_char),
        victim=victim,
    )


def phrase_end(span: Any, noun: Any | None, predicate: Any | None) -> int:
    """End of a count phrase: the number, the noun counted, and the predicate with its category word."""
    ends = [span.end_char]
    if noun is not None:
        ends.append(noun.idx + len(noun.text))
    if predicate is not None and predicate.i >= span.start:
        ends.append(predicate.idx + len(predicate.text))
        for child in predicate.children:
            category = word_category(child)
            if category and child.dep_ in ("acomp", "oprd", "advcl", "xcomp", "dobj", "attr") and child.i > predicate.i:
                ends.append(child.idx + len(child.text))
    return max(ends)


def coordination_root(token: Any) -> int:
    """The first of coordinated tokens ("five children as well as his wife"): counts under one root add up."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token.i


# -- what happened ---------------------------------------------------------------------------------


def is_people(noun: Any) -> bool:
    """Whether a noun counts people: "troops", "passengers", "Ukrainians", "children and adults"."""
    if noun.lemma_.lower() in PERSON_NOUNS or noun.lower_ in PERSON_NOUNS or noun.ent_type_ == "NORP":
        return True
    return any(c.lower_ in PERSON_NOUNS and c.dep_ == "conj" for c in noun.children)


def category_of(noun: Any | None, anchor: Any) -> tuple[str | None, Any | None]:
    """What happened to the counted people, from the predicate the count hangs on, and that predicate."""
    if noun is not None:
        fate, predicate = noun_fate(noun)
        if fate:
            return fate, predicate
    head = anchor
    while head.dep_ in ("conj", "appos") and head.head != head:
        head = head.head
    while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "NUM", "PRON"):
        head = head.head.head  # "169 passengers" in "a total of 169 passengers"
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        return None, None  # "killed by three gunmen": the counted are the attackers
    if head.dep_ in ("nsubj", "nsubjpass", "dobj", "nsubj:pass", "obj", "attr"):
        return _verb_category(head.head, head.dep_)
    return None, None


def noun_fate(noun: Any) -> tuple[str | None, Any | None]:
    """What the noun itself says happened: "deaths", "two people dead", "30 wounded soldiers", "people
    killed", "three people taken to hospital"."""
    own = word_category(noun)
    if own and noun.lemma_.lower() != "body":
        return own, noun
    for child in noun.children:  # "two people dead", "three injured", "30 wounded soldiers"
        word = CATEGORY_WORDS.get(child.lower_)
        if word and child.dep_ in ("amod", "acomp", "oprd", "appos", "acl"):
            return word, child
    for child in noun.children:  # "two children found dead", "three people taken to hospital"
        fate = one_verb(child, "nsubjpass") if child.dep_ == "acl" and child.tag_ == "VBN" else None
        if fate:
            return fate, child
    return None, None


def word_category(token: Any) -> str | None:
    """The fate a word names by its lemma or as written ("deaths", "dead", "injured"), if any."""
    return CATEGORY_WORDS.get(token.lemma_.lower()) or CATEGORY_WORDS.get(token.lower_)


def _verb_category(verb: Any, relation: str) -> tuple[str | None, Any | None]:
    """Category of a verb and of the verbs coordinated with it that share its subject."""
    verbs = [verb] + [c for c in verb.conjuncts if _shares_argument(verb, c, relation)]
    categories: list[str] = []
    last = verb
    for candidate in verbs:
        category = one_verb(candidate, relation)
        if category:
            categories.append(category)
            last = candidate if candidate.i > last.i else last
    if not categories:
        return None, None
    if "killed" in categories and any(c in ("wounded", "injured") for c in categories):
        if any(t.lower_ == "or" for t in verb.children if t.dep_ == "cc"):
            return "killed_or_wounded", last
    if "killed" in categories:
        return "killed", last
    return categories[0], last


def _shares_argument(verb: Any, other: Any, relation: str) -> bool:
    """A coordinated verb applies to the count only if nothing between them brings its own subject
    ("four men went ..., and one suspect was shot and died"), nor, for an object, its own object
    ("shot three women and then killed himself")."""
    own = ("nsubj", "nsubjpass", "dobj") if relation == "dobj" else ("nsubj", "nsubjpass")
    low, high = sorted((verb.i, other.i))
    semicolons = _semicolons(verb.doc)
    at = bisect_left(semicolons, low)
    if at < len(semicolons) and semicolons[at] < high:
        return False  # "injures 9 people; gunman shot, killed": a semicolon starts another clause
    token = other
    while token != verb and token.dep_ == "conj" and token.head != token:
        if any(g.dep_ in own for g in token.children):
            return False
        token = token.head
    if token == verb:
        return True
    return not any(g.dep_ in own for g in other.children)


def _semicolons(doc: Any) -> list[int]:
    """The indexes of a doc's semicolons, found once per doc (kept in its ``user_data``): scanning the
    tokens between a verb and each of its conjuncts made a long sentence of counts cost its length cubed."""
    key = "newsledger.counts.semicolons"
    found: list[int] | None = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = [i for i, text in enumerate(doc_words(doc).text) if text == ";"]
    return found


def one_verb(verb: Any, relation: str) -> str | None:
    """What one predicate (a verb, or an adjective like "dead") says happened to its ``relation``."""
    lemma = verb.lemma_.lower()
    if verb.lower_ == "missing":
        return "missing"
    if verb.pos_ == "ADJ" or (verb.lower_ in CATEGORY_WORDS and verb.pos_ != "VERB"):
        return CATEGORY_WORDS.get(verb.lower_)
    if lemma in STATE_VERBS:
        return _state_category(verb, lemma, relation)
    if lemma in LIFE_VERBS and any(c.lower_ in LIVES for c in verb.children if c.dep_ != "prep"):
        return "killed"  # "40 lives were lost", "claimed the lives of 40", "cost 40 lives"
    if lemma == "pass" and any(c.lower_ == "away" for c in verb.children):
        return "killed"  # "passed away at the hospital"
    if _hospital_or_condition(verb):
        return "injured"  # "was taken to the hospital", "is in critical condition", "is recovering"
    category = CATEGORY_VERBS.get(lemma)
    if category is None:
        return None
    if lemma in DOER_VERBS and relation == "nsubj" and verb.tag_ != "VBN" and not _headline_passive(verb):
        return None  # "three gunmen killed ..." counts the attackers, not the victims
    if category == "wounded" and is_fatal(verb):
        return "killed"
    return category


def _headline_passive(verb: Any) -> bool:
    """ "Teen shot to death in apartment", "boy shot and killed": headlines drop "was", and a killing
    verb with no object anywhere in its clause is passive, its subject the one killed."""
    verbs = [verb, *verb.conjuncts]
    if any(c.dep_ in ("dobj", "obj") for v in verbs for c in v.children):
        return False
    return is_fatal(verb) or any(v.lemma_.lower() == "kill" and v != verb for v in verbs)


def _state_category(verb: Any, lemma: str, relation: str) -> str | None:
    """ "were dead", "left two dead", "went missing", "pronounced dead", "remain in critical condition";
    membership in a group with a fate: "among the dead were two children", "the dead include four"."""
    membership = _membership(verb, relation)
    if membership:
        return membership
    for child in verb.children:
        word = CATEGORY_WORDS.get(child.lower_)
        if word and child.dep_ in ("acomp", "oprd", "xcomp", "attr", "ccomp", "advmod", "advcl", "dobj"):
            return word
    if lemma == "report" and relation == "dobj":
        return None
    return "injured" if _hospital_or_condition(verb) else None


def _membership(verb: Any, relation: str) -> str | None:
    """ "Among the dead were two children", "two were among the injured", "the dead include four
    firefighters": the counted are members of a group whose fate a category word says."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in MEMBERSHIP_PREPOSITIONS):
        group = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if group is not None and not any(c.like_num for c in group.children):
            word = word_category(group)
            if word:
                return word
    if verb.lemma_.lower() in MEMBERSHIP_VERBS and relation in ("dobj", "attr"):
        group = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if group is not None and not any(c.like_num for c in group.children):
            return word_category(group)
    return None


def _hospital_or_condition(verb: Any) -> bool:
    """Hospital and condition phrases that say someone was hurt."""
    lemma = verb.lemma_.lower()
    if lemma == "recover" and verb.tag_ in ("VBG", "VBZ", "VBP", "VBD"):
        return True
    if lemma in ("suffer", "sustain") and any(c.lemma_.lower() in ("wound", "injury", "injure") for c in verb.subtree):
        return True
    if lemma == "strike" and verb.tag_ == "VBN":
        return True
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        objects = [g for g in prep.children if g.dep_ == "pobj"]
        if (
            lemma in HOSPITAL_VERBS
            and prep.lower_ in ("to", "into")
            and any(o.lemma_.lower() in ("hospital", "center", "centre", "trauma") for o in objects)
        ):
            return True
        if prep.lower_ == "in" and any(
            o.lemma_.lower() == "condition" and any(m.lower_ in CONDITIONS for m in o.children) for o in objects
        ):
            return True
        if prep.lower_ == "with" and any(o.lemma_.lower() in ("wound", "injury") for o in objects):
            return True
    return False


def is_fatal(verb: Any) -> bool:
    """ "shot dead", "fatally shot", "shot to death", "shot and killed"."""
    for child in verb.children:
        if child.lower_ in ("fatally", "dead", "mortally"):
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lower_ == "death" for g in child.children):
            return True
    return False


# -- did it happen, and to whom --------------------------------------------------------------------


def negated(predicate: Any | None) -> bool:
    """ "was not injured", "tried to kill him", "could have killed", "if he shoots him", "nearly
    killed": a predicate that says it did not happen, or only might have."""
    if predicate is None:
        return False
    if any(c.dep_ == "neg" for c in predicate.children):
        return True
    if any(
        c.dep_ == "mark" and c.lower_ in UNREAL_MARKS for a in [predicate, *predicate.ancestors] for c in a.children
    ):
        return True  # inside an "if" clause
    if _wished_or_feared(predicate):
        return True
    token = predicate
    while True:
        if _unreal(token):
            return True
        if token.dep_ != "conj" or token.head == token:
            return False
        token = token.head


def _wished_or_feared(predicate: Any) -> bool:
    """ "don't let my baby die", "she feared he would die", "we pray he survives": the clause a
    wish, fear or plea governs has not happened."""
    head = predicate.head
    if predicate.dep_ not in ("ccomp", "xcomp") or head == predicate:
        return False
    lemma = head.lemma_.lower()
    if lemma == "let":
        return any(c.dep_ == "neg" for c in head.children) or head.tag_ == "VB"
    return lemma in WISH_VERBS


def _unreal(token: Any) -> bool:
    """A modal ("could have killed"), an infinitive ("tried to kill") or "nearly" on this verb."""
    children = list(token.children)
    if any(c.dep_ == "aux" and (c.lower_ in MODALS or (c.lower_ == "to" and token.tag_ == "VB")) for c in children):
        return True
    return any(c.dep_ == "advmod" and c.lower_ in UNREAL_ADVERBS for c in children)


def inclusive(noun: Any | None, predicate: Any | None) -> bool:
    """ "Both were shot", "three people were taken to hospital": a count of the hurt that may include
    those who died; "three others were wounded", "17 more injured" count only survivors."""
    if predicate is None or predicate.lemma_.lower() in SURVIVED or predicate.lower_ in CATEGORY_WORDS:
        return False
    if noun is not None and (
        noun.lemma_.lower() == "other" or any(c.lower_ in ("other", "others", "more", "another") for c in noun.children)
    ):
        return False
    return True
