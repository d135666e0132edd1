"""builder/paths.py: the path and link policy, unit by unit (tests/security has the hostile
courses and a fuzzer for the same rules end to end)."""
from __future__ import annotations

import os

import pytest

from builder.paths import CourseFolder, PathProblem, caption_tracks, confine, course_path, is_server_side, \
    link_target, page_href, parse_href


@pytest.mark.parametrize("source,href,kind,target,fragment", [
    ("lessons/01.md", "02.md", "file", "lessons/02.md", ""),
    ("lessons/01.md", "../media/a%20b.svg", "file", "media/a b.svg", ""),
    ("lessons/part/01.md", "../../resources/x.md#step-2", "file", "resources/x.md", "#step-2"),
    ("lessons/01.md", "#top", "anchor", "", "#top"),
    ("lessons/01.md", "https://example.org/x", "web", "", ""),
    ("lessons/01.md", "mailto:a@example.org", "web", "", ""),
])
def test_links_that_resolve(source, href, kind, target, fragment):
    found = parse_href(source, href)
    assert (found.kind, found.target, found.fragment) == (kind, target, fragment)


@pytest.mark.parametrize("href,image,says", [
    ("../../secret.md", False, "points outside the course folder"),
    ("javascript:alert(1)", False, "'javascript:' links are not allowed"),
    ("/etc/passwd", False, "is an absolute path"),
    ("C:/files/x.png", True, "is a path on one computer"),
    ("..\\media\\x.svg", False, "contains a backslash"),
    ("https://example.org/x.png", True, "is on the web, and learners may be offline"),
    ("//example.org/x", False, "leaves out 'https:'"),
    ("#top", True, "names no file"),
    ("", False, "a link with no target"),
])
def test_links_that_are_refused_say_why(href, image, says):
    with pytest.raises(PathProblem) as problem:
        parse_href("lessons/01.md", href, image=image)
    assert says in problem.value.message and problem.value.hint


def test_course_paths_are_relative_to_the_course_root():
    assert course_path("./lessons/../lessons/01.md", "lesson", "lessons/01.md") == "lessons/01.md"
    for bad in ("/abs.md", "~/x.md", "../x.md", "https://x/y.md", "a\\b.md"):
        with pytest.raises(PathProblem):
            course_path(bad, "lesson", "lessons/01.md")


def test_link_target_and_page_href():
    assert link_target("lessons/01.md", "../media/x.svg") == "media/x.svg"
    assert link_target("lessons/01.md", "https://example.org") is None
    assert page_href("media/a b.svg", "resources/sheet.html", "#s") == "../media/a%20b.svg#s"
    assert page_href("javascript:x.svg", "index.html") == "javascript%3Ax.svg"


def test_server_side_files():
    assert is_server_side("media/Upload.PHP") and is_server_side("resources/.htaccess")
    assert not is_server_side("media/photo.png")


def test_symbolic_links_out_of_the_course_are_refused(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("x")
    course = tmp_path / "course"
    (course / "lessons").mkdir(parents=True)
    (course / "lessons" / "in.md").write_text("x")
    os.symlink(outside, course / "lessons" / "out.md")
    os.symlink(tmp_path, course / "media")
    assert confine(course, "lessons/in.md") == (course / "lessons" / "in.md").resolve()
    folder = CourseFolder(course.resolve())
    assert folder.stamp("lessons/in.md")[1] == 1 and folder.stamp("lessons/missing.md") is None
    assert folder.stamp("lessons") is None  # a folder is not a file
    for rel in ("lessons/out.md", "media/outside.md"):
        with pytest.raises(PathProblem):
            confine(course, rel)
        with pytest.raises(PathProblem):
            folder.stamp(rel)


def test_caption_tracks_beside_a_video(tmp_path):
    (tmp_path / "media").mkdir()
    for name in ("talk.mp4", "talk.vtt", "talk.fr.vtt", "talk.notes.txt", "talking.vtt"):
        (tmp_path / "media" / name).write_text("")
    assert caption_tracks(tmp_path, "media/talk.mp4") == ["media/talk.fr.vtt", "media/talk.vtt"]
    assert caption_tracks(tmp_path, "media/photo.png") == []
