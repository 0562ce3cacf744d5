"""Text from the ledger never drives the terminal: every human-readable command shows control characters,
bidi overrides and Rich markup found in articles as visible text, and machine formats keep the data exact.

The hostile article's title, outlet, id and text carry a clear-screen CSI, an OSC 0 window title, an OSC 8
hyperlink to file:///etc/passwd, BEL, the one-byte C1 CSI (U+009B), a right-to-left override and Rich
markup; its text also yields an entity, claims, a count, dates and a story that carry them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import string
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from newsledger.model import IngestError
from newsledger.terminal import json_visible, visible, visible_offsets

CLEAR = "\x1b[2J"
TITLE_OSC = "\x1b]0;PWNED\x07"
LINK_OSC = "\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\"
MARKUP_LINK = "[link=file:///etc/passwd]x[/link]"
HOSTILE = {
    "id": f"evil{CLEAR}-item",
    "title": f"Title {CLEAR}{TITLE_OSC} {MARKUP_LINK} [bold red]red\u202eevil",
    "outlet": f"Outlet {LINK_OSC} \x9b31m",
    "published": "2024-03-05",
    "text": (
        f"John Smith, a police spokesman, said on Monday that three\x07 people were killed{CLEAR} in Springfield. "
        "The Pentagon\u202e said five people were injured\x9b2J in Kursk on Tuesday. "
        f"Readers wrote {MARKUP_LINK} and [bold red]this[/] :smile:."
    ),
}
#: Any of the escapes the text carries, shown as text (which facts carry one depends on the extractors).
ANY_ESCAPE = re.compile(r"\\x07|\\x1b\[2J|\\u202e|\\x9b2J")
#: Characters that must never reach a terminal raw: C0 but tab and line feed, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsledger.ledger import Ledger

    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    source.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = folder / "hostile.db"
    with Ledger(db) as ledger:
        report = ledger.ingest([str(source)])
    assert not report.errors, report.errors
    return db


@pytest.fixture(scope="module")
def hostile_ids(hostile_db: Path) -> dict[str, str]:
    from newsledger.ledger import Ledger

    with Ledger(hostile_db, readonly=True) as ledger:
        (article,) = ledger.articles(limit=None)
        (story,) = ledger.stories(limit=None)
    return {"article": article.id, "story": story.id}


def assert_nothing_raw(*texts: str) -> None:
    for text in texts:
        found = RAW.findall(text)
        assert not found, f"raw control characters {found!r} in output:\n{text}"


def cells_joined(output: str) -> str:
    """The output without table borders and line breaks inside cells, so a wrapped cell reads whole."""
    return re.sub(r"\s*[│┃]\s*|\n", " ", output)


#: Each human-readable command, and what it must show as text: the fields every article has, exactly;
#: for facts found by the extractors, at least one escape.
HUMAN_COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "articles": (["articles"], [r"evil\x1b[2J-item", r"\x1b[2J\x1b]0;PWNED\x07", MARKUP_LINK, r"\u202e"]),
    "show": (
        ["show", "{article}"],
        [
            r"\x1b[2J",
            MARKUP_LINK,
            r"\x1b]8;;file:///etc/passwd",
            r"\x9b31m",
            r"\u202e",
            r"\x07",
            "[bold red]this[/]",
            ":smile:",
        ],
    ),
    "search": (["search", "killed"], [r"\x1b[2J\x1b]0;PWNED\x07", MARKUP_LINK]),
    "claims": (["claims"], []),
    "counts": (["counts"], []),
    "timeline": (["timeline"], []),
    "stories": (["stories"], [r"\x1b[2J\x1b]0;PWNED\x07", MARKUP_LINK]),
    "story": (["story", "{story}"], [r"\x1b]8;;file:///etc/passwd", r"\x9b31m", r"\x1b[2J", MARKUP_LINK]),
    "entity": (["entity", "Smith"], []),
}


@pytest.mark.parametrize("command", sorted(HUMAN_COMMANDS))
def test_human_output_shows_escapes_and_markup_as_text(
    runner: CliRunner, hostile_db: Path, hostile_ids: dict[str, str], command: str
) -> None:
    arguments, expected = HUMAN_COMMANDS[command]
    args = [a.format(**hostile_ids) for a in arguments]
    result = run_cli(runner, *args, "--db", str(hostile_db))
    assert_nothing_raw(result.stdout, result.stderr)
    shown = cells_joined(result.stdout)
    for fragment in expected:
        assert fragment in shown, f"{fragment!r} not shown by {command}:\n{result.stdout}"
    assert ANY_ESCAPE.search(shown), f"no escape shown by {command}:\n{result.stdout}"


def test_the_rich_markup_in_a_title_is_printed_not_obeyed(runner: CliRunner, hostile_db: Path) -> None:
    """Rich would read "[link=...]x[/link]" as a hyperlink and "[bold red]" as a style: both stay text."""
    result = run_cli(runner, "articles", "--db", str(hostile_db))
    assert MARKUP_LINK in cells_joined(result.stdout)
    assert "[bold" in result.stdout


def test_json_keeps_the_data_exact_without_raw_controls(
    runner: CliRunner, hostile_db: Path, hostile_ids: dict[str, str]
) -> None:
    exported = run_cli(runner, "export", "--db", str(hostile_db), "--format", "jsonl").stdout
    story = run_cli(runner, "story", hostile_ids["story"], "--db", str(hostile_db), "--json").stdout
    assert_nothing_raw(exported, story)
    (record,) = [json.loads(line) for line in exported.splitlines() if line.strip()]
    assert (record["title"], record["outlet"], record["item"]) == (HOSTILE["title"], HOSTILE["outlet"], HOSTILE["id"])
    assert json.loads(story)["articles"][0]["title"] == HOSTILE["title"]


def test_csv_on_stdout_keeps_the_data_exact(runner: CliRunner, hostile_db: Path) -> None:
    """CSV has no escapes of its own: it carries the text as stored, for programs, not for reading."""
    exported = run_cli(runner, "export", "--db", str(hostile_db), "--format", "csv").stdout
    (row,) = csv.DictReader(io.StringIO(exported))
    assert (row["title"], row["outlet"]) == (HOSTILE["title"], HOSTILE["outlet"])


@pytest.mark.parametrize("fmt", ["csv", "counts-csv", "acled"])
def test_csv_on_a_terminal_shows_escapes(runner: CliRunner, hostile_db: Path, monkeypatch, fmt: str) -> None:
    """Written to a terminal, the CSV's cells are shown, not run: a title's escape sequence arrives as text."""
    import click.testing

    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True, raising=False)
    exported = run_cli(runner, "export", "--db", str(hostile_db), "--format", fmt).stdout
    assert_nothing_raw(exported)
    if fmt == "csv":
        assert r"\x1b" in exported


def test_a_file_name_with_escapes_is_shown_escaped_in_the_error_line(runner: CliRunner, tmp_path: Path) -> None:
    name = str(tmp_path / f"ledger{CLEAR}{TITLE_OSC}.db")
    result = run_cli(runner, "articles", "--db", name, status=2)
    assert_nothing_raw(result.stdout, result.stderr)
    assert r"ledger\x1b[2J\x1b]0;PWNED\x07.db" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_output_name_with_escapes_is_shown_escaped(runner: CliRunner, hostile_db: Path, tmp_path: Path) -> None:
    target = tmp_path / f"no{CLEAR}folder\nhere" / "out.jsonl"
    result = run_cli(runner, "export", "--db", str(hostile_db), "-o", str(target), status=2)
    assert_nothing_raw(result.stdout, result.stderr)
    assert r"no\x1b[2Jfolder\x0ahere" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_ingest_errors_show_the_file_name_escaped(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / f"missing{CLEAR}\u202e.txt"
    result = run_cli(runner, "ingest", str(missing), "--db", str(tmp_path / "new.db"), "-q", status=1)
    assert_nothing_raw(result.stdout, result.stderr)
    assert r"missing\x1b[2J\u202e.txt" in result.stderr


def test_an_ingest_error_is_one_line_with_its_escapes_visible() -> None:
    error = IngestError(f"a{CLEAR}.jsonl", "bad value 'x\x9by'\nsecond line", line=3)
    assert str(error) == r"a\x1b[2J.jsonl:3: bad value 'x\x9by'\x0asecond line"


# -- visible itself --------------------------------------------------------------------------------


def test_visible_escapes_each_kind_of_control() -> None:
    assert visible("a\x1b[2Jb\x07c\x9bd\u202ee\u2066f\x7fg\x00") == r"a\x1b[2Jb\x07c\x9bd\u202ee\u2066f\x7fg\x00"
    assert visible("tab\tand\nline\r\nend") == "tab\tand\nline\r\nend"
    assert visible("lone\rreturn") == r"lone\x0dreturn"
    assert visible("tab\tand\nline", line=True) == r"tab\x09and\x0aline"


def _is_control(char: str) -> bool:
    return bool(RAW.match(char)) or unicodedata.category(char) == "Cs"


@given(st.text())
def test_visible_leaves_no_control_and_keeps_every_other_character(text: str) -> None:
    shown = visible(text)
    assert not [c for c in shown if _is_control(c) and c not in "\r"], shown
    assert "\r" not in shown.replace("\r\n", "")
    assert visible(shown) == shown
    kept = [c for c in text if not _is_control(c) or c in "\t\n"]
    iterator = iter(shown)
    assert all(c in iterator for c in kept), "a non-control character was lost or reordered"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")).filter(lambda c: not RAW.match(c))))
def test_visible_leaves_printable_text_unchanged(text: str) -> None:
    assert visible(text) == text
    assert visible(text, line=True) == text


@given(st.text())
def test_visible_offsets_agree_with_visible(text: str) -> None:
    shown, offsets = visible_offsets(text)
    assert shown == visible(text)
    assert len(offsets) == len(text) + 1 and offsets[0] == 0 and offsets[-1] == len(shown)
    for index, char in enumerate(text):
        piece = shown[offsets[index] : offsets[index + 1]]
        assert piece == char or piece == visible(char)


@given(
    st.recursive(
        st.none() | st.text() | st.integers(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
    )
)
def test_json_visible_is_the_same_json_value(value: object) -> None:
    dumped = json_visible(json.dumps(value, ensure_ascii=False))
    assert json.loads(dumped) == value
    assert not re.search("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", dumped)


def test_printable_ascii_is_untouched() -> None:
    assert visible(string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")) == (
        string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")
    )
