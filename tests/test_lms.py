"""The built packages in Chromium with scorm-again as the LMS: what the LMS records."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.build import build
from support.lms import LmsSession
from builder.verify.judge import interactions
from support.player import (PASSED_100, VERSIONS, answer_quiz, complete_correctly, current_number,
                            current_title, example_course, example_packages, exit_course, go_next, go_to, outcome,
                            retry, unpack, visit_all)

EXAMPLE = Path(__file__).parent / "fixtures" / "example"
STEM = "example-course-1.2.0"
SESSION_TIME = {"1.2": re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$"),
                "2004": re.compile(r"^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$")}


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return example_packages(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def course():
    return example_course()


def page_errors(page) -> list[str]:
    return page._js_errors  # type: ignore[attr-defined]


@pytest.fixture
def lms_page(page):
    page._js_errors = []
    page.on("pageerror", lambda e: page._js_errors.append(str(e)))
    page.on("console", lambda m: page._js_errors.append(m.text) if m.type == "error" else None)
    return page


@pytest.mark.parametrize("version", VERSIONS)
def test_all_correct_ends_passed_and_completed_with_100(lms_page, packages, course, version):
    session = LmsSession.launch(lms_page, packages[version], version)
    cmi = complete_correctly(session, course)
    assert outcome(cmi, version) == PASSED_100[version]
    if version == "1.2":
        assert cmi["cmi.core.score.min"] == "0" and cmi["cmi.core.score.max"] == "100"
    else:
        assert cmi["cmi.progress_measure"] == "1"
    records = interactions(cmi)
    assert len(records) == course.assessment.per_attempt  # a1-a6 and one of the pool's p1, p2
    ids = [f"final-assessment.a{n}" for n in range(1, 7)]
    assert sorted(r["id"] for r in records)[:6] == ids
    assert sorted(r["id"] for r in records)[6] in ("final-assessment.p1", "final-assessment.p2")
    assert all(r["result"] == "correct" for r in records)
    types = {r["id"].split(".")[1]: r["type"] for r in records if ".a" in r["id"]}
    assert types == {"a1": "choice", "a2": "choice", "a3": "true-false", "a4": "fill-in", "a5": "matching",
                     "a6": "sequencing"}
    response_key = "student_response" if version == "1.2" else "learner_response"
    by_id = {r["id"]: r for r in records}
    if version == "1.2":
        assert by_id["final-assessment.a2"][response_key] == "a,b"
        assert by_id["final-assessment.a3"][response_key] == "t"
        assert by_id["final-assessment.a5"][response_key] == "a.a,b.b"
        assert by_id["final-assessment.a6"][response_key] == "a,b,c,d"
        assert re.match(r"^\d{2}:\d{2}:\d{2}$", by_id["final-assessment.a1"]["time"])
    else:
        assert by_id["final-assessment.a2"][response_key] == "a[,]b"
        assert by_id["final-assessment.a3"][response_key] == "true"
        assert by_id["final-assessment.a5"][response_key] == "a[.]a[,]b[.]b"
        assert by_id["final-assessment.a6"][response_key] == "a[,]b[,]c[,]d"
        assert by_id["final-assessment.a1"]["description"] == "Which control moves to the next screen?"
        assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", by_id["final-assessment.a1"]["timestamp"])
    assert by_id["final-assessment.a2"]["weighting"] in ("2", 2)
    assert by_id["final-assessment.a4"][response_key] == "1.2"
    assert all(SESSION_TIME[version].match(r["latency"]) for r in records)
    exit_course(session)
    cmi = session.cmi()
    time_key = "cmi.core.session_time" if version == "1.2" else "cmi.session_time"
    assert SESSION_TIME[version].match(cmi[time_key]), cmi[time_key]
    finishes = [c for c in session.calls() if c["method"] in ("LMSFinish", "Terminate")]
    assert len(finishes) == 1
    assert session.errors() == []
    assert page_errors(lms_page) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_all_wrong_is_incomplete_while_attempts_remain_then_failed_with_0(lms_page, packages, course, version):
    session = LmsSession.launch(lms_page, packages[version], version)
    frame = session.frame
    visit_all(frame, len(course.screens))
    result = answer_quiz(frame, course.assessment, correct=False)
    assert "You scored 0%" in result and "1 attempt left" in result
    cmi = session.cmi()
    if version == "1.2":
        assert outcome(cmi, version) == ("incomplete", None)
    else:
        assert outcome(cmi, version) == ("incomplete", "unknown", None, None)
    retry(frame, course.assessment)
    result = answer_quiz(frame, course.assessment, correct=False)
    assert "used all your attempts" in result
    assert frame.locator(f"form#quiz-{course.assessment.id} button.retry").is_hidden()
    cmi = session.cmi()
    if version == "1.2":
        assert outcome(cmi, version) == ("failed", "0")
    else:
        assert outcome(cmi, version) == ("completed", "failed", "0", "0")
    records = interactions(cmi)
    assert len(records) == 2 * course.assessment.per_attempt
    wrong = "wrong" if version == "1.2" else "incorrect"
    assert all(r["result"] == wrong for r in records)
    assert session.errors() == []
    assert page_errors(lms_page) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_resume_opens_the_bookmarked_screen_with_progress_and_answers(lms_page, packages, course, version):
    session = LmsSession.launch(lms_page, packages[version], version)
    frame = session.frame
    go_next(frame)
    check = course.quizzes["choice-check"]
    answer_quiz(frame, check, correct=True)
    go_next(frame)  # screen 3 of 5 seen
    go_to(frame, 2)  # bookmark on screen 2
    again = session.relaunch()
    frame = again.frame
    assert [c for c in session.calls() if c["method"] in ("LMSFinish", "Terminate")]
    entry = "cmi.core.entry" if version == "1.2" else "cmi.entry"
    assert again.get(entry) == "resume"
    frame.wait_for_selector("section.screen[data-screen='2']:not([hidden])")
    assert current_title(frame) == "Kinds of questions"
    assert frame.locator("#progress-text").inner_text() == "3 of 5 screens seen"
    form = frame.locator("form#quiz-choice-check")
    assert form.locator("input[value='a'][name$='pick-one']").is_checked()
    assert form.locator("input[value='a'][name$='pick-many']").is_checked()
    assert form.locator("input[value='f'][name$='-tf']").is_checked()
    assert form.locator("li.question").first.locator(".feedback").is_visible()
    assert again.errors() == []
    assert page_errors(lms_page) == []


def test_ab_initio_entry_starts_afresh(lms_page, packages, course):
    session = LmsSession.launch(lms_page, packages["2004"], "2004")
    go_next(session.frame)
    go_next(session.frame)
    session.close_content()
    kept = session.cmi()
    assert kept["cmi.exit"] == "suspend"
    kept["cmi.exit"] = "normal"  # the LMS then starts a new attempt: entry ab-initio
    fresh = LmsSession.launch(lms_page, packages["2004"], "2004", cmi=kept)
    assert fresh.get("cmi.entry") == "ab-initio"
    assert current_number(fresh.frame) == 1
    assert fresh.frame.locator("#progress-text").inner_text() == "1 of 5 screens seen"


@pytest.mark.parametrize("version", VERSIONS)
def test_an_lms_outage_never_blocks_the_learner_and_the_result_arrives_after(lms_page, packages, course, version):
    session = LmsSession.launch(lms_page, packages[version], version)
    frame = session.frame
    session.set_faulting(True)
    visit_all(frame, len(course.screens))
    assert frame.locator("#notice").is_visible()  # the learner is told, not stopped
    result = answer_quiz(frame, course.assessment, correct=True)
    assert "You passed" in result
    injected = [c for c in session.calls() if c.get("injected")]
    assert injected, "the outage should have been hit"
    status_key = "cmi.core.lesson_status" if version == "1.2" else "cmi.success_status"
    assert session.get(status_key) != "passed"
    session.set_faulting(False)
    exit_course(session)
    cmi = session.cmi()
    if version == "1.2":
        assert outcome(cmi, version) == ("passed", "100")
    else:
        assert outcome(cmi, version)[:3] == ("completed", "passed", "100")
    assert len(interactions(cmi)) == course.assessment.per_attempt
    assert [c for c in session.errors() if not c.get("injected")] == []
    assert page_errors(lms_page) == []


def test_an_updated_package_with_other_questions_starts_afresh(lms_page, packages, tmp_path):
    import shutil
    session = LmsSession.launch(lms_page, packages["1.2"], "1.2")
    go_next(session.frame)
    go_next(session.frame)
    session.close_content()
    kept = session.cmi()
    assert kept["cmi.core.exit"] == "suspend" and kept["cmi.suspend_data"]
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    quiz = course / "quizzes" / "welcome-check.yaml"
    quiz.write_text(quiz.read_text() + "  - id: q2\n    type: true-false\n    prompt: New question.\n    answer: true\n")
    build(course, tmp_path / "out", formats=("scorm12",))
    updated = unpack(tmp_path / "out" / f"{STEM}-scorm12.zip", tmp_path / "pkg")
    fresh = LmsSession.launch(lms_page, updated, "1.2", cmi=kept)
    assert fresh.get("cmi.core.entry") == "resume"
    assert current_number(fresh.frame) == 1
    assert fresh.frame.locator("#progress-text").inner_text() == "1 of 5 screens seen"
