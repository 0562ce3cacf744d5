"""What a regular expression's every match must contain, so a text can be passed over without searching it.

The cue patterns of events and the time rules are long alternations searched
with ``re.IGNORECASE``, which Python tries at every position of a text. Most
texts hold none of a pattern's words ("sarin", "ceasefire", "fortnightly"),
and looking for a few plain words (``str.find``) costs a fraction of that.
``required_words`` reads those words off the parsed pattern: a set of
lowercase ASCII strings one of which every match contains. A text (or a
sentence) holding none of them has no match, so skipping it changes nothing.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

#: What ``re.IGNORECASE`` matches to an ASCII letter besides A-Z and a-z, where ``str.lower()`` does not
#: give that letter: dotless "ı" and long "ſ" match "i" and "s", and "İ" lowercases to two characters (the
#: Kelvin sign, the one other, lowercases to "k"). A text holding one is searched without the shortcut.
CASE_ODDITIES = frozenset("\u0131\u017f\u0130")


def lowered(text: str) -> str | None:
    """``text.lower()`` where looking for a lowercase ASCII word in it finds every place a pattern with
    ``re.IGNORECASE`` can match that word, offsets unchanged; None where that is not so."""
    low = text.lower()
    if len(low) != len(text) or any(ch in CASE_ODDITIES for ch in text):
        return None
    return low


@cache
def required_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lowercase ASCII strings one of which every match of ``pattern`` contains (case aside), read off
    the parsed pattern (see the module's docstring). None when the pattern requires no such word."""
    try:
        parser: Any = importlib.import_module("re._parser")
        constants: Any = importlib.import_module("re._constants")
    except ImportError:  # another Python's private layout: search everywhere, as before
        return None
    return _required(parser.parse(pattern.pattern, pattern.flags).data, constants)


def _required(items: Any, c: Any) -> frozenset[str] | None:
    """The most telling word set one of which a sequence of parsed items must contain (see above)."""
    found: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            found.append(frozenset({run}))
            run = ""
        need: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            need = _required(av[-1], c)
        elif op is c.ATOMIC_GROUP:
            need = _required(av, c)
        elif op is c.BRANCH:
            branches = [_required(branch, c) for branch in av[1]]
            need = None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            need = _required(av[2], c)
        if need:
            found.append(need)
    if run:
        found.append(frozenset({run}))
    return max(found, key=lambda words: (min(map(len, words)), -len(words)), default=None)
