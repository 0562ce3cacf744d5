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
from itertools import chain
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
    return _quote_flags([token.text for token in doc])


def _quote_flags(texts: list[str]) -> list[int]:
    flags = []
    inside = False
    for text in texts:
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


#: The token attributes a ``DocView`` reads, as columns of ``Doc.to_array``.
VIEW_ATTRIBUTES = ("LOWER", "LEMMA", "POS", "TAG", "DEP", "SHAPE", "ENT_TYPE", "ORTH", "HEAD")  # HEAD last


class DocView:
    """The string attributes of every token of a Doc, read once: features look at each token's
    head, children and neighbours, and reading spaCy attributes again for each is the slow part.
    They are read as one ``Doc.to_array`` and each distinct value spelt once: no ``Token`` is made.
    ``coded`` holds each attribute also as small integer codes and the strings they stand for (two
    codes may stand for one string: "The" and "the" as lemmas), which ``columns.py`` computes with."""

    def __init__(self, doc: Any, sentences: bool = False) -> None:
        table = doc.to_array(list(VIEW_ATTRIBUTES)) if len(doc) else np.zeros((0, len(VIEW_ATTRIBUTES)), np.uint64)
        strings = doc.vocab.strings
        converts: dict[str, Any] = {"LEMMA": str.lower, "SHAPE": lambda shape: shape[:4]}
        self.coded = {
            name: _coded_ids(table[:, k], strings, converts.get(name)) for k, name in enumerate(VIEW_ATTRIBUTES[:-1])
        }
        spelt = {name: [values[k] for k in codes.tolist()] for name, (codes, values) in self.coded.items()}
        self.low, self.lemma, self.pos = spelt["LOWER"], spelt["LEMMA"], spelt["POS"]
        self.tag, self.dep, self.shape, self.ent = spelt["TAG"], spelt["DEP"], spelt["SHAPE"], spelt["ENT_TYPE"]
        self.head = (table[:, -1].astype(np.int64) + np.arange(len(doc), dtype=np.int64)).tolist()
        self.children: list[list[int]] = [[] for _ in self.low]
        for i, head in enumerate(self.head):
            if head != i:
                self.children[head].append(i)  # in token order, as spaCy's Token.children
        self.quoted = _quote_flags(spelt["ORTH"])
        self.sentence: list[tuple[int, int]] = []  # per token, its sentence's (start, end) token indices
        if sentences:
            for sent in doc.sents:
                self.sentence += [(sent.start, sent.end)] * len(sent)


def _coded_ids(ids: np.ndarray, strings: Any, convert: Any = None) -> tuple[np.ndarray, list[str]]:
    """spaCy string ids as small codes and the string (converted) each code stands for."""
    distinct, codes = np.unique(ids, return_inverse=True)
    values = [strings[key] for key in distinct.tolist()]
    return codes.reshape(-1).astype(np.int64), values if convert is None else [convert(v) for v in values]


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
    return set(hashed(strings, n_bits))


#: Feature strings already hashed, by index width: the same few hundred thousand strings ("p=NOUN",
#: "w-1=the", "s0=0") come back token after token, and a dict lookup costs a fraction of CRC-32 over
#: freshly encoded bytes. Emptied when it outgrows ``HASHED_LIMIT``, so a long ingest's memory stays flat.
_HASHED: dict[int, dict[str, int]] = {}
HASHED_LIMIT = 100_000  # about 13 MB of strings and indices


def hashed(strings: Iterable[str], n_bits: int = N_BITS) -> list[int]:
    """The hashed index of each feature string, in order (as :func:`hash_feature`, remembered)."""
    cache = _HASHED.get(n_bits)
    if cache is None or len(cache) > HASHED_LIMIT:
        cache = _HASHED[n_bits] = {}
    get, mask, crc32 = cache.get, (1 << n_bits) - 1, zlib.crc32
    found = []
    for feature in strings:
        index = get(feature)
        if index is None:
            index = cache[feature] = crc32(feature.encode("utf-8")) & mask
        found.append(index)
    return found


def keyed_rows(rows: list[list[int]], n_bits: int = N_BITS) -> np.ndarray:
    """Rows of hashed indices (repeats allowed) as one sorted array of distinct keys ``row << n_bits | index``:
    row by row, each row's distinct indices ascending, which is the order of :func:`doc_rows`' rows put
    end to end, so sums over it come out bit for bit the same; one ``np.unique`` instead of a set, a sort
    and an array per token."""
    counts = [len(r) for r in rows]
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=sum(counts))
    owners = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    return np.unique((owners << n_bits) | flat)


def split_keys(keys: np.ndarray, size: int, n_bits: int = N_BITS) -> list[np.ndarray]:
    """Keyed rows (see :func:`keyed_rows`) back as ``size`` arrays of sorted distinct indices (int32)."""
    indices = (keys & ((1 << n_bits) - 1)).astype(np.int32)
    ends = np.cumsum(np.bincount(keys >> n_bits, minlength=size))
    return np.split(indices, ends[:-1])


def two_stage_keys(doc: Any, tokens: list[int], n_bits: int = N_BITS) -> tuple[np.ndarray, Any]:
    """The first stage's rows of ``tokens`` as keys (see :func:`keyed_rows`) and a function from the first
    stage's scores to the second stage's keys, reading the parse once for both (the tagger's hot path)."""
    from newsledger.extract.claims.cue_model.columns import first_stage_keys, second_stage_keys

    first, columns = first_stage_keys(DocView(doc, sentences=True), tokens, n_bits)
    return first, lambda scores: second_stage_keys(columns, first, scores)


def two_stage_rows(doc: Any, tokens: list[int], n_bits: int = N_BITS) -> tuple[list[np.ndarray], Any]:
    """The first stage's rows of ``tokens`` and a function from the first stage's scores to the second
    stage's rows, reading the parse once for both (rows as :func:`doc_rows`; see :func:`two_stage_keys`)."""
    first, second = two_stage_keys(doc, tokens, n_bits)
    return split_keys(first, len(tokens), n_bits), lambda scores: split_keys(second(scores), len(tokens), n_bits)
