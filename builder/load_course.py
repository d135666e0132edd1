"""course_src/<id>/ → Course: read every file once, report every problem, return the model or None."""
from __future__ import annotations

import math
import posixpath
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from . import markdown
from .cache import ParseCache, stamp
from .completion import DEFAULT_OPENS, DEFAULT_RULE, OPENS, RULES
from .errors import Reporter, SourceRef, did_you_mean
from .fields import ID_RULE, MAX_LANGUAGE, MAX_VERSION, Fields, describe, is_id, is_language_tag, is_version
from .load_quiz import load_quiz
from .paths import PathProblem, confine, course_path, is_file, is_server_side, parse_href
from .progress import Progress, silent
from .model import Course, Lesson, Link, Quiz, Resource, Screen
from .text import read_source
from .yamlsrc import LineDict, LineList, load_yaml

COURSE_KEYS = ("id", "title", "version", "language", "description", "outline", "assessment",
               "completion", "assessment_opens", "theme", "theme_options", "authors", "copyright", "check")
LESSON_KEYS = ("title", "objectives", "duration")
LESSONS = "lessons/"


def load_course(root: Path, reporter: Reporter, cache: ParseCache | None = None,
                progress: Progress = silent) -> Course | None:
    """Read a course folder. Returns None when any error was reported.

    ``cache`` (the preview passes one) keeps each file's parse between loads, so only files that
    changed are parsed again; checks across files run every time.
    """
    root = root.resolve()
    config_path = root / "course.yaml"
    ref = SourceRef(config_path)
    if not is_file(config_path):
        reporter.error("no-course", "no course.yaml in this folder", ref,
                       "run 'coursebuilder new DIR' for a working example")
        return None
    try:
        confine(root, "course.yaml")
    except PathProblem as problem:
        reporter.error("outside", problem.message, ref, problem.hint)
        return None
    if cache is None:
        data = _read_yaml(config_path, reporter)
    else:
        data = cache.get(config_path, "yaml", lambda rep: _read_yaml(config_path, rep), reporter)
    if data is None:
        return None
    if not isinstance(data, LineDict):
        reporter.error("type", f"course.yaml must be a mapping of keys, not {describe(data)}", ref.at(1))
        return None
    errors_before = len(reporter.errors)
    f = Fields(data, ref, reporter, "course.yaml")
    f.reject_unknown(COURSE_KEYS)
    course_id = f.get("id", str, required=True, default="course")
    if course_id and not is_id(course_id):
        reporter.error("id", f"course id '{_short(course_id)}' {ID_RULE}",
                       f.at("id"), "it becomes the package identifier, for example 'wg3-manager-wellbeing'")
    title = f.get("title", str, required=True, default="")
    version = f.get("version", str, default="1.0.0")
    if version is not None and not is_version(version):
        reporter.error("version", f"version '{_short(version)}' may use only letters, digits, '.', '-', '_' and '+', "
                       f"starting with a letter or digit, at most {MAX_VERSION} characters", f.at("version"),
                       "it becomes part of the package file names, for example '1.2.0'")
    language = f.get("language", str, default="en")
    if language and not is_language_tag(language):
        reporter.error("language", f"language '{_short(language)}' is not a language tag", f.at("language"),
                       f"use a BCP 47 tag such as 'en', 'fr', 'es', 'ar' or 'fr-CA' (at most {MAX_LANGUAGE} characters)")
    theme = f.get("theme", str, default="default")
    theme_options = _theme_options(f, root, reporter)
    check_settings = f.get("check", dict, default={})
    authors = f.text_list("authors")

    loader = _Loader(root, reporter, cache, progress)
    screens = loader.outline(f)
    assessment_id = f.get("assessment", str)
    assessment = None
    if assessment_id is not None:
        assessment = loader.quiz(assessment_id, f.at("assessment"))
        if assessment is not None and not assessment.graded:
            reporter.error("assessment", f"quiz '{assessment_id}' is named as the assessment but has 'kind: check'",
                           f.at("assessment"), "set 'kind: assessment' in the quiz file")
        if assessment is not None and assessment_id not in loader.placed:
            reporter.error("assessment", f"the assessment '{assessment_id}' is not in the outline or in any lesson",
                           f.at("assessment"), f"add '- quiz: {assessment_id}' to the outline")
    completion_rule = _choice(f, "completion", RULES, DEFAULT_RULE)
    assessment_opens = _choice(f, "assessment_opens", OPENS, DEFAULT_OPENS)
    if assessment_id is None and completion_rule == "assessment":
        reporter.error("completion", "'completion: assessment' needs an assessment, and this course has none",
                       f.at("completion"), "name one with 'assessment: <quiz-id>', or use 'completion: screens'")
    if assessment_id is None and assessment_opens != DEFAULT_OPENS:
        reporter.error("assessment-opens", f"'assessment_opens: {assessment_opens}' needs an assessment, and this "
                       "course has none", f.at("assessment_opens"), "name one with 'assessment: <quiz-id>', or remove the line")
    for quiz in loader.quizzes.values():
        if quiz is not None and quiz.graded and quiz.id != assessment_id:
            reporter.error("assessment", f"quiz '{quiz.id}' has 'kind: assessment' but course.yaml does not name it",
                           quiz.ref, f"add 'assessment: {quiz.id}' to course.yaml, or set 'kind: check'")
    if len(reporter.errors) > errors_before:
        return None
    return Course(
        root=root, id=course_id, title=title, version=version, language=language,
        description=f.get("description", str, default="") or "",
        authors=authors, copyright=f.get("copyright", str), theme=theme,
        theme_options=MappingProxyType(theme_options), screens=tuple(screens),
        quizzes=MappingProxyType({k: v for k, v in loader.quizzes.items() if v is not None}),
        assessment=assessment, resources=tuple(loader.resources.values()),
        files=tuple(sorted(loader.files)), ref=ref.at(1), check=MappingProxyType(dict(check_settings)),
        completion=completion_rule, assessment_opens=assessment_opens,
    )


def _choice(f: Fields, key: str, allowed: tuple[str, ...], default: str) -> str:
    """One of a few words; a near miss is named."""
    value = f.get(key, str, default=default)
    if value not in allowed:
        f.reporter.error(key.replace("_", "-"), f"course.yaml: '{key}' is '{value}', which is not one of: "
                         + ", ".join(allowed), f.at(key), did_you_mean(value, allowed) or f"the default is '{default}'")
        return default
    return value

def _short(text: str, width: int = 60) -> str:
    """An author's value as shown in a message: a 10,000-character id need not be printed whole."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _theme_options(f: Fields, root: Path, reporter: Reporter) -> dict[str, str]:
    """``theme_options``: each a text, a number or true/false (read as text); ``logo`` a course path
    to an image file. Nested lists and mappings mean nothing to a theme, and are refused."""
    given = f.get("theme_options", dict, default={})
    options: dict[str, str] = {}
    for key, value in given.items():
        at = f.ref.at(given.line_of(key)) if isinstance(given, LineDict) else f.at("theme_options")
        if isinstance(value, bool):
            value = str(value).lower()
        elif isinstance(value, float) and not math.isfinite(value) or not isinstance(value, (str, int, float)):
            reporter.error("theme-option", f"theme option '{key}' must be text, not {describe(value)}", at,
                           "theme options are single values such as 'logo: media/logo.svg'")
            continue
        value = str(value)
        if key == "logo":
            try:
                value = course_path(value, "theme option logo", "media/logo.svg")
                path = confine(root, value)
            except PathProblem as problem:
                reporter.error("logo", problem.message, at, problem.hint)
                continue
            if not is_file(path):
                reporter.error("missing-file", f"theme option logo '{value}' does not exist", at,
                               "give a path inside the course folder, e.g. media/logo.svg")
                continue
        options[str(key)] = value
    return options


def _read_yaml(path: Path, reporter: Reporter):
    text = read_source(path, reporter)
    if text is None:
        return None
    data = load_yaml(text, SourceRef(path), reporter)
    if data is None and not reporter.errors:
        reporter.error("empty", "the file is empty", SourceRef(path, 1))
    return data


class _ParsedLesson(NamedTuple):
    """What one lesson file says on its own: the cacheable part of loading it."""

    title: str
    objectives: tuple[str, ...]
    duration: int | None
    tokens: tuple
    quiz_refs: tuple[tuple[str, SourceRef], ...]  # `::: quiz <id>` lines, in order
    links: tuple[Link, ...]


class _ParsedResource(NamedTuple):
    title: str
    tokens: tuple
    links: tuple[Link, ...]


class _Loader:
    """Follows the outline and every link from it, loading each file once."""

    def __init__(self, root: Path, reporter: Reporter, cache: ParseCache | None = None,
                 progress: Progress = silent):
        self.root = root
        self.reporter = reporter
        self.cache = cache
        self.progress = progress
        self.quizzes: dict[str, Quiz | None] = {}
        self.placed: dict[str, SourceRef] = {}  # quiz id → where it is shown
        self.resources: dict[str, Resource] = {}
        self.files: set[str] = set()
        self.lesson_paths: set[str] = set()
        self.folders: dict[str, str] = {}  # resolved folders, for paths.confine (this load only)

    def outline(self, f: Fields) -> list[Screen]:
        entries = f.get("outline", list, required=True, default=[])
        if isinstance(entries, list) and not entries and "outline" in f.data:
            self.reporter.error("outline", "the outline is empty", f.at("outline"), "list the lessons in order")
        lines = entries.lines if isinstance(entries, LineList) else [f.line("outline")] * len(entries)
        # Lesson paths first, so lesson-to-lesson links can be checked while lessons load.
        for entry in entries:
            if isinstance(entry, str):
                self.lesson_paths.add(_normal(entry))
        screens: list[Screen] = []
        seen: dict[str, int] = {}
        for done, (entry, line) in enumerate(zip(entries, lines), 1):
            self.progress("reading", done, len(entries))
            at = f.ref.at(line)
            if isinstance(entry, str):
                if _normal(entry) in seen:
                    self.reporter.error("duplicate-screen", f"'{entry}' is in the outline twice", at,
                                        f"first listed on line {seen[_normal(entry)]}")
                    continue
                seen[_normal(entry)] = line
                lesson = self.lesson(entry, at)
                if lesson is not None:
                    screens.append(Screen(number=len(screens) + 1, title=lesson.title, lesson=lesson))
            elif isinstance(entry, LineDict) and set(entry) == {"quiz"} and isinstance(entry["quiz"], str):
                quiz = self.place_quiz(entry["quiz"], at)
                if quiz is not None:
                    screens.append(Screen(number=len(screens) + 1, title=quiz.title, quiz=quiz))
            else:
                self.reporter.error("outline", f"outline entry must be a lesson path or 'quiz: <id>', not {describe(entry)}",
                                    at, "for example '- lessons/01-welcome.md' or '- quiz: final-assessment'")
        return screens

    def _parse(self, path: Path, kind: str, parse, stamped: tuple[int, int] | None = None):
        """``parse(reporter)``: a pure function of one file, remembered by the cache if there is one."""
        if self.cache is None:
            return parse(self.reporter)
        return self.cache.get(path, kind, parse, self.reporter, stamped)

    def place_quiz(self, quiz_id: str, at: SourceRef) -> Quiz | None:
        if quiz_id in self.placed:
            self.reporter.error("duplicate-quiz", f"quiz '{quiz_id}' is shown twice", at,
                                f"it is already shown at {self.placed[quiz_id]}; each quiz appears once")
            return None
        self.placed[quiz_id] = at
        return self.quiz(quiz_id, at)

    def quiz(self, quiz_id: str, at: SourceRef) -> Quiz | None:
        if quiz_id in self.quizzes:
            return self.quizzes[quiz_id]
        if not is_id(quiz_id):
            self.reporter.error("quiz-ref", f"quiz id '{_short(quiz_id)}' {ID_RULE}", at,
                                "it is the quiz file's name without .yaml, e.g. 'final-assessment'")
            self.quizzes[quiz_id] = None
            return None
        rel = f"quizzes/{quiz_id}.yaml"
        path = self.root / rel
        stamped = stamp(path)  # also tells that the file exists
        if stamped is None:
            known = sorted(p.stem for p in (self.root / "quizzes").glob("*.yaml"))
            self.reporter.error("quiz-ref", f"unknown quiz '{quiz_id}' (no file quizzes/{quiz_id}.yaml)", at,
                                did_you_mean(quiz_id, known) or "create the file, or fix the name")
            self.quizzes[quiz_id] = None
            return None
        if not self._confined(rel, at):
            self.quizzes[quiz_id] = None
            return None
        quiz = self._parse(path, "quiz:" + quiz_id, lambda rep: load_quiz(path, quiz_id, rep), stamped)
        self.quizzes[quiz_id] = quiz
        for link in quiz.links if quiz is not None else ():
            self._follow(link, rel)
        return quiz

    def _confined(self, rel: str, at: SourceRef) -> bool:
        """Whether ``rel`` stays in the course once symbolic links are followed (reported if not)."""
        try:
            confine(self.root, rel, self.folders)
        except PathProblem as problem:
            self.reporter.error("outside", problem.message, at, problem.hint)
            return False
        return True

    def lesson(self, entry: str, at: SourceRef) -> Lesson | None:
        try:
            rel = course_path(entry, "lesson", "lessons/01-welcome.md")
        except PathProblem as problem:
            self.reporter.error("outline", problem.message, at, problem.hint)
            return None
        if not rel.startswith(LESSONS):
            self.reporter.error("outline", f"lesson '{entry}' is not in the lessons/ folder", at,
                                "lessons live in lessons/ (subfolders of it are fine), e.g. lessons/01-welcome.md")
            return None
        if not rel.endswith(".md"):
            self.reporter.error("outline", f"lesson '{entry}' must be a Markdown file ending in .md", at)
            return None
        path = self.root / rel
        stamped = stamp(path)  # also tells that the file exists
        if stamped is None:
            known = sorted(set(p.relative_to(self.root).as_posix() for p in (self.root / "lessons").rglob("*.md"))
                           - self.lesson_paths)
            self.reporter.error("missing-file", f"lesson file '{entry}' does not exist", at,
                                did_you_mean(rel, known) or "check the path in the outline")
            return None
        if not self._confined(rel, at):
            return None
        parsed = self._parse(path, "lesson", lambda rep: _parse_lesson(path, rel, rep), stamped)
        if parsed is None:
            return None
        quiz_ids = [(quiz_id, qref) for quiz_id, qref in parsed.quiz_refs
                    if self.place_quiz(quiz_id, qref) is not None]
        for link in parsed.links:
            self._follow(link, rel)
        return Lesson(path=rel, title=parsed.title, objectives=parsed.objectives, duration=parsed.duration,
                      tokens=parsed.tokens, quiz_ids=tuple(quiz_ids), links=parsed.links, ref=SourceRef(path, 1))

    def _follow(self, link: Link, rel: str) -> None:
        """Load what a link points to inside the course, or report why it cannot be."""
        if link.is_image and not link.text.strip():
            self.reporter.error("alt-text", f"image '{link.href}' has no alt text", link.ref,
                                "describe it: ![what the image shows](path)")
        try:
            href = parse_href(rel, link.href, image=link.is_image)
        except PathProblem as problem:
            self.reporter.error("link", problem.message, link.ref, problem.hint)
            return
        if href.kind != "file":
            return
        target = href.target
        if target in self.lesson_paths:
            if rel.startswith("resources/"):
                self.reporter.error("link", f"'{link.href}' links a resource page to a lesson", link.ref,
                                    "resources open in a window of their own, outside the course: name the lesson "
                                    "in words instead, or link the resource from that lesson")
            return
        path = self.root / target
        if not is_file(path):
            kind = "image" if link.is_image else "linked file"
            near = did_you_mean(target, self._known_files())
            hint = "check the path; it is relative to this file"
            if near:
                suggestion = near.split("'")[1]
                hint = f"did you mean '{posixpath.relpath(suggestion, posixpath.dirname(rel) or '.')}'?"
            self.reporter.error("missing-file", f"{kind} '{link.href}' does not exist", link.ref, hint)
            return
        if not self._confined(target, link.ref):
            return
        if target.startswith(LESSONS) and target.endswith(".md"):
            self.reporter.error("link", f"'{link.href}' links to a lesson that is not in the outline", link.ref,
                                "add it to the outline in course.yaml")
            return
        if is_server_side(target):
            self.reporter.error("server-file", f"'{link.href}' is a server-side file type that LMSs refuse", link.ref,
                                "remove it, or zip it as a download")
            return
        if target.startswith("resources/") and target.endswith(".md"):
            self.resource(target)
            return
        self.files.add(target)
        for track in caption_tracks(self.root, target):
            if self._confined(track, link.ref):
                self.files.add(track)

    def resource(self, rel: str) -> None:
        if rel in self.resources:
            return
        self.resources[rel] = None  # guards against resources that link to each other
        path = self.root / rel
        parsed = self._parse(path, "resource", lambda rep: _parse_resource(path, rep))
        if parsed is None:
            del self.resources[rel]
            return
        for link in parsed.links:
            self._follow(link, rel)
        self.resources[rel] = Resource(path=rel, title=parsed.title, tokens=parsed.tokens, links=parsed.links,
                                       ref=SourceRef(path, 1))

    def _known_files(self) -> list[str]:
        return [p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()][:2000]


def _normal(entry: str) -> str:
    """An outline entry as the lesson's identity: './lessons/a.md' and 'lessons/a.md' are one lesson."""
    return posixpath.normpath(entry) if entry else entry


def _parse_lesson(path: Path, rel: str, reporter: Reporter) -> _ParsedLesson | None:
    """One lesson file on its own (no other file is looked at, so the result can be cached)."""
    ref = SourceRef(path)
    text = read_source(path, reporter)
    if text is None:
        return None
    tokens = _parse_markdown(text, ref, reporter)
    meta = _front_matter(tokens, ref, reporter)
    if meta is None:
        return None
    f = Fields(meta, ref, reporter, "front matter")
    f.reject_unknown(LESSON_KEYS)
    title = f.get("title", str, required=True, default=rel)
    objectives = f.text_list("objectives")
    duration = f.get("duration", int)
    quiz_refs = []
    for token in tokens:
        if token.type == "quiz":
            qref = ref.at(token.map[0] + 1)
            if not token.info:
                reporter.error("quiz-ref", "'::: quiz' needs a quiz id", qref, "write '::: quiz <quiz-id>'")
                continue
            quiz_refs.append((token.info, qref))
    return _ParsedLesson(title=title, objectives=objectives, duration=duration, tokens=tuple(tokens),
                         quiz_refs=tuple(quiz_refs), links=_links(tokens, ref))


def _parse_resource(path: Path, reporter: Reporter) -> _ParsedResource | None:
    text = read_source(path, reporter)
    if text is None:
        return None
    tokens = _parse_markdown(text, SourceRef(path), reporter)
    title = next((tokens[i + 1].content for i, t in enumerate(tokens)
                  if t.type == "heading_open" and t.tag == "h1"), path.stem.replace("-", " ").capitalize())
    return _ParsedResource(title=title, tokens=tuple(tokens), links=_links(tokens, SourceRef(path)))


def _parse_markdown(text: str, ref: SourceRef, reporter: Reporter) -> list:
    lost: list[int] = []
    tokens = markdown.parse(text, lost)
    for line in lost:
        reporter.error("too-deep", f"text nested more than {markdown.MAX_NESTING} levels deep (quotes, lists, "
                       "callouts) would not be shown", ref.at(line), "nest less deeply")
    return tokens


def _front_matter(tokens, ref: SourceRef, reporter: Reporter) -> LineDict | None:
    if not tokens or tokens[0].type != "front_matter":
        reporter.error("front-matter", "a lesson starts with front matter between '---' lines", ref.at(1),
                       "add '---', 'title: ...', '---' at the top")
        return None
    data = load_yaml(tokens[0].content, ref, reporter, line_offset=1)
    if data is None and tokens[0].content.strip():
        return None
    if not isinstance(data, LineDict):
        reporter.error("front-matter", "front matter must be keys such as 'title: ...'", ref.at(2))
        return None
    return data


def _links(tokens, ref: SourceRef) -> tuple[Link, ...]:
    """Every link and image in Markdown tokens, with its line; the loader follows them afterwards."""
    return markdown.links(tokens, ref)


def caption_tracks(root: Path, target: str) -> list[str]:
    """Caption files beside a video or audio: name.vtt or name.<lang>.vtt (whether each stays in
    the course is the loader's check)."""
    if not target.lower().endswith(markdown.VIDEO_EXT + markdown.AUDIO_EXT):
        return []
    stem = posixpath.splitext(target)[0]
    folder = root / posixpath.dirname(target)
    base = posixpath.basename(stem)
    return sorted(posixpath.join(posixpath.dirname(target), p.name)
                  for p in folder.glob(base + "*.vtt") if p.name == base + ".vtt" or p.name.count(".") == 2)
