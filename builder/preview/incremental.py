"""Build a course in memory and rebuild only what a save changed: the engine of `coursebuilder preview`.

    builder = PreviewBuilder(Path("course_src/my-course"))
    builder.rebuild()                                  # first build: everything
    builder.rebuild([Path(".../lessons/07-x.md")])     # → {"screens/0007.js"} (plus "index.html" if
                                                       #   the title, the outline or screen 1 changed)

How: the loader gets a ParseCache (builder/cache.py), so only files whose (mtime, size) changed, or
that the watcher named, are parsed again; checks across files (quiz placement, links, the
assessment, the state budget) still run on every rebuild. The renderer gets a RenderCache, so a
screen is rendered again only when its lesson or quizzes, or the course-wide context (outline,
quiz order, language, theme), changed. A theme change or a caption file (.vtt, read while rendering
media) clears the render cache. Nothing is written to disk.
"""
from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import Iterable

from ..build import Loaded, load
from ..cache import ParseCache, RenderCache
from ..errors import AuthoringError, Diagnostic
from ..model import Course
from ..package.manifest import SCORM12, SCORM2004, build_manifest
from ..render import Rendered, render_course
from ..theme import themes_root

INDEX = "index.html"
SCORM_VERSIONS = ("1.2", "2004")


class PreviewBuilder:
    """One course, built in memory; ``rebuild(changed_paths)`` returns the output paths that changed.

    Thread-safe: the preview rebuilds from its watcher thread while HTTP threads read output.
    While the source has errors, the last good output stays available and ``errors`` lists them.
    """

    def __init__(self, course_dir: Path, scorm: str = "1.2"):
        self.course_dir = Path(course_dir).resolve()
        self.parse_cache = ParseCache()
        self.render_cache = RenderCache()
        self.course: Course | None = None
        self.rendered: Rendered | None = None
        self.errors: tuple[Diagnostic, ...] = ()
        self.warnings: tuple[Diagnostic, ...] = ()
        self.generation = 0  # counts rebuilds that changed the output
        self.last_duration = 0.0  # seconds the last rebuild took
        self._versions = {scorm}  # index.html kinds served so far: kept current on every rebuild
        self._outputs: dict[str, bytes] = {}
        self._lock = threading.RLock()
        self._freeze_pending = False

    # -- building ------------------------------------------------------------------------------
    def rebuild(self, changed_paths: Iterable[Path] | None = None) -> set[str]:
        """Load and render again. ``changed_paths`` None: from scratch. Returns changed output paths.

        Raises nothing for an author's mistakes: they land in ``errors`` (and the set is empty).
        """
        started = time.perf_counter()
        with self._lock:
            full = changed_paths is None
            if not full:
                changed = [Path(p).resolve() for p in changed_paths]
                self.parse_cache.invalidate(changed)
                full = any(self._affects_everything(p) for p in changed)
            if full:
                self.parse_cache.clear()
                self.render_cache.clear()
                self._freeze_pending = True
            self.parse_cache.reset_stats()
            self.render_cache.reset_stats()
            try:
                loaded: Loaded = load(self.course_dir, cache=self.parse_cache)
            except AuthoringError as exc:
                if tuple(exc.diagnostics) != self.errors:
                    self.generation += 1
                self.errors = tuple(exc.diagnostics)
                self.last_duration = time.perf_counter() - started
                return set()
            rendered = render_course(loaded.course, loaded.theme, cache=self.render_cache)
            outputs = dict(rendered.files)
            for version in sorted(self._versions, key=str):
                outputs[_index_key(version)] = rendered.index(version)
            old = self._outputs
            diff = {path for path, data in outputs.items() if old.get(path) is not data and old.get(path) != data}
            diff |= old.keys() - outputs.keys()
            recovered = bool(self.errors)
            self.course, self.rendered, self._outputs = loaded.course, rendered, outputs
            self.errors, self.warnings = (), tuple(loaded.reporter.warnings)
            if diff or recovered:
                self.generation += 1
            if self._freeze_pending:
                self._freeze_pending = False
                # The caches now hold millions of long-lived objects (tokens); keep the cyclic
                # garbage collector from scanning them all in the middle of a later rebuild
                # (a 300 ms pause at 2000 lessons). Reference counting still frees them.
                gc.freeze()
            self.last_duration = time.perf_counter() - started
            return {INDEX if path.startswith(INDEX + "#") else path for path in diff}

    def _affects_everything(self, path: Path) -> bool:
        """Theme files (templates, CSS, JS) and caption tracks are read while rendering any screen."""
        if path.suffix.lower() == ".vtt":
            return True
        try:
            path.relative_to(themes_root().resolve())
            return True
        except ValueError:
            return False

    @property
    def parsed(self) -> list[Path]:
        """Files the last rebuild parsed (the rest came from the cache)."""
        return list(self.parse_cache.parsed)

    @property
    def rendered_screens(self) -> list[int]:
        """Screens the last rebuild rendered (the rest came from the cache)."""
        return list(self.render_cache.rendered)

    # -- reading output ------------------------------------------------------------------------
    def output(self, path: str, scorm: str | None) -> bytes | None:
        """A file of the package for SCORM ``scorm`` ("1.2", "2004"; None: the web folder), or None."""
        with self._lock:
            if self.rendered is None:
                return None
            if path == INDEX:
                key = _index_key(scorm)
                if key not in self._outputs:
                    self._versions.add(scorm)
                    self._outputs[key] = self.rendered.index(scorm)
                return self._outputs[key]
            if path == "imsmanifest.xml" and scorm in SCORM_VERSIONS:
                spec = SCORM12 if scorm == "1.2" else SCORM2004[3]
                tree = self.rendered.tree(scorm)
                return build_manifest(self.course, spec, sorted(tree))["imsmanifest.xml"]
            return self.rendered.files.get(path)

    def tree(self, scorm: str | None) -> dict[str, bytes]:
        """Every file of the package as served (for tests and benchmarks)."""
        with self._lock:
            return self.rendered.tree(scorm) if self.rendered is not None else {}


def _index_key(scorm: str | None) -> str:
    return f"{INDEX}#{scorm}"


def available_languages(course: Course | None) -> list[str]:
    """Languages the preview can show this course in: the course's own for now.

    Translated courses will add theirs here; the LMS page lists whatever this returns.
    """
    return [course.language] if course is not None else []
