"""The player as learners meet it: offline from file://, accessible, usable with the keyboard alone."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.build import build
from support.lms import LmsSession
from support.axe import run_axe
from support.player import KEYS, course_of, current_number, go_next, next_question_until, unpack

EXAMPLE = Path(__file__).parent / "fixtures" / "example"
STEM = "example-course-1.2.0"


def example_in(tmp: Path, language: str) -> Path:
    course = tmp / f"course-{language}"
    shutil.copytree(EXAMPLE, course)
    config = course / "course.yaml"
    config.write_text(config.read_text().replace("language: en", f"language: {language}"))
    return course


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("web")
    folders = {}
    for language in ("en", "ar"):
        build(example_in(out, language), out / language, formats=("web",))
        folders[language] = out / language / f"{STEM}-web"
    return folders


def test_standalone_from_file_keeps_progress_and_makes_no_network_request(page, web):
    from support.browser import page_requests
    url = (web["en"] / "index.html").as_uri()
    page.goto(url)
    assert page.locator("#notice").inner_text().startswith("Progress is saved in this browser only")
    go_next(page)
    go_next(page)
    assert page.locator("#progress-text").inner_text() == "3 of 5 screens seen"
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector("section.screen[data-screen='3']:not([hidden])")
    assert current_number(page) == 3
    assert page.locator("#progress-text").inner_text() == "3 of 5 screens seen"
    schemes = {r["url"].split(":", 1)[0] for r in page_requests(page)}
    assert schemes <= {"file", "about"}, page_requests(page)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", [375, 1280])
def test_no_axe_violation_on_any_screen(browser, web, language, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto((web[language] / "index.html").as_uri())
        course = course_of(EXAMPLE)
        problems = {}
        for number in range(1, len(course.screens) + 1):
            if number > 1:
                page.locator("#next").click()
                page.wait_for_selector(f"section.screen[data-screen='{number}']:not([hidden])")
            # Submit every quiz unanswered, then answered, so feedback states are checked too.
            for form in page.locator("section.screen:not([hidden]) form.quiz").all():
                next_question_until(form, form.locator("button.submit"))  # one per screen: its review step
                form.locator("button.submit").click()
            violations = run_axe(page)
            if violations:
                problems[number] = violations
        assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    finally:
        context.close()


def keyboard_answer(page, frame, question, active: dict) -> None:
    """Set one answer with keys, on the control that has focus."""
    kind = active["tag"]
    if kind == "input" and active["type"] == "radio":
        if question.type == "true-false":
            wanted = "t" if question.answer else "f"
        else:
            wanted = next(KEYS[i] for i, o in enumerate(question.options) if o.correct)
        for _ in range(40):
            if frame.evaluate("() => document.activeElement.value") == wanted:
                page.keyboard.press("Space")
                return
            page.keyboard.press("ArrowDown")
        raise AssertionError("radio not reachable with arrow keys")
    if kind == "input" and active["type"] == "checkbox":
        should = any(KEYS[i] == active["value"] for i, o in enumerate(question.options) if o.correct)
        if should != active["checked"]:
            page.keyboard.press("Space")
    elif kind == "input":
        page.keyboard.type(question.answers[0])
    elif kind == "select":
        wanted = active["item"]  # item i belongs with KEYS[i]
        for _ in range(40):
            if frame.evaluate("() => document.activeElement.value") == wanted:
                return
            page.keyboard.press("ArrowDown")
        raise AssertionError("option not reachable with arrow keys")


def test_the_whole_course_can_be_completed_with_the_keyboard_alone(page, tmp_path):
    build(EXAMPLE, tmp_path, formats=("scorm12",))
    session = LmsSession.launch(page, unpack(tmp_path / f"{STEM}-scorm12.zip", tmp_path / "pkg"), "1.2")
    frame = session.frame
    course = course_of(EXAMPLE)
    questions = {f"q-{quiz.id}-{q.id}": q for quiz in course.quizzes.values() for q in quiz.questions}
    done_quizzes: set[str] = set()
    page.locator("#content").focus()
    describe = """() => { const a = document.activeElement, li = a.closest('li.question'), f = a.closest('form.quiz');
        return {tag: a.tagName.toLowerCase(), type: a.type || '', value: a.value || '', checked: !!a.checked,
                id: a.id, item: a.dataset ? (a.dataset.item || '') : '', q: li ? li.id : '',
                form: f ? f.id : '', cls: a.className || '',
                screen: +document.querySelector('section.screen:not([hidden])').dataset.screen}; }"""
    answered: set[str] = set()
    for _ in range(600):
        page.keyboard.press("Tab")
        active = frame.evaluate(describe)
        if active["q"] and (active["q"], active["id"] if active["type"] != "radio" else "") not in answered:
            keyboard_answer(page, frame, questions[active["q"]], active)
            answered.add((active["q"], active["id"] if active["type"] != "radio" else ""))
        elif "q-next" in active["cls"]:  # one question per screen: the next one
            page.keyboard.press("Enter")
        elif "submit" in active["cls"] and active["form"] not in done_quizzes:
            page.keyboard.press("Enter")
            done_quizzes.add(active["form"])
            if active["form"] == f"quiz-{course.assessment.id}":
                break
        elif active["id"] == "next" and all(
                f"quiz-{q}" in done_quizzes for s in course.screens if s.lesson
                and s.number == active["screen"] for q, _ in s.lesson.quiz_ids):
            page.keyboard.press("Enter")
            frame.wait_for_function("(n) => +document.querySelector('section.screen:not([hidden])').dataset.screen > n",
                                    arg=active["screen"])
    else:
        raise AssertionError("could not finish the course with the keyboard")
    frame.wait_for_function("() => document.querySelector('#quiz-final-assessment [role=status]').textContent !== ''")
    assert "You passed" in frame.locator("#quiz-final-assessment [role=status]").inner_text()
    assert session.get("cmi.core.lesson_status") == "passed"
    assert session.get("cmi.core.score.raw") == "100"


def test_a_link_to_a_section_of_another_lesson_lands_on_that_section(page, web):
    page.goto((web["en"] / "index.html").as_uri() + "#s4")
    page.wait_for_selector("section.screen[data-screen='4']:not([hidden])")
    page.locator("section.screen:not([hidden]) a", has_text="welcome").click()
    page.wait_for_selector("section.screen[data-screen='1']:not([hidden])")
    assert page.evaluate("() => document.activeElement.id") == "s1-what-you-will-see"
    assert page.evaluate("() => document.activeElement.textContent") == "What you will see"
