"""`coursebuilder preview`: incremental in-memory rebuilds, the LMS page around the course, live reload,
the error overlay, and nothing of it in built packages."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from builder.build import build
from builder.load import load
from builder.cli import main
from builder.check import check_course
from builder.preview import PreviewBuilder, incremental
from builder.preview.server import report_build
from builder import npmcache, scormagain
from builder.render import render
from builder.theme import course_theme
from support.npm import package_path
from support.player import answer_quiz, course_of
from support.po import fill
from builder.translate import extract

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "tests" / "fixtures" / "example"
# The preview installs scorm-again into $XDG_CACHE_HOME/coursebuilder/npm on first use; the tests keep
# that cache in the git-ignored tests/.cache/ so runs share it and leave the home folder alone.
TEST_CACHE = REPO / "tests" / ".cache"
PREVIEW_MARKERS = (b"__preview__", b"cb-preview", b"EventSource", b"scorm-again", b"Scorm12API", b"lms.js")


@pytest.fixture
def course(tmp_path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "example"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- incremental rebuilds ------------------------------------------------------------------------
def fresh(course: Path):
    """The course as a build from scratch renders it."""
    source = load(course)
    return render(source, course_theme(source))


def matches_a_fresh_build(builder: PreviewBuilder, course: Path) -> bool:
    rendered = fresh(course)
    return all(builder.tree(scorm) == rendered.tree(scorm) for scorm in ("1.2", "2004", None))


def test_saving_one_lesson_changes_only_its_screen(course):
    builder = PreviewBuilder(course)
    first = builder.rebuild()
    assert "index.html" in first and "screens/0003.js" in first
    lesson = course / "lessons" / "03-more-questions.md"
    edit(lesson, "---\n\n", "---\n\nA new first sentence.\n\n")
    assert builder.rebuild([lesson]) == {"screens/0003.js"}
    assert b"A new first sentence." in builder.output("screens/0003.js", "1.2")
    assert matches_a_fresh_build(builder, course)

    # A lesson's title is in the outline of index.html: the shell changes too, the other screens not.
    edit(lesson, "title: ", "title: Renamed ")
    assert builder.rebuild([lesson]) == {"screens/0003.js", "index.html"}
    assert matches_a_fresh_build(builder, course)

    # Saving without a change changes nothing.
    lesson.write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")
    assert builder.rebuild([lesson]) == set()


def test_a_small_course_gets_every_rule_of_check_on_each_save(course, monkeypatch):
    """The author sees a rule's warning as soon as the file is saved, as `check` would say it; a
    course above the size where the rules would slow each save gets the loader's warnings only."""
    builder = PreviewBuilder(course)
    builder.rebuild()
    assert builder.warnings == ()
    quiz = course / "quizzes" / "choice-check.yaml"
    edit(quiz, "      - text: Green", "      - text: All of the above")
    builder.rebuild([quiz])
    assert [(d.code, d.ref.line) for d in builder.warnings] == [("all-of-the-above", 5)]  # the question's line
    expected = [str(d) for d in check_course(course).diagnostics if d.severity == "warning"]
    assert [str(d) for d in builder.warnings] == expected

    monkeypatch.setattr(incremental, "FULL_ADVICE_SCREENS", len(builder.course.screens) - 1)
    edit(quiz, "title: ", "title: Edited ")
    builder.rebuild([quiz])
    assert builder.warnings == ()


def test_preview_output_is_the_build_output_after_edits(course):
    builder = PreviewBuilder(course)
    builder.rebuild()
    quiz = course / "quizzes" / "choice-check.yaml"
    lesson = course / "lessons" / "01-welcome.md"
    edit(quiz, "title: ", "title: Edited ")
    edit(lesson, "## What you will see", "## What you will find")
    builder.rebuild([quiz, lesson])
    edit(course / "course.yaml", "title: Example course", "title: Example course, edited")
    builder.rebuild([course / "course.yaml"])
    rendered = fresh(course)
    for scorm in ("1.2", "2004", None):
        assert builder.tree(scorm) == rendered.tree(scorm)
        assert builder.output("index.html", scorm) == rendered.index(scorm)
    assert b"What you will find" in builder.output("index.html", "1.2")


def test_each_edit_gives_what_a_fresh_build_gives(course):
    builder = PreviewBuilder(course)
    builder.rebuild()
    lesson = course / "lessons" / "01-welcome.md"
    edit(lesson, "## What you will see", "A sentence above.\n\n## What you will find")
    assert builder.rebuild([lesson]) == {"index.html"}  # screen 1 lives in index.html
    assert matches_a_fresh_build(builder, course)
    for old, new in [("title: ", "title: Renamed "),                     # the outline shows titles
                     ("## What you will find", "See [a page](02-kinds-of-questions.md).\n\n## What you will find"),
                     ("See [a page](02-kinds-of-questions.md).", "")]:
        edit(lesson, old, new)
        builder.rebuild([lesson])
        assert builder.errors == () and matches_a_fresh_build(builder, course), old

    edit(lesson, "A sentence above.", "A [broken link](gone.md).")
    builder.rebuild([lesson])
    assert any("gone.md" in str(d) for d in builder.errors)


def test_a_lesson_the_outline_names_twice_in_two_spellings_is_refused(course):
    # One file is one lesson, one screen (builder/paths.py): './lessons/x.md' is 'lessons/x.md'.
    edit(course / "course.yaml", "  - lessons/04-summary.md\n", "  - lessons/04-summary.md\n  - ./lessons/04-summary.md\n")
    builder = PreviewBuilder(course)
    builder.rebuild()
    assert [d.code for d in builder.errors] == ["duplicate-screen"]


def test_translations_follow_source_edits_that_leave_the_output_alike(course):
    from builder.translate import translate
    po = translated(course)
    builder = PreviewBuilder(course)
    builder.rebuild()
    lesson = course / "lessons" / "01-welcome.md"
    edit(lesson, "**course format**", "__course format__")  # the same HTML, another text to match in the PO file
    builder.rebuild([lesson])
    source = load(course)
    french = render(translate(source, "fr"), course_theme(source))
    assert builder.output("index.html", "1.2", "fr") == french.index("1.2")
    assert b"FR: This course shows" not in builder.output("index.html", "1.2", "fr")  # untranslated now

    # Saving the PO file alone leaves the source course as it is.
    fill(po, "FR2: ")
    builder.rebuild([po])
    assert b"FR2: Example course" in builder.output("index.html", "1.2", "fr")


def test_errors_are_kept_until_fixed_and_the_last_good_output_stays(course):
    builder = PreviewBuilder(course)
    builder.rebuild()
    quiz = course / "quizzes" / "final-assessment.yaml"
    good = quiz.read_text(encoding="utf-8")
    generation = builder.generation
    quiz.write_text(good.replace("kind: assessment", "kind: [assessment"), encoding="utf-8")
    assert builder.rebuild([quiz]) == set()
    assert any("error[yaml]" in str(d) and "final-assessment.yaml:" in str(d) for d in builder.errors)
    assert builder.generation == generation + 1
    assert builder.output("index.html", "1.2") is not None  # still serving the last good build
    quiz.write_text(good, encoding="utf-8")
    builder.rebuild([quiz])
    assert builder.errors == () and builder.generation == generation + 2


def test_manifest_is_served_per_version_and_languages_are_data(course):
    builder = PreviewBuilder(course)
    builder.rebuild()
    assert b"ADL SCORM" in builder.output("imsmanifest.xml", "1.2")
    assert b"2004 3rd Edition" in builder.output("imsmanifest.xml", "2004")
    assert builder.languages == ["en"]


def translated(course: Path) -> Path:
    """A French translation of every text ("FR: " before each): its PO file."""
    extract(load(course), "fr")
    po = course / "locales" / "fr.po"
    fill(po, "FR: ")
    return po


def test_translations_are_served_beside_the_source_and_rebuilt_on_save(course):
    po = translated(course)
    builder = PreviewBuilder(course)
    builder.rebuild()
    assert builder.languages == ["en", "fr"]
    french = builder.output("index.html", "1.2", "fr")
    assert b'<html lang="fr"' in french and b"FR: Example course" in french
    assert b"FR: " not in builder.output("index.html", "1.2")

    # Saving the PO file alone rebuilds the translation (the page reloads: a new generation).
    generation = builder.generation
    edit(po, 'msgstr "FR: Example course"', 'msgstr "Cours d\'exemple"')
    builder.rebuild([po])
    assert builder.generation == generation + 1
    assert "Cours d&#39;exemple".encode() in builder.output("index.html", "1.2", "fr")

    # A broken translation is listed under its language; the source stays served and error-free.
    text = po.read_text(encoding="utf-8")
    link = re.search(r'msgstr "(FR: [^"]*\]\(([^)]+)\)[^"]*)"', text)
    edit(po, link.group(0), link.group(0).replace(link.group(2), "missing.md"))
    builder.rebuild([po])
    errors = builder.language_errors()["fr"]
    assert any("fr.po:" in line and "link" in line for line in errors), errors
    assert builder.errors == () and builder.output("index.html", "1.2") is not None


# -- packages and the CLI --------------------------------------------------------------------------
def test_nothing_of_the_preview_goes_into_packages(tmp_path):
    written = build(EXAMPLE, tmp_path / "dist")
    zips = [p for p in written if p.suffix == ".zip"]
    assert len(zips) == 2
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                data = archive.read(name)
                assert not any(marker in data for marker in PREVIEW_MARKERS), (path.name, name)
                assert "preview" not in name and "scorm-again" not in name
    web = next(p for p in written if p.is_dir())
    for file in web.rglob("*"):
        if file.is_file():
            assert not any(marker in file.read_bytes() for marker in PREVIEW_MARKERS), file


def test_preview_needs_a_course_when_there_are_several(tmp_path, monkeypatch):
    for name in ("one", "two"):
        shutil.copytree(EXAMPLE, tmp_path / "course_src" / name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["preview"])
    assert result.exit_code == 2
    assert "several courses under course_src/ (one, two): name the one to preview" in result.output


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["preview", "--help"])
    assert result.exit_code == 0
    assert "coursebuilder preview course_src/my-course --port 8001 --scorm 2004" in result.output


def test_missing_npm_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(npmcache.shutil, "which", lambda name: None)
    with pytest.raises(click.ClickException) as info:
        scormagain.scorm_again()
    assert "npm was not found on PATH" in info.value.message
    assert "scorm-again 3.4.3" in info.value.message


def said(builder: PreviewBuilder, **kwargs) -> list[str]:
    """What the terminal says after a build (stderr lines marked 'ERR ')."""
    lines: list[str] = []
    report_build(builder, lambda text, err=False: lines.append(("ERR " if err else "") + text), **kwargs)
    return lines


def rebuild_and_say(builder: PreviewBuilder, path: Path) -> list[str]:
    generation = builder.generation
    changed = builder.rebuild([path])
    return said(builder, changed=changed, rebuilt=builder.generation != generation)


def test_terminal_messages_are_true_to_the_state(course):
    lesson = course / "lessons" / "01-welcome.md"
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good + "\n::: tip\nnot closed\n", encoding="utf-8")
    (course / "lessons" / "09-draft.md").write_text(good, encoding="utf-8")
    builder = PreviewBuilder(course)
    builder.rebuild()
    first = said(builder, first=True)
    # Never built: the errors, the warning that needs no clean load, and no "last working version".
    assert [line.split(": ", 1)[1] for line in first[:2]] == [
        "error[callout]: '::: tip' is never closed: everything after it, to the end of the file, is inside the "
        "callout (add a line ':::' where the callout ends)",
        "warning[unused]: lesson 'lessons/09-draft.md' is not in the outline (add it to the outline in "
        "course.yaml, or delete it)"]
    assert first[2:] == ["ERR 1 warning (they do not stop a build; coursebuilder check lists every one)",
                         "ERR Build failed (1 error); the page shows them, and the course once it builds."]
    lesson.write_text(good, encoding="utf-8")
    assert rebuild_and_say(builder, lesson)[-1].startswith("Built example-course in memory in ")
    # An error in a course that built: the page keeps the last good version.
    lesson.write_text(good + "\n![A map](../media/the map.svg)\n", encoding="utf-8")
    assert rebuild_and_say(builder, lesson)[-1] == "ERR Build failed (1 error); the page shows them until they " \
        "are fixed."
    # Fixed back to what it was: no output changed, and it says so (not "translations", there are none).
    lesson.write_text(good, encoding="utf-8")
    fixed = rebuild_and_say(builder, lesson)
    assert fixed[-1].startswith("Fixed: the course builds again (") and fixed[-1].endswith(
        "), as it was before the error."), fixed
    assert not any("translation" in line for line in fixed)
    edit(lesson, "## What you will see", "## What you will find")
    assert re.fullmatch(r"Rebuilt in \d+ ms: index\.html", rebuild_and_say(builder, lesson)[-1])


def test_a_translation_rebuilt_alone_is_named(course):
    translated(course)
    builder = PreviewBuilder(course)
    builder.rebuild()
    po = course / "locales" / "fr.po"
    fill(po, "FR2: ")
    assert re.fullmatch(r"Rebuilt in \d+ ms: the fr translation", rebuild_and_say(builder, po)[-1])


# -- the LMS page in a browser ---------------------------------------------------------------------
class Preview:
    """`python -m builder.cli preview COURSE --port 0` as a child process."""

    def __init__(self, course: Path, *args: str):
        env = {**os.environ, "XDG_CACHE_HOME": str(TEST_CACHE), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "preview", str(course), "--port", "0", *args],
                                     cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(iter(self.proc.stdout.readline, "")), daemon=True).start()
        deadline = time.monotonic() + 300  # the first run installs scorm-again from npm
        self.url = None
        while self.url is None:
            found = re.search(r"http://127\.0\.0\.1:\d+/", "".join(self.lines))
            if found:
                self.url = found.group(0)
            elif self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the preview did not start:\n" + "".join(self.lines))
            else:
                time.sleep(0.05)

    def output(self) -> str:
        return "".join(self.lines)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # what Ctrl-C does
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def content_text(page) -> str:
    return page.evaluate("() => { const d = document.getElementById('content').contentDocument;"
                         " return d && d.body ? d.body.textContent : ''; }")


def run_axe(page) -> list[dict]:
    page.add_script_tag(content=package_path("axe-core", "axe.min.js").read_text())
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]]


def wait_running(page) -> None:
    page.wait_for_function("() => document.getElementById('v-session').textContent === 'running'")


def test_live_reload_lms_panel_and_error_overlay(page, course):
    preview = Preview(course)
    try:
        assert preview.url.startswith("http://127.0.0.1:")
        page.goto(preview.url)
        wait_running(page)
        frame = page.locator("#content").element_handle().content_frame()
        frame.wait_for_selector("section.screen[data-screen='1'] h2")
        assert "What you will see" in content_text(page)

        # Save a heading change: the iframe shows it within 2 s, without a manual reload.
        lesson = course / "lessons" / "01-welcome.md"
        edit(lesson, "## What you will see", "## What you will find")
        started = time.monotonic()
        page.wait_for_function("() => { const d = document.getElementById('content').contentDocument;"
                               " return d && d.body && d.body.textContent.includes('What you will find'); }",
                               timeout=15_000)
        elapsed = time.monotonic() - started
        assert elapsed <= 2.0, f"the change took {elapsed:.2f} s to show"
        wait_running(page)
        assert page.locator("#v-entry").inner_text() == "resume"  # relaunched with the learner's data

        # Answer the assessment in the course: the panel shows the status and the interactions.
        frame = page.locator("#content").element_handle().content_frame()
        quiz = course_of(course).assessment
        for number in range(2, 6):  # every screen: under the default completion rule, passing alone does not complete
            frame.locator(f".toc a[data-screen='{number}']").dispatch_event("click")  # the contents are folded at this width
            frame.wait_for_selector(f"section.screen[data-screen='{number}']:not([hidden])")
        answer_quiz(frame, quiz, correct=True)
        page.wait_for_function("() => document.getElementById('v-status').textContent === 'passed'")
        assert page.locator("#v-score").inner_text().startswith("100")
        rows = page.locator("#interactions tr")
        assert rows.count() == quiz.per_attempt  # the questions the attempt drew
        first = [c.strip() for c in rows.first.locator("th, td").all_inner_texts()]
        assert first[:3] == ["0", "final-assessment.a1", "choice"] and first[4] == "correct"
        assert "passed" in page.locator("#announcer").inner_text()
        assert re.match(r"\d+ of 4096 characters", page.locator("#v-suspend-text").inner_text())

        # Break a quiz file: the overlay lists the error as path:line: error[code]: message.
        quiz_file = course / "quizzes" / "final-assessment.yaml"
        good = quiz_file.read_text(encoding="utf-8")
        quiz_file.write_text(good.replace("kind: assessment", "kind: [assessment"), encoding="utf-8")
        overlay = page.locator("#overlay")
        overlay.wait_for(state="visible", timeout=10_000)
        assert overlay.get_attribute("role") == "alert"
        item = overlay.locator("li").first.inner_text()
        assert re.search(r"final-assessment\.yaml:\d+(:\d+)?: error\[yaml\]: invalid YAML", item), item
        assert "error[yaml]" in preview.output()  # and in the terminal

        # Fix it: the overlay goes and the course comes back, still passed (data kept).
        quiz_file.write_text(good, encoding="utf-8")
        overlay.wait_for(state="hidden", timeout=10_000)
        wait_running(page)
        page.wait_for_function("() => document.getElementById('v-status').textContent === 'passed'")
    finally:
        code = preview.stop()
    assert code == 0, preview.output()
    assert "Preview stopped." in preview.output()


def test_panel_buttons_and_accessibility(page, course):
    translated(course)
    preview = Preview(course, "--scorm", "2004")
    try:
        page.goto(preview.url)
        wait_running(page)
        assert page.locator("#v-version").inner_text().startswith("2004")
        assert page.evaluate("() => !!window.API_1484_11 && !window.API")
        assert page.locator("#t-status").inner_text() == "completion_status"
        assert page.locator("#v-success").is_visible()
        assert page.locator("#v-entry").inner_text() == "ab-initio"
        assert page.locator("#language option").all_inner_texts() == ["en", "fr"]
        assert run_axe(page) == []

        page.get_by_role("button", name="Relaunch").click()
        page.wait_for_function("() => document.getElementById('v-entry').textContent === 'resume'")
        wait_running(page)

        page.get_by_role("button", name="Reset learner").click()
        page.wait_for_function("() => document.getElementById('v-entry').textContent === 'ab-initio'")
        wait_running(page)

        # Keyboard: the switch is a real button reached with Tab and pressed with Enter.
        page.get_by_role("button", name="Switch to SCORM 1.2").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('v-version').textContent === '1.2'")
        wait_running(page)
        assert page.evaluate("() => !!window.API && !window.API_1484_11")
        assert page.locator("#t-status").inner_text() == "lesson_status"
        assert "scorm=1.2" in page.url

        # Language: the course relaunches in its French translation.
        page.locator("#language").select_option("fr")
        page.wait_for_function("() => { const d = document.getElementById('content').contentDocument;"
                               " return !!d && !!d.documentElement && d.documentElement.lang === 'fr'; }")
        wait_running(page)
        assert "FR: " in content_text(page)
        assert "lang=fr" in page.url
    finally:
        preview.stop()


def test_the_overlay_and_the_warnings_say_what_is_there(page, course):
    lesson = course / "lessons" / "01-welcome.md"
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good + "\n::: tip\nnot closed\n", encoding="utf-8")
    (course / "lessons" / "09-draft.md").write_text(good, encoding="utf-8")
    preview = Preview(course)
    try:
        page.goto(preview.url)
        overlay = page.locator("#overlay")
        overlay.wait_for(state="visible", timeout=10_000)
        # Never built: nothing is under the box, and the page does not say there is.
        assert page.locator("#overlay-note").inner_text() == ("Fix them and save: the course appears here as soon "
                                                              "as it builds.")
        assert "error[callout]" in overlay.locator("li").first.inner_text()
        assert page.locator("#warnings-count").inner_text() == "1 warning"
        page.locator("#warnings-count").click()
        assert "warning[unused]: lesson 'lessons/09-draft.md' is not in the outline" in \
            page.locator("#warnings-list li").first.inner_text()
        assert run_axe(page) == []

        lesson.write_text(good, encoding="utf-8")
        overlay.wait_for(state="hidden", timeout=10_000)
        wait_running(page)
        assert page.locator("#warnings").is_visible()  # a lesson left out of the outline is still left out

        # Broken after a build: now the last working version is under the box.
        lesson.write_text(good + "\n![A map](../media/the map.svg)\n", encoding="utf-8")
        overlay.wait_for(state="visible", timeout=10_000)
        assert page.locator("#overlay-note").inner_text() == ("Fix them and save: the course reloads by itself. The "
                                                              "last working version is under this box.")
        (course / "lessons" / "09-draft.md").unlink()
        page.wait_for_function("() => document.getElementById('warnings').hidden")
    finally:
        preview.stop()
    assert "Build failed (1 error); the page shows them, and the course once it builds." in preview.output()
