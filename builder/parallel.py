"""Use every core for the parts of a build that are pure functions of one item.

Parsing a lesson (Markdown) or a quiz (YAML) depends on that file alone (which is what lets the
preview cache it, see builder/cache.py); rendering a screen depends on the loaded course and
that screen alone. A large build hands shares of such items to forked workers; this process does
its own share meanwhile, then takes the workers' results in item order. The output cannot differ
from a one-process build: the same functions run on the same inputs, and everything across items
(the loader's checks, the index page, the package) still happens once, here.

A worker that fails leaves its items to this process. Without fork (Windows), on one core, or
for a small course, everything runs here as before.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from markdown_it.token import Token

from .cache import ParseCache, stamp
from .errors import Reporter
from .fields import is_id
from .load_course import _parse_lesson
from .load_quiz import load_quiz
from .paths import PathProblem, course_path, inside
from .progress import Progress, silent
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
               receive: Callable = lambda r: r, shares: list[list[int]] | None = None,
               done: Callable[[int, int], None] = lambda n, total: None) -> list[Result]:
    """``[func(item) for item in items]``, shared between forked workers and this process.

    A worker's results travel through ``send`` (in the worker) and ``receive`` (here): a chance
    to turn objects that pickle slowly into plain tuples. ``shares``: item indexes per process,
    this one's first (default: round robin over ``workers()``). ``done(n, total)``: progress
    through this process's share."""
    if shares is None:
        count = workers() if len(items) >= MIN_ITEMS else 1
        shares = [list(range(i, len(items), count)) for i in range(count)]
    mine = list(shares[0])
    children = []
    for share in shares[1:]:
        child = _fork(func, send, [items[i] for i in share]) if share else None
        if child is not None:
            children.append((child, share))
        else:  # no worker for it (fork failed: a process limit, no memory): this process does it
            mine += share
    results: list = [None] * len(items)
    for n, i in enumerate(mine, 1):
        results[i] = func(items[i])
        done(n, len(mine))
    for (pid, reader), share in children:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        received = [receive(r) for r in pickle.loads(data)] if status == 0 and data else None
        for n, i in enumerate(share):
            results[i] = received[n] if received is not None else func(items[i])
    return results


def _fork(func: Callable, send: Callable, items: list) -> tuple[int, int] | None:
    """A worker computing ``items``: (its pid, the pipe its results arrive on), or None if the
    system would not start one."""
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
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


def preparse(root: Path, cache: ParseCache, progress: Progress = silent) -> None:
    """Parse the lessons the outline names and every quiz file into ``cache`` ahead of the loader."""
    if workers() < 2:
        return
    jobs = _jobs(root.resolve())  # the loader's cache keys are under the resolved folder
    if len(jobs) < MIN_ITEMS:
        return
    results = forked_map(_parse, jobs, _send, _receive, shares=_balance(jobs, workers()),
                         done=lambda n, total: progress("reading", n, total))
    for job, (stamped, value, diagnostics) in zip(jobs, results):
        if stamped is not None:
            cache.store(job[0], job[1], stamped, value, diagnostics)


def _jobs(root: Path) -> list[Job]:
    folders: dict[str, str] = {}  # resolved once for all the files below
    if inside(root, "course.yaml", folders) is None:
        return []
    try:
        outline = (load_plain((root / "course.yaml").read_text(encoding="utf-8")) or {}).get("outline") or []
    except Exception:  # a broken course.yaml: the loader reports it, with its line
        return []
    jobs: list[Job] = []
    for entry in outline if isinstance(outline, list) else ():
        try:  # only what the loader would read: the path policy of builder/paths.py
            rel = course_path(entry, "lesson", "lessons/01-welcome.md") if isinstance(entry, str) else ""
        except PathProblem:
            continue
        if rel.startswith("lessons/") and rel.endswith(".md") and inside(root, rel, folders) \
                and stamp(root / rel) is not None:
            jobs.append((root / rel, "lesson", rel))
    for path in sorted((root / "quizzes").glob("*.yaml")):
        rel = f"quizzes/{path.name}"
        if is_id(path.stem) and inside(root, rel, folders) and stamp(path) is not None:
            jobs.append((path, "quiz:" + path.stem, path.stem))
    return jobs


# Relative costs per file, measured on the synthetic course (bench/profile_build.py): parsing,
# then sending from a worker, then receiving here. A lesson's tokens cost almost as much to
# receive as to parse; a quiz (a small model) costs little to move.
COSTS = {"lesson": (1.0, 0.7, 0.55), "quiz": (0.6, 0.1, 0.1)}


def _balance(jobs: list[Job], count: int) -> list[list[int]]:
    """Shares that finish soonest. Everything starts here; files move to the least busy worker,
    cheapest to move first (the quizzes, then lessons), as long as the build ends sooner:
    it ends when this process has parsed its share and received the workers' results."""
    cost = [COSTS["lesson" if kind == "lesson" else "quiz"] for _, kind, _ in jobs]
    shares: list[list[int]] = [[] for _ in range(count)]
    busy = [sum(parse for parse, _, _ in cost)] + [0.0] * (count - 1)  # a worker: parsing and sending
    receiving = 0.0
    moved = set()
    for i in sorted(range(len(jobs)), key=lambda i: cost[i][2] / cost[i][0]) if count > 1 else ():
        parse, out, back = cost[i]
        worker = min(range(1, count), key=busy.__getitem__)
        now = max(busy) + receiving
        after = busy[:]
        after[0] -= parse
        after[worker] += parse + out
        if max(after) + receiving + back >= now:
            break
        busy, receiving = after, receiving + back
        shares[worker].append(i)
        moved.add(i)
    shares[0] = [i for i in range(len(jobs)) if i not in moved]
    return [sorted(share) for share in shares]


def _parse(job: Job):
    """(stamp before reading, result, diagnostics) for one file; a file that cannot be read is
    left to the loader (stamp None), which reports it where it is used, or not at all."""
    path, kind, name = job
    stamped = stamp(path)
    reporter = Reporter()
    try:
        value = _parse_lesson(path, name, reporter) if kind == "lesson" else load_quiz(path, name, reporter)
    except OSError:
        return None, None, ()
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
