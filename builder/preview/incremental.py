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

Translations (locales/<lang>.po) are built beside the source language, each with
its own render cache, again after any source save or a save of that PO file; a broken
translation lists its problems under its language and leaves the other languages served.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from collections.abc import Iterable

from ..cache import ParseCache, RenderCache
from ..check import advice
from ..check.settings import read_settings
from ..errors import AuthoringError, Diagnostic, Reporter, order
from ..load import Loaded, survey
from ..local import LocalFile, localize, read_local
from ..model import Course
from ..package.manifest import SCORM12, SCORM2004, build_manifest
from ..locales import languages as po_languages
from ..render import Rendered, render
from ..theme import COURSE_THEMES, Theme, course_theme, themes_root
from ..translate import check_translation

INDEX = "index.html"
# Every rule runs on each save up to this many screens: about 3-5 ms a screen (the WG3 module, 13
# screens: 67 ms), so a save still shows within 150 ms; `check` runs them on any course.
FULL_ADVICE_SCREENS = 30
SCORM_VERSIONS = ("1.2", "2004")


class _Edition:
    """One language's output: the course as rendered in it, and its files as served."""

    def __init__(self) -> None:
        self.render_cache = RenderCache()
        self.course: Course | None = None
        self.rendered: Rendered | None = None
        self.outputs: dict[str, bytes] = {}
        self.errors: tuple[Diagnostic, ...] = ()
        self.warnings: tuple[Diagnostic, ...] = ()

    def publish(self, course: Course, theme: Theme, versions: set) -> set[str]:
        """Render ``course``; the output paths that differ from what was served."""
        rendered = render(course, theme, cache=self.render_cache)
        outputs = dict(rendered.files)
        for version in sorted(versions, key=str):
            outputs[_index_key(version)] = rendered.index(version)
        old = self.outputs
        diff = {path for path, data in outputs.items() if old.get(path) is not data and old.get(path) != data}
        diff |= old.keys() - outputs.keys()
        self.course, self.rendered, self.outputs = course, rendered, outputs
        return diff

    def output(self, path: str, scorm: str | None, versions: set) -> bytes | None:
        if self.rendered is None:
            return None
        if path == INDEX:
            key = _index_key(scorm)
            if key not in self.outputs:
                versions.add(scorm)
                self.outputs[key] = self.rendered.index(scorm)
            return self.outputs[key]
        if path == "imsmanifest.xml" and scorm in SCORM_VERSIONS and self.course is not None:
            spec = SCORM12 if scorm == "1.2" else SCORM2004[3]
            return build_manifest(self.course, spec, sorted(self.rendered.tree(scorm)))["imsmanifest.xml"]
        return self.rendered.files.get(path)


class PreviewBuilder:
    """One course, built in memory; ``rebuild(changed_paths)`` returns the output paths that changed.

    Thread-safe: the preview rebuilds from its watcher thread while HTTP threads read output.
    While the source has errors, the last good output stays available and ``errors`` lists them.
    """

    def __init__(self, course_dir: Path, scorm: str = "1.2", local: Path | None = None):
        self.course_dir = Path(course_dir).resolve()
        self.local = Path(local).resolve() if local is not None else None  # a --local file, read on every rebuild
        self.parse_cache = ParseCache()
        self.source = _Edition()
        self.translations: dict[str, _Edition] = {}  # language → its edition, one per locales/*.po
        self.errors: tuple[Diagnostic, ...] = ()
        self.warnings: tuple[Diagnostic, ...] = ()  # the loader's, and files nothing uses (even with errors)
        self.generation = 0  # counts rebuilds that changed the output
        self.last_duration = 0.0  # seconds the last rebuild took
        self.fixed = False  # the last rebuild cleared the errors of the one before
        self.first_output = False  # the last rebuild gave the course's first output
        self.retranslated = False  # the last rebuild changed a translation's output
        self._versions = {scorm}  # index.html kinds served so far: kept current on every rebuild
        self._lock = threading.RLock()

    # -- building ------------------------------------------------------------------------------
    def rebuild(self, changed_paths: Iterable[Path] | None = None) -> set[str]:
        """Load and render again. ``changed_paths`` None: from scratch. Returns changed output paths.

        Raises nothing for an author's mistakes: they land in ``errors`` (and the set is empty).
        """
        started = time.perf_counter()
        with self._lock:
            full = changed_paths is None
            changed = [Path(p).resolve() for p in changed_paths] if changed_paths is not None else []
            if not full:
                self.parse_cache.invalidate(changed)
                full = any(self._affects_everything(p) or p == self.local for p in changed)
            if full:
                self.parse_cache.clear()
                for edition in self.editions():
                    edition.render_cache.clear()
            found = Reporter()
            self.fixed = self.retranslated = self.first_output = False
            loaded = survey(self.course_dir, found, cache=self.parse_cache)
            advised = self._advice(loaded)
            try:
                if loaded.course is None:
                    raise AuthoringError(found.sorted())
                course = loaded.course
                theme = course_theme(course, cache=self.parse_cache)
                local = read_local(self.local) if self.local is not None else None
                self.first_output = self.source.rendered is None
                diff = self.source.publish(localize(course, local, found), theme, self._versions)
            except AuthoringError as exc:
                errors = tuple(d for d in exc.diagnostics if d.severity == "error")
                warnings = tuple(sorted([d for d in exc.diagnostics if d.severity != "error"] + advised, key=order))
                if (errors, warnings) != (self.errors, self.warnings):
                    self.generation += 1
                self.errors, self.warnings = errors, warnings
                self.last_duration = time.perf_counter() - started
                return set()
            recovered = bool(self.errors)
            self.errors, self.warnings = (), tuple(sorted(found.warnings + advised, key=order))
            # Any source save may change a text the PO file is matched on, even if the output did not.
            translated = self._translate(course, theme, retranslate=full or any(p.suffix != ".po" for p in changed),
                                         changed_po={p.stem for p in changed if p.suffix == ".po"}, local=local)
            self.fixed, self.retranslated = recovered, translated
            if diff or recovered or translated:
                self.generation += 1
            self.last_duration = time.perf_counter() - started
            return {INDEX if path.startswith(INDEX + "#") else path for path in diff}

    def _advice(self, loaded: Loaded) -> list[Diagnostic]:
        """The rules of `check`, at the course's severities: every rule for a course of up to
        FULL_ADVICE_SCREENS screens, so its author sees each warning on saving; for a larger one,
        or one with errors, what needs no clean load (files nothing uses), which takes no time."""
        settings = read_settings(self.course_dir, Reporter())  # its own mistakes are check's to report
        small = loaded.course is not None and len(loaded.course.screens) <= FULL_ADVICE_SCREENS
        found = advice(loaded if small else Loaded(None, loaded.reach), settings)
        return [d for d in map(settings.apply, found) if d is not None]

    def _translate(self, course: Course, theme: Theme, retranslate: bool, changed_po: set[str],
                   local: LocalFile | None = None) -> bool:
        """Build each translation again if the source or its PO file changed; True if any output did."""
        wanted = [lang for lang in po_languages(course.root) if lang != course.language]
        changed = set(self.translations) != set(wanted)
        self.translations = {lang: self.translations.get(lang) or _Edition() for lang in wanted}
        for lang, edition in self.translations.items():
            if edition.course is not None and not edition.errors and not retranslate and lang not in changed_po:
                continue
            result = check_translation(course, lang)
            diagnostics = list(result.diagnostics)
            translated = result.course
            try:
                translated = localize(translated, local, found := Reporter())
                diagnostics += found.diagnostics
            except AuthoringError as exc:  # an entry without this language: the language is not served
                diagnostics += exc.diagnostics
            errors = tuple(d for d in diagnostics if d.severity == "error")
            warnings = tuple(d for d in diagnostics if d.severity != "error")
            if errors:
                changed |= errors != edition.errors
                edition.errors, edition.warnings = errors, warnings
                continue
            changed |= bool(edition.errors) or warnings != edition.warnings
            edition.errors, edition.warnings = (), warnings
            changed |= bool(edition.publish(translated, theme, self._versions))
        return changed

    def editions(self) -> list[_Edition]:
        return [self.source, *self.translations.values()]

    @property
    def course(self) -> Course | None:
        return self.source.course

    @property
    def rendered(self) -> Rendered | None:
        return self.source.rendered

    @property
    def languages(self) -> list[str]:
        """Languages the preview shows this course in: its own first, then each translation."""
        return [self.course.language, *self.translations] if self.course is not None else []

    def _affects_everything(self, path: Path) -> bool:
        """Theme files (templates, CSS, JS; the course's own themes/ too) and caption tracks are read
        while rendering any screen."""
        if path.suffix.lower() == ".vtt":
            return True
        for root in (themes_root().resolve(), self.course_dir / COURSE_THEMES):
            try:
                path.relative_to(root)
                return True
            except ValueError:
                pass
        return False

    # -- reading output ------------------------------------------------------------------------
    def output(self, path: str, scorm: str | None, language: str | None = None) -> bytes | None:
        """A file of the package for SCORM ``scorm`` ("1.2", "2004"; None: the web folder), or None.

        ``language``: a translation's code; None or the course's own language: the source."""
        with self._lock:
            edition = self.source if language in (None, self.source.course and self.source.course.language) \
                else self.translations.get(language)
            return edition.output(path, scorm, self._versions) if edition is not None else None

    def language_errors(self) -> dict[str, list[str]]:
        """Each broken translation's problems (the language is served as last built, or not at all)."""
        with self._lock:
            return {lang: [str(d) for d in e.errors] for lang, e in self.translations.items() if e.errors}

    def tree(self, scorm: str | None) -> dict[str, bytes]:
        """Every file of the package as served (for tests and benchmarks)."""
        with self._lock:
            return self.rendered.tree(scorm) if self.rendered is not None else {}


def _index_key(scorm: str | None) -> str:
    return f"{INDEX}#{scorm}"
