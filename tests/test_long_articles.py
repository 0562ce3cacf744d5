"""Long articles cost time and memory in proportion to their length, with every offset exact.

An article over ``pipeline.CHUNK_ABOVE`` characters is parsed in pieces whose Docs are joined into
one over its whole text; the extractors and linking look facts up by where they lie instead of
scanning the whole article for each sentence or claim. ``scripts/longcheck.py`` measures the cost.
"""

from __future__ import annotations

import random
import time
from dataclasses import fields, is_dataclass
from typing import Any

import pytest

from newsledger import pipeline
from newsledger.chunks import pieces
from newsledger.extract.docspans import entity_text, ents_within, token_starting_at
from newsledger.extract.intervals import Intervals
from newsledger.model import Item
from newsledger.nlp import load_nlp
from newsledger.pipeline import Pipeline

ATTRS = ["ORTH", "TAG", "POS", "DEP", "HEAD", "LEMMA", "ENT_IOB", "ENT_TYPE", "SENT_START"]


@pytest.fixture(scope="module")
def long_item(seed_text: str) -> Item:
    """About 60,000 characters of news: the seed's paragraphs ten times over, one JSONL record (one article)."""
    text = "\n\n".join([seed_text.strip()] * 10)
    return Item(source="long", text=text, format="jsonl", path="long.jsonl", published="2024-12-16")


def spans_in(found: Any) -> list[Any]:
    """Every (text, start, end) stretch anywhere in an extractor's output."""
    if isinstance(found, dict):
        return [s for value in found.values() for s in spans_in(value)]
    if isinstance(found, (list, tuple)):
        return [s for value in found for s in spans_in(value)]
    if not is_dataclass(found) or isinstance(found, type):
        return []
    own = [found] if all(isinstance(getattr(found, a, None), str | int) for a in ("text", "start", "end")) else []
    return own + [s for f in fields(found) if not f.name.startswith("_") for s in spans_in(getattr(found, f.name))]


def test_a_long_article_is_parsed_in_pieces_into_one_doc_over_its_exact_text(long_item: Item) -> None:
    line = Pipeline()
    (article,) = line.articles_of(long_item)
    assert len(article.analysis_text) > pipeline.CHUNK_ABOVE
    assert len(list(pieces(article.analysis_text, line.chunk_chars))) > 10
    parsed = [doc.text for doc in load_nlp().pipe(pieces(article.analysis_text, line.chunk_chars))]
    assert max(map(len, parsed)) < pipeline.CHUNK_ABOVE  # what spaCy was given: pieces, never the whole

    (analysed, context) = next(line.analyse([(article, "context")]))
    assert context == "context" and analysed.article is article
    assert analysed.doc.text == article.analysis_text  # whitespace included: every token's idx is its offset
    whole = load_nlp()(article.analysis_text)
    assert [(t.idx, t.text) for t in analysed.doc] == [(t.idx, t.text) for t in whole]


def test_every_fact_of_a_long_article_lies_at_its_offsets(long_item: Item) -> None:
    (result,) = Pipeline().run([long_item])
    (facts,) = result.facts
    assert not facts.failed
    spans = spans_in(facts.found)
    kinds = {name for name, found in facts.found.items() if spans_in(found)}
    assert {"entities", "claims", "counts", "times"} <= kinds and len(spans) > 500
    assert all(long_item.text[s.start : s.end] == s.text for s in spans)


def test_articles_keep_their_order_and_context_around_a_long_one(long_item: Item, seed_text: str) -> None:
    short = Item(source="short", text=seed_text[:2000], format="jsonl", path="s.jsonl")
    articles = [(a, n) for n, item in enumerate([short, long_item, short]) for a in Pipeline().articles_of(item)]
    analysed = list(Pipeline().analyse(articles))
    assert [context for _, context in analysed] == [0, 1, 2]
    assert [a.doc.text for a, _ in analysed] == [a.analysis_text for a, _ in articles]


def test_a_short_article_is_parsed_whole_as_before(seed_text: str) -> None:
    item = Item(source="seed", text=seed_text, format="jsonl", path="seed.jsonl", published="2024-12-16")
    line = Pipeline()
    (article,) = line.articles_of(item)
    assert len(article.analysis_text) <= pipeline.CHUNK_ABOVE
    (analysed, _) = next(line.analyse([(article, None)]))
    whole = load_nlp()(article.analysis_text)
    assert (analysed.doc.to_array(ATTRS) == whole.to_array(ATTRS)).all()


@pytest.mark.parametrize(
    "text",
    [
        "One.  Two.\n \t\nThree four.\r\n\r\nFive six seven. " * 40,
        "word " * 500,  # no line, no sentence end
        "x" * 3000 + " tail",  # a stretch with no space at all
        "Lead.\n" + " " * 2500 + "\nAfter the blanked boilerplate.",
        "",
    ],
)
def test_pieces_join_back_into_the_text_and_cut_only_after_whitespace(text: str) -> None:
    found = list(pieces(text, 400))
    assert "".join(found) == text
    for piece in found[:-1]:
        assert len(piece.rstrip()) <= 400
        assert piece[-1].isspace() or (len(piece) == 400 and not any(c.isspace() for c in piece[200:]))


def test_pieces_end_at_a_blank_line_when_there_is_one() -> None:
    paragraph = "A sentence ends here. Another one follows it on the same line.\n"
    text = (paragraph * 3 + "\n") * 20
    found = list(pieces(text, 600))
    assert len(found) > 5 and all(p.endswith(".\n\n") for p in found[:-1])


def test_intervals_answer_as_a_scan_of_every_stretch() -> None:
    rng = random.Random(7)
    stretches = [(s, s + rng.randrange(0, 60), n) for n, s in enumerate(rng.randrange(0, 2000) for _ in range(300))]
    index = Intervals(stretches[:200])
    for start, end, n in stretches[200:]:
        index.add(start, end, n)
    for _ in range(300):
        a = rng.randrange(-10, 2100)
        b = a + rng.randrange(0, 80)
        assert index.holding(a, b) == [n for s, e, n in stretches if s <= a and b <= e]
        assert index.overlapping(a, b) == [n for s, e, n in stretches if s < b and a < e]
        assert index.within(a, b) == [n for s, e, n in stretches if a <= s and e <= b]


def test_doc_lookups_answer_as_spacys_own(seed_text: str) -> None:
    doc = load_nlp()(seed_text)
    assert doc.ents
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in ents_within(sent)] == [
            (e.start, e.end, e.label_) for e in sent.ents
        ]
    for token in doc:
        expected = next((e.text for e in doc.ents if e.start <= token.i < e.end), None)
        assert entity_text(token) == expected
    starts = {t.idx: t.i for t in doc}
    for char in range(len(doc.text) + 2):
        found = token_starting_at(doc, char)
        assert (found.i if found is not None else None) == starts.get(char)


def test_finding_facts_costs_in_proportion_to_the_article_length(seed_text: str) -> None:
    """Six times the text, about six times the work (CPU time of this process, so other load hardly
    counts): scanning the whole article for each sentence or claim made it fifteen times and more."""
    line = Pipeline()
    paragraphs = seed_text.strip()
    seconds = []
    for times in (2, 12):
        item = Item(source=f"x{times}", text="\n\n".join([paragraphs] * times), format="jsonl", path="x.jsonl")
        (analysed, _) = next(line.analyse([(article, None) for article in line.articles_of(item)]))
        line.extract(analysed)  # warm: lexicons and learnt models load on first use
        started = time.process_time()
        line.extract(analysed)
        seconds.append(time.process_time() - started)
    assert seconds[1] < 10 * seconds[0]


def test_place_names_resolve_against_an_articles_regions_as_against_its_names() -> None:
    """``regions(names)``, read once per article, picks what a scan of the other names for each place did."""
    from newsledger.link.gazetteer import _key, gazetteer

    places = gazetteer()
    names = ["Georgia", "Springfield", "Portland", "Paris", "Columbus", "Maine", "Oregon", "Illinois", "Ohio"]
    names += ["France", "Texas", "Rocky Mount", "Virginia", "North Carolina", "the Georgia", "Kansas City", "Missouri"]

    def scanned(name: str, context: list[str]) -> Any:
        found = places.candidates(name)
        if not found:
            return None
        if len(found) == 1 or found[0].kind in {"continent", "country"}:
            return found[0], len(found), False
        regions = [
            r
            for other in context
            if _key(other) != _key(name)
            for r in places.candidates(other)
            if r.kind in {"country", "state"}
        ]
        fitting = [
            p
            for p in found
            if any(
                p.country == r.country if r.kind == "country" else p.country == "US" and p.admin1 == r.admin1
                for r in regions
            )
        ]
        return (fitting[0], len(found), True) if fitting else (found[0], len(found), False)

    rng = random.Random(3)
    by_context = 0
    for _ in range(200):
        context = rng.sample(names, rng.randrange(0, 6))
        name = rng.choice(context or names)
        expected = scanned(name, context)
        assert _as_tuple(places.resolve(name, places.regions(context))) == expected
        assert _as_tuple(places.resolve(name, context)) == expected
        by_context += bool(expected and expected[2])
    assert by_context > 10  # the article's other places decided often enough to tell


def _as_tuple(resolution: Any) -> Any:
    return None if resolution is None else (resolution.place, resolution.candidates, resolution.by_context)
