"""Segment: split an item into articles; find kickers, boilerplate and truncation.

Raw dumps mix layouts: one article written one sentence (or paragraph) per
line, other articles each squeezed onto a single long line, photo credits in
between, items cut off mid-sentence. The rules below read the layout the way a
person skimming the dump would:

* a *unit* is a line (``line`` layout) or a block of lines between blank lines
  (``block`` layout: paragraphs separated by blank lines, or hard-wrapped text);
* a new article starts at a unit that opens with an ALL-CAPS kicker
  (``TESTING BAN: ...``) or a wire dateline (``WASHINGTON (Reuters) -``),
  after a separator line (``---``, ``***``) or a run of blank lines,
  after a unit cut off mid-sentence, at a headline-like unit, and at and after
  a long multi-sentence unit that stands alone (a one-line article);
* a line that ends with a colon introduces what follows: only a run of two or more blank lines ends an
  article after it; and a transcript's speaker labels ("WALLACE: ...", "PENCE: ...", two or more one-word
  labels each opening two or more lines, not generic kickers like BREAKING or EXCLUSIVE) are not kickers;
* boilerplate lines (photo credits, "Advertisement", "Read more: ..." teasers, ...) stay in
  the article's span but are blanked out of the text the NLP sees, and so are
  control characters (a NUL inside a JSONL text): the stored text is as given;
* an article whose last unit ends without sentence-final punctuation is
  flagged ``truncated``;
* a scraped page whose text is a form, not the article (a sign-in form, a
  paywall: ``newsledger.pagechrome``) is flagged ``not_article`` and every
  line of it but a headline taken as the title is blanked as boilerplate is,
  so nothing in the form is analysed and two forms never read as copies.

JSONL and HTML items are one article each: only kicker, boilerplate and
truncation (and the page-chrome check) apply.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from newsledger.model import Article, Item, Span
from newsledger.pagechrome import not_article_reason

Layout = Literal["auto", "line", "block", "none"]

KICKER = re.compile(
    r"""^[ \t]*(?P<kicker>[‘'"“]?[A-Z0-9][A-Z0-9 \t\-–’'‘&,.!?/]*[A-Z0-9!?.][’'"”]?)[ \t]*:[ \t]+(?=\S)"""
)
KICKER_ONLY = re.compile(r"""^[ \t]*[‘'"“]?[A-Z][A-Z0-9 \-–’'‘&,.!?/]*[A-Z!?][’'"”]?:?[ \t]*$""")
DATELINE = re.compile(
    r"""^[ \t]*[A-Z][A-Z.'\-]+(?:[ \t]+[A-Z][A-Z.'\-]+)*"""  # WASHINGTON / NEW YORK
    r"""(?:,[ \t]*[A-Z][A-Za-z.]+(?:[ \t]+\d{1,2})?(?:,[ \t]*\d{4})?)?"""  # , March 3
    r"""[ \t]*(?:\([A-Za-z .&-]+\))?[ \t]*[-–—]{1,2}[ \t]+(?=\S)"""  # (Reuters) -
)
SEPARATOR = re.compile(r"^[ \t]*(?:[-=*_#~]{3,}|(?:\*[ \t]*){3,}|\f)[ \t]*$")
BOILERPLATE = re.compile(
    r"""^[ \t]*(?:
        (?:photo|photograph|picture|image|video|graphic|illustration|file\ photo)s?(?:\ credit)?[ \t]*(?::|/|by\b).{0,160}
      | \(?(?:AP|AFP|Reuters|Getty\ Images|EPA|EPA-EFE|Bloomberg|Xinhua|Anadolu)(?:\ Photo)?(?:/[^)\n]{0,80})?\)?
      | advertisement | advert | sponsored(?:\ content)? | share | print | close | vote | view\ results
      | (?:\d+\ )?comments? | caption | hide\ caption | show\ caption | skip\ (?:to\ content|ad)
      | story\ continues(?:\ below)?(?:\ advertisement)?
      | continue\ reading(?:\ below)?.{0,40}
      | (?:(?:[»›•·*>(\[-]|[–—])[ \t]*)?  # a teaser line, after a bullet or in brackets: "» Read more: ...", "(READ MORE: ...)"
        (?:(?:read\ more(?:\ here)?|read\ next|related(?:\ content|\ stories|\ coverage|\ links|\ articles|\ reading)?
            |more\ stories)
           [ \t]*(?:(?::|\||»|›|\ [-–—]|[-–—]\ ).{0,300})?  # "Read more: X", "Read more | X", "Read next - X"
         | (?:read\ also|also\ read|read|see\ also|also\ see|keep\ reading|explore\ more|more|watch|listen
            |photos|videos|slideshow|gallery|trending|recommended(?:\ reading|\ stories|\ for\ you)?
            |most\ (?:watched|popular|read)[\w\ ]{0,30})
           [ \t]*(?:(?::|\||»|›).{0,300})?  # no dash after a bare word: "Listen — we are not ..." is a sentence
           # "More from the Guardian: X": a named outlet or section, not "More from the city's police ..."
         | (?:read\ more|more|related)\ (?:from|on|about)\ (?:the\ )?(?-i:[A-Z])[^:|»›\n]{0,60}?[ \t]*(?::|\||»|›).{0,300}
         | read\ more\ (?:about|on)\ [^\n.,;:!?]{1,100}(?::.{0,300})?  # "Read more about the bridge here"
         | read\ the\ full\ (?:story|article|report)[^\n]{0,100})
        [)\]]?
      | (?:read\ or\ )?(?:sign\ up|subscribe|share\ (?:this|on)|click\ here|follow\ us|download\ the\ app
         |join\ the\ conversation|stay\ up\ to\ date|get\ updates|you\ may\ also|don['’]t\ miss)\b.{0,200}
      | read\ or\ share\ this\ story.{0,200}
      | (?:twitter|facebook|instagram|e-?mail|contact)[ \t]*:.{0,160}
      | (?:copyright|©).{0,300} | all\ rights\ reserved.{0,80}
      | \(?(?:additional\ )?(?:reporting|writing|editing)\ by\b.{0,200}
      | (?:posted|updated|published)[ \t]*:.{0,80}
      | https?://\S+ | www\.\S+ | \d{1,2}:\d{2}
      | please\ enable\ javascript.{0,80} | this\ is\ a\ developing\ story.{0,120} | report\ a\ typo
      | text\ ["“]?\w+["”]?\ to\ \d{4,6}.{0,120} | staff\ reports? | also\ on\ \S+ | \[[^\]\n]{0,120}\]
      | .{0,400}(?:pic\.twitter\.com/\S+|\(@\w+\)\ [A-Z][a-z]+\ \d{1,2},\ \d{4})
      | \(?\d{3}\)?[-.\ ]\d{3}-\d{4}
      | --?\ *(?-i:[A-Z][\w.'’-]+(?:\ [A-Z][\w.'’-]+){0,3})
      | by\ (?-i:[A-Z][\w.'’-]+(?:\ [A-Z][\w.'’-]+){0,4})(?:,\ [^.!?]{0,60})?
    )[ \t]*$""",
    re.IGNORECASE | re.VERBOSE,
)
NAV = re.compile(r"(?:\s\|\s.*){3,}")  # "iPhone | iPad | Android | SMS Alerts"
#: The local part starts where a run of its characters starts and is at most 64 long (RFC 5321): an unanchored
#: ``[\w.+-]+@`` rescans a long run of letters from each of its positions, quadratic in the run's length.
EMAIL_OR_HANDLE = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+\.[\w.]+|(?<!\w)@\w{2,}|https?://|www\.")
SENTENCE_END = re.compile(r"""[.!?…]["”’'\)\]]*\s+(?=["“‘'(\[]?[A-Z0-9])""")
ENDS_CLEANLY = re.compile(r"""[.!?…]["”’'\)\]]*\s*$""")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
#: Control characters (C0 but tab and line breaks, DEL, C1 but NEL) that the NLP would glue to the words
#: beside them ("three\0 people" is no count): the text the NLP sees has a space in their place.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")

#: A unit this long with this many sentences reads as a whole article on one line.
STANDALONE_MIN_CHARS = 300
STANDALONE_MIN_SENTENCES = 3
#: A transcript: this many different one-word labels, each opening this many lines.
SPEAKER_LABEL_MIN_SPEAKERS = 2
SPEAKER_LABEL_MIN_LINES = 2
#: Kicker words any article may open with: repeated in a dump they are kickers, never a transcript's speakers.
GENERIC_KICKERS = frozenset(
    "BREAKING EXCLUSIVE UPDATE UPDATED WATCH ANALYSIS OPINION LIVE VIDEO CORRECTION DEVELOPING EDITORIAL "
    "COMMENT REVIEW INTERVIEW FACTBOX EXPLAINER URGENT FLASH ALERT CLARIFICATION".split()
)
#: Headlines are short and carry no sentence-final full stop.
HEADLINE_MAX_WORDS = 16


@dataclass
class Unit:
    """A line or paragraph of an item, classified for segmentation."""

    start: int
    end: int
    text: str
    kind: str  # "content" | "boilerplate" | "separator"
    blank_lines_before: int = 0
    #: opens with a transcript's speaker ("WALLACE: ...", "PENCE: ..."), which looks like a kicker but is not one
    speaker_label: bool = False

    @property
    def kicker(self) -> re.Match[str] | None:
        return KICKER.match(self.text) if self.kind == "content" and not self.speaker_label else None

    @property
    def is_kicker_only(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return (
            self.kind == "content"
            and len(letters) >= 3
            and len(self.text.split()) <= 6
            and KICKER_ONLY.match(self.text) is not None
        )

    @property
    def ends_cleanly(self) -> bool:
        return ENDS_CLEANLY.search(self.text) is not None

    @property
    def sentences(self) -> int:
        return len(SENTENCE_END.findall(self.text)) + 1

    @property
    def is_headline(self) -> bool:
        words = self.text.split()
        stripped = self.text.rstrip()
        return (
            self.kind == "content"
            and 0 < len(words) <= HEADLINE_MAX_WORDS
            and not self.ends_cleanly
            and not stripped.endswith((",", ";", ":", "—", "–", "-"))
            and (stripped[:1].isupper() or stripped[:1].isdigit() or stripped[:1] in "‘'\"“")
        )

    @property
    def is_standalone(self) -> bool:
        return (
            self.kind == "content"
            and len(self.text) >= STANDALONE_MIN_CHARS
            and self.sentences >= STANDALONE_MIN_SENTENCES
        )


def segment(item: Item, layout: Layout = "auto") -> list[Article]:
    """Split ``item`` into articles. JSONL and HTML items are one article each."""
    if item.format != "text" or layout == "none":
        units = _trim([u for u in _units(item.text, "line") if u.kind != "separator"])
        while units and units[0].kind != "content":
            units.pop(0)
        articles = [units] if units else []
    else:
        chosen = _choose_layout(item.text) if layout == "auto" else layout
        units = _units(item.text, chosen)
        articles = _group(units, chosen)
    return [_article(item, group) for group in articles]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((position, position + len(body)))
        position += len(line)
    return spans


def _choose_layout(text: str) -> Literal["line", "block"]:
    """``block`` when paragraphs are separated by blank lines or lines are hard-wrapped."""
    lines = [text[s:e] for s, e in _lines(text)]
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 2:
        return "line"
    followed_by_blank = sum(1 for i in content[:-1] if not lines[i + 1].strip())
    if followed_by_blank >= 0.5 * (len(content) - 1):
        return "block"
    followed_by_text = [i for i in content[:-1] if lines[i + 1].strip()]
    unfinished = sum(1 for i in followed_by_text if not ENDS_CLEANLY.search(lines[i]))
    longest = max(len(lines[i]) for i in content)
    if len(followed_by_text) >= 4 and unfinished >= 0.6 * len(followed_by_text) and longest <= 100:
        return "block"
    return "line"


def _units(text: str, layout: str) -> list[Unit]:
    units: list[Unit] = []
    blanks = 0
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            blanks += 1
            continue
        kind = "separator" if SEPARATOR.match(line) else "boilerplate" if _is_boilerplate(line) else "content"
        joins_previous = (
            layout == "block"
            and blanks == 0
            and units
            and units[-1].kind == "content"
            and kind == "content"
            and not KICKER.match(line)
            and not DATELINE.match(line)
        )
        if joins_previous:
            previous = units[-1]
            previous.end = end
            previous.text = text[previous.start : end]
        else:
            lead = len(line) - len(line.lstrip())
            units.append(Unit(start + lead, end, line[lead:], kind, blanks))
        blanks = 0
    for unit in units:  # trailing spaces are not part of a unit
        unit.end = unit.start + len(unit.text.rstrip())
        unit.text = unit.text.rstrip()
    labels = _speaker_labels(units)
    if labels:  # a transcript; most texts are none
        for unit in units:
            unit.speaker_label = _label_of(unit.text) in labels
    return units


def _label_of(text: str) -> str | None:
    """The one-word capitalised label a line opens with ("WALLACE" of '"WALLACE: If I may ...'), or None."""
    match = KICKER.match(text)
    label = match.group("kicker").strip("‘'\"“’”") if match else ""
    return label if label and " " not in label else None


def _speaker_labels(units: list[Unit]) -> set[str]:
    """The labels of a transcript: two or more different one-word labels, each opening two or more lines
    ("WALLACE: ...", "PENCE: ..."), name who speaks, not a new article's kicker each time."""
    counts = Counter(
        label
        for u in units
        if u.kind == "content" and (label := _label_of(u.text)) is not None and label.upper() not in GENERIC_KICKERS
    )
    repeated = {label for label, n in counts.items() if n >= SPEAKER_LABEL_MIN_LINES}
    return repeated if len(repeated) >= SPEAKER_LABEL_MIN_SPEAKERS else set()


def _group(units: list[Unit], layout: str) -> list[list[Unit]]:
    """Group units into articles, starting a new one wherever the layout says so."""
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    previous: Unit | None = None  # last content unit
    for unit in units:
        if unit.kind == "separator":
            if current:
                groups.append(current)
            current, previous = [], None
            continue
        if unit.kind == "boilerplate":
            if current:
                current.append(unit)
            continue
        if current and previous is not None and _starts_article(unit, previous, current, layout):
            groups.append(current)
            current = []
        current.append(unit)
        previous = unit
    if current:
        groups.append(current)
    trimmed = [_trim(group) for group in groups]
    return [group for group in trimmed if group]


def _starts_article(unit: Unit, previous: Unit, current: list[Unit], layout: str) -> bool:
    content = [u for u in current if u.kind == "content"]
    if all(u.is_headline or u.is_kicker_only for u in content):
        return False  # a headline or a lone kicker belongs to what follows it
    gap = unit.blank_lines_before
    if gap >= 2:
        return True  # a run of blank lines ends an article even after a line ending with a colon
    if previous.text.endswith(":") and not previous.is_kicker_only and not unit.kicker:
        return False  # "Caddell continued:" and a blank line: what follows is what the line introduces
    if layout == "line" and gap >= 1:
        return True
    if unit.kicker or unit.is_kicker_only or DATELINE.match(unit.text):
        return True
    if not previous.ends_cleanly and not previous.is_headline:
        return True  # the previous item was cut off mid-sentence
    if previous.is_standalone and layout == "line":
        return True
    if unit.is_headline and not previous.is_headline:
        return True
    if unit.is_standalone:
        return layout == "line" or _shares_little(unit, content)
    return False


STOPWORDS = frozenset(
    "the a an and or but of to in on at for with by from as is was were are be been has have had "
    "that this these those it its he she they his her their said says say will would could not "
    "who which what when where there after before over into about than more also".split()
)


def _shares_little(unit: Unit, content: list[Unit]) -> bool:
    """True when a paragraph shares almost no vocabulary with the article so far."""
    words = {w.lower() for w in WORD.findall(unit.text)} - STOPWORDS
    seen = {w.lower() for u in content for w in WORD.findall(u.text)} - STOPWORDS
    return bool(words) and len(words & seen) / len(words) < 0.1


def _is_boilerplate(line: str) -> bool:
    return BOILERPLATE.match(line) is not None or (len(line) <= 300 and NAV.search(line) is not None)


def _trim(group: list[Unit]) -> list[Unit]:
    """Boilerplate at the end of an article lies between articles, not inside one.

    Short trailing lines that are not prose (contact lines, handles, links,
    Title Case menu entries, "RELATED CONTENT:") count as boilerplate there.
    """
    while group and (group[-1].kind != "content" or (_is_tail_junk(group[-1]) and _has_prose_before(group))):
        group.pop()
    return group


def _has_prose_before(group: list[Unit]) -> bool:
    """A lone short line is kept: a headline-only item is still an item."""
    return any(u.kind == "content" for u in group[:-1])


def _is_tail_junk(unit: Unit) -> bool:
    words = unit.text.split()
    if len(words) > 12 or unit.ends_cleanly:
        return False
    if EMAIL_OR_HANDLE.search(unit.text) or unit.text.rstrip().endswith(":"):
        return True
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised >= 0.7 * len(words) and len(words) >= 2


def _article(item: Item, units: list[Unit]) -> Article:
    content = [u for u in units if u.kind == "content"]
    start, end = content[0].start, content[-1].end
    chars = list(CONTROL.sub(" ", item.text[start:end]))  # one space for one character: offsets stay exact

    def blank(span_start: int, span_end: int) -> None:
        for i in range(span_start - start, span_end - start):
            if chars[i] not in "\r\n":
                chars[i] = " "

    kicker = None
    first = content[0]
    match = first.kicker
    if match:
        k_start = first.start + match.start("kicker")
        k_end = first.start + match.end("kicker")
        kicker = Span(item.text[k_start:k_end], k_start, k_end)
        blank(k_start, first.start + match.end())
    elif first.is_kicker_only and len(content) > 1:
        text = first.text.rstrip(": \t")
        kicker = Span(text, first.start, first.start + len(text))
        blank(first.start, first.end)

    boilerplate = [Span(u.text, u.start, u.end) for u in units if u.kind == "boilerplate"]

    title = item.title
    headline = None  # the body's headline line taken as the title
    body = [u for u in content if not (kicker and u is first and first.is_kicker_only)]
    if title is None and len(body) > 1 and body[0].is_headline:
        title, headline = body[0].text, body[0]
    not_article = not_article_reason(item.text[headline.end if headline else start : end])
    if not_article:
        # Only the title is analysed: every other line is blanked as boilerplate is, the kicker with it.
        kicker = None
        boilerplate = _lines_outside(item.text, start, end, headline)
    for span in boilerplate:
        blank(span.start, span.end)
    return Article(
        item=item,
        start=start,
        end=end,
        analysis_text="".join(chars),
        kicker=kicker,
        title=title,
        boilerplate=boilerplate,
        truncated=not content[-1].ends_cleanly,
        not_article=not_article,
    )


def _lines_outside(text: str, start: int, end: int, headline: Unit | None) -> list[Span]:
    """Every non-blank line of ``text[start:end]`` but the headline, without its edge spaces, as a Span."""
    spans = []
    for line_start, line_end in _lines(text[start:end]):
        line = text[start + line_start : start + line_end]
        body = line.strip()
        if not body:
            continue
        s = start + line_start + len(line) - len(line.lstrip())
        if headline is not None and headline.start <= s < headline.end:  # a headline wrapped over lines
            continue
        spans.append(Span(body, s, s + len(body)))
    return spans
