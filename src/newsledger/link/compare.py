"""Within a story: what each source says, lined up, and the story's casualty estimate.

Computed when read, from the stored counts and claims of the story's
articles, so it is always current as articles arrive. Figures are lined up
by subject ("North Korean troops" and "North Korean servicemen" are one
subject: the proper words decide) and compared within a category, where an
interval stands for each figure (``Figure.interval``): "about 30" is 22.5 to
37.5, "at least 3" is 3 or more, "some" is 1 or more. Killed and wounded
figures are checked against a killed-or-wounded total, which must not be
smaller.

Every figure and claim is marked:

- ``supersedes``: the same source (or the same article) gives a newer figure that replaces an older one;
  the older is marked ``superseded``;
- ``conflicts``: it cannot be true together with another source's figure;
- ``agrees``: it fits every other source's figure;
- ``unsourced``: the outlet's own voice, attributed to nobody.
- ``no_figure``: a claim about the subject without a figure (a denial, a referral, an assessment).
- ``no_comment``: the source declined to comment (a non-answer is a statement too: who would not say).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from newsledger.records import (
    CASUALTY_CATEGORIES,
    Claim,
    Count,
    Estimate,
    Line,
    Mark,
    Report,
    Stance,
    Statement,
    Status,
    finite,
)
from newsledger.store import Store

CASUALTY_WORDS = re.compile(
    r"\b(?:kill\w*|died|dead|deaths?|casualt\w*|wound\w*|injur\w*|loss(?:es)?|"
    r"missing|shot|fatal\w*|victims?)\b",
    re.I,
)
PROPER_WORD = re.compile(r"\b[A-Z][\w’'-]+")
#: Stances of a claim that is about what its sentence is about: "confirmed the assessment", "declined to comment".
ANSWERS_ABOUT_THE_SENTENCE = frozenset({"no_number", "no_comment", "refer", "deny", "confirm"})


@dataclass
class Comparison:
    story_id: str
    lines: list[Line]
    casualties: dict[str, Estimate]


@dataclass
class ArticleFacts:
    """A story article as the comparison and the event read it: its day, outlet, place in the story and facts."""

    id: str
    day: str | None
    outlet: str | None
    linked: int
    facts: dict[str, Any] = field(default_factory=dict)


def _articles(store: Store, story_id: str, kinds: tuple[str, ...]) -> list[ArticleFacts]:
    """The story's articles that are not copies, in the order they were linked, with their facts of ``kinds``."""
    articles = []
    for row in store.links.story_articles(story_id, copies=False):
        facts = store.facts(store.article_text(row["id"]), kinds)
        articles.append(ArticleFacts(row["id"], row["day"], row["outlet"], row["linked"], facts))
    return articles


def story_casualties(store: Store, story_id: str) -> dict[str, Estimate]:
    """Per category (killed, injured, missing), the estimate across the story's articles (see ``casualties_of``)."""
    return casualties_of(_articles(store, story_id, ("counts",)))


def casualties_of(articles: list[ArticleFacts]) -> dict[str, Estimate]:
    """Per category (killed, injured, missing), the estimate across a story's articles, copies left out.

    Copies of one text count once. ``low`` and ``high`` are the extremes of
    the articles' figures and ``best`` the figure most articles give (the
    higher one on a tie): one article that names one victim of several, or a
    round-up that adds other incidents, does not move it. An article that
    numbers the injured and reports no death votes 0 for the best killed
    figure, and so counts for low too ("three people were wounded" says, as a
    report, that none died); ``reports`` lists the articles' own figures.
    """
    articles = sorted(articles, key=lambda a: (a.day is not None, a.day or "", a.linked))
    by_category: dict[str, list[Report]] = {}
    for article in articles:
        casualties = article.facts.get("casualties")
        for category in ("killed", "injured", "missing"):
            tally = getattr(casualties, category, None) if casualties is not None else None
            if tally is not None:
                by_category.setdefault(category, []).append(
                    Report(
                        article_id=article.id,
                        day=article.day,
                        outlet=article.outlet,
                        value=tally.value,
                        qualifier=tally.qualifier,
                    )
                )
    implied_zeros = {"killed": _injured_without_deaths(by_category)}
    return {
        category: _estimate(category, reports, implied_zeros.get(category, 0))
        for category, reports in by_category.items()
    }


def _injured_without_deaths(by_category: dict[str, list[Report]]) -> int:
    """How many articles number the injured and give no killed figure at all."""
    with_killed = {r.article_id for r in by_category.get("killed", [])}
    return sum(1 for r in by_category.get("injured", []) if r.value and r.article_id not in with_killed)


def _estimate(category: str, reports: list[Report], implied_zeros: int = 0) -> Estimate:
    """Low and high are the extremes; best is the figure most reports give (the higher one on a tie).
    ``implied_zeros`` reports say none, without a figure of this category (injured only, for killed)."""
    numbers = [r.value for r in reports if r.value is not None]
    if not numbers:
        return Estimate(category=category, low=None, best=None, high=None, reports=reports)
    numbers += [0.0] * implied_zeros
    return Estimate(
        category=category, low=min(numbers), best=_best(numbers), high=finite(max(numbers)), reports=reports
    )


def _best(numbers: list[float]) -> float:
    """The figure most reports give, the higher one on a tie."""
    return max(Counter(numbers).items(), key=lambda kv: (kv[1], kv[0]))[0]


def compare_story(store: Store, story_id: str) -> Comparison:
    """Line up the story's figures and claims by subject, each marked against the others."""
    articles = _articles(store, story_id, ("claims", "counts"))
    speakers = store.links.identity_names(
        [c.speaker_entity for a in articles for c in a.facts.get("claims", []) if c.speaker_entity]
    )
    lines: dict[str, Line] = {}
    claimed: set[str] = set()
    for article in articles:
        claims = {c.id: c for c in article.facts.get("claims", [])}
        for count in article.facts.get("counts", []):
            if count.category not in CASUALTY_CATEGORIES:
                continue
            key = subject_key(count.subject)
            line = lines.setdefault(key, Line(subject=count.subject or "people"))
            claim = claims.get(count.claim) if count.claim else None
            line.statements.append(_figure_statement(article, count, claim, speakers))
            if count.claim:
                claimed.add(count.claim)
    for article in articles:
        for claim in article.facts.get("claims", []):
            if claim.id in claimed:
                continue
            for key, line in lines.items():
                if _about(claim, key):
                    line.statements.append(_claim_statement(article, claim, speakers))
                    break
    for line in lines.values():
        line.statements.sort(key=lambda s: (s.day or "", s.sentence.start))
        _mark(line.statements)
    ordered = sorted(lines.values(), key=lambda line: -len(line.statements))
    return Comparison(story_id, ordered, casualties_of(articles))


def subject_key(subject: str | None) -> str:
    """What identifies a subject across phrasings: its proper words ("north korean"), else nothing."""
    if not subject:
        return ""
    return " ".join(w.lower() for w in PROPER_WORD.findall(subject))


def _about(claim: Claim, key: str) -> bool:
    """A claim is about a subject when it names it (or, for an unnamed subject, speaks of casualties).

    A non-answer or a "no specific number" is about what its sentence is about:
    "did not have a specific number of those killed" names nobody itself.
    """
    text = claim.content_text or ""
    if claim.stance in ANSWERS_ABOUT_THE_SENTENCE or not text:
        text = claim.sentence.text or ""
    if key:
        return re.search(r"\b" + re.escape(key) + r"\b", text.lower()) is not None
    return bool(CASUALTY_WORDS.search(text))


def _speaker(claim: Claim | None, speakers: dict[str, str]) -> str | None:
    """The claim's speaker by their corpus-wide name, else as the article names them."""
    if claim is None:
        return None
    return (speakers.get(claim.speaker_entity) if claim.speaker_entity else None) or claim.speaker


def _figure_statement(article: ArticleFacts, count: Count, claim: Claim | None, speakers: dict[str, str]) -> Statement:
    figure = count.figure
    low, high = figure.interval()
    source = (
        _speaker(claim, speakers)
        or (claim.source.text if claim and claim.source else None)
        or (count.source.text if count.source else None)
    )
    return Statement(
        article_id=article.id,
        day=article.day,
        outlet=article.outlet,
        source=source,
        cue=claim.cue.text if claim else None,
        stance=claim.stance if claim else None,
        category=count.category,
        figure=figure.text,
        low=low,
        high=finite(high),
        text=count.text,
        sentence=count.sentence,
        status=count.status,
        claim_id=count.claim,
        count_id=count.id,
    )


def _claim_statement(article: ArticleFacts, claim: Claim, speakers: dict[str, str]) -> Statement:
    return Statement(
        article_id=article.id,
        day=article.day,
        outlet=article.outlet,
        source=_speaker(claim, speakers) or (claim.source.text if claim.source else None),
        cue=claim.cue.text,
        stance=claim.stance,
        category=None,
        figure=None,
        low=None,
        high=None,
        text=claim.content_text or claim.cue.text,
        sentence=claim.sentence,
        mark=Mark.NO_COMMENT if claim.stance == Stance.NO_COMMENT else Mark.NO_FIGURE,
        claim_id=claim.id,
    )


def _bounds(statement: Statement) -> tuple[float, float]:
    assert statement.low is not None
    return statement.low, math.inf if statement.high is None else statement.high


def _mark(statements: list[Statement]) -> None:
    figures = [s for s in statements if s.category is not None]
    replaced = {id(old) for s in figures for old in _replaces(s, figures)}
    for statement in figures:
        if statement.status == Status.SUPERSEDED or id(statement) in replaced:
            statement.mark = Mark.SUPERSEDED
            continue
        if _replaces(statement, figures):
            statement.mark = Mark.SUPERSEDES
        elif any(
            _incompatible(statement, other)
            for other in figures
            if other is not statement and other.status != Status.SUPERSEDED and other.source != statement.source
        ):
            statement.mark = Mark.CONFLICTS
        elif statement.source is None:
            statement.mark = Mark.UNSOURCED
        else:
            statement.mark = Mark.AGREES
    for statement in statements:
        if statement.category is None:
            statement.mark = Mark.NO_COMMENT if statement.stance == Stance.NO_COMMENT else Mark.NO_FIGURE


def _replaces(statement: Statement, figures: list[Statement]) -> list[Statement]:
    """The older figures of the same category and voice that this one replaces.

    The same voice is the same article (which itself says the figure was
    revised) or the same named source on a later day with another figure.
    """
    if statement.status == Status.SUPERSEDED:
        return []
    replaced = []
    for other in figures:
        if other is statement or other.category != statement.category:
            continue
        if other.article_id == statement.article_id:
            if other.status == Status.SUPERSEDED:
                replaced.append(other)
            continue
        same_source = other.source is not None and other.source == statement.source
        later = (other.day or "") < (statement.day or "")
        if same_source and later and _bounds(other) != _bounds(statement):
            replaced.append(other)
    return replaced


def _incompatible(a: Statement, b: Statement) -> bool:
    """Two figures that cannot both be true: disjoint intervals in one category, or a part above its total."""
    (a_low, a_high), (b_low, b_high) = _bounds(a), _bounds(b)
    if a.category == b.category:
        return a_high < b_low or b_high < a_low
    parts = {"killed", "wounded", "injured"}
    if a.category in parts and b.category == "killed_or_wounded":
        return a_low > b_high
    if b.category in parts and a.category == "killed_or_wounded":
        return b_low > a_high
    return False
