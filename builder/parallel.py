"""Use every core for the parts of a build that are pure functions of one item.

Parsing a lesson (Markdown) or a quiz (YAML) depends on that file alone (which is what lets the
preview cache it, see builder/cache.py), and rendering a screen depends on the loaded course and
that screen alone. A large build hands shares of such items to forked workers; the parent does
its own share meanwhile, then takes the workers' results in item order. The output cannot differ
from a one-process build: the same functions run on the same inputs, and everything across items
(the loader's checks, the package) still happens once, in the parent.

A worker that fails leaves its items to the parent. Without fork (Windows), on one core, or for
a small course, everything runs in the parent as before.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from markdown_it.token import Token

from .cache import ParseCache, stamp
from .errors import Reporter
from .fields import ID_PATTERN
from .load_course import _parse_lesson
from .load_quiz import load_quiz
from .yamlsrc import load_plain

MIN_ITEMS = 64  # below this, forking costs more than it saves
MAX_WORKERS = 8

Item = TypeVar("Item")
Result = TypeVar("Result")


def workers() -> int:
    if not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def forked_map(func: Callable[[Item], Result], items: list[Item], send: Callable = lambda r: r,
               receive: Callable = lambda r: r, done: Callable[[int], None] = lambda n: None) -> list[Result]:
    """``[func(item) for item in items]``, shared between forked workers and this process.

    A worker's results travel through ``send`` (in the worker) and ``receive`` (here): a chance
    to turn objects that pickle slowly into plain tuples. ``done(n)`` follows this process's progress."""
    count = workers() if len(items) >= MIN_ITEMS else 1
    shares = [list(range(i, len(items), count)) for i in range(count)]
    children = [_fork(func, send, [items[i] for i in share]) for share in shares[1:]]
    results: list = [None] * len(items)
    for n, i in enumerate(shares[0], 1):
        results[i] = func(items[i])
        done(n * count)
    for (pid, reader), share in zip(children, shares[1:]):
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        received = [receive(r) for r in pickle.loads(data)] if status == 0 and data else None
        for n, i in enumerate(share):
            results[i] = received[n] if received is not None else func(items[i])
    return results


def _fork(func: Callable, send: Callable, items: list) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: compute, send, and leave without running the parent's cleanup
        code = 1
        try:
            os.close(reader)
            data = pickle.dumps([send(func(item)) for item in items], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    return pid, reader


# -- the loader's files ------------------------------------------------------------------------
Job = tuple[Path, str, str]  # path, cache kind, outline entry (lesson) or quiz id


def preparse(root: Path, cache: ParseCache) -> None:
    """Parse the lessons the outline names and every quiz file into ``cache`` ahead of the loader."""
    if workers() < 2:
        return
    jobs = _jobs(root)
    if len(jobs) < MIN_ITEMS:
        return
    for job, (stamped, value, diagnostics) in zip(jobs, forked_map(_parse, jobs, _send, _receive)):
        if stamped is not None:
            cache.store(job[0], job[1], stamped, value, diagnostics)


def _jobs(root: Path) -> list[Job]:
    try:
        outline = (load_plain((root / "course.yaml").read_text(encoding="utf-8")) or {}).get("outline") or []
    except Exception:  # a broken course.yaml: the loader reports it, with its line
        return []
    jobs: list[Job] = []
    for entry in outline if isinstance(outline, list) else ():
        if isinstance(entry, str) and entry.endswith(".md") and (root / entry).is_file():
            jobs.append((root / entry, "lesson", entry))
    for path in sorted((root / "quizzes").glob("*.yaml")):
        if ID_PATTERN.match(path.stem):
            jobs.append((path, "quiz:" + path.stem, path.stem))
    return jobs


def _parse(job: Job):
    """(stamp before reading, result, diagnostics) for one file."""
    path, kind, name = job
    stamped = stamp(path)
    reporter = Reporter()
    value = _parse_lesson(path, name, reporter) if kind == "lesson" else load_quiz(path, name, reporter)
    return stamped, value, tuple(reporter.diagnostics)


# Tokens travel as tuples: pickling markdown-it's Token objects costs more than parsing again.
def _send(result):
    stamped, value, diagnostics = result
    if hasattr(value, "tokens"):
        value = value._replace(tokens=_pack(value.tokens))
    return stamped, value, diagnostics


def _receive(result):
    stamped, value, diagnostics = result
    if hasattr(value, "tokens"):
        value = value._replace(tokens=tuple(_unpack(value.tokens)))
    return stamped, value, diagnostics


def _pack(tokens: Iterable[Token]) -> list[tuple]:
    return [(t.type, t.tag, t.nesting, t.attrs, t.map, t.level,
             None if t.children is None else _pack(t.children),
             t.content, t.markup, t.info, t.meta, t.block, t.hidden) for t in tokens]


def _unpack(rows) -> list[Token]:
    return [Token(kind, tag, nesting, attrs, map_, level, None if children is None else _unpack(children),
                  content, markup, info, meta, block, hidden)
            for kind, tag, nesting, attrs, map_, level, children, content, markup, info, meta, block, hidden in rows]
