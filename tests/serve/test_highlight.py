"""The highlighted article text: segments tile the article, the HTML is only ``a`` and ``span`` around the
escaped text, and each segment links to its innermost fact."""

from __future__ import annotations

from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.ledger import Ledger
from newsledger.records import (
    Article,
    ArticleEvent,
    Category,
    Claim,
    ClaimKind,
    Count,
    CountBasis,
    Entity,
    Money,
    Qualifier,
    Scope,
    Span,
    Stance,
    Status,
    Timex,
    TimexType,
)
from newsledger.serve.highlight import (
    BOILERPLATE,
    EVENT,
    CLAIM_CONTENT,
    CLAIM_CUE,
    CLAIM_SOURCE,
    COUNT,
    ENTITY,
    KICKER,
    MONEY,
    PRIORITY,
    TIME,
    Segment,
    highlighted_html,
    segments,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "</textarea>\"'&",
    "&amp;&lt;&#0;&#x3c;",
    "<!-- -->",
    "<![CDATA[x]]>",
    "\x00",
    "\r\n",
    "\u2028\u202e\ufeff",
    "👩‍👩‍👧",
    "e\u0301",
]

KINDS = [KICKER, BOILERPLATE, *PRIORITY]


# -- building records by hand ------------------------------------------------------------------------------


def span(text: str, start: int, end: int) -> Span:
    return Span(text=text[start:end] if 0 <= start <= end else "", start=start, end=end)


def at(text: str, phrase: str, after: int = 0) -> tuple[int, int]:
    start = text.index(phrase, after)
    return start, start + len(phrase)


def article(text: str, facts: list[tuple[str, int, int, str]], bounds: tuple[int, int] | None = None) -> Article:
    """An article of ``text`` (all of it unless ``bounds``) with one fact per (kind, start, end, id)."""
    fields: dict[str, list] = {
        "entities": [],
        "times": [],
        "claims": [],
        "counts": [],
        "money": [],
        "events": [],
        "boilerplate": [],
    }
    kicker = None
    for kind, start, end, ident in facts:
        if kind == KICKER:
            kicker = span(text, start, end)
        elif kind == BOILERPLATE:
            fields["boilerplate"].append(span(text, start, end))
        else:
            key, record = make_fact(text, kind, start, end, ident)
            fields[key].append(record)
    return Article(
        id="a1",
        item="item",
        span=bounds or (0, len(text)),
        title=None,
        kicker=kicker,
        published=None,
        outlet=None,
        url=None,
        author=None,
        truncated=False,
        **fields,
    )


def make_fact(text: str, kind: str, start: int, end: int, ident: str) -> tuple[str, object]:
    piece = span(text, start, end)
    if kind == ENTITY:
        return "entities", Entity(id=ident, name=piece.text or "X", type="PERSON", mentions=[piece])
    if kind == TIME:
        return "times", Timex(id=ident, text=piece.text, start=start, end=end, type=TimexType.DATE, value="2024-05-03")
    if kind == COUNT:
        return "counts", count(text, ident, start, end)
    if kind == MONEY:
        return "money", money(text, ident, start, end)
    if kind == EVENT:  # an event has no id: it is linked by its place in the article's list
        return "events", event(piece)
    nothing = span(text, start, start)  # a claim needs a cue: an empty one is never highlighted
    if kind == CLAIM_CUE:
        return "claims", claim(text, ident, cue=piece)
    if kind == CLAIM_SOURCE:
        return "claims", claim(text, ident, cue=nothing, source=piece)
    assert kind == CLAIM_CONTENT, kind
    return "claims", claim(text, ident, cue=nothing, content=[piece])


def event(trigger: Span) -> ArticleEvent:
    return ArticleEvent(
        type="Battles",
        sub_type="Armed clash",
        trigger=trigger,
        actor1=None,
        actor2=None,
        location=None,
        date=None,
        time_precision=None,
        fatalities=0,
        confidence=0.6,
    )


def count(text: str, ident: str, start: int, end: int) -> Count:
    return Count(
        id=ident,
        text=text[start:end],
        start=start,
        end=end,
        category=Category.KILLED,
        subject=None,
        value=30,
        min=None,
        max=None,
        qualifier=Qualifier.APPROX,
        basis=CountBasis.NUMBER,
        number=None,
        location=None,
        when=None,
        source=None,
        claim=None,
        status=Status.CURRENT,
        scope=Scope.INCIDENT,
        sentence=span(text, 0, len(text)),
    )


def money(text: str, ident: str, start: int, end: int) -> Money:
    return Money(
        id=ident,
        text=text[start:end],
        start=start,
        end=end,
        currency="USD",
        value=3.5e9,
        min=None,
        max=None,
        qualifier=Qualifier.EXACT,
    )


def claim(text: str, ident: str, cue: Span, source: Span | None = None, content: list[Span] | None = None) -> Claim:
    return Claim(
        id=ident,
        source=source,
        speaker="Pat Ryder",
        speaker_entity=None,
        anonymous=False,
        cue=cue,
        content=content,
        kind=ClaimKind.INDIRECT,
        stance=Stance.ASSERT,
        channel=None,
        audience=None,
        when=None,
        confidence=0.9,
        sentence=span(text, 0, len(text)),
    )


# -- reading the HTML back ---------------------------------------------------------------------------------


class Reader(HTMLParser):
    """The tags, their attributes and the text of an HTML fragment; fails on nested elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert self.depth == 0, f"nested <{tag}>"
        self.depth += 1
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise AssertionError(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1
        assert self.depth == 0, f"stray </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError("comment")

    def handle_decl(self, decl: str) -> None:
        raise AssertionError("declaration")

    def unknown_decl(self, data: str) -> None:
        raise AssertionError("declaration")

    def handle_pi(self, data: str) -> None:
        raise AssertionError("processing instruction")


def read(markup: str) -> Reader:
    reader = Reader()
    reader.feed(markup)
    reader.close()
    assert reader.depth == 0
    return reader


def assert_safe(reader: Reader) -> None:
    for tag, attrs in reader.tags:
        assert tag in {"a", "span"}, tag
        if tag == "span":
            assert set(attrs) == {"class"}
        else:
            assert set(attrs) == {"class", "href", "data-record", "title"}
            assert attrs["href"] == f"#{attrs['data-record']}"


def anchors(markup: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in read(markup).tags if tag == "a"]


def segment_at(found: list[Segment], offset: int) -> Segment:
    return next(segment for segment in found if segment.start <= offset < segment.end)


# -- properties over random articles -----------------------------------------------------------------------

texts = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), max_size=12).map("".join)


@st.composite
def articles(draw: st.DrawFn) -> tuple[Article, str]:
    text = draw(texts)
    offsets = st.integers(-3, len(text) + 3)
    bounds = (draw(offsets), draw(offsets))
    facts = draw(st.lists(st.tuples(st.sampled_from(KINDS), offsets, offsets, st.sampled_from(["1", "2", '"x<y>&']))))
    return article(text, facts, bounds), text


@settings(max_examples=300)
@given(articles())
def test_segments_tile_the_article_and_join_to_its_text(case: tuple[Article, str]) -> None:
    record, text = case
    found = segments(record, text)
    low = min(max(0, record.span[0]), len(text))
    high = max(low, min(len(text), record.span[1]))
    assert "".join(segment.text for segment in found) == text[low:high]
    assert [(s.start, s.end) for s in found] == list(zip([low] + [s.end for s in found[:-1]], [s.end for s in found]))
    for segment in found:
        assert low <= segment.start < segment.end <= high
        assert segment.text == text[segment.start : segment.end]
        assert (segment.target is None) == (segment.kinds <= {KICKER, BOILERPLATE})
    assert not found or found[-1].end == high


@settings(max_examples=300)
@given(articles())
def test_html_is_links_and_spans_around_the_escaped_text(case: tuple[Article, str]) -> None:
    record, text = case
    reader = read(highlighted_html(record, text))
    assert_safe(reader)
    assert "".join(reader.text) == "".join(segment.text for segment in segments(record, text))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_text(hostile: str) -> None:
    text = f"Pat Ryder wrote {hostile} today."
    record = article(text, [(ENTITY, *at(text, "Pat Ryder"), "e1"), (CLAIM_CONTENT, *at(text, hostile), "c1")])
    markup = highlighted_html(record, text)
    reader = read(markup)
    assert_safe(reader)
    assert "".join(reader.text) == text
    assert {tag for tag, _ in reader.tags} == {"a"}
    for bad in ("<script", "<img", "<textarea", "</textarea", 'javascript:alert(1)">'):
        assert bad not in markup


def test_ids_and_titles_are_escaped() -> None:
    text = "Pat Ryder spoke."
    record = article(text, [(ENTITY, 0, 9, '"><script>alert(1)</script>')])
    record.entities[0].name = "<img src=x onerror=alert(1)>"
    markup = highlighted_html(record, text)
    assert "<script" not in markup and "<img" not in markup
    (link,) = anchors(markup)
    assert link["data-record"] == 'entity-"><script>alert(1)</script>'
    assert link["title"] == "entity: <img src=x onerror=alert(1)> (PERSON)"


def test_newlines_stay_text_and_carriage_returns_survive() -> None:
    text = "One.\r\nTwo.\n"
    markup = highlighted_html(article(text, []), text)
    assert markup == "One.&#13;\nTwo.\n"
    assert "".join(read(markup).text) == text


# -- which record a segment links to -----------------------------------------------------------------------

SENTENCE = "Officials said on Monday that about 30 people were killed in Ryder's town, costing $5 million."


def nested_article() -> Article:
    text = SENTENCE
    return article(
        text,
        [
            (CLAIM_SOURCE, *at(text, "Officials"), "k1"),
            (CLAIM_CUE, *at(text, "said"), "k1"),
            (TIME, *at(text, "Monday"), "t1"),
            (CLAIM_CONTENT, *at(text, "about 30 people were killed in Ryder's town"), "k1"),
            (COUNT, *at(text, "about 30 people were killed"), "n1"),
            (ENTITY, *at(text, "Ryder"), "e1"),
            (MONEY, *at(text, "$5 million"), "m1"),
        ],
    )


def test_a_count_inside_a_claim_links_to_the_count() -> None:
    found = segments(nested_article(), SENTENCE)
    inside = segment_at(found, SENTENCE.index("30"))
    assert inside.target == "count-n1"
    assert inside.kinds == {COUNT, CLAIM_CONTENT}
    assert inside.title == "count: killed, about 30 · claim content: Pat Ryder (assert)"
    links = anchors(highlighted_html(nested_article(), SENTENCE))
    (count_link,) = [link for link in links if link["href"] == "#count-n1"]
    assert count_link["class"] == "hl hl-claim-content hl-count"
    assert count_link["data-record"] == "count-n1"
    assert count_link["title"] == "count: killed, about 30 · claim content: Pat Ryder (assert)"


def test_each_segment_links_to_its_innermost_fact() -> None:
    found = segments(nested_article(), SENTENCE)
    expect = {
        "Officials": ("claim-k1", {CLAIM_SOURCE}),
        "said": ("claim-k1", {CLAIM_CUE}),
        "Monday": ("time-t1", {TIME}),
        "Ryder": ("entity-e1", {ENTITY, CLAIM_CONTENT}),
        " town": ("claim-k1", {CLAIM_CONTENT}),
        "$5 million": ("money-m1", {MONEY}),
        " on ": (None, set()),
    }
    for phrase, (target, kinds) in expect.items():
        segment = segment_at(found, SENTENCE.index(phrase))
        assert (segment.target, segment.kinds) == (target, kinds), phrase
    assert [s.text for s in found if s.target is None] == [" ", " on ", " that ", ", costing ", "."]
    assert "".join(s.text for s in found) == SENTENCE


def test_a_shorter_fact_wins_over_a_higher_kind() -> None:
    text = "About 30 Marines were killed."
    record = article(
        text, [(COUNT, *at(text, "About 30 Marines were killed"), "n1"), (ENTITY, *at(text, "Marines"), "e1")]
    )
    found = segments(record, text)
    assert segment_at(found, text.index("Marines")).target == "entity-e1"
    assert segment_at(found, 0).target == "count-n1"


@pytest.mark.parametrize("higher, lower", list(pairwise(PRIORITY)))
def test_facts_of_one_length_go_by_kind(higher: str, lower: str) -> None:
    text = "Thirty were killed."
    # Both orders in the article: the rule, not the order of the records, decides.
    for facts in ([(higher, 0, 6, "a"), (lower, 0, 6, "b")], [(lower, 0, 6, "b"), (higher, 0, 6, "a")]):
        (segment, _rest) = segments(article(text, facts), text)
        prefix = {CLAIM_CUE: "claim", CLAIM_SOURCE: "claim", CLAIM_CONTENT: "claim"}.get(higher, higher[3:])
        assert segment.target == ("event-0" if higher == EVENT else f"{prefix}-a")
        assert segment.kinds == {higher, lower}
    assert PRIORITY == (COUNT, MONEY, TIME, CLAIM_CUE, CLAIM_SOURCE, EVENT, ENTITY, CLAIM_CONTENT)


def test_kicker_and_boilerplate_are_spans_unless_something_links() -> None:
    text = "TESTING BAN: Seoul said so.\nPhoto: AP / Seoul"
    record = article(
        text,
        [
            (KICKER, *at(text, "TESTING BAN"), ""),
            (BOILERPLATE, *at(text, "Photo: AP / Seoul"), ""),
            (ENTITY, *at(text, "Seoul", text.index("AP")), "e1"),
        ],
    )
    markup = highlighted_html(record, text)
    assert markup.startswith('<span class="hl-kicker">TESTING BAN</span>: Seoul said so.\n')
    assert '<span class="hl-boilerplate">Photo: AP / </span>' in markup
    (link,) = anchors(markup)
    assert link["class"] == "hl hl-boilerplate hl-entity"
    assert link["href"] == "#entity-e1"


def test_spans_are_clipped_to_the_article_and_nonsense_spans_skipped() -> None:
    text = "HEADER\nAbout 30 were killed.\nNEXT"
    low, high = at(text, "About 30 were killed.")
    facts = [
        (COUNT, 0, low + 8, "clipped"),  # starts before the article
        (ENTITY, high - 1, len(text) + 50, "tail"),  # ends after the item
        (TIME, 0, 3, "before"),
        (MONEY, high + 1, high + 3, "after"),
        (ENTITY, low + 3, low + 3, "empty"),
        (TIME, low + 9, low + 4, "inverted"),
        (ENTITY, -10, -2, "negative"),
    ]
    found = segments(article(text, facts, (low, high)), text)
    assert "".join(s.text for s in found) == text[low:high]
    assert [(s.text, s.target) for s in found] == [
        ("About 30", "count-clipped"),
        (" were killed", None),
        (".", "entity-tail"),
    ]


def test_an_empty_or_impossible_article_span_gives_nothing() -> None:
    text = "Some text."
    for bounds in [(3, 3), (7, 2), (50, 60)]:
        record = article(text, [(COUNT, 0, 4, "n1")], bounds)
        assert segments(record, text) == []
        assert highlighted_html(record, text) == ""


# -- the bundled sample ------------------------------------------------------------------------------------


def test_every_count_of_the_seed_links_somewhere_and_the_text_round_trips(seed_db: Path) -> None:
    with Ledger(seed_db, readonly=True) as ledger:
        summaries = ledger.articles()
        assert summaries
        for summary in summaries:
            record = ledger.article(summary.id)
            item_text = ledger.item_text(summary.id)
            text = item_text[record.span[0] : record.span[1]]
            reader = read(highlighted_html(record, item_text))
            assert_safe(reader)
            assert "".join(reader.text) == text
            targets = {attrs["data-record"] for tag, attrs in reader.tags if tag == "a"}
            for fact in record.counts:
                assert f"count-{fact.id}" in targets, fact.text
            found = segments(record, item_text)
            assert "".join(s.text for s in found) == text
            assert all(a.end == b.start for a, b in pairwise(found))
