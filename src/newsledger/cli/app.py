"""The ``newsledger`` command group and what every command shares: the --db option, errors, consoles.

Commands are thin: they call ``Ledger``'s methods and print the records they
return. Bad input never produces a traceback: each problem is one line on
stderr, ``newsledger: FILE[:LINE]: problem``, and the exit status is non-zero.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from newsledger.store import DEFAULT_DB, DatabaseFailure, StoreError, problem
from newsledger.terminal import visible, visible_offsets

if TYPE_CHECKING:
    from newsledger.config import PipelineConfig
    from newsledger.ledger import Ledger

#: SQLite's largest integer: a bigger --limit would overflow in the query instead of giving a usage error.
SQL_INTEGER_MAX = 2**63 - 1
#: How many of a thing: at least one, at most what SQLite can count.
COUNT = click.IntRange(1, SQL_INTEGER_MAX)

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
    help="Write here instead of standard output (never over the database; an existing file is replaced "
    "only once the new one is complete).",
)

Decorated = TypeVar("Decorated", bound=Callable[..., Any])


def limit_option(default: int, what: str) -> Callable[[Decorated], Decorated]:
    """``--limit N``: at most N rows, N from 1 to SQLite's largest integer."""
    return click.option(
        "--limit", type=COUNT, default=default, show_default=True, metavar="N", help=f"At most this many {what}."
    )


# -- showing data -----------------------------------------------------------
# Everything printed for people goes through these: text from the ledger is shown with visible(), so
# control characters appear as escapes, and never as Rich markup ("[link=...]" stays those characters).


def shown(renderable: RenderableType | None) -> RenderableType | None:
    """A str or ``Text`` with its control characters made visible (a Text keeps its styles); anything else,
    a nested table say, as it is."""
    if isinstance(renderable, str):
        return Text(visible(renderable))
    if isinstance(renderable, Text):
        return visible_text(renderable)
    return renderable


def styled(value: str, style: str = "") -> Text:
    """Data in a style: the style is ours, the text is shown as it is, never read as markup."""
    return Text(visible(value), style=style)


def visible_text(text: Text) -> Text:
    """``text`` with its control characters shown as escapes; each styled stretch still covers its characters."""
    plain, offsets = visible_offsets(text.plain)
    if plain == text.plain:
        return text
    copy = text.blank_copy(plain)
    for span in text.spans:
        copy.stylize(span.style, offsets[span.start], offsets[min(span.end, len(text.plain))])
    return copy


def highlighted(text: str, marks: list[tuple[str, int, int]]) -> Text:
    """``text`` shown with ``visible``, each (style, start, end) of the stored text on the characters shown."""
    plain, offsets = visible_offsets(text)
    body = Text(plain)
    for style, start, end in marks:
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        body.stylize(style, offsets[start], offsets[end])
    return body


class DataConsole(Console):
    """A Rich console for data: no markup, no emoji codes, no highlighting, every string and Text shown
    with ``visible`` (table titles and cells included), whether or not it is a terminal."""

    def __init__(self, **options: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **options)

    def render_str(self, text: str, **options: Any) -> Text:
        options.update(markup=False, emoji=False, highlight=False)
        return super().render_str(visible(text), **options)

    def print(self, *objects: Any, **options: Any) -> None:
        options.update(markup=False, emoji=False, highlight=False)
        super().print(*(shown(o) for o in objects), **options)


class DataTable(Table):
    """A Rich table whose every cell is shown with ``visible``: a str cell is never markup."""

    def add_row(self, *renderables: RenderableType | None, **options: Any) -> None:
        super().add_row(*(shown(r) for r in renderables), **options)


def console(stderr: bool = False) -> DataConsole:
    """The console for data; when not a terminal, a wide plain one so tables are not squeezed."""
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return DataConsole(stderr=stderr)
    return DataConsole(stderr=stderr, width=160, no_color=True)


def folding_table(title: str, columns: tuple[str, ...]) -> DataTable:
    """A table for data whose cells wrap rather than cut: sentences and names are read whole."""
    table = DataTable(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def say(line: str, err: bool = False) -> None:
    """One line for people (a summary, a score naming a file): whatever it quotes is shown with ``visible``
    and stays on that line."""
    click.echo(visible(line, line=True), err=err)


def fail(message: str, status: int = 2) -> NoReturn:
    """One line on stderr, then exit with ``status``; whatever the message quotes stays on that line."""
    click.echo(f"newsledger: {visible(message, line=True)}", err=True)
    sys.exit(status)


@contextmanager
def open_ledger(db: str, readonly: bool = True, config: PipelineConfig | None = None) -> Iterator[Ledger]:
    """The ledger at ``db``: read-only (it must exist) unless the command writes to it.

    An id that matches nothing or more than one record, or any SQLite error
    (the file locked, read-only or not a database), ends the command with one
    line."""
    from newsledger.ledger import Ambiguous, Ledger, NotFound
    from newsledger.nlp import ModelMissing

    try:
        ledger = Ledger(db, readonly=readonly, config=config)
    except StoreError as error:
        fail(str(error))
    except DatabaseFailure as error:
        fail(problem(db, error))
    try:
        yield ledger
    except StoreError as error:  # the ledger failed mid-command (a write that found it locked)
        fail(str(error))
    except DatabaseFailure as error:  # locked, read-only, not a database, a failing disk: one line, never a traceback
        fail(problem(db, error))
    except ModelMissing as error:
        fail(str(error))
    except NotFound as error:
        fail(f"{error.args[0]} in {db}")
    except Ambiguous as error:
        fail(f"{error.args[0]} in {db}: give more characters")
    finally:
        try:
            ledger.close()
        except DatabaseFailure as error:
            fail(problem(db, error))


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
