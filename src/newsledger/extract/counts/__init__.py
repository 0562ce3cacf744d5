"""Counts: how many people were killed, wounded, missing, evacuated ..., money, and each article's casualties.

``numbers`` (shared with times) parses number phrases; ``predicates`` says
what happened to the people counted; ``victims`` counts named and described
victims; ``rules`` walks the sentences and gives every count its context;
``casualties`` tallies the article's best estimate as an ACLED coder would;
``table`` stores counts, money and casualties. Runs after times (a count's
``when``) and claims (the claim whose content holds it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsledger.extract import Extractor, register
from newsledger.extract.counts.casualties import Tally, tally_casualties
from newsledger.extract.counts.rules import Count, Money, find_counts, headline_casualties, headline_text
from newsledger.extract.counts.table import TABLE, count_id
from newsledger.model import AnalysedArticle, Article

__all__ = ["Count", "Money", "Tally", "count_id", "find_counts", "headline_casualties", "tally_casualties"]


#: The name under which the pipeline hands over the parsed headline.
HEADLINE = "headline"


def extract(analysed: AnalysedArticle, found: Mapping[str, Any], settings: None = None) -> dict[str, Any]:
    """Counts and money of the article, and its casualties: the headline's figures (JSONL or HTML title)
    win over the text's; a headline found in a text dump is a line of the article, already counted."""
    counts, money = find_counts(analysed, found.get("times"))
    title = analysed.article.item.title
    casualties = headline_casualties(title, tally_casualties(counts), analysed.docs.get(HEADLINE))
    return {"counts": counts, "money": money, "casualties": casualties}


def parses(article: Article) -> dict[str, str]:
    """The headline, parsed in the article's own ``nlp.pipe`` pass (see ``Extractor.parses``)."""
    return {HEADLINE: headline_text(article.item.title)}


register(
    Extractor(
        name="counts",
        requires=("times", "claims"),
        assigns=("counts", "money", "casualties"),
        extract=extract,
        table=TABLE,
        parses=parses,
    )
)
