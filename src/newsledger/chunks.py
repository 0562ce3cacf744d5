"""Cut a long text into pieces for the parser, and join the pieces' Docs back into one.

spaCy's memory grows with the characters of a batch (about 3.5 kB a character
on en_core_web_sm), so one article of 500,000 characters parsed whole needs
well over a gigabyte. Parsed in pieces of a few thousand characters, cut where
a paragraph, a line or a sentence ends, a batch holds a bounded number of
characters whatever the article's length, and the pieces' Docs joined with
``Doc.from_docs`` give one Doc whose text is the article's text, character for
character, so every token's ``idx`` is its offset into the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from newsledger.segment import SENTENCE_END

# Where to cut, best first; each is searched for in the second half of a piece's window, the last one found wins.
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
LINE_BREAK = re.compile(r"\n")
WHITESPACE = re.compile(r"\s")
BOUNDARIES = (BLANK_LINE, LINE_BREAK, SENTENCE_END, WHITESPACE)
TRAILING_SPACE = re.compile(r"\s*")


def pieces(text: str, size: int) -> Iterator[str]:
    """``text`` in consecutive pieces of at most about ``size`` characters that join back into it.

    Each cut is at the last blank line in the second half of the piece's window,
    else the last line break there, else the last sentence end, else the last
    space; the whitespace after the cut stays with the piece before it, so the
    next piece starts at a word and no token is split. A stretch of ``size``
    characters with no space at all is cut at its end.
    """
    size = max(1, size)
    start = 0
    while len(text) - start > size:
        cut = _cut(text, start + size // 2, start + size)
        yield text[start:cut]
        start = cut
    if start < len(text) or not text:
        yield text[start:]


def _cut(text: str, low: int, high: int) -> int:
    """The best place to cut ``text`` between ``low`` and ``high``, past the whitespace there."""
    for boundary in BOUNDARIES:
        last = None
        for last in boundary.finditer(text, low, high):  # noqa: B007 - the last match is the one wanted
            pass
        if last is not None:
            return TRAILING_SPACE.match(text, last.end()).end()  # type: ignore[union-attr]  # \s* always matches
    return high


def join_docs(docs: list[Any]) -> Any:
    """One Doc of the pieces' Docs, in order: the text is their texts joined as they are (no space added
    between pieces), tokens, tags, parse, sentences and entities each piece's own."""
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False)
