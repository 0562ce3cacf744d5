"""Score the time-expression tagger against gold data nobody on this project wrote.

* TempEval-3 TimeML (``.tml``, TimeBank + AQUAINT): the DCT is the TIMEX3 in
  ``<DCT>``; the text is ``<TEXT>`` with every tag removed, and the gold
  TIMEX3s are the ones inside ``<TEXT>``, with offsets into that text.
* MEANTIME CAT XML: the text is rebuilt from the tokens (one space between
  tokens, a newline between sentences) because the corpus has no raw text;
  gold TIMEX3s are the markables with token anchors. Only the title, the
  dateline and the first few sentences are annotated (markables stop at the
  sixth sentence), so system timexes after the last annotated sentence are
  not scored.

The measures are TempEval-3's for time expressions: strict span (exact
offsets), relaxed span (any overlap, one-to-one), and value and type "F1":
among relaxed matches, those with the right value (or type), over all system
timexes for precision and over all gold timexes for recall.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from newsledger.config import PipelineConfig
from newsledger.evaluate import prf
from newsledger.model import Item
from newsledger.pipeline import Pipeline

MAX_ERRORS = 300


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3; offsets are into TimeDoc.text, id (tid or m_id) leads back to the file."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    id: str = ""


@dataclass
class TimeDoc:
    """One gold document: its plain text, its creation date and its gold timexes."""

    id: str
    text: str
    dct: datetime.date | None
    dct_value: str
    timexes: list[GoldTimex]
    notes: list[str] = field(default_factory=list)  # oddities met while reading
    annotated_until: int | None = None  # gold stops here (MEANTIME); None: the whole text

    def in_scope(self, timexes: list[Any]) -> list[Any]:
        """The timexes that start where the gold annotation covers the text."""
        if self.annotated_until is None:
            return list(timexes)
        return [t for t in timexes if t.start < self.annotated_until]


class SystemTimex(Protocol):
    """What score() needs of a system timex (``newsledger.extract.times.rules.Timex`` has it)."""

    start: int
    end: int
    text: str
    type: str
    value: str


# -- TimeML ------------------------------------------------------------------


def read_timeml(path: str | Path) -> TimeDoc:
    """A TempEval-3 ``.tml`` file as plain text, DCT and gold TIMEX3s with offsets."""
    root = ET.parse(path).getroot()
    text_element = root.find(".//TEXT")
    if text_element is None:
        raise ValueError(f"{path}: no <TEXT> element")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(text_element, pieces, timexes, 0)
    dct_value = _timeml_dct(root)
    doc_id = (root.findtext("DOCID") or Path(path).stem).strip()
    return TimeDoc(doc_id, "".join(pieces), _parse_dct(dct_value), dct_value, timexes)


def _flatten(element: ET.Element, pieces: list[str], timexes: list[GoldTimex], offset: int) -> int:
    """Append the element's text (tags dropped) to pieces, noting TIMEX3 spans; return the new offset.

    Walking text and tails ourselves, rather than ``itertext()``, is what lets
    us know where each TIMEX3 starts and ends in the joined text.
    """
    start = offset
    if element.text:
        pieces.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _flatten(child, pieces, timexes, offset)
        if child.tail:
            pieces.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3":
        text = "".join(element.itertext())
        timexes.append(
            GoldTimex(
                start,
                offset,
                text,
                element.get("type", ""),
                element.get("value", ""),
                element.get("mod") or None,
                element.get("tid", ""),
            )
        )
    return offset


def _timeml_dct(root: ET.Element) -> str:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            return timex.get("value", "")
    return ""


# -- MEANTIME ----------------------------------------------------------------


def read_meantime(path: str | Path) -> TimeDoc:
    """A MEANTIME CAT XML file: text rebuilt from tokens, DCT and gold TIMEX3s.

    MEANTIME anchors the creation time to the dateline tokens (Wikinews puts
    the date as the second sentence), so that TIMEX3 is gold like any other;
    only TIMEX3s without tokens (values the annotators inferred) are skipped.
    """
    root = ET.parse(path).getroot()
    text, tokens = _meantime_text(root)
    notes: list[str] = []
    timexes: list[GoldTimex] = []
    dct_value = ""
    markables = root.find("Markables")
    for markable in markables.iter("TIMEX3") if markables is not None else []:
        value = _fix_meantime_value(markable.get("value", ""), notes, markable.get("m_id", ""))
        if markable.get("functionInDocument") == "CREATION_TIME" and not dct_value:
            dct_value = value
        anchors = [tokens[a.get("t_id", "")] for a in markable.iter("token_anchor")]
        if not anchors:
            continue
        start = min(a.start for a in anchors)
        end = max(a.end for a in anchors)
        timexes.append(
            GoldTimex(
                start,
                end,
                text[start:end],
                markable.get("type", ""),
                value,
                markable.get("mod") or None,
                markable.get("m_id", ""),
            )
        )
    timexes.sort(key=lambda t: (t.start, t.end))
    if not dct_value:
        dct_value = _dateline(timexes, tokens)
        notes.append(f"no CREATION_TIME TIMEX3; DCT taken from the dateline ({dct_value or 'none found'})")
    doc_id = root.get("doc_id") or Path(path).stem
    until = _annotated_until(root, tokens)
    return TimeDoc(doc_id, text, _parse_dct(dct_value), dct_value, timexes, notes, until)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    sentence: str


def _meantime_text(root: ET.Element) -> tuple[str, dict[str, _Token]]:
    """The tokens joined by spaces, sentences by newlines, and each t_id's span and sentence."""
    pieces: list[str] = []
    tokens: dict[str, _Token] = {}
    offset = 0
    sentence = None
    for token in root.iter("token"):
        if sentence is not None:
            pieces.append(" " if token.get("sentence") == sentence else "\n")
            offset += 1
        sentence = token.get("sentence", "")
        word = token.text or ""
        tokens[token.get("t_id", "")] = _Token(offset, offset + len(word), sentence)
        pieces.append(word)
        offset += len(word)
    return "".join(pieces), tokens


def _annotated_until(root: ET.Element, tokens: dict[str, _Token]) -> int:
    """The end of the last sentence holding any markable (entity, event, timex...)."""
    anchored = [tokens[a.get("t_id", "")] for a in root.iter("token_anchor") if a.get("t_id") in tokens]
    if not anchored:
        return 0
    last = max(anchored, key=lambda t: t.start).sentence
    return max(t.end for t in tokens.values() if t.sentence == last)


def _dateline(timexes: list[GoldTimex], tokens: dict[str, _Token]) -> str:
    """The value of the first full date in the second sentence (Wikinews's dateline), or ""."""
    dateline = {(t.start, t.end) for t in tokens.values() if t.sentence == "1"}
    starts = {start for start, _ in dateline}
    ends = {end for _, end in dateline}
    for timex in timexes:
        if timex.start in starts and timex.end in ends and _parse_dct(timex.value):
            return timex.value
    return ""


def _fix_meantime_value(value: str, notes: list[str], m_id: str) -> str:
    """Repair a day-first date (``03-02-2009``, one MEANTIME DCT) to ISO; note the repair.

    Such a value is not TIMEX3 at all, so no tagger could ever match it. The
    annotators (FBK) write dates day first, and the one case in the corpus is
    the dateline "February 03, 2009".
    """
    match = re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value.strip())
    if not match:
        return value
    day, month, year = match.groups()
    fixed = f"{year}-{month}-{day}"
    notes.append(f"TIMEX3 m_id={m_id}: day-first value {value!r} read as {fixed}")
    return fixed


def _parse_dct(value: str) -> datetime.date | None:
    """The date of a DCT value such as ``1998-08-07`` or ``1998-02-13T14:26:00``."""
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# -- scoring -----------------------------------------------------------------


Pair = tuple[GoldTimex | None, SystemTimex | None]


def match(gold: list[GoldTimex], system: list[Any]) -> list[Pair]:
    """Pair gold and system timexes one-to-one by overlap; unpaired ones come with None.

    Exact spans are paired first, then the remaining overlapping pairs by
    overlap length, longest first, so a system timex is credited to the gold
    it covers most.
    """
    free_gold = set(range(len(gold)))
    free_system = set(range(len(system)))
    pairs: list[tuple[int, int]] = []
    candidates = sorted(
        ((g, s) for g in free_gold for s in free_system if _overlap(gold[g], system[s]) > 0),
        key=lambda gs: (not _same_span(gold[gs[0]], system[gs[1]]), -_overlap(gold[gs[0]], system[gs[1]]), gs),
    )
    for g, s in candidates:
        if g in free_gold and s in free_system:
            pairs.append((g, s))
            free_gold.discard(g)
            free_system.discard(s)
    result: list[Pair] = [(gold[g], system[s]) for g, s in sorted(pairs)]
    result += [(gold[g], None) for g in sorted(free_gold)]
    result += [(None, system[s]) for s in sorted(free_system)]
    return result


def _overlap(a: Any, b: Any) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _same_span(a: Any, b: Any) -> bool:
    return a.start == b.start and a.end == b.end


def same_value(a: str | None, b: str | None) -> bool:
    """TempEval-3 compares normalised values as strings, ignoring case and outer spaces."""
    return (a or "").strip().lower() == (b or "").strip().lower()


def score(pairs: list[tuple[list[GoldTimex], list[Any]]]) -> dict[str, Any]:
    """TempEval-3 timex figures over (gold, system) lists, one pair per document."""
    n_gold = n_system = strict = matched = value_right = type_right = 0
    for gold, system in pairs:
        n_gold += len(gold)
        n_system += len(system)
        for g, s in match(gold, system):
            if g is None or s is None:
                continue
            matched += 1
            strict += _same_span(g, s)
            value_right += same_value(g.value, s.value)
            type_right += same_value(g.type, s.type)
    figures: dict[str, Any] = {
        "gold": n_gold,
        "system": n_system,
        "matched": matched,
        "strict_matched": strict,
        "value_correct": value_right,
        "type_correct": type_right,
    }
    for name, hits in (("strict", strict), ("relaxed", matched), ("value", value_right), ("type", type_right)):
        figures.update(prf(name, hits, n_system, n_gold))
    return figures


# -- running the tagger ------------------------------------------------------


def evaluate_timeml(folder: str | Path) -> dict[str, Any]:
    """Tag every ``.tml`` under folder (recursively) and score it."""
    return evaluate([read_timeml(p) for p in sorted(Path(folder).rglob("*.tml"))], str(folder))


def evaluate_meantime(folder: str | Path) -> dict[str, Any]:
    """Tag every MEANTIME ``.xml`` under folder (recursively) and score it.

    Give it ``intra-doc_annotation``: the corpus root also holds
    ``intra_cross-doc_annotation``, the same 120 articles again.
    """
    return evaluate([read_meantime(p) for p in sorted(Path(folder).rglob("*.xml"))], str(folder))


def evaluate(docs: list[TimeDoc], data: str = "", config: PipelineConfig | None = None) -> dict[str, Any]:
    """Run the pipeline up to times over every document (spaCy once over all); figures and errors.

    Each document is one plain-text item published on its creation date,
    kept whole as one article (``--layout none``), so the tagger sees what
    ingest would hand it. A document on which the tagger raises counts as
    tagged with nothing and is listed under "crashes", so one bug does not
    hide the figures of the rest.
    """
    items = [
        Item(source=d.id, text=d.text, format="text", path=d.id, published=d.dct.isoformat() if d.dct else None)
        for d in docs
    ]
    pipeline = Pipeline(config or PipelineConfig(only=("times",), layout="none"))
    crashes: list[dict[str, str]] = []
    found: dict[int, list[Any]] = {}
    for done in pipeline.run(items, lambda error: crashes.append({"doc": error.path, "error": error.message})):
        found[id(done.item)] = [t for facts in done.facts for t in facts.found.get("times", [])]
    pairs = [(doc.timexes, doc.in_scope(found.get(id(item), []))) for doc, item in zip(docs, items)]
    errors = [e for doc, (gold, system) in zip(docs, pairs) for e in errors_of(doc, gold, system)]
    result = {"data": data, "docs": len(docs), **score(pairs), "crashes": crashes}
    result["error_counts"] = dict(Counter(e["kind"] for e in errors))
    result["errors"] = errors[:MAX_ERRORS]
    result["notes"] = [f"{d.id}: {note}" for d in docs for note in d.notes]
    return result


def errors_of(doc: TimeDoc, gold: list[GoldTimex], system: list[Any]) -> list[dict[str, Any]]:
    """Missed, spurious and wrong-value timexes of one document, in text order."""
    errors: list[dict[str, Any]] = []
    for g, s in match(gold, system):
        if g is not None and s is not None and same_value(g.value, s.value):
            continue
        kind = "missed" if s is None else "spurious" if g is None else "wrong_value"
        anchor = g if g is not None else s
        assert anchor is not None  # match never pairs None with None
        errors.append(
            {
                "doc": doc.id,
                "kind": kind,
                "dct": doc.dct_value,
                "start": anchor.start,
                "context": _context(doc.text, anchor.start, anchor.end),
                "gold": None if g is None else {"text": g.text, "type": g.type, "value": g.value, "mod": g.mod},
                "system": None
                if s is None
                else {"text": s.text, "type": s.type, "value": s.value, "mod": getattr(s, "mod", None)},
            }
        )
    errors.sort(key=lambda e: e["start"])
    return errors


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    """The expression in [brackets] with some text either side, on one line."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())
