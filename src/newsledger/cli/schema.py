"""Commands that describe the ledger's contracts: the export's JSON Schema and Datasette's metadata."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsledger.cli.app import db_option, fail, main, output_option, say
from newsledger.outfile import OutputRefused, output_file
from newsledger.terminal import json_visible


@main.command()
def schema() -> None:
    """Print the JSON Schema of one line of the JSONL export (its schema_version included).

    Fields are only ever added; validate an export against it with any JSON
    Schema validator.

    \b
    Example:
      newsledger schema > newsledger-article.schema.json
    """
    from newsledger.records import export_json_schema

    click.echo(json_visible(json.dumps(export_json_schema(), indent=2, ensure_ascii=False)))


@main.command()
@db_option
@output_option
def metadata(db: str, output: str | None) -> None:
    """Print Datasette metadata describing every table, view and column of a ledger (--db names it).

    \b
    Example:
      newsledger metadata -o metadata.json
      datasette newsledger.db -m metadata.json
    """
    from newsledger.store.metadata import datasette_metadata

    text = json_visible(json.dumps(datasette_metadata(Path(db).stem), indent=2, ensure_ascii=False))
    if output is None:
        click.echo(text)
        return
    try:
        with output_file(output, protect=[db], newline=None) as handle:
            handle.write(text + "\n")
    except OutputRefused as error:
        fail(str(error))
    except OSError as error:
        fail(f"{output}: cannot write ({error.strerror or error})")
    say(f"wrote {output}", err=True)
