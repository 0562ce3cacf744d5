"""Export stored claims as brat standoff, in PolNeAR's layout, to read them in an annotation tool.

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

This is the layout ``newsledger.evaluate.attribution.read_brat`` reads, so an
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

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsledger.store import Store

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


def write_brat(store: Store, folder: str | Path, flat: bool = False) -> int:
    """Write a .txt and a .ann for every stored item; return the number of .ann files written."""
    folder = Path(folder)
    text_dir, ann_dir = (folder, folder) if flat else (folder / "text", folder / "attributions")
    text_dir.mkdir(parents=True, exist_ok=True)
    ann_dir.mkdir(parents=True, exist_ok=True)
    if flat:
        (folder / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")
    claims = _claims_by_item(store)
    used: set[str] = set()
    written = 0
    for item_id, source, text in store.conn.execute("SELECT id, source, text FROM items ORDER BY rowid"):
        name = _unique(safe_name(source, item_id), item_id, used)
        with (text_dir / f"{name}.txt").open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)  # newline="": offsets count every character, \r included
        with (ann_dir / f"{name}.ann").open("w", encoding="utf-8", newline="") as handle:
            handle.write(ann_text(text, claims.get(item_id, [])))
        written += 1
    return written


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


def _claims_by_item(store: Store) -> dict[str, list[dict[str, list[Pair]]]]:
    """Every stored claim as role -> spans, grouped by item, in text order.

    The content's pieces come from the JSON column ``content_spans`` when the
    table has it (``content_start``/``content_end`` then run from the first
    piece to the last, over whatever lies between); without it, the content
    is the one span ``content_start``..``content_end``.
    """
    columns = {row[1] for row in store.conn.execute("PRAGMA table_info(claims)")}
    spans_column = ", c.content_spans" if "content_spans" in columns else ""
    sql = (
        "SELECT a.item_id, c.id, c.source_start, c.source_end, c.cue_start, c.cue_end,"
        f" c.content_start, c.content_end{spans_column}"
        " FROM claims c JOIN articles a ON a.id = c.article_id ORDER BY a.item_id, c.rowid"
    )
    by_item: dict[str, list[dict[str, list[Pair]]]] = defaultdict(list)
    for row in store.conn.execute(sql):
        item_id, _, source_start, source_end, cue_start, cue_end, content_start, content_end = row[:8]
        content = _content_spans(row[8] if spans_column else None) or _pairs((content_start, content_end))
        roles = {"Source": _pairs((source_start, source_end)), "Cue": _pairs((cue_start, cue_end)),
                 "Content": content}
        by_item[item_id].append(roles)
    for claims in by_item.values():
        claims.sort(key=lambda roles: min((s for spans in roles.values() for s, _ in spans), default=0))
    return by_item


def _pairs(*candidates: tuple[Any, Any]) -> list[Pair]:
    """The (start, end) pairs that are whole: a claim without a source stores NULLs."""
    return [(int(s), int(e)) for s, e in candidates if s is not None and e is not None]


def _content_spans(value: Any) -> list[Pair]:
    """The ``content_spans`` JSON column ([[start, end], ...]); empty when absent or unreadable."""
    if not value:
        return []
    try:
        spans = json.loads(value)
        return [(int(s["start"]), int(s["end"])) if isinstance(s, dict) else (int(s[0]), int(s[1]))
                for s in spans]
    except (TypeError, ValueError, KeyError, IndexError):
        return []


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
