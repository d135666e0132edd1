"""Course text is text: script tags, `javascript:` addresses and event-handler attributes written
into every text field of a course (Markdown, quiz YAML, front matter, course metadata, a PO
translation) show as the characters they are, in a real browser, and nothing runs: no dialog
opens, no handler fires, no script but the player's is in the page."""
from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from builder.build import build
from builder.load import load
from builder.translate import extract
from support.browser import page_dialogs
from support.player import answer_quiz, course_of, current_number, go_next

MARK = "window.__xss=(window.__xss||0)+1"
PAYLOAD = (f"<script>{MARK};alert(1)</script> <img src=x onerror=\"{MARK};alert(2)\"> "
           f"\"><svg onload=alert(3)> ' onmouseover='alert(4)' x=' javascript:alert(5) "
           f"</script><script>alert(6)</script> \u2028alert(7)// {{{{ 7 + 7 }}}} <!--")
SHOWN = "<script>window.__xss"  # what a learner must see: the text, not a script


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML) holding ``text`` exactly."""
    return json.dumps(text, ensure_ascii=False)


def write_course(root: Path) -> Path:
    course = root / "course"
    (course / "lessons").mkdir(parents=True)
    (course / "quizzes").mkdir()
    (course / "media").mkdir()
    (course / "resources").mkdir()
    (course / "media" / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
                                              '<circle cx="4" cy="4" r="4"/></svg>\n')
    (course / "course.yaml").write_text(
        f"id: payloads\ntitle: {q('Course ' + PAYLOAD)}\nversion: 1.0.0\nlanguage: en\n"
        f"description: {q(PAYLOAD)}\ncopyright: {q(PAYLOAD)}\nauthors: [{q(PAYLOAD)}]\n"
        "outline:\n  - lessons/01-text.md\n  - lessons/02-more.md\n  - quiz: final\nassessment: final\n")
    (course / "lessons" / "01-text.md").write_text(
        f"---\ntitle: {q('Lesson ' + PAYLOAD)}\nobjectives:\n  - {q(PAYLOAD)}\nduration: 2\n---\n\n"
        f"{PAYLOAD}\n\n## Heading {PAYLOAD}\n\n- item {PAYLOAD}\n- *emphasis {PAYLOAD}*\n\n"
        f"| head {PAYLOAD} | b |\n| --- | --- |\n| cell {PAYLOAD} | c |\n\n"
        f"::: note {PAYLOAD}\nInside a callout: {PAYLOAD}\n:::\n\n"
        f"![Alt {PAYLOAD}](../media/dot.svg)\n\n"
        f"[Link words {PAYLOAD}](02-more.md) and [the sheet {PAYLOAD}](../resources/sheet.md) and "
        f"[a web page {PAYLOAD}](https://example.org/?q=%22%3E%3Cscript%3E)\n\n"
        f"`code {PAYLOAD}`\n\n```\n{PAYLOAD}\n```\n\n::: quiz check\n")
    (course / "lessons" / "02-more.md").write_text(f"---\ntitle: More\n---\n\nPlain {PAYLOAD}\n")
    (course / "resources" / "sheet.md").write_text(f"# Sheet {PAYLOAD}\n\nText {PAYLOAD}\n")
    questions = (
        f"  - id: s1\n    type: single\n    prompt: {q('Single ' + PAYLOAD)}\n    options:\n"
        f"      - text: {q('Right ' + PAYLOAD)}\n        correct: true\n        feedback: {q(PAYLOAD)}\n"
        f"      - text: {q('Wrong ' + PAYLOAD)}\n        feedback: {q('fb ' + PAYLOAD)}\n"
        f"    feedback:\n      correct: {q('yes ' + PAYLOAD)}\n      incorrect: {q('no ' + PAYLOAD)}\n"
        f"  - id: m1\n    type: multiple\n    prompt: {q(PAYLOAD)}\n    options:\n"
        f"      - text: {q('A ' + PAYLOAD)}\n        correct: true\n      - text: {q('B ' + PAYLOAD)}\n"
        f"  - id: t1\n    type: true-false\n    prompt: {q(PAYLOAD)}\n    answer: true\n"
        f"  - id: f1\n    type: fill-in\n    prompt: {q(PAYLOAD)}\n    answers: [{q('<img src=x onerror=alert(8)>')}]\n"
        f"  - id: p1\n    type: matching\n    prompt: {q(PAYLOAD)}\n    pairs:\n"
        f"      - {{left: {q('L1 ' + PAYLOAD)}, right: {q('R1 ' + PAYLOAD)}}}\n"
        f"      - {{left: {q('L2 ' + PAYLOAD)}, right: {q('R2 ' + PAYLOAD)}}}\n"
        f"  - id: o1\n    type: ordering\n    prompt: {q(PAYLOAD)}\n    items: [{q('1 ' + PAYLOAD)}, {q('2 ' + PAYLOAD)}]\n")
    (course / "quizzes" / "check.yaml").write_text(f"id: check\ntitle: {q('Check ' + PAYLOAD)}\nkind: check\n"
                                                   f"questions:\n{questions}")
    (course / "quizzes" / "final.yaml").write_text(f"id: final\ntitle: {q('Final ' + PAYLOAD)}\nkind: assessment\n"
                                                   f"pass_mark: 50\nquestions:\n{questions}")
    return course


def translate_with_payloads(course: Path) -> None:
    """locales/fr.po with every translatable text translated as itself plus the payload (links,
    emphasis and code kept, so the translation is valid and used)."""
    extract(load(course), "fr")
    po = polib.pofile(str(course / "locales" / "fr.po"))
    for entry in po:
        if entry.msgctxt and entry.msgctxt.endswith(".answers"):
            entry.msgstr = "<b onclick=alert(9)>x</b>"
        else:
            entry.msgstr = f"{entry.msgid} FR {PAYLOAD}"
    po.save()


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("payloads")
    course = write_course(root)
    translate_with_payloads(course)
    build(course, root / "dist", formats=("web",))
    build(course, root / "dist", formats=("web",), language="fr")
    return {"en": root / "dist" / "payloads-1.0.0-web", "fr": root / "dist" / "payloads-1.0.0-fr-web",
            "course": course}


INSPECT = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const thePrintButton = el.tagName === 'BUTTON' && attr.name === 'onclick' && attr.value === 'window.print()';
      if (/^on/i.test(attr.name) && !thePrintButton) found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
      const theIcon = el.tagName === 'LINK' && attr.value === 'data:,';  // the theme's empty favicon
      if (/^\\s*(javascript|data|vbscript):/i.test(attr.value) && !theIcon) found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
    }
  }
  const scripts = [...document.scripts].map(s => s.type === 'application/json' ? 'json' : s.getAttribute('src'));
  return {found, scripts, xss: window.__xss || 0, text: document.body.textContent};
}"""
PLAYER_SCRIPTS = {"json", "player/scorm.js", "player/player.js", "../player/resource.js"}


def inspect(page) -> dict:
    state = page.evaluate(INSPECT)  # the theme's own print button and empty icon aside
    assert state["xss"] == 0, "a payload ran"
    assert state["found"] == [], state["found"]
    assert all(s in PLAYER_SCRIPTS or (s or "").startswith("screens/") for s in state["scripts"]), state["scripts"]
    return state


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_payload_runs_anywhere_in_the_package(page, packages, language):
    folder = packages[language]
    course = course_of(packages["course"], None if language == "en" else language)
    page.goto((folder / "index.html").as_uri())
    texts = [inspect(page)["text"]]
    while current_number(page) < len(course.screens):
        if page.locator("section.screen:not([hidden]) form.quiz").count():
            screen = course.screens[current_number(page) - 1]
            quiz = screen.quiz or course.quizzes[screen.lesson.quiz_ids[0][0]]
            answer_quiz(page, quiz, correct=False)  # shows every feedback, option feedback included
            texts.append(inspect(page)["text"])
        go_next(page)
        texts.append(inspect(page)["text"])
    answer_quiz(page, course.assessment, correct=False)
    texts.append(inspect(page)["text"])
    assert SHOWN in "".join(texts)  # the payload is on the page, as text
    resource = folder / "resources" / "sheet.html"
    page.goto(resource.as_uri())
    assert SHOWN in inspect(page)["text"]
    assert page_dialogs(page) == []
