"""JSONL read as a stream of lines: every problem stays on its own line, with its number and plain words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsledger.ingest import jsonl, read_paths
from newsledger.model import IngestError, Item


def read(path: Path) -> list[Item | IngestError]:
    return list(read_paths([str(path)]))


def line(**record: object) -> bytes:
    return json.dumps(record).encode("utf-8") + b"\n"


def test_a_raw_nul_in_line_one_fails_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Broken\x00 line."}\n' + line(id="b", text="Good line."))

    first, second = read(path)

    assert isinstance(first, IngestError) and first.line == 1
    assert "control character" in first.message
    assert isinstance(second, Item) and (second.source, second.line) == ("b", 2)


def test_a_binary_file_named_jsonl_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "picture.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe" * 50)

    (error,) = read(path)

    assert isinstance(error, IngestError)
    assert str(error) == f"{path}: binary file (NUL bytes and bytes that are not UTF-8), not JSONL"


def test_a_file_of_only_bad_lines_stops_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_BAD_LINES_BEFORE_A_GOOD_ONE", 5)
    path = tmp_path / "notes.jsonl"
    path.write_text("just words\n" * 50, encoding="utf-8")

    results = read(path)

    assert [r.line for r in results] == [1, 2, 3, 4, 5, 5]
    assert "stopped reading" in results[-1].message


@pytest.mark.parametrize(
    "bad",
    [
        b'{"text": "unterminated',
        b'{"text": "a\x01b"}',
        b'{"text": }',
        b'{"text": "a"} extra',
        b'{"text": "bad \\q escape"}',
        b'{"text": "\\u12"}',
        b'{"text" "a"}',
        b"",
    ],
)
def test_json_errors_say_their_column_once(tmp_path: Path, bad: bytes) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(line(text="Good.") + bad + b" \n" + line(text="Also good."))

    results = read(path)

    errors = [r for r in results if isinstance(r, IngestError)]
    if not bad:
        assert not errors
        return
    (error,) = errors
    assert error.line == 2
    assert " at at " not in error.message
    assert re.fullmatch(r"not valid JSON \([A-Z][^()]* at column \d+\)", error.message), error.message
    assert error.message.count(" at ") == 1 or "starting at column" in error.message


def test_json_nested_too_deeply_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"[" * 200_000 + b"\n" + line(text="Good."))

    error, item = read(path)

    assert isinstance(error, IngestError) and error.line == 1 and "nested too deeply" in error.message
    assert isinstance(item, Item)


def test_a_latin1_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(line(text="One.") + '{"text": "café"}\n'.encode("latin-1") + line(text="Three."))

    one, error, three = read(path)

    assert isinstance(error, IngestError) and error.line == 2
    assert error.message == "not UTF-8 text (byte 0xe9 at byte 14 of the line)"
    assert [one.line, three.line] == [1, 3]


def test_a_line_over_the_limit_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_JSONL_LINE_BYTES", 100)
    path = tmp_path / "feed.jsonl"
    path.write_bytes(line(text="One.") + line(text="x" * 5000) + line(text="Three.") + line(text="y" * 101)[:-1])

    results = read(path)

    assert [(type(r).__name__, r.line) for r in results] == [
        ("Item", 1),
        ("IngestError", 2),
        ("Item", 3),
        ("IngestError", 4),
    ]
    assert results[1].message == "line too long (more than 100 bytes)"


def test_utf16_jsonl_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(line(text="One.").decode().encode("utf-16"))

    (error,) = read(path)

    assert isinstance(error, IngestError) and error.line is None
    assert "UTF-16" in error.message and "UTF-8" in error.message


def test_a_reused_id_reaches_the_ledger_which_judges_it(tmp_path: Path) -> None:
    """The reader passes every good line on: whether an id reused for another text is a correction or a
    clash is the ledger's to say (it warns and keeps both), the same within a file as across files."""
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        line(id="a1", text="The bridge reopened.") + line(id="a1", text="A different story under the same id.")
    )

    results = read(path)

    assert [(type(r).__name__, r.line) for r in results] == [("Item", 1), ("Item", 2)]


def test_ids_repeat_freely_across_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(line(id="x", text="One text."))
    second.write_bytes(line(id="x", text="Another text."))

    results = list(read_paths([str(first), str(second)]))

    assert all(isinstance(r, Item) for r in results)


def test_jsonl_is_streamed_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first item comes before the rest of the file is read: memory follows one line, not the file."""
    path = tmp_path / "big.jsonl"
    path.write_bytes(line(text="First.") + line(text="z" * 1000) * 2000)
    largest: list[int] = []
    real_lines = jsonl._lines

    def spy(path: str, handle, limit: int):
        real_readline = handle.readline

        def readline(size: int = -1) -> bytes:
            got = real_readline(size)
            largest.append(len(got))
            return got

        handle.readline = readline
        return real_lines(path, handle, limit)

    monkeypatch.setattr(jsonl, "_lines", spy)

    found = read_paths([str(path)])
    first = next(found)

    assert isinstance(first, Item) and first.text == "First."
    assert len(largest) == 1
    assert sum(1 for _ in found) == 2000
    assert max(largest) < 1100
