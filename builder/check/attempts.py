"""What a learner takes from one attempt to the next. A second attempt measures again only if it
asks other questions (a draw needs at least twice as many questions as it shows) and the first
did not hand out the answers (feedback that states them, in a quiz whose `reveal` holds the
answers back, is kept from learners by the player until then: the author should know)."""
from __future__ import annotations

from ..errors import SourceRef
from ..model import Question, Quiz
from .context import Context, read_yaml
from .items import where
from .itemtext import contains, normal, shown
from .registry import Finding, rule

SHORTEST_ANSWER = 4  # characters, as for answer-in-prompt: 'no' in a feedback is chance


@rule("small-pool")
def small_pool(ctx: Context):
    """A pool, or a quiz's `draw`, with fewer than twice as many questions as each attempt shows:
    the next attempt must repeat some of the questions just answered."""
    for quiz in ctx.course.quizzes.values():
        if quiz.draw is not None and len(quiz.own) < 2 * quiz.draw:
            yield _small(f"quiz '{quiz.id}'", quiz.draw, len(quiz.own), _draw_line(ctx, quiz))
        for pool in quiz.pools:
            if len(pool.questions) < 2 * pool.draw:
                yield _small(f"quiz '{quiz.id}' pool '{pool.id}'", pool.draw, len(pool.questions), pool.ref)


def _small(place: str, draw: int, size: int, ref: SourceRef) -> Finding:
    missing = 2 * draw - size
    return Finding(f"{place}: each attempt draws {draw} of {size} question{'s' if size != 1 else ''}, so the next "
                   f"attempt repeats at least {missing}", ref,
                   f"write {missing} more parallel question{'s' if missing != 1 else ''}, or draw fewer")


def _draw_line(ctx: Context, quiz: Quiz) -> SourceRef:
    data = read_yaml(ctx.root / "quizzes" / f"{quiz.id}.yaml")
    line = data.line_of("draw") if hasattr(data, "line_of") and "draw" in data else None
    return quiz.ref.at(line) if line else quiz.ref


@rule("feedback-reveals")
def feedback_reveals(ctx: Context):
    """Feedback for a wrong answer (the question's `incorrect:`, a wrong option's own) that states
    the right option's text or an accepted fill-in answer, in a quiz whose `reveal` holds the
    answers back: `never`, or `last-attempt` in an assessment (a knowledge check has no last
    attempt). Feedback for a right answer may state it: only those who knew see it."""
    for quiz in ctx.course.quizzes.values():
        if quiz.reveal == "each-attempt" or (quiz.reveal == "last-attempt" and not quiz.graded):
            continue
        for question in quiz.questions:
            found = stated_answer(question)
            if found:
                when = "never see it" if quiz.reveal == "never" else "see it only once no attempt is left"
                yield Finding(f"{where(quiz, question)}: feedback for a wrong answer gives the answer '{shown(found)}', "
                              f"so with 'reveal: {quiz.reveal}' learners {when}", question.ref,
                              "say why an answer is wrong and what to review, not the answer: the player shows the "
                              "right answer itself when 'reveal' allows")


def stated_answer(question: Question) -> str | None:
    answers = [o.text for o in question.options if o.correct] if question.options else list(question.answers)
    feedback = [question.feedback_incorrect or ""] + [o.feedback or "" for o in question.options if not o.correct]
    for answer in answers:
        if len(normal(answer)) >= SHORTEST_ANSWER and any(contains(text, answer) for text in feedback):
            return answer
    return None
