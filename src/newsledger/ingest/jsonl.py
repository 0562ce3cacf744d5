"""JSONL input: one article object per line; ``text`` required."""

from __future__ import annotations

import json
from collections.abc import Iterator

from newsledger.ingest.dates import normalise_published
from newsledger.model import IngestError, Item

OPTIONAL_FIELDS = ("id", "title", "published", "outlet", "url")


def read_jsonl(path: str, text: str, published: str | None, outlet: str | None) -> Iterator[Item | IngestError]:
    """Yield one ``Item`` per good line and one ``IngestError`` per bad one.

    Lines that fail (not JSON, not an object, no ``text``) are reported with
    their line number; the good lines around them are still read.
    """
    # Only "\n" ends a JSONL line: U+2028 and friends are legal inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        yield _read_line(path, number, line, published, outlet)


def _read_line(path: str, number: int, line: str, published: str | None, outlet: str | None) -> Item | IngestError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return IngestError(path, f"not valid JSON ({error.msg} at column {error.colno})", number)
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
