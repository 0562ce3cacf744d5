"""brat standoff, in PolNeAR's layout: reading gold attributions and writing stored claims.

Reading (``read_brat``), as ``newsledger eval attribution`` scores it:

PolNeAR (Newell, Margolin & Ruths, LREC 2018) marks every attribution in 924
US political news articles as Source, Cue and Content spans. Its layout, which
``write_brat`` writes too:

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

Writing (``write_brat``), as ``newsledger export --format brat`` does:

One pair of files per item (the whole text read, so offsets are the
database's own ``start``/``end``):

    FOLDER/text/NAME.txt            the item's text, byte for byte
    FOLDER/attributions/NAME.ann    one block per claim:

    T1  Source START END    text
    T2  Cue START END       text
    T3  Content START END   text        (one T-line per content span)
    T4  Attribution START END text      (from the claim's first span to its last)
    E1  Attribution:T4 Content:T3 Cue:T2 Source:T1

A claim without a source is ``Attribution-no-source``, PolNeAR's type for it.

This is the layout ``read_brat`` reads, so an
export can be scored or compared with PolNeAR as it is. brat and INCEpTION
want ``NAME.txt`` beside ``NAME.ann``: ``flat=True`` writes them that way,
with an ``annotation.conf`` declaring the types.

A span that runs over a line break is written as brat writes one itself:
one fragment per line (``START END;START END``, text joined by a space), so
every annotation stays on one line of the ``.ann``. Repeated roles are
numbered as brat numbers them (``Content2``). Every item gets its ``.ann``,
an empty one when no claim was found in it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsledger.model import Span
from newsledger.outfile import output_file, refuse_unsafe_target

if TYPE_CHECKING:
    from newsledger.ledger import Ledger

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


def read_document(
    text_path: str | Path, ann_paths: Sequence[str | Path], metadata: Mapping[str, str] | None = None
) -> BratDoc:
    """A text and its annotators' .ann files; the first in sorted order is gold."""
    text_path = Path(text_path)
    text = _read_exact(text_path)
    paths = sorted(Path(p) for p in ann_paths)
    gold = paths[0]
    doc = BratDoc(
        text_path.stem, text, [], str(gold), annotators=[p.stem[len(text_path.stem) + 1 :] or "-" for p in paths]
    )
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
                    doc.notes.append(
                        f"{e_id}: {role} points at a {bounds[t_id].label} T-line ({t_id}); the role decides"
                    )
                roles[base].extend(bounds[t_id].spans)
        if not roles["Cue"] and not roles["Content"]:
            doc.notes.append(f"{e_id}: no cue and no content; left out of the gold")
            continue
        if (label == "Attribution-no-source") == bool(roles["Source"]):
            having = "with" if roles["Source"] else "without"
            doc.notes.append(f"{e_id}: {label} {having} a Source role; the roles decide")
        result.append(GoldAttribution(e_id, label, *(sorted(roles[r], key=span_key) for r in ROLES)))
    return result


def span_key(span: Span) -> tuple[int, int]:
    """Spans sort by where they start, then where they end."""
    return span.start, span.end


# -- writing ---------------------------------------------------------------


ANNOTATION_CONF = """[entities]
Source
Cue
Content

[relations]

[events]
Attribution\tSource?:Source, Cue?:Cue, Content*:Content
Attribution-no-source\tCue?:Cue, Content*:Content

[attributes]
"""

# Every character str.splitlines() breaks at: brat reads the .ann line by line.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

Pair = tuple[int, int]


def write_brat(ledger: Ledger, folder: str | Path, flat: bool = False) -> int:
    """Write a .txt and a .ann for every stored item; return the number of .ann files written.

    Each file is written whole or not at all (``newsledger.outfile``), never
    over the ledger or another database: an interrupted export leaves whole
    files behind, which a rerun replaces. ``OutputRefused`` when ``folder``
    or a file in it is a database."""
    folder = Path(folder)
    protect = [ledger.store.path]
    refuse_unsafe_target(folder, protect)
    text_dir, ann_dir = (folder, folder) if flat else (folder / "text", folder / "attributions")
    text_dir.mkdir(parents=True, exist_ok=True)
    ann_dir.mkdir(parents=True, exist_ok=True)
    if flat:
        _write(folder / "annotation.conf", ANNOTATION_CONF, protect)
    used: set[str] = set()
    written = 0
    for item in ledger.items():
        name = _unique(safe_name(item.source, item.id), item.id, used)
        _write(text_dir / f"{name}.txt", item.text, protect)
        claims = [_roles(claim) for article in item.articles for claim in ledger.claims(article=article, limit=None)]
        claims.sort(key=lambda roles: min((s for spans in roles.values() for s, _ in spans), default=0))
        _write(ann_dir / f"{name}.ann", ann_text(item.text, claims), protect)
        written += 1
    return written


def _write(path: Path, text: str, protect: list[str]) -> None:
    """One file, whole or not at all; newline="": offsets count every character, \\r included."""
    with output_file(path, protect, newline="") as handle:
        handle.write(text)


def _roles(claim: Any) -> dict[str, list[Pair]]:
    """A claim record as role -> (start, end) spans."""
    return {
        "Source": [(claim.source.start, claim.source.end)] if claim.source else [],
        "Cue": [(claim.cue.start, claim.cue.end)],
        "Content": [(part.start, part.end) for part in claim.content or []],
    }


def safe_name(source: str, item_id: str) -> str:
    """A file name from the item's source: path separators and odd characters become ``_``.

    ``../shared/seed/000_7b.txt`` -> ``shared_seed_000_7b``; the extension of
    the input file is dropped because ``.txt`` is added anyway.
    """
    name = re.sub(r"\.(txt|text|html?|jsonl)$", "", source.strip(), flags=re.IGNORECASE)
    name = _UNSAFE.sub("_", name).strip("._-")
    return name[:120] or item_id


def _unique(name: str, item_id: str, used: set[str]) -> str:
    """Two items from one source (a file edited and read again) keep separate files."""
    if name.lower() in used:
        name = f"{name}_{item_id[:12]}"
    used.add(name.lower())  # lower(): some file systems ignore case
    return name


def ann_text(text: str, claims: list[dict[str, list[Pair]]]) -> str:
    """The .ann of one item: T-lines and one E-line per claim, numbered from 1."""
    lines: list[str] = []
    t_number = e_number = 0
    for roles in claims:
        arguments: dict[str, list[str]] = {"Content": [], "Cue": [], "Source": []}  # E-line order
        claim_spans: list[Pair] = []
        for role in ("Source", "Cue", "Content"):  # T-line order, as in PolNeAR
            for span in roles.get(role, []):
                fragments = fragments_of(text, *span)
                if not fragments:
                    continue
                t_number += 1
                lines.append(_t_line(t_number, role, text, fragments))
                repeat = len(arguments[role]) + 1
                arguments[role].append(f"{role}{repeat if repeat > 1 else ''}:T{t_number}")
                claim_spans.append(span)
        if not claim_spans:
            continue
        t_number += 1
        trigger = "Attribution" if arguments["Source"] else "Attribution-no-source"  # PolNeAR's two types
        whole = fragments_of(text, min(s for s, _ in claim_spans), max(e for _, e in claim_spans))
        lines.append(_t_line(t_number, trigger, text, whole))
        e_number += 1
        roles_text = " ".join(a for role_arguments in arguments.values() for a in role_arguments)
        lines.append(f"E{e_number}\t{trigger}:T{t_number} {roles_text}")
    return "".join(line + "\n" for line in lines)


def fragments_of(text: str, start: int, end: int) -> list[Pair]:
    """The span cut at line breaks, blank pieces dropped; [] for a span outside the text."""
    if not 0 <= start < end <= len(text):
        return []
    fragments = []
    position = start
    for match in _LINE_BREAK.finditer(text, start, end):
        fragments.append((position, match.start()))
        position = match.end()
    fragments.append((position, end))
    return [(s, e) for s, e in fragments if text[s:e].strip()]


def _t_line(number: int, label: str, text: str, fragments: list[Pair]) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in fragments)
    return f"T{number}\t{label} {offsets}\t" + " ".join(text[s:e] for s, e in fragments)
