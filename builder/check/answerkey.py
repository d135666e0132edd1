"""Item writing across a quiz: an answer key with a pattern can be passed without knowing the
content. Authors write the right answer most carefully, so it tends to be the longest option;
and "choose all that apply" questions drift towards one shape (three right, one wrong). Learners
who notice a pattern in the knowledge checks use it in the assessment, so the course as a whole
is looked at too.
"""
from __future__ import annotations

from collections import Counter

from ..model import Question, Quiz
from .context import Context
from .items import every_question
from .itemtext import shown
from .registry import Finding, rule

PATTERN_QUESTIONS = 3  # fewer questions than this make no pattern
COURSE_QUESTIONS = 6  # ... and across the course's quizzes (from 2 quizzes)
SAME_SHARE = 0.8  # 'every' multiple-answer question: all of 3 or 4, all but one of 5 to 9


def longest_is_correct(question: Question) -> bool:
    """Whether the one correct option of a single-choice question is longer than every other."""
    lengths = [len(shown(o.text)) for o in question.options]
    right = [length for o, length in zip(question.options, lengths) if o.correct]
    wrong = [length for o, length in zip(question.options, lengths) if not o.correct]
    return len(right) == 1 and bool(wrong) and right[0] > max(wrong)


def singles(quiz: Quiz) -> list[Question]:
    return [q for q in every_question(quiz) if q.type == "single"]


@rule("longest-correct")
def longest_correct(ctx: Context):
    """The correct option is the longest in more than half the single-choice questions of a quiz
    (3 or more of them), or of the course's quizzes taken together (6 or more)."""
    hint = "make a wrong option the longest in some questions, or shorten the right ones"
    counted: list[tuple[Quiz, list[Question]]] = []
    for quiz in ctx.course.quizzes.values():
        asked = singles(quiz)
        longest = [q for q in asked if longest_is_correct(q)]
        if asked:
            counted.append((quiz, longest))
        if len(asked) >= PATTERN_QUESTIONS and 2 * len(longest) > len(asked):
            ids = ", ".join(q.id for q in longest)
            yield Finding(f"quiz '{quiz.id}': the correct option is the longest in {len(longest)} of {len(asked)} "
                          f"single-choice questions ({ids})", longest[0].ref, hint)
    total = sum(len(singles(quiz)) for quiz, _ in counted)
    longest = [q for _, found in counted for q in found]
    if len(counted) >= 2 and total >= COURSE_QUESTIONS and 2 * len(longest) > total:
        quizzes = ", ".join(f"'{quiz.id}' {len(found)} of {len(singles(quiz))}" for quiz, found in counted if found)
        yield Finding(f"across the course's quizzes, the correct option is the longest in {len(longest)} of {total} "
                      f"single-choice questions ({quizzes})", longest[0].ref,
                      "learners who notice it in the knowledge checks will use it in the assessment; " + hint)


@rule("same-correct-count")
def same_correct_count(ctx: Context):
    """Every multiple-answer question of a quiz (3 or more; all but one from 5) has the same number
    of correct options, so a learner can tick that many without judging each option; or of the
    course's quizzes taken together (6 or more)."""
    hint = "vary how many options are right, from one to all but one, so that each option is judged on its own"
    every: list[Question] = []
    quizzes = 0
    for quiz in ctx.course.quizzes.values():
        asked = [q for q in every_question(quiz) if q.type == "multiple"]
        every += asked
        quizzes += bool(asked)
        alike = most_alike(asked, PATTERN_QUESTIONS)
        if alike:
            yield Finding(f"quiz '{quiz.id}': {_alike(alike, asked)} ({', '.join(q.id for q in alike)})",
                          alike[0].ref, hint)
    alike = most_alike(every, COURSE_QUESTIONS)
    if quizzes >= 2 and alike:
        yield Finding(f"across the course's quizzes, {_alike(alike, every)}", alike[0].ref,
                      "learners who notice it in the knowledge checks will use it in the assessment; " + hint)


def correct_count(question: Question) -> int:
    return sum(o.correct for o in question.options)


def most_alike(asked: list[Question], least: int) -> list[Question]:
    """The questions with the most common number of correct options, when they are the pattern."""
    if len(asked) < least:
        return []
    count, times = Counter(map(correct_count, asked)).most_common(1)[0]
    return [q for q in asked if correct_count(q) == count] if times >= SAME_SHARE * len(asked) else []


def _alike(alike: list[Question], asked: list[Question]) -> str:
    count = correct_count(alike[0])
    return (f"{len(alike)} of {len(asked)} multiple-answer questions have {count} correct "
            f"option{'s' if count != 1 else ''}")
