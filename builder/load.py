"""course_src/<id>/ → Course: the first stage. Every file is read once and every problem reported
in one run, each at its line; the course comes back only when it has none.

    course = load(Path("course_src/my-course"), reporter)   # AuthoringError lists every error

Warnings go to ``reporter``. ``cache`` (the preview keeps one, see builder/cache.py) remembers each
file's parse between loads, so only files that changed are parsed again; every check across files
runs on every load.
"""
from __future__ import annotations

import math
import posixpath
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from .cache import ParseCache
from .errors import AuthoringError, Reporter, SourceRef
from .fields import Fields, describe
from .load_files import FileLoader, outline_lines
from .model import Course, Link, Reach
from .paths import PathProblem, confine, course_path, is_file, parse_href
from .prefetch import quizzes_ahead
from .progress import Progress, silent
from .specs import COURSE
from .state_budget import measure
from .text import read_source
from .yamlsrc import LineDict, load_yaml


class Loaded(NamedTuple):
    course: Course | None  # None when the course has errors
    reach: Reach | None  # what the outline and links reach; None when the outline could not be read


def load(course_dir: Path, reporter: Reporter | None = None, cache: ParseCache | None = None,
         progress: Progress = silent) -> Course:
    """The validated course in ``course_dir``; AuthoringError with every error when it has any."""
    reporter = reporter if reporter is not None else Reporter()
    course = survey(course_dir, reporter, cache, progress).course
    if course is None:
        raise AuthoringError(reporter.sorted())
    return course


def survey(course_dir: Path, reporter: Reporter, cache: ParseCache | None = None,
           progress: Progress = silent, jobs: int = 1) -> Loaded:
    """Load as ``load`` does, but raise nothing: problems go to ``reporter``, and what the outline
    reached comes back even when the course has errors (for advice such as unused files).
    ``jobs`` > 1: without a ``cache``, worker processes may read a large course's quiz files
    meanwhile (builder/prefetch.py)."""
    course, reach = _load(Path(course_dir).resolve(), reporter, cache, progress, jobs)
    return Loaded(course if not reporter.errors else None, reach)


def _load(root: Path, reporter: Reporter, cache: ParseCache | None, progress: Progress, jobs: int) -> Loaded:
    ref = SourceRef(root / "course.yaml")
    data = _course_yaml(root, ref, reporter, cache)
    if data is None:
        return Loaded(None, None)
    errors_before = len(reporter.errors)
    f = Fields(data, COURSE, ref, reporter)
    entries = f.get("outline")
    if f.given("outline") and isinstance(f.data["outline"], list) and not entries:
        reporter.error("outline", "the outline is empty", f.at("outline"), "list the lessons in order")
    lines = outline_lines(entries, f.line("outline"))
    with quizzes_ahead(root, jobs if cache is None else 1) as ahead:
        files = FileLoader(root, reporter, ahead if ahead is not None else cache, progress)
        screens = files.outline(entries, lambda i: ref.at(lines[i]))
        assessment_id = f.get("assessment")
        assessment = files.quiz(assessment_id, f.at("assessment")) if assessment_id is not None else None
    _check_assessment(f, files, assessment_id, assessment)
    toolkit = _toolkit(f, files)
    course = Course(
        root=root, id=f.get("id"), title=f.get("title"), version=f.get("version"), language=f.get("language"),
        description=f.get("description"), authors=f.get("authors"), copyright=f.get("copyright"),
        theme=f.get("theme"), theme_options=MappingProxyType(_theme_options(f, root)), screens=tuple(screens),
        quizzes=MappingProxyType({k: v for k, v in files.quizzes.items() if v is not None}),
        assessment=assessment, resources=tuple(r for r in files.resources.values() if r is not None),
        files=tuple(sorted(files.files)), ref=ref.at(1), completion=f.get("completion"),
        assessment_opens=f.get("assessment_opens"), duration=f.get("duration"),
        lines=MappingProxyType(dict(data.lines)),
        scenarios=MappingProxyType({k: v for k, v in files.scenarios.items() if v is not None}),
        toolkit=toolkit,
    )
    if "logo" in course.theme_options:
        files.reached.add(posixpath.normpath(course.theme_options["logo"]))
    reach = files.reach() if f.given("outline") and isinstance(f.data["outline"], list) else None
    if len(reporter.errors) > errors_before:
        return Loaded(None, reach)
    budget = measure(course)
    if not budget.fits:
        reporter.error("state-budget", f"a learner's saved progress could reach {budget.essential} characters; "
                       f"SCORM 1.2 allows {budget.limit}", course.assessment.ref if course.assessment else course.ref,
                       "the assessment's answers, the list of seen screens and scenario paths must fit: use fewer or "
                       "shorter fill-in questions or options in the assessment, shorter scenarios, or split the course")
    return Loaded(course, reach)


def _course_yaml(root: Path, ref: SourceRef, reporter: Reporter, cache: ParseCache | None) -> LineDict | None:
    path = ref.path
    if not is_file(path):
        reporter.error("no-course", "no course.yaml in this folder", ref, "run 'coursebuilder new DIR' for a working "
                       "example")
        return None
    try:
        confine(root, "course.yaml")
    except PathProblem as problem:
        reporter.error("outside", problem.message, ref, problem.hint)
        return None
    data = _read_yaml(path, reporter) if cache is None else cache.get(path, "yaml", lambda r: _read_yaml(path, r),
                                                                        reporter)
    if data is not None and not isinstance(data, LineDict):
        reporter.error("type", f"course.yaml must be a mapping of keys, not {describe(data)}", ref.at(1))
        return None
    return data


def _read_yaml(path: Path, reporter: Reporter) -> Any:
    text = read_source(path, reporter)
    if text is None:
        return None
    data = load_yaml(text, SourceRef(path), reporter)
    if data is None and not reporter.errors:
        reporter.error("empty", "the file is empty", SourceRef(path, 1))
    return data


def _check_assessment(f: Fields, files: FileLoader, assessment_id: str | None, assessment) -> None:
    """The assessment is a graded quiz shown in the course, and the rules that need one have one."""
    reporter = f.reporter
    if assessment is not None and not assessment.graded:
        reporter.error("assessment", f"quiz '{assessment_id}' is named as the assessment but has 'kind: check'",
                       f.at("assessment"), "set 'kind: assessment' in the quiz file")
    outline_read = f.given("outline") and isinstance(f.data["outline"], list)  # else its problem is reported
    if assessment is not None and assessment_id not in files.placed and outline_read:
        reporter.error("assessment", f"the assessment '{assessment_id}' is not in the outline or in any lesson",
                       f.at("assessment"), f"add '- quiz: {assessment_id}' to the outline")
    for quiz in files.quizzes.values():
        if quiz is not None and quiz.graded and quiz.id != assessment_id and "assessment" not in f.misspelt:
            reporter.error("assessment", f"quiz '{quiz.id}' has 'kind: assessment' but course.yaml does not name it",
                           quiz.ref, f"add 'assessment: {quiz.id}' to course.yaml, or set 'kind: check'")
    if assessment_id is None and f.get("completion") == "assessment":
        reporter.error("completion", "'completion: assessment' needs an assessment, and this course has none",
                       f.at("completion"), "name one with 'assessment: <quiz-id>', or use 'completion: screens'")
    if assessment_id is None and f.given("assessment_opens") and f.get("assessment_opens") != COURSE[
            "assessment_opens"].default:
        reporter.error("assessment-opens", f"'assessment_opens: {f.get('assessment_opens')}' needs an assessment, "
                       "and this course has none", f.at("assessment_opens"),
                       "name one with 'assessment: <quiz-id>', or remove the line")


def _toolkit(f: Fields, files: FileLoader) -> str | None:
    """``toolkit``: a resource page of the course (loaded as a link from course.yaml would be)."""
    written = f.get("toolkit")
    if written is None:
        return None
    try:
        target = parse_href("course.yaml", written).target
    except PathProblem as problem:
        f.reporter.error("link", problem.message, f.at("toolkit"), problem.hint)
        return None
    if not (target.startswith("resources/") and target.endswith(".md")):
        f.reporter.error("link", f"'toolkit: {written}' is not a resource page", f.at("toolkit"),
                         "name a Markdown page in resources/, for example 'resources/whole-toolkit.md'")
        return None
    errors = len(f.reporter.errors)
    files.follow(Link(href=written, ref=f.at("toolkit"), is_image=False, text="toolkit"), "course.yaml")
    return target if len(f.reporter.errors) == errors and target in files.resources else None


def _theme_options(f: Fields, root: Path) -> dict[str, str]:
    """``theme_options``: each a text, a number or true/false (read as text); ``logo`` a course path
    to an image file. Nested lists and mappings mean nothing to a theme, and are refused. Which
    options a theme has is the theme's to say (builder/theme.py)."""
    given = f.get("theme_options")
    options: dict[str, str] = {}
    for key, value in given.items():
        at = f.ref.at(given.line_of(key)) if isinstance(given, LineDict) else f.at("theme_options")
        if isinstance(value, bool):
            value = str(value).lower()
        elif (isinstance(value, float) and not math.isfinite(value)) or not isinstance(value, (str, int, float)):
            f.reporter.error("theme-option", f"theme option '{key}' must be text, not {describe(value)}", at,
                             "theme options are single values such as 'logo: media/logo.svg'")
            continue
        value = str(value)
        if key == "logo":
            try:
                value = course_path(value, "theme option logo", "media/logo.svg")
                path = confine(root, value)
            except PathProblem as problem:
                f.reporter.error("logo", problem.message, at, problem.hint)
                continue
            if not is_file(path):
                f.reporter.error("missing-file", f"theme option logo '{value}' does not exist", at,
                                 "give a path inside the course folder, e.g. media/logo.svg")
                continue
        options[str(key)] = value
    return options
