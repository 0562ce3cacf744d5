"""Score the claims extractor (attributed speech) against brat gold nobody on this project wrote.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) marks every attribution in 924
US political news articles as Source, Cue and Content spans. Its layout, which
``newsledger.export_brat`` writes too:

    FOLDER/text/NAME.txt                 the article, offsets count characters
    FOLDER/attributions/NAME_ANNOT.ann   brat standoff, one file per annotator
    metadata.tsv                         beside FOLDER (publisher, publication date)

A flat folder (``NAME.txt`` beside ``NAME.ann``, as brat itself keeps them)
reads the same way.

Reading the gold:

* Where several annotators did a document, the first file in sorted order is
  gold: PolNeAR has no adjudicated version, and a fixed choice keeps figures
  comparable from run to run.
* ``Tn<TAB>Label START END[;START END...]<TAB>text``: a discontinuous T-line
  gives one span per fragment; its text is the fragments joined by a space.
  A T-line whose text runs over a line break continues on the next lines of
  the ``.ann`` (PolNeAR has a few); those lines are joined back on.
* ``En<TAB>Attribution:Tx Content:Ty Cue:Tz Source:Tw``: the trigger is
  ``Attribution`` or ``Attribution-no-source``; roles may be missing, come in
  any order, or repeat (brat numbers repeats: ``Content2``). The trigger span
  is not used: PolNeAR puts it on the cue.
* Oddities never stop the reading; they go into ``BratDoc.notes``: T-line
  text that differs from the ``.txt`` slice, lines that are neither T, E nor
  ``#`` notes, roles pointing at unknown T ids, roles pointing at a T-line
  of another label and triggers that disagree with the roles
  (``Attribution-no-source`` with a Source): the roles decide, since they
  are what the annotator linked. Attributions with neither cue nor content
  (an E-line whose roles the annotation tool lost) are left out of the gold
  because nothing in the text could match them. ``Discard`` / ``Discuss``
  T-lines are annotators' markers, not gold; an empty ``.ann`` is a
  document with no attributions.

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

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.evaluate import prf
from newsledger.model import Span

MAX_ERRORS = 300
ROLES = ("Source", "Cue", "Content")
TRIGGERS = ("Attribution", "Attribution-no-source")
_LINE_ID = re.compile(r"([TERAMN]\d+|#\d*|\*)\t")


@dataclass(frozen=True)
class TextBound:
    """One brat T-line: a label over one or more fragments of the text."""

    id: str
    label: str
    spans: tuple[Span, ...]
    text: str  # as written in the .ann


@dataclass
class GoldAttribution:
    """One gold attribution (an E-line) with the spans of its roles, offsets into BratDoc.text."""

    id: str
    label: str  # Attribution | Attribution-no-source
    source: list[Span]
    cue: list[Span]
    content: list[Span]


@dataclass
class BratDoc:
    """One gold document: its text, the gold annotator's attributions, and what was odd about it."""

    id: str
    text: str
    attributions: list[GoldAttribution]
    path: str = ""  # the .ann file read as gold
    annotators: list[str] = field(default_factory=list)  # every annotator who did this text
    published: str | None = None
    publisher: str | None = None
    notes: list[str] = field(default_factory=list)
    offset_mismatches: int = 0  # T-lines whose text is not the .txt slice


# -- reading -----------------------------------------------------------------


def read_brat(folder: str | Path) -> list[BratDoc]:
    """Every annotated document of a PolNeAR-layout (or flat) brat folder, in name order.

    A text without any .ann is left out: not annotated is not "no attributions".
    """
    folder = Path(folder)
    if (folder / "text").is_dir():
        texts, anns = folder / "text", folder / "attributions"
    else:
        texts = anns = folder
    text_paths = sorted(texts.glob("*.txt"))
    files = _annotation_files([p.stem for p in text_paths], sorted(anns.glob("*.ann")))
    metadata = _read_metadata(folder)
    return [read_document(p, files[p.stem], metadata.get(p.stem, {})) for p in text_paths if files[p.stem]]


def _annotation_files(names: list[str], ann_paths: list[Path]) -> dict[str, list[Path]]:
    """The .ann files of each text: ``NAME.ann`` and ``NAME_ANNOT.ann``, sorted.

    PolNeAR cuts names at 32 characters, so one text's name could be the start
    of another's: a file belongs to the longest text name it extends.
    """
    files: dict[str, list[Path]] = {name: [] for name in names}
    for path in ann_paths:
        owners = [n for n in names if path.stem == n or path.stem.startswith(n + "_")]
        if owners:
            files[max(owners, key=len)].append(path)
    return files


def _read_metadata(folder: Path) -> dict[str, dict[str, str]]:
    """PolNeAR's metadata.tsv (beside the split folder, or in it), keyed by file name."""
    for path in (folder / "metadata.tsv", folder.parent / "metadata.tsv"):
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(handle, delimiter="\t")
                return {row["filename"]: row for row in rows if row.get("filename")}
    return {}


def read_document(text_path: str | Path, ann_paths: Sequence[str | Path],
                  metadata: Mapping[str, str] | None = None) -> BratDoc:
    """A text and its annotators' .ann files; the first in sorted order is gold."""
    text_path = Path(text_path)
    text = _read_exact(text_path)
    paths = sorted(Path(p) for p in ann_paths)
    gold = paths[0]
    doc = BratDoc(text_path.stem, text, [], str(gold),
                  annotators=[p.stem[len(text_path.stem) + 1:] or "-" for p in paths])
    meta = metadata or {}
    doc.published = meta.get("publication_date") or None
    doc.publisher = meta.get("publisher") or None
    if len(paths) > 1:
        doc.notes.append(f"{len(paths)} annotators; gold is {gold.name}")
    bounds, events = _parse_ann(_read_exact(gold), doc)
    doc.attributions = _attributions(events, bounds, doc)
    return doc


def _read_exact(path: Path) -> str:
    """A file's text with every character kept: brat counts the CR of a CRLF as a character too."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _parse_ann(ann: str, doc: BratDoc) -> tuple[dict[str, TextBound], list[list[str]]]:
    """T-lines checked against the text, and E-lines as lists of ``Type:Id`` arguments."""
    bounds: dict[str, TextBound] = {}
    events: list[list[str]] = []
    lines = ann.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    t_lines: list[list[str]] = []  # [id, "Label offsets", text]; text grows with continuation lines
    last_was_t = False
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        found = _LINE_ID.match(line)
        if found is None:
            if last_was_t and len(t_lines[-1][2]) < _text_length(t_lines[-1][1]):
                t_lines[-1][2] += "\n" + line
            elif line.strip():
                doc.notes.append(f"line {number}: not a brat annotation: {line[:60]!r}")
            continue
        kind = found.group(1)[0]
        fields = line.split("\t", 2)
        last_was_t = kind == "T"
        if kind == "T":
            t_lines.append([fields[0], fields[1] if len(fields) > 1 else "", fields[2] if len(fields) > 2 else ""])
        elif kind == "E":
            events.append([fields[0], *" ".join(fields[1:]).split()])
        elif kind != "#":
            doc.notes.append(f"line {number}: {kind}-line ignored: {line[:60]!r}")
    for t_id, label_offsets, t_text in t_lines:
        bound = _text_bound(t_id, label_offsets, t_text, doc)
        if bound is not None:
            bounds[t_id] = bound
    return bounds, events


def _text_length(label_offsets: str) -> int:
    """How long a T-line's text should be: its fragments and a space between each two."""
    numbers = re.findall(r"\d+", label_offsets.partition(" ")[2])
    pairs = list(zip(numbers[::2], numbers[1::2]))
    return sum(int(e) - int(s) for s, e in pairs) + max(0, len(pairs) - 1)


def _text_bound(t_id: str, label_offsets: str, t_text: str, doc: BratDoc) -> TextBound | None:
    """One T-line; a text that is not the .txt slice is counted and noted, never fatal."""
    label, _, offsets = label_offsets.partition(" ")
    try:
        pairs = [tuple(int(n) for n in fragment.split()) for fragment in offsets.split(";")]
        if any(len(p) != 2 or not 0 <= p[0] <= p[1] <= len(doc.text) for p in pairs):
            raise ValueError
    except ValueError:
        doc.notes.append(f"{t_id}: unreadable offsets {offsets!r}")
        doc.offset_mismatches += 1
        return None
    spans = tuple(Span(doc.text[s:e], s, e) for s, e in pairs)
    expected = " ".join(s.text for s in spans)
    if expected != t_text:
        doc.offset_mismatches += 1
        doc.notes.append(f"{t_id}: .ann text {t_text[:60]!r} but .txt has {expected[:60]!r}")
    return TextBound(t_id, label, spans, t_text)


def _attributions(events: list[list[str]], bounds: dict[str, TextBound], doc: BratDoc) -> list[GoldAttribution]:
    """The E-lines as gold attributions; those with neither cue nor content are noted and left out."""
    result = []
    for e_id, trigger, *arguments in (e for e in events if len(e) >= 2):
        label = trigger.partition(":")[0]
        if label not in TRIGGERS:
            doc.notes.append(f"{e_id}: event type {label!r} ignored")
            continue
        roles: dict[str, list[Span]] = {role: [] for role in ROLES}
        for argument in arguments:
            role, _, t_id = argument.partition(":")
            base = role.rstrip("0123456789")
            if base not in roles:
                doc.notes.append(f"{e_id}: role {role!r} ignored")
            elif t_id not in bounds:
                doc.notes.append(f"{e_id}: {role} points at unknown {t_id!r}")
            else:
                if bounds[t_id].label != base:
                    doc.notes.append(f"{e_id}: {role} points at a {bounds[t_id].label} T-line ({t_id});"
                                     " the role decides")
                roles[base].extend(bounds[t_id].spans)
        if not roles["Cue"] and not roles["Content"]:
            doc.notes.append(f"{e_id}: no cue and no content; left out of the gold")
            continue
        if (label == "Attribution-no-source") == bool(roles["Source"]):
            having = "with" if roles["Source"] else "without"
            doc.notes.append(f"{e_id}: {label} {having} a Source role; the roles decide")
        result.append(GoldAttribution(e_id, label, *(sorted(roles[r], key=_span_key) for r in ROLES)))
    return result


def _span_key(span: Span) -> tuple[int, int]:
    return span.start, span.end


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
    content = sorted((s for s in getattr(claim, "content", None) or [] if s is not None), key=_span_key)
    return _Attribution((source,) if source else (), (cue,) if cue else (), tuple(content), claim)


def overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Characters shared by two sets of spans (0 when either is empty)."""
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)


def normalise(spans: Sequence[Span]) -> str:
    """Content text for exact matching: each span without edge whitespace, quotes and punctuation.

    Stripping per span keeps a quote split by "he said" comparable with the
    same two pieces predicted separately.
    """
    pieces = (_strip_edges(s.text) for s in sorted(spans, key=_span_key))
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

    for g in range(len(gold)):
        augment(g, set())
    return sorted((g, s) for s, g in owner.items())


def _predictions_for(docs: Sequence[BratDoc], predictions: Sequence[Sequence[Any]] | Mapping[str, Sequence[Any]]
                     ) -> list[Sequence[Any]]:
    """Predictions aligned with docs: a list in the same order, or a mapping from doc id."""
    if isinstance(predictions, Mapping):
        return [predictions.get(d.id, []) for d in docs]
    if len(predictions) != len(docs):
        raise ValueError(f"{len(predictions)} prediction lists for {len(docs)} documents")
    return list(predictions)


def score(docs: Sequence[BratDoc],
          predictions: Sequence[Sequence[Any]] | Mapping[str, Sequence[Any]]) -> dict[str, Any]:
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
        "doc": doc.id, "kind": kind, "start": start,
        "context": _context(doc.text, start, end),
        "gold": None if gold is None else _describe(gold),
        "system": None if system is None else _describe(system),
    }


def _describe(attribution: _Attribution) -> dict[str, Any]:
    described: dict[str, Any] = {
        role: " … ".join(s.text for s in spans) or None
        for role, spans in (("source", attribution.source), ("cue", attribution.cue),
                            ("content", attribution.content))
    }
    for extra in ("kind", "stance", "confidence"):
        value = getattr(attribution.original, extra, None)
        if value is not None:
            described[extra] = value
    return described


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    """The stretch in [brackets] with some text either side, on one line."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


# -- running the extractor ---------------------------------------------------


def predict(docs: Sequence[BratDoc]) -> tuple[list[list[Any]], list[dict[str, str]]]:
    """find_claims over every document, spaCy run once (``nlp.pipe``) over all of them.

    Each text becomes a plain-text item, split into articles as the ledger
    splits a dump (offsets stay into the text as read). Non-answers ("did
    not respond to a request for comment") have no content and are not
    attributions in PolNeAR's sense, so they are not scored. A document on
    which the extractor raises counts as having no claims and is listed in
    the crashes, so one bug does not hide the figures of the rest.
    """
    from newsledger.extract.claims import find_claims
    from newsledger.model import Item
    from newsledger.nlp import analyse
    from newsledger.segment import segment

    items = [Item(source=d.id, text=d.text, format="text", path=d.id, published=d.published)
             for d in docs]
    pairs = ((article, index) for index, item in enumerate(items) for article in segment(item))
    predictions: list[list[Any]] = [[] for _ in docs]
    crashes = []
    for analysed, index in analyse(pairs):
        try:
            predictions[index].extend(c for c in find_claims(analysed) if c.content)
        except Exception as error:  # noqa: BLE001 - one bad document should not hide the others' figures
            crashes.append({"doc": docs[index].id, "error": f"{type(error).__name__}: {error}"})
    return predictions, crashes


def evaluate_brat(folder: str | Path) -> dict[str, Any]:
    """Read a brat gold folder, run the claims extractor over its texts and score it."""
    docs = read_brat(folder)
    predictions, crashes = predict(docs)
    return report(docs, predictions, str(folder), crashes)


def report(docs: Sequence[BratDoc], predictions: Sequence[Sequence[Any]], data: str = "",
           crashes: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """Figures, counts, the first MAX_ERRORS errors and the reading notes of one evaluation."""
    errors = [e for doc, claims in zip(docs, predictions) for e in errors_of(doc, claims)]
    result: dict[str, Any] = {"data": data, "docs": len(docs), **score(docs, predictions),
                              "crashes": list(crashes)}
    result["offset_mismatches"] = sum(d.offset_mismatches for d in docs)
    result["error_counts"] = dict(Counter(e["kind"] for e in errors))
    result["errors"] = errors[:MAX_ERRORS]
    result["notes"] = [f"{d.id}: {note}" for d in docs for note in d.notes]
    return result
