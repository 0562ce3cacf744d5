"""The eval commands: scores against gold data in the field's public formats, from the pipeline ingest runs."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import click

from newsledger.cli.app import evaluate, fail, open_ledger, say
from newsledger.terminal import json_visible


@evaluate.command(name="counts")
@click.option(
    "--gvdb",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE.tsv",
    help="Gun Violence Database TSV (Article id, ..., Full text, Json).",
)
@click.option(
    "--titles/--no-titles",
    default=False,
    show_default=True,
    help="Also give each GVDB article its title as the input's headline, as a JSONL line with a title is "
    "ingested (GVDB's full text already begins with the title).",
)
@click.option("--seed", is_flag=True, help="Check the seed's hand annotation (counts, not-counts, money).")
@click.option(
    "--seed-text",
    default="../shared/seed/000_7b4aea63d7dec936.txt",
    show_default=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
)
@click.option(
    "--seed-gold",
    default="../shared/gold/seed.gold.json",
    show_default=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_counts(gvdb: str | None, titles: bool, seed: bool, seed_text: str, seed_gold: str, as_json: bool) -> None:
    """Per-article casualty accuracy on GVDB, and the seed's counts.

    GVDB: killed = victims whose victim-was includes killed; injured = the
    other victims whose list includes injured or hospitalized. Each article
    goes through the pipeline as a JSONL line {id, text} does on ingest
    ({id, title, text} with --titles). Prints exact accuracy and mean absolute error of both, and
    precision, recall and F1 of "reports at least one killed".

    \b
    Example:
      newsledger eval counts --gvdb ../shared/eval/gvdb/dev.tsv --json
    """
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
        results["gvdb"] = score_gvdb(gvdb, titles=titles)
    if as_json:
        click.echo(json_visible(json.dumps(results, indent=1, ensure_ascii=False)))
        return
    if "seed" in results:
        r = results["seed"]
        say(
            f"seed: counts right {r['counts_right']}/{r['counts']}, "
            f"not-counts right {r['not_counts_right']}/{r['not_counts']}"
        )
        for detail in r["details"]:
            if not detail["ok"]:
                say(f"  wrong: {detail}")
    if "gvdb" in results:
        r = results["gvdb"]
        say(f"GVDB {r['data']} ({r['articles']} articles)")
        say(
            f"  killed  exact {r['killed_exact']:.3f}  MAE {r['killed_mae']:.3f}"
            f"  (always-0 baseline exact {r['baseline_always_zero_killed_exact']:.3f})"
        )
        say(f"  injured exact {r['injured_exact']:.3f}  MAE {r['injured_mae']:.3f}")
        say(
            f"  reports at least one killed: precision {r['any_killed_precision']:.3f}"
            f"  recall {r['any_killed_recall']:.3f}  F1 {r['any_killed_f1']:.3f}"
        )


@evaluate.command(name="times")
@click.option(
    "--timeml",
    type=click.Path(exists=True, file_okay=False),
    metavar="DIR",
    help="TempEval-3 TimeML folder (.tml files, searched recursively).",
)
@click.option(
    "--meantime",
    type=click.Path(exists=True, file_okay=False),
    metavar="DIR",
    help="MEANTIME CAT XML folder (its intra-doc_annotation folder).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and the first errors) as JSON.")
def eval_times(timeml: str | None, meantime: str | None, as_json: bool) -> None:
    """Time expressions against TimeML or MEANTIME gold, scored as TempEval-3 does.

    Each document's creation time is its publication date; each document is
    one article. Prints strict and relaxed span precision, recall and F1,
    and value F1 (a relaxed match with the same normalised value).

    \b
    Example:
      newsledger eval times --timeml ../shared/eval/tempeval3/TBAQ-cleaned
      newsledger eval times --meantime ../shared/eval/meantime/meantime_newsreader_english_oct15/intra-doc_annotation
    """
    from newsledger.evaluate.times import evaluate_meantime, evaluate_timeml

    if not timeml and not meantime:
        fail("give --timeml DIR and/or --meantime DIR")
    results = {}
    if timeml:
        results["timeml"] = evaluate_timeml(timeml)
    if meantime:
        results["meantime"] = evaluate_meantime(meantime)
    if as_json:
        click.echo(json_visible(json.dumps(results, indent=1, ensure_ascii=False)))
        return
    for name, r in results.items():
        say(f"{name}: {r['data']} ({r['docs']} documents, {r['gold']} gold, {r['system']} found)")
        _print_measures(r, ("strict", "relaxed", "value", "type"), width=8)


@evaluate.command(name="attribution")
@click.option(
    "--brat",
    "folder",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    metavar="DIR",
    help="Gold in PolNeAR's layout: text/NAME.txt and attributions/NAME*.ann (first file is gold).",
)
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
    from newsledger.evaluate.attribution import evaluate_brat

    result = evaluate_brat(folder)
    if as_json:
        click.echo(json_visible(json.dumps(result, indent=1, ensure_ascii=False)))
        return
    say(f"{folder}: {result['docs']} documents, {result['gold']} gold, {result['system']} found")
    _print_measures(result, ("content_overlap", "content_exact", "attribution", "cue"), width=14)


def _print_measures(result: dict[str, Any], measures: tuple[str, ...], width: int) -> None:
    """One line per measure: precision, recall and F1, the names padded to ``width``."""
    for measure in measures:
        say(
            f"  {measure:<{width}} P {result[measure + '_precision']:.3f}  R {result[measure + '_recall']:.3f}"
            f"  F1 {result[measure + '_f1']:.3f}"
        )


@evaluate.command(name="stories")
@click.option(
    "--gva",
    "folder",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    metavar="DIR",
    help="Gun Violence Archive folder: articles.jsonl and incidents.jsonl.",
)
@click.option(
    "--jsonl",
    "jsonl",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="A JSONL with a gold story a line, {id, text, story} (ECB+'s layout; title optional).",
)
@click.option(
    "--db",
    "db",
    default=None,
    metavar="FILE",
    help="A ledger that already holds the articles (else a temporary one is built).",
)
@click.option(
    "--sweep",
    is_flag=True,
    help="Also print the baseline at each distance threshold from 0.500 to 0.975 (step 0.025).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and the first errors) as JSON.")
def eval_stories(folder: str | None, jsonl: str | None, db: str | None, sweep: bool, as_json: bool) -> None:
    """Score story linking: B-cubed P/R/F1 against gold stories, beside a plain baseline.

    Gold: GVA incidents (--gva DIR, with the story-level killed count) or a
    JSONL's story field (--jsonl FILE). Ingests the articles (a few minutes
    for 2,000) unless --db names a ledger that holds them. The baseline is
    TF-IDF cosine with complete-linkage clustering over the same articles, at
    a threshold chosen on ECB+ topics 1-35 (it needs scikit-learn).

    \b
    Example:
      newsledger eval stories --gva ../shared/eval/gva-dev
      newsledger eval stories --gva ../shared/eval/gva-dev --db gva.db --json
      newsledger eval stories --jsonl ../shared/eval/ecbplus-dev/articles.jsonl --sweep
    """
    from newsledger.evaluate.stories import GoldError, load_gva, load_jsonl, score_gold

    if (folder is None) == (jsonl is None):
        fail("give exactly one of --gva DIR or --jsonl FILE")
    if folder is not None:
        for name in ("articles.jsonl", "incidents.jsonl"):
            if not (Path(folder) / name).is_file():
                fail(f"{Path(folder) / name}: no such file (a GVA folder has articles.jsonl and incidents.jsonl)")
        articles = str(Path(folder) / "articles.jsonl")
    else:
        articles = str(jsonl)
    try:  # the gold is read before the long ingest, so a bad line ends the command at once
        gold = load_gva(folder) if folder is not None else load_jsonl(articles)
    except GoldError as error:
        fail(str(error))
    with tempfile.TemporaryDirectory() as scratch:
        path = db or str(Path(scratch) / "stories.db")
        with open_ledger(path, readonly=False) as ledger:
            report = ledger.ingest([articles])
            score = score_gold(ledger.store, gold, sweep=sweep)
    for input_error in report.errors[:5]:
        say(f"newsledger: {input_error}", err=True)
    if report.errors:
        say(f"newsledger: {len(report.errors)} input error(s) while ingesting; scored what was stored", err=True)
    result = score.as_dict()
    if as_json:
        click.echo(json_visible(json.dumps(result, indent=2)))
        return
    _print_stories(result)


def _print_stories(result: dict[str, Any]) -> None:
    """The ledger's B-cubed, the baseline's beside it (and its sweep), and the killed count for GVA."""
    b, base = result["bcubed"], result["baseline"]
    say(f"stories: {result['articles']} articles, {result['gold_stories']} gold stories, {result['stories']} found")
    say(f"  B-cubed        P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}")
    if base is None:
        say(f"  baseline: {result['baseline_reason']}")
    else:
        say(
            f"  baseline       P {base['precision']:.3f}  R {base['recall']:.3f}  F1 {base['f1']:.3f}"
            f"  ({base['method']}, distance < {base['threshold']:.3f})"
        )
        # the difference of the two figures as printed, so the three lines add up for the reader
        difference = float(f"{b['f1']:.3f}") - float(f"{base['f1']:.3f}")
        say(f"  ledger - baseline  F1 {difference:+.3f}")
    for point in result.get("baseline_sweep", []):
        say(
            f"    distance < {point['threshold']:.3f}  P {point['precision']:.3f}  R {point['recall']:.3f}"
            f"  F1 {point['f1']:.3f}  ({point['stories']} stories)"
        )
    if "casualties" in result:
        c = result["casualties"]
        say(
            f"  killed right   {c['killed_right']:.3f} of {c['incidents']} incidents (injured {c['injured_right']:.3f})"
        )


@evaluate.command(name="events")
@click.option(
    "--case",
    "path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE.tsv",
    help="CASE 2021 task 2 TSV: a header, then id, EventSnippet and SubType (a CASE code) a line.",
)
@click.option(
    "--errors",
    "n_errors",
    type=click.IntRange(0, None),
    default=0,
    show_default=True,
    metavar="N",
    help="Also print up to N misclassified snippets (wrong type first, then wrong sub-event type).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and the errors asked for) as JSON.")
def eval_events(path: str, n_errors: int, as_json: bool) -> None:
    """Event type and sub-event type of each snippet's main event, against CASE 2021 task 2 gold.

    Each snippet is one article (no title, no date), ingested, as a JSONL
    line {id, text}, into a temporary ledger; its main event is scored. The gold
    code maps to ACLED's event type and sub-event type (type "none" for the
    five kinds ACLED does not code: organised crime, natural and man-made
    disasters, diplomatic events, attribution of responsibility). Prints
    event-type accuracy and macro-F1 (over ACLED's six types and "none", those
    that occur in the gold or the predictions: all seven on the CASE set), each
    class's precision, recall and F1, the confusion table, sub-event-type
    accuracy over the ACLED snippets and "none" recall over the others, each
    beside issue 21's target.

    \b
    Example:
      newsledger eval events --case ../shared/eval/case2021-events/dev.tsv
      newsledger eval events --case ../shared/eval/case2021-events/dev.tsv --errors 20
    """
    from newsledger.evaluate.events import GoldError, predict, read_case, report, write_jsonl

    try:  # every row is checked before the ingest, so a bad line ends the command at once
        gold = read_case(path)
    except GoldError as error:
        fail(str(error))
    with tempfile.TemporaryDirectory() as scratch:
        cases = write_jsonl(gold, Path(scratch) / "case.jsonl")
        with open_ledger(str(Path(scratch) / "events.db"), readonly=False) as ledger:
            ingested = ledger.ingest([str(cases)])
            predicted = predict(ledger)
    for input_error in ingested.errors[:5]:
        say(f"newsledger: {input_error}", err=True)
    if ingested.errors:
        say(f"newsledger: {len(ingested.errors)} input error(s) while ingesting; scored what was stored", err=True)
    result = report(gold, predicted, path, [str(e) for e in ingested.errors], n_errors)
    if as_json:
        click.echo(json_visible(json.dumps(result, indent=1, ensure_ascii=False)))
        return
    _print_events(result)


def _print_events(result: dict[str, Any]) -> None:
    """The headline figures beside their targets, then per class, per non-ACLED kind, the confusion, errors."""
    from newsledger.evaluate.events import CLASSES, SHORT

    say(f"CASE 2021 events: {result['data']} ({result['snippets']} snippets, {result['unstored']} not stored)")
    headline = (
        ("type_accuracy", "event type accuracy", f"{result['type_right']} of {result['snippets']} right"),
        ("type_macro_f1", "event type macro-F1", f"over {len(result['macro_f1_classes'])} classes"),
        (
            "sub_type_accuracy",
            "sub-event type accuracy",
            f"{result['sub_type_right']} of {result['acled_snippets']} ACLED snippets",
        ),
        ("none_recall", '"none" recall', f"{result['none_right']} of {result['none_snippets']} non-ACLED snippets"),
    )
    for name, label, detail in headline:
        target = result["targets"][name]
        verdict = "met" if target["met"] else "not met"
        say(f"  {label:<24} {result[name]:.3f}  target >= {target['target']:.2f}: {verdict:<7}  {detail}")
    say(f"  {'per class':<35} {'P':>5}  {'R':>5}  {'F1':>5}  {'support':>7}  {'predicted':>9}")
    for name in CLASSES:
        c = result["per_class"][name]
        say(
            f"    {SHORT[name]}  {name:<28} {c['precision']:.3f}  {c['recall']:.3f}  {c['f1']:.3f}"
            f"  {c['support']:>7}  {c['predicted']:>9}"
        )
    recall = '"none" recall'
    say(f"  {'per non-ACLED kind':<32} {recall:>13}  {'right kind':>10}  {'support':>7}")
    for kind, k in result["none_per_kind"].items():
        shown = f"{k['recall']:.3f}" if k["support"] else "-"  # no snippet of the kind: no recall
        say(f"    {kind:<30} {shown:>13}  {k['kind_right']:>10}  {k['support']:>7}")
    _print_confusion(result["confusion"], CLASSES, SHORT)
    for error in result["errors"]:
        _print_event_error(error)


def _print_confusion(confusion: dict[str, Any], classes: tuple[str, ...], short: dict[str, str]) -> None:
    """Gold rows by predicted columns, three-letter labels, and the legend."""
    say("  confusion (rows gold, columns predicted)")
    say("         " + "".join(f"{short[c]:>5}" for c in classes))
    for name, row in zip(classes, confusion["counts"]):
        say(f"    {short[name]}  " + "".join(f"{n:>5}" for n in row))
    legend = ", ".join(f"{short[c]} {c}" for c in classes)
    say(f"  {legend} (no ACLED event)")


def _print_event_error(error: dict[str, Any]) -> None:
    """One misclassified snippet on one line: id, gold, prediction, trigger and the snippet's start."""
    predicted = "no event" if error["sub_type"] is None else f"{error['type']} / {error['sub_type']}"
    trigger = "-" if error["trigger"] is None else f'"{error["trigger"]}"'
    say(
        f"  wrong {error['wrong']}: {error['id']}  gold {error['gold_type']} / {error['gold_sub_type']}"
        f" ({error['gold_code']})  predicted {predicted}  trigger {trigger}  {error['text']}"
    )
