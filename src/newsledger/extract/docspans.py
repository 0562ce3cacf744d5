"""Entity lookups in a parsed Doc that cost what the span they ask about costs.

spaCy's ``Span.ents`` and ``Doc.ents`` build a ``Span`` for every entity of the
whole document on each call, so asking for the entities of every sentence, or
of every named victim, costs the square of an article's length. These read the
tokens' entity tags around the span alone and give the same entities.
"""

from __future__ import annotations

from typing import Any

# Token.ent_iob: 3 begins an entity, 1 is inside one, 2 is outside, 0 unset.
_BEGIN, _INSIDE = 3, 1


def ents_within(span: Any) -> list[Any]:
    """The entities lying wholly inside ``span``, in text order: what ``span.ents`` gives."""
    from spacy.tokens import Span

    doc = span.doc
    found = []
    i = span.start
    while i < span.end:
        token = doc[i]
        if token.ent_iob != _BEGIN or not token.ent_type:
            i += 1
            continue
        end = _entity_end(doc, i)
        if end > span.end:
            break
        found.append(Span(doc, i, end, label=token.ent_type, kb_id=token.ent_kb_id, span_id=token.ent_id))
        i = end
    return found


def entity_text(token: Any) -> str | None:
    """The text of the entity the token is part of (None outside any): the ``e.text`` of the
    one of ``doc.ents`` with ``e.start <= token.i < e.end``."""
    if not token.ent_type:
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob == _INSIDE and start > 0:
        start -= 1
    if doc[start].ent_iob != _BEGIN:
        return None  # an inside tag with no beginning: spaCy refuses such a doc's entities
    return str(doc[start : _entity_end(doc, start)].text)


def _entity_end(doc: Any, start: int) -> int:
    """One past the last token of the entity beginning at ``start``."""
    end = start + 1
    while end < len(doc) and doc[end].ent_iob == _INSIDE:
        end += 1
    return end


def token_starting_at(doc: Any, char: int) -> Any | None:
    """The token whose first character is at offset ``char`` of the doc's text, or None: the one
    ``next(t for t in doc if t.idx == char)`` finds, found by spaCy's binary search instead."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span) or span[0].idx != char:
        return None
    return span[0]
