"""How records read on a page: words for stances and marks, numbers, and the story's side-by-side grid.

Pages only lay out what these functions return; the JSON twins return the records themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup, escape

from newsledger.records import Estimate, Statement, Story, number_text
from newsledger.serve.chart import source_classes, story_sources
from newsledger.serve.chart import source_name as source_of

#: A stance in the words a reader uses (``no_number`` is what Ryder's "did not have a specific number" is).
STANCE_WORDS = {
    "assert": "says",
    "belief": "believes",
    "pledge": "pledges",
    "confirm": "confirms",
    "deny": "denies",
    "no_comment": "declined to comment",
    "refer": "referred questions",
    "allege": "alleges",
    "no_number": "no specific number",
}

MARK_WORDS = {
    "agrees": "agrees",
    "conflicts": "conflicts",
    "supersedes": "supersedes",
    "superseded": "superseded",
    "unsourced": "unsourced",
    "no_figure": "no figure",
    "no_comment": "no comment",
}

MARK_HELP = {
    "agrees": "fits every other source's figure",
    "conflicts": "cannot be true together with another source's figure",
    "supersedes": "a later figure of the same source that replaces an earlier one",
    "superseded": "replaced by a later figure of the same source",
    "unsourced": "the outlet's own voice, attributed to nobody",
    "no_figure": "a claim about the subject without a figure",
    "no_comment": "the source declined to comment",
}

#: ACLED's time_precision in words.
PRECISION_WORDS = {1: "to the day", 2: "within that week", 3: "approximate: month or first report"}


def number(value: float | None) -> str:
    """A figure's bound as a person writes it; an em dash for none."""
    return "—" if value is None else number_text(value)


def category_words(category: str | None) -> str:
    return (category or "").replace("_", " ")


def statement_words(statement: Statement) -> str:
    """ "about 30 killed or wounded", "some killed", or for a claim without a figure its stance in words."""
    if statement.category:
        return f"{statement.figure or 'some'} {category_words(statement.category)}"
    return STANCE_WORDS.get(statement.stance or "", statement.stance or "")


def statement_link(statement: Statement) -> str:
    """Where a statement's fact is: its count's or claim's record on its article's page."""
    anchor = f"#count-{statement.count_id}" if statement.count_id else f"#claim-{statement.claim_id}"
    if not statement.count_id and not statement.claim_id:
        anchor = ""
    return f"/articles/{statement.article_id}{anchor}"


def estimate_range(estimate: Estimate) -> str:
    """ "22 / 30 / 38", "at least 3", "some (no number)"."""
    if estimate.best is None:
        return "some (no number)"
    high = "∞" if estimate.high is None else number(estimate.high)
    return f"{number(estimate.low)} / {number(estimate.best)} / {high}"


def web_url(url: str | None) -> str | None:
    """A link only to the web: an article's own URL is untrusted and could say ``javascript:``."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def code_spans(text: str) -> Markup:
    """Markdown's `code` spans as <code>, everything escaped: how the OpenAPI descriptions read on a page."""
    parts = (text or "").split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: leave the text as it is
        return Markup(escape(text))
    return Markup("").join(Markup("<code>%s</code>") % part if n % 2 else escape(part) for n, part in enumerate(parts))


def with_query(params: dict[str, Any], **changes: Any) -> str:
    """A query string of ``params`` with ``changes`` (None drops a key): links to other pages of a list."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v is not None and v != ""})


@dataclass
class Column:
    """One source of a story: a speaker, or an outlet's own voice."""

    name: str
    css: str
    figures: int = 0


@dataclass
class Row:
    """One subject of a story, with what each column says of it (a list per column, in text order)."""

    subject: str
    cells: list[list[Statement]] = field(default_factory=list)


@dataclass
class SideBySide:
    columns: list[Column]
    rows: list[Row]


def side_by_side(story: Story) -> SideBySide:
    """A story's statements as a grid: a column per source (those giving figures first, each group in
    the order the story first quotes them), a row per subject, as the comparison lined them up."""
    columns: dict[str, Column] = {name: Column(name, "") for name in story_sources(story)}
    for line in story.lines:
        for statement in line.statements:
            columns[source_of(statement)].figures += statement.category is not None
    classes = source_classes(list(columns))
    for column in columns.values():
        column.css = classes[column.name]
    order = sorted(columns.values(), key=lambda c: c.figures == 0)  # stable: first appearance within each
    index = {column.name: n for n, column in enumerate(order)}
    rows = []
    for line in story.lines:
        row = Row(line.subject, [[] for _ in order])
        for statement in line.statements:
            row.cells[index[source_of(statement)]].append(statement)
        rows.append(row)
    return SideBySide(order, rows)


def who_gives(story: Story) -> dict[str, list[Statement]]:
    """For each category of the casualty estimate, the statements giving a figure of it: who gives which."""
    given: dict[str, list[Statement]] = {category: [] for category in story.casualties}
    for line in story.lines:
        for statement in line.statements:
            if statement.category in given:
                given[statement.category].append(statement)
    return given


GLOBALS: dict[str, Any] = {
    "STANCE_WORDS": STANCE_WORDS,
    "MARK_WORDS": MARK_WORDS,
    "MARK_HELP": MARK_HELP,
    "PRECISION_WORDS": PRECISION_WORDS,
    "source_of": source_of,
    "statement_words": statement_words,
    "statement_link": statement_link,
    "estimate_range": estimate_range,
    "with_query": with_query,
}

FILTERS: dict[str, Any] = {
    "number": number,
    "category": category_words,
    "short": lambda value: (value or "")[:12],
    "squash": lambda text: " ".join((text or "").split()),
    "web_url": web_url,
    "code_spans": code_spans,
}
