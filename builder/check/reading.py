"""A screen should be read in one sitting: past about ten minutes, attention drops and learners
on phones lose their place. Estimated at 200 words a minute, a common figure for reading to learn."""
from __future__ import annotations

import math

from .context import Context, markdown_texts
from .registry import Finding, rule

WORDS_PER_MINUTE = 200


def quiz_words(quiz) -> int:
    words = len(quiz.title.split())
    for q in quiz.questions:
        texts = [q.prompt, q.feedback_correct or "", *q.answers, *q.items]
        texts += [o.text for o in q.options] + [left + " " + right for left, right in q.pairs]
        words += sum(len(t.split()) for t in texts)
    return words


@rule("long-screen")
def long_screens(ctx: Context):
    """A screen takes longer than the course's limit (default 10 minutes) to read."""
    limit = ctx.settings.screen_minutes
    documents = {doc.path: doc for doc in ctx.documents()}
    for screen in ctx.course.screens:
        if screen.lesson:
            doc = documents[screen.lesson.path]
            words = sum(len(t.text.split()) for t in markdown_texts(doc))
            words += sum(quiz_words(ctx.course.quizzes[quiz_id]) for quiz_id, _ in screen.lesson.quiz_ids)
            ref = screen.lesson.ref
        else:
            assert screen.quiz is not None  # a screen shows a lesson or a quiz
            words = quiz_words(screen.quiz)
            ref = screen.quiz.ref
        minutes = words / WORDS_PER_MINUTE
        if minutes > limit:
            shown = math.ceil(minutes)
            yield Finding(f"screen {screen.number} '{screen.title}' takes about {shown} minute{'s' if shown != 1 else ''} to read "
                          f"({words} words at {WORDS_PER_MINUTE} a minute; the limit is {limit:g})", ref,
                          "split it into two screens, or move detail into a resource page")
