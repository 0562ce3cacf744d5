"""The ``newsledger`` command group and what every command shares: the --db option, errors, consoles.

Commands are thin: they call ``Ledger``'s methods and print the records they
return. Bad input never produces a traceback: each problem is one line on
stderr, ``newsledger: FILE[:LINE]: problem``, and the exit status is non-zero.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import click
from rich.console import Console
from rich.table import Table

from newsledger.store import DEFAULT_DB, StoreError

if TYPE_CHECKING:
    from newsledger.config import PipelineConfig
    from newsledger.ledger import Ledger

db_option = click.option(
    "--db",
    "db",
    default=DEFAULT_DB,
    show_default=True,
    metavar="FILE",
    help="The SQLite database file (newsledger ingest creates it when missing).",
)

output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write here instead of standard output.",
)


def console(stderr: bool = False) -> Console:
    """Rich console; when not a terminal, a wide plain one so tables are not squeezed."""
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr, highlight=False)
    return Console(stderr=stderr, highlight=False, width=160, no_color=True)


def folding_table(title: str, columns: tuple[str, ...]) -> Table:
    """A table whose cells wrap rather than cut: sentences and names are read whole."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def fail(message: str, status: int = 2) -> NoReturn:
    """One line on stderr, then exit with ``status``."""
    click.echo(f"newsledger: {message}", err=True)
    sys.exit(status)


@contextmanager
def open_ledger(db: str, readonly: bool = True, config: PipelineConfig | None = None) -> Iterator[Ledger]:
    """The ledger at ``db``: read-only (it must exist) unless the command writes to it.

    An id that matches nothing or more than one record ends the command with one line."""
    from newsledger.ledger import Ambiguous, Ledger, NotFound
    from newsledger.nlp import ModelMissing

    try:
        ledger = Ledger(db, readonly=readonly, config=config)
    except StoreError as error:
        fail(str(error))
    try:
        yield ledger
    except ModelMissing as error:
        fail(str(error))
    except NotFound as error:
        fail(f"{error.args[0]} in {db}")
    except Ambiguous as error:
        fail(f"{error.args[0]} in {db}: give more characters")
    finally:
        ledger.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsledger")
def main() -> None:
    """newsledger: raw English news in, a sourced and queryable ledger out.

    \b
    Example:
      newsledger ingest samples/seed-dump.txt
      newsledger articles
    """


@main.group(name="eval")
def evaluate() -> None:
    """Score the extractors against gold data in the field's public formats.

    Every score comes from the same pipeline ingest runs.

    \b
    Example:
      newsledger eval counts --gvdb ../shared/eval/gvdb/dev.tsv
      newsledger eval counts --seed
    """
