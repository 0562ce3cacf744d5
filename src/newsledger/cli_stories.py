"""CLI commands across articles: stories, story, entity, and eval stories.

Registered on ``newsledger.cli.main`` when that module is imported; kept
apart so the per-article commands and the cross-article ones each read as
one file.
"""

from __future__ import annotations

import json
import math
from typing import Any

import click
from rich.text import Text

from newsledger.cli import console, db_option, evaluate, fail, folding_table, like_pattern, main, open_ledger
from newsledger.extract.numbers import number_text


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return "∞" if math.isinf(value) else number_text(value)


def _finite(value: Any) -> Any:
    """JSON has no infinity: an open-ended figure ("at least 3") has ``high`` null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def resolve_story(ledger: Any, prefix: str) -> str:
    """A story id from the prefix a user typed (ids are long)."""
    rows = ledger.store.query("SELECT id FROM stories WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2",
                              (like_pattern(prefix)[1:],))
    if not rows:
        fail(f"no story with id {prefix!r} (newsledger stories lists them)")
    if len(rows) > 1:
        fail(f"story id {prefix!r} is ambiguous: give more characters")
    return rows[0]["id"]


@main.command()
@db_option
@click.option("--min-articles", type=click.IntRange(1), default=1, show_default=True,
              help="Only stories with at least this many articles.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True, help="At most this many stories.")
def stories(db: str, min_articles: int, limit: int) -> None:
    """List stories (articles about one event), the largest first, with their killed estimate.

    \b
    Example:
      newsledger stories --min-articles 2
      newsledger story s53849f31       # one story, its sources side by side
    """
    from newsledger.link.compare import story_casualties

    with open_ledger(db) as ledger:
        rows = ledger.store.query(
            "SELECT id, label, first_day, last_day, articles, (SELECT count(*) FROM story_articles s "
            "WHERE s.story_id = stories.id AND s.copy_of IS NOT NULL) AS copies FROM stories "
            "WHERE articles >= ? ORDER BY articles DESC, first_day, id LIMIT ?", (min_articles, limit))
        table = folding_table(f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}",
                              ("story", "articles", "days", "killed (low/best/high)", "label"))
        for row in rows:
            killed = story_casualties(ledger.store.conn, row["id"]).get("killed")
            if killed is None:
                figure = "—"
            elif killed.best is None:
                figure = "some (no number)"
            else:
                figure = "/".join(_number(v) for v in (killed.low, killed.best, killed.high))
            days = row["first_day"] or "unknown"
            if row["last_day"] and row["last_day"] != row["first_day"]:
                days += f" … {row['last_day']}"
            copies = f" ({row['copies']} cop{'y' if row['copies'] == 1 else 'ies'})" if row["copies"] else ""
            table.add_row(row["id"], f"{row['articles']}{copies}", days, figure, Text(row["label"] or ""))
        console().print(table)


@main.command()
@click.argument("story_id", metavar="ID")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def story(story_id: str, db: str, as_json: bool) -> None:
    """Show one story: its articles, its casualty estimate, and what each source says, side by side.

    Each figure or claim is marked agrees, conflicts, supersedes (superseded),
    unsourced (the outlet's own voice) or no_figure.

    \b
    Example:
      newsledger story s53849f31
      newsledger story s53849f31 --json | jq '.lines[0]'
    """
    from dataclasses import asdict

    from newsledger.link.compare import compare_story
    from newsledger.link.events import story_event

    with open_ledger(db) as ledger:
        sid = resolve_story(ledger, story_id)
        conn = ledger.store.conn
        comparison = compare_story(conn, sid)
        event = story_event(conn, sid)
        articles = ledger.store.query(
            "SELECT a.id, a.title, a.outlet, a.url, s.day, s.copy_of, s.score FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id WHERE s.story_id = ? ORDER BY s.linked", (sid,))
        if as_json:
            record = {"story": sid, "event": asdict(event), "articles": [dict(a) for a in articles],
                      "casualties": {k: asdict(v) for k, v in comparison.casualties.items()},
                      "lines": [asdict(line) for line in comparison.lines]}
            click.echo(json.dumps(_finite(record), ensure_ascii=False, allow_nan=False))
            return
        _render_story(sid, event, articles, comparison)


def _render_story(sid: str, event: Any, articles: list[Any], comparison: Any) -> None:
    out = console()
    out.print(Text(f"story {sid}: {event.notes}", style="bold"))
    where = event.location or "place unknown"
    if event.latitude is not None:
        where += f" ({event.latitude:.4f}, {event.longitude:.4f})"
    when = event.event_date or "date unknown"
    if event.event_date and event.time_precision in (2, 3):  # ACLED's 2: the week is known; 3: the month at best
        when += " (within that week)" if event.time_precision == 2 else " (approximate: month or first report)"
    out.print(Text(f"{event.event_type}, {when}, {where}; "
                   f"actors: {event.actor1 or '—'} / {event.actor2 or '—'}"))
    table = folding_table(f"{len(articles)} article(s)", ("article", "day", "outlet", "title", "copy of"))
    for a in articles:
        table.add_row(a["id"][:12], a["day"] or "unknown", Text(a["outlet"] or "unknown"), Text(a["title"] or ""),
                      (a["copy_of"] or "")[:12])
    out.print(table)
    if comparison.casualties:
        table = folding_table("casualty estimate", ("category", "low", "best", "high", "by article"))
        for category, estimate in comparison.casualties.items():
            by = "; ".join(f"{r.article_id[:8]} {r.day or ''}: {_number(r.value) if r.value is not None else 'some'}"
                           for r in estimate.reports)
            table.add_row(category, _number(estimate.low), _number(estimate.best), _number(estimate.high), by)
        out.print(table)
    for line in comparison.lines:
        table = folding_table(f"about {line.subject}", ("day", "source", "cue", "figure", "mark", "sentence"))
        for s in line.statements:
            figure = f"{s.figure} {s.category}" if s.category else (s.stance or "")
            table.add_row(s.day or "unknown", Text(s.source or f"({s.outlet or 'the outlet'})"), Text(s.cue or ""),
                          Text(figure), s.mark, Text(" ".join(s.sentence["text"].split())))
        out.print(table)


@main.command()
@click.argument("name")
@db_option
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True, help="At most this many identities.")
def entity(name: str, db: str, limit: int) -> None:
    """Show the identities whose name or alias contains NAME: aliases, place, stories, and what they said.

    \b
    Example:
      newsledger entity Kirby
      newsledger entity "White House"
    """
    with open_ledger(db) as ledger:
        pattern = like_pattern(name)
        rows = ledger.store.query(
            "SELECT * FROM identities WHERE name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(aliases) "
            "WHERE value LIKE ? ESCAPE '\\') ORDER BY articles DESC, name LIMIT ?", (pattern, pattern, limit))
        if not rows:
            fail(f"no entity named like {name!r}", status=1)
        out = console()
        for row in rows:
            _render_identity(out, ledger, row)


def _render_identity(out: Any, ledger: Any, row: Any) -> None:
    aliases = json.loads(row["aliases"])
    out.print(Text(f"{row['name']} ({row['type']}), {row['articles']} article(s), id {row['id']}", style="bold"))
    out.print(Text("aliases: " + "; ".join(aliases)))
    if row["geonameid"] is not None:
        where = f"GeoNames {row['geonameid']} ({row['place_kind']}, {row['country']}"
        where += f"/{row['admin1']}" if row["admin1"] else ""
        where += ")"
        if row["latitude"] is not None:
            where += f" at {row['latitude']:.4f}, {row['longitude']:.4f}"
        if row["candidates"] and row["candidates"] > 1:
            where += f"; ambiguous: {row['candidates']} places carry this name"
        out.print(Text(where))
    stories = ledger.store.query(
        "SELECT DISTINCT s.id, s.label, s.first_day FROM entity_identities ei JOIN stories s ON s.id = ei.story_id "
        "WHERE ei.identity_id = ? ORDER BY s.first_day LIMIT 20", (row["id"],))
    for s in stories:
        out.print(Text(f"  story {s['id']} {s['first_day'] or ''} {s['label'] or ''}"))
    claims = ledger.store.query(
        "SELECT c.cue_text, c.stance, c.content_text, a.published FROM claims c "
        "JOIN entity_identities ei ON ei.entity_id = c.speaker_entity JOIN articles a ON a.id = c.article_id "
        "WHERE ei.identity_id = ? ORDER BY a.published, c.start LIMIT 20", (row["id"],))
    if claims:
        table = folding_table(f"{len(claims)} claim(s) by {row['name']}", ("published", "cue", "stance", "said"))
        for c in claims:
            table.add_row(c["published"] or "unknown", Text(c["cue_text"]), c["stance"], Text(c["content_text"] or "—"))
        out.print(table)


@evaluate.command(name="stories")
@click.option("--gva", "folder", required=True, type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="Gun Violence Archive folder: articles.jsonl and incidents.jsonl.")
@click.option("--db", "db", default=None, metavar="FILE",
              help="A ledger that already holds DIR/articles.jsonl (else a temporary one is built).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and the first errors) as JSON.")
def eval_stories(folder: str, db: str | None, as_json: bool) -> None:
    """Score story linking: B-cubed P/R/F1 against GVA incidents, and the story-level killed count.

    Ingests DIR/articles.jsonl (a few minutes for 2,000 articles) unless --db
    names a ledger that holds it.

    \b
    Example:
      newsledger eval stories --gva ../shared/eval/gva-dev
      newsledger eval stories --gva ../shared/eval/gva-dev --db gva.db --json
    """
    import tempfile
    from pathlib import Path

    from newsledger.evaluate.stories import GoldError, score_stories

    for name in ("articles.jsonl", "incidents.jsonl"):
        if not (Path(folder) / name).is_file():
            fail(f"{Path(folder) / name}: no such file (a GVA folder has articles.jsonl and incidents.jsonl)")
    with tempfile.TemporaryDirectory() as scratch:
        path = db or str(Path(scratch) / "gva.db")
        with open_ledger(path, readonly=False) as ledger:
            report = ledger.ingest([str(Path(folder) / "articles.jsonl")])
            try:
                score = score_stories(ledger.store, folder)
            except GoldError as error:
                fail(str(error))
    for error in report.errors[:5]:
        click.echo(f"newsledger: {error}", err=True)
    if report.errors:
        click.echo(f"newsledger: {len(report.errors)} input error(s) while ingesting; scored what was stored",
                   err=True)
    result = score.as_dict()
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    b, c = result["bcubed"], result["casualties"]
    click.echo(f"stories: {result['articles']} articles, {result['gold_stories']} gold stories, "
               f"{result['stories']} found")
    click.echo(f"  B-cubed        P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}")
    click.echo(f"  killed right   {c['killed_right']:.3f} of {c['incidents']} incidents "
               f"(injured {c['injured_right']:.3f})")
