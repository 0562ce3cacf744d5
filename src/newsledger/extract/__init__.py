"""Extractors: one package per kind of fact, each owning its rules, lexicon, learnt parts and table.

An extractor declares what it ``requires`` (facts earlier extractors found
in the same article) and what it ``assigns``; the pipeline runs them in an
order that satisfies every requirement, as spaCy orders its components, so
registration order does not matter. Its ``table`` says how its facts are
stored, migrated and read back as typed records, so ingest, store, link and
export never need to know a kind's tables (a new kind's records join the
export contract, ``newsledger.records.Article``):

    register(Extractor(name="entities", requires=(), assigns=("entities",), extract=..., table=...))

``extract`` receives the analysed article, the facts found so far and the
extractor's own settings (from ``PipelineConfig``), never module globals.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from newsledger.model import AnalysedArticle
from newsledger.model import Article as ArticleModel

Rows = dict[str, list[dict[str, Any]]]
#: A step that upgrades a kind's tables from one database schema version to the next: SQL or a function.
Migration = str | Callable[[sqlite3.Connection], None]


class FactTable(Protocol):
    """How one kind of fact lives in the database."""

    #: The tables the kind owns, in the order they are created.
    tables: tuple[str, ...]
    #: Their DDL (``CREATE TABLE IF NOT EXISTS``), views included; every column commented.
    schema: str
    #: Steps keyed by the database schema version they upgrade from.
    migrations: Mapping[str, Migration]

    def to_rows(self, article_id: str, found: Mapping[str, Any]) -> Rows:
        """The rows of one article's facts, by table."""
        ...

    def read(self, conn: sqlite3.Connection, article: ArticleText, found: Mapping[str, Any]) -> dict[str, Any]:
        """The article's facts as typed records, keyed as the export names them; ``found`` holds the
        records read so far for the article (those of the kinds this one requires, when read)."""
        ...


@dataclass(frozen=True)
class ArticleText:
    """What a kind needs to know of a stored article to read its facts back: ids and texts to cut spans from."""

    id: str
    start: int
    text: str  # the article's text: item_text[start:start + len(text)]
    item_text: str


@dataclass(frozen=True)
class Extractor:
    """One kind of fact: what it needs, what it adds, how to find it and how it is stored."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    extract: Callable[[AnalysedArticle, Mapping[str, Any], Any], dict[str, Any]]  # (article, found, settings)
    table: FactTable
    settings: Callable[[], Any] = field(default=lambda: None)  # the default settings of this kind
    #: Texts besides the article's own that this kind reads parsed (a headline), by name; the pipeline parses
    #: them in the same ``nlp.pipe`` pass as the article and hands them over in ``AnalysedArticle.docs``.
    parses: Callable[[ArticleModel], Mapping[str, str]] = field(default=lambda article: {})


def add_columns(conn: sqlite3.Connection, table: str, columns: Mapping[str, str]) -> None:
    """A migration step: add the columns a table lacks (a table not there yet is made whole by its schema)."""
    have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
    for name, declaration in columns.items():
        if have and name not in have:
            conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {declaration}')


class PipelineOrderError(ValueError):
    """Extractors whose requirements cannot be met: a missing fact, or a cycle."""


REGISTRY: dict[str, Extractor] = {}


def register(extractor: Extractor) -> Extractor:
    """Add an extractor; its name must be new."""
    if extractor.name in REGISTRY:
        raise ValueError(f"an extractor named {extractor.name!r} is already registered")
    REGISTRY[extractor.name] = extractor
    return extractor


def extractors(only: Iterable[str] | None = None) -> list[Extractor]:
    """The registered extractors in an order that meets every ``requires``.

    ``only`` narrows them to these names and whatever they need, so an
    evaluation of claims runs exactly what ingest runs before claims.
    """
    _load_builtins()
    chosen = list(REGISTRY.values()) if only is None else _with_requirements(set(only))
    return ordered(chosen)


def ordered(chosen: list[Extractor]) -> list[Extractor]:
    """A topological order by requires/assigns; among ready extractors, registration order."""
    provider = {key: e.name for e in chosen for key in e.assigns}
    missing = [(e.name, key) for e in chosen for key in e.requires if key not in provider]
    if missing:
        raise PipelineOrderError(
            "; ".join(f"{name!r} requires {key!r}, which no extractor assigns" for name, key in missing)
        )
    done: set[str] = set()
    order: list[Extractor] = []
    while len(order) < len(chosen):
        ready = [
            e
            for e in chosen
            if e.name not in done and all(provider[key] in done or provider[key] == e.name for key in e.requires)
        ]
        if not ready:
            stuck = sorted(e.name for e in chosen if e.name not in done)
            raise PipelineOrderError(f"extractors {', '.join(stuck)} require each other's facts")
        order.append(ready[0])
        done.add(ready[0].name)
    return order


def _with_requirements(names: set[str]) -> list[Extractor]:
    unknown = names - set(REGISTRY)
    if unknown:
        raise PipelineOrderError(f"no extractor named {', '.join(sorted(unknown))}")
    provider = {key: e.name for e in REGISTRY.values() for key in e.assigns}
    wanted, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        todo.extend(provider[key] for key in REGISTRY[name].requires if key in provider)
    return [e for e in REGISTRY.values() if e.name in wanted]


def _load_builtins() -> None:
    """Each kind registers itself when its package is imported; the order here does not matter."""
    from newsledger.extract import claims, counts, entities, events, times  # noqa: F401
