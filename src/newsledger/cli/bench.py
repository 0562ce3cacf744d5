"""The bench command: the whole ledger timed against a plain spaCy nlp.pipe over the same texts."""

from __future__ import annotations

from pathlib import Path

import click

from newsledger.cli.app import fail, main

BUNDLED_SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "seed-dump.txt"


@main.command()
@click.argument("file", required=False, metavar="[FILE.jsonl]")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Worker processes for the multi-process runs (--jobs N, and a Dask local:N cluster); 1: one process only.",
)
@click.option(
    "--cluster/--no-cluster",
    default=True,
    show_default=True,
    help="Also time a local Dask cluster of --jobs workers (when newsledger[cluster] is installed).",
)
@click.option(
    "--link-scale",
    type=click.IntRange(2000, 1_000_000),
    metavar="N",
    help="Also time linking per article at 2,000 and at N articles, on a synthetic ledger made from FILE's "
    "analysed articles (minutes: 20000 takes about a quarter of an hour).",
)
def bench(file: str | None, jobs: int, cluster: bool, link_scale: int | None) -> None:
    """Time the whole ledger against a plain spaCy nlp.pipe over the same texts.

    Runs, one after the other, each in a process of its own: a plain
    nlp.pipe over what the ledger parses; the ledger in one process; with
    --jobs N worker processes; on a local Dask cluster of N workers. Prints
    articles/second and peak memory of each (each worker's too), each one's
    speed against the plain parse, the speed-up of N workers over one
    process, the time by stage (read and segment, parse, extract, store,
    link) and inside each extractor, and linking's cost per article.
    Defaults to the bundled sample.

    \b
    Example:
      newsledger bench ../shared/eval/gva-dev/articles.jsonl
      newsledger bench gva300.jsonl --jobs 2 --link-scale 20000
    """
    from newsledger.bench import run_bench

    path = file or str(BUNDLED_SAMPLE)
    if not Path(path).exists():
        fail(f"{path}: no such file")
    result = run_bench(path, n_process=jobs, cluster=cluster, link_scale=link_scale)
    if not result.articles:
        fail(f"{path}: no articles to time")
    for line in result.lines():
        click.echo(line)
