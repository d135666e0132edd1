"""`split: sections` (docs/authoring.md, "Long lessons"): a lesson becomes one screen per `##`
heading; the text before the first `##` goes with the first. Each part is a Lesson of its own
(same path and title) holding its tokens and what is written in them: quizzes, scenarios, local
blocks and links, so checks, timing and rendering see each screen as it is."""
from __future__ import annotations

import dataclasses

from .model import Lesson


def parts(lesson: Lesson) -> tuple[Lesson, ...]:
    """The lesson's screens: itself alone when it has fewer than two top-level `##` headings."""
    tokens = lesson.tokens
    cuts = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2" and t.level == 0]
    if len(cuts) < 2:
        return (lesson,)
    bounds = [0, *cuts[1:], len(tokens)]
    starts = [tokens[i].map[0] + 1 if tokens[i].map else 0 for i in cuts[1:]]  # 1-based line of each later part

    def part_of(line: int | None) -> int:
        return sum(1 for start in starts if line is not None and line >= start)

    count = len(bounds) - 1
    return tuple(dataclasses.replace(
        lesson, tokens=tuple(tokens[bounds[k]:bounds[k + 1]]), part=k, parts=count,
        quiz_ids=tuple(q for q in lesson.quiz_ids if part_of(q[1].line) == k),
        scenario_ids=tuple(s for s in lesson.scenario_ids if part_of(s[1].line) == k),
        local_blocks=tuple(b for b in lesson.local_blocks if part_of(b[1].line) == k),
        links=tuple(link for link in lesson.links if part_of(link.ref.line) == k),
        duration=lesson.duration if k == 0 else None,
    ) for k in range(count))
