"""A learnt cue tagger: which tokens are the cue of an attribution ("said", "likened", "according to").

The claims rules know a list of reporting verbs and nouns; PolNeAR's cues have
a long tail beyond any list ("likened", "took aim at", "railed against"). This
tagger is a logistic regression over hashed parse features (``features.py``),
trained with scikit-learn on PolNeAR train only (``train.py``, ``NOTE.md``).
At run time it needs numpy alone: a token's score is the sum of the weights at
its hashed feature indices plus the bias, passed through a sigmoid.

The weights ship in the package as ``cue_weights.npy``: a float16 vector of
``2**N_BITS + 1`` values, the last being the bias.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsledger.extract.claims.cue_model.features import doc_rows, two_stage_keys

WEIGHTS = Path(__file__).with_name("cue_weights.npy")
STACK_WEIGHTS = Path(__file__).with_name("cue_stack_weights.npy")  # the second stage (NOTE.md)
THRESHOLD = 0.5  # on a held-out tenth of PolNeAR train, with the cross-fitted claim check (NOTE.md); never on dev
# Parts of speech scored 0 without computing features: a third of the tokens, under 1 in 100 of them part of
# a PolNeAR cue, and one inside a cue ("pointed the finger at") is bridged by the gap rule of decode();
# skipping them keeps the tagger within about twice the rules' time (NOTE.md).
UNSCORED = frozenset({"PROPN", "PRON", "DET", "NUM", "CCONJ", "SCONJ", "SYM"})
MAX_GAP = 2  # "pointed it out": positive tokens up to two words apart are one cue


def _split(weights: np.ndarray) -> tuple[np.ndarray, float, int]:
    size = len(weights) - 1
    if size < 1 or size & (size - 1):
        raise ValueError(f"cue weights must hold 2**n + 1 values (weights then bias), got {len(weights)}")
    vector = np.asarray(weights, dtype=np.float32)  # float16 on disk; float32 sums without overflow
    return vector[:-1], float(vector[-1]), size.bit_length() - 1


class CueTagger:
    """Scores the tokens of a parsed Doc and decodes runs of likely cue tokens.

    With ``stack`` weights, in two stages: the first scores each token alone; the second scores it again
    with the first stage's scores of its neighbours, head, children and sentence as more features."""

    def __init__(self, weights: np.ndarray, stack: np.ndarray | None = None) -> None:
        self.weights, self.bias, self.n_bits = _split(weights)
        self.stack = None if stack is None else _split(stack)
        if self.stack is not None and self.stack[2] != self.n_bits:
            raise ValueError("the two stages' weights must have the same size")  # they share hashed rows

    @classmethod
    def load(cls, path: str | Path = WEIGHTS, stack: str | Path | None = STACK_WEIGHTS) -> CueTagger:
        second = np.load(stack, allow_pickle=False) if stack is not None and Path(stack).exists() else None
        return cls(np.load(path, allow_pickle=False), second)

    def first_stage(self, doc: Any) -> np.ndarray:
        """The first stage's P(token is part of a cue) for every token of ``doc`` (see ``probabilities``)."""
        wanted = _wanted(doc)
        return _scattered(
            len(doc),
            wanted,
            _score(doc_rows(doc, self.n_bits, wanted), self.weights, self.bias) if wanted else np.zeros(0),
        )

    def probabilities(self, doc: Any) -> np.ndarray:
        """P(token is part of a cue) for every token of ``doc``; 0 for punctuation and spaces, which
        :func:`decode` never takes, and for the parts of speech in ``UNSCORED`` (see there)."""
        if self.stack is None:
            return self.first_stage(doc)
        wanted = _wanted(doc)
        if not wanted:
            return np.zeros(len(doc), dtype=np.float64)
        first_keys, second = two_stage_keys(doc, wanted, self.n_bits)  # the parse is read once for both stages
        first = _scattered(len(doc), wanted, _score_keys(first_keys, len(wanted), self.weights, self.bias))
        return _scattered(len(doc), wanted, _score_keys(second(first), len(wanted), self.stack[0], self.stack[1]))

    def cues(self, doc: Any, threshold: float = THRESHOLD) -> list[list[int]]:
        """The cues of ``doc`` as lists of token indices (see :func:`decode`)."""
        return decode(doc, self.probabilities(doc), threshold)


def _scattered(size: int, wanted: list[int], values: np.ndarray) -> np.ndarray:
    probabilities = np.zeros(size, dtype=np.float64)
    if wanted:
        probabilities[wanted] = values
    return probabilities


def _wanted(doc: Any) -> list[int]:
    """The tokens scored: not punctuation, not spaces, not of a part of speech in ``UNSCORED`` (read as
    one ``Doc.to_array``, not token by token)."""
    if not len(doc):
        return []
    table = doc.to_array(["IS_PUNCT", "IS_SPACE", "POS"])
    unscored = np.array([doc.vocab.strings[pos] for pos in UNSCORED], dtype=np.uint64)
    return np.flatnonzero((table[:, 0] == 0) & (table[:, 1] == 0) & ~np.isin(table[:, 2], unscored)).tolist()


def _score(rows: list[np.ndarray], weights: np.ndarray, bias: float) -> np.ndarray:
    """The sigmoid of each row's weight sum plus the bias."""
    owners = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    scores = np.bincount(owners, weights=weights[np.concatenate(rows)], minlength=len(rows)) + bias
    return 1.0 / (1.0 + np.exp(-scores))


def _score_keys(keys: np.ndarray, size: int, weights: np.ndarray, bias: float) -> np.ndarray:
    """As :func:`_score`, for rows given as keys ``row << n_bits | index`` (``features.keyed_rows``): the
    same sums, term by term in the same order, so the same probabilities to the last bit."""
    n_bits = len(weights).bit_length() - 1
    indices = keys & ((1 << n_bits) - 1)
    scores = np.bincount(keys >> n_bits, weights=weights[indices], minlength=size) + bias
    return 1.0 / (1.0 + np.exp(-scores))


def decode(doc: Any, probabilities: np.ndarray, threshold: float = THRESHOLD, gap: int = MAX_GAP) -> list[list[int]]:
    """Runs of tokens scoring over ``threshold``: punctuation and spaces never count, and two positive
    tokens at most ``gap`` words apart in one sentence with no punctuation between are one cue, so
    "took aim at" or "pointed the finger at" come out whole."""
    runs: list[list[int]] = []
    for i in np.flatnonzero(~(np.asarray(probabilities) <= threshold)).tolist():  # the rest are never taken
        token = doc[i]
        if token.is_space or token.is_punct:
            continue
        if runs and _joins(doc, runs[-1][-1], token.i, gap):
            runs[-1].append(token.i)
        else:
            runs.append([token.i])
    return runs


def _joins(doc: Any, last: int, current: int, gap: int) -> bool:
    return (
        current - last <= gap + 1
        and doc[current].sent.start == doc[last].sent.start
        and not any(doc[j].is_punct for j in range(last + 1, current))
    )


@lru_cache(maxsize=1)
def tagger() -> CueTagger:
    """The shipped tagger, both stages, loaded once per process on first use (0.5 MB each)."""
    return CueTagger.load(WEIGHTS, STACK_WEIGHTS)
