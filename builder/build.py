"""load → model → render → package: the one function the CLI, the preview and tests call."""
from __future__ import annotations

import contextlib
import dataclasses
import gc
from dataclasses import dataclass
from pathlib import Path

from .cache import ParseCache
from .errors import AuthoringError, Diagnostic, Reporter, SourceRef
from .load_course import load_course
from .model import Course
from .output import Staging
from .package.itemmap import item_map_files
from .package.manifest import SCORM12, SCORM2004, build_manifest
from .parallel import preparse
from .progress import Progress, silent
from .render import Rendered, render_course
from .state_budget import measure
from .theme import Theme, load_theme, template_problem, theme_file
from .yamlsrc import LineDict, load_yaml

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
        name, ref, root = course.theme, course.ref.at(None), course.root
        found = Reporter()
        if cache is None:
            theme = load_theme(name, found, ref, root)
        else:
            theme = cache.get(theme_file(name, root), "theme", lambda rep: load_theme(name, rep, ref, root), found)
        reporter.diagnostics += [dataclasses.replace(d, ref=_at_key(course, "theme")) if d.ref == ref else d
                                 for d in found.diagnostics]
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
    ref = _at_key(course, "theme_options") if course.theme_options else course.ref
    for key in course.theme_options:
        if key not in theme.options:
            reporter.error("theme-option", f"theme '{theme.name}' has no option '{key}'", ref,
                           "options: " + (", ".join(theme.options) or "none"))
    logo = course.theme_options.get("logo")  # a file in the course: the loader checked it
    if logo and not course.theme_options.get("logo_alt"):
        reporter.error("alt-text", "theme option 'logo' needs 'logo_alt'", ref,
                       "name the organisation, e.g. logo_alt: Example Red Cross")


def _at_key(course: Course, key: str) -> SourceRef:
    """course.yaml at the line of ``key``, read again: only to report a problem with it."""
    path = course.root / "course.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8-sig"), SourceRef(path), Reporter())
    except (OSError, UnicodeDecodeError):
        data = None
    return course.ref.at(data.line_of(key) if isinstance(data, LineDict) else None)


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
    """Build the given formats into out_dir. Nothing is written unless the whole course is valid,
    and then every package at once (builder/output.py).

    ``language``: build the translation in locales/<language>.po (see builder/translate); its
    warnings (untranslated or fuzzy texts) go to ``reporter``, its errors stop the build."""
    with Staging(Path(out_dir)) as staging:
        written = build_into(staging, course_dir, formats, scorm2004_edition, progress, language, reporter)
        staging.commit()
    return written


def build_into(staging: Staging, course_dir: Path, formats=FORMATS, scorm2004_edition: int = 3,
               progress: Progress = silent, language: str | None = None,
               reporter: Reporter | None = None) -> list[Path]:
    """Stage one course's packages (one language) in a run that may build others too; the paths
    they will have once the run commits."""
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
        with _template_errors(theme):
            rendered = render_course(course, theme, progress=progress)
    names = output_names(course, language)
    _claim(staging, course, [names[fmt] for fmt in formats])
    written = []
    for done, fmt in enumerate(formats, 1):
        progress("packaging", done, len(formats))
        with _template_errors(theme):
            tree = _tree(course, rendered, fmt, scorm2004_edition)
        if fmt == "web":
            written.append(staging.add_folder(names["web"], tree))
        else:
            written.append(staging.add_zip(names[fmt], tree))
    if any(fmt != "web" for fmt in formats):  # the map reads LMS reports: only SCORM packages make them
        for name, data in item_map_files(course, names["items"]).items():
            written.append(staging.add_file(name, data))
    return written


def _tree(course: Course, rendered: Rendered, fmt: str, scorm2004_edition: int) -> dict[str, bytes]:
    if fmt == "web":
        return rendered.tree(None)
    spec = SCORM12 if fmt == "scorm12" else SCORM2004[scorm2004_edition]
    tree = rendered.tree(spec.name)
    tree.update(build_manifest(course, spec, sorted(tree)))
    return tree


def _claim(staging: Staging, course: Course, names: list[str]) -> None:
    """Two courses of one run must not write the same package: the second would replace the first."""
    owner = str(SourceRef(course.root))  # as the author would type it: relative when near
    for name in names:
        holder = staging.claim(name, owner)
        if holder is not None:
            raise AuthoringError([Diagnostic(
                "error", "duplicate-output", f"this course builds '{name}', as the course in '{holder}' does",
                course.ref, "give each course its own 'id' (or 'version'), or build them in separate runs")])


def template_problems(loaded: Loaded) -> list[Diagnostic]:
    """What a course theme's templates do wrong once they run, found by rendering in memory (for
    ``check``, which writes nothing). Built-in themes are tested code: nothing to look for."""
    if not loaded.theme.sandboxed:
        return []
    try:
        with _template_errors(loaded.theme):
            rendered = render_course(loaded.course, loaded.theme)
            for fmt in FORMATS:
                _tree(loaded.course, rendered, fmt, 3)
    except AuthoringError as exc:
        return list(exc.diagnostics)
    return []


@contextlib.contextmanager
def _template_errors(theme: Theme):
    """A course theme's template that fails while rendering is the author's mistake, shown at its line."""
    try:
        yield
    except Exception as exc:
        where = template_problem(theme, exc)
        if where is None:
            raise
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise AuthoringError([Diagnostic("error", "template", f"template error: {message}", where,
                                         "course themes run in a sandbox: use only the values the templates "
                                         "are given (docs/authoring.md)")]) from None
