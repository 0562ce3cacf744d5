"""The one way newsledger writes an output file: never onto a database, never half a file in place.

``newsledger export -o l.db`` with ``--db l.db`` once truncated the ledger
before reading it. So every file a command writes goes through
``output_file``:

* it refuses the ledger itself (the same file under any name, by
  ``os.path.samefile`` or by resolved path) and its ``-wal``, ``-shm`` and
  ``-journal`` companions, and any existing file that starts with SQLite's
  header: a database is never an export's target;
* it writes into a new temporary file in the target's folder, flushes and
  fsyncs it, and only then renames it over the target (``os.replace``, one
  step on POSIX and Windows). On an error or Ctrl-C the temporary file is
  removed and an existing target is left as it was.

A target that is not a regular file (``/dev/stdout``, a named pipe) is a
stream, not something to replace: it is written directly.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

SQLITE_HEADER = b"SQLite format 3\x00"
#: Files SQLite keeps beside a database while it is in use.
COMPANIONS = ("", "-wal", "-shm", "-journal")


class OutputRefused(Exception):
    """The target is a database (the ledger or another); the message names it and says why, on one line."""


def refuse_unsafe_target(target: str | Path, protect: Iterable[str | Path] = ()) -> None:
    """Raise ``OutputRefused`` when writing ``target`` would overwrite a ledger in ``protect`` or any database."""
    target = Path(target)
    for database in protect:
        for suffix in COMPANIONS:
            if _same_file(target, Path(f"{database}{suffix}")):
                what = "the ledger" if not suffix else f"the ledger's {suffix[1:]} file"
                raise OutputRefused(f"{target}: is {what} (--db {database}); write the export elsewhere")
    if _is_sqlite(target):
        raise OutputRefused(f"{target}: is an SQLite database; newsledger never writes an export over one")


def _same_file(a: Path, b: Path) -> bool:
    """The same file: one inode (a hard link, another spelling), or the same path once links are resolved."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:  # one of them does not exist (yet)
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def _is_sqlite(path: Path) -> bool:
    """Whether ``path`` is a regular file starting with SQLite's header (a pipe is never opened to look:
    reading it would block, or take what someone else wrote into it)."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:  # missing, a folder, unreadable: not a database we could hurt by reading
        return False


@contextmanager
def output_file(
    target: str | Path, protect: Iterable[str | Path] = (), *, encoding: str = "utf-8", newline: str | None = ""
) -> Iterator[TextIO]:
    """A text handle whose contents become ``target`` only once the block ends without an error.

    ``protect``: the ledger(s) the command reads, which the target must not
    be. Raises ``OutputRefused`` for a database target, ``OSError`` when the
    folder cannot be written.
    """
    target = Path(target)
    refuse_unsafe_target(target, protect)
    if target.is_dir():
        raise IsADirectoryError(21, "is a folder", str(target))
    if target.exists() and not target.is_file():  # /dev/stdout, a pipe: a stream to write, not a file to replace
        with target.open("w", encoding=encoding, newline=newline) as stream:
            yield stream
        return
    final = Path(os.path.realpath(target))  # through a symbolic link: replace the file it names, not the link
    if final.exists() and not os.access(final, os.W_OK):  # read-only: the owner asked for it to stay
        raise PermissionError(13, "Permission denied", str(target))
    temporary, descriptor = _create_temporary(final)
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(final, temporary)
        os.replace(temporary, final)
    except BaseException:  # Ctrl-C included: the partial file goes, the target stays as it was
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(final.parent)


def _create_temporary(final: Path) -> tuple[Path, int]:
    """A new file beside ``final`` (same file system, so the rename is one step), created with the
    permissions a plain ``open`` would give it (0666 less the umask)."""
    while True:
        temporary = final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue


def _keep_mode(final: Path, temporary: Path) -> None:
    """An existing target keeps its permissions when its contents are replaced."""
    try:
        mode = stat.S_IMODE(final.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temporary, mode)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; where folders cannot be opened (Windows) the rename stands anyway."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
