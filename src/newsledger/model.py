"""Plain dataclasses that flow between the pipeline stages.

One article can be followed from file to row:
``Item`` (ingest) -> ``Article`` (segment) -> ``AnalysedArticle`` (nlp)
-> ``Facts`` (extract) -> rows (store).

Every offset anywhere is a character offset into the *item's* text (the whole
decoded file, or the ``text`` of one JSONL line, or the main text of an HTML
page), so ``item.text[start:end] == span.text`` always holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from newsledger.terminal import visible


def content_hash(text: str, length: int = 16) -> str:
    """Stable id for a piece of text: same text, same id, on any machine."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def storable_name(name: str) -> str:
    """``name`` as text that can be stored and shown: a file name's bytes that are not UTF-8 (which Python
    carries as lone surrogates) become ``\\xe9``-style escapes, as ``ls -b`` shows them."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate no byte stands for: shown as its code point
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


@dataclass(frozen=True)
class Span:
    """A stretch of an item's text, kept with its offsets so it can be traced back."""

    text: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Item:
    """One unit of input: a text file, one JSONL line, or one HTML page.

    ``source`` is what the export calls ``item``: the JSONL ``id`` when given,
    else the file path as the user gave it (with ``:LINE`` for JSONL lines
    without an id).
    """

    source: str
    text: str
    format: str  # "text" | "jsonl" | "html"
    path: str
    line: int | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    raw: str | None = None  # the original HTML for HTML pages
    given_id: str | None = None  # the input's own id (JSONL "id"), when it has one

    def __post_init__(self) -> None:
        self.source, self.path = storable_name(self.source), storable_name(self.path)

    @property
    def identity(self) -> str:
        """What makes two inputs with the same text different items: an id, outlet or URL of their own.

        Two JSONL records with different ids, or copies of one wire story from
        two outlets, stay apart (later marked as copies); the same file read
        twice, under any path, is one item.
        """
        parts = (self.given_id, self.outlet, self.url)
        return "" if not any(parts) else "\x1f".join(p or "" for p in parts)

    @property
    def id(self) -> str:
        return content_hash(self.identity + "\x1e" + self.text)


@dataclass
class IngestError:
    """A piece of input that could not be read; reported on one line, never raised."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        """``PATH[:LINE]: message`` on one line: control characters in a file name (or in the message quoting
        the input) are shown as escapes, so an error line can never drive the terminal."""
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return visible(f"{where}: {self.message}", line=True)


@dataclass
class Article:
    """One news article inside an item, found by the segmenter.

    ``analysis_text`` has the same length as the article's span but with the
    kicker and boilerplate (photo credits and the like) blanked out with
    spaces, so NLP offsets map to item offsets by adding ``start``. A page
    that is not the article (``not_article``) has every line of its body
    counted as boilerplate.
    """

    item: Item
    start: int
    end: int
    analysis_text: str
    kicker: Span | None = None
    title: str | None = None
    boilerplate: list[Span] = field(default_factory=list)
    truncated: bool = False
    #: ISO 639-1 code, or "und" when there is too little text to tell (set by the pipeline before analysis).
    language: str | None = None
    #: Why the scraped text is not the article ("a sign-in form"), or None for an article; set by the segmenter,
    #: which then blanks the whole body out of ``analysis_text``, so only the title is analysed and linked.
    not_article: str | None = None

    @property
    def text(self) -> str:
        return self.item.text[self.start : self.end]

    @property
    def id(self) -> str:
        """Hash of the article's text (and of its item's own identity, if any)."""
        return content_hash(self.item.identity + "\x1e" + self.text)

    @property
    def published(self) -> str | None:
        return self.item.published

    @property
    def outlet(self) -> str | None:
        return self.item.outlet

    @property
    def url(self) -> str | None:
        return self.item.url

    def span(self, doc_start: int, doc_end: int) -> Span:
        """Span of the item text for offsets into ``analysis_text``."""
        start, end = self.start + doc_start, self.start + doc_end
        return Span(self.item.text[start:end], start, end)


@dataclass
class Mention:
    span: Span
    label: str


@dataclass
class Entity:
    """An entity of one article, with every mention of it (aliases included)."""

    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        seen: list[str] = []
        for mention in self.mentions:
            if mention.span.text not in seen:
                seen.append(mention.span.text)
        return seen


@dataclass
class AnalysedArticle:
    """An article together with its spaCy ``Doc`` over ``analysis_text``."""

    article: Article
    doc: Any  # spacy.tokens.Doc; typed loosely so this module stays import-light
    #: Other texts of the article an extractor asked to have parsed (``Extractor.parses``), by name: parsed in
    #: the article's own ``nlp.pipe`` pass, so no extractor runs spaCy itself, outside the batch and the workers.
    docs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Facts:
    """What the extractors found in one article, keyed by the name each extractor adds."""

    article: Article
    found: dict[str, Any] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # extractors that raised on this article
    analysed: bool = True  # False: stored only (a language the pipeline does not read), no extractor ran
