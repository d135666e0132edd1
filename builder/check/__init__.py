"""`coursebuilder check`: every problem in a course in one run, and nothing written.

The loader's own errors come first (schema, references, missing files...); files nothing uses are
reported with them (that needs only the outline and the links). When the course loads, the rules in
this package look at the model for what a build does not refuse but a learner would
notice: broken anchors, media without captions, quizzes without feedback, skipped heading levels,
screens too long to read, saved progress or package size over budget, unused files, and
stigmatising words. Each rule is a small function registered under its diagnostic code (see
registry.py and builder/diagnostics.py); a course sets any rule, and any warning, to error,
warning or off in course.yaml (see settings.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable

from ..errors import AuthoringError, Diagnostic, Reporter, order
from ..load import Loaded, survey
from ..local import localize, read_local
from ..stigma import Matcher, builtin_terms
from ..model import Course, Reach
from ..theme import course_theme
from ..translate import check_translation
from . import (  # noqa: F401  (register rules)
    answerkey, attempts, budget, files, headings, items, language, links, media, quizzes, reading, scenarios, timing,
)
from .context import Context
from .registry import RULES, Finding
from .settings import Settings, read_settings
from .templates import template_problems
from .timing import Timing, estimate

__all__ = ["RULES", "CheckResult", "Finding", "advice", "check_course", "run_rules"]

# Rules that need only what the outline and the links reach, not a course that loaded: they run
# when the course has errors too, so one run gives the errors and this advice together.
WITHOUT_A_COURSE = {"unused": files.unused}


@dataclass(frozen=True)
class CheckResult:
    course_dir: Path
    diagnostics: tuple[Diagnostic, ...]
    course: Course | None  # None when the loader refused the course
    timing: Timing | None = None  # how long it takes (builder/check/timing.py), when it loaded

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def run_rules(course: Course, settings: Settings, reach: Reach | None = None) -> list[Diagnostic]:
    """The rules on a course that loaded, each at the severity the course gives it."""
    ctx = Context(course=course, settings=settings, reach=reach)
    return [Diagnostic(settings.severity_of(code), code, finding.message, finding.ref, finding.hint)
            for code, run in RULES.items() if settings.severity_of(code) != "off" for finding in run(ctx)]


def advice(loaded: Loaded, settings: Settings) -> list[Diagnostic]:
    """Every rule on a course that loaded; on one with errors, the rules that need only what its
    outline reached (WITHOUT_A_COURSE). Each finding at the severity the course gives its code."""
    if loaded.course is not None:
        return run_rules(loaded.course, settings, loaded.reach)
    if loaded.reach is None:
        return []
    return [Diagnostic(settings.severity_of(code), code, finding.message, finding.ref, finding.hint)
            for code, run in WITHOUT_A_COURSE.items() if settings.severity_of(code) != "off"
            for finding in run(loaded.reach)]


def check_course(course_dir: Path, languages: Iterable[str | None] = (), local: Path | None = None) -> CheckResult:
    """Load a course, run every rule, and check each translation named in ``languages`` (None:
    the source language); every diagnostic at the severity the course gives its code, in order.
    ``local``: a `--local` file, checked against the course in each of those languages."""
    course_dir = Path(course_dir)
    reporter = Reporter()
    settings = read_settings(course_dir, reporter)
    loaded = survey(course_dir, loader := Reporter())
    found = reporter.diagnostics + loader.diagnostics
    course = loaded.course
    try:
        theme = course_theme(course) if course is not None else None
    except AuthoringError as exc:
        found += exc.diagnostics
        theme = None
    if course is None or theme is None:
        found += advice(Loaded(None, loaded.reach), settings)
    else:
        found += template_problems(course, theme) + advice(loaded, settings)
        translated = {}
        for language in languages:
            if language is not None:
                result = check_translation(course, language)
                found += result.diagnostics
                translated[language] = result.course
        if local is not None:
            found += _check_local(course, translated, local)
    kept = {d for d in map(settings.apply, found) if d is not None}
    return CheckResult(course_dir, tuple(sorted(kept, key=order)), course, estimate(course) if course else None)


def _check_local(course: Course, translated: dict[str, Course], path: Path) -> list[Diagnostic]:
    """The local file against the course in the source language and each translation checked."""
    try:
        local_file = read_local(path)
    except AuthoringError as exc:
        return list(exc.diagnostics)
    found: list[Diagnostic] = []
    for each in (course, *translated.values()):
        reporter = Reporter()
        try:
            localized = localize(each, local_file, reporter)
        except AuthoringError as exc:
            found += exc.diagnostics
        else:
            found += _local_stigma(localized, local_file)
        found += reporter.diagnostics
    return found


def _local_stigma(course: Course, local_file) -> list[Diagnostic]:
    """The stigmatising-language rule on the texts the local file gives this language."""
    matcher = Matcher(builtin_terms(course.language))
    return [Diagnostic("warning", "stigma", f"local text '{name}': '{word}' can stigmatise",
                       local_file.entries[name].ref, f"instead, say: {suggestion}")
            for name, text in course.local.items() for _, word, suggestion in matcher.find(text)]
