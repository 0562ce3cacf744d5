"""Train the content-boundary chooser and the claim check on PolNeAR train.

``python -m training.content_model --polnear DIR --out FILE --keep-out FILE``

The pipeline ingest runs (entities and times, then the claims rules with the cue tagger cross-fitted,
see below; the chooser and the check off: ``ClaimSettings``) finds the claims of every train article; each claim whose content end the chooser may move
(``claims.rules.content_end_target``) and whose cue and content overlap a gold
attribution's gives one example: its candidate ends (``candidates``), the one
equal to the gold content's end (edge punctuation and spaces stripped, as the
scorer compares) labelled 1, the rest 0. Claims whose gold end is no candidate
are left out. A logistic regression over the candidates' hashed features then
scores ends; at run time the best-scoring candidate wins.

The claim check (``keep.py``) is trained next, on the claims the pipeline
finds with the new chooser on and the check off: a claim is positive when the
scorer's one-to-one content-overlap matching pairs it with a gold attribution
of its article.

Both learn from claims that depend on the cue tagger: the tagged claims, and the
tagger's score of every claim's cue, a feature of the check. The shipped tagger
has seen every train article, so on them it is surer than on new text; the
training claims are therefore found with cross-fitted taggers
(``CrossFitTagger``, ``--folds``, 5 by default), each scoring the documents it
was not trained on.

``--holdout`` trains on the documents of the first nine tenths of the articles
(``training.cue_tagger.holdout_split``) and prints the scorer's figures on the rest
with the chooser off and on: the settings in this file were chosen that way,
never on dev.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsledger.config import PipelineConfig
from newsledger.extract.claims import cue_model
from newsledger.extract.claims.cue_model import keep as keep_model
from newsledger.extract.claims.cue_model.content import N_BITS, BoundaryChooser, candidates, rows, start_candidates
from newsledger.extract.claims.cue_model.features import N_BITS as N_TAGGER_BITS
from newsledger.extract.claims.rules import claim_features, content_end_target
from newsledger.extract.claims.settings import ClaimSettings
from newsledger.model import AnalysedArticle
from newsledger.pipeline import Pipeline
from training.cue_tagger import Parsed, holdout_split, parse_split

C = 0.5  # inverse L2 strength, chosen on the train holdout (NOTE.md)
KEEP_C = 0.3  # the same for the claim check (NOTE.md)
MAX_ITER = 500
FOLDS = 5  # cross-fitting: the tagger scores both models learn from come from 5 taggers, each blind to one fifth


class CrossFitTagger:
    """The cue tagger as the two models must see it in training: each train article scored by a tagger
    that never saw its document.

    The shipped tagger was trained on every train article, so its scores there are surer and its cues
    fewer and cleaner than on new text. A claim check that learns from them learns to trust tagged
    claims too much and never sees the tagger's uncertain scores. So the training documents are cut
    into ``folds`` parts (documents dealt to them in turn), a first stage is trained on all parts but one
    (the same features and settings as ``cue_model.train``) and scores the articles of that part. When
    ``fallback`` has a second stage, one is trained per part as well, on the other parts' first-stage
    scores (themselves cross-fitted, though from first stages that saw this part), and rescores it.
    Docs outside the training articles (the holdout) are scored by ``fallback``.
    """

    def __init__(self, parsed: Sequence[Parsed], folds: int, fallback: cue_model.CueTagger) -> None:
        from training.cue_tagger import first_stage_scores, fit_stack

        first, fold, first_weights = first_stage_scores(parsed, folds, N_TAGGER_BITS)
        self.fallback = fallback
        self._docs: list[Any] = [p.doc for p in parsed]  # kept alive so their id() stays theirs
        self._scores: dict[int, np.ndarray] = {id(p.doc): first[k] for k, p in enumerate(parsed)}
        if fallback.stack is None:
            return
        for f in range(folds):  # the second stage too, learnt without fold f from the others' first-stage scores
            others = [k for k in range(len(parsed)) if fold[k] != f]
            stack = fit_stack([parsed[k] for k in others], [first[k] for k in others], N_TAGGER_BITS)
            tagger = cue_model.CueTagger(first_weights[f], stack)
            for k, p in enumerate(parsed):
                if fold[k] == f:
                    self._scores[id(p.doc)] = tagger.probabilities(p.doc)

    def probabilities(self, doc: Any) -> np.ndarray:
        scores = self._scores.get(id(doc))
        return scores if scores is not None else self.fallback.probabilities(doc)

    def cues(self, doc: Any, threshold: float | None = None) -> list[list[int]]:
        return cue_model.decode(doc, self.probabilities(doc), cue_model.THRESHOLD if threshold is None else threshold)


def _edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P") or char in "`´"


def stripped_start(text: str, start: int, end: int) -> int:
    """Where a span starts once edge spaces and punctuation are off."""
    while start < end and _edge(text[start]):
        start += 1
    return start


def stripped_end(text: str, start: int, end: int) -> int:
    """Where a span ends once edge spaces and punctuation are off, as the scorer compares contents."""
    while end > start and _edge(text[end - 1]):
        end -= 1
    return end


class Finder:
    """The claims the shipped pipeline finds in a parsed article (entities and times first, as on ingest),
    with the claims extractor's settings of one training step."""

    def __init__(self, settings: ClaimSettings) -> None:
        self.pipeline = Pipeline(PipelineConfig(only=("claims",), settings={"claims": settings}))

    def claims(self, p: Parsed) -> list[Any]:
        return self.pipeline.extract(AnalysedArticle(p.article, p.doc)).found.get("claims", [])


def examples(docs: Sequence[Any], parsed: Sequence[Parsed], tagger: Any = None) -> tuple[list[list[int]], list[int]]:
    """Feature rows and 0/1 labels of every candidate end of every usable claim (see the module doc).

    The claims come from the rules alone (no chooser, no check), never from the weights shipped now,
    so retraining is a fixed point; ``tagger`` finds the cues the lists miss (default: the shipped one)."""
    feature_rows: list[list[int]] = []
    labels: list[int] = []
    finder = Finder(ClaimSettings(content_ends=False, claim_check=False, tagger=tagger))
    for p in parsed:
        gold = docs[p.doc_index].attributions
        for claim in finder.claims(p):
            example = _example(p, claim, gold)
            if example is not None:
                feature_rows += example[0]
                labels += example[1]
    return feature_rows, labels


def _example(p: Parsed, claim: Any, gold: Sequence[Any]) -> tuple[list[list[int]], list[int]] | None:
    target = content_end_target(claim, p.article, p.doc)
    if target is None:
        return None
    first, last, cue = target
    piece = claim.content[-1]
    text = p.article.item.text

    def shared(a: Any, b: Any) -> int:
        return max(0, min(a.end, b.end) - max(a.start, b.start))

    pairs = [(shared(c, piece), c) for g in gold if any(shared(k, claim.cue) for k in g.cue) for c in g.content]
    best = max(pairs, key=lambda pair: pair[0], default=(0, None))
    if not best[0]:
        return None
    feature_rows: list[list[int]] = []
    labels: list[int] = []
    wanted = stripped_end(text, best[1].start, best[1].end)
    found = candidates(p.doc, first, last, cue)
    marks = [
        int(stripped_end(text, piece.start, p.article.start + p.doc[c.last].idx + len(p.doc[c.last].text)) == wanted)
        for c in found
    ]
    if sum(marks) == 1:
        feature_rows, labels = list(rows(found)), marks
    wanted = stripped_start(text, best[1].start, best[1].end)
    found = start_candidates(p.doc, first, last, claim._verb, cue)
    marks = [int(stripped_start(text, p.article.start + p.doc[c.last].idx, piece.end) == wanted) for c in found]
    if sum(marks) == 1:
        feature_rows, labels = feature_rows + list(rows(found)), labels + marks
    return (feature_rows, labels) if labels else None


def keep_examples(
    docs: Sequence[Any], parsed: Sequence[Parsed], chooser: BoundaryChooser, tagger: Any = None
) -> tuple[list[list[int]], list[int]]:
    """Feature rows and 0/1 labels of every claim with content (see the module doc)."""
    from newsledger.evaluate.attribution import _content_weight, _from_claim, _from_gold, match

    tagger = tagger or cue_model.tagger()
    finder = Finder(ClaimSettings(claim_check=False, chooser=chooser, tagger=tagger))
    feature_rows: list[list[int]] = []
    labels: list[int] = []
    for p in parsed:
        found = [c for c in finder.claims(p) if c.content]
        low, high = p.article.start, p.article.start + len(p.article.analysis_text)
        gold = [
            _from_gold(a)
            for a in docs[p.doc_index].attributions
            if any(low <= s.start < high for s in (a.cue or a.content))
        ]
        matched = {s for _, s in match(gold, [_from_claim(c) for c in found], _content_weight)}
        probabilities = tagger.probabilities(p.doc)
        for k, claim in enumerate(found):
            feature_rows.append(keep_model.row(claim_features(claim, p.doc, found, probabilities)))
            labels.append(int(k in matched))
    return feature_rows, labels


def fit(feature_rows: list[list[int]], labels: list[int], c: float = C, bias: bool = False) -> np.ndarray:
    """Logistic regression (L-BFGS, deterministic) over binary hashed features -> float16 weights
    (then the intercept, with ``bias``)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    indptr = np.concatenate([[0], np.cumsum([len(r) for r in feature_rows])]).astype(np.int64)
    indices = np.concatenate(feature_rows).astype(np.int32)
    matrix = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(feature_rows), 1 << N_BITS))
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=MAX_ITER, tol=1e-4)
    model.fit(matrix, np.asarray(labels))
    weights = np.concatenate([model.coef_[0], model.intercept_]) if bias else model.coef_[0]
    return weights.astype(np.float16)


def holdout_report(
    docs: Sequence[Any],
    held: Sequence[Parsed],
    chooser: BoundaryChooser,
    keeper: keep_model.ClaimKeeper,
    tagger: Any = None,
) -> list[tuple[str, dict]]:
    """The scorer's F1s on held-out documents with the chooser off, on, and on with the claim check."""
    from newsledger.evaluate.attribution import score

    indices = sorted({p.doc_index for p in held})
    results = []
    for label, ends, check in (
        ("chooser off", False, False),
        ("chooser on", True, False),
        ("chooser on, claim check", True, True),
    ):
        finder = Finder(
            ClaimSettings(content_ends=ends, claim_check=check, chooser=chooser, keeper=keeper, tagger=tagger)
        )
        predictions: dict[int, list[Any]] = {i: [] for i in indices}
        for p in held:
            predictions[p.doc_index] += [c for c in finder.claims(p) if c.content]
        figures = score([docs[i] for i in indices], [predictions[i] for i in indices])
        results.append(
            (label, {k: figures[f"{k}_f1"] for k in ("content_overlap", "attribution", "content_exact", "cue")})
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", required=True, help="PolNeAR train folder (text/, attributions/)")
    parser.add_argument("--out", required=True, help="where to write the chooser's weights (.npy)")
    parser.add_argument("--keep-out", required=True, help="where to write the claim check's weights (.npy)")
    parser.add_argument("--c", type=float, default=C, help="inverse L2 regularisation strength")
    parser.add_argument("--cache", help="DocBin file to keep the parses in between runs")
    parser.add_argument(
        "--cue-weights",
        help="cue tagger weights to find the claims with (default: the shipped); "
        "its second stage is read from cue_stack_weights.npy beside it, when there",
    )
    parser.add_argument("--holdout", action="store_true", help="train on 9/10 and report F1s on the rest")
    parser.add_argument(
        "--folds",
        type=int,
        default=FOLDS,
        help="cross-fitted cue taggers to score the training articles with (1: the tagger itself)",
    )
    args = parser.parse_args(argv)
    if args.folds < 1:
        parser.error("--folds must be 1 or more")
    return _train(args)


def _train(args: argparse.Namespace) -> int:
    """Train and write both models as ``args`` say (see ``main``)."""
    tagger: Any = (
        cue_model.CueTagger.load(args.cue_weights, Path(args.cue_weights).with_name("cue_stack_weights.npy"))
        if args.cue_weights
        else cue_model.tagger()
    )
    started = time.time()
    docs, parsed = parse_split(args.polnear, args.cache)
    train, held = holdout_split(parsed) if args.holdout else (parsed, [])
    if args.folds > 1:
        tagger = CrossFitTagger(train, args.folds, tagger)
        print(f"cross-fitted {args.folds} cue taggers in {time.time() - started:.0f}s", file=sys.stderr)
    feature_rows, labels = examples(docs, train, tagger)
    print(
        f"{sum(labels)} positive sides, {len(labels)} candidate boundaries in {time.time() - started:.0f}s",
        file=sys.stderr,
    )
    weights = fit(feature_rows, labels, args.c)
    np.save(args.out, weights, allow_pickle=False)
    print(f"wrote {args.out} sha256 {hashlib.sha256(Path(args.out).read_bytes()).hexdigest()}", file=sys.stderr)
    feature_rows, labels = keep_examples(docs, train, BoundaryChooser(weights), tagger)
    print(f"{len(labels)} claims, {sum(labels)} matching gold", file=sys.stderr)
    keep_weights = fit(feature_rows, labels, KEEP_C, bias=True)
    np.save(args.keep_out, keep_weights, allow_pickle=False)
    print(
        f"wrote {args.keep_out} sha256 {hashlib.sha256(Path(args.keep_out).read_bytes()).hexdigest()}", file=sys.stderr
    )
    report = (
        holdout_report(docs, held, BoundaryChooser(weights), keep_model.ClaimKeeper(keep_weights), tagger)
        if held
        else []
    )
    for label, figures in report:
        print(f"holdout {label}: " + " ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
