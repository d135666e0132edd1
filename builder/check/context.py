"""What every rule reads: the loaded course, its settings, and its text with lines.

Markdown is not parsed again: lessons and resources keep their tokens in the model. Text is
rebuilt from inline tokens with a newline for each soft break, so a finding can name its line.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from collections.abc import Iterator

from ..errors import Reporter, SourceRef
from ..markdown import callout
from ..model import Course, Link, Reach
from ..yamlsrc import LineDict, LineList, load_yaml
from .settings import Settings


class Document(NamedTuple):
    """A Markdown file of the course: a lesson (a screen) or a resource page."""

    path: str  # relative to the course root
    title: str
    tokens: tuple
    links: tuple[Link, ...]
    ref: SourceRef
    kind: str  # "lesson" | "resource"
    objectives: tuple[str, ...] = ()


class Text(NamedTuple):
    """A run of prose with the line its first character is on (newlines count on from there)."""

    text: str
    ref: SourceRef


@dataclass
class Context:
    course: Course
    settings: Settings
    reach: Reach | None = None  # what the outline and links reach (builder/load.py)
    _lines: dict = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Path:
        return self.course.root

    def documents(self) -> Iterator[Document]:
        for screen in self.course.screens:
            lesson = screen.lesson
            if lesson and lesson.part == 0:  # a lesson split into screens is one document (builder/split.py)
                parts = [s.lesson for s in self.course.screens if s.lesson and s.lesson.path == lesson.path]
                tokens = tuple(t for part in parts for t in part.tokens)
                links = tuple(link for part in parts for link in part.links)
                yield Document(lesson.path, lesson.title, tokens, links, lesson.ref, "lesson", lesson.objectives)
        for resource in self.course.resources:
            yield Document(resource.path, resource.title, resource.tokens, resource.links, resource.ref, "resource")

    @functools.cached_property
    def course_yaml(self) -> LineDict:
        return read_yaml(self.root / "course.yaml")

    def source_lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            try:
                self._lines[path] = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._lines[path] = []
        return self._lines[path]

    def column(self, ref: SourceRef, found: str) -> SourceRef:
        """Add the column where ``found`` is on the ref's line, when it is there word for word."""
        lines = self.source_lines(Path(ref.path))
        if ref.line is None or not 0 < ref.line <= len(lines):
            return ref
        index = lines[ref.line - 1].lower().find(found.lower())
        return ref.at(ref.line, index + 1) if index >= 0 else ref


def inline_text(token) -> str:
    """The words of one inline token: text, image alt text; code is a gap; breaks are newlines."""
    parts = []
    for child in token.children or ():
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(" " + "".join(c.content for c in child.children or ()) + " ")
        elif child.type == "code_inline":
            parts.append(" \u2026 ")
    return "".join(parts)


def markdown_texts(doc: Document) -> Iterator[Text]:
    """Every run of prose in a Markdown file: front matter strings, callout titles, inline text."""
    if doc.tokens and doc.tokens[0].type == "front_matter":
        data = load_yaml(doc.tokens[0].content, doc.ref, Reporter(), line_offset=1)
        yield from yaml_texts(data, doc.ref, skip=())
    line = 1
    for token in doc.tokens:
        if token.map:
            line = token.map[0] + 1
        if token.type.startswith("container_") and token.nesting == 1:
            title = callout(token)[1]
            if title:
                yield Text(title, doc.ref.at(line))
        elif token.type == "inline":
            yield Text(inline_text(token), doc.ref.at(line))


def yaml_texts(data, ref: SourceRef, skip=("id", "type", "kind"), line: int | None = None) -> Iterator[Text]:
    """Every text value in line-aware YAML, with its line (keys in ``skip`` are names, not prose)."""
    if isinstance(data, str):
        yield Text(data, ref.at(line))
    elif isinstance(data, LineDict):
        for key, value in data.items():
            if key not in skip:
                yield from yaml_texts(value, ref, skip, data.line_of(key))
    elif isinstance(data, LineList):
        for index, value in enumerate(data):
            yield from yaml_texts(value, ref, skip, data.line_of(index))


def read_yaml(path: Path):
    try:
        return load_yaml(path.read_text(encoding="utf-8"), SourceRef(path), Reporter())
    except (OSError, UnicodeDecodeError):
        return None
