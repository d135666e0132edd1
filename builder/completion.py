"""The completion rule (course.yaml `completion:`): what SCORM 1.2, SCORM 2004 and the offline
player say about a learner, from one table.

The player looks its row up at run time (the course config carries this course's table), and the
status tables in docs/tracking.md and docs/admin-guide.md are generated from it
(`python -m builder.docs`; a test fails when they drift).

Principles, so that no learner is ever stuck and every version says the same thing:
- the LMS learns the result (passed/failed and the score) only once the course is complete under
  the rule; before that it sees `incomplete` and no score. Moodle recomputes passed/failed from a
  score at LMSFinish when a mastery score is set, and Cornerstone keeps a SCORM 1.2 course that
  reported `failed` stuck, so neither may see a score or `failed` while attempts remain;
- SCORM 1.2 has one `lesson_status`: under `screens`, completion is the screens, so 1.2 says
  `completed` whatever the result (`passed` would not satisfy Moodle's "require status: completed",
  and `failed` is complete nowhere), and the 1.2 manifest then declares no mastery score.
"""
from __future__ import annotations

from dataclasses import dataclass

from .catalogue import catalogue

RULES = ("both", "assessment", "screens")
DEFAULT_RULE = "both"
OPENS = ("anytime", "after-screens")
DEFAULT_OPENS = "anytime"

RULE_MEANING = {
    "both": "complete when every screen is seen and the assessment is passed, or its last attempt used",
    "assessment": "complete when the assessment is passed, or its last attempt used; screens seen do not count",
    "screens": "complete when every screen is seen; the assessment's result is reported but does not decide completion",
}


@dataclass(frozen=True)
class Status:
    """What one learner's situation is reported as."""

    lesson_status: str  # SCORM 1.2 cmi.core.lesson_status
    completion: str     # SCORM 2004 cmi.completion_status
    success: str        # SCORM 2004 cmi.success_status
    score: bool         # the score is sent (both versions)
    shown: str          # catalogue key of what the player shows offline and in an LMS ("" = nothing)


INCOMPLETE = Status("incomplete", "incomplete", "unknown", False, "")


def status(rule: str, graded: bool, all_seen: bool, passed: bool, exhausted: bool) -> Status:
    """``exhausted``: the learner has used every attempt at the assessment."""
    if not graded:
        return Status("completed", "completed", "unknown", False, "course_complete") if all_seen else INCOMPLETE
    final = passed or exhausted
    complete = {"both": all_seen and final, "assessment": final, "screens": all_seen}[rule]
    if not complete:
        return INCOMPLETE
    success = "passed" if passed else "failed" if exhausted else "unknown"
    lesson_status = "completed" if rule == "screens" else success
    shown = {"passed": "course_passed", "failed": "course_failed", "unknown": "course_complete"}[success]
    return Status(lesson_status, "completed", success, final, shown)


def runtime_table(rule: str, graded: bool) -> list[dict]:
    """The rows the player indexes by (every screen seen) + 2 × (passed) + 4 × (no attempt left)."""
    rows = []
    for key in range(8):
        s = status(rule, graded, all_seen=bool(key & 1), passed=bool(key & 2), exhausted=bool(key & 4))
        rows.append({"lesson": s.lesson_status, "completion": s.completion, "success": s.success,
                     "score": s.score, "shown": s.shown})
    return rows


# ---- the documentation tables ------------------------------------------------------------------
SITUATIONS = (  # (words, every screen seen, passed, no attempt left)
    ("screens left; no result yet, or failed with attempts left", False, False, False),
    ("every screen seen; no result yet, or failed with attempts left", True, False, False),
    ("passed, screens left", False, True, False),
    ("passed, every screen seen", True, True, False),
    ("failed with no attempt left, screens left", False, False, True),
    ("failed with no attempt left, every screen seen", True, False, True),
)


def markdown() -> str:
    """The status tables, one per rule and one for a course without an assessment."""
    shown = catalogue("en")

    def row(words: str, s: Status) -> str:
        page = f"“{shown[s.shown]}”" if s.shown else "—"
        return (f"| {words} | `{s.lesson_status}` | `{s.completion}` / `{s.success}` | "
                f"{'yes' if s.score else 'no'} | {page} |")

    head = ("| learner | SCORM 1.2 `lesson_status` | SCORM 2004 `completion_status` / `success_status` "
            "| score sent | status line in the player |\n| --- | --- | --- | --- | --- |")
    parts = []
    for rule in RULES:
        default = " (the default)" if rule == DEFAULT_RULE else ""
        parts.append(f"**`completion: {rule}`**{default}: {RULE_MEANING[rule]}.\n\n{head}")
        parts.extend(row(words, status(rule, True, *flags)) for words, *flags in SITUATIONS)
        parts.append("")
    parts.append(f"**A course without an assessment** (`completion: both` or `screens`): complete when every "
                 f"screen is seen.\n\n{head}")
    parts.extend(row(words, status(DEFAULT_RULE, False, seen, False, False))
                 for words, seen in (("screens left", False), ("every screen seen", True)))
    return "\n".join(parts) + "\n"
