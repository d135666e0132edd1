"""`coursebuilder check` on a corpus of broken courses: each case in tests/fixtures/broken/<case>/
holds only the files that differ from tests/fixtures/broken/_base/ (a tiny valid course) and an
expected.txt whose lines must each start a line of the output (paths relative to the course). An
expected.txt that ends with the summary ("1 error, 0 warnings") is the whole output: one mistake must
give its helpful diagnostic and none of its consequences."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BROKEN = Path(__file__).parent / "fixtures" / "broken"
BASE = BROKEN / "_base"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))


def assemble(case: str, into: Path) -> Path:
    shutil.copytree(BASE, into)
    for path in sorted((BROKEN / case).rglob("*")):
        if path.is_file() and path.name != "expected.txt":
            target = into / path.relative_to(BROKEN / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return into


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder.cli", "check", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_the_corpus_is_large_enough_and_the_base_is_clean(tmp_path):
    assert len(CASES) >= 30
    shutil.copytree(BASE, tmp_path / "course")
    result = check(tmp_path, "--strict", "course")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "0 errors, 0 warnings"


@pytest.mark.parametrize("case", CASES)
def test_broken_course_gives_its_located_diagnostic(tmp_path, case):
    assemble(case, tmp_path / "course")
    result = check(tmp_path, "--strict", "course")
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1, output
    lines = result.stdout.splitlines()
    wanted = [line for line in (BROKEN / case / "expected.txt").read_text().splitlines() if line.strip()]
    if re.fullmatch(r"\d+ errors?, \d+ warnings?", wanted[-1]):
        assert lines == ["course/" + line for line in wanted[:-1]] + wanted[-1:], output
        return
    for expected in wanted:
        if expected.strip():
            assert any(line.startswith("course/" + expected) for line in lines), f"{expected!r} not in:\n{output}"
    assert lines[-1].endswith(("error", "errors", "warning", "warnings")), lines[-1]


def build(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder.cli", "build", *args], cwd=cwd, capture_output=True,
                          text=True)


def test_build_shows_the_warnings_check_gives_and_quiet_hides_them(tmp_path):
    """A lesson left out of the outline is not shipped: build says so (a short list and a count)."""
    assemble("unused-lesson", tmp_path / "course")
    result = build(tmp_path, "course", "--format", "web", "--out", "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built dist/broken-base-1.0.0-web" in result.stdout
    assert result.stderr.splitlines() == [
        "course/lessons/03-draft.md:1: warning[unused]: lesson 'lessons/03-draft.md' is not in the outline "
        "(add it to the outline in course.yaml, or delete it)",
        "course: 1 warning; the packages were built (every one: coursebuilder check course; --strict stops on "
        "them, --quiet hides them)",
    ]
    quiet = build(tmp_path, "course", "--format", "web", "--out", "dist", "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == "", quiet.stderr


def test_build_lists_the_first_warnings_and_counts_them_all(tmp_path):
    course = assemble("unused-lesson", tmp_path / "course")
    for n in range(4, 11):
        shutil.copyfile(course / "lessons" / "03-draft.md", course / "lessons" / f"{n:02}-draft.md")
    result = build(tmp_path, "course", "--format", "web", "--out", "dist")
    lines = result.stderr.splitlines()
    assert result.returncode == 0 and len(lines) == 6, result.stderr
    assert all("warning[unused]" in line for line in lines[:5])
    assert lines[5].startswith("course: 8 warnings, 5 shown; the packages were built"), lines[5]


def test_a_failed_build_lists_unused_files_with_its_errors(tmp_path):
    assemble("unused-lesson-with-errors", tmp_path / "course")
    result = build(tmp_path, "course", "--format", "web", "--out", "dist")
    assert result.returncode == 1 and not (tmp_path / "dist").exists()
    assert "course/lessons/03-draft.md:1: warning[unused]" in result.stderr
    assert "course/quizzes/check.yaml:8: error[type]" in result.stderr
    assert result.stderr.splitlines()[-1] == "Build stopped: 1 error, 1 warning."
