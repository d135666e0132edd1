"""How long a course takes (builder/check/timing.py): the estimate from words, the questions an
attempt shows and scenarios; `check` prints it per screen and in total (on standard error in the
text format, in the JSON); the `duration` rule is in the corpus (tests/fixtures/items/duration-*)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.check import check_course
from builder.check.timing import SECONDS_PER_DECISION, SECONDS_PER_QUESTION, WORDS_PER_MINUTE

BASE = Path(__file__).parent / "fixtures" / "broken" / "_base"

SCENARIO = """\
id: first-call
title: First call
start: call
nodes:
  - id: call
    text: Amira phones you two days after the flood and sounds tired.
    choices:
      - text: Ask how
        goto: done
  - id: done
    ending: Listened
    text: You listened first, then planned with her.
"""


def question(n: int) -> str:
    return (f"  - id: a{n}\n    type: true-false\n    prompt: Statement {n} is true.\n    answer: true\n"
            "    feedback: {correct: Right., incorrect: It is.}\n")


@pytest.fixture
def course(tmp_path) -> Path:
    course = shutil.copytree(BASE, tmp_path / "course")
    (course / "lessons" / "02-more.md").write_text(
        "---\ntitle: More\nduration: 2\n---\n\n## Second part\n\n" + "word " * 357 + "\n\n::: scenario first-call\n")
    (course / "scenarios").mkdir()
    (course / "scenarios" / "first-call.yaml").write_text(SCENARIO)
    (course / "quizzes" / "final.yaml").write_text(
        "id: final\ntitle: Final\nkind: assessment\npass_mark: 80\ndraw: 2\nquestions:\n"
        + "".join(question(n) for n in range(1, 5)))
    return course


def test_words_drawn_questions_and_scenarios_make_the_estimate(course):
    result = check_course(course)
    assert result.timing is not None, [str(d) for d in result.diagnostics]
    intro, more, final = result.timing.screens
    assert (more.number, more.name, more.words, more.questions, more.declared) == (2, "lessons/02-more.md", 360, 0, 2)
    walk = 2 * (10 + 2 + 8 + 1) / 2  # two nodes on the way to the nearest ending, at the average words a node
    assert more.scenarios == pytest.approx(walk / WORDS_PER_MINUTE + SECONDS_PER_DECISION / 60)
    assert more.minutes == pytest.approx(360 / 180 + more.scenarios)
    assert (final.name, final.words, final.questions) == ("final", 0, 2)  # an attempt draws 2 of the 4
    assert final.minutes == pytest.approx(2 * SECONDS_PER_QUESTION / 60)
    assert intro.questions == 1  # the knowledge check placed in the lesson
    assert result.timing.minutes == pytest.approx(intro.minutes + more.minutes + final.minutes)
    assert [d.code for d in result.diagnostics if d.code == "duration"] == []  # 2 said, 2.4 estimated: within


def test_a_lesson_a_quarter_off_is_reported_and_the_rule_can_be_turned_off(course, monkeypatch):
    lesson = course / "lessons" / "02-more.md"
    lesson.write_text(lesson.read_text().replace("duration: 2", "duration: 4"))
    monkeypatch.chdir(course)  # diagnostics show paths relative to where the author runs the command
    found = [str(d) for d in check_course(course).diagnostics if d.code == "duration"]
    assert found == ["lessons/02-more.md:3: warning[duration]: 'lessons/02-more.md' says 'duration: 4' but takes about 2 min "
                     "(360 words at 180 a minute, scenarios 0.4 min) (set 'duration: 2')"]
    with (course / "course.yaml").open("a") as f:
        f.write("check:\n  severity: {duration: off}\n")
    assert [d for d in check_course(course).diagnostics if d.code == "duration"] == []


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder.cli", "check", *args], cwd=cwd, capture_output=True,
                          text=True)


def test_check_prints_each_screen_and_the_total_on_stderr_and_in_json(course):
    with (course / "course.yaml").open("a") as f:
        f.write("duration: 5\n")
    result = cli(course.parent, "--strict", "course")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "0 errors, 0 warnings\n"
    assert result.stderr.splitlines() == [
        "course: about 5 min at 180 words a minute and 45 s a question (course.yaml says 5)",
        "    1  lessons/01-intro.md    1 min",
        "    2  lessons/02-more.md     2 min  says 2",
        "    3  final                  2 min",
    ]
    data = json.loads(cli(course.parent, "--format", "json", "course").stdout)
    timing = data["timing"]["course"]
    assert timing["declared"] == 5 and 4.5 < timing["minutes"] < 5
    assert timing["minutes"] == pytest.approx(sum(s["minutes"] for s in timing["screens"]), abs=0.1)
    assert [(s["name"], s["words"], s["questions"], s["declared"]) for s in timing["screens"]] == [
        ("lessons/01-intro.md", timing["screens"][0]["words"], 1, None), ("lessons/02-more.md", 360, 0, 2),
        ("final", 0, 2, None)]


def test_a_course_that_does_not_load_prints_no_estimate(course):
    (course / "course.yaml").write_text("id: broken\n")
    result = cli(course.parent, "course")
    assert result.returncode == 1 and result.stderr == ""
