"""Pages nested deeper than libxml2 builds a tree (256 levels) still give their main text."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.ingest import read_paths
from newsledger.ingest.html import MAX_KEPT_DEPTH, flatten
from newsledger.model import IngestError, Item

PARAGRAPH = (
    "The harbour bridge in the northern port city reopened to traffic on Tuesday after eight months "
    "of repairs to its steel cables and deck, city engineers said."
)


def deep_page(depth: int, tag: str = "div") -> str:
    body = f"<article><h1>Bridge reopens</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article>"
    return (
        "<!DOCTYPE html><html><head><title>Bridge reopens</title></head><body>"
        + f"<{tag}>" * depth
        + body
        + f"</{tag}>" * depth
        + "</body></html>"
    )


@pytest.mark.parametrize("depth", [300, 3000, 20000])
def test_deeply_nested_page_still_gives_its_text(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.html"
    path.write_text(deep_page(depth), encoding="utf-8")

    (item,) = read_paths([str(path)])

    assert isinstance(item, Item), item
    assert PARAGRAPH in item.text
    assert item.raw == deep_page(depth)  # the page is kept as it was; only the extraction saw it flattened


def test_flatten_keeps_text_and_shallow_markup() -> None:
    html = "<html><body>" + "<span>" * 500 + "a &amp; b<br/>c" + "</span>" * 500 + "<p>x<p>y</body></html>"

    flat, depth = flatten(html)

    assert depth == 502
    assert "a &amp; b<br/>c" in flat
    assert flat.count("<span>") == MAX_KEPT_DEPTH - 2 and flat.count("</span>") == MAX_KEPT_DEPTH - 2
    assert flat.endswith("<p>x</p><p>y</body></html>")  # a new <p> closes the open one, as in HTML


def test_deep_page_without_text_says_how_deep(tmp_path: Path) -> None:
    path = tmp_path / "empty-deep.html"
    path.write_text("<html><body>" + "<div>" * 400 + "</div>" * 400 + "</body></html>", encoding="utf-8")

    (error,) = read_paths([str(path)])

    assert isinstance(error, IngestError)
    assert error.message == "no main text found in the HTML page (it is nested 402 elements deep)"
