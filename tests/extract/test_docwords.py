"""Every token's word forms read once per Doc (newsledger.extract.docwords), as the rules would read them."""

from __future__ import annotations

from typing import Any

from newsledger.extract.docwords import doc_words, tokens_among
from newsledger.model import Item
from newsledger.nlp import analyse
from newsledger.segment import segment

TEXT = (
    "John Smith, 34, was shot and killed Sunday in Chicago; police said the gunman killed himself. "
    "“We’re devastated,” his mother said. The Hopes were not home."
)


def parsed() -> Any:
    articles = segment(Item(source="x", text=TEXT, format="text", path="x"))
    ((analysed, _),) = analyse([(a, None) for a in articles])
    return analysed.doc


def test_doc_words_are_the_tokens_own_forms() -> None:
    doc = parsed()
    words = doc_words(doc)
    assert words.lower == [t.lower_ for t in doc]
    assert words.lemma == [t.lemma_.lower() for t in doc]
    assert words.pos == [t.pos_ for t in doc]
    assert words.ent_type == [t.ent_type_ for t in doc]
    assert words.text == [t.text for t in doc]
    assert "PERSON" in words.ent_type and "" in words.ent_type  # names and words outside any name


def test_doc_words_are_read_once_and_kept_with_the_doc() -> None:
    doc = parsed()
    first = doc_words(doc)
    assert doc_words(doc).lemma is first.lemma  # the same lists, not read again


def test_tokens_among_finds_a_sentences_words_in_order() -> None:
    doc = parsed()
    first = next(iter(doc.sents))
    killed = tokens_among(doc_words(doc).lemma, first, {"kill", "shoot"})
    assert [doc[i].text for i in killed] == ["shot", "killed", "killed"]
    assert all(first.start <= i < first.end for i in killed)
