"""A quote that goes on after its "he said." belongs to the same speaker (issue 19, claims class 2).

In the next sentence or the next paragraph, a sentence that opens with a quotation mark and names no new
speaker is one more content piece of the claim before it; when the quotation closes on a cue of its own
('“...,” said Ms. Lee'), it is that speaker's, not a continuation. Hand-written sentences through the real
pipeline, one spaCy run.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from through_pipeline import analysed_texts, claims_of

from newsledger.extract.claims import Claim, find_claims

TEXTS = {
    "next_sentence": "The mayor spoke on Monday. “We will rebuild the bridge,” he said. “It will take two years.”",
    "next_paragraph": (
        "“We will rebuild the bridge,” the mayor said.\n\n"
        "“It will take two years, and it will cost a lot of money.”\nThe council meets on Friday."
    ),
    "colon_then_sentences": 'Caddell continued: "The health issue is a partisan issue. It is in their heads."',
    "doubled_marks_after_colon": "He spoke on Monday. Mr. Trump said: ''I hope not. I hope not.''",
    # must not: a new speaker named where the quotation closes, in the same or the next paragraph
    "new_speaker_same_paragraph": (
        "“We will rebuild the bridge,” the mayor said. “It will take two years. It will cost too much,” said Ms. Lee."
    ),
    "new_speaker_next_paragraph": (
        "“We will rebuild the bridge,” the mayor said.\n\n“It will take two years. "
        "And it will cost too much,” the opposition leader added."
    ),
    "reply": "“We will rebuild the bridge,” the mayor said.\n\n“That is a fantasy,” the opposition leader replied.",
    "sentence_between": "“It is over,” the senator said. She walked out.\n\n“We lost, and that is that.”",
}


@pytest.fixture(scope="module")
def claims() -> dict[str, list[Claim]]:
    return claims_of(TEXTS)


def pieces(claim: Claim) -> list[str]:
    return [p.text.rstrip(".,") for p in claim.content]


def test_the_next_sentence_in_quotation_marks_is_the_same_speakers(claims) -> None:
    (claim,) = claims["next_sentence"]
    assert claim.source is not None and claim.source.text == "he"
    assert pieces(claim) == ["We will rebuild the bridge", "It will take two years"]


def test_the_next_paragraph_in_quotation_marks_is_the_same_speakers(claims) -> None:
    (claim,) = claims["next_paragraph"]
    assert claim.source is not None and claim.source.text == "the mayor"
    assert pieces(claim) == ["We will rebuild the bridge", "It will take two years, and it will cost a lot of money"]
    assert "council" not in " ".join(pieces(claim))


def test_a_quotation_after_a_colon_runs_to_its_closing_mark(claims) -> None:
    (claim,) = claims["colon_then_sentences"]
    assert claim.kind == "direct"
    assert pieces(claim) == ["The health issue is a partisan issue. It is in their heads"]


def test_doubled_marks_after_a_colon_are_a_direct_quote(claims) -> None:
    (claim,) = [c for c in claims["doubled_marks_after_colon"] if c.cue.text == "said"]
    assert claim.source is not None and claim.source.text == "Mr. Trump"
    assert claim.kind == "direct"
    assert pieces(claim) == ["I hope not. I hope not"]


@pytest.mark.parametrize(
    ("key", "other_source"),
    [("new_speaker_same_paragraph", "Ms. Lee"), ("new_speaker_next_paragraph", "the opposition leader")],
)
def test_a_quotation_closing_on_a_new_speaker_is_that_speakers(claims, key: str, other_source: str) -> None:
    mayor, other = claims[key]
    assert mayor.source is not None and mayor.source.text == "the mayor"
    assert pieces(mayor) == ["We will rebuild the bridge"]
    assert other.source is not None and other.source.text == other_source
    assert "two years" in pieces(other)[0]


def test_a_reply_with_its_own_cue_is_not_joined(claims) -> None:
    mayor, leader = claims["reply"]
    assert pieces(mayor) == ["We will rebuild the bridge"]
    assert pieces(leader) == ["That is a fantasy"]


def test_a_sentence_between_ends_the_quote(claims) -> None:
    (claim,) = claims["sentence_between"]
    assert pieces(claim) == ["It is over"]


def _least_cpu_seconds(run: Callable[[], object]) -> float:
    """The least CPU time of three calls of ``run``."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def _claims_cpu_seconds(text: str) -> float:
    """The least CPU time of three claims runs over one parse of ``text`` (the parse itself is not timed)."""
    ((analysed,),) = analysed_texts({"long": text}).values()
    return _least_cpu_seconds(lambda: find_claims(analysed))


def test_unclosed_quotes_after_colons_cost_in_proportion_to_the_paragraph() -> None:
    sentence = "The mayor said: “the bridge will reopen in May and the road will close in June for the works. "
    short, long = _claims_cpu_seconds(sentence * 60), _claims_cpu_seconds(sentence * 240)
    # four times the text: linear is about 4x; scanning to the paragraph's end from every quotation was 16x
    assert long < 8 * max(short, 0.005), (short, long)


def _quote_search_cpu_seconds(text: str) -> float:
    from newsledger.extract.claims.rules import QUOTE

    return _least_cpu_seconds(lambda: list(QUOTE.finditer(text)))


def test_a_run_of_opening_marks_is_searched_in_proportional_time() -> None:
    short = _quote_search_cpu_seconds("“" * 5_000 + " the bridge will reopen in May.")
    long = _quote_search_cpu_seconds("“" * 20_000 + " the bridge will reopen in May.")
    # four times the marks: linear is about 4x; rescanning the run from every opening mark was 16x
    assert long < 8 * max(short, 0.002), (short, long)
