"""Random path strings in every path-bearing field of a course, with symbolic links made on the
fly: whatever the string (`..`, absolute, `~`, backslashes, `%2e`, NUL, look-alike characters,
schemes, escapes), a build ends with exit status 0 or 1 and located diagnostics, and keeps every
invariant of support/hostile.py (nothing read from outside the course, nothing written outside
--out, no odd package entry, previous packages kept after a failure)."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.hostile import Scene, assert_safe, build_previous, make_scene, run, snapshot

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

LINKS = {  # name in media/ → where it points ('{outside}' is the scene's folder of secrets)
    "ln-file": "{outside}/secret.svg", "ln-dir": "{outside}/dir", "ln-in": "circle.svg", "ln-loop": "ln-loop",
    "ln-dangling": "nowhere.svg", "ln-up": "..", "ln-root": "/", "ln-abs-in": "{course}/media/circle.svg",
    "clip.vtt": "{outside}/secret.txt",  # captions found beside media/clip.mp4
}
SEGMENTS = ["..", ".", "", "~", "%2e%2e", "%2E.", ".%2e", "%2f", "%5c", "..\\..", "\\", "%00", "\x00", "%0a",
            "media", "circle.svg", "resources", "checklist.md", "plan.md", "lessons", "01-welcome.md", "quizzes",
            "welcome-check.yaml", "outside", "secret.txt", "secret.svg", "dir", "inner.md", "etc", "passwd",
            *LINKS, "．．", "\u2025", "\u2215", "\uff0f", "%c0%ae%c0%ae", "C:", "file:", "javascript:alert(1)",
            "//evil.example", "http:", "https://x.example", "\u202e", "\x1b[2J", "a b", "é", "?x", "#frag", "fr",
            "default", "ifrc", "locales", "fr.po", "clip.mp4", "static", "themes", "fz", "style.css"]
paths = st.tuples(
    st.sampled_from(["", "/", "~/", "//", "\\", "./", "../", "../../", "%2e%2e/", "file://", "/proc/self/"]),
    st.lists(st.one_of(st.sampled_from(SEGMENTS), st.text(max_size=6)), min_size=1, max_size=6),
    st.sampled_from(["/", "/", "\\", "%2f", "//"]),
).map(lambda t: t[0] + t[2].join(t[1]))

LESSON = "lessons/01-welcome.md"
QUIZ = "quizzes/welcome-check.yaml"


def y(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def put(scene: Scene, field: str, path: str) -> tuple[str, ...]:
    """Write ``path`` into one field of the course; the command line to run."""
    build = ("build", "course", "--out", "dist")
    if field == "outline":
        scene.replace("course.yaml", "  - lessons/04-summary.md", f"  - {y(path)}")
    elif field == "outline-quiz":
        scene.replace("course.yaml", "  - quiz: final-assessment", f"  - quiz: {y(path)}")
    elif field == "lesson-link":
        scene.append(LESSON, f"\n[words](<{path}>) and [more]({path})\n")
    elif field == "lesson-image":
        scene.append(LESSON, f"\n![A picture](<{path}>)\n")
    elif field == "quiz-directive":
        scene.append(LESSON, f"\n::: quiz {path}\n")
    elif field == "resource-link":
        scene.append("resources/checklist.md", f"\n[words](<{path}>)\n")
    elif field == "quiz-prompt-image":
        scene.replace(QUIZ, "prompt: Where is the table of contents?", f"prompt: {y(f'Where? ![A map](<{path}>)')}")
    elif field == "quiz-option-link":
        scene.replace(QUIZ, "- text: Nowhere", f"- text: {y(f'[Nowhere](<{path}>)')}")
    elif field == "logo":
        scene.append("course.yaml", f"theme_options:\n  logo: {y(path)}\n  logo_alt: A logo\n")
    elif field == "theme":
        scene.append("course.yaml", f"theme: {y(path)}\n")
    elif field == "theme-stylesheet":
        scene.write("themes/fz/theme.yaml", f"extends: default\nstylesheets: [{y(path)}]\n")
        scene.write("themes/fz/static/style.css", "body { margin: 0; }\n")
        scene.append("course.yaml", "theme: fz\n")
    elif field == "quiz-feedback-link":
        scene.replace(QUIZ, "feedback: Yes, the panel lists every screen.", f"feedback: {y(f'See [this](<{path}>).')}")
    elif field == "lang":
        return (*build, "--lang", path)
    elif field == "extract-lang":
        return ("translate", "extract", "course", "--lang", path)
    return build


FIELDS = ["outline", "outline-quiz", "lesson-link", "lesson-image", "quiz-directive", "resource-link",
          "quiz-prompt-image", "quiz-option-link", "quiz-feedback-link", "logo", "theme", "theme-stylesheet", "lang",
          "extract-lang"]


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    return build_previous(tmp_path_factory.mktemp("previous") / "dist")


@FUZZ
@given(field=st.sampled_from(FIELDS), path=paths, links=st.sets(st.sampled_from(sorted(LINKS))))
def test_any_path_in_any_field_keeps_every_invariant(previous, field, path, links):
    if "\x00" in path and field in ("lang", "extract-lang"):
        path = path.replace("\x00", "%00")  # a command line cannot carry NUL at all
    with tempfile.TemporaryDirectory() as tmp:
        scene = make_scene(Path(tmp), previous)
        (scene.course / "media" / "clip.mp4").write_bytes(b"not really a video")
        for name in sorted(links):
            target = LINKS[name].format(outside=scene.outside, course=scene.course)
            (scene.course / "media" / name).symlink_to(target)
        args = put(scene, field, path)
        may_change = "course/locales" if field == "extract-lang" else ""
        before = snapshot(scene.root, skip=("dist",) + ((may_change,) if may_change else ()))
        prior = snapshot(scene.out)
        result = run(scene, *args)
        assert result.code in (0, 1), result.stderr
        if result.code == 1:
            assert result.diagnostics or result.stderr.startswith("coursebuilder: error: "), result.stderr
        assert_safe(scene, result, before, prior, may_change)
