"""`coursebuilder new`: the scaffold course is complete, clean under `check --strict`, builds, and
its packages pass the same LMS run as the example course."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builder.build import build
from builder.load import load
from builder.markdown import CALLOUT_KINDS
from builder.specs import QUESTION_TYPES
from builder.scaffold import course_id_for
from support.lms import LmsSession
from support.player import PASSED_100, complete_correctly, course_of, outcome, unpack


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_new_then_check_then_build_from_an_empty_folder(tmp_path):
    made = cli("new", "First Aid Basics", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "created course 'first-aid-basics'" in made.stdout
    checked = cli("check", "--strict", "First Aid Basics", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip() == "0 errors, 0 warnings"
    built = cli("build", "--strict", "First Aid Basics", "--out", "dist", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        "first-aid-basics-1.0.0-items.csv", "first-aid-basics-1.0.0-items.html",
        "first-aid-basics-1.0.0-scorm12.zip", "first-aid-basics-1.0.0-scorm2004.zip", "first-aid-basics-1.0.0-web"]
    config = yaml.safe_load((tmp_path / "First Aid Basics" / "course.yaml").read_text())
    assert config["id"] == "first-aid-basics" and config["title"] == "First aid basics" and config["language"] == "en"


def test_title_and_language_are_filled_in(tmp_path):
    title = 'Premiers secours: les "bases" # 1'
    made = cli("new", "soins", "--title", title, "--language", "fr", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    config = yaml.safe_load((tmp_path / "soins" / "course.yaml").read_text())
    assert (config["id"], config["title"], config["language"]) == ("soins", title, "fr")
    assert cli("check", "--strict", "soins", cwd=tmp_path).returncode == 0


def test_refuses_a_folder_that_is_not_empty_and_a_bad_language(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = cli("new", "taken", cwd=tmp_path)
    assert result.returncode == 1 and "already exists and is not an empty folder" in result.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert cli("new", "empty", cwd=tmp_path).returncode == 0
    bad = cli("new", "other", "--language", "english please", cwd=tmp_path)
    assert bad.returncode == 1 and "not a language tag" in bad.stderr and not (tmp_path / "other").exists()
    assert "Traceback" not in result.stderr + bad.stderr


@pytest.mark.parametrize("name,expected", [("My Course", "my-course"), ("course_src/x/Über Kurs 2", "uber-kurs-2"),
                                           ("---", "course"), ("wg3.v2", "wg3.v2")])
def test_course_id_from_folder_name(name, expected):
    assert course_id_for(Path(name)) == expected


def test_scaffold_shows_every_feature(tmp_path):
    assert cli("new", "demo", cwd=tmp_path).returncode == 0
    course = load(tmp_path / "demo")
    types = {q.type for quiz in course.quizzes.values() for q in quiz.questions}
    assert types == set(QUESTION_TYPES)
    assert {q.kind for q in course.quizzes.values()} == {"check", "assessment"} and course.assessment
    body = "".join((tmp_path / "demo" / "lessons" / p).read_text() for p in sorted((tmp_path / "demo" / "lessons").iterdir()))
    assert all(f"\n::: {kind}" in body for kind in CALLOUT_KINDS)
    assert [r.path for r in course.resources] == ["resources/checklist.md"]
    images = [link for s in course.screens if s.lesson for link in s.lesson.links if link.is_image]
    assert images and all(link.text for link in images) and images[0].href.endswith(".svg")
    assert "#" in (tmp_path / "demo" / "course.yaml").read_text()  # comments for the author


# -- the scaffold's packages in an LMS (Chromium + scorm-again, as tests/test_lms.py) ---------------

@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("new")
    assert cli("new", "scaffold-course", cwd=root).returncode == 0
    out = root / "dist"
    build(root / "scaffold-course", out, formats=("scorm12", "scorm2004"))
    stem = "scaffold-course-1.0.0"
    return root / "scaffold-course", {"1.2": unpack(out / f"{stem}-scorm12.zip", out / "p12"),
                                      "2004": unpack(out / f"{stem}-scorm2004.zip", out / "p2004")}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_scaffold_all_correct_ends_passed_and_completed_with_100(page, scaffold, version):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    source, packages = scaffold
    course = course_of(source)
    session = LmsSession.launch(page, packages[version], version)
    assert outcome(complete_correctly(session, course), version) == PASSED_100[version]
    assert not errors and not session.errors()
