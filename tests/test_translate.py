"""Translating a course through PO files: extract, merge after changes, build in another
language (every visible text translated, LMS results unchanged), broken translations reported
at their PO line, and an Arabic build that passes axe."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from builder.build import build
from builder.load import load
from builder.catalogue import catalogue
from builder.cli import main
from builder.errors import AuthoringError, SourceRef
from builder.translate import check_translation, extract, read_catalog, translate_course
from builder.translate.units import parse_inline
from support.lms import LmsSession
from support.player import (PASSED_100, complete_correctly, course_of, drawn, fill_question, next_question_until, outcome,
                            unpack)
from builder.verify.judge import interactions
from support.po import fill, prefixed
from support.axe import run_axe

EXAMPLE = Path(__file__).parent / "fixtures" / "example"
STEM = "example-course-1.2.0"


def translated_example(tmp: Path, language: str, prefix: str) -> Path:
    course = tmp / f"course-{language}"
    shutil.copytree(EXAMPLE, course)
    extract(load(course), language)
    fill(course / "locales" / f"{language}.po", prefix)
    return course


def plain(markdown_text: str) -> str:
    """What a learner reads of inline Markdown: its text, without marks or link targets."""
    parts = []

    def visit(tokens):
        for t in tokens:
            if t.type in ("text", "code_inline"):
                parts.append(t.content)
            elif t.type in ("softbreak", "hardbreak"):
                parts.append(" ")

    visit(parse_inline(markdown_text))
    return " ".join("".join(parts).split())


def entries(po_path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(po_path)) if not e.obsolete]


# -- 1. round trip -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def french(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("fr")
    course = translated_example(tmp, "fr", "FR: ")
    out = tmp / "dist"
    build(course, out, language="fr")
    return {"course": course, "out": out}


def test_extract_writes_one_entry_per_unit_with_reference_and_stable_context(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    result = extract(load(course), "fr")
    po = course / "locales" / "fr.po"
    assert result.path == po and result.new == result.units
    found = {(e.msgctxt, e.msgid): e for e in entries(po)}
    paragraph = found[("lessons/01-welcome.md", "This course shows every feature of the **course format**.")]
    assert paragraph.occurrences == [("lessons/01-welcome.md", "9")] and "md-text" in paragraph.flags
    assert ("course.yaml#title", "Example course") in found
    assert ("course.yaml#description", "A small course that uses every feature of the format, for tests.") in found
    assert ("lessons/01-welcome.md#objectives", "Open a resource from the toolkit") in found
    assert ("lessons/01-welcome.md", "About this course") in found  # callout title
    assert ("lessons/01-welcome.md", "A blue circle on a white background") in found  # image alt text
    assert ("lessons/01-welcome.md", "Next screens") in found  # table cell
    assert ("lessons/01-welcome.md", "What you will see") in found  # heading
    assert found[("quizzes/final-assessment.yaml#a4.answers", "SCORM 1.2")].occurrences == [
        ("quizzes/final-assessment.yaml", "37")]
    for key in [("quizzes/final-assessment.yaml#a1.prompt", "Which control moves to the next screen?"),
                ("quizzes/final-assessment.yaml#a1.options", "Exit"),
                ("quizzes/final-assessment.yaml#a1.options.feedback", "Exit ends the session."),
                ("quizzes/choice-check.yaml#pick-one.feedback.correct", "Right, it is blue."),
                ("quizzes/choice-check.yaml#pick-one.feedback.incorrect", "Look at the image again."),
                ("quizzes/other-check.yaml#match.pairs.left", "Listen"),
                ("quizzes/other-check.yaml#match.pairs.right", "Ask about needs"),
                ("quizzes/other-check.yaml#order.items", "Prepare"),
                ("quizzes/final-assessment.yaml#title", "Final assessment"),
                ("resources/checklist.md", "Checklist"),
                ("resources/plan.md", "Plan template"),
                ("resources/plan.md", "When")]:
        assert key in found, key
    # File by file in outline order (the quizzes, then the scenarios, a lesson shows come after it), then
    # resources.
    files = [e.occurrences[0][0] for e in entries(po)]
    order = list(dict.fromkeys(files))
    assert order == ["course.yaml", "lessons/01-welcome.md", "quizzes/welcome-check.yaml",
                     "lessons/02-kinds-of-questions.md", "quizzes/choice-check.yaml", "lessons/03-more-questions.md",
                     "quizzes/other-check.yaml", "lessons/04-summary.md", "scenarios/amira-after-the-flood.yaml",
                     "quizzes/final-assessment.yaml",
                     "resources/checklist.md", "resources/plan.md"]
    text = po.read_text()
    assert "POT-Creation-Date" not in text and "PO-Revision-Date" not in text
    extract(load(course), "fr")
    assert po.read_text() == text  # nothing changes when nothing changed


def test_the_translation_is_a_new_model_and_the_source_is_untouched(french):
    source = load(french["course"])
    before = [t.content for s in source.screens if s.lesson for t in s.lesson.tokens]
    catalog = read_catalog(french["course"] / "locales" / "fr.po", "fr")
    result = translate_course(source, catalog)
    assert result.diagnostics == () and result.translated == result.total
    assert [t.content for s in source.screens if s.lesson for t in s.lesson.tokens] == before
    assert source.title == "Example course" and result.course.title == "FR: Example course"
    assert result.course.language == "fr"
    final = result.course.assessment
    assert [o.correct for o in final.questions[0].options] == [o.correct for o in source.assessment.questions[0].options]
    assert final.questions[3].answers == ("FR: 1.2", "FR: SCORM 1.2")


def test_french_packages_have_the_language_in_their_names_html_and_manifest(french):
    out = french["out"]
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}-fr-items.csv", f"{STEM}-fr-items.html",
                                                     f"{STEM}-fr-scorm12.zip", f"{STEM}-fr-scorm2004.zip",
                                                     f"{STEM}-fr-web"]
    items = (out / f"{STEM}-fr-items.csv").read_text(encoding="utf-8-sig")
    assert "FR: Final assessment" in items and "t: Vrai" in items  # the questions as French learners read them
    html = (out / f"{STEM}-fr-web" / "index.html").read_text()
    assert '<html lang="fr" dir="ltr">' in html
    assert catalogue("fr")["next"] in html
    assert 'id="s1-what-you-will-see"' in html  # the translated heading keeps its anchor
    import zipfile
    manifest = zipfile.ZipFile(out / f"{STEM}-fr-scorm12.zip").read("imsmanifest.xml").decode()
    assert "<imsmd:language>fr</imsmd:language>" in manifest and 'xml:lang="fr">FR: Example course<' in manifest
    assert 'identifier="example-course-fr" version=' in manifest  # not taken for a new version of the English one
    lom = zipfile.ZipFile(out / f"{STEM}-fr-scorm2004.zip").read("metadata.xml").decode()
    assert "<language>fr</language>" in lom
    resource = (out / f"{STEM}-fr-web" / "resources" / "checklist.html").read_text()
    assert "FR: Checklist" in resource and "☐ FR: First item" in resource  # `[ ]` is written as its box


def _ui_pattern(language: str) -> re.Pattern:
    """Any run of player strings of the catalogue (numbers where they have placeholders)."""
    alternatives = []
    for key, value in catalogue(language).items():
        if key == "page_title":
            continue
        escaped = re.escape(" ".join(value.split())).replace("\\ ", "\\s+")  # no-break spaces too
        alternatives.append(re.sub(r"\\\{\w+\\\}", r"\\d+", escaped))
    alternatives.append(r"\d+")  # the positions of an ordering question
    one = "(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + ")"
    return re.compile(rf"{one}(?:\s+{one})*")


VISIBLE_TEXT = """() => {
  const screen = document.querySelector('section.screen:not([hidden])');
  const blocks = 'p, li, h1, h2, h3, h4, h5, h6, th, td, legend, label, option, button, .callout-title';
  const walker = document.createTreeWalker(screen, NodeFilter.SHOW_TEXT);
  const groups = [], index = new Map();
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || el.closest('[hidden]')) continue;
    if (!(el.closest('select') || el).checkVisibility()) continue;
    const block = el.closest(blocks) || el;
    if (!index.has(block)) { index.set(block, groups.length); groups.push([]); }
    groups[index.get(block)].push(node.textContent);
  }
  return groups;
}"""


def test_every_visible_text_of_every_french_screen_is_translated(page, french):
    """Walk the French web build, answer and submit every quiz (so feedback shows), and compare
    the visible text of each screen with the PO translations: only catalogue strings may be left."""
    po = french["course"] / "locales" / "fr.po"
    translations = {plain(e.msgstr) for e in entries(po)}
    ui = _ui_pattern("fr")
    course = course_of(french["course"], "fr")
    page.goto((french["out"] / f"{STEM}-fr-web" / "index.html").as_uri())
    seen, wrong, undrawn = set(), [], []
    for screen in course.screens:
        if screen.number > 1:
            page.locator("#next").click()
            page.wait_for_selector(f"section.screen[data-screen='{screen.number}']:not([hidden])")
        quizzes = [course.quizzes[q] for q, _ in screen.lesson.quiz_ids] if screen.lesson else [screen.quiz]
        for quiz in quizzes:
            form = page.locator(f"form#quiz-{quiz.id}")
            shown = drawn(page, quiz)
            undrawn += [f"quizzes/{quiz.id}.yaml#{q.id}" for q in quiz.questions if q not in shown]
            for question in shown:  # the questions this attempt shows, one screen at a time if so
                next_question_until(form, form.locator(f"li#q-{quiz.id}-{question.id}"))
                fill_question(form, question, correct=True)
            next_question_until(form, form.locator("button.submit"))
            form.locator("button.submit").click()
            page.wait_for_function("(id) => document.querySelector('#quiz-' + id + ' [role=status]')"
                                   ".textContent.trim() !== ''", arg=quiz.id)
        for nodes in page.evaluate(VISIBLE_TEXT):
            kept = [n for n in nodes if not ui.fullmatch(" ".join(n.split()))]
            text = " ".join("".join(kept).split())
            if not text:
                continue
            seen.add(text)
            if text not in translations:
                wrong.append((screen.number, text))
    assert wrong == []
    # And every text a learner must see is there (not just nothing untranslated).
    hidden_until_chosen = (".answers", ".options.feedback", ".feedback.incorrect")
    expected = {plain(e.msgstr) for e in entries(po)
                if e.msgctxt.startswith(("lessons/", "quizzes/")) and not e.msgctxt.endswith(hidden_until_chosen)
                and "alt text" not in e.comment  # and not a pool's question this attempt did not draw:
                and not any(e.msgctxt == u or e.msgctxt.startswith(u + ".") for u in undrawn)}
    assert expected - seen == set()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_french_packages_pass_the_all_correct_lms_test(page, french, tmp_path, version):
    name = "scorm12" if version == "1.2" else "scorm2004"
    package = unpack(french["out"] / f"{STEM}-fr-{name}.zip", tmp_path / "pkg")
    course = course_of(french["course"], "fr")
    session = LmsSession.launch(page, package, version)
    cmi = complete_correctly(session, course)
    assert outcome(cmi, version) == PASSED_100[version]
    records = interactions(cmi)
    assert len(records) == course.assessment.per_attempt
    assert all(r["result"] == "correct" for r in records)
    response = "student_response" if version == "1.2" else "learner_response"
    assert {r["id"]: r[response] for r in records}["final-assessment.a4"] == "FR: 1.2"
    assert session.errors() == []


# -- 2. the source changes ---------------------------------------------------------------------

def test_re_extract_after_changes_keeps_translations_and_marks_what_changed(tmp_path):
    course = translated_example(tmp_path, "fr", "FR: ")
    po = course / "locales" / "fr.po"
    old_paragraph = "This course shows every feature of the **course format**."
    new_paragraph = "This course shows nearly every feature of the **course format**."
    lesson = course / "lessons" / "01-welcome.md"
    lesson.write_text(lesson.read_text().replace(old_paragraph, new_paragraph))
    config = course / "course.yaml"
    config.write_text(config.read_text().replace(
        "  - lessons/02-kinds-of-questions.md\n  - lessons/03-more-questions.md\n",
        "  - lessons/03-more-questions.md\n  - lessons/02-kinds-of-questions.md\n"))
    quiz = course / "quizzes" / "choice-check.yaml"
    text = quiz.read_text()
    quiz.write_text(text[: text.index("  - id: tf\n")])
    before = {(e.msgctxt, e.msgid): e.msgstr for e in entries(po)}

    result = extract(load(course), "fr")

    live = {(e.msgctxt, e.msgid): e for e in entries(po)}
    changed = live[("lessons/01-welcome.md", new_paragraph)]
    assert changed.fuzzy and changed.previous_msgid == old_paragraph and changed.msgstr == "FR: " + old_paragraph
    assert "#| msgid \"This course shows every feature of the **course format**.\"" in po.read_text()
    assert ("lessons/01-welcome.md", old_paragraph) not in live
    others = [e for key, e in live.items() if key != ("lessons/01-welcome.md", new_paragraph)]
    assert others and all(e.msgstr == before[(e.msgctxt, e.msgid)] and not e.fuzzy for e in others)
    assert not [key for key in live if key[0].startswith("quizzes/choice-check.yaml#tf.")]
    obsolete = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po)).obsolete_entries()}
    assert obsolete == {("quizzes/choice-check.yaml#tf.prompt", "A knowledge check is graded."),
                        ("quizzes/choice-check.yaml#tf.feedback.correct", "Right, checks are not graded."),
                        ("quizzes/choice-check.yaml#tf.feedback.incorrect", "Checks are for practice only.")}
    assert (result.fuzzy, result.new, result.obsolete) == (1, 0, 3)
    # Extracting again with nothing changed leaves the file as it is (no second copy of #~ entries).
    text = po.read_text(encoding="utf-8")
    assert extract(load(course), "fr").obsolete == 3 and po.read_text(encoding="utf-8") == text
    # The file follows the new outline, and the fuzzy text falls back to the source in a build.
    files = list(dict.fromkeys(e.occurrences[0][0] for e in entries(po)))
    assert files.index("lessons/03-more-questions.md") < files.index("lessons/02-kinds-of-questions.md")
    checked = check_translation(load(course), "fr")
    line = msgstr_line(po, "This course shows nearly")
    assert [str(d) for d in checked.diagnostics] == [
        f"{_shown(po)}:{line}: warning[fuzzy]: lessons/01-welcome.md: \"This course shows nearly every feature of "
        "the **c…\" is marked fuzzy; the source text is used (check the translation against the source, then remove "
        "the fuzzy mark)"]
    welcome = checked.course.screens[0].lesson
    assert welcome.tokens[2].content == new_paragraph  # source text in the build


def test_a_translators_tool_saving_the_file_loses_nothing_on_the_next_extract(tmp_path):
    course = translated_example(tmp_path, "es", "ES: ")
    po_path = course / "locales" / "es.po"
    po = polib.pofile(str(po_path))
    po.metadata["PO-Revision-Date"] = "2026-01-02 10:00+0100"
    po.metadata["Last-Translator"] = "Ana <ana@example.org>"
    po[5].tcomment = "checked with the branch"
    po.save(str(po_path))
    extract(load(course), "es")
    again = polib.pofile(str(po_path))
    assert again.metadata["Last-Translator"] == "Ana <ana@example.org>"
    assert again.metadata["PO-Revision-Date"] == "2026-01-02 10:00+0100"
    assert again[5].tcomment == "checked with the branch"
    assert all(e.msgstr == prefixed(e.msgid, "ES: ") and not e.fuzzy for e in again)


# -- 3. broken translations --------------------------------------------------------------------

def _shown(path: Path) -> str:
    """A path as diagnostics print it (see SourceRef)."""
    return str(SourceRef(path))


def msgstr_line(po: Path, msgid_start: str) -> int:
    lines = po.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("msgid", '"')) and msgid_start in line)
    return next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr")) + 1


def test_a_broken_translation_is_reported_with_the_po_file_and_line(tmp_path):
    course = translated_example(tmp_path, "fr", "FR: ")
    po_path = course / "locales" / "fr.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgid.startswith("Read more on the"):
            entry.msgstr = "FR: Lire plus sur le [web](https://example.org/), ou le [résumé](04-resume.md)."
        elif entry.msgid.startswith("This course shows every feature"):
            entry.msgstr = "FR: Ce cours montre chaque fonction du format."
        elif entry.msgid.startswith("A note callout"):
            entry.msgstr = "FR: Un encadré, avec un [lien vers la liste](../resources/checklist.md."
        elif entry.msgid == "burnout":
            entry.msgstr = "épuisement professionnel lié au travail, aussi appelé syndrome d'épuisement"
        elif entry.msgid == "Red":
            entry.msgstr = ""
    po.save()
    line = {key.strip('"'): msgstr_line(po_path, key) for key in ("Read more on the", "This course shows every",
                                                                   "A note callout", '"burnout"', '"Red"')}
    result = CliRunner().invoke(main, ["check", str(course), "--lang", "fr"])
    assert result.exit_code == 1
    shown = _shown(po_path)
    for expected in (
        f"{shown}:{line['This course shows every']}: error[translation-markup]: lessons/01-welcome.md: the source "
        "has 1 **strong**, the translation 0 (keep the Markdown marks around the translated words)",
        f"{shown}:{line['A note callout']}: error[translation-link]: lessons/01-welcome.md: link target "
        "'../resources/checklist.md' of the source is missing from the translation",
        f"{shown}:{line['Read more on the']}: error[translation-link]: lessons/01-welcome.md: link target "
        "'04-summary.md' of the source is missing from the translation",
        f"{shown}:{line['Read more on the']}: error[translation-link]: lessons/01-welcome.md: link target "
        "'04-resume.md' is not in the source",
        f"{shown}:{line['burnout']}: error[answer-length]: quizzes/other-check.yaml#word.answers: accepted "
        "answer",
        f"{shown}:{line['Red']}: warning[untranslated]: quizzes/choice-check.yaml#pick-one.options: \"Red\" "
        "is not translated; the source text is used",
    ):
        assert expected in result.output, (expected, result.output)
    with pytest.raises(AuthoringError) as stopped:
        build(course, tmp_path / "out", formats=("web",), language="fr")
    assert sum(d.severity == "error" for d in stopped.value.diagnostics) == 5
    assert not (tmp_path / "out" / f"{STEM}-fr-web").exists()


def test_untranslated_texts_fall_back_are_summarised_and_fail_only_under_strict(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    runner = CliRunner()
    made = runner.invoke(main, ["translate", "extract", str(course), "--lang", "es"])
    assert made.exit_code == 0 and "untranslated (131 new)" in made.output, made.output
    po_path = course / "locales" / "es.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        if not entry.msgctxt.startswith("lessons/04-summary.md"):
            entry.msgstr = prefixed(entry.msgid, "ES: ")
    po[-1].flags.append("fuzzy")
    po.save()
    built = runner.invoke(main, ["build", str(course), "--lang", "all", "--out", str(tmp_path / "out"), "--format", "web"])
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{STEM}-es-web", f"{STEM}-web"]
    assert f"{course} (es): warning: 1 fuzzy, 5 untranslated (the source text is used); see them with: " \
           f"coursebuilder check {course} --lang es" in built.output
    html = (tmp_path / "out" / f"{STEM}-es-web" / "screens" / "0004.js").read_text()
    lesson_part = html.split('<div class=\\"scenario\\"')[0]  # the scenario it places is translated
    assert "You have seen every kind of screen." in html and "ES: " not in lesson_part and "ES: " in html
    # Each text left in English says so, for screen readers (and for punctuation in right-to-left pages).
    assert '<p lang=\\"en\\" dir=\\"ltr\\">You have seen every kind of screen.' in html  # in a JSON string
    first = (tmp_path / "out" / f"{STEM}-es-web" / "index.html").read_text()
    assert 'lang="en"' not in first.split('<div id="screens">', 1)[1]  # every text of screen 1 is translated
    assert '<span class="toc-title"><span lang="en" dir="ltr">Summary</span></span>' in first  # lesson 4's title
    strict = runner.invoke(main, ["build", str(course), "--lang", "es", "--strict", "--out", str(tmp_path / "o2")])
    assert strict.exit_code == 1 and "warning[untranslated]" in strict.output
    assert "warnings (--strict stops on warnings; fix them, or build without --strict)." in strict.output
    stats = runner.invoke(main, ["translate", "stats", str(course)])
    assert stats.exit_code == 0
    assert re.search(r"^es\s+95% \(\s*125\)\s+0% \(\s*1\)\s+3% \(\s*5\)$", stats.output, re.M), stats.output


# -- 4. right to left --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("ar")
    course = translated_example(tmp, "ar", "ع ")
    build(course, tmp / "dist", formats=("web",), language="ar")
    return tmp / "dist" / f"{STEM}-ar-web"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_arabic_build_has_no_axe_violation_on_any_screen(browser, arabic, width):
    html = (arabic / "index.html").read_text()
    assert '<html lang="ar" dir="rtl">' in html
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto((arabic / "index.html").as_uri())
        problems = {}
        for number in range(1, 6):
            if number > 1:
                page.locator("#next").click()
                page.wait_for_selector(f"section.screen[data-screen='{number}']:not([hidden])")
            assert page.locator("section.screen:not([hidden]) h1").inner_text().startswith("ع ")
            for form in page.locator("section.screen:not([hidden]) form.quiz").all():
                next_question_until(form, form.locator("button.submit"))  # one per screen: its review step
                form.locator("button.submit").click()
            violations = run_axe(page)
            if violations:
                problems[number] = violations
        assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    finally:
        context.close()


def test_captions_in_the_language_of_the_build_come_first(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    (course / "media" / "clip.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    (course / "media" / "clip.vtt").write_text("WEBVTT\n")
    (course / "media" / "clip.fr.vtt").write_text("WEBVTT\n")
    lesson = course / "lessons" / "03-more-questions.md"
    lesson.write_text(lesson.read_text().replace("::: quiz", "![A short clip](../media/clip.mp4)\n\n::: quiz"))
    extract(load(course), "fr")
    fill(course / "locales" / "fr.po", "FR: ")
    build(course, tmp_path / "out", formats=("web",), language="fr")
    build(course, tmp_path / "out", formats=("web",))
    tracks = re.compile(r'<track kind=\\"captions\\" src=\\"([^"\\]+)\\" srclang=\\"(\w+)\\"[^>]*?( default)?>')
    french = (tmp_path / "out" / f"{STEM}-fr-web" / "screens" / "0003.js").read_text()
    assert tracks.findall(french) == [("media/clip.fr.vtt", "fr", " default"), ("media/clip.vtt", "en", "")]
    assert 'aria-label=\\"FR: A short clip\\"' in french
    english = (tmp_path / "out" / f"{STEM}-web" / "screens" / "0003.js").read_text()
    assert tracks.findall(english) == [("media/clip.vtt", "en", " default"), ("media/clip.fr.vtt", "fr", "")]


def test_the_stigmatising_language_rule_applies_when_there_is_a_list_for_the_target_language(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    config = course / "course.yaml"
    config.write_text(config.read_text().replace("language: en", "language: fr"))  # written in French...
    extract(load(course), "en")  # ...translated into English, which has a list
    po_path = course / "locales" / "en.po"
    fill(po_path, "EN: ")
    po = polib.pofile(str(po_path))
    next(e for e in po if e.msgid == "A volunteer arrives late and looks tired.").msgstr = \
        "A volunteer arrives late; he committed suicide last year, people say."
    po.save()
    found = check_translation(load(course), "en").diagnostics
    assert [str(d) for d in found] == [
        f"{_shown(po_path)}:{msgstr_line(po_path, 'A volunteer arrives late')}: warning[stigma]: "
        "lessons/02-kinds-of-questions.md: 'committed suicide' can stigmatise (instead, say: died by suicide)"]
    assert check_translation(load(course), "en").course.language == "en"
    fr = translated_example(tmp_path, "fr", "FR: committed suicide ")  # no French list: nothing to say
    assert check_translation(load(fr), "fr").diagnostics == ()


def arabic_leaving(tmp: Path, kept: set[str]) -> Path:
    """The example's Arabic web folder, every text translated but those in ``kept``."""
    course = tmp / "course"
    shutil.copytree(EXAMPLE, course)
    extract(load(course), "ar")
    po = polib.pofile(str(course / "locales" / "ar.po"))
    assert kept <= {entry.msgid for entry in po}
    for entry in po:
        if entry.msgid not in kept:
            entry.msgstr = prefixed(entry.msgid, "ع ")
    po.save()
    build(course, tmp / "out", formats=("web",), language="ar")
    return tmp / "out" / f"{STEM}-ar-web"


def test_untranslated_quiz_and_scenario_texts_are_read_in_their_own_language(tmp_path):
    """A quiz title, an option, a scenario's choice and an ending left in English, in an Arabic
    build: each carries lang="en" dir="ltr" (screen readers switch voice, punctuation stays in
    place); the translated texts around them do not."""
    web = arabic_leaving(tmp_path, {"Choice questions", "Red", "Tell her to take the week off",
                                    "You stayed with her"})
    quiz = (web / "screens" / "0002.js").read_text(encoding="utf-8")
    scenario = (web / "screens" / "0004.js").read_text(encoding="utf-8")
    english = '<span lang=\\"en\\" dir=\\"ltr\\">'
    assert f'<h2 class=\\"quiz-title\\">{english}Choice questions</span></h2>' in quiz
    assert f"{english}Red</span>" in quiz and f"{english}ع Blue" not in quiz and "ع Blue" in quiz
    assert f"{english}Tell her to take the week off</span></button>" in scenario
    assert f"{english}You stayed with her</span>" in scenario
    assert f"{english}ع " not in quiz + scenario


def test_untranslated_titles_are_read_in_their_own_language(tmp_path):
    """The course's title and a lesson's title left in English, in an Arabic build:
    marked in the header, the contents and the screen's heading; the translated ones are not."""
    web = arabic_leaving(tmp_path, {"Example course", "Kinds of questions"})
    index = (web / "index.html").read_text(encoding="utf-8")
    english = '<span lang="en" dir="ltr">'
    assert f'<p class="course-title">{english}Example course</span></p>' in index
    assert f'<span class="toc-title">{english}Kinds of questions</span></span>' in index
    assert '<span class="toc-title">ع Welcome</span>' in index  # translated: not marked
    screen = (web / "screens" / "0002.js").read_text(encoding="utf-8")
    assert 'tabindex=\\"-1\\"><span lang=\\"en\\" dir=\\"ltr\\">Kinds of questions</span></h1>' in screen
    sheet = (web / "resources" / "checklist.html").read_text(encoding="utf-8")
    assert f'<p class="course-title">{english}Example course</span></p>' in sheet


def test_a_translated_checklist_keeps_its_boxes(tmp_path):
    """Translators see the box (☐) and may type it or `[ ]`; the page shows the box either way. A
    translation that drops it stops the build of that language, at its PO line."""
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    extract(load(course), "fr")
    po = polib.pofile(str(course / "locales" / "fr.po"))
    items = [entry for entry in po if entry.msgid.startswith("☐ ")]
    assert [entry.msgid for entry in items][:2] == ["☐ First item", "☐ Second item"]
    for entry in po:
        entry.msgstr = prefixed(entry.msgid, "FR: ")
    items[0].msgstr, items[1].msgstr = "[ ] Premier élément", "☐ Deuxième élément"
    po.save()
    build(course, tmp_path / "out", formats=("web",), language="fr")
    sheet = (tmp_path / "out" / f"{STEM}-fr-web" / "resources" / "checklist.html").read_text(encoding="utf-8")
    assert '<ul class="checklist">\n<li>☐ Premier élément</li>\n<li>☐ Deuxième élément</li>' in sheet

    items[0].msgstr = "Premier élément"
    po.save()
    result = CliRunner().invoke(main, ["check", str(course), "--lang", "fr"])
    assert result.exit_code == 1
    assert re.search(r"fr\.po:\d+: error\[translation-markup\]: resources/checklist\.md: the source starts with "
                     r"a box \(a checklist item\); the translation does not", result.output), result.output


def test_an_untranslated_list_item_marks_only_its_own_text(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    lesson = course / "lessons" / "04-summary.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n- Outer item\n  - Inner item\n", encoding="utf-8")
    extract(load(course), "ar")
    po = polib.pofile(str(course / "locales" / "ar.po"))
    for entry in po:
        if entry.msgid != "Outer item":
            entry.msgstr = prefixed(entry.msgid, "ع ")
    po.save()
    build(course, tmp_path / "out", formats=("web",), language="ar")
    screen = (tmp_path / "out" / f"{STEM}-ar-web" / "screens" / "0004.js").read_text(encoding="utf-8")
    # The English item is read as English; its translated sub-item is not.
    assert '<li><span lang=\\"en\\" dir=\\"ltr\\">Outer item</span>\\n<ul>\\n<li>ع Inner item</li>' in screen
