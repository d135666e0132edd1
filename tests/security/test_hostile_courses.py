"""Hostile courses (docs/security.md): each case changes the example course as an attacker (or a
careless author) would, runs the CLI, and checks the exact diagnostic it gets, then the
invariants of every run (support/hostile.py: no traceback, nothing changed outside --out, the
previous packages untouched after a failure, no package entry absolute or with '..', nothing
from outside the course in any package, no control character on the terminal)."""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from support.hostile import MARKER, Scene, assert_safe, build_previous, located, make_scene, package_entries, run, \
    snapshot

BOMB = """theme_options:
  logo_alt: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  x1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
  x2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
  x3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
  x4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
  x5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
  x6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
  x7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
  x8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
  x9: &a9 [*a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8]
"""
LESSON = "lessons/01-welcome.md"
QUIZ = "quizzes/welcome-check.yaml"


@dataclass(frozen=True)
class Expect:
    path: str  # relative to the scene folder
    line: int | None
    code: str
    message: str


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Scene], list[Expect] | None]  # None: the input is legitimate (exit 0)
    args: tuple[str, ...] = ()
    process: bool = False  # run as a real process (exit status, no traceback from a real run)
    course_may_change: str = ""


CASES: list[Case] = []


def case(*args: str, process: bool = False, course_may_change: str = ""):
    def register(func):
        CASES.append(Case(func.__name__, func, args, process, course_may_change))
        return func
    return register


def at(rel: str, line: int | None, code: str, message: str) -> list[Expect]:
    return [Expect(f"course/{rel}", line, code, message)]


def lesson_line(s: Scene, text: str) -> int:
    return s.append(LESSON, "\n" + text + "\n") + 1


def local_theme(s: Scene, name: str = "evil", templates: dict | None = None) -> None:
    s.write(f"themes/{name}/theme.yaml", "extends: default\n")
    for rel, text in (templates or {}).items():
        s.write(f"themes/{name}/templates/{rel}", text)
    s.append("course.yaml", f"theme: {name}\n")


def screen_template(body: str) -> str:
    return ('<section class="screen" id="s{{ screen.number }}" data-screen="{{ screen.number }}">\n'
            '<h1 id="s{{ screen.number }}-title" tabindex="-1">{{ screen.title }}</h1>\n'
            f"{body}\n{{{{ body }}}}\n</section>\n")


# -- code execution: themes ---------------------------------------------------------------------
@case(process=True)
def theme_is_an_absolute_path(s):
    line = s.append("course.yaml", f"theme: {s.outside / 'theme'}\n")
    return at("course.yaml", line, "theme", "is not a theme name")


@case()
def theme_is_a_path_out_of_the_course(s):
    line = s.append("course.yaml", "theme: ../outside/theme\n")
    return at("course.yaml", line, "theme", "is not a theme name")


@case(process=True)
def theme_template_reaches_os_system(s):
    local_theme(s, templates={"screen.html.j2": screen_template(
        "{{ cycler.__init__.__globals__.os.system('touch pwned') }}")})
    return at("themes/evil/templates/screen.html.j2", 3, "template", "unsafe")


@case()
def theme_template_reads_a_file_through_the_course_root(s):
    index = (Path(__file__).resolve().parents[2] / "themes/default/templates/index.html.j2").read_text()
    local_theme(s, templates={"index.html.j2": index.replace(
        "<body>", "<body>{{ course.root.joinpath('../outside/secret.txt').read_text() }}")})
    return at("themes/evil/templates/index.html.j2", 13, "template", "access to attribute 'root'")


@case()
def theme_template_reads_a_file_through_a_source_reference(s):
    local_theme(s, templates={"screen.html.j2": screen_template(
        "{{ lesson.ref.path.read_text() if lesson else '' }}")})
    return at("themes/evil/templates/screen.html.j2", 3, "template", "access to attribute 'ref'")


@case()
def theme_template_includes_a_file_outside(s):
    local_theme(s, templates={"screen.html.j2": screen_template("{% include '../../../../outside/secret.txt' %}")})
    return at("themes/evil/templates/screen.html.j2", 3, "template", "secret.txt")


@case()
def theme_template_is_a_link_to_a_file_outside(s):
    local_theme(s)
    s.link("themes/evil/templates/screen.html.j2", s.outside / "secret.txt")
    return at("themes/evil/templates/screen.html.j2", None, "outside", "symbolic link to a file outside")


@case()
def theme_static_file_is_a_link_to_a_file_outside(s):
    local_theme(s)
    s.link("themes/evil/static/style.css", s.outside / "secret.txt")
    return at("themes/evil/static/style.css", None, "outside", "symbolic link to a file outside")


@case()
def theme_ships_a_server_script(s):
    local_theme(s)
    s.write("themes/evil/static/shell.php", "<?php system($_GET['c']); ?>\n")
    return at("themes/evil/static/shell.php", None, "server-file", "is a server-side file type that LMSs refuse")


@case()
def theme_folder_takes_a_builtin_name(s):
    s.write("themes/default/theme.yaml", "options: {}\n")
    line = s.append("course.yaml", "theme: default\n")
    return at("course.yaml", line, "theme", "has the name of a built-in theme")


@case()
def theme_template_has_a_syntax_error(s):
    local_theme(s, templates={"screen.html.j2": screen_template("{% for %}")})
    return at("themes/evil/templates/screen.html.j2", 3, "template", "template error")


@case()
def theme_template_makes_a_gigabyte(s):
    local_theme(s, templates={"screen.html.j2": screen_template("{{ 'x' * 1000000000 }}")})
    return at("themes/evil/templates/screen.html.j2", 3, "template", "a result over 1000000 characters")


@case()
def theme_of_the_course_with_a_stylesheet_and_an_option(s):
    s.write("themes/branch/theme.yaml", "extends: ifrc\nstylesheets: [branch.css]\noptions:\n  tagline: A line\n")
    s.write("themes/branch/static/branch.css", ".course-title { letter-spacing: 0.01em; }\n")
    s.append("course.yaml", "theme: branch\ntheme_options:\n  tagline: Hello\n")
    return None


@case(process=True)
def theme_options_are_a_yaml_alias_bomb(s):
    line = s.append("course.yaml", BOMB)
    return at("course.yaml", line + 6, "yaml", "aliases here expand to more than 100000 values")


@case()
def theme_option_is_a_list(s):
    line = s.append("course.yaml", "theme_options:\n  logo_alt: [a, b]\n")
    return at("course.yaml", line + 1, "theme-option", "theme option 'logo_alt' must be text, not a list")


# -- writing outside --out ------------------------------------------------------------------------
@case(process=True)
def version_climbs_out_of_the_output_folder(s):
    line = s.replace("course.yaml", "version: 1.2.0", 'version: "1.2.0-web/../../victim"')
    return at("course.yaml", line, "version", "may use only letters, digits")


@case()
def course_id_climbs_out(s):
    line = s.replace("course.yaml", "id: example-course", 'id: "../../victim"')
    return at("course.yaml", line, "id", "may use only lowercase letters")


@case(process=True)
def course_id_of_ten_thousand_characters(s):
    line = s.replace("course.yaml", "id: example-course", "id: " + "a" * 10_000)
    return at("course.yaml", line, "id", "at most 64 characters")


@case()
def language_is_a_path(s):
    line = s.replace("course.yaml", "language: en", 'language: "en/../../x"')
    return at("course.yaml", line, "language", "is not a language tag")


@case("build", "course", "course2", "--out", "dist")
def two_courses_build_the_same_packages(s):
    shutil.copytree(s.course, s.root / "course2")
    return [Expect("course2/course.yaml", 1, "duplicate-output", "as the course in")]


@case("build", "course", "--lang", "../../evil", "--out", "dist")
def build_language_is_a_path(s):
    return at("locales", None, "language", "'../../evil' is not a language tag")


@case("translate", "extract", "course", "--lang", "../../evil", process=True)
def translate_extract_language_is_a_path(s):
    return [Expect("coursebuilder", None, "", "'../../evil' is not a language tag")]


# -- files from outside the course ----------------------------------------------------------------
@case()
def logo_is_an_absolute_path(s):
    line = s.append("course.yaml", "theme_options:\n  logo: /etc/passwd\n  logo_alt: x\n")
    return at("course.yaml", line + 1, "logo", "is not a path inside the course folder")


@case()
def logo_climbs_out(s):
    line = s.append("course.yaml", "theme_options:\n  logo: ../outside/secret.svg\n  logo_alt: x\n")
    return at("course.yaml", line + 1, "logo", "points outside the course folder")


@case()
def logo_is_a_link_to_a_file_outside(s):
    s.link("media/logo.svg", s.outside / "secret.svg")
    line = s.append("course.yaml", "theme_options:\n  logo: media/logo.svg\n  logo_alt: x\n")
    return at("course.yaml", line + 1, "logo", "symbolic link to a file outside")


@case()
def media_file_is_a_link_to_a_file_outside(s):
    s.link("media/secret.svg", s.outside / "secret.svg")
    line = lesson_line(s, "![A picture](../media/secret.svg)")
    return at(LESSON, line, "outside", "symbolic link to a file outside")


@case()
def resources_folder_is_a_link_to_a_folder_outside(s):
    s.link("resources/more", s.outside / "dir")
    line = lesson_line(s, "[More](../resources/more/inner.md)")
    return at(LESSON, line, "outside", "symbolic link to a file outside")


@case()
def lesson_is_a_link_to_a_file_outside(s):
    s.link("lessons/05-more.md", s.outside / "dir" / "inner.md")
    line = s.replace("course.yaml", "  - quiz: final-assessment", "  - lessons/05-more.md\n  - quiz: final-assessment")
    return at("course.yaml", line, "outside", "symbolic link to a file outside")


@case()
def quiz_file_is_a_link_to_a_file_outside(s):
    (s.course / QUIZ).unlink()
    s.link(QUIZ, s.outside / "secret.txt")
    placed = (s.course / LESSON).read_text().splitlines().index("::: quiz welcome-check") + 1
    return at(LESSON, placed, "outside", "symbolic link to a file outside")


@case()
def course_yaml_is_a_link_to_a_file_outside(s):
    shutil.move(s.course / "course.yaml", s.outside / "course.yaml")
    s.link("course.yaml", s.outside / "course.yaml")
    return at("course.yaml", None, "outside", "symbolic link to a file outside")


@case("check", "course")
def check_reads_a_course_yaml_outside(s):
    shutil.move(s.course / "course.yaml", s.outside / "course.yaml")
    with open(s.outside / "course.yaml", "a") as config:  # what check: settings would echo back
        config.write(f"check:\n  severity:\n    {MARKER}: error\n")
    s.link("course.yaml", s.outside / "course.yaml")
    return at("course.yaml", None, "outside", "symbolic link to a file outside")


@case()
def captions_are_a_link_to_a_file_outside(s):
    s.write("media/clip.mp4", "not really a video")
    s.link("media/clip.vtt", s.outside / "secret.txt")
    line = lesson_line(s, "![Video: a short clip](../media/clip.mp4)")
    return at(LESSON, line, "outside", "symbolic link to a file outside")


@case("build", "course", "--lang", "fr", "--out", "dist")
def translation_is_a_link_to_a_file_outside(s):
    s.link("locales/fr.po", s.outside / "secret.txt")
    return at("locales/fr.po", None, "outside", "symbolic link to a file outside")


@case()
def outline_names_an_absolute_path(s):
    line = s.replace("course.yaml", "  - quiz: final-assessment", "  - /etc/passwd.md\n  - quiz: final-assessment")
    return at("course.yaml", line, "outline", "is not a path inside the course folder")


@case()
def outline_climbs_out(s):
    line = s.replace("course.yaml", "  - quiz: final-assessment",
                     "  - ../outside/dir/inner.md\n  - quiz: final-assessment")
    return at("course.yaml", line, "outline", "points outside the course folder")


@case()
def outline_names_a_lesson_outside_lessons(s):
    line = s.replace("course.yaml", "  - quiz: final-assessment", "  - resources/checklist.md\n  - quiz: final-assessment")
    return at("course.yaml", line, "outline", "is not in the lessons/ folder")


@case()
def outline_names_one_lesson_twice_in_two_spellings(s):
    line = s.replace("course.yaml", "  - quiz: final-assessment", "  - ./lessons/01-welcome.md\n  - quiz: final-assessment")
    return at("course.yaml", line, "duplicate-screen", "is in the outline twice")


# -- links that must not pass ---------------------------------------------------------------------
@case()
def link_is_an_absolute_path(s):
    return at(LESSON, lesson_line(s, "[passwords](/etc/passwd)"), "link", "'/etc/passwd' is an absolute path")


@case()
def link_is_protocol_relative(s):
    return at(LESSON, lesson_line(s, "[x](//evil.example/x)"), "link", "leaves out 'https:'")


@case()
def link_runs_javascript(s):
    return at(LESSON, lesson_line(s, "[click](javascript:alert(document.cookie))"), "link",
              "'javascript:' links are not allowed")


@case()
def autolink_runs_javascript(s):
    return at(LESSON, lesson_line(s, "<javascript:alert(1)>"), "link", "'javascript:' links are not allowed")


@case()
def link_is_a_file_url(s):
    return at(LESSON, lesson_line(s, "[x](file:///etc/passwd)"), "link", "'file:' links are not allowed")


@case()
def image_is_a_data_url(s):
    return at(LESSON, lesson_line(s, "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)"), "link",
              "'data:' addresses are not allowed")


@case()
def image_climbs_out_percent_encoded(s):
    return at(LESSON, lesson_line(s, "![x](%2e%2e/%2e%2e/outside/secret.svg)"), "link",
              "points outside the course folder")


@case()
def link_uses_backslashes(s):
    return at(LESSON, lesson_line(s, "[x](media\\circle.svg)"), "link", "contains a backslash")


@case()
def link_is_a_windows_path(s):
    return at(LESSON, lesson_line(s, "[x](C:/Users/me/notes.pdf)"), "link", "is a path on one computer")


@case()
def image_is_on_the_web(s):
    return at(LESSON, lesson_line(s, "![A chart](https://example.org/chart.png)"), "link", "is on the web")


@case()
def link_has_no_target(s):
    return at(LESSON, lesson_line(s, "[nothing]()"), "link", "a link with no target")


@case()
def quiz_prompt_has_a_broken_image(s):
    line = s.replace(QUIZ, "prompt: Where is the table of contents?",
                     'prompt: "Where is it? ![The map](../media/missing.svg)"')
    return at(QUIZ, line, "missing-file", "image '../media/missing.svg' does not exist")


@case()
def quiz_option_runs_javascript(s):
    line = s.replace(QUIZ, "- text: Nowhere", '- text: "[Nowhere](javascript:alert(1))"')
    return at(QUIZ, line, "link", "'javascript:' links are not allowed")


@case()
def quiz_feedback_links_outside(s):
    line = s.replace(QUIZ, "feedback: Yes, the panel lists every screen.",
                     'feedback: "See [this](../../outside/secret.txt)."')
    return at(QUIZ, line, "link", "points outside the course folder")


# -- what used to end in a traceback --------------------------------------------------------------
@case(process=True)
def title_has_a_control_character(s):
    line = s.replace("course.yaml", "title: Example course", "title: Example\x07course")
    return at("course.yaml", line, "control-character", "control character U+0007")


@case()
def title_has_a_control_character_as_a_yaml_escape(s):
    line = s.replace("course.yaml", "title: Example course", 'title: "Example\\acourse"')
    return at("course.yaml", line, "control-character", "control character U+0007")


@case()
def lesson_has_a_form_feed(s):
    line = s.replace(LESSON, "This course shows", "This\x0ccourse shows")
    return at(LESSON, line, "control-character", "control character U+000C")


@case("build", "course", "--lang", "fr", "--out", "dist")
def translation_has_a_control_character(s):
    s.write("locales/fr.po", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                             'msgctxt "course.yaml#title"\nmsgid "Example course"\nmsgstr "Cours\\bexemple"\n')
    return at("locales/fr.po", 7, "control-character", "control character U+0008")


@case()
def diagnostic_would_carry_a_bidi_override(s):
    line = s.append("course.yaml", '"\\u202eyek": 1\n')
    return at("course.yaml", line, "unknown-key", "unknown key '\\u202eyek'")


@case()
def quiz_is_a_yaml_alias_bomb(s):
    s.write(QUIZ, "id: welcome-check\ntitle: Quick check\n" + BOMB.replace("theme_options:", "extra:"))
    return at(QUIZ, 9, "yaml", "aliases here expand to more than 100000 values")


@case()
def outline_is_a_recursive_alias(s):
    line = s.replace("course.yaml", "outline:\n", "outline: &o [*o]\nold_outline:\n")
    return at("course.yaml", line, "yaml", "an alias refers to the value that contains it")


@case()
def points_are_not_a_number(s):
    line = s.replace(QUIZ, "    type: single\n", "    type: single\n    points: .nan\n")
    return at(QUIZ, line + 1, "type", "'points' must be a whole number, not '.nan'")


@case()
def points_are_absurd(s):
    line = s.replace(QUIZ, "    type: single\n", "    type: single\n    points: 1000000000000\n")
    return at(QUIZ, line + 1, "number", "'points' must be from 1 to 10000, not 1000000000000")


@case("check", "course")
def check_limit_is_not_a_number(s):
    line = s.append("course.yaml", "check:\n  screen_minutes: .nan\n")
    return at("course.yaml", line + 1, "number", "must be a number above 0 and at most 10000, not '.nan'")


@case()
def markdown_nested_past_the_limit(s):
    return at(LESSON, lesson_line(s, ">" * 25 + " lost text"), "too-deep", "nested more than 20 levels")


@case()
def files_start_with_a_byte_order_mark(s):
    for rel in ("course.yaml", LESSON, QUIZ):
        path = s.course / rel
        path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    return None


@case()
def media_file_is_a_pipe(s):
    os.mkfifo(s.course / "media" / "pipe.svg")
    return at(LESSON, lesson_line(s, "![A pipe](../media/pipe.svg)"), "missing-file", "does not exist")


@case()
def quiz_id_is_too_long(s):
    return at(LESSON, lesson_line(s, "::: quiz " + "q" * 100), "quiz-ref", "at most 64 characters")


@case()
def question_id_is_too_long(s):
    line = s.replace(QUIZ, "  - id: q1", "  - id: " + "q" * 100)
    return at(QUIZ, line, "id", "at most 64 characters")


@case()
def lesson_in_a_subfolder_links_everywhere(s):
    s.write("lessons/part-1/05-deeper.md", "---\ntitle: Deeper\n---\n\n![A blue circle](../../media/circle.svg)\n\n"
                                           "[The checklist](../../resources/checklist.md), [back](../01-welcome.md).\n")
    s.replace("course.yaml", "  - quiz: final-assessment", "  - lessons/part-1/05-deeper.md\n  - quiz: final-assessment")
    return None


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    return build_previous(tmp_path_factory.mktemp("previous") / "dist")


def test_there_are_at_least_forty_hostile_courses():
    assert len([c for c in CASES if c.name]) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("hostile", CASES, ids=[c.name for c in CASES])
def test_hostile_course(tmp_path, previous, hostile: Case):
    scene = make_scene(tmp_path, previous)
    expected = hostile.mutate(scene)
    args = hostile.args or ("build", "course", "--out", "dist")
    before = snapshot(scene.root, skip=("dist",) + ((hostile.course_may_change,) if hostile.course_may_change else ()))
    prior = snapshot(scene.out)
    started = time.monotonic()
    result = run(scene, *args, process=hostile.process)
    assert time.monotonic() - started < 30
    if expected is None:
        assert result.code == 0, result.stderr
        assert any(p.startswith("example-course-") for p in package_entries(scene.out))
    else:
        assert result.code == 1, result.stdout + result.stderr
        for want in expected:
            if want.path == "coursebuilder":  # a problem outside the course: one line
                assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
                assert result.stderr.startswith(f"coursebuilder: error: {want.message}"), result.stderr
            else:
                assert located(result, want.path, want.line, want.code, want.message), result.stderr
    assert_safe(scene, result, before, prior, hostile.course_may_change)
    assert not (scene.root / "pwned").exists() and not (scene.course / "pwned").exists()
    assert MARKER not in result.stdout + result.stderr
