"""segment.segment: the seed dump against its human annotation, and one small dump per rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.ingest import read_paths
from newsledger.model import Article, Item, Span
from newsledger.segment import segment

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED = PROJECT_ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_7b4aea63d7dec936.txt"
GOLD = SHARED / "gold" / "seed.gold.json"


def text_item(text: str) -> Item:
    return Item(source="dump.txt", text=text, format="text", path="dump.txt")


def texts(articles: list[Article]) -> list[str]:
    return [a.text for a in articles]


def check_offsets(article: Article) -> None:
    """The invariants every article must keep, whatever the rule that made it."""
    item_text = article.item.text
    assert article.text == item_text[article.start : article.end]
    assert len(article.analysis_text) == article.end - article.start
    spans = ([article.kicker] if article.kicker else []) + list(article.boilerplate)
    for span in spans:
        assert item_text[span.start : span.end] == span.text
        assert article.start <= span.start < span.end <= article.end


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed() -> tuple[Item, list[Article], list[dict]]:
    if not SEED.is_file() or not GOLD.is_file():
        pytest.skip(f"../shared seed or gold not available ({SHARED})")
    (item,) = read_paths([str(SEED)])
    assert isinstance(item, Item), item
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    return item, segment(item), gold


def test_seed_has_five_articles(seed) -> None:
    item, articles, gold = seed
    assert len(gold) == 5
    assert len(articles) == 5
    for article in articles:
        check_offsets(article)
    for before, after in zip(articles, articles[1:]):
        assert before.end <= after.start


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_seed_article_matches_gold(seed, number: int) -> None:
    item, articles, gold = seed
    expected = gold[number - 1]
    assert expected["id"] == number
    article = articles[number - 1]

    assert article.text.startswith(expected["starts_with"])
    assert article.text.endswith(expected["ends_with"])
    assert article.truncated is expected["truncated"]
    assert [b.text for b in article.boilerplate] == expected.get("boilerplate_inside", [])
    if "kicker" in expected:
        assert article.kicker is not None
        assert article.kicker.text == expected["kicker"]
        assert article.kicker.start == article.start  # the kicker opens the article
    else:
        assert article.kicker is None


def test_seed_article_1_by_hand(seed) -> None:
    item, articles, _ = seed
    first = articles[0]
    assert first.start == 0
    assert first.text.startswith("Ukraine’s military intelligence agency and the Pentagon on Monday said")
    assert first.text.endswith("said on Sunday.")
    assert first.truncated is False
    assert first.kicker is None
    assert [b.text for b in first.boilerplate] == ["Photo: EPA-EFE"]
    credit = first.boilerplate[0]
    assert item.text[credit.start : credit.end] == "Photo: EPA-EFE"
    assert "Photo: EPA-EFE" not in first.analysis_text
    assert "EPA-EFE" not in first.analysis_text
    assert len(first.analysis_text) == len(first.text)
    offset = credit.start - first.start
    assert first.analysis_text[offset : offset + len("Photo: EPA-EFE")] == " " * len("Photo: EPA-EFE")
    # everything else is untouched
    assert first.analysis_text[:offset] == first.text[:offset]
    tail = offset + len("Photo: EPA-EFE")
    assert first.analysis_text[tail:] == first.text[tail:]


def test_seed_article_2_by_hand(seed) -> None:
    _, articles, _ = seed
    second = articles[1]
    assert second.text.startswith("Seven people sustained")
    assert second.text.endswith("but revised the number")
    assert second.truncated is True
    assert second.kicker is None
    assert second.boilerplate == []
    assert second.analysis_text == second.text


@pytest.mark.parametrize(
    ("number", "kicker"),
    [(3, "‘BALD-FACED LIE’"), (4, "BORDER SERVICES"), (5, "TESTING BAN")],
)
def test_seed_kickers_are_blanked(seed, number: int, kicker: str) -> None:
    item, articles, _ = seed
    article = articles[number - 1]
    assert article.kicker == Span(kicker, article.start, article.start + len(kicker))
    assert article.text.startswith(kicker + ": ")
    assert kicker not in article.analysis_text
    width = len(kicker + ": ")
    assert article.analysis_text[:width] == " " * width
    assert article.analysis_text[width:] == article.text[width:]
    assert article.truncated is True


def test_seed_truncation_flags(seed) -> None:
    _, articles, _ = seed
    assert [a.truncated for a in articles] == [False, True, True, True, True]


# --------------------------------------------------------------------------- block layout

BLOCK_ONE_ARTICLE = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs.\n"
    "\n"
    "Engineers told the council that the bridge cables had corroded badly over the winter.\n"
    "\n"
    "The harbour bridge carries about twenty thousand cars a day, and the council said ferries "
    "would run every ten minutes while the repairs last. Engineers expect the bridge repairs to "
    "take eight months and to cost about forty million euros. The council said drivers should "
    "plan longer trips to the city centre and avoid the harbour area at peak hours.\n"
    "\n"
    "Work on the bridge starts next week.\n"
)


@pytest.mark.parametrize("layout", ["auto", "block"])
def test_blank_line_paragraphs_of_one_article_stay_one_article(layout: str) -> None:
    long_paragraph = BLOCK_ONE_ARTICLE.split("\n\n")[2]
    assert len(long_paragraph) >= 300 and long_paragraph.count(". ") >= 2  # a long 3-sentence unit

    articles = segment(text_item(BLOCK_ONE_ARTICLE), layout=layout)

    assert len(articles) == 1
    (article,) = articles
    assert article.start == 0
    assert article.end == len(BLOCK_ONE_ARTICLE) - 1  # the final newline is not part of it
    assert article.text == BLOCK_ONE_ARTICLE.rstrip("\n")
    assert article.analysis_text == article.text
    assert article.truncated is False
    assert article.kicker is None
    assert article.title is None
    assert article.boilerplate == []


def test_line_layout_splits_the_same_paragraphs_at_blank_lines() -> None:
    articles = segment(text_item(BLOCK_ONE_ARTICLE), layout="line")
    assert texts(articles) == BLOCK_ONE_ARTICLE.rstrip("\n").split("\n\n")


def test_two_blank_lines_split_block_layout() -> None:
    first = (
        "The city council voted on Tuesday to close the old harbour bridge for repairs.\n"
        "\n"
        "Engineers told the council that the bridge cables had corroded badly."
    )
    second = (
        "The harbour bridge council met again on Friday.\n"
        "\n"
        "Engineers said the bridge would reopen in spring."
    )
    text = first + "\n\n\n" + second + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [first, second]
    assert articles[1].start == len(first) + 3


def test_unrelated_long_paragraph_starts_a_new_article_in_block_layout() -> None:
    first = (
        "The city council voted on Tuesday to close the old harbour bridge for repairs.\n"
        "\n"
        "Engineers told the council that the bridge cables had corroded badly over the winter."
    )
    second = (
        "Farmers in the southern valley harvested a record grape crop this autumn, thanks to "
        "warm weather and steady rain over many weeks. Winemakers expect excellent vintage "
        "quality, and several cooperatives plan new cellars. Exporters hope buyers in Asia will "
        "pay higher prices for bottles carrying regional labels next year."
    )
    assert len(second) >= 300
    text = first + "\n\n" + second + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [first, second]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "The city council voted on Tuesday to close the\n"
        "old harbour bridge for repairs after engineers\n"
        "told members that the bridge cables had\n"
        "corroded badly over the winter. The closure\n"
        "starts next week and lasts eight months.\n"
    )

    articles = segment(text_item(text))

    assert len(articles) == 1
    assert articles[0].text == text.rstrip("\n")
    assert articles[0].truncated is False


# --------------------------------------------------------------------------- line layout

SENTENCE_LINES = (
    "The storm reached the coast early on Sunday morning.\n"
    "Officials said more than two hundred homes lost power.\n"
    "Schools in the region will stay closed on Monday."
)
ONE_LINE_ARTICLE = (
    "Rescue teams pulled a fisherman from the sea near the harbour on Saturday night after his "
    "boat capsized in high winds, the coast guard said. He was taken to hospital with mild "
    "hypothermia and is expected to recover fully. The coast guard urged people to stay away "
    "from the water until the storm passes, and warned that waves of up to six metres were "
    "expected along the northern shore."
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_sentence_per_line_article_then_one_line_article(newline: str) -> None:
    assert len(ONE_LINE_ARTICLE) >= 300
    first = SENTENCE_LINES.replace("\n", newline)
    text = first + newline + ONE_LINE_ARTICLE + newline

    articles = segment(text_item(text))

    assert texts(articles) == [first, ONE_LINE_ARTICLE]
    assert articles[0].start == 0
    assert articles[1].start == len(first) + len(newline)
    assert [a.truncated for a in articles] == [False, False]
    assert articles[0].analysis_text == first  # \r\n kept as is
    for article in articles:
        check_offsets(article)


def test_a_line_after_a_one_line_article_starts_another() -> None:
    last = "Trains were cancelled across the north on Sunday."
    text = SENTENCE_LINES + "\n" + ONE_LINE_ARTICLE + "\n" + last + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [SENTENCE_LINES, ONE_LINE_ARTICLE, last]


TWO_STORIES = (
    "The museum reopened on Friday after a long renovation.",
    "Visitors queued for hours to see the new galleries.",
    "The central bank kept interest rates unchanged on Thursday.",
    "Analysts had expected the decision.",
)


def test_without_a_rule_consecutive_lines_stay_together() -> None:
    text = "\n".join(TWO_STORIES) + "\n"
    (article,) = segment(text_item(text))
    assert article.text == text.rstrip("\n")


@pytest.mark.parametrize("separator", ["---", "***", "* * *", "=====", "  ---  "])
def test_separator_line_splits(separator: str) -> None:
    first = "\n".join(TWO_STORIES[:2])
    second = "\n".join(TWO_STORIES[2:])
    text = first + "\n" + separator + "\n" + second + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [first, second]
    assert articles[1].start == len(first) + 1 + len(separator) + 1
    assert all(separator.strip() not in a.text for a in articles)


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["line-layout", "block-layout"])
def test_wire_dateline_starts_a_new_article(gap: str) -> None:
    first = gap.join(TWO_STORIES[:2])
    second = gap.join(
        [
            "WASHINGTON (Reuters) - The Senate passed a spending bill on Thursday.",
            "Lawmakers said the vote was close.",
        ]
    )
    text = first + gap + second + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [first, second]
    assert articles[1].kicker is None
    assert articles[1].analysis_text == second


def test_dateline_with_date_starts_a_new_article() -> None:
    first = "\n".join(TWO_STORIES[:2])
    second = "NEW YORK, March 3 (AP) — Stocks rose on Monday.\nTraders said demand was strong."
    text = first + "\n" + second

    assert texts(segment(text_item(text))) == [first, second]


def test_headline_line_gives_the_article_its_title() -> None:
    text = (
        "Harbour bridge reopens after repairs\n"
        "The harbour bridge reopened to traffic on Tuesday.\n"
        "Engineers said the work cost forty million euros.\n"
    )

    (article,) = segment(text_item(text))

    assert article.title == "Harbour bridge reopens after repairs"
    assert article.start == 0
    assert article.text == text.rstrip("\n")  # the headline stays inside the span
    assert article.truncated is False


def test_headline_in_the_middle_starts_a_new_article() -> None:
    first = "\n".join(TWO_STORIES[:2])
    second = (
        "Harbour bridge reopens after repairs\n"
        "The harbour bridge reopened to traffic on Tuesday."
    )
    text = first + "\n" + second + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [first, second]
    assert articles[0].title is None
    assert articles[1].title == "Harbour bridge reopens after repairs"


def test_headline_then_blank_line_then_body_is_one_article() -> None:
    text = "Harbour bridge reopens after repairs\n\nThe harbour bridge reopened to traffic on Tuesday.\n"

    (article,) = segment(text_item(text), layout="line")

    assert article.title == "Harbour bridge reopens after repairs"
    assert article.text == text.rstrip("\n")


def test_line_cut_off_mid_sentence_ends_a_truncated_article() -> None:
    cut = (
        "Visitors queued for hours in the rain to see the new galleries, and the museum director "
        "told reporters that the collection would"
    )
    assert len(cut.split()) > 16  # too long to be a headline
    first = TWO_STORIES[0] + "\n" + cut
    second = "\n".join(TWO_STORIES[2:])
    text = first + "\n" + second + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [first, second]
    assert [a.truncated for a in articles] == [True, False]


def test_last_article_cut_off_is_truncated() -> None:
    cut = (
        "Analysts had expected the decision, and several of them told reporters that the next "
        "move by the bank would depend on how quickly"
    )
    text = "\n".join(TWO_STORIES[2:3]) + "\n" + cut

    (article,) = segment(text_item(text))

    assert article.truncated is True
    assert article.text.endswith("how quickly")


@pytest.mark.parametrize("ending", [".", "!", "?", ".”", ".\"", ".)", "…"])
def test_sentence_final_punctuation_is_not_truncation(ending: str) -> None:
    text = "The central bank kept interest rates unchanged on Thursday" + ending + "\n"
    (article,) = segment(text_item(text))
    assert article.truncated is False


# --------------------------------------------------------------------------- boilerplate and kickers

BOILERPLATE_LINES = [
    "The storm reached the coast early on Sunday morning.",
    "Photo: Jane Doe/AP",
    "Officials said more than two hundred homes lost power.",
    "Advertisement",
    "Schools in the region will stay closed on Monday.",
    "Read more: Storm warnings issued for the north",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Trains were cancelled across the north on Sunday.",
    "Advertisement",
]
BOILERPLATE_INSIDE = [1, 3, 5, 6]  # indexes of the boilerplate lines inside the article


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_boilerplate_lines_are_left_out_of_analysis(newline: str) -> None:
    text = newline.join(BOILERPLATE_LINES) + newline
    body = newline.join(BOILERPLATE_LINES[:8])  # the trailing "Advertisement" is outside

    articles = segment(text_item(text))

    assert len(articles) == 1
    (article,) = articles
    assert article.start == 0
    assert article.text == body
    assert [b.text for b in article.boilerplate] == [BOILERPLATE_LINES[i] for i in BOILERPLATE_INSIDE]
    expected = newline.join(
        " " * len(line) if i in BOILERPLATE_INSIDE else line for i, line in enumerate(BOILERPLATE_LINES[:8])
    )
    assert article.analysis_text == expected
    for phrase in ("Photo", "Advertisement", "Read more", "Reporting by", "Editing by"):
        assert phrase not in article.analysis_text
    assert article.truncated is False
    check_offsets(article)


def test_leading_boilerplate_is_not_part_of_a_text_article() -> None:
    text = "Photo: AP\nThe minister said the plan was ready.\n"

    (article,) = segment(text_item(text))

    assert article.start == len("Photo: AP\n")
    assert article.text == "The minister said the plan was ready."
    assert article.boilerplate == []


def test_boilerplate_only_dump_has_no_article() -> None:
    assert segment(text_item("Advertisement\n\nPhoto: AP\n")) == []


def test_inline_kicker_starts_an_article_and_is_blanked() -> None:
    first = TWO_STORIES[0]
    second = (
        "TESTING BAN: Satellite photos show a new facility in the south.\n"
        "The researcher said it could aid weapons design."
    )
    text = first + "\n" + second + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [first, second]
    start = len(first) + 1
    assert articles[1].kicker == Span("TESTING BAN", start, start + 11)
    assert articles[1].analysis_text == " " * 13 + second[13:]
    assert articles[1].title is None


def test_kicker_on_its_own_line_belongs_to_the_next_lines() -> None:
    first = TWO_STORIES[0]
    second = (
        "TESTING BAN:\n"
        "Satellite photos show a new facility in the south.\n"
        "The researcher said it could aid weapons design."
    )
    text = first + "\n" + second + "\n"

    articles = segment(text_item(text))

    assert texts(articles) == [first, second]
    start = len(first) + 1
    assert articles[1].kicker == Span("TESTING BAN", start, start + 11)
    assert articles[1].analysis_text == " " * 12 + second[12:]
    assert articles[1].title is None


# --------------------------------------------------------------------------- layout="none", JSONL, HTML

MIXED_DUMP = (
    "The museum reopened on Friday after a long renovation.\n"
    "---\n"
    "WASHINGTON (Reuters) - The Senate passed a spending bill on Thursday.\n"
    "\n"
    "\n"
    "Harbour bridge reopens after repairs\n"
    "The harbour bridge reopened to traffic on Tuesday.\n"
)


def test_mixed_dump_splits_in_auto_layout() -> None:
    assert len(segment(text_item(MIXED_DUMP))) == 3


def test_layout_none_keeps_the_whole_file_as_one_article() -> None:
    articles = segment(text_item(MIXED_DUMP), layout="none")

    assert len(articles) == 1
    assert articles[0].start == 0
    assert articles[0].text == MIXED_DUMP.rstrip("\n")
    check_offsets(articles[0])


JSONL_TEXT = (
    "TESTING BAN: Satellite photos show a new facility.\n"
    "\n"
    "The researcher said it could aid weapons design.\n"
    "\n"
    "\n"
    "WASHINGTON (Reuters) - Officials declined to comment.\n"
    "---\n"
    "Harbour bridge reopens\n"
    "The report was published on Monday."
)


@pytest.mark.parametrize("layout", ["auto", "line", "block", "none"])
def test_jsonl_item_is_one_article_with_its_kicker(layout: str) -> None:
    item = Item(
        source="feed-1", text=JSONL_TEXT, format="jsonl", path="feed.jsonl", line=1, title="Laser facility"
    )

    articles = segment(item, layout=layout)

    assert len(articles) == 1
    (article,) = articles
    assert (article.start, article.end) == (0, len(JSONL_TEXT))
    assert article.kicker == Span("TESTING BAN", 0, 11)
    assert article.analysis_text == " " * 13 + JSONL_TEXT[13:]
    assert article.title == "Laser facility"  # the input's title wins
    assert article.truncated is False


def test_jsonl_item_cut_off_is_truncated() -> None:
    item = Item(source="x", text="The bank said rates would\n\nstay", format="jsonl", path="f.jsonl", line=1)
    (article,) = segment(item)
    assert article.truncated is True
    assert article.text == "The bank said rates would\n\nstay"


def test_html_item_is_one_article() -> None:
    text = "\n".join(TWO_STORIES[:2]) + "\nWASHINGTON (Reuters) - The Senate passed a spending bill."
    item = Item(source="page.html", text=text, format="html", path="page.html")

    (article,) = segment(item)

    assert article.text == text


@pytest.mark.parametrize("fmt", ["jsonl", "html"])
def test_leading_boilerplate_of_a_one_article_item(fmt: str) -> None:
    text = "Photo: AP\nThe minister said the plan was ready."
    item = Item(source="x", text=text, format=fmt, path="x")

    (article,) = segment(item)

    assert article.text == "The minister said the plan was ready."
    assert article.analysis_text == article.text  # nothing of the article is blanked
    for span in article.boilerplate:
        assert article.start <= span.start and span.end <= article.end


def test_leading_long_boilerplate_does_not_crash() -> None:
    text = "Photo: a very long credit line for the picture\nShort."
    item = Item(source="x", text=text, format="text", path="x")

    (article,) = segment(item, layout="none")

    assert article.text == "Short."
    assert article.analysis_text == "Short."


@pytest.mark.parametrize(
    "text",
    [
        "Harbour Bridge Reopens\n",
        "The museum reopened on Friday.\nHarbour Bridge Reopens After Repairs\n",
        "WASHINGTON (Reuters) - UPDATE:\n",
    ],
)
def test_short_unfinished_line_does_not_crash(text: str) -> None:
    articles = segment(text_item(text))

    for article in articles:
        check_offsets(article)
    if text.startswith("The museum"):
        assert articles[0].text == "The museum reopened on Friday."
