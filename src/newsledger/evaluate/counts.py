"""Score the count extractor against gold data nobody on this project wrote.

* GVDB (Gun Violence Database, Pavlick et al. 2016), TSV with a JSON column:
  killed = victims whose ``victim-was`` includes "killed"; injured = the other
  victims whose list includes "injured" or "hospitalized". Per article:
  exact-match accuracy of killed and injured, mean absolute error, and
  precision/recall of "reports at least one killed".
* The seed's hand annotation (``seed.gold.json``): its counts (category,
  qualifier, value, status), its not-counts, and money.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.config import PipelineConfig
from newsledger.extract.counts import Count
from newsledger.ingest.jsonl import read_jsonl
from newsledger.model import Item
from newsledger.pipeline import OnError, Pipeline


@dataclass
class GvdbArticle:
    id: str
    text: str
    killed: int
    injured: int
    title: str = ""


def read_gvdb(path: str) -> list[GvdbArticle]:
    """Articles of a GVDB TSV with their gold killed/injured counts."""
    csv.field_size_limit(sys.maxsize)
    articles = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            annotation = json.loads(row["Json"])
            victims = [set(v.get("victim-was") or []) for v in annotation.get("victim-section") or []]
            killed = sum(1 for v in victims if "killed" in v)
            injured = sum(1 for v in victims if "killed" not in v and v & {"injured", "hospitalized"})
            articles.append(
                GvdbArticle(row["Article id"], row["Full text"], killed, injured, row.get("Article title") or "")
            )
    return articles


def gvdb_items(articles: list[GvdbArticle], path: str = "gvdb.jsonl", titles: bool = True) -> list[Item]:
    """The articles as ingest reads them from JSONL lines ``{"id", "title", "text"}``: one article each, the
    title as the headline ingest gives precedence to (``titles=False`` leaves it out)."""
    lines = "\n".join(
        json.dumps(
            {"id": a.id, "text": a.text, **({"title": a.title} if titles and a.title else {})}, ensure_ascii=False
        )
        for a in articles
    )
    return [item for item in read_jsonl(path, lines, None, None) if isinstance(item, Item)]


def predict(
    items: list[Item], config: PipelineConfig | None = None, on_error: OnError | None = None
) -> Iterator[tuple[str, list[Count], dict[str, Any]]]:
    """Counts and casualties of each item's first article, found by the pipeline up to counts; an extractor
    that raises on an article is reported through ``on_error`` and leaves that article without figures."""
    pipeline = Pipeline(config or PipelineConfig(only=("counts",)))
    for done in pipeline.run(items, on_error or (lambda error: None)):
        found = done.facts[0].found
        yield done.item.source, found.get("counts", []), found.get("casualties", {})


def _figure(tally: Any) -> int:
    if tally is None or tally.value is None:
        return 0
    return round(tally.value)


def score_gvdb(path: str, config: PipelineConfig | None = None, titles: bool = False) -> dict[str, Any]:
    """Per-article killed and injured against GVDB, each article run through the pipeline as ingest runs a
    JSONL line; GVDB's full text begins with the article's title already, so the title is given again as the
    input's headline only with ``titles``. An article an extractor fails on is listed
    under "crashes" and scored as found with no figures."""
    gold = read_gvdb(path)
    by_id = {a.id: a for a in gold}
    rows = []
    crashes: list[dict[str, str]] = []
    report = lambda error: crashes.append({"doc": error.path, "error": error.message})
    for key, _, casualties in predict(gvdb_items(gold, path, titles), config, report):
        article = by_id[key]
        rows.append((article, _figure(casualties.get("killed")), _figure(casualties.get("injured"))))
    n = len(rows)
    killed_exact = sum(1 for a, k, _ in rows if k == a.killed) / n
    injured_exact = sum(1 for a, _, i in rows if i == a.injured) / n
    killed_mae = sum(abs(k - a.killed) for a, k, _ in rows) / n
    injured_mae = sum(abs(i - a.injured) for a, _, i in rows) / n
    tp = sum(1 for a, k, _ in rows if k > 0 and a.killed > 0)
    predicted = sum(1 for _, k, _ in rows if k > 0)
    actual = sum(1 for a, _, _ in rows if a.killed > 0)
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    always_zero = sum(1 for a, _, _ in rows if a.killed == 0) / n
    return {
        "data": path,
        "articles": n,
        "crashes": crashes,
        "killed_exact": round(killed_exact, 4),
        "injured_exact": round(injured_exact, 4),
        "killed_mae": round(killed_mae, 4),
        "injured_mae": round(injured_mae, 4),
        "any_killed_precision": round(precision, 4),
        "any_killed_recall": round(recall, 4),
        "any_killed_f1": round(f1, 4),
        "baseline_always_zero_killed_exact": round(always_zero, 4),
        "errors": [
            {"id": a.id, "gold_killed": a.killed, "killed": k, "gold_injured": a.injured, "injured": i}
            for a, k, i in rows
            if k != a.killed or i != a.injured
        ],
    }


def score_seed(
    seed_text_path: str, gold_path: str, published: str | None = None, config: PipelineConfig | None = None
) -> dict[str, Any]:
    """Check the seed's 9 gold counts, 10 not-counts and money against what is extracted."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    text = Path(seed_text_path).read_text(encoding="utf-8")
    item = Item(source=seed_text_path, text=text, format="text", path=seed_text_path, published=published)
    pipeline = Pipeline(config or PipelineConfig(only=("counts",)))
    found: dict[int, tuple[list[Count], list[Any]]] = {}
    for done in pipeline.run([item]):
        for number, facts in enumerate(done.facts, start=1):
            found[number] = (facts.found.get("counts", []), facts.found.get("money", []))
    results = []
    for expected in gold["counts"]:
        counts = found.get(expected["article"], ([], []))[0]
        match = _matching_count(expected, counts)
        results.append(
            {
                "gold": expected["text"],
                "found": match.span.text if match else None,
                "ok": match is not None and _agrees(expected, match),
            }
        )
    not_counts = []
    for item_gold in gold["not_counts"]:
        counts, money = found.get(item_gold["article"], ([], []))
        wrong = [
            c
            for c in counts
            if c.number and _overlaps_text(c.number.text, item_gold["text"]) and _within(text, c, item_gold["text"])
        ]
        ok = not wrong
        if item_gold.get("kind") == "money":
            ok = ok and any(m.currency == item_gold["currency"] and m.value == item_gold["value"] for m in money)
        not_counts.append({"text": item_gold["text"], "kind": item_gold["kind"], "ok": ok})
    return {
        "counts_right": sum(r["ok"] for r in results),
        "counts": len(results),
        "not_counts_right": sum(r["ok"] for r in not_counts),
        "not_counts": len(not_counts),
        "details": results + not_counts,
    }


def _matching_count(expected: dict[str, Any], counts: list[Count]) -> Count | None:
    candidates = [
        c
        for c in counts
        if _overlaps_text(c.span.text, expected["text"]) or _overlaps_text(expected["text"], c.span.text)
    ]
    agreeing = [c for c in candidates if _agrees(expected, c)]
    return next(iter(agreeing or candidates), None)


def _agrees(expected: dict[str, Any], count: Count) -> bool:
    return (
        count.category == expected["category"]
        and count.qualifier == expected["qualifier"]
        and count.value == expected.get("value")
        and count.min
        == expected.get("min", count.min if expected["qualifier"] in ("exact", "approx", "unspecified") else None)
        and count.max == expected.get("max", count.max if expected["qualifier"] != "range" else None)
        and count.status == expected["status"]
    )


def _overlaps_text(a: str, b: str) -> bool:
    return a in b or b in a


def _within(text: str, count: Count, gold_text: str) -> bool:
    start = text.find(gold_text)
    return (
        start >= 0
        and count.number is not None
        and count.number.start < start + len(gold_text)
        and start < count.number.end
    )
