"""Victims counted without a number: named, described, pronouns, and fatal events.

Crime reports rarely say "one person was killed"; they say "A 25-year-old man
was shot and killed", "Smith died at the hospital", "he was pronounced dead"
or "police are investigating a fatal shooting". Each such victim becomes a
count of one (a fatal event a death of unknown number), with a key --
surname, or sex and age -- so that ``casualties`` can tell one person reported
twice from two people.
"""

from __future__ import annotations

import re
from typing import Any

from newsledger.extract.counts.predicates import (
    CATEGORY_VERBS,
    CATEGORY_WORDS,
    Count,
    category_of,
    coordination_root,
    is_fatal,
    negated,
    new_count,
    one_verb,
    phrase_end,
)
from newsledger.extract.docspans import entity_text
from newsledger.extract.docwords import DocWords, doc_words, tokens_among
from newsledger.extract.entities import canonical_form
from newsledger.lexicon import load_lexicon
from newsledger.model import Article

# The word lists live in lexicon.toml beside this module, each with what it is for; loading checks them.
_LEXICON = load_lexicon("newsledger.extract.counts", "lexicon.toml")
DESCRIBED_HEADS = _LEXICON.words("described_heads")
ORDINALS = {
    word: rank
    for rank, words in enumerate(
        [
            (),
            (),
            ("second", "2nd"),
            ("third", "3rd"),
            ("fourth", "4th"),
            ("fifth", "5th"),
            ("sixth", "6th"),
            ("seventh", "7th"),
            ("eighth", "8th"),
            ("ninth", "9th"),
            ("tenth", "10th"),
        ]
    )
    for word in words
}
KILLING_NOUNS = _LEXICON.words("killing_nouns")
MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
LIST_MARKS = _LEXICON.words("list_marks")
REFLEXIVES = _LEXICON.words("victim_reflexives")
AGE_UNITS = _LEXICON.words("age_units")
PRONOUNS = _LEXICON.words("victim_pronouns")
RELATIVE_PRONOUNS = _LEXICON.words("relative_pronouns")
DEATH_NOUNS = _LEXICON.words("death_nouns")
FATAL_EVENTS = _LEXICON.words("fatal_events")
NOT_A_DEATH = _LEXICON.words("not_a_death")
EVENT_DETERMINERS = _LEXICON.words("event_determiners")
VICTIM_CATEGORIES = frozenset({"killed", "wounded", "injured", "missing", "killed_or_wounded"})
SEXES: dict[str, str] = _LEXICON.groups("sexes", {"m", "f"})


def described_victims(article: Article, doc: Any, sent: Any, used: set[int]) -> list[Count]:
    """Victims named or described, not numbered: "A 25-year-old man was shot and killed",
    "Smith died at the hospital", "he was pronounced dead", "the death of Edison Burge";
    then the fatal events of the sentence. Tokens already counted (``used``) are skipped."""
    found = []
    words = doc_words(doc)
    for i in range(sent.start, sent.end):
        if i in used or not _may_be_victim(words, i):
            continue
        token = doc[i]
        victim = _antecedent(token)
        if victim is None or not _victim_like(victim):
            continue
        category, predicate = _victim_category(token)
        if category not in VICTIM_CATEGORIES or negated(predicate):
            continue
        used.add(token.i)
        first = _phrase_start(victim) if victim.i == token.i else token.i
        end = phrase_end(doc[first : token.i + 1], token, predicate)
        count = new_count(
            article,
            sent,
            doc[first].idx,
            end,
            category,
            1.0,
            None,
            None,
            "exact",
            number=None,
            subject=doc[_phrase_start(victim) : victim.i + 1].text,
            basis="described",
            victim=_victim_key(victim),
        )
        count.root = coordination_root(token)
        found.append(count)
        rank = _death_rank(victim, category)
        if rank:
            found.append(
                new_count(
                    article,
                    sent,
                    doc[first].idx,
                    end,
                    category,
                    None,
                    float(rank),
                    None,
                    "at_least",
                    number=None,
                    subject=count.subject,
                    basis="number",
                )
            )
    found.extend(_fatal_events(article, sent, used))
    return found


def _death_rank(victim: Any, category: str) -> int | None:
    """ "A fourth victim has died", "third person dies": at least that many dead in all. "The second
    victim was pronounced dead" only walks through the victims, one by one."""
    if category != "killed" or any(c.dep_ == "det" and c.lower_ == "the" for c in victim.children):
        return None
    return next((ORDINALS[c.lower_] for c in victim.children if c.lower_ in ORDINALS), None)


# -- who is a victim -------------------------------------------------------------------------------


def _may_be_victim(words: DocWords, i: int) -> bool:
    """Whether token ``i`` can pass ``_antecedent`` and ``_victim_like`` at all: a relative pronoun, a
    person's name, or a word one of ``_victim_like``'s lists holds; any other is passed over unread."""
    lower = words.lower[i]
    return (
        lower in RELATIVE_PRONOUNS
        or lower in PRONOUNS
        or lower in REFLEXIVES
        or lower == "old"
        or words.lemma[i] in DESCRIBED_HEADS
        or (words.ent_type[i] == "PERSON" and words.pos[i] == "PROPN")
    )


def _antecedent(token: Any) -> Any | None:
    """The token itself, or for "who"/"that" heading a relative clause, the noun it refers to."""
    if token.lower_ in RELATIVE_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _victim_like(token: Any) -> bool:
    if token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
        return token.dep_ != "compound" and not _outlet(token)
    if token.lower_ in PRONOUNS or _age_as_noun(token):
        return True
    if (
        token.lower_ in REFLEXIVES
        and token.dep_ == "conj"
        and token.i > 0
        and token.doc[token.i - 1].lower_ in LIST_MARKS
    ):
        return True  # "killed his wife, then himself": the killer, listed with his victims
    return (
        token.lemma_.lower() in DESCRIBED_HEADS
        and token.tag_ in ("NN", "NNP")
        and not any(c.dep_ == "nummod" for c in token.children)
    )


def _age_as_noun(token: Any) -> bool:
    """ "A 14-year-old was killed": the age stands for the person (spaCy heads it on "old")."""
    return (
        token.lower_ == "old"
        and token.dep_ in ("nsubj", "nsubjpass", "dobj", "conj")
        and any(c.lemma_.lower() in AGE_UNITS for c in token.children)
    )


def _outlet(token: Any) -> bool:
    """ "Title | Colorado Springs Gazette, News...": a name right after the bar is the publisher."""
    start = min(
        t.i for t in token.subtree if (t.i <= token.i and t.dep_ in ("compound", "nmod", "det", "amod")) or t == token
    )
    return start > 0 and token.doc[start - 1].text in ("|", "::")


def _phrase_start(token: Any) -> int:
    """First token of a victim's noun phrase, without a relative clause or apposition."""
    return min(
        (t.i for t in token.subtree if t.i < token.i and t.dep_ not in ("relcl", "punct", "acl", "appos")),
        default=token.i,
    )


# -- what happened to them -------------------------------------------------------------------------


def _victim_category(token: Any) -> tuple[str | None, Any | None]:
    """What happened to one victim, from whichever construction names them."""
    anchor = token
    while anchor.dep_ == "conj":
        anchor = anchor.head
    relation = anchor.dep_
    if relation in ("nsubj", "nsubjpass", "dobj"):
        category, predicate = _argument_category(anchor, relation)
        if category:
            return category, predicate
    category, predicate = _attached_fate(token)  # "a man shot dead by police"
    if category:
        return category, predicate
    if (
        relation == "pobj"
        and anchor.head.lower_ == "of"
        and (anchor.head.head.lemma_.lower() in DEATH_NOUNS or _fatal_modifier(anchor.head.head))
    ):
        return "killed", anchor.head.head  # "the death of Edison Burge", "the fatal shooting of a teen"
    if relation == "ROOT":  # a verbless list: "Toddler, man killed in shooting": the fate is on the last
        for conjunct in reversed(token.conjuncts):
            category, predicate = _attached_fate(conjunct)
            if category:
                return category, predicate
    return None, None


def _attached_fate(token: Any) -> tuple[str | None, Any | None]:
    """A fate hung on the noun itself: "a man shot dead", "two children dead"."""
    for child in token.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            category = one_verb(child, "nsubjpass")
            if category:
                return category, child
        if child.dep_ == "amod" and child.lower_ in CATEGORY_WORDS:
            return CATEGORY_WORDS[child.lower_], child
    return None, None


def _argument_category(anchor: Any, relation: str) -> tuple[str | None, Any | None]:
    """Category of a victim who is the subject or object of a verb."""
    verb = anchor.head
    if relation == "nsubj":
        own_act = _own_act(verb)
        if own_act is not None:
            return own_act, verb
    if relation == "dobj" and verb.lemma_.lower() in ("find", "discover", "leave"):
        for child in list(verb.children) + list(anchor.children):  # "found him dead"
            if child.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "advcl", "acl") and child.i > anchor.i:
                category = CATEGORY_WORDS.get(child.lower_) or one_verb(child, "nsubjpass")
                if category:
                    return category, child
    return category_of(anchor, anchor)


def _own_act(verb: Any) -> str | None:
    """ "took his own life", "committed suicide", "shot himself", "killed herself": the subject is the victim."""
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if lemma == "take" and any(c.lemma_.lower() == "life" for c in objects):
        return "killed"
    if lemma == "commit" and any(c.lemma_.lower() == "suicide" for c in objects):
        return "killed"
    if lemma in ("kill", "shoot") and any(c.lower_ in ("himself", "herself") for c in objects):
        return "killed" if lemma == "kill" or is_fatal(verb) else "wounded"
    return None


def _killed_by_word(
    article: Article, sent: Any, token: Any, value: float | None, low: float | None, qualifier: str
) -> Count:
    """The killed a word says without a number ("a murder-suicide", "a triple homicide"), spanning the
    word and what leads into it."""
    count = new_count(
        article,
        sent,
        token.left_edge.idx,
        token.idx + len(token.text),
        "killed",
        value,
        low,
        None,
        qualifier,
        number=None,
        subject=None,
        basis="number",
    )
    count.root = token.i
    return count


def _fatal_events(article: Article, sent: Any, used: set[int]) -> list[Count]:
    """ "a fatal shooting", "a deadly stabbing", "investigating a homicide": someone died."""
    found = []
    words = doc_words(sent.doc)
    # only a "suicide" or a fatal event noun can be one: ``_murder_suicide`` and ``_names_a_death`` read no other
    for token in (sent.doc[i] for i in tokens_among(words.lemma, sent, FATAL_EVENTS | {"suicide"})):
        if token.i not in used and _murder_suicide(token):
            used.add(token.i)
            found.append(_killed_by_word(article, sent, token, None, 2.0, "at_least"))
            continue
        if token.i in used or not _names_a_death(token):
            continue
        multiple = _killings(token)
        if multiple:  # "a triple homicide", "the double murder"
            used.add(token.i)
            found.append(_killed_by_word(article, sent, token, float(multiple), None, "exact"))
            continue
        used.add(token.i)
        start = min(
            c.idx for c in token.subtree if (c.i <= token.i and c.dep_ in ("amod", "compound", "det")) or c == token
        )
        count = new_count(
            article,
            sent,
            start,
            token.idx + len(token.text),
            "killed",
            None,
            None,
            None,
            "unspecified",
            number=None,
            subject=None,
            basis="described",
            victim="described",
        )
        count.root = token.i
        found.append(count)
    return found


def _killings(token: Any) -> int | None:
    """ "A triple homicide" is three deaths; "a fatal double shooting" may be one dead and one hurt."""
    if token.lemma_.lower() not in KILLING_NOUNS:
        return None
    return next((MULTIPLES[c.lower_] for c in token.children if c.lower_ in MULTIPLES), None)


def _fatal_modifier(token: Any) -> bool:
    return token.lemma_.lower() in FATAL_EVENTS and any(
        c.dep_ == "amod" and c.lower_ in ("fatal", "deadly") for c in token.children
    )


def _murder_suicide(token: Any) -> bool:
    """ "an apparent murder-suicide": at least two dead, the victim and the killer."""
    return token.lemma_.lower() == "suicide" and any(c.lower_ == "murder" for c in token.children) and _one_event(token)


def _names_a_death(token: Any) -> bool:
    """An event noun that says someone died: not "attempted murder", "death penalty", "the body of work"."""
    lemma = token.lemma_.lower()
    if lemma not in FATAL_EVENTS or token.pos_ != "NOUN":
        return False
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
    if modifiers & {"attempted", "nonfatal", "non-fatal"}:
        return False
    fatal = bool(modifiers & {"fatal", "deadly"}) or lemma in ("homicide", "murder", "slaying", "death")
    if lemma == "body":
        fatal = token.tag_ == "NN" and token.head.lemma_.lower() in ("find", "discover", "recover", "identify")
    if lemma == "death" and modifiers & NOT_A_DEATH:
        return False
    if token.dep_ == "compound" or not _one_event(token):
        return False  # "homicide detectives", "charged with murder", "reduce homicide", "25 homicides"
    return fatal and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _one_event(token: Any) -> bool:
    """A particular death, not the crime in general: singular and pinned down by an article, a
    possessive or a place ("a fatal shooting", "the homicide", "his death", headlines' "Conroe
    murder-suicide"), not a bare or counted noun."""
    if token.tag_ != "NN":
        return False
    return any(
        c.dep_ == "poss"
        or (c.dep_ == "det" and c.lower_ in EVENT_DETERMINERS)
        or (c.dep_ == "compound" and c.pos_ == "PROPN")
        for c in token.children
    )  # "Conroe murder-suicide"


# -- one person, once ------------------------------------------------------------------------------


def _victim_key(token: Any) -> str:
    """Named victims by surname ("Jane Doe" and "Doe" are one); the unnamed by sex and age when the
    text gives them ("described:m:25"), so "a man and a woman" are two and "a man ... the victim,
    25" one; "a second man" and "another man was shot" apart ("described:<i>")."""
    if token.ent_type_ == "PERSON":
        name = entity_text(token) or token.text
        return "name:" + canonical_form(name).lower()
    if _marked_apart(token) or token.lower_ in REFLEXIVES:
        return f"described:{token.i}"
    if token.lower_ in PRONOUNS:
        return "pronoun:" + SEXES[token.lower_]
    words = _own_words(token)
    sex = next((SEXES[w.lower_] for w in [token] + [w for w in words if w.dep_ == "appos"] if w.lower_ in SEXES), "")
    age = next(
        (
            m.group(1)
            for m in re.finditer(r"\b(\d{1,3})[- ]year[- ]old\b", " ".join(w.text for w in words).replace(" - ", "-"))
        ),
        "",
    )
    return f"described:{sex}:{age}" if sex or age else "described"


def _marked_apart(token: Any) -> bool:
    """ "a second man", "another man was wounded": one more victim. "shot another man" contrasts
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
