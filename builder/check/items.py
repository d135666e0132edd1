"""Item writing, question by question: a question should be answered by knowing the answer, not
by reading the options' shape. Each rule is a pattern test-wise learners use (and research on
multiple-choice items confirms): the odd-length option, "all of the above", two options that say
the same, two options of which one must be right, and a prompt that holds its own answer.

The quiz-wide patterns (the answer key) are in answerkey.py; text comparison in itemtext.py.
Each finding is at the question's line in its quiz file, and names the option by its number.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from collections.abc import Iterator

from ..model import Question, Quiz
from .context import Context
from .itemtext import above_phrase, contains, normal, numbers, shown
from .registry import Finding, rule

MIN_OPTIONS = 3  # with two, a guess is right half the time
UNEVEN_RATIO = 3  # the longest option at least 3 times the shortest ...
UNEVEN_CHARACTERS = 20  # ... and at least 20 characters longer: an odd one out at a glance
SIMILAR = 0.9  # difflib ratio of two normalised options from which they read as the same
STEM, ENDING = 4, 3  # 'listen'/'listening': a shared start of 4 letters or more, endings of 3 at most
SHORTEST_ANSWER = 4  # characters: 'no' or 'yes' in a prompt is chance, 'link' is not


def all_questions(ctx: Context) -> Iterator[tuple[Quiz, Question]]:
    """Every question of every quiz (pooled questions too), in quiz order."""
    for quiz in ctx.course.quizzes.values():
        for question in every_question(quiz):
            yield quiz, question


def every_question(quiz: Quiz) -> tuple[Question, ...]:
    return quiz.questions  # those of `questions:` and of every pool


def where(quiz: Quiz, question: Question) -> str:
    return f"quiz '{quiz.id}' question '{question.id}'"


def is_choice(question: Question) -> bool:
    return question.type in ("single", "multiple")


@rule("few-options")
def few_options(ctx: Context):
    """A choice question with two options: half the guesses are right, so its score says little."""
    for quiz, question in all_questions(ctx):
        if is_choice(question) and len(question.options) < MIN_OPTIONS:
            yield Finding(f"{where(quiz, question)}: only {len(question.options)} options, so a guess is right "
                          f"half the time", question.ref,
                          "add a believable wrong option (a mistake people really make), or use 'type: true-false'")


@rule("uneven-options")
def uneven_options(ctx: Context):
    """One option much longer or shorter than the others stands out before it is read."""
    for quiz, question in all_questions(ctx):
        if not is_choice(question) or len(question.options) < 2:
            continue
        lengths = [len(shown(o.text)) for o in question.options]
        longest, shortest = max(lengths), min(lengths)
        if longest >= UNEVEN_RATIO * shortest and longest - shortest >= UNEVEN_CHARACTERS:
            yield Finding(f"{where(quiz, question)}: option {lengths.index(longest) + 1} has {longest} characters "
                          f"and option {lengths.index(shortest) + 1} has {shortest}", question.ref,
                          "write options of similar length, so that length does not point at one of them")


@rule("all-of-the-above")
def all_of_the_above(ctx: Context):
    """'All/none of the above' rewards partial knowledge (two right options make it the answer),
    tests what is not known instead of what is, and means nothing once options are shuffled."""
    for quiz, question in all_questions(ctx):
        for number, option in enumerate(question.options if is_choice(question) else (), 1):
            phrase = above_phrase(option.text)
            if phrase:
                yield Finding(f"{where(quiz, question)}: option {number} is '{shown(option.text)}'", question.ref,
                              "use 'type: multiple' with 'choose all that apply', or write a real option")


@rule("similar-options")
def similar_options(ctx: Context):
    """Options that differ only in case, punctuation, accents or a letter or two: either both are
    right or the difference is a trap; exactly equal texts are the loader's 'ambiguous' error."""
    for quiz, question in all_questions(ctx):
        if not is_choice(question):
            continue
        texts = [normal(o.text) for o in question.options]
        for second in range(len(texts)):
            for first in range(second):
                if similar(texts[first], texts[second]):
                    yield Finding(f"{where(quiz, question)}: options {first + 1} and {second + 1} say nearly the "
                                  f"same ('{shown(question.options[first].text)}', "
                                  f"'{shown(question.options[second].text)}')", question.ref,
                                  "make each option a different answer a learner might believe")
                    break


def similar(a: str, b: str) -> bool:
    """Normalised texts that are equal, or the same words but for an ending ('listen', 'listening'),
    or differ in a letter or two; never two that give different numbers ('10 minutes', '15 minutes')."""
    if a == b:
        return True
    if numbers(a) != numbers(b):
        return False
    return same_stems(a.split(), b.split()) or SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


def same_stems(a: list[str], b: list[str]) -> bool:
    return len(a) == len(b) and all(x == y or _stem(x, y) for x, y in zip(a, b))


def _stem(x: str, y: str) -> bool:
    common = next((i for i, (a, b) in enumerate(zip(x, y)) if a != b), min(len(x), len(y)))
    return common >= STEM and max(len(x), len(y)) - common <= ENDING


@rule("answer-in-prompt")
def answer_in_prompt(ctx: Context):
    """The prompt holds the answer word for word: a fill-in's accepted answer, or a correct option's
    text when no wrong option's text is in the prompt too (naming all of them is fair). Answers
    shorter than four characters ('no', 'yes') are left alone: they turn up by chance."""
    for quiz, question in all_questions(ctx):
        found = None
        if question.type == "fill-in":
            found = next((a for a in question.answers if telling(question.prompt, a)), None)
        elif is_choice(question):
            right = [o.text for o in question.options if o.correct]
            wrong = [o.text for o in question.options if not o.correct]
            if not any(contains(question.prompt, text) for text in wrong):
                found = next((text for text in right if telling(question.prompt, text)), None)
        if found is not None:
            yield Finding(f"{where(quiz, question)}: the prompt contains the answer '{shown(found)}'", question.ref,
                          "reword the prompt so that it asks for the answer without giving it")


def telling(prompt: str, answer: str) -> bool:
    return len(normal(answer)) >= SHORTEST_ANSWER and contains(prompt, answer)
