"""Limits an LMS imposes: saved progress (SCORM 1.2's 4096-character suspend_data) and package
size (many LMSs cap uploads, and learners on slow connections download every byte)."""
from __future__ import annotations

from ..state_budget import measure
from .context import Context
from .registry import Finding, rule

MB = 1024 * 1024


@rule("state-budget-checks")
def knowledge_checks_dropped(ctx: Context):
    """When even the essential part does not fit, the loader stops with 'state-budget'; this is the
    softer case, where only knowledge-check answers would be dropped."""
    budget = measure(ctx.course)
    if budget.fits and budget.full > budget.limit:
        yield Finding(f"with every knowledge-check answer saved, a learner's progress could reach {budget.full} "
                      f"characters; SCORM 1.2 allows {budget.limit} (the essential part needs {budget.essential})",
                      ctx.course.ref,
                      "the player then forgets the oldest knowledge-check answers on resume; use fewer or "
                      "shorter fill-in questions or options in the knowledge checks")


def packaged_sources(ctx: Context) -> list[str]:
    """Lessons, resources and media that go into the package (the player and theme come on top)."""
    course = ctx.course
    paths = [s.lesson.path for s in course.screens if s.lesson]
    paths += [r.path for r in course.resources] + list(course.files)
    logo = course.theme_options.get("logo")
    if logo:
        paths.append(logo)
    return sorted(set(paths))


@rule("package-size")
def package_too_large(ctx: Context):
    """Lessons, resources and media add up to more than the course's size limit (default 50 MB)."""
    sizes = {}
    for rel in packaged_sources(ctx):
        path = ctx.root / rel
        if path.is_file():
            sizes[rel] = path.stat().st_size
    total = sum(sizes.values())
    limit = ctx.settings.package_size_mb
    if total > limit * MB:
        biggest = sorted(sizes, key=lambda r: (-sizes[r], r))[:3]
        listed = ", ".join(f"{r} ({_size(sizes[r])})" for r in biggest)
        yield Finding(f"the course's files add up to {_size(total)}, over the {limit:g} MB limit", ctx.course.ref,
                      f"largest: {listed}; compress media or link large files from the web "
                      f"(or raise check: package_size_mb)")


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB / 10 else f"{max(1, round(n / 1024))} KB"
