"""load → model → render → package: the one function the CLI, the preview and tests call."""
from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .cache import ParseCache
from .errors import AuthoringError, Reporter
from .load_course import load_course
from .model import Course
from .package.itemmap import item_map_files
from .package.manifest import SCORM12, SCORM2004, build_manifest
from .package.zipwriter import write_zip
from .parallel import preparse
from .progress import Progress, silent
from .render import render_course
from .state_budget import measure
from .theme import Theme, load_theme, themes_root

FORMATS = ("scorm12", "scorm2004", "web")


@dataclass(frozen=True)
class Loaded:
    course: Course
    theme: Theme
    reporter: Reporter


def load(course_dir: Path, reporter: Reporter | None = None, cache: ParseCache | None = None,
         progress: Progress = silent) -> Loaded:
    """Read and validate a course; raise AuthoringError listing every problem.

    ``cache``: see builder/cache.py (the preview keeps one so a rebuild parses only changed files).
    Theme files are not stamped one by one: whoever keeps a cache clears it when a theme changes.
    """
    reporter = reporter or Reporter()
    course = load_course(Path(course_dir), reporter, cache, progress)
    theme = None
    if course is not None:
        name, ref = course.theme, course.ref.at(None)
        if cache is None:
            theme = load_theme(name, reporter, ref)
        else:
            theme = cache.get(themes_root() / name / "theme.yaml", "theme",
                              lambda rep: load_theme(name, rep, ref), reporter)
        _check_theme_options(course, theme, reporter)
        budget = measure(course)
        if not budget.fits:
            reporter.error(
                "state-budget",
                f"a learner's saved progress could reach {budget.essential} characters; SCORM 1.2 allows "
                f"{budget.limit}", course.assessment.ref if course.assessment else course.ref,
                "the assessment's answers and the list of seen screens must fit: use fewer or shorter "
                "fill-in questions or options in the assessment, or split the course")
    if reporter.errors:
        raise AuthoringError(reporter.sorted())
    return Loaded(course=course, theme=theme, reporter=reporter)


def _check_theme_options(course: Course, theme: Theme | None, reporter: Reporter) -> None:
    if theme is None:
        return
    ref = course.ref.at(None)
    for key in course.theme_options:
        if key not in theme.options:
            reporter.error("theme-option", f"theme '{theme.name}' has no option '{key}'", ref,
                           "options: " + ", ".join(theme.options))
    logo = course.theme_options.get("logo")
    if logo and not (course.root / logo).is_file():
        reporter.error("missing-file", f"theme option logo '{logo}' does not exist", ref,
                       "give a path inside the course folder, e.g. media/logo.svg")
    if logo and not course.theme_options.get("logo_alt"):
        reporter.error("alt-text", "theme option 'logo' needs 'logo_alt'", ref,
                       "name the organisation, e.g. logo_alt: Example Red Cross")


def output_names(course: Course, language: str | None = None) -> dict[str, str]:
    """Package names; a translation adds its language (the source language's names have none)."""
    stem = f"{course.id}-{course.version}" + (f"-{language}" if language else "")
    return {"scorm12": f"{stem}-scorm12.zip", "scorm2004": f"{stem}-scorm2004.zip", "web": f"{stem}-web",
            "items": f"{stem}-items"}


@contextlib.contextmanager
def _fewer_collections():
    """A build allocates millions of small objects that all live until it ends; Python's default
    collector keeps rescanning them for nothing (a third of a 2000-lesson build). Restored after."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def build(course_dir: Path, out_dir: Path, formats=FORMATS, scorm2004_edition: int = 3,
          progress: Progress = silent, language: str | None = None, reporter: Reporter | None = None) -> list[Path]:
    """Build the given formats into out_dir. Nothing is written unless the whole course is valid.

    ``language``: build the translation in locales/<language>.po (see builder/translate); its
    warnings (untranslated or fuzzy texts) go to ``reporter``, its errors stop the build."""
    with _fewer_collections():
        cache = ParseCache()
        preparse(Path(course_dir), cache, progress)
        loaded = load(course_dir, cache=cache, progress=progress)
        course, theme = loaded.course, loaded.theme
        if language == course.language:
            language = None
        if language is not None:
            from .translate import translate
            course = translate(course, language, reporter)
        rendered = render_course(course, theme, progress=progress)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = output_names(course, language)
    written = []
    for done, fmt in enumerate(formats, 1):
        progress("packaging", done, len(formats))
        if fmt == "web":
            tree = rendered.tree(None)
            written.append(_write_folder(out_dir / names["web"], tree))
            continue
        spec = SCORM12 if fmt == "scorm12" else SCORM2004[scorm2004_edition]
        tree = rendered.tree(spec.name)
        tree.update(build_manifest(course, spec, sorted(tree)))
        written.append(_write_atomically(out_dir / names[fmt], lambda tmp, tree=tree: write_zip(tmp, tree)))
    if any(fmt != "web" for fmt in formats):  # the map reads LMS reports: only SCORM packages make them
        for name, data in item_map_files(course, names["items"]).items():
            written.append(_write_atomically(out_dir / name, lambda tmp, data=data: tmp.write_bytes(data)))
    return written


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """``write`` fills a temporary file beside ``target``, which then replaces ``target`` in one step."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a package is for others to read
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _write_folder(target: Path, tree: dict) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private; its files already follow the umask
        for name, data in tree.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.exists():
            old = target.with_name(f".old-{target.name}")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
