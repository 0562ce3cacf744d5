"""HTML pages: decoding by the page's own charset, then main text, title, date and author through trafilatura.

The item's text is the main text trafilatura extracts from the *decoded* page;
every offset points into it. The decoded page is kept beside it in the store.
"""

from __future__ import annotations

import codecs
import logging
import re
from html.parser import HTMLParser
from typing import Any

from newsledger.ingest.dates import normalise_published
from newsledger.ingest.text import BOMS, decode_problem, decode_undeclared
from newsledger.model import IngestError, Item

# trafilatura logs extraction trouble at WARNING; we report our own one-line errors.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

#: Where a page's charset declaration is looked for: its head, in practice.
DECLARATION_BYTES = 65536
META_CHARSET = re.compile(rb"""<meta\b[^>]{0,1024}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
#: Labels the web reads differently from Python's codec of the same name (the WHATWG Encoding standard):
#: a page saying "ISO-8859-1" or "ASCII" is windows-1252; a meta saying "UTF-16" is UTF-8.
WEB_ENCODINGS = {
    **dict.fromkeys(
        (
            "iso-8859-1",
            "iso8859-1",
            "iso_8859-1",
            "latin1",
            "latin-1",
            "l1",
            "ascii",
            "us-ascii",
            "cp819",
            "ibm819",
            "iso-ir-100",
            "csisolatin1",
            "x-cp1252",
            "windows-1252",
            "cp1252",
        ),
        "cp1252",
    ),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5", "windows-1254"), "cp1254"),
    **dict.fromkeys(("iso-8859-11", "tis-620", "windows-874"), "cp874"),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "chinese", "csgb2312"), "gb18030"),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2"), "utf-8"),
}
#: libxml2 gives up on trees deeper than 256 elements; a page nested deeper is flattened below this.
MAX_KEPT_DEPTH = 200


def decode_html(path: str, data: bytes) -> str | IngestError:
    """A page's text: a byte-order mark decides, then the page's declared charset, then detection.

    Bytes that are valid UTF-8 with some non-ASCII in them are read as UTF-8
    whatever the page declares: pages re-saved as UTF-8 with their old
    declaration are common, while text in another encoding is almost never
    valid UTF-8 by accident.
    """
    if not data.strip():
        return IngestError(path, "empty file")
    for mark, codec, _ in BOMS:
        if data.startswith(mark):
            return _decode_after_bom(path, data, codec, len(mark))
    declared = declared_encoding(data)
    if declared and declared != "utf-8" and not _is_utf8_beyond_ascii(data):
        try:
            return data.decode(declared)
        except UnicodeError:
            pass  # declared wrongly: detection below, else the declared codec with replacement marks
    decoded = decode_undeclared(data)
    if isinstance(decoded, str):
        return decoded
    if declared and declared != "utf-8":
        return data.decode(declared, errors="replace")
    return IngestError(path, decode_problem(data, decoded))


def _decode_after_bom(path: str, data: bytes, codec: str, mark_length: int) -> str | IngestError:
    try:
        return data[mark_length:].decode(codec)
    except UnicodeDecodeError as error:
        error.start += mark_length
        return IngestError(path, decode_problem(data, error))


def declared_encoding(data: bytes) -> str | None:
    """The Python codec for the charset the page declares (meta charset, http-equiv, XML declaration), or None."""
    head = data[:DECLARATION_BYTES]
    for pattern in (META_CHARSET, XML_ENCODING):
        match = pattern.search(head)
        if match:
            codec = python_codec(match.group(1).decode("ascii").lower())
            if codec:
                return codec
    return None


#: Codecs Python has that no web page is in, whose output can hold lone surrogates (which cannot be stored).
NOT_WEB_CODECS = {"utf-7", "unicode-escape", "raw-unicode-escape", "unicode_escape", "raw_unicode_escape", "undefined"}


def python_codec(label: str) -> str | None:
    """The codec Python decodes a web charset label with, or None for a label it does not know."""
    label = WEB_ENCODINGS.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # Python also knows base64, rot13, zlib (not text encodings at all) and codecs that make lone surrogates
    # (utf-7, unicode_escape): a page may name any of them, but none is a web charset.
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_WEB_CODECS:
        return None
    return "cp1252" if info.name in ("latin-1", "iso8859-1", "ascii") else info.name


def _is_utf8_beyond_ascii(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_html(path: str, html: str, published: str | None, outlet: str | None) -> Item | IngestError:
    """The page's main text and metadata; a page nested too deeply for libxml2 is flattened and tried again."""
    fields = _extract(html)
    if isinstance(fields, str):
        return IngestError(path, fields)
    if fields is None:
        flat, depth = flatten(html)
        fields = _extract(flat) if depth > MAX_KEPT_DEPTH else None
        if not isinstance(fields, dict):
            deep = f" (it is nested {depth} elements deep)" if depth > MAX_KEPT_DEPTH else ""
            return IngestError(path, f"no main text found in the HTML page{deep}")
    try:
        page_date = normalise_published(fields.get("date"))
    except ValueError:
        page_date = None
    return Item(
        source=path,
        text=fields["text"],
        format="html",
        path=path,
        title=fields.get("title") or None,
        published=page_date or published,
        outlet=fields.get("sitename") or outlet,
        url=fields.get("url") or None,
        author=fields.get("author") or None,
        raw=html,
    )


def _extract(html: str) -> dict[str, Any] | str | None:
    """trafilatura's fields for ``html`` (with a non-empty text), None when it finds no main text,
    or the one-line problem when it fails."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Only dates the page states; htmldate's wider search guesses.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except RecursionError:
        return None  # nested too deeply for trafilatura's own walk: flattened and tried again
    except Exception as error:  # trafilatura raises many kinds on broken markup
        return f"HTML could not be parsed ({type(error).__name__}: {error})"
    if document is None:
        return None
    fields = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = fields.get("text") or ""
    return fields if text.strip() else None


VOID_ELEMENTS = frozenset("area base br col embed hr img input keygen link meta param source track wbr command".split())
#: Elements a new one of the same name closes (``<p>a<p>b``), so they do not count as nesting.
SELF_CLOSING_SIBLINGS = frozenset("p li dt dd option tr td th".split())


class _Flattener(HTMLParser):
    """Re-writes a page with every element deeper than ``MAX_KEPT_DEPTH`` unwrapped (its content kept)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, kept)
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in VOID_ELEMENTS:
            self.out.append(self.get_starttag_text() or "")
            return
        if tag in SELF_CLOSING_SIBLINGS and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)
        kept = len(self.stack) < MAX_KEPT_DEPTH
        if kept:
            self.out.append(self.get_starttag_text() or "")
        self.stack.append((tag, kept))
        self.depth = max(self.depth, len(self.stack))

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                kept = self.stack[index][1]
                del self.stack[index:]
                if kept:
                    self.out.append(f"</{tag}>")
                return

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def flatten(html: str) -> tuple[str, int]:
    """``html`` with elements below depth ``MAX_KEPT_DEPTH`` unwrapped, and the page's deepest nesting.

    A page can nest ``<div>`` thousands deep (generated or hostile); libxml2 stops
    building the tree at 256, and trafilatura then finds nothing. Unwrapping the
    deepest levels keeps all the text and loses only layout no reader sees.
    """
    flattener = _Flattener()
    try:
        flattener.feed(html)
        flattener.close()
    except Exception:  # the stdlib tokenizer on hostile markup: keep the page as it is
        return html, 0
    return "".join(flattener.out), flattener.depth
