"""Quiz files read ahead by worker processes while the loader reads the lessons.

In a large course the quiz files are a third of loading, and each gives back a small `Quiz`
(builder/workers.py: only results that are cheap to send back are worth a worker). The loader
asks its cache for each quiz when a lesson places it (`ParseCache.get`); this cache first takes
in the piece of read-ahead quizzes that holds it, waiting for it if need be. A quiz file changed
since a worker stamped it, or one whose worker failed, is read by the loader itself, as it would
be without workers: the result is the same either way.
"""
from __future__ import annotations

import contextlib
import re
from pathlib import Path
from collections.abc import Callable, Iterator
from typing import Any

from .cache import ParseCache
from .errors import Reporter
from .fields import is_id
from .load_quiz import load_quiz
from .paths import CourseFolder, PathProblem
from .workers import Running, start

# Fewer quiz files than this, and starting a worker costs more than it saves (docs/benchmarks.md).
FORK_QUIZZES = 150
QUIZZES = "quizzes/"
PIECE = 50  # quiz files a worker reads before sending them back


@contextlib.contextmanager
def quizzes_ahead(root: Path, jobs: int) -> Iterator[ParseCache | None]:
    """A cache the loader can use while ``jobs`` - 1 workers read the course's quiz files (the
    caller reads the lessons meanwhile), or None when that would not pay or cannot be done."""
    folder = root / QUIZZES
    rels = sorted((QUIZZES + p.name for p in folder.glob("*.yaml") if is_id(p.stem)), key=_natural) if jobs > 1 else []
    ahead = _QuizzesAhead(root, rels, jobs - 1) if len(rels) >= FORK_QUIZZES else None
    if ahead is None or ahead.running is None:
        yield None
        return
    try:
        yield ahead
    finally:
        ahead.running.close()


def _natural(name: str) -> list:
    """'check-99' before 'check-100': the order lessons usually place numbered quizzes in, so the
    worker reads them about as the loader comes to need them."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name)]


class _QuizzesAhead(ParseCache):
    def __init__(self, root: Path, rels: list[str], jobs: int):
        super().__init__()
        self.root = root
        self.folder = CourseFolder(root)
        self.rels = rels
        # Small pieces: the first lesson waits for the first piece, and each comes back as it is done.
        self.running: Running | None = start(self._read, rels, jobs, pieces=-(-len(rels) // PIECE))
        spans = self.running.spans if self.running is not None else []
        self.waiting = {self._key(rel): index for index, (a, b) in enumerate(spans) for rel in rels[a:b]}

    def _key(self, rel: str) -> tuple[str, str]:
        """The loader's key for a quiz file (load_files.FileLoader._load_quiz)."""
        return str(self.root / rel), "quiz:" + rel[len(QUIZZES):-len(".yaml")]

    def _read(self, rel: str) -> tuple[tuple[int, int], Any, tuple] | None:
        """In a worker: one quiz file, stamped before it is read (None: no such file, or outside)."""
        try:
            stamped = self.folder.stamp(rel)
        except PathProblem:  # the loader reports it when a lesson places the quiz
            return None
        if stamped is None:
            return None
        reporter = Reporter()
        quiz = load_quiz(self.root / rel, rel[len(QUIZZES):-len(".yaml")], reporter)
        return stamped, quiz, tuple(reporter.diagnostics)

    def get(self, path: str | Path, kind: str, parse: Callable[[Reporter], Any], reporter: Reporter,
            current: tuple[int, int] | None = None) -> Any:
        index = self.waiting.get((str(path), kind))
        if index is not None and self.running is not None:
            self._take(index, self.running)
        return super().get(path, kind, parse, reporter, current)

    def _take(self, index: int, running: Running) -> None:
        a, b = running.spans[index]
        results = running.piece(index)
        for position, rel in enumerate(self.rels[a:b]):
            key = self._key(rel)
            del self.waiting[key]
            found = results[position] if results is not None else None
            if found is not None:
                self.put(key[0], key[1], *found)
