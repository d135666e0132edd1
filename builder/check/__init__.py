"""`coursebuilder check`: every problem in a course in one run, and nothing written.

The loader's own errors come first (schema, references, missing files...); when the course loads,
the rules in this package look at the model for what a build does not refuse but a learner would
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

from ..build import template_problems
from ..errors import AuthoringError, Diagnostic, Reporter, order
from ..load import load
from ..local import localize, read_local
from ..model import Course
from ..theme import course_theme
from ..translate import check_translation
from . import (  # noqa: F401  (register rules)
    answerkey, attempts, budget, files, headings, items, language, links, media, quizzes, reading, scenarios,
)
from .context import Context
from .registry import RULES, Finding
from .settings import Settings, read_settings

__all__ = ["RULES", "CheckResult", "Finding", "check_course", "run_rules"]


@dataclass(frozen=True)
class CheckResult:
    course_dir: Path
    diagnostics: tuple[Diagnostic, ...]
    course: Course | None  # None when the loader refused the course

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def run_rules(course: Course, settings: Settings) -> list[Diagnostic]:
    """The rules on a course that loaded, each at the severity the course gives it."""
    ctx = Context(course=course, settings=settings)
    return [Diagnostic(settings.severity_of(code), code, finding.message, finding.ref, finding.hint)
            for code, run in RULES.items() if settings.severity_of(code) != "off" for finding in run(ctx)]


def check_course(course_dir: Path, languages: Iterable[str | None] = (), local: Path | None = None) -> CheckResult:
    """Load a course, run every rule, and check each translation named in ``languages`` (None:
    the source language); every diagnostic at the severity the course gives its code, in order.
    ``local``: a `--local` file, checked against the course in each of those languages."""
    course_dir = Path(course_dir)
    reporter = Reporter()
    settings = read_settings(course_dir, reporter)
    found = list(reporter.diagnostics)
    course = None
    try:
        course = load(course_dir, warnings := Reporter())
        theme = course_theme(course)
    except AuthoringError as exc:
        found += exc.diagnostics
    else:
        found += warnings.diagnostics + template_problems(course, theme) + run_rules(course, settings)
        translated = {}
        for language in languages:
            if language is not None:
                result = check_translation(course, language)
                found += result.diagnostics
                translated[language] = result.course
        if local is not None:
            found += _check_local(course, translated, local)
    kept = {d for d in map(settings.apply, found) if d is not None}
    return CheckResult(course_dir, tuple(sorted(kept, key=order)), course)


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
            localize(each, local_file, reporter)
        except AuthoringError as exc:
            found += exc.diagnostics
        found += reporter.diagnostics
    return found
