"""Segmenting costs in proportion to the text, however long its lines and words (a scraped page can be one
300,000-character line)."""

from __future__ import annotations

import time

import pytest

from newsledger.model import Item
from newsledger.segment import EMAIL_OR_HANDLE, segment


def _cpu_seconds(text: str) -> float:
    """The least CPU time of three segmentations of ``text`` (the least is the least disturbed)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        segment(Item(source="x", text=text, format="text", path="x"))
        best = min(best, time.process_time() - started)
    return best


def test_one_long_word_segments_in_time_proportional_to_its_length() -> None:
    short, long = _cpu_seconds("x" * 25_000), _cpu_seconds("x" * 100_000)
    # four times the text: linear is about 4x; the quadratic e-mail pattern this guards against was 16x
    assert long < 8 * max(short, 0.002), (short, long)


@pytest.mark.parametrize("blank", [" ", "\t ", "\u00a0"])
def test_a_long_run_of_blanks_before_a_line_segments_in_proportional_time(blank: str) -> None:
    sentence = "Two people were killed in a shooting in Paris on Monday."
    short = _cpu_seconds(blank * (10_000 // len(blank)) + sentence)
    long = _cpu_seconds(blank * (40_000 // len(blank)) + sentence)
    # four times the blanks: linear is about 4x; two adjacent blank runs in the teaser pattern made it 16x
    assert long < 8 * max(short, 0.002), (short, long)


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Contact: news.desk+tips@example.com", "news.desk+tips@example.com"),
        ("Follow @newsdesk on X", "@newsdesk"),
        ("More at www.example.com", "www."),
        ("Read https://example.com/a", "https://"),
        ("Two people were killed, police said", None),
    ],
)
def test_addresses_handles_and_links_are_still_found(line: str, found: str | None) -> None:
    match = EMAIL_OR_HANDLE.search(line)
    assert (match.group() if match else None) == found
