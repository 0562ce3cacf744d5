"""The reference date relative time expressions resolve against.

It is the article's publication date when the input gives one, else a full
date in a wire dateline at the top of the article ("WASHINGTON, March 3, 2016
(Reuters) -", "INDIANAPOLIS, Ind. (January 24, 2016)--"). A dateline
without a year is not enough: nothing is guessed, and today's date is never used.
"""

from __future__ import annotations

import re
from datetime import date

from newsledger.extract.times.rules import MONTHS
from newsledger.model import Article

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
