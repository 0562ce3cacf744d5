"""Counts of people (killed, wounded, missing, evacuated, ...), money, and each article's casualties.

A count is a number phrase (or a described victim: "a 25-year-old man was
shot and killed") tied through the dependency parse to a predicate that says
what happened to the people counted. Numbers that are not counts of people
(ages, durations, years, clock times, addresses, counts of things) never
become counts; money becomes its own record.

``casualties`` is filled the way an ACLED coder fills the fatalities column:
the same victims reported twice are not added up (the largest current figure
wins), described victims count when no total is given, victims listed in one
clause are added ("his five young children as well as his wife" -> 6), and a
killed-or-wounded total never goes into killed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from newsledger.extract.entities import canonical_form
from newsledger.extract.numbers import QuantityMention, find_quantities
from newsledger.model import AnalysedArticle, Article, Span

# What happened to the people counted, by lemma of the predicate.
CATEGORY_VERBS: dict[str, str] = {
    **dict.fromkeys(["kill", "die", "murder", "slay", "execute", "behead", "massacre", "perish", "drown",
                     "assassinate", "slaughter", "electrocute", "burn"], "killed"),
    **dict.fromkeys(["wound", "shoot", "stab", "maim", "graze"], "wounded"),
    **dict.fromkeys(["injure", "hurt", "hospitalize", "hospitalise", "treat"], "injured"),
    **dict.fromkeys(["evacuate", "rescue"], "evacuated"),
    **dict.fromkeys(["arrest", "detain", "capture", "jail", "imprison", "abduct", "kidnap"], "detained"),
    **dict.fromkeys(["displace", "flee", "uproot"], "displaced"),
    **dict.fromkeys(["deploy", "send", "dispatch", "station", "mobilize", "mobilise"], "deployed"),
    **dict.fromkeys(["affect"], "affected"),
    **dict.fromkeys(["disappear", "vanish"], "missing"),
}
CATEGORY_WORDS: dict[str, str] = {  # adjectives and nouns: "12 dead", "three injuries", "30 casualties"
    "dead": "killed", "death": "killed", "fatality": "killed", "body": "killed", "killed": "killed",
    "wounded": "wounded", "injured": "injured", "injury": "injured", "hurt": "injured",
    "casualty": "killed_or_wounded", "missing": "missing", "unaccounted": "missing",
    "evacuee": "evacuated", "displaced": "displaced", "homeless": "displaced", "detainee": "detained",
    "hostage": "detained", "deceased": "killed", "lifeless": "killed",
}
PERSON_NOUNS = frozenset("""
people person persons man men woman women child children kid kids boy boys girl girls baby babies toddler
toddlers teen teens teenager teenagers youth youths adult adults civilian civilians soldier soldiers troop
troops serviceman servicemen servicemember servicemembers fighter fighters militant militants officer officers
policeman policemen passenger passengers crew member members student students worker workers resident residents
victim victims migrant migrants refugee refugees patient patients protester protesters demonstrator
demonstrators hostage hostages individual individuals staff attendant attendants guard guards pilot pilots
sailor sailors marine marines rebel rebels gunman gunmen suspect suspects pedestrian pedestrians driver drivers
motorist motorists firefighter firefighters journalist journalists worshipper worshippers pilgrim pilgrims
villager villagers miner miners prisoner prisoners inmate inmates employee employees customer customers tourist
tourists visitor visitors spectator spectators fan fans player players sibling siblings brother brothers sister
sisters son sons daughter daughters mother mothers father fathers parent parents wife wives husband husbands
family families relative relatives friend friends neighbor neighbors neighbour neighbours bystander bystanders
shooter shooters attacker attackers other others casualty casualties fatality fatalities death deaths body bodies
injury injuries personnel agent agents deputy deputies trooper troopers cop cops infant infants newborn
occupant occupants survivor survivors worshiper worshipers evacuee evacuees hiker hikers swimmer swimmers
""".split())
RELATIVES = frozenset("wife husband son daughter mother father brother sister child children baby girlfriend "
                      "boyfriend fiancee fiance grandmother grandfather niece nephew cousin stepson stepdaughter".split())
SAY_LEMMAS = frozenset("say tell report confirm announce state add claim estimate put note".split())
CUMULATIVE = re.compile(r"\b(?:death\s+toll|toll|so\s+far|to\s+date|in\s+all|altogether|overall|since\s+the\s+start|cumulative)\b", re.I)
REVISED = re.compile(r"\b(?:revis\w*|rais\w*\s+the|lower\w*\s+the|updat\w*|correct\w*)\b", re.I)
INITIAL = re.compile(r"\b(?:initially|originally|at\s+first|earlier|previously|first)\b", re.I)
ROSE_TO = re.compile(r"\b(?:rose|risen|climbed|increased|jumped|grew|revised|raised|now\s+stands\s+at|reached)\s+(?:to\s+)?$", re.I)
ZERO = re.compile(r"\b(?:no\s+one|nobody|no\s+(?:other\s+|further\s+|additional\s+|serious\s+)?(?:injuries|deaths|casualties|fatalities|one\s+else|other\s+people|people|officers|students))\b", re.I)
# Sentences about other, earlier events or a period's totals: "in the summer of 2012", "since 2007",
# "so far this year". Their figures give background, not the article's incident.
BACKGROUND = re.compile(r"\b(?:(?:in|of|during)\s+(?:the\s+\w+\s+of\s+)?(?:19|20)\d{2}\b(?!\s*[,-]?\s*\d)"
                        r"|since\b[^.;]{0,40}\b(?:19|20)\d{2}\b|(?:this|last)\s+year\b)", re.I)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
AGE_LIKE = re.compile(r"\byears?[-\s]old\b|^\d{1,3}$", re.I)  # spaCy tags ages as DATE
TIME_LABELS = frozenset({"DATE", "TIME"})


@dataclass
class Count:
    """One count of people: who, what happened to them, how many, according to whom."""

    span: Span                 # the count phrase: from the number to the predicate
    category: str
    value: float | None
    min: float | None
    max: float | None
    qualifier: str             # exact | approx | at_least | at_most | range | unspecified
    number: Span | None        # the number phrase itself ("about 30"); None for described victims
    subject: str | None        # "North Korean troops", "passengers", "a 25-year-old man"
    basis: str                 # number | described | zero
    sentence: Span
    location: str | None = None
    when: Span | None = None
    source: Span | None = None
    status: str = "current"    # current | superseded
    scope: str = "incident"    # incident | cumulative
    group: int = 0             # counts listed in one clause share a group and add up
    victim: str | None = None  # a named or described victim's key, to avoid counting one person twice
    root: int = field(default=-1, repr=False)  # token heading the coordination the count belongs to
    inclusive: bool = False    # a count of the shot or hospitalised that may include the dead
    background: bool = False   # said of an earlier event or a period ("since 2007, when 28 were killed")

    def best(self) -> float | None:
        """The figure to tally: the value, else the lower bound, else the upper bound."""
        for figure in (self.value, self.min, self.max):
            if figure is not None:
                return figure
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.span.text, "start": self.span.start, "end": self.span.end,
            "category": self.category, "subject": self.subject, "value": self.value, "min": self.min,
            "max": self.max, "qualifier": self.qualifier, "basis": self.basis,
            "number": self.number.as_dict() if self.number else None,
            "location": self.location, "when": self.when.as_dict() if self.when else None,
            "source": self.source.as_dict() if self.source else None, "status": self.status,
            "scope": self.scope, "sentence": self.sentence.as_dict(),
        }


@dataclass
class Money:
    span: Span
    currency: str | None
    value: float | None
    min: float | None
    max: float | None
    qualifier: str

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.span.text, "start": self.span.start, "end": self.span.end,
                "currency": self.currency, "value": self.value, "min": self.min, "max": self.max,
                "qualifier": self.qualifier}


@dataclass
class Tally:
    """The article's best estimate for one category, and the counts it rests on."""

    value: float | None
    qualifier: str
    counts: list[Count] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "qualifier": self.qualifier,
                "counts": [{"text": c.span.text, "start": c.span.start, "end": c.span.end} for c in self.counts]}


def find_counts(analysed: AnalysedArticle) -> tuple[list[Count], list[Money]]:
    """Counts of people and money amounts of one article, in text order."""
    article, doc = analysed.article, analysed.doc
    counts: list[Count] = []
    money: list[Money] = []
    mentions = find_quantities(article.analysis_text)
    groups = 0
    for sent in doc.sents:
        inside = [m for m in mentions if sent.start_char <= m.start and m.end <= sent.end_char]
        found: list[Count] = []
        used_tokens: set[int] = set()
        for mention in inside:
            if mention.kind == "money":
                money.append(Money(article.span(mention.start, mention.end), mention.currency, *_figures(mention)))
            elif mention.kind == "count":
                count = _number_count(article, doc, sent, mention, used_tokens)
                if count:
                    found.append(count)
        found.extend(_vague_counts(article, doc, sent, used_tokens))
        found.extend(_described_victims(article, doc, sent, used_tokens))
        found.extend(_zero_counts(article, sent))
        for count in found:
            _context(article, doc, sent, count)
        groups = _assign_groups(found, groups)
        counts.extend(found)
    counts.sort(key=lambda c: c.span.start)
    _mark_superseded(counts)
    return counts, money


def _figures(mention: QuantityMention) -> tuple[float | None, float | None, float | None, str]:
    q = mention.quantity
    return q.value, q.min, q.max, q.qualifier


# -- counts from numbers ---------------------------------------------------------------------------


def _number_count(article: Article, doc: Any, sent: Any, mention: QuantityMention, used: set[int]) -> Count | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    number_token = span[-1]
    while number_token.dep_ == "conj" and number_token.head.i >= span.start:
        number_token = number_token.head  # "between 20 and 30": the range hangs on its first figure
    if _pronoun_one(span):
        return None
    toll = _toll(number_token)
    if toll is not None:
        return _toll_count(article, doc, sent, mention, span, toll, used)
    if number_token.dep_ == "pobj" and number_token.head.lower_ == "of":
        return None  # "a mother of three", "one of three"
    noun, anchor = _counted(number_token)
    category, predicate = _category(noun, anchor)
    if category is None or _negated(predicate):
        return None
    if noun is not None and not _is_people(noun) and noun.lemma_.lower() not in CATEGORY_WORDS \
            and noun.lower_ not in CATEGORY_WORDS:
        return None
    if noun is None and category in ("deployed", "affected", "evacuated"):
        return None  # "sent 500" with nothing counted is too vague to be about people
    used.update(t.i for t in span)
    if noun is not None:
        used.add(noun.i)
    count = _count(article, doc, sent, mention.start, _phrase_end(span, noun, predicate), category,
                   *_figures(mention), number=article.span(mention.start, mention.end),
                   subject=_subject_text(noun), basis="number")
    count.root = _coordination_root(noun if noun is not None else number_token)
    if noun is not None and noun.head.lower_ == "of" and noun.head.head is number_token:
        count.root = number_token.i  # "one of two people killed" is part of the two, not added to them
    count.inclusive = _inclusive(noun, predicate)
    return count


def _pronoun_one(span: Any) -> bool:
    """"no one was hurt", "any one of them": "one" there is a pronoun, not a count of one."""
    first = span[0]
    return len(span) == 1 and first.lower_ == "one" and first.i > 0 and \
        first.doc[first.i - 1].lower_ in ("no", "any", "every", "each")


MODALS = frozenset("would could might may should can".split())
UNREAL_MARKS = frozenset({"if", "unless"})
UNREAL_ADVERBS = frozenset({"possibly", "nearly", "almost", "narrowly"})


TOLL_CATEGORIES = {"death": "killed", "injury": "injured", "casualty": "killed_or_wounded"}


def _toll(number_token: Any) -> Any | None:
    """The "toll" a figure is the value of: "the death toll rose to 12", "the toll stood at 12", "the toll is 12"."""
    head = number_token.head
    if number_token.dep_ == "pobj" and head.lower_ in ("to", "at"):
        head = head.head
    elif number_token.dep_ not in ("attr", "dobj"):
        return None
    return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() == "toll"), None)


def _toll_count(article: Article, doc: Any, sent: Any, mention: QuantityMention, span: Any, toll: Any,
                used: set[int]) -> Count:
    kinds = [TOLL_CATEGORIES.get(c.lemma_.lower()) for c in toll.children if c.dep_ in ("compound", "amod")]
    category = next((k for k in kinds if k), "killed")
    used.update(t.i for t in span)
    start = min(t.idx for t in toll.subtree)
    count = _count(article, doc, sent, start, mention.end, category, *_figures(mention),
                   number=article.span(mention.start, mention.end), subject="people", basis="number")
    count.scope = "cumulative"
    count.root = span[0].i
    return count


def _negated(predicate: Any | None) -> bool:
    """"was not injured", "tried to kill him", "could have killed", "if he shoots him", "nearly
    killed": a predicate that says it did not happen, or only might have."""
    if predicate is None:
        return False
    if any(c.dep_ == "neg" for c in predicate.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in UNREAL_MARKS for a in [predicate, *predicate.ancestors] for c in a.children):
        return True  # inside an "if" clause
    token = predicate
    while True:
        children = list(token.children)
        if any(c.dep_ == "aux" and (c.lower_ in MODALS or c.lower_ == "to" and token.tag_ == "VB") for c in children):
            return True
        if any(c.dep_ == "advmod" and c.lower_ in UNREAL_ADVERBS for c in children):
            return True
        if token.dep_ != "conj" or token.head is token:
            return False
        token = token.head


def _coordination_root(token: Any) -> int:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.i


def _counted(number_token: Any) -> tuple[Any | None, Any]:
    """The noun a number counts ("30 ... troops", "three of the victims") and the token to climb from."""
    token = number_token
    if token.dep_ in ("nummod", "quantmod", "compound") and token.head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
        token = token.head
        if token.dep_ in ("nummod", "quantmod") and token.head.pos_ in ("NOUN", "PROPN"):
            token = token.head
        return token, token
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        noun = next((c for c in of.children if c.dep_ == "pobj"), None)
        return noun, token
    follower = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if follower is not None and follower.lower_ in CATEGORY_WORDS:
        return follower, token
    return None, token


def _is_people(noun: Any) -> bool:
    lemma = noun.lemma_.lower()
    text = noun.lower_
    if lemma in PERSON_NOUNS or text in PERSON_NOUNS or noun.ent_type_ == "NORP":
        return True
    return any(c.lower_ in PERSON_NOUNS and c.dep_ == "conj" for c in noun.children)


def _category(noun: Any | None, anchor: Any) -> tuple[str | None, Any | None]:
    """What happened to the counted people, from the predicate the count hangs on."""
    if noun is not None:
        own = CATEGORY_WORDS.get(noun.lemma_.lower()) or CATEGORY_WORDS.get(noun.lower_)
        if own and noun.lemma_.lower() not in ("body",):
            return own, noun
        for child in noun.children:  # "two people dead", "three injured", "30 wounded soldiers"
            word = CATEGORY_WORDS.get(child.lower_)
            if word and child.dep_ in ("amod", "acomp", "oprd", "appos", "acl"):
                return word, child
    head = anchor
    while head.dep_ in ("conj", "appos") and head.head is not head:
        head = head.head
    while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "NUM", "PRON"):
        head = head.head.head  # "169 passengers" in "a total of 169 passengers"
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        return None, None  # "killed by three gunmen": the counted are the attackers
    if head.dep_ in ("nsubj", "nsubjpass", "dobj", "nsubj:pass", "obj", "attr"):
        verb = head.head
        return _verb_category(verb, head.dep_)
    if head.dep_ == "pobj" and head.head.lower_ in ("among", "including"):
        return None, None
    return None, None


def _verb_category(verb: Any, relation: str) -> tuple[str | None, Any | None]:
    """Category of a verb and of the verbs coordinated with it that share its subject."""
    verbs = [verb] + [c for c in verb.conjuncts if _shares_argument(verb, c, relation)]
    categories: list[str] = []
    last = verb
    for candidate in verbs:
        category = _one_verb(candidate, relation)
        if category:
            categories.append(category)
            last = candidate if candidate.i > last.i else last
    if not categories:
        return None, None
    if "killed" in categories and any(c in ("wounded", "injured") for c in categories):
        has_or = any(t.lower_ == "or" for t in verb.children if t.dep_ == "cc")
        if has_or:
            return "killed_or_wounded", last
    if "killed" in categories:
        return "killed", last
    return categories[0], last


def _shares_argument(verb: Any, other: Any, relation: str) -> bool:
    """A coordinated verb applies to the count only if nothing between them brings its own subject
    ("four men went ..., and one suspect was shot and died"), nor, for an object, its own object
    ("shot three women and then killed himself")."""
    own = ("nsubj", "nsubjpass", "dobj") if relation == "dobj" else ("nsubj", "nsubjpass")
    token = other
    while token is not verb and token.dep_ == "conj" and token.head is not token:
        if any(g.dep_ in own for g in token.children):
            return False
        token = token.head
    if token is verb:
        return True
    return not any(g.dep_ in own for g in other.children)


def _one_verb(verb: Any, relation: str) -> str | None:
    lemma = verb.lemma_.lower()
    if verb.lower_ == "missing":
        return "missing"
    if verb.pos_ == "ADJ" or verb.lower_ in CATEGORY_WORDS and verb.pos_ != "VERB":
        return CATEGORY_WORDS.get(verb.lower_)
    if lemma in ("be", "remain", "leave", "go", "find", "declare", "pronounce", "report", "list", "confirm"):
        for child in verb.children:  # "were dead", "left two dead", "went missing", "pronounced dead"
            word = CATEGORY_WORDS.get(child.lower_)
            if word and child.dep_ in ("acomp", "oprd", "xcomp", "attr", "ccomp", "advmod", "advcl", "dobj"):
                return word
        if lemma == "report" and relation == "dobj":
            return None
        return "injured" if _hospital_or_condition(verb) else None
    if lemma in ("lose",) and any(c.lower_ in ("life", "lives") for c in verb.children):
        return "killed"
    if _hospital_or_condition(verb):
        return "injured"  # "was taken to the hospital", "is in critical condition", "is recovering"
    if lemma == "sustain" and any(c.lemma_.lower() in ("injury", "wound") for c in verb.children):
        return "injured"
    category = CATEGORY_VERBS.get(lemma)
    if category is None:
        return None
    if lemma in ("kill", "injure", "wound", "hurt", "shoot", "stab", "murder", "evacuate", "rescue", "arrest",
                 "detain", "displace", "deploy", "send", "affect", "hospitalize", "hospitalise", "treat") \
            and relation == "nsubj" and verb.tag_ != "VBN":
        return None  # "three gunmen killed ..." counts the attackers, not the victims
    if category == "wounded" and _fatal(verb):
        return "killed"
    if lemma == "treat" and not any(c.lemma_.lower() in ("injury", "wound") for c in verb.subtree):
        return "injured"
    return category


HOSPITAL_VERBS = frozenset("take transport rush airlift fly send carry drive transfer admit".split())
CONDITIONS = frozenset("critical serious stable fair grave good life-threatening".split())


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
        if lemma in HOSPITAL_VERBS and prep.lower_ in ("to", "into") and any(
                o.lemma_.lower() in ("hospital", "center", "centre", "trauma") for o in objects):
            return True
        if prep.lower_ == "in" and any(o.lemma_.lower() == "condition" and any(
                m.lower_ in CONDITIONS for m in o.children) for o in objects):
            return True
        if prep.lower_ == "with" and any(o.lemma_.lower() in ("wound", "injury") for o in objects):
            return True
    return False


def _fatal(verb: Any) -> bool:
    """"shot dead", "fatally shot", "shot to death", "shot and killed"."""
    for child in verb.children:
        if child.lower_ in ("fatally", "dead", "mortally"):
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lower_ == "death" for g in child.children):
            return True
    return False


# -- counts without numbers ------------------------------------------------------------------------


QUANTIFIERS = {"some": "unspecified", "several": "unspecified", "many": "unspecified", "numerous": "unspecified"}


def _vague_counts(article: Article, doc: Any, sent: Any, used: set[int]) -> list[Count]:
    """"some North Korean troops have been killed": people counted without a number."""
    found = []
    for token in sent:
        if token.i in used:
            continue
        noun = _quantified_people(token)
        if noun is None:
            continue
        category, predicate = _category(noun, noun)
        if category is None or _negated(predicate):
            continue
        used.update((token.i, noun.i))
        value, qualifier = None, "unspecified"
        count = _count(article, doc, sent, token.idx, _phrase_end(doc[token.i:token.i + 1], noun, predicate),
                       category, value, None, None, qualifier, number=None,
                       subject=_subject_text(noun) if noun is not token else None, basis="number")
        count.inclusive = _inclusive(noun, predicate)
        found.append(count)
    return found


SURVIVED = frozenset({"wound", "injure", "hurt", "injured", "wounded", "injury"})


def _inclusive(noun: Any | None, predicate: Any | None) -> bool:
    """"Both were shot", "three people were taken to hospital": a count of the hurt that may include
    those who died; "three others were wounded", "17 more injured" count only survivors."""
    if predicate is None or predicate.lemma_.lower() in SURVIVED or predicate.lower_ in CATEGORY_WORDS:
        return False
    if noun is not None and (noun.lemma_.lower() == "other" or any(
            c.lower_ in ("other", "others", "more", "another") for c in noun.children)):
        return False
    return True


def _quantified_people(token: Any) -> Any | None:
    """The people a quantifier counts: "some troops", "several victims"."""
    if token.lower_ not in QUANTIFIERS or token.dep_ not in ("det", "amod", "predet"):
        return None
    noun = token.head
    if not _is_people(noun) or noun.tag_ not in ("NNS", "NNPS"):
        return None
    return noun


DESCRIBED_HEADS = frozenset("man woman boy girl child baby toddler teen teenager infant person victim officer "
                            "deputy trooper student driver passenger resident father mother son daughter wife "
                            "husband brother sister friend neighbor neighbour motorist pedestrian bystander "
                            "employee worker clerk customer guard soldier youth adult girlfriend boyfriend "
                            "grandmother grandfather uncle aunt nephew niece cousin owner suspect gunman shooter "
                            "robber intruder homeowner male female juvenile".split())
PRONOUNS = frozenset({"he", "she", "him", "her"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "whom"})
DEATH_NOUNS = frozenset({"death", "killing", "murder", "slaying", "homicide", "execution", "assassination"})
FATAL_EVENTS = frozenset({"shooting", "stabbing", "attack", "incident", "homicide", "murder", "slaying", "death", "body"})
NOT_A_DEATH = frozenset({"penalty", "threat", "threats", "sentence", "row", "toll", "certificate", "wish", "squad", "near"})
VICTIM_CATEGORIES = frozenset({"killed", "wounded", "injured", "missing", "killed_or_wounded"})


def _described_victims(article: Article, doc: Any, sent: Any, used: set[int]) -> list[Count]:
    """Victims named or described, not numbered: "A 25-year-old man was shot and killed",
    "Smith died at the hospital", "he was pronounced dead", "the death of Edison Burge"."""
    found = []
    for token in sent:
        if token.i in used:
            continue
        victim = _antecedent(token)
        if victim is None or not _victim_like(victim):
            continue
        category, predicate = _victim_category(token)
        if category not in VICTIM_CATEGORIES or _negated(predicate):
            continue
        used.add(token.i)
        first = _phrase_start(victim) if victim.i == token.i else token.i
        end = _phrase_end(doc[first:token.i + 1], token, predicate)
        count = _count(article, doc, sent, doc[first].idx, end, category, 1.0, None, None, "exact",
                       number=None, subject=doc[_phrase_start(victim):victim.i + 1].text, basis="described",
                       victim=_victim_key(victim))
        count.root = _coordination_root(token)
        found.append(count)
    found.extend(_fatal_events(article, doc, sent, used))
    return found


def _antecedent(token: Any) -> Any | None:
    """The token itself, or for "who"/"that" heading a relative clause, the noun it refers to."""
    if token.lower_ in RELATIVE_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _victim_like(token: Any) -> bool:
    if token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
        return token.dep_ != "compound" and not _outlet(token)
    if token.lower_ in PRONOUNS:
        return True
    return token.lemma_.lower() in DESCRIBED_HEADS and token.tag_ in ("NN", "NNP") and not any(
        c.dep_ == "nummod" for c in token.children)


def _outlet(token: Any) -> bool:
    """"Title | Colorado Springs Gazette, News...": a name right after the bar is the publisher."""
    start = min(t.i for t in token.subtree if t.i <= token.i and t.dep_ in ("compound", "nmod", "det", "amod")
                or t is token)
    return start > 0 and token.doc[start - 1].text in ("|", "::")


def _victim_category(token: Any) -> tuple[str | None, Any | None]:
    """What happened to one victim, from whichever construction names them."""
    anchor = token
    while anchor.dep_ == "conj":
        anchor = anchor.head
    relation = anchor.dep_
    if relation in ("nsubj", "nsubjpass", "dobj"):
        verb = anchor.head
        if relation == "nsubj" and verb.lemma_.lower() == "take" and any(
                c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in verb.children):
            return "killed", verb  # "took his own life"
        if relation == "nsubj" and verb.lemma_.lower() in ("kill", "shoot") and any(
                c.dep_ == "dobj" and c.lower_ in ("himself", "herself") for c in verb.children):
            return ("killed" if verb.lemma_.lower() == "kill" or _fatal(verb) else "wounded"), verb
        if relation == "dobj" and verb.lemma_.lower() in ("find", "discover", "leave"):
            for child in list(verb.children) + list(anchor.children):
                if child.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "advcl", "acl") and child.i > anchor.i:
                    category = CATEGORY_WORDS.get(child.lower_) or _one_verb(child, "nsubjpass")
                    if category:
                        return category, child
        category, predicate = _category(anchor, anchor)
        if category:
            return category, predicate
    for child in token.children:  # "a man shot dead by police"
        if child.dep_ == "acl" and child.tag_ == "VBN":
            category = _one_verb(child, "nsubjpass")
            if category:
                return category, child
    if relation == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.lemma_.lower() in DEATH_NOUNS:
        return "killed", anchor.head.head
    return None, None


def _fatal_events(article: Article, doc: Any, sent: Any, used: set[int]) -> list[Count]:
    """"a fatal shooting", "a deadly stabbing", "investigating a homicide": someone died."""
    found = []
    for token in sent:
        if token.i in used or token.lemma_.lower() not in FATAL_EVENTS or token.pos_ != "NOUN":
            continue
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
        if modifiers & {"attempted", "nonfatal", "non-fatal"}:
            continue
        fatal = modifiers & {"fatal", "deadly"} or token.lemma_.lower() in ("homicide", "murder", "slaying", "death")
        if token.lemma_.lower() == "body":
            fatal = token.tag_ == "NN" and token.head.lemma_.lower() in ("find", "discover", "recover", "identify")
        if token.lemma_.lower() == "death" and (token.dep_ == "compound" or modifiers & NOT_A_DEATH):
            continue
        if not fatal or any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            continue
        used.add(token.i)
        start = min(c.idx for c in token.subtree if c.i <= token.i and c.dep_ in ("amod", "compound", "det") or c is token)
        count = _count(article, doc, sent, start, token.idx + len(token.text), "killed", None, None, None,
                       "unspecified", number=None, subject=None, basis="described", victim="described")
        count.root = token.i
        found.append(count)
    return found


def _phrase_start(token: Any) -> int:
    """First token of a victim's noun phrase, without a relative clause or apposition."""
    return min(t.i for t in token.subtree if t.i <= token.i and t.dep_ not in ("relcl", "punct", "acl", "appos"))


def _victim_key(token: Any) -> str:
    """Named victims by surname ("Jane Doe" and "Doe" are one); the unnamed by sex and age when the
    text gives them ("described:m:25"), so "a man and a woman" are two and "a man ... the victim,
    25" one; "a second man" and "another man was shot" apart ("described:<i>")."""
    if token.ent_type_ == "PERSON":
        name = next((e.text for e in token.doc.ents if e.start <= token.i < e.end), token.text)
        return "name:" + canonical_form(name).lower()
    if _marked_apart(token):
        return f"described:{token.i}"
    words = _own_words(token)
    sex = next((SEXES[w.lower_] for w in [token] + [w for w in words if w.dep_ == "appos"] if w.lower_ in SEXES), "")
    age = next((m.group(1) for m in re.finditer(r"\b(\d{1,3})[- ]year[- ]old\b", " ".join(
        w.text for w in words).replace(" - ", "-"))), "")
    return f"described:{sex}:{age}" if sex or age else "described"


SEXES = {**dict.fromkeys("man boy father son husband brother boyfriend grandfather uncle nephew male he him "
                         "gentleman".split(), "m"),
         **dict.fromkeys("woman girl mother daughter wife sister girlfriend grandmother aunt niece female she her "
                         "lady".split(), "f")}


def _marked_apart(token: Any) -> bool:
    """"a second man", "another man was wounded": one more victim. "shot another man" contrasts
    the victim with the shooter, not with an earlier victim."""
    marks = {c.lower_ for c in token.children}
    if marks & {"second", "third", "fourth"}:
        return True
    contrast = token.dep_ == "dobj" and token.head.lemma_.lower() in CATEGORY_VERBS
    return bool(marks & {"another", "other"}) and not contrast


def _own_words(token: Any) -> list[Any]:
    """The victim's phrase without relative clauses and coordinated victims: where its age is."""
    words, stack = [], [token]
    while stack:
        current = stack.pop()
        words.append(current)
        stack.extend(c for c in current.children if c.dep_ not in ("relcl", "acl", "conj", "cc", "prep", "advcl"))
    return sorted(words, key=lambda w: w.i)


def _zero_counts(article: Article, sent: Any) -> list[Count]:
    """"No one was injured", "no injuries were reported": a count of zero."""
    found = []
    text = sent.text
    for match in ZERO.finditer(text):
        rest = text[match.end():match.end() + 60].lower()
        phrase = match.group(0).lower()
        category = None
        for word, name in (("injur", "injured"), ("hurt", "injured"), ("wound", "wounded"), ("death", "killed"),
                           ("kill", "killed"), ("dead", "killed"), ("fatalit", "killed"), ("died", "killed"),
                           ("casualt", "killed_or_wounded"), ("missing", "missing")):
            if word in phrase or word in rest[:40]:
                category = name
                break
        if category is None:
            continue
        start = sent.start_char + match.start()
        end = sent.start_char + match.end()
        found.append(Count(article.span(start, end), category, 0.0, None, None, "exact", None, None, "zero",
                           article.span(sent.start_char, sent.end_char)))
    return found


# -- shared helpers --------------------------------------------------------------------------------


def _count(article: Article, doc: Any, sent: Any, start: int, end: int, category: str, value: float | None,
           low: float | None, high: float | None, qualifier: str, *, number: Span | None, subject: str | None,
           basis: str, victim: str | None = None) -> Count:
    end = max(end, start + 1)
    return Count(article.span(start, end), category, value, low, high, qualifier, number, subject, basis,
                 article.span(sent.start_char, sent.end_char), victim=victim)


def _phrase_end(span: Any, noun: Any | None, predicate: Any | None) -> int:
    """End of a count phrase: the number, the noun counted, and the predicate with its category word."""
    ends = [span.end_char]
    if noun is not None:
        ends.append(noun.idx + len(noun.text))
    if predicate is not None and predicate.i >= span.start:
        ends.append(predicate.idx + len(predicate.text))
        for child in predicate.children:
            category = CATEGORY_WORDS.get(child.lemma_.lower()) or CATEGORY_WORDS.get(child.lower_)
            if category and child.dep_ in ("acomp", "oprd", "advcl", "xcomp", "dobj", "attr") and child.i > predicate.i:
                ends.append(child.idx + len(child.text))
    return max(ends)


def _subject_text(noun: Any | None) -> str | None:
    """The counted noun with its modifiers and unnumbered conjuncts: "North Korean troops",
    "flight attendants and staff"; without numbers, qualifiers and determiners."""
    if noun is None:
        return None
    if noun.lemma_.lower() in CATEGORY_WORDS:
        return "people"  # "three injuries", "12 deaths": people, by their fate
    doc = noun.doc
    start = noun.left_edge.i
    while start < noun.i and (doc[start].dep_ in ("det", "nummod", "quantmod", "advmod", "poss", "case", "punct", "cc")
                              or doc[start].like_num or doc[start].is_space or doc[start].lower_ in QUANTIFIERS):
        start += 1
    end = noun.i + 1
    for conj in noun.conjuncts:
        if conj.i > noun.i and not any(c.dep_ == "nummod" for c in conj.children):
            end = max(end, conj.i + 1)
        elif conj.i > noun.i:
            break
    return doc[start:end].text


def _context(article: Article, doc: Any, sent: Any, count: Count) -> None:
    """Fill location, time, source and scope from the count's sentence."""
    count.location = _location(sent, count.span.start - article.start)
    times = [e for e in sent.ents if e.label_ in TIME_LABELS and not AGE_LIKE.search(e.text)]
    if times:
        count.when = article.span(times[0].start_char, times[0].end_char)
    count.source = _source(article, sent)
    if CUMULATIVE.search(sent.text):
        count.scope = "cumulative"
    if count.basis == "number" and BACKGROUND.search(sent.text):
        count.background = True


LOCATIVE = frozenset("in near at around outside inside across throughout to into from within".split())


def _location(sent: Any, count_start: int) -> str | None:
    """The place the sentence puts the count in: a GPE, LOC or FAC inside a locative phrase."""
    candidates = []
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        token = ent.root
        while token.dep_ in ("compound", "poss", "amod", "nmod") and token.head is not token:
            token = token.head
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE:
            candidates.append(ent)
    if not candidates:
        return None
    after = [e for e in candidates if e.start_char >= count_start]
    return (after[0] if after else candidates[-1]).text


def _source(article: Article, sent: Any) -> Span | None:
    """Who the sentence attributes its figures to: the subject of "said", or "according to X"."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            pobj = next((c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _subtree_span(article, pobj)
    for token in sent:
        if token.lemma_.lower() in SAY_LEMMAS and token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ in ("nsubj",)), None)
            if subject is not None:
                return _subtree_span(article, subject)
    return None


def _subtree_span(article: Article, token: Any) -> Span:
    tokens = [t for t in token.subtree if t.dep_ != "punct" or t.i < token.i]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return article.span(start, end)


def _assign_groups(found: list[Count], groups: int) -> int:
    """Counts whose subjects are coordinated in one clause share a group and add up."""
    by_root: dict[tuple[int, str, int], int] = {}
    for count in found:
        key = (count.sentence.start, count.category, count.root)
        if count.root < 0 or key not in by_root:
            groups += 1
            if count.root >= 0:
                by_root[key] = groups
        count.group = groups if count.root < 0 else by_root[key]
    return groups


def _mark_superseded(counts: list[Count]) -> None:
    """Earlier figures an article says were revised are ``superseded``."""
    for i, count in enumerate(counts):
        sentence = count.sentence.text
        lead = sentence[: count.span.start - count.sentence.start]
        if INITIAL.search(lead) and REVISED.search(sentence[count.span.end - count.sentence.start:]):
            count.status = "superseded"
            continue
        before_number = sentence[: (count.number or count.span).start - count.sentence.start]
        if ROSE_TO.search(before_number[-40:]):
            for earlier in counts[:i]:
                if earlier.category == count.category and earlier.basis == "number" and earlier.status == "current":
                    figure, new = earlier.best(), count.best()
                    if figure is not None and new is not None and figure < new:
                        earlier.status = "superseded"


# -- casualties ------------------------------------------------------------------------------------


def tally_casualties(counts: list[Count]) -> dict[str, Tally | None]:
    """Best estimate of killed, injured (wounded or injured) and missing for the article's main incident.

    A victim described as shot and later as dead is one death, not also an
    injury: the injured tally's named or described victims are reduced by the
    number killed, unless they are counted with a number of their own.
    """
    killed = _tally(counts, {"killed"})
    absorbed = int(killed.value) if killed and killed.value else 0
    injured = _tally(counts, {"injured", "wounded"}, absorbed)
    missing = _tally(counts, {"missing"})
    return {"killed": killed, "injured": injured, "missing": missing}


def _tally(counts: list[Count], categories: set[str], absorbed: int = 0) -> Tally | None:
    relevant = [c for c in counts if c.category in categories and c.status == "current"]
    relevant = [c for c in relevant if not c.background]
    if not relevant:
        return None
    groups: dict[int, list[Count]] = {}
    for count in relevant:
        if count.best() is not None and count.basis != "zero":
            groups.setdefault(count.group, []).append(count)
    numbered = [g for g in groups.values() if any(c.basis == "number" for c in g)]
    best_group = max(numbered, key=lambda g: sum(c.best() or 0 for c in g), default=[])
    group_value = sum(c.best() or 0 for c in best_group)
    if best_group and all(c.inclusive for c in best_group) and group_value > absorbed:
        group_value -= absorbed  # "three people were shot ... one died": two hurt
    victims_value = max(0, _victim_total(relevant) - absorbed)
    if not groups and any(c.basis == "zero" for c in relevant):
        return Tally(0.0, "exact", [c for c in relevant if c.basis == "zero"])
    value = max(group_value, victims_value)
    if value == 0:
        unspecified = [c for c in relevant if c.qualifier == "unspecified"]
        if unspecified and not absorbed:
            return Tally(None, "unspecified", unspecified)
        return Tally(0.0, "exact", []) if absorbed else None
    rests_on = best_group if group_value >= victims_value else [c for c in relevant if c.victim]
    qualifiers = {c.qualifier for c in rests_on}
    qualifier = "exact" if qualifiers <= {"exact", "unspecified"} else (
        "at_least" if "at_least" in qualifiers else "approx" if "approx" in qualifiers else sorted(qualifiers)[0])
    return Tally(value, qualifier, rests_on)


def _victim_total(relevant: list[Count]) -> int:
    """Named and described victims, each once: described ones that could be the same person merge
    ("a man" and "a 25-year-old man"), and count beyond the named only when more are described."""
    named = _fold_surnames({c.victim for c in relevant if c.victim and c.victim.startswith("name:")})
    keys = {c.victim for c in relevant if c.victim and c.victim.startswith("described")
            and not (c.victim == "described" and c.best() is None and named)}
    apart = [k for k in keys if k.count(":") == 1]
    described = _merge_described([tuple(k.split(":")[1:]) for k in keys if k.count(":") == 2])
    if "described" in keys and not described:
        described = 1
    if named:
        return len(named) + len(apart) + max(0, described - len(named))
    return described + len(apart)


def _merge_described(keys: list[tuple[str, ...]]) -> int:
    """How many different people (sex, age) descriptions need at least: unknowns match anything."""
    people: list[list[str]] = []
    for key in sorted(keys, key=lambda k: -sum(1 for part in k if part)):
        for person in people:
            if all(not a or not b or a == b for a, b in zip(person, key)):
                person[:] = [a or b for a, b in zip(person, key)]
                break
        else:
            people.append(list(key))
    return len(people)


def _fold_surnames(names: set[str]) -> set[str]:
    """"name:modlin" joins "name:tammy modlin" when exactly one full name ends with it."""
    full = [n for n in names if " " in n]
    kept = set(full)
    for name in names - kept:
        word = name.removeprefix("name:")
        owners = [n for n in full if n.endswith(" " + word)]
        if not owners:
            kept.add(name)
    return kept
