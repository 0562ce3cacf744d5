"""``eval counts`` scores what ingest stores: the same articles through ``evaluate.counts.predict`` and
through ingest + JSONL export give the same casualties, article by article.

Hand-written articles always run (one where the "earlier events are background" rule decides the
figure, one whose headline gives the figure, one with missing people, one with none); 40 GVDB dev
articles (every tenth of ``../shared/eval/gvdb/dev.tsv``) run when ``../shared`` is there.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from newsledger.config import PipelineConfig
from newsledger.evaluate.counts import gvdb_items, predict, read_gvdb
from newsledger.export import write_jsonl
from newsledger.extract.counts import find_counts, tally_casualties
from newsledger.ingest.jsonl import read_jsonl
from newsledger.ledger import Ledger
from newsledger.model import Item
from newsledger.pipeline import Pipeline

GVDB_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "gvdb" / "dev.tsv"
CATEGORIES = ("killed", "injured", "missing")

EARLIER_EVENT = {
    "id": "blue-room", "title": "Shooting outside the Blue Room club", "published": "2015-03-10",
    "text": ("Two people were wounded in a shooting on Saturday near the Blue Room club, police said. "
             "In November 2013, one man died in a shooting near the same club."),
}
HAND_WRITTEN = [
    EARLIER_EVENT,
    {"id": "party", "title": "Three killed in shooting at birthday party", "published": "2016-05-26",
     "text": "Two people were killed and four were wounded when a gunman opened fire at a birthday party on "
             "Wednesday night, police said."},
    {"id": "ferry", "title": "Ferry capsizes off the coast", "published": "2019-08-02",
     "text": "One person was killed and 12 people are missing after a ferry capsized off the coast on Thursday, "
             "the coast guard said. Rescuers pulled 30 passengers from the water."},
    {"id": "council", "title": "Council approves new budget", "published": "2019-08-02",
     "text": "The city council approved a new budget on Tuesday after a long debate about road repairs."},
]


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def figures(casualties: dict[str, Any]) -> dict[str, tuple[Any, ...] | None]:
    """Killed, injured and missing as (value, qualifier, basis), from the pipeline's tallies or the export."""
    out: dict[str, tuple[Any, ...] | None] = {}
    for category in CATEGORIES:
        tally = casualties.get(category)
        if tally is None:
            out[category] = None
        elif isinstance(tally, dict):
            out[category] = (tally["value"], tally["qualifier"], tally["basis"])
        else:
            out[category] = (tally.value, tally.qualifier, tally.basis)
    return out


def evaluated(items: list[Item]) -> dict[str, dict[str, tuple[Any, ...] | None]]:
    """Per item id, the casualties ``eval counts`` scores."""
    return {key: figures(casualties) for key, _, casualties in predict(items)}


def ingested(path: Path, db: Path) -> dict[str, dict[str, tuple[Any, ...] | None]]:
    """Per item id, the casualties of the JSONL export after ingesting ``path``."""
    with Ledger(db) as ledger:
        report = ledger.ingest([str(path)])
        assert not report.errors, report.errors
        out = io.StringIO()
        write_jsonl(ledger, out)
    records = [json.loads(line) for line in out.getvalue().splitlines() if line]
    assert len(records) == len({r["item"] for r in records})  # one article per JSONL line
    return {r["item"]: figures(r["casualties"]) for r in records}


def test_hand_written_articles_score_the_same_in_eval_and_export(tmp_path: Path) -> None:
    path = tmp_path / "hand.jsonl"
    path.write_text(jsonl(HAND_WRITTEN), encoding="utf-8")
    items = [i for i in read_jsonl(str(path), path.read_text(encoding="utf-8"), None, None) if isinstance(i, Item)]
    assert [i.source for i in items] == [r["id"] for r in HAND_WRITTEN]
    scored = evaluated(items)
    assert scored == ingested(path, tmp_path / "hand.db")
    # figures read off the English, so both ways are also right
    assert scored["party"]["killed"] == (3, "exact", "headline")  # the headline wins over the text's two
    assert scored["party"]["injured"] == (4, "exact", "text")
    assert scored["ferry"]["killed"] == (1, "exact", "text") and scored["ferry"]["missing"] == (12, "exact", "text")
    assert scored["council"] == {"killed": None, "injured": None, "missing": None}


def test_eval_dates_counts_so_an_earlier_death_is_background(tmp_path: Path) -> None:
    """The November 2013 death is 16 months before the story of March 2015 and its Saturday shooting:
    background, so the article reports two wounded and no deaths. Without the article's times (as
    ``eval counts`` ran before it ran the pipeline) the same counts give one death."""
    (item,) = [i for i in read_jsonl("x.jsonl", jsonl([EARLIER_EVENT]), None, None) if isinstance(i, Item)]
    scored = evaluated([item])["blue-room"]
    assert scored["killed"] is None
    assert scored["injured"] == (2, "exact", "text")

    pipeline = Pipeline(PipelineConfig(only=("counts",)))
    ((analysed, _),) = list(pipeline.analyse([(article, None) for article in pipeline.articles_of(item)]))
    undated = tally_casualties(find_counts(analysed, None)[0])
    assert undated["killed"] is not None and undated["killed"].value == 1  # the rule is what removes it


def test_gvdb_articles_score_the_same_in_eval_and_export(tmp_path: Path) -> None:
    if not GVDB_DEV.is_file():
        pytest.skip(f"no GVDB dev set at {GVDB_DEV}")
    articles = read_gvdb(str(GVDB_DEV))[::10]
    assert len(articles) == 40
    path = tmp_path / "gvdb.jsonl"
    path.write_text(jsonl([{"id": a.id, "title": a.title, "text": a.text} for a in articles]), encoding="utf-8")
    items = gvdb_items(articles, str(GVDB_DEV))
    written = [i for i in read_jsonl(str(path), path.read_text(encoding="utf-8"), None, None) if isinstance(i, Item)]
    # the items eval scores are the lines ingest reads: same ids, texts and titles
    assert [(i.source, i.text, i.title) for i in items] == [(i.source, i.text, i.title) for i in written]
    assert all(i.title for i in items)  # every GVDB article has its title
    scored = evaluated(items)
    assert sorted(scored) == sorted(a.id for a in articles)
    assert scored == ingested(path, tmp_path / "gvdb.db")
    assert any(f["killed"] is not None for f in scored.values())  # the sample reports deaths
