"""Text from the ledger made safe to show: control characters become visible escapes, never commands.

Article text, titles, outlets and file names come from whoever wrote the
input. Printed raw, an ESC sequence in them can clear the screen, retitle the
window or plant an OSC 8 hyperlink; a bidi override (U+202E) can make a line
read differently from what it holds. ``visible`` shows each such character as
the escape Python would write for it (``\\x1b``, ``\\x9b``, ``\\u202e``), so
the text is still all there and nothing in it is obeyed. What is escaped is
one pattern, ``CONTROL``, kept here so every output uses the same list.

``json_visible`` does the same for JSON text written with
``ensure_ascii=False``: it writes the few characters a terminal could obey
as four-hex-digit ``\\u`` escapes (``\\u202e``), which JSON reads back as the same value.

This module imports nothing heavy: ``newsledger.model`` uses it for error
lines, and library users pay nothing for it.
"""

from __future__ import annotations

import re

#: Characters never shown raw: C0 controls but tab and line feed, DEL, C1 controls (U+009B is a CSI on
#: its own), the bidi embeddings, overrides and isolates (the "Trojan Source" ones), and lone surrogates
#: (undecodable bytes of a file name; writing them would fail).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: On one line (an error message naming a file), tab and line feed are escaped too.
CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: A carriage return ending a line (CRLF text) moves nothing a line feed would not: kept as it is.
_CRLF_KEPT = re.compile("(?!\r\n)" + CONTROL.pattern)
#: The characters JSON may carry raw (it escapes C0 itself) that a terminal could still obey.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def escape(char: str) -> str:
    """One character as Python writes it in a string literal: ``\\x1b``, ``\\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    return escape(match.group())


def visible(text: str, *, line: bool = False) -> str:
    """``text`` with every control character shown as its escape; ``line``: tab and line feed too.

    Printable text is returned unchanged, and the result has nothing left to
    escape, so ``visible(visible(t)) == visible(t)``.
    """
    if line:
        return CONTROL_IN_LINE.sub(_escaped, text)
    return _CRLF_KEPT.sub(_escaped, text)


def visible_offsets(text: str) -> tuple[str, list[int]]:
    """``visible(text)`` and where each offset of ``text`` lands in it (``len(text) + 1`` entries).

    Highlights computed on the stored text (a claim's cue, a count) are
    moved with this onto the text as shown."""
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    last = 0
    for match in _CRLF_KEPT.finditer(text):
        for _ in range(last, match.start()):
            offsets.append(position)
            position += 1
        shown = escape(match.group())
        offsets.append(position)
        pieces.append(text[last : match.start()])
        pieces.append(shown)
        position += len(shown)
        last = match.end()
    for _ in range(last, len(text)):
        offsets.append(position)
        position += 1
    pieces.append(text[last:])
    offsets.append(position)
    return "".join(pieces), offsets


def json_visible(dumped: str) -> str:
    """JSON text with DEL, C1, bidi controls, line separators and lone surrogates as ``\\u`` escapes (``\\u009b``).

    JSON's structure is all ASCII, so these characters can only be inside
    strings, where the escape stands for the same character: the value read
    back is identical."""
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)
