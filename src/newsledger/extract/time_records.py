"""How time expressions are found per article, stored and exported.

The reference date is the article's publication date when the input gives
one, else a full date in a wire dateline at the top of the article
("WASHINGTON, March 3, 2016 (Reuters) -", "INDIANAPOLIS, Ind. (January 24,
2016)--"). A dateline without a year is not enough: nothing is guessed.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import Any

from newsledger.extract import Extractor, Rows, register
from newsledger.extract.timex import MONTHS, Timex, find_times
from newsledger.model import AnalysedArticle, Article, content_hash

SCHEMA = """
CREATE TABLE IF NOT EXISTS reference_dates (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    value       TEXT NOT NULL,     -- the date relative expressions were resolved against
    source      TEXT NOT NULL      -- published | dateline
);
"""

DATELINE_DATE = re.compile(
    r"""^\W{0,3}[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,15})?\s*[,(]?\s*
    \(?(?P<m>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d\d)\)?""",
    re.X,
)


def reference_date(article: Article) -> tuple[date | None, str | None]:
    """The publication date, else a full dateline date; (None, None) when neither is given."""
    if article.published:
        return date.fromisoformat(article.published), "published"
    head = article.analysis_text.lstrip()[:160]
    match = DATELINE_DATE.match(head)
    if match and match["m"].lower()[:3] in MONTHS:
        month = MONTHS[match["m"].lower()[:3]]
        try:
            return date(int(match["y"]), month, int(match["d"])), "dateline"
        except ValueError:
            return None, None
    return None, None


def extract(analysed: AnalysedArticle, found: dict[str, Any] | None = None) -> dict[str, Any]:
    article = analysed.article
    reference, source = reference_date(article)
    times = [
        Timex(article.start + t.start, article.start + t.end, t.text, t.type, t.value, t.mod, t.anchor)
        for t in find_times(article.analysis_text, reference, analysed.doc)
    ]
    return {"times": times, "reference_date": (reference.isoformat(), source) if reference else None}


def time_id(article_id: str, start: int, end: int) -> str:
    """Id of the time expression at ``start``-``end`` of an article's item."""
    return content_hash(f"{article_id}|time|{start}|{end}")


def to_rows(article_id: str, found: dict[str, Any]) -> Rows:
    rows = [
        {"id": time_id(article_id, t.start, t.end), "article_id": article_id, "start": t.start, "end": t.end, "text": t.text,
         "type": t.type, "value": t.value, "mod": t.mod, "anchor": t.anchor}
        for t in found["times"]
    ]
    reference = found.get("reference_date")
    dates = [{"article_id": article_id, "value": reference[0], "source": reference[1]}] if reference else []
    return {"times": rows, "reference_dates": dates}


def export(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    times = []
    for row in cursor.execute('SELECT * FROM times WHERE article_id = ? ORDER BY start', (article_id,)):
        record = {"id": row["id"], "text": row["text"], "start": row["start"], "end": row["end"],
                  "type": row["type"], "value": row["value"]}
        if row["mod"]:
            record["mod"] = row["mod"]
        if row["anchor"]:
            record["anchor"] = row["anchor"]
        times.append(record)
    reference = conn.execute("SELECT value, source FROM reference_dates WHERE article_id = ?", (article_id,)).fetchone()
    return {"times": times, "reference_date": {"value": reference[0], "source": reference[1]} if reference else None}


register(
    Extractor(
        name="times",
        adds=("times", "reference_date"),
        extract=extract,
        schema=SCHEMA,
        to_rows=to_rows,
        export=export,
    )
)
