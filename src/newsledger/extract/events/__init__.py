"""Events: what each article reports happened, as ACLED codes it (or a kind ACLED leaves out).

``cues.toml`` holds the kinds (CASE 2021's codes, ACLED's event and sub-event
types) and the words that signal each; ``rules`` finds candidates from those
words and from the parse (who took a place, who was killed); ``actors`` names
actors and places ACLED's way; ``report`` picks the article's events and fills
them in; ``table`` stores them. Runs after times and counts: an event's date
and fatalities are theirs (its places and actors come from the parse).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsledger.extract import Extractor, register
from newsledger.extract.events.cues import ACLED_TYPES, NOT_ACLED, Kind, cue_book, parse_cues
from newsledger.extract.events.report import FoundEvent, find_events
from newsledger.extract.events.table import TABLE, event_id
from newsledger.model import AnalysedArticle

__all__ = ["ACLED_TYPES", "NOT_ACLED", "FoundEvent", "Kind", "cue_book", "event_id", "find_events", "parse_cues"]


def extract(analysed: AnalysedArticle, found: Mapping[str, Any], settings: None) -> dict[str, Any]:
    return {"events": find_events(analysed, dict(found))}


register(Extractor(name="events", requires=("times", "casualties"), assigns=("events",), extract=extract, table=TABLE))
