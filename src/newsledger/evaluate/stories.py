"""Score story linking against Gun Violence Archive incidents (the SemEval-2018 Task 5 pilot data).

Gold: ``articles.jsonl`` {id, published, text, incident} and
``incidents.jsonl`` {incident_uri, num_killed, num_injured}. The articles
of one incident form one gold story.

- Clustering: B-cubed precision, recall and F1 over articles (Bagga and
  Baldwin 1998), the usual score for cross-document event coreference.
- Casualties: for each incident, the story holding most of its articles,
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

from newsledger.link.compare import story_casualties
from newsledger.store import Store


@dataclass
class StoriesScore:
    articles: int = 0
    gold_stories: int = 0
    stories: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    incidents: int = 0
    killed_right: int = 0
    injured_right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold_stories": self.gold_stories,
            "stories": self.stories,
            "bcubed": {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)},
            "casualties": {
                "incidents": self.incidents,
                "killed_right": round(self.killed_right / self.incidents, 4) if self.incidents else 0.0,
                "injured_right": round(self.injured_right / self.incidents, 4) if self.incidents else 0.0,
            },
            "errors": self.errors[:20],
        }


class GoldError(ValueError):
    """The gold files cannot be read; the message names the file and line."""


def read_gva(folder: str | Path) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """(JSONL article id -> incident, incident -> its record)."""
    folder = Path(folder)
    incident_of = {str(r["id"]): str(r["incident"]) for r in _records(folder / "articles.jsonl", ("id", "incident"))}
    incidents = {
        str(r["incident_uri"]): r
        for r in _records(folder / "incidents.jsonl", ("incident_uri", "num_killed", "num_injured"))
    }
    return incident_of, incidents


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


def score_stories(store: Store, folder: str | Path) -> StoriesScore:
    """Compare the stories in ``store`` (which holds the GVA articles) with the gold incidents."""
    incident_of, incidents = read_gva(folder)
    story_of: dict[str, str] = {}
    for item in store.items():
        for article_id in item.articles:
            story = store.links.story_of(article_id)[0]
            if story is not None:
                story_of.setdefault(item.source, story)
    gold = {a: i for a, i in incident_of.items() if a in story_of}
    score = StoriesScore(
        articles=len(gold), gold_stories=len(set(gold.values())), stories=len({story_of[a] for a in gold})
    )
    score.precision, score.recall, score.f1 = bcubed(gold, story_of)
    _score_casualties(store, score, gold, story_of, incidents)
    return score


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
