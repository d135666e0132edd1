"""Links resolve the same for the loader and the renderer: a lesson in a subfolder of lessons/, and
links and images in quiz texts (relative to the quiz file), give packages whose every link and
image is a file of the package, and a broken link in a quiz text is a located error."""
from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder.build import build
from builder.render_quiz import unseal
from support.player import current_number, go_to
from support.schemas import validate_manifest

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example"
STEM = "example-course-1.2.0"
ATTRIBUTE = re.compile(r'\b(?:href|src)="([^"]*)"')


def course_with_subfolder_and_quiz_links(root: Path) -> Path:
    course = root / "course"
    shutil.copytree(EXAMPLE, course)
    (course / "media" / "square file.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/></svg>\n')
    (course / "resources" / "quiz-sheet.md").write_text("# The quiz sheet\n\nRead this before you answer.\n")
    (course / "lessons" / "part-1").mkdir()
    (course / "lessons" / "part-1" / "05-deeper.md").write_text(
        "---\ntitle: A lesson in a subfolder\n---\n\n"
        "![A blue circle on a white background](../../media/circle.svg)\n\n"
        "Open [the checklist](../../resources/checklist.md), or go back to "
        "[what you will see](../01-welcome.md#what-you-will-see).\n\n::: quiz deep-check\n")
    (course / "quizzes" / "deep-check.yaml").write_text(
        "id: deep-check\ntitle: A check with pictures\nkind: check\nquestions:\n"
        "  - id: q1\n    type: single\n"
        "    prompt: \"Which shape is this? ![A black square](../media/square%20file.svg)\"\n"
        "    options:\n"
        "      - text: \"A square (see [the quiz sheet](../resources/quiz-sheet.md))\"\n"
        "        correct: true\n        feedback: Yes.\n"
        "      - text: A circle\n        feedback: \"No: the circle is in [the welcome](../lessons/01-welcome.md).\"\n")
    config = course / "course.yaml"
    config.write_text(config.read_text().replace(
        "  - lessons/04-summary.md\n", "  - lessons/04-summary.md\n  - lessons/part-1/05-deeper.md\n"))
    return course


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("subfolders")
    course = course_with_subfolder_and_quiz_links(root)
    build(course, root / "dist")
    return {"course": course, "dist": root / "dist"}


def pages(files: dict[str, bytes]) -> dict[str, str]:
    """Each HTML page of a package, screens/*.js as the HTML they carry."""
    found = {}
    for name, data in files.items():
        if name.endswith(".html"):
            found[name] = data.decode()
        elif name.startswith("screens/"):
            payload = json.loads(data.decode()[len("__cbScreen("):].split(",", 1)[1].rsplit(");", 1)[0])
            found["index.html#" + name] = payload["html"] + "".join(
                feedback for quiz in payload["quizzes"] for q in quiz["questions"] for feedback in _feedback(quiz, q))
    return found


def _feedback(quiz: dict, question: dict) -> list[str]:
    """A question's feedback texts, from its sealed answer key (as the player opens it)."""
    key = unseal(question["k"], f"{quiz['id']}.{question['id']}")
    assert isinstance(key, dict)
    return [text for text in (key.get("fc"), key.get("fi"), *key.get("of", ())) if text]


def test_every_link_and_image_of_every_page_is_a_file_of_the_package(built):
    with zipfile.ZipFile(built["dist"] / f"{STEM}-scorm12.zip") as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert "media/square file.svg" in files  # named only in a quiz prompt
    assert "resources/quiz-sheet.html" in files  # linked only from a quiz option
    checked = 0
    screen = pages(files)["index.html#screens/0005.js"].replace('\\"', '"')
    for href in ('src="media/circle.svg"', 'href="resources/checklist.html"', 'src="media/square%20file.svg"',
                 'href="resources/quiz-sheet.html"', 'href="#s1" data-screen="1" data-anchor="s1-what-you-will-see"',
                 'href="#s1" data-screen="1"'):
        assert href in screen, href
    for page, html in pages(files).items():
        base = posixpath.dirname(page.split("#")[0])
        for value in ATTRIBUTE.findall(html.replace('\\"', '"')):
            parts = urlsplit(value)
            if parts.scheme or not parts.path:  # web links, #anchors, data:, (the empty icon)
                continue
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            assert not target.startswith(".."), (page, value)
            assert not target.endswith(".md"), (page, value)
            assert target in files, (page, value)
            checked += 1
    assert checked >= 13  # every link, image, stylesheet and the player script of the pages
    manifest = files["imsmanifest.xml"].decode()
    hrefs = re.findall(r'<file href="([^"]*)"', manifest)
    assert "media/square%20file.svg" in hrefs  # a URL, encoded like every href
    assert sorted(unquote(h) for h in hrefs) == sorted(n for n in files if n != "imsmanifest.xml")
    assert validate_manifest(files["imsmanifest.xml"], "1.2") == []


def test_subfolder_lesson_and_quiz_links_work_in_the_browser(page, built):
    folder = built["dist"] / f"{STEM}-web"
    page.goto((folder / "index.html").as_uri())
    go_to(page, 5)
    screen = page.locator("section.screen[data-screen='5']")
    for image in (screen.locator("img[alt^='A blue circle']"), screen.locator("img[alt='A black square']")):
        image.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    with page.expect_popup() as popup:
        screen.locator("a", has_text="the quiz sheet").click()
    sheet = popup.value
    sheet.wait_for_load_state()
    assert sheet.locator("h1").inner_text() == "The quiz sheet"
    sheet.close()
    with page.expect_popup() as popup:
        screen.locator("a", has_text="the checklist").click()
    assert popup.value.url.endswith("/resources/checklist.html")
    popup.value.close()
    screen.locator("a", has_text="what you will see").click()
    page.wait_for_function("() => document.querySelector('section.screen:not([hidden])').dataset.screen === '1'")
    assert current_number(page) == 1


def test_a_broken_link_in_a_quiz_text_is_a_located_error(tmp_path):
    course = course_with_subfolder_and_quiz_links(tmp_path)
    quiz = course / "quizzes" / "deep-check.yaml"
    quiz.write_text(quiz.read_text().replace("../resources/quiz-sheet.md", "../resources/quiz-shet.md"))
    result = subprocess.run([sys.executable, "-m", "builder.cli", "check", "course"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert ("course/quizzes/deep-check.yaml:9: error[missing-file]: linked file '../resources/quiz-shet.md' "
            "does not exist (did you mean '../resources/quiz-sheet.md'?)") in result.stdout.splitlines(), result.stdout
    assert "Traceback" not in result.stdout + result.stderr
