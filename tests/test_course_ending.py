"""The course's ending as learners meet it in SCORM 1.2, SCORM 2004 (the real scorm-again) and
offline: after the last screen, Finish opens it; complete, it says so with the score and the
toolkit; not yet, it lists what remains; the learner's plan stays in the browser, never in the LMS."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import build
from builder.catalogue import catalogue
from support.lms import LmsSession
from support.player import EXAMPLE, answer_quiz, example_course, go_next, go_to, unpack, visit_all

STEM = "example-course-1.2.0"
T = catalogue("en")
PLAN = "Ask each volunteer how they are on Monday"


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ending")
    build(EXAMPLE, out, formats=("web", "scorm12", "scorm2004"))
    return {"web": out / f"{STEM}-web", "1.2": unpack(out / f"{STEM}-scorm12.zip", out / "p12"),
            "2004": unpack(out / f"{STEM}-scorm2004.zip", out / "p2004")}


def finish(frame) -> None:
    """Finish, the last screen's Next."""
    assert frame.locator("#next .label").inner_text() == T["finish"]
    frame.locator("#next").click()
    frame.wait_for_selector("#course-end:not([hidden])")


def check_complete_ending(frame) -> None:
    course = example_course()
    assert frame.locator("#end-title").inner_text() == T["end_done"]
    assert frame.evaluate("document.activeElement.id") == "end-title"
    assert frame.locator("section.screen[data-screen]:not([hidden])").count() == 0  # the ending alone
    assert frame.locator("#next").is_hidden() and frame.locator("#prev").is_enabled()  # nothing after it
    assert frame.locator(".end-status").inner_text() == T["course_passed"]
    assert frame.locator(".end-score").inner_text() == "Your score: 100%."
    covered = frame.locator("#end-summary .screen-list a").all_inner_texts()
    assert covered == [s.title for s in course.screens]
    toolkit = frame.locator(".end-toolkit a")
    assert toolkit.get_attribute("href") == "resources/checklist.html"
    assert toolkit.get_attribute("target") == "_blank"
    frame.get_by_label(T["end_plan"]).fill(PLAN)
    assert frame.evaluate("Object.keys(localStorage).filter(k => localStorage[k].includes('Monday'))") == [
        "coursebuilder:example-course:1.2.0:plan"]
    frame.locator("#prev").click()  # back to the last screen
    frame.wait_for_selector(f"section.screen[data-screen='{len(course.screens)}']:not([hidden])")
    assert frame.locator("#course-end").is_hidden()
    finish(frame)
    assert frame.get_by_label(T["end_plan"]).input_value() == PLAN  # kept


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_ending_in_an_lms(page, packages, version):
    course = example_course()
    session = LmsSession.launch(page, packages[version], version)
    visit_all(session.frame, len(course.screens))
    answer_quiz(session.frame, course.assessment, correct=True)
    finish(session.frame)
    check_complete_ending(session.frame)
    session.frame.get_by_role("button", name="Exit").click()
    sent = " ".join(str(call.get("args")) for call in session.calls())
    assert "Monday" not in sent and "Monday" not in str(session.cmi())  # the plan never reaches the LMS
    status = session.get("cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status")
    assert status in ("passed", "completed")


def test_the_ending_offline(page, packages):
    course = example_course()
    page.goto((packages["web"] / "index.html").as_uri())
    visit_all(page, len(course.screens))
    answer_quiz(page, course.assessment, correct=True)
    finish(page)
    check_complete_ending(page)
    page.reload()  # the plan is still there in a later visit
    page.wait_for_selector("section.screen:not([hidden])")
    finish(page)
    assert page.get_by_label(T["end_plan"]).input_value() == PLAN


def test_passed_with_screens_unseen_the_ending_lists_them(page, packages):
    course = example_course()
    session = LmsSession.launch(page, packages["2004"], "2004")
    last = len(course.screens)
    go_to(session.frame, last)  # straight to the assessment
    answer_quiz(session.frame, course.assessment, correct=True)
    finish(session.frame)
    frame = session.frame
    assert frame.locator("#end-title").inner_text() == T["end_not_yet"]
    assert T["complete_remaining"] in frame.locator("#end-summary").inner_text()
    missing = frame.locator("#end-summary .screen-list a").all_inner_texts()
    assert missing == [s.title for s in course.screens[1:last - 1]]
    assert session.get("cmi.completion_status") == "incomplete"
    frame.locator("#end-summary .screen-list a").first.click()  # the links lead there
    frame.wait_for_selector("section.screen[data-screen='2']:not([hidden])")
    assert frame.locator("#course-end").is_hidden()


def test_the_contents_lead_to_the_ending_and_back(page, packages):
    """Its last entry opens the ending from any screen (what remains, the plan); Previous goes back
    to the screen the learner was on; the entry gets its check once the course is complete."""
    course = example_course()
    page.set_viewport_size({"width": 375, "height": 800})  # the contents are a drawer here
    page.goto((packages["web"] / "index.html").as_uri())
    go_next(page)
    page.locator(".toc-toggle").click()
    entry = page.locator(".toc a[data-end]")
    assert entry.inner_text() == T["end_contents"] and "seen" not in (entry.get_attribute("class") or "")
    entry.click()
    page.wait_for_selector("#course-end:not([hidden])")
    assert page.locator("#end-title").inner_text() == T["end_not_yet"]
    assert entry.get_attribute("aria-current") == "step" and page.locator(".toc a[aria-current]").count() == 1
    assert page.locator(".toc-toggle").get_attribute("aria-expanded") == "false"  # the drawer closed
    page.locator("#prev").click()
    page.wait_for_selector("section.screen[data-screen='2']:not([hidden])")
    assert entry.get_attribute("aria-current") is None
    assert page.locator(".toc a[data-screen='2']").get_attribute("aria-current") == "step"
    visit_all(page, len(course.screens))
    answer_quiz(page, course.assessment, correct=True)
    assert "seen" in entry.get_attribute("class")  # complete: the entry is checked


def test_not_started_assessment_is_named(page, packages):
    course = example_course()
    page.goto((packages["web"] / "index.html").as_uri())
    visit_all(page, len(course.screens))
    finish(page)
    assert page.locator("#end-title").inner_text() == T["end_not_yet"]
    assert T["end_assessment_todo"] in page.locator("#end-summary").inner_text()


@pytest.mark.parametrize("written, code, words", [
    ("resources/nope.md", "missing-file", "does not exist"),
    ("lessons/01-welcome.md", "link", "is not a resource page"),
    ("../outside.md", "link", ""),
])
def test_a_toolkit_that_is_not_a_resource_page_is_refused_at_its_line(tmp_path, written, code, words):
    import shutil
    from builder.errors import AuthoringError, Reporter
    from builder.load import load
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    config = course / "course.yaml"
    text = config.read_text().replace("toolkit: resources/checklist.md", f"toolkit: {written}")
    config.write_text(text)
    with pytest.raises(AuthoringError):
        load(course, reporter := Reporter())
    line = text.splitlines().index(f"toolkit: {written}") + 1
    found = [(e.code, e.ref.line) for e in reporter.errors]
    assert (code, line) in found, found
    assert words in " ".join(e.message for e in reporter.errors)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_axe_violation_on_the_ending(browser, tmp_path, language, scheme):
    import shutil

    from support.axe import run_axe
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    config = course / "course.yaml"
    config.write_text(config.read_text().replace("language: en", f"language: {language}"))
    build(course, tmp_path, formats=("web",))
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto((tmp_path / f"{STEM}-web" / "index.html").as_uri())
        visit_all(page, len(example_course().screens))
        page.locator("#next").click()
        page.wait_for_selector("#course-end:not([hidden])")
        assert run_axe(page) == []
    finally:
        context.close()
