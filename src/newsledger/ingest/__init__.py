"""Ingest: turn paths on disk into ``Item``s (or one-line ``IngestError``s).

Plain-text files, folders of them (recursively), JSONL (one object per line,
``text`` required) and HTML pages (main text and metadata through trafilatura).
Nothing here raises for bad input: every problem becomes an ``IngestError``
naming the file (and line), and the rest of the batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsledger.ingest.dates import normalise_published
from newsledger.ingest.html import read_html
from newsledger.ingest.jsonl import read_jsonl
from newsledger.ingest.text import decode_text
from newsledger.model import IngestError, Item

__all__ = ["READABLE_SUFFIXES", "estimate_items", "normalise_published", "read_paths"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
READABLE_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES


def read_paths(
    paths: Iterable[str],
    published: str | None = None,
    outlet: str | None = None,
) -> Iterator[Item | IngestError]:
    """Yield every item found under ``paths``, in a stable order.

    ``published`` and ``outlet`` fill in items that carry none of their own.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = list(_files_under(path))
            if not files:
                yield IngestError(given, "folder holds no readable files (.txt, .jsonl, .html)")
            for file in files:
                yield from _read_file(str(file), published, outlet)
        elif path.exists():
            yield from _read_file(given, published, outlet)
        else:
            yield IngestError(given, "no such file or folder")


def _files_under(folder: Path) -> Iterator[Path]:
    """Readable files below ``folder``, sorted, hidden files and folders skipped."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            file = Path(root) / name
            if not name.startswith(".") and file.suffix.lower() in READABLE_SUFFIXES:
                yield file


def _read_file(path: str, published: str | None, outlet: str | None) -> Iterator[Item | IngestError]:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        yield IngestError(path, f"cannot read file ({error.strerror or error})")
        return
    decoded = decode_text(path, data)
    if isinstance(decoded, IngestError):
        yield decoded
        return
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, decoded, published, outlet)
    elif suffix in HTML_SUFFIXES or _looks_like_html(decoded):
        yield read_html(path, decoded, published, outlet)
    else:
        yield Item(
            source=path,
            text=decoded,
            format="text",
            path=path,
            published=published,
            outlet=outlet,
        )


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def estimate_items(paths: Iterable[str]) -> int:
    """A quick count of the items under ``paths`` (JSONL lines, other files), for progress bars."""
    total = 0
    for given in paths:
        path = Path(given)
        files = list(_files_under(path)) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            if file.suffix.lower() in JSONL_SUFFIXES:
                try:
                    with open(file, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total
