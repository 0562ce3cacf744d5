"""ingest.read_paths: text files, folders, JSONL, HTML, and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.ingest import read_paths
from newsledger.model import IngestError, Item


def read(*paths: str | Path, **defaults) -> list[Item | IngestError]:
    return list(read_paths([str(p) for p in paths], **defaults))


def only_error(results: list) -> IngestError:
    assert len(results) == 1, results
    (error,) = results
    assert isinstance(error, IngestError), error
    return error


def assert_one_line(error: IngestError, path: str, *words: str, line: int | None = None) -> None:
    message = str(error)
    assert "\n" not in message and "\r" not in message, message
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert message.startswith(where), message
    assert error.path == path
    assert error.line == line
    for word in words:
        assert word.lower() in message.lower(), (word, message)


# --------------------------------------------------------------------------- text files


def test_plain_text_file_is_one_item_with_exact_text(tmp_path: Path) -> None:
    raw = "First line of the story.\r\nSecond line, with an accent: café.\r\n\r\nLast line.\r\n"
    path = tmp_path / "story.txt"
    path.write_bytes(raw.encode("utf-8"))

    results = read(path)

    assert len(results) == 1
    item = results[0]
    assert isinstance(item, Item)
    assert item.format == "text"
    assert item.source == str(path)
    assert item.path == str(path)
    assert item.text == raw  # \r\n kept: every offset points into this string
    assert item.line is None
    assert item.published is None and item.outlet is None and item.title is None


def test_source_is_the_path_exactly_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Some text.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    (item,) = read("sub/a.txt")

    assert item.source == "sub/a.txt"
    assert item.text == "Some text."


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello world.\n")

    (item,) = read(path)

    assert item.text == "Hello world.\n"


def test_text_file_that_is_html_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(HTML_PAGE, encoding="utf-8")

    (item,) = read(path)

    assert isinstance(item, Item)
    assert item.format == "html"


# --------------------------------------------------------------------------- folders


def test_folder_is_read_recursively_sorted_skipping_hidden_and_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "b.txt").write_text("Bee.", encoding="utf-8")
    (folder / "a.txt").write_text("Ay.", encoding="utf-8")
    (folder / "sub" / "c.md").write_text("Sea.", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Hidden file.", encoding="utf-8")
    (folder / ".git" / "d.txt").write_text("Hidden folder.", encoding="utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    results = read(folder)

    assert all(isinstance(r, Item) for r in results), results
    assert [r.source for r in results] == [
        str(folder / "a.txt"),
        str(folder / "b.txt"),
        str(folder / "sub" / "c.md"),
    ]
    assert [r.text for r in results] == ["Ay.", "Bee.", "Sea."]


def test_several_paths_keep_their_order(tmp_path: Path) -> None:
    (tmp_path / "z.txt").write_text("Zed.", encoding="utf-8")
    (tmp_path / "y.txt").write_text("Why.", encoding="utf-8")

    results = read(tmp_path / "z.txt", tmp_path / "y.txt")

    assert [r.text for r in results] == ["Zed.", "Why."]


def test_bad_file_in_a_folder_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("First.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_text("Third.", encoding="utf-8")

    results = read(folder)

    assert [type(r) for r in results] == [Item, IngestError, Item]
    assert results[1].path == str(folder / "b.txt")
    assert [results[0].text, results[2].text] == ["First.", "Third."]


# --------------------------------------------------------------------------- JSONL


def test_jsonl_fields_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        {
            "id": "reu-1",
            "title": "Bridge reopens",
            "published": "2024-03-05T08:15:00Z",
            "outlet": "Reuters",
            "url": "https://example.com/bridge",
            "text": "The bridge reopened on Tuesday.",
        },
        {"text": "A line with no metadata."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")

    first, second = read(path)

    assert isinstance(first, Item) and isinstance(second, Item)
    assert first.format == second.format == "jsonl"
    assert first.source == "reu-1"
    assert first.text == "The bridge reopened on Tuesday."
    assert first.title == "Bridge reopens"
    assert first.published == "2024-03-05"
    assert first.outlet == "Reuters"
    assert first.url == "https://example.com/bridge"
    assert first.path == str(path) and first.line == 1

    assert second.source == f"{path}:2"
    assert second.text == "A line with no metadata."
    assert second.line == 2
    assert second.title is None and second.published is None
    assert second.outlet is None and second.url is None


def test_jsonl_text_is_kept_exactly(tmp_path: Path) -> None:
    body = "Para one.\r\n\r\nPara two — “quoted”.\n"
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "x", "text": body}, ensure_ascii=False) + "\n", encoding="utf-8")

    (item,) = read(path)

    assert item.text == body


def test_jsonl_line_separator_inside_a_string_is_not_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    records = [{"id": "a", "text": "First part\u2028second part."}, {"id": "b", "text": "Fine."}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")

    results = read(path)

    assert all(isinstance(r, Item) for r in results), results
    assert [(r.source, r.line, r.text) for r in results] == [
        ("a", 1, "First part\u2028second part."),
        ("b", 2, "Fine."),
    ]


def test_defaults_fill_only_items_lacking_their_own(tmp_path: Path) -> None:
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(
        json.dumps({"id": "own", "published": "2023-07-01", "outlet": "Own Outlet", "text": "Own."})
        + "\n"
        + json.dumps({"id": "bare", "text": "Bare."})
        + "\n",
        encoding="utf-8",
    )
    txt = tmp_path / "plain.txt"
    txt.write_text("Plain.", encoding="utf-8")

    own, bare, plain = read(jsonl, txt, published="2024-01-02", outlet="Default Outlet")

    assert (own.published, own.outlet) == ("2023-07-01", "Own Outlet")
    assert (bare.published, bare.outlet) == ("2024-01-02", "Default Outlet")
    assert (plain.published, plain.outlet) == ("2024-01-02", "Default Outlet")


def test_no_defaults_means_unknown(tmp_path: Path) -> None:
    txt = tmp_path / "plain.txt"
    txt.write_text("Plain.", encoding="utf-8")

    (item,) = read(txt)

    assert item.published is None
    assert item.outlet is None


def test_good_jsonl_lines_around_bad_ones_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "one", "text": "First good line."}),  # 1
        '{"id": "two", "text": "unterminated',  # 2: not JSON
        "",  # 3: blank, skipped
        json.dumps({"text": "Good line without id."}),  # 4
        json.dumps(["a", "list"]),  # 5
        json.dumps({"id": "six", "title": "No text"}),  # 6
        json.dumps({"id": "seven", "published": "yesterday", "text": "Bad date."}),  # 7
        json.dumps({"id": "eight", "text": "Last good line."}),  # 8
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    results = read(path)

    kinds = [(type(r).__name__, r.line) for r in results]
    assert kinds == [
        ("Item", 1),
        ("IngestError", 2),
        ("Item", 4),
        ("IngestError", 5),
        ("IngestError", 6),
        ("IngestError", 7),
        ("Item", 8),
    ]
    items = [r for r in results if isinstance(r, Item)]
    assert [i.source for i in items] == ["one", f"{path}:4", "eight"]
    assert [i.text for i in items] == ["First good line.", "Good line without id.", "Last good line."]


# --------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour bridge reopens after repairs</title>
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2024-03-05T08:15:00+01:00">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li><a href="/sport">Sport section</a></li></ul></nav>
<article>
<h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge in the northern port city reopened to traffic on Tuesday after eight months of repairs to its steel cables and deck.</p>
<p>City engineers said the work had cost about 40 million euros, which was more than first planned, because corrosion was worse than the inspection had shown.</p>
<p>Commuters who had used ferries during the closure welcomed the reopening, although some said the new toll of two euros was too high for daily trips.</p>
</article>
<footer><p>Copyright 2024 Example Harbour Gazette. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""

PARAGRAPHS = [
    "The harbour bridge in the northern port city reopened to traffic on Tuesday after eight "
    "months of repairs to its steel cables and deck.",
    "City engineers said the work had cost about 40 million euros, which was more than first "
    "planned, because corrosion was worse than the inspection had shown.",
    "Commuters who had used ferries during the closure welcomed the reopening, although some "
    "said the new toll of two euros was too high for daily trips.",
]

NO_DATE_PAGE = "\n".join(line for line in HTML_PAGE.splitlines() if "published_time" not in line)


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(HTML_PAGE, encoding="utf-8")

    (item,) = read(path)

    assert isinstance(item, Item), item
    assert item.format == "html"
    assert item.source == str(path)
    assert item.title == "Harbour bridge reopens after repairs"
    assert item.author == "Maria Lopez"
    assert item.published == "2024-03-05"
    assert item.raw == HTML_PAGE
    for paragraph in PARAGRAPHS:
        assert paragraph in item.text
    for boilerplate in ("World news", "Sport section", "Privacy policy", "All rights reserved"):
        assert boilerplate not in item.text


def test_html_page_without_date_stays_unknown(tmp_path: Path) -> None:
    assert "published_time" not in NO_DATE_PAGE
    path = tmp_path / "nodate.htm"
    path.write_text(NO_DATE_PAGE, encoding="utf-8")

    (item,) = read(path)

    assert isinstance(item, Item), item
    assert item.published is None
    assert PARAGRAPHS[0] in item.text


def test_html_page_without_date_takes_the_default(tmp_path: Path) -> None:
    dated = tmp_path / "a.html"
    dated.write_text(HTML_PAGE, encoding="utf-8")
    undated = tmp_path / "b.html"
    undated.write_text(NO_DATE_PAGE, encoding="utf-8")

    first, second = read(dated, undated, published="2020-02-02")

    assert first.published == "2024-03-05"  # the page's own date wins
    assert second.published == "2020-02-02"


# --------------------------------------------------------------------------- bad input


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    error = only_error(read(missing))
    assert_one_line(error, missing, "no such file")


def test_folder_with_nothing_readable(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".notes.txt").write_text("Hidden.", encoding="utf-8")

    error = only_error(read(folder))

    assert_one_line(error, str(folder), "no readable files")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("binary",), id="nul-bytes"),
        pytest.param(b"Some text\x00with a NUL byte.", ("binary",), id="nul-in-text"),
        pytest.param(b"\x01\x02 caf\x81 \x03", ("UTF-8", "0x81"), id="no-encoding-fits"),
        pytest.param(b"", ("empty",), id="empty"),
        pytest.param(b"  \r\n\t\n   \n", ("empty",), id="whitespace-only"),
        pytest.param("\ufeff \n".encode("utf-8"), ("empty",), id="bom-and-whitespace"),
    ],
)
def test_bad_text_file(tmp_path: Path, data: bytes, words: tuple[str, ...]) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)

    error = only_error(read(path))

    assert_one_line(error, str(path), *words)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        pytest.param('{"text": "unterminated', ("JSON",), id="not-json"),
        pytest.param("not json at all", ("JSON",), id="plain-words"),
        pytest.param('{"id": "x", "title": "No body"}', ('"text"',), id="no-text"),
        pytest.param('{"id": "x", "text": "   "}', ('"text"',), id="blank-text"),
        pytest.param('{"id": "x", "text": 42}', ('"text"',), id="text-not-string"),
        pytest.param('["a", "list"]', ("list", "object"), id="list"),
        pytest.param('"just a string"', ("object",), id="string"),
        pytest.param('{"text": "Body.", "published": "yesterday"}', ("yesterday", "date"), id="bad-date"),
        pytest.param('{"text": "Body.", "published": "2024-02-30"}', ("2024-02-30",), id="impossible-date"),
    ],
)
def test_bad_jsonl_line(tmp_path: Path, line: str, words: tuple[str, ...]) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "good", "text": "A good line."})
    path.write_text(good + "\n" + line + "\n" + good.replace("good", "also-good", 1) + "\n", encoding="utf-8")

    results = read(path)

    assert len(results) == 3, results
    first, error, last = results
    assert isinstance(first, Item) and first.source == "good"
    assert isinstance(last, Item) and last.source == "also-good"
    assert isinstance(error, IngestError)
    assert_one_line(error, str(path), *words, line=2)


def test_errors_are_values_not_exceptions(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    results = read(tmp_path / "missing.txt", empty, good)

    assert [type(r) for r in results] == [IngestError, IngestError, Item]
    assert results[2].text == "Good."


def test_a_file_name_that_is_not_utf8_is_stored_with_its_bytes_escaped(tmp_path: Path) -> None:
    """Linux names are bytes: one that is not UTF-8 is read, and stored and shown as ``ls -b`` shows it."""
    import os

    folder = os.fsencode(tmp_path)
    with open(folder + b"/n\xe9ws.txt", "wb") as handle:
        handle.write(b"The bridge reopened on Monday, officials said.\n")
    (item,) = read_paths([os.fsdecode(folder + b"/n\xe9ws.txt")])
    assert isinstance(item, Item)
    assert item.source.endswith("n\\xe9ws.txt") and item.path == item.source
    item.source.encode("utf-8")  # storable: SQLite takes it
