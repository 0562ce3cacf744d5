"""Train the cue tagger on PolNeAR train: ``python -m training.cue_tagger --polnear DIR --out FILE``.

The articles go through newsledger's own reading and the ``Pipeline`` that
ingest runs (``read_brat`` -> ``Pipeline.articles_of`` -> ``Pipeline.analyse``),
so the tagger learns from the same Docs it will see at run time. A token is a cue token when it overlaps a
Cue span of the gold (the first annotator file in sorted order, as the
scorer reads it). Training needs scikit-learn and scipy
(``scripts/bootstrap.sh train``); running the tagger does not.

``--holdout`` trains on the first nine tenths of the articles only and
prints cue precision/recall/F1 on the held-out documents per threshold: that
is where the run-time threshold comes from (never from dev).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsledger.evaluate.attribution import score
from newsledger.extract.claims.cue_model import CueTagger, decode
from newsledger.extract.claims.cue_model.features import N_BITS, doc_rows
from newsledger.formats.brat import read_brat
from newsledger.model import IngestError, Item
from newsledger.pipeline import Pipeline

C = 0.25  # inverse L2 strength of the logistic regression, chosen on the train holdout (NOTE.md)
MAX_ITER = 300
FOLDS = 5  # the second stage learns from first-stage scores of taggers each blind to one fifth
HOLDOUT = 0.1
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass
class Parsed:
    """One segmented article of a gold document with its Doc and per-token cue labels."""

    doc_index: int
    article: Any
    doc: Any
    labels: np.ndarray


def parse_split(
    folder: str | Path, cache: str | Path | None = None, pipeline: Pipeline | None = None
) -> tuple[list[Any], list[Parsed]]:
    """The gold documents and every article of them, parsed by the pipeline ingest runs (or read back
    from a DocBin ``cache``)."""
    pipeline = pipeline or Pipeline()
    docs = read_brat(folder)
    items = [Item(source=d.id, text=d.text, format="text", path=d.id, published=d.published) for d in docs]
    pairs = [(article, index) for index, item in enumerate(items) for article in _articles(pipeline, item)]
    spacy_docs = _parses(pipeline, pairs, cache)
    parsed = []
    for (article, index), doc in zip(pairs, spacy_docs, strict=True):
        if doc.text != article.analysis_text:
            raise ValueError(f"cached parse does not match article of {docs[index].id}; delete {cache}")
        cues = [span for gold in docs[index].attributions for span in gold.cue]
        parsed.append(Parsed(index, article, doc, token_labels(article, doc, cues)))
    return docs, parsed


def _articles(pipeline: Pipeline, item: Item) -> list[Any]:
    articles = pipeline.articles_of(item)
    return [] if isinstance(articles, IngestError) else articles


def _parses(pipeline: Pipeline, pairs: list[tuple[Any, int]], cache: str | Path | None) -> list[Any]:
    """Parse once; with ``cache``, keep the Docs on disk so reruns skip the two-minute parse."""
    from spacy.tokens import DocBin

    if cache is not None and Path(cache).exists():
        return list(DocBin().from_disk(cache).get_docs(pipeline.nlp.vocab))
    docs = [analysed.doc for analysed, _ in pipeline.analyse(pairs)]
    if cache is not None:
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def token_labels(article: Any, doc: Any, cues: Sequence[Any]) -> np.ndarray:
    """1 for a token overlapping a gold cue span (item offsets), else 0; spaces are never cues."""
    labels = np.zeros(len(doc), dtype=np.int8)
    for token in doc:
        start = article.start + token.idx
        end = start + len(token.text)
        labels[token.i] = not token.is_space and any(c.start < end and start < c.end for c in cues)
    return labels


def build_matrix(
    parsed: Sequence[Parsed], n_bits: int, scores: Sequence[np.ndarray] | None = None
) -> tuple[Any, np.ndarray]:
    """The binary CSR matrix of hashed features (one row per token) and the labels; with the first
    stage's ``scores`` (one array per article), the second stage's."""
    from scipy.sparse import csr_matrix

    rows = [
        row
        for k, p in enumerate(parsed)
        for row in doc_rows(p.doc, n_bits, scores=None if scores is None else scores[k])
    ]
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
    data = np.ones(len(indices), dtype=np.float64)
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), 1 << n_bits))
    labels = np.concatenate([p.labels for p in parsed]) if parsed else np.zeros(0, dtype=np.int8)
    return matrix, labels


def fit(matrix: Any, labels: np.ndarray, c: float = C) -> np.ndarray:
    """Logistic regression (L-BFGS, deterministic: no sampling, no shuffling) -> weights then bias, float16."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, solver="lbfgs", max_iter=MAX_ITER, tol=1e-4)
    model.fit(matrix, labels)
    return np.concatenate([model.coef_[0], model.intercept_]).astype(np.float16)


def folds_of(parsed: Sequence[Parsed], folds: int) -> list[int]:
    """Per article, its fold: the documents, in order, dealt to the folds in turn."""
    documents = sorted({p.doc_index for p in parsed})
    fold_of = {d: k % folds for k, d in enumerate(documents)}
    return [fold_of[p.doc_index] for p in parsed]


def first_stage_scores(
    parsed: Sequence[Parsed], folds: int, n_bits: int = N_BITS, c: float = C
) -> tuple[list[np.ndarray], list[int], list[np.ndarray]]:
    """Per article, the first stage's scores from a tagger trained on the other folds (the second stage
    must learn from scores as unsure as it will meet on new text), each article's fold, and per fold the
    weights of the first stage that scored it."""
    fold = folds_of(parsed, folds)
    scores: list[np.ndarray] = [np.zeros(0)] * len(parsed)
    weights = []
    for f in range(folds):
        weights.append(fit(*build_matrix([p for p, g in zip(parsed, fold) if g != f], n_bits), c))
        tagger = CueTagger(weights[-1])
        for k, p in enumerate(parsed):
            if fold[k] == f:
                scores[k] = tagger.first_stage(p.doc)
    return scores, fold, weights


def fit_stack(parsed: Sequence[Parsed], scores: Sequence[np.ndarray], n_bits: int = N_BITS, c: float = C) -> np.ndarray:
    """The second stage, learnt from the first stage's cross-fitted ``scores``."""
    return fit(*build_matrix(parsed, n_bits, scores), c)


def holdout_split(parsed: Sequence[Parsed], fraction: float = HOLDOUT) -> tuple[list[Parsed], list[Parsed]]:
    """Train on the first articles, hold out whole documents from the last ``fraction`` of articles."""
    cut = int((len(parsed) - 1) * (1 - fraction))
    first = {}
    for k, p in enumerate(parsed):
        first.setdefault(p.doc_index, k)
    held = {d for d, k in first.items() if k >= cut}
    return [p for p in parsed if p.doc_index not in held], [p for p in parsed if p.doc_index in held]


def cue_report(docs: Sequence[Any], held: Sequence[Parsed], tagger: CueTagger) -> list[tuple[float, dict[str, float]]]:
    """Cue precision/recall/F1 (the scorer's cue measure) of the tagger alone on held-out documents."""

    @dataclass
    class CueOnly:
        cue: Any
        source: Any = None
        content: tuple = ()

    indices = sorted({p.doc_index for p in held})
    probabilities = [tagger.probabilities(p.doc) for p in held]
    results = []
    for threshold in THRESHOLDS:
        predictions: dict[int, list[Any]] = {i: [] for i in indices}
        for p, probs in zip(held, probabilities):
            for run in decode(p.doc, probs, threshold):
                last = p.doc[run[-1]]
                predictions[p.doc_index].append(CueOnly(p.article.span(p.doc[run[0]].idx, last.idx + len(last.text))))
        scores = score([docs[i] for i in indices], [predictions[i] for i in indices])
        results.append((threshold, {k: scores["cue_" + k] for k in ("precision", "recall", "f1")}))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", required=True, help="PolNeAR train folder (text/, attributions/)")
    parser.add_argument("--out", required=True, help="where to write the weights (.npy)")
    parser.add_argument("--bits", type=int, default=N_BITS, help="hash size: 2**bits weights")
    parser.add_argument("--c", type=float, default=C, help="inverse L2 regularisation strength")
    parser.add_argument("--cache", help="DocBin file to keep the parses in between runs")
    parser.add_argument("--holdout", action="store_true", help="train on 9/10 and report cue F1 on the rest")
    parser.add_argument(
        "--stack-out", help="where to write the second stage's weights (default: cue_stack_weights.npy next to --out)"
    )
    parser.add_argument("--folds", type=int, default=FOLDS, help="folds for the second stage's first-stage scores")
    args = parser.parse_args(argv)
    if args.folds < 2:
        parser.error("--folds must be 2 or more")
    started = time.time()
    docs, parsed = parse_split(args.polnear, args.cache)
    print(f"parsed {len(docs)} documents, {len(parsed)} articles in {time.time() - started:.0f}s", file=sys.stderr)
    train, held = holdout_split(parsed) if args.holdout else (parsed, [])
    started = time.time()
    matrix, labels = build_matrix(train, args.bits)
    weights = fit(matrix, labels, args.c)
    print(
        f"trained on {matrix.shape[0]} tokens ({int(labels.sum())} cue tokens) in {time.time() - started:.0f}s",
        file=sys.stderr,
    )
    np.save(args.out, weights, allow_pickle=False)
    print(f"wrote {args.out} sha256 {hashlib.sha256(Path(args.out).read_bytes()).hexdigest()}", file=sys.stderr)
    started = time.time()
    first, _, _ = first_stage_scores(train, args.folds, args.bits, args.c)
    stack = fit_stack(train, first, args.bits, args.c)
    stack_out = args.stack_out or str(Path(args.out).with_name("cue_stack_weights.npy"))
    np.save(stack_out, stack, allow_pickle=False)
    print(
        f"second stage from {args.folds} cross-fitted first stages in {time.time() - started:.0f}s; wrote "
        f"{stack_out} sha256 {hashlib.sha256(Path(stack_out).read_bytes()).hexdigest()}",
        file=sys.stderr,
    )
    if held:
        for threshold, scores in cue_report(docs, held, CueTagger(weights)):
            print(
                f"holdout first stage alone, threshold {threshold}: "
                + " ".join(f"{k} {v:.3f}" for k, v in scores.items())
            )
    for threshold, scores in cue_report(docs, held, CueTagger(weights, stack)) if held else []:
        print(f"holdout cue threshold {threshold}: " + " ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
