"""JSONL input: one article object per line; ``text`` required.

A JSONL file may hold a year of news (gigabytes), so a file is read as a
stream of binary lines, each at most ``MAX_JSONL_LINE_BYTES``: memory follows
the longest line, not the file. Every problem is confined to its line: a NUL
byte, a stray latin-1 byte or broken JSON fails that line only.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from newsledger.ingest.dates import normalise_published
from newsledger.ingest.files import MAX_JSONL_LINE_BYTES, megabytes, open_regular
from newsledger.ingest.text import bom_name
from newsledger.model import IngestError, Item

OPTIONAL_FIELDS = ("id", "title", "published", "outlet", "url")
#: A file whose first this many non-blank lines are all bad is not JSONL: reading stops with one more line.
MAX_BAD_LINES_BEFORE_A_GOOD_ONE = 100
#: How much of a line is read at a time when skipping the rest of one that is too long.
SKIP_CHUNK_BYTES = 1 << 20

#: How much of the start of a file tells a binary file from JSONL (as git looks at its first 8000 bytes).
BINARY_SNIFF_BYTES = 8192

Line = tuple[int, str | IngestError]


def _is_binary(start: bytes) -> bool:
    """NUL bytes *and* bytes that are not UTF-8 near the start: a picture or an archive, not JSONL.

    Either alone is a bad line in a real JSONL file, which fails only that line.
    """
    if b"\x00" not in start or bom_name(start):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return True
    return False


def read_jsonl_file(
    path: str, published: str | None, outlet: str | None, line_limit: int | None = None
) -> Iterator[Item | IngestError]:
    """Stream the JSONL file at ``path``: one ``Item`` per good line, one ``IngestError`` per bad one."""
    handle = open_regular(path)
    if isinstance(handle, IngestError):
        yield handle
        return
    with handle:
        start = handle.read(BINARY_SNIFF_BYTES)
        handle.seek(0)
        if _is_binary(start):
            yield IngestError(path, "binary file (NUL bytes and bytes that are not UTF-8), not JSONL")
            return
        name = bom_name(start)
        if name and name != "UTF-8":
            yield IngestError(
                path, f"JSONL must be UTF-8, and this file is {name} (it starts with a {name} byte-order mark)"
            )
            return
        lines = _lines(path, handle, MAX_JSONL_LINE_BYTES if line_limit is None else line_limit)
        yield from _records(path, lines, published, outlet)


def read_jsonl(path: str, text: str, published: str | None, outlet: str | None) -> Iterator[Item | IngestError]:
    """Yield one ``Item`` per good line of JSONL already in memory, one ``IngestError`` per bad one.

    Lines that fail (not JSON, not an object, no ``text``) are reported with
    their line number; the good lines around them are still read.
    """
    # Only "\n" ends a JSONL line: U+2028 and friends are legal inside JSON strings.
    numbered: Iterable[Line] = enumerate((line.removesuffix("\r") for line in text.split("\n")), start=1)
    yield from _records(path, numbered, published, outlet)


def _lines(path: str, handle: BinaryIO, limit: int) -> Iterator[Line]:
    """Numbered lines of a binary stream, decoded; a line too long or not UTF-8 is an error for that line."""
    number = 0
    while raw := handle.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield number, IngestError(path, f"line too long (more than {megabytes(limit)})", number)
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = raw[error.start : error.start + 1].hex()
            yield (
                number,
                IngestError(path, f"not UTF-8 text (byte 0x{bad} at byte {error.start + 1} of the line)", number),
            )


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while chunk := handle.readline(SKIP_CHUNK_BYTES):
        if chunk.endswith(b"\n"):
            return


def _records(
    path: str, lines: Iterable[Line], published: str | None, outlet: str | None
) -> Iterator[Item | IngestError]:
    """Items and errors for numbered lines: blank lines skipped, and reading stopped when the file plainly
    is not JSONL. An id reused for another text is not judged here: the ledger says so, across lines, files
    and runs alike, and keeps both texts."""
    good = bad = 0
    for number, line in lines:
        if isinstance(line, str):
            if not line.strip():
                continue
            found = _read_line(path, number, line, published, outlet)
        else:
            found = line
        if isinstance(found, Item):
            good += 1
        else:
            bad += 1
        yield found
        if not good and bad >= MAX_BAD_LINES_BEFORE_A_GOOD_ONE:
            yield IngestError(path, f"stopped reading: the first {bad} lines are all bad, so this is not JSONL", number)
            return


def _json_problem(error: json.JSONDecodeError) -> str:
    """json's message with its position said once ("Unterminated string starting at column 5")."""
    message = error.msg.removesuffix(" at")
    return f"not valid JSON ({message} at column {error.colno})"


def _read_line(path: str, number: int, line: str, published: str | None, outlet: str | None) -> Item | IngestError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return IngestError(path, _json_problem(error), number)
    except RecursionError:
        return IngestError(path, "not usable JSON (nested too deeply)", number)
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        return IngestError(path, f"not usable JSON ({error})", number)
    if not isinstance(record, dict):
        return IngestError(path, f"a JSON {type(record).__name__}, not an object", number)
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return IngestError(path, 'no "text" field (or it is empty or not a string)', number)
    problem = _field_problem(record)
    if problem:
        return IngestError(path, problem, number)
    try:
        item_published = normalise_published(record.get("published")) or published
    except ValueError as error:
        return IngestError(path, str(error), number)
    given_id = record.get("id")
    return Item(
        source=str(given_id) if given_id not in (None, "") else f"{path}:{number}",
        text=body,
        format="jsonl",
        path=path,
        line=number,
        title=_optional_str(record.get("title")),
        published=item_published,
        outlet=_optional_str(record.get("outlet")) or outlet,
        url=_optional_str(record.get("url")),
        given_id=str(given_id) if given_id not in (None, "") else None,
    )


def _field_problem(record: dict[str, object]) -> str | None:
    """Why a record's fields cannot be stored as given, or None: ids are strings or integers, the other
    fields strings, and no string may hold a lone surrogate (JSON allows "\\ud800"; UTF-8 does not)."""
    given_id = record.get("id")
    if given_id is not None and (isinstance(given_id, bool) or not isinstance(given_id, (str, int))):
        return f'"id" must be a string or an integer, not {type(given_id).__name__}'
    for name in ("text", "title", "outlet", "url"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f'"{name}" must be a string, not {type(value).__name__}'
    for name in ("id", "text", "title", "outlet", "url", "published"):
        value = record.get(name)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                return f'"{name}" holds a lone surrogate ({value[error.start]!r}), not valid text'
    return None


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
