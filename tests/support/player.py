"""Drive the coursebuilder player as a learner would: through its buttons, links and form fields.

Answers come from the course source (the builder's own loader), so a test can answer every
question right or wrong without knowing the course. Works on any Playwright Frame or Page.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from builder.catalogue import catalogue
from builder.errors import Reporter
from builder.load import load
from builder.model import CHOICE_KEYS as KEYS, Course, Question, Quiz


EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "example"
VERSIONS = ["1.2", "2004"]


def example_course() -> Course:
    return course_of(EXAMPLE)


def example_packages(out: Path) -> dict[str, Path]:
    """The example course's SCORM 1.2 and 2004 packages, built and unpacked under ``out``."""
    from builder.build import build

    build(EXAMPLE, out, formats=("scorm12", "scorm2004"))
    stem = f"{example_course().id}-{example_course().version}"
    return {"1.2": unpack(out / f"{stem}-scorm12.zip", out / "p12"),
            "2004": unpack(out / f"{stem}-scorm2004.zip", out / "p2004")}


def exit_course(session) -> None:
    """Leave through the player's Exit button, as a learner would."""
    session.frame.get_by_role("button", name="Exit").click()
    session.frame.wait_for_selector("#notice:not([hidden])")


def course_of(course_dir: Path, language: str | None = None) -> Course:
    """The course as the builder loads it; with ``language``, as translated by locales/<language>.po
    (the answers a learner must give are then the translated ones)."""
    reporter = Reporter()
    course = load(course_dir, reporter)
    if language is not None:
        from builder.translate import translate
        course = translate(course, language, reporter)
    return course


def unpack(zip_path: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    return into


def current_title(frame) -> str:
    return frame.locator("section.screen:not([hidden]) h1").inner_text()


def current_number(frame) -> int:
    return int(frame.locator("section.screen:not([hidden])").get_attribute("data-screen"))


def go_next(frame) -> None:
    before = current_number(frame)
    frame.locator("#next").click()  # by id: its label is in the course's language
    frame.wait_for_function(
        "(n) => { const s = document.querySelector('section.screen:not([hidden])');"
        " return s && +s.dataset.screen !== n; }", arg=before)


def go_to(frame, number: int) -> None:
    frame.locator(f".toc a[data-screen='{number}']").click()
    frame.wait_for_selector(f"section.screen[data-screen='{number}']:not([hidden])")


def visit_all(frame, total: int) -> None:
    while current_number(frame) < total:
        go_next(frame)


def fill_question(form, question: Question, correct: bool) -> None:
    li = form.locator(f"li.question[id$='-{question.id}']")
    t = question.type
    if t in ("single", "multiple"):
        keys = [KEYS[i] for i, o in enumerate(question.options) if o.correct == correct]
        if t == "single" and not correct:
            keys = keys[:1]
        for key in keys:
            li.locator(f"input[value='{key}']").check()
    elif t == "true-false":
        value = question.answer if correct else not question.answer
        li.locator(f"input[value='{'t' if value else 'f'}']").check()
    elif t == "fill-in":
        li.locator("input[type='text']").fill(question.answers[0] if correct else "not the answer")
    else:  # matching, ordering: item i belongs with KEYS[i]
        count = len(question.pairs) if t == "matching" else len(question.items)
        for i in range(count):
            chosen = i if correct else (i + 1) % count
            li.locator(f"select[data-item='{KEYS[i]}']").select_option(KEYS[chosen])


def drawn(frame, quiz: Quiz) -> list[Question]:
    """The questions this attempt shows (all of them unless the quiz draws), in the order shown
    (shuffled when the quiz shuffles: one question per screen is only reached going forward)."""
    ids = frame.eval_on_selector_all(f"form#quiz-{quiz.id} li.question:not(.not-drawn)",
                                     "els => els.map(e => e.id)")
    by_id = {f"q-{quiz.id}-{q.id}": q for q in quiz.questions}
    return [by_id[i] for i in ids if i in by_id]


def next_question_until(form, target) -> None:
    """Layout one-per-screen: press "Next question" until ``target`` shows (no-op in a page layout)."""
    for _ in range(200):
        if target.is_visible() or not form.locator("button.q-next").is_visible():
            return
        form.locator("button.q-next").click()


def answer_quiz(frame, quiz: Quiz, correct: bool = True) -> str:
    """Answer every question, submit, and return the text of the result status."""
    form = frame.locator(f"form#quiz-{quiz.id}")
    for question in drawn(frame, quiz):
        next_question_until(form, form.locator(f"li.question[id='q-{quiz.id}-{question.id}']"))
        fill_question(form, question, correct)
    next_question_until(form, form.locator("button.submit"))
    form.locator("button.submit").click()
    frame.wait_for_function(
        "(id) => document.querySelector('#quiz-' + id + ' [role=status]').textContent.trim() !== ''", arg=quiz.id)
    return form.locator("[role='status']").inner_text()


def retry(frame, quiz: Quiz) -> None:
    frame.locator(f"form#quiz-{quiz.id} button.retry").click()


OUTCOME_KEYS = {"1.2": ("cmi.core.lesson_status", "cmi.core.score.raw"),
                "2004": ("cmi.completion_status", "cmi.success_status", "cmi.score.raw", "cmi.score.scaled")}
PASSED_100 = {"1.2": ("passed", "100"), "2004": ("completed", "passed", "100", "1")}


def outcome(cmi: dict, version: str) -> tuple:
    """Status and score as the LMS holds them; an unset element (None or "") reads None."""
    return tuple(cmi.get(k) if cmi.get(k) != "" else None for k in OUTCOME_KEYS[version])


def complete_correctly(session, course: Course) -> dict:
    """See every screen, pass the assessment with every answer right; return what the LMS holds."""
    visit_all(session.frame, len(course.screens))
    result = answer_quiz(session.frame, course.assessment, correct=True)
    passed = catalogue(course.language)["result_passed"]  # "You scored {score}%. You passed..." in its language
    assert passed.replace("{score}", "100").replace("{pass_mark}", str(course.assessment.pass_mark)) in result, result
    return session.cmi()
