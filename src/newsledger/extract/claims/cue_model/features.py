"""Per-token features of the cue tagger, hashed into a fixed-size index space.

Training (``train.py``) and run time (``CueTagger``) both call :func:`doc_rows`,
so a feature can never be spelt one way when learnt and another when used.
Features are strings read off spaCy's parse (word, lemma, tags, dependency
label, head, children, neighbours, whether the token is inside quotation
marks); each string is hashed with CRC-32, which is fixed by the zlib
standard, unlike Python's salted ``hash()``, so the indices are the same in
every process and on every machine. Collisions are accepted: with 2^18 slots
they cost little (see NOTE.md).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np

N_BITS = 18  # 2^18 weights: 0.5 MB as float16 (NOTE.md says why not 2^20)
QUOTES = frozenset('"“”«»')
CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis")
KEPT_CHILD_DEPS = ("prep", "prt", "dobj", "agent", "acomp", "attr", "xcomp", "mark")


def hash_feature(feature: str, n_bits: int = N_BITS) -> int:
    """The weight index of one feature string: CRC-32 of its UTF-8 bytes, low ``n_bits`` bits."""
    return zlib.crc32(feature.encode("utf-8")) & ((1 << n_bits) - 1)


def quote_flags(doc: Any) -> list[int]:
    """Per token: 0 outside quotation marks, 1 inside, 2 for a quotation mark itself.

    Quoted words are someone's speech, so whether a verb sits inside or
    outside the marks tells a cue ("..., she said") from a quoted verb.
    Curly and doubled-backtick quotes open and close; straight ones toggle.
    """
    flags = []
    inside = False
    for token in doc:
        text = token.text
        if text in QUOTES or text in ("''", "``"):
            if text in ("“", "``"):
                inside = True
            elif text in ("”", "''"):
                inside = False
            else:
                inside = not inside
            flags.append(2)
        else:
            flags.append(int(inside))
    return flags


class DocView:
    """The string attributes of every token of a Doc, read once: features look at each token's
    head, children and neighbours, and reading spaCy attributes again for each is the slow part."""

    def __init__(self, doc: Any, sentences: bool = False) -> None:
        self.low = [t.lower_ for t in doc]
        self.lemma = [t.lemma_.lower() for t in doc]
        self.pos = [t.pos_ for t in doc]
        self.tag = [t.tag_ for t in doc]
        self.dep = [t.dep_ for t in doc]
        self.shape = [t.shape_[:4] for t in doc]
        self.ent = [t.ent_type_ for t in doc]
        self.head = [t.head.i for t in doc]
        self.children: list[list[int]] = [[] for _ in self.low]
        for i, head in enumerate(self.head):
            if head != i:
                self.children[head].append(i)  # in token order, as spaCy's Token.children
        self.quoted = quote_flags(doc)
        self.sentence: list[tuple[int, int]] = []  # per token, its sentence's (start, end) token indices
        if sentences:
            for sent in doc.sents:
                self.sentence += [(sent.start, sent.end)] * len(sent)


def token_features(view: DocView, i: int) -> list[str]:
    """The feature strings of token ``i`` (before hashing)."""
    lemma, low, pos, dep = view.lemma[i], view.low[i], view.pos[i], view.dep[i]
    head = view.head[i]
    head_lemma, quoted = view.lemma[head], view.quoted[i]
    features = [
        "b",
        "w=" + low,
        "l=" + lemma,
        "p=" + pos,
        "t=" + view.tag[i],
        "d=" + dep,
        "s3=" + low[-3:],
        "sh=" + view.shape[i],
        "hl=" + head_lemma,
        "hp=" + view.pos[head],
        "hd=" + view.dep[head],
        "l|d=" + lemma + "|" + dep,
        "l|p=" + lemma + "|" + pos,
        "d|hl=" + dep + "|" + head_lemma,
        "d|hp=" + dep + "|" + view.pos[head],
        "q=%d" % quoted,
        "l|q=%s|%d" % (lemma, quoted),
        "p|q=%s|%d" % (pos, quoted),
    ]
    features += _children_features(view, i)
    features += _head_features(view, i)
    features += _neighbour_features(view, i)
    features.append("ent=" + view.ent[i])
    return features


def _children_features(view: DocView, i: int) -> list[str]:
    """A cue is known by what hangs on it: a clause, a subject, "to", "of", "that"."""
    lemma, pos, children = view.lemma[i], view.pos[i], view.children[i]
    deps = [view.dep[c] for c in children]
    features = []
    for dep in sorted(set(deps)):
        features += ["kd=" + dep, "l|kd=" + lemma + "|" + dep, "p|kd=" + pos + "|" + dep]
    for child, dep in zip(children, deps):
        if dep in KEPT_CHILD_DEPS:
            child_lemma = view.lemma[child]
            features += ["kc=%s|%s" % (dep, child_lemma), "l|kc=%s|%s|%s" % (lemma, dep, child_lemma)]
    has_clause = int(any(d in CLAUSE_DEPS for d in deps))
    has_subject = int(any(d in ("nsubj", "nsubjpass") for d in deps))
    features += [
        "cl|sb=%d|%d" % (has_clause, has_subject),
        "l|cl=%s|%d" % (lemma, has_clause),
        "l|sb=%s|%d" % (lemma, has_subject),
    ]
    return features


def _head_features(view: DocView, i: int) -> list[str]:
    """Multi-word cues ("according to", "pointed out") are told by the word they hang on."""
    head = view.head[i]
    head_lemma, grand_lemma = view.lemma[head], view.lemma[view.head[head]]
    head_clause = int(any(view.dep[c] in CLAUSE_DEPS for c in view.children[head]))
    return [
        "gl=" + grand_lemma,
        "hl|gl=" + head_lemma + "|" + grand_lemma,
        "hl|hd|d=%s|%s|%s" % (head_lemma, view.dep[head], view.dep[i]),
        "hcl=%d" % head_clause,
        "hl|hcl=%s|%d" % (head_lemma, head_clause),
    ]


def _neighbour_features(view: DocView, i: int) -> list[str]:
    """Words two either side, and lemma bigrams: ", he said", "said that"."""
    lemma, size = view.lemma[i], len(view.low)
    features = []
    for k in (-2, -1, 1, 2):
        j = i + k
        if 0 <= j < size:
            features += ["w%+d=%s" % (k, view.low[j]), "p%+d=%s" % (k, view.pos[j])]
            if abs(k) == 1:
                features.append("l|w%+d=%s|%s" % (k, lemma, view.low[j]))
        else:
            features.append("w%+d=<>" % k)
    if i > 0:
        features.append("bg=%s_%s" % (view.lemma[i - 1], lemma))
    if i + 1 < size:
        features.append("bg+=%s_%s" % (lemma, view.lemma[i + 1]))
    return features


def score_features(view: DocView, i: int, scores: Any) -> list[str]:
    """The second stage's extra features of token ``i``: the first stage's scores (in tenths) of the token,
    its head, its neighbours, its children and its sentence's best. A cue is a cue in company: "support"
    after a "said" or under a tagged "voiced" is likelier one than "support" alone, and the first stage,
    token by token, cannot see that."""
    size = len(view.low)
    head = view.head[i]
    start, end = view.sentence[i]
    own = tenth(scores[i])
    before = tenth(scores[i - 1]) if i > 0 else -1
    after = tenth(scores[i + 1]) if i + 1 < size else -1
    over = "root" if head == i else str(tenth(scores[head]))
    return [
        "s0=%d" % own,
        "sh=" + over,
        "sp=%d" % before,
        "sn=%d" % after,
        "ss=%d" % tenth(max(scores[start:end])),
        "sk=%d" % tenth(max((scores[k] for k in view.children[i]), default=0.0)),
        "s0|l=%d|%s" % (own, view.lemma[i]),
        "s0|sh=%d|%s" % (own, over),
        "sp|sn=%d|%d" % (before, after),
    ]


def tenth(score: float) -> int:
    """A score in [0, 1] as its tenth, 0 to 9 (1.0 is in the top one)."""
    return min(int(score * 10), 9)


def doc_rows(
    doc: Any, n_bits: int = N_BITS, tokens: Iterable[int] | None = None, scores: Any = None
) -> list[np.ndarray]:
    """Per token of ``doc`` (or of the token indices ``tokens``), the sorted distinct hashed feature
    indices (int32); each present feature has value 1, so a row's score is the sum of the weights at
    these indices. With the first stage's ``scores`` (one per token of ``doc``), the second stage's rows:
    the same features and :func:`score_features`."""
    indices = list(range(len(doc)) if tokens is None else tokens)
    first, second = two_stage_rows(doc, indices, n_bits)
    return first if scores is None else second(scores)


def hash_strings(strings: list[str], n_bits: int = N_BITS) -> set[int]:
    """The distinct hashed indices of feature strings (see :func:`hash_feature`)."""
    mask, crc32 = (1 << n_bits) - 1, zlib.crc32
    return {crc32(f.encode("utf-8")) & mask for f in strings}


def two_stage_rows(doc: Any, tokens: list[int], n_bits: int = N_BITS) -> tuple[list[np.ndarray], Any]:
    """The first stage's rows of ``tokens`` and a function from the first stage's scores to the second
    stage's rows, reading the parse once for both (the tagger's hot path; rows as :func:`doc_rows`).
    The first stage's rows are kept as arrays, not as the sets they are made from: a set of ints per
    token took about 2 kB, 400 MB at once on an article of a million characters."""
    view = DocView(doc, sentences=True)
    first = [np.array(sorted(hash_strings(token_features(view, i), n_bits)), dtype=np.int32) for i in tokens]

    def second(scores: Any) -> list[np.ndarray]:
        return [
            np.array(sorted(set(row.tolist()) | hash_strings(score_features(view, i, scores), n_bits)), dtype=np.int32)
            for i, row in zip(tokens, first)
        ]

    return first, second
