"""`coursebuilder check`: every problem in a course in one run, and nothing written.

The loader's own errors come first (schema, references, missing files...); when the course loads,
the rules in this package look at the model for what a build does not refuse but a learner would
notice: broken anchors, media without captions, quizzes without feedback, skipped heading levels,
screens too long to read, saved progress or package size over budget, stray or unused files, and
stigmatising words. Each rule is a small function registered under its diagnostic code (see
registry.py); a course sets any rule to error, warning or off in course.yaml (see settings.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..build import Loaded, load, template_problems
from ..errors import AuthoringError, Diagnostic, Reporter
from . import budget, files, headings, language, links, media, quizzes, reading  # noqa: F401  (register rules)
from .context import Context
from .registry import RULES, Finding, Rule
from .settings import Settings, read_settings

__all__ = ["RULES", "CheckResult", "Finding", "Rule", "check_course", "run_rules"]


@dataclass(frozen=True)
class CheckResult:
    course_dir: Path
    diagnostics: tuple[Diagnostic, ...]
    loaded: Loaded | None  # None when the loader refused the course

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def _order(d: Diagnostic):
    return (str(d.ref.path), d.ref.line or 0, d.ref.col or 0, d.code, d.message)


def run_rules(loaded: Loaded, settings: Settings) -> list[Diagnostic]:
    """The extra rules on a course that loaded, each at the severity the course gives it."""
    ctx = Context(course=loaded.course, settings=settings)
    found = []
    for rule in RULES.values():
        severity = settings.severity_of(rule.code)
        if severity == "off":
            continue
        for finding in rule.run(ctx):
            found.append(Diagnostic(severity, rule.code, finding.message, finding.ref, finding.hint))
    return found


def check_course(course_dir: Path) -> CheckResult:
    """Load a course and run every rule; returns diagnostics sorted by file and line."""
    course_dir = Path(course_dir)
    settings_reporter = Reporter()
    settings = read_settings(course_dir, settings_reporter)
    diagnostics = list(settings_reporter.diagnostics)
    try:
        loaded = load(course_dir)
    except AuthoringError as exc:
        diagnostics += exc.diagnostics
        return CheckResult(course_dir, tuple(sorted(set(diagnostics), key=_order)), None)
    diagnostics += loaded.reporter.diagnostics
    diagnostics += template_problems(loaded)
    diagnostics += run_rules(loaded, settings)
    return CheckResult(course_dir, tuple(sorted(set(diagnostics), key=_order)), loaded)
