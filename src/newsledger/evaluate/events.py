"""Score the events extractor against CASE 2021 task 2 gold (fine-grained event classification).

The gold is a TSV with a header and the columns ``id``, ``EventSnippet`` and
``SubType`` (one of CASE 2021's 30 codes); fields holding a quote are quoted
and their quotes doubled, as ``csv`` writes them. Each snippet is one article
with no title and no date, ingested as a JSONL line ``{id, text}`` is, into a
temporary ledger, and what was stored is scored: the accuracy measured is the
accuracy of what ships. The gold code maps to ACLED's event type and
sub-event type through the cue book's ``[kinds]`` (type "none" for the five
kinds ACLED does not code); the prediction is the article's main event
(``events[0]``), and an article with no event is predicted "none".

The measures:

* event type: accuracy, and macro-F1 over the classes (ACLED's six types and
  "none") that occur in the gold or the predictions, as scikit-learn
  averages by default (on the CASE dev set all seven occur);
* per class: precision, recall, F1 and support, and the confusion table;
* sub-event type: accuracy over the snippets whose gold is an ACLED event
  (type and sub-event type both right);
* "none" recall: over the snippets of the five non-ACLED kinds, and per kind.

Each figure is read against the target issue 21 sets for it.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsledger.evaluate import GoldError, prf
from newsledger.extract.events import ACLED_TYPES, NOT_ACLED, Kind, cue_book

if TYPE_CHECKING:
    from newsledger.ledger import Ledger

#: The event-type classes, in the codebook's order, "none" last.
CLASSES = (*ACLED_TYPES, NOT_ACLED)
#: Three-letter labels for the confusion table's columns (the legend spells them out).
SHORT = dict(zip(CLASSES, ("BAT", "EXP", "VAC", "PRO", "RIO", "STR", "NON")))
#: Issue 21's targets: each figure must reach its target.
TARGETS = {"type_accuracy": 0.85, "type_macro_f1": 0.80, "sub_type_accuracy": 0.70, "none_recall": 0.80}
#: The columns of CASE 2021 task 2's files.
COLUMNS = ("id", "EventSnippet", "SubType")
#: How much of a snippet an error shows.
ERROR_TEXT_CHARS = 160


@dataclass(frozen=True)
class Snippet:
    """One gold row: its id, text, CASE code mapped to ACLED's types, and the line it starts on."""

    id: str
    text: str
    kind: Kind
    line: int


@dataclass(frozen=True)
class Prediction:
    """The main event's type and sub-event type (type "none", sub-type None: no event), and its words."""

    type: str = NOT_ACLED
    sub_type: str | None = None
    trigger: str | None = None


# -- reading the gold --------------------------------------------------------


def read_case(path: str | Path) -> list[Snippet]:
    """The snippets of a CASE 2021 task 2 TSV, every row checked before anything is ingested.

    ``GoldError`` names the file, the line and the problem: not UTF-8, empty,
    a column missing, a row with too few fields or an unbalanced quote, an
    empty id or snippet, a code the cue book does not know, an id used twice.
    """
    text = _decoded(Path(path))
    kinds = cue_book().kinds
    rows = _rows(path, text)
    header = next(rows, None)
    if header is None:
        raise GoldError(f"{path}: empty file (a CASE 2021 TSV has a header: {', '.join(COLUMNS)})")
    line, names = header
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise GoldError(f"{path}:{line}: no column {', '.join(missing)} (the header has {', '.join(names)})")
    snippets: list[Snippet] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        if len(row) != len(names):
            raise GoldError(f"{path}:{line}: {len(row)} fields, the header has {len(names)}")
        snippet = _snippet(path, line, dict(zip(names, row)), kinds)
        if snippet.id in first_line:
            raise GoldError(f"{path}:{line}: id {snippet.id!r} again (first on line {first_line[snippet.id]})")
        first_line[snippet.id] = line
        snippets.append(snippet)
    if not snippets:
        raise GoldError(f"{path}:{line}: no snippets after the header")
    return snippets


def _decoded(path: Path) -> str:
    """The file as UTF-8 (a byte-order mark dropped); an undecodable byte is named by its line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GoldError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GoldError(f"{path}:{line}: not UTF-8 (byte 0x{data[error.start]:02x})") from None


def _rows(path: str | Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, its fields) of each non-blank row; a row running over lines is an error.

    Quoted fields are read as ``csv`` writes them (``""`` inside is one
    quote); a quote opened and never closed would swallow the rows after it,
    so a field holding a line break is refused rather than read.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if reader.line_num > start:  # the file ended inside the quote
                raise GoldError(f"{path}:{start}: a quote opened on this line is never closed") from None
            raise GoldError(f"{path}:{start}: not a TSV row ({error})") from None
        if reader.line_num > start:
            raise GoldError(f"{path}:{start}: a quoted field runs on to line {reader.line_num} (a quote left open?)")
        if row and any(field.strip() for field in row):
            yield start, row
        start = reader.line_num + 1


def _snippet(path: str | Path, line: int, row: dict[str, str], kinds: dict[str, Kind]) -> Snippet:
    key, text, code = row["id"].strip(), row["EventSnippet"], row["SubType"].strip()
    if not key:
        raise GoldError(f"{path}:{line}: empty id")
    if not text.strip():
        raise GoldError(f"{path}:{line}: empty EventSnippet")
    if code not in kinds:
        raise GoldError(f"{path}:{line}: SubType {code!r} is not a CASE 2021 code")
    return Snippet(key, text, kinds[code], line)


# -- predicting --------------------------------------------------------------


def write_jsonl(snippets: Sequence[Snippet], path: Path) -> Path:
    """The snippets as the JSONL ingest reads, one ``{id, text}`` line each: one article a snippet."""
    lines = (json.dumps({"id": s.id, "text": s.text}, ensure_ascii=False) + "\n" for s in snippets)
    path.write_text("".join(lines), encoding="utf-8")
    return path


def predict(ledger: Ledger) -> dict[str, Prediction]:
    """JSONL id -> the main event of the item's first stored article, as the ledger returns it."""
    predicted: dict[str, Prediction] = {}
    for article in ledger.records():
        if article.item in predicted:
            continue
        main = article.events[0] if article.events else None
        if main is None:
            predicted[article.item] = Prediction()
        else:
            trigger = main.trigger.text if main.trigger is not None else None
            predicted[article.item] = Prediction(main.type, main.sub_type, trigger)
    return predicted


# -- scoring -----------------------------------------------------------------


def score(gold: Sequence[Kind], predicted: Sequence[Prediction]) -> dict[str, Any]:
    """Every figure of gold kinds against predictions, pair by pair; rounded to 4 places.

    Targets are judged on the exact fractions, so a figure just under its
    target is "not met" however it rounds.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold snippets")
    pairs = list(zip(gold, predicted))
    confusion = Counter((g.type, p.type) for g, p in pairs)
    right = sum(confusion[c, c] for c in CLASSES)
    per_class = {c: _class_figures(c, confusion) for c in CLASSES}
    seen = [c for c in CLASSES if per_class[c]["support"] or per_class[c]["predicted"]]
    # F1 = 2 TP / (predicted + support), exact here: the rounded per-class figures are for reading
    f1 = [2 * confusion[c, c] / (per_class[c]["predicted"] + per_class[c]["support"]) for c in seen]
    acled = [(g, p) for g, p in pairs if g.acled]
    sub_right = sum(1 for g, p in acled if (p.type, p.sub_type) == (g.type, g.sub_type))
    others = [(g, p) for g, p in pairs if not g.acled]
    none_right = sum(1 for _, p in others if p.type == NOT_ACLED)
    exact = {
        "type_accuracy": _share(right, len(pairs)),
        "type_macro_f1": sum(f1) / len(f1) if f1 else 0.0,
        "sub_type_accuracy": _share(sub_right, len(acled)),
        "none_recall": _share(none_right, len(others)),
    }
    return {
        "snippets": len(pairs),
        **{name: round(value, 4) for name, value in exact.items()},
        "type_right": right,
        "macro_f1_classes": seen,
        "acled_snippets": len(acled),
        "sub_type_right": sub_right,
        "none_snippets": len(others),
        "none_right": none_right,
        "targets": {
            name: {"target": target, "value": round(exact[name], 4), "met": exact[name] >= target}
            for name, target in TARGETS.items()
        },
        "per_class": per_class,
        "none_per_kind": _per_kind(others),
        "confusion": {"classes": list(CLASSES), "counts": [[confusion[g, p] for p in CLASSES] for g in CLASSES]},
    }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _class_figures(name: str, confusion: Counter[tuple[str, str]]) -> dict[str, Any]:
    """Precision, recall, F1 (``prf``'s rounding), support and how often the class was predicted."""
    hits = confusion[name, name]
    support = sum(n for (g, _), n in confusion.items() if g == name)
    predicted = sum(n for (_, p), n in confusion.items() if p == name)
    figures = prf("class", hits, predicted, support)
    return {
        "precision": figures["class_precision"],
        "recall": figures["class_recall"],
        "f1": figures["class_f1"],
        "support": support,
        "predicted": predicted,
    }


def _per_kind(others: list[tuple[Kind, Prediction]]) -> dict[str, dict[str, Any]]:
    """For each non-ACLED kind: support, how many were predicted "none" (recall), and of the right kind."""
    kinds: dict[str, dict[str, Any]] = {}
    for kind in (k for k in cue_book().kinds.values() if not k.acled):
        mine = [p for g, p in others if g.sub_type == kind.sub_type]
        none = sum(1 for p in mine if p.type == NOT_ACLED)
        kinds[kind.sub_type] = {
            "code": kind.code,
            "support": len(mine),
            "none": none,
            "recall": round(_share(none, len(mine)), 4),
            "kind_right": sum(1 for p in mine if p.type == NOT_ACLED and p.sub_type == kind.sub_type),
        }
    return kinds


def misclassified(gold: Sequence[Snippet], predicted: dict[str, Prediction], limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` snippets scored wrong: a wrong event type first, then (ACLED gold) a wrong sub-event
    type, each in file order, with the trigger and the snippet's start."""
    wrong_type, wrong_sub = [], []
    for snippet in gold:
        guess = predicted.get(snippet.id, Prediction())
        if guess.type != snippet.kind.type:
            wrong_type.append((snippet, guess, "type"))
        elif snippet.kind.acled and guess.sub_type != snippet.kind.sub_type:
            wrong_sub.append((snippet, guess, "sub_type"))
    return [
        {
            "id": s.id,
            "line": s.line,
            "wrong": wrong,
            "gold_code": s.kind.code,
            "gold_type": s.kind.type,
            "gold_sub_type": s.kind.sub_type,
            "type": p.type,
            "sub_type": p.sub_type,
            "trigger": p.trigger,
            "text": s.text[:ERROR_TEXT_CHARS],
        }
        for s, p, wrong in (wrong_type + wrong_sub)[:limit]
    ]


def report(
    gold: Sequence[Snippet],
    predicted: dict[str, Prediction],
    data: str = "",
    ingest_errors: Sequence[str] = (),
    errors: int = 0,
) -> dict[str, Any]:
    """The figures, which snippets were not stored (scored as "no event"), and up to ``errors`` errors."""
    guesses = [predicted.get(s.id, Prediction()) for s in gold]
    result: dict[str, Any] = {"data": data, **score([s.kind for s in gold], guesses)}
    result["unstored"] = sum(1 for s in gold if s.id not in predicted)
    result["ingest_errors"] = list(ingest_errors)
    result["errors"] = misclassified(gold, predicted, errors)
    return result
