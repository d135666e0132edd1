"""The WG3 module: the structure its brief asks for, safe language, and a full run in the LMS."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from builder.build import build
from builder.errors import Reporter
from builder.load import load
from support.lms import LmsSession
from support.player import PASSED_100, complete_correctly, course_of, outcome, unpack

WG3 = Path(__file__).resolve().parents[1] / "course_src" / "wg3-manager-wellbeing"
STIGMATISING = ["commit suicide", "committed suicide", "commits suicide", "the mentally ill", "suffering from",
                "crazy", "psycho", "schizo", "lunatic", "normal people", "insane", "mental patient"]


@pytest.fixture(scope="module")
def course():
    return course_of(WG3)


def test_it_builds_without_warnings():
    reporter = Reporter()
    load(WG3, reporter)
    assert [str(d) for d in reporter.diagnostics] == []


def test_lessons_have_objectives_and_a_knowledge_check(course):
    lessons = [s.lesson for s in course.screens if s.lesson]
    assert len(lessons) >= 8
    for lesson in lessons:
        assert lesson.objectives, lesson.path
        checks = [course.quizzes[q] for q, _ in lesson.quiz_ids if not course.quizzes[q].graded]
        assert checks, f"{lesson.path} has no knowledge check"


def test_the_final_assessment(course):
    quiz = course.assessment
    assert quiz is not None and quiz.graded
    assert len(quiz.questions) >= 12
    assert len({q.type for q in quiz.questions}) >= 4
    assert (quiz.pass_mark, quiz.attempts, quiz.shuffle) == (80, 3, True)
    assert course.screens[-1].quiz is quiz


def test_every_toolkit_resource_is_linked_from_a_lesson(course):
    linked = set()
    for screen in course.screens:
        if screen.lesson:
            for link in screen.lesson.links:
                target = (WG3 / Path(screen.lesson.path).parent / link.href.split("#")[0]).resolve()
                linked.add(target)
    resources = {p.resolve() for p in (WG3 / "resources").iterdir()}
    assert resources and resources <= linked, sorted(str(p) for p in resources - linked)


def test_every_image_has_alt_text(tmp_path):
    build(WG3, tmp_path, formats=("web",))
    pages = list(tmp_path.rglob("*.html")) + list(tmp_path.rglob("screens/*.js"))
    images = 0
    for page in pages:
        text = page.read_text()
        if page.suffix == ".js":  # __cbScreen(n,{"html": ...});
            text = json.loads(text[text.index(",") + 1: text.rindex(")")])["html"]
        for img in lxml_html.fromstring(text).iter("img"):
            images += 1
            assert (img.get("alt") or "").strip(), f"{page}: {img.get('src')}"
    assert images >= 1


@pytest.mark.parametrize("term", STIGMATISING)
def test_no_stigmatising_language(term):
    pattern = re.compile(r"\b" + re.escape(term) + r"\b", re.IGNORECASE)
    hits = [f"{p.relative_to(WG3)}:{n}" for p in sorted(WG3.rglob("*")) if p.suffix in (".md", ".yaml")
            for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert hits == []


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wg3")
    build(WG3, out, formats=("scorm12", "scorm2004"))
    stem = "ifrc-wg3-manager-wellbeing-1.0.0"
    return {"1.2": unpack(out / f"{stem}-scorm12.zip", out / "p12"),
            "2004": unpack(out / f"{stem}-scorm2004.zip", out / "p2004")}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_completing_the_module_correctly_passes_with_100(page, packages, course, version):
    session = LmsSession.launch(page, packages[version], version)
    assert outcome(complete_correctly(session, course), version) == PASSED_100[version]
    assert session.errors() == []
