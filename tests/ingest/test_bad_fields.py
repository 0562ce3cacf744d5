"""JSONL fields that cannot be stored as given are refused line by line, never with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.ingest import read_paths
from newsledger.ledger import Ledger, MAX_ARTICLE_CHARS
from newsledger.model import IngestError, Item


def read(tmp_path: Path, lines: list[str]) -> list[Item | IngestError]:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return list(read_paths([str(path)]))


@pytest.mark.parametrize(("line", "problem"), [
    ('{"text": "\\ud800 x said police."}', "lone surrogate"),
    ('{"id": "a", "text": "Fine.", "title": "\\udc80x"}', "lone surrogate"),
    ('{"id": ["a"], "text": "Fine."}', '"id" must be a string or an integer'),
    ('{"id": true, "text": "Fine."}', '"id" must be a string or an integer'),
    ('{"id": "a", "text": "Fine.", "title": {"a": 1}}', '"title" must be a string'),
    ('{"id": "a", "text": "Fine.", "url": 5}', '"url" must be a string'),
])
def test_bad_field_is_one_error_for_its_line(tmp_path: Path, line: str, problem: str) -> None:
    found = read(tmp_path, ['{"id": "ok1", "text": "Police said one man died."}', line,
                            '{"id": "ok2", "text": "Police said two men died."}'])
    assert [f.source for f in found if isinstance(f, Item)] == ["ok1", "ok2"]
    (error,) = [f for f in found if isinstance(f, IngestError)]
    assert error.line == 2 and problem in error.message and "\n" not in str(error)


def test_integer_id_is_accepted(tmp_path: Path) -> None:
    (item,) = read(tmp_path, ['{"id": 17, "text": "Fine."}'])
    assert isinstance(item, Item) and item.source == "17"


def test_an_article_too_long_for_the_parser_is_refused_and_the_rest_stored(tmp_path: Path) -> None:
    before = tmp_path / "a.txt"
    before.write_text("Police said one man died on Monday.\n", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text(("word " * (MAX_ARTICLE_CHARS // 5 + 10)).strip() + ".\n", encoding="utf-8")
    after = tmp_path / "z.txt"
    after.write_text("Officials said the bridge reopened.\n", encoding="utf-8")
    errors: list[IngestError] = []
    with Ledger(tmp_path / "db.sqlite") as ledger:
        report = ledger.ingest([str(before), str(huge), str(after)], on_error=errors.append)
    assert report.new_items == 2
    (error,) = errors
    assert error.path == str(huge) and "longer than" in error.message
