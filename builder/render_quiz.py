"""A quiz as the player gets it: its HTML (the theme's quiz.html.j2) and its data (scored by
themes/default/scripts/quiz.js and scoring.js).

Every question of the quiz is in the page, pools included; the player shows the ones an attempt
draws. What gives an answer away (the correct response, accepted answers, the feedback that
could name the right option, the right answer as text) is sealed per question: XOR with the
question's interaction id, then base64 (``seal``; codec.js ``open`` undoes it). A learner who
reads the page source or its script sees no answer; one who runs the player's code in the
browser's console can, since scoring runs in the browser (docs/authoring.md says so).
"""
from __future__ import annotations

import base64
import hashlib
import json
import random
from collections.abc import Callable

from markupsafe import Markup, escape

from .catalogue import available, catalogue
from .local import expand_text
from .model import CHOICE_KEYS, FILL_IN_MAX_LENGTH, Course, Question, Quiz

Inline = Callable[[str | None, Quiz], Markup | None]  # a quiz text as HTML (links from the quiz file)


def seal(value: object, key: str) -> str:
    """``value`` as JSON, XOR-ed with ``key`` (ASCII: a quiz and question id) and base64-encoded."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.b64encode(_xor(data, key.encode())).decode()


def unseal(text: str, key: str) -> object:
    """``seal`` undone (for tests, and whoever audits a package)."""
    return json.loads(_xor(base64.b64decode(text), key.encode()).decode())


def _xor(data: bytes, key: bytes) -> bytes:
    """``data`` XOR-ed with ``key`` repeated, as one big-integer operation (a byte-by-byte loop was
    a tenth of a 2000-lesson build)."""
    stream = (key * (len(data) // len(key) + 1))[: len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


def verdicts() -> dict[str, list[str]]:
    """The player's "Correct." and "Not quite." in every language, lowercase without the full stop:
    feedback that starts with its answer's one is not preceded by the player's own (no "Correct. Correct.")."""
    extra = {"correct": {"right"}, "incorrect": {"incorrect", "wrong"}}
    return {key: sorted({catalogue(code)[key].strip().rstrip(".!").lower() for code in available()} | extra[key])
            for key in ("correct", "incorrect")}


class QuizRenderer:
    """The HTML and data of a course's quizzes, for one course and theme."""

    def __init__(self, course: Course, env, t: dict[str, str], inline: Inline,
                 kept: Callable[[str, str], Markup]):
        self.course = course
        self.env = env
        self.t = t
        self.inline = inline
        self.kept = kept  # plain text marked with the source language when a translation left it as it was
        self.index = {quiz_id: i for i, quiz_id in enumerate(course.quiz_order)}
        self.screens = {s.lesson.path: s for s in course.screens if s.lesson}
        self.home = {quiz_id: s.lesson.path for s in course.screens if s.lesson for quiz_id, _ in s.lesson.quiz_ids}

    def html(self, quiz: Quiz, on_own_screen: bool) -> str:
        questions = [self.view(quiz, q, n) for n, q in enumerate(quiz.questions)]
        return self.env.get_template("quiz.html.j2").render(
            quiz=quiz, title=self.kept(quiz.title, escape(quiz.title)), index=self.index[quiz.id], questions=questions, t=self.t,
            on_own_screen=on_own_screen, fill_in_max=FILL_IN_MAX_LENGTH)

    def view(self, quiz: Quiz, q: Question, n: int) -> dict:
        view = {"q": q, "n": n, "dom": f"q-{quiz.id}-{q.id}", "prompt": self.inline(q.prompt, quiz)}
        rng = _seeded(quiz.id, q.id)
        if q.type in ("single", "multiple"):
            view["options"] = [{"key": CHOICE_KEYS[i], "text": self.inline(o.text, quiz)} for i, o in enumerate(q.options)]
        elif q.type == "matching":
            rights = list(range(len(q.pairs)))
            _shuffle_not_identity(rng, rights)
            view["lefts"] = [{"key": CHOICE_KEYS[i], "text": self.inline(left, quiz)} for i, (left, _) in enumerate(q.pairs)]
            view["rights"] = [{"key": CHOICE_KEYS[i], "text": q.pairs[i][1]} for i in rights]
        elif q.type == "ordering":
            shown = list(range(len(q.items)))
            _shuffle_not_identity(rng, shown)
            view["items"] = [{"key": CHOICE_KEYS[i], "text": self.inline(q.items[i], quiz)} for i in shown]
        return view

    def data(self, quiz: Quiz) -> dict:
        """What the runtime needs to draw, score and give feedback."""
        return {
            "index": self.index[quiz.id],
            "id": quiz.id,
            "graded": quiz.graded,
            "passMark": quiz.pass_mark,
            "attempts": quiz.attempts,
            "shuffle": quiz.shuffle,
            "reveal": quiz.reveal,
            "layout": quiz.layout,
            "partial": quiz.scoring == "partial",
            "groups": [[draw, len(questions)] for draw, questions in quiz.groups],
            "questions": [self.question(quiz, q) for q in quiz.questions],
        }

    def review(self, quiz: Quiz, q: Question) -> list | None:
        """[screen number, title] of the lesson to review, or None."""
        screen = self.screens.get(q.review or self.home.get(quiz.id, ""))
        return [screen.number, screen.title] if screen else None

    def question(self, quiz: Quiz, q: Question) -> dict:
        key: dict = {"fc": self.inline(q.feedback_correct, quiz), "fi": self.inline(q.feedback_incorrect, quiz)}
        if q.type in ("single", "multiple"):
            key["c"] = "".join(CHOICE_KEYS[i] for i, o in enumerate(q.options) if o.correct)
            key["of"] = [self.inline(o.feedback, quiz) for o in q.options]
            key["r"] = "; ".join(self.inline(o.text, quiz) or "" for o in q.options if o.correct)
        elif q.type == "true-false":
            key["c"] = "t" if q.answer else "f"
            key["r"] = self.t["answer_true" if q.answer else "answer_false"]
        elif q.type == "fill-in":
            key["a"] = list(q.answers)
            key["r"] = str(Markup.escape(q.answers[0]))
        elif q.type == "matching":
            key["c"] = CHOICE_KEYS[: len(q.pairs)]
            key["r"] = "; ".join(f"{self.inline(left, quiz)} → {Markup.escape(right)}" for left, right in q.pairs)
        elif q.type == "ordering":
            key["c"] = CHOICE_KEYS[: len(q.items)]
            key["r"] = "; ".join(f"{n}. {self.inline(item, quiz)}" for n, item in enumerate(q.items, 1))
        key = {k: (str(v) if isinstance(v, Markup) else v) for k, v in key.items() if v is not None}
        prompt = " ".join(expand_text(q.prompt, self.course.local).split())  # as on screen, `::: local` filled in
        return {"id": q.id, "type": q.type, "points": q.points, "prompt": prompt,
                "rv": self.review(quiz, q), "k": seal(key, f"{quiz.id}.{q.id}")}


def _seeded(*parts: str) -> random.Random:
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _shuffle_not_identity(rng: random.Random, values: list) -> None:
    """Shown order must differ from the answer, or the question answers itself."""
    original = list(values)
    for _ in range(8):
        rng.shuffle(values)
        if values != original or len(values) < 2:
            return
    values.reverse()
