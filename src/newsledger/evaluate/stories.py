"""Score story linking against gold stories: Gun Violence Archive incidents, or a JSONL with a story field.

Gold, GVA (the SemEval-2018 Task 5 pilot data): ``articles.jsonl`` {id,
published, text, incident} and ``incidents.jsonl`` {incident_uri,
num_killed, num_injured}. The articles of one incident form one gold story.
Gold, JSONL (ECB+'s layout): one {id, text, story} a line, ``title``
optional; the articles with one ``story`` form one gold story.

- Clustering: B-cubed precision, recall and F1 over articles (Bagga and
  Baldwin 1998), the usual score for cross-document event coreference.
- Baseline: the same B-cubed for TF-IDF cosine + complete linkage over the
  same articles (``baseline.py``), so the ledger's figure is read against a
  plain method, not alone.
- Casualties (GVA only): for each incident, the story holding most of its articles,
  and whether that story's best killed (and injured) estimate equals the
  archive's count. The archive records the whole incident; an early report
  may give fewer victims, so this is a loose check.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.evaluate import GoldError, baseline
from newsledger.link.compare import story_casualties
from newsledger.store import Store


@dataclass
class Gold:
    """The gold stories of one data set: JSONL id -> gold story, and each article's text for the baseline.

    ``incidents`` (incident -> its record, with the victim counts) only for GVA."""

    story_of: dict[str, str]
    documents: dict[str, str]
    incidents: dict[str, dict[str, Any]] | None = None


@dataclass
class StoriesScore:
    articles: int = 0
    gold_stories: int = 0
    stories: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    casualties: bool = True
    incidents: int = 0
    killed_right: int = 0
    injured_right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: The baseline's figures at baseline.THRESHOLD (None when it could not run: ``baseline_reason`` says why).
    baseline: dict[str, Any] | None = None
    baseline_reason: str = ""
    #: The baseline at each threshold of baseline.SWEEP, when asked for.
    sweep: list[dict[str, Any]] | None = None

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "articles": self.articles,
            "gold_stories": self.gold_stories,
            "stories": self.stories,
            "bcubed": _rounded(self.precision, self.recall, self.f1),
        }
        if self.casualties:
            result["casualties"] = {
                "incidents": self.incidents,
                "killed_right": round(self.killed_right / self.incidents, 4) if self.incidents else 0.0,
                "injured_right": round(self.injured_right / self.incidents, 4) if self.incidents else 0.0,
            }
        result["errors"] = self.errors[:20]
        result["baseline"] = self.baseline
        if self.baseline is None:
            result["baseline_reason"] = self.baseline_reason
        if self.sweep is not None:
            result["baseline_sweep"] = self.sweep
        return result


def _rounded(precision: float, recall: float, f1: float) -> dict[str, float]:
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def read_gva(folder: str | Path) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """(JSONL article id -> incident, incident -> its record)."""
    gold = load_gva(folder)
    return gold.story_of, gold.incidents or {}


def load_gva(folder: str | Path) -> Gold:
    """The gold of a GVA folder: each article's incident, its title + text, and the incidents."""
    folder = Path(folder)
    articles = _records(folder / "articles.jsonl", ("id", "incident"))
    incidents = {
        str(r["incident_uri"]): r
        for r in _records(folder / "incidents.jsonl", ("incident_uri", "num_killed", "num_injured"))
    }
    for uri, record in incidents.items():
        for figure in ("num_killed", "num_injured"):
            if not isinstance(record[figure], int) or isinstance(record[figure], bool):
                raise GoldError(f"{folder / 'incidents.jsonl'}: incident {uri}: {figure} is not a whole number")
    return Gold({str(r["id"]): str(r["incident"]) for r in articles}, _documents(articles), incidents)


def load_jsonl(path: str | Path) -> Gold:
    """The gold of a JSONL with a story field (ECB+'s layout): each line's ``story``, and its title + text."""
    records = _records(Path(path), ("id", "story", "text"))
    return Gold({str(r["id"]): str(r["story"]) for r in records}, _documents(records))


def _documents(records: list[dict[str, Any]]) -> dict[str, str]:
    return {str(r["id"]): baseline.document(r.get("title"), r.get("text")) for r in records}


def _records(path: Path, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    records = []
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise GoldError(f"{path}:{number}: not JSON ({error.msg})") from None
                missing = [f for f in fields if not isinstance(record, dict) or record.get(f) is None]
                if missing:
                    raise GoldError(f"{path}:{number}: no {', '.join(missing)}")
                records.append(record)
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{path}: cannot read ({error})") from None
    return records


def bcubed(gold: dict[str, str], found: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster) against gold (item -> cluster)."""
    items = [i for i in gold if i in found]
    if not items:
        return 0.0, 0.0, 0.0
    gold_members, found_members = defaultdict(set), defaultdict(set)
    for item in items:
        gold_members[gold[item]].add(item)
        found_members[found[item]].add(item)
    precision = recall = 0.0
    for item in items:
        same = len(gold_members[gold[item]] & found_members[found[item]])
        precision += same / len(found_members[found[item]])
        recall += same / len(gold_members[gold[item]])
    precision, recall = precision / len(items), recall / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_gold(store: Store, gold: Gold, sweep: bool = False) -> StoriesScore:
    """Compare the stories in ``store`` (which holds the gold's articles, each item's source its JSONL id)
    with ``gold``; the baseline clusters the same articles. Casualties only when the gold has incidents."""
    story_of = stored_stories(store)
    scored = {a: s for a, s in gold.story_of.items() if a in story_of}
    score = StoriesScore(
        articles=len(scored),
        gold_stories=len(set(scored.values())),
        stories=len({story_of[a] for a in scored}),
        casualties=gold.incidents is not None,
    )
    score.precision, score.recall, score.f1 = bcubed(scored, story_of)
    if gold.incidents is not None:
        _score_casualties(store, score, scored, story_of, gold.incidents)
    _score_baseline(score, scored, {a: gold.documents.get(a, "") for a in scored}, sweep)
    return score


def stored_stories(store: Store) -> dict[str, str]:
    """Item source (the JSONL id) -> the story of its first article in a story."""
    story_of: dict[str, str] = {}
    for item in store.items():
        for article_id in item.articles:
            story = store.links.story_of(article_id)[0]
            if story is not None:
                story_of.setdefault(item.source, story)
    return story_of


def _score_baseline(score: StoriesScore, gold: dict[str, str], documents: dict[str, str], sweep: bool) -> None:
    """The baseline's B-cubed over the scored articles at the fixed threshold (and at each sweep threshold)."""
    if not baseline.available():
        score.baseline_reason = baseline.INSTALL_HINT
        return
    thresholds = sorted({baseline.THRESHOLD, *(baseline.SWEEP if sweep else ())})
    curve = []
    for threshold, found in baseline.sweep(documents, thresholds):
        figures = {"threshold": threshold, **_rounded(*bcubed(gold, found)), "stories": len(set(found.values()))}
        if threshold == baseline.THRESHOLD:
            score.baseline = {**figures, "method": baseline.METHOD}
        if sweep and threshold in baseline.SWEEP:
            curve.append(figures)
    if sweep:
        score.sweep = curve


def _score_casualties(
    store: Store,
    score: StoriesScore,
    gold: dict[str, str],
    story_of: dict[str, str],
    incidents: dict[str, dict[str, Any]],
) -> None:
    articles_of: dict[str, list[str]] = defaultdict(list)
    for article, incident in gold.items():
        articles_of[incident].append(article)
    for incident, articles in sorted(articles_of.items()):
        story = Counter(story_of[a] for a in articles).most_common(1)[0][0]
        estimate = story_casualties(store, story)
        killed, injured = _best(estimate.get("killed")), _best(estimate.get("injured"))
        record = incidents.get(incident, {})
        score.incidents += 1
        killed_ok = killed == int(record.get("num_killed", -1))
        score.killed_right += killed_ok
        score.injured_right += injured == int(record.get("num_injured", -1))
        if not killed_ok:
            score.errors.append(
                {"incident": incident, "story": story, "killed": killed, "gold_killed": record.get("num_killed")}
            )


def _best(estimate: Any) -> int:
    return 0 if estimate is None or estimate.best is None else int(estimate.best)
