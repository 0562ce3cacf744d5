"""The export command: the ledger as JSONL (the contract), CSV, counts CSV, ACLED CSV or brat."""

from __future__ import annotations

import sys
from typing import TextIO, cast

import click

from newsledger.cli.app import db_option, fail, main, open_ledger, output_option, say
from newsledger.outfile import OutputRefused, output_file
from newsledger.terminal import visible


@main.command()
@db_option
@click.argument("folder", required=False, metavar="[DIR]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "counts-csv", "acled", "brat"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object per article with all its facts (newsledger schema describes it); csv: one "
    "row per article; counts-csv: one row per count with its sentence and source; acled: one row "
    "per story's event in ACLED's columns (event_date, event_type, actor1, actor2, location, "
    "latitude, longitude, fatalities, source, notes) plus story, time_precision and sub_event_type, "
    "only for stories whose event ACLED codes (a fire, a crime or diplomacy has no row, and the jsonl "
    "events say what it is; nor has a story none of whose articles reports an event; a line on stderr "
    "says how many were left out); brat: one .txt "
    "and .ann per item in PolNeAR's layout (claims as Source, Cue, Content, Attribution), "
    "written into DIR.",
)
@output_option
def export(folder: str | None, db: str, fmt: str, output: str | None) -> None:
    """Export every article with its facts (JSONL: one object per article).

    Every span is {"text", "start", "end"} with offsets into the item's text;
    every JSONL line carries its schema_version. With -o, the file appears
    only once it is complete (an existing one stays as it was until then),
    and never over the database itself or any other SQLite file.

    \b
    Example:
      newsledger export --db news.db --format jsonl -o ledger.jsonl
      newsledger export --format csv > articles.csv
      newsledger export --format counts-csv -o counts.csv
      newsledger export --format acled -o events.csv
      newsledger export --format brat review/    # open in brat or INCEpTION
    """
    from newsledger.export import write_acled_csv, write_counts_csv, write_csv, write_jsonl

    if fmt == "brat":
        from newsledger.formats.brat import write_brat

        target = folder or output
        if not target:
            fail("--format brat needs a folder: newsledger export --format brat DIR")
        with open_ledger(db) as ledger:
            try:
                written = write_brat(ledger, target)
            except OutputRefused as error:
                fail(str(error))
            except OSError as error:
                fail(f"{error.filename or target}: cannot write ({error.strerror or error})")
        say(f"wrote {written} .ann file(s) to {target}", err=True)
        return
    if folder:
        fail(f"unexpected argument {folder!r}: only --format brat takes a folder")

    writer = {"jsonl": write_jsonl, "csv": write_csv, "counts-csv": write_counts_csv, "acled": write_acled_csv}[fmt]
    with open_ledger(db) as ledger:
        if output is None:
            # On a terminal, CSV cells holding escape sequences would be run by it: shown as escapes there
            # (JSONL escapes them itself); piped or redirected, the data stays exact.
            on_terminal = fmt != "jsonl" and sys.stdout.isatty()
            count = writer(ledger, cast(TextIO, _TerminalSafe(sys.stdout)) if on_terminal else sys.stdout)
            if fmt == "acled":
                _say_what_acled_left_out(db, count)
            return
        try:
            with output_file(output, protect=[db]) as handle:
                count = writer(ledger, handle)
        except OutputRefused as error:
            fail(str(error))
        except OSError as error:
            fail(f"{output}: cannot write ({error.strerror or error})")
    say(f"wrote {count} row(s) to {output}", err=True)
    if fmt == "acled":
        _say_what_acled_left_out(db, count)


def _say_what_acled_left_out(db: str, written: int) -> None:
    """One line on the stories the ACLED CSV has no row for, and why, so an empty file is never a mystery."""
    with open_ledger(db) as ledger:
        stories, typed = ledger.story_count(), ledger.typed_article_count()
    if stories > written:
        say(
            f"{stories - written} stor{'y' if stories - written == 1 else 'ies'} with no ACLED event left out", err=True
        )
    if stories and not typed:
        say(
            "no article in this ledger has a typed event: articles stored before newsledger typed events "
            "(ledger schema 8) have none; ingest the inputs into a new ledger to type them",
            err=True,
        )


class _TerminalSafe:
    """A text stream that writes to a terminal with control characters shown as escapes (``visible``)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()
