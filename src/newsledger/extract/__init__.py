"""Extractors: named components that read an analysed article and add facts.

Each extractor declares what it adds (the keys it fills in ``Facts.found``
and in the JSONL export), the tables it stores them in, how its facts become
rows, and how they are read back for export. Ingest and store never need to
change when a new kind of fact (claims, counts, times) is plugged in:

    register(Extractor(name="entities", adds=("entities",), extract=..., schema=..., to_rows=..., export=...))

``extract`` receives the analysed article and the facts earlier extractors
found in it, so a later kind can link to an earlier one (counts to times).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newsledger.model import AnalysedArticle

Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Extractor:
    """One kind of fact: how to find it, store it and export it."""

    name: str
    adds: tuple[str, ...]
    extract: Callable[[AnalysedArticle, dict[str, Any]], dict[str, Any]]  # (article, facts found so far)
    schema: str
    to_rows: Callable[[str, dict[str, list[Any]]], Rows]
    export: Callable[[sqlite3.Connection, str], dict[str, Any]]


REGISTRY: dict[str, Extractor] = {}


def register(extractor: Extractor) -> Extractor:
    """Add an extractor to the pipeline; its name must be new."""
    if extractor.name in REGISTRY:
        raise ValueError(f"an extractor named {extractor.name!r} is already registered")
    REGISTRY[extractor.name] = extractor
    return extractor


def extractors() -> list[Extractor]:
    """The registered extractors, in registration order (built-ins first)."""
    _load_builtins()
    return list(REGISTRY.values())


def _load_builtins() -> None:
    # Each registers itself on import, in this order: claims resolve speakers to entities and
    # link to times; counts link to times and to the claim that holds them.
    from newsledger.extract import entities  # noqa: F401
    from newsledger.extract import time_records  # noqa: F401
    from newsledger.extract import claim_records  # noqa: F401
    from newsledger.extract import count_records  # noqa: F401
