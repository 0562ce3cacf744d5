"""Times: time expressions found in news text and normalised to TIMEX3 values.

``rules`` finds and normalises them against the article's ``reference``
date; ``value`` says what days a TIMEX3 value covers (one parser for every
reader); ``table`` stores them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsledger.extract import Extractor, register
from newsledger.extract.times.reference import reference_date
from newsledger.extract.times.rules import Timex, find_times
from newsledger.extract.times.table import TABLE, time_id
from newsledger.model import AnalysedArticle

__all__ = ["Timex", "extract", "find_times", "reference_date", "time_id"]


def extract(analysed: AnalysedArticle, found: Mapping[str, Any] | None = None, settings: None = None) -> dict[str, Any]:
    """The article's time expressions, offsets into its item, and the reference date they resolve against."""
    article = analysed.article
    reference, source = reference_date(article)
    times = [
        Timex(article.start + t.start, article.start + t.end, t.text, t.type, t.value, t.mod, t.anchor)
        for t in find_times(article.analysis_text, reference, analysed.doc)
    ]
    return {"times": times, "reference_date": (reference.isoformat(), source) if reference else None}


register(Extractor(name="times", requires=(), assigns=("times", "reference_date"), extract=extract, table=TABLE))
