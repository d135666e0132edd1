"""Feedback is where a quiz teaches: an option without it leaves the learner with only a mark."""
from __future__ import annotations

from .context import Context
from .registry import Finding, rule


@rule("feedback")
def options_without_feedback(ctx: Context):
    """A choice option has no feedback of its own and its question has none for that case."""
    for quiz in ctx.course.quizzes.values():
        for question in quiz.questions:
            for number, option in enumerate(question.options, 1):
                covered = question.feedback_correct if option.correct else question.feedback_incorrect
                if option.feedback or covered:
                    continue
                case = "correct" if option.correct else "incorrect"
                yield Finding(f"quiz '{quiz.id}' question '{question.id}': option {number} has no feedback",
                              option.ref,
                              f"add 'feedback: ...' to the option saying why it is {case}, or "
                              f"'feedback: {{{case}: ...}}' to the question")
