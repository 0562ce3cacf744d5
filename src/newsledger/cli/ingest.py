"""The ingest command: files, folders, JSONL and HTML into the ledger, with a progress bar and a summary."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from newsledger.cli.app import console, db_option, fail, main, open_ledger
from newsledger.config import PipelineConfig
from newsledger.ingest import estimate_items, normalise_published
from newsledger.ledger import IngestReport, Ledger
from newsledger.model import IngestError
from newsledger.nlp import WorkerDied
from newsledger.store import StoreError
from newsledger.terminal import visible
from newsledger.workers import ClusterUnavailable, check_cluster_address


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return normalise_published(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option(
    "--published",
    callback=_published,
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for items that carry none of their own.",
)
@click.option("--outlet", metavar="NAME", help="Outlet for items that carry none of their own.")
@click.option(
    "--layout",
    type=click.Choice(["auto", "line", "block", "none"]),
    default="auto",
    show_default=True,
    help="How plain-text dumps split into articles: auto-detect, one unit per line, "
    "per blank-line block, or none (the whole file is one article).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes that parse and extract (this process stores and links, in input order).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Parse and extract on a Dask cluster: a scheduler's address (tcp://HOST:8786), or local:N for N "
    "local worker processes. Needs newsledger[cluster]. This process stores and links, in input order.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; errors still go to stderr.")
def ingest(
    paths: tuple[str, ...],
    db: str,
    published: str | None,
    outlet: str | None,
    layout: str,
    jobs: int,
    cluster: str | None,
    quiet: bool,
) -> None:
    """Read text files, folders, JSONL and HTML pages into the ledger.

    Only regular files are read (text and HTML up to 64 MiB, JSONL line by
    line). Each article's language is identified: English is analysed, an
    article in another language is stored and searchable but not analysed
    (the summary says how many). Re-ingesting the same text stores nothing new (nor changes the stored
    publication date: another one given is said on stderr). Another text
    under a stored JSONL id is stored beside it, and said. Each item is
    written in one transaction, so an interrupted run leaves the database
    consistent and a rerun completes it. Exit status 1 when any input could
    not be read, 2 when the database cannot be used (another program's file,
    locked, read-only, another version).

    \b
    Example:
      newsledger ingest samples/seed-dump.txt --published 2024-12-18
      newsledger ingest articles.jsonl pages/ --db news.db --outlet Reuters
    """
    errors: list[IngestError] = []
    if cluster is not None:
        if jobs > 1:
            raise click.UsageError("--jobs and --cluster do not go together: the cluster's workers are the jobs")
        try:
            check_cluster_address(cluster)
        except ClusterUnavailable as error:
            raise click.BadParameter(str(error), param_hint="--cluster") from None
    config = PipelineConfig(layout=layout, n_process=jobs)  # type: ignore[arg-type]
    try:
        with open_ledger(db, readonly=False, config=config) as ledger:
            with _progress(quiet, estimate_items(paths)) as progress:

                def report_error(error: IngestError) -> None:
                    errors.append(error)
                    progress.error(f"newsledger: {error}")

                def report_warning(warning: IngestError) -> None:
                    progress.error(f"newsledger: {warning}")

                try:
                    report = ledger.ingest(
                        paths,
                        published=published,
                        outlet=outlet,
                        cluster=cluster,
                        on_item=progress.advance,
                        on_error=report_error,
                        on_warning=report_warning,
                    )
                except StoreError as error:  # the ledger itself failed mid-run: what was stored stays
                    fail(f"{error}; the items stored before are kept: run the same command again to finish")
                except WorkerDied as error:  # killed, or out of memory: what was stored stays
                    fail(f"{db}: {error}; the items stored before are kept: run the same command again to finish")
                except ClusterUnavailable as error:
                    fail(f"{error}; the items stored before are kept")
            if not quiet:
                _print_summary(report, ledger, db)
    except KeyboardInterrupt:
        click.echo(
            f"newsledger: {db}: interrupted; the items stored so far are kept, run the same command again to finish",
            err=True,
        )
        sys.exit(130)
    if errors:
        sys.exit(1)


class _Quiet:
    """No progress bar: errors go straight to stderr, one line each."""

    def advance(self, report: IngestReport) -> None:
        pass

    def error(self, line: str) -> None:
        click.echo(line, err=True)


class _Bar(_Quiet):
    """A rich progress bar on stderr; errors are printed above it so neither is garbled."""

    def __init__(self, progress: Any, task: Any) -> None:
        self.progress, self.task = progress, task

    def advance(self, report: IngestReport) -> None:
        self.progress.update(self.task, completed=report.items)

    def error(self, line: str) -> None:
        self.progress.console.print(Text(line), soft_wrap=True)


@contextmanager
def _progress(quiet: bool, total: int) -> Iterator[_Quiet]:
    """A progress bar when stderr is a terminal and --quiet is not given."""
    if quiet or not sys.stderr.isatty():
        yield _Quiet()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("items"),
        TimeRemainingColumn(),
        console=Console(stderr=True, highlight=False),
        transient=True,
    ) as progress:
        yield _Bar(progress, progress.add_task("ingest", total=total or None))


def _not_analysed(report: IngestReport) -> str:
    """The new articles stored but not analysed, and why ("2 stored but not analysed (not English: de 1,
    fr 1), "), or nothing."""
    if not report.not_analysed:
        return ""
    languages = ", ".join(f"{code} {n}" for code, n in sorted(report.not_analysed.items(), key=lambda kv: -kv[1]))
    return f"{sum(report.not_analysed.values())} stored but not analysed (not English: {languages}), "


def _print_summary(report: IngestReport, ledger: Ledger, db: str) -> None:
    """Two lines, each whole (never wrapped, never read as markup): what this run did, what the ledger holds."""
    out = console()
    warnings = f", {len(report.warnings)} warning(s)" if report.warnings else ""
    out.print(
        Text(
            f"{report.items} item(s) ({report.new_items} new, {report.stored_items} already stored), "
            f"{report.articles} article(s) ({report.new_articles} new, {report.stored_articles} already stored), "
            f"{_not_analysed(report)}{len(report.errors)} error(s){warnings}, {report.elapsed:.1f} s -> {visible(db, line=True)}"
        ),
        soft_wrap=True,
    )
    summary = ledger.summary()
    totals = summary["tables"]
    kinds = ", ".join(f"{kind} {n}" for kind, n in summary["entity_types"])
    out.print(
        Text(
            f"ledger now holds {totals['articles']} article(s), {totals['entities']} entities "
            f"({visible(kinds, line=True) or 'none'}), {totals['mentions']} mentions, {totals['claims']} claims, "
            f"{totals['counts']} counts, {totals['times']} time expressions"
        ),
        soft_wrap=True,
    )
