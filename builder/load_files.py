"""The files of a course, reached from its outline: each lesson, quiz, resource page and media file
loaded once, and every link between them followed and checked (builder/load.py runs it)."""
from __future__ import annotations

import contextlib
import posixpath
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal
from collections.abc import Callable

from .cache import ParseCache
from .errors import Reporter, SourceRef, did_you_mean, nearest
from .fields import ID_RULE, describe, is_id, short
from .load_lesson import parse_lesson, parse_resource
from .load_quiz import load_quiz
from .load_scenario import load_scenario
from .model import Lesson, Link, Quiz, Reach, Resource, Scenario, Screen
from .paths import CourseFolder, PathProblem, caption_tracks, course_path, is_server_side, parse_href
from .progress import Progress, silent
from . import split
from .yamlsrc import LineDict, LineList

LESSONS = "lessons/"


class FileLoader:
    """Follows the outline and every link from it, loading each file once."""

    def __init__(self, root: Path, reporter: Reporter, cache: ParseCache | None = None,
                 progress: Progress = silent):
        self.root = root
        self.folder = CourseFolder(root)
        self.reporter = reporter
        self.cache = cache
        self.progress = progress
        self.quizzes: dict[str, Quiz | None] = {}
        self.placed: dict[str, SourceRef] = {}  # quiz id → where it is shown
        self.scenarios: dict[str, Scenario | None] = {}  # scenario id → the scenario, by where it is shown
        self.scenario_placed: dict[str, SourceRef] = {}
        self.resources: dict[str, Resource | None] = {}
        self.splits: dict[str, bool] = {}  # lesson path → front matter `split: sections`
        self.files: set[str] = set()
        self.lesson_paths: set[str] = set()
        self.reached: set[str] = set()  # every course path the outline and links name, broken or not
        self.meant: set[str] = set()  # "quiz:<id>", "scenario:<id>": what a misspelt reference meant

    def outline(self, entries: list, at: Callable[[int], SourceRef]) -> list[Screen]:
        """The screens of the outline's ``entries``; ``at(i)``: where entry i is written."""
        # An item that swallowed an over-indented '- ' line (reported by yamlsrc) is the items it holds.
        joined = getattr(entries, "misindented", ())
        items = [(part, index) for index, entry in enumerate(entries)
                 for part in (entry.split(" - ") if index in joined else [entry])]
        # Lesson paths first, so lesson-to-lesson links can be checked while lessons load.
        self.lesson_paths = {_normal(entry) for entry, _ in items if isinstance(entry, str)}
        self.reached |= self.lesson_paths
        screens: list[Screen] = []
        seen: dict[str, int] = {}
        for done, (entry, index) in enumerate(items):
            self.progress("reading", done + 1, len(items))
            where = at(index)
            if isinstance(entry, str):
                if _normal(entry) in seen:
                    self.reporter.error("duplicate-screen", f"'{entry}' is in the outline twice", where,
                                        f"first listed on line {seen[_normal(entry)]}")
                    continue
                seen[_normal(entry)] = where.line or 0
                lesson = self.lesson(entry, where)
                for part in (split.parts(lesson) if lesson is not None and self.splits.get(lesson.path) else
                             (lesson,) if lesson is not None else ()):
                    screens.append(Screen(number=len(screens) + 1, title=part.screen_title, lesson=part))
            elif isinstance(entry, LineDict) and set(entry) == {"quiz"} and isinstance(entry["quiz"], str):
                quiz = self.place_quiz(entry["quiz"], where)
                if quiz is not None:
                    screens.append(Screen(number=len(screens) + 1, title=quiz.title, quiz=quiz))
            else:
                self.reporter.error("outline", f"outline entry must be a lesson path or 'quiz: <id>', not "
                                    f"{describe(entry)}", where,
                                    "for example '- lessons/01-welcome.md' or '- quiz: final-assessment'")
        return screens

    def _parse(self, rel: str, kind: str, parse: Callable[[Reporter], Any], stamped: tuple[int, int]) -> Any:
        """``parse(reporter)``: a pure function of one file, remembered by the cache if there is one."""
        if self.cache is None:
            return parse(self.reporter)
        return self.cache.get(posixpath.join(self.folder.root, rel), kind, parse, self.reporter, stamped)

    def _stamp(self, rel: str, at: SourceRef) -> tuple[int, int] | Literal[False] | None:
        """The file's stamp; None when there is no such file; False when it leads outside (reported)."""
        try:
            return self.folder.stamp(rel)
        except PathProblem as problem:
            self.reporter.error("outside", problem.message, at, problem.hint)
            return False

    def place_quiz(self, quiz_id: str, at: SourceRef) -> Quiz | None:
        if quiz_id in self.placed:
            self.reporter.error("duplicate-quiz", f"quiz '{quiz_id}' is shown twice", at,
                                f"it is already shown at {self.placed[quiz_id]}; each quiz appears once")
            return None
        self.placed[quiz_id] = at
        return self.quiz(quiz_id, at)

    def quiz(self, quiz_id: str, at: SourceRef) -> Quiz | None:
        if quiz_id not in self.quizzes:
            self.quizzes[quiz_id] = self._load_quiz(quiz_id, at)
        return self.quizzes[quiz_id]

    def _load_quiz(self, quiz_id: str, at: SourceRef) -> Quiz | None:
        if not is_id(quiz_id):
            self.reporter.error("quiz-ref", f"quiz id '{short(quiz_id)}' {ID_RULE}", at,
                                "it is the quiz file's name without .yaml, e.g. 'final-assessment'")
            return None
        rel = f"quizzes/{quiz_id}.yaml"
        stamped = self._stamp(rel, at)
        if stamped is None:
            known = sorted(p.stem for p in (self.root / "quizzes").glob("*.yaml"))
            self.meant.add(f"quiz:{nearest(quiz_id, known) or ''}")
            self.reporter.error("quiz-ref", f"unknown quiz '{quiz_id}' (no file {rel})", at,
                                did_you_mean(quiz_id, known) or "create the file, or fix the name")
        if not stamped:
            return None
        path = self.root / rel
        quiz = self._parse(rel, "quiz:" + quiz_id, lambda rep: load_quiz(path, quiz_id, rep), stamped)
        for link in quiz.links if quiz is not None else ():
            self._follow(link, rel)
        return self._reviews(quiz, rel) if quiz is not None else None

    def _reviews(self, quiz: Quiz, rel: str) -> Quiz:
        """The quiz with each question's `review:` as the course path of a lesson in the outline."""
        found: dict[str, str | None] = {}
        for q in quiz.questions:
            if q.review is not None:
                found[q.id] = self._review(q.review, rel, q.review_ref or q.ref)

        def fix(q):
            return replace(q, review=found[q.id]) if q.id in found else q
        if not found:
            return quiz
        return replace(quiz, questions=tuple(fix(q) for q in quiz.questions),
                       pools=tuple(replace(p, questions=tuple(fix(q) for q in p.questions)) for p in quiz.pools))

    def _review(self, written: str, rel: str, at: SourceRef) -> str | None:
        """A lesson of the outline, written like a link from the quiz file, or from the course folder."""
        reason = ""
        for resolve in (lambda: parse_href(rel, written).target, lambda: course_path(written, "review", "")):
            try:
                target = resolve()
            except PathProblem as problem:
                reason = reason or f": {problem.message}"
                continue
            if target in self.lesson_paths:
                return target
        relative = sorted(posixpath.relpath(p, posixpath.dirname(rel)) for p in self.lesson_paths)
        self.reporter.error("review", f"review '{short(written)}' is not a lesson of the outline{reason}", at,
                            did_you_mean(written, relative) or "write the lesson's path as a link from the quiz "
                            "file, e.g. ../lessons/01-welcome.md")
        return None

    def place_scenario(self, scenario_id: str, at: SourceRef) -> Scenario | None:
        if scenario_id in self.scenario_placed:
            self.reporter.error("duplicate-scenario", f"scenario '{scenario_id}' is shown twice", at,
                                f"it is already shown at {self.scenario_placed[scenario_id]}; each scenario appears "
                                "once")
            return None
        self.scenario_placed[scenario_id] = at
        self.scenarios[scenario_id] = scenario = self._load_scenario(scenario_id, at)
        return scenario

    def _load_scenario(self, scenario_id: str, at: SourceRef) -> Scenario | None:
        rel = f"scenarios/{scenario_id}.yaml"  # the id is a name (markdown.SCENARIO_LINE)
        stamped = self._stamp(rel, at)
        if stamped is None:
            known = sorted(p.stem for p in (self.root / "scenarios").glob("*.yaml"))
            self.meant.add(f"scenario:{nearest(scenario_id, known) or ''}")
            self.reporter.error("scenario-ref", f"unknown scenario '{scenario_id}' (no file {rel})", at,
                                did_you_mean(scenario_id, known) or "create the file, or fix the name (for a "
                                "callout titled with one word, write the word with a capital)")
        if not stamped:
            return None
        path = self.root / rel
        scenario = self._parse(rel, "scenario:" + scenario_id, lambda rep: load_scenario(path, scenario_id, rep),
                               stamped)
        for link in scenario.links if scenario is not None else ():
            self._follow(link, rel)
        return scenario

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
        stamped = self._stamp(rel, at)
        if stamped is None:
            known = sorted({p.relative_to(self.root).as_posix() for p in (self.root / "lessons").rglob("*.md")}
                           - self.lesson_paths)
            near = nearest(rel, known)
            if near is not None:
                self.reached.add(near)  # the lesson meant: not also "not in the outline"
            self.reporter.error("missing-file", f"lesson file '{entry}' does not exist", at,
                                did_you_mean(rel, known) or "check the path in the outline")
        if not stamped:
            return None
        path = self.root / rel
        parsed = self._parse(rel, "lesson", lambda rep: parse_lesson(path, rel, rep), stamped)
        if parsed is None:
            return None
        self.splits[rel] = parsed.split == "sections"
        quiz_ids = tuple((quiz_id, where) for quiz_id, where in parsed.quiz_refs
                         if self.place_quiz(quiz_id, where) is not None)
        scenario_ids = tuple((scenario_id, where) for scenario_id, where in parsed.scenario_refs
                             if self.place_scenario(scenario_id, where) is not None)
        for link in parsed.links:
            self._follow(link, rel)
        self._meant(parsed.meant, rel)
        return Lesson(path=rel, title=parsed.title, objectives=parsed.objectives, duration=parsed.duration,
                      tokens=parsed.tokens, quiz_ids=quiz_ids, links=parsed.links, ref=parsed.ref,
                      scenario_ids=scenario_ids,
                      local_blocks=parsed.local_blocks)

    def follow(self, link: Link, rel: str) -> None:
        """A link written in ``rel`` (course.yaml's ``toolkit:``), loaded as a lesson's would be."""
        self._follow(link, rel)

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
        target = href.target
        if href.kind == "file":
            self.reached.add(target)
        if href.kind != "file" or target in self.lesson_paths:
            if href.kind == "file" and rel.startswith("resources/"):
                self.reporter.error("link", f"'{link.href}' links a resource page to a lesson", link.ref,
                                    "resources open in a window of their own, outside the course: name the lesson "
                                    "in words instead, or link the resource from that lesson")
            return
        stamped = self._stamp(target, link.ref)
        if stamped is None:
            self.reporter.error("missing-file", f"{'image' if link.is_image else 'linked file'} '{link.href}' does "
                                "not exist", link.ref, self._near(target, rel))
        if not stamped:
            return
        if target.startswith(LESSONS) and target.endswith(".md"):
            self.reporter.error("link", f"'{link.href}' links to a lesson that is not in the outline", link.ref,
                                "add it to the outline in course.yaml")
        elif is_server_side(target):
            self.reporter.error("server-file", f"'{link.href}' is a server-side file type that LMSs refuse", link.ref,
                                "remove it, or zip it as a download")
        elif target.startswith("resources/") and target.endswith(".md"):
            self.resource(target, stamped)
        else:
            self.files.add(target)
            self.files.update(track for track in caption_tracks(self.root, target) if self._stamp(track, link.ref))

    def _meant(self, links: tuple[Link, ...], rel: str) -> None:
        """Files that links written as text meant (each reported where it is written)."""
        for link in links:
            with contextlib.suppress(PathProblem):  # a path no link could follow means no file
                self.reached.add(parse_href(rel, link.href.strip("<>"), image=link.is_image).target)

    def reach(self) -> Reach:
        used = self.reached | self.files | set(self.resources)
        meant = {kind: {m.split(":", 1)[1] for m in self.meant if m.startswith(kind + ":")}
                 for kind in ("quiz", "scenario")}
        return Reach(root=self.root, used=frozenset(used), quizzes=frozenset(set(self.quizzes) | meant["quiz"]),
                     scenarios=frozenset(set(self.scenarios) | meant["scenario"]))

    def _near(self, target: str, rel: str) -> str:
        """A hint for a link to a missing file: the nearest existing one, as this file would write it."""
        known = [p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()][:2000]
        near = nearest(target, known)
        if near is None:
            return "check the path; it is relative to this file"
        return f"did you mean '{posixpath.relpath(near, posixpath.dirname(rel) or '.')}'?"

    def resource(self, rel: str, stamped: tuple[int, int]) -> None:
        if rel in self.resources:
            return
        self.resources[rel] = None  # guards against resources that link to each other
        path = self.root / rel
        parsed = self._parse(rel, "resource", lambda rep: parse_resource(path, rep), stamped)
        if parsed is None:
            del self.resources[rel]
            return
        for link in parsed.links:
            self._follow(link, rel)
        self._meant(parsed.meant, rel)
        self.resources[rel] = Resource(path=rel, title=parsed.title, tokens=parsed.tokens, links=parsed.links,
                                       ref=parsed.ref, local_blocks=parsed.local_blocks)


def outline_lines(entries: Any, line: int) -> list[int]:
    """Where each outline entry is written (the key's line when YAML gave none)."""
    return list(entries.lines) if isinstance(entries, LineList) else [line] * len(entries)


def _normal(entry: str) -> str:
    """An outline entry as the lesson's identity: './lessons/a.md' and 'lessons/a.md' are one lesson."""
    return posixpath.normpath(entry) if entry else entry
