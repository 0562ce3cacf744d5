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

from newsledger.extract.counts import Count, find_counts, tally_casualties
from newsledger.model import Item
from newsledger.nlp import analyse
from newsledger.segment import segment


@dataclass
class GvdbArticle:
    id: str
    text: str
    killed: int
    injured: int


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
            articles.append(GvdbArticle(row["Article id"], row["Full text"], killed, injured))
    return articles


def predict(texts: list[tuple[str, str]]) -> Iterator[tuple[str, list[Count], dict[str, Any]]]:
    """Counts and casualties for each (id, text), each text taken as one article."""
    items = [Item(source=key, text=text, format="jsonl", path=key) for key, text in texts]
    pairs = ((article, item.source) for item in items for article in segment(item)[:1])
    for analysed, key in analyse(pairs):
        counts, _ = find_counts(analysed)
        yield key, counts, tally_casualties(counts)


def _figure(tally: Any) -> int:
    if tally is None or tally.value is None:
        return 0
    return int(round(tally.value))


def score_gvdb(path: str) -> dict[str, Any]:
    gold = read_gvdb(path)
    by_id = {a.id: a for a in gold}
    rows = []
    for key, _, casualties in predict([(a.id, a.text) for a in gold]):
        article = by_id[key]
        rows.append((article, _figure(casualties["killed"]), _figure(casualties["injured"])))
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
        "data": path, "articles": n,
        "killed_exact": round(killed_exact, 4), "injured_exact": round(injured_exact, 4),
        "killed_mae": round(killed_mae, 4), "injured_mae": round(injured_mae, 4),
        "any_killed_precision": round(precision, 4), "any_killed_recall": round(recall, 4),
        "any_killed_f1": round(f1, 4), "baseline_always_zero_killed_exact": round(always_zero, 4),
        "errors": [
            {"id": a.id, "gold_killed": a.killed, "killed": k, "gold_injured": a.injured, "injured": i}
            for a, k, i in rows if k != a.killed or i != a.injured
        ],
    }


def score_seed(seed_text_path: str, gold_path: str) -> dict[str, Any]:
    """Check the seed's 9 gold counts, 10 not-counts and money against what is extracted."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    text = Path(seed_text_path).read_text(encoding="utf-8")
    item = Item(source=seed_text_path, text=text, format="text", path=seed_text_path)
    articles = segment(item)
    found: dict[int, tuple[list[Count], list[Any]]] = {}
    for number, (analysed, _) in enumerate(analyse((a, None) for a in articles), start=1):
        found[number] = find_counts(analysed)
    results = []
    for expected in gold["counts"]:
        counts = found.get(expected["article"], ([], []))[0]
        match = _matching_count(expected, counts)
        results.append({"gold": expected["text"], "found": match.span.text if match else None,
                        "ok": match is not None and _agrees(expected, match)})
    not_counts = []
    for item_gold in gold["not_counts"]:
        counts, money = found.get(item_gold["article"], ([], []))
        wrong = [c for c in counts if c.number and _overlaps_text(c.number.text, item_gold["text"])
                 and _within(text, c, item_gold["text"])]
        ok = not wrong
        if item_gold.get("kind") == "money":
            ok = ok and any(m.currency == item_gold["currency"] and m.value == item_gold["value"] for m in money)
        not_counts.append({"text": item_gold["text"], "kind": item_gold["kind"], "ok": ok})
    return {
        "counts_right": sum(r["ok"] for r in results), "counts": len(results),
        "not_counts_right": sum(r["ok"] for r in not_counts), "not_counts": len(not_counts),
        "details": results + not_counts,
    }


def _matching_count(expected: dict[str, Any], counts: list[Count]) -> Count | None:
    candidates = [c for c in counts if _overlaps_text(c.span.text, expected["text"]) or
                  _overlaps_text(expected["text"], c.span.text)]
    agreeing = [c for c in candidates if _agrees(expected, c)]
    return (agreeing or candidates or [None])[0]


def _agrees(expected: dict[str, Any], count: Count) -> bool:
    return (
        count.category == expected["category"]
        and count.qualifier == expected["qualifier"]
        and count.value == expected.get("value")
        and count.min == expected.get("min", count.min if expected["qualifier"] in ("exact", "approx", "unspecified") else None)
        and count.max == expected.get("max", count.max if expected["qualifier"] != "range" else None)
        and count.status == expected["status"]
    )


def _overlaps_text(a: str, b: str) -> bool:
    return a in b or b in a


def _within(text: str, count: Count, gold_text: str) -> bool:
    start = text.find(gold_text)
    return start >= 0 and count.number is not None and count.number.start < start + len(gold_text) and start < count.number.end
