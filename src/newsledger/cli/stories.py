"""Commands across articles: stories, story, entity."""

from __future__ import annotations

import click
from rich.console import Console

from newsledger.cli.app import COUNT, console, db_option, fail, folding_table, limit_option, main, open_ledger, styled
from newsledger.ledger import Ambiguous, NotFound
from newsledger.link.events import event_kind_text as kind_text
from newsledger.records import Estimate, Event, IdentityRecord, Story, number_text
from newsledger.terminal import json_visible


def _number(value: float | None) -> str:
    return "—" if value is None else number_text(value)


def killed_text(killed: Estimate | None) -> str:
    """A story's killed estimate as low/best/high ("—" when no article says, "some" without a number)."""
    if killed is None:
        return "—"
    if killed.best is None:
        return "some (no number)"
    return "/".join(_number(v) for v in (killed.low, killed.best, killed.high))


@main.command()
@db_option
@click.option(
    "--min-articles",
    type=COUNT,
    default=1,
    show_default=True,
    help="Only stories with at least this many articles.",
)
@limit_option(50, "stories")
def stories(db: str, min_articles: int, limit: int) -> None:
    """List stories (articles about one event), the largest and newest first, with place and killed estimate.

    \b
    Example:
      newsledger stories --min-articles 2
      newsledger story s53849f31       # one story, its sources side by side
    """
    with open_ledger(db) as ledger:
        found = ledger.stories(min_articles, limit)
    table = folding_table(
        f"{len(found)} stor{'y' if len(found) == 1 else 'ies'}",
        ("story", "articles", "days", "place", "killed (low/best/high)", "label"),
    )
    for story in found:
        days = story.first_day or "unknown"
        if story.last_day and story.last_day != story.first_day:
            days += f" … {story.last_day}"
        copies = f" ({story.copies} cop{'y' if story.copies == 1 else 'ies'})" if story.copies else ""
        table.add_row(
            story.id,
            f"{story.articles}{copies}",
            days,
            story.place or "",
            killed_text(story.killed),
            story.label or "",
        )
    console().print(table)


@main.command()
@click.argument("story_id", metavar="ID")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def story(story_id: str, db: str, as_json: bool) -> None:
    """Show one story: its event, its articles, its casualty estimate, and what each source says, side by side.

    The event line gives ACLED's event type and sub-event type the story's
    articles report most ("no ACLED event (Man-made disaster)" when ACLED codes
    no such event), its date, place and actors, and what other articles report.

    Each figure or claim is marked agrees, conflicts, supersedes (superseded),
    unsourced (the outlet's own voice), no_figure or no_comment (declined to comment).

    \b
    Example:
      newsledger story s53849f31
      newsledger story s53849f31 --json | jq '.lines[0]'
    """
    with open_ledger(db) as ledger:
        try:
            record = ledger.story(story_id)
        except NotFound as error:
            fail(f"{error.args[0]} (newsledger stories lists them)")
        except Ambiguous as error:
            fail(f"{error.args[0]}: give more characters")
    if as_json:
        click.echo(json_visible(record.model_dump_json()))
        return
    render_story(record)


def event_kind_text(event: Event) -> str:
    """The story's event type as a line says it (``newsledger.link.events.event_kind_text``)."""
    return kind_text(event.event_type, event.sub_event_type)


def render_story(record: Story) -> None:
    out = console()
    event = record.event
    out.print(styled(f"story {record.story}: {event.notes}", "bold"))
    where = event.location or "place unknown"
    if event.latitude is not None and event.longitude is not None:
        where += f" ({event.latitude:.4f}, {event.longitude:.4f})"
    when = event.event_date or "date unknown"
    if event.event_date and event.time_precision in (2, 3):  # ACLED's 2: the week is known; 3: the month at best
        when += " (within that week)" if event.time_precision == 2 else " (approximate: month or first report)"
    out.print(f"{event_kind_text(event)}, {when}, {where}; actors: {event.actor1 or '—'} / {event.actor2 or '—'}")
    if event.other_types:
        out.print(f"other articles report: {'; '.join(event.other_types)}")
    table = folding_table(f"{len(record.articles)} article(s)", ("article", "day", "outlet", "title", "copy of"))
    for a in record.articles:
        table.add_row(a.id[:12], a.day or "unknown", a.outlet or "unknown", a.title or "", (a.copy_of or "")[:12])
    out.print(table)
    _render_casualties(out, record)
    for line in record.lines:
        table = folding_table(f"about {line.subject}", ("day", "source", "cue", "figure", "mark", "sentence"))
        for s in line.statements:
            figure = f"{s.figure} {s.category}" if s.category else (s.stance or "")
            table.add_row(
                s.day or "unknown",
                s.source or f"({s.outlet or 'the outlet'})",
                s.cue or "",
                figure,
                s.mark,
                " ".join(s.sentence.text.split()),
            )
        out.print(table)


def _render_casualties(out: Console, record: Story) -> None:
    if not record.casualties:
        return
    table = folding_table("casualty estimate", ("category", "low", "best", "high", "by article"))
    for category, estimate in record.casualties.items():
        by = "; ".join(
            f"{r.article_id[:8]} {r.day or ''}: {_number(r.value) if r.value is not None else 'some'}"
            for r in estimate.reports
        )
        high = "∞" if estimate.high is None and estimate.best is not None else _number(estimate.high)
        table.add_row(category, _number(estimate.low), _number(estimate.best), high, by)
    out.print(table)


@main.command()
@click.argument("name")
@db_option
@limit_option(10, "identities")
def entity(name: str, db: str, limit: int) -> None:
    """Show the identities whose name or alias contains NAME: aliases, place, stories, and what they said.

    \b
    Example:
      newsledger entity Kirby
      newsledger entity "White House"
    """
    with open_ledger(db) as ledger:
        found = [ledger.entity(identity.id) for identity in ledger.entities(name, limit)]
    if not found:
        fail(f"no entity named like {name!r}", status=1)
    out = console()
    for record in found:
        render_identity(out, record)


def render_identity(out: Console, record: IdentityRecord) -> None:
    row = record.identity
    out.print(styled(f"{row.name} ({row.type}), {row.articles} article(s), id {row.id}", "bold"))
    out.print("aliases: " + "; ".join(row.aliases))
    if row.geonameid is not None:
        where = f"GeoNames {row.geonameid} ({row.place_kind}, {row.country}"
        where += f"/{row.admin1}" if row.admin1 else ""
        where += ")"
        if row.latitude is not None and row.longitude is not None:
            where += f" at {row.latitude:.4f}, {row.longitude:.4f}"
        if row.candidates and row.candidates > 1:
            where += f"; ambiguous: {row.candidates} places carry this name"
        out.print(where)
    for s in record.stories:
        out.print(f"  story {s.id} {s.first_day or ''} {s.label or ''}")
    if record.claims:
        table = folding_table(f"{len(record.claims)} claim(s) by {row.name}", ("published", "cue", "stance", "said"))
        for dated in record.claims:
            claim = dated.claim
            table.add_row(dated.published or "unknown", claim.cue.text, claim.stance, claim.content_text or "—")
        out.print(table)
