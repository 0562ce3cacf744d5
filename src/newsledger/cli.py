"""The ``newsledger`` command: a thin layer over ``newsledger.ledger.Ledger``.

Bad input never produces a traceback: each problem is one line on stderr,
``newsledger: FILE[:LINE]: problem``, and the exit status is non-zero.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsledger.extract.numbers import number_text
from newsledger.ingest import estimate_items, normalise_published
from newsledger.model import IngestError
from newsledger.store import DEFAULT_DB, StoreError

BUNDLED_SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "seed-dump.txt"
TYPE_STYLES = {
    "PERSON": "bold cyan", "ORG": "bold magenta", "GPE": "bold green", "LOC": "green",
    "FAC": "yellow", "NORP": "blue", "EVENT": "bold yellow", "PRODUCT": "bright_black",
}

db_option = click.option(
    "--db", "db", default=DEFAULT_DB, show_default=True, metavar="FILE",
    help="The SQLite database file (newsledger ingest creates it when missing).",
)


def console(stderr: bool = False) -> Console:
    """Rich console; when not a terminal, a wide plain one so tables are not squeezed."""
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr, highlight=False)
    return Console(stderr=stderr, highlight=False, width=160, no_color=True)


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own % and _ taken literally (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def folding_table(title: str, columns: tuple[str, ...]) -> Table:
    """A table whose cells wrap rather than cut: sentences and names are read whole."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def fail(message: str, status: int = 2) -> None:
    click.echo(f"newsledger: {message}", err=True)
    sys.exit(status)


@contextmanager
def open_ledger(db: str, readonly: bool = True) -> Iterator[Any]:
    """The ledger at ``db``: read-only (it must exist) unless the command writes to it."""
    from newsledger.ledger import Ledger
    from newsledger.nlp import ModelMissing

    try:
        ledger = Ledger(db, readonly=readonly)
    except StoreError as error:
        fail(str(error))
    try:
        yield ledger
    except ModelMissing as error:
        fail(str(error))
    finally:
        ledger.close()


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return normalise_published(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsledger")
def main() -> None:
    """newsledger: raw English news in, a sourced and queryable ledger out.

    \b
    Example:
      newsledger ingest samples/seed-dump.txt
      newsledger articles
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--published", callback=_published, metavar="DATE",
              help="Publication date (YYYY-MM-DD) for items that carry none of their own.")
@click.option("--outlet", metavar="NAME", help="Outlet for items that carry none of their own.")
@click.option("--layout", type=click.Choice(["auto", "line", "block", "none"]), default="auto",
              show_default=True,
              help="How plain-text dumps split into articles: auto-detect, one unit per line, "
                   "per blank-line block, or none (the whole file is one article).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for the NLP pass.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; errors still go to stderr.")
def ingest(paths: tuple[str, ...], db: str, published: str | None, outlet: str | None,
           layout: str, jobs: int, quiet: bool) -> None:
    """Read text files, folders, JSONL and HTML pages into the ledger.

    Re-ingesting the same text stores nothing new. Each item is written in
    one transaction, so an interrupted run leaves the database consistent and
    a rerun completes it. Exit status 1 when any input could not be read.

    \b
    Example:
      newsledger ingest samples/seed-dump.txt --published 2024-12-18
      newsledger ingest articles.jsonl pages/ --db news.db --outlet Reuters
    """
    errors: list[IngestError] = []
    try:
        with open_ledger(db, readonly=False) as ledger:
            with _progress(quiet, estimate_items(paths)) as progress:

                def report_error(error: IngestError) -> None:
                    errors.append(error)
                    progress.error(f"newsledger: {error}")

                report = ledger.ingest(paths, published=published, outlet=outlet, layout=layout,  # type: ignore[arg-type]
                                       n_process=jobs, on_item=progress.advance, on_error=report_error)
            if not quiet:
                _print_summary(report, ledger, db)
    except KeyboardInterrupt:
        click.echo(f"newsledger: {db}: interrupted; the items stored so far are kept, "
                   "run the same command again to finish", err=True)
        sys.exit(130)
    if errors:
        sys.exit(1)


class _Quiet:
    """No progress bar: errors go straight to stderr, one line each."""

    def advance(self, report: Any) -> None:
        pass

    def error(self, line: str) -> None:
        click.echo(line, err=True)


class _Bar(_Quiet):
    """A rich progress bar on stderr; errors are printed above it so neither is garbled."""

    def __init__(self, progress: Any, task: Any) -> None:
        self.progress, self.task = progress, task

    def advance(self, report: Any) -> None:
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

    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("items"),
                  TimeRemainingColumn(), console=Console(stderr=True, highlight=False),
                  transient=True) as progress:
        yield _Bar(progress, progress.add_task("ingest", total=total or None))


def _print_summary(report: Any, ledger: Any, db: str) -> None:
    out = console()
    out.print(
        f"{report.items} item(s) ({report.new_items} new, {report.stored_items} already stored), "
        f"{report.articles} article(s) ({report.new_articles} new, {report.stored_articles} already stored), "
        f"{len(report.errors)} error(s), {report.elapsed:.1f} s -> {db}"
    )
    totals = ledger.store.counts()
    by_type = ledger.store.query("SELECT type, count(*) AS n FROM entities GROUP BY type ORDER BY n DESC")
    kinds = ", ".join(f"{r['type']} {r['n']}" for r in by_type)
    out.print(f"ledger now holds {totals['articles']} article(s), {totals['entities']} entities "
              f"({kinds or 'none'}), {totals['mentions']} mentions, {totals['claims']} claims, "
              f"{totals['counts']} counts, {totals['times']} time expressions")


@main.command()
@db_option
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many articles.")
def articles(db: str, limit: int) -> None:
    """List the stored articles: id, item, date, kicker or title, entities, truncation.

    \b
    Example:
      newsledger articles --db news.db --limit 20
    """
    with open_ledger(db) as ledger:
        rows = ledger.store.query(
            "SELECT a.id, i.source, a.published, a.outlet, a.kicker, a.title, a.truncated, "
            "substr(a.text, 1, 200) AS head, (SELECT count(*) FROM entities e WHERE e.article_id = a.id) "
            "AS entities FROM articles a JOIN items i ON i.id = a.item_id ORDER BY i.rowid, a.seq LIMIT ?",
            (limit,),
        )
        table = Table(title=f"{len(rows)} article(s) in {db}", show_lines=False)
        for column in ("id", "item", "published", "article", "entities", "truncated"):
            table.add_column(column, overflow="fold" if column == "article" else "ellipsis")
        for row in rows:
            label = Text()
            if row["kicker"]:
                label.append(row["kicker"] + ": ", style="bold")
            label.append(row["title"] or _first_words(row["head"], row["kicker"]))
            table.add_row(row["id"][:12], Text(row["source"]), row["published"] or "unknown", label,
                          str(row["entities"]), "yes" if row["truncated"] else "")
        console().print(table)


def _first_words(head: str, kicker: str | None) -> str:
    text = " ".join(head.split())
    if kicker and text.startswith(kicker):
        text = text[len(kicker):].lstrip(" :")
    return text[:90] + ("…" if len(text) > 90 else "")


@main.command()
@click.argument("article_id", metavar="ID")
@db_option
def show(article_id: str, db: str) -> None:
    """Show one article with its facts highlighted (an id prefix is enough).

    \b
    Example:
      newsledger show 3f2a9c
    """
    from newsledger.export import article_records

    with open_ledger(db) as ledger:
        matches = ledger.store.resolve_article_id(article_id)
        if not matches:
            fail(f"no article with id {article_id!r} in {db}")
        if len(matches) > 1:
            fail(f"id {article_id!r} is ambiguous in {db}: give more characters")
        record = next(article_records(ledger.store, matches[0]))
        row = next(ledger.store.article_rows(matches[0]))
        _render_article(record, row["item_text"])


def _render_article(record: dict[str, Any], item_text: str) -> None:
    out = console()
    start, end = record["span"]
    out.print(Text(f"article {record['id']}", style="bold"))
    for field in ("item", "title", "published", "outlet", "url", "author"):
        value = record.get(field)
        out.print(Text(f"  {field:<10}{value if value is not None else 'unknown'}"))
    out.print(Text(f"  {'span':<10}{start}-{end}   truncated: {'yes' if record['truncated'] else 'no'}"))
    if record["kicker"]:
        out.print(Text(f"  {'kicker':<10}{record['kicker']['text']}"))
    body = Text(item_text[start:end])
    for span in record["boilerplate"]:
        body.stylize("dim strike", span["start"] - start, span["end"] - start)
    if record["kicker"]:
        body.stylize("bold reverse", record["kicker"]["start"] - start, record["kicker"]["end"] - start)
    for timex in record.get("times", []):
        body.stylize("italic blue", timex["start"] - start, timex["end"] - start)
    for claim in record.get("claims", []):
        body.stylize("bold green", claim["cue"]["start"] - start, claim["cue"]["end"] - start)
    for count in record.get("counts", []):
        body.stylize("underline red" if count["category"] in ("killed", "killed_or_wounded") else "underline yellow",
                     count["start"] - start, count["end"] - start)
    for entity in record.get("entities", []):
        for mention in entity["mentions"]:
            body.stylize(TYPE_STYLES.get(entity["type"], "underline"), mention["start"] - start, mention["end"] - start)
    out.print()
    out.print(body)
    out.print()
    table = Table(title="entities")
    for column in ("name", "type", "mentions"):
        table.add_column(column)
    for entity in record.get("entities", []):
        aliases = sorted({m["text"] for m in entity["mentions"]})
        table.add_row(Text(entity["name"], style=TYPE_STYLES.get(entity["type"], "")), entity["type"],
                      Text(f"{len(entity['mentions'])}: " + " | ".join(aliases)))
    out.print(table)
    _render_claims(out, record)
    _render_counts(out, record)


def _render_claims(out: Console, record: dict[str, Any]) -> None:
    if not record.get("claims"):
        return
    table = folding_table("claims", ("speaker", "cue", "stance", "said", "channel / audience", "when"))
    for claim in record["claims"]:
        who = claim["speaker"] or (claim["source"]["text"] if claim["source"] else "(no source)")
        said = " … ".join(part["text"] for part in claim["content"] or []) or "—"
        via = (claim["channel"] or claim["audience"] or {}).get("text", "")
        when = claim["when"]["text"] + (f" = {claim['when']['value']}" if claim["when"].get("value") else "") \
            if claim["when"] else ""
        table.add_row(Text(who + (" (anonymous)" if claim["anonymous"] else "")), Text(claim["cue"]["text"]),
                      f"{claim['stance']}/{claim['kind']}", Text(said), Text(via), Text(when))
    out.print(table)


def _render_counts(out: Console, record: dict[str, Any]) -> None:
    if record.get("counts"):
        table = folding_table("counts", ("category", "figure", "subject", "where", "source", "status", "text"))
        for count in record["counts"]:
            table.add_row(count["category"], figure(count), Text(count["subject"] or ""),
                          Text(count["location"] or ""), Text(count["source"]["text"] if count["source"] else ""),
                          count["status"], Text(count["text"]))
        out.print(table)
    if record.get("times"):
        reference = record.get("reference_date")
        out.print(Text("times (resolved against " + (f"{reference['value']}, {reference['source']}" if reference
                                                   else "nothing: no publication date") + "): " +
                       "; ".join(f"{t['text']} = {t['value']}" for t in record["times"])))
    casualties = record.get("casualties") or {}
    summary = [f"{k} {figure({'qualifier': v['qualifier'], 'value': v['value'], 'min': v['value'], 'max': v['value']})}"
               + (" (from the headline)" if v.get("basis") == "headline" else "")
               for k, v in casualties.items() if v]
    out.print(Text("casualties: " + (", ".join(summary) if summary else "none reported")))
    for money in record.get("money", []):
        out.print(Text(f"money: {money['text']} = {money['currency'] or '?'} {money['value']:,.0f}"
                       if money["value"] is not None else f"money: {money['text']}"))


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=int, default=20, show_default=True)
def search(query: str, db: str, limit: int) -> None:
    """Full-text search over articles (SQLite FTS5 syntax: words, "phrases", OR, NOT, prefix*).

    \b
    Example:
      newsledger search '"North Korean" casualties'
    """
    with open_ledger(db) as ledger:
        rows = ledger.store.search(query, limit)
        out = console()
        if not rows:
            out.print(Text(f"no article matches {query!r}"))
            return
        for row in rows:
            line = Text(f"{row['article_id'][:12]}  {row['published'] or 'unknown'}  ", style="bold")
            line.append(row["kicker"] + ": " if row["kicker"] else "")
            line.append(row["title"] or "")
            out.print(line)
            out.print(_snippet(row["snippet"]))


def _snippet(snippet: str) -> Text:
    """FTS5 marks hits with control characters 2 and 3; turn them into highlights."""
    text = Text("    ")
    for i, part in enumerate(" ".join(snippet.split()).replace("\x03", "\x02").split("\x02")):
        text.append(part, style="bold reverse" if i % 2 else "")
    return text


@main.command()
@db_option
@click.argument("folder", required=False, metavar="[DIR]")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "counts-csv", "acled", "brat"]),
              default="jsonl", show_default=True,
              help="jsonl: one object per article with all its facts; csv: one row per article; "
                   "counts-csv: one row per count with its sentence and source; acled: one row per story's event "
                   "in ACLED's columns (event_date, event_type, actor1, actor2, location, latitude, longitude, "
                   "fatalities, source, notes) plus story; brat: one .txt and .ann per "
                   "item in PolNeAR's layout (claims as Source, Cue, Content, Attribution), written into DIR.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here instead of standard output.")
def export(folder: str | None, db: str, fmt: str, output: str | None) -> None:
    """Export every article with its facts (JSONL: one object per article).

    Every span is {"text", "start", "end"} with offsets into the item's text.

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
        from newsledger.export_brat import write_brat

        target = folder or output
        if not target:
            fail("--format brat needs a folder: newsledger export --format brat DIR")
        with open_ledger(db) as ledger:
            try:
                written = write_brat(ledger.store, target)
            except OSError as error:
                fail(f"{target}: cannot write ({error.strerror or error})")
        click.echo(f"wrote {written} .ann file(s) to {target}", err=True)
        return
    if folder:
        fail(f"unexpected argument {folder!r}: only --format brat takes a folder")

    writer = {"jsonl": write_jsonl, "csv": write_csv, "counts-csv": write_counts_csv, "acled": write_acled_csv}[fmt]
    with open_ledger(db) as ledger:
        if output is None:
            writer(ledger.store, sys.stdout)
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = writer(ledger.store, handle)
        except OSError as error:
            fail(f"{output}: cannot write ({error.strerror or error})")
        click.echo(f"wrote {count} row(s) to {output}", err=True)


@main.command()
@db_option
@click.option("--category", metavar="NAME",
              help="killed, wounded, killed_or_wounded, injured, missing, evacuated, detained, displaced, "
                   "deployed, affected.")
@click.option("--where", "where", metavar="TEXT",
              help="Only counts whose place, sentence or article's places mention TEXT.")
@click.option("--article", "article_id", metavar="ID", help="Only counts of this article (an id prefix is enough).")
@click.option("--all", "include_superseded", is_flag=True, help="Include figures later revised (superseded).")
@click.option("--limit", type=int, default=100, show_default=True)
def counts(db: str, category: str | None, where: str | None, article_id: str | None,
           include_superseded: bool, limit: int) -> None:
    """List counts of people (killed, wounded, missing, ...) with qualifier, place and source.

    \b
    Example:
      newsledger counts --category killed --where Kursk
      newsledger counts --article 3f2a9c --all
    """
    with open_ledger(db) as ledger:
        sql = ("SELECT c.*, a.id AS article FROM counts c JOIN articles a ON a.id = c.article_id "
               "JOIN items i ON i.id = a.item_id WHERE 1 = 1")
        params: list[Any] = []
        if category:
            sql += " AND c.category = ?"
            params.append(category)
        if where:
            sql += (" AND (c.location LIKE ? ESCAPE '\\' OR substr(i.text, c.sentence_start + 1,"
                    " c.sentence_end - c.sentence_start) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM entities e"
                    " WHERE e.article_id = c.article_id AND e.type IN ('GPE', 'LOC', 'FAC')"
                    " AND e.name LIKE ? ESCAPE '\\'))")
            pattern = like_pattern(where)
            params += [pattern, pattern, pattern]
        if article_id:
            sql += " AND c.article_id LIKE ? ESCAPE '\\'"
            params.append(like_pattern(article_id)[1:])  # a prefix: no leading wildcard
        if not include_superseded:
            sql += " AND c.status = 'current'"
        sql += " ORDER BY i.rowid, a.seq, c.start LIMIT ?"
        params.append(limit)
        rows = ledger.store.query(sql, params)
        table = folding_table(f"{len(rows)} count(s)",
                              ("article", "category", "figure", "subject", "where", "source", "text"))
        for row in rows:
            table.add_row(row["article"][:12], row["category"], figure(row), Text(row["subject"] or ""),
                          Text(row["location"] or ""), Text(row["source_text"] or ""),
                          Text(row["text"] + (" (superseded)" if row["status"] == "superseded" else "")))
        console().print(table)


def figure(row: Any) -> str:
    """A count's figure as a person would say it: "about 30", "10,000-12,000", "at least 3", "some"."""
    number = number_text
    qualifier = row["qualifier"]
    if qualifier == "range":
        return f"{number(row['min'])}-{number(row['max'])}"
    if qualifier == "at_least":
        return f"at least {number(row['min'])}"
    if qualifier == "at_most":
        return f"up to {number(row['max'])}"
    if row["value"] is None:
        return "some"
    return ("about " if qualifier == "approx" else "") + number(row["value"])


@main.command()
@db_option
@click.option("--speaker", metavar="NAME", help="Only claims whose speaker or source mentions NAME.")
@click.option("--article", "article_id", metavar="ID", help="Only claims of this article (an id prefix is enough).")
@click.option("--stance", type=click.Choice(["assert", "belief", "pledge", "confirm", "deny", "no_comment", "refer",
                                             "allege", "no_number"]), help="Only claims with this stance.")
@click.option("--limit", type=int, default=100, show_default=True)
def claims(db: str, speaker: str | None, article_id: str | None, stance: str | None, limit: int) -> None:
    """List attributed claims: who said what, with cue, stance, channel and date.

    \b
    Example:
      newsledger claims --speaker Pentagon
      newsledger claims --stance no_comment
    """
    with open_ledger(db) as ledger:
        sql = ("SELECT c.*, t.value AS date FROM claims c JOIN articles a ON a.id = c.article_id "
               "JOIN items i ON i.id = a.item_id LEFT JOIN times t ON t.id = c.time_id WHERE 1 = 1")
        params: list[Any] = []
        if speaker:
            pattern = like_pattern(speaker)
            sql += " AND (c.speaker LIKE ? ESCAPE '\\' OR c.source_text LIKE ? ESCAPE '\\')"
            params += [pattern, pattern]
        if article_id:
            sql += " AND c.article_id LIKE ? ESCAPE '\\'"
            params.append(like_pattern(article_id)[1:])  # a prefix: no leading wildcard
        if stance:
            sql += " AND c.stance = ?"
            params.append(stance)
        sql += " ORDER BY i.rowid, a.seq, c.start LIMIT ?"
        params.append(limit)
        rows = ledger.store.query(sql, params)
        table = folding_table(f"{len(rows)} claim(s)",
                              ("article", "speaker", "cue", "stance", "said", "channel", "date"))
        for row in rows:
            who = row["speaker"] or row["source_text"] or "(no source)"
            if row["anonymous"]:
                who += " (anonymous)"
            table.add_row(row["article_id"][:12], Text(who), Text(row["cue_text"]), f"{row['stance']}/{row['kind']}",
                          Text(row["content_text"] or "—"), Text(row["channel_text"] or row["audience_text"] or ""),
                          row["date"] or "")
        console().print(table)


@main.group(name="eval")
def evaluate() -> None:
    """Score the extractors against gold data in the field's public formats.

    \b
    Example:
      newsledger eval counts --gvdb ../shared/eval/gvdb/dev.tsv
      newsledger eval counts --seed
    """


@evaluate.command(name="counts")
@click.option("--gvdb", type=click.Path(exists=True, dir_okay=False), metavar="FILE.tsv",
              help="Gun Violence Database TSV (Article id, ..., Full text, Json).")
@click.option("--seed", is_flag=True, help="Check the seed's hand annotation (counts, not-counts, money).")
@click.option("--seed-text", default="../shared/seed/000_7b4aea63d7dec936.txt", show_default=True,
              type=click.Path(dir_okay=False), metavar="FILE")
@click.option("--seed-gold", default="../shared/gold/seed.gold.json", show_default=True,
              type=click.Path(dir_okay=False), metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_counts(gvdb: str | None, seed: bool, seed_text: str, seed_gold: str, as_json: bool) -> None:
    """Per-article casualty accuracy on GVDB, and the seed's counts.

    GVDB: killed = victims whose victim-was includes killed; injured = the
    other victims whose list includes injured or hospitalized. Prints exact
    accuracy and mean absolute error of both, and precision, recall and F1 of
    "reports at least one killed".

    \b
    Example:
      newsledger eval counts --gvdb ../shared/eval/gvdb/dev.tsv --json
    """
    import json

    from newsledger.evaluate.counts import score_gvdb, score_seed

    if not gvdb and not seed:
        fail("give --gvdb FILE.tsv and/or --seed")
    results: dict[str, Any] = {}
    if seed:
        for path in (seed_text, seed_gold):
            if not Path(path).exists():
                fail(f"{path}: no such file")
        results["seed"] = score_seed(seed_text, seed_gold)
    if gvdb:
        results["gvdb"] = score_gvdb(gvdb)
    if as_json:
        click.echo(json.dumps(results, indent=1, ensure_ascii=False))
        return
    if "seed" in results:
        r = results["seed"]
        click.echo(f"seed: counts right {r['counts_right']}/{r['counts']}, "
                   f"not-counts right {r['not_counts_right']}/{r['not_counts']}")
        for detail in r["details"]:
            if not detail["ok"]:
                click.echo(f"  wrong: {detail}")
    if "gvdb" in results:
        r = results["gvdb"]
        click.echo(f"GVDB {r['data']} ({r['articles']} articles)")
        click.echo(f"  killed  exact {r['killed_exact']:.3f}  MAE {r['killed_mae']:.3f}"
                   f"  (always-0 baseline exact {r['baseline_always_zero_killed_exact']:.3f})")
        click.echo(f"  injured exact {r['injured_exact']:.3f}  MAE {r['injured_mae']:.3f}")
        click.echo(f"  reports at least one killed: precision {r['any_killed_precision']:.3f}"
                   f"  recall {r['any_killed_recall']:.3f}  F1 {r['any_killed_f1']:.3f}")


@evaluate.command(name="times")
@click.option("--timeml", type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="TempEval-3 TimeML folder (.tml files, searched recursively).")
@click.option("--meantime", type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="MEANTIME CAT XML folder (its intra-doc_annotation folder).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and the first errors) as JSON.")
def eval_times(timeml: str | None, meantime: str | None, as_json: bool) -> None:
    """Time expressions against TimeML or MEANTIME gold, scored as TempEval-3 does.

    Each document's creation time is its publication date. Prints strict and
    relaxed span precision, recall and F1, and value F1 (a relaxed match
    with the same normalised value).

    \b
    Example:
      newsledger eval times --timeml ../shared/eval/tempeval3/TBAQ-cleaned
      newsledger eval times --meantime ../shared/eval/meantime/meantime_newsreader_english_oct15/intra-doc_annotation
    """
    import json

    from newsledger.evaluate.times import evaluate_meantime, evaluate_timeml

    if not timeml and not meantime:
        fail("give --timeml DIR and/or --meantime DIR")
    results = {}
    if timeml:
        results["timeml"] = evaluate_timeml(timeml)
    if meantime:
        results["meantime"] = evaluate_meantime(meantime)
    if as_json:
        click.echo(json.dumps(results, indent=1, ensure_ascii=False))
        return
    for name, r in results.items():
        click.echo(f"{name}: {r['data']} ({r['docs']} documents, {r['gold']} gold, {r['system']} found)")
        for measure in ("strict", "relaxed", "value", "type"):
            click.echo(f"  {measure:<8} P {r[measure + '_precision']:.3f}  R {r[measure + '_recall']:.3f}"
                       f"  F1 {r[measure + '_f1']:.3f}")


@evaluate.command(name="attribution")
@click.option("--brat", "folder", required=True, type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="Gold in PolNeAR's layout: text/NAME.txt and attributions/NAME*.ann (first file is gold).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and the first errors) as JSON.")
def eval_attribution(folder: str, as_json: bool) -> None:
    """Attributed claims against brat gold: content, content exact, attribution and cue.

    content: a claim's content overlaps a gold content; content exact: equal
    ignoring edge spaces, quotes and punctuation; attribution: content and
    source both overlap; cue: cue spans overlap. Precision, recall and F1,
    micro-averaged, one-to-one matching.

    \b
    Example:
      newsledger eval attribution --brat ../shared/eval/polnear/dev
    """
    import json

    from newsledger.evaluate.attribution import evaluate_brat

    result = evaluate_brat(folder)
    if as_json:
        click.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    click.echo(f"{folder}: {result['docs']} documents, {result['gold']} gold, {result['system']} found")
    for measure in ("content_overlap", "content_exact", "attribution", "cue"):
        click.echo(f"  {measure:<14} P {result[measure + '_precision']:.3f}  R {result[measure + '_recall']:.3f}"
                   f"  F1 {result[measure + '_f1']:.3f}")


@main.command()
@db_option
@click.option("--entity", metavar="NAME", help="Only facts whose sentence, source or article names NAME.")
@click.option("--only", type=click.Choice(["claims", "counts"]), help="Only claims, or only counts (default: both).")
@click.option("--limit", type=int, default=200, show_default=True)
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
    from newsledger.extract.timex import earliest_day

    with open_ledger(db) as ledger:
        rows = []
        if only != "claims":
            rows += [_timeline_row(r, "count") for r in ledger.store.query(*_dated_sql("counts", entity))]
        if only != "counts":
            rows += [_timeline_row(r, "claim") for r in ledger.store.query(*_dated_sql("claims", entity))]
        rows = [r for r in rows if earliest_day(r["date"])]
        rows = sorted(rows, key=lambda r: (earliest_day(r["date"]), r["date"], r["item"], r["start"]))[:limit]
        table = folding_table(f"{len(rows)} dated fact(s)", ("date", "article", "fact", "source", "text"))
        for row in rows:
            table.add_row(row["date"], row["article_id"][:12], row["fact"], Text(row["source"]), Text(row["text"]))
        console().print(table)


def _dated_sql(table: str, entity: str | None) -> tuple[str, list[Any]]:
    """The rows of ``table`` (claims or counts) whose sentence's time expression has a resolved
    value, with that value as ``date``; narrowed to those naming ``entity`` when given."""
    sql = (f"SELECT t.value AS date, f.*, i.rowid AS item_order FROM {table} f "
           "JOIN times t ON t.id = f.time_id JOIN articles a ON a.id = f.article_id "
           "JOIN items i ON i.id = a.item_id WHERE t.value GLOB '[0-9]*'")
    params: list[Any] = []
    if entity:
        pattern = like_pattern(entity)
        speaker = " OR f.speaker LIKE ? ESCAPE '\\'" if table == "claims" else ""
        sql += (" AND (f.source_text LIKE ? ESCAPE '\\'" + speaker + " OR substr(i.text, f.sentence_start + 1,"
                " f.sentence_end - f.sentence_start) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM entities e"
                " WHERE e.article_id = f.article_id AND e.name LIKE ? ESCAPE '\\'))")
        params += [pattern] * (4 if table == "claims" else 3)
    return sql, params


def _timeline_row(row: Any, kind: str) -> dict[str, Any]:
    """One line of the timeline: a count ("killed 30") or a claim ("said (assert)") with its source."""
    if kind == "count":
        fact, source, text = f"{row['category']} {figure(row)}", row["source_text"] or "", row["text"]
    else:
        fact = f"claim: {row['cue_text']} ({row['stance']})"
        source = row["speaker"] or row["source_text"] or ""
        text = row["content_text"] or row["cue_text"]
    return {"date": row["date"], "article_id": row["article_id"], "item": row["item_order"], "start": row["start"],
            "fact": fact, "source": source, "text": text}


@main.command()
@click.argument("file", required=False, metavar="[FILE.jsonl]")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for the NLP pass (both sides).")
def bench(file: str | None, jobs: int) -> None:
    """Time the whole ledger against a plain spaCy nlp.pipe over the same texts.

    Prints articles/second for both, peak memory and the ratio. Defaults to
    the bundled sample.

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


from newsledger import cli_stories  # noqa: E402,F401  (registers stories, story, entity and eval stories)

if __name__ == "__main__":
    main()
