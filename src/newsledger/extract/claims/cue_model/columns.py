# ruff: noqa: UP031  # the templates are spelt exactly as features.py spells them (which has the same exemption)
"""The cue tagger's hashed features (``features.py``) computed a template at a time over a whole Doc.

``features.token_features`` spells out every feature string of one token; the
tagger's hot path needs only their hashed indices, and most of those strings
repeat within an article ("p=NOUN", "w-1=the", "s0=0"). Here each template
("l|d=" + lemma + "|" + dep) is taken over all scored tokens at once: the
tokens' values are coded as small integers, each distinct combination is
spelt and hashed once (``features.hashed``), and numpy spreads the index back
over the tokens. The rows come out as keys ``row << n_bits | index``, sorted
and distinct (``features.keyed_rows``): the very indices ``features.doc_rows``
gives, in its order, so every score is the same to the last bit (the tests
check the two against each other).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from newsledger.extract.claims.cue_model.features import (
    CLAUSE_DEPS,
    KEPT_CHILD_DEPS,
    N_BITS,
    DocView,
    hashed,
)

#: A column of values over a template's rows: small integer codes, and the value each code stands for.
Column = tuple[np.ndarray, Sequence[Any]]
#: The tenths a score can fall in, and -1 for "no such token" (``features.score_features``).
TENTHS = list(range(-1, 10))


class Columns:
    """A Doc's token attributes as coded columns, with the tokens scored and their keyed rows built up."""

    def __init__(self, view: DocView, tokens: list[int], n_bits: int = N_BITS) -> None:
        self.view, self.n_bits, self.size = view, n_bits, len(view.low)
        self.tokens = np.array(tokens, dtype=np.int64)
        self.rows = np.arange(len(tokens), dtype=np.int64)
        coded = view.coded
        self.low, self.lemma, self.pos = coded["LOWER"], coded["LEMMA"], coded["POS"]
        self.tag, self.dep, self.shape, self.ent = coded["TAG"], coded["DEP"], coded["SHAPE"], coded["ENT_TYPE"]
        self.suffix = (self.low[0], [low[-3:] for low in self.low[1]])
        self.quoted: Column = (np.array(view.quoted, dtype=np.int64), [0, 1, 2])
        self.head = np.array(view.head, dtype=np.int64)
        children = np.flatnonzero(self.head != np.arange(self.size))
        self.child, self.parent = children, self.head[children]  # every arc, in token order of the child
        self.clause = self._having(CLAUSE_DEPS)
        self.subject = self._having(("nsubj", "nsubjpass"))
        self.keys: list[np.ndarray] = []

    def _having(self, deps: Sequence[str]) -> Column:
        """Per token, 1 when a child of it has one of ``deps``, else 0."""
        codes, values = self.dep
        wanted = np.array([k for k, value in enumerate(values) if value in deps], dtype=np.int64)
        found = np.zeros(self.size, dtype=np.int64)
        found[self.parent[np.isin(codes[self.child], wanted)]] = 1
        return found, [0, 1]

    def add(self, spell: Callable[..., str], columns: list[Column], at: np.ndarray, rows: np.ndarray) -> None:
        """The feature ``spell(*values)`` of each row, its values read from ``columns`` at positions ``at``."""
        if not len(at):
            return
        if len(columns) == 1:  # each value the rows use spelt and hashed once, then looked up
            codes, values = columns[0]
            read = codes[at]
            used = np.flatnonzero(np.bincount(read, minlength=len(values)))
            table = np.zeros(len(values), dtype=np.int64)
            table[used] = hashed([spell(values[k]) for k in used.tolist()], self.n_bits)
            self.keys.append((rows << self.n_bits) | table[read])
            return
        key = np.zeros(len(at), dtype=np.int64)
        for codes, values in columns:
            key = key * len(values) + codes[at]
        _, first, where = np.unique(key, return_index=True, return_inverse=True)
        parts = [[values[k] for k in codes[at[first]].tolist()] for codes, values in columns]
        indices = np.array(hashed(map(spell, *parts), self.n_bits), dtype=np.int64)
        self.keys.append((rows << self.n_bits) | indices[where.reshape(-1)])

    def constant(self, feature: str, rows: np.ndarray) -> None:
        """One feature string for every row of ``rows``."""
        if len(rows):
            self.keys.append((rows << self.n_bits) | hashed([feature], self.n_bits)[0])

    def keyed(self) -> np.ndarray:
        """The rows gathered so far, as sorted distinct keys (``features.keyed_rows``)."""
        return distinct(np.concatenate(self.keys))


def distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of ``keys``, ascending (``np.unique``, which here would hash them first)."""
    keys = np.sort(keys)
    if len(keys) > 1:
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys


def first_stage_keys(view: DocView, tokens: list[int], n_bits: int = N_BITS) -> tuple[np.ndarray, Columns]:
    """The first stage's rows of ``tokens`` as keys: every feature of ``features.token_features``."""
    c = Columns(view, tokens, n_bits)
    w, rows = c.tokens, c.rows
    head = c.head[w]
    at_head = c.head  # a column read at the head's position: pass head indices as ``at``
    c.constant("b", rows)
    for prefix, column in (("w=", c.low), ("l=", c.lemma), ("p=", c.pos), ("t=", c.tag), ("d=", c.dep)):
        c.add(prefix.__add__, [column], w, rows)
    c.add("s3=".__add__, [c.suffix], w, rows)
    c.add("sh=".__add__, [c.shape], w, rows)
    c.add("ent=".__add__, [c.ent], w, rows)
    c.add("hl=".__add__, [c.lemma], head, rows)
    c.add("hp=".__add__, [c.pos], head, rows)
    c.add("hd=".__add__, [c.dep], head, rows)
    c.add(lambda a, b: "l|d=" + a + "|" + b, [c.lemma, c.dep], w, rows)
    c.add(lambda a, b: "l|p=" + a + "|" + b, [c.lemma, c.pos], w, rows)
    _pairs(c, "d|hl=", c.dep, c.lemma, w, head)
    _pairs(c, "d|hp=", c.dep, c.pos, w, head)
    c.add(lambda q: "q=%d" % q, [c.quoted], w, rows)
    c.add(lambda a, q: "l|q=%s|%d" % (a, q), [c.lemma, c.quoted], w, rows)
    c.add(lambda a, q: "p|q=%s|%d" % (a, q), [c.pos, c.quoted], w, rows)
    _children(c)
    c.add(lambda a, b: "cl|sb=%d|%d" % (a, b), [c.clause, c.subject], w, rows)
    c.add(lambda a, b: "l|cl=%s|%d" % (a, b), [c.lemma, c.clause], w, rows)
    c.add(lambda a, b: "l|sb=%s|%d" % (a, b), [c.lemma, c.subject], w, rows)
    grand = at_head[head]
    c.add("gl=".__add__, [c.lemma], grand, rows)
    _pairs(c, "hl|gl=", c.lemma, c.lemma, head, grand)
    c.add("hcl=%d".__mod__, [c.clause], head, rows)
    c.add(lambda a, b: "hl|hcl=%s|%d" % (a, b), [c.lemma, c.clause], head, rows)
    _head_dep_pairs(c, head)
    _neighbours(c)
    return c.keyed(), c


def _pairs(c: Columns, prefix: str, left: Column, right: Column, at_left: np.ndarray, at_right: np.ndarray) -> None:
    """``prefix + a + "|" + b`` with ``a`` read at ``at_left`` and ``b`` at ``at_right``, for every row."""
    key_left, key_right = _shifted(left, at_left), _shifted(right, at_right)
    c.add(lambda a, b: prefix + a + "|" + b, [key_left, key_right], c.rows, c.rows)


def _shifted(column: Column, at: np.ndarray) -> Column:
    """A column re-read at other positions, so it lines up with the rows."""
    return column[0][at], column[1]


def _head_dep_pairs(c: Columns, head: np.ndarray) -> None:
    """ "hl|hd|d=": the head's lemma and dependency, and the token's own."""
    columns = [_shifted(c.lemma, head), _shifted(c.dep, head), _shifted(c.dep, c.tokens)]
    c.add(lambda a, b, d: "hl|hd|d=%s|%s|%s" % (a, b, d), columns, c.rows, c.rows)


def _children(c: Columns) -> None:
    """ "kd=", "l|kd=", "p|kd=" for each child's dependency, "kc=", "l|kc=" for each kept child."""
    row_of = np.full(c.size, -1, dtype=np.int64)
    row_of[c.tokens] = c.rows
    scored = row_of[c.parent] >= 0
    child, parent = c.child[scored], c.parent[scored]
    rows = row_of[parent]
    positions = np.arange(len(rows), dtype=np.int64)
    dep = _shifted(c.dep, child)
    c.add("kd=".__add__, [dep], positions, rows)
    c.add(lambda a, d: "l|kd=" + a + "|" + d, [_shifted(c.lemma, parent), dep], positions, rows)
    c.add(lambda a, d: "p|kd=" + a + "|" + d, [_shifted(c.pos, parent), dep], positions, rows)
    codes, values = c.dep
    kept = np.isin(
        codes[child], np.array([k for k, value in enumerate(values) if value in KEPT_CHILD_DEPS], dtype=np.int64)
    )
    child, parent, rows = child[kept], parent[kept], rows[kept]
    positions = np.arange(len(rows), dtype=np.int64)
    dep, child_lemma = _shifted(c.dep, child), _shifted(c.lemma, child)
    c.add(lambda d, b: "kc=%s|%s" % (d, b), [dep, child_lemma], positions, rows)
    c.add(lambda a, d, b: "l|kc=%s|%s|%s" % (a, d, b), [_shifted(c.lemma, parent), dep, child_lemma], positions, rows)


def _neighbours(c: Columns) -> None:
    """Words two either side ("w-1=", "p-1=", "l|w-1="), "<>" past either end, and the lemma bigrams."""
    w = c.tokens
    for k in (-2, -1, 1, 2):
        j = w + k
        inside = (j >= 0) & (j < c.size)
        rows, at = c.rows[inside], j[inside]
        c.add(("w%+d=" % k).__add__, [c.low], at, rows)
        c.add(("p%+d=" % k).__add__, [c.pos], at, rows)
        if abs(k) == 1:
            prefix = "l|w%+d=" % k
            columns = [_shifted(c.lemma, w[inside]), _shifted(c.low, at)]
            c.add(lambda a, b, prefix=prefix: prefix + a + "|" + b, columns, np.arange(len(rows)), rows)
        c.constant("w%+d=<>" % k, c.rows[~inside])
    before, after = w > 0, w + 1 < c.size
    columns = [_shifted(c.lemma, w[before] - 1), _shifted(c.lemma, w[before])]
    c.add(lambda a, b: "bg=%s_%s" % (a, b), columns, np.arange(int(before.sum())), c.rows[before])
    columns = [_shifted(c.lemma, w[after]), _shifted(c.lemma, w[after] + 1)]
    c.add(lambda a, b: "bg+=%s_%s" % (a, b), columns, np.arange(int(after.sum())), c.rows[after])


def second_stage_keys(c: Columns, first: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The second stage's rows as keys: the first stage's and ``features.score_features`` of each token,
    ``scores`` being the first stage's, one per token of the Doc."""
    c.keys = [first]
    w, rows, size = c.tokens, c.rows, c.size
    tenths = np.minimum((np.asarray(scores, dtype=np.float64) * 10).astype(np.int64), 9)
    own = (tenths[w] + 1, TENTHS)
    before = (np.where(w > 0, tenths[np.maximum(w - 1, 0)], -1) + 1, TENTHS)
    after = (np.where(w + 1 < size, tenths[np.minimum(w + 1, size - 1)], -1) + 1, TENTHS)
    head = c.head[w]
    over = (np.where(head == w, 10, tenths[head]), [str(t) for t in range(10)] + ["root"])
    best = np.zeros(size, dtype=np.float64)
    np.maximum.at(best, c.parent, np.asarray(scores, dtype=np.float64)[c.child])  # scores are never negative
    kids = (np.minimum((best[w] * 10).astype(np.int64), 9) + 1, TENTHS)
    lemma = _shifted(c.lemma, w)
    c.add(lambda a: "s0=%d" % a, [own], rows, rows)
    c.add("sh=".__add__, [over], rows, rows)
    c.add(lambda a: "sp=%d" % a, [before], rows, rows)
    c.add(lambda a: "sn=%d" % a, [after], rows, rows)
    c.add(lambda a: "ss=%d" % a, [_sentence_best(c, scores)], rows, rows)
    c.add(lambda a: "sk=%d" % a, [kids], rows, rows)
    c.add(lambda a, b: "s0|l=%d|%s" % (a, b), [own, lemma], rows, rows)
    c.add(lambda a, b: "s0|sh=%d|%s" % (a, b), [own, over], rows, rows)
    c.add(lambda a, b: "sp|sn=%d|%d" % (a, b), [before, after], rows, rows)
    return c.keyed()


def _sentence_best(c: Columns, scores: Any) -> Column:
    """Per scored token, the tenth of the best first-stage score in its sentence."""
    best: dict[tuple[int, int], int] = {}
    found = []
    for i in c.tokens.tolist():
        bounds = c.view.sentence[i]
        if bounds not in best:
            best[bounds] = min(int(max(scores[bounds[0] : bounds[1]]) * 10), 9)
        found.append(best[bounds] + 1)
    return np.array(found, dtype=np.int64), TENTHS
