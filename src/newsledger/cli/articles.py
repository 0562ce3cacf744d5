"""Commands over articles: articles, show, search."""

from __future__ import annotations

import click
from rich.console import Console
from rich.text import Text

from newsledger.cli.app import (
    DataTable,
    console,
    db_option,
    fail,
    folding_table,
    highlighted,
    limit_option,
    main,
    open_ledger,
    styled,
)
from newsledger.link.events import event_kind_text
from newsledger.records import Article, ArticleSummary, Figure
from newsledger.store import QueryTooCostly

TYPE_STYLES = {
    "PERSON": "bold cyan",
    "ORG": "bold magenta",
    "GPE": "bold green",
    "LOC": "green",
    "FAC": "yellow",
    "NORP": "blue",
    "EVENT": "bold yellow",
    "PRODUCT": "bright_black",
}


@main.command()
@db_option
@limit_option(50, "articles")
def articles(db: str, limit: int) -> None:
    """List the stored articles: id, item, date, kicker or title, entities, truncation.

    \b
    Example:
      newsledger articles --db news.db --limit 20
    """
    with open_ledger(db) as ledger:
        rows = ledger.articles(limit)
    table = DataTable(title=f"{len(rows)} article(s) in {db}", show_lines=False)
    for column in ("id", "item", "published", "article", "entities", "truncated"):
        table.add_column(column, overflow="fold" if column == "article" else "ellipsis")
    for row in rows:
        table.add_row(
            row.id[:12],
            row.item,
            row.published or "unknown",
            _label(row),
            str(row.entities),
            "yes" if row.truncated else "",
        )
    console().print(table)


def _label(row: ArticleSummary) -> Text:
    """The kicker and the title, else the first words of the article."""
    label = Text()
    if row.kicker:
        label.append(styled(row.kicker + ": ", "bold"))
    if row.title:
        return label.append(styled(row.title))
    text = " ".join(row.head.split())
    if row.kicker and text.startswith(row.kicker):
        text = text[len(row.kicker) :].lstrip(" :")
    return label.append(styled(text[:90] + ("…" if len(text) > 90 else "")))


@main.command()
@click.argument("article_id", metavar="ID")
@db_option
def show(article_id: str, db: str) -> None:
    """Show one article with its facts highlighted (an id prefix is enough).

    \b
    Example:
      newsledger show 3f2a9c
    """
    with open_ledger(db) as ledger:
        record = ledger.article(article_id)
        item_text = ledger.item_text(record.id)
    render_article(record, item_text)


def render_article(record: Article, item_text: str) -> None:
    """The article's fields, its text with every fact highlighted, then its entities, claims and counts."""
    out = console()
    start, end = record.span
    out.print(styled(f"article {record.id}", "bold"))
    for field in ("item", "title", "published", "outlet", "url", "author"):
        value = getattr(record, field)
        out.print(f"  {field:<10}{value if value is not None else 'unknown'}")
    out.print(f"  {'span':<10}{start}-{end}   truncated: {'yes' if record.truncated else 'no'}")
    if record.kicker:
        out.print(f"  {'kicker':<10}{record.kicker.text}")
    if record.not_article:
        out.print(styled(f"  not the article: {record.not_article} (only its title is analysed)", "bold yellow"))
    out.print()
    out.print(_highlighted(record, item_text))
    out.print()
    table = DataTable(title="entities")
    for column in ("name", "type", "mentions"):
        table.add_column(column)
    for entity in record.entities:
        aliases = sorted({m.text for m in entity.mentions})
        table.add_row(
            styled(entity.name, TYPE_STYLES.get(entity.type, "")),
            entity.type,
            f"{len(entity.mentions)}: " + " | ".join(aliases),
        )
    out.print(table)
    _render_claims(out, record)
    _render_events(out, record)
    _render_counts(out, record)


def _highlighted(record: Article, item_text: str) -> Text:
    """The article's text as shown (control characters as escapes), every fact in its style."""
    start, end = record.span
    marks: list[tuple[str, int, int]] = []

    def mark(style: str, span_start: int, span_end: int) -> None:
        marks.append((style, span_start - start, span_end - start))

    for span in record.boilerplate:
        mark("dim strike", span.start, span.end)
    if record.kicker:
        mark("bold reverse", record.kicker.start, record.kicker.end)
    for timex in record.times:
        mark("italic blue", timex.start, timex.end)
    for claim in record.claims:
        mark("bold green", claim.cue.start, claim.cue.end)
    for count in record.counts:
        mark(
            "underline red" if count.category in ("killed", "killed_or_wounded") else "underline yellow",
            count.start,
            count.end,
        )
    for entity in record.entities:
        for mention in entity.mentions:
            mark(TYPE_STYLES.get(entity.type, "underline"), mention.start, mention.end)
    return highlighted(item_text[start:end], marks)


def _render_claims(out: Console, record: Article) -> None:
    if not record.claims:
        return
    table = folding_table("claims", ("speaker", "cue", "stance", "said", "channel / audience", "when"))
    for claim in record.claims:
        who = claim.said_by
        via = claim.channel or claim.audience
        when = ""
        if claim.when:
            when = claim.when.text + (f" = {claim.when.value}" if claim.when.value else "")
        table.add_row(
            who + (" (anonymous)" if claim.anonymous else ""),
            claim.cue.text,
            f"{claim.stance}/{claim.kind}",
            claim.content_text or "—",
            via.text if via else "",
            when,
        )
    out.print(table)


def _render_events(out: Console, record: Article) -> None:
    """What the article reports happened, its main event first, in ACLED's terms."""
    if not record.events:
        return
    table = folding_table("what happened", ("event", "said in", "actors", "place", "date", "fatalities", "confidence"))
    for event in record.events:
        table.add_row(
            event_kind_text(event.type, event.sub_type),
            event.trigger.text if event.trigger else "(the headline)",
            f"{event.actor1 or '—'} / {event.actor2 or '—'}",
            event.location or "",
            event.date or "",
            str(event.fatalities),
            f"{event.confidence:.2f}",
        )
    out.print(table)


def _render_counts(out: Console, record: Article) -> None:
    if record.counts:
        table = folding_table("counts", ("category", "figure", "subject", "where", "source", "status", "text"))
        for count in record.counts:
            table.add_row(
                count.category,
                count.figure.text,
                count.subject or "",
                count.location or "",
                count.source.text if count.source else "",
                count.status,
                count.text,
            )
        out.print(table)
    if record.times:
        reference = record.reference_date
        against = f"{reference.value}, {reference.source}" if reference else "nothing: no publication date"
        out.print(f"times (resolved against {against}): " + "; ".join(f"{t.text} = {t.value}" for t in record.times))
    casualties = [(name, getattr(record.casualties, name)) for name in ("killed", "injured", "missing")]
    summary = [
        f"{name} {tally.figure.text}" + (" (from the headline)" if tally.basis == "headline" else "")
        for name, tally in casualties
        if tally
    ]
    out.print("casualties: " + (", ".join(summary) if summary else "none reported"))
    for money in record.money:
        figure = Figure(value=money.value, min=money.min, max=money.max, qualifier=money.qualifier)
        out.print(
            f"money: {money.text} = {money.currency or '?'} {figure.text}"
            if money.value is not None
            else f"money: {money.text}"
        )


@main.command()
@click.argument("query")
@db_option
@limit_option(20, "articles")
def search(query: str, db: str, limit: int) -> None:
    """Full-text search over articles (SQLite FTS5 syntax: words, "phrases", OR, NOT, prefix*).

    \b
    Example:
      newsledger search '"North Korean" casualties'
    """
    with open_ledger(db) as ledger:
        try:
            hits = ledger.search(query, limit)
        except QueryTooCostly as error:
            fail(str(error))
    out = console()
    if not hits:
        out.print(f"no article matches {query!r}")
        return
    for hit in hits:
        line = styled(f"{hit.article[:12]}  {hit.published or 'unknown'}  ", "bold")
        line.append(styled(hit.kicker + ": " if hit.kicker else ""))
        line.append(styled(hit.title or ""))
        out.print(line)
        snippet = Text("    ")
        for part in hit.snippet:
            snippet.append(styled(part.text, "bold reverse" if part.hit else ""))
        out.print(snippet)
