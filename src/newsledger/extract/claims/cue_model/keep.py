"""A learnt check of whole claims: which of the claims the rules and the tagger found are likely real.

The rules and the tagger over-generate: "want", "know", "see" and "support" are
cues in one sentence and plain verbs in the next, a claim nested in another's
quote is often the speaker's own aside, a claim with a relative pronoun or no
source at all is less often right. A logistic regression over hashed features
of each finished claim (the cue's lemma, tag and dependency, the kind of
source, the content's kind, length and first word, whether it sits inside
another claim's content, the rule's confidence, the cue tagger's score of the
cue word in its sentence, in tenths) gives the probability that it
matches a PolNeAR attribution; claims with content under ``THRESHOLD`` are
dropped. Non-answers are never dropped (``claims._checked``). Trained on PolNeAR train
only, with the claims ``find_claims`` finds there (``train_content.py``,
``NOTE.md``); numpy alone at run time.

The weights ship as ``keep_weights.npy``: ``2**N_BITS`` float16 weights, then the bias.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsledger.extract.claims.cue_model.features import hashed, tenth

WEIGHTS = Path(__file__).with_name("keep_weights.npy")
N_BITS = 16
THRESHOLD = 0.4  # chosen on the train holdout (NOTE.md), never on dev
PRONOUNS = frozenset({"he", "she", "it", "they", "i", "we"})
RELATIVES = frozenset({"who", "which", "that"})
FIRST_WORDS = frozenset({"that", "to", "the", "a", "“"})


def features(
    claim: Any, lemma: str, verb: Any | None, claims: list[Any], cue_probability: float | None = None
) -> list[str]:
    """What tells a real claim from a plain verb or an aside; ``lemma`` is the cue's, ``verb`` its token,
    ``cue_probability`` the cue tagger's score of that token in its context, when the tagger ran."""
    text = claim.source.text.lower() if claim.source else ""
    source = (
        "none"
        if claim.source is None
        else "pron"
        if text in PRONOUNS
        else "rel"
        if text in RELATIVES
        else "you"
        if text == "you"
        else "np"
    )
    size = sum(p.end - p.start for p in claim.content)
    length = "0" if size < 10 else "s" if size < 40 else "m" if size < 120 else "l"
    nested = any(o is not claim and any(p.start <= claim.cue.start < p.end for p in o.content) for o in claims)
    words = claim.content[0].text.split() if claim.content else []
    first = words[0].lower() if words else ""
    named = text if source != "np" else "np"
    found = [
        "bias",
        f"lemma={lemma}",
        f"conf={claim.confidence}",
        f"conf={claim.confidence}|src={source}",
        f"src={source}",
        f"kind={claim.kind}",
        f"stance={claim.stance}",
        f"len={length}",
        f"len={length}|kind={claim.kind}",
        f"nested={nested}",
        f"nested={nested}|src={source}",
        f"lemma={lemma}|src={source}",
        f"lemma={lemma}|nested={nested}",
        f"pieces={min(len(claim.content), 3)}",
        f"first={first if first in FIRST_WORDS else 'x'}",
        f"lemma={lemma}|first={first if first in ('that', 'to') else 'x'}",
        f"srcword={named}|nested={nested}",
    ]
    if cue_probability is not None:
        band = tenth(cue_probability)
        found += [f"cuep={band}", f"cuep={band}|src={source}", f"cuep={band}|conf={claim.confidence}"]
    if verb is not None:
        found += [
            f"pos={verb.pos_}",
            f"dep={verb.dep_}",
            f"tag={verb.tag_}",
            f"lemma={lemma}|tag={verb.tag_}",
            f"dep={verb.dep_}|src={source}",
        ]
    return found


def row(found: list[str], n_bits: int = N_BITS) -> list[int]:
    """The hashed, deduplicated indices of one claim's features (training builds its matrix from these)."""
    return sorted(set(hashed(found, n_bits)))


class ClaimKeeper:
    """P(claim is a real attribution) from hashed-feature weights and a bias."""

    def __init__(self, weights: np.ndarray) -> None:
        size = len(weights) - 1
        if size < 2 or size & (size - 1):
            raise ValueError(f"claim weights must hold 2**n + 1 values (weights then bias), got {len(weights)}")
        vector = np.asarray(weights, dtype=np.float32)
        self.weights, self.bias = vector[:-1], float(vector[-1])
        self.n_bits = size.bit_length() - 1

    @classmethod
    def load(cls, path: str | Path = WEIGHTS) -> ClaimKeeper:
        return cls(np.load(path, allow_pickle=False))

    def probability(self, found: list[str]) -> float:
        return float(1.0 / (1.0 + np.exp(-(self.weights[row(found, self.n_bits)].sum() + self.bias))))


@lru_cache(maxsize=1)
def keeper() -> ClaimKeeper | None:
    """The shipped model, loaded once; None when its weights are absent (every claim stays)."""
    return ClaimKeeper.load(WEIGHTS) if WEIGHTS.exists() else None
