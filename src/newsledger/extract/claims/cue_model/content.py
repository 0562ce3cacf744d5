"""A learnt chooser of where a claim's content starts and ends: "wants to unseat [Rep. X]", "shared the news".

The claims rules take the content after a cue from the parse (the cue's clause,
object or prepositional object). Parse errors and PolNeAR's own habits make that
subtree too short ("to unseat" without its object, "Mexican immigrants" without
"as criminals") or too long (", which ..." asides, "her advocacy for [research]")
often enough that content exact match was the weakest measure. This model looks
at every place the content could end, from its first word to the end of the
sentence, and at a few places either side of where it starts, and scores each
with a logistic regression over hashed features of the boundary (the words
either side, whether it cuts a phrase in two, open quotation marks, where the
rules put it); the best-scoring place wins, the rules' own on a tie. Two hard
limits keep newsledger's other fields apart: a content never grows by a bare
time phrase ("on Monday" is the claim's ``when``) nor starts back on the cue's
object ("urged [voters] to ..." is whom the cue addresses).

Trained on PolNeAR train only (``train_content.py``, ``NOTE.md``); numpy alone
at run time. It lives beside the cue tagger, whose hashing it shares and whose
folder the package data already ships. The weights are ``content_weights.npy``:
``2**N_BITS`` float16 weights, end features as they are, start features
prefixed "S:" (no bias: only the ranking of one claim's candidates matters).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsledger.extract.claims.cue_model.features import hashed

WEIGHTS = Path(__file__).with_name("content_weights.npy")
N_BITS = 16  # 2^16 float16 weights: 128 KB
MAX_TOKENS = 80  # a content longer than this many tokens keeps the rules' end: too many places to weigh
QUOTES_OPEN = frozenset('“"‘')
QUOTES_CLOSE = frozenset('”"’')
FUNCTION_POS = frozenset({"ADP", "SCONJ", "CCONJ", "DET", "PRON", "PART", "AUX", "PUNCT"})


@dataclass
class Candidate:
    """One place a content could end: after token ``last`` (a Doc index)."""

    last: int
    features: list[str]


@dataclass
class _Window:
    """The tokens from the content's first word to the end of its sentence, read off spaCy once."""

    first: int
    rule_last: int
    cue: str
    heads: list[int]
    words: list[str]  # lowercased word for function words and punctuation, else the part of speech
    deps: list[str]
    pos: list[str]
    texts: list[str]
    skip: list[bool]  # punctuation and spaces
    counts: _Counts | None = None  # what _features counts at each end, worked out once per window


@dataclass
class _Counts:
    """For each candidate end ``k`` of a window, what ``_features`` reads of the tokens around it, counted
    in one pass over the window instead of once per end (which cost the square of the window's length)."""

    rest_punct: list[bool]  # [k + 1]: whether only punctuation and spaces follow end k
    dangling: list[int]  # [k]: tokens up to k whose head lies after k, inside the window
    reach: list[float]  # [k + 1]: the nearest head (window position, >= 0) of a word after k
    verbs: list[int]  # [j]: verbs and auxiliaries among the window's first j tokens


def _counts(w: _Window) -> _Counts:
    n = len(w.texts)
    rest = [True] * (n + 1)
    for j in range(n - 1, -1, -1):
        rest[j] = w.skip[j] and rest[j + 1]
    relative = [h - w.first for h in w.heads]
    arriving = [0] * (n + 1)  # [v]: tokens before v whose head is v
    for j, v in enumerate(relative):
        if j < v < n:
            arriving[v] += 1
    dangling, held = [], 0
    for k in range(n):
        held += (k < relative[k] < n) - arriving[k]
        dangling.append(held)
    reach = [float("inf")] * (n + 1)
    for j in range(n - 1, -1, -1):
        own = relative[j] if not w.skip[j] and relative[j] >= 0 else float("inf")
        reach[j] = min(own, reach[j + 1])
    verbs = [0]
    for p in w.pos:
        verbs.append(verbs[-1] + (p in ("VERB", "AUX")))
    return _Counts(rest, dangling, reach, verbs)


def _window(doc: Any, first: int, rule_last: int, cue: str) -> _Window:
    stop = min(doc[first].sent.end, first + MAX_TOKENS)
    tokens = list(doc[first:stop])
    return _Window(
        first,
        rule_last,
        cue,
        [t.head.i for t in tokens],
        [t.lower_ if t.pos_ in FUNCTION_POS else t.pos_ for t in tokens],
        [t.dep_ for t in tokens],
        [t.pos_ for t in tokens],
        [t.text for t in tokens],
        [t.is_punct or t.is_space for t in tokens],
    )


def candidates(doc: Any, first: int, rule_last: int, cue: str) -> list[Candidate]:
    """Every end from the content's first token to the end of its sentence (at most MAX_TOKENS on),
    each with its features; punctuation and spaces never end a content (the scorer strips them)."""
    w = _window(doc, first, rule_last, cue)
    found = []
    depth = 0  # quotation marks opened and not closed since the content began
    for k in range(len(w.texts)):
        depth = _quote_depth(w.texts[k], depth)
        if not w.skip[k]:
            found.append(Candidate(first + k, _features(w, k, depth)))
    return found


def _quote_depth(text: str, depth: int) -> int:
    if text in QUOTES_OPEN and text != '"':
        return depth + 1
    if text in QUOTES_CLOSE and text != '"':
        return max(0, depth - 1)
    if text == '"':
        return 0 if depth else 1
    return depth


def _features(w: _Window, k: int, depth: int) -> list[str]:
    """What makes an end likely: the words either side of it, whether it is the rules' end or the
    sentence's, whether it leaves a quotation open or a word cut off from its head."""
    n, first = len(w.texts), w.first
    last, rule_last = first + k, w.rule_last
    if w.counts is None:
        w.counts = _counts(w)
    counts = w.counts
    rest_punct = counts.rest_punct[k + 1]
    where = "rule" if last == rule_last else "before" if last < rule_last else "after"
    after_word = w.words[k + 1] if k + 1 < n else "<end>"
    after_dep = w.deps[k + 1] if k + 1 < n else "<end>"
    dangling = counts.dangling[k]
    cut = counts.reach[k + 1] <= k
    low, high = sorted((k, rule_last - first))
    if low + 1 >= 0:
        verbs_beyond = max(0, counts.verbs[min(high, n - 1) + 1] - counts.verbs[low + 1])
    else:  # a rules' end before the content's first word: as ever, counting from the window's end back
        verbs_beyond = sum(1 for j in range(low + 1, min(high, n - 1) + 1) if w.pos[j] in ("VERB", "AUX"))
    span = abs(last - rule_last)
    distance = "0" if span == 0 else "1" if span == 1 else "2-3" if span <= 3 else "4-7" if span <= 7 else "8+"
    feats = [
        "bias",
        f"where={where}",
        f"where={where}|dist={distance}",
        f"sentend={rest_punct}",
        f"sentend={rest_punct}|where={where}",
        f"after={after_word}",
        f"after={after_word}|where={where}",
        f"afterdep={after_dep}",
        f"afterdep={after_dep}|where={where}",
        f"last={w.words[k]}",
        f"lastdep={w.deps[k]}",
        f"lastpos={w.pos[k]}|afterword={after_word}",
        f"dangling={min(dangling, 3)}",
        f"cut={cut}",
        f"cut={cut}|where={where}",
        f"quote_open={depth > 0}",
        f"quote_open={depth > 0}|sentend={rest_punct}",
        f"verbs={min(verbs_beyond, 2)}|where={where}",
        f"cue={w.cue}|where={where}",
        f"cue={w.cue}|sentend={rest_punct}",
        f"firstdep={w.deps[0]}|where={where}",
        f"first={w.texts[0].lower()}|sentend={rest_punct}",
    ]
    if k + 1 < n and w.skip[k + 1]:
        nxt = w.words[k + 2] if k + 2 < n else "<end>"
        feats += [f"punct={w.texts[k + 1]}|next={nxt}", f"punct={w.texts[k + 1]}|where={where}"]
    return feats


START_BACK, START_ON = 3, 6  # a content may start this many tokens before or after where the rules start it


def start_candidates(doc: Any, first: int, last: int, cue_index: int, cue: str) -> list[Candidate]:
    """Where a content after its cue could start instead of the rules' ``first``: a few words either
    side ("pointed to her advocacy for [research]", "agreed [to] pick up"), never before the cue nor
    after ``last``; features are prefixed "S:" so one weight vector serves both choosers."""
    sent_start = doc[first].sent.start
    low, high = max(cue_index + 1, sent_start, first - START_BACK), min(last, first + START_ON)
    addressed = _addressee(doc, cue_index)
    found = []
    for i in range(low, high + 1):
        token = doc[i]
        if token.is_punct or token.is_space or (i < first and addressed & set(range(i, first))):
            continue
        before = doc[i - 1] if i > sent_start else None
        span = abs(i - first)
        where = "rule" if i == first else "before" if i < first else "after"
        distance = "0" if span == 0 else "1" if span == 1 else "2-3" if span <= 3 else "4+"
        word = token.lower_ if token.pos_ in FUNCTION_POS else token.pos_
        prev = "<start>" if before is None else before.lower_ if before.pos_ in FUNCTION_POS else before.pos_
        cut = any(t.head.i >= i and t.head.i <= last for t in doc[max(low, cue_index + 1) : i] if not t.is_punct)
        found.append(
            Candidate(
                i,
                [
                    f"S:{f}"
                    for f in (
                        "bias",
                        f"where={where}",
                        f"where={where}|dist={distance}",
                        f"word={word}",
                        f"word={word}|where={where}",
                        f"dep={token.dep_}",
                        f"dep={token.dep_}|where={where}",
                        f"prev={prev}",
                        f"prev={prev}|word={word}",
                        f"prevdep={before.dep_ if before is not None else '<start>'}",
                        f"cut={cut}|where={where}",
                        f"prev_is_cue={i - 1 == cue_index}|where={where}",
                        f"cue={cue}|where={where}",
                        f"cue={cue}|word={word}",
                        f"headside={'left' if token.head.i < i else 'right' if token.head.i > i else 'self'}|where={where}",
                    )
                ],
            )
        )
    return found


def _addressee(doc: Any, cue_index: int) -> set[int]:
    """The tokens of the cue's object or indirect object: "urged [voters] to back X" names whom the
    cue addresses, which newsledger keeps apart from what was said (a claim's audience)."""
    return {t.i for c in doc[cue_index].children if c.dep_ in ("dobj", "dative", "iobj") for t in c.subtree}


def _only_when_up_to(doc: Any, start: int, stop: int) -> list[bool]:
    """For every ``end`` from ``start`` to ``stop``, whether tokens ``start`` to ``end`` are a time phrase
    ("on Monday", "last week"): when something was said is a claim's ``when``, not part of what was said.
    One pass for all ends (not one per end): whether the tokens so far hold a word, and whether every word
    so far is a date or time, only ever change once."""
    found, words, timed = [], False, True
    for token in doc[start : stop + 1]:
        if not (token.is_punct or token.is_space or token.pos_ in ("ADP", "DET")):
            words = True
            timed = timed and token.ent_type_ in ("DATE", "TIME")
        found.append(words and timed)
    return found


class BoundaryChooser:
    """Scores candidate ends with hashed-feature weights and picks the best."""

    def __init__(self, weights: np.ndarray) -> None:
        size = len(weights)
        if size < 2 or size & (size - 1):
            raise ValueError(f"content end weights must hold 2**n values, got {size}")
        self.weights = np.asarray(weights, dtype=np.float32)
        self.n_bits = size.bit_length() - 1

    @classmethod
    def load(cls, path: str | Path = WEIGHTS) -> BoundaryChooser:
        return cls(np.load(path, allow_pickle=False))

    def scores(self, found: list[Candidate]) -> np.ndarray:
        return np.array([self.weights[row].sum() for row in rows(found, self.n_bits)], dtype=np.float64)

    def choose(self, doc: Any, first: int, rule_last: int, cue: str) -> int:
        """The Doc index of the content's last token: the best-scoring candidate end."""
        ends = candidates(doc, first, rule_last, cue)
        when = _only_when_up_to(doc, rule_last + 1, max((c.last for c in ends), default=rule_last))
        found = [c for c in ends if c.last <= rule_last or not when[c.last - rule_last - 1]]
        if not found or rule_last - first >= MAX_TOKENS:
            return rule_last
        return self._best(found, rule_last)

    def choose_start(self, doc: Any, first: int, last: int, cue_index: int, cue: str) -> int:
        """The Doc index of the content's first token: the best-scoring candidate start."""
        found = start_candidates(doc, first, last, cue_index, cue)
        if not found:
            return first
        return self._best(found, first)

    def _best(self, found: list[Candidate], rules: int) -> int:
        """The best-scoring candidate's token; on a tie the rules' own boundary wins (no evidence, no move)."""
        scores = self.scores(found) + np.array([1e-6 if c.last == rules else 0.0 for c in found])
        return found[int(np.argmax(scores))].last


def rows(found: list[Candidate], n_bits: int = N_BITS) -> Iterator[list[int]]:
    """Hashed feature indices of each candidate (training builds its matrix from these)."""
    for candidate in found:
        yield sorted(set(hashed(candidate.features, n_bits)))


@lru_cache(maxsize=1)
def chooser() -> BoundaryChooser | None:
    """The shipped model, loaded once; None when its weights are absent (the rules' ends stay)."""
    return BoundaryChooser.load(WEIGHTS) if WEIGHTS.exists() else None
