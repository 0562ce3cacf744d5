"""Ingest: turn paths on disk into ``Item``s (or one-line ``IngestError``s).

Plain-text files, folders of them (recursively), JSONL (one object per line,
``text`` required) and HTML pages (main text and metadata through trafilatura).
Nothing here raises for bad input: every problem becomes an ``IngestError``
naming the file (and line), and the rest of the batch goes on.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsledger.ingest.dates import normalise_published
from newsledger.ingest.files import count_lines, files_under, path_stat, read_regular
from newsledger.ingest.html import decode_html, read_html
from newsledger.ingest.jsonl import read_jsonl_file
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
    Only regular files are read (a FIFO, a device or a socket is one error
    line, never a hang), text and HTML files up to ``MAX_FILE_BYTES``, JSONL
    files as a stream of lines.
    """
    for given in paths:
        found = path_stat(given)
        if isinstance(found, IngestError):
            yield found
        elif stat.S_ISDIR(found.st_mode):
            yield from _read_folder(given, published, outlet)
        else:
            yield from _read_file(given, published, outlet)


def _read_folder(folder: str, published: str | None, outlet: str | None) -> Iterator[Item | IngestError]:
    anything = False
    for file in files_under(folder, READABLE_SUFFIXES):
        anything = True
        if isinstance(file, IngestError):
            yield file
        else:
            yield from _read_file(str(file), published, outlet)
    if not anything:
        yield IngestError(folder, "folder holds no readable files (.txt, .jsonl, .html)")


def _read_file(path: str, published: str | None, outlet: str | None) -> Iterator[Item | IngestError]:
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, published, outlet)
        return
    data = read_regular(path)
    if isinstance(data, IngestError):
        yield data
        return
    if suffix in HTML_SUFFIXES:
        yield _html_item(path, data, published, outlet)
        return
    decoded = decode_text(path, data)
    if isinstance(decoded, IngestError):
        yield decoded
    elif _looks_like_html(decoded):
        yield _html_item(path, data, published, outlet)
    else:
        yield Item(source=path, text=decoded, format="text", path=path, published=published, outlet=outlet)


def _html_item(path: str, data: bytes, published: str | None, outlet: str | None) -> Item | IngestError:
    """A page decoded by its own charset declaration, then read."""
    page = decode_html(path, data)
    return page if isinstance(page, IngestError) else read_html(path, page, published, outlet)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def estimate_items(paths: Iterable[str]) -> int:
    """A quick count of the items under ``paths`` (JSONL lines, other files), for progress bars.

    It opens files the way reading does (regular files only, links not looped), so it cannot hang
    where reading would not.
    """
    total = 0
    for given in paths:
        found = path_stat(given)
        if isinstance(found, IngestError):
            continue
        files = files_under(given, READABLE_SUFFIXES) if stat.S_ISDIR(found.st_mode) else [Path(given)]
        for file in files:
            if isinstance(file, Path) and file.suffix.lower() in JSONL_SUFFIXES:
                total += count_lines(str(file))
            elif isinstance(file, Path):
                total += 1
    return total
