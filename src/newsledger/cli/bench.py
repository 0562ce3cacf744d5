"""The bench command: the whole ledger timed against a plain spaCy nlp.pipe over the same texts."""

from __future__ import annotations

from pathlib import Path

import click

from newsledger.cli.app import fail, main

BUNDLED_SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "seed-dump.txt"


@main.command()
@click.argument("file", required=False, metavar="[FILE.jsonl]")
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes for the NLP pass (both sides)."
)
def bench(file: str | None, jobs: int) -> None:
    """Time the whole ledger against a plain spaCy nlp.pipe over the same texts.

    Prints articles/second for both, peak memory and the ratio, the time
    inside each extractor and linking's cost per article. Defaults to the
    bundled sample.

    \b
    Example:
      newsledger bench ../shared/eval/gva-dev/articles.jsonl
    """
    from newsledger.bench import run_bench

    path = file or str(BUNDLED_SAMPLE)
    if not Path(path).exists():
        fail(f"{path}: no such file")
    result = run_bench(path, n_process=jobs)
    if not result.articles:
        fail(f"{path}: no articles to time")
    for line in result.lines():
        click.echo(line)
