"""A course theme's templates, run in memory: what they do wrong shows only once they render."""
from __future__ import annotations

from ..errors import AuthoringError, Diagnostic
from ..model import Course
from ..package import FORMATS, package
from ..render import render
from ..theme import Theme


def template_problems(course: Course, theme: Theme) -> list[Diagnostic]:
    """What a course theme's templates do wrong once they run, found by rendering in memory (for
    ``check``, which writes nothing). Built-in themes are tested code: nothing to look for."""
    if not theme.sandboxed:
        return []
    try:
        rendered = render(course, theme)
        for fmt in FORMATS:
            package(course, rendered, fmt)
    except AuthoringError as exc:
        return list(exc.diagnostics)
    return []
