"""Property tests: whatever the dump, every offset the segmenter gives points into the item's text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsledger.model import Article, Item
from newsledger.segment import segment

# Words that cannot start a boilerplate line ("Photo", "Read more", "Copyright", "AP", ...).
WORDS = (
    "the minister said troops bridge harbour council market rates village police storm "
    "officials reported on Monday about three hundred people were injured near coast and "
    "engineers expected repairs to last eight months while farmers hoped prices would rise"
).split()
CAPITALISED = [w.capitalize() for w in WORDS if w[0].islower()] + ["Monday", "Kursk", "Ukraine’s"]
KICKERS = ["TESTING BAN", "BORDER SERVICES", "‘BALD-FACED LIE’", "WAR", "UPDATE 2"]
PHOTO_LINES = ["Photo: EPA-EFE", "Photo: Jane Doe/AP", "Advertisement", "Read more: Storm hits coast"]
CLEAN_ENDINGS = [".", ".", ".", "!", "?", ".”"]
ENDINGS = CLEAN_ENDINGS + ["", ",", " —"]


@st.composite
def sentences(draw, clean: bool = False) -> str:
    first = draw(st.sampled_from(CAPITALISED))
    rest = draw(st.lists(st.sampled_from(WORDS + CAPITALISED + ["10,000", "2024", "US"]), max_size=24))
    return " ".join([first, *rest]) + draw(st.sampled_from(CLEAN_ENDINGS if clean else ENDINGS))


@st.composite
def content_lines(draw, clean: bool = False) -> str:
    """A line of news text; with ``clean``, one that ends with sentence-final punctuation."""
    line = " ".join(draw(st.lists(sentences(clean), min_size=1, max_size=6)))
    if draw(st.booleans()) and draw(st.booleans()):
        line = draw(st.sampled_from(KICKERS)) + draw(st.sampled_from([": ", ":  ", ":\t"])) + line
    if not clean and draw(st.integers(0, 9)) == 0:
        line = draw(st.sampled_from(KICKERS)) + ":"  # a kicker on its own line
    if draw(st.integers(0, 9)) == 0:
        line = "WASHINGTON (Reuters) - " + line
    lead = draw(st.sampled_from(["", "", "", " ", "\t"]))
    trail = draw(st.sampled_from(["", "", "", " ", "  \t"]))
    return lead + line + trail


@st.composite
def other_lines(draw) -> str:
    return draw(st.sampled_from(PHOTO_LINES * 2 + ["", "", "   ", "---", "* * *"]))


@st.composite
def dumps(draw, leading_boilerplate: bool = True, clean: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """Text of a dump and the (start, end) of every generated line that ends a sentence, stripped."""
    kinds = draw(st.lists(st.sampled_from(["content", "content", "content", "other"]), min_size=1, max_size=14))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = []
    for kind in kinds:
        lines.append(draw(content_lines(clean)) if kind == "content" else draw(other_lines()))
    if not leading_boilerplate:
        while lines and (lines[0].strip() in PHOTO_LINES):
            lines.pop(0)
    text = newline.join(lines) + draw(st.sampled_from(["", newline, newline * 2]))
    content: list[tuple[int, int]] = []
    position = 0
    for line in lines:
        if line.strip() and line.strip() not in PHOTO_LINES and line.rstrip().endswith((".", "!", "?", ".”")):
            lead = len(line) - len(line.lstrip())
            content.append((position + lead, position + len(line.rstrip())))
        position += len(line) + len(newline)
    return text, content


AFTER_KICKER = re.compile(r"[ \t]*:?[ \t]*")


def check_articles(item: Item, articles: list[Article]) -> None:
    text = item.text
    previous_end = 0
    for article in articles:
        assert isinstance(article, Article)
        assert article.item is item
        assert previous_end <= article.start < article.end <= len(text)  # in order, no overlap
        previous_end = article.end
        assert article.text == text[article.start : article.end]
        assert article.text == article.text.strip()  # spans start and end at content
        assert len(article.analysis_text) == article.end - article.start

        blanked: set[int] = set()
        for span in ([article.kicker] if article.kicker else []) + list(article.boilerplate):
            assert text[span.start : span.end] == span.text
            assert article.start <= span.start < span.end <= article.end
            blanked.update(range(span.start, span.end))
        after_kicker: set[int] = set()
        if article.kicker:
            # the colon and spaces after a kicker may go with it
            k = article.kicker
            after_kicker.update(range(k.end, AFTER_KICKER.match(text, k.end, article.end).end()))
        for offset, (original, seen) in enumerate(zip(article.text, article.analysis_text)):
            where = article.start + offset
            if where in blanked and original not in "\r\n":
                assert seen == " ", (offset, original, seen)
            elif where in after_kicker and original not in "\r\n":
                assert seen == " " or (original.isspace() and seen == original), (offset, original, seen)
            else:
                assert seen == original, (offset, original, seen)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps(clean=True), st.sampled_from(["auto", "line", "block"]))
def test_text_dump_offsets(dump, layout: str) -> None:
    text, content = dump
    item = Item(source="dump.txt", text=text, format="text", path="dump.txt")

    articles = segment(item, layout=layout)

    check_articles(item, articles)
    for start, end in content:  # every sentence of news text is in some article
        assert any(a.start <= start and end <= a.end for a in articles), text[start:end]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps(leading_boilerplate=False, clean=True), st.sampled_from(["jsonl", "html", "text"]))
def test_one_article_items_offsets(dump, fmt: str) -> None:
    text, content = dump
    item = Item(source="x", text=text, format=fmt, path="x")

    articles = segment(item, layout="none")

    check_articles(item, articles)
    if content:
        assert len(articles) == 1
        assert articles[0].start <= content[0][0]
        assert articles[0].end == content[-1][1]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(dump=("Photo: AP\nThe minister said the plan was ready.", []), fmt="jsonl", layout="none")
@example(dump=("The museum reopened on Friday.\nHarbour Bridge Reopens\n", []), fmt="text", layout="auto")
@given(
    dumps(leading_boilerplate=True),
    st.sampled_from(["jsonl", "html", "text"]),
    st.sampled_from(["auto", "line", "block", "none"]),
)
def test_any_dump_offsets(dump, fmt: str, layout: str) -> None:
    text, _ = dump
    item = Item(source="x", text=text, format=fmt, path="x")

    check_articles(item, segment(item, layout=layout))
