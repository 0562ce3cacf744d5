"""Hypothesis strategies for hostile input files: what a careless export or a hostile sender hands ingest.

Each generated file carries a verdict: ``reject`` (no reader may store it: binary, empty, broken JSONL),
``accept`` (plain good text: it must be stored) or ``either`` (a reader may store it or refuse it with a
line, e.g. latin-1 text or a page nested 2000 levels deep). ``text`` is what a faithful reader stores
when it accepts (wrong encodings must not turn into mojibake); None when there is no single right text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from hypothesis import strategies as st

Verdict = Literal["reject", "accept", "either"]

#: Short news sentences: each makes an article of its own.
NEWS = (
    "Police said two people were killed in a shooting in Paris on Monday.",
    "The mayor told reporters that the bridge would reopen on Friday.",
    "Three soldiers were wounded near Kharkiv, the ministry said in a statement.",
    "Officials in Lagos confirmed that 12 people died in the flood last week.",
    "The company announced on Tuesday that it would cut 300 jobs in Ohio.",
    "A spokesman for the hospital said four patients were in critical condition.",
)
#: The same kind of sentences with the characters legacy encodings get wrong.
ACCENTED = (
    "Señor Núñez said the café in Zürich reopened on Monday.",
    "The Société Générale branch in Montréal lost £5 million, officials said.",
    "São Paulo reported 30° heat and two deaths, the mayor's office said.",
)
#: Characters only cp1252 (not latin-1) has in 0x80-0x9F: curly quotes, dashes, the euro sign.
SMART = (
    "“We will rebuild,” the minister said – and pledged €40 million on Friday.",
    "The governor’s office said ‘dozens’ were evacuated… on Sunday — officials said.",
)
#: Things a terminal acts on: colours, screen clears, window titles, hyperlinks, bells, C1 CSI,
#: right-to-left overrides, backspaces and carriage returns that overwrite what was shown.
TERMINAL_TRICKS = (
    "\x1b[31m",
    "\x1b[2J\x1b[H",
    "\x1b]0;owned\x07",
    "\x1b]8;;https://example.invalid/\x1b\\click\x1b]8;;\x1b\\",
    "\x9b1m",
    "\x07",
    "\x08\x08\x08",
    "\rOK ",
    "\u202e",
    "\u2066",
    "\x1b[?1049h",
    "\x7f",
)
#: Byte sequences no UTF-8 decoder accepts: a stray continuation or 0xFF, a cut sequence, an overlong
#: slash, an encoded surrogate.
BROKEN_UTF8 = (b"\xff", b"\x80", b"\xc3", b"\xe2\x82", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80")
#: How binary files start: PNG, ZIP, ELF, gzip, PDF, SQLite.
MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"PK\x03\x04",
    b"\x7fELF\x02\x01\x01",
    b"\x1f\x8b\x08\x00",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    b"SQLite format 3\x00",
)


@dataclass(frozen=True)
class FileCase:
    """One file to write: its name, its bytes, and what a reader may do with it."""

    name: str
    data: bytes
    verdict: Verdict
    why: str
    text: str | None = None

    def __repr__(self) -> str:
        data = self.data if len(self.data) <= 240 else self.data[:200] + b"..." + self.data[-30:]
        return f"FileCase({self.why}, name={self.name!r}, verdict={self.verdict}, {len(self.data)} bytes: {data!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


# -- text ----------------------------------------------------------------


def news(pool: tuple[str, ...] = NEWS, max_size: int = 3) -> st.SearchStrategy[str]:
    """A few sentences, one paragraph each."""
    return st.lists(st.sampled_from(pool), min_size=1, max_size=max_size).map("\n\n".join)


@st.composite
def tricked(draw: st.DrawFn, base: st.SearchStrategy[str] | None = None) -> str:
    """News text with terminal tricks spliced in at word boundaries."""
    words = draw(base if base is not None else news()).split(" ")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(words)))
        words.insert(at, draw(st.sampled_from(TERMINAL_TRICKS)))
    return " ".join(words)


def line_ends(text: str, crlf: bool) -> str:
    return text.replace("\n", "\r\n") if crlf else text


# -- single text files -------------------------------------------------------


def _rejected(name: str, why: str) -> st.SearchStrategy[FileCase]:
    return st.builds(lambda data: FileCase(name, data, "reject", why), _REJECTED_BYTES[why])


_REJECTED_BYTES = {
    "empty": st.just(b""),
    "blank": st.text(" \t\r\n\x0b\x0c", min_size=1, max_size=200).map(str.encode),
    "binary": st.tuples(st.sampled_from(MAGIC), st.binary(min_size=1, max_size=400)).map(
        lambda parts: parts[0] + b"\x00\x01\x02\x00" + parts[1] + b"\x00"
    ),
}


@st.composite
def encoded(draw: st.DrawFn) -> FileCase:
    """Good text in an encoding other than UTF-8, or UTF-8 with a BOM: stored faithfully or refused."""
    kind = draw(st.sampled_from(["latin-1", "cp1252", "utf-16-bom", "utf-16-le", "utf-16-be", "utf-8-bom"]))
    pool = SMART if kind == "cp1252" else ACCENTED
    text = line_ends(draw(news(pool + NEWS[:2])), draw(st.booleans()))
    data = {
        "latin-1": lambda: text.encode("latin-1"),
        "cp1252": lambda: text.encode("cp1252"),
        "utf-16-bom": lambda: text.encode("utf-16"),
        "utf-16-le": lambda: text.encode("utf-16-le"),
        "utf-16-be": lambda: text.encode("utf-16-be"),
        "utf-8-bom": lambda: b"\xef\xbb\xbf" + text.encode("utf-8"),
    }[kind]()
    return FileCase("encoded.txt", data, "accept" if kind == "utf-8-bom" else "either", kind, text)


@st.composite
def broken_utf8(draw: st.DrawFn) -> FileCase:
    """UTF-8 text with undecodable bytes spliced in."""
    data = draw(news(ACCENTED + NEWS)).encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(BROKEN_UTF8)) + data[at:]
    return FileCase("broken.txt", data, "either", "broken UTF-8")


@st.composite
def mixed_encodings(draw: st.DrawFn) -> FileCase:
    """A UTF-8 paragraph followed by a latin-1 one (two sources pasted together)."""
    first, second = draw(st.sampled_from(ACCENTED)), draw(st.sampled_from(ACCENTED))
    return FileCase(
        "mixed.txt", first.encode("utf-8") + b"\n\n" + second.encode("latin-1"), "either", "UTF-8 + latin-1"
    )


@st.composite
def nul_bytes(draw: st.DrawFn) -> FileCase:
    """Text with a NUL in it: up front, or after 64 KiB of blank padding (past a header-only sniff)."""
    text = draw(news()).encode("utf-8")
    at = draw(st.integers(0, len(text)))
    padding = b" " * draw(st.sampled_from([0, 70_000]))
    return FileCase("nul.txt", padding + text[:at] + b"\x00" + text[at:], "either", "NUL byte")


def tricked_text_file() -> st.SearchStrategy[FileCase]:
    """Valid UTF-8 news text full of terminal escapes: stored (and shown harmlessly) or refused."""
    return tricked().map(lambda text: FileCase("tricks.txt", text.encode("utf-8"), "either", "terminal escapes", text))


def single_files() -> st.SearchStrategy[FileCase]:
    """One hostile plain-text file."""
    return st.one_of(
        _rejected("empty.txt", "empty"),
        _rejected("blank.txt", "blank"),
        _rejected("binary.txt", "binary"),
        encoded(),
        broken_utf8(),
        mixed_encodings(),
        nul_bytes(),
        tricked_text_file(),
    )


# -- file names --------------------------------------------------------------


#: Pieces of file names a shell would never type: escapes, newlines, right-to-left overrides, bytes
#: that are not UTF-8 (as surrogate escapes), quotes and spaces.
NAME_PIECES = (
    "\x1b[31m",
    "\x1b]0;owned\x07",
    "\n",
    "\r",
    "\t",
    "\u202e",
    "\x07",
    "\x9b",
    "\udce9",
    "\udcff",
    " ",
    "'",
    '"',
    "é",
    "*",
    "$(x)",
)


@st.composite
def hostile_names(draw: st.DrawFn, suffix: str | None = None) -> str:
    """A file name with control characters in it (starting with a letter so it is never an option)."""
    pieces = draw(
        st.lists(st.sampled_from(NAME_PIECES) | st.sampled_from(["news", "a", "report"]), min_size=1, max_size=4)
    )
    ending = suffix or draw(st.sampled_from([".txt", ".jsonl", ".html"]))
    return "n" + "".join(pieces) + ending


# -- JSONL -------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One JSONL line (without its newline) and its verdict; ``text`` is the article text a good line carries."""

    raw: str
    verdict: Verdict
    why: str
    text: str | None = None

    def __repr__(self) -> str:
        raw = self.raw if len(self.raw) <= 200 else self.raw[:160] + "..." + self.raw[-20:]
        return f"Line({self.why}, {self.verdict}: {raw!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@dataclass
class _Ids:
    """Unique ids and texts for the good lines of one file (their texts must differ to be stored apart)."""

    used: list[tuple[str, str]] = field(default_factory=list)
    drawn: int = 0

    def number(self) -> int:
        self.drawn += 1
        return self.drawn

    def fresh(self, base: str) -> tuple[str, str]:
        number = self.number()
        pair = (f"g{number}", f"{base} Reference number {number} was given.")
        self.used.append(pair)
        return pair


def _dumps(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


@st.composite
def jsonl_line(draw: st.DrawFn, ids: _Ids) -> Line:
    """One line of a JSONL file, good or hostile."""
    kind = draw(
        st.sampled_from(
            [
                "good",
                "good",
                "truncated",
                "not an object",
                "wrong type",
                "lone surrogate",
                "NUL in a string",
                "terminal escapes",
                "duplicate id",
                "deep nesting",
                "huge number",
                "blank",
                "not JSON",
            ]
        )
    )
    if kind == "good":
        given, text = ids.fresh(draw(st.sampled_from(NEWS)))
        extra = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "title": st.sampled_from(NEWS),
                    "published": st.just("2024-05-01"),
                    "outlet": st.just("Wire"),
                },
            )
        )
        return Line(_dumps({"id": given, "text": text, **extra}), "accept", kind, text)
    if kind == "truncated":
        whole = _dumps({"id": "t", "text": draw(st.sampled_from(NEWS))})
        return Line(whole[: draw(st.integers(1, len(whole) - 1))], "reject", kind)
    if kind == "not an object":
        not_object: object = draw(st.sampled_from([[], ["text"], 7, 2.5, "text", None, True, [{"text": NEWS[0]}]]))
        return Line(json.dumps(not_object), "reject", kind)
    if kind == "wrong type":
        name, value = draw(
            st.sampled_from(
                [
                    ("text", 5),
                    ("text", None),
                    ("text", ["a"]),
                    ("text", {"a": 1}),
                    ("text", True),
                    ("text", ""),
                    ("text", "   "),
                    ("title", 5),
                    ("title", ["x"]),
                    ("outlet", {"x": 1}),
                    ("url", 3.5),
                    ("id", 1.5),
                    ("id", ["x"]),
                    ("id", True),
                    ("id", {"x": 1}),
                    ("published", 20240501),
                    ("published", "yesterday"),
                    ("published", "2024-13-45"),
                ]
            )
        )
        record: dict[str, object] = {
            "id": f"w{draw(st.integers(0, 99))}",
            "text": draw(st.sampled_from(NEWS)),
            name: value,
        }
        return Line(_dumps(record), "reject", f"wrong type: {name}={value!r}")
    if kind == "lone surrogate":
        name = draw(st.sampled_from(["text", "title", "id", "outlet", "url"]))
        surrogate = draw(st.sampled_from(["\\ud800", "\\udfff", "\\udc00x"]))
        record = {"id": "s", "text": draw(st.sampled_from(NEWS)), name: "A@@B"}
        return Line(_dumps(record).replace("@@", surrogate), "reject", f"lone surrogate in {name}")
    if kind == "NUL in a string":
        name = draw(st.sampled_from(["text", "title", "id", "outlet"]))
        number = ids.number()
        record = {"id": f"z{number}", "text": f"{draw(st.sampled_from(NEWS))} Line {number}."}
        record[name] = f"{record.get(name, 'Wire')}\u0000 tail"
        return Line(_dumps(record), "either", f"NUL in {name}")
    if kind == "terminal escapes":
        number = ids.number()
        record = {
            "id": f"e{number}",
            "text": f"{draw(tricked())} Escape number {number}.",
            "title": draw(tricked(st.sampled_from(NEWS))),
            "outlet": draw(st.sampled_from(TERMINAL_TRICKS)) + "Wire",
        }
        return Line(_dumps(record), "either", kind)
    if kind == "duplicate id":
        if not ids.used:
            ids.fresh(NEWS[0])
        given, _ = draw(st.sampled_from(ids.used))
        text = f"{draw(st.sampled_from(NEWS))} A second text under one id, number {ids.number()}."
        return Line(_dumps({"id": given, "text": text}), "either", kind, text)
    if kind == "deep nesting":
        depth = draw(st.sampled_from([2_000, 100_000]))
        return Line(
            '{"text": "' + NEWS[0] + '", "extra": ' + "[" * depth + "]" * depth + "}", "either", f"nested {depth} deep"
        )
    if kind == "huge number":
        digits = draw(st.sampled_from([5_000, 50_000]))
        name = draw(st.sampled_from(["id", "extra"]))
        record_raw = '{"text": "' + NEWS[1] + f' Number {digits}.", "' + name + '": ' + "9" * digits + "}"
        return Line(record_raw, "either", f"{digits}-digit number in {name}")
    if kind == "blank":
        return Line(draw(st.sampled_from(["", "   ", "\t", "\r"])), "either", kind)
    return Line(
        draw(st.sampled_from(["{", "}", "text: no quotes", "{'text': 'single quotes'}", "NaN", "\x1b[31m{}"])),
        "reject",
        kind,
    )


@dataclass(frozen=True)
class JsonlCase:
    lines: tuple[Line, ...]
    bom: bool
    crlf: bool

    def data(self, lines: tuple[Line, ...] | None = None) -> bytes:
        chosen = self.lines if lines is None else lines
        ending = "\r\n" if self.crlf else "\n"
        body = ending.join(line.raw for line in chosen) + ending
        return (b"\xef\xbb\xbf" if self.bom else b"") + body.encode("utf-8", "surrogatepass")


@st.composite
def jsonl_files(draw: st.DrawFn) -> JsonlCase:
    """A JSONL file of good and hostile lines."""
    ids = _Ids()
    count = draw(st.integers(1, 6))
    lines = tuple(draw(jsonl_line(ids)) for _ in range(count))
    return JsonlCase(lines, draw(st.booleans()), draw(st.booleans()))


# -- HTML --------------------------------------------------------------------


@st.composite
def html_pages(draw: st.DrawFn) -> FileCase:
    """An HTML page that is deeply nested, declares the wrong charset, hides escapes, or has no text."""
    kind = draw(st.sampled_from(["nested", "wrong charset", "escapes", "entities", "no text", "unclosed"]))
    paragraph = draw(news())
    if kind == "nested":
        tag = draw(st.sampled_from(["div", "span", "b", "blockquote", "section", "table><tr><td"]))
        depth = draw(st.sampled_from([301, 1_000, 5_000]))
        closing = "</" + "></".join(reversed(tag.split("><"))) + ">" if draw(st.booleans()) else ""
        body = f"<{tag}>" * depth + f"<p>{paragraph}</p>" + closing * depth
        page = f"<!doctype html><html><head><title>Deep</title></head><body>{body}</body></html>"
        return FileCase("deep.html", page.encode(), "either", f"{depth} nested <{tag}>")
    if kind == "wrong charset":
        declared, actual = draw(
            st.sampled_from(
                [
                    ("utf-8", "latin-1"),
                    ("iso-8859-1", "utf-8"),
                    ("shift_jis", "utf-8"),
                    ("utf-16", "utf-8"),
                    ("x-bogus", "cp1252"),
                    ("utf-8", "utf-16"),
                ]
            )
        )
        text = draw(st.sampled_from(ACCENTED + SMART if actual != "latin-1" else ACCENTED))
        page = f'<html><head><meta charset="{declared}"><title>Wrong</title></head><body><article><p>{text}</p><p>{paragraph}</p></article></body></html>'
        return FileCase("charset.html", page.encode(actual), "either", f"declares {declared}, is {actual}")
    if kind == "escapes":
        title = draw(tricked(st.sampled_from(NEWS)))
        page = f"<html><head><title>{title}</title><meta name='author' content='{draw(st.sampled_from(TERMINAL_TRICKS))}Ann'></head><body><article><p>{draw(tricked())}</p></article></body></html>"
        return FileCase("escapes.html", page.encode(), "either", kind)
    if kind == "entities":
        reference = draw(
            st.sampled_from(
                ["&#27;[31m", "&#x1b;]0;owned&#7;", "&#0;", "&#xD800;", "&#155;1m", "&#x202e;", "&#1114112;"]
            )
        )
        page = f"<html><head><title>T{reference}</title></head><body><article><p>{paragraph} {reference} more.</p></article></body></html>"
        return FileCase("entities.html", page.encode(), "either", f"character reference {reference}")
    if kind == "unclosed":
        page = f"<html><body><article><p>{paragraph}<!-- never closed <script>var a = '<p>"
        return FileCase("unclosed.html", page.encode(), "either", kind)
    page = draw(
        st.sampled_from(
            [
                "<!doctype html><html><head><title></title></head><body></body></html>",
                "<html><script>var x = 1;</script><style>p{}</style></html>",
                "<html>   </html>",
            ]
        )
    )
    return FileCase("empty.html", page.encode(), "reject", kind)
