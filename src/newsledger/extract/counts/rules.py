"""Counts of people (killed, wounded, missing, evacuated, ...) and money, sentence by sentence.

A count is a number phrase (or a described victim: "a 25-year-old man was
shot and killed") tied through the dependency parse to a predicate that says
what happened to the people counted. Numbers that are not counts of people
(ages, durations, years, clock times, addresses, counts of things) never
become counts; money becomes its own record.

This module walks the sentences, finds the counts that rest on numbers,
quantifiers ("some troops") and "no one", takes the named and described
victims from ``victims``, and gives every count its context: place, time,
source, scope, the clause group it adds up in, and whether a later figure
superseded it. What a predicate means is decided in ``predicates``; how an
article's counts become its casualties, in ``casualties`` (``Tally`` and
``tally_casualties`` are re-exported here for callers that import them from
this module).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from newsledger.extract.counts.casualties import Tally, tally_casualties
from newsledger.extract.counts.predicates import (
    CATEGORY_WORDS,
    COUNT_CATEGORIES,
    LIVES,
    Count,
    category_of,
    coordination_root,
    inclusive,
    is_fatal,
    is_people,
    negated,
    new_count,
    noun_fate,
    phrase_end,
    word_category,
)
from newsledger.extract.counts.victims import described_victims
from newsledger.extract.docspans import ents_within
from newsledger.extract.docwords import doc_words, sentence_text, tokens_among
from newsledger.extract.numbers import QuantityMention, find_quantities
from newsledger.extract.times.rules import Timex
from newsledger.extract.times.value import last_day
from newsledger.lexicon import load_lexicon
from newsledger.model import AnalysedArticle, Article, Item, Span

__all__ = ["Count", "Money", "Tally", "find_counts", "headline_casualties", "tally_casualties"]

# The word lists live in lexicon.toml beside this module, each with what it is for; loading checks them.
_LEXICON = load_lexicon("newsledger.extract.counts", "lexicon.toml")


def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Any of ``words`` (spaces match any whitespace) as a whole word."""
    alternatives = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


TOLL_NOUNS = _LEXICON.words("toll_nouns")
BARE_TOLLS = _LEXICON.words("bare_tolls")
BARE_TOTALS = _LEXICON.words("bare_totals")
TOLL_VERBS = _LEXICON.words("toll_verbs")
COUNT_LABELS: dict[str, str] = _LEXICON.groups("count_labels", COUNT_CATEGORIES)
# "Dead: 4 / Injured: 12", "Fatalities: 40": a label at the start of a line or after a separator, then a colon
LABEL_BEFORE = re.compile(r"(?:^|[\n/|;•·,(\[]|\s[-–—]\s)\s*(?P<label>[A-Za-z][A-Za-z' -]{1,30}?)\s*[:=]\s*$")
INHERITED = "?"  # the category of a bare "total" or "tally": taken from the counts beside it
ILLNESS_NOUNS = _LEXICON.words("illness_nouns")
CONFIRMATIONS: dict[str, str] = _LEXICON.groups("confirmations", {"suspected", "confirmed"})
DISEASE = _words_pattern(_LEXICON.words("diseases"))
ILLNESS_CONTEXT = _words_pattern(_LEXICON.words("diseases") | _LEXICON.words("illness_context"))
QUANTIFIERS = {"some": "unspecified", "several": "unspecified", "many": "unspecified", "numerous": "unspecified"}
ZERO = re.compile(
    r"\b(?:no\s+one|nobody|no\s+(?:other\s+|further\s+|additional\s+|serious\s+)?(?:injuries|deaths|casualties|fatalities|one\s+else|other\s+people|people|officers|students))\b",
    re.I,
)
ZERO_WORDS = (
    ("injur", "injured"),
    ("hurt", "injured"),
    ("wound", "wounded"),
    ("death", "killed"),
    ("kill", "killed"),
    ("dead", "killed"),
    ("fatalit", "killed"),
    ("died", "killed"),
    ("casualt", "killed_or_wounded"),
    ("missing", "missing"),
)
# Running totals: "12 people have been killed so far". A toll's own figure is cumulative by itself (``_toll``);
# the other counts of a toll's sentence are not ("three more died, bringing the toll to 40": the three are new).
CUMULATIVE = re.compile(r"\b(?:so\s+far|to\s+date|in\s+all|altogether|overall|since\s+the\s+start|cumulative)\b", re.I)
NEW_MARKS = _LEXICON.words("new_marks")
# Sentences about other, earlier events or a period's totals: "in the summer of 2012", "since 2007",
# "so far this year". Their figures give background, not the article's incident.
BACKGROUND = re.compile(
    r"\b(?:(?:in|of|during)\s+(?:the\s+\w+\s+of\s+)?(?:19|20)\d{2}\b(?!\s*[,-]?\s*\d)"
    r"|since\b[^.;]{0,40}\b(?:19|20)\d{2}\b|(?:this|last)\s+year\b"
    r"|(?:every|each|per|a)\s+year\b|annually)",
    re.I,
)  # rates: "kill thousands every year"
# A country's, a region's or a year's total ("killed nationwide", "across the country", "since the start of the
# year"): background, like a year's, beside the article's incident.
WIDE_SCOPE = _words_pattern(_LEXICON.words("wide_scope"))
OTHER_CLAUSES = frozenset({"advcl", "ccomp", "conj", "relcl", "xcomp", "parataxis", "acl"})
FATAL_ADVERBS = _LEXICON.words("fatal_adverbs")
CASUALTY_CATEGORIES = frozenset({"killed", "wounded", "injured", "killed_or_wounded", "missing"})
EARLIER_EVENT_DAYS = 7  # a week: the same incident is reported days, not weeks, apart
HISTORY_DAYS = 30  # deaths dated a month before publication are history, whatever else the article dates
DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
HEADLINE_CATEGORIES = ("killed", "injured")
TITLE_CASE_SHARE = 0.6
HEADLINE_TAIL = re.compile(r"\s+(?:[|]|::|-|\u2013|\u2014)\s+")
REFLEXIVES = _LEXICON.words("suicide_reflexives")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE = _LEXICON.words("locative")
AGE_LIKE = re.compile(r"\byears?[-\s]old\b|^\d{1,3}$", re.I)  # spaCy tags ages as DATE
TIME_LABELS = frozenset({"DATE", "TIME"})
SAY_LEMMAS = _LEXICON.words("say_lemmas")
REVISED = re.compile(r"\b(?:revis\w*|rais\w*\s+the|lower\w*\s+the|updat\w*|correct\w*)\b", re.I)
INITIAL = re.compile(r"\b(?:initially|originally|at\s+first|earlier|previously|first)\b", re.I)
ROSE_TO = re.compile(
    r"\b(?:rose|risen|climbed|increased|jumped|grew|revised|raised|now\s+stands\s+at|reached)\s+(?:to\s+)?$", re.I
)


@dataclass
class Money:
    """One money amount: "US$3.5 billion" -> USD 3.5e9."""

    span: Span
    currency: str | None
    value: float | None
    min: float | None
    max: float | None
    qualifier: str


def find_counts(analysed: AnalysedArticle, times: list[Timex] | None = None) -> tuple[list[Count], list[Money]]:
    """Counts of people and money amounts of one article, in text order.

    ``times`` (offsets into the item) are the article's normalised time
    expressions; a count's ``when`` is the one of its sentence nearest to it.
    """
    article, doc = analysed.article, analysed.doc
    counts: list[Count] = []
    money: list[Money] = []
    mentions = _Mentions(find_quantities(article.analysis_text))
    groups = 0
    before: list[Count] = []  # the counts of the sentence before
    illness = ILLNESS_CONTEXT.search(article.analysis_text) is not None
    for sent in doc.sents:
        inside = mentions.within(sent.start_char, sent.end_char)
        money.extend(Money(article.span(m.start, m.end), m.currency, *_figures(m)) for m in inside if m.kind == "money")
        found = _sentence_counts(article, doc, sent, [m for m in inside if m.kind == "count"], times, illness)
        found = _inherit_categories(found, before)
        before = found
        groups = _assign_groups(found, groups)
        counts.extend(found)
    counts.sort(key=lambda c: c.span.start)
    _mark_superseded(counts)
    _mark_earlier_events(counts, article.published)
    return counts, money


class _Mentions:
    """The article's number mentions, looked up by sentence through their sorted starts: a scan of
    every mention for each sentence made long articles cost the square of their length."""

    def __init__(self, mentions: list[QuantityMention]) -> None:
        self.mentions = mentions
        self.by_start = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        self.starts = [mentions[i].start for i in self.by_start]

    def within(self, start: int, end: int) -> list[QuantityMention]:
        """The mentions lying wholly inside ``start``..``end``, in the order they were found."""
        chosen = self.by_start[bisect_left(self.starts, start) : bisect_right(self.starts, end)]
        return [self.mentions[i] for i in sorted(chosen) if self.mentions[i].end <= end]


def _sentence_counts(
    article: Article,
    doc: Any,
    sent: Any,
    numbers: list[QuantityMention],
    times: list[Timex] | None,
    illness: bool,
) -> list[Count]:
    """Every count of one sentence, each with its context: numbers first, so that the words they
    take (``used``) are not counted again as vague or described victims. ``illness``: the article is
    about an illness, so its "cases" count the ill."""
    used: set[int] = set()
    labelled: set[int] = set()
    found = _label_counts(article, doc, sent, numbers, used, illness, labelled)
    numbers = [m for m in numbers if m.start not in labelled]
    found.extend(c for c in (_number_count(article, doc, sent, m, used, illness) for m in numbers) if c)
    found.extend(_vague_counts(article, doc, sent, used))
    found.extend(described_victims(article, doc, sent, used))
    found.extend(_zero_counts(article, sent))
    names_disease = DISEASE.search(sentence_text(sent)) is not None
    for count in found:
        _context(article, sent, count, times)
        _illness(sent, count, names_disease)
    if _self_killing(sent):
        for count in found:
            if count.category == "killed" and count.basis == "number":
                count.shooter_apart = True
    return found


def _illness(sent: Any, count: Count, names_disease: bool) -> None:
    """The ill of a count: the hospitalised of a sentence that names a disease (``names_disease``) are
    ill, not injured ("twenty people were hospitalised with salmonella"); an ill count gets the disease
    the sentence names and whether its cases are suspected or confirmed. Deaths from a disease stay
    killed, with the disease their own clause names ("five have died of cholera", "the flu has killed 14")."""
    disease = None
    if names_disease and count.category in ("killed", "injured", "ill"):  # most sentences name none
        named = DISEASE.search(_own_clause(sent, count))
        disease = named.group(0) if named else None
    if count.category == "injured" and count.basis == "number" and disease is not None:
        count.category = "ill"
    if count.category in ("killed", "ill"):
        count.disease = disease
    if count.category == "ill":
        count.confirmation = _confirmation(sent, count)


def _confirmation(sent: Any, count: Count) -> str | None:
    """ "15 suspected cases", "laboratory-confirmed cases", "Confirmed cases: 40", "officials confirmed
    8 cases": the words of the count phrase, else the verb it hangs on, say which."""
    for word in re.findall(r"[\w-]+", count.span.text.lower()):
        for part in (word, *word.split("-")):
            if part in CONFIRMATIONS:
                return CONFIRMATIONS[part]
    token = _first_token(sent, count)
    verb = next((a for a in token.ancestors if a.pos_ == "VERB"), None) if token is not None else None
    return CONFIRMATIONS.get(verb.lower_) if verb is not None else None


def _first_token(sent: Any, count: Count) -> Any | None:
    """The token a count's number (else its phrase) starts in: counts hold offsets into the item, the
    sentence's tokens into the analysed text."""
    start = (count.number or count.span).start - count.sentence.start + sent.start_char
    return next((t for t in sent if t.idx <= start < t.idx + len(t.text)), None)


def _self_killing(sent: Any) -> bool:
    """ "... killed two, then himself", "before killing himself", "turned the gun on herself", "took
    his own life", "committed suicide": the sentence's killer died by his own hand, and its figure
    counts only the others."""
    words = doc_words(sent.doc)
    # only "take", "commit" or a reflexive can say so: every other word goes on to the next unread
    for i in range(sent.start, sent.end):
        lemma = words.lemma[i]
        if lemma not in ("take", "commit") and words.lower[i] not in REFLEXIVES:
            continue
        token = sent.doc[i]
        if lemma == "take" and any(
            c.lemma_.lower() == "life" and any(g.lower_ == "own" for g in c.children)
            for c in token.children
            if c.dep_ == "dobj"
        ):
            return True
        if lemma == "commit" and any(c.lemma_.lower() == "suicide" for c in token.children if c.dep_ == "dobj"):
            return True
        if token.lower_ not in REFLEXIVES:
            continue
        head = token.head
        if token.dep_ == "dobj" and (head.lemma_.lower() == "kill" or is_fatal(head)):
            return True
        if token.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() == "turn":
            return True
        if token.dep_ in ("dep", "conj", "appos") and any(t.lemma_.lower() == "kill" for t in sent):
            return True  # "killing 2, then himself"
    return False


def _figures(mention: QuantityMention) -> tuple[float | None, float | None, float | None, str]:
    q = mention.quantity
    return q.value, q.min, q.max, q.qualifier


# -- counts from numbers ---------------------------------------------------------------------------


def _number_count(
    article: Article, doc: Any, sent: Any, mention: QuantityMention, used: set[int], illness: bool
) -> Count | None:
    """The count a number phrase is, if it counts people something happened to."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or _pronoun_one(span) or not _whole_people(mention):
        return None
    number_token = span[-1]
    while number_token.dep_ == "conj" and number_token.head.i >= span.start:
        number_token = number_token.head  # "between 20 and 30": the range hangs on its first figure
    toll = _toll(number_token, illness)
    if toll is not None:
        noun, toll_category = toll
        return None if toll_category is None else _toll_count(article, sent, mention, span, noun, toll_category, used)
    if number_token.dep_ == "pobj" and number_token.head.lower_ == "of":
        return None  # "a mother of three", "one of three"
    if _bare_apposition(span, number_token):
        return None  # "John Smith, 27, died": an age set off by commas, not a count
    noun, anchor = _counted(number_token)
    share = _fatal_share(number_token, noun)
    if share is not None:
        noun = None  # "two of them fatally": "them" are the people shot, named before
    category, predicate = share or _case_category(noun, illness) or category_of(noun, anchor)
    if category is None or negated(predicate) or not _counts_people(noun, category):
        return None
    if (
        noun is not None
        and number_token.head.i == noun.i
        and _wider_group(noun)
        and (predicate is None or predicate.i not in {t.i for t in noun.subtree})
    ):
        return None  # "one of five people shot ... has died": the five did not all die; the one is the count
    used.update(t.i for t in span)
    if noun is not None:
        used.add(noun.i)
    count = new_count(
        article,
        sent,
        mention.start,
        phrase_end(span, noun, predicate),
        category,
        *_figures(mention),
        number=article.span(mention.start, mention.end),
        subject=_subject_text(noun),
        basis="number",
    )
    count.root = _number_root(noun, number_token)
    count.inclusive = inclusive(noun, predicate)
    return count


def _whole_people(mention: QuantityMention) -> bool:
    """People come whole, and none of them only from words that say so ("no one", "nobody"): a
    figure of 12.5 or a digit 0 is a misread number or not a count of people."""
    figures = [f for f in _figures(mention)[:3] if f is not None]
    if any(not float(f).is_integer() for f in figures):
        return False
    return not (figures and max(figures) == 0 and any(ch.isdigit() for ch in mention.text))


def _label_counts(
    article: Article,
    doc: Any,
    sent: Any,
    numbers: list[QuantityMention],
    used: set[int],
    illness: bool = False,
    labelled: set[int] | None = None,
) -> list[Count]:
    """Table-like lines: "Dead: 4 / Injured: 12", "Fatalities: 40", a label from ``count_labels`` before
    a colon at the start of a line or after a separator, and its figure. A number after a label that
    counts nothing ("Arrested: 5", "Date: 12") is that label's: it is taken (``used``) and not counted;
    "Cases:" counts the ill only in an article about an illness (``illness``); a toll label ("Death
    toll: 40") is a running total. The starts of the numbers a label took go into ``labelled``."""
    found = []
    text = article.analysis_text
    for mention in numbers:
        label = _label_before(text, sent.start_char, mention.start)
        if label is None:
            continue
        label_start, words = label
        category = COUNT_LABELS.get(words)
        if category == "ill" and not illness:
            category = None
        if category is None and not _stands_alone(text, mention.end):
            continue  # "Police said: 12 people were killed": a colon before a clause, not a label's figure
        if labelled is not None:
            labelled.add(mention.start)
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if category is None or not _whole_people(mention):
            if span is not None:
                used.update(t.i for t in span)  # the label's own figure ("Arrested: 5"): no count of anything
            continue
        count = new_count(
            article,
            sent,
            label_start,
            mention.end,
            category,
            *_figures(mention),
            number=article.span(mention.start, mention.end),
            subject="people",
            basis="number",
        )
        if any(word in TOLL_NOUNS for word in words.split()):
            count.scope = "cumulative"  # "Death toll: 40", "Total cases: 40"
        if span is not None:
            used.update(t.i for t in span)
            count.root = span[0].i
        found.append(count)
    return found


LABEL_WINDOW = 48  # a label and its colon are at most this long: only so much text before a number is read


def _label_before(text: str, sent_start: int, number_start: int) -> tuple[int, str] | None:
    """The label ending in ":" or "=" just before a number ("Dead: 4"), as its start and its words
    lowercased; None when the number follows no label. Only a bounded window before the number is read
    (reading the sentence up to each number cost a long line of numbers the square of its length); a
    label that starts at the window's start is taken as at the line's start only when the window starts
    the sentence or a line."""
    window_start = max(sent_start, number_start - LABEL_WINDOW)
    before = text[window_start:number_start].rstrip()
    if not before.endswith((":", "=")):
        return None
    at_start = window_start == sent_start or text[window_start - 1] == "\n"
    match = LABEL_BEFORE.search(before)
    if match is None or (match.start() == 0 and not at_start and not _separator_first(match.group(0))):
        return None
    start = window_start + match.start("label")
    return start, " ".join(match.group("label").lower().split())


LABEL_FIGURE_END = re.compile(r"[ \t]*(?:$|[\n/|;•·,)\]]|\s[-–—]\s)")


def _stands_alone(text: str, number_end: int) -> bool:
    """True when a figure ends its label's entry ("Arrested: 5 / Dead: 3", "Date: 12" at a line's end),
    not when a clause goes on after it ("Police said: 12 people were killed")."""
    return LABEL_FIGURE_END.match(text[number_end : number_end + 8]) is not None


def _separator_first(matched: str) -> bool:
    """True when a label match begins with its separator ("/ Dead:"), not at the text's start."""
    return bool(matched) and not matched[0].isalpha() and not matched[0].isspace()


def _inherit_categories(found: list[Count], before: list[Count]) -> list[Count]:
    """A bare "total" or "tally" ("three more deaths, bringing the total to 40") counts what an addition
    to it counts: the nearest count marked as new ("more", "another": ``_new``) of its own sentence, else
    the last of the sentence just before (``before``); with none, nothing ("the firm's total is 300"
    after two killed is no toll of the dead)."""
    kept = []
    for count in found:
        if count.category == INHERITED:
            beside = [c for c in found if _addition(c)]
            nearest = min(beside, key=lambda c: abs(c.span.start - count.span.start), default=None)
            if nearest is None:
                nearest = next((c for c in reversed(before) if _addition(c)), None)
            if nearest is None:
                continue
            count.category = nearest.category
        kept.append(count)
    return kept


def _addition(count: Count) -> bool:
    """A count that adds to a total: a numbered count of some category, marked as new."""
    return count.category not in (INHERITED, "") and count.basis != "zero" and _new(count)


def _bare_apposition(span: Any, number_token: Any) -> bool:
    """Numbers alone in apposition to a noun ("Jane Doe, 27,", "the girl, three,", "her sons, 7 and
    8,") are ages: news gives victims' ages that way, never a head count."""
    ages = span.doc[span.start : max(span.end, number_token.i + 1)]
    return (
        number_token.dep_ == "appos"
        and all(t.like_num or t.dep_ in ("cc", "punct") for t in ages)
        and not any(c.dep_ in ("prep", "nsubj", "amod") for c in number_token.children)
    )


def _fatal_share(number_token: Any, noun: Any | None) -> tuple[str, Any] | None:
    """ "four people were shot, one fatally", "two of them fatally": the elliptical share that died."""
    if noun is not None and noun.pos_ != "PRON":
        return None
    fatal = next((c for c in number_token.children if c.dep_ == "advmod" and c.lower_ in FATAL_ADVERBS), None)
    return ("killed", fatal) if fatal is not None else None


def _wider_group(noun: Any | None) -> bool:
    """True for the group in a partitive: "five people" in "one of five people", "two of the 12 victims"."""
    return (
        noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in {"NUM", "PRON"}
    )


def _pronoun_one(span: Any) -> bool:
    """ "no one was hurt", "any one of them": "one" there is a pronoun, not a count of one."""
    first = span[0]
    return (
        len(span) == 1
        and first.lower_ == "one"
        and first.i > 0
        and first.doc[first.i - 1].lower_ in ("no", "any", "every", "each")
    )


def _counts_people(noun: Any | None, category: str) -> bool:
    """The counted noun is people or a fate ("three injuries", "15 cases" of an illness); with no noun,
    the fate must be one that only befalls people ("sent 500" is too vague to be about people)."""
    if noun is None:
        return category not in ("deployed", "affected", "evacuated")
    if category == "ill" and noun.lemma_.lower() in ILLNESS_NOUNS:
        return True
    return is_people(noun) or noun.lemma_.lower() in CATEGORY_WORDS or noun.lower_ in CATEGORY_WORDS


def _case_category(noun: Any | None, illness: bool) -> tuple[str, Any] | None:
    """ "15 suspected cases of cholera", "12 new infections": in an article about an illness, cases
    and infections count the ill; "cases of fraud" (an "of" that is no illness) count nothing."""
    if noun is None or noun.lemma_.lower() not in ILLNESS_NOUNS or not illness:
        return None
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and not DISEASE.search(" ".join(t.text for t in of.subtree)):
        return None
    return "ill", noun


def _number_root(noun: Any | None, number_token: Any) -> int:
    """The coordination a number count adds up in; "one of two people killed" is part of the two."""
    if noun is not None and noun.head.lower_ == "of" and noun.head.head == number_token:
        return number_token.i
    return coordination_root(noun if noun is not None else number_token)


def _toll(number_token: Any, illness: bool) -> tuple[Any, str | None] | None:
    """The toll a figure is the value of, and what it counts: "the death toll rose to 12", "officials put
    the death toll at 40", "a death toll of 40", "the number of dead is 40", "deaths reached 40",
    "bringing the total to 40" (a bare total counts what the counts beside it count: ``INHERITED``);
    in an article about an illness, "the number of confirmed cases rose to 80". A toll that only might
    be ("officials fear the toll could rise to 100") counts nothing: its category is None."""
    head = number_token.head
    relation = number_token.dep_
    if relation == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in TOLL_NOUNS:
        candidates = [head.head]  # "a death toll of 40"
    else:
        if relation == "pobj" and head.lower_ in ("to", "at"):
            head = head.head
            roles: tuple[str, ...] = ("nsubj", "nsubjpass", "dobj")
        elif relation in ("attr", "dobj"):
            roles = ("nsubj", "nsubjpass")
        else:
            return None
        if head.lemma_.lower() not in TOLL_VERBS:
            return None
        candidates = [c for c in head.children if c.dep_ in roles]
    for noun in candidates:
        category = _toll_category(noun, illness)
        if category is not None:
            return noun, None if negated(head) else category
    return None


def _toll_category(noun: Any, illness: bool) -> str | None:
    """What a toll noun counts: its modifier ("death toll", "injury toll"), its "of" ("the number of
    dead", "the number of people killed"), the noun itself ("deaths", "casualties", "the dead"), the
    dead for a bare "toll", ``INHERITED`` for a bare "total"; None for a total of something else."""
    lemma = noun.lemma_.lower()
    if illness and lemma in ILLNESS_NOUNS:
        return "ill"  # "cases rose to 80"
    if lemma not in TOLL_NOUNS:
        own = word_category(noun)
        return own if own and lemma != "body" else None
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            word = word_category(child)
            if word:
                return word
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        counted = next((c for c in of.children if c.dep_ == "pobj"), None)
        if counted is None:
            return None
        if illness and counted.lemma_.lower() in ILLNESS_NOUNS:
            return "ill"  # "the number of confirmed cases"
        return noun_fate(counted)[0]  # "the number of calls": not a count of people
    if lemma in BARE_TOLLS:
        return "killed"
    return INHERITED if lemma in BARE_TOTALS else None  # "that number is 1-800-...": a phone number


def _toll_count(
    article: Article, sent: Any, mention: QuantityMention, span: Any, noun: Any, category: str, used: set[int]
) -> Count:
    """A cumulative count of the dead (or injured, or casualties: "injury toll") the toll ``noun`` names."""
    used.update(t.i for t in span)
    count = new_count(
        article,
        sent,
        min(noun.left_edge.idx, mention.start),
        max(mention.end, noun.idx + len(noun.text)),
        category,
        *_figures(mention),
        number=article.span(mention.start, mention.end),
        subject="people",
        basis="number",
    )
    count.scope = "cumulative"
    count.root = span[0].i
    return count


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


# -- counts without numbers ------------------------------------------------------------------------


def _vague_counts(article: Article, doc: Any, sent: Any, used: set[int]) -> list[Count]:
    """ "some North Korean troops have been killed": people counted without a number."""
    found = []
    # only a quantifier ("some", "several") can count people here: every other word is passed over unread
    for token in (doc[i] for i in tokens_among(doc_words(doc).lower, sent, QUANTIFIERS)):
        if token.i in used:
            continue
        noun = _quantified_people(token)
        if noun is None:
            continue
        category, predicate = category_of(noun, noun)
        if category is None or negated(predicate):
            continue
        used.update((token.i, noun.i))
        count = new_count(
            article,
            sent,
            token.idx,
            phrase_end(doc[token.i : token.i + 1], noun, predicate),
            category,
            None,
            None,
            None,
            "unspecified",
            number=None,
            subject=_subject_text(noun) if noun != token else None,
            basis="number",
        )
        count.inclusive = inclusive(noun, predicate)
        found.append(count)
    return found


def _quantified_people(token: Any) -> Any | None:
    """The people a quantifier counts: "some troops", "several victims"."""
    if token.lower_ not in QUANTIFIERS or token.dep_ not in ("det", "amod", "predet"):
        return None
    noun = token.head
    if not is_people(noun) or noun.tag_ not in ("NNS", "NNPS"):
        return None
    return noun


def _zero_counts(article: Article, sent: Any) -> list[Count]:
    """ "No one was injured", "no injuries were reported": a count of zero."""
    found = []
    text = sentence_text(sent)
    for match in ZERO.finditer(text):
        rest = text[match.end() : match.end() + 60].lower()
        phrase = match.group(0).lower()
        category = next((name for word, name in ZERO_WORDS if word in phrase or word in rest[:40]), None)
        if category is None:
            continue
        start = sent.start_char + match.start()
        end = sent.start_char + match.end()
        found.append(
            Count(
                article.span(start, end),
                category,
                0.0,
                None,
                None,
                "exact",
                None,
                None,
                "zero",
                article.span(sent.start_char, sent.end_char),
            )
        )
    return found


def _subject_text(noun: Any | None) -> str | None:
    """The counted noun with its modifiers and unnumbered conjuncts: "North Korean troops",
    "flight attendants and staff"; without numbers, qualifiers and determiners."""
    if noun is None:
        return None
    if noun.lemma_.lower() in CATEGORY_WORDS or noun.lower_ in LIVES:
        return "people"  # "three injuries", "12 deaths", "40 lives": people, by their fate
    doc = noun.doc
    start = noun.left_edge.i
    while start < noun.i and (
        doc[start].dep_ in ("det", "nummod", "quantmod", "advmod", "poss", "case", "punct", "cc")
        or doc[start].like_num
        or doc[start].is_space
        or doc[start].lower_ in QUANTIFIERS
    ):
        start += 1
    end = noun.i + 1
    for conj in noun.conjuncts:
        if conj.i > noun.i and not any(c.dep_ == "nummod" for c in conj.children):
            end = max(end, conj.i + 1)
        elif conj.i > noun.i:
            break
    return doc[start:end].text


# -- context ---------------------------------------------------------------------------------------


def _context(article: Article, sent: Any, count: Count, times: list[Timex] | None) -> None:
    """Fill location, time, source and scope from the count's sentence."""
    count.location = _location(sent, count.span.start - article.start)
    _when(article, sent, count, times)
    count.source = _source(article, sent)
    if CUMULATIVE.search(sent.text) and not _new(count):
        count.scope = "cumulative"
    if count.basis == "number" and (BACKGROUND.search(sent.text) or WIDE_SCOPE.search(_own_clause(sent, count))):
        count.background = True


def _own_clause(sent: Any, count: Count) -> str:
    """The words of the clause a count is in: its predicate with what hangs on it, less the other
    clauses hung on it ("13 are dead ..., spreading fear across the region": not the region's dead)."""
    token = _first_token(sent, count)
    if token is None:
        return str(sent.text)
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    apart: set[int] = set()
    for child in verb.children:
        if child.dep_ in OTHER_CLAUSES and token not in child.subtree:
            apart.update(t.i for t in child.subtree)
    return " ".join(t.text for t in verb.subtree if t.i not in apart)


def _new(count: Count) -> bool:
    """ "three more people died", "two new cases", "another victim": the count adds to a total, it is
    not the total ("more than 500" is a bound, not more victims)."""
    text = count.span.text
    if count.number is not None:
        start = count.number.start - count.span.start
        text = text[:start] + " " + text[start + len(count.number.text) :]
    return any(word in NEW_MARKS for word in re.findall(r"\w+", text.lower()))


def _when(article: Article, sent: Any, count: Count, times: list[Timex] | None) -> None:
    """The sentence's point in time nearest the count: a normalised DATE or TIME when times were
    extracted, else spaCy's DATE/TIME phrase as written."""
    if times is not None:
        start, end = article.start + sent.start_char, article.start + sent.end_char
        points = [t for t in times if start <= t.start and t.end <= end and t.type in ("DATE", "TIME")]
        if points:
            nearest = min(points, key=lambda t: abs(t.start - count.span.start))
            count.when = Span(nearest.text, nearest.start, nearest.end)
            count.when_value = nearest.value
        return
    spacy_times = [e for e in ents_within(sent) if e.label_ in TIME_LABELS and not AGE_LIKE.search(e.text)]
    if spacy_times:
        count.when = article.span(spacy_times[0].start_char, spacy_times[0].end_char)


def _location(sent: Any, count_start: int) -> str | None:
    """The place the sentence puts the count in: a GPE, LOC or FAC inside a locative phrase."""
    candidates = []
    for ent in ents_within(sent):
        if ent.label_ not in PLACE_LABELS:
            continue
        token = ent.root
        while token.dep_ in ("compound", "poss", "amod", "nmod") and token.head != token:
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
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
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
        if INITIAL.search(lead) and REVISED.search(sentence[count.span.end - count.sentence.start :]):
            count.status = "superseded"
            continue
        before_number = sentence[: (count.number or count.span).start - count.sentence.start]
        if ROSE_TO.search(before_number[-40:]):
            _supersede_smaller(counts[:i], count)


def _supersede_smaller(earlier_counts: list[Count], count: Count) -> None:
    """ "rose to 12": earlier, smaller current figures of the same category are superseded."""
    for earlier in earlier_counts:
        if earlier.category == count.category and earlier.basis == "number" and earlier.status == "current":
            figure, new = earlier.best(), count.best()
            if figure is not None and new is not None and figure < new:
                earlier.status = "superseded"


# -- earlier events --------------------------------------------------------------------------------


def _mark_earlier_events(counts: list[Count], published: str | None = None) -> None:
    """Casualties dated well before the article's incident are background: a story about Friday's
    shooting that recalls "in November 2013, one man died" or "was fatally shot in July" is not
    reporting those deaths. The incident is dated by the article's latest dated casualties, so that
    a trial story still counts the deaths it is about, but no earlier than a month before
    publication: deaths older than that are history, not news."""
    days = {id(c): last_day(c.when_value) for c in counts if c.category in CASUALTY_CATEGORIES}
    # Only a casualty dated to the day, and not already background, dates the incident: "40 killed
    # this year" covers up to 31 December and would push Friday's shooting into the past.
    incident_days = [
        day
        for c in counts
        if (day := days.get(id(c))) is not None and not c.background and DAY_VALUE.match(c.when_value or "")
    ]
    cutoffs = [max(incident_days) - timedelta(days=EARLIER_EVENT_DAYS)] if incident_days else []
    published_on = last_day(published[:10]) if published else None
    if published_on is not None:
        cutoffs.append(published_on - timedelta(days=HISTORY_DAYS))
    if not cutoffs:
        return
    cutoff = max(cutoffs)
    for count in counts:
        day = days.get(id(count))
        if day is not None and day < cutoff:
            count.background = True


# -- the headline ----------------------------------------------------------------------------------


def headline_casualties(
    title: str | None, casualties: dict[str, Tally | None], parsed: Any = None
) -> dict[str, Tally | None]:
    """The killed and injured the headline gives ("Two dead, three wounded in shooting") replace the
    text's: the headline is the editor's summary of the article's own incident, while the body also
    recalls earlier shootings, lists other stories or is only a sign-up form on a scraped page. A
    headline without a figure leaves the text's tally alone, and so does one that only names a
    victim when the text numbers more. ``parsed`` is the spaCy Doc of ``headline_text(title)`` when the
    pipeline parsed it with the article (else it is parsed here)."""
    headline, offset = _headline_text(title)
    if not headline:
        return casualties
    assert title is not None  # a headline comes from a title
    if parsed is None:
        from newsledger.nlp import load_nlp  # the pipeline is loaded already when articles are analysed

        parsed = load_nlp()(headline)
    doc = parsed
    _appositions_as_lists(doc)
    from_headline = _headline_tally(headline, doc)
    filled = dict(casualties)
    for category in HEADLINE_CATEGORIES:
        tally = from_headline.get(category)
        if tally is not None and tally.value and not _text_counts_more(casualties.get(category), tally):
            phrases = [
                Span(
                    title[c.span.start + offset : c.span.end + offset],
                    c.span.start + offset,
                    c.span.end + offset,
                )
                for c in tally.counts
            ]
            filled[category] = Tally(tally.value, tally.qualifier, [], "headline", phrases)
    return filled


def _text_counts_more(text: Tally | None, headline: Tally) -> bool:
    """ "Man killed in shooting" over a text that numbers two dead: the headline names one victim,
    the text counts them all."""
    return (
        text is not None
        and text.value is not None
        and headline.value is not None
        and text.value > headline.value
        and _numbered(text)
        and not _numbered(headline)
    )


def _numbered(tally: Tally) -> bool:
    return any(c.basis == "number" for c in tally.counts)


def _appositions_as_lists(doc: Any) -> None:
    """Headlines list victims with commas ("kills wife, son, daughter, then himself"), which the parser
    reads as appositions of one person; in a headline they are a list, so they become conjuncts."""
    for token in doc:
        if token.dep_ == "appos" and token.head.pos_ in ("NOUN", "PROPN", "PRON") and not _fate_of_its_own(token):
            token.dep_ = "conj"


def _fate_of_its_own(token: Any) -> bool:
    """ "2 men killed, 2 others in critical condition": "others" and a phrase of its own mark a second
    group with its own fate, not one more of the killed; "Girl, 4, dies" gives an age."""
    return (
        token.lemma_.lower() == "other"
        or (token.like_num and not list(token.children))
        or any(c.dep_ == "prep" for c in token.children)
    )


def _headline_tally(headline: str, doc: Any) -> dict[str, Tally | None]:
    """The casualties of a headline read as a one-sentence article of its own."""
    article = Article(
        Item(source="headline", text=headline, format="text", path="headline"), 0, len(headline), headline
    )
    counts, _ = find_counts(AnalysedArticle(article, doc))
    return tally_casualties(counts)


def headline_text(title: str | None) -> str:
    """The headline as the casualty rules parse it (see ``_headline_text``); empty when there is none."""
    return _headline_text(title)[0]


def _headline_text(title: str | None) -> tuple[str, int]:
    """The headline without the outlet ("... - WMC Action News 5", "... | abc13.com", ":: WRAL.com"),
    in sentence case (the tagger reads "Man Shoots Girlfriend And Her Son" as a string of names), and
    where it starts in the title. Only letter case changes, so offsets into it plus the start are
    offsets into the title: the figures keep the phrases they come from."""
    if not title:
        return "", 0
    kept = HEADLINE_TAIL.split(title, maxsplit=1)[0]
    offset = len(kept) - len(kept.lstrip())
    headline = kept.strip()
    words = list(re.finditer(r"\S+", headline))
    if len(words) > 1 and sum(w[0][:1].isupper() for w in words) > TITLE_CASE_SHARE * len(words):
        chars = list(headline)
        for word in words[1:]:
            lower = word[0].lower()
            if word[0][1:].islower() and len(lower) == len(word[0]):
                chars[word.start() : word.end()] = lower
        headline = "".join(chars)
    return headline, offset
