"""An article's text as HTML with every fact marked where it stands, each mark a link to the fact's record.

The web app shows an article with its entities, times, claims, counts and money marked in the text
itself. Facts overlap (a count inside a claim's content, a name inside the count), and HTML elements
must nest, so the text is cut at every fact's start and end into elementary segments, each carrying
the set of facts covering it, and one flat element is written per segment: the output is well formed
whatever overlaps, and its text is the article's text, character for character.

A segment links to one record: the innermost fact covering it (the shortest span), since that is the
one a reader points at; facts of one length go by kind (count, money, time, claim cue, claim source,
entity, claim content). Every fact's class is on the segment, so the page can colour all of them.

Everything comes from character offsets into the item's text, never from markup. The article text is
untrusted (scraped pages, pasted dumps): it, the ids and the titles are only ever written through
``markupsafe.escape``; the only tags written are ``a`` (whose ``href`` is always a ``#fragment``) and
``span``. A carriage return is written as ``&#13;``: a raw one would become a newline in the browser,
and the page's text would no longer have the ledger's offsets. Spans outside the article are clipped
to it; empty and inverted ones are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from newsledger.records import Article, Claim, Span

ENTITY = "hl-entity"
TIME = "hl-time"
CLAIM_SOURCE = "hl-claim-source"
CLAIM_CUE = "hl-claim-cue"
CLAIM_CONTENT = "hl-claim-content"
COUNT = "hl-count"
MONEY = "hl-money"
EVENT = "hl-event"
KICKER = "hl-kicker"
BOILERPLATE = "hl-boilerplate"

#: The kinds that link to a record, in the order that breaks a tie between facts of one length.
PRIORITY = (COUNT, MONEY, TIME, CLAIM_CUE, CLAIM_SOURCE, EVENT, ENTITY, CLAIM_CONTENT)
#: A title names at most this many facts, each in at most this many characters.
TITLE_FACTS = 4
LABEL_CHARS = 80


@dataclass(frozen=True)
class Fact:
    """One highlighted stretch, clipped to the article: its kind (a CSS class), record and description."""

    start: int
    end: int
    kind: str
    target: str | None  # "count-ID"; None for the kicker and boilerplate, which link nowhere
    label: str

    def rank(self) -> tuple[int, int, int, str]:
        """Innermost first, then by kind; position and target keep the order total."""
        return self.end - self.start, PRIORITY.index(self.kind), self.start, self.target or ""


@dataclass(frozen=True)
class Segment:
    """A stretch of the article no fact starts or ends inside; offsets into the item's text."""

    start: int
    end: int
    text: str
    kinds: frozenset[str]  # CSS classes of every fact covering it: hl-count, hl-entity, ...
    target: str | None  # the record it links to, "count-ID"; None when nothing linkable covers it
    title: str  # the linkable facts covering it, in words; "" when there are none


def highlighted_html(article: Article, item_text: str) -> Markup:
    """The article's text as HTML, one element per annotated segment, no wrapper; newlines kept as text."""
    return Markup("".join(_segment_html(segment) for segment in segments(article, item_text)))


def segments(article: Article, item_text: str) -> list[Segment]:
    """The article's text cut at every fact's start and end; together the segments tile the article."""
    low, high = _bounds(article, item_text)
    facts = sorted(_clipped_facts(article, low, high), key=lambda fact: fact.start)
    cuts = sorted({low, high, *(fact.start for fact in facts), *(fact.end for fact in facts)})
    found: list[Segment] = []
    active: list[Fact] = []
    waiting = iter(facts)
    upcoming = next(waiting, None)
    for start, end in pairwise(cuts):
        while upcoming is not None and upcoming.start <= start:
            active.append(upcoming)
            upcoming = next(waiting, None)
        # Every fact starts and ends on a cut, so one still open at this cut covers the whole segment.
        active = [fact for fact in active if fact.end > start]
        found.append(_segment(item_text, start, end, active))
    return found


def _bounds(article: Article, item_text: str) -> tuple[int, int]:
    """The article's span, clipped to the item's text; empty when it makes no sense."""
    low = max(0, article.span[0])
    return low, max(low, min(len(item_text), article.span[1]))


def _clipped_facts(article: Article, low: int, high: int) -> Iterator[Fact]:
    for start, end, kind, target, label in _facts(article):
        start, end = max(start, low), min(end, high)
        if start < end:
            yield Fact(start, end, kind, target, label)


def _facts(article: Article) -> Iterator[tuple[int, int, str, str | None, str]]:
    """Every fact of the article as (start, end, kind, target, label), unclipped."""
    if article.kicker is not None:
        yield article.kicker.start, article.kicker.end, KICKER, None, "kicker"
    for line in article.boilerplate:
        yield line.start, line.end, BOILERPLATE, None, "boilerplate"
    for entity in article.entities:
        for mention in entity.mentions:
            yield mention.start, mention.end, ENTITY, f"entity-{entity.id}", f"entity: {entity.name} ({entity.type})"
    for timex in article.times:
        yield timex.start, timex.end, TIME, f"time-{timex.id}", f"time: {timex.value} ({timex.type})"
    for claim in article.claims:
        yield from _claim_facts(claim)
    for count in article.counts:
        yield count.start, count.end, COUNT, f"count-{count.id}", f"count: {count.category}, {count.figure.text}"
    for money in article.money:
        currency = f" {money.currency}" if money.currency else ""
        yield money.start, money.end, MONEY, f"money-{money.id}", f"money: {money.figure.text}{currency}"
    for number, event in enumerate(article.events):
        if event.trigger is not None:
            what = f"{event.type} / {event.sub_type}" if event.type != "none" else f"no ACLED event: {event.sub_type}"
            yield event.trigger.start, event.trigger.end, EVENT, f"event-{number}", f"event: {what}"


def _claim_facts(claim: Claim) -> Iterator[tuple[int, int, str, str | None, str]]:
    parts: list[tuple[str, Span]] = [(CLAIM_CUE, claim.cue)]
    if claim.source is not None:
        parts.append((CLAIM_SOURCE, claim.source))
    parts += [(CLAIM_CONTENT, piece) for piece in claim.content or []]
    for kind, span in parts:
        label = f"{kind.removeprefix('hl-').replace('-', ' ')}: {claim.said_by} ({claim.stance})"
        yield span.start, span.end, kind, f"claim-{claim.id}", label


def _segment(item_text: str, start: int, end: int, covering: list[Fact]) -> Segment:
    linked = sorted((fact for fact in covering if fact.target is not None), key=Fact.rank)
    kinds = frozenset(fact.kind for fact in covering)
    target = linked[0].target if linked else None
    return Segment(start, end, item_text[start:end], kinds, target, _title(linked))


def _title(linked: list[Fact]) -> str:
    """The facts' labels, innermost first, each once; short enough for a tooltip."""
    labels = list(dict.fromkeys(_shorten(fact.label) for fact in linked))
    more = len(labels) - TITLE_FACTS
    return " · ".join(labels[:TITLE_FACTS] + ([f"+{more} more"] if more > 0 else []))


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _segment_html(segment: Segment) -> str:
    text = _text_html(segment.text)
    if segment.target is not None:
        classes = " ".join(["hl", *sorted(segment.kinds)])
        target = escape(segment.target)
        return (
            f'<a class="{escape(classes)}" href="#{target}" data-record="{target}" '
            f'title="{escape(segment.title)}">{text}</a>'
        )
    if segment.kinds:
        return f'<span class="{escape(" ".join(sorted(segment.kinds)))}">{text}</span>'
    return text


def _text_html(text: str) -> str:
    """Text escaped for an element's content; a carriage return as a reference, so the browser keeps it."""
    return str(escape(text)).replace("\r", "&#13;")
