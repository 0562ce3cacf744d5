"""Texts besides an article's own that an extractor reads parsed (the headline) go through the article's own
``nlp.pipe`` pass: no extractor runs spaCy by itself, outside the batch and outside the worker processes.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from newsledger.extract.counts.rules import headline_text
from newsledger.model import Item
from newsledger.pipeline import CHUNK_ABOVE, Pipeline


def item(text: str, title: str | None, source: str) -> Item:
    return Item(source=source, text=text, format="jsonl", path="t.jsonl", title=title, published="2025-03-04")


BODY = "Police said a man was shot on Elm Street on Monday night. He was taken to a hospital."


def test_each_article_gets_its_own_headline_parsed_beside_it() -> None:
    line = Pipeline()
    items = [
        item(BODY, "Two Killed, Three Hurt In Elm Street Shooting - WXYZ News", "a"),
        item(BODY.replace("Elm", "Oak"), None, "b"),
        item(BODY.replace("Elm", "Ash"), "Teen wounded on Ash Street | abc13.com", "c"),
    ]
    pairs = [(article, it.source) for it in items for article in line.articles_of(it)]
    analysed = list(line.analyse(pairs))
    assert [context for _, context in analysed] == ["a", "b", "c"]
    assert analysed[0][0].docs["headline"].text == headline_text(items[0].title)
    assert analysed[0][0].docs["headline"].text.startswith("Two killed, three hurt")  # sentence case, no outlet
    assert analysed[1][0].docs == {}
    assert analysed[2][0].docs["headline"].text == "Teen wounded on Ash Street"
    assert analysed[2][0].doc.text == items[2].text


def test_a_long_article_parsed_in_pieces_keeps_its_headline() -> None:
    text = " ".join([BODY] * (CHUNK_ABOVE // len(BODY) + 5))
    line = Pipeline()
    (article,) = line.articles_of(item(text, "Man shot dead on Elm Street", "long"))
    ((analysed, _),) = list(line.analyse([(article, None)]))
    assert analysed.doc.text == article.analysis_text
    assert analysed.docs["headline"].text == "Man shot dead on Elm Street"


def test_the_benchmark_parses_the_headline_as_the_ledger_does() -> None:
    line = Pipeline()
    (article,) = line.articles_of(item(BODY, "Man shot dead on Elm Street", "x"))
    assert line.parsed_texts(article) == ["Man shot dead on Elm Street", article.analysis_text]


def test_the_headline_figures_come_without_spacy_being_called_outside_the_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(self: Language, text: Any, **_: Any) -> Any:
        raise AssertionError(f"spaCy called outside nlp.pipe on {text!r}")

    line = Pipeline()
    assert line.nlp is not None  # loaded first: loading may call it
    monkeypatch.setattr(Language, "__call__", refuse)
    (done,) = list(line.run([item(BODY, "Three killed in Elm Street shooting", "h")]))
    (facts,) = done.facts
    assert not facts.failed
    killed = facts.found["casualties"]["killed"]
    assert killed.value == 3 and killed.basis == "headline"
