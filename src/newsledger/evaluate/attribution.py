"""Score the claims extractor (attributed speech) against brat gold nobody on this project wrote.

The gold is read by ``newsledger.formats.brat.read_brat`` (PolNeAR's layout).

The measures, micro-averaged over all documents, each with one-to-one
matching (a maximum matching, so one long prediction cannot take credit for
two gold attributions):

* content overlap: a predicted claim's content overlaps a gold content;
* content exact: the two contents are equal once edge whitespace, quotes and
  punctuation are stripped from each span (and they overlap, so the same
  words elsewhere in the article do not count);
* attribution: content overlaps and source overlaps; a gold attribution
  without a source matches a prediction without one;
* cue: the cue spans overlap.

A prediction with no content (a non-answer) can still match on cue.
Published reference points (BBC's citron on PARC 3.0): content overlap F1
83.2, content exact F1 56.7.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.config import PipelineConfig
from newsledger.evaluate import prf
from newsledger.formats.brat import BratDoc, GoldAttribution, read_brat, span_key
from newsledger.model import Item, Span
from newsledger.pipeline import Pipeline

MAX_ERRORS = 300


# -- scoring -----------------------------------------------------------------


@dataclass(frozen=True)
class _Attribution:
    """Gold or system attribution reduced to what the measures look at."""

    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    original: Any


def _from_gold(gold: GoldAttribution) -> _Attribution:
    return _Attribution(tuple(gold.source), tuple(gold.cue), tuple(gold.content), gold)


def _from_claim(claim: Any) -> _Attribution:
    """Any object with ``source`` (Span | None), ``cue`` (Span | None) and ``content`` (list of Span)."""
    source = getattr(claim, "source", None)
    cue = getattr(claim, "cue", None)
    content = sorted((s for s in getattr(claim, "content", None) or [] if s is not None), key=span_key)
    return _Attribution((source,) if source else (), (cue,) if cue else (), tuple(content), claim)


def overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Characters shared by two sets of spans (0 when either is empty)."""
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)


def normalise(spans: Sequence[Span]) -> str:
    """Content text for exact matching: each span without edge whitespace, quotes and punctuation.

    Stripping per span keeps a quote split by "he said" comparable with the
    same two pieces predicted separately.
    """
    pieces = (_strip_edges(s.text) for s in sorted(spans, key=span_key))
    return " ".join(" ".join(p for p in pieces if p).split())


def _strip_edges(text: str) -> str:
    """Drop whitespace and punctuation (every Unicode P* category: all quote marks too) at both ends."""

    def edge(char: str) -> bool:
        return char.isspace() or unicodedata.category(char).startswith("P") or char in "`´"

    start, end = 0, len(text)
    while start < end and edge(text[start]):
        start += 1
    while end > start and edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _source_agrees(gold: _Attribution, system: _Attribution) -> bool:
    if not gold.source or not system.source:
        return not gold.source and not system.source
    return overlap(gold.source, system.source) > 0


Weight = Callable[[_Attribution, _Attribution], tuple[int, ...] | None]


def _content_weight(g: _Attribution, s: _Attribution) -> tuple[int, ...] | None:
    """Content overlap; among overlapping pairs, those whose source agrees are tried first."""
    shared = overlap(g.content, s.content)
    return (int(_source_agrees(g, s)), shared) if shared else None


def _exact_weight(g: _Attribution, s: _Attribution) -> tuple[int, ...] | None:
    shared = overlap(g.content, s.content)
    return (shared,) if shared and normalise(g.content) == normalise(s.content) else None


def _attribution_weight(g: _Attribution, s: _Attribution) -> tuple[int, ...] | None:
    shared = overlap(g.content, s.content)
    return (shared + overlap(g.source, s.source),) if shared and _source_agrees(g, s) else None


def _cue_weight(g: _Attribution, s: _Attribution) -> tuple[int, ...] | None:
    shared = overlap(g.cue, s.cue)
    return (shared,) if shared else None


MEASURES: dict[str, Weight] = {
    "content_overlap": _content_weight,
    "content_exact": _exact_weight,
    "attribution": _attribution_weight,
    "cue": _cue_weight,
}


def match(gold: Sequence[_Attribution], system: Sequence[_Attribution], weight: Weight) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of the compatible (gold, system) pairs, as index pairs.

    Augmenting paths (Kuhn's algorithm) give as many pairs as possible; each
    gold tries its best-weighted candidates first, so where there is a choice
    the larger overlap wins.
    """
    candidates: list[list[int]] = []
    for g in gold:
        weighted = [(w, s) for s, sys in enumerate(system) if (w := weight(g, sys)) is not None]
        candidates.append([s for _, s in sorted(weighted, key=lambda ws: (tuple(-x for x in ws[0]), ws[1]))])
    owner: dict[int, int] = {}  # system index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for s in candidates[g]:
            if s in seen:
                continue
            seen.add(s)
            if s not in owner or augment(owner[s], seen):
                owner[s] = g
                return True
        return False

    for index in range(len(gold)):
        augment(index, set())
    return sorted((g, s) for s, g in owner.items())


def _predictions_for(
    docs: Sequence[BratDoc], predictions: Sequence[Sequence[Any]] | Mapping[str, Sequence[Any]]
) -> list[Sequence[Any]]:
    """Predictions aligned with docs: a list in the same order, or a mapping from doc id."""
    if isinstance(predictions, Mapping):
        return [predictions.get(d.id, []) for d in docs]
    if len(predictions) != len(docs):
        raise ValueError(f"{len(predictions)} prediction lists for {len(docs)} documents")
    return list(predictions)


def score(
    docs: Sequence[BratDoc], predictions: Sequence[Sequence[Any]] | Mapping[str, Sequence[Any]]
) -> dict[str, Any]:
    """Micro-averaged P/R/F1 of every measure; predictions are claims per doc (a list or a dict by doc id)."""
    hits = Counter[str]()
    n_gold = n_system = 0
    for doc, claims in zip(docs, _predictions_for(docs, predictions)):
        gold = [_from_gold(a) for a in doc.attributions]
        system = [_from_claim(c) for c in claims]
        n_gold += len(gold)
        n_system += len(system)
        for name, weight in MEASURES.items():
            hits[name] += len(match(gold, system, weight))
    figures: dict[str, Any] = {"gold": n_gold, "system": n_system}
    for name in MEASURES:
        figures[f"{name}_matched"] = hits[name]
        figures.update(prf(name, hits[name], n_system, n_gold))
    return figures


# -- errors ------------------------------------------------------------------


def errors_of(doc: BratDoc, claims: Sequence[Any]) -> list[dict[str, Any]]:
    """Missed, spurious and wrong-source attributions of one document, in text order.

    Pairs come from the content-overlap matching; a pair whose source does not
    agree is a ``wrong_source`` error.
    """
    gold = [_from_gold(a) for a in doc.attributions]
    system = [_from_claim(c) for c in claims]
    pairs = match(gold, system, _content_weight)
    paired_gold = {g for g, _ in pairs}
    paired_system = {s for _, s in pairs}
    found: list[tuple[str, _Attribution | None, _Attribution | None]] = []
    found += [("wrong_source", gold[g], system[s]) for g, s in pairs if not _source_agrees(gold[g], system[s])]
    found += [("missed", g, None) for i, g in enumerate(gold) if i not in paired_gold]
    found += [("spurious", None, s) for i, s in enumerate(system) if i not in paired_system]
    errors = [_error(doc, kind, g, s) for kind, g, s in found]
    errors.sort(key=lambda e: (e["start"], e["kind"]))
    return errors


def _error(doc: BratDoc, kind: str, gold: _Attribution | None, system: _Attribution | None) -> dict[str, Any]:
    anchor = gold if gold is not None else system
    assert anchor is not None
    spans = anchor.content or anchor.cue or anchor.source
    start = min((s.start for s in spans), default=0)
    end = max((s.end for s in spans), default=0)
    return {
        "doc": doc.id,
        "kind": kind,
        "start": start,
        "context": _context(doc.text, start, end),
        "gold": None if gold is None else _describe(gold),
        "system": None if system is None else _describe(system),
    }


def _describe(attribution: _Attribution) -> dict[str, Any]:
    described: dict[str, Any] = {
        role: " … ".join(s.text for s in spans) or None
        for role, spans in (("source", attribution.source), ("cue", attribution.cue), ("content", attribution.content))
    }
    for extra in ("kind", "stance", "confidence"):
        value = getattr(attribution.original, extra, None)
        if value is not None:
            described[extra] = value
    return described


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    """The stretch in [brackets] with some text either side, on one line."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


# -- running the extractor ---------------------------------------------------


def predict(
    docs: Sequence[BratDoc], config: PipelineConfig | None = None
) -> tuple[list[list[Any]], list[dict[str, str]]]:
    """The claims the pipeline finds in every document, as ingest finds them (spaCy run once over all).

    Each text becomes a plain-text item with its publication date, split into
    articles as the ledger splits a dump (offsets stay into the text as read),
    and runs through the pipeline up to claims (entities and times included).
    Non-answers ("did not respond to a request for comment") have no content
    and are not attributions in PolNeAR's sense, so they are not scored. A
    document on which an extractor raises is listed in the crashes, so one bug
    does not hide the figures of the rest.
    """
    items = [Item(source=d.id, text=d.text, format="text", path=d.id, published=d.published) for d in docs]
    pipeline = Pipeline(config or PipelineConfig(only=("claims",)))
    crashes: list[dict[str, str]] = []
    found: dict[int, list[Any]] = {}
    for done in pipeline.run(items, lambda error: crashes.append({"doc": error.path, "error": error.message})):
        found[id(done.item)] = [c for facts in done.facts for c in facts.found.get("claims", []) if c.content]
    return [found.get(id(item), []) for item in items], crashes


def evaluate_brat(folder: str | Path, config: PipelineConfig | None = None) -> dict[str, Any]:
    """Read a brat gold folder, run the pipeline over its texts and score the claims it finds."""
    docs = read_brat(folder)
    predictions, crashes = predict(docs, config)
    return report(docs, predictions, str(folder), crashes)


def report(
    docs: Sequence[BratDoc],
    predictions: Sequence[Sequence[Any]],
    data: str = "",
    crashes: Sequence[dict[str, str]] = (),
) -> dict[str, Any]:
    """Figures, counts, the first MAX_ERRORS errors and the reading notes of one evaluation."""
    errors = [e for doc, claims in zip(docs, predictions) for e in errors_of(doc, claims)]
    result: dict[str, Any] = {"data": data, "docs": len(docs), **score(docs, predictions), "crashes": list(crashes)}
    result["offset_mismatches"] = sum(d.offset_mismatches for d in docs)
    result["error_counts"] = dict(Counter(e["kind"] for e in errors))
    result["errors"] = errors[:MAX_ERRORS]
    result["notes"] = [f"{d.id}: {note}" for d in docs for note in d.notes]
    return result
