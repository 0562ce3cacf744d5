"""Commands over facts across the ledger: claims, counts, timeline."""

from __future__ import annotations

import click

from newsledger.cli.app import console, db_option, folding_table, limit_option, main, open_ledger
from newsledger.records import Category, Stance


@main.command()
@db_option
@click.option("--speaker", metavar="NAME", help="Only claims whose speaker or source mentions NAME.")
@click.option("--article", "article_id", metavar="ID", help="Only claims of this article (an id prefix is enough).")
@click.option("--stance", type=click.Choice([s.value for s in Stance]), help="Only claims with this stance.")
@limit_option(100, "claims")
def claims(db: str, speaker: str | None, article_id: str | None, stance: str | None, limit: int) -> None:
    """List attributed claims: who said what, with cue, stance, channel and date.

    \b
    Example:
      newsledger claims --speaker Pentagon
      newsledger claims --stance no_comment
    """
    with open_ledger(db) as ledger:
        found = ledger.claims(speaker=speaker, article=article_id, stance=stance, limit=limit)
    table = folding_table(f"{len(found)} claim(s)", ("article", "speaker", "cue", "stance", "said", "channel", "date"))
    for claim in found:
        who = claim.said_by
        if claim.anonymous:
            who += " (anonymous)"
        via = claim.channel or claim.audience
        table.add_row(
            (claim.article or "")[:12],
            who,
            claim.cue.text,
            f"{claim.stance}/{claim.kind}",
            claim.content_text or "—",
            via.text if via else "",
            (claim.when.value or "") if claim.when else "",
        )
    console().print(table)


@main.command()
@db_option
@click.option("--category", metavar="NAME", help=", ".join(c.value for c in Category) + ".")
@click.option(
    "--where", "where", metavar="TEXT", help="Only counts whose place, sentence or article's places mention TEXT."
)
@click.option("--article", "article_id", metavar="ID", help="Only counts of this article (an id prefix is enough).")
@click.option("--all", "include_superseded", is_flag=True, help="Include figures later revised (superseded).")
@limit_option(100, "counts")
def counts(
    db: str, category: str | None, where: str | None, article_id: str | None, include_superseded: bool, limit: int
) -> None:
    """List counts of people (killed, wounded, missing, ...) with qualifier, place and source.

    \b
    Example:
      newsledger counts --category killed --where Kursk
      newsledger counts --article 3f2a9c --all
    """
    with open_ledger(db) as ledger:
        found = ledger.counts(
            category=category, where=where, article=article_id, include_superseded=include_superseded, limit=limit
        )
    table = folding_table(
        f"{len(found)} count(s)", ("article", "category", "figure", "subject", "where", "source", "text")
    )
    for count in found:
        table.add_row(
            (count.article or "")[:12],
            count.category,
            count.figure.text,
            count.subject or "",
            count.location or "",
            count.source.text if count.source else "",
            count.text + (" (superseded)" if count.status == "superseded" else ""),
        )
    console().print(table)


@main.command()
@db_option
@click.option("--entity", metavar="NAME", help="Only facts whose sentence, source or article names NAME.")
@click.option("--only", type=click.Choice(["claims", "counts"]), help="Only claims, or only counts (default: both).")
@limit_option(200, "dated facts")
def timeline(db: str, entity: str | None, only: str | None, limit: int) -> None:
    """List dated claims and counts in time order, each with its resolved date.

    A fact is dated by the time expression of its sentence ("said on
    Monday", "killed at the weekend"), resolved against its article's
    publication date (or dateline); facts without a resolved date are left
    out. Rows of one date keep the order of the text.

    \b
    Example:
      newsledger timeline --entity Kirby
      newsledger timeline --only claims
    """
    with open_ledger(db) as ledger:
        entries = ledger.timeline(entity=entity, only=only, limit=limit)
    table = folding_table(f"{len(entries)} dated fact(s)", ("date", "article", "fact", "source", "text"))
    for entry in entries:
        table.add_row(entry.date, entry.article[:12], entry.fact, entry.source, entry.text)
    console().print(table)
