"""Attributed claims: who said what, how, through which channel, found on the dependency parse.

A claim is a cue (a reporting verb, "according to", a non-answer) with its
source (the subject of the cue, or the object of "according to"), the content
(the cue's clausal complement, the quoted words, or the rest of the sentence
for "..., the agency said" and "according to"), and how it was said (direct,
indirect, mixed). A quote that runs on after its cue ('“A,” she said, “B.”')
or into the next sentence without a cue of its own is more of the same claim:
one more content piece, as PolNeAR annotates it. Where a reported content
starts and ends after its cue is chosen by a small learnt model
(cue_model/content.py) among the places the parse allows, and a learnt check
(cue_model/keep.py) drops the claims least likely to be real. A content stays
inside its paragraph unless a quotation visibly goes on into the next one.
Sources are resolved to the article's entities: "Ryder" to "Pat Ryder", "it"
and "they" to the speaker or organisation before them, "he" and "she" (and
"his"/"her" before a noun cue) to the nearest earlier person whose gender
agrees, left unresolved when two people could be meant; unnamed sources
("officials", "a local official") are marked anonymous.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, cast

from newsledger.extract.claims import cue_model
from newsledger.extract.claims.cue_model import content as content_model
from newsledger.extract.claims.cue_model import keep as keep_model
from newsledger.extract.claims.settings import SHIPPED, ClaimSettings
from newsledger.extract.docspans import token_starting_at
from newsledger.extract.docwords import doc_words, sentence_text, tokens_among
from newsledger.extract.intervals import Intervals
from newsledger.lexicon import Lexicon, LexiconError, load_lexicon
from newsledger.model import AnalysedArticle, Article, Entity, Span

# The word lists live in lexicon.toml beside this module, each with what it is for; loading checks them.
_LEXICON = load_lexicon("newsledger.extract.claims", "lexicon.toml")
# what a claim's stance can be (Claim.stance): a lexicon group outside these is a typo
STANCE_NAMES = frozenset("assert belief pledge confirm deny no_comment refer allege no_number".split())
STANCES: dict[str, str] = _LEXICON.groups("stances", STANCE_NAMES)
ATTITUDES = _LEXICON.words("attitudes")
STANCE_ADJECTIVES: dict[str, str] = _LEXICON.groups("stance_adjectives", STANCE_NAMES)
NOUN_CUES: dict[str, str] = _LEXICON.groups("noun_cues", STANCE_NAMES)
NOUN_CONTENT_PREPS = _LEXICON.words("noun_content_preps")
INVERTING = _LEXICON.words("inverting")
OBJECT_CONTENT = _LEXICON.words("object_content")
OBJECT_PREPS = _LEXICON.words("object_preps")
LEMMA_FIXES = _LEXICON.groups("lemma_fixes")
# what sets off a writer's aside at the end of a content: ", which ...", ", who ..."
ASIDE_DEPS = frozenset({"relcl", "appos"})
ASIDE_WORDS = _LEXICON.words("aside_words")
ADDRESSING = _LEXICON.words("addressing")
PREP_CONTENT = _LEXICON.words("prep_content")
CONTENT_PREPS = _LEXICON.words("content_preps")
POLL_NOUNS = _LEXICON.words("poll_nouns")
CALLING = _LEXICON.words("calling")
FOR_MARKS = _LEXICON.ordered("for_marks")
ASKING = _LEXICON.words("asking")
IF_MARKS = _LEXICON.ordered("if_marks")
STATEMENT_NOUNS = _LEXICON.words("statement_nouns")
POINTING = _LEXICON.words("pointing")
RAISING = _LEXICON.words("raising")
PASSIVE_RAISING = _LEXICON.words("passive_raising")
XCOMP_CONTENT = _LEXICON.words("xcomp_content")
ANONYMOUS_HEADS = _LEXICON.words("anonymous_heads")
RELATIVES = _LEXICON.words("relatives")
PRONOUNS = _LEXICON.words("pronouns")
CHANNEL_NOUNS = _LEXICON.words("channel_nouns")
CHANNEL_NAMES = _LEXICON.words("channel_names")
QUOTE_OPEN = '“"‘'
QUOTE_CLOSE = '”"’'
# a closing quotation mark, not the apostrophe of "show’s" or "players’ union": ’ closes a quote only after
# the quote's own punctuation
CLOSING_QUOTE = re.compile(r"[”\"]|[,.!?]’")
NO_COMMENT = re.compile(
    r"\b(?:declined|refused)\s+to\s+(?:comment|respond|elaborate|discuss)|"
    r"\b(?:did|does|do|has|have|had)\s*(?:not|n't)\s+(?:immediately\s+)?(?:respond|comment|return|reply|answer)|"
    r"\bcould\s*(?:not|n't)\s+(?:immediately\s+)?be\s+reached|\bwas\s+not\s+available\s+for\s+comment|"
    r"\bwere\s+not\s+available\s+for\s+comment|\bno\s+immediate\s+comment\s+from",
    re.I,
)
NO_NUMBER = re.compile(
    r"\b(?:did|does|do)\s*(?:not|n't)\s+have\s+(?:a|an|any)\s+(?:specific\s+|exact\s+|precise\s+)?"
    r"(?:number|figure|count|estimate|tally)",
    re.I,
)

CHARGING = _LEXICON.words("charging")
AS_CUES = _LEXICON.words("as_cues")
COLON_SOURCES = _LEXICON.words("colon_sources")
DASHES = frozenset({"-", "–", "—"})
#: the tags of a finite verb: a clause, not a phrase ("In the end", "to be the biggest jump")
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
DASH_CUE_FORMS = _LEXICON.words("dash_cue_forms")
#: what may stand between a cue and the quotation it opens: its particle, prepositional phrase, adverb or
#: audience ("chanted back at him, “...”"), then a comma, colon or dash
LEAD_IN_DEPS = frozenset({"prt", "prep", "advmod", "npadvmod", "dative", "dobj"})
LEAD_IN_MARKS = (",", ":", "—", "--", "–")
#: the marks a quotation opens with, and those that close it ('“' closes at '”', not at an inner '"')
QUOTE_CLOSERS = {"“": ("”",), '"': ('"',), "``": ("''",), "''": ("''",)}
CIRCUMSTANCE_MARKS = _LEXICON.words("circumstance_marks")
VIEW_HOLDERS = _LEXICON.words("view_holders")
#: the object pronouns a fronted "to" may name: "To her, ..."
PERSONAL_OBJECTS = frozenset({"me", "him", "her", "us", "them", "you"})
#: what may come before a fronted "to" in its clause: "But to others, ...", "because to her, ..."
CLAUSE_OPENERS = frozenset({"but", "and", "yet", "because", "so", "for", "since", "while", "although", "though"})
#: a dash that sets off who said what comes before it: "— said the mayor", "--said Mr. Park", "” — Winston Churchill"
ATTRIBUTING_DASH = re.compile(r"^(?:--?|—|–|―)(?P<glued>[A-Za-z]*)$")
#: the longest source after such a dash, in words
DASH_SOURCE_WORDS = 12
#: what such a source opens with, a noun phrase's first word: "the port director", "Mr. Park", "his lawyer",
#: "one official", "senior officials"; not "to be the biggest jump" nor "by many"
DASH_SOURCE_STARTS = frozenset({"DET", "PROPN", "NOUN", "PRON", "ADJ", "NUM"})
COLON_KICKERS = _LEXICON.words("colon_kickers")
COLON_LINKS = _LEXICON.words("colon_links")
TAGGED_CONFIDENCE = 0.5  # below every rule's: a cue no rule knows is likelier to be wrong
# what can be said after a cue no list knows; "pobj" is the object of a preposition inside the cue ("lashed out at X")
# words that lean on the verb after them: a tagged run of these alone stands for that verb
HELPER_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
TAGGED_ARGUMENTS = ("ccomp", "xcomp", "dobj", "prep", "pobj", "pcomp", "attr", "acomp", "oprd")


@dataclass
class Claim:
    """One attributed statement, every part a span of the item's text."""

    cue: Span
    source: Span | None
    content: list[Span]
    kind: str  # direct | indirect | mixed | none
    stance: str  # assert | belief | pledge | confirm | deny | no_comment | refer | allege | no_number
    speaker: str | None = None  # canonical name of the entity the source refers to
    speaker_entity: Entity | None = None
    anonymous: bool = False
    channel: Span | None = None
    audience: Span | None = None
    confidence: float = 0.8
    when: Span | None = None
    when_value: str | None = None
    sentence: Span | None = None
    _verb: int = field(default=-1, repr=False)  # token index of the cue, to avoid finding it twice
    _holder: Span | None = field(default=None, repr=False)  # what a relative-pronoun source stands for
    _sure: bool = field(default=False, repr=False)  # a narrow construction the learnt claim check leaves alone

    @property
    def start(self) -> int:
        spans = [self.cue, *self.content] + ([self.source] if self.source else [])
        return min(s.start for s in spans)

    @property
    def end(self) -> int:
        spans = [self.cue, *self.content] + ([self.source] if self.source else [])
        return max(s.end for s in spans)


def find_claims(
    analysed: AnalysedArticle,
    entities: list[Entity] | None = None,
    times: list[Any] | None = None,
    settings: ClaimSettings = SHIPPED,
) -> list[Claim]:
    """Every attributed claim of one article, in text order, sources resolved to ``entities``,
    dated by ``times``; ``settings`` say which learnt parts run (all of them, as shipped, by default)."""
    article, doc = analysed.article, analysed.doc
    claims: list[Claim] = []
    quotes = _Quotes(article.analysis_text)
    for sent in doc.sents:
        if not sentence_text(sent).strip():
            continue
        found = _non_answers(article, sent)
        found += [c for c in _quote_claims(article, sent, quotes) if c._verb not in {f._verb for f in found}]
        taken = {c._verb for c in found}
        found += [c for c in _raised_claims(article, sent) if c._verb not in taken]
        taken = {c._verb for c in found}
        found += [c for c in _verb_claims(article, sent) if c._verb not in taken]
        found += _according_to(article, sent) + _poll_claims(article, sent)
        held = _to_holder_claims(article, sent)  # "because to her, “X”": X is her view, not the cue's before it
        found = [c for c in found if not any(_within_view(c, h) for h in held)] + held
        taken = {c._verb for c in found}
        found += [c for c in _dash_claims(article, sent) if c._verb not in taken and c._verb + 1 not in taken]
        taken = {c._verb for c in found}
        found += [c for c in _adjective_claims(article, sent) if c._verb not in taken]
        taken = {c._verb for c in found}
        for c in _noun_claims(article, sent):
            # "pledged support": one claim; "rejected the governor's assertion that X": two, the inner one
            # sure (a named holder's claim inside another is a construction the learnt check rarely saw)
            if c._verb in taken:
                continue
            if sent.doc[c._verb].head.i not in taken:
                found.append(c)
            elif _held_by_another(sent.doc[c._verb]):
                c._sure = True
                found.append(c)
        if not any(c.cue.start < sent.start_char + article.start + sentence_text(sent).find(":") for c in found):
            found = _colon_claims(article, sent) + found
        found = [c for c in found if not _nested_hedge(c, found)]
        if not found and _continue_quote(article, sent, claims):
            continue
        after = _said_after_quote(article, sent, claims)
        if after and all(c._verb == after[0]._verb or c._verb > after[0]._verb for c in found):
            # '“Did you know?” Todd asked the mogul.', '“Filth out!” she wrote, arguing that X': the quote
            # split off before is what the cue opening the sentence reports; the claims after it stay
            found = after + [c for c in found if c._verb != after[0]._verb]
        for claim in found:
            claim.sentence = article.span(sent.start_char, sent.end_char)
        claims.extend(found)
    claims += _quote_then_name(article, doc, claims)
    tagger = settings.the_tagger()
    probabilities = tagger.probabilities(doc) if tagger is not None else None
    if probabilities is not None:
        claims += _tagged_claims(article, doc, claims, probabilities)
    chooser = settings.the_chooser()
    if chooser is not None:
        _choose_content_ends(claims, article, doc, chooser)
    claims.sort(key=lambda c: c.start)
    _run_on_quotes(claims, article)
    claims = _within_paragraphs(claims, article, doc)
    for claim in claims:
        claim._holder = _relative_holder(claim, analysed)
    _resolve_speakers(claims, entities or [], article, doc)
    claims = _fold_self_reports(claims)
    holding = _contents(claims)
    claims = [c for c in claims if not _aside_in_quote(c, holding, doc) and not _speakers_own_view(c, doc, article)]
    keeper = settings.the_keeper()
    if keeper is not None:
        claims = _checked(claims, doc, keeper, probabilities)
    _link_times(claims, times)
    return claims


# -- reporting verbs -------------------------------------------------------------------------------


def _verb_claims(article: Article, sent: Any) -> list[Claim]:
    claims = []
    lemmas = _words(sent.doc)[0]
    for i in _where(lemmas, sent, STANCES):
        verb, lemma = sent.doc[i], lemmas[i]
        if verb.pos_ not in ("VERB", "AUX") and verb.tag_ != "VBG":
            continue
        content_tokens = _complement(verb)
        if _inverted_subject(verb) is not None:
            content_tokens = _trim_punct([t for t in sent if t.i < verb.i]) or content_tokens
        elif content_tokens is None:
            content_tokens = _postposed_content(verb, sent) or _as_clause_content(verb)
        misparsed = None
        if content_tokens is None and not any(c.dep_ == "nsubj" for c in verb.children):
            misparsed = _misparsed_postposed(verb, sent) or _passive_with_agent(verb)
        source: list[Any] | None
        if misparsed:
            source, content_tokens = misparsed
        elif content_tokens is None:
            continue
        else:
            source = _subject(verb)
        if source is None and not (_is_parenthetical(verb) or _sourceless(verb)):
            continue
        if lemma == "tell" and source is None:
            continue
        if source is not None and not source:
            source = None
        content_tokens = _without_source(content_tokens, source) or _object_after(verb)
        if not content_tokens or _reaches_out_of_its_quote(verb, content_tokens):
            continue
        claims.append(_claim(article, sent, verb, source, content_tokens, STANCES[lemma]))
    return claims


def _lemma(token: Any) -> str:
    """The token's lemma, lowercased, mended where the pipeline's lemmatizer is wrong on a cue
    ("hopes", "hoped", "hoping" -> "hop")."""
    lemma = token.lemma_.lower()
    return LEMMA_FIXES.get(lemma, lemma) if token.lower_.startswith("hope") else lemma


def _words(doc: Any) -> tuple[list[str], list[str], list[str]]:
    """Every token's ``_lemma``, lowercased form and text, read once per document (``docwords``; the lemmas
    mended kept in its ``user_data`` too): each rule looks for its few cue words in every sentence, and
    reading them off spaCy rule by rule made a ``Token`` of every word a dozen times over."""
    key = "newsledger.claims.lemmas"
    words = doc_words(doc)
    lemmas = doc.user_data.get(key)
    if lemmas is None:
        lemmas = doc.user_data[key] = [
            LEMMA_FIXES.get(lemma, lemma) if lower.startswith("hope") else lemma
            for lemma, lower in zip(words.lemma, words.lower)
        ]
    return cast(list[str], lemmas), words.lower, words.text


def _where(words: list[str], sent: Any, wanted: Any) -> list[int]:
    """The indices of the sentence's tokens whose word (from ``_words``) is in ``wanted``, in order."""
    return [i for i in range(sent.start, sent.end) if words[i] in wanted]


def _without_source(content: list[Any], source: list[Any] | None) -> list[Any]:
    """ "Now we know", "I didn't know": what is said never includes who says it; when the parse's content
    is the source with a lead-in word or two, there is no content at all."""
    if not source:
        return content
    taken = {t.i for t in source}
    if not any(t.i in taken for t in content):
        return content
    rest = _trim_punct([t for t in content if t.i not in taken])
    contentful = ("VERB", "AUX", "NOUN", "PROPN", "PRON", "NUM", "ADJ", "INTJ")
    return rest if any(t.pos_ in contentful for t in rest) else []


def _object_after(verb: Any) -> list[Any]:
    """ "I didn't know about the case": the object or "about"-phrase after a cue whose clause the
    parser misplaced is then the best guess at what it is about."""
    for child in verb.children:
        if child.i > verb.i and child.dep_ == "dobj":
            return list(child.subtree)
        if child.i > verb.i and child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return list(pobj.subtree)
    return []


def _postposed_content(verb: Any, sent: Any) -> list[Any] | None:
    """ "The casualties occurred around three villages, the agency said in a post": the clause before
    the source, when the cue comes after it, set off by a comma."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if (
        subject is None
        or subject.i > verb.i
        or any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children)
    ):
        return None  # "..., Curiel ordered the release": the cue has content of its own after it
    start = subject.left_edge.i
    if start == sent.start or verb.doc[start - 1].text not in (",", "”", '"', "’", "—", "--", "''", "“"):
        return None
    before = _trim_punct([t for t in sent if t.i < start])
    modifiers = {t.i for c in verb.children if c.dep_ in ("advcl", "prep") for t in c.subtree}
    if before and all(t.i in modifiers for t in before):
        return None  # "When asked if X, she said no": the cue's own adverbial clause, not what was said
    if before and not _clause_or_quote(before, verb.doc[sent.start]):
        return None  # "In the end, she voted for X", "At games at his school, he remembers X": a phrase set
        # before the subject is not what was said
    return before or None


def _clause_or_quote(tokens: list[Any], first: Any) -> bool:
    """Whether words set off before a subject can be what was said: anything but a phrase that opens
    with a preposition and has no finite verb ("In the end", "At the rally in Ohio"); "Too early to
    tell, officials said" and "No comment, the spokesman said" are what was said."""
    if first.text in QUOTE_OPEN or first.text == "''" or any(t.tag_ in FINITE_TAGS for t in tokens):
        return True
    return tokens[0].pos_ not in ("ADP", "SCONJ")


def _as_clause_content(verb: Any) -> list[Any] | None:
    """ "As the Times noted, Clinton raised $1 million", "Clinton raised $1 million, as the Times
    reported", "as Ms. Simonyan put it": a cue in an "as" clause attributes the clause it hangs on."""
    if (
        verb.dep_ != "advcl"
        or _lemma(verb) not in AS_CUES
        or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    ):
        return None  # not "As Obama spoke, protesters gathered": "as" there means "while"
    if not any(c.dep_ == "nsubj" for c in verb.children) and _participle_agent(verb) is None:
        return None  # "As reported by Western Journalism, X" names its source after "by"
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") or (
            child.dep_ == "dobj" and not (child.lower_ == "it" or _lemma(verb) in ADDRESSING)
        ):
            return None  # "as he said he would": the clause has content of its own
    own = {t.i for t in verb.subtree}
    host = [t for t in verb.head.subtree if t.i not in own and not t.is_space]
    return _trim_punct(host) or None


def _misparsed_postposed(verb: Any, sent: Any) -> tuple[list[Any], list[Any]] | None:
    """ "..., the agency, known by its acronym GUR, said ...": when the parser hangs the source on the
    clause before as an apposition, take the noun phrase between the commas before the cue."""
    if _lemma(verb) not in INVERTING or verb.i < 2 or verb.doc[verb.i - 1].text != ",":
        return None
    for token in reversed(verb.doc[sent.start : verb.i - 1]):
        if token.dep_ == "appos" and token.pos_ in ("NOUN", "PROPN"):
            start = token.left_edge.i
            if start - 1 <= sent.start or verb.doc[start - 1].text != ",":
                return None
            source = _trim_punct(list(verb.doc[start : verb.i - 1]))
            content = _trim_punct(list(verb.doc[sent.start : start - 1]))
            return (source, content) if source and content else None
    return None


def _agent_of(verb: Any) -> Any | None:
    """The noun after a passive cue's "by" ("reported by [the Post]"), or None."""
    return next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)


def _passive_with_agent(verb: Any) -> tuple[list[Any], list[Any]] | None:
    """ "The registration issue was first reported by The Washington Post", "Trump is supported by far
    fewer publications": in the passive, who reports is the agent after "by" and what is reported or
    backed is the subject, as PolNeAR annotates them."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    pobj = _agent_of(verb)
    if subject is None or pobj is None or subject.lower_ in RELATIVES or subject.i > verb.i:
        return None
    charge = {
        t.i
        for c in pobj.children
        if c.dep_ == "prep" and c.lower_ == "of" and _lemma(verb) in CHARGING
        for t in c.subtree
    }  # "accused by colleagues of fraud": the charge, not part of the accusers
    return [t for t in pobj.subtree if t.i not in charge], list(subject.subtree)


def _complement(verb: Any) -> list[Any] | None:
    """The tokens of what was said: the clausal complement, or for "promised X" the object."""
    after = _quote_after(verb)
    if after:
        return after  # 'continued: "A. B."': the quotation opening after the cue, whatever the parser made of it
    # a clause after the cue is what was said; one before it is the postposed case ("X, he said")
    clauses = sorted(
        (c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i != verb.i), key=lambda c: (c.i < verb.i, c.i)
    )
    for child in clauses:
        if child.dep_ == "xcomp" and _lemma(verb) not in XCOMP_CONTENT:
            continue
        # A leading "that" stays: PolNeAR's annotators include it in the content (2,293 times against 30).
        tacked_on = _tacked_on_cue_tokens(child)
        return [t for t in child.subtree if t.i not in tacked_on]
    clause = _for_or_if_clause(verb)
    if clause:
        return clause
    if _lemma(verb) in ADDRESSING:
        about = _prep_content(verb)
        if about:
            return about  # "asked Carson about his relationship": Carson is the audience, the rest the content
    if _lemma(verb) == "say":
        answer = next((c for c in verb.children if c.dep_ == "intj" and c.i > verb.i), None)
        if answer is not None:
            return [answer]  # "she said no", "said yes"
    if _lemma(verb) in ADDRESSING and verb.dep_ == "ROOT" and _quoted_before(verb):
        return _quote_in_sentence(verb)  # '"Did you know?" Todd asked the mogul': the mogul is the audience
    if _lemma(verb) in OBJECT_CONTENT or _lemma(verb) == "say":
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)  # "is accused ... A man": a misparse
        if (
            obj is not None
            and not passive
            and obj.lemma_.lower() not in ("reporter", "journalist", "it", "this", "that", "so")
        ):
            return _object_content(verb, obj)
    if _lemma(verb) in PREP_CONTENT:
        preps = CONTENT_PREPS | ({"to"} if _lemma(verb) in POINTING else set())
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in preps and c.i > verb.i), None)
        pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if pobj is not None:
            return list(pobj.subtree)
    if verb.dep_ == "parataxis" and (verb.i > verb.head.i or _set_off(verb)):
        around = _parenthetical_host(verb)
        if around:
            return around
    if verb.dep_ in ("parataxis",) or (verb.dep_ == "ROOT" and _quoted_before(verb)):
        quote = _quote_in_sentence(verb)
        if quote:
            return quote
    return None


def _for_or_if_clause(verb: Any) -> list[Any] | None:
    """ "called for Republicans to back Christie", "Asked by Thrush if Clinton gets race": the parser hangs
    a "for X to Y" clause, and an "if/whether" question, on the cue as an adverbial clause; after a cue that
    asks or calls for something it is what was said."""
    marks = FOR_MARKS if _lemma(verb) in CALLING else IF_MARKS if _lemma(verb) in ASKING else ()
    for child in verb.children:
        if (
            child.dep_ == "advcl"
            and child.i > verb.i
            and any(c.dep_ == "mark" and c.lower_ in marks for c in child.children)
        ):
            return list(child.subtree)
    return None


def _quote_after(verb: Any) -> list[Any] | None:
    """'Trump said, “If we do not get tough ...”': a quotation that opens right after the cue (after a comma
    or colon) is what was said, whatever the parser hung it on, up to its closing mark or the sentence end."""
    doc, sent = verb.doc, verb.sent
    i = verb.i + 1
    said = next(
        (c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i and c.lemma_.lower() in STATEMENT_NOUNS), None
    )
    if said is not None and all(t.i > verb.i for t in said.subtree):
        i = said.right_edge.i + 1  # "issued a statement, “...”", "tweeted the following: “...”"
    else:
        # "chanted back at him, “...”", "told reporters: “...”": the cue's own particle, phrase or audience
        around = [c for c in verb.children if c.i > verb.i and c.dep_ in LEAD_IN_DEPS]
        while around and around[0].left_edge.i == i and not any(t.pos_ in ("VERB", "AUX") for t in around[0].subtree):
            i = around.pop(0).right_edge.i + 1
    if i < sent.end and doc[i].text in LEAD_IN_MARKS:
        i += 1
    if i == 0 or doc[i - 1].text not in LEAD_IN_MARKS:
        return None
    end = sent.end
    if doc[i - 1].text == ":":
        while i < len(doc) and doc[i].is_space:
            i += 1  # 'Caddell continued:\n\n"The health issue ..."': the quotation is the next paragraph
        end = doc[i].sent.end if i < len(doc) else end
    if i >= end - 1 or doc[i].text not in QUOTE_CLOSERS:
        return None
    closers = QUOTE_CLOSERS[doc[i].text]
    # to the closing mark, over the sentencizer's splits; at most to the paragraph's end or the next opening
    # mark of the same kind (the quotation was left open); unclosed there: the sentence, as before
    stop = _quote_stops(doc, doc[i].text)[i + 1]
    closed = stop < len(doc) and doc[stop].text in closers
    tokens = list(doc[i + 1 : stop if closed else min(stop, end)])
    return _trim_punct(tokens) or None


def _quote_stops(doc: Any, opener: str) -> list[int]:
    """For each token of ``doc``, the first token from it on that closes a quotation opened by ``opener``,
    opens another one, or ends its paragraph (a line break after it); ``len(doc)`` where none does. Worked
    out once per document and opening mark, so that finding where each of many quotations ends costs in
    proportion to the text, not to its square."""
    key = ("newsledger.claims.quote_stops", opener)
    stops = doc.user_data.get(key)
    if stops is None:
        marks = set(QUOTE_CLOSERS[opener]) | {opener}
        stops = [len(doc)] * (len(doc) + 1)
        for token in reversed(doc):
            stops[token.i] = token.i if token.text in marks or "\n" in token.text_with_ws else stops[token.i + 1]
        doc.user_data[key] = stops
    return cast(list[int], stops)


def _prep_content(verb: Any) -> list[Any] | None:
    """What an "about/of/on" phrase after the cue is about."""
    prep = next(
        (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("about", "of", "on") and c.i > verb.i), None
    )
    pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    return list(pobj.subtree) if pobj is not None else None


def _object_content(verb: Any, obj: Any) -> list[Any]:
    """The object, and for "called him a liar" / "described it as X" what it was called too."""
    tokens = list(obj.subtree)
    for child in verb.children:
        if child.i > obj.i and (
            child.dep_ in ("oprd", "xcomp", "ccomp") or (child.dep_ == "prep" and child.lower_ in OBJECT_PREPS)
        ):
            tokens += [t for t in child.subtree]
    return tokens


def _raised_claims(article: Article, sent: Any) -> list[Claim]:
    """ "The court seemed to send a signal", "The deal is expected to close": the content is the
    subject and the complement, two spans around the cue; the source is the "by" agent or nobody."""
    claims = []
    lemmas = _words(sent.doc)[0]
    for i in _where(lemmas, sent, RAISING | PASSIVE_RAISING):  # no subject to look for after any other word
        verb, lemma = sent.doc[i], lemmas[i]
        subject_dep = "nsubj" if lemma in RAISING else "nsubjpass" if lemma in PASSIVE_RAISING else None
        subject = next((c for c in verb.children if c.dep_ == subject_dep), None) if subject_dep else None
        complement = next(
            (
                c
                for c in verb.children
                if c.i > verb.i
                and (c.dep_ in ("xcomp", "oprd", "acomp", "attr", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as"))
            ),
            None,
        )
        if subject is None or complement is None or subject.i > verb.i:
            continue
        agent = _agent_of(verb)
        subject_span = _tokens_span(article, list(subject.subtree), strip=True)
        complement_span = _tokens_span(article, list(complement.subtree), strip=True)
        assert subject_span is not None and complement_span is not None  # a subtree holds at least its head
        content = [subject_span, complement_span]
        if subject.lower_ == "it":
            content = content[1:]  # "It seems that X", "it is expected to rise": the "it" holds nothing
        claims.append(
            Claim(
                cue=_cue_span(article, verb),
                content=content,
                kind=_kind(article, content[-1]),
                source=_tokens_span(article, list(agent.subtree), strip=True) if agent else None,
                stance="belief",
                confidence=0.6,
                _verb=verb.i,
                _sure=True,
            )
        )
    return claims


def _adjective_claims(article: Article, sent: Any) -> list[Claim]:
    """ "Clinton is eager to X", "He was critical of X", "They are confident that X": "be" with an
    adjective of stance puts the subject's position in the adjective's clause or phrase."""
    return [
        claim
        for adj in (sent.doc[i] for i in tokens_among(doc_words(sent.doc).lemma, sent, STANCE_ADJECTIVES))
        if adj.dep_ == "acomp" and adj.lemma_.lower() in STANCE_ADJECTIVES
        for claim in [_adjective_claim(article, adj, STANCE_ADJECTIVES[adj.lemma_.lower()])]
        if claim is not None
    ]


def _adjective_claim(article: Article, adj: Any, stance: str) -> Claim | None:
    """The claim of "be" + a stance adjective, or None without a subject or content."""
    be = adj.head
    if be.i > adj.i:
        return None  # "how proud I am": an exclamation, not a stated position
    subject = next((c for c in be.children if c.dep_ == "nsubj"), None)
    content = _adjective_content(adj)
    if subject is None or not content or subject.lower_ in ("it", "that", "this", "which"):
        return None
    span = _tokens_span(article, content, strip=True)
    assert span is not None  # content is not empty
    # the cue runs from "be" (article offsets back to the Doc's) to the adjective
    cue = article.span(_cue_span(article, be).start - article.start, adj.idx + len(adj.text))
    return Claim(
        cue=cue,
        source=_tokens_span(article, list(subject.subtree), strip=True),
        content=[span],
        kind=_kind(article, span),
        stance=stance,
        confidence=0.6,
        _verb=be.i,
    )


def _adjective_content(adj: Any) -> list[Any] | None:
    """The clause ("confident that X", "eager to X") or the object of the preposition ("critical of X")."""
    for child in adj.children:
        if child.dep_ in ("ccomp", "xcomp"):
            return list(child.subtree)
        if child.dep_ == "prep" and child.lower_ in ("of", "about", "to", "on", "with", "toward", "towards", "over"):
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return list(pobj.subtree)
    return None


def _noun_claims(article: Article, sent: Any) -> list[Claim]:
    """ "his claim that X", "Republican criticism of X", "her promise to build X": a noun of saying or
    stance heads an attribution; whose it is says the possessive or the modifier naming a group, what it
    is says the "that"-clause, the "to"-infinitive or the "of/about/for" phrase."""
    return [
        claim
        for noun in (sent.doc[i] for i in tokens_among(doc_words(sent.doc).lemma, sent, NOUN_CUES))
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in NOUN_CUES
        for claim in [_noun_claim(article, noun, NOUN_CUES[noun.lemma_.lower()])]
        if claim is not None
    ]


def _noun_claim(article: Article, noun: Any, stance: str) -> Claim | None:
    """The claim a noun cue heads, or None when it has no content."""
    source = _noun_holder(noun)
    if source is None or (len(source) == 1 and source[0].tag_ == "PRP$"):  # "his claim": name whose
        source = _governing_subject(noun) or source
    content = _noun_content(noun, clause_only=source is None)
    if not content:
        return None
    span = _tokens_span(article, content, strip=True)
    assert span is not None  # content is not empty
    return Claim(
        cue=article.span(noun.idx, noun.idx + len(noun.text)),
        source=_tokens_span(article, source, strip=True) if source else None,
        content=[span],
        kind=_kind(article, span),
        stance=stance,
        confidence=0.6,
        _verb=noun.i,
    )


def _noun_holder(noun: Any) -> list[Any] | None:
    """Whose claim or criticism it is: "his", "Bolton's", "Republican", "by the senator"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return [t for t in child.subtree if t.dep_ != "case"]
        if (
            child.dep_ in ("amod", "compound")
            and child.i < noun.i
            and (child.ent_type_ in ("NORP", "PERSON", "ORG", "GPE") or child.pos_ == "PROPN")
        ):
            return list(child.subtree)
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > noun.i:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return list(pobj.subtree)
    return None


def _held_by_another(noun: Any) -> bool:
    """Whether a noun cue names a holder of its own that is not a pronoun ("the governor's assertion",
    not "its demand", which is the claim of whoever made it): then it is a claim inside the other."""
    holder = _noun_holder(noun)
    return holder is not None and not any(t.pos_ == "PRON" for t in holder)


def _governing_subject(noun: Any) -> list[Any] | None:
    """ "The council issued a statement that X", "He made his support of X clear": the noun cue as the
    object of a verb is the subject's statement, and the annotators name that subject."""
    head = noun.head
    if noun.dep_ != "dobj" or head.pos_ not in ("VERB", "AUX"):
        return None  # "In view of X" is no one's view
    subject = next((c for c in head.children if c.dep_ == "nsubj" and c.i != noun.i), None)
    return list(subject.subtree) if subject is not None else None


def _noun_content(noun: Any, clause_only: bool) -> list[Any] | None:
    """The "that"-clause or "to"-infinitive after a noun cue; with a named holder, its "of"-phrase too."""
    for child in noun.children:
        if child.i < noun.i:
            continue
        introduced = any(
            (g.lower_ == "that" and g.dep_ == "mark") or (g.dep_ == "aux" and g.lower_ == "to") for g in child.children
        )
        if child.dep_ in ("acl", "ccomp", "relcl") and child.pos_ in ("VERB", "AUX") and introduced:  # "that" a mark
            return list(child.subtree)
        if not clause_only and child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return list(pobj.subtree)
    return None


def _nested_hedge(claim: Claim, found: list[Claim]) -> bool:
    """ "A researcher said China appears to be building X": a sourceless "appears" inside what someone
    said is that speaker's hedge, not a second attribution."""
    return (
        claim.source is None
        and claim.stance == "belief"
        and any(
            other is not claim and any(p.start <= claim.cue.start and claim.cue.end <= p.end for p in other.content)
            for other in found
        )
    )


def _tacked_on(verb: Any) -> bool:
    """A verb without a subject coordinated with the clause a reporting verb introduces belongs to the
    reporter: "Kirby said [troops are taking casualties], and promised ...", and, hung by the parser
    deeper in the clause, "Clinton has said [she wants to establish a zone] and has expressed support"
    (the same form as the cue's, unlike the verb it is coordinated with)."""
    return _reporting_head(verb) is not None


def _reporting_head(verb: Any) -> Any | None:
    """The reporting verb a tacked-on verb (see _tacked_on) goes with, or None."""
    if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None  # "said prices are high, and likely to rise" is all one content
    head = verb.head
    if head.dep_ == "ccomp" and _lemma(head.head) in STANCES:
        between = verb.doc[head.i : verb.left_edge.i]
        if any(t.text == "," for t in between) and any(t.dep_ == "cc" for t in between):
            return head.head
    clause = head
    while (
        clause.dep_ != "ccomp"
        and clause.head.i != clause.i
        and clause.dep_ in ("xcomp", "conj", "dobj", "pobj", "prep", "acl", "relcl")
    ):
        clause = clause.head
    cue = clause.head
    if (
        clause.dep_ != "ccomp"
        or _lemma(cue) not in STANCES
        or _lemma(verb) not in STANCES
        or verb.tag_ not in ("VBD", "VBN", "VBZ")
        or verb.i < cue.i
    ):
        return None  # after the cue only: in "X was used and started Y, Ryder said" both verbs are reported
    if verb.tag_ != cue.tag_ or head.tag_ == verb.tag_ or _auxiliaries(verb) != _auxiliaries(cue):
        return None
    return cue


def _same_token(a: Any | None, b: Any) -> bool:
    return a is not None and a.i == b.i  # spaCy makes a new Token object at each access: compare positions


def _auxiliaries(verb: Any) -> tuple[str, ...]:
    return tuple(sorted(c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")))


def _tacked_on_cue_tokens(clause_head: Any) -> set[int]:
    """The token indices of the tacked-on verbs in a clause (and of the ", and" before each): not part of
    what was said. Found once per clause, not once per token of it."""
    found: set[int] = set()
    for conj in clause_head.subtree:
        if conj.dep_ == "conj" and _same_token(_reporting_head(conj), clause_head.head):
            parent = conj.head
            separators = [c.i for c in parent.children if c.dep_ in ("cc", "punct") and parent.i < c.i < conj.i]
            found.update(t.i for t in conj.subtree)
            if separators:
                found.update(range(min(separators), conj.left_edge.i))
    return found


def _subject(verb: Any) -> list[Any] | None:
    """The source: the subject of the cue, of the verb it is coordinated with, or of the
    reporting verb whose complement it is tacked onto ("Kirby said X, and promised Y")."""
    inverted = _inverted_subject(verb)
    if inverted is not None:
        return inverted
    agent = _participle_agent(verb)
    if agent is not None:
        return agent  # "Asked by Thrush if X, Sharpton ...": Thrush asks; Sharpton is the one asked
    current = verb
    reporter = _reporting_head(verb)
    if reporter is not None:
        current = reporter  # "Kirby said X, and promised Y": Kirby promised
    for _ in range(3):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "expl")), None)
        if subject is not None:
            if subject.lower_ in RELATIVES and current.dep_ == "relcl":
                return [subject]  # "Republicans who have praised him": PolNeAR's source is "who" itself
            return _with_dangling_conjunct(_whole_subject(current, subject), verb)
        if current != verb and current.dep_ == "ccomp" and _lemma(current.head) in STANCES:
            current = current.head
            continue
        if (current.dep_ in ("conj", "xcomp") and current.head != current) or _participle_of(current):
            current = current.head
            continue
        if (
            current.dep_ == "pcomp"
            and current.tag_ == "VBG"
            and current.head.dep_ == "prep"
            and current.head.head.pos_ in ("VERB", "AUX")
        ):
            current = current.head.head  # "She responded by saying X", "after saying X": she says it
            continue
        if (
            current.dep_ == "advcl"
            and current.tag_ == "VBG"
            and current.head.pos_ in ("VERB", "AUX")
            and all(
                c.lower_ in ("while", "after", "before", "when", "by") for c in current.children if c.dep_ == "mark"
            )
        ):
            current = current.head  # "While saying X, he continued", "X, Obama said, not needing to mention Y"
            continue
        if current.dep_ == "acomp" and current.head.pos_ in ("VERB", "AUX"):
            current = current.head  # "He was able to tout X": he touts it
            continue
        if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.dep_ in ("dobj", "pobj"):
            current = current.head.head if current.head.dep_ == "dobj" else current.head.head.head
            continue  # "issued a statement saying X": who issued it says it
        break
    return None


def _whole_subject(verb: Any, subject: Any) -> list[Any]:
    """The subject's words, with a second subject that follows it word for word: a long title before a
    name ("US National Security Council Coordinator for Strategic Communications John Kirby") is parsed
    as two subjects of one verb, the title and the name, and the source is both."""
    words = list(subject.subtree)
    for other in verb.children:
        if other.dep_ == "nsubj" and other.i > subject.i and other.left_edge.i == words[-1].i + 1 and other.i < verb.i:
            words += list(other.subtree)
    return words


def _participle_agent(verb: Any) -> list[Any] | None:
    """The "by" phrase of a passive participle hung on another clause ("Asked by Thrush, ...",
    "As reported by Western Journalism, ..."): who asks or reports."""
    if verb.tag_ != "VBN" or verb.dep_ != "advcl" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    pobj = _agent_of(verb)
    return None if pobj is None else list(pobj.subtree)


def _participle_of(verb: Any) -> bool:
    """ "Obama revised his plans, saying X": a participle without a subject of its own speaks for
    the subject of the clause it hangs on."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in ("VBG", "VBN")
        and verb.head != verb
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children)
    )


def _relative_holder(claim: Claim, analysed: AnalysedArticle) -> Span | None:
    """ "the ministry, which did not comment": the source is "which", the speaker the noun phrase it
    follows, kept aside so that speakers still resolve to the antecedent."""
    if claim.source is None or claim.source.text.lower() not in RELATIVES:
        return None
    article, doc = analysed.article, analysed.doc
    pronoun = token_starting_at(doc, claim.source.start - article.start)
    if pronoun is None or pronoun.head.dep_ != "relcl":
        return None
    antecedent = _antecedent_of(pronoun)
    clause = {t.i for t in pronoun.head.subtree}
    tokens = _trim_punct([t for t in antecedent.subtree if t.i not in clause and t.i < pronoun.i])
    return _tokens_span(article, tokens, strip=True) if tokens else None


def _antecedent_of(pronoun: Any) -> Any:
    """The noun phrase a relative pronoun follows: "the Russian Ministry of Defense, which ..."."""
    doc = pronoun.doc
    token = doc[pronoun.i - 2] if pronoun.i >= 2 and doc[pronoun.i - 1].text == "," else doc[max(0, pronoun.i - 1)]
    while (
        token.head.i < pronoun.i
        and token.head != token
        and (token.dep_ in ("compound", "amod") or (token.dep_ == "pobj" and token.head.lower_ == "of"))
    ):
        token = token.head if token.dep_ != "pobj" else token.head.head
    return token


def _inverted_subject(verb: Any) -> list[Any] | None:
    """ "..., said Decker Eveleth, a researcher at CNA": the source after the cue."""
    doc = verb.doc
    if _lemma(verb) not in INVERTING or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if verb.i == 0 or verb.i + 1 >= len(doc) or doc[verb.i - 1].text not in (",", "”", '"', "’"):
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and all(c.i < verb.i for c in subjects) and subjects[0].right_edge.i >= verb.i - 2:
        return None  # "Brian Abernathy, the deputy manager, said the flag ...": the subject runs up to the cue
    after = doc[verb.i + 1]
    if after.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE") and after.lower_ not in ("the", "a", "an"):
        return None
    return _trim_punct([t for t in verb.sent if t.i > verb.i]) or None


def _with_dangling_conjunct(tokens: list[Any], verb: Any) -> list[Any]:
    """ "a local official and two camp committee members": when the parse ends the subject on "and",
    take it up to the cue."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if tokens and tokens[-1].dep_ == "cc" and tokens[-1].i < verb.i:
        doc = verb.doc
        extra = [
            doc[i] for i in range(tokens[-1].i + 1, verb.i) if doc[i].dep_ not in ("aux", "neg", "advmod", "punct")
        ]
        tokens += extra
    return tokens


def _sourceless(verb: Any) -> bool:
    """ "When asked about X", "X was criticized": a passive cue names no source and needs none."""
    if verb.tag_ == "VBD" and verb.dep_ == "advcl" and not any(c.dep_ == "nsubj" for c in verb.children):
        return True  # "Asked what might surprise people, he says ...": the participle read as a past tense
    return verb.tag_ == "VBN" and (verb.dep_ == "advcl" or any(c.dep_ == "nsubjpass" for c in verb.children))


def _is_parenthetical(verb: Any) -> bool:
    return verb.dep_ in ("parataxis", "ROOT")


def _reaches_out_of_its_quote(verb: Any, content: list[Any]) -> bool:
    """'She tweeted: “When ... skin, he lashes out”': a cue inside a quotation whose content would begin
    before the quotation opens is a misparse of the quote's own words (its speaker is not the
    quote's), so it makes no claim."""
    before = _sentence_before(verb)
    opened = before.rfind("“")
    if opened < 0 or before.find("”", opened) >= 0:
        return False
    return min(t.idx for t in content) < verb.idx - len(before) + opened


def _quoted_before(verb: Any) -> bool:
    return CLOSING_QUOTE.search(_sentence_before(verb)) is not None


def _sentence_before(token: Any) -> str:
    """The text of the token's sentence before it, up to its first character. Read from the sentence's
    tokens: ``doc.text`` rebuilds the whole article's text on every call, which made long articles
    cost the square of their length."""
    return cast(str, token.doc[token.sent.start : token.i].text_with_ws)


def _parenthetical_host(verb: Any) -> list[Any] | None:
    """ "In particular, he said, the foundation had X": a cue set off inside a clause reports that whole
    clause; the part before it counts only when it is a clause of its own or the clause's subject
    ("The budget, the mayor said, will be balanced"), not an adverbial lead-in."""
    inside = {t.i for t in verb.subtree}
    host = [t for t in verb.head.subtree if t.i not in inside]
    before = [t for t in host if t.i < verb.i]
    after = _trim_punct([t for t in host if t.i > verb.i])
    subject_before = any(t.head == verb.head and t.dep_ in ("nsubj", "nsubjpass") for t in before)
    if after and not subject_before and not any(t.pos_ in ("VERB", "AUX") for t in before):
        return after
    return _trim_punct(host) or None


def _set_off(verb: Any) -> bool:
    """ "The budget, the mayor said, will be balanced": a cue clause between two commas inside a sentence."""
    doc = verb.doc
    first, last = verb.left_edge.i, verb.right_edge.i
    return (
        first > verb.sent.start
        and last + 1 < verb.sent.end
        and "," in (doc[first].text, doc[first - 1].text)
        and "," in (doc[last].text, doc[last + 1].text)
    )


def _quote_in_sentence(verb: Any) -> list[Any] | None:
    """The words before a cue that follows a closing quotation mark, without the cue's own subject
    ('"Absolutely," he said': "Absolutely", not "Absolutely he")."""
    sent = verb.sent
    subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    tokens = [t for t in sent if t.i < verb.i and t.i not in subject and not t.is_punct and not t.is_space]
    return tokens or None


def _claim(article: Article, sent: Any, verb: Any, source: list[Any] | None, content: list[Any], stance: str) -> Claim:
    cue = _cue_span(article, verb)
    if content and min(t.i for t in content) > verb.i:
        content = _without_trailing_aside(content)
    pieces = _around(content, verb.i)
    if len(pieces) > 1:  # "X, Hennessey said, and Y": what was said runs on both sides of the cue
        spans = [_tokens_span(article, p, strip=True) for p in pieces]
        content_spans = [s for s in spans if s is not None]
        kind = _kind(
            article, article.span(content_spans[0].start - article.start, content_spans[-1].end - article.start)
        )
    else:
        content_span = _tokens_span(article, content, strip=True) or cue
        kind = _kind(article, content_span)
        content_spans = [_unquote(content_span) if kind == "direct" else content_span]
    claim = Claim(
        cue=cue,
        source=_tokens_span(article, source, strip=True) if source else None,
        content=content_spans,
        kind=kind,
        stance=stance,
        _verb=verb.i,
        confidence=0.9 if source else 0.6,
    )
    claim.channel, claim.audience = _channel_and_audience(article, verb)
    if stance == "allege" and _lemma(verb) == "claim":
        claim.stance = "assert"
    return claim


def _without_trailing_aside(tokens: list[Any]) -> list[Any]:
    """ "urged him to give a fair sentence, which I said was not prison": a relative clause or apposition
    set off by a comma at the very end of a content after the cue describes something in it and is the
    writer's, not the source's."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if len(tokens) < 4:
        return tokens
    last = tokens[-1].i
    for token in tokens:
        if token.dep_ in ASIDE_DEPS and token.right_edge.i >= last - 1 and token.left_edge.i > tokens[0].i + 1:
            start = token.left_edge.i
            if token.doc[start - 1].text == "," and token.doc[start].lower_ in ASIDE_WORDS:
                return [t for t in tokens if t.i < start - 1]
    return tokens


def _around(tokens: list[Any], cut: int) -> list[list[Any]]:
    """The content on either side of token ``cut`` (a cue set off inside it), each side without edge
    punctuation; PolNeAR keeps such content as two pieces, leaving the cue and its source out."""
    before = _trim_punct(sorted((t for t in tokens if t.i < cut), key=lambda t: t.i))
    after = _trim_punct(sorted((t for t in tokens if t.i > cut), key=lambda t: t.i))
    return [before, after] if before and after else [before or after]


def _cue_span(article: Article, verb: Any) -> Span:
    """The cue verb with the auxiliaries right before it: "has pledged", "did not have"."""
    first = verb.i
    while (
        first - 1 >= verb.sent.start and verb.doc[first - 1].dep_ in ("aux", "neg") and verb.doc[first - 1].head == verb
    ):
        first -= 1
    start = verb.doc[first].idx
    return article.span(start, verb.idx + len(verb.text))


def _tokens_span(article: Article, tokens: list[Any], strip: bool = False) -> Span | None:
    """The span from the first to the last of ``tokens`` (edge punctuation off); None for no tokens."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return None
    if strip:
        while len(tokens) > 1 and (
            (tokens[-1].is_punct and tokens[-1].text not in QUOTE_CLOSE)
            or tokens[-1].is_space
            or tokens[-1].dep_ == "cc"
        ):  # a conjunction left dangling by the parse
            if tokens[-1].text == ")" and any(t.text == "(" for t in tokens):
                break  # "the International Rescue Committee (IRC)" keeps its closing bracket
            tokens.pop()
        while len(tokens) > 1 and ((tokens[0].is_punct and tokens[0].text not in QUOTE_OPEN) or tokens[0].is_space):
            tokens.pop(0)
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return article.span(start, end)


def _kind(article: Article, content: Span) -> str:
    text = content.text.strip()
    before = article.item.text[max(0, content.start - 2) : content.start]
    after = article.item.text[content.end : content.end + 3]
    opened = before[-1:] in QUOTE_OPEN or before in ("''", "``")  # '' and `` are a newspaper's doubled marks
    closed = (
        any(q in after[:2] for q in QUOTE_CLOSE) or "''" in after or PARAGRAPH_END.match(article.item.text, content.end)
    )
    if before and opened and closed and not any(q in text for q in ("“", "”", '"', "''")):
        return "direct"
    if len(text) > 1 and text[0] in QUOTE_OPEN and text.rstrip(",.")[-1:] in QUOTE_CLOSE:
        inner = text[1:].rstrip(",.")[:-1]
        if not any(q in inner for q in '“”"'):
            return "direct"
    if any(q in text for q in '“”"'):
        return "mixed"
    return "indirect"


def _unquote(span: Span) -> Span:
    """The words inside the quotation marks of a direct quote."""
    text = span.text
    start = span.start + (1 if text[:1] in QUOTE_OPEN else 0)
    end = span.end
    while end > start and span.text[end - span.start - 1] in QUOTE_CLOSE + ",. ":
        end -= 1
    offset = start - span.start
    return Span(text[offset : end - span.start], start, end)


def _channel_and_audience(article: Article, verb: Any) -> tuple[Span | None, Span | None]:
    channel = audience = None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "at", "via", "through", "during"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and (
                pobj.lemma_.lower() in CHANNEL_NOUNS
                or pobj.lower_ in CHANNEL_NAMES
                or (child.lower_ == "on" and pobj.ent_type_ in ("ORG", "PRODUCT"))
            ):
                channel = _tokens_span(article, list(child.subtree), strip=True)
        if child.dep_ in ("dobj", "dative") and _lemma(verb) == "tell":
            audience = _tokens_span(article, list(child.subtree), strip=True)
    return channel, audience


# A quotation stays within its paragraph, and a straight quote opens only after a space or a bracket, so
# one stray mark cannot pair every later closing quote with the next opening one; a curly quotation does not
# run over another opening mark (from each mark of a run of them the search would rescan the rest of the run).
QUOTE = re.compile(r"“([^“”\n]{15,})”|(?<![\w,.;:!?])\"([^\"\n]{15,})\"|''((?:(?!'')[^\n]){15,}?)''")


class _Quotes:
    """The article's quotations (``QUOTE`` matches), found once and looked up by where they end: a
    search of the whole text for each sentence made long articles cost the square of their length."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[tuple[re.Match[str], int, int]] = []
        for match in QUOTE.finditer(text):
            group = next(g for g in (1, 2, 3) if match.group(g) is not None)
            self.found.append((match, match.start(group), match.end(group)))
        self.ends = [q_end for _, _, q_end in self.found]

    def ending_in(self, sent: Any) -> list[tuple[re.Match[str], int, int]]:
        """The quotations whose words end inside the sentence (or right at its end), in text order."""
        return self.found[bisect_left(self.ends, sent.start_char) : bisect_right(self.ends, sent.end_char)]


def _quote_claims(article: Article, sent: Any, quotes: _Quotes) -> list[Claim]:
    """Quoted words with a cue outside the quotation marks: '“...,” Putin told a meeting'. The quote
    may start in an earlier sentence (the parser splits long quotes); the cue is in the sentence
    where it ends. Quotes woven into reported speech ("believes troops are on the “front lines”")
    are not claims of their own: they make the enclosing claim mixed."""
    claims: list[Claim] = []
    text = quotes.text
    for match, q_start, q_end in quotes.ending_in(sent):
        if not _stands_alone(text, match.start(), sent):
            continue
        cues = [t for t in sent if _lemma(t) in STANCES and t.pos_ == "VERB" and not (q_start <= t.idx < q_end)]
        for verb in sorted(cues, key=lambda t: min(abs(t.idx - q_end), abs(t.idx - q_start))):
            if verb.i in {c._verb for c in claims}:
                break  # '“A,” she said, “B.”': B goes on with A (see _run_on_quotes), not a claim of its own
            source = _subject(verb)
            if source and any(q_start <= t.idx < q_end for t in source):
                source = _subject_after_quote(verb, q_end)  # '“... but they award X,” Robby Mook said'
            if not source or any(q_start <= t.idx < q_end for t in source) or _own_content(verb, text, q_end):
                continue
            if verb.idx < q_start and _clause_goes_on(text, match.end(), sent):
                break  # 'says the game is “screwed up” because ...': the cue's clause is the content, not the quote
            stripped = text[q_start:q_end].rstrip(" ,.")
            claim = Claim(
                cue=_cue_span(article, verb),
                source=_tokens_span(article, source, strip=True),
                content=[article.span(q_start, q_start + len(stripped))],
                kind="direct",
                stance=STANCES[_lemma(verb)],
                confidence=0.9,
                _verb=verb.i,
            )
            claim.channel, claim.audience = _channel_and_audience(article, verb)
            claims.append(claim)
            break
    return claims


def _subject_after_quote(verb: Any, quote_end: int) -> list[Any] | None:
    """The cue's subject after a quotation when the parser took a word inside the quotation for its first
    subject ('“... but they award 4 percent,” campaign manager Robby Mook said')."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.idx >= quote_end), None)
    return [t for t in subject.subtree if t.idx >= quote_end] if subject is not None else None


def _clause_goes_on(text: str, quote_end: int, sent: Any) -> bool:
    """'says “the game is screwed up” because “football went soft”': after a quote that follows its cue,
    more words of the same sentence mean the quotation is woven into a longer clause."""
    rest = text[quote_end : sent.end_char]
    return bool(re.match(r"[\s,;]*[\w“\"‘(]", rest)) and not re.match(
        r"\s*[,;]?\s*(?:he|she|they|it|we|I)\s+"
        r"(?:said|says|added|wrote|told)\b",
        rest,
    )


def _own_content(verb: Any, text: str, quote_end: int) -> bool:
    """ "“... job.”  Miller said he is hopeful X": a cue after the quote that has a clause of its own, or
    that starts a new paragraph, reports that clause, not the quote before it."""
    if verb.idx < quote_end:
        return False
    if "\n" in text[quote_end : verb.idx]:
        return True
    return any(c.dep_ == "ccomp" and c.i > verb.i and not _quoted_clause(c) for c in verb.children)


def _quoted_clause(clause: Any) -> bool:
    """'“A,” the mayor said, “but B.”': a clause after the cue that opens with a quotation mark goes on
    with the quote before the cue; it is not the cue's own content."""
    first = clause.left_edge
    doc = clause.doc
    return (
        first.text in QUOTE_OPEN
        or (first.i > 0 and doc[first.i - 1].text in QUOTE_OPEN)
        or first.text == "''"
        or (first.i > 0 and doc[first.i - 1].text in ("''", "``"))
    )


def _stands_alone(text: str, quote_start: int, sent: Any) -> bool:
    """A quote that opens its sentence or follows a cue and a comma or colon is a statement."""
    end = quote_start  # the text before the quote, less the spaces before it, read from its end only
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return end == 0 or text[end - 1] in ".!?:,\n" or text[max(0, end - 4) : end] in ("said", "says", "told")


# -- "according to" and non-answers ----------------------------------------------------------------


def _according_to(article: Article, sent: Any) -> list[Claim]:
    claims = []
    for i in _where(_words(sent.doc)[1], sent, ("according",)):
        token = sent.doc[i]
        if token.i + 1 >= len(token.doc) or token.doc[token.i + 1].lower_ != "to":
            continue
        to = token.doc[token.i + 1]
        source = _according_source(to, sent)
        if not source:
            continue
        # only the phrase itself: when the parser makes "According" the root, its subtree is the sentence
        phrase = {token.i, to.i} | {t.i for t in source}
        rest = [t for t in sent if t.i not in phrase and not t.is_space]
        rest = _trim_punct(rest)
        if not rest:
            continue
        cue = article.span(token.idx, to.idx + len(to.text))
        pieces = [p for p in (_tokens_span(article, p, strip=True) for p in _around(rest, token.i)) if p]
        if not pieces:
            continue
        whole = article.span(pieces[0].start - article.start, pieces[-1].end - article.start)
        claims.append(
            Claim(
                cue=cue,
                source=_tokens_span(article, source, strip=True),
                content=pieces,
                kind=_kind(article, whole),
                stance="assert",
                confidence=0.8,
                _verb=token.i,
            )
        )
    return claims


def _to_holder_claims(article: Article, sent: Any) -> list[Claim]:
    """ "To many, Santilli is a provocateur", "But to others, he's a citizen journalist", "To Sexton, who has
    studied the rallies, Tuesday marked a turning point": a clause-opening "to" naming people, and a comma,
    make the rest of the clause their view; the cue is the "to", as "according to" is. Not "To date, X",
    "To the north, X" nor "To London, X": the "to" must name a person, a group of people (a name the
    entity tagger takes for a person, nationality or organisation) or a personal pronoun."""
    claims: list[Claim] = []
    if not _where(_words(sent.doc)[1], sent, ("to",)):
        return claims  # no "to" to front a view: the sentence's words need not be read
    words = [t for t in sent if not (t.is_space or (t.is_punct and t.text in QUOTE_OPEN))]
    for k, to in enumerate(words):
        if to.lower_ != "to" or to.dep_ not in ("prep", "pcomp") or (k and words[k - 1].lower_ not in CLAUSE_OPENERS):
            continue
        holder = next((c for c in to.children if c.dep_ == "pobj"), None)
        if holder is None or not (
            holder.ent_type_ in ("PERSON", "NORP", "ORG")  # not a place: "To London, the flight takes two hours"
            or holder.lower_ in PERSONAL_OBJECTS
            or holder.lower_ in VIEW_HOLDERS
        ):
            continue
        comma = holder.right_edge.i + 1
        if comma >= sent.end or sent.doc[comma].text != ",":
            continue
        rest = _trim_punct([t for t in sent.doc[comma + 1 : sent.end] if not t.is_space])
        if not any(t.tag_ in FINITE_TAGS for t in rest):
            continue
        content = _tokens_span(article, rest, strip=True)
        assert content is not None  # rest is not empty
        claims.append(
            Claim(
                cue=article.span(to.idx, to.idx + len(to.text)),
                source=_tokens_span(article, list(holder.subtree), strip=True),
                content=[content],
                kind=_kind(article, content),
                stance="belief",
                confidence=0.6,
                _verb=to.i,
            )
        )
        break
    return claims


def _within_view(claim: Claim, held: Claim) -> bool:
    """Whether ``claim``, cued before a fronted "to X," view, has only that view's words as its content."""
    view = held.content[0]
    return (
        claim.cue.start < held.cue.start
        and bool(claim.content)
        and all(view.start <= p.start and p.end <= view.end for p in claim.content)
    )


def _according_source(to: Any, sent: Any) -> list[Any]:
    """Who "according to" names: the object of "to", or, where the parser took "to show insiders" for
    an infinitive, the words after "to" up to the next punctuation."""
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is not None:
        words = list(pobj.subtree)
        finite = next((t.i for t in words if t.i > pobj.i and t.tag_ in FINITE_TAGS), None)
        commas = [t.i for t in words if t.text == "," and t.i > pobj.i and (finite is None or t.i < finite)]
        commas = commas if finite is not None else commas[:1]  # no verb found ("the move reeks" read as nouns)
        swallowed = not [t for t in sent if t.i > words[-1].i and not (t.is_punct or t.is_space)]
        if commas and swallowed and to.i - 1 == _sentence_first_word(sent).i:
            words = [t for t in words if t.i < commas[-1]]  # "According to X, a spokesman, the move reeks":
            # the parser hung the rest of the sentence on X; the content starts at its clause
        return words
    words = []
    for token in sent.doc[to.i + 1 : sent.end]:
        if token.is_punct or token.is_space or len(words) == 8:
            break
        words.append(token)
    return words if words and words[-1].pos_ in ("NOUN", "PROPN", "PRON") else []


def _dash_claims(article: Article, sent: Any) -> list[Claim]:
    """ "The talks are over --said Mr. Park", "... — says the port director": a dash, a reporting verb and a
    source running to the end of the sentence attribute what comes before the dash; the verb may be glued to
    the dash by the tokenizer ("--said"). A dash and a bare name are _quote_then_name's."""
    doc = sent.doc
    claims = []
    texts = _words(doc)[2]
    for i in range(sent.start, sent.end):
        found = ATTRIBUTING_DASH.match(texts[i])
        if found is None or i == sent.start:
            continue
        dash = doc[i]
        glued = found.group("glued").lower()
        if glued and glued not in DASH_CUE_FORMS:
            continue
        after = dash.i + 1
        verb = None
        if not glued:
            if after >= sent.end or doc[after].lower_ not in DASH_CUE_FORMS:
                continue  # a bare name after a quotation and a dash: see _quote_then_name
            verb, after = doc[after], after + 1
        source = _trim_punct(list(doc[after : sent.end]))
        before = _trim_punct(list(doc[sent.start : dash.i]))
        if not source or not before or len(source) > DASH_SOURCE_WORDS:
            continue
        if (
            any(t.tag_ in FINITE_TAGS for t in source)
            or not any(t.pos_ in ("PROPN", "NOUN") for t in source)
            or source[0].pos_ not in DASH_SOURCE_STARTS
        ):
            continue  # "— and then the talks ended", "-- said to be the biggest jump": no source after the dash
        cue_end = verb.idx + len(verb.text) if verb is not None else dash.idx + len(dash.text)
        content = _tokens_span(article, before, strip=True)
        assert content is not None  # before is not empty
        kind = _kind(article, content)
        claims.append(
            Claim(
                cue=article.span(dash.idx, cue_end),
                source=_tokens_span(article, source, strip=True),
                content=[_unquote(content) if kind == "direct" else content],
                kind=kind,
                stance="assert",
                confidence=0.8,
                _verb=dash.i,
            )
        )
    return claims


#: a quotation's closing mark, a dash and a name ("... surrender.” — Winston Churchill", "...”― Carla Sanchez"),
#: the name ending where the text goes on with a full stop, comma, new quotation, bracket or line break
QUOTE_DASH_NAME = re.compile(
    r"(?:”|\"|'')[^\S\n]*(?P<dash>―|—|–|--?)[^\S\n]*"
    r"(?P<name>[A-Z][\w.'’-]*(?:[^\S\n]+(?:[A-Z][\w.'’-]*|de|da|del|van|von|der|la|le|bin|al|y))*)"
    r"(?=[^\S\n]*(?:[.,;(“\"\n]|$))"
)
#: the longest name after such a dash, in words
DASH_NAME_WORDS = 8
#: a dash and an opening quotation mark right after a name: "... Mitt Romney -- ''It is disqualifying ...'' --"
DASH_QUOTE = re.compile(r"[^\S\n]*(?P<dash>―|—|–|--)[^\S\n]*(?P<open>“|''|\")(?=[A-Z])")


def _quote_then_name(article: Article, doc: Any, earlier: list[Claim]) -> list[Claim]:
    """ "“We will never surrender.” — Winston Churchill", a list of reactions each '“...” ― Name': a quotation,
    a dash and a person's or organisation's name attribute the quotation, however many sentences it has, to the
    name. Not a dash before anything else ("“I'm here.” — And then he left"), nor a quotation another claim
    already has."""
    text, base = article.item.text, article.start
    taken = Intervals((p.start, p.end, c) for c in earlier for p in c.content)
    found = []
    for match in QUOTE_DASH_NAME.finditer(article.analysis_text):
        name = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
        if name is None or not 0 < len(name) <= DASH_NAME_WORDS:
            continue
        words = [t for t in name if not t.is_punct]
        if not words or not all(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP") for t in words):
            continue
        piece = _quote_just_before(text, base + match.start("dash"), base)
        if piece is None or _said_by_another(piece, taken):
            continue
        sent = doc[name.start].sent
        claim = Claim(
            cue=article.span(match.start("dash"), match.end("dash")),
            source=article.span(match.start("name"), match.start("name") + len(match.group("name").rstrip(". "))),
            content=[piece],
            kind="direct",
            stance="assert",
            confidence=0.8,
            sentence=article.span(sent.start_char, sent.end_char),
            _sure=True,  # a narrow construction the learnt check has not seen
        )
        found.append(claim)
        taken.add(piece.start, piece.end, claim)
    for match in DASH_QUOTE.finditer(article.analysis_text):
        named = _name_then_quote(article, doc, match)
        if named is not None and not _said_by_another(named.content[0], taken):
            found.append(named)
            taken.add(named.content[0].start, named.content[0].end, named)
    return found


def _said_by_another(piece: Span, taken: Intervals[Claim]) -> bool:
    """Whether ``piece`` overlaps another claim's content whose cue lies outside it: the words are that claim's,
    not the quote's own words reporting something ("I will vote for X")."""
    return any(not piece.start <= c.cue.start < piece.end for c in taken.overlapping(piece.start, piece.end))


def _name_then_quote(article: Article, doc: Any, match: re.Match[str]) -> Claim | None:
    """ "including the former candidate Mitt Romney -- ''It is disqualifying to refuse'' -- and ...": a
    person's name, a dash and a quoted clause are that person's words (a quoted phrase without a verb, "Obama
    -- “the first black president” --", is a description, not a claim)."""
    before = doc.char_span(max(0, match.start() - 40), match.start(), alignment_mode="contract")  # the name's end
    if before is None or not len(before) or before[-1].ent_type_ != "PERSON":
        return None
    name = next((e for e in doc.ents if e.start <= before[-1].i < e.end and e.label_ == "PERSON"), None)
    opener = match.group("open")
    start = match.end("open")
    closer = QUOTE_CLOSERS[opener][0]
    paragraph = article.analysis_text.find("\n", start)
    close = article.analysis_text.find(closer, start, paragraph if paragraph >= 0 else len(article.analysis_text))
    if name is None or close < 0:
        return None
    words = doc.char_span(start, close, alignment_mode="contract")
    if words is None or not any(t.tag_ in FINITE_TAGS for t in words):
        return None
    end = close
    while end > start and article.analysis_text[end - 1] in ",. ":
        end -= 1
    sent = doc[name.start].sent
    return Claim(
        cue=article.span(match.start("dash"), match.end("dash")),
        source=article.span(name.start_char, name.end_char),
        content=[article.span(start, end)],
        kind="direct",
        stance="assert",
        confidence=0.8,
        sentence=article.span(sent.start_char, sent.end_char),
        _sure=True,
    )


def _sentence_first_word(sent: Any) -> Any:
    return next((t for t in sent if not (t.is_space or t.is_punct)), sent[0])


def _poll_claims(article: Article, sent: Any) -> list[Claim]:
    """ "Cruz came in second in January polls": a poll or survey a finding is "in" is its source, the
    clause the finding; PolNeAR's cue is the "in" itself."""
    claims = []
    for i in _where(_words(sent.doc)[1], sent, ("in",)):
        prep = sent.doc[i]
        if prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in POLL_NOUNS:
            continue
        phrase = {t.i for t in prep.subtree}
        rest = [t for t in prep.head.subtree if t.i not in phrase and not t.is_space]
        pieces = [p for p in (_tokens_span(article, p, strip=True) for p in _around(rest, prep.i)) if p]
        if not pieces:
            continue
        claims.append(
            Claim(
                cue=article.span(prep.idx, prep.idx + len(prep.text)),
                content=pieces,
                source=_tokens_span(article, list(pobj.subtree), strip=True),
                kind="indirect",
                stance="assert",
                confidence=0.6,
                _verb=prep.i,
                _sure=True,
            )
        )
    return claims


def _colon_claims(article: Article, sent: Any) -> list[Claim]:
    """ "Gingrich: Trump Must Decide", "Clinton to Planned Parenthood: ...", "Q: ...": a headline's or a
    transcript's name before a colon attributes what follows to the name (an all-caps kicker such as
    "EXCLUSIVE –" before the name is not part of it)."""
    for colon in (sent.doc[i] for i in _where(_words(sent.doc)[2], sent, (":",)) if i + 2 < sent.end):
        found = _colon_claim(article, sent, colon, _line_start(sent.doc, colon.i, sent.start))
        if found:
            return found  # the first colon that attributes anything
    return []


def _colon_claim(article: Article, sent: Any, colon: Any, line: int) -> list[Claim]:
    """The claim of one colon (see _colon_claims), on the line whose first word is token ``line``."""
    first = max(sent.start, line - 1)  # 'as follows:\n"WALLACE: ...': the words of the colon's own line
    before = [t for t in sent.doc[first : colon.i] if not t.is_space]
    dash = next(
        (
            k
            for k, t in enumerate(before)
            if t.text in DASHES and k <= 2 and all(w.is_upper or w.is_punct for w in before[:k])
        ),
        None,
    )
    if dash is not None:
        before = before[dash + 1 :]
    while before and before[0].text in QUOTE_OPEN:
        before = before[1:]  # '"WALLACE: Let's start ...': a transcript quoted line by line
    if not 1 <= len(before) <= 8 or before[0].lower_ in COLON_KICKERS:
        return []
    name = _colon_name(before)
    if name is None or not (
        any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in name)
        or (len(name) == 1 and name[0].lower_ in COLON_SOURCES)
    ):
        return []  # "Price: $20", "When: Friday", "Background: ...": a label, not a speaker
    content = _tokens_span(article, [t for t in sent if t.i > colon.i and not t.is_space], strip=True)
    if content is None:
        return []
    if len(name) == 1 and name[0].is_upper and len(name[0].text) > 1 and before[0].i == line:
        # "WALLACE: If I may, sir. I want to ask you ...": a transcript's speaker says the whole line
        text = article.analysis_text
        line_end = text.find("\n", colon.idx)
        line_end = len(text) if line_end < 0 else line_end
        while line_end > content.start - article.start and text[line_end - 1] in " \t\"”'":
            line_end -= 1
        content = article.span(content.start - article.start, max(content.end - article.start, line_end))
    return [
        Claim(
            cue=article.span(colon.idx, colon.idx + 1),
            source=_tokens_span(article, name, strip=True),
            content=[content],
            kind=_kind(article, content),
            stance="assert",
            confidence=0.6,
            _verb=colon.i,
        )
    ]


def _line_start(doc: Any, i: int, floor: int) -> int:
    """The first word (not a space nor an opening quotation mark) of the line token ``i`` is on, looking back
    no further than token ``floor`` (its sentence's first: a long line is not walked for every colon)."""
    while i > floor and "\n" not in doc[i - 1].text_with_ws:
        i -= 1
    while i < len(doc) and (doc[i].is_space or doc[i].text in QUOTE_OPEN):
        i += 1
    return i


def _colon_name(before: list[Any]) -> list[Any] | None:
    """The name that leads the words before a headline's colon: a run of capitalised words ("Poll",
    "Former AG Mukasey"), then at most a phrase saying to whom or about what ("to Planned Parenthood",
    "at RNC", "on Trump"); None when the words are anything else."""
    k = 0
    while k < len(before) and _name_word(before[k]):
        k += 1
    if k == 0:
        return None
    rest = before[k:]
    if rest and not (rest[0].lower_ in COLON_LINKS and all(_name_word(t) or t.is_punct or t.is_stop for t in rest[1:])):
        return None
    return before[:k]


def _name_word(token: Any) -> bool:
    """A word of a name in a headline: a proper noun, or any capitalised word ("Newspaper", "Insiders")."""
    return (
        token.pos_ == "PROPN"
        or token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or (token.is_alpha and token.text[:1].isupper())
    ) and token.lower_ not in COLON_LINKS


def _trim_punct(tokens: list[Any]) -> list[Any]:
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    return tokens


def _non_answers(article: Article, sent: Any) -> list[Claim]:
    """ "declined to comment", "did not respond to a request for comment", "referred questions to X"."""
    claims = []
    doc = sent.doc
    for pattern, stance in ((NO_COMMENT, "no_comment"), (NO_NUMBER, "no_number")):
        for match in pattern.finditer(sentence_text(sent)):
            start = sent.start_char + match.start()
            span = doc.char_span(start, sent.start_char + match.end(), alignment_mode="expand")
            if span is None:
                continue
            verb = next((t for t in span if t.pos_ == "VERB" and t.dep_ not in ("aux",)), span.root)
            cue_end = _non_answer_end(verb, sent, stance)
            cue = article.span(start, cue_end)
            source = _subject(verb) or _passive_subject(verb)
            content: list[Span] = []
            if stance == "no_number":
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    obj_span = _tokens_span(article, list(obj.subtree), strip=True)
                    assert obj_span is not None  # a subtree holds at least its head
                    content = [obj_span]
                    cue = article.span(start, _cue_span(article, verb).end)
            claims.append(
                Claim(
                    cue=cue,
                    source=_tokens_span(article, source, strip=True) if source else None,
                    content=content,
                    kind="none" if stance == "no_comment" else "indirect",
                    stance=stance,
                    confidence=0.9,
                    _verb=verb.i,
                    _sure=stance == "no_number",
                )
            )  # "did not have a number": a non-answer, unchecked
    for verb in (doc[i] for i in _where(_words(doc)[0], sent, ("refer",))):
        if any(
            c.lemma_.lower() in ("question", "inquiry", "query", "request") for c in verb.children if c.dep_ == "dobj"
        ):
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            to = next(
                (
                    c
                    for c in [*verb.children, *(g for o in objects for g in o.children)]
                    if c.dep_ == "prep" and c.lower_ == "to"
                ),
                None,
            )
            pobj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
            source = _subject(verb)
            content = (
                [
                    cast(  # None when pobj sits left of a relative clause it belongs to: kept as it was
                        Span,
                        _tokens_span(
                            article,
                            [
                                t
                                for t in pobj.subtree
                                if t.dep_ != "relcl" and not any(a.dep_ == "relcl" for a in t.ancestors if a.i > pobj.i)
                            ],
                            strip=True,
                        ),
                    )
                ]
                if pobj is not None
                else []
            )
            if content:
                content = [_clip_relative(article, pobj, content[0])]
            cue = article.span(
                _cue_span(article, verb).start, to.idx + len(to.text) if to is not None else verb.idx + len(verb.text)
            )
            claims.append(
                Claim(
                    cue=cue,
                    source=_tokens_span(article, source, strip=True) if source else None,
                    content=content,
                    kind="none",
                    stance="refer",
                    confidence=0.9,
                    _verb=verb.i,
                    _sure=True,
                )
            )  # a non-answer, like "declined to comment": never checked
    return claims


def _passive_subject(verb: Any) -> list[Any] | None:
    """ "The company could not be reached for comment": the one who did not answer is the passive subject."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return list(subject.subtree) if subject is not None else None


def _clip_relative(article: Article, head: Any, span: Span) -> Span:
    """ "the Russian Ministry of Defense, which did not immediately comment" -> the name alone."""
    relcl = next((c for c in head.children if c.dep_ == "relcl"), None)
    if relcl is None:
        return span
    end = max(t.idx + len(t.text) for t in head.subtree if t.i < relcl.left_edge.i and not t.is_punct)
    return article.span(span.start, end)


def _non_answer_end(verb: Any, sent: Any, stance: str) -> int:
    """A non-answer cue runs to "comment" or "request for comment" when the sentence says so."""
    tail = sent.doc[verb.i : sent.end].text  # not doc.text: that rebuilds the whole article's text
    match = re.match(
        r"\w+(?:\s+to\s+(?:a\s+|an\s+)?(?:requests?|calls|messages|inquiries)(?:\s+for\s+comment)?"
        r"|\s+(?:to\s+)?comment|\s+(?:the\s+)?(?:calls|messages|emails))?",
        tail,
        re.I,
    )
    return verb.idx + (match.end() if match else len(verb.text))


# -- continuation quotes -------------------------------------------------------------------------


QUOTE_BEFORE = re.compile(
    r"(?:“(?=\S)([^”\n]{2,})[.!?,]?”|(?<![\w.,])\"(?=\S)([^\"\n]{2,})[.!?,]?\"|"
    r"(?<![\w.,])''(?=\S)((?:(?!'')[^\n]){2,}?)[.!?,]?'')\s*$"
)


def _said_after_quote(article: Article, sent: Any, earlier: list[Claim]) -> list[Claim]:
    """'“... missing.” Trump said.': a sentence that is only a source and a reporting verb (and when,
    where or to whom), right after a quotation that ends a sentence of its own, reports that quotation;
    the sentencizer split them at the quote's full stop."""
    verb = next((t for t in sent if t.dep_ == "ROOT"), None)
    if verb is None or _lemma(verb) not in STANCES or verb.pos_ not in ("VERB", "AUX"):
        return []
    if any(
        c.dep_ in ("ccomp", "xcomp", "conj")
        or (c.dep_ == "advcl" and not _circumstance(c))
        or (c.dep_ == "dobj" and _lemma(verb) not in ADDRESSING)
        for c in verb.children
    ):
        return []  # the cue has content of its own ("told the crowd": the crowd is the audience)
    source = _subject(verb) or _inverted_subject(verb)
    if not source or (min(t.i for t in source) > verb.i and _inverted_subject(verb) is None):
        return []
    if sent[0].i != min([verb.i, *(t.i for t in source)]):
        return []
    text = article.item.text
    start = article.start + sent.start_char
    found = QUOTE_BEFORE.search(text, max(article.start, start - 2000), start)
    if found is None or any(c.end > found.start() and not found.start() <= c.cue.start < found.end() for c in earlier):
        return []  # the quotation is already another claim's content (claims nested in it do not count)
    group = next(g for g in (1, 2, 3) if found.group(g) is not None)
    piece = Span(found.group(group), found.start(group), found.end(group))
    claim = Claim(
        cue=_cue_span(article, verb),
        source=_tokens_span(article, source, strip=True),
        content=[piece],
        kind="direct",
        stance=STANCES[_lemma(verb)],
        confidence=0.8,
        _verb=verb.i,
    )
    claim.channel, claim.audience = _channel_and_audience(article, verb)
    return [claim]


def _circumstance(clause: Any) -> bool:
    """An adverbial clause that says when or how a cue was spoken, not what: '“...” she wrote, arguing that
    X' (a participle, a claim of its own), '“...” Clinton asks as a janitor walks in'."""
    marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
    if marks:
        return all(m in CIRCUMSTANCE_MARKS for m in marks)
    return clause.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)


def _continue_quote(article: Article, sent: Any, earlier: list[Claim]) -> bool:
    """A sentence that is all quotation, with no cue of its own, continues the quote before it: its
    words join that claim's content as one more piece (PolNeAR annotates '“A,” she said. “B.”' as one
    attribution with two content spans), running to where the quotation closes even if that is
    sentences later. True when the sentence was taken so."""
    text = sent.text.strip()
    if not earlier or len(text) < 3 or text[0] not in QUOTE_OPEN:
        return False
    previous = earlier[-1]
    if previous.kind not in ("direct", "mixed") or previous.sentence is None:
        return False
    last = max(previous.sentence.end, previous.content[-1].end if previous.content else 0)
    gap = article.item.text[last : article.start + sent.start_char]
    if len(gap.strip().strip(QUOTE_CLOSE + ".,!?")) > 0:
        return False
    start = article.start + sent.start_char + (len(sent.text) - len(sent.text.lstrip())) + 1
    close = _quote_close(article.item.text, start, text[0])
    if close is not None and _cue_after_close(sent.doc, article.analysis_text, close - article.start):
        return False  # '“A. B,” said Ms. Lee': the quotation is another speaker's, named where it closes
    end = close or article.start + sent.start_char + len(sent.text.rstrip())
    while end > start and article.item.text[end - 1] in QUOTE_CLOSE + " ":
        end -= 1
    previous.content.append(Span(article.item.text[start:end], start, end))
    return True


#: How many words after a closing quotation mark its own cue and speaker may come: '”, the opposition leader added'
CUE_AFTER_CLOSE = 6


def _cue_after_close(doc: Any, text: str, position: int) -> bool:
    """Whether a reporting verb follows the quotation closing at ``position`` (an offset into ``doc``'s
    text) within a few words of its sentence: the quote then has a cue, and a speaker, of its own."""
    if QUOTE_DASH_NAME.match(text, position):
        return True  # '“...” ― Carla Sanchez': a name after a dash
    span = doc.char_span(position, min(position + 1, len(text)), alignment_mode="expand")
    if span is None or not len(span):
        return False
    first = span[0]
    words = [t for t in doc[first.i : first.sent.end] if not (t.is_punct or t.is_space)][:CUE_AFTER_CLOSE]
    return any(_lemma(t) in STANCES and t.pos_ in ("VERB", "AUX") for t in words)


QUOTE_PAIRS = {"“": "”", '"': '"', "''": "''", "‘": "’", "``": "''"}
RUN_ON = re.compile(r"[ \t,;:.]*(“|\"|''|``|‘)")


def _run_on_quotes(claims: list[Claim], article: Article) -> None:
    """'“A,” she said, “B.”' and '“A,” she said. “B.”': quoted words right after a quote's cue and
    source (nothing but punctuation between) go on with the same quote, so they join its content as more
    pieces, one quotation after another, as long as no other claim has them."""
    text = article.item.text
    limit = article.start + len(article.analysis_text)
    taken = Intervals((p.start, p.end, c) for c in claims for p in [c.cue, *c.content])  # grows with the pieces
    for claim in claims:
        if claim.kind not in ("direct", "mixed") or not claim.content:
            continue
        if claim.content[0].start > claim.cue.start:
            # '“No,” she said, “we will not.”': the quote after the cue goes on from one before it, however short
            before = _quote_just_before(text, claim.start, article.start)
            if (
                before is not None
                and not _closed_a_sentence(text, before)
                and not taken.overlapping(before.start, before.end)
            ):
                claim.content.insert(0, before)
                taken.add(before.start, before.end, claim)
            continue
        position = _past_closing_mark(text, claim.end)
        while (found := _next_quote(text, position, limit)) is not None:
            piece, position = found
            if any(other is not claim for other in taken.overlapping(piece.start, piece.end)):
                break
            claim.content.append(piece)
            taken.add(piece.start, piece.end, claim)


def _closed_a_sentence(text: str, quote: Span) -> bool:
    """Whether a quotation's words end with a full stop, "?" or "!" before its closing mark ('“Stop.” He
    said, “...”'): a sentence of its own, not the first part of the quotation the next cue goes on with,
    which ends with a comma ('“No,” she said, “...”') or with nothing."""
    end = quote.end
    while end < len(text) and text[end] in ",. \t":
        end += 1
    return text[quote.start : end].rstrip(" \t,").endswith((".", "!", "?", "…"))


def _quote_just_before(text: str, position: int, floor: int) -> Span | None:
    """The quotation that closes right before ``position`` (only spaces and a comma between), in the same
    paragraph, its words without the marks and the punctuation before its closing mark; None if there is none."""
    end = position
    while end > floor and (text[end - 1] == "," or (text[end - 1].isspace() and text[end - 1] != "\n")):
        end -= 1
    closer = next((m for m in ("''", "”", '"') if text.startswith(m, end - len(m)) and end - len(m) >= floor), None)
    if closer is None:
        return None
    close = end - len(closer)
    opener = {"''": ("''", "``"), "”": ("“", "”"), '"': ('"',)}[closer]
    paragraph = text.rfind("\n", floor, close) + 1 or floor
    opened = [(text.rfind(o, paragraph, close), o) for o in opener]
    start = max(at + len(o) if at >= 0 else -1 for at, o in opened)
    if start > 0 and text[start - 1] == "”" and (text[start : start + 1].isspace() or start - 1 > paragraph):
        return None  # a ” opens a quotation only by mistake, at the start of its line ("”Fear. I am afraid.”")
    if start < 0 or any(m in text[start:close] for m in "“”"):
        return None
    last = close
    while last > start and text[last - 1] in ",. \t":
        last -= 1
    if last - start < 1 or not any(c.isalnum() for c in text[start:last]):
        return None
    return Span(text[start:last], start, last)


def _past_closing_mark(text: str, position: int) -> int:
    """After the closing quotation mark at ``position``, if there is one: a quote's content stops
    before its closing mark, which must not be read as the next quote's opening one."""
    for mark in ("''", "”", '"', "’"):
        if text.startswith(mark, position):
            return position + len(mark)
    return position


def _next_quote(text: str, position: int, limit: int) -> tuple[Span, int] | None:
    """The quotation that opens right after ``position`` (only spaces and punctuation between), its
    words without the marks (to the closing mark, or to the end of the paragraph when none closes
    it), and where the text after it resumes."""
    found = RUN_ON.match(text, position, limit)
    if found is None:
        return None
    start = found.end()
    paragraph = text.find("\n", start, limit)
    paragraph = limit if paragraph < 0 else paragraph
    closer = QUOTE_PAIRS[found.group(1)]
    close = text.find(closer, start, paragraph)
    end, resume = (close, close + len(closer)) if close >= 0 else (paragraph, paragraph)
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",."):
        end -= 1
    if end - start < 2:
        return None
    return Span(text[start:end], start, end), resume


def _quote_close(text: str, start: int, opener: str) -> int | None:
    """Where a double quotation opened just before ``start`` closes, within its paragraph."""
    if opener not in '“"':
        return None
    close = text.find("”" if opener == "“" else '"', start)
    paragraph = text.find("\n", start)
    if close < 0 or 0 <= paragraph < close:
        return None
    return close


# -- speakers and times ---------------------------------------------------------------------------


def _resolve_speakers(claims: list[Claim], entities: list[Entity], article: Article, doc: Any) -> None:
    mentions = _Mentions(entities)
    people = _People(entities, article, doc)
    last_by_type: dict[str, str] = {}
    for claim in claims:
        if claim.source is None:
            continue
        text = article.item.text
        source = claim._holder or claim.source
        inside = [
            e
            for span, e in mentions.within(source.start, source.end)
            if source.start <= span.start
            and span.end <= source.end
            and text[span.end : span.end + 2] not in ("’s", "'s")  # "Ukraine’s agency" is not Ukraine
            and not (e.type in ("GPE", "NORP") and _modifies_noun(text, span.end, source.end))
        ]
        words = source.text.lower().split()
        head = words[-1] if words else ""
        head = POSSESSIVES.get(head, head)  # "its demand", "their claim": whose it is, as "it" and "they" say
        if inside:
            person = [e for e in inside if e.type == "PERSON"]
            claim.speaker_entity = (person or inside)[0]
            claim.speaker = claim.speaker_entity.name
        elif len(words) == 1 and head in GENDERED_PRONOUNS:
            claim.speaker_entity = people.refers_to(source, GENDERED_PRONOUNS[head], claim)
            claim.speaker = claim.speaker_entity.name if claim.speaker_entity else None
            if claim.speaker_entity is not None:
                people.add(source, claim.speaker_entity)  # "He said X. He added Y": the next "he" finds him here
        elif head in PRONOUNS or claim.source.text.lower() in PRONOUNS:
            wanted = "PERSON" if head in ("he", "she", "i") else "ORG"  # "he": a longer source ("Smith and he")
            named = last_by_type.get(wanted)
            claim.speaker_entity = (
                mentions.first_named(named) if named else mentions.last_ending_by(wanted, claim.source.start)
            )
            if not named and head == "they" and mentions.two_joined_before(wanted, claim.source.start, text):
                claim.speaker_entity = None  # "The Senate and the White House disagree. They said": both, not one
            claim.speaker = claim.speaker_entity.name if claim.speaker_entity else None
        elif head in ANONYMOUS_HEADS or any(w in ANONYMOUS_HEADS for w in _first_phrase(words)[-2:]):
            claim.anonymous = True
        if claim.speaker:
            first = mentions.first_named(claim.speaker)
            kind = first.type if first is not None else "ORG"
            last_by_type["PERSON" if kind == "PERSON" else "ORG"] = claim.speaker


GENDERED_PRONOUNS: dict[str, str] = _LEXICON.groups("gendered_pronouns", ("m", "f"))
#: A title in lower case tells a gender however it is written ("Ms.", "actress"); one written with a capital only
#: when so written: "Miss Lee", not "fans will miss Kowalski".
GENDERED_TITLES: dict[str, str] = _LEXICON.groups("gendered_titles", ("m", "f"))
GIVEN_NAMES: dict[str, str] = _LEXICON.groups("given_names", ("m", "f"))
POSSESSIVES = {"its": "it", "their": "they"}
#: the word right before a mention, a title or description that may tell its gender ("Ms. Lee", "actress X")
WORD_BEFORE = re.compile(r"([A-Za-zñ]+)\.?\s+$")

#: The form each word list must be written in to be matched at all: a given name, a fronted "to"'s holder, a
#: circumstance mark and a dash cue are compared lower-cased and whole (one word); a title is the word a
#: ``WORD_BEFORE`` match takes, in lower case (any case in the text) or capitalised (only so written).
WORD_FORMS = {
    "given_names": re.compile(r"[a-zà-ÿ'’-]+"),
    "view_holders": re.compile(r"[a-z]+"),
    "circumstance_marks": re.compile(r"[a-z]+"),
    "dash_cue_forms": re.compile(r"[a-z]+"),  # also what ATTRIBUTING_DASH's glued letters can be, lower-cased
    "gendered_titles": re.compile(r"[a-zñ]+|[A-Z][a-zñ]+"),
}


def check_word_forms(lexicon: Lexicon) -> None:
    """Refuse a claims lexicon whose word lists hold a word in a form the rules can never match ("Ms" where
    titles are compared lower-cased, "as if" where marks are single tokens): it would be silently dead."""
    for table, form in WORD_FORMS.items():
        words = lexicon.groups(table) if table in ("given_names", "gendered_titles") else lexicon.words(table)
        for word in words:
            if form.fullmatch(word) is None:
                raise LexiconError(f"{lexicon.name} [{table}]: {word!r} is not in the form {form.pattern!r}")


check_word_forms(_LEXICON)


def _title(word: str) -> str | None:
    """The gendered title ``word`` is, as listed: lower-case entries in any case, capitalised ones as written."""
    if word.lower() in GENDERED_TITLES:
        return word.lower()
    return word if word in GENDERED_TITLES and word[:1].isupper() else None


class _People:
    """The people a "he" or "she" can stand for: each person's mentions, with the gender the text tells by a
    title or a given name ("Ms. Lee", "Mary Jones"), or none; and the pronouns resolved so far, as mentions."""

    def __init__(self, entities: list[Entity], article: Article, doc: Any) -> None:
        self.text = article.item.text
        self.floor = article.start
        #: the parser's sentence starts, not a full stop's: "Mary Jones met Ms. Clark" is one sentence
        self.sentence_starts = [article.start + sent.start_char for sent in doc.sents]
        self.mentions = sorted(
            ((m.span.start, m.span.end, e) for e in entities if e.type == "PERSON" for m in e.mentions),
            key=lambda m: m[0],
        )
        self.genders = {id(e): self._gender(e) for e in entities if e.type == "PERSON"}

    def _gender(self, entity: Entity) -> str | None:
        told = set()
        for mention in entity.mentions:
            before = WORD_BEFORE.search(self.text, max(self.floor, mention.span.start - 20), mention.span.start)
            title = _title(before.group(1)) if before is not None else None
            if title is not None:
                told.add(GENDERED_TITLES[title])
        first = entity.name.split()[0].lower() if " " in entity.name else ""
        if first in GIVEN_NAMES:
            told.add(GIVEN_NAMES[first])
        return next(iter(told)) if len(told) == 1 else None  # both told: the text cannot be trusted on it

    def _sentence_start(self, position: int) -> int:
        """Where the sentence (as the parser split it) or paragraph holding ``position`` starts."""
        at = bisect_right(self.sentence_starts, position) - 1
        since = self.sentence_starts[at] if at >= 0 else self.floor
        return max(since, self.text.rfind("\n", self.floor, position) + 1, self.floor)

    def add(self, span: Span, entity: Entity) -> None:
        self.mentions.append((span.start, span.end, entity))
        self.mentions.sort(key=lambda m: m[0])

    def refers_to(self, pronoun: Span, gender: str, claim: Claim) -> Entity | None:
        """The nearest person before ``pronoun`` (outside the claim's own content) whose gender is ``gender``
        or untold; None when there is none, when another person who may agree is mentioned in the same
        sentence as the nearest one ("Mary Jones met Susan Clark. She said"), or when the nearest one's gender
        is untold and an earlier person's is ``gender`` ("Mary Jones said X. Gov. Okonkwo arrived. She said"):
        the text cannot tell."""
        said = [(p.start, p.end) for p in claim.content]
        earlier = [
            m for m in self.mentions if m[1] <= pronoun.start and not any(a <= m[0] and m[1] <= b for a, b in said)
        ]
        agreeing = [m for m in reversed(earlier) if self.genders.get(id(m[2])) in (gender, None)]
        if not agreeing:
            return None
        nearest = agreeing[0]
        since = self._sentence_start(nearest[0])
        rivals = {id(m[2]) for m in agreeing if m[0] >= since and m[2] is not nearest[2]}
        if self.genders.get(id(nearest[2])) is None and any(
            self.genders.get(id(m[2])) == gender for m in agreeing if m[2] is not nearest[2]
        ):
            return None
        return None if rivals else nearest[2]


#: what joins two names into one plural subject: "X and Y", "X, Y", "X or the Y"
JOINED = re.compile(r"\s*(?:,|and|or|&|, and)\s*(?:the\s+)?", re.I)
#: Which mentions a pronoun looking back for a speaker of each kind may take.
WANTED_TYPES = {"PERSON": ("PERSON",), "ORG": ("ORG", "GPE")}


class _Mentions:
    """The mentions of the entities a speaker may be, looked up by where they lie instead of a scan of
    every mention for each claim (the square of a long article's length); each answer is the scan's."""

    def __init__(self, entities: list[Entity]) -> None:
        self.mentions = [
            (m.span, e) for e in entities for m in e.mentions if e.type in ("PERSON", "ORG", "GPE", "NORP", "FAC")
        ]
        self.places = Intervals((span.start, span.end, n) for n, (span, _) in enumerate(self.mentions))
        self.first: dict[str, Entity] = {}
        for _, entity in self.mentions:
            self.first.setdefault(entity.name, entity)
        self.by_end = {wanted: self._by_end(types) for wanted, types in WANTED_TYPES.items()}

    def _by_end(self, types: tuple[str, ...]) -> tuple[list[int], list[int]]:
        """The ends of the mentions of ``types`` in order, and for each the latest place in the list of
        a mention ending there or before."""
        ends: list[int] = []
        latest: list[int] = []
        for end, n in sorted((span.end, n) for n, (span, e) in enumerate(self.mentions) if e.type in types):
            ends.append(end)
            latest.append(max(n, latest[-1]) if latest else n)
        return ends, latest

    def within(self, start: int, end: int) -> list[tuple[Span, Entity]]:
        """The mentions lying inside ``start``..``end``, in the list's order."""
        return [self.mentions[n] for n in self.places.within(start, end)]

    def first_named(self, name: str) -> Entity | None:
        """The first entity in the list with this name."""
        return self.first.get(name)

    def two_joined_before(self, wanted: str, position: int, text: str) -> bool:
        """Whether the last two mentions of the ``wanted`` kind before ``position`` are of two entities joined by
        "and", "or" or a comma ("the Senate and the White House"): a plural pronoun then means them both."""
        ends, _ = self.by_end[wanted]
        found = bisect_right(ends, position)
        if found < 2:
            return False
        last = [(s, e) for s, e in self.mentions if e.type in WANTED_TYPES[wanted] and s.end <= position]
        last.sort(key=lambda m: m[0].end)
        (first, one), (second, other) = last[-2], last[-1]
        return one is not other and JOINED.fullmatch(text[first.end : second.start]) is not None

    def last_ending_by(self, wanted: str, position: int) -> Entity | None:
        """Of the mentions of the ``wanted`` kind ending at or before ``position``, the entity of the one
        latest in the list."""
        ends, latest = self.by_end[wanted]
        found = bisect_right(ends, position)
        return self.mentions[latest[found - 1]][1] if found else None


def _first_phrase(words: list[str]) -> list[str]:
    """The words before the first preposition: "experts at two analytical organizations" -> "experts"."""
    for i, word in enumerate(words):
        if i and word in ("at", "of", "from", "in", "with", "for", "on"):
            return words[:i]
    return words


def _contents(claims: list[Claim]) -> Intervals[Claim]:
    """The claims' content pieces, each with its claim, found by where they lie."""
    return Intervals((p.start, p.end, c) for c in claims for p in c.content)


def _aside_in_quote(claim: Claim, holding: Intervals[Claim], doc: Any) -> bool:
    """ "“You know, I want to wait,” Trump said": inside quoted words, "you know", "you see" and the
    speaker's wants, thoughts and knowledge are how they talk, not someone else's attributed claim;
    a "said" inside a quote (the speaker reporting another) still is one."""
    if claim._verb < 0 or not any(
        o is not claim and o.kind in ("direct", "mixed") for o in holding.holding(claim.cue.start, claim.cue.start + 1)
    ):
        return False
    source = claim.source.text.lower() if claim.source else ""
    return source == "you" or _lemma(doc[claim._verb]) in ATTITUDES


def _speakers_own_view(claim: Claim, doc: Any, article: Article) -> bool:
    """ "“I think we can win,” ...": inside quotation marks a first- or second-person "I think",
    "you know", "we want" is the quoted speaker's manner of speaking, even when the quote's own
    cue is in another sentence."""
    if claim._verb < 0 or claim.source is None or claim.source.text.lower() not in ("i", "you", "we"):
        return False
    if _lemma(doc[claim._verb]) not in ATTITUDES:
        return False
    text = article.item.text
    paragraph = text.rfind("\n", 0, claim.cue.start) + 1
    before = text[paragraph : claim.cue.start]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _fold_self_reports(claims: list[Claim]) -> list[Claim]:
    """ "The White House said it now believes X" is one claim, a belief: the inner claim's source is a
    pronoun for the outer speaker, so it adds a stance, not a second attribution."""
    kept = []
    holding = _contents(claims)
    for claim in claims:
        outer = next(
            (
                c
                for c in holding.holding(claim.cue.start, claim.cue.end)  # the claims whose content holds its cue
                if c is not claim and not (_holds_cue(claim, c) and _outer_of_two(claim, c) is claim)
            ),
            None,
        )
        if (
            outer is not None
            and claim.source is not None
            and claim.source.text.lower() in PRONOUNS
            and claim.speaker in (None, outer.speaker)
        ):
            if outer.stance == "assert":
                outer.stance = claim.stance
            continue
        kept.append(claim)
    return kept


def _holds_cue(outer: Claim, inner: Claim) -> bool:
    """Whether ``inner``'s cue lies inside ``outer``'s content."""
    return any(p.start <= inner.cue.start and inner.cue.end <= p.end for p in outer.content)


def _outer_of_two(a: Claim, b: Claim) -> Claim:
    """Of two claims each holding the other's cue (a content chosen up to the sentence's end runs over
    the quote's own '' he said''), the outer one: the direct quotation, else the longer content."""
    if (a.kind == "direct") != (b.kind == "direct"):
        return a if a.kind == "direct" else b
    size = lambda c: sum(p.end - p.start for p in c.content)
    return a if size(a) >= size(b) else b


def _modifies_noun(text: str, mention_end: int, source_end: int) -> bool:
    """ "the Ukrainian government", "US officials": a place or nationality naming whose the source is."""
    rest = text[mention_end:source_end]
    return bool(re.match(r"\s+[a-z]", rest))


def _link_times(claims: list[Claim], times: list[Any] | None) -> None:
    """A claim's ``when`` is the date or time of its sentence nearest its cue, outside what is said,
    and nearer its cue than any other claim's: "the Pentagon on Monday said" dates the saying;
    "were killed at the weekend, the agency said" dates what was claimed (the count's ``when``), not
    the claim, which then has none; "Kirby confirmed it on Monday after the government said" dates
    Kirby's claim only."""
    if not times:
        return

    def said_in(claim: Claim, t: Any) -> bool:
        return any(p.start <= t.start and t.end <= p.end for p in claim.content)

    by_sentence: dict[Span, list[Claim]] = {}
    for claim in claims:
        if claim.sentence is not None:
            by_sentence.setdefault(claim.sentence, []).append(claim)
    places = Intervals((t.start, t.end, t) for t in times)
    for claim in claims:
        if claim.sentence is None:
            continue
        rivals = [c for c in by_sentence[claim.sentence] if c is not claim]
        inside = [
            t
            for t in places.within(claim.sentence.start, claim.sentence.end)
            if t.type in ("DATE", "TIME")
            and not said_in(claim, t)
            and all(abs(t.start - claim.cue.start) <= abs(t.start - r.cue.start) for r in rivals if not said_in(r, t))
        ]
        if inside:
            nearest = min(inside, key=lambda t: abs(t.start - claim.cue.start))
            claim.when = Span(nearest.text, nearest.start, nearest.end)
            claim.when_value = nearest.value


# -- where a content ends, learnt ------------------------------------------------------------------


def content_end_target(claim: Claim, article: Article, doc: Any) -> tuple[int, int, str] | None:
    """The content piece whose end the chooser may move, as (first token, rules' last token, cue lemma):
    the last piece of a reported (not wholly quoted) content that follows its cue in the cue's sentence;
    None for any other claim. Training (cue_model/train_content.py) asks the same question."""
    if claim._verb < 0 or not claim.content or claim.kind == "direct" or claim.content[-1].start < claim.cue.end:
        return None
    piece = claim.content[-1]
    span = doc.char_span(piece.start - article.start, piece.end - article.start, alignment_mode="contract")
    if span is None or not len(span):
        return None
    first, last = span.start, span.end - 1
    if doc[first].sent.start != doc[claim._verb].sent.start or doc[last].sent.start != doc[first].sent.start:
        return None
    return first, last, _lemma(doc[claim._verb])


def claim_features(
    claim: Claim, doc: Any, claims: list[Claim], probabilities: Any = None, holding: Intervals[Claim] | None = None
) -> list[str]:
    """The claim check's features of one finished claim (training asks the same, see cue_model/keep.py);
    ``probabilities`` are the cue tagger's for the tokens of ``doc``, when it ran; ``holding``, the
    ``claims``' contents (``_contents``), when the caller asks for many claims."""
    verb = doc[claim._verb] if 0 <= claim._verb < len(doc) else None
    holding = holding if holding is not None else _contents(claims)
    # the check reads the other claims only for whether one's content holds this cue: those are all it is given
    around = holding.holding(claim.cue.start, claim.cue.start + 1)
    others = [c for c in around if c.cue.text != ":"]  # "Poll: Most voters say X": a headline's colon does not
    # make the claims after it asides nested in another claim's content
    cue_probability = None if probabilities is None or verb is None else float(probabilities[verb.i])
    return keep_model.features(
        claim, _lemma(verb) if verb is not None else "<continued>", verb, others, cue_probability
    )


def _checked(claims: list[Claim], doc: Any, keeper: keep_model.ClaimKeeper, probabilities: Any = None) -> list[Claim]:
    """The claims the learnt check finds likely enough; non-answers always stay, and so do
    the narrow constructions ("it seems", "in a poll") whose few cases the check has too little to judge by."""
    holding = _contents(claims)
    return [
        c
        for c in claims
        if not c.content
        or c._sure
        or keeper.probability(claim_features(c, doc, claims, probabilities, holding)) >= keep_model.THRESHOLD
    ]


def _reporter_part(verb: Any, first: int) -> int:
    """Where the words after a content that belong to the reporter begin: "reported three injuries,
    but revised the number" and "said X, and promised Y" (see _tacked_on) go on with the cue's own
    subject, so a content chosen by the model may not run into them; len(doc) when there are none."""
    starts = [len(verb.doc)]
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.i > first:
            starts.append(_conjunct_start(conj, first))
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for conj in clause.subtree:
            if conj.dep_ == "conj" and conj.i > first and _same_token(_reporting_head(conj), verb):
                starts.append(_conjunct_start(conj, first))
    return min(starts)


def _conjunct_start(conj: Any, first: int) -> int:
    """Where a coordinated verb's part begins: at its "and" (or the comma before it), else its first word."""
    head = conj.head
    return min([conj.left_edge.i] + [c.i for c in head.children if c.dep_ in ("cc", "punct") and first < c.i < conj.i])


def _choose_content_ends(
    claims: list[Claim], article: Article, doc: Any, chooser: content_model.BoundaryChooser
) -> None:
    """Let the learnt chooser set where each eligible content ends (see content_end_target)."""
    for claim in claims:
        target = content_end_target(claim, article, doc)
        if target is None:
            continue
        first, last, cue = target
        chosen = min(chooser.choose(doc, first, last, cue), max(last, _reporter_part(doc[claim._verb], first) - 1))
        if doc[claim._verb].pos_ == "NOUN":
            chosen = min(chosen, max(last, doc[claim._verb].right_edge.i))  # "Her warning that X went unheeded"
        start = chooser.choose_start(doc, first, chosen, claim._verb, cue)
        if (start, chosen) == (first, last):
            continue
        piece = _tokens_span(article, list(doc[start : chosen + 1]), strip=True)
        if piece is None:
            continue
        claim.content[-1] = piece
        whole = article.span(claim.content[0].start - article.start, piece.end - article.start)
        claim.kind = _kind(article, whole)


# -- cues found by the learnt tagger --------------------------------------------------------------


def _tagged_claims(article: Article, doc: Any, claims: list[Claim], probabilities: Any) -> list[Claim]:
    """Claims for the tagger's cues that no rule claim's cue overlaps, built by the same helpers the
    rules use for the cue's head (a verb, a noun or a stance adjective); cues without content are
    dropped, the rest get a lower confidence than any rule claim."""
    taken = Intervals((c.cue.start, c.cue.end, c) for c in claims)
    said = {(p.start, p.end) for c in claims for p in c.content}
    tagged = []
    for run in cue_model.decode(doc, probabilities, cue_model.THRESHOLD):
        start, end = article.start + doc[run[0]].idx, article.start + doc[run[-1]].idx + len(doc[run[-1]].text)
        if taken.overlapping(start, end):
            continue
        claim = _tagged_claim(article, doc, run)
        if claim is None or {(p.start, p.end) for p in claim.content} <= said:
            continue  # what another claim already attributes ("because to her, “X”": not "praised" X too)
        claim.confidence = min(claim.confidence, TAGGED_CONFIDENCE)
        sent = doc[run[0]].sent
        claim.sentence = article.span(sent.start_char, sent.end_char)
        tagged.append(claim)
        taken.add(claim.cue.start, claim.cue.end, claim)
    return tagged


def _tagged_claim(article: Article, doc: Any, run: list[int]) -> Claim | None:
    """One tagged cue (token indices) made a claim through the helper for its head's part of speech."""
    inside = set(range(run[0], run[-1] + 1))  # "took aim at": the words between belong to the cue too
    head = next((doc[i] for i in run if doc[i].head.i not in inside or doc[i].head.i == i), doc[run[0]])
    if head.dep_ in HELPER_DEPS and head.head.pos_ in ("VERB", "AUX") and head.head.i > head.i:
        head = head.head  # "has not [stepped]", "are [requested]": the tagger took the helpers, the verb heads them
        inside |= set(range(run[0], head.i + 1))
    if head.pos_ in ("VERB", "AUX") or head.tag_ == "VBG":
        claim = _tagged_verb_claim(article, head, inside)
    elif head.pos_ == "NOUN":
        claim = _noun_claim(article, head, NOUN_CUES.get(head.lemma_.lower(), "assert"))
    elif head.pos_ == "ADJ" and head.dep_ == "acomp":
        claim = _adjective_claim(article, head, STANCE_ADJECTIVES.get(head.lemma_.lower(), "belief"))
    else:
        return None
    if claim is None or claim.source is None:
        return None  # with no list to vouch for the cue, a sourceless one is too often a plain verb ("paused")
    first, last = doc[run[0]], doc[run[-1]]
    claim.cue = Span(
        article.item.text[
            min(claim.cue.start, article.start + first.idx) : max(
                claim.cue.end, article.start + last.idx + len(last.text)
            )
        ],
        min(claim.cue.start, article.start + first.idx),
        max(claim.cue.end, article.start + last.idx + len(last.text)),
    )
    return claim


def _tagged_verb_claim(article: Article, verb: Any, inside: set[int]) -> Claim | None:
    """A tagged verb cue: content as for a listed reporting verb (its clause, the quote before it, the
    clause before ", X said"), else its first argument after the cue ("likened the plan to X");
    the source is its subject, as for the rules."""
    sent = verb.sent
    content = _complement(verb)
    if _inverted_subject(verb) is not None:
        content = _trim_punct([t for t in sent if t.i < verb.i]) or content
    content = content or _tagged_argument(verb, inside) or _postposed_content(verb, sent)
    passive = None if content else _passive_with_agent(verb)
    source: list[Any] | None
    if passive is not None:
        source, content = passive
        return _claim(article, sent, verb, source, content, STANCES.get(_lemma(verb), "assert"))
    if not content:
        return None
    source = _subject(verb) or None
    content = [t for t in _without_source(content, source) if t.i not in inside]
    if not _trim_punct(sorted(content, key=lambda t: t.i)):
        return None
    return _claim(article, sent, verb, source, content, STANCES.get(_lemma(verb), "assert"))


def _tagged_argument(verb: Any, inside: set[int]) -> list[Any] | None:
    """The first clause, object or prepositional object after a cue the lists do not know: with no
    list to say which argument is what was said, the nearest one after the cue is the best guess."""
    for token in sorted((t for i in inside for t in verb.doc[i].children), key=lambda t: t.i):
        if token.i in inside or token.i < verb.i or token.dep_ not in TAGGED_ARGUMENTS:
            continue
        if token.dep_ == "dobj":
            return _object_content(verb, token) if token.head == verb else list(token.subtree)
        if token.dep_ == "prep":
            pobj = next((g for g in token.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return list(pobj.subtree)
            continue
        return list(token.subtree)
    return None


# -- paragraphs ----------------------------------------------------------------------------------

#: A text this wrapped (short lines, most of them ending mid-sentence) breaks its lines anywhere: only a
#: blank line ends a paragraph there (the same reading as the segmenter's "block" layout).
WRAPPED_MIN_LINES = 5
WRAPPED_MAX_CHARS = 100
WRAPPED_UNFINISHED = 0.6
#: the end of a paragraph right after a content (its full stop at most between): a quotation open there goes on
#: in the next paragraph, as news writes a quote of several paragraphs
PARAGRAPH_END = re.compile(r"[.!?…,]?[ \t]*(?:\n|$)")
SENTENCE_FINAL = re.compile(r"""[.!?…:]["”’'\)\]]*\s*$""")
OPENING_MARK = re.compile(r"\s*(?:“|\"|‘|``|'')")


def _paragraph_breaks(text: str) -> list[int]:
    """Where the paragraphs of ``text`` (an article's analysis text) end: every line break, or in a
    hard-wrapped text only a blank line (boilerplate lines are blank there already)."""
    lines = [m for m in re.finditer(r"[^\n]*", text) if m.group().strip()]
    unfinished = sum(1 for m in lines[:-1] if not SENTENCE_FINAL.search(m.group()))
    wrapped = (
        len(lines) >= WRAPPED_MIN_LINES
        and max(len(m.group()) for m in lines) <= WRAPPED_MAX_CHARS
        and unfinished >= WRAPPED_UNFINISHED * (len(lines) - 1)
    )
    if not wrapped:
        return [m.start() for m in re.finditer(r"\n", text)]
    return [m.start() for m in re.finditer(r"\n[ \t\r]*(?=\n)", text)]


def _quote_goes_on(text: str, paragraph_start: int, end: int, after: int) -> bool:
    """Whether a quotation open at ``end`` (its paragraph starting at ``paragraph_start``) visibly
    continues into the paragraph at ``after``: the next paragraph opens with a quotation mark, as a
    quote running over several paragraphs does in news."""
    before = text[paragraph_start:end]
    still_open = before.count("“") > before.count("”") or before.count('"') % 2 == 1 or before.count("''") % 2 == 1
    return still_open and OPENING_MARK.match(text, after) is not None


def _within_paragraphs(claims: list[Claim], article: Article, doc: Any) -> list[Claim]:
    """A content stays inside one paragraph (the spaCy sentence can run over a line break, into the
    next paragraph or a blanked "Read more: ..." teaser) unless a quotation visibly goes on into the next
    paragraph; the part kept is the one on the cue's side, and before the cue only if it is a clause ("Earlier
    this week", left of "X wrote", was no content: what the parse took for it lay in the paragraph before).
    A claim left with no content is dropped."""
    text = article.analysis_text
    breaks = _paragraph_breaks(text)
    if not breaks:
        return claims
    kept = []
    for claim in claims:
        pieces = []
        for piece in claim.content:
            clipped = _clip_piece(piece, claim.cue, article, breaks)
            if clipped is not None and clipped != piece and clipped.end <= claim.cue.start:
                words = doc.char_span(clipped.start - article.start, clipped.end - article.start, "expand")
                if words is None or not any(t.tag_ in FINITE_TAGS for t in words):
                    clipped = None
            if clipped is not None:
                pieces.append(clipped)
        if claim.content and not pieces:
            continue
        if pieces != claim.content and len(pieces) == 1 and claim.kind != "none":
            claim.kind = _kind(article, pieces[0])
        claim.content = pieces
        kept.append(claim)
    return kept


def _clip_piece(piece: Span, cue: Span, article: Article, breaks: list[int]) -> Span | None:
    """``piece`` cut to the paragraph nearest the cue (see _within_paragraphs); None when nothing is left."""
    text, base = article.analysis_text, article.start
    start, end = piece.start - base, piece.end - base
    inside = breaks[bisect_right(breaks, start - 1) : bisect_left(breaks, end)]
    if not inside:
        return piece
    # the piece's parts, one per paragraph, each (first, last) in analysis-text offsets
    edges = [start, *inside, end]
    parts = [(edges[k] if k == 0 else edges[k] + 1, edges[k + 1]) for k in range(len(edges) - 1)]
    firsts = [text.rfind("\n", 0, p[0]) + 1 for p in parts]  # where each part's paragraph starts

    def goes_on(k: int) -> bool:  # from part k into part k + 1
        return _quote_goes_on(text, firsts[k], parts[k][1], parts[k + 1][0])

    if piece.end <= cue.start:  # the content before its cue: keep the paragraph next to the cue, and back
        first = last = len(parts) - 1
        while first > 0 and goes_on(first - 1):
            first -= 1
    else:
        first = last = 0
        while last + 1 < len(parts) and goes_on(last):
            last += 1
    lo, hi = parts[first][0], parts[last][1]
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi - lo < 2:
        return None
    return article.span(lo, hi)
