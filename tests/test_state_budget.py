"""builder/state_budget.py: the largest suspend_data a learner can produce, measured against the
4096 characters SCORM 1.2 allows, and the key that changes when saved progress would no longer fit."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from builder.load import load
from builder.state_budget import STATE_LIMIT, measure, structure_key, worst_answer

EXAMPLE = Path(__file__).parent / "fixtures" / "example"


def test_the_example_fits_and_its_worst_answers_are_the_longest_possible():
    course = load(EXAMPLE)
    budget = measure(course)
    assert budget.fits and budget.essential <= budget.full <= STATE_LIMIT
    for quiz in course.quizzes.values():
        for q in quiz.questions:
            answer = worst_answer(q)
            size = len(q.options) or len(q.pairs) or len(q.items)
            assert len(answer) >= {"single": 1, "true-false": 1}.get(q.type, size if q.type != "fill-in" else 60)
            assert len(json.dumps(answer)) >= len(answer)


def test_knowledge_checks_count_only_in_the_full_budget():
    course = load(EXAMPLE)
    assert any(not q.graded for q in course.quizzes.values())
    assert measure(course).full > measure(course).essential
    without_checks = dataclasses.replace(course, quizzes={k: q for k, q in course.quizzes.items() if q.graded})
    assert measure(without_checks).full == measure(without_checks).essential


def test_the_structure_key_follows_what_saved_progress_depends_on():
    course = load(EXAMPLE)
    key = structure_key(course)
    assert structure_key(dataclasses.replace(course, title="Another title")) == key
    quiz = course.assessment
    fewer = dataclasses.replace(quiz, questions=quiz.questions[:-1])
    assert structure_key(dataclasses.replace(course, quizzes={**course.quizzes, quiz.id: fewer})) != key
