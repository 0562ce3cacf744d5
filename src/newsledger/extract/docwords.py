"""Every token's word forms, read off a parsed Doc once and kept with it.

Rules look for a handful of cue words ("killed", "suicide", "himself") in
every sentence; reading ``token.lemma_`` of each word to find them makes a
spaCy ``Token`` object of every word, rule after rule. ``doc_words`` reads
the forms the rules compare as one ``Doc.to_array`` and keeps them in the
Doc's ``user_data``, so a rule visits only the tokens that can match and
makes a ``Token`` of those alone. Only what no extractor changes is kept
(forms, lemmas, tags, entity types), never the parse, which the headline
rules of counts rewrite.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

KEY = "newsledger.doc_words"
TEXT_KEY = "newsledger.doc_text"
ATTRIBUTES = ["LOWER", "LEMMA", "POS", "ENT_TYPE", "ORTH"]


@dataclass(frozen=True)
class DocWords:
    """Per token of a Doc: ``lower_``, ``lemma_.lower()``, ``pos_``, ``ent_type_`` and ``text``."""

    lower: list[str]
    lemma: list[str]
    pos: list[str]
    ent_type: list[str]
    text: list[str]


def doc_words(doc: Any) -> DocWords:
    """The Doc's ``DocWords``, read on first use and kept in its ``user_data``."""
    kept = doc.user_data.get(KEY)
    if kept is None:  # kept as a tuple of lists: user_data stays serialisable
        words = _read(doc)
        kept = doc.user_data[KEY] = (words.lower, words.lemma, words.pos, words.ent_type, words.text)
    return DocWords(*kept)


def _read(doc: Any) -> DocWords:
    if not len(doc):
        return DocWords([], [], [], [], [])
    strings = doc.vocab.strings
    columns = doc.to_array(ATTRIBUTES).T.tolist()
    spelt: dict[int, str] = {}
    lowered: dict[int, str] = {}

    def spell(ids: list[int]) -> list[str]:
        return [spelt[k] if k in spelt else spelt.setdefault(k, strings[k]) for k in ids]

    def lower(ids: list[int]) -> list[str]:
        return [lowered[k] if k in lowered else lowered.setdefault(k, strings[k].lower()) for k in ids]

    return DocWords(spell(columns[0]), lower(columns[1]), spell(columns[2]), spell(columns[3]), spell(columns[4]))


def sentence_text(sent: Any) -> str:
    """``sent.text``, cut from the Doc's text (kept in its ``user_data``) instead of joined token by token:
    a span's text is its tokens' texts with their spaces, less the last token's, which is exactly the
    Doc's text from the span's first character to its last."""
    doc = sent.doc
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return cast(str, text)[sent.start_char : sent.end_char]


def tokens_among(words: list[str], sent: Any, wanted: Collection[str]) -> list[int]:
    """The indices of the sentence's tokens whose form in ``words`` (a ``DocWords`` list) is in ``wanted``."""
    return [i for i in range(sent.start, sent.end) if words[i] in wanted]
