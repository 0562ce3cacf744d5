"""Opening input files safely: only regular files, never more than a size limit, never a hang.

A path on the command line can name anything: a FIFO (reading it waits for a
writer forever), ``/dev/zero`` (endless), a symbolic link loop, a 40 GB dump.
Everything here answers with bytes (or an open binary handle) or with the one
line that says why not; nothing raises for what the path turns out to be.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from newsledger.model import IngestError

#: A text or HTML file is read whole: one item. 64 MiB is far beyond any article or page (a whole
#: year of one outlet's text is smaller), and small enough that decoding it cannot exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: JSONL files are streamed line by line, so a file may be any size; one line is one article.
MAX_JSONL_LINE_BYTES = 64 * 1024 * 1024

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def megabytes(size: int) -> str:
    """``64 MB``: sizes in error lines, rounded the way a person says them."""
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a FIFO", "a character device", ...)."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def os_problem(path: str, error: OSError) -> str:
    """One line for an ``OSError`` met while looking at ``path``: loops and dangling links said plainly."""
    if error.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(path):
            return f"dangling symbolic link (it points to {os.readlink(path)!r}, which does not exist)"
        return "no such file or folder"
    return f"cannot read file ({error.strerror or error})"


def path_stat(path: str) -> os.stat_result | IngestError:
    """``os.stat`` (links followed) or the line that says why the path cannot be used."""
    try:
        return os.stat(path)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        if isinstance(error, ValueError):
            return IngestError(path, "not a usable path (it contains a NUL character)")
        return IngestError(path, os_problem(path, error))


def open_regular(path: str) -> BinaryIO | IngestError:
    """Open ``path`` for binary reading if it is a regular file, else say what it is.

    The type is checked before opening (so a FIFO is never opened for a blocking
    read) and again on the open descriptor (so a file swapped for a FIFO in between
    is caught too); opening with ``O_NONBLOCK`` means even that swap cannot hang.
    """
    found = path_stat(path)
    if isinstance(found, IngestError):
        return found
    if not stat.S_ISREG(found.st_mode):
        return IngestError(path, f"not a regular file ({kind_of(found.st_mode)})")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return IngestError(path, os_problem(path, error))
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        return IngestError(path, f"not a regular file ({kind_of(mode)})")
    return os.fdopen(descriptor, "rb")


def read_regular(path: str, limit: int | None = None) -> bytes | IngestError:
    """The whole content of a regular file of at most ``limit`` bytes (``MAX_FILE_BYTES`` by default).

    The size is checked before reading, and at most ``limit + 1`` bytes are ever read,
    because some files (``/proc``) say they are empty and are not.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    handle = open_regular(path)
    if isinstance(handle, IngestError):
        return handle
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            return too_large(path, size, limit)
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            return IngestError(path, os_problem(path, error))
    if len(data) > limit:
        return too_large(path, None, limit)
    return data


def too_large(path: str, size: int | None, limit: int) -> IngestError:
    said = f"{megabytes(size)}" if size is not None else f"more than {megabytes(limit)}"
    return IngestError(path, f"file too large ({said}; the limit for one text or HTML file is {megabytes(limit)})")


def files_under(folder: str, readable: set[str]) -> Iterator[Path | IngestError]:
    """Files below ``folder`` whose suffix is in ``readable``, sorted, hidden files and folders skipped.

    Linked folders are followed, each real folder once, so a link back up the tree
    cannot loop. A subfolder that cannot be listed is one error line; a linked file
    that loops or dangles is yielded like any file, and reading it says so.
    """
    seen: set[tuple[int, int]] = set()
    found = path_stat(folder)
    if not isinstance(found, IngestError):
        seen.add((found.st_dev, found.st_ino))
    errors: list[OSError] = []
    for root, dirs, names in os.walk(folder, followlinks=True, onerror=errors.append):
        while errors:
            error = errors.pop(0)
            yield IngestError(str(error.filename or root), f"cannot read folder ({error.strerror or error})")
        dirs[:] = [d for d in sorted(dirs) if not d.startswith(".") and _first_visit(Path(root) / d, seen)]
        for name in sorted(names):
            file = Path(root) / name
            if not name.startswith(".") and file.suffix.lower() in readable:
                yield file
    for error in errors:
        yield IngestError(str(error.filename or folder), f"cannot read folder ({error.strerror or error})")


def _first_visit(folder: Path, seen: set[tuple[int, int]]) -> bool:
    try:
        info = os.stat(folder)
    except OSError:
        return False
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def count_lines(path: str) -> int:
    """Lines in a regular file, counted in fixed-size chunks (memory stays flat), 1 when it cannot be read."""
    handle = open_regular(path)
    if isinstance(handle, IngestError):
        return 1
    lines, last = 0, b"\n"
    with handle:
        try:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        except OSError:
            return max(lines, 1)
    return lines + (last != b"\n")
