"""The cue file (``cues.toml``): each kind of event, and the words that say one happened, checked at load.

A cue is a regular expression over one sentence with the kind it signals and
how strongly (1 a hint .. 4 decisive; 5 overrides the cues its words contain:
weapons *found* are no explosion). A cue may also ``need`` a pattern somewhere
in the article: "clashes" in an article about a protest are a riot, not a battle. The file is data: a coder can add a
phrasing without reading code, and a mistake (an unknown kind, a pattern that
does not compile, a ``{part}`` nobody defined) stops the import with a
``LexiconError`` naming the file and the cue.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from newsledger.lexicon import LexiconError

#: ACLED's six event types, in the codebook's order.
ACLED_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
#: What the event type is when the event is not one ACLED codes (organised crime, a disaster, diplomacy ...).
NOT_ACLED = "none"
STRENGTHS = range(1, 6)
#: What a [[cues]] entry may hold: kind, strength and pattern it must.
CUE_KEYS = frozenset({"kind", "strength", "pattern", "needs"})


@dataclass(frozen=True)
class Kind:
    """One kind of event: CASE 2021's code, ACLED's event type ("none" when ACLED codes no such event)
    and sub-event type (or the name of the kind outside ACLED)."""

    code: str
    type: str
    sub_type: str

    @property
    def acled(self) -> bool:
        return self.type != NOT_ACLED


@dataclass(frozen=True)
class Cue:
    """A pattern whose match says an event of ``kind`` happened, with its ``strength``."""

    kind: Kind
    strength: int
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None  # counts only in an article where this matches


@dataclass(frozen=True)
class Quiet:
    """Sentences where cues of some kinds say nothing happened: a trial reports a court, not the crime."""

    pattern: re.Pattern[str]
    kinds: frozenset[str]


@dataclass(frozen=True)
class CueBook:
    """The kinds by code, the cues in file order, and where some kinds' cues are quiet."""

    kinds: dict[str, Kind]
    cues: tuple[Cue, ...]
    quiet: Quiet | None = None


def parse_cues(text: str, name: str = "<cues>") -> CueBook:
    """The checked cue book of one TOML text; ``LexiconError`` names the first mistake."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{name}: not valid TOML: {error}") from None
    kinds = _kinds(name, data.get("kinds"))
    parts = data.get("parts", {})
    if not isinstance(parts, dict) or not all(isinstance(v, str) for v in parts.values()):
        raise LexiconError(f"{name} [parts]: each part must be a string")
    cues = tuple(_cue(name, i, entry, kinds, parts) for i, entry in enumerate(data.get("cues", []), 1))
    if not cues:
        raise LexiconError(f"{name}: no [[cues]]")
    return CueBook(kinds, cues, _quiet(name, data.get("quiet"), kinds, parts))


def _quiet(name: str, table: Any, kinds: dict[str, Kind], parts: dict[str, str]) -> Quiet | None:
    if table is None:
        return None
    if not isinstance(table, dict) or set(table) != {"pattern", "kinds"} or not isinstance(table["kinds"], list):
        raise LexiconError(f"{name} [quiet]: needs exactly pattern and a list of kinds, got {table!r}")
    unknown = [k for k in table["kinds"] if k not in kinds]
    if unknown:
        raise LexiconError(f"{name} [quiet]: kind {unknown[0]!r} is not in [kinds]")
    return Quiet(_compiled(f"{name} [quiet]", "pattern", table["pattern"], parts), frozenset(table["kinds"]))


def _kinds(name: str, table: Any) -> dict[str, Kind]:
    if not isinstance(table, dict) or not table:
        raise LexiconError(f"{name}: no [kinds] table")
    kinds = {}
    for code, value in table.items():
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
            raise LexiconError(f"{name} [kinds]: {code} must be [event type, sub-event type], got {value!r}")
        event_type, sub_type = value
        if event_type and event_type not in ACLED_TYPES:
            raise LexiconError(f"{name} [kinds]: {code} has {event_type!r}, not one of ACLED's event types")
        if not sub_type:
            raise LexiconError(f"{name} [kinds]: {code} has no sub-event type")
        kinds[code] = Kind(code, event_type or NOT_ACLED, sub_type)
    return kinds


def _cue(name: str, number: int, entry: Any, kinds: dict[str, Kind], parts: dict[str, str]) -> Cue:
    where = f"{name} cue {number}"
    if not isinstance(entry, dict) or not {"kind", "strength", "pattern"} <= set(entry) <= CUE_KEYS:
        raise LexiconError(f"{where}: needs kind, strength and pattern (and may have needs), got {entry!r}")
    kind, strength = entry["kind"], entry["strength"]
    if kind not in kinds:
        raise LexiconError(f"{where}: kind {kind!r} is not in [kinds]")
    if isinstance(strength, bool) or not isinstance(strength, int) or strength not in STRENGTHS:
        raise LexiconError(f"{where}: strength {strength!r} is not 1 to 5")
    needs = entry.get("needs")
    return Cue(
        kinds[kind],
        strength,
        _compiled(where, "pattern", entry["pattern"], parts),
        _compiled(where, "needs", needs, parts) if needs is not None else None,
    )


def _compiled(where: str, key: str, pattern: Any, parts: dict[str, str]) -> re.Pattern[str]:
    """A cue's pattern with its parts put in, matching whole words only, case aside."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise LexiconError(f"{where}: empty {key}")
    try:
        expanded = re.sub(r"\{(\w+)\}", lambda m: parts[m.group(1)], pattern)
    except KeyError as error:
        raise LexiconError(f"{where}: {{{error.args[0]}}} in its {key} is not in [parts]") from None
    try:
        return re.compile(rf"(?<!\w)(?:{expanded})(?!\w)", re.IGNORECASE)
    except re.error as error:
        raise LexiconError(f"{where}: {key} does not compile: {error}") from None


@cache
def cue_book() -> CueBook:
    """The shipped cue book, read and checked once."""
    text = files("newsledger.extract.events").joinpath("cues.toml").read_text(encoding="utf-8")
    return parse_cues(text, "newsledger/extract/events/cues.toml")
