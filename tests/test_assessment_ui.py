"""What a learner sees of an assessment, in Chromium: the answer key sealed until `reveal` allows it,
the results after each attempt, one question per screen with the keyboard alone, unanswered
questions named and linked, axe clean in English and Arabic, and no "Correct. Correct."."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.build import build
from builder.catalogue import catalogue
from builder.verify.judge import interactions
from support.axe import run_axe
from support.lms import LmsSession
from support.player import go_to, unpack

EXAMPLE = Path(__file__).parent / "fixtures" / "example"
QUIZ = "final-assessment"
SECRET = "quixotically"  # the accepted fill-in answer: nowhere else in the course
HINT = "The colour of a clear sky is what you want."  # incorrect: feedback that gives the answer away

ASSESSMENT = f"""id: {QUIZ}
title: Final assessment
kind: assessment
pass_mark: 80
attempts: 2
layout: {{layout}}
questions:
  - id: colour
    type: single
    prompt: Which colour is a clear sky?
    review: ../lessons/02-kinds-of-questions.md
    options:
      - text: Grass green
      - text: Cerulean blue
        correct: true
      - text: Brick red
    feedback:
      incorrect: "{HINT}"
  - id: word
    type: fill-in
    prompt: Which word means 'in an idealistic way'?
    answers: [{SECRET}]
  - id: known
    type: true-false
    prompt: A knowledge check is graded.
    answer: false
    feedback:
      correct: "Correct. A check is for practice."
      incorrect: "Not quite: a check is for practice."
  - id: match
    type: matching
    prompt: Match each stage to what it does.
    pairs:
      - left: Load
        right: Reads every file of the course folder and reports each mistake at its line
      - left: Render
        right: Turns the validated course into the player's pages, one script per screen
"""


def course_dir(tmp: Path, layout: str = "one-per-screen", language: str = "en") -> Path:
    course = tmp / f"course-{layout}-{language}"
    shutil.copytree(EXAMPLE, course)
    (course / "quizzes" / f"{QUIZ}.yaml").write_text(ASSESSMENT.format(layout=layout))
    yaml = course / "course.yaml"
    text = yaml.read_text().replace("language: en", f"language: {language}")
    yaml.write_text(text + "assessment_opens: anytime\n")
    return course


def package(tmp: Path, **kwargs) -> Path:
    course = course_dir(tmp, **kwargs)
    out = tmp / f"dist-{course.name}"
    build(course, out, formats=("scorm12",))
    return unpack(next(out.glob("*-scorm12.zip")), out / "pkg")


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> Path:
    return package(tmp_path_factory.mktemp("one"))


def open_assessment(page, pkg: Path):
    session = LmsSession.launch(page, pkg, "1.2")
    frame = session.frame
    frame.evaluate("() => { location.hash = '#s5'; }")  # the contents are folded on a phone
    frame.wait_for_selector("section.screen[data-screen='5']:not([hidden])")
    return session, frame


def source_of(pkg: Path) -> str:
    return (pkg / "index.html").read_text() + "".join(p.read_text() for p in sorted((pkg / "screens").glob("*.js")))


def answer_one_per_screen(frame, right: bool, skip: tuple[str, ...] = ()) -> None:
    form = frame.locator(f"form#quiz-{QUIZ}")
    answers = {"colour": "b" if right else "a", "known": "f" if right else "t"}
    for _ in range(4):
        li = form.locator("li.question:visible")
        qid = li.get_attribute("id").rsplit("-", 1)[1]
        if qid in answers and qid not in skip:
            li.locator(f"input[value='{answers[qid]}']").check()
        elif qid == "word" and qid not in skip:
            li.locator("input").fill(SECRET if right else "wrong")
        elif qid == "match" and qid not in skip:
            for item, key in (("a", "a"), ("b", "b")) if right else (("a", "b"), ("b", "a")):
                li.locator(f"select[data-item='{item}']").select_option(key)
        form.locator("button.q-next").click()


def submit(frame) -> str:
    form = frame.locator(f"form#quiz-{QUIZ}")
    form.locator("button.submit").click()
    form.locator(".results-title").wait_for()
    return form.locator("[role=status]").inner_text()


def test_the_answer_key_is_sealed_until_the_last_attempt(page, one):
    source = source_of(one)
    assert SECRET not in source and HINT not in source  # neither in the page nor in the screens' scripts
    data = json.loads(source_of(one).split("__cbScreen(5,", 1)[1].rsplit(");", 1)[0])
    for question in data["quizzes"][0]["questions"]:  # the answer key only sealed
        assert set(question) == {"id", "type", "points", "prompt", "rv", "k"}
    session, frame = open_assessment(page, one)
    answer_one_per_screen(frame, right=False)
    result = submit(frame)
    assert "You have 1 attempt left" in result
    dom = frame.content()
    assert SECRET not in dom and HINT not in dom
    assert "The right answer:" not in frame.locator(f"form#quiz-{QUIZ}").evaluate("f => f.outerHTML")
    colour = frame.locator(f"li#q-{QUIZ}-colour .feedback")
    assert colour.inner_text().startswith("Not quite.")
    assert "Kinds of questions" in colour.inner_text()  # the lesson to review, linked
    assert frame.locator(f"form#quiz-{QUIZ} .results-more").inner_text().count(
        "The right answers are shown once you pass or have no attempts left.") == 1
    frame.locator(f"form#quiz-{QUIZ} button.retry").click()
    answer_one_per_screen(frame, right=False)
    submit(frame)  # the last attempt: now the answers show
    dom = frame.content()
    assert SECRET in dom and HINT in dom
    assert "The right answer: Cerulean blue" in frame.locator(f"li#q-{QUIZ}-colour .feedback").inner_text()
    assert session.errors() == []


def test_results_say_what_happens_next_and_link_what_to_review(page, one):
    session, frame = open_assessment(page, one)
    answer_one_per_screen(frame, right=False)
    submit(frame)
    form = frame.locator(f"form#quiz-{QUIZ}")
    assert frame.evaluate("() => document.activeElement.className") == "results-title"
    status = form.locator("[role=status]").inner_text()
    assert "You scored 0%. The pass mark is 80%." in status
    more = form.locator(".results-more")
    assert "Review the lessons linked below, then start a new attempt" in more.inner_text()
    assert more.locator("ul").first.locator("li").count() == 4  # every question was wrong
    assert "Screens still to see:" in more.inner_text()  # only the first and last screen were opened
    assert more.locator(".screen-list a").count() == 3
    assert form.locator("button.retry").is_visible()
    more.locator("a[data-screen='2']").first.click()
    frame.wait_for_selector("section.screen[data-screen='2']:not([hidden])")
    go_to(frame, 5)
    form.locator("button.retry").click()
    answer_one_per_screen(frame, right=False)
    submit(frame)
    assert "If you need another attempt" in more.inner_text()
    assert not form.locator("button.retry").is_visible()


def test_never_correct_twice(page, one):
    session, frame = open_assessment(page, one)
    answer_one_per_screen(frame, right=True)
    assert "You passed" in submit(frame)
    known = frame.locator(f"li#q-{QUIZ}-known .feedback").inner_text()
    assert known == "Correct. A check is for practice."
    assert frame.locator(f"li#q-{QUIZ}-colour .feedback").inner_text() == "Correct."


def test_unanswered_questions_are_named_and_linked(page, one, tmp_path):
    session, frame = open_assessment(page, one)
    form = frame.locator(f"form#quiz-{QUIZ}")
    assert form.locator("li.question:visible").count() == 1
    assert form.locator("li.question:visible .q-number").inner_text() == "Question 1 of 4"
    answer_one_per_screen(frame, right=True, skip=("word",))
    review = form.locator(".q-review")
    assert review.is_visible() and form.locator("button.submit").is_visible()
    assert "Question 2 is not answered." in review.inner_text()
    review.get_by_role("link", name="Question 2 is not answered.").click()
    assert form.locator("li.question:visible").get_attribute("id") == f"q-{QUIZ}-word"
    assert not form.locator("button.submit").is_visible()
    # The page layout names them too, in the status, when submitting.
    page2 = package(tmp_path, layout="page")
    session, frame = open_assessment(page, page2)
    form = frame.locator(f"form#quiz-{QUIZ}")
    form.locator(f"li#q-{QUIZ}-colour input[value='b']").check()
    form.locator("button.submit").click()
    status = form.locator("[role=status]")
    assert "Question 2 is not answered." in status.inner_text() and "Question 4 is not answered." in status.inner_text()
    status.get_by_role("link", name="Question 3 is not answered.").click()
    assert frame.evaluate("() => document.activeElement.closest('li').id") == f"q-{QUIZ}-known"


def tab_to(page, frame, check: str, most: int = 80) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if frame.evaluate(f"() => {{ const a = document.activeElement; return !!({check}); }}"):
            return
    raise AssertionError(f"not reachable with Tab: {check}")


def test_one_per_screen_with_the_keyboard_alone(page, one):
    session, frame = open_assessment(page, one)
    frame.locator("section.screen:not([hidden]) h1").focus()
    for _ in range(4):
        qid = frame.evaluate(f"() => [...document.querySelectorAll('#quiz-{QUIZ} li.question')].find(l => !l.hidden).id.split('-').pop()")
        if qid == "colour":
            tab_to(page, frame, "a.type === 'radio'")
            while frame.evaluate("() => document.activeElement.value") != "b":
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        elif qid == "known":
            tab_to(page, frame, "a.type === 'radio'")
            page.keyboard.press("ArrowDown")  # True → False
        elif qid == "word":
            tab_to(page, frame, "a.type === 'text'")
            page.keyboard.type(SECRET)
        else:
            for item in ("a", "b"):
                tab_to(page, frame, f"a.dataset && a.dataset.item === '{item}'")
                page.keyboard.press("ArrowDown")  # the first answer of the list...
                while frame.evaluate("() => document.activeElement.value") != item:
                    page.keyboard.press("ArrowDown")  # ...to the right one (a select changes with arrows)
        tab_to(page, frame, "a.classList.contains('q-next')")
        page.keyboard.press("Enter")
        assert frame.evaluate("() => document.activeElement.tagName") in ("LEGEND", "H2")
    tab_to(page, frame, "a.classList.contains('submit')")
    page.keyboard.press("Enter")
    frame.locator(f"form#quiz-{QUIZ} .results-title").wait_for()
    assert "You passed" in frame.locator(f"form#quiz-{QUIZ} [role=status]").inner_text()
    assert [r["result"] for r in interactions(session.cmi())] == ["correct"] * 4


@pytest.mark.parametrize("language", ["en", "ar"])
def test_one_per_screen_and_results_are_axe_clean(page, tmp_path, language):
    pkg = package(tmp_path, language=language)
    session, frame = open_assessment(page, pkg)
    assert run_axe(frame) == []
    answer_one_per_screen(frame, right=False, skip=("word",))
    assert frame.locator(f"form#quiz-{QUIZ} .q-review").is_visible()
    assert catalogue(language)["not_answered"].replace("{n}", "2") in frame.locator(f"form#quiz-{QUIZ} .q-review").inner_text()
    assert run_axe(frame) == []
    frame.locator(f"form#quiz-{QUIZ} .q-review a").click()
    frame.locator(f"li#q-{QUIZ}-word input").fill("x")
    for _ in range(3):
        frame.locator(f"form#quiz-{QUIZ} button.q-next").click()
    submit(frame)
    assert run_axe(frame) == []


@pytest.mark.parametrize("width", [375, 1280])
def test_a_chosen_match_reads_in_full_on_a_phone_and_a_desktop(page, one, width):
    page.set_viewport_size({"width": width, "height": 900})
    session, frame = open_assessment(page, one)
    for _ in range(3):
        frame.locator(f"form#quiz-{QUIZ} button.q-next").click()
    li = frame.locator(f"li#q-{QUIZ}-match")
    for item, text in (("a", "Reads every file of the course folder and reports each mistake at its line"),
                       ("b", "Turns the validated course into the player's pages, one script per screen")):
        li.locator(f"select[data-item='{item}']").select_option(item)
        echo = li.locator(f"select[data-item='{item}'] + .chosen")
        assert echo.inner_text() == text
        assert echo.evaluate("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= innerWidth")


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_partial_credit_is_scored_and_reported_as_the_share_right(page, tmp_path, version):
    course = course_dir(tmp_path, layout="page")
    quiz = course / "quizzes" / f"{QUIZ}.yaml"
    quiz.write_text(quiz.read_text().replace("layout: page", "layout: page\nscoring: partial"))
    build(course, tmp_path / "dist", formats=("scorm12", "scorm2004"))
    name = "scorm12" if version == "1.2" else "scorm2004"
    pkg = unpack(next((tmp_path / "dist").glob(f"*-{name}.zip")), tmp_path / name)
    session = LmsSession.launch(page, pkg, version)
    frame = session.frame
    go_to(frame, 5)
    form = frame.locator(f"form#quiz-{QUIZ}")
    form.locator(f"li#q-{QUIZ}-colour input[value='b']").check()
    form.locator(f"li#q-{QUIZ}-word input").fill(SECRET)
    form.locator(f"li#q-{QUIZ}-known input[value='f']").check()
    for item in ("a", "b"):  # both items given the first answer: one of the two pairs right
        form.locator(f"li#q-{QUIZ}-match select[data-item='{item}']").select_option("a")
    assert "You scored 88%" in submit(frame)  # 3 points and half of 1, of 4
    records = {r["id"]: r for r in interactions(session.cmi())}
    assert records[f"{QUIZ}.match"]["result"] == "0.5"
    assert records[f"{QUIZ}.colour"]["result"] == "correct"
    assert session.errors() == []
