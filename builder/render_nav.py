"""Where a link to a lesson lands when lessons are split into screens (`split: sections`): the
first screen of the lesson, or the screen that holds the heading its #fragment names."""
from __future__ import annotations

from . import markdown
from .model import Course


def lesson_screens(course: Course) -> dict[str, int]:
    """Lesson path → the number of its first screen."""
    first: dict[str, int] = {}
    for s in course.screens:
        if s.lesson:
            first.setdefault(s.lesson.path, s.number)
    return first


def anchor_screens(course: Course) -> dict[tuple[str, str], int]:
    """(lesson path, heading anchor) → the screen that shows it, for lessons split into screens."""
    found: dict[tuple[str, str], int] = {}
    for s in course.screens:
        if s.lesson and s.lesson.parts > 1:
            for slug in markdown.heading_slugs(s.lesson.tokens):
                found.setdefault((s.lesson.path, slug), s.number)
    return found
