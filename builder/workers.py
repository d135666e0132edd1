"""Worker processes for the parts of a large build that split into independent pieces with small
results: rendering screens (each gives its HTML) and reading quiz files (each gives its `Quiz`).

Python runs one thread of Python code at a time, so only processes use a second core. A caller
asks for them (``jobs`` > 1: the `coursebuilder` command does, with one per core); the library
never forks on its own. Even when asked, the work runs here instead when:

* the process has other threads (forking then can copy a lock some thread holds: the preview and
  test servers run threads, and never ask), or the system cannot fork;
* there is too little of it to pay for starting the workers (thresholds measured in
  docs/benchmarks.md);
* anything goes wrong in a worker: it is done again here, so an error comes out exactly as it
  would without workers.

Workers are forked, so they start with the caller's memory (the model, the theme) instead of a
copy sent to them: only positions in a list go to a worker, only results come back.
"""
from __future__ import annotations

import itertools
import os
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from collections.abc import Callable, Sequence

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

CHUNKS_PER_WORKER = 4  # several pieces per worker: one that finishes early takes another
# A rendering worker touches most of the model, so each can come to use as much memory as the
# build itself: more than this many would cost more memory than they save time (on 2 cores here:
# docs/benchmarks.md).
MAX_DEFAULT_WORKERS = 4


def available() -> int:
    """How many workers a build uses unless told: one per core it may run on, as far as the CPU
    quota of its container allows, and at most MAX_DEFAULT_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _quota() or cores, MAX_DEFAULT_WORKERS))


def _quota() -> int | None:
    """The cores a cgroup v2 CPU quota allows ("200000 100000": 2), None when there is none."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text(encoding="ascii").split()[:2]
        return -(-int(quota) // int(period))
    except (OSError, ValueError):  # no such file (not Linux, cgroup v1), or "max": no quota
        return None


def can_fork() -> bool:
    import multiprocessing  # here: a small course never starts workers, and needs none of this

    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


# What the workers of the pool being started run: inherited through the fork, never pickled.
_task: dict[str, Any] = {}


def _install(fn: Callable[[Any], Any], items: Sequence[Any], caller: int) -> None:
    # Ctrl-C reaches every process of the terminal's group: the caller stops the run, and its
    # workers finish the piece in hand and are let go. A worker interrupted while it sends a result
    # would leave the pool waiting for it for ever. SIGTERM ends a worker at once (the caller may
    # turn SIGTERM into Ctrl-C: the coursebuilder command does), and so does the caller's end,
    # however it ends (os._exit, killed), so no worker outlives it holding its files and locks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with(caller)
    _task.update(fn=fn, items=items)


def _end_with(caller: int) -> None:
    """SIGTERM when the process ``caller`` ends (Linux's parent-death signal), or at once if it
    has already ended. Elsewhere nothing: the pool's own shutdown stops its workers."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != caller:  # it ended before the signal was asked for
        os.kill(os.getpid(), signal.SIGTERM)


def _run(start: int, stop: int) -> list:
    fn, items = _task["fn"], _task["items"]
    return [fn(item) for item in items[start:stop]]


def spans(total: int, pieces: int) -> list[tuple[int, int]]:
    """``total`` positions cut into ``pieces`` runs of near-equal length (none empty)."""
    pieces = max(1, min(pieces, total))
    bounds = [total * i // pieces for i in range(pieces + 1)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


class Running:
    """``[fn(item) for item in items]`` being computed in pieces by forked workers while the caller
    goes on; ``piece(i)`` waits for piece i (``spans`` gives their items)."""

    def __init__(self, fn: Callable[[Any], Any], items: Sequence[Any], jobs: int, pieces: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.spans = spans(len(items), pieces)
        self._pool: ProcessPoolExecutor = ProcessPoolExecutor(
            min(jobs, len(self.spans)), mp_context=multiprocessing.get_context("fork"),
            initializer=_install, initargs=(fn, items, os.getpid()))
        try:
            self._futures = [self._pool.submit(_run, a, b) for a, b in self.spans]
        except BaseException:
            self._pool.shutdown(wait=False, cancel_futures=True)
            raise

    def piece(self, index: int) -> list | None:
        """Piece ``index``'s results, in order; None if its worker failed (or fn raised there)."""
        try:
            return self._futures[index].result()
        except Exception:
            return None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def start(fn: Callable[[T], R], items: Sequence[T], jobs: int, pieces: int | None = None) -> Running | None:
    """Start ``jobs`` workers on ``items``, or None when workers cannot be used here."""
    if jobs < 1 or len(items) < 2 or not can_fork():
        return None
    try:
        return Running(fn, items, jobs, pieces or jobs * CHUNKS_PER_WORKER)
    except Exception:  # no fork (process limit, memory), or a worker gone at once: done here instead
        return None


def forked_map(fn: Callable[[T], R], items: Sequence[T], jobs: int,
               done: Callable[[int], None] | None = None) -> list[R] | None:
    """``[fn(item) for item in items]`` computed by ``jobs`` forked workers, in order; ``done(n)``
    after each piece with the number of items finished so far. None when workers cannot be used
    or one failed: the caller then does the work itself."""
    running = start(fn, items, jobs) if jobs > 1 else None
    if running is None:
        return None
    try:
        results: list[R] = []
        for index in range(len(running.spans)):
            piece = running.piece(index)
            if piece is None:
                return None
            results += piece
            if done is not None:
                done(len(results))
        return results
    finally:
        running.close()
