"""The largest suspend_data a learner can produce, computed at build time.

SCORM 1.2 (and the Moodle app) cap suspend_data at 4096 characters. The runtime stores
`{"v":1,"s":<seen screens, 6 per char>,"q":{<quiz index>:[<submitted 0|1>,<answer>...]},
(a quiz that draws: `[<submitted>,<drawn questions, 6 per char>,<answer of each drawn question>...]`),
"a":[<attempts used>,<best score or -1>,<passed 0|1>],"n":<interactions written>,"h":<structure key>,
"c":{<scenario index>:<path: one character per choice made>}}` (themes/default/scripts/codec.js).
A scenario's path is kept to at most ``Scenario.max_path`` choices (a longer one, gone round a loop,
is cut back to the path without the rounds), so the longest is counted here, as essential.
Knowledge-check answers are a comfort: when they would not fit, the runtime drops them (in course
order). Everything else must always fit, and the build checks it.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass

from .model import FILL_IN_MAX_LENGTH, Course, Question, Quiz
from .scormapi import SUSPEND_LIMIT

STATE_VERSION = 1
STATE_LIMIT = SUSPEND_LIMIT["1.2"]  # the Moodle app keeps to it too
UNLIMITED_ATTEMPTS_CAP = 999  # the runtime stops counting there


@dataclass(frozen=True)
class Budget:
    essential: int  # characters that must always be stored
    full: int       # with every knowledge-check answer too
    limit: int = STATE_LIMIT

    @property
    def fits(self) -> bool:
        return self.essential <= self.limit


def structure_key(course: Course) -> str:
    """Changes when saved progress would no longer fit the course: screens, quizzes, questions, options.

    An updated package in the LMS then starts learners afresh instead of restoring answers onto
    the wrong questions."""
    parts = [str(len(course.screens))]
    for quiz in course.quizzes.values():
        parts.append(f"{quiz.id}:{[(draw, len(qs)) for draw, qs in quiz.groups] if quiz.drawn else ''}")
        for q in quiz.questions:
            size = len(q.options) or len(q.pairs) or len(q.items)
            parts.append(f"{q.id}:{q.type}:{size}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8]


def worst_answer(question: Question) -> str:
    if question.type in ("single", "true-false"):
        return "a"
    if question.type == "multiple":
        return "a" * len(question.options)
    if question.type == "fill-in":
        return '"' * FILL_IN_MAX_LENGTH  # each escapes to two characters in JSON
    if question.type == "matching":
        return "a" * len(question.pairs)
    return "a" * len(question.items)


def _quiz_entry(quiz: Quiz) -> list:
    """The longest entry a quiz can have: for a quiz that draws, the largest draw its groups allow."""
    if not quiz.drawn:
        return [1] + [worst_answer(q) for q in quiz.questions]
    answers = []
    for draw, questions in quiz.groups:
        worst = sorted((worst_answer(q) for q in questions), key=lambda a: len(json.dumps(a)), reverse=True)
        answers += worst[:draw]
    return [1, "A" * math.ceil(len(quiz.questions) / 6), *answers]


def measure(course: Course) -> Budget:
    screens = len(course.screens)
    attempts = (course.assessment.attempts or UNLIMITED_ATTEMPTS_CAP) if course.assessment else 0
    questions = course.assessment.per_attempt if course.assessment else 0
    base = {
        "v": STATE_VERSION,
        "s": "A" * math.ceil(screens / 6),
        "q": {},
        "a": [attempts, 100, 1],
        "n": attempts * questions,
        "h": structure_key(course),
    }
    if course.scenarios:
        base["c"] = {str(i): "a" * s.max_path for i, s in enumerate(course.scenarios.values())}
    graded = {str(i): _quiz_entry(q) for i, q in enumerate(course.quizzes.values()) if q.graded}
    checks = {str(i): _quiz_entry(q) for i, q in enumerate(course.quizzes.values()) if not q.graded}
    essential = _length({**base, "q": graded})
    full = _length({**base, "q": {**graded, **checks}})
    return Budget(essential=essential, full=full)


def _length(state: dict) -> int:
    return len(json.dumps(state, ensure_ascii=False, separators=(",", ":")))
