"""Entities: named-entity mentions grouped into one entity per referent in an article.

``rules`` groups spaCy's mentions (a surname joins its full name, an acronym
the organisation it abbreviates); ``table`` stores them with every mention.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsledger.extract import Extractor, register
from newsledger.extract.entities.rules import ACRONYM, canonical_form, find_entities, initials
from newsledger.extract.entities.table import TABLE, entity_id
from newsledger.model import AnalysedArticle

__all__ = ["ACRONYM", "canonical_form", "entity_id", "find_entities", "initials"]


def extract(analysed: AnalysedArticle, found: Mapping[str, Any], settings: None) -> dict[str, Any]:
    return {"entities": find_entities(analysed)}


register(Extractor(name="entities", requires=(), assigns=("entities",), extract=extract, table=TABLE))
