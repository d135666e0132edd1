"""The completion rule (course.yaml `completion:`): the same documented status in SCORM 1.2, SCORM 2004
and the offline player, the tables in the docs generated from one source, the assessment that opens
only after every screen, and the admins' note in the manifests."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from builder.build import build
from builder.catalogue import ADMIN_PREFIX, catalogue
from builder import docs
from builder.completion import RULES, markdown, status
from support.lms import LmsSession
from support.player import answer_quiz, course_of, go_to, retry, unpack, visit_all
from support.schemas import validate_manifest
from support.axe import run_axe

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = Path(__file__).parent / "fixtures" / "example"
STEM = "example-course-1.2.0"
MODES = ["1.2", "2004", "web"]
T = catalogue("en")


def example_with(tmp: Path, name: str, extra: str) -> Path:
    course = tmp / name
    shutil.copytree(EXAMPLE, course)
    config = course / "course.yaml"
    config.write_text(config.read_text() + extra)
    return course


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(rule, mode) → the unpacked package or web folder of the example course under that rule."""
    out = tmp_path_factory.mktemp("rules")
    found = {}
    for rule in RULES:
        dist = out / rule / "dist"
        build(example_with(out / rule, "course", f"completion: {rule}\n"), dist)
        found[(rule, "1.2")] = unpack(dist / f"{STEM}-scorm12.zip", out / rule / "p12")
        found[(rule, "2004")] = unpack(dist / f"{STEM}-scorm2004.zip", out / rule / "p2004")
        found[(rule, "web")] = dist / f"{STEM}-web"
    return found


@pytest.fixture(scope="module")
def course():
    return course_of(EXAMPLE)


class Learner:
    """One learner in one package: the player's frame, and what the LMS (if any) holds."""

    def __init__(self, page, package: Path, mode: str):
        self.mode = mode
        if mode == "web":
            page.goto((package / "index.html").as_uri())
            self.frame, self.session = page, None
        else:
            self.session = LmsSession.launch(page, package, mode)
            self.frame = self.session.frame

    def assert_reports(self, rule: str, all_seen: bool, passed: bool, exhausted: bool) -> None:
        expected = status(rule, True, all_seen, passed, exhausted)
        line = self.frame.locator("#course-status")
        if expected.shown:
            assert line.inner_text() == T[expected.shown]
        else:
            assert line.is_hidden()
        if self.session is None:
            return
        cmi = self.session.cmi()
        if self.mode == "1.2":
            got = (cmi["cmi.core.lesson_status"], bool(cmi.get("cmi.core.score.raw")))
            assert got == (expected.lesson_status, expected.score), (rule, all_seen, passed, exhausted)
        else:
            got = (cmi["cmi.completion_status"], cmi["cmi.success_status"], bool(cmi.get("cmi.score.raw")))
            assert got == (expected.completion, expected.success, expected.score), (rule, all_seen, passed, exhausted)
            if expected.completion == "completed":
                assert cmi["cmi.progress_measure"] == "1"
        assert self.session.errors() == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("rule", RULES)
def test_all_screens_then_pass(page, packages, course, rule, mode):
    learner = Learner(page, packages[(rule, mode)], mode)
    visit_all(learner.frame, len(course.screens))
    learner.assert_reports(rule, all_seen=True, passed=False, exhausted=False)
    answer_quiz(learner.frame, course.assessment, correct=True)
    learner.assert_reports(rule, all_seen=True, passed=True, exhausted=False)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("rule", RULES)
def test_skip_to_the_assessment_and_pass(page, packages, course, rule, mode):
    learner = Learner(page, packages[(rule, mode)], mode)
    last = len(course.screens)
    go_to(learner.frame, last)
    answer_quiz(learner.frame, course.assessment, correct=True)
    learner.assert_reports(rule, all_seen=False, passed=True, exhausted=False)
    for number in range(2, last):  # the screens skipped: the course may only now be complete
        go_to(learner.frame, number)
    learner.assert_reports(rule, all_seen=True, passed=True, exhausted=False)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("rule", RULES)
def test_all_screens_and_fail_with_attempts_left_then_none(page, packages, course, rule, mode):
    learner = Learner(page, packages[(rule, mode)], mode)
    visit_all(learner.frame, len(course.screens))
    answer_quiz(learner.frame, course.assessment, correct=False)
    learner.assert_reports(rule, all_seen=True, passed=False, exhausted=False)
    retry(learner.frame, course.assessment)
    answer_quiz(learner.frame, course.assessment, correct=False)
    learner.assert_reports(rule, all_seen=True, passed=False, exhausted=True)


def test_the_rule_never_reports_a_result_while_attempts_remain():
    """The principles, independent of the table's layout: no score and no `failed` before the result is
    final; SCORM 1.2 says `completed` under `screens`; 1.2 and 2004 agree on completion."""
    for rule in RULES:
        for seen in (False, True):
            for passed in (False, True):
                for exhausted in (False, True):
                    s = status(rule, True, seen, passed, exhausted)
                    if not (passed or exhausted):
                        assert not s.score and "failed" not in (s.lesson_status, s.success)
                    assert (s.lesson_status != "incomplete") == (s.completion == "completed")
                    if rule == "screens":
                        assert s.lesson_status in ("incomplete", "completed")
    assert status("both", True, False, True, False).completion == "incomplete"
    assert status("assessment", True, False, True, False).lesson_status == "passed"
    assert status("screens", True, True, False, False).lesson_status == "completed"


def test_the_docs_tables_are_the_rule():
    for doc in ("tracking.md", "admin-guide.md"):
        assert docs.block("status-table", markdown()) in (ROOT / "docs" / doc).read_text(encoding="utf-8"), doc


# ---- the assessment that opens after every screen ----------------------------------------------
@pytest.fixture(scope="module")
def locked(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("locked")
    folders = {}
    for language in ("en", "ar"):
        extra = "assessment_opens: after-screens\n"
        course = example_with(out / language, "course", extra)
        config = course / "course.yaml"
        config.write_text(config.read_text().replace("language: en", f"language: {language}"))
        build(course, out / language / "dist", formats=("web",))
        folders[language] = out / language / "dist" / f"{STEM}-web"
    return folders


def note(frame):
    return frame.locator("section.screen:not([hidden]) .assessment-note")


def test_a_locked_assessment_says_why_and_links_the_screens_left(page, locked, course):
    page.goto((locked["en"] / "index.html").as_uri())
    last = len(course.screens)
    go_to(page, last)
    form = page.locator(f"form#quiz-{course.assessment.id}")
    assert form.is_hidden()
    assert note(page).locator("p").all_inner_texts() == [T["assessment_locked"], T["screens_to_see"]]
    titles = [s.title for s in course.screens[1:-1]]
    assert note(page).locator("a").all_inner_texts() == titles
    note(page).get_by_role("link", name=titles[0], exact=True).click()
    page.wait_for_selector("section.screen[data-screen='2']:not([hidden])")
    for number in range(3, last):
        go_to(page, number)
    go_to(page, last)
    assert form.is_visible() and note(page).count() == 0
    answer_quiz(page, course.assessment, correct=True)
    assert page.locator("#course-status").inner_text() == T["course_passed"]
    assert run_axe(page) == []


def test_passing_with_screens_left_lists_them(page, packages, course):
    page.goto((packages[("both", "web")] / "index.html").as_uri())
    last = len(course.screens)
    go_to(page, last)
    answer_quiz(page, course.assessment, correct=True)
    assert note(page).locator("p").inner_text() == T["complete_remaining"]
    assert note(page).locator("a").count() == last - 2
    for number in range(2, last):
        go_to(page, number)
    go_to(page, last)
    assert note(page).count() == 0
    assert page.locator("#course-status").inner_text() == T["course_passed"]


def test_the_locked_assessment_is_accessible_in_arabic(page, locked, course):
    page.goto((locked["ar"] / "index.html").as_uri())
    go_to(page, len(course.screens))
    assert note(page).is_visible()
    assert note(page).locator("p").first.inner_text() == catalogue("ar")["assessment_locked"]
    assert run_axe(page) == []


# ---- loader and manifests ----------------------------------------------------------------------
def test_the_page_carries_the_rule_and_no_admin_strings(packages):
    html = (packages[("assessment", "web")] / "index.html").read_text()
    start = html.index('id="course-config">') + len('id="course-config">')
    config = json.loads(html[start:html.index("</script>", start)])
    assert config["status"][2]["lesson"] == "passed"  # passed, screens left: complete under `assessment`
    assert not [k for k in config["strings"] if k.startswith(ADMIN_PREFIX)]


def manifest_of(zip_path: Path, name: str = "imsmanifest.xml") -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(zip_path).read(name))


@pytest.mark.parametrize("rule", RULES)
def test_manifests_state_the_rule_for_admins_and_stay_valid(tmp_path, rule):
    course = example_with(tmp_path, "course", f"completion: {rule}\n")
    for lesson in (course / "lessons").glob("*.md"):
        text = lesson.read_text()
        if "\nduration:" not in text:
            lesson.write_text(text.replace("\n---\n", "\nduration: 5\n---\n", 1))
    build(course, tmp_path / "dist", formats=("scorm12", "scorm2004"))
    z12, z2004 = tmp_path / "dist" / f"{STEM}-scorm12.zip", tmp_path / "dist" / f"{STEM}-scorm2004.zip"
    assert validate_manifest(zipfile.ZipFile(z12).read("imsmanifest.xml"), "1.2") == []
    assert validate_manifest(zipfile.ZipFile(z2004).read("imsmanifest.xml"), "2004-3") == []
    m12, lom = manifest_of(z12), manifest_of(z2004, "metadata.xml")
    note12 = m12.findtext(".//{*}educational/{*}description/{*}langstring")
    note2004 = lom.findtext(".//{*}educational/{*}description/{*}string")
    assert note12 == note2004
    minutes = 3 + 5 + 4 + 5
    assert note12 == " ".join([T["admin_heading"], "5 screens.", f"About {minutes} minutes.", T[f"admin_rule_{rule}"],
                               "Pass mark: 80%.", "Attempts: 2.", T["admin_score"]])
    assert m12.findtext(".//{*}typicallearningtime/{*}datetime") == f"PT{minutes}M"
    assert lom.findtext(".//{*}typicalLearningTime/{*}duration") == f"PT{minutes}M"
    mastery = m12.findtext(".//{*}masteryscore")
    assert mastery == (None if rule == "screens" else "80")


def test_the_course_duration_is_what_admins_are_told(tmp_path):
    """course.yaml `duration` covers the whole course (checks and assessment too): it wins over the
    lessons' reading times, also when a lesson gives none."""
    course = example_with(tmp_path, "course", "duration: 65\n")
    build(course, tmp_path / "dist", formats=("scorm12", "scorm2004"))
    m12 = manifest_of(tmp_path / "dist" / f"{STEM}-scorm12.zip")
    lom = manifest_of(tmp_path / "dist" / f"{STEM}-scorm2004.zip", "metadata.xml")
    assert m12.findtext(".//{*}typicallearningtime/{*}datetime") == "PT1H5M"
    assert lom.findtext(".//{*}typicalLearningTime/{*}duration") == "PT1H5M"
    assert "About 65 minutes." in m12.findtext(".//{*}educational/{*}description/{*}langstring")


def test_without_every_lesson_duration_no_learning_time_is_guessed(tmp_path):
    build(EXAMPLE, tmp_path, formats=("scorm12",))
    m12 = manifest_of(tmp_path / f"{STEM}-scorm12.zip")
    assert m12.find(".//{*}typicallearningtime") is None
    assert "minutes" not in m12.findtext(".//{*}educational/{*}description/{*}langstring")
