"""Within a story: what each source says, lined up, and the story's casualty estimate.

Computed when read, from the stored counts and claims of the story's
articles, so it is always current as articles arrive. Figures are lined up
by subject ("North Korean troops" and "North Korean servicemen" are one
subject: the proper words decide) and compared within a category, where an
interval stands for each figure: "about 30" is 22.5 to 37.5, "at least 3" is 3
or more, "some" is 1 or more. Killed and wounded figures are checked against
a killed-or-wounded total, which must not be smaller.

Every figure and claim is marked:

- ``supersedes``: the same source (or the same article) gives a newer figure that replaces an older one;
  the older is marked ``superseded``;
- ``conflicts``: it cannot be true together with another source's figure;
- ``agrees``: it fits every other source's figure;
- ``unsourced``: the outlet's own voice, attributed to nobody.
- ``no_figure``: a claim about the subject without a figure (a denial, a referral, an assessment).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from newsledger.extract.numbers import number_text

CASUALTY_CATEGORIES = ("killed", "wounded", "injured", "killed_or_wounded", "missing", "hospitalized")
CASUALTY_WORDS = re.compile(r"\b(?:kill\w*|died|dead|deaths?|casualt\w*|wound\w*|injur\w*|loss(?:es)?|"
                            r"missing|shot|fatal\w*|victims?)\b", re.I)
PROPER_WORD = re.compile(r"\b[A-Z][\w’'-]+")
APPROX_MARGIN = 0.25
ANSWERS_ABOUT_THE_SENTENCE = frozenset({"no_number", "no_comment", "refer", "deny", "confirm"})  # "confirmed the assessment"  # "about 30" stands for 30 ± 25 %


@dataclass
class Report:
    """One article's figure for one category."""

    article_id: str
    day: str | None
    outlet: str | None
    value: float | None
    qualifier: str


@dataclass
class Estimate:
    """A story's casualty figure as UCDP gives one: low, best and high, with who said what."""

    category: str
    low: float | None
    best: float | None
    high: float | None
    reports: list[Report] = field(default_factory=list)


def story_casualties(conn: sqlite3.Connection, story_id: str) -> dict[str, Estimate]:
    """Per category (killed, injured, missing), the estimate across the story's articles.

    Copies of one text count once. ``low`` and ``high`` are the extremes of
    the articles' figures and ``best`` the figure most articles give (the
    higher one on a tie): one article that names one victim of several, or a
    round-up that adds other incidents, does not move it. An article that
    numbers the injured and reports no death votes 0 for the best killed
    figure, and so counts for low too ("three people were wounded" says, as a
    report, that none died); ``reports`` lists the articles' own figures.
    """
    rows = conn.execute(
        "SELECT c.article_id, s.day, a.outlet, c.category, c.value, c.qualifier FROM casualties c "
        "JOIN story_articles s ON s.article_id = c.article_id JOIN articles a ON a.id = c.article_id "
        "WHERE s.story_id = ? AND s.copy_of IS NULL ORDER BY s.day, s.linked", (story_id,)).fetchall()
    by_category: dict[str, list[Report]] = {}
    for article_id, day, outlet, category, value, qualifier in rows:
        by_category.setdefault(category, []).append(Report(article_id, day, outlet, value, qualifier))
    implied_zeros = {"killed": _injured_without_deaths(by_category)}
    return {category: _estimate(category, reports, implied_zeros.get(category, 0))
            for category, reports in by_category.items()}


def _injured_without_deaths(by_category: dict[str, list[Report]]) -> int:
    """How many articles number the injured and give no killed figure at all."""
    with_killed = {r.article_id for r in by_category.get("killed", [])}
    return sum(1 for r in by_category.get("injured", []) if r.value and r.article_id not in with_killed)


def _estimate(category: str, reports: list[Report], implied_zeros: int = 0) -> Estimate:
    """Low and high are the extremes; best is the figure most reports give (the higher one on a tie).
    ``implied_zeros`` reports say none, without a figure of this category (injured only, for killed)."""
    numbers = [r.value for r in reports if r.value is not None]
    if not numbers:
        return Estimate(category, None, None, None, reports)
    numbers += [0.0] * implied_zeros
    return Estimate(category, min(numbers), _best(numbers), max(numbers), reports)


def _best(numbers: list[float]) -> float:
    """The figure most reports give, the higher one on a tie."""
    return max(Counter(numbers).items(), key=lambda kv: (kv[1], kv[0]))[0]


@dataclass
class Statement:
    """One source's word on a subject: a figure (from a count) or a claim without one."""

    article_id: str
    day: str | None
    outlet: str | None
    source: str | None          # the speaker's corpus-wide name, else the source as written; None: the outlet's own voice
    cue: str | None
    stance: str | None
    category: str | None        # for figures
    figure: str | None          # "about 30", "at least 3", "some", "4"
    low: float | None
    high: float | None
    text: str                   # the count phrase or the claim's content
    sentence: dict[str, Any]    # {text, start, end}
    status: str = "current"
    mark: str = "agrees"
    claim_id: str | None = None
    count_id: str | None = None


@dataclass
class Line:
    """Everything the story's sources say about one subject."""

    subject: str
    statements: list[Statement] = field(default_factory=list)


@dataclass
class Comparison:
    story_id: str
    lines: list[Line]
    casualties: dict[str, Estimate]


def compare_story(conn: sqlite3.Connection, story_id: str) -> Comparison:
    """Line up the story's figures and claims by subject, each marked against the others."""
    counts = _story_counts(conn, story_id)
    lines: dict[str, Line] = {}
    for row in counts:
        key = subject_key(row["subject"])
        line = lines.setdefault(key, Line(row["subject"] or "people"))
        line.statements.append(_figure_statement(row))
    claimed = {row["claim_id"] for row in counts if row["claim_id"]}
    for row in _story_claims(conn, story_id):
        if row["id"] in claimed:
            continue
        for key, line in lines.items():
            if _about(row, key):
                line.statements.append(_claim_statement(row))
                break
    for line in lines.values():
        line.statements.sort(key=lambda s: (s.day or "", s.sentence["start"]))
        _mark(line.statements)
    ordered = sorted(lines.values(), key=lambda l: -len(l.statements))
    return Comparison(story_id, ordered, story_casualties(conn, story_id))


def subject_key(subject: str | None) -> str:
    """What identifies a subject across phrasings: its proper words ("north korean"), else nothing."""
    if not subject:
        return ""
    return " ".join(w.lower() for w in PROPER_WORD.findall(subject))


def _about(claim: sqlite3.Row, key: str) -> bool:
    """A claim is about a subject when it names it (or, for an unnamed subject, speaks of casualties).

    A non-answer or a "no specific number" is about what its sentence is about:
    "did not have a specific number of those killed" names nobody itself.
    """
    text = claim["content_text"] or ""
    if claim["stance"] in ANSWERS_ABOUT_THE_SENTENCE or not text:
        text = claim["sentence_text"] or ""
    if key:
        return re.search(r"\b" + re.escape(key) + r"\b", text.lower()) is not None
    return bool(CASUALTY_WORDS.search(text))


def _story_counts(conn: sqlite3.Connection, story_id: str) -> list[sqlite3.Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    marks = ",".join("?" * len(CASUALTY_CATEGORIES))
    return cursor.execute(
        "SELECT c.*, s.day, a.outlet, a.start AS article_start, a.text AS article_text, "
        "coalesce(idn.name, cl.speaker) AS speaker_name, cl.source_text AS claim_source, cl.cue_text, cl.stance "
        "FROM counts c JOIN story_articles s ON s.article_id = c.article_id JOIN articles a ON a.id = c.article_id "
        "LEFT JOIN claims cl ON cl.id = c.claim_id "
        "LEFT JOIN entity_identities ei ON ei.entity_id = cl.speaker_entity "
        "LEFT JOIN identities idn ON idn.id = ei.identity_id "
        f"WHERE s.story_id = ? AND s.copy_of IS NULL AND c.category IN ({marks}) ORDER BY s.linked, c.start",
        (story_id, *CASUALTY_CATEGORIES)).fetchall()


def _story_claims(conn: sqlite3.Connection, story_id: str) -> list[sqlite3.Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    rows = cursor.execute(
        "SELECT cl.*, coalesce(idn.name, cl.speaker) AS speaker_name, s.day, a.outlet, a.start AS article_start, "
        "a.text AS article_text FROM claims cl "
        "JOIN story_articles s ON s.article_id = cl.article_id JOIN articles a ON a.id = cl.article_id "
        "LEFT JOIN entity_identities ei ON ei.entity_id = cl.speaker_entity "
        "LEFT JOIN identities idn ON idn.id = ei.identity_id "
        "WHERE s.story_id = ? AND s.copy_of IS NULL ORDER BY s.linked, cl.start", (story_id,)).fetchall()
    return [_with_sentence(row) for row in rows]


def _with_sentence(row: sqlite3.Row) -> dict[str, Any]:
    record = dict(row)
    record["sentence_text"] = _sentence(row)["text"]
    return record


def _sentence(row: Any) -> dict[str, Any]:
    start, end = row["sentence_start"], row["sentence_end"]
    offset = row["article_start"]
    return {"text": row["article_text"][start - offset:end - offset], "start": start, "end": end}


def _figure_statement(row: sqlite3.Row) -> Statement:
    low, high = figure_interval(row["value"], row["min"], row["max"], row["qualifier"])
    return Statement(
        article_id=row["article_id"], day=row["day"], outlet=row["outlet"],
        source=row["speaker_name"] or row["claim_source"] or row["source_text"], cue=row["cue_text"],
        stance=row["stance"], category=row["category"], figure=figure_text(row["value"], row["min"], row["max"],
                                                                           row["qualifier"]),
        low=low, high=high, text=row["text"], sentence=_sentence(row), status=row["status"],
        claim_id=row["claim_id"], count_id=row["id"])


def _claim_statement(row: dict[str, Any]) -> Statement:
    return Statement(
        article_id=row["article_id"], day=row["day"], outlet=row["outlet"],
        source=row["speaker_name"] or row["source_text"], cue=row["cue_text"], stance=row["stance"], category=None,
        figure=None, low=None, high=None, text=row["content_text"] or row["cue_text"],
        sentence=_sentence(row), mark="no_figure", claim_id=row["id"])


def figure_interval(value: float | None, low: float | None, high: float | None,
                    qualifier: str) -> tuple[float, float]:
    """The figures a count allows: "about 30" -> (22.5, 37.5), "at least 3" -> (3, inf), "some" -> (1, inf)."""
    if qualifier == "range" and low is not None and high is not None:
        return low, high
    if value is None:
        return (low if low is not None else 1.0), (high if high is not None else math.inf)
    if qualifier == "approx":
        return value * (1 - APPROX_MARGIN), value * (1 + APPROX_MARGIN)
    if qualifier == "at_least":
        return value, math.inf
    if qualifier == "at_most":
        return 0.0, value
    return value, value


def figure_text(value: float | None, low: float | None, high: float | None, qualifier: str) -> str:
    if qualifier == "range" and low is not None and high is not None:
        return f"{number_text(low)} to {number_text(high)}"
    if value is None and low is None:
        return "some"
    value = value if value is not None else low
    assert value is not None
    prefix = {"approx": "about ", "at_least": "at least ", "at_most": "at most "}.get(qualifier, "")
    return prefix + number_text(value)


def _mark(statements: list[Statement]) -> None:
    figures = [s for s in statements if s.category is not None]
    replaced = {id(old) for s in figures for old in _replaces(s, figures)}
    for statement in figures:
        if statement.status == "superseded" or id(statement) in replaced:
            statement.mark = "superseded"
            continue
        if _replaces(statement, figures):
            statement.mark = "supersedes"
        elif any(_incompatible(statement, other) for other in figures
                 if other is not statement and other.status != "superseded" and other.source != statement.source):
            statement.mark = "conflicts"
        elif statement.source is None:
            statement.mark = "unsourced"
        else:
            statement.mark = "agrees"
    for statement in statements:
        if statement.category is None:
            statement.mark = "no_figure"


def _replaces(statement: Statement, figures: list[Statement]) -> list[Statement]:
    """The older figures of the same category and voice that this one replaces.

    The same voice is the same article (which itself says the figure was
    revised) or the same named source on a later day with another figure.
    """
    if statement.status == "superseded":
        return []
    replaced = []
    for other in figures:
        if other is statement or other.category != statement.category:
            continue
        if other.article_id == statement.article_id:
            if other.status == "superseded":
                replaced.append(other)
            continue
        same_source = other.source is not None and other.source == statement.source
        later = (other.day or "") < (statement.day or "")
        if same_source and later and (other.low, other.high) != (statement.low, statement.high):
            replaced.append(other)
    return replaced


def _incompatible(a: Statement, b: Statement) -> bool:
    """Two figures that cannot both be true: disjoint intervals in one category, or a part above its total."""
    assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
    if a.category == b.category:
        return a.high < b.low or b.high < a.low
    parts = {"killed", "wounded", "injured"}
    if a.category in parts and b.category == "killed_or_wounded":
        return a.low > b.high
    if b.category in parts and a.category == "killed_or_wounded":
        return b.low > a.high
    return False
