"""Hand-written texts through the real pipeline, for the extractor tests: one ``nlp.pipe`` pass per call.

Every extractor test reads its expectations off the English; what differs between them is only which
extractor's records they look at. Each text becomes the JSONL item ingest would make of it
(``Item -> segment -> analyse``), and the extractors run in the order the pipeline runs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from newsledger.extract import times
from newsledger.extract.claims import Claim, find_claims
from newsledger.extract.counts import Count, Tally, find_counts, tally_casualties
from newsledger.extract.entities import find_entities
from newsledger.model import AnalysedArticle, Item
from newsledger.nlp import analyse
from newsledger.segment import segment


@dataclass
class CountsFound:
    """One text's counts and the casualty tally the article would store."""

    counts: list[Count]
    casualties: dict[str, Tally | None]

    def value(self, category: str) -> float | None:
        """The tally's figure for ``category`` (killed, injured, missing), None when there is none."""
        tally = self.casualties[category]
        return None if tally is None else tally.value


def analysed_texts(
    texts: Mapping[str, str], published: str | None = None, formats: Mapping[str, str] | None = None
) -> dict[str, list[AnalysedArticle]]:
    """Each text's articles, analysed, in text order; keyed as ``texts``. A text is a JSONL item unless ``formats``
    names another input format for its key ("text" lets a dump split into articles)."""
    pairs = []
    for key, text in texts.items():
        form = (formats or {}).get(key, "jsonl")
        item = Item(source=key, text=text, format=form, path=key, published=published)
        pairs.extend((article, key) for article in segment(item))
    found: dict[str, list[AnalysedArticle]] = {key: [] for key in texts}
    for analysed, key in analyse(pairs):
        found[key].append(analysed)
    return found


def claims_of(
    texts: Mapping[str, str], published: str | None = None, formats: Mapping[str, str] | None = None
) -> dict[str, list[Claim]]:
    """Each text's claims over all its articles, each article's entities found first as the pipeline finds them."""
    return {
        key: [claim for analysed in articles for claim in find_claims(analysed, find_entities(analysed))]
        for key, articles in analysed_texts(texts, published, formats).items()
    }


def counts_of(texts: Mapping[str, str], published: str | None = None) -> dict[str, CountsFound]:
    """Each text's counts in its first article (with their times, resolved against ``published``) and the
    casualty tally that article would store."""
    found = {}
    for key, articles in analysed_texts(texts, published).items():
        counts, _ = find_counts(articles[0], times.extract(articles[0])["times"])
        found[key] = CountsFound(counts, tally_casualties(counts))
    return found
