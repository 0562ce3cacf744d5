"""Word lists kept as TOML data files next to the rules that use them, checked when they are loaded.

The rules used to keep their lexicons in code, merged with ``**dict.fromkeys(...)``,
so a word listed in two groups silently took the later one ("acknowledge" was
both ``confirm`` and ``assert``; ``assert`` won). Here every such mistake stops
the import with a ``LexiconError`` naming the file, the table and the word.

A lexicon file holds three kinds of table, told apart by their shape:

    # a grouped table: word -> group; a word may appear in only one entry
    [[stances]]
    group = "confirm"
    words = ["confirm", "acknowledge"]

    # a plain word list
    [attitudes]
    words = ["know", "want"]

    # a table of numbers: word -> integer
    [scales]
    dozen = 12
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

__all__ = ["Lexicon", "LexiconError", "load_lexicon", "parse_lexicon"]


class LexiconError(ValueError):
    """A lexicon file that would make the rules silently wrong: a word in two groups, an empty word, ..."""


V = TypeVar("V")


@dataclass(frozen=True)
class Lexicon:
    """The checked tables of one lexicon file; every accessor returns a fresh copy, so callers cannot share edits."""

    name: str
    _groups: dict[str, dict[str, str]] = field(repr=False)
    _lists: dict[str, tuple[str, ...]] = field(repr=False)
    _numbers: dict[str, dict[str, int]] = field(repr=False)

    def groups(self, table: str, allowed: Iterable[str] | None = None) -> dict[str, str]:
        """Word -> group, in file order. With ``allowed``, a group outside it (a typo: "asert") is refused."""
        grouped = self._table(self._groups, table, "grouped table")
        if allowed is not None:
            allowed = frozenset(allowed)
            for word, group in grouped.items():
                if group not in allowed:
                    raise LexiconError(
                        f"{self.name} [[{table}]]: {word!r} is under group {group!r}, "
                        f"not one of {', '.join(sorted(allowed))}"
                    )
        return dict(grouped)

    def words(self, table: str) -> frozenset[str]:
        """A plain word list, for membership tests."""
        return frozenset(self._table(self._lists, table, "word list"))

    def ordered(self, table: str) -> tuple[str, ...]:
        """A plain word list in file order, where order matters (a regex alternation, a tuple of marks)."""
        return self._table(self._lists, table, "word list")

    def numbers(self, table: str) -> dict[str, int]:
        """Word -> integer, in file order ("dozen" -> 12)."""
        return dict(self._table(self._numbers, table, "table of numbers"))

    def disjoint(self, *parts: dict[str, V]) -> dict[str, V]:
        """Mappings built from several tables, merged; a word in two of them is refused, not overridden."""
        merged: dict[str, V] = {}
        for part in parts:
            for word, value in part.items():
                if word in merged:
                    raise LexiconError(f"{self.name}: {word!r} is listed in two tables")
                merged[word] = value
        return merged

    def _table(self, tables: dict[str, Any], table: str, kind: str) -> Any:
        if table not in tables:
            raise LexiconError(f"{self.name}: no {kind} [{table}]")
        return tables[table]


@cache
def load_lexicon(package: str, filename: str) -> Lexicon:
    """The lexicon shipped as ``filename`` in ``package``; read through importlib.resources so it works installed.

    Cached: several modules share one file (counts), and the tables are handed out as copies."""
    text = (files(package) / filename).read_text(encoding="utf-8")
    return parse_lexicon(text, f"{package}/{filename}")


def parse_lexicon(text: str, name: str = "<lexicon>") -> Lexicon:
    """Parse and check a lexicon's TOML text; ``name`` says where it came from in every error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{name}: not valid TOML: {error}") from None
    groups: dict[str, dict[str, str]] = {}
    lists: dict[str, tuple[str, ...]] = {}
    numbers: dict[str, dict[str, int]] = {}
    for table, value in data.items():
        if isinstance(value, list):
            groups[table] = _grouped(name, table, value)
        elif isinstance(value, dict) and set(value) == {"words"}:
            lists[table] = _plain(name, table, value["words"])
        elif isinstance(value, dict):
            numbers[table] = _numbers(name, table, value)
        else:
            raise LexiconError(
                f"{name}: {table!r} is not a table ([[{table}]] with group and words, "
                f"[{table}] with words, or [{table}] of numbers)"
            )
    return Lexicon(name, groups, lists, numbers)


def _grouped(name: str, table: str, entries: list[Any]) -> dict[str, str]:
    """Word -> group; a word met twice is refused even under the same group name, as it is a slip either way."""
    grouped: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"group", "words"}:
            raise LexiconError(f"{name} [[{table}]]: each entry needs exactly 'group' and 'words', got {entry!r}")
        group = _word(name, table, entry["group"])
        for word in _list(name, table, entry["words"]):
            if word in grouped:
                raise LexiconError(
                    f"{name} [[{table}]]: {word!r} is listed under both {grouped[word]!r} and {group!r}; list it once"
                )
            grouped[word] = group
    return grouped


def _plain(name: str, table: str, words: Any) -> tuple[str, ...]:
    """A list's words in order; a duplicate is refused, as it hints at a merge of two lists gone wrong."""
    listed = _list(name, table, words)
    seen: set[str] = set()
    for word in listed:
        if word in seen:
            raise LexiconError(f"{name} [{table}]: {word!r} is listed twice")
        seen.add(word)
    return listed


def _numbers(name: str, table: str, values: dict[str, Any]) -> dict[str, int]:
    """Word -> integer (TOML already refuses a key given twice)."""
    for word, number in values.items():
        _word(name, table, word)
        if not isinstance(number, int) or isinstance(number, bool):
            raise LexiconError(f"{name} [{table}]: {word!r} = {number!r} is not an integer")
    return dict(values)


def _list(name: str, table: str, words: Any) -> tuple[str, ...]:
    if not isinstance(words, list):
        raise LexiconError(f"{name} [{table}]: 'words' is {words!r}, not a list")
    return tuple(_word(name, table, word) for word in words)


def _word(name: str, table: str, word: Any) -> str:
    """A non-empty string without padding: "" or " say" would never match a token."""
    if not isinstance(word, str):
        raise LexiconError(f"{name} [{table}]: {word!r} is not a string")
    if not word.strip() or word != word.strip():
        raise LexiconError(f"{name} [{table}]: empty or padded word {word!r}")
    return word
