"""The whole toolkit on one printable page: which toolkit pages a `::: all-resources` line gathers.

A resource page with a line `::: all-resources` (usually resources/whole-toolkit.md) shows, in
that place, every other toolkit page (a resource in Markdown) that a lesson links to, in the
order a learner meets them: lesson by lesson in the outline, each lesson's links in order. The
renderer (builder/render.py) gives each one a section of its own that starts a new printed page.
A page linked only from another resource page is not gathered, nor any page that gathers.
"""
from __future__ import annotations

from .model import Course, Resource
from .paths import link_target


def gathers(resource: Resource) -> bool:
    """Whether the page holds a `::: all-resources` line."""
    return any(token.type == "all_resources" for token in resource.tokens)


def gathered(course: Course) -> list[Resource]:
    """The toolkit pages an `::: all-resources` line shows, in the learner's order."""
    by_path = {resource.path: resource for resource in course.resources}
    found: dict[str, Resource] = {}
    for screen in course.screens:
        if screen.lesson is None:
            continue
        for link in screen.lesson.links:
            target = None if link.is_image else link_target(screen.lesson.path, link.href)
            resource = by_path.get(target or "")
            if resource is not None and target not in found and not gathers(resource):
                found[resource.path] = resource
    return list(found.values())
