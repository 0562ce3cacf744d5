"""Write transactions, and SQLite's failures told as one line each (locked, read-only, full, not a database).

SQLite says "database is locked" or "attempt to write a readonly database";
a person needs to hear what to do about it, in one line that names the file.
Failures of the file (its lock, its permissions, the disk) become
``StoreError``; anything else SQLite raises is a bug and stays what it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

#: What each of SQLite's primary result codes means for the person running newsledger, for the codes
#: that are about the file rather than the SQL (``sqlite_errorname`` without ``SQLITE_`` and any suffix).
PROBLEMS = {
    "BUSY": "the ledger is locked by another program; try again when it finishes",
    "LOCKED": "the ledger is locked by another program; try again when it finishes",
    "READONLY": "the ledger is read-only (the file, its folder or the disk): it cannot be written",
    "CANTOPEN": "cannot open it: is its folder there, and can the file and the folder be written?",
    "PERM": "not allowed to open it (permissions)",
    "FULL": "the disk is full: nothing more can be stored",
    "IOERR": "cannot read or write it (an I/O error)",
    "NOTADB": "not an SQLite database (a newsledger ledger is one); give another --db",
    "CORRUPT": "the database is damaged",
    "PROTOCOL": "the ledger is locked by another program; try again when it finishes",
}


#: Every error SQLite raises, named for the faces (the CLI, the server), which never import sqlite3 themselves.
DatabaseFailure = sqlite3.Error


class StoreError(RuntimeError):
    """The database file cannot be used (not SQLite, not a ledger, locked, read-only, another version)."""


def result_code(error: sqlite3.Error) -> str:
    """SQLite's primary result code of ``error`` ("BUSY" for SQLITE_BUSY_SNAPSHOT), or "" when it has none."""
    name = getattr(error, "sqlite_errorname", None) or ""
    return name.removeprefix("SQLITE_").split("_")[0]


def is_about_the_file(error: sqlite3.Error) -> bool:
    """Whether ``error`` is the file's (lock, permissions, disk), not the SQL's."""
    return result_code(error) in PROBLEMS


def problem(path: str, error: sqlite3.Error) -> str:
    """One line saying what is wrong with the database at ``path``, from SQLite's error."""
    said = PROBLEMS.get(result_code(error))
    if said is None:
        return f"{path}: cannot use as a newsledger database ({error})"
    if result_code(error) in ("IOERR", "CORRUPT"):
        return f"{path}: {said} ({error})"
    return f"{path}: {said}"


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if one is still open.

    A Ctrl-C can land right after SQLite has committed but before Python
    returns from ``COMMIT``; an unconditional ``ROLLBACK`` would then raise
    "no transaction is active" over the interrupt and print a traceback.
    """
    if conn.in_transaction:
        conn.execute("ROLLBACK")


@contextmanager
def write_transaction(conn: sqlite3.Connection, path: str) -> Iterator[None]:
    """All of the writes inside, or none (the connection is in autocommit mode).

    The lock is taken first (``BEGIN IMMEDIATE``), waiting as long as the
    connection's busy timeout; a lock still held after that, a read-only file
    or a full disk ends the transaction with ``StoreError`` naming ``path``,
    everything committed before it kept.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
    except sqlite3.Error as error:
        if is_about_the_file(error):
            raise StoreError(problem(path, error)) from None
        raise
