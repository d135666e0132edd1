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
